"""Tests of exactrelu.plot.geometry (Figure 1): PNGs written, slices and colours exact and deterministic."""

import importlib
import os
import subprocess
import sys

import pytest

pytest.importorskip("matplotlib")
arrangement = pytest.importorskip("exactrelu.geometry.arrangement")
zonotope = pytest.importorskip("exactrelu.geometry.zonotope")

from exactrelu.datasets import figure1_dataset, get_dataset  # noqa: E402
from exactrelu.exact.errors import DegenerateInputError, ExactReluError, InvalidDataError  # noqa: E402
from exactrelu.exact.parse import pattern_string  # noqa: E402
from exactrelu.plot import geometry as plot  # noqa: E402
from exactrelu.plot.common import chamber_colors, example_colors  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _save(ax, path):
    ax.figure.savefig(path)
    data = path.read_bytes()
    assert data[:8] == PNG and len(data) > 2000
    return data


def test_figure1_png(tmp_path):
    path = tmp_path / "fig1.png"
    fig = plot.figure1(str(path))
    data = path.read_bytes()
    assert data[:8] == PNG and len(data) > 20_000
    assert len(fig.axes) == 3


def test_slice_chambers_figure1():
    A = arrangement.HyperplaneArrangement.from_data(figure1_dataset())
    regions = plot.slice_chambers(A)
    # 5 lines in general position in the plane w_3 = 1: 1 + 5 + 10 regions
    assert len(regions) == 16
    chambers = {c.signs for c in A.chambers()}
    for signs, w in regions:
        assert signs in chambers
        assert w[-1] > 0
        assert all(s * sum(a * b for a, b in zip(n, w)) > 0 for s, n in zip(signs, A.normals))


def test_slice_chambers_negative_control():
    # negative control: the all-zero pattern's chamber contains w = (0, 0, -1);
    # as 0 is a convex combination Σ λ_i x_i of the points, x̄_i·w < 0 for all i
    # forces w_3 = Σ λ_i x̄_i·w < 0: that chamber misses the slice and must not be drawn
    A = arrangement.HyperplaneArrangement.from_data(figure1_dataset())
    assert (-1,) * 5 not in {s for s, _ in plot.slice_chambers(A)}
    assert (1,) * 5 in {s for s, _ in plot.slice_chambers(A)}


def test_individual_panels(tmp_path):
    X = figure1_dataset()
    _save(plot.plot_data(X), tmp_path / "data.png")
    _save(plot.plot_arrangement_slice(arrangement.HyperplaneArrangement.from_data(X)), tmp_path / "slice.png")
    _save(plot.plot_zonotope(zonotope.Zonotope.from_data(X)), tmp_path / "zono3.png")
    # 2-D zonotope (1-D data with bias): a hexagon
    ax = plot.plot_zonotope(zonotope.Zonotope.from_data(get_dataset("points_1d")))
    _save(ax, tmp_path / "zono2.png")
    _save(plot.plot_data(get_dataset("points_1d")), tmp_path / "data1.png")


def test_not_in_general_position_still_draws(tmp_path):
    for name in ("collinear_triple", "duplicate_points", "square"):
        fig = plot.figure1(str(tmp_path / f"{name}.png"), get_dataset(name))
        assert len(fig.axes) == 3


def test_wrong_dimensions_raise():
    with pytest.raises(InvalidDataError):
        plot.plot_data([[1, 2, 3]])
    with pytest.raises(DegenerateInputError):
        plot.plot_arrangement_slice(arrangement.HyperplaneArrangement([(1, 0), (0, 1)]))
    with pytest.raises(ExactReluError):
        plot.plot_zonotope(zonotope.Zonotope([(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)]))


def test_colours_deterministic_and_distinct():
    pats = [(0, 1, 1), (1, 0, 0), (1, 1, 1), (0, 0, 0)]
    a, b = chamber_colors(pats), chamber_colors(reversed(pats))
    assert a == b and len(set(a.values())) == 4
    assert pattern_string((1, 0, 1, 1)) == "1011"
    assert len(set(example_colors(10))) == 10


def test_package_reexports_without_importing_matplotlib():
    code = (
        "import sys; import exactrelu.plot as p; print('matplotlib' in sys.modules); "
        "p.plot_data([[0, 1], [1, 0]]); print('matplotlib' in sys.modules)"
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    # not imported by `import exactrelu.plot`; imported by drawing (the negative control)
    assert run.stdout.split() == ["False", "True"]


def test_package_reexports_every_plotting_function():
    import exactrelu.plot as package

    # the Figure-1 panels plot_data / plot_zonotope (drawing into an Axes) stay in exactrelu.plot.geometry;
    # the package names are the pictures of the user's data of exactrelu.plot.user, which return a Figure
    superseded = {"plot_data", "plot_zonotope"}
    pictures = superseded | {"plot_arrangement", "plot_skeleton", "plot_patterns"}
    for name in (
        "geometry",
        "perturbation",
        "discontinuity",
        "search",
        "function_space",
        "experiments",
        "convex",
        "user",
    ):
        module = importlib.import_module(f"exactrelu.plot.{name}")
        for public in module.__all__:
            if name == "geometry" and public in superseded:
                continue
            if name == "user" and public not in pictures:
                continue  # helpers (formats, limits, label placement) stay in the module
            assert public in package.__all__ and getattr(package, public) is getattr(module, public), public
