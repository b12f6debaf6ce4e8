"""Figure 1 of Karhadkar et al.: the function space of one ReLU on n = 2, 3, 4 points of R.

Karhadkar, Murray, Tseran & Montúfar (2023), "Mildly overparameterized ReLU networks
have a favorable loss landscape", Figure 1.  The function space F_X ⊂ R^n_{≥0} is a
cone (Karhadkar et al. 2023, Proposition 13), so it is drawn
through its slice {f ≥ 0, Σ_j f_j = 1}, the (n − 1)-simplex: the slice is the
red polyline of :func:`exactrelu.landscape.function_space.polyline_vertices`.

* n = 3: the 2-simplex as an equilateral triangle (barycentric coordinates);
* n = 4: the 3-simplex as a regular tetrahedron seen from above one corner
  (an orthogonal projection: that corner lies at the centroid of the opposite
  face, its three edges are dashed);
* n = 2: the 1-simplex (a segment), which the polyline fills.

Simplex edges are grey, corners are labelled e_j with the data point x_j; polyline
vertices are labelled with their activation pattern (the support of the vertex
function, input order of x, point 1 first), and each segment, in grey italics, with
the pattern of the rank-2 region whose image cone it spans (Karhadkar et al. 2023,
Appendix D).  The geometry is exact; floats are used only for drawing.  matplotlib is
imported lazily (:func:`exactrelu.plot.common.require_matplotlib`), no pyplot state is
touched.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.linalg import primitive_vector
from exactrelu.exact.parse import exact_points_1d, pattern_string
from exactrelu.exact.types import VectorLike
from exactrelu.landscape.function_space import polyline_vertices
from exactrelu.landscape.region_table import region_table
from exactrelu.plot.common import figure_of, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_function_space", "simplex_corners"]

_RED = "#d62728"
_GREY = "#9a9a9a"


def simplex_corners(n: int, centre_corner: int | None = None) -> list[tuple[float, float]]:
    """Drawing coordinates (floats) of the corners e_1, ..., e_n of the simplex, n in {2, 3, 4}.

    n = 3: an equilateral triangle.  n = 4: the regular tetrahedron seen from
    above one corner (orthogonal projection along that corner's altitude), so that
    corner ``centre_corner`` (default the last) sits at the centroid of the
    triangle of the other three.  The map from barycentric coordinates is affine,
    so segments stay segments.

    >>> simplex_corners(3)[2]
    (0.5, 0.866)
    >>> simplex_corners(4, centre_corner=1)[1]
    (0.5, 0.289)
    """
    if n == 2:
        return [(0.0, 0.0), (1.0, 0.0)]
    if n not in (3, 4):
        raise InvalidDataError(
            f"Figure 1 draws n = 2, 3 or 4 data points (a simplex of dimension <= 3); got n = {n}"
        )
    tri = [(0.0, 0.0), (1.0, 0.0), (0.5, round(math.sqrt(3) / 2, 3))]
    if n == 3:
        return tri
    c = n - 1 if centre_corner is None else centre_corner
    outer = iter(tri)
    return [(0.5, round(math.sqrt(3) / 6, 3)) if j == c else next(outer) for j in range(4)]


def _embed(g: Sequence[Fraction], corners: Sequence[tuple[float, float]]) -> tuple[float, ...]:
    """Barycentric combination Σ g_j corner_j (float, for drawing only)."""
    return tuple(sum(float(gj) * c[k] for gj, c in zip(g, corners)) for k in range(2))


def _segment_regions(x: Sequence[Fraction], verts: Sequence[Any]) -> dict[int, tuple[int, ...]]:
    """Pattern of the rank-2 region whose image rays are vertices k and k + 1, by k."""
    index = {primitive_vector(v.vector): k for k, v in enumerate(verts)}
    out = {}
    for r in region_table(x):
        ks = sorted(index.get(g, -1) for g in r.image_rays)
        if r.rank == 2 and len(ks) == 2 and ks[1] == ks[0] + 1:
            out[ks[0]] = r.pattern
    return out


def _unit(v: Sequence[float]) -> tuple[float, float]:
    norm = math.hypot(*v) or 1.0
    return (v[0] / norm, v[1] / norm)


def _label(ax: Axes, p: Sequence[float], direction: Sequence[float], dist: float, s: str, **kw: Any) -> None:
    """Text at p + dist·direction, aligned so that it extends away from p."""
    dx, dy = _unit(direction)
    ha = "left" if dx > 0.35 else "right" if dx < -0.35 else "center"
    va = "bottom" if dy > 0.35 else "top" if dy < -0.35 else "center"
    ax.text(p[0] + dist * dx, p[1] + dist * dy, s, ha=ha, va=va, **kw)


def _vertex_normals(
    pts: Sequence[Sequence[float]],
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """At each polyline vertex, the mean right-hand normal of the adjacent segments."""
    segs = [_unit((q[0] - p[0], q[1] - p[1])) for p, q in pairwise(pts)]
    rights = [(d[1], -d[0]) for d in segs]
    out = []
    for k in range(len(pts)):
        adj = [rights[i] for i in (k - 1, k) if 0 <= i < len(rights)]
        out.append(_unit((sum(a[0] for a in adj), sum(a[1] for a in adj))))
    return out, rights


def plot_function_space(
    x: VectorLike,
    path: str | PathLike[str] | None = None,
    ax: Axes | None = None,
    *,
    dpi: int = 150,
) -> Figure:
    """Draw Figure 1 of Karhadkar et al. 2023 (Proposition 13): the polyline of F_X in the simplex.

    F_X is a cone in R^n_{≥0}; its slice {Σ f = 1} is the polyline of
    :func:`exactrelu.landscape.function_space.polyline_vertices` (red) in the (n − 1)-simplex
    (grey edges).  n = 3: a triangle; n = 4: the tetrahedron seen from above the
    corner of the second-smallest data point.  Vertices carry their support pattern
    (bold), segments the pattern of the rank-2 region whose image they span (italic).

    Parameters
    ----------
    x : 1-D data with n = 2, 3 or 4 points (a list of numbers or [[x_1], ...]), at
        least two distinct
    path : str or path-like, optional
        Write a PNG there.
    ax : matplotlib Axes, optional
        Draw into it (2-D axes); a new figure otherwise.
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidDataError
        n not in {2, 3, 4} or data not 1-D.
    """
    xs = exact_points_1d(x, name="x")
    n = len(xs)
    order = sorted(range(n), key=lambda j: (xs[j], j))
    corners = simplex_corners(n, centre_corner=order[1] if n == 4 else None)
    ax = _axes(ax, dpi, n)
    verts = polyline_vertices(xs)
    _draw_simplex(ax, corners, xs, order[1] if n == 4 else None)
    pts = []
    for v in verts:
        assert v.normalised is not None  # only the zero function has no slice point; it is not listed
        pts.append(_embed(v.normalised, corners))
    xs_page, ys_page = [p[0] for p in pts], [p[1] for p in pts]
    ax.plot(xs_page, ys_page, color=_RED, lw=2.4, zorder=3, solid_capstyle="round")
    ax.scatter(xs_page, ys_page, color=_RED, s=30, zorder=4)
    normals, rights = _vertex_normals(pts)
    for v, p, nv in zip(verts, pts, normals):
        _label(
            ax, p, nv, 0.035, pattern_string(v.pattern), color=_RED, fontsize=10, fontweight="bold", zorder=5
        )
    for k, pat in _segment_regions(xs, verts).items():
        mid = ((pts[k][0] + pts[k + 1][0]) / 2, (pts[k][1] + pts[k + 1][1]) / 2)
        left = (-rights[k][0], -rights[k][1])
        _label(
            ax, mid, left, 0.025, pattern_string(pat), color="#555555", fontsize=8, style="italic", zorder=5
        )
    ax.set_title(
        f"Function space of one ReLU on n = {n} points of R: the cone over the red polyline\n"
        "(slice f >= 0, sum f = 1; bold: support of a vertex, italic: region of a segment)",
        fontsize=9,
    )
    return save_figure(figure_of(ax), path)


def _axes(ax: Axes | None, dpi: int, n: int) -> Axes:
    if ax is not None:
        return ax
    ax = new_figure((6.6, 6.2 if n > 2 else 2.4), dpi=dpi).add_subplot(1, 1, 1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(*((-0.15, 0.98) if n > 2 else (-0.12, 0.12)))
    return ax


def _draw_simplex(
    ax: Axes, corners: Sequence[tuple[float, float]], xs: Sequence[Fraction], centre_corner: int | None
) -> None:
    for i in range(len(corners)):
        for j in range(i + 1, len(corners)):
            inner = centre_corner in (i, j)
            ax.plot(*zip(corners[i], corners[j]), color=_GREY, lw=0.9, ls="--" if inner else "-", zorder=1)
    mid = tuple(sum(c[k] for c in corners) / len(corners) for k in range(2))
    for j, c in enumerate(corners):
        away = (c[0] - mid[0], c[1] - mid[1]) if j != centre_corner else (0.0, -1.0)
        _label(
            ax,
            c,
            away,
            0.06 if j != centre_corner else 0.03,
            f"$e_{{{j + 1}}}$ (x={xs[j]})",
            color="#444444",
            fontsize=9,
            zorder=6,
            bbox=dict(fc="white", ec="none", alpha=0.85, pad=1),
        )
