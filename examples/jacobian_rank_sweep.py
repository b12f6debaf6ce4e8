"""Figures 2 and 3: how often a random activation region has a full-rank Jacobian.

Karhadkar, Murray, Tseran & Montúfar 2023, section 7 and Appendix E.1.

Usage::

    python examples/jacobian_rank_sweep.py            # default grid, ~3.5 minutes on 2 cores (208 s)
    python examples/jacobian_rank_sweep.py --quick    # a few seconds
    python examples/jacobian_rank_sweep.py --trials 100 --seed 1 --jobs 2 --out /tmp/fig

For each cell (n, d_0, d_1), ``trials`` datasets X (iid N(0,1), rounded to
the grid 2^-10 Z) and initialisations (W, b iid U[-1/√d_0, 1/√d_0], rounded to
2^-20 Z) give an activation region S_A, and rank J = n is decided *exactly*
(:func:`exactrelu.landscape.full_rank_experiment.full_rank_fraction`); numpy's SVD rank (float64,
or float32 with --float32) is recorded beside it.  The Jacobian includes the bias parameters (d_1 (d_0 + 1)
columns).

Figure 2: d_0 in {1, 2, 3, 5}, n = 10, 20, ..., 60.  Figure 3: d_0 = n/2.
Relative to the paper (n up to 100, 100 trials per cell) the default grid is
trimmed to n <= 60 for Figure 2 (n <= 100 for Figure 3) and 50 trials per
cell; the sampled widths depend on d_0 (d_0 = 1 needs far wider networks than
d_0 >= 2, see the printed transition table).  Output: the tables on stdout; PNGs and JSON in examples/output/.
Progress over the 760 cells (count, rate, ETA) goes to standard error; ``--no-progress`` silences it.
The default grid took 208 s on an idle 2-core machine (429 s with the machine shared by other jobs).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # multithreaded SVD of small matrices is much slower here
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
from exactrelu.landscape.experiments import full_rank_sweep, transition_table  # noqa: E402
from exactrelu.landscape.widths import rank_width, theorem10_width, uniform_width  # noqa: E402


def fig2_widths(n, d0):
    """Default widths per input dimension (wide enough to show the transition for n <= 60, where feasible)."""
    if d0 == 1:
        return list(range(25, 1001, 25))
    if d0 == 2:
        return list(range(4, 81, 4))
    return list(range(2, 41, 2))


def print_heatmap(rows, title):
    ns = sorted({r["n"] for r in rows})
    d1s = sorted({r["d1"] for r in rows})
    cell = {(r["n"], r["d1"]): r for r in rows}
    print(f"\n{title}")
    print(
        "  d1 \\ n "
        + "".join(f"{n:>6}" for n in ns)
        + "    (d0 per n: "
        + ", ".join(str(cell[(n, d1s[0])]["d0"]) for n in ns if (n, d1s[0]) in cell)
        + ")"
    )
    for d1 in reversed(d1s):
        vals = []
        for n in ns:
            r = cell.get((n, d1))
            if r is None:
                vals.append("     .")
            else:
                mark = "*" if r["disagreements"] else " "
                vals.append(f"{r['fraction']:5.2f}{mark}")
        print(f"  {d1:>6} " + "".join(vals))


def print_transition(rows, title, threshold=0.9):
    print(f"\n{title}: smallest sampled d1 with P(rank J = n) >= {threshold}")
    print(
        "  (stable = smallest sampled d1 from which every larger sampled d1 is also >= 90%; the last two"
        " columns, d0 = 1 only, are for *uniformly* random regions, not the initialisation measure)"
    )
    print(
        f"  {'n':>4} {'d0':>4} {'d1@90%':>7} {'stable':>7} {'n/d0':>7} {'n/(d0+1)':>9} {'d0*d1@90%':>10}"
        f" {'Thm10 2n log(n/.1)':>19} {'uniform-diverse 90%':>20}"
    )
    for t in sorted(transition_table(rows, threshold), key=lambda t: (t["d0"], t["n"])):
        n, d0, w, ws = t["n"], t["d0"], t["d1_at_threshold"], t["d1_stable"]
        top = ">" + str(max(r["d1"] for r in rows if r["n"] == n and r["d0"] == d0))
        prod = f"{d0 * w:>10}" if w is not None else f"{'-':>10}"
        extra = (
            f" {theorem10_width(n, 0.1):>19.1f} {uniform_width(n, threshold, 'diverse'):>20}"
            if d0 == 1
            else ""
        )
        print(
            f"  {n:>4} {d0:>4} {w if w is not None else top:>7} {ws if ws is not None else top:>7}"
            f" {n / d0:>7.1f} {n / (d0 + 1):>9.1f} {prod}{extra}"
        )


def summary(rows, name):
    trials = sum(r["trials"] for r in rows)
    dis = sum(r["disagreements"] for r in rows)
    neg = [r for r in rows if r["d1"] * (r["d0"] + int(r["bias"])) < r["n"]]
    print(
        f"\n{name}: {len(rows)} cells, {trials} exact ranks; float SVD rank != exact rank in {dis} trials;"
        f" float full-rank count != exact in {sum(r['exact_full'] != r['float_full'] for r in rows)} cells;"
        f" negative control d1(d0+1) < n: {len(neg)} cells,"
        f" all fraction 0: {all(r['fraction'] == 0 for r in neg)};"
        f" redrawn datasets (ties on the 2^-10 grid): {sum(r['resampled_data'] for r in rows)},"
        f" redrawn units (pre-activation exactly 0): {sum(r['resampled_units'] for r in rows)}"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny grid (a few seconds)")
    ap.add_argument("--trials", type=int, default=None, help="trials per cell (default 50, quick 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--out", default=os.path.join(HERE, "output"), help="directory for PNGs and JSON")
    ap.add_argument("--no-bias", action="store_true", help="units without bias (Theorem 5's setting)")
    ap.add_argument(
        "--fig3-rule", choices=["n/2", "n"], default="n/2", help="d0 as a function of n in Figure 3"
    )
    ap.add_argument(
        "--float32",
        action="store_true",
        help="compare with the float32 SVD rank (PyTorch's default precision) instead of float64",
    )
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress over the cells on standard error (default: on; a tqdm bar on a terminal, "
        "a line every few seconds otherwise)",
    )
    args = ap.parse_args(argv)
    trials = args.trials or (5 if args.quick else 50)
    bias = not args.no_bias
    os.makedirs(args.out, exist_ok=True)
    if args.quick:
        ns, d0s = [6, 12], [1, 2]
        ns3 = ns
        widths2 = lambda n, d0: [1, 2, 4, 8, 16, 32] if d0 > 1 else [2, 8, 32, 128]  # noqa: E731
        widths3 = [1, 2, 4, 8]
    else:
        ns, d0s = list(range(10, 61, 10)), [1, 2, 3, 5]
        ns3 = list(range(10, 101, 10))  # Figure 3 is cheap: the paper's range n <= 100
        widths2 = fig2_widths
        widths3 = list(range(1, 17))
    common = dict(
        trials=trials,
        seed=args.seed,
        bias=bias,
        jobs=args.jobs,
        progress=args.progress,
        float_dtype="float32" if args.float32 else "float64",
    )

    t0 = time.perf_counter()
    fig2 = full_rank_sweep(ns, widths2, d0s, **common)
    t2 = time.perf_counter() - t0
    for d0 in d0s:
        print_heatmap(
            [r for r in fig2 if r["d0"] == d0],
            f"Figure 2, d0 = {d0}: exact P(rank J = n) "
            f"({trials} trials per cell; * = some float SVD rank differed)",
        )
    print_transition(fig2, "Figure 2")
    summary(fig2, "Figure 2")
    print(f"Figure 2 wall time: {t2:.1f} s ({args.jobs} jobs)")

    t0 = time.perf_counter()
    fig3 = full_rank_sweep(ns3, widths3, d0_of_n=args.fig3_rule, **common)
    t3 = time.perf_counter() - t0
    print_heatmap(fig3, f"Figure 3, d0 = {args.fig3_rule}: exact P(rank J = n) ({trials} trials per cell)")
    print_transition(fig3, f"Figure 3 (d0 = {args.fig3_rule})")
    summary(fig3, "Figure 3")
    print(f"Figure 3 wall time: {t3:.1f} s ({args.jobs} jobs)")
    if bias:
        print(
            "\nParameter count: rank n needs d1 >= ceil(n/(d0+1)), e.g. "
            + ", ".join(f"n={n}, d0={d0}: {rank_width(n, d0)}" for n in ns[-1:] for d0 in d0s)
        )

    tag = "_quick" if args.quick else ""
    write_json(fig2, os.path.join(args.out, f"jacobian_rank_fig2{tag}.json"))
    write_json(fig3, os.path.join(args.out, f"jacobian_rank_fig3{tag}.json"))
    if not args.no_plot:
        from exactrelu.plot.experiments import plot_full_rank

        p2 = os.path.join(args.out, f"jacobian_rank_fig2{tag}.png")
        p3 = os.path.join(args.out, f"jacobian_rank_fig3{tag}.png")
        plot_full_rank(fig2, p2, title="Figure 2: P(Jacobian of full rank n), exact, input dimension fixed")
        plot_full_rank(
            fig3, p3, title=f"Figure 3: P(Jacobian of full rank n), exact, $d_0 = {args.fig3_rule}$"
        )
        print(f"\nwrote {p2}\nwrote {p3}")


if __name__ == "__main__":
    main()
