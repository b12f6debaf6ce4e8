"""Exact binomial tails and conservative Clopper–Pearson intervals in rational arithmetic.

A Monte Carlo estimate of a probability is only as good as its confidence bound.
Here the binomial tails are exact :class:`~fractions.Fraction` sums, and the
Clopper–Pearson endpoints are found by bisection over dyadic rationals, each
step decided by an exact comparison.  The returned interval is rounded *outward*
to the dyadic grid ``k / 2**bits``, so it is guaranteed to contain the exact
Clopper–Pearson interval (Clopper & Pearson 1934): its coverage is at least the
stated confidence, whatever the true probability.

For ``x`` successes in ``n`` trials and ``α = 1 − confidence`` the exact interval
is ``[L, U]`` with ``P(X ≥ x; L) = α/2`` (``L = 0`` if ``x = 0``) and
``P(X ≤ x; U) = α/2`` (``U = 1`` if ``x = n``), ``X ~ Binomial(n, p)``.

>>> lo, hi = clopper_pearson(0, 10)  # 99%: U = 1 - 0.005 ** (1/10) = 0.41129598...
>>> lo, 0.411295 < float(hi) < 0.411297
(Fraction(0, 1), True)
>>> binomial_tail(1, 2, Fraction(1, 2))  # P(X >= 1), X ~ Bin(2, 1/2)
Fraction(3, 4)
>>> binomial_tail(1, 2, Fraction(1, 2), upper=False)  # P(X <= 1)
Fraction(3, 4)
"""

from fractions import Fraction
from math import comb

from exactrelu.exact.errors import InvalidDataError

__all__ = [
    "DEFAULT_BITS",
    "MAX_TRIALS",
    "binomial_cdf",
    "binomial_pmf",
    "binomial_sf",
    "binomial_tail",
    "clopper_pearson",
    "clopper_pearson_lower",
    "clopper_pearson_upper",
]

#: endpoints are dyadic rationals k / 2**DEFAULT_BITS unless asked otherwise
DEFAULT_BITS = 24
#: exact tails cost O(n) big-integer products of O(n · bits) bits each; beyond this, refuse
MAX_TRIALS = 100_000


def _check_counts(k: int, n: int, *, what: str = "k") -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidDataError(f"the number of trials must be an integer >= 0, got {n!r}")
    if n > MAX_TRIALS:
        raise InvalidDataError(
            f"{n} trials exceed the exact-arithmetic limit of {MAX_TRIALS}; use fewer trials "
            "(the bound tightens like 1/sqrt(n), so 10^4 trials already give ±0.02)"
        )
    if isinstance(k, bool) or not isinstance(k, int):
        raise InvalidDataError(f"{what} must be an integer, got {k!r}")


def _as_probability(p: Fraction | int) -> Fraction:
    if isinstance(p, bool) or not isinstance(p, (int, Fraction)):
        raise InvalidDataError(
            f"the probability must be an int or a Fraction, got {type(p).__name__} {p!r}; "
            "write Fraction('0.3') instead of 0.3"
        )
    q = Fraction(p)
    if not 0 <= q <= 1:
        raise InvalidDataError(f"the probability must lie in [0, 1], got {q}")
    return q


def _tail_numerator(k: int, n: int, r: int, s: int, upper: bool) -> int:
    """Σ C(n,i) r^i (s−r)^(n−i) over i ≥ k (upper) or i ≤ k (lower); the tail is this / s^n."""
    if upper:
        indices = range(max(k, 0), n + 1)
    else:
        indices = range(0, min(k, n) + 1)
    t = s - r
    total = 0
    for i in indices:
        total += comb(n, i) * r**i * t ** (n - i)
    return total


def binomial_pmf(k: int, n: int, p: Fraction | int) -> Fraction:
    """P(X = k) for X ~ Binomial(n, p), exactly.

    >>> binomial_pmf(2, 4, Fraction(1, 2))
    Fraction(3, 8)
    """
    _check_counts(k, n)
    q = _as_probability(p)
    if not 0 <= k <= n:
        return Fraction(0)
    return comb(n, k) * q**k * (1 - q) ** (n - k)


def binomial_tail(k: int, n: int, p: Fraction | int, *, upper: bool = True) -> Fraction:
    """P(X ≥ k) (``upper=True``) or P(X ≤ k) (``upper=False``) for X ~ Binomial(n, p), exactly.

    >>> binomial_tail(0, 5, Fraction(1, 3))
    Fraction(1, 1)
    >>> binomial_tail(3, 3, Fraction(1, 3))
    Fraction(1, 27)
    >>> binomial_tail(-1, 3, Fraction(1, 3), upper=False)
    Fraction(0, 1)
    """
    _check_counts(k, n)
    q = _as_probability(p)
    if n == 0:
        return Fraction(1 if (k <= 0 if upper else k >= 0) else 0)
    r, s = q.numerator, q.denominator
    return Fraction(_tail_numerator(k, n, r, s, upper), s**n)


def binomial_sf(k: int, n: int, p: Fraction | int) -> Fraction:
    """P(X ≥ k), exactly (the upper tail, including k).

    >>> binomial_sf(1, 3, Fraction(1, 2))
    Fraction(7, 8)
    """
    return binomial_tail(k, n, p, upper=True)


def binomial_cdf(k: int, n: int, p: Fraction | int) -> Fraction:
    """P(X ≤ k), exactly.

    >>> binomial_cdf(0, 3, Fraction(1, 2))
    Fraction(1, 8)
    """
    return binomial_tail(k, n, p, upper=False)


def _check_interval_args(successes: int, trials: int, confidence: Fraction, bits: int) -> Fraction:
    _check_counts(successes, trials, what="successes")
    if trials < 1:
        raise InvalidDataError("a confidence interval needs at least one trial")
    if not 0 <= successes <= trials:
        raise InvalidDataError(f"successes must lie in [0, trials={trials}], got {successes}")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, Fraction)):
        raise InvalidDataError(
            f"confidence must be a Fraction, got {type(confidence).__name__} {confidence!r}; "
            "write Fraction(99, 100)"
        )
    if not 0 < confidence < 1:
        raise InvalidDataError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    if isinstance(bits, bool) or not isinstance(bits, int) or not 1 <= bits <= 200:
        raise InvalidDataError(f"bits must be an integer in [1, 200], got {bits!r}")
    return (1 - Fraction(confidence)) / 2


def _lower_endpoint(x: int, n: int, half_alpha: Fraction, bits: int) -> Fraction:
    """Largest dyadic a/2^bits with P(X ≥ x; a/2^bits) ≤ α/2 (so it is ≤ the exact L)."""
    if x == 0:
        return Fraction(0)
    s = 1 << bits
    # P(X >= x; p) increases with p; invariant: tail(lo) <= α/2 < tail(hi)
    lo, hi = 0, s  # tail(0) = 0 <= α/2, tail(1) = 1 > α/2
    a_num, a_den = half_alpha.numerator, half_alpha.denominator
    while hi - lo > 1:
        mid = (lo + hi) // 2
        # tail = N / s^n compared with a_num / a_den, exactly
        if _tail_numerator(x, n, mid, s, True) * a_den <= a_num * s**n:
            lo = mid
        else:
            hi = mid
    return Fraction(lo, s)


def _upper_endpoint(x: int, n: int, half_alpha: Fraction, bits: int) -> Fraction:
    """Smallest dyadic b/2^bits with P(X ≤ x; b/2^bits) ≤ α/2 (so it is ≥ the exact U)."""
    if x == n:
        return Fraction(1)
    s = 1 << bits
    # P(X <= x; p) decreases with p; invariant: tail(lo) > α/2 >= tail(hi)
    lo, hi = 0, s  # tail(0) = 1 > α/2, tail(1) = 0 <= α/2
    a_num, a_den = half_alpha.numerator, half_alpha.denominator
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _tail_numerator(x, n, mid, s, False) * a_den <= a_num * s**n:
            hi = mid
        else:
            lo = mid
    return Fraction(hi, s)


def clopper_pearson(
    successes: int, trials: int, confidence: Fraction = Fraction(99, 100), *, bits: int = DEFAULT_BITS
) -> tuple[Fraction, Fraction]:
    """Conservative two-sided Clopper–Pearson interval for a binomial proportion.

    Returns dyadic rationals ``(lo, hi)`` with ``lo ≤ L`` and ``hi ≥ U``, where
    ``[L, U]`` is the exact Clopper–Pearson interval at the given confidence;
    ``hi − lo`` exceeds ``U − L`` by at most ``2 / 2**bits``.  Every comparison
    is exact, so coverage ≥ ``confidence`` holds as a theorem, not a float
    approximation.  Each side alone is a one-sided bound at level
    ``(1 + confidence) / 2``.

    >>> lo, hi = clopper_pearson(5, 10, Fraction(95, 100), bits=16)
    >>> round(float(lo), 4), round(float(hi), 4)  # scipy: 0.1871, 0.8129
    (0.1871, 0.8129)
    >>> clopper_pearson(10, 10)[1]
    Fraction(1, 1)
    """
    half_alpha = _check_interval_args(successes, trials, confidence, bits)
    return (
        _lower_endpoint(successes, trials, half_alpha, bits),
        _upper_endpoint(successes, trials, half_alpha, bits),
    )


def clopper_pearson_lower(
    successes: int, trials: int, confidence: Fraction = Fraction(99, 100), *, bits: int = DEFAULT_BITS
) -> Fraction:
    """One-sided lower confidence bound: P(p ≥ returned value) ≥ ``confidence``.

    (The lower end of the two-sided interval at level ``2·confidence − 1``.)

    >>> clopper_pearson_lower(0, 7)
    Fraction(0, 1)
    >>> float(clopper_pearson_lower(20, 20, Fraction(99, 100))) > 0.79  # 0.01 ** (1/20) = 0.7943
    True
    """
    half_alpha = _check_interval_args(successes, trials, confidence, bits) * 2
    return _lower_endpoint(successes, trials, half_alpha, bits)


def clopper_pearson_upper(
    successes: int, trials: int, confidence: Fraction = Fraction(99, 100), *, bits: int = DEFAULT_BITS
) -> Fraction:
    """One-sided upper confidence bound: P(p ≤ returned value) ≥ ``confidence``.

    >>> float(clopper_pearson_upper(0, 20, Fraction(99, 100))) < 0.21  # 1 - 0.01 ** (1/20) = 0.2057
    True
    """
    half_alpha = _check_interval_args(successes, trials, confidence, bits) * 2
    return _upper_endpoint(successes, trials, half_alpha, bits)
