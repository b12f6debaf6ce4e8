"""Proposition 13 (function space of one ReLU on 1-D data), with Appendix D's table.

Karhadkar, Murray, Tseran & Montúfar 2023, Proposition 13 (section 6) and Appendix D.

Statement (first bullet, with the table of Appendix D): for n ≥ 2 distinct points
x^(1) < ... < x^(n) of R and one unit with a bias, the functions the unit
represents on the data form the cone over the polyline with vertices
z̃^(i) X_{≤i}, −z̃^(i) X_{≥i} (eq. (2) as the table uses it; z̃^(i) = (w, b) = (−1, x^(i))
in our bias-last convention); of the 2n activation regions one has Jacobian rank 0,
two (active on x^(1) only / x^(n) only) rank 1 and 2n − 3 rank 2, each of the latter
mapping onto the cone over one segment.  The vertices are the extreme rays of the
cone of non-negative convex functions on the data.

Certificates (all exact, :func:`exactrelu.landscape.proposition13.verify_proposition13`):

* the regions (step vectors, each with a verified witness; count = |χ(−1)|), their
  Jacobian ranks, half-planes, extreme rays and image rays, computed independently
  and compared row by row with the paper's formulas;
* every rank-2 image cone spans two consecutive polyline vertices, each segment
  exactly once, rank-1 images are e_1 and e_n: the union is the cone over the polyline;
* each polyline vertex is realised by a verified parameter θ, and the midpoint of
  the first and third vertex (n ≥ 3) is certified *outside* F_X by an affine
  dependency of the data (the function space is not convex);
* brute-force extreme rays of {f ≥ 0, convex} equal the vertices (n ≤ 8).

Dropping a hypothesis: with a repeated point (negative control and negative family)
the region count drops below 2n and Appendix D's rank counts fail (the
cone-over-the-polyline description itself survives, on the deduplicated polyline); a
Gordan certificate that one step vector's region is empty is put in
``details["certificate"]`` (kind "gordan", re-checked by the hunter).  With 2-D data
regions of Jacobian rank 3 appear, whose images are 3-dimensional cones.

Families: the natural family is distinct integer 1-D data, N = 2..5 in random order;
the negative family plants a repeated point (distinctness dropped), on which every
instance is a counterexample.
"""

from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.landscape.function_space import function_space_contains, polyline_vertices, verify_membership
from exactrelu.landscape.proposition13 import verify_proposition13

from ._common import exact_data, instance_dict, missing_step_certificate
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For n >= 2 distinct 1-D points and one ReLU with a bias, the functions on the data form the cone "
    "over the polyline with vertices z~(i) X_{<=i}, -z~(i) X_{>=i}; the 2n regions have Jacobian ranks "
    "0 (once), 1 (twice: e_1, e_n) and 2 (2n-3 times, one polyline segment each), as in Appendix D."
)
SOURCE = "Karhadkar et al. 2023, Proposition 13 (section 6, Figure 1), proof and table in Appendix D"


def _default():
    return [[-2], [0], [1], [3]]


def _negative():
    return [[-1], [0], [0], [2]]  # a repeated point: 6 regions, not 2n = 8


def _family():
    """Distinct integer 1-D data, N = 2..5, in random order."""
    from hypothesis import strategies as st

    from exactrelu.strategies import one_d_datasets

    return st.fixed_dictionaries({"X": one_d_datasets(n=(2, 5), max_value=5, sort=False)})


def _negative_family():
    """1-D data, N = 2..5, with a planted repeated point (distinctness dropped)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import one_d_datasets

    return st.fixed_dictionaries({"X": one_d_datasets(n=(2, 5), max_value=5, duplicates=True, sort=False)})


def _membership_certificates(pts):
    """Verified witnesses for the polyline vertices and a verified non-member (chord midpoint)."""
    verts = polyline_vertices(pts)
    out = {"vertex_witnesses": []}
    for v in verts:
        r = function_space_contains(pts, v.vector)
        check(r.contained and verify_membership(pts, r), f"witness of polyline vertex {v.label}")
        out["vertex_witnesses"].append({"label": v.label, "theta": list(r.witness)})
    if len(verts) >= 3:
        mid = tuple((a + b) / 2 for a, b in zip(verts[0].normalised, verts[2].normalised))
        r = function_space_contains(pts, mid)
        check(not r.contained and verify_membership(pts, r), "non-membership of a chord midpoint")
        out["outside_chord_midpoint"] = {
            "f": [str(Fraction(v)) for v in mid],
            "dependency": list(r.dependency),
        }
    return out


@register(
    "prop13",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=(
        "data are 1-dimensional",
        "data points are distinct",
        "n >= 2 points",
        "one unit with a bias",
    ),
    family=_family,
    negative_family=_negative_family,
    dropped="data points are distinct",
)
def check_prop13(X, *, max_convex_n=8):
    """Check Proposition 13 (first bullet) and Appendix D's table on data ``X`` (any order)."""
    pts = exact_data(X)
    inst = instance_dict(pts)
    cert = verify_proposition13(pts, max_convex_n=max_convex_n)
    summary = {k: cert[k] for k in ("n", "d", "regions", "ranks", "zaslavsky", "hypotheses") if k in cert}
    if cert["holds"]:
        if not cert["hypotheses_hold"]:
            return NotApplicable(STATEMENT, "a hypothesis fails but the conclusion holds", summary)
        extra = _membership_certificates(pts)
        return Verified(
            STATEMENT,
            {
                **{k: v for k, v in cert.items() if k != "table"},
                **extra,
                "enumerated": cert["regions"],
                "closed_form": 2 * cert["n"],
                "vertices": len(cert["polyline"]),
            },
        )
    hyp = cert["hypotheses"]
    dropped = [name for name, ok in hyp.items() if not ok]
    why = f"hypotheses dropped: {', '.join(dropped)}; " if dropped else ""
    details = {**summary, "failures": cert["failures"], "hypotheses_hold": cert["hypotheses_hold"]}
    if cert["d"] == 1 and not cert["hypotheses"]["distinct"]:
        gordan = missing_step_certificate(pts)
        if gordan is not None:
            details["certificate"] = gordan
    return Counterexample(STATEMENT, inst, why + "; ".join(cert["failures"][:3]), details)
