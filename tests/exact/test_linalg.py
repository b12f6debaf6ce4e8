from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact.certificates import verify_dependency
from exactrelu.exact.linalg import dependency, det, left_nullspace, nullspace, rank

small = st.integers(-4, 4)


def test_basic():
    assert rank([[1, 2], [2, 4]]) == 1
    assert rank([]) == 0
    assert det([[Fraction(1, 2), 1], [0, 2]]) == 1
    assert dependency([[1, 0], [0, 1]]) is None
    assert nullspace([], ncols=2) == [(1, 0), (0, 1)]


@given(st.lists(st.lists(small, min_size=3, max_size=3), min_size=1, max_size=5))
def test_kernel_vectors_are_in_kernel_and_rank_nullity(rows):
    ker = nullspace(rows)
    assert len(ker) + rank(rows) == 3
    for v in ker:
        assert any(v) and all(sum(a * b for a, b in zip(r, v)) == 0 for r in rows)
    left = left_nullspace(rows)
    assert len(left) == len(rows) - rank(rows)
    for c in left:
        assert verify_dependency(rows, c)
        # negative control: perturbing a nonzero coefficient breaks the dependency
        i = next(k for k, x in enumerate(c) if x)
        bad = list(c)
        bad[i] += 1
        if any(rows[i]):
            assert not verify_dependency(rows, bad)
