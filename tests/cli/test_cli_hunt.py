"""``exactrelu hunt`` and ``exactrelu check --family``: the CLI contract of issue 15 (exit 0/1/2, JSON)."""

import json
import subprocess
import sys

import pytest

from exactrelu.cli import main

CONJECTURES = """
from exactrelu import HyperplaneArrangement

def small(X):
    return len(X) < 3

def bound(X):
    return HyperplaneArrangement.from_data(X).n_regions() <= 2 * len(X) + 2

def labelled(X, y):
    return len(y) == len(X) and sum(abs(v) for v in y) < 9

def with_units(X, units):
    return units == 2

def wrong(X, z):
    return True

def boom(X):
    return X[5]

def talks(X):
    print("hello from the conjecture")
    return len(X) < 3
"""


@pytest.fixture
def conj(tmp_path):
    path = tmp_path / "conj.py"
    path.write_text(CONJECTURES)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_refuted_json_contract(capsys, conj):
    code, out, _ = run(
        capsys,
        "hunt",
        f"{conj}:bound",
        "--family",
        "generic",
        "--dim",
        "2",
        "--points",
        "1:6",
        "--examples",
        "100",
        "--seed",
        "0",
        "--json",
    )
    d = json.loads(out)
    assert code == 1 and d["refuted"] is True
    assert {"refuted", "counterexample", "tried", "seed", "seconds"} <= set(d)
    assert all(isinstance(v, (int, str)) for row in d["counterexample"]["X"] for v in row)
    assert isinstance(d["tried"], int) and d["seed"] == 0 and d["certificate_verified"] is True


def test_survived_exit_0_and_same_seed_same_answer(capsys, conj):
    args = ["hunt", f"{conj}:small", "--family", "integer", "--points", "1:2", "--examples", "30", "--json"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and json.loads(out)["counterexample"] is None
    args = ["hunt", f"{conj}:small", "--family", "rational", "--dim", "1:2", "--points", "1:5", "--json"]
    first, second = (json.loads(run(capsys, *args, "--seed", "3")[1]) for _ in range(2))
    assert first["refuted"] and first["counterexample"] == second["counterexample"]


def test_labels_and_units_reach_the_function(capsys, conj):
    code, out, _ = run(capsys, "hunt", f"{conj}:labelled", "--family", "integer", "--labels", "--json")
    d = json.loads(out)
    assert code == 1 and len(d["counterexample"]["y"]) == len(d["counterexample"]["X"])
    code, out, _ = run(capsys, "hunt", f"{conj}:with_units", "--family", "one-d", "--units", "2", "--json")
    assert code == 0, out


def test_table_output(capsys, conj):
    code, out, _ = run(capsys, "hunt", f"{conj}:small", "--family", "integer", "--no-progress")
    assert code == 1 and "REFUTED" in out and '{"X": [[0], [0], [0]]}' in out


def test_an_exception_in_the_conjecture_is_reported_with_its_instance(capsys, conj):
    code, out, _ = run(capsys, "hunt", f"{conj}:boom", "--family", "integer", "--json")
    d = json.loads(out)
    assert code == 2 and d["refuted"] is False and d["error"]["type"] == "IndexError"
    assert d["error"]["instance"] == {"X": [[0]]}


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["{conj}:small", "--family", "bogus"], "invalid choice"),
        (["{conj}:nope", "--family", "integer"], "has no function 'nope'"),
        (["{conj}:wrong", "--family", "integer"], "cannot take the instance fields"),
        (["/nonexistent/c.py:f", "--family", "integer"], "no conjecture file"),
        (["{conj}:small", "--family", "integer", "--points", "4:2"], "is empty"),
        (["{conj}:small", "--family", "integer", "--examples", "-1"], "examples must be"),
        (["{conj}:small", "--family", "integer", "--dim", "a:b"], "range A:B"),
        (["{conj}:small", "--family", "integer", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach"),
        (["{conj}:small", "--family", "integer", "--workers", "2", "--scheduler", "tcp://x:1"], "either"),
    ],
)
def test_bad_input_exit_2_with_one_clear_error(capsys, conj, argv, fragment):
    code, _, err = run(capsys, "hunt", *[a.format(conj=conj) for a in argv])
    assert code == 2 and "Traceback" not in err and fragment in err, err


def test_check_over_its_family_and_negative_family(capsys):
    code, out, _ = run(capsys, "check", "prop6", "--family", "--examples", "10", "--json")
    d = json.loads(out)
    assert code == 0 and d["runs"]["prop6"]["ok"] and d["runs"]["prop6"]["hunt"]["tried"] == 10
    code, out, _ = run(capsys, "check", "prop6", "--family", "--negative", "--examples", "10", "--json")
    d = json.loads(out)["runs"]["prop6"]
    assert code == 0 and d["ok"] and d["hunt"]["refuted"] and d["dropped"]
    code, out, err = run(capsys, "check", "prop6", "--family", "--data", "x.csv")
    assert code == 2 and "cannot be combined" in err


def test_python_m_exactrelu_hunt_exit_status(conj):
    """The contract as a script sees it: a separate process, exit status and JSON on stdout."""
    p = subprocess.run(
        [sys.executable, "-m", "exactrelu", "hunt", f"{conj}:small", "--family", "integer", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 1 and json.loads(p.stdout)["refuted"] is True


def test_scheduler_address_runs_on_an_existing_cluster(capsys, conj):
    """--scheduler: the same command on a cluster started elsewhere (here: a LocalCluster of this test)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        code, out, _ = run(
            capsys,
            "hunt",
            f"{conj}:bound",
            "--family",
            "generic",
            "--dim",
            "2",
            "--points",
            "1:6",
            "--examples",
            "100",
            "--scheduler",
            cluster.scheduler_address,
            "--json",
        )
    here = json.loads(
        run(
            capsys,
            "hunt",
            f"{conj}:bound",
            "--family",
            "generic",
            "--dim",
            "2",
            "--points",
            "1:6",
            "--examples",
            "100",
            "--json",
        )[1]
    )
    assert code == 1 and json.loads(out)["counterexample"] == here["counterexample"]


def test_printing_conjectures_keep_the_json_clean(capsys, conj):
    code, out, err = run(capsys, "hunt", f"{conj}:talks", "--family", "integer", "--json")
    assert code == 1 and json.loads(out)["refuted"] and "hello from the conjecture" in err


def test_more_usage_errors(capsys, conj):
    code, _, err = run(capsys, "hunt", f"{conj}:small", "--family", "integer", "--workers", "0")
    assert code == 2 and "--workers must be at least 1" in err
    code, _, err = run(capsys, "check", "prop6", "--family", "--mutation")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run(capsys, "hunt", f"{conj}:small", "--family", "one-d", "--dim", "2")
    assert code == 2 and "one-d family has d = 1" in err
