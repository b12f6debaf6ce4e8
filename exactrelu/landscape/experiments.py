"""The experiments of Karhadkar et al., section 7 and Appendix E, with exact decisions.

Karhadkar, Murray, Tseran, Montúfar, "Mildly overparameterized ReLU networks
have a favorable loss landscape".  The paper samples activation regions of a
two-layer network F(W, x) = vᵀσ(W x̄) from a random initialisation and records
two properties of each sampled region S_A, in floating point:

* **E.1 (Figures 2, 3)**: is the Jacobian ∇_W F on S_A of full rank n?
  :func:`full_rank_fraction` decides this *exactly* (and reports numpy's SVD
  rank beside it).
* **E.2 (Figure 6)**: does S_A contain a zero-loss global minimiser of the
  square loss for labels y?  :func:`global_minimum_fraction` decides this
  *exactly* with :func:`exactrelu.landscape.interpolation.interpolate_in_region`, which
  returns an exact interpolating W in the open region or a Farkas vector
  proving there is none.

Exact data
----------
All random numbers are drawn as floats by numpy and then **rounded to a dyadic
grid**: data and labels to denominator 2^10 (:data:`DATA_DENOMINATOR`), weights
and biases to denominator 2^20 (:data:`WEIGHT_DENOMINATOR`).  From then on the
experiment is a function of these rationals only: activation patterns are the
signs of integer dot products (numpy ``int64`` with an overflow guard, Python
integers beyond it), ranks are exact ranks over Q (python-flint), labels of the
polynomial and teacher types are evaluated in exact rational arithmetic.  No
float ever decides an answer; floats are only proposed (HiGHS inside
``interpolate_in_region``) or reported for comparison (the SVD rank).

Two consequences of the grid, both handled and counted in the results:

* a 2^-10 grid makes *repeated data points* likely (for n = 60 Gaussian points
  in R^1 a tie has probability about 0.4), while the paper's floats are
  distinct almost surely and its theorems assume distinct points.  Datasets with
  a repeated point are redrawn (``resampled_data`` counts them);
* a pre-activation <w_i, x̄_j> can be exactly 0 (the parameter lies on a region
  boundary, where F is not differentiable); the weights of such a unit are
  redrawn (``resampled_units`` counts them).

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

Exact rank through the Gram matrix
----------------------------------
J has rows J_j = (A_1j x̄_j, ..., A_{d_1} j x̄_j), so

    J Jᵀ = (Aᵀ A) ∘ (X̄ X̄ᵀ)        (∘ = entrywise product),

an n x n integer matrix (after scaling x̄ to integers) however wide J is, and
rank J = rank J Jᵀ over Q (ker J Jᵀ = ker Jᵀ, since zᵀ J Jᵀ z = |Jᵀ z|^2 for
real z).  Its rank is computed exactly by flint (``fmpz_mat.rank``).
``certify=True`` additionally calls :func:`exactrelu.landscape.jacobian.jacobian_rank`
(rank certificate: a nonzero minor and a left-kernel basis), re-checks it with
:func:`exactrelu.landscape.jacobian.verify_jacobian_rank`, and cross-checks the pattern
with :func:`exactrelu.landscape.jacobian.activation_matrix`; any mismatch raises
:class:`~exactrelu.exact.errors.CertificateError`.

Reproducibility
---------------
Every call draws from ``numpy.random.SeedSequence(seed, spawn_key=(experiment,
n, d_0, d_1, ...))``, so a cell gives the same numbers whether it is run alone
or inside a :func:`sweep`, serially or in parallel.

Theorem widths
--------------
:func:`theorem10_width`, :func:`theorem12_units`, :func:`theorem12_width`
(the dashed line of Figure 6) and the exact region fractions
:func:`diverse_probability`, :func:`complete_probability` under the counting
measure of Theorems 10/12 (every non-empty region equally likely).
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import numpy as np

from exactrelu.exact.errors import CertificateError, DegenerateInputError, InvalidDataError

__all__ = [
    "DATA_DENOMINATOR",
    "LABEL_TYPES",
    "WEIGHT_DENOMINATOR",
    "FullRankResult",
    "GlobalMinimumResult",
    "complete_probability",
    "diverse_probability",
    "full_rank_fraction",
    "full_rank_sweep",
    "global_minimum_fraction",
    "global_minimum_sweep",
    "rank_width",
    "sweep",
    "theorem10_width",
    "theorem12_units",
    "theorem12_width",
    "to_json",
    "transition_table",
    "uniform_width",
]

DATA_DENOMINATOR = 2**10
WEIGHT_DENOMINATOR = 2**20
LABEL_TYPES = ("random", "polynomial", "teacher")

_INT64_SAFE = 2**62
_EXPERIMENT_TAG = {"full_rank": 1, "global_minimum": 2}


# ----------------------------------------------------------------------------
# sampling on a dyadic grid
# ----------------------------------------------------------------------------


def _rng(seed, *key):
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise InvalidDataError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=tuple(int(k) for k in key)))


def _grid(values, den):
    """Numerators of the floats ``values`` rounded to the grid (1/den) Z (int64 array)."""
    return np.rint(np.asarray(values, dtype=float) * den).astype(np.int64)


def _check_sizes(**kw):
    for name, val in kw.items():
        if not isinstance(val, (int, np.integer)) or isinstance(val, bool) or val < 1:
            raise InvalidDataError(f"{name} must be a positive integer, got {val!r}")


def _distinct_rows(Xi):
    return len({tuple(r) for r in Xi.tolist()}) == len(Xi)


def _draw_data(draw, n, d0, den, max_tries=10_000):
    """Integer numerators of n distinct points (redrawn on ties); returns (Xi, redraws)."""
    for tries in range(max_tries):
        Xi = _grid(draw((n, d0)), den)
        if _distinct_rows(Xi):
            return Xi, tries
    raise DegenerateInputError(
        f"could not draw {n} distinct points on the grid 1/{den} Z^{d0} "
        f"in {max_tries} tries; use a finer data_denominator"
    )


def _int_matmul(P, Q):
    """Exact integer product P @ Q: int64 when the entries are provably small, Python ints otherwise."""
    k = P.shape[1]
    bound = int(np.abs(P).max(initial=0)) * int(np.abs(Q).max(initial=0)) * max(k, 1)
    if bound < _INT64_SAFE:
        return P.astype(np.int64) @ Q.astype(np.int64)
    return np.array(P, dtype=object) @ np.array(Q, dtype=object)


def _homogenised(Xi, bias, den):
    """Integer x̄ = den·(x, 1) rows (or den·x without bias)."""
    if not bias:
        return Xi
    return np.hstack([Xi, np.full((Xi.shape[0], 1), den, dtype=np.int64)])


def _pattern(Xb, Wb, draw_unit, max_tries=1000):
    """Activation matrix A (d_1 x n, 0/1) of the integer unit rows ``Wb`` on integer points ``Xb``.

    A unit with an exactly zero pre-activation is redrawn with ``draw_unit()``.
    Returns (A, Wb, redraws); every pre-activation is an exact integer.
    """
    Wb = Wb.copy()
    P = _int_matmul(Wb, Xb.T)  # d_1 x n, exact
    redraws = 0
    bad = [i for i in range(P.shape[0]) if not np.all(P[i] != 0)]
    for i in bad:
        for _ in range(max_tries):
            Wb[i] = draw_unit()
            row = _int_matmul(Wb[i : i + 1], Xb.T)[0]
            redraws += 1
            if np.all(row != 0):
                P[i] = row
                break
        else:  # pragma: no cover - probability ~0
            raise DegenerateInputError("could not draw a unit off the region boundaries")
    return (P > 0).astype(np.int64), Wb, redraws


def _gram_rank(A, Xb):
    """Exact rank over Q of J (rows (A_1j x̄_j, ..., A_dj x̄_j)) via J Jᵀ = (AᵀA) ∘ (X̄X̄ᵀ)."""
    import flint

    G = _int_matmul(A.T, A) * _int_matmul(Xb, Xb.T)
    return int(flint.fmpz_mat([[int(a) for a in row] for row in G.tolist()]).rank())


def _float_rank(A, Xb, den, dtype="float64"):
    """numpy SVD rank (default tolerance) of the float Jacobian J.

    In float64 the entries (multiples of 1/den of moderate size) are exactly
    representable, so only the SVD itself is inexact; in float32 they are
    rounded first.
    """
    n, D = Xb.shape
    J = (A.T[:, :, None].astype(float) * (Xb.astype(float) / den)[:, None, :]).reshape(n, -1)
    return int(np.linalg.matrix_rank(J.astype(dtype)))


def _fractions(Xi, den):
    return tuple(tuple(Fraction(int(a), den) for a in row) for row in Xi.tolist())


def _tqdm(total, desc, progress):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, disable=not progress, leave=False, dynamic_ncols=True)


# ----------------------------------------------------------------------------
# E.1: full-rank Jacobians
# ----------------------------------------------------------------------------


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
    ranks: tuple = field(repr=False, default=())
    float_ranks: tuple = field(repr=False, default=())
    resampled_data: int = 0
    resampled_units: int = 0
    certified: bool = False
    seconds: float = 0.0

    @property
    def n_params(self):
        """d_1 (d_0 + 1) with bias, d_1 d_0 without: the number of columns of J."""
        return self.d1 * (self.d0 + int(self.bias))

    @property
    def fraction(self):
        """Exact full-rank count / trials."""
        return self.exact_full / self.trials

    @property
    def float_fraction(self):
        return self.float_full / self.trials

    def to_dict(self):
        d = asdict(self)
        d.update(
            kind="full_rank",
            n_params=self.n_params,
            fraction=self.fraction,
            float_fraction=self.float_fraction,
            ranks=list(self.ranks),
            float_ranks=list(self.float_ranks),
        )
        return d


def full_rank_fraction(
    n,
    d0,
    d1,
    trials=100,
    seed=0,
    bias=True,
    *,
    data_denominator=DATA_DENOMINATOR,
    weight_denominator=WEIGHT_DENOMINATOR,
    certify=False,
    with_float=True,
    float_dtype="float64",
    progress=False,
):
    """Fraction of randomly initialised activation regions with a full-rank Jacobian (Figures 2, 3).

    Appendix E.1 of Karhadkar et al.: X ∈ R^{d_0 x n} with iid N(0, 1)
    entries; weights W ∈ R^{d_1 x d_0} and biases b ∈ R^{d_1} iid uniform on
    [-1/√d_0, 1/√d_0]; A_ij = [<w_i, x^(j)> + b_i > 0] is the activation
    region of these parameters, and the experiment records whether the
    Jacobian of F on S_A,

        J = [ (v ⊙ a^(j)) ⊗ x̄^(j) ]_j      (eq. (3), here with v = 1 by Lemma 4),

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
    exact fraction is 0.  Theorem 5 gives full rank in all but an ε fraction
    of regions for d_1 >= max(n/d_0, Ω(log(n/(ε d_0)))) (no bias); Theorem 10
    (d_0 = 1 with bias) for d_1 >= 2n log(n/ε) (:func:`theorem10_width`).

    Examples
    --------
    >>> r = full_rank_fraction(6, 1, 2, trials=5)          # 2 (1 + 1) = 4 < 6 parameters
    >>> r.exact_full, r.fraction
    (0, 0.0)
    >>> full_rank_fraction(4, 2, 12, trials=5).fraction
    1.0
    """
    _check_sizes(n=n, d0=d0, d1=d1, trials=trials)
    if float_dtype not in ("float64", "float32"):
        raise InvalidDataError(f"float_dtype must be 'float64' or 'float32', got {float_dtype!r}")
    t0 = time.perf_counter()
    rng = _rng(seed, _EXPERIMENT_TAG["full_rank"], n, d0, d1, int(bias))
    a = 1.0 / math.sqrt(d0)
    D = d0 + int(bias)

    def draw_unit():
        w = _grid(rng.uniform(-a, a, d0), weight_denominator)
        if not bias:
            return w
        # pre-activation · (data_den · weight_den) = Xi · Wi + data_den · bi
        b = _grid(rng.uniform(-a, a, 1), weight_denominator)
        return np.concatenate([w, b])

    ranks, franks = [], []
    redrawn_data = redrawn_units = 0
    bar = _tqdm(trials, f"E.1 n={n} d0={d0} d1={d1}", progress)
    for _ in range(trials):
        Xi, tries = _draw_data(rng.standard_normal, n, d0, data_denominator)
        redrawn_data += tries
        Wb = np.array([draw_unit() for _ in range(d1)], dtype=np.int64).reshape(d1, D)
        Xb = _homogenised(Xi, bias, data_denominator)
        A, Wb, k = _pattern(Xb, Wb, draw_unit)
        redrawn_units += k
        r = _gram_rank(A, Xb)
        if certify:
            _certify_rank(Xi, Wb, A, r, bias, data_denominator, weight_denominator)
        ranks.append(r)
        franks.append(_float_rank(A, Xb, data_denominator, float_dtype) if with_float else None)
        bar.update()
    bar.close()
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


def _certify_rank(Xi, Wb, A, r, bias, dden, wden):
    from exactrelu.landscape.jacobian import activation_matrix, jacobian_rank, verify_jacobian_rank

    X = _fractions(Xi, dden)
    # rows of Wb are wden·(w, b) on the grid; the bias numerator was drawn on the same grid
    W = tuple(tuple(Fraction(int(c), wden) for c in row) for row in Wb.tolist())
    rows = [tuple(int(c) for c in row) for row in A.tolist()]
    if [tuple(p) for p in activation_matrix(X, W, bias=bias)] != rows:
        raise CertificateError(
            "integer activation pattern differs from exactrelu.landscape.jacobian.activation_matrix"
        )
    cert = jacobian_rank(X, rows, None, bias=bias, with_float=False)
    if cert.rank != r or not verify_jacobian_rank(X, rows, None, cert, bias=bias):
        raise CertificateError(f"Gram-matrix rank {r} but certified Jacobian rank {cert.rank}")


# ----------------------------------------------------------------------------
# E.2: regions with a zero-loss global minimiser
# ----------------------------------------------------------------------------


def _labels(kind, rng, Xi, d1, bias, dden, wden):
    """Exact labels (tuple of Fraction) of the given type on the grid data Xi (numerators / dden)."""
    n, d0 = Xi.shape
    if kind == "random":
        return tuple(Fraction(int(a), dden) for a in _grid(rng.uniform(-1, 1, n), dden))
    if kind == "polynomial":
        # all monomials of degree <= 2 in d0 variables, coefficients U[-1, 1] on the data grid
        monos = [()] + [(k,) for k in range(d0)] + [(k, l) for k in range(d0) for l in range(k, d0)]
        coef = [Fraction(int(c), dden) for c in _grid(rng.uniform(-1, 1, len(monos)), dden)]
        X = _fractions(Xi, dden)
        return tuple(
            sum(c * math.prod((x[k] for k in m), start=Fraction(1)) for c, m in zip(coef, monos)) for x in X
        )
    if kind == "teacher":
        a = math.sqrt(6.0 / d0)
        D = d0 + int(bias)
        Wt = _grid(rng.uniform(-a, a, (d1, D)), wden)
        Xb = _homogenised(Xi, bias, dden)
        P = _int_matmul(Wt, Xb.T)  # exact, scaled by dden·wden
        v = np.array([1 if i % 2 == 0 else -1 for i in range(d1)], dtype=object)
        out = (v[:, None] * np.maximum(np.array(P, dtype=object), 0)).sum(axis=0)
        return tuple(Fraction(int(o), dden * wden) for o in out)
    raise InvalidDataError(f"labels must be one of {LABEL_TYPES}, got {kind!r}")


@dataclass(frozen=True)
class GlobalMinimumResult:
    """Outcome of :func:`global_minimum_fraction` for one (n, d_1, labels).

    Attributes
    ----------
    feasible : int
        Sampled regions S_A containing a zero-loss point (decided exactly, with an
        exact witness or Farkas vector).
    complete : int or None
        Regions whose (A, v) is complete (proof of Theorem 12; d_0 = 1 with bias
        only, else None).
    complete_infeasible : int
        Complete but without a zero-loss point; Lemma 15 says this never happens.
    feasible_incomplete : int
        Zero-loss point although (A, v) is not complete (completeness is sufficient,
        not necessary).
    surjective : int
        Regions with rank J = n (exact); a zero-loss point for generic labels needs it.
    feasible_not_surjective : int
        Zero-loss point although rank J < n (y happens to lie in the image of J).
    verified : int
        Certificates re-checked with :meth:`RegionInterpolation.verify` (a failure raises).
    methods : dict
        Route that produced each answer (``'float+exact solve'`` = HiGHS proposal
        repaired exactly; ``'float'`` / ``'cdd'`` / ``'trivial'`` =
        :func:`exactrelu.exact.lp.cone_feasibility` routes) -> count.
    method_seconds : dict
        Total time of ``interpolate_in_region`` per final route.
    lp : dict
        Change of :data:`exactrelu.exact.lp.STATS` during the call (cone_feasibility
        routes, fallbacks and their reasons, seconds in the float and cdd routes).
    seconds_solve, seconds_verify, seconds : float
    """

    n: int
    d0: int
    d1: int
    labels: str
    regions: str
    bias: bool
    seed: int
    trials: int
    fixed_data: bool
    feasible: int
    complete: int | None
    complete_infeasible: int
    feasible_incomplete: int
    surjective: int
    feasible_not_surjective: int
    verified: int
    feasible_flags: tuple = field(repr=False, default=())
    complete_flags: tuple = field(repr=False, default=())
    methods: dict = field(default_factory=dict)
    method_seconds: dict = field(default_factory=dict)
    lp: dict = field(repr=False, default_factory=dict)
    resampled_data: int = 0
    resampled_units: int = 0
    seconds_solve: float = 0.0
    seconds_verify: float = 0.0
    seconds: float = 0.0

    @property
    def fraction(self):
        """Exact feasible count / trials."""
        return self.feasible / self.trials

    @property
    def complete_fraction(self):
        return None if self.complete is None else self.complete / self.trials

    def to_dict(self):
        d = asdict(self)
        d.update(
            kind="global_minimum",
            fraction=self.fraction,
            complete_fraction=self.complete_fraction,
            feasible_flags=list(self.feasible_flags),
            complete_flags=list(self.complete_flags),
        )
        return d


def global_minimum_fraction(
    n,
    d1,
    trials=140,
    seed=0,
    labels="random",
    d0=1,
    *,
    bias=True,
    regions="init",
    fixed_data=False,
    verify=1,
    data_denominator=DATA_DENOMINATOR,
    weight_denominator=WEIGHT_DENOMINATOR,
    progress=False,
):
    """Fraction of sampled activation regions that contain a zero-loss global minimiser (Figure 6).

    Appendix E.2 of Karhadkar et al.: X uniform on [-1, 1]^{d_0}; labels

    * ``'random'``: y_j iid U[-1, 1];
    * ``'polynomial'``: a degree-2 polynomial with coefficients iid U[-1, 1] (all
      monomials of degree <= 2), evaluated exactly at the data;
    * ``'teacher'``: a network of the same architecture (d_1 units, bias,
      output weights 1, -1, 1, ...), initialised like the student, evaluated exactly;

    student weights and biases iid uniform on [-√(6/fan_in), √(6/fan_in)]
    (He-uniform) with fan_in = d_0, output weights v = (1, -1, 1, -1, ...);
    A is the activation matrix of the student on X.  The paper then solves the
    quadratic program min ½|Jθ - y|² subject to θ ∈ S_A (closed) numerically; here
    :func:`exactrelu.landscape.interpolation.interpolate_in_region` decides *exactly* whether
    J θ = y has a solution in the *open* region S_A, and proves the answer.

    Parameters
    ----------
    n, d1 : int
        Dataset size and width.
    trials : int
        Sampled regions (the paper uses 140 for d_0 = 1).
    seed : int
    labels : {'random', 'polynomial', 'teacher'}
    d0 : int
        Input dimension (completeness is only defined for d_0 = 1 with bias).
    bias : bool
    regions : {'init', 'uniform'}
        ``'init'`` (the paper): A is the pattern of the He-uniform student.
        ``'uniform'``: A has iid rows uniform on the 2n step vectors, i.e. a
        uniformly random non-empty region (Lemma 9) — the counting measure of
        Theorems 10 and 12 (d_0 = 1 with bias only).
    fixed_data : bool
        ``False`` (E.2's text, "we generate a new dataset X, y for each experiment
        trial"): fresh (X, y) per trial.  ``True`` (Figure 6's caption, "the target
        data is the same for each random network initialization for the same
        combination of n and d_1"): one (X, y) per cell.
    verify : int
        Re-check the certificate of every ``verify``-th trial exactly
        (:meth:`~exactrelu.landscape.interpolation.RegionInterpolation.verify`); 0 = never.
        A failed check raises :class:`~exactrelu.exact.errors.CertificateError`.
    progress : bool
        tqdm bar over the trials.

    Returns
    -------
    GlobalMinimumResult

    Notes
    -----
    * The fan_in convention does not matter for d_0 = 1 or any d_0: weights and
      biases are drawn from the *same* interval, and the pattern of a unit depends
      only on the direction of (w_i, b_i), which a common scale does not change.
      (PyTorch's ``kaiming_uniform_`` uses fan_in = d_0, the weight's input size.)
    * Under ``'init'`` the regions are far from uniform: for d_0 = 1 the threshold
      -b_i / w_i of a unit lies outside [-1, 1] with probability 1/2, so constant
      rows (all active / all inactive) are over-represented and completeness is
      rare, while Theorem 12 counts every non-empty region once.
    * Complete ⇒ feasible (Lemma 15, for distinct 1-D data): ``complete_infeasible``
      must be 0.

    Examples
    --------
    >>> r = global_minimum_fraction(3, 6, trials=4, seed=1)
    >>> r.trials, 0 <= r.fraction <= 1, r.complete_infeasible, r.verified
    (4, True, 0, 4)
    """
    from exactrelu.exact import lp as _lp
    from exactrelu.landscape.interpolation import interpolate_in_region
    from exactrelu.landscape.step_vectors import is_complete, random_step_matrix

    _check_sizes(n=n, d1=d1, d0=d0, trials=trials)
    if labels not in LABEL_TYPES:
        raise InvalidDataError(f"labels must be one of {LABEL_TYPES}, got {labels!r}")
    if regions not in ("init", "uniform"):
        raise InvalidDataError(f"regions must be 'init' or 'uniform', got {regions!r}")
    one_d = d0 == 1 and bias
    if regions == "uniform" and not one_d:
        raise InvalidDataError("regions='uniform' samples step-vector rows: it needs d0 = 1 and bias=True")
    if not isinstance(verify, int) or verify < 0:
        raise InvalidDataError(
            f"verify must be a non-negative integer (check every verify-th trial), got {verify!r}"
        )
    t_start = time.perf_counter()
    rng = _rng(
        seed,
        _EXPERIMENT_TAG["global_minimum"],
        n,
        d0,
        d1,
        int(bias),
        LABEL_TYPES.index(labels),
        int(regions == "uniform"),
        int(fixed_data),
    )
    a = math.sqrt(6.0 / d0)
    D = d0 + int(bias)
    v = tuple(1 if i % 2 == 0 else -1 for i in range(d1))

    def draw_unit():
        return _grid(rng.uniform(-a, a, D), weight_denominator)

    def draw_dataset():
        Xi, tries = _draw_data(lambda shape: rng.uniform(-1, 1, shape), n, d0, data_denominator)
        y = _labels(labels, rng, Xi, d1, bias, data_denominator, weight_denominator)
        return Xi, y, tries

    stats0 = _lp.lp_stats()
    data = draw_dataset() if fixed_data else None
    feas, comp, methods, msec = [], [], {}, {}
    surj = feas_not_surj = verified = redrawn_data = redrawn_units = 0
    t_solve = t_verify = 0.0
    bar = _tqdm(trials, f"E.2 n={n} d1={d1} {labels}", progress)
    for trial in range(trials):
        Xi, y, tries = data if fixed_data else draw_dataset()
        redrawn_data += tries if (not fixed_data or trial == 0) else 0
        Xb = _homogenised(Xi, bias, data_denominator)
        if regions == "init":
            Wb = np.array([draw_unit() for _ in range(d1)], dtype=np.int64).reshape(d1, D)
            A, _, k = _pattern(Xb, Wb, draw_unit)
            redrawn_units += k
            rows = [tuple(int(c) for c in r) for r in A.tolist()]
        else:
            order = sorted(range(n), key=lambda j: int(Xi[j, 0]))
            Xi, y = Xi[order], tuple(y[j] for j in order)
            Xb = _homogenised(Xi, bias, data_denominator)
            rows = random_step_matrix(n, d1, random.Random(int(rng.integers(2**63))))
            A = np.array(rows, dtype=np.int64)
        X = _fractions(Xi, data_denominator)
        t0 = time.perf_counter()
        res = interpolate_in_region(X, rows, v, y, bias=bias)
        dt = time.perf_counter() - t0
        t_solve += dt
        methods[res.method] = methods.get(res.method, 0) + 1
        msec[res.method] = msec.get(res.method, 0.0) + dt
        if verify and trial % verify == 0:
            t0 = time.perf_counter()
            ok = res.verify()
            t_verify += time.perf_counter() - t0
            if not ok:
                raise CertificateError(
                    f"interpolate_in_region certificate failed its exact check "
                    f"(n={n}, d1={d1}, labels={labels}, trial {trial})"
                )
            verified += 1
        onto = _gram_rank(A, Xb) == n
        surj += onto
        feas_not_surj += bool(res.feasible) and not onto
        feas.append(bool(res.feasible))
        if one_d:
            comp.append(is_complete(rows, v, [x[0] for x in X]))
        bar.update()
    bar.close()
    stats1 = _lp.lp_stats()
    lp_delta = {
        k: stats1[k] - stats0[k]
        for k in stats1
        if isinstance(stats1[k], (int, float)) and k != "fallback_rate"
    }
    lp_delta["fallback_reasons"] = {
        k: c - stats0["fallback_reasons"].get(k, 0)
        for k, c in stats1["fallback_reasons"].items()
        if c - stats0["fallback_reasons"].get(k, 0)
    }
    return GlobalMinimumResult(
        n=n,
        d0=d0,
        d1=d1,
        labels=labels,
        regions=regions,
        bias=bool(bias),
        seed=int(seed),
        trials=trials,
        fixed_data=bool(fixed_data),
        feasible=sum(feas),
        complete=sum(comp) if one_d else None,
        complete_infeasible=sum(c and not f for c, f in zip(comp, feas)),
        feasible_incomplete=sum(f and not c for c, f in zip(comp, feas)),
        surjective=surj,
        feasible_not_surjective=feas_not_surj,
        verified=verified,
        feasible_flags=tuple(feas),
        complete_flags=tuple(comp),
        methods=methods,
        method_seconds=msec,
        lp=lp_delta,
        resampled_data=redrawn_data,
        resampled_units=redrawn_units,
        seconds_solve=t_solve,
        seconds_verify=t_verify,
        seconds=time.perf_counter() - t_start,
    )


# ----------------------------------------------------------------------------
# the theorems' widths and exact region fractions
# ----------------------------------------------------------------------------


def _check_eps(n, eps):
    # n may be real here (a continuous line in a plot)
    if isinstance(n, bool) or not isinstance(n, (int, float, Fraction, np.integer, np.floating)) or not n > 0:
        raise InvalidDataError(f"n must be a positive number, got {n!r}")
    if not 0 < eps < 1:
        raise InvalidDataError(f"eps must lie in (0, 1), got {eps!r}")


def theorem10_width(n, eps):
    """2n log(n/ε): Theorem 10's width (d_0 = 1 with bias) for all but an ε fraction of full-rank regions.

    From Lemma 11 (coupon collector: d >= (1/δ) log(n/ε) draws with
    P(C = k) >= δ cover [n] with probability >= 1 - ε) with δ = 1/(2n).  The
    OCR of the statement in our copy of the paper is garbled; this is the width
    the proof in Appendix C produces.

    >>> round(theorem10_width(4, 0.1), 3)
    29.511
    """
    _check_eps(n, eps)
    return 2 * n * math.log(n / eps)


def theorem12_units(n, eps):
    """2n log(2n/ε): units needed *of each sign* of v in Theorem 12's proof.

    The proof of Theorem 12 (Appendix C) applies Lemma 11 with δ = 1/(2n) and
    failure probability ε/2 separately to the units with v_i > 0 and with
    v_i < 0 and takes a union bound, so it needs |{i : v_i > 0}|,
    |{i : v_i < 0}| >= 2n log(n/(ε/2)) = 2n log(2n/ε).  (The statement in our
    OCR copy reads "2n log(2...)" with the fraction lost; the proof fixes it.)

    >>> round(theorem12_units(4, 0.1), 3)
    35.056
    """
    _check_eps(n, eps)
    return 2 * n * math.log(2 * n / eps)


def theorem12_width(n, eps):
    """4n log(2n/ε): the dashed line of Figure 6 (ε = 0.1 there).

    This is 2 · :func:`theorem12_units`, i.e. Theorem 12's condition on each
    sign summed over both, which is the theorem's condition exactly when d_1 is
    even and v alternates (d_+ = d_- = d_1/2).  For odd d_1 (d_- = (d_1-1)/2)
    the theorem needs d_1 >= 2⌈2n log(2n/ε)⌉ + 1, at most two more units.  The
    theorem is a *sufficient* condition on the *fraction of all non-empty
    regions* (uniform counting measure) that are *complete*; the experiment
    samples regions by initialisation and records the weaker property "contains
    a global minimiser", so its 90% level need not follow this line.

    >>> round(theorem12_width(8, 0.1), 2)
    162.41
    """
    return 2 * theorem12_units(n, eps)


def rank_width(n, d0, bias=True):
    """Smallest d_1 with d_1 (d_0 + bias) >= n: below it rank J = n is impossible (parameter count).

    >>> rank_width(60, 5), rank_width(60, 5, bias=False)
    (10, 12)
    """
    _check_sizes(n=n, d0=d0)
    return -(-n // (d0 + int(bias)))


def diverse_probability(n, d1):
    """Exact fraction of the (2n)^{d_1} non-empty regions (d_0 = 1, bias) whose A is diverse.

    Rows iid uniform on the 2n step vectors (Lemma 9).  A is diverse (proof of
    Theorem 10) iff for every k in [n] a row is ξ^(k,0) or ξ^(k,1) (k >= 2:
    probability 1/n each) or, for k = 1, ξ^(1,1) = 1 (probability 1/(2n)).
    Inclusion–exclusion over the missed coupons:

        Σ_{a∈{0,1}} Σ_{k=0}^{n-1} (-1)^{a+k} C(n-1, k) (1 - a/(2n) - k/n)^{d_1}.

    Diverse ⇒ rank A = n ⇒ the Jacobian has rank n, so this is a lower bound
    on the fraction of full-rank regions.

    >>> diverse_probability(1, 1), diverse_probability(2, 2)
    (Fraction(1, 2), Fraction(1, 4))
    """
    _check_sizes(n=n, d1=d1)
    return sum(
        (
            (-1) ** (a + k) * math.comb(n - 1, k) * (1 - Fraction(a, 2 * n) - Fraction(k, n)) ** d1
            for a in (0, 1)
            for k in range(n)
        ),
        Fraction(0),
    )


def _cover(n, d):
    """P(d iid draws uniform on 2n coupons hit n given ones) = Σ_k (-1)^k C(n,k) (1 - k/(2n))^d."""
    return sum(
        ((-1) ** k * math.comb(n, k) * (1 - Fraction(k, 2 * n)) ** d for k in range(n + 1)), Fraction(0)
    )


def complete_probability(n, d_plus, d_minus=None):
    """Exact fraction of non-empty regions (d_0 = 1, bias) whose (A, v) is complete.

    d_plus units with v_i > 0 and d_minus with v_i < 0 (default: d_plus); rows
    iid uniform on the 2n step vectors.  (A, v) is complete iff each sign class
    contains all n rows ξ^(1,1), ..., ξ^(n,1), so the fraction is
    cover(d_+) · cover(d_-) with cover(d) = Σ_k (-1)^k C(n,k) (1 - k/(2n))^d.
    Complete ⇒ every y is fitted inside S_A (Lemma 15), so for any labels this
    is a lower bound on the fraction of regions with a zero-loss minimiser.

    >>> complete_probability(1, 1, 1)
    Fraction(1, 4)
    """
    _check_sizes(n=n, d_plus=d_plus)
    d_minus = d_plus if d_minus is None else d_minus
    _check_sizes(d_minus=d_minus)
    return _cover(n, d_plus) * _cover(n, d_minus)


def uniform_width(n, target=0.9, kind="complete", max_width=100_000):
    """Smallest d_1 at which the exact region fraction of ``kind`` reaches ``target`` (d_0 = 1, bias).

    ``kind='complete'``: :func:`complete_probability` with v alternating
    (d_+ = ⌈d_1/2⌉, d_- = ⌊d_1/2⌋) — compare with :func:`theorem12_width` at
    ε = 1 - target.  ``kind='diverse'``: :func:`diverse_probability` — compare
    with :func:`theorem10_width`.  Both fractions increase with d_1.

    >>> uniform_width(2, 0.9), uniform_width(2, 0.9, kind="diverse")     # bounds: 29.5 and 12.0
    (26, 9)
    """
    target = Fraction(target)
    prob = {
        "complete": lambda d: complete_probability(n, (d + 1) // 2, d // 2) if d >= 2 else Fraction(0),
        "diverse": lambda d: diverse_probability(n, d),
    }.get(kind)
    if prob is None:
        raise InvalidDataError(f"kind must be 'complete' or 'diverse', got {kind!r}")
    lo, hi = 1, 2
    while prob(hi) < target:  # exponential search, then bisection (monotone in d_1)
        lo, hi = hi, 2 * hi
        if hi > max_width:
            raise InvalidDataError(f"no width <= {max_width} reaches {target}")
    while lo < hi:
        mid = (lo + hi) // 2
        if prob(mid) >= target:
            hi = mid
        else:
            lo = mid + 1
    return lo


# ----------------------------------------------------------------------------
# sweeps and tables
# ----------------------------------------------------------------------------

_KINDS = {"full_rank": full_rank_fraction, "global_minimum": global_minimum_fraction}


def _run_cell(job):
    kind, kwargs = job
    func = _KINDS[kind] if isinstance(kind, str) else kind
    return func(**kwargs).to_dict()


def sweep(kind, cells, *, jobs=1, progress=False, **common):
    """Run one experiment on many cells; returns a table (list of dicts, one per cell, in order).

    Parameters
    ----------
    kind : {'full_rank', 'global_minimum'} or callable
        :func:`full_rank_fraction`, :func:`global_minimum_fraction`, or any
        top-level function returning an object with ``to_dict()``.
    cells : iterable of dict
        Keyword arguments per cell (e.g. ``{'n': 10, 'd0': 2, 'd1': 5}``).
    jobs : int
        Worker processes (``concurrent.futures.ProcessPoolExecutor``); results
        do not depend on it (every cell seeds its own stream).
    progress : bool
        tqdm bar over the cells.
    **common
        Keyword arguments for every cell (``trials``, ``seed``, ...).

    >>> rows = sweep("full_rank", [{"n": 4, "d0": 1, "d1": 1}, {"n": 4, "d0": 1, "d1": 8}], trials=3)
    >>> [r["d1"] for r in rows], rows[0]["fraction"]
    ([1, 8], 0.0)
    """
    if isinstance(kind, str) and kind not in _KINDS:
        raise InvalidDataError(f"kind must be one of {sorted(_KINDS)} or a function, got {kind!r}")
    job_list = [(kind, {**common, **cell}) for cell in cells]
    bar = _tqdm(len(job_list), f"{kind if isinstance(kind, str) else kind.__name__} sweep", progress)
    out = []
    if jobs <= 1 or len(job_list) <= 1:
        for job in job_list:
            out.append(_run_cell(job))
            bar.update()
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for row in pool.map(_run_cell, job_list, chunksize=1):
                out.append(row)
                bar.update()
    bar.close()
    return out


def full_rank_sweep(
    ns, d1s, d0s=(1,), *, d0_of_n=None, trials=100, seed=0, bias=True, jobs=1, progress=False, **kw
):
    """:func:`full_rank_fraction` on the grid ns x d0s x d1s (Figure 2), or d_0 = d0_of_n(n) (Figure 3).

    ``d1s`` is a list or a function (n, d_0) -> list.  ``d0_of_n`` replaces
    ``d0s``; each row then also carries ``d0_rule`` = ``d0_of_n.__name__``
    (or the string given, for 'n' and 'n/2').

    >>> rows = full_rank_sweep([4], [1, 4], d0s=[1], trials=2)
    >>> [(r["n"], r["d0"], r["d1"]) for r in rows]
    [(4, 1, 1), (4, 1, 4)]
    """
    rule = None
    if d0_of_n is not None:
        if isinstance(d0_of_n, str):
            rules = {"n": lambda n: n, "n/2": lambda n: max(1, n // 2)}
            if d0_of_n not in rules:
                raise InvalidDataError(f"d0_of_n must be a function, 'n' or 'n/2', got {d0_of_n!r}")
            rule, d0_of_n = d0_of_n, rules[d0_of_n]
        else:
            rule = getattr(d0_of_n, "__name__", "d0(n)")
    cells = []
    for n in ns:
        for d0 in [d0_of_n(n)] if d0_of_n else d0s:
            for d1 in d1s(n, d0) if callable(d1s) else d1s:
                cells.append({"n": n, "d0": d0, "d1": d1})
    rows = sweep("full_rank", cells, jobs=jobs, progress=progress, trials=trials, seed=seed, bias=bias, **kw)
    if rule:
        for r in rows:
            r["d0_rule"] = rule
    return rows


def global_minimum_sweep(
    ns, d1s, labels=LABEL_TYPES, *, d0=1, trials=140, seed=0, jobs=1, progress=False, **kw
):
    """:func:`global_minimum_fraction` on the grid labels x ns x d1s (Figure 6).

    ``d1s`` is a list or a function n -> list.

    >>> rows = global_minimum_sweep([2], [2], labels=["random"], trials=2)
    >>> rows[0]["labels"], rows[0]["trials"]
    ('random', 2)
    """
    labels = [labels] if isinstance(labels, str) else list(labels)
    cells = [
        {"n": n, "d1": d1, "labels": lab, "d0": d0}
        for lab in labels
        for n in ns
        for d1 in (d1s(n) if callable(d1s) else d1s)
    ]
    return sweep("global_minimum", cells, jobs=jobs, progress=progress, trials=trials, seed=seed, **kw)


def transition_table(table, threshold=0.9, *, by=("n", "d0"), value="fraction", width="d1"):
    """For each group (default (n, d_0)), the smallest width whose ``value`` is >= ``threshold``.

    Returns a list of dicts {**group, 'd1_at_threshold': int or None,
    'd1_stable': smallest width from which *every* sampled width is >= threshold
    (None if the largest is not), 'largest_below': width of the largest cell
    still below threshold (sampling noise shows up as d1_stable > d1_at_threshold)}.

    >>> t = [{"n": 4, "d0": 1, "d1": w, "fraction": f} for w, f in [(1, 0.0), (2, 0.95), (3, 0.8), (4, 1.0)]]
    >>> transition_table(t)
    [{'n': 4, 'd0': 1, 'd1_at_threshold': 2, 'd1_stable': 4, 'largest_below': 3}]
    """
    groups = {}
    for row in table:
        groups.setdefault(tuple(row[k] for k in by), []).append(row)
    out = []
    for key, rows in groups.items():
        rows = sorted(rows, key=lambda r: r[width])
        hit = [r[width] for r in rows if r[value] is not None and r[value] >= threshold]
        below = [r[width] for r in rows if r[value] is None or r[value] < threshold]
        stable = None
        for r in reversed(rows):
            if r[value] is None or r[value] < threshold:
                break
            stable = r[width]
        out.append(
            {
                **dict(zip(by, key)),
                "d1_at_threshold": hit[0] if hit else None,
                "d1_stable": stable,
                "largest_below": below[-1] if below else None,
            }
        )
    return out


def _jsonable(x):
    if isinstance(x, Fraction):
        return str(x) if x.denominator != 1 else int(x)
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if hasattr(x, "to_dict"):
        return _jsonable(x.to_dict())
    return x


def to_json(table, path=None, *, indent=1):
    """JSON text of a table (or result); written to ``path`` if given.  Fractions become strings.

    >>> to_json([{"n": 2, "p": Fraction(1, 3)}], indent=None)
    '[{"n": 2, "p": "1/3"}]'
    """
    text = json.dumps(_jsonable(table), indent=indent)
    if path is not None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return text
