"""The floating-point baseline: chambers (activation regions) found with float LPs.

What a careful but non-exact user would do to list the activation regions of a
ReLU unit (Matena & Raffel 2022, section 3: activation regions = chambers of the
arrangement {<x̄_i, w> = 0}): start from a random float point, and walk through
the sign vectors by flipping one sign at a time, accepting a neighbour when a
float LP (scipy ``linprog``, HiGHS) reports a positive margin

    max t  s.t.  s_i <x̄_i, w> >= t,  -1 <= w <= 1,  t <= 1,   accept iff t* > tol.

The answer is only as good as the floating-point arithmetic.  For data in
general position the count should be 2 Σ_{k<=d} C(N-1, k) (Karhadkar, Murray,
Tseran & Montúfar 2023, Proposition 6; Zaslavsky's theorem), but chambers thinner
than the solver's
tolerances (≈1e-7 for HiGHS, whatever ``tol`` says) are lost, and an
arrangement with a repeated hyperplane cannot be traversed by single flips at
all.  :func:`compare_with_exact` measures the damage against the exact
enumeration, and :func:`near_degenerate_dataset` is a dataset where it happens.

Every function whose answer depends on floats is named ``float_*``.

Measured with scipy 1.17.1 (HiGHS) on :func:`near_degenerate_dataset` (five
points in R^2, four of them collinear up to ±1e-12, exactly in general
position): exact = 22 chambers (= 2(1 + 4 + 6), by Proposition 6), float baseline
= 16 chambers (6 thin chambers missing, none spurious), for ``tol`` in
{1e-9, 1e-12, 0} and seeds 0-4.  Scanning the perturbation eps = 10^-k: the
float count is right (22) for k <= 8 and wrong (16) for every k in 9..15.
On :func:`large_collinear_dataset` (exactly degenerate, 20 chambers) the float
baseline with ``tol=0`` (accept any positive margin) reports 21: one *spurious*
chamber, an empty cell that HiGHS believes has margin > 0; with ``tol`` 1e-9 or
1e-12 it reports 20.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import exact_points, exact_scalar
from exactrelu.exact.types import MatrixLike, NumberLike, SignVector
from exactrelu.geometry.arrangement import HyperplaneArrangement

__all__ = [
    "FloatComparison",
    "compare_with_exact",
    "float_chambers",
    "float_cone_margin",
    "large_collinear_dataset",
    "near_degenerate_dataset",
]


def _float_normals(normals_or_X: MatrixLike, bias: bool, strict: bool = False) -> Any:
    rows = exact_points(normals_or_X, bias=bias, strict=strict)
    return np.array([[float(v) for v in r] for r in rows], dtype=float)


def float_cone_margin(A: Any, signs: Sequence[int]) -> tuple[float, Any]:
    """Float LP margin max{t : s_i <a_i, w> >= t, |w|_inf <= 1, t <= 1} (HiGHS).

    Returns ``(t, w)`` as floats (w a numpy array), or ``(nan, None)`` if the solver
    fails.  This is the naive float feasibility test; nothing exact about it.

    >>> t, w = float_cone_margin(np.array([[1.0, 0.0], [0.0, 1.0]]), [1, -1])
    >>> round(t, 6)
    1.0
    """
    from scipy.optimize import linprog

    A = np.asarray(A, dtype=float)
    s = np.asarray(signs, dtype=float)
    n, D = A.shape
    c = np.zeros(D + 1)
    c[-1] = -1.0
    res = linprog(
        c,
        A_ub=np.hstack([-(s[:, None] * A), np.ones((n, 1))]),
        b_ub=np.zeros(n),
        bounds=[(-1.0, 1.0)] * D + [(None, 1.0)],
        method="highs",
    )
    if res.status != 0 or res.x is None:
        return float("nan"), None
    return float(-res.fun), res.x[:D]


def float_chambers(
    normals_or_X: MatrixLike,
    bias: bool = True,
    *,
    tol: float = 1e-9,
    seed: int = 0,
    limit: int = 100000,
    strict: bool = False,
) -> list[SignVector]:
    """Chambers found by a float breadth-first search over single sign flips.

    Parameters
    ----------
    normals_or_X : table of numbers, shape (N, d)
        Data points (``bias=True``: normals (x_i, 1)) or normals (``bias=False``).
    bias : bool
    tol : float
        A sign vector is accepted iff the float LP margin exceeds ``tol``.
    seed : int
        Seed of the random starting point.
    limit : int
        Stop with :class:`SizeLimitError` after this many accepted chambers.
    strict : bool
        Refuse binary floats in the input (the method itself is float all the same).

    Returns
    -------
    list of tuple
        Sorted sign vectors over {-1, +1} that the float method believes are
        chambers.  **Not certified**: may miss thin chambers or accept empty ones.

    Raises
    ------
    SizeLimitError
        More than ``limit`` chambers accepted.

    Notes
    -----
    Cost: one HiGHS LP per (accepted chamber, index) pair not seen before, i.e.
    up to N · #chambers LPs.

    Examples
    --------
    >>> len(float_chambers([[0], [1], [2]]))
    6
    """
    A = _float_normals(normals_or_X, bias, strict)
    n, D = A.shape
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        w = rng.standard_normal(D)
        v = A @ w
        if np.all(v != 0):
            break
    else:  # pragma: no cover - needs a zero row
        raise InvalidDataError("float_chambers: could not find a generic starting point (zero normal?)")
    start = tuple(int(x) for x in np.sign(v))
    seen: dict[SignVector, bool] = {start: True}
    queue = [start]
    found = [start]
    while queue:
        current = queue.pop(0)
        for i in range(n):
            nb = current[:i] + (-current[i],) + current[i + 1 :]
            if nb in seen:
                continue
            t, _ = float_cone_margin(A, nb)
            ok = bool(t > tol)
            seen[nb] = ok
            if ok:
                found.append(nb)
                queue.append(nb)
                if len(found) > limit:
                    raise SizeLimitError("float chambers", len(found), limit)
    return sorted(found)


@dataclass(frozen=True)
class FloatComparison:
    """Where the float baseline and the exact enumeration disagree.

    Attributes
    ----------
    exact_count, float_count : int
        Number of chambers found exactly / by :func:`float_chambers`.
    n_regions : int
        Chamber count from the characteristic polynomial (independent of both).
    missing : tuple of sign vectors
        Chambers the float method missed, each with an exact integer witness in
        ``missing_witnesses``.
    spurious : tuple of sign vectors
        Sign vectors the float method accepted that are empty, each with an exact
        Gordan vector in ``spurious_certificates``.
    """

    exact_count: int
    float_count: int
    n_regions: int
    missing: tuple[SignVector, ...]
    spurious: tuple[SignVector, ...]
    missing_witnesses: dict[SignVector, tuple[int, ...]] = field(default_factory=dict)
    spurious_certificates: dict[SignVector, tuple[int, ...] | None] = field(default_factory=dict)

    @property
    def agree(self) -> bool:
        """True iff the float method found exactly the exact chambers."""
        return not self.missing and not self.spurious

    def summary(self) -> str:
        """One-line human-readable summary."""
        return (
            f"exact {self.exact_count} chambers (χ(-1) gives {self.n_regions}), float {self.float_count}: "
            f"{len(self.missing)} missing, {len(self.spurious)} spurious"
        )


def compare_with_exact(
    X: MatrixLike, bias: bool = True, *, tol: float = 1e-9, seed: int = 0, strict: bool = False
) -> FloatComparison:
    """Run :func:`float_chambers` and the exact enumeration on ``X`` and compare.

    Parameters
    ----------
    X : table of exact numbers (Fractions, ints, exact strings), shape (N, d)
        The float method sees ``float(x)`` of every coordinate; the exact method
        the numbers themselves.
    bias, tol, seed, strict
        As for :func:`float_chambers`.

    Returns
    -------
    FloatComparison
        Counts, the missing chambers (with exact witnesses) and the spurious sign
        vectors (with exact Gordan certificates, from :mod:`exactrelu.exact.lp`).

    Examples
    --------
    >>> r = compare_with_exact(near_degenerate_dataset())
    >>> r.exact_count, r.n_regions, r.float_count, len(r.missing), len(r.spurious)
    (22, 22, 16, 6, 0)
    >>> compare_with_exact([[0, 0], [1, 0], [0, 1]]).agree
    True
    """
    arr = HyperplaneArrangement.from_data(X, bias=bias, strict=strict)
    chambers = arr.chambers()
    exact = {tuple(c.signs): tuple(c.witness) for c in chambers}
    fl = set(float_chambers(X, bias=bias, tol=tol, seed=seed, strict=strict))
    missing = tuple(sorted(set(exact) - fl))
    spurious = tuple(sorted(fl - set(exact)))
    certs = {}
    for s in spurious:
        r = cone_feasibility(arr.normals, s)
        check(not r.feasible, f"{s} is feasible but missing from the exact enumeration")
        certs[s] = r.certificate
    return FloatComparison(
        exact_count=len(exact),
        float_count=len(fl),
        n_regions=arr.n_regions(),
        missing=missing,
        spurious=spurious,
        missing_witnesses={s: exact[s] for s in missing},
        spurious_certificates=certs,
    )


def near_degenerate_dataset(eps: NumberLike = Fraction(1, 10**12)) -> list[list[Fraction]]:
    """Five points in R^2, four of them collinear up to ±eps: floats get the chambers wrong.

    The points are (0, 0), (1, eps), (2, -eps), (3, 0) -- almost on the x-axis --
    and (1, 2).  For every eps != 0 small enough, they are exactly in general
    position (no three on a line), so with a bias the arrangement has
    2(C(4,0) + C(4,1) + C(4,2)) = 22 chambers (Karhadkar et al. 2023, Proposition 6).
    For eps = 1e-12 six of them are thinner than any float LP tolerance and
    :func:`float_chambers` finds 16 (measured with scipy 1.17.1 / HiGHS, for
    ``tol=1e-9`` and ``tol=0``); see :func:`compare_with_exact`.

    Parameters
    ----------
    eps : Fraction
        The perturbation (exact).  With eps = 0 the data is degenerate (four
        collinear points: 16 chambers, which is what floats see for tiny eps).

    Returns
    -------
    list of list of Fraction

    Examples
    --------
    >>> near_degenerate_dataset()[1]
    [Fraction(1, 1), Fraction(1, 1000000000000)]
    """
    eps = exact_scalar(eps, name="eps")
    return [
        [Fraction(0), Fraction(0)],
        [Fraction(1), eps],
        [Fraction(2), -eps],
        [Fraction(3), Fraction(0)],
        [Fraction(1), Fraction(2)],
    ]


def large_collinear_dataset() -> list[list[int]]:
    """Five points, three of them exactly collinear with large coordinates: floats invent a chamber.

    The points (k·10^8, k·(10^8 + 1)) for k = 1, 2, 3 lie exactly on one line
    (through the origin), plus (0, 1) and (1, 0).  With a bias the arrangement
    has 20 chambers (exactly degenerate: three planes share a line).  The float
    baseline with ``tol=0`` reports 21 (measured with scipy 1.17.1 / HiGHS,
    seeds 0-4): one sign vector whose cell is empty gets a float margin > 0.
    :func:`compare_with_exact` returns that sign vector with an exact Gordan
    certificate of emptiness.

    Examples
    --------
    >>> r = compare_with_exact(large_collinear_dataset(), tol=0.0)
    >>> r.exact_count, r.float_count, len(r.spurious)
    (20, 21, 1)
    """
    big = 10**8
    return [[big, big + 1], [2 * big, 2 * big + 2], [3 * big, 3 * big + 3], [0, 1], [1, 0]]
