"""``exactrelu campaign run | report | verify``: campaigns on Dask, into a resumable store.

* ``run SPEC.json --store PATH [--workers N | --scheduler ADDRESS] [--limit N] [--json]``
  runs the (run, seed) pairs of the spec that the store does not hold yet.  Exit
  status 0: every hunt of the campaign done, as expected; 1: refutations that were not
  expected (a conjecture refuted, a check failing on instances where its hypotheses
  hold) or a negative family that found no counterexample; 2: bad input (spec, store,
  cluster), errors in conjectures, or work lost to failed workers (rerun to finish).
  Counterexamples of negative families, where the paper predicts them, are reported as
  *expected* and do not change the status.
* ``report --store PATH [--json] [--plot PATH]``: done/total, refutations with their
  instances, errors, time per run, refutation rates per (d, N).  Exit status 0.
* ``verify --store PATH [--json]``: replays every stored refutation and re-checks its
  certificates.  Exit status 0 if all re-check, else 1.

The spec format and the store are described in ``docs/campaigns.md`` and
:mod:`exactrelu.hunt.campaign`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from exactrelu.cli.common import PROG, activity, emit_json, table
from exactrelu.exact.errors import ExactReluError
from exactrelu.exact.jsonio import dumps
from exactrelu.hunt.campaign import load_campaign, report, run_campaign, verify

__all__ = ["cmd_campaign_report", "cmd_campaign_run", "cmd_campaign_verify"]

_WIDTH = 90


def _short(value: Any, width: int = _WIDTH) -> str:
    text = value if isinstance(value, str) else dumps(value, indent=None)
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_campaign_run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the missing work of a campaign; exit 1 if the campaign has refutations."""
    # a campaign is long work: progress unless --no-progress (a bar on a terminal, lines in a log)
    progress = getattr(args, "progress", None) is not False
    activity().stage(
        "the campaign",
        hint="run the same command again: the store keeps every finished hunt and only the missing work runs",
    )
    stats = run_campaign(
        args.spec,
        args.store,
        workers=getattr(args, "workers", None),
        scheduler=getattr(args, "scheduler", None),
        progress=progress,
        limit=getattr(args, "limit", None),
    )
    ids = [r.id for r in load_campaign(args.spec, limit=getattr(args, "limit", None)).runs]
    summary = report(args.store, runs=ids)
    status = _status(summary)
    if getattr(args, "json", False):
        emit_json({**summary, "campaign": stats["campaign"], "this_run": stats}, out)
        return status
    print(
        f"campaign {stats['campaign']}: {summary['done']}/{summary['total']} hunts done "
        f"({stats['new']} now, {stats['skipped']} already stored"
        + (f", {stats['lost']} lost to failed workers: rerun to do them" if stats["lost"] else "")
        + f"), store {stats['store']}",
        file=out,
    )
    if stats["tasks"]:
        print(
            f"{stats['workers']} workers, {stats['tasks']} Dask tasks, {stats['wall_seconds']} s "
            f"(hunting {stats['task_seconds']} s, efficiency {stats['efficiency']})",
            file=out,
        )
    _print_refutations(summary, out)
    _print_errors(summary, out)
    if summary["missed_negatives"]:
        print(
            f"\n{summary['missed_negatives']} hunt(s) of negative families found no counterexample "
            "(more examples may be needed)",
            file=out,
        )
    if status == 2 and not summary["errors"]:
        print(f"\n{summary['total'] - summary['done']} hunt(s) not done: rerun to finish them", file=out)
    return status


def _status(summary: dict[str, Any]) -> int:
    """1: unexpected refutations or missed negatives; else 2: errors or unfinished work; else 0."""
    if summary["unexpected_refutations"] or summary["missed_negatives"]:
        return 1
    if summary["errors"] or summary["done"] < summary["total"]:
        return 2
    return 0


def _print_refutations(summary: dict[str, Any], out: TextIO) -> None:
    if not summary["refuted"]:
        print("no refutation", file=out)
        return
    print(f"\n{len(summary['refuted'])} refutation(s):", file=out)
    table(
        ["run", "what", "seed", "certified", "instance"],
        [
            (
                r["run"][:8],
                r["label"] + (" (expected)" if r["expected"] else ""),
                r["seed"],
                {True: "yes", False: "NO", None: "-"}[r["certificate_verified"]],
                _short(r["instance"], 60),
            )
            for r in summary["refuted"]
        ],
        out,
    )


def _print_errors(summary: dict[str, Any], out: TextIO) -> None:
    if summary["errors"]:
        print(f"\n{len(summary['errors'])} error(s) in conjectures (not refutations):", file=out)
        table(
            ["run", "what", "seed", "error", "instance"],
            [
                (
                    e["run"][:8],
                    e["label"],
                    e["seed"],
                    _short(f"{e['type']}: {e['message']}", 50),
                    _short(e["instance"], 40),
                )
                for e in summary["errors"]
            ],
            out,
        )


def cmd_campaign_report(args: argparse.Namespace, out: TextIO) -> int:
    """Summarise a store: done/total, refutations, errors, time per run, rates; optionally plot."""
    summary = report(args.store)
    plot = getattr(args, "plot", None)
    if plot:
        from exactrelu.plot.hunt import plot_refutation_rate

        try:
            plot_refutation_rate(summary["rates"], plot)
            summary["plot"] = plot
        except (OSError, ValueError, ExactReluError) as exc:  # the report is still worth printing
            print(f"{PROG}: warning: no picture written to {plot!r}: {exc}", file=sys.stderr)
            summary["plot"], plot = None, None
    if getattr(args, "json", False):
        emit_json(summary, out)
        return 0
    print(
        f"store {summary['store']} (campaigns: {', '.join(summary['campaigns']) or 'none'}): "
        f"{summary['done']}/{summary['total']} hunts done, {len(summary['refuted'])} refuted, "
        f"{len(summary['errors'])} errors, {summary['seconds']} s of hunting",
        file=out,
    )
    if summary["runs"]:
        print(file=out)
        table(
            ["run", "what", "family", "examples", "done", "refuted", "errors", "s/hunt"],
            [
                (
                    r["run"][:8],
                    r["label"],
                    _short(r["family"], 50),
                    r["examples"],
                    f"{r['done']}/{r['seeds']}",
                    r["refuted"],
                    r["errors"],
                    "-" if r["seconds_per_hunt"] is None else r["seconds_per_hunt"],
                )
                for r in summary["runs"]
            ],
            out,
        )
    _print_refutations(summary, out)
    _print_errors(summary, out)
    if summary["rates"]:
        print("\nrefutation rate (hunts that found a counterexample) per (d, N):", file=out)
        table(
            ["what", "d", "N", "done", "refuted", "rate"],
            [(r["label"], r["d"], r["N"], r["done"], r["refuted"], r["rate"]) for r in summary["rates"]],
            out,
        )
    if plot:
        print(f"\nwrote {plot}", file=out)
    return 0


def cmd_campaign_verify(args: argparse.Namespace, out: TextIO) -> int:
    """Re-check every stored refutation; exit 1 if one does not re-check."""
    result = verify(args.store)
    if getattr(args, "json", False):
        emit_json(result, out)
        return 0 if result["ok"] else 1
    print(
        f"store {result['store']}: {result['verified']}/{result['checked']} refutations re-check "
        f"({result['certificates']} certificates re-verified)",
        file=out,
    )
    if result["failed"]:
        table(
            ["run", "what", "seed", "why"],
            [(f["run"][:8], f["label"], f["seed"], f["reason"]) for f in result["failed"]],
            out,
        )
    return 0 if result["ok"] else 1
