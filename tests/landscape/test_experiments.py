"""The experiments of Karhadkar et al. 2023 (section 7, Appendix E) and their plots.

Modules: exactrelu.landscape.sampling, full_rank_experiment, global_minimum_experiment, widths,
experiments; exactrelu.plot.experiments.
"""

import itertools
import json
from fractions import Fraction

import pytest

from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.exact.jsonio import write_json
from exactrelu.landscape import experiments as ex
from exactrelu.landscape import full_rank_experiment as e1
from exactrelu.landscape import global_minimum_experiment as e2
from exactrelu.landscape import sampling, widths
from exactrelu.landscape.step_vectors import is_complete, is_diverse, step_vectors

PNG = b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------
# E.1: full rank
# ----------------------------------------------------------------------------


def test_full_rank_reproducible_with_seed():
    a = e1.full_rank_fraction(8, 2, 3, trials=6, seed=3)
    b = e1.full_rank_fraction(8, 2, 3, trials=6, seed=3)
    assert a.ranks == b.ranks and a.float_ranks == b.float_ranks and a.exact_full == b.exact_full
    # the same cell inside a sweep (serial or in worker processes) gives the same numbers
    rows = ex.sweep("full_rank", [{"n": 8, "d0": 2, "d1": 3}, {"n": 5, "d0": 1, "d1": 4}], trials=6, seed=3)
    assert rows[0]["ranks"] == list(a.ranks)


def test_full_rank_parallel_equals_serial():
    cells = [{"n": 8, "d0": 2, "d1": 3}, {"n": 5, "d0": 1, "d1": 4}]
    strip = lambda rows: [{k: v for k, v in r.items() if k != "seconds"} for r in rows]  # noqa: E731
    assert strip(ex.sweep("full_rank", cells, trials=4, seed=1)) == strip(
        ex.sweep("full_rank", cells, trials=4, seed=1, jobs=2)
    )


def test_full_rank_fractions_in_unit_interval():
    rows = ex.full_rank_sweep([4, 8], [1, 2, 6], d0s=[1, 3], trials=5, seed=2)
    assert len(rows) == 12
    for r in rows:
        assert 0 <= r["fraction"] <= 1 and 0 <= r["float_fraction"] <= 1
        assert r["exact_full"] == sum(k == r["n"] for k in r["ranks"])
        assert all(0 <= k <= min(r["n"], r["n_params"]) for k in r["ranks"])


@pytest.mark.parametrize(
    "n,d0,d1,bias", [(10, 1, 4, True), (9, 2, 2, True), (13, 3, 3, True), (7, 3, 2, False)]
)
def test_negative_control_too_few_parameters(n, d0, d1, bias):
    assert d1 * (d0 + bias) < n
    r = e1.full_rank_fraction(n, d0, d1, trials=8, seed=0, bias=bias)
    assert r.exact_full == 0 and r.fraction == 0 and r.float_full == 0
    assert max(r.ranks) <= d1 * (d0 + bias)


def test_large_width_full_rank():
    r = e1.full_rank_fraction(6, 3, 30, trials=10, seed=0)
    assert r.fraction == 1.0 and r.max_rank == 10
    assert e1.full_rank_fraction(5, 1, 200, trials=5, seed=0).fraction == 1.0


def test_gram_rank_certified_by_jacobian_rank():
    # certify=True recomputes every rank with jacobian_rank (minor + left kernel), verifies it, and
    # cross-checks the integer activation pattern with activation_matrix; a mismatch raises
    for n, d0, d1, bias in [(6, 1, 3, True), (7, 2, 3, True), (5, 3, 2, False), (4, 4, 1, True)]:
        r = e1.full_rank_fraction(n, d0, d1, trials=4, seed=5, bias=bias, certify=True)
        assert r.certified and len(r.ranks) == 4


def test_high_dimension_rank_is_number_of_covered_points():
    # d0 + 1 >= n: the x̄_j are independent, so rank J = number of points on which some unit is active
    import numpy as np

    rng = np.random.default_rng(0)
    Xi = rng.integers(-50, 50, size=(4, 5))
    Xb = sampling.homogenised_numerators(Xi, True, 8)
    A = np.array([[1, 0, 0, 1], [0, 0, 0, 1], [1, 0, 0, 0]])
    assert np.linalg.matrix_rank(Xb.astype(float)) == 4
    assert sampling.gram_rank(A, Xb) == 2


def test_float32_comparison_runs():
    r = e1.full_rank_fraction(12, 2, 8, trials=4, seed=0, float_dtype="float32")
    assert len(r.float_ranks) == 4 and r.disagreements == sum(a != b for a, b in zip(r.ranks, r.float_ranks))
    with pytest.raises(InvalidDataError):
        e1.full_rank_fraction(3, 1, 1, float_dtype="float16")


def test_full_rank_input_errors():
    with pytest.raises(InvalidDataError):
        e1.full_rank_fraction(0, 1, 1)
    with pytest.raises(InvalidDataError):
        e1.full_rank_fraction(3, 1, 1, seed=-1)
    with pytest.raises(ExactReluError):
        ex.sweep("nonsense", [])


# ----------------------------------------------------------------------------
# E.2: global minima
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("labels", e2.LABEL_TYPES)
def test_global_minimum_every_certificate_verifies(labels):
    r = e2.global_minimum_fraction(3, 8, trials=6, seed=4, labels=labels, verify=1)
    assert r.verified == r.trials == 6  # every certificate re-checked (a failure raises)
    assert 0 <= r.fraction <= 1 and r.feasible == sum(r.feasible_flags)
    assert r.complete_infeasible == 0
    assert sum(r.methods.values()) == r.trials


def test_global_minimum_feasible_samples_verify_independently():
    # rebuild a few samples by hand and check the witness with verify_interpolation
    from exactrelu.landscape.interpolation import interpolate_in_region, verify_interpolation

    X = [[Fraction(-1, 2)], [Fraction(1, 8)], [Fraction(3, 4)]]
    A = [(1, 1, 1), (0, 1, 1), (0, 0, 1), (1, 1, 1), (0, 1, 1), (0, 0, 1)]
    v = [1, -1, 1, -1, 1, -1]
    for y in ([1, -2, 3], [0, 0, 0], [Fraction(1, 3), 5, -7]):
        res = interpolate_in_region(X, A, v, y)
        assert res.feasible and verify_interpolation(X, A, v, y, res.W) and res.verify()


def test_complete_implies_feasible_uniform_regions():
    # uniformly random non-empty regions of tiny n: completeness is common, and Lemma 15 must hold
    seen = 0
    for labels in e2.LABEL_TYPES:
        r = e2.global_minimum_fraction(2, 14, trials=8, seed=1, labels=labels, regions="uniform")
        assert r.complete_infeasible == 0
        assert all(f for c, f in zip(r.complete_flags, r.feasible_flags) if c)
        seen += r.complete
    assert seen > 0


def test_complete_implies_feasible_init_regions():
    r = e2.global_minimum_fraction(2, 24, trials=10, seed=0, labels="random")
    assert r.complete is not None and r.complete > 0
    assert all(f for c, f in zip(r.complete_flags, r.feasible_flags) if c)


def test_global_minimum_reproducible_and_fixed_data():
    a = e2.global_minimum_fraction(3, 6, trials=5, seed=7, labels="teacher")
    b = e2.global_minimum_fraction(3, 6, trials=5, seed=7, labels="teacher")
    assert a.feasible_flags == b.feasible_flags and a.complete_flags == b.complete_flags
    c = e2.global_minimum_fraction(3, 6, trials=5, seed=7, labels="polynomial", fixed_data=True, verify=2)
    assert c.fixed_data and c.verified == 3


def test_global_minimum_higher_dimension():
    r = e2.global_minimum_fraction(4, 6, trials=4, seed=0, labels="polynomial", d0=2)
    assert r.complete is None and r.verified == 4


def test_global_minimum_input_errors():
    with pytest.raises(InvalidDataError):
        e2.global_minimum_fraction(3, 4, trials=2, labels="cubic")
    with pytest.raises(InvalidDataError):
        e2.global_minimum_fraction(3, 4, trials=2, regions="uniform", d0=2)
    with pytest.raises(InvalidDataError):
        e2.global_minimum_fraction(3, 4, trials=2, verify=-1)


# ----------------------------------------------------------------------------
# theorem widths and exact region fractions
# ----------------------------------------------------------------------------


def test_theorem_widths():
    import math

    assert widths.theorem12_width(5, 0.1) == pytest.approx(4 * 5 * math.log(100))
    assert widths.theorem12_width(5, 0.1) == 2 * widths.theorem12_units(5, 0.1)
    assert widths.theorem10_width(5, 0.1) == pytest.approx(10 * math.log(50))
    assert widths.rank_width(10, 1) == 5 and widths.rank_width(10, 2, bias=False) == 5
    with pytest.raises(InvalidDataError):
        widths.theorem12_width(3, 1.5)


@pytest.mark.parametrize("n,dp,dm", [(1, 1, 2), (2, 2, 1), (2, 2, 2), (3, 2, 1)])
def test_complete_probability_brute_force(n, dp, dm):
    steps = step_vectors(n)
    v = [1] * dp + [-1] * dm
    count = sum(is_complete(A, v) for A in itertools.product(steps, repeat=dp + dm))
    assert widths.complete_probability(n, dp, dm) == Fraction(count, len(steps) ** (dp + dm))


@pytest.mark.parametrize("n,d", [(1, 2), (2, 2), (2, 3), (3, 3), (3, 4)])
def test_diverse_probability_brute_force(n, d):
    steps = step_vectors(n)
    count = sum(is_diverse(A) for A in itertools.product(steps, repeat=d))
    assert widths.diverse_probability(n, d) == Fraction(count, len(steps) ** d)


def test_uniform_width_below_theorem_line():
    for n in (2, 3, 5):
        w = widths.uniform_width(n, 0.9)
        assert widths.complete_probability(n, (w + 1) // 2, w // 2) >= Fraction(9, 10)
        assert widths.complete_probability(n, w // 2, (w - 1) // 2) < Fraction(9, 10)
        assert w <= widths.theorem12_width(n, 0.1) + 2  # Theorem 12 is a sufficient condition
        assert widths.uniform_width(n, 0.9, "diverse") <= widths.theorem10_width(n, 0.1) + 1


# ----------------------------------------------------------------------------
# tables, JSON, plots
# ----------------------------------------------------------------------------


def test_transition_table_and_json(tmp_path):
    rows = ex.full_rank_sweep([6], [1, 2, 40], d0s=[2], trials=4, seed=0)
    t = ex.transition_table(rows)
    assert t[0]["n"] == 6 and t[0]["d1_at_threshold"] == 40 and t[0]["d1_stable"] == 40
    path = tmp_path / "t.json"
    text = write_json(rows, str(path))
    assert json.loads(path.read_text()) == json.loads(text)
    assert json.loads(text)[0]["n"] == 6


def test_plots_are_written(tmp_path):
    pytest.importorskip("matplotlib")
    from exactrelu.plot.experiments import heatmap_grid, plot_full_rank, plot_global_minima

    fig2 = ex.full_rank_sweep([4, 8], [1, 2, 4], d0s=[1, 2], trials=3)
    p = tmp_path / "fig2.png"
    fig = plot_full_rank(fig2, p)
    assert p.read_bytes()[:8] == PNG and fig.exactrelu_disagreements == 0
    # a fake float/exact disagreement adds a panel
    fig2[0]["disagreements"] = 1
    fig = plot_full_rank(fig2, tmp_path / "fig2d.png")
    assert fig.exactrelu_disagreements == 1 and len([a for a in fig.axes if a.get_title()]) == 3
    fig3 = ex.full_rank_sweep([4, 8], [1, 2], d0_of_n="n/2", trials=3)
    plot_full_rank(fig3, tmp_path / "fig3.png")
    assert (tmp_path / "fig3.png").read_bytes()[:8] == PNG
    fig6 = ex.global_minimum_sweep([2, 3], [2, 6], labels=["random", "teacher"], trials=3)
    p6 = tmp_path / "fig6.png"
    plot_global_minima(fig6, p6)
    assert p6.read_bytes()[:8] == PNG
    xs, ys, Z = heatmap_grid(fig6[:4])
    assert xs == [2, 3] and ys == [2, 6] and all(z is not None for row in Z for z in row)
    with pytest.raises(InvalidDataError):
        heatmap_grid(fig6)  # two label types on the same cells
