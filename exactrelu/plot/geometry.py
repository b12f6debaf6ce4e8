"""Figure 1 of Matena & Raffel (2022): the data, the arrangement and the zonotope (matplotlib, Agg).

Reproduces the three panels of Figure 1 of Matena & Raffel (2022), "A
Combinatorial Perspective on the Optimization of Shallow ReLU Networks",
section 3:

* left, :func:`plot_data`: the training points x_i in R^2;
* centre, :func:`plot_arrangement_slice`: the slice w_3 = 1 of the parameter
  space R^3, with the lines <x̄_i, w> = 0 and the chambers (activation
  regions) that meet the slice, shaded and labelled by their activation
  pattern;
* right, :func:`plot_zonotope`: the dual zonotope Z = Σ_i [0, x̄_i], whose
  vertices are the activation patterns; edges parallel to x̄_i join patterns
  that differ in example i.

:func:`figure1` composes the three panels into one PNG.

Everything *combinatorial* in these pictures (which chambers exist, their
patterns, which chambers meet the slice, which vertices are joined by an edge,
which facets face the viewer) is decided exactly; floats are used only for
drawing (clipping polygons, projecting to the screen).

Colours (:mod:`exactrelu.plot.common`): example i has one colour throughout (its
point on the left, its line H_i in the centre, the zonotope edges parallel to x̄_i
on the right); every activation region has its own pastel colour, used for its
shaded chamber and for the circle at its vertex of the zonotope.  Vertices whose
chamber does not meet the slice w_3 = 1 are drawn as white circles.

matplotlib is imported lazily (it is an optional dependency,
``pip install 'exactrelu[plots]'``); no pyplot state is touched, figures are
:class:`matplotlib.figure.Figure` objects rendered with the Agg canvas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import combinations
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.types import MatrixLike, Pattern, SignVector
from exactrelu.plot.common import chamber_colors, example_colors, new_axes, new_figure, save_figure
from exactrelu.plot.view import best_view, edge_visibility, projector, view_direction

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

__all__ = [
    "figure1",
    "plot_arrangement_slice",
    "plot_data",
    "plot_zonotope",
    "slice_chambers",
]


def _as_arrangement(A: HyperplaneArrangement | MatrixLike, bias: bool = True) -> HyperplaneArrangement:
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    if isinstance(A, HyperplaneArrangement):
        return A
    return HyperplaneArrangement.from_data(A, bias=bias)


def _as_zonotope(Z: Zonotope | MatrixLike, bias: bool = True) -> Zonotope:
    from exactrelu.geometry.zonotope import Zonotope

    if isinstance(Z, Zonotope):
        return Z
    return Zonotope.from_data(Z, bias=bias)


def slice_chambers(A: HyperplaneArrangement) -> list[tuple[SignVector, tuple[int, ...]]]:
    """The chambers of a central arrangement that meet the slice {w : w_D = 1}.

    A chamber C meets the slice iff it meets the open half-space w_D > 0, i.e.
    iff the arrangement A ∪ {e_D} has a chamber with sign +1 on e_D inside C.
    This is decided exactly by enumerating the chambers of A ∪ {e_D}.

    Parameters
    ----------
    A : HyperplaneArrangement

    Returns
    -------
    list of (signs, witness)
        ``signs`` over ±1 (ordered like ``A.normals``); ``witness`` an integer
        point of the chamber with last coordinate > 0, so ``witness / witness[-1]``
        lies in the slice.

    Examples
    --------
    >>> from exactrelu.geometry.arrangement import HyperplaneArrangement
    >>> A = HyperplaneArrangement([(1, 0, 1), (0, 1, 1)])
    >>> sorted(s for s, w in slice_chambers(A))
    [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    """
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    D = A.dimension
    e = tuple(0 for _ in range(D - 1)) + (1,)
    B = HyperplaneArrangement(list(A.normals) + [e])
    out = []
    for ch in B.chambers():
        if ch.signs[-1] > 0:
            out.append((tuple(ch.signs[:-1]), tuple(ch.witness)))
    return out


def _clip(poly: list[tuple[float, float]], a: Any, b: Any, c: Any) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: keep the part of a convex polygon with a·x + b·y + c >= 0."""
    out = []
    n = len(poly)
    for k in range(n):
        P, Q = poly[k], poly[(k + 1) % n]
        fp = a * P[0] + b * P[1] + c
        fq = a * Q[0] + b * Q[1] + c
        if fp >= 0:
            out.append(P)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append((P[0] + t * (Q[0] - P[0]), P[1] + t * (Q[1] - P[1])))
    return out


def _centroid(poly: list[tuple[float, float]]) -> tuple[tuple[float, float] | None, float]:
    area = cx = cy = 0.0
    n = len(poly)
    for k in range(n):
        x0, y0 = poly[k]
        x1, y1 = poly[(k + 1) % n]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return None, 0.0
    return (cx / (3 * area), cy / (3 * area)), abs(area) / 2


def _slice_box(normals: Sequence[Sequence[Fraction | int]]) -> tuple[float, float, float, float]:
    """A square view box around all pairwise intersection points of the slice lines."""
    pts = [(Fraction(0), Fraction(0))]
    lines = [n for n in normals if n[0] or n[1]]
    for (a1, b1, c1), (a2, b2, c2) in combinations(lines, 2):
        det = a1 * b2 - a2 * b1
        if det:
            pts.append((Fraction(-c1 * b2 + c2 * b1, det), Fraction(-a1 * c2 + a2 * c1, det)))
    for a, b, c in lines:  # the foot of the perpendicular from the origin
        r = Fraction(-c, a * a + b * b)
        pts.append((a * r, b * r))
    xs = [float(p[0]) for p in pts]
    ys = [float(p[1]) for p in pts]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2
    half = 1.0 if half == 0 else 1.45 * half
    return cx - half, cx + half, cy - half, cy + half


def plot_data(
    X: MatrixLike,
    ax: Axes | None = None,
    *,
    colors: Sequence[Any] | None = None,
    title: str | None = None,
    labels: bool = True,
) -> Axes:
    """Scatter plot of 1-D or 2-D data, point i labelled x_i (1-based, like H_i).

    Parameters
    ----------
    X : table of numbers, shape (N, 1) or (N, 2)
    ax : matplotlib Axes, optional
        Drawn into a new figure if omitted.
    colors : list of colours, optional
        One per point; defaults to :func:`example_colors`.

    Returns
    -------
    matplotlib Axes
    """
    from exactrelu.exact.parse import exact_matrix

    rows = exact_matrix(X)
    d = len(rows[0])
    if d > 2:
        raise InvalidDataError(f"plot_data draws 1-D or 2-D data; got points of dimension {d}")
    ax = new_axes(ax)
    colors = colors or example_colors(len(rows))
    xs = [float(r[0]) for r in rows]
    ys = [float(r[1]) if d == 2 else 0.0 for r in rows]
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.scatter(xs, ys, s=70, c=colors, edgecolors="k", linewidths=0.8, zorder=3)
    if labels:
        for i, (x, y) in enumerate(zip(xs, ys)):
            ax.annotate(
                f"$x_{{{i + 1}}}$",
                (x, y),
                xytext=(7, 6),
                textcoords="offset points",
                fontsize=12,
                color=colors[i],
                zorder=4,
            )
    lo_x, hi_x = min(xs + [0.0]), max(xs + [0.0])
    lo_y, hi_y = min(ys + [0.0]), max(ys + [0.0])
    half = max(hi_x - lo_x, hi_y - lo_y, 1.0) * 0.62
    cx, cy = (hi_x + lo_x) / 2, (hi_y + lo_y) / 2
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x^{(1)}$")
    ax.set_ylabel("$x^{(2)}$" if d == 2 else "")
    ax.set_title(title or f"{len(rows)} training examples in $\\mathbb{{R}}^{d}$")
    ax.grid(True, color="0.93")
    return ax


def plot_arrangement_slice(
    A: HyperplaneArrangement | MatrixLike,
    ax: Axes | None = None,
    *,
    colors: Mapping[Pattern, Any] | None = None,
    line_colors: Sequence[Any] | None = None,
    title: str | None = None,
    labels: bool = True,
    box: tuple[float, float, float, float] | None = None,
    fontsize: float = 7,
) -> Axes:
    """Draw the slice w_D = 1 of a central arrangement in R^3.

    The lines <n_i, (w_1, w_2, 1)> = 0 are drawn in the (w_1, w_2) plane, and
    each chamber meeting the slice (see :func:`slice_chambers`) is shaded and
    labelled with its activation pattern (bit string, example 1 first).
    Chambers lying in w_3 <= 0 do not meet the slice and are not shown.

    Parameters
    ----------
    A : HyperplaneArrangement of dimension 3, or data (N x 2, homogenised with a bias)
    ax : matplotlib Axes, optional
    colors : dict pattern -> colour, optional
        Defaults to :func:`chamber_colors` of all chambers of A.
    line_colors : list, optional
        One colour per hyperplane; defaults to :func:`example_colors`.
    box : (xmin, xmax, ymin, ymax), optional
        View box; by default all intersection points of the lines are shown.

    Returns
    -------
    matplotlib Axes
    """
    A = _as_arrangement(A)
    if A.dimension != 3:
        raise DegenerateInputError(
            f"plot_arrangement_slice draws arrangements in R^3 (2-D data with a bias, or 3-D data "
            f"without); this one lives in R^{A.dimension}"
        )
    ax = new_axes(ax)
    normals = A.normals
    n = len(normals)
    line_colors = line_colors or example_colors(n)
    if colors is None:
        colors = chamber_colors(ch.pattern for ch in A.chambers())
    xmin, xmax, ymin, ymax = box or _slice_box(normals)
    square = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    regions = slice_chambers(A)
    for signs, witness in regions:
        poly = square
        for s, (a, b, c) in zip(signs, normals):
            poly = _clip(poly, s * a, s * b, s * c)
            if not poly:
                break
        pattern = tuple(1 if s > 0 else 0 for s in signs)
        colour = colors.get(pattern, "0.9")
        if poly:
            ax.fill([p[0] for p in poly], [p[1] for p in poly], color=colour, lw=0, zorder=1)
        if not labels:
            continue
        centre, _area = _centroid(poly) if len(poly) >= 3 else (None, 0.0)
        if centre is None:
            w3 = witness[-1]
            centre = (witness[0] / w3, witness[1] / w3)
            if not (xmin <= centre[0] <= xmax and ymin <= centre[1] <= ymax):
                continue
        ax.text(
            centre[0],
            centre[1],
            pattern_string(pattern),
            ha="center",
            va="center",
            fontsize=fontsize,
            family="monospace",
            zorder=5,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.6),
        )
    for i, (a, b, c) in enumerate(normals):
        if a == 0 and b == 0:
            continue  # the hyperplane is parallel to the slice
        if abs(b) >= abs(a):
            xs = [xmin, xmax]
            ys = [float(Fraction(-c - a * Fraction(x), b)) for x in xs]
        else:
            ys = [ymin, ymax]
            xs = [float(Fraction(-c - b * Fraction(y), a)) for y in ys]
        ax.plot(xs, ys, color=line_colors[i], lw=1.8, zorder=3)
    placed: list[tuple[float, float]] = []
    for i, (a, b, c) in enumerate(normals):
        ends = _label_spots(a, b, c, xmin, xmax, ymin, ymax)
        if not ends:
            continue
        # name the line at an end of its visible segment: outside the box on the
        # top and right sides (no tick labels there), just inside on the others;
        # among equals, the end furthest from the names placed so far
        tol = 1e-9 * (xmax - xmin)

        def outside(q: tuple[float, float], tol: float = tol) -> bool:
            return abs(q[0] - xmax) < tol or abs(q[1] - ymax) < tol

        spot = max(ends, key=lambda q: (outside(q), min((math.dist(q, r) for r in placed), default=0.0)))
        placed.append(spot)
        x, y = spot
        if outside(spot):
            off = (
                14 if abs(x - xmax) < tol else 0,
                11 if abs(y - ymax) < tol and abs(x - xmax) >= tol else 0,
            )
            box_style = None
        else:
            off = (14 if abs(x - xmin) < tol else 0, 12 if abs(y - ymin) < tol else 0)
            box_style = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
        ax.annotate(
            f"$H_{{{i + 1}}}$",
            (x, y),
            xytext=off,
            textcoords="offset points",
            color=line_colors[i],
            fontsize=12,
            ha="center",
            va="center",
            annotation_clip=False,
            zorder=6,
            bbox=box_style,
        )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    n_ch = A.n_regions()
    ax.set_title(title or f"slice $w_3 = 1$ of parameter space: {len(regions)} of {n_ch} chambers", pad=20)
    return ax


def _label_spots(
    a: Any, b: Any, c: Any, xmin: float, xmax: float, ymin: float, ymax: float
) -> list[tuple[float, float]]:
    """The two points where the line a x + b y + c = 0 leaves the box (empty if it misses it)."""
    a, b, c = float(a), float(b), float(c)
    seg = []
    for x in (xmin, xmax):
        if b:
            y = (-c - a * x) / b
            if ymin <= y <= ymax:
                seg.append((x, y))
    for y in (ymin, ymax):
        if a:
            x = (-c - b * y) / a
            if xmin <= x <= xmax:
                seg.append((x, y))
    if len(seg) < 2:
        return []
    seg.sort()
    return [seg[0], seg[-1]]


def plot_zonotope(
    Z: Zonotope | MatrixLike,
    ax: Axes | None = None,
    *,
    colors: Mapping[Pattern, Any] | None = None,
    edge_colors: Sequence[Any] | None = None,
    title: str | None = None,
    labels: bool = True,
    elev: float | None = None,
    azim: float | None = None,
    fontsize: float = 7,
) -> Axes:
    """Draw a 2-D or 3-D zonotope with its vertices labelled by activation patterns.

    3-D zonotopes are projected orthographically (viewing direction given by
    ``elev``/``azim`` in degrees, like matplotlib's 3-D axes; the last
    coordinate, the bias coordinate = number of active examples, points up).
    By default the view is chosen from a grid of directions so that projected
    vertices stay far apart from each other and from the edges.
    Edges on facets facing the viewer are solid, hidden edges dashed; which
    facets face the viewer is decided exactly from the generators.

    Parameters
    ----------
    Z : Zonotope of dimension 2 or 3, or data (homogenised with a bias)
    ax : matplotlib Axes, optional
    colors : dict pattern -> colour, optional
        Fill of the vertex circles; patterns missing from the dict are white.
        Defaults to :func:`chamber_colors` of all vertices.
    edge_colors : list, optional
        One colour per generator (edges parallel to generator i get colour i).

    Returns
    -------
    matplotlib Axes
    """
    Z = _as_zonotope(Z)
    gens = [tuple(Fraction(x) for x in g) for g in Z.generators]
    dim = len(gens[0])
    if dim not in (2, 3):
        raise DegenerateInputError(f"plot_zonotope draws zonotopes in R^2 or R^3; this one lives in R^{dim}")
    ax = new_axes(ax)
    verts = Z.vertices()
    G = Z.graph()
    if colors is None:
        colors = chamber_colors(verts)
    edge_colors = edge_colors or example_colors(len(gens))
    from exactrelu.geometry.zonotope import edge_generators

    edges = [(p, q, edge_generators(data)) for p, q, data in G.edges(data=True)]

    visible = [True] * len(edges)  # 2-D, or a flat zonotope in R^3: no hidden edges
    if dim == 3:
        if elev is None or azim is None:
            elev, azim = best_view([(verts, edges)], elev, azim)
        if Z.rank() == 3:
            # an exact rational direction close to the float one decides visibility
            qview = tuple(Fraction(round(v * 10**6), 10**6) for v in view_direction(elev, azim))
            visible = edge_visibility(gens, edges, qview)
    project = projector(dim, elev, azim)

    xy = {p: project(v) for p, v in verts.items()}
    for (p, q, flipped), vis in zip(edges, visible):
        (x0, y0), (x1, y1) = xy[p], xy[q]
        colour = edge_colors[flipped[0]] if len(flipped) == 1 else "0.3"
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=colour,
            lw=2.0 if vis else 0.9,
            ls="-" if vis else (0, (3, 3)),
            alpha=1.0 if vis else 0.55,
            zorder=2 if vis else 1,
        )
    front: set[Pattern] = set()
    for (p, q, _), vis in zip(edges, visible):
        if vis:
            front.update((p, q))
    cx = sum(x for x, _ in xy.values()) / len(xy)
    cy = sum(y for _, y in xy.values()) / len(xy)
    for p, (x, y) in xy.items():
        is_front = p in front or dim == 2
        ax.scatter(
            [x],
            [y],
            s=70 if is_front else 45,
            c=[colors.get(p, (1, 1, 1))],
            edgecolors="k" if is_front else "0.5",
            linewidths=0.9,
            zorder=4 if is_front else 3,
        )
        if labels:
            dx, dy = x - cx, y - cy
            r = math.hypot(dx, dy) or 1.0
            ux, uy = dx / r, dy / r
            ha = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
            va = "bottom" if uy > 0.35 else "top" if uy < -0.35 else "center"
            ax.annotate(
                pattern_string(p),
                (x, y),
                xytext=(6 * ux, 6 * uy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                family="monospace",
                color="k" if is_front else "0.45",
                zorder=5,
            )
    ax.margins(0.08)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        title or f"zonotope $Z \\subset \\mathbb{{R}}^{dim}$: {len(verts)} vertices, {len(edges)} edges"
    )
    return ax


def figure1(
    path: str | PathLike[str] | None = "exactrelu_demo.png",
    X: MatrixLike | None = None,
    *,
    bias: bool = True,
    dpi: int = 150,
) -> Figure:
    """Compose the three panels of Figure 1 of Matena & Raffel (2022) into one PNG.

    Parameters
    ----------
    path : str or path-like, optional
        Where to write the PNG (``None``: do not write, just return the figure).
    X : table of numbers, shape (N, 2), optional
        Defaults to :func:`exactrelu.datasets.figure1_dataset` (our reconstruction).
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    from exactrelu.datasets import figure1_dataset
    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

    if X is None:
        X = figure1_dataset()
    A = HyperplaneArrangement.from_data(X, bias=bias)
    Z = Zonotope.from_data(X, bias=bias)
    n = A.n_hyperplanes()
    all_colors = chamber_colors(ch.pattern for ch in A.chambers())
    fig = new_figure((19.5, 6.8), dpi=dpi)
    axes = fig.subplots(1, 3, gridspec_kw=dict(width_ratios=[0.8, 1.1, 1.1]))
    plot_data(X, axes[0])
    if A.dimension == 3:
        shown = {tuple(1 if s > 0 else 0 for s in signs) for signs, _ in slice_chambers(A)}
        plot_arrangement_slice(A, axes[1], colors=all_colors)
    else:
        shown = set(all_colors)
        axes[1].set_axis_off()
        axes[1].text(
            0.5,
            0.5,
            f"(the arrangement lives in R^{A.dimension}:\nno 2-D slice drawn)",
            ha="center",
            va="center",
            transform=axes[1].transAxes,
        )
    plot_zonotope(Z, axes[2], colors={p: c for p, c in all_colors.items() if p in shown})
    fig.suptitle(
        f"{n} training examples, {A.n_regions()} activation regions (chambers) = {Z.n_vertices()} "
        "vertices of the zonotope; labels are activation patterns "
        "$a_i = [\\langle \\bar x_i, w\\rangle > 0]$, example 1 first.\n"
        "Colour of example $i$ = its line $H_i$ = the zonotope edges parallel to $\\bar x_i$.  "
        "Vertex circles are coloured like their chamber (white: the chamber does not meet the slice "
        "$w_3 = 1$; dashed: hidden edges).",
        fontsize=11,
    )
    fig.subplots_adjust(left=0.045, right=0.99, bottom=0.07, top=0.85, wspace=0.14)
    return save_figure(fig, path)
