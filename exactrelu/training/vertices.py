"""The vertices of the zonotope power Z^m: tuples of activation patterns, one per hidden unit.

Matena & Raffel 2022, section 2: a feasible activation pattern of one unit is a
chamber of the arrangement {x̄_i · w = 0} (equivalently a vertex of the zonotope
Z = Σ_i [0, x̄_i]), and a vertex of Z^m is an m-tuple of them.  Exact ERM
(Algorithm 1, :mod:`exactrelu.training.erm`) enumerates all of them and greedy local
search (Algorithm 2, :mod:`exactrelu.training.search`) walks along their edges.

Two symmetries shrink the enumeration: units with equal output weight v_j are
interchangeable, so only *multisets* of patterns are needed within each group of
equal v_j; and with free output weights, positive homogeneity of relu reduces
v ∈ R^m to v ∈ {+1, −1}^m up to permutation.

Examples
--------
>>> equal_weight_groups((1, -1, 1))
[[0, 2], [1]]
>>> list(pattern_tuples((1, 1), [(0, 1), (1, 0)]))
[((0, 1), (0, 1)), ((0, 1), (1, 0)), ((1, 0), (1, 0))]
>>> count_pattern_tuples((1, 1), 2)
3
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import combinations_with_replacement, product
from math import comb, prod
from typing import Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_integer
from exactrelu.exact.types import NumberLike, Pattern, VectorLike
from exactrelu.geometry.arrangement import Chamber, HyperplaneArrangement
from exactrelu.training.region import output_weights

__all__ = [
    "candidate_output_weights",
    "count_pattern_tuples",
    "equal_weight_groups",
    "full_patterns",
    "number_of_units",
    "pattern_tuples",
    "sign_vectors",
    "unit_chambers",
]


def number_of_units(units: Any, v: NumberLike | VectorLike | None, *, default: int | None = None) -> int:
    """The number m of hidden units given by ``units`` and/or the output weights ``v``.

    With ``v`` given, m = len(v) (1 for a single number) and ``units``, if given, must
    agree.  Otherwise ``units`` must be a positive integer; ``None`` gives ``default``
    when there is one.

    Raises
    ------
    InvalidDataError
        ``units`` is not a positive integer, or disagrees with ``v``.

    Examples
    --------
    >>> number_of_units(None, (1, -1)), number_of_units(3, None), number_of_units(None, None, default=1)
    (2, 3, 1)
    """
    if v is not None:
        m = len(v) if hasattr(v, "__len__") and not isinstance(v, str) else 1
        if units is not None and units != m:
            raise InvalidDataError(f"units={units!r} disagrees with the {m} output weight(s) in v")
        return m
    if units is None and default is not None:
        return default
    units = exact_integer(units, name="units", minimum=1)
    return int(units)


def sign_vectors(m: int) -> list[tuple[Fraction, ...]]:
    """v ∈ {±1}^m up to permutation: k units with +1 then m − k with −1, k = m, …, 0.

    >>> [tuple(int(t) for t in v) for v in sign_vectors(2)]
    [(1, 1), (1, -1), (-1, -1)]
    """
    return [tuple(Fraction(1) if j < k else Fraction(-1) for j in range(m)) for k in range(m, -1, -1)]


def candidate_output_weights(
    v: NumberLike | VectorLike | None, units: Any = None
) -> list[tuple[Fraction, ...]]:
    """The output-weight vectors to search: ``v`` itself, or every sign vector when ``v`` is None.

    With ``v=None`` the weights are free: by positive homogeneity of relu, v ∈ R^m is the
    same as v ∈ {±1}^m up to permutation (:func:`sign_vectors`), with m = ``units``
    (default 1).

    >>> candidate_output_weights((1, "1/2"))
    [(Fraction(1, 1), Fraction(1, 2))]
    >>> len(candidate_output_weights(None, 3))
    4
    """
    m = number_of_units(units, v, default=1)
    if v is None:
        return sign_vectors(m)
    return [output_weights(v, m)]


def equal_weight_groups(v: Sequence[Any]) -> list[list[int]]:
    """Unit positions grouped by equal output weight (the units of a group are interchangeable)."""
    groups: dict[Any, list[int]] = {}
    for j, vj in enumerate(v):
        groups.setdefault(vj, []).append(j)
    return list(groups.values())


def count_pattern_tuples(v: Sequence[Any], n_patterns: int) -> int:
    """How many tuples :func:`pattern_tuples` yields: Π_g C(n_patterns + |g| − 1, |g|) over the groups g."""
    return prod(comb(n_patterns + len(g) - 1, len(g)) for g in equal_weight_groups(v))


def pattern_tuples(v: Sequence[Any], singles: Sequence[Pattern]) -> Iterator[tuple[Pattern, ...]]:
    """Pattern tuples for the units, one per multiset choice of ``singles`` within each group of equal v_j."""
    groups = equal_weight_groups(v)
    choices = [combinations_with_replacement(range(len(singles)), len(g)) for g in groups]
    for combo in product(*choices):
        patterns: list[Pattern] = [()] * len(v)
        for g, picks in zip(groups, combo):
            for j, p in zip(g, picks):
                patterns[j] = singles[p]
        yield tuple(patterns)


def unit_chambers(
    xbar: Sequence[Sequence[Fraction]], limit: int | None = None, progress: bool = False
) -> tuple[list[Chamber], list[int]]:
    """Chambers of the arrangement {x̄_i · w = 0} over the nonzero x̄_i, and the indices of those points.

    A zero x̄_i (possible without bias) defines no hyperplane and is never active.
    """
    nonzero = [i for i, x in enumerate(xbar) if any(x)]
    if not nonzero:
        return [], nonzero
    arrangement = HyperplaneArrangement([xbar[i] for i in nonzero])
    return arrangement.chambers(limit=limit, progress=progress), nonzero


def full_patterns(chambers: Sequence[Chamber], nonzero: Sequence[int], n: int) -> list[Pattern]:
    """One unit's patterns over all n points from the chambers over the nonzero ones (all 0 if none)."""
    if not nonzero:
        return [(0,) * n]
    out = []
    for chamber in chambers:
        full = [0] * n
        for i, a in zip(nonzero, chamber.pattern):
            full[i] = a
        out.append(tuple(full))
    return out
