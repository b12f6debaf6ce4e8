"""Lemma 15 (constructive interpolation), interpolation in a region, Theorem 12 (Karhadkar et al. 2023)."""

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.landscape.interpolation import (
    global_minima_in_region,
    interpolate_complete,
    interpolate_in_region,
    network_output,
    non_interpolable_labels,
    verify_interpolation,
)
from exactrelu.landscape.step_vectors import in_data_order
from exactrelu.strategies import label_vectors, one_d_datasets, step_vector_matrices


@st.composite
def complete_instances(draw, rational=False):
    Av = draw(step_vector_matrices(n=(1, 5), units=(0, 4), complete=True))
    n = len(Av[0][0])
    X = draw(one_d_datasets(n=n, sort=False))
    y = draw(label_vectors(n, rational=rational))
    return X, in_data_order(X, Av[0]), Av[1], y


@settings(max_examples=80, deadline=None)
@given(complete_instances(rational=True))
def test_lemma15_construction_fits_exactly(inst):
    X, A, v, y = inst
    r = interpolate_complete(X, A, v, y)
    assert r.verify(), r.failures()
    assert network_output(X, r.W, v) == tuple(Fraction(a) for a in y)
    # negative control: moving one key neuron's bias breaks the fit (or the pattern)
    i = next(iter(r.key.values()))
    W = list(r.W)
    W[i] = (W[i][0], W[i][1] + 1)
    assert not verify_interpolation(X, A, v, y, W)


@settings(max_examples=40, deadline=None)
@given(complete_instances())
def test_exact_lp_agrees_with_lemma15(inst):
    """The general exact LP finds a zero-loss point whenever A is complete; its witness verifies."""
    X, A, v, y = inst
    r = interpolate_in_region(X, A, v, y)
    assert r.feasible and r.verify()


def test_lemma15_literal_formula_leaves_the_open_region():
    """The paper's formulas give a boundary point when z^(1) = 0; the repaired construction does not."""
    X = [[0], [1], [3]]
    A = [(1, 1, 1), (1, 1, 1), (0, 1, 1), (0, 1, 1), (0, 0, 1), (0, 0, 1)]
    v = [1, -1] * 3
    lit = interpolate_complete(X, A, v, [0, 0, 0], literal=True)
    assert not lit.verify() and "pre-activation 0" in lit.failures()[0]
    assert network_output(X, lit.W, v) == (0, 0, 0)  # it does fit y, on the boundary
    fixed = interpolate_complete(X, A, v, [0, 0, 0])
    assert fixed.verify() and fixed.steps[0]["repaired"]
    # Δ = 0 at a later step: g^(0)(x) = x + 1 already fits y at x = 1
    r = interpolate_complete(X, A, v, [1, 2, 5])
    assert r.verify() and [s["degenerate"] for s in r.steps] == [False, True, False]
    assert not interpolate_complete(X, A, v, [1, 2, 5], literal=True).verify()


def test_lemma15_refuses_bad_input():
    A = [(1, 1), (1, 1), (0, 1), (0, 1)]
    with pytest.raises(InvalidDataError, match="not complete"):
        interpolate_complete([[0], [1]], A, [1, 1, 1, -1], [0, 0])
    with pytest.raises(DegenerateInputError, match="distinct"):
        interpolate_complete([[1], [1]], A, [1, -1, 1, -1], [0, 0])


@settings(max_examples=40, deadline=None)
@given(step_vector_matrices(n=(1, 4), units=(1, 5), with_v=True), st.data())
def test_region_interpolation_certificates(Av, data):
    """Every answer of the exact LP carries a certificate that verifies; corrupting it is detected."""
    A, v = Av
    n = len(A[0])
    X = [[j] for j in range(n)]
    y = data.draw(label_vectors(n))
    r = interpolate_in_region(X, A, v, y)
    assert r.verify()
    if r.feasible:
        assert not verify_interpolation(X, A, v, [a + 1 for a in y], r.W)
    else:
        assert not replace(r, farkas=tuple(-a for a in r.farkas)).verify()  # negative multipliers


def test_incomplete_matrix_has_unfittable_labels():
    """Negative control for Lemma 15: with every v_i > 0 the network is >= 0, so y = -e_1 fails."""
    X, A = [[0], [1], [3]], [(1, 1, 1), (0, 1, 1), (0, 0, 1)]
    bad = non_interpolable_labels(X, A, [1, 1, 1])
    assert bad and bad[0][0] == (-1, 0, 0) and all(r.verify() for _, r in bad)
    full = [(1, 1, 1), (1, 1, 1), (0, 1, 1), (0, 1, 1), (0, 0, 1), (0, 0, 1)]
    assert non_interpolable_labels(X, full, [1, -1] * 3) == []


def test_theorem12_codimension():
    X = [[0], [1], [3]]
    A = [(1, 1, 1), (1, 1, 1), (0, 1, 1), (0, 1, 1), (0, 0, 1), (0, 0, 1), (1, 0, 0)]
    v = [1, -1, 2, -1, 1, -3, 5]
    G = global_minima_in_region(X, A, v, [2, -1, 7])
    assert G.nonempty and G.codimension == 3 and G.dimension == 14 - 3 and G.verify()
    # incomplete, all v > 0: codimension is still rank J = 3 but the set is empty for y = -1
    H = global_minima_in_region(X, A[::2], [1, 1, 1, 1], [-1, -1, -1])
    assert not H.nonempty and H.dimension is None and H.verify()


def test_two_dimensional_data():
    """interpolate_in_region is not restricted to 1-D data."""
    X = [[0, 0], [1, 0], [0, 1], [1, 1]]
    A = [(1, 1, 1, 1), (1, 1, 1, 1), (0, 1, 0, 1), (0, 0, 1, 1)]
    r = interpolate_in_region(X, A, [1, -1, 1, 1], [1, 2, 3, 5])
    assert r.verify()
    assert r.feasible == (not non_interpolable_labels(X, A, [1, -1, 1, 1], candidates=[(1, 2, 3, 5)]))
