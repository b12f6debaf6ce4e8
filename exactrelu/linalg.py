"""Exact linear algebra over Z and Q (python-flint's fmpz_mat / fmpq_mat).

Small helpers used everywhere: rank, integer kernel bases, determinants and
linear dependencies.  Inputs are sequences of rows of ``int`` or ``Fraction``;
outputs are ``int``/``Fraction`` (never flint types), so callers stay in plain
Python numbers.
"""

import math
from fractions import Fraction

import flint

__all__ = ["rank", "nullspace", "left_nullspace", "det", "dependency", "primitive", "dot"]


def _is_integral(rows):
    return all(isinstance(v, int) or (isinstance(v, Fraction) and v.denominator == 1) for r in rows for v in r)


def _mat(rows, ncols=None):
    rows = [list(r) for r in rows]
    ncols = len(rows[0]) if rows else (ncols or 0)
    if _is_integral(rows):
        return flint.fmpz_mat(len(rows), ncols, [int(v) for r in rows for v in r])
    return flint.fmpq_mat(len(rows), ncols, [flint.fmpq(Fraction(v).numerator, Fraction(v).denominator)
                                              for r in rows for v in r])


def dot(u, v):
    """Exact dot product of two equal-length sequences."""
    return sum(a * b for a, b in zip(u, v))


def primitive(v):
    """Divide an integer vector by the gcd of its entries (zero vector unchanged)."""
    g = math.gcd(*v)
    return tuple(x // g for x in v) if g > 1 else tuple(v)


def rank(rows, ncols=None):
    """Rank over Q of the matrix with the given rows (0 for no rows)."""
    rows = list(rows)
    if not rows:
        return 0
    return _mat(rows).rank()


def _to_int_vector(col):
    """Scale a rational vector to a primitive integer vector (positive factor)."""
    fr = [Fraction(int(x.p), int(x.q)) if hasattr(x, "q") else Fraction(int(x)) for x in col]
    lcm = 1
    for x in fr:
        lcm = lcm * x.denominator // math.gcd(lcm, x.denominator)
    return primitive([int(x * lcm) for x in fr])


def nullspace(rows, ncols=None):
    """Integer basis of the right kernel {x : M x = 0} of M (given by rows).

    Each basis vector is primitive.  ``ncols`` is needed when ``rows`` is empty
    (then the kernel is all of Q^ncols and the standard basis is returned).
    """
    rows = list(rows)
    if not rows:
        return [tuple(int(i == j) for j in range(ncols)) for i in range(ncols)]
    M = _mat(rows)
    if isinstance(M, flint.fmpq_mat):
        M = flint.fmpz_mat(M.nrows(), M.ncols(), [int(v) for v in _clear_rows(rows)])
    N, k = M.nullspace()
    return [_to_int_vector([N[i, j] for i in range(N.nrows())]) for j in range(k)]


def _clear_rows(rows):
    """Flattened rows, each scaled by the lcm of its denominators (same kernel)."""
    out = []
    for r in rows:
        fr = [Fraction(v) for v in r]
        lcm = 1
        for x in fr:
            lcm = lcm * x.denominator // math.gcd(lcm, x.denominator)
        out.extend(int(x * lcm) for x in fr)
    return out


def left_nullspace(rows):
    """Integer basis of {c : Σ_i c_i rows_i = 0}."""
    rows = list(rows)
    cols = list(zip(*rows))
    return nullspace(cols, ncols=len(rows))


def dependency(rows):
    """A nonzero integer vector c with Σ c_i rows_i = 0, or ``None`` if the rows are independent."""
    basis = left_nullspace(rows)
    return basis[0] if basis else None


def det(rows):
    """Exact determinant of a square matrix (``int`` if integral, else ``Fraction``)."""
    rows = list(rows)
    if not rows:
        return 1
    d = _mat(rows).det()
    if isinstance(d, flint.fmpz):
        return int(d)
    return Fraction(int(d.p), int(d.q))
