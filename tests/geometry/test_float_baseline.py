"""Tests of exactrelu.geometry.float_baseline: the float LP baseline and where it goes wrong."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from exactrelu.exact.certificates import verify_gordan, verify_witness
from exactrelu.exact.errors import SizeLimitError
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.float_baseline import (
    FloatComparison,
    compare_with_exact,
    float_chambers,
    float_cone_margin,
    large_collinear_dataset,
    near_degenerate_dataset,
)
from exactrelu.strategies import integer_datasets


def test_float_cone_margin():
    t, w = float_cone_margin(np.array([[1.0, 0.0], [0.0, 1.0]]), [1, 1])
    assert t == pytest.approx(1.0) and w is not None
    t, _ = float_cone_margin(np.array([[1.0, 0.0], [1.0, 0.0]]), [1, -1])
    assert t <= 1e-9


def test_float_chambers_easy_cases():
    assert len(float_chambers([[0], [1], [2]])) == 6
    assert len(float_chambers([[-2, 3], [1, 4], [4, 2], [3, -1], [-1, -2]])) == 22
    assert len(float_chambers([[1, 0], [0, 1]], bias=False)) == 4
    with pytest.raises(SizeLimitError):
        float_chambers([[-2, 3], [1, 4], [4, 2], [3, -1], [-1, -2]], limit=10)


def test_near_degenerate_float_count_is_wrong():
    X = near_degenerate_dataset()
    assert X[1] == [1, Fraction(1, 10**12)]
    r = compare_with_exact(X)
    assert isinstance(r, FloatComparison)
    # exactly in general position: Karhadkar et al. 2023, Proposition 6 gives 2(1 + 4 + 6) = 22
    assert r.exact_count == r.n_regions == 2 * sum(comb(4, k) for k in range(3)) == 22
    assert r.float_count == 16 and len(r.missing) == 6 and not r.spurious and not r.agree
    arr = HyperplaneArrangement.from_data(X)
    for s, w in r.missing_witnesses.items():  # each missed chamber has an exact witness
        assert verify_witness(arr.normals, s, w)
    assert "6 missing" in r.summary()
    # same failure for a "trusting" tolerance
    assert compare_with_exact(X, tol=0.0).float_count == 16


def test_near_degenerate_threshold():
    # with a visible perturbation the float baseline is right; with eps = 0 the data is degenerate
    assert compare_with_exact(near_degenerate_dataset(Fraction(1, 1000))).agree
    r0 = compare_with_exact(near_degenerate_dataset(0))
    assert r0.exact_count == 16 and r0.agree


def test_large_collinear_spurious_chamber():
    X = large_collinear_dataset()
    r = compare_with_exact(X, tol=0.0)
    assert r.exact_count == r.n_regions == 20
    assert r.float_count == 21 and len(r.spurious) == 1 and not r.missing
    arr = HyperplaneArrangement.from_data(X)
    for s, y in r.spurious_certificates.items():  # each spurious chamber is provably empty
        assert verify_gordan(arr.normals, s, y)
    assert compare_with_exact(X, tol=1e-9).agree


def test_duplicate_points_defeat_single_flips():
    # a repeated hyperplane cannot be crossed by flipping one sign: the naive walk finds half
    r = compare_with_exact([[0], [0], [1]])
    assert r.exact_count == 4 and r.float_count == 2 and len(r.missing) == 2


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(integer_datasets(d=(1, 2), n=(1, 4), max_value=3))
def test_property_float_agrees_on_small_distinct_integer_data(X):
    """Small integer data with distinct points: float and exact agree (margins are large)."""
    assume(len({tuple(x) for x in X}) == len(X))
    r = compare_with_exact(X)
    assert r.agree and r.float_count == r.exact_count == r.n_regions


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(integer_datasets(d=(1, 2), n=(2, 4), max_value=3))
def test_property_negative_control_duplicate_breaks_float(X):
    """Negative control: plant a duplicate point; the comparison must report missing chambers."""
    X = [list(X[0])] + [list(x) for x in X]
    r = compare_with_exact(X)
    assert not r.agree and r.missing and r.float_count < r.exact_count
    arr = HyperplaneArrangement.from_data(X)
    for s, w in r.missing_witnesses.items():
        assert verify_witness(arr.normals, s, w)
