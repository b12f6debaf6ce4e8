"""Labelled combinatorial type is invariant under positive scaling of the generators.

Statement: replacing each vector v_i by c_i v_i with c_i > 0 leaves the
chirotope, hence every chamber, covector and zonotope face (with its labels),
unchanged — the reason exactrelu may scale every row to a primitive integer
vector (Matena & Raffel 2022, section 3: the arrangement depends only on the
hyperplanes and their sides).

The check scales the rows by the given (default: random positive rational)
factors and compares chirotopes and chamber sets exactly.

Family: small nonzero integer vectors (d = 1..3, N = 1..4, |x| ≤ 3) with random positive
rational factors.  Negative family: the same with nonzero integer factors of which
at least one is negative (the hypothesis "all c_i > 0" dropped), N ≥ 2.  The predicted
counterexample: the sides of that hyperplane swap, so a chamber pattern of one
arrangement is not a chamber of the other; the check returns the pattern with a
Gordan vector proving it infeasible on the other side (``details["certificate"]``,
kind ``"gordan"``).  (A negative factor can leave the chamber set unchanged — a
single vector, whose two sides trade places — which is NotApplicable.)

Mutation control (``scale="points"``, labelled as such, not a dropped hypothesis):
the factors are deliberately applied to the data points x_i before homogenising,
(c_i x_i, 1), instead of to the vectors x̄_i = (x_i, 1); that is not a scaling of
the generators, and on the mutation instance the chamber set changes.
"""

import random
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import homogenise, to_fraction
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import chirotope, verify_chirotope

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "Scaling the vectors x̄_i by positive factors c_i leaves the labelled combinatorial type "
    "(chirotope, chambers, covectors) unchanged."
)
SOURCE = "Matena & Raffel 2022, section 3 (oriented hyperplane arrangement); oriented matroid theory"
HYPOTHESIS = "all factors c_i > 0"
_VECTORS = [[1, 0, 1], [0, 1, 1], [1, 1, 1], [2, -1, 1], [-1, 3, 1]]


def _default():
    return {"X": _VECTORS, "factors": None}


def _negative():
    return {"X": [[1], [1]], "factors": [1, -1]}  # the hunter's shrunk counterexample


def _mutation():
    """Mutation control: positive factors applied to the data points before homogenising."""
    return {"X": [[1], [2], [3]], "factors": [4, 1, 1], "scale": "points"}


def _vectors(n=(1, 4)):
    from exactrelu.strategies import integer_datasets

    return integer_datasets(d=(1, 3), n=n, max_value=3).filter(lambda X: all(any(r) for r in X))


def _with_factors(X, factor):
    from hypothesis import strategies as st

    return st.fixed_dictionaries(
        {"X": st.just(X), "factors": st.lists(factor, min_size=len(X), max_size=len(X))}
    )


def _family():
    """Nonzero integer vectors (d = 1..3, N = 1..4, |x| ≤ 3) with positive rational factors p/q ≤ 20."""
    from hypothesis import strategies as st

    positive = st.builds(lambda p, q: str(Fraction(p, q)), st.integers(1, 20), st.integers(1, 20))
    return _vectors().flatmap(lambda X: _with_factors(X, positive))


def _negative_family():
    """Nonzero vectors (N = 2..4) with nonzero integer factors in [-3, 3], at least one negative."""
    from hypothesis import strategies as st

    nonzero = st.integers(-3, 3).filter(bool)
    return (
        _vectors(n=(2, 4))
        .flatmap(lambda X: _with_factors(X, nonzero))
        .filter(lambda inst: any(c < 0 for c in inst["factors"]))
    )


def _chamber_patterns(V):
    return {c.pattern for c in HyperplaneArrangement(V).chambers()}


@register(
    "scaling",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=(HYPOTHESIS,),
    family=_family,
    negative_family=_negative_family,
    dropped=HYPOTHESIS,
    mutation=_mutation,
)
def check_scaling(X, *, factors=None, seed=0, scale="vectors"):
    """Check invariance of the labelled type of the vectors ``X`` (rows, no bias) under row scaling.

    Parameters
    ----------
    X : table of N nonzero vectors
    factors : sequence of N exact nonzero numbers, optional
        Default: random positive rationals.
    seed : int
    scale : {'vectors', 'points'}
        ``'points'`` is the mutation control: the rows are data points x_i, and the
        factors deliberately scale x_i instead of x̄_i = (x_i, 1).
    """
    if scale not in ("vectors", "points"):
        raise ValueError(f"scale must be 'vectors' or 'points', got {scale!r}")
    V = exact_data(X)
    rng = random.Random(seed)
    if factors is None:
        factors = [Fraction(rng.randint(1, 20), rng.randint(1, 20)) for _ in V]
    factors = [to_fraction(c, where="factor") for c in factors]
    if len(factors) != len(V) or any(c == 0 for c in factors):
        return NotApplicable(STATEMENT, "need one nonzero factor per vector")
    inst = instance_dict(
        V, factors=[str(c) for c in factors], **({"scale": scale} if scale != "vectors" else {})
    )
    if scale == "points":
        W = homogenise([tuple(c * x for x in row) for c, row in zip(factors, V)])
        V = homogenise(V)
    else:
        if any(not any(row) for row in V):
            return NotApplicable(
                STATEMENT, "a zero vector has no hyperplane (the rows are used as vectors, no bias)"
            )
        W = [tuple(c * x for x in row) for c, row in zip(factors, V)]
    cx, cw = chirotope(V, bias=False), chirotope(W, bias=False)
    check(verify_chirotope(V, cx, bias=False) and verify_chirotope(W, cw, bias=False), "chirotopes")
    chx, chw = _chamber_patterns(V), _chamber_patterns(W)
    positive = all(c > 0 for c in factors)
    if chx == chw:
        if not positive:
            return NotApplicable(
                STATEMENT,
                "a negative factor happened to leave the chamber set unchanged",
                {"chambers": len(chx)},
            )
        if cx == cw:
            return Verified(
                STATEMENT,
                {
                    "chirotope_values": len(cx.signs),
                    "chambers": len(chx),
                    "factors": [str(c) for c in factors],
                },
            )
    details = {"chirotope_before": cx.to_dict(), "chirotope_after": cw.to_dict()}
    why = "the chirotope changed although the chamber set did not"
    if chx != chw:
        moved = sorted(chx ^ chw)[0]
        empty_side = W if moved in chx else V
        signs = [2 * a - 1 for a in moved]
        infeasible = cone_feasibility(empty_side, signs)
        check(not infeasible.feasible and infeasible.verify(empty_side, signs), "Gordan certificate")
        details["certificate"] = {
            "kind": "gordan",
            "normals": [list(r) for r in empty_side],
            "signs": signs,
            "y": list(infeasible.certificate),
        }
        why = (
            f"the type changed: pattern {moved} is a chamber {'before' if moved in chx else 'after'} "
            f"the scaling only (Gordan vector {list(infeasible.certificate)} on the other side)"
        )
    if scale == "points":
        why = "mutation control: the factors scaled the data points, not the vectors (x_i, 1); " + why
        details.update(mutation=True, hypotheses_hold=False)
    else:
        details["hypotheses_hold"] = positive
        if not positive:
            neg = [i for i, c in enumerate(factors) if c < 0]
            why = f"factor(s) {neg} negative (the hypothesis c_i > 0 dropped): " + why
    return Counterexample(STATEMENT, inst, why, details)
