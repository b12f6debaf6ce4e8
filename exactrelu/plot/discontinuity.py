"""The jump of the optimal loss under a perturbation of the data: Matena & Raffel (2022), section 4.1.1.

For data not in general position the global minimum L* of the squared loss need not
be continuous in the data: L*(X + εΔ) can stay away from L*(X) as ε → 0+.
:func:`plot_loss_jump` draws L*(X + εΔ) against ε on a log axis with L*(X) at ε = 0 as
a dashed line.  The examples and their exact values come from
:mod:`exactrelu.training.discontinuity` (our reconstruction; docs/reconstructions.md,
'Matena & Raffel 2022, Appendix D: discontinuity examples'); every value is an exact,
certified Fraction, converted to a float only for drawing.  matplotlib is imported
lazily (:func:`exactrelu.plot.common.require_matplotlib`).
"""

from __future__ import annotations

from fractions import Fraction
from os import PathLike
from typing import TYPE_CHECKING

from exactrelu.exact.errors import InvalidDataError
from exactrelu.plot.common import attach_results, figure_of, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from exactrelu.training.discontinuity import LossJump

__all__ = ["plot_loss_jump"]


def plot_loss_jump(
    loss_jump: LossJump,
    path: str | PathLike[str] | None = None,
    *,
    ax: Axes | None = None,
    dpi: int = 150,
) -> Figure:
    """L*(X + εΔ) against ε (log axis) with L*(X) at ε = 0 as a dashed line: the jump of the optimum.

    Matena & Raffel (2022), section 4.1.1: for data not in general position the
    global minimum of the squared loss need not be continuous in the data.  The
    values come from a :class:`exactrelu.training.discontinuity.LossJump` (exact
    Fractions, each certified); they are converted to floats only for drawing.

    Parameters
    ----------
    loss_jump : LossJump
        From :func:`exactrelu.training.discontinuity.demonstrate_discontinuity`.
    path : str or path-like, optional
        Write a PNG there (only when a new figure is made).
    ax : matplotlib Axes, optional
        Draw into this axes (e.g. a panel of :func:`exactrelu.plot.perturbation.plot_type_change`).
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from exactrelu.training.discontinuity import get_discontinuity_example
    >>> fig = plot_loss_jump(get_discontinuity_example("D3").demonstrate())
    >>> fig.exactrelu_values[0]
    (Fraction(0, 1), Fraction(1, 2))
    """
    pts = sorted((Fraction(e), Fraction(g.value)) for e, g in loss_jump.after)
    if not pts or any(e <= 0 for e, _ in pts):
        raise InvalidDataError("plot_loss_jump needs L*(X + εΔ) at positive ε (a log axis)")
    L0 = Fraction(loss_jump.before.value)
    own = ax is None
    if ax is None:
        ax = new_figure((5.2, 3.6), dpi=dpi).add_subplot(1, 1, 1)
    fig = figure_of(ax)
    xs = [float(e) for e, _ in pts]
    ys = [float(v) for _, v in pts]
    ax.set_xscale("log")
    lo, hi = min(xs) / 4, max(xs) * 4
    ax.plot(xs, ys, "o-", color="#1f77b4", lw=1.8, ms=6, zorder=3, label="$L^*(X + \\varepsilon\\Delta)$")
    ax.axhline(
        float(L0), color="#d62728", ls="--", lw=1.5, zorder=2, label="$L^*(X)$ (at $\\varepsilon = 0$)"
    )
    # the value at ε = 0 cannot sit on a log axis: a marker on the left spine
    from matplotlib.transforms import blended_transform_factory

    tr = blended_transform_factory(ax.transAxes, ax.transData)
    ax.plot([0], [float(L0)], marker="D", ms=7, color="#d62728", transform=tr, clip_on=False, zorder=5)
    ax.annotate(
        f"$L^*(X) = {L0}$",
        (0.02, float(L0)),
        xycoords=tr,
        xytext=(4, 5),
        textcoords="offset points",
        fontsize=9,
        color="#d62728",
        ha="left",
        va="bottom",
    )
    v_min = pts[0][1]
    if v_min != L0:
        ax.annotate(
            "",
            xy=(xs[0], float(L0)),
            xytext=(xs[0], float(v_min)),
            arrowprops=dict(arrowstyle="<->", color="0.3", lw=1.1),
            zorder=4,
        )
        ax.annotate(
            f"jump {L0 - v_min}",
            (xs[0], (float(L0) + float(v_min)) / 2),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=9,
            color="0.2",
            va="center",
        )
    for (_e, v), x, y in zip(pts, xs, ys):
        ax.annotate(
            str(v),
            (x, y),
            xytext=(0, -13 if y <= float(L0) else 6),
            textcoords="offset points",
            fontsize=8,
            ha="center",
            color="#1f77b4",
        )
    top = max(ys + [float(L0)])
    bottom = min(ys + [float(L0), 0.0])
    span = (top - bottom) or 1.0
    ax.set_ylim(bottom - 0.22 * span, top + 0.25 * span)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("$\\varepsilon$ (log scale)", fontsize=9)
    ax.set_ylabel("$L^*$ (sum of squared residuals)", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, which="major", color="0.92")
    ax.legend(loc="center right", fontsize=8, framealpha=0.9)
    ax.set_title(
        "optimal loss: $L^*(X + \\varepsilon\\Delta)$ for $\\varepsilon \\to 0^+$ vs. $L^*(X)$", fontsize=10
    )
    if own:
        fig.subplots_adjust(left=0.16, right=0.97, bottom=0.16, top=0.88)
    attach_results(fig, values=[(Fraction(0), L0), *pts])
    return save_figure(fig, path if own else None)
