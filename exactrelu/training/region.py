"""Exact per-region convex problems of a shallow ReLU network (Matena & Raffel 2022, eq. (3)).

A network with m hidden units and *fixed* output weights v ∈ Q^m computes
f(x̄) = Σ_j v_j relu(w_j · x̄), with x̄ = (x, 1) (bias last) or x̄ = x without bias.
On the closed activation region of a pattern A (m × N over {0, 1}, row j the
pattern of unit j) every relu is linear, and the squared loss becomes the convex
quadratic program of Matena & Raffel 2022, eq. (3):

    minimise  Σ_i (Σ_j v_j A_ji (w_j · x̄_i) − y_i)²
    s.t.      (2 A_ji − 1) (w_j · x̄_i) ≥ 0   for all i, j.

With u = (w_1, …, w_m) stacked this is min ‖M u − y‖² s.t. G u ≥ 0.  Its
*value* is the sum of squared residuals; the paper's mean loss, eq. (1), is
value / N.  Both are exposed (``value`` and ``mean_loss``).  The notation follows
our reconstruction of the paper's basic objects (docs/reconstructions.md,
'Matena & Raffel 2022: basic objects and the region problem').

Method (floats only guide, exact arithmetic decides):

1. the feasible set is the polyhedral cone C = C_1 × … × C_m; its extreme rays
   and lineality lines come exactly from cddlib's GMP double description;
2. the fitted values range over the cone K = M(C) = cone(M · ray_k), so the
   optimum is the projection of y onto K: an exact Lawson–Hanson NNLS
   (:func:`exactrelu.exact.nnls.lawson_hanson`), warm-started from scipy's float NNLS;
3. KKT multipliers λ ≥ 0 with Gᵀλ = −2 Mᵀ(y − M u) and λ·(G u) = 0 come from
   a second exact NNLS on the active constraints; they certify optimality, and
   :func:`verify_region_solution` re-checks them independently.

:class:`RegionSolver` keeps the unit cones of one dataset, so that many regions of
the same data (exact ERM, greedy local search) share the double descriptions.  The
closed regions cover parameter space, so the global minimum over all weights is the
least region value over all feasible patterns: :func:`exactrelu.training.erm.exact_erm`.

Examples
--------
>>> s = solve_region([[-1], [0], [1]], (1, 0, 1), (1, 1, 1))
>>> s.value, s.weights, s.fitted
(Fraction(2, 3), ((Fraction(0, 1), Fraction(2, 3)),), (Fraction(2, 3), Fraction(2, 3), Fraction(2, 3)))
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import flint
import numpy as np

from exactrelu.exact.certificates import exact_entries
from exactrelu.exact.errors import CertificateError, SolverError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import from_flint, primitive_vector, to_fmpq
from exactrelu.exact.nnls import float_support, lawson_hanson
from exactrelu.exact.parse import exact_labels, exact_points, exact_vector, pattern_rows
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, PatternLike, VectorLike

__all__ = [
    "RegionSolution",
    "RegionSolver",
    "UnitCone",
    "output_weights",
    "solve_region",
    "unit_cone_rays",
    "verify_region_solution",
]

_ZERO = Fraction(0)


def output_weights(v: NumberLike | VectorLike, units: int) -> tuple[Fraction, ...]:
    """The fixed output weights v of ``units`` hidden units, as exact numbers.

    A single number stands for one unit.

    Raises
    ------
    InvalidDataError
        Not exactly ``units`` numbers, or an entry that is not an exact number.

    Examples
    --------
    >>> output_weights((1, "-1/2"), 2), output_weights(3, 1)
    ((Fraction(1, 1), Fraction(-1, 2)), (Fraction(3, 1),))
    """
    if isinstance(v, (numbers.Number, str)):
        v = (v,)
    return exact_vector(v, units, name=f"output weights v (one per unit, m = {units})")


# ----------------------------------------------------------------------------
# the region problem
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionSolution:
    """An exact, certified optimum of the region problem (Matena & Raffel 2022, eq. (3)).

    Attributes
    ----------
    patterns : tuple of m tuples over {0, 1}
        Activation pattern of each unit (entry i for data point i).
    v : tuple of Fraction
        Fixed output weights.
    value : Fraction
        Optimal sum of squared residuals Σ_i (f(x_i) − y_i)²; see :attr:`mean_loss`.
    weights : tuple of m tuples of Fraction
        Optimal input weights w_j (bias last when the data were homogenised).
    fitted : tuple of Fraction
        Network outputs f(x_i) at the optimum.
    multipliers : tuple of m tuples of Fraction
        KKT multipliers λ_ji ≥ 0 of the constraints (2 A_ji − 1) w_j · x̄_i ≥ 0: the
        optimality certificate, checked by :func:`verify_region_solution`.
    n_points : int
        Number of data points N.

    Examples
    --------
    One bias-free unit on x = 1 with label −1: the constraint w ≥ 0 is active, and
    its multiplier λ = 2 = −2 Mᵀ(y − M w) proves that w = 0 is optimal.

    >>> s = solve_region([[1]], (-1,), (1,), bias=False)
    >>> s.weights, s.multipliers, s.value
    (((Fraction(0, 1),),), ((Fraction(2, 1),),), Fraction(1, 1))
    >>> s.to_dict()["multipliers"]
    [[2]]
    """

    patterns: tuple[Pattern, ...]
    v: tuple[Fraction, ...]
    value: Fraction
    weights: tuple[tuple[Fraction, ...], ...]
    fitted: tuple[Fraction, ...]
    multipliers: tuple[tuple[Fraction, ...], ...]
    n_points: int

    @property
    def mean_loss(self) -> Fraction:
        """The paper's mean squared loss, eq. (1): value / N."""
        return self.value / self.n_points

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return to_jsonable(
            {
                "patterns": self.patterns,
                "v": self.v,
                "value": self.value,
                "mean_loss": self.mean_loss,
                "weights": self.weights,
                "fitted": self.fitted,
                "multipliers": self.multipliers,
                "n_points": self.n_points,
            }
        )


def unit_cone_rays(xbar: Sequence[Sequence[Fraction]], pattern: Pattern) -> list[tuple[int, ...]]:
    """Generators of the closed cone {w : (2a_i − 1) x̄_i · w ≥ 0} of one unit's pattern a.

    The extreme rays and both directions of each lineality line, as primitive integer
    vectors, from cddlib's exact (GMP) double description.

    >>> unit_cone_rays([(0, 1), (1, 1)], (0, 1))
    [(1, 0), (1, -1)]
    """
    import cdd
    import cdd.gmp

    rows = [[0] + [(2 * a - 1) * c for c in x] for a, x in zip(pattern, xbar)]
    gens = cdd.gmp.copy_generators(
        cdd.gmp.polyhedron_from_matrix(cdd.gmp.matrix_from_array(rows, rep_type=cdd.RepType.INEQUALITY))
    )
    out = []
    for k, row in enumerate(gens.array):
        if row[0] != 0:  # a cone has only the origin as vertex; cdd may list it
            if any(row[1:]):
                raise SolverError(f"cddlib returned the vertex {row[1:]} for a cone")
            continue
        ray = primitive_vector(row[1:])
        out.append(ray)
        if k in gens.lin_set:
            out.append(tuple(-c for c in ray))
    return out


class UnitCone(NamedTuple):
    """The closed cone of one unit's pattern and its image in the space of fitted values.

    ``rays`` are the generators r_k (primitive integer vectors, lines as ± pairs) whose
    image ``images[i][k] = a_i (x̄_i · r_k)`` is not identically 0 (the others cannot
    change the fit); ``float_images`` is the same N × K table in float64, for the
    float NNLS that proposes the support.
    """

    rays: list[tuple[int, ...]]
    images: list[list[Any]]
    float_images: np.ndarray


class RegionSolver:
    """The region problems of one dataset: data, labels and a cache of unit cones.

    Many regions of the same data share their unit patterns (exact ERM, greedy local
    search), so the cddlib double description of each unit cone is computed once.

    Parameters
    ----------
    xbar : N rows of Fractions
        The data as :func:`exactrelu.exact.parse.exact_points` returns them (already
        homogenised when there is a bias).
    y : N Fractions
        The labels (:func:`exactrelu.exact.parse.exact_labels`).

    Examples
    --------
    >>> from exactrelu.exact.parse import exact_labels, exact_points
    >>> solver = RegionSolver(exact_points([[0], [1], [2]]), exact_labels((0, 1, 0), 3))
    >>> solver.solve(((0, 1, 1),), (Fraction(1),)).value
    Fraction(4, 5)
    >>> solver.rays((0, 1, 1))             # w = (a, b): b ≤ 0 ≤ a + b, so the rays are (1, −1) and (1, 0)
    [(1, -1), (1, 0)]
    """

    def __init__(self, xbar: Sequence[Sequence[Fraction]], y: Sequence[Fraction]) -> None:
        self.xbar = tuple(tuple(x) for x in xbar)
        self.y = tuple(y)
        self.X = flint.fmpq_mat(len(xbar), len(xbar[0]), [to_fmpq(c) for x in xbar for c in x])
        self.Xf = np.array([[float(c) for c in x] for x in xbar], dtype=float)
        self._cones: dict[Pattern, UnitCone] = {}
        self._rays: dict[Pattern, list[tuple[int, ...]]] = {}

    def rays(self, pattern: Pattern) -> list[tuple[int, ...]]:
        """All generators of the unit's closed cone (lines as ± pairs), primitive integer vectors."""
        if pattern not in self._rays:
            self._rays[pattern] = unit_cone_rays(self.xbar, pattern)
        return self._rays[pattern]

    def cone(self, pattern: Pattern) -> UnitCone:
        """The unit cone of ``pattern`` with its images (cached)."""
        if pattern not in self._cones:
            self._cones[pattern] = self._images(pattern)
        return self._cones[pattern]

    def _images(self, pattern):
        rays = self.rays(pattern)
        if not rays:
            return UnitCone([], [[] for _ in pattern], np.zeros((len(pattern), 0)))
        R = flint.fmpq_mat(len(rays[0]), len(rays), [r[k] for k in range(len(rays[0])) for r in rays])
        rows = (self.X * R).tolist()
        img = [[q if a else flint.fmpq(0) for q in row] for a, row in zip(pattern, rows)]
        keep = [k for k in range(len(rays)) if any(row[k] for row in img)]
        img = [[row[k] for k in keep] for row in img]
        Rf = np.array([rays[k] for k in keep], dtype=float).reshape(len(keep), len(rays[0]))
        imgf = (self.Xf @ Rf.T) * np.array(pattern, dtype=float)[:, None]
        return UnitCone([rays[k] for k in keep], img, imgf)

    def solve(self, patterns: tuple[Pattern, ...], v: tuple[Fraction, ...]) -> RegionSolution:
        """The verified optimum of the region of ``patterns`` with output weights ``v``.

        ``patterns`` (m tuples of 0/1 ints of length N) and ``v`` (m Fractions) must
        already be parsed; :func:`solve_region` takes raw input.

        Raises
        ------
        CertificateError
            The optimum failed its independent KKT check (a bug).
        """
        weights = _fit_cone(self, patterns, v)
        X, m, y = self.X, len(patterns), self.y
        W = flint.fmpq_mat(m, X.ncols(), [to_fmpq(c) for w in weights for c in w])
        pre = (W * X.transpose()).tolist()
        vq = [to_fmpq(t) for t in v]
        fitted = [
            sum((vq[j] * pre[j][i] for j in range(m) if patterns[j][i]), flint.fmpq(0)) for i in range(len(y))
        ]
        residual = [to_fmpq(t) - f for t, f in zip(y, fitted)]
        solution = RegionSolution(
            patterns=patterns,
            v=v,
            value=from_flint(sum((r * r for r in residual), flint.fmpq(0))),
            weights=weights,
            fitted=tuple(from_flint(f) for f in fitted),
            multipliers=_multipliers(X, patterns, v, pre, residual),
            n_points=len(self.xbar),
        )
        # xbar is already homogenised, hence bias=False: the verifier rebuilds M and G itself
        if not verify_region_solution(self.xbar, y, solution, bias=False):
            raise CertificateError(
                f"region solution for patterns {patterns} failed its KKT check; this is a bug"
            )
        return solution


def _fit_cone(solver, patterns, v):
    """Optimal weights: project y onto K = cone(M · ray) by exact NNLS, map back to u.

    A float NNLS (scipy) proposes the support; the exact Lawson–Hanson iteration
    on flint matrices starts there and decides.
    """
    xbar, y = solver.xbar, solver.y
    owner: list[int] = []
    rays: list[tuple[int, ...]] = []
    rows: list[list[Any]] = [[] for _ in xbar]
    blocks: list[Any] = []
    for j, a in enumerate(patterns):
        unit_rays, img, imgf = solver.cone(a)
        vj = to_fmpq(v[j])
        owner += [j] * len(unit_rays)
        rays += unit_rays
        for row, part in zip(rows, img):
            row += [vj * q for q in part]
        blocks.append(imgf * float(v[j]))
    dim = len(xbar[0])
    weights = [[_ZERO] * dim for _ in patterns]
    if not rays:
        return tuple(tuple(w) for w in weights)
    b = flint.fmpq_mat(len(xbar), 1, [to_fmpq(t) for t in y])
    C = flint.fmpq_mat(len(xbar), len(rays), [q for row in rows for q in row])
    support = float_support(np.hstack(blocks), np.array([float(t) for t in y], dtype=float))
    coeffs = lawson_hanson(C, b, support)
    for c, j, ray in zip(coeffs, owner, rays):
        if c:
            c = from_flint(c)
            weights[j] = [wk + c * rk for wk, rk in zip(weights[j], ray)]
    return tuple(tuple(w) for w in weights)


def _multipliers(X, patterns, v, pre, residual):
    """λ ≥ 0 on active constraints with Gᵀλ = −2Mᵀr; G is block diagonal, so one NNLS per unit.

    ``X`` is the N × D data matrix, ``pre`` the m × N pre-activations and ``residual``
    y − M u, all flint; a tight constraint set spans the stationarity equations
    exactly when KKT holds, so a non-zero NNLS residual means a bug upstream.
    """
    n, out = X.nrows(), []
    for a, vj, row in zip(patterns, v, pre):
        active = [i for i in range(n) if row[i] == 0]
        coef = flint.fmpq_mat(1, n, [-2 * to_fmpq(vj) * residual[i] if a[i] else 0 for i in range(n)])
        rhs = (coef * X).transpose()
        unit = [_ZERO] * n
        if active:
            cols = flint.fmpq_mat(
                X.ncols(), len(active), [(2 * a[i] - 1) * X[i, k] for k in range(X.ncols()) for i in active]
            )
            lam = lawson_hanson(cols, rhs, range(len(active)))
            rhs = rhs - cols * flint.fmpq_mat(len(active), 1, lam)
            for i, li in zip(active, lam):
                unit[i] = from_flint(li)
        if any(rhs[k, 0] for k in range(rhs.nrows())):
            raise CertificateError(
                "no KKT multipliers for the computed optimum (stationarity residual "
                f"{[str(rhs[k, 0]) for k in range(rhs.nrows())]}); this is a bug"
            )
        out.append(tuple(unit))
    return tuple(out)


def solve_region(
    X: MatrixLike,
    y: VectorLike,
    patterns: Sequence[PatternLike] | PatternLike,
    v: VectorLike | NumberLike = (1,),
    *,
    bias: bool = True,
) -> RegionSolution:
    """Exact optimum of the convex problem of one closed activation region (Matena & Raffel 2022, eq. (3)).

    minimise Σ_i (Σ_j v_j A_ji (w_j · x̄_i) − y_i)² subject to (2 A_ji − 1)(w_j · x̄_i) ≥ 0.

    Parameters
    ----------
    X : table of N points in Q^d
        Data (any format of :func:`exactrelu.exact.parse.exact_matrix`).
    y : sequence of N numbers
        Labels.
    patterns : m × N table over {0, 1}, or one 0/1 sequence when m = 1
        Activation pattern A of each unit (0/1 sequences or bit strings such as
        ``"101"``).  Any pattern is allowed: the closed region always contains
        w = 0, even when its interior is empty.
    v : sequence of m numbers
        Fixed output weights (default one unit with v = 1).
    bias : bool
        Homogenise x̄_i = (x_i, 1) (bias last); otherwise x̄_i = x_i.

    Returns
    -------
    RegionSolution
        ``value`` is the sum of squared residuals, ``mean_loss`` = value / N (the
        paper's eq. (1)); ``multipliers`` certify optimality.

    Raises
    ------
    InvalidDataError
        Wrong lengths of y, patterns or v, or a pattern entry other than 0/1.
    CertificateError
        The computed optimum failed its independent KKT check (a bug).

    Examples
    --------
    Three collinear points with a single unit active on all of them: the best
    affine fit of y = (1, 3, 1) along the line is constant 5/3.

    >>> s = solve_region([[-1, 0], [0, 0], [1, 0]], (1, 3, 1), (1, 1, 1))
    >>> s.value, s.mean_loss, s.fitted
    (Fraction(8, 3), Fraction(8, 9), (Fraction(5, 3), Fraction(5, 3), Fraction(5, 3)))
    >>> verify_region_solution([[-1, 0], [0, 0], [1, 0]], (1, 3, 1), s)
    True
    """
    xbar = exact_points(X, bias=bias)
    labels = exact_labels(y, len(xbar))
    rows = pattern_rows(patterns, len(xbar))
    return RegionSolver(xbar, labels).solve(rows, output_weights(v, len(rows)))


# ----------------------------------------------------------------------------
# independent verifier
# ----------------------------------------------------------------------------


def _exact_table(rows):
    return [exact_entries(r) for r in rows]


def verify_region_solution(
    X: MatrixLike, y: VectorLike, solution: RegionSolution, *, bias: bool = True
) -> bool:
    """Independently check a :class:`RegionSolution` by its KKT conditions, exactly.

    M and G are rebuilt from the data; the checks are: G u ≥ 0 (feasible), λ ≥ 0,
    Gᵀλ = −2 Mᵀ(y − M u) (stationary), λ_t (G u)_t = 0 (complementary), fitted = M u
    and value = ‖y − M u‖².  The problem is convex, so these prove optimality.

    Parameters
    ----------
    X, y, bias
        As for :func:`solve_region`.
    solution : RegionSolution
        The certificate to check.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        A float (or other inexact number) inside the certificate: it is refused,
        not rounded.

    Examples
    --------
    >>> s = solve_region([[0], [0]], (0, 1), (1, 1))
    >>> s.value, verify_region_solution([[0], [0]], (0, 1), s)
    (Fraction(1, 2), True)
    """
    rows = exact_points(X, bias=bias)
    yq = exact_vector(y, name="labels y")
    A, v, lam = _exact_table(solution.patterns), exact_entries(solution.v), _exact_table(solution.multipliers)
    W, fitted = _exact_table(solution.weights), exact_entries(solution.fitted)
    value = exact_entries([solution.value])[0]
    n, m, dim = len(rows), len(A), len(rows[0])
    shapes = [
        len(yq) == n == solution.n_points == len(fitted),
        len(v) == len(W) == len(lam) == m,
        all(len(a) == n and set(a) <= {0, 1} for a in A),
        all(len(w) == dim for w in W),
        all(len(t) == n for t in lam),
    ]
    if not all(shapes):
        return False
    # matrix products in flint (exact); everything else is a direct reading of the KKT conditions
    q = [[to_fmpq(c) for c in row] for row in rows]
    Xt = flint.fmpq_mat(dim, n, [q[i][k] for k in range(dim) for i in range(n)])
    pre = (flint.fmpq_mat(m, dim, [to_fmpq(c) for w in W for c in w]) * Xt).tolist()  # w_j · x̄_i
    out = [sum((to_fmpq(v[j]) * pre[j][i] for j in range(m) if A[j][i]), flint.fmpq(0)) for i in range(n)]
    r = [to_fmpq(yq[i]) - out[i] for i in range(n)]
    for j in range(m):
        s = [2 * a - 1 for a in A[j]]
        if any(s[i] * pre[j][i] < 0 or lam[j][i] < 0 or (lam[j][i] and pre[j][i]) for i in range(n)):
            return False
        # Gᵀλ = −2 Mᵀ r, block j: Σ_i (λ_ji s_ji + 2 v_j A_ji r_i) x̄_i = 0
        c = [to_fmpq(lam[j][i]) * s[i] + 2 * to_fmpq(v[j]) * A[j][i] * r[i] for i in range(n)]
        if any(Xt * flint.fmpq_mat(n, 1, c)):
            return False
    fitted_now = [from_flint(t) for t in out]
    res = [from_flint(t) for t in r]
    return fitted_now == fitted and value == sum(t * t for t in res)
