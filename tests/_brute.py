"""Independent brute force for tests: strict feasibility of a sign vector by cdd's exact LP."""

from itertools import product

import cdd.gmp as cdd


def feasible(normals, signs):
    """Is there w with s_i <a_i, w> >= 1 for all i (equivalently > 0, the set being a cone)?"""
    rows = [[-1, *(s * a for a in n)] for n, s in zip(normals, signs)]
    mat = cdd.matrix_from_array(rows, rep_type=cdd.RepType.INEQUALITY)
    poly = cdd.polyhedron_from_matrix(mat)
    gens = cdd.copy_generators(poly)
    return len(gens.array) > 0


def brute_chambers(normals):
    n = len(normals)
    return {s for s in product((-1, 1), repeat=n) if feasible(normals, s)}
