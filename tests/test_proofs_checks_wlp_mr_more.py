"""Checks of issue 16, item 3: Wang, Lacotte & Pilanci 2022 (Theorem 2, Proposition 3, Corollary 1,
eq. (16)) and Matena & Raffel 2022 (section 4.2 random features, Theorem 4.1 for m units, Theorem 4.2
against every δ-perturbation)."""

from fractions import Fraction

import pytest

import proofs_checks.mr_more as mr
import proofs_checks.wlp_more as wlp
from exactrelu.exact.errors import InvalidDataError
from proofs_checks import run_check, run_family

NAMES = [
    "wlp_thm2",
    "wlp_prop3",
    "wlp_cor1",
    "wlp_eq16",
    "mr_thm42_every",
    "mr_thm41_m",
    "mr_random_features",
]
EXAMPLES = {"wlp_cor1": 4, "mr_thm41_m": 4}


@pytest.mark.parametrize("name", NAMES)
def test_default_and_negative_control(name):
    assert run_check(name).status == "verified"
    neg = run_check(name, negative=True)
    assert neg.status == "counterexample"
    assert neg.details["hypotheses_hold"] is False


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("negative", [False, True])
def test_families(name, negative):
    run = run_family(name, examples=EXAMPLES.get(name, 8), seed=1, negative=negative)
    assert run.ok, run.summary


# ----------------------------------------------------------------------------- Theorem 2
def test_thm2_stationarity_is_exact():
    inst = wlp._t2_default()
    rows, y, beta = wlp._read(inst["X"], inst["y"], inst["beta"])
    net = wlp.read_network(inst["network"], 2)
    assert wlp.stationarity(net, rows, y, beta)[:2] == ("gradient_zero", True)
    # one label moved by 1/1000: the gradient is no longer zero
    assert wlp.stationarity(net, rows, [y[0] + Fraction(1, 1000), y[1]], beta)[1] is False
    # a kink (x_1 · u = 0) is not decided
    kink = wlp.read_network({"U": [[0, 1]], "alpha": [1]}, 2)
    assert wlp.stationarity(kink, rows, y, beta)[1] is None


def test_thm2_not_stationary_is_not_applicable():
    inst = {**wlp._t2_default(), "y": [1, 1]}
    assert run_check("wlp_thm2", inst).status == "not_applicable"


# ----------------------------------------------------------------------------- Proposition 3
def test_prop3_path_strictly_decreasing_and_ends_nearly_minimal():
    r = run_check("wlp_prop3")
    assert r.status == "verified"
    assert r.certificate["part2_strict_on_grid"] is True
    assert r.certificate["part1_rescaled_neurons"]  # the default network is unscaled


def test_prop3_beta_zero_without_interpolation_is_not_decided():
    inst = {**wlp._p3_negative(), "y": [1, 1]}
    assert run_check("wlp_prop3", inst).status == "not_applicable"


# ----------------------------------------------------------------------------- eq. (16)
def test_eq16_pruning_keeps_fit_and_penalty():
    rows = [[1, 0], [0, 1], [1, 1]]
    prods = [[3, 4], [4, 3], [6, 8], [0, 2], [5, 12]]
    signs = [1, 1, 1, -1, 1]
    pruned, steps = wlp.carathedory_constant(prods, signs, [[Fraction(t) for t in r] for r in rows])
    assert steps >= 1 and sum(1 for p in pruned if any(p)) <= len(rows) + 1
    with pytest.raises(Exception, match="irrational norm"):
        wlp.carathedory_constant([[1, 1]], [1], rows)


def test_eq16_width_one_same_sign_is_not_a_counterexample():
    inst = {
        "X": [[1, 0], [0, 1]],
        "theta0": {"products": [[1, 0]], "signs": [1]},
        "theta1": {"products": [[0, 1]], "signs": [1]},
        "m": 1,
    }
    assert run_check("wlp_eq16", inst).status == "not_applicable"


# ----------------------------------------------------------------------------- Theorem 4.2
def test_thm42_radius_is_certified_and_a_larger_one_is_refused():
    from exactrelu.training.erm import exact_erm
    from exactrelu.training.reductions import set_cover_to_relu_general_position
    from exactrelu.training.set_cover import SetCover

    r = run_check("mr_thm42_every")
    c = r.certificate
    assert r.status == "verified" and c["side"] == "NO"
    assert c["lower_bound_every_perturbation"] > c["threshold"]
    assert 0 < c["rho_general_position"] <= c["rho"]
    sc = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1)
    red0 = set_cover_to_relu_general_position(sc, delta=0)
    L0 = exact_erm(red0.X, red0.y, v=(1,), bias=False).value
    assert mr.robustness_certificate(red0, c["delta0"], c["rho"], L0, None)["holds"]
    # a radius 1000 times larger is not certified (the bound is not vacuous)
    assert not mr.robustness_certificate(red0, c["delta0"], 1000 * c["rho"], L0, None)["holds"]


def test_thm42_yes_side_uses_the_supremum_over_the_ball():
    from exactrelu.training.reductions import set_cover_to_relu_general_position
    from exactrelu.training.set_cover import SetCover

    r = run_check("mr_thm42_every", {"X": None, "family": [[1, 2], [2, 3], [1, 3]], "k": 2})
    assert r.status == "verified" and r.certificate["side"] == "YES"
    red0 = set_cover_to_relu_general_position(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2), delta=0)
    w = r.certificate["witness"]
    assert mr._sup_loss(red0.X, red0.y, w, 0) == red0.loss(w) == Fraction(17, 8)
    assert mr._sup_loss(red0.X, red0.y, w, Fraction(1, 10)) > Fraction(17, 8)


# ----------------------------------------------------------------------------- section 4.2
def test_random_feature_probabilities_exact():
    res = mr.random_feature_probabilities([[0], [1], [3]])
    assert res["p"] == [0, 0, Fraction(5, 12), Fraction(461, 648)]
    assert res["chambers"] == 6


def test_random_features_duplicate_point_never_independent():
    r = run_check("mr_random_features", {"X": [[0, 0], [1, 2], [1, 2]]})
    assert r.status == "counterexample" and all(p == 0 for p in r.details["p_m"])
    assert r.details["certificate"]["kind"] == "affine_dependency"


def test_random_features_gaussian_initialisation_monte_carlo():
    r = run_check("mr_random_features", gaussian_samples=40)
    g = r.certificate["gaussian_init"]
    lo, hi = g["interval"]
    assert g["trials"] == 40 and g["confidence"] == Fraction(99, 100)
    assert 0 <= lo <= Fraction(g["successes"], 40) <= hi <= 1


def test_thm2_each_stationarity_condition_alone():
    inst = wlp._t2_default()
    rows, y, beta = wlp._read(inst["X"], inst["y"], inst["beta"])
    ok = wlp.read_network({"products": [[Fraction(3, 5), Fraction(4, 5)]], "signs": [1]}, 2)
    assert wlp.stationarity(ok, rows, y, beta)[1] is True
    # ‖g‖ = β still holds, but s·g points against p: output sign −1, residual r = β p (so g = β p)
    flipped = wlp.read_network({"products": [[Fraction(3, 5), Fraction(4, 5)]], "signs": [-1]}, 2)
    y_flip = [Fraction(-3, 5) + Fraction(3, 50), Fraction(-4, 5) + Fraction(4, 50)]
    _kind, holds, info = wlp.stationarity(flipped, rows, y_flip, beta)
    g = info.get("g")
    assert holds is False and g is not None and sum(t * t for t in g) == beta * beta
    # colinear, but ‖g‖ ≠ β (a larger weight decay)
    _kind, holds, _info = wlp.stationarity(ok, rows, y, 2 * beta)
    assert holds is False


def test_thm42_forged_inputs_are_refused():
    from exactrelu.training.reductions import set_cover_to_relu_general_position
    from exactrelu.training.set_cover import SetCover

    c = run_check("mr_thm42_every").certificate
    red0 = set_cover_to_relu_general_position(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1), delta=0)
    # a forged (too small) unperturbed minimum alone breaks the NO certificate
    assert not mr.robustness_certificate(red0, c["delta0"], c["rho"], Fraction(3, 2), None)["holds"]
    # the YES side: a real cover is certified; a forged "cover" is refused before any bound is claimed
    red_yes = set_cover_to_relu_general_position(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2), delta=0)
    assert mr.robustness_certificate(red_yes, 0, Fraction(1, 10**9), None, (0, 1))["holds"]
    with pytest.raises(InvalidDataError, match="do not cover"):
        mr.robustness_certificate(red_yes, 0, Fraction(1, 10**9), None, (0,))
