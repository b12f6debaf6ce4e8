"""The optimal loss jumps when degenerate data are perturbed (Matena & Raffel 2022, section 4.1.1).

Usage::

    python examples/discontinuity.py [--out DIR] [--json] [--no-progress]

For every built-in example of :func:`exactrelu.training.discontinuity.discontinuity_examples`
the global minimum L* of the squared loss (sum of squared residuals) is computed
exactly for the data X and for X + εΔ, ε = 1/10, 1/100, 1/1000, with the optimal
activation patterns, those whose *open* region holds a minimiser, whether these
are new vertices of the zonotope (mechanism (b)) or old ones whose region problem
jumps (mechanism (a)).  Every number is an exact rational, certified by KKT
multipliers (:mod:`exactrelu.training.region`).

One PNG per example, ``discontinuity_<name>.png``: the zonotopes before and after
(gained vertices ringed green, lost ones red, the optimal open region starred,
non-parallelepiped faces shaded), the moved data and L*(X + εΔ) against ε.  The
zonotopes are drawn at a *display* ε chosen exactly so that the labelled type is
the one of every small ε (no critical value of the path lies in (0, display ε]):
the picture is the type of X + εΔ for all ε → 0+, only easier to read.
"""

import argparse
import os
import sys
import time
from fractions import Fraction

from exactrelu.exact import jsonio
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry.perturbation import type_changes
from exactrelu.plot import plot_type_change
from exactrelu.training.discontinuity import discontinuity_examples

DISPLAY_CANDIDATES = (Fraction(1, 2), Fraction(1, 4), Fraction(1, 10), Fraction(1, 100))


def _split(key, v):
    """(output weights or None, per-unit patterns) of an optimal-table key."""
    return key if v is None else (None, key)


def key_str(key, v):
    """'0100' for one unit with fixed v; 'v=+1: 010' with free output signs; units joined by '|'."""
    vv, pats = _split(key, v)
    body = "|".join(pattern_string(p) for p in pats)
    if vv is None:
        return body
    signs = ",".join(("+" if Fraction(x) > 0 else "-") + str(abs(Fraction(x))) for x in vv)
    return f"v=({signs}): {body}"


def display_epsilon(ex, smallest):
    """The largest candidate ε with the same labelled type as X + εΔ for all small ε > 0 (exact).

    The type is constant between consecutive critical values of the path
    (:func:`exactrelu.geometry.perturbation.type_changes`), so any ε below the first
    positive critical value will do.
    """
    pa = type_changes(ex.X, ex.Delta, (0, 1), bias=ex.bias, faces=False)
    positive = [c for c in pa.changes if c.epsilon != 0]
    first = min((c.interval[0] for c in positive), default=None)
    for e in DISPLAY_CANDIDATES:
        if first is None or e < first:
            return e, first
    return smallest, first  # pragma: no cover - the built-in examples never get here


def run_example(name, ex, out_dir):
    t0 = time.perf_counter()
    r = ex.demonstrate()
    smallest = min(e for e, _ in r.after)
    disp, first_critical = display_epsilon(ex, smallest)
    optimal_patterns = sorted({p for k in r.open_optimal for p in _split(k, ex.v)[1]})
    png = os.path.join(out_dir, f"discontinuity_{name}.png")
    mech = {
        "a": "(a) old vertex, its region problem jumps",
        "b": "(b) new vertex from a broken face",
        "mixed": "mixed",
        "none": "no jump",
    }[r.mechanism]
    plot_type_change(
        ex.X,
        ex.Delta,
        disp,
        bias=ex.bias,
        path=png,
        highlight_optimal=optimal_patterns,
        loss_jump=r,
        suptitle=(
            f"{name}: $L^*(X) = {r.before.value}$ but $L^*(X + \\varepsilon\\Delta) = "
            f"{r.after[-1][1].value}$ for small $\\varepsilon$ — mechanism {mech} "
            f"(Matena & Raffel 2022, sec. 4.1.1)\n"
            f"zonotopes drawn at $\\varepsilon = {disp}$ (same labelled type as for every "
            f"$0 < \\varepsilon$ below the first critical value"
            + (f" {first_critical}" if first_critical is not None else ": none in (0, 1]")
            + "); ★ = optimal region with a minimiser in its open interior"
        ),
    )
    seconds = time.perf_counter() - t0
    new = [key_str(k, ex.v) for k in r.new_vertices]
    return {
        "name": name,
        "bias": ex.bias,
        "v": None if ex.v is None else list(ex.v),
        "mechanism_expected": ex.expected or None,
        "mechanism_computed": r.mechanism,
        "L_before": r.before.value,
        "L_after": [[e, g.value] for e, g in r.after],
        "optimal_before": [key_str(k, ex.v) for k in r.optimal_before],
        "optimal_after": [key_str(k, ex.v) for k in r.optimal_after],
        "open_optimal_after": [key_str(k, ex.v) for k in r.open_optimal],
        "new_vertices": new,
        "jump": r.jump,
        "zonotope_vertices": list(r.type_report.n_chambers),
        "gained": [pattern_string(p) for p in r.type_report.gained],
        "lost": [pattern_string(p) for p in r.type_report.lost],
        "display_epsilon": disp,
        "first_positive_critical_epsilon": first_critical,
        "png": png,
        "seconds": round(seconds, 3),
        "source": ex.source,
        "description": ex.description,
    }


def print_table(rows):
    head = ["name", "mech exp/comp", "L* before", "L* after (ε = …)", "open-optimal after", "new", "jump"]
    body = []
    for r in rows:
        body.append(
            [
                r["name"],
                f"{r['mechanism_expected'] or '-'}/{r['mechanism_computed']}",
                str(r["L_before"]),
                ", ".join(f"{v} ({e})" for e, v in r["L_after"]),
                " ".join(r["open_optimal_after"]),
                " ".join(r["new_vertices"]) or "-",
                str(r["jump"]),
            ]
        )
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*head))
    print("  ".join("-" * w for w in widths))
    for b in body:
        print(fmt.format(*b))
    print()
    for r in rows:
        print(
            f"{r['name']}: zonotope {r['zonotope_vertices'][0]} → {r['zonotope_vertices'][1]} vertices, "
            f"gained {r['gained']}, lost {r['lost']}; optimal before {r['optimal_before']}; "
            f"drawn at ε = {r['display_epsilon']}; {r['png']} ({r['seconds']:.2f} s)"
        )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join("examples", "output"), help="output directory for the PNGs")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    examples = discontinuity_examples()
    rows = []
    with progress_bar(args.progress, len(examples), "discontinuity examples", unit="example") as bar:
        for name, ex in examples.items():
            rows.append(run_example(name, ex, args.out))
            bar.update()
    total = time.perf_counter() - t0
    if args.json:
        print(jsonio.dumps({"examples": rows, "seconds": round(total, 3)}, indent=2, ensure_ascii=False))
    else:
        print_table(rows)
        print(f"total {total:.1f} s")
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
