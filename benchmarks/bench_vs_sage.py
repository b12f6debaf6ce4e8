#!/usr/bin/env python3
"""exactrelu versus SageMath (and a naive exact cdd baseline), same instances, same run.

The issue-18 series (d=2..5, cubes, grids; chambers and n_regions against Sage and polypart,
CPU time, peak memory per row, plot) is ``bench_series.py``; this script also has the zonotope task.

What is compared
----------------
For a data set ``X`` (N points in R^d) the parameter-space arrangement of one ReLU
unit with bias has the normals ``x̄_i = (x_i, 1)`` (Matena & Raffel 2022, section 3);
its chambers are the activation patterns, and they are the vertices of the
zonotope ``Z = Σ_i [0, x̄_i]`` (chamber ↔ vertex, adjacency ↔ edge).  The number
of chambers is ``|χ(-1)|`` (Zaslavsky's theorem).  Three tasks:

``chambers``
    exactrelu ``HyperplaneArrangement.from_data(X).chambers()`` (sign vectors with
    integer witnesses) vs Sage ``HyperplaneArrangements(QQ, names)(...).regions()``
    (one polyhedron per region), and, on small instances, a naive exact baseline:
    breadth-first search over single sign flips with one pycddlib GMP LP per
    (chamber, hyperplane) candidate (see :func:`cdd_naive_chambers`).
``n_regions``
    exactrelu ``n_regions()`` vs Sage ``n_regions()`` (both through the
    characteristic polynomial; the polynomials are compared too).
``zonotope``
    exactrelu ``Zonotope.from_data(X)`` + ``.f_vector()`` + ``.graph()`` vs Sage
    ``polytopes.zonotope`` (Minkowski sum of the segments ``[0, x̄_i]``) +
    ``f_vector()`` + ``vertex_graph()``.  Sage's ``vertex_graph()`` spends
    nearly all its time sorting vertex objects (quadratic in practice), so the
    column ``sage_cp`` also times Sage's fast route to the same edges,
    ``combinatorial_polyhedron().edges(names=False)`` (vertex-index pairs, no
    ``Graph`` object): the fairer speed reference for the 1-skeleton.

Every count must agree between all engines that finished (and with the stored
Sage truth table where it has the number); otherwise the row is marked
``MISMATCH``, a banner is printed and the exit status is 1.  For ``chambers``
the *sets* of sign vectors are compared as well (not only their number), and
every exactrelu witness is checked exactly (integer dot products); for
``zonotope`` also the degree sequences of the two 1-skeleta.

Timing: wall clock (``time.perf_counter``), from the exact input rows to the
finished result, including the construction of the objects.  Each measurement
is repeated on freshly built objects (so no per-object cache helps) while fewer
than ``--repeat`` runs were made and the runs so far took less than
``--min-time`` seconds; the table shows the fastest run.  Sage runs in its own
process (``--sage-python``, by default ``/opt/sagebench/bin/python``, or the
current interpreter if it can import Sage) and each Sage call has a timeout
(``--sage-timeout``): a call that takes longer is killed and reported as
``timeout > T s``, the exactrelu time is still reported.  Sage and exactrelu
never compute at the same time.

Usage
-----
::

    python benchmarks/bench_vs_sage.py                 # full run
    python benchmarks/bench_vs_sage.py --quick         # small instances, a minute or two
    python benchmarks/bench_vs_sage.py --no-sage       # exactrelu (+ cdd) only
    python benchmarks/bench_vs_sage.py --sage-timeout 300 --json out.json

Exit status: 0 all counts agree, 1 a mismatch (or an exactrelu error), 2 bad usage.
"""

import argparse
import contextlib
import gc
import json
import os
import platform
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from fractions import Fraction
from math import gcd

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:
    sys.path.insert(0, REPO)

WORKER = os.path.join(HERE, "_sage_worker.py")
DEFAULT_SAGE_PYTHON = "/opt/sagebench/bin/python"
TRUTH_CANDIDATES = [os.path.join(REPO, "tests", "data", "sage_truth.json")]

GENERIC_FULL = [(2, 40), (2, 80), (3, 30), (4, 20), (4, 25)]
GENERIC_QUICK = [(2, 20), (3, 10), (4, 10)]
TASKS = ("chambers", "n_regions", "zonotope")


# --------------------------------------------------------------------------- instances
def load_truth(path):
    if path is None:
        for cand in TRUTH_CANDIDATES:
            if os.path.exists(cand):
                path = cand
                break
    if path is None or not os.path.exists(path):
        return None, {}
    with open(path) as fh:
        data = json.load(fh)
    return path, {inst["name"]: inst for inst in data["instances"]}


def seeded_points(d, N, seed=None, bound=10**6):
    """Deterministic generic integer points (stdlib ``random``, independent of numpy).

    Examples
    --------
    >>> seeded_points(2, 3) == seeded_points(2, 3)
    True
    """
    rng = random.Random(seed if seed is not None else 7919 * d + N)
    return [[rng.randint(-bound, bound) for _ in range(d)] for _ in range(N)]


def build_instances(truth, quick, names=None):
    generic = GENERIC_QUICK if quick else GENERIC_FULL
    out = []
    for d, N in generic:
        name = "gen_d%d_N%d" % (d, N)
        if name in truth:
            out.append(_from_truth(truth[name], "truth"))
        else:
            out.append(
                {"name": name, "d": d, "N": N, "points": seeded_points(d, N), "source": "seeded", "truth": {}}
            )
    for name, inst in truth.items():
        if name.startswith("deg_"):
            out.append(_from_truth(inst, "truth"))
    if names:
        wanted = set(names)
        extra = [
            _from_truth(truth[n], "truth") for n in names if n in truth and n not in {i["name"] for i in out}
        ]
        out = [i for i in out + extra if i["name"] in wanted]
        missing = wanted - {i["name"] for i in out}
        if missing:
            raise SystemExit("unknown instance(s): %s" % ", ".join(sorted(missing)))
    return out


def _from_truth(inst, source):
    keys = ("chambers", "zonotope_f_vector", "edges", "characteristic_polynomial", "chamber_signs")
    return {
        "name": inst["name"],
        "d": inst["d"],
        "N": inst["N"],
        "points": inst["points"],
        "source": source,
        "truth": {k: inst[k] for k in keys if k in inst},
    }


def homogenised_rows(points):
    return [[Fraction(str(x)) for x in p] + [Fraction(1)] for p in points]


def primitive_int_rows(rows):
    out = []
    for r in rows:
        den = 1
        for x in r:
            den = den * x.denominator // gcd(den, x.denominator)
        v = [int(x * den) for x in r]
        g = 0
        for x in v:
            g = gcd(g, x)
        out.append([x // g for x in v] if g else v)
    return out


def sign_string(signs):
    return "".join("+" if s > 0 else ("-" if s < 0 else "0") for s in signs)


# --------------------------------------------------------------------------- timing
class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def timed(fn, repeat, min_time, timeout=None):
    """Run ``fn`` at least once; repeat while < repeat runs and < min_time seconds in total.

    Returns ``(result, times)``; raises :class:`_Timeout` if one run exceeds ``timeout``
    seconds (SIGALRM, main thread only).
    """
    times, result = [], None
    while True:
        use_alarm = bool(timeout) and hasattr(signal, "setitimer")
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, float(timeout))
        try:
            t0 = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t0)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        if len(times) >= repeat or sum(times) >= min_time:
            return result, times


# --------------------------------------------------------------------------- exactrelu side
def load_exactrelu():
    try:
        from exactrelu.geometry.arrangement import HyperplaneArrangement
        from exactrelu.geometry.zonotope import Zonotope
    except ImportError as exc:
        return None, "exactrelu.geometry.arrangement / exactrelu.geometry.zonotope not importable (%s)" % exc
    return (HyperplaneArrangement, Zonotope), None


def er_task(er, task, inst, args):
    HyperplaneArrangement, Zonotope = er
    X = inst["points"]
    out = {}
    if task == "chambers":

        def run():
            A = HyperplaneArrangement.from_data(X)
            return A, A.chambers()

        (A, chambers), times = timed(run, args.repeat, args.min_time, args.er_timeout)
        normals = [list(n) for n in A.normals]
        bad = 0
        for ch in chambers:  # exact witness check, untimed
            for n, s in zip(normals, ch.signs):
                if s * sum(a * b for a, b in zip(n, ch.witness)) <= 0:
                    bad += 1
                    break
        out["count"] = len(chambers)
        out["bad_witnesses"] = bad
        out["signs"] = sorted(sign_string(ch.signs) for ch in chambers)
    elif task == "n_regions":

        def run():
            A = HyperplaneArrangement.from_data(X)
            return A, A.n_regions()

        (A, n), times = timed(run, args.repeat, args.min_time, args.er_timeout)
        out["count"] = int(n)
        out["characteristic_polynomial"] = [int(c) for c in A.characteristic_polynomial()]
    elif task == "zonotope":
        sub = {"build": [], "f_vector": [], "graph": []}

        def run():
            t0 = time.perf_counter()
            Z = Zonotope.from_data(X)
            t1 = time.perf_counter()
            fv = Z.f_vector()
            t2 = time.perf_counter()
            G = Z.graph()
            t3 = time.perf_counter()
            sub["build"].append(t1 - t0)
            sub["f_vector"].append(t2 - t1)
            sub["graph"].append(t3 - t2)
            return fv, G

        (fv, G), times = timed(run, args.repeat, args.min_time, args.er_timeout)
        out["f_vector"] = [int(c) for c in fv][1:]  # f_0 .. f_top, as the Sage worker and the truth table
        out["n_vertices"] = G.number_of_nodes()
        out["n_edges"] = G.number_of_edges()
        out["degree_sequence"] = sorted(int(k) for _, k in G.degree())
        out["subtimes"] = sub
    out["times"] = times
    return out


# --------------------------------------------------------------------------- naive cdd baseline
def cdd_naive_chambers(points, deadline=None):
    """Chambers by BFS over sign flips, one exact pycddlib (GMP) LP per new candidate.

    Start: an integer point ``w = (1, t, t^2, ...)`` off every hyperplane (exact).
    For each chamber found and each hyperplane class (parallel normals flip
    together), the flipped sign vector, unless already tested, is decided by the
    exact LP ``max t  s.t.  s_j <n_j, w> >= t  (all j),  t <= 1``: a chamber iff
    the optimum is positive; the optimal ``w`` is its witness.  Every candidate is
    tested once (a small courtesy, otherwise the baseline is deliberately naive).

    Returns ``(sorted sign strings, number of LPs)``; raises :class:`_Timeout`
    after ``deadline`` (a ``time.perf_counter()`` value).
    """
    import cdd.gmp as cg

    normals = primitive_int_rows(homogenised_rows(points))
    D = len(normals[0])
    # group hyperplanes with the same primitive normal up to sign
    classes, rep_of = [], {}
    for i, n in enumerate(normals):
        key = tuple(n)
        neg = tuple(-x for x in n)
        if key in rep_of:
            classes[rep_of[key]].append((i, 1))
        elif neg in rep_of:
            classes[rep_of[neg]].append((i, -1))
        else:
            rep_of[key] = len(classes)
            classes.append([(i, 1)])
    reps = [normals[c[0][0]] for c in classes]
    k = len(classes)
    t = 1
    while True:
        w = [t**j for j in range(D)]
        vals = [sum(a * b for a, b in zip(n, w)) for n in reps]
        if all(vals):
            break
        t += 1
    start = tuple(1 if v > 0 else -1 for v in vals)
    seen = {start: True}
    order = [start]
    n_lp = 0
    obj = [0] * (D + 1) + [1]
    head = 0
    while head < len(order):
        c = order[head]
        head += 1
        for g in range(k):
            cand = c[:g] + (-c[g],) + c[g + 1 :]
            if cand in seen:
                continue
            if deadline is not None and time.perf_counter() > deadline:
                raise _Timeout()
            rows = [[0] + [s * a for a in n] + [-1] for s, n in zip(cand, reps)]
            rows.append([1] + [0] * D + [-1])
            rows.append(obj)
            lp = cg.linprog_from_array(rows, obj_type=cg.LPObjType.MAX)
            cg.linprog_solve(lp)
            n_lp += 1
            ok = lp.status == cg.LPStatusType.OPTIMAL and lp.obj_value > 0
            seen[cand] = ok
            if ok:
                order.append(cand)
    signs = []
    for c in order:
        full = [0] * len(normals)
        for g, members in enumerate(classes):
            for i, rel in members:
                full[i] = c[g] * rel
        signs.append(sign_string(full))
    return sorted(signs), n_lp


# --------------------------------------------------------------------------- Sage side
def find_sage_python(explicit):
    if explicit:
        return explicit
    import importlib.util

    for mod in ("sage.all", "sage.all__sagemath_polyhedra"):
        try:
            if importlib.util.find_spec(mod) is not None:
                return sys.executable
        except (ImportError, ValueError):
            pass
    env = os.environ.get("SAGE_PYTHON")
    if env:
        return env
    if os.path.exists(DEFAULT_SAGE_PYTHON):
        return DEFAULT_SAGE_PYTHON
    return None


_WORKERS = []  # started workers, stopped on exit (also on SIGTERM / Ctrl-C)


class SageWorker:
    """A persistent Sage process (``_sage_worker.py``); killed and restarted after a timeout."""

    def __init__(self, python, startup_timeout=300):
        _WORKERS.append(self)
        self.python = python
        self.startup_timeout = startup_timeout
        self.proc = None
        self.lines = None
        self.info = None
        self.stderr_path = os.path.join(
            os.environ.get("TMPDIR", "/tmp"), "bench_vs_sage_worker.%d.log" % os.getpid()
        )

    def _start(self):
        self._stderr = open(self.stderr_path, "a")  # noqa: SIM115 (closed in stop(), the worker outlives this call)
        self.proc = subprocess.Popen(
            [self.python, WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self.lines = queue.Queue()
        proc, lines = self.proc, self.lines

        def pump():
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        self.info = self._call({"task": "hello"}, self.startup_timeout, restart=False)
        if not self.info.get("ok"):
            raise RuntimeError(
                "Sage worker failed to start with %s: %s (see %s)"
                % (self.python, self.info.get("error"), self.stderr_path)
            )

    def _call(self, req, timeout, restart=True):
        if self.proc is None or self.proc.poll() is not None:
            if not restart:
                return {"ok": False, "error": "worker not running"}
            self._start()
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            return {"ok": False, "timeout": True, "limit": timeout, "error": "timeout > %g s" % timeout}
        if line is None:
            self.stop()
            return {"ok": False, "error": "Sage worker died (see %s)" % self.stderr_path}
        return json.loads(line)

    def call(self, req, timeout):
        return self._call(req, timeout)

    def hello(self):
        if self.info is None:
            self._start()
        return self.info

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()  # only the process we started
            self.proc.wait()
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            self.proc = None
            self._stderr.close()


# --------------------------------------------------------------------------- comparison and table
def fmt_time(t):
    if t is None:
        return "-"
    if t < 1e-3:
        return "%.0fus" % (t * 1e6)
    if t < 1:
        return "%.1fms" % (t * 1e3)
    return "%.2fs" % t


def fmt_ratio(a, b):
    if a is None or b is None or b <= 0:
        return "-"
    r = a / b
    return ("%.0fx" % r) if r >= 100 else (("%.1fx" % r) if r >= 1 else "%.2fx" % r)


def summary_value(task, res):
    if res is None or not res.get("ok", True) or "times" not in res:
        return None
    if task == "zonotope":
        return "f=%s e=%d" % (",".join(map(str, res["f_vector"])), res["n_edges"])
    return str(res["count"])


ENGINES = ("exactrelu", "sage", "sage_cp", "cdd")


def compare(task, inst, row):
    """Return a list of human-readable discrepancies (empty when all agree)."""
    problems = []
    truth = inst["truth"]
    er = row.get("exactrelu")
    have = {
        k: row[k] for k in ENGINES if row.get(k) is not None and row[k].get("ok", True) and "times" in row[k]
    }
    if task in ("chambers", "n_regions"):
        counts = {k: v["count"] for k, v in have.items()}
        if "chambers" in truth:
            counts["truth"] = truth["chambers"]
        if len(set(counts.values())) > 1:
            problems.append("region counts differ: %s" % counts)
    if task == "chambers":
        sets = {k: v["signs"] for k, v in have.items() if "signs" in v}
        if "chamber_signs" in truth:
            sets["truth"] = sorted(truth["chamber_signs"])
        names = sorted(sets)
        for a in names:
            for b in names:
                if a < b and sets[a] != sets[b]:
                    only_a = sorted(set(sets[a]) - set(sets[b]))[:3]
                    only_b = sorted(set(sets[b]) - set(sets[a]))[:3]
                    problems.append(
                        "chamber sign vectors differ between %s and %s (e.g. only %s: %s; only %s: %s)"
                        % (a, b, a, only_a, b, only_b)
                    )
        if er is not None and er.get("bad_witnesses"):
            problems.append("exactrelu: %d chambers with an invalid witness" % er["bad_witnesses"])
    if task == "n_regions":
        polys = {
            k: v["characteristic_polynomial"] for k, v in have.items() if "characteristic_polynomial" in v
        }
        if "characteristic_polynomial" in truth:
            polys["truth"] = truth["characteristic_polynomial"]
        if len({tuple(p) for p in polys.values()}) > 1:
            problems.append("characteristic polynomials differ: %s" % polys)
    if task == "zonotope":
        fvs = {k: tuple(v["f_vector"]) for k, v in have.items()}
        if "zonotope_f_vector" in truth:
            fvs["truth"] = tuple(truth["zonotope_f_vector"])
        if len(set(fvs.values())) > 1:
            problems.append("f-vectors differ: %s" % fvs)
        edges = {k: v["n_edges"] for k, v in have.items()}
        if "edges" in truth:
            edges["truth"] = truth["edges"]
        if len(set(edges.values())) > 1:
            problems.append("edge counts differ: %s" % edges)
        verts = {k: v["n_vertices"] for k, v in have.items()}
        if "chambers" in truth:
            verts["truth"] = truth["chambers"]
        if len(set(verts.values())) > 1:
            problems.append("vertex counts differ: %s" % verts)
        degs = {k: tuple(v["degree_sequence"]) for k, v in have.items()}
        if len(set(degs.values())) > 1:
            problems.append("degree sequences of the 1-skeleta differ")
    return problems


HEADER = (
    "instance",
    "d",
    "N",
    "task",
    "exactrelu",
    "sage",
    "t_exactrelu",
    "t_sage",
    "sage/er",
    "t_sage_cp",
    "cp/er",
    "t_cdd",
    "cdd/er",
    "status",
)
WIDTHS = (20, 2, 3, 9, 34, 34, 11, 11, 8, 10, 8, 10, 8, 0)


def table_line(cells):
    parts = []
    for c, w in zip(cells, WIDTHS):
        c = str(c)
        parts.append(c.ljust(w) if w else c)
    return " ".join(parts).rstrip()


def markdown_table(rows):
    """The result table in Markdown (rows as kept in memory or as read back from ``--json``)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        cells = [str(c).replace("|", "/") for c in row_cells(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def best(res):  # fastest run, or None
    if res is None or not res.get("ok", True) or "times" not in res:
        return None
    return min(res["times"])


def status_of(row):
    bits = []
    if row["problems"]:
        bits.append("MISMATCH")
    for who in ENGINES:
        r = row.get(who)
        if r is None or r.get("ok", True):
            continue
        if r.get("skipped"):
            bits.append("%s not run" % who)
        elif r.get("timeout"):
            bits.append("%s timeout" % who)
        else:
            bits.append("%s %s" % (who, r.get("error", "failed")))
    return "; ".join(bits) if bits else "ok"


def row_cells(row):
    er, sage, cp, cdd = row.get("exactrelu"), row.get("sage"), row.get("sage_cp"), row.get("cdd")
    te = best(er)

    def cells(res):
        t = best(res)
        if t is None and res is not None and res.get("timeout") and res.get("limit"):
            return ">%gs" % res["limit"], (">" + fmt_ratio(res["limit"], te)) if te else "-"
        return fmt_time(t), fmt_ratio(t, te)

    sage_cell = summary_value(row["task"], sage)
    if sage_cell is None and cp is not None:
        sage_cell = summary_value(row["task"], cp)
    if sage_cell is None:
        sage_cell = "timeout" if (sage and sage.get("timeout")) else ("-" if sage is None else "error")
    er_cell = summary_value(row["task"], er)
    if er_cell is None:
        er_cell = "-" if er is None else ("timeout" if er.get("timeout") else "error")
    er_time = fmt_time(te) if te is not None or not (er and er.get("timeout")) else ">%gs" % er["limit"]
    return (
        (row["instance"], row["d"], row["N"], row["task"], er_cell, sage_cell, er_time)
        + cells(sage)
        + cells(cp)
        + cells(cdd)
        + (status_of(row),)
    )


# --------------------------------------------------------------------------- main
def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="small generic instances %s plus the degenerate ones" % GENERIC_QUICK,
    )
    p.add_argument(
        "--sage-timeout",
        type=float,
        default=300.0,
        metavar="T",
        help="per Sage call timeout in seconds (default 300)",
    )
    p.add_argument(
        "--er-timeout",
        type=float,
        default=900.0,
        metavar="T",
        help="per exactrelu call timeout in seconds, 0 = none (default 900)",
    )
    p.add_argument("--json", metavar="OUT", help="also write all results (all times) to this JSON file")
    p.add_argument("--markdown", metavar="OUT", help="also write the table in Markdown to this file")
    p.add_argument("--no-sage", action="store_true", help="do not run Sage")
    p.add_argument("--no-exactrelu", action="store_true", help="do not run exactrelu (Sage and cdd only)")
    p.add_argument("--no-cdd", action="store_true", help="do not run the naive cdd baseline")
    p.add_argument(
        "--sage-python",
        metavar="PY",
        help="interpreter with SageMath (default: this one if it imports Sage, else $SAGE_PYTHON, "
        "else %s)" % DEFAULT_SAGE_PYTHON,
    )
    p.add_argument(
        "--sage-skeleton",
        choices=("both", "edges", "vertex_graph"),
        default="both",
        help="Sage routes to the zonotope 1-skeleton to time: combinatorial_polyhedron().edges() "
        "(column sage_cp), vertex_graph() (column sage), or both (default)",
    )
    p.add_argument(
        "--truth",
        metavar="PATH",
        help="Sage truth table (default tests/data/sage_truth.json)",
    )
    p.add_argument(
        "--instances",
        metavar="NAMES",
        help="comma-separated instance names to run (any in the truth "
        "table, or the gen_d*_N* of the chosen list)",
    )
    p.add_argument("--tasks", default=",".join(TASKS), help="comma-separated subset of %s" % (TASKS,))
    p.add_argument(
        "--repeat", type=int, default=3, help="at most this many timed runs per measurement (default 3)"
    )
    p.add_argument(
        "--min-time",
        type=float,
        default=1.0,
        help="stop repeating once the runs took this many seconds (default 1.0)",
    )
    p.add_argument(
        "--cdd-max-lps",
        type=int,
        default=250000,
        help="run the cdd baseline only if chambers x hyperplanes <= this (default 250000)",
    )
    p.add_argument(
        "--cdd-timeout", type=float, default=120.0, help="cdd baseline time budget per instance (s)"
    )
    p.add_argument(
        "--no-sign-check",
        action="store_true",
        help="compare only the number of chambers, not the sets of sign vectors",
    )
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    for t in tasks:
        if t not in TASKS:
            print("unknown task %r (choose from %s)" % (t, ", ".join(TASKS)), file=sys.stderr)
            return 2
    truth_path, truth = load_truth(args.truth)
    names = [n.strip() for n in args.instances.split(",")] if args.instances else None
    instances = build_instances(truth, args.quick, names)

    er, er_note = (None, "disabled (--no-exactrelu)") if args.no_exactrelu else load_exactrelu()
    sage, sage_info, sage_note = None, None, None
    if not args.no_sage:
        py = find_sage_python(args.sage_python)
        if py is None:
            sage_note = "no Sage interpreter found (use --sage-python or install /opt/sagebench, see README)"
        else:
            sage = SageWorker(py)
            try:
                sage_info = sage.hello()
            except Exception as exc:  # pragma: no cover - environment problem
                sage_note = str(exc)
                sage = None
    else:
        sage_note = "disabled (--no-sage)"
    cdd_ok = not args.no_cdd
    if cdd_ok:
        try:
            import cdd.gmp  # noqa: F401
        except ImportError:
            cdd_ok = False

    print(
        "exactrelu vs SageMath -- %s, Python %s, %s"
        % (platform.node(), platform.python_version(), time.strftime("%Y-%m-%d %H:%M"))
    )
    print("  truth table : %s" % (truth_path or "not found"))
    print("  exactrelu   : %s" % ("ok" if er else er_note))
    print(
        "  sage        : %s"
        % (
            (
                "%s (Sage %s, Python %s), timeout %g s per call"
                % (sage.python, sage_info.get("sage_version"), sage_info.get("python"), args.sage_timeout)
            )
            if sage
            else sage_note
        )
    )
    print(
        "  cdd baseline: %s"
        % (
            (
                "on instances with chambers x hyperplanes <= %d, budget %g s"
                % (args.cdd_max_lps, args.cdd_timeout)
            )
            if cdd_ok
            else "off"
        )
    )
    print(
        "  timing      : best of <= %d runs (stop after %g s), wall clock, fresh objects each run"
        % (args.repeat, args.min_time)
    )
    print()
    print(table_line(HEADER))
    print(table_line(["-" * max(len(h), w) for h, w in zip(HEADER, WIDTHS)]))
    sys.stdout.flush()

    rows = []
    want_signs = not args.no_sign_check
    for inst in instances:
        sage_rows = [[str(x) for x in r] for r in homogenised_rows(inst["points"])]
        for task in tasks:
            row = {
                "instance": inst["name"],
                "d": inst["d"],
                "N": inst["N"],
                "task": task,
                "source": inst["source"],
                "exactrelu": None,
                "sage": None,
                "sage_cp": None,
                "cdd": None,
            }
            if er is not None:
                gc.collect()
                try:
                    row["exactrelu"] = er_task(er, task, inst, args)
                except _Timeout:
                    row["exactrelu"] = {
                        "ok": False,
                        "timeout": True,
                        "limit": args.er_timeout,
                        "error": "timeout > %g s" % args.er_timeout,
                    }
                except Exception as exc:
                    row["exactrelu"] = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
            if sage is not None:
                req = {
                    "task": "regions" if task == "chambers" else task,
                    "rows": sage_rows,
                    "repeat": args.repeat,
                    "min_time": args.min_time,
                }
                if task == "zonotope" and args.sage_skeleton in ("both", "edges"):
                    # the fast route first: vertex_graph() may time out
                    row["sage_cp"] = sage.call(dict(req, skeleton="edges"), args.sage_timeout)
                if task == "zonotope":
                    req["skeleton"] = "vertex_graph"
                if task == "zonotope" and args.sage_skeleton == "edges":
                    row["sage"] = None
                elif task == "zonotope" and row["sage_cp"] and row["sage_cp"].get("timeout"):
                    # vertex_graph() route = the same build + f_vector() + a slower graph: cannot be faster
                    row["sage"] = {
                        "ok": False,
                        "timeout": True,
                        "skipped": True,
                        "limit": args.sage_timeout,
                        "error": "not run (its build + f_vector is sage_cp's)",
                    }
                else:
                    row["sage"] = sage.call(req, args.sage_timeout)
                if task == "chambers" and want_signs and row["sage"].get("ok"):
                    got = sage.call({"task": "last_signs"}, args.sage_timeout)  # untimed, own timeout
                    if got.get("ok"):
                        row["sage"]["signs"] = got["signs"]
                    else:
                        row["sage"]["sign_check"] = got.get("error")
            if task == "chambers" and cdd_ok:
                expected = inst["truth"].get("chambers")
                for who in ("exactrelu", "sage"):
                    r = row[who]
                    if expected is None and r and r.get("ok", True) and "count" in r:
                        expected = r["count"]
                if expected is not None and expected * inst["N"] <= args.cdd_max_lps:
                    gc.collect()
                    deadline = time.perf_counter() + args.cdd_timeout
                    try:
                        (signs, n_lp), times = timed(
                            lambda: cdd_naive_chambers(inst["points"], deadline), args.repeat, args.min_time
                        )
                        row["cdd"] = {"count": len(signs), "signs": signs, "n_lp": n_lp, "times": times}
                    except _Timeout:
                        row["cdd"] = {
                            "ok": False,
                            "timeout": True,
                            "limit": args.cdd_timeout,
                            "error": "timeout > %g s" % args.cdd_timeout,
                        }
            if not want_signs:
                for who in ENGINES:
                    if row[who]:
                        row[who].pop("signs", None)
            row["problems"] = compare(task, inst, row)
            if task == "chambers":  # which engines' sets of sign vectors were compared (JSON only)
                row["signs_compared"] = [w for w in ENGINES if row[w] and "signs" in row[w]] + (
                    ["truth"] if "chamber_signs" in inst["truth"] else []
                )
            row["status"] = status_of(row)
            print(table_line(row_cells(row)))
            sys.stdout.flush()
            rows.append(row)
    if sage is not None:
        sage.stop()

    mismatches = [r for r in rows if r["problems"]]
    er_errors = [
        r
        for r in rows
        if r["exactrelu"] is not None
        and not r["exactrelu"].get("ok", True)
        and not r["exactrelu"].get("timeout")
    ]
    print()
    print(
        "times: best run; X/er = how many times slower than exactrelu.  sage = the route named in the task "
        "(regions(), n_regions(), zonotope + f_vector() + vertex_graph());"
    )
    print(
        "sage_cp = zonotope + f_vector() + combinatorial_polyhedron().edges() (same edges, no Graph object); "
        "cdd = naive exact LP-per-sign-flip BFS."
    )
    print("zonotope counts: f = (f_0..f_top), e = edges of the 1-skeleton")
    sub_lines = []
    for r in rows:
        if r["task"] == "zonotope":
            parts = []
            for who, keys in (
                ("exactrelu", ("build", "f_vector", "graph")),
                ("sage", ("build", "f_vector", "vertex_graph")),
                ("sage_cp", ("build", "f_vector", "edges")),
            ):
                res = r.get(who)
                if res and res.get("ok", True) and "subtimes" in res:
                    i = min(range(len(res["times"])), key=lambda j: res["times"][j])
                    parts.append(
                        "%s %s"
                        % (who, " + ".join("%s %s" % (k, fmt_time(res["subtimes"][k][i])) for k in keys))
                    )
            if parts:
                sub_lines.append("  %-20s %s" % (r["instance"], " | ".join(parts)))
    if sub_lines:
        print("zonotope time split (best run):")
        print("\n".join(sub_lines))
    cdd_lines = [
        "  %-20s %d LPs, %s per LP"
        % (r["instance"], r["cdd"]["n_lp"], fmt_time(min(r["cdd"]["times"]) / max(1, r["cdd"]["n_lp"])))
        for r in rows
        if r["cdd"] and "n_lp" in r["cdd"]
    ]
    if cdd_lines:
        print("naive cdd baseline:")
        print("\n".join(cdd_lines))

    if args.json:
        meta = {
            "argv": sys.argv[1:],
            "host": platform.node(),
            "python": platform.python_version(),
            "sage": sage_info,
            "sage_python": sage.python if sage else None,
            "truth": truth_path,
            "exactrelu": bool(er),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "repeat": args.repeat,
            "min_time": args.min_time,
            "sage_timeout": args.sage_timeout,
        }
        slim = []
        for r in rows:
            r2 = dict(r)
            for who in ENGINES:
                if r2[who]:
                    r2[who] = {k: v for k, v in r2[who].items() if k not in ("signs", "degree_sequence")}
            r2["best"] = {who: best(r[who]) for who in ENGINES}
            slim.append(r2)
        with open(args.json, "w") as fh:
            json.dump({"meta": meta, "results": slim}, fh, indent=1)
        print("results written to %s" % args.json)

    if args.markdown:
        with open(args.markdown, "w") as fh:
            fh.write(markdown_table(rows))
        print("table written to %s" % args.markdown)

    if mismatches:
        print()
        print("!" * 78)
        print("!!! MISMATCH: %d row(s) where the engines (or the truth table) disagree" % len(mismatches))
        for r in mismatches:
            for prob in r["problems"]:
                print("!!!   %s / %s: %s" % (r["instance"], r["task"], prob))
        print("!" * 78)
        return 1
    if er_errors:
        print()
        print("exactrelu raised an error on %d row(s):" % len(er_errors))
        for r in er_errors:
            print("  %s / %s: %s" % (r["instance"], r["task"], r["exactrelu"]["error"]))
        return 1
    print("all counts agree.")
    return 0


def _on_term(signum, frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _on_term)
    try:
        status = main()
    finally:
        for w in _WORKERS:
            w.stop()
    sys.exit(status)
