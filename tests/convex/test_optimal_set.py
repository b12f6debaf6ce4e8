"""Optimal sets and solution paths of the CGL (Mishkin & Pilanci 2023): convex.optimal_set and its neighbours.

Every test has a negative control: a perturbed input that must fail the same check.
"""

import json
import warnings
from fractions import Fraction as F

import numpy as np
import pytest

pytest.importorskip("cvxpy")

from exactrelu.convex import optimal_set as O
from exactrelu.convex.bounds import verify_value_bounds
from exactrelu.convex.dichotomies import dichotomies
from exactrelu.convex.qualifications import constraint_qualifications
from exactrelu.convex.regularisation_path import beta_max, regularisation_path
from exactrelu.convex.uniqueness import uniqueness_radii
from exactrelu.exact.errors import SizeLimitError
from exactrelu.exact.linalg import rank

CEX1_X = [(1, 1), (1, -1), (-1, -1), (-1, 1)]
CEX1_Y = (1, 1, 1, 1)
EX1_X = [[1, 0], [0, 1], [1, 1]]
EX1_Y = (1, 0, 0)


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


@pytest.fixture(scope="module")
def cex1():
    P = dichotomies(CEX1_X)
    return P, O.optimal_set(P, CEX1_Y, F(1, 5))


@pytest.fixture(scope="module")
def ex1():
    P = dichotomies(EX1_X)
    return P, O.optimal_set(P, EX1_Y, F(1, 10))


def _blk(P, name):
    return (P.index(name[:-1]), 1 if name[-1] == "+" else -1)


# ----------------------------------------------------------------------------- the square (exact)
def test_cex1_exact_polytope(cex1):
    P, S = cex1
    assert S.exact and S.value == F(19, 50) and S.bounds.lower == S.bounds.upper == F(19, 50)
    assert S.residual == (F(1, 10),) * 4 and S.fit == (F(9, 10),) * 4
    expected_v = {
        "1100+": (F(1, 5), 0),
        "0011+": (F(-1, 5), 0),
        "1001+": (0, F(1, 5)),
        "0110+": (0, F(-1, 5)),
    }
    assert sorted(S.support) == sorted(_blk(P, k) for k in expected_v)
    for name, v in expected_v.items():
        assert S.correlations[_blk(P, name)] == v
    # the polytope is the segment α_1100 = α_0011 = 5t, α_1001 = α_0110 = 9/2 − 5t, t ∈ [0, 9/10]
    assert len(S.vertices) == 2
    got = sorted(tuple(v[_blk(P, k)] for k in ("1100+", "0011+", "1001+", "0110+")) for v in S.vertices)
    assert got == [(0, 0, F(9, 2), F(9, 2)), (F(9, 2), F(9, 2), 0, 0)]
    assert S.unique is False and S.m_star == 2
    # penalty identity β Σ‖w_b‖ = (y − ŷ)ᵀŷ = 9/25 on every vertex (‖w_b‖ = α_b β exactly)
    for v in S.vertices:
        w = S.solution(v)
        assert all(sum(t * t for t in wb) == (v[b] * S.beta) ** 2 for b, wb in w.items())
        assert S.penalty(v) == F(9, 25) == sum(a * b for a, b in zip(S.residual, S.fit))
    assert S.verify() is True
    verify_value_bounds(P, CEX1_Y, F(1, 5), S.bounds)
    # negative control: a perturbed α leaves the polytope, changes the fit and breaks the identity
    bad = dict(S.min_norm_alpha())
    bad[_blk(P, "1100+")] += F(1, 100)
    assert not S.contains(bad) and S.fit_of(bad) != S.fit and S.penalty(bad) != F(9, 25)
    assert S.contains(S.vertices[0])


def test_cex1_min_norm_and_minimal(cex1):
    P, S = cex1
    alpha = S.min_norm_alpha()
    assert set(alpha.values()) == {F(9, 4)}
    for w in S.min_norm().values():
        assert sum(t * t for t in w) == F(9, 20) ** 2  # w_b = (9/20) · unit direction
    cert = S.certificates["min_norm"]
    assert all(t >= 0 for t in cert["nu"].values())
    mini = S.minimal()
    assert len(mini) == 2 and S.fit_of(S.minimal_alpha()) == S.fit
    # independent fits: minimal (Mishkin & Pilanci 2023, Proposition 3.6)
    assert rank([S._columns[b] for b in mini]) == 2
    net = S.network("minimal")
    assert net.n_nonzero == 2 and net.output(P.X) == S.fit
    assert rank(net.fit_parts(P.X)) == 2
    # negative control: the min-norm network has 4 neurons with dependent fits (not minimal),
    # and pruning a start point off the polytope is refused
    full = S.network("min_norm")
    assert full.n_nonzero == 4 and full.output(P.X) == S.fit and rank(full.fit_parts(P.X)) == 3
    off = dict(alpha)
    off[_blk(P, "1001+")] = F(1)
    with pytest.raises(Exception):
        S.minimal(start=off)


def test_support_exclusion_at_beta_max():
    P = dichotomies(CEX1_X)
    bm = beta_max(P, CEX1_Y)
    assert bm.square == 4 and bm.lower == bm.upper == 2
    S = O.optimal_set(P, CEX1_Y, bm.lower)
    # every + block is equicorrelated (‖v_b‖ = β) but none is in the support: w = 0 is the optimum
    assert S.exact and len(S.equicorrelation) == 4 and S.support == [] and S.unique and S.m_star == 0
    assert all(c[0] == "excluded" for c in S.certificates["support"].values())
    assert S.value == F(2) and S.min_norm() == {} and S.verify()
    # negative control: just below β_max the same blocks are in the support
    T = O.optimal_set(P, CEX1_Y, F(19, 10))
    assert len(T.support) == 4 and T.value < 2


def test_size_guard(cex1):
    P, _ = cex1
    with pytest.raises(SizeLimitError):
        O.optimal_set(P, CEX1_Y, F(1, 5), limit=1)
    assert O.optimal_set(P, CEX1_Y, F(1, 5), limit=4).vertices is not None  # C(4, 3) = 4


# --------------------------------------------------------------------------- Example 1 of Wang et al. (float)
def test_example1_float_unique(ex1):
    P, S = ex1
    b = _blk(P, "101+")
    assert not S.exact and S.unique is True
    assert S.candidates == [b] and S.core == [b] and S.support == [b] and S.support_certified
    assert S.m_star == 1
    w = S.min_norm()[b]
    assert abs(w[0] - 0.8587) < 1e-3 and abs(w[1] + 0.7909) < 1e-3
    assert S.bounds.lower <= S.bounds.upper and float(S.bounds.gap) < 1e-8
    assert S.value is S.bounds
    net = S.network()
    assert net.n_nonzero == 1 and P.contains(b[0], net.products[0])
    json.dumps(S.to_dict())
    # negative control: the square forced onto the float path has no uniqueness certificate and an empty core
    Pc = dichotomies(CEX1_X)
    orig = O.exact_optimum
    O.exact_optimum = lambda *a, **k: None
    try:
        T = O.optimal_set(Pc, CEX1_Y, F(1, 5))
    finally:
        O.exact_optimum = orig
    assert not T.exact and T.unique is None and T.core == [] and T.m_star is None and T.m_star_float == 2
    verts = sorted(sorted(round(float(a), 6) for a in v.values()) for v in T.vertices_float)
    assert verts == [[0, 0, 4.5, 4.5], [0, 0, 4.5, 4.5]]
    assert all(abs(a - 2.25) < 1e-6 for a in T.min_norm_alpha().values())


def test_identity_data_examples():
    P = dichotomies([[1, 0], [0, 1]])
    beta = F(1, 10)
    S = O.optimal_set(P, (1, 1), beta)
    b = _blk(P, "11+")
    assert not S.exact and S.unique is True and S.support == [b] and S.m_star == 1
    t = 1 - 0.1 / np.sqrt(2)
    assert np.allclose(S.min_norm()[b], [t, t], atol=1e-6)
    val = 0.1 * np.sqrt(2) - 0.01 / 2
    assert float(S.bounds.lower) <= val + 1e-12 and val - 1e-12 <= float(S.bounds.upper)
    # negative control: with y = (1, 0) the optimal neuron (9/10, 0) lies on the facet u₂ = 0, in the
    # closed cones of both 10 and 11 with the same fit: exact, but not unique (twin blocks)
    T = O.optimal_set(P, (1, 0), beta)
    assert T.exact and T.unique is False and T.m_star == 1
    assert sorted(T.support) == sorted([_blk(P, "10+"), b])
    assert {tuple(w) for w in T.solution(T.vertices[0]).values()} == {(F(9, 10), 0)}


def test_uniqueness_radii(ex1, cex1):
    P, S = ex1
    r = uniqueness_radii(P, EX1_Y, F(1, 10), S.solution_float)
    assert r["exact"] is False and r["radius"] < 1e-2
    # negative control: on the square the optimal set is a segment, w_1100 ranges over [0, 9/10]
    Pc, Sc = cex1
    rc = uniqueness_radii(Pc, CEX1_Y, F(1, 5), Sc.solution_float)
    assert rc["radius"] > 0.85
    lo, hi = rc["ranges"][(_blk(Pc, "1100+"), 0)]
    assert abs(lo) < 1e-3 and abs(hi - 0.9) < 2e-2


# ----------------------------------------------------------------------------- regularisation path
def test_path_cex1_monotone_support_and_jump(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    P = dichotomies(CEX1_X)
    betas = ["1/5", "1/2", "1", "3/2", "19/10", "2", "5/2", "3"]
    path = regularisation_path(P, CEX1_Y, betas)
    assert path.check_monotone()
    assert all(p.exact for p in path.points)
    assert [p.exact_value for p in path.points] == sorted(p.exact_value for p in path.points)
    bm = beta_max(P, CEX1_Y)
    for p in path.points:
        if p.beta >= bm.upper:
            assert p.support == [] and p.min_norm == {} and p.exact_value == F(1, 2) * 4
        else:
            assert len(p.support) == 4
    assert any(a == F(19, 10) and b == 2 for a, b, _ in path.jumps)
    assert any(e["reason"].startswith("support change") for e in path.events)
    ax = path.plot()
    ax.figure.savefig(tmp_path / "path.png")
    json.dumps(path.to_dict())
    # negative control: bounds doctored to decrease are caught by the monotonicity check
    path.points[-1].bounds, path.points[0].bounds = path.points[0].bounds, path.points[-1].bounds
    assert not path.check_monotone()


def test_path_unique_instance_has_no_jump():
    P = dichotomies(EX1_X)
    path = regularisation_path(P, EX1_Y, ["1/20", "3/40", "1/10", "1/8", "3/20"])
    assert path.jumps == [] and path.check_monotone()
    assert path.certified_increases() == [0, 1, 2, 3]
    assert all(p.unique is True and p.support == [_blk(P, "101+")] for p in path.points)
    # negative control: a threshold below the per-step movement reports every step
    tight = regularisation_path(P, EX1_Y, ["1/20", "1/10"], jump_tol=1e-3)
    assert len(tight.jumps) == 1


# ----------------------------------------------------------------------------- LICQ + SC (our reconstruction)
def test_constraint_qualifications(cex1, ex1):
    Pc, Sc = cex1
    cq = constraint_qualifications(Pc, CEX1_Y, F(1, 5), optimal=Sc)
    assert cq["unique"] is False and cq["differentiable"] is False and cq["exact"]
    P, S = ex1
    cq = constraint_qualifications(P, EX1_Y, F(1, 10), optimal=S)
    assert cq["licq"] == {"101+": True} and cq["strict_complementarity"] is True
    assert cq["sc_off_support_decided_by"].startswith("certified") and cq["differentiable"] is True
    # the derivative of the reconstruction matches central finite differences
    h = F(1, 200)
    wp = O.optimal_set(P, EX1_Y, F(1, 10) + h, certify_support=False).min_norm()
    wm = O.optimal_set(P, EX1_Y, F(1, 10) - h, certify_support=False).min_norm()
    b = _blk(P, "101+")
    fd = (np.asarray(wp[b]) - np.asarray(wm[b])) / (2 * float(h))
    assert np.allclose(cq["dw_dbeta"][b], fd, atol=1e-3)


def test_constraint_qualifications_tight_rows():
    # one pattern (11, cone u ≥ 0) of X = I₂, y = (1, −1): w_11+ = (1 − β, 0), w_11− = (0, 1 − β),
    # each on a facet with multiplier ρ = β > 0 — exact, unique, LICQ and SC hold
    P = dichotomies([[1, 0], [0, 1]])
    Q = P.subset([P.index("11")])
    beta = F(1, 5)
    cq = constraint_qualifications(Q, (1, -1), beta)
    assert cq["exact"] and cq["unique"] and cq["licq_all"] and cq["strict_complementarity"]
    assert cq["differentiable"] is True
    d = cq["dw_dbeta"]
    assert np.allclose(d[(0, 1)], [-1, 0]) and np.allclose(d[(0, -1)], [0, -1])
    # negative control: over all dichotomies the facet neuron has a twin in the adjacent chamber
    # (10+ carries the same w with multiplier 0): not unique, SC fails, not differentiable
    full = constraint_qualifications(P, (1, -1), beta)
    assert full["unique"] is False and full["sc_on_support"] is False and full["differentiable"] is False
