"""Feasible activation patterns of a one-hidden-layer ReLU network, with certificates.

For data x_1, ..., x_N in R^d and a hidden unit with parameters w in R^{d+1}
(weights and bias, bias last), the *activation pattern* of w is the 0/1 vector
a with a_i = 1 iff <x̄_i, w> > 0, where x̄_i = (x_i, 1).  A pattern a is
*feasible* iff its open activation region

    R(a) = {w : (2 a_i - 1) <x̄_i, w> > 0 for all i}

is non-empty.  This module implements:

* Matena & Raffel 2022, "A Combinatorial Perspective on the Optimization of
  Shallow ReLU Networks", **section 3**: the feasible patterns are the chambers
  of the central arrangement {<x̄_i, w> = 0} (equivalently the vertices of the
  zonotope Z = Σ [0, x̄_i]); with m hidden units the set of feasible pattern
  tuples is the m-fold Cartesian power (vertices of Z^m).
* Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU
  networks have a favorable loss landscape", **Proposition 7** (identity of
  non-empty regions): an m×N pattern matrix A is feasible iff, for every unit i,
  Σ_{j : A_ij = 1} x̄_j is a vertex of Σ_j conv{0, x̄_j}.  The witness w below is a
  linear functional maximised over Z exactly at that vertex; the Gordan vector
  proves that no functional singles it out.

Certificates, re-checkable with :func:`verify_pattern_certificate`:

* feasible: an integer w with (2 a_i - 1) <x̄_i, w> > 0 for every i;
* infeasible: a Gordan vector y >= 0, y != 0, Σ_i y_i (2 a_i - 1) x̄_i = 0
  (:func:`exactrelu.exact.certificates.verify_gordan`).

Without a bias (``bias=False``) the normals are the x_i themselves.  Patterns are
0/1 sequences (booleans and numpy arrays too) or bit strings such as ``"101"``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from exactrelu.exact import limits
from exactrelu.exact.lp import ConeFeasibility, cone_feasibility, verify_cone_certificate
from exactrelu.exact.parse import exact_integer, exact_points, pattern_rows, pattern_tuple
from exactrelu.exact.types import MatrixLike, Pattern, SignVector
from exactrelu.geometry.arrangement import HyperplaneArrangement

__all__ = [
    "MultiUnitFeasibility",
    "activation_patterns",
    "is_feasible_pattern",
    "pattern_signs",
    "verify_pattern_certificate",
]


def activation_patterns(
    X: MatrixLike, bias: bool = True, units: int = 1, limit: int | None = None, strict: bool = False
) -> list[Pattern] | list[tuple[Pattern, ...]]:
    """All feasible activation patterns of a ReLU layer on the data ``X``.

    Parameters
    ----------
    X : table of exact numbers, shape (N, d)
        The data points (see :func:`exactrelu.exact.parse.exact_matrix`).
    bias : bool
        Whether the unit has a bias (normals x̄_i = (x_i, 1)) or not (normals x_i).
    units : int, >= 1
        Number m of hidden units.
    limit : int, optional
        Refuse to enumerate more than this many objects (default
        :func:`exactrelu.geometry.arrangement.default_limit`, i.e. ``EXACTRELU_LIMIT`` or 10**6).
    strict : bool
        Refuse binary floats in ``X``.

    Returns
    -------
    list
        ``units == 1``: the sorted list of feasible patterns (tuples over {0, 1}),
        one per chamber of the arrangement (Matena & Raffel 2022, section 3).
        ``units == m``: the sorted list of m-tuples of such patterns (the Cartesian
        power; the rows of a feasible m×N pattern matrix, cf. Karhadkar et al.
        2023, Proposition 7).

    Raises
    ------
    SizeLimitError
        If the number of patterns (``count ** units``) exceeds ``limit``; checked
        before the product is built.
    InvalidDataError
        Bad data or ``units < 1``.
    DegenerateInputError
        A zero normal (the point 0 without a bias).

    Notes
    -----
    The single-unit patterns come from ``HyperplaneArrangement.from_data(X,
    bias).chambers()`` (exact enumeration with integer witnesses).  With a bias
    and points in general position there are 2 Σ_{k<=d} C(N-1, k) of them
    (Karhadkar et al. 2023, Proposition 6).

    Examples
    --------
    Three collinear points on the line: 6 patterns; (1, 0, 1) and (0, 1, 0)
    are missing (a ReLU of an affine function cannot switch twice).

    >>> activation_patterns([[0], [1], [2]])
    [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 1, 0), (1, 1, 1)]
    >>> len(activation_patterns([[0], [1], [2]], units=2))
    36
    """
    units = exact_integer(units, name="units", minimum=1)
    units = int(units)
    limit = limits.resolve(limit)
    arr = HyperplaneArrangement.from_data(X, bias=bias, strict=strict)
    if units > 1:
        # predict count**units *before* enumerating the chambers
        count = arr.n_regions()
        limits.guard_power(f"activation pattern tuples for {units} units", count, units, limit)
    patterns = sorted(tuple(c.pattern) for c in arr.chambers(limit=limit))
    if units == 1:
        return patterns
    return list(itertools.product(patterns, repeat=units))


# ----------------------------------------------------------------------------
# single patterns
# ----------------------------------------------------------------------------


def _read_patterns(pattern: Any, n: int) -> tuple[bool, tuple[Pattern, ...]]:
    """(is_matrix, rows): one pattern of length n, or an m×N matrix of them (one row per unit).

    A pattern is a 0/1 sequence or a bit string (:func:`exactrelu.exact.parse.pattern_tuple`);
    a matrix is a sequence of patterns or a string of comma-separated bit strings
    (:func:`exactrelu.exact.parse.pattern_rows`).
    """
    if hasattr(pattern, "tolist"):  # numpy arrays, boolean masks included
        pattern = pattern.tolist()
    if isinstance(pattern, str):
        one = "," not in pattern
    else:
        one = not isinstance(pattern, (list, tuple)) or not any(
            isinstance(a, (list, tuple, str)) for a in pattern
        )
    if one:
        return False, (pattern_tuple(pattern, n),)
    return True, pattern_rows(pattern, n, name="pattern matrix")


def pattern_signs(pattern: Sequence[int]) -> SignVector:
    """Sign vector 2a - 1 of an activation pattern (a tuple over {-1, +1}).

    >>> pattern_signs((1, 0, 1))
    (1, -1, 1)
    """
    return tuple(2 * int(a) - 1 for a in pattern)


@dataclass(frozen=True)
class MultiUnitFeasibility:
    """Certified answer for an m×N pattern matrix (one row per hidden unit).

    Attributes
    ----------
    feasible : bool
        True iff every row is a feasible pattern (``bool(result)`` is this).
    units : tuple of ConeFeasibility
        One certificate per unit (witness or Gordan vector).
    """

    feasible: bool
    units: tuple[ConeFeasibility, ...]

    def __bool__(self) -> bool:
        return self.feasible

    @property
    def witnesses(self) -> tuple[tuple[int, ...] | None, ...] | None:
        """The m×(d+1) integer weight matrix (rows = units) if feasible, else ``None``."""
        return tuple(u.witness for u in self.units) if self.feasible else None

    @property
    def infeasible_units(self) -> tuple[int, ...]:
        """Indices of the units whose pattern is infeasible."""
        return tuple(i for i, u in enumerate(self.units) if not u.feasible)


def is_feasible_pattern(
    X: MatrixLike, pattern: Any, bias: bool = True, strict: bool = False
) -> ConeFeasibility | MultiUnitFeasibility:
    """Decide, with a certificate, whether an activation pattern is feasible.

    Parameters
    ----------
    X : table of exact numbers, shape (N, d)
    pattern : N entries in {0, 1} or a bit string such as ``"101"``; or an m×N matrix
        One row per unit; a string ``"011,101"`` is a matrix of two rows.
    bias : bool
        Normals x̄_i = (x_i, 1) if True, else x_i.
    strict : bool
        Refuse binary floats in ``X``.

    Returns
    -------
    ConeFeasibility or MultiUnitFeasibility
        For one pattern: ``feasible`` with an integer ``witness`` w such that
        (2a_i - 1)<x̄_i, w> > 0 for all i, or a Gordan vector ``certificate`` y >= 0,
        y != 0 with Σ y_i (2a_i - 1) x̄_i = 0.  For a matrix: one such answer per
        unit; the matrix is feasible iff all rows are (Karhadkar et al. 2023,
        Proposition 7; Matena & Raffel 2022, section 3).  Both are truthy iff feasible.

    Raises
    ------
    InvalidDataError
        Pattern of the wrong length, entries other than 0/1, bad data.

    Examples
    --------
    >>> X = [[0], [1], [2]]
    >>> r = is_feasible_pattern(X, [1, 0, 1])
    >>> r.feasible, r.certificate
    (False, (1, 2, 1))
    >>> r = is_feasible_pattern(X, "011")
    >>> r.feasible, verify_pattern_certificate(X, [0, 1, 1], r)
    (True, True)
    >>> bool(is_feasible_pattern(X, [[0, 1, 1], [1, 0, 1]]))
    False
    """
    normals = exact_points(X, bias=bias, strict=strict)
    is_matrix, rows = _read_patterns(pattern, len(normals))
    results = tuple(cone_feasibility(normals, pattern_signs(r)) for r in rows)
    if not is_matrix:
        return results[0]
    return MultiUnitFeasibility(all(r.feasible for r in results), results)


def verify_pattern_certificate(
    X: MatrixLike,
    pattern: Any,
    cert: ConeFeasibility | MultiUnitFeasibility,
    bias: bool = True,
    strict: bool = False,
) -> bool:
    """Exactly re-check a certificate returned by :func:`is_feasible_pattern`.

    Parameters
    ----------
    X, pattern, bias, strict
        As for :func:`is_feasible_pattern`.
    cert : ConeFeasibility or MultiUnitFeasibility
        The claimed answer.

    Returns
    -------
    bool
        True iff the witness satisfies every strict inequality exactly, or the
        Gordan vector is non-negative, non-zero and Σ y_i (2a_i - 1) x̄_i = 0
        (for a matrix: every unit's certificate checks and ``feasible`` is the
        conjunction).  A malformed certificate gives False.

    Raises
    ------
    InvalidDataError
        If the data or the pattern themselves are invalid.

    Examples
    --------
    >>> X = [[0], [1], [2]]
    >>> verify_pattern_certificate(X, [1, 0, 1], ConeFeasibility(False, certificate=(1, 2, 1)))
    True
    >>> verify_pattern_certificate(X, [1, 0, 1], ConeFeasibility(False, certificate=(1, 1, 1)))
    False
    """
    normals = exact_points(X, bias=bias, strict=strict)
    is_matrix, rows = _read_patterns(pattern, len(normals))
    if is_matrix:
        if not isinstance(cert, MultiUnitFeasibility) or len(cert.units) != len(rows):
            return False
        if cert.feasible != all(u.feasible for u in cert.units):
            return False
        return all(verify_cone_certificate(normals, pattern_signs(r), u) for r, u in zip(rows, cert.units))
    if not isinstance(cert, ConeFeasibility):
        return False
    return verify_cone_certificate(normals, pattern_signs(rows[0]), cert)
