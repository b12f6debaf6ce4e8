"""Is a given two-layer ReLU network a global minimum of the regularised loss? (exact)

Wang, Lacotte & Pilanci, "The hidden convex optimization landscape of regularized
two-layer ReLU networks" (ICLR 2022), section 4.3 and Proposition 5:
reduce the network to the convex variables W(θ) (eq. (7)) and check the KKT
conditions of the convex program (4).  With the squared loss ½‖ŷ − y‖² and the
non-convex penalty (β/2) Σ (‖u_j‖² + α_j²), for a network θ with rational weights
the decision is **exact in both directions**:

* θ is not scaled (‖u_j‖ ≠ |α_j|): rescaling keeps the output and lowers the
  penalty (AM–GM, the first step of the proof of Proposition 3) — not optimal;
* two neurons whose products p_j = |α_j| u_j fall in the same closed chamber cone
  with the same output sign are not positively colinear: merging them keeps the
  output and lowers the penalty (triangle inequality, Proposition 2) — not optimal;
* otherwise θ is optimal iff W(θ) is optimal for (4) iff, with r = y − ŷ(θ), every
  block b = (i, s) has ‖v_b‖ ≤ β for its correlation vector
  v_b = Π_{C_i}(s X^T D_i r) (Mishkin & Pilanci 2023; :func:`~exactrelu.convex.bounds.correlation_vector`),
  and every used block has
  v_b = β w_b / ‖w_b‖.  Both are rational conditions (exact NNLS per block).
  A block with ‖v_b‖ > β gives an explicit **descent certificate**: adding the
  neuron with product t·v_b (sign s) lowers the objective by a certified δ > 0.

Whatever the verdict, :class:`OptimalityVerdict` also carries a certified lower
bound on P* (the dual value at the scaled residual), so L_β(θ) − lower bounds the
sub-optimality of a float network from gradient descent.

The verdict has three values (``status``), each with its own certificate:

* ``"optimal"`` — the exact KKT certificate of program (4) above;
* ``"within_gap"`` — only with a tolerance ``tol``: θ is not exactly optimal (a rational network
  rarely is, the optimum being irrational in general) but L_β(θ) − P* ≤ g ≤ tol, certified by a
  dual-feasible rational λ (polar-cone coefficients ρ per block, checked exactly), the lower bound
  D(λ) ≤ P* (weak duality for program (4), whose value is a lower bound on L_β of a network of any
  width) and a rational upper bound on L_β(θ) (exact for a ShallowReLU; every √ rounded up with
  :mod:`exactrelu.exact.intervals` for a ScaledNetwork).  No float decides anything;
* ``"not_optimal"`` — one of the exact certificates "unscaled", "merge", "descent" (a direction of
  certified decrease δ > 0), "kkt_violation".

Both optimality verdicts quantify over *every* dichotomy: the pattern list is certified complete
(:func:`~exactrelu.convex.dichotomies.certify_complete`, count = |χ(−1)|) before any verdict, and
the certificate is stored in ``OptimalityVerdict.completeness``.

Theorem 3 (a Clarke stationary network solves the subsampled program (13) built
from its own trichotomies) is in :func:`stationary_gap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exactrelu.convex import bounds as cb
from exactrelu.convex.dichotomies import PatternSet, certify_complete, dichotomies
from exactrelu.convex.program import Block
from exactrelu.convex.scaled_networks import (
    ScaledNetwork,
    network_data,
    network_to_convex,
    neuron_blocks,
    nonconvex_objective,
    positively_colinear,
    scale,
    unscaled_neuron,
)
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.intervals import sqrt_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_labels, exact_points, exact_scalar, to_fraction
from exactrelu.exact.types import MatrixLike, NumberLike, VectorLike
from exactrelu.network import ShallowReLU

__all__ = [
    "STATUSES",
    "OptimalityVerdict",
    "StationaryGap",
    "certify_stationarity",
    "is_globally_optimal",
    "neuron_trichotomies",
    "stationary_gap",
    "verify_optimality_verdict",
]

Vector = tuple[Fraction, ...]

STATUSES = ("optimal", "within_gap", "not_optimal")
_NEGATIVE_KINDS = ("unscaled", "merge", "descent", "kkt_violation")


def _correlation(patterns: PatternSet, block: Block, r: Vector) -> tuple[Vector, Vector]:
    """(v_b, g_b) exactly for a rational residual (:func:`exactrelu.convex.bounds.correlation_vector`)."""
    v, g, _ = cb.correlation_vector(patterns, block, r)
    return v, g


@dataclass
class OptimalityVerdict:
    """The answer of :func:`is_globally_optimal`.

    Attributes
    ----------
    optimal : bool
        Exact verdict: True iff θ is exactly a global minimum (status "optimal").
    reason : str
        One line: why.
    certificate : dict
        ``kind`` ∈ {"kkt", "unscaled", "merge", "descent", "kkt_violation"} and its data.
    objective : Fraction or (Fraction, Fraction)
        L_β(θ) exactly (a ShallowReLU) or bracketed (a ScaledNetwork, irrational norms).
    lower : Fraction
        A certified lower bound on P*.
    gap : Fraction
        (upper) objective − lower ≥ L_β(θ) − P*.
    residual : tuple of Fraction
        r = y − ŷ(θ).
    blocks : dict
        W(θ): the convex blocks of the scaled network.
    status : str
        ``"optimal"``, ``"within_gap"`` (not exactly optimal, but L_β(θ) − P* ≤ gap ≤ tol, certified
        by ``gap_certificate``) or ``"not_optimal"``.
    gap_certificate : dict or None
        For "within_gap": ``{"kind": "gap", "multiplier": λ, "rho": {block: ρ_b}, "lower": D(λ),
        "upper": U ≥ L_β(θ), "gap": U − D(λ), "tol": tol}``, all rationals.
    completeness : dict
        The certificate of :func:`~exactrelu.convex.dichotomies.certify_complete` for the dichotomies used.
    """

    optimal: bool
    reason: str
    certificate: dict[str, Any]
    objective: Fraction | tuple[Fraction, Fraction]
    lower: Fraction
    gap: Fraction
    residual: Vector
    blocks: dict[Block, Vector] = field(default_factory=dict)
    status: str = ""
    gap_certificate: dict[str, Any] | None = None
    completeness: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "optimal" if self.optimal else "not_optimal"

    def accepted(self, tol: NumberLike | None = None) -> bool:
        """True for "optimal", and for "within_gap" when a tolerance was asked for."""
        return self.status == "optimal" or (self.status == "within_gap" and tol is not None)

    def to_dict(self, patterns: PatternSet | None = None) -> dict[str, Any]:
        def name(b: Block) -> str:
            return cb.block_name(patterns, b) if patterns is not None else str(b)

        cert = {k: (name(v) if k == "block" else v) for k, v in self.certificate.items() if k != "slack"}
        obj = self.objective
        gapc = self.gap_certificate
        return to_jsonable(
            {
                "optimal": self.optimal,
                "status": self.status,
                "reason": self.reason,
                "certificate": cert,
                "objective": obj,
                "objective_float": float(obj[1] if isinstance(obj, tuple) else obj),
                "lower": self.lower,
                "lower_float": float(self.lower),
                "gap": float(self.gap),
                "blocks": {name(b): w for b, w in self.blocks.items()},
                "gap_certificate": None
                if gapc is None
                else {k: v for k, v in gapc.items() if k not in ("rho", "multiplier")}
                | {"gap_float": float(gapc["gap"])},
                "patterns_complete": self.completeness,
            }
        )


def _setup(
    network: ShallowReLU | ScaledNetwork,
    X: MatrixLike,
    y: VectorLike,
    beta: NumberLike,
    patterns: PatternSet | None,
    limit: int | None,
) -> tuple[tuple[Vector, ...], PatternSet, Vector, Fraction]:
    if not isinstance(network, (ShallowReLU, ScaledNetwork)):
        raise InvalidDataError(f"expected a ShallowReLU or ScaledNetwork, got {type(network).__name__}")
    rows = exact_points(X, bias=isinstance(network, ShallowReLU) and network.bias, name="data X")
    if patterns is None:
        patterns = dichotomies(rows, limit=limit)
    elif not isinstance(patterns, PatternSet) or patterns.kind != "dichotomies":
        raise InvalidDataError(
            "patterns must be the complete dichotomies(X) of the data (a sampled set "
            "cannot certify optimality)"
        )
    if tuple(rows) != patterns.X:
        raise InvalidDataError("patterns were computed for different data (or a different bias setting)")
    width = len(network.W[0]) if isinstance(network, ShallowReLU) else network.dim
    if width is not None and width != patterns.d:
        raise InvalidDataError(
            f"the network's neurons have {width} entries but the data have {patterns.d} "
            "columns (bias included)"
        )
    return rows, patterns, exact_labels(y, patterns.n), exact_scalar(beta, name="beta", positive=True)


def _objective(
    network: ShallowReLU | ScaledNetwork, rows: Sequence[Vector], y: Vector, beta: Fraction
) -> Fraction | tuple[Fraction, Fraction]:
    if isinstance(network, ShallowReLU):
        return nonconvex_objective(ShallowReLU(network.W, network.v, bias=False), rows, y, beta)
    return network.objective_bounds(rows, y, beta)


def _noncolinear_pair(
    net: ScaledNetwork, blocks_members: dict[Block, list[int]]
) -> tuple[Block, int, int] | None:
    for b, members in blocks_members.items():
        first = net.products[members[0]]
        for j in members[1:]:
            p = net.products[j]
            if not positively_colinear(first, p):
                return b, members[0], j
    return None


def is_globally_optimal(
    network: ShallowReLU | ScaledNetwork,
    X: MatrixLike,
    y: VectorLike,
    beta: NumberLike,
    *,
    patterns: PatternSet | None = None,
    limit: int | None = None,
    tol: NumberLike | None = None,
) -> OptimalityVerdict:
    """Decide exactly whether ``network`` globally minimises L_β (Wang, Lacotte & Pilanci 2022, Prop. 5).

    Parameters
    ----------
    network : ShallowReLU (bias handled: x̄ = (x, 1)) or ScaledNetwork
        Floats are read as their exact binary values.
    X, y, beta : data, labels, β > 0.
    patterns : PatternSet, optional
        ``dichotomies(X)`` (with the bias column if the network has one), to reuse.  It is
        certified complete (count = |χ(−1)|) first: an incomplete list raises CertificateError.
    tol : number ≥ 0, optional
        Accept a network that is not exactly optimal when L_β(θ) − P* ≤ g ≤ tol is certified
        (status "within_gap", see the module docstring).  Read exactly (a float by its decimal).

    Returns
    -------
    OptimalityVerdict
        Re-checkable with :func:`verify_optimality_verdict`.

    Examples
    --------
    >>> v = is_globally_optimal(ShallowReLU([[1, 1]], [1], bias=False), [[1, 0], [0, 1]], [1, 1], "1/10")
    >>> v.optimal, v.certificate["kind"]
    (False, 'unscaled')
    """
    rows, patterns, y, beta = _setup(network, X, y, beta, patterns, limit)
    tolq = None if tol is None else _tolerance(tol)
    complete = certify_complete(patterns)
    if isinstance(network, ScaledNetwork) and network.dim is None:  # no neurons: the zero network
        network = ScaledNetwork([[0] * patterns.d], [1])
    objective = _objective(network, rows, y, beta)
    net = scale(network)
    fit = net.output(rows)
    r = tuple(a - f for a, f in zip(y, fit))
    norms: dict[Any, Any] = {}  # ‖v_b(r)‖² ≤ N_b / S_b² from the dual pass: N_b < β² S_b² proves b slack
    lower, lam, rho = cb.dual_certificate(patterns, y, beta, r, norms=norms)
    upper = objective[1] if isinstance(objective, tuple) else objective
    blocks = network_to_convex(net, patterns)

    def verdict(optimal: bool, reason: str, cert: dict[str, Any], low: Fraction = lower) -> OptimalityVerdict:
        out = OptimalityVerdict(optimal, reason, cert, objective, low, upper - low, r, blocks)
        out.completeness = complete
        if not optimal and tolq is not None and upper - lower <= tolq:
            out.status = "within_gap"
            out.reason = (
                f"optimal within the certified gap {float(upper - lower):.3g} ≤ tol = {float(tolq):.3g} "
                f"(dual-feasible λ, weak duality for program (4)); exactly: not optimal, {reason}"
            )
            out.gap_certificate = {
                "kind": "gap",
                "multiplier": lam,
                "rho": dict(rho),
                "lower": lower,
                "upper": upper,
                "gap": upper - lower,
                "tol": tolq,
            }
        return out

    j = unscaled_neuron(network)
    if j is not None:
        return verdict(
            False,
            f"neuron {j} is not scaled (‖u‖ ≠ |α|): rescaling it keeps the output and "
            "lowers the penalty (AM-GM; Wang, Lacotte & Pilanci 2022, proof of Proposition 3)",
            {"kind": "unscaled", "neuron": j},
        )
    members: dict[Block, list[int]] = {}
    for j, b in neuron_blocks(net, patterns).items():
        members.setdefault(b, []).append(j)
    pair = _noncolinear_pair(net, members)
    if pair is not None:
        b, j1, j2 = pair
        return verdict(
            False,
            f"neurons {j1} and {j2} lie in one closed cone with the same sign but are not "
            "positively colinear: merging them keeps the output and lowers the penalty "
            "(triangle inequality; Wang, Lacotte & Pilanci 2022, Proposition 2)",
            {"kind": "merge", "block": b, "neurons": (j1, j2)},
        )
    used = set(blocks)
    for b in cb.all_blocks(patterns):
        if b not in used and norms[b][0] < beta * beta * norms[b][1] ** 2:
            continue
        v, g = _correlation(patterns, b, r)
        nv = dot(v, v)
        if nv > beta * beta:
            delta = _descent(patterns, b, v, g, beta)
            return verdict(
                False,
                f"block {cb.block_name(patterns, b)} has ‖v_b‖² − β² = "
                f"{float(nv - beta * beta):.3g} > 0: adding a neuron along v_b lowers the "
                "objective (dual infeasible)",
                {"kind": "descent", "block": b, "direction": v, "decrease": delta},
            )
        if b in used:
            w = blocks[b]
            c = next((a / t for a, t in zip(v, w) if t), None)
            if c is None or c <= 0 or any(a != c * t for a, t in zip(v, w)) or nv != beta * beta:
                return verdict(
                    False,
                    f"used block {cb.block_name(patterns, b)} violates stationarity: its "
                    "correlation vector is not β w_b/‖w_b‖ (KKT of (4) fails)",
                    {"kind": "kkt_violation", "block": b, "correlation": v},
                )
    low = cb.dual_value(y, r)
    return verdict(
        True, "W(θ) satisfies the KKT conditions of (4): primal value = dual value", {"kind": "kkt"}, low
    )


def _tolerance(tol: NumberLike) -> Fraction:
    """The tolerance as an exact rational ≥ 0 (a float read by its shortest decimal, 1e-9 → 1/10^9)."""
    if isinstance(tol, float):
        tol = repr(tol)
    t = to_fraction(tol, where="tol")
    if t < 0:
        raise InvalidDataError(f"tol must be ≥ 0, got {tol}")
    return t


def _descent(patterns: PatternSet, b: Block, v: Vector, g: Vector, beta: Fraction) -> Fraction:
    """A certified decrease δ > 0 of L_β from adding the neuron with product t·v (sign s)."""
    Fv = [dot(row, v) for row in patterns.fit_matrix(b[0])]
    gv = dot(g, v)
    a = gv - beta * sqrt_upper(dot(v, v))
    if a <= 0:
        return Fraction(0)
    return Fraction(a * a / (2 * dot(Fv, Fv)))


def verify_optimality_verdict(
    network: ShallowReLU | ScaledNetwork,
    X: MatrixLike,
    y: VectorLike,
    beta: NumberLike,
    verdict: OptimalityVerdict,
    *,
    patterns: PatternSet | None = None,
) -> bool:
    """Re-check a verdict independently; True or CertificateError.

    Conditions (each has its own forged certificate in tests/convex/test_convex_verifier_conditions.py):

    1. the dichotomies are complete (:func:`~exactrelu.convex.dichotomies.certify_complete`);
    2. the residual is y − ŷ(θ);
    3. ``status`` is one of :data:`STATUSES` and agrees with ``optimal`` and the certificate kind
       ("optimal" ⇔ optimal ⇔ kind "kkt");
    4. "kkt": every block is dual feasible (‖v_b‖ ≤ β, exact projection); every used block is
       stationary (v_b = β w_b/‖w_b‖); for a ShallowReLU, objective = dual value;
    5. "descent": the direction lies in its cone, gᵀw > 0, (gᵀw)² > β²‖w‖², and the claimed
       decrease δ satisfies 0 < δ ≤ (gᵀw − β‖w‖)² / (2‖F w‖²) with ‖w‖ rounded up;
    6. "unscaled": the named neuron has ‖u‖² ≠ α² (ShallowReLU only);
    7. "merge": same sign, both products in the named closed cone, not positively colinear;
    8. "kkt_violation": the named block is not stationary (or not used);
    9. "within_gap": the gap certificate has n multipliers; every block of program (4) is dual
       feasible at λ with the stated ρ ≥ 0 (‖g_b − Σ ρ_k c_k‖² ≤ β², exact); lower = D(λ);
       upper ≥ L_β(θ) (exact, or with √ rounded up for a ScaledNetwork); gap = upper − lower ≤ tol.
    """
    rows, patterns, y, beta = _setup(network, X, y, beta, patterns, None)
    certify_complete(patterns)
    if isinstance(network, ScaledNetwork) and network.dim is None:
        network = ScaledNetwork([[0] * patterns.d], [1])
    net = scale(network)
    r = tuple(a - f for a, f in zip(y, net.output(rows)))
    if r != tuple(verdict.residual):
        raise CertificateError("the residual is not y − ŷ(θ)")
    kind = verdict.certificate.get("kind")
    status = verdict.status
    if status not in STATUSES:
        raise CertificateError(f"unknown status {status!r}: expected one of {STATUSES}")
    if (status == "optimal") != bool(verdict.optimal) or (status == "optimal") != (kind == "kkt"):
        raise CertificateError(
            f"status {status!r}, optimal={verdict.optimal} and certificate kind {kind!r} disagree"
        )
    if kind != "kkt" and kind not in _NEGATIVE_KINDS:
        raise CertificateError(f"unknown certificate kind {kind!r}")
    _verify_kind(network, net, rows, patterns, y, beta, r, verdict)
    if status == "within_gap":
        _verify_gap(network, net, rows, patterns, y, beta, verdict.gap_certificate)
    return True


def _verify_gap(
    network: ShallowReLU | ScaledNetwork,
    net: ScaledNetwork,
    rows: Sequence[Vector],
    patterns: PatternSet,
    y: Vector,
    beta: Fraction,
    cert: dict[str, Any] | None,
) -> None:
    """Condition 9 of :func:`verify_optimality_verdict`."""
    if not isinstance(cert, dict) or cert.get("kind") != "gap":
        raise CertificateError("a 'within_gap' verdict needs a gap certificate")
    lam = tuple(Fraction(t) for t in cert["multiplier"])
    if len(lam) != len(y):
        raise CertificateError(f"the multiplier has {len(lam)} entries, expected {len(y)}")
    data = cb._Data(patterns, y, beta)
    norms = cb._dual_norms_sq(data, cb.all_blocks(patterns), lam, cert["rho"])
    bad = [b for b, q in norms.items() if q > beta * beta]
    if bad:
        raise CertificateError(
            f"the multiplier is not dual feasible on block {cb.block_name(patterns, bad[0])}"
        )
    lower, upper, gap, tol = (Fraction(cert[k]) for k in ("lower", "upper", "gap", "tol"))
    if cb.dual_value(y, lam) != lower:
        raise CertificateError("the gap certificate's lower bound is not D(λ)")
    if isinstance(network, ShallowReLU):
        if nonconvex_objective(ShallowReLU(network.W, network.v, bias=False), rows, y, beta) > upper:
            raise CertificateError("the gap certificate's upper bound is below L_β(θ)")
    else:
        loss = net.loss(rows, y)
        if beta * sum(sqrt_upper(dot(p, p), 128) for p in net.products) > upper - loss:
            raise CertificateError("the gap certificate's upper bound is below L_β(θ)")
    if gap != upper - lower or gap > tol:
        raise CertificateError(f"the certified gap upper − lower = {float(upper - lower):.3g} exceeds tol")


def _verify_kind(
    network: ShallowReLU | ScaledNetwork,
    net: ScaledNetwork,
    rows: Sequence[Vector],
    patterns: PatternSet,
    y: Vector,
    beta: Fraction,
    r: Vector,
    verdict: OptimalityVerdict,
) -> None:
    """Conditions 4–8 of :func:`verify_optimality_verdict`."""
    kind = verdict.certificate.get("kind")
    if kind == "unscaled":
        j = verdict.certificate["neuron"]
        if not isinstance(network, ShallowReLU):
            raise CertificateError("an 'unscaled' certificate for a ScaledNetwork (scaled by construction)")
        w, a = network.W[j], network.v[j]
        if dot(w, w) == a * a:
            raise CertificateError(f"neuron {j} is scaled")
        return
    if kind == "merge":
        j1, j2 = verdict.certificate["neurons"]
        p, q = net.products[j1], net.products[j2]
        if net.signs[j1] != net.signs[j2] or positively_colinear(p, q):
            raise CertificateError(
                "the two neurons can be merged without loss (same direction) or differ in sign"
            )
        i = verdict.certificate["block"][0]
        if not (patterns.contains(i, p) and patterns.contains(i, q)):
            raise CertificateError("the two neurons do not share the named cone")
        return
    if kind == "descent":
        b, w = verdict.certificate["block"], verdict.certificate["direction"]
        _, g = _correlation(patterns, b, r)
        gw = dot(g, w)
        if not patterns.contains(b[0], w) or gw <= 0 or gw * gw <= beta * beta * dot(w, w):
            raise CertificateError(
                "the descent direction is not in its cone or does not decrease the objective"
            )
        delta = Fraction(verdict.certificate["decrease"])
        Fw = [dot(row, w) for row in patterns.fit_matrix(b[0])]
        a = gw - beta * sqrt_upper(dot(w, w), 128)
        if delta <= 0 or a <= 0 or delta > a * a / (2 * dot(Fw, Fw)):
            raise CertificateError("the claimed decrease is not certified by the descent direction")
        return
    if kind == "kkt_violation":
        b = verdict.certificate["block"]
        v, _ = _correlation(patterns, b, r)
        used = verdict.blocks.get(b)
        c = None if used is None else next((a / t for a, t in zip(v, used) if t), None)
        if (
            used is not None
            and c is not None
            and c > 0
            and all(a == c * t for a, t in zip(v, used))
            and dot(v, v) == beta * beta
        ):
            raise CertificateError("the named block satisfies stationarity")
        return
    # kind == "kkt"
    for b in cb.all_blocks(patterns):
        v, _ = _correlation(patterns, b, r)
        if dot(v, v) > beta * beta:
            raise CertificateError(f"block {cb.block_name(patterns, b)} is dual infeasible")
    blocks = network_to_convex(net, patterns)
    for b, w in blocks.items():
        v, _ = _correlation(patterns, b, r)
        c = next((a / t for a, t in zip(v, w) if t), None)
        if c is None or c <= 0 or any(a != c * t for a, t in zip(v, w)) or dot(v, v) != beta * beta:
            raise CertificateError(f"block {cb.block_name(patterns, b)} is not stationary")
    if isinstance(network, ShallowReLU) and nonconvex_objective(
        ShallowReLU(network.W, network.v, bias=False), rows, y, beta
    ) != cb.dual_value(y, r):
        raise CertificateError("objective and dual value differ")


# ----------------------------------------------------------------- Theorem 3
def certify_stationarity(
    network: ShallowReLU, X: MatrixLike, y: VectorLike, beta: NumberLike, eps: NumberLike = "1e-12"
) -> dict[str, Any]:
    """Exact ε-stationarity of L_β at a network with rational (e.g. float-read-exactly) weights.

    L_β(θ) = ½‖Σ_j α_j relu(X u_j) − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²) (eq. (1) of Wang, Lacotte &
    Pilanci 2022).  Away from kinks (no x_k·u_j = 0 with u_j ≠ 0 and α_j ≠ 0) L_β is differentiable at
    θ and its Clarke subdifferential is {∇L_β(θ)}; the gradient

        ∂/∂α_j = relu(X u_j)ᵀ e + β α_j,   ∂/∂u_j = α_j Σ_k 1[x_k·u_j > 0] e_k x_k + β u_j,   e = ŷ − y,

    is computed in exact rational arithmetic (a zero neuron u_j = 0, α_j = 0 contributes the element 0
    of its Clarke subdifferential).  Returns ``{"gradient_norm_sq": ‖∇L‖² (Fraction or None at a
    kink), "eps": ε, "stationary": ‖∇L‖² ≤ ε², "kinks": [(j, k), ...]}``: no float decides it.  Exact
    stationarity (ε = 0) of a float network essentially never holds; Theorem 3 is checked with the
    certified ε-stationarity instead (see proofs_checks.convex_landscape, ``cvx_thm3``).
    """
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(f"certify_stationarity expects a ShallowReLU, got {type(network).__name__}")
    b = exact_scalar(beta, name="beta", nonnegative=True)
    e_ = _tolerance(eps)
    rows = network_data(X, len(network.W[0]), bias=network.bias)
    yy = exact_labels(y, len(rows))
    W = [tuple(Fraction(t) for t in w) for w in network.W]
    v = [Fraction(t) for t in network.v]
    pre = [[dot(x, w) for x in rows] for w in W]
    fit = [sum((a * max(z[k], 0) for a, z in zip(v, pre)), Fraction(0)) for k in range(len(rows))]
    err = [f - t for f, t in zip(fit, yy)]
    kinks = [(j, k) for j, z in enumerate(pre) if any(W[j]) and v[j] for k in range(len(rows)) if z[k] == 0]
    if kinks:
        return {"gradient_norm_sq": None, "eps": e_, "stationary": None, "kinks": kinks}
    total = Fraction(0)
    for w, a, z in zip(W, v, pre):
        ga = sum((max(t, 0) * r for t, r in zip(z, err)), Fraction(0)) + b * a
        gu = [
            a * sum((r * x[c] for t, r, x in zip(z, err, rows) if t > 0), Fraction(0)) + b * w[c]
            for c in range(len(w))
        ]
        total += ga * ga + dot(gu, gu)
    return {"gradient_norm_sq": total, "eps": e_, "stationary": total <= e_ * e_, "kinks": []}


def neuron_trichotomies(network: ShallowReLU | ScaledNetwork, X: MatrixLike) -> PatternSet:
    """The subsampled trichotomy set of Theorem 3 (Wang, Lacotte & Pilanci 2022): the {sign(X u_k)}.

    One trichotomy per distinct sign vector of the non-zero neurons.

    Returned as a PatternSet of kind "trichotomies" whose witnesses are the neurons'
    own products (each lies in the relative interior of its trichotomy cone).
    """
    rows = exact_points(X, bias=isinstance(network, ShallowReLU) and network.bias, name="data X")
    net = scale(network)
    seen: dict[tuple[int, ...], Vector] = {}
    for j in net.nonzero():
        p = net.products[j]
        sigma = tuple((z > 0) - (z < 0) for z in (dot(x, p) for x in rows))
        seen.setdefault(sigma, p)
    return PatternSet(
        tuple(rows),
        "trichotomies",
        tuple(seen),
        tuple(seen.values()),
        isinstance(network, ShallowReLU) and network.bias,
    )


@dataclass
class StationaryGap:
    """Theorem 3 of Wang, Lacotte & Pilanci 2022: the subsampled program (13) of a network's patterns.

    Compared with the full program (4).

    ``sub`` and ``full`` are :class:`~exactrelu.convex.bounds.ValueBounds`;
    the optimality gap P*_sub − P* lies in [gap_lower, gap_upper] (certified).
    ``network_excess`` = L_β(θ) − sub.lower bounds how far θ is from solving (13).
    """

    patterns: PatternSet
    sub: cb.ValueBounds
    full: cb.ValueBounds
    objective: Fraction | tuple[Fraction, Fraction]
    gap_lower: Fraction
    gap_upper: Fraction
    network_excess: Fraction

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "subsampled_patterns": [self.patterns.name(i) for i in range(len(self.patterns))],
                "subsampled_bounds": [self.sub.lower, self.sub.upper],
                "full_bounds": [self.full.lower, self.full.upper],
                "gap_interval": [float(self.gap_lower), float(self.gap_upper)],
                "network_excess": float(self.network_excess),
            }
        )


def stationary_gap(
    network: ShallowReLU | ScaledNetwork,
    X: MatrixLike,
    y: VectorLike,
    beta: NumberLike,
    *,
    full: cb.ValueBounds | None = None,
    solver: str = "CLARABEL",
    limit: int | None = None,
) -> StationaryGap:
    """Theorem 3 of Wang, Lacotte & Pilanci 2022, certified: program (13) of the network against (4).

    Builds the subsampled program (13) from the network's own trichotomies.

    Both programs are solved in floats and bracketed rigorously
    (:func:`~exactrelu.convex.bounds.certify_value`).  ``full`` may pass bounds
    of the full program already computed.
    """
    from exactrelu.convex.program import convex_program

    rows, patterns, y, beta = _setup(network, X, y, beta, None, limit)
    sub_patterns = neuron_trichotomies(network, X)
    sub_sol = convex_program(sub_patterns, y, beta).solve(solver=solver)
    sub = cb.certify_value(sub_patterns, y, beta, sub_sol)
    if full is None:
        full_sol = convex_program(patterns, y, beta).solve(solver=solver)
        full = cb.certify_value(patterns, y, beta, full_sol)
    objective = _objective(network, rows, y, beta)
    upper = objective[1] if isinstance(objective, tuple) else objective
    return StationaryGap(
        sub_patterns, sub, full, objective, sub.lower - full.upper, sub.upper - full.lower, upper - sub.lower
    )
