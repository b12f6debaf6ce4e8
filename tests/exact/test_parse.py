import io
import json
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact.errors import ExactReluError, InexactInputError, InvalidDataError
from exactrelu.exact.parse import (
    exact_matrix,
    homogenise,
    parse_data_text,
    primitive_rows,
    primitive_vector,
    read_data,
    reading_floats,
    to_fraction,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, Fraction(3)),
        (np.int64(-4), Fraction(-4)),
        ("2/6", Fraction(1, 3)),
        (" -0.125 ", Fraction(-1, 8)),
        ("1e-12", Fraction(1, 10**12)),
        (Decimal("0.1"), Fraction(1, 10)),
        (sympy.Rational(3, 7), Fraction(3, 7)),
        (sympy.Integer(5), Fraction(5)),
        (0.1, Fraction(1, 10)),  # a float means what was typed: its shortest round-trip decimal
        (np.float64(0.5), Fraction(1, 2)),
        (np.float32(0.1), Fraction(1, 10)),  # shortest decimal at float32 precision, not via float64
        (1e-300, Fraction(1, 10**300)),
    ],
)
def test_to_fraction_exact(value, expected):
    assert to_fraction(value) == expected


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), -np.inf, "abc", "1/0", True, 1 + 2j, None, Decimal("NaN")]
)
def test_to_fraction_refuses(bad):
    with pytest.raises(InvalidDataError):
        to_fraction(bad)


def test_binary_float_mode_keeps_the_binary_value():
    assert to_fraction(0.1, float_mode="binary") == Fraction(3602879701896397, 36028797018963968)
    assert to_fraction(np.float32(0.1), float_mode="binary") == Fraction(*np.float32(0.1).as_integer_ratio())
    with reading_floats("binary"):
        assert exact_matrix([[0.1]]) == ((Fraction(0.1),),)
        assert exact_matrix([[0.1]], float_mode="decimal") == ((Fraction(1, 10),),)  # the argument wins
    assert exact_matrix([[0.1]]) == ((Fraction(1, 10),),)  # the context is gone
    with pytest.raises(InvalidDataError, match="'decimal' or 'binary'"):
        to_fraction(0.1, float_mode="exact")


def test_float_mode_from_the_environment(monkeypatch):
    monkeypatch.setenv("EXACTRELU_FLOAT_MODE", "binary")
    assert to_fraction(0.1) == Fraction(0.1)
    monkeypatch.setenv("EXACTRELU_FLOAT_MODE", "bogus")
    with pytest.raises(InvalidDataError, match="EXACTRELU_FLOAT_MODE"):
        to_fraction(0.1)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_decimal_reading_is_the_shortest_round_trip(x):
    q = to_fraction(x)
    assert float(q) == x and q == Fraction(repr(x))
    # negative control: the binary value differs whenever the float is not a short decimal
    assert (to_fraction(x, float_mode="binary") == q) == (Fraction(x) == Fraction(repr(x)))


def test_strict_refuses_floats_but_not_exact_values():
    with pytest.raises(InexactInputError, match="not exact"):
        exact_matrix([[0.1, 1]], strict=True)
    assert exact_matrix([["0.1", 1]], strict=True) == ((Fraction(1, 10), Fraction(1)),)


@pytest.mark.parametrize("x", [0.1, np.float64(0.1), np.float32(0.1), np.longdouble("0.1")])
def test_strict_error_suggests_text_that_parses(x):
    with pytest.raises(InexactInputError) as info:
        to_fraction(x, strict=True)
    suggestion = str(info.value).split("string '")[1].split("'")[0]
    assert to_fraction(suggestion, strict=True) == to_fraction(x)  # what it suggests reads back the same
    assert "float_mode='binary'" in str(info.value) and "np.float" not in str(info.value)


@pytest.mark.parametrize(
    "X, match",
    [
        ([], "empty"),
        ([[1, 2], [3]], "ragged"),
        ([[]], "no coordinates"),
        ([1, 2, 3], "one point per row"),
        (np.array([1, 2, 3]), "1 dimension"),
        (np.zeros((2, 2, 2)), "3 dimension"),
        ([[1, float("nan")]], "not a finite"),
        ("12", "2-D table"),
    ],
)
def test_bad_tables_get_clear_errors(X, match):
    with pytest.raises(ExactReluError, match=match):
        exact_matrix(X)


def test_wrong_dimension():
    with pytest.raises(InvalidDataError, match="expected points of dimension 3"):
        exact_matrix([[1, 2]], dim=3)


def test_numpy_and_nested_agree():
    a = np.array([[1, -2], [3, 4]])
    assert exact_matrix(a) == exact_matrix([[1, -2], [3, 4]])


def test_homogenise_appends_bias_last():
    assert homogenise(((Fraction(1), Fraction(2)),)) == ((1, 2, 1),)


def test_primitive_rows_positive_scaling():
    rows = primitive_rows([[Fraction(1, 2), Fraction(-3, 4)], [0, 0], [6, 9]])
    assert rows == ((2, -3), (0, 0), (2, 3))
    # negative control: the sign is kept, never normalised away
    assert primitive_vector([-2, -4]) == (-1, -2)


def test_parse_csv_and_json(tmp_path):
    assert parse_data_text("# pts\n1, 2\n3;4\n1/2 0.5\n", "csv") == [["1", "2"], ["3", "4"], ["1/2", "0.5"]]
    assert exact_matrix(parse_data_text('{"X": [[0.1, 2]]}', "json")) == ((Fraction(1, 10), Fraction(2)),)
    # a JSON number is text: read as written in either float mode
    assert exact_matrix(parse_data_text("[[0.1]]", "json"), float_mode="binary") == ((Fraction(1, 10),),)
    p = tmp_path / "d.npy"
    np.save(p, np.array([[1, 2]]))
    assert exact_matrix(read_data(str(p))) == ((1, 2),)
    q = tmp_path / "d.json"
    q.write_text(json.dumps([[1, 2], [3, 4]]))
    assert len(exact_matrix(read_data(str(q)))) == 2
    with pytest.raises(InvalidDataError, match="does not exist"):
        read_data(str(tmp_path / "missing.csv"))


def test_read_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1 2\n3 4\n"))
    assert exact_matrix(read_data("-")) == ((1, 2), (3, 4))


def test_exact_integer_is_the_one_count_validator():
    import numpy as np

    from exactrelu.exact.parse import exact_integer

    assert (
        exact_integer(np.int64(3), name="units", minimum=1) == 3
        and exact_integer(-2, name="s", minimum=None) == -2
    )
    for bad, minimum, words in [
        (True, 0, "non-negative integer"),  # a bool is not a count
        (0, 1, "positive integer"),
        (1.0, 0, "non-negative integer"),  # a float is not an integer, even 1.0
        (1, 2, "integer >= 2"),
        ("3", None, "an integer"),
    ]:
        with pytest.raises(InvalidDataError, match=words):
            exact_integer(bad, name="x", minimum=minimum)


def test_the_issue_float_example_agrees_everywhere(tmp_path, capsys):
    """Issue 16: three points typed as collinear are collinear, whether given as floats, strings or files."""
    from exactrelu import HyperplaneArrangement
    from exactrelu.cli import main

    X = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [1, 0]])
    assert HyperplaneArrangement.from_data(X).n_regions() == 12
    assert HyperplaneArrangement.from_data(X.astype(str)).n_regions() == 12
    np.save(tmp_path / "x.npy", X)
    (tmp_path / "x.csv").write_text("0.1,0.2\n0.3,0.4\n0.5,0.6\n1,0\n")
    (tmp_path / "x.json").write_text(json.dumps(X.tolist()))  # JSON numbers as json.dumps writes them
    for name in ("x.npy", "x.csv", "x.json"):
        assert main(["arrangement", str(tmp_path / name), "--json", "--no-progress"]) == 0
        assert json.loads(capsys.readouterr().out)["n_regions"] == 12, name
    # negative control: the binary values are not collinear (14 regions, the old silent answer)
    assert HyperplaneArrangement.from_data(exact_matrix(X, float_mode="binary")).n_regions() == 14
    with reading_floats("binary"):
        assert HyperplaneArrangement.from_data(X).n_regions() == 14
