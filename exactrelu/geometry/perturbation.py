"""Exact analysis of how a dataset's combinatorial type changes under perturbation.

Matena & Raffel (2022), section 4.1.1: the global optimum of the loss is
continuous in the data when the data are in general position (Theorem 4.1)
because then a small perturbation keeps the zonotope combinatorially the same;
without general position, breaking an affine dependency can (a) change the
per-region problem of a vertex that exists before and after, or (b) create new
vertices — "the breakdown of a non-parallelepiped higher dimension face".

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

Also here: :func:`perturbation_report` (one concrete ε), :func:`probe_stability`
(random directions: does *any* small perturbation change the type?) and
:func:`breaking_perturbation` (for degenerate data, an arbitrarily small
perturbation that provably changes the type).
"""

import itertools
import math
import random
from dataclasses import dataclass, field
from fractions import Fraction

import flint
import sympy

from exactrelu.exact import limits, linalg
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.intervals import norm_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_matrix, pattern_string, to_fraction
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import (
    maximal_minors,
    same_combinatorial_type,
    stability_radius,
    vectors_of,
)
from exactrelu.geometry.zonotope import Zonotope

__all__ = [
    "PathAnalysis",
    "PerturbationReport",
    "ProbeResult",
    "TypeChange",
    "breaking_perturbation",
    "perturbation_report",
    "perturbed",
    "probe_stability",
    "random_direction",
    "simplest_between",
    "type_changes",
]

_T = sympy.Symbol("epsilon")


# --------------------------------------------------------------------------- small helpers
def simplest_between(a, b):
    """The rational with the smallest denominator (then numerator) in the open interval (a, b).

    Stern–Brocot descent by continued fractions; ``b`` may be ``math.inf``.

    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(-1, 1), simplest_between(2, math.inf)
    (Fraction(2, 5), Fraction(0, 1), Fraction(3, 1))
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


def perturbed(X, Delta, eps):
    """The dataset X + ε Δ as Fraction rows."""
    X = exact_matrix(X, name="data")
    D = exact_matrix(Delta, name="direction")
    if len(D) != len(X) or len(D[0]) != len(X[0]):
        raise InvalidDataError(f"direction has shape {len(D)}x{len(D[0])}, data {len(X)}x{len(X[0])}")
    e = to_fraction(eps, where="epsilon")
    return tuple(tuple(x + e * d for x, d in zip(rx, rd)) for rx, rd in zip(X, D))


# --------------------------------------------------------------------------- minors along a path
class _Path:
    """The integer minor polynomials of X(ε) = X + εΔ (homogenised), ε a formal variable."""

    def __init__(self, X, Delta, bias, limit):
        self.X = exact_matrix(X, name="data")
        self.Delta = exact_matrix(Delta, name="direction")
        if len(self.Delta) != len(self.X) or len(self.Delta[0]) != len(self.X[0]):
            raise InvalidDataError(
                f"direction must have the shape of the data ({len(self.X)}x{len(self.X[0])}), "
                f"got {len(self.Delta)}x{len(self.Delta[0])}"
            )
        self.bias = bias
        A = vectors_of(self.X, bias=bias)
        B = [tuple(d) + ((Fraction(0),) if bias else ()) for d in self.Delta]
        n, D = len(A), len(A[0])
        stacked = [list(r) for r in A] + [list(r) for r in B]
        u = linalg.rank(stacked)
        J = list(range(D)) if u == D else _columns(stacked, u)
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
        self.rows = []
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

    def _minor_polynomials(self):
        """p_B for all r-subsets B (lex order), as integer coefficient lists (ascending powers)."""
        r = self.rank
        values = [
            maximal_minors([[a + t * b for a, b in zip(*row)] for row in self.rows], r) for t in range(r + 1)
        ]
        # interpolate through t = 0..r: integer polynomials, exact Fractions in between
        V = flint.fmpq_mat(r + 1, r + 1, [t**k for t in range(r + 1) for k in range(r + 1)])
        Vinv = V.inv()
        W = [[Fraction(int(Vinv[k, t].p), int(Vinv[k, t].q)) for t in range(r + 1)] for k in range(r + 1)]
        polys = []
        for vals in zip(*values):
            coeffs = [sum(w * v for w, v in zip(Wk, vals)) for Wk in W]
            polys.append(tuple(int(c) for c in coeffs))
        return polys

    def vectors_at(self, eps):
        """The (unscaled) vectors of X(ε): homogenised if bias."""
        return vectors_of(perturbed(self.X, self.Delta, eps), bias=self.bias)


def _columns(rows, r):
    from exactrelu.exact.parse import primitive_rows

    return linalg.independent_columns(primitive_rows([tuple(Fraction(x) for x in row) for row in rows]), r)


@dataclass
class _Root:
    """A real root of the irreducible integer polynomial ``poly`` isolated in [a, b] (a == b: rational)."""

    poly: tuple
    a: Fraction
    b: Fraction

    @property
    def exact(self):
        return self.a if self.a == self.b else None

    def refine(self, width=None):
        """Shrink the isolating interval (to a quarter, or below ``width``)."""
        if self.a == self.b or (width is not None and self.b - self.a <= width):
            return
        p = sympy.Poly(list(reversed(self.poly)), _T)
        a, b = p.refine_root(
            sympy.Rational(self.a),
            sympy.Rational(self.b),
            eps=sympy.Rational(width if width is not None else (self.b - self.a) / 4),
        )
        self.a, self.b = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))

    def __float__(self):
        return float((self.a + self.b) / 2)


def _roots(polys, lo, hi):
    """Sorted, pairwise strictly separated real roots in [lo, hi] of the irreducible factors of ``polys``.

    Returns (roots, factor_of) where factor_of[k] lists the indices of the polynomials
    vanishing at roots of factor k (the factors are keyed by their coefficient tuple).
    """
    factors = {}
    for idx, p in enumerate(polys):
        if not any(p) or len([c for c in p if c]) == 0:
            continue
        if not any(p[1:]):
            continue  # a nonzero constant: never vanishes
        _, facs = flint.fmpz_poly(list(p)).factor()
        for f, _mult in facs:
            c = [int(x) for x in f.coeffs()]
            if c[-1] < 0:
                c = [-x for x in c]
            factors.setdefault(tuple(c), []).append(idx)
    roots = []
    for c, _ in factors.items():
        if len(c) == 2:
            x = Fraction(-c[0], c[1])
            if lo <= x <= hi:
                roots.append(_Root(c, x, x))
            continue
        p = sympy.Poly(list(reversed(c)), _T)
        sup = None if hi == math.inf else sympy.Rational(hi)
        for (a, b), _ in p.intervals(inf=sympy.Rational(lo), sup=sup):
            roots.append(_Root(c, Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))))
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
class _TypeAt:
    eps: Fraction
    chambers: frozenset
    f_vector: tuple
    special_faces: tuple  # (dimension, generators, n_vertices) of non-parallelepiped faces


def _type_of(V, eps, limit, faces):
    """Chambers, f-vector and non-parallelepiped faces of one configuration, from one zonotope."""
    Z = Zonotope(V)
    chambers = frozenset(c.pattern for c in Z.arrangement.chambers(limit=limit))
    if not faces:
        return _TypeAt(eps, chambers, (), ())
    all_faces = Z.faces(limit=limit)
    dims = [F.dimension for F in all_faces]
    f_vector = (1,) + tuple(dims.count(k) for k in range(Z.rank() + 1))  # as Zonotope.f_vector()
    return _TypeAt(eps, chambers, f_vector, _special_faces(V, all_faces, Z.rank()))


def _type_at(path, eps, limit, faces):
    return _type_of(path.vectors_at(eps), eps, limit, faces)


def _tiles(path, eps, gens, dim):
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
    interval: tuple
    polynomial: tuple
    vanishing_subsets: tuple
    before: Fraction | None
    after: Fraction | None
    gained: tuple
    lost: tuple
    vanished_at: tuple | None
    n_chambers: tuple
    f_vectors: tuple
    special_faces: tuple = ()

    @property
    def crosses(self):
        """True iff the types just before and just after differ (not a touching root)."""
        return bool(self.gained or self.lost)

    def epsilon_str(self):
        if self.epsilon is not None:
            return str(self.epsilon)
        poly = sympy.Poly(list(reversed(self.polynomial)), _T).as_expr()
        return f"root of {poly} in [{self.interval[0]}, {self.interval[1]}] (≈ {float(sum(self.interval) / 2):.6g})"

    def describe(self):
        lines = [
            f"ε = {self.epsilon_str()}: {len(self.vanishing_subsets)} subset(s) dependent "
            f"{[list(B) for B in self.vanishing_subsets[:6]]}{' …' if len(self.vanishing_subsets) > 6 else ''}"
        ]
        nb, na, naf = self.n_chambers
        lines.append(
            f"  chambers before/at/after: {nb}/{'?' if na is None else na}/{naf}; "
            f"gained {[pattern_string(p) for p in self.gained]}, lost {[pattern_string(p) for p in self.lost]}"
        )
        if self.f_vectors and self.f_vectors[0]:
            lines.append(
                f"  f-vectors before/at/after: {self.f_vectors[0]} / {self.f_vectors[1]} / {self.f_vectors[2]}"
            )
        for F in self.special_faces:
            lines.append(
                f"  at ε the {F['dimension']}-face on generators {list(F['generators'])} has "
                f"{F['n_vertices']} vertices (not a parallelepiped); it is tiled by "
                f"{F['tiles_before']} / {F['tiles_after']} faces before / after"
            )
        return "\n".join(lines)

    def to_dict(self):
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
    """All type changes of X + εΔ for ε in [lo, hi]; see :func:`type_changes`."""

    interval: tuple
    rank: int
    changes: tuple
    samples: tuple  # (ε sample, number of chambers) on each open interval between changes
    stable_radius: object = field(default=None, compare=False)

    def __len__(self):
        return len(self.changes)

    def describe(self):
        lo, hi = self.interval
        head = f"type changes of X + εΔ for ε in [{lo}, {hi}]: {len(self.changes)}"
        return "\n".join([head] + [c.describe() for c in self.changes])

    def to_dict(self):
        return to_jsonable(
            {
                "interval": list(self.interval),
                "rank": self.rank,
                "changes": [c.to_dict() for c in self.changes],
                "samples": [{"epsilon": e, "n_chambers": n} for e, n in self.samples],
                "stable_radius": self.stable_radius.to_dict() if self.stable_radius is not None else None,
            }
        )


def _sample_points(roots, lo, hi):
    """Rational samples before[k], after[k] around each root (None where the root is an end of [lo, hi]).

    The type is constant on [lo, first root) and between consecutive roots, so lo
    itself (when not a root) and the simplest rational of each gap serve.
    """
    before, after = [], []
    for k, R in enumerate(roots):
        before.append(after[k - 1] if k else (None if R.exact == lo else lo))
        if k + 1 < len(roots):
            after.append(simplest_between(R.b, roots[k + 1].a))
        elif R.exact == hi:
            after.append(None)
        else:
            after.append(hi if hi != math.inf else Fraction(math.floor(R.b) + 1))
    return before, after


def type_changes(X, Delta, interval=(0, 1), *, bias=True, faces=True, limit=None, progress=False):
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
    hi = interval[1] if interval[1] == math.inf else to_fraction(interval[1], where="interval end")
    if not lo <= hi:
        raise InvalidDataError(f"interval must satisfy lo <= hi, got [{lo}, {hi}]")
    path = _Path(X, Delta, bias, limit)
    roots, factors = _roots(path.polys, lo, hi)
    subsets = list(itertools.combinations(range(path.n), path.rank))
    before, after = _sample_points(roots, lo, hi)
    cache = {}

    def at(e):
        if e not in cache:
            cache[e] = _type_at(path, e, limit, faces)
        return cache[e]

    with progress_bar(progress, len(roots), "critical values") as bar:
        changes = []
        for R, b, a in zip(roots, before, after):
            tb = at(b) if b is not None else None
            ta = at(a) if a is not None else None
            t0 = at(R.exact) if R.exact is not None else None
            cb = tb.chambers if tb else frozenset()
            ca = ta.chambers if ta else frozenset()
            vanished = tuple(sorted((cb | ca) - t0.chambers)) if t0 is not None else None
            # a missing side is an end of [lo, hi], where the root is rational: compare with the type at ε
            # (chambers at ε persist on both sides, so this gains/loses what the open side does)
            side_b = cb if tb else t0.chambers
            side_a = ca if ta else t0.chambers
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
                        len(t0.chambers) if t0 else None,
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


# --------------------------------------------------------------------------- one concrete perturbation
def _special_faces(V, faces, top):
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


def _max_norm_sq(Delta, eps):
    return max(sum((eps * d) ** 2 for d in row) for row in Delta)


@dataclass(frozen=True)
class PerturbationReport:
    """How the combinatorial type of X changes when it is replaced by X + εΔ.

    ``gained``/``lost`` are activation patterns (zonotope vertices);
    ``broken``/``created`` are r-subsets whose minor goes from zero to nonzero
    and back; ``displacement`` is max_i ‖εΔ_i‖₂ (float, for reading; its exact
    square is ``displacement_sq``); ``path`` lists every change for ε' between
    0 and ε (:func:`type_changes`); ``stable_radius`` is the certified radius of X.
    """

    epsilon: Fraction
    same_type: bool
    reason: str
    gained: tuple
    lost: tuple
    n_chambers: tuple
    f_vectors: tuple
    broken: tuple
    created: tuple
    special_faces: tuple
    displacement_sq: Fraction
    path: PathAnalysis | None
    stable_radius: object

    @property
    def displacement(self):
        return math.sqrt(self.displacement_sq)

    def describe(self):
        lines = [
            f"perturbation X + εΔ with ε = {self.epsilon} (max point displacement {self.displacement:.6g}); "
            f"certified stability radius of X: {self.stable_radius.radius} (≈ {float(self.stable_radius.radius):.3g})",
            f"same labelled type: {self.same_type} ({self.reason})",
            f"chambers {self.n_chambers[0]} → {self.n_chambers[1]}; f-vector {self.f_vectors[0]} → {self.f_vectors[1]}",
            f"gained patterns {[pattern_string(p) for p in self.gained]}",
            f"lost patterns   {[pattern_string(p) for p in self.lost]}",
        ]
        if self.broken or self.created:
            lines.append(
                f"dependencies broken {[list(B) for B in self.broken]}, created {[list(B) for B in self.created]}"
            )
        for when, faces in zip(("before", "after"), self.special_faces):
            for dim, gens, nv in faces:
                lines.append(
                    f"{when}: {dim}-face on generators {list(gens)} with {nv} vertices (not a parallelepiped)"
                )
        if self.path is not None:
            lines.append(self.path.describe())
        return "\n".join(lines)

    def to_dict(self):
        return to_jsonable(
            {
                "epsilon": self.epsilon,
                "same_type": self.same_type,
                "reason": self.reason,
                "gained": [pattern_string(p) for p in self.gained],
                "lost": [pattern_string(p) for p in self.lost],
                "n_chambers": list(self.n_chambers),
                "f_vectors": [list(f) for f in self.f_vectors],
                "broken_dependencies": [list(B) for B in self.broken],
                "created_dependencies": [list(B) for B in self.created],
                "special_faces": [
                    [{"dimension": d, "generators": list(g), "n_vertices": v} for d, g, v in fs]
                    for fs in self.special_faces
                ],
                "displacement": self.displacement,
                "displacement_sq": self.displacement_sq,
                "changes": [c.to_dict() for c in self.path.changes] if self.path is not None else None,
                "stable_radius": self.stable_radius.to_dict(),
            }
        )


def perturbation_report(X, Delta, eps, *, bias=True, path=True, faces=True, limit=None):
    """Compare the combinatorial types of X and X + εΔ exactly.

    Parameters
    ----------
    X, Delta : tables of N points / directions in R^d
    eps : exact number
    bias : bool
    path : bool
        Also list every type change between 0 and ε (:func:`type_changes`).
    faces : bool
        Compute f-vectors and non-parallelepiped faces.
    limit : int, optional

    Returns
    -------
    PerturbationReport

    Examples
    --------
    Breaking the collinear triple of a 4-point dataset creates two vertices:

    >>> rep = perturbation_report([[-1, 0], [0, 0], [1, 0], [0, 2]], [[0, 0], [0, 1], [0, 0], [0, 0]],
    ...                           Fraction(1, 10))
    >>> rep.same_type, rep.n_chambers, rep.broken, rep.special_faces[0]
    (False, (12, 14), ((0, 1, 2),), ((2, (0, 1, 2), 6),))
    """
    X = exact_matrix(X, name="data")
    eps = to_fraction(eps, where="epsilon")
    Xp = perturbed(X, Delta, eps)
    VX, VY = vectors_of(X, bias=bias), vectors_of(Xp, bias=bias)
    cmp = same_combinatorial_type(X, Xp, bias=bias, witness=False, limit=limit)
    tx, ty = _type_of(VX, 0, limit, faces), _type_of(VY, eps, limit, faces)
    before, after = tx.chambers, ty.chambers
    broken = created = ()
    if cmp.chirotope_x is not None and cmp.chirotope_x.rank == cmp.chirotope_y.rank:
        subs = list(cmp.chirotope_x.subsets())
        broken = tuple(
            B for B, a, b in zip(subs, cmp.chirotope_x.signs, cmp.chirotope_y.signs) if a == 0 != b
        )
        created = tuple(
            B for B, a, b in zip(subs, cmp.chirotope_x.signs, cmp.chirotope_y.signs) if b == 0 != a
        )
    fv, special = (tx.f_vector, ty.f_vector), (tx.special_faces, ty.special_faces)
    lo, hi = (0, eps) if eps >= 0 else (eps, 0)
    pa = type_changes(X, Delta, (lo, hi), bias=bias, faces=faces, limit=limit) if path and eps != 0 else None
    return PerturbationReport(
        eps,
        cmp.same,
        cmp.reason,
        tuple(sorted(after - before)),
        tuple(sorted(before - after)),
        (len(before), len(after)),
        fv,
        broken,
        created,
        special,
        _max_norm_sq(exact_matrix(Delta, name="direction"), eps),
        pa,
        stability_radius(X, bias=bias, limit=limit),
    )


# --------------------------------------------------------------------------- probing
def random_direction(rng, N, d, max_entry):
    """A random non-zero N × d direction Δ with integer entries in [−max_entry, max_entry]."""
    while True:
        D = [[Fraction(rng.randint(-max_entry, max_entry)) for _ in range(d)] for _ in range(N)]
        if any(any(r) for r in D):
            return D


@dataclass(frozen=True)
class ProbeResult:
    """Random straight-line probes of the type's stability; see :func:`probe_stability`.

    ``first_changes`` holds, per direction Δ, the isolating interval of the first
    critical ε ≥ 0 and the displacement max_i ε‖Δ_i‖₂ there (float, for
    reading).  ``immediate`` counts directions whose first change is at ε = 0 —
    every arbitrarily small step along them changes the type.  ``consistent``
    certifies, exactly, that the certified radius is below every first-change
    displacement (as it must be).
    """

    trials: int
    immediate: int
    first_changes: tuple
    radius: object
    consistent: bool
    example_direction: tuple | None = None

    @property
    def changes_under_small_perturbation(self):
        return self.immediate > 0

    @property
    def min_displacement(self):
        vals = [c["displacement"] for c in self.first_changes if c["displacement"] is not None]
        return min(vals) if vals else math.inf

    def to_dict(self):
        return to_jsonable(
            {
                "trials": self.trials,
                "immediate": self.immediate,
                "changes_under_small_perturbation": self.changes_under_small_perturbation,
                "min_displacement": self.min_displacement if self.min_displacement != math.inf else None,
                "certified_radius": self.radius.radius,
                "certified_radius_float": float(self.radius.radius),
                "consistent": self.consistent,
                "example_direction": (
                    [list(r) for r in self.example_direction] if self.example_direction else None
                ),
                "first_changes": [
                    dict(c, interval=list(c["interval"]) if c["interval"] else None)
                    for c in self.first_changes
                ],
            }
        )


def probe_stability(X, *, trials=20, seed=0, bias=True, max_entry=3, limit=None, progress=False):
    """Does a small perturbation change the type?  Probe random integer directions exactly.

    For each random direction Δ (integer entries in [-max_entry, max_entry]) the
    first ε ≥ 0 where some minor of X + εΔ vanishes is found exactly (the type
    changes there and is constant before).  For data in general position no
    direction changes the type below the certified radius, and the smallest
    displacement found is an upper estimate of the true stability radius; for
    degenerate data almost every direction changes it at ε = 0+.  Needs
    N ≥ d + 1 points (N ≥ d without bias): with fewer, a random path leaves the
    span of the data and :class:`DegenerateInputError` is raised.

    Examples
    --------
    >>> pr = probe_stability([[0, 0], [1, 1], [2, 2], [0, 1]], trials=3)
    >>> pr.immediate, pr.changes_under_small_perturbation
    (3, True)
    >>> pr = probe_stability([[0, 0], [4, 0], [0, 4], [5, 5]], trials=5)
    >>> pr.immediate, pr.consistent, pr.min_displacement > float(pr.radius.radius)
    (0, True, True)
    """
    X = exact_matrix(X, name="data")
    rng = random.Random(seed)
    radius = stability_radius(X, bias=bias, limit=limit)
    out, immediate, consistent, example = [], 0, True, None
    with progress_bar(progress, trials, "directions") as bar:
        for _ in range(trials):
            for _attempt in range(100):  # a direction that leaves the data's span along the path: draw again
                Delta = random_direction(rng, len(X), len(X[0]), max_entry)
                try:
                    path = _Path(X, Delta, bias, limit)
                    break
                except DegenerateInputError:
                    continue
            else:
                raise DegenerateInputError(
                    "no random direction keeps the path's rank equal to its span (fewer points than dimensions?)"
                )
            roots, _ = _roots(path.polys, Fraction(0), math.inf)
            norm_sq = max(sum(d * d for d in row) for row in Delta)
            if not roots:
                out.append({"interval": None, "epsilon": None, "displacement": None})
            else:
                R = roots[0]
                if R.exact == 0:
                    immediate += 1
                    example = example or tuple(tuple(r) for r in Delta)
                # exact: δ² ≤ a² max‖Δ_i‖² with a the interval's lower end (≤ the critical ε); refine
                # the isolating interval until this is decided (it must hold if the radius is right)
                for _ in range(200):
                    if radius.radius**2 <= R.a**2 * norm_sq or R.exact is not None:
                        break
                    R.refine()
                consistent &= radius.radius**2 <= R.a**2 * norm_sq
                out.append(
                    {
                        "interval": (R.a, R.b),
                        "epsilon": R.exact,
                        "displacement": float(R) * math.sqrt(norm_sq),
                    }
                )
            bar.update()
    return ProbeResult(trials, immediate, tuple(out), radius, consistent, example)


def breaking_perturbation(X, eta=Fraction(1, 1000), *, bias=True, seed=0, tries=50, limit=None):
    """For data not in general position: a perturbation of size ≤ η that changes the labelled type.

    Moves the points of a dependent subset (a circuit, from the general-position
    certificate) by random rational vectors of ℓ₂ norm ≤ η.  The change is
    certified by :func:`~exactrelu.geometry.combinatorial_type.same_combinatorial_type`,
    with a chamber present in exactly one of the two arrangements.

    Returns
    -------
    (Delta, TypeComparison)
        ``Delta`` exact rational with max_i ‖Δ_i‖₂ ≤ η; the comparison says
        "not the same type" and carries the distinguishing chamber.

    Raises
    ------
    InvalidDataError
        When the data are in general position (no perturbation below the
        certified radius changes the type), or η ≤ 0.

    Examples
    --------
    >>> Delta, cmp = breaking_perturbation([[0], [0], [1]], Fraction(1, 10**6))
    >>> cmp.same, cmp.pattern, cmp.present_in
    (False, (0, 1, 0), 'y')
    """

    X = exact_matrix(X, name="data")
    eta = to_fraction(eta, where="eta")
    if eta <= 0:
        raise InvalidDataError(f"eta must be positive, got {eta}")
    sr = stability_radius(X, bias=bias, limit=limit)
    if sr.holds:
        raise InvalidDataError(
            f"the data are in general position: no perturbation of size below the "
            f"certified radius {sr.radius} changes the type"
        )
    movers = sr.general_position.subset
    rng = random.Random(seed)
    d = len(X[0])
    for _ in range(tries):
        Delta = [[Fraction(0)] * d for _ in X]
        for i in movers:
            v = [Fraction(rng.randint(-9, 9)) for _ in range(d)]
            if any(v):
                scale = eta / norm_upper(v)
                Delta[i] = [x * scale for x in v]
        cmp = same_combinatorial_type(X, perturbed(X, Delta, 1), bias=bias, limit=limit)
        if not cmp.same:
            return tuple(tuple(r) for r in Delta), cmp
    raise DegenerateInputError(
        f"no type-changing perturbation found in {tries} random tries "  # pragma: no cover
        "(should not happen: a generic perturbation breaks every dependency)"
    )
