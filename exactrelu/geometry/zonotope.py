"""Zonotopes Z = Σ_i [0, g_i] and their Cartesian powers, exactly.

The zonotope of a dataset has the homogenised points g_i = x̄_i as generators.
Its faces are dual to the faces of the central arrangement with normals g_i
(Matena & Raffel 2022, section 3; Karhadkar et al., Proposition 7):

* chamber with sign vector s  ↔  vertex Σ_{s_i = +1} g_i (the activation pattern
  a = (s + 1)/2 is the vertex's 0/1 coefficient vector);
* face of the arrangement with covector σ  ↔  face Σ_{σ_i=+} g_i + Σ_{σ_i=0} [0, g_i]
  of dimension rank{g_i : σ_i = 0};
* two chambers sharing a facet  ↔  an edge, a translate of Σ of the flipped g_i.

All of it comes from the one enumeration engine of :mod:`exactrelu.geometry.engine`; this
module only translates.  For m hidden units the structure is the Cartesian
power Z^m (Matena & Raffel, section 3, "Multiple Hidden Units").

Examples
--------
>>> Z = Zonotope.from_data([[0], [1], [2]])
>>> Z.n_vertices(), Z.n_edges(), Z.f_vector()
(6, 6, (1, 6, 6, 1))
>>> Z.vertices()[(0, 1, 1)]
(3, 2)
"""

import numbers
from fractions import Fraction
from itertools import product
from math import lcm
from typing import NamedTuple

import networkx as nx

from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.linalg import nullspace
from exactrelu.exact.parse import exact_matrix, homogenise
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import covector_signs
from exactrelu.geometry.lattice import face_masks

__all__ = ["DoubleDescriptionReport", "Zonotope", "ZonotopeFace", "ZonotopePower"]


class ZonotopeFace(NamedTuple):
    """A face of Z: ``covector`` σ over {-1,0,+1} and its ``dimension`` rank{g_i : σ_i = 0}.

    The face is Σ_{σ_i=+1} g_i + Σ_{σ_i=0} [0, g_i].
    """

    covector: tuple
    dimension: int


class DoubleDescriptionReport(NamedTuple):
    """Outcome of :meth:`Zonotope.double_description_check` (pycddlib, GMP rationals)."""

    ok: bool
    n_vertices: int
    n_vertices_cdd: int
    n_facets: int
    n_facets_cdd: int
    message: str


def _pattern(mask, n):
    return tuple(mask >> i & 1 for i in range(n))


class Zonotope:
    """The zonotope Z = Σ_i [0, g_i] ⊂ R^D of exact generators g_i.

    Parameters
    ----------
    generators : table of rational numbers, shape (n, D)
        Zero generators are refused (they add nothing and make the activation
        pattern of their index meaningless).
    strict : bool
        Refuse binary floats.
    """

    def __init__(self, generators, *, strict=False):
        rows = exact_matrix(generators, strict=strict, name="generators")
        self._setup(rows, HyperplaneArrangement(rows))

    def _setup(self, rows, arrangement):
        self.generators = rows
        self.arrangement = arrangement
        self.dimension = len(rows[0])
        den = lcm(*(v.denominator for r in rows for v in r))
        self._den = den
        self._int_gens = [tuple(int(v * den) for v in r) for r in rows]

    @classmethod
    def from_data(cls, X, bias=True, strict=False):
        """The zonotope of a dataset: generators x̄_i = (x_i, 1) if ``bias`` else x_i."""
        rows = exact_matrix(X, strict=strict, name="data")
        if bias:
            rows = homogenise(rows)
        self = cls.__new__(cls)
        self._setup(rows, HyperplaneArrangement.from_data(rows, bias=False))
        return self

    def __repr__(self):
        return f"Zonotope with {self.n_generators()} generators in dimension {self.dimension}"

    def n_generators(self):
        """Number of generators g_i (one per data point)."""
        return len(self.generators)

    def rank(self):
        """Dimension of Z (rank of the generators)."""
        return self.arrangement.rank()

    # ---------------------------------------------------------------- vertices
    def _point(self, active):
        """Σ of the generators with indices in ``active`` (ints if integral, else Fractions)."""
        acc = [0] * self.dimension
        for i in active:
            for j, x in enumerate(self._int_gens[i]):
                acc[j] += x
        if self._den == 1:
            return tuple(acc)
        return tuple(Fraction(x, self._den) for x in acc)

    def vertex(self, pattern):
        """The point Σ_{a_i = 1} g_i (a vertex iff the pattern's region is non-empty)."""
        if (
            isinstance(pattern, (str, bytes))
            or len(pattern) != self.n_generators()
            or any(isinstance(a, float) or a not in (0, 1) for a in pattern)
        ):
            raise InvalidDataError(
                f"a pattern must be a sequence of {self.n_generators()} entries 0 or 1, got {pattern!r}"
            )
        return self._point(i for i, a in enumerate(pattern) if a)

    def vertices(self, limit=None, progress=False):
        """Vertices keyed by activation pattern: pattern ↦ Σ_{a_i=1} g_i.

        The patterns are exactly those of the chambers of the dual arrangement
        (each vertex's normal cone is the closure of the chamber).  Coordinates are
        ``int`` when all generators are integral, ``Fraction`` otherwise.
        """
        out = {}
        for c in self.arrangement.chambers(limit=limit, progress=progress):
            a = c.pattern
            out[a] = self.vertex(a)
        return out

    def n_vertices(self):
        """Number of vertices, from the characteristic polynomial (no enumeration)."""
        return self.arrangement.n_regions()

    # ------------------------------------------------------------------- faces
    def faces(self, limit=None):
        """All non-empty faces as :class:`ZonotopeFace`, sorted by (dimension, covector)."""
        out = [ZonotopeFace(f.signs, self.dimension - f.dimension) for f in self.arrangement.covectors(limit)]
        out.sort(key=lambda f: (f.dimension, f.covector))
        return out

    def f_vector(self, limit=None, progress=False):
        """(f_{-1}, f_0, ..., f_r) = (1, #vertices, #edges, ..., 1), r = dim Z, as Sage's ``Polyhedron.f_vector()``.

        The first entry counts the empty face and the last one the zonotope itself.
        A k-face of Z is dual to a face of dimension D − k of the arrangement.

        >>> Zonotope([[1, 0], [0, 1]]).f_vector()
        (1, 4, 4, 1)
        """
        fa = self.arrangement.face_vector(limit, progress=progress)
        D, r = self.dimension, self.rank()
        return (1,) + tuple(fa[D - k] for k in range(r + 1))

    def face_lattice(self, limit=None):
        """Hasse diagram of the face lattice (without the empty face) as a networkx DiGraph.

        Nodes are covectors (tuples over {-1,0,1}) with attributes ``covector``
        and ``dimension``; an edge G → F means G is a facet of F.
        """
        A = self.arrangement
        A._guard("faces", A.predicted_faces(), limit)
        n = self.n_generators()
        flats = A._flat_list()
        key = {}
        G = nx.DiGraph()
        for X in flats:
            for p, m, _ in face_masks(X, with_witness=False):
                sig = covector_signs(p, m, n)
                key[(p, m)] = sig
                G.add_node(sig, covector=sig, dimension=X.rank)
        for X in flats:
            for p, m, _ in face_masks(X, with_witness=False):
                big = key[(p, m)]
                for _, plus, minus in X.below:
                    G.add_edge(key[(p | plus, m | minus)], big)
                    G.add_edge(key[(p | minus, m | plus)], big)
        return G

    # ----------------------------------------------------------------- 1-skeleton
    def graph(self, limit=None, progress=False):
        """The 1-skeleton: nodes are activation patterns, edges join adjacent vertices.

        Edge attribute ``generators``: the indices whose pattern bit flips along the
        edge (one index in general position; all generators parallel to the edge
        otherwise).  The edge is a translate of the sum of those generators.
        """
        A = self.arrangement
        A._guard("edges", A.predicted_edges(), limit)
        n = self.n_generators()
        pattern = {m: _pattern(m, n) for m, _ in A._raw_chambers(progress)}
        G = nx.Graph()
        G.add_nodes_from(sorted(pattern.values()))
        for a, b, f in A._adjacency():
            G.add_edge(pattern[a], pattern[b], generators=tuple(i for i in range(n) if f >> i & 1))
        return G

    def n_edges(self, limit=None):
        """Number of edges (= pairs of adjacent chambers of the dual arrangement)."""
        return self.arrangement.n_adjacent_pairs(limit)

    # ------------------------------------------------------------ H-description
    def inequalities(self, limit=None):
        """Facet description: ``(inequalities, equations)``.

        ``inequalities`` is a list of (u, b) meaning <u, z> ≤ b, one per facet, with
        u an integer outer normal (a witness of the dual arrangement's cell) and
        b = h_Z(u) = Σ_i max(0, <u, g_i>) exact; ``equations`` is a list of integer
        vectors v with <v, z> = 0 on Z (empty when Z is full-dimensional).
        """
        A = self.arrangement
        r = self.rank()
        ineqs = []
        for f in A.covectors(limit):
            if self.dimension - f.dimension == r - 1:
                u = f.witness
                b = sum(
                    sum(Fraction(x) * y for x, y in zip(g, u))
                    for g, s in zip(self.generators, f.signs)
                    if s > 0
                )
                ineqs.append((u, b if b.denominator != 1 else int(b)))
        equations = nullspace(A.normals) if r < self.dimension else []
        return ineqs, equations

    def contains(self, z):
        """Exact membership test z ∈ Z via the facet description."""
        z = exact_matrix([z], dim=self.dimension, name="point")[0]
        ineqs, eqs = self.inequalities()
        return all(sum(a * b for a, b in zip(v, z)) == 0 for v in eqs) and all(
            sum(a * b for a, b in zip(u, z)) <= bnd for u, bnd in ineqs
        )

    def double_description_check(self, limit=5000):
        """Cross-check vertices and facets with pycddlib's exact (GMP) double description.

        1. cdd removes redundant points from our vertex list: none may go (each is a vertex).
        2. cdd converts our facet inequalities back to vertices: the same set (so the
           inequalities cut out exactly conv(vertices), and every inequality is valid
           for Z by construction, hence Z = conv(vertices)).
        3. cdd's facet count of conv(vertices) equals ours.
        """
        import cdd.gmp as cdd

        verts = self.vertices(limit=limit)
        points = sorted(set(verts.values()))
        ineqs, eqs = self.inequalities(limit=limit)
        vmat = cdd.matrix_from_array([[1, *map(Fraction, p)] for p in points], rep_type=cdd.RepType.GENERATOR)
        _, redundant, _ = cdd.matrix_canonicalize(vmat)
        hrows = [[b, *(-Fraction(x) for x in u)] for u, b in ineqs] + [[0, *map(Fraction, v)] for v in eqs]
        lin = range(len(ineqs), len(hrows))
        hmat = cdd.matrix_from_array(hrows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY)
        gens = cdd.copy_generators(cdd.polyhedron_from_matrix(hmat))
        cdd_points = sorted({tuple(row[1:]) for row in gens.array if row[0] == 1})
        rays = [row for row in gens.array if row[0] == 0]
        fmat = cdd.copy_inequalities(
            cdd.polyhedron_from_matrix(
                cdd.matrix_from_array(
                    [[1, *map(Fraction, p)] for p in points], rep_type=cdd.RepType.GENERATOR
                )
            )
        )
        n_facets_cdd = len(fmat.array) - len(fmat.lin_set)
        ours = sorted(tuple(Fraction(x) for x in p) for p in points)
        problems = []
        if redundant:
            problems.append(f"{len(redundant)} listed vertices are not vertices")
        if rays or gens.lin_set:
            problems.append("facet description is unbounded")
        if cdd_points != ours:
            problems.append("cdd's vertices of the facet description differ from ours")
        if n_facets_cdd != len(ineqs):
            problems.append(f"cdd finds {n_facets_cdd} facets, we list {len(ineqs)}")
        return DoubleDescriptionReport(
            not problems,
            len(points),
            len(cdd_points),
            len(ineqs),
            n_facets_cdd,
            "; ".join(problems) or "vertices and facets agree with cdd",
        )

    # ----------------------------------------------------------------- powers
    def power(self, m):
        """The Cartesian power Z^m (m hidden units)."""
        return ZonotopePower(self, m)


class ZonotopePower:
    """Z^m = Z × ... × Z: the activation structure of a layer of m ReLU units.

    Vertices are m-tuples of vertices of Z (one activation pattern per unit); two
    are adjacent iff they differ in one unit, along an edge of Z there (the 1-skeleton
    is the Cartesian product graph).  Matena & Raffel (2022), section 3.
    """

    def __init__(self, zonotope, m):
        if isinstance(m, bool) or not isinstance(m, numbers.Integral) or m < 1:
            raise InvalidDataError(f"the number of units m must be a positive integer, got {m!r}")
        self.base, self.m = zonotope, int(m)

    def __repr__(self):
        return f"ZonotopePower({self.base!r}, m={self.m})"

    def n_vertices(self):
        """|V(Z)|^m (Proposition 6 of Karhadkar et al. in general position)."""
        return self.base.n_vertices() ** self.m

    def n_edges(self):
        """m · |E(Z)| · |V(Z)|^(m−1)."""
        return self.m * self.base.n_edges() * self.base.n_vertices() ** (self.m - 1)

    def f_vector(self):
        """f-vector of the product polytope, with the empty face first as in :meth:`Zonotope.f_vector`.

        The non-empty faces of Z^m are products of non-empty faces of Z, so their
        counts are the m-fold product of Z's face polynomial.
        """
        base = self.base.f_vector()[1:]
        poly = [1]
        for _ in range(self.m):
            out = [0] * (len(poly) + len(base) - 1)
            for i, a in enumerate(poly):
                for j, b in enumerate(base):
                    out[i + j] += a * b
            poly = out
        return (1,) + tuple(poly)

    def vertices(self, limit=None, progress=False):
        """Mapping (pattern_1, ..., pattern_m) ↦ (vertex_1, ..., vertex_m)."""
        limits.guard_power("vertices of Z^m", self.base.n_vertices(), self.m, limit)
        base = self.base.vertices(limit)
        return {tuple(p): tuple(base[a] for a in p) for p in product(sorted(base), repeat=self.m)}

    def graph(self, limit=None, progress=False):
        """The 1-skeleton of Z^m: Cartesian product of m copies of the 1-skeleton of Z.

        Nodes are m-tuples of patterns; edge attributes ``unit`` (which unit moves)
        and ``generators`` (indices flipping in that unit).
        """
        limits.guard_power("vertices of Z^m", self.base.n_vertices(), self.m, limit)
        limits.guard("edges of Z^m", self.n_edges(), limit)
        base = self.base.graph(limit)
        nodes = sorted(base.nodes)
        G = nx.Graph()
        G.add_nodes_from(product(nodes, repeat=self.m))
        for u, v, data in base.edges(data=True):
            for j in range(self.m):
                for rest in product(nodes, repeat=self.m - 1):
                    a = rest[:j] + (u,) + rest[j:]
                    b = rest[:j] + (v,) + rest[j:]
                    G.add_edge(a, b, unit=j, generators=data["generators"])
        return G
