"""Minimal networks, merging, splitting and pruning, exactly (scaled networks in product coordinates).

Wang, Lacotte & Pilanci, "The hidden convex optimization landscape of regularized
two-layer ReLU networks" (ICLR 2022), sections 2 and 3, and the pruning Algorithm 1 of
Mishkin & Pilanci, "Optimal sets and solution paths of ReLU networks" (ICML 2023):

* a scaled network is **minimal** (Definition 2) if its non-zero neurons lie in pairwise
  distinct cones B(u, α), and **nearly minimal** (Definition 3) if neurons sharing a cone
  are positively colinear;
* a nearly minimal network is **merged** (Proposition 1) into a minimal one along a path
  of constant objective;
* the global optima of a wide enough network are the **splittings** of the networks ψ(W*)
  (Theorem 1);
* a network is **pruned** to linearly independent neuron fits without raising the
  objective (Lemma 1 / Proposition 6; Algorithm 1 of Mishkin & Pilanci 2023).

Networks are :class:`~exactrelu.convex.scaled_networks.ScaledNetwork` objects (or scaled
:class:`~exactrelu.network.ShallowReLU`), with the conventions of
:mod:`exactrelu.convex.scaled_networks`; checks return a
:class:`~exactrelu.convex.scaled_networks.Check`.

>>> from exactrelu.convex.scaled_networks import ScaledNetwork
>>> X = [[1, 0], [0, 1], [1, 1]]
>>> net = ScaledNetwork([[2, 0], [1, 0]], [1, 1])      # two neurons on one ray
>>> bool(is_nearly_minimal(net, X)), bool(is_minimal(net, X)), merge(net, X).products
(True, False, ((Fraction(3, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(0, 1))))
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exactrelu.convex.scaled_networks import (
    Check,
    Cone,
    ScaledNetwork,
    as_scaled_network,
    cone_name,
    is_scaled,
    network_data,
    positively_colinear,
    scale,
)
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_sum_sign
from exactrelu.exact.linalg import dot, nullspace, primitive_vector
from exactrelu.exact.parse import exact_integer, exact_scalar
from exactrelu.exact.types import MatrixLike, NumberLike, VectorLike
from exactrelu.network import ShallowReLU

__all__ = [
    "caratheodory_prune",
    "is_minimal",
    "is_nearly_minimal",
    "is_splitting",
    "merge",
    "merge_path",
    "minimal_width_bound",
    "split",
]

_ZERO = Fraction(0)


def _scaled_on(
    network: ShallowReLU | ScaledNetwork, X: MatrixLike | None
) -> tuple[ScaledNetwork, str | None, Any]:
    """(the scaled network, why it is not scaled or None, the data rows or None)."""
    if not isinstance(network, (ScaledNetwork, ShallowReLU)):
        raise InvalidDataError(f"expected a ScaledNetwork or a ShallowReLU, got {type(network).__name__}")
    check = is_scaled(network)
    if isinstance(network, ShallowReLU):
        Xe = None if X is None else network_data(X, len(network.W[0]), bias=network.bias)
    else:
        Xe = None if X is None else network_data(X, network.dim)
    return scale(network), (None if check else check.reason), Xe


def is_nearly_minimal(network: ShallowReLU | ScaledNetwork, X: MatrixLike) -> Check:
    """Wang, Lacotte & Pilanci 2022, Definition 3: scaled, and neurons sharing a cone are positively colinear.

    The cone is B(u, α) of the non-zero neurons.  Exact.  Returns a :class:`Check` whose
    reason names an offending pair.
    """
    net, reason, Xe = _scaled_on(network, X)
    if reason:
        return Check(False, reason)
    for cone, idx in net.cone_groups(Xe).items():
        first = idx[0]
        for j in idx[1:]:
            if not positively_colinear(net.products[j], net.products[first]):
                return Check(
                    False,
                    f"neurons {first} and {j} share cone {cone_name(cone)} but are not positively colinear",
                )
    return Check(True, "scaled, and neurons sharing a cone are positively colinear")


def is_minimal(network: ShallowReLU | ScaledNetwork, X: MatrixLike) -> Check:
    """Wang, Lacotte & Pilanci 2022, Definition 2: scaled, and the non-zero neurons' cones are distinct.

    The cones are B(u, α).  Exact.  Returns a :class:`Check` whose reason names an
    offending pair.
    """
    net, reason, Xe = _scaled_on(network, X)
    if reason:
        return Check(False, reason)
    for cone, idx in net.cone_groups(Xe).items():
        if len(idx) > 1:
            return Check(False, f"neurons {idx[0]} and {idx[1]} share cone {cone_name(cone)}")
    return Check(True, "scaled, and the non-zero neurons lie in pairwise distinct cones")


# --------------------------------------------------------------------------------------
# merging and splitting (Proposition 1, Theorem 1)
# --------------------------------------------------------------------------------------
def _merge_groups(net: ScaledNetwork, X: MatrixLike, what: str) -> dict[Cone, list[int]]:
    groups = net.cone_groups(network_data(X, net.dim))
    for cone, idx in groups.items():
        for j in idx[1:]:
            if not positively_colinear(net.products[j], net.products[idx[0]]):
                raise InvalidDataError(
                    f"{what}: neurons {idx[0]} and {j} share cone {cone_name(cone)} but are not positively "
                    "colinear, so the network is not nearly minimal (Wang, Lacotte & Pilanci 2022, "
                    "Definition 3)"
                )
    return groups


def merge(net: ShallowReLU | ScaledNetwork, X: MatrixLike) -> ScaledNetwork:
    """The merged network M(θ) of Wang, Lacotte & Pilanci 2022, Proposition 1 (section 2.1).

    Non-zero neurons with the same cone B (same trichotomy sign(X p) and same
    sign s) are merged into the first of them, whose product becomes the sum of
    the group's products (w_m |γ_m| = Σ_j |γ_j| w_j); the others become zero
    rows, so m is kept.  M(θ) is minimal, and has the same fit and penalty
    (positively colinear vectors: ‖Σ p_j‖ = Σ ‖p_j‖).

    Raises
    ------
    InvalidDataError
        If two neurons in one cone are not positively colinear (θ is not nearly
        minimal, so M(θ) is undefined).
    """
    sn = as_scaled_network(net, "merge")
    return merge_path(sn, X, 1)


def merge_path(net: ShallowReLU | ScaledNetwork, X: MatrixLike, t: NumberLike) -> ScaledNetwork:
    """The point θ(t), t ∈ [0, 1], of the constant-objective path from θ to M(θ).

    Wang, Lacotte & Pilanci 2022, Proposition 1 and Appendix B.1.  In product
    coordinates: in each cone group the first neuron moves to
    (1 − t) p_1 + t p_merged (p_merged = Σ_group p_j) and every other neuron to
    (1 − t) p_j (the paper's w_j(t) = √(1−t) w_j, γ_j(t) = √(1−t) γ_j).  All
    products stay positively colinear in their cone, so the fit is exactly
    constant and so is Σ_j ‖p_j(t)‖.  θ(0) = θ, θ(1) = M(θ).  t must be rational
    (or a float, read exactly).
    """
    sn = as_scaled_network(net, "merge_path")
    tq = exact_scalar(t, name="t")
    if not 0 <= tq <= 1:
        raise InvalidDataError(f"t must lie in [0, 1], got {tq}")
    groups = _merge_groups(sn, X, "merge")
    products, signs = list(sn.products), list(sn.signs)
    for idx in groups.values():
        if len(idx) == 1:
            continue
        total = tuple(sum(col, _ZERO) for col in zip(*(sn.products[j] for j in idx)))
        first = idx[0]
        products[first] = tuple((1 - tq) * a + tq * b for a, b in zip(sn.products[first], total))
        for j in idx[1:]:
            products[j] = tuple((1 - tq) * a for a in sn.products[j])
    return ScaledNetwork(products, signs)


def split(
    net: ShallowReLU | ScaledNetwork, j: int, gammas: VectorLike, *, reuse_zeros: bool = False
) -> ScaledNetwork:
    """Split neuron j into k neurons with products γ_i p_j (Wang, Lacotte & Pilanci 2022, section 3.1).

    A splitting of (u, α) (defined before Theorem 1) is {(√γ_i u, √γ_i α)} with γ_i > 0,
    Σ γ_i = 1; in product coordinates the i-th part has product γ_i p_j and the same sign.
    Fit and penalty are unchanged (the parts are positively colinear, and
    Σ ‖γ_i p_j‖ = ‖p_j‖).  Neuron j receives the first part; the others go to
    new rows appended at the end, or (``reuse_zeros=True``) first into existing
    zero neurons, in index order.

    Raises
    ------
    InvalidDataError
        j out of range, some γ_i ≤ 0, or Σ γ_i ≠ 1 exactly.
    """
    sn = as_scaled_network(net, "split")
    if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < sn.n_neurons:
        raise InvalidDataError(f"neuron index j must be an int in [0, {sn.n_neurons}), got {j!r}")
    if hasattr(gammas, "tolist"):
        gammas = gammas.tolist()
    gs = [exact_scalar(g, name=f"gammas[{i}]", positive=True) for i, g in enumerate(gammas)]
    if not gs:
        raise InvalidDataError("gammas must contain at least one weight")
    if sum(gs) != 1:
        raise InvalidDataError(f"the split weights must sum to exactly 1, they sum to {sum(gs)}")
    p, s = sn.products[j], sn.signs[j]
    products, signs = list(sn.products), list(sn.signs)
    products[j] = tuple(gs[0] * x for x in p)
    free = [i for i in range(sn.n_neurons) if i != j and not any(sn.products[i])] if reuse_zeros else []
    for g in gs[1:]:
        part = tuple(g * x for x in p)
        if free:
            i = free.pop(0)
            products[i], signs[i] = part, s
        else:
            products.append(part)
            signs.append(s)
    return ScaledNetwork(products, signs)


def _rays(net: ScaledNetwork) -> dict[tuple[int, tuple[int, ...]], list[tuple[Fraction, int]]]:
    """{(sign, primitive direction): [(magnitude, neuron index)]} over the non-zero neurons."""
    out: dict[tuple[int, tuple[int, ...]], list[tuple[Fraction, int]]] = {}
    for j in net.nonzero():
        p = net.products[j]
        ray = primitive_vector(p)
        a = next(k for k, r in enumerate(ray) if r)
        out.setdefault((net.signs[j], ray), []).append((p[a] / ray[a], j))
    return out


def _fill_bins(items: Sequence[Fraction], capacities: Sequence[Fraction]) -> bool:
    """Partition ``items`` (positive Fractions) into bins with exactly the given sums; True if possible."""
    items = sorted(items, reverse=True)
    rest = list(capacities)

    def place(k: int) -> bool:
        if k == len(items):
            return all(r == 0 for r in rest)
        seen = set()
        for b, r in enumerate(rest):
            if r >= items[k] and r not in seen:
                seen.add(r)
                rest[b] -= items[k]
                if place(k + 1):
                    return True
                rest[b] += items[k]
        return False

    return place(0)


def is_splitting(
    net: ShallowReLU | ScaledNetwork, reference: ShallowReLU | ScaledNetwork, X: MatrixLike | None = None
) -> Check:
    """Is ``net`` a splitting of ``reference``?  (The optimal set of Wang, Lacotte & Pilanci 2022, Theorem 1.)

    True iff the non-zero neurons of ``net`` can be partitioned into groups, one
    per non-zero neuron of ``reference``, each group positively colinear with
    that neuron, of the same sign, and with products summing exactly to its
    product (the splittings {(√γ_i u, √γ_i α)}, γ_i > 0, Σ γ_i = 1).  Neurons are
    grouped by (sign, ray); when ``reference`` has several neurons on one ray the
    partition is found by exact backtracking.  ``X`` is optional and only used to
    check the dimension.  Both networks must be scaled.  Returns a :class:`Check`.
    """
    a, ra, _ = _scaled_on(net, X)
    b, rb, _ = _scaled_on(reference, X)
    if ra:
        return Check(False, f"net: {ra}")
    if rb:
        return Check(False, f"reference: {rb}")
    if a.n_nonzero and b.n_nonzero and a.dim != b.dim:
        raise InvalidDataError(f"the networks live in dimensions {a.dim} and {b.dim}")
    ours, theirs = _rays(a), _rays(b)
    for key, parts in ours.items():
        if key not in theirs:
            return Check(
                False,
                f"neuron {parts[0][1]} of net is not positively colinear with a "
                "reference neuron of the same sign",
            )
    for key, targets in theirs.items():
        parts = ours.get(key, [])
        if not parts:
            return Check(False, f"reference neuron {targets[0][1]} has no part in net")
        mags, caps = [m for m, _ in parts], [m for m, _ in targets]
        if sum(mags) != sum(caps) or not _fill_bins(mags, caps):
            return Check(
                False,
                f"the parts of net on the ray of reference neuron {targets[0][1]} "
                f"(neurons {[j for _, j in parts]}) do not sum to the reference products",
            )
    return Check(True, "the non-zero neurons partition into splittings of the reference neurons")


# --------------------------------------------------------------------------------------
# pruning (Lemma 1 / Proposition 6; Mishkin & Pilanci 2023, Algorithm 1)
# --------------------------------------------------------------------------------------
def caratheodory_prune(net: ShallowReLU | ScaledNetwork, X: MatrixLike) -> ScaledNetwork:
    """Prune a scaled network to linearly independent neuron fits, keeping the fit exactly.

    Algorithm 1 of Mishkin & Pilanci 2023, the exact form of the Carathéodory argument of
    Wang, Lacotte & Pilanci 2022, Lemma 1 and Proposition 6.  While the fits
    q_j = s_j relu(X p_j) of the non-zero neurons are linearly dependent, take an exact
    integer null vector β (Σ_j β_j q_j = 0, :func:`exactrelu.exact.linalg.nullspace`),
    normalise it so that its largest entry is 1 (all entries ≤ 1), and rescale every
    product by (1 − β_j) ≥ 0 (u_j, α_j by √(1 − β_j)); the neuron with β_j = 1 vanishes.
    Positive rescaling keeps each surviving neuron in its cone, so the fit is
    exactly unchanged and (near-)minimality is preserved.

    The penalty Σ_j ‖p_j‖ changes by −Σ_j β_j ‖p_j‖ / max β, linear in the step.
    The sign of S = Σ_j β_j ‖p_j‖ is decided *exactly* (:func:`sqrt_sum_sign`):
    if S ≠ 0 the direction ±β with ±S > 0 is taken, so the penalty strictly
    decreases; if S = 0 (always the case for an optimal network, where the
    penalty is constant on the optimal set) Algorithm 1's normalisation at
    argmax |β_j| is used and the penalty is exactly unchanged.  Hence the
    objective never increases.  Each step removes at least one neuron, so at
    most m steps; at the end the remaining fits are linearly independent, so at
    most rank ≤ n neurons are non-zero (Proposition 6 states n + 1 through
    Carathéodory on the convex hull; independence gives n).  Neurons whose fit is
    zero (X p_j ≤ 0) are removed on the way.  m is kept (pruned rows become zero).
    """
    sn = as_scaled_network(net, "caratheodory_prune")
    Xe = network_data(X, sn.dim)
    products, signs = list(sn.products), list(sn.signs)
    while True:
        active = [j for j, p in enumerate(products) if any(p)]
        if not active:
            break
        parts = ScaledNetwork(products, signs).fit_parts(Xe)
        fits = [parts[j] for j in active]
        rows = [[q[k] for q in fits] for k in range(len(Xe))]
        kernel = nullspace(rows, ncols=len(active))
        if not kernel:
            break
        beta = [Fraction(b) for b in kernel[0]]
        S = sqrt_sum_sign([(b, dot(products[j], products[j])) for b, j in zip(beta, active)])
        if S == 0:
            pivot = max(range(len(beta)), key=lambda k: abs(beta[k]))
            delta = [b / beta[pivot] for b in beta]
        else:
            direction = [S * b for b in beta]
            top = max(direction)
            delta = [b / top for b in direction]
        for b, j in zip(delta, active):
            products[j] = tuple((1 - b) * x for x in products[j])
    return ScaledNetwork(products, signs)


def minimal_width_bound(n: int) -> int:
    """m* ≤ n + 1 (Wang, Lacotte & Pilanci 2022, Lemma 1): an optimal network needs at most n + 1 neurons."""
    return exact_integer(n, name="n", minimum=0) + 1
