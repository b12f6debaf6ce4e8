"""Heat maps of the experiments of Karhadkar et al. (section 7, Appendix E): Figures 2, 3 and 6.

Karhadkar, Murray, Tseran & Montúfar (2023), "Mildly overparameterized ReLU networks
have a favorable loss landscape".

* :func:`plot_full_rank` — Figures 2 and 3: the fraction of sampled activation
  regions whose Jacobian has rank n, with the dataset size n on the x-axis and
  the width d_1 on the y-axis, one panel per input dimension d_0 (or one panel
  for a rule d_0 = d_0(n), Figure 3).  The dashed line is the parameter count
  d_1 (d_0 + 1) = n below which rank n is impossible; white dots mark, for each
  n, the smallest sampled width with fraction >= 0.9.  Cells where numpy's SVD
  rank differed from the exact rank in some trial are crossed in red, and get
  a panel of their own with the counts.
* :func:`plot_global_minima` — Figure 6: the percentage of sampled regions
  containing a zero-loss global minimiser, one panel per label type, with the
  dashed line d_1 = 4n log(2n/ε) of Theorem 12 (ε = 0.1,
  :func:`exactrelu.landscape.widths.theorem12_width`) and, in a second row, the
  percentage of regions that are *complete* (the sufficient condition of the
  theorem's proof).

The input is a table as returned by :func:`exactrelu.landscape.experiments.full_rank_sweep`
and :func:`exactrelu.landscape.experiments.global_minimum_sweep` (or read back from their
JSON).  The numbers in it are exact counts; floats are used only for drawing.
matplotlib is imported lazily (:func:`exactrelu.plot.common.require_matplotlib`), figures are
:class:`matplotlib.figure.Figure` objects rendered with the Agg canvas.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import pairwise
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.landscape.global_minimum_experiment import LABEL_TYPES
from exactrelu.landscape.widths import theorem12_width
from exactrelu.plot.common import attach_results, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import QuadMesh
    from matplotlib.figure import Figure

__all__ = [
    "heatmap_grid",
    "plot_full_rank",
    "plot_global_minima",
]


def heatmap_grid(
    table: Iterable[Mapping[str, Any]], *, x: str = "n", y: str = "d1", z: str = "fraction"
) -> tuple[list[Any], list[Any], list[list[Any]]]:
    """(xs, ys, Z): sorted distinct x and y values and Z[i][k] = z at (xs[k], ys[i]) (None if absent).

    Raises :class:`~exactrelu.exact.errors.InvalidDataError` for an empty table or two
    rows on the same cell.

    >>> heatmap_grid([{"n": 2, "d1": 1, "fraction": 0.5}, {"n": 4, "d1": 3, "fraction": 1.0}])
    ([2, 4], [1, 3], [[0.5, None], [None, 1.0]])
    """
    rows = list(table)
    if not rows:
        raise InvalidDataError("the table is empty: nothing to plot")
    xs = sorted({r[x] for r in rows})
    ys = sorted({r[y] for r in rows})
    Z: list[list[Any]] = [[None] * len(xs) for _ in ys]
    seen = set()
    for r in rows:
        key = (r[x], r[y])
        if key in seen:
            raise InvalidDataError(
                f"two rows for the cell {x}={r[x]}, {y}={r[y]}; split the table by panel first"
            )
        seen.add(key)
        Z[ys.index(r[y])][xs.index(r[x])] = r[z]
    return xs, ys, Z


def _edges(values: Sequence[float]) -> list[float]:
    """Cell edges around sorted values: midpoints, half a step beyond the ends."""
    if len(values) == 1:
        return [values[0] - 0.5, values[0] + 0.5]
    mids = [(a + b) / 2 for a, b in pairwise(values)]
    return [values[0] - (mids[0] - values[0])] + mids + [values[-1] + (values[-1] - mids[-1])]


def _mesh(
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    Z: Sequence[Sequence[float | None]],
    *,
    scale: float = 1.0,
    cmap: str = "viridis",
    vmax: float = 1.0,
) -> QuadMesh:
    import numpy as np

    M = np.ma.masked_invalid(
        np.array([[math.nan if v is None else scale * v for v in row] for row in Z], float)
    )
    return ax.pcolormesh(_edges(xs), _edges(ys), M, cmap=cmap, vmin=0.0, vmax=vmax, shading="flat")


def _panels(
    table: Iterable[Mapping[str, Any]], key: str | None
) -> list[tuple[Hashable, list[Mapping[str, Any]]]]:
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for r in table:
        groups.setdefault(r.get(key) if key else None, []).append(r)

    def order(v: Any) -> tuple[bool, int, Any]:
        return (v is None, LABEL_TYPES.index(v) if v in LABEL_TYPES else -1, v)

    return [(k, groups[k]) for k in sorted(groups, key=order)]


def _first_at(rows: Iterable[Mapping[str, Any]], threshold: float, value: str = "fraction") -> dict[Any, Any]:
    """{n: smallest d1 with value >= threshold} over the rows of one panel."""
    out = {}
    for r in sorted(rows, key=lambda r: r["d1"]):
        if r[value] is not None and r[value] >= threshold and r["n"] not in out:
            out[r["n"]] = r["d1"]
    return out


def plot_full_rank(
    table: Iterable[Mapping[str, Any]],
    path: str | PathLike[str] | None = None,
    *,
    panel: str | None = "d0",
    threshold: float = 0.9,
    title: str | None = None,
    dpi: int = 150,
) -> Figure:
    """Figures 2/3 of Karhadkar et al.: P(rank J = n) over (n, d_1), one panel per ``panel`` value.

    Parameters
    ----------
    table : list of dict
        Rows of :func:`exactrelu.landscape.experiments.full_rank_sweep` (keys n, d0, d1,
        fraction, disagreements, bias; optionally d0_rule).
    path : str or path-like, optional
        Write a PNG there.
    panel : str or None
        Row key that separates the panels (``'d0'`` for Figure 2); rows with a
        ``d0_rule`` (Figure 3, d_0 = d_0(n)) are drawn in one panel per rule.
    threshold : float
        Level of the white transition dots (smallest d_1 reaching it, per n).
    title : str, optional
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.exactrelu_disagreements`` is the total number of trials in which
        the SVD rank differed from the exact rank.
    """
    rows = list(table)
    if not rows:
        raise InvalidDataError("the table is empty: nothing to plot")
    if "d0_rule" in rows[0]:
        panel = "d0_rule"
    groups = _panels(rows, panel)
    total_dis = sum(r.get("disagreements", 0) for r in rows)
    ncols = len(groups) + (1 if total_dis else 0)
    fig = new_figure((max(3.4 * ncols + 0.9, 6.5), 3.8), dpi=dpi, layout="constrained")
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    mesh = None
    for ax, (key, grp) in zip(axes, groups):
        xs, ys, Z = heatmap_grid(grp)
        mesh = _mesh(ax, xs, ys, Z)
        bias = int(bool(grp[0].get("bias", True)))
        # parameter count: rank n needs d1 (d0 + bias) >= n
        d0_of = {r["n"]: r["d0"] for r in grp}
        ax.plot(
            xs,
            [n / (d0_of[n] + bias) for n in xs],
            ls="--",
            color="white",
            lw=1.3,
            label=f"$d_1(d_0{'+1' if bias else ''}) = n$",
        )
        hit = _first_at(grp, threshold)
        if hit:
            ax.plot(
                list(hit),
                list(hit.values()),
                "o",
                ms=4,
                color="white",
                mec="black",
                mew=0.6,
                label=f"first $d_1$ with P $\\geq$ {threshold:g}",
            )
        bad = [(r["n"], r["d1"]) for r in grp if r.get("disagreements", 0)]
        if bad:
            ax.plot(*zip(*bad), "x", color="red", ms=6, mew=1.5, label="float rank $\\neq$ exact")
        ax.set_ylim(_edges(ys)[0], _edges(ys)[-1])
        ax.set_xlim(_edges(xs)[0], _edges(xs)[-1])
        if panel in ("d0", "d0_rule"):
            ax.set_title(f"$d_0 = {key}$", fontsize=10)
        elif panel:
            ax.set_title(f"{panel} = {key}", fontsize=10)
        ax.set_xlabel("dataset size $n$", fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel("hidden dimension $d_1$", fontsize=9)
    axes[0].legend(loc="upper left", fontsize=7, framealpha=0.8)
    if total_dis:
        ax = axes[-1]
        agg: dict[tuple[Any, Any], int] = {}  # disagreements per (n, d1), summed over the panels
        for r in rows:
            agg[(r["n"], r["d1"])] = agg.get((r["n"], r["d1"]), 0) + r.get("disagreements", 0)
        xs = sorted({k[0] for k in agg})
        ys = sorted({k[1] for k in agg})
        Z = [[agg.get((x, y)) for x in xs] for y in ys]
        m = _mesh(ax, xs, ys, Z, cmap="Reds", vmax=max(agg.values()))
        fig.colorbar(m, ax=ax).set_label("trials", fontsize=8)
        ax.set_title("float SVD rank $\\neq$ exact rank", fontsize=10)
        ax.set_xlabel("dataset size $n$", fontsize=9)
        ax.tick_params(labelsize=8)
    assert mesh is not None  # the table is not empty
    cb = fig.colorbar(mesh, ax=axes[: len(groups)])
    cb.set_label("P(rank $J = n$), exact", fontsize=8)
    trials = rows[0].get("trials")
    note = (
        f"{trials} trials per cell; float SVD rank = exact rank in every trial"
        if not total_dis
        else f"{trials} trials per cell; float SVD rank $\\neq$ exact rank in {total_dis} trials"
    )
    fig.suptitle((title + "\n" if title else "") + note, fontsize=9)
    attach_results(fig, disagreements=total_dis)
    return save_figure(fig, path)


def plot_global_minima(
    table: Iterable[Mapping[str, Any]],
    path: str | PathLike[str] | None = None,
    *,
    panel: str = "labels",
    eps: float = 0.1,
    show_complete: bool = True,
    threshold: float = 0.9,
    title: str | None = None,
    dpi: int = 150,
) -> Figure:
    """Figure 6 of Karhadkar et al.: % of sampled regions with a zero-loss minimiser over (n, d_1).

    Parameters
    ----------
    table : list of dict
        Rows of :func:`exactrelu.landscape.experiments.global_minimum_sweep` (keys n, d1,
        labels, fraction, complete_fraction, trials).
    path : str or path-like, optional
    panel : str
        Row key separating the panels (one per label type).
    eps : float
        ε of the dashed Theorem 12 line d_1 = 4n log(2n/ε) (0.1 in the paper).
    show_complete : bool
        Add a second row with the % of complete (A, v) (d_0 = 1 only).
    threshold : float
        Level of the white transition dots.

    Returns
    -------
    matplotlib.figure.Figure
    """
    rows = list(table)
    if not rows:
        raise InvalidDataError("the table is empty: nothing to plot")
    groups = _panels(rows, panel)
    has_complete = show_complete and all(r.get("complete_fraction") is not None for r in rows)
    nrows = 2 if has_complete else 1
    fig = new_figure((3.5 * len(groups) + 0.9, 3.3 * nrows + 0.5), dpi=dpi, layout="constrained")
    mesh = None
    axes_all = []
    for row_i, (z, label) in enumerate(
        [("fraction", "zero-loss minimiser in $S_A$")]
        + ([("complete_fraction", "(A, v) complete")] if has_complete else [])
    ):
        for col, (key, grp) in enumerate(groups):
            ax = fig.add_subplot(nrows, len(groups), row_i * len(groups) + col + 1)
            axes_all.append(ax)
            xs, ys, Z = heatmap_grid(grp, z=z)
            mesh = _mesh(ax, xs, ys, Z, scale=100.0, vmax=100.0)
            lo, hi = _edges(xs)[0], _edges(xs)[-1]
            grid = [lo + (hi - lo) * k / 200 for k in range(201)]
            ax.plot(
                grid,
                [theorem12_width(x, eps) if x >= 1 else math.nan for x in grid],
                "k--",
                lw=1.4,
                label=f"$d_1 = 4n\\log(2n/\\varepsilon)$, $\\varepsilon={eps:g}$",
            )
            hit = _first_at(grp, threshold, value=z)
            if hit:
                ax.plot(
                    list(hit),
                    list(hit.values()),
                    "o",
                    ms=4,
                    color="white",
                    mec="black",
                    mew=0.6,
                    label=f"first $d_1$ with $\\geq$ {100 * threshold:g}%",
                )
            ax.set_xlim(lo, hi)
            ax.set_ylim(_edges(ys)[0], _edges(ys)[-1])
            ax.set_title(f"{key} labels: {label}", fontsize=9)
            ax.set_xlabel("dataset size $n$", fontsize=9)
            if col == 0:
                ax.set_ylabel("hidden dimension $d_1$", fontsize=9)
            ax.tick_params(labelsize=8)
    axes_all[0].legend(loc="upper left", fontsize=7, framealpha=0.85)
    assert mesh is not None  # the table is not empty
    cb = fig.colorbar(mesh, ax=axes_all)
    cb.set_label("% of sampled regions (exact)", fontsize=8)
    r0 = rows[0]
    note = (
        f"$d_0 = {r0.get('d0', 1)}$, {r0.get('trials')} regions per cell "
        f"({r0.get('regions', 'init')} sampling), exact decisions with certificates"
    )
    fig.suptitle((title + "\n" if title else "") + note, fontsize=9)
    return save_figure(fig, path)
