"""Bounded, visible long work and output that travels (issue 17, items 2 and 3), on the CLI:
--progress without a terminal, --timeout with a partial result, --summary, --output round trips,
short numbers in tables, and check --data with predicted costs."""

import csv
import io
import json
import random
import time

import numpy as np
import pytest

from exactrelu.cli import main
from exactrelu.cli.common import TIMEOUT_STATUS, number_cells

nx = pytest.importorskip("networkx")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _csv_rows(path):
    with open(path, newline="") as fh:
        return list(csv.reader(fh))


def _random_csv(path, n, d, seed=5, bound=99):
    rng = random.Random(seed)
    path.write_text("\n".join(",".join(str(rng.randint(-bound, bound)) for _ in range(d)) for _ in range(n)))
    return str(path)


# ----------------------------------------------------------------------------- --progress


def test_progress_prints_lines_when_stderr_is_not_a_terminal(capsys, monkeypatch):
    """Before: --progress showed nothing when standard error was not a terminal."""
    monkeypatch.setenv("EXACTRELU_PROGRESS_INTERVAL", "0.01")
    code, _out, err = run(capsys, "arrangement", "--example", "figure1", "--progress", "--summary")
    assert code == 0
    lines = [ln for ln in err.splitlines() if ln.startswith("exactrelu arrangement: ")]
    assert len(lines) >= 3, err  # stages and a last line
    assert any("finished" in ln for ln in lines)
    code, _out, err = run(capsys, "arrangement", "--example", "figure1", "--no-progress")
    assert err == ""


def test_line_bar_without_terminal(monkeypatch):
    from exactrelu.exact import progress

    buf = io.StringIO()
    monkeypatch.setattr("sys.stderr", buf)
    with progress.progress_bar(True, 3, "steps", "step") as bar:
        for _ in range(3):
            bar.update()
    assert "steps: 3/3 steps (100%)" in buf.getvalue()


# ----------------------------------------------------------------------------- --timeout


def test_timeout_stops_cleanly_with_a_partial_result(capsys, tmp_path):
    """40 random points in R^3: 19,840 chambers; stopped after 0.5 s with a partial result."""
    data = _random_csv(tmp_path / "x.csv", 40, 3)
    target = tmp_path / "chambers.json"
    t0 = time.monotonic()
    code, _out, err = run(capsys, "arrangement", data, "--timeout", "0.5", "--output", str(target))
    elapsed = time.monotonic() - t0
    assert code == TIMEOUT_STATUS == 124, err
    assert elapsed < 60, (elapsed, err)  # a hang detector, not a speed test
    assert "Traceback" not in err
    assert err.startswith("exactrelu: stopped by --timeout after 0.5 s while computing ")
    assert "done so far:" in err and "To continue: run again with a larger --timeout" in err
    if target.exists():  # the rows written so far form a valid file, marked incomplete
        d = json.loads(target.read_text())
        assert d["complete"] is False and d["n_rows"] == len(d["rows"]) < 19840


def test_timeout_must_be_positive(capsys):
    code, _out, err = run(capsys, "arrangement", "--example", "square", "--timeout", "0")
    assert code == 2 and "--timeout" in err


# ----------------------------------------------------------------------------- --summary


def test_summary_counts_only(capsys):
    """Before: no count-only mode (40 points in R^4 printed 184,348 lines, 32 MB)."""
    code, full, _ = run(capsys, "arrangement", "--example", "figure1", "--no-progress")
    code2, summary, _ = run(capsys, "arrangement", "--example", "figure1", "--no-progress", "--summary")
    assert code == code2 == 0
    assert len(summary.splitlines()) == 6 < len(full.splitlines())
    assert "regions |χ(-1)|            22" in summary and "witness" not in summary
    for argv in (["zonotope", "--example", "figure1"], ["patterns", "--example", "figure1", "--units", "2"]):
        code, out, err = run(capsys, *argv, "--summary", "--no-progress")
        assert code == 0, err
        assert len(out.splitlines()) <= 4, out
    code, out, _ = run(capsys, "patterns", "--example", "figure1", "--units", "2", "--summary", "--json")
    d = json.loads(out)
    assert d["n_patterns"] == 22**2 and "patterns" not in d
    code, out, _ = run(capsys, "zonotope", "--example", "figure1", "--summary", "--json")
    assert "vertices" not in json.loads(out) and json.loads(out)["n_vertices"] == 22


def test_erm_table_summary_and_output(capsys, tmp_path):
    argv = ["erm", "--example", "points_1d", "--labels", "0,1,0", "--v", "1", "--table", "--no-progress"]
    code, out, _ = run(capsys, *argv, "--summary", "--output", str(tmp_path / "t.csv"))
    assert code == 0 and "mean loss" not in out
    rows = _csv_rows(tmp_path / "t.csv")
    assert rows[0] == ["v", "patterns", "value", "mean_loss"] and len(rows) == 7


# ----------------------------------------------------------------------------- --output


@pytest.mark.parametrize("suffix", [".json", ".csv", ".npz"])
def test_arrangement_output_round_trip(capsys, tmp_path, suffix):
    target = tmp_path / f"chambers{suffix}"
    code, out, err = run(capsys, "arrangement", "--example", "figure1", "--summary", "--output", str(target))
    assert code == 0, err
    assert f"wrote 22 chambers to {target}" in out
    if suffix == ".json":
        d = json.loads(target.read_text())
        assert d["complete"] is True and d["n_rows"] == 22 and d["meta"]["n_regions"] == 22
        assert {len(r["pattern"]) for r in d["rows"]} == {5}
    elif suffix == ".csv":
        rows = _csv_rows(target)
        assert rows[0] == ["pattern", "signs", "witness"] and len(rows) == 23
    else:
        z = np.load(target, allow_pickle=False)
        assert z["witness"].shape == (22, 3) and z["signs"].dtype == np.int64


def test_zonotope_graphml_loads_with_networkx(capsys, tmp_path):
    """Before: write_graphml of the zonotope graph raised NetworkXError (tuple attributes, no coordinates)."""
    target = tmp_path / "z.graphml"
    code, _out, err = run(capsys, "zonotope", "--example", "figure1", "--summary", "--output", str(target))
    assert code == 0, err
    G = nx.read_graphml(target)
    assert G.number_of_nodes() == 22 and G.number_of_edges() == 40
    node = G.nodes[next(iter(G.nodes))]
    assert {"x0", "x1", "x2", "x0_float", "pattern"} <= set(node)
    # the bias coordinate of a vertex counts its active examples
    assert all(int(d["x2"]) == d["pattern"].count("1") for _, d in G.nodes(data=True))


def test_patterns_and_convex_output(capsys, tmp_path):
    code, _out, err = run(capsys, "patterns", "--example", "square", "--output", str(tmp_path / "p.csv"))
    assert code == 0, err
    assert len(_csv_rows(tmp_path / "p.csv")) == 15
    argv = ["convex", "--example", "convex_example1", "--labels", "1,0,0", "--beta", "1/10", "--no-progress"]
    code, _out, err = run(capsys, *argv, "--summary", "--output", str(tmp_path / "c.json"))
    assert code == 0, err
    assert json.loads((tmp_path / "c.json").read_text())["n_rows"] == 6


def test_unknown_output_suffix_is_a_clean_error(capsys, tmp_path):
    code, _out, err = run(capsys, "arrangement", "--example", "square", "--output", str(tmp_path / "x.txt"))
    assert code == 2 and ".graphml" in err and "Traceback" not in err


def test_tables_show_short_numbers():
    """Before: tables printed 36- and 100-digit fractions."""
    from fractions import Fraction

    assert number_cells([Fraction(10**36 + 1, 3), Fraction(1, 3), 7]) == ["≈3.33333e+35", "1/3", "7"]


# ----------------------------------------------------------------------------- check --data


def test_check_data_predicts_costs_and_skips_up_front(capsys, tmp_path):
    """Before: check --data on 25 random points in R^3 ran cvx_prop7's pruning for more than 15 minutes."""
    data = _random_csv(tmp_path / "x.csv", 25, 3, seed=3, bound=9)
    slow = ["cvx_prop7", "alg1", "prop13"]  # zaslavsky takes ~10 s on these data and runs by default
    t0 = time.monotonic()
    _code, out, _err = run(capsys, "check", *slow, "--data", data, "--json", "--no-progress")
    assert time.monotonic() - t0 < 120  # a hang detector (before: more than 15 minutes), not a speed test
    d = json.loads(out)
    assert sorted(d["skipped"]) == sorted(slow)
    for name in slow:
        r = d["results"][name]
        assert r["status"] == "not_applicable" and "--limit" in r["reason"] and "check " + name in r["reason"]


def test_check_data_passes_bias(capsys):
    code, out, err = run(capsys, "check", "prop6", "--example", "figure1", "--no-bias", "--json")
    assert code == 0, err
    assert json.loads(out)["results"]["prop6"]["status"] == "verified"
    code, out, err = run(capsys, "check", "prop6", "--no-bias")
    assert code == 2 and "--data" in err
