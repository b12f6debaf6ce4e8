"""The labelled combinatorial type of a dataset along a straight path X + εΔ, exactly.

Matena & Raffel 2022, section 4.1.1: the global optimum of the loss is continuous in
the data when the data are in general position (Theorem 4.1) because then a small
perturbation keeps the zonotope combinatorially the same; without general position,
breaking an affine dependency can (a) change the per-region problem of a vertex that
exists before and after, or (b) create new vertices — "the breakdown of a
non-parallelepiped higher dimension face".  This module finds every such change
along a path.

Along a straight path X(ε) = X + εΔ every maximal minor of the homogenised data
is a polynomial p_B(ε) of degree ≤ r.  The labelled type (the chirotope, see
:mod:`exactrelu.geometry.combinatorial_type`) is constant between consecutive real roots
of these polynomials and changes at every root.  :func:`type_changes` finds all
roots in an interval exactly — rational roots as Fractions, irrational ones by
isolating intervals with rational endpoints (sympy's real-root isolation on the
irreducible factors computed by FLINT) — and describes each change: chambers
(activation patterns, i.e. zonotope vertices) gained and lost, the subsets that
become dependent, the f-vectors before, at and after, and the faces that are
not parallelepipeds at the critical ε (they split into parallelepipeds on
either side).

The building blocks are public: :class:`MinorPath` (the minor polynomials),
:func:`isolate_roots` (their separated real roots, :class:`RealRoot`) and
:func:`type_snapshot` (chambers, f-vector and non-parallelepiped faces of one
configuration).  One concrete perturbation, random probes and type-breaking
perturbations are in :mod:`exactrelu.geometry.probes`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import sympy

from exactrelu.exact import limits, linalg
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, from_flint
from exactrelu.exact.parse import exact_matrix, pattern_string, primitive_rows, to_fraction
from exactrelu.exact.progress import progress_bar
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import StabilityRadius, maximal_minors, vectors_of
from exactrelu.geometry.zonotope import Zonotope, ZonotopeFace

__all__ = [
    "MinorPath",
    "PathAnalysis",
    "RealRoot",
    "TypeChange",
    "TypeSnapshot",
    "isolate_roots",
    "perturbed",
    "simplest_between",
    "type_changes",
    "type_snapshot",
]

_T = sympy.Symbol("epsilon")

Rows = tuple[tuple[Fraction, ...], ...]
SpecialFace = tuple[int, tuple[int, ...], int]
"""A face that is not a parallelepiped: (dimension, generators, number of vertices)."""


# --------------------------------------------------------------------------- small helpers
def simplest_between(a: NumberLike, b: NumberLike) -> Fraction:
    """The rational with the smallest denominator (then numerator) in the open interval (a, b).

    Stern–Brocot descent by continued fractions; ``b`` may be ``math.inf``.

    Raises
    ------
    InvalidDataError
        An empty interval (a ≥ b).

    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(-1, 1)
    (Fraction(2, 5), Fraction(0, 1))
    >>> simplest_between(2, math.inf)
    Fraction(3, 1)
    """
    a = Fraction(a)
    b = b if b == math.inf else Fraction(b)
    if not a < b:
        raise InvalidDataError(f"empty interval ({a}, {b})")
    if a < 0 < b:
        return Fraction(0)
    if b <= 0:
        return -simplest_between(-b, -a)
    fl = math.floor(a)
    if fl + 1 < b:
        return Fraction(fl + 1)
    # no integer inside: a, b lie in [fl, fl + 1]; recurse on the reciprocals of the fractional parts
    return fl + 1 / simplest_between(1 / (b - fl), math.inf if a == fl else 1 / (a - fl))


def _data_and_direction(X: MatrixLike, Delta: MatrixLike) -> tuple[Rows, Rows]:
    """The data and a direction of the same shape, as exact rows."""
    Xr = exact_matrix(X, name="data")
    D = exact_matrix(Delta, name="direction")
    if len(D) != len(Xr) or len(D[0]) != len(Xr[0]):
        raise InvalidDataError(
            f"direction must have the shape of the data ({len(Xr)}x{len(Xr[0])}), got {len(D)}x{len(D[0])}"
        )
    return Xr, D


def perturbed(X: MatrixLike, Delta: MatrixLike, eps: NumberLike) -> Rows:
    """The dataset X + ε Δ as Fraction rows.

    Parameters
    ----------
    X, Delta : tables of N points / directions in R^d
    eps : exact number

    Raises
    ------
    InvalidDataError
        A direction of another shape than the data, or a non-number.

    >>> perturbed([[0, 1]], [[2, 0]], "1/2")
    ((Fraction(1, 1), Fraction(1, 1)),)
    """
    Xr, D = _data_and_direction(X, Delta)
    e = to_fraction(eps, where="epsilon")
    return tuple(tuple(x + e * d for x, d in zip(rx, rd)) for rx, rd in zip(Xr, D))


# --------------------------------------------------------------------------- minors along a path
class MinorPath:
    """The integer minor polynomials of X(ε) = X + εΔ (homogenised), ε a formal variable.

    Parameters
    ----------
    X, Delta : tables of N points / directions in R^d
        The bias coordinate (``bias=True``) does not move.
    bias : bool
        Homogenise the points, x̄ = (x, 1).
    limit : int, optional
        Refuse when C(N, r) exceeds it (environment variable ``EXACTRELU_POSITION_LIMIT``).

    Attributes
    ----------
    rank : int
        The generic rank r of the vectors along the path (= that of their span).
    columns : list of int
        r coordinates independent on the span.
    polys : list of tuple of int
        p_B for the r-subsets B of range(N) in lexicographic order: integer
        coefficients in ascending powers of ε, up to a positive factor per row.

    Raises
    ------
    DegenerateInputError
        A path whose generic rank is below the dimension of its span (fewer points
        than dimensions, or a direction leaving the data's span).

    Examples
    --------
    >>> MinorPath([[-1, 0], [0, 0], [1, 0]], [[0, 0], [0, 1], [0, 0]], True, None).polys
    [(0, -2, 0, 0)]
    """

    def __init__(self, X: MatrixLike, Delta: MatrixLike, bias: bool, limit: int | None) -> None:
        self.X, self.Delta = _data_and_direction(X, Delta)
        self.bias = bias
        A = vectors_of(self.X, bias=bias)
        B = [tuple(d) + ((Fraction(0),) if bias else ()) for d in self.Delta]
        n, D = len(A), len(A[0])
        stacked = [list(r) for r in A] + [list(r) for r in B]
        u = linalg.rank(stacked)
        J = list(range(D)) if u == D else linalg.independent_columns(primitive_rows(stacked), u)
        # rank along the path: max over min(n, u) + 1 sample points is the generic rank
        r = max(
            linalg.rank([[a[j] + t * b[j] for j in range(D)] for a, b in zip(A, B)])
            for t in range(min(n, u) + 1)
        )
        if r != u:
            raise DegenerateInputError(
                f"the path's vectors have generic rank {r} but span a space of dimension {u}; the "
                "type along such a path (fewer points than dimensions, or a path leaving the data's span) "
                "is not handled — add points or choose a direction inside the span"
            )
        self.rank, self.columns = r, J
        # integer rows a_i + ε b_i (a positive row scaling changes no sign)
        self.rows: list[tuple[list[int], list[int]]] = []
        for a, b in zip(A, B):
            den = math.lcm(*(a[j].denominator for j in J), *(b[j].denominator for j in J))
            self.rows.append(([int(a[j] * den) for j in J], [int(b[j] * den) for j in J]))
        self.n = n
        limits.guard(
            f"{r}-subsets of {n} points (minor polynomials)",
            math.comb(n, r),
            limit,
            env="EXACTRELU_POSITION_LIMIT",
        )
        self.polys = self._minor_polynomials()

    def _minor_polynomials(self) -> list[tuple[int, ...]]:
        """p_B for all r-subsets B (lex order), as integer coefficient lists (ascending powers)."""
        r = self.rank
        values = [
            maximal_minors([[a + t * b for a, b in zip(*row)] for row in self.rows], r) for t in range(r + 1)
        ]
        # interpolate through t = 0..r: integer polynomials, exact Fractions in between
        V = flint.fmpq_mat(r + 1, r + 1, [t**k for t in range(r + 1) for k in range(r + 1)])
        Vinv = V.inv()
        W = [[from_flint(Vinv[k, t]) for t in range(r + 1)] for k in range(r + 1)]
        return [tuple(int(dot(Wk, vals)) for Wk in W) for vals in zip(*values)]

    def vectors_at(self, eps: NumberLike) -> Rows:
        """The (unscaled) vectors of X(ε): homogenised if bias."""
        return vectors_of(perturbed(self.X, self.Delta, eps), bias=self.bias)


@dataclass
class RealRoot:
    """A real root of the irreducible integer polynomial ``poly`` isolated in [a, b] (a == b: rational).

    ``poly`` has ascending integer coefficients; ``float(root)`` is the midpoint.

    >>> R = RealRoot((-2, 0, 1), Fraction(1), Fraction(2))    # √2
    >>> R.refine(Fraction(1, 100)); R.exact, R.a <= Fraction(1414, 1000) < R.b
    (None, True)
    """

    poly: tuple[int, ...]
    a: Fraction
    b: Fraction

    @property
    def exact(self) -> Fraction | None:
        """The root itself when it is rational (a == b), else None."""
        return self.a if self.a == self.b else None

    def refine(self, width: Fraction | None = None) -> None:
        """Shrink the isolating interval (to a quarter, or below ``width``)."""
        if self.a == self.b or (width is not None and self.b - self.a <= width):
            return
        p = sympy.Poly(list(reversed(self.poly)), _T)
        a, b = p.refine_root(
            sympy.Rational(self.a),
            sympy.Rational(self.b),
            eps=sympy.Rational(width if width is not None else (self.b - self.a) / 4),
        )
        self.a, self.b = to_fraction(a), to_fraction(b)

    def __float__(self) -> float:
        return float((self.a + self.b) / 2)


def isolate_roots(
    polys: Sequence[Sequence[int]], lo: Fraction, hi: Fraction | float
) -> tuple[list[RealRoot], dict[tuple[int, ...], list[int]]]:
    """Sorted, pairwise strictly separated real roots in [lo, hi] of the irreducible factors of ``polys``.

    Parameters
    ----------
    polys : sequence of integer coefficient sequences (ascending powers)
    lo, hi : exact bounds
        ``hi`` may be ``math.inf``.

    Returns
    -------
    roots : list of RealRoot
        Irrational roots narrowed to width ≤ 2^-40 and inside [lo, hi].
    factor_of : dict
        For each irreducible factor (its coefficient tuple), the indices of the
        polynomials it divides.

    >>> roots, factors = isolate_roots([(0, -2), (-2, 0, 1)], Fraction(0), Fraction(2))
    >>> [R.exact for R in roots], factors
    ([Fraction(0, 1), None], {(0, 1): [0], (-2, 0, 1): [1]})
    """
    factors: dict[tuple[int, ...], list[int]] = {}
    for idx, p in enumerate(polys):
        if not any(p[1:]):
            continue  # zero or a nonzero constant: no isolated root
        _, facs = flint.fmpz_poly(list(p)).factor()
        for f, _mult in facs:
            coeffs = [int(x) for x in f.coeffs()]
            if coeffs[-1] < 0:
                coeffs = [-x for x in coeffs]
            factors.setdefault(tuple(coeffs), []).append(idx)
    roots = []
    for c, _ in factors.items():
        if len(c) == 2:
            x = Fraction(-c[0], c[1])
            if lo <= x <= hi:
                roots.append(RealRoot(c, x, x))
            continue
        p = sympy.Poly(list(reversed(c)), _T)
        sup = None if hi == math.inf else sympy.Rational(hi)
        for (a, b), _ in p.intervals(inf=sympy.Rational(lo), sup=sup):
            roots.append(RealRoot(c, to_fraction(a), to_fraction(b)))
    # separate: refine until consecutive intervals are strictly apart (distinct irreducible
    # factors share no root, so this terminates)
    while True:
        roots.sort(key=lambda R: (R.a, R.b))
        clash = [k for k in range(len(roots) - 1) if roots[k].b >= roots[k + 1].a]
        if not clash:
            break
        for k in clash:
            roots[k].refine()
            roots[k + 1].refine()
    # irrational roots: narrow enough to read (2^-40) and inside [lo, hi]
    for R in roots:
        R.refine(Fraction(1, 2**40))
        while R.exact is None and (R.a < lo or R.b > hi):
            R.refine()
    return roots, factors


# --------------------------------------------------------------------------- one type (at a rational ε)
@dataclass(frozen=True)
class TypeSnapshot:
    """The combinatorial type of one configuration, as far as :func:`type_changes` compares it.

    Attributes
    ----------
    eps : Fraction
        Where on the path (a label only).
    chambers : frozenset of patterns
        The activation patterns (chambers = zonotope vertices).
    f_vector : tuple of int
        As :meth:`Zonotope.f_vector` (empty when faces were not asked for).
    special_faces : tuple of (dimension, generators, n_vertices)
        The proper faces that are not parallelepipeds.
    """

    eps: Fraction
    chambers: frozenset[Pattern]
    f_vector: tuple[int, ...]
    special_faces: tuple[SpecialFace, ...]


def type_snapshot(
    V: Sequence[Sequence[Fraction]], eps: NumberLike, limit: int | None, faces: bool
) -> TypeSnapshot:
    """Chambers, f-vector and non-parallelepiped faces of the vectors V, from one zonotope.

    Parameters
    ----------
    V : rows of exact numbers
        The vectors (homogenised data: see :func:`~exactrelu.geometry.combinatorial_type.vectors_of`).
    eps : exact number
        A label: where on the path V is.
    limit : int, optional
        Size limit for the enumerations.
    faces : bool
        Also compute the f-vector and the non-parallelepiped faces.

    >>> t = type_snapshot(vectors_of([[0], [1], [2]]), 0, None, True)
    >>> len(t.chambers), t.f_vector, t.special_faces
    (6, (1, 6, 6, 1), ())
    """
    eps = to_fraction(eps, where="epsilon")
    Z = Zonotope(V)
    chambers = frozenset(c.pattern for c in Z.arrangement.chambers(limit=limit))
    if not faces:
        return TypeSnapshot(eps, chambers, (), ())
    all_faces = Z.faces(limit=limit)
    dims = [F.dimension for F in all_faces]
    f_vector = (1,) + tuple(dims.count(k) for k in range(Z.rank() + 1))  # as Zonotope.f_vector()
    return TypeSnapshot(eps, chambers, f_vector, _special_faces(V, all_faces, Z.rank()))


def _special_faces(
    V: Sequence[Sequence[Fraction]], faces: Sequence[ZonotopeFace], top: int
) -> tuple[SpecialFace, ...]:
    """Proper faces that are not parallelepipeds: (dimension, generators, number of vertices).

    A face with covector c is the zonotope of the generators {i : c_i = 0}; it is a
    parallelepiped iff their number equals its dimension.  Z itself (dimension
    ``top``) is left out.
    """
    out = []
    for F in faces:
        gens = tuple(i for i, s in enumerate(F.covector) if s == 0)
        if len(gens) > F.dimension >= 1 and F.dimension < top:
            out.append((F.dimension, gens, HyperplaneArrangement([V[i] for i in gens]).n_regions()))
    return tuple(sorted(set(out)))


def _tiles(path: MinorPath, eps: Fraction, gens: Sequence[int], dim: int) -> int | None:
    """Number of dim-faces tiling a former non-parallelepiped face: half the dim-faces of Z(gens) at ε."""
    V = path.vectors_at(eps)
    Zg = Zonotope([V[i] for i in gens])
    if Zg.rank() != dim + 1:
        return None
    return Zg.f_vector()[dim + 1] // 2  # f_vector()[k + 1] counts the k-faces


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class TypeChange:
    """One critical ε on a path X + εΔ where the labelled combinatorial type changes.

    Attributes
    ----------
    epsilon : Fraction or None
        The critical value when rational; None when it is irrational.
    interval : (Fraction, Fraction)
        An isolating interval [a, b] (a == b for rational roots).
    polynomial : tuple of int
        Its minimal polynomial over Q (ascending coefficients, primitive).
    vanishing_subsets : tuple of tuples
        The r-subsets of points whose minor vanishes at ε (dependencies that exist
        only at ε; at the data themselves, ε = 0, these are the dependencies a
        perturbation breaks).
    before, after : Fraction or None
        Rational sample points in the neighbouring open intervals (None when ε is
        an end of the searched interval).
    gained, lost : tuple of patterns
        Activation patterns (chambers = zonotope vertices) present after but not
        before, and before but not after.
    vanished_at : tuple of patterns
        Patterns present before or after but not at ε (computed when ε is rational).
    n_chambers, f_vectors : (before, at, after)
        At ε itself only when ε is rational (None otherwise).
    special_faces : tuple of dicts
        Faces of the zonotope at ε that are not parallelepipeds (more generators
        than their dimension): dimension, generators, number of vertices, and into
        how many parallelepiped-like faces they split before / after.
    """

    epsilon: Fraction | None
    interval: tuple[Fraction, Fraction]
    polynomial: tuple[int, ...]
    vanishing_subsets: tuple[tuple[int, ...], ...]
    before: Fraction | None
    after: Fraction | None
    gained: tuple[Pattern, ...]
    lost: tuple[Pattern, ...]
    vanished_at: tuple[Pattern, ...] | None
    n_chambers: tuple[int | None, int | None, int | None]
    f_vectors: tuple[tuple[int, ...] | None, ...]
    special_faces: tuple[dict[str, Any], ...] = ()

    @property
    def crosses(self) -> bool:
        """True iff the types just before and just after differ (not a touching root)."""
        return bool(self.gained or self.lost)

    def epsilon_str(self) -> str:
        """ε as text: the rational itself, or its minimal polynomial with an isolating interval."""
        if self.epsilon is not None:
            return str(self.epsilon)
        poly = sympy.Poly(list(reversed(self.polynomial)), _T).as_expr()
        a, b = self.interval
        return f"root of {poly} in [{a}, {b}] (≈ {float((a + b) / 2):.6g})"

    def describe(self) -> str:
        """A few human-readable lines: the dependent subsets, the chambers and faces before / at / after."""
        lines = [
            f"ε = {self.epsilon_str()}: {len(self.vanishing_subsets)} subset(s) dependent "
            f"{[list(B) for B in self.vanishing_subsets[:6]]}"
            f"{' …' if len(self.vanishing_subsets) > 6 else ''}"
        ]
        nb, na, naf = self.n_chambers
        lines.append(
            f"  chambers before/at/after: {nb}/{'?' if na is None else na}/{naf}; "
            f"gained {[pattern_string(p) for p in self.gained]}, "
            f"lost {[pattern_string(p) for p in self.lost]}"
        )
        if self.f_vectors and self.f_vectors[0]:
            fb, f0, fa = self.f_vectors
            lines.append(f"  f-vectors before/at/after: {fb} / {f0} / {fa}")
        for F in self.special_faces:
            lines.append(
                f"  at ε the {F['dimension']}-face on generators {list(F['generators'])} has "
                f"{F['n_vertices']} vertices (not a parallelepiped); it is tiled by "
                f"{F['tiles_before']} / {F['tiles_after']} faces before / after"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "epsilon": self.epsilon,
                "epsilon_float": float(sum(self.interval) / 2),
                "interval": list(self.interval),
                "polynomial": list(self.polynomial),
                "vanishing_subsets": [list(B) for B in self.vanishing_subsets],
                "before": self.before,
                "after": self.after,
                "gained": [pattern_string(p) for p in self.gained],
                "lost": [pattern_string(p) for p in self.lost],
                "vanished_at": [pattern_string(p) for p in self.vanished_at]
                if self.vanished_at is not None
                else None,
                "n_chambers": list(self.n_chambers),
                "f_vectors": [list(f) if f else None for f in self.f_vectors],
                "special_faces": [dict(F, generators=list(F["generators"])) for F in self.special_faces],
                "crosses": self.crosses,
            }
        )


@dataclass(frozen=True)
class PathAnalysis:
    """All type changes of X + εΔ for ε in [lo, hi]; see :func:`type_changes`.

    ``samples`` holds (ε sample, number of chambers) on each open interval between
    changes; ``len(analysis)`` is the number of changes.
    """

    interval: tuple[Fraction, Fraction | float]
    rank: int
    changes: tuple[TypeChange, ...]
    samples: tuple[tuple[Fraction, int], ...]
    stable_radius: StabilityRadius | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.changes)

    def describe(self) -> str:
        """The interval, then :meth:`TypeChange.describe` of every change."""
        lo, hi = self.interval
        head = f"type changes of X + εΔ for ε in [{lo}, {hi}]: {len(self.changes)}"
        return "\n".join([head] + [c.describe() for c in self.changes])

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "interval": list(self.interval),
                "rank": self.rank,
                "changes": [c.to_dict() for c in self.changes],
                "samples": [{"epsilon": e, "n_chambers": n} for e, n in self.samples],
                "stable_radius": self.stable_radius.to_dict() if self.stable_radius is not None else None,
            }
        )


def _sample_points(
    roots: Sequence[RealRoot], lo: Fraction, hi: Fraction | float
) -> tuple[list[Fraction | None], list[Fraction | None]]:
    """Rational samples before[k], after[k] around each root (None where the root is an end of [lo, hi]).

    The type is constant on [lo, first root) and between consecutive roots, so lo
    itself (when not a root) and the simplest rational of each gap serve.
    """
    before: list[Fraction | None] = []
    after: list[Fraction | None] = []
    for k, R in enumerate(roots):
        before.append(after[k - 1] if k else (None if R.exact == lo else lo))
        if k + 1 < len(roots):
            after.append(simplest_between(R.b, roots[k + 1].a))
        elif R.exact == hi:
            after.append(None)
        elif isinstance(hi, Fraction):
            after.append(hi)
        else:
            after.append(Fraction(math.floor(R.b) + 1))
    return before, after


def type_changes(
    X: MatrixLike,
    Delta: MatrixLike,
    interval: tuple[NumberLike, NumberLike] = (0, 1),
    *,
    bias: bool = True,
    faces: bool = True,
    limit: int | None = None,
    progress: bool = False,
) -> PathAnalysis:
    """Every ε in [lo, hi] where the labelled combinatorial type of X + εΔ changes.

    Parameters
    ----------
    X : table of N points in R^d
    Delta : table of N directions in R^d (the bias coordinate does not move)
    interval : (lo, hi)
        Exact bounds; ``hi`` may be ``math.inf``.
    bias : bool
    faces : bool
        Also compute f-vectors and the non-parallelepiped faces at rational critical ε.
    limit : int, optional
        Size limit for the subset scans and enumerations.
    progress : bool
        A progress bar over the critical values.

    Returns
    -------
    PathAnalysis

    Raises
    ------
    InvalidDataError
        An empty interval, or a direction of another shape than the data.
    DegenerateInputError
        A path that leaves the span of the data (see :class:`MinorPath`).

    Notes
    -----
    Cost: C(N, r) minors at r + 1 points, interpolated exactly; FLINT factors
    each polynomial over Z; sympy isolates the real roots of the distinct
    irreducible factors; one exact chamber enumeration per sample point.

    Examples
    --------
    Moving the middle of three collinear points off the line (bias): at ε = 0 the
    points are dependent, every ε ≠ 0 gives general position.

    >>> pa = type_changes([[-1, 0], [0, 0], [1, 0]], [[0, 0], [0, 1], [0, 0]], (0, 1))
    >>> [(str(c.epsilon), c.vanishing_subsets, c.n_chambers, c.gained) for c in pa.changes]
    [('0', ((0, 1, 2),), (None, 6, 8), ((0, 1, 0), (1, 0, 1)))]

    Two points moving at once give a quadratic minor 1 + 2ε − ε², with the
    irrational root 1 + √2, where the three points pass through a collinear
    position (the type differs only at that ε: a global sign flip of the
    chirotope is no change):

    >>> pa = type_changes([[0, 0], [1, 0], [0, 1]], [[0, 0], [1, 2], [1, 1]], (0, 3), faces=False)
    >>> c = pa.changes[0]
    >>> c.epsilon, c.polynomial, c.interval[0] < 1 + 2 ** 0.5 < c.interval[1], c.n_chambers, c.crosses
    (None, (-1, -2, 1), True, (8, None, 8), False)
    """
    lo = to_fraction(interval[0], where="interval start")
    hi: Fraction | float = (
        math.inf if interval[1] == math.inf else to_fraction(interval[1], where="interval end")
    )
    if not lo <= hi:
        raise InvalidDataError(f"interval must satisfy lo <= hi, got [{lo}, {hi}]")
    path = MinorPath(X, Delta, bias, limit)
    roots, factors = isolate_roots(path.polys, lo, hi)
    subsets = list(itertools.combinations(range(path.n), path.rank))
    before, after = _sample_points(roots, lo, hi)
    cache: dict[Fraction, TypeSnapshot] = {}

    def at(e: Fraction) -> TypeSnapshot:
        if e not in cache:
            cache[e] = type_snapshot(path.vectors_at(e), e, limit, faces)
        return cache[e]

    with progress_bar(progress, len(roots), "critical values") as bar:
        changes = []
        for R, b, a in zip(roots, before, after):
            tb = at(b) if b is not None else None
            ta = at(a) if a is not None else None
            t0 = at(R.exact) if R.exact is not None else None
            empty: frozenset[Pattern] = frozenset()
            cb = tb.chambers if tb else empty
            ca = ta.chambers if ta else empty
            c0 = t0.chambers if t0 else empty
            vanished = tuple(sorted((cb | ca) - c0)) if t0 is not None else None
            # a missing side is an end of [lo, hi], where the root is rational: compare with the type at ε
            # (chambers at ε persist on both sides, so this gains/loses what the open side does)
            side_b = cb if tb else c0
            side_a = ca if ta else c0
            special = []
            if t0 is not None and faces:
                for dim, gens, nv in t0.special_faces:
                    special.append(
                        {
                            "dimension": dim,
                            "generators": gens,
                            "n_vertices": nv,
                            "tiles_before": _tiles(path, b, gens, dim) if b is not None else None,
                            "tiles_after": _tiles(path, a, gens, dim) if a is not None else None,
                        }
                    )
            changes.append(
                TypeChange(
                    epsilon=R.exact,
                    interval=(R.a, R.b),
                    polynomial=R.poly,
                    vanishing_subsets=tuple(subsets[i] for i in factors[R.poly]),
                    before=b,
                    after=a,
                    gained=tuple(sorted(side_a - side_b)),
                    lost=tuple(sorted(side_b - side_a)),
                    vanished_at=vanished,
                    n_chambers=(
                        len(cb) if tb else None,
                        len(c0) if t0 else None,
                        len(ca) if ta else None,
                    ),
                    f_vectors=(
                        (tb.f_vector if tb else None),
                        (t0.f_vector if t0 else None),
                        (ta.f_vector if ta else None),
                    )
                    if faces
                    else (),
                    special_faces=tuple(special),
                )
            )
            bar.update()
    samples = sorted({(e, len(t.chambers)) for e, t in cache.items() if all(e != R.exact for R in roots)})
    if not roots:
        samples = [(lo, len(at(lo).chambers))]
    return PathAnalysis((lo, hi), path.rank, tuple(changes), tuple(samples))
