"""Karhadkar, Murray, Tseran & Montúfar 2023, Proposition 7 (identity of the non-empty regions).

Statement: the activation region of a pattern a ∈ {0,1}^n of one unit is
non-empty iff Σ_{a_i=1} x̄_i is a vertex of the zonotope P = Σ_i conv{0, x̄_i}
(for d_1 units: row by row).  Equivalently (Matena & Raffel 2022, section 3) the
vertices of the zonotope are in bijection with the activation regions.

The check runs over *all* 2^n patterns of a small instance and decides both
sides by independent routes:

* region non-empty: (R1) the exact chamber enumeration of
  :class:`~exactrelu.geometry.arrangement.HyperplaneArrangement` (witnesses verified,
  complete by |χ(-1)|) and (R2) one exact cone-feasibility problem per pattern
  (:func:`exactrelu.exact.lp.cone_feasibility`: a verified witness or a verified
  Gordan/Farkas vector);
* vertex: (V1) :meth:`Zonotope.vertices` and (V2) pycddlib's exact (GMP)
  redundancy removal on the 2^n subset sums, which knows nothing about
  arrangements;
* plus a support-function certificate for every non-empty region: its witness w
  has <w, x̄_i> ≠ 0 for all i and <w, Σ_{a_i=1} x̄_i> = Σ_i max(0, <w, x̄_i>) =
  h_P(w), so that sum is the unique maximiser of w on P, i.e. a vertex.

Hidden hypothesis: every generator x̄_i is nonzero (automatic with a bias).  With
``bias=False`` and a data point at the origin the zero generator makes every
region empty while P still has vertices — a :class:`Counterexample`, certified by
a Gordan vector (``details["certificate"]``, kind ``"gordan"``: e_i for the zero
generator i proves the sign vector of a vertex infeasible).

Family: any small integer data (Proposition 7 needs no general position), with a
bias, or without one when no point is at the origin.  Negative family: the same
without a bias and with a data point planted at the origin (the hypothesis
"every generator nonzero" dropped); every such instance is a counterexample.
"""

import itertools
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import homogenise

from ._common import exact_data, instance_dict, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "The activation region of a pattern a is non-empty iff Σ_{a_i=1} x̄_i is a vertex of the "
    "zonotope Σ_i conv{0, x̄_i}."
)
SOURCE = "Karhadkar et al. 2023, Proposition 7 (proof in Appendix B); Matena & Raffel 2022, section 3"


def _default():
    return [[0, 0], [2, 1], [1, 3], [-1, 1], [1, 1]]


def _negative():
    return {"X": [[0, 0], [1, 2], [2, -1]], "bias": False}  # a data point at the origin, no bias


def _family():
    """Integer data, d = 1..2, N = 1..4, |x| ≤ 3 (degenerate included); no bias only without a zero point."""
    from hypothesis import strategies as st

    from exactrelu.strategies import integer_datasets

    return st.fixed_dictionaries(
        {"X": integer_datasets(d=(1, 2), n=(1, 4), max_value=3), "bias": st.booleans()}
    ).filter(lambda inst: inst["bias"] or all(any(row) for row in inst["X"]))


def _plant_origin(args):
    X, i = args
    return {"X": [[0] * len(X[0]) if j == i % len(X) else row for j, row in enumerate(X)], "bias": False}


def _negative_family():
    """Data without a bias and with one point at the origin (a zero generator), d = 1..2, N = 1..4."""
    from hypothesis import strategies as st

    from exactrelu.strategies import integer_datasets

    return st.tuples(integer_datasets(d=(1, 2), n=(1, 4), max_value=3), st.integers(0, 3)).map(_plant_origin)


def cdd_vertices(points):
    """The extreme points of conv(points), by pycddlib's exact GMP redundancy removal.

    >>> sorted(tuple(map(int, p)) for p in cdd_vertices([(0, 0), (1, 0), (2, 0), (1, 1)]))
    [(0, 0), (1, 1), (2, 0)]
    """
    import cdd.gmp as cdd

    pts = sorted({tuple(Fraction(x) for x in p) for p in points})
    if len(pts) == 1:
        return set(pts)
    mat = cdd.matrix_from_array([[1, *p] for p in pts], rep_type=cdd.RepType.GENERATOR)
    red = cdd.redundant_rows(mat)
    return {p for i, p in enumerate(pts) if i not in red}


def _sum(G, a):
    D = len(G[0])
    return tuple(sum((G[i][k] for i in range(len(G)) if a[i]), Fraction(0)) for k in range(D))


@register(
    "prop7",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("every generator x̄_i is nonzero (automatic with a bias)",),
    family=_family,
    negative_family=_negative_family,
    dropped="every generator x̄_i is nonzero (automatic with a bias)",
)
def check_prop7(X, *, bias=True, max_points=10, lp=True, lp_max=8, limit=None):
    """Check Proposition 7 on all 2^n patterns of data ``X``.

    Parameters
    ----------
    X : table of n points (n <= max_points)
    bias : bool
        Generators x̄_i = (x_i, 1) or x_i.
    max_points : int
        Refuse larger instances (2^n patterns, 2^n points for cdd).
    lp : bool
        Also decide every pattern by one exact cone-feasibility problem (route R2)
        when n <= lp_max.
    """
    pts = exact_data(X)
    G = homogenise(pts) if bias else pts
    n, D = len(G), len(G[0])
    inst = instance_dict(pts, bias=bias)
    if n > max_points:
        return NotApplicable(
            STATEMENT, f"{n} points: 2^{n} patterns exceed max_points={max_points}", {"n": n}
        )
    patterns = list(itertools.product((0, 1), repeat=n))
    sums = {a: _sum(G, a) for a in patterns}
    extreme = cdd_vertices(sums.values())
    V2 = {a for a in patterns if sums[a] in extreme}
    zero = [i for i, g in enumerate(G) if not any(g)]
    cert = {"patterns_checked": len(patterns), "vertices_cdd": len(V2)}
    routes = {"vertices (cdd)": V2}
    if zero:
        # no region is non-empty: <0, w> is never > 0 nor < 0 (Gordan vector e_i)
        R1 = set()
        y = tuple(int(i == zero[0]) for i in range(n))
        routes["regions (zero generator)"] = R1
    else:
        from exactrelu.geometry.arrangement import HyperplaneArrangement
        from exactrelu.geometry.zonotope import Zonotope

        A = HyperplaneArrangement(G)
        chambers, ccert = verified_chambers(A, limit)
        cert.update(ccert)
        R1 = {c.pattern for c in chambers}
        routes["regions (enumeration)"] = R1
        Z = Zonotope(G)
        verts = Z.vertices(limit=limit)
        for a, v in verts.items():
            check(tuple(Fraction(x) for x in v) == sums[a], f"vertex of pattern {a} is Σ_(a_i=1) g_i")
        routes["vertices (Zonotope)"] = set(verts)
        # support-function certificate: non-empty region => its sum is the unique maximiser
        for c in chambers:
            ips = [sum(Fraction(g[k]) * c.witness[k] for k in range(D)) for g in G]
            check(all(ips), "chamber witness off every hyperplane")
            h = sum(max(Fraction(0), t) for t in ips)
            val = sum(Fraction(sums[c.pattern][k]) * c.witness[k] for k in range(D))
            check(val == h, f"support function at pattern {c.pattern}")
        cert["support_function_certificates"] = len(chambers)
    if lp and n <= lp_max:
        R2 = set()
        for a in patterns:
            s = tuple(2 * x - 1 for x in a)
            r = cone_feasibility(G, s)
            check(r.verify(G, s), f"cone feasibility certificate for {a}")
            if r.feasible:
                R2.add(a)
        routes["regions (LP per pattern)"] = R2
        cert["lp_certificates"] = len(patterns)
    regions = [v for k, v in routes.items() if k.startswith("regions")]
    vertices = [v for k, v in routes.items() if k.startswith("vertices")]
    agree_regions = all(r == regions[0] for r in regions)
    agree_vertices = all(v == vertices[0] for v in vertices)
    if not (agree_regions and agree_vertices):
        return Counterexample(
            STATEMENT,
            inst,
            "independent routes disagree (library bug): "
            + ", ".join(f"{k}: {len(v)}" for k, v in routes.items()),
            {"hypotheses_hold": not zero, "routes": {k: sorted(v) for k, v in routes.items()}},
        )
    R, V = regions[0], vertices[0]
    if R == V:
        if zero:  # cannot happen (V is never empty), kept for completeness
            return NotApplicable(STATEMENT, "zero generator but the sets agree", cert)
        return Verified(
            STATEMENT, {**cert, "vertices": len(V), "nonempty_regions": len(R), "routes": sorted(routes)}
        )
    vertex_not_region = sorted(V - R)
    region_not_vertex = sorted(R - V)
    details = {
        "hypotheses_hold": not zero,
        "vertex_but_empty_region": vertex_not_region,
        "region_but_not_vertex": region_not_vertex,
        "n_vertices": len(V),
        "n_regions": len(R),
    }
    if zero:
        a = vertex_not_region[0]
        details["gordan_vector"] = list(y)
        details["certificate"] = {
            "kind": "gordan",
            "normals": [list(g) for g in G],
            "signs": [2 * x - 1 for x in a],
            "y": list(y),
        }
        why = (
            f"generator {zero[0]} is zero (data point at the origin without bias): Σ_(a_i=1) x̄_i for "
            f"a = {a} is the vertex {tuple(str(x) for x in sums[a])} of the zonotope, but no region is "
            f"non-empty (<0, w> is never nonzero; Gordan vector {y})"
        )
    else:
        why = "regions and vertices differ although every generator is nonzero"
    return Counterexample(STATEMENT, inst, why, details)
