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

# What the user may pass: validated at run time by exactrelu.exact.parse, so for a type checker
# they are Any; the names document what a parameter expects.
NumberLike: TypeAlias = (
    Any  # int, Fraction, Decimal, exact string ("-2/7", "1e-12"), float, numpy/sympy number
)
VectorLike: TypeAlias = Any  # a sequence of NumberLike or a 1-D numpy array
MatrixLike: TypeAlias = Any  # a table: a sequence of rows of NumberLike or a 2-D numpy array
PatternLike: TypeAlias = Sequence[int] | str  # (1, 0, 1) or "101"

# What exactrelu returns.
Exact: TypeAlias = int | Fraction
Pattern: TypeAlias = tuple[int, ...]
SignVector: TypeAlias = tuple[int, ...]
