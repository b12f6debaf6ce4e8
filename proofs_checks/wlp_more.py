"""Wang, Lacotte & Pilanci 2022: Theorem 2, Proposition 3, Corollary 1 and eq. (16), checked exactly.

Conventions of :mod:`proofs_checks.convex_landscape`: rows of X are samples, no bias,
L_β(θ) = ½‖Σ_j α_j relu(X u_j) − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²).  A network is given either as
``{"U": rows u_j, "alpha": [α_j]}`` (rational weights, any scaling) or as a scaled network in product
coordinates ``{"products": p_j = |α_j| u_j, "signs": sign α_j}``.

* ``wlp_thm2`` — Theorem 2: a Clarke stationary θ is nearly minimal.  Stationarity is decided
  exactly: at a differentiable point (x_i·u_j ≠ 0 for every non-zero neuron) the gradient vanishes iff
  every non-zero neuron has g_j = F_jᵀ(y − ŷ) with ‖g_j‖² = β² and s_j g_j positively colinear with
  p_j (zero neurons have zero gradient); or θ is a certified global minimum (L_β(θ) = 0 ≤ L_β).
  Family: exactly stationary networks, splittings of a neuron p = c·u that satisfies its own block's
  KKT conditions (:func:`proofs_checks._convex.single_neuron_labels`; often not a global optimum).
  Negative family (β > 0 dropped): β = 0, y the output of a random unscaled rational network θ, so
  L(θ) = 0 is a global minimum — Clarke stationary — but θ is not scaled.
* ``wlp_prop3`` — Proposition 3: from every θ a continuous path along which L_β strictly decreases
  ends at a nearly minimal network.  The path of Appendix B.5 is built and certified exactly: part 1
  rescales each unscaled neuron (u, α) → (u/c, cα), c² from 1 to ‖u‖/|α| (fit constant by positive
  homogeneity; the penalty ½(‖u‖²/s + sα²) is strictly convex in s = c² with its minimum at the end, and
  (‖u‖ − |α|)² > 0 exactly, so it strictly decreases); part 2 aligns, in each cone B with non-colinear
  neurons, p_j(t) = (1 − t)p_j + t·W_B/|U_B| (fit exactly constant, checked on a rational grid with
  the cones; the penalty is convex with derivative 0 at t = 1 and strictly above its end value before,
  so it strictly decreases; consecutive grid values are also compared exactly by
  :func:`exactrelu.exact.intervals.sqrt_sum_sign`).  The end is nearly minimal (exact).
  Negative family (β > 0 dropped): β = 0 and θ an unscaled exact interpolant: L(θ) = 0 = min L, so no
  path can strictly decrease L.
* ``wlp_cor1`` — Corollary 1: Ω(θ) contains a minimal network (Proposition 3's path, then the
  constant-objective merge of Proposition 1, each step exact) and, if Ω(θ) is non-spurious, an optimal
  minimal one (checked when θ is a certified global optimum: the merged end has the same objective
  exactly and is certified optimal).  Family: splittings of a rational optimum, some perturbed.
  Negative family (non-spurious dropped): width 1, θ the best one-neuron network of the worse output
  sign, with the certified spurious valley of ``cvx_prop7``'s negative control: Ω(θ) contains no
  optimal network, minimal or not.
* ``wlp_eq16`` — eq. (16) (section 5): for m ≥ 2(n + 1) and any θ₀, θ₁ there are θ̃_i with at most
  n + 1 non-zero neurons joined to θ_i by constant-objective paths, and for every λ a width-m θ_λ
  with f(X; θ_λ) = λ f(X; θ̃₀) + (1 − λ) f(X; θ̃₁).  Products are drawn with rational norms (Pythagorean
  directions), so Carathéodory in R^{n+1} on (fit_j, ‖p_j‖) is exact: the pruning path keeps fit and
  penalty exactly constant (both directions).  θ_λ puts λ·p̃⁰ and (1 − λ)·p̃¹ in disjoint slots.
  Negative family (m ≥ 2(n + 1) dropped): m = 1, θ₀ and θ₁ single neurons of opposite output signs
  whose average has a positive and a negative entry: one neuron's outputs share a sign, so no width-1
  θ_λ exists (certified).
"""

import itertools
from fractions import Fraction

from exactrelu.convex.minimality import is_minimal, is_nearly_minimal, merge_path
from exactrelu.convex.scaled_networks import ScaledNetwork, positively_colinear
from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_sum_sign
from exactrelu.exact.linalg import dot, nullspace
from exactrelu.exact.parse import exact_labels, exact_matrix, exact_scalar
from exactrelu.network import ShallowReLU

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

SOURCE = "Wang, Lacotte & Pilanci 2022"
BETA = Fraction(1, 10)
_BETA_POS = "β > 0 (weight decay: L_β has the regulariser)"


# ----------------------------------------------------------------------------- helpers
def _read(X, y, beta):
    rows = exact_data(X)
    return rows, list(exact_labels(y, len(rows))), exact_scalar(beta, name="beta", nonnegative=True)


def read_network(network, d):
    """A ShallowReLU (bias-free) from {"U", "alpha"} or a ScaledNetwork from {"products", "signs"}."""
    if isinstance(network, (ShallowReLU, ScaledNetwork)):
        return network
    if isinstance(network, dict) and "U" in network:
        return ShallowReLU(exact_matrix(network["U"], name="U", dim=d), network["alpha"], bias=False)
    if isinstance(network, dict) and "products" in network:
        return ScaledNetwork.from_dict(network)
    raise InvalidDataError(
        "network must be {'U': rows, 'alpha': [...]} (any rational weights) or "
        "{'products': rows, 'signs': [±1, ...]} (a scaled network in product coordinates)"
    )


def products_of(net):
    """(products p_j = |α_j| u_j, signs) of any network (exact)."""
    if isinstance(net, ScaledNetwork):
        return [tuple(p) for p in net.products], list(net.signs)
    prods, signs = [], []
    for u, a in zip(net.W, net.v):
        prods.append(tuple(abs(a) * t for t in u))
        signs.append(1 if a >= 0 or not any(u) else -1)
    return prods, signs


def _output(prods, signs, rows):
    return [sum((s * max(dot(x, p), 0) for p, s in zip(prods, signs)), Fraction(0)) for x in rows]


def _penalty_terms(net):
    """The penalty of a network as Σ c √q terms (β not included): ½(‖u‖² + α²) each, or ‖p‖ if scaled."""
    if isinstance(net, ScaledNetwork):
        return [(1, dot(p, p)) for p in net.products if any(p)]
    return [(Fraction(dot(u, u) + a * a, 2), 1) for u, a in zip(net.W, net.v)]


def objective_sign_vs(net, rows, y, beta, value):
    """Exact sign of L_β(net) − value."""
    prods, signs = products_of(net)
    out = _output(prods, signs, rows)
    loss = sum(((a - b) ** 2 for a, b in zip(out, y)), Fraction(0)) / 2
    return sqrt_sum_sign([(loss - value, 1)] + [(beta * c, q) for c, q in _penalty_terms(net)])


def stationarity(net, rows, y, beta):
    """Exact Clarke stationarity: ('gradient_zero' | 'global_minimum' | None, holds, details).

    Away from kinks (x_i·u_j = 0 with α_j ≠ 0) L_β is strictly differentiable — a neuron with α_j = 0
    contributes α_j relu(X u_j), whose gradient tends to 0 from every side — so the Clarke subdifferential
    is {∇L_β} and stationarity is ∇L_β = 0, decided in rationals.  A neuron with exactly one of u_j, α_j
    zero has a non-zero partial (β u_j or β α_j) that is continuous nearby: never stationary for β > 0.
    With β = 0 and an exact fit, θ is a global minimum (L = 0), hence Clarke stationary.  At a kink
    otherwise the answer is None (not decided).
    """
    prods, signs = products_of(net)
    out = _output(prods, signs, rows)
    r = [a - b for a, b in zip(y, out)]
    if beta == 0 and not any(r):
        return "global_minimum", True, {"why": "β = 0 and the fit is exact: L(θ) = 0 ≤ L everywhere"}
    if isinstance(net, ShallowReLU):
        # a neuron with exactly one of u, α zero: the partial β u or β α is non-zero and continuous
        for j, (u, a) in enumerate(zip(net.W, net.v)):
            if beta > 0 and (any(u) != (a != 0)):
                return "gradient_zero", False, {"neuron": j, "why": "exactly one of u_j, α_j is zero"}
        kinks = [
            (j, i)
            for j, (u, a) in enumerate(zip(net.W, net.v))
            if a
            for i, x in enumerate(rows)
            if dot(x, u) == 0
        ]
    else:
        kinks = [(j, i) for j, p in enumerate(prods) if any(p) for i, x in enumerate(rows) if dot(x, p) == 0]
    if kinks:
        return None, None, {"kinks": kinks, "why": "non-differentiable point (x_i·u_j = 0 with α_j ≠ 0)"}
    d = len(rows[0])
    if isinstance(net, ShallowReLU):
        for j, (u, a) in enumerate(zip(net.W, net.v)):
            F = [x if dot(x, u) > 0 else [0] * d for x in rows]
            g = [sum((f[k] * ri for f, ri in zip(F, r)), Fraction(0)) for k in range(d)]
            grad_u = [-a * gk + beta * uk for gk, uk in zip(g, u)]
            grad_a = -dot(u, g) + beta * a
            if any(grad_u) or grad_a:
                return "gradient_zero", False, {"neuron": j, "grad_u": grad_u, "grad_alpha": grad_a}
        return "gradient_zero", True, {"why": "differentiable point, gradient exactly zero"}
    for j, (p, s) in enumerate(zip(prods, signs)):
        if not any(p):
            continue
        F = [x if dot(x, p) > 0 else [0] * d for x in rows]
        g = [sum((f[k] * ri for f, ri in zip(F, r)), Fraction(0)) for k in range(d)]
        sg = [s * t for t in g]
        if dot(g, g) != beta * beta or not positively_colinear(sg, p):
            return "gradient_zero", False, {"neuron": j, "g": g, "why": "‖g‖ ≠ β or s·g not along p"}
    return "gradient_zero", True, {"why": "differentiable point, gradient exactly zero"}


# ----------------------------------------------------------------------------- Proposition 3's path
def prop3_path(net, rows, beta, grid=4):
    """The path of Appendix B.5 from ``net`` to a nearly minimal network, certified exactly.

    Returns a dict: ``end`` (ScaledNetwork), ``part1`` (list of per-neuron certificates),
    ``part2`` (per cone group), ``strict`` (the penalty strictly decreases), ``trivial``.
    """
    prods, signs = products_of(net)
    part1 = []
    if isinstance(net, ShallowReLU):
        for j, (u, a) in enumerate(zip(net.W, net.v)):
            nu, na = dot(u, u), a * a
            if nu == na:
                continue
            if nu and na:
                # g(s) = ½(‖u‖²/s + s α²), s from 1 to s* = ‖u‖/|α|; g(1) − g(s*) = ½(‖u‖ − |α|)² > 0
                # because ‖u‖² ≠ α² (exact, above)
                part1.append(
                    {
                        "neuron": j,
                        "norm_u_sq": nu,
                        "alpha_sq": na,
                        "s_star_sq": nu / na,
                        "penalty_drop": "½(‖u‖ − |α|)² > 0 (g strictly convex in s, minimum at the end)",
                    }
                )
            else:
                part1.append({"neuron": j, "shrink_to_zero": True, "penalty_drop": Fraction(nu + na, 2)})
    # part 2 (product coordinates; unchanged by part 1 except neurons shrunk to zero)
    start = ScaledNetwork(prods, signs)
    groups = start.cone_groups(rows)
    part2, moves = [], {}
    for cone, idx in groups.items():
        if all(positively_colinear(prods[j], prods[idx[0]]) for j in idx[1:]):
            continue
        W = tuple(sum(col, Fraction(0)) for col in zip(*(prods[j] for j in idx)))
        k = len(idx)
        target = tuple(t / k for t in W)
        check(dot(target, [a * k - b for a, b in zip(target, W)]) == 0, "h'(1) = 0 (Σ_j p_j = W)")
        for j in idx:
            moves[j] = target
        part2.append({"cone": [list(cone[0]), cone[1]], "neurons": idx, "W": list(W)})

    def at(t):
        return ScaledNetwork(
            [
                tuple((1 - t) * a + t * b for a, b in zip(p, moves[j])) if j in moves else p
                for j, p in enumerate(prods)
            ],
            signs,
        )

    ts = [Fraction(i, grid) for i in range(grid + 1)]
    nets = [at(t) for t in ts]
    fit0 = start.output(rows)
    cones0 = start.cones(rows)
    strict_grid = True
    for a, b in itertools.pairwise(nets):
        check(b.output(rows) == fit0, "part 2 keeps the fit exactly")
        check(b.cones(rows) == cones0, "part 2 keeps each neuron's cone")
        sign = sqrt_sum_sign(
            [(1, q) for q in b.penalty_squared_norms() if q]
            + [(-1, q) for q in a.penalty_squared_norms() if q]
        )
        if moves and sign >= 0:
            strict_grid = False
    end = nets[-1]
    trivial = not part1 and not part2
    return {
        "end": end,
        "part1": part1,
        "part2": part2,
        "grid": ts,
        "part2_strict_on_grid": strict_grid,
        "trivial": trivial,
        "strict": trivial or (beta > 0 and strict_grid),
    }


# ----------------------------------------------------------------------------- families
def _stationary_draw(draw, beta=BETA):
    from hypothesis import strategies as st

    from ._convex import draw_single_neuron

    X, u, c, s, y, _ = draw_single_neuron(draw, beta)
    weights = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    products = [[Fraction(w * c, sum(weights)) * t for t in u] for w in weights]
    products += [[0, 0]] * draw(st.integers(0, 1))
    return {
        "X": X,
        "y": list(y),
        "beta": beta,
        "network": {"products": products, "signs": [s] * len(weights) + [1] * (len(products) - len(weights))},
    }


def _interpolant_draw(draw, beta=Fraction(0)):
    """β, data, a random rational (usually unscaled) network θ and y = f(X; θ)."""
    from hypothesis import strategies as st

    from ._convex import _draw_data

    X = _draw_data(draw)
    m = draw(st.integers(1, 3))
    entry = st.integers(-3, 3)
    U = [draw(st.lists(entry, min_size=2, max_size=2)) for _ in range(m)]
    alpha = [draw(entry) for _ in range(m)]
    net = ShallowReLU(U, alpha, bias=False)
    y = _output(*products_of(net), exact_data(X))
    return {"X": X, "y": y, "beta": beta, "network": {"U": U, "alpha": alpha}}


def _random_network_draw(draw):
    """Labelled data (β = 1/10) and a random rational network of width 1..3 (any scaling)."""
    from hypothesis import strategies as st

    inst = _interpolant_draw(draw, BETA)
    inst["y"] = [draw(st.integers(-3, 3)) for _ in inst["y"]]
    return inst


# ============================================================================ Theorem 2
T2_STATEMENT = "Theorem 2: every Clarke stationary point θ of L_β (β > 0) is a nearly minimal network."


def _t2_family():
    """Exactly stationary networks: splittings of a neuron satisfying its own block's KKT conditions."""
    from hypothesis import strategies as st

    return st.composite(_stationary_draw)()


def _t2_negative_family():
    """β = 0 (the hypothesis dropped) and θ an exact interpolant with random rational weights."""
    from hypothesis import strategies as st

    return st.composite(_interpolant_draw)()


def _t2_default():
    # u = (3/5, 4/5), α = 1, r = β u: the neuron satisfies s Fᵀr = β p/‖p‖ exactly (stationary)
    return {
        "X": [[1, 0], [0, 1]],
        "y": [Fraction(33, 50), Fraction(22, 25)],
        "beta": BETA,
        "network": {"U": [[Fraction(3, 5), Fraction(4, 5)]], "alpha": [1]},
    }


def _t2_negative():
    return {"X": [[1, 0], [0, 1]], "y": [2, 0], "beta": 0, "network": {"U": [[1, 0]], "alpha": [2]}}


@register(
    "wlp_thm2",
    T2_STATEMENT,
    SOURCE + ", Theorem 2 (section 4.1, Appendix B.4)",
    default=_t2_default,
    negative=_t2_negative,
    hypotheses=(_BETA_POS, "θ is Clarke stationary (decided exactly)"),
    family=_t2_family,
    negative_family=_t2_negative_family,
    dropped=_BETA_POS,
)
def check_thm2(X, *, y=None, beta=BETA, network=None):
    """Exact stationarity of θ ⇒ θ nearly minimal (exact)."""
    if network is None or y is None:
        return NotApplicable(T2_STATEMENT, "this check needs labels y and a network")
    if y is None:
        return NotApplicable(T2_STATEMENT, "this check needs labels y (give them as the instance option y)")
    rows, y, beta = _read(X, y, beta)
    net = read_network(network, len(rows[0]))
    kind, holds, info = stationarity(net, rows, y, beta)
    inst = instance_dict(rows, y=y, beta=beta, network=network)
    if holds is None:
        return NotApplicable(T2_STATEMENT, f"stationarity not decided: {info['why']}", info)
    if not holds:
        return NotApplicable(T2_STATEMENT, "θ is not Clarke stationary (the hypothesis fails)", info)
    nm = is_nearly_minimal(net, rows)
    cert = {"stationarity": kind, "stationarity_details": info, "nearly_minimal": nm.reason, "beta": beta}
    if nm:
        return Verified(T2_STATEMENT, cert)
    return Counterexample(
        T2_STATEMENT,
        inst,
        (
            ("β = 0 (weight decay dropped): " if beta == 0 else "")
            + f"θ is Clarke stationary ({kind}) but not nearly minimal: {nm.reason}"
        ),
        {**cert, "hypotheses_hold": beta > 0},
    )


# ============================================================================ Proposition 3
P3_STATEMENT = (
    "Proposition 3: from every network θ a continuous path along which L_β strictly decreases leads to a "
    "nearly minimal network."
)


def _p3_family():
    """Labelled integer data, β = 1/10, random rational networks of width 1..3 (usually unscaled)."""
    from hypothesis import strategies as st

    return st.composite(_random_network_draw)()


def _p3_default():
    return {
        "X": [[1, 0], [0, 1], [1, 1]],
        "y": [1, 0, 2],
        "beta": BETA,
        "network": {"U": [[2, 0], [1, 1], [1, 2]], "alpha": [1, 3, 2]},
    }


def _p3_negative():
    return {"X": [[1, 0], [0, 1]], "y": [2, 0], "beta": 0, "network": {"U": [[1, 0]], "alpha": [2]}}


@register(
    "wlp_prop3",
    P3_STATEMENT,
    SOURCE + ", Proposition 3 (section 4.1, Appendix B.5)",
    default=_p3_default,
    negative=_p3_negative,
    hypotheses=(_BETA_POS,),
    family=_p3_family,
    negative_family=_t2_negative_family,
    dropped=_BETA_POS,
)
def check_prop3(X, *, y=None, beta=BETA, network=None, grid=4):
    """Build and certify Appendix B.5's path; with β = 0 certify that none can exist."""
    if network is None or y is None:
        return NotApplicable(P3_STATEMENT, "this check needs labels y and a network")
    if y is None:
        return NotApplicable(P3_STATEMENT, "this check needs labels y (give them as the instance option y)")
    rows, y, beta = _read(X, y, beta)
    net = read_network(network, len(rows[0]))
    inst = instance_dict(rows, y=y, beta=beta, network=network)
    nm = is_nearly_minimal(net, rows)
    if beta == 0:
        if not nm and objective_sign_vs(net, rows, y, beta, 0) == 0:
            return Counterexample(
                P3_STATEMENT,
                inst,
                f"β = 0 (weight decay dropped): θ is not nearly minimal ({nm.reason}) and L(θ) = 0, the "
                "least possible value, so no path from θ can strictly decrease L",
                {"hypotheses_hold": False, "loss": 0, "nearly_minimal": nm.reason},
            )
        return NotApplicable(P3_STATEMENT, "β = 0 and θ is not an exact interpolant (nothing certified)")
    path = prop3_path(net, rows, beta, int(grid))
    end = path["end"]
    end_nm = is_nearly_minimal(end, rows)
    prods, signs = products_of(net)
    check(end.output(rows) == tuple(_output(prods, signs, rows)), "the path keeps the fit exactly")
    cert = {
        "start_nearly_minimal": bool(nm),
        "part1_rescaled_neurons": path["part1"],
        "part2_aligned_cones": path["part2"],
        "grid": path["grid"],
        "part2_strict_on_grid": path["part2_strict_on_grid"],
        "end": end.to_dict(),
        "end_nearly_minimal": end_nm.reason,
        "argument": "fit constant (positive homogeneity; sums within one cone); penalty strictly decreasing: "
        "part 1 by strict convexity in s = c² with the minimum at the end, part 2 by convexity with "
        "h'(1) = 0 and the strict triangle inequality",
    }
    if path["trivial"]:
        check(bool(nm), "a network needing no step is nearly minimal")
        return Verified(P3_STATEMENT, {**cert, "path": "θ is already nearly minimal (constant path)"})
    if end_nm and path["strict"]:
        return Verified(P3_STATEMENT, cert)
    return Counterexample(
        P3_STATEMENT,
        inst,
        f"the path of Appendix B.5 fails: end nearly minimal: {end_nm.reason}; strict: {path['strict']}",
        {**cert, "hypotheses_hold": True},
    )


# ============================================================================ Corollary 1
C1_STATEMENT = (
    "Corollary 1: the valley Ω(θ) of every network contains a minimal network; if Ω(θ) is non-spurious, "
    "it contains an optimal minimal network."
)
_NON_SPURIOUS = "Ω(θ) is non-spurious (θ reaches a global optimum along a non-increasing path)"


def _c1_family():
    """Splittings of a rational optimum (some perturbed off their ray, so not optimal), β = 1/10."""
    from ._convex import rational_optimum_instances

    return rational_optimum_instances(network=True)


def _c1_negative_family():
    """Width 1 with labels of both signs: θ the best one-neuron network of the worse sign (spurious)."""
    from ._convex import labelled_instances

    return labelled_instances(mixed=True, m=1)


def _c1_default():
    # a splitting (1/3, 2/3) of the stationary neuron of _t2_default, which is here a global optimum
    return {
        "X": [[1, 0], [0, 1]],
        "y": [Fraction(33, 50), Fraction(22, 25)],
        "beta": BETA,
        "network": {
            "products": [[Fraction(1, 5), Fraction(4, 15)], [Fraction(2, 5), Fraction(8, 15)]],
            "signs": [1, 1],
        },
    }


def _c1_negative():
    return {"X": [[1, 0], [0, 1]], "y": [1, Fraction(-1, 2)], "beta": BETA, "m": 1}


@register(
    "wlp_cor1",
    C1_STATEMENT,
    SOURCE + ", Corollary 1 (section 4.1; Propositions 1 and 3)",
    default=_c1_default,
    negative=_c1_negative,
    hypotheses=(_NON_SPURIOUS,),
    family=_c1_family,
    negative_family=_c1_negative_family,
    dropped=_NON_SPURIOUS,
)
def check_cor1(X, *, y=None, beta=BETA, network=None, m=None, grid=4, limit=None):
    """Prop. 3 path + Prop. 1 merge (exact); optimal θ ⇒ optimal minimal end; width-1 spurious control."""
    from ._convex import checked_verdict, dichotomies

    if y is None:
        return NotApplicable(C1_STATEMENT, "this check needs labels y (give them as the instance option y)")
    rows, y, beta = _read(X, y, beta)
    if beta <= 0:
        return NotApplicable(C1_STATEMENT, "Corollary 1 is about L_β with β > 0")
    P = dichotomies(rows, limit=limit)
    inst = instance_dict(rows, y=y, beta=beta, network=network, m=m)
    if network is None and m is not None and int(m) == 1:
        from .convex_landscape import _spurious_width1, _worse_sign_neuron

        theta = _worse_sign_neuron(y, beta, P)
        cert = _spurious_width1(rows, y, beta, P, theta)
        if cert is None:
            return NotApplicable(C1_STATEMENT, "width 1 but no spurious-valley certificate was found")
        return Counterexample(
            C1_STATEMENT,
            inst,
            "Ω(θ) is spurious (non-spurious dropped): every global minimiser has the other output sign, "
            "and any path to it crosses α = 0 where L_β ≥ ½‖y‖² > L_β(θ) (certified), so Ω(θ) contains no "
            "optimal network, minimal or not",
            {**cert, "hypotheses_hold": False},
        )
    if network is None:
        from exactrelu.convex.scaled_networks import psi

        from ._convex import Solved

        s = Solved(P, y, beta)
        if s.exact is None:
            return NotApplicable(C1_STATEMENT, "irrational optimum: pass a network")
        network = psi(s.exact.primal, P).to_dict()
    net = read_network(network, len(rows[0]))
    path = prop3_path(net, rows, beta, int(grid))
    mid = path["end"]
    check(bool(is_nearly_minimal(mid, rows)), "Proposition 3's path ends nearly minimal")
    check(path["strict"], "Proposition 3's path strictly decreases L_β")
    ts = [Fraction(i, int(grid)) for i in range(int(grid) + 1)]
    merged = [merge_path(mid, rows, t) for t in ts]
    for a in merged[1:]:
        check(a.output(rows) == mid.output(rows), "merge keeps the fit")
        check(
            sqrt_sum_sign(
                [(1, q) for q in a.penalty_squared_norms() if q]
                + [(-1, q) for q in mid.penalty_squared_norms() if q]
            )
            == 0,
            "merge keeps the penalty (constant objective, Proposition 1)",
        )
    end = merged[-1]
    mn = is_minimal(end, rows)
    cert = {
        "prop3_path": {"part1": path["part1"], "part2": path["part2"], "trivial": path["trivial"]},
        "merged": end.to_dict(),
        "minimal": mn.reason,
    }
    if not mn:
        return Counterexample(
            C1_STATEMENT,
            inst,
            f"the merged end is not minimal: {mn.reason}",
            {**cert, "hypotheses_hold": True},
        )
    scaled = ScaledNetwork(*products_of(net)) if isinstance(net, ShallowReLU) else net
    v = checked_verdict(scaled, rows, y, beta, P)
    cert["theta_optimal"] = v.optimal
    if v.optimal:
        check(bool(is_nearly_minimal(net, rows)), "an optimal θ is nearly minimal (Theorem 2)")
        ve = checked_verdict(end, rows, y, beta, P)
        same = sqrt_sum_sign(
            [(end.loss(rows, y) - scaled.loss(rows, y), 1)]
            + [(beta, q) for q in end.penalty_squared_norms() if q]
            + [(-beta, q) for q in scaled.penalty_squared_norms() if q]
        )
        cert["end_optimal"] = ve.optimal
        cert["end_objective_equals_theta"] = same == 0
        if not (ve.optimal and same == 0):
            return Counterexample(
                C1_STATEMENT, inst, "θ optimal, but the minimal end is not", {**cert, "hypotheses_hold": True}
            )
        cert["part_b"] = "θ certified optimal: Ω(θ) contains the optimal minimal network above"
    else:
        cert["part_b"] = "θ not optimal: non-spuriousness not certified here, part (b) not exercised"
    return Verified(C1_STATEMENT, cert)


# ============================================================================ eq. (16)
E16_STATEMENT = (
    "Eq. (16): for m ≥ 2(n + 1) and networks θ₀, θ₁ there are θ̃_i (≤ n + 1 neurons, constant-objective "
    "paths θ_i ⇄ θ̃_i) and for every λ ∈ [0, 1] a width-m θ_λ with f(X; θ_λ) = λ f(X; θ̃₀) + (1 − λ) f(X; θ̃₁)."
)
_WIDTH = "the width is m ≥ 2(n + 1)"


def carathedory_constant(prods, signs, rows):
    """Prune to ≤ n + 1 non-zero neurons with fit AND penalty exactly constant (rational norms needed).

    Carathéodory in R^{n+1} on (fit_j, ‖p_j‖): while the vectors of the non-zero neurons are linearly
    dependent, a null vector β scaled to max β_j = 1 rescales p_j by (1 − tβ_j) ≥ 0, t ∈ [0, 1] (both
    fit and penalty linear in t with zero slope).  Returns (products, steps).
    """
    prods = [tuple(p) for p in prods]
    norms = []
    for p in prods:
        q = dot(p, p)
        r = _rational_sqrt(q)
        if r is None:
            raise InvalidDataError(
                f"product {list(p)} has an irrational norm; eq. (16)'s check needs rational norms"
            )
        norms.append(r)
    steps = 0
    while True:
        active = [j for j, p in enumerate(prods) if any(p)]
        if not active:
            break
        fits = [[signs[j] * max(dot(x, prods[j]), 0) for x in rows] + [norms[j]] for j in active]
        mat = [[f[k] for f in fits] for k in range(len(rows) + 1)]
        kernel = nullspace(mat, ncols=len(active))
        if not kernel:
            break
        beta = [Fraction(b) for b in kernel[0]]
        top = max(beta)
        if top <= 0:
            beta = [-b for b in beta]
            top = max(beta)
        for b, j in zip(beta, active):
            c = 1 - b / top
            prods[j] = tuple(c * t for t in prods[j])
            norms[j] = c * norms[j]
        steps += 1
    return prods, steps


def _rational_sqrt(q):
    q = Fraction(q)
    import math

    a, b = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(a, b) if a * a == q.numerator and b * b == q.denominator else None


def _e16_draw(draw, width1=False):
    from hypothesis import assume
    from hypothesis import strategies as st

    from ._convex import RATIONAL_DIRECTIONS, _draw_data

    X = _draw_data(draw)

    def neuron():
        u = draw(st.sampled_from(RATIONAL_DIRECTIONS))
        c = draw(st.integers(1, 3))
        return [c * t for t in u]

    if width1:
        p0, p1 = neuron(), neuron()
        out0 = [max(dot(x, p0), 0) for x in exact_data(X)]
        out1 = [-max(dot(x, p1), 0) for x in exact_data(X)]
        avg = [(a + b) / 2 for a, b in zip(out0, out1)]
        assume(any(a > 0 for a in avg) and any(a < 0 for a in avg))
        return {
            "X": X,
            "theta0": {"products": [p0], "signs": [1]},
            "theta1": {"products": [p1], "signs": [-1]},
            "m": 1,
        }
    nets = []
    for _ in range(2):
        k = draw(st.integers(1, 5))
        nets.append(
            {
                "products": [neuron() for _ in range(k)],
                "signs": [draw(st.sampled_from([1, -1])) for _ in range(k)],
            }
        )
    return {"X": X, "theta0": nets[0], "theta1": nets[1]}


def _e16_family():
    """2..4 points of Z², two networks of width 1..5 with rational-norm products (Pythagorean directions)."""
    from hypothesis import strategies as st

    return st.composite(_e16_draw)()


def _e16_negative_family():
    """Width m = 1 (m ≥ 2(n + 1) dropped), single neurons of opposite signs whose average has mixed signs."""
    from hypothesis import strategies as st

    return st.composite(_e16_draw)(True)


@register(
    "wlp_eq16",
    E16_STATEMENT,
    SOURCE + ", eq. (16) (section 5; Propositions 6 and 7)",
    default=lambda: {
        "X": [[1, 0], [0, 1], [1, 1]],
        "theta0": {"products": [[3, 4], [4, 3], [1, 0], [0, 2]], "signs": [1, 1, -1, 1]},
        "theta1": {"products": [[5, 12], [-3, 4]], "signs": [-1, 1]},
    },
    negative=lambda: {
        "X": [[1, 0], [0, 1]],
        "theta0": {"products": [[1, 0]], "signs": [1]},
        "theta1": {"products": [[0, 1]], "signs": [-1]},
        "m": 1,
    },
    hypotheses=(_WIDTH,),
    family=_e16_family,
    negative_family=_e16_negative_family,
    dropped=_WIDTH,
)
def check_eq16(X, *, theta0=None, theta1=None, m=None, grid=4):
    """Exact succinct representations and the interpolating θ_λ on a rational λ grid (fit linear in λ)."""
    rows = exact_data(X)
    n = len(rows)
    if theta0 is None or theta1 is None:
        return NotApplicable(E16_STATEMENT, "this check needs two networks theta0 and theta1")
    nets = [ScaledNetwork.from_dict(t) if isinstance(t, dict) else t for t in (theta0, theta1)]
    m = 2 * (n + 1) if m is None else int(m)
    inst = instance_dict(rows, theta0=theta0, theta1=theta1, m=m)
    lams = [Fraction(i, int(grid)) for i in range(int(grid) + 1)]
    if m < 2 * (n + 1):
        fits = [net.output(rows) for net in nets]
        bad = []
        for lam in lams:
            target = [lam * a + (1 - lam) * b for a, b in zip(*fits)]
            if m == 1 and any(t > 0 for t in target) and any(t < 0 for t in target):
                bad.append((lam, target))
        if bad:
            lam, target = bad[0]
            return Counterexample(
                E16_STATEMENT,
                inst,
                f"width m = {m} < 2(n + 1) = {2 * (n + 1)} (hypothesis dropped): for λ = {lam} the target "
                f"{[str(t) for t in target]} has a positive and a negative entry, but the outputs "
                "s·relu(x_i·p) of one neuron all share the sign s: no width-1 θ_λ exists",
                {"hypotheses_hold": False, "lambda": lam, "target": target},
            )
        return NotApplicable(E16_STATEMENT, f"m = {m} < 2(n + 1), but no impossibility was certified")
    succinct, cert = [], {"n": n, "m": m}
    for i, net in enumerate(nets):
        prods, steps = carathedory_constant(net.products, net.signs, rows)
        sn = ScaledNetwork(prods, net.signs)
        check(sn.output(rows) == net.output(rows), "pruning keeps the fit exactly")
        check(
            sum((_rational_sqrt(q) for q in sn.penalty_squared_norms()), Fraction(0))
            == sum((_rational_sqrt(q) for q in net.penalty_squared_norms()), Fraction(0)),
            "pruning keeps the penalty exactly (constant objective, both directions)",
        )
        check(sn.n_nonzero <= n + 1, "≤ n + 1 non-zero neurons")
        succinct.append(sn)
        cert[f"theta{i}_tilde"] = {"nonzero": sn.n_nonzero, "steps": steps, "network": sn.to_dict()}
    a = [(p, s) for p, s in zip(succinct[0].products, succinct[0].signs) if any(p)]
    b = [(p, s) for p, s in zip(succinct[1].products, succinct[1].signs) if any(p)]
    check(len(a) + len(b) <= m, "the two succinct networks fit in disjoint slots of width m")
    f0, f1 = succinct[0].output(rows), succinct[1].output(rows)
    for lam in lams:
        prods = [tuple(lam * t for t in p) for p, _ in a] + [tuple((1 - lam) * t for t in p) for p, _ in b]
        signs = [s for _, s in a] + [s for _, s in b]
        pad = m - len(prods)
        theta = ScaledNetwork(prods + [tuple(0 for _ in rows[0])] * pad, signs + [1] * pad)
        got = theta.output(rows)
        want = tuple(lam * x + (1 - lam) * z for x, z in zip(f0, f1))
        if got != want:
            return Counterexample(
                E16_STATEMENT, inst, f"θ_λ misses the target at λ = {lam}", {**cert, "hypotheses_hold": True}
            )
    cert["lambdas_checked"] = lams
    cert["argument"] = "f(X; θ_λ) is linear in λ (positive homogeneity), so equality at two λ gives all λ"
    return Verified(E16_STATEMENT, cert)
