"""Campaigns: the spec is validated up front, the store is safe, a real 2-worker LocalCluster runs one.

The kill-and-resume test (a campaign killed by SIGKILL and rerun) is in tests/cli/test_campaign.py.
"""

import hashlib
import json
import os
import sqlite3
import time

import pytest

from exactrelu.exact.errors import ClusterError, ConjectureError, InvalidDataError, SizeLimitError, StoreError
from exactrelu.hunt.campaign import load_campaign, report, run_batch, run_campaign, verify
from exactrelu.hunt.store import SCHEMA_VERSION, Store

CONJ = """
def few_points(X):
    return len(X) < 4

def sum_is_small(X, y):
    return sum(y) < 100

def raises(X):
    raise RuntimeError("boom")
"""


@pytest.fixture
def conj_dir(tmp_path):
    (tmp_path / "conj.py").write_text(CONJ)
    return tmp_path


def spec(**runs_and_keys):
    out = {"name": "t", "examples": 10, "seeds": 2}
    out.update(runs_and_keys)
    return out


def write_spec(directory, data, name="spec.json"):
    path = directory / name
    path.write_text(json.dumps(data))
    return str(path)


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


# ----------------------------------------------------------------------------- the spec


def test_grid_expansion_and_stable_run_ids(conj_dir):
    data = spec(
        runs=[
            {"check": "prop6"},
            {"check": "prop6", "negative": True, "seeds": [3, 5]},
            {
                "conjecture": "conj.py:few_points",
                "family": {"kind": "integer", "dim": [1, 2], "points": [2, 5]},
            },
        ]
    )
    path = write_spec(conj_dir, data)
    c = load_campaign(path)
    assert len(c.runs) == 2 + 4
    assert [r.seeds for r in c.runs[:2]] == [(0, 1), (3, 5)]
    assert len(c.pairs) == 12 and c.instances == 120
    assert [r.id for r in load_campaign(path).runs] == [r.id for r in c.runs]  # stable
    # an edited conjecture is a new run; an unrelated edit of the spec is not
    (conj_dir / "conj.py").write_text(CONJ + "\n# edited\n")
    ids = [r.id for r in load_campaign(path).runs]
    assert ids[:2] == [r.id for r in c.runs[:2]] and ids[2:] != [r.id for r in c.runs[2:]]


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ({"runs": [{"check": "prop6", "colour": 1}]}, "unknown key(s) 'colour'"),
        ({"runz": []}, "unknown key(s) 'runz'"),
        ({"runs": []}, "non-empty list of runs"),
        ({"runs": [{"check": "nope"}]}, "no check named 'nope'"),
        ({"runs": [{"check": "prop6", "family": {"kind": "weird"}}]}, "unknown family 'weird'"),
        ({"runs": [{"check": "prop6", "family": {"kind": "integer", "points": "5:3"}}]}, "is empty"),
        ({"runs": [{"check": "prop6", "family": {"kind": "integer", "dim": []}}]}, "empty list"),
        ({"runs": [{"check": "prop6"}], "seeds": -1}, "negative count -1"),
        ({"runs": [{"check": "prop6", "examples": -5}]}, "negative count -5"),
        ({"runs": [{"check": "prop6"}], "seeds": 0}, "is 0"),
        ({"runs": [{"check": "prop6", "conjecture": "conj.py:few_points"}]}, "exactly one of"),
        ({"runs": [{"conjecture": "conj.py:few_points"}]}, 'needs a "family"'),
    ],
)
def test_bad_specs_are_refused_clearly(conj_dir, bad, fragment):
    data = {"name": "t", **bad}
    with pytest.raises(InvalidDataError) as info:
        load_campaign(write_spec(conj_dir, data))
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "conjecture, family, fragment",
    [
        ("missing.py:few_points", {"kind": "integer"}, "no conjecture file"),
        ("conj.py:nothing_here", {"kind": "integer"}, "has no function 'nothing_here'"),
        ("conj.py:sum_is_small", {"kind": "integer"}, "cannot take the instance fields"),  # needs y
    ],
)
def test_bad_conjectures_are_refused(conj_dir, conjecture, family, fragment):
    with pytest.raises(ConjectureError) as info:
        load_campaign(write_spec(conj_dir, spec(runs=[{"conjecture": conjecture, "family": family}])))
    assert fragment in str(info.value)


def test_a_check_without_a_family_needs_one(conj_dir):
    import proofs_checks

    bare = [i.name for i in proofs_checks.check_infos() if i.family is None or i.negative_family is None]
    if not bare:
        pytest.skip("every check has a natural and a negative family")
    info = proofs_checks.get_check(bare[0])
    with pytest.raises(InvalidDataError, match=r"has no (natural|negative) family"):
        load_campaign(spec(runs=[{"check": info.name, "negative": info.family is not None}]))


def test_a_check_refuses_a_family_field_it_has_no_option_for(conj_dir):
    with pytest.raises(ConjectureError, match="cannot take the family's field"):
        load_campaign(spec(runs=[{"check": "prop6", "family": {"kind": "integer", "labels": True}}]))


def test_an_absurd_grid_is_refused_with_its_predicted_size(conj_dir):
    huge = {"kind": "integer", "dim": list(range(1, 11)), "points": list(range(1, 101))}
    data = spec(runs=[{"conjecture": "conj.py:few_points", "family": huge}], seeds=1000, examples=100)
    with pytest.raises(SizeLimitError) as info:
        load_campaign(write_spec(conj_dir, data))
    assert "100,000,000" in str(info.value) and "--limit" in str(info.value)
    assert info.value.predicted == 10 * 100 * 1000 * 100


def test_a_missing_or_invalid_spec_file(tmp_path):
    with pytest.raises(InvalidDataError, match="no campaign spec"):
        load_campaign(str(tmp_path / "nope.json"))
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(InvalidDataError, match="not valid JSON"):
        load_campaign(str(tmp_path / "bad.json"))


# ----------------------------------------------------------------------------- the store


def test_store_keeps_one_row_per_pair(tmp_path):
    path = str(tmp_path / "s.sqlite")
    with Store(path) as s:
        s.add_run("r", {"check": "prop6"}, [0, 1], campaign="c")
        assert s.add_result("r", 0, {"status": "survived", "seconds": 0.5})
        assert not s.add_result("r", 0, {"status": "refuted", "seconds": 0.1})  # never twice
        assert s.missing([("r", 0), ("r", 1)]) == [("r", 1)]
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as s:  # reopened
        assert [r["status"] for r in s.results()] == ["survived"]


def test_a_corrupt_file_is_refused_untouched(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not a database\n" * 50)
    before = digest(path)
    with pytest.raises(StoreError, match="not a campaign store"):
        Store(str(path))
    # an SQLite header on garbage: corrupt
    path2 = tmp_path / "corrupt.sqlite"
    path2.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    before2 = digest(path2)
    with pytest.raises(StoreError):
        Store(str(path2))
    assert digest(path) == before and digest(path2) == before2


def test_a_foreign_or_older_store_is_refused_and_its_data_survives(tmp_path, conj_dir):
    foreign = tmp_path / "other.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (42)")
    db.commit()
    db.close()
    old = tmp_path / "old.sqlite"
    with Store(str(old)) as s:
        s.add_run("r", {"check": "prop6"}, [0], campaign="c")
        s.add_result("r", 0, {"status": "refuted", "seconds": 1.0, "counterexample": {"X": [[0]]}})
        s.db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(old), digest(foreign)
    with pytest.raises(StoreError, match="not a campaign store"):
        Store(str(foreign))
    with pytest.raises(StoreError, match=f"schema version 0, this exactrelu reads version {SCHEMA_VERSION}"):
        run_campaign(spec(runs=[{"check": "prop6"}]), str(old), workers=1)
    with pytest.raises(StoreError):
        report(str(old))
    assert (digest(old), digest(foreign)) == before
    rows = sqlite3.connect(old).execute("SELECT run, seed, status FROM results").fetchall()
    assert rows == [("r", 0, "refuted")]


def test_an_unreachable_scheduler_fails_fast_and_keeps_the_store(tmp_path, conj_dir):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    path = str(tmp_path / "s.sqlite")
    with Store(path) as s:
        s.add_run("r", {"check": "prop6"}, [0], campaign="c")
        s.add_result("r", 0, {"status": "survived", "seconds": 1.0})
    t0 = time.monotonic()
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        run_campaign(spec(runs=[{"check": "prop6"}]), path, scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - t0 < 15
    with Store(path) as s:
        assert [(r["run"], r["seed"]) for r in s.results()] == [("r", 0)]


def test_run_batch_here_reports_errors_and_refutations(conj_dir):
    c = load_campaign(
        write_spec(
            conj_dir,
            spec(
                runs=[
                    {"conjecture": "conj.py:raises", "family": {"kind": "integer", "points": 2}},
                    {
                        "conjecture": "conj.py:few_points",
                        "family": {"kind": "integer", "dim": 1, "points": 5},
                    },
                ],
                seeds=1,
            ),
        )
    )
    defs = {r.id: r.stored() for r in c.runs}
    rows = run_batch(defs, c.pairs)
    assert [r["result"]["status"] for r in rows] == ["error", "refuted"]
    assert rows[0]["result"]["error"]["type"] == "RuntimeError"
    assert rows[1]["result"]["counterexample"] == {"X": [[0]] * 5}


# ----------------------------------------------------------------------------- a real LocalCluster


def test_campaign_on_a_two_worker_local_cluster(conj_dir):
    data = spec(
        runs=[
            {"check": "prop6", "negative": True},
            {
                "conjecture": "conj.py:few_points",
                "family": {"kind": "integer", "dim": [1, 2], "points": [3, 5]},
            },
            {"conjecture": "conj.py:raises", "family": {"kind": "integer", "points": 2}, "seeds": 1},
        ],
        examples=10,
    )
    path = write_spec(conj_dir, data)
    store = str(conj_dir / "s.sqlite")
    stats = run_campaign(path, store, workers=2)
    assert stats["workers"] == 2 and stats["new"] == stats["total"] == 11 and stats["lost"] == 0
    assert stats["refuted"] == 2 + 4  # the negative family twice, few_points at N = 5
    assert stats["errors"] == 1

    rep = report(store)
    assert rep["done"] == rep["total"] == 11 and rep["campaigns"] == ["t"]
    assert len(rep["refuted"]) == 6 and len(rep["errors"]) == 1
    assert all(r["certificate_verified"] for r in rep["refuted"])
    assert {(r["d"], r["N"], r["rate"]) for r in rep["rates"] if r["label"] == "conj.py:few_points"} == {
        ("1", "3", 0.0),
        ("1", "5", 1.0),
        ("2", "3", 0.0),
        ("2", "5", 1.0),
    }
    assert rep["errors"][0]["type"] == "RuntimeError" and rep["errors"][0]["instance"] == {"X": [[0], [0]]}
    per_run = {r["label"]: r for r in rep["runs"]}
    assert per_run["prop6 (negative)"]["done"] == 2 and per_run["prop6 (negative)"]["seconds"] > 0

    ver = verify(store)
    assert ver["ok"] and ver["checked"] == 6 and ver["verified"] == 6 and ver["certificates"] >= 2

    # rerun: nothing left to do, no cluster started, nothing duplicated
    again = run_campaign(path, store, workers=2)
    assert again["new"] == 0 and again["skipped"] == 11 and again["tasks"] == 0
    assert report(store)["done"] == 11

    # a tampered refutation no longer re-checks
    with Store(store) as s:
        row = next(s.results("refuted"))
        row["result"]["counterexample"] = {"X": [[1], [2]]}
        s.db.execute(
            "UPDATE results SET result = ? WHERE run = ? AND seed = ?",
            (json.dumps(row["result"]), row["run"], row["seed"]),
        )
    ver = verify(store)
    assert not ver["ok"] and len(ver["failed"]) == 1 and "not a failure" in ver["failed"][0]["reason"]


def test_plot_refutation_rate(tmp_path):
    pytest.importorskip("matplotlib")
    from exactrelu.plot.hunt import plot_refutation_rate

    rates = [{"label": "c", "d": "1", "N": "3", "rate": 0.0}, {"label": "c", "d": "1", "N": "5", "rate": 1.0}]
    fig = plot_refutation_rate(rates, tmp_path / "r.png")
    assert (tmp_path / "r.png").stat().st_size > 0
    assert fig.exactrelu_rates == {("c", 1): [(3, 0.0), (5, 1.0)]}
    with pytest.raises(InvalidDataError, match="single d and N"):
        plot_refutation_rate([{"d": None, "N": None, "rate": 1.0}])


def test_a_run_listed_twice_is_one_run_with_the_union_of_seeds():
    c = load_campaign(spec(runs=[{"check": "prop6"}, {"check": "prop6", "seeds": [1, 7]}]))
    assert len(c.runs) == 1 and c.runs[0].seeds == (0, 1, 7)
