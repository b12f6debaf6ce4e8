"""Hand exactrelu's objects to networkx, SageMath and pandas, and show them in a notebook.

* ``to_networkx()`` returns a graph whose node ids and attributes every networkx writer
  accepts (``write_graphml``, ``write_gexf``, ``write_gml``, ``node_link_data``): see
  :func:`exactrelu.exact.output.graph_for_export`.
* ``to_sage()`` returns the SageMath object (a ``HyperplaneArrangements`` element, a
  ``Polyhedron`` over ``QQ`` or a ``Graph``); SageMath is optional, and its absence
  is a one-line :class:`MissingDependencyError`.
* ``to_frame()`` returns a pandas ``DataFrame`` with exact entries (``int`` or
  ``Fraction``); pandas is the optional extra ``pandas``.
* ``_repr_html_`` gives notebooks a small table of the object's sizes; reprs stay on one line.

:class:`ArrangementInterop` is a mixin of
:class:`~exactrelu.geometry.arrangement.HyperplaneArrangement` that uses only its public
methods.

Round trip with SageMath (run in Sage, or a Python with passagemath; the test suite runs
it when such an interpreter exists):

>>> from fractions import Fraction
>>> from exactrelu.geometry.zonotope import Zonotope
>>> Z = Zonotope.from_data([[0, 0], [1, 0], [0, 1], ["1/2", 3]])
>>> P = Z.to_sage()                                    # doctest: +SKIP
>>> tuple(P.f_vector()) == Z.f_vector()                # doctest: +SKIP
True
>>> {tuple(Fraction(str(x)) for x in v) for v in P.vertices_list()} == {
...     tuple(map(Fraction, v)) for v in Z.vertices().values()}   # doctest: +SKIP
True
>>> A = Z.arrangement.to_sage()                        # doctest: +SKIP
>>> A.n_regions() == Z.n_vertices()                    # doctest: +SKIP
True
>>> HyperplaneArrangement([list(h.A()) for h in A]).n_regions() == A.n_regions()  # doctest: +SKIP
True

Examples
--------
>>> from exactrelu.geometry.arrangement import HyperplaneArrangement
>>> A = HyperplaneArrangement([[1, 0], [0, 1]])
>>> G = ArrangementInterop.to_networkx(A)
>>> sorted(G.nodes), G.nodes["1,1"]["pattern"]
(['0,0', '0,1', '1,0', '1,1'], '11')
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Iterable, Sequence
from fractions import Fraction
from types import ModuleType
from typing import TYPE_CHECKING, Any

import networkx as nx

from exactrelu.exact.errors import MissingDependencyError
from exactrelu.exact.output import display_number, graph_for_export
from exactrelu.exact.parse import pattern_string

if TYPE_CHECKING:
    from exactrelu.geometry.arrangement import Chamber

__all__ = [
    "ArrangementInterop",
    "MissingDependencyError",
    "exact_frame_value",
    "html_summary",
    "require_pandas",
    "require_sage",
    "sage_graph",
    "short_list",
]


def require_pandas() -> ModuleType:
    """The pandas module, imported on first use.

    Raises
    ------
    MissingDependencyError
        pandas is not installed; the message names the extra ``exactrelu[pandas]``.
    """
    try:
        pandas = importlib.import_module("pandas")
    except ImportError:
        raise MissingDependencyError(
            "to_frame() needs pandas, which is not installed; "
            "install it with: pip install 'exactrelu[pandas]'  (or pip install pandas)"
        ) from None
    return pandas


def require_sage() -> dict[str, Any]:
    """The SageMath names exactrelu converts to: ``QQ``, ``Polyhedron``, ``HyperplaneArrangements``,
    ``Graph`` and ``DiGraph``.

    Works with a full SageMath (``sage.all``) and with the modular passagemath
    distributions (``sage.all__sagemath_polyhedra``).

    Raises
    ------
    MissingDependencyError
        SageMath is not importable in this Python.
    """
    where = {
        "QQ": "sage.rings.rational_field",
        "Polyhedron": "sage.geometry.polyhedron.constructor",
        "HyperplaneArrangements": "sage.geometry.hyperplane_arrangement.arrangement",
        "Graph": "sage.graphs.graph",
        "DiGraph": "sage.graphs.digraph",
    }
    try:
        try:
            importlib.import_module("sage.all")
        except ImportError:
            importlib.import_module("sage.all__sagemath_polyhedra")
        return {name: getattr(importlib.import_module(module), name) for name, module in where.items()}
    except ImportError as exc:
        raise MissingDependencyError(
            f"to_sage() needs SageMath, which this Python cannot import ({exc}); run it inside Sage "
            "or install passagemath: pip install passagemath-polyhedra passagemath-graphs"
        ) from None


def sage_graph(G: Any) -> Any:
    """A SageMath ``Graph`` (or ``DiGraph``) of a networkx graph, attributes made string-safe first.

    Raises
    ------
    MissingDependencyError
        SageMath is not importable.
    """
    sage = require_sage()
    H = graph_for_export(G)
    return sage["DiGraph"](H) if H.is_directed() else sage["Graph"](H)


def short_list(values: Sequence[Any], n: int = 4) -> str:
    """The first ``n`` values (short decimals) and how many more: ``'[1, 1/2, 3, …(+7)]'``.

    >>> short_list(range(10), 3)
    '[0, 1, 2, …(+7)]'
    """
    items = [display_number(v) for v in list(values)[:n]]
    more = len(values) - n
    return "[" + ", ".join(items) + (f", …(+{more})" if more > 0 else "") + "]"


def html_summary(title: str, rows: Iterable[tuple[str, Any]]) -> str:
    """A small HTML table (a notebook's ``_repr_html_``): the title, then one row per (name, value).

    Values are shown with :func:`~exactrelu.exact.output.display_number` and escaped.

    >>> text = html_summary("Thing", [("n", 3)])
    >>> text.startswith("<table>") and "<b>Thing</b>" in text and ">3</td>" in text
    True
    """
    cells = "".join(
        f'<tr><th style="text-align:left">{html.escape(str(k))}</th>'
        f'<td style="text-align:left">{html.escape(display_number(v))}</td></tr>'
        for k, v in rows
    )
    return f'<table><caption style="text-align:left"><b>{html.escape(title)}</b></caption>{cells}</table>'


def _pattern_key(signs: Sequence[int]) -> tuple[int, ...]:
    return tuple(1 if s > 0 else 0 for s in signs)


class ArrangementInterop:
    """networkx, SageMath, pandas and notebook views of a central hyperplane arrangement.

    A mixin for :class:`~exactrelu.geometry.arrangement.HyperplaneArrangement`: it uses
    only ``normals``, ``dimension``, ``n_hyperplanes()``, ``rank()``, ``chambers()`` and
    ``adjacent_chambers()``.
    """

    normals: tuple[tuple[int, ...], ...]
    dimension: int

    if TYPE_CHECKING:

        def n_hyperplanes(self) -> int: ...
        def rank(self) -> int: ...
        def chambers(self, limit: int | None = None, progress: bool = False) -> list[Chamber]: ...
        def adjacent_chambers(
            self, limit: int | None = None
        ) -> list[tuple[Chamber, Chamber, tuple[int, ...]]]: ...

    def to_networkx(self, limit: int | None = None, *, kind: str = "chambers") -> nx.Graph:
        """The chamber graph (dual to the 1-skeleton of the zonotope), ready for any networkx writer.

        With ``kind='intersection_poset'``: the Hasse diagram of
        :meth:`intersection_poset` instead, nodes written ``"{0,2}"`` (``"{}"`` is R^D),
        attributes ``rank``, ``dimension`` and ``mobius``.

        Nodes are activation patterns written ``"1,0,1"``, with attributes ``pattern``
        (``"101"``), ``signs`` (``"+-+"``) and the chamber's integer witness point
        (``x0, x1, ...`` as exact text, ``x0_float, ...`` as floats).  Two chambers are
        joined when they share a facet; the edge attribute ``hyperplanes`` lists the
        indices whose sign flips (``"2"``, or ``"0,3"`` for parallel normals).  Graph
        attributes: ``kind``, ``n_hyperplanes`` and ``dimension``.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of chamber pairs exceeds it.
        kind : {'chambers', 'intersection_poset'}
            Which graph.

        Returns
        -------
        networkx.Graph (a DiGraph for the poset)

        Raises
        ------
        InvalidDataError
            An unknown ``kind``.
        """
        if kind == "intersection_poset":
            poset: Any = self.intersection_poset(limit)  # type: ignore[attr-defined]
            poset.graph.update(
                kind="intersection_poset", n_hyperplanes=self.n_hyperplanes(), dimension=self.dimension
            )
            return graph_for_export(poset)
        if kind != "chambers":
            from exactrelu.exact.errors import InvalidDataError

            raise InvalidDataError(f"kind must be 'chambers' or 'intersection_poset', got {kind!r}")
        G = nx.Graph(kind="chambers", n_hyperplanes=self.n_hyperplanes(), dimension=self.dimension)
        for c in self.chambers(limit=limit):
            G.add_node(
                _pattern_key(c.signs),
                pattern=pattern_string(c.pattern),
                signs=pattern_string(c.signs, signs=True),
                point=c.witness,
            )
        for a, b, flipped in self.adjacent_chambers(limit=limit):
            G.add_edge(_pattern_key(a.signs), _pattern_key(b.signs), hyperplanes=flipped)
        return graph_for_export(G)

    def to_frame(self, limit: int | None = None) -> Any:
        """The chambers as a pandas DataFrame: ``pattern`` (``"101"``), ``signs`` and ``witness``.

        ``witness`` is an integer point inside the chamber (a tuple); one row per
        chamber, in the order of :meth:`chambers`.

        Parameters
        ----------
        limit : int, optional
            Refuse (``SizeLimitError``) if the predicted number of chambers exceeds it.

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install 'exactrelu[pandas]'``).
        """
        pd = require_pandas()
        rows = [
            {"pattern": pattern_string(c.pattern), "signs": c.signs, "witness": c.witness}
            for c in self.chambers(limit=limit)
        ]
        return pd.DataFrame(rows, columns=["pattern", "signs", "witness"])

    def to_sage(
        self, *, kind: str = "arrangement", names: Sequence[str] | None = None, limit: int | None = None
    ) -> Any:
        """The arrangement in SageMath: a ``HyperplaneArrangements(QQ, names)`` element, or its chamber graph.

        Sage's arrangement is a set of hyperplanes, so repeated or opposite normals
        (the same hyperplane) are passed once; its ``n_regions()`` equals ours.

        Parameters
        ----------
        kind : {'arrangement', 'graph'}
            The arrangement, or the chamber graph as a Sage ``Graph`` (see :meth:`to_networkx`).
        names : sequence of str, optional
            Variable names (default ``w0, w1, ...``).
        limit : int, optional
            For ``kind='graph'``: the size limit of the enumeration.

        Raises
        ------
        MissingDependencyError
            SageMath is not importable.
        InvalidDataError
            An unknown ``kind`` or the wrong number of names.
        """
        from exactrelu.exact.errors import InvalidDataError

        if kind not in ("arrangement", "graph"):
            raise InvalidDataError(f"kind must be 'arrangement' or 'graph', got {kind!r}")
        sage = require_sage()
        if kind == "graph":
            return sage_graph(ArrangementInterop.to_networkx(self, limit=limit))
        names = tuple(names) if names is not None else tuple(f"w{i}" for i in range(self.dimension))
        if len(names) != self.dimension:
            raise InvalidDataError(f"{len(names)} names for an arrangement in dimension {self.dimension}")
        seen: set[tuple[int, ...]] = set()
        hyperplanes = []
        for a in self.normals:  # primitive integer rows: a and -a are the same hyperplane
            key = a if next(x for x in a if x) > 0 else tuple(-x for x in a)
            if key not in seen:
                seen.add(key)
                hyperplanes.append((list(key), 0))
        H = sage["HyperplaneArrangements"](sage["QQ"], names)
        return H(*hyperplanes, signed=False)

    def _short_repr(self) -> str:
        n, D = self.n_hyperplanes(), self.dimension
        return f"{type(self).__name__}: {n} hyperplanes in R^{D}, rank {self.rank()}"

    def _repr_html_(self) -> str:
        return html_summary(
            type(self).__name__,
            [
                ("hyperplanes", self.n_hyperplanes()),
                ("dimension", self.dimension),
                ("rank", self.rank()),
                ("normals", short_list([tuple(a) for a in self.normals], 3)),
            ],
        )


def exact_frame_value(x: Any) -> Any:
    """An exact number for a DataFrame cell: ``int`` when integral, else the ``Fraction``."""
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    return x
