"""Local minima and the loss landscape through the convex program (Wang, Lacotte & Pilanci, ICLR 2022, §4–5).

Conventions as in :mod:`proofs_checks.convex_reformulation` (squared loss ½‖ŷ − y‖²,
non-convex penalty (β/2) Σ (‖u_j‖² + α_j²), convex penalty β Σ‖w_b‖, no bias):

* ``cvx_prop5`` — Proposition 5: if W(θ) satisfies the KKT conditions of (4) then
  θ(W(θ)) is a global optimum.  The KKT conditions are checked exactly with the
  correlation vectors v_b = Π_{C_i}(s F_iᵀ r) (‖v_b‖ ≤ β for every block, v_b = β w_b/‖w_b‖
  on used blocks), independently of :func:`exactrelu.convex.optimality.is_globally_optimal`,
  which then confirms the conclusion.
* ``cvx_thm3`` — Theorem 3: a Clarke stationary network is a global optimum of the subsampled
  program (13) of its own trichotomies; its optimality gap is the gap between (13) and (4)
  (certified interval).  Stationarity is certified, not read off a float norm: the gradient of L_β
  at the network's exact (binary) weights is computed in rational arithmetic and ‖∇L_β‖ ≤ 2·10⁻¹²
  is decided exactly (:func:`exactrelu.convex.optimality.certify_stationarity`; a run at a kink is
  not certified).  The conclusion is certified to tolerance ``tol``: L_β(θ) ≤ upper bound of (13) + tol.
* ``cvx_prop7`` — Proposition 7: for m ≥ n + 1 + m* there is a non-increasing path from
  any network to a global optimum.  The path of Appendices B.9/B.10 is built explicitly in
  product coordinates — Carathéodory pruning (constant fit, penalty linear in t), then
  the √t interpolation to θ* = ψ(W*) in disjoint neuron slots (objective convex in t) —
  and monotonicity is decided exactly at a grid of rational t together with the sign
  of the derivative at t = 1 (which, by convexity, proves it on the whole segment).

Families.  Proposition 5 runs over instances whose convex optimum is rational by construction
(:func:`proofs_checks._convex.rational_optimum_instances`: one neuron with a Pythagorean direction
satisfies the KKT conditions exactly), Theorem 3 over data and labels in the positive quadrant
with β = 1/2 (where gradient descent converges to a gradient norm < 1e-12 quickly), Proposition 7
over labelled integer data (:func:`proofs_checks._convex.labelled_instances`) with a random start.

Negative controls and negative families drop one hypothesis each: KKT checked on a subset of
the patterns (the instance excludes the one pattern where the KKT conditions fail); a
non-stationary network (gradient descent stopped after 1–3 steps); width m = 1 < n + 1 + m*,
θ the best one-neuron network of the worse output sign, with a certified spurious valley.
"""

from fractions import Fraction

import numpy as np

from exactrelu.convex import bounds as cb
from exactrelu.convex.minimality import caratheodory_prune, is_minimal, split
from exactrelu.convex.optimality import certify_stationarity, neuron_trichotomies, stationary_gap
from exactrelu.convex.regularised_gd import weight_decay_gd
from exactrelu.convex.scaled_networks import (
    ScaledNetwork,
    network_to_convex,
    nonconvex_objective,
    psi,
    theta_of_W,
)
from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_sum_sign
from exactrelu.exact.linalg import dot

from ._convex import (
    CEX1,
    EXAMPLE1,
    SOURCE,
    Polytope,
    Solved,
    as_scaled,
    checked_verdict,
    convex_instance,
    dichotomies,
    labelled_instances,
    objective_float,
    objective_sign,
    problem,
    rational_optimum_instances,
    sampled_setup,
)
from .framework import Counterexample, NotApplicable, Verified, register

_BETA = Fraction(1, 10)


# ============================================================================ Proposition 5
P5_STATEMENT = (
    "Proposition 5: if θ is minimal and W(θ) satisfies the KKT conditions of the convex program (4), "
    "then θ(W(θ)) is a global optimum of L_β."
)


def kkt_conditions(K, W, r, beta):
    """Exact KKT test of (4) over every block of the pattern set K at the residual r.

    Returns (holds, failure dict or None, number of blocks checked).
    """
    b2 = beta * beta
    blocks = cb.all_blocks(K)
    for b in blocks:
        v, _, _ = cb.correlation_vector(K, b, r)
        nv = dot(v, v)
        if nv > b2:
            return (
                False,
                {
                    "block": cb.block_name(K, b),
                    "why": "‖v_b‖ > β (dual infeasible)",
                    "correlation_norm_sq": nv,
                },
                len(blocks),
            )
        if b in W:
            w = W[b]
            c = next((a / t for a, t in zip(v, w) if t), None)
            if nv != b2 or c is None or c <= 0 or any(a != c * t for a, t in zip(v, w)):
                return (
                    False,
                    {"block": cb.block_name(K, b), "why": "v_b ≠ β w_b/‖w_b‖ on a used block"},
                    len(blocks),
                )
    return True, None, len(blocks)


_FULL_KKT = "the KKT conditions are those of the full program (4): every dichotomy, both signs"


def _prop5_negative():
    return {"X": [[1, 0], [0, 1]], "y": [1, 1], "beta": _BETA, "n_gates": 4, "sample_seed": 29}


def _prop5_family():
    """Instances with a rational optimum by construction (one neuron c·u, u a rational unit vector,
    satisfying the KKT conditions of (4) exactly): the networks tested satisfy KKT exactly."""
    return rational_optimum_instances()


def _prop5_negative_family():
    """The same construction with the KKT conditions imposed on every pattern but one, which the
    instance excludes: KKT over a subset of the patterns (the full-program hypothesis dropped)."""
    return rational_optimum_instances(exclude=True)


@register(
    "cvx_prop5",
    P5_STATEMENT,
    SOURCE + ", Proposition 5 (section 4.3, Appendix B.8)",
    default=lambda: dict(CEX1),
    negative=_prop5_negative,
    hypotheses=(_FULL_KKT,),
    family=_prop5_family,
    negative_family=_prop5_negative_family,
    dropped=_FULL_KKT,
)
def check_prop5(
    X, *, y=None, beta=_BETA, network=None, n_gates=None, sample_seed=0, exclude=None, limit=None
):
    """KKT of W(θ) (exact, own implementation) ⇒ θ(W(θ)) optimal (exact verdict).

    ``network`` (dict ``{"products", "signs"}``) is the θ to test; by default every vertex of the
    optimal polytope, the minimum-norm optimum and a splitting of the first vertex (all through ψ).
    With ``n_gates``/``exclude`` the KKT conditions are checked over a sampled set of patterns
    only (and the default networks come from the sampled program's exact optimum).
    """
    rows, y, beta, P, S, sinfo, inst = sampled_setup(
        X, y, beta, limit=limit, n_gates=n_gates, sample_seed=sample_seed, exclude=exclude, network=network
    )
    K = P if S is None else S
    base = {"kkt_patterns": [K.name(i) for i in range(len(K))], "sample": sinfo}
    nets = []
    if network is not None:
        nets.append(("given", as_scaled(network)))
    else:
        solved = Solved(K, y, beta)
        base["program"] = solved.summary()
        if solved.exact is None:
            return _prop5_algebraic(K, P, S, rows, y, beta, solved, base, inst)
        poly = Polytope(K, y, solved.exact)
        alphas = list(poly.vertices() or [solved_alpha(poly, solved)])
        mn = poly.min_norm()
        if mn is not None and mn not in alphas:
            alphas.append(mn)
        for k, a in enumerate(alphas):
            desc = ", ".join(f"{name} {val}" for name, val in poly.describe(a).items())
            nets.append((f"ψ(optimum {k}: α = {desc})", psi(poly.blocks(a), K)))
        first = nets[0][1]
        if first.n_nonzero:
            j = first.nonzero()[0]
            nets.append(
                (
                    "splitting of neuron 0 of optimum 0 (1/3, 2/3)",
                    split(first, j, [Fraction(1, 3), Fraction(2, 3)]),
                )
            )
    results = []
    for label, theta in nets:
        try:
            W = network_to_convex(theta, K)
        except InvalidDataError as exc:
            return NotApplicable(P5_STATEMENT, f"{label}: {exc}", base)
        r = tuple(a - f for a, f in zip(y, theta.output(rows)))
        holds, failure, nblocks = kkt_conditions(K, W, r, beta)
        rec = {
            "network": label,
            "products": theta.to_dict(),
            "W": {cb.block_name(K, b): list(w) for b, w in W.items()},
            "kkt": holds,
            "kkt_blocks_checked": nblocks,
        }
        if not holds:
            rec["kkt_failure"] = failure
            results.append(rec)
            continue
        merged = theta_of_W(W, K)
        check(merged.output(rows) == theta.output(rows), "θ(W(θ)) has the fit of θ")
        check(bool(is_minimal(merged, rows)), "θ(W(θ)) is minimal")
        dual = cb.dual_value(y, r)
        rec["objective_equals_dual_value"] = objective_sign(merged, rows, y, beta, dual) == 0
        v = checked_verdict(merged, rows, y, beta, P)
        rec.update(
            {
                "theta_W_theta": merged.to_dict(),
                "verdict": v.certificate["kind"],
                "optimal": v.optimal,
                "objective": objective_float(merged, rows, y, beta),
            }
        )
        if v.optimal:
            check(rec["objective_equals_dual_value"] or S is not None, "primal value = dual value at r")
        else:
            kind = v.certificate.get("kind")
            blk = v.certificate.get("block")
            rec["verdict_block"] = cb.block_name(P, blk) if blk is not None else None
            why = (
                f"W(θ) for {label} satisfies the KKT conditions on the {nblocks} blocks of the "
                f"{len(K)} patterns {base['kkt_patterns']}, yet θ(W(θ)) is not optimal: "
                f"'{kind}' certificate"
                + (
                    f" on block {rec['verdict_block']}"
                    + (
                        " (a pattern that was not checked)"
                        if P.name(blk[0]) not in base["kkt_patterns"]
                        else ""
                    )
                    if blk is not None
                    else ""
                )
                + f"; L_β ≈ {rec['objective']:.9g}, certified P* ≥ {float(v.lower):.9g}"
            )
            return Counterexample(
                P5_STATEMENT, inst, why, {**base, "networks": results + [rec], "hypotheses_hold": S is None}
            )
        results.append(rec)
    ok = [r for r in results if r["kkt"]]
    if not ok:
        return NotApplicable(
            P5_STATEMENT, "no tested network satisfies the KKT conditions", {**base, "networks": results}
        )
    return Verified(P5_STATEMENT, {**base, "networks": results, "networks_kkt_and_optimal": len(ok)})


def _prop5_algebraic(K, P, S, rows, y, beta, solved, base, inst):
    """Proposition 5 at an irrational optimum, decided exactly (issue 16).

    :func:`exactrelu.convex.algebraic.algebraic_optimum` proves the optimum W* of the program over K
    (one support block, α* a root of a rational polynomial, strict KKT inequalities in arb balls): W*
    satisfies the KKT conditions of the program over K.  θ = ψ(W*) is one neuron, W(θ) = W*, and
    θ(W(θ)) = θ.  Conclusion: θ is a global optimum iff every block of the *full* program (4) is dual
    feasible at r* (then L_β(θ) = D(r*) ≤ P*: the identity L − D = α*(r*ᵀA r* − β²) = 0 holds at the
    root).  Each block of (4) is certified strictly feasible, or infeasible by a descent direction.
    """
    from exactrelu.convex.algebraic import algebraic_optimum, dual_status_at, verify_algebraic_optimum

    opt = algebraic_optimum(K, y, beta, solved.bounds)
    if opt is None:
        return NotApplicable(
            P5_STATEMENT,
            "the optimum is irrational and not a single support block on a certified face "
            "(exactrelu.convex.algebraic decides that case only)",
            base,
        )
    verify_algebraic_optimum(K, y, beta, opt)
    status = dual_status_at(K, y, beta, opt, P)
    full_b = solved.bounds if S is None else None
    rec = {
        "network": "ψ(W*) = one neuron α* v(α*), algebraic",
        "support_block": cb.block_name(K, opt.block),
        "alpha_polynomial": [str(c) for c in opt.poly],
        "alpha_interval": [float(opt.lo), float(opt.hi)],
        "value_ball": str(opt.value),
        "kkt": True,
        "kkt_blocks_checked": 2 * len(K),
        "full_program_blocks": status,
    }
    if full_b is not None:
        lo, hi = float(full_b.lower), float(full_b.upper)
        check(opt.value.overlaps(flint_interval(full_b.lower, full_b.upper)), "P* ball within the bounds")
        rec["certified_bounds"] = [lo, hi]
    if status["undecided"]:
        return NotApplicable(
            P5_STATEMENT, f"blocks {status['undecided']} not decided at r*", {**base, "networks": [rec]}
        )
    if status["infeasible"]:
        why = (
            f"W(θ) for ψ(W*) (W* the irrational optimum over the {len(K)} patterns {base['kkt_patterns']}) "
            f"satisfies their KKT conditions (certified), yet θ is not optimal: block(s) "
            f"{status['infeasible']} of the full program are dual infeasible at r* (certified descent)"
        )
        return Counterexample(
            P5_STATEMENT, inst, why, {**base, "networks": [rec], "hypotheses_hold": S is None}
        )
    rec["optimal"] = True
    return Verified(
        P5_STATEMENT, {**base, "networks": [rec], "networks_kkt_and_optimal": 1, "irrational": True}
    )


def flint_interval(lo, hi):
    """The arb ball [lo, hi] (rationals)."""
    import flint

    mid = (lo + hi) / 2
    return flint.arb(flint.fmpq(mid.numerator, mid.denominator)) + flint.arb(0, float((hi - lo) / 2) * 1.001)


def solved_alpha(poly, solved):
    """α of the exact primal optimum (fallback when vertices are not enumerated)."""
    return tuple(
        next((a / c for a, c in zip(solved.exact.primal[b], solved.exact.correlations[b]) if c), 0)
        if b in solved.exact.primal
        else Fraction(0)
        for b in poly.tight
    )


# ============================================================================ Theorem 3
T3_STATEMENT = (
    "Theorem 3: a Clarke stationary network θ is a global optimum of the subsampled convex program (13) "
    "over its own trichotomies sign(X u_j); its optimality gap equals the gap between (13) and (12)/(4)."
)


_STATIONARY = (
    "θ is Clarke ε-stationary, ε = 2·10⁻¹², certified exactly: the gradient of L_β at the network's "
    "rational weights, computed in exact arithmetic (no kink, so the Clarke subdifferential is that "
    "gradient), has ‖∇L_β‖² ≤ ε² (exactrelu.convex.optimality.certify_stationarity)"
)
_EPS = "2e-12"


def _thm3_default():
    return {**EXAMPLE1, "m": 2, "seeds": 6}


def _thm3_negative():
    return {**EXAMPLE1, "m": 2, "seeds": 2, "steps": 1}


_FAST_BETA = Fraction(1, 2)  # a larger weight decay: gradient descent converges in fewer steps


def _thm3_family():
    """Data and labels in 1..3 (the open positive quadrant, where gradient descent usually reaches a
    gradient norm < 1e-12 within a few thousand steps), β = 1/2, width m = 2, two runs (a run that
    does not converge, e.g. oscillating at a ReLU kink, is set aside: it is not a stationary sample)."""
    return labelled_instances(positive=True, m=2, seeds=2, beta=_FAST_BETA)


def _thm3_negative_family():
    """The same with gradient descent stopped after 1–3 steps (stationarity dropped)."""
    from hypothesis import strategies as st

    return labelled_instances(positive=True, m=2, seeds=1, steps=st.integers(1, 3), beta=_FAST_BETA)


@register(
    "cvx_thm3",
    T3_STATEMENT,
    SOURCE + ", Theorem 3 (section 4.2, Appendix B.7)",
    default=_thm3_default,
    negative=_thm3_negative,
    hypotheses=(_STATIONARY,),
    family=_thm3_family,
    negative_family=_thm3_negative_family,
    dropped=_STATIONARY,
)
def check_thm3(X, *, y=None, beta=_BETA, m=2, seeds=6, steps=20000, tol=1e-8, limit=None):
    """Gradient descent runs (width m, seeds 0..seeds−1) judged against their own program (13).

    For each run: network_excess = L_β(θ) − lower(13) must be ≤ ``tol`` (θ solves (13) up to the
    float accuracy of gradient descent); the gap P_(13) − P* is bracketed (certified), and positive
    gaps (stationary but not global, e.g. a run that died at the zero network) are reported.  A run
    whose objective exceeds the certified *upper* bound of its own (13) by more than ``tol`` is not
    optimal for it — a counterexample, with ``hypotheses_hold`` telling whether GD had converged.
    """
    rows, y, beta = problem(X, y, beta)
    P = dichotomies(rows, limit=limit)
    full = Solved(P, y, beta)
    inst = convex_instance(rows, y, beta, m=int(m), seeds=int(seeds), steps=int(steps))
    runs = []
    for seed in range(int(seeds)):
        run = weight_decay_gd(rows, y, beta, int(m), steps=int(steps), seed=seed)
        g = stationary_gap(run.network, rows, y, beta, full=full.bounds)
        L = nonconvex_objective(run.network, rows, y, beta)
        st = certify_stationarity(run.network, rows, y, beta, eps=_EPS)
        stationary = st["stationary"] is True
        check(g.gap_upper >= 0, "P_(13) ≥ P* (a restriction of (12))")
        rec = {
            "seed": seed,
            "steps": run.steps,
            "converged": run.converged,
            "gradient_norm": run.gradient_norm,
            "stationary_certified": stationary,
            "exact_gradient_norm_sq": st["gradient_norm_sq"],
            "kinks": st["kinks"],
            "objective": float(L),
            **g.to_dict(),
            "objective_minus_subsampled_upper": float(L - g.sub.upper),
            "optimality_gap_interval": [float(L - full.upper), float(L - full.lower)],
            "certified_positive_gap": g.gap_lower > 0,
        }
        runs.append(rec)
        if L - g.sub.upper > tol:
            why = (
                f"θ from {run.steps} gradient step(s) (seed {seed}, gradient norm "
                f"{run.gradient_norm:.3g}) is not optimal for the subsampled program (13) of its own "
                f"trichotomies {rec['subsampled_patterns']}: "
                f"L_β(θ) − P_(13) ≥ {float(L - g.sub.upper):.4g} > 0 (exact objective above the certified "
                "upper bound)"
            )
            if stationary:
                return Counterexample(T3_STATEMENT, inst, why, {"runs": runs, "hypotheses_hold": True})
            rec["not_stationary"] = why
    stationary = [r for r in runs if r["stationary_certified"]]
    cert = {
        "m": int(m),
        "full_program": full.summary(),
        "runs": runs,
        "tol": tol,
        "stationary_runs": len(stationary),
        "stuck_runs_with_certified_positive_gap": sum(r["certified_positive_gap"] for r in stationary),
    }
    if not stationary:
        failed = [r for r in runs if "not_stationary" in r]
        if failed:
            return Counterexample(
                T3_STATEMENT,
                inst,
                failed[0]["not_stationary"]
                + "; no run reached a stationary point (the hypothesis is dropped)",
                {"runs": runs, "hypotheses_hold": False},
            )
        return NotApplicable(T3_STATEMENT, "no gradient-descent run reached a stationary point", cert)
    bad = [r for r in stationary if r["network_excess"] > tol]
    if bad:
        return NotApplicable(T3_STATEMENT, f"{len(bad)} run(s) with network_excess > {tol} not decided", cert)
    if len(stationary) < len(runs):
        cert["note"] = (
            "runs without a certified exact gradient norm ≤ 2e-12 (e.g. oscillating at a ReLU kink) are "
            "not Clarke-stationary samples and are set aside"
        )
    return Verified(T3_STATEMENT, cert)


# ============================================================================ Proposition 7
P7_STATEMENT = (
    "Proposition 7: for m ≥ n + 1 + m*, every network θ ∈ Θ_m is joined to a global optimum by a "
    "continuous path along which L_β is non-increasing (no spurious valleys)."
)


def _random_scaled(m, d, seed, low=-3, high=3):
    rng = np.random.default_rng(seed)
    products, signs = [], []
    while len(products) < m:
        p = [int(t) for t in rng.integers(low, high + 1, size=d)]
        if any(p):
            products.append(p)
            signs.append(int(rng.choice([-1, 1])))
    return ScaledNetwork(products, signs)


def _path_objective_diff_sign(L_loss_a, L_loss_b, norms_a, norms_b, beta):
    """Exact sign of L(b) − L(a) for networks with losses and squared product norms given."""
    return sqrt_sum_sign(
        [(L_loss_b - L_loss_a, 1)] + [(beta, q) for q in norms_b if q] + [(-beta, q) for q in norms_a if q]
    )


def _monotone(nets, rows, y, beta):
    """Exact: L(θ_{k+1}) ≤ L(θ_k) along a list of networks; returns (holds, first violation index)."""
    losses = [n.loss(rows, y) for n in nets]
    norms = [n.penalty_squared_norms() for n in nets]
    for k in range(len(nets) - 1):
        if _path_objective_diff_sign(losses[k], losses[k + 1], norms[k], norms[k + 1], beta) > 0:
            return False, k
    return True, None


def _worse_sign_neuron(y, beta, P):
    """The best one-neuron network of the output sign whose best one-neuron value is certifiably
    worse (the candidate spurious valley of width 1), or None."""
    best = {}
    for s in (1, -1):
        for i in range(len(P)):
            one = Solved(P, y, beta, blocks=[(i, s)])
            if s not in best or one.upper < best[s].upper:
                best[s] = one
    worse = [s for s in (1, -1) if best[s].lower > best[-s].upper]
    if not worse:
        return None
    one = best[worse[0]]
    net = psi(one.exact.primal if one.exact is not None else one.bounds.primal, P)
    return net if net.n_neurons == 1 else None


def _spurious_width1(rows, y, beta, P, theta):
    """Certificate that the width-1 network θ lies in a spurious valley (or None)."""
    if theta is None or theta.n_nonzero != 1 or theta.n_neurons != 1:
        return None
    s = theta.signs[0]
    half = sum((t * t for t in y), Fraction(0)) / 2
    same = Solved(P, y, beta, blocks=[(i, s) for i in range(len(P))])
    # the best width-1 network of the other sign: one block, one neuron
    best = None
    for i in range(len(P)):
        one = Solved(P, y, beta, blocks=[(i, -s)])
        if best is None or one.upper < best.upper:
            best = one
    W1 = best.exact.primal if best.exact is not None else best.bounds.primal
    other = psi(W1, P)
    if other.n_nonzero > 1:
        return None
    c = {
        "theta": theta.to_dict(),
        "theta_objective": objective_float(theta, rows, y, beta),
        "zero_output_weight_barrier": half,
        "same_sign_program": same.summary(),
        "other_sign_network": other.to_dict(),
        "other_sign_objective": objective_float(other, rows, y, beta),
    }
    below_barrier = objective_sign(theta, rows, y, beta, half) < 0
    other_better = objective_sign(other, rows, y, beta, same.lower) < 0
    c["theta_below_barrier"] = below_barrier
    c["other_sign_below_every_same_sign_network"] = other_better
    if same.exact is not None:
        c["theta_local_minimum"] = objective_sign(theta, rows, y, beta, same.exact.value) == 0
    own = neuron_trichotomies(theta, rows)
    sub = Solved(own, y, beta)
    c["stationarity"] = {
        "own_trichotomies": [own.name(i) for i in range(len(own))],
        "own_program": sub.summary(),
        "solves_own_program_exactly": sub.exact is not None
        and objective_sign(theta, rows, y, beta, sub.exact.value) == 0,
    }
    return c if below_barrier and other_better else None


_P7_WIDTH = "the width is m ≥ n + 1 + m*"


def _prop7_negative():
    return {
        "X": [[1, 0], [0, 1]],
        "y": [1, Fraction(-1, 2)],
        "beta": _BETA,
        "m": 1,
        "network": {"products": [[0, Fraction(2, 5)]], "signs": [-1]},
    }


def _prop7_family():
    """Labelled integer data, width n + 1 + m* (default), a random integer network (drawn seed)."""
    from hypothesis import strategies as st

    return labelled_instances(seed=st.integers(0, 50))


def _prop7_negative_family():
    """Labels of both signs, width m = 1 < n + 1 + m*, θ the best one-neuron network of the worse
    output sign (the check's default for m = 1): a spurious valley is certified where θ beats the
    zero-output barrier ½‖y‖²."""
    return labelled_instances(mixed=True, m=1)


@register(
    "cvx_prop7",
    P7_STATEMENT,
    SOURCE + ", Propositions 6 and 7 (section 5, Appendices B.9–B.10)",
    default=lambda: dict(CEX1),
    negative=_prop7_negative,
    hypotheses=(_P7_WIDTH,),
    family=_prop7_family,
    negative_family=_prop7_negative_family,
    dropped=_P7_WIDTH,
)
def check_prop7(X, *, y=None, beta=_BETA, m=None, network=None, seed=0, grid=8, limit=None):
    """The explicit non-increasing path θ → prune → θ* (exact monotonicity), or for m = 1 < n + 1 + m*
    a certified spurious valley.

    ``network`` (dict ``{"products", "signs"}``, a scaled network with m neurons) defaults to m random
    integer products with random signs (``seed``); m defaults to n + 1 + m*.
    """
    rows, y, beta = problem(X, y, beta)
    n = len(rows)
    P = dichotomies(rows, limit=limit)
    full = Solved(P, y, beta)
    if full.exact is not None:
        poly = Polytope(P, y, full.exact)
        mstar, alpha = poly.m_star()
        W_star = poly.blocks(alpha)
        mstar_lo = mstar_hi = mstar
    else:
        W_star = full.bounds.primal
        mstar_hi = len(full.bounds.candidates)
        mstar_lo = 1 if full.upper < sum((t * t for t in y), Fraction(0)) / 2 else 0
    theta_star = psi(W_star, P)
    theta = as_scaled(network)
    if m is None:
        m = theta.n_neurons if theta is not None else n + 1 + mstar_hi
    m = int(m)
    if theta is None and m == 1:
        theta = _worse_sign_neuron(y, beta, P)
    if theta is None:
        theta = _random_scaled(m, len(rows[0]), seed)
    if theta.n_neurons != m:
        raise InvalidDataError(f"the network has {theta.n_neurons} neurons but m = {m}")
    inst = convex_instance(rows, y, beta, m=m, network=theta.to_dict())
    need = n + 1 + mstar_hi
    base = {
        "n": n,
        "m": m,
        "m_star": mstar_lo if mstar_lo == mstar_hi else [mstar_lo, mstar_hi],
        "required_width": need,
        "full_program": full.summary(),
    }
    if m < n + 1 + mstar_lo and m == 1:
        cert = _spurious_width1(rows, y, beta, P, theta)
        if cert is not None:
            why = (
                f"width m = 1 < n + 1 + m* = {n + 1 + mstar_lo}: θ (one neuron, output sign "
                f"{theta.signs[0]:+d}) has L_β ≈ {cert['theta_objective']:.6g} < ½‖y‖² = "
                f"{float(cert['zero_output_weight_barrier']):.6g}, "
                "the objective of every network with output weight 0; a width-1 network of the other "
                f"sign has L_β ≈ {cert['other_sign_objective']:.6g}, below every network of θ's sign "
                "(certified), so every global minimiser has the other sign and any path to one crosses "
                "α = 0, where L_β exceeds L_β(θ): θ's valley is spurious"
                + (
                    " (θ is a local minimum: optimal among all networks of its sign)"
                    if cert.get("theta_local_minimum")
                    else ""
                )
                + (
                    "; θ solves the program (13) of its own trichotomy exactly "
                    "(Theorem 3's stationary points)"
                    if cert["stationarity"]["solves_own_program_exactly"]
                    else ""
                )
            )
            return Counterexample(P7_STATEMENT, inst, why, {**base, **cert, "hypotheses_hold": False})
        return NotApplicable(
            P7_STATEMENT, "m < n + 1 + m* but no spurious-valley certificate was found", base
        )
    # stage A: Carathéodory pruning, p_j(t) = (1 − t + t c_j) p_j
    pruned = caratheodory_prune(theta, rows)
    coef = []
    for p, q in zip(theta.products, pruned.products):
        if not any(q):
            coef.append(Fraction(0))
            continue
        k = next(i for i, t in enumerate(p) if t)
        c = q[k] / p[k]
        check(c > 0 and all(b == c * a for a, b in zip(p, q)), "pruning rescales each neuron by c_j ≥ 0")
        coef.append(c)
    ts = [Fraction(k, int(grid)) for k in range(int(grid) + 1)]
    stage_a = [
        ScaledNetwork(
            [tuple((1 - t + t * c) * a for a in p) for p, c in zip(theta.products, coef)], theta.signs
        )
        for t in ts
    ]
    fit0 = theta.output(rows)
    check(all(net.output(rows) == fit0 for net in stage_a), "stage A keeps the fit exactly")
    mono_a, _ = _monotone(stage_a, rows, y, beta)
    check(mono_a, "stage A objective non-increasing (exact)")  # linear in t with L(1) ≤ L(0)
    # stage B: disjoint slots, θ(t) = (1 − t) θ̃ ⊕ t θ*
    free = [j for j in range(m) if not any(pruned.products[j])]
    kstar = theta_star.n_nonzero
    if len(free) < kstar:
        return NotApplicable(
            P7_STATEMENT,
            f"after pruning only {len(free)} free slot(s) for the {kstar} neurons of "
            "θ*: the path needs more width",
            base,
        )
    slots = free[:kstar]
    star_products = [theta_star.products[j] for j in theta_star.nonzero()]
    star_signs = [theta_star.signs[j] for j in theta_star.nonzero()]

    def at(t):
        prods = [tuple((1 - t) * a for a in p) for p in pruned.products]
        sg = list(pruned.signs)
        for slot, p, s in zip(slots, star_products, star_signs):
            prods[slot] = tuple(t * a for a in p)
            sg[slot] = s
        return ScaledNetwork(prods, sg)

    stage_b = [at(t) for t in ts]
    check(stage_b[0].output(rows) == pruned.output(rows), "θ(0) of stage B is the pruned network")
    mono_b, bad_b = _monotone(stage_b, rows, y, beta)
    # derivative at t = 1 of the convex function L(t): (ŷ* − ŷ̃)·(ŷ* − y) + β (R* − R̃)
    ys, yt = theta_star.output(rows), pruned.output(rows)
    slope = dot([a - b for a, b in zip(ys, yt)], [a - b for a, b in zip(ys, y)])
    dsign = sqrt_sum_sign(
        [(slope, 1)]
        + [(beta, q) for q in theta_star.penalty_squared_norms() if q]
        + [(-beta, q) for q in pruned.penalty_squared_norms() if q]
    )
    end_ok = None
    if full.exact is not None:
        check(objective_sign(stage_b[-1], rows, y, beta, full.exact.value) == 0, "θ(1) has objective P*")
        v = checked_verdict(stage_b[-1], rows, y, beta, P)
        check(v.optimal, "θ(1) certified optimal")
        end_ok = v.certificate["kind"]
    cert = {
        **base,
        "theta": theta.to_dict(),
        "pruned": pruned.to_dict(),
        "prune_scales": coef,
        "pruned_nonzero": pruned.n_nonzero,
        "theta_star": theta_star.to_dict(),
        "theta_star_slots": slots,
        "grid": ts,
        "stage_a_objective": [objective_float(t, rows, y, beta) for t in stage_a],
        "stage_b_objective": [objective_float(t, rows, y, beta) for t in stage_b],
        "stage_a_non_increasing": mono_a,
        "stage_b_non_increasing_on_grid": mono_b,
        "stage_b_derivative_sign_at_1": dsign,
        "endpoint_verdict": end_ok,
        "argument": "stage A: fit constant, penalty linear in t; stage B: L(t) convex in t (quadratic "
        "loss of a linear fit + linear penalty), so L'(1) ≤ 0 makes it non-increasing on [0, 1]",
    }
    if full.exact is None:
        cert["endpoint_within_gap"] = float(full.upper - full.lower)
    if m < n + 1 + mstar_lo:
        return NotApplicable(
            P7_STATEMENT,
            f"m = {m} < n + 1 + m*, but the path exists here ({pruned.n_nonzero} neurons after pruning)",
            cert,
        )
    if not mono_b or dsign > 0:
        if full.exact is None:
            # L is convex along stage B: it decreases to its minimum L(t_min) ≥ P* ≥ lower, then rises
            # to L(1) ≤ upper, so any increase is at most the certified gap upper − lower
            check(objective_sign(stage_b[-1], rows, y, beta, full.upper) <= 0, "L(θ(1)) ≤ upper (exact)")
            cert["non_increasing_up_to_gap"] = float(full.upper - full.lower)
            cert["note"] = (
                "the endpoint ψ(W̃) is a rounded optimum: L(t) is convex, its minimum is ≥ P* ≥ lower and "
                "L(1) ≤ upper, so the path is non-increasing up to the certified gap"
            )
            return Verified(P7_STATEMENT, cert)
        return Counterexample(
            P7_STATEMENT,
            inst,
            f"the path increases (grid step {bad_b}, slope sign {dsign})",
            {**cert, "hypotheses_hold": True},
        )
    return Verified(P7_STATEMENT, cert)
