"""The one JSON encoder: exact numbers keep their value, integers stay integers, no silent repr."""

import json
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from exactrelu.exact.jsonio import dumps, exact_number, to_jsonable, write_json

rationals = st.fractions(max_denominator=10**6)


@given(rationals)
def test_exact_numbers_round_trip(q):
    """Every rational comes back exactly: an int when integral, else the string "p/q"."""
    out = to_jsonable(q)
    assert Fraction(out) == q
    assert isinstance(out, int) == (q.denominator == 1)
    assert json.loads(dumps(q)) == out


def test_integers_are_integers_whatever_their_type():
    for three in (
        3,
        Fraction(3),
        Fraction(6, 2),
        np.int64(3),
        flint.fmpz(3),
        sympy.Integer(3),
        flint.fmpq(6, 2),
    ):
        assert to_jsonable(three) == 3 and type(to_jsonable(three)) is int, type(three)
    assert to_jsonable(sympy.Rational(-1, 3)) == "-1/3" and to_jsonable(flint.fmpq(2, 4)) == "1/2"
    assert exact_number(Fraction(-4, 2)) == -2


def test_containers_keys_and_result_objects():
    class Result:
        def to_dict(self):
            return {"value": Fraction(1, 3), "pattern": (1, 0)}

    obj = {(0, 1): {2, 1}, "r": Result(), "arr": np.array([[1, 2]]), "b": np.bool_(True), 5: None}
    assert to_jsonable(obj) == {
        "[0, 1]": [1, 2],
        "r": {"value": "1/3", "pattern": [1, 0]},
        "arr": [[1, 2]],
        "b": True,
        "5": None,
    }


def test_floats_stay_floats_and_non_finite_ones_are_strings():
    assert to_jsonable([0.5, np.float64(0.25)]) == [0.5, 0.25]
    assert to_jsonable([float("nan"), float("inf")]) == ["nan", "inf"]
    json.loads(dumps([float("nan")]))  # valid JSON, not NaN


def test_unknown_objects_are_refused_not_repr():
    """Negative control: an object with no JSON form raises instead of turning into its repr."""
    with pytest.raises(TypeError, match="cannot encode object"):
        to_jsonable(object())


def test_write_json(tmp_path):
    path = tmp_path / "out.json"
    text = write_json({"x": Fraction(1, 2)}, str(path))
    assert path.read_text() == text + "\n" and json.loads(text) == {"x": "1/2"}
