"""Differential campaign: exactrelu against SageMath on chambers, χ and zonotope f-vectors.

Runs the conjecture ``sage_differential.py:agrees_with_sage`` with
:func:`exactrelu.hunt.hunt` over a grid of families (integer, rational, generic,
degenerate) × d = 1..3, N up to ``--max-points`` (default 8), ``--examples`` instances
each (default 100: 1200 instances in all), and stores every disagreement (and every
error) with its instance in an SQLite file.  In the recording pass the conjecture is
wrapped so that a disagreement is stored and the search goes on (no shrinking, every
drawn instance is compared); for every run with a disagreement a second, ordinary
hunt then shrinks one to a minimal counterexample, stored with the run.

Needs an interpreter with SageMath (``passagemath-polyhedra``) and exactrelu::

    /opt/sagebench/bin/pip install -e .           # once
    /opt/sagebench/bin/python examples/conjectures/run_sage_differential.py \\
        --store examples/output/sage_differential.sqlite [--examples 100] [--workers 2] [--json]

A run already in the store is not repeated (rerun after a crash to finish the grid;
``--fresh`` starts over).  Without Sage it exits with status 2 and says how to get it.

Store: table ``runs`` (run, family JSON, dim, examples, seed, tried, seconds,
disagreements, errors, shrunk counterexample JSON) and table ``disagreements``
(run, kind "disagreement" | "error", instance JSON, verdict or error JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONJECTURE = os.path.join(HERE, "sage_differential.py") + ":agrees_with_sage"
FAMILIES = ("integer", "rational", "generic", "degenerate")

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run TEXT PRIMARY KEY, family TEXT NOT NULL, dim INTEGER NOT NULL, examples INTEGER NOT NULL,
    seed INTEGER NOT NULL, tried INTEGER NOT NULL, seconds REAL NOT NULL,
    disagreements INTEGER NOT NULL, errors INTEGER NOT NULL, shrunk TEXT
);
CREATE TABLE IF NOT EXISTS instances (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run TEXT NOT NULL, n INTEGER NOT NULL, d INTEGER NOT NULL,
    outcome TEXT NOT NULL, seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS disagreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run TEXT NOT NULL, kind TEXT NOT NULL,
    instance TEXT NOT NULL, verdict TEXT NOT NULL
);
"""


def connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(SCHEMA)
    return db


class Recorder:
    """The conjecture, wrapped: store a disagreement or an error and answer True (the search goes on)."""

    def __init__(self, conjecture, store: str, run: str) -> None:
        self.conjecture, self.store, self.run = conjecture, store, run
        self.__name__ = f"recording {getattr(conjecture, '__name__', conjecture)}"

    def _save(self, kind: str, instance, verdict) -> None:
        from exactrelu.exact.jsonio import dumps

        with connect(self.store) as db:
            db.execute(
                "INSERT INTO disagreements (run, kind, instance, verdict) VALUES (?, ?, ?, ?)",
                (self.run, kind, dumps(instance, indent=None), dumps(verdict, indent=None)),
            )

    def _count(self, instance, outcome: str, seconds: float) -> None:
        X = instance["X"]
        with connect(self.store) as db:
            db.execute(
                "INSERT INTO instances (run, n, d, outcome, seconds) VALUES (?, ?, ?, ?, ?)",
                (self.run, len(X), len(X[0]), outcome, seconds),
            )

    def __call__(self, **instance):
        from exactrelu.hunt import judge

        t0 = time.perf_counter()
        try:
            judgement = judge(self.conjecture(**instance))
        except Exception as exc:  # a Sage or exactrelu failure is stored, not fatal
            self._save("error", instance, {"type": type(exc).__name__, "message": str(exc)})
            self._count(instance, "error", time.perf_counter() - t0)
            return True
        if judgement.outcome == "fails":
            self._save("disagreement", instance, judgement.verdict)
        self._count(instance, judgement.outcome, time.perf_counter() - t0)
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=os.path.join("examples", "output", "sage_differential.sqlite"))
    parser.add_argument("--examples", type=int, default=100, help="instances per (family, d) run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-points", type=int, default=8)
    parser.add_argument("--dims", default="1,2,3")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="delete the store first")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, HERE)
    from sage_differential import sage_available

    if not sage_available():
        print(
            "error: SageMath is not importable by this interpreter; run this script with a Sage-enabled "
            "python, e.g. /opt/sagebench/bin/python (see examples/conjectures/README.md)",
            file=sys.stderr,
        )
        return 2

    from exactrelu.exact.jsonio import dumps
    from exactrelu.hunt import Family, hunt, load_conjecture

    families = [f.strip() for f in args.families.split(",") if f.strip()]
    dims = [int(d) for d in args.dims.split(",")]
    bad = [f for f in families if f not in FAMILIES]
    if bad or not families or not dims or args.examples < 1 or args.max_points < 2:
        parser.error(f"families from {FAMILIES}, dims ≥ 1, examples ≥ 1 and max-points ≥ 2 (got {bad})")
    if args.fresh and os.path.exists(args.store):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.store + suffix):
                os.remove(args.store + suffix)
    os.makedirs(os.path.dirname(os.path.abspath(args.store)), exist_ok=True)
    db = connect(args.store)
    done = {r[0] for r in db.execute("SELECT run FROM runs")}
    # rows of a run that was interrupted are discarded: the run is redone whole
    with db:
        db.execute("DELETE FROM disagreements WHERE run NOT IN (SELECT run FROM runs)")
        db.execute("DELETE FROM instances WHERE run NOT IN (SELECT run FROM runs)")

    if args.workers > 1:  # Sage must be imported in a worker's main thread, not in a task thread
        import dask

        dask.config.set({"distributed.worker.preload": ["sage.all__sagemath_polyhedra"]})
    conjecture = load_conjecture(CONJECTURE)
    t_all = time.perf_counter()
    for kind in families:
        for d in dims:
            low = 2 if kind == "degenerate" else 1
            family = Family(kind, dim=d, points=(low, args.max_points))
            run = f"{kind}/d={d}/N={low}..{args.max_points}/examples={args.examples}/seed={args.seed}"
            if run in done:
                continue
            recorder = Recorder(conjecture, os.path.abspath(args.store), run)
            result = hunt(
                recorder, family, examples=args.examples, seed=args.seed, workers=args.workers,
                progress=args.progress,
            )  # fmt: skip
            if result.error is not None:  # the recorder itself failed: not a disagreement, stop
                print(
                    f"error in run {run}: {result.error['type']}: {result.error['message']}", file=sys.stderr
                )
                return 2
            with db:
                dis, err = db.execute(
                    "SELECT SUM(kind = 'disagreement'), SUM(kind = 'error') FROM disagreements WHERE run = ?",
                    (run,),
                ).fetchone()
            dis, err = dis or 0, err or 0
            shrunk = None
            if dis:  # one ordinary hunt: a shrunk, replayed counterexample
                again = hunt(conjecture, family, examples=args.examples, seed=args.seed, workers=args.workers)
                shrunk = again.to_json(indent=None) if again.refuted else None
            with db:
                db.execute(
                    "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (run, dumps(family.to_dict(), indent=None), d, args.examples, args.seed, result.tried,
                     result.seconds, dis, err, shrunk),
                )  # fmt: skip
            print(
                f"{run}: {result.tried} instances, {dis} disagreements, {err} errors, {result.seconds:.1f} s",
                file=sys.stderr,
            )

    rows = db.execute(
        "SELECT run, family, dim, tried, seconds, disagreements, errors FROM runs ORDER BY run"
    ).fetchall()
    summary = {
        "store": args.store,
        "instances": sum(r[3] for r in rows),
        "disagreements": sum(r[5] for r in rows),
        "errors": sum(r[6] for r in rows),
        "seconds": round(sum(r[4] for r in rows), 1),
        "this_session_seconds": round(time.perf_counter() - t_all, 1),
        "compared_by_points": dict(db.execute("SELECT n, COUNT(*) FROM instances GROUP BY n ORDER BY n")),
        "runs": [
            {"run": r[0], "family": json.loads(r[1])["kind"], "dim": r[2], "instances": r[3],
             "seconds": r[4], "disagreements": r[5], "errors": r[6]}
            for r in rows
        ],
    }  # fmt: skip
    if args.json:
        print(dumps(summary))
    else:
        print(f"{'family':<12}{'d':>3}{'instances':>11}{'disagree':>10}{'errors':>8}{'seconds':>9}")
        for r in summary["runs"]:
            print(
                f"{r['family']:<12}{r['dim']:>3}{r['instances']:>11}{r['disagreements']:>10}"
                f"{r['errors']:>8}{r['seconds']:>9.1f}"
            )
        print(
            f"total: {summary['instances']} instances, {summary['disagreements']} disagreements, "
            f"{summary['errors']} errors, {summary['seconds']} s (store: {args.store})"
        )
        print("instances compared by number of points N:", summary["compared_by_points"])
    return 1 if summary["disagreements"] or summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
