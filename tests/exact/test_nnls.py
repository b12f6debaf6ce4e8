"""Exact NNLS (Lawson & Hanson 1974): the exact KKT conditions hold, and float NNLS only proposes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import nnls

from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.nnls import exact_nnls, float_nnls, float_support


def _nnls_optimal(cols, b, c, r):
    """Exact KKT of NNLS: c >= 0, r = b - Σ c_k g_k, g_k·r <= 0, and = 0 where c_k > 0."""
    ok = all(ck >= 0 for ck in c)
    ok &= list(r) == [bi - sum(ck * g[i] for ck, g in zip(c, cols)) for i, bi in enumerate(b)]
    for ck, g in zip(c, cols):
        w = sum(gi * ri for gi, ri in zip(g, r))
        ok &= w <= 0 and (ck == 0 or w == 0)
    return ok


def test_exact_nnls_dependent_columns_and_warm_starts():
    cols, b = [(1, 1, 0), (2, 2, 0), (0, 1, 1), (1, 2, 1), (-1, 0, 0)], (3, 1, 2)
    c, r = exact_nnls(cols, b)
    assert _nnls_optimal(cols, b, c, r)
    for support in ([], [0, 1, 2, 3, 4], [4], [1, 3, 99]):  # bad guesses only cost iterations
        c2, r2 = exact_nnls(cols, b, support=support)
        assert r2 == r and _nnls_optimal(cols, b, c2, r2)


@given(st.integers(1, 4), st.integers(1, 6), st.data())
@settings(max_examples=25, deadline=None)
def test_exact_nnls_matches_scipy(n_rows, n_cols, data):
    entries = st.integers(-4, 4)
    cols = [tuple(data.draw(st.lists(entries, min_size=n_rows, max_size=n_rows))) for _ in range(n_cols)]
    b = tuple(data.draw(st.lists(entries, min_size=n_rows, max_size=n_rows)))
    c, r = exact_nnls(cols, b)
    assert _nnls_optimal(cols, b, c, r)
    _, fnorm = nnls(np.array(cols, float).T, np.array(b, float))
    assert abs(float(sum(x * x for x in r)) ** 0.5 - fnorm) <= 1e-8 * max(1.0, fnorm)


def test_exact_nnls_iteration_cap_and_bad_columns():
    with pytest.raises(SolverError, match="did not converge"):
        exact_nnls([(1, 0), (0, 1)], (1, 1), max_iter=1)
    with pytest.raises(InvalidDataError, match="column 1"):
        exact_nnls([(1, 0), (1,)], (1, 1))


def test_kkt_check_has_teeth():
    """Negative control for _nnls_optimal: a feasible but suboptimal point and a negative coefficient fail."""
    cols, b = [(1, 0), (0, 1)], (2, -3)
    assert _nnls_optimal(cols, b, (2, 0), (0, -3))
    assert not _nnls_optimal(cols, b, (1, 0), (1, -3))  # stationarity fails: g_0 · r > 0
    assert not _nnls_optimal(cols, b, (2, -3), (0, 0))  # c_1 < 0


def test_float_proposals():
    A, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([2.0, -3.0])
    assert float_support(A, b) == [0]
    assert np.allclose(float_nnls(A, b), [2.0, 0.0])
