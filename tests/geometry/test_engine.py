"""The shared enumeration engine: restriction coordinates, the 2-D sweep, parallel classes."""

from _brute import brute_chambers
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.geometry import engine
from exactrelu.strategies import normal_matrices

vec = st.lists(st.integers(-5, 5), min_size=3, max_size=4).filter(any)


@given(vec, st.lists(st.integers(-5, 5), min_size=3, max_size=3), st.data())
def test_restriction_coordinates(h, u, data):
    u = u[: len(h) - 1]
    a = data.draw(st.lists(st.integers(-5, 5), min_size=len(h), max_size=len(h)))
    p, (r,) = engine.restrict([tuple(a)], tuple(h))
    w = engine.lift(tuple(u), tuple(h), p)
    assert sum(x * y for x, y in zip(h, w)) == 0  # lifted points lie on h
    # <a, lift(u)> is a positive multiple of <restricted a, u>
    lhs = sum(x * y for x, y in zip(a, w))
    rhs = sum(x * y for x, y in zip(r, u))
    assert (lhs > 0) == (rhs > 0) and (lhs == 0) == (rhs == 0)


@given(normal_matrices(D=2, n=(1, 7)))
def test_two_dimensional_sweep_equals_brute_force(normals):
    n = len(normals)
    got = {engine.masks_to_signs(m, n) for m, _ in engine.chambers([tuple(r) for r in normals], 2)}
    assert got == brute_chambers([tuple(r) for r in normals])


@given(normal_matrices(D=(2, 4), n=(1, 7)))
def test_witnesses_and_masks_agree(normals):
    normals = [tuple(r) for r in normals]
    out = engine.chambers(normals, len(normals[0]))
    assert len({m for m, _ in out}) == len(out)
    for m, w in out:
        for i, a in enumerate(normals):
            s = sum(x * y for x, y in zip(a, w))
            assert s != 0 and (s > 0) == bool(m >> i & 1)


def test_parallel_classes_keep_first_orientation():
    reps, members = engine.parallel_classes([(2, 4), (-1, -2), (0, 3), (1, 2)])
    assert reps == [(1, 2), (0, 1)]
    assert members == [[(0, 1), (1, -1), (3, 1)], [(2, 1)]]


def test_bounds_and_sign_strings():
    assert engine.upper_bound_regions(5, 3) == 22 and engine.upper_bound_regions(0, 3) == 1
    assert engine.masks_to_signs(0b101, 3) == (1, -1, 1)
    assert engine.masks_to_signs(1 << 20, 21)[-1] == 1
