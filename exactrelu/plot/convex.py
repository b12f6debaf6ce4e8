"""The convex reformulation in the neuron plane (d = 2): Figure 3 of Wang, Lacotte & Pilanci (2022).

Wang, Lacotte & Pilanci (ICLR 2022, "The hidden convex optimization landscape of
regularized two-layer ReLU networks"), Example 1 and Appendix A, Figure 3: for data
in R^2 (no bias), a neuron (u, α) is drawn as the point α u of the plane.  The optimal
set of the non-convex loss consists of the splittings of the optimal convex blocks
(Wang, Lacotte & Pilanci 2022, Theorem 1), so the points α_i u_i of a globally optimal
network lie on the segments [0, w_b*] of the non-zero blocks (their eq. (11)).  Our
worked version of Example 1: docs/reconstructions.md, 'Wang, Lacotte & Pilanci 2022:
programs and Example 1'.

* :func:`chamber_arcs` — the chambers (dichotomy cones) of the arrangement of the
  rows x_k of X, as circular arcs of directions; decided **exactly** (the
  boundary rays ±(−x_k2, x_k1) are rational and sorted by exact comparisons,
  and each chamber is identified by the exact pattern of a rational interior
  direction).
* :func:`plot_neuron_plane` — the chamber cones as light sectors (the cone of the
  optimum highlighted), the segment [0, w*], w* itself and the points α_i u_i of
  one or several (e.g. gradient-descent) runs.
* :func:`plot_path` — a regularisation path of Mishkin & Pilanci (2023)
  (:func:`exactrelu.convex.regularisation_path.regularisation_path`; our reconstruction,
  docs/reconstructions.md, 'Mishkin & Pilanci 2023: minimum-norm solution and
  regularisation path'): the norm ‖w_b‖ of every block of the min-norm optimum
  against β (any d).

Conventions (those of :mod:`exactrelu.convex.dichotomies`): rows of X are samples, the
cone of dichotomy D_i is C_i = {u : (2D_i − I) X u ≥ 0}; a network's point α u is
its *product* p = |α| u up to the sign of α (only positive neurons appear in
Example 1; a negative neuron is drawn at s·p = α u).  Floats are used only for
drawing.

matplotlib is imported lazily (:func:`exactrelu.plot.common.require_matplotlib`); figures are
:class:`matplotlib.figure.Figure` objects rendered with the Agg canvas, and no
pyplot state is touched.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import cmp_to_key
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_vector, pattern_string
from exactrelu.exact.types import VectorLike
from exactrelu.plot.common import chamber_colors, figure_of, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["chamber_arcs", "plot_neuron_plane", "plot_path"]

_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">"]
_RUN_COLORS = [
    "tab:blue",
    "tab:orange",
    "tab:green",
    "tab:purple",
    "tab:brown",
    "tab:pink",
    "tab:olive",
    "tab:cyan",
]


def _check_plane(patterns: PatternSet, what: str) -> None:
    d = patterns.d if hasattr(patterns, "d") else len(patterns.X[0])
    if d != 2:
        extra = " (the bias column counts)" if getattr(patterns, "bias", False) else ""
        raise InvalidDataError(f"{what} draws the neuron plane: it needs d = 2, got d = {d}{extra}")


def _vec2(v: VectorLike, what: str) -> list[float]:
    """A point of the plane as floats (for drawing), read by the toolkit's exact vector parser."""
    return [float(t) for t in exact_vector(v, 2, name=what)]


def _half(v: Sequence[Fraction]) -> int:
    """0 for directions with angle in [0, π), 1 for [π, 2π) (exact)."""
    return 0 if (v[1] > 0 or (v[1] == 0 and v[0] > 0)) else 1


def _cmp_angle(a: Sequence[Fraction], b: Sequence[Fraction]) -> int:
    ha, hb = _half(a), _half(b)
    if ha != hb:
        return ha - hb
    cross = a[0] * b[1] - a[1] * b[0]
    return -1 if cross > 0 else (1 if cross < 0 else 0)


def _angle(v: Sequence[Fraction]) -> float:
    return math.atan2(float(v[1]), float(v[0])) % (2 * math.pi)


def chamber_arcs(patterns: PatternSet | SampledPatterns) -> list[dict[str, Any]]:
    """The full-dimensional cones of a d = 2 pattern set as arcs of directions (exact).

    The boundary rays of every chamber are among the 2n' rational directions
    ±(−x_k2, x_k1) (x_k the non-zero rows of X).  They are sorted counter-clockwise
    by exact comparisons; the open arc between two consecutive rays a, b is one
    chamber, identified by the exact pattern of the rational interior direction
    a + b (or the rotation of a by +90° when the arc is a half-plane).

    Parameters
    ----------
    patterns : PatternSet with d = 2 (kind "dichotomies", "sampled" or "trichotomies")

    Returns
    -------
    list of dict
        One per chamber, counter-clockwise from angle 0: ``index`` (position of its
        pattern in ``patterns``, or None if the set lacks it, e.g. a sampled set),
        ``pattern`` (0/1 tuple, or the covector for a trichotomy set), ``start`` and
        ``end`` (boundary rays, exact rational 2-vectors; None for the whole plane),
        ``theta1``/``theta2`` (their angles in radians, θ2 > θ1) and ``interior``
        (the exact interior direction).

    Raises
    ------
    InvalidDataError
        Not a pattern set, or d ≠ 2.

    Examples
    --------
    >>> from exactrelu.convex.dichotomies import dichotomies
    >>> arcs = chamber_arcs(dichotomies([[1, 0], [0, 1], [1, 1]]))
    >>> ["".join(map(str, a["pattern"])) for a in arcs]
    ['111', '011', '010', '000', '100', '101']
    """
    ps = as_pattern_set(patterns)
    _check_plane(ps, "chamber_arcs")
    X = [tuple(Fraction(t) for t in row) for row in ps.X]
    trich = ps.kind == "trichotomies"

    def pattern_of(u):
        z = [x[0] * u[0] + x[1] * u[1] for x in X]
        if trich:
            return tuple((t > 0) - (t < 0) for t in z)
        return tuple(int(t > 0) for t in z)

    def lookup(pat):
        try:
            return ps.patterns.index(pat)
        except ValueError:
            return None

    rays: list[tuple[Fraction, Fraction]] = []
    for x in X:
        if x[0] == 0 and x[1] == 0:
            continue
        for r in ((-x[1], x[0]), (x[1], -x[0])):
            if not any(_cmp_angle(r, q) == 0 for q in rays):
                rays.append(r)
    if not rays:  # no non-zero row: one chamber, the whole plane
        u = (Fraction(1), Fraction(0))
        pat = pattern_of(u)
        return [
            {
                "index": lookup(pat),
                "pattern": pat,
                "start": None,
                "end": None,
                "theta1": 0.0,
                "theta2": 2 * math.pi,
                "interior": u,
            }
        ]
    rays.sort(key=cmp_to_key(_cmp_angle))
    out = []
    for k, a in enumerate(rays):
        b = rays[(k + 1) % len(rays)]
        cross = a[0] * b[1] - a[1] * b[0]
        u = (a[0] + b[0], a[1] + b[1]) if cross > 0 else (-a[1], a[0])  # cross ≤ 0: the arc is a half-plane
        pat = pattern_of(u)
        t1, t2 = _angle(a), _angle(b)
        if t2 <= t1:
            t2 += 2 * math.pi
        out.append(
            {
                "index": lookup(pat),
                "pattern": pat,
                "start": a,
                "end": b,
                "theta1": t1,
                "theta2": t2,
                "interior": u,
            }
        )
    return out


def _runs(
    points_by_run: Mapping[Any, Sequence[VectorLike]] | Sequence[Sequence[VectorLike]],
) -> list[tuple[str, list[list[float]]]]:
    if isinstance(points_by_run, dict):
        items = list(points_by_run.items())
    else:
        items = [(f"run {k + 1}", pts) for k, pts in enumerate(points_by_run)]
    out = []
    for label, pts in items:
        if hasattr(pts, "tolist"):
            pts = pts.tolist()
        out.append((str(label), [_vec2(p, f"point of {label}") for p in pts]))
    return out


def plot_neuron_plane(
    patterns: PatternSet | SampledPatterns,
    points_by_run: Mapping[Any, Sequence[VectorLike]] | Sequence[Sequence[VectorLike]],
    w_star: VectorLike,
    ax: Axes | None = None,
    *,
    highlight: int | Sequence[int] | None = None,
    title: str | None = None,
    path: str | PathLike[str] | None = None,
    label_cones: bool = True,
    dpi: int = 150,
) -> Axes:
    """Figure 3 of Wang, Lacotte & Pilanci (2022): points α_i u_i of networks and the optimal block w*.

    Draws, for a data set in R^2 (d = 2, no bias):

    * every chamber cone C_i of ``patterns`` as a light sector labelled ``D<i+1> <pattern>``
      (the arcs come from :func:`chamber_arcs`, decided exactly), the cone of the
      optimum highlighted, and the lines x_k·u = 0 as thin grey lines;
    * the segment [0, w*] (dashed black) and w* (black star): by Wang, Lacotte & Pilanci
      (2022), Theorem 1 and eq. (11), a globally optimal network has all its points
      α_i u_i on this segment when the optimum has the single block w*;
    * the points α_i u_i of each run, one marker and colour per run.

    Parameters
    ----------
    patterns : PatternSet (or SampledPatterns) with d = 2
    points_by_run : dict label -> sequence of 2-vectors, or a list of such sequences
        The points α_i u_i (floats or exact numbers) of each run.
    w_star : 2-vector
        The non-zero optimal convex block (e.g. w_5* of Example 1).
    ax : matplotlib Axes, optional
        Drawn into a new figure if omitted.
    highlight : int or pattern tuple, optional
        The cone to highlight; default: the chamber whose open arc contains w*
        (sign pattern of X w*), if any.
    title : str, optional
    path : str or path-like, optional
        Save the figure there.
    label_cones : bool
        Write ``D<i> <pattern>`` in every sector.

    Returns
    -------
    matplotlib Axes
        Artists carry gids: ``'cone:<pattern>'`` (sectors), ``'segment'``, ``'w_star'``,
        ``'run:<label>'`` (the scatter of each run).

    Raises
    ------
    InvalidDataError
        Not a pattern set, d ≠ 2, malformed points or w*.
    """
    ps = as_pattern_set(patterns)
    _check_plane(ps, "plot_neuron_plane")
    w = _vec2(w_star, "w_star")
    runs = _runs(points_by_run)
    arcs = chamber_arcs(ps)
    if highlight is None:
        ws = (Fraction(w[0]), Fraction(w[1]))
        z = [x[0] * ws[0] + x[1] * ws[1] for x in ((Fraction(a), Fraction(b)) for a, b in ps.X)]
        # the pattern of w*; only a chamber (an arc) is ever highlighted
        hi_pat = (
            tuple((t > 0) - (t < 0) for t in z) if ps.kind == "trichotomies" else tuple(int(t > 0) for t in z)
        )
    elif isinstance(highlight, int):
        if not 0 <= highlight < len(ps.patterns):
            raise InvalidDataError(f"highlight index {highlight} out of range (0..{len(ps.patterns) - 1})")
        hi_pat = tuple(ps.patterns[highlight])
    else:
        hi_pat = tuple(highlight)

    if ax is None:
        ax = new_figure((6.4, 6.0), dpi=dpi, layout="constrained").add_subplot(1, 1, 1)
    from matplotlib.patches import Wedge

    # view: w*, every point and a square around the origin (where all the cones meet), with a margin
    size = max([math.hypot(*w)] + [math.hypot(*p) for _, pts in runs for p in pts] + [1e-9])
    rho = 0.3 * size
    xs = [-rho, rho, w[0]] + [p[0] for _, pts in runs for p in pts]
    ys = [-rho, rho, w[1]] + [p[1] for _, pts in runs for p in pts]
    half = 0.56 * max(max(xs) - min(xs), max(ys) - min(ys))
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    big = 10 * (abs(cx) + abs(cy) + half)

    cols = chamber_colors([a["pattern"] for a in arcs])
    for a in arcs:
        hi = hi_pat is not None and a["pattern"] == hi_pat
        name = pattern_string(a["pattern"], signs=any(t < 0 for t in a["pattern"]))
        wedge = Wedge(
            (0, 0),
            big,
            math.degrees(a["theta1"]),
            math.degrees(a["theta2"]),
            facecolor=cols[a["pattern"]],
            alpha=0.45 if hi else 0.2,
            edgecolor="crimson" if hi else "none",
            lw=1.6 if hi else 0,
            zorder=0,
        )
        wedge.set_gid(f"cone:{name}")
        ax.add_patch(wedge)
        if label_cones:
            mid = (a["theta1"] + a["theta2"]) / 2
            # on the arc's bisector: near the origin (inside the view by construction), the optimum's
            # cone further out where it has room
            r = _ray_in_box(mid, cx, cy, half * 0.9) if hi else 0.2 * size
            if r is not None:
                tag = (f"D{a['index'] + 1} " if a["index"] is not None else "") + name
                ax.text(
                    r * math.cos(mid),
                    r * math.sin(mid),
                    tag,
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="crimson" if hi else "0.35",
                    fontweight="bold" if hi else "normal",
                    zorder=1,
                )
    for x in ps.X:
        xf = (float(x[0]), float(x[1]))
        if xf == (0.0, 0.0):
            continue
        nrm = math.hypot(*xf)
        ax.plot(
            [big * xf[1] / nrm, -big * xf[1] / nrm],
            [-big * xf[0] / nrm, big * xf[0] / nrm],
            color="0.7",
            lw=0.7,
            zorder=1,
        )

    (seg,) = ax.plot([0, w[0]], [0, w[1]], ls="--", color="black", lw=1.2, zorder=2, label="segment [0, w*]")
    seg.set_gid("segment")
    ax.scatter([0], [0], marker="+", color="black", s=60, zorder=3)
    star = ax.scatter(
        [w[0]],
        [w[1]],
        marker="*",
        s=260,
        color="gold",
        edgecolors="black",
        linewidths=1.0,
        zorder=5,
        label=f"w* = ({w[0]:.2f}, {w[1]:.2f})",
    )
    star.set_gid("w_star")
    for k, (label, pts) in enumerate(runs):
        if not pts:
            continue
        sc = ax.scatter(
            [p[0] for p in pts],
            [p[1] for p in pts],
            marker=_MARKERS[k % len(_MARKERS)],
            s=46 if k == 0 else 40,
            facecolors="none" if k % 2 else _RUN_COLORS[k % len(_RUN_COLORS)],
            edgecolors=_RUN_COLORS[k % len(_RUN_COLORS)],
            linewidths=1.3,
            zorder=4 + k % 2,
            label=f"{label}: points $\\alpha_i u_i$",
        )
        sc.set_gid(f"run:{label}")

    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$u^{(1)}$")
    ax.set_ylabel("$u^{(2)}$")
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    if title is not None:
        ax.set_title(title, fontsize=10)
    if path is not None:
        save_figure(figure_of(ax), path)
    return ax


def _ray_in_box(theta: float, cx: float, cy: float, half: float) -> float | None:
    """A radius r > 0 at which the point r(cos θ, sin θ) lies well inside the square view, or None."""
    c, s = math.cos(theta), math.sin(theta)
    lo, hi = 0.0, math.inf
    for d, centre in ((c, cx), (s, cy)):
        if abs(d) < 1e-12:
            if abs(centre) > half:
                return None
            continue
        a, b = (centre - half) / d, (centre + half) / d
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
    if hi <= lo or hi <= 0:
        return None
    return lo + 0.7 * (hi - lo)


def _block_label(patterns: PatternSet | None, b: Any) -> str:
    if patterns is not None:
        try:
            from exactrelu.convex.bounds import block_name

            return block_name(patterns, b)
        except Exception:
            pass
    try:
        i, sgn = b
        return f"{i}{'+' if sgn > 0 else '-'}"
    except (TypeError, ValueError):
        return str(b)


def plot_path(
    path: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    filename: str | PathLike[str] | None = None,
    dpi: int = 150,
) -> Axes:
    """A regularisation path: ‖w_b‖ of the min-norm optimum against β, one line per block.

    Parameters
    ----------
    path : RegularisationPath or a list of its points
        From :func:`exactrelu.convex.regularisation_path.regularisation_path`.
        Each point has ``beta``, ``min_norm`` (dict block -> vector, exact or float) and
        ``support`` (list of blocks).  The path's ``jumps`` (β_k, β_{k+1}, size), when
        present, are shaded.
    ax : matplotlib Axes, optional
    title : str, optional
    filename : str or path-like, optional
        Save the figure there.

    Returns
    -------
    matplotlib Axes
        Lines carry gids ``'block:<name>'`` (e.g. ``'block:101+'``); markers are filled where the
        block is in the point's ``support`` and hollow where it is not; jump spans have gid
        ``'jump'``.

    Raises
    ------
    InvalidDataError
        No points, or points without ``beta`` / ``min_norm``.
    """
    points = list(getattr(path, "points", path) or [])
    if not points:
        raise InvalidDataError("the path has no points: nothing to plot")
    try:
        rows = sorted(
            ((float(p.beta), p.min_norm, list(getattr(p, "support", []) or [])) for p in points),
            key=lambda t: t[0],
        )
    except (AttributeError, TypeError, ValueError):
        raise InvalidDataError(
            "path points need a numeric 'beta' and a dict 'min_norm' (block -> vector)"
        ) from None
    if not all(isinstance(mn, dict) for _, mn, _ in rows):
        raise InvalidDataError("path points need a dict 'min_norm' (block -> vector)")

    def norm(v: Sequence[Any]) -> float:
        return math.sqrt(sum(float(t) ** 2 for t in v))

    blocks = sorted({b for _, mn, _ in rows for b, v in mn.items() if norm(v) > 0})
    patterns = getattr(path, "patterns", None)
    if ax is None:
        ax = new_figure((6.4, 4.2), dpi=dpi, layout="constrained").add_subplot(1, 1, 1)
    betas = [b for b, _, _ in rows]
    for k, blk in enumerate(blocks):
        col = _RUN_COLORS[k % len(_RUN_COLORS)]
        ys = [norm(mn[blk]) if blk in mn else 0.0 for _, mn, _ in rows]
        name = _block_label(patterns, blk)
        (ln,) = ax.plot(betas, ys, color=col, lw=1.6, label=f"block {name}")
        ln.set_gid(f"block:{name}")
        inside = [(b, y) for (b, _, sup), y in zip(rows, ys) if blk in sup]
        outside = [(b, y) for (b, _, sup), y in zip(rows, ys) if blk not in sup]
        if inside:
            ax.scatter([b for b, _ in inside], [y for _, y in inside], color=col, s=22, zorder=3)
        if outside:
            ax.scatter(
                [b for b, _ in outside],
                [y for _, y in outside],
                facecolors="none",
                edgecolors=col,
                s=22,
                zorder=3,
            )
    for jump in getattr(path, "jumps", None) or []:
        span = ax.axvspan(float(jump[0]), float(jump[1]), color="crimson", alpha=0.12, lw=0)
        span.set_gid("jump")
    ax.axhline(0, color="0.7", lw=0.7)
    ax.set_xlabel(r"$\beta$")
    ax.set_ylabel(r"$\|w_b\|_2$ (min-norm optimum)")
    if blocks:
        ax.legend(fontsize=8)
    if title is not None:
        ax.set_title(title, fontsize=10)
    if filename is not None:
        save_figure(figure_of(ax), filename)
    return ax
