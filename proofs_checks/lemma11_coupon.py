"""Karhadkar, Murray, Tseran & Montúfar 2023, Lemma 11 (coupon collector), exactly.

Statement: let ε ∈ (0, 1), n ≤ m positive integers, and C_1, ..., C_d ∈ [m] iid with
P(C_i = j) ≥ δ > 0 for every j ∈ [n].  If d ≥ (1/δ) log(n/ε), then
[n] ⊆ {C_1, ..., C_d} with probability at least 1 − ε.  (The bound as the proof in
Appendix C derives it by the union bound, n (1 − δ)^d ≤ n e^{−δd} ≤ ε; Theorems 10
and 12 apply it with δ = 1/(2n).)

The check computes the probability exactly — inclusion–exclusion
Σ_{S ⊆ [n]} (−1)^{|S|} (1 − p(S))^d in rationals, and, when m^d ≤ 10^5, again by
summing over all m^d outcome sequences — and decides the width hypothesis
d ≥ (1/δ) log(n/ε) exactly (ball arithmetic, :func:`exactrelu.landscape.probabilities.at_least_log`).
No Monte Carlo: the verdict is exact (confidence 1).

Negative control / family: independence dropped (``iid=False``: the d draws are one
draw copied, C_1 = ... = C_d, each with the same marginal distribution, so P(C_i = j) ≥ δ
still holds): for n ≥ 2 the probability of covering [n] is exactly 0 < 1 − ε.
"""

import math
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.landscape.probabilities import (
    at_least_log,
    coverage_probability,
    coverage_probability_bruteforce,
)

from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "If C_1..C_d in [m] are iid with P(C_i = j) >= δ for all j in [n] and d >= (1/δ) log(n/ε), "
    "then [n] ⊆ {C_1, ..., C_d} with probability >= 1 - ε."
)
SOURCE = "Karhadkar et al. 2023, Lemma 11 (coupon collector; proof in Appendix C)"
EPSILONS = ("1/100", "1/10", "1/4", "1/2", "9/10")


def minimal_width(n, delta, eps):
    """Smallest integer d with d ≥ (1/δ) log(n/ε): a float proposes, ball arithmetic decides."""
    scale, arg = 1 / Fraction(delta), Fraction(n) / Fraction(eps)
    d = max(0, math.floor(float(scale) * math.log(float(arg))) - 2)
    while d > 0 and at_least_log(d - 1, scale, arg):
        d -= 1
    while not at_least_log(d, scale, arg):
        d += 1
    return d


def _default():
    return {"X": [["1/4"], ["1/4"], ["1/2"]], "n": 2, "eps": "1/10"}


def _negative():
    return {"X": [["1/4"], ["1/4"], ["1/2"]], "n": 2, "eps": "1/10", "iid": False}


def _draw(iid):
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        m = draw(st.integers(1, 4))
        n = draw(st.integers(1 if iid else 2, m)) if m >= 2 or iid else None
        if n is None:
            m, n = 2, 2
        weights = [draw(st.integers(1, 5)) for _ in range(n)] + [
            draw(st.integers(0, 5)) for _ in range(m - n)
        ]
        total = sum(weights)
        p = [[str(Fraction(w, total))] for w in weights]
        eps = draw(st.sampled_from(EPSILONS))
        delta = min(Fraction(w, total) for w in weights[:n])
        d = minimal_width(n, delta, Fraction(eps)) + draw(st.integers(0, 2))
        inst = {"X": p, "n": n, "eps": eps, "d": d}
        if not iid:
            inst["iid"] = False
        return inst

    return draw()


def _family():
    """m = 1..4 coupons, n ≤ m targets (weights 1..5, others 0..5), ε ∈ {1/100..9/10}, minimal d + 0..2."""
    return _draw(True)


def _negative_family():
    """The same with n ≥ 2 and independence dropped (one draw copied d times)."""
    return _draw(False)


@register(
    "lemma11",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=(
        "ε in (0, 1), 1 <= n <= m",
        "P(C_i = j) >= δ > 0 for j in [n]",
        "d >= (1/δ) log(n/ε)",
        "C_1, ..., C_d independent",
    ),
    family=_family,
    negative_family=_negative_family,
    dropped="C_1, ..., C_d independent",
)
def check_lemma11(X, *, n=None, eps="1/10", d=None, delta=None, iid=True):
    """Check Lemma 11 for the distribution ``X`` = [[P(C = 1)], ..., [P(C = m)]] (rationals summing to 1).

    ``delta`` defaults to min_{j ≤ n} P(C = j), ``d`` to the smallest width the lemma allows.
    ``iid=False`` copies one draw d times (independence dropped).
    """
    p = [to_fraction(x[0] if isinstance(x, (list, tuple)) and len(x) == 1 else "-1") for x in X]
    eps = to_fraction(eps)
    if any(x < 0 for x in p) or sum(p) != 1 or n is None:
        return NotApplicable(
            STATEMENT, "give X = [[P(C = 1)], ..., [P(C = m)]] (rationals summing to 1) and n", {}
        )
    if n > 12:
        return NotApplicable(STATEMENT, f"n = {n} > 12: 2^n inclusion–exclusion terms is too many", {})
    if not 0 < eps < 1 or not 1 <= n <= len(p):
        return NotApplicable(STATEMENT, f"need ε in (0, 1) and 1 <= n <= m, got ε={eps}, n={n}", {})
    delta = min(p[:n]) if delta is None else to_fraction(delta)
    if delta <= 0 or any(x < delta for x in p[:n]):
        return NotApplicable(
            STATEMENT, f"P(C = j) >= δ = {delta} > 0 fails for some j <= n", {"delta": delta}
        )
    d_min = minimal_width(n, delta, eps)
    d = d_min if d is None else d
    numbers = {"m": len(p), "n": n, "d": d, "d_min": d_min, "delta": delta, "eps": eps, "bound": 1 - eps}
    if d < d_min:
        return NotApplicable(
            STATEMENT, f"d = {d} < (1/δ) log(n/ε) (the smallest valid d is {d_min})", numbers
        )
    if iid:
        prob = coverage_probability(p, n, d)
        if len(p) ** d <= 2_000:
            check(
                prob == coverage_probability_bruteforce(p, n, d), "inclusion–exclusion = sum over sequences"
            )
            numbers["bruteforce_sequences"] = len(p) ** d
    else:  # one draw copied: {C_1..C_d} = {C_1} covers [n] only if n = 1 and C_1 = 1
        prob = p[0] if n == 1 else Fraction(0)
    numbers.update(probability=prob, confidence=1, method="exact")
    if prob >= 1 - eps:
        if not iid:
            return NotApplicable(STATEMENT, "independence dropped but the conclusion holds", numbers)
        return Verified(STATEMENT, {**numbers, "enumerated": prob, "closed_form": 1 - eps})
    inst = {"X": [[str(x)] for x in p], "n": n, "eps": str(eps), "d": d, "iid": iid}
    return Counterexample(
        STATEMENT,
        inst,
        f"P([n] covered) = {prob} < 1 - ε = {1 - eps}" + ("" if iid else " (independence dropped)"),
        {**numbers, "hypotheses_hold": iid},
    )
