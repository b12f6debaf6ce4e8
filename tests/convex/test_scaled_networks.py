"""Exact identities between scaled networks and convex variables (Wang, Lacotte & Pilanci 2022).

Every identity is checked exactly (Fractions; square roots only through exact signs of
sums of square roots), and each has a negative control.
"""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.convex.dichotomies import dichotomies, trichotomies
from exactrelu.convex.minimality import (
    caratheodory_prune,
    is_minimal,
    is_nearly_minimal,
    is_splitting,
    merge,
    merge_path,
    minimal_width_bound,
    split,
)
from exactrelu.convex.scaled_networks import (
    Check,
    ScaledNetwork,
    compare_penalty,
    convex_fit,
    convex_objective_bounds,
    convex_to_network,
    is_scaled,
    network_to_convex,
    nonconvex_objective,
    psi,
    scale,
    theta_of_W,
)
from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.exact.intervals import sqrt_bounds, sqrt_sum_sign
from exactrelu.exact.linalg import nullspace, rank
from exactrelu.network import ShallowReLU
from exactrelu.strategies import integer_datasets

# Example 1 of Wang, Lacotte & Pilanci 2022 (our reconstruction): six chambers 000, 010, 011, 100, 101, 111
X1 = [[1, 0], [0, 1], [1, 1]]
Y1 = (1, 0, 0)
BETA1 = F(1, 10)


@pytest.fixture(scope="module")
def P1():
    return dichotomies(X1)


@pytest.fixture(scope="module")
def T1():
    return trichotomies(X1)


def as_set(net):
    """The non-zero neurons as a set of (product, sign): a network up to order and zero rows."""
    return {(net.products[j], net.signs[j]) for j in net.nonzero()}


# ---------------------------------------------------------------------------------------------
# exact square-root helpers
# ---------------------------------------------------------------------------------------------
def test_sqrt_bounds_and_sums():
    assert sqrt_bounds(F(25, 9)) == (F(5, 3), F(5, 3))
    lo, hi = sqrt_bounds(F(2, 3), digits=12)
    assert lo < hi and lo * lo <= F(2, 3) <= hi * hi and hi - lo <= F(1, 3 * 10**12)
    assert sqrt_sum_sign([(1, 8), (-2, 2)]) == 0  # √8 = 2√2
    assert sqrt_sum_sign([(1, F(1, 2)), (-1, 2), (F(1, 2), 2)]) == 0  # √½ = ½√2
    assert sqrt_sum_sign([(1, 2), (1, 3), (-1, 10)]) == -1  # √2 + √3 = 3.146 < √10 = 3.162
    assert sqrt_sum_sign([(1, 2), (1, 3), (-1, F(98, 10))]) == 1  # … > √9.8 = 3.130
    assert sqrt_sum_sign([(1, 5 + 2 * 6), (-1, 2), (-1, 3)]) != 0  # (√2 + √3)² = 5 + 2√6 ≠ 17
    assert sqrt_sum_sign([(1, 10**40), (-1, 10**40 + 1)]) == -1  # a difference of 5e-21
    assert sqrt_sum_sign([]) == 0
    with pytest.raises(InvalidDataError):
        sqrt_bounds(-1)


# ---------------------------------------------------------------------------------------------
# scaling (Wang, Lacotte & Pilanci 2022, first step of the proof of Proposition 3)
# ---------------------------------------------------------------------------------------------
def test_scale_keeps_output_and_scales():
    net = ShallowReLU([[2, -1], [0, 3], [1, 1], [5, 5]], [F(1, 2), -4, 0, 1], bias=False)
    X = [[1, 0], [0, 1], [1, 1], [-2, 3]]
    sn = scale(net)
    assert sn.output(X) == net.output(X)
    assert is_scaled(sn) and not is_scaled(net)
    assert "not scaled" in is_scaled(net).reason
    assert sn.products[2] == (0, 0) and sn.n_nonzero == 3  # α = 0: zero neuron
    # AM–GM: the penalty strictly drops (here by a rational margin)
    y = (1, 2, 3, 4)
    lo, hi = sn.objective_bounds(X, y, F(1, 3))
    assert hi < nonconvex_objective(net, X, y, F(1, 3))
    # an already-scaled rational network: objective equal, exactly
    s5 = ShallowReLU([[3, 4], [0, 0]], [-5, 0], bias=False)
    assert is_scaled(s5)
    lo, hi = scale(s5).objective_bounds(X, y, F(1, 3))
    assert lo == hi == nonconvex_objective(s5, X, y, F(1, 3))
    # negative: u = 0 with α ≠ 0 is not scaled
    assert not is_scaled(ShallowReLU([[0, 0]], [1], bias=False))


def test_scale_with_bias_uses_homogenised_data():
    net = ShallowReLU([[1, -1], [-2, 1]], [3, -1], bias=True)  # 3 relu(x − 1) − relu(1 − 2x)
    X = [[-1], [0], [1], [2]]
    sn = scale(net)
    P = dichotomies(X, bias=True)
    assert sn.output(P) == net.output(X)
    assert sn.output([[x, 1] for (x,) in X]) == net.output(X)
    assert network_to_convex(net, P) == network_to_convex(sn, P)
    assert convex_fit(network_to_convex(net, P), P) == net.output(X)
    with pytest.raises(InvalidDataError, match="dimension"):
        sn.output(X)  # raw data lacks the bias column
    # ShallowReLU checks homogenise raw data themselves
    assert bool(is_minimal(ShallowReLU([[3, 4]], [5], bias=True), X))


def test_scaled_network_basics():
    sn = ScaledNetwork([[1, -1], [0, 0], [F(1, 2), 2]], [-1, -1, 1])
    assert sn.signs == (-1, 1, 1) and sn.n_neurons == 3 and sn.n_nonzero == 2 and sn.dim == 2
    assert ScaledNetwork.from_dict(sn.to_dict()) == sn
    assert ScaledNetwork.from_dict('{"products": [[1, "1/2"]], "signs": [-1]}').products == ((1, F(1, 2)),)
    X = [[1, 0], [1, 1]]
    assert sn.fit_parts(X) == [(-1, 0), (0, 0), (F(1, 2), F(5, 2))]
    assert sn.output(X) == (F(-1, 2), F(5, 2))
    assert sn.cones(X) == [((1, 0), -1), None, ((1, 1), 1)]
    assert sn.penalty_squared_norms() == (2, 0, F(17, 4))
    U, alpha = sn.to_float()
    prod = np.abs(alpha)[:, None] * U
    assert np.allclose(prod, [[1, -1], [0, 0], [0.5, 2]])
    assert np.allclose(np.linalg.norm(U, axis=1), np.abs(alpha))
    assert sn.unscaled_network().output(X) == sn.output(X)
    for bad in (([[1, 2]], [0]), ([[1, 2]], [1, 1]), ([[1, 2], [1]], [1, 1]), ([[1, 2]], [True])):
        with pytest.raises(InvalidDataError):
            ScaledNetwork(*bad)
    assert issubclass(InvalidDataError, ExactReluError)


# ---------------------------------------------------------------------------------------------
# (nearly) minimal networks, merge and split (Definitions 2, 3; Proposition 1; Theorem 1)
# ---------------------------------------------------------------------------------------------
def test_minimal_and_nearly_minimal():
    X = X1
    minimal = ScaledNetwork([[1, 0], [0, 1], [1, 0], [0, 0]], [1, 1, -1, 1])  # same σ, other sign
    assert is_minimal(minimal, X) and is_nearly_minimal(minimal, X)
    colinear = ScaledNetwork([[1, 0], [3, 0], [0, 1]], [1, 1, 1])
    c = is_minimal(colinear, X)
    assert not c and "neurons 0 and 1 share cone +0+/+" in c.reason
    assert is_nearly_minimal(colinear, X)
    spread = ScaledNetwork([[2, -1], [3, -1], [0, 1]], [1, 1, 1])  # both (+,-,+)
    c = is_nearly_minimal(spread, X)
    assert not c and "not positively colinear" in c.reason and isinstance(c, Check)
    opposite = ScaledNetwork([[1, 1], [-1, -1]], [1, 1])  # colinear, not positively
    assert is_minimal(opposite, X)  # different cones anyway
    # an unscaled ShallowReLU is neither
    net = ShallowReLU([[1, 0], [0, 1]], [2, 1], bias=False)
    assert not is_minimal(net, X) and not is_nearly_minimal(net, X)
    assert is_minimal(ShallowReLU([[3, 4], [0, 1]], [5, -1], bias=False), X)


def test_split_then_merge_returns_the_network():
    X = X1
    net = ScaledNetwork([[2, -1], [-1, 3], [1, 1], [0, 0]], [1, 1, -1, 1])
    assert is_minimal(net, X)
    parts = split(net, 0, [F(1, 3), F(1, 6), F(1, 2)])
    assert parts.n_neurons == 6 and parts.products[0] == (F(2, 3), F(-1, 3))
    assert parts.output(X) == net.output(X)
    assert compare_penalty(parts, net) == 0  # Σ‖p‖ unchanged
    assert sum(parts.penalty_squared_norms()) < sum(net.penalty_squared_norms())  # Σ‖p‖² drops
    assert is_nearly_minimal(parts, X) and not is_minimal(parts, X)
    assert is_splitting(parts, net, X) and not is_splitting(net, parts)
    merged = merge(parts, X)
    assert merged.products[:4] == net.products and merged.signs[:4] == net.signs
    assert all(not any(p) for p in merged.products[4:])
    assert is_minimal(merged, X)
    # reuse_zeros puts a part into the zero neuron 3
    reused = split(net, 1, [F(1, 4), F(3, 4)], reuse_zeros=True)
    assert reused.n_neurons == 4 and reused.products[3] == (F(-3, 4), F(9, 4)) and reused.signs[3] == 1
    assert merge(reused, X) == net
    # negative controls
    for gammas in ([F(1, 2), F(1, 3)], [F(3, 2), F(-1, 2)], [], [0, 1]):
        with pytest.raises(InvalidDataError):
            split(net, 0, gammas)
    with pytest.raises(InvalidDataError):
        split(net, 7, [1])


def test_merge_path_is_constant():
    X = X1
    net = ScaledNetwork([[1, 0], [0, 1], [2, 0], [F(1, 2), 0], [0, 5]], [1, 1, 1, 1, -1])
    assert is_nearly_minimal(net, X) and not is_minimal(net, X)
    target = merge(net, X)
    assert target.products[0] == (F(7, 2), 0) and target.products[2] == target.products[3] == (0, 0)
    for t in (0, F(1, 3), F(1, 2), 1):
        pt = merge_path(net, X, t)
        assert pt.output(X) == net.output(X)
        assert compare_penalty(pt, net) == 0
        assert is_nearly_minimal(pt, X)
    assert merge_path(net, X, 0) == net and merge_path(net, X, 1) == target
    with pytest.raises(InvalidDataError):
        merge_path(net, X, F(3, 2))


def test_merge_refuses_non_colinear_neurons():
    X = X1
    bad = ScaledNetwork([[2, -1], [3, -1]], [1, 1])  # same cone (+,-,+)/+
    with pytest.raises(InvalidDataError, match="not positively colinear"):
        merge(bad, X)
    with pytest.raises(InvalidDataError, match="not nearly minimal"):
        merge_path(bad, X, F(1, 2))
    with pytest.raises(InvalidDataError, match="scaled"):
        merge(ShallowReLU([[1, 0]], [2], bias=False), X)


def test_is_splitting_negative_controls():
    ref = ScaledNetwork([[1, 0], [2, 0], [0, 1]], [1, 1, -1])  # two reference neurons on one ray
    good = ScaledNetwork([[F(1, 2), 0], [F(1, 2), 0], [2, 0], [0, 1]], [1, 1, 1, -1])
    assert is_splitting(good, ref)
    assert not is_splitting(ScaledNetwork([[F(3, 2), 0], [F(3, 2), 0], [0, 1]], [1, 1, -1]), ref)
    assert not is_splitting(ScaledNetwork([[3, 0], [0, 1]], [1, 1]), ref)  # wrong sign
    assert not is_splitting(ScaledNetwork([[3, 0]], [1]), ref)  # neuron 2 not split
    assert not is_splitting(ScaledNetwork([[3, 0], [0, 1], [1, 1]], [1, -1, 1]), ref)


# ---------------------------------------------------------------------------------------------
# convex variables: ψ (Lemma 2), W(θ) (eq. (7)), θ(W) (eq. (8)), Proposition 2
# ---------------------------------------------------------------------------------------------
def test_psi_on_example_1(P1):
    i = P1.index((1, 0, 1))
    w = (0.86, -0.79)  # read as typed: 43/50, -79/100
    blocks = {(i, 1): w}
    net = psi(blocks, P1)
    assert convex_to_network is psi
    assert net.products == ((F("0.86"), F("-0.79")),) and net.signs == (1,)
    D = P1.diag(i)
    DXw = tuple(D[k] * (F("0.86") * x[0] + F("-0.79") * x[1]) for k, x in enumerate(X1))
    assert net.output(X1) == DXw == convex_fit(blocks, P1)
    assert net.objective_bounds(X1, Y1, BETA1) == convex_objective_bounds(blocks, P1, Y1, BETA1)
    lo, hi = convex_objective_bounds(blocks, P1, Y1, BETA1)
    assert F(12, 100) < lo <= hi < F(13, 100) and hi - lo < F(1, 10**25)
    # negative: the same vector as a block of the wrong chamber 111 is infeasible …
    j = P1.index((1, 1, 1))
    with pytest.raises(InvalidDataError, match="not in the closed cone"):
        psi({(j, 1): w}, P1)
    # … and unchecked, the network (relu) no longer reproduces D_j X w
    unchecked = psi({(j, 1): w}, P1, check=False)
    assert unchecked.output(X1) != convex_fit({(j, 1): w}, P1)


def minimal_net():
    # neurons in open chambers of X1, pairwise distinct cones
    return ScaledNetwork([[2, -1], [-1, 3], [1, 1], [-1, -2], [3, -1]], [1, 1, -1, 1, -1])


def test_W_theta_round_trip(P1, T1):
    net = minimal_net()
    assert is_minimal(net, X1)
    for ps in (P1, T1):
        W = network_to_convex(net, ps)
        assert all(ps.contains(i, w) for (i, s), w in W.items())
        assert convex_fit(W, ps) == net.output(X1)  # Proposition 2's fit identity
        back = theta_of_W(W, ps)
        assert as_set(back) == as_set(net)
        padded = theta_of_W(W, ps, m=7)
        assert padded.n_neurons == 7 and as_set(padded) == as_set(net)
        with pytest.raises(InvalidDataError):
            theta_of_W(W, ps, m=2)
    # trichotomies: round trip also for minimal networks with neurons on faces
    faces = ScaledNetwork([[1, 0], [0, 1], [1, -1], [0, 2], [-1, 0]], [1, 1, 1, -1, 1])
    assert is_minimal(faces, X1)
    assert as_set(theta_of_W(network_to_convex(faces, T1), T1)) == as_set(faces)


def test_W_theta_merges_neurons_sharing_a_closed_chamber(P1):
    # (1,0) and (0,1) are minimal (cones (+,0,+) and (0,+,+)) but both lie in the closed chamber 111;
    # with 111 listed first, W(θ) adds both to one block and θ(W(θ)) is a different, cheaper network
    ps = P1.subset([P1.index((1, 1, 1))] + [k for k in range(len(P1)) if P1[k] != (1, 1, 1)])
    net = ScaledNetwork([[1, 0], [0, 1]], [1, 1])
    assert is_minimal(net, X1)
    W = network_to_convex(net, ps)
    assert W == {(0, 1): (1, 1)}
    back = theta_of_W(W, ps)
    assert as_set(back) != as_set(net)
    assert back.output(X1) == net.output(X1)  # same fit …
    assert compare_penalty(back, net) == -1  # … strictly lower penalty (Ω(θ))
    # with the paper's order the smallest-index rule keeps them apart
    assert as_set(theta_of_W(network_to_convex(net, P1), P1)) == as_set(net)


def test_prop2_inequalities(P1):
    net = ShallowReLU([[2, -1], [1, -1], [0, 1], [-1, 3]], [1, F(1, 2), -2, 3], bias=False)
    W = network_to_convex(net, P1)
    _, hi = convex_objective_bounds(W, P1, Y1, BETA1, check=True)
    assert hi <= nonconvex_objective(net, X1, Y1, BETA1)  # L^c(W(θ)) ≤ L(θ)
    back = theta_of_W(W, P1)
    blo, _ = back.objective_bounds(X1, Y1, BETA1)
    assert back.output(X1) == convex_fit(W, P1) == net.output(X1)
    assert blo <= hi  # L(θ(W)) ≤ L^c(W)
    assert is_minimal(back, X1)


def test_network_to_convex_needs_a_complete_set(P1):
    net = ScaledNetwork([[1, 1]], [1])
    with pytest.raises(InvalidDataError, match="lies in no cone"):
        network_to_convex(net, P1.subset([0, 1]))


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_fit_identity_property(data):
    X = data.draw(integer_datasets(d=(1, 2), n=(1, 4), max_value=3))
    if not any(any(r) for r in X):
        X[0][0] = 1
    d = len(X[0])
    m = data.draw(st.integers(1, 5))
    products = data.draw(
        st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=m, max_size=m)
    )
    signs = data.draw(st.lists(st.sampled_from((1, -1)), min_size=m, max_size=m))
    net = ScaledNetwork(products, signs)
    for ps in (dichotomies(X), trichotomies(X)):
        W = network_to_convex(net, ps)
        assert all(ps.contains(i, w) for (i, _), w in W.items())
        assert convex_fit(W, ps) == net.output(X)
        back = theta_of_W(W, ps)
        assert back.output(X) == net.output(X) and is_minimal(back, X)
        assert compare_penalty(back, net) <= 0
    # split a neuron of the minimal network and merge back
    T = trichotomies(X)
    M = theta_of_W(network_to_convex(net, T), T)
    if M.n_nonzero:
        j = data.draw(st.sampled_from(M.nonzero()))
        parts = split(M, j, [F(1, 3), F(2, 3)])
        assert is_nearly_minimal(parts, X) and not is_minimal(parts, X)
        assert is_splitting(parts, M)
        assert merge(parts, X).products[: M.n_neurons] == M.products


# ---------------------------------------------------------------------------------------------
# Carathéodory pruning (Lemma 1 / Proposition 6; Mishkin & Pilanci 2023, Algorithm 1)
# ---------------------------------------------------------------------------------------------
def test_prune_mishkin_pilanci_example():
    # the square example (docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples'):
    # the min-norm optimal point, four neurons with dependent fits
    X = [[1, 1], [1, -1], [-1, -1], [-1, 1]]
    h = F(9, 20)
    net = ScaledNetwork([[h, 0], [-h, 0], [0, h], [0, -h]], [1, 1, 1, 1])
    pruned = caratheodory_prune(net, X)
    assert pruned.output(X) == net.output(X) == (F(9, 10),) * 4
    assert pruned.products == ((0, 0), (0, 0), (0, F(9, 10)), (0, F(-9, 10)))
    assert compare_penalty(pruned, net) == 0  # optimal: penalty constant
    assert caratheodory_prune(pruned, X) == pruned  # negative control: no-op


def test_prune_reduces_to_at_most_n_neurons():
    X = X1
    net = ScaledNetwork([[1, 0], [2, 0], [0, 1], [1, 1], [3, -1], [-1, -1], [1, 2]], [1, 1, -1, 1, 1, 1, -1])
    assert net.n_nonzero > len(X)
    pruned = caratheodory_prune(net, X)
    assert pruned.output(X) == net.output(X)
    assert pruned.n_nonzero <= len(X)
    assert compare_penalty(pruned, net) == -1  # not optimal: strictly cheaper
    assert all(not any(q) or any(p) for p, q in zip(net.products, pruned.products))
    assert minimal_width_bound(len(X)) == 4


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_prune_property(data):
    X = data.draw(integer_datasets(d=(1, 3), n=(1, 4), max_value=3))
    n, d = len(X), len(X[0])
    m = data.draw(st.integers(n + 1, n + 3))
    products = data.draw(
        st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=m, max_size=m)
    )
    signs = data.draw(st.lists(st.sampled_from((1, -1)), min_size=m, max_size=m))
    net = ScaledNetwork(products, signs)
    pruned = caratheodory_prune(net, X)
    assert pruned.output(X) == net.output(X)
    assert pruned.n_nonzero <= n
    assert compare_penalty(pruned, net) <= 0
    fits = [q for j, q in enumerate(pruned.fit_parts(X)) if j in pruned.nonzero()]
    assert rank(fits) == len(fits)  # independent fits
    # each surviving neuron is a positive multiple of the original: same cone
    before, after = net.cones(X), pruned.cones(X)
    assert all(after[j] == before[j] for j in pruned.nonzero())
    # negative control: nothing left to prune
    assert caratheodory_prune(pruned, X) == pruned
    if fits:
        assert not nullspace([[q[k] for q in fits] for k in range(n)], ncols=len(fits))
