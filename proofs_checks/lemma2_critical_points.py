"""Karhadkar, Murray, Tseran & Montúfar 2023, Lemma 2 (full-rank critical points are global minima).

Statement: let θ be a differentiable critical point of the squared loss
L(θ) = ½‖F(θ, X) − y‖².  If rank ∇_θF(θ, X) = n, then θ is a global minimiser (the proof:
0 = ∇L = ∇F · (F − y) and ∇F has full row rank, so F = y and L = 0 = min L).

Model: a two-layer network F(W, x) = vᵀσ(W x̄) with biases (x̄ = (x, 1)) and fixed output
weights v, the setting of sections 3 and 5.  On an instance (X, W, v, y) the check
certifies, exactly:

1. differentiability — no pre-activation ⟨w_i, x̄_j⟩ is 0 (so F is linear near W, with
   Jacobian the Khatri–Rao matrix J of the activation pattern A);
2. criticality — Jᵀ(F − y) = 0;
3. rank J = n (non-zero n × n minor, :func:`exactrelu.landscape.jacobian.verify_jacobian_rank`);
4. the conclusion F(W, X) = y, so L(W) = 0 ≤ L everywhere.

A non-critical or non-differentiable W is NotApplicable.  Exact throughout (confidence 1).

Negative control / family: rank J = n dropped (one unit, n ≥ 3 points, so rank J ≤ d + 1 < n).
Labels y = F(W, X) + r with r ≠ 0 in the left kernel of J make W a differentiable critical
point with L(W) = ½‖r‖² > 0; the check then searches the activation regions for a W′ with
L(W′) < L(W) (in each region the exact least-squares fit of the region's linear model is
evaluated with the true network), which certifies that W is not a global minimiser.
"""

from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, left_nullspace
from exactrelu.exact.nnls import exact_nnls
from exactrelu.exact.parse import to_fraction
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.landscape.jacobian import jacobian_rank, khatri_rao, verify_jacobian_rank
from exactrelu.network import ShallowReLU

from ._common import exact_data, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "A differentiable critical point of the squared loss at which the Jacobian of F has rank n is a "
    "global minimiser (zero loss)."
)
SOURCE = "Karhadkar et al. 2023, Lemma 2"


def loss(pts, W, v, y):
    """½ ‖F(W, X) − y‖², exactly."""
    out = ShallowReLU(W, v).output(pts)
    return sum(((a - b) ** 2 for a, b in zip(out, y)), Fraction(0)) / 2


def _pattern(pts, W):
    pre = ShallowReLU(W).pre_activations(pts)  # per unit, per point
    if any(t == 0 for row in pre for t in row):
        return None
    return [tuple(int(t > 0) for t in row) for row in pre]


def better_point(pts, W, v, y, current):
    """A W′ with L(W′) < ``current``: the least-squares fit of each region's linear model, or None.

    Regions: tuples of chambers of one unit's arrangement (d_1 ≤ 2 units here).
    """
    import itertools

    d1, width = len(W), len(W[0])
    chambers, cert = verified_chambers(HyperplaneArrangement.from_data(pts))
    check(cert["complete"], "chamber list complete")
    candidates = [[tuple([Fraction(0)] * width)] * d1]
    for combo in itertools.product([c.pattern for c in chambers], repeat=d1):
        J = khatri_rao(pts, list(combo), v)
        cols = [tuple(J[j][k] for j in range(len(pts))) for k in range(len(J[0]))]
        coef, _ = exact_nnls(cols + [tuple(-t for t in c) for c in cols], y)
        w = [coef[k] - coef[k + len(cols)] for k in range(len(cols))]
        candidates.append([tuple(w[i * width : (i + 1) * width]) for i in range(d1)])
    best = min(candidates, key=lambda Wc: loss(pts, Wc, v, y))
    value = loss(pts, best, v, y)
    return (best, value) if value < current else None


def _default():
    # staircase units on sorted data 0 < 1 < 3 (ξ^(1,1), ξ^(2,1), ξ^(3,1)): rank J = 3, y = F
    X, W, v = [[1], [0], [3]], [[0, 1], [1, "-1/2"], [1, -2]], [1, -2, 3]
    y = ShallowReLU(W, v).output(exact_data(X))
    return {"X": X, "W": W, "v": v, "y": [str(t) for t in y]}


def _negative():
    # one unit, three points: rank J <= 2 < 3; y = F + r with r in the left kernel of J
    # σ(1/2 − x) is active on x = 0 only; F = (1/2, 0, 0), r = (0, 1, 1); W' = (0, 1) has loss 1/8 < 1
    return {"X": [[0], [1], [2]], "W": [[-1, "1/2"]], "v": [1], "y": ["1/2", "1", "1"]}


def _draw(full_rank):
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n = draw(st.integers(1, 4) if full_rank else st.integers(3, 4))
        d = draw(st.integers(1, 2))
        firsts = sorted(draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n, unique=True)))
        X = [[a] + [draw(st.integers(-5, 5)) for _ in range(d - 1)] for a in firsts]
        half = st.builds(lambda k: str(Fraction(2 * k + 1, 2)), st.integers(-6, 5))
        random_unit = st.builds(
            lambda ws, b: [*ws, b], st.lists(st.integers(-3, 3), min_size=d, max_size=d), half
        )
        if full_rank:  # the all-active unit and ξ^(k,1) on the first coordinate: rank n
            W = [[0] * d + [1]] + [
                [1] + [0] * (d - 1) + [str(-Fraction(firsts[k - 1] + firsts[k], 2))] for k in range(1, n)
            ]
            W += draw(st.lists(random_unit, max_size=2))
        else:
            W = [draw(random_unit)]
        v = [draw(st.integers(1, 3)) * draw(st.sampled_from((1, -1))) for _ in W]
        pts = exact_data(X)
        F = ShallowReLU(W, v).output(pts)
        A = _pattern(pts, [[to_fraction(t) for t in u] for u in W])
        kernel = left_nullspace(khatri_rao(pts, A, v))
        coeffs = [draw(st.integers(-2, 2)) for _ in kernel]
        if kernel and not any(coeffs):
            coeffs[0] = 1
        r = [sum((c * k[j] for c, k in zip(coeffs, kernel)), 0) for j in range(n)]
        return {"X": X, "W": W, "v": v, "y": [str(a + b) for a, b in zip(F, r)]}

    return draw()


def _family():
    """Data in R^1 or R^2 (n = 1..4, distinct first coordinates), units: all-active + staircase + 0..2 random.

    y = F(W, X) + r with r in the left kernel of J (so W is critical; r = 0 as rank J = n).
    """
    return _draw(True)


def _negative_family():
    """One random unit on n = 3..4 points (rank J = n dropped), y = F + r with r ≠ 0 in ker Jᵀ."""
    return _draw(False)


@register(
    "lemma2",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("W is a differentiable point", "W is a critical point of L", "rank ∇F(W, X) = n"),
    family=_family,
    negative_family=_negative_family,
    dropped="rank ∇F(W, X) = n",
)
def check_lemma2(X, *, W=None, v=None, y=None):
    """Check Lemma 2 at the parameter ``W`` (rows (w, b)) with output weights ``v`` and labels ``y``."""
    pts = exact_data(X)
    n = len(pts)
    if W is None or v is None or y is None:
        return NotApplicable(STATEMENT, "give the parameter W, the output weights v and the labels y", {})
    W = [tuple(to_fraction(t) for t in row) for row in W]
    v = [to_fraction(t) for t in v]
    y = [to_fraction(t) for t in y]
    if len(y) != n or len(v) != len(W) or any(len(r) != len(pts[0]) + 1 for r in W):
        return NotApplicable(STATEMENT, "shapes: y has n entries, v one per unit, units (w_1..w_d, b)", {})
    A = _pattern(pts, W)
    if A is None:
        return NotApplicable(STATEMENT, "W is not a differentiable point (a pre-activation is 0)", {})
    F = ShallowReLU(W, v).output(pts)
    J = khatri_rao(pts, A, v)
    residual = [a - b for a, b in zip(F, y)]
    gradient = [dot([J[j][k] for j in range(n)], residual) for k in range(len(J[0]))]
    if any(gradient):
        return NotApplicable(STATEMENT, "W is not a critical point (Jᵀ(F − y) ≠ 0)", {"gradient": gradient})
    R = jacobian_rank(pts, A, v, with_float=False)
    check(verify_jacobian_rank(pts, A, v, R), "Jacobian rank certificate")
    value = loss(pts, W, v, y)
    numbers = to_jsonable(
        {
            "n": n,
            "units": len(W),
            "rank": R.rank,
            "loss": value,
            "pattern": A,
            "confidence": 1,
            "method": "exact",
        }
    )
    inst = to_jsonable({"X": [list(p) for p in pts], "W": W, "v": v, "y": y})
    if R.rank == n:
        if value == 0:
            return Verified(
                STATEMENT, {**numbers, "rank_certificate": R.to_dict(), "enumerated": 0, "closed_form": 0}
            )
        return Counterexample(
            STATEMENT, inst, f"rank n but loss {value} > 0", {**numbers, "hypotheses_hold": True}
        )
    if value == 0:
        return NotApplicable(STATEMENT, f"rank J = {R.rank} < n but the loss is 0 anyway", numbers)
    better = better_point(pts, W, v, y, value) if len(W) <= 2 and n <= 5 else None
    if better is None:
        return NotApplicable(
            STATEMENT, f"rank J = {R.rank} < n, loss {value}; no better point found", numbers
        )
    W2, value2 = better
    check(loss(pts, W2, v, y) == value2 < value, "a parameter with smaller loss")
    return Counterexample(
        STATEMENT,
        inst,
        f"rank J = {R.rank} < n = {n} (rank hypothesis dropped): W is a differentiable critical point with "
        f"loss {value}, but W' has loss {value2} < {value}, so W is not a global minimiser",
        to_jsonable({**numbers, "hypotheses_hold": False, "better_W": W2, "better_loss": value2}),
    )
