"""SageMath side of ``benchmarks/bench_vs_sage.py`` (run with a Sage-enabled interpreter).

This file is executed by the benchmark driver in a *separate process*, with the
interpreter that has SageMath (e.g. the ``passagemath-polyhedra`` venv
``/opt/sagebench/bin/python``).  It does not import :mod:`exactrelu`.

Protocol: one JSON request per line on stdin, one JSON answer per line on the
original stdout (file descriptor 1 is redirected to stderr so that anything
Sage or its libraries print cannot corrupt the protocol).

Request fields
--------------
``task``
    ``"hello"`` (report versions), ``"regions"`` (``HyperplaneArrangement.regions()``),
    ``"n_regions"`` (``n_regions()``, i.e. the characteristic polynomial) or
    ``"zonotope"`` (``polytopes.zonotope`` = Minkowski sum of the segments
    ``[0, g_i]``, then ``f_vector()`` and the 1-skeleton: ``vertex_graph()``, or
    with ``"skeleton": "edges"`` the faster
    ``combinatorial_polyhedron().edges(names=False)``, which gives the same
    edges as pairs of vertex indices without building a Sage ``Graph``).
``rows``
    The homogenised data rows ``x̄_i = (x_i, 1)`` as strings ``"p/q"`` (exact).
    For the arrangement tasks they are the hyperplane normals (central
    arrangement ``{w : <x̄_i, w> = 0}``); for the zonotope task the generators.
``repeat``, ``min_time``
    Timing policy, identical to the exactrelu side: run at least once, and
    repeat (each time on freshly built objects, so that Sage's
    ``@cached_method`` caches never help) while fewer than ``repeat`` runs were
    made and the runs so far took less than ``min_time`` seconds in total.
``clock``, ``memory``
    ``"clock": "cpu"`` times with the process CPU time instead of the wall clock;
    ``"memory": true`` also reports ``peak_rss``, the peak resident set size of the
    first run above the baseline of the process (``_measure.measure``).
``fork``, ``timeout``, ``sign_timeout``
    ``"fork": true`` runs the request in a forked child of this worker (a fresh
    process per measurement, without paying Sage's import time again); the child is
    killed after ``timeout`` seconds (answer ``{"ok": false, "timeout": true}``),
    and the worker keeps serving.  With ``want_digest`` the child then computes
    the SHA-256 of the sorted sign strings of the regions (untimed, within
    ``sign_timeout`` seconds), returned as ``digest`` (or ``digest_error``).
``want_signs``
    For ``regions``: also return the sorted sign vectors of the regions in input
    order (computed outside the timed region from ``representative_point()``),
    so the driver can compare *sets* of chambers, not only their number.  The
    request ``{"task": "last_signs"}`` does the same for the regions of the last
    ``regions`` request, so that the driver can give it a separate timeout.

Every answer has ``ok`` and ``times`` (wall-clock seconds of each run);
the timed region goes from the exact input rows to the finished result,
including the construction of the Sage objects.

Examples
--------
The driver does, in effect::

    $ echo '{"task": "n_regions", "rows": [["1","1"],["2","1"]]}' | /opt/sagebench/bin/python _sage_worker.py
    {"ok": true, "task": "n_regions", "count": 4, ...}
"""

import contextlib
import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _measure  # (stdlib only, shared with bench_series.py)

_PEAK = {}
_WARM = set()

# Keep a private handle on the real stdout for the protocol; send fd 1 to stderr.
_PROTO = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr

try:  # a full Sage install
    from sage.all import QQ, HyperplaneArrangements, polytopes, vector
except ImportError:  # the modular passagemath distributions
    from sage.all__sagemath_polyhedra import QQ, HyperplaneArrangements, polytopes, vector

    with contextlib.suppress(ImportError):  # vertex_graph() needs sage.graphs (passagemath-graphs)
        import sage.all__sagemath_graphs  # noqa: F401


def _timed(fn, repeat, min_time, req=None):
    if req is not None and (req.get("clock") == "cpu" or req.get("memory")):
        result, times, peak = _measure.measure(fn, repeat, min_time, clock=req.get("clock", "wall"))
        _PEAK["peak_rss"] = peak
        return result, times
    times, result = [], None
    while True:
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= repeat or sum(times) >= min_time:
            return result, times


def _sign_string(row, point):
    value = sum(a * b for a, b in zip(row, point))
    return "+" if value > 0 else ("-" if value < 0 else "0")


def _arrangement(rows):
    dim = len(rows[0])
    H = HyperplaneArrangements(QQ, tuple("x%d" % i for i in range(dim)))
    return H([[0] + list(r) for r in rows])


_LAST = {}


def _region_signs(rows, regions):
    signs = []
    for reg in regions:
        p = reg.representative_point()
        signs.append("".join(_sign_string(r, p) for r in rows))
    return sorted(signs)


def handle(req):
    task = req["task"]
    if task == "last_signs":  # sign vectors of the regions of the last "regions" request
        if "regions" not in _LAST:
            raise ValueError("no regions computed yet")
        rows, regions = _LAST.pop("regions")
        return {"ok": True, "task": task, "signs": _region_signs(rows, regions)}
    if task == "hello":
        import sage.version

        return {"ok": True, "sage_version": sage.version.version, "python": sys.version.split()[0]}
    rows = [[QQ(x) for x in r] for r in req["rows"]]
    repeat = int(req.get("repeat", 1))
    min_time = float(req.get("min_time", 0.0))
    dim = len(rows[0])
    HyperplaneArrangements(QQ, tuple("x%d" % i for i in range(dim)))  # parent is cached: build it untimed
    out = {"ok": True, "task": task}

    if task == "regions":
        regions, times = _timed(lambda: _arrangement(rows).regions(), repeat, min_time, req)
        out["count"] = len(regions)
        _LAST["regions"] = (rows, regions)
        if req.get("want_signs"):
            out["signs"] = _region_signs(rows, regions)
    elif task == "n_regions":

        def run():
            A = _arrangement(rows)
            return A, A.n_regions()

        (A, n), times = _timed(run, repeat, min_time, req)
        out["count"] = int(n)
        out["characteristic_polynomial"] = [int(c) for c in A.characteristic_polynomial().list()]
    elif task == "zonotope":
        gens = [vector(QQ, r) for r in rows]
        skeleton = req.get("skeleton", "vertex_graph")
        if skeleton not in ("vertex_graph", "edges"):
            raise ValueError("unknown skeleton route %r" % skeleton)
        sub = {"build": [], "f_vector": [], skeleton: []}

        def run():
            t0 = time.perf_counter()
            Z = polytopes.zonotope(gens)
            t1 = time.perf_counter()
            fv = Z.f_vector()
            t2 = time.perf_counter()
            if skeleton == "vertex_graph":
                G = Z.vertex_graph()
            else:  # the graph's data without building a Graph: pairs of vertex indices
                G = Z.combinatorial_polyhedron().edges(names=False)
            t3 = time.perf_counter()
            sub["build"].append(t1 - t0)
            sub["f_vector"].append(t2 - t1)
            sub[skeleton].append(t3 - t2)
            return fv, G

        (fv, G), times = _timed(run, repeat, min_time)
        out["f_vector"] = [int(c) for c in fv][1:]  # drop the empty face: f_0 .. f_top
        if skeleton == "vertex_graph":
            out["n_vertices"] = int(G.num_verts())
            out["n_edges"] = int(G.num_edges())
            out["degree_sequence"] = sorted(int(x) for x in G.degree())
        else:
            deg = [0] * int(fv[1])
            for a, b in G:
                deg[a] += 1
                deg[b] += 1
            out["n_vertices"] = len(deg)
            out["n_edges"] = len(G)
            out["degree_sequence"] = sorted(deg)
        out["skeleton"] = skeleton
        out["subtimes"] = sub
    else:
        raise ValueError("unknown task %r" % task)
    out["times"] = times
    if "peak_rss" in _PEAK:
        out["peak_rss"] = _PEAK.pop("peak_rss")
    return out


def handle_forked(req):
    """Run ``req`` in a forked child with a timeout (see ``fork`` in the module docstring)."""
    inner = {k: v for k, v in req.items() if k not in ("fork", "timeout", "sign_timeout", "want_digest")}

    def job():
        yield handle(inner)
        if req.get("want_digest") and req["task"] == "regions":
            rows, regions = _LAST.pop("regions")
            signs = _region_signs(rows, regions)
            digest = hashlib.sha256("\n".join(signs).encode()).hexdigest()
            yield {"ok": True, "digest": digest, "n_signs": len(signs)}

    if req["task"] not in _WARM:  # lazy imports and caches of the task: once, here, untimed
        tiny = [["1", "0", "1"], ["0", "1", "1"], ["1", "1", "1"]]
        handle({"task": req["task"], "rows": tiny})
        if req["task"] == "regions":
            _region_signs(*_LAST.pop("regions"))
        _WARM.add(req["task"])
    timeout = float(req.get("timeout") or 0) or None
    sign_timeout = float(req.get("sign_timeout") or 0) or timeout
    first, extra = _measure.run_forked(job, timeout, sign_timeout)
    if extra is not None and first.get("ok", True):
        if extra.get("digest"):
            first["digest"] = extra["digest"]
        else:
            first["digest_error"] = extra.get("error", "no digest")
    return first


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            answer = handle_forked(req) if req.get("fork") else handle(req)
        except Exception as exc:  # report, keep serving
            answer = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
        _PROTO.write(json.dumps(answer) + "\n")
        _PROTO.flush()


if __name__ == "__main__":
    main()
