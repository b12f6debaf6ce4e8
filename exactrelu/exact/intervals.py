"""Rigorous rational enclosures of irrational values, and small rationals near floats.

The ℓ2 norms of the convex reformulation (Wang, Lacotte & Pilanci 2022) make optimal
values irrational; exactrelu brackets them between rationals instead of rounding.
A square root is bracketed with Python's exact integer square root: for
q = N/D ≥ 0 and an integer scale s, ⌊√(N D s²)⌋ / (D s) ≤ √q ≤ ⌈√(N D s²)⌉ / (D s).
(python-flint's ``arb`` gives the same enclosure, but on the sizes used here it
costs 4.1 µs per root against 1.6 µs for ``math.isqrt``, before converting its
dyadic endpoints back to fractions.)

>>> lo, hi = sqrt_bracket(2, 1000)
>>> lo, hi, lo * lo <= 2 <= hi * hi
(Fraction(707, 500), Fraction(283, 200), True)
"""

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.types import NumberLike

__all__ = [
    "DYADIC_BITS",
    "dyadic",
    "norm_upper",
    "sqrt_bounds",
    "sqrt_bracket",
    "sqrt_lower",
    "sqrt_sum_sign",
    "sqrt_upper",
]

DYADIC_BITS = 52  # dyadic rounding of float proposals: 2^-52 relative steps


def sqrt_bracket(q: "Fraction | int | str", scale: int) -> tuple[Fraction, Fraction]:
    """(lower, upper) rationals with lower ≤ √q ≤ upper, both with denominator den(q)·scale.

    √(N/D) = √(N D)/D, so lower = ⌊√(N D scale²)⌋ / (D scale) (exact integer square
    root) and upper = lower, or lower plus one unit when the root is not exact.

    Raises
    ------
    InvalidDataError
        ``q`` is negative.
    """
    q = Fraction(q)
    if q < 0:
        raise InvalidDataError(f"square root of a negative number {q}")
    big = q.numerator * q.denominator * scale * scale
    r = math.isqrt(big)
    den = q.denominator * scale
    return Fraction(r, den), Fraction(r if r * r == big else r + 1, den)


def _binary_scale(q: Fraction, bits: int) -> int:
    """2^k so that the bracket of √q is within about 2^-bits relative."""
    if q <= 0:
        return 1
    return 2 ** max(0, bits - (q.numerator.bit_length() - q.denominator.bit_length()) // 2)


def sqrt_upper(q: "Fraction | int | str", bits: int = 64) -> Fraction:
    """A rational u ≥ √q (q ≥ 0 rational), within about 2^-bits relative.

    >>> sqrt_upper(4), sqrt_upper(2) ** 2 >= 2
    (Fraction(2, 1), True)
    """
    q = Fraction(q)
    return sqrt_bracket(q, _binary_scale(q, bits))[1]


def sqrt_lower(q: "Fraction | int | str", bits: int = 64) -> Fraction:
    """A rational l ≤ √q (q ≥ 0 rational), within about 2^-bits relative."""
    q = Fraction(q)
    return sqrt_bracket(q, _binary_scale(q, bits))[0]


def norm_upper(v: Sequence[Fraction | int], bits: int = 20) -> Fraction:
    """A short rational ρ ≥ ‖v‖₂: exact when ‖v‖₂² is the square of a rational, else within 2^-bits / den.

    >>> norm_upper([3, 4]), norm_upper([1, 1], bits=4)
    (Fraction(5, 1), Fraction(23, 16))
    """
    return sqrt_bracket(sum((Fraction(x) * x for x in v), Fraction(0)), 1 << bits)[1]


def dyadic(x: float, bits: int = DYADIC_BITS) -> Fraction:
    """A float as a nearby dyadic rational (2^-bits relative precision): a small exact number.

    Used to turn a float solver's proposal into a rational point that exact arithmetic
    then checks; it never decides anything by itself.  Zero, NaN and infinities give 0.

    >>> dyadic(0.1, bits=8)
    Fraction(205, 2048)
    """
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return Fraction(0)
    k = bits - math.frexp(x)[1]
    q = Fraction(x)
    return Fraction(round(q * 2**k), 2**k) if k >= 0 else Fraction(round(q / 2**-k) * 2**-k)


def sqrt_bounds(q: NumberLike, digits: int = 30) -> tuple[Fraction, Fraction]:
    """Rational (lower, upper) with lower ≤ √q ≤ upper and upper − lower ≤ 10^-digits / den(q).

    Exact: :func:`sqrt_bracket` with the decimal scale 10^digits
    (``math.isqrt``); upper = lower when the square root is exact, else lower plus one unit.

    >>> sqrt_bounds(Fraction(9, 4))
    (Fraction(3, 2), Fraction(3, 2))
    >>> lo, hi = sqrt_bounds(2, digits=5); lo * lo <= 2 <= hi * hi, float(hi - lo)
    (True, 1e-05)
    """
    q = Fraction(q)
    if q < 0:
        raise InvalidDataError(f"cannot take the square root of the negative number {q}")
    if digits < 0:
        raise InvalidDataError(f"digits must be >= 0, got {digits}")
    return sqrt_bracket(q, 10 ** int(digits))


def _radical_classes(terms: Iterable[tuple[NumberLike, NumberLike]]) -> list[tuple[int, Fraction]]:
    """Σ c_j √a_j rewritten as Σ_R K_R √R with R integers of pairwise distinct square-free kernels.

    √a (a = N/D) = √(N D)/D; √A and √R are Q-dependent iff A R is a perfect square,
    and then √A = (√(A R)/R) √R.
    """
    classes: list[list[Any]] = []  # [R, K]
    for c0, a0 in terms:
        c, a = Fraction(c0), Fraction(a0)
        if c == 0 or a == 0:
            continue
        A = a.numerator * a.denominator
        for entry in classes:
            R = entry[0]
            r = math.isqrt(A * R)
            if r * r == A * R:
                entry[1] += c * Fraction(r, R * a.denominator)
                break
        else:
            r = math.isqrt(A)  # take out the square part of the representative
            if r * r == A:
                classes.append([1, c * Fraction(r, a.denominator)])
            else:
                classes.append([A, c / a.denominator])
    return [(R, K) for R, K in classes if K != 0]


def sqrt_sum_sign(terms: Iterable[tuple[NumberLike, NumberLike]]) -> int:
    """Exact sign (−1, 0, +1) of Σ c_j √a_j for rationals c_j and a_j ≥ 0.

    Decided exactly: the sum is regrouped as Σ_R K_R √R over radicands R with
    pairwise distinct square-free kernels; by Besicovitch's theorem those square
    roots are linearly independent over Q, so the sum is 0 iff every K_R = 0.
    Otherwise interval bounds are refined until they exclude 0 (this terminates).

    >>> sqrt_sum_sign([(1, 8), (-2, 2)])          # √8 − 2√2 = 0
    0
    >>> sqrt_sum_sign([(1, 2), (1, 3), (-1, Fraction(49, 5))])   # √2 + √3 − √9.8 > 0
    1
    """
    classes = _radical_classes(list(terms))
    if not classes:
        return 0
    digits = 16
    while True:
        lo = hi = Fraction(0)
        for R, K in classes:
            a, b = sqrt_bounds(R, digits)
            if K > 0:
                lo, hi = lo + K * a, hi + K * b
            else:
                lo, hi = lo + K * b, hi + K * a
        if lo > 0:
            return 1
        if hi < 0:
            return -1
        digits *= 2
