"""Text output shows numbers short (display_number), exact values stay in --json (issue 17 review).

Before: ``erm`` printed a 26-digit "sum of squares" and 23-digit weights and ``v = ['1']``; ``gls``
a 33-digit "start value"; ``fit-exact`` 22-digit weights; a table column mixed ``≈5.74128`` and
``4243/441``; ``check --data`` labelled a failed hypothesis on user data a counterexample.
"""

import json
import re
from fractions import Fraction

import pytest

from exactrelu.cli import main
from exactrelu.cli.training import display_column

MESSY = "a,b\n-39/76,40/17\n-5/78,22/81\n49/9,56/2\n21/34,42/30\n-50/92,21/70\n41/61,2/82\n-61/30,63/20\n"
Y = "1/3,2,-5/7,1,3,-2,1/9"
LONG = re.compile(r"\d[\d/]{15,}")  # no integer or p/q of more than 15 characters in text output


@pytest.fixture()
def messy(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text(MESSY)
    return str(path)


def run(capsys, *argv):
    code = main([*argv, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "argv",
    [("erm", "--table"), ("gls", "-m", "2", "--compare", "--gd-steps", "50"), ("fit-exact",)],
)
def test_training_text_has_no_long_numbers(capsys, messy, argv):
    code, out, err = run(capsys, argv[0], messy, "-y", Y, *argv[1:])
    assert code == 0, err
    assert not LONG.search(out), out
    assert "['" not in out, out  # no Python lists of strings
    assert out.count("exact values: --json") == 1, out
    code, js, err = run(capsys, argv[0], messy, "-y", Y, *argv[1:], "--json")
    assert code == 0 and LONG.search(js)  # the exact values are in the JSON


def test_jacobian_and_interpolate_text_have_no_long_numbers(capsys, messy):
    """Before: jacobian printed the minor's determinant as -221867931383/10407641400."""
    code, out, _ = run(capsys, "jacobian", messy, "--random-units", "3")
    assert code == 0 and "det ≈" in out and not LONG.search(out), out
    code, out, _ = run(capsys, "interpolate", messy, "-y", Y, "--random-units", "3")
    assert code == 0 and "labels y = (1/3, 2, -5/7, 1, 3, -2, 1/9)" in out, out


def test_erm_prints_v_as_a_tuple(capsys, messy):
    code, out, _ = run(capsys, "erm", messy, "-y", Y, "--v", "-1")
    assert code == 0
    assert "fixed v = (-1)" in out and out.splitlines()[3].endswith(", v = (-1)"), out
    code, out, _ = run(capsys, "gls", messy, "-y", Y, "-m", "2", "--v", "1,-1")
    assert code == 0 and "v = (1, -1)" in out, out


def test_a_table_column_has_one_form():
    assert display_column([Fraction(1063, 81), Fraction(1, 2), 3]) == ["1063/81", "0.5", "3"]
    col = display_column([Fraction(10**25 + 1, 7 * 10**24), Fraction(4243, 441), Fraction(1, 4)])
    assert col == ["≈1.42857", "≈9.62132", "0.25"]


def test_gls_trace_column_is_not_mixed(capsys, messy):
    code, out, _ = run(capsys, "gls", messy, "-y", Y, "-m", "2")
    assert code == 0
    rows = [line.split() for line in out.splitlines() if line[:1].isdigit()]
    values = [r[-3] for r in rows]
    assert all(v.startswith("≈") for v in values) or not any("/" in v for v in values), values


def test_check_on_user_data_failed_hypothesis_is_not_applicable(capsys, tmp_path):
    """p2: six points, three on a line: prop6/thm41's general position fails -> not applicable."""
    path = tmp_path / "p2.csv"
    path.write_text("0,0\n3,5\n-5,-4\n4,5\n-3,-2\n4,-1\n")
    code, out, err = run(capsys, "check", "prop6", "thm41", "--data", str(path))
    assert code == 0, err
    assert "counterexample" not in out.lower(), out
    assert "hypothesis fails on these data" in out and "2 not applicable" in out, out
    code, js, _ = run(capsys, "check", "prop6", "--data", str(path), "--json")
    r = json.loads(js)["results"]["prop6"]
    assert r["status"] == "not_applicable" and r["details"]["hypotheses_hold"] is False


def test_negative_controls_keep_their_counterexample(capsys):
    code, out, _ = run(capsys, "check", "prop6", "--negative")
    assert code == 0 and "counterexample (hypothesis fails)" in out, out


def test_zaslavsky_on_25_points_in_r3_runs_by_default():
    """Before: predicted 'about 2 min' and skipped under the default --limit; it runs in ~10 s."""
    import random

    from exactrelu.exact import limits
    from proofs_checks.framework import UNIT_SECONDS, predict_cost

    rng = random.Random(0)
    X = [[rng.randint(-9, 9) for _ in range(3)] for _ in range(25)]
    for name in ("zaslavsky", "duality"):
        units, what = predict_cost(name, X)
        assert units <= limits.resolve(None), (name, what)
        assert 5 <= units * UNIT_SECONDS <= 60, (name, what)  # measured 10-12 s: conservative but sane


def test_random_features_cost_model_follows_the_multisets():
    """Before: 0.25 s · 2^N predicted 16 s for 6 points in R^2, which ran for over 10 minutes."""
    from proofs_checks.framework import UNIT_SECONDS, predict_cost

    p2 = [[0, 0], [3, 5], [-5, -4], [4, 5], [-3, -2], [4, -1]]
    assert predict_cost("mr_random_features", p2)[0] * UNIT_SECONDS > 600
    assert predict_cost("mr_random_features", p2[:4])[0] * UNIT_SECONDS < 5  # measured 0.84 s
    big = [[i, i * i % 7, i % 5] for i in range(300)]
    assert predict_cost("mr_random_features", big)[0] == 10**30  # no OverflowError
