"""Intersection lattice (flats) of a central arrangement, its Möbius function and faces.

A *flat* is an intersection X = ∩_{i∈S} H_i of hyperplanes H_i = {w : <a_i, w> = 0}.
We identify X with its zero set Z(X) = {i : X ⊆ H_i} (a bit mask), rank it by
codimension, and keep integer coordinates for it: a basis B_X of X and the
restricted normals of the hyperplanes not containing X, so that the restriction
A^X is again an integer arrangement that :func:`exactrelu.geometry.engine.chambers`
enumerates.

* Characteristic polynomial (Whitney/Zaslavsky): χ(t) = Σ_X μ(R^D, X) t^{dim X},
  and the number of chambers is |χ(−1)| (Zaslavsky 1975).  μ is computed from the
  lower covers of each flat (Weisner's theorem), independently of any chamber enumeration.
* Faces: every face F of the arrangement is a chamber of A^X for exactly one flat
  X (the span of F), so the covectors are the chambers of all restrictions, with
  zeros on Z(X).  dim F = dim X; the dual zonotope face has dimension rank X.

The face counts are the ones Karhadkar, Murray, Tseran & Montúfar 2023 use in
Appendix B (Zaslavsky's count of regions); the algorithm is not from the papers.

References: T. Zaslavsky, *Facing up to arrangements* (Mem. AMS 154, 1975);
R. Stanley, *An introduction to hyperplane arrangements* (2007), Lectures 1–2.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb
from typing import Any

from exactrelu.exact.progress import NullBar
from exactrelu.geometry.engine import IntVector, MaskMap, chambers, mask_expander, parallel_classes, restrict

__all__ = [
    "Flat",
    "bit_spreader",
    "build_flats",
    "characteristic_polynomial",
    "face_masks",
    "mobius",
    "n_faces",
    "uniform_characteristic_polynomial",
]


class Flat:
    """One flat X of the intersection lattice.

    Attributes
    ----------
    id : int
        Position in the list returned by :func:`build_flats`.
    mask : int
        Zero set Z(X) as a bit mask over the hyperplanes.
    rank : int
        Codimension of X in R^D.
    basis : list of tuple[int]
        Integer basis of X (dim X columns, each a D-vector).
    rest : tuple[int]
        Indices of the hyperplanes not containing X.
    coords : list of tuple[int]
        Their restricted normals in the coordinates of ``basis``.
    below : list of (Flat, int, int)
        Lower covers Y ⋖ X (Y ⊃ X, rank one less) with the bit masks of the
        hyperplanes of Z(X) \\ Z(Y) on the positive and on the negative side, as
        seen from Y (they restrict to one hyperplane of A^Y, in two orientations).
    """

    __slots__ = ("_basis", "_coords", "_keep", "_rest", "_source", "ambient", "below", "id", "mask", "rank")

    def __init__(
        self,
        mask: int,
        rank: int,
        ambient: int,
        rest: tuple[int, ...] | None = None,
        basis: list[IntVector] | None = None,
        coords: list[IntVector] | None = None,
        source: tuple[Flat, list[tuple[int, int]], IntVector] | None = None,
    ) -> None:
        self.id = -1
        self.mask, self.rank, self.ambient = mask, rank, ambient
        self._rest, self._basis, self._coords, self._source = rest, basis, coords, source
        self._keep: list[int] | None = None
        self.below: list[tuple[Flat, int, int]] = []

    def _parent(self) -> tuple[Flat, list[tuple[int, int]], IntVector]:
        if self._source is None:  # pragma: no cover - the root and restricted flats have no parent left
            raise RuntimeError("flat has no parent restriction")
        return self._source

    def _split_source(self) -> tuple[int, ...]:
        # positions (in the parent's restriction) of the hyperplanes not containing X
        F, members, _ = self._parent()
        inside = {j for j, _ in members}
        self._keep = keep = [j for j in range(len(F.rest)) if j not in inside]
        self._rest = rest = tuple(F.rest[j] for j in keep)
        return rest

    @property
    def rest(self) -> tuple[int, ...]:
        """Indices of the hyperplanes not containing X."""
        if self._rest is None:
            return self._split_source()
        return self._rest

    def _restrict_from_source(self) -> tuple[list[IntVector], list[IntVector]]:
        # coordinates (and even the list of remaining hyperplanes) are computed on
        # first use: the flats of the last level are only counted, never restricted
        if self._keep is None:
            self._split_source()
        keep = self._keep or []
        F, _, rep = self._parent()
        p, coords = restrict([F.coords[j] for j in keep], rep)
        hp, B = rep[p], F.basis
        basis = [tuple(hp * x - rep[j] * y for x, y in zip(B[j], B[p])) for j in range(len(B)) if j != p]
        self._coords, self._basis, self._source = coords, basis, None
        return coords, basis

    @property
    def coords(self) -> list[IntVector]:
        """The restricted normals of :attr:`rest` in the coordinates of :attr:`basis`."""
        if self._coords is None:
            return self._restrict_from_source()[0]
        return self._coords

    @property
    def basis(self) -> list[IntVector]:
        """An integer basis of X (dim X vectors of length D)."""
        if self._basis is None:
            return self._restrict_from_source()[1]
        return self._basis

    @property
    def dimension(self) -> int:
        """dim X = D − rank X."""
        return self.ambient - self.rank

    def lift(self, u: Sequence[int]) -> IntVector:
        """Point of R^D with coordinates u in ``basis``."""
        out = [0] * self.ambient
        for c, col in zip(u, self.basis):
            if c:
                for j, x in enumerate(col):
                    out[j] += c * x
        return tuple(out)


def build_flats(
    normals: Sequence[IntVector], dim: int, max_rank: int | None = None, progress: Any = None
) -> list[Flat]:
    """All flats of the arrangement of rank ≤ ``max_rank`` (default: all), by rank.

    Each flat of rank r+1 is reached from each of its lower covers by adding one
    hyperplane class of the restriction; it is built once and the cover recorded
    every time.

    Parameters
    ----------
    normals : sequence of integer vectors
        Nonzero normals in Z^dim.
    dim : int
        Ambient dimension D.
    max_rank : int, optional
        Stop after the flats of this rank.
    progress : progress bar, optional
        Anything with ``update(n)`` (see :func:`exactrelu.exact.progress.progress_bar`),
        advanced once per flat expanded.

    Returns
    -------
    list of Flat
        Ranks ascending, ``flat.id`` = index; the first one is R^D itself.

    Examples
    --------
    >>> [(X.rank, bin(X.mask)) for X in build_flats([(1, 0), (0, 1), (1, 1)], 2)]
    [(0, '0b0'), (1, '0b1'), (1, '0b10'), (1, '0b100'), (2, '0b111')]
    """
    bar = NullBar() if progress is None else progress
    n = len(normals)
    identity = [tuple(int(i == j) for j in range(dim)) for i in range(dim)]
    root = Flat(0, 0, dim, rest=tuple(range(n)), basis=identity, coords=list(normals))
    flats = [root]
    level = [root]
    seen = {0: root}
    while level and (max_rank is None or level[0].rank < max_rank):
        nxt: list[Flat] = []
        for F in level:
            bar.update(1)
            if not F.rest:
                continue
            reps, members = parallel_classes(F.coords)
            rest = F.rest
            for rep, ms in zip(reps, members):
                if len(ms) == 1:  # the common case: no parallel hyperplanes in A^F
                    plus, minus = 1 << rest[ms[0][0]], 0
                else:
                    plus = sum(1 << rest[j] for j, o in ms if o > 0)
                    minus = sum(1 << rest[j] for j, o in ms if o < 0)
                mask = F.mask | plus | minus
                G = seen.get(mask)
                if G is None:
                    G = Flat(mask, F.rank + 1, F.ambient, source=(F, ms, rep))
                    seen[mask] = G
                    nxt.append(G)
                G.below.append((F, plus, minus))
        for G in nxt:
            G.id = len(flats)
            flats.append(G)
        level = nxt
    root.id = 0
    return flats


def mobius(flats: Sequence[Flat]) -> list[int]:
    """μ(R^D, X) for every flat (list indexed by ``flat.id``), by Weisner's theorem on the lower covers.

    For a flat X ≠ R^D and its first hyperplane a = min Z(X), Weisner's theorem
    (Stanley 2007, Lecture 1; Aigner 1979) gives
    μ(X) = −Σ μ(Y) over the lower covers Y ⋖ X with a ∉ Z(Y).  Only the covers
    recorded in ``X.below`` are read: no order ideal is kept, so the memory is that
    of the flats themselves.

    >>> mobius(build_flats([(1, 0), (0, 1), (1, 1)], 2))
    [1, -1, -1, -1, 2]
    """
    mu = [0] * len(flats)
    for X in flats:
        if X.rank == 0:
            mu[X.id] = 1
            continue
        low = X.mask & -X.mask  # the bit of a = min Z(X)
        mu[X.id] = -sum(mu[Y.id] for Y, _, _ in X.below if not Y.mask & low)
    return mu


def characteristic_polynomial(flats: Sequence[Flat], dim: int, rank: int | None = None) -> tuple[int, ...]:
    """Coefficients (low → high degree) of χ(t) = Σ_X μ(X) t^{dim X}.

    With ``rank`` given, ``flats`` may stop at rank − 1: the one flat of top rank
    (the lineality space, above every other flat) then has μ = −Σ of all others,
    since Σ_{Y ≤ top} μ(Y) = 0.  This skips the most numerous level of the lattice.

    >>> characteristic_polynomial(build_flats([(1, 0), (0, 1), (1, 1)], 2, max_rank=1), 2, rank=2)
    (2, -3, 1)
    """
    coeffs = [0] * (dim + 1)
    total = 0
    for X, m in zip(flats, mobius(flats)):
        coeffs[dim - X.rank] += m
        total += m
    if rank is not None and rank > 0 and all(X.rank < rank for X in flats):
        coeffs[dim - rank] -= total
    return tuple(coeffs)


def uniform_characteristic_polynomial(n: int, rank: int, dim: int) -> tuple[int, ...]:
    """χ(t), low → high degree, of n distinct hyperplanes of rank r in R^dim, generic in their span.

    General position in the span: every min(n, r) of the normals are linearly
    independent, so the flats of rank k < r are exactly the C(n, k) intersections
    of k hyperplanes, with μ = (-1)^k (the lattice below rank r is a truncated
    Boolean lattice), and the one flat of rank r takes the rest of χ(1) = 0:

        χ(t) = t^{dim-r} (Σ_{k<r} (-1)^k C(n, k) t^{r-k} + (-1)^r C(n-1, r-1))   (n >= r >= 1),
        χ(t) = t^{dim-n} (t - 1)^n                                              (n <= r).

    Then |χ(-1)| = 2 Σ_{k<r} C(n-1, k) (Cover 1965; Zaslavsky 1975; Stanley 2007,
    Proposition 2.4).  The hypothesis is not checked here: it must be certified,
    e.g. by :func:`exactrelu.geometry.position.linear_general_position` with
    ``within_span=True``.

    >>> uniform_characteristic_polynomial(10, 3, 3)
    (-36, 45, -10, 1)
    >>> uniform_characteristic_polynomial(2, 2, 3)
    (0, 1, -2, 1)
    >>> uniform_characteristic_polynomial(4, 2, 3)
    (0, 3, -4, 1)
    """
    c = [0] * (dim + 1)
    if n <= rank:
        for k in range(n + 1):
            c[dim - k] = (-1) ** k * comb(n, k)
        return tuple(c)
    for k in range(rank):
        c[dim - k] = (-1) ** k * comb(n, k)
    c[dim - rank] = (-1) ** rank * comb(n - 1, rank - 1)
    return tuple(c)


def bit_spreader(indices: Sequence[int], n_masks: int | None = None) -> MaskMap:
    """Function mapping a mask over positions 0..k-1 to a mask over ``indices`` (bit c to bit indices[c]).

    >>> bin(bit_spreader([1, 4])(0b11))
    '0b10010'
    """
    expand = mask_expander(
        [1 << i for i in indices], [0] * len(indices), 10**9 if n_masks is None else n_masks
    )
    return (lambda m: m) if expand is None else expand


def face_masks(flat: Flat, with_witness: bool = True) -> list[tuple[int, int, IntVector | None]]:
    """Faces whose span is ``flat``: list of (plus_mask, minus_mask, witness or None).

    The faces are the chambers of the restriction A^X, with zeros on Z(X).

    >>> X = build_flats([(1, 0), (0, 1), (1, 1)], 2)[1]    # the line <(1, 0), w> = 0
    >>> face_masks(X)
    [(6, 0, (0, 1)), (0, 6, (0, -1))]
    """
    if not flat.basis:  # X = {0}: the single face is the origin
        return [(0, 0, (0,) * flat.ambient if with_witness else None)]
    cells = chambers(flat.coords, flat.dimension)
    spread = bit_spreader(flat.rest, len(cells))
    full = sum(1 << i for i in flat.rest)
    out: list[tuple[int, int, IntVector | None]] = []
    for m, u in cells:
        plus = spread(m)
        out.append((plus, full & ~plus, flat.lift(u) if with_witness else None))
    return out


def n_faces(flat: Flat) -> int:
    """Number of faces whose span is ``flat`` (= chambers of A^X).

    Low dimensions need no enumeration: a line is cut into 2 half-lines and a
    plane by m distinct lines into 2m sectors; higher ones use the engine.
    """
    if not flat.coords:
        return 1
    if flat.dimension == 1:
        return 2
    if flat.dimension == 2:
        return 2 * len(parallel_classes(flat.coords)[0])
    return len(chambers(flat.coords, flat.dimension))
