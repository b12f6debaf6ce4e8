"""Combinatorial type of a dataset: chirotope, labelled and unlabelled equivalence, stability radius.

This module makes the proof sketch of Matena & Raffel 2022, Theorem 4.1 (continuity
of the global optimum for data in general position) checkable: "for a small enough
perturbation the datasets' zonotopes are combinatorially equivalent", with the
perturbation size certified.

The activation regions of one unit on data X are the chambers of the central
arrangement with normals x̄_i (Matena & Raffel 2022, section 3).  Its whole
combinatorics — chambers, covectors, the face lattice of the zonotope
Z = Σ [0, x̄_i] — is the *oriented matroid* of the vectors x̄_i, and an oriented
matroid of rank r is determined, up to one global sign, by its **chirotope**

    χ(i_1, ..., i_r) = sign det(x̄_{i_1}, ..., x̄_{i_r})     (i_1 < ... < i_r),

(in coordinates of the span when r is below the ambient dimension).  So:

* two labelled datasets have the same covectors with the same labels iff their
  chirotopes agree up to sign (:func:`same_combinatorial_type`); when they do
  not, a chamber of one that the other lacks is returned with an integer
  witness and a Farkas vector (the tope set determines the oriented matroid,
  Björner et al., *Oriented Matroids*, Thm 4.2.13);
* two zonotopes are combinatorially equivalent iff their face lattices are
  isomorphic (:func:`combinatorially_equivalent`, which returns the
  isomorphism as certificate);
* the type is locally constant exactly where no maximal minor vanishes, i.e.
  for data in general position (the proof sketch of Theorem 4.1).
  :func:`stability_radius` turns this into a certified number δ > 0.

Stability radius (Hadamard bound).  Let A be an r × r submatrix of the
homogenised data and E a perturbation with rows ‖e_i‖₂ ≤ δ.  Expanding
det(A + E) multilinearly in the rows and bounding every mixed determinant by
Hadamard's inequality,

    |det(A + E) − det(A)| ≤ Π_i (ρ_i + δ) − Π_i ρ_i,      ρ_i ≥ ‖a_i‖₂.

If the right side is below |det A| the sign of det(A + E) is that of det A.
Taking δ so that this holds for every r-subset keeps the whole chirotope, hence
the labelled type.  The ρ_i are rational upper bounds of the row norms (exact
squares are compared), so the certificate is checked in rational arithmetic by
:func:`verify_stability_radius`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import networkx as nx
import numpy as np

from exactrelu.exact import limits, linalg
from exactrelu.exact.certificates import check, sign, verify_witness
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import norm_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.lp import cone_feasibility, verify_farkas
from exactrelu.exact.parse import exact_points, pattern_string, primitive_rows
from exactrelu.exact.types import Exact, MatrixLike, Pattern, SignVector
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import IntVector
from exactrelu.geometry.position import GeneralPositionResult, general_position
from exactrelu.geometry.zonotope import Zonotope

__all__ = [
    "Chirotope",
    "Equivalence",
    "StabilityRadius",
    "TypeComparison",
    "chirotope",
    "combinatorially_equivalent",
    "maximal_minors",
    "same_combinatorial_type",
    "stability_radius",
    "vectors_of",
    "verify_chirotope",
    "verify_face_lattice_isomorphism",
    "verify_stability_radius",
    "verify_type_comparison",
]

_INT64_SAFE = 2**62


def vectors_of(X: MatrixLike, *, bias: bool = True, name: str = "data") -> tuple[tuple[Fraction, ...], ...]:
    """The exact vectors of a dataset: x̄_i = (x_i, 1) if ``bias`` else x_i (Fraction rows).

    The same as :func:`exactrelu.exact.parse.exact_points` (floats read as their shortest decimal).

    >>> vectors_of([[1, 2]])
    ((Fraction(1, 1), Fraction(2, 1), Fraction(1, 1)),)
    """
    return exact_points(X, bias=bias, name=name)


# --------------------------------------------------------------------------- minors
def _cofactors(rows: Sequence[Sequence[int]], r: int) -> list[int]:
    """c with det([rows; w]) = <c, w> for r-1 integer rows of length r (Laplace along the last row)."""
    if r == 1:
        return [1]
    out: list[int] = []
    for a in range(r):
        M = [[x for j, x in enumerate(row) if j != a] for row in rows]
        d = int(flint.fmpz_mat(M).det())
        out.append(d if (r - 1 + a) % 2 == 0 else -d)
    return out


def maximal_minors(Q: Sequence[Sequence[int]], r: int) -> list[int]:
    """All r × r minors det(Q[B]) of the integer n × r matrix Q, B in lexicographic order.

    One cofactor vector per (r-1)-subset S, dotted with the later rows: C(n, r-1)
    small determinants plus C(n, r) dot products, vectorised in int64 when the
    Hadamard bound shows no overflow is possible.

    >>> maximal_minors([(1, 0), (0, 1), (1, 1)], 2)
    [1, 1, -1]
    """
    n = len(Q)
    if r == 0:
        return [1]
    subsets = list(itertools.combinations(range(n - 1), r - 1)) if r > 1 else [()]
    cof = [_cofactors([Q[i] for i in S], r) for S in subsets]
    qmax = max((abs(x) for row in Q for x in row), default=0)
    cmax = max((abs(x) for c in cof for x in c), default=0)
    out: list[int] = []
    if cmax * qmax * r < _INT64_SAFE:
        prod = np.asarray(cof, dtype=np.int64) @ np.asarray(Q, dtype=np.int64).T
        for k, S in enumerate(subsets):
            start = S[-1] + 1 if S else 0
            out.extend(int(x) for x in prod[k, start:])
    else:
        for c, S in zip(cof, subsets):
            start = S[-1] + 1 if S else 0
            out.extend(dot(c, Q[j]) for j in range(start, n))
    return out


def _coordinates(vectors: Sequence[Sequence[Fraction]]) -> tuple[int, list[int], list[IntVector]]:
    """(rank r, column indices J of rank r, primitive integer rows restricted to J)."""
    P = primitive_rows(vectors)
    r = linalg.rank(P)
    J = list(range(len(P[0]))) if r == len(P[0]) else linalg.independent_columns(P, r)
    return r, J, [tuple(row[j] for j in J) for row in P]


def _parity(seq: Iterable[int]) -> int:
    """Sign of the permutation sorting the distinct integers ``seq``."""
    s = 1
    seq = list(seq)
    for i in range(len(seq)):
        for j in range(i + 1, len(seq)):
            if seq[i] > seq[j]:
                s = -s
    return s


# --------------------------------------------------------------------------- chirotope
@dataclass(frozen=True)
class Chirotope:
    """The chirotope of n vectors of rank r, normalised so its first nonzero value is +1.

    ``signs`` lists χ(B) ∈ {-1, 0, 1} for the r-subsets B of range(n) in
    lexicographic order (:func:`itertools.combinations` order).  Two
    configurations have the same oriented matroid — the same covectors, chambers
    and zonotope faces, with the same labels — iff their normalised chirotopes
    are equal.

    Examples
    --------
    >>> chi = chirotope([[0, 0], [1, 0], [0, 1], [1, 1]])
    >>> chi.rank, chi.signs
    (3, (1, 1, -1, -1))
    >>> chi[(1, 0, 2)]                     # unsorted subsets carry the permutation sign
    -1
    """

    n: int
    rank: int
    signs: SignVector

    def subsets(self) -> Iterator[tuple[int, ...]]:
        """The r-subsets in the order of ``signs``."""
        return itertools.combinations(range(self.n), self.rank)

    def __getitem__(self, subset: Iterable[int]) -> int:
        subset = tuple(int(i) for i in subset)
        if (
            len(subset) != self.rank
            or len(set(subset)) != self.rank
            or not all(0 <= i < self.n for i in subset)
        ):
            raise InvalidDataError(
                f"a chirotope argument is {self.rank} distinct indices in 0..{self.n - 1}, got {subset}"
            )
        idx = _subset_index(sorted(subset), self.n)
        return _parity(subset) * self.signs[idx]

    def bases(self) -> list[tuple[int, ...]]:
        """The r-subsets with χ ≠ 0."""
        return [B for B, s in zip(self.subsets(), self.signs) if s]

    def non_bases(self) -> list[tuple[int, ...]]:
        """The r-subsets with χ = 0 (dependent subsets)."""
        return [B for B, s in zip(self.subsets(), self.signs) if not s]

    def relabel(self, perm: Sequence[int]) -> Chirotope:
        """Chirotope of the configuration y_k = x_{perm[k]}.

        Raises
        ------
        InvalidDataError
            ``perm`` is not a permutation of 0..n-1.
        """
        perm = [int(p) for p in perm]
        if sorted(perm) != list(range(self.n)):
            raise InvalidDataError(f"perm must be a permutation of 0..{self.n - 1}, got {perm}")
        return _normalised(self.n, self.rank, [self[tuple(perm[k] for k in B)] for B in self.subsets()])

    def reorient(self, indices: Iterable[int]) -> Chirotope:
        """Chirotope after replacing x_i by -x_i for i in ``indices``."""
        neg = {int(i) for i in indices}
        return _normalised(
            self.n,
            self.rank,
            [s * (-1) ** len(neg.intersection(B)) for B, s in zip(self.subsets(), self.signs)],
        )

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"n": self.n, "rank": self.rank, "signs": pattern_string(self.signs, signs=True)})


def _subset_index(B: Sequence[int], n: int) -> int:
    """Lexicographic rank of the sorted subset B among the |B|-subsets of range(n)."""
    r, idx, prev = len(B), 0, -1
    for k, b in enumerate(B):
        for v in range(prev + 1, b):
            idx += math.comb(n - v - 1, r - k - 1)
        prev = b
    return idx


def _normalised(n: int, r: int, values: Iterable[Exact]) -> Chirotope:
    signs = [sign(s) for s in values]
    first = next((s for s in signs if s), 1)
    return Chirotope(n, r, tuple(s * first for s in signs))


def _chirotope_with_minors(
    vectors: Sequence[Sequence[Fraction]], limit: int | None = None
) -> tuple[Chirotope, list[int], list[IntVector], list[int]]:
    r, J, Q = _coordinates(vectors)
    n = len(Q)
    limits.guard(
        f"{r}-subsets of {n} vectors (chirotope)", math.comb(n, r), limit, env="EXACTRELU_POSITION_LIMIT"
    )
    minors = maximal_minors(Q, r)
    return _normalised(n, r, minors), J, Q, minors


def chirotope(X: MatrixLike, *, bias: bool = True, limit: int | None = None) -> Chirotope:
    """The chirotope of the dataset's vectors x̄_i (or x_i when ``bias=False``).

    Rows are first scaled to primitive integer vectors (a positive scaling,
    which changes no sign).  When the rank r is below the dimension the minors
    are taken on r coordinates that are independent on the span.

    Parameters
    ----------
    X : table of N points
    bias : bool
    limit : int, optional
        Refuse when C(N, r) exceeds it (default 10^6, environment variable
        ``EXACTRELU_POSITION_LIMIT``).

    Returns
    -------
    Chirotope

    Raises
    ------
    SizeLimitError
        C(N, r) above the limit.

    Notes
    -----
    Cost: C(N, r-1) cofactor vectors (r determinants of size r-1 each) and
    C(N, r) integer dot products.

    Examples
    --------
    Three collinear points have a vanishing minor:

    >>> chirotope([[0, 0], [1, 1], [2, 2], [0, 1]]).non_bases()
    [(0, 1, 2)]
    """
    return _chirotope_with_minors(vectors_of(X, bias=bias), limit)[0]


def verify_chirotope(X: MatrixLike, chi: Chirotope, *, bias: bool = True) -> bool:
    """Re-check every value of ``chi`` by an independent exact determinant per subset.

    Returns True iff the rank is right and the signs agree up to one global sign.

    >>> X = [[0, 0], [1, 0], [0, 1]]
    >>> verify_chirotope(X, Chirotope(3, 3, (1,))), verify_chirotope(X, Chirotope(3, 3, (0,)))
    (True, False)
    """
    V = vectors_of(X, bias=bias)
    if len(V) != chi.n or linalg.rank(V) != chi.rank:
        return False
    r = chi.rank
    J = list(range(len(V[0]))) if r == len(V[0]) else linalg.independent_columns(primitive_rows(V), r)
    if r < len(V[0]) and linalg.rank([[row[j] for j in J] for row in V]) != r:
        return False
    got = [sign(linalg.det([[V[i][j] for j in J] for i in B])) for B in chi.subsets()]
    return _normalised(chi.n, r, got) == chi


# --------------------------------------------------------------------------- labelled comparison
@dataclass(frozen=True)
class TypeComparison:
    """Whether two labelled datasets have the same combinatorial type.

    Truthy iff they do.  When they do not, ``reason`` says why, ``subset`` is
    the first r-subset whose (normalised) chirotope values differ, and — unless
    disabled — ``pattern`` is an activation pattern (chamber) of ``present_in``
    that the other dataset lacks, with an integer ``witness`` in the first and
    a Farkas ``certificate`` of infeasibility in the second.
    """

    same: bool
    reason: str
    chirotope_x: Chirotope | None = None
    chirotope_y: Chirotope | None = None
    subset: tuple[int, ...] | None = None
    pattern: Pattern | None = None
    present_in: str | None = None
    witness: tuple[int, ...] | None = None
    certificate: tuple[int, ...] | None = None

    def __bool__(self) -> bool:
        return self.same

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "same": self.same,
                "reason": self.reason,
                "chirotope_x": self.chirotope_x.to_dict() if self.chirotope_x else None,
                "chirotope_y": self.chirotope_y.to_dict() if self.chirotope_y else None,
                "subset": list(self.subset) if self.subset else None,
                "pattern": list(self.pattern) if self.pattern else None,
                "present_in": self.present_in,
                "witness": list(self.witness) if self.witness else None,
                "certificate": list(self.certificate) if self.certificate else None,
            }
        )


def _distinguishing_chamber(
    VX: Sequence[Sequence[Fraction]], VY: Sequence[Sequence[Fraction]], limit: int | None
) -> tuple[Pattern, str, tuple[int, ...], tuple[int, ...] | None] | None:
    """A chamber (pattern, witness) of one arrangement that the other lacks, with a Farkas vector."""
    cx = {c.signs: c.witness for c in HyperplaneArrangement(VX).chambers(limit=limit)}
    cy = {c.signs: c.witness for c in HyperplaneArrangement(VY).chambers(limit=limit)}
    for name, mine, theirs, other in (("x", cx, cy, VY), ("y", cy, cx, VX)):
        extra = sorted(set(mine) - set(theirs))
        if extra:
            s = extra[0]
            res = cone_feasibility(other, s)
            check(not res.feasible, "distinguishing chamber infeasible in the other arrangement")
            return tuple((1 + v) // 2 for v in s), name, mine[s], res.certificate
    return None


def same_combinatorial_type(
    X: MatrixLike, Y: MatrixLike, *, bias: bool = True, witness: bool = True, limit: int | None = None
) -> TypeComparison:
    """Decide whether two labelled datasets have the same combinatorial type.

    Same type means: the same activation patterns (chambers), the same covectors
    and the same zonotope face lattice, *with the same labels* — equivalently the
    same oriented matroid, i.e. equal chirotopes up to a global sign.

    Parameters
    ----------
    X, Y : tables of N points each (dimensions may differ)
    bias : bool
    witness : bool
        When the types differ, also find a chamber of one that the other lacks
        (enumerates both chamber sets, refused above ``limit``).
    limit : int, optional

    Returns
    -------
    TypeComparison

    Examples
    --------
    >>> same_combinatorial_type([[0, 0], [1, 0], [0, 1]], [[0, 0], [5, 1], [1, 7]]).same
    True
    >>> r = same_combinatorial_type([[0], [1], [2]], [[0], [2], [1]])
    >>> r.same, r.reason, r.pattern, r.present_in
    (False, 'chirotope differs', (0, 0, 1), 'x')
    """
    VX, VY = vectors_of(X, bias=bias, name="X"), vectors_of(Y, bias=bias, name="Y")
    if len(VX) != len(VY):
        return TypeComparison(False, f"different numbers of points ({len(VX)} and {len(VY)})")
    cx, cy = (_chirotope_with_minors(V, limit)[0] for V in (VX, VY))
    if cx.rank != cy.rank:
        reason = f"different ranks ({cx.rank} and {cy.rank})"
        subset = None
    elif cx == cy:
        return TypeComparison(True, "equal chirotopes", cx, cy)
    else:
        reason = "chirotope differs"
        subset = next(B for B, a, b in zip(cx.subsets(), cx.signs, cy.signs) if a != b)
    found = _distinguishing_chamber(VX, VY, limit) if witness else None
    if found is None:
        return TypeComparison(False, reason, cx, cy, subset)
    pattern, where, w, y = found
    return TypeComparison(False, reason, cx, cy, subset, pattern, where, w, y)


def verify_type_comparison(
    X: MatrixLike, Y: MatrixLike, result: TypeComparison, *, bias: bool = True
) -> bool:
    """Independent exact re-check of a :class:`TypeComparison` from :func:`same_combinatorial_type`.

    Conditions: (1) equal numbers of points, else the answer must be "not the same";
    (2) both chirotopes are re-checked by :func:`verify_chirotope`; (3) ``same`` iff they are
    equal (normalised); (4) a listed distinguishing pattern comes with ``present_in`` in
    {'x', 'y'}, an exact witness of its chamber in that dataset (:func:`verify_witness`)
    and a Farkas vector proving the chamber empty in the other (:func:`verify_farkas`).

    >>> X, Y = [[0], [1], [2]], [[0], [2], [1]]
    >>> verify_type_comparison(X, Y, same_combinatorial_type(X, Y))
    True
    """
    VX, VY = vectors_of(X, bias=bias, name="X"), vectors_of(Y, bias=bias, name="Y")
    if len(VX) != len(VY):
        return not result.same
    cx, cy = result.chirotope_x, result.chirotope_y
    if cx is None or cy is None:
        return False
    if not (verify_chirotope(X, cx, bias=bias) and verify_chirotope(Y, cy, bias=bias)):
        return False
    if result.same != (cx == cy):
        return False
    if result.same:  # no distinguishing chamber can exist
        return result.pattern is None
    if result.pattern is None:  # witness=False: the chirotopes alone prove the difference
        return True
    if result.present_in not in ("x", "y") or result.witness is None or result.certificate is None:
        return False
    mine, other = (VX, VY) if result.present_in == "x" else (VY, VX)
    signs = tuple(2 * int(a) - 1 for a in result.pattern)
    try:
        return verify_witness(mine, signs, result.witness) and verify_farkas(other, signs, result.certificate)
    except TypeError:  # inexact entries
        return False


# --------------------------------------------------------------------------- unlabelled equivalence
@dataclass(frozen=True)
class Equivalence:
    """Outcome of :func:`combinatorially_equivalent`; truthy iff equivalent.

    ``mapping`` sends each face (covector) of the first zonotope to a face of
    the second; it is an isomorphism of the face lattices, re-checked by
    :func:`verify_face_lattice_isomorphism`.  ``vertex_map`` is its restriction
    to vertices (activation patterns).
    """

    equivalent: bool
    reason: str
    f_vectors: tuple[tuple[int, ...], tuple[int, ...]]
    mapping: dict[SignVector, SignVector] | None = None

    def __bool__(self) -> bool:
        return self.equivalent

    @property
    def vertex_map(self) -> dict[Pattern, Pattern] | None:
        """The isomorphism on vertices, activation pattern ↦ activation pattern (None if not equivalent)."""
        if self.mapping is None:
            return None
        return {
            tuple((1 + v) // 2 for v in a): tuple((1 + v) // 2 for v in b)
            for a, b in self.mapping.items()
            if 0 not in a
        }

    def to_dict(self) -> dict[str, Any]:
        vmap = self.vertex_map
        return to_jsonable(
            {
                "equivalent": self.equivalent,
                "reason": self.reason,
                "f_vectors": [list(f) for f in self.f_vectors],
                "vertex_map": [[list(a), list(b)] for a, b in sorted(vmap.items())]
                if vmap is not None
                else None,
            }
        )


def _lattice(Z: Zonotope | nx.DiGraph, limit: int | None) -> nx.DiGraph:
    if isinstance(Z, nx.DiGraph):
        return Z
    if not isinstance(Z, Zonotope):
        raise InvalidDataError(f"expected a Zonotope or a face-lattice DiGraph, got {type(Z).__name__}")
    return Z.face_lattice(limit=limit)


def _f_vector(G: nx.DiGraph) -> tuple[int, ...]:
    """The f-vector of a face lattice, with the empty face first (as :meth:`Zonotope.f_vector`)."""
    dims = [d for _, d in G.nodes(data="dimension")]
    return (1,) + tuple(dims.count(k) for k in range(max(dims) + 1))


def combinatorially_equivalent(
    Z1: Zonotope | nx.DiGraph, Z2: Zonotope | nx.DiGraph, *, limit: int | None = None
) -> Equivalence:
    """Decide whether two zonotopes have isomorphic face lattices (unlabelled equivalence).

    Parameters
    ----------
    Z1, Z2 : Zonotope or networkx.DiGraph
        Zonotopes, or face lattices as returned by :meth:`Zonotope.face_lattice`.
    limit : int, optional
        Refuse face lattices predicted larger than this.

    Returns
    -------
    Equivalence
        With the isomorphism (face ↦ face) as certificate when equivalent.

    Raises
    ------
    InvalidDataError
        An argument that is neither a Zonotope nor a DiGraph.

    Notes
    -----
    f-vectors are compared first; then networkx's VF2 matcher searches an
    isomorphism of the Hasse diagrams preserving face dimension.  Generators
    may be relabelled, reoriented and merged (parallel generators give the
    same zonotope up to translation), none of which changes the face lattice.

    Examples
    --------
    >>> from exactrelu import Zonotope
    >>> a = Zonotope.from_data([[0, 0], [1, 0], [0, 1], [1, 1]])
    >>> b = Zonotope.from_data([[0, 0], [3, 1], [1, 4], [5, 5]])
    >>> c = Zonotope.from_data([[0, 0], [1, 0], [2, 0], [0, 1]])
    >>> bool(combinatorially_equivalent(a, b)), bool(combinatorially_equivalent(a, c))
    (True, False)
    """
    G1, G2 = _lattice(Z1, limit), _lattice(Z2, limit)
    f1, f2 = _f_vector(G1), _f_vector(G2)
    if f1 != f2:
        return Equivalence(False, f"f-vectors differ: {f1} and {f2}", (f1, f2))
    matcher = nx.algorithms.isomorphism.DiGraphMatcher(
        G1, G2, node_match=lambda a, b: a["dimension"] == b["dimension"]
    )
    if not matcher.is_isomorphic():
        return Equivalence(False, "face lattices are not isomorphic", (f1, f2))
    mapping = dict(matcher.mapping)
    check(verify_face_lattice_isomorphism(G1, G2, mapping), "face lattice isomorphism")
    return Equivalence(True, "isomorphic face lattices", (f1, f2), mapping)


def verify_face_lattice_isomorphism(G1: nx.DiGraph, G2: nx.DiGraph, mapping: dict[Any, Any]) -> bool:
    """True iff ``mapping`` is a dimension-preserving bijection of nodes mapping edges onto edges.

    Parameters
    ----------
    G1, G2 : networkx.DiGraph
        Face lattices as :meth:`Zonotope.face_lattice` returns them (node attribute ``dimension``).
    mapping : dict
        The claimed isomorphism, node of G1 ↦ node of G2.

    >>> G = Zonotope([[1]]).face_lattice()
    >>> verify_face_lattice_isomorphism(G, G, {v: v for v in G}), verify_face_lattice_isomorphism(G, G, {})
    (True, False)
    """
    if (
        set(mapping) != set(G1.nodes)
        or set(mapping.values()) != set(G2.nodes)
        or len(set(mapping.values())) != len(mapping)
    ):
        return False
    if any(G1.nodes[a]["dimension"] != G2.nodes[b]["dimension"] for a, b in mapping.items()):
        return False
    image = {(mapping[a], mapping[b]) for a, b in G1.edges}
    return len(image) == G2.number_of_edges() and image == set(G2.edges)


# --------------------------------------------------------------------------- stability radius
def _hadamard_gap(rhos: Sequence[Fraction], delta: Fraction | int) -> Exact:
    """Π(ρ_i + δ) − Π ρ_i: the bound on |det(A + E) − det(A)| for row perturbations of norm ≤ δ."""
    return math.prod(p + delta for p in rhos) - math.prod(rhos)


def _round_down(x: Fraction, bits: int = 6) -> Fraction:
    """A rational in (x/2, x] with a power-of-two denominator and few significant bits."""
    if x <= 0:
        return Fraction(0)
    k = max(0, bits - math.floor(math.log2(x)))
    return Fraction(math.floor(x * 2**k), 2**k)


@dataclass(frozen=True)
class StabilityRadius:
    """A certified radius δ of labelled combinatorial stability (ℓ₂ norm per point).

    Every dataset x'_i with ‖x'_i − x_i‖₂ ≤ δ for all i (bias coordinate kept at
    1) has the same chirotope, hence the same chambers, covectors and zonotope
    face lattice with the same labels.  ``radius`` is 0 exactly when the data
    are not in general position; then ``dependent_subsets`` lists (up to
    ``MAX_LISTED``) the r-subsets with vanishing minor — dependencies that an
    arbitrarily small perturbation breaks; when the rank is too low for any
    r-subset to vanish, the circuit found by the general-position test — and
    ``general_position`` holds that verified circuit.

    Certificate (general position): the column set ``columns``, rational row
    bounds ``row_bounds`` (ρ_i² ≥ ‖x̄_i restricted to the columns‖²) and the
    tightest subset with its minor; :func:`verify_stability_radius` re-checks
    Π(ρ_i + δ) − Π ρ_i < |det| for every r-subset.
    """

    radius: Fraction
    holds: bool
    rank: int
    n_subsets: int
    columns: tuple[int, ...] = ()
    row_bounds: tuple[Fraction, ...] = ()
    tightest_subset: tuple[int, ...] | None = None
    tightest_minor: Fraction | None = None
    dependent_subsets: tuple[tuple[int, ...], ...] = ()
    n_dependent: int = 0
    general_position: GeneralPositionResult | None = field(default=None, compare=False)

    MAX_LISTED = 50

    def __float__(self) -> float:
        return float(self.radius)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "radius": self.radius,
                "radius_float": float(self.radius),
                "general_position": self.holds,
                "rank": self.rank,
                "n_subsets": self.n_subsets,
                "columns": list(self.columns),
                "row_bounds": list(self.row_bounds),
                "tightest_subset": list(self.tightest_subset) if self.tightest_subset else None,
                "tightest_minor": self.tightest_minor,
                "dependent_subsets": [list(B) for B in self.dependent_subsets],
                "n_dependent": self.n_dependent,
                "dependency": self.general_position.to_dict() if self.general_position is not None else None,
            }
        )


def stability_radius(X: MatrixLike, *, bias: bool = True, limit: int | None = None) -> StabilityRadius:
    """Certified δ such that moving each point by at most δ (ℓ₂) keeps the labelled type.

    Parameters
    ----------
    X : table of N points in R^d
    bias : bool
        With a bias the vectors are x̄_i = (x_i, 1) and only x_i moves.
    limit : int, optional
        Refuse when C(N, r) exceeds it.

    Returns
    -------
    StabilityRadius
        ``radius > 0`` iff the data are in general position (the premise of
        Matena & Raffel 2022, Theorem 4.1); ``radius == 0`` with the dependent
        subsets otherwise.

    Raises
    ------
    SizeLimitError
        C(N, r) above the limit.

    Notes
    -----
    A guaranteed value is min over r-subsets B of min(1, |det A_B| / (2 (Π(ρ_i+1) − Π ρ_i)))
    (for δ ≤ 1 the Hadamard gap is at most δ (Π(ρ_i+1) − Π ρ_i)); it is then
    raised by bisection over short dyadic rationals while every subset still
    satisfies the strict Hadamard inequality, up to the value no δ can beat
    (min_B |det A_B| / gap'_B(0)).  Every value is checked exactly.  It is a
    lower bound: the first type change along a straight path is usually much
    farther (see :func:`exactrelu.geometry.probes.probe_stability`).

    Examples
    --------
    >>> s = stability_radius([[0, 0], [1, 0], [0, 1]])
    >>> s.radius, s.holds
    (Fraction(23, 128), True)
    >>> verify_stability_radius([[0, 0], [1, 0], [0, 1]], s)
    True
    >>> s = stability_radius([[0, 0], [1, 1], [2, 2], [0, 1]])
    >>> s.radius, s.dependent_subsets
    (Fraction(0, 1), ((0, 1, 2),))
    """
    V = vectors_of(X, bias=bias)
    gp = general_position(V if not bias else [v[:-1] for v in V], bias=bias, limit=limit)
    _, J, Q, minors = _chirotope_with_minors(V, limit)
    r = len(J)
    subsets = list(itertools.combinations(range(len(V)), r))
    if not gp.holds:
        dependent = [B for B, m in zip(subsets, minors) if m == 0]
        if not dependent and gp.subset is not None:  # rank below min(N, D): only the circuit is dependent
            dependent = [gp.subset]
        return StabilityRadius(
            Fraction(0),
            False,
            r,
            len(subsets),
            tuple(J),
            dependent_subsets=tuple(dependent[: StabilityRadius.MAX_LISTED]),
            n_dependent=len(dependent),
            general_position=gp,
        )
    rows = [[v[j] for j in J] for v in V]
    rho = [norm_upper(row) for row in rows]
    # the integer minors are of the primitive rows; divide by the positive row scales
    scale = [_row_scale(row, P) for row, P in zip(rows, Q)]
    # per subset: a guaranteed t0_B (gap(t) <= t·gap(1) for t <= 1) and an upper bound
    # u_B = |det| / gap'(0) on the best δ_B (gap is convex with gap(0) = 0)
    recs = []
    for B, m in zip(subsets, minors):
        det = abs(Fraction(m) / math.prod(scale[i] for i in B))
        rb = [rho[i] for i in B]
        slope = sum(math.prod(rb[:k] + rb[k + 1 :]) for k in range(len(rb)))
        recs.append((min(Fraction(1), det / (2 * _hadamard_gap(rb, 1))), det / slope, det, rb, B))
    lower, _, det0, _, B0 = min(recs, key=lambda t: t[0])
    upper = min(min(u for _, u, *_ in recs), Fraction(1))
    live = [(det, rb) for t0, _, det, rb, _ in recs if t0 <= upper]
    # bisection on short dyadics between the guaranteed and the impossible value
    lo, hi = lower, upper
    for _ in range(12):
        mid = _round_down((lo + hi) / 2, bits=8)
        if mid <= lo:
            break
        if all(_hadamard_gap(rb, mid) < det for det, rb in live):
            lo = mid
        else:
            hi = mid
    radius = lo if lo > lower else _round_down(lower)
    best = (radius, B0, det0)
    return StabilityRadius(
        radius, True, r, len(subsets), tuple(J), tuple(rho), best[1], best[2], general_position=gp
    )


def _row_scale(row: Sequence[Fraction], primitive: Sequence[int]) -> Fraction:
    """The positive s with primitive = s · row."""
    j = next(k for k, x in enumerate(row) if x)
    return Fraction(primitive[j]) / row[j]


def verify_stability_radius(X: MatrixLike, result: StabilityRadius, *, bias: bool = True) -> bool:
    """Independent exact re-check of a :class:`StabilityRadius` certificate.

    For radius 0: at least one subset is listed, and every listed subset has at
    most min(N, D) vectors and is linearly dependent (so general position fails).
    For radius δ > 0: the rank is min(N, D) (a lower rank rises under a small move),
    ρ_i ≥ 0 with ρ_i² ≥ ‖x̄_i|_J‖² and Π_{i∈B}(ρ_i + δ) − Π ρ_i < |det x̄_B|_J| for
    every r-subset B (one flint determinant each).

    Parameters
    ----------
    X : table of N points in R^d
        The data the certificate is about.
    result : StabilityRadius
        The claimed certificate (e.g. from :func:`stability_radius`).
    bias : bool
        As for :func:`stability_radius`.

    Returns
    -------
    bool
        True iff the certificate checks; a wrong or malformed one gives False.

    >>> from dataclasses import replace
    >>> X = [[0, 0], [1, 0], [0, 1]]
    >>> s = stability_radius(X)
    >>> verify_stability_radius(X, s), verify_stability_radius(X, replace(s, radius=Fraction(1)))
    (True, False)
    """
    V = vectors_of(X, bias=bias)
    J, r, delta = list(result.columns), result.rank, result.radius
    if len(J) != r or linalg.rank(V) != r:
        return False
    rows = [[v[j] for j in J] for v in V]
    if not result.holds:  # each listed subset has at most min(N, D) vectors and is dependent
        k = min(len(V), len(V[0]))
        return (
            delta == 0
            and len(result.dependent_subsets) > 0
            and all(
                0 < len(B) <= k and linalg.rank([V[i] for i in B]) < len(B) for B in result.dependent_subsets
            )
        )
    if r != min(len(V), len(V[0])):  # rank below min(N, D): a small move raises it (not general position)
        return False
    rho = result.row_bounds
    if len(rho) != len(V) or any(p < 0 or p * p < dot(row, row) for p, row in zip(rho, rows)):
        return False
    if not isinstance(delta, Fraction) or delta <= 0:
        return False
    return all(
        _hadamard_gap([rho[i] for i in B], delta) < abs(Fraction(linalg.det([rows[i] for i in B])))
        for B in itertools.combinations(range(len(V)), r)
    )
