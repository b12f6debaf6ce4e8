"""Exact linear algebra over Z and Q (python-flint's fmpz_mat / fmpq_mat).

Small helpers used everywhere: rank, integer kernel bases, determinants and
linear dependencies.  Inputs are sequences of rows of ``int`` or ``Fraction``;
outputs are ``int``/``Fraction`` (never flint types), so callers stay in plain
Python numbers.
"""

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, overload

import flint

__all__ = [
    "dependency",
    "det",
    "dot",
    "from_flint",
    "independent_columns",
    "left_nullspace",
    "nullspace",
    "primitive",
    "primitive_vector",
    "rank",
    "to_fmpq",
]


def _is_integral(rows: Sequence[Sequence[Any]]) -> bool:
    return all(
        isinstance(v, int) or (isinstance(v, Fraction) and v.denominator == 1) for r in rows for v in r
    )


def _mat(rows: Iterable[Sequence[Any]], ncols: int | None = None) -> Any:
    rows = [list(r) for r in rows]
    ncols = len(rows[0]) if rows else (ncols or 0)
    if _is_integral(rows):
        return flint.fmpz_mat(len(rows), ncols, [int(v) for r in rows for v in r])
    return flint.fmpq_mat(
        len(rows),
        ncols,
        [flint.fmpq(Fraction(v).numerator, Fraction(v).denominator) for r in rows for v in r],
    )


def dot(u: Iterable[Any], v: Iterable[Any]) -> Any:
    """Exact dot product of two equal-length sequences (``0`` for empty ones).

    >>> dot((1, Fraction(1, 2)), (2, 4))
    Fraction(4, 1)
    """
    return sum((a * b for a, b in zip(u, v)), 0)


def to_fmpq(x: int | Fraction) -> Any:
    """An exact rational (int or Fraction) as a python-flint ``fmpq``."""
    if isinstance(x, int):
        return flint.fmpq(x)
    return flint.fmpq(x.numerator, x.denominator)


@overload
def from_flint(q: flint.fmpz) -> int: ...
@overload
def from_flint(q: flint.fmpq) -> Fraction: ...
def from_flint(q: Any) -> int | Fraction:
    """A python-flint ``fmpz`` or ``fmpq`` as an ``int`` or ``Fraction``."""
    if isinstance(q, flint.fmpz):
        return int(q)
    return Fraction(int(q.p), int(q.q))


def primitive(v: Sequence[int]) -> tuple[int, ...]:
    """Divide an integer vector by the gcd of its entries (zero vector unchanged)."""
    g = math.gcd(*v)
    return tuple(x // g for x in v) if g > 1 else tuple(v)


def rank(rows: Iterable[Sequence[Any]]) -> int:
    """Rank over Q of the matrix with the given rows (0 for no rows)."""
    rows = list(rows)
    if not rows:
        return 0
    return _mat(rows).rank()


def primitive_vector(row: Iterable[Any]) -> tuple[int, ...]:
    """Scale a rational vector by a positive number to a primitive integer vector.

    The zero vector maps to itself.  Positive scaling keeps every sign
    ``sign(<row, w>)``, so a hyperplane and its orientation are unchanged.

    >>> primitive_vector([Fraction(1, 2), Fraction(-3, 4), 0])
    (2, -3, 0)
    """
    row = [Fraction(v) for v in row]
    den = math.lcm(*(v.denominator for v in row)) if row else 1
    return primitive([int(v * den) for v in row])


def _to_int_vector(col: Sequence[Any]) -> tuple[int, ...]:
    """Primitive integer vector of a column of flint rationals/integers."""
    return primitive_vector([Fraction(int(x.p), int(x.q)) if hasattr(x, "q") else int(x) for x in col])


def nullspace(rows: Iterable[Sequence[Any]], ncols: int | None = None) -> list[tuple[int, ...]]:
    """Integer basis of the right kernel {x : M x = 0} of M (given by rows).

    Each basis vector is primitive.  ``ncols`` is needed when ``rows`` is empty
    (then the kernel is all of Q^ncols and the standard basis is returned).
    """
    rows = list(rows)
    if not rows:
        if ncols is None:
            raise ValueError("nullspace of a matrix with no rows needs ncols")
        return [tuple(int(i == j) for j in range(ncols)) for i in range(ncols)]
    # scaling each row to integers keeps the kernel and lets flint work over Z
    M = _mat(rows) if _is_integral(rows) else flint.fmpz_mat(len(rows), len(rows[0]), _clear_rows(rows))
    N, k = M.nullspace()
    return [_to_int_vector([N[i, j] for i in range(N.nrows())]) for j in range(k)]


def _clear_rows(rows: Sequence[Sequence[Any]]) -> list[int]:
    """Flattened rows, each scaled to a primitive integer vector (same kernel)."""
    return [x for r in rows for x in primitive_vector(r)]


def left_nullspace(rows: Iterable[Sequence[Any]]) -> list[tuple[int, ...]]:
    """Integer basis of {c : Σ_i c_i rows_i = 0}."""
    rows = list(rows)
    cols = list(zip(*rows))
    return nullspace(cols, ncols=len(rows))


def dependency(rows: Iterable[Sequence[Any]]) -> tuple[int, ...] | None:
    """A nonzero integer vector c with Σ c_i rows_i = 0, or ``None`` if the rows are independent."""
    basis = left_nullspace(rows)
    return basis[0] if basis else None


def independent_columns(rows: Sequence[Sequence[Any]], r: int) -> list[int]:
    """Indices of r columns (chosen greedily, left to right) of the matrix with these rows that have rank r.

    >>> independent_columns([(1, 2, 3), (2, 4, 5)], 2)
    [0, 2]
    """
    cols = list(zip(*rows))
    chosen: list[int] = []
    for j, col in enumerate(cols):
        if rank([cols[i] for i in chosen] + [col]) > len(chosen):
            chosen.append(j)
            if len(chosen) == r:
                break
    return chosen


def det(rows: Iterable[Sequence[Any]]) -> int | Fraction:
    """Exact determinant of a square matrix (``int`` if integral, else ``Fraction``)."""
    rows = list(rows)
    if not rows:
        return 1
    d = _mat(rows).det()
    if isinstance(d, flint.fmpz):
        return int(d)
    return Fraction(int(d.p), int(d.q))
