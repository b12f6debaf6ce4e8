"""Exact global-optimality verdicts (Wang, Lacotte & Pilanci 2022, Proposition 5), Theorem 3, the CLI."""

import json
from fractions import Fraction as F

import pytest

from exactrelu.cli import main
from exactrelu.convex.bounds import correlation_vector
from exactrelu.convex.dichotomies import dichotomies
from exactrelu.convex.optimality import (
    is_globally_optimal,
    neuron_trichotomies,
    stationary_gap,
    verify_optimality_verdict,
)
from exactrelu.convex.regularised_gd import weight_decay_gd
from exactrelu.convex.scaled_networks import ScaledNetwork, scale
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.network import ShallowReLU

CEX1 = ([(1, 1), (1, -1), (-1, -1), (-1, 1)], [1, 1, 1, 1], F(1, 5))  # the square example: P* = 19/50
EX1 = ([[1, 0], [0, 1], [1, 1]], [1, 0, 0], F(1, 10))  # Example 1 of Wang, Lacotte & Pilanci 2022


def _check(net, data):
    v = is_globally_optimal(net, *data)
    assert verify_optimality_verdict(net, *data, v)
    return v


def test_exact_optimum_certified_by_kkt():
    # the two end points of the optimal segment and its midpoint (the square example,
    # docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples')
    nets = [
        ScaledNetwork([(F(9, 10), 0), (F(-9, 10), 0)], [1, 1]),
        ScaledNetwork([(0, F(9, 10)), (0, F(-9, 10))], [1, 1]),
        ScaledNetwork([(F(9, 20), 0), (F(-9, 20), 0), (0, F(9, 20)), (0, F(-9, 20))], [1] * 4),
    ]
    for net in nets:
        v = _check(net, CEX1)
        assert v.optimal and v.certificate["kind"] == "kkt"
        assert v.lower == F(19, 50) == v.objective[0] == v.objective[1]


def test_shallow_relu_with_rational_weights_is_exactly_optimal():
    # the square's data with β = 7/8: residual β/2 per point, optimal products (±9/16, 0), and 9/16 = (3/4)²,
    # so the scaled optimal network u = (±3/4, 0), α = 3/4 has rational weights: P* = 175/128 exactly
    X, y, beta = CEX1[0], CEX1[1], F(7, 8)
    net = ShallowReLU([(F(3, 4), 0), (F(-3, 4), 0)], [F(3, 4), F(3, 4)], bias=False)
    v = _check(net, (X, y, beta))
    assert v.optimal and v.objective == v.lower == F(175, 128)
    # negative control: the same network is unscaled once α is changed (output kept, penalty larger)
    net = ShallowReLU([(F(3, 8), 0), (F(-3, 8), 0)], [F(3, 2), F(3, 2)], bias=False)
    v = _check(net, (X, y, beta))
    assert not v.optimal and v.certificate["kind"] == "unscaled" and v.objective > F(175, 128)


def test_descent_certificate_on_a_suboptimal_network():
    net = ScaledNetwork([(F(1, 2), 0), (F(-1, 2), 0)], [1, 1])  # too small a fit
    v = _check(net, CEX1)
    assert not v.optimal and v.certificate["kind"] == "descent"
    assert v.certificate["decrease"] > 0
    assert v.objective[1] - v.certificate["decrease"] >= v.lower  # the certified decrease is consistent


def test_merge_certificate():
    # two neurons in the closed cone of one chamber, not colinear: merging lowers the penalty
    net = ScaledNetwork([(F(1, 2), F(1, 10)), (F(1, 2), F(-1, 10))], [1, 1])
    v = _check(net, CEX1)
    assert not v.optimal and v.certificate["kind"] == "merge"


def test_kkt_violation_certificate():
    # the right support but the wrong length: the used blocks' correlation vectors are fine directions
    # but ‖v_b‖ ≠ β there, or a dual-infeasible block appears
    net = ScaledNetwork([(1, 0), (-1, 0)], [1, 1])  # overshoots: fit 1 + ... residual negative
    v = _check(net, CEX1)
    assert not v.optimal and v.certificate["kind"] in ("kkt_violation", "descent")


def test_tampered_certificates_are_rejected():
    net = ScaledNetwork([(F(1, 2), 0), (F(-1, 2), 0)], [1, 1])
    v = is_globally_optimal(net, *CEX1)
    v.certificate["direction"] = tuple(-t for t in v.certificate["direction"])
    with pytest.raises(CertificateError):
        verify_optimality_verdict(net, *CEX1, v)
    good = ScaledNetwork([(F(9, 10), 0), (F(-9, 10), 0)], [1, 1])
    v = is_globally_optimal(good, *CEX1)
    v.residual = tuple(t + 1 for t in v.residual)
    with pytest.raises(CertificateError):
        verify_optimality_verdict(good, *CEX1, v)
    bad = is_globally_optimal(net, *CEX1)
    bad.certificate = {"kind": "kkt"}
    bad.optimal = True
    with pytest.raises(CertificateError):
        verify_optimality_verdict(net, *CEX1, bad)


def test_gradient_descent_network_is_certified_near_optimal():
    run = weight_decay_gd(*EX1, 5, steps=20000, seed=1)
    v = _check(run.network, EX1)
    assert not v.optimal  # float weights are never exactly scaled
    assert 0 <= v.gap < F(1, 10**9)  # but certified within 1e-9 of P*
    v2 = _check(scale(run.network), EX1)  # after rescaling (Proposition 3): still a float network
    assert 0 <= v2.gap < F(1, 10**9)


def test_correlation_vector_is_the_projection():
    P = dichotomies(CEX1[0])
    r = (F(1, 10),) * 4
    v, g, _ = correlation_vector(P, (P.index("1100"), 1), r)
    assert v == (F(1, 5), 0) and g == v
    v, g, _ = correlation_vector(P, (P.index("1100"), -1), r)
    assert v == (0, 0) and sum(a * b for a, b in zip(g, v)) == 0


def test_theorem3_subsampled_program():
    run = weight_decay_gd(*EX1, 3, steps=20000, seed=0)
    T = neuron_trichotomies(run.network, EX1[0])
    assert T.kind == "trichotomies" and 1 <= len(T) <= 3
    gap = stationary_gap(run.network, *EX1)
    assert gap.network_excess < 1e-8  # θ solves its own subsampled program (up to float error)
    assert gap.gap_lower <= 1e-9  # and here the subsample contains the optimal pattern
    # negative control: a random network is far from solving its subsampled program
    rnd = ShallowReLU([[1, 2], [-1, 1]], [1, -1], bias=False)
    assert stationary_gap(rnd, *EX1).network_excess > F(1, 10)


def test_bad_input():
    net = ScaledNetwork([(1, 0)], [1])
    with pytest.raises(InvalidDataError, match="labels"):
        is_globally_optimal(net, CEX1[0], [1, 1], 1)
    with pytest.raises(InvalidDataError, match="beta"):
        is_globally_optimal(net, CEX1[0], CEX1[1], 0)
    with pytest.raises(InvalidDataError, match=r"entries|columns"):
        is_globally_optimal(ScaledNetwork([(1, 0, 0)], [1]), *CEX1)
    with pytest.raises(InvalidDataError, match="expected"):
        is_globally_optimal("net", *CEX1)


def test_cli_convex_and_is_optimal(tmp_path, capsys):
    assert (
        main(["convex", "--example", "convex_example1", "--labels", "1,0,0", "--beta", "1/10", "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["certificate_verified"] and out["bounds"]["support_candidates"] == ["101+"]
    w = [float(F(t)) for t in out["bounds"]["primal"]["101+"]]
    assert round(w[0], 2) == 0.86 and round(w[1], 2) == -0.79
    f = tmp_path / "opt.json"
    f.write_text(json.dumps(ScaledNetwork([(F(9, 10), 0), (F(-9, 10), 0)], [1, 1]).to_dict()))
    data = tmp_path / "x.csv"
    data.write_text("1,1\n1,-1\n-1,-1\n-1,1\n")
    assert main(["is-optimal", str(f), str(data), "--labels", "1,1,1,1", "--beta", "1/5"]) == 0
    assert "GLOBALLY OPTIMAL" in capsys.readouterr().out
    f.write_text(json.dumps({"W": [[1, 0]], "v": [1], "bias": False}))
    assert main(["is-optimal", str(f), str(data), "--labels", "1,1,1,1", "--beta", "1/5", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["optimal"] is False
    f.write_text("{}")
    assert main(["is-optimal", str(f), str(data), "--labels", "1,1,1,1", "--beta", "1/5"]) == 2
    assert main(["convex", str(data), "--labels", "1,1,1,1", "--beta", "-1"]) == 2
    # sampled gates: a sample that misses patterns is reported, and its certified value is larger
    assert (
        main(
            [
                "convex",
                "--example",
                "convex_example1",
                "--labels",
                "1,0,0",
                "--beta",
                "1/10",
                "--sampled",
                "3",
                "--seed",
                "2",
                "--json",
            ]
        )
        == 0
    )
    s = json.loads(capsys.readouterr().out)
    assert s["sampled_vs_exact"]["missed"] > 0
    assert F(s["bounds"]["lower"]) > F(out["bounds"]["upper"])


def test_certify_stationarity_exact_gradient():
    """Stationarity is decided by an exact rational gradient (issue 16), with negative controls."""
    from exactrelu.convex.optimality import certify_stationarity

    run = weight_decay_gd(*EX1, 2, steps=20000, seed=0)
    c = certify_stationarity(run.network, *EX1, eps="2e-12")
    assert c["stationary"] is True and c["kinks"] == [] and c["gradient_norm_sq"] <= F(4, 10**24)
    # negative control: one gradient step is far from stationary
    early = weight_decay_gd(*EX1, 2, steps=1, seed=0)
    assert certify_stationarity(early.network, *EX1)["stationary"] is False
    # the exactly optimal ShallowReLU of the square (β = 7/8) has gradient exactly 0 …
    X, y, beta = CEX1[0], CEX1[1], F(7, 8)
    net = ShallowReLU([(F(3, 4), 0), (F(-3, 4), 0)], [F(3, 4), F(3, 4)], bias=False)
    assert certify_stationarity(net, X, y, beta, eps=0)["gradient_norm_sq"] == 0
    # … and a neuron with x·u = 0 on a data point is a kink: not decided
    kink = ShallowReLU([(1, -1)], [1], bias=False)
    c = certify_stationarity(kink, X, y, beta)
    assert c["stationary"] is None and c["kinks"] == [(0, 0), (0, 2)]
