"""Tests of exactrelu.training.region: exact per-region convex problems (Matena & Raffel 2022, eq. (3)).

The global minimum over all regions is :func:`exactrelu.training.erm.exact_erm` (``v=(1,)`` is the
fixed single unit with output weight 1).
"""

import dataclasses
import json
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from exactrelu.datasets import figure1_dataset
from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.strategies import integer_datasets
from exactrelu.training.erm import ERMResult, exact_erm
from exactrelu.training.region import (
    RegionSolution,
    RegionSolver,
    output_weights,
    solve_region,
    unit_cone_rays,
    verify_region_solution,
)

D2_X = [[-1, 0], [0, 0], [1, 0]]
A5_X = [[0], [1], [2], [3]]
A5_Y = (0, 1, 0, 1)
A5_UNITS = [(1, (2, 1)), (-1, (1, 1)), (1, (5, F(-19, 2))), (-1, (5, F(-15, 2)))]  # (v, (w, b))


# --------------------------------------------------------------------------- known exact values
# (Matena & Raffel 2022, Appendix D examples D1-D3 and the Theorem 4.3 exact fit, as reconstructed in
# docs/reconstructions.md)


def test_d1_parallel_points_no_bias():
    g = exact_erm([[1, 1], [2, 2]], (1, 0), v=(1,), bias=False)
    assert g.value == F(4, 5) and g.mean_loss == F(2, 5)
    assert g.solution.patterns == ((1, 1),)  # f(x2) = 2 f(x1): best p = 1/5


@pytest.mark.parametrize("eps", [F(1, 10), F(1, 1000)])
def test_d1_perturbed_fits_exactly(eps):
    g = exact_erm([[1, 1], [2, 2 + eps]], (1, 0), v=(1,), bias=False)
    assert g.value == 0 and g.solution.patterns == ((1, 0),)


def test_d2_collinear_free_sign():
    g = exact_erm(D2_X, (0, 1, 0), v=None)
    assert g.value == F(2, 3)
    assert g.n_regions == 12  # 6 chambers x 2 signs
    assert {v for v, _, _ in g.table()} == {(1,), (-1,)}


def test_d2_fixed_sign_and_perturbation():
    assert exact_erm(D2_X, (1, 3, 1), v=(1,)).value == F(8, 3)
    g = exact_erm([[-1, 0], [0, F(1, 100)], [1, 0]], (1, 3, 1), v=(1,))
    assert g.value == 0 and g.solution.patterns == ((1, 1, 1),)


def test_d3_duplicate_points():
    g = exact_erm([[0], [0]], (0, 1), v=(1,))
    assert g.value == F(1, 2) and g.solution.fitted == (F(1, 2), F(1, 2))


def _a5_patterns():
    return tuple(tuple(int(w * x[0] + b > 0) for x in A5_X) for _, (w, b) in A5_UNITS)


def test_a5_exact_fit_region_has_value_zero():
    pats, v = _a5_patterns(), [u[0] for u in A5_UNITS]
    s = solve_region(A5_X, A5_Y, pats, v)
    assert s.value == 0 and s.fitted == tuple(map(F, A5_Y))
    # the reconstruction's own weights lie in the region and fit exactly: zero multipliers certify them
    given = dataclasses.replace(
        s, weights=tuple((F(w), F(b)) for _, (w, b) in A5_UNITS), multipliers=((F(0),) * 4,) * 4
    )
    assert verify_region_solution(A5_X, A5_Y, given)


# --------------------------------------------------------------------------- structure of the results


def test_region_solution_fields_and_json():
    s = solve_region(D2_X, (1, 3, 1), (1, 1, 1))
    assert isinstance(s, RegionSolution)
    assert s.patterns == ((1, 1, 1),) and s.v == (1,) and s.n_points == 3
    assert s.value == F(8, 3) and s.mean_loss == F(8, 9)
    assert s.weights == ((0, 0, F(5, 3)),)
    d = json.loads(json.dumps(s.to_dict()))
    assert d["value"] == "8/3" and d["mean_loss"] == "8/9" and d["patterns"] == [[1, 1, 1]]


def test_active_constraint_has_positive_multiplier():
    # min (w + 1)^2 s.t. w >= 0: optimum w = 0 with λ = 2
    s = solve_region([[1]], (-1,), (1,), bias=False)
    assert s.weights == ((0,),) and s.multipliers == ((2,),) and s.value == 1


def test_global_minimum_table_and_json():
    g = exact_erm(A5_X, A5_Y, v=(1, -1))
    assert isinstance(g, ERMResult)
    table = {patterns: val for _, patterns, val in g.table()}
    assert len(table) == g.n_regions == 8 * 8  # different v: no symmetry
    assert min(table.values()) == g.value == g.solution.value
    first = next(k for _, k, val in g.table() if val == g.value)
    assert first == g.solution.patterns  # ties go to the first region
    assert g.optimal_regions()[0] == g.solution
    d = json.loads(json.dumps(g.to_dict()))
    assert d["value"] == str(g.value) and len(d["table"]) == 64


def test_multisets_for_equal_output_weights_match_full_product():
    X, y = [[0], [1], [3]], (1, -1, 2)
    g = exact_erm(X, y, v=(1, 1))
    singles = [c.pattern for c in HyperplaneArrangement.from_data(X).chambers()]
    assert g.n_regions == len(singles) * (len(singles) + 1) // 2
    full = min(solve_region(X, y, (a, b), (1, 1)).value for a, b in product(singles, repeat=2))
    assert g.value == full


def test_free_signs_enumerates_sign_multisets():
    g = exact_erm(A5_X, A5_Y, v=None, units=2)
    assert g.n_regions == 36 + 64 + 36  # v = (+,+), (+,-), (-,-)
    assert g.value == min(exact_erm(A5_X, A5_Y, v=v).value for v in [(1, 1), (1, -1), (-1, -1)])


def test_zero_point_without_bias_is_never_active():
    g = exact_erm([[0], [1]], (1, 1), v=(1,), bias=False)
    assert g.value == 1 and g.solution.fitted == (0, 1)


@given(
    integer_datasets(d=(1, 2), n=(1, 4), max_value=3),
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    st.lists(st.integers(-3, 3), min_size=6, max_size=6),
)
@settings(max_examples=10, deadline=None)
def test_global_minimum_below_loss_of_any_network(X, labels, w):
    y, d = labels[: len(X)], len(X[0])
    w = w[: d + 1]
    pre = [sum(a * b for a, b in zip(x + [1], w)) for x in X]
    loss = sum((max(p, 0) - t) ** 2 for p, t in zip(pre, y))
    region = solve_region(X, y, tuple(int(p > 0) for p in pre))
    assert exact_erm(X, y, v=(1,)).value <= region.value <= loss


# --------------------------------------------------------------------------- float cross-check


def _float_region(X, y, patterns, v, bias=True):
    """Independent float solve of eq. (3) by SLSQP: (optimal value, loss at the float solution)."""
    Xb = np.array([list(map(float, x)) + ([1.0] if bias else []) for x in X])
    A, v, y = np.array(patterns, float), np.array(v, float), np.array(y, float)
    m, D = A.shape[0], Xb.shape[1]
    M = np.hstack([v[j] * A[j][:, None] * Xb for j in range(m)])
    G = np.zeros((m * len(X), m * D))
    for j in range(m):
        G[j * len(X) : (j + 1) * len(X), j * D : (j + 1) * D] = (2 * A[j] - 1)[:, None] * Xb
    res = minimize(
        lambda u: np.sum((M @ u - y) ** 2),
        np.zeros(m * D),
        jac=lambda u: 2 * M.T @ (M @ u - y),
        constraints=[{"type": "ineq", "fun": lambda u: G @ u, "jac": lambda u: G}],
        method="SLSQP",
        options={"ftol": 1e-15, "maxiter": 2000},
    )
    u = res.x.reshape(m, D)
    pre = u @ Xb.T
    loss = float(np.sum((v @ np.maximum(pre, 0) - y) ** 2))  # the network's loss at the float weights
    return res.fun, loss


@given(integer_datasets(d=(1, 2), n=(2, 4), max_value=3), st.data())
@settings(max_examples=15, deadline=None)
def test_exact_region_value_agrees_with_float_solve(X, data):
    y = data.draw(st.lists(st.integers(-3, 3), min_size=len(X), max_size=len(X)))
    m = data.draw(st.integers(1, 2))
    v = data.draw(st.lists(st.sampled_from([1, -1, 2]), min_size=m, max_size=m))
    chambers = HyperplaneArrangement.from_data(X).chambers()
    patterns = tuple(data.draw(st.sampled_from(chambers)).pattern for _ in range(m))
    s = solve_region(X, y, patterns, v)
    fvalue, floss = _float_region(X, y, patterns, v)
    tol = 1e-6 * max(1.0, float(s.value))
    assert abs(float(s.value) - fvalue) <= tol
    assert float(s.value) <= floss + tol


# --------------------------------------------------------------------------- exact NNLS


# --------------------------------------------------------------------------- negative controls


def test_tampered_certificates_fail():
    X, y = [[1, 1], [2, 2]], (1, 0)
    s = solve_region(X, y, (1, 1), bias=False)
    assert verify_region_solution(X, y, s, bias=False)
    assert not verify_region_solution(X, y, dataclasses.replace(s, value=s.value + F(1, 1000)), bias=False)
    assert not verify_region_solution(X, y, s, bias=True)  # the certificate belongs to other data
    assert not verify_region_solution(X, (1, 1), s, bias=False)

    t = solve_region([[1]], (-1,), (1,), bias=False)  # λ = 2 on the active constraint w >= 0
    assert verify_region_solution([[1]], (-1,), t, bias=False)
    assert not verify_region_solution([[1]], (-1,), dataclasses.replace(t, multipliers=((-2,),)), bias=False)
    # w = -1 leaves the region; with λ = 0 every other condition holds, so only feasibility can catch it
    out = dataclasses.replace(t, weights=((-1,),), fitted=(-1,), value=F(0), multipliers=((0,),))
    assert not verify_region_solution([[1]], (-1,), out, bias=False)


def test_float_in_certificate_is_refused():
    s = solve_region([[1, 1], [2, 2]], (1, 0), (1, 1), bias=False)
    with pytest.raises(TypeError, match="float"):
        verify_region_solution([[1, 1], [2, 2]], (1, 0), dataclasses.replace(s, value=0.8), bias=False)
    with pytest.raises(TypeError, match="float"):
        verify_region_solution(
            [[1, 1], [2, 2]], (1, 0), dataclasses.replace(s, weights=((0.2, 0.0),)), bias=False
        )


@pytest.mark.parametrize(
    "y, patterns, v, match",
    [
        ((1, 2), (1, 1, 1), (1,), "labels y"),
        ((1, 2, 3), (1, 1), (1,), "length 2 but there are 3"),
        ((1, 2, 3), (1, 2, 1), (1,), "only 0/1 entries"),
        ((1, 2, 3), ((1, 1, 1), (0, 0, 0)), (1,), "output weights v"),
        ((1, 2, 3), (), (1,), "non-empty"),
    ],
)
def test_bad_input(y, patterns, v, match):
    with pytest.raises(InvalidDataError, match=match):
        solve_region(D2_X, y, patterns, v)


def test_bad_input_global_minimum():
    with pytest.raises(InvalidDataError, match="labels y"):
        exact_erm(D2_X, (1, 2), v=(1,))
    with pytest.raises(InvalidDataError, match="units"):
        exact_erm(D2_X, (1, 2, 3), v=None, units=0)
    with pytest.raises(InvalidDataError, match="disagrees"):
        exact_erm(D2_X, (1, 2, 3), v=(1, 1), units=3)
    with pytest.raises(InvalidDataError, match=r"output weights v \(one per unit, m = 2\) has 1 entries"):
        output_weights((1,), 2)


def test_oversized_global_minimum_is_refused():
    with pytest.raises(SizeLimitError, match="2,024 region problems") as err:
        exact_erm(figure1_dataset(), (0, 1, 0, 1, 0), v=(1, 1, 1), limit=1000)  # C(22 + 2, 3)
    assert err.value.predicted == 2024 and "limit=2024" in str(err.value)


def test_region_solver_shares_cones_and_agrees_with_solve_region():
    """The per-dataset solver (used by ERM and GLS) gives the public solver's certified optimum."""
    X, y, pats, v = D2_X, (1, 3, 1), ((1, 1, 1), (0, 1, 1)), (1, -1)
    xbar = tuple(tuple(F(c) for c in x) + (F(1),) for x in X)
    solver = RegionSolver(xbar, tuple(map(F, y)))
    s = solver.solve(pats, tuple(map(F, v)))
    assert s == solve_region(X, y, pats, v) and verify_region_solution(X, y, s)
    assert solver.rays((0, 1, 1)) == unit_cone_rays(xbar, (0, 1, 1))
    assert solver.rays((0, 1, 1)) is solver.rays((0, 1, 1))  # cached
    cone = solver.cone((1, 1, 1))
    assert len(cone.rays) == len(cone.images[0]) == cone.float_images.shape[1]
