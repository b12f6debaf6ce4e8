#!/usr/bin/env python3
"""n_regions: exactrelu (new counting route, and the former one) against Sage's ``n_regions()``, side by side.

For every instance (N points in R^d; normals x̄_i = (x_i, 1)) three counts of the
chambers of the central arrangement are timed in one run:

``new``
    ``HyperplaneArrangement.from_data(X)`` then
    :func:`exactrelu.geometry.chi.n_regions` (modular general-position certificate
    and closed form, else the vectorised Bareiss lattice, else the Python lattice).
``old``
    ``HyperplaneArrangement.from_data(X).n_regions()`` with the former Möbius
    function (every flat keeps the frozenset of its order ideal) patched back in,
    i.e. the counting route of commit fc1ad87.
``sage``
    Sage's ``HyperplaneArrangements(QQ, names)(rows).n_regions()`` in a separate
    process (``--sage-python``, default ``/opt/sagebench/bin/python``), killed after
    ``--sage-timeout`` wall-clock seconds; the table then shows the CPU seconds the
    killed child had used minus Sage's start-up (measured once), a lower bound on
    its time, and the ratio is a lower bound (``>``).

Times are CPU seconds (``time.process_time``) of the calling process, from the
exact input rows to the count, the best of up to ``--repeat`` runs on fresh
objects (runs stop once ``--min-time`` seconds were spent).  Peak memory: each
exactrelu route also runs once in a fresh child process, which reports
``ru_maxrss`` after the call minus ``ru_maxrss`` just before it (interpreter,
imports and the parsed input are the baseline; measured as VmHWM, since a child
inherits its parent's ``ru_maxrss`` on Linux).  Every count must agree (and
with ``tests/data/sage_truth.json`` where it lists the instance); otherwise the
row says MISMATCH and the exit status is 1.

Usage::

    python benchmarks/bench_counting.py                       # the full series
    python benchmarks/bench_counting.py --quick --no-sage     # a few seconds
    python benchmarks/bench_counting.py --only gen_d5_N20,cube_5 --json out.json
    python benchmarks/bench_counting.py --memory-only         # d=4 N=70, d=5 N=40 peak RSS
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from benchmarks.bench_vs_sage import fmt_time  # noqa: E402  (one time format for the benchmarks)

SAGE_CODE = r"""
import json, sys, time
try:
    from sage.all import QQ, HyperplaneArrangements
except ImportError:
    from sage.all__sagemath_polyhedra import QQ, HyperplaneArrangements
req = json.loads(sys.stdin.read())
rows = [[QQ(x) for x in r] for r in req["rows"]]
dim = len(rows[0])
H = HyperplaneArrangements(QQ, tuple("x%d" % i for i in range(dim)))
best, count = None, None
for _ in range(req["repeat"]):
    t0 = time.process_time()
    count = int(H([[0] + list(r) for r in rows]).n_regions())
    t = time.process_time() - t0
    best = t if best is None else min(best, t)
    if t > req["min_time"]:
        break
print(json.dumps({"count": count, "time": best}))
"""

GENERIC = {  # (N with Sage, N without Sage: Sage needs minutes to hours there)
    2: ((20, 40), (80, 320)),
    3: ((15, 20), (30, 60)),
    4: ((10, 15), (20, 30)),
    5: ((10, 12), (15, 20)),
    6: ((8, 10), (14,)),
}
SAGE_SKIP = {"cube_6", "grid_8x8", "grid_4x4x4", "grid_3x3x3x2"}
OLD_SKIP = {"cube_6"}  # the former route keeps ~600,000 flats with their order ideals: many GiB


def seeded_points(d, N, seed=None, bound=10**6):
    """The generic instances of ``bench_vs_sage.py`` (same seeds, same points)."""
    rng = random.Random(seed if seed is not None else 7919 * d + N)
    return [[rng.randint(-bound, bound) for _ in range(d)] for _ in range(N)]


def instances(quick):
    """(name, d, points, with_sage) for the series."""
    out = []
    for d, (with_sage, without) in GENERIC.items():
        for N in with_sage[:1] if quick else with_sage:
            out.append(("gen_d%d_N%d" % (d, N), d, seeded_points(d, N)))
        for N in () if quick else without:
            out.append(("gen_d%d_N%d" % (d, N), d, seeded_points(d, N)))
    for k in (3, 4) if quick else (3, 4, 5, 6):
        out.append(("cube_%d" % k, k, [list(p) for p in itertools.product((0, 1), repeat=k)]))
    grids = [("grid_4x4", (4, 4)), ("grid_3x3x2", (3, 3, 2))]
    if not quick:
        grids += [("grid_6x6", (6, 6)), ("grid_3x3x3", (3, 3, 3))]
        grids += [("grid_8x8", (8, 8)), ("grid_4x4x4", (4, 4, 4)), ("grid_3x3x3x2", (3, 3, 3, 2))]
    for name, shape in grids:
        out.append((name, len(shape), [list(p) for p in itertools.product(*(range(s) for s in shape))]))
    return out


def memory_instances():
    return [
        ("gen_d4_N70", 4, seeded_points(4, 70)),
        ("gen_d5_N40", 5, seeded_points(5, 40)),
        ("small_d4_N70", 4, seeded_points(4, 70, bound=4)),
        ("small_d5_N40", 5, seeded_points(5, 40, bound=3)),
    ]


# ----------------------------------------------------------------------------- the two routes
def _old_mobius(flats):
    """The former μ: one frozenset order ideal per flat (commit fc1ad87)."""
    mu = [0] * len(flats)
    down = [frozenset()] * len(flats)
    for X in flats:
        if X.rank == 0:
            mu[X.id] = 1
            down[X.id] = frozenset((X.id,))
            continue
        ideal = set()
        for Y, _, _ in X.below:
            ideal |= down[Y.id]
        mu[X.id] = -sum(mu[i] for i in ideal)
        ideal.add(X.id)
        down[X.id] = ideal
    return mu


def count_new(X):
    from exactrelu.geometry import chi
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    A = HyperplaneArrangement.from_data(X)
    return chi.n_regions(A.normals, A.dimension, limit=10**9)


def count_old(X):
    from exactrelu.geometry import lattice, position
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    saved = lattice.mobius
    lattice.mobius = _old_mobius
    try:
        A = HyperplaneArrangement.from_data(X)
        # the former genericity test (pencil scan) and lattice
        A._generic = None
        reps = __import__("exactrelu.geometry.engine", fromlist=["x"]).parallel_classes(A.normals)[0]
        A._generic = position.linear_general_position(reps, within_span=True, method="pencils")
        return A.n_regions(limit=10**9)
    finally:
        lattice.mobius = saved


ROUTES = {"new": count_new, "old": count_old}


def timed(fn, X, repeat, min_time, budget=None):
    best, result, spent = None, None, 0.0
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn(X)
        t = time.process_time() - t0
        best = t if best is None else min(best, t)
        spent += t
        if spent >= min_time or (budget is not None and t > budget):
            break
    return result, best


def peak_rss_kib():
    """High-water mark of this process's resident memory (VmHWM, KiB): ``ru_maxrss`` without its quirk.

    On Linux a child inherits its parent's ``ru_maxrss`` across fork and exec, so a child of
    this (large) driver would report the driver's peak; VmHWM belongs to the new address space.
    """
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # pragma: no cover - not Linux


def rss_child(route, name):
    """Run one route once in a fresh process; return (count, peak RSS increase in bytes)."""
    code = (
        "import json, sys; sys.path.insert(0, %r); import benchmarks.bench_counting as b\n"
        "X = dict((n, x) for n, _, x in b.instances(False) + b.memory_instances())[%r]\n"
        "import exactrelu.geometry.arrangement, exactrelu.geometry.chi\n"
        "b.ROUTES[%r](X[:3]); base = b.peak_rss_kib()\n"
        "n = b.ROUTES[%r](X); peak = b.peak_rss_kib()\n"
        "print(json.dumps([n, (peak - base) * 1024]))" % (REPO, name, route, route)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode:
        return None, out.stderr.strip().splitlines()[-1] if out.stderr else "failed"
    return json.loads(out.stdout)


def _children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


_SAGE_STARTUP = {}


def sage_startup_cpu(python):
    """CPU seconds a Sage child spends importing Sage (subtracted from a killed call's CPU time)."""
    if python not in _SAGE_STARTUP:
        code = SAGE_CODE.split("req = json.loads")[0]
        c0 = _children_cpu()
        subprocess.run([python, "-c", code], capture_output=True, check=False)
        _SAGE_STARTUP[python] = _children_cpu() - c0
    return _SAGE_STARTUP[python]


def sage_count(python, X, timeout, repeat, min_time):
    """(count, CPU seconds, lower bound): a call killed at the wall-clock timeout gives
    (None, None, CPU seconds it had used minus Sage's start-up), a valid lower bound."""
    rows = [[str(x) for x in p] + ["1"] for p in X]
    req = json.dumps({"rows": rows, "repeat": repeat, "min_time": min_time})
    c0 = _children_cpu()
    try:
        out = subprocess.run(
            [python, "-c", SAGE_CODE], input=req, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        used = _children_cpu() - c0
        return None, None, max(used - sage_startup_cpu(python), 0.0)
    if out.returncode:
        raise RuntimeError("Sage failed: " + out.stderr.strip()[-500:])
    ans = json.loads(out.stdout.strip().splitlines()[-1])
    return ans["count"], ans["time"], None


def fmt_mb(b):
    return "-" if b is None or isinstance(b, str) else "%.1f MiB" % (max(b, 0) / 2**20)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-sage", action="store_true")
    ap.add_argument("--sage-all", action="store_true", help="also run Sage on the large instances")
    ap.add_argument("--no-old", action="store_true", help="skip the former route")
    ap.add_argument("--no-rss", action="store_true", help="skip the peak-memory child processes")
    ap.add_argument("--memory-only", action="store_true", help="only the d=4 N=70 / d=5 N=40 memory rows")
    ap.add_argument("--only", default="", help="comma-separated instance names")
    ap.add_argument("--sage-python", default="/opt/sagebench/bin/python")
    ap.add_argument("--sage-timeout", type=float, default=300.0)
    ap.add_argument("--old-budget", type=float, default=60.0, help="skip repeats of the old route past this")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--min-time", type=float, default=1.0)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    truth_path = os.path.join(REPO, "tests", "data", "sage_truth.json")
    truth = {}
    if os.path.exists(truth_path):
        with open(truth_path) as fh:
            truth = {i["name"]: i["chambers"] for i in json.load(fh)["instances"]}
    insts = memory_instances() if args.memory_only else instances(args.quick)
    if args.only:
        keep = set(args.only.split(","))
        insts = [i for i in instances(False) + memory_instances() if i[0] in keep]
    rows, bad = [], 0
    print("load average at start: %.2f %.2f %.2f" % os.getloadavg(), flush=True)
    for name, d, X in insts:
        row = {"instance": name, "d": d, "N": len(X)}
        counts = set()
        for route in ("new", "old"):
            if route == "old" and (args.no_old or name in OLD_SKIP):
                continue
            n, t = timed(ROUTES[route], X, args.repeat, args.min_time, args.old_budget)
            row["count_" + route], row["t_" + route] = n, t
            counts.add(n)
            if not args.no_rss:
                _, rss = rss_child(route, name)
                row["rss_" + route] = rss
        big = name in SAGE_SKIP or any(
            name == "gen_d%d_N%d" % (dd, N) for dd, v in GENERIC.items() for N in v[1]
        )
        if not args.no_sage and not args.memory_only and (args.sage_all or not big):
            sc, st, lb = sage_count(args.sage_python, X, args.sage_timeout, args.repeat, args.min_time)
            row["count_sage"], row["t_sage"], row["t_sage_lower_bound"] = sc, st, lb
            if sc is not None:
                counts.add(sc)
        if name in truth:
            counts.add(truth[name])
        row["ok"] = len(counts) == 1
        bad += not row["ok"]
        rows.append(row)
        t_new = row.get("t_new") or 1e-9
        ratio = "-"
        if row.get("t_sage") is not None:
            ratio = "%.0fx" % (row["t_sage"] / t_new)
        elif "count_sage" in row:
            ratio = ">%.0fx" % (row["t_sage_lower_bound"] / t_new)
        old_ratio = "%.1fx" % (row["t_old"] / t_new) if row.get("t_old") else "-"
        row["sage_over_new"], row["old_over_new"] = ratio, old_ratio
        print(
            "| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
            % (
                name,
                d,
                len(X),
                row.get("count_new"),
                fmt_time(row.get("t_new")),
                fmt_time(row.get("t_old")),
                old_ratio,
                ">" + fmt_time(row["t_sage_lower_bound"]) + " (killed)"
                if "count_sage" in row and row["t_sage"] is None
                else fmt_time(row.get("t_sage")),
                ratio,
                fmt_mb(row.get("rss_new")),
                fmt_mb(row.get("rss_old")),
                "ok" if row["ok"] else "MISMATCH",
            ),
            flush=True,
        )
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1, default=str)
    return 1 if bad else 0


HEADER = (
    "| instance | d | N | regions | t_new | t_old | old/new | t_sage | sage/new "
    "| RSS new | RSS old | status |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)

if __name__ == "__main__":
    print(HEADER)
    sys.exit(main())
