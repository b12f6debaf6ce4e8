"""Set cover → single ReLU reductions, checked instance-wise (Matena & Raffel 2022, section 4.1, Theorem 4.2).

The reductions are our reconstructions (R1, its breaking perturbation E.2, the
general-position variant R1-GP; docs/reconstructions.md, 'Matena & Raffel 2022,
Appendix E: set cover reductions R1, E.2 and R1-GP'), not the dataset of Goel,
Klivans, Manurangsi & Reichman 2021, which could not be retrieved.  Each check
builds the reduction of a set cover instance and decides both sides exactly: the minimum cover (MILP proposal,
certified by exhaustion) and the global minimum of the single bias-free ReLU loss
(exact ERM with its certificate, :func:`exactrelu.training.erm.verify_erm`).

* ``r1``: YES ⇔ min L ≤ θ = k + 1/2, with the gap (YES ⇒ ≤ k, NO ⇒ ≥ k + 3/4).
* ``r1gp``: the same for R1-GP (gap k + 3/8 / k + 5/8), its data in linear
  general position (certified), and the E.2 perturbation no longer flips it —
  the instance-wise content of Theorem 4.2.
* ``e2``: the E.2 perturbation of size δ gives R1's data a loss ≤ 1 whatever the
  instance, so on a NO instance the reduction answers YES: the jump of the
  optimal loss of section 4.1.1 breaks the reduction.

Negative controls (a hypothesis dropped — the reduction's own threshold): with a
deliberately wrong threshold θ each check finds the instance where the answer
is wrong and returns it.
"""

import dataclasses
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.network import ShallowReLU
from exactrelu.training.erm import verify_erm
from exactrelu.training.reduction_checks import perturbed_check, verify_reduction, verify_reduction_check
from exactrelu.training.reductions import (
    PROVENANCE,
    breaking_perturbation,
    set_cover_to_relu,
    set_cover_to_relu_general_position,
)
from exactrelu.training.set_cover import SetCover

from ._common import instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

TRIANGLE = [[1, 2], [2, 3], [1, 3]]
SOURCE = (
    "Matena & Raffel 2022, section 4.1 / Theorem 4.2; our reconstruction of its Appendix E "
    "(docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: set cover reductions R1, E.2 and R1-GP')"
)


def _instance(X, family, n, k):
    if family is None:
        return None
    return SetCover(n if n is not None else max(u for S in family for u in S), family, k)


def _with_threshold(red, threshold):
    return (
        red
        if threshold is None
        else dataclasses.replace(red, threshold=to_fraction(threshold, where="threshold"))
    )


def _not_applicable(statement):
    return NotApplicable(
        statement,
        "this check takes a set cover instance (options family, k, n), not a dataset",
        {"provenance": PROVENANCE},
    )


def _wrong_answer(statement, red, res, extra=""):
    inst = instance_dict(
        red.X,
        family=[sorted(S) for S in red.instance.family],
        n=red.instance.n,
        k=red.instance.k,
        threshold=red.threshold,
    )
    why = (
        f"with θ = {red.threshold} the reduction answers {'YES' if res.answer_yes else 'NO'} "
        f"(exact min loss {res.min_loss}) but the set cover instance is {'YES' if res.yes else 'NO'}"
        f" (minimum cover {res.min_cover.size}, k = {red.instance.k}){extra}"
    )
    return Counterexample(statement, inst, why, {"hypotheses_hold": False, "check": res.to_dict()})


# ----------------------------------------------------------------------------- r1

R1_STATEMENT = (
    "Reduction R1 maps a set cover instance (k) to data for one bias-free ReLU with YES ⇔ "
    "min L ≤ k + 1/2; YES ⇒ min L ≤ k, NO ⇒ min L ≥ k + 3/4."
)


@register(
    "r1",
    R1_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": TRIANGLE, "k": 2, "threshold": Fraction(3, 2)},
    hypotheses=("the reduction's threshold θ = k + 1/2",),
)
def check_r1(X, *, family=None, n=None, k=1, threshold=None, limit=None):
    """R1 on one instance: exact minimum cover against the exact global minimum of the loss."""
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(R1_STATEMENT)
    red = _with_threshold(set_cover_to_relu(inst), threshold)
    res = verify_reduction(red, limit=limit)
    check(
        verify_reduction_check(red, res), "reduction check certificates (minimum cover, exact ERM, witness)"
    )
    if not res.agrees:
        return _wrong_answer(R1_STATEMENT, red, res)
    check(res.gap_holds, "R1's gap")
    return Verified(R1_STATEMENT, res.to_dict())


# ----------------------------------------------------------------------------- r1gp

R1GP_STATEMENT = (
    "Reduction R1-GP gives data in general position with YES ⇔ min L ≤ k + 1/2 (YES ⇒ ≤ k + 3/8, "
    "NO ⇒ ≥ k + 5/8), and the E.2 perturbation does not change its answer."
)


@register(
    "r1gp",
    R1GP_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": TRIANGLE, "k": 1, "threshold": Fraction(5, 2)},
    hypotheses=("the reduction's threshold θ = k + 1/2",),
)
def check_r1gp(X, *, family=None, n=None, k=1, threshold=None, seed=0, delta=Fraction(1, 1000), limit=None):
    """R1-GP on one instance: answer, gap, general position, robustness to E.2."""
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(R1GP_STATEMENT)
    red = _with_threshold(set_cover_to_relu_general_position(inst, seed=seed, limit=limit), threshold)
    res = verify_reduction(red, limit=limit)
    check(
        verify_reduction_check(red, res), "reduction check certificates (minimum cover, exact ERM, witness)"
    )
    check(bool(res.general_position), "R1-GP data in linear general position")
    if not res.agrees:
        return _wrong_answer(R1GP_STATEMENT, red, res, "; the data are in general position")
    check(res.gap_holds, "R1-GP's gap")
    bp = breaking_perturbation(red, delta=to_fraction(delta, where="delta"))
    pc = perturbed_check(red, bp, limit=limit)
    check(verify_erm(bp.X, bp.y, pc.erm, v=(1,)), "exact ERM certificate on the E.2-perturbed data")
    if pc.flips:
        return Counterexample(
            R1GP_STATEMENT,
            instance_dict(bp.X, family=[sorted(S) for S in inst.family], k=inst.k),
            f"the E.2 perturbation (δ = {pc.delta}) flips R1-GP's answer: min loss {pc.min_loss}",
            {"perturbed": pc.to_dict()},
        )
    return Verified(R1GP_STATEMENT, {**res.to_dict(), "e2_perturbed": pc.to_dict()})


# ----------------------------------------------------------------------------- e2

E2_STATEMENT = (
    "The E.2 perturbation of size δ gives R1's data a global minimum ≤ 1 whatever the instance, so "
    "R1 answers YES (1 ≤ k + 1/2) even on NO instances: the reduction breaks under tiny perturbations."
)


@register(
    "e2",
    E2_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": TRIANGLE, "k": 1, "threshold": Fraction(1, 2)},
    hypotheses=("the reduction's threshold θ = k + 1/2 ≥ 1",),
)
def check_e2(X, *, family=None, n=None, k=1, threshold=None, delta=Fraction(1, 1000), j0=0, limit=None):
    """E.2 on R1: the perturbed data's exact minimum is ≤ 1 and the answer flips on NO instances."""
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(E2_STATEMENT)
    red = _with_threshold(set_cover_to_relu(inst), threshold)
    bp = breaking_perturbation(red, delta=to_fraction(delta, where="delta"), j0=j0)
    check(
        ShallowReLU([bp.witness], [1], bias=False).loss(bp.X, bp.y) == bp.witness_loss <= 1,
        "E.2 witness has loss at most 1 on the perturbed data (exact re-evaluation)",
    )
    pc = perturbed_check(red, bp, limit=limit)
    check(verify_erm(bp.X, bp.y, pc.erm, v=(1,)), "exact ERM certificate on the E.2-perturbed data")
    details = {
        "perturbed": pc.to_dict(),
        "witness": bp.witness,
        "witness_loss": bp.witness_loss,
        "threshold": red.threshold,
    }
    if pc.yes:
        return NotApplicable(
            E2_STATEMENT, "a YES instance: the perturbation cannot make the answer wrong", details
        )
    if not pc.flips:
        return Counterexample(
            E2_STATEMENT,
            instance_dict(bp.X, family=[sorted(S) for S in inst.family], k=inst.k, threshold=red.threshold),
            f"with θ = {red.threshold} < 1 the perturbed minimum {pc.min_loss} stays above θ: "
            "the E.2 perturbation does not flip the answer",
            {**details, "hypotheses_hold": False},
        )
    return Verified(E2_STATEMENT, details)
