"""Where along a straight path X + εΔ does the zonotope change type?  (Matena & Raffel 2022, sec. 4.1.1)

Usage::

    python examples/perturbation_path.py [--out DIR] [--json] [--no-progress]

1. The hexagon path: X = [[-1, 0], [0, -1], [1, 0], [0, 2]], Δ moves x_2 by (0, 1),
   ε ∈ [0, 2].  At ε = 1 the points x_1, x_2, x_3 are collinear: the only change
   of type, where a hexagonal 2-face (three generators in a plane) appears; it is
   tiled by 3 parallelograms just before and just after, and two vertices are
   exchanged for two others.  PNG ``perturbation_path_hexagon.png``: the
   zonotopes at ε = 0, 1, 2 from one viewing direction.
2. The Figure 1 dataset (general position) moved along a seeded random integer
   direction, ε ∈ [0, 1]: the critical values are roots of quadratic minors,
   irrational here, located exactly by isolating intervals with rational ends.
   PNG ``perturbation_path_figure1.png``: the zonotopes at short decimals ε
   just before and just after the first critical value (both certified to lie
   in the neighbouring open intervals), vertices lost and gained ringed.
3. Certified stability radius (a perturbation of every point by less than it
   keeps the labelled type) against the smallest displacement at which the type
   changes along 20 random directions: for the Figure 1 data the radius is
   positive and below every such displacement; for degenerate data (the hexagon
   path at ε = 1) the radius is 0 and the type changes at ε = 0+ along almost
   every direction.

Every critical value, pattern and radius is exact; floats appear only in printed
approximations and in the pictures.
"""

import argparse
import math
import os
import random
import sys
import time
from fractions import Fraction

from exactrelu.datasets import figure1_dataset
from exactrelu.exact import jsonio
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry.perturbation import perturbed, type_changes
from exactrelu.geometry.probes import probe_stability, random_direction
from exactrelu.plot import plot_type_change, plot_zonotope_path

HEXAGON_X = [[-1, 0], [0, -1], [1, 0], [0, 2]]
HEXAGON_DELTA = [[0, 0], [0, 1], [0, 0], [0, 0]]
FIGURE1_SEED = 1  # random.Random(1), entries in [-3, 3]: three irrational critical values in [0, 1]


def hexagon_path(out_dir):
    pa = type_changes(HEXAGON_X, HEXAGON_DELTA, (0, 2))
    png = os.path.join(out_dir, "perturbation_path_hexagon.png")
    n0, n1, n2 = pa.changes[0].n_chambers
    plot_zonotope_path(
        HEXAGON_X,
        HEXAGON_DELTA,
        [0, 1, 2],
        path=png,
        titles=[
            f"before: $\\varepsilon = 0$, {n0} vertices",
            f"at $\\varepsilon = 1$: $x_1, x_2, x_3$ collinear, {n1} vertices",
            f"after: $\\varepsilon = 2$, {n2} vertices",
        ],
        suptitle="$X + \\varepsilon\\Delta$ with $X$ = [[-1, 0], [0, -1], [1, 0], [0, 2]], "
        "$\\Delta$ moving $x_2$ by (0, 1): the hexagonal 2-face at $\\varepsilon = 1$ is tiled by "
        "3 parallelograms on either side\n(Matena & Raffel 2022, sec. 4.1.1); labels are activation "
        "patterns, example 1 first; "
        "ringed: vertices that vanish at $\\varepsilon = 1$ (red) / appear after it (green)",
    )
    return pa, png


def _near(c, nxt, prev):
    """Short decimals just below and above the critical value c (exact: inside the gaps to its neighbours)."""
    for digits in range(2, 12):
        q = 10**digits
        lo = Fraction(math.floor(c.interval[0] * q), q)
        hi = Fraction(math.ceil(c.interval[1] * q), q)
        if (
            lo < c.interval[0]
            and hi > c.interval[1]
            and (prev is None or lo > prev)
            and (nxt is None or hi < nxt)
        ):
            return lo, hi
    return c.before, c.after  # pragma: no cover - the simplest rationals of the gaps always work


def poly_tex(coeffs, var="\\varepsilon"):
    """LaTeX of an integer polynomial given by ascending coefficients, e.g. 6ε² + 2ε − 3."""
    terms = []
    for k in range(len(coeffs) - 1, -1, -1):
        a = coeffs[k]
        if not a:
            continue
        mag = abs(a)
        body = (
            (str(mag) if mag != 1 or k == 0 else "") + (var if k >= 1 else "") + (f"^{k}" if k >= 2 else "")
        )
        terms.append(("-" if a < 0 else "+", body))
    if not terms:
        return "0"
    first = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    return first + "".join(f" {s} {b}" for s, b in terms[1:])


def figure1_path(out_dir):
    X = figure1_dataset()
    rng = random.Random(FIGURE1_SEED)  # entries in [-3, 3]
    Delta = [[int(x) for x in row] for row in random_direction(rng, len(X), len(X[0]), 3)]
    pa = type_changes(X, Delta, (0, 1))
    png = None
    if pa.changes:
        c = pa.changes[0]
        nxt = pa.changes[1].interval[0] if len(pa.changes) > 1 else None
        lo, hi = _near(c, nxt, None)
        png = os.path.join(out_dir, "perturbation_path_figure1.png")
        plot_type_change(
            perturbed(X, Delta, lo),
            Delta,
            hi - lo,
            path=png,
            titles=[
                f"just before: $\\varepsilon = {lo}$, {c.n_chambers[0]} vertices",
                f"just after: $\\varepsilon = {hi}$, {c.n_chambers[2]} vertices",
                f"data: $X + \\varepsilon\\Delta$, $\\varepsilon$: {lo} $\\to$ {hi}",
            ],
            suptitle="Figure 1 data along a random integer direction (seed %d): the first critical value is "
            "the irrational $\\varepsilon^* \\approx %.6f$, the root of $%s$ in [%s, %s],\n"
            "where $x_%d, x_%d, x_%d$ pass through a line: the same number of vertices on both sides, "
            "but two activation patterns are exchanged for two others"
            % (
                (FIGURE1_SEED, float(sum(c.interval) / 2), poly_tex(c.polynomial), lo, hi)
                + tuple(i + 1 for i in c.vanishing_subsets[0])
            ),
        )
    return X, Delta, pa, png


def probes(trials=20, bar=None):
    out = {}
    degenerate = [list(r) for r in perturbed(HEXAGON_X, HEXAGON_DELTA, 1)]
    for name, X in (
        ("figure1", figure1_dataset()),
        ("hexagon at ε = 1 (x_1, x_2, x_3 collinear)", degenerate),
    ):
        out[name] = (X, probe_stability(X, trials=trials, seed=0))
        if bar is not None:
            bar.update()
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join("examples", "output"), help="output directory for the PNGs")
    ap.add_argument("--json", action="store_true", help="print JSON instead of text")
    ap.add_argument("--trials", type=int, default=20, help="random directions per dataset for the probes")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    # four steps: the hexagon path, the Figure 1 path, the probes of two datasets
    with progress_bar(args.progress, 4, "perturbation paths and probes", unit="step") as bar:
        hex_pa, hex_png = hexagon_path(args.out)
        bar.update()
        t1 = time.perf_counter()
        X1, D1, f1_pa, f1_png = figure1_path(args.out)
        bar.update()
        t2 = time.perf_counter()
        pr = probes(args.trials, bar)
        t3 = time.perf_counter()
    pngs = [p for p in (hex_png, f1_png) if p]
    result = {
        "hexagon": {"X": HEXAGON_X, "Delta": HEXAGON_DELTA, "path": hex_pa.to_dict(), "png": hex_png},
        "figure1": {
            "X": X1,
            "Delta": D1,
            "seed": FIGURE1_SEED,
            "path": f1_pa.to_dict(),
            "png": f1_png,
            "irrational_critical_values": sum(c.epsilon is None for c in f1_pa.changes),
        },
        "probes": {
            name: {
                "X": X,
                "certified_radius": p.radius.radius,
                "certified_radius_float": float(p.radius.radius),
                "min_first_change_displacement": p.min_displacement,
                "immediate": p.immediate,
                "trials": p.trials,
                "consistent": p.consistent,
            }
            for name, (X, p) in pr.items()
        },
        "pngs": pngs,
        "seconds": {"hexagon": round(t1 - t0, 3), "figure1": round(t2 - t1, 3), "probes": round(t3 - t2, 3)},
    }
    if args.json:
        print(jsonio.dumps(result, indent=2, ensure_ascii=False))
        return result
    print("1. hexagon path X =", HEXAGON_X, " Δ =", HEXAGON_DELTA)
    print(hex_pa.describe())
    print()
    print(f"2. figure1 {X1} along the random direction (seed {FIGURE1_SEED}) Δ = {D1}")
    print(f1_pa.describe())
    print(
        "   chambers on the open intervals between critical values:",
        ", ".join(f"{n} (at ε = {e})" for e, n in f1_pa.samples),
    )
    print()
    print(
        f"3. certified stability radius vs. the smallest displacement max_i ε‖Δ_i‖ at which the type changes "
        f"along {args.trials} random directions"
    )
    for name, (_X, p) in pr.items():
        print(
            f"   {name}: certified radius {p.radius.radius} (≈ {float(p.radius.radius):.6g}); smallest "
            f"first-change displacement ≈ {p.min_displacement:.6g}; changes at ε = 0+ along "
            f"{p.immediate}/{p.trials} directions; radius below every displacement (exact): {p.consistent}"
        )
    print()
    for c in hex_pa.changes:
        print(
            f"hexagon path at ε = {c.epsilon}: lost {[pattern_string(q) for q in c.lost]}, "
            f"gained {[pattern_string(q) for q in c.gained]}"
        )
    print("wrote", ", ".join(pngs))
    print(f"times: hexagon {t1 - t0:.2f} s, figure1 {t2 - t1:.2f} s, probes {t3 - t2:.2f} s")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
