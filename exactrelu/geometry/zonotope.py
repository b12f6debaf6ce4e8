"""Zonotopes Z = Σ_i [0, g_i] and their Cartesian powers, exactly.

The zonotope of a dataset has the homogenised points g_i = x̄_i as generators.
Its faces are dual to the faces of the central arrangement with normals g_i
(Matena & Raffel 2022, section 3; Karhadkar, Murray, Tseran & Montúfar 2023,
Proposition 7):

* chamber with sign vector s  ↔  vertex Σ_{s_i = +1} g_i (the activation pattern
  a = (s + 1)/2 is the vertex's 0/1 coefficient vector);
* face of the arrangement with covector σ  ↔  face Σ_{σ_i=+} g_i + Σ_{σ_i=0} [0, g_i]
  of dimension rank{g_i : σ_i = 0};
* two chambers sharing a facet  ↔  an edge, a translate of Σ of the flipped g_i.

All of it comes from the one enumeration engine of :mod:`exactrelu.geometry.engine`; this
module only translates.  For m hidden units the structure is the Cartesian
power Z^m (Matena & Raffel 2022, section 3, "Multiple Hidden Units").

Method names follow Sage's ``Polyhedron`` where they mean the same thing:
``n_vertices()``, ``vertices()``, ``faces()``, ``f_vector()`` (with the empty face
first), ``face_lattice()``, ``graph()`` (the vertex graph), ``inequalities()``,
``contains()``.

Examples
--------
>>> Z = Zonotope.from_data([[0], [1], [2]])
>>> Z.n_vertices(), Z.n_edges(), Z.f_vector()
(6, 6, (1, 6, 6, 1))
>>> Z.vertices()[(0, 1, 1)]
(3, 2)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import product
from math import lcm
from typing import Any, NamedTuple

import networkx as nx

from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.linalg import dot, nullspace
from exactrelu.exact.parse import exact_integer, exact_matrix, exact_points, pattern_tuple
from exactrelu.exact.types import Exact, MatrixLike, Pattern, PatternLike, SignVector, VectorLike
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import IntVector, covector_signs
from exactrelu.geometry.lattice import face_masks

__all__ = [
    "CDD_TIMEOUT",
    "CddTimeoutError",
    "DoubleDescriptionReport",
    "Zonotope",
    "ZonotopeFace",
    "ZonotopePower",
    "cdd_timeout",
]

CDD_TIMEOUT = 60.0
"""Seconds the cdd cross-check may run (its child process is killed after); env ``EXACTRELU_CDD_TIMEOUT``."""


class CddTimeoutError(SolverError):
    """The cdd cross-check did not finish in time; its child process was killed.

    Nothing was decided: our own vertices and facets are unaffected (they are exact
    and certified independently); only the optional second opinion is missing.

    Attributes
    ----------
    timeout : float
        The time limit in seconds.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(
            f"cdd did not finish within {timeout:g} s, so the double-description cross-check was stopped "
            "(its child process was killed; nothing was decided). Raise the time with timeout= (Python), "
            "--cdd-timeout SECONDS (CLI) or the environment variable EXACTRELU_CDD_TIMEOUT, or leave out "
            "the cross-check (--verify)."
        )


def cdd_timeout(timeout: float | None = None) -> float:
    """The cdd time limit in force: ``timeout``, else ``EXACTRELU_CDD_TIMEOUT``, else :data:`CDD_TIMEOUT`.

    >>> cdd_timeout(2.5)
    2.5
    """
    where = "timeout"
    if timeout is None:
        text = os.environ.get("EXACTRELU_CDD_TIMEOUT")
        if not text:
            return CDD_TIMEOUT
        where = f"environment variable EXACTRELU_CDD_TIMEOUT={text!r}"
        try:
            timeout = float(text)
        except ValueError:
            raise InvalidDataError(f"{where} is not a number of seconds") from None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float, Fraction)):
        raise InvalidDataError(f"{where} must be a number of seconds, got {timeout!r}")
    value = float(timeout)
    if not value > 0 or value == float("inf"):
        raise InvalidDataError(f"{where} must be a positive, finite number of seconds, got {timeout!r}")
    return value


# The cdd child: pycddlib runs in C without returning to Python, so it ignores
# Ctrl-C and every Python-level signal handler.  It runs in its own interpreter,
# which the parent kills on timeout or interrupt; SIGINT is left at its default
# action (Ctrl-C kills it at once) and SIGALRM, also at its default action,
# kills it soon after the time limit even if the parent died.  Numbers travel
# as hexadecimal numerator/denominator pairs (no digit limit, no float).
_CDD_CHILD = r"""
import sys
import json
import signal
from fractions import Fraction
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
job = json.load(sys.stdin)
signal.signal(signal.SIGINT, signal.SIG_DFL)
if hasattr(signal, "alarm"):
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(int(job["timeout"]) + 5)
import cdd.gmp as cdd
from cdd import RepType

def dec(x):
    return Fraction(int(x[0], 16), int(x[1], 16))

def enc(q):
    q = Fraction(q)
    return [hex(q.numerator), hex(q.denominator)]

points = [[dec(x) for x in p] for p in job["points"]]
hrows = [[dec(x) for x in r] for r in job["hrows"]]
n_ineq = job["n_ineq"]
vmat = cdd.matrix_from_array([[1, *p] for p in points], rep_type=RepType.GENERATOR)
_, redundant, _ = cdd.matrix_canonicalize(vmat)
hmat = cdd.matrix_from_array(hrows, lin_set=range(n_ineq, len(hrows)), rep_type=RepType.INEQUALITY)
gens = cdd.copy_generators(cdd.polyhedron_from_matrix(hmat))
cdd_points = sorted({tuple(Fraction(x) for x in row[1:]) for row in gens.array if row[0] == 1})
rays = [row for row in gens.array if row[0] == 0]
fmat = cdd.copy_inequalities(
    cdd.polyhedron_from_matrix(cdd.matrix_from_array([[1, *p] for p in points], rep_type=RepType.GENERATOR))
)
json.dump(
    {
        "redundant": len(redundant),
        "unbounded": bool(rays or gens.lin_set),
        "points": [[enc(x) for x in p] for p in cdd_points],
        "n_facets": len(fmat.array) - len(fmat.lin_set),
    },
    sys.stdout,
)
"""


def _hex(q: Any) -> list[str]:
    q = Fraction(q)
    return [hex(q.numerator), hex(q.denominator)]


def _run_cdd(job: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run :data:`_CDD_CHILD` on ``job`` in a child interpreter; kill it after ``timeout`` s or on Ctrl-C."""
    job = dict(job, timeout=timeout)
    # -S -E: no site initialisation (a third of the start-up), the parent's import path
    # instead, without the current directory (a stray cdd.py there must not shadow pycddlib)
    path = [p for p in sys.path if p not in ("", ".")]
    proc = subprocess.Popen(
        [sys.executable, "-S", "-E", "-c", f"import sys\nsys.path[:] = {json.dumps(path)}\n{_CDD_CHILD}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = proc.communicate(json.dumps(job), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CddTimeoutError(timeout) from None
    finally:  # timeout, KeyboardInterrupt or any error: the child never outlives the call
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    if proc.returncode != 0:
        last = (err or "").strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        raise SolverError(f"the cdd child process failed: {last[0]}")
    result: dict[str, Any] = json.loads(out)
    return result


class ZonotopeFace(NamedTuple):
    """A face of Z: ``covector`` σ over {-1,0,+1} and its ``dimension`` rank{g_i : σ_i = 0}.

    The face is Σ_{σ_i=+1} g_i + Σ_{σ_i=0} [0, g_i].
    """

    covector: SignVector
    dimension: int


class DoubleDescriptionReport(NamedTuple):
    """Outcome of :meth:`Zonotope.double_description_check` (pycddlib, GMP rationals)."""

    ok: bool
    n_vertices: int
    n_vertices_cdd: int
    n_facets: int
    n_facets_cdd: int
    message: str


class Zonotope:
    """The zonotope Z = Σ_i [0, g_i] ⊂ R^D of exact generators g_i.

    Parameters
    ----------
    generators : table of rational numbers, shape (n, D)
        Zero generators are refused (they add nothing and make the activation
        pattern of their index meaningless).
    strict : bool
        Refuse binary floats.

    Raises
    ------
    DegenerateInputError
        A zero generator.

    See Also
    --------
    exactrelu.geometry.arrangement.HyperplaneArrangement : the dual arrangement.
    """

    def __init__(self, generators: MatrixLike, *, strict: bool = False) -> None:
        rows = exact_matrix(generators, strict=strict, name="generators")
        self._setup(rows, HyperplaneArrangement(rows))

    def _setup(self, rows: tuple[tuple[Fraction, ...], ...], arrangement: HyperplaneArrangement) -> None:
        self.generators = rows
        self.arrangement = arrangement
        self.dimension: int = len(rows[0])
        den = lcm(*(v.denominator for r in rows for v in r))
        self._den = den
        self._int_gens = [tuple(int(v * den) for v in r) for r in rows]

    @classmethod
    def from_data(cls, X: MatrixLike, bias: bool = True, strict: bool = False) -> Zonotope:
        """The zonotope of a dataset: generators x̄_i = (x_i, 1) if ``bias`` else x_i.

        Parameters
        ----------
        X : table of N points in R^d
        bias : bool
            Units with a bias (generators in R^{d+1}) or without.
        strict : bool
            Refuse binary floats.

        >>> Zonotope.from_data([[1], [2]]).generators
        ((Fraction(1, 1), Fraction(1, 1)), (Fraction(2, 1), Fraction(1, 1)))
        """
        rows = exact_points(X, bias=bias, strict=strict)
        self = cls.__new__(cls)
        self._setup(rows, HyperplaneArrangement.from_data(rows, bias=False))
        return self

    def __repr__(self) -> str:
        return f"Zonotope with {self.n_generators()} generators in dimension {self.dimension}"

    def n_generators(self) -> int:
        """Number of generators g_i (one per data point)."""
        return len(self.generators)

    def rank(self) -> int:
        """Dimension of Z (rank of the generators)."""
        return self.arrangement.rank()

    # ---------------------------------------------------------------- vertices
    def _point(self, active: Iterable[int]) -> tuple[Exact, ...]:
        """Σ of the generators with indices in ``active`` (ints if integral, else Fractions)."""
        acc = [0] * self.dimension
        for i in active:
            for j, x in enumerate(self._int_gens[i]):
                acc[j] += x
        if self._den == 1:
            return tuple(acc)
        return tuple(Fraction(x, self._den) for x in acc)

    def vertex(self, pattern: PatternLike) -> tuple[Exact, ...]:
        """The point Σ_{a_i = 1} g_i (a vertex iff the pattern's region is non-empty).

        Parameters
        ----------
        pattern : 0/1 sequence or bit string such as ``"101"``
            One entry per generator (see :func:`exactrelu.exact.parse.pattern_tuple`).

        Raises
        ------
        InvalidDataError
            A pattern of the wrong length or with entries other than 0 and 1.

        >>> Zonotope.from_data([[0], [1], [2]]).vertex("011")
        (3, 2)
        """
        a = pattern_tuple(pattern, self.n_generators())
        return self._point(i for i, ai in enumerate(a) if ai)

    def vertices(self, limit: int | None = None, progress: bool = False) -> dict[Pattern, tuple[Exact, ...]]:
        """Vertices keyed by activation pattern: pattern ↦ Σ_{a_i=1} g_i (Sage's ``vertices()``).

        The patterns are exactly those of the chambers of the dual arrangement
        (each vertex's normal cone is the closure of the chamber).  Coordinates are
        ``int`` when all generators are integral, ``Fraction`` otherwise.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of vertices exceeds it.
        progress : bool
            Show a progress bar (stderr).
        """
        out = {}
        for c in self.arrangement.chambers(limit=limit, progress=progress):
            a = c.pattern
            out[a] = self._point(i for i, ai in enumerate(a) if ai)
        return out

    def n_vertices(self) -> int:
        """Number of vertices from the characteristic polynomial, as Sage's ``n_vertices()``."""
        return self.arrangement.n_regions()

    # ------------------------------------------------------------------- faces
    def faces(self, limit: int | None = None) -> list[ZonotopeFace]:
        """All non-empty faces as :class:`ZonotopeFace`, sorted by (dimension, covector).

        >>> [F.covector for F in Zonotope([[1]]).faces()]
        [(-1,), (1,), (0,)]
        """
        out = [ZonotopeFace(f.signs, self.dimension - f.dimension) for f in self.arrangement.covectors(limit)]
        out.sort(key=lambda f: (f.dimension, f.covector))
        return out

    def f_vector(self, limit: int | None = None, progress: bool = False) -> tuple[int, ...]:
        """(f_{-1}, f_0, ..., f_r) = (1, #vertices, #edges, ..., 1) with r = dim Z.

        The same vector as Sage's ``Polyhedron.f_vector()``: the first entry counts
        the empty face and the last one the zonotope itself.  A k-face of Z is dual
        to a face of dimension D − k of the arrangement.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of faces exceeds it.
        progress : bool
            Show a progress bar (stderr).

        >>> Zonotope([[1, 0], [0, 1]]).f_vector()
        (1, 4, 4, 1)
        """
        fa = self.arrangement.face_vector(limit, progress=progress)
        D, r = self.dimension, self.rank()
        return (1,) + tuple(fa[D - k] for k in range(r + 1))

    def face_lattice(self, limit: int | None = None) -> nx.DiGraph:
        """Hasse diagram of the face lattice (without the empty face) as a networkx DiGraph.

        Nodes are covectors (tuples over {-1,0,1}) with attributes ``covector``
        and ``dimension``; an edge G → F means G is a facet of F.  Sage's
        ``face_lattice()`` also has the empty face.

        >>> G = Zonotope([[1, 0], [0, 1]]).face_lattice()
        >>> G.number_of_nodes(), G.number_of_edges()
        (9, 12)
        """
        A = self.arrangement
        limits.guard("faces", A.predicted_faces(), limit)
        n = self.n_generators()
        flats = A.lattice_flats()
        key: dict[tuple[int, int], SignVector] = {}
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
    def graph(self, limit: int | None = None, progress: bool = False) -> nx.Graph:
        """The 1-skeleton (Sage's ``vertex_graph()``): patterns as nodes, adjacent vertices joined.

        Edge attribute ``generators``: the indices whose pattern bit flips along the
        edge (one index in general position; all generators parallel to the edge
        otherwise).  The edge is a translate of the sum of those generators.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of edges exceeds it.
        progress : bool
            Show a progress bar (stderr) while the vertices are enumerated.

        >>> G = Zonotope.from_data([[0], [1], [2]]).graph()
        >>> G.number_of_nodes(), G.number_of_edges(), G.edges[(0, 0, 0), (0, 0, 1)]["generators"]
        (6, 6, (2,))
        """
        A = self.arrangement
        limits.guard("edges", A.predicted_edges(), limit)
        n = self.n_generators()
        pattern = {m: tuple(m >> i & 1 for i in range(n)) for m, _ in A.chamber_masks(progress)}
        G = nx.Graph()
        G.add_nodes_from(sorted(pattern.values()))
        for a, b, f in A.adjacent_masks():
            G.add_edge(pattern[a], pattern[b], generators=tuple(i for i in range(n) if f >> i & 1))
        return G

    def n_edges(self, limit: int | None = None) -> int:
        """Number of edges (= pairs of adjacent chambers of the dual arrangement)."""
        return self.arrangement.n_adjacent_pairs(limit)

    # ------------------------------------------------------------ H-description
    def inequalities(
        self, limit: int | None = None
    ) -> tuple[list[tuple[IntVector, Exact]], list[tuple[int, ...]]]:
        """Facet description: ``(inequalities, equations)``.

        ``inequalities`` is a list of (u, b) meaning <u, z> ≤ b, one per facet, with
        u an integer outer normal (a witness of the dual arrangement's cell) and
        b = h_Z(u) = Σ_i max(0, <u, g_i>) exact; ``equations`` is a list of integer
        vectors v with <v, z> = 0 on Z (empty when Z is full-dimensional).

        >>> Zonotope([[1, 0], [0, 1]]).inequalities()
        ([((-1, 0), 0), ((0, -1), 0), ((0, 1), 1), ((1, 0), 1)], [])
        """
        A = self.arrangement
        r = self.rank()
        ineqs: list[tuple[IntVector, Exact]] = []
        for f in A.covectors(limit):
            if self.dimension - f.dimension == r - 1:
                u = f.witness
                b = sum((dot(g, u) for g, s in zip(self.generators, f.signs) if s > 0), Fraction(0))
                ineqs.append((u, b if b.denominator != 1 else int(b)))
        equations = nullspace(A.normals) if r < self.dimension else []
        return ineqs, equations

    def contains(self, z: VectorLike) -> bool:
        """Exact membership test z ∈ Z via the facet description (Sage's ``contains()``).

        Raises
        ------
        InvalidDataError
            A point of another dimension or with non-numbers.

        >>> Z = Zonotope([[1, 0], [0, 1]])
        >>> Z.contains(["1/2", 1]), Z.contains([2, 0])
        (True, False)
        """
        point = exact_matrix([z], dim=self.dimension, name="point")[0]
        ineqs, eqs = self.inequalities()
        return all(dot(v, point) == 0 for v in eqs) and all(dot(u, point) <= bnd for u, bnd in ineqs)

    def double_description_check(
        self, limit: int = 5000, timeout: float | None = None
    ) -> DoubleDescriptionReport:
        """Cross-check vertices and facets with pycddlib's exact (GMP) double description.

        1. cdd removes redundant points from our vertex list: none may go (each is a vertex).
        2. cdd converts our facet inequalities back to vertices: the same set (so the
           inequalities cut out exactly conv(vertices), and every inequality is valid
           for Z by construction, hence Z = conv(vertices)).
        3. cdd's facet count of conv(vertices) equals ours.

        cdd runs in a child interpreter (it ignores signals while it computes, and
        can take minutes on a few points with large denominators): the child is
        killed after ``timeout`` seconds or on Ctrl-C.  The overhead is the start of
        that interpreter, about 0.1–0.3 s.

        Parameters
        ----------
        limit : int
            Size limit for our vertices and faces.
        timeout : float, optional
            Seconds cdd may run (default :func:`cdd_timeout`: ``EXACTRELU_CDD_TIMEOUT``
            or :data:`CDD_TIMEOUT` = 60).

        Raises
        ------
        CddTimeoutError
            cdd did not finish in time (nothing was decided; a :class:`SolverError`).
        SolverError
            The cdd child process failed.

        >>> Zonotope.from_data([[0], [1], [2]]).double_description_check().ok
        True
        """
        seconds = cdd_timeout(timeout)
        verts = self.vertices(limit=limit)
        points = sorted(set(verts.values()))
        ineqs, eqs = self.inequalities(limit=limit)
        hrows = [[b, *(-Fraction(x) for x in u)] for u, b in ineqs] + [[0, *map(Fraction, v)] for v in eqs]
        job = {
            "points": [[_hex(x) for x in p] for p in points],
            "hrows": [[_hex(x) for x in r] for r in hrows],
            "n_ineq": len(ineqs),
        }
        res = _run_cdd(job, seconds)
        cdd_points = sorted(tuple(Fraction(int(a, 16), int(b, 16)) for a, b in p) for p in res["points"])
        n_facets_cdd = int(res["n_facets"])
        ours = sorted(tuple(Fraction(x) for x in p) for p in points)
        problems = []
        if res["redundant"]:
            problems.append(f"{res['redundant']} listed vertices are not vertices")
        if res["unbounded"]:
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
    def power(self, m: int) -> ZonotopePower:
        """The Cartesian power Z^m (m hidden units).

        >>> Zonotope.from_data([[0], [1], [2]]).power(2).n_vertices()
        36
        """
        return ZonotopePower(self, m)


class ZonotopePower:
    """Z^m = Z × ... × Z: the activation structure of a layer of m ReLU units.

    Vertices are m-tuples of vertices of Z (one activation pattern per unit); two
    are adjacent iff they differ in one unit, along an edge of Z there (the 1-skeleton
    is the Cartesian product graph).  Matena & Raffel 2022, section 3.

    Raises
    ------
    InvalidDataError
        ``m`` not a positive integer.
    """

    def __init__(self, zonotope: Zonotope, m: int) -> None:
        m = exact_integer(m, name="the number of units m", minimum=1)
        self.base: Zonotope = zonotope
        self.m: int = int(m)

    def __repr__(self) -> str:
        return f"ZonotopePower({self.base!r}, m={self.m})"

    def n_vertices(self) -> int:
        """|V(Z)|^m (in general position the count of Karhadkar et al. 2023, Proposition 6)."""
        return self.base.n_vertices() ** self.m

    def n_edges(self) -> int:
        """m · |E(Z)| · |V(Z)|^(m−1)."""
        return self.m * self.base.n_edges() * self.base.n_vertices() ** (self.m - 1)

    def f_vector(self) -> tuple[int, ...]:
        """f-vector of the product polytope, with the empty face first as in :meth:`Zonotope.f_vector`.

        The non-empty faces of Z^m are products of non-empty faces of Z, so their
        counts are the m-fold product of Z's face polynomial.
        """
        base = self.base.f_vector()[1:]
        poly: Sequence[int] = [1]
        for _ in range(self.m):
            out = [0] * (len(poly) + len(base) - 1)
            for i, a in enumerate(poly):
                for j, b in enumerate(base):
                    out[i + j] += a * b
            poly = out
        return (1,) + tuple(poly)

    def vertices(
        self, limit: int | None = None, progress: bool = False
    ) -> dict[tuple[Pattern, ...], tuple[tuple[Exact, ...], ...]]:
        """Mapping (pattern_1, ..., pattern_m) ↦ (vertex_1, ..., vertex_m).

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if |V(Z)|^m exceeds it (checked before the product is built).
        progress : bool
            Show a progress bar (stderr) while the vertices of Z are enumerated.

        >>> V = Zonotope([[1]]).power(2).vertices()
        >>> V[((1,), (0,))]
        ((1,), (0,))
        """
        limits.guard_power("vertices of Z^m", self.base.n_vertices(), self.m, limit)
        base = self.base.vertices(limit, progress=progress)
        return {tuple(p): tuple(base[a] for a in p) for p in product(sorted(base), repeat=self.m)}

    def graph(self, limit: int | None = None, progress: bool = False) -> nx.Graph:
        """The 1-skeleton of Z^m: Cartesian product of m copies of the 1-skeleton of Z.

        Nodes are m-tuples of patterns; edge attributes ``unit`` (which unit moves)
        and ``generators`` (indices flipping in that unit).

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the number of vertices or edges of Z^m exceeds it.
        progress : bool
            Show a progress bar (stderr) while the vertices of Z are enumerated.
        """
        limits.guard_power("vertices of Z^m", self.base.n_vertices(), self.m, limit)
        limits.guard("edges of Z^m", self.n_edges(), limit)
        base = self.base.graph(limit, progress=progress)
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
