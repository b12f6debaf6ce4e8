"""Exact Jacobian rank on activation regions (Karhadkar et al. 2023, section 3, Lemma 4)."""

import random
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.landscape.jacobian import (
    activation_matrix,
    float_disagreement_example,
    jacobian_rank,
    khatri_rao,
    lemma4_float_example,
    lemma4_ranks,
    verify_jacobian_rank,
)
from exactrelu.strategies import integer_datasets


def test_khatri_rao_layout():
    J = khatri_rao([[2, 5]], [(1,), (0,)], [3, 7])
    assert J == ((6, 15, 3, 0, 0, 0),)
    assert khatri_rao([[2, 5]], [(1,)], bias=False) == ((2, 5),)


@st.composite
def regions(draw):
    X = draw(integer_datasets(d=(1, 3), n=(1, 6), max_value=4))
    d1 = draw(st.integers(1, 4))
    A = [tuple(draw(st.integers(0, 1)) for _ in X) for _ in range(d1)]
    v = [draw(st.integers(1, 3)) * draw(st.sampled_from((1, -1))) for _ in range(d1)]
    return X, A, v


@settings(max_examples=80, deadline=None)
@given(regions())
def test_rank_certificate_verifies(inst):
    X, A, v = inst
    r = jacobian_rank(X, A, v)
    assert verify_jacobian_rank(X, A, v, r)
    assert r.rank == r.float_rank  # small integer data: floats agree here
    # negative controls: a wrong rank or a corrupted certificate is rejected
    assert not verify_jacobian_rank(X, A, v, replace(r, rank=r.rank + 1))
    if r.left_kernel and r.rank:  # (for J = 0 every vector is in the kernel)
        k = list(r.left_kernel[0])
        k[r.minor_rows[0]] += 1  # adds a nonzero row of J to αᵀJ
        assert not verify_jacobian_rank(X, A, v, replace(r, left_kernel=(tuple(k),) + r.left_kernel[1:]))
    if r.rank:
        assert not verify_jacobian_rank(X, A, v, replace(r, minor_det=r.minor_det + 1))


@settings(max_examples=60, deadline=None)
@given(regions(), st.lists(st.fractions(min_value=-5, max_value=5), min_size=4, max_size=4))
def test_lemma4_rank_independent_of_nonzero_v(inst, w):
    X, A, v = inst
    w = [x if x != 0 else Fraction(1) for x in w][: len(A)] + [1] * (len(A) - 4)
    assert lemma4_ranks(X, A, v)[0] == lemma4_ranks(X, A, w)[0] == lemma4_ranks(X, A, v)[1]


def test_lemma4_needs_nonzero_v():
    X, A = [[0], [1], [2]], [(1, 1, 1), (0, 0, 1)]
    assert lemma4_ranks(X, A, [1, 1]) == (3, 3)
    assert lemma4_ranks(X, A, [1, 0]) == (2, 3)  # a zero weight kills a unit's columns


def test_float_disagreements():
    X, A, v = float_disagreement_example()
    r = jacobian_rank(X, A, v)
    assert (r.rank, r.float_rank) == (2, 1) and not r.float_agrees and verify_jacobian_rank(X, A, v, r)
    X, A, v = lemma4_float_example()
    r = jacobian_rank(X, A, v)
    assert (r.rank, r.float_rank) == (3, 2) and verify_jacobian_rank(X, A, v, r)
    assert jacobian_rank(X, A, [1, 1]).float_rank == 3  # same region, v of one scale: floats agree


def test_activation_matrix_and_boundary_error():
    assert activation_matrix([[0], [2]], [[1, -1], [-1, 1]]) == [(0, 1), (1, 0)]
    with pytest.raises(InvalidDataError, match="boundary"):
        activation_matrix([[1], [2]], [[1, -1]])


def test_bad_input():
    with pytest.raises(InvalidDataError, match="unit 0 has length 3 but there are 2 data points"):
        jacobian_rank([[0], [1]], [(1, 1, 1)])
    with pytest.raises(InvalidDataError, match="output weights v has 2 entries but 1 are needed"):
        jacobian_rank([[0], [1]], [(1, 1)], [1, 2])
    with pytest.raises(InvalidDataError, match="only 0/1 entries"):
        jacobian_rank([[0], [1]], [(1, 2)])


def test_larger_instance_certified():
    rng = random.Random(0)
    X = [[Fraction(rng.randint(-999, 999), 100) for _ in range(2)] for _ in range(30)]
    A = [tuple(rng.randint(0, 1) for _ in X) for _ in range(12)]
    r = jacobian_rank(X, A)
    assert r.rank == 30 and r.full and verify_jacobian_rank(X, A, None, r)
    r = jacobian_rank(X, A[:8])
    assert (
        r.rank == 24
        and not r.surjective
        and len(r.left_kernel) == 6
        and verify_jacobian_rank(X, A[:8], None, r)
    )


def test_unlucky_prime_falls_back_to_exact_basis(monkeypatch):
    """Modulus 2 and even entries: the rank mod p is 0; the kernel size exposes it, the basis is exact."""
    import exactrelu.landscape.jacobian as jac

    X, A, v = [[0], [1], [2], [5]], [(1, 1, 1, 1), (0, 1, 1, 1), (0, 0, 1, 1)], [2, 2, -2]
    good = jacobian_rank(X, A, v)
    monkeypatch.setattr(jac, "_P", 2)
    assert jac.modular_basis(khatri_rao(X, A, v))[0] < good.rank
    r = jacobian_rank(X, A, v)
    assert r.rank == good.rank == 4 and verify_jacobian_rank(X, A, v, r)
