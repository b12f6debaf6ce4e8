"""Zonotope Z = Σ [0, g_i]: duality with the arrangement, Sage's truth table, cdd cross-check."""

from fractions import Fraction

import networkx as nx
import pytest
from conftest import load_truth
from hypothesis import given

from exactrelu import DegenerateInputError, HyperplaneArrangement, SizeLimitError, Zonotope
from exactrelu.geometry.zonotope import edge_generators
from exactrelu.strategies import integer_datasets, rational_datasets

TRUTH = [t for t in load_truth() if t.get("zonotope_f_vector") and t["chambers"] <= 3000]


@pytest.mark.parametrize("inst", TRUTH, ids=[t["name"] for t in TRUTH])
def test_f_vector_and_edges_match_sage(inst):
    Z = Zonotope.from_data(inst["points"])
    assert list(Z.f_vector()) == [1, *inst["zonotope_f_vector"]]  # Sage counts the empty face too
    G = Z.graph()
    assert G.number_of_nodes() == inst["chambers"] and G.number_of_edges() == inst["edges"]
    assert Z.n_edges() == inst["edges"] and Z.n_vertices() == inst["chambers"]


@given(integer_datasets(d=(1, 2), n=(1, 5), max_value=3))
def test_vertices_are_pattern_sums_and_agree_with_cdd(X):
    Z = Zonotope.from_data(X)
    V = Z.vertices()
    A = HyperplaneArrangement.from_data(X)
    assert set(V) == {c.pattern for c in A.chambers()}
    for a, v in V.items():
        assert v == tuple(sum(g[j] for g, ai in zip(Z.generators, a) if ai) for j in range(Z.dimension))
    report = Z.double_description_check()
    assert report.ok, report.message


@given(rational_datasets(d=2, n=(2, 4)))
def test_rational_generators_exact(X):
    Z = Zonotope.from_data(X)
    ineqs, _ = Z.inequalities()
    for v in Z.vertices().values():
        assert Z.contains(v)
    # every facet inequality is tight at some vertex (it is the support function)
    for u, b in ineqs:
        assert max(sum(Fraction(x) * y for x, y in zip(u, v)) for v in Z.vertices().values()) == b
    # negative control: a point beyond a vertex along its facet normal is outside
    u, b = ineqs[0]
    far = tuple(Fraction(x) * (abs(b) + 1) * 4 for x in u)
    assert not Z.contains(far)


@given(integer_datasets(d=(1, 2), n=(1, 5), max_value=3))
def test_edges_are_translates_of_flipped_generators(X):
    Z = Zonotope.from_data(X)
    V = Z.vertices()
    for a, b, data in Z.graph().edges(data=True):
        diff = tuple(x - y for x, y in zip(V[a], V[b]))
        flipped = edge_generators(data)
        assert {i for i in range(len(a)) if a[i] != b[i]} == set(flipped)
        # the edge vector is ± the sum of the flipped generators with their signs
        s = tuple(sum((a[i] - b[i]) * Z.generators[i][j] for i in flipped) for j in range(Z.dimension))
        assert diff == s


@given(integer_datasets(d=(1, 2), n=(1, 4), max_value=3))
def test_face_lattice_is_graded_and_counts_faces(X):
    Z = Zonotope.from_data(X)
    L = Z.face_lattice()
    fv = Z.f_vector()
    assert L.number_of_nodes() == sum(fv) - 1  # the Hasse diagram leaves out the empty face
    for g, f in L.edges:
        assert L.nodes[f]["dimension"] == L.nodes[g]["dimension"] + 1
        # a facet's covector refines the face's: same nonzero signs where the face has them
        assert all(sf == 0 or sf == sg for sf, sg in zip(f, g))
    # every edge of Z (dimension 1) has exactly two vertices
    assert all(L.in_degree(f) == 2 for f in L if L.nodes[f]["dimension"] == 1)
    assert nx.is_directed_acyclic_graph(L)


def test_power_is_cartesian_product():
    Z = Zonotope.from_data([[0], [1], [2]])
    P = Z.power(2)
    G = P.graph()
    H = nx.cartesian_product(Z.graph(), Z.graph())
    assert nx.is_isomorphic(G, H)
    assert P.n_vertices() == 36 == len(P.vertices()) and P.n_edges() == G.number_of_edges()
    assert P.f_vector() == (1, 36, 72, 48, 12, 1)  # 1, then (6 + 6t + t^2)^2
    with pytest.raises(SizeLimitError):
        Z.power(5).vertices(limit=1000)


def test_degenerate_and_non_full_dimensional():
    Z = Zonotope.from_data([[1, 1], [2, 2], [3, 3]])  # collinear: a hexagon in a plane of R^3
    assert Z.rank() == 2 and Z.f_vector() == (1, 6, 6, 1)
    ineqs, eqs = Z.inequalities()
    assert len(ineqs) == 6 and len(eqs) == 1
    assert Z.double_description_check().ok
    with pytest.raises(DegenerateInputError):
        Zonotope([[0, 0], [1, 0]])


def test_duplicate_generators_make_one_long_edge():
    Z = Zonotope.from_data([[0], [0], [1]])
    G = Z.graph()
    assert Z.n_vertices() == 4
    assert any(
        edge_generators(data) == (0, 1) and data["generators"] == "0,1" for _, _, data in G.edges(data=True)
    )
