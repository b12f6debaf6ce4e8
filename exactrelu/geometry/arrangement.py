"""Central hyperplane arrangements with exact, certified chambers and faces.

For a dataset X (N points in R^d) the activation regions of one ReLU unit
w ↦ relu(<w, x̄_i>) are the chambers of the central arrangement with normals
x̄_i = (x_i, 1) in parameter space R^{d+1} (Matena & Raffel 2022, section 3;
Karhadkar, Murray, Tseran & Montúfar 2023, Proposition 6 and Appendix B).  This
module computes, in exact integer arithmetic:

* every chamber with its sign vector and an integer witness point,
* every face (covector) with its dimension and an integer relative-interior point,
* the intersection poset, the characteristic polynomial χ(t) and, from it, the
  number of chambers |χ(−1)| (Zaslavsky 1975) — a count independent of the
  enumeration, which together with verified, pairwise distinct witnesses
  certifies that a chamber list is complete.  When the distinct hyperplanes are
  certified (exactly) to be in general position in their span, χ has a closed
  form and no flat is built; otherwise the flats are built only after a size
  guard on their predicted number (:meth:`HyperplaneArrangement.predicted_flats`).

Method names follow Sage's ``HyperplaneArrangement`` where they mean the same thing:
``n_hyperplanes()``, ``rank()``, ``is_essential()``, ``n_regions()``,
``characteristic_polynomial()``, ``whitney_number``/``whitney_numbers``,
``intersection_poset()``, ``face_vector()``.

Examples
--------
>>> A = HyperplaneArrangement.from_data([[0], [1], [2]])   # 1-D data with bias
>>> A.n_regions(), len(A.chambers())
(6, 6)
>>> A.characteristic_polynomial()
(2, -3, 1)
>>> A.chambers()[0]
Chamber(signs=(-1, -1, -1), witness=(0, -1))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from math import comb
from typing import Any, NamedTuple

import networkx as nx

from exactrelu.exact import limits
from exactrelu.exact.certificates import verify_witness
from exactrelu.exact.errors import CertificateError, DegenerateInputError, InvalidDataError
from exactrelu.exact.limits import DEFAULT_LIMIT
from exactrelu.exact.linalg import dot
from exactrelu.exact.linalg import rank as _rank
from exactrelu.exact.parse import exact_matrix, exact_points, primitive_rows
from exactrelu.exact.progress import progress_bar
from exactrelu.exact.types import MatrixLike, Pattern, SignVector
from exactrelu.geometry import chi, engine, lattice, position
from exactrelu.geometry.engine import IntVector, MaskChamber
from exactrelu.geometry.interop import ArrangementInterop
from exactrelu.geometry.position import GeneralPositionResult

__all__ = [
    "CHI_METHODS",
    "DEFAULT_LIMIT",
    "STREAM_BLOCK",
    "Chamber",
    "ChamberTable",
    "Face",
    "HyperplaneArrangement",
    "chambers_from_masks",
    "default_limit",
]

CHI_METHODS = ("auto", "closed_form", "lattice")
"""How :meth:`HyperplaneArrangement.characteristic_polynomial` may compute χ (see there)."""


def default_limit() -> int:
    """The size limit in force: ``EXACTRELU_LIMIT`` from the environment, else :data:`DEFAULT_LIMIT`."""
    return limits.resolve(None)


class Chamber(NamedTuple):
    """A chamber (open region) of a central arrangement.

    ``signs[i] * <normals[i], witness> > 0`` for every i; ``pattern`` is the ReLU
    activation pattern of the region (1 where the unit is active).
    """

    signs: SignVector
    witness: IntVector

    @property
    def pattern(self) -> Pattern:
        """The activation pattern (s + 1)/2: 1 where the sign is +1, else 0."""
        return tuple(1 if s > 0 else 0 for s in self.signs)


class Face(NamedTuple):
    """A face (relatively open cone) of a central arrangement, i.e. a covector.

    ``sign(<normals[i], witness>) == signs[i]`` for every i; ``dimension`` is the
    dimension of the face (of its linear span) in R^D.
    """

    signs: SignVector
    dimension: int
    witness: IntVector


STREAM_BLOCK = 1 << 16
"""Chambers per sign-prefix subproblem that :meth:`HyperplaneArrangement.iter_chambers` aims at."""


def chambers_from_masks(raw: Sequence[MaskChamber], n: int) -> list[Chamber]:
    """Engine-level ``(mask, witness)`` pairs over n normals as :class:`Chamber` objects, sorted by signs.

    >>> chambers_from_masks([(1, (1, 0)), (0, (-1, 0))], 1)
    [Chamber(signs=(-1,), witness=(-1, 0)), Chamber(signs=(1,), witness=(1, 0))]
    """
    out = [Chamber(engine.masks_to_signs(m, n), w) for m, w in raw]
    out.sort()
    return out


def _sign_order_key(mask: int, n: int) -> int:
    """An integer whose order is the tuple order of the sign vectors (bit 0 of the mask most significant)."""
    return int(format(mask, f"0{n}b")[::-1], 2) if n else 0


_BIG_SIGNS = [tuple(1 if b >> (7 - i) & 1 else -1 for i in range(8)) for b in range(256)]


class ChamberTable(Sequence[Chamber]):
    """A sorted list of chambers stored compactly: packed sign bits and a witness matrix.

    Sign vectors are kept as rows of bits (bit set ⟺ sign +1, first hyperplane in
    the high bit of the first byte, so byte order is sign-vector order) and the
    witnesses as an int64 matrix when every entry fits, else as a matrix of Python
    integers.  A :class:`Chamber` is built only when an entry is read, so a table
    costs ⌈n/8⌉ + 8·D bytes per chamber (int64 witnesses) instead of the 8·n bytes
    and more of a tuple of signs.  Indexing, slicing (a list), iteration, ``len``,
    ``in`` and ``==`` with any sequence of chambers behave as for the sorted list
    :meth:`HyperplaneArrangement.chambers`.

    >>> T = HyperplaneArrangement([[1, 0], [0, 1]]).chamber_table()
    >>> len(T), T[0], T == HyperplaneArrangement([[1, 0], [0, 1]]).chambers()
    (4, Chamber(signs=(-1, -1), witness=(-1, -1)), True)
    """

    def __init__(self, packed: Any, witnesses: Any, n: int) -> None:
        self._packed = packed
        self._witnesses = witnesses
        self._n = n

    @classmethod
    def from_masks(cls, parts: Iterable[Sequence[MaskChamber]], n: int, dim: int) -> ChamberTable:
        """Pack engine-level ``(mask, witness)`` lists, given part by part in sign-vector order of the parts.

        Each part is sorted and packed before the next one is read, so only one
        part is ever held as Python objects.
        """
        import numpy as np

        nb = (n + 7) // 8
        packed_parts: list[Any] = []
        wit_parts: list[Any] = []
        big = False
        for raw in parts:
            if not raw:
                continue
            blob = b"".join(m.to_bytes(nb, "little") for m, _ in raw) if nb else b""
            bits = np.unpackbits(
                np.frombuffer(blob, dtype=np.uint8).reshape(len(raw), nb), axis=1, bitorder="little"
            )
            P = np.packbits(bits[:, :n], axis=1, bitorder="big") if nb else np.zeros((len(raw), 0), np.uint8)
            order = np.lexsort(P.T[::-1]) if nb else np.arange(len(raw))
            wits = [raw[i][1] for i in order.tolist()]
            if not big and any(abs(x) >= 1 << 63 for w in wits for x in w):
                big = True
                wit_parts = [W.astype(object) for W in wit_parts]
            W = (
                np.empty((len(wits), dim), dtype=object)
                if big
                else np.empty((len(wits), dim), dtype=np.int64)
            )
            for i, w in enumerate(wits):
                W[i] = w
            packed_parts.append(P[order])
            wit_parts.append(W)
        if not packed_parts:
            return cls(np.zeros((0, nb), np.uint8), np.zeros((0, dim), np.int64), n)
        return cls(np.concatenate(packed_parts), np.concatenate(wit_parts), n)

    def __len__(self) -> int:
        return len(self._packed)

    def _chamber(self, i: int) -> Chamber:
        signs: SignVector = ()
        for b in self._packed[i].tolist():
            signs += _BIG_SIGNS[b]
        return Chamber(signs[: self._n], tuple(int(x) for x in self._witnesses[i].tolist()))

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._chamber(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("chamber index out of range")
        return self._chamber(i)

    def __iter__(self) -> Iterator[Chamber]:
        for i in range(len(self)):
            yield self._chamber(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ChamberTable of {len(self)} chambers of {self._n} hyperplanes"

    def nbytes(self) -> int:
        """Bytes held by the sign bits and the witnesses (Python integers counted with their objects)."""
        import sys

        W = self._witnesses
        extra = sum(sys.getsizeof(x) for x in W.flat) if W.dtype == object else 0
        return int(self._packed.nbytes + W.nbytes + extra)


class HyperplaneArrangement(ArrangementInterop):
    """A central hyperplane arrangement {w ∈ R^D : <a_i, w> = 0}, i = 1..n.

    Parameters
    ----------
    normals : table of rational numbers, shape (n, D)
        One normal per row (any format accepted by :func:`exactrelu.exact.parse.exact_matrix`).
        Rows are scaled to primitive integer vectors (a positive scaling, which
        changes neither the hyperplane nor its orientation).  Repeated and
        parallel rows are allowed: they are the same hyperplane, and their signs
        are reported separately, in input order.
    strict : bool
        Refuse binary floats instead of reading their exact value.

    Raises
    ------
    DegenerateInputError
        A zero row: it defines no hyperplane.

    See Also
    --------
    exactrelu.geometry.zonotope.Zonotope : the dual zonotope Σ [0, a_i].
    """

    def __init__(self, normals: MatrixLike, *, strict: bool = False) -> None:
        rows = exact_matrix(normals, strict=strict, name="normals")
        self._init_rows(rows, "normal")

    def _init_rows(self, rows: Sequence[Sequence[Fraction]], what: str) -> None:
        zero = [i for i, r in enumerate(rows) if not any(r)]
        if zero:
            raise DegenerateInputError(
                f"{what} {zero[0]} is the zero vector"
                + (f" (also rows {zero[1:6]})" if len(zero) > 1 else "")
                + ", which defines no hyperplane"
                + (
                    "; with bias=False a data point at the origin is never active "
                    "(relu(<w, 0>) = 0 for every w): drop it or use bias=True"
                    if what == "data point"
                    else ""
                )
            )
        self.normals: tuple[IntVector, ...] = primitive_rows(rows)
        self.dimension: int = len(rows[0])
        self._flats: list[lattice.Flat] | None = None
        self._flats_depth = -1
        self._chambers: list[MaskChamber] | None = None
        self._charpoly: tuple[int, ...] | None = None
        self._chi_method = ""
        self._generic: GeneralPositionResult | None = None
        self._adjacency_cache: list[tuple[int, int, int]] | None = None

    @classmethod
    def from_data(cls, X: MatrixLike, bias: bool = True, strict: bool = False) -> HyperplaneArrangement:
        """The arrangement of a dataset: normals x̄_i = (x_i, 1) if ``bias`` else x_i.

        Parameters
        ----------
        X : table of N points in R^d
        bias : bool
            Units with a bias (normals x̄_i in R^{d+1}) or without (normals x_i).
        strict : bool
            Refuse binary floats.

        Raises
        ------
        DegenerateInputError
            A data point at the origin with ``bias=False``.

        >>> HyperplaneArrangement.from_data([[1, 2], [3, 4]]).normals
        ((1, 2, 1), (3, 4, 1))
        """
        rows = exact_points(X, bias=bias, strict=strict)
        self = cls.__new__(cls)
        self._init_rows(rows, "data point")
        return self

    # ------------------------------------------------------------------ basics
    def n_hyperplanes(self) -> int:
        """Number of normals n (repeated hyperplanes counted separately), as Sage's ``n_hyperplanes()``."""
        return len(self.normals)

    def __len__(self) -> int:
        return len(self.normals)

    def __repr__(self) -> str:
        return f"HyperplaneArrangement of {self.n_hyperplanes()} hyperplanes in dimension {self.dimension}"

    def rank(self) -> int:
        """Rank of the normals: codimension of the lineality space ∩ H_i (Sage's ``rank()``)."""
        return _rank(self.normals)

    def is_essential(self) -> bool:
        """True iff the hyperplanes meet only in the origin (rank = dimension); Sage's ``is_essential()``."""
        return self.rank() == self.dimension

    def n_distinct_hyperplanes(self) -> int:
        """Number of distinct hyperplanes (parallel normals merged)."""
        return len(engine.parallel_classes(self.normals)[0])

    # ------------------------------------------------------------- size guard
    def predicted_chambers(self) -> int:
        """Upper bound on the number of chambers (Cover/Schläfli for the distinct hyperplanes)."""
        return engine.upper_bound_regions(self.n_distinct_hyperplanes(), self.rank())

    def predicted_faces(self) -> int:
        """Upper bound on the number of faces (that of a generic arrangement of the same size and rank)."""
        n, r = self.n_distinct_hyperplanes(), self.rank()
        return sum(comb(n, k) * engine.upper_bound_regions(n - k, r - k) for k in range(r + 1))

    def predicted_flats(self) -> int:
        """Upper bound Σ_{k<r} C(n, k) on the flats of rank < r that χ is computed from (n distinct, rank r).

        Attained in general position.  :meth:`characteristic_polynomial` refuses
        (``SizeLimitError``) to build more than the limit unless the closed form applies.
        """
        n, r = self.n_distinct_hyperplanes(), self.rank()
        return sum(comb(n, k) for k in range(r))

    def genericity(self, limit: int | None = None) -> GeneralPositionResult:
        """Exact test: are the distinct hyperplanes in general position within the span of the normals?

        One normal per class of parallel normals; every min(n, r) of them linearly
        independent (r the rank), certified by
        :func:`exactrelu.geometry.position.linear_general_position` with
        ``within_span=True`` and the cheaper exact scan of
        :func:`exactrelu.geometry.chi.certification_method` (exact; on failure a verified
        dependency among the class representatives, indexed as in
        ``engine.parallel_classes(normals)``).  Cached.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) a scan costing more than this (default
            :data:`exactrelu.geometry.position.PENCIL_LIMIT`, env ``EXACTRELU_PENCIL_LIMIT``).

        >>> bool(HyperplaneArrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]).genericity())
        True
        >>> HyperplaneArrangement.from_data([[0, 0], [1, 1], [2, 2], [0, 1]]).genericity().subset
        (0, 1, 2)
        """
        if self._generic is None:
            reps = engine.parallel_classes(self.normals)[0]
            how = chi.certification_method(len(reps), min(len(reps), self.rank()))
            self._generic = position.linear_general_position(reps, within_span=True, method=how, limit=limit)
        return self._generic

    def chi_method(self) -> str:
        """How the cached χ was computed: ``"closed form"``, ``"intersection lattice"`` or ``""`` (none)."""
        return self._chi_method

    # ---------------------------------------------------------------- chambers
    def chamber_masks(self, progress: bool = False) -> list[MaskChamber]:
        """The chambers at the engine's level: ``(mask, witness)`` pairs, cached, in the engine's order.

        Bit i of ``mask`` is set iff ``<normals[i], witness> > 0``.  No size guard:
        this is the building block of :meth:`chambers` and of the zonotope's graph.

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).chamber_masks()
        [(3, (1, 1)), (2, (-1, 1)), (0, (-1, -1)), (1, (1, -1))]
        """
        if self._chambers is None:
            with progress_bar(progress, self.n_distinct_hyperplanes(), "chambers", "hyperplane") as bar:
                self._chambers = engine.chambers(self.normals, self.dimension, progress=bar.update)
        return self._chambers

    def chambers(self, limit: int | None = None, progress: bool = False) -> list[Chamber]:
        """All chambers, each with its sign vector and an integer witness.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of chambers exceeds
            it; default :func:`default_limit`.
        progress : bool
            Show a progress bar (stderr) on long enumerations.

        Returns
        -------
        list of Chamber
            Sorted by sign vector.

        Notes
        -----
        Deletion–restriction in integer coordinates (:mod:`exactrelu.geometry.engine`):
        no LP is solved.  The work is about n/D times the output size.
        """
        limits.guard("chambers", self.predicted_chambers(), limit)
        return self._chamber_list(progress)

    def _chamber_list(self, progress: bool) -> list[Chamber]:
        return chambers_from_masks(self.chamber_masks(progress), self.n_hyperplanes())

    def chamber_table(self, limit: int | None = None, progress: bool = False) -> ChamberTable:
        """All chambers, as :meth:`chambers` (same order), in a compact :class:`ChamberTable`.

        Built from the sign-prefix subproblems of :meth:`iter_chambers`, packed one at
        a time, so the peak memory is the table plus one subproblem.  Not cached.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of chambers exceeds it.
        progress : bool
            Show a progress bar (stderr).

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).chamber_table()[-1]
        Chamber(signs=(1, 1), witness=(1, 1))
        """
        limits.guard("chambers", self.predicted_chambers(), limit)
        if self._chambers is not None:
            return ChamberTable.from_masks([self._chambers], len(self), self.dimension)
        parts = -(-self.predicted_chambers() // STREAM_BLOCK)
        k, batches = self.prefix_batches(parts)
        with progress_bar(progress, len(batches), "chambers", "subproblem") as bar:

            def raw_parts() -> Iterator[list[MaskChamber]]:
                for batch in batches:
                    yield engine.chambers_in_prefix(self.normals, self.dimension, k, batch)
                    bar.update(1)

            return ChamberTable.from_masks(raw_parts(), len(self), self.dimension)

    def iter_chambers(self, *, progress: bool = False) -> Iterator[Chamber]:
        """Yield every chamber (sign vector and integer witness), in the order of :meth:`chambers`.

        No size guard: the caller consumes the chambers one by one (for example to
        write them to a file), so nothing beyond the engine's working set is kept.

        Parameters
        ----------
        progress : bool
            Show a progress bar (stderr).

        Yields
        ------
        Chamber

        Examples
        --------
        >>> [c.signs for c in HyperplaneArrangement([[1, 0], [0, 1]]).iter_chambers()]
        [(-1, -1), (-1, 1), (1, -1), (1, 1)]
        """
        parts = -(-self.predicted_chambers() // STREAM_BLOCK)
        k, batches = self.prefix_batches(parts)
        with progress_bar(progress, len(batches), "chambers", "subproblem") as bar:
            n = len(self)
            for batch in batches:
                raw = engine.chambers_in_prefix(self.normals, self.dimension, k, batch)
                raw.sort(key=lambda c: _sign_order_key(c[0], n))
                for m, w in raw:  # Chamber tuples (8 bytes a sign) are made one at a time
                    yield Chamber(engine.masks_to_signs(m, n), w)
                del raw
                bar.update(1)

    def prefix_batches(self, parts: int) -> tuple[int, list[list[int]]]:
        """Split the chambers into about ``parts`` independent sign-prefix subproblems.

        Returns a prefix length k (:meth:`prefix_length` of ``parts``) and the
        prefixes (:meth:`sign_prefixes`) cut into at most ``parts`` consecutive groups;
        :meth:`chambers_with_prefix` of the groups, concatenated, is :meth:`chambers`.

        >>> HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).prefix_batches(2)
        (1, [[0], [1]])
        """
        if parts <= 1:
            return 0, [[0]]
        k = self.prefix_length(parts)
        prefixes = self.sign_prefixes(k)
        groups = min(parts, len(prefixes))
        return k, [
            prefixes[g * len(prefixes) // groups : (g + 1) * len(prefixes) // groups] for g in range(groups)
        ]

    def prefix_length(self, parts: int) -> int:
        """The shortest sign prefix that splits the chambers into about ``parts`` subproblems.

        The smallest k whose first k normals have a Cover bound of at least ``parts``
        chambers (the subproblems of :meth:`chambers_with_prefix` are the chambers of
        the first k hyperplanes); n if even all of them have fewer.

        >>> HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).prefix_length(4)
        2
        """
        n = self.n_hyperplanes()
        for k in range(n + 1):
            if engine.upper_bound_regions(k, min(k, self.dimension)) >= parts:
                return k
        return n

    def sign_prefixes(self, k: int) -> list[int]:
        """The sign prefixes on the first k normals that occur, as bit masks, in sign-vector order.

        They are the chambers of the first k hyperplanes (bit i set iff the sign on
        normal i is +), so the subproblems :meth:`chambers_with_prefix` of all of them
        partition the chambers.

        >>> HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).sign_prefixes(2)
        [0, 2, 1, 3]
        """
        masks = {m for m, _ in engine.chambers(self.normals[:k], self.dimension)} if k else {0}
        return sorted(masks, key=lambda m: engine.masks_to_signs(m, k))

    def chambers_with_prefix(self, k: int, sigma: int | Sequence[int]) -> list[Chamber]:
        """The chambers whose signs on the first k normals are the bits of ``sigma`` (or one of them), sorted.

        Independent subproblems (:func:`exactrelu.geometry.engine.chambers_in_prefix`):
        deletion–restriction run inside the cones of the prefixes.  Concatenated over
        :meth:`sign_prefixes` in order, they give :meth:`chambers` (same sign vectors,
        in the same order; witnesses may differ, every one is exact).

        >>> [c.signs for c in HyperplaneArrangement([[1, 0], [0, 1]]).chambers_with_prefix(1, 1)]
        [(1, -1), (1, 1)]
        """
        return chambers_from_masks(
            engine.chambers_in_prefix(self.normals, self.dimension, k, sigma), len(self)
        )

    def iter_covectors(self, *, progress: bool = False) -> Iterator[Face]:
        """Yield every face (covector) with its dimension and witness, in the order of :meth:`covectors`.

        No size guard (see :meth:`iter_chambers`).

        Parameters
        ----------
        progress : bool
            Show a progress bar (stderr).

        Yields
        ------
        Face

        Examples
        --------
        >>> [f.signs for f in HyperplaneArrangement([[1]]).iter_covectors()]
        [(0,), (-1,), (1,)]
        """
        flats = self.lattice_flats(progress=progress)
        by_rank: dict[int, list[lattice.Flat]] = {}
        for X in flats:
            by_rank.setdefault(X.rank, []).append(X)
        with progress_bar(progress, len(flats), "faces", "flat") as bar:
            for r in sorted(by_rank, reverse=True):  # dimension ascending, as covectors()
                group: list[Face] = []
                for X in by_rank[r]:
                    group.extend(self._faces_of(X))
                    bar.update(1)
                group.sort(key=lambda f: f.signs)
                yield from group

    def certify_chambers(self, chambers: Sequence[Chamber] | None = None) -> bool:
        """Re-check a chamber list: every witness exact, sign vectors distinct, count = |χ(−1)|.

        Parameters
        ----------
        chambers : sequence of Chamber, optional
            The list to check (default: :meth:`chambers`).

        Returns
        -------
        bool
            ``True``; the count comes from the characteristic polynomial, so a
            complete list is certified by two independent computations.

        Raises
        ------
        CertificateError
            A witness outside its chamber, a repeated chamber or a wrong count.
        """
        chambers = self.chambers() if chambers is None else chambers
        for c in chambers:
            if 0 in c.signs:
                raise CertificateError(f"chamber {c.signs} has a zero sign: a face was listed, not a chamber")
        for c in chambers:
            if not verify_witness(self.normals, c.signs, c.witness):
                raise CertificateError(f"witness {c.witness} does not lie in chamber {c.signs}")
        if len({c.signs for c in chambers}) != len(chambers):
            raise CertificateError("repeated chamber in the list")
        if len(chambers) != self.n_regions():
            raise CertificateError(f"{len(chambers)} chambers listed but |χ(-1)| = {self.n_regions()}")
        return True

    # ------------------------------------------------------------------- flats
    def lattice_flats(self, max_rank: int | None = None, progress: bool = False) -> list[lattice.Flat]:
        """The flats as :class:`exactrelu.geometry.lattice.Flat` objects (integer coordinates), cached.

        Ranks ascending, up to ``max_rank`` (default: all).  This is the engine-level
        view behind :meth:`flats`, :meth:`intersection_poset` and the zonotope's face
        lattice.  No size guard.

        Parameters
        ----------
        max_rank : int, optional
            Build the flats of rank ≤ ``max_rank`` only.
        progress : bool
            Show a progress bar (stderr) while the flats are built.

        >>> [X.rank for X in HyperplaneArrangement([[1, 0], [0, 1]]).lattice_flats()]
        [0, 1, 1, 2]
        """
        depth = self.dimension if max_rank is None else max_rank
        if self._flats is None or self._flats_depth < depth:
            with progress_bar(progress, None, "flats") as bar:
                self._flats = lattice.build_flats(
                    self.normals, self.dimension, max_rank=max_rank, progress=bar
                )
                self._flats_depth = depth
        if max_rank is None:
            return self._flats
        return [X for X in self._flats if X.rank <= max_rank]

    def characteristic_polynomial(
        self,
        as_sympy: bool = False,
        progress: bool = False,
        *,
        limit: int | None = None,
        method: str = "auto",
    ) -> Any:
        """χ(t) = Σ_X μ(R^D, X) t^{dim X}, as Sage's ``characteristic_polynomial()``.

        Parameters
        ----------
        as_sympy : bool
            Return a :class:`sympy.Poly` in t instead of the coefficients.
        progress : bool
            Show a progress bar while the flats are built.
        limit : int, optional
            Refuse (``SizeLimitError``, before any flat is built) if the lattice
            route is needed and :meth:`predicted_flats` exceeds it; default
            :func:`default_limit`.
        method : {"auto", "closed_form", "lattice"}
            ``"closed_form"``: the distinct hyperplanes must be certified in general
            position in their span (:meth:`genericity`, exact), and χ is then the
            truncated-Boolean formula :func:`exactrelu.geometry.lattice.uniform_characteristic_polynomial`
            (``DegenerateInputError`` if they are not).  ``"lattice"``: Möbius
            function over the flats of rank < r.  ``"auto"`` (default): the closed
            form when the certificate is cheap (:func:`exactrelu.geometry.chi.certification_cost`
            within its budget) and holds, else the lattice
            (:func:`exactrelu.geometry.chi.characteristic_polynomial`).
            :meth:`chi_method` tells which one ran.

        Returns
        -------
        tuple of int or sympy.Poly
            The coefficients from low to high degree (length D + 1), or the polynomial.

        Raises
        ------
        SizeLimitError
            The lattice route is needed and more than ``limit`` flats are predicted.

        >>> HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).characteristic_polynomial()
        (2, -3, 1)
        >>> HyperplaneArrangement([[1, 0], [0, 1]]).characteristic_polynomial(as_sympy=True)
        Poly(t**2 - 2*t + 1, t, domain='ZZ')
        """
        if method not in CHI_METHODS:
            raise InvalidDataError(f"method must be one of {', '.join(CHI_METHODS)}; got {method!r}")
        wanted = {"closed_form": "closed form", "lattice": "intersection lattice"}.get(method)
        if self._charpoly is None or (wanted is not None and wanted != self._chi_method):
            self._charpoly, self._chi_method = self._compute_chi(method, limit, progress)
        if as_sympy:
            import sympy  # here, not at import: sympy alone doubles the start-up time of `exactrelu`

            t = sympy.Symbol("t")
            return sympy.Poly(list(reversed(self._charpoly)), t)
        return self._charpoly

    def _compute_chi(self, method: str, limit: int | None, progress: bool) -> tuple[tuple[int, ...], str]:
        r, n = self.rank(), self.n_distinct_hyperplanes()
        what = "flats of the intersection lattice (to compute χ)"
        if method != "lattice":
            _, cost, budget, env = chi.certification_cost(n, min(n, r))
            if cost > budget:
                what = (
                    f"flats of the intersection lattice (to compute χ; the closed form was not tried: "
                    f"certifying general position would cost {cost:,} > {env}={budget:,})"
                )
            if method == "closed_form" or cost <= budget:
                gp = self.genericity()
                if gp:
                    return lattice.uniform_characteristic_polynomial(n, r, self.dimension), "closed form"
                if method == "closed_form":
                    raise DegenerateInputError(
                        "the closed form of χ needs the hyperplanes in general position in their span, "
                        f"but they are not: {gp.describe()} (over the distinct normals); "
                        "use method='lattice' or 'auto'"
                    )
        predicted = self.predicted_flats()
        limits.guard(what, predicted, limit)
        # vectorised Bareiss lattice in int64 when the Hadamard bound allows it, else exact Python flats
        with progress_bar(progress, None, "flats") as bar:
            coeffs, how, _ = chi.characteristic_polynomial(
                self.normals, self.dimension, method="lattice", limit=max(predicted, 1), progress=bar
            )
        return coeffs, how

    def n_regions(self, progress: bool = False, *, limit: int | None = None, method: str = "auto") -> int:
        """Number of chambers |χ(−1)| (Zaslavsky's theorem), without enumerating them; Sage's ``n_regions()``.

        In general position (certified exactly, see :meth:`characteristic_polynomial`)
        this is Cover's 2 Σ_{k<r} C(n-1, k) for the n distinct hyperplanes of rank r;
        otherwise the flats are built, after the size guard (``limit``, ``method`` as
        in :meth:`characteristic_polynomial`).

        >>> HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1], [1, 1]]).n_regions()
        14
        """
        chi = self.characteristic_polynomial(progress=progress, limit=limit, method=method)
        return abs(sum(c * (-1) ** k for k, c in enumerate(chi)))

    def _guard_lattice(self, limit: int | None) -> None:
        """Refuse up front when the whole intersection lattice is predicted to exceed ``limit`` flats."""
        limits.guard("flats of the intersection lattice", self.predicted_flats() + 1, limit)

    def whitney_numbers(self, kind: int = 1, limit: int | None = None) -> tuple[int, ...]:
        """Whitney numbers by rank k = 0..rank, Sage's ``whitney_number(k, kind)`` for every k.

        First kind (``kind=1``): w_k = Σ_{rank X = k} μ(R^D, X); second kind
        (``kind=2``): W_k = number of flats of rank k.

        >>> A = HyperplaneArrangement([[1, 0], [0, 1], [1, 1]])
        >>> A.whitney_numbers(), A.whitney_numbers(kind=2)
        ((1, -3, 2), (1, 3, 1))
        """
        self._guard_lattice(limit)
        flats = self.lattice_flats()
        out = [0] * (max(X.rank for X in flats) + 1)
        values = lattice.mobius(flats) if kind == 1 else [1] * len(flats)
        for X, v in zip(flats, values):
            out[X.rank] += v
        return tuple(out)

    def flats(self, limit: int | None = None) -> list[frozenset[int]]:
        """All flats as frozensets of hyperplane indices (zero sets), ordered by rank.

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).flats()
        [frozenset(), frozenset({0}), frozenset({1}), frozenset({0, 1})]
        """
        self._guard_lattice(limit)
        return [
            frozenset(i for i in range(self.n_hyperplanes()) if X.mask >> i & 1) for X in self.lattice_flats()
        ]

    def intersection_poset(self, limit: int | None = None) -> nx.DiGraph:
        """The intersection poset (Sage's ``intersection_poset()``) as a networkx DiGraph (Hasse diagram).

        Nodes are frozensets of hyperplane indices (the hyperplanes containing the
        flat; ``frozenset()`` is R^D itself, like Sage's ``element_label='subset'``)
        with attributes ``rank``, ``dimension`` and ``mobius`` (μ(R^D, X)); an edge
        Y → X means X ⊂ Y is a flat of rank one more.

        >>> P = HyperplaneArrangement([[1, 0], [0, 1]]).intersection_poset()
        >>> P.number_of_nodes(), P.number_of_edges(), P.nodes[frozenset({0, 1})]["mobius"]
        (4, 4, 1)
        """
        self._guard_lattice(limit)
        flats = self.lattice_flats()
        mu = lattice.mobius(flats)
        names = self.flats(limit)
        G = nx.DiGraph()
        for X, name, m in zip(flats, names, mu):
            G.add_node(name, rank=X.rank, dimension=self.dimension - X.rank, mobius=m)
        for X, name in zip(flats, names):
            for Y, _, _ in X.below:
                G.add_edge(names[Y.id], name)
        return G

    # ------------------------------------------------------------------- faces
    def covectors(self, limit: int | None = None, progress: bool = False) -> list[Face]:
        """All faces (covectors) with dimension and an integer relative-interior witness.

        Every face is a chamber of the restriction A^X to exactly one flat X (its
        span), so the faces are enumerated flat by flat with the chamber engine.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of faces exceeds it.
        progress : bool
            Show a progress bar (stderr).

        Returns
        -------
        list of Face
            Sorted by (dimension, signs).  Includes the minimal face, the
            lineality space (all signs 0).

        >>> [f.signs for f in HyperplaneArrangement([[1]]).covectors()]
        [(0,), (-1,), (1,)]
        """
        limits.guard("faces", self.predicted_faces(), limit)
        return self._covector_list(progress)

    def _covector_list(self, progress: bool) -> list[Face]:
        flats = self.lattice_flats(progress=progress)
        with progress_bar(progress, len(flats), "faces") as bar:
            out: list[Face] = []
            for X in flats:
                out.extend(self._faces_of(X))
                bar.update(1)
        out.sort(key=lambda f: (f.dimension, f.signs))
        return out

    def _faces_of(self, X: lattice.Flat) -> list[Face]:
        """The faces spanning the flat X, each with its witness."""
        n, dim = self.n_hyperplanes(), self.dimension - X.rank
        return [
            Face(engine.covector_signs(p, m, n), dim, w) for p, m, w in lattice.face_masks(X) if w is not None
        ]

    def face_vector(self, limit: int | None = None, progress: bool = False) -> tuple[int, ...]:
        """Number of faces by dimension 0..D, as Sage's ``HyperplaneArrangement.face_vector()``.

        Entry k counts the relatively open faces (covectors) of dimension k: the
        chambers of the restriction to every flat of dimension k.  No face is listed.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of faces exceeds it.
        progress : bool
            Show a progress bar (stderr).

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).face_vector()
        (1, 4, 4)
        """
        counts = [0] * (self.dimension + 1)
        limits.guard("faces", self.predicted_faces(), limit)
        flats = self.lattice_flats(progress=progress)
        with progress_bar(progress, len(flats), "faces", "flat") as bar:
            for X in flats:
                counts[self.dimension - X.rank] += lattice.n_faces(X)
                bar.update(1)
        return tuple(counts)

    def facets(self, limit: int | None = None) -> list[Face]:
        """The codimension-one faces, as :class:`Face` objects sorted by sign vector.

        Each facet is a chamber of the restriction to one class of parallel
        hyperplanes and separates exactly two chambers (:meth:`separated_chambers`).
        This is the geometric route to the chamber graph; :meth:`adjacent_chambers`
        uses sign flips instead, and the tests check that the two agree.

        >>> [f.signs for f in HyperplaneArrangement([[1, 0], [0, 1]]).facets()]
        [(-1, 0), (0, -1), (0, 1), (1, 0)]
        """
        limits.guard("facets", self.predicted_faces(), limit)
        out = [f for X in self.lattice_flats(max_rank=1) if X.rank == 1 for f in self._faces_of(X)]
        out.sort(key=lambda f: f.signs)
        return out

    def separated_chambers(self, facet: Face) -> tuple[SignVector, SignVector]:
        """The sign vectors of the two chambers on either side of a facet (a :class:`Face` of codimension 1).

        The facet's zero signs are one class of parallel hyperplanes, normals c_i·a with
        c_i ≠ 0; the chamber on the side of +a has sign(c_i) there, the other −sign(c_i).

        >>> A = HyperplaneArrangement([[1, 0], [-2, 0], [0, 1]])
        >>> A.separated_chambers(Face((0, 0, 1), 1, (0, 1)))
        ((1, -1, 1), (-1, 1, 1))
        """
        zeros = [i for i, s in enumerate(facet.signs) if s == 0]
        if not zeros or _rank([self.normals[i] for i in zeros]) != 1:
            raise InvalidDataError(f"{facet.signs} is not the sign vector of a facet of this arrangement")
        a = self.normals[zeros[0]]

        def side(t: int) -> SignVector:
            return tuple(
                s if s else t * (1 if dot(self.normals[i], a) > 0 else -1) for i, s in enumerate(facet.signs)
            )

        return side(1), side(-1)

    def adjacent_masks(self) -> list[tuple[int, int, int]]:
        """Pairs of adjacent chambers at the engine's level: ``(mask, mask', flipped mask)``, cached.

        Two chambers whose sign vectors differ on exactly one class of parallel
        hyperplanes are adjacent: along the segment between their witnesses every
        other normal keeps its strict sign, so the crossing point lies in the
        relative interior of a common facet.  Conversely, chambers sharing a facet
        differ exactly on the hyperplanes containing it.  So the chamber graph
        needs no further geometry, only n_classes lookups per chamber.  No size guard
        (see :meth:`adjacent_chambers`).

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).adjacent_masks()
        [(2, 3, 1), (0, 1, 1), (0, 2, 2), (1, 3, 2)]
        """
        if self._adjacency_cache is None:
            _, members = engine.parallel_classes(self.normals)
            flips = [sum(1 << i for i, _ in ms) for ms in members]
            raw = self.chamber_masks()
            masks = {m for m, _ in raw}
            out: list[tuple[int, int, int]] = []
            for m, _ in raw:
                for f in flips:
                    m2 = m ^ f
                    if m2 > m and m2 in masks:
                        out.append((m, m2, f))
            self._adjacency_cache = out
        return self._adjacency_cache

    def predicted_edges(self) -> int:
        """Upper bound on the number of pairs of adjacent chambers."""
        return self.predicted_chambers() * self.n_distinct_hyperplanes() // 2

    def n_adjacent_pairs(self, limit: int | None = None) -> int:
        """Number of pairs of adjacent chambers (= edges of the zonotope).

        >>> HyperplaneArrangement.from_data([[0], [1], [2]]).n_adjacent_pairs()
        6
        """
        limits.guard("chambers", self.predicted_chambers(), limit)
        return len(self.adjacent_masks())

    def adjacent_chambers(self, limit: int | None = None) -> list[tuple[Chamber, Chamber, tuple[int, ...]]]:
        """Pairs of chambers sharing a facet, with the indices whose sign flips.

        This is the chamber graph, dual to the 1-skeleton of the zonotope.

        Parameters
        ----------
        limit : int, optional
            Refuse if the predicted number of pairs exceeds it.

        Returns
        -------
        list of (Chamber, Chamber, tuple of int)

        >>> a, b, flipped = HyperplaneArrangement([[1, 0], [0, 1]]).adjacent_chambers()[0]
        >>> a.signs, b.signs, flipped
        ((-1, 1), (1, 1), (0,))
        """
        limits.guard("chamber pairs", self.predicted_edges(), limit)
        by_mask = dict(self.chamber_masks())
        n = self.n_hyperplanes()
        out = []
        for a, b, f in self.adjacent_masks():
            flipped = tuple(i for i in range(n) if f >> i & 1)
            out.append(
                (
                    Chamber(engine.masks_to_signs(a, n), by_mask[a]),
                    Chamber(engine.masks_to_signs(b, n), by_mask[b]),
                    flipped,
                )
            )
        return out
