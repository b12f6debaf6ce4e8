"""Theorem 5 and Corollary 8 of Karhadkar, Murray, Tseran & Montúfar 2023, as their proof bounds them.

Model (section 3): F(W, x) = vᵀσ(W x), W ∈ R^{d_1 × d_0}, no bias, v fixed with non-zero
entries; on the region S_A the Jacobian is the Khatri–Rao matrix [(v ⊙ a^(j)) ⊗ x^(j)]_j,
whose rank does not depend on v (Lemma 4).  Where it has rank n, every differentiable
critical point is a global minimum with F = y (Lemma 2; ``lemma2``).

* ``thm5`` — Theorem 5: for generic X and d_1 ≥ max(n/d_0, O(log(n/(ε d_0)))), all but an
  ε fraction of the 2^{d_1 n} activation regions have rank J = n.  The O(·) hides the
  constant of Bourgain, Vu & Wood 2010 (Theorem 3), so no explicit ε follows at small
  sizes; the check verifies the *proof's* bound with Theorem 3 replaced by exact
  probabilities: split [n] into r = ⌈n/d_1⌉ blocks S_k of ≤ d_1 points (r ≤ d_0 needs
  d_1 ≥ n/d_0); then the fraction of regions with rank J < n is at most
  ε_proof = Σ_k P(|S_k| random vectors of {0,1}^{d_1} are dependent), each term exact
  (:func:`exactrelu.landscape.probabilities.dependent_01_fraction`).  The fraction is
  computed exactly over all 2^{d_1 n} matrices A (the rank depends only on the set of
  distinct rows of A: Σ_S surj(d_1, |S|) [rank = n] / 2^{n d_1} over the sets S of rows).
  A random integer X may be non-generic; when the bound fails, a second data set X' is
  tried and an A with rank(A∗X) < rank(A∗X') certifies X non-generic (NotApplicable).
* ``cor8`` — Corollary 8: if moreover d_0 ≥ n and X is in general position (here: its
  n columns are linearly independent), every one of the 2^{d_1 n} regions is non-empty
  (each unit's arrangement has 2^n chambers, verified and counted by |χ(−1)|) and the
  same bound holds for the fraction of non-empty regions; on a full-rank region every
  differentiable critical point has zero loss, for arbitrary y.

Exact verdicts: every fraction is over all regions (confidence 1, no sampling).

Negative controls / families:

* ``thm5``: d_1 ≥ n/d_0 dropped (d_0 = 1, d_1 = n − 1, n = 3, 4): the proof's ε_proof is
  still < 1 (7/8 and 201/256), but rank J ≤ d_0 d_1 < n in every region, so the fraction of
  bad regions is 1 > ε_proof (the proof's data X with x^(i) = e_k needs r ≤ d_0).
* ``cor8``: general position dropped (a repeated point): every non-empty region agrees on
  the two equal points, so two rows of J coincide and no non-empty region has rank n
  (dependency certificate e_j − e_k), while ε_proof < 1.
"""

import itertools
import random

from exactrelu.exact.certificates import check
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import rank
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.landscape.jacobian import jacobian_rank
from exactrelu.landscape.probabilities import dependent_01_fraction, set_weighted_fraction

from ._common import dependency_certificate, exact_data, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT_5 = (
    "For generic X in R^{d_0 x n} and d_1 >= n/d_0 (no bias), at most a fraction "
    "ε_proof = Σ_k P(|S_k| random 0/1 vectors of length d_1 are dependent) of the 2^{d_1 n} activation "
    "regions have a Jacobian of rank < n (the proof of Theorem 5, Theorem 3 replaced by exact values)."
)
SOURCE_5 = "Karhadkar et al. 2023, Theorem 5 (proof in Appendix A)"
STATEMENT_8 = (
    "For d_0 >= n, X in general position and d_1 as in Theorem 5, all 2^{d_1 n} regions are non-empty and at "
    "most a fraction ε_proof of them have rank J < n; elsewhere every differentiable critical point has "
    "zero loss."
)
SOURCE_8 = "Karhadkar et al. 2023, Corollary 8 (of Theorem 5 and Proposition 6)"
MAX_N = 3
MAX_UNITS = 4


def proof_bound(n, units):
    """ε_proof = Σ_k P(block k dependent) for blocks of sizes d_1, ..., d_1, n mod d_1 (r = ⌈n/d_1⌉)."""
    sizes = [units] * (n // units) + ([n % units] if n % units else [])
    return sum((dependent_01_fraction(units, k) for k in sizes), 0), sizes


def bad_fraction(pts, units, rows):
    """Exact fraction of the |rows|^units matrices A (rows from ``rows``) with rank(A∗X) < n."""
    n = len(pts)

    def full(S):
        return jacobian_rank(pts, sorted(S), bias=False, with_float=False).rank == n

    return 1 - set_weighted_fraction(rows, units, full)


def _non_generic_witness(pts, rows, seed=0):
    """An A (set of rows) with rank(A∗X) < rank(A∗X') for a random X': X is not generic, or None."""
    rng = random.Random(seed)
    other = [[rng.randint(-(10**6), 10**6) for _ in p] for p in pts]
    for size in range(1, len(rows) + 1):
        for S in itertools.combinations(rows, size):
            here = jacobian_rank(pts, list(S), bias=False, with_float=False).rank
            there = jacobian_rank(other, list(S), bias=False, with_float=False).rank
            if here < there:
                return {"A": [list(r) for r in S], "rank_X": here, "rank_X_prime": there, "X_prime": other}
    return None


def _common_numbers(pts, units):
    n, d0 = len(pts), len(pts[0])
    eps, sizes = proof_bound(n, units)
    return {"n": n, "d0": d0, "units": units, "blocks": sizes, "eps_proof": eps, "vacuous": eps >= 1}


def _sizes_ok(pts, units):
    return len(pts) <= MAX_N and 1 <= units <= MAX_UNITS


# ---------------------------------------------------------------- Theorem 5


def _default5():
    return {"X": [[3, -1], [1, 4], [-2, 5]], "units": 3}


def _negative5():
    return {"X": [[2], [-3], [5]], "units": 2}


def _seeded_data(seed, n, d0):
    """n points of R^{d_0} with integer coordinates in ±10^6 from a seed (generic with high probability)."""
    rng = random.Random(seed)
    return [[rng.randint(-(10**6), 10**6) for _ in range(d0)] for _ in range(n)]


def _family5():
    """Random integer data (n = 1..3 points of R^{d_0}, d_0 = 1..3, |x| ≤ 10^6), d_1 = ⌈n/d_0⌉..4."""
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n, d0 = draw(st.integers(1, MAX_N)), draw(st.integers(1, 3))
        X = _seeded_data(draw(st.integers(0, 2**32)), n, d0)
        return {"X": X, "units": draw(st.integers(-(-n // d0), MAX_UNITS))}

    return draw()


def _negative_family5():
    """d_1 ≥ n/d_0 dropped: d_0 = 1, n = 3 with d_1 = 2 (ε_proof = 7/8 < 1), random integer data."""
    from hypothesis import strategies as st

    return st.builds(lambda seed: {"X": _seeded_data(seed, 3, 1), "units": 2}, st.integers(0, 2**32))


@register(
    "thm5",
    STATEMENT_5,
    SOURCE_5,
    default=_default5,
    negative=_negative5,
    hypotheses=("X generic", "d_1 >= n / d_0", "no bias, output weights non-zero (Lemma 4)"),
    family=_family5,
    negative_family=_negative_family5,
    dropped="d_1 >= n / d_0",
)
def check_thm5(X, *, units=None):
    """Exact fraction of rank-deficient regions among all 2^{d_1 n} versus the proof's bound.

    Default d_1 = ⌈n/d_0⌉ (the smallest the theorem allows).
    """
    pts = exact_data(X)
    units = -(-len(pts) // len(pts[0])) if units is None else units
    if not _sizes_ok(pts, units):
        return NotApplicable(STATEMENT_5, f"sizes beyond n <= {MAX_N}, 1 <= d_1 <= {MAX_UNITS}", {})
    numbers = _common_numbers(pts, units)
    n, d0 = numbers["n"], numbers["d0"]
    width_ok = units * d0 >= n
    rows = list(itertools.product((0, 1), repeat=n))
    bad = bad_fraction(pts, units, rows)
    numbers.update(
        regions=f"2^(d_1 n) = 2^{units * n}",
        bad_fraction=bad,
        confidence=1,
        method="exact (all 2^(d_1 n) matrices A, grouped by their set of rows)",
        width_hypothesis=width_ok,
    )
    if bad <= numbers["eps_proof"]:
        if not width_ok:
            return NotApplicable(STATEMENT_5, "d_1 < n/d_0 but the bound holds (vacuous)", numbers)
        return Verified(STATEMENT_5, {**numbers, "enumerated": bad, "closed_form": numbers["eps_proof"]})
    inst = to_jsonable({"X": [list(p) for p in pts], "units": units})
    if width_ok:
        witness = _non_generic_witness(pts, rows)
        if witness is not None:
            return NotApplicable(
                STATEMENT_5,
                "X is not generic (an A loses rank on X only)",
                to_jsonable({**numbers, "non_generic": witness}),
            )
    why = f"rank-deficient fraction {bad} > ε_proof = {numbers['eps_proof']}"
    if not width_ok:
        why += f"; d_1 d_0 = {units * d0} < n = {n} (d_1 >= n/d_0 dropped): rank J <= d_1 d_0 < n everywhere"
    return Counterexample(STATEMENT_5, inst, why, {**numbers, "hypotheses_hold": width_ok})


# ---------------------------------------------------------------- Corollary 8


def _default8():
    return {"X": [[1, 0, 2], [0, 3, 1]], "units": 2}


def _negative8():
    return {"X": [[1, 2, 0], [1, 2, 0]], "units": 2}


def _family8_draw(repeated):
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n = draw(st.integers(2 if repeated else 1, MAX_N))
        d0 = draw(st.integers(n, n + 1))
        X = _seeded_data(draw(st.integers(0, 2**32)), n, d0)
        if rank(X) < n:  # (probability ~0) fall back to unit vectors
            X = [[int(k == j) for k in range(d0)] for j in range(n)]
        if repeated:
            i, j = draw(st.permutations(range(n)))[:2]
            X[j] = list(X[i])
        return {"X": X, "units": draw(st.integers(n, MAX_UNITS))}

    return draw()


def _family8():
    """n = 1..3 independent random integer points of R^{d_0}, d_0 = n..n+1, d_1 = n..4 (ε_proof < 1)."""
    return _family8_draw(False)


def _negative_family8():
    """The same with one point repeated (general position dropped), n = 2..3."""
    return _family8_draw(True)


@register(
    "cor8",
    STATEMENT_8,
    SOURCE_8,
    default=_default8,
    negative=_negative8,
    hypotheses=("d_0 >= n", "X in general position (linearly independent points)", "d_1 >= n / d_0"),
    family=_family8,
    negative_family=_negative_family8,
    dropped="X in general position (linearly independent points)",
)
def check_cor8(X, *, units=None):
    """Exact fraction of rank-deficient regions among the non-empty ones versus the proof's bound.

    Default d_1 = n.
    """
    pts = exact_data(X)
    units = len(pts) if units is None else units
    if not _sizes_ok(pts, units):
        return NotApplicable(STATEMENT_8, f"sizes beyond n <= {MAX_N}, 1 <= d_1 <= {MAX_UNITS}", {})
    numbers = _common_numbers(pts, units)
    n, d0 = numbers["n"], numbers["d0"]
    if d0 < n or units * d0 < n:
        return NotApplicable(STATEMENT_8, "Corollary 8 assumes d_0 >= n (and d_1 >= n/d_0)", numbers)
    independent = rank(pts) == n
    chambers, cert = verified_chambers(HyperplaneArrangement(pts))
    check(cert["complete"], "chamber list complete (count = |χ(-1)|)")
    rows = [c.pattern for c in chambers]
    bad = bad_fraction(pts, units, rows)
    numbers.update(
        chambers_per_unit=len(rows),
        all_regions_nonempty=len(rows) == 2**n,
        nonempty_regions=f"{len(rows)}^{units}",
        bad_fraction=bad,
        general_position=independent,
        confidence=1,
        method="exact (all non-empty regions, grouped by their set of rows)",
        **cert,
    )
    inst = to_jsonable({"X": [list(p) for p in pts], "units": units})
    if independent:
        check(len(rows) == 2**n, "independent points: every one of the 2^n patterns is a chamber")
        if bad <= numbers["eps_proof"]:
            return Verified(STATEMENT_8, {**numbers, "enumerated": bad, "closed_form": numbers["eps_proof"]})
        return Counterexample(
            STATEMENT_8, inst, f"bad fraction {bad} > ε_proof", {**numbers, "hypotheses_hold": True}
        )
    if bad <= numbers["eps_proof"]:
        return NotApplicable(STATEMENT_8, "general position fails but the bound holds", numbers)
    details = {**numbers, "hypotheses_hold": False}
    pair = next(((i, j) for i, j in itertools.combinations(range(n), 2) if pts[i] == pts[j]), None)
    if pair is not None:
        J = jacobian_rank(pts, rows, bias=False, with_float=False)
        coeffs = [0] * n
        coeffs[pair[0]], coeffs[pair[1]] = 1, -1
        details["certificate"] = dependency_certificate(J.matrix, coeffs)
    return Counterexample(
        STATEMENT_8,
        inst,
        f"general position fails; the rank-deficient fraction of the non-empty regions is {bad} > "
        f"ε_proof = {numbers['eps_proof']}",
        details,
    )
