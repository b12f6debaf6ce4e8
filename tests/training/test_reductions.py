"""Tests of training.reductions and training.reduction_checks: our reconstruction R1 / R1-GP.

The reconstruction: docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: set cover reductions R1,
E.2 and R1-GP' (not Goel et al.'s dataset).

The reductions are checked on instances, exactly: the Set Cover answer (certified
minimum cover) against the certified global minimum of the single-ReLU loss.
"""

import dataclasses
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.geometry.position import general_position
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.reduction_checks import perturbed_check, verify_reduction, verify_reduction_check
from exactrelu.training.reductions import (
    PROVENANCE,
    BreakingPerturbation,
    Reduction,
    breaking_perturbation,
    cover_to_weights,
    ensure_reduction,
    general_position_delta,
    set_cover_to_relu,
    set_cover_to_relu_general_position,
    weights_to_cover,
)
from exactrelu.training.set_cover import SetCover, is_cover, minimum_cover

try:
    from exactrelu.strategies import set_cover_instances
except ImportError:  # pragma: no cover - local fallback

    @st.composite
    def set_cover_instances(draw, n=(1, 3), m=(1, 3)):
        size, count = draw(st.integers(*n)), draw(st.integers(*m))
        sets = [
            set(draw(st.lists(st.integers(1, size), min_size=1, max_size=size, unique=True)))
            for _ in range(count)
        ]
        for u in range(1, size + 1):
            if not any(u in S for S in sets):
                sets[draw(st.integers(0, count - 1))].add(u)
        return SetCover(size, sets, draw(st.integers(1, count)))


F = Fraction
TRIANGLE = [{1, 2}, {2, 3}, {1, 3}]


def tri(k):
    return SetCover(3, TRIANGLE, k)


@pytest.fixture(scope="module")
def gp_checks():
    """Perturbed R1-GP of the triangle for k = 1, 2 (default δ), verified once."""
    out = {}
    for k in (1, 2):
        r = set_cover_to_relu_general_position(tri(k), seed=0)
        out[k] = (r, verify_reduction(r))
    return out


# ------------------------------------------------------------------------------------------------
# the test vectors of our reconstruction (docs/reconstructions.md)
# ------------------------------------------------------------------------------------------------
def test_r1_data_and_constants():
    r = set_cover_to_relu(tri(1))
    assert r.variant == "r1" and r.params["provenance"] == PROVENANCE
    assert r.params["M"] == 32 and r.params["epsilon"] == F(1, 16) and r.params["Delta"] == 2
    assert r.X == ((1, 0, 0), (0, 1, 0), (0, 0, 1), (32, 0, 32), (32, 32, 0), (0, 32, 32))
    assert r.y == (1, 1, 1, 0, 0, 0)
    assert r.threshold == F(3, 2) and r.gap == (1, F(7, 4))
    assert r.roles == ("set",) * 3 + ("element",) * 3
    assert all(isinstance(t, Fraction) for x in r.X for t in x)


@pytest.mark.parametrize("k, yes", [(1, False), (2, True)])
def test_r1_triangle_min_loss_is_two(k, yes):
    r = set_cover_to_relu(tri(k))
    chk = verify_reduction(r)
    assert chk.min_loss == 2 and chk.yes is yes and chk.answer_yes is yes
    assert chk.agrees and chk.gap_holds and chk.ok
    assert chk.general_position is None
    assert verify_erm(r.X, r.y, chk.erm, v=(1,))
    assert verify_reduction_check(r, chk)
    if yes:
        assert chk.witness.kind == "cover" and chk.witness.loss == 2 and chk.witness.cover_valid
    else:
        assert chk.witness.kind == "optimum" and not chk.witness.cover_valid


def test_r1_yes_witness_of_the_reconstruction():
    r = set_cover_to_relu(tri(2))
    wit = cover_to_weights(r, (0, 1))
    assert wit.w == (-2, -2, 1) and wit.loss == 2 == r.loss((-2, -2, 1))
    assert wit.loss <= r.gap[0]
    assert weights_to_cover(r, wit.w) == ((0, 1), True)


def test_e2_breaks_r1_on_the_no_instance():
    r = set_cover_to_relu(tri(1))
    p = breaking_perturbation(r, F(1, 1000))
    assert isinstance(p, BreakingPerturbation) and p.delta == F(1, 1000) and p.j0 == 0
    assert p.witness == (-3000, 1, 1) and p.witness_loss == 1 < r.threshold
    # every element point is M(χ_u + δ e_0)
    for u, x in zip(range(1, 4), p.X[3:]):
        chi = r.instance.incidence(u)
        assert x == tuple(32 * (c + (F(1, 1000) if j == 0 else 0)) for j, c in enumerate(chi))
    assert p.X[:3] == r.X[:3] and p.y == r.y
    pc = perturbed_check(r, p)
    assert not pc.yes and pc.min_loss <= 1 and pc.answer_yes and pc.flips
    assert verify_erm(p.X, p.y, pc.erm, v=(1,))
    json.dumps(p.to_dict()), json.dumps(pc.to_dict())


def test_r1gp_unperturbed_witness_17_8():
    r0 = set_cover_to_relu_general_position(tri(2), delta=0)
    assert r0.params["c"] == F(1, 8) and r0.params["delta"] == 0 and r0.params["draws"] == 0
    assert r0.X[6:] == ((F(-1, 8), 0, 0), (0, F(-1, 8), 0), (0, 0, F(-1, 8)))
    assert r0.X[:6] == set_cover_to_relu(tri(2)).X and r0.y == (1, 1, 1, 0, 0, 0, 0, 0, 0)
    assert cover_to_weights(r0, (0, 1)).loss == F(17, 8)
    assert r0.gap == (F(9, 4), F(11, 4)) and r0.threshold == F(5, 2)
    assert not general_position(r0.X, bias=False)


@pytest.mark.parametrize("k, exact", [(1, F(38914, 18433)), (2, F(694658, 342145))])
def test_r1gp_unperturbed_minima(k, exact):
    """Spec: ≈ 2.111 (k = 1) and ≈ 2.030 (k = 2); the exact values are the certified ERM minima."""
    r0 = set_cover_to_relu_general_position(tri(k), delta=0)
    chk = verify_reduction(r0)
    assert chk.min_loss == exact
    assert abs(float(chk.min_loss) - {1: 2.111, 2: 2.030}[k]) < 1e-3
    assert chk.agrees and chk.gap_holds and not chk.general_position
    assert verify_reduction_check(r0, chk)


@pytest.mark.parametrize("k", [1, 2])
def test_r1gp_perturbed_minima(k, gp_checks):
    r, chk = gp_checks[k]
    assert r.gap == (k + F(3, 8), k + F(5, 8)) and r.params["delta_within_bound"]
    assert chk.general_position and chk.general_position.holds
    assert abs(float(chk.min_loss) - {1: 2.111, 2: 2.030}[k]) < 1e-3
    assert chk.yes is (k == 2) and chk.agrees and chk.gap_holds and chk.ok
    assert verify_reduction_check(r, chk)
    if k == 2:
        assert chk.witness.loss <= r.gap[0] and abs(chk.witness.loss - F(17, 8)) < F(1, 1000)


@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("perturbed", [False, True])
def test_e2_does_not_flip_r1gp(k, perturbed, gp_checks):
    r = gp_checks[k][0] if perturbed else set_cover_to_relu_general_position(tri(k), delta=0)
    p = breaking_perturbation(r, F(1, 1000))
    pc = perturbed_check(r, p)
    assert not pc.flips and pc.answer_yes is (k == 2)
    assert abs(float(pc.min_loss) - {1: 2.111, 2: 2.030}[k]) < 1e-3
    assert pc.witness_loss > r.threshold  # the unbounded witness is priced out by the points −c e_j
    # element points moved by exactly M δ e_0, nothing else
    for role, a, b in zip(r.roles, r.X, p.X):
        assert b == (tuple((a[0] + r.params["M"] * F(1, 1000),) + a[1:]) if role == "element" else a)


# ------------------------------------------------------------------------------------------------
# R1-GP construction details
# ------------------------------------------------------------------------------------------------
def test_r1gp_default_delta_and_perturbation(gp_checks):
    d = general_position_delta(tri(1))
    assert d["c"] == F(1, 4) and d["R_upper"] == 8 and d["N"] == 9 and d["theta_prime"] == 2
    assert d["delta"] == F(1, 2**25) and d["delta"] <= d["bound"] < 2 * d["delta"]
    r, _ = gp_checks[1]
    r0 = set_cover_to_relu_general_position(tri(1), delta=0)
    delta = r.params["delta"]
    assert delta == d["delta"]
    moves = [a - b for x, z in zip(r.X, r0.X) for a, b in zip(x, z)]
    assert max(abs(t) for t in moves) <= delta and any(moves)
    den = [t.denominator for x in r.X for t in x]
    assert all(q & (q - 1) == 0 for q in den) and max(den) <= 2**33  # powers of two, modest size
    assert r.y == r0.y and r.roles == r0.roles


def test_r1gp_seeded_and_deterministic():
    a = set_cover_to_relu_general_position(tri(1), seed=3)
    b = set_cover_to_relu_general_position(tri(1), seed=3)
    c = set_cover_to_relu_general_position(tri(1), seed=4)
    assert a == b and a.X != c.X and a.params["seed"] == 3 and a.params["draws"] >= 1


def test_r1gp_large_delta_is_flagged():
    r = set_cover_to_relu_general_position(tri(1), delta=F(1, 4))
    assert not r.params["delta_within_bound"]
    assert general_position(r.X, bias=False)


# ------------------------------------------------------------------------------------------------
# properties over random instances
# ------------------------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(set_cover_instances(n=(1, 3), m=(1, 3)))
def test_r1_agrees_with_set_cover(sc):
    r = set_cover_to_relu(sc)
    chk = verify_reduction(r)
    assert chk.yes == (minimum_cover(sc).size <= sc.k)
    assert chk.agrees and chk.gap_holds
    assert verify_reduction_check(r, chk)
    # the proof's two directions on the optimum
    assert weights_to_cover(r, chk.erm.network.W[0]).valid == chk.yes
    if chk.yes:
        assert chk.witness.loss == len(chk.min_cover.cover) <= sc.k


@settings(max_examples=30, deadline=None)
@given(set_cover_instances(n=(1, 3), m=(1, 3)), st.data())
def test_r1_cover_witness_and_e2_loss(sc, data):
    r = set_cover_to_relu(sc)
    cover = minimum_cover(sc).cover
    assert cover_to_weights(r, cover).loss == len(cover)
    everything = cover_to_weights(r, range(sc.m))
    assert everything.loss == sc.m
    j0 = data.draw(st.integers(0, sc.m - 1))
    delta = data.draw(st.fractions(F(1, 10**6), F(1, 2), max_denominator=10**6))
    p = breaking_perturbation(r, delta, j0)
    assert p.witness_loss == 1  # E.2: whatever the instance


@settings(max_examples=5, deadline=None)
@given(set_cover_instances(n=(2, 3), m=(2, 3)), st.integers(0, 2**16))
def test_r1gp_agrees_with_set_cover(sc, seed):
    r = set_cover_to_relu_general_position(sc, seed=seed)
    chk = verify_reduction(r)
    assert chk.general_position and chk.agrees and chk.gap_holds


# ------------------------------------------------------------------------------------------------
# negative controls
# ------------------------------------------------------------------------------------------------
def test_wrong_threshold_is_caught():
    sc = tri(2)
    good = set_cover_to_relu(sc)
    low = dataclasses.replace(good, variant="low-theta", threshold=sc.k - F(1, 2))
    chk = verify_reduction(low)
    assert chk.yes and not chk.answer_yes and not chk.agrees and not chk.ok
    assert verify_reduction_check(low, chk)  # the record is right: the reduction is wrong
    # θ = k + 1 (above the gap) is wrong on the NO instance k = 1 (min loss 2 = k + 1)
    high = dataclasses.replace(set_cover_to_relu(tri(1)), variant="high-theta", threshold=2)
    chk = verify_reduction(high)
    assert not chk.yes and chk.answer_yes and not chk.agrees


def test_weak_penalty_is_caught():
    """R1 without the factor M on the element points: wrong on a NO instance ({1}, {2} with k = 1)."""
    r = set_cover_to_relu(SetCover(2, [{1}, {2}], k=1))
    assert verify_reduction(r).min_loss == 2 * F(1024, 1025)  # R1 itself: 2·M²/(M² + 1) ≥ 7/4
    weak = Reduction(
        r.instance,
        "no-M",
        r.X[:2] + tuple(tuple(t / 32 for t in x) for x in r.X[2:]),
        r.y,
        r.threshold,
        r.gap,
    )
    chk = verify_reduction(weak)
    assert not chk.yes and chk.min_loss == 1 < r.threshold and not chk.agrees and not chk.gap_holds
    assert verify_reduction_check(weak, chk)


def test_tampered_certificates_fail():
    r = set_cover_to_relu(tri(1))
    chk = verify_reduction(r)
    assert verify_reduction_check(r, chk)
    other = verify_reduction(set_cover_to_relu(tri(2)))
    bad_erm_value = dataclasses.replace(chk.erm, value=F(3, 2))
    tampered = [
        dataclasses.replace(chk, min_loss=F(3, 2)),
        dataclasses.replace(chk, yes=True),
        dataclasses.replace(chk, answer_yes=True),
        dataclasses.replace(chk, agrees=False),
        dataclasses.replace(chk, gap_holds=False),
        dataclasses.replace(chk, erm=bad_erm_value, min_loss=F(3, 2)),
        dataclasses.replace(chk, min_cover=dataclasses.replace(chk.min_cover, size=1, cover=(0,))),
        dataclasses.replace(chk, min_cover=dataclasses.replace(chk.min_cover, size=3, cover=(0, 1, 2))),
        dataclasses.replace(chk, witness=dataclasses.replace(chk.witness, cover_valid=True)),
        dataclasses.replace(chk, witness=dataclasses.replace(chk.witness, loss=F(1))),
        dataclasses.replace(chk, witness=None),
        dataclasses.replace(chk, general_position=general_position(r.X, bias=False)),
        other,
        "not a check",
    ]
    for t in tampered:
        assert not verify_reduction_check(r, t)
    # a check of another reduction's data does not pass for this one
    assert not verify_reduction_check(set_cover_to_relu(tri(2)), chk)


def test_tampered_r1gp_check_fails(gp_checks):
    r, chk = gp_checks[1]
    assert not verify_reduction_check(r, dataclasses.replace(chk, general_position=None))
    r0 = set_cover_to_relu_general_position(tri(1), delta=0)
    assert not verify_reduction_check(r0, chk)


def test_weights_to_cover_on_bad_weights():
    r = set_cover_to_relu(tri(1))
    assert weights_to_cover(r, (1, 1, 1)) == ((), False)  # nothing chosen
    assert weights_to_cover(r, (0, 0, 1)) == ((0, 1), False)  # a cover, but 2 > k = 1
    assert weights_to_cover(r, (F(1, 16), 1, 1)) == ((0,), False)  # ε itself is in C_w; not a cover
    assert r.loss((0, 0, 1)) >= r.gap[1]  # consistent with the proof
    assert weights_to_cover(set_cover_to_relu(tri(2)), (0, 0, 1)).valid


# ------------------------------------------------------------------------------------------------
# serialisation and bad input
# ------------------------------------------------------------------------------------------------
def test_to_dict_round_trip(gp_checks):
    for r in (set_cover_to_relu(tri(1)), gp_checks[2][0]):
        d = json.loads(json.dumps(r.to_dict()))
        assert d["provenance"] == PROVENANCE
        back = Reduction.from_dict(d)
        assert (
            back == r
            and back.params["delta" if r.variant == "r1-gp" else "M"]
            == r.params["delta" if r.variant == "r1-gp" else "M"]
        )
    d = json.loads(json.dumps(gp_checks[1][1].to_dict()))
    assert d["agrees"] and d["general_position"]["holds"] and d["reduction"]["variant"] == "r1-gp"
    assert "/" in d["min_loss"]


def test_bad_input():
    r = set_cover_to_relu(tri(1))
    with pytest.raises(InvalidDataError):
        set_cover_to_relu({"n": 3})
    with pytest.raises(InvalidDataError):
        set_cover_to_relu_general_position([[1]])
    with pytest.raises(InvalidDataError):
        set_cover_to_relu_general_position(tri(1), delta=-1)
    with pytest.raises(InvalidDataError):
        set_cover_to_relu_general_position(tri(1), seed=True)
    with pytest.raises(InvalidDataError):
        set_cover_to_relu_general_position(tri(1), bits=0)
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", r.X, r.y[:-1], 1, (1, 2))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", r.X, r.y, 1, (2, 1))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", r.X, r.y, 1, (1,))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "", r.X, r.y, 1, (1, 2))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", [[1, 2], [3]], [0, 0], 1, (1, 2))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", r.X, r.y, float("nan"), (1, 2))
    with pytest.raises(InvalidDataError):
        Reduction(tri(1), "x", r.X, r.y, 1, (1, 2), roles=("set",))
    with pytest.raises(InvalidDataError):
        Reduction.from_dict({"X": [[1]]})
    with pytest.raises(InvalidDataError):
        r.loss((1, 2))
    with pytest.raises(InvalidDataError):
        r.loss("abc")
    with pytest.raises(InvalidDataError):
        cover_to_weights(r, [0])  # not a cover
    with pytest.raises(InvalidDataError):
        cover_to_weights(r, [0, 7])
    with pytest.raises(InvalidDataError):
        cover_to_weights("r", [0, 1])
    with pytest.raises(InvalidDataError):
        weights_to_cover(r, (1, 1))
    with pytest.raises(InvalidDataError):
        breaking_perturbation(r, 0)
    with pytest.raises(InvalidDataError):
        breaking_perturbation(r, F(1, 10), j0=3)
    with pytest.raises(InvalidDataError):
        breaking_perturbation(dataclasses.replace(r, roles=None))
    with pytest.raises(InvalidDataError):
        breaking_perturbation(dataclasses.replace(r, params={}))
    flat = Reduction(tri(1), "flat", [[1, 0]] * 6, r.y, 1, (1, 2))
    with pytest.raises(InvalidDataError):
        cover_to_weights(flat, [0, 1])
    with pytest.raises(InvalidDataError):
        perturbed_check(r, "p")
    with pytest.raises(InvalidDataError):
        perturbed_check(set_cover_to_relu_general_position(tri(1), delta=0), breaking_perturbation(r))
    with pytest.raises(ExactReluError):
        verify_reduction(r, limit=1)
    with pytest.raises(InvalidDataError):
        verify_reduction("r")
    with pytest.raises(InvalidDataError, match="expected a Reduction, got str"):
        ensure_reduction("r")
    assert ensure_reduction(r) is r


def test_custom_reduction_in_another_dimension():
    """Any reduction can be checked; without one weight per set there is no set-cover witness."""
    sc = SetCover(1, [{1}], k=1)
    r = Reduction(sc, "toy", [[1, 0], [0, 1]], [1, 0], F(1, 2), (0, 1))
    chk = verify_reduction(r)
    assert chk.yes and chk.min_loss == 0 and chk.agrees and chk.gap_holds and chk.witness is None
    assert verify_reduction_check(r, chk)
    assert is_cover(sc, chk.min_cover.cover)


def test_r1_four_sets_four_elements():
    """The issue's size target: R1 with m = n = 4 (8 points in R^4)."""
    sc = SetCover(4, [{1, 2}, {2, 3}, {3, 4}, {4, 1}], k=1)
    r = set_cover_to_relu(sc)
    chk = verify_reduction(r)
    assert chk.min_loss == 2 and not chk.yes and chk.agrees and chk.gap_holds
    chk2 = verify_reduction(set_cover_to_relu(sc.with_budget(2)))
    assert chk2.yes and chk2.min_loss == 2 and chk2.agrees
    assert exact_erm(r.X, r.y, v=(1,), bias=False).value == 2
