"""Lemma 9 of Karhadkar, Murray, Tseran & Montúfar 2023 (1-D data: the non-empty regions are step vectors).

Statement: for 1-D data x^(1) < ... < x^(n) and units with a bias, an activation
region S_A is non-empty iff every row of A is a step vector
ξ^(k,0) = (1,..,1,0,..,0) or ξ^(k,1) = (0,..,0,1,..,1); there are exactly
(2n)^{d_1} non-empty regions.

Certificates:

* "⊇": for every step vector an explicit parameter (w, b) from the lemma's proof
  (w = ±1, b at a midpoint between consecutive points, scaled to integers) whose
  signs are verified exactly with :func:`exactrelu.exact.certificates.verify_witness`
  — independent of the enumeration engine;
* "⊆": the exactly enumerated chambers (witnesses verified, count certified
  complete by |χ(-1)|) are all step vectors in sorted order.

Dropping a hypothesis: with a repeated point some step vectors are infeasible
(a Gordan certificate from :func:`exactrelu.exact.lp.cone_feasibility` is reported in
``details["certificate"]``, re-checked by the hunter); with 2-D data the number of
regions is no longer 2n.

Families: the natural family is distinct integer 1-D data (N = 1..5, any order) with
1 or 2 units; the negative family plants a repeated point (distinctness dropped), on
which every instance is a counterexample.
"""

from exactrelu.exact.certificates import check, verify_witness
from exactrelu.exact.parse import homogenise
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import step_vector_count
from exactrelu.landscape.step_vectors import compare_step_characterisation, step_vectors, step_witness

from ._common import exact_data, instance_dict, missing_step_certificate, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For distinct 1-D data points and units with a bias, the non-empty activation regions are "
    "exactly the tuples of step vectors (in sorted order), (2n)^{d_1} of them."
)
SOURCE = "Karhadkar et al. 2023, Lemma 9 (proof in Appendix C), Example 14"


def _default():
    return [[-3], [-1], [0], [2], [7]]


def _negative():
    return [[-1], [0], [0], [2]]  # a repeated point


def _family():
    """Distinct integer 1-D data, N = 1..5 in random order, with 1 or 2 units."""
    from hypothesis import strategies as st

    from exactrelu.strategies import one_d_datasets

    return st.fixed_dictionaries(
        {"X": one_d_datasets(n=(1, 5), max_value=6, sort=False), "units": st.integers(1, 2)}
    )


def _negative_family():
    """1-D data, N = 2..6, with a planted repeated point (distinctness dropped)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import one_d_datasets

    return st.fixed_dictionaries({"X": one_d_datasets(n=(2, 6), max_value=6, duplicates=True, sort=False)})


@register(
    "lemma9",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data are 1-dimensional", "data points are distinct", "units have a bias"),
    family=_family,
    negative_family=_negative_family,
    dropped="data points are distinct",
)
def check_lemma9(X, *, units=1, limit=None):
    """Check Lemma 9 on data ``X`` (any order; it is sorted internally)."""
    pts = exact_data(X)
    n, d = len(pts), len(pts[0])
    inst = instance_dict(pts, units=units)
    expected = step_vector_count(n, units)
    A = HyperplaneArrangement.from_data(pts, bias=True)
    chambers, cert = verified_chambers(A, limit)
    if not cert["complete"]:
        return NotApplicable(STATEMENT, "chamber enumeration does not match |χ(-1)| (library bug)", cert)
    enumerated = len(chambers) ** units
    numbers = {"n": n, "d": d, "units": units, "enumerated": enumerated, "closed_form": expected}
    if d != 1:
        if enumerated != expected:
            return Counterexample(
                STATEMENT,
                inst,
                f"the data are {d}-dimensional, not 1-dimensional: {enumerated} regions, "
                f"not (2n)^{units} = {expected}",
                {**numbers, "hypotheses_hold": False},
            )
        return NotApplicable(
            STATEMENT, f"data are {d}-dimensional but the count agrees ({enumerated})", numbers
        )
    order = sorted(range(n), key=lambda i: (pts[i][0], i))
    xs = [pts[i][0] for i in order]
    distinct = len(set(xs)) == n
    H = [tuple(r) for r in homogenise([pts[i] for i in order])]
    realised = {tuple(c.pattern[i] for i in order) for c in chambers}
    steps = set(step_vectors(n))
    if distinct:
        witnesses = {}
        for v in sorted(steps):
            w = step_witness(xs, v)
            check(verify_witness(H, tuple(2 * a - 1 for a in v), w), f"step vector witness {v}")
            witnesses[v] = w
        ok = realised == steps and enumerated == expected
        if ok:
            extra = {}
            if n <= 12:  # the naive float LP over all 2^n patterns, for comparison only
                extra["float_lp"] = compare_step_characterisation(pts).to_dict()
            return Verified(
                STATEMENT,
                {
                    **numbers,
                    **cert,
                    "step_vector_witnesses": [
                        {"pattern": list(v), "w_b": list(w)} for v, w in witnesses.items()
                    ],
                    "all_chambers_are_step_vectors": True,
                    **extra,
                },
            )
        return Counterexample(
            STATEMENT,
            inst,
            "distinct 1-D points but the regions are not the step vectors",
            {
                **numbers,
                "hypotheses_hold": True,
                "extra": sorted(realised - steps),
                "missing": sorted(steps - realised),
            },
        )
    missing = sorted(steps - realised)
    detail = {**numbers, "hypotheses_hold": False, "missing_step_vectors": missing}
    certificate = missing_step_certificate(pts, missing[:1]) if missing else None
    if certificate is not None:
        detail["certificate"] = certificate
        detail["infeasibility_certificate"] = {
            "pattern_sorted": certificate["pattern_sorted"],
            "gordan_vector": certificate["y"],
        }
    dup = sorted({x for x in xs if xs.count(x) > 1})
    if enumerated != expected or missing:
        return Counterexample(
            STATEMENT,
            inst,
            f"repeated data point(s) {[str(x) for x in dup]}: only {len(realised)} of the "
            f"{len(steps)} step vectors are realised ({enumerated} regions, closed form "
            f"{expected}); e.g. step vector {missing[0] if missing else None} is infeasible",
            detail,
        )
    return NotApplicable(STATEMENT, "repeated points but the count agrees", detail)
