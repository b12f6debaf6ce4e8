"""Gradient descent on the weight-decay loss of a two-layer ReLU network (floats, judged exactly).

L_β(U, α) = ½‖Σ_j relu(X u_j) α_j − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²)  (Wang, Lacotte &
Pilanci 2022, eq. (1)).

The run is plain full-batch gradient descent in numpy (relu'(0) = 0, a Clarke
subgradient); its result is a float network, returned as an exact
:class:`~exactrelu.network.ShallowReLU` (floats read as their binary values) so that
:func:`exactrelu.convex.optimality.is_globally_optimal` and the maps of
:mod:`exactrelu.convex.scaled_networks` can judge it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_labels, exact_points, exact_scalar
from exactrelu.exact.types import MatrixLike, NumberLike, VectorLike
from exactrelu.network import ShallowReLU

__all__ = ["WeightDecayRun", "objective_float", "weight_decay_gd"]


def objective_float(U: np.ndarray, alpha: np.ndarray, Xf: np.ndarray, yf: np.ndarray, beta: float) -> float:
    """L_β in floats (for traces): U is m × d, alpha has m entries, Xf is n × d, yf has n."""
    fit = np.maximum(Xf @ U.T, 0) @ alpha
    return 0.5 * float(np.sum((fit - yf) ** 2)) + 0.5 * beta * float(np.sum(U**2) + np.sum(alpha**2))


@dataclass
class WeightDecayRun:
    """Result of :func:`weight_decay_gd`: the final network, its float trace and the settings."""

    network: ShallowReLU
    objective: list[float]
    steps: int
    lr: float
    seed: int
    converged: bool
    gradient_norm: float


def weight_decay_gd(
    X: MatrixLike,
    y: VectorLike,
    beta: NumberLike,
    m: int,
    *,
    steps: int = 20000,
    lr: float | None = None,
    seed: int = 0,
    init_scale: float = 0.5,
    bias: bool = False,
    tol: float = 1e-12,
    record_every: int = 100,
) -> WeightDecayRun:
    """Full-batch gradient descent on L_β with m hidden units from a Gaussian start.

    Parameters
    ----------
    X, y : data (n × d) and labels; beta > 0 the weight decay; m the width.
    steps : maximum number of steps; stops early once the gradient norm < ``tol``.
    lr : step size (default 1 / (λ_max(XᵀX) + β), a safe step for this scale).
    seed, init_scale : the start u_j, α_j ~ N(0, init_scale²).
    bias : append a column of ones (the network then has a bias per unit, penalised).

    Returns
    -------
    WeightDecayRun
    """
    rows = exact_points(X, bias=bias, name="data X")
    Xf = np.array([[float(t) for t in r] for r in rows])
    yf = np.array([float(t) for t in exact_labels(y, len(rows))], dtype=float)
    bf = float(exact_scalar(beta, name="beta", positive=True))
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise InvalidDataError(f"the width m must be a positive integer, got {m!r}")
    rng = np.random.default_rng(seed)
    U = init_scale * rng.standard_normal((m, Xf.shape[1]))
    alpha = init_scale * rng.standard_normal(m)
    if lr is None:
        lr = 1.0 / (float(np.linalg.eigvalsh(Xf.T @ Xf)[-1]) * max(1.0, float(np.max(np.abs(yf)))) + bf)
    trace, converged, gnorm = [], False, float("inf")
    for step in range(steps):
        pre = Xf @ U.T  # n × m
        act = np.maximum(pre, 0)
        r = act @ alpha - yf  # n
        g_alpha = act.T @ r + bf * alpha
        g_U = ((pre > 0) * np.outer(r, alpha)).T @ Xf + bf * U
        gnorm = float(np.sqrt(np.sum(g_U**2) + np.sum(g_alpha**2)))
        if step % record_every == 0:
            trace.append(objective_float(U, alpha, Xf, yf, bf))
        if gnorm < tol:
            converged = True
            break
        U -= lr * g_U
        alpha -= lr * g_alpha
    trace.append(objective_float(U, alpha, Xf, yf, bf))
    net = ShallowReLU.from_numpy(U, alpha, bias=False)
    return WeightDecayRun(net, trace, step + 1, lr, seed, converged, gnorm)
