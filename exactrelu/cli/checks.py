"""The ``check`` and ``demo`` commands: the paper-statement checks, and the Figure 1 example.

``check`` runs the checks of :mod:`proofs_checks` (one per statement of the papers:
Verified / Counterexample / NotApplicable, each with a negative control that drops a
hypothesis).  ``demo`` runs on the built-in ``figure1`` dataset, our reconstruction of
Figure 1 of Matena & Raffel (2022), section 3 (docs/reconstructions.md, 'Matena &
Raffel 2022: basic objects and the region problem'): the counts, the 22 activation
patterns with witnesses, and a PNG of data | arrangement slice | zonotope.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from exactrelu.cli.common import (
    RowSink,
    activity,
    emit_json,
    general_position,
    load_data,
    polynomial_text,
    table,
    vector_text,
    yes_no,
)
from exactrelu.cli.geometry import arrangement_summary, chamber_rows
from exactrelu.exact import limits
from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.exact.parse import pattern_string

__all__ = ["cmd_check", "cmd_demo", "list_examples"]


def _refuted(r: Any) -> bool:
    """A counterexample although every hypothesis held: the statement (or the code) is wrong."""
    return getattr(r, "status", "") == "counterexample" and bool(getattr(r, "hypotheses_hold", False))


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu check``: run the paper-statement checks (or ``--list`` them); exit 1 if one fails."""
    try:
        import proofs_checks
    except ImportError as exc:
        raise ExactReluError(f"the proofs_checks package is not available ({exc})") from None
    if args.list:
        infos = (
            {i.name: i for i in proofs_checks.check_infos()} if hasattr(proofs_checks, "check_infos") else {}
        )
        names = list(proofs_checks.list_checks())
        if args.json:
            emit_json({"checks": [infos.get(n, {"name": n}) for n in names]}, out)
        else:
            table(
                ["check", "statement", "source"],
                [
                    (n, getattr(infos.get(n), "statement", "")[:70], getattr(infos.get(n), "source", ""))
                    for n in names
                ],
                out,
            )
        return 0
    known = list(proofs_checks.list_checks())
    unknown = [n for n in args.names if n not in known]
    if unknown:
        raise InvalidDataError(f"unknown check(s) {', '.join(unknown)}; available: {', '.join(known)}")
    if args.family and args.mutation:
        raise InvalidDataError(
            "--mutation runs fixed mutation-control instances; it cannot be combined with --family"
        )
    if args.family:
        return _check_families(proofs_checks, args, out)
    if args.mutation:
        return _check_mutations(proofs_checks, args, out)
    instance = None
    cost_limit = None
    options: dict[str, Any] = {}
    if args.data is not None or args.example is not None:
        if args.negative:
            raise InvalidDataError(
                "--negative runs each check's own negative-control instance; "
                "it cannot be combined with --example or DATA"
            )
        instance = [list(r) for r in load_data(args)]
        # the user's data: predict each check's work up front, skip what exceeds --limit
        cost_limit = limits.resolve(args.limit)
    if getattr(args, "bias", None) is not None:
        if instance is None:
            raise InvalidDataError(
                "--bias/--no-bias applies to --data or --example, not to the default instances"
            )
        options["bias"] = args.bias
    names = [
        i.name
        for i in proofs_checks.check_infos()
        if (not args.names or i.name in args.names)
        and not (instance is None and args.negative and i.negative is None)
    ]
    act = activity()
    results: dict[str, Any] = {}
    with RowSink(
        args,
        out,
        kind="checks",
        columns=["check", "status", "hypotheses_hold", "summary", "seconds"],
        headers=["check", "result", "summary"],
        cells=lambda k, r: (r["check"], _status_text(r), str(r["summary"])[:100]),
        widths=[max(len(n) for n in names or ["check"]), 36, 0],
    ) as sink:
        for name in names:
            act.stage(f"check {name}", hint="leave this check out (name the checks to run)")
            opts = {k: v for k, v in options.items() if _accepts(proofs_checks.get_check(name), k)}
            r = proofs_checks.run_check(name, instance, negative=args.negative, cost_limit=cost_limit, **opts)
            if instance is not None:  # the user's data: a failed hypothesis is not applicable, no refutation
                from proofs_checks.framework import on_user_data

                r = on_user_data(r)
            results[name] = r
            sink.add(
                {
                    "check": name,
                    "status": getattr(r, "status", type(r).__name__),
                    "hypotheses_hold": bool(getattr(r, "hypotheses_hold", False)),
                    "summary": str(getattr(r, "summary", "")),
                    "seconds": getattr(r, "details", {}).get("seconds"),
                }
            )
    if args.negative:  # every negative control must produce its counterexample
        failed = [n for n, r in results.items() if getattr(r, "status", "") != "counterexample"]
    else:
        failed = [n for n, r in results.items() if _refuted(r)]
    skipped = [n for n, r in results.items() if getattr(r, "details", {}).get("skipped")]
    if args.json:
        emit_json(
            {
                "results": results,
                "n_checks": len(results),
                "n_failed": len(failed),
                "failed": failed,
                "skipped": skipped,
                "negative_controls": args.negative,
            },
            out,
        )
        return 1 if failed else 0
    counts: dict[str, int] = {}
    for r in results.values():
        counts[getattr(r, "status", "?")] = counts.get(getattr(r, "status", "?"), 0) + 1
    tally = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
    what = "negative controls (a counterexample is expected from each)" if args.negative else "checks"
    print(
        f"\n{len(results)} {what}: {tally}; {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}",
        file=out,
    )
    if skipped:
        print(
            f"skipped up front, predicted too long for --limit {cost_limit:,}: {', '.join(skipped)} "
            "(raise --limit to run them; see the summary column for each prediction)",
            file=out,
        )
    if sink.note():
        print(sink.note(), file=out)
    return 1 if failed else 0


def _status_text(row: Any) -> str:
    status = str(row["status"])
    if status == "counterexample":
        return (
            "COUNTEREXAMPLE (all hypotheses hold)"
            if row["hypotheses_hold"]
            else "counterexample (hypothesis fails)"
        )
    return status


def _accepts(info: Any, option: str) -> bool:
    """Whether the check function of ``info`` takes the keyword ``option``."""
    import inspect

    return option in inspect.signature(info.func).parameters


def _selected(proofs_checks: Any, args: argparse.Namespace, attribute: str) -> list[Any]:
    """The CheckInfo of the named checks (default: every check that has ``attribute``)."""
    infos = [i for i in proofs_checks.check_infos() if not args.names or i.name in args.names]
    missing = [i.name for i in infos if getattr(i, attribute) is None]
    if args.names and missing:
        what = attribute.replace("_", " ")
        raise InvalidDataError(f"check(s) {', '.join(missing)} have no {what}; see the check's docstring")
    return [i for i in infos if getattr(i, attribute) is not None]


def _check_families(proofs_checks: Any, args: argparse.Namespace, out: TextIO) -> int:
    """``check --family [--negative]``: every selected check over its (negative) family."""
    from exactrelu.cli.common import progress_enabled
    from exactrelu.cli.hunt import _cluster

    if args.data is not None or args.example is not None:
        raise InvalidDataError(
            "--family draws its own instances; it cannot be combined with --data or --example"
        )
    infos = _selected(proofs_checks, args, "negative_family" if args.negative else "family")
    runs = {
        i.name: proofs_checks.run_family(
            i.name,
            examples=args.examples,
            seed=args.seed,
            negative=args.negative,
            progress=progress_enabled(args),
            **_cluster(args),
        )
        for i in infos
    }
    failed = [n for n, r in runs.items() if not r.ok]
    if args.json:
        emit_json(
            {
                "runs": runs,
                "n_checks": len(runs),
                "n_failed": len(failed),
                "failed": failed,
                "negative": args.negative,
            },
            out,
        )
        return 1 if failed else 0
    table(
        ["check", "family", "ok", "tried", "seconds", "summary"],
        [
            (
                n,
                "negative" if r.negative else "natural",
                yes_no(r.ok),
                r.hunt.tried,
                f"{r.hunt.seconds:.2f}",
                r.summary,
            )
            for n, r in runs.items()
        ],
        out,
    )
    what = "negative families (a counterexample is expected from each)" if args.negative else "families"
    names = ": " + ", ".join(failed) if failed else ""
    print(f"\n{len(runs)} {what}, seed {args.seed}: {len(failed)} failed{names}", file=out)
    return 1 if failed else 0


def _check_mutations(proofs_checks: Any, args: argparse.Namespace, out: TextIO) -> int:
    """``check --mutation``: each mutation control (a deliberately wrong threshold) must fail."""
    infos = _selected(proofs_checks, args, "mutation")
    results = {i.name: proofs_checks.run_check(i.name, mutation=True) for i in infos}
    failed = [n for n, r in results.items() if r.status != "counterexample"]
    if args.json:
        emit_json(
            {"results": results, "n_failed": len(failed), "failed": failed, "mutation_controls": True}, out
        )
        return 1 if failed else 0
    table(
        ["check", "result", "summary"], [(n, r.status, str(r.summary)[:100]) for n, r in results.items()], out
    )
    print(
        f"\n{len(results)} mutation controls (a counterexample is expected from each): {len(failed)} failed",
        file=out,
    )
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu demo``: Figure 1 of Matena & Raffel (2022): counts, the 22 patterns, a PNG."""
    from exactrelu.datasets import figure1_dataset
    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

    X = figure1_dataset()
    A = HyperplaneArrangement.from_data(X, bias=True)
    Z = Zonotope.from_data(X, bias=True)
    info, chambers = arrangement_summary(A, args)
    gp, _ = general_position(X, True)
    info["general_position"] = gp
    info["n_vertices"] = Z.n_vertices()
    info["zonotope_n_edges"] = Z.n_edges()
    info["zonotope_f_vector"] = list(Z.f_vector())
    ok = (
        len(chambers) == info["n_regions"] == info["n_vertices"]
        and info["n_edges"] == info["zonotope_n_edges"]
    )
    picture = None
    picture_error = None
    if args.out != "":
        from exactrelu.plot import PlotDependencyError, figure1

        try:
            figure1(args.out, X)
            picture = args.out
        except PlotDependencyError as exc:  # matplotlib missing: the counts are still useful
            picture_error = str(exc)
        except OSError as exc:
            raise ExactReluError(
                f"cannot write the picture to {args.out!r}: {exc.strerror or exc}; "
                "choose another path with --out PATH (or --out '' for none)"
            ) from None
    if args.json:
        info["data"] = [list(r) for r in X]
        info["chambers"] = chamber_rows(chambers)
        info["picture"] = picture
        emit_json(info, out)
        return 0 if ok else 1
    print("exactrelu demo: Figure 1 of Matena & Raffel (2022), section 3", file=out)
    print(f"data (our reconstruction, 5 points in R^2): {', '.join(vector_text(r) for r in X)}", file=out)
    print(file=out)
    table(
        ["quantity", "value"],
        [
            ("chambers enumerated (activation regions)", len(chambers)),
            ("n_regions = |χ(-1)| (Zaslavsky)", info["n_regions"]),
            ("characteristic polynomial χ(t)", polynomial_text(info["characteristic_polynomial"])),
            ("zonotope vertices", info["n_vertices"]),
            ("zonotope edges", info["zonotope_n_edges"]),
            ("zonotope f-vector", tuple(info["zonotope_f_vector"])),
            ("arrangement face vector (faces of dim 0..3)", tuple(info["face_vector"])),
            ("general position", yes_no(gp)),
            ("all counts agree", yes_no(ok)),
        ],
        out,
    )
    print(file=out)
    print(
        f"the {len(chambers)} activation patterns a_i = [<x̄_i, w> > 0], "
        "each with an exact integer witness w:",
        file=out,
    )
    table(
        ["#", "pattern", "witness w", "active examples"],
        [
            (
                k + 1,
                pattern_string(c.pattern),
                vector_text(c.witness),
                ",".join(str(i + 1) for i, a in enumerate(c.pattern) if a) or "-",
            )
            for k, c in enumerate(chambers)
        ],
        out,
    )
    print(file=out)
    if picture:
        print(
            f"wrote {picture}: data | slice w_3 = 1 of the arrangement | zonotope with vertex patterns",
            file=out,
        )
    elif picture_error:
        print(f"no picture: {picture_error}", file=out)
    return 0 if ok else 1


#: A command line to try on each built-in dataset (``demo --list-examples``); every one parses
#: (tests/cli/test_cli_grammar.py).
EXAMPLE_COMMANDS = {
    "collinear_triple": "exactrelu position --example collinear_triple",
    "convex_example1": "exactrelu convex --example convex_example1 --no-bias --labels 1,0,0 --beta 1/10",
    "duplicate_points": "exactrelu arrangement --example duplicate_points",
    "figure1": "exactrelu zonotope --example figure1",
    "near_degenerate": "exactrelu arrangement --example near_degenerate",
    "points_1d": "exactrelu erm --example points_1d --labels 0,1,0 --v 1",
    "square": "exactrelu arrangement --example square --summary",
}


def list_examples(out: TextIO) -> int:
    """Print the built-in datasets (``exactrelu demo --list-examples``), each with a command to try."""
    from exactrelu.datasets import describe_dataset, list_datasets

    names = list_datasets()
    table(["name", "description"], [(n, describe_dataset(n)) for n in names], out)
    tries = [(n, EXAMPLE_COMMANDS[n]) for n in names if n in EXAMPLE_COMMANDS]
    if tries:
        print(file=out)
        table(["name", "try"], tries, out)
    return 0
