#!/usr/bin/env python3
"""The issue-18 series: exactrelu vs SageMath vs polypart, chambers and n_regions, one invocation.

Instances (one unit with bias: normals x̄_i = (x_i, 1) in R^{d+1}, Matena & Raffel 2022)
-----------------------------------------------------------------------------------------
``d2``     generic integer points, d = 2, N = 20, 40, 80, 160, 320
``d3``     d = 3, N = 15, 25, 40, 60, 100
``d4``     d = 4, N = 10, 15, 20, 25, 30
``d5``     d = 5, N = 10, 15, 20
``cubes``  {0,1}^k, k = 3..6 (2^k points in R^k; the chambers are the threshold functions)
``grid2``  g x g grids, g = 4, 6, 8, 12, 16
``grid3``  3x3x2, 3x3x3, 4x4x3, 4x4x4, 5x5x5

Generic points are ``bench_vs_sage.seeded_points(d, N)`` (deterministic, |x| <= 10^6).

Engines and tasks
-----------------
chambers   exactrelu ``HyperplaneArrangement.from_data(X).chambers()`` (sign vectors with integer
           witnesses) | Sage ``HyperplaneArrangements(QQ, ...)(...).regions()`` | polypart 0.2
           ``polypart.inc_enu.build_tree_inc_enu`` (IncEnu, one exact pycddlib LP per candidate).
n_regions  exactrelu ``.n_regions()`` | Sage ``.n_regions()``.
numpy      the physical-limit reference: numpy writing the same output, i.e. the int8 sign matrix
           ``sign(W @ Nᵀ)`` computed from exactrelu's witness array W (int64) plus a copy of W.
cdd        ``Zonotope.double_description_check()`` (the cdd cross-check, its own child process with
           a timeout), on the small rows only (predicted vertices <= ``--cdd-max``).

Measurements
------------
Every measurement runs in a fresh forked child (exactrelu, polypart, numpy, cdd: a fork of this
driver after the imports and a tiny warm-up; Sage: a fork of the Sage worker
``_sage_worker.py`` in ``/opt/sagebench/bin/python``).  Time = process CPU time of the call,
input rows to finished result, best of up to ``--repeat`` runs while they take less than
``--min-time`` s in total (cdd: CPU of the check and its cdd child).  Memory = peak RSS of the
first run above the child's baseline (``_measure.measure``).  Each engine has a timeout in CPU
seconds (``--sage-timeout``, ``--pp-timeout``, ``--er-timeout``; the parent polls the child's CPU
time and kills it); a killed call shows ``>Ts`` and its ratio ``>Nx`` (a lower bound).
Within a series, an engine that timed out is not run on the larger rows, and Sage or polypart
is not run either when its predicted time (last time x (growth of the chamber count)^e)
exceeds ``--skip-factor`` x its timeout; both show ``>t*`` with the rigorous lower bound (the
timeout, or the time measured on the smaller row: the cost grows with N), and a prediction is
shown as ``~P`` (time) and ``~Mx`` (ratio), never as a measurement.

Checks: the counts of all engines that finished agree, and for chambers so do the sets of sign
vectors (SHA-256 of the sorted sign strings; Sage's from ``representative_point()``, untimed),
and every exactrelu witness is verified exactly (integer matrix product, overflow excluded by
a bound, else Python integers).  Exit status 1 on any disagreement.

Usage::

    python benchmarks/bench_series.py --sage-timeout 60 --json s.json --markdown s.md --plot s.png
    python benchmarks/bench_series.py --quick              # smoke subset, < 1 min
    python benchmarks/bench_series.py --only d2,cubes --no-sage
    python benchmarks/bench_series.py --from-json s.json --markdown s.md --plot s.png   # re-render
"""

import argparse
import datetime
import hashlib
import itertools
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
for p in (HERE, REPO):
    if p not in sys.path:
        sys.path.insert(0, p)

import _measure  # noqa: E402
from bench_vs_sage import DEFAULT_SAGE_PYTHON, find_sage_python, fmt_time, seeded_points  # noqa: E402

WORKER = os.path.join(HERE, "_sage_worker.py")

SERIES = {
    "d2": [("gen", 2, n) for n in (20, 40, 80, 160, 320)],
    "d3": [("gen", 3, n) for n in (15, 25, 40, 60, 100)],
    "d4": [("gen", 4, n) for n in (10, 15, 20, 25, 30)],
    "d5": [("gen", 5, n) for n in (10, 15, 20)],
    "cubes": [("grid", (2,) * k) for k in (3, 4, 5, 6)],
    "grid2": [("grid", (g, g)) for g in (4, 6, 8, 12, 16)],
    "grid3": [("grid", g) for g in ((3, 3, 2), (3, 3, 3), (4, 4, 3), (4, 4, 4), (5, 5, 5))],
}
QUICK = {
    "d2": [("gen", 2, 20)],
    "d4": [("gen", 4, 10)],
    "cubes": [("grid", (2, 2, 2))],
    "grid2": [("grid", (4, 4))],
}


def make_instance(series, spec):
    if spec[0] == "gen":
        _, d, n = spec
        return {"series": series, "name": "d%d_N%d" % (d, n), "d": d, "N": n, "points": seeded_points(d, n)}
    shape = spec[1]
    pts = [list(p) for p in itertools.product(*[range(a) for a in shape])]
    name = ("cube%d" % len(shape)) if set(shape) == {2} else "grid_" + "x".join(map(str, shape))
    return {"series": series, "name": name, "d": len(shape), "N": len(pts), "points": pts}


def predicted_chambers(d, n):
    """Cover's count for generic data with bias: 2 Σ_{k<=d} C(N-1, k) (an upper bound otherwise)."""
    from math import comb

    return 2 * sum(comb(n - 1, k) for k in range(d + 1))


def sign_digest(strings):
    return hashlib.sha256("\n".join(sorted(strings)).encode()).hexdigest()


def chamber_digest(chambers):
    """:func:`sign_digest` of exactrelu's chambers, vectorised (one bytes row per chamber)."""
    import numpy as np

    S = np.array([c.signs for c in chambers], dtype=np.int8).reshape(len(chambers), -1)
    B = np.where(S > 0, ord("+"), ord("-")).astype(np.uint8)
    return hashlib.sha256(b"\n".join(sorted(row.tobytes() for row in B))).hexdigest()


def sign_string(signs):
    return "".join("+" if s > 0 else "-" for s in signs)


# --------------------------------------------------------------------------- engines (run in forks)
def er_chambers_job(points, args):
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    def job():
        def run():
            return HyperplaneArrangement.from_data(points).chambers(limit=args.er_limit)

        chambers, times, peak = _measure.measure(run, args.repeat, args.min_time)
        yield {"ok": True, "count": len(chambers), "times": times, "peak_rss": peak}
        extra = {"ok": True}
        normals = [list(r) + [1] for r in points]
        extra["digest"] = chamber_digest(chambers)
        extra.update(check_and_numpy_write(normals, chambers, args))
        yield extra

    return job


def check_and_numpy_write(normals, chambers, args):
    """Exact witness check (vectorised) and the numpy-write reference time.

    The check is exact: int64 products where a bound from the input excludes overflow
    (|w| |n| D < 2^62), else numpy object arrays of Python integers on a sample of at most
    ``--witness-check-max`` sign entries (every k-th chamber).  The reference is timing only:
    ``W.copy()`` and the int8 ``sign(W @ Nᵀ)`` with float64 arrays (BLAS), the fastest plain way
    for numpy to write the same sign matrix and witness array.
    """
    import numpy as np

    out = {}
    if not chambers:
        return out
    n = len(normals)
    wmax = max(abs(int(x)) for c in chambers for x in c.witness)
    nmax = max(abs(int(x)) for r in normals for x in r)
    D = len(normals[0])
    fits = wmax * nmax * D < 2**62  # every dot product and partial sum fits in int64
    step = 1 if fits else max(1, (len(chambers) * n) // max(1, args.witness_check_max) + 1)
    sample = chambers[::step]
    dtype = np.int64 if fits else object
    W = np.array([[int(x) for x in c.witness] for c in sample], dtype=dtype)
    NT = np.array(normals, dtype=dtype).T
    S = np.array([c.signs for c in sample], dtype=np.int8)
    bad = int(np.count_nonzero((W @ NT) * S.astype(dtype) <= 0))
    out["bad_witnesses"] = bad
    out["witnesses_checked"] = len(sample)
    out["witness_int64"] = bool(fits)
    Wf = np.array([[float(x) for x in c.witness] for c in chambers])
    NTf = np.array(normals, dtype=np.float64).T

    def write():
        W2 = Wf.copy()
        return W2, np.sign(W2 @ NTf).astype(np.int8)

    _, times, peak = _measure.measure(write, max(3, args.repeat), args.min_time)
    out["numpy_times"] = times
    out["numpy_peak_rss"] = peak
    return out


def er_nregions_job(points, args):
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    def job():
        def run():
            return HyperplaneArrangement.from_data(points).n_regions(limit=args.er_limit)

        n, times, peak = _measure.measure(run, args.repeat, args.min_time)
        yield {"ok": True, "count": int(n), "times": times, "peak_rss": peak}

    return job


def pp_chambers_job(points, args):
    from polypart.geometry import Hyperplane
    from polypart.inc_enu import build_tree_inc_enu

    rows = [list(p) + [1] for p in points]

    def job():
        def run():
            return build_tree_inc_enu([Hyperplane(r, 0) for r in rows])

        (root, n), times, peak = _measure.measure(run, args.repeat, args.min_time)
        yield {"ok": True, "count": int(n), "times": times, "peak_rss": peak}
        leaves, stack = [], [root]
        while stack:
            node = stack.pop()
            if node._children:
                stack.extend(node._children)
            else:  # polypart's sign +1 means <n, x> < 0: the opposite of ours
                leaves.append("".join("-" if s > 0 else "+" for s in node.sign_vector))
        yield {"ok": True, "digest": sign_digest(leaves)}

    return job


def cdd_job(points, args):
    import resource

    from exactrelu.geometry.zonotope import Zonotope

    def job():
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0, w0 = time.process_time(), time.perf_counter()
        rep = Zonotope.from_data(points).double_description_check(limit=10**7, timeout=args.cdd_timeout)
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - t0 + (ch1.ru_utime - ch0.ru_utime) + (ch1.ru_stime - ch0.ru_stime)
        yield {
            "ok": True,
            "cdd_ok": bool(rep.ok),
            "count": rep.n_vertices,
            "message": rep.message,
            "times": [cpu],
            "wall": time.perf_counter() - w0,
        }

    return job


def warm_up(args):
    """Lazy imports and first-call caches, in the driver, before any fork (untimed)."""
    tiny = [[0, 0], [1, 0], [0, 1], [1, 1]]
    for make in (er_chambers_job, er_nregions_job, pp_chambers_job):
        for _ in make(tiny, args)():
            pass


# --------------------------------------------------------------------------- Sage worker
_SERVERS = []  # stopped on exit, also on SIGTERM / Ctrl-C


class SageServer:
    """The Sage worker process; each request is run in a fork of it, with a timeout."""

    def __init__(self, python):
        _SERVERS.append(self)
        self.proc = subprocess.Popen(
            [python, WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self.info = self.call({"task": "hello"}, 300)

    def call(self, req, timeout):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        fd = self.proc.stdout.fileno()
        buf = [b""]
        line = _measure._read_line(fd, buf, None if timeout is None else time.perf_counter() + timeout)
        if not line:
            raise RuntimeError("Sage worker did not answer %r" % req.get("task"))
        return json.loads(line)

    def measure(self, task, points, args, timeout):
        rows = [[str(x) for x in p] + ["1"] for p in points]
        req = {
            "task": task,
            "rows": rows,
            "repeat": args.repeat,
            "min_time": args.min_time,
            "clock": "cpu",
            "memory": True,
            "fork": True,
            "timeout": timeout,
            "sign_timeout": args.sign_timeout,
            "want_digest": task == "regions" and not args.no_sign_check,
        }
        # the worker kills its child after `timeout`; the margin covers the fork and the sign digest
        return self.call(req, timeout + args.sign_timeout + 120)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --------------------------------------------------------------------------- formatting
def best(res):
    if not res or not res.get("ok") or not res.get("times"):
        return None
    return min(res["times"])


def fmt_mem(b):
    if b is None:
        return "-"
    if b >= 2**30:
        return "%.2fG" % (b / 2**30)
    if b >= 2**20:
        return "%.1fM" % (b / 2**20)
    return "%.0fK" % (b / 2**10)


def fmt_ratio(x):
    if x is None:
        return "-"
    return "%.0fx" % x if x >= 100 else ("%.1fx" % x if x >= 1 else "%.2fx" % x)


def time_cell(res):
    """Time text of an engine result: best time, or ``>T`` for timeouts/skips, or a short error."""
    if res is None:
        return "-"
    t = best(res)
    if t is not None:
        return fmt_time(t)
    if res.get("lower_bound") is not None:
        cell = ">" + fmt_time(res["lower_bound"]) + ("*" if res.get("skipped") else "")
        return cell + (" ~%.0fs" % res["predicted"] if res.get("predicted") else "")
    if res.get("refused"):
        return "refused"
    return "error"


def ratio_cell(other, er):
    """other / exactrelu (how many times slower than exactrelu); ``>Nx`` when other is a lower bound."""
    te = best(er)
    if te is None or te <= 0 or other is None:
        return "-"
    t = best(other)
    if t is not None:
        return fmt_ratio(t / te)
    if other.get("lower_bound") is not None:
        cell = ">" + fmt_ratio(other["lower_bound"] / te)
        if other.get("predicted"):  # not a measurement: the extrapolated ratio, marked with ~
            cell += " ~" + fmt_ratio(other["predicted"] / te)
        return cell
    return "-"


def er_over(er, other):
    """exactrelu / other (for the numpy reference: how far from the physical limit)."""
    te, t = best(er), (min(other) if other else None)
    if te is None or not t:
        return "-"
    return fmt_ratio(te / t)


CH_HEADER = [
    "series",
    "instance",
    "d",
    "N",
    "chambers",
    "exactrelu",
    "us/ch",
    "sage",
    "sage/er",
    "polypart",
    "pp/er",
    "numpy",
    "er/np",
    "cdd",
    "cdd/er",
    "mem er",
    "mem sage",
    "mem pp",
    "check",
]
NR_HEADER = [
    "series",
    "instance",
    "d",
    "N",
    "regions",
    "exactrelu",
    "sage",
    "sage/er",
    "mem er",
    "mem sage",
    "check",
]


def ch_cells(row):
    er, sg, pp, cdd = row["er_ch"], row["sage_ch"], row["pp_ch"], row["cdd"]
    count = row.get("count_ch")
    te = best(er)
    extra = (er or {}).get("extra") or {}
    np_times = extra.get("numpy_times")
    return [
        row["series"],
        row["name"],
        row["d"],
        row["N"],
        "-" if count is None else count,
        time_cell(er),
        "-" if te is None or not count else "%.1f" % (te / count * 1e6),
        time_cell(sg),
        ratio_cell(sg, er),
        time_cell(pp),
        ratio_cell(pp, er),
        fmt_time(min(np_times)) if np_times else "-",
        er_over(er, np_times),
        time_cell(cdd) if cdd else "-",
        ratio_cell(cdd, er) if cdd else "-",
        fmt_mem((er or {}).get("peak_rss")),
        fmt_mem((sg or {}).get("peak_rss")),
        fmt_mem((pp or {}).get("peak_rss")),
        row["check_ch"],
    ]


def nr_cells(row):
    er, sg = row["er_nr"], row["sage_nr"]
    count = row.get("count_nr")
    return [
        row["series"],
        row["name"],
        row["d"],
        row["N"],
        "-" if count is None else count,
        time_cell(er),
        time_cell(sg),
        ratio_cell(sg, er),
        fmt_mem((er or {}).get("peak_rss")),
        fmt_mem((sg or {}).get("peak_rss")),
        row["check_nr"],
    ]


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- checks
NICK = {"er_ch": "er", "er_nr": "er_n", "sage_ch": "sage", "sage_nr": "sage", "pp_ch": "pp", "cdd": "cdd"}


def check_row(row, task):
    keys = ("er_ch", "sage_ch", "pp_ch", "cdd") if task == "ch" else ("er_nr", "sage_nr")
    counts, digests, problems = {}, {}, []
    for k in keys:
        r = row[k]
        if r and r.get("ok") and "count" in r:
            counts[k] = r["count"]
        if r and r.get("ok") and r.get("digest"):
            digests[k] = r["digest"]
        if r and (r.get("extra") or {}).get("digest"):
            digests[k] = r["extra"]["digest"]
    # exactrelu's chambers() and n_regions() must agree with each other too
    other = row["er_nr"] if task == "ch" else row["er_ch"]
    if other and other.get("ok") and "count" in other:
        counts["er_nr" if task == "ch" else "er_ch"] = other["count"]
    if task == "ch":
        extra = (row["er_ch"] or {}).get("extra") or {}
        if extra.get("bad_witnesses"):
            problems.append("%d bad exactrelu witnesses" % extra["bad_witnesses"])
        if row["cdd"] and row["cdd"].get("ok") and not row["cdd"].get("cdd_ok"):
            problems.append("cdd: " + row["cdd"].get("message", ""))
    if len(set(counts.values())) > 1:
        problems.append("counts differ: %s" % counts)
    if len(set(digests.values())) > 1:
        problems.append("sign vectors differ between %s" % sorted(digests))
    row.setdefault("problems", []).extend(problems)
    if problems:
        return "MISMATCH"
    if len(counts) < 2:
        return "only %s" % ",".join(counts) if counts else "no result"
    return "ok: %s%s" % (
        "=".join(NICK[k] for k in counts),
        "; signs " + "=".join(NICK[k] for k in digests) if len(digests) > 1 else "",
    )


# --------------------------------------------------------------------------- plot
def draw_plot(rows, path, title):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 6))
    styles = [
        ("er_ch", "exactrelu chambers()", "C0", "o"),
        ("sage_ch", "Sage regions()", "C3", "s"),
        ("pp_ch", "polypart 0.2 IncEnu", "C2", "^"),
    ]
    for key, label, color, marker in styles:
        xs, ys, bx, by, px, py = [], [], [], [], [], []
        for series in dict.fromkeys(r["series"] for r in rows):  # thin line per series
            pts = [(r["count_ch"], best(r[key])) for r in rows if r["series"] == series and r.get("count_ch")]
            pts = [(c, t) for c, t in pts if t is not None]
            if len(pts) > 1:
                ax.loglog(*zip(*pts), "-", color=color, alpha=0.3, lw=0.8)
        for r in rows:
            c = r.get("count_ch")
            if not c:
                continue
            t = best(r[key])
            if t is not None:
                xs.append(c)
                ys.append(t)
            elif r[key] and r[key].get("predicted"):  # not run: its extrapolated time, faint
                px.append(c)
                py.append(r[key]["predicted"])
            elif r[key] and r[key].get("lower_bound"):  # killed at (or after a smaller row hit) the timeout
                bx.append(c)
                by.append(r[key]["lower_bound"])
        ax.loglog(xs, ys, marker, color=color, label=label, ls="none")
        if bx:
            ax.loglog(bx, by, marker, color=color, mfc="none", ls="none", label=label + " (> timeout)")
        if px:
            ax.loglog(
                px, py, marker, color=color, alpha=0.25, ls="none", label=label + " (predicted, not run)"
            )
    nx, ny = [], []
    for r in rows:
        np_times = ((r["er_ch"] or {}).get("extra") or {}).get("numpy_times")
        if np_times and r.get("count_ch"):
            nx.append(r["count_ch"])
            ny.append(min(np_times))
    if nx:
        ax.loglog(nx, ny, "x", color="k", label="numpy write of the same output")
    ax.set_xlabel("number of chambers (output size)")
    ax.set_ylabel("CPU time [s]")
    ax.set_title(title, fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


# --------------------------------------------------------------------------- main
def commit_id():
    try:
        head = subprocess.run(
            ["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="smoke subset (< 1 min)")
    p.add_argument("--only", metavar="SERIES", help="comma-separated subset of %s" % ",".join(SERIES))
    p.add_argument("--sage-timeout", type=float, default=60.0, metavar="S", help="per Sage call (default 60)")
    p.add_argument(
        "--pp-timeout",
        type=float,
        default=None,
        metavar="S",
        help="per polypart call (default: --sage-timeout)",
    )
    p.add_argument(
        "--er-timeout", type=float, default=300.0, metavar="S", help="per exactrelu call (default 300)"
    )
    p.add_argument(
        "--er-limit",
        type=int,
        default=None,
        metavar="N",
        help="exactrelu's size limit (limit=); default the library's (EXACTRELU_LIMIT or 10^6)",
    )
    p.add_argument(
        "--skip-factor",
        type=float,
        default=1.0,
        help="skip an engine on a row when its predicted time > this x its timeout; 0 = never (default 1.0)",
    )
    p.add_argument("--repeat", type=int, default=3, help="at most this many timed runs (default 3)")
    p.add_argument("--min-time", type=float, default=1.0, help="stop repeating after this many s (default 1)")
    p.add_argument(
        "--cdd-max", type=int, default=400, help="run the cdd cross-check when chambers <= this (default 400)"
    )
    p.add_argument("--cdd-timeout", type=float, default=60.0, help="cdd cross-check timeout (default 60 s)")
    p.add_argument(
        "--sign-timeout",
        type=float,
        default=60.0,
        help="budget for Sage's untimed sign vectors (default 60 s)",
    )
    p.add_argument(
        "--witness-check-max",
        type=int,
        default=2_000_000,
        help="sign entries checked exactly with Python integers when int64 could overflow (default 2e6)",
    )
    p.add_argument("--no-sage", action="store_true")
    p.add_argument("--no-polypart", action="store_true")
    p.add_argument("--no-cdd", action="store_true")
    p.add_argument("--no-sign-check", action="store_true", help="compare counts only")
    p.add_argument(
        "--sage-python", metavar="PY", help="default: as bench_vs_sage.py (%s)" % DEFAULT_SAGE_PYTHON
    )
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--markdown", metavar="FILE")
    p.add_argument("--plot", metavar="FILE.png")
    p.add_argument(
        "--from-json",
        metavar="FILE",
        help="do not run: print the tables (and --markdown, --plot) of an earlier run's --json file",
    )
    args = p.parse_args(argv)
    if args.pp_timeout is None:
        args.pp_timeout = args.sage_timeout
    return args


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# exponent e in the prediction t(row) = t(smaller row) * (chambers ratio)^e, from the measured series
# (exactrelu is never skipped on a prediction: its own size guard refuses what is too big)
GROWTH = {"sage_ch": 1.25, "sage_nr": 1.5, "pp_ch": 1.5}


def run_engine(row, key, series_state, timeout, args, runner, count_hint):
    """Run one engine on one row, unless the series says it cannot finish (see the module docstring)."""
    st = series_state.get(key)
    if st and st.get("dead"):
        row[key] = {
            "ok": False,
            "skipped": True,
            "lower_bound": st["bound"],
            "error": "not run: timed out on a smaller row of the series",
        }
        log("  %-10s %-9s skipped (timed out on a smaller row)" % (row["name"], key))
        return
    if st and args.skip_factor and count_hint and st.get("count") and key in GROWTH:
        predicted = st["time"] * max(1.0, count_hint / st["count"]) ** GROWTH.get(key, 1.0)
        if predicted > args.skip_factor * timeout:
            row[key] = {
                "ok": False,
                "skipped": True,
                "lower_bound": st["time"],
                "predicted": predicted,
                "error": "not run: predicted %.0f s" % predicted,
            }
            log("  %-10s %-9s skipped (predicted %.0f s)" % (row["name"], key, predicted))
            return
    t0 = time.perf_counter()
    res = runner()
    res["elapsed"] = time.perf_counter() - t0
    if res.get("timeout"):
        res["lower_bound"] = timeout
        series_state[key] = {"dead": True, "bound": timeout}
    elif best(res) is not None:
        series_state[key] = {"time": best(res), "count": res.get("count") or count_hint}
    row[key] = res
    log(
        "  %-10s %-9s %s (%.1fs)"
        % (
            row["name"],
            key,
            time_cell(res) if res.get("ok") or res.get("timeout") else res.get("error", "")[:200],
            res["elapsed"],
        )
    )


def forked(job, timeout, extra_timeout=None):
    first, extra = _measure.run_forked(job, timeout, extra_timeout)
    if first.get("ok") and extra is not None:
        first["extra"] = extra
        if extra.get("digest"):
            first["digest"] = extra["digest"]
    err = first.get("error", "")
    if "SizeLimitError" in err:
        first["refused"] = True
    return first


def write_outputs(rows, head, args, commit, date, elapsed, cpu_total, final):
    """The Markdown text; also (re)written to ``--markdown`` / ``--json`` after every row."""
    ch_md = md_table(CH_HEADER, [ch_cells(r) for r in rows])
    nr_md = md_table(NR_HEADER, [nr_cells(r) for r in rows])
    legend = (
        "Times: process CPU time of the call (best of <= %d runs while < %g s), each in a fresh forked "
        "child; `>T` = killed at the timeout T (CPU seconds) or, with `*`, not run (a smaller row of the "
        "series timed out, or the predicted time `~P` was > %g x the timeout: T is then the time measured "
        "on the smaller row); `>Nx` = lower bound (`~Mx`: the predicted ratio, not a measurement). "
        "X/er = X time / exactrelu time; er/np = exactrelu "
        "time / numpy writing the same sign matrix and witness array; us/ch = exactrelu microseconds per "
        "chamber; cdd = Zonotope.double_description_check (CPU incl. its cdd child; its timeout is "
        "wall time); mem = peak RSS above the child's baseline (first run)."
        % (args.repeat, args.min_time, args.skip_factor)
    )
    status = (
        "- total time %.0f s wall, %.0f s CPU (driver and all children)" % (elapsed, cpu_total)
        if final
        else "- PARTIAL: %d rows so far, %.0f s wall" % (len(rows), elapsed)
    )
    text = "\n".join(
        ["# exactrelu vs Sage vs polypart (issue 18 series)", ""]
        + ["- " + h for h in head]
        + [status, "", "## Chambers with witnesses", "", ch_md, "", "## n_regions", "", nr_md, ""]
        + [legend, ""]
    )
    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(text)
    if args.json:
        meta = {"header": head, "commit": commit, "date": date, "elapsed": elapsed, "final": final}
        meta.update(cpu_total=cpu_total, argv=sys.argv[1:])
        with open(args.json, "w") as fh:
            json.dump({"meta": meta, "rows": rows}, fh, indent=1, default=str)
    return text


def render_json(args):
    """``--from-json``: the tables (stdout, ``--markdown``) and ``--plot`` of an earlier run, no new run."""
    with open(args.from_json) as fh:
        data = json.load(fh)
    meta, rows = data["meta"], data["rows"]
    args.json = None
    text = write_outputs(
        rows,
        meta["header"],
        args,
        meta["commit"],
        meta["date"],
        meta["elapsed"],
        meta.get("cpu_total", 0.0),
        final=meta.get("final", True),
    )
    print(text)
    if args.plot:
        draw_plot(
            rows, args.plot, "exactrelu %s, %s: CPU time vs output size" % (meta["commit"], meta["date"])
        )
    return 1 if any(r.get("problems") for r in rows) else 0


def main(argv=None):
    args = parse_args(argv)
    if args.from_json:
        return render_json(args)
    table = QUICK if args.quick else SERIES
    names = list(table)
    if args.only:
        names = [s.strip() for s in args.only.split(",") if s.strip()]
        bad = [s for s in names if s not in SERIES]
        if bad:
            print("unknown series %s (choose from %s)" % (bad, ",".join(SERIES)), file=sys.stderr)
            return 2
    sage = None
    sage_note = "off (--no-sage)"
    if not args.no_sage:
        py = find_sage_python(args.sage_python)
        if py is None:
            sage_note = "no Sage interpreter found"
        else:
            try:
                sage = SageServer(py)
                sage_note = "Sage %s (%s)" % (sage.info.get("sage_version"), py)
            except Exception as exc:
                sage_note = "failed to start: %s" % exc
                sage = None
    pp_version = None
    if not args.no_polypart:
        try:
            from importlib.metadata import version

            pp_version = version("polypart")
        except Exception:
            args.no_polypart = True
    warm_up(args)
    commit = commit_id()
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        "exactrelu %s, %s, %s, Python %s, %d cores"
        % (commit, date, platform.node(), platform.python_version(), os.cpu_count() or 0),
        "sage: %s, timeout %g s; polypart: %s, timeout %g s; exactrelu timeout %g s"
        % (sage_note, args.sage_timeout, pp_version or "off", args.pp_timeout, args.er_timeout),
        "command: python benchmarks/bench_series.py %s" % " ".join(sys.argv[1:] if argv is None else argv),
    ]
    for line in head:
        log(line)
    t_start = time.perf_counter()
    ru0 = {who: resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)}
    rows = []
    for series in names:
        state = {}
        for spec in table[series]:
            inst = make_instance(series, spec)
            X = inst["points"]
            row = {k: inst[k] for k in ("series", "name", "d", "N")}
            for k in ("er_ch", "er_nr", "sage_ch", "sage_nr", "pp_ch", "cdd"):
                row[k] = None
            hint = predicted_chambers(inst["d"], inst["N"])
            log("%s %s (N=%d, <= %d chambers)" % (series, inst["name"], inst["N"], hint))
            run_engine(
                row,
                "er_nr",
                state,
                args.er_timeout,
                args,
                lambda: forked(er_nregions_job(X, args), args.er_timeout),
                hint,
            )
            if row["er_nr"].get("ok"):
                hint = row["er_nr"]["count"]
                row["count_nr_er"] = hint
            run_engine(
                row,
                "er_ch",
                state,
                args.er_timeout,
                args,
                lambda: forked(er_chambers_job(X, args), args.er_timeout, args.er_timeout),
                hint,
            )
            if not args.no_polypart:
                run_engine(
                    row,
                    "pp_ch",
                    state,
                    args.pp_timeout,
                    args,
                    lambda: forked(pp_chambers_job(X, args), args.pp_timeout, args.pp_timeout),
                    hint,
                )
            if sage is not None:
                for key, task in (("sage_ch", "regions"), ("sage_nr", "n_regions")):
                    run_engine(
                        row,
                        key,
                        state,
                        args.sage_timeout,
                        args,
                        lambda task=task: sage.measure(task, X, args, args.sage_timeout),
                        hint,
                    )
                    if row[key].get("timeout"):
                        row[key]["lower_bound"] = args.sage_timeout
            if not args.no_cdd and hint <= args.cdd_max:
                run_engine(
                    row,
                    "cdd",
                    state,
                    args.cdd_timeout + 30,
                    args,
                    lambda: forked(cdd_job(X, args), args.cdd_timeout + 30),
                    hint,
                )
                if row["cdd"].get("error", "").startswith("CddTimeoutError"):
                    row["cdd"]["lower_bound"] = args.cdd_timeout
            for task, key in (("ch", ("er_ch", "sage_ch", "pp_ch")), ("nr", ("er_nr", "sage_nr"))):
                counts = [row[k]["count"] for k in key if row[k] and row[k].get("ok") and "count" in row[k]]
                row["count_" + task] = counts[0] if counts else None
            row["check_ch"] = check_row(row, "ch")
            row["check_nr"] = check_row(row, "nr")
            rows.append(row)
            write_outputs(rows, head, args, commit, date, time.perf_counter() - t_start, 0.0, final=False)
    if sage is not None:
        sage.stop()
    elapsed = time.perf_counter() - t_start
    # CPU of the driver and of every reaped child (forks, Sage worker and its forks, cdd): on an idle
    # machine the run takes about this long, since nothing runs in parallel
    cpu_total = sum(
        getattr(resource.getrusage(who), f) - getattr(ru0[who], f)
        for who in ru0
        for f in ("ru_utime", "ru_stime")
    )

    text = write_outputs(rows, head, args, commit, date, elapsed, cpu_total, final=True)
    print(text)
    problems = [(r["name"], p) for r in rows for p in r.get("problems", [])]
    if args.plot:
        try:
            draw_plot(rows, args.plot, "exactrelu %s, %s: CPU time vs output size" % (commit, date))
        except Exception as exc:
            log("plot failed: %s" % exc)
    if problems:
        print("\nMISMATCH:")
        for name, prob in problems:
            print("  %s: %s" % (name, prob))
        return 1
    return 0


def _on_term(signum, frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _on_term)
    try:
        status = main()
    finally:
        for server in _SERVERS:
            server.stop()
    sys.exit(status)
