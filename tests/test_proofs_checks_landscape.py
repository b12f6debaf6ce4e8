"""Families and negative families of the Karhadkar et al. 2023 landscape checks.

lemma9, lemma4, thm10, lemma15, thm12, prop13: each verifies on every instance of its
natural family, and on its negative family (one hypothesis dropped) the hunter finds
the counterexample the paper predicts, shrunk, with its certificate re-checked.
"""

import pytest

from exactrelu.exact.certificates import verify_certificate
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.hunt import replay
from proofs_checks import CheckConjecture, Counterexample, NotApplicable, get_check, run_check, run_family

CHECKS = ["lemma9", "lemma4", "thm10", "lemma15", "thm12", "prop13"]

#: the hypothesis each negative family drops, and the kind of certificate its counterexample carries
DROPPED = {
    "lemma9": ("data points are distinct", "gordan"),
    "lemma4": ("every output weight v_i is nonzero", "dependency"),
    "thm10": ("A is diverse", "dependency"),
    "lemma15": ("(A, v) is complete", None),  # a Farkas vector, re-checked inside the check
    "thm12": ("(A, v) is complete", None),
    "prop13": ("data points are distinct", "gordan"),
}


@pytest.mark.parametrize("name", CHECKS)
def test_natural_family_verifies(name):
    run = run_family(name, examples=15, seed=0)
    assert run.ok, run.to_dict()
    assert run.hunt.tried == 15 and run.hunt.not_applicable == 0


@pytest.mark.parametrize("name", CHECKS)
def test_negative_family_finds_the_predicted_counterexample(name):
    dropped, kind = DROPPED[name]
    assert get_check(name).dropped == dropped and dropped in get_check(name).hypotheses
    run = run_family(name, examples=20, seed=0, negative=True)
    assert run.ok, run.to_dict()
    h = run.hunt
    assert h.refuted and h.certificate_verified is True
    assert h.verdict["status"] == "counterexample" and h.verdict["details"]["hypotheses_hold"] is False
    cert = h.verdict["details"].get("certificate")
    if kind is not None:
        assert cert["kind"] == kind and verify_certificate(cert)
    # the shrunk counterexample replays from its JSON
    judgement = replay(CheckConjecture(name, negative=True), to_jsonable(h.counterexample))
    assert judgement.outcome == "fails"


@pytest.mark.parametrize("name", CHECKS)
def test_hand_picked_negative_drops_the_hypothesis(name):
    r = run_check(name, negative=True)
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False, r.to_dict()
    kind = DROPPED[name][1]
    if kind is not None:
        assert r.details["certificate"]["kind"] == kind and verify_certificate(r.details["certificate"])


def test_shrunk_counterexamples_are_tiny():
    """The hunter shrinks each negative family to the smallest instance the paper's argument needs."""
    found = {
        name: run_family(name, examples=10, seed=0, negative=True).hunt.counterexample for name in CHECKS
    }
    assert found["lemma9"] == {"X": [[0], [0]]} and found["prop13"] == {"X": [[0], [0]]}
    assert found["lemma4"]["v"] == [0] and found["lemma4"]["A"] == [[1]]
    assert len(found["thm10"]["X"]) == 2 and len(found["thm10"]["A"]) == 1  # one row cannot give rank 2
    assert found["lemma15"] == {"X": [[0]], "A": [[1]], "v": [1], "y": [0]}  # v > 0 alone cannot fit y = 0


def test_thm10_rank_of_a_deficient_but_jacobian_full():
    """Non-diverse A of rank 2 < 3 whose full Jacobian has rank 3: the bias part is certified deficient."""
    r = run_check("thm10", {"X": [[0], [1], [2]], "A": [[0, 1, 1], [1, 0, 0]], "v": [1, 2]})
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False
    assert r.details["rank_A"] == 2 and r.details["rank_J"] == 3
    assert verify_certificate(r.details["certificate"])
    # a zero output weight is a dropped hypothesis too, not a refutation of the theorem
    z = run_check("thm10", {"X": [[0], [1]], "A": [[1, 1], [0, 1]], "v": [1, 0]})
    assert isinstance(z, NotApplicable) and "v_1 = 0" in z.reason


def test_lemma4_certificate_is_a_dependency_only_with_v():
    r = run_check("lemma4", negative=True)
    c = r.details["certificate"]
    ones = r.details["rank_with_ones"]["rank"]
    assert verify_certificate(c) and r.details["rank_with_v"]["rank"] < ones
    # the same coefficients on the rows of J with v = 1 are no dependency
    A, X = r.instance["A"], r.instance["X"]
    J1 = [[A[i][j] * c for i in range(len(A)) for c in (*X[j], 1)] for j in range(len(X))]
    assert not verify_certificate({**c, "vectors": J1})


def test_prop13_two_dimensional_data_still_counterexample():
    r = run_check("prop13", [[0, 0], [2, 0], [0, 2], [1, 3]])
    assert isinstance(r, Counterexample) and r.hypotheses_hold is False and "certificate" not in r.details
