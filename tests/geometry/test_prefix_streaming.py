"""Sign-prefix subproblems and streaming: they partition the chambers and keep the order of chambers()."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import exactrelu.geometry.arrangement as arrangement_module
from exactrelu.exact.certificates import verify_witness
from exactrelu.geometry import engine
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.strategies import normal_matrices


@settings(max_examples=60, deadline=None)
@given(normal_matrices(D=(1, 4), n=(1, 7), max_value=2), st.data())
def test_prefix_groups_partition_the_chambers(normals, data):
    """Any set of k-prefixes gives exactly the chambers with those prefixes (parallel rows included)."""
    normals = [tuple(r) for r in normals]
    D = len(normals[0])
    full = engine.chambers(normals, D)
    k = data.draw(st.integers(0, len(normals)))
    sigmas = data.draw(st.sets(st.integers(0, (1 << k) - 1), max_size=6))
    got = engine.chambers_in_prefix(normals, D, k, sigmas)
    assert sorted(m for m, _ in got) == sorted(m for m, _ in full if m & ((1 << k) - 1) in sigmas)
    n = len(normals)
    for m, w in got:
        assert verify_witness(normals, engine.masks_to_signs(m, n), w)


def test_an_absent_or_inconsistent_prefix_is_empty():
    # (1, 0) and (-2, 0) are one line: the prefix ++ asks for both sides of it
    assert engine.chambers_in_prefix([(1, 0), (-2, 0), (0, 1)], 2, 2, 0b11) == []
    assert len(engine.chambers_in_prefix([(1, 0), (-2, 0), (0, 1)], 2, 2, 0b01)) == 2


def test_streaming_equals_the_list(monkeypatch):
    """iter_chambers splits into many subproblems (small block) and still yields chambers() in order."""
    X = list(itertools.product(range(3), repeat=2)) + [(1, 5), (4, 1)]
    A = HyperplaneArrangement.from_data(X)
    monkeypatch.setattr(arrangement_module, "STREAM_BLOCK", 8)
    k, batches = A.prefix_batches(-(-A.predicted_chambers() // 8))
    assert k > 0 and len(batches) > 4
    streamed = list(A.iter_chambers())
    listed = A.chambers()
    assert [c.signs for c in streamed] == [c.signs for c in listed]
    assert A.certify_chambers(streamed)


def test_streaming_covectors_equal_the_list():
    A = HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1], [1, 1], [2, 2]])
    assert list(A.iter_covectors()) == A.covectors()


def test_3d_cube_streamed_in_parts(monkeypatch):
    A = HyperplaneArrangement.from_data(list(itertools.product(range(2), repeat=3)))
    monkeypatch.setattr(arrangement_module, "STREAM_BLOCK", 16)
    assert [c.signs for c in A.iter_chambers()] == [c.signs for c in A.chambers()]


@pytest.mark.parametrize("scale", [1, 10**17, 10**40, 10**400])
def test_angular_sweep_exact_when_floats_collide(scale):
    """Directions whose angles are equal as floats: the float proposal is rejected, the exact sort decides."""
    normals = [(1, scale), (1, scale + 1), (-1, scale + 2), (3, -1)]
    n = len(normals)
    got = engine.chambers(normals, 2)
    assert len(got) == 2 * n
    for m, w in got:
        assert verify_witness(normals, engine.masks_to_signs(m, n), w)


@settings(max_examples=30, deadline=None)
@given(normal_matrices(D=(1, 4), n=(1, 7), max_value=3))
def test_chamber_table_equals_the_list(normals):
    A = HyperplaneArrangement(normals)
    T = A.chamber_table()
    listed = A.chambers()
    assert T == listed and list(T) == listed and len(T) == len(listed)
    assert T[-1] == listed[-1] and T[1:3] == listed[1:3] and listed[0] in T


@pytest.mark.parametrize("scale", [1, 10**30])
def test_chamber_table_packs_in_parts_and_keeps_big_witnesses(monkeypatch, scale):
    """Many packed parts; with huge coordinates the witnesses leave int64 and stay exact (object storage)."""
    X = [(scale * x + 1, y) for x, y in itertools.product(range(3), repeat=2)] + [(5, -7 * scale)]
    A = HyperplaneArrangement.from_data(X)
    monkeypatch.setattr(arrangement_module, "STREAM_BLOCK", 10)
    T = A.chamber_table()
    assert (T._witnesses.dtype == object) == (scale > 1)
    assert [c.signs for c in T] == [c.signs for c in A.chambers()]
    assert A.certify_chambers(T)
    assert T.nbytes() > 0 and "ChamberTable" in repr(T)
    with pytest.raises(IndexError):
        T[len(T)]
    assert T != list(T)[:-1] and T != 3
