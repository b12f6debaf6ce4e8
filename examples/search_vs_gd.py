"""Figures 2 and 3 of Matena & Raffel 2022, small scale: gradient descent vs exact vertex search.

Usage::

    python examples/search_vs_gd.py            # default, ~2 minutes on 2 cores
    python examples/search_vs_gd.py --quick    # ~15 seconds
    python examples/search_vs_gd.py --trials 20 --seed 1 --jobs 2 --out /tmp/fig

Synthetic teacher data (section 4.2; the paper's Appendix H could not be retrieved,
so the details are our reconstruction: docs/reconstructions.md, 'Matena & Raffel 2022,
Appendix H: experiments'): for an input dimension d and a
teacher width m_gen, N = (d+1)·m_gen points x_i ~ N(0, I_d) and a teacher
network with m_gen units (first layer and output weights standard Gaussian)
give the labels y_i = teacher(x_i).  The draws are rounded to the grid 2^-10 Z,
so X, the teacher and y are exact rationals (the labels are computed exactly).
A student has m = round(factor · m_gen) units (at least 1) and a fixed second
layer v = (+1, −1, +1, ...) (the paper's setting; |v_j| = 1 loses nothing).

In every trial all methods see the same data, the same v and the same initial
vertex: the activation pattern of Gaussian first-layer weights W0
(:func:`exactrelu.training.search.random_pattern`), which is also gradient descent's
initialisation.  Methods (every final loss is evaluated exactly):

* ``gd`` — full-batch gradient descent on W from W0 (``--gd-steps`` steps, default
  20000), run with the step sizes {1/2, 1, 2} × the library default
  1/(m λ_max(X̄ᵀX̄/N)); the best final *exact* loss is kept (a training-loss
  tuned baseline: with a smaller step GD is often far from converged, and
  4 × diverges or kills units in some trials).
* ``gd_region`` — the exact optimum of problem (3) on GD's *final* activation
  region: separates the combinatorial part (which vertex GD ends in) from the
  slow convergence inside the region.
* ``rv1`` / ``rv8`` — the random-vertex method of section 4.2: solve (3) exactly
  on the initial vertex (rv1 is GD's starting region), or the best of 8 vertices.
* ``gls`` / ``mgls`` — greedy local search on the 1-skeleton of Z^m (Algorithm 2)
  and its first-improvement, tight-facets-first variant mGLS (our reconstruction of
  Appendix G: docs/reconstructions.md, 'Matena & Raffel 2022, Appendix G: GLS and mGLS'),
  from the initial vertex, until a certified local minimum.
* ``erm`` — the exact global minimum (Algorithm 1), only where it is cheap (m = 1).

Figure 2: GD vs random vertex, factors {0.5, 1, 2, 4, 8}, on (d, m_gen) = (4, 4)
and (2, 3) (the paper: d = m_gen = 8).  Figure 3: GD vs GLS / mGLS on
(d, m_gen) = (4, 2) (the paper's synthetic panel) with factors {0.5, 1, 1.5, 2}
and on (2, 4) with factors {0.25, ..., 2}, which has more underparameterised
widths.  Output: tables on stdout; search_vs_gd_fig2.png, search_vs_gd_fig3.png,
search_trace.png and search_vs_gd.json in examples/output/ (``_quick`` suffix
with --quick).  Results are deterministic for a given --seed (the timings are not).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # multithreaded BLAS on tiny matrices is much slower here
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:  # run from a checkout: use this tree's exactrelu, not another installed copy
    sys.path.insert(0, REPO)

import numpy as np  # noqa: E402

from exactrelu.exact.errors import SizeLimitError  # noqa: E402
from exactrelu.exact.jsonio import write_json  # noqa: E402
from exactrelu.exact.progress import progress_bar  # noqa: E402
from exactrelu.network import ShallowReLU  # noqa: E402
from exactrelu.training.erm import exact_erm  # noqa: E402
from exactrelu.training.region import solve_region  # noqa: E402
from exactrelu.training.search import (  # noqa: E402
    gradient_descent,
    greedy_local_search,
    random_pattern,
    random_vertex,
)

GRID = 1024
LR_SCALES = (0.5, 1, 2)

# figure -> list of (d, m_gen, factors, trials); methods per figure
CONFIG = {
    "default": {
        "fig2": [(4, 4, (0.5, 1, 2, 4, 8), 10), (2, 3, (0.5, 1, 2, 4, 8), 10)],
        "fig3": [(4, 2, (0.5, 1, 1.5, 2), 10), (2, 4, (0.25, 0.5, 0.75, 1, 1.5, 2), 10)],
        "gd_steps": 20000,
    },
    "quick": {
        "fig2": [(2, 3, (0.5, 1, 2, 4, 8), 5)],
        "fig3": [(4, 2, (0.5, 1, 1.5, 2), 5)],
        "gd_steps": 4000,
    },
}
METHODS = {
    "fig2": ("gd", "gd_region", "rv1", "rv8"),
    "fig3": ("gd", "gd_region", "gls", "mgls", "erm"),
}
TRACE = ("fig3", 4, 2, 1, 0)  # figure, d, m_gen, factor, trial of the trace picture


# ----------------------------------------------------------------------------
# data and one trial
# ----------------------------------------------------------------------------


def units_for(factor, m_gen):
    """m = factor · m_gen rounded half up, at least 1."""
    return max(1, math.floor(Fraction(factor) * m_gen + Fraction(1, 2)))


def student_v(m):
    """Fixed second layer (+1, −1, +1, ...): balanced signs, as in the pairs of Theorem 4.3."""
    return tuple(1 if j % 2 == 0 else -1 for j in range(m))


def _grid(a, grid):
    return [[Fraction(round(float(z) * grid), grid) for z in row] for row in np.atleast_2d(a)]


def make_data(d, m_gen, trial, *, seed=0, grid=GRID):
    """Teacher data of section 4.2: N = (d+1) m_gen Gaussian points, labels of a Gaussian teacher, exact.

    Returns dict X (N × d Fractions), y (N Fractions, computed exactly from the
    teacher), teacher (ShallowReLU with m_gen units).  Depends only on
    (seed, d, m_gen, trial), so every width of a trial sees the same data.
    """
    rng = np.random.default_rng([seed, d, m_gen, trial, 0])
    n = (d + 1) * m_gen
    X = _grid(rng.standard_normal((n, d)), grid)
    W = _grid(rng.standard_normal((m_gen, d + 1)), grid)
    a = _grid(rng.standard_normal((1, m_gen)), grid)[0]
    teacher = ShallowReLU(W, a)
    return {"X": X, "y": list(teacher(X)), "teacher": teacher}


def method_seed(seed, d, m_gen, trial, m):
    return int(np.random.SeedSequence([seed, d, m_gen, trial, m, 1]).generate_state(1)[0])


def _flips(net, X, patterns):
    return sum(a != b for p, q in zip(net.activation_pattern(X), patterns) for a, b in zip(p, q))


def _stalled(losses):
    """GD has (numerically) stopped improving: the last recorded loss > 0.999 × the one 10 records earlier."""
    if len(losses) < 11:
        return None
    return bool(losses[-1] > 0.999 * losses[-11])


def run_trial(
    d,
    m_gen,
    factor,
    trial,
    methods,
    *,
    seed=0,
    grid=GRID,
    gd_steps=20000,
    lr_scales=LR_SCALES,
    gls_max_steps=1000,
    erm_limit=5000,
    keep=False,
):
    """All methods on one (data, v, initial vertex); one row per method, every loss exact.

    Parameters
    ----------
    d, m_gen, factor, trial : the cell and the trial index (seeds the data).
    methods : iterable of "gd", "gd_region", "rvK" (best of K random vertices), "gls", "first", "mgls", "erm".
    seed : base seed.
    gd_steps, lr_scales : GD budget and step sizes (multiples of the library default); the best exact
        final loss over the step sizes is kept.
    erm_limit : exact ERM is run only when it needs at most this many region problems.
    keep : also return the result objects (for traces).

    Returns
    -------
    dict with ``rows`` (list of dicts with d, m_gen, N, factor, m, trial, method, value, mean_loss
    (Fractions), seconds and method-specific fields) and, with ``keep``, ``results`` {method: result}.
    """
    data = make_data(d, m_gen, trial, seed=seed, grid=grid)
    X, y = data["X"], data["y"]
    n = len(X)
    m = units_for(factor, m_gen)
    v = student_v(m)
    s = method_seed(seed, d, m_gen, trial, m)
    start, W0 = random_pattern(X, m, seed=s)  # the vertex random_vertex / GLS with seed s start from
    W0f = [[float(c) for c in row] for row in W0]
    base = {"d": d, "m_gen": m_gen, "N": n, "factor": factor, "m": m, "trial": trial}
    rows, results = [], {}
    methods = list(methods)
    if "gd_region" in methods and "gd" not in methods:
        methods.insert(0, "gd")

    def add(method, res, seconds, **extra):
        row = dict(
            base,
            method=method,
            value=res.value,
            mean_loss=res.value / n,
            mean_loss_float=float(res.value / n),
            seconds=round(seconds, 4),
        )
        row.update(extra)
        rows.append(row)
        results[method] = res

    for meth in methods:
        t0 = time.perf_counter()
        if meth == "gd":
            lr0 = gradient_descent(X, y, v=v, steps=0, W0=W0f).lr
            runs, best = [], None
            for scale in lr_scales:
                g = gradient_descent(
                    X, y, v=v, steps=gd_steps, lr=lr0 * scale, W0=W0f, record_every=max(1, gd_steps // 100)
                )
                if g.diverged:
                    runs.append({"lr_scale": scale, "diverged": True})
                    continue
                runs.append(
                    {
                        "lr_scale": scale,
                        "lr": g.lr,
                        "mean_loss": float(g.mean_loss),
                        "stalled": _stalled(g.float_losses),
                    }
                )
                if best is None or g.value < best[0].value:
                    best = (g, scale)
            if best is None:
                raise RuntimeError(
                    f"gradient descent diverged for every step size (d={d}, m={m}, trial={trial})"
                )
            g, scale = best
            add(
                "gd",
                g,
                time.perf_counter() - t0,
                lr=g.lr,
                lr_scale=scale,
                steps=gd_steps,
                float_loss=g.float_losses[-1],
                stalled=_stalled(g.float_losses),
                pattern_flips=_flips(g.network, X, start),
                runs=runs,
            )
        elif meth == "gd_region":
            net = results["gd"].network
            sol = solve_region(X, y, net.activation_pattern(X), v)
            add("gd_region", sol, time.perf_counter() - t0)
        elif meth.startswith("rv"):
            k = int(meth[2:])
            r = random_vertex(X, y, v=v, samples=k, seed=s)
            add(meth, r, time.perf_counter() - t0, samples=k, n_solved=r.n_solved)
        elif meth in ("gls", "first", "mgls"):
            r = greedy_local_search(X, y, v=v, variant=meth, seed=s, max_steps=gls_max_steps)
            add(
                meth,
                r,
                time.perf_counter() - t0,
                steps=len(r.trace) - 1,
                n_solved=r.n_solved,
                local_minimum=r.local_minimum,
                start_mean_loss=r.trace[0].value / n,
            )
        elif meth == "erm":
            try:
                e = exact_erm(X, y, v=v, limit=erm_limit)
            except SizeLimitError:
                continue
            add("erm", e, time.perf_counter() - t0)
        else:
            raise ValueError(f"unknown method {meth!r}")
    if "erm" in results:  # sanity: nothing beats the certified global minimum
        low = results["erm"].value
        bad = [r["method"] for r in rows if r["value"] < low]
        if bad:
            raise AssertionError(f"{bad} below the exact ERM value (d={d}, m={m}, trial={trial})")
    out = {"rows": rows}
    if keep:
        out["results"] = results
        out["start"] = start
    return out


def _task(args):
    fig, d, m_gen, factor, trial, kw = args
    t0 = time.perf_counter()
    out = run_trial(d, m_gen, factor, trial, METHODS[fig], **kw)
    for r in out["rows"]:
        r["figure"] = fig
    return (fig, d, m_gen, factor, trial), out["rows"], time.perf_counter() - t0


# ----------------------------------------------------------------------------
# tables
# ----------------------------------------------------------------------------


def _fmt(q):
    return "0" if q == 0 else f"{float(q):.3g}"


REL_TIE, ABS_TIE = Fraction(1, 100), Fraction(1, 10**6)


def compare(rows, method, other, factor):
    """(better, tied, worse): trials at ``factor`` where ``method``'s mean loss beats ``other``'s."""
    pairs = {}
    for r in rows:
        if r["factor"] == factor and r["method"] in (method, other):
            pairs.setdefault(r["trial"], {})[r["method"]] = r["mean_loss"]
    b = e = wo = 0
    for p in pairs.values():
        if len(p) < 2:
            continue
        a, c = p[method], p[other]
        if abs(a - c) <= max(REL_TIE * max(a, c), ABS_TIE):
            e += 1
        elif a < c:
            b += 1
        else:
            wo += 1
    return b, e, wo


def print_tables(rows, fig, settings):
    from exactrelu.plot.search import method_label, summarize

    for d, m_gen, factors, trials in settings:
        sub = [r for r in rows if r["figure"] == fig and r["d"] == d and r["m_gen"] == m_gen]
        summ = {(s["method"], s["factor"]): s for s in summarize(sub, by=("method", "factor"))}
        methods = [mm for mm in METHODS[fig] if any(r["method"] == mm for r in sub)]
        w = 17
        print(
            f"\n{fig}: d = {d}, m_gen = {m_gen}, N = {(d + 1) * m_gen}, {trials} trials -- median mean "
            f"training loss (exact; [k] = k trials exactly 0)"
        )
        print(f"  {'factor':<28}" + "".join(f"{f:>{w}g}" for f in factors))
        print(f"  {'m':<28}" + "".join(f"{units_for(f, m_gen):>{w}}" for f in factors))
        for meth in methods:
            cells = []
            for f in factors:
                s = summ.get((meth, f))
                if s is None:
                    cells.append(f"{'-':>{w}}")
                else:
                    z = f"[{s['zeros']}]" if s["zeros"] else ""
                    cells.append(f"{_fmt(s['median']) + z:>{w}}")
            print(f"  {method_label(meth)[:28]:<28}" + "".join(cells))
        # paired comparisons with GD (same data, v and initial vertex)
        others = [mm for mm in methods if mm not in ("gd", "erm")]
        print(
            "  paired with GD: trials better / tied / worse "
            f"(tied: |difference| <= {float(100 * REL_TIE):g}% of the larger loss or <= {float(ABS_TIE):g})"
        )
        for meth in others:
            cells = []
            for f in factors:
                b, e, wo = compare(sub, meth, "gd", f)
                cells.append(f"{f'{b}/{e}/{wo}':>{w}}")
            print(f"  {'  ' + method_label(meth)[:26]:<28}" + "".join(cells))
        if "erm" in methods:
            cells = []
            for f in factors:
                hits = [r for r in sub if r["factor"] == f and r["method"] == "erm"]
                if not hits:
                    cells.append(f"{'-':>{w}}")
                    continue
                erm = {r["trial"]: r["value"] for r in hits}
                tag = []
                for meth in ("gls", "mgls", "gd"):
                    k = sum(
                        1
                        for r in sub
                        if r["factor"] == f and r["method"] == meth and r["value"] == erm.get(r["trial"])
                    )
                    tag.append(str(k))
                cells.append(f"{'/'.join(tag):>{w}}")
            print(f"  {'at the exact ERM: gls/mgls/gd':<28}" + "".join(cells))
        # work and time
        print(
            "  work: median [GLS moves | region solves | seconds]; GD: trials choosing step scale "
            + "/".join(map(str, LR_SCALES))
            + ", s = stalled runs, f = median (unit, point) pattern flips from W0"
        )
        for meth in methods:
            cells = []
            for f in factors:
                rs = [r for r in sub if r["factor"] == f and r["method"] == meth]
                if not rs:
                    cells.append(f"{'-':>{w}}")
                    continue
                sec = float(np.median([r["seconds"] for r in rs]))
                if meth in ("gls", "mgls", "first"):
                    st = np.median([r["steps"] for r in rs])
                    ns = np.median([r["n_solved"] for r in rs])
                    cells.append(f"{f'{st:.0f}|{ns:.0f}|{sec:.2g}s':>{w}}")
                elif meth == "gd":
                    sc = "/".join(str(sum(1 for r in rs if r["lr_scale"] == k)) for k in LR_SCALES)
                    stl = sum(1 for r in rs if r["stalled"])
                    fl = np.median([r["pattern_flips"] for r in rs])
                    cells.append(f"{f'{sc} s{stl} f{fl:.0f}':>{w}}")
                else:
                    cells.append(f"{f'{sec:.2g}s':>{w}}")
            print(f"  {'  ' + method_label(meth)[:26]:<28}" + "".join(cells))


# ----------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small grid, 5 trials (~15 s)")
    ap.add_argument("--trials", type=int, default=None, help="trials per cell (default 10, quick 5)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--gd-steps", type=int, default=None, help="GD iterations (default 20000, quick 4000)")
    ap.add_argument("--out", default=os.path.join(HERE, "output"), help="directory for the PNGs and JSON")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    cfg = CONFIG["quick" if args.quick else "default"]
    if args.trials:
        cfg = dict(
            cfg, **{f: [(d, mg, fs, args.trials) for d, mg, fs, _ in cfg[f]] for f in ("fig2", "fig3")}
        )
    gd_steps = args.gd_steps or cfg["gd_steps"]
    kw = {"seed": args.seed, "gd_steps": gd_steps}
    os.makedirs(args.out, exist_ok=True)

    tasks = [
        (fig, d, m_gen, f, t, kw)
        for fig in ("fig2", "fig3")
        for d, m_gen, fs, trials in cfg[fig]
        for f in fs
        for t in range(trials)
    ]
    tasks.sort(key=lambda a: -units_for(a[3], a[2]) * (a[1] + 1) * a[2])  # big cells first
    t0 = time.perf_counter()
    done = []
    with progress_bar(args.progress, len(tasks), "trials", unit="trial") as bar:
        if args.jobs > 1:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                for item in pool.map(_task, tasks):
                    done.append(item)
                    bar.update()
        else:
            for a in tasks:
                done.append(_task(a))
                bar.update()
    wall = time.perf_counter() - t0
    done.sort(key=lambda x: x[0])
    order = {m: k for k, m in enumerate(METHODS["fig2"] + METHODS["fig3"])}
    rows = [r for _, rs, _ in done for r in sorted(rs, key=lambda r: order.get(r["method"], 99))]
    cpu = sum(sec for _, _, sec in done)

    for fig in ("fig2", "fig3"):
        print_tables(rows, fig, cfg[fig])

    # trace picture: GLS variants and GD on one Figure-3 trial
    _, d, m_gen, f, trial = TRACE
    t1 = time.perf_counter()
    tr = run_trial(d, m_gen, f, trial, ("gd", "gls", "first", "mgls"), keep=True, **kw)
    t_trace = time.perf_counter() - t1
    res = tr["results"]
    print(f"\ntrace (d = {d}, m_gen = {m_gen}, m = {units_for(f, m_gen)}, trial {trial}): mean loss per move")
    for meth in ("gls", "first", "mgls"):
        r = res[meth]
        print(
            f"  {meth:>5}: {len(r.trace) - 1} moves, {r.n_solved} region solves, "
            f"{'local minimum' if r.local_minimum else 'step cap'}: "
            + " -> ".join(_fmt(s.value / ((d + 1) * m_gen)) for s in r.trace)
        )
    g = res["gd"]
    print(f"     gd: exact final mean loss {_fmt(g.mean_loss)} (step scale {tr['rows'][0]['lr_scale']})")

    total = len(tasks)
    print(
        f"\n{total} trials; wall {wall:.1f} s with {args.jobs} job(s) (sum over trials {cpu:.1f} s); "
        f"trace {t_trace:.1f} s"
    )
    by_method = {}
    for r in rows:
        by_method[r["method"]] = by_method.get(r["method"], 0.0) + r["seconds"]
    print("  seconds per method (all trials): " + ", ".join(f"{k} {v:.1f}" for k, v in by_method.items()))

    from exactrelu.plot.search import summarize

    tag = "_quick" if args.quick else ""
    payload = {
        "config": {
            "seed": args.seed,
            "grid": GRID,
            "gd_steps": gd_steps,
            "lr_scales": list(LR_SCALES),
            "v": "(+1, -1, +1, ...)",
            "methods": {k: list(v) for k, v in METHODS.items()},
            "settings": {
                f: [{"d": d, "m_gen": mg, "factors": list(fs), "trials": t} for d, mg, fs, t in cfg[f]]
                for f in ("fig2", "fig3")
            },
            "jobs": args.jobs,
        },
        "wall_seconds": round(wall, 2),
        "summary": {
            fig: [
                dict(
                    s,
                    d=d,
                    m_gen=mg,
                    median_float=float(s["median"]),
                    q25_float=float(s["q25"]),
                    q75_float=float(s["q75"]),
                )
                for d, mg, _, _ in cfg[fig]
                for s in summarize(
                    [r for r in rows if r["figure"] == fig and r["d"] == d and r["m_gen"] == mg],
                    by=("method", "factor"),
                )
            ]
            for fig in ("fig2", "fig3")
        },
        "rows": rows,
        "trace": {
            "d": d,
            "m_gen": m_gen,
            "factor": f,
            "trial": trial,
            "results": {k: v.to_dict() for k, v in res.items()},
        },
    }
    path = os.path.join(args.out, f"search_vs_gd{tag}.json")
    write_json(payload, path)
    print(f"\nwrote {path}")
    if not args.no_plot:
        from exactrelu.plot.search import plot_method_comparison, plot_trace

        p2 = os.path.join(args.out, f"search_vs_gd_fig2{tag}.png")
        plot_method_comparison(
            [r for r in rows if r["figure"] == "fig2"],
            p2,
            methods=METHODS["fig2"],
            title="Figure 2 (small scale): gradient descent vs the random-vertex method",
        )
        p3 = os.path.join(args.out, f"search_vs_gd_fig3{tag}.png")
        plot_method_comparison(
            [r for r in rows if r["figure"] == "fig3"],
            p3,
            methods=METHODS["fig3"],
            title="Figure 3 (small scale): gradient descent vs greedy local search",
        )
        pt = os.path.join(args.out, f"search_trace{tag}.png")
        plot_trace(
            {"gls": res["gls"], "first": res["first"], "mgls": res["mgls"], "gd": res["gd"]},
            pt,
            title=f"one trial: d = {d}, $m_{{gen}}$ = {m_gen}, m = {units_for(f, m_gen)} "
            f"(all start from the same vertex)",
        )
        print(f"wrote {p2}\nwrote {p3}\nwrote {pt}")


if __name__ == "__main__":
    main()
