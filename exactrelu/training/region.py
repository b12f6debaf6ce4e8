"""Exact per-region convex problems of a shallow ReLU network, and the exact global minimum.

A network with m hidden units and *fixed* output weights v ∈ Q^m computes
f(x̄) = Σ_j v_j relu(w_j · x̄), with x̄ = (x, 1) (bias last) or x̄ = x without bias.
On the closed activation region of a pattern A (m × N over {0, 1}, row j the
pattern of unit j) every relu is linear, and the squared loss becomes the convex
quadratic program of Matena & Raffel 2022, eq. (3):

    minimise  Σ_i (Σ_j v_j A_ji (w_j · x̄_i) − y_i)²
    s.t.      (2 A_ji − 1) (w_j · x̄_i) ≥ 0   for all i, j.

With u = (w_1, …, w_m) stacked this is min ‖M u − y‖² s.t. G u ≥ 0.  Its
*value* is the sum of squared residuals; the paper's mean loss, eq. (1), is
value / N.  Both are exposed (``value`` and ``mean_loss``).

Method (floats only guide, exact arithmetic decides):

1. the feasible set is the polyhedral cone C = C_1 × … × C_m; its extreme rays
   and lineality lines come exactly from cddlib's GMP double description;
2. the fitted values range over the cone K = M(C) = cone(M · ray_k), so the
   optimum is the projection of y onto K: an exact Lawson–Hanson NNLS
   (:func:`exactrelu.exact.nnls.exact_nnls`), warm-started from scipy's float NNLS;
3. KKT multipliers λ ≥ 0 with Gᵀλ = −2 Mᵀ(y − M u) and λ·(G u) = 0 come from
   a second exact NNLS on the active constraints; they certify optimality, and
   :func:`verify_region_solution` re-checks them independently.

The closed regions cover parameter space, so the global minimum over all weights
(for fixed v, or over output signs with ``v=None``) is the least region value
over all feasible patterns: :func:`global_minimum`.

Examples
--------
>>> s = solve_region([[-1], [0], [1]], (1, 0, 1), (1, 1, 1))
>>> s.value, s.weights, s.fitted
(Fraction(2, 3), ((Fraction(0, 1), Fraction(2, 3)),), (Fraction(2, 3), Fraction(2, 3), Fraction(2, 3)))
>>> global_minimum([[-1], [0], [1]], (1, 0, 1)).value         # one unit: monotone along the line
Fraction(2, 3)
>>> global_minimum([[-1], [0], [1]], (1, 0, 1), v=(1, 1)).value  # relu(-x) + relu(x) = |x|
Fraction(0, 1)
"""

import numbers
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations_with_replacement, product
from math import comb, prod

import flint

from exactrelu.exact import limits
from exactrelu.exact.certificates import exact_entries
from exactrelu.exact.errors import CertificateError, InvalidDataError, SolverError
from exactrelu.exact.linalg import from_flint, primitive_vector, to_fmpq
from exactrelu.exact.nnls import float_support, lawson_hanson
from exactrelu.exact.parse import exact_matrix, homogenise, to_fraction
from exactrelu.geometry.arrangement import HyperplaneArrangement, _progress_bar

__all__ = [
    "GlobalMinimum",
    "RegionSolution",
    "global_minimum",
    "solve_region",
    "verify_region_solution",
]

_ZERO = Fraction(0)


# ----------------------------------------------------------------------------
# input parsing
# ----------------------------------------------------------------------------


def _points(X, bias):
    rows = exact_matrix(X, name="data")
    return homogenise(rows) if bias else rows


def _vector(values, length, name):
    """A 1-D sequence of exact numbers of the given length."""
    if hasattr(values, "tolist") and getattr(values, "ndim", 1) == 1:
        values = values.tolist()
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise InvalidDataError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    if len(values) != length:
        raise InvalidDataError(f"{name} has {len(values)} entries but {length} are needed")
    return tuple(to_fraction(x, where=f"{name}[{i}]") for i, x in enumerate(values))


def _labels(y, n):
    return _vector(y, n, f"labels y (one per data point, N = {n})")


def _patterns(patterns, n):
    """A tuple of m rows over {0, 1}; a flat 0/1 sequence is one unit's pattern."""
    if hasattr(patterns, "tolist"):
        patterns = patterns.tolist()
    if isinstance(patterns, (str, bytes)) or not hasattr(patterns, "__len__") or len(patterns) == 0:
        raise InvalidDataError(
            "patterns must be a non-empty 0/1 sequence or a sequence of them (one per unit)"
        )
    if all(isinstance(a, numbers.Integral) for a in patterns):
        patterns = [patterns]
    rows = []
    for j, row in enumerate(patterns):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
            raise InvalidDataError(f"pattern of unit {j} is {row!r}, not a 0/1 sequence")
        if len(row) != n:
            raise InvalidDataError(f"pattern of unit {j} has length {len(row)} but there are {n} data points")
        if any(isinstance(a, bool) or a not in (0, 1) for a in row):
            raise InvalidDataError(f"pattern of unit {j} must contain only 0 and 1, got {tuple(row)!r}")
        rows.append(tuple(int(a) for a in row))
    return tuple(rows)


def _output_weights(v, m):
    if isinstance(v, (numbers.Number, str)):
        v = (v,)
    try:
        return _vector(v, m, f"output weights v (one per unit, m = {m})")
    except InvalidDataError as exc:
        raise InvalidDataError(f"{exc} (the patterns describe {m} unit(s))") from None


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

    patterns: tuple
    v: tuple
    value: Fraction
    weights: tuple
    fitted: tuple
    multipliers: tuple
    n_points: int

    @property
    def mean_loss(self):
        """The paper's mean squared loss, eq. (1): value / N."""
        return self.value / self.n_points

    def to_dict(self):
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return _jsonable(
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


def _jsonable(obj):
    if isinstance(obj, Fraction):
        return int(obj) if obj.denominator == 1 else str(obj)
    if isinstance(obj, (list, tuple)):
        return [_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): _jsonable(x) for k, x in obj.items()}
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return obj


def _unit_cone(xbar, pattern):
    """Generators of {w : (2a_i − 1) x̄_i · w ≥ 0}: extreme rays, and both directions of each line."""
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


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


class _Cones:
    """Per-dataset cache: pattern ↦ (rays of the unit's cone, their images A ⊙ (X̄ r), the same in float).

    Images with all entries 0 are dropped: such rays cannot change the fit.
    """

    def __init__(self, xbar):
        import numpy as np

        self.xbar = xbar
        self.X = flint.fmpq_mat(len(xbar), len(xbar[0]), [to_fmpq(c) for x in xbar for c in x])
        self.Xf = np.array([[float(c) for c in x] for x in xbar], dtype=float)
        self._cache = {}

        self._rays = {}

    def __call__(self, pattern):
        if pattern not in self._cache:
            self._cache[pattern] = self._images(pattern)
        return self._cache[pattern]

    def rays(self, pattern):
        """All generators of the unit's closed cone (lines as ± pairs), primitive integer vectors."""
        if pattern not in self._rays:
            self._rays[pattern] = _unit_cone(self.xbar, pattern)
        return self._rays[pattern]

    def _images(self, pattern):
        import numpy as np

        rays = self.rays(pattern)
        if not rays:
            return [], [[] for _ in pattern], np.zeros((len(pattern), 0))
        R = flint.fmpq_mat(len(rays[0]), len(rays), [r[k] for k in range(len(rays[0])) for r in rays])
        rows = (self.X * R).tolist()
        img = [[q if a else flint.fmpq(0) for q in row] for a, row in zip(pattern, rows)]
        keep = [k for k in range(len(rays)) if any(row[k] for row in img)]
        img = [[row[k] for k in keep] for row in img]
        Rf = np.array([rays[k] for k in keep], dtype=float).reshape(len(keep), len(rays[0]))
        imgf = (self.Xf @ Rf.T) * np.array(pattern, dtype=float)[:, None]
        return [rays[k] for k in keep], img, imgf


def _fit_cone(xbar, y, patterns, v, cones):
    """Optimal weights: project y onto K = cone(M · ray) by exact NNLS, map back to u.

    A float NNLS (scipy) proposes the support; the exact Lawson–Hanson iteration
    on flint matrices starts there and decides.
    """
    import numpy as np

    owner, rays, rows, blocks = [], [], [[] for _ in xbar], []
    for j, a in enumerate(patterns):
        unit_rays, img, imgf = cones(a)
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


def _solve(xbar, y, patterns, v, cones):
    """The region problem on parsed data; returns a verified :class:`RegionSolution`."""
    weights = _fit_cone(xbar, y, patterns, v, cones)
    X, m = cones.X, len(patterns)
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
        n_points=len(xbar),
    )
    # xbar is already homogenised, hence bias=False: the verifier rebuilds M and G itself
    if not verify_region_solution(xbar, y, solution, bias=False):
        raise CertificateError(f"region solution for patterns {patterns} failed its KKT check; this is a bug")
    return solution


def _cone_cache(xbar):
    return _Cones(xbar)


def solve_region(X, y, patterns, v=(1,), *, bias=True):
    """Exact optimum of the convex problem of one closed activation region (Matena & Raffel 2022, eq. (3)).

    minimise Σ_i (Σ_j v_j A_ji (w_j · x̄_i) − y_i)² subject to (2 A_ji − 1)(w_j · x̄_i) ≥ 0.

    Parameters
    ----------
    X : table of N points in Q^d
        Data (any format of :func:`exactrelu.exact.parse.exact_matrix`).
    y : sequence of N numbers
        Labels.
    patterns : m × N table over {0, 1}, or one 0/1 sequence when m = 1
        Activation pattern A of each unit.  Any pattern is allowed: the closed
        region always contains w = 0, even when its interior is empty.
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
    xbar = _points(X, bias)
    y = _labels(y, len(xbar))
    patterns = _patterns(patterns, len(xbar))
    v = _output_weights(v, len(patterns))
    return _solve(xbar, y, patterns, v, _cone_cache(xbar))


# ----------------------------------------------------------------------------
# independent verifier
# ----------------------------------------------------------------------------


def _exact_table(rows):
    return [exact_entries(r) for r in rows]


def verify_region_solution(X, y, solution, *, bias=True):
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
    rows = exact_matrix(X, name="data")
    rows = homogenise(rows) if bias else rows
    y = [to_fraction(t) for t in y]
    A, v, lam = _exact_table(solution.patterns), exact_entries(solution.v), _exact_table(solution.multipliers)
    W, fitted = _exact_table(solution.weights), exact_entries(solution.fitted)
    value = exact_entries([solution.value])[0]
    n, m, dim = len(rows), len(A), len(rows[0])
    shapes = [
        len(y) == n == solution.n_points == len(fitted),
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
    r = [to_fmpq(y[i]) - out[i] for i in range(n)]
    for j in range(m):
        s = [2 * a - 1 for a in A[j]]
        if any(s[i] * pre[j][i] < 0 or lam[j][i] < 0 or (lam[j][i] and pre[j][i]) for i in range(n)):
            return False
        # Gᵀλ = −2 Mᵀ r, block j: Σ_i (λ_ji s_ji + 2 v_j A_ji r_i) x̄_i = 0
        c = [to_fmpq(lam[j][i]) * s[i] + 2 * to_fmpq(v[j]) * A[j][i] * r[i] for i in range(n)]
        if any(Xt * flint.fmpq_mat(n, 1, c)):
            return False
    out = [from_flint(t) for t in out]
    r = [from_flint(t) for t in r]
    return out == fitted and value == sum(t * t for t in r)


# ----------------------------------------------------------------------------
# global minimum over all regions
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GlobalMinimum:
    """The exact global minimum of the squared loss of a shallow ReLU network.

    Attributes
    ----------
    value : Fraction
        min over all weights of Σ_i (f(x_i) − y_i)² (sum, not mean; see :attr:`mean_loss`).
    solution : RegionSolution
        The first optimal region in enumeration order, with its certificate.
    n_regions_solved : int
        Number of region problems solved.
    table : tuple of (key, value)
        Every region solved, in order.  The key is the patterns tuple for fixed v,
        and ``(v, patterns)`` when the output signs are free (``v=None``), so
        ``dict(table)`` works in both cases.

    Examples
    --------
    >>> g = global_minimum([[1, 1], [2, 2]], (1, 0), bias=False)   # f(x_2) = 2 f(x_1)
    >>> g.value, g.mean_loss, g.solution.patterns
    (Fraction(4, 5), Fraction(2, 5), ((1, 1),))
    >>> dict(g.table)
    {((0, 0),): Fraction(1, 1), ((1, 1),): Fraction(4, 5)}
    """

    value: Fraction
    solution: RegionSolution
    n_regions_solved: int
    table: tuple

    @property
    def mean_loss(self):
        """The paper's mean squared loss, eq. (1): value / N."""
        return self.value / self.solution.n_points

    def to_dict(self):
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return _jsonable(
            {
                "value": self.value,
                "mean_loss": self.mean_loss,
                "solution": self.solution.to_dict(),
                "n_regions_solved": self.n_regions_solved,
                "table": [list(t) for t in self.table],
            }
        )


def _unit_chambers(xbar, limit, progress=False):
    """Chambers of the arrangement {x̄_i · w = 0} over the nonzero x̄_i, and their indices.

    A zero x̄_i (possible without bias) defines no hyperplane and is never active.
    """
    nonzero = [i for i, x in enumerate(xbar) if any(x)]
    if not nonzero:
        return [], nonzero
    return HyperplaneArrangement([xbar[i] for i in nonzero]).chambers(limit=limit, progress=progress), nonzero


def _full_pattern(chamber, nonzero, n):
    full = [0] * n
    for i, a in zip(nonzero, chamber.pattern):
        full[i] = a
    return tuple(full)


def _singles(chambers, nonzero, n):
    """One unit's patterns over all n points from the chambers over the nonzero ones (all 0 if none)."""
    if not nonzero:
        return [(0,) * n]
    return [_full_pattern(c, nonzero, n) for c in chambers]


def _unit_patterns(xbar, limit):
    """Patterns of the chambers of the arrangement {x̄_i · w = 0}; x̄_i = 0 is never active."""
    return _singles(*_unit_chambers(xbar, limit), len(xbar))


def _groups(v):
    """Unit positions grouped by equal output weight (units of a group are interchangeable)."""
    groups = {}
    for j, vj in enumerate(v):
        groups.setdefault(vj, []).append(j)
    return list(groups.values())


def _n_assignments(v, n_patterns):
    return prod(comb(n_patterns + len(g) - 1, len(g)) for g in _groups(v))


def _assignments(v, singles):
    """Pattern tuples for the units, one per multiset choice within each group of equal v_j."""
    groups = _groups(v)
    choices = [combinations_with_replacement(range(len(singles)), len(g)) for g in groups]
    for combo in product(*choices):
        patterns = [None] * len(v)
        for g, picks in zip(groups, combo):
            for j, p in zip(g, picks):
                patterns[j] = singles[p]
        yield tuple(patterns)


def _sign_vectors(m):
    """v ∈ {±1}^m up to permutation: k units with +1 then m − k with −1, k = m, …, 0."""
    return [tuple(Fraction(1) if j < k else Fraction(-1) for j in range(m)) for k in range(m, -1, -1)]


def _candidates(v, units):
    """The output-weight vectors to search: v itself, or all signs up to permutation when v is None."""
    if v is None:
        m = 1 if units is None else units
        if isinstance(m, bool) or not isinstance(m, numbers.Integral) or m < 1:
            raise InvalidDataError(f"units must be a positive integer, got {units!r}")
        return _sign_vectors(int(m))
    m = len(v) if hasattr(v, "__len__") and not isinstance(v, str) else 1
    if units is not None and units != m:
        raise InvalidDataError(f"units={units!r} disagrees with the {m} output weight(s) in v")
    return [_output_weights(v, m)]


def global_minimum(X, y, v=(1,), *, units=None, bias=True, limit=None, progress=False):
    """Exact global minimum of the squared loss over all input weights (Matena & Raffel 2022, eq. (3)).

    The closed activation regions cover parameter space, and on each one the loss
    is the region problem of :func:`solve_region`; so the minimum over all weights
    is the least region value over all feasible pattern tuples.  Single-unit
    patterns are the chambers of the arrangement {x̄_i · w = 0}; units with equal
    v_j are interchangeable, so only multisets of patterns are enumerated.

    Parameters
    ----------
    X, y, bias
        As for :func:`solve_region`.
    v : sequence of m numbers, or None
        Fixed output weights.  ``None``: free output weights, i.e. also minimise over
        v ∈ {+1, −1}^m up to permutation (positive homogeneity of relu makes this
        the same as v ∈ R^m); the chosen v is ``result.solution.v``.
    units : int, optional
        Number of hidden units m when ``v=None`` (default 1); if given with v, it
        must equal len(v).
    limit : int, optional
        Refuse (:class:`~exactrelu.exact.errors.SizeLimitError`) when the number of chambers
        or of region problems would exceed it (default: ``EXACTRELU_LIMIT`` or 10^6).
    progress : bool
        Show a progress bar (stderr).

    Returns
    -------
    GlobalMinimum
        ``value`` is the sum of squared residuals, ``mean_loss`` = value / N.  Ties
        go to the first optimal region in enumeration order (chambers sorted by sign
        vector; for ``v=None`` the v with more +1 units first).

    Examples
    --------
    Collinear data (Matena & Raffel, App. D, reconstructed example D2): a relu of an
    affine function is monotone along the line, so a single unit cannot fit the bump.

    >>> g = global_minimum([[-1, 0], [0, 0], [1, 0]], (0, 1, 0), v=None)
    >>> g.value, g.solution.v, g.n_regions_solved
    (Fraction(2, 3), (Fraction(1, 1),), 12)
    >>> global_minimum([[-1, 0], [0, Fraction(1, 100)], [1, 0]], (0, 1, 0)).value
    Fraction(0, 1)
    """
    xbar = _points(X, bias)
    y = _labels(y, len(xbar))
    candidates = _candidates(v, units)
    singles = _unit_patterns(xbar, limit)
    total = sum(_n_assignments(c, len(singles)) for c in candidates)
    limits.guard("region problems", total, limit)
    best, table = _search(xbar, y, candidates, singles, total, free=v is None, progress=progress)
    return GlobalMinimum(value=best.value, solution=best, n_regions_solved=len(table), table=tuple(table))


def _search(xbar, y, candidates, singles, total, *, free, progress, keep=False):
    """Solve every region; the table holds values, or the solutions themselves with ``keep``."""
    cones = _cone_cache(xbar)
    bar = _progress_bar(progress, total, "region problems", "region")
    best, table = None, []
    for vec in candidates:
        for patterns in _assignments(vec, singles):
            s = _solve(xbar, y, patterns, vec, cones)
            table.append(s if keep else ((vec, patterns) if free else patterns, s.value))
            if best is None or s.value < best.value:
                best = s
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()
    return best, table
