"""Exact activation-pattern sets for the convex reformulation of two-layer ReLU training.

Wang, Lacotte & Pilanci, "The hidden convex optimization landscape of regularized
two-layer ReLU networks" (ICLR 2022), section 1.3:

* the **dichotomies** D_1..D_p are all values of diag(1[X u > 0]): one per chamber of
  the central arrangement with normals the rows x_k of X; the closed cone of D_i is
  C_i = {u : (2D_i − I) X u ≥ 0};
* the **trichotomies** T_1..T_q are all sign vectors σ = sign(X u) (the covectors of
  the arrangement), T_j = diag(1[σ = +1]), with closed cone
  Q_j = {u : σ_k x_k·u ≥ 0 (σ_k ≠ 0), x_k·u = 0 (σ_k = 0)}.

Research code (pilancilab's ``scnn``) *samples* the D_i with random gate vectors g,
D = diag(1[X g ≥ 0]); :func:`sampled_dichotomies` does the same and
:func:`compare_patterns` reports which exact patterns the sample missed.

Rows are samples; no bias column is added unless ``bias=True`` (then x̄ = (x, 1)).
A zero row (a sample at the origin without bias) is never active: its entry is 0 in
every pattern and it constrains no cone.

Every function of :mod:`exactrelu.convex` that takes a pattern set accepts a
:class:`PatternSet` or a :class:`SampledPatterns` (see :func:`as_pattern_set`).  A pattern
is written ``'101'`` (dichotomy) or ``'+0-'`` (trichotomy) by :meth:`PatternSet.name`,
i.e. :func:`exactrelu.exact.parse.pattern_string`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, nullspace
from exactrelu.exact.parse import exact_points, exact_vector, pattern_string, pattern_tuple
from exactrelu.exact.types import MatrixLike, Pattern, PatternLike, VectorLike
from exactrelu.geometry.arrangement import HyperplaneArrangement

__all__ = [
    "Cone",
    "PatternSet",
    "SampledPatterns",
    "as_pattern_set",
    "certify_complete",
    "compare_patterns",
    "dichotomies",
    "expected_count",
    "sampled_dichotomies",
    "trichotomies",
]

KINDS = ("dichotomies", "trichotomies", "sampled")

Rows = tuple[tuple[Fraction, ...], ...]


class Cone(NamedTuple):
    """A closed polyhedral cone {u : A u ≥ 0, E u = 0} (rows of Fractions)."""

    A: Rows
    E: Rows


@dataclass(frozen=True)
class PatternSet:
    """A list of activation patterns of the rows of X with their closed cones.

    Attributes
    ----------
    X : tuple of tuple of Fraction
        The n × d data (bias column included when ``bias``).
    kind : str
        ``"dichotomies"`` (all chambers), ``"trichotomies"`` (all covectors) or
        ``"sampled"`` (dichotomies hit by random gates, a subset).
    patterns : tuple of tuple of int
        0/1 vectors (diagonals of D_i) or sign vectors in {−1, 0, 1}^n.
    witnesses : tuple
        An exact point of each cone's relative interior (integer vector), or a gate.
    """

    X: Rows
    kind: str
    patterns: tuple[Pattern, ...]
    witnesses: tuple[Any, ...]
    bias: bool = False
    _index: dict[Pattern, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidDataError(f"kind must be one of {KINDS}, got {self.kind!r}")
        object.__setattr__(self, "_index", {p: i for i, p in enumerate(self.patterns)})

    # ---- shape ---------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of samples."""
        return len(self.X)

    @property
    def d(self) -> int:
        """Dimension of the neurons u (bias included)."""
        return len(self.X[0])

    def __len__(self) -> int:
        return len(self.patterns)

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self.patterns)

    def __getitem__(self, i: int) -> Pattern:
        return self.patterns[i]

    def __repr__(self) -> str:
        return f"PatternSet({len(self)} {self.kind} of {self.n} points in dimension {self.d})"

    @property
    def trichotomy(self) -> bool:
        """True for a set of trichotomies (sign vectors), False for dichotomies (0/1)."""
        return self.kind == "trichotomies"

    def index(self, pattern: PatternLike) -> int:
        """Position of a pattern (tuple or string such as '101' / '+0-')."""
        if isinstance(pattern, str):
            key = pattern_tuple(pattern, self.n, name="pattern", signs=self.trichotomy)
        else:
            key = tuple(pattern)
        try:
            return self._index[key]
        except KeyError:
            raise InvalidDataError(
                f"pattern {pattern_string(key, signs=self.trichotomy)} is not in this {self.kind} set"
            ) from None

    # ---- algebra -------------------------------------------------------------
    def diag(self, i: int) -> Pattern:
        """The 0/1 diagonal of D_i (dichotomy) or T_i = 1[σ = +1] (trichotomy)."""
        return tuple(1 if s == 1 else 0 for s in self.patterns[i])

    def fit_matrix(self, i: int) -> Rows:
        """F_i = D_i X (or T_i X): the rows of inactive samples set to zero."""
        zero = tuple(Fraction(0) for _ in range(self.d))
        return tuple(x if a else zero for x, a in zip(self.X, self.diag(i)))

    def signs(self, i: int) -> tuple[int, ...]:
        """The sign vector of the cone's relative interior (0 on zero rows and on I_0)."""
        p = self.patterns[i]
        if self.trichotomy:
            return p
        return tuple(0 if not any(x) else (1 if a else -1) for x, a in zip(self.X, p))

    def cone(self, i: int) -> Cone:
        """The closed cone as exact H-representation: A u ≥ 0 and E u = 0."""
        A, E = [], []
        for x, s in zip(self.X, self.signs(i)):
            if not any(x):
                continue
            if s == 0:
                E.append(x)
            else:
                A.append(x if s > 0 else tuple(-t for t in x))
        return Cone(tuple(A), tuple(E))

    def contains(self, i: int, u: VectorLike) -> bool:
        """Exact membership of u in the closed cone of pattern i."""
        w = exact_vector(u, name="u")
        if len(w) != self.d:
            raise InvalidDataError(f"u has {len(w)} entries, the cones live in dimension {self.d}")
        A, E = self.cone(i)
        return all(dot(a, w) >= 0 for a in A) and all(dot(e, w) == 0 for e in E)

    def float_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(X as float n×d array, the p×n boolean mask of the diagonals) for solvers."""
        Xf = np.array([[float(t) for t in r] for r in self.X], dtype=float)
        mask = np.array([self.diag(i) for i in range(len(self))], dtype=bool).reshape(len(self), self.n)
        return Xf, mask

    def subset(self, indices: Iterable[int]) -> PatternSet:
        """The pattern set restricted to ``indices`` (kept in the given order)."""
        idx = list(indices)
        return PatternSet(
            self.X,
            self.kind,
            tuple(self.patterns[i] for i in idx),
            tuple(self.witnesses[i] for i in idx),
            self.bias,
        )

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "kind": self.kind,
                "n": self.n,
                "d": self.d,
                "bias": self.bias,
                "patterns": [self.name(i) for i in range(len(self))],
            }
        )

    def name(self, i: int) -> str:
        """The pattern as a string: '101' (dichotomy) or '+0-' (trichotomy)."""
        return pattern_string(self.patterns[i], signs=self.trichotomy)


def _arrangement(rows: Rows) -> tuple[HyperplaneArrangement, list[int]]:
    """Arrangement of the non-zero rows, and their positions (zero rows are never active)."""
    keep = [k for k, r in enumerate(rows) if any(r)]
    if not keep:
        raise InvalidDataError("every row of X is zero: no neuron is ever active")
    return HyperplaneArrangement([rows[k] for k in keep]), keep


def _spread(signs: Sequence[int], keep: Sequence[int], n: int) -> tuple[int, ...]:
    out = [0] * n
    for k, s in zip(keep, signs):
        out[k] = s
    return tuple(out)


def dichotomies(
    X: MatrixLike, *, bias: bool = False, limit: int | None = None, progress: bool = False
) -> PatternSet:
    """All dichotomies D_1..D_p of X: one per chamber of the arrangement of its rows.

    p ≤ 2 Σ_{k<r} C(n−1, k) for rank r (Cover 1965); the enumeration is exact
    (:meth:`HyperplaneArrangement.chambers`) and refused up front beyond ``limit``.

    >>> P = dichotomies([[1, 0], [0, 1], [1, 1]])
    >>> [P.name(i) for i in range(len(P))]
    ['000', '010', '011', '100', '101', '111']
    """
    rows = exact_points(X, bias=bias, name="data X")
    arr, keep = _arrangement(rows)
    chambers = arr.chambers(limit=limit, progress=progress)
    items = sorted(
        (tuple(1 if s > 0 else 0 for s in _spread(c.signs, keep, len(rows))), c.witness) for c in chambers
    )
    return PatternSet(rows, "dichotomies", tuple(p for p, _ in items), tuple(w for _, w in items), bias)


def trichotomies(
    X: MatrixLike, *, bias: bool = False, limit: int | None = None, progress: bool = False
) -> PatternSet:
    """All trichotomies (covectors) σ = sign(X u) of X, including σ = 0 when X u = 0 is possible.

    q ≤ 3^n; in practice q is the number of faces of the arrangement (its f-vector sum).
    """
    rows = exact_points(X, bias=bias, name="data X")
    arr, keep = _arrangement(rows)
    faces = arr.covectors(limit=limit, progress=progress)
    items = sorted((_spread(f.signs, keep, len(rows)), f.witness) for f in faces)
    return PatternSet(rows, "trichotomies", tuple(p for p, _ in items), tuple(w for _, w in items), bias)


@dataclass(frozen=True)
class SampledPatterns:
    """Dichotomies hit by random gates g ~ N(0, I_d), D = diag(1[X g ≥ 0]) as in scnn.

    ``patterns`` keeps the distinct patterns in order of first hit; ``n_ties`` counts
    gates with some x_k·g = 0 exactly (their pattern need not be a chamber).
    """

    patterns: PatternSet
    gates: np.ndarray
    n_ties: int

    @property
    def n_gates(self) -> int:
        """Number of gates drawn."""
        return len(self.gates)


def as_pattern_set(obj: PatternSet | SampledPatterns) -> PatternSet:
    """The :class:`PatternSet` of ``obj``: a PatternSet itself, or the ``.patterns`` of a SampledPatterns.

    Raises
    ------
    InvalidDataError
        ``obj`` is neither.

    >>> P = dichotomies([[1, 0], [0, 1]])
    >>> as_pattern_set(P) is P
    True
    """
    if isinstance(obj, SampledPatterns):
        return obj.patterns
    if isinstance(obj, PatternSet):
        return obj
    raise InvalidDataError(
        "expected an exactrelu.convex.dichotomies.PatternSet (from dichotomies(X), trichotomies(X) "
        f"or sampled_dichotomies(X, n)), got {type(obj).__name__}"
    )


def sampled_dichotomies(X: MatrixLike, n_gates: int, *, seed: int = 0, bias: bool = False) -> SampledPatterns:
    """scnn-style sampling of activation patterns with ``n_gates`` Gaussian gates.

    Signs of x_k·g are decided exactly (the float gate read as its binary value) when
    the float product is too small to trust.
    """
    if isinstance(n_gates, bool) or not isinstance(n_gates, (int, np.integer)) or n_gates < 1:
        raise InvalidDataError(f"n_gates must be a positive integer, got {n_gates!r}")
    rows = exact_points(X, bias=bias, name="data X")
    if not any(any(r) for r in rows):
        raise InvalidDataError("every row of X is zero: no neuron is ever active")
    Xf = np.array([[float(t) for t in r] for r in rows], dtype=float)
    G = np.random.default_rng(seed).standard_normal((int(n_gates), len(rows[0])))
    prod = G @ Xf.T
    scale = np.linalg.norm(G, axis=1)[:, None] * np.linalg.norm(Xf, axis=1)[None, :]
    unsure = np.abs(prod) <= 1e-9 * scale
    seen: dict[Pattern, int] = {}
    order: list[Pattern] = []
    ties = 0
    for a in range(len(G)):
        signs = np.where(prod[a] >= 0, 1, 0)
        tie = False
        for k in np.nonzero(unsure[a])[0]:
            exact = dot(rows[k], [Fraction(float(t)) for t in G[a]])
            signs[k] = 1 if exact >= 0 else 0
            tie = tie or (exact == 0 and any(rows[k]))
        ties += tie
        p = tuple(int(s) if any(r) else 0 for s, r in zip(signs, rows))
        if p not in seen:
            seen[p] = a
            order.append(p)
    pset = PatternSet(rows, "sampled", tuple(order), tuple(tuple(G[seen[p]]) for p in order), bias)
    return SampledPatterns(pset, G, ties)


def _restriction_rows(rows: Sequence[Sequence[Fraction]], zero: Sequence[int]) -> list[tuple[Fraction, ...]]:
    """The other rows restricted to the subspace {x_k·u = 0, k ∈ zero}, in a basis of it (exact)."""
    d = len(rows[0])
    basis = (
        nullspace([rows[k] for k in zero], d)
        if zero
        else [tuple(int(i == j) for j in range(d)) for i in range(d)]
    )
    out = []
    for k, x in enumerate(rows):
        if k in zero:
            continue
        r = tuple(Fraction(dot(x, b)) for b in basis)
        if any(r):
            out.append(r)
    return out


def expected_count(patterns: PatternSet | SampledPatterns) -> int:
    """The number of patterns a complete set has, computed without enumerating any pattern.

    Dichotomies: the number of chambers |χ(−1)| of the central arrangement of the non-zero rows
    (Zaslavsky's theorem, :meth:`HyperplaneArrangement.n_regions`, from the intersection lattice).
    Trichotomies: the number of faces, Σ over the zero sets Z that occur of the number of chambers
    of the restriction of the other rows to {x_k·u = 0, k ∈ Z}: each |χ(−1)| again.  The zero sets
    are the flats of the arrangement (:meth:`HyperplaneArrangement.flats`).  Sampled sets have no
    completeness claim: InvalidDataError.
    """
    ps = as_pattern_set(patterns)
    if ps.kind == "sampled":
        raise InvalidDataError(
            "a sampled pattern set makes no completeness claim; use dichotomies(X) or trichotomies(X)"
        )
    arr, keep = _arrangement(ps.X)
    if ps.kind == "dichotomies":
        return int(arr.n_regions())
    rows = [ps.X[k] for k in keep]
    total = 0
    for flat in arr.flats():
        rest = _restriction_rows(rows, sorted(flat))
        total += int(HyperplaneArrangement(rest).n_regions()) if rest else 1
    return total


def certify_complete(patterns: PatternSet | SampledPatterns) -> dict[str, Any]:
    """Certify that a pattern list is the complete set of dichotomies (or trichotomies) of its data.

    Three exact conditions: (1) the patterns are pairwise distinct; (2) each is realised —
    its witness u has sign(x_k·u) equal to the pattern on every non-zero row (0/1 read as −/+ for
    dichotomies), so it is a chamber (a face) of the arrangement; (3) their number equals
    :func:`expected_count`, obtained independently from χ(−1) (Zaslavsky's theorem).  Distinct
    realised patterns as many as the chambers (faces) are all of them.  Every verdict of
    :mod:`exactrelu.convex` that quantifies over *all* patterns (programs (4) and (12) of Wang,
    Lacotte & Pilanci 2022, the KKT test of their Proposition 5) relies on this.

    Returns a certificate ``{"kind": "complete_patterns", "pattern_kind", "count", "expected",
    "source"}``.

    Raises
    ------
    CertificateError
        A repeated pattern, an unrealised pattern, or a count that differs from |χ(−1)|.
    InvalidDataError
        A sampled pattern set (it claims no completeness).

    >>> certify_complete(dichotomies([[1, 0], [0, 1], [1, 1]]))["expected"]
    6
    """
    ps = as_pattern_set(patterns)
    expected = expected_count(ps)
    if len(set(ps.patterns)) != len(ps.patterns):
        raise CertificateError(f"the {ps.kind} list repeats a pattern: it cannot certify completeness")
    for i in range(len(ps)):
        w = ps.witnesses[i]
        u = None if w is None else exact_vector(w, name="witness")
        if u is None or len(u) != ps.d:
            raise CertificateError(f"pattern {ps.name(i)} has no usable witness")
        got = tuple((z > 0) - (z < 0) for z in (dot(x, u) for x in ps.X))
        if got != ps.signs(i):
            raise CertificateError(
                f"the witness of pattern {ps.name(i)} has signs {pattern_string(got, signs=True)}: "
                "the pattern is not realised by it"
            )
    if len(ps) != expected:
        raise CertificateError(
            f"{len(ps)} {ps.kind} listed but the arrangement has {expected} "
            f"{'chambers' if ps.kind == 'dichotomies' else 'faces'} (from χ(−1), Zaslavsky): "
            "the pattern list is incomplete"
        )
    return {
        "kind": "complete_patterns",
        "pattern_kind": ps.kind,
        "count": len(ps),
        "expected": expected,
        "source": "|χ(−1)| of the arrangement of the rows of X (Zaslavsky)"
        + ("" if ps.kind == "dichotomies" else ", summed over the restrictions to its flats"),
    }


def compare_patterns(sampled: PatternSet | SampledPatterns, exact: PatternSet) -> dict[str, Any]:
    """How many of the exact dichotomies a sample found, and which it missed."""
    got = set(as_pattern_set(sampled).patterns)
    ref = set(as_pattern_set(exact).patterns)
    missed = sorted(ref - got)
    return {
        "n_exact": len(ref),
        "n_sampled": len(got),
        "found": len(ref & got),
        "missed": len(missed),
        "missed_patterns": [pattern_string(p) for p in missed],
        "extra": [pattern_string(p) for p in sorted(got - ref)],
    }
