"""Matena & Raffel 2022: Theorem 4.2 against every δ-perturbation, Theorem 4.1 for m units, section 4.2.

Three checks (issue 16, item 3):

* ``mr_thm42_every`` — Theorem 4.2 instance-wise, robust against **every** perturbation of the
  data, not a sampled one.  For a set cover instance, the R1-GP data (our reconstruction,
  docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: set cover reductions R1, E.2 and
  R1-GP') are X = X₀ + η₀ with ‖η₀‖_∞ ≤ δ₀.  The check certifies a radius ρ > 0 such that for
  every η with ‖η‖_∞ ≤ ρ (hence every η with ‖η_i‖₂ ≤ ρ) the data X + η give the set cover answer:

  - YES: a minimum cover C gives weights w_C (:func:`exactrelu.training.reductions.cover_to_weights`);
    the exact supremum of L'(w_C) over *all* perturbations of X₀ of size ≤ δ₀ + ρ is computed term by
    term ((relu(t) − y)² is monotone in t on each side, so its maximum over t ∈ [w·x − r, w·x + r],
    r = ‖w‖₁(δ₀ + ρ), is at an endpoint) and must be < θ;
  - NO: every w with L'(w) ≤ θ' = k + 1 has ‖w‖_∞ ≤ R₂ = R⁺/(1 − mδ/c) (set points and negative points,
    exact), and for such w each term moves by at most e(2B_i + e), e = mR₂δ, B_i = mR₂‖x_i‖_∞ + |y_i|;
    so min L' ≥ min(θ', L₀* − E), with L₀* the exact global minimum of the unperturbed data (exact ERM,
    certificate re-checked by :func:`exactrelu.training.erm.verify_erm`).  This must be > θ.

  Both sides are exact rational inequalities valid for every perturbation in the ball: no sampling.
  In addition the certified stability radius of the combinatorial type
  (:func:`exactrelu.geometry.combinatorial_type.stability_radius`, re-checked by
  ``verify_stability_radius``) gives ρ_gp ≤ ρ such that every perturbation with ‖η_i‖₂ ≤ ρ_gp keeps
  the data in linear general position: the answer is right on a whole ball of general-position data.

  Negative family: NO instances with the negative points −c·e_j dropped (the hypothesis that bounds
  the weights).  The a-priori bound is then unavailable and the E.2 shift *of size within ρ* (each
  element point moves by ρ in one coordinate) flips the answer: exact witness loss 1 ≤ θ on a NO instance.

* ``mr_thm41_m`` — Theorem 4.1 for m ≥ 2 units with free output weights (L* is the minimum over all
  networks of width m, signs included: :func:`exactrelu.training.erm.exact_erm` with ``v=None``).
  Same instance-wise content as ``thm41_loss``: below the certified type-stability radius the exact
  gaps |L*_m(X + εΔ) − L*_m(X)| for ε = δ, δ/10, … are non-increasing and shrink tenfold (or vanish);
  and L*_m ≤ L*_1 at every ε.  Negative family: a planted repeated point / collinear triple.

* ``mr_random_features`` — section 4.2's random-feature justification of the random-vertex method:
  for a uniformly random vertex of Z^m (an m-tuple of chambers), let p_m be the probability that the
  first-layer activations (relu(w_j · x̄_i))_{i,j} of weights in its region can be linearly independent
  (rank N).  Claimed: p_m → 1 as m → ∞ (past N), and whether a region's activations are dependent is
  decided by its activation pattern.  The check computes p_m *exactly* for m = 1..N + 1 over all
  multisets of chambers (weights: multinomial counts over C^m ordered tuples), each tuple decided
  exactly: a rank-N witness inside the region (lower bound) and Rado's bound
  min_J (dim Σ_{j∈J} V_j + m − |J|) (upper bound, V_a = col(D_a X̄)) must agree, so the decision is a
  function of the pattern.  p_m is non-decreasing, and p_{m₀} > 0 certifies
  p_m ≥ 1 − (1 − p_{m₀})^⌊m/m₀⌋ → 1 (independent blocks of m₀ units).  Option ``gaussian_samples``
  adds a Monte Carlo estimate for the vertex picked by a Gaussian initialisation, with a conservative
  99% Clopper–Pearson interval in exact arithmetic (:mod:`exactrelu.exact.binomial`).
  Negative family: a repeated point (general position dropped): z = e_i − e_j is orthogonal to every
  V_a, so p_m = 0 for every m (certified).
"""

import itertools
import math
import random
from fractions import Fraction
from itertools import pairwise

from exactrelu.exact.certificates import check
from exactrelu.exact.linalg import dot, nullspace, rank
from exactrelu.exact.parse import exact_labels, exact_matrix
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import stability_radius, verify_stability_radius
from exactrelu.geometry.position import general_position
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.reductions import (
    PROVENANCE,
    Reduction,
    breaking_perturbation,
    cover_to_weights,
    general_position_delta,
    set_cover_to_relu_general_position,
)
from exactrelu.training.set_cover import SetCover, minimum_cover, verify_minimum_cover

from ._common import exact_data, instance_dict, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register
from .prop6_region_count import dependency_certificate

MR = "Matena & Raffel 2022"
_RECON = (
    "our reconstruction of Appendix E (docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: "
    "set cover reductions R1, E.2 and R1-GP')"
)


# ============================================================================ Theorem 4.2, every δ
T42_STATEMENT = (
    "Theorem 4.2 (instance-wise, every perturbation): the R1-GP data of a set cover instance give the "
    "right answer (YES ⇔ min L ≤ k + 1/2) for EVERY perturbation of size ≤ ρ (certified ρ > 0), "
    "and stay in general position for every perturbation of size ≤ ρ_gp."
)
T42_DROPPED = "the negative points −c·e_j (label 0) are included"
TRIANGLE = [[1, 2], [2, 3], [1, 3]]


def _sup_loss(points, labels, w, radius):
    """Exact sup of Σ (relu(w·(x + η)) − y)² over all η with ‖η‖_∞ ≤ radius."""
    r = sum((abs(t) for t in w), Fraction(0)) * radius
    total = Fraction(0)
    for x, y in zip(points, labels):
        t = dot(w, x)
        total += max((max(t - r, 0) - y) ** 2, (max(t + r, 0) - y) ** 2)
    return total


def robustness_certificate(red0, delta0, rho, L0_star, cover):
    """The exact certificate that every perturbation of size ≤ δ₀ + ρ of R1-GP's unperturbed data
    ``red0`` (δ = 0) gives the same answer.  Returns a dict with ``holds`` and the numbers."""
    inst = red0.instance
    m, k = inst.m, inst.k
    theta = red0.threshold
    p = red0.params
    c, R = p["c"], p["R_upper"]
    theta_p = Fraction(k + 1)
    tot = delta0 + rho
    out = {"delta0": delta0, "rho": rho, "total": tot, "threshold": theta, "theta_prime": theta_p}
    if cover is not None and len(cover) <= k:
        w = cover_to_weights(red0, cover).w
        sup = _sup_loss(red0.X, red0.y, w, tot)
        out.update({"side": "YES", "witness": list(w), "sup_witness_loss": sup, "holds": sup < theta})
        return out
    q = m * tot / c
    if q >= 1:
        out.update({"side": "NO", "holds": False, "why": "m(δ₀ + ρ)/c ≥ 1: no a-priori weight bound"})
        return out
    R2 = R / (1 - q)
    e = m * R2 * tot
    E = Fraction(0)
    for x, y in zip(red0.X, red0.y):
        B = m * R2 * max(abs(t) for t in x) + abs(y)
        E += e * (2 * B + e)
    lower = min(theta_p, L0_star - E)
    out.update(
        {
            "side": "NO",
            "weight_bound_R2": R2,
            "term_change_total_E": E,
            "unperturbed_min_loss": L0_star,
            "lower_bound_every_perturbation": lower,
            "holds": lower > theta,
        }
    )
    return out


def _largest_rho(red0, delta0, L0_star, cover):
    """The largest ρ = (bound − δ₀)/2^t (t ≥ 0) whose certificate holds (None if none up to t = 40)."""
    bound = general_position_delta(red0.instance)["bound"]
    base = max(bound - delta0, bound / 2)
    for t in range(41):
        rho = base / 2**t
        cert = robustness_certificate(red0, delta0, rho, L0_star, cover)
        if cert["holds"]:
            return rho, cert
    return None, cert


def _covers(yes=None, m=(1, 2), **options):
    from exactrelu.strategies import set_cover_instances

    return set_cover_instances(n=(1, 3), m=m, yes=yes).map(lambda c: {"X": None, **c.to_dict(), **options})


def _t42_family():
    """Set cover instances, n ≤ 3 elements, m ≤ 2 drawn sets, any budget k."""
    return _covers()


def _t42_negative_family():
    """NO instances (n ≤ 3, m ≤ 2 drawn sets), R1-GP without its negative points."""
    return _covers(yes=False, negative_points=False)


@register(
    "mr_thm42_every",
    T42_STATEMENT,
    f"{MR}, Theorem 4.2 (section 4.1.1); {_RECON}",
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": [[1], [2]], "n": 2, "k": 1, "negative_points": False},
    hypotheses=(T42_DROPPED,),
    family=_t42_family,
    negative_family=_t42_negative_family,
    dropped=T42_DROPPED,
)
def check_thm42_every(X, *, family=None, n=None, k=1, seed=0, negative_points=True, limit=None):
    """R1-GP on one set cover instance, certified against every perturbation of size ≤ ρ.

    ``negative_points=False`` drops the points −c·e_j: the check then exhibits a perturbation of size
    ≤ ρ (the E.2 shift) that flips the answer on a NO instance.
    """
    if family is None:
        return NotApplicable(T42_STATEMENT, "this check takes a set cover instance (options family, k, n)")
    inst = SetCover(n if n is not None else max(u for S in family for u in S), family, k)
    mc = minimum_cover(inst, limit=limit)
    check(verify_minimum_cover(inst, mc), "minimum cover certificate")
    yes = mc.size <= inst.k
    red = set_cover_to_relu_general_position(inst, seed=seed, limit=limit)
    red0 = set_cover_to_relu_general_position(inst, delta=0)
    delta0 = red.params["delta"]
    check(
        max(abs(a - b) for x, z in zip(red.X, red0.X) for a, b in zip(x, z)) <= delta0,
        "R1-GP data within δ₀ of the unperturbed data",
    )
    opts = {"family": [sorted(S) for S in inst.family], "n": inst.n, "k": inst.k}
    if not negative_points:
        # the unperturbed R1-GP data (δ₀ = 0) without the negative points; the positive certificate
        # covers the whole ball of radius δ₀ + ρ around these data (with the negative points)
        keep = [i for i, role in enumerate(red0.roles) if role != "negative"]
        red_nn = Reduction(
            inst,
            "r1-gp-without-negative-points",
            [red0.X[i] for i in keep],
            [red0.y[i] for i in keep],
            red0.threshold,
            red0.gap,
            red0.params,
            [red0.roles[i] for i in keep],
        )
        rho = general_position_delta(inst)["bound"]
        M = red.params["M"]
        bp = breaking_perturbation(red_nn, delta=rho / M, j0=0)
        moved = max(abs(a - b) for x, z in zip(bp.X, red_nn.X) for a, b in zip(x, z))
        check(moved <= rho, "the E.2 shift moves every coordinate by ≤ ρ")
        loss = sum(((max(dot(bp.witness, x), 0) - y) ** 2 for x, y in zip(bp.X, bp.y)), Fraction(0))
        check(loss == bp.witness_loss, "E.2 witness loss recomputed exactly")
        if not yes and loss <= red.threshold:
            elements = [list(x) for x, role in zip(bp.X, red_nn.roles) if role == "element"]
            return Counterexample(
                T42_STATEMENT,
                instance_dict(red_nn.X, **opts, negative_points=False),
                f"without the negative points −c·e_j (hypothesis dropped), a perturbation of size {moved} "
                f"≤ ρ = {rho} (the E.2 shift) gives weights of loss {loss} ≤ θ = {red.threshold} on a NO "
                f"instance (minimum cover {mc.size} > k = {inst.k}): the answer is not robust",
                {
                    "hypotheses_hold": False,
                    "rho": rho,
                    "witness_loss": loss,
                    "certificate": {
                        "kind": "witness",
                        "normals": elements,
                        "signs": [-1] * len(elements),
                        "witness": list(bp.witness),
                    },
                    "provenance": PROVENANCE,
                },
            )
        return NotApplicable(
            T42_STATEMENT,
            "negative points dropped, but this is a YES instance: the E.2 shift gives the right answer",
            {"witness_loss": loss},
        )
    L0_star = None
    if not yes:
        erm = exact_erm(red0.X, red0.y, v=(1,), bias=False, limit=limit)
        check(verify_erm(red0.X, red0.y, erm, v=(1,)), "exact ERM certificate (unperturbed)")
        L0_star = erm.value
    rho, cert = _largest_rho(red0, delta0, L0_star, mc.cover if yes else None)
    if rho is None:
        return Counterexample(
            T42_STATEMENT,
            instance_dict(red.X, **opts),
            f"no robustness radius could be certified ({cert})",
            {"hypotheses_hold": True, "certificate_attempt": cert},
        )
    sr = stability_radius(red.X, bias=False, limit=limit)
    check(verify_stability_radius(red.X, sr, bias=False), "stability radius certificate")
    check(sr.holds, "R1-GP data in linear general position")
    rho_gp = min(rho, sr.radius)
    return Verified(
        T42_STATEMENT,
        {
            **cert,
            "answer": "YES" if yes else "NO",
            "minimum_cover": mc.to_dict(),
            "every_perturbation": f"‖η‖_∞ ≤ {rho} (so also ‖η_i‖₂ ≤ {rho})",
            "type_stability_radius": sr.radius,
            "rho_general_position": rho_gp,
            "general_position_ball": f"every η with ‖η_i‖₂ ≤ {rho_gp} keeps linear general position "
            "and the right answer",
            "provenance": PROVENANCE,
        },
    )


# ============================================================================ Theorem 4.1, m units
T41_STATEMENT = (
    "Theorem 4.1 for m units: if the data are in general position, the global minimum L*_m over all "
    "networks of width m (output weights free) is continuous in the data: L*_m(X + εΔ) → L*_m(X)."
)
T41_DROPPED = "data in (affine) general position"


def _t41_default():
    return {"X": [[0], [1], [2]], "y": [0, 2, 0], "Delta": [[0], [1], [0]], "units": 2}


def _t41_negative():
    return {"X": [[0], [0], [2]], "y": [0, 2, 1], "Delta": [[0], [1], [0]], "units": 2}


def _t41_draw(draw, degenerate):

    from exactrelu.strategies import degenerate_datasets, generic_datasets, integer_datasets, label_vectors

    if degenerate:
        X = draw(degenerate_datasets(d=1, n=(2, 3), max_value=3, kinds=("duplicate",)))
    else:
        X = draw(generic_datasets(d=1, n=(2, 3), max_value=3))
    return {
        "X": X,
        "y": draw(label_vectors(len(X), max_value=3)),
        "Delta": draw(integer_datasets(d=1, n=len(X), max_value=2)),
        "units": 2,
        "steps": 2,
    }


def _t41_family():
    """Two units with free output weights, 1-D data in general position (N = 2..3), labels, Δ."""
    from hypothesis import strategies as st

    return st.composite(_t41_draw)(False)


def _t41_negative_family():
    """The same with a repeated point (general position dropped)."""
    from hypothesis import strategies as st

    return st.composite(_t41_draw)(True)


@register(
    "mr_thm41_m",
    T41_STATEMENT,
    f"{MR}, Theorem 4.1 (width m, free output weights); proof sketch: docs/reconstructions.md, "
    "'Matena & Raffel 2022, Theorem 4.1: continuity'",
    default=_t41_default,
    negative=_t41_negative,
    hypotheses=(T41_DROPPED,),
    family=_t41_family,
    negative_family=_t41_negative_family,
    dropped=T41_DROPPED,
)
def check_thm41_m(X, *, y=None, Delta=None, units=2, bias=True, steps=3, limit=None):
    """Exact L*_m(X + εΔ) (free output weights) for ε = δ, δ/10, … below the certified radius."""
    pts = exact_data(X)
    if y is None or Delta is None:
        return NotApplicable(T41_STATEMENT, "this check needs labels y and a direction Delta")
    y = list(exact_labels(y, len(pts)))
    Delta = exact_matrix(Delta, name="Delta", dim=len(pts[0]))
    m = int(units)
    sr = stability_radius(pts, bias=bias, limit=limit)
    check(verify_stability_radius(pts, sr, bias=bias), "stability radius certificate")
    start = sr.radius if sr.holds else Fraction(1, 10)
    eps = [start / 10**j for j in range(int(steps))]

    def solve(data):
        r = exact_erm(data, y, units=m, v=None, bias=bias, limit=limit)
        check(verify_erm(data, y, r), "exact ERM certificate")
        one = exact_erm(data, y, units=1, v=None, bias=bias, limit=limit)
        check(r.value <= one.value, "L*_m ≤ L*_1 (a wider network can switch units off)")
        return r.value

    before = solve(pts)
    after = [solve([[a + e * b for a, b in zip(x, dx)] for x, dx in zip(pts, Delta)]) for e in eps]
    gaps = [abs(a - before) for a in after]
    numbers = {
        "units": m,
        "L_star": before,
        "epsilons": eps,
        "L_star_perturbed": after,
        "gaps": gaps,
        "stability_radius": sr.radius,
    }
    shrinking = all(a >= b for a, b in pairwise(gaps)) and (gaps[-1] == 0 or gaps[-1] * 10 <= gaps[0])
    inst = instance_dict(pts, y=y, Delta=Delta, units=m)
    if sr.holds:
        if shrinking:
            return Verified(T41_STATEMENT, {**numbers, "type_constant_below": sr.radius})
        return Counterexample(
            T41_STATEMENT,
            inst,
            f"general position holds but the gaps {[str(g) for g in gaps]} do not shrink",
            {**numbers, "hypotheses_hold": True},
        )
    if not shrinking:
        return Counterexample(
            T41_STATEMENT,
            inst,
            f"not in general position; L*_{m} jumps from {before} to {after[-1]} for every ε down to "
            f"{eps[-1]} (width {m}, output weights free)",
            {
                **numbers,
                "hypotheses_hold": False,
                "certificate": dependency_certificate(sr.general_position, pts),
            },
        )
    return NotApplicable(
        T41_STATEMENT, "not in general position, but L* happens to be continuous here", numbers
    )


# ============================================================================ section 4.2
RF_STATEMENT = (
    "Section 4.2 (random features): for a uniformly random vertex of Z^m, the probability p_m that the "
    "first-layer activations of its region can be linearly independent tends to 1 as m grows past N; "
    "for data in general position, whether they can is decided by the activation pattern."
)
RF_DROPPED = "data in general position (in particular, distinct points)"


def _expand(mult):
    return [a for a, cnt in mult.items() for _ in range(cnt)]


def _chamber_generators(chambers, rows, copies, rng):
    """For each chamber, ``copies`` weight vectors inside it (integer witness scaled + random offsets)."""
    out = []
    for ch in chambers:
        ws = []
        for _ in range(copies):
            K = 4
            while True:
                w = [K * a + rng.randint(-3, 3) for a in ch.witness]
                if all(s * dot(x, w) > 0 for s, x in zip(ch.signs, rows)):
                    break
                K *= 2
            ws.append(w)
        out.append(ws)
    return out


def _features(pattern, rows, w):
    return tuple(dot(x, w) if a else 0 for a, x in zip(pattern, rows))


def random_feature_probabilities(X, *, bias=True, max_units=None, seed=0, limit=None):
    """Exact p_m for m = 1..max_units (default N + 1) over uniformly random vertices of Z^m.

    Returns a dict: ``p`` (list of Fractions), ``chambers``, ``decided`` (tuples decided, all by
    witness rank = Rado bound), ``chamber_certificate``.
    """
    pts = exact_data(X)
    A = HyperplaneArrangement.from_data(pts, bias=bias) if bias else HyperplaneArrangement(pts)
    rows = [tuple(r) for r in A.normals]
    N = len(rows)
    chambers, ccert = verified_chambers(A, limit)
    C = len(chambers)
    M = N + 1 if max_units is None else int(max_units)
    rng = random.Random(seed)
    gens = _chamber_generators(chambers, rows, M, rng)
    pats = [ch.pattern for ch in chambers]
    bases = [[_features(p, rows, e) for e in _unit_vectors(len(rows[0]))] for p in pats]
    dims = {}

    def dim_sum(types):
        key = tuple(sorted(types))
        if key not in dims:
            vecs = [v for a in key for v in bases[a]]
            dims[key] = rank(vecs) if vecs else 0
        return dims[key]

    p, decided, witnesses, table = [], 0, {}, {}
    for m in range(1, M + 1):
        if m < N:
            p.append(Fraction(0))  # rank ≤ m < N
            continue
        good = 0
        for combo in itertools.combinations_with_replacement(range(C), m):
            mult = {}
            for a in combo:
                mult[a] = mult.get(a, 0) + 1
            types = list(mult)
            upper = min(
                dim_sum(S) + m - sum(mult[a] for a in S)
                for r in range(len(types) + 1)
                for S in itertools.combinations(types, r)
            )
            weights = [gens[a][t] for a, cnt in mult.items() for t in range(cnt)]
            lower = rank([_features(pats[a], rows, w) for a, w in zip(_expand(mult), weights)])
            tries = 0
            while lower < upper and tries < 50:  # unlucky draw: fresh weights inside the same regions
                tries += 1
                weights = [_chamber_generators([chambers[a]], rows, 1, rng)[0][0] for a in _expand(mult)]
                lower = rank([_features(pats[a], rows, w) for a, w in zip(_expand(mult), weights)])
            check(lower <= upper, "witness rank ≤ Rado bound")
            if lower != upper:
                raise AssertionError(f"rank of {combo} not decided ({lower} < {upper}); change the seed")
            decided += 1
            table[combo] = lower == N
            if lower == N:
                count = math.factorial(m)
                for cnt in mult.values():
                    count //= math.factorial(cnt)
                good += count
                witnesses.setdefault(m, [list(w) for w in weights])
        p.append(Fraction(good, C**m))
    return {
        "p": p,
        "chambers": C,
        "N": N,
        "decided": decided,
        "chamber_certificate": ccert,
        "pats": pats,
        "bases": bases,
        "witness_weights": witnesses,
        "table": table,
        "rows": rows,
        "signs": [ch.signs for ch in chambers],
    }


def gaussian_vertex_estimate(res, m, samples, seed=0, confidence=Fraction(99, 100)):
    """Monte Carlo estimate of P(rank N) for the vertex of Z^m picked by a Gaussian initialisation.

    Each sample draws m weight vectors w_j ~ N(0, I) (floats, read exactly), finds each unit's chamber by
    exact signs (a sign 0, of probability 0, is redrawn) and looks the multiset up in the exact table of
    :func:`random_feature_probabilities`.  Returns successes, trials and the conservative Clopper–Pearson
    interval (:func:`exactrelu.exact.binomial.clopper_pearson`, exact rational arithmetic) at ``confidence``.
    """
    import numpy as np

    from exactrelu.exact.binomial import clopper_pearson

    rows, index = res["rows"], {sg: a for a, sg in enumerate(res["signs"])}
    if m < res["N"]:
        return {"m": m, "successes": 0, "trials": samples, "note": "rank ≤ m < N: probability 0 exactly"}
    rng = np.random.default_rng(seed)
    good = 0
    for _ in range(samples):
        combo = []
        while len(combo) < m:
            w = [Fraction(float(t)) for t in rng.standard_normal(len(rows[0]))]
            sg = tuple((v > 0) - (v < 0) for v in (dot(x, w) for x in rows))
            if 0 in sg:
                continue
            combo.append(index[sg])
        good += res["table"][tuple(sorted(combo))]
    lo, hi = clopper_pearson(good, samples, confidence)
    return {"m": m, "successes": good, "trials": samples, "confidence": confidence, "interval": [lo, hi]}


def _unit_vectors(D):
    return [[1 if i == j else 0 for i in range(D)] for j in range(D)]


def _rf_default():
    return {"X": [[0], [1], [3]]}


def _rf_negative():
    return {"X": [[0], [1], [1]]}


def _rf_family():
    """Integer data in affine general position, d = 1..2, N = 2..3 (p_m exact for m ≤ N + 1)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import generic_datasets

    return st.fixed_dictionaries({"X": generic_datasets(d=(1, 2), n=(2, 3), max_value=4)})


def _rf_negative_family():
    """The same with a repeated point (general position dropped)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import degenerate_datasets

    return st.fixed_dictionaries(
        {"X": degenerate_datasets(d=(1, 2), n=(2, 3), max_value=4, kinds=("duplicate",))}
    )


@register(
    "mr_random_features",
    RF_STATEMENT,
    f"{MR}, section 4.2 (random features and the random-vertex method)",
    default=_rf_default,
    negative=_rf_negative,
    hypotheses=(RF_DROPPED,),
    family=_rf_family,
    negative_family=_rf_negative_family,
    dropped=RF_DROPPED,
)
def check_random_features(X, *, bias=True, max_units=None, seed=0, gaussian_samples=0, limit=None):
    """Exact p_m (uniform random vertex of Z^m, rank-N activations possible) for m ≤ N + 1.

    ``gaussian_samples > 0`` adds a Monte Carlo estimate, with a 99% Clopper–Pearson interval, of the
    same probability at m = max_units for the vertex chosen by a Gaussian initialisation (the paper's
    "parameter initialization selects the random vertex"); its limit 1 follows from the same exact
    block argument, since every chamber has positive Gaussian measure.
    """
    pts = exact_data(X)
    gp = general_position(pts, bias=bias, limit=limit)
    res = random_feature_probabilities(pts, bias=bias, max_units=max_units, seed=seed, limit=limit)
    if not res["chamber_certificate"]["complete"]:
        return NotApplicable(
            RF_STATEMENT, "chamber list incomplete (library bug)", res["chamber_certificate"]
        )
    p, N = res["p"], res["N"]
    numbers = {
        "p_m": p,
        "N": N,
        "chambers": res["chambers"],
        "tuples_decided_by_pattern": res["decided"],
        "chamber_certificate": res["chamber_certificate"],
    }
    monotone = all(a <= b for a, b in pairwise(p))
    check(monotone, "p_m non-decreasing (coupling: one more unit never lowers the rank)")
    m0 = next((m for m, q in enumerate(p, 1) if q > 0), None)
    inst = instance_dict(pts, bias=bias)
    if m0 is not None:
        q = p[m0 - 1]
        limit_cert = {
            "m0": m0,
            "p_m0": q,
            "bound": f"p_m ≥ 1 − (1 − {q})^⌊m/{m0}⌋ → 1 (independent blocks of {m0} units)",
            "p_at_m0_times_10": 1 - (1 - q) ** 10,
            "witness_weights": res["witness_weights"].get(m0),
        }
        if gaussian_samples:
            limit_cert["gaussian_init"] = gaussian_vertex_estimate(res, len(p), int(gaussian_samples), seed)
        if gp:
            return Verified(RF_STATEMENT, {**numbers, **limit_cert, "general_position": gp.certificate})
        return NotApplicable(
            RF_STATEMENT,
            f"general position fails ({gp.describe()}) but p_m → 1 still",
            {**numbers, **limit_cert},
        )
    # p_m = 0 for every m computed: certify it for every m by a vector orthogonal to every V_a
    allv = [v for b in res["bases"] for v in b]
    z = [list(t) for t in nullspace(allv, ncols=N)] if allv else [[1] + [0] * (N - 1)]
    if z:
        zz = z[0]
        check(all(dot(zz, v) == 0 for v in allv), "z orthogonal to every chamber's activation space")
        numbers["orthogonal_vector"] = zz
    if gp:
        return Counterexample(
            RF_STATEMENT,
            inst,
            f"general position holds but p_m = 0 for m ≤ {len(p)}",
            {**numbers, "hypotheses_hold": True},
        )
    if z:
        return Counterexample(
            RF_STATEMENT,
            inst,
            f"general position fails ({gp.describe()}): every activation vector of every region is "
            f"orthogonal to z = {z[0]}, so the activations are never independent: p_m = 0 for every m",
            {**numbers, "hypotheses_hold": False, "certificate": dependency_certificate(gp, pts)},
        )
    return NotApplicable(RF_STATEMENT, "p_m = 0 up to N + 1 but no orthogonal vector", numbers)
