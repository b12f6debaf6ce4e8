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

Families: small set cover instances (:func:`exactrelu.strategies.set_cover_instances`,
n ≤ 3 elements, m ≤ 3 drawn sets, m ≤ 2 where R1-GP's data are solved (its 2m + n
points make the exact ERM dearer); NO instances only for ``e2``, whose statement
is about them).  Negative families drop a hypothesis and find the counterexample the paper
predicts (section 4.1.1 and Appendix E):

* ``r1`` drops "the data are exactly R1's (unperturbed)": with the E.2 shift of size
  δ = 1/1000 (option ``delta``) every NO instance is answered YES;
* ``r1gp`` drops "the negative points −c·e_j are included" (option
  ``negative_points=False``): the remaining points are still in general position,
  yet E.2 flips the answer on NO instances — general position alone does not make
  the reduction robust, the negative points do;
* ``e2`` drops "the data are R1's" (option ``reduction="r1gp"``): on R1-GP's data
  the E.2 shift does *not* flip the answer, as Theorem 4.2's construction predicts.

For ``r1`` and ``r1gp`` the E.2 witness is the certificate (``details["certificate"]``,
kind ``"witness"``: every perturbed element point is inactive, so only one set
point costs 1).

Mutation controls (labelled as such, not dropped hypotheses; option ``threshold``):
a deliberately wrong threshold θ, with which each check must find the wrong answer.
"""

from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.geometry.position import general_position
from exactrelu.network import ShallowReLU
from exactrelu.training.erm import verify_erm
from exactrelu.training.reduction_checks import perturbed_check, verify_reduction, verify_reduction_check
from exactrelu.training.reductions import (
    PROVENANCE,
    Reduction,
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
    if threshold is None:
        return red
    return Reduction(
        red.instance,
        red.variant,
        red.X,
        red.y,
        to_fraction(threshold, where="threshold"),
        red.gap,
        red.params,
        red.roles,
    )


def _not_applicable(statement):
    return NotApplicable(
        statement,
        "this check takes a set cover instance (options family, k, n), not a dataset",
        {"provenance": PROVENANCE},
    )


def _covers(yes=None, m=(1, 3), **options):
    """Set cover instances (n ≤ 3 elements) as check instances {"X": None, "n", "family", "k", **options}."""
    from exactrelu.strategies import set_cover_instances

    return set_cover_instances(n=(1, 3), m=m, yes=yes).map(lambda c: {"X": None, **c.to_dict(), **options})


def _cover_instance(red, **options):
    return {
        "family": [sorted(S) for S in red.instance.family],
        "n": red.instance.n,
        "k": red.instance.k,
        **options,
    }


def _wrong_answer(statement, red, res, extra="", *, mutation=False, **options):
    inst = instance_dict(red.X, **_cover_instance(red, **options))
    why = (
        f"with θ = {red.threshold} the reduction answers {'YES' if res.answer_yes else 'NO'} "
        f"(exact min loss {res.min_loss}) but the set cover instance is {'YES' if res.yes else 'NO'}"
        f" (minimum cover {res.min_cover.size}, k = {red.instance.k}){extra}"
    )
    details = {"hypotheses_hold": False, "check": res.to_dict()}
    if mutation:
        why = "mutation control (a deliberately wrong threshold): " + why
        details["mutation"] = True
    return Counterexample(statement, inst, why, details)


def _e2_certificate(bp, roles):
    """The E.2 witness: every perturbed element point lies strictly on the negative side of w."""
    elements = [list(x) for x, role in zip(bp.X, roles) if role == "element"]
    return {
        "kind": "witness",
        "normals": elements,
        "signs": [-1] * len(elements),
        "witness": list(bp.witness),
    }


def _e2(red, delta, j0=0):
    bp = breaking_perturbation(red, delta=to_fraction(delta, where="delta"), j0=j0)
    check(
        ShallowReLU([bp.witness], [1], bias=False).loss(bp.X, bp.y) == bp.witness_loss,
        "E.2 witness loss (exact re-evaluation)",
    )
    return bp


# ----------------------------------------------------------------------------- r1

R1_STATEMENT = (
    "Reduction R1 maps a set cover instance (k) to data for one bias-free ReLU with YES ⇔ "
    "min L ≤ k + 1/2; YES ⇒ min L ≤ k, NO ⇒ min L ≥ k + 3/4."
)
R1_DROPPED = "the data are exactly R1's output (not perturbed)"


def _r1_family():
    """Set cover instances, n ≤ 3 elements, m ≤ 3 sets, any budget k."""
    return _covers()


def _r1_negative_family():
    """NO instances (n, m ≤ 3) with R1's data moved by the E.2 shift of size δ = 1/1000."""
    return _covers(yes=False, delta=Fraction(1, 1000))


@register(
    "r1",
    R1_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": [[1], [2]], "n": 2, "k": 1, "delta": Fraction(1, 1000)},
    hypotheses=(R1_DROPPED,),
    family=_r1_family,
    negative_family=_r1_negative_family,
    dropped=R1_DROPPED,
    mutation=lambda: {"X": None, "family": TRIANGLE, "k": 2, "threshold": Fraction(3, 2)},
)
def check_r1(X, *, family=None, n=None, k=1, threshold=None, delta=None, j0=0, limit=None):
    """R1 on one instance: exact minimum cover against the exact global minimum of the loss.

    ``delta`` drops the hypothesis that the data are R1's own: the E.2 shift of that
    size is applied first.  ``threshold`` is the mutation control (a wrong θ).
    """
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(R1_STATEMENT)
    red = _with_threshold(set_cover_to_relu(inst), threshold)
    bp = None
    if delta is not None:
        bp = _e2(red, delta, j0)
        red = Reduction(inst, "r1+e2", bp.X, bp.y, red.threshold, red.gap, red.params, red.roles)
    res = verify_reduction(red, limit=limit)
    check(
        verify_reduction_check(red, res), "reduction check certificates (minimum cover, exact ERM, witness)"
    )
    if bp is not None:
        if res.agrees:
            return NotApplicable(
                R1_STATEMENT,
                f"R1's data moved by E.2 (δ = {bp.delta}), but the answer is still right "
                f"({'a YES instance' if res.yes else 'min loss ' + str(res.min_loss)})",
                {"check": res.to_dict()},
            )
        out = _wrong_answer(
            R1_STATEMENT,
            red,
            res,
            f"; R1's data were moved by the E.2 shift of size δ = {bp.delta} (a hypothesis dropped): the "
            f"witness w_(j0) = {bp.witness[bp.j0]} turns every element point off and costs {bp.witness_loss}",
            delta=bp.delta,
            **({} if threshold is None else {"threshold": red.threshold}),
        )
        out.details["certificate"] = _e2_certificate(bp, red.roles)
        return out
    if not res.agrees:
        return _wrong_answer(R1_STATEMENT, red, res, mutation=threshold is not None, threshold=red.threshold)
    check(res.gap_holds, "R1's gap")
    return Verified(R1_STATEMENT, res.to_dict())


# ----------------------------------------------------------------------------- r1gp

R1GP_STATEMENT = (
    "Reduction R1-GP gives data in general position with YES ⇔ min L ≤ k + 1/2 (YES ⇒ ≤ k + 3/8, "
    "NO ⇒ ≥ k + 5/8), and the E.2 perturbation does not change its answer."
)
R1GP_DROPPED = "the negative points −c·e_j (label 0) are included"


def _r1gp_family():
    """Set cover instances, n ≤ 3 elements, m ≤ 2 drawn sets, any budget k."""
    return _covers(m=(1, 2))


def _r1gp_negative_family():
    """NO instances (n ≤ 3, m ≤ 2 drawn sets), R1-GP without its negative points."""
    return _covers(yes=False, m=(1, 2), negative_points=False)


@register(
    "r1gp",
    R1GP_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": [[1], [2]], "n": 2, "k": 1, "negative_points": False},
    hypotheses=(R1GP_DROPPED,),
    family=_r1gp_family,
    negative_family=_r1gp_negative_family,
    dropped=R1GP_DROPPED,
    mutation=lambda: {"X": None, "family": TRIANGLE, "k": 1, "threshold": Fraction(5, 2)},
)
def check_r1gp(
    X,
    *,
    family=None,
    n=None,
    k=1,
    threshold=None,
    seed=0,
    delta=Fraction(1, 1000),
    negative_points=True,
    limit=None,
):
    """R1-GP on one instance: answer, gap, general position, robustness to E.2.

    ``negative_points=False`` drops the points −c·e_j (the hypothesis that makes the
    reduction robust); ``threshold`` is the mutation control (a wrong θ).
    """
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(R1GP_STATEMENT)
    red = _with_threshold(set_cover_to_relu_general_position(inst, seed=seed, limit=limit), threshold)
    opts = {} if threshold is None else {"threshold": red.threshold}
    if not negative_points:
        keep = [i for i, role in enumerate(red.roles) if role != "negative"]
        red = Reduction(
            inst,
            "r1-gp-without-negative-points",
            [red.X[i] for i in keep],
            [red.y[i] for i in keep],
            red.threshold,
            red.gap,
            red.params,
            [red.roles[i] for i in keep],
        )
        opts["negative_points"] = False
    res = verify_reduction(red, limit=limit)
    check(
        verify_reduction_check(red, res), "reduction check certificates (minimum cover, exact ERM, witness)"
    )
    gp = res.general_position if negative_points else general_position(red.X, bias=False, limit=limit)
    check(bool(gp), "R1-GP data in linear general position")
    if not res.agrees:
        if negative_points:
            return _wrong_answer(
                R1GP_STATEMENT,
                red,
                res,
                "; the data are in general position",
                mutation=threshold is not None,
                **opts,
            )
        return _wrong_answer(
            R1GP_STATEMENT, red, res, "; without the negative points (data still in general position)", **opts
        )
    if negative_points:
        check(res.gap_holds, "R1-GP's gap")
    bp = _e2(red, delta)
    pc = perturbed_check(red, bp, limit=limit)
    check(verify_erm(bp.X, bp.y, pc.erm, v=(1,)), "exact ERM certificate on the E.2-perturbed data")
    if pc.flips:
        details = {"perturbed": pc.to_dict(), "hypotheses_hold": negative_points}
        why = f"the E.2 perturbation (δ = {pc.delta}) flips R1-GP's answer: min loss {pc.min_loss}"
        if not negative_points:
            why = (
                f"without the negative points −c·e_j (a hypothesis dropped) the data are still in general "
                f"position, but the E.2 perturbation (δ = {pc.delta}) flips the answer: the witness "
                f"w_(j0) = {bp.witness[bp.j0]} has loss {bp.witness_loss} ≤ θ = {red.threshold} "
                "on a NO instance"
            )
            details["certificate"] = _e2_certificate(bp, red.roles)
        return Counterexample(
            R1GP_STATEMENT, instance_dict(bp.X, **_cover_instance(red, **opts)), why, details
        )
    if not negative_points:
        return NotApplicable(
            R1GP_STATEMENT,
            "without the negative points, but the E.2 perturbation does not flip the answer "
            f"({'a YES instance' if pc.yes else 'min loss ' + str(pc.min_loss)})",
            {"perturbed": pc.to_dict()},
        )
    return Verified(R1GP_STATEMENT, {**res.to_dict(), "e2_perturbed": pc.to_dict()})


# ----------------------------------------------------------------------------- e2

E2_STATEMENT = (
    "The E.2 perturbation of size δ gives R1's data a global minimum ≤ 1 whatever the instance, so "
    "R1 answers YES (1 ≤ k + 1/2) even on NO instances: the reduction breaks under tiny perturbations."
)
E2_DROPPED = "the data are R1's (without the negative points −c·e_j of R1-GP)"


def _e2_family():
    """NO set cover instances (n, m ≤ 3), on which the statement is about a wrong answer."""
    return _covers(yes=False)


def _e2_negative_family():
    """NO instances (n ≤ 3, m ≤ 2 drawn sets), the E.2 shift applied to R1-GP's data instead of R1's."""
    return _covers(yes=False, m=(1, 2), reduction="r1gp")


@register(
    "e2",
    E2_STATEMENT,
    SOURCE,
    default=lambda: {"X": None, "family": TRIANGLE, "k": 1},
    negative=lambda: {"X": None, "family": [[1], [2]], "n": 2, "k": 1, "reduction": "r1gp"},
    hypotheses=(E2_DROPPED, "a NO instance"),
    family=_e2_family,
    negative_family=_e2_negative_family,
    dropped=E2_DROPPED,
    mutation=lambda: {"X": None, "family": TRIANGLE, "k": 1, "threshold": Fraction(1, 2)},
)
def check_e2(
    X, *, family=None, n=None, k=1, threshold=None, delta=Fraction(1, 1000), j0=0, reduction="r1", limit=None
):
    """E.2 on R1: the perturbed data's exact minimum is ≤ 1 and the answer flips on NO instances.

    ``reduction="r1gp"`` drops the hypothesis that the data are R1's; ``threshold`` is
    the mutation control (a wrong θ < 1).
    """
    if reduction not in ("r1", "r1gp"):
        raise ValueError(f"reduction must be 'r1' or 'r1gp', got {reduction!r}")
    inst = _instance(X, family, n, k)
    if inst is None:
        return _not_applicable(E2_STATEMENT)
    base = (
        set_cover_to_relu(inst)
        if reduction == "r1"
        else set_cover_to_relu_general_position(inst, limit=limit)
    )
    red = _with_threshold(base, threshold)
    bp = _e2(red, delta, j0)
    if reduction == "r1":
        check(bp.witness_loss <= 1, "E.2 witness has loss at most 1 on R1's perturbed data")
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
    if pc.flips:
        return Verified(E2_STATEMENT, details)
    opts = {"threshold": red.threshold} if threshold is not None else {}
    if reduction == "r1gp":
        opts["reduction"] = "r1gp"
    inst_out = instance_dict(bp.X, **_cover_instance(red, **opts))
    if threshold is not None and reduction == "r1":
        why = (
            f"mutation control (a deliberately wrong threshold): with θ = {red.threshold} < 1 the perturbed "
            f"minimum {pc.min_loss} stays above θ: the E.2 perturbation does not flip the answer"
        )
        return Counterexample(
            E2_STATEMENT, inst_out, why, {**details, "hypotheses_hold": False, "mutation": True}
        )
    why = (
        f"on R1-GP's data (the negative points −c·e_j added: a hypothesis dropped) the E.2 perturbation "
        f"(δ = {bp.delta}) does not flip the answer: the witness now costs {bp.witness_loss} and the exact "
        f"minimum {pc.min_loss} stays above θ = {red.threshold}, as Theorem 4.2's construction predicts"
    )
    return Counterexample(
        E2_STATEMENT, inst_out, why, {**details, "hypotheses_hold": reduction == "r1" and threshold is None}
    )
