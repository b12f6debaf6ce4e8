"""Networks ↔ convex variables, exactly: scaled networks in product coordinates.

Wang, Lacotte & Pilanci, "The hidden convex optimization landscape of regularized
two-layer ReLU networks" (ICLR 2022; "003" below) relate the non-convex training
problem (003 eq. (1), squared loss with the ½ normalisation)

    L_β(θ) = ½‖Σ_j relu(X u_j) α_j − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²)

to the convex program (003 eq. (4))

    L^c_β(W) = ½‖Σ_b s_b F_{i_b} w_b − y‖² + β Σ_b ‖w_b‖₂ ,   w_b ∈ cone_{i_b},

where a block b = (i, s) is a pattern index i of a :class:`~exactrelu.convex.dichotomies.PatternSet`
and a sign s ∈ {+1, −1}, and F_i = D_i X (or T_j X for trichotomies).

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
  bounds (:func:`sqrt_bounds`), and signs of sums of square roots are decided
  exactly (:func:`sqrt_sum_sign`, using the linear independence of square roots of
  distinct square-free integers over Q).
* The cone of a non-zero neuron, B(u, α) in 003 section 1.3, is the pair
  (σ, s) with σ = sign(X u) ∈ {−1, 0, +1}^n its trichotomy and s = sign α
  (B(u, α) must be unique, so Q_j is read as the *relatively open* cone of the
  trichotomy; its closure is the closed cone of the paper).
* Zero neurons (p = 0) are stored with sign +1; they belong to no cone.
* Checks (:func:`is_scaled`, :func:`is_nearly_minimal`, :func:`is_minimal`,
  :func:`is_splitting`) return a :class:`Check`: truthy iff the property holds,
  with a human-readable ``reason``.

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
>>> bool(is_minimal(sn, X))
True
"""

import json
import math
from dataclasses import dataclass
from fractions import Fraction

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_bracket
from exactrelu.exact.linalg import nullspace, primitive_vector
from exactrelu.exact.parse import exact_matrix, homogenise, to_fraction
from exactrelu.network import ShallowReLU

__all__ = [
    "Check",
    "ScaledNetwork",
    "caratheodory_prune",
    "compare_penalty",
    "convex_fit",
    "convex_objective_bounds",
    "convex_to_network",
    "is_minimal",
    "is_nearly_minimal",
    "is_scaled",
    "is_splitting",
    "merge",
    "merge_path",
    "minimal_width_bound",
    "network_to_convex",
    "neuron_blocks",
    "nonconvex_objective",
    "psi",
    "scale",
    "split",
    "sqrt_bounds",
    "sqrt_sum_sign",
    "theta_of_W",
]

_ZERO = Fraction(0)
_ONE = Fraction(1)


# --------------------------------------------------------------------------------------
# small exact helpers
# --------------------------------------------------------------------------------------
def _num(x):
    return int(x) if x.denominator == 1 else str(x)


def _dot(a, b):
    return sum((x * y for x, y in zip(a, b)), _ZERO)


def _sign(x):
    return (x > 0) - (x < 0)


def _norm2(p):
    return sum((x * x for x in p), _ZERO)


def _vector(v, where, dim=None):
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (str, bytes)) or not hasattr(v, "__len__"):
        raise InvalidDataError(f"{where} must be a sequence of numbers, got {v!r}")
    out = tuple(to_fraction(x, where=f"{where}[{k}]") for k, x in enumerate(v))
    if dim is not None and len(out) != dim:
        raise InvalidDataError(
            f"{where} has {len(out)} entries but the neurons/cones live in dimension {dim}"
        )
    return out


def _scalar(x, where, *, positive=False, nonnegative=False):
    f = to_fraction(x, where=where)
    if positive and f <= 0:
        raise InvalidDataError(f"{where} must be > 0, got {f}")
    if nonnegative and f < 0:
        raise InvalidDataError(f"{where} must be >= 0, got {f}")
    return f


def _fmt_sigma(sigma):
    return "(" + ",".join("+" if z > 0 else "-" if z < 0 else "0" for z in sigma) + ")"


def _fmt_cone(cone):
    sigma, s = cone
    return f"{_fmt_sigma(sigma)}/{'+' if s > 0 else '-'}"


def _positively_colinear(p, q):
    """Exact test: p = λ q for some λ > 0 (p, q non-zero)."""
    a = next(k for k, x in enumerate(q) if x != 0)
    if p[a] == 0 or _sign(p[a]) != _sign(q[a]):
        return False
    return all(p[a] * q[k] == q[a] * p[k] for k in range(len(p)))


def _pattern_set(obj):
    """A PatternSet (unwrapping a SampledPatterns), or None if obj is not one."""
    if hasattr(obj, "gates") and hasattr(getattr(obj, "patterns", None), "contains"):
        obj = obj.patterns
    if hasattr(obj, "contains") and hasattr(obj, "patterns") and hasattr(obj, "X"):
        return obj
    return None


def _data(X, dim, *, bias=False, name="data"):
    """The data matrix as Fraction rows of width ``dim`` (the neurons' dimension).

    A PatternSet contributes its own ``X`` (bias column already appended if it was
    built with ``bias=True``).  Raw data are homogenised when ``bias`` is set
    (a ShallowReLU with a bias).
    """
    ps = _pattern_set(X)
    if ps is not None:
        rows = tuple(tuple(Fraction(v) for v in r) for r in ps.X)
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


def _labels(y, n):
    if hasattr(y, "tolist"):
        y = y.tolist()
    if isinstance(y, (str, bytes)) or not hasattr(y, "__len__"):
        raise InvalidDataError(f"labels y must be a sequence of numbers, got {y!r}")
    if len(y) != n:
        raise InvalidDataError(f"labels y have {len(y)} entries but there are {n} data points")
    return tuple(to_fraction(t, where=f"y[{k}]") for k, t in enumerate(y))


def _relu_fit(Xe, p):
    return tuple(max(_dot(x, p), _ZERO) for x in Xe)


# --------------------------------------------------------------------------------------
# exact square roots: bounds and signs of sums
# --------------------------------------------------------------------------------------
def sqrt_bounds(q, digits=30):
    """Rational (lower, upper) with lower ≤ √q ≤ upper and upper − lower ≤ 10^-digits / den(q).

    Exact: with q = N/D, √q = √(N D)/D and lower = ⌊√(N D 10^{2k})⌋ / (D 10^k)
    (``math.isqrt``); upper = lower when the square root is exact, else lower plus
    one unit.  Both bounds are verified by squaring.

    >>> sqrt_bounds(Fraction(9, 4))
    (Fraction(3, 2), Fraction(3, 2))
    >>> lo, hi = sqrt_bounds(2, digits=5); lo * lo <= 2 <= hi * hi, float(hi - lo)
    (True, 1e-05)
    """
    q = Fraction(q)
    if q < 0:
        raise InvalidDataError(f"cannot take the square root of the negative number {q}")
    if digits < 0:
        raise InvalidDataError(f"digits must be >= 0, got {digits}")
    return sqrt_bracket(q, 10 ** int(digits))


def _radical_classes(terms):
    """Σ c_j √a_j rewritten as Σ_R K_R √R with R integers of pairwise distinct square-free kernels.

    √a (a = N/D) = √(N D)/D; √A and √R are Q-dependent iff A R is a perfect square,
    and then √A = (√(A R)/R) √R.
    """
    classes = []  # [R, K]
    for c, a in terms:
        c, a = Fraction(c), Fraction(a)
        if c == 0 or a == 0:
            continue
        A = a.numerator * a.denominator
        for entry in classes:
            R = entry[0]
            r = math.isqrt(A * R)
            if r * r == A * R:
                entry[1] += c * Fraction(r, R * a.denominator)
                break
        else:
            r = math.isqrt(A)  # take out the square part of the representative
            if r * r == A:
                classes.append([1, c * Fraction(r, a.denominator)])
            else:
                classes.append([A, c / a.denominator])
    return [(R, K) for R, K in classes if K != 0]


def sqrt_sum_sign(terms):
    """Exact sign (−1, 0, +1) of Σ c_j √a_j for rationals c_j and a_j ≥ 0.

    Decided exactly: the sum is regrouped as Σ_R K_R √R over radicands R with
    pairwise distinct square-free kernels; by Besicovitch's theorem those square
    roots are linearly independent over Q, so the sum is 0 iff every K_R = 0.
    Otherwise interval bounds are refined until they exclude 0 (this terminates).

    >>> sqrt_sum_sign([(1, 8), (-2, 2)])          # √8 − 2√2 = 0
    0
    >>> sqrt_sum_sign([(1, 2), (1, 3), (-1, Fraction(49, 5))])   # √2 + √3 − √9.8 > 0
    1
    """
    classes = _radical_classes(list(terms))
    if not classes:
        return 0
    digits = 16
    while True:
        lo = hi = _ZERO
        for R, K in classes:
            a, b = sqrt_bounds(R, digits)
            if K > 0:
                lo, hi = lo + K * a, hi + K * b
            else:
                lo, hi = lo + K * b, hi + K * a
        if lo > 0:
            return 1
        if hi < 0:
            return -1
        digits *= 2


def _penalty_bounds_of(norms2, beta, digits):
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

    def __bool__(self):
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

    products: tuple
    signs: tuple

    def __init__(self, products, signs):
        if hasattr(products, "tolist"):
            products = products.tolist()
        if hasattr(signs, "tolist"):
            signs = signs.tolist()
        products, signs = list(products), list(signs)
        if len(products) != len(signs):
            raise InvalidDataError(f"{len(products)} products but {len(signs)} signs: one sign per neuron")
        rows = tuple(_vector(p, f"product {j}") for j, p in enumerate(products))
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
    def n_neurons(self):
        """Number m of neurons (zero neurons included)."""
        return len(self.products)

    @property
    def n_nonzero(self):
        """Number of non-zero neurons."""
        return sum(1 for p in self.products if any(p))

    @property
    def dim(self):
        """Dimension d of the products (None for a network without neurons)."""
        return len(self.products[0]) if self.products else None

    def nonzero(self):
        """Indices of the non-zero neurons."""
        return tuple(j for j, p in enumerate(self.products) if any(p))

    # ---- evaluation -------------------------------------------------------------------------
    def _X(self, X):
        return _data(X, self.dim)

    def fit_parts(self, X):
        """Each neuron's contribution q_j = s_j relu(X p_j) (list of n-tuples, exact)."""
        Xe = self._X(X)
        return [tuple(s * v for v in _relu_fit(Xe, p)) for p, s in zip(self.products, self.signs)]

    def output(self, X):
        """ŷ = Σ_j s_j relu(X p_j) = Σ_j α_j relu(X u_j), exactly."""
        Xe = self._X(X)
        out = [_ZERO] * len(Xe)
        for p, s in zip(self.products, self.signs):
            for k, x in enumerate(Xe):
                z = _dot(x, p)
                if z > 0:
                    out[k] += s * z
        return tuple(out)

    __call__ = output

    def penalty_squared_norms(self):
        """(‖p_1‖², …, ‖p_m‖²); the penalty is β Σ_j √‖p_j‖² = (β/2) Σ_j (‖u_j‖² + α_j²)."""
        return tuple(_norm2(p) for p in self.products)

    def penalty_bounds(self, beta, digits=30):
        """Rational (lower, upper) bracketing the penalty β Σ_j ‖p_j‖ (rigorous, :func:`sqrt_bounds`)."""
        beta = _scalar(beta, "beta", nonnegative=True)
        return _penalty_bounds_of(self.penalty_squared_norms(), beta, digits)

    def loss(self, X, y):
        """The data term ½‖ŷ − y‖² (exact)."""
        out = self.output(X)
        yy = _labels(y, len(out))
        return sum(((a - b) ** 2 for a, b in zip(out, yy)), _ZERO) / 2

    def objective_bounds(self, X, y, beta, digits=30):
        """(lower, upper) bracketing L_β(θ) = ½‖ŷ − y‖² + β Σ_j ‖p_j‖ (loss exact, penalty bracketed)."""
        loss = self.loss(X, y)
        lo, hi = self.penalty_bounds(beta, digits)
        return loss + lo, loss + hi

    def cones(self, X):
        """B(u_j, α_j) for every neuron (003 section 1.3, Definition 2): (σ_j, s_j) with
        σ_j = sign(X p_j) ∈ {−1, 0, 1}^n the trichotomy, s_j the sign; None for a zero neuron."""
        Xe = self._X(X)
        return [
            (tuple(_sign(_dot(x, p)) for x in Xe), s) if any(p) else None
            for p, s in zip(self.products, self.signs)
        ]

    # ---- conversion ----------------------------------------------------------------------------
    def to_float(self):
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

    def unscaled_network(self, *, bias=False):
        """An exact :class:`ShallowReLU` with the same function: rows p_j, output weights s_j.

        Not scaled (‖p_j‖ ≠ 1 in general), so its penalty differs; use it to evaluate
        with the rest of exactrelu, not to judge the objective.
        """
        if not self.products:
            raise InvalidDataError("a network without neurons has no ShallowReLU form")
        return ShallowReLU(self.products, self.signs, bias=bias)

    def to_dict(self):
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return {"products": [[_num(x) for x in p] for p in self.products], "signs": list(self.signs)}

    @classmethod
    def from_dict(cls, d):
        """Inverse of :meth:`to_dict` (also reads a JSON string)."""
        if isinstance(d, str):
            d = json.loads(d)
        try:
            return cls(d["products"], d["signs"])
        except (KeyError, TypeError):
            raise InvalidDataError("a scaled network is a dict with keys 'products' and 'signs'") from None

    def __repr__(self):
        return f"ScaledNetwork(m={self.n_neurons}, nonzero={self.n_nonzero}, d={self.dim})"


def _network_data(network, X):
    """(products, signs, scaled?, unscaled-reason, Xe) for a ShallowReLU or ScaledNetwork."""
    if isinstance(network, ScaledNetwork):
        return network, None, (None if X is None else _data(X, network.dim))
    if isinstance(network, ShallowReLU):
        reason = _unscaled_reason(network)
        Xe = None if X is None else _data(X, len(network.W[0]), bias=network.bias)
        return scale(network), reason, Xe
    raise InvalidDataError(f"expected a ScaledNetwork or a ShallowReLU, got {type(network).__name__}")


def _as_scaled(network, what):
    if isinstance(network, ScaledNetwork):
        return network
    if isinstance(network, ShallowReLU):
        reason = _unscaled_reason(network)
        if reason:
            raise InvalidDataError(f"{what} needs a scaled network: {reason}; call scale() first")
        return scale(network)
    raise InvalidDataError(f"{what}: expected a ScaledNetwork or a ShallowReLU, got {type(network).__name__}")


def scale(network):
    """Rescale every neuron to ‖u‖ = |α| without changing its output (003 Prop. 3, part 1).

    Neuron (u, α) becomes the scaled neuron with product p = |α| u and sign
    s = sign α (u' = p/√‖p‖, α' = s√‖p‖), so α' relu(X u') = α relu(X u).
    By AM–GM, (‖u‖² + α²)/2 ≥ ‖u‖ |α| = ‖p‖ with equality iff ‖u‖ = |α|: the
    penalty strictly drops unless the network is already scaled.  A neuron with
    u = 0 or α = 0 becomes the zero neuron.  The rows of W include the bias
    weight when ``network.bias`` is set (the bias is a penalised weight, as in 003).

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


def _unscaled_reason(network):
    for j, (w, v) in enumerate(zip(network.W, network.v)):
        if _norm2(w) != v * v:
            return f"neuron {j} is not scaled: ‖u_{j}‖² = {_norm2(w)} but α_{j}² = {v * v}"
    return None


def is_scaled(network):
    """Exact test of ‖u_j‖² = α_j² for every neuron (003 Definition 2 (i)); returns a :class:`Check`.

    A zero neuron counts as scaled only if u = 0 and α = 0.  A ScaledNetwork is
    scaled by construction.
    """
    if isinstance(network, ScaledNetwork):
        return Check(True, "a ScaledNetwork is scaled by construction")
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(
            f"is_scaled() expects a ShallowReLU or ScaledNetwork, got {type(network).__name__}"
        )
    reason = _unscaled_reason(network)
    return Check(reason is None, reason or "every neuron has ‖u_j‖² = α_j²")


def _cone_groups(net, Xe):
    """{cone: [neuron indices]} over the non-zero neurons, in order of first appearance."""
    groups = {}
    for j, c in enumerate(net.cones(Xe)):
        if c is not None:
            groups.setdefault(c, []).append(j)
    return groups


def is_nearly_minimal(network, X):
    """003 Definition 3: scaled, and non-zero neurons with the same cone B(u, α) are positively colinear.

    Exact.  Returns a :class:`Check` whose reason names an offending pair.
    """
    net, reason, Xe = _network_data(network, X)
    if reason:
        return Check(False, reason)
    for cone, idx in _cone_groups(net, Xe).items():
        first = idx[0]
        for j in idx[1:]:
            if not _positively_colinear(net.products[j], net.products[first]):
                return Check(
                    False,
                    f"neurons {first} and {j} share cone {_fmt_cone(cone)} but are not positively colinear",
                )
    return Check(True, "scaled, and neurons sharing a cone are positively colinear")


def is_minimal(network, X):
    """003 Definition 2: scaled, and the cones B(u, α) of the non-zero neurons are pairwise distinct.

    Exact.  Returns a :class:`Check` whose reason names an offending pair.
    """
    net, reason, Xe = _network_data(network, X)
    if reason:
        return Check(False, reason)
    for cone, idx in _cone_groups(net, Xe).items():
        if len(idx) > 1:
            return Check(False, f"neurons {idx[0]} and {idx[1]} share cone {_fmt_cone(cone)}")
    return Check(True, "scaled, and the non-zero neurons lie in pairwise distinct cones")


# --------------------------------------------------------------------------------------
# merging and splitting (Prop. 1, Theorem 1)
# --------------------------------------------------------------------------------------
def _merge_groups(net, X, what):
    Xe = _data(X, net.dim)
    groups = _cone_groups(net, Xe)
    for cone, idx in groups.items():
        for j in idx[1:]:
            if not _positively_colinear(net.products[j], net.products[idx[0]]):
                raise InvalidDataError(
                    f"{what}: neurons {idx[0]} and {j} share cone {_fmt_cone(cone)} but are not positively "
                    "colinear, so the network is not nearly minimal (003 Definition 3)"
                )
    return groups


def merge(net, X):
    """The merged network M(θ) of 003 Prop. 1 (section 2.1).

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
    net = _as_scaled(net, "merge")
    return merge_path(net, X, 1)


def merge_path(net, X, t):
    """The point θ(t) of the constant-objective path from θ to M(θ) (003 Prop. 1, App. B.1), t ∈ [0, 1].

    In product coordinates: in each cone group the first neuron moves to
    (1 − t) p_1 + t p_merged (p_merged = Σ_group p_j) and every other neuron to
    (1 − t) p_j (the paper's w_j(t) = √(1−t) w_j, γ_j(t) = √(1−t) γ_j).  All
    products stay positively colinear in their cone, so the fit is exactly
    constant and so is Σ_j ‖p_j(t)‖.  θ(0) = θ, θ(1) = M(θ).  t must be rational
    (or a float, read exactly).
    """
    net = _as_scaled(net, "merge_path")
    t = _scalar(t, "t")
    if not 0 <= t <= 1:
        raise InvalidDataError(f"t must lie in [0, 1], got {t}")
    groups = _merge_groups(net, X, "merge")
    products, signs = list(net.products), list(net.signs)
    for idx in groups.values():
        if len(idx) == 1:
            continue
        total = tuple(sum(col, _ZERO) for col in zip(*(net.products[j] for j in idx)))
        first = idx[0]
        products[first] = tuple((1 - t) * a + t * b for a, b in zip(net.products[first], total))
        for j in idx[1:]:
            products[j] = tuple((1 - t) * a for a in net.products[j])
    return ScaledNetwork(products, signs)


def split(net, j, gammas, *, reuse_zeros=False):
    """Split neuron j into k neurons with products γ_i p_j (003 section 3.1, before Theorem 1).

    A splitting of (u, α) is {(√γ_i u, √γ_i α)} with γ_i > 0, Σ γ_i = 1; in
    product coordinates the i-th part has product γ_i p_j and the same sign.
    Fit and penalty are unchanged (the parts are positively colinear, and
    Σ ‖γ_i p_j‖ = ‖p_j‖).  Neuron j receives the first part; the others go to
    new rows appended at the end, or (``reuse_zeros=True``) first into existing
    zero neurons, in index order.

    Raises
    ------
    InvalidDataError
        j out of range, some γ_i ≤ 0, or Σ γ_i ≠ 1 exactly.
    """
    net = _as_scaled(net, "split")
    if isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < net.n_neurons:
        raise InvalidDataError(f"neuron index j must be an int in [0, {net.n_neurons}), got {j!r}")
    if hasattr(gammas, "tolist"):
        gammas = gammas.tolist()
    gammas = [_scalar(g, f"gammas[{i}]", positive=True) for i, g in enumerate(gammas)]
    if not gammas:
        raise InvalidDataError("gammas must contain at least one weight")
    if sum(gammas) != 1:
        raise InvalidDataError(f"the split weights must sum to exactly 1, they sum to {sum(gammas)}")
    p, s = net.products[j], net.signs[j]
    products, signs = list(net.products), list(net.signs)
    products[j] = tuple(gammas[0] * x for x in p)
    free = [i for i in range(net.n_neurons) if i != j and not any(net.products[i])] if reuse_zeros else []
    for g in gammas[1:]:
        part = tuple(g * x for x in p)
        if free:
            i = free.pop(0)
            products[i], signs[i] = part, s
        else:
            products.append(part)
            signs.append(s)
    return ScaledNetwork(products, signs)


def _rays(net):
    """{(sign, primitive direction): [(magnitude, neuron index)]} over the non-zero neurons."""
    out = {}
    for j in net.nonzero():
        p = net.products[j]
        ray = primitive_vector(p)
        a = next(k for k, r in enumerate(ray) if r)
        out.setdefault((net.signs[j], ray), []).append((p[a] / ray[a], j))
    return out


def _fill_bins(items, capacities):
    """Partition ``items`` (positive Fractions) into bins with exactly the given sums; True if possible."""
    items = sorted(items, reverse=True)
    rest = list(capacities)

    def place(k):
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


def is_splitting(net, reference, X=None):
    """003 Theorem 1 membership: is ``net`` a splitting of ``reference``?

    True iff the non-zero neurons of ``net`` can be partitioned into groups, one
    per non-zero neuron of ``reference``, each group positively colinear with
    that neuron, of the same sign, and with products summing exactly to its
    product (the splittings {(√γ_i u, √γ_i α)}, γ_i > 0, Σ γ_i = 1).  Neurons are
    grouped by (sign, ray); when ``reference`` has several neurons on one ray the
    partition is found by exact backtracking.  ``X`` is optional and only used to
    check the dimension.  Both networks must be scaled.  Returns a :class:`Check`.
    """
    a, ra, _ = _network_data(net, X)
    b, rb, _ = _network_data(reference, X)
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
# convex variables (Lemma 2 map (9), W(θ) eq. (7), θ(W) eq. (8))
# --------------------------------------------------------------------------------------
def _blocks(blocks, patterns, what):
    """Validated {(i, s): Fraction vector} (zero blocks dropped), sorted positive first then by i."""
    ps = _pattern_set(patterns)
    if ps is None:
        raise InvalidDataError(f"{what}: expected a PatternSet, got {type(patterns).__name__}")
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
        vec = _vector(w, f"block {key!r}", d)
        if any(vec):
            out[(int(i), int(s))] = vec
    return ps, dict(sorted(out.items(), key=lambda kv: (-kv[0][1], kv[0][0])))


def _check_feasible(ps, blocks, what):
    for (i, s), w in blocks.items():
        if not ps.contains(i, w):
            raise InvalidDataError(
                f"{what}: block {(i, s)} is not in the closed cone of pattern {i} "
                f"{_fmt_sigma(ps[i]) if ps.kind == 'trichotomies' else ''.join(map(str, ps[i]))}; "
                "pass check=False to skip the feasibility check"
            )


def psi(blocks, patterns, *, check=True):
    """The map ψ of 003 Lemma 2, eq. (9): one scaled neuron per non-zero convex block.

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
"""Alias of :func:`psi` (003 Lemma 2, eq. (9))."""


def convex_fit(blocks, patterns):
    """The convex fit ŷ^c(W) = Σ_b s_b F_{i_b} w_b (exact; F_i = D_i X or T_i X)."""
    ps, bl = _blocks(blocks, patterns, "convex_fit")
    Xe = _data(ps, None)
    out = [_ZERO] * len(Xe)
    for (i, s), w in bl.items():
        diag = ps.diag(i)
        for k, x in enumerate(Xe):
            if diag[k]:
                out[k] += s * _dot(x, w)
    return tuple(out)


def network_to_convex(net, patterns):
    """W(θ) of 003 eq. (7) (App. B.2, eq. (17)): each non-zero neuron's product added to one block.

    Neuron j (product p_j = |α_j| u_j, sign s_j) is added to the block (i, s_j)
    of the smallest pattern index i whose closed cone contains p_j (tested
    exactly with ``patterns.contains``) — the paper lets ties be resolved
    arbitrarily.  For dichotomies these are the patterns agreeing with
    1[X p_j > 0] off the zero entries of X p_j.  For a trichotomy PatternSet the
    neuron's own covector sign(X p_j) is used when present (the unique cone
    B(u, α)), else the smallest index.  Then s F_i p_j = s_j relu(X p_j): the
    convex fit equals the network's fit, and β Σ‖w_b‖ ≤ β Σ‖p_j‖ (triangle
    inequality), so L^c_β(W(θ)) ≤ L_β(θ) for scaled θ (003 Prop. 2).

    Accepts a ScaledNetwork or any ShallowReLU (its products |α_j| u_j are used;
    scaling is not needed for the fit identity).  Blocks that sum to zero are
    omitted.  Returns {(i, s): tuple of Fractions}.

    Raises
    ------
    InvalidDataError
        A neuron lies in no cone of the set (e.g. a sampled, incomplete set).
    """
    ps = _pattern_set(patterns)
    if ps is None:
        raise InvalidDataError(f"network_to_convex: expected a PatternSet, got {type(patterns).__name__}")
    sn = scale(net) if isinstance(net, ShallowReLU) else net
    if not isinstance(sn, ScaledNetwork):
        raise InvalidDataError(f"network_to_convex: expected a network, got {type(net).__name__}")
    out = {}
    for j, (i, s) in neuron_blocks(sn, ps).items():
        p = sn.products[j]
        prev = out.get((i, s), (_ZERO,) * len(p))
        out[(i, s)] = tuple(a + b for a, b in zip(prev, p))
    return {k: v for k, v in out.items() if any(v)}


def neuron_blocks(net, patterns):
    """{neuron j: block (i, s)} — the block of W(θ) each non-zero neuron is added to (eq. (7)).

    The smallest pattern index whose closed cone contains p_j (for trichotomies the
    neuron's own covector first).  Raises InvalidDataError if a neuron lies in no cone.
    """
    ps = _pattern_set(patterns)
    sn = scale(net) if isinstance(net, ShallowReLU) else net
    if ps is None or not isinstance(sn, ScaledNetwork):
        raise InvalidDataError("neuron_blocks expects a network and a PatternSet")
    Xe = _data(ps, sn.dim)
    out = {}
    for j in sn.nonzero():
        p, s = sn.products[j], sn.signs[j]
        sigma = tuple(_sign(_dot(x, p)) for x in Xe)
        i = None
        if ps.kind == "trichotomies":
            try:
                k = ps.index(sigma)
            except (InvalidDataError, KeyError, ValueError):  # absent: fall back to the scan
                k = None
            if k is not None and ps.contains(k, p):
                i = k
        if i is None:
            for k in range(len(ps)):
                pat = ps[k]
                if ps.kind != "trichotomies" and any(
                    (z > 0 and not pat[r]) or (z < 0 and pat[r]) for r, z in enumerate(sigma)
                ):
                    continue  # fast exact rejection; contains() decides the rest
                if ps.contains(k, p):
                    i = k
                    break
        if i is None:
            raise InvalidDataError(
                f"network_to_convex: neuron {j} (sign pattern {_fmt_sigma(sigma)}) lies in no cone of the "
                f"{ps.kind} pattern set; the set is incomplete (sampled?)"
            )
        out[j] = (i, s)
    return out


def theta_of_W(blocks, patterns, X=None, *, m=None, check=True):
    """θ(W) of 003 eq. (8): group the non-zero blocks by sign and trichotomy, one neuron per group.

    Blocks with the same sign s and the same trichotomy sign(X w_b) (the cone
    Q_j they lie in) are summed into one neuron with product Σ w_b and sign s.
    Within a group relu is linear, so the fit is unchanged (ŷ(θ(W)) = ŷ^c(W)
    for feasible W) and the penalty can only drop (triangle inequality):
    L_β(θ(W)) ≤ L^c_β(W) (003 Prop. 2).  The result is minimal.  Neurons are
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
    Xe = _data(ps if X is None else X, d)
    groups = {}
    for (i, s), w in bl.items():
        key = (s, tuple(_sign(_dot(x, w)) for x in Xe))
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
def nonconvex_objective(network, X, y, beta):
    """Exact L_β(θ) = ½‖Σ_j α_j relu(X u_j) − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²) (003 eq. (1)).

    Rational for a :class:`ShallowReLU` with rational weights (rows u_j, output
    weights α_j = v_j; with a bias the bias weight is part of u_j and penalised).
    A ScaledNetwork's objective is irrational in general: use
    :meth:`ScaledNetwork.objective_bounds`.
    """
    if isinstance(network, ScaledNetwork):
        raise InvalidDataError(
            "the objective of a ScaledNetwork involves square roots; "
            "use ScaledNetwork.objective_bounds(X, y, beta)"
        )
    if not isinstance(network, ShallowReLU):
        raise InvalidDataError(f"nonconvex_objective expects a ShallowReLU, got {type(network).__name__}")
    beta = _scalar(beta, "beta", nonnegative=True)
    Xe = _data(X, len(network.W[0]), bias=network.bias)
    yy = _labels(y, len(Xe))
    out = [_ZERO] * len(Xe)
    for w, v in zip(network.W, network.v):
        for k, x in enumerate(Xe):
            z = _dot(x, w)
            if z > 0:
                out[k] += v * z
    loss = sum(((a - b) ** 2 for a, b in zip(out, yy)), _ZERO) / 2
    return loss + beta / 2 * sum((_norm2(w) + v * v for w, v in zip(network.W, network.v)), _ZERO)


def convex_objective_bounds(blocks, patterns, y, beta, *, digits=30, check=False):
    """(lower, upper) bracketing L^c_β(W) = ½‖Σ_b s_b F_{i_b} w_b − y‖² + β Σ_b ‖w_b‖ (003 eq. (4)).

    The loss is exact, the penalty bracketed by :func:`sqrt_bounds`.  With
    ``check=True`` feasibility w_b ∈ cone_{i_b} is verified as well.
    """
    ps, bl = _blocks(blocks, patterns, "convex_objective_bounds")
    if check:
        _check_feasible(ps, bl, "convex_objective_bounds")
    beta = _scalar(beta, "beta", nonnegative=True)
    fit = convex_fit(bl, ps)
    yy = _labels(y, len(fit))
    loss = sum(((a - b) ** 2 for a, b in zip(fit, yy)), _ZERO) / 2
    lo, hi = _penalty_bounds_of([_norm2(w) for w in bl.values()], beta, digits)
    return loss + lo, loss + hi


def compare_penalty(a, b):
    """Exact sign of Σ_j ‖p_j(a)‖ − Σ_j ‖p_j(b)‖ for two scaled networks (−1, 0 or +1)."""
    a, b = _as_scaled(a, "compare_penalty"), _as_scaled(b, "compare_penalty")
    return sqrt_sum_sign(
        [(1, q) for q in a.penalty_squared_norms()] + [(-1, q) for q in b.penalty_squared_norms()]
    )


# --------------------------------------------------------------------------------------
# pruning (Lemma 1 / Prop. 6; Mishkin & Pilanci Algorithm 1)
# --------------------------------------------------------------------------------------
def caratheodory_prune(net, X):
    """Prune a scaled network to linearly independent neuron fits, keeping the fit exactly.

    Mishkin & Pilanci (2023) Algorithm 1, the exact form of the Carathéodory
    argument of 003 Lemma 1 / Prop. 6.  While the fits q_j = s_j relu(X p_j) of the
    non-zero neurons are linearly dependent, take an exact integer null vector β
    (Σ_j β_j q_j = 0, :func:`exactrelu.exact.linalg.nullspace`), normalise it so that
    its largest entry is 1 (all entries ≤ 1), and rescale every product by
    (1 − β_j) ≥ 0 (u_j, α_j by √(1 − β_j)); the neuron with β_j = 1 vanishes.
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
    most rank ≤ n neurons are non-zero (003 Prop. 6 states n + 1 through
    Carathéodory on the convex hull; independence gives n).  Neurons whose fit is
    zero (X p_j ≤ 0) are removed on the way.  m is kept (pruned rows become zero).
    """
    net = _as_scaled(net, "caratheodory_prune")
    Xe = _data(X, net.dim)
    products, signs = list(net.products), list(net.signs)
    while True:
        active = [j for j, p in enumerate(products) if any(p)]
        if not active:
            break
        fits = [tuple(signs[j] * v for v in _relu_fit(Xe, products[j])) for j in active]
        rows = [[q[k] for q in fits] for k in range(len(Xe))]
        kernel = nullspace(rows, ncols=len(active))
        if not kernel:
            break
        beta = [Fraction(b) for b in kernel[0]]
        S = sqrt_sum_sign([(b, _norm2(products[j])) for b, j in zip(beta, active)])
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


def minimal_width_bound(n):
    """m* ≤ n + 1 (003 Lemma 1): an optimal network needs at most n + 1 non-zero neurons."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidDataError(f"n must be a non-negative int, got {n!r}")
    return n + 1
