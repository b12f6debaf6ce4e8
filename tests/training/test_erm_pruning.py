"""Exact ERM with certified pruning: the same optimum as the full search, and the bound certificates.

Every new condition of ``verify_erm`` / ``verify_region_bound`` has a forged certificate that
violates it alone (docs/verifiers.md lists them as E11-E14 and B1-B5).
"""

import dataclasses
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.linalg import nullspace, to_fmpq
from exactrelu.exact.parse import exact_labels, exact_points
from exactrelu.strategies import generic_datasets, label_vectors
from exactrelu.training.bounds import RegionBound, RegionBounder, verify_region_bound
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.region import RegionSolver

# 6 points on a line, labels that two units of opposite sign cannot fit: many regions pruned
X6 = [[0], [1], [2], [3], [4], [5]]
Y6 = (3, -1, 2, 0, 4, -2)


@pytest.fixture(scope="module")
def pruned():
    r = exact_erm(X6, Y6, v=(1, -1), prune=True)
    assert verify_erm(X6, Y6, r)
    return r


def _replace_bound(r, k, cert):
    return dataclasses.replace(r, pruned=r.pruned[:k] + (cert,) + r.pruned[k + 1 :])


def test_same_optimum_as_the_full_search_and_most_regions_pruned(pruned):
    full = exact_erm(X6, Y6, v=(1, -1))
    assert pruned.value == full.value and pruned.n_candidates == full.n_regions
    assert pruned.n_pruned > pruned.n_regions
    assert {b.kind for b in pruned.pruned} <= {"cells", "signed-cells", "least-squares", "dual"}
    assert (
        pruned.to_dict()["n_pruned"] == pruned.n_pruned and len(pruned.to_dict()["pruned"]) == pruned.n_pruned
    )
    assert "pruned by certified lower bounds" in pruned.describe()
    assert verify_erm(X6, Y6, full)


@settings(max_examples=12, deadline=None)
@given(generic_datasets(d=(1, 2), n=(3, 5)), st.data())
def test_pruned_search_finds_the_unpruned_optimum(X, data):
    y = data.draw(label_vectors(len(X)))
    v = data.draw(st.sampled_from([(1,), (1, -1), (-1, -1), (2, F(-1, 2)), (0, 1), None]))
    kw = {"units": 2} if v is None else {"v": v}
    full, fast = exact_erm(X, y, **kw), exact_erm(X, y, prune=True, **kw)
    assert fast.value == full.value and verify_erm(X, y, fast)
    assert fast.solution.value == fast.value and fast.network.loss(X, y) == fast.value
    assert fast.n_candidates == full.n_regions
    # negative control: a pruned region's bound raised past its dual value is caught
    if fast.pruned:
        b = fast.pruned[0]
        assert not verify_erm(X, y, _replace_bound(fast, 0, dataclasses.replace(b, bound=b.bound + 10**6)))


# -- verify_erm: the new conditions -------------------------------------------


def test_e11_every_region_is_solved_or_pruned(pruned):
    assert not verify_erm(X6, Y6, dataclasses.replace(pruned, pruned=pruned.pruned[1:]))


def test_e11_no_region_both_solved_and_pruned(pruned):
    twice = pruned.pruned + (pruned.pruned[0],)
    assert not verify_erm(X6, Y6, dataclasses.replace(pruned, pruned=twice))


def test_e12_a_pruned_bound_is_at_least_the_value(pruned):
    k, b = next((k, b) for k, b in enumerate(pruned.pruned) if b.bound > 0)
    low = dataclasses.replace(
        b, bound=min(b.bound, pruned.value) - 1
    )  # still a valid bound, too low to prune
    assert verify_region_bound(X6, Y6, low)
    assert not verify_erm(X6, Y6, _replace_bound(pruned, k, low))


def _dual_value(z, y):
    return 2 * sum(a * b for a, b in zip(z, y)) - sum(a * a for a in z)


def test_e13_every_pruned_bound_is_certified(pruned):
    """z moved on an active point (B2 and E12 still hold): stationarity (D) fails."""
    k, b = next(
        (k, b)
        for k, b in enumerate(pruned.pruned)
        if any(b.patterns[0]) and _dual_value(b.dual, Y6) > pruned.value + F(1, 1000)
    )
    i = b.patterns[0].index(1)
    z = list(b.dual)
    z[i] += F(1, 10**6)
    forged = dataclasses.replace(b, dual=tuple(z), bound=pruned.value)
    assert _dual_value(z, Y6) >= forged.bound >= pruned.value
    assert not verify_region_bound(X6, Y6, forged)
    assert not verify_erm(X6, Y6, _replace_bound(pruned, k, forged))


def test_e14_at_least_one_region_is_solved(pruned):
    """Everything pruned (the solution's region by its tight dual bound): no minimum to report."""
    bounder = RegionBounder(
        exact_points(X6), exact_labels(Y6, 6), RegionSolver(exact_points(X6), exact_labels(Y6, 6)).cone
    )
    extra = []
    for s in pruned.regions:
        cert, _ = bounder.dual(s.patterns, s.v)
        assert cert is not None and cert.bound == s.value  # the dual bound of the float support is tight
        extra.append(cert)
    everything = dataclasses.replace(pruned, regions=(), pruned=pruned.pruned + tuple(extra))
    assert not verify_erm(X6, Y6, everything)


# -- verify_region_bound: one forgery per condition -----------------------------

XS, YS = [[0], [1], [2], [3]], (2, -1, 3, 1)


@pytest.fixture(scope="module")
def certs():
    xbar, y = exact_points(XS), exact_labels(YS, 4)
    b = RegionBounder(xbar, y, RegionSolver(xbar, y).cone)
    pats, v = ((1, 1, 1, 1), (0, 1, 1, 1)), (F(1), F(-1))
    dual, _ = b.dual(pats, v)
    assert dual is not None and any(any(m) for m in dual.multipliers)
    return {
        "cells": b.cells(pats, v),
        "least-squares": b.least_squares(pats, v),
        "signed": b.signed_cells(((1, 1, 1, 1),), (F(1),)),
        "dual": dual,
    }


def test_all_constructions_verify(certs):
    for c in certs.values():
        assert verify_region_bound(XS, YS, c)
    assert certs["dual"].bound >= certs["least-squares"].bound >= 0


def test_b1_shapes(certs):
    c = certs["cells"]
    assert not verify_region_bound(XS, YS, dataclasses.replace(c, dual=c.dual[:-1]))
    assert not verify_region_bound(XS, YS, dataclasses.replace(c, v=c.v[:1]))
    assert not verify_region_bound(XS, YS, dataclasses.replace(c, patterns=((1, 1, 1, 2), c.patterns[1])))
    d = certs["dual"]
    assert not verify_region_bound(XS, YS, dataclasses.replace(d, multipliers=d.multipliers[:1]))
    assert not verify_region_bound(
        XS, YS, dataclasses.replace(d, multipliers=(d.multipliers[0][:-1], d.multipliers[1]))
    )
    assert not verify_region_bound(XS, (1, 2), c)


def test_b2_bound_at_most_the_dual_value(certs):
    c = certs["least-squares"]
    z = c.dual
    value = 2 * sum(a * b for a, b in zip(z, YS)) - sum(a * a for a in z)
    assert verify_region_bound(XS, YS, dataclasses.replace(c, bound=value))
    assert not verify_region_bound(XS, YS, dataclasses.replace(c, bound=value + F(1, 10**9)))


def test_b3_stationarity_with_zero_multipliers(certs):
    """z moved off the orthogonal complement, bound lowered so that B2 still holds."""
    c = certs["least-squares"]
    z = list(c.dual)
    z[0] += F(1, 1000)
    forged = dataclasses.replace(c, dual=tuple(z), bound=F(0))
    assert not verify_region_bound(XS, YS, forged)
    # the same z with the unit that sees point 0 switched off (v = 0) is fine
    assert verify_region_bound(
        XS, YS, dataclasses.replace(forged, patterns=((0, 1, 1, 1),) * 2, v=(F(0), F(0)))
    )


def test_b4_multipliers_nonnegative(certs):
    """μ_j + s_j ∘ c with X̄ᵀ c = 0 keeps stationarity; scaled to go negative, only μ ≥ 0 fails."""
    d = certs["dual"]
    xbar = exact_points(XS)
    c = nullspace([[row[k] for row in xbar] for k in range(len(xbar[0]))])[0]  # X̄ᵀ c = 0
    s = [2 * a - 1 for a in d.patterns[0]]
    scale = 1 + sum(abs(t) for t in d.multipliers[0]) + 1
    mu0 = tuple(m + scale * si * ci for m, si, ci in zip(d.multipliers[0], s, c))
    mu0b = tuple(m - scale * si * ci for m, si, ci in zip(d.multipliers[0], s, c))
    bad = mu0 if min(mu0) < 0 else mu0b
    assert min(bad) < 0
    assert not verify_region_bound(XS, YS, dataclasses.replace(d, multipliers=(bad, d.multipliers[1])))


def test_b5_stationarity_with_multipliers(certs):
    d = certs["dual"]
    mu = list(d.multipliers[1])
    mu[0] += 1  # still ≥ 0, but Σ_i (v_j A_ji z_i + μ_ji s_ji) x̄_i ≠ 0
    assert not verify_region_bound(XS, YS, dataclasses.replace(d, multipliers=(d.multipliers[0], tuple(mu))))


def test_floats_are_refused(certs):
    c = certs["cells"]
    with pytest.raises(TypeError):
        verify_region_bound(XS, YS, dataclasses.replace(c, dual=tuple(float(t) for t in c.dual)))
    with pytest.raises(TypeError):
        verify_region_bound(XS, YS, dataclasses.replace(c, bound=0.5))


def test_bound_object_is_json_ready(certs):
    d = certs["dual"].to_dict()
    assert (
        d["kind"] == "dual"
        and len(d["multipliers"]) == 2
        and all(isinstance(t, (int, str)) for t in d["dual"])
    )
    assert isinstance(RegionBound, type)


# -- floats only guide -----------------------------------------------------------


@pytest.mark.parametrize("guide", ["zero", "all"])
def test_a_useless_float_guide_changes_nothing_but_speed(monkeypatch, guide):
    """The float NNLS proposes no support, or every column: the exact fallbacks decide."""
    import numpy as np

    import exactrelu.training.bounds as bounds

    fake = (lambda A, b: np.zeros(A.shape[1])) if guide == "zero" else (lambda A, b: np.ones(A.shape[1]))
    monkeypatch.setattr(bounds, "_nnls", fake)
    r = exact_erm(X6, Y6, v=(1, -1), prune=True)
    assert r.value == exact_erm(X6, Y6, v=(1, -1)).value and verify_erm(X6, Y6, r)


def test_least_squares_with_dependent_columns():
    xbar, y = exact_points(XS), exact_labels(YS, 4)
    b = RegionBounder(xbar, y)
    one = b.least_squares(((1, 0, 0, 0),), (F(1),))  # one active point: the columns of X̄ are dependent there
    assert one.bound == 1 + 9 + 1 and verify_region_bound(XS, YS, one)
    assert b.cells_value(b.key(((1, 0, 0, 0),), (F(1),))) == to_fmpq(one.bound)


def test_refined_signed_cells(monkeypatch):
    """The cddlib-backed dual bound of a signed cell (off by default) also yields valid certificates."""
    monkeypatch.setattr(RegionBounder, "refine_signed", True)
    xbar, y = exact_points(XS), exact_labels(YS, 4)
    b = RegionBounder(xbar, y, RegionSolver(xbar, y).cone)
    plain = RegionBounder(xbar, y).signed_cells(((1, 1, 1, 1),), (F(-1),))
    refined = b.signed_cells(((1, 1, 1, 1),), (F(-1),))
    assert refined.bound >= plain.bound > 0 and refined.multipliers
    assert verify_region_bound(XS, YS, refined) and verify_region_bound(XS, YS, plain)
    r = exact_erm(X6, Y6, v=(1, -1), prune=True)
    assert verify_erm(X6, Y6, r) and r.value == exact_erm(X6, Y6, v=(1, -1)).value
