"""Activation regions of 1-D data with a bias: step vectors.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 5 and Appendix C.  For n distinct points
x^(1) < ... < x^(n) in R and units with a bias, the parameter space R^2 of one unit is
cut by the n lines w x^(j) + b = 0 through the origin, and the activation pattern of a
unit is a *step vector* (Karhadkar et al. 2023, Lemma 9; the paper's notation,
k in [n + 1])::

    ξ^(k,0)_j = 1 if j <  k else 0      (active left of a threshold)
    ξ^(k,1)_j = 1 if j >= k else 0      (active right of a threshold)

There are 2n distinct step vectors (ξ^(1,0) = ξ^(n+1,1) = 0 and
ξ^(n+1,0) = ξ^(1,1) = 1), so d_1 units have exactly (2n)^{d_1} non-empty
activation regions.  This module lists them directly — sorting is the only
super-linear step, O(n log n) — instead of running the general chamber
enumeration, and gives the two combinatorial conditions on activation
matrices A ∈ {0,1}^{d_1 x n} that the proofs of Theorems 10 and 12 (Appendix C) use:

* **diverse** (proof of Theorem 10): for every k in [n] some row of A is
  ξ^(k,0) or ξ^(k,1), and some row is ξ^(1,1) = 1.  Diverse ⇒ rank A = n.
* **complete** (proof of Theorem 12, Lemma 15): for every k in {0,...,n-1}
  and every sign β in {0 (negative), 1 (positive)} some row i with
  sgn(v_i) = β is ξ^(k+1,1).  Complete ⇒ every label vector is fitted exactly
  inside S_A (see :mod:`exactrelu.landscape.interpolation`).

Column convention: matrices and patterns are indexed by the data in the order
given; functions that need the sorted order take the data ``x`` and sort
internally (ties broken by index).

**Repeated points.** If only m < n values are distinct, a unit cannot separate
equal points, so the patterns are the step vectors of the m distinct values
with each value's columns repeated: 2m regions per unit, (2m)^{d_1} in all, and
rank A <= m < n for every activation matrix (the Jacobian is never of full rank
n).  :func:`step_regions` handles this case and says so in its result.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.limits import guard
from exactrelu.exact.parse import exact_points_1d, primitive_vector
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, PatternLike, VectorLike
from exactrelu.landscape.jacobian import activation_rows, output_weights

__all__ = [
    "StepComparison",
    "StepRegion",
    "StepRegions",
    "compare_step_characterisation",
    "complete_matrix",
    "completeness_gaps",
    "diversity_gaps",
    "in_data_order",
    "is_complete",
    "is_diverse",
    "is_step_vector",
    "n_regions_1d",
    "random_step_matrix",
    "sort_columns",
    "sorted_points",
    "staircase_matrix",
    "step_label",
    "step_regions",
    "step_vector",
    "step_vectors",
    "step_witness",
]

Data1D: TypeAlias = VectorLike | MatrixLike
"""1-D data, ``[x1, x2, ...]`` or ``[[x1], [x2], ...]`` (:func:`exactrelu.exact.parse.exact_points_1d`)."""


# ----------------------------------------------------------------------------
# step vectors themselves
# ----------------------------------------------------------------------------


def step_vector(n: int, k: int, side: int) -> Pattern:
    """ξ^(k,side) ∈ {0,1}^n for k in 1..n+1 and side in {0, 1} (the paper's notation).

    >>> step_vector(4, 2, 0), step_vector(4, 2, 1)
    ((1, 0, 0, 0), (0, 1, 1, 1))
    """
    if not 1 <= k <= n + 1 or side not in (0, 1):
        raise InvalidDataError(
            f"step vector ξ^({k},{side}) of length {n}: need 1 <= k <= n+1 and side 0 or 1"
        )
    return tuple(int((j < k) if side == 0 else (j >= k)) for j in range(1, n + 1))


def step_vectors(n: int) -> list[Pattern]:
    """The 2n distinct step vectors of length n >= 1, sorted.

    >>> step_vectors(2)
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    return sorted({step_vector(n, k, s) for k in range(1, n + 2) for s in (0, 1)})


def step_label(row: Sequence[int]) -> tuple[int, int] | None:
    """(k, side) with ``row == ξ^(k,side)``, or ``None`` if ``row`` is no step vector.

    The constant rows have two names; the canonical ones are returned:
    0 ↦ (1, 0) and 1 ↦ (1, 1).

    >>> step_label((0, 0, 1)), step_label((1, 1, 1)), step_label((0, 1, 0))
    ((3, 1), (1, 1), None)
    """
    entries = tuple(int(a) for a in row)
    n = len(entries)
    if any(a not in (0, 1) for a in entries):
        return None
    if not any(entries):
        return (1, 0)
    if all(entries):
        return (1, 1)
    k = next(j for j in range(1, n) if entries[j] != entries[0]) + 1  # 1-based start of the second block
    side = 1 - entries[0]
    return (k, side) if entries == step_vector(n, k, side) else None


def is_step_vector(row: Sequence[int]) -> bool:
    """True iff ``row`` is one of the 2n step vectors (sorted column order).

    >>> is_step_vector((0, 1, 1)), is_step_vector((1, 0, 1))
    (True, False)
    """
    return step_label(row) is not None


# ----------------------------------------------------------------------------
# the regions of one unit
# ----------------------------------------------------------------------------


def sorted_points(x: Data1D) -> tuple[list[int], list[Fraction]]:
    """(order, values): the permutation sorting the 1-D data (ties by index) and the sorted values.

    >>> sorted_points([3, -1, 2])
    ([1, 2, 0], [Fraction(-1, 1), Fraction(2, 1), Fraction(3, 1)])
    """
    pts = exact_points_1d(x)
    order = sorted(range(len(pts)), key=lambda i: (pts[i], i))
    return order, [pts[i] for i in order]


def sort_columns(x: Data1D, A: Sequence[PatternLike]) -> list[Pattern]:
    """The activation matrix ``A`` (columns in data order) with columns in increasing order of ``x``.

    >>> sort_columns([3, -1, 2], [(1, 0, 0)])
    [(0, 0, 1)]
    """
    order, _ = sorted_points(x)
    return [tuple(row[j] for j in order) for row in activation_rows(A, len(order))]


def step_witness(xs: Sequence[NumberLike], pattern: Sequence[int]) -> tuple[int, int]:
    """An integer (w, b) with sgn(w x_j + b) = 2 pattern_j - 1 on *sorted distinct* points ``xs``.

    The construction of the proof of Karhadkar et al. 2023, Lemma 9: |w| = 1 and the
    threshold at the midpoint of the two points where the step happens (constant rows:
    w = 0 and b = ±1), scaled to a primitive integer vector.

    >>> step_witness([0, 1, 3], (0, 1, 1))
    (2, -1)
    """
    label = step_label(pattern)
    if label is None:
        raise InvalidDataError(f"{tuple(pattern)} is not a step vector")
    k, side = label
    if k == 1:  # constant row: all active or all inactive
        return (0, 1 if side == 1 else -1)
    mid = (Fraction(xs[k - 2]) + Fraction(xs[k - 1])) / 2
    w, b = primitive_vector((1, -mid) if side == 1 else (-1, mid))
    return w, b


@dataclass(frozen=True)
class StepRegion:
    """One non-empty activation region of a single unit on 1-D data.

    Attributes
    ----------
    pattern : tuple of int
        Activation pattern in the *input* order of the data.
    k, side : int
        The region is ξ^(k,side) in the sorted order of the distinct values.
    witness : tuple of int
        Integer (w, b) in the open region (verified by :meth:`StepRegions.verify`).
    """

    pattern: Pattern
    k: int
    side: int
    witness: tuple[int, int]


@dataclass(frozen=True)
class StepRegions:
    """All 2m activation regions of one unit on 1-D data with m distinct values."""

    x: tuple[Fraction, ...]
    regions: tuple[StepRegion, ...]
    distinct: int

    @property
    def n(self) -> int:
        """Number of data points."""
        return len(self.x)

    @property
    def has_duplicates(self) -> bool:
        """Some data value is repeated (then there are 2m < 2n regions)."""
        return self.distinct < self.n

    def __len__(self) -> int:
        return len(self.regions)

    def __iter__(self) -> Iterator[StepRegion]:
        return iter(self.regions)

    def patterns(self) -> list[Pattern]:
        """The activation patterns of the regions (input order of the data)."""
        return [r.pattern for r in self.regions]

    def count(self, units: int = 1) -> int:
        """Number of non-empty regions of ``units`` units: (2m)^units (Karhadkar et al. 2023, Lemma 9)."""
        return len(self.regions) ** units

    def verify(self) -> bool:
        """Exact check of the list; returns bool.

        Conditions: ``distinct`` is the number m of distinct data values; there are 2m regions
        with pairwise different patterns of length n (all of them, Karhadkar et al. 2023,
        Lemma 9); every witness has sgn(w x_j + b) = 2 pattern_j - 1 for all j.
        """
        if self.distinct != len(set(self.x)) or len(self.regions) != 2 * self.distinct:
            return False
        if len({r.pattern for r in self.regions}) != len(self.regions):
            return False
        if any(len(r.pattern) != len(self.x) for r in self.regions):
            return False
        return all(
            all(
                (r.witness[0] * xj + r.witness[1] > 0) == bool(a) and r.witness[0] * xj + r.witness[1] != 0
                for xj, a in zip(self.x, r.pattern)
            )
            for r in self.regions
        )

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "n": self.n,
                "distinct": self.distinct,
                "n_regions": len(self.regions),
                "regions": [
                    {"pattern": r.pattern, "k": r.k, "side": r.side, "witness": r.witness}
                    for r in self.regions
                ],
            }
        )


def step_regions(x: Data1D) -> StepRegions:
    """The non-empty activation regions of one unit with a bias on 1-D data ``x``.

    Karhadkar et al. 2023, Lemma 9: for distinct points they are the 2n step vectors in
    sorted order.  Cost: one sort, O(n log n), then O(n) per region to write its pattern.
    Repeated points are allowed (2m regions for m distinct values; see the module
    docstring).

    >>> R = step_regions([[3], [-1], [2]])
    >>> len(R), R.verify()
    (6, True)
    >>> sorted(R.patterns())      # step vectors of -1 < 2 < 3, written in the input order 3, -1, 2
    [(0, 0, 0), (0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 1)]
    """
    pts = exact_points_1d(x)
    values = sorted(set(pts))
    m = len(values)
    rank_of = {v: r for r, v in enumerate(values)}  # index of each point among the distinct values
    regions = []
    for k in range(1, m + 1):  # ξ^(m+1,·) repeats ξ^(1,·)
        for side in (0, 1):
            distinct_pattern = step_vector(m, k, side)
            pattern = tuple(distinct_pattern[rank_of[p]] for p in pts)
            regions.append(StepRegion(pattern, k, side, step_witness(values, distinct_pattern)))
    return StepRegions(pts, tuple(regions), m)


def n_regions_1d(x: Data1D, units: int = 1) -> int:
    """(2m)^units, m the number of distinct values of the 1-D data (Karhadkar et al. 2023, Lemma 9).

    >>> n_regions_1d([0, 1, 1, 2], units=2)
    36
    """
    return (2 * len(set(exact_points_1d(x)))) ** units


# ----------------------------------------------------------------------------
# diverse and complete activation matrices
# ----------------------------------------------------------------------------


def _sorted_rows(A: Sequence[PatternLike], x: Data1D | None) -> list[Pattern]:
    return sort_columns(x, A) if x is not None else list(activation_rows(A))


def diversity_gaps(A: Sequence[PatternLike], x: Data1D | None = None) -> list[str]:
    """What keeps A from being diverse: a list of strings (empty iff diverse).

    ``A`` has columns in sorted order, or in the order of the 1-D data ``x``.

    >>> diversity_gaps([(0, 0, 1)])
    ['no row equals ξ^(2,0) or ξ^(2,1)', 'no row equals ξ^(1,1) = (1, ..., 1)']
    """
    rows = _sorted_rows(A, x)
    n = len(rows[0])
    labels = {step_label(r) for r in rows}
    gaps = [f"row {i} is not a step vector" for i, r in enumerate(rows) if step_label(r) is None]
    # ξ^(1,0) = 0 and ξ^(1,1) = 1 share k = 1; the canonical labels are (1,0) and (1,1)
    for k in range(2, n + 1):
        if (k, 0) not in labels and (k, 1) not in labels:
            gaps.append(f"no row equals ξ^({k},0) or ξ^({k},1)")
    if (1, 1) not in labels:
        gaps.append("no row equals ξ^(1,1) = (1, ..., 1)")
    return gaps


def is_diverse(A: Sequence[PatternLike], x: Data1D | None = None) -> bool:
    """True iff the row-step matrix A is diverse (Karhadkar et al. 2023, proof of Theorem 10).

    Then rank A = n.

    >>> is_diverse([(1, 1, 1), (0, 1, 1), (0, 0, 1)]), is_diverse([(0, 1, 1), (0, 0, 1)])
    (True, False)
    """
    return not diversity_gaps(A, x)


def completeness_gaps(A: Sequence[PatternLike], v: VectorLike, x: Data1D | None = None) -> list[str]:
    """What keeps (A, v) from being complete: a list of strings (empty iff complete).

    ``v`` holds one nonzero output weight per row of A.

    >>> completeness_gaps([(1, 1), (0, 1)], [1, 1])[0]
    'no unit with negative v has pattern ξ^(1,1)'
    """
    rows = _sorted_rows(A, x)
    n = len(rows[0])
    signs = [int(vi > 0) for vi in output_weights(v, len(rows), nonzero=True)]
    have = set(zip(rows, signs))
    return [
        f"no unit with {'positive' if b else 'negative'} v has pattern ξ^({k + 1},1)"
        for k in range(n)
        for b in (1, 0)
        if (step_vector(n, k + 1, 1), b) not in have
    ]


def is_complete(A: Sequence[PatternLike], v: VectorLike, x: Data1D | None = None) -> bool:
    """True iff (A, v) is complete (Karhadkar et al. 2023, proof of Theorem 12).

    Complete: every ξ^(k+1,1), k < n, is a row of a unit with v > 0 and of one with v < 0.

    >>> is_complete([(1, 1), (1, 1), (0, 1), (0, 1)], [1, -1, 1, -1])
    True
    """
    return not completeness_gaps(A, v, x)


def random_step_matrix(n: int, units: int, rng: random.Random | int | None = None) -> list[Pattern]:
    """A d_1 x n matrix with rows drawn uniformly from the 2n step vectors (sorted columns).

    This is the uniform distribution over non-empty activation regions of distinct 1-D
    data (Karhadkar et al. 2023, Lemma 9), the one the counting in Theorems 10 and 12 uses.
    ``rng`` is a :class:`random.Random` or a seed.
    """
    rng = rng if isinstance(rng, random.Random) else random.Random(rng)
    steps = step_vectors(n)
    return [rng.choice(steps) for _ in range(units)]


def in_data_order(x: Data1D, rows: Sequence[Sequence[int]]) -> list[Pattern]:
    """Rows given in the sorted column order of the 1-D data ``x``, rewritten in the data order.

    >>> in_data_order([3, -1, 2], [(0, 0, 1)])
    [(1, 0, 0)]
    """
    order, _ = sorted_points(x)
    out = []
    for r in rows:
        row = [0] * len(order)
        for pos, j in enumerate(order):
            row[j] = r[pos]
        out.append(tuple(row))
    return out


def staircase_matrix(x: Data1D) -> list[Pattern]:
    """The n rows ξ^(1,1), ..., ξ^(n,1) (in data order): diverse, rank n (Karhadkar et al. 2023, Theorem 10).

    >>> staircase_matrix([2, 0])
    [(1, 1), (1, 0)]
    """
    n = len(exact_points_1d(x))
    return in_data_order(x, [step_vector(n, k, 1) for k in range(1, n + 1)])


def complete_matrix(x: Data1D) -> tuple[list[Pattern], list[int]]:
    """(A, v): the smallest complete region (Karhadkar et al. 2023, Lemma 15).

    2n units with rows ξ^(k+1,1) and v = +1, -1.

    >>> complete_matrix([0, 1])
    ([(1, 1), (1, 1), (0, 1), (0, 1)], [1, -1, 1, -1])
    """
    rows = staircase_matrix(x)
    return [r for r in rows for _ in (0, 1)], [1, -1] * len(rows)


# ----------------------------------------------------------------------------
# Lemma 9 against the general engine and against a float LP
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepComparison:
    """Step-vector characterisation vs exact enumeration vs float LP on all 2^n patterns.

    Attributes
    ----------
    step, exact : frozenset of patterns (input order)
        Lemma 9's list (:func:`step_regions`) and the engine's chambers.
    float_lp : frozenset
        Patterns a float LP (HiGHS, margin > ``tol``) accepts.
    """

    step: frozenset[Pattern]
    exact: frozenset[Pattern]
    float_lp: frozenset[Pattern]
    tol: float

    @property
    def lemma9_agrees(self) -> bool:
        """Lemma 9's list equals the exactly enumerated chambers."""
        return self.step == self.exact

    @property
    def false_negatives(self) -> tuple[Pattern, ...]:
        """Non-empty regions the float LP rejects."""
        return tuple(sorted(self.exact - self.float_lp))

    @property
    def false_positives(self) -> tuple[Pattern, ...]:
        """Empty regions the float LP accepts."""
        return tuple(sorted(self.float_lp - self.exact))

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "n_step": len(self.step),
                "n_exact": len(self.exact),
                "n_float": len(self.float_lp),
                "lemma9_agrees": self.lemma9_agrees,
                "tol": self.tol,
                "float_false_negatives": self.false_negatives,
                "float_false_positives": self.false_positives,
            }
        )


def compare_step_characterisation(
    x: Data1D, *, tol: float = 1e-9, limit: int | None = None
) -> StepComparison:
    """Compare Karhadkar et al. 2023, Lemma 9 with the exact engine and a float LP on all 2^n patterns.

    The float LP is :func:`exactrelu.geometry.float_baseline.float_cone_margin` on the float
    homogenised data; a pattern is accepted when its margin exceeds ``tol``.  Points closer
    than the solver's tolerance make it reject genuine regions.

    Raises :class:`~exactrelu.exact.errors.SizeLimitError` when 2^n exceeds the limit.
    """
    import numpy as np

    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.float_baseline import float_cone_margin

    pts = exact_points_1d(x)
    n = len(pts)
    guard("binary patterns to test with a float LP", 2**n, limit)
    step = frozenset(step_regions(pts).patterns())
    exact = frozenset(
        c.pattern for c in HyperplaneArrangement.from_data([[p] for p in pts], bias=True).chambers()
    )
    H = np.array([[float(p), 1.0] for p in pts])
    accepted = set()
    for pattern in itertools.product((0, 1), repeat=n):
        t, _ = float_cone_margin(H, [2 * a - 1 for a in pattern])
        if t > tol:
            accepted.add(pattern)
    return StepComparison(step, exact, frozenset(accepted), tol)
