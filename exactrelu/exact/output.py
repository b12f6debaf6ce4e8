"""Output that travels: short decimals for people, exact files for programs.

Two audiences read a result.  A person reading a table wants a short number, so
:func:`display_number` writes the exact value when it is short (``1/3``, ``-2``,
``0.25``) and a rounded decimal marked ``≈`` otherwise (``≈0.333333``,
``≈1.23457e+40``).  A program reading a file wants the exact value, so
:class:`OutputWriter` and :func:`write_output` keep every number exact, in the
encoding of :mod:`exactrelu.exact.jsonio`: an integer stays an integer, any other
rational is the string ``"p/q"``.

The file format follows the suffix of the path:

======== ===================================================================
suffix   content
======== ===================================================================
.json    one object: ``kind``, ``columns``, ``rows`` (a list of objects, one
         per row, written as the rows arrive), ``graph`` (networkx node-link
         data, if a graph was written), ``n_rows``, ``meta``, ``complete``
.csv     a header row (the column names), then one line per row; fractions
         as ``p/q``, tuples as ``1,0,1``, booleans as ``true``/``false``
.npz     one array per column (``int64`` when every value fits, otherwise the
         exact text ``p/q``; a column of equal-length tuples is a 2-D array),
         plus ``_kind``, ``_columns``, ``_meta`` (JSON text) and, for a
         graph, ``_graph_nodes`` and ``_graph_edges`` (index pairs); it loads
         with ``numpy.load(path, allow_pickle=False)``
.graphml the graph (or, without one, one node per row) with string-safe
         attributes (see :func:`graph_for_export`); it loads with
         ``networkx.read_graphml``
======== ===================================================================

Examples
--------
>>> from fractions import Fraction
>>> display_number(Fraction(1, 3)), display_number(Fraction(1, 4)), display_number(-2)
('1/3', '0.25', '-2')
>>> display_number(Fraction(10**40, 3))
'≈3.33333e+39'
"""

from __future__ import annotations

import csv
import json
import math
import numbers
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from types import TracebackType
from typing import IO, Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import long_int_text, to_jsonable

__all__ = [
    "COORDINATE_KEYS",
    "OUTPUT_FORMATS",
    "OutputWriter",
    "check_writable",
    "display_number",
    "graph_for_export",
    "output_format",
    "write_output",
]

#: File suffixes :class:`OutputWriter` writes, and what each holds.
OUTPUT_FORMATS: dict[str, str] = {
    ".json": "JSON (exact values, rows and graph)",
    ".csv": "CSV table with a header row",
    ".npz": "NumPy arrays, one per column",
    ".graphml": "GraphML graph (networkx.read_graphml)",
}

#: Node/edge attributes holding a point: :func:`graph_for_export` spreads them over ``x0, x1, ...``.
COORDINATE_KEYS = ("vertex", "point", "coordinates", "pos")

_INT64 = 2**63
_FLOAT_SAFE = 2**53
_SHORT_INT = 15  # characters of an integer written exactly
_SHORT = 12  # characters of a fraction or decimal written exactly


# ------------------------------------------------------------------ numbers for people
def _as_fraction(x: Any) -> Fraction | None:
    """``x`` as a Fraction if it is an exact rational number (int, Fraction, numpy int, flint), else None."""
    if isinstance(x, bool):
        return None
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    kind = type(x).__name__
    if kind == "fmpz":
        return Fraction(int(x))
    if kind == "fmpq":
        return Fraction(int(x.p), int(x.q))
    return None


def _approx(n: int, q: int, digits: int) -> str:
    """n/q (q > 0) rounded to ``digits`` significant digits, fixed or scientific, without trailing zeros."""
    sign = "-" if n < 0 else ""
    n = abs(n)
    if n == 0:
        return "0"
    e = int((n.bit_length() - q.bit_length()) * 0.30102999566398120)  # log10 estimate, off by at most 1
    shift = digits + 3 - e
    if shift >= 0:
        t, r = divmod(n * 10**shift, q)
    else:
        t, r = divmod(n, q * 10**-shift)
    t = 10 * t + (1 if r else 0)  # a sticky digit: no double rounding
    with localcontext() as ctx:
        ctx.prec, ctx.rounding, ctx.Emax, ctx.Emin = digits, ROUND_HALF_EVEN, MAX_EMAX, MIN_EMIN
        d = (+Decimal(t).scaleb(-(shift + 1))).normalize()
    exponent = d.adjusted()
    text = format(d, "f") if -5 <= exponent < digits else format(d, "e")
    return sign + text


def _decimal_text(f: Fraction) -> str | None:
    """The finite decimal expansion of ``f``, or None if its denominator has a prime other than 2 and 5."""
    q, twos, fives = f.denominator, 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1:
        return None
    k = max(twos, fives)
    scaled = abs(f.numerator) * 10**k // f.denominator
    whole, frac = divmod(scaled, 10**k)
    text = f"{whole}.{frac:0{k}d}".rstrip("0").rstrip(".") if k else str(whole)
    return ("-" if f < 0 else "") + text


def display_number(x: Any, digits: int = 6) -> str:
    """A number as a person wants to read it in a table: exact when short, else ``≈`` and ``digits`` digits.

    Integers of up to 15 characters and fractions of up to 12 are written exactly
    (a fraction with a finite decimal expansion as that decimal: ``0.25``,
    otherwise ``p/q``); anything longer is rounded to ``digits`` significant digits
    (half to even, computed exactly from the rational) and marked ``≈``, in
    scientific notation when its exponent is below -5 or at least ``digits``.
    Floats are written as Python writes them when that is short.  Tuples and
    lists are written entry by entry; booleans, strings and ``None`` (as the
    empty string) pass through.  The ``--json`` output and the files of
    :class:`OutputWriter` keep the exact value.

    Parameters
    ----------
    x : int, Fraction, float, numpy or flint number, tuple of them, or any object
    digits : int
        Significant digits of a rounded value (at least 1).

    Returns
    -------
    str

    Examples
    --------
    >>> from fractions import Fraction
    >>> [display_number(v) for v in (Fraction(-1, 3), Fraction(3, 8), 10**20, Fraction(1, 7 * 10**10))]
    ['-1/3', '0.375', '≈1e+20', '≈1.42857e-11']
    >>> display_number((1, Fraction(1, 2)))
    '(1, 0.5)'
    """
    if x is None:
        return ""
    if isinstance(x, (bool, str)):
        return str(x)
    if isinstance(x, (tuple, list)):
        return "(" + ", ".join(display_number(v, digits) for v in x) + ")"
    digits = max(1, int(digits))
    f = _as_fraction(x)
    if f is None:
        if isinstance(x, numbers.Real):
            value = float(x)
            if not math.isfinite(value):
                return str(value)
            text = repr(value)
            if len(text) <= _SHORT:
                return text
            return "≈" + format(value, f".{digits}g")
        return str(x)
    n, q = f.numerator, f.denominator
    if q == 1:
        if n.bit_length() <= 64:
            text = str(n)
            if len(text) <= _SHORT_INT:
                return text
        return "≈" + _approx(n, 1, digits)
    if n.bit_length() + q.bit_length() <= 128:
        decimal = _decimal_text(f)
        if decimal is not None and len(decimal) <= _SHORT:
            return decimal
        text = f"{n}/{q}"
        if len(text) <= _SHORT:
            return text
    return "≈" + _approx(n, q, digits)


# ------------------------------------------------------------------ cells and attributes
def _flat_text(value: Any) -> str:
    """Text of a cell or attribute: exact numbers as ``p/q``, tuples as ``1,0,1`` (nested: ``;`` between)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=lambda v: json.dumps(to_jsonable(v)))
    if isinstance(value, (tuple, list)):
        if all(not isinstance(v, (tuple, list, set, frozenset, dict)) for v in value):
            return ",".join(_flat_text(v) for v in value)
        if all(isinstance(v, (tuple, list)) for v in value):
            return ";".join(_flat_text(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, numbers.Number):
        return _flat_text(value.tolist())
    plain = to_jsonable(value)
    with long_int_text():
        return plain if isinstance(plain, str) else json.dumps(plain)


def _kind(value: Any) -> str:
    """Class of a raw attribute value: int, frac, float, bool, str, none, or other."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "str"
    f = _as_fraction(value)
    if f is not None:
        return "int" if f.denominator == 1 and abs(f.numerator) < _INT64 else "frac"
    if isinstance(value, numbers.Real):
        return "float"
    return "other"


def _float_of(value: Any) -> float:
    f = _as_fraction(value)
    if f is None:
        return float(value)
    try:
        return float(f)
    except OverflowError:
        return math.inf if f > 0 else -math.inf


def _safe_attributes(records: list[dict[Any, Any]]) -> list[dict[str, Any]]:
    """Attributes of nodes (or edges) made writable by every networkx writer, with one type per key.

    Per key: ints fitting int64 stay ints; exact numbers otherwise become ``p/q``
    strings with a float copy ``<key>_float``; floats (mixed with ints) become
    floats; tuples become ``1,0,1``; anything else becomes text; ``None`` is left out.
    A point under a key of :data:`COORDINATE_KEYS` becomes ``x0, x1, ...`` (exact
    text) and ``x0_float, x1_float, ...``.
    """
    expanded: list[dict[str, Any]] = []
    coordinate_keys: set[str] = set()
    for data in records:
        out: dict[str, Any] = {}
        for key, value in data.items():
            name = str(key)
            if (name in COORDINATE_KEYS and isinstance(value, (tuple, list))) or (
                name in COORDINATE_KEYS and hasattr(value, "tolist") and not isinstance(value, numbers.Number)
            ):
                for i, x in enumerate(value.tolist() if hasattr(value, "tolist") else value):
                    out[f"x{i}"] = x
                    coordinate_keys.add(f"x{i}")
            else:
                out[name] = value
        expanded.append(out)
    kinds: dict[str, set[str]] = {}
    for data in expanded:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(_kind(value))
    plans: dict[str, str] = {}
    for key, found in kinds.items():
        found = found - {"none"}
        if key in coordinate_keys and found <= {"int", "frac", "float"}:
            plans[key] = "exact_text" if "float" not in found else "float"
        elif not found or found == {"int"}:
            plans[key] = "int"
        elif found <= {"int", "frac"}:
            plans[key] = "exact_text"
        elif found <= {"int", "float"}:
            plans[key] = "float"
        elif found == {"bool"}:
            plans[key] = "bool"
        else:
            plans[key] = "text"
    result: list[dict[str, Any]] = []
    for data in expanded:
        out = {}
        for key, value in data.items():
            if value is None:
                continue
            plan = plans[key]
            if plan == "int":
                out[key] = int(value)
            elif plan == "bool":
                out[key] = bool(value)
            elif plan == "float":
                out[key] = _float_of(value)
            elif plan == "exact_text":
                out[key] = _flat_text(value)
                out[f"{key}_float"] = _float_of(value)
            else:
                out[key] = _flat_text(value)
        result.append(out)
    return result


def _node_text(node: Any) -> str | int:
    if isinstance(node, str):
        return node
    if isinstance(node, (set, frozenset)):  # a flat as its set of hyperplanes: "{0,2}", "{}"
        return "{" + _flat_text(node) + "}"
    if isinstance(node, numbers.Integral) and not isinstance(node, bool) and abs(int(node)) < _INT64:
        return int(node)
    return _flat_text(node)


def graph_for_export(G: Any) -> Any:
    """A copy of a networkx graph whose node ids and attributes every networkx writer accepts.

    Node ids become ints or strings (a tuple such as an activation pattern becomes
    ``"1,0,1"``, a tuple of tuples ``"1,0;0,1"``, a set ``"{0,2}"``); if two ids would collide, nodes are
    numbered ``"0", "1", ...`` and keep their text as the attribute ``label``.
    Attributes become ints, floats, booleans or strings (see the rules below), so the
    copy can be written by ``write_graphml``, ``write_gexf``, ``write_gml`` and
    ``node_link_data``.  A point stored under ``vertex``, ``point``, ``coordinates``
    or ``pos`` is spread over the attributes ``x0, x1, ...`` (exact text such as
    ``"1/2"``) and ``x0_float, x1_float, ...`` (floats, for layout).

    Rules per attribute key (each key gets one type, as GraphML requires): ints
    that fit int64 stay ints; exact rationals become ``p/q`` text plus a float copy
    ``<key>_float``; tuples become ``1,0,1``; other objects become their exact JSON
    text; ``None`` is left out.  Graph attributes follow the same rules.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph

    Returns
    -------
    networkx graph of the same class

    Examples
    --------
    >>> import networkx as nx
    >>> from fractions import Fraction
    >>> G = nx.Graph()
    >>> G.add_node((0, 1), vertex=(Fraction(1, 2), 3))
    >>> G.add_edge((0, 1), (1, 1), generators=(0,))
    >>> H = graph_for_export(G)
    >>> H.nodes["0,1"]
    {'x0': '1/2', 'x0_float': 0.5, 'x1': '3', 'x1_float': 3.0}
    >>> H.edges["0,1", "1,1"]
    {'generators': '0'}
    """
    H = G.__class__()
    nodes = list(G.nodes)
    ids: list[str | int] = [_node_text(n) for n in nodes]
    labels: list[str] | None = None
    if len({str(i) for i in ids}) < len(ids):  # GraphML writes every id as text
        labels = [str(i) for i in ids]
        ids = [str(i) for i in range(len(nodes))]
    index = dict(zip(nodes, ids))
    node_records = [dict(G.nodes[n]) for n in nodes]
    if labels is not None:
        for record, label in zip(node_records, labels):
            record["label"] = label
    for node_id, data in zip(ids, _safe_attributes(node_records)):
        H.add_node(node_id, **data)
    if G.is_multigraph():
        edges = list(G.edges(keys=True, data=True))
        for (u, v, k, _), data in zip(edges, _safe_attributes([dict(d) for *_, d in edges])):
            H.add_edge(index[u], index[v], key=k if isinstance(k, (int, str)) else _flat_text(k), **data)
    else:
        plain = list(G.edges(data=True))
        for (u, v, _), data in zip(plain, _safe_attributes([dict(d) for _, _, d in plain])):
            H.add_edge(index[u], index[v], **data)
    H.graph.update(_safe_attributes([dict(G.graph)])[0])
    return H


# ------------------------------------------------------------------ files for programs
def check_writable(path: str | os.PathLike[str], what: str = "") -> None:
    """Refuse, before any work, a file that cannot be written: the path is a directory, its directory
    does not exist or is not a directory, or writing is not permitted.  ``what`` names the file in the
    message (``"--output"``, ``"the picture"``).

    Raises
    ------
    InvalidDataError
        One line saying which of these it is.

    >>> try:
    ...     check_writable("nodir/x.json", "--output")
    ... except InvalidDataError as exc:
    ...     print(exc)
    cannot write --output 'nodir/x.json': the directory 'nodir' does not exist (create it first)
    """
    name = os.fspath(path)
    head = f"cannot write {what + ' ' if what else ''}{name!r}"
    if os.path.isdir(name):
        raise InvalidDataError(f"{head}: it is a directory")
    folder = os.path.dirname(os.path.abspath(name))
    if not os.path.isdir(folder):
        state = "is not a directory" if os.path.exists(folder) else "does not exist"
        raise InvalidDataError(
            f"{head}: the directory {os.path.dirname(name) or folder!r} {state} (create it first)"
        )
    if not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(name) and not os.access(name, os.W_OK)):
        raise InvalidDataError(f"{head}: permission denied")


def output_format(path: str | os.PathLike[str]) -> str:
    """The format of an output path from its suffix (``.json``, ``.csv``, ``.npz`` or ``.graphml``).

    Raises
    ------
    InvalidDataError
        Any other suffix; the message lists the choices.

    >>> output_format("chambers.CSV")
    '.csv'
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in OUTPUT_FORMATS:
        choices = ", ".join(f"{s} ({what})" for s, what in OUTPUT_FORMATS.items())
        raise InvalidDataError(
            f"cannot write {os.fspath(path)!r}: the suffix {suffix or '(none)'!r} names no output format; "
            f"choose one of {choices}"
        )
    return suffix


class OutputWriter:
    """Write a table of exact rows (and optionally a graph) to a file whose suffix picks the format.

    Rows are written as they arrive for ``.json`` and ``.csv`` (a long enumeration
    never holds its rows in memory), and kept until :meth:`close` for ``.npz`` and
    ``.graphml``.  Leaving the ``with`` block closes the file even after an error
    (a timeout or Ctrl-C), so the rows written so far remain a valid file; the JSON
    form then says ``"complete": false``.  See the module for each format.

    Parameters
    ----------
    path : str or path-like
        The file; its suffix (``.json``, ``.csv``, ``.npz``, ``.graphml``) picks the format.
    kind : str
        What a row is (``"chambers"``, ``"vertices"``, ...), stored in the file.
    columns : sequence of str
        Column names; a row is a mapping from (some of) them to values.
    meta : dict, optional
        Anything else to store (input size, options, counts); JSON, NPZ and GraphML
        keep it, CSV (a plain table) does not.

    Attributes
    ----------
    format : str
        The suffix in force.
    supports_graph : bool
        Whether :meth:`write_graph` is allowed (every format but CSV).
    n_rows : int
        Rows written so far.
    meta : dict
        Stored at :meth:`close`, so it may be updated while rows are written.

    Raises
    ------
    InvalidDataError
        An unknown suffix (the message lists the choices), or no columns.

    Examples
    --------
    >>> import json, os, tempfile
    >>> from fractions import Fraction
    >>> path = os.path.join(tempfile.mkdtemp(), "out.json")
    >>> with OutputWriter(path, kind="vertices", columns=["pattern", "vertex"]) as out:
    ...     out.write_row({"pattern": (0, 1), "vertex": (Fraction(1, 2), 2)})
    >>> json.load(open(path))["rows"]
    [{'pattern': [0, 1], 'vertex': ['1/2', 2]}]
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        kind: str,
        columns: Sequence[str],
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.format = output_format(path)
        self.path = os.fspath(path)
        self.kind = str(kind)
        self.columns = [str(c) for c in columns]
        if not self.columns:
            raise InvalidDataError("an output table needs at least one column name")
        if len(set(self.columns)) != len(self.columns):
            raise InvalidDataError(f"repeated column names in {self.columns}")
        self.meta: dict[str, Any] = dict(meta or {})
        self.supports_graph = self.format != ".csv"
        self.n_rows = 0
        self._graph: Any = None
        self._rows: list[dict[str, Any]] = []
        self._closed = False
        self._complete = True
        self._fh: IO[str] | None = None
        self._csv: Any = None
        if self.format == ".json":
            self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 (closed by close())
            head = {"kind": self.kind, "columns": self.columns}
            self._fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
        elif self.format == ".csv":
            self._fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by close())
            self._csv = csv.writer(self._fh)
            self._csv.writerow(self.columns)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"OutputWriter({self.path!r}, kind={self.kind!r}, rows={self.n_rows}, {state})"

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._complete = False
        self.close()

    def _row(self, row: Mapping[str, Any] | Sequence[Any]) -> dict[str, Any]:
        if isinstance(row, Mapping):
            unknown = [k for k in row if k not in self.columns]
            if unknown:
                raise InvalidDataError(f"row has columns {unknown} that are not among {self.columns}")
            return {c: row.get(c) for c in self.columns}
        values = list(row)
        if len(values) != len(self.columns):
            raise InvalidDataError(f"row has {len(values)} values for {len(self.columns)} columns")
        return dict(zip(self.columns, values))

    def write_row(self, row: Mapping[str, Any] | Sequence[Any]) -> None:
        """Write one row: a mapping column ↦ value (missing columns are empty) or values in column order.

        Raises
        ------
        InvalidDataError
            A column that is not declared, a sequence of the wrong length, or a closed writer.
        """
        if self._closed:
            raise InvalidDataError(f"{self.path!r} is already closed")
        data = self._row(row)
        if self.format == ".json":
            assert self._fh is not None
            with long_int_text():
                text = json.dumps(to_jsonable(data), ensure_ascii=False)
            self._fh.write(("\n" if self.n_rows == 0 else ",\n") + text)
        elif self.format == ".csv":
            self._csv.writerow([_flat_text(data[c]) for c in self.columns])
        else:
            self._rows.append(data)
        self.n_rows += 1

    def write_rows(self, rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> None:
        """Write every row of ``rows`` (see :meth:`write_row`)."""
        for row in rows:
            self.write_row(row)

    def write_graph(self, graph: Any) -> None:
        """Store a networkx graph, written at :meth:`close` (GraphML, JSON node-link data or NPZ arrays).

        Raises
        ------
        InvalidDataError
            The format is CSV (one table; write graphs to ``.graphml``, ``.json`` or ``.npz``).
        """
        if not self.supports_graph:
            raise InvalidDataError(
                f"{self.path!r} is a CSV table and cannot hold a graph: write it to .graphml, .json or .npz"
            )
        self._graph = graph

    def close(self) -> None:
        """Finish the file (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.format == ".json":
                self._close_json()
            elif self.format == ".npz":
                self._close_npz()
            elif self.format == ".graphml":
                self._close_graphml()
        finally:
            if self._fh is not None:
                self._fh.close()

    def _close_json(self) -> None:
        assert self._fh is not None
        self._fh.write("\n]" if self.n_rows else "]")
        tail: dict[str, Any] = {}
        if self._graph is not None:
            import networkx as nx

            tail["graph"] = nx.node_link_data(graph_for_export(self._graph), edges="edges")
        tail.update(n_rows=self.n_rows, meta=self.meta, complete=self._complete)
        with long_int_text():
            text = json.dumps(to_jsonable(tail), ensure_ascii=False)
        self._fh.write(", " + text[1:] + "\n")

    def _close_npz(self) -> None:
        import numpy as np

        arrays: dict[str, Any] = {}
        for c in self.columns:
            arrays[c] = _column_array([row[c] for row in self._rows])
        arrays["_kind"] = np.array(self.kind)
        arrays["_columns"] = np.array(self.columns, dtype=str)
        with long_int_text():
            meta = json.dumps(to_jsonable(dict(self.meta, complete=self._complete)), ensure_ascii=False)
        arrays["_meta"] = np.array(meta)
        if self._graph is not None:
            G = graph_for_export(self._graph)
            nodes = list(G.nodes)
            where = {n: i for i, n in enumerate(nodes)}
            arrays["_graph_nodes"] = np.array([str(n) for n in nodes], dtype=str)
            arrays["_graph_edges"] = np.array(
                [(where[u], where[v]) for u, v in G.edges()], dtype=np.int64
            ).reshape(-1, 2)
        # written whole to a side file, then moved into place: an interrupted close never leaves a
        # truncated archive under the name
        part = self.path + ".part"
        try:
            with open(part, "wb") as fh:
                np.savez_compressed(fh, **arrays)
            os.replace(part, self.path)
        finally:
            if os.path.exists(part):
                os.remove(part)

    def _close_graphml(self) -> None:
        import networkx as nx

        if self._graph is not None:
            G = self._graph
        else:  # a table without a graph: one node per row
            G = nx.Graph()
            for i, row in enumerate(self._rows):
                G.add_node(i, **row)
        H = graph_for_export(G)
        # the rows of a GraphML file are its nodes: n_rows counts them (as the NPZ/JSON rows would)
        counts = {"n_rows": max(self.n_rows, H.number_of_nodes()), "n_nodes": H.number_of_nodes()}
        counts["n_edges"] = H.number_of_edges()
        extra = _safe_attributes(
            [dict({"kind": self.kind, "complete": self._complete}, **dict(self.meta, **counts))]
        )[0]
        H.graph.update(extra)
        nx.write_graphml(H, self.path)


def _column_array(values: list[Any]) -> Any:
    """One NPZ column: int64, float64, bool, a 2-D array for equal-length tuples, else exact text."""
    import numpy as np

    if not values:
        return np.zeros(0, dtype=np.int64)
    kinds = {_kind(v) for v in values}
    if kinds == {"int"}:
        return np.array([int(v) for v in values], dtype=np.int64)
    if kinds == {"bool"}:
        return np.array(values, dtype=bool)
    if (
        kinds <= {"int", "float"}
        and "float" in kinds
        and all(_kind(v) == "float" or abs(int(v)) <= _FLOAT_SAFE for v in values)
    ):
        return np.array([float(v) for v in values], dtype=np.float64)
    if all(isinstance(v, (tuple, list)) for v in values):
        lengths = {len(v) for v in values}
        if len(lengths) == 1 and all(not isinstance(x, (tuple, list)) for v in values for x in v):
            width = lengths.pop()
            flat = [x for v in values for x in v]
            column = _column_array(flat) if flat else np.zeros(0, dtype=np.int64)
            return column.reshape(len(values), width)
    return np.array([_flat_text(v) for v in values], dtype=str)


def write_output(
    path: str | os.PathLike[str],
    *,
    kind: str,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any] | Sequence[Any]] = (),
    graph: Any = None,
    meta: dict[str, Any] | None = None,
) -> None:
    """Write ``rows`` (and ``graph``) to ``path`` in the format its suffix names, in one call.

    See :class:`OutputWriter` for the parameters and formats.

    Raises
    ------
    InvalidDataError
        An unknown suffix, a row that does not fit the columns, or a graph for a CSV file.

    Examples
    --------
    >>> import csv, os, tempfile
    >>> from fractions import Fraction
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> write_output(path, kind="points", columns=["i", "x"], rows=[(0, Fraction(1, 3)), (1, 2)])
    >>> list(csv.reader(open(path)))
    [['i', 'x'], ['0', '1/3'], ['1', '2']]
    """
    if graph is not None and output_format(path) == ".csv":
        raise InvalidDataError(
            f"{os.fspath(path)!r} is a CSV table and cannot hold a graph: write it to .graphml, .json or .npz"
        )
    with OutputWriter(path, kind=kind, columns=columns, meta=meta) as out:
        if graph is not None:
            out.write_graph(graph)
        out.write_rows(rows)
