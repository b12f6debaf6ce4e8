"""Tests of training.discontinuity (Matena & Raffel 2022, section 4.1.1), each with a negative control."""

import json
from fractions import Fraction

import pytest

from exactrelu.exact.errors import InvalidDataError
from exactrelu.geometry.perturbation import perturbed
from exactrelu.training.discontinuity import (
    demonstrate_discontinuity,
    discontinuity_examples,
    get_discontinuity_example,
    open_region_attains,
)
from exactrelu.training.region import solve_region, verify_region_solution

F = Fraction

# exact values: our reconstruction of Matena & Raffel 2022, Appendix D (D1-D3; docs/reconstructions.md)
# and our constructed examples
EXPECTED = {
    "collinear_active": (F(8, 3), F(0), "a"),
    "hexagon_breakdown": (F(2, 3), F(0), "b"),
    "D1": (F(4, 5), F(0), "b"),
    "D2": (F(2, 3), F(0), "b"),
    "D3": (F(1, 2), F(0), "b"),
}


@pytest.fixture(scope="module")
def results():
    return {name: ex.demonstrate() for name, ex in discontinuity_examples().items()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_examples_exact_values_and_mechanism(results, name):
    before, after, mech = EXPECTED[name]
    r = results[name]
    assert r.before.value == before
    assert all(g.value == after for _, g in r.after)  # the jump does not shrink as ε → 0
    assert r.mechanism == mech == (get_discontinuity_example(name).expected or mech)
    assert r.jump == before - after
    json.dumps(r.to_dict())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_value_is_certified(results, name):
    ex, r = get_discontinuity_example(name), results[name]
    assert verify_region_solution(ex.X, ex.y, r.before.solution, bias=ex.bias)
    for e, g in r.after:
        assert verify_region_solution(perturbed(ex.X, ex.Delta, e), ex.y, g.solution, bias=ex.bias)


def test_mechanism_a_region_value_jumps(results):
    r = results["collinear_active"]
    ((key, value),) = r.region_values_before.items()
    assert key == ((1, 1, 1, 0),) and value == F(8, 3) and not r.new_vertices
    # the zonotope itself changes (two vertices are created), but not at the optimum
    assert r.type_report.gained == ((0, 1, 0, 1), (1, 0, 1, 0))


def test_mechanism_b_new_vertex_is_the_only_open_optimum(results):
    r = results["hexagon_breakdown"]
    assert r.open_optimal == r.new_vertices == (((0, 1, 0, 0),),)
    assert len(r.optimal_after) == 4  # three old regions touch the minimiser on their boundary
    assert (0, 1, 0, 0) in r.type_report.gained


def test_open_region_attains_negative_control():
    # D1 after perturbation: the old region (1, 1) attains L* = 0 only on its boundary
    ex = get_discontinuity_example("D1")
    Xp = perturbed(ex.X, ex.Delta, F(1, 100))
    for pats, expected in ((((1, 0),), True), (((1, 1),), False)):
        sol = solve_region(Xp, ex.y, pats, (1,), bias=False)
        assert sol.value == 0
        ok, cert = open_region_attains(Xp, ex.y, pats, (1,), sol.fitted, bias=False)
        assert ok is expected
        assert (cert.witness if ok else cert.certificate) is not None


def test_general_position_data_do_not_jump():
    # negative control of the phenomenon: the same labels on data in general position
    X = [[-1, 0], [0, 1], [1, 0], [3, -1]]
    r = demonstrate_discontinuity(
        X, [3, 1, 3, 0], [[0, 0], [0, -1], [0, 0], [0, 0]], [F(1, 100), F(1, 1000), F(1, 10000)]
    )
    gaps = [abs(g.value - r.before.value) for _, g in r.after]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] * 50 < gaps[0]
    assert r.type_report.same_type


def test_bad_input():
    with pytest.raises(InvalidDataError):
        demonstrate_discontinuity([[0], [1]], [0, 1], [[0], [1]], [])
    with pytest.raises(InvalidDataError):
        demonstrate_discontinuity([[0], [1]], [0, 1], [[0], [1]], [0])
    with pytest.raises(InvalidDataError):
        get_discontinuity_example("nope")
