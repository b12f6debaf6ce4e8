"""Regression tests for bad input and extreme values found in review."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from exactrelu import HyperplaneArrangement, InvalidDataError, SizeLimitError, Zonotope
from exactrelu.cli import main
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import to_fraction
from exactrelu.geometry.patterns import activation_patterns


def test_huge_integers_fall_back_to_exact_lp():
    r = cone_feasibility([(10**400, 1), (1, 10**400)], (1, -1), method="highs")
    assert r.feasible and r.verify([(10**400, 1), (1, 10**400)], (1, -1))


def test_wide_floats_are_read_exactly():
    third = np.longdouble(1) / 3
    assert to_fraction(third, float_mode="binary") == Fraction(*third.as_integer_ratio())
    if np.finfo(np.longdouble).nmant > 52:  # wider than a double: not rounded through float
        assert to_fraction(third, float_mode="binary") != Fraction(1 / 3)
        assert to_fraction(third) != to_fraction(1 / 3)  # its shortest decimal has more digits
    # the decimal read is the shortest one that reads back as the same longdouble
    assert np.longdouble(np.format_float_scientific(third, unique=True)) == third
    assert to_fraction(third) == to_fraction(np.format_float_scientific(third, unique=True))
    # sympy floats: the shortest decimal at their own precision, or the binary value
    assert to_fraction(sympy.Float("0.1", 50)) == to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(sympy.Float("0.1", 50), float_mode="binary") != to_fraction(0.1, float_mode="binary")
    assert to_fraction(sympy.Float(0.1 + 0.2)) == Fraction(repr(0.1 + 0.2))
    assert to_fraction(sympy.Float("1e400")) == 10**400
    with pytest.raises(InvalidDataError, match="exponent"):
        to_fraction("1e1000000000")


def test_point_and_pattern_validation():
    Z = Zonotope.from_data([[0, 0], [1, 0], [0, 1]])
    with pytest.raises(InvalidDataError, match="dimension 3"):
        Z.contains([0])
    with pytest.raises(InvalidDataError, match="length 1 but there are 3 data points"):
        Z.vertex((1,))
    with pytest.raises(InvalidDataError, match="0/1 entries"):
        Z.vertex("112")
    with pytest.raises(InvalidDataError, match="0/1 entries"):
        Z.vertex((1, 2, 0))
    assert Z.vertex("110") == Z.vertex((1, 1, 0))  # a bit string is a pattern (exact.parse.pattern_tuple)
    assert Z.contains([0, 0, 0]) and not Z.contains([0, 0, 7])


def test_limits_are_validated_and_powers_not_computed():
    A = HyperplaneArrangement.from_data([[0], [1]])
    with pytest.raises(InvalidDataError, match="non-negative integer"):
        A.chambers(limit="5")
    with pytest.raises(SizeLimitError, match=r"4\^300000000"):
        activation_patterns([[0], [1]], units=300_000_000, limit=10**6)


def test_bad_limit_environment_variable(monkeypatch):
    monkeypatch.setenv("EXACTRELU_LIMIT", "abc")
    with pytest.raises(InvalidDataError, match="EXACTRELU_LIMIT"):
        HyperplaneArrangement.from_data([[0], [1]]).chambers()


def test_cli_feasible_must_match_units(capsys):
    assert main(["patterns", "--example", "figure1", "--feasible", "10100", "--units", "2"]) == 2
    assert "--units is 2" in capsys.readouterr().err


def test_cli_negative_with_example_is_refused(capsys):
    assert main(["check", "--negative", "--example", "figure1"]) == 2
    assert "negative-control" in capsys.readouterr().err
