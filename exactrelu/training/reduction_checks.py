"""Set Cover → single ReLU reductions checked on instances: the Set Cover answer against the exact minimum.

Matena & Raffel 2022, section 4.1 and Theorem 4.2, about the reduction of Goel,
Klivans, Manurangsi & Reichman 2021.  A reduction (:class:`~exactrelu.training.reductions.Reduction`,
e.g. our reconstruction R1 or R1-GP; docs/reconstructions.md, 'Matena & Raffel
2022, Appendix E: set cover reductions R1, E.2 and R1-GP') is correct on an
instance when its answer "min_w L(w) ≤ θ" equals the Set Cover answer.  Both sides
are decided exactly and certified:

* the minimum cover by :func:`~exactrelu.training.set_cover.minimum_cover` (a MILP
  proposal, certified by exhaustion);
* the global minimum of L by :func:`~exactrelu.training.erm.exact_erm` with ``v=(1,)``
  and no bias (complete chamber list and a KKT certificate per region).

:func:`verify_reduction` records both with a witness (:class:`ReductionCheck`),
:func:`verify_reduction_check` re-checks such a record independently, and
:func:`perturbed_check` decides whether the E.2 perturbation
(:func:`~exactrelu.training.reductions.breaking_perturbation`) flips the answer.

Examples
--------
>>> from exactrelu.training.reductions import breaking_perturbation, set_cover_to_relu
>>> from exactrelu.training.set_cover import SetCover
>>> r = set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1))
>>> chk = verify_reduction(r)
>>> chk.yes, chk.min_loss, chk.answer_yes, chk.agrees, chk.gap_holds
(False, Fraction(2, 1), False, True, True)
>>> verify_reduction_check(r, chk)
True
>>> p = breaking_perturbation(r)                  # E.2: loss 1 < θ on a NO instance
>>> p.witness_loss, perturbed_check(r, p).flips
(Fraction(1, 1), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import CertificateError, ExactReluError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.geometry.position import GeneralPositionResult, general_position
from exactrelu.training.erm import ERMResult, exact_erm, verify_erm
from exactrelu.training.reductions import (
    PROVENANCE,
    BreakingPerturbation,
    Reduction,
    cover_to_weights,
    ensure_reduction,
    weights_to_cover,
)
from exactrelu.training.set_cover import MinimumCover, is_cover, minimum_cover, verify_minimum_cover

__all__ = [
    "PerturbedCheck",
    "ReductionCheck",
    "ReductionWitness",
    "perturbed_check",
    "verify_reduction",
    "verify_reduction_check",
]


@dataclass(frozen=True)
class ReductionWitness:
    """The witness of a :class:`ReductionCheck`.

    YES (``kind="cover"``): the minimum cover and its weights
    (:func:`~exactrelu.training.reductions.cover_to_weights`).  NO (``kind="optimum"``):
    the optimal weights of the exact ERM and their decoding
    (:func:`~exactrelu.training.reductions.weights_to_cover`), which must not be a
    valid cover.
    """

    kind: str
    w: tuple[Fraction, ...]
    loss: Fraction
    cover: tuple[int, ...]
    cover_valid: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions as ``"p/q"`` (integers stay ints)."""
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

    For R1/R1-GP: our reconstruction (see :data:`~exactrelu.training.reductions.PROVENANCE`),
    not Goel et al.'s dataset.  Re-check with :func:`verify_reduction_check`.

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
    min_cover: MinimumCover
    min_loss: Fraction
    erm: ERMResult
    answer_yes: bool
    agrees: bool
    gap_holds: bool
    witness: ReductionWitness | None
    general_position: GeneralPositionResult | None = None

    @property
    def ok(self) -> bool:
        """Agreement, the gap, and (for r1-gp) general position."""
        return (
            self.agrees and self.gap_holds and (self.general_position is None or bool(self.general_position))
        )

    def to_dict(self, table: bool = False) -> dict[str, Any]:
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

    def describe(self) -> str:
        """A short multi-line human-readable summary."""
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


def verify_reduction(reduction: Reduction, *, limit: int | None = None) -> ReductionCheck:
    """Check a reduction on its instance, exactly: does the min-loss answer agree with Set Cover?

    For R1/R1-GP this checks our reconstruction (not Goel et al.'s dataset) on one
    instance; any :class:`~exactrelu.training.reductions.Reduction` can be checked the
    same way.  The Set Cover answer comes from
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
    >>> from exactrelu.training.reductions import set_cover_to_relu
    >>> from exactrelu.training.set_cover import SetCover
    >>> chk = verify_reduction(set_cover_to_relu(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=2)))
    >>> chk.yes, chk.min_loss, chk.agrees, chk.gap_holds, chk.witness.loss
    (True, Fraction(2, 1), True, True, Fraction(2, 1))
    """
    reduction = ensure_reduction(reduction)
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


def verify_reduction_check(reduction: Reduction, check: ReductionCheck) -> bool:
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
    >>> from exactrelu.training.reductions import set_cover_to_relu
    >>> from exactrelu.training.set_cover import SetCover
    >>> r = set_cover_to_relu(SetCover(2, [{1}, {2}, {1, 2}], k=1))
    >>> chk = verify_reduction(r)
    >>> verify_reduction_check(r, chk), verify_reduction_check(r, dataclasses.replace(chk, agrees=False))
    (True, False)
    """
    try:
        reduction = ensure_reduction(reduction)
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

    For R1/R1-GP: our reconstruction (see :data:`~exactrelu.training.reductions.PROVENANCE`).

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
    erm: ERMResult
    answer_yes: bool
    flips: bool
    witness_loss: Fraction
    delta: Fraction
    j0: int

    def describe(self) -> str:
        """A one-line human-readable summary."""
        verdict = "FLIPS: the perturbed data give the wrong answer" if self.flips else "answer unchanged"
        return (
            f"E.2 perturbation (δ = {self.delta}, j0 = {self.j0}): exact global minimum {self.min_loss} "
            f"(≈ {float(self.min_loss):.6g}; witness loss {self.witness_loss}) → "
            f"{'YES' if self.answer_yes else 'NO'}, true answer {'YES' if self.yes else 'NO'}: {verdict}"
        )

    def to_dict(self, table: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``table=True`` includes every region optimum of the ERM table."""
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


def perturbed_check(
    reduction: Reduction, perturbation: BreakingPerturbation, *, limit: int | None = None
) -> PerturbedCheck:
    """Exact global minimum on the E.2-perturbed data and whether the answer flips.

    On our reconstruction R1 and a NO instance the answer must flip
    (min ≤ 1 < θ); on R1-GP it must not.

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
    >>> from exactrelu.training.reductions import breaking_perturbation, set_cover_to_relu_general_position
    >>> from exactrelu.training.set_cover import SetCover
    >>> r = set_cover_to_relu_general_position(SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1), delta=0)
    >>> pc = perturbed_check(r, breaking_perturbation(r))
    >>> pc.flips, round(float(pc.min_loss), 3), pc.witness_loss > 1000
    (False, 2.111, True)
    """
    reduction = ensure_reduction(reduction)
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
