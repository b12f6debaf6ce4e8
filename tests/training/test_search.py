"""Random vertex, GLS / first-improvement / mGLS, gradient descent; neighbours against the zonotope graph."""

from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.geometry.zonotope import Zonotope, edge_generators
from exactrelu.strategies import degenerate_datasets, generic_datasets, label_vectors
from exactrelu.training.region import solve_region
from exactrelu.training.search import (
    gradient_descent,
    greedy_local_search,
    random_pattern,
    random_vertex,
    vertex_neighbours,
)

X4, Y4 = [[0], [1], [2], [3]], (0, 1, 0, 1)


@settings(max_examples=25, deadline=None)
@given(st.one_of(generic_datasets(d=(1, 3), n=(1, 6)), degenerate_datasets(d=(1, 3), n=(2, 6))))
def test_neighbours_are_the_zonotope_edges(X):
    """Facet crossings found from cone rays = edges of the 1-skeleton, also for degenerate data."""
    G = Zonotope.from_data(X).graph()
    for p in G.nodes:
        mine = {q[0]: f for _, f, q in vertex_neighbours(X, [p])}
        theirs = {q: edge_generators(G.edges[p, q]) for q in G.neighbors(p)}
        assert mine == theirs
    # negative control: a non-vertex pattern is not among anyone's neighbours
    n = len(X)
    all_patterns = {tuple((k >> i) & 1 for i in range(n)) for k in range(2**n)}
    outside = all_patterns - set(G.nodes)
    for p in G.nodes:
        assert not {q[0] for _, _, q in vertex_neighbours(X, [p])} & outside


def test_neighbours_of_a_vertex_of_z_power():
    out = vertex_neighbours(X4, [(0, 1, 1, 1), (1, 1, 0, 0)])
    assert {(j, f) for j, f, _ in out} == {(0, (0,)), (0, (1,)), (1, (1,)), (1, (2,))}


@pytest.mark.parametrize("variant", ["gls", "first", "mgls"])
def test_gls_trace_strictly_decreases_and_ends_at_a_certified_local_minimum(variant):
    r = greedy_local_search(X4, Y4, v=(1, -1), variant=variant, seed=3)
    values = [s.value for s in r.trace]
    assert all(a > b for a, b in pairwise(values))
    assert r.local_minimum and r.value == values[-1]
    for _, _, q in vertex_neighbours(X4, r.solution.patterns):  # re-check with the public solver
        assert solve_region(X4, Y4, q, (1, -1)).value >= r.value
    assert r.network.loss(X4, Y4) == r.value
    assert r.to_dict()["steps"] == len(r.trace) - 1 and "local minimum" in r.describe()


def test_gls_is_seedable_and_honours_start_and_cap():
    a = greedy_local_search(X4, Y4, units=2, seed=7)
    b = greedy_local_search(X4, Y4, units=2, seed=7)
    assert a.trace == b.trace
    c = greedy_local_search(X4, Y4, v=(1, 1), start=[(0, 0, 0, 0), (0, 0, 0, 0)], max_steps=1)
    assert c.trace[0].patterns == ((0, 0, 0, 0), (0, 0, 0, 0)) and len(c.trace) == 2 and not c.local_minimum


def test_bad_search_input():
    with pytest.raises(InvalidDataError, match="variant"):
        greedy_local_search(X4, Y4, units=1, variant="best")
    with pytest.raises(InvalidDataError, match="not a vertex"):
        greedy_local_search(X4, Y4, v=(1,), start=[(1, 0, 1, 0)])
    with pytest.raises(InvalidDataError, match="units"):
        random_vertex(X4, Y4, units=0)
    with pytest.raises(InvalidDataError, match="max_steps"):
        greedy_local_search(X4, Y4, units=1, max_steps=-1)


def test_random_pattern_is_witnessed_exactly():
    patterns, W = random_pattern(X4, 3, seed=0)
    for p, w in zip(patterns, W):
        pre = [w[0] * x[0] + w[1] for x in X4]
        assert all(z != 0 for z in pre) and p == tuple(int(z > 0) for z in pre)


def test_gradient_descent_fits_a_line_and_is_judged_exactly():
    g = gradient_descent([[0], [1], [2]], [0, 1, 2], v=(1,), steps=800, seed=0)
    assert g.value == g.network.loss([[0], [1], [2]], [0, 1, 2]) and g.value < Fraction(1, 10**6)
    assert g.float_losses[0] > g.float_losses[-1]
    free = gradient_descent(X4, Y4, units=2, steps=50, seed=1)
    assert free.train_v and free.network.n_units == 2 and len(free.float_losses) == 6


@settings(max_examples=10, deadline=None)
@given(generic_datasets(d=(1, 2), n=(3, 6)), st.data())
def test_gls_never_worse_than_its_start(X, data):
    y = data.draw(label_vectors(len(X)))
    r = greedy_local_search(
        X,
        y,
        v=(1, -1),
        variant=data.draw(st.sampled_from(["gls", "first", "mgls"])),
        seed=data.draw(st.integers(0, 50)),
    )
    assert r.value <= r.trace[0].value
    assert solve_region(X, y, r.solution.patterns, (1, -1)).value == r.value


def test_gls_stops_at_once_on_a_zero_vertex():
    r = greedy_local_search([[0], [1], [2]], [0, 1, 2], v=(1,), start=[(0, 1, 1)])
    assert r.value == 0 and r.local_minimum and r.n_solved == 1 and len(r.trace) == 1


def test_gradient_descent_divergence_is_flagged_not_raised():
    # points on both sides of the origin, no bias: the unit can never die, so too large a step blows up
    g = gradient_descent([[-1], [1]], [5, 5], v=(1,), bias=False, steps=2000, lr=5.0, W0=[[1]])
    assert g.diverged and g.steps < 2000 and g.value > 10**100 and g.to_dict()["diverged"]
    ok = gradient_descent([[0], [1], [2]], [0, 1, 2], v=(1,), steps=20, seed=0, record_every=7)
    assert not ok.diverged and ok.record_every == 7 and len(ok.float_losses) == 4
