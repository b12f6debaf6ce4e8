"""Set cover instances, the certified minimum cover, enumeration of small instances, strategies."""

import dataclasses
from itertools import combinations

import pytest
from hypothesis import given, settings

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.strategies import set_cover_instances
from exactrelu.training.set_cover import (
    SetCover,
    all_instances,
    is_cover,
    minimum_cover,
    verify_minimum_cover,
)


def brute_force(sc):
    return min(r for r in range(1, sc.m + 1) for C in combinations(range(sc.m), r) if is_cover(sc, C))


def test_triangle_and_json():
    sc = SetCover(3, [[1, 2], [2, 3], [1, 3]], 1)
    assert (sc.m, sc.max_degree, sc.incidence(2)) == (3, 2, (1, 1, 0))
    assert not sc.is_yes() and sc.with_budget(2).is_yes()
    assert (
        SetCover.from_dict(sc.to_dict()) == sc and SetCover.from_dict('{"family": [[1], [2]], "k": 1}').n == 2
    )


@pytest.mark.parametrize(
    "args, msg",
    [
        ((0, [[1]], 1), "universe size"),
        ((2, [[1]], 1), "lie in no set"),
        ((2, [[1, 3]], 1), "outside"),
        ((2, [[1, 1], [2]], 1), "twice"),
        ((2, [[1, 2], []], 1), "empty"),
        ((1, [[1]], 0), "budget"),
        ((1, ["1"], 1), "not a collection"),
        ((1, [], 1), "no sets"),
    ],
)
def test_bad_instances(args, msg):
    with pytest.raises(InvalidDataError, match=msg):
        SetCover(*args)


@settings(max_examples=60, deadline=None)
@given(set_cover_instances(n=(1, 5), m=(1, 5)))
def test_minimum_cover_is_optimal_and_certified(sc):
    mc = minimum_cover(sc)
    assert mc.size == brute_force(sc) and verify_minimum_cover(sc, mc)
    # negative control: a cover one set too small, or a non-cover, is rejected
    if mc.size > 1:
        assert not verify_minimum_cover(sc, dataclasses.replace(mc, size=mc.size - 1, cover=mc.cover[1:]))


@settings(max_examples=30, deadline=None)
@given(set_cover_instances(yes=True))
def test_yes_strategy(sc):
    assert sc.is_yes()


@settings(max_examples=30, deadline=None)
@given(set_cover_instances(yes=False))
def test_no_strategy(sc):
    assert not sc.is_yes()


def test_all_small_instances_up_to_isomorphism():
    inst = all_instances((3, 4), 4)
    assert (
        len(inst) == 148
        and len({(x.n, tuple(sorted(tuple(sorted(S)) for S in x.family))) for x in inst}) == 148
    )
    assert len(all_instances((2,), 2, up_to_isomorphism=False)) == 4


def test_exhaustion_is_guarded():
    # ten disjoint pairs and twenty singletons: the optimum 10 needs all C(30, 9) smaller families ruled out
    sc = SetCover(20, [[2 * i + 1, 2 * i + 2] for i in range(10)] + [[u] for u in range(1, 21)], 1)
    with pytest.raises(SizeLimitError, match="subfamilies"):
        minimum_cover(sc, limit=1000)
    assert minimum_cover(SetCover(4, [[1, 2], [3, 4], [1], [2], [3], [4]], 1)).size == 2
