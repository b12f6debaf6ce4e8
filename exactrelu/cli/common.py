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
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any, TextIO

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import pretty
from exactrelu.exact.parse import exact_matrix, pattern_string, read_data, to_fraction
from exactrelu.exact.types import Exact, MatrixLike, NumberLike

__all__ = [
    "PROG",
    "Handler",
    "emit_json",
    "general_position",
    "labels_for",
    "load_data",
    "pattern_text",
    "polynomial_text",
    "print_network",
    "progress_enabled",
    "read_numbers",
    "read_table",
    "table",
    "units_and_v",
    "vector_text",
    "yes_no",
]

PROG = "exactrelu"

#: A command: reads the parsed arguments, writes to ``out``, returns the exit status.
Handler = Callable[[argparse.Namespace, TextIO], int]


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
    """Print ``payload`` as JSON, laid out by :func:`exactrelu.exact.jsonio.pretty`."""
    print(pretty(payload), file=out)


def print_network(net: Any, out: TextIO, indent: str = "  ") -> None:
    """One line per hidden unit of a ShallowReLU: its output weight v_j and its row (w, b)."""
    for j, (w, vj) in enumerate(zip(net.W, net.v)):
        print(f"{indent}unit {j}: v = {Fraction(vj)}, (w, b) = {vector_text(w)}", file=out)


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
    if args.progress is None:
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
