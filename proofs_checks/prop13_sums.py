"""Proposition 13, bullets 2 and 3 (sums and linear combinations of m ReLUs on 1-D data).

Karhadkar, Murray, Tseran & Montúfar 2023, Proposition 13 (section 6, Figure 1).  For
n ≥ 2 distinct points of R (in 1 × R) the functions one ReLU with a bias represents on
the data form the cone over the polyline P of eq. (2) (bullet 1, ``prop13``).  Then:

* ``prop13_sums`` (bullet 2): the functions Σ_{k≤m} σ(w_k x + b_k) are the non-negative
  multiples of convex combinations of m points of P.
* ``prop13_combinations`` (bullet 3): the functions Σ_{k≤m} v_k σ(w_k x + b_k), v ∈ R^m,
  are the linear combinations Σ β_k p_k of m points p_k of P.

Both inclusions are checked exactly on each instance.  (⊆) each unit's output g_k is
c_k p_k with p_k = g_k/Σg_k on a segment of the normalised polyline (exact segment and
parameter, :func:`exactrelu.landscape.function_space.polyline_position`), and the output
is rebuilt exactly as α Σ μ_k p_k (bullet 2; α = Σ_k c_k, μ_k = c_k/α) or Σ β_k p_k
(bullet 3; β_k = v_k c_k).  (⊇) m target points of P (segment, λ) with weights are
realised by m ReLUs: each point by a verified parameter θ_k
(:func:`~exactrelu.landscape.function_space.function_space_contains`), scaled by its
weight (σ is positively homogeneous), and the network output equals the target exactly.

**The literal bullet 3 is false.**  The paper says "arbitrary scalar multiples of affine
combinations of any m points on this polyline", with the points normalised to
f_1 + ... + f_n = 1 (Figure 1).  The functional ℓ = (1, ..., 1) is 1 on every such point,
hence on every affine combination, so s · (affine combination) has ℓ-value s and is 0
when ℓ(f) = 0.  But σ(1/2 − x) − σ(x − 3/2) on X = (0, 1, 2) is f = (1/2, 0, −1/2) ≠ 0
with ℓ(f) = 0 (:func:`literal_bullet3_counterexample`).  For n = 3 the unnormalised
polyline of eq. (2) also lies in an affine hyperplane ℓ = 1 (ℓ = (1, −1, 1) on X = (0, 1, 2)),
and ℓ(f) = 0 again, so neither reading of the points rescues it.  The linear-combination
form checked here is what holds; each verdict records whether the literal form holds on
the instance (``literal_reading_holds``: Σ β_k ≠ 0 or f = 0).

Negative controls / families: the data are not 1-dimensional (points of R^2 with distinct
first coordinates; the polyline is built from the first coordinates, the coordinate the
paper sorts by, while the units see both).  The output is then certified outside every
candidate set — for each choice of m segments (and, for bullet 3, signs) the cone spanned
by their endpoints, a Farkas vector y with y·generators ≤ 0 < y·f from exact NNLS — so
it is not of the stated form.
"""

import itertools
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.nnls import exact_nnls
from exactrelu.exact.parse import to_fraction
from exactrelu.landscape.convexity import relu_sum
from exactrelu.landscape.function_space import (
    function_space_contains,
    polyline_position,
    polyline_vertices,
    verify_membership,
)

from ._common import exact_data
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT_2 = (
    "For n >= 2 distinct 1-D points, the functions a sum of m ReLUs (with biases) represents on the data are "
    "the non-negative multiples of convex combinations of m points of the polyline of eq. (2)."
)
STATEMENT_3 = (
    "For n >= 2 distinct 1-D points, the functions Σ_k v_k σ(w_k x + b_k) of m ReLUs are the linear "
    "combinations of m points of the polyline of eq. (2) (the paper's 'scalar multiples of affine "
    "combinations' misses those with Σ β_k = 0)."
)
SOURCE = "Karhadkar et al. 2023, Proposition 13, bullets 2 and 3 (section 6, Figure 1)"
HYPOTHESES = ("data are 1-dimensional", "data points are distinct", "n >= 2 points", "units with biases")


def literal_bullet3_counterexample():
    """f = σ(1/2 − x) − σ(x − 3/2) on (0, 1, 2): no multiple of an affine combination of polyline points.

    Returns (f, certificate) where the certificate gives functionals ℓ equal to 1 on every
    polyline vertex (normalised: all ones; eq. (2) unnormalised, n = 3: (1, −1, 1)) with
    ℓ(f) = 0 ≠ f, every entry checked exactly here.

    >>> f, cert = literal_bullet3_counterexample()
    >>> [str(t) for t in f], cert["normalised"]["l_of_f"] == cert["unnormalised"]["l_of_f"] == 0
    (['1/2', '0', '-1/2'], True)
    """
    xs = [[0], [1], [2]]
    f = relu_sum(xs, [(-1, Fraction(1, 2)), (1, Fraction(-3, 2))], [1, -1])
    verts = polyline_vertices(xs)
    out = {}
    for name, ell, key in (("normalised", (1, 1, 1), "normalised"), ("unnormalised", (1, -1, 1), "vector")):
        check(all(dot(ell, getattr(v, key)) == 1 for v in verts), f"ℓ = 1 on the {name} polyline")
        check(dot(ell, f) == 0 and any(f), "ℓ(f) = 0 and f ≠ 0")
        out[name] = {"l": ell, "l_of_f": dot(ell, f)}
    return f, out


def _xs(pts):
    return [[p[0]] for p in pts]


def _decompose(xs, g):
    """(c, p, segment, λ) with g = c p, p = (1 − λ) P_s + λ P_{s+1} on the normalised polyline."""
    c = sum(g, Fraction(0))
    if c == 0:
        check(not any(g), "a non-negative output with zero sum is zero")
        return Fraction(0), None, None, None
    pos = polyline_position(xs, g)
    check(pos is not None, "one ReLU's output lies on the cone over the polyline (bullet 1)")
    s, lam = pos
    verts = [v.normalised for v in polyline_vertices(xs)]
    p = tuple((1 - lam) * a + lam * b for a, b in zip(verts[s], verts[s + 1]))
    check(tuple(c * t for t in p) == tuple(g), "g = c p")
    return c, p, s, lam


def _realise(xs, targets, weights):
    """m ReLUs (θ_k scaled by |weight_k|) and output weights sign(weight_k) whose output is Σ w_k p_k."""
    verts = [v.normalised for v in polyline_vertices(xs)]
    units, signs, points = [], [], []
    for (s, lam), w in zip(targets, weights):
        s, lam, w = int(s) % (len(verts) - 1) if len(verts) > 1 else 0, to_fraction(lam), to_fraction(w)
        q = verts[s + 1] if len(verts) > 1 else verts[0]
        p = tuple((1 - lam) * a + lam * b for a, b in zip(verts[s], q))
        r = function_space_contains(xs, p)
        check(r.contained and verify_membership(xs, r), "a verified parameter for each polyline point")
        units.append(tuple(abs(w) * t for t in r.witness))
        signs.append(1 if w >= 0 else -1)
        points.append(p)
    target = tuple(
        sum((w * p[j] for w, p in zip(map(to_fraction, weights), points)), Fraction(0))
        for j in range(len(xs))
    )
    out = relu_sum(xs, units, signs)
    check(out == target, "the m realised ReLUs output the target combination exactly")
    return {"units": units, "output_weights": signs, "target": target}


def _outside_every_cone(xs, f, m, signed):
    """Farkas vectors showing f is in no cone spanned by the endpoints of m segments (signs ±1 if signed)."""
    verts = [v.vector for v in polyline_vertices(xs)]
    segments = list(range(len(verts) - 1)) or [0]
    certs = []
    for combo in itertools.combinations_with_replacement(segments, m):
        for signs in itertools.product((1, -1), repeat=m) if signed else [(1,) * m]:
            gens = []
            for s, sg in zip(combo, signs):
                ends = (verts[s], verts[s + 1]) if len(verts) > 1 else (verts[0],)
                gens += [tuple(sg * t for t in e) for e in ends]
            _, residual = exact_nnls(gens, f)
            if not any(residual):
                return None
            y = residual  # Farkas: y·g ≤ 0 for every generator, y·f = |y|² > 0
            check(all(dot(y, g) <= 0 for g in gens) and dot(y, f) > 0, "Farkas vector of non-membership")
            certs.append({"segments": combo, "signs": signs, "y": y})
    return certs


def _hypotheses(pts):
    firsts = [p[0] for p in pts]
    return {
        "one_dimensional": len(pts[0]) == 1,
        "distinct": len(set(pts)) == len(pts),
        "n_at_least_2": len(pts) >= 2,
        "distinct_sort_keys": len(set(firsts)) == len(firsts),
    }


def _negative_verdict(statement, pts, units, v, f, signed, hyp):
    xs = _xs(pts)
    certs = _outside_every_cone(xs, f, len(units), signed)
    inst = to_jsonable({"X": [list(p) for p in pts], "units": [list(u) for u in units], "v": v})
    if certs is None:
        return NotApplicable(statement, "data are not 1-D but the output has the stated form", {"f": f})
    return Counterexample(
        statement,
        inst,
        f"the data are {len(pts[0])}-dimensional (1-D dropped): the output {to_jsonable(list(f))} lies in no "
        f"cone spanned by {len(units)} segment(s) of the polyline of the first coordinates",
        to_jsonable({"hypotheses": hyp, "hypotheses_hold": False, "farkas": certs[:6], "cones": len(certs)}),
    )


def _check(statement, X, units, v, targets, weights, signed):
    pts = exact_data(X)
    hyp = _hypotheses(pts)
    if units is None:
        return NotApplicable(statement, "give the m units as rows (w_1, ..., w_d, b)", {})
    units = [tuple(to_fraction(t) for t in u) for u in units]
    if not units or any(len(u) != len(pts[0]) + 1 for u in units):
        return NotApplicable(statement, "units must be rows (w_1, ..., w_d, b), at least one", {})
    m = len(units)
    v = [1] * m if v is None else [to_fraction(a) for a in v]
    f = relu_sum(pts, units, v)
    if not (hyp["n_at_least_2"] and hyp["distinct_sort_keys"]):
        return NotApplicable(statement, "needs n >= 2 points with distinct (first) coordinates", {"hyp": hyp})
    if not hyp["one_dimensional"]:
        return _negative_verdict(statement, pts, units, [str(a) for a in v], f, signed, hyp)
    xs = _xs(pts)
    parts = [_decompose(xs, relu_sum(xs, [u])) for u in units]
    betas = [a * c for a, (c, *_rest) in zip(v, parts)]
    rebuilt = tuple(
        sum((b * p[j] for b, (_, p, *_r) in zip(betas, parts) if p is not None), Fraction(0))
        for j in range(len(xs))
    )
    check(rebuilt == f, "output = Σ β_k p_k exactly")
    total = sum(betas, Fraction(0))
    cert = {
        "n": len(xs),
        "m": m,
        "f": f,
        "points": [{"segment": s, "lambda": lam, "beta": b} for b, (_, _, s, lam) in zip(betas, parts)],
    }
    if not signed:
        check(all(b >= 0 for b in betas), "sum of ReLUs: non-negative coefficients")
        cert.update(alpha=total, mu=[b / total for b in betas] if total else None)
    else:
        cert.update(
            beta_sum=total,
            literal_reading_holds=total != 0 or not any(f),
            literal_note="s · affine combination needs Σβ ≠ 0 or f = 0 (ℓ = (1..1) is 1 on the polyline)",
        )
    if targets is None:
        nseg = max(len(polyline_vertices(xs)) - 1, 1)
        targets = [(k % nseg, Fraction(1, k + 2)) for k in range(m)]
        weights = [Fraction(1, m)] * m if not signed else [(-1) ** k * Fraction(k + 1, 2) for k in range(m)]
    cert["realised"] = _realise(xs, targets, weights)
    cert.update(hypotheses=hyp, confidence=1, method="exact")
    return Verified(statement, to_jsonable(cert))


# ---------------------------------------------------------------- families


def _default2():
    return {"X": [[-2], [0], [1], [3]], "units": [[1, 0], [-1, 1], [2, -5]]}


def _default3():
    return {"X": [[-2], [0], [1], [3]], "units": [[1, 0], [-1, 1], [2, -5]], "v": [2, -1, 3]}


def _negative2():
    return {"X": [[0, 0], [1, 3], [2, 1]], "units": [[0, 1, 0]]}


def _negative3():
    return {"X": [[0, 0], [1, 3], [2, 1]], "units": [[0, 1, 0]], "v": [1]}


def _draw_family(signed, two_d):
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n = draw(st.integers(3 if two_d else 2, 4))
        firsts = draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n, unique=True))
        if two_d:
            X = [[a, draw(st.integers(-5, 5))] for a in firsts]
        else:
            X = [[a] for a in firsts]
        d = len(X[0])
        m = 1 if two_d else draw(st.integers(1, 3))
        units = [
            [draw(st.integers(-3, 3)) for _ in range(d)] + [str(Fraction(draw(st.integers(-9, 9)), 2))]
            for _ in range(m)
        ]
        if two_d:  # the unit must see the second coordinate
            units[0][1] = draw(st.integers(1, 3)) * draw(st.sampled_from((1, -1)))
        inst = {"X": X, "units": units}
        if signed:
            inst["v"] = [draw(st.integers(1, 3)) * draw(st.sampled_from((1, -1))) for _ in range(m)]
        return inst

    return draw()


def _family2():
    """Distinct integer 1-D data (n = 2..4, any order), m = 1..3 units with integer w and half-integer b."""
    return _draw_family(False, False)


def _negative_family2():
    """Points of R^2 (n = 3..4, distinct first coordinates; 1-D dropped), one unit using coordinate 2."""
    return _draw_family(False, True)


def _family3():
    """As for bullet 2, with non-zero integer output weights v in [-3, 3]."""
    return _draw_family(True, False)


def _negative_family3():
    """Points of R^2 (1-D dropped), one unit using the 2nd coordinate, non-zero output weight."""
    return _draw_family(True, True)


@register(
    "prop13_sums",
    STATEMENT_2,
    SOURCE,
    default=_default2,
    negative=_negative2,
    hypotheses=HYPOTHESES,
    family=_family2,
    negative_family=_negative_family2,
    dropped="data are 1-dimensional",
)
def check_prop13_sums(X, *, units=None, targets=None, weights=None):
    """Both inclusions of bullet 2 on data ``X`` with m = len(units) ReLUs (rows (w, b)).

    ``targets`` (pairs (segment, λ)) and convex ``weights`` choose the combination realised
    for (⊇); by default m points spread over the segments with equal weights.
    """
    return _check(STATEMENT_2, X, units, None, targets, weights, signed=False)


@register(
    "prop13_combinations",
    STATEMENT_3,
    SOURCE,
    default=_default3,
    negative=_negative3,
    hypotheses=HYPOTHESES,
    family=_family3,
    negative_family=_negative_family3,
    dropped="data are 1-dimensional",
)
def check_prop13_combinations(X, *, units=None, v=None, targets=None, weights=None):
    """Both inclusions of bullet 3 (linear-combination form) on data ``X``; records the literal form too."""
    return _check(STATEMENT_3, X, units, v, targets, weights, signed=True)
