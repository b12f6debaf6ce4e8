"""Tests of the command line interface (exactrelu.cli.main) and of README/.ci sync."""

import io
import json
import re

import pytest

from exactrelu.cli import main

pytest.importorskip("exactrelu.geometry.arrangement")
pytest.importorskip("exactrelu.geometry.zonotope")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json", "--no-progress")
    assert code == 0, err
    return json.loads(out)


def assert_clean_error(code, out, err, *fragments):
    assert code == 2
    assert err.startswith("exactrelu: error: "), err
    assert "Traceback" not in err and "Traceback" not in out
    for f in fragments:
        assert f.lower() in err.lower(), (f, err)


# ----------------------------------------------------------------------------- good input


def test_arrangement_json_figure1(capsys):
    d = run_json(capsys, "arrangement", "--example", "figure1")
    for key in ("n_regions", "n_vertices", "face_vector", "n_edges", "general_position"):
        assert key in d
    assert d["n_regions"] == d["n_vertices"] == d["n_chambers_enumerated"] == 22
    assert d["face_vector"] == [1, 20, 40, 22]
    assert d["n_edges"] == 40
    assert d["general_position"] is True
    assert len(d["chambers"]) == 22
    assert {len(c["pattern"]) for c in d["chambers"]} == {5}


def test_arrangement_table(capsys):
    code, out, err = run(capsys, "arrangement", "--example", "square", "--no-progress")
    assert code == 0, err
    assert "regions |χ(-1)|" in out and "14" in out
    assert "pattern" in out and "witness" in out


def test_arrangement_negative_control_not_general_position(capsys):
    d = run_json(capsys, "arrangement", "--example", "collinear_triple")
    assert d["general_position"] is False
    assert d["n_regions"] == 12


def test_zonotope_json(capsys):
    d = run_json(capsys, "zonotope", "--example", "figure1")
    for key in ("n_regions", "n_vertices", "f_vector", "n_edges", "general_position"):
        assert key in d
    assert d["n_vertices"] == 22 and d["n_edges"] == 40
    assert d["f_vector"] == [1, 22, 40, 20, 1]
    assert len(d["vertices"]) == 22
    # vertex = sum of the active generators: its bias coordinate counts the active examples
    for v in d["vertices"]:
        assert v["vertex"][-1] == v["pattern"].count("1")


def test_zonotope_no_bias_from_csv_file(capsys, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("# three vectors in R^2\n1, 0\n0, 1\n1/2, 1/3\n")
    d = run_json(capsys, "zonotope", str(f), "--no-bias")
    assert d["n_vertices"] == 6 and d["dimension"] == 2


def test_data_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("[[0], [1], [3]]"))
    d = run_json(capsys, "arrangement", "-")
    assert d["n_regions"] == 6


def test_patterns_json_and_table(capsys):
    d = run_json(capsys, "patterns", "--example", "figure1")
    assert d["n_patterns"] == 22
    code, out, err = run(capsys, "patterns", "--example", "points_1d", "--units", "2", "--no-progress")
    assert code == 0, err
    assert "36 feasible activation patterns" in out  # (2N)^m = 6^2


def test_patterns_feasible_certificate(capsys):
    code, out, err = run(capsys, "patterns", "--example", "figure1", "--feasible", "11111")
    assert code == 0, err
    assert "FEASIBLE" in out
    # x_2, x_4 active but x_1 = ... : find an infeasible one by brute force over the 32 patterns
    d = run_json(capsys, "patterns", "--example", "figure1")
    feasible = {p["pattern"] for p in d["patterns"]}
    infeasible = next(format(k, "05b") for k in range(32) if format(k, "05b") not in feasible)
    code, out, err = run(capsys, "patterns", "--example", "figure1", "--feasible", infeasible)
    assert code == 0, err
    assert "infeasible" in out


def test_position(capsys):
    d = run_json(capsys, "position", "--example", "collinear_triple")
    assert d["general_position"] is False
    assert d["subset"] == [0, 1, 2]
    assert d["certificate_verified"] is True
    d = run_json(capsys, "position", "--example", "figure1")
    assert d["general_position"] is True
    code, out, _err = run(capsys, "position", "--example", "collinear_triple")
    assert code == 0 and "general position: no" in out


def test_demo_writes_picture(capsys, tmp_path):
    png = tmp_path / "demo.png"
    code, out, err = run(capsys, "demo", "--out", str(png), "--no-progress")
    assert code == 0, err
    assert "22" in out and "general position" in out
    assert len(re.findall(r"^\d+\s+[01]{5}\s", out, flags=re.M)) == 22  # the 22 patterns listed
    assert png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_unwritable_picture_path(capsys, tmp_path):
    code, out, err = run(capsys, "demo", "--out", str(tmp_path / "no" / "such" / "dir.png"))
    assert_clean_error(code, out, err, "cannot write the picture")


def test_progress_flag_accepted(capsys):
    code, _out, err = run(capsys, "arrangement", "--example", "figure1", "--progress")
    assert code == 0 and "Traceback" not in err


def test_demo_json_without_picture(capsys):
    d = run_json(capsys, "demo", "--out", "")
    assert d["n_regions"] == d["n_vertices"] == 22
    assert d["picture"] is None


def test_list_examples(capsys):
    code, out, _err = run(capsys, "demo", "--list-examples")
    assert code == 0 and "figure1" in out and "collinear_triple" in out


def _proofs_checks():
    proofs_checks = pytest.importorskip("proofs_checks")
    if not hasattr(proofs_checks, "list_checks"):
        pytest.skip("proofs_checks has no registry yet")
    return proofs_checks


def test_check_list(capsys):
    proofs_checks = _proofs_checks()
    code, out, err = run(capsys, "check", "--list")
    assert code == 0, err
    for name in proofs_checks.list_checks():
        assert re.search(rf"^{name}\s", out, flags=re.M), name
    d = run_json(capsys, "check", "--list")
    assert [c["name"] for c in d["checks"]] == list(proofs_checks.list_checks())


def test_check_runs_and_negative_controls(capsys):
    proofs_checks = _proofs_checks()
    name = next(iter(proofs_checks.list_checks()))
    d = run_json(capsys, "check", name)
    assert list(d["results"]) == [name] and d["n_failed"] == 0
    assert d["results"][name]["status"] in ("verified", "not_applicable")
    d = run_json(capsys, "check", name, "--negative")
    assert d["results"][name]["status"] == "counterexample" and d["n_failed"] == 0
    # on data that break a hypothesis a counterexample is reported but is not a failure
    code, _out, err = run(capsys, "check", "--example", "collinear_triple")
    assert code == 0, err
    assert_clean_error(*run(capsys, "check", "no_such_check"), "unknown check")


def test_help_and_version(capsys):
    assert main(["--help"]) == 0
    assert "arrangement" in capsys.readouterr().out
    assert main(["--version"]) == 0


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("1, 2\nnan, 3\n", "nan"),
        ("1, 2\n3\n", "ragged"),
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("1, 2\n3, x\n", "'x'"),
        ("1, 2\ninf, 3\n", "inf"),
    ],
)
def test_bad_file_exits_2_without_traceback(capsys, tmp_path, text, fragment):
    f = tmp_path / "bad.csv"
    f.write_text(text)
    code, out, err = run(capsys, "arrangement", str(f))
    assert_clean_error(code, out, err, fragment)


def test_bad_json_file(capsys, tmp_path):
    f = tmp_path / "bad.json"
    f.write_text("[[1, 2], [3,")
    assert_clean_error(*run(capsys, "zonotope", str(f)), "json")


def test_missing_file(capsys, tmp_path):
    assert_clean_error(*run(capsys, "arrangement", str(tmp_path / "nope.csv")), "does not exist")


def test_unknown_example(capsys):
    assert_clean_error(*run(capsys, "arrangement", "--example", "nope"), "unknown example", "figure1")


def test_no_data_and_both_data(capsys):
    assert_clean_error(*run(capsys, "zonotope"), "no data")
    assert_clean_error(*run(capsys, "zonotope", "x.csv", "--example", "square"), "not both")


def test_strict_refuses_floats(capsys, tmp_path):
    f = tmp_path / "x.npy"
    import numpy as np

    np.save(f, np.array([[0.1, 0.2], [0.3, 0.5]]))
    code, out, err = run(capsys, "arrangement", str(f), "--strict", "--no-progress")
    assert_clean_error(code, out, err, "not exact")
    code, out, err = run(capsys, "arrangement", str(f), "--no-progress")
    assert code == 0, err  # without --strict the floats are read as their shortest decimals


def test_oversize_refused_with_predicted_size(capsys):
    code, out, err = run(capsys, "arrangement", "--example", "figure1", "--limit", "5")
    assert_clean_error(code, out, err, "--limit")
    assert re.search(r"\b22\b", err), err  # the predicted size is named (an upper bound >= 22)
    code, out, err = run(capsys, "patterns", "--example", "figure1", "--units", "3", "--limit", "5")
    assert_clean_error(code, out, err, "--limit")


def test_bad_pattern(capsys):
    code, out, err = run(capsys, "patterns", "--example", "figure1", "--feasible", "10x")
    assert_clean_error(code, out, err, "--feasible", "'10x'", "0/1 entries")


def test_usage_errors_exit_2(capsys):
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["arrangement", "--limit", "many"]) == 2
    assert "invalid int value" in capsys.readouterr().err
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().err
    assert_clean_error(*run(capsys, "patterns", "--example", "square", "--units", "0"), "--units")


# ----------------------------------------------------------------------------- perturb
def test_perturb_hexagon_path_json_and_table(capsys, tmp_path):
    data, direction = tmp_path / "x.json", tmp_path / "d.json"
    data.write_text("[[-1,0],[0,-1],[1,0],[0,2]]")
    direction.write_text("[[0,0],[0,1],[0,0],[0,0]]")
    d = run_json(capsys, "perturb", str(data), "--direction", str(direction), "--eps", "2")
    (c,) = d["changes"]
    assert c["epsilon"] == 1 and c["gained"] == ["0101", "1010"] and c["lost"] == ["0100", "1011"]
    assert c["special_faces"][0]["n_vertices"] == 6
    assert d["stable_radius"]["general_position"] is True and float(d["stable_radius"]["radius_float"]) > 0
    code, out, _err = run(capsys, "perturb", str(data), "--direction", str(direction), "--eps", "2")
    assert code == 0 and "certified stability radius" in out and "0101 1010" in out


def test_perturb_degenerate_random_and_probe(capsys):
    d = run_json(capsys, "perturb", "--example", "collinear_triple", "--eps", "1/10", "--probe", "3")
    assert d["stable_radius"]["radius"] == 0 and d["stable_radius"]["dependent_subsets"]
    assert d["probe"]["immediate"] == 3 and d["changes"][0]["epsilon"] == 0


def test_perturb_bad_direction(capsys, tmp_path):
    direction = tmp_path / "d.json"
    direction.write_text("[[0,0],[0,1]]")
    assert_clean_error(
        *run(capsys, "perturb", "--example", "figure1", "--direction", str(direction)), "shape"
    )
    assert_clean_error(*run(capsys, "perturb", "--example", "figure1", "--eps", "x"), "eps")


# ------------------------------------------------------------------ jacobian / interpolate (issue 4)
def test_jacobian_json_and_float_disagreement(capsys, tmp_path):
    d = run_json(capsys, "jacobian", "--example", "points_1d", "--pattern", "111,011,001")
    assert (
        d["rank"] == 3 and d["full_rank"] and d["certificate_verified"] and d["one_d"]["diversity_gaps"] == []
    )
    f = tmp_path / "close.csv"
    f.write_text("1\n1.00000000000000001\n")  # exact decimal, equal to 1.0 in binary floating point
    d = run_json(capsys, "jacobian", str(f), "--strict", "--pattern", "11")
    assert d["rank"] == 2 and d["float_rank"] == 1 and not d["float_agrees"]
    code, out, _err = run(capsys, "jacobian", str(f), "--strict", "--pattern", "11")
    assert code == 0 and "DISAGREES" in out


def test_jacobian_weights_and_random_region(capsys, tmp_path):
    w = tmp_path / "W.csv"
    w.write_text("2,-1\n-1,2\n")
    d = run_json(capsys, "jacobian", "--example", "points_1d", "--weights", str(w))
    assert d["units"] == 2 and d["certificate_verified"]
    d = run_json(capsys, "jacobian", "--example", "square", "--random-units", "3", "--seed", "4")
    assert d["units"] == 3 and d["certificate_verified"]


def test_interpolate_complete_and_infeasible(capsys):
    d = run_json(capsys, "interpolate", "--example", "points_1d", "--labels", "1,-2,3/4", "--complete")
    assert d["nonempty"] and d["codimension"] == 3 and d["dimension"] == 9 and d["lemma15"]["verified"]
    d = run_json(
        capsys,
        "interpolate",
        "--example",
        "points_1d",
        "--labels=-1,0,0",
        "--pattern",
        "111,011",
        "--v",
        "1,1",
    )
    assert not d["nonempty"] and d["certificate_verified"] and d["point"]["farkas"]


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["jacobian", "--example", "points_1d"], "exactly one of"),
        (["jacobian", "--example", "points_1d", "--pattern", "11"], "length 2 but there are 3 data points"),
        (["jacobian", "--example", "points_1d", "--pattern", "111", "--v", "1,2"], "--v gives 2"),
        (["interpolate", "--example", "points_1d", "--labels", "1,2", "--complete"], "2 labels for 3"),
        (["interpolate", "--example", "square", "--labels", "1,2,3,4", "--complete"], "1-D data"),
        (["interpolate", "--example", "points_1d", "--labels", "1,x,3", "--complete"], "--labels entry 1"),
    ],
)
def test_jacobian_interpolate_bad_input(capsys, argv, fragment):
    assert_clean_error(*run(capsys, *argv), fragment)


def test_erm_json_and_text(capsys):
    d = run_json(capsys, "erm", "--example", "points_1d", "--labels", "1,0,1", "--units", "2")
    assert d["value"] == 0 and d["n_regions"] == 78 and d["certificate_verified"] and "table" not in d
    d = run_json(capsys, "erm", "--example", "points_1d", "--labels", "0,1,0", "--v", "1", "--table")
    assert d["value"] == "2/3" and len(d["table"]) == 6
    code, out, _ = run(
        capsys, "erm", "--example", "points_1d", "--labels", "0,1,0", "--v", "1", "--table", "--no-progress"
    )
    assert code == 0 and "re-verified: yes" in out and "value (sum)" in out


def test_erm_refuses_oversized_and_bad_labels(capsys):
    code, out, err = run(
        capsys, "erm", "--example", "figure1", "--labels", "1,0,2,1,3", "--units", "3", "--limit", "1000"
    )
    assert_clean_error(code, out, err, "15,180 region problems", "--limit 15180")
    code, out, err = run(capsys, "erm", "--example", "figure1", "--labels", "1,0", "--units", "1")
    assert_clean_error(code, out, err, "2 labels for 5 data points")
    code, out, err = run(
        capsys, "erm", "--example", "figure1", "--labels", "1,0,2,1,3", "--units", "2", "--v", "1"
    )
    assert_clean_error(code, out, err, "disagrees")


def test_gls_trace_and_compare(capsys):
    d = run_json(
        capsys,
        "gls",
        "--example",
        "figure1",
        "--labels",
        "3,0,2,1,3",
        "--v",
        "1,-1",
        "--seed",
        "2",
        "--compare",
        "--gd-steps",
        "100",
    )
    values = [t["value"] for t in d["trace"]]
    assert (
        d["local_minimum"] and d["steps"] == len(values) - 1 and set(d["compare"]) == {"random-vertex", "gd"}
    )
    code, out, _ = run(
        capsys,
        "gls",
        "--example",
        "figure1",
        "--labels",
        "3,0,2,1,3",
        "--units",
        "1",
        "--variant",
        "mgls",
        "--start",
        "11111",
        "--no-progress",
    )
    assert code == 0 and "start" in out and "mgls" in out


def test_fit_exact(capsys):
    d = run_json(capsys, "fit-exact", "--example", "figure1", "--labels", "1,0,2,1,3")
    assert d["verified"] and d["n_units"] == 4
    code, out, err = run(capsys, "fit-exact", "--example", "collinear_triple", "--labels", "1,0,2,1")
    assert_clean_error(code, out, err, "not in affine general position", "--no-check-position")


def test_reduce_set_cover(capsys, tmp_path):
    f = tmp_path / "tri.json"
    f.write_text('{"n": 3, "family": [[1, 2], [2, 3], [1, 3]], "k": 1}')
    d = run_json(capsys, "reduce", "set-cover", str(f), "--verify", "--perturb", "1/1000")
    assert (
        d["check"]["agrees"]
        and d["check"]["min_loss"] == 2
        and not d["check"]["yes"]
        and d["check_reverified"]
    )
    assert d["perturbed"]["min_loss"] == 1 and d["perturbed"]["flips"]
    d = run_json(capsys, "reduce", "set-cover", str(f), "--k", "2", "--verify")
    assert d["check"]["yes"] and d["check"]["answer_yes"]
    code, out, err = run(capsys, "reduce", "set-cover", str(tmp_path / "missing.json"))
    assert_clean_error(code, out, err, "cannot read")
    g = tmp_path / "bad.json"
    g.write_text('{"n": 3, "family": [[1], [3]], "k": 1}')
    code, out, err = run(capsys, "reduce", "set-cover", str(g))
    assert_clean_error(code, out, err, "lie in no set")
