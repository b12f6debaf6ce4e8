"""Characteristic polynomial of a central arrangement by vectorised Bareiss elimination over its flats.

The flats of rank k + 1 are generated from those of rank k one level at a time, in
numpy arrays, with no per-flat Python object and no order ideal:

* A flat X of rank k is stored as the block U_X of its *Bareiss projections*: after
  k steps of fraction-free Gaussian elimination (Bareiss 1968) of the D x n matrix
  M whose columns are the distinct normals a_1, ..., a_n, with the k pivot columns
  spanning X^⊥, the remaining D − k rows hold, in every column j, the
  (k+1) x (k+1) minors of M on the pivot rows and columns plus row r and column j.
  Column j vanishes iff a_j lies in the span of the pivot columns, i.e. iff the
  hyperplane H_j contains X; so the zero columns of U_X are the zero set Z(X), a
  bit mask that identifies the flat.
* Joining a hyperplane H_h (h ∉ Z(X)) is one more Bareiss step with pivot column h:
  U_Y[r, j] = (u_c U_X[r, j] − u_r U_X[c, j]) / p_X, an exact integer division by
  the previous pivot p_X.
* Möbius function by Weisner's theorem (Stanley 2007, Lecture 1; Aigner 1979): for
  a flat Y of rank k + 1 and its smallest hyperplane a = min Z(Y),
  μ(Y) = −Σ μ(X) over the lower covers X ⋖ Y with a ∉ Z(X).  Each such cover is
  reached exactly once as the pair (X, h = a), and then min Z(X) > h.  So only the
  pairs (X, h) with h < min Z(X) are formed, the new flat Y = X ∨ H_h is kept iff no
  column before h vanishes (h = min Z(Y)), the flats are deduplicated by their zero
  masks, and μ(Y) is minus the sum of μ(X) over the pairs that reach Y.
* χ(t) = Σ_X μ(X) t^{dim X} (Whitney; Stanley 2007, Definition 1.3), so the
  coefficient of t^{D−k} is w_k = Σ_{rank X = k} μ(X).  The last level r − 1 is only
  summed (no deduplication: w_{r−1} = −Σ over the valid pairs of μ(X)) and the top
  flat takes χ(1) = 0.  |χ(−1)| is the number of chambers (Zaslavsky 1975).

Exactness: all arithmetic is on integers.  The entries are minors of size at most
r, bounded (Hadamard) by the product H of the r largest column norms; when
2 H^2 < 2^63 every product fits in int64 (checked on the input, exactly, before any
work), otherwise the same code runs on numpy object arrays of Python integers.

References: T. Zaslavsky, *Facing up to arrangements* (Mem. AMS 154, 1975);
R. Stanley, *An introduction to hyperplane arrangements* (2007), Lectures 1–2;
E. H. Bareiss, "Sylvester's identity and multistep integer-preserving Gaussian
elimination", Math. Comp. 22 (1968).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb, prod
from typing import Any

import numpy as np

from exactrelu.exact import limits

__all__ = [
    "INT64_SAFE",
    "LATTICE_BLOCK",
    "SMALL_LATTICE",
    "bareiss_dtype",
    "lattice_characteristic_polynomial",
    "predicted_work",
    "storage_dtype",
]

INT64_SAFE = 1 << 62
"""Bound on H^2 (H = Hadamard bound of the minors) below which int64 arithmetic cannot overflow."""

SMALL_LATTICE = 60
"""Up to this :func:`predicted_work` the Python lattice is faster than numpy (a few dozen flats)."""

LATTICE_BLOCK = 1 << 19
"""Entries of one block of child projections (4 MiB in int64): the working memory per step."""


def bareiss_dtype(normals: Sequence[Sequence[int]], rank: int) -> Any:
    """``np.int64`` if every product of two minors of size ≤ ``rank`` fits in int64, else ``object``.

    The minors of size ≤ r of the matrix with columns a_i are bounded by the
    product of the r largest norms |a_i| (Hadamard), so H^2 ≤ Π of the r largest
    squared norms, an exact integer; int64 is safe when that is below 2^62 (the
    difference of two products is then below 2^63).

    >>> bareiss_dtype([(1, 0, 1), (0, 1, 1)], 2)
    <class 'numpy.int64'>
    >>> bareiss_dtype([(10**9, 1), (1, 10**9)], 2)
    <class 'object'>
    """
    sq = sorted((sum(int(x) * int(x) for x in a) for a in normals), reverse=True)[: max(rank, 1)]
    return np.int64 if prod(sq) < INT64_SAFE else object


def predicted_work(n: int, rank: int) -> int:
    """Bound Σ_{k<r} C(n, k) on the pairs (X, h) formed, hence on the flats of rank < r.

    A pair (X, h) with h < min Z(X) and X of rank k maps injectively to the
    (k+1)-set {h} ∪ B_X (B_X the first basis of X inside Z(X); h is its minimum),
    so level k → k+1 forms at most C(n, k+1) pairs; the bound is attained in
    general position.  The same number as
    :meth:`~exactrelu.geometry.arrangement.HyperplaneArrangement.predicted_flats`.

    >>> predicted_work(10, 3)
    56
    """
    return sum(comb(n, k) for k in range(rank))


def storage_dtype(normals: Sequence[Sequence[int]], rank: int) -> Any:
    """Smallest signed integer dtype that holds every minor of size ≤ ``rank`` (Hadamard bound).

    The flats' projections are stored in it between two levels (computed in int64):
    a 0/1 cube needs int16, a quarter of the memory.

    >>> storage_dtype([(1, 0, 1), (0, 1, 1)], 2)
    <class 'numpy.int8'>
    """
    sq = prod(sorted((sum(int(x) * int(x) for x in a) for a in normals), reverse=True)[: max(rank, 1)])
    for t, bits in ((np.int8, 7), (np.int16, 15), (np.int32, 31)):
        if sq < 1 << (2 * bits):  # H^2 <= sq < 2^(2 bits): |minor| <= H < 2^bits
            return t
    return np.int64


def _exact_divisors(d: Any) -> tuple[Any, Any]:
    """(s, v) with d = 2^s·o, o odd, and v = o^{-1} modulo 2^64, for nonzero int64 divisors d.

    An integer x that d divides exactly is x / d = (x >> s)·v modulo 2^64 (an
    arithmetic shift, then a wrapping uint64 product): the quotient fits in int64,
    so the wrapped product is it.  A product costs a fraction of numpy's int64
    floor division.  v by Newton's iteration v ← v(2 − o v), each step doubling
    the correct low bits (o·o ≡ 1 modulo 8 to start).

    >>> s, v = _exact_divisors(np.array([12, -7], dtype=np.int64))
    >>> x = np.array([36, 21], dtype=np.int64)
    >>> ((x >> s).view(np.uint64) * v).view(np.int64)
    array([ 3, -3])
    """
    low = d & -d  # the lowest set bit, a power of two (|d| < 2^62)
    s = np.zeros(len(d), dtype=np.int64)
    for b in (32, 16, 8, 4, 2, 1):
        big = low >= (1 << b)
        low[big] >>= b
        s[big] += b
    o = (d >> s).view(np.uint64)
    v = o.copy()
    two = np.uint64(2)
    for _ in range(5):  # 3 -> 6 -> 12 -> 24 -> 48 -> 96 correct bits
        v = v * (two - o * v)
    return s, v


def _zero_keys(Z: Any) -> Any:
    """Rows of a boolean matrix as hashable fixed-width byte strings (numpy void)."""
    packed = np.packbits(Z, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()


def lattice_characteristic_polynomial(
    normals: Sequence[Sequence[int]],
    dim: int,
    rank: int,
    *,
    limit: int | None = None,
    dtype: Any = None,
    progress: Any = None,
) -> tuple[int, ...]:
    """χ(t) (coefficients low → high degree) of the central arrangement of distinct normals.

    Parameters
    ----------
    normals : sequence of integer vectors
        Pairwise non-parallel nonzero normals in Z^dim (one per hyperplane, e.g. the
        representatives of ``engine.parallel_classes``).
    dim : int
        Ambient dimension D.
    rank : int
        Rank r of the normals (exact, e.g. :func:`exactrelu.exact.linalg.rank`).
    limit : int, optional
        Refuse (``SizeLimitError``, before any work) when :func:`predicted_work` exceeds
        it; default ``EXACTRELU_LIMIT`` / :data:`exactrelu.exact.limits.DEFAULT_LIMIT`.
    dtype : optional
        Force ``np.int64`` or ``object`` arithmetic (default: :func:`bareiss_dtype`).
        Forcing int64 beyond the bound is refused.
    progress : progress bar, optional
        Anything with ``update(n)``, advanced by the number of flats of each level.

    Returns
    -------
    tuple of int
        χ(t) = Σ_X μ(R^D, X) t^{dim X}, length D + 1.

    Raises
    ------
    SizeLimitError
        Predicted work over ``limit``.

    Examples
    --------
    >>> lattice_characteristic_polynomial([(1, 0), (0, 1), (1, 1)], 2, 2)
    (2, -3, 1)
    >>> cube = [(a, b, c, 1) for a in (0, 1) for b in (0, 1) for c in (0, 1)]
    >>> chi = lattice_characteristic_polynomial(cube, 4, 4)
    >>> chi, abs(sum(c * (-1) ** k for k, c in enumerate(chi)))
    ((23, -44, 28, -8, 1), 104)
    """
    n, D, r = len(normals), dim, rank
    coeffs = [0] * (D + 1)
    coeffs[D] = 1
    if r == 0 or n == 0:
        return tuple(coeffs)
    limits.guard_size(
        "flats of the intersection lattice (to compute χ)", predicted_work(n, r), limit, verb="compute"
    )
    safe = bareiss_dtype(normals, r)
    if dtype is None:
        dtype = safe
    elif dtype is np.int64 and safe is not np.int64:
        raise ValueError("int64 Bareiss arithmetic could overflow on these normals (Hadamard bound)")
    store = storage_dtype(normals, r) if dtype is np.int64 else object
    M = np.array([[int(x) for x in a] for a in normals], dtype=object).T  # D x n
    U = M.astype(store)[None, :, :]  # flats of rank 0: R^D itself
    piv = np.ones(1, dtype=dtype)
    fast = dtype is np.int64
    shift, inv = _exact_divisors(piv) if fast else (piv, piv)
    minz = np.full(1, n, dtype=np.int64)
    mu = np.ones(1, dtype=object)
    w = [1]
    cols = np.arange(n)
    for k in range(r - 1):  # flats of rank k -> rank k + 1
        last = k + 1 == r - 1
        R = D - k
        # the pairs (X, h), h < min Z(X), h-major: the flats are kept in order of decreasing
        # min Z(X), so for each h they are a prefix; small groups share one numpy pass
        chunks: list[list[tuple[int, int, int]]] = [[]]
        room = LATTICE_BLOCK
        for h in range(n - 1, -1, -1):
            P = int(np.searchsorted(-minz, -h, side="left"))  # flats with min Z(X) > h
            cost = R * (h + 1 if last else n)  # entries per pair
            a = 0
            while a < P:
                take = min(P - a, max(1, room // cost))
                chunks[-1].append((h, a, a + take))
                room -= take * cost
                a += take
                if room < cost:
                    chunks.append([])
                    room = LATTICE_BLOCK
        keys: list[Any] = []
        blocks: list[Any] = []
        bpiv: list[Any] = []
        bmu: list[Any] = []
        bmin: list[Any] = []
        total = 0
        for chunk in chunks:
            if not chunk:
                continue
            px = np.concatenate([np.arange(a, e) for _, a, e in chunk])
            ph = np.concatenate([np.full(e - a, h) for h, a, e in chunk])
            width = int(ph.max()) + 1 if last else n  # the last level needs the columns up to h
            Ub = U[px, :, :width].astype(dtype)
            B = len(px)
            ar = np.arange(B)
            u = Ub[ar, :, ph]  # B x R, a nonzero column since h ∉ Z(X)
            c = (u != 0).argmax(axis=1)
            uc = u[ar, c]
            rowc = Ub[ar, c, :]  # B x width
            child = uc[:, None, None] * Ub - u[:, :, None] * rowc[:, None, :]
            if fast:  # exact division (Bareiss) as a shift and a product modulo 2^64
                child >>= shift[px, None, None]
                child = (child.view(np.uint64) * inv[px, None, None]).view(np.int64)
            else:
                child //= piv[px, None, None]  # exact (Bareiss)
            Zb = ~(child != 0).any(axis=1)  # B x width: columns in Z(Y); row c is zero
            valid = ~(Zb & (cols[None, :width] < ph[:, None])).any(axis=1)  # h = min Z(Y)
            if last:
                total += sum(mu[px[valid]])
                continue
            if not valid.any():
                continue
            keep = np.ones((B, R), dtype=bool)
            keep[ar, c] = False
            idx = np.nonzero(valid)[0]
            child = child[idx][keep[idx]].reshape(len(idx), R - 1, n)
            # deduplicate within the chunk at once (a flat is reached by many covers)
            _, fb, ib = np.unique(_zero_keys(Zb[idx]), return_index=True, return_inverse=True)
            sb = np.zeros(len(fb), dtype=object)
            np.add.at(sb, ib.ravel(), mu[px[idx]])
            keys.append(_zero_keys(Zb[idx[fb]]))
            blocks.append(child[fb].astype(store))
            bpiv.append(uc[idx[fb]])
            bmu.append(sb)
            bmin.append(ph[idx[fb]])
        if last:
            w.append(-int(total))
            break
        if not keys:  # pragma: no cover - every flat of rank < r has an upper cover
            raise AssertionError("no flat of the next rank")
        # one flat may come from two chunks (a large group of one h is split): merge
        _, first, inverse = np.unique(np.concatenate(keys), return_index=True, return_inverse=True)
        sums = np.zeros(len(first), dtype=object)
        np.add.at(sums, inverse.ravel(), np.concatenate(bmu))
        nminz = np.concatenate(bmin)[first]
        order = np.argsort(-nminz, kind="stable")  # decreasing min Z(Y) for the next level
        sel = first[order]
        U = np.concatenate(blocks)[sel]
        piv = np.concatenate(bpiv)[sel]
        minz = nminz[order]
        mu = -sums[order]
        shift, inv = _exact_divisors(piv) if fast else (piv, piv)
        w.append(int(sum(mu)))
        if progress is not None:
            progress.update(len(mu))
    w.append(-sum(w))  # the top flat: χ(1) = Σ_X μ(X) = 0
    for k, wk in enumerate(w):
        coeffs[D - k] = wk
    return tuple(coeffs)


def certification_method(n: int, k: int) -> str:
    """The cheapest exact scan for general position of n vectors in Z^k: modular, pencils or subsets.

    Estimated work, in units of about 10 ns: C(n, k)·k residues for the modular
    scan, against C(n, k-2) flint kernels (about 30 µs each) plus C(n, k-2)·n
    slopes for the pencil scan.  Many vectors in low dimension favour pencils
    (3,000 points in the plane); four or more dimensions favour the modular scan;
    at most 32 subsets are checked one by one.

    >>> certification_method(320, 3), certification_method(70, 5)
    ('pencils', 'modular')
    """
    if n <= k or k < 3:
        return "modular"
    if comb(n, k) <= 32:  # a handful of subsets: one flint kernel each beats any vectorisation
        return "subsets"
    modular = comb(n, k) * k * 2
    pencils = comb(n, k - 2) * (2000 + 10 * n)
    return "modular" if modular <= pencils else "pencils"


def certification_cost(n: int, k: int) -> tuple[str, int, int, str]:
    """(method, cost, budget, env) of certifying general position of n vectors of rank k."""
    from exactrelu.geometry import position

    how = certification_method(n, k)
    if how == "subsets":
        return (
            how,
            comb(n, k),
            limits.resolve(None, "EXACTRELU_POSITION_LIMIT", position.DEFAULT_LIMIT),
            ("EXACTRELU_POSITION_LIMIT"),
        )
    if how == "modular":
        return (
            how,
            position.modular_cost(n, k),
            limits.resolve(None, "EXACTRELU_MODULAR_LIMIT", position.MODULAR_LIMIT),
            "EXACTRELU_MODULAR_LIMIT",
        )
    return (
        how,
        position.pencil_cost(n, k),
        limits.resolve(None, "EXACTRELU_PENCIL_LIMIT", position.PENCIL_LIMIT),
        "EXACTRELU_PENCIL_LIMIT",
    )


def characteristic_polynomial(
    normals: Sequence[Sequence[int]],
    dim: int,
    *,
    method: str = "auto",
    limit: int | None = None,
    generic: Any = None,
    progress: Any = None,
) -> tuple[tuple[int, ...], str, Any]:
    """χ(t) of the central arrangement with these normals, by the cheapest exact route.

    Parameters
    ----------
    normals : sequence of integer vectors
        Nonzero normals in Z^dim; parallel ones are the same hyperplane.
    dim : int
        Ambient dimension D.
    method : {"auto", "closed_form", "lattice"}
        ``"closed_form"``: the distinct hyperplanes must be in general position in
        their span (certified exactly by
        :func:`exactrelu.geometry.position.linear_general_position`), and χ is the
        truncated-Boolean formula (Cover 1965; Stanley 2007, Proposition 2.4);
        ``DegenerateInputError`` otherwise.  ``"lattice"``: the Möbius function of
        the flats of rank < r.  ``"auto"``: the closed form when its certificate is
        within budget (:func:`certification_cost`) and holds, else the lattice.
    limit : int, optional
        Flat budget of the lattice route (see :func:`predicted_work`), checked before
        any flat is built.
    generic : GeneralPositionResult, optional
        A certificate already computed for these hyperplanes (it is not recomputed).
    progress : progress bar, optional
        Anything with ``update(n)``, advanced as flats are built.

    Returns
    -------
    (coefficients, how, certificate)
        χ low → high degree; ``"closed form"`` or ``"intersection lattice"``; the
        general-position result if one was computed or given, else None.

    Raises
    ------
    DegenerateInputError
        ``method="closed_form"`` on hyperplanes not in general position.
    SizeLimitError
        The lattice is needed and predicted to exceed ``limit``.

    Notes
    -----
    The lattice route runs :func:`lattice_characteristic_polynomial` in int64 when
    the Hadamard bound allows it (small coordinates: cubes, grids) and the lattice
    is not tiny (:data:`SMALL_LATTICE`), and otherwise the exact Python-integer
    flats of :mod:`exactrelu.geometry.lattice` (Weisner's recursion over lower
    covers), which are faster than numpy object arrays.

    Examples
    --------
    >>> characteristic_polynomial([(1, 0, 1), (0, 1, 1), (1, 1, 1), (2, 3, 1)], 3)[:2]
    ((-3, 6, -4, 1), 'closed form')
    >>> characteristic_polynomial([(0, 0, 1), (1, 0, 1), (2, 0, 1), (0, 1, 1)], 3)[:2]
    ((-2, 5, -4, 1), 'intersection lattice')
    """
    from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
    from exactrelu.exact.linalg import rank as exact_rank
    from exactrelu.geometry import lattice, position
    from exactrelu.geometry.engine import parallel_classes

    if method not in ("auto", "closed_form", "lattice"):
        raise InvalidDataError(f"method must be one of auto, closed_form, lattice; got {method!r}")
    reps = parallel_classes(normals)[0] if normals else []
    n, r = len(reps), exact_rank(reps)
    gp = generic
    if method != "lattice" and n:
        how, cost, budget, _ = certification_cost(n, min(n, r))
        if method == "closed_form" or cost <= budget:
            if gp is None:
                gp = position.linear_general_position(reps, within_span=True, method=how)
            if gp:
                return lattice.uniform_characteristic_polynomial(n, r, dim), "closed form", gp
            if method == "closed_form":
                raise DegenerateInputError(
                    "the closed form of χ needs the hyperplanes in general position in their span, "
                    f"but they are not: {gp.describe()} (over the distinct normals); "
                    "use method='lattice' or 'auto'"
                )
    if not n:
        return lattice.uniform_characteristic_polynomial(0, 0, dim), "closed form", gp
    if predicted_work(n, r) > SMALL_LATTICE and bareiss_dtype(reps, r) is np.int64:
        coeffs = lattice_characteristic_polynomial(reps, dim, r, limit=limit, progress=progress)
        return coeffs, "intersection lattice", gp
    limits.guard_size("flats of the intersection lattice (to compute χ)", predicted_work(n, r), limit)
    flats = lattice.build_flats(reps, dim, max_rank=r - 1, progress=progress)
    return lattice.characteristic_polynomial(flats, dim, rank=r), "intersection lattice", gp


def n_regions(normals: Sequence[Sequence[int]], dim: int, **kw: Any) -> int:
    """Number of chambers |χ(−1)| (Zaslavsky 1975) of the central arrangement; keywords as in
    :func:`characteristic_polynomial`.

    >>> n_regions([(a, b, 1) for a in (0, 1) for b in (0, 1)], 3)
    14
    """
    chi = characteristic_polynomial(normals, dim, **kw)[0]
    return abs(sum(c * (-1) ** k for k, c in enumerate(chi)))
