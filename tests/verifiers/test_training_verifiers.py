"""One forged certificate per condition of the training-floor verifiers (docs/verifiers.md).

Positive control first, then a forgery that violates exactly one condition.
"""

from dataclasses import replace
from fractions import Fraction

import pytest

from exactrelu.geometry.arrangement import Chamber
from exactrelu.network import ShallowReLU
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.exact_fit import fit_exact, verify_exact_fit
from exactrelu.training.reduction_checks import verify_reduction, verify_reduction_check
from exactrelu.training.reductions import set_cover_to_relu, set_cover_to_relu_general_position
from exactrelu.training.region import RegionSolution, solve_region, verify_region_solution
from exactrelu.training.set_cover import MinimumCover, SetCover, verify_minimum_cover
from exactrelu.training.vertices import full_patterns, pattern_tuples

F = Fraction


# ----------------------------------------------------------------------------- region KKT
ONE = (F(1),)


def _sol(weights, fitted, lam, value, patterns=((1,),), v=ONE, n=1):
    return RegionSolution(patterns, v, F(value), weights, tuple(map(F, fitted)), lam, n)


def test_region_positive_control():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert s.multipliers == ((F(2),),) and verify_region_solution([[1]], (-1,), s, bias=False)
    s = solve_region([[-1, 0], [0, 0], [1, 0]], (1, 3, 1), (1, 1, 1))
    assert verify_region_solution([[-1, 0], [0, 0], [1, 0]], (1, 3, 1), s)


def test_region_multipliers_nonnegative():
    # y = 1, w = 0 (not optimal: w = 1 fits): λ = −2 makes Gᵀλ = −2Mᵀr, λ·(Gu) = 0, Gu = 0 ≥ 0,
    # fitted and value right — only λ ≥ 0 fails
    forged = _sol(((F(0),),), (0,), ((F(-2),),), 1)
    assert not verify_region_solution([[1]], (1,), forged, bias=False)


def test_region_feasible():
    # y = −1, w = −1: the fit is exact (value 0 < the true optimum 1), λ = 0,
    # but w·x = −1 < 0 on an active point
    forged = _sol(((F(-1),),), (-1,), ((F(0),),), 0)
    assert not verify_region_solution([[1]], (-1,), forged, bias=False)


def test_region_complementary():
    # y = 0, w = 1: r = −1, λ = 2 is stationary and ≥ 0, Gu = 1 ≥ 0, but λ·(Gu) = 2 ≠ 0
    forged = _sol(((F(1),),), (1,), ((F(2),),), 1)
    assert not verify_region_solution([[1]], (0,), forged, bias=False)


def test_region_stationary():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert not verify_region_solution([[1]], (-1,), replace(s, multipliers=((F(1),),)), bias=False)


def test_region_stationary_with_inactive_points():
    # the inactive point contributes λ s x̄ only: its multiplier enters the sum
    X, y = [[0], [1], [2]], (0, 1, 0)
    s = solve_region(X, y, (0, 1, 1))
    assert verify_region_solution(X, y, s)
    lam = list(s.multipliers[0])
    lam[0] += 1
    assert not verify_region_solution(X, y, replace(s, multipliers=(tuple(lam),)))


def test_region_fitted():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert not verify_region_solution([[1]], (-1,), replace(s, fitted=(F(1),)), bias=False)


def test_region_value():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert not verify_region_solution([[1]], (-1,), replace(s, value=F(2)), bias=False)


def test_region_pattern_entries():
    # A = 2 is read as active: w = 1 fits y = 1 with λ = 0 — only "A over {0, 1}" fails
    forged = _sol(((F(1),),), (1,), ((F(0),),), 0, patterns=((2,),))
    assert verify_region_solution([[1]], (1,), replace(forged, patterns=((1,),)), bias=False)
    assert not verify_region_solution([[1]], (1,), forged, bias=False)


@pytest.mark.parametrize(
    "change",
    [
        {"n_points": 2},
        {"fitted": (F(0), F(0))},
        {"v": (F(1), F(1))},
        {"weights": ((F(0), F(0)),)},
        {"multipliers": ((F(2), F(0)),)},
        {"patterns": ((1, 0),)},
    ],
)
def test_region_shapes(change):
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert not verify_region_solution([[1]], (-1,), replace(s, **change), bias=False)


def test_region_labels_length():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert not verify_region_solution([[1]], (-1, 0), s, bias=False)


def test_region_refuses_floats():
    s = solve_region([[1]], (-1,), (1,), bias=False)
    with pytest.raises(TypeError):
        verify_region_solution([[1]], (-1,), replace(s, multipliers=((2.0,),)), bias=False)


# ----------------------------------------------------------------------------- ERM
EX, EY = [[0], [1], [2]], (0, 1, 0)


@pytest.fixture(scope="module")
def erm():
    r = exact_erm(EX, EY, v=(1,))
    assert verify_erm(EX, EY, r) and verify_erm(EX, EY, r, v=(1,), bias=True)
    return r


def test_erm_bias_asked(erm):
    assert not verify_erm(EX, EY, erm, bias=False)


def test_erm_v_asked(erm):
    assert not verify_erm(EX, EY, erm, v=(-1,))


def test_erm_free_signs_is_another_question():
    r = exact_erm(EX, EY)
    assert r.free_signs and verify_erm(EX, EY, r)
    assert not verify_erm(EX, EY, r, v=(1,))  # hole fixed for issue 16


def test_erm_trusts_its_own_v_without_v(erm):
    # documented: without v the result's own v is the question (and it is answered right)
    minus = exact_erm(EX, EY, v=(-1,))
    assert verify_erm(EX, EY, minus) and not verify_erm(EX, EY, minus, v=(1,))


def test_erm_nonzero_points(erm):
    assert not verify_erm(EX, EY, replace(erm, nonzero=erm.nonzero[:-1]))


def _without_chamber(erm, k):
    drop = erm.chambers[k]
    chambers = tuple(c for c in erm.chambers if c != drop)
    pattern = tuple((1 + s) // 2 for s in drop.signs)
    regions = tuple(s for s in erm.regions if pattern not in s.patterns)
    return chambers, regions, pattern


def test_erm_chambers_complete(erm):
    # drop a chamber that is not the optimum's, with its regions: the table matches the list
    k = next(
        k
        for k, c in enumerate(erm.chambers)
        if tuple((1 + s) // 2 for s in c.signs) not in erm.solution.patterns
    )
    chambers, regions, _ = _without_chamber(erm, k)
    assert erm.solution in regions
    assert not verify_erm(EX, EY, replace(erm, chambers=chambers, regions=regions))


def test_erm_table_complete(erm):
    regions = tuple(s for s in erm.regions if s != erm.solution)
    assert not verify_erm(EX, EY, replace(erm, regions=regions[:-1] + (erm.solution,)))


def test_erm_every_region_kkt(erm):
    k = next(k for k, s in enumerate(erm.regions) if s != erm.solution)
    bad = replace(erm.regions[k], value=erm.regions[k].value + 1)  # larger: the minimum is unchanged
    assert not verify_erm(EX, EY, replace(erm, regions=erm.regions[:k] + (bad,) + erm.regions[k + 1 :]))


def test_erm_value_is_the_minimum(erm):
    assert not verify_erm(EX, EY, replace(erm, value=erm.value - 1))
    assert not verify_erm(EX, EY, replace(erm, value=erm.value + 1))


def test_erm_solution_value(erm):
    k = next(k for k, s in enumerate(erm.regions) if s.value > erm.value)
    other = erm.regions[k]
    net = ShallowReLU(other.weights, other.v)
    assert not verify_erm(EX, EY, replace(erm, solution=other, network=net))


def test_erm_solution_in_table(erm):
    forged = replace(
        erm.solution, multipliers=tuple(tuple(a + 1 for a in m) for m in erm.solution.multipliers)
    )
    assert not verify_erm(EX, EY, replace(erm, solution=forged))


ZY = (0, 0, 0)


@pytest.fixture(scope="module")
def zero():
    r = exact_erm(EX, ZY, v=(1,))
    assert r.value == 0 and verify_erm(EX, ZY, r)
    return r


def test_erm_network_weights(zero):
    W = tuple(tuple(F(-1) if j == len(w) - 1 else F(0) for j in range(len(w))) for w in zero.solution.weights)
    assert W != zero.solution.weights
    net = ShallowReLU(W, zero.solution.v)  # also loss 0, but not the certified solution
    assert not verify_erm(EX, ZY, replace(zero, network=net))


def test_erm_network_output_weights(zero):
    assert all(c == 0 for w in zero.solution.weights for c in w)
    net = ShallowReLU(zero.solution.weights, (F(2),))  # same weights, same loss 0, another v
    assert not verify_erm(EX, ZY, replace(zero, network=net))


def test_erm_wrong_labels(erm):
    assert not verify_erm(EX, (0, 1, 1), erm)


# ----------------------------------------------------------------------------- exact fit
FX, FY = [[0], [1], [2], [3]], [0, 1, 0, 1]


@pytest.fixture(scope="module")
def fit():
    f = fit_exact(FX, FY)
    assert verify_exact_fit(FX, FY, f)
    return f


def test_exact_fit_labels_length(fit):
    assert not verify_exact_fit(FX, FY + [0], fit)


def test_exact_fit_bias(fit):
    assert not verify_exact_fit(
        FX, FY, replace(fit, network=ShallowReLU(fit.network.W, fit.network.v, bias=False))
    )


def test_exact_fit_n_units(fit):
    assert not verify_exact_fit(FX, FY, replace(fit, n_units=fit.n_units + 1))


def test_exact_fit_theorem_count(fit):
    # two extra units with v = 0 (active everywhere, pre-activation 1): everything holds but m = 2⌈N/(d+1)⌉
    net = ShallowReLU(fit.network.W + ((F(0), F(1)),) * 2, fit.network.v + (F(0),) * 2)
    forged = replace(fit, network=net, n_units=fit.n_units + 2, patterns=fit.patterns + ((1, 1, 1, 1),) * 2)
    assert not verify_exact_fit(FX, FY, forged)


def test_exact_fit_row_length(fit):
    # an extra coordinate after the bias is ignored by the evaluation: only the shape check fails
    W = tuple(w + (F(7),) for w in fit.network.W)
    assert not verify_exact_fit(FX, FY, replace(fit, network=ShallowReLU(W, fit.network.v, bias=True)))


def test_exact_fit_pattern_count(fit):
    assert not verify_exact_fit(FX, FY, replace(fit, patterns=fit.patterns + (fit.patterns[0],)))


def test_exact_fit_pattern_length(fit):
    assert not verify_exact_fit(FX, FY, replace(fit, patterns=tuple(p + (0,) for p in fit.patterns)))


def test_exact_fit_pattern_agrees(fit):
    p = list(fit.patterns)
    p[-1] = tuple(1 - a if i == len(p[-1]) - 1 else a for i, a in enumerate(p[-1]))
    assert not verify_exact_fit(FX, FY, replace(fit, patterns=tuple(p)))


def test_exact_fit_open_region():
    # N = 2, d = 1, m = 2: unit (1, 0) has pre-activation 0 at x = 0 (pattern entry 0 agrees with
    # "not > 0"), unit (−1, −1) is inactive; the outputs (0, 1) are the labels — only z ≠ 0 fails
    X2, y2 = [[0], [1]], [0, 1]
    f2 = fit_exact(X2, y2)
    assert f2.n_units == 2 and verify_exact_fit(X2, y2, f2)
    net = ShallowReLU(((F(1), F(0)), (F(-1), F(-1))), (F(1), F(1)))
    assert not verify_exact_fit(X2, y2, replace(f2, network=net, patterns=((0, 1), (0, 0))))
    net = ShallowReLU(((F(1), F(1)), (F(-1), F(-1))), (F(1), F(1)))  # control: (1, 1) has no zero
    assert verify_exact_fit(X2, [1, 2], replace(f2, network=net, patterns=((1, 1), (0, 0))))


def test_exact_fit_values(fit):
    assert not verify_exact_fit(FX, [0, 1, 0, 2], fit)
    assert not verify_exact_fit(FX, [1, 1, 0, 1], fit)


# ----------------------------------------------------------------------------- minimum cover
SC = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1)


def test_cover_positive_control():
    assert verify_minimum_cover(SC, MinimumCover((0, 1), 2, 0, "by hand"))
    assert verify_minimum_cover(SetCover(2, [{1, 2}, {1}], k=1), MinimumCover((0,), 1, 0, "by hand"))


def test_cover_covers():
    assert not verify_minimum_cover(SC, MinimumCover((0,), 1, 0, "by hand"))


def test_cover_size_is_the_count():
    assert not verify_minimum_cover(SC, MinimumCover((0, 1, 2), 2, 0, "by hand"))


def test_cover_nothing_smaller():
    sc = SetCover(3, [{1, 2, 3}, {1}, {2, 3}], k=1)
    assert not verify_minimum_cover(sc, MinimumCover((1, 2), 2, 0, "by hand"))
    sc4 = SetCover(4, [{1, 2}, {3, 4}, {1, 3}, {2, 4}, {1, 2, 3, 4}], k=1)
    assert not verify_minimum_cover(sc4, MinimumCover((0, 1, 2), 3, 0, "by hand"))


# ----------------------------------------------------------------------------- reduction records
@pytest.fixture(scope="module")
def yes():
    r = set_cover_to_relu(SetCover(2, [{1}, {2}, {1, 2}], k=1))
    c = verify_reduction(r)
    assert c.yes and verify_reduction_check(r, c)
    return r, c


@pytest.fixture(scope="module")
def no():
    r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
    c = verify_reduction(r)
    assert not c.yes and verify_reduction_check(r, c)
    return r, c


def test_reduction_type(yes):
    assert not verify_reduction_check(yes[0], yes[1].to_dict())


def test_reduction_min_cover(yes):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, min_cover=MinimumCover((0, 1), 2, 0, "x")))


@pytest.mark.parametrize("field", ["yes", "answer_yes", "agrees", "gap_holds"])
def test_reduction_recomputed_flags(yes, no, field):
    for r, c in (yes, no):
        assert not verify_reduction_check(r, replace(c, **{field: not getattr(c, field)}))


def test_reduction_min_loss(yes):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, min_loss=c.min_loss + 1))


def test_reduction_erm_fixed_v_no_bias(yes):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, erm=replace(c.erm, free_signs=True)))
    assert not verify_reduction_check(r, replace(c, erm=replace(c.erm, bias=True)))


def test_reduction_erm_certificate(yes):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, erm=replace(c.erm, chambers=c.erm.chambers[:-1])))


def test_reduction_witness_required(yes):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, witness=None))


def test_reduction_witness_loss(yes, no):
    for r, c in (yes, no):
        assert not verify_reduction_check(r, replace(c, witness=replace(c.witness, loss=c.witness.loss + 1)))


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "optimum"},
        {"cover_valid": False},
        {"cover": (0,)},
        {"cover": (0, 1)},
    ],
)
def test_reduction_yes_witness(yes, change):
    r, c = yes
    assert not verify_reduction_check(r, replace(c, witness=replace(c.witness, **change)))


def test_reduction_yes_witness_weights(yes):
    r, c = yes
    w = tuple(2 * t for t in c.witness.w)
    assert not verify_reduction_check(r, replace(c, witness=replace(c.witness, w=w, loss=r.loss(w))))


@pytest.mark.parametrize(
    "change",
    [{"kind": "cover"}, {"cover_valid": True}, {"cover": (0, 1, 2)}],
)
def test_reduction_no_witness(no, change):
    r, c = no
    assert not verify_reduction_check(r, replace(c, witness=replace(c.witness, **change)))


def test_reduction_no_witness_weights(no):
    r, c = no
    w = tuple(2 * t for t in c.witness.w)
    assert not verify_reduction_check(r, replace(c, witness=replace(c.witness, w=w, loss=r.loss(w))))


def test_reduction_general_position_only_for_gp(yes):
    r, c = yes
    gp = verify_reduction(set_cover_to_relu_general_position(SetCover(2, [{1}, {2}, {1, 2}], k=1)))
    assert gp.general_position is not None
    assert not verify_reduction_check(r, replace(c, general_position=gp.general_position))


def test_erm_chambers_are_open(erm):
    # hole fixed for issue 16 (inherited from certify_chambers): the face (1, 1, 0) with witness (−1, 2)
    # listed in place of the chamber (1, 1, 1) passed, and the forged ERM claimed the minimum 4/5 (true: 2/3)
    xbar = [(0, 1), (1, 1), (2, 1)]
    chambers = tuple(c for c in erm.chambers if c.signs != (1, 1, 1)) + (Chamber((1, 1, 0), (-1, 2)),)
    singles = full_patterns(chambers, erm.nonzero, 3)
    regions = tuple(solve_region(xbar, EY, p, (1,), bias=False) for p in pattern_tuples(ONE, singles))
    best = min(regions, key=lambda s: s.value)
    forged = replace(
        erm,
        chambers=chambers,
        regions=regions,
        solution=best,
        value=best.value,
        network=ShallowReLU(best.weights, best.v, bias=True),
    )
    assert best.value == F(4, 5) > erm.value
    assert not verify_erm(EX, EY, forged)


# the same forgeries with a second point (resp. a second unit) that satisfies everything:
# the verifier must check every point and every unit, not just one
def _sol2(w, fitted, lam, value):
    return RegionSolution(
        ((1, 1),), ONE, F(value), ((F(w),),), tuple(map(F, fitted)), (tuple(map(F, lam)),), 2
    )


def test_region_every_point_multipliers():
    assert not verify_region_solution([[1], [2]], (1, 0), _sol2(0, (0, 0), (-2, 0), 1), bias=False)


def test_region_every_point_feasible():
    assert not verify_region_solution([[1], [0]], (-1, 0), _sol2(-1, (-1, 0), (0, 0), 0), bias=False)


def test_region_every_point_complementary():
    assert not verify_region_solution([[1], [0]], (0, 0), _sol2(1, (1, 0), (2, 0), 1), bias=False)


@pytest.fixture(scope="module")
def two_units():
    s = solve_region([[1]], (-1,), ((1,), (1,)), (1, 1), bias=False)
    assert verify_region_solution([[1]], (-1,), s, bias=False)
    return s


@pytest.mark.parametrize(
    "change",
    [
        {"patterns": ((1,), (1, 0))},
        {"patterns": ((1,), (2,))},
        {"weights": ((F(0),), (F(0), F(0)))},
        {"multipliers": ((F(2),), (F(2), F(0)))},  # the true λ = (2, 2), one extra entry
    ],
)
def test_region_every_unit_shape(two_units, change):
    assert not verify_region_solution([[1]], (-1,), replace(two_units, **change), bias=False)


def test_erm_invalid_data_is_false(erm):
    assert not verify_erm(EX, (0, 1), erm)  # one label short: not an exception


def test_exact_fit_one_pattern_length(fit):
    p = fit.patterns[:-1] + (fit.patterns[-1] + (0,),)
    assert not verify_exact_fit(FX, FY, replace(fit, patterns=p))


def test_reduction_min_loss_alone(yes):
    # 1/2 keeps answer_yes (≤ 3/2), agrees and gap_holds (≤ 1): only min_loss = ERM value fails
    r, c = yes
    assert c.min_loss == 1 and r.threshold == F(3, 2)
    assert not verify_reduction_check(r, replace(c, min_loss=F(1, 2)))


def test_reduction_answer_yes_alone(no):
    # flip answer_yes and agrees together (agrees stays consistent): only answer_yes = (min_loss ≤ θ) fails
    r, c = no
    assert not verify_reduction_check(r, replace(c, answer_yes=not c.answer_yes, agrees=not c.agrees))
