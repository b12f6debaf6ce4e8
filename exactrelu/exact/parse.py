"""Exact input: validation, conversion to rationals, homogenisation, primitive integer rows.

A dataset is a table of N points x_i in R^d.  For a ReLU unit with a bias the
parameter-space arrangement has normals x̄_i = (x_i, 1) (bias as the last
coordinate, as in Figure 1 of Matena & Raffel 2022, section 3).

Accepted numbers: ``int``, ``fractions.Fraction``, ``decimal.Decimal``, strings
such as ``"3"``, ``"-2/7"``, ``"0.125"``, ``"1e-12"`` (read exactly), sympy
``Integer``/``Rational``, numpy integers.  A binary float (Python or numpy) is
converted to the *exact* rational value of its binary representation, so
``0.1`` becomes ``3602879701896397/36028797018963968``; pass ``strict=True`` to
refuse floats instead.  NaN and infinities are always refused.

Internally an arrangement only needs its normals up to positive scaling, so each
row is scaled to a primitive integer vector (lcm of denominators, then divide by
the gcd); sign evaluations then become integer dot products.
"""

import io
import json
import math
import numbers
import os
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import InexactInputError, InvalidDataError
from exactrelu.exact.linalg import primitive_vector
from exactrelu.exact.types import MatrixLike, NumberLike, PatternLike, VectorLike

_MAX_EXPONENT = 100_000  # "1e1000000000" would take minutes and gigabytes to expand

__all__ = [
    "exact_integer",
    "exact_labels",
    "exact_matrix",
    "exact_points",
    "exact_points_1d",
    "exact_scalar",
    "exact_vector",
    "homogenise",
    "parse_data_text",
    "pattern_rows",
    "pattern_string",
    "pattern_tuple",
    "primitive_rows",
    "primitive_vector",
    "read_data",
    "to_fraction",
]


def _float_to_fraction(x: float, strict: bool, where: str) -> Fraction:
    if strict:
        raise InexactInputError(
            f"{where}: float {x!r} is not exact; pass it as a string such as "
            f"'{x!r}' or a Fraction, or call with strict=False to use its exact binary value"
        )
    if not math.isfinite(x):
        raise InvalidDataError(f"{where}: {x!r} is not a finite number")
    return Fraction(x)


def to_fraction(value: NumberLike, *, strict: bool = False, where: str = "value") -> Fraction:
    """Convert one number to an exact :class:`fractions.Fraction`.

    Parameters
    ----------
    value : int, Fraction, Decimal, str, float, numpy or sympy number
    strict : bool
        Refuse binary floats instead of converting their exact value.
    where : str
        Position used in error messages (e.g. ``"row 3, column 1"``).

    Raises
    ------
    InvalidDataError
        NaN, infinity, booleans, complex numbers or unparsable strings.
    InexactInputError
        A float with ``strict=True``.

    Examples
    --------
    >>> to_fraction("-2/6"), to_fraction("1e-3"), to_fraction(0.5)
    (Fraction(-1, 3), Fraction(1, 1000), Fraction(1, 2))
    """
    if isinstance(value, bool):
        raise InvalidDataError(f"{where}: booleans are not numbers here ({value!r})")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):  # int, numpy integers, sympy Integer
        return Fraction(int(value))
    if isinstance(value, float):
        return _float_to_fraction(value, strict, where)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidDataError(f"{where}: {value!r} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        exponent = text.lower().partition("e")[2].lstrip("+-")
        if exponent.isdigit() and int(exponent) > _MAX_EXPONENT:
            raise InvalidDataError(f"{where}: exponent of {value!r} is beyond ±{_MAX_EXPONENT}")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise InvalidDataError(
                f"{where}: cannot read {value!r} as an exact number "
                "(use forms like '3', '-2/7', '0.125', '1e-12')"
            ) from None
    # sympy Rational has integer attributes p and q; sympy Float is a binary float
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if isinstance(p, int) and isinstance(q, int) and getattr(value, "is_Rational", False):
        return Fraction(p, q)
    if getattr(value, "is_Float", False):
        if strict or not value.is_finite:
            return _float_to_fraction(float(value), strict, where)
        import sympy

        exact = sympy.Rational(value)  # the exact binary value, at sympy's precision
        return Fraction(int(exact.p), int(exact.q))
    if isinstance(value, numbers.Real):  # numpy floating (incl. longdouble) and friends
        if strict or not math.isfinite(value):
            return _float_to_fraction(float(value), strict, where)
        ratio = getattr(value, "as_integer_ratio", None)
        return Fraction(*ratio()) if ratio else _float_to_fraction(float(value), strict, where)
    raise InvalidDataError(f"{where}: {value!r} of type {type(value).__name__} is not a real number")


def exact_matrix(
    X: MatrixLike, *, strict: bool = False, dim: int | None = None, name: str = "data"
) -> tuple[tuple[Fraction, ...], ...]:
    """Validate a table of numbers and return it as a tuple of rows of Fractions.

    Parameters
    ----------
    X : nested sequence or numpy array, shape (N, d)
        N >= 1 rows, all of the same length d >= 1.
    strict : bool
        Refuse binary floats (see :func:`to_fraction`).
    dim : int, optional
        Required row length.
    name : str
        What the table is, for error messages.

    Raises
    ------
    InvalidDataError
        Empty data, ragged rows, a 1-D or 3-D array, NaN/inf, wrong dimension.
    """
    if hasattr(X, "ndim") and hasattr(X, "tolist"):  # numpy array: check shape first
        if X.ndim != 2:
            raise InvalidDataError(
                f"{name} must be a 2-D table (N points x d coordinates); got an array "
                f"with {X.ndim} dimension(s) of shape {tuple(X.shape)}"
                + ("; for 1-D data use one point per row, e.g. X.reshape(-1, 1)" if X.ndim == 1 else "")
            )
        if X.dtype.kind == "c":
            raise InvalidDataError(f"{name}: complex numbers are not allowed")
        X = X.tolist() if X.dtype.kind in "iub" else list(X)
    if isinstance(X, (str, bytes)) or not hasattr(X, "__len__"):
        raise InvalidDataError(f"{name} must be a 2-D table of numbers, got {type(X).__name__}")
    if len(X) == 0:
        raise InvalidDataError(f"{name} is empty: at least one point is needed")
    rows = []
    width = None
    for i, row in enumerate(X):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
            raise InvalidDataError(
                f"{name}: row {i} is {row!r}, not a sequence of coordinates; "
                "for 1-D data write one point per row, e.g. [[1], [2], [3]]"
            )
        if width is None:
            width = len(row)
            if width == 0:
                raise InvalidDataError(f"{name}: rows have no coordinates")
        elif len(row) != width:
            raise InvalidDataError(
                f"{name}: ragged rows: row 0 has {width} coordinates but row {i} has {len(row)}"
            )
        rows.append(
            tuple(
                to_fraction(v, strict=strict, where=f"{name} row {i}, column {j}") for j, v in enumerate(row)
            )
        )
    if dim is not None and width != dim:
        raise InvalidDataError(f"{name}: expected points of dimension {dim}, got dimension {width}")
    return tuple(rows)


def _is_sequence(value: Any) -> bool:
    return not isinstance(value, (str, bytes, dict)) and hasattr(value, "__len__")


def exact_integer(value: Any, *, name: str, minimum: int | None = 0) -> int:
    """A count or size given by the user: an integer (not a bool) that is at least ``minimum``.

    >>> exact_integer(3, name="units", minimum=1)
    3
    >>> exact_integer(0, name="units", minimum=1)
    Traceback (most recent call last):
    ...
    exactrelu.exact.errors.InvalidDataError: units must be a positive integer, got 0
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or (minimum is not None and value < minimum)
    ):
        what = {None: "an integer", 0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer >= {minimum}"
        )
        raise InvalidDataError(f"{name} must be {what}, got {value!r}")
    return int(value)


def exact_scalar(
    value: NumberLike,
    *,
    name: str = "value",
    positive: bool = False,
    nonnegative: bool = False,
    strict: bool = False,
) -> Fraction:
    """One exact number, optionally required to be > 0 or >= 0.

    >>> exact_scalar("1/10", name="beta", positive=True)
    Fraction(1, 10)
    """
    x = to_fraction(value, strict=strict, where=name)
    if positive and x <= 0:
        raise InvalidDataError(f"{name} must be > 0, got {x}")
    if nonnegative and x < 0:
        raise InvalidDataError(f"{name} must be >= 0, got {x}")
    return x


def exact_vector(
    values: VectorLike, length: int | None = None, *, name: str = "vector", strict: bool = False
) -> tuple[Fraction, ...]:
    """A 1-D sequence (list, tuple or 1-D numpy array) of exact numbers, as a tuple of Fractions.

    Parameters
    ----------
    values : sequence of numbers
    length : int, optional
        Required number of entries.
    name : str
        What the vector is, for error messages (e.g. ``"labels y"``).

    Raises
    ------
    InvalidDataError
        A string, scalar or array of another shape; the wrong length; an entry
        that is not an exact number (see :func:`to_fraction`).

    >>> exact_vector([1, "2/3", 0.5], 3, name="y")
    (Fraction(1, 1), Fraction(2, 3), Fraction(1, 2))
    """
    if hasattr(values, "ndim") and hasattr(values, "tolist"):
        if values.ndim != 1:
            raise InvalidDataError(f"{name} must be 1-D, got an array of shape {tuple(values.shape)}")
        values = values.tolist()
    if not _is_sequence(values):
        raise InvalidDataError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    if length is not None and len(values) != length:
        raise InvalidDataError(f"{name} has {len(values)} entries but {length} are needed")
    return tuple(to_fraction(x, strict=strict, where=f"{name}[{i}]") for i, x in enumerate(values))


def exact_labels(
    y: VectorLike, n: int, *, name: str = "labels y", strict: bool = False
) -> tuple[Fraction, ...]:
    """Labels, one exact number per data point (N = ``n``).

    >>> exact_labels([0, 1], 2)
    (Fraction(0, 1), Fraction(1, 1))
    """
    return exact_vector(y, n, name=f"{name} (one per data point, N = {n})", strict=strict)


def exact_points(
    X: MatrixLike, *, bias: bool = True, name: str = "data", strict: bool = False, dim: int | None = None
) -> tuple[tuple[Fraction, ...], ...]:
    """The data as exact rows, homogenised to x̄ = (x, 1) when ``bias`` (see :func:`exact_matrix`).

    >>> exact_points([[1, 2]], bias=True)
    ((Fraction(1, 1), Fraction(2, 1), Fraction(1, 1)),)
    """
    rows = exact_matrix(X, strict=strict, dim=dim, name=name)
    return homogenise(rows) if bias else rows


def exact_points_1d(
    x: VectorLike | MatrixLike, *, name: str = "1-D data", strict: bool = False
) -> tuple[Fraction, ...]:
    """1-D data as a tuple of Fractions; accepts ``[x1, x2, ...]`` or ``[[x1], [x2], ...]``.

    >>> exact_points_1d([3, "1/2"]) == exact_points_1d([[3], ["1/2"]])
    True
    """
    if hasattr(x, "ndim") and x.ndim == 1:
        x = x.reshape(-1, 1)
    elif _is_sequence(x) and len(x) and all(not _is_sequence(r) for r in x):
        x = [[v] for v in x]
    return tuple(r[0] for r in exact_matrix(x, strict=strict, dim=1, name=name))


_PATTERN_CHARS = {"0": 0, "1": 1}
_SIGN_CHARS = {"0": 0, "1": 1, "+": 1, "-": -1}


def pattern_tuple(
    pattern: PatternLike, n: int | None = None, *, name: str = "pattern", signs: bool = False
) -> tuple[int, ...]:
    """An activation pattern as a tuple over {0, 1}, from a 0/1 sequence or a bit string such as ``"1010"``.

    Booleans count as 0/1, so a numpy mask such as ``X @ w > 0`` is a pattern.

    With ``signs=True`` a sign vector over {-1, 0, 1} is read instead (strings use ``+``, ``0``, ``-``;
    ``1`` also means ``+``).

    >>> pattern_tuple("1010"), pattern_tuple((1, 0)), pattern_tuple("+0-", signs=True)
    ((1, 0, 1, 0), (1, 0), (1, 0, -1))
    """
    allowed = (-1, 0, 1) if signs else (0, 1)
    what = "+/0/- signs" if signs else "0/1 entries"
    if isinstance(pattern, str):
        table = _SIGN_CHARS if signs else _PATTERN_CHARS
        bad = sorted(set(pattern) - set(table))
        if bad or not pattern:
            raise InvalidDataError(f"{name} {pattern!r} must be a non-empty string of {what}")
        values = tuple(table[c] for c in pattern)
    else:
        if hasattr(pattern, "tolist"):
            pattern = pattern.tolist()
        if not _is_sequence(pattern):
            raise InvalidDataError(f"{name} must be a sequence of {what} or a string, got {pattern!r}")
        # a boolean mask such as ``X @ w > 0`` is an activation pattern; a sign vector must be explicit
        if any(
            (signs and isinstance(a, bool)) or not isinstance(a, numbers.Integral) or a not in allowed
            for a in pattern
        ):
            raise InvalidDataError(f"{name} must contain only {what}, got {tuple(pattern)!r}")
        values = tuple(int(a) for a in pattern)
    if n is not None and len(values) != n:
        raise InvalidDataError(f"{name} has length {len(values)} but there are {n} data points")
    return values


def pattern_rows(
    patterns: PatternLike | Sequence[PatternLike],
    n: int | None = None,
    *,
    name: str = "patterns",
    units: int | None = None,
) -> tuple[tuple[int, ...], ...]:
    """Patterns of m units as a tuple of 0/1 tuples (one per unit).

    Accepts a sequence of patterns, a single flat 0/1 sequence (one unit), or a string of
    bit strings separated by commas (``"1010,0110"``).

    >>> pattern_rows("10,01"), pattern_rows((1, 0))
    (((1, 0), (0, 1)), ((1, 0),))
    """
    items: Any = patterns
    if isinstance(items, str):
        items = [p.strip() for p in items.split(",") if p.strip()]
    elif hasattr(items, "tolist"):
        items = items.tolist()
    if not _is_sequence(items) or len(items) == 0:
        raise InvalidDataError(
            f"{name} must be a non-empty 0/1 sequence or a sequence of them (one per unit)"
        )
    if all(isinstance(a, numbers.Integral) for a in items):
        items = [items]
    rows = tuple(pattern_tuple(p, n, name=f"{name}: pattern of unit {j}") for j, p in enumerate(items))
    if units is not None and len(rows) != units:
        raise InvalidDataError(f"{name}: {len(rows)} pattern(s) given for {units} unit(s); give one per unit")
    return rows


def pattern_string(pattern: Sequence[int], *, signs: bool = False) -> str:
    """``(1, 0, 1)`` ↦ ``'101'``; with ``signs=True`` a sign vector ``(1, 0, -1)`` ↦ ``'+0-'``.

    >>> pattern_string((1, 0, 1)), pattern_string((1, 0, -1), signs=True)
    ('101', '+0-')
    """
    if signs:
        return "".join("+" if a > 0 else "-" if a < 0 else "0" for a in pattern)
    return "".join("1" if a else "0" for a in pattern)


def homogenise(rows: Iterable[Sequence[Fraction]]) -> tuple[tuple[Fraction, ...], ...]:
    """Append the bias coordinate 1 to every row: x ↦ x̄ = (x, 1)."""
    one = Fraction(1)
    return tuple(tuple(r) + (one,) for r in rows)


def primitive_rows(rows: Iterable[Sequence[Any]]) -> tuple[tuple[int, ...], ...]:
    """:func:`primitive_vector` applied to every row."""
    return tuple(primitive_vector(r) for r in rows)


def parse_data_text(text: str, fmt: str) -> Any:
    """Parse a table given as text in ``fmt`` 'csv' or 'json'.

    CSV: one point per line, comma/semicolon/whitespace separated, '#' comments;
    numbers are read exactly ('1/3', '0.1').  JSON: a list of rows, or an object
    with key ``"X"`` (or ``"points"``, ``"data"``); JSON numbers with a decimal
    point are read from their decimal text, exactly.
    """
    if fmt == "json":
        try:
            obj = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InvalidDataError(f"cannot parse JSON data: {exc}") from None
        if isinstance(obj, dict):
            for key in ("X", "points", "data"):
                if key in obj:
                    return obj[key]
            raise InvalidDataError('JSON object must have a key "X", "points" or "data"')
        return obj
    rows = []
    for line in io.StringIO(text):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        rows.append(line.replace(";", ",").replace(",", " ").split())
    return rows


def read_data(source: str) -> Any:
    """Read a data table from a file path (``.csv``, ``.txt``, ``.json``, ``.npy``) or ``'-'`` (stdin).

    Returns a nested list (or numpy array for ``.npy``) suitable for :func:`exact_matrix`.
    The format of stdin is guessed: JSON if it starts with '[' or '{', else CSV.
    """
    if source == "-":
        text = sys.stdin.read()
        return parse_data_text(text, "json" if text.lstrip()[:1] in "[{" else "csv")
    if not os.path.exists(source):
        raise InvalidDataError(f"data file {source!r} does not exist")
    ext = os.path.splitext(source)[1].lower()
    if ext == ".npy":
        import numpy as np

        try:
            return np.load(source, allow_pickle=False)
        except ValueError as exc:
            raise InvalidDataError(f"cannot read {source!r} as a numpy array: {exc}") from None
    with open(source, encoding="utf-8") as fh:
        text = fh.read()
    return parse_data_text(text, "json" if ext == ".json" else "csv")
