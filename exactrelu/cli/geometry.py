"""The geometry commands: ``arrangement``, ``zonotope``, ``patterns``, ``position``, ``perturb``.

Matena & Raffel (2022), section 3: the activation regions of one ReLU unit on data X
are the chambers of the central arrangement {<x̄_i, w> = 0} (x̄_i = (x_i, 1) with a
bias) and the vertices of the zonotope Σ_i [0, x̄_i]; section 4.1.1: how they change
when the data move along X + εΔ.  Every count is exact and comes with a certificate
(integer witnesses, Gordan/Farkas vectors, dependency coefficients).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from typing import Any, TextIO

from exactrelu.cli.common import (
    emit_json,
    general_position,
    load_data,
    pattern_text,
    polynomial_text,
    progress_enabled,
    read_table,
    table,
    vector_text,
    yes_no,
)
from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import pattern_rows, pattern_string, to_fraction
from exactrelu.exact.types import Exact

__all__ = [
    "arrangement_summary",
    "chamber_rows",
    "cmd_arrangement",
    "cmd_patterns",
    "cmd_perturb",
    "cmd_position",
    "cmd_zonotope",
]


def arrangement_summary(A: Any, args: argparse.Namespace) -> tuple[dict[str, Any], list[Any]]:
    """(counts, chambers) of a HyperplaneArrangement: χ(t), |χ(-1)|, the enumerated chambers, face vector.

    Every size guard runs before any work: the chambers and the faces are enumerated
    below, and χ is refused up front when it would need more flats than the limit
    (in certified general position it has a closed form and needs none).
    """
    limit, progress = args.limit, progress_enabled(args)
    limits.guard("chambers", A.predicted_chambers(), limit)
    limits.guard("faces", A.predicted_faces(), limit)
    chi = A.characteristic_polynomial(progress=progress, limit=limit)
    info: dict[str, Any] = {
        "n_hyperplanes": A.n_hyperplanes(),
        "dimension": A.dimension,
        "rank": A.rank(),
        "essential": A.is_essential(),
        "characteristic_polynomial": list(chi),
        "characteristic_polynomial_method": A.chi_method(),
        "n_regions": A.n_regions(limit=limit),
    }
    chambers = A.chambers(limit=limit, progress=progress)
    info["n_chambers_enumerated"] = len(chambers)
    info["n_vertices"] = info["n_regions"]
    f = tuple(A.face_vector(limit=limit, progress=progress))
    info["face_vector"] = list(f)
    # face of dimension k of the arrangement <-> face of dimension D - k of the zonotope
    info["n_edges"] = f[A.dimension - 1] if A.dimension >= 1 else 0
    return info, chambers


def chamber_rows(chambers: list[Any]) -> list[dict[str, Any]]:
    """The chambers for JSON: pattern (bit string), sign vector, integer witness."""
    return [
        {"pattern": pattern_string(c.pattern), "signs": list(c.signs), "witness": list(c.witness)}
        for c in chambers
    ]


def cmd_arrangement(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu arrangement``: chambers with witnesses, χ(t), |χ(-1)|, face vector."""
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    X = load_data(args)
    bias = not args.no_bias
    A = HyperplaneArrangement.from_data(X, bias=bias, strict=args.strict)
    info, chambers = arrangement_summary(A, args)
    gp, _ = general_position(X, bias)
    if gp is None and A.chi_method() == "closed form" and A.n_distinct_hyperplanes() == A.n_hyperplanes():
        # the subset scan was refused, but χ's certificate decides it: the same normals, uniform in rank r
        gp = A.rank() == min(A.n_hyperplanes(), A.dimension)
    info["general_position"] = gp
    info["bias"] = bias
    ok = info["n_chambers_enumerated"] == info["n_regions"]
    if args.json:
        info["chambers"] = chamber_rows(chambers)
        emit_json(info, out)
        return 0 if ok else 1
    what = "<x̄_i, w> = 0 with x̄_i = (x_i, 1)" if bias else "<x_i, w> = 0"
    print(
        f"central arrangement of {A.n_hyperplanes()} hyperplane{'s' if A.n_hyperplanes() != 1 else ''} "
        f"{what} in R^{A.dimension}",
        file=out,
    )
    print(
        f"  rank {info['rank']}, essential: {yes_no(info['essential'])}, general position: {yes_no(gp)}",
        file=out,
    )
    print(
        f"  characteristic polynomial  χ(t) = {polynomial_text(info['characteristic_polynomial'])}"
        f"   ({info['characteristic_polynomial_method']})",
        file=out,
    )
    print(f"  regions |χ(-1)|            {info['n_regions']}", file=out)
    print(
        f"  chambers enumerated        {len(chambers)}" + ("" if ok else "   MISMATCH with |χ(-1)|"), file=out
    )
    print(f"  face vector (faces of dim 0..{A.dimension})  {tuple(info['face_vector'])}", file=out)
    print(f"  zonotope: {info['n_vertices']} vertices, {info['n_edges']} edges", file=out)
    print(file=out)
    table(
        ["#", "pattern", "witness w"],
        [(k + 1, pattern_string(c.pattern), vector_text(c.witness)) for k, c in enumerate(chambers)],
        out,
    )
    return 0 if ok else 1


def cmd_zonotope(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu zonotope``: vertices (activation patterns), edges, f-vector; ``--verify`` by cdd.

    Exit status 0, 1 if cdd disagrees, 2 if cdd did not finish within the time limit.
    """
    from exactrelu.geometry.zonotope import CddTimeoutError, Zonotope

    X = load_data(args)
    bias = not args.no_bias
    Z = Zonotope.from_data(X, bias=bias, strict=args.strict)
    verts = Z.vertices(limit=args.limit, progress=progress_enabled(args))
    f = tuple(Z.f_vector(limit=args.limit, progress=progress_enabled(args)))
    gp, _ = general_position(X, bias)
    info: dict[str, Any] = {
        "dimension": Z.rank(),
        "ambient_dimension": Z.dimension,
        "n_generators": len(Z.generators),
        "generators": [list(g) for g in Z.generators],
        "n_vertices": len(verts),
        "n_regions": len(verts),
        "n_edges": Z.n_edges(limit=args.limit),
        "f_vector": list(f),
        "general_position": gp,
        "bias": bias,
    }
    if args.verify:
        # cdd runs in a child process, killed after --cdd-timeout seconds (default 60): a
        # check that did not finish is reported as undecided (null) with exit status 2
        kw: dict[str, Any] = {"timeout": getattr(args, "cdd_timeout", None)}
        if args.limit is not None:
            kw["limit"] = args.limit
        try:
            report = Z.double_description_check(**kw)
            info["double_description_check"] = bool(getattr(report, "ok", report))
            info["double_description_message"] = getattr(report, "message", "")
        except CddTimeoutError as exc:
            info["double_description_check"] = None
            info["double_description_message"] = str(exc)
    ok = info.get("double_description_check", True)
    status = 2 if ok is None else 0 if ok else 1
    if args.json:
        info["vertices"] = [
            {"pattern": pattern_string(p), "vertex": list(v)} for p, v in sorted(verts.items())
        ]
        emit_json(info, out)
        return status
    print(
        f"zonotope Z = Σ_i [0, g_i] with {len(Z.generators)} generators "
        f"{'x̄_i = (x_i, 1)' if bias else 'x_i'} in R^{Z.dimension}, dimension {info['dimension']}",
        file=out,
    )
    print(
        f"  vertices {info['n_vertices']}, edges {info['n_edges']}, f-vector {f}, "
        f"general position: {yes_no(gp)}",
        file=out,
    )
    if args.verify:
        message = info["double_description_message"]
        verdict = "not decided" if ok is None else yes_no(ok)
        print(
            f"  double description (pycddlib, exact GMP) agrees: {verdict}"
            f"{' (' + message + ')' if message else ''}",
            file=out,
        )
    print(file=out)
    table(
        ["#", "pattern", "vertex Σ_{a_i=1} g_i"],
        [(k + 1, pattern_string(p), vector_text(v)) for k, (p, v) in enumerate(sorted(verts.items()))],
        out,
    )
    return status


def cmd_patterns(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu patterns``: all feasible patterns of m units, or a certificate for one (``--feasible``)."""
    from exactrelu.geometry import patterns

    X = load_data(args)
    bias = not args.no_bias
    if args.feasible is not None:
        rows = pattern_rows(args.feasible, len(X), name="--feasible")
        if len(rows) != args.units:
            raise InvalidDataError(
                f"--feasible gives {len(rows)} pattern(s) but --units is {args.units}: "
                "give one bit string per unit, separated by commas"
            )
        pattern = rows[0] if args.units == 1 else rows
        cert = patterns.is_feasible_pattern(X, pattern, bias=bias, strict=args.strict)
        verified = patterns.verify_pattern_certificate(X, pattern, cert, bias=bias, strict=args.strict)
        feasible = bool(cert)
        if args.json:
            emit_json(
                {
                    "pattern": args.feasible,
                    "feasible": feasible,
                    "certificate": dataclasses.asdict(cert),  # a ConeFeasibility or MultiUnitFeasibility
                    "certificate_verified": verified,
                },
                out,
            )
            return 0 if verified else 1
        print(f"pattern {args.feasible}: {'FEASIBLE' if feasible else 'infeasible'}", file=out)
        units = getattr(cert, "units", (cert,))
        for k, u in enumerate(units):
            who = f"unit {k + 1}: " if len(units) > 1 else ""
            if u.feasible:
                print(
                    f"  {who}witness w = {vector_text(u.witness)}: (2a_i - 1)<x̄_i, w> > 0 for every i",
                    file=out,
                )
            else:
                print(
                    f"  {who}Gordan/Farkas vector y = {vector_text(u.certificate)} >= 0 with "
                    f"Σ y_i (2a_i - 1) x̄_i = 0: no w realises this pattern",
                    file=out,
                )
        print(f"  certificate re-verified exactly: {yes_no(verified)}", file=out)
        return 0 if verified else 1
    items = patterns.activation_patterns(X, bias=bias, units=args.units, limit=args.limit, strict=args.strict)
    if args.json:
        emit_json(
            {
                "units": args.units,
                "n_points": len(X),
                "n_patterns": len(items),
                "n_regions": len(items),
                "patterns": [{"pattern": pattern_text(p)} for p in items],
            },
            out,
        )
        return 0
    unit_word = "unit" if args.units == 1 else "units"
    print(
        f"{len(items)} feasible activation patterns of {args.units} ReLU {unit_word} on {len(X)} points"
        f"{' (with bias)' if bias else ' (no bias)'}; certify one with --feasible BITS",
        file=out,
    )
    print(file=out)
    table(
        ["#", "pattern" if args.units == 1 else "patterns (one per unit)"],
        [(k + 1, pattern_text(p)) for k, p in enumerate(items)],
        out,
    )
    return 0


def cmd_position(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu position``: general position, with an exactly re-verified dependency when it fails."""
    from exactrelu.exact.certificates import verify_affine_dependency, verify_dependency

    X = load_data(args)
    bias = not args.no_bias
    holds, res = general_position(X, bias, limit=args.limit, quiet=False)
    subset, coeffs = res.subset, res.coefficients
    verified = None
    if not holds and subset is not None and coeffs is not None:
        # an independent re-check, with nothing but exact arithmetic
        pts = [X[i] for i in subset]
        verified = verify_affine_dependency(pts, coeffs) if bias else verify_dependency(pts, coeffs)
    if args.json:
        payload = dict(res.to_dict())
        payload["general_position"] = holds
        if verified is not None:
            payload["certificate_verified"] = verified
        emit_json(payload, out)
        return 0
    print(f"{len(X)} points in R^{len(X[0])}: {res.kind} general position: {yes_no(holds)}", file=out)
    print(f"  {res.describe()}", file=out)
    if verified is not None:
        print(
            f"  dependency re-verified exactly (exactrelu.exact.certificates): {yes_no(verified)}", file=out
        )
    return 0


def _direction(args: argparse.Namespace, X: tuple[tuple[Exact, ...], ...]) -> list[list[Any]]:
    """The perturbation direction: a data file of the shape of X, or 'random' (seeded integers)."""
    from exactrelu.geometry.probes import random_direction

    if args.direction == "random":
        return random_direction(random.Random(args.seed), len(X), len(X[0]), 3)
    D = read_table(args.direction, "direction file", strict=args.strict)
    if len(D) != len(X) or len(D[0]) != len(X[0]):
        raise InvalidDataError(
            f"the direction has shape {len(D)}x{len(D[0])} but the data {len(X)}x{len(X[0])}"
        )
    return [list(r) for r in D]


def cmd_perturb(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu perturb``: exact type changes along X + εΔ and the certified stability radius."""
    from exactrelu.geometry.perturbation import type_changes
    from exactrelu.geometry.probes import perturbation_report, probe_stability

    X = load_data(args)
    bias = not args.no_bias
    D = _direction(args, X)
    eps = to_fraction(args.eps, where="--eps")
    start = to_fraction(args.start, where="--from")
    lo, hi = (start, eps) if start <= eps else (eps, start)
    faces = not args.no_faces
    path = type_changes(
        X, D, (lo, hi), bias=bias, faces=faces, limit=args.limit, progress=progress_enabled(args)
    )
    rep = perturbation_report(X, D, eps, bias=bias, path=False, faces=faces, limit=args.limit)
    probe = (
        probe_stability(X, trials=args.probe, seed=args.seed, bias=bias, limit=args.limit)
        if args.probe
        else None
    )
    sr = rep.stable_radius
    if args.json:
        payload = {
            "direction": D,
            "interval": [lo, hi],
            "stable_radius": sr,
            "changes": path.changes,
            "at_eps": {k: v for k, v in rep.to_dict().items() if k not in ("changes", "stable_radius")},
        }
        if probe is not None:
            payload["probe"] = probe
        emit_json(payload, out)
        return 0
    if sr.holds:
        print(
            f"certified stability radius (ℓ2 per point): {sr.radius} ≈ {float(sr.radius):.4g} "
            f"(general position; {sr.n_subsets} minors certified)",
            file=out,
        )
    else:
        assert sr.general_position is not None  # a radius 0 comes with the failed test
        print(f"stability radius 0: not in general position — {sr.general_position.describe()}", file=out)
        print(
            f"  {sr.n_dependent} dependent {sr.rank}-subset(s), e.g. "
            f"{[list(B) for B in sr.dependent_subsets[:8]]}",
            file=out,
        )
    print(f"direction Δ = {[vector_text(r) for r in D]}", file=out)
    print(f"type changes of X + εΔ for ε in [{lo}, {hi}]: {len(path.changes)}", file=out)
    if path.changes:
        rows = []
        for c in path.changes:
            rows.append(
                [
                    c.epsilon if c.epsilon is not None else "irrational",
                    f"{float(sum(c.interval) / 2):.6g}",
                    " ".join("{" + ",".join(map(str, B)) + "}" for B in c.vanishing_subsets[:4])
                    + (" …" if len(c.vanishing_subsets) > 4 else ""),
                    "/".join("?" if k is None else str(k) for k in c.n_chambers),
                    " ".join(pattern_string(p) for p in c.gained) or "-",
                    " ".join(pattern_string(p) for p in c.lost) or "-",
                ]
            )
        table(["epsilon", "≈", "dependent at ε", "chambers before/at/after", "gained", "lost"], rows, out)
        for c in path.changes:
            for F in c.special_faces:
                print(
                    f"  at ε = {c.epsilon}: {F['dimension']}-face on generators {list(F['generators'])} has "
                    f"{F['n_vertices']} vertices (tiled by {F['tiles_before']} / {F['tiles_after']} faces "
                    "before / after)",
                    file=out,
                )
    print(
        f"at ε = {eps}: same labelled type as X: {yes_no(rep.same_type)}; chambers "
        f"{rep.n_chambers[0]} → {rep.n_chambers[1]}"
        + (f"; f-vector {rep.f_vectors[0]} → {rep.f_vectors[1]}" if faces else ""),
        file=out,
    )
    if rep.gained or rep.lost:
        print(
            f"  gained {' '.join(pattern_string(p) for p in rep.gained) or '-'}; "
            f"lost {' '.join(pattern_string(p) for p in rep.lost) or '-'}",
            file=out,
        )
    if probe is not None:
        print(
            f"random directions: {probe.trials}, changing the type at ε = 0+: {probe.immediate}; "
            f"smallest first-change displacement {probe.min_displacement:.4g}",
            file=out,
        )
    return 0
