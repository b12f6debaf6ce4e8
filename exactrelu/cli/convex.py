"""The convex-reformulation commands: ``convex`` and ``is-optimal``.

Wang, Lacotte & Pilanci (2022), "The hidden convex optimization landscape of
regularized two-layer ReLU networks": training with weight decay β equals the convex
program (4) over the activation patterns (their program (12) over trichotomies), and
its optimal networks are the images ψ(W) of the convex optima (their Lemma 2 and
Theorem 1).  ``convex`` solves the program with cvxpy and certifies rigorous bounds
lower ≤ P* ≤ upper (and the rational optimum when there is one); ``--optimal-set``
adds the whole optimal set of Mishkin & Pilanci (2023).  ``is-optimal`` decides
exactly whether a given network is a global minimum (Wang, Lacotte & Pilanci 2022,
Proposition 5; ``--stationary`` adds their Theorem 3).  Our worked versions:
docs/reconstructions.md, 'Wang, Lacotte & Pilanci 2022: programs and Example 1' and
'Mishkin & Pilanci 2023: KKT conditions and the optimal set'.
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
    progress_enabled,
    yes_no,
)
from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.exact.parse import exact_scalar, homogenise

__all__ = ["cmd_convex", "cmd_is_optimal", "convex_data", "read_network"]


def convex_data(
    args: argparse.Namespace,
) -> tuple[tuple[tuple[Fraction, ...], ...], list[Fraction], Fraction]:
    """(X, y, β) for the convex commands: no bias unless ``--bias`` (Wang, Lacotte & Pilanci's setting)."""
    X = load_data(args)
    y = labels_for(args, X)
    beta = exact_scalar(args.beta, name="--beta", positive=True)
    return (homogenise(X) if args.bias else X), y, beta


def cmd_convex(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu convex``: the convex program solved and certified, and the optimal network ψ(W)."""
    from exactrelu.convex import dichotomies as ps
    from exactrelu.convex.bounds import (
        block_name,
        certify_value,
        exact_optimum,
        verify_exact_optimum,
        verify_value_bounds,
    )
    from exactrelu.convex.program import convex_program
    from exactrelu.convex.scaled_networks import psi

    X, y, beta = convex_data(args)
    progress = progress_enabled(args)
    exact_set = None
    if args.sampled is not None:
        sample = ps.sampled_dichotomies(X, args.sampled, seed=args.seed)
        patterns = sample.patterns
        try:
            exact_set = ps.dichotomies(X, limit=args.limit)
        except ExactReluError:
            exact_set = None
    elif args.trichotomies:
        patterns = ps.trichotomies(X, limit=args.limit, progress=progress)
    else:
        patterns = ps.dichotomies(X, limit=args.limit, progress=progress)
    sol = convex_program(patterns, y, beta, loss=args.loss).solve(solver=args.solver)
    payload: dict[str, Any] = {
        "kind": patterns.kind,
        "bias": bool(args.bias),
        "n_patterns": len(patterns),
        "loss": args.loss,
        "beta": beta,
        "solver": sol,
    }
    if exact_set is not None:
        payload["sampled_vs_exact"] = ps.compare_patterns(patterns, exact_set)
    if patterns.kind != "sampled":  # programs (4)/(12) quantify over every pattern: certify the list
        payload["patterns_complete"] = ps.certify_complete(patterns)
    ok = True
    bounds = exact = oset = None
    if args.loss == "squared":
        bounds = certify_value(patterns, y, beta, sol)
        ok = verify_value_bounds(patterns, y, beta, bounds)
        payload["bounds"] = bounds.to_dict(patterns)
        exact = exact_optimum(patterns, y, beta, sol)
        if exact is not None:
            ok = ok and verify_exact_optimum(patterns, y, beta, exact)
            payload["exact_optimum"] = {
                "value": exact.value,
                "blocks": {block_name(patterns, b): list(w) for b, w in exact.primal.items()},
            }
        payload["certificate_verified"] = ok
        if args.optimal_set:
            from exactrelu.convex.optimal_set import optimal_set

            oset = optimal_set(patterns, y, beta, solution=sol, limit=args.limit)
            payload["optimal_set"] = oset
    active = {b: sol.blocks[b] for b in sol.active()}
    net = psi(
        exact.primal if exact is not None else (bounds.primal if bounds is not None else active),
        patterns,
        check=bounds is not None or exact is not None,
    )
    payload["network"] = net
    if getattr(args, "output", None):  # the activation patterns with their exact witnesses
        from exactrelu.exact.output import write_output

        with activity().shielded():  # the file is never cut by --timeout
            write_output(
                args.output,
                kind=patterns.kind,
                columns=["pattern", "witness"],
                rows=(
                    {"pattern": patterns.name(i), "witness": _witness(patterns.witnesses[i])}
                    for i in range(len(patterns))
                ),
                meta={
                    "command": "convex",
                    "bias": bool(args.bias),
                    "beta": beta,
                    "n_patterns": len(patterns),
                },
            )
    if args.json:
        if not getattr(args, "summary", False):
            payload["patterns"] = [patterns.name(i) for i in range(len(patterns))]
        emit_json(payload, out)
        return 0 if ok else 1
    print(
        f"{len(patterns)} {patterns.kind} of {patterns.n} points in dimension {patterns.d}"
        + (" (bias column appended)" if args.bias else ""),
        file=out,
    )
    if not getattr(args, "summary", False):
        if len(patterns) <= 64:
            print("  " + " ".join(patterns.name(i) for i in range(len(patterns))), file=out)
        else:
            print(f"  (list them with --output FILE or --json; {len(patterns)} is more than 64)", file=out)
    if getattr(args, "output", None):
        print(f"wrote the {len(patterns)} {patterns.kind} to {args.output}", file=out)
    if "patterns_complete" in payload:
        print(
            f"complete: {len(patterns)} = |χ(−1)|-derived count of the arrangement (certified)",
            file=out,
        )
    if exact_set is not None:
        c = payload["sampled_vs_exact"]
        print(
            f"sampling {args.sampled} gates found {c['found']} of the {c['n_exact']} exact dichotomies "
            f"(missed {c['missed']})",
            file=out,
        )
    loss_text = {"squared": "½‖ŷ − y‖²"}.get(args.loss, args.loss)
    print(f"program: min {loss_text} + β Σ‖w_b‖ over the cones, β = {display_number(beta)}", file=out)
    print(f"solver ({sol.solver}): value {sol.value:.12g}, status {sol.status}", file=out)
    if bounds is not None:
        print(
            f"certified: P* in [{float(bounds.lower):.12g}, {float(bounds.upper):.12g}] "
            f"(gap {float(bounds.gap):.2g}; exact rational bounds with --json)",
            file=out,
        )
        print(
            "blocks that can be non-zero in an optimum (certified superset): "
            + (", ".join(block_name(patterns, b) for b in bounds.candidates) or "none"),
            file=out,
        )
        if exact is not None:
            print(f"rational optimum recognised and proved: P* = {display_number(exact.value)}", file=out)
        print(f"certificate re-verified: {yes_no(ok)}", file=out)
        if oset is not None:
            print(oset.describe(), file=out)
    else:
        print("(float result: rigorous bounds are implemented for the squared loss only)", file=out)
    U, alpha = net.to_float()
    print(
        f"optimal network ψ(W) (Wang, Lacotte & Pilanci 2022, Lemma 2): {net.n_nonzero} neuron(s)", file=out
    )
    for j, (p, sgn) in enumerate(zip(net.products, net.signs)):
        u = ", ".join(f"{float(t):.6g}" for t in U[j])
        print(
            f"  neuron {j}: product α·u = {sgn:+d}·{display_number(tuple(p))}  u ≈ ({u}), α ≈ {alpha[j]:.6g}",
            file=out,
        )
    print("(numbers shown short: ≈ marks a rounded value; exact values: --json)", file=out)
    return 0 if ok else 1


def _witness(w: Any) -> Any:
    """A witness as exact values (a vector, or a gate's text)."""
    if isinstance(w, (tuple, list)):
        return tuple(w)
    return str(w)


def read_network(path: str) -> Any:
    """A network from a JSON file (``-``: stdin): a ShallowReLU, a scaled network, or ``convex --json``."""
    return _read_network(path)[0]


def _read_network(path: str) -> tuple[Any, bool | None]:
    """(network, bias of the convex run) from a JSON file; the bias is None unless the file says it."""
    from exactrelu.convex.scaled_networks import ScaledNetwork
    from exactrelu.network import ShallowReLU

    try:
        if path == "-":
            spec = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as fh:
                spec = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InvalidDataError(f"cannot read the network {path!r} as JSON: {exc}") from None
    run_bias = None
    if isinstance(spec, dict) and "network" in spec and isinstance(spec["network"], dict):
        if isinstance(spec.get("bias"), bool):
            run_bias = spec["bias"]  # the output of `exactrelu convex --json`: was --bias given?
        spec = spec["network"]
    if isinstance(spec, dict) and "products" in spec:
        return ScaledNetwork.from_dict(spec), run_bias
    if isinstance(spec, dict) and "W" in spec:
        return ShallowReLU.from_dict({**spec, "bias": spec.get("bias", False)}), run_bias
    raise InvalidDataError(
        "the network file must hold {'W': rows, 'v': weights, 'bias': bool} "
        "(a ShallowReLU) or {'products': rows, 'signs': [±1]} (a scaled network)"
    )


#: The hint of ``is-optimal`` when a network misses exact optimality by a float-sized gap.
_TOL_HINT = (
    "hint: L_β(θ) − P* ≤ {gap} (certified). Exact optimality cannot hold for a network solved in floating "
    "point when the optimum is irrational (e.g. the output of 'exactrelu convex' without a rational "
    "optimum); to accept a network within a certified gap, pass --tol T (e.g. --tol 1e-6)"
)


def _tiny_gap(verdict: Any) -> bool:
    """Whether the certified gap is float-sized relative to the objective (then --tol is the remedy)."""
    obj = verdict.objective
    scale = abs(Fraction(obj[1] if isinstance(obj, tuple) else obj)) + 1
    return Fraction(verdict.gap) <= Fraction(1, 10**6) * scale


def _objective_text(obj: Any) -> str:
    """``objective L_β(θ) = value`` (exact: a ShallowReLU), or ``in [lo, hi]`` (a scaled network)."""
    if isinstance(obj, tuple):
        return f"objective L_β(θ) in [{float(obj[0]):.12g}, {float(obj[1]):.12g}]"
    text = display_number(obj)
    return f"objective L_β(θ) = {text}" + ("" if text.startswith("≈") else f" ≈ {float(obj):.12g}")


def _network_width(net: Any) -> int | None:
    """Entries per neuron that multiply the data columns (a ShallowReLU's own bias entry not counted)."""
    from exactrelu.network import ShallowReLU

    if isinstance(net, ShallowReLU):
        return len(net.W[0]) - (1 if net.bias else 0) if net.W else None
    dim = getattr(net, "dim", None)
    return int(dim) if dim is not None else None


def cmd_is_optimal(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu is-optimal``: exact verdict, certified (Wang, Lacotte & Pilanci 2022, Proposition 5).

    Exit 0 for "optimal", and for "within_gap" (L_β(θ) − P* ≤ gap ≤ ``--tol``, certified) when
    ``--tol`` is given; 1 otherwise.
    """
    from exactrelu.convex.optimality import is_globally_optimal, stationary_gap, verify_optimality_verdict
    from exactrelu.network import ShallowReLU

    net, run_bias = _read_network(args.network)
    if run_bias and not args.bias:
        if args.bias is False:  # an explicit --no-bias (the default is None: not given)
            raise InvalidDataError(
                f"{args.network!r} is the output of 'exactrelu convex --bias' (its neurons include a bias "
                "entry): drop --no-bias"
            )
        args.bias = True  # the convex run appended the bias column: do the same
    X, y, beta = convex_data(args)
    if isinstance(net, ShallowReLU) and net.bias and args.bias:
        raise InvalidDataError("the network has a bias and --bias also appends a column: give one of them")
    width = _network_width(net)
    columns = len(X[0]) if X else 0
    if width is not None and X and width != columns:
        hint = (
            ": pass --bias, as the convex run had"
            if width == columns + 1 and not args.bias
            else (": drop --bias" if args.bias and width == columns - 1 else "")
        )
        raise InvalidDataError(
            f"the network has {width} entries per neuron but the data give {columns}"
            + (" (bias column appended)" if args.bias else "")
            + (hint or ": the network and the data do not match")
        )
    tol = getattr(args, "tol", None)
    verdict = is_globally_optimal(net, X, y, beta, limit=args.limit, tol=tol)
    ok = verify_optimality_verdict(net, X, y, beta, verdict)
    payload: dict[str, Any] = {**verdict.to_dict(), "certificate_verified": ok}
    if args.stationary:
        payload["theorem3"] = stationary_gap(net, X, y, beta, limit=args.limit).to_dict()
    if args.json:
        emit_json(payload, out)
    else:
        headline = {
            "optimal": "GLOBALLY OPTIMAL",
            "within_gap": "GLOBALLY OPTIMAL WITHIN THE CERTIFIED GAP",
            "not_optimal": "NOT globally optimal",
        }[verdict.status]
        print(f"{headline}: {verdict.reason}", file=out)
        print(_objective_text(verdict.objective), file=out)
        print(
            f"certified lower bound on P*: {float(verdict.lower):.12g}; "
            f"so L_β(θ) − P* ≤ {float(verdict.gap):.3g}",
            file=out,
        )
        if verdict.certificate.get("kind") == "descent":
            print(
                "descent certificate: a new neuron along "
                f"{display_number(tuple(verdict.certificate['direction']))} "
                f"lowers the objective by at least {float(verdict.certificate['decrease']):.3g}",
                file=out,
            )
        if verdict.status == "not_optimal" and tol is None and _tiny_gap(verdict):
            print(_TOL_HINT.format(gap=f"{float(verdict.gap):.3g}"), file=out)
        if args.stationary:
            t3 = payload["theorem3"]
            print(
                f"Wang, Lacotte & Pilanci 2022, Theorem 3: subsampled program over the network's "
                f"{len(t3['subsampled_patterns'])} trichotomies; P*_sub − P* in "
                f"[{t3['gap_interval'][0]:.3g}, {t3['gap_interval'][1]:.3g}]; "
                f"L_β(θ) − P*_sub ≤ {t3['network_excess']:.3g}",
                file=out,
            )
        print(f"certificate re-verified: {yes_no(ok)}", file=out)
        print("(exact values: --json)", file=out)
    if not ok:
        return 1
    return 0 if verdict.accepted(tol) else 1
