"""Exact binomial tails and conservative Clopper–Pearson intervals (exactrelu.exact.binomial)."""

from fractions import Fraction

import pytest
from scipy.stats import beta, binom

from exactrelu.exact.binomial import (
    binomial_cdf,
    binomial_pmf,
    binomial_sf,
    binomial_tail,
    clopper_pearson,
    clopper_pearson_lower,
    clopper_pearson_upper,
)
from exactrelu.exact.errors import InvalidDataError


def _scipy_cp(x, n, conf):
    a = 1 - conf
    lo = 0.0 if x == 0 else beta.ppf(a / 2, x, n - x + 1)
    hi = 1.0 if x == n else beta.ppf(1 - a / 2, x + 1, n - x)
    return lo, hi


def test_tails_are_exact_and_sum_to_one():
    p = Fraction(2, 7)
    n = 9
    pmf = [binomial_pmf(k, n, p) for k in range(n + 1)]
    assert sum(pmf) == 1
    for k in range(-1, n + 2):
        assert binomial_cdf(k, n, p) + binomial_sf(k + 1, n, p) == 1
        assert binomial_tail(k, n, p) == sum(pmf[max(k, 0) :])
        assert abs(float(binomial_cdf(k, n, p)) - binom.cdf(k, n, float(p))) < 1e-12


@pytest.mark.parametrize(
    "x,n,conf",
    [
        (0, 10, "0.99"),
        (3, 10, "0.99"),
        (10, 10, "0.99"),
        (17, 40, "0.95"),
        (1, 200, "0.99"),
        (150, 300, "0.9"),
    ],
)
def test_clopper_pearson_matches_scipy_and_is_outward(x, n, conf):
    c = Fraction(conf)
    lo, hi = clopper_pearson(x, n, c)
    slo, shi = _scipy_cp(x, n, float(c))
    tol = 2.0**-20
    # outward: contains the exact interval (up to scipy's float error), and no wider than the grid step
    assert float(lo) <= slo + 1e-12 and float(hi) >= shi - 1e-12
    assert slo - float(lo) < tol and float(hi) - shi < tol
    # exact defining conditions at the returned endpoints
    half = (1 - c) / 2
    if x > 0:
        assert binomial_sf(x, n, lo) <= half
    if x < n:
        assert binomial_cdf(x, n, hi) <= half


def test_one_sided_bounds():
    lo = clopper_pearson_lower(40, 50, Fraction(99, 100))
    assert abs(float(lo) - beta.ppf(0.01, 40, 11)) < 1e-6
    hi = clopper_pearson_upper(0, 50, Fraction(99, 100))
    assert abs(float(hi) - (1 - 0.01 ** (1 / 50))) < 1e-6


def test_negative_control_nonconservative_interval_is_detected():
    """A float interval shrunk by 1e-3 fails the exact defining condition, which the check catches."""
    x, n, c = 7, 30, Fraction(99, 100)
    slo, _ = _scipy_cp(x, n, 0.99)
    shrunk_lo = Fraction(slo + 1e-3)
    assert binomial_sf(x, n, shrunk_lo) > (1 - c) / 2  # tail too heavy: not a valid lower endpoint
    lo, _ = clopper_pearson(x, n, c)
    assert lo < shrunk_lo


@pytest.mark.parametrize(
    "args",
    [(-1, 10), (11, 10), (3, 0), (1.0, 10), (True, 10), (3, 10, 0.99), (3, 10, Fraction(1)), (3, 10, 0)],
)
def test_bad_arguments(args):
    with pytest.raises(InvalidDataError):
        clopper_pearson(*args)


def test_bad_probability():
    with pytest.raises(InvalidDataError, match="Fraction"):
        binomial_tail(1, 3, 0.5)
    with pytest.raises(InvalidDataError, match=r"\[0, 1\]"):
        binomial_tail(1, 3, Fraction(3, 2))
