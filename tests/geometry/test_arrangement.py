"""HyperplaneArrangement against Sage's truth table, brute force and its own certificates."""

from fractions import Fraction

import pytest
from _brute import brute_chambers
from conftest import load_truth
from hypothesis import given
from hypothesis import strategies as st

from exactrelu import DegenerateInputError, HyperplaneArrangement, SizeLimitError
from exactrelu.exact.certificates import verify_witness
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.strategies import normal_matrices

TRUTH = load_truth()
SMALL = [t for t in TRUTH if t["chambers"] <= 12000]


def _sign_string(signs):
    return "".join("+" if s > 0 else "-" if s < 0 else "0" for s in signs)


@pytest.mark.parametrize("inst", TRUTH, ids=[t["name"] for t in TRUTH])
def test_characteristic_polynomial_and_n_regions_match_sage(inst):
    A = HyperplaneArrangement.from_data(inst["points"])
    assert list(A.characteristic_polynomial()) == inst["characteristic_polynomial"]
    assert A.n_regions() == inst["chambers"]


@pytest.mark.parametrize("inst", SMALL, ids=[t["name"] for t in SMALL])
def test_chambers_match_sage_and_are_certified(inst):
    A = HyperplaneArrangement.from_data(inst["points"])
    ch = A.chambers()
    assert len(ch) == inst["chambers"]
    if inst.get("chamber_signs"):
        assert {_sign_string(c.signs) for c in ch} == set(inst["chamber_signs"])
    assert A.certify_chambers(ch)


COV = [t for t in TRUTH if t.get("covector_signs")]


@pytest.mark.parametrize("inst", COV, ids=[t["name"] for t in COV])
def test_covectors_match_sage(inst):
    A = HyperplaneArrangement.from_data(inst["points"])
    faces = A.covectors()
    assert {_sign_string(f.signs) for f in faces} == set(inst["covector_signs"])
    assert len(faces) == len(inst["covector_signs"])
    for f in faces:
        assert verify_witness(A.normals, f.signs, f.witness)


@given(normal_matrices(D=(1, 3), n=(1, 6)))
def test_chambers_equal_brute_force_lp(normals):
    A = HyperplaneArrangement(normals)
    mine = {c.signs for c in A.chambers()}
    assert mine == brute_chambers(A.normals)
    assert len(mine) == A.n_regions()
    # negative control: a sign vector outside the list is really infeasible, and
    # flipping one sign of a chamber's witness check must fail.
    c = A.chambers()[0]
    assert not verify_witness(A.normals, tuple(-s if i == 0 else s for i, s in enumerate(c.signs)), c.witness)


@given(normal_matrices(D=(1, 4), n=(1, 6)))
def test_faces_euler_relation_and_dimensions(normals):
    A = HyperplaneArrangement(normals)
    faces = A.covectors()
    fv = A.face_vector()
    assert sum(fv) == len(faces)
    # the open faces partition R^D: Σ (-1)^dim f_dim = χ_c(R^D) = (-1)^D
    assert sum((-1) ** k * f for k, f in enumerate(fv)) == (-1) ** A.dimension
    assert fv[A.dimension] == A.n_regions()
    from exactrelu.exact.linalg import rank

    for f in faces:
        assert verify_witness(A.normals, f.signs, f.witness)
        zeros = [A.normals[i] for i, s in enumerate(f.signs) if s == 0]
        assert f.dimension == A.dimension - rank(zeros)


@given(normal_matrices(D=(2, 3), n=(1, 5)), st.data())
def test_positive_scaling_and_duplicates_do_not_change_the_arrangement(normals, data):
    A = HyperplaneArrangement(normals)
    factors = data.draw(
        st.lists(
            st.fractions(min_value=Fraction(1, 5), max_value=5).filter(lambda q: q > 0),
            min_size=len(normals),
            max_size=len(normals),
        )
    )
    scaled = [[f * x for x in row] for f, row in zip(factors, normals)]
    B = HyperplaneArrangement(scaled)
    assert [c.signs for c in A.chambers()] == [c.signs for c in B.chambers()]
    # a duplicated row repeats a column of every sign vector and adds no chamber
    C = HyperplaneArrangement(list(normals) + [normals[0]])
    assert sorted(c.signs for c in C.chambers()) == sorted(c.signs + (c.signs[0],) for c in A.chambers())
    # negative control: a negative factor flips the orientation of that hyperplane
    D = HyperplaneArrangement([[-x for x in normals[0]]] + list(normals[1:]))
    assert {c.signs for c in D.chambers()} == {(-c.signs[0],) + c.signs[1:] for c in A.chambers()}


def test_opposite_parallel_normals():
    A = HyperplaneArrangement([[1, 0], [-2, 0], [0, 1]])
    assert A.n_regions() == 4 and A.n_distinct_hyperplanes() == 2
    assert all(c.signs[0] == -c.signs[1] for c in A.chambers())


def test_certify_detects_missing_duplicate_and_bad_chambers():
    A = HyperplaneArrangement.from_data([[0], [1], [2]])
    ch = A.chambers()
    assert A.certify_chambers(ch)
    with pytest.raises(CertificateError, match="chambers listed"):
        A.certify_chambers(ch[1:])
    with pytest.raises(CertificateError, match="repeated"):
        A.certify_chambers(ch[:-1] + ch[:1])
    bad = ch[0]._replace(witness=ch[1].witness)
    with pytest.raises(CertificateError, match="does not lie"):
        A.certify_chambers([bad] + ch[1:])


def test_zero_normal_and_origin_without_bias_are_refused():
    with pytest.raises(DegenerateInputError, match="zero vector"):
        HyperplaneArrangement([[0, 0], [1, 0]])
    with pytest.raises(DegenerateInputError, match="bias=True"):
        HyperplaneArrangement.from_data([[0, 0], [1, 1]], bias=False)
    # with a bias the origin is an ordinary data point
    assert HyperplaneArrangement.from_data([[0, 0], [1, 1]]).n_regions() == 4


def test_size_guard_says_predicted_size_and_how_to_raise():
    A = HyperplaneArrangement.from_data([[i, i * i] for i in range(12)])
    with pytest.raises(SizeLimitError, match="limit=") as exc:
        A.chambers(limit=10)
    assert exc.value.predicted >= A.n_regions() and exc.value.limit == 10
    assert len(A.chambers(limit=10**4)) == A.n_regions()


def test_intersection_poset_and_whitney_numbers():
    A = HyperplaneArrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]])
    P = A.intersection_poset()
    assert P.nodes[frozenset()]["rank"] == 0
    assert all(P.nodes[v]["mobius"] == -1 for v in P if P.nodes[v]["rank"] == 1)
    assert frozenset({0, 1, 3}) in P  # the three normals in the plane w3 = 0 meet in one line
    assert A.whitney_numbers(kind=2) == (1, 4, 4, 1)  # flats {0,1,3}, {0,2}, {1,2}, {2,3}
    assert A.whitney_numbers(kind=1) == tuple(reversed(A.characteristic_polynomial()))
    assert A.characteristic_polynomial(as_sympy=True).eval(-1) in (A.n_regions(), -A.n_regions())


def test_non_essential_arrangement():
    A = HyperplaneArrangement.from_data([[1, 1], [2, 2], [3, 3]])  # collinear points: rank 2 in R^3
    assert not A.is_essential() and A.rank() == 2
    assert A.characteristic_polynomial()[0] == 0
    assert len(A.chambers()) == A.n_regions() == 6


def test_adjacent_chambers_differ_exactly_in_flipped_indices():
    A = HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1], [1, 1], [2, 3]])
    pairs = A.adjacent_chambers()
    assert len(pairs) == A.face_vector()[A.dimension - 1]
    for a, b, flipped in pairs:
        assert {i for i in range(len(a.signs)) if a.signs[i] != b.signs[i]} == set(flipped)


@given(normal_matrices(D=(2, 4), n=(1, 7)))
def test_adjacency_by_flips_equals_facets_by_restriction(normals):
    """Two independent routes to the chamber graph: sign flips vs chambers of each A^H."""
    A = HyperplaneArrangement(normals)
    by_flips = {frozenset((a.signs, b.signs)) for a, b, _ in A.adjacent_chambers()}
    by_facets = set()
    for facet in A.facets():
        assert facet.dimension == A.dimension - 1 and verify_witness(A.normals, facet.signs, facet.witness)
        sa, sb = A.separated_chambers(facet)
        assert all(s != 0 for s in sa + sb) and sa != sb
        by_facets.add(frozenset((sa, sb)))
    assert by_flips == by_facets
    assert len(by_flips) == A.face_vector()[A.dimension - 1] == A.n_adjacent_pairs()


def test_separated_chambers_refuses_a_face_that_is_not_a_facet():
    A = HyperplaneArrangement([[1, 0], [0, 1]])
    with pytest.raises(InvalidDataError, match="not the sign vector of a facet"):
        A.separated_chambers(A.covectors()[0])  # the origin: two zero signs of independent normals
    assert A.separated_chambers(A.facets()[0]) == ((-1, 1), (-1, -1))  # facet (-1, 0) lies on w_2 = 0
