"""Tests of exactrelu.strategies (shapes, guarantees, shrinking)."""

from fractions import Fraction

import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_matrix
from exactrelu.geometry.position import affine_general_position, linear_general_position
from exactrelu.strategies import (
    DEGENERACIES,
    degenerate_datasets,
    generic_datasets,
    integer_datasets,
    normal_matrices,
    one_d_datasets,
    rational_datasets,
)


@given(integer_datasets(d=2, n=(3, 4), max_value=4))
def test_integer_shapes(X):
    assert 3 <= len(X) <= 4 and all(len(r) == 2 for r in X)
    assert all(isinstance(v, int) and abs(v) <= 4 for r in X for v in r)
    exact_matrix(X)


@given(rational_datasets(d=(1, 2), n=(1, 3)))
def test_rational_entries(X):
    assert all(isinstance(v, Fraction) for r in X for v in r)
    exact_matrix(X)


@given(generic_datasets(d=(1, 3), n=(1, 8), method="moment"))
def test_moment_curve_generic(X):
    assert affine_general_position(X)


@given(generic_datasets(d=st.sampled_from([2, 3]), n=6, max_value=1))
def test_repair_generic_even_from_tiny_coordinates(X):
    # with coordinates in [-1, 1] most draws are degenerate: the repair must fix them
    assert len(X) == 6 and affine_general_position(X)


@given(degenerate_datasets(d=(1, 3), n=(2, 6), with_kind=True))
def test_degenerate_has_planted_kind(Xk):
    X, kind = Xk
    assert kind in DEGENERACIES
    assert not affine_general_position(X)


@pytest.mark.parametrize("kind", DEGENERACIES)
def test_each_degeneracy_kind(kind):
    @given(degenerate_datasets(d=(2, 3), n=(4, 6), kinds=(kind,), with_kind=True))
    def inner(Xk):
        X, got = Xk
        assert got == kind
        assert not affine_general_position(X)

    inner()


@given(one_d_datasets(n=(1, 8)))
def test_one_d_distinct_sorted(X):
    xs = [r[0] for r in X]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


@given(one_d_datasets(n=(2, 8), duplicates=True, sort=False))
def test_one_d_duplicates(X):
    xs = [r[0] for r in X]
    assert len(set(xs)) < len(xs)


@given(normal_matrices(D=(1, 4), n=(1, 6)))
def test_normals_nonzero(V):
    assert all(any(r) for r in V)


def test_shrinks_to_tiny_instances():
    # the minimal data set with 3 points that is not in general position: three equal points at 0
    X = find(integer_datasets(d=(1, 3), n=(3, 6)), lambda X: not affine_general_position(X))
    assert X == [[0], [0], [0]]
    # minimal failing normal matrix for linear general position: two equal unit vectors
    V = find(normal_matrices(D=(2, 3), n=(2, 4)), lambda V: not linear_general_position(V))
    assert len(V) == 2 and len(V[0]) == 2 and max(abs(v) for r in V for v in r) <= 1


def test_bad_parameters():
    for strategy in (
        integer_datasets(d=(3, 1)),
        degenerate_datasets(kinds=("nonsense",)),
        generic_datasets(method="nope"),
        one_d_datasets(n=1, duplicates=True),
    ):
        with pytest.raises(InvalidDataError):
            find(strategy, lambda x: True)
