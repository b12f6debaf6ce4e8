"""Type aliases shared by the public API (for annotations only).

Inputs are accepted in many forms (ints, Fractions, exact strings, floats read as
typed, numpy arrays); outputs are always exact Python numbers.

* :data:`NumberLike` — one input number (see :func:`exactrelu.exact.parse.to_fraction`);
* :data:`VectorLike`, :data:`MatrixLike` — a sequence of numbers, a table of them (or numpy arrays);
* :data:`Exact` — an exact output number, ``int`` or ``Fraction``;
* :data:`Pattern` — an activation pattern over {0, 1}; :data:`SignVector` — a sign vector over {-1, 0, 1};
* :data:`PatternLike` — a pattern as a 0/1 sequence or a bit string such as ``"1010"``.
"""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

__all__ = [
    "Exact",
    "MatrixLike",
    "NumberLike",
    "Pattern",
    "PatternLike",
    "SignVector",
    "VectorLike",
]

NumberLike: TypeAlias = int | Fraction | Decimal | str | float | Any
VectorLike: TypeAlias = Sequence[NumberLike] | Any  # Any: numpy arrays
MatrixLike: TypeAlias = Sequence[Sequence[NumberLike]] | Any  # Any: numpy arrays
Exact: TypeAlias = int | Fraction
Pattern: TypeAlias = tuple[int, ...]
SignVector: TypeAlias = tuple[int, ...]
PatternLike: TypeAlias = Sequence[int] | str
