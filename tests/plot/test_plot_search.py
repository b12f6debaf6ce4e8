"""Tests of exactrelu.plot.search and of the core of examples/search_vs_gd.py (Matena & Raffel 2022)."""

import importlib.util
import os
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

from conftest import REPO

from exactrelu.exact.errors import InvalidDataError
from exactrelu.plot import search as plot_search
from exactrelu.training.erm import exact_erm
from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex

PNG = b"\x89PNG\r\n\x1a\n"
EXAMPLE = os.path.join(REPO, "examples", "search_vs_gd.py")


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("search_vs_gd_example", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _gids(fig, prefix):
    return [
        ln.get_gid() for ax in fig.axes for ln in ax.get_lines() if (ln.get_gid() or "").startswith(prefix)
    ]


def _rows():
    rows = []
    for d, m_gen in ((2, 2), (3, 1)):
        for f in (0.5, 1, 2):
            for t in range(3):
                for meth, val in (
                    ("gd", Fraction(1, 10 * (t + 1))),
                    ("rv1", Fraction(t, 7)),
                    ("gls", "0" if f > 1 else f"{t + 1}/9"),
                ):
                    rows.append(
                        {
                            "d": d,
                            "m_gen": m_gen,
                            "factor": f,
                            "m": max(1, round(f * m_gen)),
                            "trial": t,
                            "method": meth,
                            "mean_loss": val,
                        }
                    )
    return rows


# ----------------------------------------------------------------------------
# summaries
# ----------------------------------------------------------------------------


def test_summarize_exact_median_and_zeros():
    summ = plot_search.summarize(_rows())
    s = next(s for s in summ if (s["d"], s["m_gen"], s["method"], s["factor"]) == (2, 2, "rv1", 1))
    assert s["median"] == Fraction(1, 7) and s["q25"] == Fraction(1, 14) and s["zeros"] == 1 and s["n"] == 3
    g = next(s for s in summ if (s["d"], s["m_gen"], s["method"], s["factor"]) == (2, 2, "gls", 2))
    assert g["median"] == 0 and g["zeros"] == 3 and g["m"] == 4
    assert all(isinstance(s["median"], Fraction) for s in summ)


def test_quantile_matches_numpy():
    np = pytest.importorskip("numpy")
    vals = [Fraction(k * k, 3) for k in range(7)]
    for p in (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), 0, 1):
        assert float(plot_search.quantile(vals, p)) == pytest.approx(
            np.percentile([float(v) for v in vals], 100 * float(p))
        )


# ----------------------------------------------------------------------------
# plots
# ----------------------------------------------------------------------------


def test_method_comparison_lines_and_panels(tmp_path):
    path = tmp_path / "cmp.png"
    fig = plot_search.plot_method_comparison(_rows(), str(path))
    assert path.read_bytes()[:8] == PNG
    assert len(fig.axes) == 2  # one panel per (d, m_gen)
    assert sorted(_gids(fig, "method:")) == sorted(["method:gd", "method:rv1", "method:gls"] * 2)
    for ax in fig.axes:
        assert ax.get_yscale() == "log"
        # exact zeros are drawn on the floor, not dropped
        gls = next(ln for ln in ax.get_lines() if ln.get_gid() == "method:gls")
        assert list(gls.get_xdata()) == [0.5, 1.0, 2.0] and gls.get_ydata()[-1] == pytest.approx(1e-12)
    assert len(_gids(fig, "guide:floor")) == 2


def test_method_comparison_method_subset_no_guides():
    fig = plot_search.plot_method_comparison(
        [r for r in _rows() if r["d"] == 2], methods=["gd", "gls"], guides=False
    )
    ax = fig.axes[0]
    assert len(fig.axes) == 1 and len(ax.get_lines()) == 2
    assert [ln.get_gid() for ln in ax.get_lines()] == ["method:gd", "method:gls"]


def test_method_comparison_rejects_empty():
    with pytest.raises(InvalidDataError):
        plot_search.plot_method_comparison([])


def test_plot_trace_counts_lines(tmp_path):
    X, y = [[0], [1], [2], [3]], [0, 1, 0, 1]
    v = (1, -1, 1)
    res = {meth: greedy_local_search(X, y, v=v, variant=meth, seed=2) for meth in ("gls", "first", "mgls")}
    res["gd"] = gradient_descent(X, y, v=v, steps=50, seed=2, record_every=5)
    path = tmp_path / "trace.png"
    fig = plot_search.plot_trace(res, str(path), reference=Fraction(1, 100))
    assert path.read_bytes()[:8] == PNG
    assert len(fig.axes) == 2
    assert sorted(_gids(fig, "trace:")) == ["trace:first", "trace:gd", "trace:gls", "trace:mgls"]
    assert len(_gids(fig, "reference")) == 2
    search_ax, gd_ax = fig.axes
    gls_line = next(ln for ln in search_ax.get_lines() if ln.get_gid() == "trace:gls")
    assert len(gls_line.get_xdata()) == len(res["gls"].trace)
    gd_line = next(ln for ln in gd_ax.get_lines() if ln.get_gid() == "trace:gd")
    assert list(gd_line.get_xdata()) == list(range(0, 51, 5))


def test_plot_trace_search_only_and_solved_axis():
    X, y = [[0], [1], [2], [3]], [0, 1, 0, 1]
    r = greedy_local_search(X, y, v=(1, -1), seed=0)
    rv = random_vertex(X, y, v=(1, -1), samples=3, seed=0)
    fig = plot_search.plot_trace([r, rv, [0.5, 0.25, 0.0]], x="solved")
    assert len(fig.axes) == 1 and len(fig.axes[0].get_lines()) == 3
    line = fig.axes[0].get_lines()[0]
    assert line.get_xdata()[-1] == r.n_solved
    with pytest.raises(InvalidDataError):
        plot_search.plot_trace([r], x="time")


# ----------------------------------------------------------------------------
# the example's trial function
# ----------------------------------------------------------------------------


def test_example_data_is_exact_and_deterministic(example):
    a = example.make_data(1, 2, 0, seed=3)
    b = example.make_data(1, 2, 0, seed=3)
    assert a["X"] == b["X"] and a["y"] == b["y"] and len(a["X"]) == 4
    assert all(isinstance(c, Fraction) and c.denominator <= example.GRID for row in a["X"] for c in row)
    assert tuple(a["y"]) == a["teacher"](a["X"])
    assert (
        example.units_for(0.5, 1) == 1 and example.units_for(1.5, 3) == 5 and example.units_for(0.25, 2) == 1
    )
    assert example.student_v(3) == (1, -1, 1)


def test_example_trial_exact_and_above_erm(example):
    # d = 1, m_gen = 2: N = 4 points; m = 1 (factor 0.5): exact ERM is cheap and a lower bound for all methods
    out = example.run_trial(
        1, 2, 0.5, 0, ("gd", "gd_region", "rv2", "gls", "mgls", "erm"), seed=1, gd_steps=300, keep=True
    )
    rows = {r["method"]: r for r in out["rows"]}
    assert set(rows) == {"gd", "gd_region", "rv2", "gls", "mgls", "erm"}
    for r in rows.values():
        assert isinstance(r["value"], Fraction) and isinstance(r["mean_loss"], Fraction)
        assert r["mean_loss"] == r["value"] / 4 and r["m"] == 1
    erm = exact_erm(example.make_data(1, 2, 0, seed=1)["X"], example.make_data(1, 2, 0, seed=1)["y"], v=(1,))
    assert rows["erm"]["value"] == erm.value
    assert rows["gd"]["value"] >= erm.value
    assert rows["gd_region"]["value"] <= rows["gd"]["value"]  # GD's weights lie in their own region
    assert all(rows[k]["value"] >= erm.value for k in ("gls", "mgls", "rv2"))
    # all searches start from the vertex that initialises gradient descent
    res = out["results"]
    assert res["gls"].trace[0].patterns == res["mgls"].trace[0].patterns == res["rv2"].trace[0].patterns
    assert tuple(out["start"]) == res["gls"].trace[0].patterns
    # deterministic
    again = example.run_trial(1, 2, 0.5, 0, ("gd", "gls"), seed=1, gd_steps=300)
    assert [r["value"] for r in again["rows"]] == [rows["gd"]["value"], rows["gls"]["value"]]


def test_example_trial_two_units_gd_above_erm(example):
    # m = 2 on N = 4 points in R^1: still cheap for exact ERM
    out = example.run_trial(1, 2, 1, 1, ("gd", "gls"), seed=0, gd_steps=300)
    data = example.make_data(1, 2, 1, seed=0)
    erm = exact_erm(data["X"], data["y"], v=example.student_v(2))
    for r in out["rows"]:
        assert r["value"] >= erm.value
    assert example.compare(out["rows"], "gls", "gd", 1) in {(1, 0, 0), (0, 1, 0), (0, 0, 1)}
