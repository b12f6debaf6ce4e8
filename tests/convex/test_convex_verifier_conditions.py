"""One forged certificate per verifier condition of the convex verifiers (issue 16, item 1).

Each test starts from a genuine certificate that verifies, changes it so that it violates ONE condition
of the verifier, and checks that the verifier rejects it with that condition's message.  The genuine
certificate verifying is the positive control of every test.  Verifiers: certify_complete,
verify_value_bounds (the check behind certify_value), verify_exact_optimum, verify_optimality_verdict,
OptimalSet.verify.  The list of conditions is in each verifier's docstring and in docs/verifiers.md.

Data: the square example (Mishkin & Pilanci 2023 worked example, P* = 19/50, rational optimum) and
Example 1 of Wang, Lacotte & Pilanci 2022 (irrational optimum, float solution certified).
"""

import copy
import dataclasses
from fractions import Fraction as F

import pytest

from exactrelu.convex import bounds as cb
from exactrelu.convex.dichotomies import PatternSet, certify_complete, dichotomies, trichotomies
from exactrelu.convex.optimal_set import optimal_set
from exactrelu.convex.optimality import is_globally_optimal, verify_optimality_verdict
from exactrelu.convex.scaled_networks import ScaledNetwork, neuron_blocks, scale
from exactrelu.exact.errors import CertificateError
from exactrelu.network import ShallowReLU

SQ_X = [(1, 1), (1, -1), (-1, -1), (-1, 1)]
SQ_Y = [1, 1, 1, 1]
SQ_BETA = F(1, 5)
EX1_X = [(1, 0), (0, 1), (1, 1)]
EX1_Y = [1, 0, 0]
EX1_BETA = F(1, 10)


def reject(match, fn, *args, **kwargs):
    with pytest.raises(CertificateError, match=match):
        fn(*args, **kwargs)


# ============================================================================ certify_complete
@pytest.mark.parametrize("maker", [dichotomies, trichotomies])
def test_complete_positive(maker):
    P = maker(SQ_X)
    c = certify_complete(P)
    assert c["count"] == c["expected"] == len(P)


def test_complete_condition_count_dropped_pattern():
    P = dichotomies(EX1_X)
    reject("incomplete", certify_complete, P.subset(range(1, len(P))))


def test_complete_condition_distinct_patterns():
    P = dichotomies(EX1_X)  # same count, one pattern repeated (its witness too, so it is realised)
    forged = PatternSet(P.X, P.kind, (P.patterns[0], *P.patterns[:-1]), (P.witnesses[0], *P.witnesses[:-1]))
    reject("repeats a pattern", certify_complete, forged)


def test_complete_condition_realised_patterns():
    P = dichotomies(EX1_X)  # right count, distinct, but one witness does not realise its pattern
    forged = PatternSet(P.X, P.kind, P.patterns, (P.witnesses[1], *P.witnesses[1:]))
    reject("not realised", certify_complete, forged)


# ============================================================================ verify_value_bounds
@pytest.fixture(scope="module")
def ex1_bounds():
    from exactrelu.convex.program import convex_program

    P = dichotomies(EX1_X)
    sol = convex_program(P, EX1_Y, EX1_BETA).solve()
    bounds = cb.certify_value(P, EX1_Y, EX1_BETA, sol)
    assert cb.verify_value_bounds(P, EX1_Y, EX1_BETA, bounds)
    return P, bounds


def _vb(ex1_bounds, **changes):
    P, bounds = ex1_bounds
    forged = dataclasses.replace(copy.deepcopy(bounds), **changes)
    return P, forged


def test_value_bounds_condition_same_program(ex1_bounds):
    P, forged = _vb(ex1_bounds, blocks=ex1_bounds[1].blocks[1:])
    reject("the program has", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_multiplier_length(ex1_bounds):
    P, forged = _vb(ex1_bounds, multiplier=(*ex1_bounds[1].multiplier, F(0)))
    reject("multiplier has", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_primal_block_of_program(ex1_bounds):
    P, bounds = ex1_bounds
    primal = {**bounds.primal, (len(P), 1): (F(0), F(0))}
    P, forged = _vb(ex1_bounds, primal=primal)
    reject("not a block of the program", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_primal_in_cone(ex1_bounds):
    P, bounds = ex1_bounds
    (b, w), *_ = bounds.primal.items()
    P, forged = _vb(ex1_bounds, primal={**bounds.primal, b: tuple(-t for t in w)})
    reject("not in its cone", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_upper_above_primal_objective(ex1_bounds):
    P, forged = _vb(ex1_bounds, upper=ex1_bounds[1].upper - F(1, 10**6))
    reject("upper bound is below", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_dual_feasible(ex1_bounds):
    # λ and ρ scaled by 11/10 (lower re-derived as D(λ)): the tight block's ‖v_b‖ becomes 1.1 β
    P, bounds = ex1_bounds
    lam = tuple(F(11, 10) * t for t in bounds.multiplier)
    rho = {b: tuple(F(11, 10) * c for c in r) for b, r in bounds.rho.items()}
    lower = cb.dual_value([F(t) for t in EX1_Y], lam)
    P, forged = _vb(ex1_bounds, multiplier=lam, rho=rho, lower=lower)
    reject("dual constraint violated", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_lower_is_dual_value(ex1_bounds):
    P, forged = _vb(ex1_bounds, lower=ex1_bounds[1].lower - F(1, 10**9))  # still a lower bound
    reject("not the dual value", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


def test_value_bounds_condition_candidates_superset(ex1_bounds):
    P, forged = _vb(ex1_bounds, candidates=ex1_bounds[1].candidates[1:])
    reject("left out of the support candidates", cb.verify_value_bounds, P, EX1_Y, EX1_BETA, forged)


# ============================================================================ verify_exact_optimum
@pytest.fixture(scope="module")
def square_optimum():
    P = dichotomies(SQ_X)
    opt = cb.exact_optimum(P, SQ_Y, SQ_BETA, ({}, (0.1,) * 4))
    assert opt is not None and opt.value == F(19, 50) and len(opt.primal) == 2
    assert cb.verify_exact_optimum(P, SQ_Y, SQ_BETA, opt)
    return P, opt


def _eo(square_optimum, **changes):
    P, opt = square_optimum
    return P, dataclasses.replace(copy.deepcopy(opt), **changes)


def test_exact_optimum_condition_same_program(square_optimum):
    P, forged = _eo(square_optimum, blocks=square_optimum[1].blocks[:-1])
    reject("the program has", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_primal_block_of_program(square_optimum):
    P, opt = square_optimum
    P, forged = _eo(square_optimum, primal={**opt.primal, (len(P), 1): (F(0), F(0))})
    reject("not a block of the program", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_residual_length(square_optimum):
    P, forged = _eo(square_optimum, residual=square_optimum[1].residual[:-1])
    reject("residual has", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_fit_is_y_minus_r(square_optimum):
    # all the weight on one of the two blocks: same penalty, same value, same residual, wrong fit
    P, opt = square_optimum
    (b1, w1), _ = opt.primal.items()
    P, forged = _eo(square_optimum, primal={b1: tuple(2 * t for t in w1)})
    reject("fit is not y − r", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_dual_feasible(square_optimum):
    # the zero network with r = y: fit, penalty and values all consistent, but not dual feasible
    P, forged = _eo(square_optimum, primal={}, residual=tuple(F(t) for t in SQ_Y), value=F(2))
    reject("dual constraint violated", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_nonnegative_multiple(square_optimum):
    P, opt = square_optimum
    b = next(iter(opt.primal))
    corr = {**opt.correlations, b: tuple(-t for t in opt.correlations[b])}
    P, forged = _eo(square_optimum, correlations=corr)
    reject("non-negative multiple", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_correlation_norm_beta(square_optimum):
    P, opt = square_optimum
    b = next(iter(opt.primal))
    corr = {**opt.correlations, b: tuple(2 * t for t in opt.correlations[b])}
    P, forged = _eo(square_optimum, correlations=corr)
    reject("does not have norm β", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


def test_exact_optimum_condition_values_equal(square_optimum):
    P, forged = _eo(square_optimum, value=square_optimum[1].value + F(1, 100))
    reject("values differ", cb.verify_exact_optimum, P, SQ_Y, SQ_BETA, forged)


# ============================================================================ verify_optimality_verdict
GOOD = ScaledNetwork([(F(9, 10), 0), (F(-9, 10), 0)], [1, 1])  # exactly optimal on the square
SHORT = ScaledNetwork([(F(19, 20), 0), (F(-19, 20), 0)], [1, 1])  # dual feasible, not stationary
SMALL = ScaledNetwork([(F(1, 2), 0), (F(-1, 2), 0)], [1, 1])  # a descent direction exists
SQ = (SQ_X, SQ_Y, SQ_BETA)


def _verdict(net, data=SQ, **kw):
    v = is_globally_optimal(net, *data, **kw)
    assert verify_optimality_verdict(net, *data, v)
    return copy.deepcopy(v)


def test_verdict_condition_complete_patterns():
    """Fails on the code before issue 16: an incomplete dichotomy list was accepted."""
    v = _verdict(SMALL)
    P = dichotomies(SQ_X)
    reject("incomplete", verify_optimality_verdict, SMALL, *SQ, v, patterns=P.subset(range(1, len(P))))
    reject("incomplete", is_globally_optimal, GOOD, *SQ, patterns=P.subset(range(1, len(P))))


def test_verdict_condition_residual():
    v = _verdict(GOOD)
    v.residual = tuple(t + 1 for t in v.residual)
    reject("residual", verify_optimality_verdict, GOOD, *SQ, v)


def test_verdict_condition_status_consistent():
    v = _verdict(SMALL)
    v.status = "optimal"  # a descent certificate under an 'optimal' status
    reject("disagree", verify_optimality_verdict, SMALL, *SQ, v)
    v = _verdict(SMALL)
    v.status = "maybe"
    reject("unknown status", verify_optimality_verdict, SMALL, *SQ, v)


def test_verdict_condition_kkt_dual_feasible():
    v = _verdict(SMALL)
    v.optimal, v.status, v.certificate = True, "optimal", {"kind": "kkt"}
    reject("dual infeasible", verify_optimality_verdict, SMALL, *SQ, v)


def test_verdict_condition_kkt_stationary():
    v = _verdict(SHORT)
    assert v.certificate["kind"] == "kkt_violation"
    v.optimal, v.status, v.certificate = True, "optimal", {"kind": "kkt"}
    reject("not stationary", verify_optimality_verdict, SHORT, *SQ, v)


def test_verdict_condition_descent_direction():
    v = _verdict(SMALL)
    v.certificate["direction"] = tuple(-t for t in v.certificate["direction"])
    reject("descent direction", verify_optimality_verdict, SMALL, *SQ, v)


def test_verdict_condition_descent_decrease():
    """Fails on the code before issue 16: the claimed decrease was not checked."""
    v = _verdict(SMALL)
    v.certificate["decrease"] = 1000 * v.certificate["decrease"]
    reject("claimed decrease", verify_optimality_verdict, SMALL, *SQ, v)


def test_verdict_condition_unscaled():
    net = ShallowReLU([(F(3, 4), 0), (F(-3, 4), 0)], [F(3, 4), F(3, 4)], bias=False)  # scaled
    data = (SQ_X, SQ_Y, F(7, 8))
    v = _verdict(net, data)
    v.optimal, v.status, v.certificate = False, "not_optimal", {"kind": "unscaled", "neuron": 0}
    reject("is scaled", verify_optimality_verdict, net, *data, v)


def test_verdict_condition_merge():
    # an optimal split network: neurons 0 and 1 share a cone but are positively colinear
    net = ScaledNetwork([(F(9, 20), 0), (F(9, 20), 0), (F(-9, 10), 0)], [1, 1, 1])
    v = _verdict(net)
    assert v.optimal
    b = neuron_blocks(scale(net), dichotomies(SQ_X))[0]
    v.optimal, v.status = False, "not_optimal"
    v.certificate = {"kind": "merge", "block": b, "neurons": (0, 1)}
    reject("merged", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_kkt_violation():
    v = _verdict(GOOD)
    b = next(iter(v.blocks))
    v.optimal, v.status, v.certificate = False, "not_optimal", {"kind": "kkt_violation", "block": b}
    reject("satisfies stationarity", verify_optimality_verdict, GOOD, *SQ, v)


@pytest.fixture(scope="module")
def gap_verdict():
    net = ScaledNetwork([(F(899, 1000), 0), (F(-899, 1000), 0)], [1, 1])  # 1e-3 short of optimal
    v = is_globally_optimal(net, *SQ, tol="1/100")
    assert v.status == "within_gap" and not v.optimal
    assert verify_optimality_verdict(net, *SQ, v)
    return net, v


def _gap(gap_verdict, **changes):
    net, v = gap_verdict
    v = copy.deepcopy(v)
    v.gap_certificate.update(changes)
    return net, v


def test_verdict_within_gap_negative_control_tol_too_small():
    net = ScaledNetwork([(F(899, 1000), 0), (F(-899, 1000), 0)], [1, 1])
    v = is_globally_optimal(net, *SQ, tol="1/10000000")
    assert v.status == "not_optimal" and v.gap_certificate is None


def test_verdict_condition_gap_certificate_present(gap_verdict):
    net, v = gap_verdict
    v = copy.deepcopy(v)
    v.gap_certificate = None
    reject("needs a gap certificate", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_gap_multiplier_length(gap_verdict):
    net, v = _gap(gap_verdict, multiplier=(*gap_verdict[1].gap_certificate["multiplier"], 0))
    reject("multiplier has", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_gap_dual_feasible(gap_verdict):
    lam = gap_verdict[1].gap_certificate["multiplier"]
    net, v = _gap(gap_verdict, multiplier=tuple(2 * t for t in lam))
    v.gap_certificate["lower"] = cb.dual_value([F(t) for t in SQ_Y], v.gap_certificate["multiplier"])
    v.gap_certificate["gap"] = v.gap_certificate["upper"] - v.gap_certificate["lower"]
    reject("not dual feasible", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_gap_lower_is_dual_value(gap_verdict):
    c = gap_verdict[1].gap_certificate
    net, v = _gap(gap_verdict, lower=c["lower"] + F(1, 10**6), gap=c["gap"] - F(1, 10**6))
    reject("not D", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_gap_upper_above_objective(gap_verdict):
    c = gap_verdict[1].gap_certificate
    net, v = _gap(gap_verdict, upper=c["upper"] - F(1, 10**6), gap=c["gap"] - F(1, 10**6))
    reject("below L_β", verify_optimality_verdict, net, *SQ, v)


def test_verdict_condition_gap_within_tol(gap_verdict):
    c = gap_verdict[1].gap_certificate
    net, v = _gap(gap_verdict, tol=c["gap"] / 2)
    reject("exceeds tol", verify_optimality_verdict, net, *SQ, v)
    net, v = _gap(gap_verdict, gap=c["gap"] / 2)  # a gap that is not upper − lower
    reject("exceeds tol", verify_optimality_verdict, net, *SQ, v)


# ============================================================================ OptimalSet.verify
@pytest.fixture(scope="module")
def square_set():
    P = dichotomies(SQ_X)
    S = optimal_set(P, SQ_Y, SQ_BETA)
    assert S.exact and S.verify()
    return S


def _os(square_set, **changes):
    return dataclasses.replace(copy.copy(square_set), **changes)


def test_optimal_set_condition_complete(square_set):
    P = square_set.patterns
    sub = P.subset(range(len(P) - 1))
    forged = _os(square_set, patterns=sub)
    reject("incomplete", forged.verify)


def test_optimal_set_condition_value_certificate(square_set):
    forged = _os(square_set, bounds=dataclasses.replace(square_set.bounds, upper=square_set.bounds.upper - 1))
    reject("upper bound is below", forged.verify)


def test_optimal_set_condition_exact_bounds(square_set):
    b = square_set.bounds
    forged = _os(square_set, value=b.upper + 1)
    reject("not exact", forged.verify)


def test_optimal_set_condition_dual_point_is_residual(square_set):
    forged = _os(square_set, residual=tuple(t / 2 for t in square_set.residual))
    reject("not the residual", forged.verify)


def test_optimal_set_condition_fit(square_set):
    forged = _os(square_set, fit=tuple(t + 1 for t in square_set.fit))
    reject("fit ≠ y − r", forged.verify)


def test_optimal_set_condition_equicorrelation_set(square_set):
    forged = _os(square_set, equicorrelation=square_set.equicorrelation[1:])
    reject("equicorrelation set", forged.verify)


def test_optimal_set_condition_support_certificates(square_set):
    certs = dict(square_set.certificates["support"])
    certs.pop(square_set.equicorrelation[0])
    forged = _os(square_set, certificates={**square_set.certificates, "support": certs})
    reject("no support certificate", forged.verify)


def test_optimal_set_condition_support_in_e(square_set):
    forged = _os(square_set, support=[*square_set.support, (len(square_set.patterns), 1)])
    reject("not in E", forged.verify)


def test_optimal_set_condition_uniqueness_flag(square_set):
    forged = _os(square_set, unique=not square_set.unique)
    reject("uniqueness", forged.verify)


# ============================================================================ verify_algebraic_optimum
@pytest.fixture(scope="module")
def ex1_algebraic(ex1_bounds):
    from exactrelu.convex.algebraic import algebraic_optimum, verify_algebraic_optimum

    P, bounds = ex1_bounds
    opt = algebraic_optimum(P, EX1_Y, EX1_BETA, bounds)
    assert opt is not None and P.name(opt.block[0]) == "101" and opt.block[1] == 1
    assert [int(c) for c in opt.poly] == [1, 6, -189, -194, -99]  # α⁴ + 6α³ − 189α² − 194α − 99
    assert verify_algebraic_optimum(P, EX1_Y, EX1_BETA, opt)
    assert float(bounds.lower) - 1e-15 < float(opt.value.mid()) < float(bounds.upper) + 1e-15
    return P, opt


def _alg(ex1_algebraic, **changes):
    from exactrelu.convex.algebraic import verify_algebraic_optimum

    P, opt = ex1_algebraic
    forged = dataclasses.replace(opt, **changes)  # replaced fields are new objects; opt is untouched
    return lambda: verify_algebraic_optimum(P, EX1_Y, EX1_BETA, forged)


def test_algebraic_condition_positive_interval(ex1_algebraic):
    _, opt = ex1_algebraic
    reject("not positive", _alg(ex1_algebraic, lo=-opt.hi, hi=-opt.lo))


def test_algebraic_condition_kkt_polynomial(ex1_algebraic):
    _, opt = ex1_algebraic
    reject("square-free KKT polynomial", _alg(ex1_algebraic, poly=(*opt.poly[:-1], opt.poly[-1] + 1)))


def test_algebraic_condition_isolating_interval(ex1_algebraic):
    _, opt = ex1_algebraic
    reject("isolate exactly one root", _alg(ex1_algebraic, lo=opt.hi + 1, hi=opt.hi + 2))


def test_algebraic_condition_other_blocks_strictly_feasible(ex1_algebraic):
    # block 101− has ‖g‖ = ‖g_101+‖ > β (g_101+ has a positive polar part): with ρ = 0 it is not feasible
    _, opt = ex1_algebraic
    b = (opt.block[0], -opt.block[1])
    reject(
        "strictly dual feasible", _alg(ex1_algebraic, rho={**opt.rho, b: tuple(0 * c for c in opt.rho[b])})
    )


def test_algebraic_condition_nonnegative_rho(ex1_algebraic):
    _, opt = ex1_algebraic
    b = next(bb for bb, c in opt.rho.items() if any(c))
    reject("bad polar coefficients", _alg(ex1_algebraic, rho={**opt.rho, b: tuple(-c for c in opt.rho[b])}))
