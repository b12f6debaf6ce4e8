"""Appendix E.2 with exact decisions: how often a random activation region holds a zero-loss minimum.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 7 (Figure 6) and Appendix E.2.  The paper samples
activation regions of a two-layer network F(W, x) = vᵀσ(W x̄) from a random
initialisation and records, by a numerical quadratic program, whether the sampled region
S_A contains a zero-loss global minimiser of the square loss for labels y.
:func:`global_minimum_fraction` decides this *exactly* with
:func:`exactrelu.landscape.interpolation.interpolate_in_region`, which returns an exact
interpolating W in the open region or a Farkas vector proving there is none.

Data, labels and weights are drawn as floats and rounded to a dyadic grid
(:mod:`exactrelu.landscape.sampling`); labels of the polynomial and teacher types are then
evaluated in exact rational arithmetic.  No float ever decides an answer; floats are only
proposed (HiGHS inside ``interpolate_in_region``).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.exact import lp
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.progress import progress_bar
from exactrelu.landscape.interpolation import interpolate_in_region
from exactrelu.landscape.sampling import (
    DATA_DENOMINATOR,
    WEIGHT_DENOMINATOR,
    activations_off_boundary,
    draw_distinct_points,
    experiment_rng,
    gram_rank,
    grid_fractions,
    homogenised_numerators,
    integer_matmul,
    require_positive_ints,
    to_grid,
)
from exactrelu.landscape.step_vectors import is_complete, random_step_matrix

__all__ = ["LABEL_TYPES", "GlobalMinimumResult", "global_minimum_fraction"]

LABEL_TYPES = ("random", "polynomial", "teacher")
"""The label types of Appendix E.2."""

_EXPERIMENT_TAG = 2  # the first key of the cell's random stream (Appendix E.1 uses 1)


def _draw_labels(
    kind: str, rng: np.random.Generator, Xi: np.ndarray, d1: int, bias: bool, dden: int, wden: int
) -> tuple[Fraction, ...]:
    """Exact labels (tuple of Fraction) of the given type on the grid data Xi (numerators / dden)."""
    n, d0 = Xi.shape
    if kind == "random":
        return tuple(Fraction(int(a), dden) for a in to_grid(rng.uniform(-1, 1, n), dden))
    if kind == "polynomial":
        # all monomials of degree <= 2 in d0 variables, coefficients U[-1, 1] on the data grid
        monos = [()] + [(k,) for k in range(d0)] + [(k, l) for k in range(d0) for l in range(k, d0)]
        coef = [Fraction(int(c), dden) for c in to_grid(rng.uniform(-1, 1, len(monos)), dden)]
        X = grid_fractions(Xi, dden)
        return tuple(
            sum(
                (c * math.prod((x[k] for k in m), start=Fraction(1)) for c, m in zip(coef, monos)),
                Fraction(0),
            )
            for x in X
        )
    if kind == "teacher":
        a = math.sqrt(6.0 / d0)
        D = d0 + int(bias)
        Wt = to_grid(rng.uniform(-a, a, (d1, D)), wden)
        Xb = homogenised_numerators(Xi, bias, dden)
        P = integer_matmul(Wt, Xb.T)  # exact, scaled by dden·wden
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
        Regions whose (A, v) is complete (proof of Karhadkar et al. 2023, Theorem 12;
        d_0 = 1 with bias only, else None).
    complete_infeasible : int
        Complete but without a zero-loss point; Karhadkar et al. 2023, Lemma 15 says this
        never happens.
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
    feasible_flags: tuple[bool, ...] = field(repr=False, default=())
    complete_flags: tuple[bool, ...] = field(repr=False, default=())
    methods: dict[str, int] = field(default_factory=dict)
    method_seconds: dict[str, float] = field(default_factory=dict)
    lp: dict[str, Any] = field(repr=False, default_factory=dict)
    resampled_data: int = 0
    resampled_units: int = 0
    seconds_solve: float = 0.0
    seconds_verify: float = 0.0
    seconds: float = 0.0

    @property
    def fraction(self) -> float:
        """Exact feasible count / trials."""
        return self.feasible / self.trials

    @property
    def complete_fraction(self) -> float | None:
        """Complete count / trials (None unless d_0 = 1 with bias)."""
        return None if self.complete is None else self.complete / self.trials

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                **asdict(self),
                "kind": "global_minimum",
                "fraction": self.fraction,
                "complete_fraction": self.complete_fraction,
            }
        )


def global_minimum_fraction(
    n: int,
    d1: int,
    trials: int = 140,
    seed: int = 0,
    labels: str = "random",
    d0: int = 1,
    *,
    bias: bool = True,
    regions: str = "init",
    fixed_data: bool = False,
    verify: int = 1,
    data_denominator: int = DATA_DENOMINATOR,
    weight_denominator: int = WEIGHT_DENOMINATOR,
    progress: bool = False,
) -> GlobalMinimumResult:
    """Fraction of sampled activation regions that contain a zero-loss global minimiser (Figure 6).

    Karhadkar et al. 2023, Appendix E.2: X uniform on [-1, 1]^{d_0}; labels

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
    require_positive_ints(n=n, d1=d1, d0=d0, trials=trials)
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
    rng = experiment_rng(
        seed,
        _EXPERIMENT_TAG,
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

    def draw_unit() -> np.ndarray:
        return to_grid(rng.uniform(-a, a, D), weight_denominator)

    def draw_dataset() -> tuple[np.ndarray, tuple[Fraction, ...], int]:
        Xi, tries = draw_distinct_points(lambda shape: rng.uniform(-1, 1, shape), n, d0, data_denominator)
        y = _draw_labels(labels, rng, Xi, d1, bias, data_denominator, weight_denominator)
        return Xi, y, tries

    stats0 = lp.lp_stats()
    data = draw_dataset() if fixed_data else None
    feas: list[bool] = []
    comp: list[bool] = []
    methods: dict[str, int] = {}
    msec: dict[str, float] = {}
    surj = feas_not_surj = verified = redrawn_data = redrawn_units = 0
    t_solve = t_verify = 0.0
    with progress_bar(progress, trials, f"E.2 n={n} d1={d1} {labels}", unit="trial") as bar:
        for trial in range(trials):
            Xi, y, tries = data if data is not None else draw_dataset()
            redrawn_data += tries if (not fixed_data or trial == 0) else 0
            Xb = homogenised_numerators(Xi, bias, data_denominator)
            if regions == "init":
                Wb = np.array([draw_unit() for _ in range(d1)], dtype=np.int64).reshape(d1, D)
                A, _, k = activations_off_boundary(Xb, Wb, draw_unit)
                redrawn_units += k
                rows = [tuple(int(c) for c in r) for r in A.tolist()]
            else:
                order = sorted(range(n), key=lambda j: int(Xi[j, 0]))
                Xi, y = Xi[order], tuple(y[j] for j in order)
                Xb = homogenised_numerators(Xi, bias, data_denominator)
                rows = random_step_matrix(n, d1, random.Random(int(rng.integers(2**63))))
                A = np.array(rows, dtype=np.int64)
            X = grid_fractions(Xi, data_denominator)
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
            onto = gram_rank(A, Xb) == n
            surj += onto
            feas_not_surj += bool(res.feasible) and not onto
            feas.append(bool(res.feasible))
            if one_d:
                comp.append(is_complete(rows, v, [x[0] for x in X]))
            bar.update()
    stats1 = lp.lp_stats()
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
