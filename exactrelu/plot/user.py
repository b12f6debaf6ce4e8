"""Pictures of the user's own data: the points, the arrangement, the zonotope, its 1-skeleton, the patterns.

One function per picture, each taking a data table X (rows are the training
examples x_i) or the geometric object itself, and returning a
:class:`matplotlib.figure.Figure` (written to ``path`` if given, format by suffix:
``.png``, ``.svg`` or ``.pdf``):

* :func:`plot_data`: the points x_i (1-D, 2-D or 3-D);
* :func:`plot_arrangement`: the central arrangement of the hyperplanes
  <x̄_i, w> = 0 in parameter space R^D (x̄_i = (x_i, 1) with a bias, x_i without;
  Matena & Raffel 2022, section 3): on the circle when D = 2, as the slice
  w_D = 1 when D = 3;
* :func:`plot_zonotope`: the zonotope Z = Σ_i [0, x̄_i] in R^2 or R^3, whose vertices
  are the activation patterns (Matena & Raffel 2022, section 3); in R^3 the hidden
  edges are dashed;
* :func:`plot_skeleton`: the 1-skeleton of Z (or of Z^m for m units) as a graph,
  drawn in the zonotope's own coordinates in R^2 and R^3, with a networkx layout
  otherwise;
* :func:`plot_patterns`: the activation patterns as a 0/1 matrix (one row per
  chamber, ordered by the number of active examples; one column per example and unit).

The pictures are decided exactly (which chambers exist, their patterns, which
vertices are joined, which facets face the viewer); floats only place ink.  What
cannot be drawn is refused up front with one
:class:`~exactrelu.exact.errors.ExactReluError`: an ambient dimension above 3
(:class:`~exactrelu.exact.errors.DegenerateInputError`, naming the pictures that
still work), or more vertices, chambers or edges than the drawing limit
(:class:`~exactrelu.exact.errors.SizeLimitError`, naming the limit, the ``limit=``
argument, ``--limit`` and the environment variable ``EXACTRELU_PLOT_LIMIT``).
Activation-pattern labels are placed so that they do not overlap (with leader lines
when a label had to move away from its vertex) up to :data:`LABEL_LIMIT` vertices;
above that they are dropped and a note on the figure says so.

Examples
--------
>>> from exactrelu.plot import plot_zonotope
>>> fig = plot_zonotope([[0, 0], [1, 0], [0, 1]])  # 3 points in R^2, with a bias: Z in R^3
>>> fig.exactrelu_vertices, fig.exactrelu_dimension
(8, 3)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exactrelu.exact import limits
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.output import check_writable
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.types import MatrixLike
from exactrelu.plot.common import attach_results, chamber_colors, example_colors, new_figure
from exactrelu.plot.geometry import _as_arrangement, _as_zonotope, _centroid, _clip, slice_chambers
from exactrelu.plot.geometry import plot_arrangement_slice as _slice_panel
from exactrelu.plot.geometry import plot_data as _data_panel
from exactrelu.plot.geometry import plot_zonotope as _zonotope_panel
from exactrelu.plot.view import best_view, edge_visibility, projector, view_direction

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

__all__ = [
    "FORMATS",
    "LABEL_LIMIT",
    "PLOT_LIMIT",
    "PLOT_LIMIT_ENV",
    "picture_format",
    "place_labels",
    "plot_arrangement",
    "plot_data",
    "plot_patterns",
    "plot_skeleton",
    "plot_zonotope",
]

#: File formats the pictures are written in (chosen by the suffix of ``path``).
FORMATS = ("png", "svg", "pdf")
#: Default drawing limit: vertices (zonotope, skeleton), chambers (arrangement, patterns).
PLOT_LIMIT = 2000
#: The environment variable that raises :data:`PLOT_LIMIT`.
PLOT_LIMIT_ENV = "EXACTRELU_PLOT_LIMIT"
#: Above this many vertices or chambers, labels are dropped (``labels=True`` forces them).
LABEL_LIMIT = 64
#: Up to this many vertices the viewing direction is searched over elevation and azimuth, up to
#: the second over azimuth only, above it fixed (the search is quadratic in the vertices).
_VIEW_SEARCH_LIMITS = (30, 80)
_DEFAULT_VIEW = (20.0, -52.0)


# ----------------------------------------------------------------------------- shared steps


def picture_format(path: str | PathLike[str] | None) -> str | None:
    """The format of a picture file from its suffix (one of :data:`FORMATS`), or None for no file.

    Raises
    ------
    InvalidDataError
        Another suffix (the message lists the formats), or a directory that does not exist.

    Examples
    --------
    >>> picture_format("out.SVG")
    'svg'
    """
    if path is None:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InvalidDataError(
            f"cannot tell the picture format of {str(path)!r}: the file name must end in "
            + ", ".join("." + f for f in FORMATS)
        )
    check_writable(path, "the picture")
    return suffix


def _finish(fig: Figure, path: str | PathLike[str] | None, **results: Any) -> Figure:
    attach_results(fig, **results)
    if path is not None:
        fig.savefig(path, format=picture_format(path), bbox_inches="tight", pad_inches=0.15)
    return fig


def _guard(what: str, predicted: int, limit: int | None, power: int = 1) -> None:
    """Refuse to draw more than the limit of ``what`` (predicted**power of them), before any work.

    The one size guard (:func:`exactrelu.exact.limits.guard_size`) with the drawing limit:
    the error names the prediction, the limit, ``limit=``, ``--limit`` and
    ``EXACTRELU_PLOT_LIMIT``.  A power is multiplied out only while it stays under the limit.
    """
    lim = limits.resolve(limit, PLOT_LIMIT_ENV, PLOT_LIMIT)
    total: int | str = 1
    for k in range(power):
        total = int(total) * predicted
        if total > lim:
            total = total if k + 1 == power else f"{predicted}^{power}"
            break
    limits.guard_size(what, total, lim, env=PLOT_LIMIT_ENV, default=PLOT_LIMIT, verb="draw")


def _too_high(picture: str, D: int, bias: bool) -> DegenerateInputError:
    """The refusal for an object outside R^2 and R^3, with the pictures and flags that do work."""
    side = "with" if bias else "without"
    if D < 2:
        hint = "With a bias (--bias, bias=True) 1-D data give an object in R^2, which is drawn."
    else:
        hint = (
            "3-D data without a bias (--no-bias, bias=False) give an object in R^3; the pictures "
            "'skeleton' and 'patterns' (plot_skeleton, plot_patterns) draw any dimension."
        )
    return DegenerateInputError(
        f"cannot draw the {picture}: it lives in R^{D} (data of dimension {D - int(bias)} {side} a bias), "
        f"and this picture is drawn in R^2 and R^3 only. {hint}"
    )


def _want_labels(labels: bool | None, n: int) -> bool:
    return n <= LABEL_LIMIT if labels is None else bool(labels)


def _note(ax: Axes, lines: Sequence[str], ticks: bool = False) -> None:
    """Small grey lines of explanation under the axes (below the tick labels and x label if ``ticks``)."""
    if lines:
        ax.text(
            0.5,
            -0.11 if ticks else -0.03,
            "\n".join(lines),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=8,
            color="0.35",
        )


def _dropped(n: int, what: str, function: str) -> str:
    return (
        f"labels omitted: {n} {what} > {LABEL_LIMIT}; in Python, {function}(..., labels=True) draws them "
        "(the command line has no such flag)"
    )


def _label_fontsize(n: int) -> float:
    return 9.0 if n <= 12 else 8.0 if n <= 30 else 7.0 if n <= 48 else 6.0


def place_labels(
    ax: Axes,
    anchors: Sequence[tuple[float, float]],
    texts: Sequence[str],
    *,
    fontsize: float,
    colors: Sequence[Any] | None = None,
    centre: tuple[float, float] | None = None,
    dots: bool = False,
    iterations: int = 600,
) -> None:
    """Write ``texts[k]`` next to the point ``anchors[k]`` (data coordinates) without overlaps.

    Each label starts just outside its point, pointing away from ``centre`` (the mean
    of the anchors by default), and is pushed by the labels and points it overlaps
    (boxes in screen coordinates, monospace text) while a weak spring pulls it back;
    a label that ends up far from its point gets a thin leader line.  The spring fades
    out halfway, so that the pushes alone settle the remaining overlaps.  With ``dots``
    the anchors are region centres, not drawn points: a label starts centred on its
    anchor, and a moved label's anchor is marked by a small dot.  Call after the
    axes limits are final.  Drawing only (floats).
    """
    import numpy as np

    n = len(anchors)
    if n == 0:
        return
    fig = ax.figure
    ax.apply_aspect()
    scale = fig.dpi / 72.0
    A = ax.transData.transform(np.asarray(anchors, dtype=float))
    c = ax.transData.transform(np.asarray([centre], dtype=float))[0] if centre is not None else A.mean(axis=0)
    W = np.array([len(t) * fontsize * 0.62 * scale + 4 * scale for t in texts])
    H = np.full(n, fontsize * 1.25 * scale)
    U = A - c
    norm = np.hypot(U[:, 0], U[:, 1])
    U = np.where(norm[:, None] > 1e-9, U / np.maximum(norm, 1e-9)[:, None], np.array([0.0, 1.0]))
    gap = 5 * scale
    home = A.copy() if dots else A + U * (gap + np.c_[W / 2, H / 2] * np.abs(U))
    P = home.copy()
    dot_r = -1e9 if dots else 4 * scale  # region centres are not obstacles
    idx = np.arange(n)
    for it in range(iterations):
        dx = P[:, None, 0] - P[None, :, 0]
        dy = P[:, None, 1] - P[None, :, 1]
        ox = (W[:, None] + W[None, :]) / 2 + 1.5 * scale - np.abs(dx)
        oy = (H[:, None] + H[None, :]) / 2 + 1.0 * scale - np.abs(dy)
        hit = (ox > 0) & (oy > 0) & (idx[:, None] != idx[None, :])
        # labels against points (their own point too, so a label never covers its vertex)
        px = P[:, None, 0] - A[None, :, 0]
        py = P[:, None, 1] - A[None, :, 1]
        qx = W[:, None] / 2 + dot_r - np.abs(px)
        qy = H[:, None] / 2 + dot_r - np.abs(py)
        hitp = (qx > 0) & (qy > 0)
        if not hit.any() and not hitp.any():
            break
        tie = np.where(idx[:, None] > idx[None, :], 1.0, -1.0)
        sx = np.where(dx != 0, np.sign(dx), tie)
        sy = np.where(dy != 0, np.sign(dy), tie)
        along_x = ox < oy
        push = np.zeros_like(P)
        push[:, 0] += np.where(hit & along_x, sx * ox / 2, 0).sum(axis=1)
        push[:, 1] += np.where(hit & ~along_x, sy * oy / 2, 0).sum(axis=1)
        spx = np.where(px != 0, np.sign(px), 1.0)
        spy = np.where(py != 0, np.sign(py), 1.0)
        alongp = qx < qy
        push[:, 0] += np.where(hitp & alongp, spx * qx, 0).sum(axis=1)
        push[:, 1] += np.where(hitp & ~alongp, spy * qy, 0).sum(axis=1)
        P += 0.5 * push + 0.03 * max(0.0, 1 - 2 * it / iterations) * (home - P)  # the spring fades
    _settle(P, W, H, 1.0 * scale, None if dots else A, dot_r)
    data = ax.transData.inverted().transform(P)
    moved = np.hypot(*(P - home).T) > 0.6 * H
    if dots and moved.any():
        ax.scatter(np.asarray(anchors)[moved, 0], np.asarray(anchors)[moved, 1], s=6, c="k", zorder=5)
    for k in range(n):
        ax.annotate(
            texts[k],
            anchors[k],
            xytext=(float(data[k, 0]), float(data[k, 1])),
            textcoords="data",
            ha="center",
            va="center",
            fontsize=fontsize,
            family="monospace",
            color=colors[k] if colors is not None else "k",
            zorder=6,
            annotation_clip=False,
            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75),
            arrowprops=(
                dict(arrowstyle="-", lw=0.5, color="0.55", shrinkA=0, shrinkB=2) if moved[k] else None
            ),
        )


def _settle(P: Any, W: Any, H: Any, gap: float, points: Any = None, radius: float = 0.0) -> None:
    """Move every label that still overlaps another to the nearest free spot around it (in place).

    Spots are tried on rings of growing radius (16 directions each); a spot is free when
    its box meets no other label's box (nor, for a label that has to move, any of
    ``points`` with a margin of ``radius``).  A moved label lands on a free spot, so no
    move creates an overlap: afterwards no two boxes overlap.
    """
    import numpy as np

    n = len(P)
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    ring = np.c_[np.cos(angles), np.sin(angles)]

    def free(k: int, c: Any) -> bool:
        clash = (np.abs(c[0] - P[:, 0]) < (W[k] + W) / 2 + gap) & (
            np.abs(c[1] - P[:, 1]) < (H[k] + H) / 2 + gap
        )
        clash[k] = False
        if clash.any():
            return False
        if points is None:
            return True
        near = (np.abs(c[0] - points[:, 0]) < W[k] / 2 + radius) & (
            np.abs(c[1] - points[:, 1]) < H[k] / 2 + radius
        )
        return not near.any()

    for k in range(n):
        if free(k, P[k]):
            continue
        step = H[k] / 2
        for r in range(1, 400):
            spots = P[k] + ring * step * r
            hit = next((c for c in spots if free(k, c)), None)
            if hit is not None:
                P[k] = hit
                break


def _fit_limits(ax: Axes, pts: Sequence[tuple[float, float]], margin: float) -> None:
    """Equal-aspect limits around the points, with ``margin`` times the larger span on every side."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    pad = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) * margin
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal", adjustable="box")


def _view(
    verts: Mapping[Any, Any], edges: Sequence[Any], elev: float | None, azim: float | None
) -> tuple[float, float]:
    """The viewing direction: given, or searched (elevation fixed above 30 vertices, both above 80)."""
    if elev is not None and azim is not None:
        return elev, azim
    if len(verts) > _VIEW_SEARCH_LIMITS[0] and elev is None:
        elev = _DEFAULT_VIEW[0]
    if len(verts) > _VIEW_SEARCH_LIMITS[1] and azim is None:
        azim = _DEFAULT_VIEW[1]
    return best_view([(verts, edges)], elev, azim)


def _front(Z: Zonotope, edges: Sequence[Any], elev: float, azim: float) -> set[tuple[int, ...]] | None:
    """Vertices on a facet facing the viewer (exact: a rational direction near the float one), or None."""
    if len(Z.generators[0]) != 3 or Z.rank() != 3:
        return None
    gens = [tuple(Fraction(x) for x in g) for g in Z.generators]
    qview = tuple(Fraction(round(v * 10**6), 10**6) for v in view_direction(elev, azim))
    front: set[tuple[int, ...]] = set()
    for (p, q, _), vis in zip(edges, edge_visibility(gens, edges, qview)):
        if vis:
            front.update((p, q))
    return front


def _zonotope_for_units(
    X: MatrixLike | Zonotope,
    path: str | PathLike[str] | None,
    bias: bool,
    units: int,
    limit: int | None,
    what: str,
) -> tuple[Zonotope, int]:
    """Check the file name and m, build Z, and refuse more than the limit of vertices of Z^m up front."""
    from exactrelu.exact.parse import exact_integer

    picture_format(path)
    Z = _as_zonotope(X, bias=bias)
    m = int(exact_integer(units, name="the number of units", minimum=1))
    _guard(what, Z.arrangement.predicted_chambers(), limit, power=m)
    return Z, m


def _zonotope_parts(
    Z: Zonotope, limit: int | None
) -> tuple[
    dict[tuple[int, ...], tuple[Any, ...]], list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]
]:
    from exactrelu.geometry.zonotope import edge_generators

    _guard("vertices", Z.arrangement.predicted_chambers(), limit)
    verts = Z.vertices()
    edges = [(p, q, edge_generators(d)) for p, q, d in Z.graph().edges(data=True)]
    return verts, edges


# ----------------------------------------------------------------------------- the pictures


def plot_data(
    X: MatrixLike,
    path: str | PathLike[str] | None = None,
    *,
    bias: bool = True,
    y: Sequence[Any] | None = None,
    labels: bool | None = None,
    title: str | None = None,
    limit: int | None = None,
) -> Figure:
    """Draw the training points x_1, ..., x_N (1-D, 2-D or 3-D), point i labelled x_i.

    Parameters
    ----------
    X : table of numbers, shape (N, d) with d <= 3
    path : str or path-like, optional
        Write the figure there (``.png``, ``.svg`` or ``.pdf``).
    bias : bool
        Only recorded (the data do not depend on it); the same flag as the other pictures.
    y : sequence of numbers, optional
        Labels y_i, one per point: the points are coloured by label (with a colour bar).
    labels : bool, optional
        Name the points; by default when N <= :data:`LABEL_LIMIT`.
    title : str, optional
    limit : int, optional
        Refuse more points than this (default :data:`PLOT_LIMIT`).

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.exactrelu_points`` and ``fig.exactrelu_dimension``.

    Raises
    ------
    DegenerateInputError
        Points of dimension > 3.
    SizeLimitError
        More points than the limit.
    """
    from exactrelu.exact.parse import exact_matrix

    picture_format(path)
    rows = exact_matrix(X)
    N, d = len(rows), len(rows[0])
    if d > 3:
        raise DegenerateInputError(
            f"cannot draw points of dimension {d}: plot_data draws 1-D, 2-D and 3-D data. "
            "plot_patterns and plot_skeleton draw data of any dimension."
        )
    _guard("points", N, limit)
    show = _want_labels(labels, N)
    notes = [_dropped(N, "points", "plot_data")] if not show and labels is None else []
    colors: list[Any] = example_colors(N)
    mappable = None
    if y is not None:
        import numpy as np
        from matplotlib import colormaps
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        if len(y) != N:
            raise InvalidDataError(f"{len(y)} labels for {N} points")
        vals = [float(v) for v in y]
        mappable = ScalarMappable(
            Normalize(min(vals), max(vals) if max(vals) > min(vals) else min(vals) + 1), colormaps["viridis"]
        )
        colors = [tuple(c) for c in mappable.to_rgba(np.asarray(vals))]
    if d <= 2:
        fig = new_figure((6.5, 6.5), dpi=150)
        ax = fig.add_subplot(1, 1, 1)
        _data_panel(rows, ax, colors=colors, labels=show, title=title)
        _note(ax, notes, ticks=True)
        if mappable is not None:
            fig.colorbar(mappable, ax=ax, shrink=0.7, label="label $y_i$")
    else:
        fig = new_figure((7, 6.5), dpi=150)
        ax3 = fig.add_subplot(1, 1, 1, projection="3d")
        if mappable is not None:
            fig.colorbar(mappable, ax=ax3, shrink=0.6, pad=0.12, label="label $y_i$")
        pts = [[float(x) for x in r] for r in rows]
        ax3.scatter(*zip(*pts), s=45, c=colors, edgecolors="k", linewidths=0.7, depthshade=False)
        for p in pts:  # lines down to the floor make the depth readable
            ax3.plot([p[0], p[0]], [p[1], p[1]], [min(q[2] for q in pts), p[2]], color="0.75", lw=0.7)
        if show:
            for i, p in enumerate(pts):
                ax3.text(p[0], p[1], p[2], f"  $x_{{{i + 1}}}$", color=colors[i], fontsize=10)
        ax3.set_xlabel("$x^{(1)}$")
        ax3.set_ylabel("$x^{(2)}$")
        ax3.set_zlabel("$x^{(3)}$")
        ax3.set_title(title or f"{N} training examples in $\\mathbb{{R}}^3$")
        if notes:
            fig.text(0.5, 0.02, notes[0], ha="center", fontsize=8, color="0.35")
    return _finish(fig, path, points=N, dimension=d, bias=bias)


def plot_arrangement(
    X: MatrixLike | HyperplaneArrangement,
    path: str | PathLike[str] | None = None,
    *,
    bias: bool = True,
    labels: bool | None = None,
    title: str | None = None,
    limit: int | None = None,
) -> Figure:
    """Draw the arrangement of the hyperplanes H_i = {w : <x̄_i, w> = 0} with its chambers labelled.

    The chambers are the activation regions of one ReLU unit, labelled by their
    activation pattern a_i = [<x̄_i, w> > 0] (Matena & Raffel 2022, section 3).  In
    R^2 the lines through 0 are drawn in the unit disk and every chamber is a
    sector.  In R^3 the picture is the slice w_3 = 1: it shows each chamber that
    meets the half-space w_3 > 0; every other chamber is the negative of one shown
    (the arrangement is central), which the title counts.  A plane H_i with normal
    (0, 0, c) is w_3 = 0, parallel to the slice (with a bias: the data point x_i is the
    origin); it is not drawn, and a note under the picture names it.

    Parameters
    ----------
    X : table of numbers (N x d), or a HyperplaneArrangement
    path : str or path-like, optional
        Write the figure there (``.png``, ``.svg`` or ``.pdf``).
    bias : bool
        x̄_i = (x_i, 1) (default) or x_i; ignored for an arrangement.
    labels : bool, optional
        Label the chambers; by default when there are at most :data:`LABEL_LIMIT`.
    limit : int, optional
        Refuse more chambers than this (default :data:`PLOT_LIMIT`).

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.exactrelu_chambers`` (number of chambers), ``fig.exactrelu_shown`` (those drawn:
        all in R^2, those meeting the slice in R^3), ``fig.exactrelu_dimension`` and
        ``fig.exactrelu_parallel`` (the indices i of the planes H_i parallel to the slice,
        w_3 = 0, which it cannot show; the note under the picture names them).

    Raises
    ------
    DegenerateInputError
        The arrangement lives in R^D with D > 3 (or D = 1).
    SizeLimitError
        More chambers than the limit.
    """
    picture_format(path)
    A = _as_arrangement(X, bias=bias)
    D = A.dimension
    if D not in (2, 3):
        raise _too_high("arrangement", D, bias)
    _guard("chambers", A.predicted_chambers(), limit)
    n_ch = A.n_regions()
    show = _want_labels(labels, n_ch)
    fig = new_figure((7.5, 7.5), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    if D == 3:
        _slice_panel(A, ax, labels=False, title="")
        regions = slice_chambers(A)
        shown = len(regions)
        if show:
            _label_slice(A, ax, regions)
        ax.set_title(
            title
            or f"slice $w_3 = 1$ of the arrangement of {A.n_hyperplanes()} planes in $\\mathbb{{R}}^3$:\n"
            f"{shown} of {n_ch} chambers meet it; the other {n_ch - shown} are their negatives",
            pad=22,
        )
        parallel = [i for i, (a, b, _) in enumerate(A.normals) if a == 0 and b == 0]
    else:
        _circle_panel(A, ax, show, title)
        shown = n_ch
        parallel = []
    notes = [_dropped(n_ch, "chambers", "plot_arrangement")] if not show and labels is None else []
    if parallel:
        names = ", ".join(f"H_{i + 1}" for i in parallel)
        one = len(parallel) == 1
        notes.append(
            f"{names} {'is' if one else 'are'} not drawn: {'its' if one else 'their'} plane w_3 = 0 is "
            "parallel to the slice"
            + (" (a data point at the origin)" if bias and not _is_arrangement(X) else "")
        )
    _note(ax, notes, ticks=True)
    return _finish(fig, path, chambers=n_ch, shown=shown, dimension=D, bias=bias, parallel=parallel)


def _is_arrangement(X: Any) -> bool:
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    return isinstance(X, HyperplaneArrangement)


def _label_slice(A: HyperplaneArrangement, ax: Axes, regions: Sequence[tuple[Any, Any]]) -> None:
    """Label the regions of the slice w_3 = 1 (visible centroid, else the witness) without overlaps."""
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    square = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    anchors, texts = [], []
    for signs, witness in regions:
        poly = square
        for s, (a, b, c) in zip(signs, A.normals):
            poly = _clip(poly, s * float(a), s * float(b), s * float(c))
            if not poly:
                break
        centre = _centroid(poly)[0] if len(poly) >= 3 else None
        if centre is None:  # the region is thinner than the drawing: its exact witness point
            centre = (float(witness[0]) / float(witness[-1]), float(witness[1]) / float(witness[-1]))
            if not (xmin <= centre[0] <= xmax and ymin <= centre[1] <= ymax):
                continue
        anchors.append(centre)
        texts.append(pattern_string(tuple(1 if s > 0 else 0 for s in signs)))
    place_labels(ax, anchors, texts, fontsize=_label_fontsize(len(texts)), dots=True)


def _circle_panel(A: HyperplaneArrangement, ax: Axes, show: bool, title: str | None) -> None:
    """A central arrangement of lines in R^2 inside the unit disk, sectors shaded and labelled."""
    from matplotlib.patches import Wedge

    chambers = A.chambers()
    colors = chamber_colors(ch.pattern for ch in chambers)
    line_colors = example_colors(A.n_hyperplanes())
    angles = sorted(
        {
            round(math.degrees(math.atan2(s * float(-n[0]), s * float(n[1]))) % 360.0, 9)
            for n in A.normals
            for s in (1, -1)
        }
    )
    anchors, texts = [], []
    for ch in chambers:
        t = math.degrees(math.atan2(float(ch.witness[1]), float(ch.witness[0]))) % 360.0
        # the sector of the drawing that holds the (exact, interior) witness direction
        lo = max((a for a in angles if a <= t), default=angles[-1] - 360.0)
        hi = min((a for a in angles if a > t), default=angles[0] + 360.0)
        ax.add_patch(Wedge((0, 0), 1.0, lo, hi, fc=colors[ch.pattern], ec="none", zorder=1))
        mid = math.radians((lo + hi) / 2)
        anchors.append((0.62 * math.cos(mid), 0.62 * math.sin(mid)))
        texts.append(pattern_string(ch.pattern))
    for i, n in enumerate(A.normals):
        dx, dy = -float(n[1]), float(n[0])
        r = math.hypot(dx, dy)
        dx, dy = dx / r, dy / r
        ax.plot([-dx, dx], [-dy, dy], color=line_colors[i], lw=1.8, zorder=3)
        ax.annotate(
            f"$H_{{{i + 1}}}$",
            (dx, dy),
            xytext=(1.1 * dx, 1.1 * dy),
            color=line_colors[i],
            fontsize=11,
            ha="center",
            va="center",
            zorder=6,
        )
    ax.add_patch(Wedge((0, 0), 1.0, 0, 360, fc="none", ec="0.6", lw=0.8, zorder=2))
    _fit_limits(ax, [(-1.0, -1.0), (1.0, 1.0)], 0.12)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(
        title or f"{A.n_hyperplanes()} lines through 0 in $\\mathbb{{R}}^2$: {len(chambers)} chambers"
    )
    if show:
        place_labels(ax, anchors, texts, fontsize=_label_fontsize(len(texts)), dots=True)


def plot_zonotope(
    X: MatrixLike | Zonotope,
    path: str | PathLike[str] | None = None,
    *,
    bias: bool = True,
    labels: bool | None = None,
    title: str | None = None,
    limit: int | None = None,
    elev: float | None = None,
    azim: float | None = None,
) -> Figure:
    """Draw the zonotope Z = Σ_i [0, x̄_i] in R^2 or R^3, vertices labelled by activation patterns.

    The vertices of Z are the activation patterns of one unit, and edges parallel to
    x̄_i join patterns that differ in example i (Matena & Raffel 2022, section 3).
    In R^3, edges on facets facing the viewer are solid and the others dashed and
    light; which facets face the viewer is decided exactly (outer facet normals of Z
    against a rational viewing direction).  The direction (``elev``/``azim`` in
    degrees) is chosen to keep projected vertices apart unless given.

    Parameters
    ----------
    X : table of numbers (N x d), or a Zonotope
    path : str or path-like, optional
        Write the figure there (``.png``, ``.svg`` or ``.pdf``).
    bias : bool
        x̄_i = (x_i, 1) (default) or x_i; ignored for a Zonotope.
    labels : bool, optional
        Label the vertices; by default when there are at most :data:`LABEL_LIMIT`.
    limit : int, optional
        Refuse more vertices than this (default :data:`PLOT_LIMIT`).
    elev, azim : float, optional
        Viewing direction for a zonotope in R^3.

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.exactrelu_vertices``, ``fig.exactrelu_edges``, ``fig.exactrelu_dimension``
        and ``fig.exactrelu_labelled`` (number of labels drawn).

    Raises
    ------
    DegenerateInputError
        Z lives in R^D with D > 3 (or D = 1).
    SizeLimitError
        More vertices than the limit.
    """
    picture_format(path)
    Z = _as_zonotope(X, bias=bias)
    D = Z.dimension
    if D not in (2, 3):
        raise _too_high("zonotope", D, bias)
    verts, edges = _zonotope_parts(Z, limit)
    if D == 3:
        elev, azim = _view(verts, edges, elev, azim)
    show = _want_labels(labels, len(verts))
    fig = new_figure((8, 8), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    _zonotope_panel(Z, ax, labels=False, elev=elev, azim=azim, title=title)
    project = projector(D, elev, azim)
    xy = {p: project(v) for p, v in verts.items()}
    _fit_limits(ax, list(xy.values()), 0.14 if show else 0.05)
    if show:
        front = _front(Z, edges, elev, azim) if D == 3 else None  # type: ignore[arg-type]
        keys = sorted(xy)
        place_labels(
            ax,
            [xy[p] for p in keys],
            [pattern_string(p) for p in keys],
            fontsize=_label_fontsize(len(keys)),
            colors=["k" if front is None or p in front else "0.45" for p in keys],
        )
    notes = [_dropped(len(verts), "vertices", "plot_zonotope")] if not show and labels is None else []
    if D == 3:
        notes.append(f"view elev {elev:g}°, azim {azim:g}°; dashed: edges on facets facing away (hidden)")
    _note(ax, notes)
    return _finish(
        fig, path, vertices=len(verts), edges=len(edges), dimension=D, labelled=len(verts) if show else 0
    )


def plot_skeleton(
    X: MatrixLike | Zonotope,
    path: str | PathLike[str] | None = None,
    *,
    bias: bool = True,
    units: int = 1,
    labels: bool | None = None,
    title: str | None = None,
    limit: int | None = None,
    elev: float | None = None,
    azim: float | None = None,
) -> Figure:
    """Draw the 1-skeleton of Z (of Z^m for m units) as a graph, nodes labelled by activation patterns.

    Nodes are the vertices of Z (activation patterns), edges join patterns of
    adjacent chambers (Matena & Raffel 2022, section 3); for m units the graph is
    the Cartesian product of m copies (a node is one pattern per unit).  When Z
    lives in R^2 or R^3 (and m = 1) the nodes sit at the vertices of Z (projected
    orthographically in R^3); otherwise they are placed by a networkx layout
    (Kamada-Kawai up to 300 nodes, a seeded spring layout above).  Edges are
    coloured by the example whose bit flips.

    Parameters
    ----------
    X : table of numbers (N x d), or a Zonotope
    path : str or path-like, optional
        Write the figure there (``.png``, ``.svg`` or ``.pdf``).
    bias : bool
        x̄_i = (x_i, 1) (default) or x_i; ignored for a Zonotope.
    units : int
        Number of hidden units m (the graph of Z^m).
    labels : bool, optional
        Label the nodes; by default when there are at most :data:`LABEL_LIMIT`.
    limit : int, optional
        Refuse more nodes than this (default :data:`PLOT_LIMIT`).
    elev, azim : float, optional
        Viewing direction when Z lives in R^3.

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.exactrelu_nodes``, ``fig.exactrelu_edges``, ``fig.exactrelu_layout``
        (``"coordinates"`` or the networkx layout used) and ``fig.exactrelu_labelled``.

    Raises
    ------
    SizeLimitError
        More nodes than the limit.
    """
    import networkx as nx
    from matplotlib.collections import LineCollection

    from exactrelu.geometry.zonotope import edge_generators

    Z, m = _zonotope_for_units(X, path, bias, units, limit, "nodes")
    D = Z.dimension
    if m == 1:
        verts, edges = _zonotope_parts(Z, limit)
        G = nx.Graph()
        G.add_nodes_from(verts)
        G.add_edges_from((p, q, {"generators": g}) for p, q, g in edges)
    else:
        G = Z.power(m).graph()
    pos: dict[Any, tuple[float, float]]
    if m == 1 and D in (2, 3):
        if D == 3:
            elev, azim = _view(verts, edges, elev, azim)
        project = projector(D, elev, azim)
        pos = {p: project(v) for p, v in verts.items()}
        layout = "coordinates"
    elif G.number_of_nodes() <= 300:
        pos = {k: (float(v[0]), float(v[1])) for k, v in nx.kamada_kawai_layout(G).items()}
        layout = "kamada_kawai"
    else:
        pos = {k: (float(v[0]), float(v[1])) for k, v in nx.spring_layout(G, seed=0).items()}
        layout = "spring"
    n_nodes, n_edges = G.number_of_nodes(), G.number_of_edges()
    show = _want_labels(labels, n_nodes)
    fig = new_figure((8, 8), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    gen_colors = example_colors(Z.n_generators())
    segs, cols = [], []
    for u, v, data in G.edges(data=True):
        segs.append([pos[u], pos[v]])
        flipped = edge_generators(data)
        cols.append(gen_colors[flipped[0]] if len(flipped) == 1 else "0.3")
    ax.add_collection(LineCollection(segs, colors=cols, linewidths=1.4 if n_edges < 400 else 0.6, zorder=2))
    nodes = sorted(G.nodes)
    base = chamber_colors(nodes if m == 1 else {p for node in nodes for p in node})
    fills = [base[p] if m == 1 else base[p[0]] for p in nodes]
    ax.scatter(
        [pos[p][0] for p in nodes],
        [pos[p][1] for p in nodes],
        s=55 if n_nodes < 200 else 12,
        c=fills,
        edgecolors="k",
        linewidths=0.7,
        zorder=4,
    )
    _fit_limits(ax, list(pos.values()), 0.14 if show else 0.05)
    if show:
        text = [pattern_string(p) if m == 1 else "|".join(pattern_string(q) for q in p) for p in nodes]
        place_labels(ax, [pos[p] for p in nodes], text, fontsize=_label_fontsize(n_nodes))
    elif labels is None:
        _note(ax, [_dropped(n_nodes, "nodes", "plot_skeleton")])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    what = "Z" if m == 1 else f"Z^{{{m}}}"
    where = (
        f"vertices of $Z \\subset \\mathbb{{R}}^{D}$"
        + (f", view elev {elev:g}°, azim {azim:g}°" if D == 3 else "")
        if layout == "coordinates"
        else f"{layout.replace('_', '-')} layout"
    )
    ax.set_title(title or f"1-skeleton of ${what}$: {n_nodes} vertices, {n_edges} edges ({where})")
    return _finish(fig, path, nodes=n_nodes, edges=n_edges, layout=layout, labelled=n_nodes if show else 0)


def plot_patterns(
    X: MatrixLike | Zonotope,
    path: str | PathLike[str] | None = None,
    *,
    bias: bool = True,
    units: int = 1,
    labels: bool | None = None,
    title: str | None = None,
    limit: int | None = None,
) -> Figure:
    """Draw every activation pattern as a row of a 0/1 matrix (dark = active).

    One row per chamber of the arrangement (= vertex of Z), ordered by the number of
    active examples and then lexicographically; one column per example x_i.  For m
    units a row is a tuple of m patterns (the vertices of Z^m, Matena & Raffel 2022,
    section 3) and the columns are grouped by unit.  Works in every dimension.

    Parameters
    ----------
    X : table of numbers (N x d), or a Zonotope
    path : str or path-like, optional
        Write the figure there (``.png``, ``.svg`` or ``.pdf``).
    bias : bool
        x̄_i = (x_i, 1) (default) or x_i; ignored for a Zonotope.
    units : int
        Number of hidden units m.
    labels : bool, optional
        Write each row's pattern beside it; by default when there are at most :data:`LABEL_LIMIT` rows.
    limit : int, optional
        Refuse more rows than this (default :data:`PLOT_LIMIT`).

    Returns
    -------
    matplotlib.figure.Figure
        With ``fig.exactrelu_patterns`` (the rows drawn, in order) and ``fig.exactrelu_labelled``.

    Raises
    ------
    SizeLimitError
        More rows than the limit.
    """
    import numpy as np
    from matplotlib.colors import ListedColormap

    Z, m = _zonotope_for_units(X, path, bias, units, limit, "activation patterns")
    N = Z.n_generators()
    base = sorted((c.pattern for c in Z.arrangement.chambers()), key=lambda p: (sum(p), p))
    from itertools import product

    rows: list[tuple[tuple[int, ...], ...]] = [tuple(r) for r in product(base, repeat=m)]
    M = np.array([[b for p in r for b in p] for r in rows], dtype=np.int8)
    show = _want_labels(labels, len(rows))
    height = min(max(3.0, 0.22 * len(rows) + 1.6), 14.0)
    width = min(max(4.5, 0.32 * N * m + (2.2 if show else 1.2)), 14.0)
    fig = new_figure((width, height), dpi=150)
    ax = fig.add_subplot(1, 1, 1)
    ax.imshow(
        M, cmap=ListedColormap(["#f4f4f4", "#2b5d9c"]), vmin=0, vmax=1, aspect="auto", interpolation="nearest"
    )
    ax.set_xticks(range(N * m))
    ax.set_xticklabels([f"{i + 1}" for _ in range(m) for i in range(N)], fontsize=7 if N * m <= 40 else 5)
    ax.set_xlabel("example i" + (" (grouped by unit)" if m > 1 else ""))
    for k in range(1, m):
        ax.axvline(k * N - 0.5, color="#d62728", lw=1.5)
    if show:
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(
            ["|".join(pattern_string(p) for p in r) for r in rows],
            family="monospace",
            fontsize=_label_fontsize(len(rows)),
        )
    else:
        ax.set_ylabel("activation pattern (ordered by number of active examples)")
        if labels is None:
            _note(ax, [_dropped(len(rows), "patterns", "plot_patterns")], ticks=True)
    if len(rows) <= 200 and N * m <= 200:
        ax.set_xticks(np.arange(-0.5, N * m, 1), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
        ax.grid(which="minor", color="white", lw=0.6)
        ax.tick_params(which="minor", length=0)
    unit_text = "" if m == 1 else f", {m} units"
    ax.set_title(
        title or f"{len(rows)} activation patterns of {N} examples{unit_text} (dark = active)", fontsize=10
    )
    fig.tight_layout()
    return _finish(
        fig, path, patterns=rows if m > 1 else [r[0] for r in rows], labelled=len(rows) if show else 0
    )
