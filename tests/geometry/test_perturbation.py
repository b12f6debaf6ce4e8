"""Tests of exactrelu.geometry.perturbation (type changes along X + εΔ, simplest rationals) and
exactrelu.geometry.probes (reports of one perturbation, random probes)."""

import itertools
import json
import math
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact import linalg
from exactrelu.exact.errors import DegenerateInputError, ExactReluError, InvalidDataError
from exactrelu.exact.jsonio import exact_number
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import chirotope, same_combinatorial_type, stability_radius
from exactrelu.geometry.perturbation import perturbed, simplest_between, type_changes
from exactrelu.geometry.probes import perturbation_report, probe_stability
from exactrelu.geometry.zonotope import Zonotope
from exactrelu.strategies import degenerate_datasets, generic_datasets, integer_datasets

FAST = settings(max_examples=30, deadline=None)
TINY = settings(max_examples=12, deadline=None)

HEX_X = [[-1, 0], [0, -1], [1, 0], [0, 2]]
HEX_D = [[0, 0], [0, 1], [0, 0], [0, 0]]
EPS = sympy.Symbol("e")


# ------------------------------------------------------------------ independent references
def patterns_at(X, D, e, bias=True):
    return frozenset(
        c.pattern for c in HyperplaneArrangement.from_data(perturbed(X, D, e), bias=bias).chambers()
    )


def chi_at(X, D, e, bias=True):
    return chirotope(perturbed(X, D, e), bias=bias)


def ref_critical_values(X, D, lo, hi):
    """Minor polynomials of (x_i + e d_i, 1) by sympy, and their distinct real roots in [lo, hi].

    Only for paths of full generic rank d + 1 (returns None otherwise).
    """
    n, d = len(X), len(X[0])
    rows = [[sympy.Integer(x) + EPS * sympy.Integer(v) for x, v in zip(rx, rd)] + [1] for rx, rd in zip(X, D)]
    if n < d + 1 or sympy.Matrix(rows).subs(EPS, sympy.Rational(1, 7919)).rank() < d + 1:
        return None
    polys = {}
    for B in itertools.combinations(range(n), d + 1):
        p = sympy.Poly(sympy.Matrix([rows[i] for i in B]).det(), EPS)
        if not p.is_zero:
            polys[B] = p
    roots = set()
    hi_s = None if hi == math.inf else sympy.Rational(hi)
    for p in polys.values():
        if p.degree() == 0:
            continue
        for r in p.real_roots():
            if r >= sympy.Rational(lo) and (hi_s is None or r <= hi_s):
                roots.add(r)
    return sorted(roots, key=lambda r: sympy.N(r, 50)), polys


def in_gap_samples(a, b):
    """A few rationals strictly between a < b (b finite)."""
    return sorted({simplest_between(a, b), (a + b) / 2, a + (b - a) / 97, b - (b - a) / 89})


def gap_bounds(pa):
    """(left, right, include_left, include_right) per maximal interval of [lo, hi] free of critical values."""
    lo, hi = pa.interval
    hi_f = hi if hi != math.inf else (max([c.interval[1] for c in pa.changes], default=Fraction(lo)) + 5)
    cuts = [(c.interval[0], c.interval[1]) for c in pa.changes]
    out, left, incl = [], Fraction(lo), True
    for a, b in cuts:
        if a == left and a == b:  # a rational root at the left end
            left, incl = b, False
            continue
        out.append((left, a, incl, False))
        left, incl = b, False
    if left < hi_f or (left == hi_f and incl):
        out.append((left, hi_f, incl, hi != math.inf))
    return out


# ------------------------------------------------------------------ type_changes: examples
def test_collinear_docstring_example():
    X, D = [[-1, 0], [0, 0], [1, 0]], [[0, 0], [0, 1], [0, 0]]
    pa = type_changes(X, D, (0, 1))
    assert len(pa) == 1 and pa.rank == 3
    c = pa.changes[0]
    assert (c.epsilon, c.vanishing_subsets, c.n_chambers, c.gained) == (
        0,
        ((0, 1, 2),),
        (None, 6, 8),
        ((0, 1, 0), (1, 0, 1)),
    )
    assert c.before is None and c.after == 1 and c.lost == () and c.crosses
    assert set(c.vanished_at) == set(patterns_at(X, D, 1)) - set(patterns_at(X, D, 0))
    assert c.f_vectors == (
        None,
        Zonotope.from_data(X).f_vector(),
        Zonotope.from_data(perturbed(X, D, 1)).f_vector(),
    )
    # the same path seen from the other side: ε in [-1, 0] ends at the dependency
    c = type_changes(X, D, (-1, 0)).changes[0]
    assert c.epsilon == 0 and c.after is None and c.before == -1 and c.gained == ()
    assert set(c.lost) == set(patterns_at(X, D, -1)) - set(patterns_at(X, D, 0))
    # straddling 0: crossing the collinear position — chirotope (rank 3, one basis) is the same
    c = type_changes(X, D, (-1, 1)).changes[0]
    assert c.epsilon == 0 and not c.crosses and c.n_chambers == (8, 6, 8)


def test_collinear_four_points_docstring():
    rep = perturbation_report([[-1, 0], [0, 0], [1, 0], [0, 2]], HEX_D, Fraction(1, 10))
    assert (rep.same_type, rep.n_chambers, rep.broken, rep.special_faces[0]) == (
        False,
        (12, 14),
        ((0, 1, 2),),
        ((2, (0, 1, 2), 6),),
    )
    assert rep.special_faces[1] == () and rep.created == ()


def test_hexagon_example():
    pa = type_changes(HEX_X, HEX_D, (0, 2))
    assert len(pa.changes) == 1
    c = pa.changes[0]
    assert c.epsilon == 1 and c.interval == (1, 1) and c.vanishing_subsets == ((0, 1, 2),)
    assert c.before == 0 and c.after == 2 and c.crosses
    assert c.n_chambers == (14, 12, 14)
    assert c.f_vectors == ((1, 14, 24, 12, 1), (1, 12, 18, 8, 1), (1, 14, 24, 12, 1))
    assert [
        (F["dimension"], F["generators"], F["n_vertices"], F["tiles_before"], F["tiles_after"])
        for F in c.special_faces
    ] == [(2, (0, 1, 2), 6, 3, 3)]
    cb, ca = patterns_at(HEX_X, HEX_D, 0), patterns_at(HEX_X, HEX_D, 2)
    assert set(c.gained) == ca - cb and set(c.lost) == cb - ca
    assert {"".join(map(str, p)) for p in c.gained} == {"0101", "1010"}
    assert {"".join(map(str, p)) for p in c.lost} == {"0100", "1011"}
    assert set(c.vanished_at) == (cb | ca) - patterns_at(HEX_X, HEX_D, 1)
    assert pa.samples == ((0, 14), (2, 14))
    d = json.loads(json.dumps(pa.to_dict()))
    assert d["changes"][0]["epsilon"] == 1 and d["changes"][0]["special_faces"][0]["generators"] == [
        0,
        1,
        2,
    ]
    assert "ε = 1" in pa.describe() and "6 vertices" in pa.describe()
    # without faces: same chambers, no f-vectors / special faces
    c2 = type_changes(HEX_X, HEX_D, (0, 2), faces=False).changes[0]
    assert (c2.gained, c2.lost, c2.f_vectors, c2.special_faces) == (c.gained, c.lost, (), ())


def test_hexagon_unbounded_interval():
    pa = type_changes(HEX_X, HEX_D, (0, math.inf))
    assert [c.epsilon for c in pa.changes] == [1, 3]
    c3 = pa.changes[1]
    assert c3.vanishing_subsets == ((0, 1, 3), (1, 2, 3))  # point 1 hits point 3 at ε = 3
    assert c3.before == 2 and c3.after is not None and c3.after > 3
    cb, ca = patterns_at(HEX_X, HEX_D, c3.before), patterns_at(HEX_X, HEX_D, c3.after)
    assert set(c3.gained) == ca - cb and set(c3.lost) == cb - ca
    assert pa.interval == (0, math.inf) and all(n == 14 for _, n in pa.samples)
    # a starting point inside a gap, and an interval starting at a root
    assert [
        c.epsilon for c in type_changes(HEX_X, HEX_D, (Fraction(3, 2), math.inf), faces=False).changes
    ] == [3]
    c = type_changes(HEX_X, HEX_D, (1, 2), faces=False).changes[0]
    assert c.epsilon == 1 and c.before is None and c.after == 2


def test_large_coordinates_path():
    # the hexagon scaled by 10^12 (an affine map, ε unchanged): same critical values and chambers
    big = 10**12
    X = [[big * x for x in r] for r in HEX_X]
    D = [[big * x for x in r] for r in HEX_D]
    pa = type_changes(X, D, (0, math.inf), faces=False)
    assert [c.epsilon for c in pa.changes] == [1, 3]
    ref = type_changes(HEX_X, HEX_D, (0, math.inf), faces=False)
    assert [(c.gained, c.lost, c.vanishing_subsets) for c in pa.changes] == [
        (c.gained, c.lost, c.vanishing_subsets) for c in ref.changes
    ]


def test_irrational_root():
    X, D = [[0, 0], [1, 0], [0, 1]], [[0, 0], [1, 2], [1, 1]]
    root = 1 + sympy.sqrt(2)
    for lo, hi in [(0, 3), (Fraction(241, 100), Fraction(242, 100)), (2, math.inf)]:
        pa = type_changes(X, D, (lo, hi), faces=False)
        assert len(pa.changes) == 1
        c = pa.changes[0]
        a, b = c.interval
        assert c.epsilon is None and c.polynomial == (-1, -2, 1)
        assert lo <= a < b <= hi and sympy.Rational(a) < root < sympy.Rational(b)
        assert c.vanishing_subsets == ((0, 1, 2),) and c.n_chambers == (8, None, 8) and not c.crosses
        assert c.vanished_at is None and "root of" in c.epsilon_str()
        assert lo <= c.before < a and b < c.after
        assert chi_at(X, D, c.before) == chi_at(X, D, c.after)  # a global sign flip only
    assert len(type_changes(X, D, (0, 2), faces=False)) == 0
    assert len(type_changes(X, D, (Fraction(2415, 1000), 3), faces=False)) == 0
    # the other root 1 - √2 ≈ -0.414
    c = type_changes(X, D, (-1, 0), faces=False).changes[0]
    assert sympy.Rational(c.interval[0]) < 1 - sympy.sqrt(2) < sympy.Rational(c.interval[1])


def test_no_bias_path():
    pa = type_changes([[1, 0], [0, 1], [1, 1]], [[0, 0], [0, 0], [1, -1]], (0, 2), bias=False)
    assert [c.epsilon for c in pa.changes] == [1] and pa.changes[0].vanishing_subsets == ((0, 2),)
    c = pa.changes[0]
    cb = frozenset(x.pattern for x in HyperplaneArrangement([[1, 0], [0, 1], [1, 1]]).chambers())
    ca = frozenset(x.pattern for x in HyperplaneArrangement([[1, 0], [0, 1], [3, -1]]).chambers())
    assert set(c.gained) == ca - cb and set(c.lost) == cb - ca


def test_paths_without_change():
    X = [[0, 0], [4, 0], [0, 4], [5, 5], [-1, 3]]
    # translation (an affine map of determinant 1): every minor is constant
    pa = type_changes(X, [[1, -2]] * 5, (-5, math.inf))
    assert len(pa) == 0
    pa = type_changes(X, [[1, -2]] * 5, (-5, 5))
    assert len(pa) == 0 and pa.samples == ((-5, 22),)
    # scaling (1 + ε) X: a root only at ε = -1, where all points collapse (rank drop);
    # beyond it the data are -cX, an affine image, so the chamber set is the same again
    assert len(type_changes(X, X, (0, math.inf))) == 0
    c = type_changes(X, X, (-2, 0)).changes[0]
    assert c.epsilon == -1 and not c.crosses and c.n_chambers == (22, 2, 22)
    assert len(c.vanishing_subsets) == math.comb(5, 3)


def test_samples_change_free_unbounded():
    X = [[0, 0], [4, 0], [0, 4], [5, 5]]
    pa = type_changes(X, [[1, -2]] * 4, (0, math.inf))
    assert len(pa.samples) == 1


def test_type_changes_bad_input():
    X = [[0, 0], [1, 0], [0, 1]]
    with pytest.raises(InvalidDataError):
        type_changes(X, [[0, 0], [1, 0]], (0, 1))
    with pytest.raises(InvalidDataError):
        type_changes(X, [[0], [1], [1]], (0, 1))
    with pytest.raises(InvalidDataError):
        type_changes(X, [[0, 0], [1, 0], [0, 1]], (2, 1))
    with pytest.raises(InvalidDataError):
        perturbed(X, [[0, 0]], 1)
    with pytest.raises(ExactReluError):
        type_changes([[0, 0], [1, 0]], [[1, 1], [0, 2]], (0, 1))  # path leaves the 2-dim span
    assert issubclass(InvalidDataError, ExactReluError)


# ------------------------------------------------------------------ type_changes: properties
def _check_path(X, D, lo, hi):
    try:
        pa = type_changes(X, D, (lo, hi))
    except DegenerateInputError:
        # refused only when the path's vectors span more than their generic rank
        A = [list(map(Fraction, x)) + [1] for x in X]
        B = [list(map(Fraction, v)) + [0] for v in D]
        r = max(
            linalg.rank([[a + Fraction(t, 3) * b for a, b in zip(ra, rb)] for ra, rb in zip(A, B)])
            for t in range(1, 12)
        )
        assert r < linalg.rank(A + B)
        return None
    # critical values agree with an independent sympy computation
    ref = ref_critical_values(X, D, lo, hi)
    if ref is not None:
        roots, polys = ref
        assert len(roots) == len(pa.changes)
        for r, c in zip(roots, pa.changes):
            if c.epsilon is not None:
                assert r == sympy.Rational(c.epsilon)
            else:
                assert not r.is_rational and sympy.Rational(c.interval[0]) < r < sympy.Rational(c.interval[1])
            minpoly = sympy.Poly(list(reversed(c.polynomial)), EPS)
            assert set(c.vanishing_subsets) == {B for B, p in polys.items() if p.rem(minpoly).is_zero}
    # the type is constant on each gap and changes at each critical value
    gaps = gap_bounds(pa)
    for left, right, incl_l, incl_r in gaps:
        pts = in_gap_samples(left, right) if left < right else []
        pts += ([left] if incl_l else []) + ([right] if incl_r else [])
        chis = {chi_at(X, D, e) for e in pts}
        assert len(chis) == 1, (left, right)
    for c in pa.changes:
        if c.before is not None and c.after is not None:
            cb, ca = patterns_at(X, D, c.before), patterns_at(X, D, c.after)
            assert set(c.gained) == ca - cb and set(c.lost) == cb - ca
            assert c.crosses == (chi_at(X, D, c.before) != chi_at(X, D, c.after))
            assert c.n_chambers[0] == len(cb) and c.n_chambers[2] == len(ca)
        if c.epsilon is not None:
            c0 = patterns_at(X, D, c.epsilon)
            assert c.n_chambers[1] == len(c0)
            for s in (c.before, c.after):
                if s is not None:
                    assert chi_at(X, D, s) != chi_at(X, D, c.epsilon)
            near = (patterns_at(X, D, c.before) if c.before is not None else frozenset()) | (
                patterns_at(X, D, c.after) if c.after is not None else frozenset()
            )
            assert set(c.vanished_at) == near - c0
            assert c.f_vectors[1] == Zonotope.from_data(perturbed(X, D, c.epsilon)).f_vector()
            for F in c.special_faces:
                assert len(F["generators"]) > F["dimension"] >= 1
    return pa


@FAST
@given(st.integers(1, 2).flatmap(lambda d: integer_datasets(d=d, n=(d + 1, 5), max_value=2)), st.data())
def test_type_changes_property(X, data):
    d = len(X[0])
    D = data.draw(
        st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=len(X), max_size=len(X))
    )
    lo = data.draw(st.sampled_from([Fraction(0), Fraction(-2), Fraction(-1, 2)]))
    hi = data.draw(st.sampled_from([Fraction(2), Fraction(5, 2), math.inf]))
    _check_path(X, D, lo, hi)


@TINY
@given(generic_datasets(d=2, n=(3, 4)), st.data())
def test_type_changes_generic_start(X, data):
    # data in general position: no critical value at ε = 0, and none closer than the certified radius
    D = data.draw(
        st.lists(st.lists(st.integers(-2, 2), min_size=2, max_size=2), min_size=len(X), max_size=len(X))
    )
    pa = _check_path(X, D, Fraction(0), math.inf)
    if pa is None or not pa.changes:
        return
    first = pa.changes[0]
    assert first.interval[0] > 0
    norm_sq = max(sum(Fraction(v) ** 2 for v in row) for row in D)
    assert stability_radius(X).radius ** 2 <= first.interval[1] ** 2 * norm_sq


# ------------------------------------------------------------------ perturbation_report
def _check_report(X, D, eps):
    try:
        rep = perturbation_report(X, D, eps)
    except DegenerateInputError:
        rep = perturbation_report(X, D, eps, path=False)
        assert rep.path is None
    Y = perturbed(X, D, eps)
    cb, ca = (frozenset(c.pattern for c in HyperplaneArrangement.from_data(Z).chambers()) for Z in (X, Y))
    assert rep.epsilon == eps
    assert rep.same_type == (cb == ca) == bool(same_combinatorial_type(X, Y))
    assert set(rep.gained) == ca - cb and set(rep.lost) == cb - ca and rep.n_chambers == (len(cb), len(ca))
    assert rep.f_vectors == (Zonotope.from_data(X).f_vector(), Zonotope.from_data(Y).f_vector())
    chx, chy = chirotope(X), chirotope(Y)
    if chx.rank == chy.rank:
        subs = list(chx.subsets())
        assert set(rep.broken) == {B for B, a, b in zip(subs, chx.signs, chy.signs) if a == 0 and b != 0}
        assert set(rep.created) == {B for B, a, b in zip(subs, chx.signs, chy.signs) if b == 0 and a != 0}
    assert rep.displacement_sq == max(sum((Fraction(eps) * Fraction(v)) ** 2 for v in row) for row in D)
    assert math.isclose(rep.displacement, math.sqrt(rep.displacement_sq))
    assert rep.stable_radius == stability_radius(X)
    if rep.path is not None:
        lo, hi = sorted((Fraction(0), Fraction(eps)))
        assert rep.path.to_dict() == type_changes(X, D, (lo, hi)).to_dict()
        if not rep.same_type:
            assert rep.path.changes  # a different type at ε means a critical value in [0, ε]
    d = json.loads(json.dumps(rep.to_dict()))
    assert d["epsilon"] == exact_number(eps) and d["same_type"] == rep.same_type
    assert d["n_chambers"] == list(rep.n_chambers) and d["stable_radius"]["radius"] == exact_number(
        rep.stable_radius.radius
    )
    assert isinstance(rep.describe(), str)
    return rep


def test_perturbation_report_hexagon():
    rep = _check_report(HEX_X, HEX_D, 2)
    assert rep.same_type is False and rep.n_chambers == (14, 14)
    assert [c.epsilon for c in rep.path.changes] == [1]
    rep = _check_report(HEX_X, HEX_D, Fraction(1, 2))
    assert rep.same_type and rep.gained == rep.lost == () and rep.path.changes == ()
    assert _check_report(HEX_X, HEX_D, -3).path.interval == (-3, 0)
    rep = perturbation_report(HEX_X, HEX_D, 0)
    assert rep.same_type and rep.path is None


@FAST
@given(st.integers(1, 2).flatmap(lambda d: integer_datasets(d=d, n=(d + 1, 4), max_value=2)), st.data())
def test_perturbation_report_property(X, data):
    d = len(X[0])
    D = data.draw(
        st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=len(X), max_size=len(X))
    )
    eps = data.draw(st.sampled_from([Fraction(1, 10), Fraction(1), Fraction(-3, 2), Fraction(2)]))
    _check_report(X, D, eps)


# ------------------------------------------------------------------ probe_stability
def test_probe_docstring_examples():
    pr = probe_stability([[0, 0], [1, 1], [2, 2], [0, 1]], trials=3)
    assert pr.immediate == 3 and pr.changes_under_small_perturbation and pr.example_direction is not None
    assert pr.radius.radius == 0 and pr.consistent
    assert all(c["epsilon"] == 0 and c["displacement"] == 0 for c in pr.first_changes)
    pr = probe_stability([[0, 0], [4, 0], [0, 4], [5, 5]], trials=5)
    assert pr.immediate == 0 and pr.consistent and pr.min_displacement > float(pr.radius.radius)
    assert pr.example_direction is None and not pr.changes_under_small_perturbation
    d = json.loads(json.dumps(pr.to_dict()))
    assert d["trials"] == 5 and d["certified_radius"] == exact_number(pr.radius.radius)


@TINY
@given(st.integers(1, 2).flatmap(lambda d: degenerate_datasets(d=d, n=(d + 1, 5))), st.integers(0, 3))
def test_probe_degenerate(X, seed):
    pr = probe_stability(X, trials=6, seed=seed)
    assert pr.immediate > 0 and pr.changes_under_small_perturbation and pr.consistent
    assert pr.radius.radius == 0 and pr.example_direction is not None
    assert sum(c["epsilon"] == 0 for c in pr.first_changes) == pr.immediate
    # the example direction breaks the type at every small ε
    Y = perturbed(X, pr.example_direction, Fraction(1, 10**6))
    assert not same_combinatorial_type(X, Y, witness=False)


def test_probe_rank_deficient_degenerate():
    pr = probe_stability([[0], [0]], trials=2, seed=1)
    assert pr.immediate >= 1 and pr.changes_under_small_perturbation


@TINY
@given(st.integers(1, 2).flatmap(lambda d: generic_datasets(d=d, n=(d + 1, 5))), st.integers(0, 3))
def test_probe_generic(X, seed):
    pr = probe_stability(X, trials=5, seed=seed)
    assert pr.immediate == 0 and pr.consistent and not pr.changes_under_small_perturbation
    r = float(pr.radius.radius)
    assert r > 0
    for c in pr.first_changes:
        if c["displacement"] is not None:
            assert r <= c["displacement"] and c["interval"][0] > 0
    assert r <= pr.min_displacement


def test_probe_to_dict_no_change_interval_is_null():
    pr = probe_stability([[0, 0], [4, 0], [0, 4]], trials=1, seed=3)
    assert pr.first_changes[0]["displacement"] is None
    assert pr.to_dict()["first_changes"][0]["interval"] is None


def test_probe_to_dict_is_strict_json():
    pr = probe_stability([[0, 0], [4, 0], [0, 4]], trials=1, seed=3)
    json.dumps(pr.to_dict(), allow_nan=False)


# ------------------------------------------------------------------ simplest_between
def test_simplest_between_examples():
    assert simplest_between(Fraction(1, 3), Fraction(1, 2)) == Fraction(2, 5)
    assert simplest_between(-1, 1) == 0
    assert simplest_between(2, math.inf) == 3
    assert simplest_between(Fraction(5, 2), math.inf) == 3
    assert simplest_between(-7, math.inf) == 0
    assert simplest_between(0, 1) == Fraction(1, 2)
    assert simplest_between(1, 2) == Fraction(3, 2)
    assert simplest_between(-1, 0) == Fraction(-1, 2)
    assert simplest_between(Fraction(-1, 2), Fraction(-1, 3)) == Fraction(-2, 5)
    assert simplest_between(Fraction(-7, 2), Fraction(-1, 2)) == -1
    assert simplest_between(Fraction(314, 100), Fraction(315, 100)) == Fraction(22, 7)
    for a, b in [(1, 1), (2, 1), (Fraction(1, 2), Fraction(1, 2))]:
        with pytest.raises(InvalidDataError):
            simplest_between(a, b)


def _no_simpler(a, b, x):
    q = x.denominator
    for qq in range(1, q):
        p = math.floor(a * qq) + 1  # the smallest p with p/qq > a
        assert not Fraction(p, qq) < b, (a, b, x, Fraction(p, qq))
    # among denominator q the one closest to 0
    inside = [
        Fraction(p, q)
        for p in range(math.floor(a * q) + 1, math.ceil(b * q))
        if Fraction(p, q).denominator == q and a < Fraction(p, q) < b
    ]
    assert x == min(inside, key=abs)


@settings(max_examples=150, deadline=None)
@given(st.fractions(-20, 20, max_denominator=60), st.fractions(-20, 20, max_denominator=60))
def test_simplest_between_property(a, b):
    if a == b:
        with pytest.raises(InvalidDataError):
            simplest_between(a, b)
        return
    a, b = min(a, b), max(a, b)
    x = simplest_between(a, b)
    assert isinstance(x, Fraction) and a < x < b
    _no_simpler(a, b, x)
    assert simplest_between(-b, -a) == -x  # symmetric
    y = simplest_between(a, math.inf)
    assert y == (0 if a < 0 else math.floor(a) + 1)
