"""Float region problems (cvxpy): agree with the exact solver on squared loss; small duality gaps."""

import pytest

from exactrelu.exact.errors import InvalidDataError
from exactrelu.training.float_region import float_solve_region
from exactrelu.training.region import solve_region

X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1], [-1, 2]]
Y = [1, -1, 1, -1, 1, 1]
A = [(1, 1, 0, 1, 1, 1), (0, 1, 1, 1, 0, 0)]


def test_squared_loss_matches_the_exact_optimum():
    s = float_solve_region(X, Y, A, (1, -1))
    exact = solve_region(X, Y, A, (1, -1)).value
    assert not s.exact and s.value == pytest.approx(float(exact), rel=1e-4)
    assert abs(s.duality_gap) < 1e-4 and s.dual_residual < 1e-4


@pytest.mark.parametrize("loss", ["logistic", "hinge"])
def test_classification_losses_report_small_gaps(loss):
    s = float_solve_region(X, Y, A, (1, -1), loss=loss)
    assert s.status.startswith("optimal") and abs(s.duality_gap) < 1e-5 and s.to_dict()["exact"] is False


def test_gap_is_not_trivially_zero():
    """Negative control: the dual bound of a zero multiplier is loose by the whole primal value."""
    import numpy as np

    from exactrelu.training.float_region import _conjugate

    s = float_solve_region(X, Y, A, (1, -1), loss="logistic")
    assert s.value - (-_conjugate("logistic", np.zeros(len(Y)), np.array(Y, dtype=float))) == pytest.approx(
        s.value
    )
    assert s.value > 1


def test_bad_input():
    with pytest.raises(InvalidDataError, match="loss"):
        float_solve_region(X, Y, A, (1, -1), loss="l1")
    with pytest.raises(InvalidDataError, match="±1"):
        float_solve_region(X, [0, 1, 2, 3, 4, 5], A, (1, -1), loss="logistic")


def test_default_solver_handles_the_instance_osqp_gave_up_on():
    """Regression (benchmarks/bench_erm.py): OSQP hit its iteration limit here; the default is Clarabel."""
    X = [
        ["1", "-23/100"],
        ["-1/50", "47/50"],
        ["7/100", "-9/10"],
        ["49/100", "-9/20"],
        ["11/50", "-9/100"],
        ["-17/50", "3/10"],
        ["29/100", "-13/20"],
        ["6/25", "3/100"],
    ]
    y = ["-21/100", "-3/4", "43/50", "-41/50", "3/4", "-4/25", "1/5", "43/100"]
    P = [[0, 1, 0, 0, 0, 1, 0, 1], [0, 1, 1, 0, 0, 1, 0, 1]]
    s = float_solve_region(X, y, P, (1, -1))
    assert s.value == pytest.approx(float(solve_region(X, y, P, (1, -1)).value), rel=1e-7)
