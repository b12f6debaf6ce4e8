"""Hunts and campaigns on 1 and 2 Dask workers: instances per second, speed-up, Dask's per-task cost.

    python benchmarks/bench_hunt.py [--quick] [--spin] [--ms 50] [--json PATH]

Measured in one run, on clusters started once (their start-up is reported apart):

1. ``hunt``: a conjecture costing ``--ms`` ms of pure-Python work per instance
   (default 50), run here (``workers=1``) and on the 1- and 2-worker LocalClusters
   (``scheduler=ADDRESS``): instances per second and the speed-up.
2. ``campaign``: the same conjecture as a campaign (seeds × examples) on a 1-worker and a
   2-worker LocalCluster: instances per second and the speed-up; and the Proposition 6
   check over its natural family (real work, a few ms per instance).
3. Dask's per-task cost: a no-op task's round trip on 1 worker; and small hunts (about
   10-15 ms each) called directly (in a row, inside one worker) against a campaign on 1 worker with
   one hunt per Dask task (``batch_seconds=0``) and with batching (the default), as
   overhead = campaign time / direct time − 1.
4. The store: rows written per second (one transaction each), bytes per row.

The figures go to docs/campaigns.md (scaling out, on paper).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

from exactrelu.hunt import Family, hunt, load_conjecture
from exactrelu.hunt.campaign import load_campaign, run_batch, run_campaign
from exactrelu.hunt.store import Store

CONJECTURES = '''
import time


def busy(X):
    """Holds, after a fixed amount of pure-Python work (about MS ms here, calibrated at start)."""
    if SPIN:  # --spin: MS ms of wall-clock time, whatever else the machine runs
        end = time.perf_counter() + MS / 1000
        while time.perf_counter() < end:
            pass
        return True
    n = 0
    for _ in range(LOOPS):
        n += 1
    return n == LOOPS


def quick(X):
    """Holds, at once: a hunt of a few examples is then mostly hypothesis and Dask overhead."""
    return len(X) < 1000
'''


def _cluster(n):
    import logging

    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: None still binds 8787 and warns when it is taken
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    client.wait_for_workers(n)
    return cluster, client, time.perf_counter() - t0


def _noop(x):
    return x


def task_roundtrip(client, n=2000):
    """Seconds per no-op task, submitted all at once (throughput) on the cluster of ``client``."""
    client.gather(client.map(_noop, range(50), pure=False))  # warm
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(n), pure=False))
    return (time.perf_counter() - t0) / n


def campaign_seconds(spec, store, address, **kw):
    stats = run_campaign(spec, store, scheduler=address, **kw)
    return stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ms", type=float, default=50.0, help="ms per instance of the busy conjecture")
    parser.add_argument("--quick", action="store_true", help="smaller runs (a smoke test)")
    parser.add_argument(
        "--spin",
        action="store_true",
        help="busy = MS ms of wall-clock spinning instead of fixed CPU work: measures Dask's "
        "parallelism even on a machine shared with other jobs (fixed work then measures the cores)",
    )
    parser.add_argument("--json", default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    scale = 0.4 if args.quick else 1.0
    tmp = tempfile.mkdtemp(prefix="bench_hunt_")
    path = os.path.join(tmp, "conj.py")
    loops = _calibrate(args.ms)
    with open(path, "w", encoding="utf-8") as fh:
        text = CONJECTURES.replace("LOOPS", str(loops)).replace("MS", repr(args.ms))
        fh.write(text.replace("SPIN", repr(args.spin)))
    busy = load_conjecture(f"{path}:busy")
    fam = Family("integer", dim=2, points=(3, 5))
    rows = []
    figures = {"ms_per_instance": args.ms, "cpu_count": os.cpu_count()}

    def line(what, workers, instances, seconds, note=""):
        rate = instances / seconds
        rows.append((what, workers, instances, f"{seconds:.2f}", f"{rate:.1f}", note))
        return rate

    c1, cl1, start1 = _cluster(1)
    c2, cl2, start2 = _cluster(2)
    figures["cluster_start_seconds"] = {"1": round(start1, 2), "2": round(start2, 2)}
    try:
        # 1. hunt: here vs on 2 workers (2 shards of 50)
        examples = 200 if not args.quick else 100  # shards of 50: 4 (2) tasks to share
        hunt(busy, fam, examples=5, seed=0)  # warm
        t0 = time.perf_counter()
        r = hunt(busy, fam, examples=examples, seed=0)
        h1 = line("hunt (busy)", "1 (here)", r.tried, time.perf_counter() - t0)
        rates = {}
        for n, cl in ((1, cl1), (2, cl2)):
            cl.run(lambda: __import__("exactrelu.hunt.core"))
            t0 = time.perf_counter()
            r = hunt(busy, fam, examples=examples, seed=0, scheduler=cl.scheduler.address)
            rates[n] = line("hunt (busy)", n, r.tried, time.perf_counter() - t0)
        figures["hunt"] = {"here": h1, "1": rates[1], "2": rates[2], "speedup": rates[2] / rates[1]}
        rows[-1] = (*rows[-1][:5], f"speed-up {rates[2] / rates[1]:.2f}x (vs here {rates[2] / h1:.2f}x)")

        # 2. campaigns, same spec on 1 then 2 workers (fresh stores)
        seeds = max(4, int(24 * scale))
        spec = {
            "name": "bench",
            "examples": 10,
            "seeds": seeds,
            "runs": [
                {"conjecture": "conj.py:busy", "family": {"kind": "integer", "dim": 2, "points": [3, 5]}}
            ],
        }
        spec_path = os.path.join(tmp, "busy.json")
        with open(spec_path, "w", encoding="utf-8") as fh:
            json.dump(spec, fh)
        res = {}
        for n, cl in ((1, cl1), (2, cl2)):
            st = campaign_seconds(spec_path, os.path.join(tmp, f"busy{n}.sqlite"), cl.scheduler.address)
            inst = _instances(os.path.join(tmp, f"busy{n}.sqlite"))
            res[n] = line("campaign (busy)", n, inst, st["wall_seconds"], f"{st['tasks']} tasks")
        figures["campaign_busy"] = {"1": res[1], "2": res[2], "speedup": res[2] / res[1]}
        rows[-1] = (*rows[-1][:5], rows[-1][5] + f", speed-up {res[2] / res[1]:.2f}x")

        prop6 = {
            "name": "prop6",
            "examples": 20,
            "seeds": max(4, int(40 * scale)),
            "runs": [{"check": "prop6"}],
        }
        res = {}
        for n, cl in ((1, cl1), (2, cl2)):  # warm: a process's first hunts of a family cost more
            warm = dict(prop6, seeds=[1000 + k for k in range(2 * n)])
            campaign_seconds(warm, os.path.join(tmp, f"warm_{n}.sqlite"), cl.scheduler.address)
        for n, cl in ((1, cl1), (2, cl2)):
            store = os.path.join(tmp, f"prop6_{n}.sqlite")
            st = campaign_seconds(prop6, store, cl.scheduler.address)
            inst = _instances(store)
            res[n] = line(
                "campaign (prop6 check)",
                n,
                inst,
                st["wall_seconds"],
                f"{1000 * st['task_seconds'] / inst:.0f} ms/instance",
            )
        figures["campaign_prop6"] = {"1": res[1], "2": res[2], "speedup": res[2] / res[1]}
        rows[-1] = (*rows[-1][:5], rows[-1][5] + f", speed-up {res[2] / res[1]:.2f}x")

        # 3. Dask's per-task cost
        rt = task_roundtrip(cl1)
        figures["noop_task_ms"] = rt * 1000
        quick = {
            "name": "quick",
            "examples": 5,
            "seeds": int(300 * scale),
            "runs": [{"conjecture": "conj.py:quick", "family": {"kind": "integer", "dim": 2, "points": 3}}],
        }
        qpath = os.path.join(tmp, "quick.json")
        with open(qpath, "w", encoding="utf-8") as fh:
            json.dump(quick, fh)
        camp = load_campaign(qpath)
        defs = {r.id: r.stored() for r in camp.runs}
        # "direct": every hunt called in a row inside one worker process (one Dask task for all:
        # its ~4 ms are noise), not here, where the two clusters' event loops share our GIL
        cl1.submit(run_batch, defs, camp.pairs[:5], pure=False).result()  # warm

        def timed(d, p):
            t = time.perf_counter()
            out = run_batch(d, p)
            return out, time.perf_counter() - t

        out, direct = cl1.submit(timed, defs, camp.pairs, pure=False).result()
        n_hunts = len(out)
        figures["small_hunt_ms"] = 1000 * direct / n_hunts
        line(
            "direct calls (quick)",
            "1 (in a worker)",
            n_hunts * 5,
            direct,
            f"{1000 * direct / n_hunts:.1f} ms/hunt",
        )
        over = {}
        for label, bs in (("unbatched", 0.0), ("batched", None)):
            kw = {} if bs is None else {"batch_seconds": bs}
            st = campaign_seconds(
                qpath, os.path.join(tmp, f"quick_{label}.sqlite"), cl1.scheduler.address, **kw
            )
            over[label] = st["wall_seconds"] / direct - 1
            line(
                f"campaign (quick, {label})",
                1,
                n_hunts * 5,
                st["wall_seconds"],
                f"{st['tasks']} tasks, overhead {100 * over[label]:+.0f}%",
            )
        figures["overhead"] = over

        # 4. the store
        with Store(os.path.join(tmp, "quick_batched.sqlite")) as s:
            size = s.db.execute("SELECT avg(length(result)) FROM results").fetchone()[0]
        with Store(os.path.join(tmp, "writes.sqlite")) as s:
            sample = {
                "status": "survived",
                "seconds": 0.01,
                "tried": 50,
                "counterexample": None,
                "pad": "x" * 400,
            }
            n = 3000
            t0 = time.perf_counter()
            for i in range(n):
                s.add_result("r", i, sample, worker="w")
            writes = n / (time.perf_counter() - t0)
        figures["store_rows_per_second"] = writes
        figures["result_bytes_per_row"] = size
    finally:
        for client, cluster in ((cl1, c1), (cl2, c2)):
            client.close()
            cluster.close()

    headers = ("what", "workers", "instances", "seconds", "instances/s", "note")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())
    print(
        f"\ncluster start: {figures['cluster_start_seconds']} s; "
        f"no-op Dask task: {figures['noop_task_ms']:.2f} ms; "
        f"store: {writes:.0f} rows/s (one transaction each), {size:.0f} bytes of JSON per row"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=1)
    return 0


def _calibrate(ms):
    """Loop iterations taking ``ms`` ms of CPU here (fixed work: contention shows, unlike a timed spin)."""
    n, loops = 0, 10**6
    t0 = time.process_time()
    for _ in range(loops):
        n += 1  # noqa: SIM113 - the work being timed
    return max(1, int(loops * ms / 1000 / (time.process_time() - t0)))


def _instances(store):
    with Store(store) as s:
        return sum(r["result"].get("tried", 0) for r in s.results())


if __name__ == "__main__":
    sys.exit(main())
