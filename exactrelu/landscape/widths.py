"""The widths of Theorems 10 and 12 and the exact fractions of diverse and complete regions.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 5 and Appendix C (d_0 = 1 with a bias).  The
theorems count non-empty activation regions, every one equally likely (the counting
measure; by Lemma 9 the rows of A are then iid uniform on the 2n step vectors):

* :func:`theorem10_width` (Theorem 10), :func:`theorem12_units` and
  :func:`theorem12_width` (Theorem 12; the dashed line of Figure 6) are the widths the
  proofs need, :func:`rank_width` the parameter count below which rank J = n is
  impossible;
* :func:`diverse_probability` and :func:`complete_probability` are the exact fractions
  of regions whose activation matrix is diverse (proof of Theorem 10) or complete
  (proof of Theorem 12), by inclusion–exclusion, and :func:`uniform_width` the smallest
  width at which they reach a target.  The experiments of
  :mod:`exactrelu.landscape.full_rank_experiment` and
  :mod:`exactrelu.landscape.global_minimum_experiment` are compared with them.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.exact.errors import InvalidDataError
from exactrelu.landscape.sampling import require_positive_ints

__all__ = [
    "complete_probability",
    "diverse_probability",
    "rank_width",
    "theorem10_width",
    "theorem12_units",
    "theorem12_width",
    "uniform_width",
]


def _check_eps(n: Any, eps: float) -> None:
    # n may be real here (a continuous line in a plot)
    if isinstance(n, bool) or not isinstance(n, (int, float, Fraction, np.integer, np.floating)) or not n > 0:
        raise InvalidDataError(f"n must be a positive number, got {n!r}")
    if not 0 < eps < 1:
        raise InvalidDataError(f"eps must lie in (0, 1), got {eps!r}")


def theorem10_width(n: float, eps: float) -> float:
    """2n log(n/ε): the width of Karhadkar et al. 2023, Theorem 10 (d_0 = 1 with bias).

    Above it all but an ε fraction of the non-empty regions have a full-rank Jacobian.

    Karhadkar et al. 2023, Theorem 10, as its proof in Appendix C produces it: Lemma 11
    (coupon collector: d >= (1/δ) log(n/ε) draws with P(C = k) >= δ cover [n] with
    probability >= 1 - ε) with δ = 1/(2n).

    >>> round(theorem10_width(4, 0.1), 3)
    29.511
    """
    _check_eps(n, eps)
    return 2 * n * math.log(n / eps)


def theorem12_units(n: float, eps: float) -> float:
    """2n log(2n/ε): units needed *of each sign* of v in Karhadkar et al. 2023, Theorem 12.

    The proof of Karhadkar et al. 2023, Theorem 12 (Appendix C) applies Lemma 11 with
    δ = 1/(2n) and failure probability ε/2 separately to the units with v_i > 0 and with
    v_i < 0 and takes a union bound, so it needs |{i : v_i > 0}|,
    |{i : v_i < 0}| >= 2n log(n/(ε/2)) = 2n log(2n/ε), the bound of the statement.

    >>> round(theorem12_units(4, 0.1), 3)
    35.056
    """
    _check_eps(n, eps)
    return 2 * n * math.log(2 * n / eps)


def theorem12_width(n: float, eps: float) -> float:
    """4n log(2n/ε): the dashed line of Figure 6 of Karhadkar et al. 2023 (ε = 0.1 there).

    This is 2 · :func:`theorem12_units`, i.e. Theorem 12's condition on each
    sign summed over both, which is the theorem's condition exactly when d_1 is
    even and v alternates (d_+ = d_- = d_1/2).  For odd d_1 (d_- = (d_1-1)/2)
    the theorem needs d_1 >= 2⌈2n log(2n/ε)⌉ + 1, at most two more units.  The
    theorem is a *sufficient* condition on the *fraction of all non-empty
    regions* (uniform counting measure) that are *complete*; the experiment
    samples regions by initialisation and records the weaker property "contains
    a global minimiser", so its 90% level need not follow this line.

    >>> round(theorem12_width(8, 0.1), 2)
    162.41
    """
    return 2 * theorem12_units(n, eps)


def rank_width(n: int, d0: int, bias: bool = True) -> int:
    """Smallest d_1 with d_1 (d_0 + bias) >= n: below it rank J = n is impossible (parameter count).

    >>> rank_width(60, 5), rank_width(60, 5, bias=False)
    (10, 12)
    """
    require_positive_ints(n=n, d0=d0)
    return -(-n // (d0 + int(bias)))


def diverse_probability(n: int, d1: int) -> Fraction:
    """Exact fraction of the (2n)^{d_1} non-empty regions (d_0 = 1, bias) whose A is diverse.

    Rows iid uniform on the 2n step vectors (Karhadkar et al. 2023, Lemma 9).  A is diverse (proof of
    Theorem 10) iff for every k in [n] a row is ξ^(k,0) or ξ^(k,1) (k >= 2:
    probability 1/n each) or, for k = 1, ξ^(1,1) = 1 (probability 1/(2n)).
    Inclusion–exclusion over the missed coupons:

        Σ_{a∈{0,1}} Σ_{k=0}^{n-1} (-1)^{a+k} C(n-1, k) (1 - a/(2n) - k/n)^{d_1}.

    Diverse ⇒ rank A = n ⇒ the Jacobian has rank n, so this is a lower bound
    on the fraction of full-rank regions.

    >>> diverse_probability(1, 1), diverse_probability(2, 2)
    (Fraction(1, 2), Fraction(1, 4))
    """
    require_positive_ints(n=n, d1=d1)
    return sum(
        (
            (-1) ** (a + k) * math.comb(n - 1, k) * (1 - Fraction(a, 2 * n) - Fraction(k, n)) ** d1
            for a in (0, 1)
            for k in range(n)
        ),
        Fraction(0),
    )


def _cover(n: int, d: int) -> Fraction:
    """P(d iid draws uniform on 2n coupons hit n given ones) = Σ_k (-1)^k C(n,k) (1 - k/(2n))^d."""
    return sum(
        ((-1) ** k * math.comb(n, k) * (1 - Fraction(k, 2 * n)) ** d for k in range(n + 1)), Fraction(0)
    )


def complete_probability(n: int, d_plus: int, d_minus: int | None = None) -> Fraction:
    """Exact fraction of non-empty regions (d_0 = 1, bias) whose (A, v) is complete.

    d_plus units with v_i > 0 and d_minus with v_i < 0 (default: d_plus); rows
    iid uniform on the 2n step vectors.  (A, v) is complete iff each sign class
    contains all n rows ξ^(1,1), ..., ξ^(n,1), so the fraction is
    cover(d_+) · cover(d_-) with cover(d) = Σ_k (-1)^k C(n,k) (1 - k/(2n))^d.
    Complete ⇒ every y is fitted inside S_A (Lemma 15), so for any labels this
    is a lower bound on the fraction of regions with a zero-loss minimiser.

    >>> complete_probability(1, 1, 1)
    Fraction(1, 4)
    """
    require_positive_ints(n=n, d_plus=d_plus)
    d_minus = d_plus if d_minus is None else d_minus
    require_positive_ints(d_minus=d_minus)
    return _cover(n, d_plus) * _cover(n, d_minus)


def uniform_width(
    n: int, target: float | Fraction = 0.9, kind: str = "complete", max_width: int = 100_000
) -> int:
    """Smallest d_1 at which the exact region fraction of ``kind`` reaches ``target`` (d_0 = 1, bias).

    ``kind='complete'``: :func:`complete_probability` with v alternating
    (d_+ = ⌈d_1/2⌉, d_- = ⌊d_1/2⌋) — compare with :func:`theorem12_width` at
    ε = 1 - target.  ``kind='diverse'``: :func:`diverse_probability` — compare
    with :func:`theorem10_width`.  Both fractions increase with d_1.

    >>> uniform_width(2, 0.9), uniform_width(2, 0.9, kind="diverse")     # bounds: 29.5 and 12.0
    (26, 9)
    """
    target = Fraction(target)
    prob = {
        "complete": lambda d: complete_probability(n, (d + 1) // 2, d // 2) if d >= 2 else Fraction(0),
        "diverse": lambda d: diverse_probability(n, d),
    }.get(kind)
    if prob is None:
        raise InvalidDataError(f"kind must be 'complete' or 'diverse', got {kind!r}")
    lo, hi = 1, 2
    while prob(hi) < target:  # exponential search, then bisection (monotone in d_1)
        lo, hi = hi, 2 * hi
        if hi > max_width:
            raise InvalidDataError(f"no width <= {max_width} reaches {target}")
    while lo < hi:
        mid = (lo + hi) // 2
        if prob(mid) >= target:
            hi = mid
        else:
            lo = mid + 1
    return lo
