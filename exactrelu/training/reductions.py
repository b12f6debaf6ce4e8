"""Set Cover → single bias-free ReLU reductions, built and *checked* exactly on instances.

Matena & Raffel (2022), section 4.1 ("Analysis of Reductions", Theorem 4.2):
the Set Cover reduction of Goel et al. (2021) to training one bias-free ReLU
produces data that are not in general position; an arbitrarily small
perturbation of those data makes the global minimum independent of the Set
Cover answer (their App. E.2), and a modified reduction whose data are in
general position proves that optimizing a ReLU is NP-hard even on
general-position data (Theorem 4.2, App. E.3).

**Provenance.** Goel et al.'s point set, labels and threshold could not be
retrieved.  Everything here is the *reconstruction R1 of the spec notes A.4,
not Goel et al.'s dataset* (notes A.4, E.1–E.3, and B), with its own proof;
the point of this module is that each reduction is checked on instances, not
trusted:

* :func:`set_cover_to_relu` — R1 (E.1): points e_j (label 1) and M·χ_u
  (label 0) in R^m, threshold θ = k + 1/2, gap (k, k + 3/4);
* :func:`set_cover_to_relu_general_position` — R1-GP (E.3): R1 plus the points
  −c·e_j (label 0), then a seeded generic rational perturbation of size ≤ δ,
  redrawn until the data are certified in linear general position; gap
  (k + 3/8, k + 5/8);
* :func:`cover_to_weights` / :func:`weights_to_cover` — the two directions of
  the correctness proof (a cover gives weights of small loss; weights of small
  loss give a cover);
* :func:`breaking_perturbation` / :func:`perturbed_check` — E.2: moving every
  element point by M·δ·e_{j0} lets unbounded weights reach loss 1 on R1 (the
  answer flips on NO instances), but not on R1-GP;
* :func:`verify_reduction` / :func:`verify_reduction_check` — the exact global
  minimum (:func:`exactrelu.training.erm.exact_erm`, certified) against the exact Set
  Cover answer (:func:`exactrelu.training.set_cover.minimum_cover`, certified), for any
  :class:`Reduction`, including hand-made ones.

The loss is the sum of squares L(w) = Σ_i (relu(w·x_i) − y_i)² (no bias, output
weight 1); a reduction answers YES iff min_w L(w) ≤ θ.

Examples
--------
>>> from exactrelu.training.set_cover import SetCover
>>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
>>> r.threshold, r.gap, r.params["M"]
(Fraction(3, 2), (Fraction(1, 1), Fraction(7, 4)), 32)
>>> chk = verify_reduction(r)
>>> chk.yes, chk.min_loss, chk.answer_yes, chk.agrees, chk.gap_holds
(False, Fraction(2, 1), False, True, True)
>>> verify_reduction_check(r, chk)
True
>>> p = breaking_perturbation(r)                  # E.2: loss 1 < θ on a NO instance
>>> p.witness_loss, perturbed_check(r, p).flips
(Fraction(1, 1), True)

References
----------
Matena & Raffel, "A Combinatorial Perspective on the Optimization of Shallow
ReLU Networks" (NeurIPS 2022), section 4.1, Theorem 4.2, App. E (reconstructed
in the spec notes A.4).  Goel, Klivans, Manurangsi, Reichman, "Tight Hardness
Results for Training Depth-2 ReLU Networks" (ITCS 2021).
"""

import math
import random
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from exactrelu.exact.errors import CertificateError, DegenerateInputError, ExactReluError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_matrix, to_fraction
from exactrelu.geometry.position import general_position
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.set_cover import SetCover, is_cover, minimum_cover, verify_minimum_cover

__all__ = [
    "PROVENANCE",
    "BreakingPerturbation",
    "DecodedCover",
    "PerturbedCheck",
    "Reduction",
    "ReductionCheck",
    "ReductionWitness",
    "Witness",
    "breaking_perturbation",
    "cover_to_weights",
    "general_position_delta",
    "perturbed_check",
    "set_cover_to_relu",
    "set_cover_to_relu_general_position",
    "verify_reduction",
    "verify_reduction_check",
    "weights_to_cover",
]

PROVENANCE = "reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset"
"""Provenance flag carried by every reduction built here (and by its ``to_dict``)."""

_ZERO = Fraction(0)
_ROLES = ("set", "element", "negative")
_FRACTION_TEXT = re.compile(r"^-?\d+(/\d+)?$")


def _dot(w, x):
    return sum((a * b for a, b in zip(w, x)), _ZERO)


def _loss(X, y, w):
    total = _ZERO
    for x, t in zip(X, y):
        p = _dot(w, x)
        r = (p if p > 0 else _ZERO) - t
        total += r * r
    return total


def _ceil_sqrt(n):
    """⌈√n⌉ for an integer n ≥ 0 (an exact rational upper bound of √n)."""
    return 0 if n <= 0 else math.isqrt(n - 1) + 1


def _instance(instance):
    if not isinstance(instance, SetCover):
        raise InvalidDataError(f"expected a SetCover instance, got {type(instance).__name__}")
    return instance


def _reduction(reduction):
    if not isinstance(reduction, Reduction):
        raise InvalidDataError(f"expected a Reduction, got {type(reduction).__name__}")
    return reduction


def _weights(reduction, w):
    if isinstance(w, (str, bytes)) or not hasattr(w, "__len__"):
        raise InvalidDataError(f"weights must be a sequence of {reduction.dimension} numbers, got {w!r}")
    if len(w) != reduction.dimension:
        raise InvalidDataError(f"weights have {len(w)} entries, the data live in R^{reduction.dimension}")
    return tuple(to_fraction(t, where=f"w[{j}]") for j, t in enumerate(w))


# --------------------------------------------------------------------------------------------------
# the reduction object
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reduction:
    """A Set Cover → single bias-free ReLU reduction applied to one instance.

    Built by :func:`set_cover_to_relu` (R1) and
    :func:`set_cover_to_relu_general_position` (R1-GP), which are the
    reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset; any
    other reduction can be written down by hand and checked with
    :func:`verify_reduction`.

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
    >>> bad.loss((-2, -2, 1)), verify_reduction(bad).agrees
    (Fraction(2, 1), False)
    """

    instance: SetCover
    variant: str
    X: tuple
    y: tuple
    threshold: Fraction
    gap: tuple
    params: dict = field(default_factory=dict, hash=False)
    roles: tuple = None

    def __post_init__(self):
        _instance(self.instance)
        if not isinstance(self.variant, str) or not self.variant:
            raise InvalidDataError(f"variant must be a non-empty string, got {self.variant!r}")
        X = exact_matrix(self.X, name="reduction data X")
        if isinstance(self.y, (str, bytes)) or not hasattr(self.y, "__len__"):
            raise InvalidDataError(f"labels y must be a sequence of numbers, got {self.y!r}")
        if len(self.y) != len(X):
            raise InvalidDataError(f"y has {len(self.y)} labels for {len(X)} points")
        y = tuple(to_fraction(t, where=f"y[{i}]") for i, t in enumerate(self.y))
        theta = to_fraction(self.threshold, where="threshold")
        if isinstance(self.gap, (str, bytes)) or not hasattr(self.gap, "__len__") or len(self.gap) != 2:
            raise InvalidDataError(f"gap must be a pair (lo, hi), got {self.gap!r}")
        lo, hi = (to_fraction(t, where="gap") for t in self.gap)
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
    def N(self):
        """Number of data points."""
        return len(self.X)

    @property
    def dimension(self):
        """Dimension d of the points (= number of weights)."""
        return len(self.X[0])

    def loss(self, w):
        """Exact L(w) = Σ_i (relu(w·x_i) − y_i)² (sum of squares, no bias).

        >>> r = set_cover_to_relu(SetCover(2, [{1}, {2}, {1, 2}], k=1))
        >>> r.loss((1, 1, -2)), r.loss((0, 0, 0))
        (Fraction(1, 1), Fraction(3, 1))
        """
        return _loss(self.X, self.y, _weights(self, w))

    def answer(self, loss):
        """The reduction's answer for a minimum loss: YES iff ``loss`` ≤ θ."""
        return to_fraction(loss, where="loss") <= self.threshold

    def to_dict(self):
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
                "roles": list(self.roles) if self.roles is not None else None,
            }
        )

    @classmethod
    def from_dict(cls, d):
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

    def describe(self):
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
def set_cover_to_relu(instance):
    """Reduction R1 (spec notes A.4, E.1): Set Cover → one bias-free ReLU.

    This is the reconstruction R1 of the spec notes A.4, not Goel et al.'s
    dataset.  With Δ the maximum element degree, ε = 1/(8(k+1)), M = 8(k+1)²
    and χ_u ∈ {0,1}^m the incidence vector of element u, the data in R^m are

    * e_j with label 1 (j = 1..m; role ``"set"``),
    * M·χ_u with label 0 (u = 1..n; role ``"element"``),

    so L(w) = Σ_j (relu(w_j) − 1)² + M² Σ_u relu(w·χ_u)².  Threshold
    θ = k + 1/2.  Proof (E.1): a cover C with |C| ≤ k gives w (−Δ on C, 1
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
        X=X,
        y=[1] * m + [0] * n,
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


def general_position_delta(instance):
    """The default perturbation size δ of R1-GP (spec notes A.4, E.3) and the constants behind it.

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.
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


def set_cover_to_relu_general_position(instance, seed=0, delta=None, *, bits=8, max_draws=100, limit=None):
    """Reduction R1-GP (spec notes A.4, E.3): R1 modified so that the data are in general position.

    This is the reconstruction R1 of the spec notes A.4 (its general-position
    variant E.3), not Goel et al.'s dataset.  To R1's points add −c·e_j with
    label 0 (role ``"negative"``), c = 1/(2Δ⌈√k⌉), which bound negative
    weights; then add to every coordinate of every point an independent random
    rational in [−δ, δ] (``random.Random(seed)``, multiples of δ/2^bits, δ a
    power of two), redrawn until :func:`exactrelu.geometry.position.general_position`
    (linear, no bias) certifies general position.  Threshold θ = k + 1/2.

    Gap (k + 3/8, k + 5/8) when 0 < δ ≤ the E.3 bound
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
        Perturbation size; default the E.3 bound.  ``0`` gives the unperturbed
        data (not in general position; gap (k + 1/4, k + 3/4)).  A δ above the
        bound is accepted but the gap is then only claimed, not proved
        (``params["delta_within_bound"]`` is False): check it with
        :func:`verify_reduction`.
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
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidDataError(f"seed must be an integer, got {seed!r}")
    if isinstance(bits, bool) or not isinstance(bits, int) or bits < 1:
        raise InvalidDataError(f"bits must be a positive integer, got {bits!r}")
    if isinstance(max_draws, bool) or not isinstance(max_draws, int) or max_draws < 1:
        raise InvalidDataError(f"max_draws must be a positive integer, got {max_draws!r}")
    consts = general_position_delta(instance)
    if delta is None:
        delta = consts["delta"]
    delta = to_fraction(delta, where="delta")
    if delta < 0:
        raise InvalidDataError(f"delta must be ≥ 0, got {delta}")
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
        X=X,
        y=y,
        threshold=Fraction(2 * k + 1, 2),
        gap=gap,
        params=params,
        roles=base.roles + ("negative",) * m,
    )


# --------------------------------------------------------------------------------------------------
# the two directions of the proof
# --------------------------------------------------------------------------------------------------
class Witness(NamedTuple):
    """Weights ``w`` with their exact loss (reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset)."""

    w: tuple
    loss: Fraction


class DecodedCover(NamedTuple):
    """C_w = {j : w_j ≤ ε} (0-based, sorted) and whether it is a cover of size ≤ k.

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.
    """

    cover: tuple
    valid: bool


def _check_set_dimension(reduction):
    if reduction.dimension != reduction.instance.m:
        raise InvalidDataError(
            f"the data live in R^{reduction.dimension}, not in R^m with m = "
            f"{reduction.instance.m} sets: weights do not index sets"
        )


def cover_to_weights(reduction, cover):
    """The YES witness of E.1: w_j = −Δ for j ∈ C, 1 otherwise, with its exact loss.

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.  On R1
    the loss is |C| (every element point has w·χ_u ≤ deg(u) − 1 − Δ < 0); on
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
    reduction = _reduction(reduction)
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


def weights_to_cover(reduction, w):
    """Decode weights into C_w = {j : w_j ≤ ε} (the NO direction of the E.1 proof).

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.  By the
    proof, if L(w) < gap hi then C_w is a cover of size ≤ k; ``valid`` says
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
    reduction = _reduction(reduction)
    _check_set_dimension(reduction)
    w = _weights(reduction, w)
    inst = reduction.instance
    eps = to_fraction(reduction.params.get("epsilon", Fraction(1, 8 * (inst.k + 1))), where="epsilon")
    cover = tuple(j for j, t in enumerate(w) if t <= eps)
    return DecodedCover(cover, is_cover(inst, cover) and len(cover) <= inst.k)


# --------------------------------------------------------------------------------------------------
# E.2: the breaking perturbation
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BreakingPerturbation:
    """The E.2 perturbation of a reduction's data and its witness of loss ≤ 1 (on R1).

    Reconstruction R1 of the spec notes A.4 (E.2), not Goel et al.'s dataset.

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

    X: tuple
    y: tuple
    witness: tuple
    witness_loss: Fraction
    delta: Fraction
    j0: int

    def to_dict(self):
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


def breaking_perturbation(reduction, delta=Fraction(1, 1000), j0=0):
    """E.2 (spec notes A.4): replace every element point M·χ_u by M(χ_u + δ e_{j0}).

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.  Each
    point moves by M·δ, relatively O(δ).  The witness w_{j0} = −T,
    T = (Δ + 1)/δ, w_j = 1 otherwise, has w·(χ_u + δ e_{j0}) ≤ Δ − δT < 0 for
    every u, so on R1 its loss is exactly 1 < θ whatever the instance: the
    perturbed R1 data answer YES on NO instances.  On R1-GP the same shift is
    applied to its (perturbed) element points; the points −c·e_j then make
    that witness expensive (c²T²), and the answer does not flip
    (:func:`perturbed_check`).

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
    reduction = _reduction(reduction)
    _check_set_dimension(reduction)
    delta = to_fraction(delta, where="delta")
    if delta <= 0:
        raise InvalidDataError(f"the perturbation size delta must be > 0, got {delta}")
    m = reduction.instance.m
    if isinstance(j0, bool) or not isinstance(j0, int) or not 0 <= j0 < m:
        raise InvalidDataError(f"j0 must be a set index in 0..{m - 1}, got {j0!r}")
    if reduction.roles is None or "element" not in reduction.roles:
        raise InvalidDataError("the reduction does not mark its element points (roles): nothing to perturb")
    if "M" not in reduction.params:
        raise InvalidDataError("the reduction has no scale params['M']")
    shift = to_fraction(reduction.params["M"], where="M") * delta
    X = tuple(
        tuple(t + shift if (role == "element" and i == j0) else t for i, t in enumerate(x))
        for x, role in zip(reduction.X, reduction.roles)
    )
    T = (reduction.instance.max_degree + 1) / delta
    w = tuple(-T if j == j0 else Fraction(1) for j in range(m))
    return BreakingPerturbation(X, reduction.y, w, _loss(X, reduction.y, w), delta, j0)


# --------------------------------------------------------------------------------------------------
# checking a reduction on an instance
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReductionWitness:
    """The witness of a :class:`ReductionCheck`.

    YES (``kind="cover"``): the minimum cover and its weights
    (:func:`cover_to_weights`).  NO (``kind="optimum"``): the optimal weights of
    the exact ERM and their decoding (:func:`weights_to_cover`), which must not
    be a valid cover.  Reconstruction R1 of the spec notes A.4, not Goel et
    al.'s dataset.
    """

    kind: str
    w: tuple
    loss: Fraction
    cover: tuple
    cover_valid: bool

    def to_dict(self):
        return to_jsonable(
            {
                "kind": self.kind,
                "w": self.w,
                "loss": self.loss,
                "cover": self.cover,
                "cover_valid": self.cover_valid,
            }
        )


def _gap_holds(reduction, yes, min_loss):
    lo, hi = reduction.gap
    return min_loss <= lo if yes else min_loss >= hi


@dataclass(frozen=True)
class ReductionCheck:
    """A reduction checked on its instance: exact Set Cover answer versus exact global minimum.

    For R1/R1-GP: the reconstruction R1 of the spec notes A.4, not Goel et al.'s
    dataset.  Re-check with :func:`verify_reduction_check`.

    Attributes
    ----------
    reduction : Reduction
    yes : bool
        Whether the instance has a cover of size ≤ k (exact, certified).
    min_cover : MinimumCover
        The certified minimum cover.
    min_loss : Fraction
        The exact global minimum of L.
    erm : ERMResult
        Its certificate (:func:`exactrelu.training.erm.verify_erm`).
    answer_yes : bool
        min_loss ≤ θ: the reduction's answer.
    agrees : bool
        ``yes == answer_yes``.
    gap_holds : bool
        YES ⇒ min_loss ≤ lo, NO ⇒ min_loss ≥ hi.
    witness : ReductionWitness or None
        None if the data are not in R^m (custom reductions).
    general_position : GeneralPositionResult or None
        For ``"r1-gp"``: linear general position of X (certified either way).
    """

    reduction: Reduction
    yes: bool
    min_cover: object
    min_loss: Fraction
    erm: object
    answer_yes: bool
    agrees: bool
    gap_holds: bool
    witness: ReductionWitness
    general_position: object = None

    @property
    def ok(self):
        """Agreement, the gap, and (for r1-gp) general position."""
        return (
            self.agrees and self.gap_holds and (self.general_position is None or bool(self.general_position))
        )

    def to_dict(self, table=False):
        """JSON-ready dict; ``table=True`` includes every region optimum of the ERM table."""
        return to_jsonable(
            {
                "provenance": PROVENANCE,
                "reduction": self.reduction.to_dict(),
                "yes": self.yes,
                "min_cover": self.min_cover.to_dict(),
                "min_loss": self.min_loss,
                "answer_yes": self.answer_yes,
                "agrees": self.agrees,
                "gap_holds": self.gap_holds,
                "witness": self.witness.to_dict() if self.witness is not None else None,
                "general_position": self.general_position.to_dict()
                if self.general_position is not None
                else None,
                "erm": self.erm.to_dict(table=table),
            }
        )

    def describe(self):
        r = self.reduction
        lines = [
            r.describe(),
            f"  set cover: minimum cover {list(self.min_cover.cover)} of size {self.min_cover.size} "
            f"→ {'YES' if self.yes else 'NO'} for k = {r.instance.k}",
            f"  exact global minimum {self.min_loss} (≈ {float(self.min_loss):.6g}) "
            f"→ {'YES' if self.answer_yes else 'NO'} (θ = {r.threshold}); "
            f"agrees: {self.agrees}, gap holds: {self.gap_holds}",
        ]
        if self.witness is not None:
            lines.append(
                f"  witness ({self.witness.kind}): w = {[str(t) for t in self.witness.w]}, "
                f"loss {self.witness.loss}, cover {list(self.witness.cover)} "
                f"valid: {self.witness.cover_valid}"
            )
        if self.general_position is not None:
            lines.append("  " + self.general_position.describe())
        return "\n".join(lines)


def _witness(reduction, yes, min_cover, erm):
    if reduction.dimension != reduction.instance.m:
        return None
    if yes:
        w, loss = cover_to_weights(reduction, min_cover.cover)
        return ReductionWitness("cover", w, loss, tuple(min_cover.cover), True)
    w = tuple(erm.network.W[0])
    dec = weights_to_cover(reduction, w)
    return ReductionWitness("optimum", w, reduction.loss(w), dec.cover, dec.valid)


def verify_reduction(reduction, *, limit=None):
    """Check a reduction on its instance, exactly: does the min-loss answer agree with Set Cover?

    For R1/R1-GP this checks the reconstruction R1 of the spec notes A.4 (not
    Goel et al.'s dataset) on one instance; any :class:`Reduction` can be
    checked the same way.  The Set Cover answer comes from
    :func:`~exactrelu.training.set_cover.minimum_cover` (certified by exhaustion), the
    global minimum from :func:`~exactrelu.training.erm.exact_erm` with ``v=(1,)``,
    ``bias=False`` (certified: complete chamber list and KKT per region).

    Parameters
    ----------
    reduction : Reduction
    limit : int, optional
        Size limit for the enumerations (subfamilies, chambers, regions).

    Returns
    -------
    ReductionCheck
        Re-check it with :func:`verify_reduction_check`.

    Examples
    --------
    >>> chk = verify_reduction(set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2)))
    >>> chk.yes, chk.min_loss, chk.agrees, chk.gap_holds, chk.witness.loss
    (True, Fraction(2, 1), True, True, Fraction(2, 1))
    """
    reduction = _reduction(reduction)
    inst = reduction.instance
    mc = minimum_cover(inst, limit=limit)
    yes = mc.size <= inst.k
    erm = exact_erm(reduction.X, reduction.y, v=(1,), bias=False, limit=limit)
    min_loss = erm.value
    answer_yes = min_loss <= reduction.threshold
    gp = general_position(reduction.X, bias=False, limit=limit) if reduction.variant == "r1-gp" else None
    return ReductionCheck(
        reduction=reduction,
        yes=yes,
        min_cover=mc,
        min_loss=min_loss,
        erm=erm,
        answer_yes=answer_yes,
        agrees=yes == answer_yes,
        gap_holds=_gap_holds(reduction, yes, min_loss),
        witness=_witness(reduction, yes, mc, erm),
        general_position=gp,
    )


def verify_reduction_check(reduction, check):
    """Independently re-check a :class:`ReductionCheck`; returns bool.

    Re-runs :func:`~exactrelu.training.erm.verify_erm` on the reduction's data (fixed
    v = (1,), no bias) and :func:`~exactrelu.training.set_cover.verify_minimum_cover`,
    then recomputes every logical statement (``yes``, ``answer_yes``,
    ``agrees``, ``gap_holds``), the witness (its exact loss, its cover) and,
    for ``"r1-gp"``, general position.  It checks that the *record* is right,
    not that the reduction is: a wrong reduction has a correct record with
    ``agrees`` False.

    Examples
    --------
    >>> import dataclasses
    >>> r = set_cover_to_relu(SetCover(2, [{1}, {2}, {1, 2}], k=1))
    >>> chk = verify_reduction(r)
    >>> verify_reduction_check(r, chk), verify_reduction_check(r, dataclasses.replace(chk, agrees=False))
    (True, False)
    """
    try:
        reduction = _reduction(reduction)
        inst = reduction.instance
        if not isinstance(check, ReductionCheck):
            return False
        mc, erm = check.min_cover, check.erm
        if not verify_minimum_cover(inst, mc) or check.yes != (mc.size <= inst.k):
            return False
        if erm.bias or erm.free_signs or tuple(erm.solution.v) != (Fraction(1),):
            return False
        if not verify_erm(reduction.X, reduction.y, erm, v=(1,)):
            return False
        if check.min_loss != erm.value or reduction.loss(erm.network.W[0]) != erm.value:
            return False
        if check.answer_yes != (check.min_loss <= reduction.threshold):
            return False
        if check.agrees != (check.yes == check.answer_yes):
            return False
        if check.gap_holds != _gap_holds(reduction, check.yes, check.min_loss):
            return False
        wit = check.witness
        if reduction.dimension != inst.m:
            if wit is not None:
                return False
        else:
            if wit is None or wit.loss != reduction.loss(wit.w):
                return False
            if check.yes:
                if (
                    wit.kind != "cover"
                    or not wit.cover_valid
                    or not is_cover(inst, list(wit.cover))
                    or len(wit.cover) > inst.k
                    or tuple(wit.w) != cover_to_weights(reduction, wit.cover).w
                ):
                    return False
            else:
                dec = weights_to_cover(reduction, wit.w)
                if (
                    wit.kind != "optimum"
                    or tuple(wit.w) != tuple(erm.network.W[0])
                    or tuple(wit.cover) != dec.cover
                    or wit.cover_valid != dec.valid
                    or dec.valid
                ):
                    return False
        gp = check.general_position
        if reduction.variant == "r1-gp":
            if gp is None or bool(gp) != bool(general_position(reduction.X, bias=False)):
                return False
        elif gp is not None:
            return False
        return True
    except (ExactReluError, CertificateError, AttributeError, TypeError, ValueError, IndexError):
        return False


@dataclass(frozen=True)
class PerturbedCheck:
    """The exact global minimum on E.2-perturbed data, and whether the reduction's answer flips.

    Reconstruction R1 of the spec notes A.4 (E.2), not Goel et al.'s dataset.

    Attributes
    ----------
    yes : bool
        The true Set Cover answer.
    min_loss : Fraction
        Exact global minimum on the perturbed data.
    erm : ERMResult
        Its certificate (``verify_erm(perturbation.X, perturbation.y, erm, v=(1,))``).
    answer_yes : bool
        min_loss ≤ θ.
    flips : bool
        ``answer_yes != yes``: the perturbed data give the wrong answer.
    witness_loss : Fraction
        Loss of the E.2 witness (an upper bound on ``min_loss``).
    delta : Fraction
    j0 : int
    """

    yes: bool
    min_loss: Fraction
    erm: object
    answer_yes: bool
    flips: bool
    witness_loss: Fraction
    delta: Fraction
    j0: int

    def describe(self):
        verdict = "FLIPS: the perturbed data give the wrong answer" if self.flips else "answer unchanged"
        return (
            f"E.2 perturbation (δ = {self.delta}, j0 = {self.j0}): exact global minimum {self.min_loss} "
            f"(≈ {float(self.min_loss):.6g}; witness loss {self.witness_loss}) → "
            f"{'YES' if self.answer_yes else 'NO'}, true answer {'YES' if self.yes else 'NO'}: {verdict}"
        )

    def to_dict(self, table=False):
        return to_jsonable(
            {
                "yes": self.yes,
                "min_loss": self.min_loss,
                "answer_yes": self.answer_yes,
                "flips": self.flips,
                "witness_loss": self.witness_loss,
                "delta": self.delta,
                "j0": self.j0,
                "erm": self.erm.to_dict(table=table),
            }
        )


def perturbed_check(reduction, perturbation, *, limit=None):
    """Exact global minimum on the E.2-perturbed data and whether the answer flips.

    Reconstruction R1 of the spec notes A.4, not Goel et al.'s dataset.  On R1
    and a NO instance the answer must flip (min ≤ 1 < θ); on R1-GP it must not.

    Parameters
    ----------
    reduction : Reduction
        Supplies θ and the instance.
    perturbation : BreakingPerturbation
        From :func:`breaking_perturbation`.
    limit : int, optional

    Returns
    -------
    PerturbedCheck

    Examples
    --------
    >>> r = set_cover_to_relu_general_position(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1), delta=0)
    >>> pc = perturbed_check(r, breaking_perturbation(r))
    >>> pc.flips, round(float(pc.min_loss), 3), pc.witness_loss > 1000
    (False, 2.111, True)
    """
    reduction = _reduction(reduction)
    if not isinstance(perturbation, BreakingPerturbation):
        raise InvalidDataError(f"expected a BreakingPerturbation, got {type(perturbation).__name__}")
    if len(perturbation.X) != reduction.N or perturbation.y != reduction.y:
        raise InvalidDataError("the perturbation does not belong to this reduction (sizes or labels differ)")
    yes = minimum_cover(reduction.instance, limit=limit).size <= reduction.instance.k
    erm = exact_erm(perturbation.X, perturbation.y, v=(1,), bias=False, limit=limit)
    answer_yes = erm.value <= reduction.threshold
    return PerturbedCheck(
        yes=yes,
        min_loss=erm.value,
        erm=erm,
        answer_yes=answer_yes,
        flips=answer_yes != yes,
        witness_loss=perturbation.witness_loss,
        delta=perturbation.delta,
        j0=perturbation.j0,
    )
