"""Exact activation patterns against scnn-style sampled gates, and the convex solve (issue 7).

Issue: "For n = 20…60, d = 2…3: time to enumerate all patterns exactly vs scnn-style
sampling with the same number of gates and how many patterns sampling misses; time of
the convex solve."

For every (n, d, seed):

* ``exact``   — :func:`exactrelu.convex.dichotomies.dichotomies` (all p chambers of the
  arrangement of the rows of X, exact witnesses); also :func:`trichotomies` (q covectors);
* ``sampled`` — :func:`sampled_dichotomies` with p gates (as many gates as there are
  exact patterns) and with 10·p gates, g ~ N(0, I), D = diag(1[X g ≥ 0]) as in scnn;
  :func:`compare_patterns` gives how many of the p exact patterns each sample missed;
* ``convex``  — program (4) of Wang, Lacotte & Pilanci (ICLR 2022) over all exact
  patterns and over the patterns of the p-gate sample (program (13)), squared loss
  ½‖·‖², both signs per pattern: build (:func:`convex_program`) + solve (cvxpy,
  Clarabel), then :func:`certify_value` (rigorous rational bounds lower ≤ P* ≤ upper).

The sampled program has a subset of the blocks, so its optimum is ≥ the exact one.  It
is *certified worse* when sampled.lower − exact.upper > 0 (then sampling provably lost
objective value); the script also checks the consistency condition
sampled.upper ≥ exact.lower, which weak duality guarantees.

Data: X with entries N(0, 1) rounded to k/100 (``--data gauss``) or integers in
[−20, 20] (``--data int``), all Fractions; labels from a random teacher network
y = relu(X g1) − relu(X g2) + noise, g1, g2 with entries k/10 and noise k/100 with
k ~ round(N(0, 5²)); β = 1/10 (``--beta``).  No bias column.  Fixed seeds.

Timing: enumeration and sampling times are the best of ``--repeat`` runs (fresh
objects each time); build, solve and certify are timed once (after a warm-up on a tiny
program, so imports and cvxpy's first-call costs are not counted).  The table shows the
median over the seeds of each quantity; ``exact/sampled`` is the ratio of medians.

Run:  python benchmarks/bench_convex.py [--quick] [--json FILE] [--no-solve]
"""

import argparse
import platform
import statistics
import time
from fractions import Fraction

import numpy as np

import exactrelu.convex.bounds as cb
from exactrelu.convex.dichotomies import compare_patterns, dichotomies, sampled_dichotomies, trichotomies
from exactrelu.exact.jsonio import write_json

_CERT_PARTS = ("_primal", "_upper", "_dual", "_candidates", "_dual_norms_sq")


# ----------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------


def make_data(n, d, seed, kind="gauss", noise=5):
    """Seeded X (n × d Fractions) and teacher labels y (Fractions)."""
    rng = np.random.default_rng([n, d, seed])
    if kind == "gauss":
        X = [[Fraction(round(100 * float(v)), 100) for v in rng.standard_normal(d)] for _ in range(n)]
    else:
        X = [[Fraction(int(v)) for v in rng.integers(-20, 21, size=d)] for _ in range(n)]
    g1 = [Fraction(int(v), 10) for v in rng.integers(-10, 11, size=d)]
    g2 = [Fraction(int(v), 10) for v in rng.integers(-10, 11, size=d)]
    scale = 1 if kind == "gauss" else Fraction(1, 20)

    def relu_dot(x, g):
        t = sum(a * b for a, b in zip(x, g))
        return t if t > 0 else Fraction(0)

    y = [
        scale * (relu_dot(x, g1) - relu_dot(x, g2))
        + Fraction(round(noise * float(rng.standard_normal())), 100)
        for x in X
    ]
    return X, y


# ----------------------------------------------------------------------------
# timing helpers
# ----------------------------------------------------------------------------


def best_time(fn, repeat, min_time=1.0):
    """(best wall time, last result) over up to ``repeat`` runs, fewer when a run takes ≥ min_time."""
    best, out, spent = float("inf"), None, 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best, spent = min(best, dt), spent + dt
        if spent >= min_time:
            break
    return best, out


def timed_certify(patterns, y, beta, sol):
    """certify_value with its internal parts timed (module functions wrapped for the call)."""
    originals = {name: getattr(cb, name) for name in _CERT_PARTS}
    acc = dict.fromkeys(_CERT_PARTS, 0.0)

    def wrap(name, f):
        def g(*a, **k):
            t = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                acc[name] += time.perf_counter() - t

        return g

    try:
        for name in _CERT_PARTS:
            setattr(cb, name, wrap(name, originals[name]))
        t = time.perf_counter()
        vb = cb.certify_value(patterns, y, beta, sol)
        total = time.perf_counter() - t
    finally:
        for name, f in originals.items():
            setattr(cb, name, f)
    parts = {
        "primal (round + push into cones, 3 thresholds)": acc["_primal"],
        "upper (exact primal value)": acc["_upper"],
        "dual (NNLS per block + exact norms)": acc["_dual"],
        "candidates: exact Fraction dual norms (_dual_norms_sq)": acc["_dual_norms_sq"],
        "candidates: rest (Frobenius norms, sqrt bounds)": acc["_candidates"] - acc["_dual_norms_sq"],
    }
    parts["rest (parse data, patterns)"] = total - sum(parts.values())
    return vb, total, parts


def solve_and_certify(patterns, y, beta, solver):
    from exactrelu.convex.program import convex_program

    t = time.perf_counter()
    prog = convex_program(patterns, y, beta)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    sol = prog.solve(solver=solver)
    t_solve = time.perf_counter() - t
    vb, t_cert, parts = timed_certify(patterns, y, beta, sol)
    if not vb.lower <= vb.upper:
        raise AssertionError("certified lower bound above upper bound")
    return {
        "n_patterns": len(patterns),
        "n_blocks": len(prog.blocks),
        "t_build": t_build,
        "t_solve": t_solve,
        "solver_solve_time": sol.solve_time,
        "status": sol.status,
        "value": float(sol.value),
        "n_active": len(sol.active()),
        "active": sorted({i for i, _ in sol.active()}),
        "t_certify": t_cert,
        "certify_parts": parts,
        "n_candidates": len(vb.candidates),
        "lower": vb.lower,
        "upper": vb.upper,
        "gap": float(vb.gap),
    }


def warm_up(solver):
    """One tiny program: cvxpy/Clarabel/scipy imports and first-call costs outside the timings."""
    X, y = make_data(6, 2, 0)
    P = dichotomies(X)
    solve_and_certify(P, y, Fraction(1, 10), solver)
    sampled_dichotomies(X, 4, seed=0)
    trichotomies(X)


# ----------------------------------------------------------------------------
# one configuration
# ----------------------------------------------------------------------------


def run_one(n, d, seed, args):
    X, y = make_data(n, d, seed, args.data)
    row = {"n": n, "d": d, "seed": seed}
    row["t_exact"], P = best_time(lambda: dichotomies(X), args.repeat)
    p = len(P)
    row["p"] = p
    row["t_tri"], T = best_time(lambda: trichotomies(X), args.repeat)
    row["q"] = len(T)
    gate_seed = 1000 * seed + 7
    for mult in (1, 10):
        t, S = best_time(lambda: sampled_dichotomies(X, mult * p, seed=gate_seed), args.repeat)
        c = compare_patterns(S, P)
        row[f"s{mult}"] = {
            "gates": mult * p,
            "t": t,
            "found": c["found"],
            "missed": c["missed"],
            "missed_frac": c["missed"] / p,
            "distinct": c["n_sampled"],
            "extra": len(c["extra"]),
            "ties": S.n_ties,
        }
        if mult == 1:
            S1 = S
    if not args.no_solve:
        beta = args.beta
        ex = solve_and_certify(P, y, beta, args.solver)
        sa = solve_and_certify(S1.patterns, y, beta, args.solver)
        sampled_set = set(S1.patterns.patterns)
        opt = [P[i] for i in ex["active"]]
        ex["opt_patterns_missed_by_sample"] = sum(q not in sampled_set for q in opt)
        diff_cert = sa["lower"] - ex["upper"]  # > 0: the sampled program is certified worse
        consistent = sa["upper"] >= ex["lower"]  # weak duality: must hold
        if not consistent:
            raise AssertionError(
                f"n={n} d={d} seed={seed}: sampled upper {float(sa['upper'])} below exact lower "
                f"{float(ex['lower'])}"
            )
        row["exact_solve"], row["sampled_solve"] = ex, sa
        row["value_diff"] = sa["value"] - ex["value"]
        row["certified_diff"] = float(diff_cert)
        row["certified_worse"] = diff_cert > 0
    return row


def fmt_t(t):
    if t is None:
        return "-"
    if t >= 1:
        return f"{t:.2f}s"
    if t >= 1e-3:
        return f"{1e3 * t:.1f}ms"
    return f"{1e6 * t:.0f}us"


def med(rows, f):
    vals = [f(r) for r in rows]
    return statistics.median(vals) if vals else None


def summarise(rows, solve):
    out = []
    for n, d in sorted({(r["n"], r["d"]) for r in rows}, key=lambda t: (t[1], t[0])):
        rs = [r for r in rows if (r["n"], r["d"]) == (n, d)]
        s = {
            "n": n,
            "d": d,
            "seeds": len(rs),
            "p": med(rs, lambda r: r["p"]),
            "q": med(rs, lambda r: r["q"]),
            "t_exact": med(rs, lambda r: r["t_exact"]),
            "t_tri": med(rs, lambda r: r["t_tri"]),
            "t_s1": med(rs, lambda r: r["s1"]["t"]),
            "t_s10": med(rs, lambda r: r["s10"]["t"]),
            "missed1": med(rs, lambda r: 100 * r["s1"]["missed_frac"]),
            "missed10": med(rs, lambda r: 100 * r["s10"]["missed_frac"]),
            "missed1_range": (
                min(100 * r["s1"]["missed_frac"] for r in rs),
                max(100 * r["s1"]["missed_frac"] for r in rs),
            ),
            "extra": sum(r["s1"]["extra"] + r["s10"]["extra"] for r in rs),
            "ties": sum(r["s1"]["ties"] + r["s10"]["ties"] for r in rs),
        }
        s["ratio"] = s["t_exact"] / s["t_s1"]
        if solve:
            for key, name in (("exact_solve", "ex"), ("sampled_solve", "sa")):
                s[f"{name}_build"] = med(rs, lambda r: r[key]["t_build"])
                s[f"{name}_solve"] = med(rs, lambda r: r[key]["t_solve"])
                s[f"{name}_bs"] = med(rs, lambda r: r[key]["t_build"] + r[key]["t_solve"])
                s[f"{name}_cert"] = med(rs, lambda r: r[key]["t_certify"])
                s[f"{name}_gap"] = med(rs, lambda r: r[key]["gap"])
                s[f"{name}_active"] = med(rs, lambda r: r[key]["n_active"])
            s["value_exact"] = med(rs, lambda r: r["exact_solve"]["value"])
            s["value_diff"] = med(rs, lambda r: r["value_diff"])
            s["certified_diff"] = med(rs, lambda r: r["certified_diff"])
            s["certified_worse"] = sum(r["certified_worse"] for r in rs)
            s["opt_missed"] = sum(r["exact_solve"]["opt_patterns_missed_by_sample"] > 0 for r in rs)
            parts = {}
            for r in rs:
                for k, v in r["exact_solve"]["certify_parts"].items():
                    parts.setdefault(k, []).append(v)
            s["cert_parts"] = {k: statistics.median(v) for k, v in parts.items()}
        out.append(s)
    return out


def print_table(summary, solve, markdown=False):
    head = [
        "n",
        "d",
        "p",
        "t_exact_enum",
        "t_sampled(p)",
        "exact/sampled",
        "missed % (p)",
        "missed % (10p)",
        "q",
        "t_tri",
    ]
    if solve:
        head += [
            "t_build+solve exact",
            "t_certify exact",
            "cert gap exact",
            "t_build+solve sampled",
            "t_certify sampled",
            "value exact",
            "sampled − exact",
            "cert. sampled.lo − exact.up",
            "cert. worse",
            "sample misses an active pattern",
        ]
    lines = []
    for s in summary:
        cells = [
            str(s["n"]),
            str(s["d"]),
            f"{s['p']:g}",
            fmt_t(s["t_exact"]),
            fmt_t(s["t_s1"]),
            f"{s['ratio']:.2f}x",
            f"{s['missed1']:.1f}",
            f"{s['missed10']:.1f}",
            f"{s['q']:g}",
            fmt_t(s["t_tri"]),
        ]
        if solve:
            cells += [
                fmt_t(s["ex_bs"]),
                fmt_t(s["ex_cert"]),
                f"{s['ex_gap']:.1e}",
                fmt_t(s["sa_bs"]),
                fmt_t(s["sa_cert"]),
                f"{s['value_exact']:.6g}",
                f"{s['value_diff']:.2e}",
                f"{s['certified_diff']:.2e}",
                f"{s['certified_worse']}/{s['seeds']}",
                f"{s['opt_missed']}/{s['seeds']}",
            ]
        lines.append(cells)
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(c) + " |" for c in lines]
        print("\n".join(out))
        return
    widths = [max(len(h), *(len(c[k]) for c in lines)) for k, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    for c in lines:
        print("  ".join(x.rjust(w) for x, w in zip(c, widths)))


def print_cert_parts(summary):
    names = list(summary[0]["cert_parts"])
    print("\nWhere certify_value's time goes (exact program, median over seeds, seconds):")
    head = ["n", "d", "blocks", "total"] + names
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for s in summary:
        tot = s["ex_cert"]
        print(
            "| "
            + " | ".join(
                [str(s["n"]), str(s["d"]), f"{2 * s['p']:g}", f"{tot:.3f}"]
                + [f"{s['cert_parts'][k]:.3f} ({100 * s['cert_parts'][k] / tot:.0f}%)" for k in names]
            )
            + " |"
        )


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", default=None, help="comma-separated n (default 20,30,40,60)")
    ap.add_argument("--d", default=None, help="comma-separated d (default 2,3)")
    ap.add_argument("--seeds", type=int, default=None, help="seeds per (n, d) (default 3)")
    ap.add_argument("--quick", action="store_true", help="n=20,30, d=2,3, 2 seeds (< 1 min)")
    ap.add_argument("--data", choices=("gauss", "int"), default="gauss")
    ap.add_argument("--beta", type=Fraction, default=Fraction(1, 10))
    ap.add_argument("--solver", default="CLARABEL")
    ap.add_argument("--repeat", type=int, default=5, help="runs for the enumeration/sampling times (best)")
    ap.add_argument(
        "--no-solve", action="store_true", help="patterns only: no convex program, no certificate"
    )
    ap.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    ap.add_argument("--json", metavar="FILE", help="write every per-seed number to FILE")
    args = ap.parse_args(argv)
    ns = [int(t) for t in (args.n or ("20,30" if args.quick else "20,30,40,60")).split(",")]
    ds = [int(t) for t in (args.d or "2,3").split(",")]
    if args.seeds is None:
        args.seeds = 2 if args.quick else 3
    solve = not args.no_solve
    import flint
    import scipy

    versions = (
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"python-flint {flint.__version__}"
    )
    if solve:
        import clarabel
        import cvxpy

        versions += f", cvxpy {cvxpy.__version__}, clarabel {clarabel.__version__}"
    print(
        f"{versions}; data {args.data}, beta {args.beta}, seeds 0..{args.seeds - 1}, n {ns}, d {ds}"
        f"{', quick' if args.quick else ''}{', no solve' if not solve else ''}"
    )
    t0 = time.perf_counter()
    if solve:
        warm_up(args.solver)
    rows = []
    for d in ds:
        for n in ns:
            for seed in range(args.seeds):
                t = time.perf_counter()
                r = run_one(n, d, seed, args)
                rows.append(r)
                msg = (
                    f"n={n} d={d} seed={seed}: p={r['p']} q={r['q']} exact {fmt_t(r['t_exact'])}, "
                    f"sampled(p) {fmt_t(r['s1']['t'])} missed {r['s1']['missed']}, "
                    f"sampled(10p) {fmt_t(r['s10']['t'])} missed {r['s10']['missed']}"
                )
                if solve:
                    ex, sa = r["exact_solve"], r["sampled_solve"]
                    msg += (
                        f"; exact build {fmt_t(ex['t_build'])} solve {fmt_t(ex['t_solve'])} "
                        f"certify {fmt_t(ex['t_certify'])} value {ex['value']:.8g} gap {ex['gap']:.1e}; "
                        f"sampled ({sa['n_patterns']} patterns) value {sa['value']:.8g}, "
                        f"certified diff {r['certified_diff']:.2e}"
                    )
                print(f"{msg}  [{time.perf_counter() - t:.1f}s]", flush=True)
    summary = summarise(rows, solve)
    print("\nMedian over seeds (sampled = scnn-style Gaussian gates; p gates = as many as exact patterns):")
    print_table(summary, solve, args.markdown)
    if solve:
        print_cert_parts(summary)
    total = time.perf_counter() - t0
    print(f"\ntotal {total:.0f} s")
    if args.json:
        payload = {
            "args": vars(args),
            "versions": versions,
            "rows": rows,
            "summary": summary,
            "seconds": total,
        }
        write_json(payload, args.json)


if __name__ == "__main__":
    main()
