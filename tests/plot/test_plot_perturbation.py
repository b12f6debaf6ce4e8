"""Tests of the perturbation pictures (plot_type_change, plot_loss_jump, plot_zonotope_path) and examples.

Matena & Raffel (2022), section 4.1.1: the highlighted vertices must be exactly the
activation patterns gained / lost by the perturbation, as computed independently
by exactrelu.geometry.perturbation.type_changes and by the arrangements themselves.
"""

import importlib.util
import json
import os
from fractions import Fraction

import pytest

pytest.importorskip("matplotlib")

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.combinatorial_type import vectors_of
from exactrelu.geometry.perturbation import perturbed, type_changes
from exactrelu.plot import discontinuity, perturbation
from exactrelu.training.discontinuity import get_discontinuity_example

PNG = b"\x89PNG\r\n\x1a\n"
from conftest import REPO as ROOT  # noqa: E402

HEX_X = [[-1, 0], [0, -1], [1, 0], [0, 2]]
HEX_D = [[0, 0], [0, 1], [0, 0], [0, 0]]


def _png_ok(path, min_size=5000):
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:8] == PNG and len(data) > min_size
    return data


def _patterns(X, bias=True):
    return {c.pattern for c in HyperplaneArrangement(vectors_of(X, bias=bias)).chambers()}


def _marked(fig, gid):
    """Number of points drawn by the scatter artists with this gid, per axes."""
    out = []
    for ax in fig.axes:
        n = 0
        for coll in ax.collections:
            if coll.get_gid() == gid:
                n += len(coll.get_offsets())
        out.append(n)
    return out


def _load_example(name):
    path = os.path.join(ROOT, "examples", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_example_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_type_change_png_and_gained_lost_match_type_changes(tmp_path):
    # crossing the critical ε = 1 of the hexagon path: two vertices lost, two gained
    path = tmp_path / "tc.png"
    fig = perturbation.plot_type_change(HEX_X, HEX_D, 2, path=str(path))
    _png_ok(path)
    (change,) = type_changes(HEX_X, HEX_D, (0, 2)).changes
    assert change.epsilon == 1
    assert fig.exactrelu_gained == change.gained == ((0, 1, 0, 1), (1, 0, 1, 0))
    assert fig.exactrelu_lost == change.lost == ((0, 1, 0, 0), (1, 0, 1, 1))
    # independent route: the chambers of the two arrangements
    before, after = _patterns(HEX_X), _patterns(perturbed(HEX_X, HEX_D, 2))
    assert set(fig.exactrelu_gained) == after - before and set(fig.exactrelu_lost) == before - after
    # rings: lost ones on the before panel only, gained ones on the after panel only
    assert _marked(fig, "exactrelu-lost")[:2] == [2, 0]
    assert _marked(fig, "exactrelu-gained")[:2] == [0, 2]
    assert fig.exactrelu_eps == Fraction(2)


def test_type_change_hexagon_breakdown_optimal_star_and_faces():
    ex = get_discontinuity_example("hexagon_breakdown")
    fig = perturbation.plot_type_change(ex.X, ex.Delta, Fraction(1, 2), highlight_optimal=["0100"])
    assert fig.exactrelu_gained == ((0, 1, 0, 0), (1, 0, 1, 1)) and fig.exactrelu_lost == ()
    assert fig.exactrelu_optimal == ((0, 1, 0, 0),)
    # 0100 is not a vertex before (mechanism b): the star is drawn on the after panel only
    assert _marked(fig, "exactrelu-optimal")[:2] == [0, 1]
    # the two hexagonal 2-faces (generators 0, 1, 2) are shaded before, their tiles after
    assert sorted(fig.exactrelu_special_faces) == [(0, 0, 0, -1), (0, 0, 0, 1)]
    gids = [[p.get_gid() for p in ax.patches] for ax in fig.axes[:2]]
    assert gids[0].count("exactrelu-special-face") == 2 and "exactrelu-tile" not in gids[0]
    assert gids[1].count("exactrelu-tile") == 6
    # the legend names the gained patterns
    texts = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any("0100, 1011" in t for t in texts)


def test_type_change_2d_zonotopes_and_loss_panel(tmp_path):
    # 1-D data with a bias and 2-point data without: 2-D zonotopes; plus the loss panel
    for name in ("D3", "D1"):
        ex = get_discontinuity_example(name)
        lj = ex.demonstrate(eps=(Fraction(1, 10), Fraction(1, 100)))
        path = tmp_path / f"{name}.png"
        fig = perturbation.plot_type_change(
            ex.X,
            ex.Delta,
            Fraction(1, 2),
            bias=ex.bias,
            path=path,
            highlight_optimal=[(1, 0) if name == "D1" else (0, 1)],
            loss_jump=lj,
        )
        _png_ok(path)
        assert fig.exactrelu_gained == ((0, 1), (1, 0)) and fig.exactrelu_lost == ()
        assert len(fig.axes) == 4
        assert fig.axes[3].get_xscale() == "log"


def test_plot_loss_jump_values(tmp_path):
    ex = get_discontinuity_example("collinear_active")
    lj = ex.demonstrate(eps=(Fraction(1, 10), Fraction(1, 1000)))
    path = tmp_path / "loss.png"
    fig = discontinuity.plot_loss_jump(lj, path=str(path))
    _png_ok(path, 2000)
    assert fig.exactrelu_values == [(0, Fraction(8, 3)), (Fraction(1, 1000), 0), (Fraction(1, 10), 0)]
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    labels = ax.get_legend_handles_labels()[1]
    assert any("L^*(X)" in lab for lab in labels)
    assert any(t.get_text() == "jump 8/3" for t in ax.texts)


def test_plot_zonotope_path_rings(tmp_path):
    path = tmp_path / "path.png"
    fig = perturbation.plot_zonotope_path(HEX_X, HEX_D, [0, 1, 2], path=path)
    _png_ok(path)
    (change,) = type_changes(HEX_X, HEX_D, (0, 2)).changes
    assert fig.exactrelu_rings == (change.lost, (), change.gained)
    assert len(fig.exactrelu_special_faces) == 2


def test_negative_controls():
    # negative control: a direction of the wrong shape is refused before anything is drawn
    with pytest.raises(InvalidDataError):
        perturbation.plot_type_change(HEX_X, [[0, 1]] * 3, Fraction(1, 2))
    with pytest.raises(InvalidDataError):
        perturbation.plot_type_change(HEX_X, [[0, 1, 0]] * 4, Fraction(1, 2))
    with pytest.raises(InvalidDataError):  # a pattern of the wrong length
        perturbation.plot_type_change(HEX_X, HEX_D, 1, highlight_optimal=[(0, 1, 0)])
    with pytest.raises(DegenerateInputError):  # 3-D data with a bias: a zonotope in R^4
        perturbation.plot_type_change(
            [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 1]], [[0, 0, 0]] * 3 + [[1, 0, 0]], 1
        )
    # and the highlighting is not vacuous: with Δ = 0 nothing is gained or lost
    fig = perturbation.plot_type_change(HEX_X, [[0, 0]] * 4, 1)
    assert fig.exactrelu_gained == () and fig.exactrelu_lost == ()
    assert _marked(fig, "exactrelu-gained") == _marked(fig, "exactrelu-lost") == [0, 0, 0]


def test_examples_run(tmp_path, capsys):
    disc = _load_example("discontinuity")
    disc.main(["--out", str(tmp_path / "d"), "--json"])
    out = json.loads(capsys.readouterr().out)
    rows = {r["name"]: r for r in out["examples"]}
    assert set(rows) == {"collinear_active", "hexagon_breakdown", "D1", "D2", "D3"}
    assert rows["collinear_active"]["mechanism_computed"] == "a"
    assert rows["hexagon_breakdown"]["mechanism_computed"] == "b"
    assert rows["hexagon_breakdown"]["new_vertices"] == ["0100"]
    for r in rows.values():
        assert r["mechanism_expected"] in (None, r["mechanism_computed"])
        assert Fraction(r["jump"]) > 0
        _png_ok(r["png"])
        assert os.path.basename(r["png"]) == f"discontinuity_{r['name']}.png"

    path_ex = _load_example("perturbation_path")
    res = path_ex.main(["--out", str(tmp_path / "p"), "--trials", "8"])
    text = capsys.readouterr().out
    assert "ε = 1: 1 subset(s) dependent [[0, 1, 2]]" in text
    assert "tiled by 3 / 3 faces" in text
    assert res["figure1"]["irrational_critical_values"] >= 1
    probes = res["probes"]
    assert probes["figure1"]["certified_radius_float"] > 0 and probes["figure1"]["consistent"]
    assert probes["figure1"]["min_first_change_displacement"] > probes["figure1"]["certified_radius_float"]
    degenerate = next(v for k, v in probes.items() if k != "figure1")
    assert degenerate["certified_radius"] == 0 and degenerate["immediate"] == 8
    assert [os.path.basename(p) for p in res["pngs"]] == [
        "perturbation_path_hexagon.png",
        "perturbation_path_figure1.png",
    ]
    for p in res["pngs"]:
        _png_ok(p)
