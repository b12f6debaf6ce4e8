"""Extra tests of the convex-reformulation checks (Wang, Lacotte & Pilanci 2022): instances, options, details.

The default instance and negative control of every check are run by tests/test_proofs_checks.py.
"""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.convex.dichotomies import dichotomies
from exactrelu.convex.scaled_networks import ScaledNetwork
from proofs_checks import Counterexample, NotApplicable, Verified, get_check, run_check, run_family
from proofs_checks._convex import CEX1, EXAMPLE1, Polytope, Solved, lambda_min_lower, problem, psi_float_angle

I2 = [[1, 0], [0, 1]]


def roundtrip(r):
    d = json.loads(json.dumps(r.to_dict()))
    assert d["status"] == r.status
    return d


# ------------------------------------------------------------------ helpers
def test_polytope_cex1():
    rows, y, beta = problem(**CEX1)
    P = dichotomies(rows)
    s = Solved(P, y, beta)
    assert s.exact is not None and s.exact.value == Fraction(19, 50)
    poly = Polytope(P, y, s.exact)
    assert poly.m_star()[0] == 2
    verts = poly.vertices()
    assert len(verts) == 2 and all(poly.contains(a) for a in verts)
    assert poly.min_norm() == (Fraction(9, 4),) * 4
    assert not poly.contains((Fraction(9, 4),) * 3 + (Fraction(1),))


def test_lambda_min_lower_and_angle():
    F = [[1, 0], [0, 0], [1, 1]]  # FᵀF = [[2, 1], [1, 1]], λ_min = (3 − √5)/2
    c = lambda_min_lower(F)
    assert 0 < c <= Fraction(381966, 1000000)
    assert lambda_min_lower([[1, 1], [2, 2]]) == 0
    assert psi_float_angle([(1, 0)], (0, 1)) == pytest.approx(90)


# ------------------------------------------------------------------ P_c = P*
def test_pc_equals_p_irrational_example1():
    r = run_check("cvx_pc_equals_p", dict(EXAMPLE1))
    assert isinstance(r, Verified) and r.certificate["exact"] is False
    assert r.certificate["certified_gap"] < 1e-10 and r.certificate["gd_within_gap"]
    roundtrip(r)


def test_pc_equals_p_exact_and_excluded_pattern():
    r = run_check("cvx_pc_equals_p")
    assert r.certificate["P_c"] == Fraction(19, 50) == r.certificate["P_star"]
    assert r.certificate["verdict"]["certificate"]["kind"] == "kkt"
    r = run_check("cvx_pc_equals_p", {**EXAMPLE1, "exclude": ["101"]})
    assert isinstance(r, Counterexample) and not r.hypotheses_hold and r.details["certified_excess"] > 0


def test_pc_equals_p_sample_with_the_optimal_pattern():
    # every pattern sampled: nothing to report
    r = run_check("cvx_pc_equals_p", {**EXAMPLE1, "n_gates": 40, "sample_seed": 0})
    assert isinstance(r, NotApplicable)


# ------------------------------------------------------------------ Lemma 1
def test_lemma1_numbers():
    r = run_check("cvx_lemma1")
    c = r.certificate
    assert c["m_star"] == 2 and c["optimal_polytope"]["n_vertices"] == 2
    assert c["pruning"]["blocks_before"] == 4 and c["pruning"]["neurons_after"] == 2
    r = run_check("cvx_lemma1", dict(EXAMPLE1))
    assert r.ok and r.certificate["m_star_interval"] == [1, 1]
    r = run_check("cvx_lemma1", mutation=True)  # a wrong bound n − 1: a mutation, not a dropped hypothesis
    assert isinstance(r, Counterexample) and r.details["m_star"] == 2 and r.details["bound"] == 1
    # the lemma's own bound n + 1 holds on the control's data
    assert run_check("cvx_lemma1", {"X": I2, "y": [1, -1], "beta": "1/10"}).ok


def test_lemma1_width_below_m_star():
    r = run_check("cvx_lemma1", negative=True)  # the square with m = 1 < m* = 2
    assert isinstance(r, Counterexample) and not r.hypotheses_hold
    assert r.details["width_bound"]["P_m_at_least"] > Fraction(19, 50) and r.details["m"] == 1
    r = run_check("cvx_lemma1", {**CEX1, "m": 2})  # m = m*: P*_m = P*
    assert r.ok and r.certificate["m"] == 2


# ------------------------------------------------------------------ Proposition 1
def test_prop1_default_and_example1():
    r = run_check("cvx_prop1")
    assert r.certificate["nonzero_before"] == 7 and r.certificate["nonzero_after"] == 4
    assert run_check("cvx_prop1", dict(EXAMPLE1)).ok


@settings(max_examples=10, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=4),
    st.lists(st.integers(1, 4), min_size=4, max_size=4),
)
def test_prop1_random_splittings(base, parts):
    """Any network whose neurons are split into positively colinear parts is nearly minimal; if two
    base neurons share a cone and sign without being colinear the check reports the hypothesis."""
    products, signs = [], []
    for k, p in enumerate(base):
        for j in range(parts[k]):
            products.append([Fraction(j + 1, parts[k] * (parts[k] + 1) // 2) * t for t in p])
            signs.append(1 if k % 2 == 0 else -1)
    r = run_check("cvx_prop1", {**CEX1, "network": ScaledNetwork(products, signs).to_dict()})
    assert r.status in ("verified", "counterexample")
    if r.status == "counterexample":
        assert not r.hypotheses_hold


# ------------------------------------------------------------------ Lemma 2
def test_lemma2_example1_and_control():
    r = run_check("cvx_lemma2", dict(EXAMPLE1))
    assert r.ok and r.certificate["objective_minus_P_star_at_most"] < 1e-10
    r = run_check("cvx_lemma2", negative=True)
    missing = r.details["descent_in_missing_patterns"]
    assert [m["block"] for m in missing] == ["101+"] and r.details["objective_above_upper"]


# ------------------------------------------------------------------ Theorem 1
def test_thm1_example1_enclosure():
    r = run_check("cvx_thm1")
    runs = r.certificate["optimal_runs"]
    assert len(runs) == 3
    for run in runs:
        blk = run["blocks"]["101+"]
        assert blk["w_star_enclosed"] and blk["distance_sum_to_w_star_at_most"] < 1e-6
        assert blk["max_angle_deg_within_block"] < 1e-4


def test_thm1_cex1_exact_optimum():
    r = run_check("cvx_thm1", {**CEX1, "m": 5, "seeds": 2})
    assert r.ok and r.certificate["optimal_runs"]


def test_thm1_controls_and_networks():
    r = run_check("cvx_thm1", negative=True)  # m = 1 < m* = 2
    assert isinstance(r, Counterexample) and not r.hypotheses_hold and r.details["P_m_at_least"] > 0.38
    r = run_check("cvx_thm1", mutation=True)  # gradient descent stopped after 20 steps
    assert isinstance(r, Counterexample) and "stopped after 20" in r.explanation
    # the square: a splitting of the two-neuron vertex optimum is optimal; moving mass off the ray is not
    opt = run_check("cvx_lemma1").certificate["m_star_optimum"]["network"]
    (p, q), signs = opt["products"], opt["signs"]
    half = [[Fraction(1, 2) * Fraction(t) for t in p]] * 2
    r = run_check(
        "cvx_thm1",
        {**CEX1, "network": {"products": [*half, q, [0, 0]], "signs": [*signs[:1] * 2, signs[1], 1]}},
    )
    assert r.ok and r.certificate["optimal"] and r.certificate["splitting_of_psi_W_star"]
    bent = [[Fraction(t) + d for t, d in zip(p, (Fraction(1, 4), 0))], q]
    r = run_check("cvx_thm1", {**CEX1, "network": {"products": bent, "signs": signs}})
    assert r.ok and not r.certificate["optimal"] and not r.certificate["splitting_of_psi_W_star"]


# ------------------------------------------------------------------ Proposition 5
def test_prop5_networks_and_options():
    r = run_check("cvx_prop5")
    assert r.certificate["networks_kkt_and_optimal"] == 4  # two vertices, the min-norm point, a splitting
    # the irrational optimum of Example 1 is decided since issue 16: test_prop5_decided_on_irrational_optimum
    bad = {"products": [[1, -1]], "signs": [1]}
    assert isinstance(run_check("cvx_prop5", {**EXAMPLE1, "network": bad}), NotApplicable)
    r = run_check("cvx_prop5", {"X": I2, "y": [1, 1], "beta": "1/10", "exclude": ["11"]})
    assert isinstance(r, Counterexample) and r.details["networks"][-1]["verdict_block"] == "11+"


# ------------------------------------------------------------------ Theorem 3
def test_thm3_stuck_run_has_positive_gap():
    r = run_check("cvx_thm3")
    assert r.certificate["stuck_runs_with_certified_positive_gap"] >= 1
    assert all(run["network_excess"] <= 1e-8 for run in r.certificate["runs"])
    r = run_check("cvx_thm3", {**CEX1, "m": 2, "seeds": 3})
    assert r.ok


# ------------------------------------------------------------------ Proposition 7
def test_prop7_other_instances():
    r = run_check("cvx_prop7", dict(EXAMPLE1))
    assert r.ok and r.certificate["stage_b_derivative_sign_at_1"] < 0
    assert isinstance(run_check("cvx_prop7", {**CEX1, "m": 6}), NotApplicable)  # path exists below n + 1 + m*
    r = run_check("cvx_prop7", negative=True)
    assert r.details["theta_local_minimum"] and r.details["zero_output_weight_barrier"] == Fraction(5, 8)
    # m = 1 without a network: θ is the best one-neuron network of the worse output sign
    r = run_check("cvx_prop7", {"X": I2, "y": [1, Fraction(-1, 2)], "beta": "1/10", "m": 1})
    assert isinstance(r, Counterexample) and not r.hypotheses_hold


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prop7_random_starts(seed):
    r = run_check("cvx_prop7", seed=seed)
    assert (
        r.ok and r.certificate["stage_a_non_increasing"] and r.certificate["stage_b_non_increasing_on_grid"]
    )


# ------------------------------------------------------------------ families
def test_rational_optimum_construction():
    from proofs_checks._convex import RATIONAL_DIRECTIONS, single_neuron_labels

    assert all(u[0] ** 2 + u[1] ** 2 == 1 for u in RATIONAL_DIRECTIONS)
    X = [[2, 1], [3, 0]]
    y, own, bad = single_neuron_labels(X, (Fraction(3, 5), Fraction(4, 5)), 2, 1, Fraction(1, 10))
    assert own == "11" and bad == []
    rows, y, beta = problem(X, y, Fraction(1, 10))
    s = Solved(dichotomies(rows), y, beta)
    assert s.exact is not None  # the constructed optimum is recognised exactly
    assert single_neuron_labels([[1, 0], [0, 1]], (1, 0), 1, 1, 1) is None  # x_2 ⟂ u


def test_prop1_certificate():
    from exactrelu.exact.certificates import verify_certificate

    r = run_check("cvx_prop1", negative=True)
    assert verify_certificate(r.details["certificate"]) and verify_certificate(r.details["certificate_first"])


CONVEX_CHECKS = [
    "cvx_pc_equals_p",
    "cvx_lemma1",
    "cvx_prop1",
    "cvx_lemma2",
    "cvx_thm1",
    "cvx_prop5",
    "cvx_thm3",
    "cvx_prop7",
]


@pytest.mark.parametrize("name", CONVEX_CHECKS)
def test_family(name):
    run = run_family(name, examples=4, seed=0)
    assert run.ok, run.to_dict()
    assert run.hunt.tried == 4 and run.hunt.not_applicable == 0


@pytest.mark.parametrize("name", CONVEX_CHECKS)
def test_negative_family(name):
    run = run_family(name, examples=5, seed=0, negative=True)
    assert run.ok, run.to_dict()
    details = run.hunt.verdict["details"]
    assert details["hypotheses_hold"] is False and run.dropped == get_check(name).dropped
    if "certificate" in details:
        assert run.hunt.certificate_verified


def test_mutation_controls_labelled():
    infos = {n: get_check(n) for n in CONVEX_CHECKS}
    assert sorted(n for n, i in infos.items() if i.mutation is not None) == ["cvx_lemma1", "cvx_thm1"]
    for n in ("cvx_lemma1", "cvx_thm1"):
        assert "mutation" in infos[n].mutation.__doc__.lower()


# ------------------------------------------------------------------ completeness of the pattern list
def _convex_check_names():
    from proofs_checks import list_checks

    return [c for c in list_checks() if c.startswith("cvx_")]


@pytest.mark.parametrize("name", _convex_check_names())
def test_dropped_pattern_makes_every_convex_check_fail(name, monkeypatch):
    """Negative control of the completeness certificate (issue 16): an enumeration that silently
    drops one dichotomy must make the check fail, never a Verified.  Before issue 16 every positive
    convex check still said Verified."""
    import exactrelu.convex.dichotomies as dich
    from exactrelu.exact.errors import CertificateError

    real = dich.dichotomies

    def dropping(*args, **kwargs):
        P = real(*args, **kwargs)
        return P.subset(range(len(P) - 1))

    monkeypatch.setattr(dich, "dichotomies", dropping)
    try:
        r = run_check(name)
    except CertificateError as exc:
        assert "incomplete" in str(exc)
    else:
        assert not isinstance(r, Verified), (name, r)


def test_thm1_asserts_splitting(monkeypatch):
    """cvx_thm1 asserts the splitting property (exact sin² of angles, exact cone membership), not only
    reports it: with a zero angle tolerance the float optima of gradient descent fail it."""
    import proofs_checks.convex_reformulation as cr

    # the positive side (splitting_to_tolerance on every optimal run) is the default instance's Verified
    monkeypatch.setattr(cr, "SPLIT_SIN2", Fraction(0))
    r = run_check("cvx_thm1", {**EXAMPLE1, "m": 2, "seeds": 1})
    assert isinstance(r, Counterexample) and "not a splitting" in r.explanation


def test_prop5_decided_on_irrational_optimum():
    """Example 1 has an irrational optimum: cvx_prop5 is decided (not NotApplicable, issue 16) through the
    algebraic certificate (α* a root of α⁴ + 6α³ − 189α² − 194α − 99, strict KKT inequalities in arb)."""
    r = run_check("cvx_prop5", dict(EXAMPLE1))
    assert isinstance(r, Verified) and r.certificate["irrational"], r
    rec = r.certificate["networks"][0]
    assert rec["alpha_polynomial"] == ["1", "6", "-189", "-194", "-99"]
    blocks = rec["full_program_blocks"]
    assert blocks["support"] == ["101+"] and not blocks["infeasible"] and not blocks["undecided"]
    assert len(blocks["feasible"]) == 11
