"""Constraint qualifications at an optimum of the constrained group lasso, and the path derivative.

LICQ, strict complementarity and uniqueness at β decide whether the regularisation path
β ↦ w(β) of Mishkin & Pilanci (ICML 2023) is differentiable there; when it is, the
derivative solves a linear system.  The theorem is our reconstruction (the paper's
statement was not available): docs/reconstructions.md, 'Mishkin & Pilanci 2023:
minimum-norm solution and regularisation path'.  Decided exactly when the optimum is
rational (:attr:`~exactrelu.convex.optimal_set.OptimalSet.exact`), else with certified
bounds and float multipliers, labelled so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from exactrelu.convex.bounds import block_gradient, block_name, correlation_vector
from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.convex.optimal_polytope import lp_max
from exactrelu.convex.optimal_set import OptimalSet, optimal_set
from exactrelu.convex.program import Block, ConvexSolution
from exactrelu.exact.linalg import dot, rank
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = ["constraint_qualifications"]

_NOTE = (
    "our reconstruction of the LICQ + strict complementarity theorem (docs/reconstructions.md, "
    "'Mishkin & Pilanci 2023: minimum-norm solution and regularisation path'), not the paper's statement"
)


def _tight_rows(ps: PatternSet, b: Block, v: Any, tol: float, exact: bool) -> tuple[list[int], list[int]]:
    """(A-rows tight at v, E-rows) of block b's cone, with their polar-column positions."""
    A: list[int] = []
    E: list[int] = []
    vv = np.asarray(v, dtype=float)
    nv = float(np.linalg.norm(vv))
    for k, (x, sg) in enumerate(zip(ps.X, ps.signs(b[0]))):
        if not any(x):
            continue
        if sg == 0:
            E.append(k)
            continue
        if exact:
            tight = dot(x, v) == 0
        else:
            xf = np.array([float(t) for t in x])
            tight = abs(float(xf @ vv)) <= tol * float(np.linalg.norm(xf)) * max(nv, 1e-300)
        if tight:
            A.append(k)
    return A, E


def _sc_multipliers(
    ps: PatternSet,
    b: Block,
    g: Any,
    v: Any,
    A: list[int],
    E: list[int],
    exact: bool,
    tol: float,
) -> bool | None:
    """Do multipliers ρ_k > 0 (k ∈ A) exist with g − v = Σ ρ_k (−σ_k x_k) + Σ μ_e x_e?

    Exact: LP max t s.t. the equation, ρ_k ≥ t, t ≤ 1 (cddlib); True iff t* > 0.
    Float: least squares on the tight columns, ρ_k > tol·scale.
    """
    sig = ps.signs(b[0])
    colsA = [tuple(-sig[k] * t for t in ps.X[k]) for k in A]
    colsE = [tuple(ps.X[k]) for k in E]
    if not A:
        return True
    d = ps.d
    rhs = [g[j] - v[j] for j in range(d)]
    if exact:
        nA, nE = len(colsA), len(colsE)
        # variables (ρ_A, μ_E, t); equations Σ ρ c + Σ μ e − rhs = 0
        eq = [(-rhs[j], tuple(c[j] for c in colsA) + tuple(e[j] for e in colsE) + (0,)) for j in range(d)]
        ineq = [(0, tuple(int(a == q) for a in range(nA)) + (0,) * nE + (-1,)) for q in range(nA)]
        ineq.append((1, (0,) * (nA + nE) + (-1,)))
        obj = (0,) * (nA + nE) + (1,)
        t, _, _ = lp_max(obj, ineq, eq)  # always feasible (Moreau): a failure is a bug, raised
        return t > 0
    M = np.array(colsA + colsE, dtype=float).T
    coef, *_ = np.linalg.lstsq(M, np.asarray(rhs, dtype=float), rcond=None)
    scale = max(float(np.linalg.norm(rhs)), 1e-300)
    if float(np.linalg.norm(M @ coef - rhs)) > 1e-6 * max(1.0, scale):
        return None
    rank_m = np.linalg.matrix_rank(M)
    if rank_m < M.shape[1]:
        return None  # ρ not unique in floats: not decided
    return bool(np.all(coef[: len(A)] > tol * scale))


def constraint_qualifications(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    solution: ConvexSolution | None = None,
    *,
    optimal: OptimalSet | None = None,
    tol: float = 1e-7,
) -> dict[str, Any]:
    """LICQ, strict complementarity and uniqueness at β; differentiability of the path.

    The theorem is a RECONSTRUCTION (the paper's statement was not available; see the module
    docstring): if (i) the
    solution is unique, (ii) LICQ holds — for every b ∈ S the rows of K_b tight at w_b (and
    the equality rows) are linearly independent — and (iii) strict complementarity holds —
    the multipliers ρ of the tight rows are > 0 and ‖v_b‖ < β for b ∉ S — then S and the
    tight rows stay fixed near β and the solution solves a smooth system whose Jacobian
    [[H + βP, G], [Gᵀ, 0]] is nonsingular, so β ↦ w(β) is differentiable.  The
    nonsingularity is *implied* by (i)–(ii) (our proof): a null vector (dw, dρ)
    has Gᵀdw = 0 and dwᵀ(H + βP)dw = 0, so Z_S dw = 0 and P dw = 0, i.e. dw_b = t_b w_b with
    Σ t_b Z_b w_b = 0, so t = 0 by (i), and then G dρ = 0 gives dρ = 0 by (ii).

    Since w_b = α_b v_b with α_b > 0 on S, the tight rows of w_b are those of v_b and do not
    depend on the chosen optimum.

    Observation (ours): over a *complete* pattern set (all dichotomies, program (4), or all
    trichotomies, (12)) a support block with a tight row x_k·w_b = 0 (x_k ≠ 0) always has a
    twin — near w_b both sides of x_k^⊥ are chambers whose closed cones contain w_b, with the
    same fit F_i w_b — so the optimum is not unique.  Hence under (i) the support blocks have
    no tight rows there, and (ii) and the on-support part of (iii) are vacuous; the tight-row
    conditions matter for subsampled programs (13) / sampled pattern sets.

    Returns a dict: ``licq`` {block name: bool|None}, ``licq_all``, ``strict_complementarity``
    (bool|None), ``sc_on_support`` / ``sc_off_support`` with how each was decided,
    ``unique``, ``differentiable`` (True iff all three hold; None if one is undecided and none
    fails), ``exact``, ``dw_dbeta`` (float, when differentiable: the solution of the linear
    system of the reconstruction) and ``note``.
    """
    ps = as_pattern_set(patterns)
    S = optimal if optimal is not None else optimal_set(ps, y, beta, solution=solution)
    exact = S.exact
    beta_q = S.beta
    r = S.residual
    licq: dict[str, bool | None] = {}
    sc_on: bool | None = True
    tight_info: dict[Block, tuple[list[int], list[int], Any]] = {}
    for b in S.support:
        if exact or b in S.correlations:
            v = S.correlations[b]
        else:
            v = correlation_vector(ps, b, np.asarray(r, dtype=float))[0]
        A, E = _tight_rows(ps, b, v, tol, exact)
        rows = [ps.X[k] for k in A + E]
        licq[block_name(ps, b)] = rank(rows) == len(rows)
        g = block_gradient(ps, b, r) if exact else _gradient_float(ps, b, np.asarray(r, dtype=float))
        res = _sc_multipliers(ps, b, g, v, A, E, exact, tol)
        tight_info[b] = (A, E, v)
        if res is False:
            sc_on = False
        elif res is None and sc_on is True:
            sc_on = None
    vals = list(licq.values())
    licq_all = False if False in vals else (None if None in vals else True)
    # off the support
    sc_off: bool | None
    if exact:
        off = [b for b in S.equicorrelation if b not in S.support]
        sc_off = not off  # blocks outside E are strictly inside the dual ball (exact)
        off_how = "exact: ‖v_b‖ < β off S ⇔ E = S"
    else:
        extra = [b for b in S.candidates if b not in S.support]
        sc_off = True if (not extra and S.support_certified) else None
        off_how = "certified: blocks outside bounds.candidates have ‖v_b‖ < β" + (
            "" if sc_off else "; candidates not all certified in S: undecided"
        )
    sc: bool | None
    if sc_on is False or sc_off is False:
        sc = False
    elif sc_on is None or sc_off is None:
        sc = None
    else:
        sc = True
    three = [S.unique, licq_all, sc]
    diff = False if False in three else (None if None in three else True)
    out = {
        "exact": exact,
        "beta": str(beta_q),
        "licq": licq,
        "licq_all": licq_all,
        "licq_decided_by": "exact"
        if exact
        else "float tightness |a·ŵ| ≤ tol, exact rank of the rational rows",
        "strict_complementarity": sc,
        "sc_on_support": sc_on,
        "sc_on_support_decided_by": "exact LP (cddlib)" if exact else "float multipliers",
        "sc_off_support": sc_off,
        "sc_off_support_decided_by": off_how,
        "unique": S.unique,
        "differentiable": diff,
        "dw_dbeta": None,
        "note": _NOTE,
    }
    if diff:
        out["dw_dbeta"] = _path_derivative(ps, S, tight_info)
    return out


def _gradient_float(ps: PatternSet, b: Block, r: np.ndarray) -> np.ndarray:
    """g_b = s F_iᵀ r in floats."""
    i, s = b
    Xf, mask = ps.float_arrays()
    return s * (Xf.T @ (mask[i].astype(float) * r))


def _path_derivative(
    ps: PatternSet, S: OptimalSet, tight_info: dict[Block, tuple[list[int], list[int], Any]]
) -> dict[Block, np.ndarray]:
    """dw/dβ from [[H + βP, G], [Gᵀ, 0]] [dw; dρ] = [−ŵ; 0], float, on the unique optimum."""
    blocks = list(S.support)
    if not blocks:
        return {}
    d = ps.d
    Xf, mask = ps.float_arrays()
    mask = mask.astype(float)
    w = S.min_norm()
    bf = float(S.beta)
    Z = np.hstack([(b[1] * mask[b[0]])[:, None] * Xf for b in blocks])
    H = Z.T @ Z
    P = np.zeros_like(H)
    rhs = np.zeros(len(blocks) * d)
    Gcols = []
    for q, b in enumerate(blocks):
        wb = np.asarray(w[b], dtype=float)
        nb = float(np.linalg.norm(wb))
        u = wb / nb
        sl = slice(q * d, (q + 1) * d)
        P[sl, sl] = (np.eye(d) - np.outer(u, u)) / nb
        rhs[sl] = -u
        A, E, _ = tight_info[b]
        for k in A + E:
            col = np.zeros(len(blocks) * d)
            col[sl] = np.array([float(t) for t in ps.X[k]])
            Gcols.append(col)
    G = np.column_stack(Gcols) if Gcols else np.zeros((len(blocks) * d, 0))
    m = G.shape[1]
    K = np.block([[H + bf * P, G], [G.T, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([rhs, np.zeros(m)]))
    return {b: sol[q * d : (q + 1) * d] for q, b in enumerate(blocks)}
