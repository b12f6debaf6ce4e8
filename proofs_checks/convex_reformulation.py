"""The convex reformulation and the optimal set (Wang, Lacotte & Pilanci, ICLR 2022, sections 1–3).

Checks of Wang, Lacotte & Pilanci 2022's statements about the convex program (4) and the set of optimal
networks, for the squared loss ½‖ŷ − y‖² with non-convex penalty
(β/2) Σ_j (‖u_j‖² + α_j²) and convex penalty β Σ_b ‖w_b‖ (no bias; rows of X are
samples; blocks b = (i, s) of the dichotomies of X):

* ``cvx_pc_equals_p`` — P_c = P* (section 1, Lemma 2 / Lemma 1);
* ``cvx_lemma1`` — m* ≤ n + 1, and an optimum prunes to ≤ n neurons at constant value;
* ``cvx_prop1`` — a nearly minimal network merges to a minimal one along a path of
  constant objective;
* ``cvx_lemma2`` — ψ(W*) is an optimal network;
* ``cvx_thm1`` — the optima gradient descent finds are splittings of ψ(W*).

How they certify.  When the convex optimum is rational
(:func:`exactrelu.convex.bounds.exact_optimum`; e.g. the square example of docs/reconstructions.md,
'Mishkin & Pilanci 2023: worked examples', P* = 19/50) every
claim is checked exactly: the optimal polytope {w_b = α_b v_b} is enumerated, networks
are ScaledNetworks in exact product coordinates, and objectives with irrational norms
are compared exactly (:func:`exactrelu.exact.intervals.sqrt_sum_sign`).  Otherwise
(Example 1 of the paper: P* irrational) the optimum is bracketed rigorously,
lower ≤ P* ≤ upper (:func:`exactrelu.convex.bounds.certify_value`), and statements
are verified up to that certified gap.  Optimality of networks is decided by
:func:`exactrelu.convex.optimality.is_globally_optimal` (exact, with certificates that
are re-checked by :func:`~exactrelu.convex.optimality.verify_optimality_verdict`).

Families.  Every check runs over a natural family of small instances (2–4 points of Z² with
|coordinates| ≤ 3, integer labels in [−3, 3], β = 1/10; :func:`proofs_checks._convex.labelled_instances`),
mixed where the check needs an exact optimum with instances whose convex optimum is rational by
construction (:func:`proofs_checks._convex.rational_optimum_instances`).

Negative controls and negative families drop one hypothesis each: the dichotomies are
*sampled* as in scnn (P_c = P*, Lemma 2: a pattern of the optimum missed), the width is
m < m* (Lemma 1, Theorem 1: a certified lower bound on P*_m above P*), the network is not
nearly minimal (Proposition 1).  The old controls of Lemma 1 (a bound n − 1 instead of n + 1)
and Theorem 1 (gradient descent stopped after 20 steps) are kept as labelled *mutation*
controls (``run_check(name, mutation=True)``).
"""

from fractions import Fraction

from exactrelu.convex import bounds as cb
from exactrelu.convex.minimality import caratheodory_prune, is_minimal, is_nearly_minimal, merge, merge_path
from exactrelu.convex.optimal_set import optimal_set
from exactrelu.convex.regularised_gd import weight_decay_gd
from exactrelu.convex.scaled_networks import (
    ScaledNetwork,
    compare_penalty,
    convex_fit,
    network_to_convex,
    nonconvex_objective,
    psi,
    scale,
    theta_of_W,
)
from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.linalg import rank

from ._convex import (
    CEX1,
    EXAMPLE1,
    SOURCE,
    Polytope,
    Solved,
    as_scaled,
    block_names,
    checked_verdict,
    convex_instance,
    dichotomies,
    labelled_instances,
    lambda_min_lower,
    nearly_minimal_instances,
    objective_float,
    objective_sign,
    problem,
    psi_float_angle,
    rational_optimum_instances,
    sampled_setup,
    scaled_summary,
    splitting_of_optimum,
    sqrt_up,
    twin_networks,
    width_lower_bound,
)
from .framework import Counterexample, NotApplicable, Verified, register

_BETA = Fraction(1, 10)


def _half_sq(y):
    return sum((t * t for t in y), Fraction(0)) / 2


# ============================================================================ P_c = P*
PC_STATEMENT = (
    "The optimal value P_c of the convex program (4) over all dichotomies equals the optimal value P* "
    "of the regularised non-convex problem (1) for m ≥ m*: P* ≤ L_β(ψ(W*)) = P_c, and no network "
    "has objective below the certified dual bound of (4)."
)


_ALL_PATTERNS = "the convex program uses every dichotomy D_i of X, with both output signs"


def _pc_default():
    return dict(CEX1)


def _pc_negative():
    return {**EXAMPLE1, "n_gates": 4, "sample_seed": 2}


def _sampled_options():
    from hypothesis import strategies as st

    return {"n_gates": st.integers(1, 2), "sample_seed": st.integers(0, 20)}


def _pc_family():
    """Labelled integer data (irrational optima, certified brackets) and rational optima; short GD runs."""
    from hypothesis import strategies as st

    return st.one_of(labelled_instances(steps=2000), rational_optimum_instances(steps=2000))


def _pc_negative_family():
    """Labels of both signs, dichotomies sampled by 1–2 Gaussian gates (scnn): P_sampled > P*."""
    return labelled_instances(mixed=True, **_sampled_options())


@register(
    "cvx_pc_equals_p",
    PC_STATEMENT,
    SOURCE + ", section 1 (Pilanci & Ergen 2020), Lemma 1 and Lemma 2",
    default=_pc_default,
    negative=_pc_negative,
    hypotheses=(_ALL_PATTERNS,),
    family=_pc_family,
    negative_family=_pc_negative_family,
    dropped=_ALL_PATTERNS,
)
def check_pc_equals_p(
    X,
    *,
    y=None,
    beta=_BETA,
    m=None,
    seed=0,
    steps=20000,
    n_gates=None,
    sample_seed=0,
    exclude=None,
    limit=None,
):
    """P_c = P*: exactly for a rational optimum, within certified bounds otherwise.

    Parameters
    ----------
    X, y, beta : data, labels (default y_i = (−1)^i (i + 1)), β > 0.
    m, seed, steps : width (default n + 1 ≥ m*, Lemma 1), seed and steps of the gradient-descent
        run whose objective is compared with the bounds.
    n_gates, sample_seed, exclude : drop the hypothesis — use scnn-style sampled dichotomies
        (``n_gates`` Gaussian gates) and/or leave out the named patterns (e.g. ``["101"]``); the check
        then looks for a certified gap P_sampled > P*.
    """
    rows, y, beta, P, S, sinfo, inst = sampled_setup(
        X, y, beta, limit=limit, n_gates=n_gates, sample_seed=sample_seed, exclude=exclude
    )
    n = len(rows)
    full = Solved(P, y, beta)
    if S is not None:
        sub = Solved(S, y, beta)
        details = {"sample": sinfo, "sampled_program": sub.summary(), "full_program": full.summary()}
        if sub.lower > full.upper:
            why = (
                f"the convex program over the {len(S)} sampled patterns {sinfo['patterns']} (missing "
                f"{sinfo.get('missed_patterns', sinfo.get('excluded'))}) has certified value ≥ "
                f"{float(sub.lower):.9g} "
                f"> {float(full.upper):.9g} ≥ P* (certified upper bound of the full program): "
                f"P_sampled − P* ≥ {float(sub.lower - full.upper):.3g} > 0"
            )
            return Counterexample(
                PC_STATEMENT,
                inst,
                why,
                {**details, "hypotheses_hold": False, "certified_excess": sub.lower - full.upper},
            )
        return NotApplicable(
            PC_STATEMENT,
            "the sampled program's value is not certified above P* (the sample "
            "contains an optimal pattern set, or the bounds overlap)",
            details,
        )
    m = n + 1 if m is None else int(m)
    run = weight_decay_gd(rows, y, beta, m, steps=steps, seed=seed)
    L_gd = nonconvex_objective(run.network, rows, y, beta)
    gd = {
        "m": m,
        "seed": seed,
        "steps": run.steps,
        "gradient_norm": run.gradient_norm,
        "objective": L_gd,
        "objective_minus_upper": float(L_gd - full.upper),
    }
    if L_gd < full.lower:
        return Counterexample(
            PC_STATEMENT,
            inst,
            f"gradient descent reached L_β = {float(L_gd):.12g} below the "
            f"certified lower bound {float(full.lower):.12g} of (4)",
            {"hypotheses_hold": True, "gd": gd, "full_program": full.summary()},
        )
    cert = {"n": n, "n_patterns": len(P), "full_program": full.summary(), "gd": gd}
    if full.exact is not None:
        theta = psi(full.exact.primal, P)
        check(objective_sign(theta, rows, y, beta, full.exact.value) == 0, "L_β(ψ(W*)) = P_c exactly")
        v = checked_verdict(theta, rows, y, beta, P)
        check(v.optimal and v.certificate["kind"] == "kkt", "ψ(W*) certified optimal (KKT of (4))")
        cert.update(
            {
                "P_c": full.exact.value,
                "P_star": full.exact.value,
                "exact": True,
                "psi_network": theta.to_dict(),
                "psi_objective": full.exact.value,
                "verdict": v.to_dict(P),
                "argument": "P_c ≤ P* (dual bound of (4) below every network, Proposition 2) and "
                "P* ≤ L_β(ψ(W*)) = P_c exactly",
            }
        )
        return Verified(PC_STATEMENT, cert)
    theta = psi(full.bounds.primal, P)
    check(objective_sign(theta, rows, y, beta, full.bounds.upper) <= 0, "L_β(ψ(W̃)) ≤ upper bound (exact)")
    cert.update(
        {
            "P_star_interval": [full.lower, full.upper],
            "P_c_interval": [full.lower, full.upper],
            "certified_gap": float(full.upper - full.lower),
            "exact": False,
            "psi_network": scaled_summary(theta),
            "psi_objective": objective_float(theta, rows, y, beta),
            "gd_within_gap": L_gd <= full.upper,
            "argument": "P_c ∈ [lower, upper] (certified); P* ≤ L_β(ψ(W̃)) ≤ upper (exact) and "
            "P* ≥ P_c ≥ lower: |P* − P_c| ≤ upper − lower",
        }
    )
    return Verified(PC_STATEMENT, cert)


# ============================================================================ Lemma 1
L1_STATEMENT = (
    "Lemma 1: the smallest number of non-zero blocks of an optimum of (4), m*, is at most n + 1 (an "
    "optimum prunes at constant value to ≤ n neurons with independent fits), and P*_m = P* for m ≥ m*."
)


_WIDTH = "the width is m ≥ m* (for P*_m = P*)"


def _lemma1_negative():
    """The square with one neuron: m = 1 < m* = 2, so P*_1 > P* (certified)."""
    return {**CEX1, "m": 1}


def _lemma1_mutation():
    """Mutation control (not a dropped hypothesis): the bound n − 1 = 1 instead of n + 1."""
    return {"X": [[1, 0], [0, 1]], "y": [1, -1], "beta": _BETA, "bound": 1}


def _lemma1_family():
    """Labelled integer data (m* bracketed) and rational optima (m* exact), with m = n + 1 ≥ m*."""
    from hypothesis import strategies as st

    return st.one_of(labelled_instances(), rational_optimum_instances())


def _lemma1_negative_family():
    """Labels of both signs and width m = 1: wherever m* ≥ 2, P*_1 > P* (m ≥ m* dropped)."""
    return labelled_instances(mixed=True, m=1)


@register(
    "cvx_lemma1",
    L1_STATEMENT,
    SOURCE + ", Lemma 1 (Carathéodory; pruning as Mishkin & Pilanci 2023 Alg. 1)",
    default=lambda: dict(CEX1),
    negative=_lemma1_negative,
    hypotheses=(_WIDTH,),
    family=_lemma1_family,
    negative_family=_lemma1_negative_family,
    dropped=_WIDTH,
    mutation=_lemma1_mutation,
)
def check_lemma1(X, *, y=None, beta=_BETA, m=None, bound=None, limit=None):
    """m* ≤ bound (default n + 1), certified: exact m* over the optimal polytope, or an interval;
    and P*_m = P* for the width ``m`` (default n + 1).

    The bound m* ≤ n + 1 has no hypothesis to drop (it holds for all data); the mutation control
    asks ``bound`` = n − 1 instead.  The second claim needs m ≥ m*: with m < m* the check certifies
    P*_m ≥ min over m-block restrictions of (4) > P* (:func:`proofs_checks._convex.width_lower_bound`).
    When the optimum is irrational and the support candidates exceed the bound, m* ≤ n + 1 is verified
    up to the certified gap: the rounded optimum prunes at unchanged fit to ≤ n neurons.
    """
    rows, y, beta = problem(X, y, beta)
    n = len(rows)
    bound = n + 1 if bound is None else int(bound)
    P = dichotomies(rows, limit=limit)
    full = Solved(P, y, beta)
    inst = convex_instance(rows, y, beta, bound=bound, m=m)
    cert = {"n": n, "bound": bound, "lemma_bound": n + 1, "full_program": full.summary()}
    if full.exact is not None:
        poly = Polytope(P, y, full.exact)
        mstar, alpha = poly.m_star()
        verts = poly.vertices()
        m_lo = m_hi = mstar
        thin = psi(poly.blocks(alpha), P)
        check(thin.n_nonzero == mstar, "the m*-block optimum has m* neurons")
        check(objective_sign(thin, rows, y, beta, full.exact.value) == 0, "L_β(ψ(W_{m*})) = P* exactly")
        v = checked_verdict(thin, rows, y, beta, P) if mstar else None
        check(v is None or (v.optimal and v.certificate["kind"] == "kkt"), "the m*-neuron network is optimal")
        # independent cross-check: exactrelu.convex.optimal_set (support by exact LPs, cddlib vertices, exact
        # least-distance NNLS for the min-norm point) against the exhaustive enumeration above
        O = optimal_set(P, y, beta, solution=full.solution)
        check(O.exact and O.m_star == mstar, "optimal_set agrees on m*")

        def key(a):
            return frozenset((b, t) for b, t in a.items() if t)

        check(
            {key(dict(zip(poly.tight, a))) for a in verts} == {key(a) for a in O.vertices},
            "optimal_set agrees on the vertices",
        )
        mn = O.min_norm_alpha()
        big = tuple(mn.get(b, Fraction(0)) for b in poly.tight)
        check(poly.contains(big), "the min-norm point lies in the optimal polytope")
        mine = poly.min_norm()
        check(mine is None or mine == big, "min-norm point: least-norm solution agrees with optimal_set")
        which = "minimum-norm optimum"
        if verts and sum(1 for a in big if a) <= mstar:
            big = tuple(sum(col) / len(verts) for col in zip(*verts)) if verts else alpha
            which = "barycentre of the vertices"
        theta = psi(poly.blocks(big), P)
        pruned = caratheodory_prune(theta, rows)
        check(pruned.output(rows) == theta.output(rows), "pruning keeps the fit exactly")
        check(compare_penalty(pruned, theta) == 0, "pruning an optimum keeps the penalty exactly")
        check(objective_sign(pruned, rows, y, beta, full.exact.value) == 0, "the pruned network is optimal")
        fits = [
            tuple(
                pruned.signs[j] * max(Fraction(0), sum(a * b for a, b in zip(x, pruned.products[j])))
                for x in rows
            )
            for j in pruned.nonzero()
        ]
        check(rank(fits) == len(fits) if fits else True, "pruned neuron fits are linearly independent")
        cert.update(
            {
                "m_star": mstar,
                "m_star_exact": True,
                "optimal_polytope": {
                    "tight_blocks": block_names(P, poly.tight),
                    "n_vertices": len(verts),
                    "vertices": [poly.describe(a) for a in verts],
                    "support": block_names(P, O.support),
                    "unique": O.unique,
                    "cross_checked_with_optimal_set": True,
                },
                "m_star_optimum": {
                    "blocks": poly.describe(alpha),
                    "network": thin.to_dict(),
                    "verdict": v.certificate["kind"] if v else "zero network",
                },
                "pruning": {
                    "from": which,
                    "blocks_before": theta.n_nonzero,
                    "alpha": poly.describe(big),
                    "neurons_after": pruned.n_nonzero,
                    "network_after": pruned.to_dict(),
                    "fit_unchanged": True,
                    "penalty_unchanged": True,
                    "value": full.exact.value,
                },
            }
        )
    else:
        cands = full.bounds.candidates
        m_lo = 1 if full.upper < _half_sq(y) else 0
        m_hi = len(cands)
        theta = psi(full.bounds.primal, P)
        pruned = caratheodory_prune(theta, rows)
        check(pruned.output(rows) == theta.output(rows), "pruning keeps the fit exactly")
        check(compare_penalty(pruned, theta) <= 0, "pruning never increases the penalty")
        check(objective_sign(pruned, rows, y, beta, full.upper) <= 0, "the pruned network is within the gap")
        cert.update(
            {
                "m_star_interval": [m_lo, m_hi],
                "m_star_exact": m_lo == m_hi,
                "support_candidates": block_names(P, cands),
                "argument": "m* ≤ |certified support superset|; m* ≥ 1 since upper < ½‖y‖² = L(0)",
                "pruning": {
                    "from": "rounded optimum ψ(W̃)",
                    "blocks_before": theta.n_nonzero,
                    "neurons_after": pruned.n_nonzero,
                    "fit_unchanged": True,
                },
            }
        )
    check(pruned.n_nonzero <= n, "pruning leaves at most n neurons")
    width = n + 1 if m is None else int(m)
    cert["m"] = width
    if m is not None and width < m_hi:
        wl = width_lower_bound(P, y, beta, width)
        if wl is None:
            return NotApplicable(L1_STATEMENT, f"too many {width}-block subsets to bound P*_{width}", cert)
        lower_m, blocks_m, subsets = wl
        cert["width_bound"] = {"P_m_at_least": lower_m, "best_blocks": blocks_m, "subsets": subsets}
        if lower_m > full.upper:
            why = (
                f"m = {width} < m*: every network of width {width} has L_β ≥ P*_{width} ≥ "
                f"{float(lower_m):.9g} (certified lower bound of (4) over the best {width} block(s) "
                f"{blocks_m}, {subsets} subsets) "
                f"> {float(full.upper):.9g} ≥ P*, so P*_{width} > P*: Lemma 1's P*_m = P* needs m ≥ m*"
            )
            return Counterexample(L1_STATEMENT, inst, why, {**cert, "hypotheses_hold": False})
        if width < m_lo:  # pragma: no cover - m < m* always separates P*_m from P*
            return NotApplicable(L1_STATEMENT, f"m = {width} < m* but P*_m is not separated from P*", cert)
    if m_hi <= bound:
        return Verified(L1_STATEMENT, cert)
    if m_lo > bound:
        why = (
            f"m* = {m_lo}{'' if m_lo == m_hi else f'..{m_hi}'} > {bound}: every optimum of (4) has at least "
            f"{m_lo} non-zero blocks (certified over the optimal set), so the bound {bound}"
            + (
                f" < n + 1 = {n + 1} (n − 1 = {n - 1}) fails; Lemma 1's n + 1 (n after pruning) is what holds"
                if bound < n + 1
                else ""
            )
        )
        return Counterexample(L1_STATEMENT, inst, why, {**cert, "hypotheses_hold": bound >= n + 1})
    if full.exact is None and pruned.n_nonzero <= bound:
        cert["verified_up_to_gap"] = {
            "gap": float(full.upper - full.lower),
            "pruned_neurons": pruned.n_nonzero,
            "argument": "the support candidates exceed the bound, but the rounded optimum (within the "
            "certified gap of P*) prunes at unchanged fit and non-increased penalty to "
            f"{pruned.n_nonzero} ≤ n neurons: m* ≤ n + 1 holds up to the gap",
        }
        return Verified(L1_STATEMENT, cert)
    return NotApplicable(
        L1_STATEMENT, f"m* ∈ [{m_lo}, {m_hi}] is not decided against the bound {bound}", cert
    )


# ============================================================================ Proposition 1
P1_STATEMENT = (
    "Proposition 1: a nearly minimal network θ merges to the minimal network M(θ) along a continuous path "
    "of constant objective value (the fit and Σ‖p_j‖ are constant)."
)


def _default_nearly_minimal(P):
    """Chamber witnesses as products (pairwise distinct cones), alternating signs, each split in parts."""
    parts = [
        (Fraction(1),),
        (Fraction(1, 2), Fraction(1, 2)),
        (Fraction(1, 6), Fraction(1, 3), Fraction(1, 2)),
    ]
    products, signs = [], []
    for k in range(min(4, len(P))):
        w = P.witnesses[k]
        for g in parts[k % 3]:
            products.append(tuple(g * t for t in w))
            signs.append(1 if k % 2 == 0 else -1)
    products.append(tuple(0 for _ in range(P.d)))
    signs.append(1)
    return ScaledNetwork(products, signs)


def _shared_cone_pair(net, rows):
    """(j, k, cone) for two non-colinear neurons sharing a cone B(u, α), or None."""
    from exactrelu.convex.scaled_networks import positively_colinear

    for cone, idx in net.cone_groups(rows).items():
        for k in idx[1:]:
            if not positively_colinear(net.products[k], net.products[idx[0]]):
                return idx[0], k, cone
    return None


def _straight_merge(net, rows, t):
    """The product path of Proposition 1 without the colinearity requirement (sum of each cone group)."""
    groups = {}
    for j, c in enumerate(net.cones(rows)):
        if c is not None:
            groups.setdefault(c, []).append(j)
    products = list(net.products)
    for idx in groups.values():
        if len(idx) > 1:
            total = tuple(sum(col) for col in zip(*(net.products[j] for j in idx)))
            products[idx[0]] = tuple((1 - t) * a + t * b for a, b in zip(net.products[idx[0]], total))
            for j in idx[1:]:
                products[j] = tuple((1 - t) * a for a in net.products[j])
    return ScaledNetwork(products, net.signs)


_NEARLY_MINIMAL = (
    "θ is nearly minimal: scaled, and non-zero neurons sharing a cone B(u, α) are positively colinear"
)


def _prop1_negative():
    return {**CEX1, "network": {"products": [[2, 1], [2, -1], [0, 3]], "signs": [1, 1, -1]}}


def _prop1_family():
    """Labelled integer data with a random nearly minimal network (random neurons, one per cone,
    split into positively colinear parts)."""
    return nearly_minimal_instances()


def _prop1_negative_family():
    """Labelled integer data with a network holding a neuron and a perturbed copy of the same sign
    (:func:`proofs_checks._convex.twin_networks`; near minimality dropped)."""
    return labelled_instances(network=twin_networks())


@register(
    "cvx_prop1",
    P1_STATEMENT,
    SOURCE + ", Proposition 1 (Appendix B.1)",
    default=lambda: dict(CEX1),
    negative=_prop1_negative,
    hypotheses=(_NEARLY_MINIMAL,),
    family=_prop1_family,
    negative_family=_prop1_negative_family,
    dropped=_NEARLY_MINIMAL,
)
def check_prop1(X, *, y=None, beta=_BETA, network=None, grid=4, limit=None):
    """Merge path θ(t), t ∈ {0, 1/grid, …, 1}: fit and penalty exactly constant, M(θ) minimal.

    ``network`` (dict ``{"products", "signs"}``, product coordinates) defaults to a nearly minimal
    network built from chamber witnesses split into positively colinear parts.
    """
    rows, y, beta = problem(X, y, beta)
    net = as_scaled(network)
    if net is None:
        net = _default_nearly_minimal(dichotomies(rows, limit=limit))
    inst = convex_instance(rows, y, beta, network=net.to_dict())
    ts = [Fraction(k, int(grid)) for k in range(int(grid) + 1)]
    fit0 = net.output(rows)
    nm = is_nearly_minimal(net, rows)
    if not nm:
        end = _straight_merge(net, rows, 1)
        same_fit = end.output(rows) == fit0
        sgn = compare_penalty(end, net)
        details = {
            "nearly_minimal": nm.reason,
            "network": net.to_dict(),
            "merged": end.to_dict(),
            "fit_constant": same_fit,
            "penalty_sign_end_minus_start": sgn,
            "objective_start": objective_float(net, rows, y, beta),
            "objective_end": objective_float(end, rows, y, beta),
        }
        pair = _shared_cone_pair(net, rows)
        if pair is not None:
            j, k, (sigma, _) = pair
            details["shared_cone"] = {"neurons": [j, k], "trichotomy": list(sigma)}
            # exact witnesses that both neurons lie in the cone {u : sign(X u) = σ}
            details["certificate"] = {
                "kind": "witness",
                "normals": [list(r) for r in rows],
                "signs": list(sigma),
                "witness": list(net.products[k]),
            }
            details["certificate_first"] = {**details["certificate"], "witness": list(net.products[j])}
        if same_fit and sgn < 0:
            why = (
                f"θ is not nearly minimal ({nm.reason}); merging its cone groups along the product path "
                "keeps the fit but strictly lowers the penalty Σ‖p_j‖ (triangle inequality, decided "
                "exactly), so the objective is not constant along the path"
            )
            return Counterexample(P1_STATEMENT, inst, why, {**details, "hypotheses_hold": False})
        return NotApplicable(P1_STATEMENT, f"θ is not nearly minimal ({nm.reason})", details)
    path = []
    for t in ts:
        th = merge_path(net, rows, t)
        check(th.output(rows) == fit0, f"fit constant at t = {t}")
        check(compare_penalty(th, net) == 0, f"penalty constant at t = {t} (exact)")
        check(bool(is_nearly_minimal(th, rows)), f"θ(t) nearly minimal at t = {t}")
        path.append({"t": t, "nonzero": th.n_nonzero})
    M = merge(net, rows)
    check(merge_path(net, rows, 1) == M, "θ(1) = M(θ)")
    mini = is_minimal(M, rows)
    check(bool(mini), "M(θ) is minimal")
    return Verified(
        P1_STATEMENT,
        {
            "network": net.to_dict(),
            "merged": M.to_dict(),
            "nonzero_before": net.n_nonzero,
            "nonzero_after": M.n_nonzero,
            "path": path,
            "fit": fit0,
            "objective": objective_float(net, rows, y, beta),
            "objective_constant": True,
            "minimal": mini.reason,
            "note": "path in product coordinates p_1(t) = (1−t)p_1 + t Σp_j, p_j(t) = (1−t)p_j "
            "(= √(1−t) scaling of (u_j, α_j)); part 3 (local minima transfer) is not checked",
        },
    )


# ============================================================================ Lemma 2
L2_STATEMENT = (
    "Lemma 2: for an optimum W* of (4), the network ψ(W*) (one scaled neuron u = w_b/√‖w_b‖, "
    "α = s√‖w_b‖ per non-zero block) is optimal: L_β(ψ(W*)) = L^c_β(W*) = P*."
)


_FULL_OPTIMUM = "W* is an optimum of the full program (4) over every dichotomy"


def _lemma2_family():
    """Labelled integer data (optimum bracketed) and rational optima (every vertex checked exactly)."""
    from hypothesis import strategies as st

    return st.one_of(labelled_instances(), rational_optimum_instances())


def _lemma2_negative_family():
    """Labels of both signs, W optimal only for the program over 1–2 sampled gates' patterns."""
    return labelled_instances(mixed=True, **_sampled_options())


@register(
    "cvx_lemma2",
    L2_STATEMENT,
    SOURCE + ", Lemma 2 (eq. (9), Appendix C.1)",
    default=lambda: dict(CEX1),
    negative=_pc_negative,
    hypotheses=(_FULL_OPTIMUM,),
    family=_lemma2_family,
    negative_family=_lemma2_negative_family,
    dropped=_FULL_OPTIMUM,
)
def check_lemma2(X, *, y=None, beta=_BETA, n_gates=None, sample_seed=0, exclude=None, limit=None):
    """ψ(W) for the optima W of (4) (exact: every vertex of the optimal polytope and the min-norm point;
    otherwise the rounded optimum within the certified gap).  With ``n_gates``/``exclude`` W is the
    optimum of a sampled program instead, and ψ(W) is checked against the full program."""
    rows, y, beta, P, S, sinfo, inst = sampled_setup(
        X, y, beta, limit=limit, n_gates=n_gates, sample_seed=sample_seed, exclude=exclude
    )
    full = Solved(P, y, beta)
    if S is not None:
        sub = Solved(S, y, beta)
        W = sub.exact.primal if sub.exact is not None else sub.bounds.primal
        theta = psi(W, S)
        check(theta.output(rows) == convex_fit(W, S), "ψ keeps the fit")
        v = checked_verdict(theta, rows, y, beta, P)
        details = {
            "sample": sinfo,
            "sampled_program": sub.summary(),
            "full_program": full.summary(),
            "network": theta.to_dict(),
            "verdict": v.to_dict(P),
        }
        if v.optimal:
            return NotApplicable(L2_STATEMENT, "ψ of the sampled optimum is optimal anyway", details)
        excess = objective_sign(theta, rows, y, beta, full.upper) > 0
        kept = set(sinfo["patterns"])
        missing = []
        for b in cb.all_blocks(P):
            if P.name(b[0]) in kept:
                continue
            vb, _, _ = cb.correlation_vector(P, b, v.residual)
            nv = sum((t * t for t in vb), Fraction(0))
            if nv > beta * beta:
                missing.append(
                    {
                        "block": cb.block_name(P, b),
                        "correlation_norm_sq": nv,
                        "beta_sq": beta * beta,
                        "direction": list(vb),
                    }
                )
        details["descent_in_missing_patterns"] = missing
        why = (
            f"W optimises only the program over the sampled patterns {sinfo['patterns']}; ψ(W) is certified "
            f"not optimal ({v.certificate['kind']} certificate"
            + (f" on block {cb.block_name(P, v.certificate['block'])}" if "block" in v.certificate else "")
            + ")"
            + (
                f"; the missed block {missing[0]['block']} has ‖v_b‖² = "
                f"{float(missing[0]['correlation_norm_sq']):.6g}"
                f" > β² = {float(beta * beta):.6g} (a descent direction, exact)"
                if missing
                else ""
            )
            + f"; L_β(ψ(W)) ≈ {objective_float(theta, rows, y, beta):.9g}"
            + (f" > {float(full.upper):.9g} ≥ P* (exact comparison)" if excess else "")
        )
        return Counterexample(
            L2_STATEMENT, inst, why, {**details, "hypotheses_hold": False, "objective_above_upper": excess}
        )
    cert = {"full_program": full.summary()}
    if full.exact is not None:
        poly = Polytope(P, y, full.exact)
        alphas = list(poly.vertices() or [])
        mn = poly.min_norm()
        if mn is not None and mn not in alphas:
            alphas.append(mn)
        checked = []
        for alpha in alphas:
            check(poly.contains(alpha), "α in the optimal polytope")
            W = poly.blocks(alpha)
            theta = psi(W, P)
            check(theta.output(rows) == convex_fit(W, P), "ψ(W*) has the convex fit")
            check(objective_sign(theta, rows, y, beta, full.exact.value) == 0, "L_β(ψ(W*)) = P* exactly")
            v = checked_verdict(theta, rows, y, beta, P) if theta.n_nonzero else None
            check(v is None or (v.optimal and v.certificate["kind"] == "kkt"), "ψ(W*) certified optimal")
            checked.append(
                {
                    "alpha": poly.describe(alpha),
                    "network": theta.to_dict(),
                    "objective": full.exact.value,
                    "verdict": "kkt" if v else "zero",
                }
            )
        cert.update(
            {
                "exact": True,
                "P_star": full.exact.value,
                "optima_checked": len(checked),
                "networks": checked,
                "vertices": len(poly.vertices() or []),
            }
        )
        return Verified(L2_STATEMENT, cert)
    W = full.bounds.primal
    theta = psi(W, P)
    check(theta.output(rows) == convex_fit(W, P), "ψ(W̃) has the convex fit")
    check(objective_sign(theta, rows, y, beta, full.bounds.upper) <= 0, "L_β(ψ(W̃)) ≤ upper")
    check(objective_sign(theta, rows, y, beta, full.bounds.lower) >= 0, "L_β(ψ(W̃)) ≥ lower")
    v = checked_verdict(theta, rows, y, beta, P)
    cert.update(
        {
            "exact": False,
            "P_star_interval": [full.lower, full.upper],
            "network": scaled_summary(theta),
            "objective_minus_P_star_at_most": float(full.upper - full.lower),
            "rounded_network_verdict": v.certificate["kind"],
            "note": "W̃ is the exactly feasible rounding of the float optimum; ψ(W̃) is optimal up to the "
            "certified gap (an exact verdict on the rounded network is reported, not required)",
        }
    )
    return Verified(L2_STATEMENT, cert)


# ============================================================================ Theorem 1
T1_STATEMENT = (
    "Theorem 1: for m ≥ m* every optimal network is, up to permutation, a splitting of ψ(W*) for an "
    "optimum W* of (4); in particular the optima found by gradient descent have their neurons in the "
    "support cones, positively colinear per block, summing to w*, with objective P*."
)


def _analyse_run(run, rows, y, beta, P, full, main_tol):
    """Splitting diagnostics of one (converged) gradient-descent network."""
    sn = scale(run.network)
    norms2 = sn.penalty_squared_norms()
    top = max(norms2) if norms2 else 0
    main = [j for j in sn.nonzero() if norms2[j] > Fraction(main_tol) ** 2 * max(top, 1)]
    small = [j for j in sn.nonzero() if j not in main]
    cands = list(full.exact.tight) if full.exact is not None else list(full.bounds.candidates)
    groups, outside = {}, []
    for j in main:
        b = next((c for c in cands if c[1] == sn.signs[j] and P.contains(c[0], sn.products[j])), None)
        if b is None:
            outside.append(j)
        else:
            groups.setdefault(b, []).append(j)
    info = {
        "main_neurons": main,
        "negligible_neurons": small,
        "negligible_penalty": float(sum(sqrt_up(norms2[j]) for j in small)) if small else 0.0,
        "outside_support_cones": outside,
        "products": scaled_summary(sn)["products"],
        "signs": list(sn.signs),
    }
    blocks = {}
    yhat = sn.output(rows)
    lam = full.bounds.multiplier
    radius = sqrt_up(2 * full.bounds.gap) if full.exact is None else Fraction(0)
    target = tuple(a - r for a, r in zip(y, full.exact.residual if full.exact else lam))
    fit_dist = sqrt_up(sum((a - b) ** 2 for a, b in zip(yhat, target))) + radius
    info["fit_distance_to_optimal_fit_at_most"] = float(fit_dist)
    for b, idx in groups.items():
        total = tuple(sum(col) for col in zip(*(sn.products[j] for j in idx)))
        if full.exact is not None:
            ref = full.exact.correlations[b]
        else:
            ref = full.bounds.primal.get(b, total)
        sin2 = max((_sin2(sn.products[j], total) for j in idx), default=Fraction(0))
        sin2_ref = _sin2(total, ref) if any(ref) else Fraction(0)
        entry = {
            "neurons": idx,
            "sum": [float(t) for t in total],
            "max_sin2_within_block": sin2,
            "sin2_sum_vs_optimum": sin2_ref,
            "colinear_to_tolerance": sin2 <= SPLIT_SIN2 and sin2_ref <= SPLIT_SIN2,
            "max_angle_deg_within_block": psi_float_angle([sn.products[j] for j in idx], total),
            "angle_deg_sum_vs_optimum": psi_float_angle([total], ref),
        }
        if full.exact is None and cands == [b]:
            # unique optimum w* on one block: enclose it through the fit,
            # ‖F(S − w*)‖ ≤ ‖F S − (y − λ)‖ + ‖λ − r*‖
            i, s = b
            F = P.fit_matrix(i)
            c = lambda_min_lower(F)
            if c > 0:
                Fs = [s * sum(a * t for a, t in zip(row, total)) for row in F]
                e = sqrt_up(sum((a - tt) ** 2 for a, tt in zip(Fs, target))) + radius
                entry["distance_sum_to_w_star_at_most"] = float(e / _sqrt_lower(c))
                entry["w_star_enclosed"] = True
        blocks[cb.block_name(P, b)] = entry
    info["blocks"] = blocks
    info["splitting_to_tolerance"] = not outside and all(e["colinear_to_tolerance"] for e in blocks.values())
    return info


SPLIT_SIN2 = Fraction(1, 10**8)
"""Tolerance of the splitting property for a float optimum: sin²∠ ≤ 10⁻⁸ (angle ≲ 10⁻⁴ rad), decided
exactly (sin²∠(p, q) = 1 − (p·q)²/(‖p‖²‖q‖²) is rational)."""


def _sin2(p, q):
    """sin² of the angle between two non-zero rational vectors, exactly."""
    pq = sum(Fraction(a) * b for a, b in zip(p, q))
    pp = sum(Fraction(a) * a for a in p)
    qq = sum(Fraction(a) * a for a in q)
    return 1 - pq * pq / (pp * qq)


def _thm1_network(theta, rows, y, beta, P, full, m):
    """Theorem 1 at a given network: optimal (exact) ⇔ a splitting of ψ(W*) (exact)."""
    inst = convex_instance(rows, y, beta, network=theta.to_dict())
    if full.exact is None:
        return NotApplicable(
            T1_STATEMENT,
            "the optimum of (4) is irrational: a given network is judged only at a rational optimum",
            {"full_program": full.summary()},
        )
    poly = Polytope(P, y, full.exact)
    optimal = objective_sign(theta, rows, y, beta, full.exact.value) == 0
    v = checked_verdict(theta, rows, y, beta, P)
    check(v.optimal == optimal, "the exact verdict agrees with L_β(θ) = P*")
    split, reason, _ = splitting_of_optimum(theta, P, poly)
    cert = {
        "m": m,
        "network": theta.to_dict(),
        "P_star": full.exact.value,
        "objective": objective_float(theta, rows, y, beta),
        "optimal": optimal,
        "verdict": v.certificate.get("kind"),
        "splitting_of_psi_W_star": split,
        "splitting": reason,
        "optimal_polytope_vertices": len(poly.vertices() or []),
    }
    if optimal == split:
        return Verified(T1_STATEMENT, cert)
    why = (
        f"θ is {'optimal' if optimal else 'not optimal'} (L_β(θ) {'=' if optimal else '≠'} P* exactly) "
        f"but {'is' if split else 'is not'} a splitting of ψ(W*) ({reason})"
    )
    return Counterexample(T1_STATEMENT, inst, why, {**cert, "hypotheses_hold": True})


def _sqrt_lower(q):
    from exactrelu.exact.intervals import sqrt_bounds

    return sqrt_bounds(q, 20)[0]


_GLOBAL_MIN = (
    "θ is a global minimiser of L_β over Θ_m (gradient descent run to convergence, or a given network)"
)
_THM1_WIDTH = "m ≥ m*"


def _thm1_default():
    return {**EXAMPLE1, "m": 5}


def _thm1_negative():
    """The square with width m = 1 < m* = 2: no width-1 network is a splitting of ψ(W*)."""
    return {**CEX1, "m": 1}


def _thm1_mutation():
    """Mutation control (not a dropped hypothesis): gradient descent stopped after 20 steps."""
    return {**EXAMPLE1, "m": 5, "steps": 20}


def _thm1_family():
    """Rational optima with a network that is a random splitting of ψ(W*), perturbed off its ray when
    a drawn flag says so: θ optimal ⇔ θ a splitting, decided exactly on both sides."""
    return rational_optimum_instances(network=True)


def _thm1_negative_family():
    """Labels of both signs and width m = 1 (m ≥ m* dropped): where m* ≥ 2 the optimal width-1
    networks (they exist: L_β is coercive) are no splittings of ψ(W*).  ``seeds = 0``: no gradient
    descent, only the certified bound P*_1 > P* (elsewhere the check is not applicable)."""
    return labelled_instances(mixed=True, m=1, seeds=0)


@register(
    "cvx_thm1",
    T1_STATEMENT,
    SOURCE + ", Theorem 1 (Appendix B.3) and Example 1 / Figure 3",
    default=_thm1_default,
    negative=_thm1_negative,
    hypotheses=(_GLOBAL_MIN, _THM1_WIDTH),
    family=_thm1_family,
    negative_family=_thm1_negative_family,
    dropped=_THM1_WIDTH,
    mutation=_thm1_mutation,
)
def check_thm1(
    X,
    *,
    y=None,
    beta=_BETA,
    m=None,
    network=None,
    seeds=3,
    steps=20000,
    tol=1e-9,
    main_tol=1e-6,
    limit=None,
):
    """Gradient descent (``seeds`` runs, width m, default 5) judged against the certified optimum of (4),
    or a given ``network`` (dict ``{"products", "signs"}``) judged exactly.

    GD mode: a run with objective − lower ≤ ``tol`` is analysed as an optimum: neurons with
    ‖p_j‖ > ``main_tol``·max(1, max‖p‖) must lie (exactly) in the cones of the support-candidate blocks;
    angles and the distance Σp − w* (certified when the optimum is one block) are reported.
    A run with a larger objective is certified non-optimal (objective > upper) with an exact
    verdict on its merged network.

    Network mode (rational optimum): θ optimal (L_β(θ) = P* exactly, confirmed by the exact verdict)
    must hold exactly when θ is a splitting of ψ(W*) for a point W* of the optimal polytope
    (:func:`proofs_checks._convex.splitting_of_optimum`): Θ*_m = Θ^cvx_m at θ.

    With m < m* (the dropped hypothesis) Θ^cvx_m is empty while Θ*_m is not: the check certifies
    P*_m > P* (:func:`proofs_checks._convex.width_lower_bound`).  The labelled mutation control stops
    gradient descent after 20 steps (a comparison that fails, not a dropped hypothesis).
    """
    rows, y, beta = problem(X, y, beta)
    P = dichotomies(rows, limit=limit)
    full = Solved(P, y, beta)
    theta0 = as_scaled(network)
    if theta0 is not None:
        if m is not None and int(m) != theta0.n_neurons:
            raise InvalidDataError(f"the network has {theta0.n_neurons} neurons but m = {m}")
        m = theta0.n_neurons
    m = 5 if m is None else int(m)
    if full.exact is not None:
        mstar_hi = Polytope(P, y, full.exact).m_star()[0]
    else:
        mstar_hi = len(full.bounds.candidates)
    if m < mstar_hi:
        wl = width_lower_bound(P, y, beta, m)
        if wl is not None and wl[0] > full.upper:
            lower_m, blocks_m, _ = wl
            inst = convex_instance(rows, y, beta, m=m, network=theta0.to_dict() if theta0 else None)
            why = (
                f"m = {m} < m*: every splitting of ψ(W*) has at least m* > {m} non-zero neurons, so no "
                f"network of width {m} is one; yet L_β is coercive, so width-{m} global minimisers exist, "
                f"and their value P*_{m} ≥ {float(lower_m):.9g} (certified lower bound of (4) over the best "
                f"{m} block(s) {blocks_m}) > {float(full.upper):.9g} ≥ P*: Θ*_{m} ≠ Θ^cvx_{m}"
            )
            return Counterexample(
                T1_STATEMENT,
                inst,
                why,
                {
                    "m": m,
                    "P_m_at_least": lower_m,
                    "best_blocks": blocks_m,
                    "full_program": full.summary(),
                    "hypotheses_hold": False,
                },
            )
    if theta0 is not None:
        return _thm1_network(theta0, rows, y, beta, P, full, m)
    inst = convex_instance(rows, y, beta, m=m, steps=steps)
    tol = Fraction(tol)
    optimal_runs, other_runs = [], []
    for seed in range(int(seeds)):
        run = weight_decay_gd(rows, y, beta, m, steps=steps, seed=seed)
        L = nonconvex_objective(run.network, rows, y, beta)
        rec = {
            "seed": seed,
            "steps": run.steps,
            "gradient_norm": run.gradient_norm,
            "objective": L,
            "objective_minus_lower": float(L - full.lower),
        }
        if L - full.lower <= tol:
            info = _analyse_run(run, rows, y, beta, P, full, main_tol)
            if not info["splitting_to_tolerance"]:
                why = (
                    f"gradient descent (seed {seed}) reached a certified optimum (L_β − P* ≤ "
                    f"{float(L - full.lower):.3g}) that is not a splitting of ψ(W*): "
                    + (
                        f"neuron(s) {info['outside_support_cones']} lie in no support cone (exact)"
                        if info["outside_support_cones"]
                        else "a block's neurons are not colinear with each other or with w* "
                        f"(sin² of the angle > {float(SPLIT_SIN2):.0e}, exact)"
                    )
                )
                return Counterexample(
                    T1_STATEMENT, inst, why, {"run": {**rec, **info}, "hypotheses_hold": m >= mstar_hi}
                )
            optimal_runs.append({**rec, **info})
        else:
            merged = theta_of_W(network_to_convex(scale(run.network), P), P)
            v = checked_verdict(merged, rows, y, beta, P)
            rec.update(
                {
                    "certified_suboptimal_by_at_least": float(L - full.upper) if full.upper < L else 0.0,
                    "merged_verdict": v.to_dict(P)["certificate"],
                    "merged_optimal": v.optimal,
                }
            )
            other_runs.append(rec)
    cert = {
        "m": m,
        "m_star_at_most": mstar_hi,
        "full_program": full.summary(),
        "optimal_runs": optimal_runs,
        "other_runs": other_runs,
    }
    if optimal_runs:
        if m < mstar_hi:
            cert["note"] = "m < the certified upper bound on m*"
        return Verified(T1_STATEMENT, cert)
    bad = [r for r in other_runs if r.get("certified_suboptimal_by_at_least", 0) > 0]
    if bad:
        r = bad[0]
        state = (
            "converged to a stationary point"
            if r["gradient_norm"] < 1e-9
            else f"stopped after {r['steps']} step(s), gradient norm {r['gradient_norm']:.3g}"
        )
        why = (
            f"gradient descent (seed {r['seed']}; {state}) is not a global minimum: "
            f"L_β − P* ≥ {r['certified_suboptimal_by_at_least']:.4g} (exact objective above the "
            "certified upper bound), and its scaled, merged network gets a "
            f"'{r['merged_verdict'].get('kind')}' certificate; "
            "every splitting of ψ(W*) has objective exactly P*, so it is none of them"
        )
        return Counterexample(T1_STATEMENT, inst, why, {**cert, "hypotheses_hold": False})
    return NotApplicable(
        T1_STATEMENT, "no run reached the optimum within tol, nor is certified sub-optimal", cert
    )
