"""Convex functions on 1-D data and the cone they form (the closing remarks of section 6).

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 6: a function f on sorted distinct data
x^(1) < ... < x^(n) is *convex* if its slopes between consecutive points increase; a
non-negative sum of ReLUs is non-negative and convex on the data, and the vertices of
the polyline of Proposition 13 (:func:`exactrelu.landscape.function_space.polyline_vertices`)
are the extreme rays of the cone of non-negative convex functions on the data.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.linalg import primitive_vector
from exactrelu.exact.parse import exact_points_1d, exact_vector
from exactrelu.exact.types import MatrixLike, VectorLike
from exactrelu.landscape.function_space import data_points
from exactrelu.landscape.region_table import cone_generators
from exactrelu.network import ShallowReLU

__all__ = [
    "CONVEX_CONE_MAX_N",
    "is_convex_on",
    "nonnegative_convex_cone_rays",
    "relu_sum",
    "relu_sum_is_nonnegative_convex",
]

CONVEX_CONE_MAX_N = 8
"""Largest n for which :func:`nonnegative_convex_cone_rays` enumerates (C(2n−2, n−1) rank tests)."""


def _distinct_1d(x: VectorLike | MatrixLike) -> tuple[Fraction, ...]:
    xs = exact_points_1d(x, name="x")
    if len(set(xs)) != len(xs):
        raise DegenerateInputError("discrete convexity is defined for distinct data points")
    return xs


def is_convex_on(x: VectorLike | MatrixLike, f: VectorLike) -> bool:
    """Discrete convexity on distinct 1-D data (Karhadkar et al. 2023, section 6).

    f is convex on X if, for sorted x^(1) < ... < x^(n) and i = 1..n−2,
    (f_{i+1} − f_i)/(x^(i+1) − x^(i)) ≤ (f_{i+2} − f_{i+1})/(x^(i+2) − x^(i+1)).
    f is given in the input order of x.

    >>> is_convex_on([0, 1, 3], [3, 2, 0]), is_convex_on([0, 1, 3], [0, 1, 0])
    (True, False)
    """
    xs = _distinct_1d(x)
    fv = exact_vector(f, len(xs), name="f")
    order = sorted(range(len(xs)), key=lambda j: xs[j])
    s, fs = [xs[j] for j in order], [fv[j] for j in order]
    slopes = [(fs[i + 1] - fs[i]) / (s[i + 1] - s[i]) for i in range(len(s) - 1)]
    return all(a <= b for a, b in itertools.pairwise(slopes))


def relu_sum(
    x: VectorLike | MatrixLike, units: MatrixLike, coefficients: VectorLike | None = None
) -> tuple[Fraction, ...]:
    """Σ_k v_k σ(<x̄_j, θ_k>) on the data (exact); θ_k = (w..., b), v_k = 1 by default.

    The output of :class:`exactrelu.network.ShallowReLU` with first layer ``units``.

    >>> relu_sum([0, 1, 3], [(1, -1), (-1, 1)], [2, 1])
    (Fraction(1, 1), Fraction(0, 1), Fraction(4, 1))
    """
    return ShallowReLU(units, coefficients).output(data_points(x))


def relu_sum_is_nonnegative_convex(
    x: VectorLike | MatrixLike, units: MatrixLike, coefficients: VectorLike | None = None
) -> tuple[bool, tuple[Fraction, ...]]:
    """Check the statement of section 6: a non-negative sum of ReLUs is non-negative and convex on X.

    Returns ``(holds, f)``: whether f = Σ v_k σ(w_k x + b_k) is ≥ 0 and convex on the
    distinct 1-D data (exact), and f.  With some v_k < 0 the statement does not apply
    and ``holds`` may be False (negative control).

    >>> relu_sum_is_nonnegative_convex([0, 1, 3], [(1, -1), (-1, 1)])[0]
    True
    >>> relu_sum_is_nonnegative_convex([-1, 0, 1], [(1, 0)], [-1])[0]
    False
    """
    f = relu_sum(x, units, coefficients)
    return all(v >= 0 for v in f) and is_convex_on(x, f), f


def nonnegative_convex_cone_rays(
    x: VectorLike | MatrixLike, *, max_n: int = CONVEX_CONE_MAX_N
) -> list[tuple[int, ...]]:
    """Extreme rays of the cone K of non-negative convex functions on distinct 1-D data (exact).

    K = {f : f ≥ 0, slope_i(f) ≤ slope_{i+1}(f)} ⊂ R^n is pointed (f ≥ 0), so its extreme
    rays are the lines cut out by n − 1 linearly independent constraints that satisfy all
    others; all C(2n − 2, n − 1) subsets are tried (n ≤ max_n).  Section 6 states that
    these are the polyline vertices of eq. (2).  Rays are primitive integer vectors in the
    input order of x.

    >>> nonnegative_convex_cone_rays([0, 1, 3])
    [(0, 0, 1), (0, 1, 3), (1, 0, 0), (3, 2, 0)]
    """
    xs = _distinct_1d(x)
    n = len(xs)
    if n > max_n:
        raise InvalidDataError(f"n = {n} > max_n = {max_n}: the brute-force enumeration is too large")
    order = sorted(range(n), key=lambda j: xs[j])
    rows = [tuple(int(k == j) for k in range(n)) for j in range(n)]
    for i in range(n - 2):  # slope(i+1, i+2) − slope(i, i+1) ≥ 0, cleared of denominators
        a, b, c = order[i], order[i + 1], order[i + 2]
        d1, d2 = xs[b] - xs[a], xs[c] - xs[b]
        row = [Fraction(0)] * n
        row[a], row[b], row[c] = d2, -(d1 + d2), d1
        rows.append(primitive_vector(row))
    _, rays = cone_generators(rows)
    return list(rays)
