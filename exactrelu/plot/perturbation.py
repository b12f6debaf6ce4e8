"""How the zonotope changes when the data move: Matena & Raffel (2022), section 4.1.1.

When the data are not in general position, a small perturbation X → X + εΔ can
change the combinatorial type of the zonotope Z = Σ_i [0, x̄_i]: a face that is not
a parallelepiped (e.g. the hexagon of three collinear points) breaks into
parallelepipeds, and vertices (activation regions) appear or vanish — which is how
the optimal loss can jump (:mod:`exactrelu.plot.discontinuity`).

* :func:`plot_type_change` — the zonotopes of X and of X + εΔ side by side, the
  vertices gained and lost ringed, optimal patterns starred, the moved data beside;
* :func:`plot_zonotope_path` — the zonotopes of X + εΔ for several ε (before / at /
  after a critical value) from one viewing direction.

Which vertices are gained and lost, and which faces are not parallelepipeds, is
decided exactly (rational arithmetic, :mod:`exactrelu.geometry.perturbation`); floats
are used only for drawing.  matplotlib is imported lazily
(:func:`exactrelu.plot.common.require_matplotlib`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from itertools import combinations
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_matrix, pattern_string, pattern_tuple, to_fraction
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, PatternLike, SignVector
from exactrelu.plot.common import attach_results, chamber_colors, example_colors, new_figure, save_figure
from exactrelu.plot.discontinuity import plot_loss_jump
from exactrelu.plot.geometry import plot_zonotope
from exactrelu.plot.view import Point2, Vector, best_view, convex_hull_2d, cross3, projector, view_direction

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from exactrelu.training.discontinuity import LossJump

__all__ = ["plot_type_change", "plot_zonotope_path"]

_GAINED_COLOUR = "#1a9850"  # vertices present after the perturbation only
_LOST_COLOUR = "#d7301f"  # vertices present before the perturbation only
_STAR_COLOUR = "#ffc20a"  # optimal activation patterns
_FACE_COLOUR = "#fdae6b"  # a face that is not a parallelepiped
_TILE_COLOUR = "#9ecae1"  # the parallelepipeds tiling such a face after the change


class _Panel:
    """The exact zonotope of one dataset along a path, with what is needed to draw it."""

    def __init__(self, vectors: Sequence[Sequence[Fraction | int]]) -> None:
        from exactrelu.geometry.zonotope import Zonotope, edge_generators

        self.vectors = vectors
        self.Z = Zonotope(vectors)
        self.dim = len(vectors[0])
        self.verts = self.Z.vertices()
        self.edges = [(p, q, edge_generators(d)) for p, q, d in self.Z.graph().edges(data=True)]
        self._faces: list[Any] | None = None

    @property
    def faces(self) -> list[Any]:
        if self._faces is None:
            self._faces = list(self.Z.faces())
        return self._faces

    def special_faces(self) -> list[tuple[int, SignVector]]:
        """Proper faces of dimension >= 1 with more generators than their dimension: (dim, covector)."""
        top = self.Z.rank()
        out = [
            (F.dimension, F.covector)
            for F in self.faces
            if 1 <= F.dimension < top and sum(1 for s in F.covector if s == 0) > F.dimension
        ]
        if 2 <= top < self.dim and len(self.vectors) > top:
            # a flat zonotope (e.g. a hexagon in R^3) is itself such a face of the space it lives in
            out.append((top, (0,) * len(self.vectors)))
        return out

    def tiles_of(self, dim: int, covector: SignVector) -> list[SignVector]:
        """The faces of this zonotope of dimension ``dim`` that lie where the face ``covector`` of another
        zonotope on the same labels lies: zero set inside its zero set, equal signs elsewhere."""
        zeros = {i for i, s in enumerate(covector) if s == 0}
        out = []
        for F in self.faces:
            if F.dimension != dim:
                continue
            if all(i in zeros or F.covector[i] == covector[i] for i in range(len(covector))) and all(
                F.covector[i] != 0 or i in zeros for i in range(len(covector))
            ):
                out.append(F.covector)
        return out

    def face_vertices(self, covector: SignVector) -> list[Pattern]:
        return [
            p
            for p in self.verts
            if all(s == 0 or p[i] == (1 if s > 0 else 0) for i, s in enumerate(covector))
        ]


def _collect_tiles(
    panel: _Panel, special: Iterable[tuple[int, SignVector]], elev: float | None, azim: float | None
) -> list[SignVector]:
    """The faces of ``panel`` tiling the faces ``special`` (dim, covector) of another panel.

    A flat zonotope (covector all zero) is seen tiled by the faces of the full one
    that face the viewer (the ones behind tile it too, from the other side)."""
    tiles = []
    for fdim, cov in special:
        for t in panel.tiles_of(fdim, cov):
            if t in tiles:
                continue
            if not any(cov) and not _faces_viewer(panel, t, elev, azim):
                continue
            tiles.append(t)
    return tiles


def _faces_viewer(panel: _Panel, covector: SignVector, elev: float | None, azim: float | None) -> bool:
    """Whether a 2-face of a 3-D zonotope faces the viewer (its outward normal points towards the viewer)."""
    if panel.dim != 3 or not any(covector):
        return True
    zeros = [panel.vectors[i] for i, s in enumerate(covector) if s == 0]
    u = None
    for g, h in combinations(zeros, 2):
        c = cross3(g, h)
        if any(c):
            u = c
            break
    if u is None:
        return True
    for i, s in enumerate(covector):
        if s:
            t = dot(panel.vectors[i], u)
            if t:
                if (t > 0) != (s > 0):
                    u = tuple(-x for x in u)
                break
    assert elev is not None and azim is not None  # a 3-D panel is drawn from a view
    return dot([float(x) for x in u], view_direction(elev, azim)) > 0


def _shade_face(
    ax: Axes,
    panel: _Panel,
    covector: SignVector,
    project: Callable[[Vector], Point2],
    colour: str,
    *,
    front: bool = True,
    gid: str | None = None,
    label: str | None = None,
) -> None:
    pts = [project(panel.verts[p]) for p in panel.face_vertices(covector)]
    hull = convex_hull_2d(pts)
    if len(hull) >= 3:
        ax.fill(
            [p[0] for p in hull],
            [p[1] for p in hull],
            color=colour,
            alpha=0.55 if front else 0.2,
            lw=1.2,
            ec=colour,
            zorder=0.5,
            gid=gid,
            label=label,
        )
    elif len(hull) == 2:
        ax.plot(
            [hull[0][0], hull[1][0]],
            [hull[0][1], hull[1][1]],
            color=colour,
            lw=9,
            alpha=0.55,
            solid_capstyle="round",
            zorder=0.5,
            gid=gid,
            label=label,
        )


def _draw_panel(
    ax: Axes,
    panel: _Panel,
    *,
    elev: float | None,
    azim: float | None,
    colors: dict[Pattern, Any],
    edge_colors: list[str],
    title: str,
    ring: Iterable[Pattern] = (),
    ring_colour: str | None = None,
    ring_gid: str | None = None,
    stars: Iterable[Pattern] = (),
    shade: Iterable[SignVector] = (),
    tiles: Iterable[SignVector] = (),
    fontsize: float = 7,
) -> Callable[[Vector], Point2]:
    """plot_zonotope plus rings, stars and shaded faces; returns the projection used."""
    plot_zonotope(
        panel.Z,
        ax,
        colors=colors,
        edge_colors=edge_colors,
        title=title,
        elev=elev,
        azim=azim,
        fontsize=fontsize,
    )
    project = projector(panel.dim, elev, azim)
    for faces, colour, gid in (
        (shade, _FACE_COLOUR, "exactrelu-special-face"),
        (tiles, _TILE_COLOUR, "exactrelu-tile"),
    ):
        for cov in faces:
            front = _faces_viewer(panel, cov, elev, azim)
            _shade_face(ax, panel, cov, project, colour, front=front, gid=gid)
    ring = [p for p in sorted(ring) if p in panel.verts]
    stars = [p for p in sorted(stars) if p in panel.verts]
    _mark(
        ax,
        panel,
        project,
        ring,
        s=340,
        facecolors="none",
        edgecolors=ring_colour,
        linewidths=2.8,
        zorder=6,
        gid=ring_gid,
    )
    _mark(
        ax,
        panel,
        project,
        stars,
        s=300,
        marker="*",
        c=_STAR_COLOUR,
        edgecolors="k",
        linewidths=0.9,
        zorder=7,
        gid="exactrelu-optimal",
    )
    # move the labels of marked vertices out from under the ring / star
    marked = {pattern_string(p) for p in list(ring) + list(stars)}
    for t in ax.texts:
        if t.get_text() in marked and hasattr(t, "xyann"):
            dx, dy = t.xyann
            t.xyann = (2.7 * dx, 2.7 * dy)
            t.set_zorder(8)
            t.set_bbox(dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    return project


def _mark(
    ax: Axes, panel: _Panel, project: Callable[[Vector], Point2], patterns: Sequence[Pattern], **style: Any
) -> None:
    """Markers (``style`` as for ``Axes.scatter``) on the vertices ``patterns`` of the panel."""
    if patterns:
        xy = [project(panel.verts[p]) for p in patterns]
        ax.scatter([q[0] for q in xy], [q[1] for q in xy], **style)


def _ring_handle(colour: str, label: str) -> Artist:
    """A legend entry for ringed vertices."""
    from matplotlib.lines import Line2D

    return Line2D([], [], ls="", marker="o", ms=15, mfc="none", mec=colour, mew=2.5, label=label)


def _hidden_edge_handle() -> Artist:
    """A legend entry for the dashed hidden edges of a 3-D zonotope."""
    from matplotlib.lines import Line2D

    return Line2D([], [], color="0.4", lw=0.9, ls=(0, (3, 3)), label="hidden edge")


def _common_limits(axes_xy: Sequence[Sequence[Point2]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Give several panels the same data window (drawing only)."""
    xs = [x for xy in axes_xy for x, _ in xy]
    ys = [y for xy in axes_xy for _, y in xy]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    pad = 0.16 * span
    return (min(xs) - pad, max(xs) + pad), (min(ys) - pad, max(ys) + pad)


def _plot_moved_data(
    ax: Axes, X0: Sequence[Sequence[Fraction]], X1: Sequence[Sequence[Fraction]], title: str | None = None
) -> None:
    """Points before (hollow) and after (filled), arrows for the points that move."""
    d = len(X0[0])
    cols = example_colors(len(X0))
    to2 = (lambda r: (float(r[0]), float(r[1]))) if d == 2 else (lambda r: (float(r[0]), 0.0))
    P0, P1 = [to2(r) for r in X0], [to2(r) for r in X1]
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    moved = [i for i in range(len(X0)) if tuple(X0[i]) != tuple(X1[i])]
    ax.scatter(
        [p[0] for p in P0],
        [p[1] for p in P0],
        s=70,
        facecolors="white",
        edgecolors=cols,
        linewidths=1.6,
        zorder=3,
        label="$x_i$ (before)",
    )
    ax.scatter(
        [P1[i][0] for i in moved],
        [P1[i][1] for i in moved],
        s=70,
        c=[cols[i] for i in moved],
        edgecolors="k",
        linewidths=0.8,
        zorder=4,
        label="$x_i + \\varepsilon\\Delta_i$ (after)",
    )
    for i in moved:
        ax.annotate(
            "",
            xy=P1[i],
            xytext=P0[i],
            zorder=2,
            arrowprops=dict(arrowstyle="-|>", color="0.25", lw=1.2, shrinkA=4, shrinkB=4),
        )
    seen: dict[Point2, int] = {}
    for i, p in enumerate(P0):
        k = seen.get(p, 0)
        seen[p] = k + 1
        ax.annotate(
            f"$x_{{{i + 1}}}$",
            p,
            xytext=(7, 6 + 12 * k),
            textcoords="offset points",
            fontsize=11,
            color=cols[i],
            zorder=5,
        )
    allp = P0 + P1 + [(0.0, 0.0)]
    lo_x, hi_x = min(p[0] for p in allp), max(p[0] for p in allp)
    lo_y, hi_y = min(p[1] for p in allp), max(p[1] for p in allp)
    half = max(hi_x - lo_x, hi_y - lo_y, 1.0) * 0.72
    cx, cy = (hi_x + lo_x) / 2, (hi_y + lo_y) / 2
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, color="0.93")
    ax.tick_params(labelsize=8)
    if d == 1:
        ax.set_yticks([])
    ax.legend(loc="best", fontsize=7.5, framealpha=0.9)
    ax.set_title(title or "data: moved points", fontsize=10)


def plot_type_change(
    X: MatrixLike,
    Delta: MatrixLike,
    eps: NumberLike,
    *,
    bias: bool = True,
    path: str | PathLike[str] | None = None,
    highlight_optimal: Iterable[PatternLike] | None = None,
    titles: Sequence[str | None] | None = None,
    dpi: int = 150,
    loss_jump: LossJump | None = None,
    suptitle: str | None = None,
) -> Figure:
    """The zonotope of X and of X + εΔ side by side, with the vertices gained and lost.

    Illustrates Matena & Raffel (2022), section 4.1.1: when the data are not in
    general position, a small perturbation can change the combinatorial type of
    the zonotope Z = Σ_i [0, x̄_i] — a non-parallelepiped face (e.g. the hexagon
    of three collinear points) breaks into parallelepipeds and new vertices
    (new activation regions) appear — which is how the optimal loss can jump.

    Which vertices are gained and lost, and which faces are not parallelepipeds,
    is decided exactly (rational arithmetic); floats are used only for drawing.
    Both zonotopes are drawn from the same viewing direction and in the same
    window, with the same colour for the same activation pattern.

    Parameters
    ----------
    X : table of numbers, shape (N, d)
        The data; with ``bias`` the zonotope lives in R^(d+1), without in R^d,
        and that dimension must be 2 or 3.
    Delta : table of numbers, shape (N, d)
        The direction of the perturbation.
    eps : exact number
        The step: the right panel shows X + εΔ.
    bias : bool
    path : str or path-like, optional
        Write a PNG there.
    highlight_optimal : iterable of activation patterns, optional
        Patterns (tuples of 0/1 or bit strings, example 1 first) drawn with a
        star on every panel where they are vertices, e.g. the optimal regions.
    titles : sequence of up to three str, optional
        Titles of the before, after and data panels (``None`` entries: default).
    dpi : int
    loss_jump : LossJump, optional
        Adds the panel of :func:`plot_loss_jump` under the data panel.
    suptitle : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        With attributes ``exactrelu_gained``, ``exactrelu_lost`` (sorted tuples
        of patterns), ``exactrelu_optimal`` (the highlighted patterns),
        ``exactrelu_special_faces`` (covectors of the shaded non-parallelepiped
        faces before) and ``exactrelu_eps``.  The ring artists have the gids
        ``"exactrelu-gained"`` / ``"exactrelu-lost"``, the stars ``"exactrelu-optimal"``.

    Raises
    ------
    InvalidDataError
        Delta not of the shape of X, bad numbers, bad patterns.
    DegenerateInputError
        The zonotope does not live in R^2 or R^3.

    Examples
    --------
    >>> fig = plot_type_change([[-1, 0], [0, 0], [1, 0], [0, 2]], [[0, 0], [0, -1], [0, 0], [0, 0]],
    ...                        Fraction(1, 2))
    >>> fig.exactrelu_gained, fig.exactrelu_lost
    (((0, 1, 0, 0), (1, 0, 1, 1)), ())
    """
    from exactrelu.geometry.combinatorial_type import vectors_of
    from exactrelu.geometry.perturbation import perturbed

    X0 = exact_matrix(X, name="data")
    eps = to_fraction(eps, where="epsilon")
    X1 = perturbed(X0, Delta, eps)  # InvalidDataError on a wrong shape
    V0, V1 = vectors_of(X0, bias=bias), vectors_of(X1, bias=bias)
    dim = len(V0[0])
    if dim not in (2, 3):
        raise DegenerateInputError(
            f"plot_type_change draws zonotopes in R^2 or R^3; with{'' if bias else 'out'} a bias these data "
            f"give R^{dim} (use 1-D or 2-D data with a bias, 2-D or 3-D data without)"
        )
    n = len(V0)
    stars = {pattern_tuple(p, n, name="highlight_optimal") for p in highlight_optimal or ()}
    titles = list(titles or ()) + [None] * 3
    before, after = _Panel(V0), _Panel(V1)
    gained = tuple(sorted(set(after.verts) - set(before.verts)))
    lost = tuple(sorted(set(before.verts) - set(after.verts)))
    special = before.special_faces()
    elev: float | None = None
    azim: float | None = None
    if dim == 3:
        elev, azim = best_view([(before.verts, before.edges), (after.verts, after.edges)])
    tiles = _collect_tiles(after, special, elev, azim)
    colours = chamber_colors(set(before.verts) | set(after.verts))
    edge_colors = example_colors(n)

    fig = new_figure((17.5, 7.6), dpi=dpi)
    gs = fig.add_gridspec(2, 3, width_ratios=[1.0, 1.0, 0.62], height_ratios=[1, 1])
    ax0, ax1 = fig.add_subplot(gs[:, 0]), fig.add_subplot(gs[:, 1])
    if loss_jump is not None:
        ax2, ax3 = fig.add_subplot(gs[0, 2]), fig.add_subplot(gs[1, 2])
    else:
        ax2, ax3 = fig.add_subplot(gs[:, 2]), None
    es = str(eps)
    pr0 = _draw_panel(
        ax0,
        before,
        elev=elev,
        azim=azim,
        colors=colours,
        edge_colors=edge_colors,
        title=titles[0] or f"before: $Z(X)$, {len(before.verts)} vertices",
        ring=lost,
        ring_colour=_LOST_COLOUR,
        ring_gid="exactrelu-lost",
        stars=stars,
        shade=[c for _, c in special],
    )
    pr1 = _draw_panel(
        ax1,
        after,
        elev=elev,
        azim=azim,
        colors=colours,
        edge_colors=edge_colors,
        title=titles[1]
        or f"after: $Z(X + \\varepsilon\\Delta)$, $\\varepsilon = {es}$, {len(after.verts)} vertices",
        ring=gained,
        ring_colour=_GAINED_COLOUR,
        ring_gid="exactrelu-gained",
        stars=stars,
        tiles=tiles,
    )
    (xl, yl) = _common_limits(
        [[pr0(v) for v in before.verts.values()], [pr1(v) for v in after.verts.values()]]
    )
    for ax in (ax0, ax1):
        ax.set_xlim(*xl)
        ax.set_ylim(*yl)
        ax.set_aspect("equal", adjustable="box")
        ax.title.set_fontsize(12)
    _plot_moved_data(
        ax2,
        X0,
        X1,
        titles[2]
        or f"data: $X \\to X + \\varepsilon\\Delta$, $\\varepsilon = {es}$" + ("" if bias else " (no bias)"),
    )
    if ax3 is not None and loss_jump is not None:
        plot_loss_jump(loss_jump, ax=ax3)

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    if lost:
        handles.append(
            _ring_handle(
                _LOST_COLOUR, f"lost: vertex before only ({', '.join(pattern_string(p) for p in lost)})"
            )
        )
    if gained:
        handles.append(
            _ring_handle(
                _GAINED_COLOUR, f"gained: vertex after only ({', '.join(pattern_string(p) for p in gained)})"
            )
        )
    if stars:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="*",
                ms=16,
                mfc=_STAR_COLOUR,
                mec="k",
                label=f"optimal ({', '.join(pattern_string(p) for p in sorted(stars))})",
            )
        )
    if special:
        many = len(special) > 1
        handles.append(
            Patch(
                fc=_FACE_COLOUR,
                ec=_FACE_COLOUR,
                alpha=0.6,
                label=f"{len(special) if many else 'a'} face{'s' if many else ''} that "
                f"{'are' if many else 'is'} not a parallelepiped (before)",
            )
        )
    if tiles:
        handles.append(
            Patch(
                fc=_TILE_COLOUR,
                ec=_TILE_COLOUR,
                alpha=0.8,
                label=f"the {len(tiles)} parallelepiped faces tiling "
                f"{'them' if len(special) > 1 else 'it'} (after)",
            )
        )
    if dim == 3:
        handles.append(_hidden_edge_handle())
    if not gained and not lost:
        handles.append(Line2D([], [], ls="", label="same vertices before and after"))
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 3),
        fontsize=10,
        frameon=True,
        bbox_to_anchor=(0.5, 0.0),
    )
    suptitle = suptitle or (
        "Type change of the zonotope $Z = \\sum_i [0, \\bar x_i]$ under $X \\to X + "
        "\\varepsilon\\Delta$ (Matena & Raffel 2022, sec. 4.1.1); vertex labels are activation "
        "patterns, example 1 first"
    )
    n_lines = suptitle.count("\n") + 1
    fig.suptitle(suptitle, fontsize=12)
    fig.subplots_adjust(
        left=0.02,
        right=0.985,
        top=0.93 - 0.035 * n_lines,
        bottom=0.17 if len(handles) > 3 else 0.12,
        wspace=0.12,
        hspace=0.42,
    )
    attach_results(
        fig,
        gained=gained,
        lost=lost,
        optimal=tuple(sorted(stars)),
        special_faces=tuple(c for _, c in special),
        eps=eps,
    )
    return save_figure(fig, path)


def plot_zonotope_path(
    X: MatrixLike,
    Delta: MatrixLike,
    eps_values: Sequence[NumberLike],
    *,
    bias: bool = True,
    path: str | PathLike[str] | None = None,
    reference: int | None = None,
    titles: Sequence[str | None] | None = None,
    dpi: int = 150,
    suptitle: str | None = None,
) -> Figure:
    """Zonotopes of X + εΔ for several ε (e.g. before / at / after a critical value), one common view.

    Matena & Raffel (2022), section 4.1.1: at a critical ε of the path an affine
    dependency holds and a face of the zonotope is not a parallelepiped; on
    either side it is tiled by parallelepipeds, and vertices appear or vanish.
    The panel ``reference`` (default: the middle one) shades its
    non-parallelepiped faces; the other panels shade the faces tiling them and
    ring the vertices absent from the reference panel (red before it, green
    after it).  All decisions are exact; floats only draw.

    Parameters
    ----------
    X, Delta : tables of numbers, shape (N, d)
    eps_values : sequence of exact numbers
    bias : bool
    path : str or path-like, optional
    reference : int, optional
        Index into ``eps_values``.
    titles : sequence of str, optional
    dpi : int
    suptitle : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        With ``exactrelu_rings``: for each panel the sorted tuple of ringed patterns,
        and ``exactrelu_special_faces`` (covectors shaded on the reference panel).

    Examples
    --------
    >>> X, Delta = [[-1, 0], [0, -1], [1, 0], [0, 2]], [[0, 0], [0, 1], [0, 0], [0, 0]]
    >>> fig = plot_zonotope_path(X, Delta, [0, 1, 2])
    >>> fig.exactrelu_rings
    (((0, 1, 0, 0), (1, 0, 1, 1)), (), ((0, 1, 0, 1), (1, 0, 1, 0)))
    """
    from exactrelu.geometry.combinatorial_type import vectors_of
    from exactrelu.geometry.perturbation import perturbed

    X0 = exact_matrix(X, name="data")
    eps_values = [to_fraction(e, where="epsilon") for e in eps_values]
    if not eps_values:
        raise InvalidDataError("eps_values must not be empty")
    panels = [_Panel(vectors_of(perturbed(X0, Delta, e), bias=bias)) for e in eps_values]
    dim = panels[0].dim
    if dim not in (2, 3):
        raise DegenerateInputError(f"plot_zonotope_path draws zonotopes in R^2 or R^3, not R^{dim}")
    k = len(panels)
    ref = (k // 2) if reference is None else reference
    if not 0 <= ref < k:
        raise InvalidDataError(f"reference must index eps_values (0..{k - 1}), got {reference}")
    special = panels[ref].special_faces()
    titles = list(titles or ()) + [None] * k
    elev: float | None = None
    azim: float | None = None
    if dim == 3:
        elev, azim = best_view([(P.verts, P.edges) for P in panels])
    colours = chamber_colors(set().union(*(P.verts for P in panels)))
    edge_colors = example_colors(len(X0))
    fig = new_figure((6.2 * k, 6.0), dpi=dpi)
    axes = fig.subplots(1, k)
    axes = list(axes) if k > 1 else [axes]
    rings, projected = [], []
    for j, (ax, P, e) in enumerate(zip(axes, panels, eps_values)):
        ring = tuple(sorted(set(P.verts) - set(panels[ref].verts))) if j != ref else ()
        tiles = _collect_tiles(P, special, elev, azim) if j != ref else []
        n_special = len(P.special_faces())
        default = f"$\\varepsilon = {e}$: {len(P.verts)} vertices" + (
            f", {n_special} non-parallelepiped faces" if n_special else ""
        )
        pr = _draw_panel(
            ax,
            P,
            elev=elev,
            azim=azim,
            colors=colours,
            edge_colors=edge_colors,
            title=titles[j] or default,
            ring=ring,
            ring_colour=_LOST_COLOUR if j < ref else _GAINED_COLOUR,
            ring_gid="exactrelu-lost" if j < ref else "exactrelu-gained",
            shade=[c for _, c in special] if j == ref else (),
            tiles=tiles,
        )
        rings.append(ring)
        projected.append([pr(v) for v in P.verts.values()])
    xl, yl = _common_limits(projected)
    for ax in axes:
        ax.set_xlim(*xl)
        ax.set_ylim(*yl)
        ax.set_aspect("equal", adjustable="box")
        ax.title.set_fontsize(12)

    from matplotlib.patches import Patch

    handles: list[Artist] = [
        _ring_handle(_LOST_COLOUR, "vertex missing at the reference ε (panels before it)"),
        _ring_handle(_GAINED_COLOUR, "vertex missing at the reference ε (panels after it)"),
        Patch(fc=_FACE_COLOUR, ec=_FACE_COLOUR, alpha=0.6, label="face that is not a parallelepiped"),
        Patch(fc=_TILE_COLOUR, ec=_TILE_COLOUR, alpha=0.8, label="faces tiling it"),
    ]
    if dim == 3:
        handles.append(_hidden_edge_handle())
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=10, bbox_to_anchor=(0.5, 0.0))
    suptitle = suptitle or (
        "Zonotope of $X + \\varepsilon\\Delta$ along the path (Matena & Raffel 2022, "
        "sec. 4.1.1); vertex labels are activation patterns, example 1 first"
    )
    fig.suptitle(suptitle, fontsize=12)
    fig.subplots_adjust(
        left=0.02, right=0.98, top=0.92 - 0.045 * (suptitle.count("\n") + 1), bottom=0.1, wspace=0.08
    )
    attach_results(fig, rings=tuple(rings), special_faces=tuple(c for _, c in special))
    return save_figure(fig, path)
