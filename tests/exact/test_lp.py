"""Tests of exactrelu.exact.lp: the exact open-cone feasibility oracle."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exactrelu.exact import lp
from exactrelu.exact.certificates import verify_gordan, verify_witness
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.lp import ConeFeasibility, cone_feasibility, verify_cone_certificate, verify_farkas
from exactrelu.exact.parse import exact_matrix

COLLINEAR = [(0, 1), (1, 1), (2, 1)]  # x = 0, 1, 2 with bias
METHODS = ("auto", "highs", "cdd")


# --------------------------------------------------------------------------- unit tests


@pytest.mark.parametrize("method", METHODS)
def test_collinear_101_infeasible_with_gordan(method):
    r = cone_feasibility(COLLINEAR, (1, -1, 1), method=method)
    assert not r.feasible and not r
    assert r.witness is None
    assert verify_gordan(COLLINEAR, (1, -1, 1), r.certificate)
    assert verify_farkas(COLLINEAR, (1, -1, 1), r.certificate)
    assert r.verify(COLLINEAR, (1, -1, 1))
    assert r.certificate == (1, 2, 1)  # the unique primitive Gordan vector


@pytest.mark.parametrize("method", METHODS)
def test_collinear_feasible_patterns(method):
    for signs in [(1, 1, 1), (-1, -1, -1), (1, 1, -1), (-1, 1, 1), (1, -1, -1), (-1, -1, 1)]:
        r = cone_feasibility(COLLINEAR, signs, method=method)
        assert r.feasible and r
        assert all(isinstance(v, int) for v in r.witness)
        assert verify_witness(COLLINEAR, signs, r.witness)
    assert not cone_feasibility(COLLINEAR, (-1, 1, -1), method=method).feasible


@pytest.mark.parametrize("method", METHODS)
def test_equality_rows(method):
    # the ray {w2 = 0, w1 > 0} of two coordinate hyperplanes
    r = cone_feasibility([(1, 0), (0, 1)], (1, 0), method=method)
    assert r.feasible and r.witness == (1, 0)
    # <(1,1),w> > 0 while <(1,0),w> = <(0,1),w> = 0 is impossible; multipliers free on eq rows
    r = cone_feasibility([(1, 1), (1, 0), (0, 1)], (1, 0, 0), method=method)
    assert not r.feasible
    assert verify_farkas([(1, 1), (1, 0), (0, 1)], (1, 0, 0), r.certificate)
    assert r.certificate[0] > 0
    # a face of three planes through a line: w = (1, -1, 0) lies on plane 2 only
    A = [(1, 0, 0), (0, 1, 0), (1, 1, 0)]
    r = cone_feasibility(A, (1, -1, 0), method=method)
    assert r.feasible and verify_witness(A, (1, -1, 0), r.witness)
    r = cone_feasibility(A, (1, 1, 0), method=method)
    assert not r.feasible and verify_farkas(A, (1, 1, 0), r.certificate)


def test_only_equalities_is_feasible_at_zero():
    r = cone_feasibility([(1, 2), (3, 4)], (0, 0))
    assert r.feasible and r.witness == (0, 0) and r.method == "trivial"


def test_zero_normal():
    r = cone_feasibility([(0, 0), (1, 0)], (1, 1))
    assert not r.feasible and r.certificate == (1, 0) and r.method == "trivial"
    assert r.verify([(0, 0), (1, 0)], (1, 1))
    r = cone_feasibility([(0, 0), (1, 0)], (0, 1))
    assert r.feasible


def test_strict_row_in_span_of_equalities():
    A = [(1, 0, 0), (0, 1, 0), (2, -3, 0)]
    r = cone_feasibility(A, (0, 0, -1))
    assert not r.feasible and r.method == "trivial" and verify_farkas(A, (0, 0, -1), r.certificate)


@pytest.mark.parametrize("method", METHODS)
def test_rational_non_primitive_input(method):
    A = [(Fraction(1, 2), Fraction(1, 2)), ("3", 0), (0, Fraction(-7, 3)), (2, 2)]
    for signs in [(1, -1, 1, 1), (1, 1, -1, -1), (1, 1, 1, 1)]:
        r = cone_feasibility(A, signs, method=method)
        assert r.verify(A, signs)
    r = cone_feasibility(A, (1, 1, 1, -1), method=method)
    assert not r.feasible
    # the certificate refers to the rows as given, not to their primitive rescalings
    assert verify_gordan(exact_matrix(A), (1, 1, 1, -1), r.certificate)


def test_floats_accepted_unless_strict():
    assert cone_feasibility([(0.5, 0.0), (0.0, 1.0)], (1, 1)).feasible
    with pytest.raises(InvalidDataError):
        cone_feasibility([(0.5, 0.0), (0.0, 1.0)], (1, 1), strict=True)


def test_input_validation():
    with pytest.raises(InvalidDataError):
        cone_feasibility([(1, 0)], (1, 1))
    with pytest.raises(InvalidDataError):
        cone_feasibility([(1, 0)], (2,))
    with pytest.raises(InvalidDataError):
        cone_feasibility([(1, 0)], (True,))
    with pytest.raises(InvalidDataError):
        cone_feasibility([], ())
    with pytest.raises(InvalidDataError):
        cone_feasibility([(1, 0), (1,)], (1, 1))
    with pytest.raises(InvalidDataError):
        cone_feasibility([(1, 0)], (1,), method="float")


def test_verify_rejects_malformed():
    A = [(1, 0), (-1, 0)]
    assert not verify_farkas(A, (1, 1), (1, -1))  # negative on a strict row
    assert not verify_farkas(A, (1, 1), (0, 0))  # zero
    assert not verify_farkas(A, (1, 1), (1,))  # wrong length
    assert not verify_farkas(A, (1, 1), None)
    assert not verify_farkas(A, (1, 2), (1, 1))  # bad sign
    assert not verify_farkas(A, (0, 0), (1, 1))  # no strict row carries weight
    assert verify_farkas(A, (1, 1), (1, 1))
    assert not verify_cone_certificate(A, (1, 1), "not a certificate")
    assert not verify_cone_certificate(A, (1, 1), ConeFeasibility(False, certificate=(1.0, 1.0)))
    assert not verify_cone_certificate(A, (1, -1), ConeFeasibility(True, witness=(1.0, 0.0)))
    assert not verify_cone_certificate(A, (1, -1), ConeFeasibility(True, witness=(1, 0, 0)))
    with pytest.raises(TypeError):
        verify_farkas(A, (1, 1), (1.0, 1.0))
    with pytest.raises(TypeError):
        verify_farkas([(1.0, 0), (-1, 0)], (1, 1), (1, 1))
    assert not ConeFeasibility(True, witness=None).verify(A, (1, -1))
    with pytest.raises(CertificateError):
        ConeFeasibility(True, witness=(-1, 0)).check(A, (1, -1))
    assert ConeFeasibility(True, witness=(1, 0)).check(A, (1, -1))


def test_stats_and_fallback_counted():
    lp.reset_lp_stats()
    cone_feasibility(COLLINEAR, (1, -1, 1), method="cdd")
    s = lp.lp_stats()
    assert s["calls"] == 1 and s["cdd"] == 1 and s["cdd_fallback"] == 0
    # near-degenerate rows (1e-12 apart): HiGHS cannot see the difference, cdd decides
    eps = Fraction(1, 10**12)
    A = [(0, 0, 1), (1, eps, 1), (2, -eps, 1), (3, 0, 1)]
    lp.reset_lp_stats()
    results = [
        cone_feasibility(A, s, method="highs")
        for s in [(1, -1, 1, -1), (-1, 1, -1, 1), (1, 1, -1, 1), (1, -1, -1, 1), (-1, 1, 1, -1)]
    ]
    s = lp.lp_stats()
    assert s["calls"] == 5 and s["float_lps"] == 5
    assert s["cdd_fallback"] >= 1 and 0 < s["fallback_rate"] <= 1
    assert s["fallback_reasons"]
    for r, sg in zip(
        results, [(1, -1, 1, -1), (-1, 1, -1, 1), (1, 1, -1, 1), (1, -1, -1, 1), (-1, 1, 1, -1)]
    ):
        assert r.verify(A, sg)
        assert r.feasible == cone_feasibility(A, sg, method="cdd").feasible


def test_highs_route_used_without_fallback_on_easy_data():
    lp.reset_lp_stats()
    r1 = cone_feasibility(COLLINEAR, (1, 1, -1), method="highs")
    r2 = cone_feasibility(COLLINEAR, (1, -1, 1), method="highs")
    s = lp.lp_stats()
    assert r1.method == "float" and r2.method == "float"
    assert s["float_witness"] == 1 and s["float_certificate"] == 1 and s["cdd_fallback"] == 0


def test_auto_picks_highs_for_large_problems(monkeypatch):
    monkeypatch.setattr(lp, "AUTO_HIGHS_SIZE", 1)
    lp.reset_lp_stats()
    cone_feasibility(COLLINEAR, (1, 1, -1))
    assert lp.lp_stats()["float_lps"] == 1


# --------------------------------------------------------------------------- properties

small_int = st.integers(-3, 3)


@st.composite
def cone_problems(draw, max_n=6, max_dim=4, zeros=True):
    dim = draw(st.integers(1, max_dim))
    n = draw(st.integers(1, max_n))
    rows = draw(st.lists(st.tuples(*[small_int] * dim), min_size=n, max_size=n))
    sign_values = [-1, 0, 1] if zeros else [-1, 1]
    signs = draw(st.lists(st.sampled_from(sign_values), min_size=n, max_size=n))
    return rows, tuple(signs)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cone_problems())
def test_property_certificate_verifies_and_methods_agree(problem):
    rows, signs = problem
    r_cdd = cone_feasibility(rows, signs, method="cdd")
    r_highs = cone_feasibility(rows, signs, method="highs")
    assert r_cdd.verify(rows, signs) and r_highs.verify(rows, signs)
    assert r_cdd.feasible == r_highs.feasible


@settings(max_examples=80, deadline=None)
@given(cone_problems())
def test_property_negative_control_tampered_certificates(problem):
    rows, signs = problem
    r = cone_feasibility(rows, signs)
    if r.feasible:
        assume(any(s != 0 for s in signs))
        # negating the witness flips every nonzero sign: must be rejected
        bad = ConeFeasibility(True, witness=tuple(-v for v in r.witness))
        assert not bad.verify(rows, signs)
        # claiming infeasibility without a certificate must be rejected
        assert not ConeFeasibility(False, certificate=tuple(0 for _ in signs)).verify(rows, signs)
    else:
        y = list(r.certificate)
        i = next((k for k, s in enumerate(signs) if s != 0 and any(rows[k])), None)
        assume(i is not None)
        y[i] += 1  # adds s_i a_i != 0 to the combination
        assert not verify_farkas(rows, signs, y)
        # and the empty cell has no witness: any claimed one is refused
        assert not ConeFeasibility(True, witness=(1,) * len(rows[0])).verify(rows, signs)


@settings(max_examples=60, deadline=None)
@given(cone_problems(max_n=5, max_dim=3, zeros=False))
def test_property_all_strict_certificates_are_gordan(problem):
    rows, signs = problem
    r = cone_feasibility(rows, signs)
    if r.feasible:
        assert verify_witness(rows, signs, r.witness)
    else:
        assert verify_gordan(rows, signs, r.certificate)
        # negative control: moving weight onto a nonzero row breaks Σ y_i s_i a_i = 0
        i = next((k for k, a in enumerate(rows) if any(a)), None)
        assume(i is not None)
        y = list(r.certificate)
        y[i] += 1
        assert not verify_gordan(rows, signs, y)


@settings(max_examples=40, deadline=None)
@given(cone_problems(max_n=5, max_dim=3), st.integers(1, 5), st.integers(1, 7))
def test_property_positive_rescaling_invariant(problem, num, den):
    rows, signs = problem
    scaled = [tuple(Fraction(num, den) * v for v in r) for r in rows]
    r1 = cone_feasibility(rows, signs)
    r2 = cone_feasibility(scaled, signs)
    assert r1.feasible == r2.feasible
    assert r2.verify(scaled, signs)
