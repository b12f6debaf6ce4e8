"""Per-region cost of exact ERM and GLS: float proposal + exact certification against cvxpy alone.

Issue: "Exact ERM on N=8, d=2, m=2 and GLS on N=30, d=2, m=3: report time per region
solve (float proposal + exact certification) against solving the same regions with
cvxpy alone; target: certification adds less than 2x over the float solve."

Prints, for the same regions:

* ``exact``     — ``RegionSolver.solve`` with a warm cone cache (as inside ERM and GLS:
  scipy NNLS proposal, exact Lawson–Hanson, exact KKT multipliers, independent verifier);
* ``exact cold`` — the public ``solve_region`` (parsing + cddlib double description of
  every unit cone + the above), one region at a time;
* ``float nnls`` — only the float part of our method: scipy NNLS on the cached float
  ray images (value ‖A x − y‖², no certificate);
* ``cvxpy fresh`` — ``float_region.float_solve_region`` (a new cvxpy problem per region,
  cvxpy's default solver);
* ``cvxpy DPP`` — one DPP-parameterised cvxpy problem per (N, m, d) (parameters: the
  masked data v_j A_j ⊙ X̄ and the signed data (2A_j − 1) ⊙ X̄ of every unit), re-solved
  with new parameter values, default solver and Clarabel.

Per-region times are the minimum over ``--repeat`` passes (over ``--repeat-cvxpy`` for
the cvxpy columns), the tables show their median; ratios are ratios of medians.  Float
values are checked against the certified exact optimum: ``below`` counts regions whose
float value is below the exact optimum by more than 1e-9 relative (a float solver
error, since the exact value is certified).

Data: points on the grid k/100 (k in [-100, 100], distinct), labels k/100 at random
(``--labels random``) or the exact outputs of a random ReLU teacher with weights k/10
(``--labels teacher``), all Fractions, fixed seeds.

Run:  python benchmarks/bench_erm.py [--quick] [--json FILE]

``--pruning`` runs only the branch-and-bound section (issue 18, target 5): exact ERM with
certified pruning (``exact_erm(..., prune=True)``) against the full search on the instance of
the issue's "m=2 on 12 points, 17,424 region problems" (grid points, seed 0, random labels,
v = (1, -1)), side by side in one process, with the fraction of region problems solved
exactly, the pruned certificates by kind and ``verify_erm`` time; then the largest N that
finishes within ``--budget`` seconds (default 60) for m=2 (v = (1, -1)) and m=3
(v = (1, -1, 1)), the paper's fixed-v setting, and m=2 with free signs.

Run:  python benchmarks/bench_erm.py --pruning [--budget 60] [--json FILE]
"""

import argparse
import json
import platform
import random
import statistics
import time
import warnings
from collections import defaultdict
from fractions import Fraction

import numpy as np

import exactrelu.training.region as rp
import exactrelu.training.search as search
from exactrelu.exact.parse import exact_labels, exact_points
from exactrelu.network import ShallowReLU
from exactrelu.training.erm import exact_erm
from exactrelu.training.float_region import float_solve_region
from exactrelu.training.region import RegionSolver, solve_region

REL_TOL = 1e-9


# ----------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------


def grid_points(rng, n, d):
    pts = set()
    while len(pts) < n:
        pts.add(tuple(rng.randint(-100, 100) for _ in range(d)))
    return [[Fraction(k, 100) for k in p] for p in sorted(pts, key=lambda p: rng.random())]


def labels(rng, X, kind, units):
    if kind == "random":
        return [Fraction(rng.randint(-100, 100), 100) for _ in X]
    d = len(X[0])
    W = [[Fraction(rng.randint(-10, 10), 10) for _ in range(d + 1)] for _ in range(units)]
    v = [Fraction(rng.choice((-1, 1))) for _ in range(units)]
    return list(ShallowReLU(W, v, bias=True).output(X))


# ----------------------------------------------------------------------------
# solvers on one region
# ----------------------------------------------------------------------------


class DPP:
    """One parameterised cvxpy problem for every region of fixed (N, m, D)."""

    def __init__(self, Xf, yf, m):
        import cvxpy as cp

        self.cp, self.Xf, self.m = cp, Xf, m
        n, dim = Xf.shape
        self.M = [cp.Parameter((n, dim)) for _ in range(m)]
        self.S = [cp.Parameter((n, dim)) for _ in range(m)]
        W = [cp.Variable(dim) for _ in range(m)]
        fit = sum(self.M[j] @ W[j] for j in range(m))
        self.prob = cp.Problem(
            cp.Minimize(cp.sum_squares(fit - yf)), [self.S[j] @ W[j] >= 0 for j in range(m)]
        )
        assert self.prob.is_dpp()

    def __call__(self, patterns, v, solver=None):
        for j in range(self.m):
            a = np.array(patterns[j], dtype=float)
            self.M[j].value = (float(v[j]) * a)[:, None] * self.Xf
            self.S[j].value = (2 * a - 1)[:, None] * self.Xf
        self.prob.solve(solver=solver)
        if self.prob.status not in ("optimal", "optimal_inaccurate"):
            raise RuntimeError(f"DPP cvxpy status {self.prob.status}")
        return float(self.prob.value)

    def solver_name(self):
        return self.prob.solver_stats.solver_name


def float_nnls(solver, yf, patterns, v):
    """The float part of our method alone: scipy NNLS on the cached float ray images."""
    from scipy.optimize import nnls

    A = np.hstack([solver.cone(a).float_images * float(vj) for a, vj in zip(patterns, v)])
    if A.shape[1] == 0:
        return float(yf @ yf)
    _, rnorm = nnls(A, yf)
    return float(rnorm) ** 2


def per_region_times(fn, items, repeat, failures=None):
    """min over ``repeat`` passes of the time of fn(item), per item; and the values of the last pass.

    With a ``failures`` list, an exception of fn is recorded there as (item index, message)
    and the value is None (the time still counts: the solver spent it).
    """
    best = [float("inf")] * len(items)
    values = [None] * len(items)
    for rep in range(repeat):
        for k, item in enumerate(items):
            t = time.perf_counter()
            try:
                values[k] = fn(item)
            except Exception as exc:
                if failures is None:
                    raise
                values[k] = None
                if rep == 0:
                    failures.append((k, f"{type(exc).__name__}: {exc}"))
            dt = time.perf_counter() - t
            if dt < best[k]:
                best[k] = dt
    return best, values


def value_check(float_values, exact_values):
    """(max |f − e| / e, number of regions with f < e by more than REL_TOL relative)."""
    worst, below = 0.0, 0
    for f, e in zip(float_values, exact_values):
        if f is None:
            continue
        e = float(e)
        rel = abs(f - e) / e if e > 0 else abs(f)
        worst = max(worst, rel)
        below += (e - f) > REL_TOL * max(e, 1e-300)
    return worst, below


# ----------------------------------------------------------------------------
# where the exact time goes
# ----------------------------------------------------------------------------

# the functions RegionSolver.solve calls through exactrelu.training.region's module namespace (float_support
# and lawson_hanson are imported there from exactrelu.exact.nnls); wrapping them there times each part
_PARTS = ("_fit_cone", "float_support", "lawson_hanson", "_multipliers", "verify_region_solution")


def breakdown(solver, regions, repeat):
    """Time the parts of RegionSolver.solve on the given regions (wrapped module attributes)."""
    best = None
    originals = {name: getattr(rp, name) for name in _PARTS}
    for _ in range(repeat):
        acc, stack = defaultdict(float), []

        def wrap(name, f):
            def g(*a, **k):
                stack.append(name)
                t = time.perf_counter()
                try:
                    return f(*a, **k)
                finally:
                    dt = time.perf_counter() - t
                    stack.pop()
                    acc[name if name != "lawson_hanson" else f"lawson_hanson in {stack[-1]}"] += dt

            return g

        try:
            for name in _PARTS:
                setattr(rp, name, wrap(name, originals[name]))
            t = time.perf_counter()
            for patterns, v in regions:
                solver.solve(patterns, v)
            acc["total"] = time.perf_counter() - t
        finally:
            for name, f in originals.items():
                setattr(rp, name, f)
        if best is None or acc["total"] < best["total"]:
            best = dict(acc)
    n = len(regions)
    fit, mult, ver = best["_fit_cone"], best["_multipliers"], best["verify_region_solution"]
    lh_fit, lh_mult = (
        best.get("lawson_hanson in _fit_cone", 0.0),
        best.get("lawson_hanson in _multipliers", 0.0),
    )
    parts = [
        ("float proposal (scipy nnls)", best["float_support"]),
        ("exact Lawson-Hanson (fit)", lh_fit),
        ("fit assembly (flint C, b, map back)", fit - best["float_support"] - lh_fit),
        ("multipliers: exact NNLS", lh_mult),
        ("multipliers: rest", mult - lh_mult),
        ("verifier", ver),
        ("rest of solve (fitted, residual, value)", best["total"] - fit - mult - ver),
    ]
    return {
        "n": n,
        "total_us_per_region": 1e6 * best["total"] / n,
        "parts": [(name, 1e6 * t / n, 100 * t / best["total"]) for name, t in parts],
    }


def print_breakdown(title, bd):
    print(
        f"\n{title}: where the exact per-region time goes ({bd['n']} regions, instrumented, "
        f"{bd['total_us_per_region']:.0f} us/region)"
    )
    print(f"  {'part':<42} {'us/region':>10} {'share':>7}")
    for name, us, pct in bd["parts"]:
        print(f"  {name:<42} {us:>10.1f} {pct:>6.1f}%")


# ----------------------------------------------------------------------------
# comparison of the methods on one list of regions
# ----------------------------------------------------------------------------


def compare(X, y, regions, exact_values, args, solver_warm, label):
    """Time every method on ``regions`` (list of (patterns, v)); returns a dict of medians and checks."""
    xbar = solver_warm.xbar
    yf = np.array([float(t) for t in y])
    Xf = np.array([[float(c) for c in x] for x in xbar])
    m = len(regions[0][0])
    res = {"label": label, "n": len(regions)}

    t_exact, vals = per_region_times(lambda r: solver_warm.solve(r[0], r[1]), regions, args.repeat)
    assert [s.value for s in vals] == list(exact_values), "exact values differ between runs"
    t_cold, vals = per_region_times(lambda r: solve_region(X, y, r[0], r[1]), regions, 1)
    assert [s.value for s in vals] == list(exact_values), "solve_region disagrees with RegionSolver.solve"
    t_nnls, v_nnls = per_region_times(lambda r: float_nnls(solver_warm, yf, r[0], r[1]), regions, args.repeat)
    f_fresh, f_dpp, f_dppc = [], [], []
    t_fresh, s_fresh = per_region_times(
        lambda r: float_solve_region(X, y, r[0], r[1]), regions, args.repeat_cvxpy, f_fresh
    )
    fresh_solver = next((s.solver for s in s_fresh if s is not None), "?")
    dpp = DPP(Xf, yf, m)
    dpp(*regions[0])  # first solve compiles the problem: not a per-region cost
    t_dpp, v_dpp = per_region_times(lambda r: dpp(r[0], r[1]), regions, args.repeat_cvxpy, f_dpp)
    dpp(*regions[0])
    dpp_solver = dpp.solver_name()
    dpp(*regions[0], solver="CLARABEL")
    t_dppc, v_dppc = per_region_times(
        lambda r: dpp(r[0], r[1], solver="CLARABEL"), regions, args.repeat_cvxpy, f_dppc
    )
    rows = [
        ("exact (warm cache)", t_exact, None, "", []),
        ("exact cold (solve_region)", t_cold, None, "incl. cdd", []),
        ("float nnls (our proposal)", t_nnls, v_nnls, "scipy", []),
        (
            "cvxpy fresh",
            t_fresh,
            [s.value if s is not None else None for s in s_fresh],
            fresh_solver,
            f_fresh,
        ),
        ("cvxpy DPP", t_dpp, v_dpp, dpp_solver, f_dpp),
        ("cvxpy DPP", t_dppc, v_dppc, "CLARABEL", f_dppc),
    ]
    res["rows"] = []
    med_exact = statistics.median(t_exact)
    for name, ts, fvals, note, failed in rows:
        row = {
            "method": name,
            "note": note,
            "median_us": 1e6 * statistics.median(ts),
            "mean_us": 1e6 * statistics.fmean(ts),
            "exact_over_this": med_exact / statistics.median(ts),
            "failed": len(failed),
            "failures": [
                {
                    "patterns": ["".join(map(str, a)) for a in regions[k][0]],
                    "v": [str(t) for t in regions[k][1]],
                    "error": msg,
                }
                for k, msg in failed
            ],
        }
        if fvals is not None:
            row["max_rel_diff"], row["below_exact"] = value_check(fvals, exact_values)
        res["rows"].append(row)
    return res


def print_compare(res):
    print(f"\n{res['label']}: {res['n']} regions, per-region median (min over repeats)")
    print(
        f"  {'method':<28} {'solver':<10} {'median us':>10} {'mean us':>9} {'exact/this':>10} "
        f"{'max rel diff':>12} {'below':>6} {'failed':>6}"
    )
    for r in res["rows"]:
        diff = f"{r['max_rel_diff']:.1e}" if "max_rel_diff" in r else "-"
        below = str(r["below_exact"]) if "below_exact" in r else "-"
        print(
            f"  {r['method']:<28} {r['note']:<10} {r['median_us']:>10.0f} {r['mean_us']:>9.0f} "
            f"{r['exact_over_this']:>10.2f} {diff:>12} {below:>6} {r['failed']:>6}"
        )
    for r in res["rows"]:
        for f in r["failures"][:3]:
            print(
                f"    {r['method']} {r['note']} failed on patterns {f['patterns']} v {f['v']}: {f['error']}"
            )


# ----------------------------------------------------------------------------
# the two experiments
# ----------------------------------------------------------------------------


def warm_cache(X, y, regions):
    """A RegionSolver of the data (bias) with every unit cone of ``regions`` computed, and its time."""
    xbar = exact_points(X, bias=True)
    solver = RegionSolver(xbar, exact_labels(y, len(xbar)))
    t = time.perf_counter()
    for patterns, _ in regions:
        for a in patterns:
            solver.cone(a)
    return solver, time.perf_counter() - t


def run_erm(args, v, seed):
    rng = random.Random(seed)
    X = grid_points(rng, 8, 2)
    y = labels(rng, X, args.labels, 2)
    label = f"ERM N=8 d=2 m=2 {'free signs' if v is None else 'v=' + str(tuple(int(t) for t in v))}"
    solve_region(X, y, [[1] * 8, [0] * 8], (1, -1))  # imports (scipy) outside the timings
    best, result = float("inf"), None
    for _ in range(args.repeat_erm):
        t = time.perf_counter()
        result = exact_erm(X, y, units=2, v=v)
        best = min(best, time.perf_counter() - t)
    regions = [(s.patterns, s.v) for s in result.regions]
    values = [s.value for s in result.regions]
    solver, t_cdd = warm_cache(X, y, regions)
    n_patterns = len({a for p, _ in regions for a in p})
    t_all, vals = per_region_times(lambda r: solver.solve(r[0], r[1]), regions, args.repeat)
    assert [s.value for s in vals] == values
    sample = sorted(random.Random(seed + 1).sample(range(len(regions)), min(args.sample, len(regions))))
    res = compare(
        X,
        y,
        [regions[k] for k in sample],
        [values[k] for k in sample],
        args,
        solver,
        f"{label} (random sample)",
    )
    res.update(
        {
            "n_regions": len(regions),
            "erm_seconds": best,
            "erm_us_per_region": 1e6 * best / len(regions),
            "value": str(result.value),
            "mean_loss": float(result.mean_loss),
            "n_chambers": len(result.chambers),
            "cdd_seconds_all_patterns": t_cdd,
            "n_unit_patterns": n_patterns,
            "exact_all_regions_median_us": 1e6 * statistics.median(t_all),
            "exact_all_regions_mean_us": 1e6 * statistics.fmean(t_all),
        }
    )
    print(
        f"\n{label}: exact_erm {best:.2f} s (best of {args.repeat_erm}), {len(regions)} regions "
        f"({len(result.chambers)} chambers), {res['erm_us_per_region']:.0f} us/region; "
        f"min value {result.value} "
        f"(mean loss {float(result.mean_loss):.4g})"
    )
    print(
        f"  cdd for all {n_patterns} unit cones: {1e3 * t_cdd:.1f} ms; "
        "exact solve on all regions, warm cache: "
        f"median {res['exact_all_regions_median_us']:.0f} us, mean {res['exact_all_regions_mean_us']:.0f} us"
    )
    print_compare(res)
    res["breakdown"] = breakdown(solver, [regions[k] for k in sample], args.repeat)
    print_breakdown(label, res["breakdown"])
    return res


def run_gls(args, seed):
    rng = random.Random(seed)
    X = grid_points(rng, 30, 2)
    y = labels(rng, X, args.labels, 3)
    v = (1, -1, 1)
    label = "GLS N=30 d=2 m=3 v=(1,-1,1)"
    solve_region(X, y, [[1] * 30] * 3, v)  # imports outside the timings
    recorded, original = [], RegionSolver.solve

    def recording(self, patterns, v_):
        t = time.perf_counter()
        s = original(self, patterns, v_)
        recorded.append((patterns, v_, s.value, time.perf_counter() - t))
        return s

    runs = []
    RegionSolver.solve = recording  # greedy_local_search solves every region through it
    try:
        for variant in ("gls", "mgls"):
            for s in range(args.gls_seeds):
                start = len(recorded)
                t = time.perf_counter()
                r = search.greedy_local_search(X, y, v=v, seed=s, variant=variant)
                dt = time.perf_counter() - t
                assert r.n_solved == len(recorded) - start
                runs.append(
                    {
                        "variant": variant,
                        "seed": s,
                        "seconds": dt,
                        "n_solved": r.n_solved,
                        "steps": len(r.trace) - 1,
                        "local_minimum": r.local_minimum,
                        "mean_loss": float(r.mean_loss),
                        "solve_seconds": sum(x[3] for x in recorded[start:]),
                    }
                )
    finally:
        RegionSolver.solve = original
    print(
        f"\n{label}: greedy_local_search, seeds 0..{args.gls_seeds - 1}, labels {args.labels} "
        "(each run: fresh cone cache, so cdd is included)"
    )
    print(
        f"  {'variant':<8} {'runs':>4} {'steps':>6} {'regions':>8} {'seconds':>8} {'us/region':>10} "
        f"{'in solve':>10} {'best mean loss':>15}"
    )
    summary = {}
    for variant in ("gls", "mgls"):
        rs = [r for r in runs if r["variant"] == variant]
        n, secs = sum(r["n_solved"] for r in rs), sum(r["seconds"] for r in rs)
        summary[variant] = {
            "runs": len(rs),
            "steps": sum(r["steps"] for r in rs),
            "regions": n,
            "seconds": secs,
            "us_per_region": 1e6 * secs / n,
            "solve_us_per_region": 1e6 * sum(r["solve_seconds"] for r in rs) / n,
        }
        print(
            f"  {variant:<8} {len(rs):>4} {summary[variant]['steps']:>6} {n:>8} {secs:>8.2f} "
            f"{summary[variant]['us_per_region']:>10.0f} {summary[variant]['solve_us_per_region']:>10.0f} "
            f"{min(r['mean_loss'] for r in rs):>15.4g}"
        )
    unique = {}
    for patterns, v_, value, _ in recorded:
        unique.setdefault((patterns, v_), value)
    regions, values = list(unique), list(unique.values())
    solver, t_cdd = warm_cache(X, y, regions)
    n_patterns = len({a for p, _ in regions for a in p})
    print(
        f"  distinct regions visited: {len(regions)} "
        f"({n_patterns} unit cones, cdd for all: {1e3 * t_cdd:.0f} ms)"
    )
    res = compare(X, y, regions, values, args, solver, f"{label} (regions visited by the runs)")
    res.update(
        {"runs": runs, "summary": summary, "cdd_seconds_all_patterns": t_cdd, "n_unit_patterns": n_patterns}
    )
    print_compare(res)
    res["breakdown"] = breakdown(solver, regions, args.repeat)
    print_breakdown(label, res["breakdown"])
    return res


def verdict(results):
    print(
        "\nTarget 'certification adds less than 2x over the float solve' "
        "(ratio = exact per-region median / float per-region median, warm cache):"
    )
    print(
        f"  {'instance':<34} {'vs float nnls':>14} {'vs DPP default':>15} {'vs DPP Clarabel':>16} "
        f"{'vs cvxpy fresh':>15} {'cold vs fresh':>14}"
    )
    out = []
    for res in results:
        rows = res["rows"]
        ratios = {
            "float nnls": rows[2]["exact_over_this"],
            "dpp": rows[4]["exact_over_this"],
            "dpp_clarabel": rows[5]["exact_over_this"],
            "fresh": rows[3]["exact_over_this"],
            "cold_vs_fresh": rows[1]["median_us"] / rows[3]["median_us"],
        }
        name = res["label"].split(" (")[0]
        print(
            f"  {name:<34} "
            + " ".join(
                f"{ratios[k]:>{w}.2f}x"
                for k, w in (
                    ("float nnls", 13),
                    ("dpp", 14),
                    ("dpp_clarabel", 15),
                    ("fresh", 14),
                    ("cold_vs_fresh", 13),
                )
            )
        )
        out.append({"instance": name, **ratios})
    for key, what in (
        ("float nnls", "our own float proposal alone (scipy NNLS on the ray images)"),
        ("dpp", "a DPP-parameterised cvxpy problem (default solver)"),
        ("dpp_clarabel", "a DPP-parameterised cvxpy problem (Clarabel)"),
        ("fresh", "cvxpy with a fresh problem per region (float_solve_region)"),
    ):
        ok = all(o[key] < 2 for o in out)
        print(f"  {'HOLDS' if ok else 'FAILS'} against {what}: " + ", ".join(f"{o[key]:.2f}x" for o in out))
    return out


def erm_instance(n, seed=0):
    """The issue-18 instance family: n grid points in [-1, 1]^2 (seed 0), random labels k/100."""
    rng = random.Random(seed)
    X = grid_points(rng, n, 2)
    return X, labels(rng, X, "random", 2)


def timed_erm(X, y, **kw):
    t = time.perf_counter()
    r = exact_erm(X, y, **kw)
    return r, time.perf_counter() - t


def run_pruning(args):
    """Full search vs certified branch and bound on the issue's m=2, N=12 instance; max N in a budget."""
    from collections import Counter

    from exactrelu.training.erm import verify_erm

    solve_region([[0], [1]], (0, 1), (1, 1))  # imports (scipy) outside the timings
    out = {"budget": args.budget}
    X, y = erm_instance(12, args.seed)
    v = (1, -1)
    pruned, t_pruned = timed_erm(X, y, v=v, prune=True)
    full, t_full = timed_erm(X, y, v=v)
    pruned2, t_pruned2 = timed_erm(X, y, v=v, prune=True)
    t = time.perf_counter()
    ok = verify_erm(X, y, pruned2)
    t_verify = time.perf_counter() - t
    assert pruned.value == full.value == pruned2.value and ok
    best = min(t_pruned, t_pruned2)
    kinds = Counter(b.kind for b in pruned2.pruned)
    out["n12"] = {
        "regions": full.n_regions,
        "chambers": len(full.chambers),
        "value": str(full.value),
        "full_seconds": t_full,
        "pruned_seconds": [t_pruned, t_pruned2],
        "speedup": t_full / best,
        "solved": pruned2.n_regions,
        "solved_fraction": pruned2.n_regions / pruned2.n_candidates,
        "pruned_by_kind": dict(kinds),
        "verify_seconds": t_verify,
    }
    print(
        f"\nexact ERM, N=12, d=2, m=2, v=(1,-1), seed {args.seed}: {full.n_regions} region problems "
        f"({len(full.chambers)} chambers), minimum {full.value} (mean loss {float(full.mean_loss):.6g})"
    )
    print(f"  full search            {t_full:8.2f} s   (every region solved exactly)")
    print(
        f"  branch and bound       {t_pruned:8.2f} s, {t_pruned2:8.2f} s   speed-up {t_full / best:.1f}x; "
        f"solved exactly {pruned2.n_regions} of {pruned2.n_candidates} "
        f"({100 * pruned2.n_regions / pruned2.n_candidates:.3f} %)"
    )
    print(f"  pruned by certificate: {dict(kinds)}; verify_erm {t_verify:.2f} s: {ok}")
    out["max_n"] = {}
    for label, m, vv, start in (
        ("m=2 v=(1,-1)", 2, (1, -1), 12),
        ("m=3 v=(1,-1,1)", 3, (1, -1, 1), 5),
        ("m=2 free signs", 2, None, 10),
    ):
        rows, n, last = [], start, 0.0
        print(f"\n  largest N within {args.budget:.0f} s, {label} (d=2, grid points, seed {args.seed}):")
        while last <= args.budget and n <= args.max_n:
            X, y = erm_instance(n, args.seed)
            kw = {"v": vv} if vv is not None else {"units": m}
            r, last = timed_erm(X, y, prune=True, limit=10**8, **kw)
            rows.append(
                {
                    "n": n,
                    "seconds": last,
                    "candidates": r.n_candidates,
                    "solved": r.n_regions,
                    "chambers": len(r.chambers),
                    "value": str(r.value),
                }
            )
            print(
                f"    N={n:3d}: {last:7.2f} s, {r.n_candidates:8d} region problems "
                f"({len(r.chambers)} chambers), {r.n_regions} solved exactly"
            )
            n += 2 if m == 2 else 1
        fits = [row["n"] for row in rows if row["seconds"] <= args.budget]
        out["max_n"][label] = {"rows": rows, "max_n": max(fits) if fits else None}
        print(f"    largest N within {args.budget:.0f} s: {max(fits) if fits else 'none'}")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--quick", action="store_true", help="fixed v only, smaller samples, fewer repeats and GLS seeds"
    )
    ap.add_argument("--json", metavar="FILE", help="write all numbers (and per-run GLS data) to FILE")
    ap.add_argument("--labels", choices=("random", "teacher"), default="random")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=None, help="ERM regions compared with cvxpy (default 400)")
    ap.add_argument("--gls-seeds", type=int, default=None, help="GLS runs per variant (default 10)")
    ap.add_argument(
        "--repeat", type=int, default=None, help="passes for the exact and scipy timings (default 3)"
    )
    ap.add_argument("--repeat-cvxpy", type=int, default=None, help="passes for the cvxpy timings (default 2)")
    ap.add_argument("--repeat-erm", type=int, default=None, help="exact_erm runs (default 2)")
    ap.add_argument("--pruning", action="store_true", help="only the branch-and-bound section (issue 18)")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per run for the largest-N search")
    ap.add_argument("--max-n", type=int, default=40, help="stop the largest-N search here")
    args = ap.parse_args(argv)
    if args.pruning:
        t0 = time.perf_counter()
        res = run_pruning(args)
        print(f"\ntotal {time.perf_counter() - t0:.0f} s")
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(
                    {"args": vars(args), "python": platform.python_version(), "pruning": res}, fh, indent=1
                )
        return
    # OSQP's "Solution may be inaccurate": such regions are counted in the value check instead
    warnings.filterwarnings("ignore", message="Solution may be inaccurate")
    quick = args.quick
    for name, full, small in (
        ("sample", 400, 300),
        ("gls_seeds", 10, 4),
        ("repeat", 3, 1),
        ("repeat_cvxpy", 2, 1),
        ("repeat_erm", 2, 1),
    ):
        if getattr(args, name) is None:
            setattr(args, name, small if quick else full)
    import cvxpy
    import flint
    import scipy

    print(
        f"Python {platform.python_version()}, cvxpy {cvxpy.__version__}, scipy {scipy.__version__}, "
        f"python-flint {flint.__version__}; labels {args.labels}, seed {args.seed}, "
        f"repeat {args.repeat}/{args.repeat_cvxpy} (exact/cvxpy){', quick' if quick else ''}"
    )
    t0 = time.perf_counter()
    results = []
    for v in [(1, -1)] if quick else [None, (1, -1)]:
        results.append(run_erm(args, v, args.seed))
    results.append(run_gls(args, args.seed + 10))
    ratios = verdict(results)
    total = time.perf_counter() - t0
    print(f"\ntotal {total:.0f} s")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(
                {
                    "args": vars(args),
                    "python": platform.python_version(),
                    "results": results,
                    "ratios": ratios,
                    "seconds": total,
                },
                fh,
                indent=1,
                default=str,
            )


if __name__ == "__main__":
    main()
