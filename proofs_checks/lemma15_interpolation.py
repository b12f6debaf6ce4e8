"""Lemma 15 of Karhadkar, Murray, Tseran & Montúfar 2023: a complete region fits every label vector.

Statement: for distinct 1-D data X, a complete (A, v) (for every k < n and both
signs of v a unit with row ξ^(k+1,1)) and any y ∈ R^n, some (w, b) in the open
region S_A has F(w, b, X) = y.

Certificate: the parameters built by the lemma's recursion
(:func:`exactrelu.landscape.interpolation.interpolate_complete`), checked exactly (strict
signs = A, F = y).  When the paper's formulas degenerate (a zero step) the
details say so and show the literal construction failing: it lands on the
boundary of S_A (see the module docstring of :mod:`exactrelu.landscape.interpolation`).

Dropping a hypothesis: for an incomplete (A, v) some labels cannot be fitted in
S_A; the check searches candidate labels (the given y, ±e_j, ±1, 10 random ones) and
returns one with its exact Farkas certificate (a Motzkin-type vector for a system with
equality rows, re-checked here by :func:`exactrelu.exact.lp.verify_farkas`; it is not one of
the kinds of :func:`exactrelu.exact.certificates.verify_certificate`).

Families: the natural family is distinct 1-D data (N = 1..3, any order), a complete
(A, v) (the 2n key units plus up to two step-vector units, shuffled, columns in data
order) and integer labels; the negative family removes every unit with one key
pattern ξ^(k,1) and one sign of v (completeness dropped).  Not every incomplete region
fails to interpolate (other units may take over), so those instances are NotApplicable;
the hunter finds the ones that fail, e.g. one unit with v > 0 cannot fit y ≤ 0.
"""

from exactrelu.exact.certificates import check
from exactrelu.landscape.interpolation import interpolate_complete, non_interpolable_labels
from exactrelu.landscape.step_vectors import completeness_gaps

from ._common import exact_data, instance_dict, region_instance, region_instances
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For distinct 1-D data and complete (A, v), every y is fitted exactly by some (w, b) in the open S_A."
)
SOURCE = "Karhadkar et al. 2023, Lemma 15 (Appendix C), used in Theorem 12"

_COMPLETE = [(1, 1, 1), (1, 1, 1), (0, 1, 1), (0, 1, 1), (0, 0, 1), (0, 0, 1)]


def _default():
    return {"X": [[0], [1], [3]], "A": _COMPLETE + [(1, 0, 0)], "v": [1, -1, 2, -3, 1, -1, 4], "y": [0, 0, 0]}


def _negative():
    return {"X": [[0], [1], [3]], "A": [(1, 1, 1), (0, 1, 1), (0, 0, 1)], "v": [1, 1, 1], "y": [1, 2, 3]}


def _family():
    """Distinct 1-D data (N = 1..3), a complete (A, v) with up to two slack units, integer labels."""
    return region_instances(n=(1, 3), slack=(0, 2))


def _negative_family():
    """The same with completeness dropped (all units of one key pattern and sign of v removed)."""
    return region_instances(n=(1, 3), slack=(0, 2), complete=False)


@register(
    "lemma15",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data are 1-dimensional and distinct", "(A, v) is complete"),
    family=_family,
    negative_family=_negative_family,
    dropped="(A, v) is complete",
)
def check_lemma15(X, *, A=None, v=None, y=None):
    """Build the interpolating parameters (complete case) or find unfittable labels (incomplete case).

    Defaults: the smallest complete region (2n units, v = ±1) and labels y_j = (-1)^j (j + 1).
    """
    pts = exact_data(X)
    A, v, y = region_instance(pts, A, v, y)
    inst = instance_dict(pts, A=[list(r) for r in A], v=list(v), y=list(y))
    if len(pts[0]) != 1 or len({p[0] for p in pts}) != len(pts):
        return NotApplicable(STATEMENT, "the lemma is about distinct 1-D data", {})
    gaps = completeness_gaps(A, v, pts)
    if not gaps:
        r = interpolate_complete(pts, A, v, y)
        check(r.verify(), "Lemma 15 construction fits y inside S_A")
        details = {}
        if any(s["degenerate"] for s in r.steps):
            lit = interpolate_complete(pts, A, v, y, literal=True)
            details["paper_formula_verbatim"] = {"verified": lit.verify(), "failures": lit.failures()[:5]}
        return Verified(STATEMENT, {"construction": r.to_dict(), **details})
    bad = non_interpolable_labels(pts, A, v, candidates=[tuple(y)]) or non_interpolable_labels(
        pts, A, v, tries=10
    )
    if not bad:
        return NotApplicable(
            STATEMENT, "(A, v) is not complete, but every candidate label vector was fitted", {"gaps": gaps}
        )
    y0, r = bad[0]
    check(r.verify(), "Farkas certificate")
    return Counterexample(
        STATEMENT,
        inst,
        f"(A, v) is not complete ({gaps[0]}); labels {list(y0)} cannot be "
        "fitted in S_A (exact Farkas certificate)",
        {"hypotheses_hold": False, "gaps": gaps, "labels": list(y0), "farkas": r.to_dict()},
    )
