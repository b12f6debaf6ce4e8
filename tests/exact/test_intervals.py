"""Rational enclosures of square roots and exact signs of sums of square roots."""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import dyadic, norm_upper, sqrt_bounds, sqrt_bracket, sqrt_sum_sign

nonneg = st.fractions(min_value=0, max_value=10**6, max_denominator=10**4)


@given(nonneg, st.integers(1, 10**6))
def test_sqrt_bracket_encloses_and_is_tight(q, scale):
    lo, hi = sqrt_bracket(q, scale)
    assert lo * lo <= q <= hi * hi
    assert hi - lo <= Fraction(1, q.denominator * scale)
    assert (lo == hi) == (lo * lo == q)  # equal ends exactly when the root is rational


@given(st.lists(st.fractions(min_value=-100, max_value=100, max_denominator=50), min_size=1, max_size=5))
def test_norm_upper_is_an_upper_bound(v):
    rho = norm_upper(v)
    assert rho * rho >= sum(x * x for x in v)
    assert float(rho) <= math.sqrt(sum(float(x) ** 2 for x in v)) + 2**-19


def test_exact_values_and_errors():
    assert sqrt_bracket(Fraction(9, 4), 10) == (Fraction(3, 2), Fraction(3, 2))
    assert sqrt_bounds(2, digits=3) == (Fraction(1414, 1000), Fraction(1415, 1000))
    with pytest.raises(InvalidDataError):
        sqrt_bracket(-1, 1)
    assert dyadic(0.1, bits=8) == Fraction(205, 2048) and dyadic(float("nan")) == 0


@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(0, 50)), max_size=5))
def test_sqrt_sum_sign_matches_high_precision(terms):
    exact = sqrt_sum_sign(terms)
    approx = sum(c * math.sqrt(a) for c, a in terms)
    if abs(approx) > 1e-9:
        assert exact == (approx > 0) - (approx < 0)
    # the sign is invariant under writing √(k² a) as k √a
    assert sqrt_sum_sign([(c, 4 * a) for c, a in terms]) == exact


def test_sqrt_sum_sign_decides_zero_exactly():
    """√8 − 2√2 is exactly 0; a difference of 5e-21 is still decided (negative control for floats)."""
    assert sqrt_sum_sign([(1, 8), (-2, 2)]) == 0
    assert sqrt_sum_sign([(1, 10**40), (-1, 10**40 + 1)]) == -1
    assert math.sqrt(10**40) - math.sqrt(10**40 + 1) == 0.0  # floats cannot tell
