"""``exactrelu campaign run | report | verify``: kill -9 and resume, bad input, the JSON contract."""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exactrelu.cli import main
from exactrelu.hunt.campaign import load_campaign

SLOW = """
import time

def slow_but_true(X):
    time.sleep(0.03)
    return True

def few_points(X):
    return len(X) < 4
"""


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(store):
    if not os.path.exists(store):
        return []
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        return db.execute("SELECT run, seed, status, result, finished FROM results").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return []
    finally:
        db.close()


@pytest.fixture
def campaign(tmp_path):
    (tmp_path / "conj.py").write_text(SLOW)
    spec = {
        "name": "resume",
        "examples": 4,
        "runs": [
            {
                "conjecture": "conj.py:slow_but_true",
                "family": {"kind": "integer", "dim": 1, "points": 3},
                "seeds": 60,
            },
            {
                "conjecture": "conj.py:few_points",
                "family": {"kind": "integer", "dim": 2, "points": [3, 5]},
                "seeds": 2,
            },
        ],
    }
    path = tmp_path / "campaign.json"
    path.write_text(json.dumps(spec))
    return str(path), str(tmp_path / "store.sqlite")


def test_kill_and_resume_loses_and_duplicates_nothing(campaign, capsys, tmp_path):
    spec, store = campaign
    pairs = set(load_campaign(spec).pairs)
    argv = [sys.executable, "-m", "exactrelu", "campaign", "run", spec, "--store", store, "--workers", "2"]
    proc = subprocess.Popen(
        [*argv, "--progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(rows(store)) < 6:
            assert proc.poll() is None, "the campaign stopped before storing anything"
            assert time.monotonic() < deadline, "no result stored within 60 s"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # at an arbitrary moment, mid-campaign
        proc.wait(timeout=10)
        before = rows(store)
        assert 6 <= len(before) < len(pairs), "the campaign finished before it could be killed"
        # the orphaned Dask workers notice their parent is gone and exit
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            pytest.fail("Dask worker processes outlived the killed campaign")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the process group started above, if anything is left

    code, out, err = run(capsys, "campaign", "run", spec, "--store", store, "--workers", "2", "--json")
    assert code == 1, err  # few_points is refuted at N = 5
    data = json.loads(out)
    assert data["done"] == data["total"] == len(pairs)
    assert data["this_run"]["skipped"] == len(before) and data["this_run"]["new"] == len(pairs) - len(before)
    after = rows(store)
    assert len(after) == len(pairs) and {(r[0], r[1]) for r in after} == pairs  # each pair exactly once
    assert set(before) <= set(after)  # rows stored before the kill are untouched
    assert len(data["refuted"]) == 2 and all(r["instance"]["X"] for r in data["refuted"])

    # report: JSON contract, a table, a picture
    code, out, _ = run(capsys, "campaign", "report", "--store", store, "--json")
    rep = json.loads(out)
    assert code == 0 and rep["done"] == rep["total"] == len(pairs)
    assert {"done", "total", "refuted", "errors", "runs", "rates", "seconds"} <= set(rep)
    assert {r["seed"] for r in rep["refuted"]} == {0, 1}
    assert {(r["N"], r["rate"]) for r in rep["rates"] if r["d"] == "2"} == {("3", 0.0), ("5", 1.0)}
    slow = next(r for r in rep["runs"] if r["label"] == "conj.py:slow_but_true")
    assert slow["done"] == 60 and slow["seconds_per_hunt"] > 0.1
    plot = str(tmp_path / "rate.png")
    code, out, _ = run(capsys, "campaign", "report", "--store", store, "--plot", plot)
    assert (
        code == 0
        and f"{len(pairs)}/{len(pairs)} hunts done" in out
        and "few_points" in out
        and os.path.getsize(plot) > 0
    )

    # verify: every stored refutation re-checks
    code, out, _ = run(capsys, "campaign", "verify", "--store", store, "--json")
    ver = json.loads(out)
    assert code == 0 and ver["ok"] and ver["checked"] == ver["verified"] == 2 and ver["failed"] == []
    code, out, _ = run(capsys, "campaign", "verify", "--store", store)
    assert code == 0 and "2/2 refutations re-check" in out


def _error(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exactrelu: error:"), err
    return lines[0]


def test_bad_input_gives_one_clear_error_and_exit_2(tmp_path, capsys):
    (tmp_path / "conj.py").write_text(SLOW + "\ndef two_args(X, z):\n    return True\n")

    def spec(run, **extra):
        path = tmp_path / f"spec{len(list(tmp_path.glob('spec*.json')))}.json"
        path.write_text(json.dumps({"name": "bad", "runs": [run], **extra}))
        return str(path)

    store = str(tmp_path / "s.sqlite")
    fam = {"kind": "integer"}
    cases = [
        (str(tmp_path / "missing.json"), "no campaign spec"),
        (spec({"conjecture": "nope.py:f", "family": fam}), "no conjecture file"),
        (spec({"conjecture": "conj.py:nope", "family": fam}), "has no function 'nope'"),
        (spec({"conjecture": "conj.py:two_args", "family": fam}), "cannot take the instance fields"),
        (spec({"conjecture": "conj.py:few_points", "family": {"kind": "hexagonal"}}), "unknown family"),
        (spec({"conjecture": "conj.py:few_points", "family": {"kind": "integer", "dim": "3:1"}}), "empty"),
        (spec({"conjecture": "conj.py:few_points", "family": fam, "seeds": -3}), "negative count"),
        (spec({"conjecture": "conj.py:few_points", "family": fam}, examples=10**6, seeds=100), "--limit"),
    ]
    for path, fragment in cases:
        assert fragment in _error(capsys, "campaign", "run", path, "--store", store)
    assert not os.path.exists(store)  # nothing was started for a bad spec

    ok = spec({"conjecture": "conj.py:few_points", "family": fam})
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 3000)
    before = junk.read_bytes()
    assert "store" in _error(capsys, "campaign", "run", ok, "--store", str(junk))
    assert "store" in _error(capsys, "campaign", "report", "--store", str(junk))
    assert "store" in _error(capsys, "campaign", "verify", "--store", str(junk))
    assert junk.read_bytes() == before
    assert "--limit" in _error(capsys, "campaign", "run", ok, "--store", store, "--limit", "5")
    missing = str(tmp_path / "typo.sqlite")
    assert "no campaign store" in _error(capsys, "campaign", "report", "--store", missing)
    assert "no campaign store" in _error(capsys, "campaign", "verify", "--store", missing)
    assert not os.path.exists(missing)


def test_damage_inside_a_store_and_odd_paths_are_refused_untouched(tmp_path, capsys):
    (tmp_path / "conj.py").write_text(SLOW)
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "name": "ok",
                "examples": 5,
                "runs": [{"conjecture": "conj.py:few_points", "family": {"kind": "integer"}}],
            }
        )
    )
    good = str(tmp_path / "good.sqlite")
    assert (
        run(capsys, "campaign", "run", str(spec), "--store", good, "--workers", "1", "--no-progress")[0] == 1
    )
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(Path(good).read_bytes())
    data[4096:] = bytes(len(data) - 4096)  # zero every page after the first
    damaged.write_bytes(bytes(data))
    for command in (["run", str(spec)], ["report"], ["verify"]):
        assert "corrupt" in _error(capsys, "campaign", *command, "--store", str(damaged))
    assert damaged.read_bytes() == bytes(data)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert "empty file" in _error(capsys, "campaign", "report", "--store", str(empty))
    assert empty.read_bytes() == b""
    assert "directory" in _error(capsys, "campaign", "run", str(spec), "--store", str(tmp_path))
    huge = tmp_path / "huge.json"
    huge.write_text('{"name": "x", "seeds": 99999999999999999999999, "runs": [{"check": "prop6"}]}')
    assert "at most" in _error(capsys, "campaign", "run", str(huge), "--store", good)


def test_report_still_prints_when_the_picture_cannot_be_written(tmp_path, capsys):
    (tmp_path / "conj.py").write_text(SLOW)
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "name": "ok",
                "examples": 5,
                "runs": [
                    {"conjecture": "conj.py:few_points", "family": {"kind": "integer", "dim": 1, "points": 3}}
                ],
            }
        )
    )
    store = str(tmp_path / "s.sqlite")
    run(capsys, "campaign", "run", str(spec), "--store", store, "--workers", "1", "--no-progress")
    code, out, err = run(
        capsys, "campaign", "report", "--store", store, "--plot", str(tmp_path / "no" / "x.png")
    )
    assert code == 0 and "1/1 hunts done" in out and "warning: no picture" in err


def test_errors_in_a_conjecture_make_a_campaign_exit_2(tmp_path, capsys):
    (tmp_path / "conj.py").write_text("def boom(X):\n    return X[7]\n")
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "name": "e",
                "examples": 5,
                "runs": [{"conjecture": "conj.py:boom", "family": {"kind": "integer"}}],
            }
        )
    )
    code, out, _ = run(
        capsys,
        "campaign",
        "run",
        str(spec),
        "--store",
        str(tmp_path / "s.sqlite"),
        "--workers",
        "1",
        "--no-progress",
    )
    assert code == 2 and "error(s) in conjectures" in out
