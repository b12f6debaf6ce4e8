"""Tests of the proofs_checks framework and its checks.

Each check has a negative control that drops a hypothesis, or (where no hypothesis
can be dropped) a labelled mutation control; the checks with families are also run
over their natural family and their negative family.
"""

import json

import pytest
from hypothesis import given, settings

import proofs_checks
from exactrelu.exact.certificates import verify_certificate
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.strategies import degenerate_datasets, generic_datasets, integer_datasets, one_d_datasets
from proofs_checks import (
    Counterexample,
    NotApplicable,
    UnknownCheckError,
    Verified,
    check_infos,
    get_check,
    list_checks,
    register,
    run_all,
    run_check,
    run_family,
)
from proofs_checks.framework import _REGISTRY
from proofs_checks.lemma9_step_vectors import step_vectors
from proofs_checks.zaslavsky import check_zaslavsky, whitney_characteristic_polynomial

CHECKS = [
    "prop6",
    "prop7",
    "lemma9",
    "duality",
    "zaslavsky",
    "thm41",
    "thm41_loss",
    "scaling",
    "lemma4",
    "thm10",
    "lemma15",
    "thm12",
    "prop13",
    "lemma2",
    "thm5",
    "cor8",
    "thm10_fraction",
    "thm12_fraction",
    "lemma11",
    "prop13_sums",
    "prop13_combinations",
    "thm43",
    "alg1",
    "r1",
    "r1gp",
    "e2",
    "cvx_pc_equals_p",
    "cvx_lemma1",
    "cvx_prop1",
    "cvx_lemma2",
    "cvx_thm1",
    "cvx_prop5",
    "cvx_thm3",
    "cvx_prop7",
    "wlp_thm2",
    "wlp_prop3",
    "wlp_cor1",
    "wlp_eq16",
    "mr_thm42_every",
    "mr_thm41_m",
    "mr_random_features",
]


def roundtrip(result):
    d = json.loads(json.dumps(result.to_dict()))
    assert d["status"] == result.status and "summary" in d
    return d


# ------------------------------------------------------------------ framework
def test_registry_contents():
    assert list_checks() == CHECKS
    for info in check_infos():
        assert info.statement and info.source
        # a negative control drops a hypothesis; a check with no hypothesis has a mutation control instead
        assert (info.negative is not None and info.hypotheses) or info.mutation is not None, info.name
        json.dumps(info.to_dict())


NEGATIVE = [info.name for info in check_infos() if info.negative is not None]


@pytest.mark.parametrize("name", CHECKS)
def test_default_instance_verified(name):
    r = run_check(name)
    assert isinstance(r, Verified), r.to_dict()
    assert r.ok and r.check == name and r.details["seconds"] >= 0
    roundtrip(r)


@pytest.mark.parametrize("name", NEGATIVE)
def test_negative_control_counterexample(name):
    r = run_check(name, negative=True)
    assert isinstance(r, Counterexample), r.to_dict()
    assert not r.ok and r.hypotheses_hold is False
    d = roundtrip(r)
    assert d["instance"]["X"] and d["explanation"]


def test_run_all():
    res = run_all()
    assert list(res) == CHECKS and all(r.ok for r in res.values())
    neg = run_all(negative=True)
    assert all(isinstance(r, Counterexample) for r in neg.values())
    assert list(run_all(names=["lemma9"])) == ["lemma9"]


def test_unknown_check():
    with pytest.raises(UnknownCheckError):
        run_check("no such check")


def test_size_limit_becomes_not_applicable():
    r = run_check("prop6", [[i, i * i] for i in range(12)], limit=5)
    assert isinstance(r, NotApplicable) and "too large" in r.reason
    roundtrip(r)


def test_register_custom_check_and_json():
    @register("_tmp_check", "1 = 1", "nowhere", default=lambda: [[0]])
    def tmp(X):
        return NotApplicable("1 = 1", "nothing to do", {"x": (1, 2)})

    try:
        r = run_check("_tmp_check")
        assert r.status == "not_applicable" and r.check == "_tmp_check"
        assert roundtrip(r)["details"]["x"] == [1, 2]
        with pytest.raises(ValueError):
            register("_tmp_check", "", "", default=lambda: None)(lambda X: None)
    finally:
        _REGISTRY.pop("_tmp_check")


def test_to_jsonable():
    from fractions import Fraction

    assert to_jsonable({(1, 2): Fraction(3, 4), "s": {3, 1}}) == {"[1, 2]": "3/4", "s": [1, 3]}


def test_instance_dict_options():
    r = run_check("prop7", {"X": [[1, 0], [0, 1], [1, 1]], "bias": False})
    assert r.ok and r.certificate["patterns_checked"] == 8 and r.certificate["vertices"] == 6


# ------------------------------------------------------------------ prop 6
def test_prop6_numbers_in_counterexample():
    r = run_check("prop6", [[0, 0], [1, 1], [3, 3], [5, -2], [-4, 7]])
    assert r.details["enumerated"] == 20 and r.details["closed_form"] == 22
    assert r.details["general_position"]["subset"] == [0, 1, 2]


def test_prop6_units_and_span():
    r = run_check("prop6", units=3)
    assert r.ok and r.certificate["enumerated"] == 22**3
    coplanar = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 2, 0], [3, -1, 0]]  # in the plane z = 0
    assert isinstance(run_check("prop6", coplanar), Counterexample)
    r = run_check("prop6", coplanar, span=True)
    assert r.ok and r.certificate["D"] == 3


def test_prop6_sage(truth):
    for inst in truth:
        if inst["N"] > 10:
            continue
        r = run_check("prop6", inst["points"])
        assert r.ok == inst["general_position"], inst["name"]
        if not r.ok:
            assert r.details["enumerated"] == inst["chambers"]


@given(generic_datasets(d=(1, 3), n=(1, 6)))
def test_prop6_generic_verified(X):
    assert run_check("prop6", X).ok


@given(degenerate_datasets(d=(1, 3), n=(2, 6)))
def test_prop6_negative_control(X):
    r = run_check("prop6", X)
    assert isinstance(r, Counterexample) and not r.hypotheses_hold
    assert r.details["enumerated"] < r.details["closed_form"]


# ------------------------------------------------------------------ prop 7
@settings(max_examples=10)
@given(integer_datasets(d=(1, 2), n=(1, 5), max_value=3))
def test_prop7_all_data(X):
    # Proposition 7 has no general-position hypothesis: it holds for degenerate data too
    r = run_check("prop7", X, lp_max=4)
    assert r.ok, r.to_dict()


def test_prop7_degenerate_examples():
    for X in ([[0, 0], [1, 1], [2, 2], [1, 0]], [[1], [1], [2]], [[1, 2, 3]] * 3):
        r = run_check("prop7", X)
        assert r.ok and "regions (LP per pattern)" in r.certificate["routes"]


def test_prop7_negative_controls():
    r = run_check("prop7", {"X": [[0, 0], [1, 2]], "bias": False})
    assert isinstance(r, Counterexample) and r.details["gordan_vector"] == [1, 0]
    assert isinstance(run_check("prop7", [[i] for i in range(11)]), NotApplicable)


# ------------------------------------------------------------------ lemma 9
def test_step_vectors():
    assert len(step_vectors(5)) == 10 and step_vectors(1) == [(0,), (1,)]


@given(one_d_datasets(n=(1, 8), sort=False))
def test_lemma9_distinct(X):
    r = run_check("lemma9", X, units=2)
    assert r.ok and r.certificate["enumerated"] == (2 * len(X)) ** 2


@given(one_d_datasets(n=(2, 7), duplicates=True))
def test_lemma9_negative_duplicates(X):
    r = run_check("lemma9", X)
    assert isinstance(r, Counterexample) and not r.hypotheses_hold
    assert r.details["infeasibility_certificate"]["gordan_vector"]


def test_lemma9_negative_two_dimensional():
    r = run_check("lemma9", [[0, 0], [1, 0], [0, 1]])
    assert isinstance(r, Counterexample) and r.details["enumerated"] == 8 and r.details["closed_form"] == 6


# ------------------------------------------------------------------ duality
@settings(max_examples=10)
@given(generic_datasets(d=(1, 2), n=(1, 5)))
def test_duality_generic(X):
    assert run_check("duality", X).ok


def test_duality_sage(truth):
    names = {"deg_square_2d", "deg_collinear3_2d", "gensmall_d3_N8", "deg_all_collinear_2d"}
    for inst in truth:
        if inst["name"] in names:
            r = run_check("duality", inst["points"])
            assert r.ok, inst["name"]
            assert list(r.certificate["f_vector_zonotope"]) == [1, *inst["zonotope_f_vector"]]
            assert r.certificate["edges"] == inst["edges"]


@settings(max_examples=10)
@given(degenerate_datasets(d=(1, 2), n=(2, 5), kinds=("duplicate",)))
def test_duality_negative_duplicates(X):
    r = run_check("duality", X)
    assert isinstance(r, Counterexample) and r.details["parallel_pairs"]


# ------------------------------------------------------------------ zaslavsky
def test_whitney_formula():
    A = HyperplaneArrangement.from_data([[0, 0], [1, 1], [3, 3], [5, -2]])
    assert whitney_characteristic_polynomial(A.normals, 3) == A.characteristic_polynomial()


@settings(max_examples=15)
@given(integer_datasets(d=(1, 3), n=(1, 6), max_value=2))
def test_zaslavsky_any_data(X):
    assert run_check("zaslavsky", X).ok


@given(generic_datasets(d=(1, 3), n=(1, 6)))
def test_zaslavsky_generic_polynomial_on_generic_data(X):
    assert run_check("zaslavsky", X, polynomial="generic", faces=False).ok


@given(degenerate_datasets(d=(1, 3), n=(2, 6)))
def test_zaslavsky_mutation_control_generic_polynomial(X):
    r = run_check("zaslavsky", X, polynomial="generic", faces=False)
    assert isinstance(r, Counterexample) and not r.hypotheses_hold and r.details["mutation"]


def test_package_exports():
    for name in proofs_checks.__all__:
        assert hasattr(proofs_checks, name)


# ------------------------------------------------------------------ Theorem 4.1 (Matena & Raffel)
@settings(max_examples=8, deadline=None)
@given(generic_datasets(d=(1, 2), n=(2, 5)))
def test_thm41_generic_verified(X):
    r = run_check("thm41", X, trials=2)
    assert isinstance(r, Verified), r.to_dict()


@settings(max_examples=8, deadline=None)
@given(degenerate_datasets(d=(1, 2), n=(2, 5)))
def test_thm41_degenerate_counterexample(X):
    r = run_check("thm41", X)
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False, r.to_dict()
    assert r.details["comparison"]["same"] is False


def test_thm41_loss_needs_labels():
    assert isinstance(run_check("thm41_loss", [[0, 0], [1, 0], [0, 1]]), NotApplicable)


def test_scaling_negative_factor_and_zero_vector():
    X = [[1, 0], [0, 1], [1, 1]]
    assert isinstance(run_check("scaling", X, factors=[2, 3, 5]), Verified)
    r = run_check("scaling", X, factors=[2, -3, 5])
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False
    assert verify_certificate(r.details["certificate"])
    assert isinstance(run_check("scaling", [[0, 0], [1, 1]]), NotApplicable)
    # a single vector: its two sides trade places, the chamber set is unchanged
    assert isinstance(run_check("scaling", [[1]], factors=[-1]), NotApplicable)


# ------------------------------------------------------------------ families (hunter)
# examples per natural family: small, so that the whole block stays within a few seconds
FAMILY_EXAMPLES = {
    "prop7": 8,
    "duality": 8,
    "zaslavsky": 8,
    "thm41": 8,
    "thm41_loss": 4,
    "scaling": 6,
    "thm43": 6,
    "alg1": 3,
    "r1": 4,
    "r1gp": 3,
    "e2": 4,
}
NEGATIVE_FAMILIES = [n for n in FAMILY_EXAMPLES if get_check(n).negative_family is not None]
MUTATIONS = [info.name for info in check_infos() if info.mutation is not None]


@pytest.mark.parametrize("name", sorted(FAMILY_EXAMPLES))
def test_natural_family_verifies(name):
    r = run_family(name, examples=FAMILY_EXAMPLES[name], seed=0)
    assert r.ok, r.to_dict()
    assert r.hunt.tried >= 1 and r.hunt.not_applicable == 0


@pytest.mark.parametrize("name", NEGATIVE_FAMILIES)
def test_negative_family_finds_predicted_counterexample(name):
    r = run_family(name, examples=10, seed=0, negative=True)
    assert r.ok, r.to_dict()
    assert r.hunt.refuted and r.hunt.certificate_verified
    assert r.hunt.verdict["details"]["hypotheses_hold"] is False
    assert r.dropped == get_check(name).dropped and r.dropped in get_check(name).hypotheses


@pytest.mark.parametrize("name", [n for n in FAMILY_EXAMPLES if n in NEGATIVE])
def test_negative_control_drops_hypothesis(name):
    r = run_check(name, negative=True)
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False, r.to_dict()
    assert not r.details.get("mutation")
    cert = r.details.get("certificate")
    if cert is not None:
        assert verify_certificate(json.loads(json.dumps(to_jsonable(cert))))


def test_checks_without_a_hypothesis_have_only_a_mutation_control():
    info = get_check("zaslavsky")
    assert info.negative is None and info.negative_family is None and info.hypotheses == ()
    assert info.mutation is not None and "No hypothesis can be dropped" in check_zaslavsky.__doc__ + (
        proofs_checks.zaslavsky.__doc__ or ""
    )
    with pytest.raises(UnknownCheckError):
        run_family("zaslavsky", negative=True)


@pytest.mark.parametrize("name", [n for n in MUTATIONS if n in FAMILY_EXAMPLES])
def test_mutation_control_counterexample(name):
    """Mutation controls (a deliberately wrong threshold, formula or bound), labelled as such."""
    r = run_check(name, mutation=True)
    assert isinstance(r, Counterexample), r.to_dict()
    assert r.details["mutation"] is True and r.hypotheses_hold is False
    assert "mutation control" in r.explanation


def test_mutation_controls_are_not_negative_controls():
    for name in ("r1", "r1gp", "e2"):
        info = get_check(name)
        mutated, negative = info.mutation(), info.negative()
        assert "threshold" in mutated and "threshold" not in negative


def test_thm41_loss_family_has_several_units():
    from hypothesis import find

    inst = find(get_check("thm41_loss").family(), lambda i: len(i["v"]) == 2)
    assert run_check("thm41_loss", inst).ok
