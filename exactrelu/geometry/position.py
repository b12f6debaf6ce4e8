"""General position of vectors and data sets, with exact counterexamples.

Two notions are used by the papers this package implements:

* **Linear general position** (Karhadkar, Murray, Tseran & Montúfar 2023, section 4
  and the proof of Proposition 6): vectors v_1, ..., v_n in R^D are in general position if every
  k <= D of them are linearly independent; equivalently every min(n, D)-subset
  is independent (section 4 prints "k < d"; the proof in Appendix B uses "any
  d columns are linearly independent", which is what is tested here).
  Proposition 6 also uses general position *in a d-dimensional linear space*: the
  vectors span a space of dimension r and any r of them are independent
  (``within_span=True`` here).
* **Affine general position** of a data set x_1, ..., x_N in R^d (Matena &
  Raffel 2022, section 4.1): no nontrivial affine dependency
  Σ c_i x_i = 0, Σ c_i = 0 among any d + 1 of the points.  This is exactly
  linear general position of the homogenised points x̄_i = (x_i, 1) in R^{d+1}.

A failure is reported with a *counterexample*: a minimal dependent subset (a
circuit) and an exact integer dependency on it, re-checked with
:func:`exactrelu.exact.certificates.verify_dependency` /
:func:`~exactrelu.exact.certificates.verify_affine_dependency` before it is returned.
A success is reported with the number of subsets certified independent.

Algorithm (n vectors in R^D, k = min(n, D)):

1. zero vectors (dependent 1-subsets);
2. parallel pairs, by hashing the primitive integer direction (O(n log n));
3. the rank of all vectors (if it is below k, every k-subset is dependent);
4. only when n > k >= 3: every k-subset, as follows.  For each
   (k-1)-subset S the integer kernel vector c_S of S (the generalised cross
   product, by one exact flint kernel computation) is computed; the k-subsets
   S ∪ {j}, j > max S, are dependent iff <c_S, v_j> = 0.  The dot products of a
   batch of c_S with all v_j are evaluated modulo a prime in vectorised int64
   arithmetic, and only the entries vanishing modulo the prime are recomputed
   exactly (a nonzero residue proves a nonzero integer, so nothing is decided
   by chance).  This costs C(n, k-1) kernels of (k-1) x k matrices plus
   C(n, k-1) * n vectorised modular dot products, instead of C(n, k) exact
   determinants.

Two faster exact variants of step 4 are selectable (``method=``): the *pencil
scan* (one flint kernel per (k-2)-subset, slopes modulo a prime) and the *modular
scan* (no per-subset Python work at all: the tree of sorted prefixes is walked
with fraction-free elimination modulo a prime below 2^31, vectorised in numpy
int64 over blocks of prefixes; a subset independent modulo p is independent over
Q, and only the subsets that vanish modulo p are decided exactly).

Step 4 examines C(n, k) subsets; it refuses to start (raising
:class:`~exactrelu.exact.errors.SizeLimitError`) when C(n, k) exceeds ``limit``
(default :data:`DEFAULT_LIMIT`, overridable by the environment variable
``EXACTRELU_POSITION_LIMIT``).  Measured on one core (points with 6-7 digit
coordinates): N = 80 points in R^2 (C(80, 3) = 82,160 triples) 0.03 s; N = 25
points in R^4 (C(25, 5) = 53,130 subsets) 0.15 s; 100 vectors in R^4 (3.9
million 4-subsets) 0.9 s; 30 vectors in R^6 (593,775 subsets) 1.2 s.

References
----------
Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks
have a favorable loss landscape", section 4 and Appendix B.
Matena & Raffel 2022, "A Combinatorial Perspective on the Optimization of Shallow
ReLU Networks", section 4.1.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.exact import limits, linalg
from exactrelu.exact.certificates import check, verify_affine_dependency, verify_dependency
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_matrix, homogenise, primitive_rows
from exactrelu.exact.types import MatrixLike
from exactrelu.geometry.engine import IntVector, canonical_direction

__all__ = [
    "DEFAULT_LIMIT",
    "PENCIL_LIMIT",
    "GeneralPositionResult",
    "affine_general_position",
    "circuit",
    "general_position",
    "linear_general_position",
    "pencil_cost",
]

DEFAULT_LIMIT = 10**7
"""Largest number of k-subsets :func:`linear_general_position` examines one by one."""

PENCIL_LIMIT = 6 * 10**7
"""Largest work C(n, k-2)·n of the pencil scan (``method="pencils"``); env ``EXACTRELU_PENCIL_LIMIT``.

About 0.5 s for 3,000 points in the plane with a bias (k = 3, 9·10^6), measured on one core.
"""

_PENCIL_PRIME = 1048573  # the largest prime below 2^20: its inverse table has 8 MB
_PENCIL_ROWS = 256
_inverse_table: Any = None

_BATCH = 2048
_PRIME = 268435399  # the largest prime below 2^28


@dataclass(frozen=True)
class GeneralPositionResult:
    """Outcome of a general-position test.

    Truthy iff the vectors (or points) are in general position.

    Attributes
    ----------
    holds : bool
        Whether general position holds.
    kind : str
        ``"linear"`` or ``"affine"``.
    n : int
        Number of vectors (points).
    dimension : int
        Ambient dimension D of the vectors (for ``"affine"``: d of the points; the
        homogenised vectors live in R^{d+1}).
    rank : int
        Rank of the vectors (for ``"affine"``: of the homogenised points).
    subset_size : int
        The size k of the subsets that must all be independent.
    subset : tuple of int or None
        On failure: indices of a minimal dependent subset (a circuit).
    coefficients : tuple of int or None
        On failure: a nonzero primitive integer vector c with Σ c_i v_i = 0 over
        ``subset`` (for ``"affine"`` also Σ c_i = 0); all entries are nonzero.
    reason : str
        ``"zero vector"``, ``"parallel pair"``, ``"low rank"``,
        ``"dependent subset"`` on failure; ``"certified"`` on success.
    certificate : dict
        On success: how it was certified (``"subsets_certified"`` = C(n, k),
        ``"method"``); on failure: the dependency, already re-verified.
    """

    holds: bool
    kind: str
    n: int
    dimension: int
    rank: int
    subset_size: int
    subset: tuple[int, ...] | None = None
    coefficients: tuple[int, ...] | None = None
    reason: str = "certified"
    certificate: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.holds

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of all fields."""
        return to_jsonable(
            {
                "holds": self.holds,
                "kind": self.kind,
                "n": self.n,
                "dimension": self.dimension,
                "rank": self.rank,
                "subset_size": self.subset_size,
                "subset": list(self.subset) if self.subset is not None else None,
                "coefficients": list(self.coefficients) if self.coefficients is not None else None,
                "reason": self.reason,
                "certificate": dict(self.certificate),
            }
        )

    def describe(self) -> str:
        """One human-readable line.

        >>> linear_general_position([(1, 0), (2, 0)]).describe()
        'not in linear general position (parallel pair): (2)·v0 + (-1)·v1 = 0'
        """
        what = "points" if self.kind == "affine" else "vectors"
        if self.holds:
            return (
                f"{self.n} {what} are in {self.kind} general position "
                f"(all {self.certificate.get('subsets_certified')} subsets of size "
                f"{self.subset_size} independent)"
            )
        terms = " + ".join(
            f"({c})·{'x' if self.kind == 'affine' else 'v'}{i}"
            for c, i in zip(self.coefficients or (), self.subset or ())
        )
        extra = " with coefficient sum 0" if self.kind == "affine" else ""
        return f"not in {self.kind} general position ({self.reason}): {terms} = 0{extra}"


def circuit(vectors: Sequence[Sequence[Any]], indices: Iterable[int]) -> tuple[tuple[int, ...], IntVector]:
    """Shrink a dependent set of vectors to a circuit (minimal dependent subset).

    Parameters
    ----------
    vectors : sequence of rational vectors
    indices : iterable of int
        Indices of a linearly dependent subset of ``vectors``.

    Returns
    -------
    (subset, coefficients) : (tuple of int, tuple of int)
        A minimal dependent subset (sorted) and its (unique up to scale)
        primitive integer dependency, first entry positive; all entries nonzero.

    Raises
    ------
    ValueError
        The vectors at ``indices`` are linearly independent.

    Examples
    --------
    >>> circuit([(1, 0), (0, 1), (2, 0)], [0, 1, 2])
    ((0, 2), (2, -1))
    """
    T = sorted(set(indices))
    if linalg.rank([vectors[i] for i in T]) == len(T):
        raise ValueError(f"the vectors {T} are linearly independent")
    i = 0
    while i < len(T):
        rest = T[:i] + T[i + 1 :]
        if rest and linalg.rank([vectors[j] for j in rest]) < len(rest):
            T = rest
        else:
            i += 1
    dep = linalg.dependency([vectors[j] for j in T])
    if dep is None:  # pragma: no cover - T is dependent by construction
        raise ValueError(f"the vectors {T} are linearly independent")
    return tuple(T), canonical_direction(dep)[0]


def _failure(
    kind: str,
    vectors: Sequence[Sequence[Fraction]],
    points: Sequence[Sequence[Fraction]],
    n: int,
    dimension: int,
    r: int,
    k: int,
    indices: Iterable[int],
    reason: str,
) -> GeneralPositionResult:
    subset, c = circuit(vectors, indices)
    if kind == "affine":
        check(verify_affine_dependency([points[i] for i in subset], c), "affine dependency")
    else:
        check(verify_dependency([vectors[i] for i in subset], c), "linear dependency")
    return GeneralPositionResult(
        holds=False,
        kind=kind,
        n=n,
        dimension=dimension,
        rank=r,
        subset_size=k,
        subset=subset,
        coefficients=c,
        reason=reason,
        certificate={"dependency_verified": True, "subset": list(subset), "coefficients": list(c)},
    )


def _scan_square(
    Q: Sequence[Sequence[int]], n: int, k: int, limit: int | None
) -> tuple[tuple[int, ...] | None, int]:
    """All k-subsets of the n integer vectors Q in Z^k; return a dependent one or None.

    Returns (dependent_indices or None, number of k-subsets certified).

    The dot products <c_S, v_j> are first evaluated modulo a prime p < 2^28 in
    vectorised int64 arithmetic (no overflow: k p^2 < 2^63 for k <= 64); only
    the entries that vanish mod p (a fraction about 1/p of the nonzero ones) are
    re-evaluated exactly with Python integers.  A nonzero residue proves a
    nonzero integer, so the filter is rigorous.
    """
    total = math.comb(n, k)
    limits.guard(
        f"{k}-subsets of {n} vectors (general-position minors)",
        total,
        limit,
        env="EXACTRELU_POSITION_LIMIT",
        default=DEFAULT_LIMIT,
    )
    if k > 64:  # pragma: no cover - far beyond any enumerable size
        raise SizeLimitError("dimensions for the modular filter", k, 64)
    p = _PRIME
    QTp = np.array([[Q[j][a] % p for j in range(n)] for a in range(k)], dtype=np.int64)
    cols = np.arange(n)
    certified = 0
    batch_sets: list[tuple[int, ...]] = []
    batch_vecs: list[list[int]] = []

    def flush() -> tuple[int, ...] | None:
        nonlocal certified
        if not batch_sets:
            return None
        Cp = np.array([[x % p for x in v] for v in batch_vecs], dtype=np.int64)
        prod = (Cp @ QTp) % p
        starts = np.array([S[-1] + 1 for S in batch_sets])
        cand = (prod == 0) & (cols[None, :] >= starts[:, None])
        for b, j in zip(*np.nonzero(cand)):  # row-major: first hit in enumeration order
            if linalg.dot(batch_vecs[b], Q[j]) == 0:
                return batch_sets[b] + (int(j),)
        certified += int((n - starts).sum())
        batch_sets.clear()
        batch_vecs.clear()
        return None

    for S in itertools.combinations(range(n - 1), k - 1):
        M = flint.fmpz_mat(k - 1, k, [x for i in S for x in Q[i]])
        N, nullity = M.nullspace()
        if nullity != 1:
            return S, certified
        batch_sets.append(S)
        batch_vecs.append([int(N[a, 0]) for a in range(k)])
        if len(batch_sets) >= _BATCH:
            found = flush()
            if found is not None:
                return found, certified
    found = flush()
    return found, certified


def _primitive_root(p: int) -> int:
    """Smallest generator of the multiplicative group modulo the prime p (trial division of p - 1)."""
    m, factors, f = p - 1, [], 2
    while f * f <= m:
        if m % f == 0:
            factors.append(f)
            while m % f == 0:
                m //= f
        f += 1
    if m > 1:
        factors.append(m)
    g = 2
    while any(pow(g, (p - 1) // q, p) == 1 for q in factors):
        g += 1
    return g


def _inverses() -> Any:
    """Table of the inverses modulo :data:`_PENCIL_PRIME` (entry 0 unused), built once.

    With a generator g, g^i has the inverse g^(p-1-i); the powers g^(bj + i) are one
    outer product of two short power tables (a few milliseconds, no exponentiation
    per entry).
    """
    global _inverse_table
    if _inverse_table is None:
        p = _PENCIL_PRIME
        g, b = _primitive_root(p), 1024
        small = np.array([pow(g, i, p) for i in range(b)], dtype=np.int64)
        big = np.array([pow(g, b * j, p) for j in range(-(-(p - 1) // b))], dtype=np.int64)
        powers = (big[:, None] * small[None, :] % p).ravel()[: p - 1]  # g^0 .. g^(p-2)
        out = np.zeros(p, dtype=np.int64)
        out[powers] = powers[(-np.arange(p - 1)) % (p - 1)]
        _inverse_table = out
    return _inverse_table


def pencil_cost(n: int, k: int) -> int:
    """Work of :func:`_scan_pencils` on n vectors in Z^k: C(n, k-2)·n slope keys (0 if k < 3 or n <= k)."""
    return math.comb(n, k - 2) * n if n > k >= 3 else 0


def _scan_pencils(
    Q: Sequence[Sequence[int]], n: int, k: int, limit: int | None
) -> tuple[tuple[int, ...] | None, int]:
    """All k-subsets of the n integer vectors Q in Z^k, one pencil at a time; a dependent one or None.

    Every k-subset is S ∪ {j, j'} with S its k-2 smallest indices.  For each S
    the integer kernel N (k x 2) of the rows of S (flint, exact) gives the map
    q(v) = N^T v, whose kernel is span(S) when S is independent; then S ∪ {j, j'}
    is dependent iff q(v_j) and q(v_j') are parallel.  Parallel integer vectors
    have the same slope modulo the prime p (a projective point of F_p), so the
    slopes of all j > max S are computed modulo p in vectorised int64 arithmetic
    and sorted: only equal slopes and vectors vanishing modulo p are recomputed
    exactly, and distinct residues prove independence.  Nothing is decided by
    chance; a bad prime only costs exact re-checks.  Work: C(n, k-2) kernels and
    C(n, k-2)·n slopes, against C(n, k-1) kernels for the subset scan.
    """
    limits.guard(
        f"slopes of {k}-subsets of {n} vectors (pencil scan for general position)",
        pencil_cost(n, k),
        limit,
        env="EXACTRELU_PENCIL_LIMIT",
        default=PENCIL_LIMIT,
    )
    p = _PENCIL_PRIME
    inv = _inverses()
    Qp = np.array([[x % p for x in v] for v in Q], dtype=np.int64)  # n x k
    cols = np.arange(n)
    certified = 0
    batch: list[tuple[tuple[int, ...], list[list[int]]]] = []

    def exact_q(N: list[list[int]], j: int) -> tuple[int, int]:
        v = Q[j]
        return (sum(a * b for a, b in zip(N[0], v)), sum(a * b for a, b in zip(N[1], v)))

    def parallel_pair(N: list[list[int]], js: Iterable[int]) -> tuple[int, ...] | None:
        # exact: two of the js with parallel q (or one with q = 0)
        seen: dict[IntVector, int] = {}
        for j in js:
            q = exact_q(N, int(j))
            if not any(q):
                return (int(j),)
            key = canonical_direction(q)[0]
            if key in seen:
                return (seen[key], int(j))
            seen[key] = int(j)
        return None

    def flush() -> tuple[int, ...] | None:
        nonlocal certified
        if not batch:
            return None
        lo = min(S[-1] for S, _ in batch) + 1  # no column j <= max S of every pencil is needed
        c = cols[lo:]
        Np = np.array([[x % p for row in N for x in row] for _, N in batch], dtype=np.int64)  # B x 2k
        a = (Np[:, :k] @ Qp[lo:].T) % p  # B x (n - lo); entries < k p^2 < 2^63
        b = (Np[:, k:] @ Qp[lo:].T) % p
        starts = np.array([S[-1] + 1 for S, _ in batch])
        valid = c[None, :] >= starts[:, None]
        doubt = valid & (a == 0) & (b == 0)
        # slope b/a modulo p, or p for a = 0; unique negative keys for j <= max S and
        # for the doubtful j (q ≡ 0 mod p), which are checked exactly below
        key = np.where(a != 0, b * inv[a] % p, p)
        key = np.where(valid & ~doubt, key, np.where(doubt, -1 - c, -1 - n - c))
        srt = np.sort(key, axis=1)
        dup_rows = np.nonzero(((srt[:, 1:] == srt[:, :-1]) & (srt[:, 1:] >= 0)).any(axis=1))[0]
        hits = {int(r) for r in dup_rows} | {int(r) for r in np.nonzero(doubt.any(axis=1))[0]}
        for r in sorted(hits):  # rows in enumeration order: the first dependent subset found
            S, N = batch[r]
            row = key[r]
            if doubt[r].any():  # q ≡ 0 mod p: compare exactly with the whole row
                found = parallel_pair(N, lo + np.nonzero(valid[r])[0])
            else:
                found = None
                vals, counts = np.unique(row[row >= 0], return_counts=True)
                for v in vals[counts > 1]:
                    found = parallel_pair(N, lo + np.nonzero(row == v)[0])
                    if found is not None:
                        break
            if found is not None:
                return S + found
        certified += sum(math.comb(n - 1 - S[-1], 2) for S, _ in batch)
        batch.clear()
        return None

    for S in itertools.combinations(range(n - 2), k - 2):
        M = flint.fmpz_mat(k - 2, k, [x for i in S for x in Q[i]])
        N, nullity = M.nullspace()
        if nullity != 2:
            return S, certified
        batch.append((S, [[int(N[a, c]) for a in range(k)] for c in range(2)]))
        if len(batch) >= _PENCIL_ROWS:
            found = flush()
            if found is not None:
                return found, certified
    found = flush()
    return found, certified


MODULAR_LIMIT = 4 * 10**8
"""Largest work C(n, k-1)·n of the modular scan (``method="modular"``); env ``EXACTRELU_MODULAR_LIMIT``.

About 1 s per 10^8 units on one core (numpy int64).
"""

MODULAR_PRIMES = (2147483629, 2147483587, 2147483579)
"""Primes below 2^31 tried in turn by the modular scan; after the last, the exact pencil scan runs."""

_MODULAR_CHUNK = 1 << 19  # int64 entries per child block of the modular scan (4 MiB)


def modular_cost(n: int, k: int) -> int:
    """Work of the modular scan on n vectors in Z^k: C(n, k-1)·n residues (0 if k < 3 or n <= k)."""
    return math.comb(n, k - 1) * n if n > k >= 3 else 0


class _BadPrime(Exception):
    """A minor vanished modulo the prime but not over Z: the prime divides it."""


def _modular_pass(Q: Sequence[Sequence[int]], n: int, k: int, p: int) -> tuple[tuple[int, ...] | None, int]:
    """One modular scan of all k-subsets of the n vectors Q in Z^k (see :func:`_scan_modular`)."""
    cols = np.arange(n)
    Qp = np.array([[x % p for x in v] for v in Q], dtype=np.int64)  # n x k, entries < p < 2^31

    def doubtful(subset: tuple[int, ...], final: bool = False) -> None:
        # the subset is dependent modulo p: decide it over Z.  A k-subset that is
        # independent after all is certified exactly; a shorter one would leave its
        # whole subtree undecided modulo p, so the scan restarts with another prime
        if linalg.rank([Q[i] for i in subset]) < len(subset):
            raise _Found(subset)
        if not final:
            raise _BadPrime(subset)

    def descend(U: Any, off: int, last: Any, pref: Any) -> None:
        # U: P x R x W residues of the prefixes' projections (R = k - m rows) on the columns
        # off..n-1; last: their largest index; pref: P x m indices.  Children S + {j},
        # j > last, in blocks ordered by j, each restricted to the columns after its first j.
        _, R, W = U.shape
        pj, pi = np.nonzero(cols[:, None] > last[None, :])  # j-major
        step = max(1, _MODULAR_CHUNK // (R * W))
        for s in range(0, len(pi), step):
            bi, bj = pi[s : s + step], pj[s : s + step]
            new_off = int(bj[0]) + 1
            u = U[bi, :, bj - off]  # B x R: the projection of v_j
            nz = u != 0
            dead = ~nz.any(axis=1)
            if dead.any():  # S + {j} dependent modulo p
                b = int(np.nonzero(dead)[0][0])
                doubtful(tuple(int(x) for x in pref[bi[b]]) + (int(bj[b]),))
            if new_off >= n:
                continue
            Ub = U[bi][:, :, new_off - off :]  # B x R x W'
            # fraction-free elimination modulo p with the last row as pivot: the child
            # rows are u_last·row_r − u_r·row_last (r < R-1), each term below p^2 < 2^62
            last_ok = nz[:, R - 1]
            if not last_ok.all():  # pivot on another row: swap it into the last place
                c = nz.argmax(axis=1)
                swap = np.nonzero(~last_ok)[0]
                cs = c[swap]
                u = u.copy()
                Ub = Ub.copy()
                u[swap, cs], u[swap, R - 1] = u[swap, R - 1], u[swap, cs]
                rows_c = Ub[swap, cs, :].copy()
                Ub[swap, cs, :] = Ub[swap, R - 1, :]
                Ub[swap, R - 1, :] = rows_c
            child = u[:, R - 1, None, None] * Ub[:, : R - 1, :]
            child -= u[:, : R - 1, None] * Ub[:, R - 1, None, :]
            child %= p
            cpref = np.concatenate([pref[bi], bj[:, None]], axis=1)
            if R == 2:  # the k-subsets S + {j, j'}, j' > j: one residue each
                bad = (child[:, 0, :] == 0) & (cols[None, new_off:] > bj[:, None])
                if bad.any():
                    for b, t in zip(*np.nonzero(bad)):
                        doubtful(tuple(int(x) for x in cpref[b]) + (int(t) + new_off,), final=True)
            else:
                descend(child, new_off, bj, cpref)

    try:
        descend(Qp.T[None, :, :].copy(), 0, np.array([-1]), np.zeros((1, 0), dtype=np.int64))
    except _Found as hit:
        return hit.subset, 0
    return None, math.comb(n, k)


class _Found(Exception):
    """A subset found dependent over Z (exactly)."""

    def __init__(self, subset: tuple[int, ...]) -> None:
        super().__init__(subset)
        self.subset = subset


def _scan_modular(
    Q: Sequence[Sequence[int]], n: int, k: int, limit: int | None
) -> tuple[tuple[int, ...] | None, int]:
    """All k-subsets of the n integer vectors Q in Z^k by vectorised elimination modulo a prime.

    The k-subsets are the leaves of the tree of sorted prefixes S.  For each prefix
    the residues modulo p of a projection of every v_j whose kernel is span(S) are
    kept (a (k-|S|) x n block): fraction-free Gaussian elimination
    u_c·row_r − u_r·row_c with the pivot u_c ≢ 0, vectorised in numpy int64 over
    blocks of prefixes (p < 2^31, so every product is below 2^62).  S + {j} is
    independent modulo p iff the projection of v_j is nonzero modulo p, and a
    subset independent modulo p is independent over Q (a nonzero minor modulo p is
    a nonzero integer): nothing is decided by chance.  A subset that is dependent
    modulo p is decided exactly (flint rank); if it is independent over Q the prime
    divides one of its minors, and the scan restarts with the next prime of
    :data:`MODULAR_PRIMES`, finally with the exact pencil scan.  Work about
    C(n, k-1)·n residues, in blocks of :data:`_MODULAR_CHUNK` entries.
    """
    limits.guard_size(
        f"residues of {k}-subsets of {n} vectors (modular scan for general position)",
        modular_cost(n, k),
        limit,
        env="EXACTRELU_MODULAR_LIMIT",
        default=MODULAR_LIMIT,
        verb="compute",
    )
    for p in MODULAR_PRIMES:
        try:
            return _modular_pass(Q, n, k, p)
        except _BadPrime:
            continue
    return _scan_pencils(Q, n, k, None)


def _primitive_int_rows(rows: Sequence[Sequence[Any]]) -> list[IntVector] | None:
    """The rows as tuples when every entry is a Python int and every row is primitive, else None.

    The fast path for normals that are already primitive integer vectors (as
    :class:`~exactrelu.geometry.arrangement.HyperplaneArrangement` stores them): no
    Fraction is built.
    """
    out = []
    for r in rows:
        if not all(type(x) is int for x in r) or math.gcd(*r) != 1:
            return None
        out.append(tuple(r))
    return out


def _linear(
    vectors: Sequence[Sequence[Fraction]],
    points: Sequence[Sequence[Fraction]],
    kind: str,
    dimension: int,
    within_span: bool,
    limit: int | None,
    method: str = "subsets",
) -> GeneralPositionResult:
    n = len(vectors)
    D = len(vectors[0])
    fast = _primitive_int_rows(vectors)
    P: Sequence[IntVector] = primitive_rows(vectors) if fast is None else fast
    r = linalg.rank(P)
    k = min(n, r if within_span else D)

    def fail(idx: Iterable[int], why: str) -> GeneralPositionResult:
        return _failure(kind, vectors, points, n, dimension, r, k, idx, why)

    # 1. zero vectors
    for i, v in enumerate(P):
        if not any(v):
            return fail([i], "zero vector")
    # 2. parallel pairs (primitive directions up to sign)
    if k >= 2:
        seen: dict[IntVector, int] = {}
        for i, v in enumerate(P):
            key = canonical_direction(v)[0]
            if key in seen:
                return fail([seen[key], i], "parallel pair")
            seen[key] = i
    # 3. rank
    if r < k:
        return fail(range(k), "low rank")
    how = "zero/parallel/rank tests"
    certified = math.comb(n, k)
    # 4. all k-subsets
    if n > k >= 3:
        Q: Sequence[IntVector] = P
        if r < D:  # within_span: coordinates of the span
            cols = linalg.independent_columns(P, r)
            Q = [tuple(v[j] for j in cols) for v in P]
        if method == "modular":
            found, certified_scan = _scan_modular(Q, n, k, limit)
            how = "vectorised elimination modulo p for every k-subset, vanishing residues re-checked exactly"
        elif method == "pencils":
            found, certified_scan = _scan_pencils(Q, n, k, limit)
            how = "slopes of every pencil through a (k-2)-subset, modulo p, equal ones re-checked exactly"
        else:
            found, certified_scan = _scan_square(Q, n, k, limit)
            how = "kernel of every (k-1)-subset dotted with the later vectors (flint, exact)"
        if found is not None:
            return fail(found, "dependent subset")
        assert certified_scan == certified
    return GeneralPositionResult(
        holds=True,
        kind=kind,
        n=n,
        dimension=dimension,
        rank=r,
        subset_size=k,
        reason="certified",
        certificate={
            "subsets_certified": certified,
            "subset_size": k,
            "method": how,
            "within_span": bool(within_span),
        },
    )


def linear_general_position(
    vectors: MatrixLike,
    *,
    within_span: bool = False,
    limit: int | None = None,
    strict: bool = False,
    method: str = "subsets",
) -> GeneralPositionResult:
    """Test whether every min(n, D) of the n vectors in R^D are linearly independent.

    Parameters
    ----------
    vectors : sequence of n rational vectors of length D (rows)
        E.g. the homogenised data x̄_i, or the normals of a central arrangement.
    within_span : bool
        Test general position *within the linear span* instead (Karhadkar et al.
        2023, Proposition 6: "in general position in a d-dimensional linear
        space"): with r the rank of the vectors, every min(n, r) of them are
        independent.
    limit : int, optional
        Refuse to examine more than this many subsets (default
        :data:`DEFAULT_LIMIT`); with ``method="pencils"``, more than this much
        work C(n, k-2)·n (default :data:`PENCIL_LIMIT`).
    strict : bool
        Refuse binary floats in the input.
    method : {"subsets", "pencils", "modular"}
        How the k-subsets are certified when n > k >= 3: ``"subsets"`` (one kernel
        per (k-1)-subset), ``"pencils"`` (one kernel per (k-2)-subset and
        vectorised slopes modulo a prime, equal slopes re-checked exactly; the
        fast choice for many vectors in low dimension, e.g. 3,000 points in the
        plane) or ``"modular"`` (vectorised elimination modulo a prime over all
        k-subsets, vanishing residues re-checked exactly; the fast choice from
        k = 4 on, budget :data:`MODULAR_LIMIT`).  All are exact.

    Returns
    -------
    GeneralPositionResult
        Truthy iff general position holds; otherwise ``.subset`` is a circuit and
        ``.coefficients`` an exact integer dependency on it.

    Raises
    ------
    SizeLimitError
        If C(n, k) > limit and the cheap tests did not already find a dependency.
    InvalidDataError
        Malformed input.

    Notes
    -----
    Cost: O(n log n) for the zero and parallel tests, one exact rank, and when
    n > k >= 3 about C(n, k-1) small exact kernels and C(n, k-1)·n integer dot
    products (see the module docstring).  If n <= k only the rank is needed.

    Examples
    --------
    >>> r = linear_general_position([(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)])
    >>> bool(r), r.certificate["subsets_certified"]
    (True, 4)
    >>> r = linear_general_position([(1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1)])
    >>> bool(r), r.subset, r.coefficients
    (False, (0, 1, 2), (1, 1, -1))
    >>> bool(linear_general_position([(1, 2), (-2, -4)]))
    False
    """
    if method not in ("subsets", "pencils", "modular"):
        raise InvalidDataError(f"method must be 'subsets', 'pencils' or 'modular', got {method!r}")
    V: Sequence[Sequence[Any]] | None = (
        _primitive_int_rows(vectors) if isinstance(vectors, (list, tuple)) else None
    )
    if not V:
        V = exact_matrix(vectors, strict=strict, name="vectors")
    return _linear(V, V, "linear", len(V[0]), within_span, limit, method)


def affine_general_position(
    X: MatrixLike, *, limit: int | None = None, strict: bool = False
) -> GeneralPositionResult:
    """Test whether no d + 1 of the N data points in R^d are affinely dependent.

    Equivalently the homogenised points x̄_i = (x_i, 1) are in linear general
    position in R^{d+1}; for N <= d + 1 all N points must be affinely
    independent.

    Parameters
    ----------
    X : table of N points in R^d
    limit : int, optional
        As in :func:`linear_general_position`.
    strict : bool
        Refuse binary floats in the input.

    Returns
    -------
    GeneralPositionResult
        ``kind == "affine"``; on failure ``.subset`` indexes affinely dependent
        points and ``.coefficients`` satisfies Σ c_i x_i = 0 and Σ c_i = 0.

    Examples
    --------
    >>> bool(affine_general_position([[0, 0], [1, 0], [0, 1], [1, 1]]))
    True
    >>> r = affine_general_position([[0, 0], [1, 1], [3, 3], [5, -2]])
    >>> r.subset, r.coefficients, r.reason
    ((0, 1, 2), (2, -3, 1), 'dependent subset')
    >>> affine_general_position([[2], [5], [2]]).subset
    (0, 2)
    """
    pts = exact_matrix(X, strict=strict, name="data")
    H = homogenise(pts)
    return _linear(H, pts, "affine", len(pts[0]), False, limit)


def general_position(
    X: MatrixLike,
    *,
    bias: bool = True,
    within_span: bool = False,
    limit: int | None = None,
    strict: bool = False,
) -> GeneralPositionResult:
    """Dispatch: affine general position of data if ``bias`` else linear general position.

    With ``bias=True`` and ``within_span=True`` the homogenised points are tested
    for linear general position within their span.

    Parameters
    ----------
    X : table of N points in R^d
    bias : bool
        Test the points x_i affinely (the normals x̄_i = (x_i, 1) of units with a bias),
        or the vectors x_i linearly.
    within_span, limit, strict
        As in :func:`linear_general_position`.

    Returns
    -------
    GeneralPositionResult

    >>> bool(general_position([[1, 2], [2, 4]])), bool(general_position([[1, 2], [2, 4]], bias=False))
    (True, False)
    >>> bool(general_position([[0, 1], [1, 2], [2, 3], [3, 4]], within_span=True))  # on one line
    True
    """
    if bias and not within_span:
        return affine_general_position(X, limit=limit, strict=strict)
    if bias:
        pts = exact_matrix(X, strict=strict, name="data")
        return _linear(homogenise(pts), pts, "affine", len(pts[0]), True, limit)
    return linear_general_position(X, within_span=within_span, limit=limit, strict=strict)
