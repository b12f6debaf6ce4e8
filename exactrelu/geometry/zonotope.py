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
import math
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from itertools import product
from math import lcm
from typing import Any, NamedTuple

import networkx as nx

from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.linalg import dot, nullspace
from exactrelu.exact.output import graph_for_export
from exactrelu.exact.parse import exact_integer, exact_matrix, exact_points, pattern_tuple
from exactrelu.exact.types import Exact, MatrixLike, Pattern, PatternLike, SignVector, VectorLike
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import IntVector, covector_signs
from exactrelu.geometry.interop import (
    exact_frame_value,
    html_summary,
    require_pandas,
    require_sage,
    sage_graph,
)
from exactrelu.geometry.lattice import face_masks

__all__ = [
    "CDD_TIMEOUT",
    "CddTimeoutError",
    "DoubleDescriptionReport",
    "Zonotope",
    "ZonotopeFace",
    "ZonotopePower",
    "cdd_timeout",
    "edge_generators",
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


def edge_generators(edge: Any) -> tuple[int, ...]:
    """The generator indices of a 1-skeleton edge, as a tuple.

    :meth:`Zonotope.graph` stores them as text (``"2"``, ``"0,3"``) so that every
    networkx writer accepts the graph; this reads them back.

    Parameters
    ----------
    edge : mapping or str
        An edge's attribute dict (``G.edges[u, v]``) or its ``generators`` text.

    >>> edge_generators({"generators": "0,3"}), edge_generators("2"), edge_generators("")
    ((0, 3), (2,), ())
    """
    text = edge if isinstance(edge, str) else edge.get("generators", "")
    if not isinstance(text, str):  # a tuple, from a graph built by hand
        return tuple(int(i) for i in text)
    return tuple(int(i) for i in text.split(",") if i.strip())


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
    """Outcome of :meth:`Zonotope.double_description_check` (pycddlib, GMP rationals).

    ``seconds`` is the wall time of the cdd child process (start-up included) and
    ``predicted_seconds`` the prediction the size guard checked before starting it
    (:func:`exactrelu.exact.limits.cdd_work` times
    :data:`exactrelu.exact.limits.CDD_SECONDS_PER_UNIT`), so a caller can show the cost of
    the cross-check beside that of the enumeration.
    """

    ok: bool
    n_vertices: int
    n_vertices_cdd: int
    n_facets: int
    n_facets_cdd: int
    message: str
    seconds: float = 0.0
    predicted_seconds: float = 0.0


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
        self._bias: bool | None = None  # known only for from_data
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
        self._bias = bool(bias)
        return self

    def __repr__(self) -> str:
        return f"Zonotope with {self.n_generators()} generators in dimension {self.dimension}"

    def _repr_html_(self) -> str:
        gens = self.generators[:3]
        more = f", … (+{self.n_generators() - 3})" if self.n_generators() > 3 else ""
        return html_summary(
            "Zonotope Z = Σ [0, g_i]",
            [
                ("generators", self.n_generators()),
                ("ambient dimension", self.dimension),
                ("dimension (rank)", self.rank()),
                ("first generators", ", ".join(f"({', '.join(map(str, g))})" for g in gens) + more),
            ],
        )

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

    def iter_vertices(self, *, progress: bool = False) -> Iterator[tuple[Pattern, tuple[Exact, ...]]]:
        """Yield (pattern, vertex) pairs one by one, streaming from the dual arrangement's chambers.

        The same pairs as :meth:`vertices`, in the order of
        :meth:`~exactrelu.geometry.arrangement.HyperplaneArrangement.iter_chambers`, with
        no size guard and nothing kept: for writing a long enumeration to a file
        (:class:`exactrelu.exact.output.OutputWriter`).

        Parameters
        ----------
        progress : bool
            Show progress (stderr).

        Yields
        ------
        tuple
            The activation pattern and the vertex Σ_{a_i=1} g_i.

        Examples
        --------
        >>> dict(Zonotope.from_data([[0], [1]]).iter_vertices()) == Zonotope.from_data([[0], [1]]).vertices()
        True
        """
        for c in self.arrangement.iter_chambers(progress=progress):
            a = c.pattern
            yield a, self._point(i for i, ai in enumerate(a) if ai)

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

        Nodes are the vertices' activation patterns (tuples such as ``(0, 1, 1)``).
        Edge attribute ``generators``: the indices whose pattern bit flips along the
        edge, as text ``"2"`` (one index in general position) or ``"0,3"`` (all
        generators parallel to the edge); :func:`edge_generators` turns it back into
        a tuple.  The edge is a translate of the sum of those generators.  Graph
        attributes: ``kind`` (``"skeleton"``), ``n_generators``, ``dimension`` and, for
        :meth:`from_data`, ``bias``.  Every networkx writer (``write_graphml``,
        ``write_gexf``, ``write_gml``, ``node_link_data``) accepts this graph; node ids
        are written as text (GraphML and GEXF write ``"(0, 1, 1)"``).  :meth:`to_networkx` adds the vertex
        coordinates as node attributes and writes node ids as ``"0,1,1"``.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of edges exceeds it.
        progress : bool
            Show a progress bar (stderr) while the vertices are enumerated.

        >>> G = Zonotope.from_data([[0], [1], [2]]).graph()
        >>> G.number_of_nodes(), G.number_of_edges(), G.edges[(0, 0, 0), (0, 0, 1)]["generators"]
        (6, 6, '2')
        >>> edge_generators(G.edges[(0, 0, 0), (0, 0, 1)])
        (2,)
        """
        A = self.arrangement
        limits.guard("edges", A.predicted_edges(), limit)
        n = self.n_generators()
        pattern = {m: tuple(m >> i & 1 for i in range(n)) for m, _ in A.chamber_masks(progress)}
        G = nx.Graph(**self._graph_meta("skeleton"))
        G.add_nodes_from(sorted(pattern.values()))
        for a, b, f in A.adjacent_masks():
            G.add_edge(pattern[a], pattern[b], generators=",".join(str(i) for i in range(n) if f >> i & 1))
        return G

    def _graph_meta(self, kind: str) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "kind": kind,
            "n_generators": self.n_generators(),
            "dimension": self.dimension,
        }
        if self._bias is not None:
            meta["bias"] = self._bias
        return meta

    def n_edges(self, limit: int | None = None) -> int:
        """Number of edges (= pairs of adjacent chambers of the dual arrangement)."""
        return self.arrangement.n_adjacent_pairs(limit)

    # ------------------------------------------------------------ other libraries
    def to_networkx(
        self, limit: int | None = None, progress: bool = False, *, kind: str = "skeleton"
    ) -> nx.Graph:
        """The 1-skeleton with vertex coordinates, writable by every networkx writer.

        The graph of :meth:`graph` made string-safe by
        :func:`exactrelu.exact.output.graph_for_export`: nodes are patterns written
        ``"0,1,1"``, with attributes ``pattern`` (``"011"``) and the vertex Σ_{a_i=1} g_i
        as ``x0, x1, ...`` (exact text such as ``"3/2"``) and ``x0_float, ...`` (floats,
        for layout); the edge attribute ``generators`` lists the flipped indices
        (``"2"``, or ``"0,1"`` for parallel generators).  ``nx.write_graphml``,
        ``write_gexf``, ``write_gml`` and ``node_link_data`` accept it, and
        ``nx.read_graphml`` reads it back.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of edges exceeds it.
        progress : bool
            Show progress while the vertices are enumerated.
        kind : {'skeleton', 'face_lattice'}
            The 1-skeleton, or the Hasse diagram of :meth:`face_lattice` (nodes are
            covectors written ``"-1,0,1"``, attributes ``covector`` and ``dimension``).

        Raises
        ------
        InvalidDataError
            An unknown ``kind``.

        Examples
        --------
        >>> G = Zonotope.from_data([[0], [1], [2]]).to_networkx()
        >>> G.nodes["0,1,1"]["x0"], G.nodes["0,1,1"]["x1"], G.edges["0,0,0", "0,0,1"]["generators"]
        ('3', '2', '2')
        """
        if kind == "face_lattice":
            lattice = self.face_lattice(limit)
            lattice.graph.update(self._graph_meta("face_lattice"))
            return graph_for_export(lattice)
        if kind != "skeleton":
            raise InvalidDataError(f"kind must be 'skeleton' or 'face_lattice', got {kind!r}")
        G = self.graph(limit, progress=progress)
        for a in G.nodes:
            G.nodes[a]["pattern"] = "".join(map(str, a))
            G.nodes[a]["vertex"] = self._point(i for i, ai in enumerate(a) if ai)
        return graph_for_export(G)

    def to_frame(self, limit: int | None = None) -> Any:
        """The vertices as a pandas DataFrame: ``pattern`` (``"011"``) and exact coordinates ``x0, x1, ...``.

        Coordinates are ``int`` or ``Fraction`` (exact; ``df.astype(float)`` for plotting).

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of vertices exceeds it.

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install 'exactrelu[pandas]'``).

        Examples
        --------
        >>> Zonotope.from_data([[0], [1]]).to_frame().values.tolist()
        [['00', 0, 0], ['01', 1, 1], ['10', 0, 1], ['11', 1, 2]]
        """
        pd = require_pandas()
        names = [f"x{j}" for j in range(self.dimension)]
        rows = [
            ["".join(map(str, a)), *(exact_frame_value(x) for x in v)]
            for a, v in sorted(self.vertices(limit=limit).items())
        ]
        return pd.DataFrame(rows, columns=["pattern", *names])

    def to_sage(self, *, kind: str = "polyhedron", limit: int | None = None) -> Any:
        """Z in SageMath: ``Polyhedron(vertices=..., base_ring=QQ)`` of our exact vertices, or its graph.

        Sage recomputes the facets from the vertices, so ``Z.to_sage().f_vector()``
        equal to :meth:`f_vector` is an independent check (Sage's ``polytopes.zonotope``
        builds the same polytope from the generators).

        Parameters
        ----------
        kind : {'polyhedron', 'graph'}
            The polytope, or the 1-skeleton as a Sage ``Graph`` (see :meth:`to_networkx`).
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of vertices (edges) exceeds it.

        Raises
        ------
        MissingDependencyError
            SageMath is not importable.
        InvalidDataError
            An unknown ``kind``.
        """
        if kind not in ("polyhedron", "graph"):
            raise InvalidDataError(f"kind must be 'polyhedron' or 'graph', got {kind!r}")
        sage = require_sage()
        if kind == "graph":
            return sage_graph(self.to_networkx(limit=limit))
        QQ = sage["QQ"]
        points = sorted(set(self.vertices(limit=limit).values()))
        return sage["Polyhedron"](vertices=[[QQ(x) for x in p] for p in points], base_ring=QQ)

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

    def predicted_facets(self) -> int:
        """Upper bound on the number of facets: 2·C(k, r−1) for k distinct generator directions, rank r.

        A facet of Z is dual to a ray of the arrangement, i.e. to one of the two
        directions of a rank-(r−1) flat, and there are at most C(k, r−1) such flats
        (equality in general position).  A segment (r = 1) has 2 facets.

        >>> Zonotope([[1, 0], [0, 1], [1, 1]]).predicted_facets()
        6
        """
        r = self.rank()
        if r <= 1:
            return 2 * r
        return 2 * math.comb(self.arrangement.n_distinct_hyperplanes(), r - 1)

    def predicted_cdd_seconds(self, n_vertices: int | None = None, n_facets: int | None = None) -> float:
        """Predicted seconds of :meth:`double_description_check`'s cdd run.

        :func:`exactrelu.exact.limits.cdd_work` (V, F, D) times
        :data:`exactrelu.exact.limits.CDD_SECONDS_PER_UNIT`, with V = :meth:`n_vertices`
        and F = :meth:`predicted_facets` unless given (the check itself uses the exact
        counts of its own enumeration).

        >>> Zonotope.from_data([[0], [1], [2]]).predicted_cdd_seconds() < 1
        True
        """
        V = self.n_vertices() if n_vertices is None else n_vertices
        F = self.predicted_facets() if n_facets is None else n_facets
        return limits.cdd_work(V, F, self.dimension) * limits.CDD_SECONDS_PER_UNIT

    def guard_cdd(
        self, n_vertices: int, n_facets: int, timeout: float, bound: bool = False, hint: str = ""
    ) -> float:
        """Refuse (SizeLimitError) when cdd's predicted time exceeds ``timeout``; return the prediction.

        ``bound``: ``n_facets`` is an upper bound (2·C(n, r−1)), not a count; ``hint`` is
        appended to the refusal (the CLI adds "or leave out --verify").
        """
        predicted = self.predicted_cdd_seconds(n_vertices, n_facets)
        work = limits.cdd_work(n_vertices, n_facets, self.dimension)
        limits.guard_size(
            "seconds of cdd cross-check",
            math.ceil(predicted),
            math.ceil(timeout),
            flag="--cdd-timeout",
            env="EXACTRELU_CDD_TIMEOUT",
            keyword="timeout",
            cost=f"{limits.duration_text(predicted)} for {n_vertices:,} vertices"
            + f" and {'at most ' if bound else ''}{n_facets:,} facets"
            + f" in R^{self.dimension}, {work:,} units of work{hint}",
            verb="run",
        )
        return predicted

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
        that interpreter, about 0.1–0.3 s.  Before it starts, the size guard
        (:func:`exactrelu.exact.limits.guard_size`) predicts cdd's time from our exact
        vertex and facet counts (:meth:`predicted_cdd_seconds`) and refuses at once
        when the prediction exceeds ``timeout``, naming the prediction and how to
        raise the time limit; the report gives the prediction and the time taken.

        Parameters
        ----------
        limit : int
            Size limit for our vertices and faces.
        timeout : float, optional
            Seconds cdd may run (default :func:`cdd_timeout`: ``EXACTRELU_CDD_TIMEOUT``
            or :data:`CDD_TIMEOUT` = 60).

        Raises
        ------
        SizeLimitError
            cdd is predicted to need more than ``timeout`` seconds (nothing was started).
        CddTimeoutError
            cdd did not finish in time (nothing was decided; a :class:`SolverError`).
        SolverError
            The cdd child process failed.

        >>> Zonotope.from_data([[0], [1], [2]]).double_description_check().ok
        True
        """
        seconds = cdd_timeout(timeout)
        # before our own enumeration, with the exact V and the bound on F (at most ~2x too high)
        self.guard_cdd(self.n_vertices(), self.predicted_facets(), seconds, bound=True)
        verts = self.vertices(limit=limit)
        points = sorted(set(verts.values()))
        ineqs, eqs = self.inequalities(limit=limit)
        hrows = [[b, *(-Fraction(x) for x in u)] for u, b in ineqs] + [[0, *map(Fraction, v)] for v in eqs]
        job = {
            "points": [[_hex(x) for x in p] for p in points],
            "hrows": [[_hex(x) for x in r] for r in hrows],
            "n_ineq": len(ineqs),
        }
        predicted = self.guard_cdd(len(points), len(ineqs), seconds)
        start = time.perf_counter()
        res = _run_cdd(job, seconds)
        elapsed = time.perf_counter() - start
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
            elapsed,
            predicted,
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

    def _repr_html_(self) -> str:
        return html_summary(
            "Zonotope power Z^m",
            [
                ("units m", self.m),
                ("generators of Z", self.base.n_generators()),
                ("ambient dimension of Z", self.base.dimension),
            ],
        )

    def to_networkx(self, limit: int | None = None, progress: bool = False) -> nx.Graph:
        """The 1-skeleton of Z^m (see :meth:`graph`) made writable by every networkx writer.

        Nodes are m-tuples of patterns written ``"0,1;1,1"`` (one pattern per unit);
        edge attributes ``unit`` and ``generators`` (``"2"``).  See
        :func:`exactrelu.exact.output.graph_for_export`.

        >>> G = Zonotope([[1]]).power(2).to_networkx()
        >>> sorted(G.nodes)
        ['0;0', '0;1', '1;0', '1;1']
        """
        return graph_for_export(self.graph(limit, progress=progress))

    def n_vertices(self) -> int:
        """#V(Z)^m, the number of vertices of Z to the power m.

        In general position this is the count of Karhadkar et al. 2023, Proposition 6.
        """
        return self.base.n_vertices() ** self.m

    def n_edges(self) -> int:
        """m · #E(Z) · #V(Z)^(m−1), with #V(Z), #E(Z) the numbers of vertices and edges of Z."""
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
            Refuse (``SizeLimitError``) if #V(Z)^m exceeds it (checked before the product is built).
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
        and ``generators`` (indices flipping in that unit, as text ``"0,3"``; see
        :func:`edge_generators`).  Every networkx writer accepts it.

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
        G = nx.Graph(**{**base.graph, "kind": "skeleton of Z^m", "units": self.m})
        G.add_nodes_from(product(nodes, repeat=self.m))
        for u, v, data in base.edges(data=True):
            for j in range(self.m):
                for rest in product(nodes, repeat=self.m - 1):
                    a = rest[:j] + (u,) + rest[j:]
                    b = rest[:j] + (v,) + rest[j:]
                    G.add_edge(a, b, unit=j, generators=data["generators"])
        return G
