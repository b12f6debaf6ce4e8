"""Chamber enumeration kernels side by side: the engine, a numpy alternative, a numpy write, streaming, Dask.

Usage (one run, all numbers side by side)::

    python benchmarks/bench_kernel.py                 # the time table (engine vs numpy kernel vs numpy write)
    python benchmarks/bench_kernel.py --rss           # peak RSS: listing vs streaming (child processes)
    python benchmarks/bench_kernel.py --parallel      # serial vs 2 Dask workers (sign-prefix subproblems)
    python benchmarks/bench_kernel.py --stream-count 3 150   # count by streaming, print peak RSS

Columns of the time table: ``engine`` = ``HyperplaneArrangement.chambers()`` (deletion–restriction on
Python ints, Chamber tuples, sorted); ``engine_raw`` = the engine's (mask, witness) pairs only;
``numpy_kernel`` = the same deletion–restriction on numpy arrays (int64 when bounds allow, else object
arrays), kept here as the measured alternative; ``np_write`` = numpy writing the same output (a C x n
int8 sign matrix and the C x D witness matrix, object dtype when the witnesses exceed int64).
ns/sign = time / (C * n).
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np

from exactrelu.exact.errors import CertificateError
from exactrelu.geometry import engine
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import parallel_classes, upper_bound_regions

# ----------------------------------------------------------------------------- the numpy alternative
# deletion–restriction on arrays: one boolean sign matrix, one witness matrix, the cut chambers found by
# a 64-bit hash of their sign prefix (checked entry by entry), int64 only under a bound checked before
# each operation, else the whole computation on object arrays (Python ints).

INT64_SAFE = 1 << 62

_HASH = np.random.default_rng(20261206).integers(1, 2**63, size=4096, dtype=np.int64).astype(np.uint64) | 1


class _Overflow(Exception):
    """Raised inside the int64 route when a bound does not exclude overflow."""


def _amax(a: np.ndarray) -> int:
    """Largest absolute entry, as a Python int (0 for an empty array)."""
    if a.size == 0:
        return 0
    return max(int(a.max()), -int(a.min()))


def _check(bound: int, exact: bool) -> None:
    if not exact and bound >= INT64_SAFE:
        raise _Overflow


def _hash_weights(k: int) -> np.ndarray:
    if k <= len(_HASH):
        return _HASH[:k]
    reps = -(-k // len(_HASH))
    return np.tile(_HASH, reps)[:k] * np.repeat(np.arange(1, reps + 1, dtype=np.uint64), len(_HASH))[:k]


def _keys(S: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each boolean row (wrap-around arithmetic; equal rows, equal keys)."""
    w = _hash_weights(S.shape[1])
    with np.errstate(over="ignore"):
        return S.astype(np.uint64) @ w if S.shape[1] else np.zeros(S.shape[0], np.uint64)


def _primitive_rows(W: np.ndarray) -> np.ndarray:
    g = np.gcd.reduce(np.abs(W), axis=1)
    g[g == 0] = 1
    if W.dtype == object:
        return np.array(
            [[x // d for x in row] for row, d in zip(W.tolist(), g.tolist())], dtype=object
        ).reshape(W.shape)
    return W // g[:, None]


def _sweep_order(D: np.ndarray, exact: bool) -> np.ndarray:
    """Indices of the directions (upper half plane, pairwise non-parallel) by increasing angle in [0, π)."""
    m = len(D)
    bound = 2 * _amax(D) ** 2
    if m > 1 and bound < INT64_SAFE and D.dtype != object:
        order = np.lexsort((np.arctan2(D[:, 1].astype(float), D[:, 0].astype(float)),))
        a, b = D[order[:-1]], D[order[1:]]
        if bool(np.all(a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0] > 0)):  # exact check of the proposal
            return order
    keys = [
        ((0, Fraction(0)) if dy == 0 else (1, Fraction(-dx, dy)), c) for c, (dx, dy) in enumerate(D.tolist())
    ]
    keys.sort()
    return np.array([c for _, c in keys], dtype=np.int64)


def _chambers_2d(R: np.ndarray, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    m = len(R)
    if m == 1:
        W = np.concatenate([R, -R])
        return np.array([[True], [False]]), W
    D = np.stack([-R[:, 1], R[:, 0]], axis=1)
    flip = (D[:, 1] < 0) | ((D[:, 1] == 0) & (D[:, 0] < 0))
    D[flip] = -D[flip]
    order = _sweep_order(D, exact)
    rays = D[order]
    rays = np.concatenate([rays, -rays])
    _check(2 * _amax(rays), exact)
    W = _primitive_rows(rays + np.roll(rays, -1, axis=0))
    _check(4 * _amax(W) * _amax(R), exact)
    P = W @ R.T
    return P > 0, W


def _simple(R: np.ndarray, dim: int, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Chambers of pairwise non-parallel nonzero normals (rows of R) in Z^dim: (signs, witnesses)."""
    m = len(R)
    if dim == 1:
        pos = bool(R[0, 0] > 0)
        return np.array([[pos], [not pos]]), np.array([[1], [-1]], dtype=R.dtype)
    if dim == 2:
        return _chambers_2d(R, exact)
    cap = upper_bound_regions(m, dim)
    S = np.zeros((cap, m), dtype=bool)
    W = np.empty((cap, dim), dtype=R.dtype)
    S[0, 0] = True
    W[0] = R[0]
    W[1] = -R[0]
    C = 2
    keys = np.zeros(cap, dtype=np.uint64)
    keys[0] = _HASH[0]
    bR = _amax(R)
    cols = np.arange(dim)
    for k in range(1, m):
        h = R[k]
        bh = _amax(h)
        absh = np.abs(h)
        nz = np.flatnonzero(h)
        p = int(nz[np.argmin(absh[nz])])
        rest = cols[cols != p]
        hp = h[p]
        _check(2 * bR * bh, exact)
        Rr = R[:k, rest] * hp - R[:k, p : p + 1] * h[rest]
        Rr = _primitive_rows(Rr)
        Sr, U = _full(Rr, dim - 1, exact)
        bU = _amax(U)
        _check(dim * bh * bU, exact)
        L = np.empty((len(U), dim), dtype=R.dtype)
        L[:, rest] = hp * U
        L[:, p] = -(U @ h[rest])
        _check(dim * _amax(W[:C]) * bh + dim * bR * bh, exact)
        side = W[:C] @ h
        K = 1 + _amax(R[:k] @ h)
        # match every restricted chamber with the chamber of A_k having the same signs
        kr = _keys(Sr)
        order = np.argsort(keys[:C], kind="stable")
        sorted_keys = keys[:C][order]
        pos = np.searchsorted(sorted_keys, kr)
        ok = pos < C
        idx = order[np.minimum(pos, C - 1)]
        if not (bool(ok.all()) and np.array_equal(S[idx, :k], Sr)):
            idx = _exact_match(S[:C, :k], Sr)
        if len(np.unique(idx)) != len(idx):
            raise CertificateError("engine bug: two restricted chambers matched the same chamber")
        s_old = np.sign(side[idx])
        s_old[s_old == 0] = 1
        uncut = np.ones(C, dtype=bool)
        uncut[idx] = False
        if not bool(np.all(side[uncut] != 0)):
            raise CertificateError("engine bug: an uncut chamber has its witness on the new hyperplane")
        S[:C, k] = side > 0
        _check(K * _amax(L) + bh, exact)
        KL = K * L
        sh = s_old[:, None] * h[None, :]
        W[idx] = _primitive_rows(KL + sh)
        S[idx, k] = s_old > 0
        new = slice(C, C + len(idx))
        W[new] = _primitive_rows(KL - sh)
        S[new, :k] = Sr
        S[new, k] = s_old < 0
        bit = _HASH[k] if k < len(_HASH) else _hash_weights(k + 1)[k]
        with np.errstate(over="ignore"):
            keys[new] = kr
            keys[:C] += np.where(S[:C, k], bit, np.uint64(0))
            keys[new] += np.where(S[new, k], bit, np.uint64(0))
        C += len(idx)
    return S[:C], W[:C]


def _exact_match(S: np.ndarray, Sr: np.ndarray) -> np.ndarray:
    where = {row.tobytes(): i for i, row in enumerate(S)}
    try:
        return np.array([where[row.tobytes()] for row in Sr], dtype=np.int64)
    except KeyError:
        raise CertificateError("engine bug: a restricted chamber matched no chamber") from None


def _full(R: np.ndarray, dim: int, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`_simple` but parallel (and repeated) rows allowed: classes merged, then expanded."""
    reps, members = parallel_classes(R.tolist())
    Rr = np.array(reps, dtype=R.dtype).reshape(len(reps), dim)
    S, W = _simple(Rr, dim, exact)
    if len(reps) == len(R):
        return S, W
    cls = np.empty(len(R), dtype=np.int64)
    neg = np.zeros(len(R), dtype=bool)
    for c, ms in enumerate(members):
        for i, o in ms:
            cls[i] = c
            neg[i] = o < 0
    return S[:, cls] ^ neg[None, :], W


def chamber_arrays(normals, dim, force_exact=False):
    n = len(normals)
    if n == 0:
        return np.zeros((1, 0), dtype=bool), np.zeros((1, dim), dtype=np.int64)
    if not force_exact and max(max(abs(x) for x in a) for a in normals) < 1 << 31:
        R = np.array(normals, dtype=np.int64).reshape(n, dim)
        try:
            return _full(R, dim, False)
        except _Overflow:
            pass
    R = np.empty((n, dim), dtype=object)
    for i, a in enumerate(normals):
        R[i] = [int(x) for x in a]
    return _full(R, dim, True)


# ----------------------------------------------------------------------------- instances


def gen_points(d, N, seed=0, bound=10**6):
    rng = random.Random(seed * 1000 + 10 * d + N)
    return [[rng.randint(-bound, bound) for _ in range(d)] for _ in range(N)]


def instances(quick=False):
    out = []
    for N in (20, 40, 80, 160, 320):
        out.append((f"gen_d2_N{N}", gen_points(2, N)))
    for N in (15, 30, 60) if not quick else (15, 30):
        out.append((f"gen_d3_N{N}", gen_points(3, N)))
    for N in (10, 20) if not quick else (10,):
        out.append((f"gen_d4_N{N}", gen_points(4, N)))
    out.append(("gen_d5_N12", gen_points(5, 12)))
    for k in (3, 4, 5) if not quick else (3, 4):
        out.append((f"cube_{k}", [list(p) for p in itertools.product(range(2), repeat=k)]))
    out.append(("grid_2d_4x4", [list(p) for p in itertools.product(range(4), repeat=2)]))
    out.append(("grid_2d_8x8", [list(p) for p in itertools.product(range(8), repeat=2)]))
    out.append(("grid_3d_3x3x2", [list(p) for p in itertools.product(range(3), range(3), range(2))]))
    return out


def best_of(fn, repeat=3, budget=2.0):
    times = []
    out = None
    t_start = time.perf_counter()
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
        if time.perf_counter() - t_start > budget:
            break
    return min(times), out


def time_table(quick):
    print(
        f"{'instance':16} {'C':>8} {'n':>4} {'engine':>9} {'us/ch':>7} {'ns/sign':>8} {'raw':>9} "
        f"{'numpy_kern':>10} {'np_write':>9} {'engine/np_write':>15}"
    )
    for name, X in instances(quick):
        A0 = HyperplaneArrangement.from_data(X)
        n, D = A0.n_hyperplanes(), A0.dimension
        t_eng, ch = best_of(lambda: HyperplaneArrangement.from_data(X).chambers(limit=10**9))
        t_raw, raw = best_of(lambda: engine.chambers(A0.normals, D))
        C = len(ch)
        if C <= 30000:
            t_np, (S, W) = best_of(lambda: chamber_arrays(A0.normals, D), repeat=1)
            assert len(S) == C
            np_kern = f"{t_np * 1e3:9.1f}ms" + ("*" if W.dtype == object else " ")
        else:
            np_kern = "      -   "
        # numpy writing the same output: the sign matrix and the witness matrix
        S = np.zeros((C, n), dtype=bool)
        wits = [w for _, w in raw]
        big = max(max(abs(x) for x in w) for w in wits).bit_length() > 62
        Wsrc = np.array(wits, dtype=object if big else np.int64)

        def write():
            signs = np.where(S, np.int8(1), np.int8(-1))
            return signs, Wsrc.copy()

        t_w, _ = best_of(write, repeat=5)
        print(
            f"{name:16} {C:8d} {n:4d} {t_eng * 1e3:8.1f}ms {t_eng / C * 1e6:7.2f} "
            f"{t_eng / (C * n) * 1e9:8.1f} "
            f"{t_raw * 1e3:8.1f}ms {np_kern} {t_w * 1e3:8.2f}ms {t_eng / max(t_w, 1e-9):14.0f}x"
        )
    print("* numpy kernel on object arrays (witnesses exceed the int64 bound)")


# ----------------------------------------------------------------------------- memory


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream_count(d, N):
    X = gen_points(d, N)
    A = HyperplaneArrangement.from_data(X)
    base = peak_rss_mib()
    t = time.perf_counter()
    count = 0
    for _ in A.iter_chambers():
        count += 1
    dt = time.perf_counter() - t
    print(
        f"stream d={d} N={N}: {count} chambers in {dt:.1f}s, peak RSS {peak_rss_mib():.0f} MiB "
        f"(baseline {base:.0f} MiB)",
        flush=True,
    )


def list_count(d, N):
    X = gen_points(d, N)
    A = HyperplaneArrangement.from_data(X)
    base = peak_rss_mib()
    t = time.perf_counter()
    ch = A.chambers(limit=10**12)
    dt = time.perf_counter() - t
    extra = (peak_rss_mib() - base) * 2**20
    print(
        f"list   d={d} N={N}: {len(ch)} chambers in {dt:.1f}s, peak RSS {peak_rss_mib():.0f} MiB "
        f"(baseline {base:.0f} MiB, {extra / len(ch):.0f} B/chamber)",
        flush=True,
    )


def table_count(d, N):
    X = gen_points(d, N)
    A = HyperplaneArrangement.from_data(X)
    base = peak_rss_mib()
    t = time.perf_counter()
    T = A.chamber_table(limit=10**12)
    dt = time.perf_counter() - t
    extra = (peak_rss_mib() - base) * 2**20
    print(
        f"table  d={d} N={N}: {len(T)} chambers in {dt:.1f}s, peak RSS {peak_rss_mib():.0f} MiB "
        f"(baseline {base:.0f} MiB, peak {extra / len(T):.0f} B/chamber, stored {T.nbytes() / len(T):.0f} "
        f"B/chamber, witnesses {T._witnesses.dtype})",
        flush=True,
    )


def rss_table(sizes):
    for d, N in sizes:
        for mode in ("--list-count", "--table-count", "--stream-count"):
            subprocess.run([sys.executable, __file__, mode, str(d), str(N)], check=True)


# ----------------------------------------------------------------------------- parallel


def parallel_table(sizes):
    from exactrelu.hunt.cluster import dask_client
    from exactrelu.hunt.parallel import parallel_chambers

    with dask_client(workers=2) as client:
        for d, N in sizes:
            X = gen_points(d, N)
            t = time.perf_counter()
            ser = HyperplaneArrangement.from_data(X).chambers(limit=10**12)
            ts = time.perf_counter() - t
            for tpw in (1, 2, 4):
                t = time.perf_counter()
                par = parallel_chambers(
                    HyperplaneArrangement.from_data(X), client=client, tasks_per_worker=tpw, limit=10**12
                )
                tp = time.perf_counter() - t
                assert [c.signs for c in par] == [c.signs for c in ser]
                print(
                    f"d={d} N={N} C={len(ser)}: serial {ts:.2f}s, 2 workers x {tpw} tasks {tp:.2f}s, "
                    f"speed-up {ts / tp:.2f}",
                    flush=True,
                )
            A = HyperplaneArrangement.from_data(X)
            for parts in (2, 8, 64, 256):
                k, batches = A.prefix_batches(parts)
                t = time.process_time()
                sizes_ = [len(engine.chambers_in_prefix(A.normals, A.dimension, k, b)) for b in batches]
                tw = time.process_time() - t
                print(
                    f"   {len(batches):4d} subproblems (k={k}): total work {tw:.2f}s "
                    f"= {tw / ts:.2f} x serial, "
                    f"largest {max(sizes_)} / mean {sum(sizes_) / len(sizes_):.0f} chambers",
                    flush=True,
                )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rss", action="store_true")
    ap.add_argument("--parallel", action="store_true")
    ap.add_argument("--stream-count", nargs=2, type=int, metavar=("d", "N"))
    ap.add_argument("--list-count", nargs=2, type=int, metavar=("d", "N"))
    ap.add_argument("--table-count", nargs=2, type=int, metavar=("d", "N"))
    ap.add_argument("--parallel-sizes", default="2:160,3:50,4:22", help="d:N,d:N,... for --parallel")
    ap.add_argument("--rss-sizes", default="2:320,3:80", help="d:N,d:N,... for --rss")
    args = ap.parse_args(argv)
    if args.stream_count:
        stream_count(*args.stream_count)
    elif args.list_count:
        list_count(*args.list_count)
    elif args.table_count:
        table_count(*args.table_count)
    elif args.rss:
        rss_table([tuple(int(v) for v in x.split(":")) for x in args.rss_sizes.split(",")])
    elif args.parallel:
        parallel_table([tuple(int(v) for v in x.split(":")) for x in args.parallel_sizes.split(",")])
    else:
        time_table(args.quick)


if __name__ == "__main__":
    main()
