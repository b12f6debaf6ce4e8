"""Tests of exactrelu.geometry.position (general position with dependency certificates)."""

import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact import linalg
from exactrelu.exact.certificates import verify_affine_dependency, verify_dependency
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.geometry.position import (
    affine_general_position,
    circuit,
    general_position,
    linear_general_position,
)
from exactrelu.strategies import (
    degenerate_datasets,
    generic_datasets,
    integer_datasets,
    normal_matrices,
    rational_datasets,
)


def brute_linear(V):
    """Reference: every min(n, D)-subset has full rank (plain determinants/ranks)."""
    n, D = len(V), len(V[0])
    k = min(n, D)
    return all(linalg.rank([V[i] for i in S]) == k for S in itertools.combinations(range(n), k))


def brute_affine(X):
    return brute_linear([tuple(r) + (1,) for r in X])


def assert_counterexample(res, vectors, affine):
    assert not res.holds and not bool(res)
    sub = [vectors[i] for i in res.subset]
    assert len(res.subset) <= min(len(vectors), len(vectors[0]) + (1 if affine else 0))
    assert all(c != 0 for c in res.coefficients)
    ok = (
        verify_affine_dependency(sub, res.coefficients)
        if affine
        else verify_dependency(sub, res.coefficients)
    )
    assert ok
    # minimal: every proper subset independent
    hom = [tuple(v) + ((1,) if affine else ()) for v in sub]
    for j in range(len(hom)):
        rest = hom[:j] + hom[j + 1 :]
        assert not rest or linalg.rank(rest) == len(rest)


# ------------------------------------------------------------------ unit tests
def test_identity_and_extra_vector():
    r = linear_general_position([(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)])
    assert r and r.certificate["subsets_certified"] == 4 and r.subset is None


def test_zero_vector():
    r = linear_general_position([(1, 2), (0, 0), (3, 1)])
    assert r.reason == "zero vector" and r.subset == (1,) and r.coefficients == (1,)


def test_parallel_pair_opposite_sign():
    r = linear_general_position([(1, 2, 0), (5, 5, 5), (-2, -4, 0)])
    assert r.reason == "parallel pair" and r.subset == (0, 2) and r.coefficients == (2, 1)


def test_dependent_triple_in_r3():
    V = [(1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1)]
    r = linear_general_position(V)
    assert r.subset == (0, 1, 2) and r.reason == "dependent subset"
    assert_counterexample(r, V, affine=False)


def test_fewer_vectors_than_dimension():
    assert linear_general_position([(1, 0, 0, 0), (0, 1, 0, 0)])
    r = linear_general_position([(1, 1, 0, 0), (2, 0, 1, 0), (0, 2, -1, 0)])
    assert not r and r.reason == "low rank" and len(r.subset) == 3


def test_dimension_one():
    assert linear_general_position([[3], [-2], [5]])  # any single nonzero vector is independent
    assert not linear_general_position([[3], [0]])


def test_within_span():
    V = [(1, 0, 0), (0, 1, 0), (1, 1, 0), (1, -1, 0)]  # all in the plane z = 0
    assert not linear_general_position(V)
    r = linear_general_position(V, within_span=True)
    assert r and r.rank == 2 and r.subset_size == 2
    assert not linear_general_position(V + [(2, 2, 0)], within_span=True)


def test_within_span_triples():
    # points in a 3-dim subspace of R^4, generic inside it
    V = [(1, 0, 0, 1), (0, 1, 0, 1), (0, 0, 1, 1), (1, 2, 3, 6), (2, -1, 5, 6)]
    assert not linear_general_position(V)
    assert linear_general_position(V, within_span=True)
    W = V + [(1, 1, 0, 2)]  # = v0 + v1: a dependent triple within the span
    r = linear_general_position(W, within_span=True)
    assert not r and set(r.subset) == {0, 1, 5}


def test_affine_collinear_triple():
    X = [[0, 0], [1, 1], [3, 3], [5, -2]]
    r = affine_general_position(X)
    assert r.kind == "affine" and r.subset == (0, 1, 2) and r.coefficients == (2, -3, 1)
    assert verify_affine_dependency([X[i] for i in r.subset], r.coefficients)


def test_affine_square_and_duplicates():
    assert affine_general_position([[0, 0], [0, 1], [1, 0], [1, 1]])
    r = affine_general_position([[2], [5], [2]])
    assert r.subset == (0, 2) and r.coefficients == (1, -1)


def test_affine_rational_input_coefficients_exact():
    X = [[Fraction(1, 2), 0], [0, Fraction(1, 3)], [Fraction(1, 4), Fraction(1, 6)], [7, 7]]
    r = affine_general_position(X)  # third point is the midpoint of the first two
    assert r.subset == (0, 1, 2) and r.coefficients == (1, 1, -2)


def test_general_position_dispatch():
    assert general_position([[1, 2], [2, 4]])
    assert not general_position([[1, 2], [2, 4]], bias=False)
    assert general_position([[0, 1], [1, 2], [2, 3]], within_span=True)


def test_to_dict_json_and_describe():
    r = affine_general_position([[0, 0], [1, 1], [2, 2]])
    d = json.loads(json.dumps(r.to_dict()))
    assert d["holds"] is False and d["subset"] == [0, 1, 2] and d["coefficients"] == [1, -2, 1]
    assert "coefficient sum 0" in r.describe()
    ok = affine_general_position([[0, 0], [1, 0], [0, 1]])
    assert "general position" in ok.describe() and ok.to_dict()["certificate"]["subsets_certified"] == 1


def test_size_limit():
    V = [(1, i, i * i, i**3) for i in range(1, 12)]  # moment curve: generic
    with pytest.raises(SizeLimitError):
        linear_general_position(V, limit=10)
    assert linear_general_position(V, limit=10**4)
    # cheap failures are found before the limit applies
    assert not linear_general_position(V + [V[0]], limit=10)


@pytest.mark.parametrize("prime", [2, 3, 7])
def test_modular_filter_false_positives_are_rechecked(monkeypatch, prime):
    # with a tiny prime most dot products vanish modulo p: the exact re-check must decide
    import exactrelu.geometry.position as position

    generic = [(1, i, i * i, i**3) for i in range(1, 10)]
    bad = generic + [(3, 2 + 3 + 4, 4 + 9 + 16, 8 + 27 + 64)]  # v1 + v2 + v3
    expected = linear_general_position(bad)
    monkeypatch.setattr(position, "_PRIME", prime)
    r = linear_general_position(generic)
    assert r and r.certificate["subsets_certified"] == 126
    r = linear_general_position(bad)
    assert not r and r.subset == expected.subset and r.coefficients == expected.coefficients
    assert_counterexample(r, bad, affine=False)
    assert brute_linear(bad) is False


def test_invalid_input():
    with pytest.raises(InvalidDataError):
        linear_general_position([])
    with pytest.raises(InvalidDataError):
        affine_general_position([[1, 2], [3]])


def test_circuit_helper():
    assert circuit([(1, 0), (0, 1), (2, 0)], [0, 1, 2]) == ((0, 2), (2, -1))
    with pytest.raises(ValueError):
        circuit([(1, 0), (0, 1)], [0, 1])


def test_sage_truth_flags(truth):
    for inst in truth:
        r = affine_general_position(inst["points"])
        assert bool(r) == inst["general_position"], inst["name"]
        if not r:
            assert verify_affine_dependency([inst["points"][i] for i in r.subset], r.coefficients)


# ------------------------------------------------------------- property tests
@given(normal_matrices(D=(1, 4), n=(1, 7)))
def test_linear_matches_brute_force(V):
    r = linear_general_position(V)
    assert bool(r) == brute_linear(V)
    if not r:
        assert_counterexample(r, V, affine=False)


@given(integer_datasets(d=(1, 3), n=(1, 6), max_value=3))
def test_affine_matches_brute_force(X):
    r = affine_general_position(X)
    assert bool(r) == brute_affine(X)
    if not r:
        assert_counterexample(r, X, affine=True)


@given(rational_datasets(d=(1, 2), n=(2, 5)))
def test_affine_rational(X):
    r = affine_general_position(X)
    assert bool(r) == brute_affine([[Fraction(v) for v in row] for row in X])
    if not r:
        assert verify_affine_dependency([X[i] for i in r.subset], r.coefficients)


@given(generic_datasets(d=(1, 3), n=(1, 7)))
def test_generic_datasets_are_generic(X):
    assert affine_general_position(X)


@given(degenerate_datasets(d=(1, 3), n=(2, 6)))
def test_negative_control_degenerate_datasets_fail(X):
    r = affine_general_position(X)
    assert not r
    assert_counterexample(r, X, affine=True)


@given(normal_matrices(D=(2, 3), n=(2, 5)), st.data())
def test_planted_parallel_vector_detected(V, data):
    i = data.draw(st.integers(0, len(V) - 1))
    lam = data.draw(st.sampled_from([-3, -1, 2, 5]))
    W = V + [[lam * x for x in V[i]]]
    r = linear_general_position(W)
    assert not r and len(r.subset) <= 2
