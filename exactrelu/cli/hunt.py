"""The ``hunt`` command, and the entry points of ``campaign run | report | verify``.

``exactrelu hunt FILE.py:FUNCTION --family KIND --dim D[:D2] --points N[:N2] ...``
searches the family for a counterexample to the conjecture with
:func:`exactrelu.hunt.hunt` (hypothesis search and shrinking, re-checked), here or on
a Dask cluster.  Exit status: 0 the conjecture survived, 1 refuted, 2 bad input or
usage — including a conjecture that raised an exception (or returned something other
than a bool or a verdict) on an instance: that is reported with the instance, and is
not a refutation.

The campaign commands live in :mod:`exactrelu.cli.campaign`; they are imported only
when run, so that ``exactrelu`` starts without loading Dask.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from exactrelu.cli.common import PROG, activity, emit_json, progress_enabled, table
from exactrelu.exact.jsonio import dumps

__all__ = ["cmd_campaign_report", "cmd_campaign_run", "cmd_campaign_verify", "cmd_hunt", "family_from_args"]


def family_from_args(args: argparse.Namespace) -> Any:
    """The :class:`~exactrelu.hunt.Family` of ``--family --dim --points --max-value --labels --units``."""
    from exactrelu.hunt import Family

    return Family(
        args.family,
        dim=args.dim,
        points=args.points,
        max_value=args.max_value,
        labels=args.labels,
        units=args.units,
    )


def _cluster(args: argparse.Namespace) -> dict[str, Any]:
    from exactrelu.exact.errors import ClusterError

    if args.scheduler is not None and args.workers is not None:
        raise ClusterError("give either --workers (a local Dask cluster) or --scheduler ADDRESS, not both")
    if args.workers is not None and args.workers < 1:
        raise ClusterError(f"--workers must be at least 1, got {args.workers}")
    return {"workers": args.workers or 1, "scheduler": args.scheduler}


def cmd_hunt(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu hunt``: search a family for a counterexample; exit 0 survived, 1 refuted, 2 error."""
    from exactrelu.hunt import hunt, load_conjecture

    family = family_from_args(args)
    conjecture = load_conjecture(args.conjecture)
    activity().stage(
        "the hunt", hint="hunt fewer instances (--examples K; the same --seed gives the same instances)"
    )
    result = hunt(
        conjecture,
        family,
        examples=args.examples,
        seed=args.seed,
        progress=progress_enabled(args),
        **_cluster(args),
    )
    status = 0 if result.survived else 1 if result.refuted else 2
    if args.json:
        emit_json(result.to_dict(), out)
        return status
    print(f"conjecture {args.conjecture} on {family.describe()}", file=out)
    rows: list[tuple[str, Any]] = [
        ("result", result.status.upper() if not result.survived else "survived"),
        ("instances tried", result.tried),
        ("not applicable", result.not_applicable),
        ("seed", result.seed),
        ("seconds", f"{result.seconds:.2f}"),
    ]
    if result.refuted:
        rows.insert(1, ("counterexample", dumps(result.counterexample, indent=None)))
        n = result.details.get("certificates_checked", 0)
        checked = f"{n} certificate(s) verified" if n else "no certificate carried"
        rows.insert(2, ("re-checked", f"replayed: fails again; {checked}"))
        verdict = result.verdict or {}
        if "explanation" in verdict:
            rows.insert(3, ("why", verdict["explanation"]))
    if result.error:
        rows[0] = ("result", "ERROR in the conjecture (not a refutation)")
        rows.insert(1, ("error", f"{result.error['type']}: {result.error['message']}"))
        rows.insert(2, ("on instance", dumps(result.error["instance"], indent=None)))
    table(["hunt", "value"], rows, out)
    if result.survived and result.tried and result.not_applicable == result.tried:
        print(
            f"{PROG}: warning: every instance was NotApplicable: the conjecture was never tested on it",
            file=sys.stderr,
        )
    return status


def cmd_campaign_run(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu campaign run SPEC.json --store PATH``: see :mod:`exactrelu.cli.campaign`."""
    from exactrelu.cli import campaign

    return int(campaign.cmd_campaign_run(args, out))


def cmd_campaign_report(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu campaign report --store PATH``: see :mod:`exactrelu.cli.campaign`."""
    from exactrelu.cli import campaign

    return int(campaign.cmd_campaign_report(args, out))


def cmd_campaign_verify(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu campaign verify --store PATH``: see :mod:`exactrelu.cli.campaign`."""
    from exactrelu.cli import campaign

    return int(campaign.cmd_campaign_verify(args, out))
