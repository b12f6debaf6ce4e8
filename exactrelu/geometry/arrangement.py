"""Central hyperplane arrangements with exact, certified chambers and faces.

For a dataset X (N points in R^d) the activation regions of one ReLU unit
w ↦ relu(<w, x̄_i>) are the chambers of the central arrangement with normals
x̄_i = (x_i, 1) in parameter space R^{d+1} (Matena & Raffel 2022, section 3;
Karhadkar et al., Proposition 6 and Appendix B).  This module computes, in exact
integer arithmetic:

* every chamber with its sign vector and an integer witness point,
* every face (covector) with its dimension and an integer relative-interior point,
* the intersection poset, the characteristic polynomial χ(t) and, from it, the
  number of chambers |χ(−1)| (Zaslavsky 1975) — a count independent of the
  enumeration, which together with verified, pairwise distinct witnesses
  certifies that a chamber list is complete.

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

from math import comb
from typing import NamedTuple

import networkx as nx

from exactrelu.exact import limits
from exactrelu.exact.certificates import verify_witness
from exactrelu.exact.errors import CertificateError, DegenerateInputError, InvalidDataError
from exactrelu.exact.limits import DEFAULT_LIMIT
from exactrelu.exact.linalg import rank as _rank
from exactrelu.exact.parse import exact_matrix, homogenise, primitive_rows
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry import engine, lattice

__all__ = ["DEFAULT_LIMIT", "Chamber", "Face", "HyperplaneArrangement", "default_limit"]


def default_limit():
    """The size limit in force: ``EXACTRELU_LIMIT`` from the environment, else :data:`DEFAULT_LIMIT`."""
    return limits.resolve(None)


class Chamber(NamedTuple):
    """A chamber (open region) of a central arrangement.

    ``signs[i] * <normals[i], witness> > 0`` for every i; ``pattern`` is the ReLU
    activation pattern of the region (1 where the unit is active).
    """

    signs: tuple
    witness: tuple

    @property
    def pattern(self):
        return tuple(1 if s > 0 else 0 for s in self.signs)


class Face(NamedTuple):
    """A face (relatively open cone) of a central arrangement, i.e. a covector.

    ``sign(<normals[i], witness>) == signs[i]`` for every i; ``dimension`` is the
    dimension of the face (of its linear span) in R^D.
    """

    signs: tuple
    dimension: int
    witness: tuple


def _progress_bar(progress, total, desc, unit="step"):
    """A tqdm bar on stderr when ``progress`` is true (hidden when stderr is not a terminal)."""
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, disable=None)


class HyperplaneArrangement:
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

    def __init__(self, normals, *, strict=False):
        rows = exact_matrix(normals, strict=strict, name="normals")
        self._init_rows(rows, "normal")

    def _init_rows(self, rows, what):
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
        self.normals = primitive_rows(rows)
        self.dimension = len(rows[0])
        self._flats = None
        self._flats_depth = -1
        self._chambers = None
        self._charpoly = None
        self._adjacency_cache = None

    @classmethod
    def from_data(cls, X, bias=True, strict=False):
        """The arrangement of a dataset: normals x̄_i = (x_i, 1) if ``bias`` else x_i.

        >>> HyperplaneArrangement.from_data([[1, 2], [3, 4]]).normals
        ((1, 2, 1), (3, 4, 1))
        """
        rows = exact_matrix(X, strict=strict, name="data")
        if bias:
            rows = homogenise(rows)
        self = cls.__new__(cls)
        self._init_rows(rows, "data point")
        return self

    # ------------------------------------------------------------------ basics
    def n_hyperplanes(self):
        """Number of normals n (repeated hyperplanes counted separately), as Sage's ``n_hyperplanes()``."""
        return len(self.normals)

    def __len__(self):
        return len(self.normals)

    def __repr__(self):
        return f"HyperplaneArrangement of {self.n_hyperplanes()} hyperplanes in dimension {self.dimension}"

    def rank(self):
        """Rank of the normals: codimension of the lineality space ∩ H_i."""
        return _rank(self.normals)

    def is_essential(self):
        """True iff the hyperplanes meet only in the origin (rank = dimension)."""
        return self.rank() == self.dimension

    def n_distinct_hyperplanes(self):
        """Number of distinct hyperplanes (parallel normals merged)."""
        return len(engine.parallel_classes(self.normals)[0])

    # ------------------------------------------------------------- size guard
    def predicted_chambers(self):
        """Upper bound on the number of chambers (Cover/Schläfli for the distinct hyperplanes)."""
        return engine.upper_bound_regions(self.n_distinct_hyperplanes(), self.rank())

    def predicted_faces(self):
        """Upper bound on the number of faces (that of a generic arrangement of the same size and rank)."""
        n, r = self.n_distinct_hyperplanes(), self.rank()
        return sum(comb(n, k) * engine.upper_bound_regions(n - k, r - k) for k in range(r + 1))

    @staticmethod
    def _guard(what, predicted, limit):
        limits.guard(what, predicted, limit)

    # ---------------------------------------------------------------- chambers
    def _raw_chambers(self, progress=False):
        if self._chambers is None:
            with progress_bar(progress, self.n_distinct_hyperplanes(), "chambers", "hyperplane") as bar:
                self._chambers = engine.chambers(self.normals, self.dimension, progress=bar.update)
        return self._chambers

    def chambers(self, limit=None, progress=False):
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
        self._guard("chambers", self.predicted_chambers(), limit)
        raw = self._raw_chambers(progress)
        n = self.n_hyperplanes()
        out = [Chamber(engine.masks_to_signs(m, n), w) for m, w in raw]
        out.sort()
        return out

    def certify_chambers(self, chambers=None):
        """Re-check a chamber list: every witness exact, sign vectors distinct, count = |χ(−1)|.

        Returns ``True`` or raises :class:`~exactrelu.exact.errors.CertificateError`.
        The count comes from the characteristic polynomial, so a complete list is
        certified by two independent computations.
        """
        chambers = self.chambers() if chambers is None else chambers
        for c in chambers:
            if not verify_witness(self.normals, c.signs, c.witness):
                raise CertificateError(f"witness {c.witness} does not lie in chamber {c.signs}")
        if len({c.signs for c in chambers}) != len(chambers):
            raise CertificateError("repeated chamber in the list")
        if len(chambers) != self.n_regions():
            raise CertificateError(f"{len(chambers)} chambers listed but |χ(-1)| = {self.n_regions()}")
        return True

    # ------------------------------------------------------------------- flats
    def _flat_list(self, max_rank=None, progress=False):
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

    def characteristic_polynomial(self, as_sympy=False, progress=False):
        """χ(t) = Σ_X μ(R^D, X) t^{dim X}, coefficients from low to high degree.

        With ``as_sympy=True`` a :class:`sympy.Poly` in t is returned.

        >>> HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).characteristic_polynomial()
        (2, -3, 1)
        """
        if self._charpoly is None:
            r = self.rank()
            flats = self._flat_list(max_rank=r - 1, progress=progress)
            self._charpoly = lattice.characteristic_polynomial(flats, self.dimension, rank=r)
        if as_sympy:
            import sympy

            t = sympy.Symbol("t")
            return sympy.Poly(list(reversed(self._charpoly)), t)
        return self._charpoly

    def n_regions(self, progress=False):
        """Number of chambers |χ(−1)| (Zaslavsky's theorem), without enumerating them."""
        chi = self.characteristic_polynomial(progress=progress)
        return abs(sum(c * (-1) ** k for k, c in enumerate(chi)))

    def whitney_numbers(self, kind=1):
        """Whitney numbers by rank: first kind w_k = Σ_{rank X = k} μ(X); second kind W_k = #flats of rank k."""
        flats = self._flat_list()
        out = [0] * (max(X.rank for X in flats) + 1)
        values = lattice.mobius(flats) if kind == 1 else [1] * len(flats)
        for X, v in zip(flats, values):
            out[X.rank] += v
        return tuple(out)

    def flats(self):
        """All flats as frozensets of hyperplane indices (zero sets), ordered by rank."""
        return [
            frozenset(i for i in range(self.n_hyperplanes()) if X.mask >> i & 1) for X in self._flat_list()
        ]

    def intersection_poset(self):
        """The intersection poset as a :class:`networkx.DiGraph` (Hasse diagram).

        Nodes are frozensets of hyperplane indices (the hyperplanes containing the
        flat; ``frozenset()`` is R^D itself) with attributes ``rank``,
        ``dimension`` and ``mobius`` (μ(R^D, X)); an edge Y → X means X ⊂ Y is a
        flat of rank one more.
        """
        flats = self._flat_list()
        mu = lattice.mobius(flats)
        names = self.flats()
        G = nx.DiGraph()
        for X, name, m in zip(flats, names, mu):
            G.add_node(name, rank=X.rank, dimension=self.dimension - X.rank, mobius=m)
        for X, name in zip(flats, names):
            for Y, _, _ in X.below:
                G.add_edge(names[Y.id], name)
        return G

    # ------------------------------------------------------------------- faces
    def covectors(self, limit=None, progress=False):
        """All faces (covectors) with dimension and an integer relative-interior witness.

        Every face is a chamber of the restriction A^X to exactly one flat X (its
        span), so the faces are enumerated flat by flat with the chamber engine.

        Returns
        -------
        list of Face
            Sorted by (dimension, signs).  Includes the minimal face, the
            lineality space (all signs 0).
        """
        self._guard("faces", self.predicted_faces(), limit)
        flats = self._flat_list(progress=progress)
        n = self.n_hyperplanes()
        with progress_bar(progress, len(flats), "faces") as bar:
            out = []
            for X in flats:
                dim = self.dimension - X.rank
                out.extend(Face(engine.covector_signs(p, m, n), dim, w) for p, m, w in lattice.face_masks(X))
                bar.update(1)
        out.sort(key=lambda f: (f.dimension, f.signs))
        return out

    def face_vector(self, limit=None, progress=False):
        """Number of faces by dimension 0..D, as Sage's ``HyperplaneArrangement.face_vector()``.

        Entry k counts the relatively open faces (covectors) of dimension k: the
        chambers of the restriction to every flat of dimension k.

        >>> HyperplaneArrangement([[1, 0], [0, 1]]).face_vector()
        (1, 4, 4)
        """
        counts = [0] * (self.dimension + 1)
        self._guard("faces", self.predicted_faces(), limit)
        flats = self._flat_list(progress=progress)
        with progress_bar(progress, len(flats), "faces", "flat") as bar:
            for X in flats:
                counts[self.dimension - X.rank] += lattice.n_faces(X)
                bar.update(1)
        return tuple(counts)

    def facets(self, limit=None):
        """The codimension-one faces, as :class:`Face` objects sorted by sign vector.

        Each facet is a chamber of the restriction to one class of parallel
        hyperplanes and separates exactly two chambers (:meth:`separated_chambers`).
        This is the geometric route to the chamber graph; :meth:`adjacent_chambers`
        uses sign flips instead, and the tests check that the two agree.

        >>> [f.signs for f in HyperplaneArrangement([[1, 0], [0, 1]]).facets()]
        [(-1, 0), (0, -1), (0, 1), (1, 0)]
        """
        self._guard("facets", self.predicted_faces(), limit)
        n, dim = self.n_hyperplanes(), self.dimension - 1
        out = []
        for X in self._flat_list(max_rank=1):
            if X.rank == 1:
                out.extend(Face(engine.covector_signs(p, m, n), dim, w) for p, m, w in lattice.face_masks(X))
        out.sort(key=lambda f: f.signs)
        return out

    def separated_chambers(self, facet):
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

        def side(t):
            return tuple(
                s if s else t * (1 if sum(x * y for x, y in zip(self.normals[i], a)) > 0 else -1)
                for i, s in enumerate(facet.signs)
            )

        return side(1), side(-1)

    def _adjacency(self):
        """Pairs (mask, mask', flipped mask) of adjacent chambers, by bit-mask lookups.

        Two chambers whose sign vectors differ on exactly one class of parallel
        hyperplanes are adjacent: along the segment between their witnesses every
        other normal keeps its strict sign, so the crossing point lies in the
        relative interior of a common facet.  Conversely, chambers sharing a facet
        differ exactly on the hyperplanes containing it.  So the chamber graph
        needs no further geometry, only n_classes lookups per chamber.
        """
        if self._adjacency_cache is None:
            _, members = engine.parallel_classes(self.normals)
            flips = [sum(1 << i for i, _ in ms) for ms in members]
            raw = self._raw_chambers()
            masks = {m for m, _ in raw}
            out = []
            for m, _ in raw:
                for f in flips:
                    m2 = m ^ f
                    if m2 > m and m2 in masks:
                        out.append((m, m2, f))
            self._adjacency_cache = out
        return self._adjacency_cache

    def predicted_edges(self):
        """Upper bound on the number of pairs of adjacent chambers."""
        return self.predicted_chambers() * self.n_distinct_hyperplanes() // 2

    def n_adjacent_pairs(self, limit=None):
        """Number of pairs of adjacent chambers (= edges of the zonotope)."""
        self._guard("chambers", self.predicted_chambers(), limit)
        return len(self._adjacency())

    def adjacent_chambers(self, limit=None):
        """Pairs of chambers sharing a facet, with the indices whose sign flips.

        Returns list of (Chamber, Chamber, tuple[int]).  This is the chamber graph,
        dual to the 1-skeleton of the zonotope.
        """
        self._guard("chamber pairs", self.predicted_edges(), limit)
        by_mask = dict(self._raw_chambers())
        n = self.n_hyperplanes()
        out = []
        for a, b, f in self._adjacency():
            flipped = tuple(i for i in range(n) if f >> i & 1)
            out.append(
                (
                    Chamber(engine.masks_to_signs(a, n), by_mask[a]),
                    Chamber(engine.masks_to_signs(b, n), by_mask[b]),
                    flipped,
                )
            )
        return out
