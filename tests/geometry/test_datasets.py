"""Tests of exactrelu.datasets: the built-in examples and their registry."""

from itertools import combinations

import pytest

from exactrelu.datasets import (
    collinear_triple,
    describe_dataset,
    duplicate_points,
    figure1_dataset,
    get_dataset,
    list_datasets,
    points_1d,
    square,
)
from exactrelu.exact.errors import InvalidDataError


def _collinear(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) == 0


def test_figure1_is_in_general_position():
    X = figure1_dataset()
    assert len(X) == 5 and all(len(r) == 2 for r in X)
    assert all(isinstance(v, int) for r in X for v in r)
    assert not any(_collinear(*t) for t in combinations(X, 3))
    # no point at the origin, no two points on a line through the origin:
    # the slice w_3 = 1 shows 5 pairwise non-parallel lines
    assert all(any(r) for r in X)
    assert not any(a[0] * b[1] == a[1] * b[0] for a, b in combinations(X, 2))


def test_negative_control_collinear_triple_is_not_in_general_position():
    X = collinear_triple()
    assert any(_collinear(*t) for t in combinations(X, 3))


@pytest.mark.parametrize(
    "name, chambers",
    [("figure1", 22), ("collinear_triple", 12), ("duplicate_points", 8), ("square", 14), ("points_1d", 6)],
)
def test_chamber_counts(name, chambers):
    arrangement = pytest.importorskip("exactrelu.geometry.arrangement")
    A = arrangement.HyperplaneArrangement.from_data(get_dataset(name), bias=True)
    assert A.n_regions() == chambers
    assert len(A.chambers()) == chambers


def test_figure1_generic_count_and_position():
    position = pytest.importorskip("exactrelu.geometry.position")
    assert position.affine_general_position(figure1_dataset()).holds
    assert not position.affine_general_position(collinear_triple()).holds
    # 5 generic central planes in R^3: 2 (C(4,0) + C(4,1) + C(4,2)) = 22
    assert 2 * (1 + 4 + 6) == 22


def test_duplicate_rows_equal():
    X = duplicate_points()
    assert X[0] == X[1]
    assert len({tuple(r) for r in X}) == len(X) - 1


def test_registry_round_trip_and_fresh_copies():
    names = list_datasets()
    assert names == sorted(names)
    for name in ["figure1", "collinear_triple", "duplicate_points", "square", "points_1d"]:
        assert name in names
        assert isinstance(describe_dataset(name), str)
        X = get_dataset(name)
        X[0][0] = 999  # mutate the copy ...
        assert get_dataset(name)[0][0] != 999  # ... the registry is unaffected
    assert get_dataset("points-1d") == points_1d()
    assert get_dataset("square") == square()


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(InvalidDataError, match=r"unknown example 'nope'.*figure1"):
        get_dataset("nope")
    with pytest.raises(InvalidDataError):
        describe_dataset("nope")


def test_near_degenerate_registered():
    from exactrelu.geometry.float_baseline import near_degenerate_dataset

    assert "near_degenerate" in list_datasets()
    X = get_dataset("near-degenerate")
    assert X == [list(row) for row in near_degenerate_dataset()] and isinstance(X[0], list)
    assert describe_dataset("near-degenerate").startswith("nearly collinear")
