"""Set Cover → single bias-free ReLU reductions: the data, the threshold and the two directions of the proof.

Matena & Raffel 2022, section 4.1 ("Analysis of Reductions", Theorem 4.2): the
Set Cover reduction of Goel, Klivans, Manurangsi & Reichman 2021 to training one
bias-free ReLU produces data that are not in general position; an arbitrarily
small perturbation of those data makes the global minimum independent of the Set
Cover answer (their Appendix E.2), and a modified reduction whose data are in
general position proves that optimizing a ReLU is NP-hard even on
general-position data (Theorem 4.2, Appendix E.3).

**Provenance.** Goel et al.'s point set, labels and threshold could not be
retrieved, nor could Matena & Raffel's Appendix E.  Everything here is *our
reconstruction R1, not Goel et al.'s dataset* (docs/reconstructions.md, 'Matena
& Raffel 2022, Appendix E: set cover reductions R1, E.2 and R1-GP'), with its
own proof; the point is that each reduction is checked on instances
(:mod:`exactrelu.training.reduction_checks`), not trusted:

* :func:`set_cover_to_relu` — R1: points e_j (label 1) and M·χ_u
  (label 0) in R^m, threshold θ = k + 1/2, gap (k, k + 3/4);
* :func:`set_cover_to_relu_general_position` — R1-GP (after the paper's E.3): R1 plus the points
  −c·e_j (label 0), then a seeded generic rational perturbation of size ≤ δ,
  redrawn until the data are certified in linear general position; gap
  (k + 3/8, k + 5/8);
* :func:`cover_to_weights` / :func:`weights_to_cover` — the two directions of
  the correctness proof (a cover gives weights of small loss; weights of small
  loss give a cover);
* :func:`breaking_perturbation` — E.2: moving every element point by M·δ·e_{j0}
  lets unbounded weights reach loss 1 on R1 (the answer flips on NO instances),
  but not on R1-GP (:func:`exactrelu.training.reduction_checks.perturbed_check`).

The loss is the sum of squares L(w) = Σ_i (relu(w·x_i) − y_i)² (no bias, output
weight 1); a reduction answers YES iff min_w L(w) ≤ θ.

Examples
--------
>>> from exactrelu.training.set_cover import SetCover
>>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
>>> r.threshold, r.gap, r.params["M"]
(Fraction(3, 2), (Fraction(1, 1), Fraction(7, 4)), 32)
>>> cover_to_weights(r, [0, 1]).loss                # a cover of size 2 > k: loss 2 > θ
Fraction(2, 1)
>>> breaking_perturbation(r).witness_loss          # E.2: loss 1 < θ on a NO instance
Fraction(1, 1)

References
----------
Matena & Raffel 2022, "A Combinatorial Perspective on the Optimization of Shallow
ReLU Networks" (NeurIPS 2022), section 4.1, Theorem 4.2, Appendix E (our
reconstruction in docs/reconstructions.md).  Goel, Klivans, Manurangsi & Reichman
2021, "Tight Hardness Results for Training Depth-2 ReLU Networks" (ITCS 2021).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_integer, exact_labels, exact_matrix, exact_scalar, exact_vector
from exactrelu.exact.types import NumberLike, VectorLike
from exactrelu.geometry.position import general_position
from exactrelu.training.set_cover import SetCover, is_cover

__all__ = [
    "PROVENANCE",
    "BreakingPerturbation",
    "DecodedCover",
    "Reduction",
    "Witness",
    "breaking_perturbation",
    "cover_to_weights",
    "ensure_reduction",
    "general_position_delta",
    "set_cover_to_relu",
    "set_cover_to_relu_general_position",
    "weights_to_cover",
]

PROVENANCE = (
    "reconstruction R1 of Matena & Raffel 2022, Appendix E (docs/reconstructions.md, 'Matena & Raffel "
    "2022, Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset"
)
"""Provenance flag carried by every reduction built here (and by its ``to_dict``)."""

_ZERO = Fraction(0)
_ROLES = ("set", "element", "negative")
_FRACTION_TEXT = re.compile(r"^-?\d+(/\d+)?$")


def _loss(X, y, w):
    """L(w) = Σ_i (relu(w·x_i) − y_i)², summed here: the checks re-evaluate it with ShallowReLU."""
    total = _ZERO
    for x, t in zip(X, y):
        r = max(dot(w, x), _ZERO) - t
        total += r * r
    return total


def _ceil_sqrt(n):
    """⌈√n⌉ for an integer n ≥ 0 (an exact rational upper bound of √n)."""
    return 0 if n <= 0 else math.isqrt(n - 1) + 1


def _instance(instance):
    if not isinstance(instance, SetCover):
        raise InvalidDataError(f"expected a SetCover instance, got {type(instance).__name__}")
    return instance


def ensure_reduction(reduction: Any) -> Reduction:
    """``reduction`` itself if it is a :class:`Reduction`; :class:`InvalidDataError` otherwise.

    >>> ensure_reduction("r1")
    Traceback (most recent call last):
    ...
    exactrelu.exact.errors.InvalidDataError: expected a Reduction, got str
    """
    if not isinstance(reduction, Reduction):
        raise InvalidDataError(f"expected a Reduction, got {type(reduction).__name__}")
    return reduction


# --------------------------------------------------------------------------------------------------
# the reduction object
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reduction:
    """A Set Cover → single bias-free ReLU reduction applied to one instance.

    Built by :func:`set_cover_to_relu` (R1) and
    :func:`set_cover_to_relu_general_position` (R1-GP), which are our
    reconstruction (see :data:`PROVENANCE`), not Goel et al.'s dataset; any
    other reduction can be written down by hand and checked with
    :func:`exactrelu.training.reduction_checks.verify_reduction`.

    Parameters
    ----------
    instance : SetCover
        The source instance (universe, family, budget k).
    variant : str
        ``"r1"``, ``"r1-gp"`` or a custom name.
    X : table, N rows in Q^d
        The data points (no bias coordinate).
    y : sequence of N numbers
        The labels.
    threshold : number
        θ: the reduction answers YES iff min_w L(w) ≤ θ.
    gap : pair (lo, hi)
        The claim of the proof: YES ⇒ min L ≤ lo, NO ⇒ min L ≥ hi (lo ≤ hi).
    params : dict, optional
        The construction's constants (Δ, ε, M, c, δ, seed, ...); not compared
        for hashing.
    roles : sequence of N strings, optional
        ``"set"``, ``"element"`` or ``"negative"`` for each point (needed by
        :func:`breaking_perturbation`, which moves the element points).

    Attributes
    ----------
    N, dimension : int
        Number of points and their dimension d.

    Raises
    ------
    InvalidDataError
        Not a SetCover, a ragged or non-numeric X, a y of the wrong length,
        lo > hi, an unknown role.

    Examples
    --------
    A hand-made reduction with a wrong threshold (θ = k − 1/2):

    >>> sc = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2)
    >>> bad = Reduction(sc, "wrong-theta", set_cover_to_relu(sc).X, set_cover_to_relu(sc).y,
    ...                 threshold=Fraction(3, 2), gap=(2, Fraction(11, 4)))
    >>> bad.loss((-2, -2, 1))      # min loss 2 > θ although k = 2 sets cover: the answer is wrong
    Fraction(2, 1)
    """

    instance: SetCover
    variant: str
    X: tuple[tuple[Fraction, ...], ...]
    y: tuple[Fraction, ...]
    threshold: Fraction
    gap: tuple[Fraction, Fraction]
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    roles: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _instance(self.instance)
        if not isinstance(self.variant, str) or not self.variant:
            raise InvalidDataError(f"variant must be a non-empty string, got {self.variant!r}")
        X = exact_matrix(self.X, name="reduction data X")
        y = exact_labels(self.y, len(X))
        theta = exact_scalar(self.threshold, name="threshold")
        lo, hi = exact_vector(self.gap, 2, name="gap (lo, hi)")
        if lo > hi:
            raise InvalidDataError(f"gap lower end {lo} exceeds its upper end {hi}")
        if not isinstance(self.params, dict):
            raise InvalidDataError(f"params must be a dict, got {type(self.params).__name__}")
        roles = self.roles
        if roles is not None:
            roles = tuple(roles)
            if len(roles) != len(X) or any(r not in _ROLES for r in roles):
                raise InvalidDataError(f"roles must give one of {_ROLES} for each of the {len(X)} points")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "threshold", theta)
        object.__setattr__(self, "gap", (lo, hi))
        object.__setattr__(self, "params", dict(self.params))
        object.__setattr__(self, "roles", roles)

    @property
    def N(self) -> int:
        """Number of data points."""
        return len(self.X)

    @property
    def dimension(self) -> int:
        """Dimension d of the points (= number of weights)."""
        return len(self.X[0])

    def loss(self, w: VectorLike) -> Fraction:
        """Exact L(w) = Σ_i (relu(w·x_i) − y_i)² (sum of squares, no bias).

        >>> r = set_cover_to_relu(SetCover(2, [{1}, {2}, {1, 2}], k=1))
        >>> r.loss((1, 1, -2)), r.loss((0, 0, 0))
        (Fraction(1, 1), Fraction(3, 1))
        """
        return _loss(self.X, self.y, exact_vector(w, self.dimension, name="weights w"))

    def answer(self, loss: NumberLike) -> bool:
        """The reduction's answer for a minimum loss: YES iff ``loss`` ≤ θ."""
        return exact_scalar(loss, name="loss") <= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (Fractions as ``"p/q"``, integral values as ints).

        >>> d = set_cover_to_relu(SetCover(2, [{1}, {2}], k=2)).to_dict()
        >>> d["variant"], d["threshold"], d["gap"], d["X"][2], d["provenance"][:17]
        ('r1', '5/2', [2, '11/4'], [72, 0], 'reconstruction R1')
        >>> Reduction.from_dict(d) == set_cover_to_relu(SetCover(2, [{1}, {2}], k=2))
        True
        """
        return to_jsonable(
            {
                "provenance": PROVENANCE,
                "variant": self.variant,
                "instance": self.instance.to_dict(),
                "X": self.X,
                "y": self.y,
                "threshold": self.threshold,
                "gap": self.gap,
                "params": self.params,
                "roles": self.roles,
            }
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reduction:
        """Inverse of :meth:`to_dict` (numeric strings in ``params`` become Fractions)."""
        if not isinstance(d, dict):
            raise InvalidDataError(
                f"a reduction is a dict as written by Reduction.to_dict, got {type(d).__name__}"
            )
        missing = [k for k in ("instance", "variant", "X", "y", "threshold", "gap") if k not in d]
        if missing:
            raise InvalidDataError(f"reduction dict lacks {missing}")
        params = {
            k: Fraction(v) if isinstance(v, str) and _FRACTION_TEXT.match(v) else v
            for k, v in (d.get("params") or {}).items()
        }
        return cls(
            SetCover.from_dict(d["instance"]),
            d["variant"],
            d["X"],
            d["y"],
            d["threshold"],
            d["gap"],
            params,
            d.get("roles"),
        )

    def describe(self) -> str:
        """A short human-readable summary."""
        lo, hi = self.gap
        return (
            f"{self.variant} reduction ({PROVENANCE}) of {self.instance!r}: "
            f"{self.N} points in R^{self.dimension}, YES iff min loss ≤ {self.threshold}; "
            f"claimed gap: YES ⇒ ≤ {lo}, NO ⇒ ≥ {hi}"
        )


# --------------------------------------------------------------------------------------------------
# R1 and R1-GP
# --------------------------------------------------------------------------------------------------
def set_cover_to_relu(instance: SetCover) -> Reduction:
    """Reduction R1 (our reconstruction of Matena & Raffel 2022, Appendix E): Set Cover → one ReLU.

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.

    With Δ the maximum element degree, ε = 1/(8(k+1)), M = 8(k+1)²
    and χ_u ∈ {0,1}^m the incidence vector of element u, the data in R^m are

    * e_j with label 1 (j = 1..m; role ``"set"``),
    * M·χ_u with label 0 (u = 1..n; role ``"element"``),

    so L(w) = Σ_j (relu(w_j) − 1)² + M² Σ_u relu(w·χ_u)².  Threshold
    θ = k + 1/2.  Proof: a cover C with |C| ≤ k gives w (−Δ on C, 1
    elsewhere) with L = |C| ≤ k; conversely if min L < k + 3/4 then
    C_w = {j : w_j ≤ ε} is a cover of size ≤ k.  Gap (k, k + 3/4).

    Parameters
    ----------
    instance : SetCover

    Returns
    -------
    Reduction
        ``variant="r1"``, ``params`` with Δ (``"Delta"``), ε (``"epsilon"``), M.

    Examples
    --------
    >>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2))
    >>> [[int(t) for t in x] for x in r.X], [int(t) for t in r.y]
    ([[1, 0, 0], [0, 1, 0], [0, 0, 1], [72, 0, 72], [72, 72, 0], [0, 72, 72]], [1, 1, 1, 0, 0, 0])
    >>> r.threshold, r.gap
    (Fraction(5, 2), (Fraction(2, 1), Fraction(11, 4)))
    """
    instance = _instance(instance)
    m, n, k = instance.m, instance.n, instance.k
    M = 8 * (k + 1) ** 2
    X = [[int(i == j) for i in range(m)] for j in range(m)]
    X += [[M * c for c in instance.incidence(u)] for u in range(1, n + 1)]
    return Reduction(
        instance=instance,
        variant="r1",
        X=exact_matrix(X),
        y=exact_vector([1] * m + [0] * n),
        threshold=Fraction(2 * k + 1, 2),
        gap=(Fraction(k), k + Fraction(3, 4)),
        params={
            "Delta": instance.max_degree,
            "epsilon": Fraction(1, 8 * (k + 1)),
            "M": M,
            "provenance": PROVENANCE,
        },
        roles=("set",) * m + ("element",) * n,
    )


def general_position_delta(instance: SetCover) -> dict[str, Any]:
    """The default perturbation size δ of R1-GP (our reconstruction) and the constants behind it.

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.
    δ is the largest 1/2^t with δ ≤ c/(2m) and δ ≤ 1/(112·N·m²·R²·M), where
    N = 2m + n, θ' = k + 1, c = 1/(2Δ⌈√k⌉) and R = max(1 + √θ', √θ'/c) is
    replaced by the exact upper bound R⁺ = max(1 + ⌈√θ'⌉, ⌈√θ'⌉/c).

    Returns
    -------
    dict
        ``delta``, ``c``, ``R_upper``, ``theta_prime``, ``N``, ``bound`` (the
        right-hand sides' minimum).

    Examples
    --------
    >>> d = general_position_delta(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
    >>> d["c"], d["R_upper"], d["delta"] == Fraction(1, 2**25)
    (Fraction(1, 4), Fraction(8, 1), True)
    """
    instance = _instance(instance)
    m, n, k, D = instance.m, instance.n, instance.k, instance.max_degree
    c = Fraction(1, 2 * D * _ceil_sqrt(k))
    theta_prime = k + 1
    s = _ceil_sqrt(theta_prime)
    R = max(Fraction(1 + s), s / c)
    N = 2 * m + n
    M = 8 * (k + 1) ** 2
    bound = min(c / (2 * m), 1 / (112 * N * m * m * R * R * M))
    t = 0
    while Fraction(1, 2**t) > bound:
        t += 1
    return {
        "delta": Fraction(1, 2**t),
        "c": c,
        "R_upper": R,
        "theta_prime": theta_prime,
        "N": N,
        "bound": bound,
    }


def set_cover_to_relu_general_position(
    instance: SetCover,
    seed: int = 0,
    delta: NumberLike | None = None,
    *,
    bits: int = 8,
    max_draws: int = 100,
    limit: int | None = None,
) -> Reduction:
    """Reduction R1-GP (our reconstruction): R1 modified so that the data are in general position.

    The general-position variant R1-GP of our reconstruction (docs/reconstructions.md,
    'Matena & Raffel 2022, Appendix E: set cover reductions R1, E.2 and R1-GP'), not
    Goel et al.'s dataset.  To R1's points add −c·e_j with
    label 0 (role ``"negative"``), c = 1/(2Δ⌈√k⌉), which bound negative
    weights; then add to every coordinate of every point an independent random
    rational in [−δ, δ] (``random.Random(seed)``, multiples of δ/2^bits, δ a
    power of two), redrawn until :func:`exactrelu.geometry.position.general_position`
    (linear, no bias) certifies general position.  Threshold θ = k + 1/2.

    Gap (k + 3/8, k + 5/8) when 0 < δ ≤ the robustness bound
    (:func:`general_position_delta`, the default): unperturbed, YES ⇒ L ≤
    k + 1/4 and NO ⇒ L ≥ k + 3/4; any w of loss ≤ k + 1 has ‖w‖_∞ ≤ 2R, and
    then the perturbation moves every term by so little that the total moves
    by ≤ 1/8.

    Parameters
    ----------
    instance : SetCover
    seed : int
        Seed of the perturbation.
    delta : Fraction, optional
        Perturbation size; default the robustness bound.  ``0`` gives the unperturbed
        data (not in general position; gap (k + 1/4, k + 3/4)).  A δ above the
        bound is accepted but the gap is then only claimed, not proved
        (``params["delta_within_bound"]`` is False): check it with
        :func:`~exactrelu.training.reduction_checks.verify_reduction`.
    bits : int
        The perturbation of a coordinate is δ·r/2^bits with r an integer in
        [−2^bits, 2^bits] (keeps the bit size modest).
    max_draws : int
        Give up (:class:`~exactrelu.exact.errors.DegenerateInputError`) after this
        many draws that all fail general position.
    limit : int, optional
        Passed to the general-position test.

    Returns
    -------
    Reduction
        ``variant="r1-gp"``; ``params`` has Δ, ε, M, c, δ, the bound, R⁺,
        seed, bits and the number of draws.

    Examples
    --------
    >>> sc = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2)
    >>> r0 = set_cover_to_relu_general_position(sc, delta=0)       # unperturbed: the 17/8 witness
    >>> r0.params["c"], cover_to_weights(r0, (0, 1)).loss, r0.gap
    (Fraction(1, 8), Fraction(17, 8), (Fraction(9, 4), Fraction(11, 4)))
    >>> r = set_cover_to_relu_general_position(sc, seed=1)
    >>> r.gap, r.params["delta"], bool(general_position(r.X, bias=False))
    ((Fraction(19, 8), Fraction(21, 8)), Fraction(1, 268435456), True)
    >>> max(abs(a - b) for x, z in zip(r.X, r0.X) for a, b in zip(x, z)) <= r.params["delta"]
    True
    """
    instance = _instance(instance)
    seed = exact_integer(seed, name="seed", minimum=None)
    bits = exact_integer(bits, name="bits", minimum=1)
    max_draws = exact_integer(max_draws, name="max_draws", minimum=1)
    consts = general_position_delta(instance)
    if delta is None:
        delta = consts["delta"]
    delta = exact_scalar(delta, name="delta", nonnegative=True)
    m, k = instance.m, instance.k
    base = set_cover_to_relu(instance)
    c = consts["c"]
    X0 = [list(x) for x in base.X] + [[-c if i == j else _ZERO for i in range(m)] for j in range(m)]
    y = base.y + (_ZERO,) * m
    params = {
        "Delta": instance.max_degree,
        "epsilon": base.params["epsilon"],
        "M": base.params["M"],
        "c": c,
        "delta": delta,
        "delta_bound": consts["bound"],
        "delta_within_bound": delta <= consts["bound"],
        "R_upper": consts["R_upper"],
        "theta_prime": consts["theta_prime"],
        "seed": seed,
        "bits": bits,
        "draws": 0,
        "provenance": PROVENANCE,
    }
    if delta == 0:
        X, gap = X0, (k + Fraction(1, 4), k + Fraction(3, 4))
    else:
        rng, scale, top = random.Random(seed), delta / 2**bits, 2**bits
        for draw in range(1, max_draws + 1):
            X = [[t + scale * rng.randint(-top, top) for t in x] for x in X0]
            if general_position(X, bias=False, limit=limit):
                params["draws"] = draw
                break
        else:
            raise DegenerateInputError(
                f"{max_draws} perturbations of size {delta} (seed {seed}) all failed general position; "
                "raise max_draws or bits"
            )
        gap = (k + Fraction(3, 8), k + Fraction(5, 8))
    return Reduction(
        instance=instance,
        variant="r1-gp",
        X=exact_matrix(X),
        y=y,
        threshold=Fraction(2 * k + 1, 2),
        gap=gap,
        params=params,
        roles=tuple(base.roles or ()) + ("negative",) * m,
    )


# --------------------------------------------------------------------------------------------------
# the two directions of the proof
# --------------------------------------------------------------------------------------------------
class Witness(NamedTuple):
    """Weights ``w`` with their exact loss (see :data:`PROVENANCE`)."""

    w: tuple[Fraction, ...]
    loss: Fraction


class DecodedCover(NamedTuple):
    """C_w = {j : w_j ≤ ε} (0-based, sorted) and whether it is a cover of size ≤ k.

    See :data:`PROVENANCE`.
    """

    cover: tuple[int, ...]
    valid: bool


def _check_set_dimension(reduction):
    if reduction.dimension != reduction.instance.m:
        raise InvalidDataError(
            f"the data live in R^{reduction.dimension}, not in R^m with m = "
            f"{reduction.instance.m} sets: weights do not index sets"
        )


def cover_to_weights(reduction: Reduction, cover: Iterable[int]) -> Witness:
    """The YES witness of R1's proof: w_j = −Δ for j ∈ C, 1 otherwise, with its exact loss.

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.

    On R1 the loss is |C| (every element point has w·χ_u ≤ deg(u) − 1 − Δ < 0); on
    unperturbed R1-GP it is |C|(1 + c²Δ²) ≤ k + 1/4.  For a cover of size ≤ k
    it is ≤ the gap's lower end (on a correct reduction).

    Parameters
    ----------
    reduction : Reduction
        Data in R^m, one weight per set.
    cover : iterable of int
        0-based set indices forming a cover.

    Returns
    -------
    Witness
        ``(w, loss)``.

    Raises
    ------
    InvalidDataError
        Not a cover (or an index out of range).

    Examples
    --------
    >>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2))
    >>> wit = cover_to_weights(r, [0, 1])
    >>> [int(t) for t in wit.w], wit.loss
    ([-2, -2, 1], Fraction(2, 1))
    """
    reduction = ensure_reduction(reduction)
    _check_set_dimension(reduction)
    inst = reduction.instance
    if isinstance(cover, (str, bytes)) or not hasattr(cover, "__iter__"):
        raise InvalidDataError(f"cover must be a collection of set indices, got {cover!r}")
    cover = list(cover)
    if any(isinstance(j, bool) or not isinstance(j, int) or not 0 <= j < inst.m for j in cover):
        raise InvalidDataError(f"cover {cover} has an index outside 0..{inst.m - 1}")
    if not is_cover(inst, cover):
        raise InvalidDataError(f"sets {sorted(set(cover))} do not cover the universe 1..{inst.n}")
    D, C = Fraction(inst.max_degree), set(cover)
    w = tuple(-D if j in C else Fraction(1) for j in range(inst.m))
    return Witness(w, reduction.loss(w))


def weights_to_cover(reduction: Reduction, w: VectorLike) -> DecodedCover:
    """Decode weights into C_w = {j : w_j ≤ ε} (the NO direction of R1's proof).

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.

    By the proof, if L(w) < gap hi then C_w is a cover of size ≤ k; ``valid`` says
    whether it is (so a valid C_w is an exact YES certificate for the Set Cover
    instance, whatever w is).

    Parameters
    ----------
    reduction : Reduction
        Data in R^m; ε is ``params["epsilon"]`` (default 1/(8(k+1))).
    w : sequence of m numbers

    Returns
    -------
    DecodedCover
        ``(cover, valid)``: sorted 0-based indices, and whether they cover U
        with at most k sets.

    Examples
    --------
    >>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2))
    >>> weights_to_cover(r, (-2, -2, 1)), weights_to_cover(r, (0, 1, 1))
    (DecodedCover(cover=(0, 1), valid=True), DecodedCover(cover=(0,), valid=False))
    """
    reduction = ensure_reduction(reduction)
    _check_set_dimension(reduction)
    w = exact_vector(w, reduction.dimension, name="weights w")
    inst = reduction.instance
    eps = exact_scalar(reduction.params.get("epsilon", Fraction(1, 8 * (inst.k + 1))), name="epsilon")
    cover = tuple(j for j, t in enumerate(w) if t <= eps)
    return DecodedCover(cover, is_cover(inst, cover) and len(cover) <= inst.k)


# --------------------------------------------------------------------------------------------------
# E.2: the breaking perturbation
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BreakingPerturbation:
    """The E.2 perturbation of a reduction's data and its witness of loss ≤ 1 (on R1).

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.

    Attributes
    ----------
    X, y : tuple
        The perturbed data (every element point moved by M·δ·e_{j0}) and the labels.
    witness : tuple of Fraction
        w_{j0} = −T with T = (Δ + 1)/δ, all other w_j = 1.
    witness_loss : Fraction
        Its exact loss on the perturbed data (1 on R1, for every instance).
    delta : Fraction
    j0 : int
    """

    X: tuple[tuple[Fraction, ...], ...]
    y: tuple[Fraction, ...]
    witness: tuple[Fraction, ...]
    witness_loss: Fraction
    delta: Fraction
    j0: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions as ``"p/q"`` (integers stay ints)."""
        return to_jsonable(
            {
                "X": self.X,
                "y": self.y,
                "witness": self.witness,
                "witness_loss": self.witness_loss,
                "delta": self.delta,
                "j0": self.j0,
            }
        )


def breaking_perturbation(
    reduction: Reduction, delta: NumberLike = Fraction(1, 1000), j0: int = 0
) -> BreakingPerturbation:
    """E.2 of our reconstruction: replace every element point M·χ_u by M(χ_u + δ e_{j0}).

    Part of our reconstruction R1 (docs/reconstructions.md, 'Matena & Raffel 2022,
    Appendix E: set cover reductions R1, E.2 and R1-GP'), not Goel et al.'s dataset.

    Each point moves by M·δ, relatively O(δ).  The witness w_{j0} = −T,
    T = (Δ + 1)/δ, w_j = 1 otherwise, has w·(χ_u + δ e_{j0}) ≤ Δ − δT < 0 for
    every u, so on R1 its loss is exactly 1 < θ whatever the instance: the
    perturbed R1 data answer YES on NO instances.  On R1-GP the same shift is
    applied to its (perturbed) element points; the points −c·e_j then make
    that witness expensive (c²T²), and the answer does not flip
    (:func:`exactrelu.training.reduction_checks.perturbed_check`).

    Parameters
    ----------
    reduction : Reduction
        With ``roles`` marking the element points and ``params["M"]``.
    delta : Fraction
        δ > 0.
    j0 : int
        The coordinate to shift (0-based set index).

    Returns
    -------
    BreakingPerturbation

    Examples
    --------
    >>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
    >>> p = breaking_perturbation(r, Fraction(1, 1000), j0=2)
    >>> p.X[3], p.witness[2], p.witness_loss
    ((Fraction(32, 1), Fraction(0, 1), Fraction(4004, 125)), Fraction(-3000, 1), Fraction(1, 1))
    """
    reduction = ensure_reduction(reduction)
    _check_set_dimension(reduction)
    delta = exact_scalar(delta, name="the perturbation size delta", positive=True)
    m = reduction.instance.m
    if isinstance(j0, bool) or not isinstance(j0, int) or not 0 <= j0 < m:
        raise InvalidDataError(f"j0 must be a set index in 0..{m - 1}, got {j0!r}")
    if reduction.roles is None or "element" not in reduction.roles:
        raise InvalidDataError("the reduction does not mark its element points (roles): nothing to perturb")
    if "M" not in reduction.params:
        raise InvalidDataError("the reduction has no scale params['M']")
    shift = exact_scalar(reduction.params["M"], name="M") * delta
    X = tuple(
        tuple(t + shift if (role == "element" and i == j0) else t for i, t in enumerate(x))
        for x, role in zip(reduction.X, reduction.roles)
    )
    T = (reduction.instance.max_degree + 1) / delta
    w = tuple(-T if j == j0 else Fraction(1) for j in range(m))
    return BreakingPerturbation(X, reduction.y, w, _loss(X, reduction.y, w), delta, j0)
