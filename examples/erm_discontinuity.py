"""The optimal loss L*(X + εΔ) by exact ERM, with m = 1 and 2 units (Matena & Raffel 2022, section 4.1.1).

Usage::

    python examples/erm_discontinuity.py [--out DIR] [--units 1 2] [--no-progress]

For each degenerate dataset of :func:`exactrelu.training.discontinuity.discontinuity_examples`
and one dataset in general position (Figure 1 with a generic direction), the
global minimum of the squared loss is computed by exact ERM (Algorithm 1,
:func:`exactrelu.training.erm.exact_erm`, free output signs), and its certificate is
re-checked by :func:`exactrelu.training.erm.verify_erm`, at ε = 0 and ε = 10^-1 … 10^-4.

Theorem 4.1 predicts continuity at general position: L*(X + εΔ) → L*(X).  The
degenerate datasets show the jump: L*(X + εΔ) is constant for small ε > 0 and
differs from L*(X).  With a second unit some of the jumps disappear (the extra
unit fits what the degeneracy blocked), which the table shows exactly.

Writes ``erm_discontinuity.png`` and ``erm_discontinuity.json`` to ``--out``
(default ``examples/output``).
"""

import argparse
import os
import sys
import time
from fractions import Fraction
from itertools import pairwise

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from exactrelu.exact.jsonio import write_json
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry.perturbation import perturbed
from exactrelu.training.discontinuity import discontinuity_examples
from exactrelu.training.erm import exact_erm, verify_erm

EPS = (Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000), Fraction(1, 10000))

FIGURE1 = (
    [(0, 0), (3, 1), (1, 3), (4, 4), (2, 5)],
    (1, 0, 2, 1, 3),
    [(1, -2), (0, 1), (2, 1), (-1, 0), (1, 1)],
)


def datasets():
    out = {name: (ex.X, ex.y, ex.Delta, ex.bias) for name, ex in discontinuity_examples().items()}
    out["figure1 (general position)"] = (*FIGURE1, True)
    return out


def curve(X, y, Delta, bias, m):
    rows = []
    for e in (Fraction(0),) + EPS:
        Xe = X if e == 0 else perturbed(X, Delta, e)
        r = exact_erm(Xe, y, units=m, bias=bias)
        if not verify_erm(Xe, y, r):
            raise SystemExit(f"certificate failed at ε = {e}")
        rows.append(
            {
                "eps": e,
                "value": r.value,
                "n_regions": r.n_regions,
                "patterns": [pattern_string(a) for a in r.solution.patterns],
            }
        )
    return rows


def _verdict(rows):
    """'jump' when the gap |L*(ε) − L*(0)| is the same nonzero number at the two smallest ε; 'continuous'
    when it is 0 there or shrinks at every step; '?' otherwise (exact comparisons)."""
    gaps = [abs(r["value"] - rows[0]["value"]) for r in rows[1:]]
    if gaps[-1] == gaps[-2] != 0:
        return "jump"
    if gaps[-1] == 0 or all(a > b for a, b in pairwise(gaps)):
        return "continuous"
    return "?"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "output"))
    ap.add_argument("--units", type=int, nargs="+", default=[1, 2])
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    results = {}
    print(
        f"{'dataset':28s} {'m':>2s}  {'L*(X)':>8s}  "
        + "  ".join(f"{'ε=' + str(e):>10s}" for e in EPS)
        + "  verdict"
    )
    data = datasets()
    with progress_bar(args.progress, len(data) * len(args.units), "exact ERM curves", unit="curve") as bar:
        for name, (X, y, Delta, bias) in data.items():
            for m in args.units:
                rows = curve(X, y, Delta, bias, m)
                bar.update()
                jump = _verdict(rows)
                results[f"{name} | m={m}"] = {"rows": rows, "jump": jump}
                print(
                    f"{name:28s} {m:2d}  {rows[0]['value']!s:>8s}  "
                    + "  ".join(f"{float(r['value']):10.4g}" for r in rows[1:])
                    + f"  {jump}"
                )
    print(f"every value exact, every ERM certificate re-verified; {time.perf_counter() - t0:.1f} s")
    write_json(
        {k: {"verdict": v["jump"], "rows": v["rows"]} for k, v in results.items()},
        os.path.join(args.out, "erm_discontinuity.json"),
    )
    _plot(results, os.path.join(args.out, "erm_discontinuity.png"))
    print(f"wrote {args.out}/erm_discontinuity.png and .json")


def _plot(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    for k, v in results.items():
        xs = [float(r["eps"]) for r in v["rows"][1:]]
        ys = [float(r["value"]) for r in v["rows"][1:]]
        (line,) = ax.plot(xs, ys, marker="o", label=f"{k} ({v['jump']})")
        ax.scatter([min(xs) / 10], [float(v["rows"][0]["value"])], marker="*", s=120, color=line.get_color())
    ax.set_xscale("log")
    ax.set_xlabel("ε (stars: the unperturbed L*(X), drawn left of the smallest ε)")
    ax.set_ylabel("L*(X + εΔ)  (sum of squares, exact)")
    ax.set_title("Optimal loss by exact ERM: jumps at degenerate data, continuity at general position")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


if __name__ == "__main__":
    main()
