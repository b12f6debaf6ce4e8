"""Exact non-negative least squares, and a checked float NNLS that only proposes.

:func:`exact_nnls` minimises ‖Σ_k c_k g_k − b‖² over c ≥ 0 by the Lawson–Hanson
active-set method (Lawson & Hanson 1974, *Solving Least Squares Problems*,
chapter 23) in rational arithmetic on python-flint matrices.  The optimal residual
is unique, and its optimality is what the callers certify (KKT multipliers).
:func:`float_nnls` and :func:`float_support` run scipy's float NNLS; their output
only chooses a starting active set, the exact iteration decides.
"""

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.exact.errors import SolverError
from exactrelu.exact.linalg import from_flint, to_fmpq
from exactrelu.exact.parse import exact_vector
from exactrelu.exact.types import VectorLike

__all__ = ["exact_nnls", "float_nnls", "float_support", "lawson_hanson"]


def _column_matrix(cols: Sequence[Sequence[Fraction]], nrows: int) -> Any:
    """fmpq_mat whose columns are ``cols``."""
    return flint.fmpq_mat(nrows, len(cols), [to_fmpq(c[i]) for i in range(nrows) for c in cols])


class _Gram:
    """The normal-equation data of min ‖C x − b‖: G = CᵀC and g = Cᵀb, as flint matrices.

    Lawson–Hanson needs only these: the gradient is g − G x and a least-squares
    subproblem on the passive set P is G[P, P] z = g[P].  Building G once keeps
    every iteration inside flint instead of Python Fractions.
    """

    def __init__(self, C: Any, b: Any) -> None:
        Ct = C.transpose()
        self.n = C.ncols()
        self.G = Ct * C
        self.g = Ct * b
        self._rows = self.G.tolist()

    def sub(self, P: Sequence[int]) -> Any:
        return flint.fmpq_mat(len(P), len(P), [self._rows[i][j] for i in P for j in P])

    def independent(self, P: list[int]) -> list[int]:
        """The pivot columns of P (in order): G[P, P] has the column dependencies of C[:, P]."""
        if not P:
            return []
        R, rank = self.sub(P).rref()
        pivots, c = [], 0
        for r in range(rank):
            while R[r, c] == 0:
                c += 1
            pivots.append(P[c])
        return pivots

    def least_squares(self, P: Sequence[int]) -> list[Any]:
        """Exact minimiser over the independent columns P (normal equations)."""
        try:
            z = self.sub(P).solve(flint.fmpq_mat(len(P), 1, [self.g[k, 0] for k in P]))
        except ZeroDivisionError:  # singular: the caller broke independence
            raise SolverError("exact NNLS: dependent columns in the passive set (this is a bug)") from None
        return [z[k, 0] for k in range(len(P))]

    def gradient(self, x: list[Any]) -> list[Any]:
        """−½ ∇‖C x − b‖² = g − G x, as a list."""
        w = self.g - self.G * flint.fmpq_mat(self.n, 1, x)
        return [w[k, 0] for k in range(self.n)]


def _warm_start(gram: _Gram, support: Iterable[int]) -> tuple[list[int], dict[int, Any]]:
    """A passive set from a proposed support: independent, with a strictly positive LS solution."""
    passive = sorted({int(k) for k in support if 0 <= int(k) < gram.n})
    while passive:
        passive = gram.independent(passive)
        z = gram.least_squares(passive)
        if all(zk > 0 for zk in z):
            return passive, dict(zip(passive, z))
        passive = [k for k, zk in zip(passive, z) if zk > 0]  # shrinks, so this loop ends
    return [], {}


def exact_nnls(
    columns: Sequence[VectorLike],
    b: VectorLike,
    *,
    support: Iterable[int] | None = None,
    max_iter: int | None = None,
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Exact non-negative least squares: minimise ‖Σ_k c_k columns_k − b‖² over c ≥ 0.

    Lawson–Hanson active-set method in rational arithmetic.  Each least-squares
    subproblem is solved exactly (python-flint, on the Gram matrix); in exact
    arithmetic the passive columns stay linearly independent, so dependent input
    columns are harmless.

    Parameters
    ----------
    columns : sequence of n vectors of length N
        The columns g_k (exact numbers; floats are read as their exact binary value).
    b : sequence of length N
        Target vector.
    support : iterable of int, optional
        A guess of the optimal support (e.g. from ``scipy.optimize.nnls``).  It only
        chooses the starting point: it is reduced to an independent subset with a
        strictly positive least-squares solution, and the exact iteration decides.
    max_iter : int, optional
        Cap on iterations (default 30 (n + 1)), a guard against cycling.

    Returns
    -------
    coefficients : tuple of Fraction
        An optimal c ≥ 0 (unique when the columns are independent).
    residual : tuple of Fraction
        b − Σ c_k columns_k; the optimal residual is unique.

    Raises
    ------
    InvalidDataError
        Columns of the wrong length.
    SolverError
        The iteration cap was reached.

    Examples
    --------
    >>> exact_nnls([(1, 0), (0, 1)], (2, -3))
    ((Fraction(2, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(-3, 1)))
    >>> exact_nnls([(1, 1), (2, 2)], (1, 0), support=[0, 1])[1]
    (Fraction(1, 2), Fraction(-1, 2))
    """
    b = list(exact_vector(b, name="b"))
    cols = [exact_vector(c, len(b), name=f"column {k}") for k, c in enumerate(columns)]
    if not cols:
        return (), tuple(b)
    C = _column_matrix(cols, len(b))
    x = lawson_hanson(C, flint.fmpq_mat(len(b), 1, [to_fmpq(t) for t in b]), support, max_iter)
    r = flint.fmpq_mat(len(b), 1, [to_fmpq(t) for t in b]) - C * flint.fmpq_mat(len(x), 1, x)
    return tuple(from_flint(t) for t in x), tuple(from_flint(r[i, 0]) for i in range(len(b)))


def lawson_hanson(
    C: Any, b: Any, support: Iterable[int] | None = None, max_iter: int | None = None
) -> list[Any]:
    """The exact NNLS iteration on flint ``fmpq_mat`` C (N × n) and b (N × 1); returns x as a list of fmpq.

    The flint-level core of :func:`exact_nnls`, for callers that already hold flint matrices.
    """
    gram = _Gram(C, b)
    n, zero = gram.n, flint.fmpq(0)
    cap = 30 * (n + 1) if max_iter is None else max_iter
    passive, value = _warm_start(gram, support) if support is not None else ([], {})
    x = [value.get(k, zero) for k in range(n)]
    steps = 0
    while True:
        w = gram.gradient(x)
        entering = [k for k in range(n) if w[k] > 0 and k not in passive]
        if not entering:
            return x
        passive.append(max(entering, key=lambda k: (w[k], -k)))  # ties: lowest index
        while True:
            steps += 1
            if steps > cap:
                raise SolverError(
                    f"exact NNLS did not converge within {cap} iterations ({n} columns, length {C.nrows()}); "
                    "this suggests cycling: pass a larger max_iter or report the instance"
                )
            z = gram.least_squares(passive)
            if all(zk > 0 for zk in z):
                for k, zk in zip(passive, z):
                    x[k] = zk
                break
            # move towards z until the first passive coefficient hits 0 (exactly), then drop it
            alpha = min(x[k] / (x[k] - zk) for k, zk in zip(passive, z) if zk <= 0)
            for k, zk in zip(passive, z):
                x[k] += alpha * (zk - x[k])
            passive = [k for k in passive if x[k] > 0]
            for k in range(n):
                if k not in passive:
                    x[k] = zero


def float_support(A: np.ndarray, b: np.ndarray) -> list[int] | None:
    """Support of scipy's float NNLS solution of A x ≈ b (numpy arrays), or None: a warm start only."""
    try:
        from scipy.optimize import nnls as scipy_nnls

        x, _ = scipy_nnls(A, b)
    except (ArithmeticError, ValueError, RuntimeError):
        return None
    return [k for k, xk in enumerate(x) if xk > 0]


def float_nnls(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scipy's NNLS on float arrays, checked: a proposal only, never a certificate.

    Some scipy versions return a wrong answer with a false residual on ± column
    pairs (scipy issue 25389); then a bounded least-squares solve is used instead.
    """
    from scipy.optimize import lsq_linear
    from scipy.optimize import nnls as scipy_nnls

    try:
        x, rn = scipy_nnls(A, b)
        if abs(float(np.linalg.norm(A @ x - b)) - rn) <= 1e-9 * (1 + float(np.linalg.norm(b))):
            return x
    except (RuntimeError, ValueError):
        pass
    return np.maximum(lsq_linear(A, b, bounds=(0, np.inf), method="bvls").x, 0)
