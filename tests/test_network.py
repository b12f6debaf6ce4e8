"""ShallowReLU: exact evaluation, patterns, losses, conversions."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.network import ShallowReLU
from exactrelu.strategies import rational_datasets


def test_abs_value_network_and_patterns():
    net = ShallowReLU([[1, 0], [-1, 0]], [1, 1])
    assert net([[-2], [0], [3]]) == (2, 0, 3)
    assert net.activation_pattern([[-2], [0], [3]]) == ((0, 0, 1), (1, 0, 0))
    assert net.boundary([[-2], [0], [3]]) == ((0, 1), (1, 1))
    assert net.loss([[-2], [3]], [2, 1]) == 4 and net.loss([[-2], [3]], [2, 1], mean=True) == 2


def test_no_bias_and_defaults():
    net = ShallowReLU([[1, 1]], bias=False)
    assert net.v == (1,) and net.input_dim == 2 and net.n_parameters == 3
    assert net([[1, -3], [2, 1]]) == (0, 3)


def test_float_round_trip_is_exact_binary_value():
    net = ShallowReLU.from_numpy(np.array([[0.1, -0.5]]), np.array([2.0]))
    assert net.W[0][0] == Fraction(0.1) != Fraction(1, 10)
    W, v = net.to_numpy()
    assert W[0, 0] == 0.1 and v[0] == 2.0
    assert net.float_output([[1.0]])[0] == pytest.approx(0.0)


def test_json_round_trip():
    net = ShallowReLU([["1/3", 2], [0, "-5/7"]], [1, -1])
    assert ShallowReLU.from_dict(net.to_dict()) == net
    assert net.to_dict()["W"][0] == ["1/3", 2]


@pytest.mark.parametrize(
    "W, v, bias, msg",
    [
        ([[1, 2]], [1, 2], True, "v has 2 entries"),
        ([[1, 2], [3]], None, True, "row"),
        ([[1, "x"]], None, True, "cannot read"),
        ([[1, 2]], "1", True, "sequence"),
    ],
)
def test_bad_input(W, v, bias, msg):
    with pytest.raises(InvalidDataError, match=msg):
        ShallowReLU(W, v, bias=bias)


def test_wrong_data_dimension_and_labels():
    net = ShallowReLU([[1, 2, 3]])
    with pytest.raises(ExactReluError):
        net([[1]])
    with pytest.raises(InvalidDataError, match="labels"):
        net.loss([[1, 1]], [1, 2])
    with pytest.raises(InvalidDataError, match="'W'"):
        ShallowReLU.from_dict({"v": [1]})


@settings(max_examples=30, deadline=None)
@given(rational_datasets(d=(1, 3), n=(1, 6)), st.integers(1, 3), st.data())
def test_output_is_sum_over_active_units(X, m, data):
    d = len(X[0])
    W = data.draw(
        st.lists(
            st.lists(st.fractions(-3, 3, max_denominator=5), min_size=d + 1, max_size=d + 1),
            min_size=m,
            max_size=m,
        )
    )
    v = data.draw(st.lists(st.sampled_from([1, -1, Fraction(1, 2)]), min_size=m, max_size=m))
    net = ShallowReLU(W, v)
    pre, A = net.pre_activations(X), net.activation_pattern(X)
    expected = tuple(sum(v[j] * pre[j][i] for j in range(m) if A[j][i]) for i in range(len(X)))
    assert net(X) == expected
    # negative control: flipping one output sign changes the output unless that unit is silent
    flipped = ShallowReLU(W, [-v[0]] + list(v[1:]))
    assert (flipped(X) == net(X)) == all(p <= 0 for p in pre[0])
