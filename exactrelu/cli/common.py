"""What every ``exactrelu`` command shares: reading the data, exact numbers from flags, output.

Input: :func:`load_data` reads the command's data (a file, ``-`` for standard input, or
``--example NAME``) through :mod:`exactrelu.exact.parse`, under the input limits of
:mod:`exactrelu.exact.limits` and with floats (in ``.npy`` files) read as their shortest
decimal, like the same numbers in CSV or JSON; :func:`read_numbers`,
:func:`labels_for` and :func:`units_and_v` read comma-separated exact numbers (or a
file of them) from flags.  Output: :func:`table` prints aligned columns,
:func:`emit_json` prints JSON encoded by :func:`exactrelu.exact.jsonio.to_jsonable`
(ints stay ints, other Fractions become ``"p/q"``) with lists of scalars kept on one
line.  Errors are :class:`~exactrelu.exact.errors.ExactReluError`\\ s, which
:func:`exactrelu.cli.main` prints as one line ``exactrelu: error: …`` (exit status 2).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, TextIO

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import pretty
from exactrelu.exact.output import check_writable, display_number
from exactrelu.exact.parse import exact_matrix, pattern_string, read_data, to_fraction
from exactrelu.exact.progress import line_interval
from exactrelu.exact.types import Exact, MatrixLike, NumberLike

__all__ = [
    "PROG",
    "TIMEOUT_STATUS",
    "Activity",
    "CommandTimeout",
    "Handler",
    "RowSink",
    "activity",
    "check_output_path",
    "display_number",
    "emit_json",
    "general_position",
    "labels_for",
    "load_data",
    "number_cells",
    "pattern_text",
    "polynomial_text",
    "print_network",
    "progress_enabled",
    "read_numbers",
    "read_table",
    "running",
    "table",
    "units_and_v",
    "vector_text",
    "yes_no",
]

PROG = "exactrelu"

#: A command: reads the parsed arguments, writes to ``out``, returns the exit status.
Handler = Callable[[argparse.Namespace, TextIO], int]

#: Exit status of a command stopped by ``--timeout`` (as GNU ``timeout``): a partial result.
TIMEOUT_STATUS = 124


# ----------------------------------------------------------------------------- output


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """Print ``rows`` under ``headers`` in left-aligned columns, with a rule under the header."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, r)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)


def number_cells(row: Sequence[Any]) -> list[str]:
    """Table cells for people: exact numbers short (``1/3``, ``0.25``) or ``≈0.333333`` (``--json`` is exact).

    >>> number_cells([1, Fraction(1, 3), Fraction(10**40 + 1, 3), "text"])
    ['1', '1/3', '≈3.33333e+39', 'text']
    """
    return [c if isinstance(c, str) else display_number(c) for c in row]


class RowSink:
    """Where the rows of an enumerating command go: a streamed table, ``--output FILE``, or counts only.

    * the table on ``out`` is printed as the rows arrive (column widths from the first
      :attr:`WIDTH_ROWS` rows), unless ``--summary`` or ``--json``;
    * with ``--output FILE`` every row is written to FILE as it arrives
      (:class:`exactrelu.exact.output.OutputWriter`; format by suffix), also with ``--summary``;
    * with ``--json`` (and without ``--summary``) the rows are kept for the JSON payload
      (:attr:`rows`).

    Every row counts as done work for the ``--timeout`` message (:class:`Activity`).  A row is
    written, printed and counted as one step that the ``--timeout`` alarm does not cut (the
    counts of the message are the rows written), and closing the file is never cut either,
    so a partial file is always a valid one.

    Parameters
    ----------
    args : argparse.Namespace
        The command's arguments (``json``, ``summary``, ``output``).
    out : TextIO
        Standard output of the command.
    kind : str
        What a row is, plural (``"chambers"``).
    columns : sequence of str
        The exact columns (for ``--output`` and ``--json``).
    headers : sequence of str
        The headers of the printed table.
    cells : callable
        ``cells(k, row)``: the cells of the printed table for the k-th row (from 1).
    meta : dict, optional
        Stored in the output file.
    json_rows : callable, optional
        A row as kept for ``--json`` (default: the row itself).
    payload : dict, optional
        The command's ``--json`` object: if the rows stop early (``--timeout``, Ctrl-C), it is
        printed with the rows so far under ``rows_key``, ``"n_rows"`` and ``"complete": false``.
    rows_key : str, optional
        The key of the rows in ``payload`` (default: ``kind``).
    widths : sequence of int, optional
        Fixed column widths (at least the headers'): every row is printed at once, for a
        table whose rows take long each (default: widths from the first rows).
    """

    #: Rows buffered to fix the column widths of the streamed table.
    WIDTH_ROWS = 200

    def __init__(
        self,
        args: argparse.Namespace,
        out: TextIO,
        *,
        kind: str,
        columns: Sequence[str],
        headers: Sequence[str],
        cells: Callable[[int, Mapping[str, Any]], Sequence[Any]],
        meta: dict[str, Any] | None = None,
        json_rows: Callable[[Mapping[str, Any]], Any] | None = None,
        widths: Sequence[int] | None = None,
        payload: dict[str, Any] | None = None,
        rows_key: str | None = None,
    ) -> None:
        self.args, self.out, self.kind = args, out, kind
        self.act = activity()
        self.payload, self.rows_key = payload, rows_key or kind
        self.columns, self.headers, self.cells = list(columns), list(headers), cells
        self.summary = bool(getattr(args, "summary", False))
        self.as_json = bool(getattr(args, "json", False))
        self.print_table = not self.summary and not self.as_json
        self.keep = self.as_json and not self.summary
        self.json_rows = json_rows
        self.rows: list[Any] = []
        self.n = 0
        self._closed = False
        self._buffer: list[list[str]] = []
        self._widths: list[int] | None = None
        self._fixed = widths is not None
        if widths is not None and self.print_table:
            self._widths = [max(w, len(h)) for w, h in zip(widths, self.headers)]
            self._header()
        self.writer: Any = None
        path = getattr(args, "output", None)
        if path:
            from exactrelu.exact.output import OutputWriter

            try:
                self.writer = OutputWriter(path, kind=kind, columns=self.columns, meta=meta)
            except OSError as exc:
                raise InvalidDataError(f"cannot write --output {path!r}: {exc.strerror or exc}") from None
            activity().note_output(path)

    def __enter__(self) -> RowSink:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None and issubclass(exc_type, CommandTimeout):
            self.act.timeout_landed()
        self.close(complete=exc_type is None)

    def add(self, row: Mapping[str, Any]) -> None:
        """One row: to the file, the table and the JSON rows (not cut by ``--timeout``)."""
        act = self.act
        act.shield += 1
        try:
            if self.writer is not None:
                self.writer.write_row(row)
            self.n += 1
            if self.keep:
                self.rows.append(self.json_rows(row) if self.json_rows else dict(row))
            if self.print_table:
                cells = [str(c) for c in number_cells(self.cells(self.n, row))]
                if self._widths is None:
                    self._buffer.append(cells)
                    if len(self._buffer) >= self.WIDTH_ROWS:
                        self._flush_buffer()
                else:
                    self._print(cells)
            act.advance(self.kind)
        finally:
            act.shield -= 1
            if act.pending:
                act.deliver()

    def add_all(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Every row of ``rows``; returns how many."""
        for row in rows:
            self.add(row)
        return self.n

    def _header(self) -> None:
        assert self._widths is not None
        print("  ".join(h.ljust(w) for h, w in zip(self.headers, self._widths)).rstrip(), file=self.out)
        print("  ".join("-" * w for w in self._widths), file=self.out)

    def _flush_buffer(self) -> None:
        widths = [len(h) for h in self.headers]
        for r in self._buffer:
            widths = [max(w, len(c)) for w, c in zip(widths, r)]
        self._widths = widths
        self._header()
        for r in self._buffer:
            self._print(r)
        self._buffer = []

    def _print(self, cells: Sequence[str]) -> None:
        assert self._widths is not None
        print("  ".join(c.ljust(w) for c, w in zip(cells, self._widths)).rstrip(), file=self.out)
        if self._fixed:  # slow rows (one check each): show each as it is done
            self.out.flush()

    def close(self, complete: bool = True) -> None:
        """Finish the table and the file (idempotent); the file says whether it is complete.

        Never cut by ``--timeout`` (the alarm waits).  A complete close ends the command's work
        (what follows is printing): an alarm after it is ignored, and the exit status is not 124.
        With ``--json`` and ``complete`` false, the command's JSON object is printed here, with
        the rows so far and ``"complete": false``.
        """
        if self._closed:
            return
        self._closed = True
        act = self.act
        act.shield += 1
        try:
            if self.print_table and self._widths is None:
                self._flush_buffer()
            if self.writer is not None:
                if not complete:
                    self.writer._complete = False
                self.writer.meta.setdefault("n_rows", self.n)
                self.writer.close()
                self.writer = None
            if not complete and self.as_json and self.payload is not None:
                partial = dict(self.payload)
                if self.keep:
                    partial[self.rows_key] = self.rows
                path = getattr(self.args, "output", None)
                if path:
                    partial["output"] = path
                partial.update(n_rows=self.n, complete=False)
                emit_json(partial, self.out)
            with contextlib.suppress(OSError, ValueError):
                self.out.flush()
            if complete:
                act.work_done()
        finally:
            act.shield -= 1
            if act.pending:
                act.deliver()

    def note(self) -> str:
        """A line for the end of the text output: where the rows went."""
        path = getattr(self.args, "output", None)
        return f"wrote {self.n} {self.kind} to {path}" if path else ""


def polynomial_text(coeffs: Sequence[int], var: str = "t") -> str:
    """A polynomial from its coefficients, low degree first, as text.

    >>> polynomial_text([-6, 10, -5, 1])
    't^3 - 5 t^2 + 10 t - 6'
    """
    terms: list[str] = []
    for k in range(len(coeffs) - 1, -1, -1):
        c = coeffs[k]
        if c == 0:
            continue
        mag = abs(c)
        if k == 0:
            body = f"{mag}"
        elif k == 1:
            body = var if mag == 1 else f"{mag} {var}"
        else:
            body = f"{var}^{k}" if mag == 1 else f"{mag} {var}^{k}"
        if not terms:
            terms.append(("-" if c < 0 else "") + body)
        else:
            terms.append(("- " if c < 0 else "+ ") + body)
    return " ".join(terms) if terms else "0"


def yes_no(b: bool | None) -> str:
    """'yes', 'no', or (for None) why the answer is unknown."""
    if b is None:
        return "unknown (too many subsets to check; see 'exactrelu position')"
    return "yes" if b else "no"


def vector_text(v: Iterable[NumberLike]) -> str:
    """An exact vector as ``(1, -1/2, 3)``.

    >>> vector_text([1, Fraction(-1, 2)])
    '(1, -1/2)'
    """
    return "(" + ", ".join(str(Fraction(x)) for x in v) + ")"


def pattern_text(p: Any) -> str:
    """A one-unit pattern (tuple of 0/1), an m-unit one (tuple of such) or a Chamber as bit strings.

    >>> pattern_text((1, 0, 1)), pattern_text(((1, 0), (0, 1)))
    ('101', '10 01')
    """
    if hasattr(p, "pattern"):
        p = p.pattern
    if p and isinstance(p[0], (tuple, list)):
        return " ".join(pattern_string(q) for q in p)
    return pattern_string(p)


def emit_json(payload: Any, out: TextIO) -> None:
    """Print ``payload`` as JSON, laid out by :func:`exactrelu.exact.jsonio.pretty`.

    The JSON object is the command's result, so its work is done (:meth:`Activity.work_done`):
    ``--timeout`` never cuts the object in half, nor turns a printed result into exit status 124.
    """
    act = activity()
    with act.shielded():
        act.work_done()
        print(pretty(payload), file=out)


def print_network(net: Any, out: TextIO, indent: str = "  ") -> None:
    """One line per unit of a ShallowReLU: v_j and its row (w, b), by display_number (exact: --json)."""
    for j, (w, vj) in enumerate(zip(net.W, net.v)):
        print(f"{indent}unit {j}: v = {display_number(vj)}, (w, b) = {display_number(tuple(w))}", file=out)


#: The ``--output`` suffixes of the commands that take other than the tables (.json, .csv, .npz).
OUTPUT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "arrangement": (".json", ".csv", ".npz", ".graphml"),  # .graphml: the chamber-adjacency graph
    "zonotope": (".json", ".csv", ".npz", ".graphml"),  # .graphml: the 1-skeleton
    "plot": (".png", ".svg", ".pdf"),
}

#: The ``--output`` suffixes of every other command: its table.
TABLE_SUFFIXES = (".json", ".csv", ".npz")

_SUFFIX_TEXT = {
    ".json": "JSON",
    ".csv": "CSV table",
    ".npz": "NumPy arrays",
    ".graphml": "GraphML graph",
    ".png": "PNG picture",
    ".svg": "SVG picture",
    ".pdf": "PDF picture",
}


def check_output_path(args: argparse.Namespace) -> None:
    """Refuse ``--output FILE`` before any work: a suffix this command cannot write, a missing or
    read-only directory, or a directory in place of the file (one error naming what is allowed).

    >>> try:
    ...     check_output_path(argparse.Namespace(command="patterns", output="a.txt"))
    ... except InvalidDataError as exc:
    ...     print(str(exc).split(": ", 1)[1])
    'exactrelu patterns' writes .json (JSON), .csv (CSV table), .npz (NumPy arrays), not '.txt'
    """
    path = getattr(args, "output", None)
    if not path or not isinstance(path, str):
        return
    command = str(getattr(args, "command", "") or "")
    allowed = OUTPUT_SUFFIXES.get(command, TABLE_SUFFIXES)
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in allowed:
        choices = ", ".join(f"{x} ({_SUFFIX_TEXT.get(x, x)})" for x in allowed)
        raise InvalidDataError(
            f"cannot write --output {path!r}: '{PROG} {command}' writes {choices}, "
            f"not {suffix or '(no suffix)'!r}"
        )
    check_writable(path, "--output")


# ----------------------------------------------------------------------------- input


def _float_mode(args: argparse.Namespace | None) -> str | None:
    """``--float-mode`` if the command has it, else None (the environment or the default 'decimal')."""
    return getattr(args, "float_mode", None) if args is not None else None


def read_table(
    path: str, what: str, *, strict: bool = False, float_mode: str | None = None
) -> tuple[tuple[Fraction, ...], ...]:
    """A table of exact numbers from a file (``-``: standard input); ``what`` names it in errors."""
    try:
        raw = read_data(path)
    except OSError as exc:
        raise InvalidDataError(f"cannot read {what} {path!r}: {exc}") from None
    return exact_matrix(raw, strict=strict, name=f"{what} {path!r}", float_mode=float_mode)


def load_data(args: argparse.Namespace) -> tuple[tuple[Fraction, ...], ...]:
    """The data table of the command (``args.data`` or ``args.example``), as exact rows."""
    if args.example is not None and args.data is not None:
        raise InvalidDataError("give either a data file or --example NAME, not both")
    raw: MatrixLike
    if args.example is not None:
        from exactrelu.datasets import get_dataset

        raw = get_dataset(args.example)
        name = f"example {args.example!r}"
    elif args.data is not None:
        try:
            raw = read_data(args.data)
        except OSError as exc:
            raise InvalidDataError(f"cannot read {args.data!r}: {exc}") from None
        name = "standard input" if args.data == "-" else f"data file {args.data!r}"
    else:
        raise InvalidDataError(
            "no data: give a CSV/JSON/NPY file, '-' for standard input, or --example NAME "
            "(e.g. --example figure1)"
        )
    return exact_matrix(raw, strict=args.strict, name=name, float_mode=_float_mode(args))


def progress_enabled(args: argparse.Namespace) -> bool:
    """``--progress`` / ``--no-progress``, or by default whether standard error is a terminal."""
    if getattr(args, "progress", None) is None:
        try:
            return sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False
    return bool(args.progress)


def read_numbers(text: str, what: str) -> list[Fraction]:
    """``'1,-2,3/4'`` (comma-separated exact numbers), or a data file with one number per row."""
    if os.path.exists(text):
        try:
            raw = read_data(text)
        except OSError as exc:
            raise InvalidDataError(f"cannot read {what} file {text!r}: {exc}") from None
        flat = [x for r in raw for x in (r if hasattr(r, "__len__") and not isinstance(r, str) else [r])]
    else:
        flat = [t.strip() for t in text.split(",") if t.strip()]
    if not flat:
        raise InvalidDataError(f"{what}: no numbers in {text!r}")
    return [to_fraction(x, where=f"{what} entry {i}") for i, x in enumerate(flat)]


def labels_for(args: argparse.Namespace, X: Sequence[Any]) -> list[Fraction]:
    """The labels of ``--labels``, one per data point."""
    y = read_numbers(args.labels, "--labels")
    if len(y) != len(X):
        raise InvalidDataError(f"--labels gives {len(y)} labels for {len(X)} data points")
    return y


def units_and_v(args: argparse.Namespace) -> tuple[int, list[Fraction] | None]:
    """(units, v) from ``--units`` / ``--v``: fixed output weights as in the paper, or free signs (v None)."""
    v = read_numbers(args.v, "--v") if args.v is not None else None
    if v is not None and args.units is not None and args.units != len(v):
        raise InvalidDataError(f"--units {args.units} disagrees with the {len(v)} weights of --v")
    return (len(v) if v is not None else (args.units or 1)), v


def general_position(
    X: Sequence[Sequence[Exact]], bias: bool, *, limit: int | None = None, quiet: bool = True
) -> tuple[bool | None, Any]:
    """(holds, result) for the data: affine general position with a bias, linear without.

    With ``quiet`` a size refusal of the subset scan gives ``(None, None)``
    (general position is then reported as unknown) instead of an error.
    """
    from exactrelu.geometry import position

    try:
        res = position.general_position(X, bias=bias, limit=limit)
    except SizeLimitError:
        if not quiet:
            raise
        return None, None
    return bool(res.holds), res


# ----------------------------------------------------------------------------- activity, --timeout


class CommandTimeout(BaseException):
    """Raised in the main thread when ``--timeout`` expires (a BaseException, like KeyboardInterrupt,
    so that no ``except Exception`` of a library swallows it)."""


class Activity:
    """What the running command is doing: its stage, the work done, and how to continue.

    It is the source of the ``--progress`` display and of the ``--timeout`` message.  With
    ``--progress`` on a terminal it is a live tqdm bar (stage, rows done of the total when
    known, rate, elapsed time; refreshed by a background thread even when no row arrives);
    otherwise a line when a stage starts and one every few seconds from a background thread
    (elapsed time, stage, counts), and a last line, ``finished`` or ``stopped``.  The
    ``--timeout`` message says what was done so far, where the rows went and how to continue.

    The ``--timeout`` alarm is delivered through :meth:`deliver`: never inside a shielded
    step (:attr:`shield` > 0: a row being written, a file being closed), never after
    :meth:`work_done`, and only once (:meth:`timeout_landed`).

    >>> import io
    >>> act = Activity("arrangement", progress=True, stream=io.StringIO())
    >>> act.stage("chambers", hint="use --summary for the counts only")
    >>> act.advance("chambers", 3)
    >>> act.partial_message(2.0).split(";")[0]
    'stopped by --timeout after 2 s while computing chambers'
    """

    #: Seconds between two refreshes of the terminal bar.
    REFRESH = 0.5

    def __init__(self, command: str, *, progress: bool = False, stream: TextIO | None = None) -> None:
        self.command, self.progress = command, progress
        self.stream = stream if stream is not None else sys.stderr
        self.current = "the result"
        self.hint: str | None = None
        self.counts: dict[str, int] = {}
        self.outputs: list[str] = []
        self.start = time.monotonic()
        self.shield = 0  # > 0: a step the alarm must not cut is running
        self.pending = False  # the alarm fired during a shielded step
        self.expired = False  # the alarm has fired (the work is cut short)
        self.landed = False  # the CommandTimeout has been raised and caught once
        self.finished = False  # the work is done: an alarm now is ignored
        self.timeout: float | None = None
        self._disarm: Callable[[], None] = lambda: None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: Any = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the alarm
    def alarm(self) -> None:
        """The ``--timeout`` alarm went off: raise :class:`CommandTimeout` now, or as soon as allowed."""
        if self.finished or self.landed:
            self._disarm()
            return
        self.expired = True
        if self.shield:
            self.pending = True
            return
        self.deliver()

    def deliver(self) -> None:
        """Raise the pending :class:`CommandTimeout`, unless a shielded step runs or the work is done."""
        if self.shield or self.finished or self.landed:
            if self.finished or self.landed:
                self.pending = False
            return
        self.pending = False
        raise CommandTimeout(self.timeout or 0.0)

    def timeout_landed(self) -> None:
        """The :class:`CommandTimeout` was caught: disarm the alarm for good."""
        self.landed = True
        self.pending = False
        self._disarm()

    def work_done(self) -> None:
        """The command's work is complete (what is left is printing): no alarm after this."""
        self.finished = True
        self.pending = False
        self._disarm()

    @contextlib.contextmanager
    def shielded(self) -> Iterator[None]:
        """A step that ``--timeout`` must not cut (writing a file): the alarm waits until it ends."""
        self.shield += 1
        try:
            yield
        finally:
            self.shield -= 1
            if self.pending:
                self.deliver()

    # ------------------------------------------------------------------ progress
    def stage(self, name: str, hint: str | None = None, total: int | None = None) -> None:
        """A new stage of the work (``"chambers"``, ``"cdd cross-check"``).

        ``hint`` says how to skip it (for the ``--timeout`` message); ``total`` is the number
        of objects it will count, if known (for the bar).
        """
        self.current, self.hint = name, hint
        if not self.progress:
            return
        with self._lock:
            bar = self._bar
            if bar is not None:
                bar.set_description_str(f"{PROG} {self.command}: {name}", refresh=False)
                bar.reset(total=total)
                return
        self._line(f"{name}…")

    def advance(self, what: str, n: int = 1) -> None:
        """``n`` more objects of ``what`` done."""
        self.counts[what] = self.counts.get(what, 0) + n
        bar = self._bar
        if bar is not None:
            bar.update(n)

    def note_output(self, path: str) -> None:
        """Rows are being written to ``path``."""
        self.outputs.append(path)

    def _line(self, text: str) -> None:
        elapsed = time.monotonic() - self.start
        with contextlib.suppress(OSError, ValueError):  # a closed stream
            print(f"{PROG} {self.command}: {elapsed:.1f} s: {text}", file=self.stream, flush=True)

    def _done_text(self) -> str:
        return ", ".join(f"{n:,} {what}" for what, n in self.counts.items()) or "nothing listed yet"

    def _beat(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self._line(f"{self.current}; done: {self._done_text()}")

    def _refresh(self) -> None:
        while not self._stop.wait(self.REFRESH):
            with self._lock:
                if self._bar is not None:
                    with contextlib.suppress(Exception):
                        self._bar.refresh()

    def begin(self) -> None:
        """Start the display: a bar refreshed by a thread on a terminal, else the heartbeat thread."""
        if not self.progress or self._thread is not None:
            return
        if _isatty(self.stream):
            from exactrelu.exact.progress import terminal_bar

            self._bar = terminal_bar(
                stream=self.stream,
                total=None,
                desc=f"{PROG} {self.command}: {self.current}",
                unit=" rows",
                mininterval=0.2,
            )
            self._thread = threading.Thread(target=self._refresh, daemon=True)
        else:
            self._thread = threading.Thread(target=self._beat, args=(line_interval(),), daemon=True)
        self._thread.start()

    def end(self, stopped: bool = False) -> None:
        """Stop the display; with ``--progress``, a last line: ``finished`` or ``stopped``."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
            self._thread = None
        with self._lock:
            if self._bar is not None:
                with contextlib.suppress(Exception):
                    self._bar.close()
                self._bar = None
        if self.progress:
            word = "stopped" if stopped else "finished"
            self._line(f"{word}; done: {self._done_text()}")

    def partial_message(self, seconds: float) -> str:
        """The ``--timeout`` message: what was done so far, where it went, how to continue."""
        where = ""
        if self.outputs:
            files = ", ".join(self.outputs)
            where = f"; the rows so far are in {files}" if self.counts else f"; {files} holds no rows yet"
        how = "run again with a larger --timeout (or none)"
        if self.hint:
            how += f", or {self.hint}"
        return (
            f"stopped by --timeout after {seconds:g} s while computing {self.current}; "
            f"done so far: {self._done_text()}{where}. To continue: {how}"
        )


_CURRENT: list[Activity] = []


def activity() -> Activity:
    """The :class:`Activity` of the running command (a silent one outside :func:`running`)."""
    return _CURRENT[-1] if _CURRENT else Activity("")


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def running(args: argparse.Namespace) -> Iterator[Activity]:
    """Run a command under its :class:`Activity`: ``--progress`` display and the ``--timeout`` alarm.

    The alarm (``SIGALRM``, main thread only) raises :class:`CommandTimeout` in the
    command through :meth:`Activity.alarm`; :func:`exactrelu.cli.main` prints
    :meth:`Activity.partial_message` and exits with :data:`TIMEOUT_STATUS`.  The alarm is
    re-armed every 0.05 s until the exception is caught (an exception raised where Python
    cannot propagate it, in a weakref callback or a ``__del__``, is swallowed), then disarmed
    for good; it waits while a row is written or a file closed, and is ignored once the work
    is done (:meth:`Activity.work_done`).  Library progress lines carry the command's prefix
    (:func:`exactrelu.exact.progress.line_prefix`).
    """
    from exactrelu.exact.progress import line_prefix

    act = Activity(str(getattr(args, "command", "") or ""), progress=progress_enabled(args))
    timeout = getattr(args, "timeout", None)
    if timeout is not None and not timeout > 0:
        raise InvalidDataError(f"--timeout must be a positive number of seconds, got {timeout}")
    alarm = (
        timeout is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    previous: Any = None
    seconds = float(timeout) if timeout is not None else 0.0
    act.timeout = seconds

    def disarm() -> None:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def expire(signum: int, frame: Any) -> None:
        if not (act.finished or act.landed or act.shield):
            # re-armed until caught: an exception raised where Python cannot propagate it (a weakref
            # callback, a __del__ run by the garbage collector) is swallowed, so it must fire again
            signal.setitimer(signal.ITIMER_REAL, 0.05)
        act.alarm()

    act._disarm = disarm
    _CURRENT.append(act)
    act.begin()
    stopped = True
    if alarm:
        # collect the garbage now: a weakref callback run by the collector during the command would
        # swallow the timeout exception (the alarm is re-armed for that case, see expire)
        gc.collect()
        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with line_prefix(f"{PROG} {act.command}: "):
            yield act
        stopped = False
    except CommandTimeout:
        act.timeout_landed()
        raise CommandTimeout(act.partial_message(seconds)) from None
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        act.end(stopped=stopped)
        _CURRENT.pop()
