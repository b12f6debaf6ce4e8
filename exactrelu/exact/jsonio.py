"""One JSON encoding for every result of exactrelu.

Exact numbers keep their exact value in a form any JSON reader accepts: an integer
(``int`` or a ``Fraction`` with denominator 1) stays a JSON integer, any other
``Fraction`` becomes the string ``"p/q"``.  Integers of any length are written
in full (Python's 4,300-digit int/str limit is lifted while encoding).  Tuples and sets become lists (sets
sorted), dictionary keys become strings, and any object with a ``to_dict()``
method is encoded through it.  The CLI's ``--json`` output and every ``to_dict``
of the library use :func:`to_jsonable`, so the same number always looks the same.

>>> from fractions import Fraction
>>> to_jsonable({"value": Fraction(3), "w": (Fraction(1, 2), 2), (0, 1): {5}})
{'value': 3, 'w': ['1/2', 2], '[0, 1]': [5]}
"""

import contextlib
import json
import math
import numbers
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import flint

__all__ = ["dumps", "exact_number", "long_int_text", "to_jsonable"]


@contextlib.contextmanager
def long_int_text() -> Iterator[None]:
    """Within the block, ints of any length convert to text (Python's 4,300-digit limit is lifted).

    Output only: exactrelu reads long numbers itself, under :mod:`exactrelu.exact.limits`.  The
    limit is process-wide, so it is restored on exit.

    >>> with long_int_text():
    ...     len(str(10**5000))
    5001
    """
    get = getattr(sys, "get_int_max_str_digits", None)
    old = get() if get is not None else 0
    if old:
        sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        if old:
            sys.set_int_max_str_digits(old)


def exact_number(x: Any) -> int | str:
    """An exact rational as JSON: ``int`` if integral, else the string ``"p/q"``.

    >>> exact_number(Fraction(6, 3)), exact_number(Fraction(-1, 3))
    (2, '-1/3')
    """
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _float(x: float) -> float | str:
    # JSON has no NaN or infinity: write them as strings rather than emit invalid JSON
    return float(x) if math.isfinite(x) else str(x)


def _key(k: Any) -> str:
    """A dictionary key as a JSON string: numbers and strings as written, tuples as JSON arrays."""
    if isinstance(k, str):
        return k
    value = to_jsonable(k)
    return value if isinstance(value, str) else json.dumps(value)


def to_jsonable(obj: Any) -> Any:
    """``obj`` with every exact number, tuple, set and result object made JSON-ready (see the module).

    Raises
    ------
    TypeError
        An object that has no JSON form (it would otherwise be written as its repr).
    """
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, (numbers.Integral, flint.fmpz)):  # int, numpy and flint integers
        return int(obj)
    if isinstance(obj, flint.fmpq):
        return exact_number(Fraction(int(obj.p), int(obj.q)))
    if isinstance(obj, numbers.Rational):  # Fraction, sympy Rational
        return exact_number(Fraction(int(obj.numerator), int(obj.denominator)))
    if isinstance(obj, float):
        return _float(obj)
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, dict):
        return {_key(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        items = [to_jsonable(v) for v in obj]
        try:
            return sorted(items)
        except TypeError:  # mixed types: any fixed order will do
            return sorted(items, key=json.dumps)
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "tolist"):  # numpy arrays and scalars
        return to_jsonable(obj.tolist())
    if isinstance(obj, numbers.Real):  # numpy floating and other real types
        return _float(float(obj))
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON: {obj!r}")


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(to_jsonable(obj), **kwargs)``.

    >>> dumps({"x": Fraction(1, 3)})
    '{"x": "1/3"}'
    """
    value = to_jsonable(obj)
    with long_int_text():
        return json.dumps(value, **kwargs)


def write_json(obj: Any, path: str, *, indent: int | None = 1) -> str:
    """Write ``obj`` as JSON (see :func:`to_jsonable`) to ``path``, with a final newline; return the text."""
    text = dumps(obj, indent=indent)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    return text


def pretty(obj: Any) -> str:
    """JSON text of ``obj`` (see :func:`to_jsonable`) indented by two spaces, lists of numbers on one line.

    >>> print(pretty({"W": [[1, Fraction(1, 2)]], "ok": True}))
    {
      "W": [
        [1, "1/2"]
      ],
      "ok": true
    }
    """
    value = to_jsonable(obj)
    with long_int_text():
        return _layout(value, 0)


def _layout(obj: Any, level: int) -> str:
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(obj, dict) and obj:
        items = [
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(v, level + 1)}" for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        return "[\n" + ",\n".join(inner + _layout(v, level + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)
