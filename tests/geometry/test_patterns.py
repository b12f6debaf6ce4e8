"""Tests of exactrelu.geometry.patterns: feasible activation patterns with certificates
(Matena & Raffel 2022, section 3; Karhadkar et al. 2023, Propositions 6 and 7)."""

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exactrelu.exact.certificates import verify_gordan, verify_witness
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError, SizeLimitError
from exactrelu.exact.lp import ConeFeasibility
from exactrelu.exact.parse import exact_matrix, homogenise
from exactrelu.geometry.patterns import (
    MultiUnitFeasibility,
    activation_patterns,
    is_feasible_pattern,
    pattern_signs,
    verify_pattern_certificate,
)
from exactrelu.strategies import degenerate_datasets, generic_datasets, integer_datasets

LINE = [[0], [1], [2]]
FIGURE1 = [[-2, 3], [1, 4], [4, 2], [3, -1], [-1, -2]]


def _bar(X, bias=True):
    rows = exact_matrix(X)
    return homogenise(rows) if bias else rows


# --------------------------------------------------------------------------- unit tests


def test_collinear_line_patterns():
    pats = activation_patterns(LINE)
    assert pats == [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 1, 0), (1, 1, 1)]
    assert pats == sorted(pats)


def test_collinear_101_gets_gordan_certificate():
    r = is_feasible_pattern(LINE, [1, 0, 1])
    assert isinstance(r, ConeFeasibility) and not r.feasible and not r
    normals = _bar(LINE)
    assert verify_gordan(normals, (1, -1, 1), r.certificate)
    assert verify_pattern_certificate(LINE, [1, 0, 1], r)
    # negative control: a tampered Gordan vector is refused
    y = list(r.certificate)
    y[0] += 1
    assert not verify_pattern_certificate(LINE, [1, 0, 1], ConeFeasibility(False, certificate=tuple(y)))
    # the same certificate does not prove the feasible pattern (0, 1, 1) empty
    assert not verify_pattern_certificate(LINE, [0, 1, 1], r)


def test_feasible_pattern_witness():
    r = is_feasible_pattern(LINE, (0, 1, 1))
    assert r.feasible and r
    w = r.witness
    assert all(isinstance(v, int) for v in w)
    for x, a in zip(_bar(LINE), (0, 1, 1)):
        assert (2 * a - 1) * (x[0] * w[0] + x[1] * w[1]) > 0
    assert verify_pattern_certificate(LINE, (0, 1, 1), r)
    bad = ConeFeasibility(True, witness=tuple(-v for v in w))
    assert not verify_pattern_certificate(LINE, (0, 1, 1), bad)


def test_figure1_count_matches_proposition_6():
    pats = activation_patterns(FIGURE1)
    N, d = 5, 2
    assert len(pats) == 2 * sum(comb(N - 1, k) for k in range(d + 1)) == 22
    assert len(set(pats)) == 22


def test_no_bias():
    X = [[1, 0], [0, 1], [1, 1]]
    pats = activation_patterns(X, bias=False)
    # three lines through 0 in the plane: 6 sectors; (1, 1, 0) and (0, 0, 1) impossible
    assert len(pats) == 6 and (1, 1, 0) not in pats and (0, 0, 1) not in pats
    r = is_feasible_pattern(X, [1, 1, 0], bias=False)
    assert not r.feasible and verify_gordan(X, (1, 1, -1), r.certificate)
    assert verify_pattern_certificate(X, [1, 1, 0], r, bias=False)
    # the same certificate is not valid for the biased problem
    assert not verify_pattern_certificate(X, [1, 1, 0], r, bias=True)
    with pytest.raises(DegenerateInputError):
        activation_patterns([[0, 0], [1, 2]], bias=False)


def test_units_cartesian_power_and_limit():
    pats = activation_patterns(LINE)
    two = activation_patterns(LINE, units=2)
    assert len(two) == 36 and two == sorted(two)
    assert two == list(itertools.product(pats, repeat=2))
    with pytest.raises(SizeLimitError) as info:
        activation_patterns(LINE, units=2, limit=35)
    assert info.value.predicted == 36 and info.value.limit == 35
    assert len(activation_patterns(LINE, units=3, limit=216)) == 216
    with pytest.raises(SizeLimitError):
        activation_patterns(FIGURE1, limit=21)
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(InvalidDataError):
            activation_patterns(LINE, units=bad)


def test_pattern_validation():
    for bad in (
        [1, 0],
        [1, 0, 1, 1],
        [1, 2, 0],
        [1, -1, 0],
        [1, 0.5, 0],
        [1, 1.0, 0],
        "10",
        "1010",
        "1a1",
        "",
        "101,10",
        5,
        [],
        [[1, 0], [0, 1]],
        [[1, 0, 1], [1, 0]],
        np.zeros((2, 2, 3), dtype=int),
        np.zeros((0, 3), dtype=int),
    ):
        with pytest.raises(InvalidDataError):
            is_feasible_pattern(LINE, bad)
    with pytest.raises(InvalidDataError):
        verify_pattern_certificate(LINE, [1, 0], ConeFeasibility(False, certificate=(1, 2, 1)))
    # bit strings (a comma-separated list of them is a matrix), numpy vectors and booleans are fine
    assert is_feasible_pattern(LINE, "101") == is_feasible_pattern(LINE, [1, 0, 1])
    assert not is_feasible_pattern(LINE, "101").feasible
    assert isinstance(is_feasible_pattern(LINE, "011,110"), MultiUnitFeasibility)
    assert is_feasible_pattern(LINE, "011,110") == is_feasible_pattern(LINE, [[0, 1, 1], [1, 1, 0]])
    assert is_feasible_pattern(LINE, np.array([0, 1, 1])).feasible
    assert not is_feasible_pattern(LINE, [True, False, True]).feasible
    assert is_feasible_pattern(LINE, np.array([True, True, False])).feasible


def test_pattern_matrix():
    A = [[0, 1, 1], [1, 0, 1], [1, 1, 1]]
    r = is_feasible_pattern(LINE, A)
    assert isinstance(r, MultiUnitFeasibility)
    assert not r.feasible and not r and r.infeasible_units == (1,)
    assert r.witnesses is None
    assert verify_pattern_certificate(LINE, A, r)
    assert verify_gordan(_bar(LINE), pattern_signs(A[1]), r.units[1].certificate)
    ok = is_feasible_pattern(LINE, np.array([[0, 1, 1], [1, 1, 0]]))
    assert ok.feasible and len(ok.witnesses) == 2
    assert verify_pattern_certificate(LINE, [[0, 1, 1], [1, 1, 0]], ok)
    # negative controls: wrong claims, wrong shapes, wrong type
    assert not verify_pattern_certificate(LINE, A, MultiUnitFeasibility(True, r.units))
    assert not verify_pattern_certificate(LINE, A, MultiUnitFeasibility(False, r.units[:2]))
    assert not verify_pattern_certificate(LINE, A, r.units[0])
    assert not verify_pattern_certificate(LINE, [0, 1, 1], ok)
    swapped = MultiUnitFeasibility(True, (ok.units[1], ok.units[0]))
    assert not verify_pattern_certificate(LINE, [[0, 1, 1], [1, 1, 0]], swapped)


def test_rational_and_string_data():
    X = [["0"], [Fraction(1, 3)], ["2/3"]]
    assert activation_patterns(X) == activation_patterns(LINE)
    r = is_feasible_pattern(X, [1, 0, 1])
    assert not r.feasible and verify_pattern_certificate(X, [1, 0, 1], r)
    with pytest.raises(InvalidDataError):
        is_feasible_pattern([[0.5], [1.0]], [1, 0], strict=True)


# --------------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(integer_datasets(d=(1, 2), n=(1, 4), max_value=3))
def test_property_oracle_matches_enumeration(X):
    """Every pattern in {0,1}^N: the LP oracle agrees with the chamber list, with valid certificates."""
    pats = set(activation_patterns(X))
    for a in itertools.product((0, 1), repeat=len(X)):
        r = is_feasible_pattern(X, a)
        assert r.feasible == (a in pats)
        assert verify_pattern_certificate(X, a, r)
        # negative control: the certificate for a must not certify the complementary claim
        flipped = ConeFeasibility(not r.feasible, witness=r.witness, certificate=r.certificate)
        assert not verify_pattern_certificate(X, a, flipped)


@settings(max_examples=40, deadline=None)
@given(integer_datasets(d=(1, 2), n=(1, 5), max_value=3), st.data())
def test_property_tampered_certificates_rejected(X, data):
    a = data.draw(st.lists(st.integers(0, 1), min_size=len(X), max_size=len(X)))
    r = is_feasible_pattern(X, a)
    if r.feasible:
        w = list(r.witness)
        assert verify_witness(_bar(X), pattern_signs(a), w)
        bad = ConeFeasibility(True, witness=tuple(-v for v in w))
        assert not verify_pattern_certificate(X, a, bad)
        # the witness of a does not witness any other pattern
        i = data.draw(st.integers(0, len(X) - 1))
        b = list(a)
        b[i] = 1 - b[i]
        assert not verify_pattern_certificate(X, b, r)
    else:
        y = list(r.certificate)
        i = data.draw(st.integers(0, len(X) - 1))
        y[i] += 1  # x̄_i != 0 with a bias, so the sum no longer vanishes
        assert not verify_pattern_certificate(X, a, ConeFeasibility(False, certificate=tuple(y)))
        assert not verify_pattern_certificate(X, a, ConeFeasibility(False, certificate=(0,) * len(X)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generic_datasets(d=(1, 2), n=(1, 5), max_value=4))
def test_property_general_position_count_is_proposition_6(X):
    N, d = len(X), len(X[0])
    assert len(activation_patterns(X)) == 2 * sum(comb(N - 1, k) for k in range(d + 1))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(degenerate_datasets(d=(1, 2), n=(2, 5), max_value=4))
def test_property_degenerate_has_fewer_patterns(X):
    """Negative control for Prop. 6: planted degeneracy strictly lowers the count (when N > 1)."""
    N, d = len(X), len(X[0])
    assume(N >= 2)
    bound = 2 * sum(comb(N - 1, k) for k in range(d + 1))
    pats = activation_patterns(X)
    assert len(pats) < bound
    # and some pattern is provably infeasible, with a Gordan certificate
    missing = next(a for a in itertools.product((0, 1), repeat=N) if a not in set(pats))
    r = is_feasible_pattern(X, missing)
    assert not r.feasible and verify_gordan(_bar(X), pattern_signs(missing), r.certificate)


@settings(max_examples=20, deadline=None)
@given(integer_datasets(d=1, n=(1, 4), max_value=3), st.integers(1, 2))
def test_property_matrix_is_rowwise(X, m):
    pats = activation_patterns(X)
    tuples = activation_patterns(X, units=m)
    assert len(tuples) == len(pats) ** m
    if m == 1:  # units=1 returns the patterns themselves, not 1-tuples
        assert tuples == pats
        tuples = [(p,) for p in pats]
    for A in itertools.islice(itertools.product(itertools.product((0, 1), repeat=len(X)), repeat=m), 20):
        r = is_feasible_pattern(X, [list(row) for row in A])
        assert r.feasible == (tuple(A) in set(tuples))
        assert verify_pattern_certificate(X, [list(row) for row in A], r)


def test_pattern_matrices_as_tuples_lists_arrays_and_strings_agree():
    """A matrix of one row per unit is recognised whatever its container (regression: tuples of tuples)."""
    import numpy as np

    X = [[0], [1], [2]]
    forms = [[(0, 1, 0)], ((0, 1, 0),), [[0, 1, 0]], np.array([[0, 1, 0]]), "010,"]
    results = [is_feasible_pattern(X, f) for f in forms]
    assert all(not r.feasible for r in results)
    assert {type(r).__name__ for r in results} == {type(results[0]).__name__}
    assert is_feasible_pattern(X, (0, 1, 1)).feasible  # a flat tuple is one pattern
