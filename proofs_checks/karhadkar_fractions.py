"""The fraction bounds of Theorems 10 and 12 of Karhadkar, Murray, Tseran & Montúfar 2023, exactly.

Both theorems count the non-empty activation regions of d_1 ReLUs with a bias on 1-D
data: a region is a d_1-tuple of chambers of one unit's arrangement (for distinct data
the 2n step vectors, Lemma 9), every tuple counted once.

* ``thm10_fraction`` — Theorem 10: for distinct data and d_1 ≥ 2n log(n/ε), at most an
  ε fraction of the non-empty regions have a Jacobian of rank < n (elsewhere every
  differentiable critical point is a global minimum, Lemma 2 / ``lemma2``).  The check
  computes the *exact* fraction of full-rank regions: the rank of J on S_A depends only
  on the set of distinct rows of A (duplicate units add the same columns up to the
  factor v_i ≠ 0, Lemma 4), so the fraction is Σ_S surj(d_1, |S|) [rank J_S = n] /
  (2n)^{d_1} over the 2^{2n} sets S of chambers, each rank exact
  (:func:`exactrelu.landscape.probabilities.set_weighted_fraction`).  It must be
  ≥ 1 − ε, and ≥ the exact fraction of diverse regions (the proof's lower bound,
  :func:`exactrelu.landscape.widths.diverse_probability`).
* ``thm12_fraction`` — Theorem 12: for distinct data and d_+, d_− ≥ 2n log(2n/ε) units
  with v_i > 0 and v_i < 0 (the width the proof produces from Lemma 11 with δ = 1/(2n)
  and ε/2 per sign; :func:`exactrelu.landscape.widths.theorem12_units`), in all but an
  ε fraction of regions G_{X,y} ∩ S_A is a non-empty affine set of codimension n.  The
  check computes the *exact* fraction of complete regions (every ξ^(k,1) present with
  both signs of v; the product over the two sign classes of a set-weighted fraction) —
  complete ⇒ the conclusion, the step of the proof that ``thm12`` certifies region by
  region — so the exact fraction of good regions is at least this number, which must be
  ≥ 1 − ε; and it certifies the conclusion on one complete region with the given labels
  (zero-loss point, rank n, kernel; :func:`exactrelu.landscape.interpolation.global_minima_in_region`).

Every width test d ≥ s log(a) is decided exactly (ball arithmetic); every fraction is a
Fraction over *all* regions, so the verdicts are exact (confidence 1, no sampling) —
except ``thm10_fraction`` for n > 4 (2^{2n} row sets): there ``samples`` regions are drawn
uniformly (seeded), each rank exact, and the verdict is Verified only when the one-sided
Clopper–Pearson lower bound at ``confidence`` (default 99%; exact binomial tails and
outward-rounded endpoints, :mod:`exactrelu.exact.binomial`) reaches 1 − ε; the bound and
the confidence are in the certificate.  Otherwise it is NotApplicable (a sample is not a
certificate either way).

Negative controls / families: distinctness dropped (a repeated point).  Then two rows of
the Jacobian coincide in *every* region (a region's pattern agrees on equal points), so
no region has rank n: the fraction of good regions is 0 < 1 − ε.  The certificate is
the dependency e_j − e_k of the rows of the Jacobian of the region that uses every
chamber (each region's Jacobian is, up to repeated columns, a column subset of it).
"""

from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import to_fraction
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.landscape.interpolation import global_minima_in_region
from exactrelu.landscape.jacobian import jacobian_rank
from exactrelu.landscape.probabilities import at_least_log, set_weighted_fraction
from exactrelu.landscape.step_vectors import sorted_points, step_vector
from exactrelu.landscape.widths import diverse_probability

from ._common import dependency_certificate, exact_data, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

EPSILONS = ("1/100", "1/10", "1/4", "1/2", "9/10")

STATEMENT_10 = (
    "For distinct 1-D data and d_1 >= 2n log(n/ε) ReLUs with a bias, all but at most an ε fraction "
    "of the non-empty activation regions have a Jacobian of full rank n."
)
SOURCE_10 = "Karhadkar et al. 2023, Theorem 10 (fraction bound; proof in Appendix C)"
STATEMENT_12 = (
    "For distinct 1-D data and at least 2n log(2n/ε) units with v_i > 0 and as many with v_i < 0, "
    "in all but at most an ε fraction of the non-empty regions G_{X,y} ∩ S_A is a non-empty affine set "
    "of codimension n."
)
SOURCE_12 = "Karhadkar et al. 2023, Theorem 12 (fraction bound; proof in Appendix C)"


def minimal_units(scale, argument):
    """Smallest integer d ≥ scale · log(argument), decided exactly."""
    import math

    d = max(0, math.floor(float(scale) * math.log(float(argument))) - 2)
    while d > 0 and at_least_log(d - 1, scale, argument):
        d -= 1
    while not at_least_log(d, scale, argument):
        d += 1
    return d


def _regions(pts):
    """Verified chambers of one unit (bias), as 0/1 patterns in data order, with the certificate."""
    A = HyperplaneArrangement.from_data(pts)
    chambers, cert = verified_chambers(A)
    check(cert["complete"], "chamber list complete (count = |χ(-1)|)")
    return [c.pattern for c in chambers], cert


def _repeated_pair(pts):
    seen = {}
    for j, p in enumerate(pts):
        if p in seen:
            return seen[p], j
        seen[p] = j
    return None


def _no_full_rank_region(pts, patterns, statement, inst, numbers, eps):
    """Counterexample for data with a repeated point: no region has rank n (certified dependency)."""
    j, k = _repeated_pair(pts)
    J = jacobian_rank(pts, patterns, with_float=False)
    coeffs = [0] * len(pts)
    coeffs[j], coeffs[k] = 1, -1
    cert = dependency_certificate(J.matrix, coeffs)
    check(all(p[j] == p[k] for p in patterns), "every chamber agrees on the repeated point")
    return Counterexample(
        statement,
        inst,
        f"points {j} and {k} coincide, so rows {j} and {k} of the Jacobian are equal in every region: "
        f"the fraction of good regions is 0 < 1 - ε = {1 - eps} (distinctness dropped)",
        {**numbers, "fraction": 0, "hypotheses_hold": False, "certificate": cert},
    )


def _instance_1d(draw, st, n, duplicates):
    from exactrelu.strategies import one_d_datasets

    size = draw(st.integers(*n))
    return draw(one_d_datasets(n=size, max_value=5, duplicates=duplicates, sort=False))


# ---------------------------------------------------------------- Theorem 10


def _default10():
    return {"X": [[0], [2], [-1]], "eps": "1/4"}


def _negative10():
    return {"X": [[0], [2], [2]], "eps": "1/4"}


def _family10_draw(duplicates):
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        X = _instance_1d(draw, st, (2, 4) if duplicates else (1, 6), duplicates)
        # n = 5, 6 are sampled (200 regions, 99%): ε = 1/100 would need more than 200 samples
        eps = draw(st.sampled_from(EPSILONS if len(X) <= 4 else EPSILONS[1:]))
        n = len(X)
        units = minimal_units(2 * n, Fraction(n) / Fraction(eps)) + draw(st.integers(0, 2))
        return {"X": X, "eps": eps, "units": units}

    return draw()


def _family10():
    """Distinct 1-D integer data (N = 1..6; 5, 6 by Monte Carlo), ε ∈ {1/100..9/10}, d_1 = min + 0..2."""
    return _family10_draw(False)


def _negative_family10():
    """The same with a planted repeated point (N = 2..4; distinctness dropped)."""
    return _family10_draw(True)


@register(
    "thm10_fraction",
    STATEMENT_10,
    SOURCE_10,
    default=_default10,
    negative=_negative10,
    hypotheses=("data are 1-dimensional and distinct", "d_1 >= 2n log(n/ε)", "ε in (0, 1)"),
    family=_family10,
    negative_family=_negative_family10,
    dropped="data are 1-dimensional and distinct",
)
def check_thm10_fraction(
    X, *, eps="1/10", units=None, exhaustive_max_n=4, samples=200, seed=0, confidence="99/100"
):
    """Fraction of full-rank regions for d_1 = ``units`` (default: the smallest width allowed).

    Exact over all regions for n ≤ ``exhaustive_max_n``; beyond, ``samples`` regions drawn
    uniformly (seeded), each rank exact, and the one-sided Clopper–Pearson lower bound at
    ``confidence`` (exact binomial tails, :mod:`exactrelu.exact.binomial`) must reach 1 − ε.
    """
    pts = exact_data(X)
    n, eps = len(pts), to_fraction(eps)
    if len(pts[0]) != 1 or not 0 < eps < 1:
        return NotApplicable(STATEMENT_10, "the statement is about 1-D data and ε in (0, 1)", {"n": n})
    d_min = minimal_units(2 * n, Fraction(n) / eps)
    units = d_min if units is None else units
    numbers = {"n": n, "units": units, "width_bound": f"2n log(n/ε), smallest integer {d_min}", "eps": eps}
    if units < d_min:
        return NotApplicable(STATEMENT_10, f"d_1 = {units} < 2n log(n/ε) (smallest allowed {d_min})", numbers)
    patterns, chamber_cert = _regions(pts)
    inst = to_jsonable({"X": [list(p) for p in pts], "eps": str(eps), "units": units})
    if _repeated_pair(pts) is not None:
        return _no_full_rank_region(pts, patterns, STATEMENT_10, inst, numbers, eps)
    ranks = {}

    def full(S):
        if S not in ranks:
            ranks[S] = jacobian_rank(pts, sorted(S), with_float=False).rank
        return ranks[S] == n

    if n > exhaustive_max_n:
        return _thm10_monte_carlo(
            patterns, units, full, eps, samples, seed, to_fraction(confidence), {**numbers, **chamber_cert}
        )
    fraction = set_weighted_fraction(patterns, units, full)
    diverse = diverse_probability(n, units)
    numbers.update(
        regions=f"(2n)^d_1 = {len(patterns)}^{units}",
        row_sets_checked=len(ranks),
        fraction=fraction,
        bound=1 - eps,
        diverse_fraction=diverse,
        confidence=1,
        method="exact (all regions, grouped by their set of rows)",
        **chamber_cert,
    )
    check(fraction >= diverse, "full-rank fraction >= diverse fraction (diverse ⇒ full rank)")
    if fraction >= 1 - eps:
        return Verified(STATEMENT_10, {**numbers, "enumerated": fraction, "closed_form": 1 - eps})
    return Counterexample(
        STATEMENT_10,
        inst,
        f"only a fraction {fraction} of the regions has full rank, below 1 - ε = {1 - eps}",
        {**numbers, "hypotheses_hold": True},
    )


def _thm10_monte_carlo(patterns, units, full, eps, samples, seed, confidence, numbers):
    """Monte Carlo over regions (rows iid uniform on the chambers), exact ranks, exact binomial bound."""
    import random

    from exactrelu.exact.binomial import clopper_pearson_lower, clopper_pearson_upper

    rng = random.Random(seed)
    successes = sum(full(frozenset(rng.choice(patterns) for _ in range(units))) for _ in range(samples))
    lower = clopper_pearson_lower(successes, samples, confidence)
    upper = clopper_pearson_upper(successes, samples, confidence)
    numbers = {
        **numbers,
        "regions": f"(2n)^d_1 = {len(patterns)}^{units}",
        "samples": samples,
        "successes": successes,
        "seed": seed,
        "fraction_lower_bound": lower,
        "fraction_upper_bound": upper,
        "bound": 1 - eps,
        "confidence": confidence,
        "method": "Monte Carlo (uniform regions, exact ranks), one-sided Clopper-Pearson bound, exact tails",
    }
    if lower >= 1 - eps:
        return Verified(STATEMENT_10, {**numbers, "enumerated": lower, "closed_form": 1 - eps})
    side = "below" if upper < 1 - eps else "inconclusive about"
    return NotApplicable(
        STATEMENT_10,
        f"Monte Carlo is {side} the bound: full-rank fraction in [{lower}, {upper}] at confidence "
        f"{confidence} (each side), 1 - ε = {1 - eps}; a sample is not a certificate",
        numbers,
    )


# ---------------------------------------------------------------- Theorem 12


def _default12():
    return {"X": [[1], [-1]], "eps": "1/2", "y": [3, -2]}


def _negative12():
    return {"X": [[1], [1]], "eps": "1/2", "y": [3, -2]}


def _family12_draw(duplicates):
    from hypothesis import strategies as st

    from exactrelu.strategies import label_vectors

    @st.composite
    def draw(draw):
        X = _instance_1d(draw, st, (2, 3) if duplicates else (1, 3), duplicates)
        eps = draw(st.sampled_from(EPSILONS))
        n = len(X)
        d = minimal_units(2 * n, Fraction(2 * n) / Fraction(eps))
        return {
            "X": X,
            "eps": eps,
            "y": draw(label_vectors(n, max_value=5)),
            "d_plus": d + draw(st.integers(0, 2)),
            "d_minus": d + draw(st.integers(0, 2)),
        }

    return draw()


def _family12():
    """Distinct 1-D data (N = 1..3), integer labels, ε ∈ {1/100, ..., 9/10}, d_± = ⌈2n log(2n/ε)⌉ + 0..2."""
    return _family12_draw(False)


def _negative_family12():
    """The same with a planted repeated point (N = 2..3; distinctness dropped)."""
    return _family12_draw(True)


@register(
    "thm12_fraction",
    STATEMENT_12,
    SOURCE_12,
    default=_default12,
    negative=_negative12,
    hypotheses=(
        "data are 1-dimensional and distinct",
        "|{i : v_i > 0}| >= 2n log(2n/ε) and |{i : v_i < 0}| >= 2n log(2n/ε)",
        "ε in (0, 1)",
    ),
    family=_family12,
    negative_family=_negative_family12,
    dropped="data are 1-dimensional and distinct",
)
def check_thm12_fraction(X, *, eps="1/10", y=None, d_plus=None, d_minus=None):
    """Exact lower bound (fraction of complete regions) on the fraction of regions with the conclusion.

    Default labels y_j = (−1)^j (j + 1).
    """
    pts = exact_data(X)
    n, eps = len(pts), to_fraction(eps)
    y = [(-1) ** j * (j + 1) for j in range(n)] if y is None else y
    if len(pts[0]) != 1 or not 0 < eps < 1 or len(y) != n:
        return NotApplicable(STATEMENT_12, "the statement is about 1-D data, ε in (0, 1), n labels", {"n": n})
    if n > 8:
        return NotApplicable(STATEMENT_12, f"n = {n} > 8: 2^(2n) row sets is too many to enumerate", {"n": n})
    d_min = minimal_units(2 * n, Fraction(2 * n) / eps)
    d_plus = d_min if d_plus is None else d_plus
    d_minus = d_min if d_minus is None else d_minus
    numbers = {
        "n": n,
        "d_plus": d_plus,
        "d_minus": d_minus,
        "width_bound": f"2n log(2n/ε) per sign, smallest integer {d_min}",
        "eps": eps,
    }
    if min(d_plus, d_minus) < d_min:
        return NotApplicable(STATEMENT_12, f"fewer than 2n log(2n/ε) = {d_min}- units of one sign", numbers)
    patterns, chamber_cert = _regions(pts)
    inst = to_jsonable(
        {"X": [list(p) for p in pts], "eps": str(eps), "y": list(y), "d_plus": d_plus, "d_minus": d_minus}
    )
    if _repeated_pair(pts) is not None:
        return _no_full_rank_region(pts, patterns, STATEMENT_12, inst, numbers, eps)
    order, _ = sorted_points(pts)
    keys = set()
    for k in range(1, n + 1):  # ξ^(k,1) in sorted order, mapped back to data order
        s = step_vector(n, k, 1)
        row = [0] * n
        for pos, j in enumerate(order):
            row[j] = s[pos]
        keys.add(tuple(row))
    check(keys <= set(patterns), "every key step vector ξ^(k,1) is a chamber")

    def has_keys(S):
        return keys <= S

    cover_plus = set_weighted_fraction(patterns, d_plus, has_keys)
    cover_minus = set_weighted_fraction(patterns, d_minus, has_keys)
    fraction = cover_plus * cover_minus
    # the conclusion on one complete region: the key patterns with both signs, then slack rows
    A = sorted(keys) * 2
    v = [1] * len(keys) + [-1] * len(keys)
    G = global_minima_in_region(pts, A, v, y)
    check(G.verify(), "certificate of the zero-loss set on a complete region")
    check(G.nonempty and G.codimension == n, "complete region: non-empty zero-loss set of codimension n")
    numbers.update(
        regions=f"(2n)^(d_+ + d_-) = {len(patterns)}^{d_plus + d_minus}",
        complete_fraction=fraction,
        fraction_lower_bound=fraction,
        bound=1 - eps,
        confidence=1,
        method="exact (all regions, grouped by their set of rows per sign class)",
        sample_complete_region={"A": A, "v": v, "codimension": G.codimension, "dimension": G.dimension},
        **chamber_cert,
    )
    if fraction >= 1 - eps:
        return Verified(STATEMENT_12, {**numbers, "enumerated": fraction, "closed_form": 1 - eps})
    return NotApplicable(
        STATEMENT_12,
        f"the complete regions are a fraction {fraction} < 1 - ε = {1 - eps}; the bound is not certified "
        "(the fraction of good regions, which may be larger, was not computed)",
        numbers,
    )
