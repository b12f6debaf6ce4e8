"""The training commands of Matena & Raffel (2022): ``erm``, ``gls``, ``fit-exact``, ``reduce``.

* ``erm`` — exact empirical risk minimisation over all vertices of Z^m (Matena &
  Raffel 2022, Algorithm 1), every region problem solved exactly with KKT certificates;
* ``gls`` — greedy local search on the 1-skeleton of Z^m (Matena & Raffel 2022,
  Algorithm 2; mGLS is our reconstruction, docs/reconstructions.md, 'Matena & Raffel
  2022, Appendix G: GLS and mGLS');
* ``fit-exact`` — an exact fit with 2⌈N/(d+1)⌉ units (Matena & Raffel 2022, Theorem 4.3;
  our reconstruction, docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.3 and
  Appendix F: exact fit');
* ``reduce`` — set cover → single ReLU reductions R1 and R1-GP (our reconstruction,
  docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: set cover reductions R1,
  E.2 and R1-GP'; not Goel, Klivans, Manurangsi & Reichman's 2021 dataset).
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from typing import Any, TextIO

from exactrelu.cli.common import (
    display_number,
    emit_json,
    labels_for,
    load_data,
    print_network,
    progress_enabled,
    read_numbers,
    table,
    units_and_v,
    vector_text,
    yes_no,
)
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import pattern_rows, pattern_string, to_fraction

__all__ = ["cmd_erm", "cmd_fit_exact", "cmd_gls", "cmd_reduce", "set_cover_instance"]


def cmd_erm(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu erm``: the exact global minimum of the squared loss (Matena & Raffel 2022, Algorithm 1)."""
    from exactrelu.training.erm import exact_erm, verify_erm

    X = load_data(args)
    y = labels_for(args, X)
    m, v = units_and_v(args)
    r = exact_erm(
        X,
        y,
        units=m,
        v=v,
        bias=args.bias,
        limit=args.limit,
        progress=progress_enabled(args),
        prune=getattr(args, "prune", False),
    )
    ok = verify_erm(X, y, r, v=v)
    listing = args.table and not args.summary
    if args.output:  # every region's optimum, sorted by value, one row per region problem
        from exactrelu.exact.output import write_output

        write_output(
            args.output,
            kind="region optima",
            columns=["v", "patterns", "value", "mean_loss"],
            rows=(
                {
                    "v": tuple(s.v),
                    "patterns": " ".join(pattern_string(a) for a in s.patterns),
                    "value": s.value,
                    "mean_loss": s.mean_loss,
                }
                for s in sorted(r.regions, key=lambda s: s.value)
            ),
            meta={"command": "erm", "units": m, "bias": args.bias, "value": r.value, "verified": ok},
        )
    if args.json:
        emit_json({**r.to_dict(table=listing), "certificate_verified": ok}, out)
        return 0 if ok else 1
    print(r.describe(), file=out)
    print_network(r.network, out)
    checked = f"KKT of all {r.n_regions} regions"
    if r.n_pruned:
        checked = f"KKT of {r.n_regions} solved regions, certified bounds of {r.n_pruned} pruned ones"
    print(f"certificate (complete chamber list, {checked}) re-verified: {yes_no(ok)}", file=out)
    if listing:
        rows = sorted(r.regions, key=lambda s: s.value)
        table(
            ["v", "patterns", "value (sum)", "mean loss"],
            [
                (
                    vector_text(s.v),
                    " ".join(pattern_string(a) for a in s.patterns),
                    display_number(s.value),
                    display_number(s.mean_loss),
                )
                for s in rows
            ],
            out,
        )
    if args.output:
        print(f"wrote {len(r.regions)} region optima to {args.output}", file=out)
    return 0 if ok else 1


def cmd_gls(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu gls``: greedy local search over activation patterns (Matena & Raffel 2022, Algorithm 2)."""
    from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex

    X = load_data(args)
    y = labels_for(args, X)
    bias = args.bias
    m, v = units_and_v(args)
    start = None
    if args.start is not None:
        start = list(pattern_rows(args.start, len(X), name="--start"))
        m = len(start) if v is None and args.units is None else m
    r = greedy_local_search(
        X,
        y,
        units=m,
        v=v,
        start=start,
        variant=args.variant,
        max_steps=args.max_steps,
        bias=bias,
        seed=args.seed,
        progress=progress_enabled(args),
    )
    others: dict[str, Any] = {}
    if args.compare:
        v_used = r.solution.v
        others["random-vertex"] = random_vertex(X, y, v=v_used, bias=bias, seed=args.seed)
        others["gd"] = gradient_descent(X, y, v=v_used, bias=bias, seed=args.seed, steps=args.gd_steps)
    if args.output:
        from exactrelu.exact.output import write_output

        write_output(
            args.output,
            kind="greedy local search trace",
            columns=["step", "unit", "flipped", "value", "mean_loss", "new_solves"],
            rows=(
                {
                    "step": s.step,
                    "unit": None if s.move is None else s.move[0],
                    "flipped": None if s.move is None else tuple(s.move[1]),
                    "value": s.value,
                    "mean_loss": s.value / len(X),
                    "new_solves": s.evaluated,
                }
                for s in r.trace
            ),
            meta={"command": "gls", "variant": args.variant, "bias": bias, "seed": args.seed},
        )
    if args.json:
        payload = r.to_dict()
        if others:
            payload["compare"] = {k: {"value": o.value, "mean_loss": o.mean_loss} for k, o in others.items()}
        emit_json(payload, out)
        return 0
    table(
        ["step", "move (unit: flipped points)", "value (sum)", "mean loss", "new solves"],
        [
            (
                s.step,
                "start" if s.move is None else f"{s.move[0]}: {list(s.move[1])}",
                display_number(s.value),
                display_number(Fraction(s.value) / len(X)),
                s.evaluated,
            )
            for s in r.trace
        ],
        out,
    )
    print(r.describe(), file=out)
    print_network(r.network, out)
    for k, o in others.items():
        print(
            f"{k} with the same v: mean loss {display_number(o.mean_loss)} (value {display_number(o.value)}; "
            "exact with --json)",
            file=out,
        )
    return 0


def cmd_fit_exact(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu fit-exact``: 2⌈N/(d+1)⌉ units fitting every label (Matena & Raffel 2022, Theorem 4.3)."""
    from exactrelu.training.exact_fit import fit_exact

    if not args.bias:
        raise InvalidDataError(
            "fit-exact builds a network with a bias (Matena & Raffel 2022, Theorem 4.3: 2⌈N/(d+1)⌉ units "
            "with biases fit N points in general position); --no-bias is not available here"
        )
    X = load_data(args)
    y = labels_for(args, X)
    direction = read_numbers(args.direction, "--direction") if args.direction is not None else None
    fit = fit_exact(X, y, direction=direction, check_position=not args.no_check_position, limit=args.limit)
    ok = fit.verified
    if args.json:
        emit_json({**fit.to_dict(), "verified": ok}, out)
        return 0 if ok else 1
    print(fit.describe(), file=out)
    print_network(fit.network, out)
    print(f"exact fit F(W, X) = y re-verified: {yes_no(ok)}", file=out)
    return 0 if ok else 1


def set_cover_instance(args: argparse.Namespace) -> Any:
    """The SetCover instance of ``reduce`` (a JSON file or standard input), with ``--k`` applied."""
    from exactrelu.training.set_cover import SetCover

    if args.instance is None:
        raise InvalidDataError(
            'give a set cover instance: a JSON file {"n": 3, "family": [[1, 2], [2, 3]], "k": 1} '
            "or '-' for standard input"
        )
    try:
        if args.instance == "-":
            text = sys.stdin.read()
        else:
            with open(args.instance, encoding="utf-8") as fh:
                text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read {args.instance!r}: {exc}") from None
    try:
        inst = SetCover.from_dict(json.loads(text))
    except (ValueError, TypeError) as exc:
        if isinstance(exc, InvalidDataError):
            raise
        raise InvalidDataError(f"{args.instance!r} is not a set cover instance in JSON: {exc}") from None
    return inst.with_budget(args.k) if args.k is not None else inst


def cmd_reduce(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu reduce set-cover``: the reductions R1 / R1-GP, verified exactly with ``--verify``."""
    from exactrelu.training.reduction_checks import perturbed_check, verify_reduction, verify_reduction_check
    from exactrelu.training.reductions import (
        breaking_perturbation,
        set_cover_to_relu,
        set_cover_to_relu_general_position,
    )

    inst = set_cover_instance(args)
    red = (
        set_cover_to_relu(inst)
        if args.variant == "r1"
        else set_cover_to_relu_general_position(inst, seed=args.seed, limit=args.limit)
    )
    payload: dict[str, Any] = {"reduction": red}
    check = pert = None
    if args.verify:
        check = verify_reduction(red, limit=args.limit)
        payload["check"] = check
        payload["check_reverified"] = verify_reduction_check(red, check)
    if args.perturb is not None:
        bp = breaking_perturbation(red, delta=to_fraction(args.perturb, where="--perturb"))
        pert = perturbed_check(red, bp, limit=args.limit)
        payload["perturbed"] = pert
    ok = check is None or (check.ok and payload["check_reverified"])
    if args.json:
        emit_json(payload, out)
        return 0 if ok else 1
    if check is not None:
        print(check.describe(), file=out)
        print(f"certificates re-verified: {yes_no(payload['check_reverified'])}", file=out)
    else:
        print(red.describe(), file=out)
    if pert is not None:
        print(pert.describe(), file=out)
    return 0 if ok else 1
