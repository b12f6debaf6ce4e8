"""Exact input: validation, conversion to rationals, homogenisation, primitive integer rows.

A dataset is a table of N points x_i in R^d.  For a ReLU unit with a bias the
parameter-space arrangement has normals x̄_i = (x_i, 1) (bias as the last
coordinate, as in Figure 1 of Matena & Raffel 2022, section 3).

Accepted numbers: ``int``, ``fractions.Fraction``, ``decimal.Decimal``, strings
such as ``"3"``, ``"-2/7"``, ``"0.125"``, ``"1e-12"`` (read exactly), sympy
``Integer``/``Rational``, numpy integers, and floats.

Floats mean what the user typed.  A binary float (Python, numpy or sympy) is read by
default as its *shortest round-trip decimal*, the decimal that Python's ``repr``
(numpy's ``format_float_scientific(unique=True)`` for other widths) writes for it: ``0.1``
becomes ``1/10``, as SageMath's ``QQ(0.1)`` does, so ``np.array([[0.1, 0.2]])`` and
``[["0.1", "0.2"]]`` are the same data.  ``float_mode="binary"`` reads the exact value of
the binary representation instead (``0.1`` becomes ``3602879701896397/36028797018963968``);
``strict=True`` refuses floats.  The mode in force is the ``float_mode=`` argument, else the
:func:`reading_floats` context, else the environment variable ``EXACTRELU_FLOAT_MODE``
(``decimal`` or ``binary``), else ``"decimal"``.  Text is always read as written: CSV cells,
JSON numbers (``0.1`` in a JSON file is 1/10 in both modes) and strings.  NaN and
infinities are always refused.

Numbers are written with ASCII digits; other Unicode digits (``"١"``, ``"５"``) and signs
(``"−"``) are refused with the character named, so that a file reads the same everywhere.

Every reader checks the input against :mod:`exactrelu.exact.limits` (bytes, points,
coordinates, digits per number, decimal exponents) before any work; long numbers are
converted without Python's 4,300-digit int/str limit.

Internally an arrangement only needs its normals up to positive scaling, so each
row is scaled to a primitive integer vector (lcm of denominators, then divide by
the gcd); sign evaluations then become integer dot products.
"""

import contextlib
import contextvars
import csv
import io
import json
import math
import numbers
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import InexactInputError, InvalidDataError
from exactrelu.exact.limits import InputLimits, check_input, current_input_limits
from exactrelu.exact.linalg import primitive_vector
from exactrelu.exact.types import MatrixLike, NumberLike, PatternLike, VectorLike

__all__ = [
    "FLOAT_MODES",
    "current_float_mode",
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
    "reading_floats",
    "to_fraction",
]

#: How a binary float is read: its shortest round-trip decimal, or its exact binary value.
FLOAT_MODES = ("decimal", "binary")

_FLOAT_MODE: contextvars.ContextVar[str | None] = contextvars.ContextVar("float_mode", default=None)


def _check_mode(mode: Any, where: str = "float_mode") -> str:
    if mode not in FLOAT_MODES:
        raise InvalidDataError(f"{where} must be 'decimal' or 'binary', got {mode!r}")
    return str(mode)


def current_float_mode(float_mode: str | None = None) -> str:
    """The float mode in force: ``float_mode`` if given, else :func:`reading_floats`, else the
    environment variable ``EXACTRELU_FLOAT_MODE``, else ``"decimal"``.

    >>> current_float_mode(), current_float_mode("binary")
    ('decimal', 'binary')
    """
    if float_mode is not None:
        return _check_mode(float_mode)
    mode = _FLOAT_MODE.get()
    if mode is not None:
        return mode
    env = os.environ.get("EXACTRELU_FLOAT_MODE", "").strip().lower()
    return _check_mode(env, "environment variable EXACTRELU_FLOAT_MODE") if env else "decimal"


@contextlib.contextmanager
def reading_floats(float_mode: str) -> Iterator[str]:
    """Within the ``with`` block, read floats in ``float_mode`` ('decimal' or 'binary') by default.

    For constructors that do not take ``float_mode=`` themselves:

    >>> with reading_floats("binary"):
    ...     to_fraction(0.5), to_fraction(0.1) == Fraction(0.1)
    (Fraction(1, 2), True)
    """
    token = _FLOAT_MODE.set(_check_mode(float_mode))
    try:
        yield float_mode
    finally:
        _FLOAT_MODE.reset(token)


# ----------------------------------------------------------------------------- reading numbers

_CHUNK = 512  # below the smallest int/str digit limit Python allows (640)


def _int_from_digits(digits: str) -> int:
    """ASCII digits to int without Python's int/str digit limit (divide and conquer)."""
    if len(digits) <= _CHUNK:
        return int(digits) if digits else 0
    half = len(digits) // 2
    return _int_from_digits(digits[:-half]) * 10**half + _int_from_digits(digits[-half:])


_LOG10_2 = 0.30102999566398120


def _check_int_digits(n: int, where: str, limits: InputLimits) -> None:
    bits = abs(n).bit_length()
    if bits * _LOG10_2 < limits.max_digits - 1:
        return
    if abs(n) >= 10**limits.max_digits:  # more than max_digits digits, told without printing n
        check_input("digits", f"more than {limits.max_digits:,}", where, limits)


_RATIONAL = re.compile(
    r"""\A(?P<sign>[-+]?)(?:
        (?P<num>[0-9]+(?:_[0-9]+)*)/(?P<den>[0-9]+(?:_[0-9]+)*)
      | (?=[0-9]|\.[0-9])(?P<int>[0-9]*(?:_[0-9]+)*)(?:\.(?P<frac>[0-9]*(?:_[0-9]+)*))?
        (?:[eE](?P<exp>[-+]?[0-9]+(?:_[0-9]+)*))?
    )\Z""",
    re.VERBOSE,
)

_NON_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _show(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 15] + f"... ({len(text):,} chars)"


def _read_text(value: str, where: str, limits: InputLimits) -> Fraction:
    text = value.strip()
    if not text.isascii():
        bad = next(c for c in text if not c.isascii())
        name = unicodedata.name(bad, f"U+{ord(bad):04X}")
        kind = "digit" if bad.isdigit() else "character"
        raise InvalidDataError(
            f"{where}: {_show(value)} contains the non-ASCII {kind} {bad!r} ({name}); "
            "write numbers with ASCII digits 0-9, '-', '.', '/' and 'e' (e.g. '-2/7', '1.5e-3')"
        )
    if text.lower() in _NON_FINITE:
        raise InvalidDataError(f"{where}: {value!r} is not a finite number")
    m = _RATIONAL.match(text)
    if m is None:
        raise InvalidDataError(
            f"{where}: cannot read {_show(value)} as an exact number "
            "(use forms like '3', '-2/7', '0.125', '1e-12')"
        )
    sign = -1 if m["sign"] == "-" else 1
    if m["num"] is not None:
        num, den = m["num"].replace("_", ""), m["den"].replace("_", "")
        check_input("digits", max(len(num.lstrip("0")), len(den.lstrip("0"))), where, limits)
        d = _int_from_digits(den)
        if d == 0:
            raise InvalidDataError(f"{where}: {_show(value)} divides by zero")
        return Fraction(sign * _int_from_digits(num), d)
    whole, frac = (m["int"] or "").replace("_", ""), (m["frac"] or "").replace("_", "")
    check_input("digits", len(whole.lstrip("0")) + len(frac), where, limits)
    exp_text = (m["exp"] or "0").replace("_", "").lstrip("+-").lstrip("0") or "0"
    if len(exp_text) > 30:  # not even converted
        check_input("exponent", f"of {len(exp_text):,} digits", where, limits)
    exp = int(exp_text) * (-1 if (m["exp"] or "").startswith("-") else 1)
    check_input("exponent", abs(exp), where, limits)
    significand = sign * _int_from_digits(whole + frac)
    shift = exp - len(frac)
    return Fraction(significand * 10**shift) if shift >= 0 else Fraction(significand, 10**-shift)


def _float_text(value: Any) -> str:
    """The shortest decimal that reads back as the same float (at the float's own precision)."""
    if isinstance(value, float):  # Python float and numpy float64
        return repr(float(value))
    if getattr(value, "is_Float", False):  # sympy Float: shortest decimal at its binary precision
        import mpmath.libmp as mp  # type: ignore[import-untyped]

        mpf, prec = value._mpf_, value._prec
        for n in range(1, int(prec * _LOG10_2) + 3):
            text = str(mp.to_str(mpf, n))
            if mp.from_str(text, prec, mp.round_nearest) == mpf:
                return text
        return str(mp.to_str(mpf, int(prec * _LOG10_2) + 3))
    import numpy as np

    return str(np.format_float_scientific(value, unique=True))


def _read_float(value: Any, strict: bool, mode: str, where: str, limits: InputLimits) -> Fraction:
    finite = bool(value.is_finite) if getattr(value, "is_Float", False) else math.isfinite(float(value))
    if not finite:
        raise InvalidDataError(f"{where}: {_show(value)} is not a finite number")
    text = _float_text(value)
    if strict:
        raise InexactInputError(
            f"{where}: the float {text} is not exact and strict=True refuses floats; pass it as the "
            f"string '{text}' or Fraction('{text}') (a numpy array: X.astype(str)), or drop strict=True "
            f"to read it as {text} (float_mode='decimal', the default) or as its exact binary value "
            "(float_mode='binary')"
        )
    if mode == "decimal":
        return _read_text(text, where, limits)
    if getattr(value, "is_Float", False):
        import sympy

        exact = sympy.Rational(value)  # the exact binary value, at sympy's precision
        return Fraction(int(exact.p), int(exact.q))
    ratio = getattr(value, "as_integer_ratio", None)
    return Fraction(*ratio()) if ratio else Fraction(float(value))


def _to_fraction(value: Any, strict: bool, mode: str, where: str, limits: InputLimits) -> Fraction:
    if isinstance(value, bool):
        raise InvalidDataError(f"{where}: booleans are not numbers here ({value!r})")
    if isinstance(value, Fraction):
        _check_int_digits(value.numerator, where, limits)
        _check_int_digits(value.denominator, where, limits)
        return value
    if isinstance(value, numbers.Integral):  # int, numpy integers, sympy Integer
        n = int(value)
        _check_int_digits(n, where, limits)
        return Fraction(n)
    if isinstance(value, float):
        return _read_float(value, strict, mode, where, limits)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidDataError(f"{where}: {value!r} is not a finite number")
        t = value.as_tuple()
        check_input("digits", len(t.digits), where, limits)
        check_input("exponent", abs(int(t.exponent)), where, limits)
        return Fraction(value)
    if isinstance(value, str):
        return _read_text(value, where, limits)
    if isinstance(value, complex) or (hasattr(value, "imag") and not isinstance(value, numbers.Real)):
        raise InvalidDataError(f"{where}: complex numbers are not allowed ({_show(value)})")
    # sympy Rational has integer attributes p and q; sympy Float is a binary float
    p, q = getattr(value, "p", None), getattr(value, "q", None)
    if isinstance(p, int) and isinstance(q, int) and getattr(value, "is_Rational", False):
        _check_int_digits(p, where, limits)
        _check_int_digits(q, where, limits)
        return Fraction(p, q)
    if getattr(value, "is_Float", False) or isinstance(value, numbers.Real):
        return _read_float(value, strict, mode, where, limits)  # numpy floating (incl. longdouble)
    if value is None:
        raise InvalidDataError(f"{where}: a missing value (None, JSON null) is not a number")
    if _is_sequence(value) or isinstance(value, (dict, set, frozenset)):
        raise InvalidDataError(
            f"{where}: {_show(value)} is a {type(value).__name__}, not a number: nested one level too deep? "
            "A table is a list of points, each a list of numbers, e.g. [[1, 2], [3, 4]]"
        )
    raise InvalidDataError(f"{where}: {_show(value)} of type {type(value).__name__} is not a real number")


def to_fraction(
    value: NumberLike, *, strict: bool = False, where: str = "value", float_mode: str | None = None
) -> Fraction:
    """Convert one number to an exact :class:`fractions.Fraction`.

    Parameters
    ----------
    value : int, Fraction, Decimal, str, float, numpy or sympy number
    strict : bool
        Refuse floats.
    where : str
        Position used in error messages (e.g. ``"row 3, column 1"``).
    float_mode : {'decimal', 'binary'}, optional
        How a float is read: its shortest round-trip decimal (``0.1`` ↦ 1/10), or the exact value
        of its binary representation.  Default: :func:`current_float_mode` (``'decimal'``).

    Raises
    ------
    InvalidDataError
        NaN, infinity, booleans, complex numbers, None, unparsable strings, non-ASCII digits.
    InexactInputError
        A float with ``strict=True``.
    InputLimitError
        A number with more digits, or a larger decimal exponent, than :mod:`exactrelu.exact.limits`
        allows.

    Examples
    --------
    >>> to_fraction("-2/6"), to_fraction("1e-3"), to_fraction(0.5), to_fraction(0.1)
    (Fraction(-1, 3), Fraction(1, 1000), Fraction(1, 2), Fraction(1, 10))
    >>> to_fraction(0.1, float_mode="binary")
    Fraction(3602879701896397, 36028797018963968)
    """
    return _to_fraction(value, strict, current_float_mode(float_mode), where, current_input_limits())


def exact_matrix(
    X: MatrixLike,
    *,
    strict: bool = False,
    dim: int | None = None,
    name: str = "data",
    float_mode: str | None = None,
) -> tuple[tuple[Fraction, ...], ...]:
    """Validate a table of numbers and return it as a tuple of rows of Fractions.

    Parameters
    ----------
    X : nested sequence or numpy array, shape (N, d)
        N >= 1 rows, all of the same length d >= 1.
    strict : bool
        Refuse floats (see :func:`to_fraction`).
    dim : int, optional
        Required row length.
    name : str
        What the table is, for error messages.
    float_mode : {'decimal', 'binary'}, optional
        How floats are read (see :func:`to_fraction`).

    Raises
    ------
    InvalidDataError
        Empty data, ragged rows, a 1-D or 3-D array, NaN/inf, wrong dimension, wrong nesting.
    InputLimitError
        More points, coordinates or digits than :mod:`exactrelu.exact.limits` allows (checked
        before any number is converted).

    >>> exact_matrix([[0.1, "1/3"]])
    ((Fraction(1, 10), Fraction(1, 3)),)
    """
    mode = current_float_mode(float_mode)
    limits = current_input_limits()
    if hasattr(X, "ndim") and hasattr(X, "tolist"):  # numpy array: check shape first
        if X.ndim != 2:
            raise InvalidDataError(
                f"{name} must be a 2-D table (N points x d coordinates); got an array "
                f"with {X.ndim} dimension(s) of shape {tuple(X.shape)}"
                + ("; for 1-D data use one point per row, e.g. X.reshape(-1, 1)" if X.ndim == 1 else "")
            )
        check_input("points", int(X.shape[0]), name, limits)
        check_input("dimension", int(X.shape[1]), name, limits)
        if X.dtype.kind == "c":
            raise InvalidDataError(f"{name}: complex numbers are not allowed")
        if X.dtype.kind == "b":
            raise InvalidDataError(f"{name}: a boolean array is not a table of numbers")
        X = X.tolist() if X.dtype.kind in "iu" else list(X)
    if not _is_row_sequence(X):
        raise InvalidDataError(f"{name} must be a 2-D table of numbers, got {type(X).__name__}")
    if len(X) == 0:
        raise InvalidDataError(f"{name} is empty: at least one point is needed")
    check_input("points", len(X), name, limits)
    rows = []
    width = None
    for i, row in enumerate(X):
        if not _is_row_sequence(row):
            raise InvalidDataError(
                f"{name}: row {i} is {_show(row)}, not a sequence of coordinates; "
                "for 1-D data write one point per row, e.g. [[1], [2], [3]]"
            )
        if width is None:
            width = len(row)
            if width == 0:
                raise InvalidDataError(f"{name}: rows have no coordinates")
            check_input("dimension", width, name, limits)
        elif len(row) != width:
            raise InvalidDataError(
                f"{name}: ragged rows: row 0 has {width} coordinates but row {i} has {len(row)}"
            )
        rows.append(
            tuple(
                _to_fraction(v, strict, mode, f"{name} row {i}, column {j}", limits)
                for j, v in enumerate(row)
            )
        )
    if dim is not None and width != dim:
        raise InvalidDataError(f"{name}: expected points of dimension {dim}, got dimension {width}")
    return tuple(rows)


def _is_sequence(value: Any) -> bool:
    """A list, tuple, array (or collection) of entries: not a string or a mapping."""
    return not isinstance(value, (str, bytes, bytearray, dict)) and hasattr(value, "__len__")


def _is_row_sequence(value: Any) -> bool:
    """A table or a row of one: a sequence as :func:`_is_sequence`, but not an unordered set."""
    return _is_sequence(value) and not isinstance(value, (set, frozenset))


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
    float_mode: str | None = None,
) -> Fraction:
    """One exact number, optionally required to be > 0 or >= 0.

    >>> exact_scalar("1/10", name="beta", positive=True)
    Fraction(1, 10)
    """
    x = to_fraction(value, strict=strict, where=name, float_mode=float_mode)
    if positive and x <= 0:
        raise InvalidDataError(f"{name} must be > 0, got {x}")
    if nonnegative and x < 0:
        raise InvalidDataError(f"{name} must be >= 0, got {x}")
    return x


def exact_vector(
    values: VectorLike,
    length: int | None = None,
    *,
    name: str = "vector",
    strict: bool = False,
    float_mode: str | None = None,
) -> tuple[Fraction, ...]:
    """A 1-D sequence (list, tuple or 1-D numpy array) of exact numbers, as a tuple of Fractions.

    Parameters
    ----------
    values : sequence of numbers
    length : int, optional
        Required number of entries.
    name : str
        What the vector is, for error messages (e.g. ``"labels y"``).
    strict, float_mode
        How floats are read (see :func:`to_fraction`).

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
    mode, limits = current_float_mode(float_mode), current_input_limits()
    return tuple(_to_fraction(x, strict, mode, f"{name}[{i}]", limits) for i, x in enumerate(values))


def exact_labels(
    y: VectorLike, n: int, *, name: str = "labels y", strict: bool = False, float_mode: str | None = None
) -> tuple[Fraction, ...]:
    """Labels, one exact number per data point (N = ``n``).

    >>> exact_labels([0, 1], 2)
    (Fraction(0, 1), Fraction(1, 1))
    """
    return exact_vector(
        y, n, name=f"{name} (one per data point, N = {n})", strict=strict, float_mode=float_mode
    )


def exact_points(
    X: MatrixLike,
    *,
    bias: bool = True,
    name: str = "data",
    strict: bool = False,
    dim: int | None = None,
    float_mode: str | None = None,
) -> tuple[tuple[Fraction, ...], ...]:
    """The data as exact rows, homogenised to x̄ = (x, 1) when ``bias`` (see :func:`exact_matrix`).

    >>> exact_points([[1, 2]], bias=True)
    ((Fraction(1, 1), Fraction(2, 1), Fraction(1, 1)),)
    """
    rows = exact_matrix(X, strict=strict, dim=dim, name=name, float_mode=float_mode)
    return homogenise(rows) if bias else rows


def exact_points_1d(
    x: VectorLike | MatrixLike, *, name: str = "1-D data", strict: bool = False, float_mode: str | None = None
) -> tuple[Fraction, ...]:
    """1-D data as a tuple of Fractions; accepts ``[x1, x2, ...]`` or ``[[x1], [x2], ...]``.

    >>> exact_points_1d([3, "1/2"]) == exact_points_1d([[3], ["1/2"]])
    True
    """
    if hasattr(x, "ndim") and x.ndim == 1:
        x = x.reshape(-1, 1)
    elif _is_sequence(x) and len(x) and all(not _is_sequence(r) for r in x):
        x = [[v] for v in x]
    return tuple(r[0] for r in exact_matrix(x, strict=strict, dim=1, name=name, float_mode=float_mode))


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


def _json_int(text: str) -> int | str:
    # long integers stay text: to_fraction checks their digits before converting them
    return int(text) if len(text) <= _CHUNK else text


def _json_constant(name: str) -> Any:
    def refuse(constant: str) -> Any:
        raise InvalidDataError(f"{name} contains {constant}: not a finite number")

    return refuse


def parse_data_text(text: str, fmt: str, *, name: str = "data") -> Any:
    """Parse a table given as text in ``fmt`` 'csv' or 'json'.

    CSV: one point per line, comma/semicolon/whitespace separated, '#' comments;
    numbers are read exactly ('1/3', '0.1').  Quoted cells are read as the csv module
    reads them: ``"1","2/3"`` is a row of numbers, ``"x","y"`` a header.  A first row
    whose cells are all names (each starts with a letter or '_', as ``x1,x2,y``) is a
    header and is skipped; any other cell that is not a number is refused with its line
    and column.

    A pandas ``df.to_csv()`` file (with its index) is read as pandas would: when the
    header's first cell is empty (``,x,y``, or ``,0,1`` for unnamed columns) the first
    column is the index and is dropped; its cells must be integers (otherwise the file
    is refused, naming the line).  A header made only of numbers, as
    ``pd.DataFrame(a).to_csv(index=False)`` writes (``0,1``), cannot be told from a data
    row and is read as the first point: write such files with ``header=False``, or
    name the columns.
    JSON: a list of rows, or an object with key ``"X"`` (or ``"points"``, ``"data"``);
    a JSON number is kept as its text and read exactly as written (``0.1`` is 1/10
    whatever the float mode, ``1e1000000000`` is refused by the exponent limit without
    being built).  NaN and Infinity are refused.  The numbers of points and of
    coordinates are checked against
    :mod:`exactrelu.exact.limits` while parsing.

    >>> parse_data_text('[[0.1, 2]]', "json"), parse_data_text("x, y\\n1, 2/3", "csv")
    ([['0.1', 2]], [['1', '2/3']])
    """
    limits = current_input_limits()
    if "\x00" in text:
        raise InvalidDataError(
            f"{name} contains NUL bytes: it is not a CSV or JSON text (save binary arrays as .npy)"
        )
    if fmt == "json":
        try:
            obj = json.loads(text, parse_float=str, parse_int=_json_int, parse_constant=_json_constant(name))
        except json.JSONDecodeError as exc:
            raise InvalidDataError(f"cannot parse {name} as JSON: {exc}") from None
        except RecursionError:
            raise InvalidDataError(f"cannot parse {name} as JSON: nested too deeply") from None
        if isinstance(obj, dict):
            for key in ("X", "points", "data"):
                if key in obj:
                    return obj[key]
            raise InvalidDataError(f'{name}: a JSON object must have a key "X", "points" or "data"')
        return obj
    rows: list[list[str]] = []
    header_seen = False
    index_column = False  # pandas' df.to_csv(): a header ",x,y" and an index first column
    for number, line in enumerate(io.StringIO(text), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cells = _csv_cells(line)
        check_input("dimension", len(cells), f"{name} line {number}", limits)
        if not rows and not header_seen:
            empty_first = _first_cell_is_empty(line)
            if cells and all(_is_header_cell(c) for c in cells):
                header_seen, index_column = True, empty_first
                continue  # a header row such as "x1,x2,y" (or pandas' ",x1,x2,y")
            if empty_first and all(_INDEX.match(c) for c in cells):
                header_seen = index_column = True
                continue  # pandas' header ",0,1" of unnamed columns, above an index column
        if index_column:
            if _INDEX.match(cells[0]) is None:
                raise InvalidDataError(
                    f"{name} line {number}, column 1: the header's first cell is empty, as pandas writes "
                    f"above an index column, but {cells[0][:40]!r} is no integer index; "
                    "write the file with df.to_csv(index=False), or name the first column"
                )
            cells = cells[1:]
        for column, cell in enumerate(cells, start=1 + index_column):
            if _RATIONAL.match(cell) is None:  # raises, naming the line and column of the file
                _read_text(cell, f"{name} line {number}, column {column}", limits)
        rows.append(cells)
        check_input("points", len(rows), name, limits)
    return rows


_INDEX = re.compile(r"\A[+-]?[0-9]+\Z")


def _csv_cells(line: str) -> list[str]:
    """The cells of one CSV line; quoted cells (``"1","x y"``) are unquoted, as the csv module reads them."""
    if '"' not in line and "'" not in line:
        return line.replace(";", ",").replace(",", " ").split()
    if "," in line or ";" in line:
        fields = next(csv.reader([line.replace(";", ",")], skipinitialspace=True))
    else:
        fields = next(csv.reader([line], delimiter=" ", skipinitialspace=True))
    cells = []
    for field in fields:
        cell = field.strip()
        if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "\"'":
            cell = cell[1:-1].strip()  # 'x' (single quotes, which the csv module keeps)
        if cell:
            cells.append(cell)
    return cells


def _first_cell_is_empty(line: str) -> bool:
    """A comma/semicolon line whose first cell is empty (``,x,y``, ``"",x,y``): pandas' index header."""
    if "," not in line and ";" not in line:
        return False
    return line.replace(";", ",").split(",", 1)[0].strip().strip("\"'") == ""


_NOT_HEADER = _NON_FINITE | {"true", "false"}


def _is_header_cell(cell: str) -> bool:
    """A column name: it starts with a letter, '_' or a quote and is no number, NaN, infinity or boolean."""
    first = cell[0]
    return (
        (first.isalpha() or first in "_\"'")
        and cell.lower().strip("\"'") not in _NOT_HEADER
        and _RATIONAL.match(cell) is None
    )


def _read_bytes(fh: Any, name: str, limits: InputLimits) -> bytes:
    """At most ``max_bytes`` bytes of ``fh``; one byte more is refused (``/dev/zero``, endless pipes)."""
    data = fh.read(limits.max_bytes + 1)
    if isinstance(data, str):  # a text stream without a binary buffer (e.g. io.StringIO)
        data = data.encode("utf-8")
    if len(data) > limits.max_bytes:
        check_input("bytes", len(data), name, limits)
    return bytes(data)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some spreadsheets write, is skipped
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            f"{name} is not UTF-8 text: byte {data[exc.start]:#04x} at offset {exc.start} "
            "(save it as UTF-8, or as .npy for binary arrays)"
        ) from None


def _load_npy(data: bytes, name: str, limits: InputLimits) -> Any:
    import numpy as np

    buf = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(buf)
        read_header = (
            np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        )
        shape, _, dtype = read_header(buf)  # the header only: no data is allocated yet
    except (ValueError, OSError, SyntaxError, TypeError) as exc:
        raise InvalidDataError(f"cannot read {name} as a numpy array: {exc}") from None
    if len(shape) >= 1:
        check_input("points", int(shape[0]), name, limits)
    if len(shape) >= 2:
        check_input("dimension", int(shape[1]), name, limits)
    count = math.prod(int(k) for k in shape)
    if dtype.hasobject or count * dtype.itemsize > len(data):
        problem = "holds Python objects" if dtype.hasobject else "is truncated"
        raise InvalidDataError(f"cannot read {name} as a numpy array: it {problem}")
    try:
        return np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise InvalidDataError(f"cannot read {name} as a numpy array: {exc}") from None


def read_data(source: str) -> Any:
    """Read a data table from a file path (``.csv``, ``.txt``, ``.json``, ``.npy``) or ``'-'`` (stdin).

    Returns a nested list (or numpy array for ``.npy``) suitable for :func:`exact_matrix`.
    The format of stdin is guessed: JSON if it starts with '[' or '{', else CSV.  At most
    ``max_bytes`` (:mod:`exactrelu.exact.limits`) are read: a larger file, a device such as
    ``/dev/zero`` or an endless pipe is refused at once.  Text must be UTF-8.

    Raises
    ------
    InvalidDataError
        A missing or unreadable file, text that is not UTF-8 or not CSV/JSON, a damaged ``.npy``.
    InputLimitError
        Too many bytes, points or coordinates.
    """
    limits = current_input_limits()
    if source == "-":
        name = "standard input"
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        text = _decode(_read_bytes(stream, name, limits), name)
        return parse_data_text(text, "json" if text.lstrip()[:1] in ("[", "{") else "csv", name=name)
    name = f"data file {source!r}"
    if not os.path.exists(source):
        raise InvalidDataError(f"data file {source!r} does not exist")
    try:
        with open(source, "rb") as fh:
            data = _read_bytes(fh, name, limits)
    except OSError as exc:
        raise InvalidDataError(f"cannot read {name}: {exc.strerror or exc}") from None
    ext = os.path.splitext(source)[1].lower()
    if ext == ".npy":
        return _load_npy(data, name, limits)
    return parse_data_text(_decode(data, name), "json" if ext == ".json" else "csv", name=name)
