"""Float (cvxpy) solutions of the region problem for any convex loss — marked float, never exact.

The region problem of Matena & Raffel 2022, eq. (3), with a general convex loss ℓ:

    minimise  Σ_i ℓ(z_i, y_i),   z = M u   (z_i = Σ_j v_j A_ji (w_j · x̄_i))
    s.t.      G u ≥ 0            ((2 A_ji − 1)(w_j · x̄_i) ≥ 0).

Squared loss has an exact, certified solver (:func:`exactrelu.training.region.solve_region`);
this module is for the losses whose optimum is not rational (logistic) or whose
exact treatment is not implemented (hinge), and it is the "cvxpy alone" baseline
of the benchmarks.

The reported ``duality_gap`` is computed from cvxpy's dual variables through the
Lagrangian dual of the problem above: with α the multiplier of z = M u and
λ ≥ 0 that of G u ≥ 0, the dual function is −Σ ℓ*_i(−α_i) when Mᵀα + Gᵀλ = 0
(ℓ*_i the convex conjugate of ℓ(·, y_i)).  Float duals satisfy that equation
only approximately, so ``dual_residual`` = ‖Mᵀα + Gᵀλ‖_∞ is reported with it.
Both are float diagnostics.

Examples
--------
>>> s = float_solve_region([[-1], [0], [1]], (1, 0, 1), (1, 1, 1))
>>> s.exact, round(s.value, 6), s.duality_gap < 1e-6
(False, 0.666667, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_labels, exact_points, pattern_rows
from exactrelu.exact.types import MatrixLike, NumberLike, PatternLike, VectorLike
from exactrelu.training.region import output_weights

__all__ = ["LOSSES", "FloatRegionSolution", "float_solve_region"]

LOSSES = ("squared", "logistic", "hinge")


@dataclass(frozen=True)
class FloatRegionSolution:
    """A float optimum of a region problem (cvxpy).  ``exact`` is always False.

    Attributes
    ----------
    loss : str
    value : float
        Σ_i ℓ(z_i, y_i) at the returned weights (sum, not mean).
    weights : numpy array, shape (m, D)
    fitted : numpy array, shape (N,)
    duality_gap : float
        primal value − dual value (float; see the module docstring).
    dual_residual : float
        ‖Mᵀα + Gᵀλ‖_∞ of the float duals.
    status : str
        cvxpy's status.
    solver : str
    """

    loss: str
    value: float
    weights: np.ndarray
    fitted: np.ndarray
    duality_gap: float
    dual_residual: float
    status: str
    solver: str
    exact: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (floats stay floats; ``exact`` is always False)."""
        return to_jsonable(
            {
                "loss": self.loss,
                "value": self.value,
                "weights": self.weights.tolist(),
                "fitted": self.fitted.tolist(),
                "duality_gap": self.duality_gap,
                "dual_residual": self.dual_residual,
                "status": self.status,
                "solver": self.solver,
                "exact": False,
            }
        )


def _xlogx(t):
    return np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0)


def _conjugate(loss, s, y):
    """Σ_i ℓ*(s_i; y_i) (inf where outside the domain)."""
    if loss == "squared":  # ℓ(z) = (z − y)²  →  ℓ*(s) = s²/4 + s y
        return float(np.sum(s * s / 4 + s * y))
    t = -s * y  # logistic, hinge: the domain is s = −y t with t ∈ [0, 1] (y = ±1)
    if np.any(t < -1e-9) or np.any(t > 1 + 1e-9):
        return float("inf")
    t = np.clip(t, 0.0, 1.0)
    if loss == "logistic":  # ℓ(z) = log(1 + exp(−y z))
        return float(np.sum(_xlogx(t) + _xlogx(1 - t)))
    return float(np.sum(-t))  # hinge: ℓ(z) = max(0, 1 − y z)


def float_solve_region(
    X: MatrixLike,
    y: VectorLike,
    patterns: Sequence[PatternLike] | PatternLike,
    v: VectorLike | NumberLike = (1,),
    *,
    loss: str = "squared",
    bias: bool = True,
    solver: str | None = None,
) -> FloatRegionSolution:
    """Solve the region problem of ``patterns`` in floats with cvxpy, for a convex loss.

    Parameters
    ----------
    X, y, patterns, v, bias
        As for :func:`exactrelu.training.region.solve_region`.  For ``logistic`` and
        ``hinge`` the labels must be ±1.
    loss : {"squared", "logistic", "hinge"}
    solver : str, optional
        A cvxpy solver name.  Default: Clarabel when installed (interior point; on
        the region problems of ``benchmarks/bench_erm.py`` it agreed with the exact
        optimum to 1e-8, while OSQP, cvxpy's own default for QPs, was up to 4e-4
        below it and hit its iteration limit on 1 % of them), else cvxpy's choice.

    Returns
    -------
    FloatRegionSolution
        Marked ``exact=False``, with a float duality gap.

    Raises
    ------
    InvalidDataError
        Unknown loss, labels not ±1 for a classification loss, bad shapes.
    SolverError
        cvxpy did not return an optimal solution.
    """
    import cvxpy as cp

    if loss not in LOSSES:
        raise InvalidDataError(f"loss must be one of {LOSSES}, got {loss!r}")
    xbar = exact_points(X, bias=bias)
    yq = exact_labels(y, len(xbar))
    A = pattern_rows(patterns, len(xbar))
    vq = output_weights(v, len(A))
    if loss != "squared" and any(t not in (1, -1) for t in yq):
        raise InvalidDataError(f"the {loss} loss needs labels ±1, got {sorted({str(t) for t in yq})}")
    Xf = np.array([[float(c) for c in x] for x in xbar])
    yf = np.array([float(t) for t in yq])
    Af = np.array(A, dtype=float)  # m × N
    vf = np.array([float(t) for t in vq])
    m, (n, dim) = len(A), Xf.shape
    # z = M u with u = vec(W) row-major; G u ≥ 0 stacks (2A_ji − 1) x̄_i · w_j
    M = np.hstack([(vf[j] * Af[j])[:, None] * Xf for j in range(m)])
    G = np.zeros((m * n, m * dim))
    for j in range(m):
        G[j * n : (j + 1) * n, j * dim : (j + 1) * dim] = (2 * Af[j] - 1)[:, None] * Xf
    u, z = cp.Variable(m * dim), cp.Variable(n)
    link, cone = z == M @ u, G @ u >= 0
    objective = {
        "squared": cp.sum_squares(z - yf),
        "logistic": cp.sum(cp.logistic(-cp.multiply(yf, z))),
        "hinge": cp.sum(cp.pos(1 - cp.multiply(yf, z))),
    }[loss]
    prob = cp.Problem(cp.Minimize(objective), [link, cone])
    if solver is None and "CLARABEL" in cp.installed_solvers():
        solver = "CLARABEL"
    try:
        prob.solve(solver=solver)
    except cp.error.SolverError as exc:
        raise SolverError(f"cvxpy failed on the region problem: {exc}") from None
    if prob.status not in ("optimal", "optimal_inaccurate") or u.value is None:
        raise SolverError(f"cvxpy returned status {prob.status!r} for the region problem")
    # cvxpy's Lagrangian is f + αᵀ(z − M u) − λᵀ(G u), so stationarity in u reads Mᵀα + Gᵀλ = 0
    alpha, lam = np.asarray(link.dual_value, dtype=float), np.asarray(cone.dual_value, dtype=float)
    dual = -_conjugate(loss, -alpha, yf)
    zf = M @ u.value
    primal = float(objective.value)
    return FloatRegionSolution(
        loss=loss,
        value=primal,
        weights=u.value.reshape(m, dim),
        fitted=zf,
        duality_gap=primal - dual,
        dual_residual=float(np.max(np.abs(M.T @ alpha + G.T @ lam), initial=0.0)),
        status=prob.status,
        solver=prob.solver_stats.solver_name,
    )
