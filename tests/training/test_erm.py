"""Exact ERM (Algorithm 1): certificate, size guard, and exact ERM as a lower bound for every heuristic."""

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.network import ShallowReLU
from exactrelu.strategies import generic_datasets, integer_datasets, label_vectors
from exactrelu.training.erm import exact_erm, predicted_regions, verify_erm
from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex

ABS = ([[-1], [0], [1]], (1, 0, 1))


def test_abs_fitted_by_two_units_and_certificate_checks():
    r = exact_erm(*ABS, units=2)
    assert r.value == 0 and r.network(ABS[0]) == (1, 0, 1)
    assert r.n_regions == predicted_regions(ABS[0], 2) == 78
    assert verify_erm(*ABS, r)
    assert r.to_dict(table=False)["n_regions"] == 78 and len(r.to_dict()["table"]) == 78


def test_one_unit_cannot_fit_a_bump_and_fixed_v_is_no_better_than_free():
    X, y = [[0], [1], [2]], (0, 1, 0)
    free, fixed = exact_erm(X, y, units=1), exact_erm(X, y, v=(1,))
    assert free.value == fixed.value == Fraction(2, 3)
    minus = exact_erm(X, y, v=(-1,))
    assert minus.value == 1 and free.value <= minus.value
    assert verify_erm(X, y, fixed) and verify_erm(X, y, minus)


def test_free_signs_are_the_least_fixed_sign_minimum_on_degenerate_data():
    X, y = [[-1, 0], [0, 0], [1, 0], [0, 0]], (0, 1, 0, 1)  # repeated and collinear points
    r = exact_erm(X, y, units=2)
    fixed = [exact_erm(X, y, v=v) for v in [(1, 1), (1, -1), (-1, -1)]]
    assert r.value == min(g.value for g in fixed) and verify_erm(X, y, r)
    assert r.n_regions == sum(g.n_regions for g in fixed) and all(verify_erm(X, y, g) for g in fixed)


@pytest.mark.parametrize("tamper", ["drop_region", "lower_value", "bad_witness", "wrong_network", "wrong_v"])
def test_verifier_negative_controls(tamper):
    X, y = [[0], [1], [2], [4]], (1, 0, 2, 1)
    r = exact_erm(X, y, units=1)
    assert verify_erm(X, y, r)
    if tamper == "drop_region":
        bad = dataclasses.replace(r, regions=r.regions[1:])
    elif tamper == "lower_value":
        bad = dataclasses.replace(r, value=r.value - Fraction(1, 10**9))
    elif tamper == "bad_witness":
        c = r.chambers[0]
        bad = dataclasses.replace(
            r, chambers=(c._replace(witness=tuple(-t for t in c.witness)),) + r.chambers[1:]
        )
    elif tamper == "wrong_network":
        bad = dataclasses.replace(r, network=ShallowReLU([[1, 1]], [1]))
    else:
        assert verify_erm(X, y, exact_erm(X, y, v=(1,)))
        bad = exact_erm(X, y, v=(1,))
        assert not verify_erm(X, y, bad, v=(-1,))
        return
    assert not verify_erm(X, y, bad)


def test_size_guard_reports_prediction_before_work():
    X = [[i, i * i % 7] for i in range(12)]
    with pytest.raises(SizeLimitError) as exc:
        exact_erm(X, [0] * 12, units=3, limit=1000)
    assert str(predicted_regions(X, 3)) in str(exc.value)


def test_bad_input():
    with pytest.raises(InvalidDataError, match="units"):
        exact_erm([[0], [1]], (0, 1), units=0)
    with pytest.raises(InvalidDataError, match="labels"):
        exact_erm([[0], [1]], (0,), units=1)
    with pytest.raises(InvalidDataError, match="disagrees"):
        exact_erm([[0], [1]], (0, 1), units=2, v=(1,))


@settings(max_examples=12, deadline=None)
@given(generic_datasets(d=(1, 2), n=(3, 5)), st.data())
def test_no_heuristic_beats_exact_erm(X, data):
    """GD, GLS and random vertex never go below the exact global minimum (all judged exactly)."""
    y = data.draw(label_vectors(len(X)))
    v = data.draw(st.sampled_from([(1,), (1, -1), (1, 1)]))
    erm = exact_erm(X, y, v=v)
    free = exact_erm(X, y, units=len(v))
    assert free.value <= erm.value
    seed = data.draw(st.integers(0, 100))
    gls = greedy_local_search(X, y, v=v, seed=seed)
    gd = gradient_descent(X, y, v=v, steps=300, seed=seed)
    gd_free = gradient_descent(X, y, units=len(v), steps=300, seed=seed)
    rv = random_vertex(X, y, v=v, samples=3, seed=seed)
    assert erm.value <= gls.value and erm.value <= gd.value and erm.value <= rv.value
    assert free.value <= gd_free.value
    # negative control: the lower bound is tight somewhere, i.e. some region attains it
    assert any(s.value == erm.value for s in erm.regions)


@settings(max_examples=10, deadline=None)
@given(integer_datasets(d=(1, 2), n=(2, 5)), st.data())
def test_erm_is_below_every_network(X, data):
    """Lower bound against arbitrary exact networks; negative control: a lowered value is rejected."""
    y = data.draw(label_vectors(len(X)))
    r = exact_erm(X, y, units=1)
    W = data.draw(
        st.lists(st.fractions(-3, 3, max_denominator=4), min_size=len(X[0]) + 1, max_size=len(X[0]) + 1)
    )
    s = data.draw(st.sampled_from([1, -1, Fraction(1, 2)]))
    assert r.value <= ShallowReLU([W], [s]).loss(X, y)
    assert verify_erm(X, y, r)
    assert not verify_erm(X, y, dataclasses.replace(r, value=r.value - 1))
