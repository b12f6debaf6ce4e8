"""Networks ↔ convex variables, exactly: scaled networks in product coordinates.

Wang, Lacotte & Pilanci, "The hidden convex optimization landscape of regularized
two-layer ReLU networks" (ICLR 2022) relate the non-convex training problem
(their eq. (1), squared loss with the ½ normalisation)

    L_β(θ) = ½‖Σ_j relu(X u_j) α_j − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²)

to the convex program (their eq. (4))

    L^c_β(W) = ½‖Σ_b s_b F_{i_b} w_b − y‖² + β Σ_b ‖w_b‖₂ ,   w_b ∈ cone_{i_b},

where a block b = (i, s) is a pattern index i of a :class:`~exactrelu.convex.dichotomies.PatternSet`
and a sign s ∈ {+1, −1}, and F_i = D_i X (or T_j X for trichotomies).  This module holds
the scaled networks, the maps between networks and convex variables (ψ of Lemma 2,
W(θ) of eq. (7), θ(W) of eq. (8)) and the two objectives; the structural operations
(minimality, merging, splitting, pruning) are in :mod:`exactrelu.convex.minimality`.

Conventions
-----------
* X ∈ Q^{n×d} holds the samples as rows, *no bias*; a network with a bias works
  on x̄ = (x, 1), i.e. pass a PatternSet (its ``X`` already carries the column of
  ones) or homogenised data.  A :class:`~exactrelu.network.ShallowReLU` with
  ``bias=True`` given raw data is homogenised automatically.
* **Product coordinates.**  A neuron (u, α) is *scaled* if ‖u‖ = |α|.  A scaled
  neuron is determined exactly by its rational product p = |α| u ∈ Q^d and its
  sign s = sign α:  u = p/√‖p‖, α = s √‖p‖.  Its contribution to the fit is
  s relu(X p), to the penalty (β/2)(‖u‖² + α²) = β‖p‖.  Square roots are never
  taken exactly: products are compared exactly, norms are bracketed by rational
  bounds (:func:`exactrelu.exact.intervals.sqrt_bounds`), and signs of sums of square
  roots are decided exactly (:func:`exactrelu.exact.intervals.sqrt_sum_sign`, using the
  linear independence of square roots of distinct square-free integers over Q).
* The cone of a non-zero neuron, B(u, α) in section 1.3 of Wang, Lacotte & Pilanci
  2022, is the pair (σ, s) with σ = sign(X u) ∈ {−1, 0, +1}^n its trichotomy and
  s = sign α (B(u, α) must be unique, so Q_j is read as the *relatively open* cone of
  the trichotomy; its closure is the closed cone of the paper).
* Zero neurons (p = 0) are stored with sign +1; they belong to no cone.
* Checks (:func:`is_scaled` here; :func:`~exactrelu.convex.minimality.is_minimal` and the
  others in :mod:`exactrelu.convex.minimality`) return a :class:`Check`: truthy iff the
  property holds, with a human-readable ``reason``.

Floats are read as their exact binary values (:func:`exactrelu.exact.parse.to_fraction`).

Examples
--------
>>> from exactrelu.network import ShallowReLU
>>> X = [[1, 0], [0, 1], [1, 1]]
>>> net = ShallowReLU([[2, 0], [0, 1]], [1, -4], bias=False)   # not scaled
>>> bool(is_scaled(net))
False
>>> sn = scale(net)                                            # products |α| u
>>> sn.products, sn.signs
(((Fraction(2, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(4, 1))), (1, -1))
>>> sn.output(X) == net.output(X)
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeAlias

from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_bounds, sqrt_sum_sign
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import (
    exact_labels,
    exact_matrix,
    exact_scalar,
    exact_vector,
    homogenise,
    pattern_string,
)
from exactrelu.exact.types import MatrixLike, NumberLike, VectorLike
from exactrelu.network import ShallowReLU

__all__ = [
    "Check",
    "ScaledNetwork",
    "as_scaled_network",
    "compare_penalty",
    "cone_name",
    "convex_fit",
    "convex_objective_bounds",
    "convex_to_network",
    "is_scaled",
    "network_data",
    "network_to_convex",
    "neuron_blocks",
    "nonconvex_objective",
    "positively_colinear",
    "psi",
    "scale",
    "theta_of_W",
    "unscaled_neuron",
]

_ZERO = Fraction(0)

Vector: TypeAlias = tuple[Fraction, ...]
Rows: TypeAlias = tuple[Vector, ...]
Cone: TypeAlias = tuple[tuple[int, ...], int]
"""The cone B(u, α) of a non-zero neuron: (σ, s) with σ = sign(X u) and s = sign α."""


# --------------------------------------------------------------------------------------
# small exact helpers
# --------------------------------------------------------------------------------------
def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _norm2(p: Sequence[Fraction]) -> Fraction:
    return Fraction(dot(p, p))


def cone_name(cone: Cone) -> str:
    """The cone B(u, α) = (σ, s) of a neuron as text, e.g. ``'+0-/+'``.

    >>> cone_name(((1, 0, -1), -1))
    '+0-/-'
    """
    sigma, s = cone
    return f"{pattern_string(sigma, signs=True)}/{'+' if s > 0 else '-'}"


def positively_colinear(p: Sequence[Fraction], q: Sequence[Fraction]) -> bool:
    """Exact test: p = λ q for some λ > 0 (p, q non-zero vectors of the same length).

    >>> positively_colinear((2, -4), (1, -2)), positively_colinear((2, -4), (-1, 2))
    (True, False)
    """
    a = next(k for k, x in enumerate(q) if x != 0)
    if p[a] == 0 or _sign(p[a]) != _sign(q[a]):
        return False
    return all(p[a] * q[k] == q[a] * p[k] for k in range(len(p)))


def network_data(
    X: MatrixLike | PatternSet, dim: int | None, *, bias: bool = False, name: str = "data"
) -> Rows:
    """The data as exact rows of width ``dim`` (the neurons' dimension), for evaluating a network.

    A PatternSet (or SampledPatterns) contributes its own ``X`` (bias column already
    appended if it was built with ``bias=True``).  Raw data are homogenised to x̄ = (x, 1)
    when ``bias`` is set (a ShallowReLU with a bias).

    Raises
    ------
    InvalidDataError
        The points do not have the dimension of the neurons.
    """
    if isinstance(X, (PatternSet, SampledPatterns)):
        rows = tuple(tuple(Fraction(v) for v in r) for r in as_pattern_set(X).X)
    else:
        rows = exact_matrix(X, name=name)
        if bias:
            if dim is not None and len(rows[0]) != dim - 1:
                raise InvalidDataError(
                    f"{name}: the network has a bias and input dimension {dim - 1}, "
                    f"but the points have dimension {len(rows[0])}"
                )
            rows = homogenise(rows)
    if dim is not None and len(rows[0]) != dim:
        raise InvalidDataError(
            f"{name}: points have dimension {len(rows[0])} but the neurons live in dimension {dim}; "
            "for a network with a bias pass the PatternSet or homogenised data (x, 1)"
        )
    return rows


def _relu_fit(Xe: Rows, p: Vector) -> Vector:
    return tuple(max(Fraction(dot(x, p)), _ZERO) for x in Xe)


def _penalty_bounds_of(norms2: Iterable[Fraction], beta: Fraction, digits: int) -> tuple[Fraction, Fraction]:
    lo = hi = _ZERO
    for q in norms2:
        a, b = sqrt_bounds(q, digits)
        lo, hi = lo + a, hi + b
    return beta * lo, beta * hi


# --------------------------------------------------------------------------------------
# check results
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """Result of a structural test: truthy iff ``holds``; ``reason`` says why (not).

    >>> c = Check(False, "neuron 0 is not scaled"); bool(c), c.reason
    (False, 'neuron 0 is not scaled')
    """

    holds: bool
    reason: str

    def __bool__(self) -> bool:
        return bool(self.holds)


# --------------------------------------------------------------------------------------
# scaled networks
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=True)
class ScaledNetwork:
    """A scaled two-layer ReLU network θ = {(u_j, α_j)}, ‖u_j‖ = |α_j|, stored exactly as products.

    Neuron j is stored by its product p_j = |α_j| u_j ∈ Q^d and its sign
    s_j = sign(α_j) ∈ {+1, −1}; the actual weights u_j = p_j/√‖p_j‖,
    α_j = s_j √‖p_j‖ are irrational in general and only available in floats
    (:meth:`to_float`).  The network computes Σ_j s_j relu(X p_j) (the same as
    Σ_j α_j relu(X u_j) by positive homogeneity) and its penalty
    (β/2) Σ_j (‖u_j‖² + α_j²) equals β Σ_j ‖p_j‖.

    Zero rows are zero neurons (u, α) = (0, 0); their sign is stored as +1.
    Products live in the dimension of the data the network is applied to (d + 1
    for a network with a bias: pass the PatternSet or homogenised data).

    Parameters
    ----------
    products : table m × d of numbers (floats read exactly)
    signs : sequence of m values in {+1, −1}

    >>> net = ScaledNetwork([[1, -1], [0, 0]], [-1, -1])
    >>> net.signs, net.n_neurons, net.n_nonzero
    ((-1, 1), 2, 1)
    >>> net.output([[2, 1], [0, 1]])
    (Fraction(-1, 1), Fraction(0, 1))
    >>> ScaledNetwork.from_dict(net.to_dict()) == net
    True
    """

    products: Rows
    signs: tuple[int, ...]

    def __init__(self, products: MatrixLike, signs: Sequence[int] | Any) -> None:
        if hasattr(products, "tolist"):
            products = products.tolist()
        if hasattr(signs, "tolist"):
            signs = signs.tolist()
        products, signs = list(products), list(signs)
        if len(products) != len(signs):
            raise InvalidDataError(f"{len(products)} products but {len(signs)} signs: one sign per neuron")
        rows = tuple(exact_vector(p, name=f"product {j}") for j, p in enumerate(products))
        if rows and (len(rows[0]) == 0 or any(len(r) != len(rows[0]) for r in rows)):
            raise InvalidDataError("products must be rows of one common, positive length d")
        out = []
        for j, (p, s) in enumerate(zip(rows, signs)):
            if isinstance(s, bool) or s not in (1, -1):
                raise InvalidDataError(f"sign of neuron {j} must be +1 or -1, got {s!r}")
            out.append(1 if not any(p) else int(s))
        object.__setattr__(self, "products", rows)
        object.__setattr__(self, "signs", tuple(out))

    # ---- shape --------------------------------------------------------------------------
    @property
    def n_neurons(self) -> int:
        """Number m of neurons (zero neurons included)."""
        return len(self.products)

    @property
    def n_nonzero(self) -> int:
        """Number of non-zero neurons."""
        return sum(1 for p in self.products if any(p))

    @property
    def dim(self) -> int | None:
        """Dimension d of the products (None for a network without neurons)."""
        return len(self.products[0]) if self.products else None

    def nonzero(self) -> tuple[int, ...]:
        """Indices of the non-zero neurons."""
        return tuple(j for j, p in enumerate(self.products) if any(p))

    # ---- evaluation -------------------------------------------------------------------------
    def _X(self, X: MatrixLike | PatternSet) -> Rows:
        return network_data(X, self.dim)

    def fit_parts(self, X: MatrixLike | PatternSet) -> list[Vector]:
        """Each neuron's contribution q_j = s_j relu(X p_j) (list of n-tuples, exact)."""
        Xe = self._X(X)
        return [tuple(s * v for v in _relu_fit(Xe, p)) for p, s in zip(self.products, self.signs)]

    def output(self, X: MatrixLike | PatternSet) -> Vector:
        """ŷ = Σ_j s_j relu(X p_j) = Σ_j α_j relu(X u_j), exactly."""
        Xe = self._X(X)
        out = [_ZERO] * len(Xe)
        for p, s in zip(self.products, self.signs):
            for k, x in enumerate(Xe):
                z = dot(x, p)
                if z > 0:
                    out[k] += s * z
        return tuple(out)

    __call__ = output

    def penalty_squared_norms(self) -> Vector:
        """(‖p_1‖², …, ‖p_m‖²); the penalty is β Σ_j √‖p_j‖² = (β/2) Σ_j (‖u_j‖² + α_j²)."""
        return tuple(_norm2(p) for p in self.products)

    def penalty_bounds(self, beta: NumberLike, digits: int = 30) -> tuple[Fraction, Fraction]:
        """Rational (lower, upper) bracketing the penalty β Σ_j ‖p_j‖ (rigorous, :func:`sqrt_bounds`)."""
        b = exact_scalar(beta, name="beta", nonnegative=True)
        return _penalty_bounds_of(self.penalty_squared_norms(), b, digits)

    def loss(self, X: MatrixLike | PatternSet, y: VectorLike) -> Fraction:
        """The data term ½‖ŷ − y‖² (exact)."""
        out = self.output(X)
        yy = exact_labels(y, len(out))
        return sum(((a - b) ** 2 for a, b in zip(out, yy)), _ZERO) / 2

    def objective_bounds(
        self, X: MatrixLike | PatternSet, y: VectorLike, beta: NumberLike, digits: int = 30
    ) -> tuple[Fraction, Fraction]:
        """(lower, upper) bracketing L_β(θ) = ½‖ŷ − y‖² + β Σ_j ‖p_j‖ (loss exact, penalty bracketed)."""
        loss = self.loss(X, y)
        lo, hi = self.penalty_bounds(beta, digits)
        return loss + lo, loss + hi

    def cones(self, X: MatrixLike | PatternSet) -> list[Cone | None]:
        """B(u_j, α_j) for every neuron (Wang, Lacotte & Pilanci 2022, section 1.3 and Definition 2).

        (σ_j, s_j) with σ_j = sign(X p_j) ∈ {−1, 0, 1}^n the trichotomy and s_j the sign;
        None for a zero neuron.
        """
        Xe = self._X(X)
        return [
            (tuple(_sign(Fraction(dot(x, p))) for x in Xe), s) if any(p) else None
            for p, s in zip(self.products, self.signs)
        ]

    def cone_groups(self, X: MatrixLike | PatternSet) -> dict[Cone, list[int]]:
        """{cone B: [indices of the non-zero neurons in B]}, cones in order of first appearance."""
        groups: dict[Cone, list[int]] = {}
        for j, c in enumerate(self.cones(X)):
            if c is not None:
                groups.setdefault(c, []).append(j)
        return groups

    # ---- conversion ----------------------------------------------------------------------------
    def to_float(self) -> tuple[Any, Any]:
        """(U, alpha) as numpy float arrays: u_j = p_j/√‖p_j‖, α_j = s_j √‖p_j‖ (the non-convex weights)."""
        import numpy as np

        d = self.dim or 0
        U = np.zeros((self.n_neurons, d))
        alpha = np.zeros(self.n_neurons)
        for j, (p, s) in enumerate(zip(self.products, self.signs)):
            if any(p):
                pf = np.array([float(x) for x in p])
                r = math.sqrt(math.sqrt(float(_norm2(p))))  # √‖p‖
                U[j] = pf / r
                alpha[j] = s * r
        return U, alpha

    def unscaled_network(self, *, bias: bool = False) -> ShallowReLU:
        """An exact :class:`ShallowReLU` with the same function: rows p_j, output weights s_j.

        Not scaled (‖p_j‖ ≠ 1 in general), so its penalty differs; use it to evaluate
        with the rest of exactrelu, not to judge the objective.
        """
        if not self.products:
            raise InvalidDataError("a network without neurons has no ShallowReLU form")
        return ShallowReLU(self.products, self.signs, bias=bias)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return to_jsonable({"products": self.products, "signs": self.signs})

    @classmethod
    def from_dict(cls, d: dict[str, Any] | str) -> ScaledNetwork:
        """Inverse of :meth:`to_dict` (also reads a JSON string)."""
        data: Any = json.loads(d) if isinstance(d, str) else d
        try:
            return cls(data["products"], data["signs"])
        except (KeyError, TypeError):
            raise InvalidDataError("a scaled network is a dict with keys 'products' and 'signs'") from None

    def __repr__(self) -> str:
        return f"ScaledNetwork(m={self.n_neurons}, nonzero={self.n_nonzero}, d={self.dim})"


# --------------------------------------------------------------------------------------
# scaling
# --------------------------------------------------------------------------------------
def unscaled_neuron(network: ShallowReLU | ScaledNetwork) -> int | None:
    """Index of the first neuron with ‖u_j‖² ≠ α_j² (None if every neuron is scaled).

    A ScaledNetwork is scaled by construction (None).
    """
    if isinstance(network, ScaledNetwork):
        return None
    return next((j for j, (w, v) in enumerate(zip(network.W, network.v)) if _norm2(w) != v * v), None)


def _unscaled_reason(network: ShallowReLU | ScaledNetwork) -> str | None:
    j = unscaled_neuron(network)
    if j is None:
        return None
    assert isinstance(network, ShallowReLU)
    w, v = network.W[j], network.v[j]
    return f"neuron {j} is not scaled: ‖u_{j}‖² = {_norm2(w)} but α_{j}² = {v * v}"


def as_scaled_network(network: ShallowReLU | ScaledNetwork, what: str = "this operation") -> ScaledNetwork:
    """``network`` as a :class:`ScaledNetwork`; a ShallowReLU must already be scaled.

    Raises
    ------
    InvalidDataError
        An unscaled ShallowReLU (``what`` names the operation that needs a scaled one),
        or not a network.
    """
    if isinstance(network, ScaledNetwork):
        return network
    if isinstance(network, ShallowReLU):
        reason = _unscaled_reason(network)
        if reason:
            raise InvalidDataError(f"{what} needs a scaled network: {reason}; call scale() first")
        return scale(network)
    raise InvalidDataError(f"{what}: expected a ScaledNetwork or a ShallowReLU, got {type(network).__name__}")


def scale(network: ShallowReLU | ScaledNetwork) -> ScaledNetwork:
    """Rescale every neuron to ‖u‖ = |α| without changing its output.

    The first step of the proof of Proposition 3 of Wang, Lacotte & Pilanci 2022:
    neuron (u, α) becomes the scaled neuron with product p = |α| u and sign
    s = sign α (u' = p/√‖p‖, α' = s√‖p‖), so α' relu(X u') = α relu(X u).
    By AM–GM, (‖u‖² + α²)/2 ≥ ‖u‖ |α| = ‖p‖ with equality iff ‖u‖ = |α|: the
    penalty strictly drops unless the network is already scaled.  A neuron with
    u = 0 or α = 0 becomes the zero neuron.  The rows of W include the bias
    weight when ``network.bias`` is set (the bias is a penalised weight, as in the paper).

    Accepts a :class:`ShallowReLU` (returns a :class:`ScaledNetwork`); a
    ScaledNetwork is returned unchanged.
    """
    if isinstance(network, ScaledNetwork):
        return network
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(f"scale() expects a ShallowReLU, got {type(network).__name__}")
    products = [tuple(abs(v) * x for x in w) for w, v in zip(network.W, network.v)]
    signs = [1 if v >= 0 else -1 for v in network.v]
    return ScaledNetwork(products, signs)


def is_scaled(network: ShallowReLU | ScaledNetwork) -> Check:
    """Exact test of ‖u_j‖² = α_j² for every neuron; returns a :class:`Check`.

    Part (i) of Definition 2 of Wang, Lacotte & Pilanci 2022.  A zero neuron counts as
    scaled only if u = 0 and α = 0.  A ScaledNetwork is scaled by construction.
    """
    if isinstance(network, ScaledNetwork):
        return Check(True, "a ScaledNetwork is scaled by construction")
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(
            f"is_scaled() expects a ShallowReLU or ScaledNetwork, got {type(network).__name__}"
        )
    reason = _unscaled_reason(network)
    return Check(reason is None, reason or "every neuron has ‖u_j‖² = α_j²")


# --------------------------------------------------------------------------------------
# convex variables (ψ of Lemma 2, eq. (9); W(θ) of eq. (7); θ(W) of eq. (8))
# --------------------------------------------------------------------------------------
Blocks: TypeAlias = dict[tuple[int, int], Vector]


def _blocks(blocks: Any, patterns: PatternSet | SampledPatterns, what: str) -> tuple[PatternSet, Blocks]:
    """Validated {(i, s): Fraction vector} (zero blocks dropped), sorted positive first then by i."""
    ps = as_pattern_set(patterns)
    if hasattr(blocks, "blocks") and not isinstance(blocks, dict):  # a ConvexSolution
        blocks = blocks.blocks
    if not isinstance(blocks, dict):
        raise InvalidDataError(f"{what}: blocks must be a dict {{(pattern index, sign): vector}}")
    d, p = len(ps.X[0]), len(ps)
    out = {}
    for key, w in blocks.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise InvalidDataError(f"{what}: block key {key!r} is not a pair (pattern index, sign)")
        i, s = key
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < p:
            raise InvalidDataError(f"{what}: block {key!r}: pattern index must be an int in [0, {p})")
        if isinstance(s, bool) or s not in (1, -1):
            raise InvalidDataError(f"{what}: block {key!r}: sign must be +1 or -1")
        vec = exact_vector(w, d, name=f"block {key!r}")
        if any(vec):
            out[(int(i), int(s))] = vec
    return ps, dict(sorted(out.items(), key=lambda kv: (-kv[0][1], kv[0][0])))


def _check_feasible(ps: PatternSet, blocks: Blocks, what: str) -> None:
    for (i, s), w in blocks.items():
        if not ps.contains(i, w):
            raise InvalidDataError(
                f"{what}: block {(i, s)} is not in the closed cone of pattern {i} {ps.name(i)}; "
                "pass check=False to skip the feasibility check"
            )


def psi(blocks: Any, patterns: PatternSet | SampledPatterns, *, check: bool = True) -> ScaledNetwork:
    """The map ψ of Wang, Lacotte & Pilanci 2022, Lemma 2, eq. (9): one scaled neuron per non-zero block.

    Block b = (i, s) with w_b ≠ 0 becomes the neuron u = w_b/√‖w_b‖,
    α = s√‖w_b‖, i.e. product w_b and sign s.  For w_b ∈ cone_i,
    s relu(X w_b) = s F_i w_b, so the network's fit equals the convex fit and its
    penalty β Σ‖w_b‖ equals the convex penalty: L_β(ψ(W)) = L^c_β(W).
    Neurons are ordered positive blocks first, then by pattern index.

    Parameters
    ----------
    blocks : dict {(i, s): vector} or a ConvexSolution
        Fractions or floats (read exactly); zero blocks are dropped.  Solver
        output contains tiny non-zero blocks: keep ``solution.active()`` only.
    patterns : PatternSet
    check : bool
        Verify w_b ∈ cone_i exactly (InvalidDataError otherwise).
    """
    ps, bl = _blocks(blocks, patterns, "psi")
    if check:
        _check_feasible(ps, bl, "psi")
    return ScaledNetwork(list(bl.values()), [s for (_, s) in bl])


convex_to_network = psi
"""Alias of :func:`psi` (Wang, Lacotte & Pilanci 2022, Lemma 2, eq. (9))."""


def convex_fit(blocks: Any, patterns: PatternSet | SampledPatterns) -> Vector:
    """The convex fit ŷ^c(W) = Σ_b s_b F_{i_b} w_b (exact; F_i = D_i X or T_i X)."""
    ps, bl = _blocks(blocks, patterns, "convex_fit")
    Xe = ps.X
    out = [_ZERO] * len(Xe)
    for (i, s), w in bl.items():
        diag = ps.diag(i)
        for k, x in enumerate(Xe):
            if diag[k]:
                out[k] += s * dot(x, w)
    return tuple(out)


def network_to_convex(
    net: ShallowReLU | ScaledNetwork, patterns: PatternSet | SampledPatterns
) -> dict[tuple[int, int], Vector]:
    """W(θ) of Wang, Lacotte & Pilanci 2022, eq. (7) (Appendix B.2, eq. (17)): neurons added to blocks.

    Neuron j (product p_j = |α_j| u_j, sign s_j) is added to the block (i, s_j)
    of the smallest pattern index i whose closed cone contains p_j (tested
    exactly with ``patterns.contains``) — the paper lets ties be resolved
    arbitrarily.  For dichotomies these are the patterns agreeing with
    1[X p_j > 0] off the zero entries of X p_j.  For a trichotomy PatternSet the
    neuron's own covector sign(X p_j) is used when present (the unique cone
    B(u, α)), else the smallest index.  Then s F_i p_j = s_j relu(X p_j): the
    convex fit equals the network's fit, and β Σ‖w_b‖ ≤ β Σ‖p_j‖ (triangle
    inequality), so L^c_β(W(θ)) ≤ L_β(θ) for scaled θ (ibid., Proposition 2).

    Accepts a ScaledNetwork or any ShallowReLU (its products |α_j| u_j are used;
    scaling is not needed for the fit identity).  Blocks that sum to zero are
    omitted.  Returns {(i, s): tuple of Fractions}.

    Raises
    ------
    InvalidDataError
        A neuron lies in no cone of the set (e.g. a sampled, incomplete set).
    """
    ps = as_pattern_set(patterns)
    sn = scale(net) if isinstance(net, ShallowReLU) else net
    if not isinstance(sn, ScaledNetwork):
        raise InvalidDataError(f"network_to_convex: expected a network, got {type(net).__name__}")
    out: dict[tuple[int, int], Vector] = {}
    for j, (i, s) in neuron_blocks(sn, ps).items():
        p = sn.products[j]
        prev = out.get((i, s), (_ZERO,) * len(p))
        out[(i, s)] = tuple(a + b for a, b in zip(prev, p))
    return {k: v for k, v in out.items() if any(v)}


def neuron_blocks(
    net: ShallowReLU | ScaledNetwork, patterns: PatternSet | SampledPatterns
) -> dict[int, tuple[int, int]]:
    """{neuron j: block (i, s)} — the block of W(θ) each non-zero neuron is added to (eq. (7)).

    The smallest pattern index whose closed cone contains p_j (for trichotomies the
    neuron's own covector first).  Raises InvalidDataError if a neuron lies in no cone.
    """
    ps = as_pattern_set(patterns)
    sn = scale(net) if isinstance(net, ShallowReLU) else net
    if not isinstance(sn, ScaledNetwork):
        raise InvalidDataError("neuron_blocks expects a network and a PatternSet")
    Xe = network_data(ps, sn.dim)
    out = {}
    for j in sn.nonzero():
        p, s = sn.products[j], sn.signs[j]
        sigma = tuple(_sign(Fraction(dot(x, p))) for x in Xe)
        i = None
        if ps.trichotomy:
            try:
                k: int | None = ps.index(sigma)
            except (InvalidDataError, KeyError, ValueError):  # absent: fall back to the scan
                k = None
            if k is not None and ps.contains(k, p):
                i = k
        if i is None:
            for k in range(len(ps)):
                pat = ps[k]
                if not ps.trichotomy and any(
                    (z > 0 and not pat[r]) or (z < 0 and pat[r]) for r, z in enumerate(sigma)
                ):
                    continue  # fast exact rejection; contains() decides the rest
                if ps.contains(k, p):
                    i = k
                    break
        if i is None:
            raise InvalidDataError(
                f"network_to_convex: neuron {j} (sign pattern {pattern_string(sigma, signs=True)}) lies in "
                f"no cone of the {ps.kind} pattern set; the set is incomplete (sampled?)"
            )
        out[j] = (i, s)
    return out


def theta_of_W(
    blocks: Any,
    patterns: PatternSet | SampledPatterns,
    X: MatrixLike | None = None,
    *,
    m: int | None = None,
    check: bool = True,
) -> ScaledNetwork:
    """θ(W) of Wang, Lacotte & Pilanci 2022, eq. (8): one neuron per group of blocks (sign, trichotomy).

    Blocks with the same sign s and the same trichotomy sign(X w_b) (the cone
    Q_j they lie in) are summed into one neuron with product Σ w_b and sign s.
    Within a group relu is linear, so the fit is unchanged (ŷ(θ(W)) = ŷ^c(W)
    for feasible W) and the penalty can only drop (triangle inequality):
    L_β(θ(W)) ≤ L^c_β(W) (ibid., Proposition 2).  The result is minimal.  Neurons are
    ordered positive first, by the smallest pattern index of their group.

    Parameters
    ----------
    X : data, optional
        Defaults to ``patterns.X``.
    m : int, optional
        Pad with zero neurons to m neurons (InvalidDataError if more groups).
    check : bool
        Verify every w_b ∈ cone_{i_b} exactly.
    """
    ps, bl = _blocks(blocks, patterns, "theta_of_W")
    if check:
        _check_feasible(ps, bl, "theta_of_W")
    d = len(ps.X[0])
    Xe = network_data(ps if X is None else X, d)
    groups: dict[tuple[int, tuple[int, ...]], Vector] = {}
    for (_, s), w in bl.items():
        key = (s, tuple(_sign(Fraction(dot(x, w))) for x in Xe))
        prev = groups.get(key, (_ZERO,) * d)
        groups[key] = tuple(a + b for a, b in zip(prev, w))
    products, signs = list(groups.values()), [s for (s, _) in groups]
    if m is not None:
        if m < len(products):
            raise InvalidDataError(f"theta_of_W: W has {len(products)} groups, more than m = {m} neurons")
        products += [(_ZERO,) * d] * (m - len(products))
        signs += [1] * (m - len(signs))
    return ScaledNetwork(products, signs)


# --------------------------------------------------------------------------------------
# objectives
# --------------------------------------------------------------------------------------
def nonconvex_objective(network: ShallowReLU, X: MatrixLike, y: VectorLike, beta: NumberLike) -> Fraction:
    """Exact L_β(θ) = ½‖Σ_j α_j relu(X u_j) − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²).

    The non-convex objective, eq. (1) of Wang, Lacotte & Pilanci 2022.  Rational for a
    :class:`ShallowReLU` with rational weights (rows u_j, output weights α_j = v_j; with a
    bias the bias weight is part of u_j and penalised).  A ScaledNetwork's objective is
    irrational in general: use :meth:`ScaledNetwork.objective_bounds`.
    """
    if isinstance(network, ScaledNetwork):
        raise InvalidDataError(
            "the objective of a ScaledNetwork involves square roots; "
            "use ScaledNetwork.objective_bounds(X, y, beta)"
        )
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(f"nonconvex_objective expects a ShallowReLU, got {type(network).__name__}")
    b = exact_scalar(beta, name="beta", nonnegative=True)
    Xe = network_data(X, len(network.W[0]), bias=network.bias)
    yy = exact_labels(y, len(Xe))
    out = scale(network).output(Xe)  # s relu(x·|α|u) = α relu(x·u), exactly
    loss = sum(((a - t) ** 2 for a, t in zip(out, yy)), _ZERO) / 2
    return loss + b / 2 * sum((_norm2(w) + v * v for w, v in zip(network.W, network.v)), _ZERO)


def convex_objective_bounds(
    blocks: Any,
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    *,
    digits: int = 30,
    check: bool = False,
) -> tuple[Fraction, Fraction]:
    """(lower, upper) bracketing L^c_β(W) = ½‖Σ_b s_b F_{i_b} w_b − y‖² + β Σ_b ‖w_b‖.

    The convex objective, eq. (4) of Wang, Lacotte & Pilanci 2022.  The loss is exact,
    the penalty bracketed by :func:`sqrt_bounds`.  With ``check=True`` feasibility
    w_b ∈ cone_{i_b} is verified as well.
    """
    ps, bl = _blocks(blocks, patterns, "convex_objective_bounds")
    if check:
        _check_feasible(ps, bl, "convex_objective_bounds")
    b = exact_scalar(beta, name="beta", nonnegative=True)
    fit = convex_fit(bl, ps)
    yy = exact_labels(y, len(fit))
    loss = sum(((a - t) ** 2 for a, t in zip(fit, yy)), _ZERO) / 2
    lo, hi = _penalty_bounds_of([_norm2(w) for w in bl.values()], b, digits)
    return loss + lo, loss + hi


def compare_penalty(a: ShallowReLU | ScaledNetwork, b: ShallowReLU | ScaledNetwork) -> int:
    """Exact sign of Σ_j ‖p_j(a)‖ − Σ_j ‖p_j(b)‖ for two scaled networks (−1, 0 or +1)."""
    sa, sb = as_scaled_network(a, "compare_penalty"), as_scaled_network(b, "compare_penalty")
    return sqrt_sum_sign(
        [(1, q) for q in sa.penalty_squared_norms()] + [(-1, q) for q in sb.penalty_squared_norms()]
    )
