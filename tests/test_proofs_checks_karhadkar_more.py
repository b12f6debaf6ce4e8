"""Checks of Karhadkar et al. 2023: Lemma 2, Theorem 5, Corollary 8, Theorems 10/12 (fractions), Lemma 11,
Proposition 13 bullets 2-3 — natural and negative families, and independent cross-checks of the counts."""

import itertools
from fractions import Fraction

import pytest

import proofs_checks.karhadkar_fractions
import proofs_checks.lemma2_critical_points
import proofs_checks.lemma11_coupon
import proofs_checks.prop13_sums
import proofs_checks.thm5_cor8_generic_rank  # noqa: F401  (the imports register the checks)
from exactrelu.exact.certificates import verify_certificate
from exactrelu.exact.linalg import rank
from exactrelu.landscape.jacobian import jacobian_rank
from exactrelu.landscape.probabilities import (
    at_least_log,
    count_singular_01,
    coverage_probability,
    coverage_probability_bruteforce,
    dependent_01_fraction,
    set_weighted_fraction,
    singular_01_fraction,
    surjections,
)
from exactrelu.landscape.step_vectors import step_vectors
from proofs_checks import run_check, run_family
from proofs_checks.prop13_sums import literal_bullet3_counterexample
from proofs_checks.thm5_cor8_generic_rank import bad_fraction, proof_bound

NAMES = [
    "lemma2",
    "thm5",
    "cor8",
    "thm10_fraction",
    "thm12_fraction",
    "lemma11",
    "prop13_sums",
    "prop13_combinations",
]


@pytest.mark.parametrize("name", NAMES)
def test_default_and_negative_control(name):
    assert run_check(name).status == "verified"
    neg = run_check(name, negative=True)
    assert neg.status == "counterexample"
    assert neg.details["hypotheses_hold"] is False
    cert = neg.details.get("certificate")
    if cert is not None and "kind" in cert:
        assert verify_certificate(cert)


@pytest.mark.parametrize("name", NAMES)
def test_natural_family_verifies(name):
    run = run_family(name, examples=4, seed=1)
    assert run.ok, run.summary


@pytest.mark.parametrize("name", NAMES)
def test_negative_family_finds_a_counterexample(name):
    run = run_family(name, examples=60, seed=0, negative=True)
    assert run.ok, run.summary


def test_probabilistic_verdicts_state_bound_and_confidence():
    for name in ("thm5", "cor8", "thm10_fraction", "thm12_fraction", "lemma11"):
        c = run_check(name).certificate
        assert c["confidence"] == 1 and "exact" in c["method"]
        assert "bound" in c or "eps_proof" in c


# ---------------------------------------------------------------- independent cross-checks


def test_thm10_fraction_equals_brute_force_over_all_regions():
    """n = 2, d_1 = 4: all 4^4 row-step matrices, rank of each Jacobian, against the set-weighted count."""
    X = [[0], [3]]
    steps = step_vectors(2)
    full = sum(
        jacobian_rank(X, list(A), with_float=False).rank == 2 for A in itertools.product(steps, repeat=4)
    )
    grouped = set_weighted_fraction(
        steps, 4, lambda S: jacobian_rank(X, sorted(S), with_float=False).rank == 2
    )
    assert grouped == Fraction(full, 4**4)
    r = run_check("thm10_fraction", {"X": X, "eps": "9/10", "units": 4})
    assert r.status == "verified" and r.certificate["fraction"] == grouped


def test_thm5_bad_fraction_equals_brute_force():
    X = [[2, -1], [1, 3], [5, 7]]
    rows = list(itertools.product((0, 1), repeat=3))
    bad = sum(
        jacobian_rank(X, list(A), bias=False, with_float=False).rank < 3
        for A in itertools.product(rows, repeat=2)
    )
    assert bad_fraction(X, 2, rows) == Fraction(bad, 2**6)
    assert proof_bound(3, 2) == (Fraction(5, 8) + Fraction(1, 4), [2, 1])


def test_cor8_independent_points_closed_form():
    """Independent points: A∗X has rank n iff no column of A is 0; bad fraction 1 − (1 − 2^-d_1)^n."""
    r = run_check("cor8", {"X": [[1, 0, 2], [0, 3, 1]], "units": 3})
    assert r.certificate["bad_fraction"] == 1 - (1 - Fraction(1, 8)) ** 2


def test_exact_tables_and_counts():
    for d in (1, 2, 3):
        assert singular_01_fraction(d) == Fraction(count_singular_01(d), 2 ** (d * d))
        assert dependent_01_fraction(d, d) == singular_01_fraction(d)
    assert dependent_01_fraction(3, 1) == Fraction(1, 8)
    assert [surjections(4, k) for k in range(5)] == [0, 1, 14, 36, 24]
    p = [Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)]
    for n, d in ((1, 3), (2, 4), (3, 5)):
        assert coverage_probability(p, n, d) == coverage_probability_bruteforce(p, n, d)


def test_at_least_log_is_exact_near_the_threshold():
    # 2n log(n/ε) for n = 2, ε = 1/4: 4 log 8 = 8.3177...
    assert not at_least_log(Fraction(83177, 10000), 4, 8) and at_least_log(Fraction(83178, 10000), 4, 8)
    assert at_least_log(0, 3, 1) and not at_least_log(0, 3, 2)


def test_lemma11_negative_control_is_exactly_zero():
    r = run_check("lemma11", negative=True)
    assert r.details["probability"] == 0 and r.details["hypotheses_hold"] is False
    # the same instance with independence: the exact probability clears the bound
    ok = run_check("lemma11", {"X": [["1/4"], ["1/4"], ["1/2"]], "n": 2, "eps": "1/10"})
    assert ok.status == "verified" and ok.certificate["probability"] >= Fraction(9, 10)


def test_thm10_monte_carlo_uses_the_exact_binomial_bound():
    from exactrelu.exact.binomial import clopper_pearson_lower

    X = [[0], [1], [2], [5], [7], [-3]]
    r = run_check("thm10_fraction", {"X": X, "eps": "1/10"})
    c = r.certificate
    assert r.status == "verified" and c["confidence"] == Fraction(99, 100) and "Monte Carlo" in c["method"]
    assert c["fraction_lower_bound"] == clopper_pearson_lower(c["successes"], c["samples"], Fraction(99, 100))
    assert c["fraction_lower_bound"] >= c["bound"]
    # 200 samples cannot certify 1 - ε = 99/100 at 99%: not a verdict either way
    r = run_check("thm10_fraction", {"X": X, "eps": "1/100"})
    assert r.status == "not_applicable" and "inconclusive" in r.reason
    # distinctness dropped: the exact counterexample comes before any sampling
    neg = run_check("thm10_fraction", {"X": [[0], [1], [2], [5], [5]], "eps": "1/10"})
    assert neg.status == "counterexample" and neg.details["hypotheses_hold"] is False


def test_width_below_the_bound_is_not_applicable():
    assert (
        run_check("thm10_fraction", {"X": [[0], [1]], "eps": "1/10", "units": 2}).status == "not_applicable"
    )
    assert run_check("lemma11", {"X": [["1/2"], ["1/2"]], "n": 2, "eps": "1/10", "d": 2}).status == (
        "not_applicable"
    )


def test_lemma2_rejects_non_critical_points():
    inst = run_check("lemma2").certificate
    assert inst["loss"] == 0
    r = run_check("lemma2", {"X": [[1], [0], [3]], "W": [[0, 1]], "v": [1], "y": [0, 0, 0]})
    assert r.status == "not_applicable" and "critical" in r.reason


def test_prop13_bullet3_literal_reading_fails():
    f, cert = literal_bullet3_counterexample()
    assert any(f) and sum(f) == 0 and cert["unnormalised"]["l"] == (1, -1, 1)
    r = run_check(
        "prop13_combinations", {"X": [[0], [1], [2]], "units": [[-1, "1/2"], [1, "-3/2"]], "v": [1, -1]}
    )
    assert r.status == "verified" and r.certificate["literal_reading_holds"] is False
    assert run_check("prop13_combinations").certificate["literal_reading_holds"] is True


def test_forged_dependency_certificate_is_rejected():
    neg = run_check("thm10_fraction", negative=True)
    cert = dict(neg.details["certificate"])
    assert verify_certificate(cert)
    cert["coefficients"] = [1, 1, 0]
    assert not verify_certificate(cert)
    assert rank(cert["vectors"]) < len(cert["vectors"])
