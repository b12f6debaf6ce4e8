"""Tests of exactrelu.geometry.combinatorial_type: chirotope, labelled type, zonotope equivalence,
stability radius."""

import dataclasses
import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exactrelu.exact.certificates import verify_witness
from exactrelu.exact.errors import ExactReluError, InvalidDataError, SizeLimitError
from exactrelu.exact.lp import verify_farkas
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import (
    Chirotope,
    chirotope,
    combinatorially_equivalent,
    same_combinatorial_type,
    stability_radius,
    vectors_of,
    verify_chirotope,
    verify_face_lattice_isomorphism,
    verify_stability_radius,
)
from exactrelu.geometry.position import affine_general_position
from exactrelu.geometry.probes import breaking_perturbation
from exactrelu.geometry.zonotope import Zonotope
from exactrelu.strategies import (
    degenerate_datasets,
    generic_datasets,
    integer_datasets,
    normal_matrices,
    one_d_datasets,
    rational_datasets,
)

FAST = settings(max_examples=30, deadline=None)
TINY = settings(max_examples=12, deadline=None)


# ------------------------------------------------------------------ independent references
def ref_det(rows):
    """Determinant by Fraction Gaussian elimination (independent of flint)."""
    M = [[Fraction(x) for x in r] for r in rows]
    n, d = len(M), Fraction(1)
    for c in range(n):
        p = next((i for i in range(c, n) if M[i][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            M[c], M[p] = M[p], M[c]
            d = -d
        d *= M[c][c]
        for i in range(c + 1, n):
            f = M[i][c] / M[c][c]
            M[i] = [a - f * b for a, b in zip(M[i], M[c])]
    return d


def ref_rank(rows):
    M = [[Fraction(x) for x in r] for r in rows]
    rk, cols = 0, len(M[0]) if M else 0
    for c in range(cols):
        p = next((i for i in range(rk, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[rk], M[p] = M[p], M[rk]
        for i in range(len(M)):
            if i != rk and M[i][c] != 0:
                f = M[i][c] / M[rk][c]
                M[i] = [a - f * b for a, b in zip(M[i], M[rk])]
        rk += 1
    return rk


def sgn(x):
    return (x > 0) - (x < 0)


def ref_chirotope(X, bias=True):
    """Normalised sign vector of the maximal minors, on the first column set independent on the span."""
    V = [[Fraction(x) for x in r] + ([Fraction(1)] if bias else []) for r in X]
    r = ref_rank(V)
    J = next(
        J
        for J in itertools.combinations(range(len(V[0])), r)
        if ref_rank([[v[j] for j in J] for v in V]) == r
    )
    signs = [
        sgn(ref_det([[V[i][j] for j in J] for i in B])) for B in itertools.combinations(range(len(V)), r)
    ]
    first = next((s for s in signs if s), 1)
    return r, tuple(s * first for s in signs)


def chamber_set(X, bias=True):
    return frozenset(c.signs for c in HyperplaneArrangement.from_data(X, bias=bias).chambers())


def is_coloop(V, i):
    return ref_rank([v for k, v in enumerate(V) if k != i]) < ref_rank(V)


def assert_distinguishing_chamber(X, Y, cmp, bias=True):
    """The returned chamber is certified present in one arrangement and absent from the other."""
    assert cmp.pattern is not None and cmp.present_in in ("x", "y")
    here, there = (X, Y) if cmp.present_in == "x" else (Y, X)
    s = tuple(1 if p else -1 for p in cmp.pattern)
    assert verify_witness(vectors_of(here, bias=bias), s, cmp.witness)
    assert verify_farkas(vectors_of(there, bias=bias), s, cmp.certificate)
    assert s in chamber_set(here, bias) and s not in chamber_set(there, bias)


# ------------------------------------------------------------------ chirotope: unit tests
def test_chirotope_known_values():
    chi = chirotope([[0, 0], [1, 0], [0, 1], [1, 1]])
    assert (chi.n, chi.rank, chi.signs) == (4, 3, (1, 1, -1, -1))
    assert list(chi.subsets()) == [(0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3)]
    assert chi[(0, 1, 2)] == 1 and chi[(1, 0, 2)] == -1 and chi[(2, 0, 1)] == 1 and chi[(3, 2, 1)] == 1
    assert chi.bases() == list(chi.subsets()) and chi.non_bases() == []
    # 1-D with bias: sign det((a,1),(b,1)) = sign(a - b), normalised
    assert chirotope([[0], [1], [2]]).signs == (1, 1, 1)
    assert chirotope([[0], [2], [1]]).signs == (1, 1, -1)
    # no bias: det(e1,e2)=1, det(e1,(1,1))=1, det(e2,(1,1))=-1
    assert chirotope([[1, 0], [0, 1], [1, 1]], bias=False).signs == (1, 1, -1)
    # collinear triple: one dependent 3-subset
    chi = chirotope([[0, 0], [1, 1], [2, 2], [0, 1]])
    assert chi.non_bases() == [(0, 1, 2)] and chi.signs[0] == 0
    # rank below the dimension: minors on the span (three collinear points: rank 2)
    chi = chirotope([[0, 0], [1, 1], [2, 2]])
    assert (chi.rank, chi.signs) == (2, (1, 1, 1))
    # Fractions and scaled rows give the same signs
    assert chirotope([[0, 0], [Fraction(1, 3), 0], [0, Fraction(5, 7)], [1, 1]]).signs == (1, 1, -1, -1)
    d = json.loads(json.dumps(chirotope([[0, 0], [1, 1], [2, 2], [0, 1]]).to_dict()))
    assert d["n"] == 4 and d["rank"] == 3 and d["signs"][0] == "0" and set(d["signs"]) <= set("+-0")


def test_chirotope_bad_arguments():
    chi = chirotope([[0, 0], [1, 0], [0, 1], [1, 1]])
    for bad in [(0, 1), (0, 0, 1), (0, 1, 4), (0, 1, 2, 3)]:
        with pytest.raises(InvalidDataError):
            chi[bad]
    with pytest.raises(InvalidDataError):
        chi.relabel([0, 1, 2])
    with pytest.raises(InvalidDataError):
        chi.relabel([0, 0, 1, 2])
    assert issubclass(InvalidDataError, ExactReluError)


def test_chirotope_large_coordinates_and_limit():
    # beyond the int64 fast path: the exact route must give the reference signs
    big = 10**18
    X = [[0, 0], [big, 1], [1, big], [big + 7, big - 3], [-big, 2 * big + 1]]
    chi = chirotope(X)
    assert (chi.rank, chi.signs) == ref_chirotope(X) and verify_chirotope(X, chi)
    # an affine image with huge coefficients keeps the type
    Y = [[big * x + 3, big * y - 5] for x, y in [[0, 0], [1, 0], [0, 1], [2, 3], [-1, 2]]]
    assert chirotope(Y) == chirotope([[0, 0], [1, 0], [0, 1], [2, 3], [-1, 2]])
    with pytest.raises(SizeLimitError):
        chirotope(X, limit=5)
    assert chirotope(X, limit=10) == chi


def test_relabel_negative_control():
    X = [[0], [1], [2]]
    perm = (1, 0, 2)
    Y = [X[p] for p in perm]
    assert chirotope(Y) == chirotope(X).relabel(perm)
    assert chirotope(Y) != chirotope(X)  # without relabelling they differ


def test_negative_scaling_negative_control_and_coloop():
    # 4 vectors in R^2, no coloop: negating any one of them changes the normalised chirotope
    V = [[1, 0], [0, 1], [1, 1], [1, -2]]
    chi = chirotope(V, bias=False)
    for i in range(4):
        W = [[-x for x in r] if k == i else r for k, r in enumerate(V)]
        assert chirotope(W, bias=False) != chi
        assert chirotope(W, bias=False) == chi.reorient([i])
    # a coloop (in every basis) flips every sign: the normalised chirotope is unchanged
    V = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]]
    W = V[:3] + [[0, 0, -5]]
    assert is_coloop(V, 3) and chirotope(W, bias=False) == chirotope(V, bias=False)


def test_verify_chirotope_unit():
    X = [[0, 0], [1, 0], [0, 1], [1, 1], [3, -1]]
    chi = chirotope(X)
    assert verify_chirotope(X, chi)
    k = [i for i, s in enumerate(chi.signs) if s][1]
    bad = list(chi.signs)
    bad[k] = -bad[k]
    assert not verify_chirotope(X, Chirotope(chi.n, chi.rank, tuple(bad)))
    assert not verify_chirotope(X, Chirotope(chi.n, chi.rank, tuple(-s for s in chi.signs)))  # not normalised
    assert not verify_chirotope(X, Chirotope(chi.n, chi.rank - 1, chi.signs))
    assert not verify_chirotope(X[:4], chi)
    # a zero turned into a sign, and a sign turned into a zero
    Xc = [[0, 0], [1, 1], [2, 2], [0, 1]]
    chi = chirotope(Xc)
    assert verify_chirotope(Xc, chi)
    assert not verify_chirotope(Xc, Chirotope(4, 3, (1,) + chi.signs[1:]))
    assert not verify_chirotope(Xc, Chirotope(4, 3, chi.signs[:3] + (0,)))


# ------------------------------------------------------------------ chirotope: properties
@FAST
@given(integer_datasets(d=(1, 3), n=(1, 6), max_value=3))
def test_chirotope_matches_reference(X):
    chi = chirotope(X)
    assert (chi.rank, chi.signs) == ref_chirotope(X)
    assert verify_chirotope(X, chi)
    assert sorted(chi.bases() + chi.non_bases()) == list(chi.subsets())


@FAST
@given(normal_matrices(D=(1, 3), n=(1, 5)), st.data())
def test_positive_scaling_invariance_and_negative_control(V, data):
    chi = chirotope(V, bias=False)
    i = data.draw(st.integers(0, len(V) - 1))
    lam = data.draw(st.fractions(min_value=Fraction(1, 9), max_value=9, max_denominator=9))
    W = [[lam * x for x in r] if k == i else r for k, r in enumerate(V)]
    assert chirotope(W, bias=False) == chi
    # negative scaling = reorientation: unchanged exactly when row i is a coloop (it is never a loop here)
    Wn = [[-lam * x for x in r] if k == i else r for k, r in enumerate(V)]
    cn = chirotope(Wn, bias=False)
    assert cn == chi.reorient([i])
    assert (cn == chi) == is_coloop(V, i)


@FAST
@given(rational_datasets(d=(1, 2), n=(2, 5)), st.data())
def test_permutation_relabel(X, data):
    perm = data.draw(st.permutations(range(len(X))))
    Y = [X[p] for p in perm]
    chi = chirotope(X)
    assert chirotope(Y) == chi.relabel(perm)
    # relabelling by the inverse permutation goes back
    inv = [perm.index(k) for k in range(len(X))]
    assert chi.relabel(perm).relabel(inv) == chi
    # definition: χ_Y(B) = χ_X(perm(B)) up to one global sign (unsorted lookup carries the parity)
    cy = chi.relabel(perm)
    raw = [chi[tuple(perm[k] for k in B)] for B in cy.subsets()]
    assert list(cy.signs) in (raw, [-v for v in raw])


@FAST
@given(normal_matrices(D=(1, 3), n=(1, 5)), st.data())
def test_reorient_is_negation(V, data):
    idx = data.draw(st.sets(st.integers(0, len(V) - 1)))
    W = [[-x for x in r] if k in idx else r for k, r in enumerate(V)]
    assert chirotope(W, bias=False) == chirotope(V, bias=False).reorient(idx)
    assert verify_chirotope(W, chirotope(V, bias=False).reorient(idx), bias=False)


@FAST
@given(integer_datasets(d=(1, 2), n=(2, 6), max_value=3))
def test_verify_chirotope_tampered(X):
    chi = chirotope(X)
    assert verify_chirotope(X, chi)
    nz = [k for k, s in enumerate(chi.signs) if s]
    assume(len(nz) >= 2)
    for k in nz[1:]:
        bad = list(chi.signs)
        bad[k] = -bad[k]
        assert not verify_chirotope(X, Chirotope(chi.n, chi.rank, tuple(bad)))


# ------------------------------------------------------------------ same_combinatorial_type
def test_same_type_docstring_examples():
    assert same_combinatorial_type([[0, 0], [1, 0], [0, 1]], [[0, 0], [5, 1], [1, 7]])
    X, Y = [[0], [1], [2]], [[0], [2], [1]]
    r = same_combinatorial_type(X, Y)
    assert not r and r.reason == "chirotope differs" and r.subset == (1, 2)
    assert_distinguishing_chamber(X, Y, r)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["same"] is False and d["present_in"] in ("x", "y")
    r = same_combinatorial_type(X, Y, witness=False)
    assert not r and r.pattern is None and r.witness is None


def test_same_type_rank_and_size_differences():
    X, Y = [[0, 0], [1, 1], [2, 2]], [[0, 0], [1, 1], [2, 3]]
    r = same_combinatorial_type(X, Y)
    assert not r and r.reason.startswith("different ranks") and r.subset is None
    assert_distinguishing_chamber(X, Y, r)
    r = same_combinatorial_type([[0], [1]], [[0], [1], [2]])
    assert not r and "numbers of points" in r.reason


def test_same_type_different_dimensions():
    # dimensions may differ: collinear points in R^2 have the type of their 1-D coordinates
    assert same_combinatorial_type([[0], [1], [3]], [[0, 0], [1, 1], [3, 3]])
    X, Y = [[0], [1], [3]], [[0, 0], [3, 3], [1, 1]]
    r = same_combinatorial_type(X, Y)
    assert not r and r.reason == "chirotope differs"
    assert_distinguishing_chamber(X, Y, r)
    X, Y = [[0], [1], [3]], [[0, 0], [1, 0], [0, 1]]
    r = same_combinatorial_type(X, Y)
    assert not r and r.reason.startswith("different ranks")
    assert_distinguishing_chamber(X, Y, r)


def test_affine_map_negative_determinant_keeps_type():
    # homogenised vectors are mapped by [[A, b], [0, 1]] of determinant det A: a global
    # sign of every minor, removed by the normalisation.  Checked, not just claimed:
    X = [[0, 0], [1, 0], [0, 1], [2, 3], [-1, 2]]
    Y = [[-x + 2 * y + 1, y - 3] for x, y in X]  # det A = -1
    assert ref_det([[-1, 2], [0, 1]]) == -1
    raw_x = [sgn(ref_det([list(X[i]) + [1] for i in B])) for B in itertools.combinations(range(5), 3)]
    raw_y = [sgn(ref_det([list(Y[i]) + [1] for i in B])) for B in itertools.combinations(range(5), 3)]
    assert raw_y == [-s for s in raw_x] and raw_x != raw_y  # raw signs flip globally
    assert same_combinatorial_type(X, Y) and chamber_set(X) == chamber_set(Y)


@FAST
@given(integer_datasets(d=(1, 3), n=(2, 5), max_value=3), st.data())
def test_affine_maps_preserve_type(X, data):
    d = len(X[0])
    A = data.draw(st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=d, max_size=d))
    b = data.draw(st.lists(st.fractions(-3, 3, max_denominator=3), min_size=d, max_size=d))
    det = ref_det(A)
    Y = [[sum(A[i][j] * x[j] for j in range(d)) + b[i] for i in range(d)] for x in X]
    r = same_combinatorial_type(X, Y)
    if det != 0:
        assert r, (det, r)
        assert chamber_set(X) == chamber_set(Y)
    else:
        # negative control: a singular map loses the type exactly when it loses rank
        hx, hy = ref_rank([list(x) + [1] for x in X]), ref_rank([list(y) + [1] for y in Y])
        if hy < hx:
            assert not r and chamber_set(X) != chamber_set(Y)


@FAST
@given(integer_datasets(d=(1, 2), n=(2, 5), max_value=3), st.data())
def test_same_type_iff_same_chambers(X, data):
    kind = data.draw(st.sampled_from(["move", "permute", "scale"]))
    Y = [list(r) for r in X]
    if kind == "move":
        i = data.draw(st.integers(0, len(X) - 1))
        Y[i] = data.draw(st.lists(st.integers(-3, 3), min_size=len(X[0]), max_size=len(X[0])))
    elif kind == "permute":
        Y = [Y[p] for p in data.draw(st.permutations(range(len(X))))]
    else:
        lam = data.draw(st.sampled_from([Fraction(1, 2), 2, -1, -3]))
        Y = [[lam * x for x in r] for r in Y]
    r = same_combinatorial_type(X, Y)
    cx, cy = chamber_set(X), chamber_set(Y)
    assert bool(r) == (cx == cy)
    assert bool(r) == (ref_chirotope(X) == ref_chirotope(Y))
    if not r:
        assert_distinguishing_chamber(X, Y, r)
        assert r.chirotope_x != r.chirotope_y


@FAST
@given(one_d_datasets(n=(2, 5), duplicates=None, sort=False))
def test_same_type_one_d_order(X):
    # 1-D with bias: the type is the order type (with ties) of the points
    Y = sorted(X)
    same_order = all(
        sgn(X[i][0] - X[j][0]) == sgn(Y[i][0] - Y[j][0]) for i in range(len(X)) for j in range(len(X))
    )
    same_order |= all(
        sgn(X[i][0] - X[j][0]) == -sgn(Y[i][0] - Y[j][0]) for i in range(len(X)) for j in range(len(X))
    )
    assert bool(same_combinatorial_type(X, Y)) == same_order


# ------------------------------------------------------------------ combinatorially_equivalent
def test_equivalent_docstring_and_duplicate_merge():
    a = Zonotope.from_data([[0, 0], [1, 0], [0, 1], [1, 1]])
    b = Zonotope.from_data([[0, 0], [3, 1], [1, 4], [5, 5]])
    c = Zonotope.from_data([[0, 0], [1, 0], [2, 0], [0, 1]])
    e = combinatorially_equivalent(a, b)
    assert e and verify_face_lattice_isomorphism(a.face_lattice(), b.face_lattice(), e.mapping)
    ne = combinatorially_equivalent(a, c)
    assert not ne and ne.mapping is None and ne.vertex_map is None
    assert ne.f_vectors[0] != ne.f_vectors[1]
    # duplicate generators merged vs one doubled generator
    g = [(1, 0, 1), (0, 1, 1), (1, 1, 1)]
    Z1 = Zonotope([g[0], g[0], g[1], g[2]])
    Z2 = Zonotope([tuple(2 * x for x in g[0]), g[1], g[2]])
    e = combinatorially_equivalent(Z1, Z2)
    assert e and e.f_vectors[0] == e.f_vectors[1] == Z2.f_vector()
    assert verify_face_lattice_isomorphism(Z1.face_lattice(), Z2.face_lattice(), e.mapping)
    # face-lattice DiGraphs are accepted too; the vertex map sends vertices to vertices
    e2 = combinatorially_equivalent(Z1.face_lattice(), Z2)
    assert e2 and len(e2.vertex_map) == Z1.n_vertices()
    d = json.loads(json.dumps(e2.to_dict()))
    assert d["equivalent"] is True and len(d["vertex_map"]) == Z1.n_vertices()
    with pytest.raises(InvalidDataError):
        combinatorially_equivalent([[1, 0]], Z2)


def _tamperings(G1, G2, mapping):
    vertices = [a for a in mapping if G1.nodes[a]["dimension"] == 0]
    out = []
    m = dict(mapping)
    m[vertices[0]], m[vertices[1]] = m[vertices[1]], m[vertices[0]]  # swap two vertex images
    out.append(m)
    m = dict(mapping)
    top = next(
        a for a in mapping if G1.nodes[a]["dimension"] == max(d for _, d in G1.nodes(data="dimension"))
    )
    m[vertices[0]], m[top] = m[top], m[vertices[0]]  # dimension not preserved
    out.append(m)
    m = dict(mapping)
    del m[vertices[0]]  # not total
    out.append(m)
    m = dict(mapping)
    m[vertices[0]] = m[vertices[1]]  # not injective
    out.append(m)
    return out


@TINY
@given(generic_datasets(d=2, n=(3, 5)), st.data())
def test_equivalent_under_relabel_reorient_scale(X, data):
    V = [list(map(Fraction, r)) + [Fraction(1)] for r in X]
    n = len(V)
    perm = data.draw(st.permutations(range(n)))
    signs = data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n))
    scales = data.draw(st.lists(st.fractions(Fraction(1, 5), 5, max_denominator=5), min_size=n, max_size=n))
    W = [[signs[k] * scales[k] * x for x in V[perm[k]]] for k in range(n)]
    Z1, Z2 = Zonotope(V), Zonotope(W)
    G1, G2 = Z1.face_lattice(), Z2.face_lattice()
    e = combinatorially_equivalent(Z1, Z2)
    assert e and verify_face_lattice_isomorphism(G1, G2, e.mapping)
    assert set(e.vertex_map) == set(Z1.vertices()) and set(e.vertex_map.values()) == set(Z2.vertices())
    for bad in _tamperings(G1, G2, e.mapping):
        assert not verify_face_lattice_isomorphism(G1, G2, bad)
    # one generator duplicated vs doubled
    i = data.draw(st.integers(0, n - 1))
    Zd = Zonotope(V + [V[i]])
    Zt = Zonotope([[2 * x for x in r] if k == i else r for k, r in enumerate(V)])
    e = combinatorially_equivalent(Zd, Zt)
    assert e and verify_face_lattice_isomorphism(Zd.face_lattice(), Zt.face_lattice(), e.mapping)


@TINY
@given(
    st.integers(3, 5).flatmap(lambda n: st.tuples(generic_datasets(d=2, n=n), degenerate_datasets(d=2, n=n)))
)
def test_generic_vs_degenerate_not_equivalent(pair):
    X, Y = pair
    e = combinatorially_equivalent(Zonotope.from_data(X), Zonotope.from_data(Y))
    assert not e and e.mapping is None
    assert e.f_vectors[0] != e.f_vectors[1] and "f-vectors differ" in e.reason
    assert e.f_vectors[0] == Zonotope.from_data(X).f_vector()


# ------------------------------------------------------------------ stability_radius
def test_stability_radius_docstring():
    X = [[0, 0], [1, 0], [0, 1]]
    s = stability_radius(X)
    assert s.radius == Fraction(23, 128) and s.holds and verify_stability_radius(X, s)
    assert float(s) == 23 / 128
    assert json.loads(json.dumps(s.to_dict()))["radius"] == "23/128"
    s = stability_radius([[0, 0], [1, 1], [2, 2], [0, 1]])
    assert s.radius == 0 and not s.holds and s.dependent_subsets == ((0, 1, 2),) and s.n_dependent == 1
    assert verify_stability_radius([[0, 0], [1, 1], [2, 2], [0, 1]], s)
    assert json.loads(json.dumps(s.to_dict()))["dependent_subsets"] == [[0, 1, 2]]


def test_stability_radius_tampered_certificates():
    X = [[0, 0], [4, 0], [0, 4], [5, 5]]
    s = stability_radius(X)
    assert s.radius > 0 and verify_stability_radius(X, s)
    t, k = s, 0
    while verify_stability_radius(X, t):
        t = dataclasses.replace(t, radius=2 * t.radius)
        k += 1
        assert k < 64
    assert k >= 1
    # a row bound below the row's norm
    rho = list(s.row_bounds)
    row = vectors_of(X)[0]
    rho[0] = rho[0] / 2
    assert rho[0] ** 2 < sum(x * x for x in row)
    assert not verify_stability_radius(X, dataclasses.replace(s, row_bounds=tuple(rho)))
    assert not verify_stability_radius(X, dataclasses.replace(s, row_bounds=s.row_bounds[:-1]))
    assert not verify_stability_radius(X, dataclasses.replace(s, radius=Fraction(0)))
    assert not verify_stability_radius(X, dataclasses.replace(s, radius=-s.radius))
    assert not verify_stability_radius(X, dataclasses.replace(s, radius=float(s.radius)))
    assert not verify_stability_radius(X, dataclasses.replace(s, columns=(0, 1)))
    # a degenerate certificate with a subset that is not dependent
    Xd = [[0, 0], [1, 1], [2, 2], [0, 1]]
    sd = stability_radius(Xd)
    assert not verify_stability_radius(Xd, dataclasses.replace(sd, dependent_subsets=((0, 1, 3),)))
    assert not verify_stability_radius(Xd, dataclasses.replace(sd, radius=Fraction(1, 2)))


def _exact_perturbation(X, vs, radius, t):
    """Δ_i = t·radius·v_i / ρ_i with ρ_i = Σ|v_ij| ≥ ‖v_i‖₂, so ‖Δ_i‖₂ ≤ t·radius exactly."""
    D = []
    for v in vs:
        rho = sum(abs(x) for x in v)
        D.append([Fraction(0)] * len(v) if rho == 0 else [t * radius * Fraction(x, rho) for x in v])
    return D


@FAST
@given(generic_datasets(d=(1, 2), n=(2, 5)), st.data())
def test_perturbation_within_radius_keeps_type(X, data):
    s = stability_radius(X)
    assert s.holds and s.radius > 0 and verify_stability_radius(X, s)
    d = len(X[0])
    vs = data.draw(
        st.lists(st.lists(st.integers(-5, 5), min_size=d, max_size=d), min_size=len(X), max_size=len(X))
    )
    t = data.draw(st.sampled_from([Fraction(1), Fraction(1), Fraction(1, 2), Fraction(99, 100)]))
    D = _exact_perturbation(X, vs, s.radius, t)
    assert all(sum(x * x for x in row) <= s.radius**2 for row in D)
    Y = [[a + b for a, b in zip(rx, rd)] for rx, rd in zip(X, D)]
    assert chamber_set(Y) == chamber_set(X)
    assert same_combinatorial_type(X, Y)


@FAST
@given(rational_datasets(d=(1, 2), n=(2, 5), max_numerator=4, max_denominator=5), st.data())
def test_perturbation_within_radius_rational_data(X, data):
    assume(affine_general_position(X))
    s = stability_radius(X)
    assert s.holds and s.radius > 0 and verify_stability_radius(X, s)
    d = len(X[0])
    vs = data.draw(
        st.lists(st.lists(st.integers(-5, 5), min_size=d, max_size=d), min_size=len(X), max_size=len(X))
    )
    D = _exact_perturbation(X, vs, s.radius, Fraction(1))
    Y = [[a + b for a, b in zip(rx, rd)] for rx, rd in zip(X, D)]
    assert chamber_set(Y) == chamber_set(X) and same_combinatorial_type(X, Y)


@FAST
@given(normal_matrices(D=(2, 3), n=(2, 4)), st.data())
def test_perturbation_within_radius_no_bias(V, data):
    assume(
        ref_rank(V) == min(len(V), len(V[0]))
        and all(
            ref_rank([V[i] for i in B]) == len(V[0]) for B in itertools.combinations(range(len(V)), len(V[0]))
        )
    )
    s = stability_radius(V, bias=False)
    assert s.holds and s.radius > 0 and verify_stability_radius(V, s, bias=False)
    vs = data.draw(
        st.lists(
            st.lists(st.integers(-5, 5), min_size=len(V[0]), max_size=len(V[0])),
            min_size=len(V),
            max_size=len(V),
        )
    )
    D = _exact_perturbation(V, vs, s.radius, Fraction(1))
    W = [[a + b for a, b in zip(rx, rd)] for rx, rd in zip(V, D)]
    assert chamber_set(W, bias=False) == chamber_set(V, bias=False)
    assert same_combinatorial_type(V, W, bias=False)


@FAST
@given(degenerate_datasets(d=(1, 2), n=(2, 5)))
def test_degenerate_radius_zero_and_breaking_perturbation(X):
    s = stability_radius(X)
    assert s.radius == 0 and not s.holds and verify_stability_radius(X, s)
    full_rank = ref_rank([list(x) + [1] for x in X]) == len(X[0]) + 1
    if full_rank:
        assert s.dependent_subsets and s.n_dependent >= len(s.dependent_subsets)
        assert all(ref_det([list(X[i]) + [1] for i in B]) == 0 for B in s.dependent_subsets)
    eta = Fraction(1, 10**6)
    Delta, cmp = breaking_perturbation(X, eta)
    assert all(sum(Fraction(x) ** 2 for x in row) <= eta**2 for row in Delta)
    Y = [[a + b for a, b in zip(rx, rd)] for rx, rd in zip(X, Delta)]
    assert not cmp and chamber_set(X) != chamber_set(Y)
    assert_distinguishing_chamber(X, Y, cmp)


def test_degenerate_low_rank_lists_a_dependency():
    X = [[0, 0], [1, 1], [2, 2]]  # collinear: homogenised rank 2 < 3
    s = stability_radius(X)
    assert s.radius == 0 and not s.holds
    assert s.dependent_subsets and s.n_dependent > 0


def test_forged_radius_zero_certificate_rejected():
    X = [[0, 0], [1, 0], [0, 1], [3, 5]]
    s = stability_radius(X)
    forged = dataclasses.replace(s, radius=Fraction(0), holds=False, row_bounds=(), dependent_subsets=())
    assert not verify_stability_radius(X, forged)


def test_breaking_perturbation_refuses_generic_and_bad_eta():
    with pytest.raises(InvalidDataError):
        breaking_perturbation([[0, 0], [1, 0], [0, 1]])
    with pytest.raises(InvalidDataError):
        breaking_perturbation([[0], [0], [1]], 0)
    Delta, cmp = breaking_perturbation([[0], [0], [1]], Fraction(1, 10**6))
    assert (cmp.same, cmp.pattern, cmp.present_in) == (False, (0, 1, 0), "y")
    assert Delta[2] == (0,)
