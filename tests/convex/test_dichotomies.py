"""Tests of exactrelu.convex.dichotomies: exact dichotomies / trichotomies of the convex reformulation
(Wang, Lacotte & Pilanci 2022, section 1.3) and scnn-style sampled patterns.

Conventions: rows of X are samples, no bias column unless ``bias=True``; a dichotomy is the
0/1 vector 1[X u > 0] on an open chamber, a trichotomy the sign vector sign(X u).
"""

from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.convex.dichotomies import (
    Cone,
    PatternSet,
    as_pattern_set,
    compare_patterns,
    dichotomies,
    sampled_dichotomies,
    trichotomies,
)
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_vector, pattern_string
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.strategies import degenerate_datasets, integer_datasets

EX1 = [[1, 0], [0, 1], [1, 1]]  # Example 1 of Wang, Lacotte & Pilanci 2022
CEX1 = [
    [1, 1],
    [1, -1],
    [-1, -1],
    [-1, 1],
]  # the square example (docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples')


def _exact_dot(a, b):
    """a·b with every entry read exactly (a float gate as its shortest decimal)."""
    return dot(exact_vector(a), exact_vector(b))


def _sign(t):
    return (t > 0) - (t < 0)


def _rows(X, bias=False):
    return [[F(t) for t in r] + ([F(1)] if bias else []) for r in X]


def _n_regions(X, bias=False):
    """|χ(−1)| of the arrangement of the non-zero rows (zero rows are never active)."""
    rows = [r for r in _rows(X, bias) if any(r)]
    return HyperplaneArrangement(rows).n_regions()


def _n_faces(X, bias=False):
    rows = [r for r in _rows(X, bias) if any(r)]
    return sum(HyperplaneArrangement(rows).face_vector())


# --------------------------------------------------------------------------- dichotomies


def test_example1_six_patterns():
    P = dichotomies(EX1)
    assert [P.name(i) for i in range(len(P))] == ["000", "010", "011", "100", "101", "111"]
    assert P.kind == "dichotomies" and (P.n, P.d, len(P)) == (3, 2, 6) and not P.bias
    assert list(P) == [P[i] for i in range(len(P))]
    assert P.to_dict()["patterns"] == ["000", "010", "011", "100", "101", "111"]
    assert P.index("101") == P.index((1, 0, 1)) == 4


def test_example1_unrealisable_pattern_raises():
    P = dichotomies(EX1)
    # 001: x3 = x1 + x2 active while x1, x2 inactive is impossible (negative control)
    for bad in ("001", (0, 0, 1), "110", (1, 1, 0)):
        with pytest.raises(InvalidDataError):
            P.index(bad)
    with pytest.raises(InvalidDataError):
        P.index("10")  # wrong length
    with pytest.raises(InvalidDataError):
        P.index("1x1")  # bad character


@pytest.mark.parametrize(
    "X,bias",
    [
        (EX1, False),
        (EX1, True),
        (CEX1, False),
        (CEX1, True),
        ([[1], [2], [-1]], True),
        ([[1, 2, 0], [0, 1, 1], [1, 0, -1], [2, 2, 1]], False),
    ],
)
def test_dichotomies_count_and_witnesses(X, bias):
    P = dichotomies(X, bias=bias)
    assert P.bias == bias and P.d == len(X[0]) + bias
    assert len(P) == _n_regions(X, bias)
    assert len(set(P.patterns)) == len(P)
    rows = _rows(X, bias)
    for i, (p, w) in enumerate(zip(P.patterns, P.witnesses)):
        prods = [_exact_dot(x, w) for x in rows]
        assert all(t != 0 for t in prods)  # strictly inside the chamber
        assert p == tuple(int(t > 0) for t in prods)
        assert P.diag(i) == p
        assert P.contains(i, w)
        A, E = P.cone(i)
        assert E == () and len(A) == len(rows)
        assert all(_exact_dot(a, w) > 0 for a in A)
        # A = (2D − I) X
        assert tuple(tuple(t if p[k] else -t for t in rows[k]) for k in range(len(rows))) == A
        F_i = P.fit_matrix(i)
        assert all(F_i[k] == (tuple(rows[k]) if p[k] else (0,) * P.d) for k in range(len(rows)))
        # a point of another chamber is not in this closed cone (opposite chamber: −w)
        assert not P.contains(i, [-t for t in w])


def test_contains_closed_cone_and_outside_points():
    P = dichotomies(EX1)
    i = P.index("101")  # u1 > 0, u2 < 0, u1 + u2 > 0
    assert P.contains(i, (2, -1)) and P.contains(i, (1, 0)) and P.contains(i, (1, -1))  # boundary rays
    assert P.contains(i, (0, 0))
    assert (
        not P.contains(i, (1, 1))
        and not P.contains(i, (1, -2))
        and not P.contains(i, (F(1, 2), F(-1, 2) - F(1, 10**9)))
    )
    assert P.contains(i, ("1/2", -0.5))  # strings and floats read exactly
    with pytest.raises(InvalidDataError):
        P.contains(i, (1, 0, 0))


def test_float_arrays_and_subset():
    P = dichotomies(EX1)
    Xf, mask = P.float_arrays()
    assert Xf.shape == (3, 2) and mask.shape == (6, 3) and mask.dtype == bool
    assert np.array_equal(Xf, np.array(EX1, float))
    assert [tuple(int(t) for t in r) for r in mask] == list(P.patterns)
    S = P.subset([4, 0])
    assert S.kind == "dichotomies" and list(S) == [(1, 0, 1), (0, 0, 0)]
    assert S.index("101") == 0 and S.witnesses == (P.witnesses[4], P.witnesses[0])
    with pytest.raises(InvalidDataError):
        S.index("111")
    with pytest.raises(InvalidDataError):
        PatternSet(P.X, "chambers", P.patterns, P.witnesses)


def test_cex1_four_chambers():
    P = dichotomies(CEX1)
    assert sorted(P.name(i) for i in range(len(P))) == ["0011", "0110", "1001", "1100"]
    T = trichotomies(CEX1)
    assert len(T) == 9  # 4 chambers, 4 rays, the origin
    assert {T.name(i) for i in range(len(T)) if 0 in T[i]} == {"+0-0", "0+0-", "-0+0", "0-0+", "0000"}


# --------------------------------------------------------------------------- zero rows


def test_zero_row_never_active_and_unconstrained():
    X = [[1, 0], [0, 0], [1, 1]]
    P = dichotomies(X)
    assert len(P) == _n_regions(X) == 4
    assert all(p[1] == 0 for p in P)
    for i in range(len(P)):
        A, E = P.cone(i)
        assert len(A) == 2 and E == ()  # the zero row gives no constraint
        assert P.fit_matrix(i)[1] == (0, 0)
        assert P.signs(i)[1] == 0
    T = trichotomies(X)
    assert len(T) == _n_faces(X) and all(s[1] == 0 for s in T)
    assert all(T.cone(i).E == () or all(any(e) for e in T.cone(i).E) for i in range(len(T)))
    # with bias the origin is the row (0, 0, 1): an ordinary constraint
    B = dichotomies(X, bias=True)
    assert {p[1] for p in B} == {0, 1} and len(B) == _n_regions(X, True)


@pytest.mark.parametrize("build", [dichotomies, trichotomies])
def test_all_zero_data_raises(build):
    with pytest.raises(InvalidDataError):
        build([[0, 0], [0, 0]])
    assert len(build([[0, 0]], bias=True)) == (2 if build is dichotomies else 3)


def test_limit_refuses_large_enumeration():
    from exactrelu.exact.errors import SizeLimitError

    X = [[1, k, k * k] for k in range(8)]
    with pytest.raises((SizeLimitError, InvalidDataError)):
        dichotomies(X, limit=5)
    with pytest.raises((SizeLimitError, InvalidDataError)):
        trichotomies(X, limit=5)


# --------------------------------------------------------------------------- trichotomies


@pytest.mark.parametrize(
    "X,bias",
    [
        (EX1, False),
        (EX1, True),
        (CEX1, False),
        ([[1, 0], [2, 0], [0, 1]], False),
        ([[1, 2, 0], [0, 1, 1], [1, 0, -1]], False),
    ],
)
def test_trichotomies_are_covectors(X, bias):
    T = trichotomies(X, bias=bias)
    rows = _rows(X, bias)
    assert T.kind == "trichotomies" and len(T) == _n_faces(X, bias) and len(set(T.patterns)) == len(T)
    D = dichotomies(X, bias=bias)
    # the covectors without zero entries are exactly the chambers
    assert {tuple(int(s > 0) for s in p) for p in T if 0 not in p} == set(D.patterns)
    for i, (sig, w) in enumerate(zip(T.patterns, T.witnesses)):
        assert sig == tuple(_sign(_exact_dot(x, w)) for x in rows)
        assert T.diag(i) == tuple(int(s == 1) for s in sig)
        assert T.signs(i) == sig
        A, E = T.cone(i)
        assert len(E) == sum(1 for s in sig if s == 0) and len(A) == len(sig) - len(E)
        assert tuple(tuple(x) for x, s in zip(rows, sig) if s == 0) == E
        assert tuple(tuple(s * t for t in x) for x, s in zip(rows, sig) if s) == A
        assert T.contains(i, w)
        assert T.name(i) == pattern_string(sig, signs=True) and T.index(T.name(i)) == i
        F_i = T.fit_matrix(i)
        assert all(F_i[k] == (tuple(rows[k]) if sig[k] == 1 else (0,) * T.d) for k in range(len(rows)))
        if E:  # negative control: leaving an E-hyperplane leaves the cone
            e = E[0]
            off = [t + F(1, 7) * c for t, c in zip(w, e)]
            assert not T.contains(i, off)


def test_trichotomy_example1_lines():
    T = trichotomies(EX1)
    assert len(T) == 13  # 6 chambers + 6 rays + origin
    i = T.index("+0+")  # the ray u = (1, 0)
    assert T.cone(i) == Cone(A=((1, 0), (1, 1)), E=((0, 1),))
    assert T.contains(i, (5, 0)) and not T.contains(i, (5, F(1, 10**12))) and not T.contains(i, (-1, 0))
    assert T.index("000") == T.patterns.index((0, 0, 0)) and T.contains(T.index("000"), (0, 0))
    with pytest.raises(InvalidDataError):
        T.index("+-+-")
    with pytest.raises(InvalidDataError):
        T.index("++-")  # x3 = x1 + x2 cannot be negative when both are positive


# --------------------------------------------------------------------------- sampled dichotomies


def test_sampled_subset_of_exact_and_counts():
    for X in (EX1, CEX1, [[1, 2, 0], [0, 1, 1], [1, 0, -1], [2, 2, 1], [3, -1, 1]]):
        exact = dichotomies(X)
        for n_gates in (1, 3, 10):
            S = sampled_dichotomies(X, n_gates, seed=n_gates)
            assert S.n_gates == n_gates and S.gates.shape == (n_gates, len(X[0])) and S.n_ties == 0
            assert S.patterns.kind == "sampled" and len(S.patterns) <= n_gates
            c = compare_patterns(S, exact)
            assert c["extra"] == [] and c["found"] + c["missed"] == c["n_exact"] == len(exact)
            assert c["n_sampled"] == len(S.patterns) == c["found"]
            assert len(c["missed_patterns"]) == c["missed"]
            # every sampled pattern is 1[X g >= 0] of its first gate, which lies strictly inside
            for i, (p, g) in enumerate(zip(S.patterns.patterns, S.patterns.witnesses)):
                prods = [_exact_dot(x, g) for x in _rows(X)]
                assert p == tuple(int(t >= 0) for t in prods) and all(t != 0 for t in prods)
                assert S.patterns.contains(i, g)
            # order of first hit
            first = []
            for g in S.gates:
                p = tuple(int(_exact_dot(x, g) >= 0) for x in _rows(X))
                if p not in first:
                    first.append(p)
            assert first == list(S.patterns.patterns)


def test_sampled_many_gates_find_everything():
    X = [[1, 2, 0], [0, 1, 1], [1, 0, -1], [2, 2, 1]]
    exact = dichotomies(X)
    c = compare_patterns(sampled_dichotomies(X, 3000, seed=0), exact)
    assert c["missed"] == 0 and c["found"] == len(exact) and c["missed_patterns"] == []
    # negative control: one gate cannot find them all
    c1 = compare_patterns(sampled_dichotomies(X, 1), exact)
    assert c1["found"] == 1 and c1["missed"] == len(exact) - 1


def test_sampled_bias_and_compare_with_pattern_set():
    X = [[0], [1], [2], [3]]
    exact = dichotomies(X, bias=True)
    S = sampled_dichotomies(X, 2000, seed=3, bias=True)
    assert S.patterns.bias and S.patterns.d == 2
    c = compare_patterns(S.patterns, exact)  # a PatternSet is accepted too
    assert c["extra"] == [] and c["missed"] == 0


def test_sampled_reproducible_and_seeded():
    a = sampled_dichotomies(CEX1, 20, seed=7)
    b = sampled_dichotomies(CEX1, 20, seed=7)
    c = sampled_dichotomies(CEX1, 20, seed=8)
    assert np.array_equal(a.gates, b.gates) and a.patterns.patterns == b.patterns.patterns
    assert not np.array_equal(a.gates, c.gates)


@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", True, None])
def test_sampled_bad_n_gates(bad):
    with pytest.raises(InvalidDataError):
        sampled_dichotomies(EX1, bad)


def test_sampled_zero_row_and_exact_tie():
    S = sampled_dichotomies([[1, 0], [0, 0]], 50, seed=1)
    assert S.n_ties == 0 and all(p[1] == 0 for p in S.patterns)
    # a row exactly orthogonal to the first gate: decided exactly with the >= 0 convention
    g = np.random.default_rng(5).standard_normal((1, 2))[0]
    x = (F(float(g[1])), -F(float(g[0])))
    X = [x, tuple(-t for t in x)]
    S = sampled_dichotomies(X, 1, seed=5)
    assert S.n_ties == 1 and S.patterns.patterns == ((1, 1),)
    # the tie pattern is no chamber: compare_patterns flags it as extra
    assert compare_patterns(S, dichotomies(X))["extra"] == ["11"]


def test_compare_patterns_missed_list():
    exact = dichotomies(EX1)
    sub = exact.subset([0, 4])
    c = compare_patterns(sub, exact)
    assert c == {
        "n_exact": 6,
        "n_sampled": 2,
        "found": 2,
        "missed": 4,
        "missed_patterns": ["010", "011", "100", "111"],
        "extra": [],
    }


# --------------------------------------------------------------------------- property tests


def _check_dichotomies(X):
    if not any(any(r) for r in X):
        with pytest.raises(InvalidDataError):
            dichotomies(X)
        return
    P = dichotomies(X)
    rows = _rows(X)
    assert len(set(P.patterns)) == len(P) == _n_regions(X)
    assert all(set(p) <= {0, 1} and len(p) == len(X) for p in P)
    for i, (p, w) in enumerate(zip(P.patterns, P.witnesses)):
        prods = [_exact_dot(x, w) for x in rows]
        assert p == tuple(int(t > 0) for t in prods)
        assert all(t != 0 for t, x in zip(prods, rows) if any(x))
        assert P.contains(i, w)
    # independent: generic integer points land in one of the chambers
    got = set(P.patterns)
    for u in product(range(-3, 4), repeat=len(X[0])):
        prods = [_exact_dot(x, u) for x in rows]
        if all(t != 0 for t, x in zip(prods, rows) if any(x)):
            assert tuple(int(t > 0) for t in prods) in got


@given(integer_datasets(d=(1, 3), n=(1, 6), max_value=4))
def test_dichotomies_property(X):
    _check_dichotomies(X)


@given(degenerate_datasets(d=(1, 3), n=(2, 6), max_value=3))
def test_dichotomies_property_degenerate(X):
    _check_dichotomies(X)


@given(integer_datasets(d=(1, 3), n=(1, 5), max_value=3), st.booleans())
def test_trichotomies_property(X, bias):
    if not bias and not any(any(r) for r in X):
        return
    T = trichotomies(X, bias=bias)
    rows = _rows(X, bias)
    assert len(set(T.patterns)) == len(T) == _n_faces(X, bias)
    assert (0,) * len(X) in set(T.patterns) or bias
    for i, (sig, w) in enumerate(zip(T.patterns, T.witnesses)):
        assert sig == tuple(_sign(_exact_dot(x, w)) for x in rows)
        assert T.contains(i, w)


def test_as_pattern_set_unwraps_a_sample_and_refuses_other_objects():
    P = dichotomies(EX1)
    S = sampled_dichotomies(EX1, 5, seed=0)
    assert as_pattern_set(P) is P and as_pattern_set(S) is S.patterns
    # negative controls: raw data, a list of patterns, None are not pattern sets
    for bad in (EX1, list(P.patterns), None):
        with pytest.raises(InvalidDataError, match="PatternSet"):
            as_pattern_set(bad)
