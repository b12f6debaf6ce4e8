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
    activity,
    display_number,
    emit_json,
    labels_for,
    load_data,
    print_network,
    progress_enabled,
    read_numbers,
    table,
    units_and_v,
    yes_no,
)
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import pattern_rows, pattern_string, to_fraction

__all__ = [
    "EXACT_NOTE",
    "cmd_erm",
    "cmd_fit_exact",
    "cmd_gls",
    "cmd_reduce",
    "display_column",
    "set_cover_instance",
]

#: Said once under every text output whose numbers are shown by display_number.
EXACT_NOTE = "(numbers shown short: ≈ marks a rounded value; exact values: --json)"


def display_column(values: Any) -> list[str]:
    """A table column by display_number, in one form: with any entry rounded (≈), p/q ones become ≈ decimals.

    >>> display_column([Fraction(1063, 81), Fraction(1, 2)])
    ['1063/81', '0.5']
    >>> display_column([Fraction(10**20 + 1, 3), Fraction(1063, 81)])
    ['≈3.33333e+19', '≈13.1235']
    """
    values = list(values)
    texts = [display_number(x) for x in values]
    if any(t.startswith("≈") for t in texts):
        texts = [f"≈{float(Fraction(x)):.6g}" if "/" in t else t for x, t in zip(values, texts)]
    return texts


def _patterns_text(patterns: Any) -> str:
    return " ".join(pattern_string(a) for a in patterns)


def _erm_text(r: Any) -> str:
    """ERMResult.describe, every number by display_number."""
    v = display_number(tuple(r.solution.v))
    pruned = f", {r.n_pruned} pruned by certified lower bounds" if r.pruned else ""
    return "\n".join(
        [
            f"exact ERM: N = {r.solution.n_points}, m = {r.units} unit(s), "
            + ("free output signs" if r.free_signs else f"fixed v = {v}"),
            f"  {len(r.chambers)} chambers per unit, {r.n_regions} region problems solved{pruned}",
            f"  global minimum: sum of squares {display_number(r.value)} "
            f"(mean {display_number(r.mean_loss)})",
            f"  optimal patterns: {_patterns_text(r.solution.patterns)}, v = {v}",
        ]
    )


def _gls_text(r: Any) -> str:
    """SearchResult.describe, every number by display_number."""
    first, last = r.trace[0], r.trace[-1]
    n = r.solution.n_points
    stop = "certified local minimum on the 1-skeleton" if r.local_minimum else "stopped (step cap)"
    final = last.value
    if r.method == "random-vertex":
        stop, final = f"best of {len(r.trace)} random vertices", r.value
    return "\n".join(
        [
            f"{r.method}: {len(r.trace) - 1} step(s), {r.n_solved} region problems solved; {stop}",
            f"  start value {display_number(first.value)} (mean {display_number(Fraction(first.value) / n)})",
            f"  final value {display_number(final)} (mean {display_number(r.mean_loss)})",
            f"  final patterns: {_patterns_text(r.solution.patterns)}, "
            f"v = {display_number(tuple(r.solution.v))}",
        ]
    )


def _fit_text(fit: Any) -> str:
    """ExactFit.describe, every number by display_number."""
    from exactrelu.training.exact_fit import lower_bound_units

    N, d = fit.n_points, fit.input_dim
    return "\n".join(
        [
            f"exact fit of N = {N} points in R^{d} with m = {fit.n_units} = 2⌈N/(d+1)⌉ hidden units "
            "(Matena & Raffel 2022, Theorem 4.3; our reconstruction of its Appendix F)",
            f"  lower bound for generic labels: ⌈N/(d+1)⌉ = {lower_bound_units(N, d)} units",
            f"  ordering direction u = {display_number(tuple(fit.direction))}, {len(fit.chunks)} chunk(s): "
            + ", ".join(str(list(c)) for c in fit.chunks),
            f"  scales M_k = {', '.join(display_number(m) for m in fit.scales)}; largest weight entry has "
            f"{fit.max_weight_bits} bits",
            f"  float64: condition number of relu(W x̄) = {fit.float_condition_number:.3g}, "
            f"max |f(x_i) − y_i| = {fit.float_max_error:.3g}",
        ]
    )


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

        with activity().shielded():  # the file is never cut by --timeout
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
    print(_erm_text(r), file=out)
    print_network(r.network, out)
    checked = f"KKT of all {r.n_regions} regions"
    if r.n_pruned:
        checked = f"KKT of {r.n_regions} solved regions, certified bounds of {r.n_pruned} pruned ones"
    print(f"certificate (complete chamber list, {checked}) re-verified: {yes_no(ok)}", file=out)
    print(EXACT_NOTE, file=out)
    if listing:
        rows = sorted(r.regions, key=lambda s: s.value)
        values = display_column(s.value for s in rows)
        means = display_column(s.mean_loss for s in rows)
        table(
            ["v", "patterns", "value (sum)", "mean loss"],
            [
                (display_number(tuple(s.v)), _patterns_text(s.patterns), values[i], means[i])
                for i, s in enumerate(rows)
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

        with activity().shielded():  # the file is never cut by --timeout
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
    values = display_column(s.value for s in r.trace)
    means = display_column(Fraction(s.value) / len(X) for s in r.trace)
    table(
        ["step", "move (unit: flipped points)", "value (sum)", "mean loss", "new solves"],
        [
            (
                s.step,
                "start" if s.move is None else f"{s.move[0]}: {list(s.move[1])}",
                values[i],
                means[i],
                s.evaluated,
            )
            for i, s in enumerate(r.trace)
        ],
        out,
    )
    print(_gls_text(r), file=out)
    print_network(r.network, out)
    for k, o in others.items():
        print(
            f"{k} with the same v: mean loss {display_number(o.mean_loss)} (value {display_number(o.value)})",
            file=out,
        )
    print(EXACT_NOTE, file=out)
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
    print(_fit_text(fit), file=out)
    print_network(fit.network, out)
    print(f"exact fit F(W, X) = y re-verified: {yes_no(ok)}", file=out)
    print(EXACT_NOTE, file=out)
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
