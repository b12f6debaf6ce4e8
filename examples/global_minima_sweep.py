"""Figure 6: how often a random activation region contains a zero-loss global minimum.

Karhadkar, Murray, Tseran & Montúfar 2023, section 7 and Appendix E.2.

Usage::

    python examples/global_minima_sweep.py            # default grid, ~2 minutes on 2 cores
    python examples/global_minima_sweep.py --quick    # a few seconds
    python examples/global_minima_sweep.py --trials 140 --labels random --jobs 2 --out /tmp/fig

Appendix E.2 with d_0 = 1: X uniform on [-1, 1] (grid 2^-10), labels random /
degree-2 polynomial / teacher network, a He-uniform student with output weights
1, -1, 1, ... gives the region S_A, and
:func:`exactrelu.landscape.interpolation.interpolate_in_region` decides *exactly* whether
some W in the open region fits y with zero loss (an exact W, or a Farkas vector
proving there is none; every certificate is re-checked).  The script also
records whether (A, v) is *complete* (Lemma 15: complete ⇒ a zero-loss point
exists for every y) and compares with Theorem 12's line d_1 = 4n log(2n/ε),
ε = 0.1, and with the exact fraction of complete regions under the theorem's
counting measure (all (2n)^{d_1} non-empty regions equally likely).

Relative to the paper (140 regions per cell; its d_1 grid is not stated in the
text) the default is 60 regions per cell on n = 2..8 and 12 widths between 2 and
168 (≈ the Theorem 12 line at n = 8).  Output: tables on stdout; PNG and JSON in
examples/output/.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # multithreaded BLAS on tiny matrices is much slower here
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:  # run from a checkout: use this tree's exactrelu, not another installed copy
    sys.path.insert(0, REPO)

# the package is imported after the sys.path line above, hence E402
from exactrelu.exact.jsonio import write_json  # noqa: E402
from exactrelu.landscape.experiments import global_minimum_sweep, transition_table  # noqa: E402
from exactrelu.landscape.global_minimum_experiment import LABEL_TYPES  # noqa: E402
from exactrelu.landscape.widths import theorem12_units, theorem12_width, uniform_width  # noqa: E402

WIDTHS = [2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 168]


def print_heatmap(rows, label, value="fraction", what="feasible"):
    ns = sorted({r["n"] for r in rows})
    d1s = sorted({r["d1"] for r in rows})
    cell = {(r["n"], r["d1"]): r for r in rows}
    print(
        f"\n{label} labels: % of sampled regions {what} ({rows[0]['trials']} per cell; "
        f"'|' marks the first d1 above Theorem 12's line 4n log(20n))"
    )
    print("  d1 \\ n " + "".join(f"{n:>6}" for n in ns))
    for d1 in reversed(d1s):
        vals = []
        for n in ns:
            r = cell.get((n, d1))
            line = theorem12_width(n, 0.1)
            above = d1 >= line and not any(line <= w < d1 for w in d1s)
            vals.append("     ." if r is None else f"{100 * r[value]:5.0f}{'|' if above else ' '}")
        print(f"  {d1:>6} " + "".join(vals))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny grid (a few seconds)")
    ap.add_argument("--trials", type=int, default=None, help="regions per cell (default 60, quick 6)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--out", default=os.path.join(HERE, "output"), help="directory for the PNG and JSON")
    ap.add_argument("--labels", nargs="+", choices=LABEL_TYPES, default=list(LABEL_TYPES))
    ap.add_argument(
        "--regions",
        choices=["init", "uniform"],
        default="init",
        help="'init': regions of the He-uniform student (paper); 'uniform': uniformly random "
        "non-empty regions (Theorem 12's counting measure)",
    )
    ap.add_argument(
        "--fixed-data",
        action="store_true",
        help="one dataset per (n, d1) as in Figure 6's caption (default: a new one per trial, as in E.2)",
    )
    ap.add_argument("--verify", type=int, default=1, help="re-check every k-th certificate (0 = never)")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress over the cells on standard error (default: on; a tqdm bar on a terminal, "
        "a line every few seconds otherwise)",
    )
    args = ap.parse_args(argv)
    trials = args.trials or (6 if args.quick else 60)
    os.makedirs(args.out, exist_ok=True)
    ns = [2, 3, 4] if args.quick else list(range(2, 9))
    widths = [2, 8, 24] if args.quick else WIDTHS

    t0 = time.perf_counter()
    rows = global_minimum_sweep(
        ns,
        widths,
        args.labels,
        trials=trials,
        seed=args.seed,
        jobs=args.jobs,
        progress=args.progress,
        regions=args.regions,
        fixed_data=args.fixed_data,
        verify=args.verify,
    )
    wall = time.perf_counter() - t0

    for lab in args.labels:
        print_heatmap([r for r in rows if r["labels"] == lab], lab)
    for lab in args.labels[:1]:
        print_heatmap(
            [r for r in rows if r["labels"] == lab], lab, "complete_fraction", "with (A, v) complete"
        )

    print(
        "\nTransition (smallest sampled d1 with >= 90% feasible; 'stable' = from there on all >= 90%)"
        " vs Theorem 12 (ε = 0.1):"
    )
    print(
        f"  {'labels':>10} {'n':>3} {'d1@90%':>7} {'stable':>7} {'4n log(2n/ε)':>13} {'per sign':>9}"
        f" {'uniform: 90% complete':>22} {'init: max % complete':>21}"
    )
    for lab in args.labels:
        sub = [r for r in rows if r["labels"] == lab]
        for t in sorted(transition_table(sub, 0.9, by=("n",)), key=lambda t: t["n"]):
            n = t["n"]
            top = ">" + str(max(widths))
            w, ws = t["d1_at_threshold"], t["d1_stable"]
            comp = max(100 * r["complete_fraction"] for r in sub if r["n"] == n)
            print(
                f"  {lab:>10} {n:>3} {w if w is not None else top:>7} {ws if ws is not None else top:>7}"
                f" {theorem12_width(n, 0.1):>13.1f} {theorem12_units(n, 0.1):>9.1f}"
                f" {uniform_width(n, 0.9, 'complete'):>22} {comp:>20.0f}%"
            )

    total = sum(r["trials"] for r in rows)
    feas = sum(r["feasible"] for r in rows)
    comp = sum(r["complete"] for r in rows)
    fns = sum(r["feasible_not_surjective"] for r in rows)
    surj = sum(r["surjective"] for r in rows)
    print(
        f"\n{len(rows)} cells, {total} regions: {feas} with a zero-loss point, {comp} complete; "
        f"complete but infeasible (Lemma 15 says 0): {sum(r['complete_infeasible'] for r in rows)}; "
        f"feasible but not complete: {sum(r['feasible_incomplete'] for r in rows)}; "
        f"feasible with rank J < n: {fns}; rank J = n but infeasible: {surj - (feas - fns)}; "
        f"certificates re-checked: {sum(r['verified'] for r in rows)} (all valid)"
    )
    methods, msec = {}, {}
    for r in rows:
        for k, c in r["methods"].items():
            methods[k] = methods.get(k, 0) + c
            msec[k] = msec.get(k, 0.0) + r["method_seconds"][k]
    lp_keys = (
        "calls",
        "trivial",
        "float_witness",
        "float_certificate",
        "cdd",
        "cdd_fallback",
        "time_float",
        "time_cdd",
    )
    lp = {k: sum(r["lp"].get(k, 0) for r in rows) for k in lp_keys}
    reasons = {}
    for r in rows:
        for k, c in r["lp"].get("fallback_reasons", {}).items():
            reasons[k] = reasons.get(k, 0) + c
    solve = sum(r["seconds_solve"] for r in rows)
    ver = sum(r["seconds_verify"] for r in rows)
    print(
        f"time in interpolate_in_region: {solve:.1f} s (all workers), in .verify(): {ver:.1f} s;"
        f" wall {wall:.1f} s ({args.jobs} jobs)"
    )
    print(
        "  by final route (count, seconds, ms/call): "
        + "; ".join(
            f"{k}: {methods[k]}, {msec[k]:.1f} s, {1e3 * msec[k] / methods[k]:.1f} ms"
            for k in sorted(methods, key=lambda k: -msec[k])
        )
    )
    print(
        f"  cone_feasibility: {lp['calls']} calls (trivial {lp['trivial']},"
        f" float witness {lp['float_witness']}, float certificate {lp['float_certificate']},"
        f" cdd {lp['cdd']} of which {lp['cdd_fallback']} after a failed float route: {reasons});"
        f" {lp['time_float']:.2f} s in the float route, {lp['time_cdd']:.2f} s in cdd"
    )

    tag = "_quick" if args.quick else ""
    write_json(rows, os.path.join(args.out, f"global_minima_fig6{tag}.json"))
    if not args.no_plot:
        from exactrelu.plot.experiments import plot_global_minima

        path = os.path.join(args.out, f"global_minima_fig6{tag}.png")
        plot_global_minima(rows, path, title="Figure 6: regions with a zero-loss global minimum (exact)")
        print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
