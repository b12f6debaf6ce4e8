"""Tests of exactrelu.convex.bounds: rigorous bounds on the value of the convex program
(Wang, Lacotte & Pilanci 2022, eq. (4), (12), (13); Mishkin & Pilanci 2023; docs/reconstructions.md).

Squared loss ½‖ŷ − y‖² (no 1/n) and penalty β Σ‖w_b‖₂.  Float proposals come from a tiny
local cvxpy model (independent of exactrelu.convex.program).
"""

import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.convex.bounds import (
    ExactOptimum,
    ValueBounds,
    all_blocks,
    block_name,
    certify_value,
    dual_certificate,
    dual_value,
    exact_optimum,
    project_to_cone,
    verify_exact_optimum,
    verify_value_bounds,
)
from exactrelu.convex.dichotomies import dichotomies, sampled_dichotomies, trichotomies
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.intervals import sqrt_lower, sqrt_upper
from exactrelu.strategies import integer_datasets

EX1_X, EX1_Y, EX1_BETA = [[1, 0], [0, 1], [1, 1]], (1, 0, 0), F(1, 10)
CEX1_X, CEX1_Y, CEX1_BETA = [[1, 1], [1, -1], [-1, -1], [-1, 1]], (1, 1, 1, 1), F(1, 5)


def solve(P, y, beta, blocks=None):
    """Float solution of program (4)/(12)/(13) over ``blocks``: ({block: w_b}, residual y − ŷ)."""
    import cvxpy as cp

    Xf, mask = P.float_arrays()
    blocks = all_blocks(P) if blocks is None else list(blocks)
    W = {}
    cons, fit, pen = [], 0, 0
    for i, s in blocks:
        A, E = P.cone(i)
        w = W[(i, s)] = cp.Variable(P.d)
        if A:
            cons.append(np.array(A, float) @ w >= 0)
        if E:
            cons.append(np.array(E, float) @ w == 0)
        fit = fit + s * (mask[i][:, None] * Xf) @ w
        pen = pen + cp.norm(w)
    yf = np.array([float(t) for t in y])
    cp.Problem(cp.Minimize(0.5 * cp.sum_squares(fit - yf) + float(beta) * pen), cons).solve(solver="CLARABEL")
    return {b: np.asarray(w.value, float) for b, w in W.items()}, yf - np.asarray(fit.value, float)


@pytest.fixture(scope="module")
def ex1():
    P = dichotomies(EX1_X)
    sol = solve(P, EX1_Y, EX1_BETA)
    return P, sol, certify_value(P, EX1_Y, EX1_BETA, sol)


@pytest.fixture(scope="module")
def cex1():
    P = dichotomies(CEX1_X)
    return P, solve(P, CEX1_Y, CEX1_BETA)


# --------------------------------------------------------------------------- square roots


@given(
    st.fractions(min_value=0, max_value=10**12, max_denominator=10**12)
    | st.builds(F, st.integers(0, 10**40), st.integers(1, 10**40))
)
def test_sqrt_bounds_bracket(q):
    u, l = sqrt_upper(q), sqrt_lower(q)
    assert isinstance(u, F) and isinstance(l, F)
    assert l * l <= q <= u * u and 0 <= l <= u
    if q:
        assert u - l <= u * F(1, 2**60)
        assert (u - l) / l <= F(1, 2**60)
        assert abs(float(u) - math.sqrt(q)) <= 1e-12 * math.sqrt(q) or q > 10**300


def test_sqrt_exact_squares_and_errors():
    assert sqrt_upper(F(81, 100)) == sqrt_lower(F(81, 100)) == F(9, 10)
    assert sqrt_upper(0) == sqrt_lower(0) == 0
    assert sqrt_upper(4, bits=8) == 2
    u, l = sqrt_upper(2, bits=8), sqrt_lower(2, bits=8)
    assert l * l < 2 < u * u and u - l <= F(1, 2**6)
    with pytest.raises(InvalidDataError):
        sqrt_upper(F(-1, 3))


def test_dual_value_formula():
    assert dual_value((1, 0, 0), (F(1, 2), 1, 0)) == F(1, 2) - F(1, 2) * F(5, 4)


# --------------------------------------------------------------------------- Example 1 of Wang et al.


def test_example1_bounds(ex1):
    P, _, B = ex1
    assert isinstance(B, ValueBounds)
    assert isinstance(B.lower, F) and isinstance(B.upper, F)
    assert B.lower <= B.upper and B.gap < F(1, 10**8) and not B.exact
    assert verify_value_bounds(P, EX1_Y, EX1_BETA, B) is True
    i = P.index("101")
    assert B.candidates == [(i, 1)]  # certified: single support block
    assert set(B.primal) == {(i, 1)}
    w = B.primal[(i, 1)]
    assert all(isinstance(t, F) for t in w) and P.contains(i, w)
    assert [round(float(t), 2) for t in w] == [0.86, -0.79]
    assert abs(float(B.lower) - 0.129024079) < 1e-8
    assert sorted(B.blocks) == sorted(all_blocks(P)) and len(B.blocks) == 12
    assert B.residual_radius_sq == 2 * B.gap
    assert block_name(P, (i, 1)) == "101+" and block_name(P, (i, -1)) == "101-"
    d = B.to_dict(P)
    assert d["support_candidates"] == ["101+"] and list(d["primal"]) == ["101+"] and F(d["lower"]) == B.lower
    assert "101+" in B.describe(P)


def test_example1_bounds_enclose_the_float_solution(ex1):
    P, (blocks, residual), B = ex1
    # the optimal residual lies in the certified ball around the multiplier
    lam = np.array([float(t) for t in B.multiplier])
    assert np.linalg.norm(lam - residual) ** 2 <= float(B.residual_radius_sq) + 1e-12
    # objective at the float proposal (not exactly feasible) is near the bounds
    yf = np.array(EX1_Y, float)
    Xf, mask = P.float_arrays()
    fit = sum(s * (mask[i][:, None] * Xf) @ w for (i, s), w in blocks.items())
    val = 0.5 * np.sum((fit - yf) ** 2) + 0.1 * sum(np.linalg.norm(w) for w in blocks.values())
    assert abs(val - float(B.upper)) < 1e-7


def test_example1_not_rational(ex1):
    P, sol, _ = ex1
    assert exact_optimum(P, EX1_Y, EX1_BETA, sol) is None


def test_example1_trichotomies_agree(ex1):
    """Wang, Lacotte & Pilanci 2022, Proposition 4: programs (4) and (12) have the same value."""
    _, _, B = ex1
    T = trichotomies(EX1_X)
    BT = certify_value(T, EX1_Y, EX1_BETA, solve(T, EX1_Y, EX1_BETA))
    assert verify_value_bounds(T, EX1_Y, EX1_BETA, BT)
    assert BT.lower <= B.upper and B.lower <= BT.upper  # intervals overlap
    assert BT.gap < F(1, 10**7)
    # the support candidate is the chamber +-+ (or a face of it), sign +
    assert all(s == 1 and T[i][0] == 1 and T[i][2] == 1 for i, s in BT.candidates)
    # the E rows of ray patterns are honoured by the primal blocks
    for (i, _), w in BT.primal.items():
        assert all(sum(a * b for a, b in zip(e, w)) == 0 for e in T.cone(i).E)


def test_example1_exact_proposal_used_as_is(ex1):
    P, (_, residual), _ = ex1
    i = P.index("101")
    w = (F(86, 100), F(-79, 100))
    B = certify_value(P, EX1_Y, EX1_BETA, ({(i, 1): w}, residual))
    assert B.primal == {(i, 1): w}
    assert verify_value_bounds(P, EX1_Y, EX1_BETA, B)


# --------------------------------------------------------------------------- negative controls


def _tampered(B, **kw):
    return dataclasses.replace(B, **kw)


def test_tampered_lower_raises(ex1):
    P, _, B = ex1
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, EX1_BETA, _tampered(B, lower=B.lower + F(1, 10**6)))


def test_tampered_upper_raises(ex1):
    P, _, B = ex1
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, EX1_BETA, _tampered(B, upper=B.upper - F(1, 10**6)))


def test_tampered_primal_block_raises(ex1):
    P, _, B = ex1
    i = P.index("101")
    w1, w2 = B.primal[(i, 1)]
    with pytest.raises(CertificateError, match="cone"):
        verify_value_bounds(P, EX1_Y, EX1_BETA, _tampered(B, primal={(i, 1): (w1, -w2)}, upper=B.upper + 1))
    # a block that is not part of the program
    sub = [b for b in B.blocks if b != (i, 1)]
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, EX1_BETA, _tampered(B, blocks=sub))


def test_tampered_multiplier_raises(ex1):
    P, _, B = ex1
    lam2 = tuple(2 * t for t in B.multiplier)
    rho2 = {b: tuple(2 * c for c in r) for b, r in B.rho.items()}
    # λ ↦ 2λ (with lower = D(2λ) consistent): the tight block 101+ breaks its dual constraint
    with pytest.raises(CertificateError, match="dual constraint"):
        verify_value_bounds(
            P, EX1_Y, EX1_BETA, _tampered(B, multiplier=lam2, rho=rho2, lower=dual_value(EX1_Y, lam2))
        )
    # negative polar coefficients are refused
    b = next(b for b, r in B.rho.items() if r)
    bad = dict(B.rho)
    bad[b] = tuple(-1 - c for c in bad[b])
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, EX1_BETA, _tampered(B, rho=bad))


def test_verify_with_other_data_raises(ex1):
    P, _, B = ex1
    with pytest.raises(CertificateError):
        verify_value_bounds(P, (1, 0, 1), EX1_BETA, B)
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, F(1, 5), B)


# ---------------------------------------------------------------------- X = I₂, y = (1, 1) (worked example 2)


def test_identity_example_value():
    """X = I₂, y = (1, 1), β = 1/10: P* = β√2 − β²/2 = √2/10 − 1/200."""
    P = dichotomies([[1, 0], [0, 1]])
    beta = F(1, 10)
    B = certify_value(P, (1, 1), beta, solve(P, (1, 1), beta))
    assert verify_value_bounds(P, (1, 1), beta, B)
    assert B.gap < F(1, 10**9)
    # exact comparison: lower ≤ √(1/50) − 1/200 ≤ upper  ⇔  (lower + 1/200)² ≤ 1/50 ≤ (upper + 1/200)²
    assert (B.lower + F(1, 200)) ** 2 <= F(2, 100) <= (B.upper + F(1, 200)) ** 2
    # the same with rational enclosures of √(2/100)
    assert B.lower <= sqrt_upper(F(2, 100)) - F(1, 200)
    assert sqrt_lower(F(2, 100)) - F(1, 200) <= B.upper
    assert B.candidates == [(P.index("11"), 1)]
    # negative control: the two-axis-neuron value 2β·(1 − β) + β² is strictly above the certified upper bound
    assert B.upper < 2 * beta * (1 - beta) + beta**2
    assert exact_optimum(P, (1, 1), beta, solve(P, (1, 1), beta)) is None


# --------------------------------------------------------------------------- the square (rational optimum)


def test_cex1_exact_optimum(cex1):
    P, sol = cex1
    opt = exact_optimum(P, CEX1_Y, CEX1_BETA, sol)
    assert isinstance(opt, ExactOptimum)
    assert opt.value == F(19, 50)
    assert opt.residual == (F(1, 10),) * 4
    idx = {name: P.index(name) for name in ("1100", "0011", "1001", "0110")}
    assert sorted(opt.tight) == sorted((i, 1) for i in idx.values())
    assert opt.correlations[(idx["1100"], 1)] == (F(1, 5), 0)
    assert opt.correlations[(idx["0011"], 1)] == (F(-1, 5), 0)
    assert opt.correlations[(idx["1001"], 1)] == (0, F(1, 5))
    assert opt.correlations[(idx["0110"], 1)] == (0, F(-1, 5))
    assert verify_exact_optimum(P, CEX1_Y, CEX1_BETA, opt) is True
    # the primal point lies on the optimal segment: w_b = α_b v_b, fit ŷ = 9/10
    fit = [F(0)] * 4
    alphas = {}
    for (i, s), w in opt.primal.items():
        v = opt.correlations[(i, s)]
        a = next(p / q for p, q in zip(w, v) if q)
        assert a >= 0 and tuple(a * t for t in v) == tuple(w) and P.contains(i, w)
        alphas[(i, s)] = a
        for k, x in enumerate(P.X):
            if P.diag(i)[k]:
                fit[k] += s * sum(p * q for p, q in zip(x, w))
    assert fit == [F(9, 10)] * 4
    # penalty identity (Mishkin & Pilanci 2023): λ Σ‖w_b‖ = λ² Σ α_b = (y − ŷ)ᵀ ŷ = 9/25
    r = [F(1) - f for f in fit]
    assert CEX1_BETA**2 * sum(alphas.values()) == sum(a * b for a, b in zip(r, fit)) == F(9, 25)
    loss = F(1, 2) * sum(t * t for t in r)
    assert loss == F(1, 50) and loss + F(9, 25) == opt.value


def test_cex1_certified_bounds_contain_exact_value(cex1):
    P, sol = cex1
    B = certify_value(P, CEX1_Y, CEX1_BETA, sol)
    assert verify_value_bounds(P, CEX1_Y, CEX1_BETA, B)
    assert B.lower <= F(19, 50) <= B.upper and B.gap < F(1, 10**9)
    assert sorted(B.candidates) == sorted((P.index(n), 1) for n in ("1100", "0011", "1001", "0110"))


def test_cex1_exact_proposal_gives_exact_bounds():
    P = dichotomies(CEX1_X)
    prop = {(P.index("1100"), 1): (F(9, 10), 0), (P.index("0011"), 1): (F(-9, 10), 0)}
    B = certify_value(P, CEX1_Y, CEX1_BETA, (prop, (F(1, 10),) * 4))
    assert B.exact and B.lower == B.upper == F(19, 50)
    assert verify_value_bounds(P, CEX1_Y, CEX1_BETA, B)


def test_cex1_trichotomies_exact(cex1):
    T = trichotomies(CEX1_X)
    opt = exact_optimum(T, CEX1_Y, CEX1_BETA, solve(T, CEX1_Y, CEX1_BETA))
    assert opt is not None and opt.value == F(19, 50)
    assert verify_exact_optimum(T, CEX1_Y, CEX1_BETA, opt)


def test_cex1_tampered_exact_optimum_raises(cex1):
    P, sol = cex1
    opt = exact_optimum(P, CEX1_Y, CEX1_BETA, sol)
    bad_value = dataclasses.replace(opt, value=opt.value + F(1, 1000))
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, CEX1_BETA, bad_value)
    bad_res = dataclasses.replace(opt, residual=(F(1, 5),) * 4)
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, CEX1_BETA, bad_res)
    b, w = next(iter(opt.primal.items()))
    bad_primal = dataclasses.replace(opt, primal={**opt.primal, b: tuple(2 * t for t in w)})
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, CEX1_BETA, bad_primal)
    flipped = dataclasses.replace(opt, primal={**opt.primal, b: tuple(-t for t in w)})
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, CEX1_BETA, flipped)
    # same certificate, different β: the correlation vectors no longer have norm β
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, F(1, 4), opt)


# --------------------------------------------------------------------------- sub-sampled programs (13)


def test_subsampled_program_bounds_and_strict_gap(ex1):
    P, _, B = ex1
    i101 = P.index("101")
    keep = [b for b in all_blocks(P) if b[0] != i101]
    S = certify_value(P, EX1_Y, EX1_BETA, solve(P, EX1_Y, EX1_BETA, keep), blocks=keep)
    assert S.blocks == sorted(keep)
    assert verify_value_bounds(P, EX1_Y, EX1_BETA, S, blocks=keep)
    assert all(b[0] != i101 for b in S.primal)
    # negative control for "sampled patterns may miss the optimum": a certified strict gap
    assert S.lower > B.upper


def test_subsampled_with_support_is_optimal(ex1):
    P, _, B = ex1
    i = P.index("101")
    S = certify_value(P, EX1_Y, EX1_BETA, solve(P, EX1_Y, EX1_BETA, [(i, 1)]), blocks=[(i, 1)])
    assert S.blocks == [(i, 1)]
    assert S.lower <= B.upper and B.lower <= S.upper
    # bare pattern indices mean both signs
    S2 = certify_value(P, EX1_Y, EX1_BETA, solve(P, EX1_Y, EX1_BETA, [(i, 1), (i, -1)]), blocks=[i])
    assert S2.blocks == [(i, -1), (i, 1)]


def test_sampled_patterns_certify():
    S = sampled_dichotomies(EX1_X, 400, seed=0).patterns
    P = dichotomies(EX1_X)
    B = certify_value(S, EX1_Y, EX1_BETA, solve(S, EX1_Y, EX1_BETA))
    assert verify_value_bounds(S, EX1_Y, EX1_BETA, B)
    full = certify_value(P, EX1_Y, EX1_BETA, solve(P, EX1_Y, EX1_BETA))
    assert B.lower <= full.upper and full.lower <= B.upper  # all six patterns were found
    # few gates miss 101: the sampled program's value is certified strictly larger
    few = sampled_dichotomies(EX1_X, 2, seed=0).patterns
    if (1, 0, 1) not in set(few.patterns):
        Bf = certify_value(few, EX1_Y, EX1_BETA, solve(few, EX1_Y, EX1_BETA))
        assert verify_value_bounds(few, EX1_Y, EX1_BETA, Bf) and Bf.lower > full.upper


# --------------------------------------------------------------------------- other data


@pytest.mark.parametrize(
    "X,y,bias",
    [
        ([[0], [1], [2], [3]], (0, 1, 0, 1), True),
        ([[1, 0], [0, 0], [1, 1]], (1, 5, 0), False),  # zero row: its label is never fitted
        ([[1, 2, 0], [0, 1, 1], [1, 0, -1], [2, 2, 1]], (1, -1, F(1, 2), 0), False),
    ],
)
def test_other_instances_certify(X, y, bias):
    beta = F(1, 10)
    for P in (dichotomies(X, bias=bias), trichotomies(X, bias=bias)):
        B = certify_value(P, y, beta, solve(P, y, beta))
        assert verify_value_bounds(P, y, beta, B)
        assert B.gap < F(1, 10**6)
        assert set(B.primal) <= set(B.candidates)
        for (i, _), w in B.primal.items():
            assert P.contains(i, w)


def test_zero_row_label_costs_half_its_square():
    X, y = [[1, 0], [0, 0], [1, 1]], (1, 5, 0)
    P = dichotomies(X)
    B = certify_value(P, y, EX1_BETA, solve(P, y, EX1_BETA))
    # P* = P*(Example 1) + 25/2
    B1 = certify_value(dichotomies(EX1_X), EX1_Y, EX1_BETA, solve(dichotomies(EX1_X), EX1_Y, EX1_BETA))
    assert B.lower <= B1.upper + F(25, 2) and B1.lower + F(25, 2) <= B.upper


def test_project_to_cone_exact():
    T = trichotomies([[1, 0], [2, 0], [0, 1]])
    i = T.index("00+")  # dependent equality rows x1, x2 = 2 x1
    u = project_to_cone(T, i, (0.3, 0.7))
    assert T.contains(i, u) and u[0] == 0 and abs(float(u[1]) - 0.7) < 1e-12
    P = dichotomies(EX1_X)
    j = P.index("101")
    u = project_to_cone(P, j, (0.5, 0.5))  # outside: pushed along the interior witness
    assert P.contains(j, u)


def test_dual_certificate_feasible(ex1):
    P, (_, residual), B = ex1
    lower, lam, _ = dual_certificate(P, EX1_Y, EX1_BETA, residual)
    assert lower == dual_value(EX1_Y, lam)
    assert abs(lower - B.lower) < F(1, 10**9)
    # any λ gives a valid lower bound after scaling, e.g. λ = y
    low_y, _, _ = dual_certificate(P, EX1_Y, EX1_BETA, (1, 0, 0))
    assert 0 < low_y <= B.upper


# --------------------------------------------------------------------------- bad input


def test_bad_input_raises(ex1):
    P, sol, _ = ex1
    with pytest.raises(InvalidDataError):
        certify_value(P, (1, 0), EX1_BETA, sol)
    for beta in (0, -1, F(-1, 10)):
        with pytest.raises(InvalidDataError):
            certify_value(P, EX1_Y, beta, sol)
        with pytest.raises(InvalidDataError):
            exact_optimum(P, EX1_Y, beta, sol)
    for blocks in ([(6, 1)], [(-1, 1)], [6], [(0, 2)], [(0, 0)]):
        with pytest.raises(InvalidDataError):
            certify_value(P, EX1_Y, EX1_BETA, sol, blocks=blocks)
    with pytest.raises(InvalidDataError):
        certify_value(P, EX1_Y, EX1_BETA, "not a solution")
    with pytest.raises(InvalidDataError):
        certify_value(P, EX1_Y, EX1_BETA, (sol[0], (0.1, 0.2)))  # residual of the wrong length
    with pytest.raises(InvalidDataError):
        dual_certificate(P, EX1_Y, EX1_BETA, (0.1, 0.2))


# --------------------------------------------------------------------------- dual strength (Proposition 4)

NNLS_X = [[-3, -1, 2], [-3, 1, -1], [1, 0, 1], [0, 1, 2], [2, 0, 0]]
NNLS_Y = (4, 4, 1, -4, 0)
NNLS_LAM = tuple(F(t, 10**6) for t in (580, 2508, 17789, -7457, -7024))  # ≈ optimal residual


def test_trichotomy_dual_implied_by_dichotomy_dual_ex1(ex1):
    """A trichotomy cone is a face of a chamber cone on which T X = D X: its dual constraint is
    implied, so the same λ certifies at least as much for program (12) as for program (4)."""
    P, (_, residual), _ = ex1
    T = trichotomies(EX1_X)
    lam = tuple(F(round(t * 10**6), 10**6) for t in residual)
    low_d, _, _ = dual_certificate(P, EX1_Y, EX1_BETA, lam)
    low_t, _, _ = dual_certificate(T, EX1_Y, EX1_BETA, lam)
    assert low_t >= low_d - F(1, 10**12)


def test_trichotomy_dual_not_weaker_than_dichotomy_dual():
    beta = F(1, 100)
    D = dichotomies(NNLS_X, bias=True)
    T = trichotomies(NNLS_X, bias=True)
    low_d, _, _ = dual_certificate(D, NNLS_Y, beta, NNLS_LAM)
    low_t, _, _ = dual_certificate(T, NNLS_Y, beta, NNLS_LAM)
    assert low_d > F(597, 10**4)
    assert low_t >= low_d - F(1, 10**9)


# ------------------------------------------------------------------------- certificates for the wrong program


def test_forged_exact_optimum_with_no_blocks_raises():
    P = dichotomies(CEX1_X)
    i = P.index("1100")
    # one neuron on 1100+ with w = (9/10, 0): value 119/100, far above the true optimum 19/50
    forged = ExactOptimum(
        value=F(119, 100),
        residual=(F(1, 10), F(1, 10), F(1), F(1)),
        primal={(i, 1): (F(9, 10), F(0))},
        correlations={(i, 1): (F(1, 5), F(0))},
        rho={},
        tight=[(i, 1)],
        blocks=[],
    )
    with pytest.raises(CertificateError):
        verify_exact_optimum(P, CEX1_Y, CEX1_BETA, forged)


def test_subprogram_certificate_is_about_its_own_blocks(ex1):
    """A certificate for another program (here the empty one) is refused unless that program is named."""
    P, _, B = ex1
    empty = dataclasses.replace(
        B,
        blocks=[],
        primal={},
        multiplier=(F(1), F(0), F(0)),
        rho={},
        lower=F(1, 2),
        upper=F(1, 2),
        candidates=[],
    )
    with pytest.raises(CertificateError, match="blocks"):
        verify_value_bounds(P, EX1_Y, EX1_BETA, empty)
    assert verify_value_bounds(P, EX1_Y, EX1_BETA, empty, blocks=[])  # the empty program's value is ½‖y‖²
    assert sorted(empty.blocks) != sorted(all_blocks(P)) and empty.lower > B.upper


def test_dropped_support_candidate_is_refused(ex1):
    P, _, B = ex1
    with pytest.raises(CertificateError, match="support candidates"):
        verify_value_bounds(P, EX1_Y, EX1_BETA, dataclasses.replace(B, candidates=[]))


def test_short_multiplier_raises_certificate_error(ex1):
    P, _, B = ex1
    with pytest.raises(CertificateError):
        verify_value_bounds(P, EX1_Y, EX1_BETA, dataclasses.replace(B, multiplier=B.multiplier[:2]))


# --------------------------------------------------------------------------- property test


@settings(max_examples=8)
@given(integer_datasets(d=(1, 2), n=(1, 4), max_value=3), st.data())
def test_certify_value_property(X, data):
    if not any(any(r) for r in X):
        return
    y = data.draw(st.lists(st.integers(-3, 3), min_size=len(X), max_size=len(X)))
    beta = data.draw(st.sampled_from([F(1, 10), F(1, 2), F(2)]))
    out = []
    for build in (dichotomies, trichotomies):
        P = build(X)
        sol = solve(P, y, beta)
        B = certify_value(P, y, beta, sol)
        assert verify_value_bounds(P, y, beta, B)
        assert 0 <= B.lower <= B.upper <= F(1, 2) * sum(t * t for t in y)
        assert B.gap < F(1, 10**5)
        active = {b for b, w in sol[0].items() if np.linalg.norm(w) > 1e-3}
        assert active <= set(B.candidates)
        out.append(B)
    a, b = out
    assert a.lower <= b.upper and b.lower <= a.upper  # Wang, Lacotte & Pilanci 2022, Proposition 4
