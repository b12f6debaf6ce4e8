"""One forged certificate per condition of the exact-floor verifiers (docs/verifiers.md).

Each test starts from a valid certificate (positive control: the verifier accepts it),
changes it so that exactly one condition fails while every other condition still holds,
and asserts that the verifier rejects it.
"""

from fractions import Fraction

import pytest

from exactrelu.exact.certificates import (
    verify_affine_dependency,
    verify_certificate,
    verify_dependency,
    verify_gordan,
    verify_witness,
)
from exactrelu.exact.lp import ConeFeasibility, cone_feasibility, verify_cone_certificate, verify_farkas

# ----------------------------------------------------------------------------- witness
N2 = [(1, 0), (0, 1), (1, 1)]


def test_witness_positive_control():
    assert verify_witness(N2, (1, -1, 1), (2, -1))
    assert verify_witness(N2, (1, 0, 1), (Fraction(1, 2), 0))  # zero signs too


@pytest.mark.parametrize("i", [0, 1, 2])
@pytest.mark.parametrize("wrong", [-1, 0])
def test_witness_each_normal_is_checked(i, wrong):
    # W3: sign(<a_i, w>) = s_i for EVERY i, also the last normal (the other signs still agree)
    signs = [1, -1, 1]
    signs[i] = -signs[i] if wrong == -1 else 0
    assert not verify_witness(N2, tuple(signs), (2, -1))


def test_witness_last_normal_alone():
    # <(1,1),(2,-1)> = 1 > 0: only the last sign is wrong
    assert verify_witness(N2[:2], (1, -1), (2, -1))
    assert not verify_witness(N2, (1, -1, -1), (2, -1))


def test_witness_lengths():
    assert not verify_witness(N2, (1, -1), (2, -1))  # W1: one sign missing (the two listed agree)
    assert not verify_witness(N2, (1, -1, 1), (2, -1, 0))  # W2: witness of the wrong dimension
    # W2 for one normal only: an extra coordinate a pairwise product would ignore
    assert not verify_witness([(1, 0), (0, 1), (1, 1, 5)], (1, -1, 1), (2, -1))


def test_witness_refuses_floats():
    with pytest.raises(TypeError):
        verify_witness(N2, (1, -1, 1), (2.0, -1))


# ----------------------------------------------------------------------------- Gordan
G_N = [(1, 0), (1, 0), (0, 1)]


def test_gordan_positive_control():
    assert verify_gordan(G_N, (1, -1, 0), (1, 1, 0))
    assert verify_gordan([(1, 0), (1, 0)], (1, -1), (1, 1))


def test_gordan_length_of_y():
    assert not verify_gordan([(1, 0), (1, 0)], (1, -1), (1, 1, 0))  # zip would ignore the extra 0


def test_gordan_length_of_signs():
    assert not verify_gordan([(1, 0), (1, 0)], (1, -1, 1), (1, 1))


def test_gordan_signs_in_range():
    # Σ y_i s_i a_i = 1·2·(1,0) + 2·(−1)·(1,0) = 0, y ≥ 0, y ≠ 0: only s_0 = 2 is wrong
    assert not verify_gordan([(1, 0), (1, 0)], (2, -1), (1, 2))


def test_gordan_nonnegative():
    # y = (1, −1) with equal signs: Σ = 0 and y ≠ 0, only y ≥ 0 fails
    assert not verify_gordan([(1, 0), (1, 0)], (1, 1), (1, -1))


def test_gordan_nonzero():
    assert not verify_gordan([(1, 0), (1, 0)], (1, -1), (0, 0))


def test_gordan_zero_on_zero_signs():
    # y_2 = 1 on a zero sign contributes nothing to the sum: only "y_i = 0 where s_i = 0" fails
    assert not verify_gordan(G_N, (1, -1, 0), (1, 1, 1))


@pytest.mark.parametrize("normals", [[(1, 0), (1, 0)], [(0, 1), (0, 1)]])
def test_gordan_sum_every_coordinate(normals):
    # first and last coordinate of Σ y_i s_i a_i
    assert not verify_gordan(normals, (1, -1), (1, 2))


def test_gordan_refuses_floats():
    with pytest.raises(TypeError):
        verify_gordan([(1, 0), (1, 0)], (1, -1), (1.0, 1))


# ----------------------------------------------------------------------------- dependencies
def test_dependency_positive_control():
    assert verify_dependency([(1, 2), (2, 4)], (2, -1))
    assert verify_affine_dependency([(0, 0), (1, 1), (2, 2)], (1, -2, 1))


def test_dependency_length():
    assert not verify_dependency([(1, 2), (2, 4)], (2, -1, 0))


def test_dependency_nonzero():
    assert not verify_dependency([(1, 2), (2, 4)], (0, 0))


@pytest.mark.parametrize("vectors", [[(1, 2), (2, 4), (1, 0)], [(2, 1), (4, 2), (0, 1)]])
def test_dependency_sum_every_coordinate(vectors):
    assert not verify_dependency(vectors, (2, -1, 1))


def test_affine_dependency_sum_of_coefficients():
    # Σ c_i x_i = 0 (a linear dependency) but Σ c_i = 1
    assert verify_dependency([(0, 0), (1, 1)], (1, 0))
    assert not verify_affine_dependency([(0, 0), (1, 1)], (1, 0))


def test_affine_dependency_linear_part():
    # Σ c_i = 0 but Σ c_i x_i = (0, 1)
    assert not verify_affine_dependency([(0, 0), (1, 1), (2, 3)], (1, -2, 1))


def test_dependency_refuses_floats():
    with pytest.raises(TypeError):
        verify_dependency([(1, 2), (2, 4)], (2.0, -1))


# ----------------------------------------------------------------------------- verify_certificate
VALID = {"kind": "gordan", "normals": [[1, 0], [1, 0]], "signs": [1, -1], "y": ["1", "1/1"]}


def test_certificate_positive_control():
    assert verify_certificate(VALID)
    assert verify_certificate({"kind": "witness", "normals": [[1, 0]], "signs": [1], "witness": ["1/2", 0]})
    assert verify_certificate({"kind": "dependency", "vectors": [[1], [2]], "coefficients": [2, -1]})


def test_certificate_not_a_dict():
    assert not verify_certificate(list(VALID.items()))


def test_certificate_unknown_kind():
    assert not verify_certificate({**VALID, "kind": "farkas"})


def test_certificate_missing_key():
    assert not verify_certificate({k: v for k, v in VALID.items() if k != "y"})


def test_certificate_dispatches_to_the_kind():
    # the same data as a valid witness dict is no Gordan certificate
    assert verify_certificate({"kind": "witness", "normals": [[1, 0]], "signs": [1], "witness": [1, 0]})
    assert not verify_certificate({"kind": "gordan", "normals": [[1, 0]], "signs": [1], "y": [1, 0]})


@pytest.mark.parametrize("bad", [[1.0, 1], ["x", 1], [None, 1]])
def test_certificate_malformed_entries_are_false(bad):
    assert not verify_certificate({**VALID, "y": bad})


def test_certificate_condition_failures_pass_through():
    assert not verify_certificate({**VALID, "y": [1, 2]})


# ----------------------------------------------------------------------------- Farkas
F_N = [(1, 1), (1, 0), (0, 1)]


def test_farkas_positive_control():
    assert verify_farkas(F_N, (1, 0, 0), (1, -1, -1))  # y free (negative) on zero signs
    assert verify_farkas([(1, 0), (1, 0)], (1, -1), (1, 1))
    assert verify_farkas([(1, 0), (1, 0), (0, 1)], (1, -1, 1), (1, 1, 0))  # y_i = 0 on a signed row


def test_farkas_none():
    assert not verify_farkas(F_N, (1, 0, 0), None)


def test_farkas_length_of_y():
    assert not verify_farkas([(1, 0), (1, 0)], (1, -1), (1, 1, 0))


def test_farkas_length_of_signs():
    assert not verify_farkas([(1, 0), (1, 0)], (1, -1, 1), (1, 1))


def test_farkas_no_normals():
    assert not verify_farkas([], (), ())


def test_farkas_signs_in_range():
    # Σ y_i (s_i or 1) a_i = 1·2 − 2·1 = 0 in the first coordinate: only s_0 = 2 is wrong
    assert not verify_farkas([(1, 0), (1, 0)], (2, -1), (1, 2))


def test_farkas_rows_of_equal_length():
    # the sum over the first row's two coordinates vanishes; only the ragged row is wrong
    assert not verify_farkas([(1, 0), (1, 0, 5)], (1, -1), (1, 1))


def test_farkas_nonnegative_on_nonzero_signs():
    assert not verify_farkas([(1, 0), (1, 0)], (1, 1), (1, -1))


def test_farkas_positive_somewhere_on_nonzero_signs():
    # y lives on the zero-sign rows only: Σ = 0 and y ≥ 0 on signed rows, but nothing is strict
    assert not verify_farkas([(1, 0), (1, 0), (1, 1)], (0, 0, 1), (1, -1, 0))


@pytest.mark.parametrize("normals", [[(1, 1), (1, 0), (0, 0)], [(1, 1), (0, 0), (0, 1)]])
def test_farkas_sum_every_coordinate(normals):
    assert not verify_farkas(normals, (1, 0, 0), (1, -1, -1))


def test_farkas_zero_sign_rows_enter_with_their_y():
    # y on a zero-sign row counts with coefficient +1 (not s_i = 0): dropping it breaks Σ = 0
    assert not verify_farkas([(1, 1), (1, 0), (0, 1)], (1, 0, 0), (1, 0, -1))


def test_farkas_refuses_floats():
    with pytest.raises(TypeError):
        verify_farkas(F_N, (1, 0, 0), (1.0, -1, -1))


# ----------------------------------------------------------------------------- cone certificates
def test_cone_certificate_positive_control():
    r = cone_feasibility([(1, 0), (0, 1)], (1, -1))
    assert r.feasible and r.verify([(1, 0), (0, 1)], (1, -1))
    r = cone_feasibility([(1,), (1,)], (1, -1))
    assert not r.feasible and r.verify([(1,), (1,)], (1, -1))


def test_cone_certificate_type():
    assert not verify_cone_certificate([(1, 0)], (1,), {"feasible": True, "witness": (1, 0)})


def test_cone_certificate_feasible_needs_witness():
    # an infeasible-looking certificate is present, but feasible=True needs a witness
    assert not verify_cone_certificate([(1,), (1,)], (1, -1), ConeFeasibility(True, certificate=(1, 1)))


def test_cone_certificate_witness_dimension():
    assert not verify_cone_certificate([(1, 0)], (1,), ConeFeasibility(True, witness=(1, 0, 0)))


def test_cone_certificate_witness_signs():
    assert not verify_cone_certificate([(1, 0), (0, 1)], (1, -1), ConeFeasibility(True, witness=(1, 1)))


def test_cone_certificate_farkas_checked():
    assert not verify_cone_certificate([(1,), (1,)], (1, -1), ConeFeasibility(False, certificate=(1, 2)))
    # feasible=False with a valid witness but no Farkas vector
    assert not verify_cone_certificate([(1, 0)], (1,), ConeFeasibility(False, witness=(1, 0)))


def test_cone_certificate_inexact_is_false_not_an_error():
    assert not verify_cone_certificate([(1, 0)], (1,), ConeFeasibility(True, witness=(1.0, 0)))
    assert not verify_cone_certificate([(1,), (1,)], (1, -1), ConeFeasibility(False, certificate=(1.0, 1)))


def test_cone_certificate_method_verify_delegates():
    r = ConeFeasibility(True, witness=(1, 5))
    assert r.verify([(1, 0)], (1,)) and not r.verify([(1, 0)], (-1,))
