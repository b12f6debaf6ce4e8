"""Exact fractions of activation regions, and the rigorous threshold tests of the probabilistic statements.

Karhadkar, Murray, Tseran & Montúfar 2023 count activation regions: Theorem 5 over all
2^{d_1 n} binary matrices A, Corollary 8 and Theorems 10 and 12 over the non-empty
regions.  A non-empty region of a layer of d_1 units is a d_1-tuple of chambers of one
unit's arrangement, every tuple counted once (uniform counting measure, i.e. rows iid
uniform on the chambers).  Every property used here (rank of the Jacobian, diversity,
completeness) depends only on the *set* of distinct rows, so the fraction of regions
with the property is

    Σ_{S ⊆ chambers} surj(d_1, |S|) · [property(S)] / |chambers|^{d_1},

with surj(d, k) = k! S(d, k) the number of maps of d units onto k given rows
(:func:`set_weighted_fraction`): exact fractions over regions far too many to list.

The widths of the theorems are real numbers (2n log(n/ε), ...): :func:`at_least_log`
decides d ≥ s · log(a) exactly, with python-flint's ball arithmetic (rigorous
enclosures), never with a float.  :func:`coverage_probability` is the exact coupon
collector probability of Lemma 11, :func:`singular_01_fraction` the exact fraction of
singular d × d 0/1 matrices (the quantity that Bourgain, Vu & Wood 2010, Theorem 3 of
the paper, bounds), used in place of the asymptotic bound in the proof of Theorem 5.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import TypeVar

import flint

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.linalg import rank

__all__ = [
    "SINGULAR_01_COUNTS",
    "at_least_log",
    "count_singular_01",
    "coverage_probability",
    "coverage_probability_bruteforce",
    "dependent_01_fraction",
    "set_weighted_fraction",
    "singular_01_fraction",
    "surjections",
]

T = TypeVar("T", bound=Hashable)

#: number of singular d × d matrices with entries in {0, 1}, d = 1..5 (OEIS A046747);
#: d ≤ 3 is re-derived by :func:`count_singular_01` in the tests, d = 4 in benchmarks
SINGULAR_01_COUNTS = {1: 1, 2: 10, 3: 338, 4: 42976, 5: 21040112}


def surjections(d: int, k: int) -> int:
    """Number of maps from a d-set onto a k-set, k! S(d, k), by inclusion–exclusion.

    >>> surjections(3, 2), surjections(2, 3), surjections(0, 0)
    (6, 0, 1)
    """
    if d < 0 or k < 0:
        raise InvalidDataError(f"surjections needs d, k >= 0, got d={d}, k={k}")
    return sum((-1) ** j * math.comb(k, j) * (k - j) ** d for j in range(k + 1))


def set_weighted_fraction(types: Sequence[T], units: int, prop: Callable[[frozenset[T]], bool]) -> Fraction:
    """Exact fraction of the |types|^units tuples whose *set* of entries satisfies ``prop``.

    Σ_S surj(units, |S|) [prop(S)] / |types|^units over the non-empty subsets S of types.

    >>> set_weighted_fraction(["a", "b"], 3, lambda s: len(s) == 2)  # both letters among 3 draws
    Fraction(3, 4)
    """
    if units < 1 or not types:
        raise InvalidDataError("set_weighted_fraction needs units >= 1 and at least one type")
    if len(set(types)) != len(types):
        raise InvalidDataError("the types must be distinct")
    if len(types) > 16:
        raise InvalidDataError(f"{len(types)} types: 2^{len(types)} subsets is too many to enumerate")
    good = 0
    for size in range(1, min(len(types), units) + 1):
        weight = surjections(units, size)
        for subset in itertools.combinations(types, size):
            if prop(frozenset(subset)):
                good += weight
    return Fraction(good, len(types) ** units)


def at_least_log(d: int | Fraction, scale: int | Fraction, argument: int | Fraction) -> bool:
    """Decide d ≥ scale · ln(argument) exactly (scale > 0, argument > 0), by ball arithmetic.

    Equivalent to exp(d / scale) ≥ argument; the comparison is made on arb balls whose
    precision is raised until it is decided (it always is: exp of a non-zero rational is
    irrational, and for d = 0 the test is 1 ≥ argument, done in rationals).

    >>> at_least_log(30, 8, 40), at_least_log(29, 8, 40)  # 8 ln 40 = 29.51...
    (True, False)
    """
    d, scale, argument = Fraction(d), Fraction(scale), Fraction(argument)
    if scale <= 0 or argument <= 0:
        raise InvalidDataError(f"at_least_log needs scale > 0 and argument > 0, got {scale}, {argument}")
    if d == 0:
        return argument <= 1
    prec = 64
    while prec <= 1 << 14:
        old = flint.ctx.prec
        flint.ctx.prec = prec
        try:
            q = flint.arb(d.numerator) / flint.arb(d.denominator * scale.numerator) * scale.denominator
            lhs = q.exp()
            rhs = flint.arb(argument.numerator) / flint.arb(argument.denominator)
            if lhs >= rhs:
                return True
            if lhs < rhs:
                return False
        finally:
            flint.ctx.prec = old
        prec *= 2
    raise InvalidDataError(f"could not decide {d} >= {scale} ln({argument})")  # pragma: no cover


def _check_distribution(p: Sequence[Fraction], n: int, d: int) -> list[Fraction]:
    probs = [Fraction(x) for x in p]
    if any(x < 0 for x in probs) or sum(probs) != 1:
        raise InvalidDataError("p must be a probability vector (non-negative, summing to 1 exactly)")
    if not 1 <= n <= len(probs) or d < 0:
        raise InvalidDataError(f"need 1 <= n <= m = {len(probs)} and d >= 0, got n={n}, d={d}")
    return probs


def coverage_probability(p: Sequence[Fraction], n: int, d: int) -> Fraction:
    """P([n] ⊆ {C_1, ..., C_d}) for C_i iid with P(C = j) = p[j-1], exactly (inclusion–exclusion).

    Σ_{S ⊆ [n]} (−1)^{|S|} (1 − p(S))^d.

    >>> coverage_probability([Fraction(1, 2), Fraction(1, 2)], 2, 2)
    Fraction(1, 2)
    """
    probs = _check_distribution(p, n, d)
    if n > 20:
        raise InvalidDataError(f"n = {n} > 20: 2^n terms is too many")
    total = Fraction(0)
    for size in range(n + 1):
        for subset in itertools.combinations(range(n), size):
            total += (-1) ** size * (1 - sum((probs[j] for j in subset), Fraction(0))) ** d
    return total


def coverage_probability_bruteforce(p: Sequence[Fraction], n: int, d: int) -> Fraction:
    """The same probability by summing over all m^d outcome sequences (independent check, m^d ≤ 10^5).

    >>> coverage_probability_bruteforce([Fraction(1, 2), Fraction(1, 2)], 2, 2)
    Fraction(1, 2)
    """
    probs = _check_distribution(p, n, d)
    m = len(probs)
    if m**d > 100_000:
        raise InvalidDataError(f"m^d = {m}^{d} outcome sequences is too many to list")
    total = Fraction(0)
    for seq in itertools.product(range(m), repeat=d):
        if set(range(n)) <= set(seq):
            total += math.prod((probs[j] for j in seq), start=Fraction(1))
    return total


def count_singular_01(d: int) -> int:
    """Number of singular d × d 0/1 matrices, by enumeration (exact ranks; d ≤ 4).

    >>> count_singular_01(2)
    10
    """
    if not 1 <= d <= 4:
        raise InvalidDataError(f"count_singular_01 enumerates 2^(d^2) matrices; d must be 1..4, got {d}")
    rows = list(itertools.product((0, 1), repeat=d))
    return sum(1 for M in itertools.product(rows, repeat=d) if rank(M) < d)


def singular_01_fraction(d: int) -> Fraction:
    """Exact probability that a uniformly random d × d 0/1 matrix is singular (d = 1..5).

    >>> singular_01_fraction(1), singular_01_fraction(3)
    (Fraction(1, 2), Fraction(169, 256))
    """
    if d not in SINGULAR_01_COUNTS:
        raise InvalidDataError(f"the singular fraction is tabulated for d = 1..5, got {d}")
    return Fraction(SINGULAR_01_COUNTS[d], 2 ** (d * d))


def dependent_01_fraction(d: int, k: int) -> Fraction:
    """Exact probability that k iid uniform vectors of {0,1}^d are linearly dependent (over Q).

    1 for k > d; for k = d the singular fraction of d × d 0/1 matrices.  A tuple with a
    repeated vector is dependent; tuples of k distinct vectors are counted through the
    C(2^d, k) sets (k! orders each), each rank exact.  Enumerated for C(2^d, k) ≤ 5000,
    otherwise (k = d ≤ 5) read from :data:`SINGULAR_01_COUNTS`.

    >>> dependent_01_fraction(2, 2), dependent_01_fraction(2, 1), dependent_01_fraction(1, 2)
    (Fraction(5, 8), Fraction(1, 4), Fraction(1, 1))
    """
    if d < 1 or k < 1:
        raise InvalidDataError(f"dependent_01_fraction needs d, k >= 1, got d={d}, k={k}")
    if k > d:
        return Fraction(1)
    vectors = list(itertools.product((0, 1), repeat=d))
    if math.comb(len(vectors), k) > 5000:
        if k == d:
            return singular_01_fraction(d)
        raise InvalidDataError(f"C(2^{d}, {k}) vector sets is too many to enumerate")
    independent_sets = sum(1 for S in itertools.combinations(vectors, k) if rank(S) == k)
    return 1 - Fraction(math.factorial(k) * independent_sets, 2 ** (d * k))
