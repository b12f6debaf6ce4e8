"""Tests of examples/convex_example1.py (Wang, Lacotte & Pilanci 2022, Example 1) and plot.convex."""

import importlib.util
import json
import math
import os
import time
from fractions import Fraction
from types import SimpleNamespace

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("cvxpy")

from conftest import REPO

from exactrelu.convex.dichotomies import dichotomies, trichotomies
from exactrelu.exact.errors import InvalidDataError
from exactrelu.plot.convex import chamber_arcs, plot_neuron_plane, plot_path

PNG = b"\x89PNG\r\n\x1a\n"
EXAMPLE = os.path.join(REPO, "examples", "convex_example1.py")
X1 = [[1, 0], [0, 1], [1, 1]]


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("convex_example1_example", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def quick_run(example, tmp_path_factory):
    out = tmp_path_factory.mktemp("convex_example1")
    t0 = time.perf_counter()
    payload = example.main(["--quick", "--out", str(out)])
    seconds = time.perf_counter() - t0
    with open(os.path.join(out, "convex_example1_quick.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    return SimpleNamespace(out=out, payload=payload, data=data, seconds=seconds)


# ----------------------------------------------------------------------------
# the example, quick mode
# ----------------------------------------------------------------------------


def test_quick_run_is_fast_and_writes_files(quick_run):
    assert quick_run.seconds < 20
    png = os.path.join(quick_run.out, "convex_example1_quick.png")
    assert os.path.exists(png)
    with open(png, "rb") as fh:
        assert fh.read(8) == PNG
    assert quick_run.data["files"]["png"] == png


def test_patterns_in_paper_order(quick_run):
    d = quick_run.data
    assert [(r["name"], r["pattern"]) for r in d["dichotomies"]] == [
        ("D1", "000"),
        ("D2", "010"),
        ("D3", "011"),
        ("D4", "100"),
        ("D5", "101"),
        ("D6", "111"),
    ]
    assert d["trichotomies"]["q"] == len(d["trichotomies"]["patterns"]) == 13


def test_single_block_w5(quick_run):
    d = quick_run.data
    assert d["convex"]["active"] == ["101+"]
    w = d["convex"]["blocks"]["101+"]
    assert (round(w[0], 2), round(w[1], 2)) == (0.86, -0.79)
    assert (round(d["w5_star"][0], 2), round(d["w5_star"][1], 2)) == (0.86, -0.79)
    cert = d["certificate"]
    assert cert["support_candidates"] == ["101+"] and cert["unique_single_block"] and cert["verified"]
    assert cert["w5_rounds_to_paper"]
    # the certified ball around the centre contains the solver's block
    c = [Fraction(t) for t in cert["w5_centre"]]
    assert math.dist([float(t) for t in c], w) <= float(Fraction(cert["w5_radius"])) + 1e-6


def test_bounds_bracket(quick_run):
    d = quick_run.data
    for key in ("certificate", "certificate_refined"):
        lo, hi = Fraction(d[key]["lower"]), Fraction(d[key]["upper"])
        assert 0 < lo <= hi < Fraction(1, 2)  # ½‖y‖² = 1/2 is the value of W = 0
        assert float(hi - lo) < 1e-9
    lo, hi = Fraction(d["certificate"]["lower"]), Fraction(d["certificate"]["upper"])
    assert abs(d["convex"]["value"] - float(lo)) < 1e-6
    # both certificates bracket the same P*: their intervals intersect
    rlo, rhi = Fraction(d["certificate_refined"]["lower"]), Fraction(d["certificate_refined"]["upper"])
    assert max(lo, rlo) <= min(hi, rhi)
    for r in d["gd_runs"]:
        assert Fraction(r["objective_raw"]) >= max(lo, rlo)  # no network beats P*


def test_gd_points_on_the_ray(quick_run):
    d = quick_run.data
    assert [r["seed"] for r in d["gd_runs"]] == [0, 1]
    w = d["w5_star"]
    for r in d["gd_runs"]:
        assert r["converged"] and len(r["points"]) == 5
        assert r["max_distance_to_ray"] < 1e-3 and r["max_distance_to_segment"] < 1e-3
        assert all(dist < 1e-3 for dist in r["distance_to_ray"])
        assert math.dist(r["sum_of_points"], w) < 1e-3
        assert abs(r["gamma_sum"] - 1) < 1e-3
        assert r["alive"] and all(r["patterns"][j] == "101" for j in r["alive"])
        v = r["verdict"]
        assert v["optimal"] is False and v["kind"] in ("merge", "descent", "kkt_violation", "unscaled")
        assert 0 <= Fraction(v["gap"]) < Fraction(1, 10**6)
        assert 0 <= Fraction(r["certified_gap_raw"]) < Fraction(1, 10**6)


def test_optimal_network_is_psi(quick_run):
    net = quick_run.data["optimal_network"]
    assert net["signs"] == [1] and len(net["products"]) == 1
    u, a = net["U"][0], net["alpha"][0]
    assert abs(math.hypot(*u) - abs(a)) < 1e-12  # scaled
    assert math.dist([a * t for t in u], quick_run.data["w5_star"]) < 1e-6


def test_block_enclosure_refuses_without_single_candidate(example):
    P = dichotomies(X1)
    fake = SimpleNamespace(candidates=[(4, 1), (5, 1)])
    assert example.block_enclosure(P, (1, 0, 0), fake, (4, 1)) is None


# ----------------------------------------------------------------------------
# plot_convex
# ----------------------------------------------------------------------------


def test_chamber_arcs_example1_exact():
    P = dichotomies(X1)
    arcs = chamber_arcs(P)
    assert ["".join(map(str, a["pattern"])) for a in arcs] == ["111", "011", "010", "000", "100", "101"]
    assert sorted(a["index"] for a in arcs) == list(range(6))
    assert all(isinstance(t, Fraction) for a in arcs for t in a["interior"])
    assert all(P.contains(a["index"], a["interior"]) for a in arcs)
    assert math.isclose(sum(a["theta2"] - a["theta1"] for a in arcs), 2 * math.pi)
    # trichotomies: only the 6 full-dimensional covectors are arcs
    assert len(chamber_arcs(trichotomies(X1))) == 6


def test_chamber_arcs_degenerate_sets():
    arcs = chamber_arcs(dichotomies([[0, 0], [1, 1], [2, 2]]))  # a zero row and one line: two half-planes
    assert sorted(a["pattern"] for a in arcs) == [(0, 0, 0), (0, 1, 1)]
    assert all(a["index"] is not None for a in arcs)


def test_plot_neuron_plane_artists(tmp_path):
    P = dichotomies(X1)
    f = tmp_path / "plane.png"
    ax = plot_neuron_plane(
        P,
        {"a": [[0.5, -0.46], [0.3, -0.28]], "b": [(Fraction(1, 2), Fraction(-1, 2))]},
        [0.86, -0.79],
        path=str(f),
    )
    gids = {p.get_gid() for p in ax.patches}
    assert gids == {f"cone:{s}" for s in ("000", "010", "011", "100", "101", "111")}
    hi = next(p for p in ax.patches if p.get_gid() == "cone:101")
    assert hi.get_alpha() > max(p.get_alpha() for p in ax.patches if p is not hi)
    coll = {c.get_gid() for c in ax.collections}
    assert {"w_star", "run:a", "run:b"} <= coll
    assert any(ln.get_gid() == "segment" for ln in ax.get_lines())
    assert f.read_bytes()[:8] == PNG
    ax2 = plot_neuron_plane(P, [[[0.1, -0.1]]], [0.86, -0.79], highlight=0)  # list input, explicit cone
    assert next(p for p in ax2.patches if p.get_gid() == "cone:000").get_alpha() > 0.3


def test_plot_convex_rejects_d_not_2():
    with pytest.raises(InvalidDataError, match="d = 2"):
        plot_neuron_plane(dichotomies([[1, 0, 0], [0, 1, 0], [1, 1, 1]]), {}, [1, 0, 0])
    with pytest.raises(InvalidDataError, match="d = 2"):  # the bias column makes d = 3
        plot_neuron_plane(dichotomies([[1, 0], [0, 1]], bias=True), {}, [1, 0])
    with pytest.raises(InvalidDataError, match="d = 2"):
        chamber_arcs(dichotomies([[1], [2]]))
    with pytest.raises(InvalidDataError):
        plot_neuron_plane(dichotomies(X1), {}, [1, 0, 0])  # w* of the wrong length
    with pytest.raises(InvalidDataError):
        plot_neuron_plane([[1, 0]], {}, [1, 0])  # not a pattern set


def test_plot_path_from_points(tmp_path):
    pts = [
        SimpleNamespace(
            beta=Fraction(k, 10),
            min_norm={(4, 1): (Fraction(1, k), 0)} if k < 4 else {},
            support=[(4, 1)] if k < 4 else [],
        )
        for k in range(1, 6)
    ]
    path = SimpleNamespace(
        points=pts, patterns=dichotomies(X1), jumps=[(Fraction(3, 10), Fraction(4, 10), 1.0)]
    )
    f = tmp_path / "path.png"
    ax = plot_path(path, filename=str(f))
    line = next(ln for ln in ax.get_lines() if ln.get_gid() == "block:101+")
    assert list(line.get_ydata()) == [1.0, 0.5, pytest.approx(1 / 3), 0.0, 0.0]
    assert any(p.get_gid() == "jump" for p in ax.patches)
    assert f.read_bytes()[:8] == PNG
    with pytest.raises(InvalidDataError):
        plot_path(SimpleNamespace(points=[]))
    with pytest.raises(InvalidDataError):
        plot_path([SimpleNamespace(beta=1)])
