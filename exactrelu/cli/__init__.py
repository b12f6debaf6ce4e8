"""Command line interface: ``exactrelu COMMAND [DATA] [options]``.

Exact counts and certificates for the hyperplane arrangement, the zonotope and
the activation patterns of a shallow ReLU network on a dataset, following
Matena & Raffel (2022), "A Combinatorial Perspective on the Optimization of
Shallow ReLU Networks", section 3 (activation regions = chambers of the
arrangement {<x̄_i, w> = 0} = vertices of the zonotope Σ_i [0, x̄_i]).

Commands
--------
``arrangement``  chambers, characteristic polynomial, face vector of the arrangement
``zonotope``     vertices (activation patterns), edges, f-vector of the zonotope
``patterns``     feasible activation patterns of m units, or certify one pattern
``position``     general position, with a dependency certificate when it fails
``perturb``      exact type changes along X + εΔ, certified stability radius
``jacobian``     exact rank of the Jacobian on an activation region, with certificate
``interpolate``  exact zero-loss fit inside an activation region (Lemma 15, Theorem 12)
``check``        run the paper-statement checks of :mod:`proofs_checks`
``demo``         the Figure 1 example: counts, the 22 patterns, a PNG

Data come from a CSV/JSON/NPY file, ``-`` for standard input, or
``--example NAME`` (see ``exactrelu demo --list-examples``).  Tables by default,
``--json`` for scripts.  Errors in the input are reported as one line
``exactrelu: error: …`` on standard error with exit status 2, never a
traceback.  Exit status 1 means that a check failed (a counterexample, or two
independent counts that disagree).

Examples
--------
>>> main(["arrangement", "--example", "square", "--json", "--no-progress"])  # doctest: +ELLIPSIS
{...
  "n_regions": 14,
...
0
"""

import argparse
import dataclasses
import json
import sys
from fractions import Fraction

from exactrelu import __version__
from exactrelu.exact.errors import ExactReluError, InvalidDataError

__all__ = ["build_parser", "main"]

PROG = "exactrelu"


# ----------------------------------------------------------------------------- helpers


def _bits(pattern):
    return "".join("1" if a else "0" for a in pattern)


def _num(x):
    """An exact number for JSON: int if integral, else the string 'p/q'."""
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _numstr(x):
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _vec(v):
    return "(" + ", ".join(_numstr(x) for x in v) + ")"


def _jsonable(obj):
    """Convert results (Fractions, tuples, sets, objects with to_dict) to JSON-friendly values."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, Fraction):
        return _num(obj)
    if isinstance(obj, float):
        return obj
    if isinstance(obj, dict):
        return {str(k) if not isinstance(k, tuple) else _bits(k): _jsonable(v) for k, v in obj.items()}
    if hasattr(obj, "to_dict"):
        return _jsonable(obj.to_dict())
    if hasattr(obj, "_asdict"):
        return _jsonable(obj._asdict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _jsonable({f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj) if isinstance(obj, (set, frozenset)) else obj
        return [_jsonable(v) for v in items]
    if hasattr(obj, "numerator") and hasattr(obj, "denominator"):
        return _num(Fraction(int(obj.numerator), int(obj.denominator)))
    return str(obj)


def _table(headers, rows, out):
    rows = [[str(c) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line.rstrip(), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip(), file=out)


def _poly(coeffs, var="t"):
    """Polynomial from coefficients low -> high, as text: t^3 - 5 t^2 + 10 t - 6."""
    terms = []
    for k in range(len(coeffs) - 1, -1, -1):
        c = coeffs[k]
        if c == 0:
            continue
        mag = abs(c)
        if k == 0:
            body = f"{mag}"
        elif k == 1:
            body = var if mag == 1 else f"{mag} {var}"
        else:
            body = f"{var}^{k}" if mag == 1 else f"{mag} {var}^{k}"
        if not terms:
            terms.append(("-" if c < 0 else "") + body)
        else:
            terms.append(("- " if c < 0 else "+ ") + body)
    return " ".join(terms) if terms else "0"


def _yesno(b):
    if b is None:
        return "unknown (too many subsets to check; see 'exactrelu position')"
    return "yes" if b else "no"


def _dumps(obj, level=0):
    """JSON with 2-space indentation, but lists of scalars (vectors, patterns) on one line."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dumps(v, level + 1)}" for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj):
            return json.dumps(obj, ensure_ascii=False)
        return "[\n" + ",\n".join(inner + _dumps(v, level + 1) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def _emit_json(payload, out):
    print(_dumps(_jsonable(payload)), file=out)


# ----------------------------------------------------------------------------- data


def _load(args):
    """The data table of the command, as exact rows (tuple of tuples of Fraction)."""
    from exactrelu.exact.parse import exact_matrix, read_data

    if args.example is not None and args.data is not None:
        raise InvalidDataError("give either a data file or --example NAME, not both")
    if args.example is not None:
        from exactrelu.datasets import get_dataset

        raw = get_dataset(args.example)
        name = f"example {args.example!r}"
    elif args.data is not None:
        try:
            raw = read_data(args.data)
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidDataError(f"cannot read {args.data!r}: {exc}") from None
        name = "standard input" if args.data == "-" else f"data file {args.data!r}"
    else:
        raise InvalidDataError(
            "no data: give a CSV/JSON/NPY file, '-' for standard input, or --example NAME "
            "(e.g. --example figure1)"
        )
    return exact_matrix(raw, strict=args.strict, name=name)


def _progress(args):
    if args.progress is None:
        try:
            return sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False
    return args.progress


def _general_position(X, bias, *, limit=None, quiet=True):
    """(holds, result) for the data: affine general position with a bias, linear without.

    With ``quiet`` a size refusal of the subset scan gives ``(None, None)``
    (general position is then reported as unknown) instead of an error.
    """
    from exactrelu.exact.errors import SizeLimitError
    from exactrelu.geometry import position

    try:
        res = position.general_position(X, bias=bias, limit=limit)
    except SizeLimitError:
        if not quiet:
            raise
        return None, None
    return bool(res.holds), res


def _arrangement_summary(A, args, *, with_faces=True, with_chambers=True):
    limit, progress = args.limit, _progress(args)
    info = {
        "n_hyperplanes": A.n_hyperplanes(),
        "dimension": A.dimension,
        "rank": A.rank(),
        "essential": A.is_essential(),
        "characteristic_polynomial": list(A.characteristic_polynomial(progress=progress)),
        "n_regions": A.n_regions(),
    }
    chambers = None
    if with_chambers:
        chambers = A.chambers(limit=limit, progress=progress)
        info["n_chambers_enumerated"] = len(chambers)
    info["n_vertices"] = info["n_regions"]
    if with_faces:
        f = tuple(A.face_vector(limit=limit, progress=progress))
        info["face_vector"] = list(f)
        # face of dimension k of the arrangement <-> face of dimension D - k of the zonotope
        info["n_edges"] = f[A.dimension - 1] if A.dimension >= 1 else 0
    return info, chambers


# ----------------------------------------------------------------------------- commands


def cmd_arrangement(args, out):
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    X = _load(args)
    bias = not args.no_bias
    A = HyperplaneArrangement.from_data(X, bias=bias, strict=args.strict)
    info, chambers = _arrangement_summary(A, args)
    gp, _ = _general_position(X, bias)
    info["general_position"] = gp
    info["bias"] = bias
    ok = info["n_chambers_enumerated"] == info["n_regions"]
    if args.json:
        info["chambers"] = [
            {"pattern": _bits(c.pattern), "signs": list(c.signs), "witness": list(c.witness)}
            for c in chambers
        ]
        _emit_json(info, out)
        return 0 if ok else 1
    what = "<x̄_i, w> = 0 with x̄_i = (x_i, 1)" if bias else "<x_i, w> = 0"
    print(
        f"central arrangement of {A.n_hyperplanes()} hyperplane{'s' if A.n_hyperplanes() != 1 else ''} "
        f"{what} in R^{A.dimension}",
        file=out,
    )
    print(
        f"  rank {info['rank']}, essential: {_yesno(info['essential'])}, general position: {_yesno(gp)}",
        file=out,
    )
    print(f"  characteristic polynomial  χ(t) = {_poly(info['characteristic_polynomial'])}", file=out)
    print(f"  regions |χ(-1)|            {info['n_regions']}", file=out)
    print(
        f"  chambers enumerated        {len(chambers)}" + ("" if ok else "   MISMATCH with |χ(-1)|"), file=out
    )
    print(f"  face vector (faces of dim 0..{A.dimension})  {tuple(info['face_vector'])}", file=out)
    print(f"  zonotope: {info['n_vertices']} vertices, {info['n_edges']} edges", file=out)
    print(file=out)
    _table(
        ["#", "pattern", "witness w"],
        [(k + 1, _bits(c.pattern), _vec(c.witness)) for k, c in enumerate(chambers)],
        out,
    )
    return 0 if ok else 1


def cmd_zonotope(args, out):
    from exactrelu.geometry.zonotope import Zonotope

    X = _load(args)
    bias = not args.no_bias
    Z = Zonotope.from_data(X, bias=bias, strict=args.strict)
    verts = Z.vertices(limit=args.limit, progress=_progress(args))
    f = tuple(Z.f_vector(limit=args.limit, progress=_progress(args)))
    gp, _ = _general_position(X, bias)
    info = {
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
    report = None
    if args.verify:
        report = Z.double_description_check(**({"limit": args.limit} if args.limit is not None else {}))
        info["double_description_check"] = bool(getattr(report, "ok", report))
        info["double_description_message"] = getattr(report, "message", "")
    ok = info.get("double_description_check", True)
    if args.json:
        info["vertices"] = [{"pattern": _bits(p), "vertex": list(v)} for p, v in sorted(verts.items())]
        _emit_json(info, out)
        return 0 if ok else 1
    print(
        f"zonotope Z = Σ_i [0, g_i] with {len(Z.generators)} generators "
        f"{'x̄_i = (x_i, 1)' if bias else 'x_i'} in R^{Z.dimension}, dimension {info['dimension']}",
        file=out,
    )
    print(
        f"  vertices {info['n_vertices']}, edges {info['n_edges']}, f-vector {f}, "
        f"general position: {_yesno(gp)}",
        file=out,
    )
    if args.verify:
        print(
            f"  double description (pycddlib, exact GMP) agrees: {_yesno(ok)}"
            f"{' (' + info['double_description_message'] + ')' if info['double_description_message'] else ''}",
            file=out,
        )
    print(file=out)
    _table(
        ["#", "pattern", "vertex Σ_{a_i=1} g_i"],
        [(k + 1, _bits(p), _vec(v)) for k, (p, v) in enumerate(sorted(verts.items()))],
        out,
    )
    return 0 if ok else 1


def _parse_pattern(text, n, units):
    """'10110' or '10110,01100' (one bit string per unit) -> tuple or tuple of tuples."""
    parts = [p.strip() for p in text.replace(";", ",").replace("|", ",").split(",") if p.strip()]
    rows = []
    for p in parts:
        if len(p) != n or set(p) - {"0", "1"}:
            raise InvalidDataError(f"pattern {p!r} must be a string of {n} bits 0/1 (one per data point)")
        rows.append(tuple(int(c) for c in p))
    if not rows:
        raise InvalidDataError("empty --feasible pattern")
    if len(rows) != units:
        raise InvalidDataError(
            f"--feasible gives {len(rows)} pattern(s) but --units is {units}: "
            "give one bit string per unit, separated by commas"
        )
    if units == 1:
        return rows[0]
    return tuple(rows)


def _pattern_text(p):
    """A single-unit pattern (tuple of 0/1) or an m-unit one (tuple of such) as bits."""
    if hasattr(p, "pattern"):
        p = p.pattern
    if p and isinstance(p[0], (tuple, list)):
        return " ".join(_bits(q) for q in p)
    return _bits(p)


def cmd_patterns(args, out):
    from exactrelu.geometry import patterns

    X = _load(args)
    bias = not args.no_bias
    if args.feasible is not None:
        pattern = _parse_pattern(args.feasible, len(X), args.units)
        cert = patterns.is_feasible_pattern(X, pattern, bias=bias, strict=args.strict)
        verified = patterns.verify_pattern_certificate(X, pattern, cert, bias=bias, strict=args.strict)
        feasible = bool(cert)
        if args.json:
            _emit_json(
                {
                    "pattern": args.feasible,
                    "feasible": feasible,
                    "certificate": cert,
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
                print(f"  {who}witness w = {_vec(u.witness)}: (2a_i - 1)<x̄_i, w> > 0 for every i", file=out)
            else:
                print(
                    f"  {who}Gordan/Farkas vector y = {_vec(u.certificate)} >= 0 with "
                    f"Σ y_i (2a_i - 1) x̄_i = 0: no w realises this pattern",
                    file=out,
                )
        print(f"  certificate re-verified exactly: {_yesno(verified)}", file=out)
        return 0 if verified else 1
    items = patterns.activation_patterns(X, bias=bias, units=args.units, limit=args.limit, strict=args.strict)
    if args.json:
        _emit_json(
            {
                "units": args.units,
                "n_points": len(X),
                "n_patterns": len(items),
                "n_regions": len(items),
                "patterns": [{"pattern": _pattern_text(p)} for p in items],
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
    _table(
        ["#", "pattern" if args.units == 1 else "patterns (one per unit)"],
        [(k + 1, _pattern_text(p)) for k, p in enumerate(items)],
        out,
    )
    return 0


def cmd_position(args, out):
    from exactrelu.exact.certificates import verify_affine_dependency, verify_dependency

    X = _load(args)
    bias = not args.no_bias
    holds, res = _general_position(X, bias, limit=args.limit, quiet=False)
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
        _emit_json(payload, out)
        return 0
    kind = res.kind
    print(f"{len(X)} points in R^{len(X[0])}: {kind} general position: {_yesno(holds)}", file=out)
    print(f"  {res.describe()}", file=out)
    if verified is not None:
        print(
            f"  dependency re-verified exactly (exactrelu.exact.certificates): {_yesno(verified)}", file=out
        )
    return 0


def _direction(args, X):
    """The perturbation direction: a data file of the shape of X, or 'random' (seeded integers)."""
    from exactrelu.exact.parse import exact_matrix, read_data

    if args.direction == "random":
        import random

        from exactrelu.geometry.perturbation import _random_direction

        return exact_matrix(
            _random_direction(random.Random(args.seed), len(X), len(X[0]), 3), name="direction"
        )
    try:
        raw = read_data(args.direction)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read direction {args.direction!r}: {exc}") from None
    D = exact_matrix(raw, strict=args.strict, name=f"direction file {args.direction!r}")
    if len(D) != len(X) or len(D[0]) != len(X[0]):
        raise InvalidDataError(
            f"the direction has shape {len(D)}x{len(D[0])} but the data {len(X)}x{len(X[0])}"
        )
    return D


def cmd_perturb(args, out):
    from exactrelu.exact.parse import to_fraction
    from exactrelu.geometry.perturbation import perturbation_report, probe_stability, type_changes

    X = _load(args)
    bias = not args.no_bias
    D = _direction(args, X)
    eps = to_fraction(args.eps, where="--eps")
    start = to_fraction(args.start, where="--from")
    lo, hi = (start, eps) if start <= eps else (eps, start)
    faces = not args.no_faces
    path = type_changes(X, D, (lo, hi), bias=bias, faces=faces, limit=args.limit, progress=_progress(args))
    rep = perturbation_report(X, D, eps, bias=bias, path=False, faces=faces, limit=args.limit)
    probe = (
        probe_stability(X, trials=args.probe, seed=args.seed, bias=bias, limit=args.limit)
        if args.probe
        else None
    )
    sr = rep.stable_radius
    if args.json:
        payload = {
            "direction": [[_num(x) for x in r] for r in D],
            "interval": [_num(lo), _num(hi)],
            "stable_radius": sr.to_dict(),
            "changes": [c.to_dict() for c in path.changes],
            "at_eps": {k: v for k, v in rep.to_dict().items() if k not in ("changes", "stable_radius")},
        }
        if probe is not None:
            payload["probe"] = probe.to_dict()
        _emit_json(payload, out)
        return 0
    if sr.holds:
        print(
            f"certified stability radius (ℓ2 per point): {sr.radius} ≈ {float(sr.radius):.4g} "
            f"(general position; {sr.n_subsets} minors certified)",
            file=out,
        )
    else:
        print(f"stability radius 0: not in general position — {sr.general_position.describe()}", file=out)
        print(
            f"  {sr.n_dependent} dependent {sr.rank}-subset(s), e.g. "
            f"{[list(B) for B in sr.dependent_subsets[:8]]}",
            file=out,
        )
    print(f"direction Δ = {[_vec(r) for r in D]}", file=out)
    print(f"type changes of X + εΔ for ε in [{_numstr(lo)}, {_numstr(hi)}]: {len(path.changes)}", file=out)
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
                    " ".join(_bits(p) for p in c.gained) or "-",
                    " ".join(_bits(p) for p in c.lost) or "-",
                ]
            )
        _table(["epsilon", "≈", "dependent at ε", "chambers before/at/after", "gained", "lost"], rows, out)
        for c in path.changes:
            for F in c.special_faces:
                print(
                    f"  at ε = {c.epsilon}: {F['dimension']}-face on generators {list(F['generators'])} has "
                    f"{F['n_vertices']} vertices (tiled by {F['tiles_before']} / {F['tiles_after']} faces "
                    "before / after)",
                    file=out,
                )
    print(
        f"at ε = {_numstr(eps)}: same labelled type as X: {_yesno(rep.same_type)}; chambers "
        f"{rep.n_chambers[0]} → {rep.n_chambers[1]}"
        + (f"; f-vector {rep.f_vectors[0]} → {rep.f_vectors[1]}" if faces else ""),
        file=out,
    )
    if rep.gained or rep.lost:
        print(
            f"  gained {' '.join(_bits(p) for p in rep.gained) or '-'}; "
            f"lost {' '.join(_bits(p) for p in rep.lost) or '-'}",
            file=out,
        )
    if probe is not None:
        print(
            f"random directions: {probe.trials}, changing the type at ε = 0+: {probe.immediate}; "
            f"smallest first-change displacement {probe.min_displacement:.4g}",
            file=out,
        )
    return 0


def _numbers(text, what):
    """'1,-2,3/4' (comma-separated exact numbers) or a data file with one number per row."""
    import os

    from exactrelu.exact.parse import read_data, to_fraction

    if os.path.exists(text):
        try:
            raw = read_data(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidDataError(f"cannot read {what} file {text!r}: {exc}") from None
        flat = [x for r in raw for x in (r if hasattr(r, "__len__") and not isinstance(r, str) else [r])]
    else:
        flat = [t.strip() for t in text.split(",") if t.strip()]
    if not flat:
        raise InvalidDataError(f"{what}: no numbers in {text!r}")
    return [to_fraction(x, where=f"{what} entry {i}") for i, x in enumerate(flat)]


def _region(args, X, bias):
    """The activation matrix from --pattern, --weights or --random-units (exactly one of them)."""
    from exactrelu.exact.parse import exact_matrix, read_data
    from exactrelu.landscape.jacobian import activation_matrix

    given = [o for o in ("pattern", "weights", "random_units") if getattr(args, o, None) is not None]
    if len(given) != 1:
        raise InvalidDataError(
            "give the activation region by exactly one of --pattern BITS[,BITS...], "
            "--weights FILE or --random-units M"
        )
    if args.pattern is not None:
        parts = [q.strip() for q in args.pattern.split(",") if q.strip()]
        return [_parse_pattern(q, len(X), 1) for q in parts]
    if args.weights is not None:
        try:
            W = exact_matrix(read_data(args.weights), name=f"weights file {args.weights!r}")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidDataError(f"cannot read weights {args.weights!r}: {exc}") from None
        return activation_matrix(X, W, bias=bias)
    import random

    rng = random.Random(args.seed)
    D = len(X[0]) + (1 if bias else 0)
    while True:  # integer weights; resample the (rare) ones on a region boundary
        W = [[rng.randint(-9, 9) for _ in range(D)] for _ in range(args.random_units)]
        try:
            return activation_matrix(X, W, bias=bias)
        except InvalidDataError:
            continue


def _output_v(args, d1, default):
    if args.v is None:
        return [default(i) for i in range(d1)]
    v = _numbers(args.v, "--v")
    if len(v) != d1:
        raise InvalidDataError(f"--v gives {len(v)} output weights but the region has {d1} units")
    return v


def _one_d_summary(X, A, v):
    from exactrelu.landscape.step_vectors import (
        completeness_gaps,
        diversity_gaps,
        is_step_vector,
        sort_columns,
    )

    if len(X[0]) != 1 or len({r[0] for r in X}) != len(X):
        return None
    rows = sort_columns(X, A)
    return {
        "step_rows": all(is_step_vector(r) for r in rows),
        "diversity_gaps": diversity_gaps(rows),
        "completeness_gaps": completeness_gaps(rows, v),
    }


def cmd_jacobian(args, out):
    from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank

    X = _load(args)
    bias = not args.no_bias
    A = _region(args, X, bias)
    v = _output_v(args, len(A), lambda i: 1)
    r = jacobian_rank(X, A, v, bias=bias)
    ones = jacobian_rank(X, A, None, bias=bias, with_float=False).rank
    verified = verify_jacobian_rank(X, A, v, r, bias=bias)
    one_d = _one_d_summary(X, A, v)
    if args.json:
        payload = {
            "units": len(A),
            "pattern": [_bits(a) for a in A],
            "v": [_num(x) for x in v],
            **r.to_dict(),
            "certificate_verified": verified,
            "rank_with_v_equal_1": ones,
        }
        if one_d is not None:
            payload["one_d"] = one_d
        _emit_json(payload, out)
        return 0
    print(
        f"activation region of {len(A)} unit(s) on {len(X)} points: {' '.join(_bits(a) for a in A)}", file=out
    )
    print(
        f"Jacobian: {r.n} x {r.n_params} (Khatri–Rao, eq. (3)); exact rank {r.rank}; "
        f"full rank: {_yesno(r.full)}; surjective (rank = n): {_yesno(r.surjective)}",
        file=out,
    )
    print(
        f"  certificate: nonzero {r.rank}x{r.rank} minor on rows {list(r.minor_rows)}, det {_numstr(r.minor_det)}"
        f"; {len(r.left_kernel)} left-kernel vector(s); re-verified: {_yesno(verified)}",
        file=out,
    )
    for k in r.left_kernel[:5]:
        print(f"    αᵀJ = 0 for α = {_vec(k)}", file=out)
    print(
        f"float rank (numpy SVD): {r.float_rank} (σ_min {r.sigma_min:.3g}, σ_max {r.sigma_max:.3g})"
        + ("" if r.float_agrees else "  <-- DISAGREES with the exact rank"),
        file=out,
    )
    print(
        f"Lemma 4: rank with v = 1 is {ones}"
        + (" (equal)" if ones == r.rank else " (different: v has a zero)"),
        file=out,
    )
    if one_d is not None:
        print(
            f"1-D data: rows are step vectors: {_yesno(one_d['step_rows'])}; diverse: "
            f"{_yesno(not one_d['diversity_gaps'])}; complete: {_yesno(not one_d['completeness_gaps'])}",
            file=out,
        )
    return 0


def cmd_interpolate(args, out):
    from exactrelu.landscape.interpolation import global_minima_in_region, interpolate_complete
    from exactrelu.landscape.step_vectors import complete_matrix, completeness_gaps

    X = _load(args)
    bias = not args.no_bias
    y = _labels_for(args, X)
    if args.complete:
        if len(X[0]) != 1 or not bias:
            raise InvalidDataError("--complete builds a complete region for 1-D data with a bias")
        A, v = complete_matrix(X)
    else:
        A = _region(args, X, bias)
        v = _output_v(args, len(A), lambda i: 1 if i % 2 == 0 else -1)
    G = global_minima_in_region(X, A, v, y, bias=bias)
    ok = G.verify()
    construction = None
    one_d = len(X[0]) == 1 and bias and len({r[0] for r in X}) == len(X)
    if one_d and not completeness_gaps(A, v, X):
        construction = interpolate_complete(X, A, v, y)
    if args.json:
        payload = {
            "units": len(A),
            "pattern": [_bits(a) for a in A],
            "v": [_num(x) for x in v],
            "labels": [_num(x) for x in y],
            **G.to_dict(),
            "certificate_verified": ok,
        }
        if construction is not None:
            payload["lemma15"] = construction.to_dict()
        _emit_json(payload, out)
        return 0
    print(f"activation region of {len(A)} unit(s): {' '.join(_bits(a) for a in A)}; v = {_vec(v)}", file=out)
    print(f"labels y = {_vec(y)}", file=out)
    if G.nonempty:
        print(
            f"zero-loss point in the open region: yes (exact; certificate re-verified: {_yesno(ok)})",
            file=out,
        )
        for i, w in enumerate(G.point.W):
            print(f"  unit {i}: (w, b) = {_vec(w)}", file=out)
        print(
            f"global minima in S_A: an open piece of an affine space of dimension {G.dimension} "
            f"= {G.rank.n_params} parameters - rank {G.codimension} (codimension {G.codimension}; "
            f"Theorem 12 predicts n = {len(X)} for complete regions)",
            file=out,
        )
    else:
        print(
            f"zero-loss point in the open region: no — exact Farkas certificate re-verified: {_yesno(ok)}",
            file=out,
        )
    if construction is not None:
        print(
            f"Lemma 15 construction (complete region): fits y exactly in S_A: {_yesno(construction.verify())}"
            + (
                "; a zero step was repaired (the paper's formula would leave S_A)"
                if any(s["repaired"] for s in construction.steps)
                else ""
            ),
            file=out,
        )
    return 0


def _labels_for(args, X):
    y = _numbers(args.labels, "--labels")
    if len(y) != len(X):
        raise InvalidDataError(f"--labels gives {len(y)} labels for {len(X)} data points")
    return y


def _units_v(args):
    """(units, v) from --units / --v: fixed v as in the paper, or free output signs."""
    v = _numbers(args.v, "--v") if args.v is not None else None
    if v is not None and args.units is not None and args.units != len(v):
        raise InvalidDataError(f"--units {args.units} disagrees with the {len(v)} weights of --v")
    return (len(v) if v is not None else (args.units or 1)), v


def _print_network(net, out, indent="  "):
    for j, (w, vj) in enumerate(zip(net.W, net.v)):
        print(f"{indent}unit {j}: v = {_numstr(vj)}, (w, b) = {_vec(w)}", file=out)


def cmd_erm(args, out):
    from exactrelu.training.erm import exact_erm, verify_erm

    X = _load(args)
    y = _labels_for(args, X)
    m, v = _units_v(args)
    r = exact_erm(X, y, units=m, v=v, bias=not args.no_bias, limit=args.limit, progress=_progress(args))
    ok = verify_erm(X, y, r, v=v)
    if args.json:
        _emit_json({**r.to_dict(table=args.table), "certificate_verified": ok}, out)
        return 0 if ok else 1
    print(r.describe(), file=out)
    _print_network(r.network, out)
    print(
        f"certificate (complete chamber list, KKT of all {r.n_regions} regions) re-verified: {_yesno(ok)}",
        file=out,
    )
    if args.table:
        rows = sorted(r.regions, key=lambda s: s.value)
        _table(
            ["v", "patterns", "value (sum)", "mean loss"],
            [
                (
                    _vec(s.v),
                    " ".join(_bits(a) for a in s.patterns),
                    _numstr(s.value),
                    f"{float(s.mean_loss):.6g}",
                )
                for s in rows
            ],
            out,
        )
    return 0 if ok else 1


def cmd_gls(args, out):
    from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex

    X = _load(args)
    y = _labels_for(args, X)
    bias = not args.no_bias
    m, v = _units_v(args)
    start = None
    if args.start is not None:
        start = [_parse_pattern(q.strip(), len(X), 1) for q in args.start.split(",") if q.strip()]
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
        progress=_progress(args),
    )
    others = {}
    if args.compare:
        v_used = r.solution.v
        others["random-vertex"] = random_vertex(X, y, v=v_used, bias=bias, seed=args.seed)
        others["gd"] = gradient_descent(X, y, v=v_used, bias=bias, seed=args.seed, steps=args.gd_steps)
    if args.json:
        payload = r.to_dict()
        if others:
            payload["compare"] = {k: {"value": o.value, "mean_loss": o.mean_loss} for k, o in others.items()}
        _emit_json(payload, out)
        return 0
    _table(
        ["step", "move (unit: flipped points)", "value (sum)", "mean loss", "new solves"],
        [
            (
                s.step,
                "start" if s.move is None else f"{s.move[0]}: {list(s.move[1])}",
                _numstr(s.value),
                f"{float(s.value) / len(X):.6g}",
                s.evaluated,
            )
            for s in r.trace
        ],
        out,
    )
    print(r.describe(), file=out)
    _print_network(r.network, out)
    for k, o in others.items():
        print(
            f"{k} with the same v: mean loss {float(o.mean_loss):.6g} (exact value {_numstr(o.value)})",
            file=out,
        )
    return 0


def cmd_fit_exact(args, out):
    from exactrelu.training.exact_fit import fit_exact

    X = _load(args)
    y = _labels_for(args, X)
    direction = _numbers(args.direction, "--direction") if args.direction is not None else None
    fit = fit_exact(X, y, direction=direction, check_position=not args.no_check_position, limit=args.limit)
    ok = fit.verified
    if args.json:
        _emit_json({**fit.to_dict(), "verified": ok}, out)
        return 0 if ok else 1
    print(fit.describe(), file=out)
    _print_network(fit.network, out)
    print(f"exact fit F(W, X) = y re-verified: {_yesno(ok)}", file=out)
    return 0 if ok else 1


def _set_cover_instance(args):
    import json as _json

    from exactrelu.training.set_cover import SetCover

    if args.instance is None:
        raise InvalidDataError(
            'give a set cover instance: a JSON file {"n": 3, "family": [[1, 2], [2, 3]], "k": 1} '
            "or '-' for standard input"
        )
    try:
        text = sys.stdin.read() if args.instance == "-" else open(args.instance, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read {args.instance!r}: {exc}") from None
    try:
        inst = SetCover.from_dict(_json.loads(text))
    except (ValueError, TypeError) as exc:
        if isinstance(exc, InvalidDataError):
            raise
        raise InvalidDataError(f"{args.instance!r} is not a set cover instance in JSON: {exc}") from None
    return inst.with_budget(args.k) if args.k is not None else inst


def cmd_reduce(args, out):
    from exactrelu.training.reductions import (
        breaking_perturbation,
        perturbed_check,
        set_cover_to_relu,
        set_cover_to_relu_general_position,
        verify_reduction,
        verify_reduction_check,
    )

    inst = _set_cover_instance(args)
    red = (
        set_cover_to_relu(inst)
        if args.variant == "r1"
        else set_cover_to_relu_general_position(inst, seed=args.seed, limit=args.limit)
    )
    payload = {"reduction": red.to_dict()}
    check = pert = None
    if args.verify:
        check = verify_reduction(red, limit=args.limit)
        payload["check"] = check.to_dict()
        payload["check_reverified"] = verify_reduction_check(red, check)
    if args.perturb is not None:
        from exactrelu.exact.parse import to_fraction

        bp = breaking_perturbation(red, delta=to_fraction(args.perturb, where="--perturb"))
        pert = perturbed_check(red, bp, limit=args.limit)
        payload["perturbed"] = pert.to_dict()
    ok = check is None or (check.ok and payload["check_reverified"])
    if args.json:
        _emit_json(payload, out)
        return 0 if ok else 1
    if check is not None:
        print(check.describe(), file=out)
        print(f"certificates re-verified: {_yesno(payload['check_reverified'])}", file=out)
    else:
        print(red.describe(), file=out)
    if pert is not None:
        print(pert.describe(), file=out)
    return 0 if ok else 1


def _convex_data(args):
    """(X, y, beta) for the convex commands: no bias unless --bias (003's setting)."""
    from exactrelu.exact.parse import homogenise, to_fraction

    X = _load(args)
    y = _labels_for(args, X)
    beta = to_fraction(args.beta, where="--beta")
    if beta <= 0:
        raise InvalidDataError(f"--beta must be positive, got {args.beta}")
    return (homogenise(X) if args.bias else X), y, beta


def cmd_convex(args, out):
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

    X, y, beta = _convex_data(args)
    progress = _progress(args)
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
    payload = {
        "kind": patterns.kind,
        "n_patterns": len(patterns),
        "loss": args.loss,
        "beta": str(beta),
        "solver": sol.to_dict(),
    }
    if exact_set is not None:
        payload["sampled_vs_exact"] = ps.compare_patterns(patterns, exact_set)
    ok = True
    bounds = exact = None
    if args.loss == "squared":
        bounds = certify_value(patterns, y, beta, sol)
        ok = verify_value_bounds(patterns, y, beta, bounds)
        payload["bounds"] = bounds.to_dict(patterns)
        exact = exact_optimum(patterns, y, beta, sol)
        if exact is not None:
            ok = ok and verify_exact_optimum(patterns, y, beta, exact)
            payload["exact_optimum"] = {
                "value": str(exact.value),
                "blocks": {block_name(patterns, b): [str(t) for t in w] for b, w in exact.primal.items()},
            }
        payload["certificate_verified"] = ok
        if args.optimal_set:
            from exactrelu.convex.optimal_set import optimal_set

            oset = optimal_set(patterns, y, beta, solution=sol, limit=args.limit)
            payload["optimal_set"] = oset.to_dict()
    active = {b: sol.blocks[b] for b in sol.active()}
    net = psi(
        exact.primal if exact is not None else (bounds.primal if bounds is not None else active),
        patterns,
        check=bounds is not None or exact is not None,
    )
    payload["network"] = net.to_dict()
    if args.json:
        _emit_json(payload, out)
        return 0 if ok else 1
    print(
        f"{len(patterns)} {patterns.kind} of {patterns.n} points in dimension {patterns.d}"
        + (" (bias column appended)" if args.bias else ""),
        file=out,
    )
    if len(patterns) <= 64:
        print("  " + " ".join(patterns.name(i) for i in range(len(patterns))), file=out)
    if exact_set is not None:
        c = payload["sampled_vs_exact"]
        print(
            f"sampling {args.sampled} gates found {c['found']} of the {c['n_exact']} exact dichotomies "
            f"(missed {c['missed']})",
            file=out,
        )
    loss_text = {"squared": "½‖ŷ − y‖²"}.get(args.loss, args.loss)
    print(f"program: min {loss_text} + β Σ‖w_b‖ over the cones, β = {_numstr(beta)}", file=out)
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
            print(f"rational optimum recognised and proved: P* = {_numstr(exact.value)}", file=out)
        print(f"certificate re-verified: {_yesno(ok)}", file=out)
        if args.optimal_set:
            print(oset.describe(), file=out)
    else:
        print("(float result: rigorous bounds are implemented for the squared loss only)", file=out)
    U, alpha = net.to_float()
    print(f"optimal network ψ(W) (Lemma 2): {net.n_nonzero} neuron(s)", file=out)
    for j, (p, sgn) in enumerate(zip(net.products, net.signs)):
        print(
            f"  neuron {j}: product α·u = {sgn:+d}·{_vec(p) if all(t.denominator < 10**6 for t in p) else [round(float(t), 6) for t in p]}"
            f"  u ≈ {[round(float(t), 6) for t in U[j]]}, α ≈ {alpha[j]:.6g}",
            file=out,
        )
    return 0 if ok else 1


def cmd_is_optimal(args, out):
    import json

    from exactrelu.convex.optimality import is_globally_optimal, stationary_gap, verify_optimality_verdict
    from exactrelu.convex.scaled_networks import ScaledNetwork
    from exactrelu.network import ShallowReLU

    try:
        with sys.stdin if args.network == "-" else open(args.network) as fh:
            spec = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InvalidDataError(f"cannot read the network {args.network!r} as JSON: {exc}") from None
    if isinstance(spec, dict) and "network" in spec and isinstance(spec["network"], dict):
        spec = spec["network"]  # the output of `exactrelu convex --json`
    if isinstance(spec, dict) and "products" in spec:
        net = ScaledNetwork.from_dict(spec)
    elif isinstance(spec, dict) and "W" in spec:
        spec = {**spec, "bias": spec.get("bias", False)}
        net = ShallowReLU.from_dict(spec)
    else:
        raise InvalidDataError(
            "the network file must hold {'W': rows, 'v': weights, 'bias': bool} "
            "(a ShallowReLU) or {'products': rows, 'signs': [±1]} (a scaled network)"
        )
    X, y, beta = _convex_data(args)
    if isinstance(net, ShallowReLU) and net.bias and args.bias:
        raise InvalidDataError("the network has a bias and --bias also appends a column: give one of them")
    verdict = is_globally_optimal(net, X, y, beta, limit=args.limit)
    ok = verify_optimality_verdict(net, X, y, beta, verdict)
    payload = {**verdict.to_dict(), "certificate_verified": ok}
    if args.stationary:
        payload["theorem3"] = stationary_gap(net, X, y, beta, limit=args.limit).to_dict()
    if args.json:
        _emit_json(payload, out)
    else:
        print(
            ("GLOBALLY OPTIMAL" if verdict.optimal else "NOT globally optimal") + f": {verdict.reason}",
            file=out,
        )
        obj = verdict.objective
        print(
            "objective L_β(θ) = "
            + (
                f"{_numstr(obj)} ≈ {float(obj):.12g}"
                if not isinstance(obj, tuple)
                else f"in [{float(obj[0]):.12g}, {float(obj[1]):.12g}]"
            ),
            file=out,
        )
        print(
            f"certified lower bound on P*: {float(verdict.lower):.12g}; so L_β(θ) − P* ≤ {float(verdict.gap):.3g}",
            file=out,
        )
        if verdict.certificate.get("kind") == "descent":
            print(
                f"descent certificate: a new neuron along {_vec(verdict.certificate['direction'])} lowers the "
                f"objective by at least {float(verdict.certificate['decrease']):.3g}",
                file=out,
            )
        if args.stationary:
            t3 = payload["theorem3"]
            print(
                f"Theorem 3: subsampled program over the network's {len(t3['subsampled_patterns'])} "
                f"trichotomies; P*_sub − P* in [{t3['gap_interval'][0]:.3g}, {t3['gap_interval'][1]:.3g}]; "
                f"L_β(θ) − P*_sub ≤ {t3['network_excess']:.3g}",
                file=out,
            )
        print(f"certificate re-verified: {_yesno(ok)}", file=out)
    if not ok:
        return 1
    return 0 if verdict.optimal else 1


def cmd_check(args, out):
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
            _emit_json({"checks": [infos[n].to_dict() if n in infos else {"name": n} for n in names]}, out)
        else:
            _table(
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
    instance = None
    if args.data is not None or args.example is not None:
        if args.negative:
            raise InvalidDataError(
                "--negative runs each check's own negative-control instance; "
                "it cannot be combined with --example or DATA"
            )
        instance = [list(r) for r in _load(args)]
    results = proofs_checks.run_all(instance, negative=args.negative, names=args.names or None)

    def refuted(r):  # a counterexample although every hypothesis held: the statement (or the code) is wrong
        return getattr(r, "status", "") == "counterexample" and bool(getattr(r, "hypotheses_hold", False))

    if args.negative:  # every negative control must produce its counterexample
        failed = [n for n, r in results.items() if getattr(r, "status", "") != "counterexample"]
    else:
        failed = [n for n, r in results.items() if refuted(r)]
    if args.json:
        _emit_json(
            {
                "results": {n: r.to_dict() for n, r in results.items()},
                "n_checks": len(results),
                "n_failed": len(failed),
                "failed": failed,
                "negative_controls": args.negative,
            },
            out,
        )
        return 1 if failed else 0
    rows = []
    for name, r in results.items():
        status = getattr(r, "status", type(r).__name__)
        if status == "counterexample":
            status = (
                "COUNTEREXAMPLE (all hypotheses hold)" if refuted(r) else "counterexample (hypothesis fails)"
            )
        rows.append((name, status, str(getattr(r, "summary", ""))[:100]))
    _table(["check", "result", "summary"], rows, out)
    counts = {}
    for r in results.values():
        counts[getattr(r, "status", "?")] = counts.get(getattr(r, "status", "?"), 0) + 1
    tally = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
    what = "negative controls (a counterexample is expected from each)" if args.negative else "checks"
    print(
        f"\n{len(results)} {what}: {tally}; {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}",
        file=out,
    )
    return 1 if failed else 0


def cmd_demo(args, out):
    from exactrelu.datasets import figure1_dataset
    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

    X = figure1_dataset()
    A = HyperplaneArrangement.from_data(X, bias=True)
    Z = Zonotope.from_data(X, bias=True)
    info, chambers = _arrangement_summary(A, args)
    gp, _ = _general_position(X, True)
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
        try:
            from exactrelu.plot.figure1 import figure1

            figure1(args.out, X)
            picture = args.out
        except ImportError as exc:  # matplotlib missing: the counts are still useful
            picture_error = str(exc)
        except OSError as exc:
            raise ExactReluError(
                f"cannot write the picture to {args.out!r}: {exc.strerror or exc}; "
                "choose another path with --out PATH (or --out '' for none)"
            ) from None
    if args.json:
        info["data"] = [list(r) for r in X]
        info["chambers"] = [
            {"pattern": _bits(c.pattern), "signs": list(c.signs), "witness": list(c.witness)}
            for c in chambers
        ]
        info["picture"] = picture
        _emit_json(info, out)
        return 0 if ok else 1
    print("exactrelu demo: Figure 1 of Matena & Raffel (2022), section 3", file=out)
    print(f"data (our reconstruction, 5 points in R^2): {', '.join(_vec(r) for r in X)}", file=out)
    print(file=out)
    _table(
        ["quantity", "value"],
        [
            ("chambers enumerated (activation regions)", len(chambers)),
            ("n_regions = |χ(-1)| (Zaslavsky)", info["n_regions"]),
            ("characteristic polynomial χ(t)", _poly(info["characteristic_polynomial"])),
            ("zonotope vertices", info["n_vertices"]),
            ("zonotope edges", info["zonotope_n_edges"]),
            ("zonotope f-vector", tuple(info["zonotope_f_vector"])),
            ("arrangement face vector (faces of dim 0..3)", tuple(info["face_vector"])),
            ("general position", _yesno(gp)),
            ("all counts agree", _yesno(ok)),
        ],
        out,
    )
    print(file=out)
    print(
        f"the {len(chambers)} activation patterns a_i = [<x̄_i, w> > 0], each with an exact integer witness w:",
        file=out,
    )
    _table(
        ["#", "pattern", "witness w", "active examples"],
        [
            (
                k + 1,
                _bits(c.pattern),
                _vec(c.witness),
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


# ----------------------------------------------------------------------------- parser


def _add_data_options(p, *, data=True):
    if data:
        p.add_argument(
            "data",
            nargs="?",
            default=None,
            help="data file (.csv, .txt, .json, .npy; one point per row) or '-' for standard input",
        )
        p.add_argument(
            "--example",
            "-e",
            metavar="NAME",
            default=None,
            help="use a built-in dataset instead (see: exactrelu demo --list-examples)",
        )
        p.add_argument(
            "--no-bias",
            action="store_true",
            help="no bias unit: hyperplanes <x_i, w> = 0 instead of <(x_i, 1), w> = 0",
        )
        p.add_argument(
            "--strict",
            action="store_true",
            help="refuse binary floating-point input (only exact numbers such as '1/3', '0.1')",
        )
    p.add_argument("--json", action="store_true", help="machine-readable JSON output")
    p.add_argument(
        "--limit",
        type=int,
        metavar="N",
        default=None,
        help="refuse enumerations predicted to exceed N objects "
        "(default: 10**6 or the environment variable EXACTRELU_LIMIT)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on standard error (default: when it is a terminal)",
    )


def _add_convex_options(p):
    p.add_argument(
        "data",
        nargs="?",
        default=None,
        help="data file (.csv, .txt, .json, .npy; one sample per row) or '-' for standard input",
    )
    p.add_argument(
        "--example",
        "-e",
        metavar="NAME",
        default=None,
        help="a built-in dataset instead (e.g. convex_example1 with --labels 1,0,0 --beta 1/10)",
    )
    p.add_argument(
        "--bias", action="store_true", help="append a column of ones (x̄ = (x, 1)); default: no bias"
    )
    p.add_argument("--strict", action="store_true", help="refuse binary floating-point input")
    p.add_argument(
        "--labels",
        "-y",
        required=True,
        metavar="Y",
        help="labels: comma-separated exact numbers or a file with one per row",
    )
    p.add_argument("--beta", "-b", required=True, metavar="B", help="regularisation β > 0 (exact, e.g. 1/10)")
    _add_data_options(p, data=False)


def _add_region_options(p, default_v="all ones"):
    p.add_argument(
        "--pattern",
        "-A",
        metavar="BITS[,BITS...]",
        default=None,
        help="activation matrix: one bit string per unit (one bit per data point, in data order)",
    )
    p.add_argument(
        "--weights",
        "-W",
        metavar="FILE",
        default=None,
        help="or: first-layer weights, one row (w_i, b_i) per unit (bias last); A is their pattern",
    )
    p.add_argument(
        "--random-units",
        type=int,
        metavar="M",
        default=None,
        help="or: the region of M units with random integer weights (see --seed)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for --random-units (default 0)")
    p.add_argument(
        "--v",
        metavar="V",
        default=None,
        help=f"output weights, comma-separated exact numbers (default: {default_v})",
    )


def build_parser():
    """The argparse parser of the ``exactrelu`` command."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Exact combinatorial geometry of shallow ReLU networks: hyperplane arrangements, "
        "zonotopes and activation patterns, with certificates (Matena & Raffel 2022).",
        epilog="Run 'exactrelu demo' for the Figure 1 example. Exit status: 0 ok, 1 a check failed, "
        "2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "arrangement",
        help="chambers, characteristic polynomial and f-vector of the arrangement",
        description="The central arrangement {<x̄_i, w> = 0} in parameter space: its chambers "
        "(activation regions) with integer witnesses, n_regions = |χ(-1)|, f-vector.",
    )
    _add_data_options(p)
    p.set_defaults(func=cmd_arrangement)

    p = sub.add_parser(
        "zonotope",
        help="vertices, edges and f-vector of the dual zonotope",
        description="The zonotope Σ_i [0, x̄_i]: vertices (one per activation pattern), edges, f-vector.",
    )
    _add_data_options(p)
    p.add_argument(
        "--verify",
        action="store_true",
        help="cross-check the vertices by an exact double description (pycddlib, GMP)",
    )
    p.set_defaults(func=cmd_zonotope)

    p = sub.add_parser(
        "patterns",
        help="feasible activation patterns of m ReLU units",
        description="All feasible activation patterns {1[W x̄ > 0]} of m units, or (with "
        "--feasible) an exact certificate for one pattern.",
    )
    _add_data_options(p)
    p.add_argument(
        "--units", "-m", type=int, default=1, metavar="m", help="number of hidden units (default 1)"
    )
    p.add_argument(
        "--feasible",
        metavar="BITS",
        default=None,
        help="certify one pattern instead, e.g. 10110 (m units: comma-separated bit strings)",
    )
    p.set_defaults(func=cmd_patterns)

    p = sub.add_parser(
        "position",
        help="general position test with a dependency certificate",
        description="Affine general position of the points (linear, with --no-bias); "
        "if it fails, an exactly verified dependency.",
    )
    _add_data_options(p)
    p.set_defaults(func=cmd_position)

    p = sub.add_parser(
        "perturb",
        help="exact type changes of X + εΔ and the certified stability radius",
        description="Every ε where the combinatorial type of X + εΔ changes (exact: rational "
        "values or isolating intervals), the activation patterns gained and lost, "
        "faces that split, and the certified stability radius (Matena & Raffel 2022, "
        "section 4.1.1).",
    )
    _add_data_options(p)
    p.add_argument(
        "--direction",
        "-d",
        default="random",
        metavar="FILE|random",
        help="perturbation direction Δ: a data file of the same shape, or 'random' (default)",
    )
    p.add_argument("--eps", default="1", metavar="E", help="end of the path, an exact number (default 1)")
    p.add_argument(
        "--from",
        dest="start",
        default="0",
        metavar="E0",
        help="start of the path (default 0; write --from=-1/2 for a negative value)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the random direction(s) (default 0)")
    p.add_argument(
        "--probe",
        type=int,
        default=0,
        metavar="K",
        help="also probe K random directions: does an arbitrarily small perturbation change the type?",
    )
    p.add_argument("--no-faces", action="store_true", help="skip f-vectors and face splits (faster)")
    p.set_defaults(func=cmd_perturb)

    p = sub.add_parser(
        "jacobian",
        help="exact rank of the Jacobian on an activation region, with certificate",
        description="The Jacobian of F(W, X) = vᵀσ(W x̄) on the activation region S_A "
        "(Khatri–Rao product, Karhadkar et al. eq. (3)): exact rank over Q with a "
        "nonzero minor and left-kernel vectors, the float SVD rank beside it, Lemma 4, "
        "and for 1-D data whether A is diverse / complete.",
    )
    _add_data_options(p)
    _add_region_options(p)
    p.set_defaults(func=cmd_jacobian)

    p = sub.add_parser(
        "interpolate",
        help="exact zero-loss fit inside an activation region (Lemma 15, Thm 12)",
        description="Is there W in the open region S_A with F(W, X) = y? Exact answer with a "
        "certificate (the point, or a Farkas vector), the dimension of the set of "
        "global minima in S_A (Theorem 12), and Lemma 15's construction for complete "
        "regions on 1-D data.",
    )
    _add_data_options(p)
    p.add_argument(
        "--labels",
        "-y",
        required=True,
        metavar="Y",
        help="labels: comma-separated exact numbers (e.g. 1,-2,3/4) or a file with one per row",
    )
    _add_region_options(p, default_v="alternating +1, -1 (as in the paper's experiments)")
    p.add_argument(
        "--complete",
        action="store_true",
        help="1-D data: use the complete region with 2n units (rows ξ^(k+1,1), v = ±1)",
    )
    p.set_defaults(func=cmd_interpolate)

    p = sub.add_parser(
        "erm",
        help="exact global minimum of the squared loss (Algorithm 1, exact ERM)",
        description="Exact ERM over all vertices of Z^m (Matena & Raffel 2022, Algorithm 1): every "
        "region problem solved exactly with KKT certificates; the global minimum, the "
        "optimal network, and the re-verified certificate.",
    )
    _add_data_options(p)
    p.add_argument(
        "--labels",
        "-y",
        required=True,
        metavar="Y",
        help="labels: comma-separated exact numbers (e.g. 1,-2,3/4) or a file with one per row",
    )
    p.add_argument(
        "--units",
        "-m",
        type=int,
        default=None,
        metavar="m",
        help="hidden units with free output weights (default 1; or give --v)",
    )
    p.add_argument(
        "--v",
        metavar="V",
        default=None,
        help="fixed output weights, comma-separated (the paper's setting), e.g. 1,-1",
    )
    p.add_argument("--table", action="store_true", help="also list every region's optimum")
    p.set_defaults(func=cmd_erm)

    p = sub.add_parser(
        "gls",
        help="greedy local search on the 1-skeleton of Z^m (Algorithm 2, mGLS)",
        description="Greedy local search over activation patterns (Matena & Raffel 2022, "
        "Algorithm 2): exact region values, a trace of the moves, and a certified "
        "local minimum; --compare adds the random-vertex method and gradient descent.",
    )
    _add_data_options(p)
    p.add_argument("--labels", "-y", required=True, metavar="Y", help="labels (comma-separated or a file)")
    p.add_argument(
        "--units",
        "-m",
        type=int,
        default=None,
        metavar="m",
        help="hidden units (output signs from a Gaussian draw unless --v is given)",
    )
    p.add_argument("--v", metavar="V", default=None, help="fixed output weights, comma-separated")
    p.add_argument(
        "--variant",
        choices=["gls", "first", "mgls"],
        default="gls",
        help="best improvement (gls, default), first improvement, or mGLS (tight facets first)",
    )
    p.add_argument(
        "--start", metavar="BITS[,BITS...]", default=None, help="starting vertex (default: random)"
    )
    p.add_argument("--max-steps", type=int, default=1000, metavar="T", help="cap on moves (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="seed (start, signs, orders; default 0)")
    p.add_argument("--compare", action="store_true", help="also run random vertex and gradient descent")
    p.add_argument(
        "--gd-steps", type=int, default=2000, metavar="S", help="gradient-descent steps (default 2000)"
    )
    p.set_defaults(func=cmd_gls)

    p = sub.add_parser(
        "fit-exact",
        help="exact fit with 2⌈N/(d+1)⌉ units (Theorem 4.3)",
        description="Theorem 4.3 of Matena & Raffel 2022 (reconstruction of App. F): a network "
        "with 2⌈N/(d+1)⌉ units fitting every label exactly, for data in general "
        "position; exact verification and float conditioning.",
    )
    _add_data_options(p)
    p.add_argument("--labels", "-y", required=True, metavar="Y", help="labels (comma-separated or a file)")
    p.add_argument("--direction", metavar="U", default=None, help="ordering direction u (comma-separated)")
    p.add_argument(
        "--no-check-position",
        action="store_true",
        help="try the construction even when the data are not in general position",
    )
    p.set_defaults(func=cmd_fit_exact)

    p = sub.add_parser(
        "reduce",
        help="set cover -> single ReLU reductions (R1, R1-GP), verified exactly",
        description="Build the reconstructed set cover -> single bias-free ReLU reduction R1 or its "
        "general-position variant R1-GP (spec notes A.4; not Goel et al.'s dataset) "
        "and, with --verify, check it on the instance: exact minimum cover versus exact "
        "global minimum of the loss, with certificates. --perturb D applies the E.2 "
        "perturbation of size D.",
    )
    p.add_argument("problem", choices=["set-cover"], help="the source problem")
    p.add_argument(
        "instance",
        nargs="?",
        default=None,
        help='JSON file {"n": 3, "family": [[1, 2], [2, 3], [1, 3]], "k": 1}, or - for standard input',
    )
    p.add_argument("--variant", choices=["r1", "r1-gp"], default="r1", help="the reduction (default r1)")
    p.add_argument("--k", type=int, default=None, help="override the budget k of the instance")
    p.add_argument("--verify", action="store_true", help="compute both sides exactly and compare")
    p.add_argument(
        "--perturb",
        metavar="DELTA",
        default=None,
        help="also apply the E.2 perturbation of size DELTA (e.g. 1/1000) and solve exactly",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of R1-GP's generic perturbation (default 0)")
    _add_data_options(p, data=False)
    p.set_defaults(func=cmd_reduce)

    p = sub.add_parser(
        "convex",
        help="convex reformulation of weight-decay training, certified (003 eq. (4))",
        description="All activation patterns exactly, the convex program (4) of Wang-Lacotte-Pilanci "
        "2022 (or (12) with --trichotomies, or scnn-style --sampled gates) solved with "
        "cvxpy, rigorous bounds lower <= P* <= upper (squared loss ½‖ŷ−y‖²), the "
        "rational optimum when there is one, and the optimal network ψ(W). No bias "
        "unless --bias.",
    )
    _add_convex_options(p)
    p.add_argument("--trichotomies", action="store_true", help="use every trichotomy (program (12))")
    p.add_argument(
        "--sampled",
        type=int,
        default=None,
        metavar="G",
        help="sample patterns with G Gaussian gates instead (as scnn does); reports what was missed",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of --sampled (default 0)")
    p.add_argument(
        "--loss",
        choices=["squared", "logistic", "hinge"],
        default="squared",
        help="loss (default squared ½‖ŷ−y‖²; only it is certified)",
    )
    p.add_argument("--solver", default="CLARABEL", help="cvxpy solver (default CLARABEL)")
    p.add_argument(
        "--optimal-set",
        action="store_true",
        help="also the whole optimal set (Mishkin-Pilanci): support, uniqueness, m*, min-norm point",
    )
    p.set_defaults(func=cmd_convex)

    p = sub.add_parser(
        "is-optimal",
        help="decide exactly whether a network is a global minimum (003 Prop. 5)",
        description="Exact verdict with certificate: not scaled / mergeable neurons / a descent "
        "direction / KKT violation, or the KKT certificate of optimality; plus a "
        "certified lower bound on P*. Exit status 0 if optimal, 1 if not.",
    )
    p.add_argument(
        "network",
        help="JSON network: {'W','v','bias'} (ShallowReLU) or {'products','signs'}, or "
        "the --json output of 'exactrelu convex'",
    )
    _add_convex_options(p)
    p.add_argument(
        "--stationary",
        action="store_true",
        help="also Theorem 3: the subsampled program of the network's own patterns and its gap",
    )
    p.set_defaults(func=cmd_is_optimal)

    p = sub.add_parser(
        "check",
        help="run the paper-statement checks (proofs_checks)",
        description="Run checks of statements of the papers: Verified / Counterexample / NotApplicable.",
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="checks to run (default: all)")
    p.add_argument("--list", action="store_true", help="list the available checks")
    p.add_argument(
        "--negative",
        action="store_true",
        help="run each check's negative control (a hypothesis dropped: a counterexample is expected)",
    )
    p.add_argument(
        "--data",
        default=None,
        metavar="PATH",
        help="run the checks on this data file ('-' for standard input) instead of their defaults",
    )
    p.add_argument(
        "--example", "-e", metavar="NAME", default=None, help="run the checks on a built-in dataset"
    )
    p.add_argument("--strict", action="store_true", help="refuse binary floating-point input")
    _add_data_options(p, data=False)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "demo",
        help="the Figure 1 example: counts, the 22 patterns, a picture",
        description="Runs on the built-in figure1 dataset (our reconstruction of Figure 1 of "
        "Matena & Raffel 2022): counts, the 22 activation patterns with witnesses, "
        "and a PNG of data | arrangement slice | zonotope.",
    )
    p.add_argument(
        "--out",
        "-o",
        default="exactrelu_demo.png",
        metavar="PATH",
        help="where to write the picture (default exactrelu_demo.png; '' for none)",
    )
    p.add_argument("--list-examples", action="store_true", help="list the built-in datasets and exit")
    _add_data_options(p, data=False)
    p.set_defaults(func=cmd_demo)
    return parser


def _list_examples(out):
    from exactrelu.datasets import describe_dataset, list_datasets

    _table(["name", "description"], [(n, describe_dataset(n)) for n in list_datasets()], out)
    return 0


def main(argv=None):
    """Run the ``exactrelu`` command; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 success, 1 a check failed, 2 bad input or usage.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message (or --help/--version)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    out = sys.stdout
    try:
        if getattr(args, "limit", None) is not None and args.limit < 0:
            raise InvalidDataError(f"--limit must be a non-negative integer, got {args.limit}")
        if getattr(args, "units", None) is not None and args.units < 1:
            raise InvalidDataError(f"--units must be at least 1, got {args.units}")
        if getattr(args, "list_examples", False):
            return _list_examples(out)
        return args.func(args, out)
    except ExactReluError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `exactrelu arrangement big.csv | head`
        import os

        try:  # silence the flush at interpreter exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
