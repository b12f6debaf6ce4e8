"""Pictures of the user's data (exactrelu.plot.user) and ``exactrelu plot KIND``: files written in every
format, exact content recorded on the figure, labels readable up to ~50 vertices, one clear refusal above
what can be drawn, and the CLI end to end (one line out, one line per error)."""

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")

import matplotlib.text
from matplotlib.backends.backend_agg import FigureCanvasAgg

from exactrelu.cli import main
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError, SizeLimitError
from exactrelu.exact.parse import pattern_string
from exactrelu.geometry.zonotope import Zonotope
from exactrelu.plot import (
    plot_arrangement,
    plot_data,
    plot_patterns,
    plot_skeleton,
    plot_zonotope,
    user,
)

X2 = [[0, 0], [3, 1], [1, 3]]  # 2-D data: with a bias, Z in R^3 with 8 vertices (3 generators)
X3 = [[1, 2, 3], [0, 1, 1], [2, 0, 1], [1, 1, 0]]  # 3-D data: without a bias, Z in R^3 with 14 vertices
#: 7 points in general position: 44 chambers / vertices (7² − 7 + 2), near the readable maximum
X7 = [[0, 0], [5, 1], [1, 4], [6, 6], [-3, 2], [2, -4], [-2, -3]]
VIEW = {"elev": 20, "azim": -60}
MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}
ALL = (plot_data, plot_arrangement, plot_zonotope, plot_skeleton, plot_patterns)


def _written(path, fmt):
    data = path.read_bytes()
    assert data[: len(MAGIC[fmt])] == MAGIC[fmt] and len(data) > 1000
    return data


@pytest.mark.parametrize("draw", ALL, ids=lambda f: f.__name__)
def test_each_picture_of_2d_and_3d_data_is_written(draw, tmp_path):
    fmt2, fmt3 = {plot_data: ("png", "pdf"), plot_patterns: ("pdf", "svg")}.get(draw, ("png", "svg"))
    kw = VIEW if draw in (plot_zonotope, plot_skeleton) else {}
    fig = draw(X2, tmp_path / f"a.{fmt2}", **kw)
    _written(tmp_path / f"a.{fmt2}", fmt2)
    fig3 = draw(X3, tmp_path / f"b.{fmt3}", bias=False, **kw)
    _written(tmp_path / f"b.{fmt3}", fmt3)
    assert fig.axes and fig3.axes


def test_pictures_record_the_exact_objects():
    Z = Zonotope.from_data(X2)
    fig = plot_zonotope(X2, **VIEW)
    assert (fig.exactrelu_vertices, fig.exactrelu_edges, fig.exactrelu_dimension) == (8, 12, 3)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {pattern_string(p) for p in Z.vertices()} <= labels
    pat = plot_patterns(X3, bias=False)
    assert sorted(pat.exactrelu_patterns) == sorted(Zonotope(X3).vertices())
    assert [sum(p) for p in pat.exactrelu_patterns] == sorted(sum(p) for p in pat.exactrelu_patterns)
    two = plot_patterns([[0], [1]], units=2)  # 4 vertices of Z, 16 of Z^2
    assert len(two.exactrelu_patterns) == 16 and two.exactrelu_patterns[0] == ((0, 0), (0, 0))
    sk = plot_skeleton([[0], [1]], units=2)
    assert (sk.exactrelu_nodes, sk.exactrelu_edges, sk.exactrelu_layout) == (16, 32, "kamada_kawai")
    assert plot_arrangement([[0], [1], [2]]).exactrelu_chambers == 6  # 1-D data: lines in R^2


def _label_boxes(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = [a for a in fig.axes[0].texts if set(a.get_text()) <= {"0", "1"} and a.get_text()]
    return [matplotlib.text.Text.get_window_extent(t, renderer) for t in texts]


@pytest.mark.parametrize("draw", [plot_zonotope, plot_skeleton, plot_arrangement], ids=lambda f: f.__name__)
def test_labels_of_44_vertices_are_all_drawn_without_overlap(draw):
    kw = VIEW if draw is not plot_arrangement else {}
    fig = draw(X7, **kw)
    boxes = _label_boxes(fig)
    n = {plot_zonotope: 44, plot_skeleton: 44, plot_arrangement: None}[draw]
    if n is not None:
        assert fig.exactrelu_labelled == n == len(boxes)
    else:  # the slice shows the chambers meeting w_3 > 0: 1 + 6 + 15 regions of 6 lines (x_1 = 0: no line)
        assert len(boxes) == fig.exactrelu_shown == 22 and fig.exactrelu_chambers == 44
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []


def test_labels_dropped_above_the_label_limit_with_a_note(monkeypatch):
    monkeypatch.setattr(user, "LABEL_LIMIT", 5)
    fig = plot_zonotope(X2, **VIEW)
    assert fig.exactrelu_labelled == 0
    notes = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "labels omitted: 8 vertices > 5" in notes
    assert plot_zonotope(X2, labels=True, **VIEW).exactrelu_labelled == 8  # forced


def test_refusals_are_one_clear_error(monkeypatch):
    with pytest.raises(DegenerateInputError, match=r"R\^4 .*--no-bias"):
        plot_zonotope(X3)  # 3-D data with a bias
    with pytest.raises(DegenerateInputError, match=r"R\^4"):
        plot_arrangement(X3)
    with pytest.raises(DegenerateInputError, match=r"R\^1 .*--bias"):
        plot_zonotope([[1], [2]], bias=False)
    with pytest.raises(DegenerateInputError, match="dimension 4"):
        plot_data([[1, 2, 3, 4]])
    with pytest.raises(SizeLimitError, match=r"refusing to draw 8 vertices.*--limit 8.*EXACTRELU_PLOT_LIMIT"):
        plot_zonotope(X2, limit=7)
    with pytest.raises(SizeLimitError, match=r"22\^30"):
        plot_patterns(X7[:5], units=30)
    monkeypatch.setenv("EXACTRELU_PLOT_LIMIT", "3")
    with pytest.raises(SizeLimitError, match="the limit is 3"):
        plot_skeleton(X2)
    with pytest.raises(InvalidDataError, match=r"\.png, \.svg, \.pdf"):
        plot_data(X2, "picture.jpg")
    # higher dimensions: the skeleton and the patterns still draw
    monkeypatch.delenv("EXACTRELU_PLOT_LIMIT")
    assert plot_skeleton(X3).exactrelu_layout == "kamada_kawai"


def test_data_coloured_by_labels():
    fig = plot_data(X2, y=[0, 1, 2])
    assert len(fig.axes) == 2  # the points and the colour bar
    with pytest.raises(InvalidDataError, match="2 labels for 3 points"):
        plot_data(X2, y=[0, 1])


# ----------------------------------------------------------------------------- the command


@pytest.mark.parametrize("kind", ["data", "arrangement", "zonotope", "skeleton", "patterns"])
def test_cli_plot_writes_the_picture(kind, tmp_path, capsys):
    out = tmp_path / f"{kind}.svg"
    assert main(["plot", kind, "--example", "figure1", "-o", str(out)]) == 0
    _written(out, "svg")
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"wrote {out} (SVG)") and "\n" not in line
    if kind != "data":
        assert "22" in line  # 22 chambers / vertices / patterns


def test_cli_plot_json_and_flags(tmp_path, capsys):
    data = tmp_path / "x.csv"
    data.write_text("a,b,c\n" + "\n".join(",".join(map(str, r)) for r in X3) + "\n")
    out = tmp_path / "z.pdf"
    assert main(["plot", "zonotope", str(data), "--no-bias", "-o", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["vertices"] == 14 and payload["format"] == "pdf" and payload["bias"] is False
    _written(out, "pdf")
    # with the default bias the zonotope lives in R^4: one line, exit status 2, nothing written
    assert main(["plot", "zonotope", str(data), "-o", str(tmp_path / "w.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("exactrelu: error: cannot draw the zonotope") and "\n" not in err
    assert not (tmp_path / "w.png").exists()
    assert (
        main(["plot", "skeleton", "--example", "figure1", "--units", "2", "-o", str(out), "--limit", "50"])
        == 2
    )
    assert "--limit 484" in capsys.readouterr().err
    assert main(["plot", "data", "--example", "figure1", "-o", str(tmp_path / "p.gif")]) == 2
    err = capsys.readouterr().err
    assert all(s in err for s in (".png", ".svg", ".pdf", "gif")) and "\n" not in err.strip()


def test_cli_plot_without_matplotlib_names_the_extra(tmp_path):
    code = (
        "import sys; sys.modules['matplotlib'] = None; from exactrelu.cli import main; "
        f"sys.exit(main(['plot', 'zonotope', '--example', 'figure1', '-o', {str(tmp_path / 'z.png')!r}]))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'exactrelu[plots]'" in lines[0] and "Traceback" not in run.stderr


# ----------------------------------------------------------------------------- review fixes (issue 17)


def test_label_note_names_the_python_flag_not_a_cli_flag(monkeypatch):
    monkeypatch.setattr(user, "LABEL_LIMIT", 5)
    for draw, kw in [(plot_zonotope, VIEW), (plot_skeleton, {}), (plot_arrangement, {}), (plot_patterns, {})]:
        notes = " ".join(t.get_text() for t in draw(X2, **kw).axes[0].texts)
        assert f"{draw.__name__}(..., labels=True)" in notes and "command line has no such flag" in notes


def test_picture_in_a_missing_directory_is_one_clear_error(tmp_path, capsys):
    target = tmp_path / "nodir" / "x.png"
    with pytest.raises(InvalidDataError, match=r"directory .*nodir.* does not exist"):
        plot_data(X2, target)
    assert main(["plot", "data", "--example", "figure1", "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("exactrelu: error: cannot write") and "does not exist" in err and "\n" not in err
    assert "unexpected" not in err and "nodir" in err and not target.parent.exists()


def test_cli_plot_json_reports_the_units_drawn(tmp_path, capsys):
    out = tmp_path / "a.png"
    assert main(["plot", "arrangement", "--example", "figure1", "-o", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["units"] == 1 and "note" not in payload  # the default, never null
    assert main(["plot", "zonotope", "--example", "figure1", "-o", str(out), "--units", "3", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["units"] == 1 and "--units 3 ignored" in payload["note"]
    assert main(["plot", "data", "--example", "figure1", "-o", str(out), "--units", "2"]) == 0
    line = capsys.readouterr().out.strip()
    assert "--units 2 ignored" in line and "\n" not in line
    assert main(["plot", "patterns", "--example", "figure1", "-o", str(out), "--units", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"] == 2


def test_arrangement_slice_names_the_plane_it_cannot_show():
    fig = plot_arrangement(X2)  # X2[0] = (0, 0): x̄_1 = (0, 0, 1), the plane w_3 = 0
    assert fig.exactrelu_parallel == [0]
    notes = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "H_1 is not drawn" in notes and "parallel to the slice" in notes and "origin" in notes
    assert plot_arrangement([[1, 0], [3, 1], [1, 3]]).exactrelu_parallel == []
