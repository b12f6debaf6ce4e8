"""Exact random instances on a dyadic grid: the common ground of the experiments.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", Appendix E samples data, weights and labels as floats.  The
experiments of :mod:`exactrelu.landscape.full_rank_experiment` (Appendix E.1) and
:mod:`exactrelu.landscape.global_minimum_experiment` (Appendix E.2) draw them with numpy
and then **round them to a dyadic grid**: data and labels to denominator 2^10
(:data:`DATA_DENOMINATOR`), weights and biases to denominator 2^20
(:data:`WEIGHT_DENOMINATOR`).  From then on an experiment is a function of these
rationals only: activation patterns are the signs of integer dot products
(:func:`integer_matmul`: numpy ``int64`` with an overflow guard, Python integers beyond
it), and ranks are exact ranks over Q (:func:`gram_rank`, python-flint).

Two consequences of the grid, handled and counted by the experiments:

* a 2^-10 grid makes *repeated data points* likely (for n = 60 Gaussian points in R^1 a
  tie has probability about 0.4), while the paper's floats are distinct almost surely
  and its theorems assume distinct points: :func:`draw_distinct_points` redraws such
  datasets;
* a pre-activation <w_i, x̄_j> can be exactly 0 (the parameter lies on a region
  boundary, where F is not differentiable): :func:`activations_off_boundary` redraws
  such units.

Reproducibility: :func:`experiment_rng` seeds ``numpy.random.SeedSequence(seed,
spawn_key=key)``, one stream per experiment cell, so a cell gives the same numbers
whether it is run alone or inside a sweep, serially or in parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError

__all__ = [
    "DATA_DENOMINATOR",
    "WEIGHT_DENOMINATOR",
    "activations_off_boundary",
    "draw_distinct_points",
    "experiment_rng",
    "gram_rank",
    "grid_fractions",
    "homogenised_numerators",
    "integer_matmul",
    "require_positive_ints",
    "to_grid",
]

DATA_DENOMINATOR = 2**10
"""Denominator of the grid of data points and labels."""
WEIGHT_DENOMINATOR = 2**20
"""Denominator of the grid of weights and biases."""

_INT64_SAFE = 2**62


def experiment_rng(seed: int, *key: int) -> np.random.Generator:
    """numpy's generator for the stream ``SeedSequence(seed, spawn_key=key)`` (``seed`` >= 0).

    >>> float(experiment_rng(0, 1, 2).random()) == float(experiment_rng(0, 1, 2).random())
    True
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise InvalidDataError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=tuple(int(k) for k in key)))


def to_grid(values: Any, den: int) -> np.ndarray:
    """Numerators of the floats ``values`` rounded to the grid (1/den) Z (an int64 array).

    >>> to_grid([0.26, -0.5], 4).tolist()
    [1, -2]
    """
    return np.rint(np.asarray(values, dtype=float) * den).astype(np.int64)


def require_positive_ints(**values: Any) -> None:
    """Raise :class:`~exactrelu.exact.errors.InvalidDataError` unless every value is an integer >= 1.

    >>> require_positive_ints(n=3, d1=1)
    """
    for name, val in values.items():
        if not isinstance(val, (int, np.integer)) or isinstance(val, bool) or val < 1:
            raise InvalidDataError(f"{name} must be a positive integer, got {val!r}")


def draw_distinct_points(
    draw: Callable[[tuple[int, int]], Any], n: int, d0: int, den: int, max_tries: int = 10_000
) -> tuple[np.ndarray, int]:
    """Integer numerators of n distinct grid points in R^{d_0} (redrawn on ties): (Xi, redraws).

    ``draw(shape)`` returns floats of that shape (e.g. ``rng.standard_normal``); they are
    rounded with :func:`to_grid`.
    """
    for tries in range(max_tries):
        Xi = to_grid(draw((n, d0)), den)
        if len({tuple(r) for r in Xi.tolist()}) == len(Xi):
            return Xi, tries
    raise DegenerateInputError(
        f"could not draw {n} distinct points on the grid 1/{den} Z^{d0} "
        f"in {max_tries} tries; use a finer data_denominator"
    )


def integer_matmul(P: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Exact integer product P @ Q: int64 when the entries are provably small, Python ints otherwise.

    >>> integer_matmul(np.array([[2**40]]), np.array([[2**40]])).tolist()
    [[1208925819614629174706176]]
    """
    k = P.shape[1]
    bound = int(np.abs(P).max(initial=0)) * int(np.abs(Q).max(initial=0)) * max(k, 1)
    if bound < _INT64_SAFE:
        return P.astype(np.int64) @ Q.astype(np.int64)
    return np.array(P, dtype=object) @ np.array(Q, dtype=object)


def homogenised_numerators(Xi: np.ndarray, bias: bool, den: int) -> np.ndarray:
    """Integer rows den·x̄ = den·(x, 1) of grid data with numerators ``Xi`` (den·x without bias).

    >>> homogenised_numerators(np.array([[3], [-1]]), True, 4).tolist()
    [[3, 4], [-1, 4]]
    """
    if not bias:
        return Xi
    return np.hstack([Xi, np.full((Xi.shape[0], 1), den, dtype=np.int64)])


def activations_off_boundary(
    Xb: np.ndarray, Wb: np.ndarray, draw_unit: Callable[[], np.ndarray], max_tries: int = 1000
) -> tuple[np.ndarray, np.ndarray, int]:
    """Activation matrix A (d_1 x n, 0/1) of the integer unit rows ``Wb`` on integer points ``Xb``.

    A unit with an exactly zero pre-activation is redrawn with ``draw_unit()``.  Returns
    (A, Wb, redraws); every pre-activation is an exact integer.
    """
    Wb = Wb.copy()
    P = integer_matmul(Wb, Xb.T)  # d_1 x n, exact
    redraws = 0
    bad = [i for i in range(P.shape[0]) if not np.all(P[i] != 0)]
    for i in bad:
        for _ in range(max_tries):
            Wb[i] = draw_unit()
            row = integer_matmul(Wb[i : i + 1], Xb.T)[0]
            redraws += 1
            if np.all(row != 0):
                P[i] = row
                break
        else:  # pragma: no cover - probability ~0
            raise DegenerateInputError("could not draw a unit off the region boundaries")
    return (P > 0).astype(np.int64), Wb, redraws


def gram_rank(A: np.ndarray, Xb: np.ndarray) -> int:
    """Exact rank over Q of the Jacobian J (rows (A_1j x̄_j, ..., A_dj x̄_j)) via its Gram matrix.

    J has rows J_j = (A_1j x̄_j, ..., A_{d_1} j x̄_j), so J Jᵀ = (Aᵀ A) ∘ (X̄ X̄ᵀ)
    (∘ = entrywise product), an n x n integer matrix however wide J is, and
    rank J = rank J Jᵀ over Q (ker J Jᵀ = ker Jᵀ, since zᵀ J Jᵀ z = |Jᵀ z|^2 for real z).
    Its rank is computed exactly by flint (``fmpz_mat.rank``).  (The Jacobian is that of
    :mod:`exactrelu.landscape.jacobian` with v = 1; by Karhadkar et al. 2023, Lemma 4 any
    nonzero v gives the same rank.)

    >>> gram_rank(np.array([[1, 1], [0, 1]]), np.array([[0, 1], [1, 1]]))
    2
    """
    import flint

    G = integer_matmul(A.T, A) * integer_matmul(Xb, Xb.T)
    return int(flint.fmpz_mat([[int(a) for a in row] for row in G.tolist()]).rank())


def grid_fractions(Xi: np.ndarray, den: int) -> tuple[tuple[Fraction, ...], ...]:
    """The exact points of grid numerators ``Xi`` (rows) over the denominator ``den``.

    >>> grid_fractions(np.array([[2, -1]]), 4)
    ((Fraction(1, 2), Fraction(-1, 4)),)
    """
    return tuple(tuple(Fraction(int(a), den) for a in row) for row in Xi.tolist())
