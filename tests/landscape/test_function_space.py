"""The function space of one ReLU (Karhadkar et al. 2023, Proposition 13, Appendix D) and its picture.

Modules: exactrelu.landscape.function_space, region_table, convexity, proposition13.

Every property comes with a negative control: tampered certificates and witnesses
must fail their verifiers, vectors outside F_X must be rejected with a verified
certificate, and data that drop a hypothesis (repeated points, 2-D data) must
make the Proposition 13 check fail.
"""

import importlib
import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact.errors import DegenerateInputError, ExactReluError, InvalidDataError
from exactrelu.landscape.convexity import (
    is_convex_on,
    nonnegative_convex_cone_rays,
    relu_sum,
    relu_sum_is_nonnegative_convex,
)
from exactrelu.landscape.function_space import (
    Membership,
    function_space_contains,
    image_cone_contains,
    is_on_polyline,
    membership_system,
    polyline_position,
    polyline_vertices,
    verify_membership,
    verify_motzkin,
)
from exactrelu.landscape.proposition13 import verify_proposition13
from exactrelu.landscape.region_table import appendix_d_table, region_table
from exactrelu.strategies import one_d_datasets

F = Fraction
X3 = [[0], [1], [3]]
X4 = [[-2], [0], [1], [3]]


def _row(r):
    return (r.rank, tuple(sorted(r.facets)), tuple(sorted(r.rays)), tuple(sorted(r.image_rays)))


# ------------------------------------------------------------------ Appendix D's table
# (rank, facets (j, side), rays (w, b), image rays), written out by hand from the
# paper's table with z~(i) = (w, b) = (-1, x_i):  x = 0, 1, 3
APPENDIX_D_N3 = {
    (0, 0, 0): (0, ((0, -1), (2, -1)), ((-1, 0), (1, -3)), ()),
    (1, 0, 0): (1, ((0, 1), (1, -1)), ((-1, 0), (-1, 1)), ((1, 0, 0),)),
    (1, 1, 0): (2, ((1, 1), (2, -1)), ((-1, 1), (-1, 3)), ((1, 0, 0), (3, 2, 0))),
    (1, 1, 1): (2, ((0, 1), (2, 1)), ((-1, 3), (1, 0)), ((0, 1, 3), (3, 2, 0))),
    (0, 1, 1): (2, ((0, -1), (1, 1)), ((1, -1), (1, 0)), ((0, 0, 1), (0, 1, 3))),
    (0, 0, 1): (1, ((1, -1), (2, 1)), ((1, -3), (1, -1)), ((0, 0, 1),)),
}


def test_appendix_d_table_n3_by_hand():
    t = region_table(X3)
    assert {r.pattern: _row(r) for r in t} == APPENDIX_D_N3
    assert [r.pattern for r in t] == [(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1), (0, 0, 1)]
    assert t.by_pattern()[(1, 1, 0)].halfplanes == "H_2^+ ∩ H_3^-"
    assert t.by_pattern()[(1, 1, 1)].ray_labels == ("z~(3)", "-z~(1)")
    # the paper's formulas give the same rows
    paper = appendix_d_table(X3)
    assert {
        p: (v["rank"], v["facets"], v["rays"], v["image_rays"]) for p, v in paper.items()
    } == APPENDIX_D_N3


def test_appendix_d_table_n4():
    t = region_table(X4)
    assert len(t) == 8 and t.ranks() == {0: 1, 1: 2, 2: 5}
    rows = t.by_pattern()
    assert rows[(0, 0, 0, 0)].rank == 0 and rows[(0, 0, 0, 0)].image_rays == ()
    assert rows[(1, 0, 0, 0)].rank == 1 and rows[(1, 0, 0, 0)].image_rays == ((1, 0, 0, 0),)
    assert rows[(0, 0, 0, 1)].rank == 1 and rows[(0, 0, 0, 1)].image_rays == ((0, 0, 0, 1),)
    assert rows[(1, 1, 1, 0)].rays == ((-1, 1), (-1, 3))  # z~(3), z~(4)
    assert rows[(1, 1, 1, 0)].image_rays == ((3, 1, 0, 0), (5, 3, 2, 0))  # u_3, u_4
    assert rows[(0, 0, 1, 1)].ray_labels == ("-z~(3)", "-z~(2)")
    assert rows[(0, 0, 1, 1)].image_rays == ((0, 0, 0, 1), (0, 0, 1, 3))  # v_3 ∝ e_4, v_2
    paper = appendix_d_table(X4)
    assert set(paper) == set(rows)
    for p, v in paper.items():
        assert _row(rows[p]) == (v["rank"], v["facets"], v["rays"], v["image_rays"])
    for r in t:  # witnesses lie in the open regions
        assert all((2 * a - 1) * (r.witness[0] * x[0] + r.witness[1]) > 0 for a, x in zip(r.pattern, X4))


def test_unsorted_input_maps_patterns_back():
    perm = [2, 0, 3, 1]
    Xp = [X4[i] for i in perm]
    t, tp = region_table(X4).by_pattern(), region_table(Xp).by_pattern()
    for p, r in t.items():
        q = tuple(p[i] for i in perm)
        assert tp[q].rank == r.rank and tp[q].rays == r.rays
        assert set(tp[q].image_rays) == {tuple(g[i] for i in perm) for g in r.image_rays}
    assert verify_proposition13(Xp)["holds"]


def test_region_table_json():
    d = json.loads(json.dumps(region_table([0, "1/2", 3]).to_dict()))
    assert d["x"] == [[0], ["1/2"], [3]] and len(d["records"]) == 6
    assert {tuple(r["pattern"]) for r in d["records"]} >= {(0, 0, 0), (1, 1, 1)}


# ------------------------------------------------------------------ the polyline
def test_polyline_vertices_n3():
    verts = polyline_vertices(X3)
    assert [v.label for v in verts] == ["z~(2) X<=2", "z~(3) X<=3", "-z~(1) X>=1", "-z~(2) X>=2"]
    assert [v.vector for v in verts] == [(1, 0, 0), (3, 2, 0), (0, 1, 3), (0, 0, 2)]
    assert [v.normalised for v in verts][1] == (F(3, 5), F(2, 5), F(0))
    assert all(sum(v.normalised) == 1 and all(isinstance(c, F) for c in v.normalised) for v in verts)
    all2n = polyline_vertices(X3, include_zero=True)
    assert len(all2n) == 6 and [v.label for v in all2n if not any(v.vector)] == ["z~(1) X<=1", "-z~(3) X>=3"]


def test_polyline_degenerate_inputs():
    with pytest.raises(DegenerateInputError):
        polyline_vertices([[5]])
    with pytest.raises(DegenerateInputError):
        polyline_vertices([2, 2, 2])
    with pytest.raises(InvalidDataError):
        polyline_vertices([[0, 1], [1, 0]])
    with pytest.raises(ExactReluError):
        function_space_contains(X3, [1, 2])
    # repeated points: duplicates listed once, labels kept
    verts = polyline_vertices([[-1], [0], [0], [2]])
    assert len(verts) == 4 and verts[0].duplicates == ("z~(3) X<=3",)


def test_literal_reading_of_eq2_is_not_in_the_function_space():
    """z~(i) X_{>=i} and -z~(i) X_{<=i} (signs paired the other way) are <= 0: negatives of the vertices."""
    xs = [x[0] for x in X4]
    for i, c in enumerate(xs):
        for vec in (
            [c - x if j >= i else 0 for j, x in enumerate(xs)],
            [x - c if j <= i else 0 for j, x in enumerate(xs)],
        ):
            assert all(v <= 0 for v in vec)
            if any(vec):
                r = function_space_contains(X4, vec)
                assert not r and r.negative_index is not None and r.verify(X4)
                assert function_space_contains(X4, [-v for v in vec]).contained


def test_polyline_position():
    assert polyline_position(X3, [1, 1, 1]) == (1, F(4, 9))
    assert polyline_position(X3, [2, 0, 0]) == (0, F(0))
    assert polyline_position(X3, [0, 0, 0]) is None and polyline_position(X3, [-1, 1, 3]) is None
    assert not is_on_polyline(X3, [1, 0, 1])


# ------------------------------------------------------------------ Proposition 13, property tests
@given(one_d_datasets(n=(2, 6), max_value=8, sort=False))
def test_proposition13_holds_on_distinct_data(X):
    c = verify_proposition13(X)
    assert c["holds"] and c["hypotheses_hold"], c["failures"]
    n = len(X)
    assert c["regions"] == c["zaslavsky"] == 2 * n and len(c["polyline"]) == 2 * n - 2
    json.dumps(c)


@given(one_d_datasets(n=(2, 6), max_value=6, duplicates=True))
def test_proposition13_negative_control_repeated_point(X):
    c = verify_proposition13(X)
    assert not c["holds"] and not c["hypotheses_hold"] and not c["hypotheses"]["distinct"]
    assert c["regions"] < 2 * len(X)


def test_proposition13_negative_control_2d():
    c = verify_proposition13([[0, 0], [2, 0], [0, 2], [1, 3]])
    assert not c["holds"] and not c["hypotheses"]["one_dimensional"]
    assert c["ranks"]["3"] > 0 and any("rank 3" in f for f in c["failures"])
    assert any(len(r["image_rays"]) >= 3 and r["rank"] == 3 for r in c["table"])


def test_proposition13_n1_is_outside_the_table():
    c = verify_proposition13([[4]])
    assert not c["holds"] and not c["hypotheses"]["n_at_least_2"]
    assert function_space_contains([[4]], [7]).contained  # F_X = R_{>=0}, eq. (2) gives only 0


_values = st.lists(st.integers(-3, 6), min_size=6, max_size=6)


@given(one_d_datasets(n=(2, 5), max_value=6, sort=False), _values)
def test_membership_agrees_with_polyline(X, vals):
    f = vals[: len(X)]
    r = function_space_contains(X, f)
    assert r.verify(X)
    assert r.contained == (not any(f) or is_on_polyline(X, f))
    if r.contained:
        if any(f):  # negative control: a moved witness no longer reproduces f
            bad = Membership(True, r.kind, r.f, witness=(r.witness[0], r.witness[1] + 1))
            assert not verify_membership(X, bad)
            floaty = Membership(True, r.kind, r.f, witness=tuple(float(c) for c in r.witness))
            assert not verify_membership(X, floaty)
    elif r.dependency is not None:  # negative control: a tampered certificate is rejected
        bad = Membership(False, r.kind, r.f, farkas=r.farkas, dependency=tuple(-c for c in r.dependency))
        assert not verify_membership(X, bad)
        assert not verify_membership(X, Membership(True, r.kind, r.f, witness=(0, 0)))


@given(one_d_datasets(n=(2, 5), max_value=6, sort=False), st.integers(-4, 4), st.integers(-6, 6))
def test_every_parameter_lands_in_its_image_cone(X, w, b):
    xs = [x[0] for x in X]
    pre = [w * x + b for x in xs]
    f = [max(v, 0) for v in pre]
    pattern = tuple(int(v > 0) for v in pre)
    assert function_space_contains(X, f).contained
    assert not any(f) or is_on_polyline(X, f)
    closed = image_cone_contains(X, pattern, f, closed=True)
    assert closed and closed.verify(X)
    opened = image_cone_contains(X, pattern, f)
    assert opened.verify(X)
    if all(v != 0 for v in pre):  # θ in the open region itself
        assert opened.contained
    # negative control: the complementary pattern's image never holds a nonzero f
    other = tuple(1 - a for a in pattern)
    if any(f):
        r = image_cone_contains(X, other, f, closed=True)
        assert not r and r.verify(X)
        assert verify_motzkin(*_rows(X, other, f), r.farkas)
        assert not verify_motzkin(*_rows(X, other, f), tuple(-v for v in r.farkas))


def _in_cone(rays, f):
    """f in cone(rays) for at most two rays (exact, by hand, independent of the module)."""
    if not any(f):
        return True
    if any(v < 0 for v in f) or not rays:
        return False
    g = [F(v, sum(f)) for v in f]
    ends = [[F(v, sum(r)) for v in r] for r in rays]
    if len(ends) == 1:
        return g == ends[0]
    p, q = ends
    j = next(i for i in range(len(p)) if p[i] != q[i])
    lam = (g[j] - p[j]) / (q[j] - p[j])
    return 0 <= lam <= 1 and all(p[i] + lam * (q[i] - p[i]) == g[i] for i in range(len(p)))


@given(one_d_datasets(n=(2, 4), max_value=5, sort=False), _values)
def test_closed_image_is_the_cone_over_the_image_rays(X, vals):
    f = vals[: len(X)]
    for r in region_table(X):
        closed = image_cone_contains(X, r.pattern, f, closed=True)
        assert closed.verify(X) and closed.contained == _in_cone(r.image_rays, f)
        opened = image_cone_contains(X, r.pattern, f)
        assert opened.verify(X) and (not opened.contained or closed.contained)


def _rows(X, pattern, f):
    rows, kinds, _ = membership_system(X, f, "closed", pattern)
    return rows, kinds


def test_open_versus_closed_image():
    ray = [3, 2, 0]  # u_3: boundary ray of the image of region 110
    assert not image_cone_contains(X3, (1, 1, 0), ray)
    r = image_cone_contains(X3, (1, 1, 0), ray, closed=True)
    assert r.witness == (F(-1), F(3)) and r.verify(X3)
    inner = [4, 2, 0]  # u_2 + u_3: interior of the segment's cone
    r = image_cone_contains(X3, (1, 1, 0), inner)
    assert r and r.verify(X3)
    # an infeasible pattern (not a step vector) has empty image, certified
    r = image_cone_contains(X3, (1, 0, 1), [1, 0, 1], closed=True)
    assert not r and r.verify(X3)
    with pytest.raises(InvalidDataError):
        image_cone_contains(X3, (1, 2, 0), [0, 0, 0])


def test_motzkin_verifier_rejects_floats_and_wrong_signs():
    assert verify_motzkin([(1,), (-1,)], (">", ">="), (1, 1))
    assert not verify_motzkin([(1,), (-1,)], (">", ">="), (1.0, 1.0))
    assert not verify_motzkin([(1,), (-1,)], (">", ">="), (1, -1))
    assert not verify_motzkin([(1,), (-1,)], (">=", ">="), (1, 1))


# ------------------------------------------------- convexity (Karhadkar et al. 2023, section 6)
@given(
    one_d_datasets(n=(3, 6), max_value=8, sort=False),
    st.lists(st.tuples(st.integers(-3, 3), st.integers(-5, 5), st.integers(0, 3)), min_size=1, max_size=4),
)
def test_nonnegative_relu_sums_are_nonnegative_convex(X, units):
    ok, f = relu_sum_is_nonnegative_convex(X, [u[:2] for u in units], [u[2] for u in units])
    assert ok and all(isinstance(v, F) for v in f)


def test_negative_coefficient_breaks_convexity():
    ok, f = relu_sum_is_nonnegative_convex([[-1], [0], [1]], [(1, 0), (0, 1)], [-1, 1])
    assert f == (1, 1, 0) and not ok and not is_convex_on([[-1], [0], [1]], f)
    with pytest.raises(DegenerateInputError):
        is_convex_on([0, 0, 1], [0, 0, 1])
    assert relu_sum(X3, [(1, -1)]) == (0, 0, 2)


@given(one_d_datasets(n=(2, 6), max_value=8, sort=False))
def test_convex_cone_rays_are_the_polyline_vertices(X):
    from exactrelu.exact.linalg import primitive_vector

    rays = set(nonnegative_convex_cone_rays(X))
    assert rays == {primitive_vector(v.vector) for v in polyline_vertices(X)}
    assert all(is_convex_on(X, r) for r in rays)
    # negative control: the sum of two non-adjacent vertices is convex but not extreme
    verts = polyline_vertices(X)
    if len(verts) >= 3:
        s = tuple(a + b for a, b in zip(verts[0].vector, verts[2].vector))
        assert is_convex_on(X, s) and primitive_vector(s) not in rays


# ------------------------------------------------- the proofs check (registered by the maintainer)
@pytest.fixture
def prop13_module():
    from proofs_checks.framework import _REGISTRY

    had = "prop13" in _REGISTRY
    mod = importlib.import_module("proofs_checks.prop13_function_space")
    yield mod
    if not had:  # leave the registry as we found it (tests/test_proofs_checks.py lists the checks)
        _REGISTRY.pop("prop13", None)


def test_prop13_check(prop13_module):
    from proofs_checks import Counterexample, Verified

    fn = prop13_module.check_prop13
    r = fn(prop13_module._default())
    assert isinstance(r, Verified) and r.certificate["regions"] == 8
    assert r.certificate["outside_chord_midpoint"]["dependency"]
    json.dumps(r.to_dict())
    neg = fn(prop13_module._negative())
    assert isinstance(neg, Counterexample) and neg.details["hypotheses_hold"] is False
    rep = fn([[-1], [0], [0], [2]])
    assert isinstance(rep, Counterexample) and rep.details["hypotheses_hold"] is False
    json.dumps(neg.to_dict())


# ------------------------------------------------------------------ Figure 1
@pytest.mark.parametrize("X", [X3, X4, [[3], [-1], [0], [2]]])
def test_picture(tmp_path, X):
    pytest.importorskip("matplotlib")
    from exactrelu.plot.function_space import plot_function_space

    path = tmp_path / f"fs{len(X)}.png"
    fig = plot_function_space(X, str(path))
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"".join(map(str, v.pattern)) for v in polyline_vertices(X)} <= texts


def test_picture_rejects_large_n():
    pytest.importorskip("matplotlib")
    from exactrelu.plot.function_space import plot_function_space

    with pytest.raises(InvalidDataError):
        plot_function_space([0, 1, 2, 3, 4])
