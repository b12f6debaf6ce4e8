"""Matena & Raffel 2022, Theorem 4.1: the optimal loss is continuous at data in general position.

Statement checked on an instance (X, y, Δ): L*(X + εΔ) → L*(X) as ε → 0, where
L* is the exact global minimum of the squared loss of one ReLU unit (output
weight v, default +1) computed over all activation regions with KKT
certificates (:func:`exactrelu.training.erm.exact_erm`).  The theorem's proof (the
paper's Appendix C, which could not be retrieved) is our reconstruction:
docs/reconstructions.md, 'Matena & Raffel 2022, Theorem 4.1: continuity'.  A limit cannot be verified
with finitely many ε, so the check verifies what the proof gives on the
instance: below the certified stability radius the combinatorial type does not
change, and the exact gaps |L*(X + εΔ) − L*(X)| for ε = δ, δ/10, δ/100 … are
non-increasing and shrink at least tenfold (or vanish).

Without general position (the hypothesis dropped) the gap does not shrink:
the check reports the counterexample with the mechanism of section 4.1.1
classified exactly (:func:`exactrelu.training.discontinuity.demonstrate_discontinuity`),
and the dependency that breaks general position as its certificate
(``details["certificate"]``, kind ``"affine_dependency"``).

Family: a network of m = 1 or 2 units with output weights v ∈ {±1}^m (the
theorem holds for every width), small integer data in affine general position
(d = 1..2; N = 2..4, at most 3 points for two units in the plane), integer labels
and an integer direction Δ.  Negative family: the same with a planted degeneracy
(a repeated point or a collinear triple; the hypothesis "general position"
dropped): the hunter finds data whose optimal loss jumps, as section 4.1.1 and
Appendix D predict.
"""

from fractions import Fraction
from itertools import pairwise

from exactrelu.exact.parse import exact_labels, exact_matrix
from exactrelu.geometry.combinatorial_type import stability_radius
from exactrelu.training.discontinuity import demonstrate_discontinuity, get_discontinuity_example

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register
from .prop6_region_count import dependency_certificate

STATEMENT = (
    "If the data are in general position, the global minimum L* of the squared loss of a shallow "
    "ReLU network is continuous in the data: L*(X + εΔ) → L*(X) as ε → 0."
)
SOURCE = "Matena & Raffel 2022, Theorem 4.1 and section 4.1.1"


def _default():
    return {
        "X": [[-1, 0], [0, 1], [1, 0], [3, -1]],
        "y": [3, 1, 3, 0],
        "Delta": [[0, 0], [0, -1], [0, 0], [0, 0]],
    }


def _negative():
    ex = get_discontinuity_example("collinear_active")
    return {"X": ex.X, "y": ex.y, "Delta": ex.Delta}


def _draw_instance(draw, degenerate):
    from hypothesis import strategies as st

    from exactrelu.strategies import degenerate_datasets, generic_datasets, integer_datasets, label_vectors

    m = draw(st.integers(1, 2))
    d = draw(st.integers(1, 2))
    top = 4 if d == 1 or m == 1 else 3
    if degenerate:
        X = draw(degenerate_datasets(d=d, n=(2, top), max_value=3, kinds=("duplicate", "collinear")))
    else:
        X = draw(generic_datasets(d=d, n=(2, top), max_value=3))
    return {
        "X": X,
        "y": draw(label_vectors(len(X), max_value=3)),
        "Delta": draw(integer_datasets(d=d, n=len(X), max_value=2)),
        "v": draw(st.lists(st.sampled_from((1, -1)), min_size=m, max_size=m)),
    }


def _family():
    """m = 1..2 units (v ∈ {±1}^m), data in general position (d = 1..2, N = 2..4), labels, Δ."""
    from hypothesis import strategies as st

    return st.composite(_draw_instance)(False)


def _negative_family():
    """The same with a repeated point or a collinear triple (general position dropped)."""
    from hypothesis import strategies as st

    return st.composite(_draw_instance)(True)


@register(
    "thm41_loss",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data in (affine) general position",),
    family=_family,
    negative_family=_negative_family,
    dropped="data in (affine) general position",
)
def check_thm41_loss(X, *, y=None, Delta=None, v=(1,), bias=True, steps=3, limit=None):
    """Check continuity of the exact optimal loss along X + εΔ, ε → 0.

    Parameters
    ----------
    X : table of N points
    y : N labels
    Delta : N directions
    v : output weights of the units (None: one unit with free sign)
    bias : bool
    steps : int
        Number of ε values δ, δ/10, ... (δ: the certified stability radius, or 1/10 when it is 0).
    limit : int, optional
    """
    pts = exact_data(X)
    if y is None or Delta is None:
        return NotApplicable(
            STATEMENT,
            "this check needs labels y and a perturbation direction Delta "
            "(instance {'X': ..., 'y': ..., 'Delta': ...})",
        )
    y = list(exact_labels(y, len(pts)))
    Delta = exact_matrix(Delta, name="Delta", dim=len(pts[0]))
    sr = stability_radius(pts, bias=bias, limit=limit)
    start = sr.radius if sr.holds else Fraction(1, 10)
    eps = [start / 10**k for k in range(steps)]
    r = demonstrate_discontinuity(pts, y, Delta, eps, v=v, bias=bias, limit=limit)
    gaps = [abs(g.value - r.before.value) for _, g in r.after]
    inst = instance_dict(pts, y=y, Delta=Delta)
    numbers = {
        "L_star": r.before.value,
        "epsilons": eps,
        "L_star_perturbed": [g.value for _, g in r.after],
        "gaps": gaps,
        "stability_radius": sr.radius,
    }
    shrinking = all(a >= b for a, b in pairwise(gaps)) and (gaps[-1] == 0 or gaps[-1] * 10 <= gaps[0])
    if sr.holds:
        if shrinking:
            return Verified(
                STATEMENT,
                {**numbers, "type_constant_below": sr.radius, "certificates": "KKT, every region value"},
            )
        return Counterexample(
            STATEMENT,
            inst,
            f"general position holds but the gaps {[str(g) for g in gaps]} do not shrink",
            {**numbers, "hypotheses_hold": True},
        )
    if not shrinking:
        return Counterexample(
            STATEMENT,
            inst,
            f"not in general position; L* jumps from {r.before.value} to {r.after[-1][1].value} for every "
            f"ε down to {eps[-1]} (mechanism ({r.mechanism}) of section 4.1.1)",
            {
                **numbers,
                "hypotheses_hold": False,
                "mechanism": r.mechanism,
                "jump": r.jump,
                "certificate": dependency_certificate(sr.general_position, pts),
            },
        )
    return NotApplicable(
        STATEMENT, "not in general position, but the loss happens to be continuous here", numbers
    )
