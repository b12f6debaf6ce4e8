"""One forged certificate per condition of the geometry-floor verifiers (docs/verifiers.md).

Positive control first (the verifier accepts the honest certificate), then a forgery that
violates exactly one condition while the others still hold.
"""

from dataclasses import replace
from fractions import Fraction

import networkx as nx
import pytest

from exactrelu.exact.errors import CertificateError
from exactrelu.exact.lp import ConeFeasibility
from exactrelu.geometry.arrangement import Chamber, HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import (
    Chirotope,
    StabilityRadius,
    chirotope,
    same_combinatorial_type,
    stability_radius,
    verify_chirotope,
    verify_face_lattice_isomorphism,
    verify_stability_radius,
    verify_type_comparison,
)
from exactrelu.geometry.patterns import MultiUnitFeasibility, is_feasible_pattern, verify_pattern_certificate
from exactrelu.geometry.zonotope import Zonotope

# ----------------------------------------------------------------------------- certify_chambers
H = HyperplaneArrangement([[1, 0], [0, 1], [1, 1]])


def test_chambers_positive_control():
    assert len(H.chambers()) == 6 and H.certify_chambers() and H.certify_chambers(H.chambers())


def test_chambers_every_witness_checked():
    ch = H.chambers()
    last = ch[-1]
    forged = ch[:-1] + [Chamber(last.signs, tuple(-x for x in last.witness))]  # distinct, count right
    with pytest.raises(CertificateError, match="does not lie"):
        H.certify_chambers(forged)


def test_chambers_distinct():
    ch = H.chambers()
    forged = ch[:-1] + [ch[0]]  # witnesses valid, count 6, but a repeat replaces a chamber
    with pytest.raises(CertificateError, match="repeated"):
        H.certify_chambers(forged)


def test_chambers_count():
    with pytest.raises(CertificateError, match="chambers listed"):
        H.certify_chambers(H.chambers()[:-1])


def test_chambers_no_zero_signs():
    # hole reported for issue 16: a lower-dimensional face with an exact witness on a hyperplane
    A = HyperplaneArrangement([[1, 0], [0, 1]])
    ch = A.chambers()
    forged = [c for c in ch if c.signs != (1, 1)] + [Chamber((1, 0), (1, 0))]
    with pytest.raises(CertificateError):
        A.certify_chambers(forged)


# ----------------------------------------------------------------------------- chirotope
X3 = [[0, 0], [1, 0], [0, 1], [1, 1]]


def test_chirotope_positive_control():
    chi = chirotope(X3)
    assert verify_chirotope(X3, chi)
    # up to one global sign: the normalised form is what is compared
    assert chi.signs == (1, 1, -1, -1)


def test_chirotope_number_of_points():
    chi = chirotope(X3)
    assert not verify_chirotope(X3[:3], replace(chi, signs=chi.signs[:1]))
    assert not verify_chirotope(X3, Chirotope(5, 3, chi.signs + (1,) * 6))


def test_chirotope_rank():
    X = [[0, 0], [1, 0], [0, 1]]
    assert verify_chirotope(X, chirotope(X))
    assert not verify_chirotope(X, Chirotope(3, 2, (1, 1, 1)))


@pytest.mark.parametrize("k", [0, 3])
def test_chirotope_every_value(k):
    chi = chirotope(X3)
    signs = list(chi.signs)
    signs[k] = -signs[k] if k else signs[k]  # k = 0 must stay +1 (normalised); flip the last
    if k == 0:
        signs[1] = -signs[1]
    assert not verify_chirotope(X3, replace(chi, signs=tuple(signs)))


def test_chirotope_lower_rank_columns():
    # rank 2 < D = 3 (collinear points with bias): columns are chosen, values still checked
    X = [[0, 0], [1, 1], [2, 2]]
    chi = chirotope(X)
    assert chi.rank == 2 and verify_chirotope(X, chi)
    assert not verify_chirotope(X, replace(chi, signs=(1, 1, -1)))


# ----------------------------------------------------------------------------- face lattices
def _graph(nodes, edges):
    G = nx.DiGraph()
    for v, d in nodes.items():
        G.add_node(v, dimension=d)
    G.add_edges_from(edges)
    return G


def test_face_lattice_positive_control():
    G = Zonotope([[1, 0], [0, 1]]).face_lattice()
    assert verify_face_lattice_isomorphism(G, G, {v: v for v in G})
    flip = {v: tuple(-x for x in v) for v in G}  # central symmetry is an automorphism
    assert verify_face_lattice_isomorphism(G, G, flip)


def test_face_lattice_domain():
    G = _graph({"a": 0, "b": 1}, [("a", "b")])
    assert not verify_face_lattice_isomorphism(G, G, {"a": "a"})


def test_face_lattice_onto():
    G1 = _graph({"a": 0}, [])
    G2 = _graph({"a": 0, "z": 0}, [])
    assert not verify_face_lattice_isomorphism(G1, G2, {"a": "a"})


def test_face_lattice_injective():
    G1 = _graph({"a": 0, "b": 0}, [])
    G2 = _graph({"c": 0}, [])
    assert not verify_face_lattice_isomorphism(G1, G2, {"a": "c", "b": "c"})


def test_face_lattice_dimensions():
    G1 = _graph({"a": 0, "b": 0}, [])
    G2 = _graph({"a": 0, "b": 1}, [])
    assert verify_face_lattice_isomorphism(G1, G1, {"a": "a", "b": "b"})
    assert not verify_face_lattice_isomorphism(G1, G2, {"a": "a", "b": "b"})


def test_face_lattice_edges_onto_edges():
    G1 = _graph({"a": 0, "b": 0}, [("a", "b")])
    assert not verify_face_lattice_isomorphism(G1, _graph({"a": 0, "b": 0}, []), {"a": "a", "b": "b"})
    assert not verify_face_lattice_isomorphism(
        G1, _graph({"a": 0, "b": 0}, [("b", "a")]), {"a": "a", "b": "b"}
    )
    G3 = _graph({"a": 0, "b": 0}, [("a", "b"), ("b", "a")])  # more edges than the image
    assert not verify_face_lattice_isomorphism(G1, G3, {"a": "a", "b": "b"})


# ----------------------------------------------------------------------------- stability radius
GP = [[0, 0], [1, 0], [0, 1]]
DEP = [[0, 0], [1, 1], [2, 2], [0, 1]]


@pytest.fixture(scope="module")
def sr():
    s = stability_radius(GP)
    assert s.holds and verify_stability_radius(GP, s)
    return s


@pytest.fixture(scope="module")
def sr0():
    s = stability_radius(DEP)
    assert not s.holds and verify_stability_radius(DEP, s)
    return s


def test_stability_columns_match_rank(sr):
    assert not verify_stability_radius(GP, replace(sr, columns=sr.columns[:2]))


def test_stability_rank(sr):
    assert not verify_stability_radius(GP, replace(sr, rank=2, columns=(0, 1)))


def test_stability_one_row_bound_per_point(sr):
    # an extra bound would be ignored by zip: the Hadamard test still passes
    assert not verify_stability_radius(GP, replace(sr, row_bounds=sr.row_bounds + (Fraction(1),)))


def test_stability_row_bounds_nonnegative(sr):
    # ρ_0 = −10^6: ρ_0² ≥ ‖row‖² and the Hadamard gap is very negative (< |det|): only ρ ≥ 0 fails
    assert not verify_stability_radius(GP, replace(sr, row_bounds=(Fraction(-(10**6)),) + sr.row_bounds[1:]))


def test_stability_row_bounds_cover_the_norm(sr):
    # ρ_0 = 0 < ‖(0, 0, 1)‖ = 1; a smaller ρ only shrinks the gap, so Hadamard still holds
    assert not verify_stability_radius(GP, replace(sr, row_bounds=(Fraction(0),) + sr.row_bounds[1:]))


def test_stability_radius_is_exact(sr):
    assert not verify_stability_radius(GP, replace(sr, radius=0.125))  # float (exact binary, below δ)


def test_stability_radius_positive(sr):
    assert not verify_stability_radius(GP, replace(sr, radius=Fraction(0)))
    assert not verify_stability_radius(GP, replace(sr, radius=Fraction(-1, 8)))


def test_stability_hadamard(sr):
    assert not verify_stability_radius(GP, replace(sr, radius=Fraction(1)))
    assert not verify_stability_radius(GP, replace(sr, radius=sr.radius * 2))


def test_stability_not_general_position_on_general_data(sr):
    assert not verify_stability_radius(
        GP, replace(sr, holds=False, radius=Fraction(0), dependent_subsets=((0, 1, 2),))
    )


def test_stability_zero_radius(sr0):
    assert not verify_stability_radius(DEP, replace(sr0, radius=Fraction(1, 2)))


def test_stability_some_subset_listed(sr0):
    assert not verify_stability_radius(DEP, replace(sr0, dependent_subsets=()))


def test_stability_subset_size(sr0):
    # 4 vectors in R^3 are always dependent: only the size bound |B| ≤ min(N, D) fails
    assert not verify_stability_radius(DEP, replace(sr0, dependent_subsets=((0, 1, 2, 3),)))


def test_stability_subset_dependent(sr0):
    assert not verify_stability_radius(DEP, replace(sr0, dependent_subsets=((0, 1, 3),)))
    assert not verify_stability_radius(DEP, replace(sr0, dependent_subsets=((0, 1, 2), (0, 1, 3))))


# ----------------------------------------------------------------------------- type comparison
X, Y = [[0], [1], [2]], [[0], [2], [1]]


@pytest.fixture(scope="module")
def tc():
    r = same_combinatorial_type(X, Y)
    assert not r.same and r.pattern is not None and verify_type_comparison(X, Y, r)
    return r


def test_type_same_positive_control():
    A, B = [[0, 0], [1, 0], [0, 1]], [[0, 0], [5, 1], [1, 7]]
    r = same_combinatorial_type(A, B)
    assert r.same and verify_type_comparison(A, B, r)
    assert not verify_type_comparison(A, B, replace(r, same=False))


def test_type_number_of_points(tc):
    assert verify_type_comparison(X, Y[:2], same_combinatorial_type(X, Y[:2]))
    assert not verify_type_comparison(X, Y[:2], replace(tc, same=True))


def test_type_chirotopes_present(tc):
    assert not verify_type_comparison(X, Y, replace(tc, chirotope_y=None))


def test_type_chirotopes_checked(tc):
    # claim Y has X's chirotope and "same": the chirotope of Y is wrong
    assert not verify_type_comparison(X, Y, replace(tc, chirotope_y=tc.chirotope_x, same=True, pattern=None))


def test_type_same_iff_equal(tc):
    assert not verify_type_comparison(X, Y, replace(tc, same=True, pattern=None))


def test_type_present_in(tc):
    assert not verify_type_comparison(X, Y, replace(tc, present_in="z"))
    assert not verify_type_comparison(X, Y, replace(tc, present_in="y"))


def test_type_witness(tc):
    assert not verify_type_comparison(X, Y, replace(tc, witness=None))
    assert not verify_type_comparison(X, Y, replace(tc, witness=tuple(-w for w in tc.witness)))


def test_type_farkas(tc):
    assert not verify_type_comparison(X, Y, replace(tc, certificate=None))
    assert not verify_type_comparison(X, Y, replace(tc, certificate=tuple(c + 1 for c in tc.certificate)))
    assert not verify_type_comparison(X, Y, replace(tc, certificate=tuple(float(c) for c in tc.certificate)))


# ----------------------------------------------------------------------------- pattern certificates
P = [[0], [1], [2]]


def test_pattern_positive_control():
    for pat in ([1, 0, 1], [0, 1, 1], [[0, 1, 1], [1, 0, 1]], [[0, 1, 1], [0, 0, 1]]):
        assert verify_pattern_certificate(P, pat, is_feasible_pattern(P, pat))


def test_pattern_matrix_needs_multi_unit():
    r = is_feasible_pattern(P, [0, 1, 1])
    assert not verify_pattern_certificate(P, [[0, 1, 1]], r)


def test_pattern_matrix_one_certificate_per_unit():
    r = is_feasible_pattern(P, [[0, 1, 1], [0, 0, 1]])
    assert not verify_pattern_certificate(P, [[0, 1, 1], [0, 0, 1]], replace(r, units=r.units[:1]))


def test_pattern_matrix_feasible_is_the_conjunction():
    r = is_feasible_pattern(P, [[0, 1, 1], [1, 0, 1]])
    assert not r.feasible
    assert not verify_pattern_certificate(P, [[0, 1, 1], [1, 0, 1]], replace(r, feasible=True))
    ok = is_feasible_pattern(P, [[0, 1, 1], [0, 0, 1]])
    assert not verify_pattern_certificate(P, [[0, 1, 1], [0, 0, 1]], replace(ok, feasible=False))


def test_pattern_matrix_every_unit_checked():
    r = is_feasible_pattern(P, [[0, 1, 1], [0, 0, 1]])
    bad = ConeFeasibility(True, witness=tuple(-w for w in r.units[1].witness))
    assert not verify_pattern_certificate(
        P, [[0, 1, 1], [0, 0, 1]], MultiUnitFeasibility(True, (r.units[0], bad))
    )


def test_pattern_single_needs_cone_feasibility():
    r = is_feasible_pattern(P, [[0, 1, 1]])
    assert isinstance(r, MultiUnitFeasibility) and not verify_pattern_certificate(P, [0, 1, 1], r)


def test_pattern_single_certificate_checked():
    assert not verify_pattern_certificate(P, [1, 0, 1], ConeFeasibility(False, certificate=(1, 1, 1)))
    assert not verify_pattern_certificate(P, [0, 1, 1], ConeFeasibility(True, witness=(-1, 1)))


def test_stability_full_rank_for_a_positive_radius():
    # hole fixed for issue 16: three collinear points have rank 2 < min(N, D) = 3; every 2-subset
    # on columns (0, 2) has a nonzero minor, so the Hadamard test passed and a radius > 0 was accepted
    X = [[0, 0], [1, 1], [2, 2]]
    forged = StabilityRadius(Fraction(1, 1000), True, 2, 3, (0, 2), (Fraction(3),) * 3)
    assert not verify_stability_radius(X, forged)
    assert verify_stability_radius(X, stability_radius(X))


def test_type_same_has_no_pattern(tc):
    A, B = [[0, 0], [1, 0], [0, 1]], [[0, 0], [5, 1], [1, 7]]
    r = same_combinatorial_type(A, B)
    assert not verify_type_comparison(A, B, replace(r, pattern=(0, 0, 1), present_in="x"))


def test_type_without_witness(tc):
    # same_combinatorial_type(..., witness=False): the differing chirotopes are the proof
    r = same_combinatorial_type(X, Y, witness=False)
    assert r.pattern is None and verify_type_comparison(X, Y, r)


def test_type_present_in_is_read(tc):
    # a valid certificate of a chamber present in Y (from the swapped comparison) ...
    r = same_combinatorial_type(Y, X)
    assert r.present_in == "x"
    in_y = replace(tc, pattern=r.pattern, present_in="y", witness=r.witness, certificate=r.certificate)
    assert verify_type_comparison(X, Y, in_y)
    # ... is no certificate under another label
    assert not verify_type_comparison(X, Y, replace(in_y, present_in="z"))
    assert not verify_type_comparison(X, Y, replace(in_y, present_in="x"))


def test_stability_singleton_dependent_subset():
    # without a bias a zero point is a dependent subset of size 1 (0 < |B|, not 1 < |B|)
    X = [[0, 0], [1, 0], [0, 1]]
    s = replace(stability_radius(X, bias=False), dependent_subsets=((0,),))
    assert verify_stability_radius(X, s, bias=False)


def test_stability_hadamard_is_strict():
    # one point x = 2, no bias: gap(δ) = δ and |det| = 2; δ = 2 reaches 0 (type change), equality is refused
    s = stability_radius([[2]], bias=False)
    assert verify_stability_radius([[2]], replace(s, radius=Fraction(19, 10)), bias=False)
    assert not verify_stability_radius([[2]], replace(s, radius=Fraction(2)), bias=False)


def test_stability_hadamard_every_subset():
    # asymmetric data: at the first dyadic δ that fails, some subset still passes (all, not any)
    X = [[0, 0], [1, 0], [0, 1], [3, 5]]
    s = stability_radius(X)
    d = next(
        Fraction(k, 256)
        for k in range(1, 512)
        if not verify_stability_radius(X, replace(s, radius=Fraction(k, 256)))
    )
    assert not verify_stability_radius(X, replace(s, radius=d))
