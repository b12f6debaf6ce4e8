"""Tests of exactrelu.geometry.counting (closed forms, Zaslavsky, Whitney numbers, cross-check)."""

import json

import pytest
from hypothesis import given, settings

from exactrelu.exact.errors import InvalidDataError
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import (
    cover_count,
    cross_check,
    general_position_characteristic_polynomial,
    relu_layer_regions,
    step_vector_count,
    whitney_numbers,
    zaslavsky_face_counts,
    zaslavsky_regions,
)
from exactrelu.strategies import (
    degenerate_datasets,
    generic_datasets,
    integer_datasets,
    normal_matrices,
    one_d_datasets,
)


# ------------------------------------------------------------------ closed forms
def test_cover_count_small_values():
    assert [cover_count(n, 1) for n in range(5)] == [1, 2, 2, 2, 2]
    assert [cover_count(n, 2) for n in range(5)] == [1, 2, 4, 6, 8]
    assert [cover_count(n, 3) for n in range(6)] == [1, 2, 4, 8, 14, 22]
    assert cover_count(10, 3) == 92 and cover_count(25, 5) == 25902


def test_cover_count_powers_of_two_iff_n_at_most_D():
    for D in range(1, 7):
        for n in range(1, 12):
            assert (cover_count(n, D) == 2**n) == (n <= D)


def test_cover_count_recursion():
    # deletion-restriction in general position: C(n, D) = C(n-1, D) + C(n-1, D-1)
    for D in range(2, 6):
        for n in range(2, 12):
            assert cover_count(n, D) == cover_count(n - 1, D) + cover_count(n - 1, D - 1)


def test_cover_count_errors():
    with pytest.raises(InvalidDataError):
        cover_count(-1, 2)
    with pytest.raises(InvalidDataError):
        cover_count(3, 0)
    with pytest.raises(InvalidDataError):
        cover_count(2.0, 2)
    assert cover_count(0, 0) == 1


def test_relu_layer_and_step_vectors():
    assert relu_layer_regions(10, 2, bias=True) == relu_layer_regions(10, 3) == 92
    assert relu_layer_regions(5, 1, units=3, bias=True) == 10**3 == step_vector_count(5, 3)
    assert relu_layer_regions(4, 3, units=0) == 1
    assert step_vector_count(0) == 1 and step_vector_count(1) == 2
    for n in range(1, 20):  # Karhadkar et al. 2023: Lemma 9 is Proposition 6 with D = 2
        assert step_vector_count(n) == cover_count(n, 2)


def test_general_position_polynomial():
    assert general_position_characteristic_polynomial(10, 3) == (-36, 45, -10, 1)
    assert general_position_characteristic_polynomial(0, 2) == (0, 0, 1)
    for D in range(1, 5):
        for n in range(0, 8):
            chi = general_position_characteristic_polynomial(n, D)
            assert zaslavsky_regions(chi) == cover_count(n, D)
            if n:
                assert sum(chi) == 0  # χ(1) = 0 for a non-empty central arrangement


def test_zaslavsky_regions_signs():
    assert zaslavsky_regions((-36, 45, -10, 1)) == 92
    assert zaslavsky_regions((0, -3, 1)) == 4 and zaslavsky_regions([1]) == 1


# ------------------------------------------------------------------ sage truth
def test_against_sage_truth(truth):
    small = [t for t in truth if t["N"] <= 20]
    for inst in small:
        cc = cross_check(inst["points"])
        assert cc.enumerated == cc.zaslavsky == inst["chambers"], inst["name"]
        assert list(cc.characteristic_polynomial) == inst["characteristic_polynomial"]
        assert cc.agree, inst["name"]
        if inst["general_position"]:
            assert cc.closed_form == cover_count(inst["N"], inst["d"] + 1) == inst["chambers"]
        assert cc.enumerated <= cc.upper_bound
        json.loads(cc.to_json())


def test_sage_closed_form_for_all_generic(truth):
    # the closed form alone (no enumeration) matches Sage, including the big instances
    for inst in truth:
        if inst["general_position"]:
            assert relu_layer_regions(inst["N"], inst["d"], bias=True) == inst["chambers"], inst["name"]
        else:
            assert cover_count(inst["N"], inst["d"] + 1) > inst["chambers"], inst["name"]


def test_whitney_numbers_sage(truth):
    for inst in truth:
        if inst["N"] > 12:
            continue
        A = HyperplaneArrangement.from_data(inst["points"])
        w = whitney_numbers(A)
        chi = inst["characteristic_polynomial"]
        D = len(chi) - 1
        assert list(w.first_kind) == [chi[D - k] for k in range(len(w.first_kind))]
        assert w.second_kind[0] == 1 and w.second_kind[-1] == 1
        assert sum(abs(x) for x in w.first_kind) == inst["chambers"]
        assert w.first_kind == A.whitney_numbers(1) and w.second_kind == A.whitney_numbers(2)


def test_face_counts_sage(truth):
    for inst in truth:
        if "zonotope_f_vector" not in inst or inst["N"] > 10:
            continue
        A = HyperplaneArrangement.from_data(inst["points"])
        f = zaslavsky_face_counts(A)
        D = A.dimension
        fz = inst["zonotope_f_vector"]
        assert [f[D - k] for k in range(len(fz))] == fz, inst["name"]


def test_cross_check_examples():
    cc = cross_check([[0, 0], [1, 1], [3, 3], [5, -2]])
    assert (cc.enumerated, cc.closed_form, cc.agree) == (12, None, True)
    assert cc.general_position["subset"] == [0, 1, 2]
    cc = cross_check([[0, 1], [1, 2], [2, 3], [3, 4]])  # collinear: generic within the span (rank 2)
    assert cc.closed_form == cover_count(4, 2) == cc.enumerated == 8 and cc.rank == 2
    cc = cross_check([[3], [1], [2]])
    assert cc.step_vectors == 6 == cc.enumerated
    cc = cross_check([[1, 0], [0, 1], [1, 1]], bias=False)
    assert cc.dimension == 2 and cc.enumerated == 6 == cc.closed_form


# ------------------------------------------------------------------ properties
@given(generic_datasets(d=(1, 3), n=(1, 6)))
def test_prop6_closed_form_generic(X):
    cc = cross_check(X)
    assert cc.closed_form == cover_count(len(X), len(X[0]) + 1) == cc.enumerated == cc.zaslavsky


@given(degenerate_datasets(d=(1, 3), n=(2, 6)))
def test_negative_control_closed_form_fails_on_degenerate(X):
    cc = cross_check(X)
    assert cc.enumerated == cc.zaslavsky
    assert cc.enumerated < cover_count(len(X), len(X[0]) + 1)
    assert cc.general_position["holds"] is False


@given(integer_datasets(d=(1, 3), n=(1, 6), max_value=3))
def test_enumeration_equals_zaslavsky_and_bounded(X):
    cc = cross_check(X)
    assert cc.agree and cc.enumerated == cc.zaslavsky <= cc.upper_bound


@given(normal_matrices(D=(1, 4), n=(1, 6)))
def test_linear_arrangements(V):
    cc = cross_check(V, bias=False)
    assert cc.agree
    r = cc.rank
    assert cc.enumerated <= cover_count(len(V), r)


@given(one_d_datasets(n=(1, 8)))
def test_lemma9_count(X):
    cc = cross_check(X)
    assert cc.enumerated == step_vector_count(len(X)) == cc.step_vectors


@given(one_d_datasets(n=(2, 8), duplicates=True))
def test_negative_control_lemma9_duplicates(X):
    cc = cross_check(X)
    distinct = len({x[0] for x in X})
    assert cc.step_vectors is None
    assert cc.enumerated == 2 * distinct < step_vector_count(len(X))


@settings(max_examples=10)
@given(integer_datasets(d=(1, 2), n=(1, 5), max_value=2))
def test_face_counts_match_enumeration(X):
    A = HyperplaneArrangement.from_data(X)
    assert zaslavsky_face_counts(A) == A.face_vector()
