"""Labelled combinatorial type is invariant under positive scaling of the generators.

Statement: replacing each vector v_i by c_i v_i with c_i > 0 leaves the
chirotope, hence every chamber, covector and zonotope face (with its labels),
unchanged — the reason exactrelu may scale every row to a primitive integer
vector (Matena & Raffel 2022, section 3: the arrangement depends only on the
hyperplanes and their sides).

The check scales the rows by the given (default: random positive rational)
factors and compares chirotopes and chamber sets exactly.  With the hypothesis
dropped — one factor negative — the chamber set changes (the hyperplane's sides
swap), and the check reports the pattern that moved.
"""

import random
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import chirotope, verify_chirotope

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "Scaling the vectors x̄_i by positive factors c_i leaves the labelled combinatorial type "
    "(chirotope, chambers, covectors) unchanged."
)
SOURCE = "Matena & Raffel 2022, section 3 (oriented hyperplane arrangement); oriented matroid theory"


def _default():
    return {"X": [[1, 0, 1], [0, 1, 1], [1, 1, 1], [2, -1, 1], [-1, 3, 1]], "factors": None}


def _negative():
    return {"X": [[1, 0, 1], [0, 1, 1], [1, 1, 1], [2, -1, 1], [-1, 3, 1]], "factors": [1, 1, -2, 1, 1]}


@register(
    "scaling", STATEMENT, SOURCE, default=_default, negative=_negative, hypotheses=("all factors c_i > 0",)
)
def check_scaling(X, *, factors=None, seed=0):
    """Check invariance of the labelled type of the vectors ``X`` (rows, no bias) under row scaling.

    Parameters
    ----------
    X : table of N nonzero vectors
    factors : sequence of N exact nonzero numbers, optional
        Default: random positive rationals.
    seed : int
    """
    V = exact_data(X)
    rng = random.Random(seed)
    if factors is None:
        factors = [Fraction(rng.randint(1, 20), rng.randint(1, 20)) for _ in V]
    factors = [to_fraction(c, where="factor") for c in factors]
    if len(factors) != len(V) or any(c == 0 for c in factors):
        return NotApplicable(STATEMENT, "need one nonzero factor per vector")
    if any(not any(row) for row in V):
        return NotApplicable(
            STATEMENT, "a zero vector has no hyperplane (the rows are used as vectors, no bias)"
        )
    W = [tuple(c * x for x in row) for c, row in zip(factors, V)]
    cx, cw = chirotope(V, bias=False), chirotope(W, bias=False)
    check(verify_chirotope(V, cx, bias=False) and verify_chirotope(W, cw, bias=False), "chirotopes")
    chx = {c.pattern for c in HyperplaneArrangement(V).chambers()}
    chw = {c.pattern for c in HyperplaneArrangement(W).chambers()}
    positive = all(c > 0 for c in factors)
    inst = instance_dict(V, factors=[str(c) for c in factors])
    if cx == cw and chx == chw:
        if positive:
            return Verified(
                STATEMENT,
                {
                    "chirotope_values": len(cx.signs),
                    "chambers": len(chx),
                    "factors": [str(c) for c in factors],
                },
            )
        return NotApplicable(STATEMENT, "a negative factor happened to leave the type unchanged")
    moved = sorted(chx ^ chw)[0]
    return Counterexample(
        STATEMENT,
        inst,
        f"the type changed: pattern {moved} is a chamber on one side only",
        {"hypotheses_hold": positive, "chirotope_before": cx.to_dict(), "chirotope_after": cw.to_dict()},
    )
