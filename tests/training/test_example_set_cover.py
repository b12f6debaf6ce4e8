"""Fast test of examples/set_cover_reductions.py: the per-instance function on tiny instances, the CSV."""

import csv
import importlib.util
import os
from fractions import Fraction

import pytest
from conftest import REPO

from exactrelu.training.set_cover import SetCover

EXAMPLE = os.path.join(REPO, "examples", "set_cover_reductions.py")


@pytest.fixture(scope="module")
def ex():
    spec = importlib.util.spec_from_file_location("set_cover_reductions_example", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rows(ex):
    instances = [
        SetCover(2, [{1, 2}], k=1),  # min cover 1: one (YES) row
        SetCover(3, [{1}, {2, 3}], k=1),  # min cover 2: NO at k=1, YES at k=2
        SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1),
    ]  # min cover 2, overlapping sets
    return {i: ex.budget_rows(i, inst, seed=0) for i, inst in enumerate(instances)}


def test_budgets_and_min_cover(rows):
    assert [r["k"] for r in rows[0]] == [1]
    for i in (1, 2):
        assert [(r["k"], r["yes"], r["min_cover"]) for r in rows[i]] == [(1, False, 2), (2, True, 2)]


def test_claims_hold(rows):
    for rs in rows.values():
        for r in rs:
            assert r["failures"] == [] and r["expectations_ok"] and not r["error"]
            assert r["r1_agrees"] and r["r1_gap_holds"] and r["r1_verified"]
            assert r["gp_agrees"] and r["gp_gap_holds"] and r["gp_general_position"] and r["gp_verified"]
            assert r["e2_r1_verified"] and r["e2_gp_verified"]
            assert r["theta"] == r["k"] + Fraction(1, 2)
            assert r["e2_r1_flips"] == (not r["yes"])  # E.2 breaks R1 exactly on NO rows
            assert not r["e2_gp_flips"]  # ... and never R1-GP
            assert r["e2_r1_witness_loss"] == 1
            assert set(r["seconds"]) >= {"r1_erm", "r1", "gp", "e2_r1", "e2_gp"}


def test_exact_values(rows):
    no, yes = rows[2]  # the docstring instance of exactrelu.training.reductions
    assert no["r1_min_loss"] == 2 and yes["r1_min_loss"] == 2
    assert no["e2_r1_min_loss"] == 1 and no["e2_r1_answer_yes"] is True
    assert isinstance(no["gp_min_loss"], Fraction) and no["gp_min_loss"] >= no["gp_gap_hi"]
    assert rows[1][0]["r1_min_loss"] == Fraction(4197376, 2100225)  # {1}, {2,3} at k = 1


def test_csv_header_and_cells(ex, rows, tmp_path):
    flat = [r for rs in rows.values() for r in rs]
    path = tmp_path / "t.csv"
    ex.write_csv(flat, str(path))
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        body = list(reader)
    assert tuple(header) == ex.CSV_COLUMNS
    for col in (
        "instance",
        "n",
        "m",
        "family",
        "k",
        "min_cover",
        "yes",
        "theta",
        "r1_min_loss",
        "r1_min_loss_float",
        "gp_min_loss",
        "gp_min_loss_float",
        "e2_r1_min_loss",
        "e2_r1_flips",
        "e2_gp_min_loss",
        "e2_gp_flips",
    ):
        assert col in header
    assert len(body) == len(flat) == 5
    rec = dict(zip(header, body[1]))  # {1}, {2,3} at k = 1 (NO)
    assert rec["family"] == "1|23" and rec["yes"] == "0" and rec["theta"] == "3/2"
    assert Fraction(rec["r1_min_loss"]) == Fraction(4197376, 2100225)
    assert float(rec["r1_min_loss_float"]) == pytest.approx(4197376 / 2100225)
    assert rec["e2_r1_flips"] == "1" and rec["e2_gp_flips"] == "0" and rec["failures"] == ""
    assert all(Fraction(dict(zip(header, b))["gp_min_loss"]) > 0 for b in body)


def test_summary_counts(ex, rows):
    flat = [r for rs in rows.values() for r in rs]
    s = ex.summarize(flat)
    assert (s["rows"], s["no_rows"], s["yes_rows"]) == (5, 2, 3)
    assert s["all_agree"] and s["all_gaps_hold"] and s["all_gp_certified"] and s["all_certificates_verified"]
    assert s["e2_flips_r1_on_every_no_row"] and s["e2_flips_r1_on_no_yes_row"] and s["e2_never_flips_r1_gp"]
    assert s["all_expectations_hold"]
