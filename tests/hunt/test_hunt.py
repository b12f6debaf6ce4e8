"""exactrelu.hunt: search, shrinking, re-checking, errors, reproducibility, replay."""

import json
from fractions import Fraction

import pytest
from hypothesis import strategies as st

from exactrelu.exact.errors import ConjectureError, InvalidDataError
from exactrelu.hunt import Family, hunt, judge, load_conjecture, replay
from exactrelu.hunt.core import SHARD_SIZE, shard_seeds


def fewer_than_three(X):
    return len(X) < 3


def regions_at_most_2n_plus_2(X):
    from exactrelu import HyperplaneArrangement

    return HyperplaneArrangement.from_data(X).n_regions() <= 2 * len(X) + 2


def test_refutes_and_shrinks_to_a_tiny_instance():
    r = hunt(fewer_than_three, Family("integer", dim=(1, 3), points=(1, 6)), examples=50, seed=0)
    assert r.refuted and r.status == "refuted" and not r.survived
    assert r.counterexample == {"X": [[0], [0], [0]]}  # shrunk: fewest points, lowest d, zeros
    assert r.certificate_verified is True
    assert r.verdict == {"value": False}
    assert r.tried >= 1 and r.seconds >= 0


def test_negative_control_a_true_statement_survives():
    r = hunt(lambda X: len(X) <= 6, Family("integer", points=(1, 6)), examples=60, seed=0)
    assert r.survived and r.counterexample is None and r.tried >= 60


def test_same_seed_same_counterexample_and_json_replay():
    fam = Family("generic", dim=2, points=(1, 6))
    a = hunt(regions_at_most_2n_plus_2, fam, examples=120, seed=7)
    b = hunt(regions_at_most_2n_plus_2, fam, examples=120, seed=7)
    assert a.refuted and a.counterexample == b.counterexample
    stored = json.loads(a.to_json())
    assert replay(regions_at_most_2n_plus_2, stored["counterexample"]).outcome == "fails"
    assert replay(lambda X: True, stored["counterexample"]).outcome == "holds"  # negative control


def test_rational_counterexamples_replay_from_p_over_q_strings():
    r = hunt(
        lambda X: all(v.denominator == 1 for row in X for v in row if isinstance(v, Fraction)),
        Family("rational", dim=1, points=1),
        examples=100,
        seed=0,
    )
    assert r.refuted
    text = json.dumps(r.to_dict())
    value = r.counterexample["X"][0][0]
    assert isinstance(value, str) and "/" in value and value in text
    assert replay(lambda X: X[0][0].denominator == 1, r.counterexample).outcome == "fails"


def test_an_exception_is_an_error_with_its_instance_not_a_refutation():
    r = hunt(lambda X: 1 / X[0][0] > 0, Family("integer", dim=1, points=(1, 3)), examples=50, seed=0)
    assert not r.refuted and r.status == "error" and not r.survived
    assert r.error["type"] == "ZeroDivisionError" and r.error["instance"] == {"X": [[0]]}
    assert "traceback" in r.error


def test_a_non_answer_is_an_error():
    r = hunt(lambda X: "yes", Family("integer"), examples=5, seed=0)
    assert r.status == "error" and "bool or a proofs_checks verdict" in r.error["message"]


def test_verdicts_and_certificates_are_rechecked():
    from proofs_checks import Counterexample, NotApplicable, Verified

    def collinear_free(X):
        if len(X) >= 3 and len({tuple(r) for r in X[:3]}) == 1:
            cert = {"kind": "affine_dependency", "points": X[:3], "coefficients": [1, -2, 1]}
            return Counterexample("s", {"X": X}, "three equal points", {"certificate": cert})
        return Verified("s", {})

    r = hunt(collinear_free, Family("integer", dim=1, points=(1, 4)), examples=50, seed=0)
    assert r.refuted and r.certificate_verified is True

    def forged(X):  # negative control: a certificate that does not verify
        if len(X) >= 3:
            cert = {"kind": "affine_dependency", "points": [[0], [1], [3]], "coefficients": [1, -2, 1]}
            return Counterexample("s", {"X": X}, "forged", {"certificate": cert})
        return True

    r = hunt(forged, Family("integer", dim=1, points=(1, 4)), examples=50, seed=0)
    assert not r.refuted and r.certificate_verified is False and r.error["type"] == "CertificateRejected"
    assert judge(NotApplicable("s", "too big")).outcome == "not_applicable"
    r = hunt(lambda X: NotApplicable("s", "never"), Family("integer"), examples=5, seed=0)
    assert r.survived and r.not_applicable == r.tried


def test_labels_units_and_set_cover_fields():
    seen = {}

    def conj(X, y, units):
        seen.update(n=len(X), ny=len(y), units=units)
        return True

    assert hunt(conj, Family("integer", labels=True, units=2), examples=5, seed=0).survived
    assert seen["n"] == seen["ny"] and seen["units"] == 2
    r = hunt(lambda cover: cover.k <= 1, Family("set-cover", dim=(1, 3), points=(1, 3)), examples=40, seed=0)
    assert r.refuted and r.counterexample["cover"]["k"] == 2


def test_raw_strategies_are_families_too():
    r = hunt(lambda n: n < 10, st.integers(0, 100), examples=50, seed=0)
    assert r.refuted and r.counterexample == 10


def test_shards_depend_on_seed_and_examples_only():
    assert shard_seeds(3, 2 * SHARD_SIZE + 1) == shard_seeds(3, 2 * SHARD_SIZE + 1)
    assert [n for _, n in shard_seeds(3, 2 * SHARD_SIZE + 1)] == [SHARD_SIZE, SHARD_SIZE, 1]
    assert shard_seeds(3, 10) != shard_seeds(4, 10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "bogus"}, "unknown family"),
        ({"points": (5, 2)}, "is empty"),
        ({"points": "1:x"}, "range A:B"),
        ({"dim": 0}, "at least 1"),
        ({"points": 10**6}, "at most"),
        ({"max_value": -1}, "positive"),
        ({"units": 0}, "positive"),
        ({"labels": "yes"}, "true or false"),
        ({"degeneracies": ("flat",)}, "subset"),
    ],
)
def test_bad_families_are_refused(kwargs, message):
    with pytest.raises(InvalidDataError, match=message):
        Family(**kwargs)


def test_bad_counts_and_signatures_are_refused():
    with pytest.raises(InvalidDataError, match="examples"):
        hunt(fewer_than_three, Family(), examples=-1)
    with pytest.raises(ConjectureError, match="cannot take the instance fields"):
        hunt(lambda X, z: True, Family(), examples=1)
    with pytest.raises(ConjectureError, match="cannot take the instance fields"):
        hunt(lambda X: True, Family(labels=True), examples=1)


def test_family_round_trip_and_description():
    fam = Family("degenerate", dim="2:3", points="3:5", degeneracies=("collinear",), labels=True)
    assert Family.from_dict(json.loads(json.dumps(fam.to_dict()))) == fam
    assert "degenerate data, d = 2..3, N = 3..5" in fam.describe()
    with pytest.raises(InvalidDataError, match="unknown family key"):
        Family.from_dict({"kind": "integer", "dims": 2})


def test_load_conjecture_from_a_file(tmp_path):
    f = tmp_path / "conj.py"
    f.write_text("def small(X):\n    return len(X) < 2\n")
    conj = load_conjecture(f"{f}:small")
    assert conj(X=[[1]]) is True and conj.__name__ == "conj.py:small"
    import pickle

    again = pickle.loads(pickle.dumps(conj))  # carries its source: workers need no file
    f.unlink()
    assert again(X=[[1], [2]]) is False
    with pytest.raises(ConjectureError, match="no conjecture file"):
        load_conjecture(f"{f}:small")
    bad = tmp_path / "bad.py"
    bad.write_text("def f(X:\n")
    with pytest.raises(ConjectureError, match="cannot load"):
        load_conjecture(f"{bad}:f")
    with pytest.raises(ConjectureError, match=r"FILE\.py:FUNCTION"):
        load_conjecture("nocolon")


def test_two_dask_workers_give_the_serial_answer(tmp_path):
    """A real LocalCluster with 2 worker processes; the conjecture travels as source text."""
    f = tmp_path / "conj.py"
    f.write_text(
        "from exactrelu import HyperplaneArrangement\n"
        "def bound(X):\n"
        "    return HyperplaneArrangement.from_data(X).n_regions() <= 2 * len(X) + 2\n"
    )
    conj = load_conjecture(f"{f}:bound")
    fam = Family("generic", dim=2, points=(1, 6))
    serial = hunt(conj, fam, examples=3 * SHARD_SIZE, seed=11)
    parallel = hunt(conj, fam, examples=3 * SHARD_SIZE, seed=11, workers=2)
    assert serial.refuted and parallel.counterexample == serial.counterexample
    survived = hunt(lambda X: True, fam, examples=2 * SHARD_SIZE, seed=1, workers=2)  # negative control
    assert survived.survived and survived.tried >= 2 * SHARD_SIZE


# ------------------------------------------------------------------------- what a careless conjecture does


def test_numpy_bools_are_answers():
    import numpy as np

    r = hunt(lambda X: np.array([len(X)]).sum() < 3, Family("integer", dim=1), examples=30, seed=0)
    assert r.refuted and r.counterexample == {"X": [[0], [0], [0]]}


def test_exit_and_flakiness_are_errors_not_verdicts():
    import itertools
    import sys

    r = hunt(lambda X: sys.exit(0), Family("integer"), examples=5, seed=0)
    assert r.status == "error" and "exit(0)" in r.error["message"]
    calls = itertools.count()
    r = hunt(lambda X: next(calls) % 2 == 0, Family("integer"), examples=50, seed=0)  # fails every other call
    assert r.status == "error" and r.error["type"] == "FlakyConjecture" and not r.refuted


def test_an_empty_family_is_an_error_not_a_survival():
    r = hunt(lambda n: False, st.integers().filter(lambda n: False), examples=20, seed=0)
    assert r.status == "error" and r.error["type"] == "EmptyFamily"


def test_what_a_conjecture_prints_goes_to_stderr(capsys):
    def talks(X):
        print("thinking about", X)
        return True

    assert hunt(talks, Family("integer"), examples=3, seed=0).survived
    out, err = capsys.readouterr()
    assert out == "" and "thinking about" in err


def test_set_cover_counterexamples_replay_from_json():
    fam = Family("set-cover", dim=(2, 4), points=(1, 5))
    r = hunt(lambda cover: len(cover.family) < 3, fam, examples=50, seed=0)
    assert r.refuted and r.certificate_verified
    stored = json.loads(r.to_json())["counterexample"]
    assert replay(lambda cover: len(cover.family) < 3, stored).outcome == "fails"


def test_conjecture_files_load_like_modules(tmp_path):
    (tmp_path / "helper_mod.py").write_text("LIMIT = 3\n")
    f = tmp_path / "conj.py"
    f.write_text(
        "from dataclasses import dataclass\n"
        "from helper_mod import LIMIT\n\n"
        "@dataclass\nclass Box:\n    n: int\n\n"
        "def small(X):\n    return Box(len(X)).n < LIMIT\n"
    )
    r = hunt(load_conjecture(f"{f}:small"), Family("integer", dim=1), examples=30, seed=0)
    assert r.refuted and len(r.counterexample["X"]) == 3


def test_family_defaults_follow_the_kind():
    assert Family("degenerate").points == (2, 6)  # a planted degeneracy needs two points
    assert Family("one-d").dim == (1, 1)
    with pytest.raises(InvalidDataError, match="one-d family has d = 1"):
        Family("one-d", dim=3)
    assert Family("degenerate", degeneracies="duplicate").degeneracies == ("duplicate",)
