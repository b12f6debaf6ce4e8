"""Convex programs (4), (12), (13) of Wang, Lacotte & Pilanci 2022 and the CGL of Mishkin & Pilanci 2023."""

import json
import math
from fractions import Fraction

import numpy as np
import pytest

cp = pytest.importorskip("cvxpy")

from exactrelu.convex.dichotomies import compare_patterns, dichotomies, sampled_dichotomies, trichotomies  # noqa: E402
from exactrelu.convex.program import constrained_group_lasso, convex_program  # noqa: E402
from exactrelu.exact.errors import InvalidDataError  # noqa: E402

EX1_X = [[1, 0], [0, 1], [1, 1]]  # Example 1 of Wang, Lacotte & Pilanci 2022 (our reconstruction)
EX1_Y = (1, 0, 0)
CEX1_X = [
    (1, 1),
    (1, -1),
    (-1, -1),
    (-1, 1),
]  # the square (docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples')
RANDOM = [  # small integer datasets (seeded), with and without bias
    (np.random.default_rng(3).integers(-3, 4, size=(5, 2)).tolist(), [1, -2, 0, 3, 1], True),
    (np.random.default_rng(4).integers(-3, 4, size=(6, 3)).tolist(), [2, -1, 1, 0, -3, 1], False),
]


@pytest.fixture(scope="module")
def ex1():
    P = dichotomies(EX1_X)
    return P, convex_program(P, EX1_Y, "1/10").solve()


def test_example_1_of_wang_lacotte_pilanci(ex1):
    """One non-zero block, D_5 = diag(1, 0, 1) with sign +, w_5* ≈ (0.86, −0.79) (½‖·‖² loss)."""
    P, s = ex1
    assert [P.name(i) for i in range(len(P))] == ["000", "010", "011", "100", "101", "111"]
    assert s.active() == [(P.index((1, 0, 1)), 1)]
    w = s.blocks[(P.index("101"), 1)]
    assert np.round(w, 2).tolist() == [0.86, -0.79]
    assert s.value == pytest.approx(s.objective(), abs=1e-6)
    assert not s.exact and s.status == "optimal" and s.solver == "CLARABEL"
    assert len(s.blocks) == 2 * len(P)  # zero blocks included
    assert np.allclose(s.residual, np.array(EX1_Y) - s.fit) and np.allclose(s.dual_residual, s.residual)
    # the block is a neuron: relu(X w) = D_5 X w on its cone, so the fit is relu(X w)
    assert np.allclose(s.fit, np.maximum(np.array(EX1_X, dtype=float) @ w, 0), atol=1e-7)


def test_example_1_wrong_normalisation_is_detectably_different(ex1):
    """Negative control: the loss ‖·‖² (no ½) moves the optimum off (0.86, −0.79)."""
    P, _ = ex1
    y = np.array(EX1_Y, dtype=float)
    s = convex_program(P, EX1_Y, "1/10", loss=lambda z: cp.sum_squares(z - y)).solve()
    w = s.blocks[(P.index("101"), 1)]
    assert s.loss == "custom" and np.round(w, 2).tolist() != [0.86, -0.79]


def test_identity_data_example():
    """X = I₂, y = (1, 1): one neuron along (1, 1), value β√2 − β²/2."""
    P = dichotomies([[1, 0], [0, 1]])
    beta = 0.1
    s = convex_program(P, (1, 1), "1/10").solve()
    assert s.value == pytest.approx(beta * math.sqrt(2) - beta**2 / 2, abs=1e-6)
    assert s.active() == [(P.index((1, 1)), 1)]
    t = 1 - beta / math.sqrt(2)
    assert np.allclose(s.blocks[(P.index("11"), 1)], [t, t], atol=1e-6)


def test_square_example():
    """19/50 = loss 1/50 + penalty 9/25, fit (9/10)·1; the penalty identity: penalty = (y − ŷ)ᵀŷ."""
    P = dichotomies(CEX1_X)
    # two hyperplanes, four chambers: a count of p = 9 takes the ≥ 0 patterns of sampled gates
    assert [P.name(i) for i in range(len(P))] == ["0011", "0110", "1001", "1100"]
    s = convex_program(P, (1, 1, 1, 1), "1/5").solve()
    assert s.value == pytest.approx(19 / 50, abs=1e-6)
    assert np.allclose(s.fit, 0.9, atol=1e-6)
    penalty = 0.2 * sum(s.norms().values())
    assert penalty == pytest.approx(9 / 25, abs=1e-6) == pytest.approx(float(s.residual @ s.fit), abs=1e-6)


def test_square_example_with_the_nine_sampled_patterns():
    """p = 9 patterns 1[X g ≥ 0] (five are not chambers, their cones are rays or {0}): the same value."""
    from exactrelu.convex.dichotomies import PatternSet

    D = dichotomies(CEX1_X)
    names = ["1100", "1001", "0110", "0011", "1110", "1101", "1011", "0111", "1111"]
    S = PatternSet(D.X, "sampled", tuple(tuple(int(c) for c in t) for t in names), (None,) * 9)
    prog = convex_program(S, (1, 1, 1, 1), "1/5")
    assert (
        prog.reduced and prog._G.shape[0] == 4 * 2 * 2 + 5 * 2 * 4
    )  # chambers: 2 facets; others: all 4 rows
    for p in (prog, convex_program(S, (1, 1, 1, 1), "1/5", reduce=False)):
        assert p.solve().value == pytest.approx(19 / 50, abs=1e-6)


def _value(patterns, y, beta, **kw):
    return convex_program(patterns, y, beta, **kw).solve().value


@pytest.mark.parametrize("case", ["ex1", "cex1", "random0", "random1"])
def test_trichotomy_program_12_has_the_value_of_program_4(case):
    """Wang, Lacotte & Pilanci 2022, Proposition 4: (12) over all trichotomies and (4) have the same value."""
    X, y, bias, beta = {
        "ex1": (EX1_X, EX1_Y, False, "1/10"),
        "cex1": (CEX1_X, (1, 1, 1, 1), False, "1/5"),
        "random0": (*RANDOM[0], "1/4"),
        "random1": (*RANDOM[1], "1/3"),
    }[case]
    D, T = dichotomies(X, bias=bias), trichotomies(X, bias=bias)
    assert len(T) > len(D)
    assert _value(T, y, beta) == pytest.approx(_value(D, y, beta), abs=1e-6)


def test_subsampled_program_13_is_an_upper_bound(ex1):
    P, s = ex1
    T = trichotomies(EX1_X)
    full = _value(T, EX1_Y, "1/10")
    rng = np.random.default_rng(0)
    for _ in range(3):
        sub = sorted(rng.choice(len(T), size=len(T) // 2, replace=False).tolist())
        assert _value(T, EX1_Y, "1/10", blocks=sub) >= full - 1e-8
    # negative control: omitting the optimal pattern 101 (both signs) costs strictly more, in (4) and (12)
    no101 = [i for i in range(len(P)) if P[i] != (1, 0, 1)]
    assert _value(P, EX1_Y, "1/10", blocks=no101) > s.value + 1e-3
    no_plus = [j for j in range(len(T)) if T[j] != (1, -1, 1)]
    assert _value(T, EX1_Y, "1/10", blocks=no_plus) > full + 1e-3
    # keeping only the optimal block reproduces the optimum
    assert _value(P, EX1_Y, "1/10", blocks=[(P.index("101"), 1)]) == pytest.approx(s.value, abs=1e-7)


def test_sampled_dichotomies_give_upper_bounds(ex1):
    """scnn-style sampling: value ≥ exact value; strictly larger when the sample misses pattern 101."""
    P, s = ex1
    missed = sampled_dichotomies(EX1_X, 3, seed=0)
    assert "101" in compare_patterns(missed, P)["missed_patterns"]
    assert _value(missed, EX1_Y, "1/10") > s.value + 1e-3
    hit = sampled_dichotomies(EX1_X, 3, seed=9)  # misses four of the six chambers, but not 101
    assert compare_patterns(hit, P)["missed"] == 4
    assert _value(hit, EX1_Y, "1/10") == pytest.approx(s.value, abs=1e-7)
    X, y, bias = RANDOM[0]
    exact = _value(dichotomies(X, bias=bias), y, "1/4")
    for seed in range(3):
        S = sampled_dichotomies(X, 6, seed=seed, bias=bias)
        assert _value(S.patterns, y, "1/4") >= exact - 1e-7


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_classification_losses(loss):
    X, _, bias = RANDOM[0]
    y = [1, -1, -1, 1, 1]
    P = dichotomies(X, bias=bias)
    s = convex_program(P, y, "1/10", loss=loss).solve()
    assert s.loss == loss and s.status.startswith("optimal")
    assert s.value == pytest.approx(s.objective(), abs=1e-6)
    # the dual vector is −∇ℓ(ŷ) (or a negated subgradient): y_k·dual_k ∈ [0, 1]
    t = np.array(y) * s.dual_residual
    assert np.all(t > -1e-6) and np.all(t < 1 + 1e-6)


def test_custom_convex_loss_matches_the_named_one():
    X, y, bias = RANDOM[0]
    P = dichotomies(X, bias=bias)
    yf = np.array(y, dtype=float)
    s = convex_program(P, y, "1/4", loss=lambda z: 0.5 * cp.sum_squares(z - yf)).solve()
    assert s.loss == "custom"
    assert s.value == pytest.approx(_value(P, y, "1/4"), abs=1e-6)
    assert s.objective() == pytest.approx(s.value, abs=1e-6)
    # cvxpy's dual of the fit constraint is −∇ℓ = y − ŷ (the sign convention hinge/custom rely on)
    assert np.allclose(s.dual_residual, s.residual, atol=1e-6)


def test_bad_input():
    P = dichotomies(EX1_X)
    with pytest.raises(InvalidDataError, match="not convex"):
        convex_program(P, EX1_Y, "1/10", loss=lambda z: -cp.sum_squares(z))
    with pytest.raises(InvalidDataError, match="scalar"):
        convex_program(P, EX1_Y, "1/10", loss=lambda z: cp.square(z))
    with pytest.raises(InvalidDataError, match="±1"):
        convex_program(P, EX1_Y, "1/10", loss="logistic")
    with pytest.raises(InvalidDataError, match="±1"):
        convex_program(P, (1, -1, 2), "1/10", loss="hinge")
    with pytest.raises(InvalidDataError, match=r"squared.*logistic.*hinge"):
        convex_program(P, EX1_Y, "1/10", loss="l1")
    with pytest.raises(InvalidDataError, match="N = 3"):
        convex_program(P, (1, 0), "1/10")
    with pytest.raises(InvalidDataError, match="beta"):
        convex_program(P, EX1_Y, 0)
    with pytest.raises(InvalidDataError, match="beta"):
        convex_program(P, EX1_Y, "-1/10")
    with pytest.raises(InvalidDataError):
        convex_program(P, (1, "x", 0), "1/10")
    with pytest.raises(InvalidDataError):
        convex_program(P, EX1_Y, float("nan"))
    with pytest.raises(InvalidDataError, match="range"):
        convex_program(P, EX1_Y, "1/10", blocks=[6])
    with pytest.raises(InvalidDataError, match="sign"):
        convex_program(P, EX1_Y, "1/10", blocks=[(1, 0)])
    with pytest.raises(InvalidDataError, match="empty"):
        convex_program(P, EX1_Y, "1/10", blocks=[])
    with pytest.raises(InvalidDataError, match="PatternSet"):
        convex_program(EX1_X, EX1_Y, "1/10")


def test_exact_copies_and_block_order():
    P = dichotomies(EX1_X)
    prog = convex_program(P, (1, 0.5, "1/3"), 0.1, blocks=[4, (1, -1), (0, 1)])
    assert prog.y == (Fraction(1), Fraction(1, 2), Fraction(1, 3)) and prog.beta == Fraction(1, 10)
    assert prog.blocks == [(0, 1), (4, 1), (1, -1), (4, -1)]
    s = prog.solve()
    assert set(s.blocks) == set(prog.blocks) and s.beta == Fraction(1, 10)


def test_to_dict_is_json():
    P = dichotomies(EX1_X)
    s = convex_program(P, EX1_Y, "1/10").solve()
    d = json.loads(json.dumps(s.to_dict()))
    assert list(d["blocks"]) == ["101+"] and d["beta"] == "1/10" and d["exact"] is False
    T = trichotomies(EX1_X)
    d = convex_program(T, EX1_Y, "1/10").solve().to_dict()
    assert list(d["blocks"]) == ["+-++"]  # trichotomy (+, −, +) of the interior of cone 101, sign +


def test_program_constraints_are_the_cones_of_the_pattern_set():
    """Unreduced, the inequality rows of block b are cone(i).A and the equality rows cone(i).E, in order."""
    X, y, bias = RANDOM[0]
    for P in (dichotomies(X, bias=bias), trichotomies(X, bias=bias)):
        prog = convex_program(P, y, 1, reduce=False)
        G = prog._G.toarray()
        E = prog._E.toarray() if prog._E is not None else np.zeros((0, G.shape[1]))
        d, rg, re = P.d, 0, 0
        for b, (i, s) in enumerate(prog.blocks):
            A, Eq = P.cone(i)
            A, Eq = np.array(A, dtype=float).reshape(-1, d), np.array(Eq, dtype=float).reshape(-1, d)
            assert np.array_equal(G[rg : rg + len(A), b * d : (b + 1) * d], A)
            assert np.array_equal(E[re : re + len(Eq), b * d : (b + 1) * d], Eq)
            rg, re = rg + len(A), re + len(Eq)
            F = np.array(P.fit_matrix(i), dtype=float)
            assert np.array_equal(prog._M[:, b * d : (b + 1) * d].toarray(), s * F)
        assert rg == G.shape[0] and re == E.shape[0]


def _generators(rows, d):
    """Exact generators (rays and both directions of lines) of {u : rows u ≥ 0} (cddlib)."""
    import cdd
    import cdd.gmp

    gens = cdd.gmp.copy_generators(
        cdd.gmp.polyhedron_from_matrix(
            cdd.gmp.matrix_from_array(
                [[0, *r] for r in rows] or [[0] * (d + 1)], rep_type=cdd.RepType.INEQUALITY
            )
        )
    )
    out = []
    for k, g in enumerate(gens.array):
        if g[0] == 0 and any(g[1:]):
            out.append(g[1:])
            if k in gens.lin_set:
                out.append([-t for t in g[1:]])
    return out


@pytest.mark.parametrize("which", ["random0", "random1", "parallel"])
def test_facet_reduction_keeps_every_cone(which):
    """Each reduced cone (facet rows only) has the generators of the full cone; the value is unchanged."""
    X, y, bias = {
        "random0": RANDOM[0],
        "random1": RANDOM[1],
        "parallel": (
            [[1, 0], [2, 0], [-1, 0], [0, 1], [1, 1], [0, 0], [3, 3]],
            [1, 2, 0, -1, 1, 1, 0],
            False,
        ),
    }[which]
    P = dichotomies(X, bias=bias)
    prog = convex_program(P, y, "1/3")
    assert prog.reduced and prog._G.shape[0] < convex_program(P, y, "1/3", reduce=False)._G.shape[0]
    G = prog._G.toarray()
    d = P.d
    for b, (i, _) in enumerate(prog.blocks[: len(P)]):
        rows = [
            [Fraction(t).limit_denominator(1000) for t in r[b * d : (b + 1) * d]]
            for r in G
            if np.any(r[b * d : (b + 1) * d])
        ]
        full = P.cone(i).A
        for g in _generators(rows, d):  # every generator of the reduced cone lies in the full cone
            assert all(sum(a * t for a, t in zip(row, g)) >= 0 for row in full)
    assert prog.solve().value == pytest.approx(_value(P, y, "1/3", reduce=False), abs=1e-7)
    # the reduction also applies (exactly) to a subset of the chambers and to sampled patterns
    sub = P.subset(range(0, len(P), 2))
    assert _value(sub, y, "1/3") == pytest.approx(_value(sub, y, "1/3", reduce=False), abs=1e-7)
    S = sampled_dichotomies(X, 5, seed=1, bias=bias)
    assert _value(S, y, "1/3") == pytest.approx(_value(S, y, "1/3", reduce=False), abs=1e-7)


def test_constrained_group_lasso():
    X, y, bias = RANDOM[0]
    P = dichotomies(X, bias=bias)
    cgl = constrained_group_lasso(P, y, "1/4")
    p, n, d = len(P), P.n, P.d
    assert cgl.blocks == [(i, 1) for i in range(p)] + [(i, -1) for i in range(p)]
    assert len(cgl.Z) == n and all(len(r) == 2 * p * d for r in cgl.Z) and cgl.Z_float.shape == (n, 2 * p * d)
    assert all(isinstance(t, Fraction) for r in cgl.Z for t in r)
    s = cgl.program.solve()
    assert s.value == pytest.approx(_value(P, y, "1/4"), abs=1e-7)
    w = np.concatenate([s.blocks[b] for b in cgl.blocks])
    assert np.allclose(cgl.Z_float @ w, s.fit, atol=1e-9)
    assert cgl.objective(w) == pytest.approx(s.value, abs=1e-6)
    for b in cgl.blocks:  # K_bᵀ w ≤ 0 ⇔ w ∈ C_i, checked exactly on each cone's witness
        K = np.array(cgl.K[b], dtype=float)
        assert K.shape == (d, n) and np.all(K.T @ s.blocks[b] <= 1e-8)
        u = P.witnesses[b[0]]
        assert all(sum(cgl.K[b][j][k] * u[j] for j in range(d)) < 0 for k in range(n) if any(P.X[k]))
    with pytest.raises(InvalidDataError, match="trichotomies"):
        constrained_group_lasso(trichotomies(X, bias=bias), y, 1)
