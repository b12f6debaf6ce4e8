"""Exact fit of N data points with 2⌈N/(d+1)⌉ hidden units (Matena & Raffel 2022, Theorem 4.3).

**Theorem 4.3** (Matena & Raffel 2022, "A Combinatorial Perspective on the
Optimization of Shallow ReLU Networks", NeurIPS 2022, section 4.2.1).  *Given a
dataset in R^d containing N examples in general position, a shallow ReLU
network containing 2⌈N/(d+1)⌉ hidden units can be found in polynomial time
exactly fitting the dataset.*

The paper proves it in its Appendix F, which could not be retrieved.  The
algorithm implemented here is **our reconstruction of Appendix F**
(docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.3 and Appendix F:
exact fit'), following the sketch of section 4.2.1 ("we can sequentially fit the
examples in the k-th chunk without undoing our progress in fitting the chunks
before it"):

1. an ordering direction u ∈ Q^d with all u·x_i distinct (e_1 if it works,
   else u = (1, 1/p, 1/p², …) for p = 2, 3, …);
2. sort the points by u·x and cut them into consecutive chunks C_1, …, C_K of
   d + 1 points (the last one may be shorter), K = ⌈N/(d+1)⌉;
3. thresholds t_1 = min u·x_i − 1 and t_k = midpoint between chunks k − 1 and
   k; the hyperplane h_k = (u, −t_k) has h_k·x̄_i > 0 exactly on C_k ∪ … ∪ C_K;
4. with the residual r = y: solve ℓ_k·x̄_i = r_i on C_k exactly, take
   M_k = max(0, max_i (−ℓ_k·x̄_i)/(h_k·x̄_i)) + 1 over *all* points, add the
   units (+1, M_k h_k + ℓ_k) and (−1, M_k h_k), whose difference is ℓ_k·x̄ on
   C_k ∪ … ∪ C_K and 0 elsewhere, and subtract ℓ_k·x̄_i from r_i on those points.

Both units of pair k have the activation pattern "1 on C_k ∪ … ∪ C_K", with
every pre-activation nonzero, so the network lies in the open region of one
vertex of the zonotope power Z^m, and the region problem there has value 0.
Everything is exact (Fractions; the chunk solves use flint's exact rational
row reduction).  The float diagnostics (:attr:`ExactFit.float_condition_number`,
:attr:`ExactFit.float_max_error`) report what float64 makes of the exact
network — the paper remarks that "the resulting ReLU network tends to be a very
ill-conditioned function" — they never decide anything.

:func:`lower_bound_units` is the counting bound ⌈N/(d+1)⌉ that the theorem
misses by a factor of two.

Examples
--------
>>> fit = fit_exact([[0], [1], [2], [3]], [0, 1, 0, 1])
>>> fit.n_units, [str(t) for t in fit.thresholds]
(4, ['-1', '3/2'])
>>> [[str(c) for c in w] for w in fit.network.W]
[['2', '1'], ['1', '1'], ['5', '-19/2'], ['5', '-15/2']]
>>> fit.network([[0], [1], [2], [3]]) == (0, 1, 0, 1), fit.verified
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.jsonio import exact_number, to_jsonable
from exactrelu.exact.linalg import dot, from_flint, to_fmpq
from exactrelu.exact.parse import (
    exact_integer,
    exact_labels,
    exact_matrix,
    exact_vector,
    homogenise,
    pattern_rows,
)
from exactrelu.exact.types import MatrixLike, Pattern, VectorLike
from exactrelu.geometry.position import general_position
from exactrelu.network import ShallowReLU

__all__ = ["ExactFit", "fit_exact", "lower_bound_units", "verify_exact_fit"]

_ZERO = Fraction(0)
_ONE = Fraction(1)


# ----------------------------------------------------------------------------
# helpers (used by fit_exact only; verify_exact_fit has its own arithmetic)
# ----------------------------------------------------------------------------


def _bits(x):
    return max(abs(x.numerator).bit_length(), x.denominator.bit_length())


def _duplicates(values):
    """(i, j) with values[i] == values[j], i < j, or None."""
    seen: dict[Any, int] = {}
    for j, t in enumerate(values):
        if t in seen:
            return seen[t], j
        seen[t] = j
    return None


def _ordering_direction(pts, direction):
    """The direction u (tuple of Fraction) and the values u·x_i, all distinct."""
    d = len(pts[0])
    if direction is not None:
        u = exact_vector(direction, name="direction")
        if len(u) != d:
            raise InvalidDataError(f"direction has {len(u)} entries but the data have dimension {d}")
        vals = tuple(dot(u, x) for x in pts)
        tie = _duplicates(vals)
        if tie is not None:
            i, j = tie
            raise DegenerateInputError(
                f"the direction {[exact_number(c) for c in u]} does not order the points: "
                f"u·x_{i} = u·x_{j} = {vals[i]} (points {i} and {j}); "
                "pass another direction, or direction=None to choose one"
            )
        return u, vals
    dup = _duplicates(pts)
    if dup is not None:
        i, j = dup
        raise DegenerateInputError(
            f"points {i} and {j} are equal ({[exact_number(c) for c in pts[i]]}): "
            f"the subset ({i}, {j}) is not in general position and no direction separates it, "
            "so the chunk construction of Theorem 4.3 does not apply"
        )
    # e_1, then (1, 1/p, ..., 1/p^(d-1)) for p = 2, 3, ...: u·(x_i - x_j) is a nonzero polynomial of
    # degree <= d - 1 in 1/p for distinct points, so only finitely many p fail and the loop ends.
    p = None
    while True:
        if p is None:
            u = tuple(_ONE if k == 0 else _ZERO for k in range(d))
        else:
            u = tuple(Fraction(1, p**k) for k in range(d))
        vals = tuple(dot(u, x) for x in pts)
        if _duplicates(vals) is None:
            return u, vals
        p = 2 if p is None else p + 1


def _solve_chunk(rows, rhs, indices):
    """ℓ with ℓ·rows[i] = rhs[i]: rref of [rows | rhs], free (non-pivot) variables 0."""
    n, D = len(rows), len(rows[0])
    A = flint.fmpq_mat(n, D + 1, [to_fmpq(c) for row, b in zip(rows, rhs) for c in (*row, b)])
    R, rank = A.rref()
    ell = [_ZERO] * D
    for r in range(rank):
        c = next(c for c in range(D + 1) if R[r, c] != 0)
        if c == D:
            raise DegenerateInputError(
                f"the chunk of points {list(indices)} is affinely dependent and its residual labels are "
                "inconsistent: the chunk system ℓ·x̄_i = r_i has no solution (data not in general position)"
            )
        ell[c] = from_flint(R[r, D])
    return tuple(ell)


def _float_diagnostics(pts, y, W, v):
    Xf = np.array([[float(c) for c in x] + [1.0] for x in pts])
    Wf = np.array([[float(c) for c in w] for w in W])
    vf = np.array([float(c) for c in v])
    H = np.maximum(Xf @ Wf.T, 0.0)
    with np.errstate(all="ignore"):
        cond = float(np.linalg.cond(H, 2))
    out = H @ vf
    if not np.all(np.isfinite(out)):
        return cond, math.inf
    err = max(abs(Fraction(float(o)) - t) for o, t in zip(out, y))
    return cond, float(err)


# ----------------------------------------------------------------------------
# result
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExactFit:
    """The exact fit of Theorem 4.3 (Matena & Raffel 2022).

    Built by :func:`fit_exact`, whose algorithm is our reconstruction of Appendix F,
    which could not be retrieved (docs/reconstructions.md, 'Matena & Raffel 2022,
    Theorem 4.3 and Appendix F: exact fit').

    Attributes
    ----------
    network : ShallowReLU
        2K units, K = ⌈N/(d+1)⌉, bias last, v = (+1, −1, +1, −1, …): pair k is
        (+1, M_k h_k + ℓ_k), (−1, M_k h_k).
    X : tuple of tuples of Fraction
        The data, exactly (kept so that :attr:`verified` can re-check).
    y : tuple of Fraction
        The labels, exactly.
    direction : tuple of Fraction
        The ordering direction u (all u·x_i distinct).
    order : tuple of int
        Point indices sorted by u·x_i.
    chunks : tuple of tuples of int
        Original point indices of C_1, …, C_K (consecutive in ``order``).
    thresholds : tuple of Fraction
        t_1, …, t_K; h_k = (u, −t_k).
    scales : tuple of Fraction
        M_1, …, M_K.
    patterns : tuple of m tuples over {0, 1}
        Activation pattern of every unit on the N points (entry i for point i):
        the selected vertex of Z^m.  Both units of pair k are active exactly on
        C_k ∪ … ∪ C_K.
    n_units : int
        m = 2⌈N/(d+1)⌉.
    float_condition_number : float
        2-norm condition number (numpy) of the N × m float64 hidden-feature matrix
        relu(W x̄): a report, not a decision (``inf`` if numerically singular).
        The two columns of pair k differ by ℓ_k·x̄ on their common support, so
        they are nearly parallel when M_k is large, and exactly parallel when the
        last chunk has a single point (then the matrix is singular and the number
        is huge or ``inf``).
    float_max_error : float
        max_i |float64 evaluation of the network at x_i − y_i| (the float output
        compared exactly with y_i).
    max_weight_bits : int
        Largest bit length of a numerator or denominator in W.

    The float fields are excluded from ``==``: they depend on numpy, not on the
    mathematics.

    Examples
    --------
    The second test vector of the reconstruction: its points (0, 1), (1, 1), (2, 1)
    are collinear, so the data are *not* in general position, but every chunk
    system is solvable and the construction fits anyway.

    >>> X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1]]
    >>> fit = fit_exact(X, [1, 0, 0, 1, 2], check_position=False)
    >>> fit.chunks, [str(m) for m in fit.scales], fit.n_units
    (((0, 2, 1), (3, 4)), ['11/7', '9'], 4)
    >>> fit.patterns[2], fit.verified
    ((0, 0, 0, 1, 1), True)
    >>> ExactFit.from_dict(fit.to_dict()) == fit
    True
    """

    network: ShallowReLU
    X: tuple[tuple[Fraction, ...], ...]
    y: tuple[Fraction, ...]
    direction: tuple[Fraction, ...]
    order: tuple[int, ...]
    chunks: tuple[tuple[int, ...], ...]
    thresholds: tuple[Fraction, ...]
    scales: tuple[Fraction, ...]
    patterns: tuple[Pattern, ...]
    n_units: int
    float_condition_number: float = field(compare=False)
    float_max_error: float = field(compare=False)
    max_weight_bits: int

    @property
    def verified(self) -> bool:
        """:func:`verify_exact_fit` on the stored data: exact fit, unit count, patterns."""
        return verify_exact_fit(self.X, self.y, self)

    @property
    def n_points(self) -> int:
        """N."""
        return len(self.X)

    @property
    def input_dim(self) -> int:
        """d."""
        return len(self.X[0])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: Fractions as ``"p/q"`` strings, integers as ints, non-finite floats as strings."""
        return to_jsonable(
            {
                "network": self.network.to_dict(),
                "X": self.X,
                "y": self.y,
                "direction": self.direction,
                "order": self.order,
                "chunks": self.chunks,
                "thresholds": self.thresholds,
                "scales": self.scales,
                "patterns": self.patterns,
                "n_units": self.n_units,
                "float_condition_number": self.float_condition_number,
                "float_max_error": self.float_max_error,
                "max_weight_bits": self.max_weight_bits,
            }
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExactFit:
        """Inverse of :meth:`to_dict` (the result can be re-checked with :attr:`verified`)."""
        try:
            return cls(
                network=ShallowReLU.from_dict(d["network"]),
                X=exact_matrix(d["X"], name="data"),
                y=exact_vector(d["y"], name="y"),
                direction=exact_vector(d["direction"], name="direction"),
                order=tuple(int(i) for i in d["order"]),
                chunks=tuple(tuple(int(i) for i in c) for c in d["chunks"]),
                thresholds=exact_vector(d["thresholds"], name="thresholds"),
                scales=exact_vector(d["scales"], name="scales"),
                patterns=pattern_rows(d["patterns"], name="patterns"),
                n_units=int(d["n_units"]),
                float_condition_number=float(d["float_condition_number"]),
                float_max_error=float(d["float_max_error"]),
                max_weight_bits=int(d["max_weight_bits"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InvalidDataError):
                raise
            raise InvalidDataError(f"not an ExactFit dict ({type(exc).__name__}: {exc})") from None

    def describe(self) -> str:
        """A short multi-line human-readable summary."""
        N, d = self.n_points, self.input_dim
        lines = [
            f"exact fit of N = {N} points in R^{d} with m = {self.n_units} = 2⌈N/(d+1)⌉ hidden units "
            f"(Matena & Raffel 2022, Theorem 4.3; our reconstruction of its Appendix F)",
            f"  lower bound for generic labels: ⌈N/(d+1)⌉ = {lower_bound_units(N, d)} units",
            f"  ordering direction u = ({', '.join(str(c) for c in self.direction)}), "
            f"{len(self.chunks)} chunk(s): {', '.join(str(list(c)) for c in self.chunks)}",
            f"  scales M_k = {', '.join(str(m) for m in self.scales)}; largest weight entry has "
            f"{self.max_weight_bits} bits",
            f"  float64: condition number of relu(W x̄) = {self.float_condition_number:.3g}, "
            f"max |f(x_i) − y_i| = {self.float_max_error:.3g}",
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ExactFit(N={self.n_points}, d={self.input_dim}, m={self.n_units})"


# ----------------------------------------------------------------------------
# the construction
# ----------------------------------------------------------------------------


def fit_exact(
    X: MatrixLike,
    y: VectorLike,
    *,
    direction: VectorLike | None = None,
    check_position: bool = True,
    limit: int | None = None,
) -> ExactFit:
    """Fit N points exactly with 2⌈N/(d+1)⌉ ReLU units (Matena & Raffel 2022, Theorem 4.3).

    The algorithm is our reconstruction of Appendix F, which could not be
    retrieved (docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.3 and
    Appendix F: exact fit'); see the module docstring for the steps.  All
    arithmetic is exact.

    Parameters
    ----------
    X : table of N points in R^d
        Any exact numbers (see :func:`exactrelu.exact.parse.exact_matrix`); floats are
        read as their shortest decimal (see :mod:`exactrelu.exact.parse`).
    y : sequence of N numbers
        Labels.
    direction : sequence of d numbers, optional
        The ordering direction u; all u·x_i must be distinct.  Default: e_1 if
        that works, else (1, 1/p, 1/p², …) for the least p = 2, 3, … that works.
    check_position : bool
        Certify affine general position first (Theorem 4.3's hypothesis) with
        :func:`exactrelu.geometry.position.general_position` and refuse data that are
        not in general position.  With ``False`` the construction is tried
        anyway: it still succeeds whenever every chunk system is solvable.
    limit : int, optional
        Passed to :func:`~exactrelu.geometry.position.general_position` (the number of
        (d+1)-subsets it may examine).

    Returns
    -------
    ExactFit

    Raises
    ------
    InvalidDataError
        Empty or malformed data, non-numbers, or a label count different from N.
    DegenerateInputError
        ``check_position`` and the data are not in general position (the message
        names the affinely dependent subset of points and the dependency); a
        ``direction`` with ties; equal points; or (``check_position=False``) a
        chunk whose system ℓ·x̄_i = r_i has no solution (the message names the
        chunk's points).
    SizeLimitError
        The general-position test would examine more than ``limit`` subsets.

    Notes
    -----
    Cost after the general-position test: O(N log N) for the ordering, K exact
    solves of size ≤ (d+1) × (d+1) and O(N K d) exact dot products.  The weights
    can grow: M_k is at least the largest ratio |ℓ_k·x̄_i| / |h_k·x̄_i|, and the
    residuals of later chunks inherit the earlier ℓ's (see
    :attr:`ExactFit.max_weight_bits` and the float diagnostics).

    Examples
    --------
    >>> X, y = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1]], [1, 0, 0, 1, 2]
    >>> fit_exact(X, y)                # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactrelu.exact.errors.DegenerateInputError: the data are not in affine general position: ...
    >>> fit = fit_exact(X, y, check_position=False)   # the chunk systems are solvable anyway
    >>> [str(c) for c in fit.direction]       # e_1 ties (0 = 0), p = 2 works
    ['1', '1/2']
    >>> [[str(c) for c in w] for w in fit.network.W][:2]
    [['4/7', '-3/14', '18/7'], ['11/7', '11/14', '11/7']]
    >>> fit.network.v
    (Fraction(1, 1), Fraction(-1, 1), Fraction(1, 1), Fraction(-1, 1))
    >>> fit = fit_exact([[0, 0], [1, 2], [3, 1], [2, 5], [-1, 4], [4, -2], [1, 1]], [3, -1, 0, 2, 5, 1, -4])
    >>> fit.n_units, [len(c) for c in fit.chunks], fit.verified
    (6, [3, 3, 1], True)
    """
    pts = exact_matrix(X, name="data")
    labels = exact_labels(y, len(pts))
    N, d = len(pts), len(pts[0])
    if check_position:
        gp = general_position(pts, bias=True, limit=limit)
        if not gp:
            subset, coefficients = gp.subset or (), gp.coefficients or ()  # set on every failure
            terms = " + ".join(f"({c})·x{i}" for c, i in zip(coefficients, subset))
            raise DegenerateInputError(
                f"the data are not in affine general position: points {tuple(subset)} are affinely "
                f"dependent, {terms} = 0 with coefficient sum 0 (Theorem 4.3 needs general position; "
                "pass check_position=False (CLI: --no-check-position) to try the construction anyway)"
            )
    u, vals = _ordering_direction(pts, direction)
    order = tuple(sorted(range(N), key=lambda i: vals[i]))
    size = d + 1
    chunks = tuple(order[s : s + size] for s in range(0, N, size))
    K = len(chunks)
    xbar = homogenise(pts)
    thresholds = [vals[order[0]] - 1]
    for k in range(1, K):
        thresholds.append((vals[chunks[k - 1][-1]] + vals[chunks[k][0]]) / 2)
    r = list(labels)
    W, v, scales, patterns = [], [], [], []
    for k, chunk in enumerate(chunks):
        h = (*u, -thresholds[k])
        hx = [dot(h, x) for x in xbar]  # nonzero: thresholds separate distinct values
        ell = _solve_chunk([xbar[i] for i in chunk], [r[i] for i in chunk], chunk)
        lx = [dot(ell, x) for x in xbar]
        M = max(max((-a / b for a, b in zip(lx, hx)), default=_ZERO), _ZERO) + 1
        w_plus = tuple(M * a + b for a, b in zip(h, ell))
        w_minus = tuple(M * a for a in h)
        pattern = tuple(int(t > 0) for t in hx)
        W += [w_plus, w_minus]
        v += [1, -1]
        scales.append(M)
        patterns += [pattern, pattern]
        for i in range(N):
            if pattern[i]:
                r[i] -= lx[i]
    net = ShallowReLU(W, v, bias=True)
    cond, err = _float_diagnostics(pts, labels, net.W, net.v)
    return ExactFit(
        network=net,
        X=pts,
        y=labels,
        direction=u,
        order=order,
        chunks=chunks,
        thresholds=tuple(thresholds),
        scales=tuple(scales),
        patterns=tuple(patterns),
        n_units=2 * K,
        float_condition_number=cond,
        float_max_error=err,
        max_weight_bits=max(_bits(c) for w in net.W for c in w),
    )


# ----------------------------------------------------------------------------
# independent verifier and the lower bound
# ----------------------------------------------------------------------------


def verify_exact_fit(X: MatrixLike, y: VectorLike, fit: ExactFit) -> bool:
    """Check an :class:`ExactFit` independently, in plain Fraction arithmetic.

    The checks (none of them uses :func:`fit_exact`'s helpers):

    * the network has a bias and n_units = len(W) = len(v) = 2⌈N/(d+1)⌉;
    * every pre-activation w_j·x̄_i is nonzero and its sign pattern equals
      ``fit.patterns`` (the network lies in the *open* region of that vertex
      of Z^m);
    * Σ_j v_j relu(w_j·x̄_i) = y_i exactly for every i.

    Parameters
    ----------
    X : table of N points
    y : sequence of N labels
    fit : ExactFit

    Returns
    -------
    bool

    Examples
    --------
    >>> X, y = [[0], [1], [2], [3]], [0, 1, 0, 1]
    >>> fit = fit_exact(X, y)
    >>> verify_exact_fit(X, y, fit), verify_exact_fit(X, [0, 1, 0, 2], fit)
    (True, False)
    """
    rows = exact_matrix(X, name="data")
    labels = exact_vector(y, name="labels y")
    net = fit.network
    N, d = len(rows), len(rows[0])
    W = [[Fraction(c) for c in w] for w in net.W]
    v = [Fraction(c) for c in net.v]
    m = -(-N // (d + 1)) * 2
    if len(labels) != N or not net.bias or not (fit.n_units == len(W) == len(v) == m):
        return False
    if any(len(w) != d + 1 for w in W) or len(fit.patterns) != m or any(len(p) != N for p in fit.patterns):
        return False
    for i, x in enumerate(rows):
        out = Fraction(0)
        for j in range(m):
            z = sum((W[j][k] * x[k] for k in range(d)), Fraction(0)) + W[j][d]
            if z == 0 or int(z > 0) != fit.patterns[j][i]:
                return False
            if z > 0:
                out += v[j] * z
        if out != labels[i]:
            return False
    return True


def lower_bound_units(N: int, d: int) -> int:
    """⌈N/(d+1)⌉: fewer hidden units cannot fit generic labels exactly.

    The counting argument (Matena & Raffel 2022, section 4.2.1: "comparing the
    number of unknowns and the number of equations").  Fix m units with a bias.
    On the closed activation region of a pattern tuple A (and output signs
    v ∈ {±1}^m, which lose nothing by positive homogeneity) the vector of fitted
    values (f(x_1), …, f(x_N)) = Σ_j v_j A_j ∘ (X̄ w_j) is a linear function of
    the m(d+1) weights, so it ranges over a cone of dimension ≤ m(d+1) in R^N.
    There are finitely many regions and sign vectors, so the labels that can be
    fitted exactly form a finite union of cones of dimension ≤ m(d+1): if
    m(d+1) < N this union has measure zero, and a generic y is not fitted.
    Hence an exact fit of generic labels needs m(d+1) ≥ N, i.e.
    m ≥ ⌈N/(d+1)⌉.  Theorem 4.3 uses exactly twice this many units.

    Parameters
    ----------
    N : int
        Number of points (≥ 0).
    d : int
        Input dimension (≥ 1).

    Returns
    -------
    int

    Examples
    --------
    >>> lower_bound_units(7, 2), lower_bound_units(6, 2), lower_bound_units(1, 5)
    (3, 2, 1)
    """
    N = exact_integer(N, name="N", minimum=0)
    d = exact_integer(d, name="d", minimum=1)
    return -(-N // (d + 1))
