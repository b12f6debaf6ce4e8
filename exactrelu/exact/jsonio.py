"""One JSON encoding for every result of exactrelu.

Exact numbers keep their exact value in a form any JSON reader accepts: an integer
(``int`` or a ``Fraction`` with denominator 1) stays a JSON integer, any other
``Fraction`` becomes the string ``"p/q"``.  Tuples and sets become lists (sets
sorted), dictionary keys become strings, and any object with a ``to_dict()``
method is encoded through it.  The CLI's ``--json`` output and every ``to_dict``
of the library use :func:`to_jsonable`, so the same number always looks the same.

>>> from fractions import Fraction
>>> to_jsonable({"value": Fraction(3), "w": (Fraction(1, 2), 2), (0, 1): {5}})
{'value': 3, 'w': ['1/2', 2], '(0, 1)': [5]}
"""

import json
import math
import numbers
from fractions import Fraction
from typing import Any

__all__ = ["dumps", "exact_number", "to_jsonable"]


def exact_number(x: Any) -> int | str:
    """An exact rational as JSON: ``int`` if integral, else the string ``"p/q"``.

    >>> exact_number(Fraction(6, 3)), exact_number(Fraction(-1, 3))
    (2, '-1/3')
    """
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _float(x: float) -> float | str:
    # JSON has no NaN or infinity: write them as strings rather than emit invalid JSON
    return x if math.isfinite(x) else str(x)


def to_jsonable(obj: Any) -> Any:
    """``obj`` with every exact number, tuple, set and result object made JSON-ready (see the module)."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, numbers.Integral) or hasattr(obj, "__index__"):  # int, numpy and flint integers
        return int(obj)
    if isinstance(obj, Fraction):
        return exact_number(obj)
    if isinstance(obj, float):
        return _float(obj)
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        return [to_jsonable(v) for v in sorted(obj)]
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "tolist"):  # numpy arrays and scalars
        return to_jsonable(obj.tolist())
    if hasattr(obj, "p") and hasattr(obj, "q"):  # flint fmpq
        return exact_number(Fraction(int(obj.p), int(obj.q)))
    if isinstance(obj, numbers.Real):  # numpy floating and other real types
        return _float(float(obj))
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON: {obj!r}")


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(to_jsonable(obj), **kwargs)``.

    >>> dumps({"x": Fraction(1, 3)})
    '{"x": "1/3"}'
    """
    return json.dumps(to_jsonable(obj), **kwargs)


def write_json(obj: Any, path: str, *, indent: int | None = 1) -> str:
    """Write ``obj`` as JSON (see :func:`to_jsonable`) to ``path``, with a final newline; return the text."""
    text = dumps(obj, indent=indent)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")
    return text
