"""Matena & Raffel 2022, Theorem 4.1, its premise: general position ⇒ locally constant type.

Statement checked: if the data are in general position, every perturbation
moving each point by at most δ (ℓ₂) keeps the labelled combinatorial type (the
same chambers, covectors and zonotope faces with the same labels), where δ > 0
is the certified radius of :func:`exactrelu.geometry.combinatorial_type.stability_radius`.
This is the first step of the paper's proof sketch ("for a small enough
perturbation, the datasets' zonotopes are combinatorially equivalent").

The check re-verifies the radius certificate exactly, then draws random
rational perturbations of size exactly ≤ δ and confirms, exactly, that each
keeps the chirotope and the chamber set.  When general position fails (the
hypothesis dropped), it must find — and does — a perturbation of size at most
``eta`` that changes the type, with a chamber present on one side only
(:func:`exactrelu.geometry.probes.breaking_perturbation`); the dependency that
breaks general position is the certificate (``details["certificate"]``, kind
``"affine_dependency"``).

Family: small integer data in affine general position (d = 1..2, N = 1..5).
Negative family: the same with a planted degeneracy (a repeated point, a
collinear triple, ...), i.e. the hypothesis "general position" dropped; the paper
predicts (section 4.1.1) that the type then changes under arbitrarily small
perturbations, and every such instance is a counterexample.
"""

import random
from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.intervals import norm_upper
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import (
    same_combinatorial_type,
    stability_radius,
    vectors_of,
    verify_stability_radius,
)
from exactrelu.geometry.perturbation import perturbed
from exactrelu.geometry.probes import breaking_perturbation

from ._common import exact_data, instance_dict
from .framework import Counterexample, Verified, register
from .prop6_region_count import dependency_certificate

STATEMENT = (
    "If the data are in general position, there is δ > 0 such that every dataset with "
    "‖x'_i − x_i‖₂ ≤ δ for all i has the same labelled combinatorial type (same chambers, "
    "covectors and zonotope face lattice)."
)
SOURCE = "Matena & Raffel 2022, Theorem 4.1 (proof sketch, first step) and section 4.1.1"


def _default():
    return [[0, 0], [4, 1], [1, 5], [-3, 2], [5, -2]]


def _negative():
    return [[-1, 0], [0, 0], [1, 0], [0, 2]]  # a collinear triple


def _family():
    """Integer data in affine general position, d = 1..2, N = 1..5, with 2 random perturbations each."""
    from hypothesis import strategies as st

    from exactrelu.strategies import generic_datasets

    return st.fixed_dictionaries(
        {"X": generic_datasets(d=(1, 2), n=(1, 5), max_value=4), "trials": st.just(2)}
    )


def _negative_family():
    """Integer data with a planted degeneracy (general position dropped), d = 1..2, N = 2..4."""
    from hypothesis import strategies as st

    from exactrelu.strategies import degenerate_datasets

    return st.fixed_dictionaries({"X": degenerate_datasets(d=(1, 2), n=(2, 4), max_value=3)})


def _chambers(X, bias):
    return {c.pattern for c in HyperplaneArrangement(vectors_of(X, bias=bias)).chambers()}


def _random_perturbation(rng, X, delta):
    """Exact rational directions with every ‖Δ_i‖₂ ≤ δ (scaled by a rational norm bound)."""
    out = []
    for _ in X:
        v = [Fraction(rng.randint(-9, 9)) for _ in X[0]]
        out.append([x * delta / norm_upper(v) for x in v] if any(v) else [Fraction(0)] * len(v))
    return out


@register(
    "thm41",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data in (affine) general position",),
    family=_family,
    negative_family=_negative_family,
    dropped="data in (affine) general position",
)
def check_thm41(X, *, bias=True, trials=5, seed=0, eta=Fraction(1, 10**6), limit=None):
    """Check the type-stability premise of Theorem 4.1 on ``X``.

    Parameters
    ----------
    X : table of N points
    bias : bool
    trials : int
        Random perturbations of size ≤ δ tested exactly.
    seed : int
    eta : exact number
        Size of the breaking perturbation sought when general position fails.
    limit : int, optional
    """
    pts = exact_data(X)
    inst = instance_dict(pts, bias=bias)
    sr = stability_radius(pts, bias=bias, limit=limit)
    check(verify_stability_radius(pts, sr, bias=bias), "stability radius certificate")
    if not sr.holds:
        Delta, cmp = breaking_perturbation(pts, eta, bias=bias, seed=seed, limit=limit)
        moved = max(sum(x * x for x in row) for row in Delta)
        return Counterexample(
            STATEMENT,
            inst,
            f"not in general position ({sr.general_position.describe()}); a perturbation of size "
            f"≤ {eta} changes the type: pattern {cmp.pattern} exists only "
            f"{'before' if cmp.present_in == 'x' else 'after'} the perturbation",
            {
                "hypotheses_hold": False,
                "eta": str(eta),
                "max_displacement_sq": str(moved),
                "perturbation": [[str(x) for x in row] for row in Delta],
                "comparison": cmp.to_dict(),
                "stability_radius": sr.to_dict(),
                "certificate": dependency_certificate(sr.general_position, pts),
            },
        )
    rng = random.Random(seed)
    base = _chambers(pts, bias)
    for t in range(trials):
        Delta = _random_perturbation(rng, pts, sr.radius)
        Y = perturbed(pts, Delta, 1)
        cmp = same_combinatorial_type(pts, Y, bias=bias, limit=limit)
        if not cmp.same or _chambers(Y, bias) != base:
            return Counterexample(
                STATEMENT,
                inst,
                f"perturbation {t} of size ≤ δ = {sr.radius} changed the type ({cmp.reason})",
                {
                    "hypotheses_hold": True,
                    "perturbation": [[str(x) for x in r] for r in Delta],
                    "stability_radius": sr.to_dict(),
                },
            )
    return Verified(
        STATEMENT,
        {
            "radius": str(sr.radius),
            "radius_float": float(sr.radius),
            "subsets_certified": sr.n_subsets,
            "perturbations_checked": trials,
            "chambers": len(base),
            "certificate_verified": True,
        },
        {"stability_radius": sr.to_dict()},
    )
