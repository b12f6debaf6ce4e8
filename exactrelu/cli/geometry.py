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
import itertools
import random
from typing import Any, TextIO

from exactrelu.cli.common import (
    RowSink,
    activity,
    display_number,
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
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.parse import pattern_rows, pattern_string, to_fraction
from exactrelu.exact.types import Exact

__all__ = [
    "arrangement_counts",
    "arrangement_summary",
    "chamber_rows",
    "cmd_arrangement",
    "cmd_patterns",
    "cmd_perturb",
    "cmd_position",
    "cmd_zonotope",
    "guard_all",
    "guard_cdd",
]


def arrangement_counts(A: Any, args: argparse.Namespace, *, listing: bool = True) -> dict[str, Any]:
    """The counts of a HyperplaneArrangement: χ(t), |χ(-1)|, face vector, rank (nothing listed).

    Every size guard runs before any work (:func:`exactrelu.exact.limits.guard_size`, one
    limit: ``--limit``): the chambers when they will be listed (``listing``), the faces
    counted for the face vector, and χ, refused up front when it would need more flats
    than the limit (in certified general position it has a closed form and needs none).
    """
    limit, progress = args.limit, progress_enabled(args)
    act = activity()
    if listing:
        limits.guard_size("chambers", A.predicted_chambers(), limit)
    act.stage("characteristic polynomial")
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
    info["n_vertices"] = info["n_regions"]
    act.stage("face vector")
    f, why = face_vector_or_reason(A, limit, progress)
    info["face_vector"] = list(f) if f is not None else None
    # face of dimension k of the arrangement <-> face of dimension D - k of the zonotope
    info["n_edges"] = (f[A.dimension - 1] if A.dimension >= 1 else 0) if f is not None else None
    if why:
        info["face_vector_note"] = why
    return info


def face_vector_or_reason(A: Any, limit: int | None, progress: bool) -> tuple[tuple[int, ...] | None, str]:
    """(face vector, "") when it is cheap, else (None, why it was not computed).

    Cheap means its closed form (certified general position) or a predicted number of
    faces within ``--limit``; beyond it the counts that need no enumeration (χ, the
    regions) are still given and the face vector is reported as not computed, never refused.
    """
    try:
        return face_vector(A, limit, progress), ""
    except SizeLimitError:
        n = A.predicted_faces()
        return None, (
            f"not computed (predicted {n:,} faces > limit {limits.resolve(limit):,}; "
            f"--limit {n} to count them)"
        )


def _face_text(info: dict[str, Any], key: str = "face_vector") -> str:
    f = info.get(key)
    return str(tuple(f)) if f is not None else info.get("face_vector_note", "not computed")


def face_vector(A: Any, limit: int | None, progress: bool) -> tuple[int, ...]:
    """Faces of dimension 0..D of a HyperplaneArrangement, counted without listing one.

    When χ came from its closed form, the distinct hyperplanes are certified in general
    position in their span (rank r), and so is every restriction: the flats of codimension
    j < r are the C(n, j) intersections of j hyperplanes, each cut into Cover's
    2 Σ_{i<r-j} C(n-j-1, i) faces, and the lineality space is one face (Zaslavsky 1975;
    the same numbers as :meth:`HyperplaneArrangement.predicted_faces`).  Otherwise the
    faces are counted flat by flat (:meth:`HyperplaneArrangement.face_vector`) after the
    size guard.
    """
    from math import comb

    from exactrelu.geometry import engine

    if A.chi_method() == "closed form":
        n, r, D = A.n_distinct_hyperplanes(), A.rank(), A.dimension
        f = [0] * (D + 1)
        for j in range(r):
            f[D - j] = comb(n, j) * engine.upper_bound_regions(n - j, r - j)
        f[D - r] = 1
        return tuple(f)
    limits.guard_size("faces", A.predicted_faces(), limit)
    return tuple(A.face_vector(limit=limit, progress=progress))


def arrangement_summary(A: Any, args: argparse.Namespace) -> tuple[dict[str, Any], list[Any]]:
    """(counts, chambers) of a HyperplaneArrangement: χ(t), |χ(-1)|, the enumerated chambers, face vector.

    Every size guard runs before any work (see :func:`arrangement_counts`).
    """
    info = arrangement_counts(A, args)
    activity().stage("chambers")
    chambers = A.chambers(limit=args.limit, progress=progress_enabled(args))
    info["n_chambers_enumerated"] = len(chambers)
    return info, chambers


def chamber_rows(chambers: list[Any]) -> list[dict[str, Any]]:
    """The chambers for JSON: pattern (bit string), sign vector, integer witness."""
    return [chamber_row(c) for c in chambers]


def chamber_row(c: Any) -> dict[str, Any]:
    """One chamber for JSON and ``--output``: pattern (bit string), sign vector, integer witness."""
    return {"pattern": pattern_string(c.pattern), "signs": list(c.signs), "witness": list(c.witness)}


def _iter_chambers(A: Any, progress: bool) -> Any:
    """The chambers one by one, streamed (:meth:`HyperplaneArrangement.iter_chambers`)."""
    return A.iter_chambers(progress=progress)


def _list_hint(args: argparse.Namespace) -> str | None:
    """How to avoid listing the rows, for the ``--timeout`` message: only flags not already given."""
    ways = []
    if not getattr(args, "summary", False):
        ways.append("use --summary for the counts only")
    if not getattr(args, "output", None):
        ways.append("--output FILE to keep every row")
    return ", or ".join(ways) or None


def cmd_arrangement(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu arrangement``: chambers with witnesses, χ(t), |χ(-1)|, face vector.

    ``--summary`` gives the counts only (no chamber is enumerated unless ``--output`` asks for
    them); ``--output FILE`` writes the chambers row by row as they are found.
    """
    from exactrelu.exact.output import output_format, write_output
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    X = load_data(args)
    bias = args.bias
    act = activity()
    A = HyperplaneArrangement.from_data(X, bias=bias, strict=args.strict)
    listing = not args.summary or bool(args.output)
    info = arrangement_counts(A, args, listing=listing)
    gp = _general_position(X, bias, A)
    info["general_position"] = gp
    info["bias"] = bias
    what = "<x̄_i, w> = 0 with x̄_i = (x_i, 1)" if bias else "<x_i, w> = 0"
    if not args.json:
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
        print(f"  face vector (faces of dim 0..{A.dimension})  {_face_text(info)}", file=out)
        edges = info["n_edges"] if info["n_edges"] is not None else "(not counted)"
        print(f"  zonotope: {info['n_vertices']} vertices, {edges} edges", file=out)
        if listing and not args.summary:
            print(file=out)
    ok = True
    if args.output and output_format(args.output) == ".graphml":
        # the chamber-adjacency graph (chambers sharing a facet), signs and witnesses as node attributes
        limits.guard_size("chamber adjacencies", A.predicted_edges(), args.limit)
        act.stage("chamber graph", hint="write the chambers to .csv, .json or .npz instead")
        G = A.to_networkx(limit=args.limit, kind="chambers")
        meta = {"command": "arrangement", "bias": bias, "n_regions": info["n_regions"]}
        with act.shielded():  # the file is never cut by --timeout
            write_output(args.output, kind="chamber graph", columns=["pattern"], graph=G, meta=meta)
        act.work_done()
        info["n_chambers_enumerated"] = G.number_of_nodes()
        info["n_chamber_adjacencies"] = G.number_of_edges()
        info["output"] = args.output
        ok = G.number_of_nodes() == info["n_regions"]
        if args.json:
            emit_json(info, out)
        else:
            print(
                f"  wrote the chamber graph ({G.number_of_nodes()} chambers, {G.number_of_edges()} "
                f"adjacencies) to {args.output}",
                file=out,
            )
        return 0 if ok else 1
    if listing:
        act.stage("chambers", hint=_list_hint(args), total=info["n_regions"])
        meta = {"command": "arrangement", "bias": bias, "n_regions": info["n_regions"]}
        with RowSink(
            args,
            out,
            kind="chambers",
            columns=["pattern", "signs", "witness"],
            headers=["#", "pattern", "witness w"],
            cells=lambda k, r: (k, r["pattern"], vector_text(r["witness"])),
            meta=meta,
            payload=info,
        ) as sink:
            for c in _iter_chambers(A, False):  # the progress of this loop is the command's own
                sink.add(chamber_row(c))
        info["n_chambers_enumerated"] = sink.n
        ok = sink.n == info["n_regions"]
        if args.json:
            if not args.summary:
                info["chambers"] = sink.rows
            if args.output:
                info["output"] = args.output
            emit_json(info, out)
            return 0 if ok else 1
        print(
            f"\n  chambers enumerated        {sink.n}" + ("" if ok else "   MISMATCH with |χ(-1)|"), file=out
        )
        if sink.note():
            print(f"  {sink.note()}", file=out)
        return 0 if ok else 1
    if args.json:
        emit_json(info, out)
    return 0


def _general_position(X: Any, bias: bool, A: Any) -> bool | None:
    """General position of the data: from χ's certificate when χ has its closed form, else the scan.

    The closed form certifies the distinct normals uniform in their rank r; with no two normals
    parallel, the points are in (affine, with a bias) general position iff r = min(N, D).
    """
    if A.chi_method() == "closed form" and A.n_distinct_hyperplanes() == A.n_hyperplanes():
        return bool(A.rank() == min(A.n_hyperplanes(), A.dimension))
    activity().stage("general position")
    gp, _ = general_position(X, bias)
    return gp


def guard_cdd(Z: Any, cdd_seconds: float | None) -> float:
    """Refuse the cdd cross-check (``--verify``) up front when its predicted time exceeds ``--cdd-timeout``.

    The prediction is :meth:`Zonotope.predicted_cdd_seconds`:
    :func:`exactrelu.exact.limits.cdd_work` (V·(V+F)·D for V vertices, F facets in R^D)
    times the measured seconds per unit, from the exact vertex count (χ) and the bound
    2·C(n, r−1) on the facets.  It is the guard of :meth:`Zonotope.double_description_check`
    itself (the same prediction, limit and flag), run before any enumeration so that the
    command is refused at once and names one limit.  Returns the prediction in seconds.
    """
    from exactrelu.geometry.zonotope import cdd_timeout

    limit = cdd_timeout(cdd_seconds)
    predicted = Z.guard_cdd(
        Z.n_vertices(), Z.predicted_facets(), limit, bound=True, hint="; or leave out --verify"
    )
    return predicted


def guard_all(*guards: Any) -> None:
    """Run every guard (a no-argument callable) and refuse once, naming every limit that is exceeded.

    So a command never refuses twice in a row with a different limit each time: the
    message lists each prediction with its limit and flag.
    """
    failed: list[SizeLimitError] = []
    for g in guards:
        try:
            g()
        except SizeLimitError as exc:
            failed.append(exc)
    if failed:
        first = failed[0]
        if len(failed) > 1:
            first.args = (" Also: ".join(str(e) for e in failed),)
        raise first


def cmd_zonotope(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu zonotope``: vertices (activation patterns), edges, f-vector; ``--verify`` by cdd.

    Exit status 0, 1 if cdd disagrees, 2 if cdd did not finish within the time limit.
    ``--output FILE.graphml`` writes the 1-skeleton with the vertex coordinates as node
    attributes; ``.json``/``.csv``/``.npz`` the vertices, row by row.
    """
    from exactrelu.exact.output import output_format
    from exactrelu.geometry.zonotope import CddTimeoutError, Zonotope

    X = load_data(args)
    bias = args.bias
    act = activity()
    Z = Zonotope.from_data(X, bias=bias, strict=args.strict)
    A = Z.arrangement
    graphml = bool(args.output) and output_format(args.output) == ".graphml"
    listing = not args.summary or bool(args.output)
    # every guard before any work, refused once: sizes by --limit, cdd's time by --cdd-timeout
    guard_all(
        lambda: (
            limits.guard_size("vertices", A.predicted_chambers(), args.limit) if listing or args.verify else 0
        ),
        lambda: limits.guard_size("edges", A.predicted_edges(), args.limit) if graphml else 0,
        lambda: guard_cdd(Z, getattr(args, "cdd_timeout", None)) if args.verify else 0,
    )
    act.stage("f-vector")
    A.characteristic_polynomial(limit=args.limit)  # certifies general position when it holds
    fa, why = face_vector_or_reason(A, args.limit, progress_enabled(args))
    f = (1,) + tuple(fa[Z.dimension - k] for k in range(Z.rank() + 1)) if fa is not None else None
    gp = _general_position(X, bias, A)
    info: dict[str, Any] = {
        "dimension": Z.rank(),
        "ambient_dimension": Z.dimension,
        "n_generators": len(Z.generators),
        "generators": [list(g) for g in Z.generators],
        "n_vertices": Z.n_vertices(),
        "n_regions": Z.n_vertices(),
        # f = (1, vertices, edges, ...): a segment is one edge
        "n_edges": (f[2] if len(f) >= 3 else 0) if f is not None else None,
        "f_vector": list(f) if f is not None else None,
        "general_position": gp,
        "bias": bias,
    }
    if why:
        info["f_vector_note"] = why
    if args.verify:
        act.stage("cdd cross-check", hint="leave out --verify")
        # cdd runs in a child process, killed after --cdd-timeout seconds (default 60): a
        # check that did not finish is reported as undecided (null) with exit status 2
        kw: dict[str, Any] = {"timeout": getattr(args, "cdd_timeout", None)}
        kw["limit"] = limits.resolve(args.limit)
        try:
            report = Z.double_description_check(**kw)
            info["double_description_check"] = bool(getattr(report, "ok", report))
            info["double_description_message"] = getattr(report, "message", "")
        except CddTimeoutError as exc:
            info["double_description_check"] = None
            info["double_description_message"] = str(exc)
    ok = info.get("double_description_check", True)
    status = 2 if ok is None else 0 if ok else 1
    if not args.json:
        print(
            f"zonotope Z = Σ_i [0, g_i] with {len(Z.generators)} generators "
            f"{'x̄_i = (x_i, 1)' if bias else 'x_i'} in R^{Z.dimension}, dimension {info['dimension']}",
            file=out,
        )
        print(
            f"  vertices {info['n_vertices']}, edges "
            f"{info['n_edges'] if info['n_edges'] is not None else '(not counted)'}, "
            f"f-vector {f if f is not None else why.replace('faces', 'faces of the arrangement')}, "
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
        if not args.summary:
            print(file=out)
    if not listing:
        if args.json:
            emit_json(info, out)
        return status
    progress = progress_enabled(args)
    columns = ["pattern", "vertex"]
    meta = {"command": "zonotope", "bias": bias, "f_vector": list(f) if f is not None else None}
    note = ""
    if graphml:  # the 1-skeleton, with the vertex coordinates as node attributes x0, x1, ...
        from exactrelu.exact.output import write_output

        act.stage("1-skeleton", hint="write the vertices to .csv, .json or .npz instead")
        G = Z.graph(limit=args.limit, progress=progress)
        for p in G.nodes:
            G.nodes[p]["pattern"] = pattern_string(p)
            G.nodes[p]["vertex"] = Z.vertex(p)
        with act.shielded():  # the file is never cut by --timeout
            write_output(args.output, kind="zonotope 1-skeleton", columns=columns, graph=G, meta=meta)
        act.advance("vertices", G.number_of_nodes())
        if args.summary:  # no vertex table follows
            act.work_done()
        note = (
            f"wrote the 1-skeleton ({G.number_of_nodes()} vertices, {G.number_of_edges()} edges) "
            f"to {args.output}"
        )
        args = argparse.Namespace(**{**vars(args), "output": None})  # the rows below go to the table only
    if not (graphml and args.summary):
        act.stage("vertices", hint=_list_hint(args), total=info["n_vertices"])
        with RowSink(
            args,
            out,
            kind="vertices",
            columns=columns,
            headers=["#", "pattern", "vertex Σ_{a_i=1} g_i"],
            cells=lambda k, r: (k, r["pattern"], vector_text(r["vertex"])),
            meta=meta,
            json_rows=lambda r: {"pattern": r["pattern"], "vertex": list(r["vertex"])},
            payload=info,
            rows_key="vertices",
        ) as sink:
            for c in _iter_chambers(A, False):  # the progress of this loop is the command's own
                sink.add({"pattern": pattern_string(c.pattern), "vertex": Z.vertex(c.pattern)})
        note = note or sink.note()
        if args.json and not args.summary:
            info["vertices"] = sink.rows
    if args.json:
        emit_json(info, out)
        return status
    if note:
        print(f"  {note}", file=out)
    return status


def cmd_patterns(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu patterns``: all feasible patterns of m units, or a certificate for one (``--feasible``)."""
    from exactrelu.geometry import patterns

    X = load_data(args)
    bias = args.bias
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
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    act = activity()
    units = args.units
    arr = HyperplaneArrangement.from_data(X, bias=bias, strict=args.strict)
    listing = not args.summary or bool(args.output)
    if listing:
        limits.guard_size("patterns of one unit", arr.predicted_chambers(), args.limit)
    act.stage("counting")
    count = arr.n_regions(limit=args.limit)
    if listing and units > 1:
        limits.guard_power(f"activation pattern tuples for {units} units", count, units, args.limit)
    total: int | str = count**units if units * max(count, 2).bit_length() <= 4096 else f"{count}^{units}"
    payload: dict[str, Any] = {
        "units": units,
        "n_points": len(X),
        "bias": bias,
        "n_patterns": total,
        "n_regions": total,
        "n_patterns_one_unit": count,
    }
    unit_word = "unit" if units == 1 else "units"
    if not args.json:
        print(
            f"{total} feasible activation patterns of {units} ReLU {unit_word} on {len(X)} points"
            f"{' (with bias)' if bias else ' (no bias)'}"
            + (f" = {count}^{units}" if units > 1 else "")
            + "; certify one with --feasible BITS",
            file=out,
        )
    if not listing:
        if args.json:
            emit_json(payload, out)
        return 0
    if not args.json and not args.summary:
        print(file=out)
    act.stage("patterns", hint=_list_hint(args), total=total if isinstance(total, int) else None)
    chambers = _iter_chambers(arr, False)  # the progress of this loop is the command's own
    if units == 1:
        items: Any = (c.pattern for c in chambers)
    else:
        singles = sorted(tuple(c.pattern) for c in chambers)
        items = itertools.product(singles, repeat=units)
    with RowSink(
        args,
        out,
        kind="patterns",
        columns=["pattern"],
        headers=["#", "pattern" if units == 1 else "patterns (one per unit)"],
        cells=lambda k, r: (k, r["pattern"]),
        meta={"command": "patterns", "units": units, "bias": bias, "n_patterns": total},
        payload=payload,
        rows_key="patterns",
    ) as sink:
        for p in items:
            sink.add({"pattern": pattern_text(p)})
    if args.json:
        if not args.summary:
            payload["patterns"] = sink.rows
        emit_json(payload, out)
    elif sink.note():
        print(f"\n{sink.note()}", file=out)
    return 0 if sink.n == total else 1


def cmd_position(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu position``: general position, with an exactly re-verified dependency when it fails."""
    from exactrelu.exact.certificates import verify_affine_dependency, verify_dependency

    X = load_data(args)
    bias = args.bias
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
    bias = args.bias
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
    if args.output:
        from exactrelu.exact.output import write_output

        with activity().shielded():  # the file is never cut by --timeout
            write_output(
                args.output,
                kind="type changes",
                columns=["epsilon", "interval", "vanishing_subsets", "n_chambers", "gained", "lost"],
                rows=(
                    {
                        "epsilon": c.epsilon,
                        "interval": tuple(c.interval),
                        "vanishing_subsets": ";".join(",".join(map(str, B)) for B in c.vanishing_subsets),
                        "n_chambers": "/".join("?" if k is None else str(k) for k in c.n_chambers),
                        "gained": " ".join(pattern_string(p) for p in c.gained),
                        "lost": " ".join(pattern_string(p) for p in c.lost),
                    }
                    for c in path.changes
                ),
                meta={"command": "perturb", "bias": bias, "from": lo, "to": hi, "stable_radius": sr.radius},
            )
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
            f"certified stability radius (ℓ2 per point): {display_number(sr.radius)} "
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
                    display_number(sum(c.interval) / 2),
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
