"""Appendix E.1 with exact ranks: how often a random activation region has a full-rank Jacobian.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 7 (Figures 2 and 3) and Appendix E.1.  The paper
samples activation regions of a two-layer network F(W, x) = vᵀσ(W x̄) from a random
initialisation and records, in floating point, whether the Jacobian ∇_W F on the sampled
region S_A has full rank n.  :func:`full_rank_fraction` decides this *exactly* and reports
numpy's SVD rank beside it.

Data and weights are drawn as floats and rounded to a dyadic grid
(:mod:`exactrelu.landscape.sampling`); from then on the experiment is a function of these
rationals only, and the rank is an exact rank over Q (:func:`exactrelu.landscape.sampling.gram_rank`).
No float ever decides an answer; the SVD rank is only reported for comparison.

Conventions
-----------
* The bias is folded in as the last parameter of each unit, x̄ = (x, 1); with
  ``bias=True`` the Jacobian is taken with respect to (W, b), an n x d_1(d_0+1)
  matrix, which is what the paper's networks with biases have (E.1 samples
  weights *and* biases).  Theorem 5 is stated without bias (d_0 d_1 >= n).
* "Full rank" means rank J = n (J maps onto the label space R^n; Lemma 2), so
  it is impossible when d_1 (d_0 + bias) < n: the left, dark part of Figures
  2/3.  ``max_rank`` additionally counts rank J = min(n, d_1 (d_0 + bias)).
* By Lemma 4 the rank does not depend on the nonzero output weights, so E.1
  uses v = 1.
* ``certify=True`` additionally calls :func:`exactrelu.landscape.jacobian.jacobian_rank`
  (rank certificate: a nonzero minor and a left-kernel basis), re-checks it with
  :func:`exactrelu.landscape.jacobian.verify_jacobian_rank`, and cross-checks the pattern
  with :func:`exactrelu.landscape.jacobian.activation_matrix`; any mismatch raises
  :class:`~exactrelu.exact.errors.CertificateError`.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.progress import progress_bar
from exactrelu.landscape.jacobian import activation_matrix, jacobian_rank, verify_jacobian_rank
from exactrelu.landscape.sampling import (
    DATA_DENOMINATOR,
    WEIGHT_DENOMINATOR,
    activations_off_boundary,
    draw_distinct_points,
    experiment_rng,
    gram_rank,
    grid_fractions,
    homogenised_numerators,
    require_positive_ints,
    to_grid,
)

__all__ = ["FullRankResult", "full_rank_fraction"]

_EXPERIMENT_TAG = 1  # the first key of the cell's random stream (Appendix E.2 uses 2)


@dataclass(frozen=True)
class FullRankResult:
    """Outcome of :func:`full_rank_fraction` for one (n, d_0, d_1).

    Attributes
    ----------
    trials : int
    exact_full : int
        Trials with rank J = n, decided exactly over Q.
    float_full : int
        Trials where numpy's SVD rank of float(J) is n.
    disagreements : int
        Trials where the SVD rank differs from the exact rank (any rank, not only n).
    max_rank : int
        Trials with rank J = min(n, n_params) (exact).
    ranks, float_ranks : tuple of int
        Per-trial exact and SVD ranks.
    resampled_data, resampled_units : int
        Datasets redrawn because of a repeated point; units redrawn because of an
        exactly zero pre-activation.
    certified : bool
        Whether every rank was also certified by :func:`exactrelu.landscape.jacobian.jacobian_rank`.
    seconds : float
    """

    n: int
    d0: int
    d1: int
    bias: bool
    seed: int
    trials: int
    exact_full: int
    float_full: int
    disagreements: int
    max_rank: int
    ranks: tuple[int, ...] = field(repr=False, default=())
    float_ranks: tuple[int | None, ...] = field(repr=False, default=())
    resampled_data: int = 0
    resampled_units: int = 0
    certified: bool = False
    seconds: float = 0.0

    @property
    def n_params(self) -> int:
        """d_1 (d_0 + 1) with bias, d_1 d_0 without: the number of columns of J."""
        return self.d1 * (self.d0 + int(self.bias))

    @property
    def fraction(self) -> float:
        """Exact full-rank count / trials."""
        return self.exact_full / self.trials

    @property
    def float_fraction(self) -> float:
        """Float SVD full-rank count / trials."""
        return self.float_full / self.trials

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                **asdict(self),
                "kind": "full_rank",
                "n_params": self.n_params,
                "fraction": self.fraction,
                "float_fraction": self.float_fraction,
            }
        )


def full_rank_fraction(
    n: int,
    d0: int,
    d1: int,
    trials: int = 100,
    seed: int = 0,
    bias: bool = True,
    *,
    data_denominator: int = DATA_DENOMINATOR,
    weight_denominator: int = WEIGHT_DENOMINATOR,
    certify: bool = False,
    with_float: bool = True,
    float_dtype: str = "float64",
    progress: bool = False,
) -> FullRankResult:
    """Fraction of randomly initialised activation regions with a full-rank Jacobian (Figures 2, 3).

    Karhadkar et al. 2023, Appendix E.1: X ∈ R^{d_0 x n} with iid N(0, 1)
    entries; weights W ∈ R^{d_1 x d_0} and biases b ∈ R^{d_1} iid uniform on
    [-1/√d_0, 1/√d_0]; A_ij = [<w_i, x^(j)> + b_i > 0] is the activation
    region of these parameters, and the experiment records whether the
    Jacobian of F on S_A,

        J = [ (v ⊙ a^(j)) ⊗ x̄^(j) ]_j      (section 3, here with v = 1 by Lemma 4),

    has rank n.  Here X is rounded to the grid 2^-10 Z and (W, b) to
    2^-20 Z (see the module docstring), and rank J is computed *exactly* over Q
    (through the Gram matrix J Jᵀ = (AᵀA) ∘ (X̄X̄ᵀ)); numpy's SVD rank of the
    same (exactly representable) float matrix is reported beside it.

    Parameters
    ----------
    n, d0, d1 : int
        Dataset size, input dimension, width.
    trials : int
        Independent (dataset, initialisation) pairs (the paper uses 100).
    seed : int
        Non-negative; the cell (n, d0, d1, bias) gets its own stream.
    bias : bool
        Units with a bias (the paper's E.1 network); J then has d_1 (d_0 + 1) columns.
    certify : bool
        Also compute each rank with :func:`exactrelu.landscape.jacobian.jacobian_rank` (nonzero
        minor + left-kernel certificate), verify it, and cross-check the pattern
        with :func:`exactrelu.landscape.jacobian.activation_matrix`.  Slow; for tests.
    with_float : bool
        Compute the SVD rank (``numpy.linalg.matrix_rank``, default tolerance
        σ_max · max(n, p) · machine epsilon of ``float_dtype``).
    float_dtype : {'float64', 'float32'}
        Precision of the float comparison (PyTorch's default is float32).
    progress : bool
        Show a tqdm bar over the trials.

    Returns
    -------
    FullRankResult

    Notes
    -----
    Full rank n needs n <= d_1 (d_0 + bias) (column count); below that the
    exact fraction is 0.  Karhadkar et al. 2023, Theorem 5 gives full rank in all but an ε fraction
    of regions for d_1 >= max(n/d_0, Ω(log(n/(ε d_0)))) (no bias); Theorem 10
    (d_0 = 1 with bias) for d_1 >= 2n log(n/ε)
    (:func:`exactrelu.landscape.widths.theorem10_width`).

    Examples
    --------
    >>> r = full_rank_fraction(6, 1, 2, trials=5)          # 2 (1 + 1) = 4 < 6 parameters
    >>> r.exact_full, r.fraction
    (0, 0.0)
    >>> full_rank_fraction(4, 2, 12, trials=5).fraction
    1.0
    """
    require_positive_ints(n=n, d0=d0, d1=d1, trials=trials)
    if float_dtype not in ("float64", "float32"):
        raise InvalidDataError(f"float_dtype must be 'float64' or 'float32', got {float_dtype!r}")
    t0 = time.perf_counter()
    rng = experiment_rng(seed, _EXPERIMENT_TAG, n, d0, d1, int(bias))
    a = 1.0 / math.sqrt(d0)
    D = d0 + int(bias)

    def draw_unit() -> np.ndarray:
        w = to_grid(rng.uniform(-a, a, d0), weight_denominator)
        if not bias:
            return w
        # pre-activation · (data_den · weight_den) = Xi · Wi + data_den · bi
        b = to_grid(rng.uniform(-a, a, 1), weight_denominator)
        return np.concatenate([w, b])

    ranks: list[int] = []
    franks: list[int | None] = []
    redrawn_data = redrawn_units = 0
    with progress_bar(progress, trials, f"E.1 n={n} d0={d0} d1={d1}", unit="trial") as bar:
        for _ in range(trials):
            Xi, tries = draw_distinct_points(rng.standard_normal, n, d0, data_denominator)
            redrawn_data += tries
            Wb = np.array([draw_unit() for _ in range(d1)], dtype=np.int64).reshape(d1, D)
            Xb = homogenised_numerators(Xi, bias, data_denominator)
            A, Wb, k = activations_off_boundary(Xb, Wb, draw_unit)
            redrawn_units += k
            r = gram_rank(A, Xb)
            if certify:
                _certify_rank(Xi, Wb, A, r, bias, data_denominator, weight_denominator)
            ranks.append(r)
            franks.append(_float_rank(A, Xb, data_denominator, float_dtype) if with_float else None)
            bar.update()
    p = d1 * D
    return FullRankResult(
        n=n,
        d0=d0,
        d1=d1,
        bias=bool(bias),
        seed=int(seed),
        trials=trials,
        exact_full=sum(r == n for r in ranks),
        float_full=sum(f == n for f in franks if f is not None),
        disagreements=sum(f is not None and f != r for r, f in zip(ranks, franks)),
        max_rank=sum(r == min(n, p) for r in ranks),
        ranks=tuple(ranks),
        float_ranks=tuple(franks),
        resampled_data=redrawn_data,
        resampled_units=redrawn_units,
        certified=bool(certify),
        seconds=time.perf_counter() - t0,
    )


def _certify_rank(
    Xi: np.ndarray, Wb: np.ndarray, A: np.ndarray, r: int, bias: bool, dden: int, wden: int
) -> None:
    """Raise CertificateError unless jacobian_rank certifies the Gram rank r and activation_matrix gives A."""
    X = grid_fractions(Xi, dden)
    # rows of Wb are wden·(w, b) on the grid; the bias numerator was drawn on the same grid
    W = grid_fractions(Wb, wden)
    rows = [tuple(int(c) for c in row) for row in A.tolist()]
    if [tuple(p) for p in activation_matrix(X, W, bias=bias)] != rows:
        raise CertificateError(
            "integer activation pattern differs from exactrelu.landscape.jacobian.activation_matrix"
        )
    cert = jacobian_rank(X, rows, None, bias=bias, with_float=False)
    if cert.rank != r or not verify_jacobian_rank(X, rows, None, cert, bias=bias):
        raise CertificateError(f"Gram-matrix rank {r} but certified Jacobian rank {cert.rank}")


def _float_rank(A: np.ndarray, Xb: np.ndarray, den: int, dtype: str = "float64") -> int:
    """numpy SVD rank (default tolerance) of the float Jacobian J.

    In float64 the entries (multiples of 1/den of moderate size) are exactly
    representable, so only the SVD itself is inexact; in float32 they are
    rounded first.
    """
    n = Xb.shape[0]
    J = (A.T[:, :, None].astype(float) * (Xb.astype(float) / den)[:, None, :]).reshape(n, -1)
    return int(np.linalg.matrix_rank(J.astype(dtype)))
