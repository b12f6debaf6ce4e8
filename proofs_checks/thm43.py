"""Matena & Raffel 2022, Theorem 4.3: 2⌈N/(d+1)⌉ hidden units fit N points in general position exactly.

Statement: given N data points in R^d in (affine) general position and any
labels y, a shallow ReLU network with 2⌈N/(d+1)⌉ hidden units (with bias) that
fits the data exactly can be found in polynomial time.

Certificate: the network built by :func:`exactrelu.training.exact_fit.fit_exact` (the
chunk-by-chunk construction; our reconstruction of the paper's Appendix F, which
could not be retrieved: docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.3
and Appendix F: exact fit'), re-checked by the independent verifier
:func:`~exactrelu.training.exact_fit.verify_exact_fit`: exact outputs equal to y, the
unit count, and every pre-activation nonzero with the recorded activation
patterns (the network lies in the open region of that vertex of Z^m).  General
position is certified by :func:`exactrelu.geometry.position.general_position`.

Dropping a hypothesis (the unit count): the counting bound
(:func:`~exactrelu.training.exact_fit.lower_bound_units`) says that with m(d+1) < N units
generic labels cannot be fitted.  The negative control asks for m = 1 unit on
N = 4 points in R^1 (⌈N/(d+1)⌉ = 2); the check computes the exact global minimum
of the squared loss over all weights and output signs
(:func:`exactrelu.training.erm.exact_erm`, every region problem solved exactly, re-checked
by :func:`~exactrelu.training.erm.verify_erm`) and returns its positive value with the KKT
certificate of the best region.  Data not in general position give NotApplicable (the details say
whether the construction happens to succeed anyway).

Family: small integer data in affine general position (d = 1..2, N = 1..5) with
integer labels.  Negative family: 1-D data in general position (distinct points),
N = 3..4, labels, and a single hidden unit, below the counting bound ⌈N/(d+1)⌉ = 2
(the hypothesis "at least 2⌈N/(d+1)⌉ hidden units" dropped): the hunter finds
labels that one unit cannot fit, as the counting argument predicts.
"""

from exactrelu.exact.certificates import check
from exactrelu.exact.errors import DegenerateInputError
from exactrelu.exact.parse import exact_labels
from exactrelu.geometry.position import general_position
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.exact_fit import fit_exact, lower_bound_units, verify_exact_fit
from exactrelu.training.vertices import number_of_units

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For N data points in R^d in general position and any labels y, a shallow ReLU network with "
    "2⌈N/(d+1)⌉ hidden units fitting the data exactly is found in polynomial time."
)
SOURCE = (
    "Matena & Raffel 2022, Theorem 4.3 (section 4.2.1; proof in its Appendix F, our reconstruction: "
    "docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.3 and Appendix F: exact fit')"
)


def _default():
    return {"X": [[0, 0], [1, 2], [3, 1], [2, 5], [-1, 4], [4, -2], [1, 1]], "y": [3, -1, 0, 2, 5, 1, -4]}


def _negative():
    return {"X": [[0], [1], [2], [3]], "y": [0, 1, 0, 1], "units": 1}


def _draw(draw, d, n, units):
    from exactrelu.strategies import generic_datasets, label_vectors

    X = draw(generic_datasets(d=d, n=n, max_value=3))
    inst = {"X": X, "y": draw(label_vectors(len(X), max_value=3))}
    return inst if units is None else {**inst, "units": units}


def _family():
    """Data in general position (d = 1..2, N = 1..5, |x| ≤ 3) with labels in [-3, 3]."""
    from hypothesis import strategies as st

    return st.composite(_draw)((1, 2), (1, 5), None)


def _negative_family():
    """Distinct 1-D points (N = 3..4) with labels and one hidden unit (fewer than 2⌈N/2⌉ = 4)."""
    from hypothesis import strategies as st

    return st.composite(_draw)(1, (3, 4), 1)


@register(
    "thm43",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data in (affine) general position", "at least 2⌈N/(d+1)⌉ hidden units"),
    family=_family,
    negative_family=_negative_family,
    dropped="at least 2⌈N/(d+1)⌉ hidden units",
)
def check_thm43(X, *, y=None, units=None, direction=None, limit=None):
    """Fit exactly with 2⌈N/(d+1)⌉ units, or (fewer units) compute the exact global minimum.

    Parameters
    ----------
    X : table of N points in R^d
    y : N labels (default y_i = (-1)^i (i + 1))
    units : int, optional
        Hidden units allowed (default 2⌈N/(d+1)⌉).  Fewer units drop the
        theorem's hypothesis: the exact global minimum over all weights and
        output signs is then computed (small instances only).
    direction : d numbers, optional
        Ordering direction of the construction.
    limit : int, optional
        Size limit for the general-position test and the region enumeration.
    """
    pts = exact_data(X)
    N, d = len(pts), len(pts[0])
    if y is None:
        y = [(-1) ** i * (i + 1) for i in range(N)]
    y = list(exact_labels(y, N))
    if units is not None:
        units = number_of_units(units, None)
    lb = lower_bound_units(N, d)
    required = 2 * lb
    inst = instance_dict(pts, y=list(y), **({} if units is None else {"units": int(units)}))
    numbers_ = {
        "N": N,
        "d": d,
        "units_required": required,
        "lower_bound_units": lb,
        "units_allowed": required if units is None else int(units),
    }
    gp = general_position(pts, bias=True, limit=limit)
    if not gp:
        anyway = {"construction_succeeds_anyway": False}
        try:
            fit = fit_exact(pts, y, direction=direction, check_position=False)
            anyway = {"construction_succeeds_anyway": verify_exact_fit(pts, y, fit), "fit": fit.to_dict()}
        except DegenerateInputError as exc:
            anyway["construction_error"] = str(exc)
        return NotApplicable(
            STATEMENT,
            f"the data are not in general position: {gp.describe()}",
            {**numbers_, "general_position": gp.to_dict(), **anyway},
        )
    if units is None or units >= required:
        fit = fit_exact(pts, y, direction=direction, limit=limit)
        check(verify_exact_fit(pts, y, fit), "Theorem 4.3 construction fits y exactly in an open region")
        return Verified(
            STATEMENT,
            {
                **numbers_,
                "units_used": fit.n_units,
                "exact_fit_verified": True,
                "general_position": gp.certificate,
                "fit": fit.to_dict(),
            },
        )
    g = exact_erm(pts, y, units=int(units), limit=limit)
    check(
        verify_erm(pts, y, g), "exact ERM certificate (all chambers, every region KKT-optimal, the minimum)"
    )
    details = {
        **numbers_,
        "counting_bound_violated": units * (d + 1) < N,
        "global_minimum": g.value,
        "n_regions_solved": g.n_regions,
        "region_certificate": g.solution.to_dict(),
    }
    if g.value == 0:
        return NotApplicable(
            STATEMENT, f"only {units} < {required} units, but an exact fit exists here", details
        )
    fit = fit_exact(pts, y, direction=direction, limit=limit)
    check(verify_exact_fit(pts, y, fit), "Theorem 4.3 construction fits y exactly")
    details.update({"hypotheses_hold": False, "theorem_units_fit": True, "theorem_fit": fit.to_dict()})
    why = (
        f"with {units} hidden unit(s) (fewer than 2⌈N/(d+1)⌉ = {required}"
        + (f"; {units}·(d+1) < N = {N}, below the counting bound ⌈N/(d+1)⌉ = {lb}" if units < lb else "")
        + f") the exact global minimum of the squared loss is {g.value} > 0 over all "
        f"{g.n_regions} regions; with {required} units the construction fits exactly"
    )
    return Counterexample(STATEMENT, inst, why, details)
