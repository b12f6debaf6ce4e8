"""Example 1 and Figure 3 of Wang, Lacotte & Pilanci (ICLR 2022), reproduced and certified with exactrelu.

Usage::

    python examples/convex_example1.py                 # ~3 seconds
    python examples/convex_example1.py --quick         # fewer GD steps at most; files get a _quick suffix
    python examples/convex_example1.py --seeds 0 1 2 --steps 100000 --out /tmp/fig

The paper ("The hidden convex optimization landscape of regularized two-layer ReLU
networks"), section 3.1, Example 1: data X = [[1, 0], [0, 1], [1, 1]] (rows are samples,
no bias), labels y = (1, 0, 0), β = 1/10 and the squared loss ½‖ŷ − y‖² (the copy of the
paper is damaged here; our reconstruction, docs/reconstructions.md, 'Wang, Lacotte &
Pilanci 2022: programs and Example 1', reproduces its w_5* ≈ (0.86, −0.79)).

1. The p = 6 dichotomies D1..D6 = 000, 010, 011, 100, 101, 111 (the paper's eq. (10))
   and the number q of trichotomies (covectors), both enumerated exactly.
2. Program (4) (:func:`exactrelu.convex.program.convex_program`), solved in floats and
   bracketed rigorously: P* ∈ [lower, upper] (:func:`exactrelu.convex.bounds.certify_value`,
   re-checked by :func:`~exactrelu.convex.bounds.verify_value_bounds`).  Every block other
   than 101+ is certified to vanish in every optimum (``candidates == [101+]``); since
   F_5 = D_5 X has rank 2 the fit determines w_5, so the optimum is unique and has exactly
   one non-zero block.  The optimal residual lies in a certified ball around the dual point
   λ (radius √(2(upper − lower))), hence w_5* lies in a certified ball of radius
   √(2(upper − lower)/λ_min(F_5ᵀF_5)) around F_5⁺(y − λ): this proves w_5* ≈ (0.86, −0.79).
   With the support certified and w_5 interior to its cone, Newton's method on the smooth
   one-block problem gives a better proposal, certified again from scratch (P* to ~1e-31,
   w_5* to ~1e-15); that enclosure is the w_5* used below.
   The float uniqueness test of the paper's Appendix D
   (:func:`exactrelu.convex.uniqueness.uniqueness_radii`) is run too.
3. The optimal network ψ(W*) (Lemma 2) and the optimal set (eq. (11), Theorem 1):
   every optimal network is a splitting α_i = √γ_i √‖w_5‖, u_i = √γ_i w_5/√‖w_5‖,
   γ_i ≥ 0, Σ γ_i = 1.
4. Gradient descent on the non-convex loss with m = 5 neurons
   (:func:`exactrelu.convex.regularised_gd.weight_decay_gd`), two seeds (the paper's two
   trials), until the gradient norm is < 1e-12.  For each run: the points α_i u_i, their
   distance to the ray and to the segment [0, w_5*], their sum vs w_5*, the deviation
   from eq. (11), and the exact verdict of
   :func:`exactrelu.convex.optimality.is_globally_optimal` on the scaled network.  A float
   network is never *exactly* optimal (its neurons are not exactly colinear, and the
   optimum is irrational), so the honest statement is the **certified gap**
   L_β(θ) − lower ≥ L_β(θ) − P*, which is at the level of the float rounding.
5. Figure 3: the points α_i u_i of both runs, w_5*, the segment [0, w_5*] and the six
   chamber cones in the neuron plane (:func:`exactrelu.plot.convex.plot_neuron_plane`).

Writes ``convex_example1.png`` and ``convex_example1.json`` (exact numbers as ints or "p/q") to
``--out`` (default ``examples/output``; ``_quick`` suffix with ``--quick``).
"""

import argparse
import math
import os
import sys
import time
import warnings
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:  # run from a checkout: use this tree's exactrelu, not another installed copy
    sys.path.insert(0, REPO)

import numpy as np  # noqa: E402

from exactrelu.convex.bounds import block_name, certify_value, verify_value_bounds  # noqa: E402
from exactrelu.convex.dichotomies import dichotomies, trichotomies  # noqa: E402
from exactrelu.convex.optimality import is_globally_optimal  # noqa: E402
from exactrelu.convex.program import convex_program  # noqa: E402
from exactrelu.convex.regularised_gd import weight_decay_gd  # noqa: E402
from exactrelu.convex.scaled_networks import nonconvex_objective, psi, scale  # noqa: E402
from exactrelu.convex.uniqueness import uniqueness_radii  # noqa: E402
from exactrelu.exact.intervals import sqrt_bounds, sqrt_upper  # noqa: E402
from exactrelu.exact.jsonio import write_json  # noqa: E402
from exactrelu.exact.linalg import rank  # noqa: E402
from exactrelu.exact.parse import pattern_string  # noqa: E402
from exactrelu.exact.progress import progress_bar  # noqa: E402

X = ((1, 0), (0, 1), (1, 1))
Y = (1, 0, 0)
BETA = Fraction(1, 10)
PAPER_ORDER = ("000", "010", "011", "100", "101", "111")  # D1..D6 of the paper's eq. (10)
PAPER_W5 = (Fraction("0.86"), Fraction("-0.79"))  # w_5* as printed (2 decimals)
WIDTH = 5


# ----------------------------------------------------------------------------
# certified support, uniqueness and enclosure of the optimal block
# ----------------------------------------------------------------------------


def block_enclosure(patterns, y, bounds, block):
    """A certified ball {w : ‖w − centre‖ ≤ radius} containing the block w_b* of every optimum (d = 2).

    Valid when ``bounds.candidates == [block]`` (every other block vanishes in every optimum):
    then ŷ* = F w_b* with F = F_i, the optimal residual r* = y − ŷ* satisfies
    ‖λ − r*‖² ≤ 2(upper − lower) (λ = bounds.multiplier), and if F has full column rank,
    w_b* = F⁺ ŷ* is unique and ‖w_b* − F⁺(y − λ)‖ ≤ ‖λ − r*‖ / σ_min(F).  Everything exact;
    σ_min(F)² = λ_min(FᵀF) = 2 det / (tr + √(tr² − 4 det)) is bounded below with a rational
    upper bound of the square root.  Returns None if the hypotheses fail.
    """
    if list(bounds.candidates) != [block] or patterns.d != 2:
        return None
    F = patterns.fit_matrix(block[0])
    if rank(F) < 2:
        return None
    G = [[sum(r[a] * r[b] for r in F) for b in range(2)] for a in range(2)]
    det = G[0][0] * G[1][1] - G[0][1] * G[1][0]
    tr = G[0][0] + G[1][1]
    lam_min_lower = 2 * det / (tr + sqrt_upper(tr * tr - 4 * det))
    target = [Fraction(a) - Fraction(m) for a, m in zip(y, bounds.multiplier)]  # y − λ
    c = [sum(r[a] * t for r, t in zip(F, target)) for a in range(2)]  # Fᵀ(y − λ)
    centre = ((G[1][1] * c[0] - G[0][1] * c[1]) / det, (G[0][0] * c[1] - G[1][0] * c[0]) / det)
    s = block[1]
    centre = tuple(s * t for t in centre)  # a − block contributes −F w: w = s F⁺ ŷ
    radius = sqrt_upper(bounds.residual_radius_sq / lam_min_lower)
    return {
        "centre": centre,
        "radius": radius,
        "lambda_min_lower": lam_min_lower,
        "residual_radius": sqrt_upper(bounds.residual_radius_sq),
    }


def certificate_record(patterns, bounds, enc):
    """The JSON record of a value certificate and of the block enclosure ``enc`` (None if none)."""
    return {
        "lower": bounds.lower,
        "upper": bounds.upper,
        "lower_float": float(bounds.lower),
        "upper_float": float(bounds.upper),
        "width": float(bounds.gap),
        "support_candidates": [block_name(patterns, b) for b in bounds.candidates],
        "residual_radius": enc and enc["residual_radius"],
        "residual_radius_float": enc and float(enc["residual_radius"]),
        "w5_centre": enc and list(enc["centre"]),
        "w5_centre_float": enc and [float(t) for t in enc["centre"]],
        "w5_radius": enc and enc["radius"],
        "w5_radius_float": enc and float(enc["radius"]),
        "primal": {block_name(patterns, b): list(w) for b, w in bounds.primal.items() if any(w)},
        "multiplier": list(bounds.multiplier),
    }


def rounds_to(centre, radius, target, decimals=2):
    """Exact: does every point of the ball round (half-width 10^-decimals / 2) to ``target``?"""
    h = Fraction(1, 2 * 10**decimals)
    return all(t - h < c - radius and c + radius < t + h for c, t in zip(centre, target))


def polish_single_block(patterns, y, beta, block, w0, iterations=8):
    """Newton's method on the smooth problem min ½‖s F w − y‖² + β‖w‖ of one block (floats).

    Legitimate once every other block is certified to vanish and w0 lies in the *interior*
    of the block's cone (then the cone constraint is inactive near the optimum).  The result
    is only a proposal: it is certified again by :func:`certify_value`.
    """
    i, s = block
    F = s * np.array([[float(t) for t in r] for r in patterns.fit_matrix(i)])
    yf = np.array([float(t) for t in y])
    b = float(beta)
    w = np.array(w0, dtype=float)
    for _ in range(iterations):
        n = float(np.linalg.norm(w))
        g = F.T @ (F @ w - yf) + b * w / n
        H = F.T @ F + b * (np.eye(len(w)) / n - np.outer(w, w) / n**3)
        w = w - np.linalg.solve(H, g)
    return w, yf - F @ w


def uniqueness_check(patterns, y, beta, solution):
    """The float uniqueness test of Appendix D (Wang, Lacotte & Pilanci 2022); errors are reported."""
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = uniqueness_radii(patterns, y, beta, solution)
        except Exception as exc:
            return {"available": True, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "available": True,
        "result": res,
        "seconds": time.perf_counter() - t0,
        "solver_warnings": sorted({str(w.message) for w in caught}),
    }


# ----------------------------------------------------------------------------
# gradient-descent runs judged against the optimum
# ----------------------------------------------------------------------------


def _ray_distances(points, w):
    """Distances of each point to the ray {t w : t ≥ 0} and to the segment [0, w] (floats)."""
    w = np.asarray(w, dtype=float)
    nw = float(np.linalg.norm(w))
    e = w / nw
    ray, seg, gam = [], [], []
    for p in points:
        p = np.asarray(p, dtype=float)
        t = float(p @ e)
        ray.append(float(np.linalg.norm(p - max(t, 0.0) * e)))
        seg.append(float(np.linalg.norm(p - min(max(t, 0.0), nw) * e)))
        gam.append(t / nw)
    return ray, seg, gam


def gd_run(patterns, seed, w_star, *, steps, width=WIDTH, bounds=None):
    """One GD run on L_β with ``width`` neurons; every comparison with w_5* and the certified verdict."""
    t0 = time.perf_counter()
    run = weight_decay_gd(X, Y, BETA, width, steps=steps, seed=seed)
    t_gd = time.perf_counter() - t0
    net = run.network
    prods = [[Fraction(a) * t for t in u] for u, a in zip(net.W, net.v)]  # α_i u_i, exact
    points = [[float(t) for t in p] for p in prods]
    U = np.array([[float(t) for t in u] for u in net.W])
    alpha = np.array([float(a) for a in net.v])
    wf = np.array([float(t) for t in w_star])
    nw = float(np.linalg.norm(wf))
    ray, seg, gam = _ray_distances(points, wf)
    total = np.sum(np.array(points), axis=0)
    # eq. (11) of the paper: α_i = √γ_i √‖w‖, u_i = √γ_i w/√‖w‖ with γ_i the share of neuron i
    g = np.clip(np.array(gam), 0.0, None)
    alpha_pred = np.sqrt(g) * math.sqrt(nw)
    U_pred = np.sqrt(g)[:, None] * wf[None, :] / math.sqrt(nw)
    alive = [j for j, p in enumerate(points) if math.hypot(*p) > 1e-8]
    pats = [
        pattern_string(tuple(int(float(x[0]) * p[0] + float(x[1]) * p[1] > 0) for x in X))
        if j in alive
        else None
        for j, p in enumerate(points)
    ]

    t1 = time.perf_counter()
    verdict = is_globally_optimal(scale(net), X, Y, BETA, patterns=patterns)
    t_verdict = time.perf_counter() - t1
    obj_raw = nonconvex_objective(net, X, Y, BETA)
    lower = max(verdict.lower, bounds.lower) if bounds is not None else verdict.lower
    obj_scaled = verdict.objective
    return {
        "seed": seed,
        "width": width,
        "steps": run.steps,
        "converged": run.converged,
        "gradient_norm": run.gradient_norm,
        "lr": run.lr,
        "objective_float": run.objective[-1],
        "points": points,
        "alive": alive,
        "patterns": pats,
        "gamma": [float(t) for t in gam],
        "gamma_sum": float(np.sum(gam)),
        "distance_to_ray": ray,
        "max_distance_to_ray": max(ray),
        "distance_to_segment": seg,
        "max_distance_to_segment": max(seg),
        "sum_of_points": total.tolist(),
        "sum_minus_w_star": float(np.linalg.norm(total - wf)),
        "eq11_max_alpha_error": float(np.max(np.abs(alpha - alpha_pred))),
        "eq11_max_u_error": float(np.max(np.linalg.norm(U - U_pred, axis=1))),
        "alpha_signs": [int(np.sign(a)) for a in alpha],
        "verdict": {
            "optimal": verdict.optimal,
            "kind": verdict.certificate.get("kind"),
            "reason": verdict.reason,
            "objective": list(obj_scaled) if isinstance(obj_scaled, tuple) else obj_scaled,
            "lower": verdict.lower,
            "gap": verdict.gap,
            "gap_float": float(verdict.gap),
        },
        "objective_raw": obj_raw,
        "objective_raw_float": float(obj_raw),
        "certified_gap_raw": obj_raw - lower,
        "certified_gap_raw_float": float(obj_raw - lower),
        "seconds": {"gd": t_gd, "verdict": t_verdict},
    }


# ----------------------------------------------------------------------------
# the whole example
# ----------------------------------------------------------------------------


def run(*, seeds=(0, 1), steps=200000, width=WIDTH, log=print, progress=False):
    """Compute everything; returns the JSON-ready payload (Fractions kept, converted on writing)."""
    t_start = time.perf_counter()
    times = {}

    t0 = time.perf_counter()
    P = dichotomies(X)
    T = trichotomies(X)
    times["patterns"] = time.perf_counter() - t0
    names = [pattern_string(p) for p in P]
    if tuple(names) != PAPER_ORDER:
        raise SystemExit(f"dichotomies {names} are not the paper's D1..D6 = {PAPER_ORDER}")
    log(
        "Example 1 of Wang, Lacotte & Pilanci (2022): X = [[1,0],[0,1],[1,1]], y = (1,0,0), β = 1/10, "
        "loss ½‖ŷ − y‖²"
    )
    log(
        f"p = {len(P)} dichotomies (eq. (10)): "
        + ", ".join(f"D{k + 1} = diag({', '.join(map(str, p))})" for k, p in enumerate(P))
    )
    log(f"q = {len(T)} trichotomies: {' '.join(pattern_string(s, signs=True) for s in T)}")

    t0 = time.perf_counter()
    sol = convex_program(P, Y, BETA).solve()
    times["solve"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    bounds = certify_value(P, Y, BETA, sol)
    verified = verify_value_bounds(P, Y, BETA, bounds)
    times["certify"] = time.perf_counter() - t0
    active = sol.active()
    cand = [block_name(P, b) for b in bounds.candidates]
    b5 = (P.index((1, 0, 1)), 1)
    log(
        f"\nprogram (4), {len(sol.blocks)} blocks, {sol.solver}: status {sol.status}, "
        f"value {sol.value:.12g}, "
        f"active blocks {[block_name(P, b) for b in active]}"
    )
    log(
        f"certified: P* in [{float(bounds.lower):.15g}, {float(bounds.upper):.15g}]  "
        f"(width {float(bounds.gap):.3g}; "
        f"re-verified: {verified})"
    )
    log(f"support candidates (blocks not certified to vanish in every optimum): {cand}")
    enc = block_enclosure(P, Y, bounds, b5)
    zero_excluded = Fraction(1, 2) * sum(Fraction(t) ** 2 for t in Y) > bounds.upper  # W = 0 is not optimal
    unique = enc is not None and zero_excluded
    if enc is not None:
        c = enc["centre"]
        log(
            f"optimal residual in a ball of radius ≤ {float(enc['residual_radius']):.3g} around λ; "
            f"λ_min(F5ᵀF5) ≥ {float(enc['lambda_min_lower']):.6f}"
        )
        log(
            f"⇒ w5* ∈ ball(({float(c[0]):.10f}, {float(c[1]):.10f}), {float(enc['radius']):.3g}) "
            "— certified; "
            f"rounds to (0.86, −0.79): {rounds_to(c, enc['radius'], PAPER_W5)}"
        )
    log(
        "⇒ the optimum of (4) is unique with exactly one non-zero block, 101+ (F5 = D5 X has rank 2, "
        "½‖y‖² > upper excludes W = 0)"
        if unique
        else "support / uniqueness NOT certified"
    )

    # refinement: the support is certified, w5 is interior to its cone -> Newton on the smooth 1-block problem
    refined, enc_ref = None, None
    if unique and all(
        z != 0 for z in (sum(Fraction(a) * Fraction(float(t)) for a, t in zip(x, sol.blocks[b5])) for x in X)
    ):
        t0 = time.perf_counter()
        w_pol, r_pol = polish_single_block(P, Y, BETA, b5, sol.blocks[b5])
        refined = certify_value(P, Y, BETA, ({b5: w_pol}, r_pol))
        verify_value_bounds(P, Y, BETA, refined)
        enc_ref = block_enclosure(P, Y, refined, b5)
        times["refine"] = time.perf_counter() - t0
        if enc_ref is not None:
            c = enc_ref["centre"]
            log(
                f"refined (Newton on the certified support, re-certified from scratch): P* in "
                f"[{float(refined.lower):.17g}, {float(refined.upper):.17g}] "
                f"(width {float(refined.gap):.3g}); "
                f"w5* ∈ ball(({float(c[0]):.16f}, {float(c[1]):.16f}), {float(enc_ref['radius']):.3g})"
            )
    best = enc_ref or enc
    uniq = uniqueness_check(P, Y, BETA, sol)
    if uniq.get("available") and "result" in uniq and isinstance(uniq["result"], dict):
        res = uniq["result"]
        try:  # readable keys for the JSON: '101+[0]' for coordinate 0 of block 101+
            res["ranges"] = {f"{block_name(P, k[0])}[{k[1]}]": v for k, v in res.get("ranges", {}).items()}
            res["blocks"] = [block_name(P, b) for b in res.get("blocks", [])]
        except (TypeError, ValueError, IndexError):
            pass
        rng = "; ".join(f"{k} ∈ [{lo:.6f}, {hi:.6f}]" for k, (lo, hi) in res.get("ranges", {}).items())
        log(
            "Appendix D (float, not a certificate): over the sublevel set f ≤ f* + δ "
            f"(δ = {res.get('slack')}), {rng}; ℓ∞ radius {res.get('radius', float('nan')):.3g}"
        )
    else:
        log(f"Appendix D uniqueness (float): {uniq.get('result', uniq.get('error'))}")

    # the optimal network and the optimal set
    w5 = best["centre"] if best is not None else tuple(Fraction(float(t)) for t in sol.blocks[b5])
    w5f = [float(t) for t in w5]
    cert = refined or bounds
    primal = {b: w for b, w in cert.primal.items() if any(w)}
    net = psi(primal, P)
    Uo, ao = net.to_float()
    t0 = time.perf_counter()
    v_opt = is_globally_optimal(net, X, Y, BETA, patterns=P)
    times["verdict_psi"] = time.perf_counter() - t0
    nrm2 = sum(Fraction(t) ** 2 for t in cert.primal[b5])
    nlo, nhi = sqrt_bounds(nrm2, digits=20)
    nw = math.hypot(*w5f)
    log(
        f"\nψ(W*) (Lemma 2): one neuron u = w5/√‖w5‖ = ({Uo[0][0]:.6f}, {Uo[0][1]:.6f}), "
        f"α = √‖w5‖ = {ao[0]:.6f}  (‖w5‖ = {nw:.10f})"
    )
    log(
        f"  exact verdict on ψ(W̃*) (rational point of the certificate): optimal = {v_opt.optimal} "
        f"({v_opt.certificate.get('kind')}); certified gap {float(v_opt.gap):.3g}"
    )
    log(
        "optimal set (eq. (11), Theorem 1, m ≥ m* = 1): all splittings α_i = √γ_i·√‖w5‖ = √γ_i·"
        f"{math.sqrt(nw):.6f}, u_i = √γ_i·w5/√‖w5‖ = √γ_i·({w5f[0] / math.sqrt(nw):.6f}, "
        f"{w5f[1] / math.sqrt(nw):.6f}), γ_i ≥ 0, Σγ_i = 1; i.e. the points α_i u_i = γ_i w5 on [0, w5*]"
    )

    # gradient descent
    runs = []
    with progress_bar(progress, len(seeds), "gradient descent runs", unit="run") as bar:
        for seed in seeds:
            r = gd_run(P, seed, w5, steps=steps, width=width, bounds=cert)
            runs.append(r)
            bar.update()
            log(
                f"\nGD seed {seed}, m = {width}: {r['steps']} steps (lr {r['lr']:.4g}), "
                f"{'converged' if r['converged'] else 'NOT converged'}, ‖∇L‖ = {r['gradient_norm']:.2e}, "
                f"L = {r['objective_float']:.15g}"
            )
            for j, p in enumerate(r["points"]):
                log(
                    f"  α_{j + 1} u_{j + 1} = ({p[0]: .6f}, {p[1]: .6f})  γ = {r['gamma'][j]:.6f}  "
                    f"dist to ray {r['distance_to_ray'][j]:.1e}"
                    + (f"  cone {r['patterns'][j]}" if r["patterns"][j] else "  (dead)")
                )
            log(
                f"  max dist to ray {r['max_distance_to_ray']:.2e}, "
                f"to segment {r['max_distance_to_segment']:.2e}; "
                f"Σ α_i u_i = ({r['sum_of_points'][0]:.8f}, {r['sum_of_points'][1]:.8f}), ‖Σ − w5*‖ = "
                f"{r['sum_minus_w_star']:.2e}; Σγ = {r['gamma_sum']:.8f}; "
                f"eq. (11) errors α {r['eq11_max_alpha_error']:.1e}, u {r['eq11_max_u_error']:.1e}"
            )
            v = r["verdict"]
            log(f"  exact verdict on scale(θ): optimal = {v['optimal']} ({v['kind']}: {v['reason']})")
            log(
                f"  certified gap L_β(scale θ) − lower = {v['gap_float']:.3e};  L_β(θ) − P* ≤ "
                f"{r['certified_gap_raw_float']:.3e} (θ as trained, exact objective)"
            )

    total = time.perf_counter() - t_start
    return {
        "problem": {
            "X": [list(r) for r in X],
            "y": list(Y),
            "beta": BETA,
            "loss": "1/2 ||yhat - y||^2",
            "paper": "Wang, Lacotte & Pilanci, ICLR 2022, Example 1 and Figure 3",
        },
        "dichotomies": [
            {"name": f"D{k + 1}", "pattern": pattern_string(p), "witness": list(P.witnesses[k])}
            for k, p in enumerate(P)
        ],
        "trichotomies": {"q": len(T), "patterns": [pattern_string(s, signs=True) for s in T]},
        "convex": {
            "solver": sol.solver,
            "status": sol.status,
            "value": sol.value,
            "solve_time": sol.solve_time,
            "n_blocks": len(sol.blocks),
            "active": [block_name(P, b) for b in active],
            "blocks": {block_name(P, b): sol.blocks[b].tolist() for b in active},
        },
        "certificate": {
            **certificate_record(P, bounds, enc),
            "verified": verified,
            "unique_single_block": unique,
            "zero_excluded": zero_excluded,
            "lambda_min_lower": enc and enc["lambda_min_lower"],
            "w5_rounds_to_paper": bool(enc and rounds_to(enc["centre"], enc["radius"], PAPER_W5)),
        },
        "certificate_refined": None
        if refined is None
        else {
            "method": "Newton on the certified one-block support, then certify_value from scratch",
            **certificate_record(P, refined, enc_ref),
        },
        "w5_star": [float(t) for t in w5],
        "uniqueness_appendix_D": uniq,
        "optimal_network": {
            "products": net.to_dict()["products"],
            "signs": list(net.signs),
            "U": Uo.tolist(),
            "alpha": ao.tolist(),
            "norm_w5": nw,
            "norm_w5_bounds": [nlo, nhi],
            "verdict": {
                "optimal": v_opt.optimal,
                "kind": v_opt.certificate.get("kind"),
                "reason": v_opt.reason,
                "gap": v_opt.gap,
                "gap_float": float(v_opt.gap),
            },
        },
        "optimal_set": {
            "description": "all splittings of psi(W*): alpha_i = sqrt(gamma_i) sqrt(||w5||), "
            "u_i = sqrt(gamma_i) w5 / sqrt(||w5||), gamma_i >= 0, sum gamma_i = 1 "
            "(eq. (11) and Theorem 1 of Wang, Lacotte & Pilanci 2022); points alpha_i u_i = gamma_i w5",
            "sqrt_norm_w5": math.sqrt(nw),
            "u_direction": [t / math.sqrt(nw) for t in w5f],
        },
        "gd_runs": runs,
        "settings": {"seeds": list(seeds), "steps": steps, "width": width},
        "seconds": {**times, "total": total},
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--quick", action="store_true", help="at most 20000 GD steps; outputs get a _quick suffix"
    )
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1], help="GD seeds (default 0 1: two trials)")
    ap.add_argument(
        "--steps",
        type=int,
        default=None,
        help="maximum GD steps (default 200000, quick 20000; GD stops once ‖∇L‖ < 1e-12)",
    )
    ap.add_argument("--width", type=int, default=WIDTH, help="GD width m (default 5, as in the paper)")
    ap.add_argument("--out", default=os.path.join(HERE, "output"), help="directory for the PNG and JSON")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    steps = args.steps or (20000 if args.quick else 200000)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.perf_counter()
    payload = run(seeds=tuple(args.seeds), steps=steps, width=args.width, progress=args.progress)
    tag = "_quick" if args.quick else ""
    png = os.path.join(args.out, f"convex_example1{tag}.png")
    js = os.path.join(args.out, f"convex_example1{tag}.json")

    from exactrelu.plot.convex import plot_neuron_plane

    t1 = time.perf_counter()
    w5 = payload["w5_star"]
    plot_neuron_plane(
        dichotomies(X),
        {f"GD seed {r['seed']}": r["points"] for r in payload["gd_runs"]},
        w5,
        title="Example 1 / Figure 3 of Wang, Lacotte & Pilanci (2022)\n"
        f"GD, m = {args.width}: points $\\alpha_i u_i$ on [0, $w_5^*$] (optimal cone D5 = 101)",
        path=png,
    )
    payload["seconds"]["plot"] = time.perf_counter() - t1
    payload["seconds"]["wall"] = time.perf_counter() - t0
    payload["files"] = {"png": png, "json": js}
    write_json(payload, js)
    print(f"\nwrote {png}\nwrote {js}\ntotal {payload['seconds']['wall']:.1f} s")
    return payload


if __name__ == "__main__":
    main()
