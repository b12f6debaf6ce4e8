"""Conjecture: every 2-face of the zonotope of a data set is a parallelogram.

Statement: every 2-dimensional face of the zonotope Z = Σ_i [0, x̄_i] of the
homogenised data x̄_i = (x_i, 1) (Matena & Raffel 2022, section 3; its faces are
dual to the faces of the arrangement, Karhadkar et al. 2023, Proposition 7) has
exactly 4 edges.

Family: ``--family integer --dim 2 --points 3:6``.

Expected outcome: FALSE, refuted by a hexagon.  A 2-face is the zonotope of the
generators that span its 2-plane; it is a 2k-gon for k pairwise non-parallel ones.
Three distinct collinear data points give three pairwise non-parallel homogenised
generators in one 2-plane: a hexagonal 2-face.  The counterexample carries an
affine dependency Σ c_i x_i = 0, Σ c_i = 0 (all c_i ≠ 0) of three of its points,
i.e. the linear dependency Σ c_i x̄_i = 0 of the three generators, which
:func:`exactrelu.exact.certificates.verify_certificate` re-checks.  The hunter
shrinks it to three distinct collinear points (duplicates do not count: they are
parallel generators).

Negative control: data in affine general position in d ≥ 2 (``--family generic
--dim 2:3``) have no three collinear points, so every 2-face is a parallelogram:
it survives.  (1-D data are not a control: for d = 1 the zonotope itself is a
2N-gon.)

    exactrelu hunt examples/conjectures/zonotope_faces.py:every_2face_is_a_parallelogram \\
        --family integer --dim 2 --points 3:6 --examples 200 --seed 0 --json
"""

from fractions import Fraction

from exactrelu.exact.linalg import nullspace
from exactrelu.exact.parse import primitive_vector
from exactrelu.geometry.zonotope import Zonotope
from proofs_checks.framework import Counterexample, Verified

_SIGN = {1: "+", -1: "-", 0: "0"}
STATEMENT = "Every 2-face of the zonotope Σ_i [0, (x_i, 1)] of the data is a parallelogram."


def _direction(g):
    """The line through g: its primitive integer vector with the first nonzero entry positive."""
    p = primitive_vector(g)
    first = next(v for v in p if v)
    return tuple(-v for v in p) if first < 0 else tuple(p)


def every_2face_is_a_parallelogram(X):
    """Count the edges of every 2-face (from the face list); on a failure certify a dependent triple."""
    Z = Zonotope.from_data(X)
    faces = Z.faces()
    edges = [f.covector for f in faces if f.dimension == 1]
    for face in (f for f in faces if f.dimension == 2):
        sigma = face.covector
        # the edges of the face: 1-faces whose covector agrees with sigma where sigma is nonzero
        n_edges = sum(all(s == 0 or s == t for s, t in zip(sigma, tau)) for tau in edges)
        if n_edges == 4:
            continue
        zero = [i for i, s in enumerate(sigma) if s == 0]
        classes = {}
        for i in zero:
            classes.setdefault(_direction(Z.generators[i]), i)
        triple = sorted(classes.values())[:3]
        gens = [Z.generators[i] for i in triple]
        (c,) = nullspace(list(zip(*gens)))  # 3 pairwise non-parallel vectors of rank 2
        points = [[Fraction(v) for v in X[i]] for i in triple]
        return Counterexample(
            STATEMENT,
            {"X": X},
            f"the 2-face with covector {''.join(_SIGN[s] for s in sigma)} has "
            f"{n_edges} edges (a {n_edges}-gon): generators {triple} are pairwise non-parallel in one plane",
            {
                "hypotheses_hold": True,
                "covector": sigma,
                "n_edges": n_edges,
                "generators": triple,
                "homogenised": [list(g) for g in gens],
                "certificate": {"kind": "affine_dependency", "points": points, "coefficients": list(c)},
            },
        )
    return Verified(STATEMENT, {"two_faces": sum(f.dimension == 2 for f in faces)})
