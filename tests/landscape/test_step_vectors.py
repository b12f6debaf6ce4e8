"""Lemma 9 (step vectors), diverse and complete matrices (Karhadkar et al. 2023, section 5)."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.linalg import rank
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.landscape.jacobian import jacobian_rank
from exactrelu.landscape.step_vectors import (
    compare_step_characterisation,
    completeness_gaps,
    diversity_gaps,
    is_complete,
    is_diverse,
    is_step_vector,
    n_regions_1d,
    random_step_matrix,
    sort_columns,
    step_label,
    step_regions,
    step_vector,
    step_vectors,
)
from exactrelu.strategies import one_d_datasets, step_vector_matrices


def test_step_vectors_small():
    assert step_vectors(1) == [(0,), (1,)]
    assert len(step_vectors(5)) == 10
    assert step_vector(3, 1, 0) == (0, 0, 0) == step_vector(3, 4, 1)
    assert step_vector(3, 4, 0) == (1, 1, 1) == step_vector(3, 1, 1)
    with pytest.raises(InvalidDataError):
        step_vector(3, 5, 0)


@given(st.integers(1, 9))
def test_labels_roundtrip(n):
    for v in step_vectors(n):
        k, side = step_label(v)
        assert step_vector(n, k, side) == v
    assert step_label((0, 1, 0) + (0,) * (n - 1)) is None  # negative control


@settings(max_examples=60, deadline=None)
@given(one_d_datasets(n=(1, 7), sort=False))
def test_step_regions_match_engine(X):
    """Lemma 9 (a): the direct enumeration equals the general exact chambers."""
    R = step_regions(X)
    assert R.verify() and len(R) == 2 * len(X) == n_regions_1d(X)
    exact = {c.pattern for c in HyperplaneArrangement.from_data(X, bias=True).chambers()}
    assert set(R.patterns()) == exact
    # every chamber is a step vector in sorted order
    assert all(is_step_vector(r) for r in sort_columns(X, sorted(exact)))


@settings(max_examples=40, deadline=None)
@given(one_d_datasets(n=(2, 7), duplicates=True, sort=False))
def test_step_regions_with_duplicates(X):
    """Repeated points: 2m regions for m distinct values, still equal to the engine's chambers."""
    R = step_regions(X)
    m = len({r[0] for r in X})
    assert R.has_duplicates and len(R) == 2 * m < 2 * len(X)
    exact = {c.pattern for c in HyperplaneArrangement.from_data(X, bias=True).chambers()}
    assert set(R.patterns()) == exact
    # negative control: some step vector of the n points is not a region any more
    assert set(sort_columns(X, step_vectors(len(X)))) - {tuple(p) for p in sort_columns(X, exact)}


def test_witness_verifier_rejects_wrong_witness():
    R = step_regions([[0], [1], [2]])
    bad = type(R)(R.x, (type(R.regions[0])(R.regions[0].pattern, 1, 0, (1, 0)),) + R.regions[1:], R.distinct)
    assert R.verify() and not bad.verify()


def test_float_lp_disagrees_on_close_points():
    c = compare_step_characterisation([0, 1, 1 + Fraction(1, 10**12), 3])
    assert c.lemma9_agrees and len(c.exact) == 8
    assert c.false_negatives == ((0, 0, 1, 1), (1, 1, 0, 0)) and not c.false_positives
    ok = compare_step_characterisation([0, 1, 2, 3])
    assert ok.lemma9_agrees and not ok.false_negatives and not ok.false_positives


def test_float_comparison_refuses_large_n():
    with pytest.raises(SizeLimitError):
        compare_step_characterisation(list(range(30)), limit=1000)


@settings(max_examples=60, deadline=None)
@given(step_vector_matrices(n=(1, 6), units=(1, 10)))
def test_diverse_implies_full_rank(A):
    """Proof of Theorem 10: diverse ⇒ rank A = n ⇒ the Jacobian has rank n."""
    n = len(A[0])
    if is_diverse(A):
        assert rank(A) == n
        assert jacobian_rank([[j] for j in range(n)], A).rank == n


def test_non_diverse_can_be_rank_deficient():
    A = [step_vector(4, k, 1) for k in (2, 3, 4)]  # no all-ones row
    assert not is_diverse(A) and rank(A) == 3
    assert diversity_gaps(A) == ["no row equals ξ^(1,1) = (1, ..., 1)"]
    # full rank but not diverse: the converse of the implication fails
    B = [(1, 0, 0), (1, 1, 0), (1, 1, 1)]
    assert not is_diverse([B[0], B[2]]) and rank(B) == 3 and is_diverse(B)


@settings(max_examples=40, deadline=None)
@given(step_vector_matrices(n=(1, 5), units=(0, 4), complete=True))
def test_complete_strategy_is_complete(Av):
    A, v = Av
    assert is_complete(A, v)
    assert is_complete(A, [-a for a in v])  # both signs are present, so flipping keeps it
    assert not is_complete(A, [abs(a) for a in v])  # negative control: no negative unit left


def test_completeness_gaps_message():
    gaps = completeness_gaps([(1, 1), (0, 1)], [1, 1])
    assert gaps == [
        "no unit with negative v has pattern ξ^(1,1)",
        "no unit with negative v has pattern ξ^(2,1)",
    ]
    with pytest.raises(InvalidDataError):
        completeness_gaps([(1, 1)], [0])


def test_random_step_matrix_is_seeded():
    assert random_step_matrix(5, 7, 3) == random_step_matrix(5, 7, 3)
    assert all(is_step_vector(r) for r in random_step_matrix(5, 7, 3))


@settings(max_examples=30, deadline=None)
@given(step_vector_matrices(n=(3, 6), units=(1, 5), non_step=True))
def test_non_step_rows_are_empty_regions(A):
    """Negative control for Lemma 9: a non-step row has an empty region (exact Farkas certificate)."""
    from exactrelu.geometry.patterns import is_feasible_pattern

    n = len(A[0])
    X = [[j] for j in range(n)]
    assert not is_feasible_pattern(X, A)
    assert not is_diverse(A)
