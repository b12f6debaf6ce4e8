"""What every picture of :mod:`exactrelu.plot` shares: loading matplotlib, new figures, colours.

matplotlib is an optional dependency (``pip install 'exactrelu[plots]'``).  It is
imported only when a picture is drawn, through :func:`require_matplotlib`, which
raises :class:`PlotDependencyError` (an :class:`~exactrelu.exact.errors.ExactReluError`
and an :class:`ImportError`) with the install command when it is missing.  No pyplot
state is touched: figures are :class:`matplotlib.figure.Figure` objects rendered with
the Agg canvas.

Colours: :func:`example_colors` gives example i one strong colour (its point, its
hyperplane H_i, the zonotope edges parallel to x̄_i); :func:`chamber_colors` gives
every activation pattern its own pastel colour, deterministically.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Iterable
from os import PathLike
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from exactrelu.exact.errors import MissingDependencyError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PlotDependencyError",
    "attach_results",
    "chamber_colors",
    "example_colors",
    "figure_of",
    "new_axes",
    "new_figure",
    "require_matplotlib",
    "save_figure",
]


class PlotDependencyError(MissingDependencyError):
    """matplotlib is not installed (the extra ``exactrelu[plots]``)."""


def require_matplotlib() -> tuple[ModuleType, type[Figure]]:
    """The matplotlib module and its :class:`~matplotlib.figure.Figure` class, imported on first use.

    Raises
    ------
    PlotDependencyError
        matplotlib is not installed; the message gives the install command.
    """
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise PlotDependencyError(
            "plotting needs matplotlib, which is not installed; "
            "install it with: pip install 'exactrelu[plots]'  (or pip install matplotlib)"
        ) from None
    return matplotlib, Figure


def new_figure(figsize: tuple[float, float], dpi: int = 150, **kwargs: Any) -> Figure:
    """A new :class:`~matplotlib.figure.Figure` (Agg canvas, no pyplot state); ``kwargs`` go to Figure."""
    _, Figure = require_matplotlib()
    return Figure(figsize=figsize, dpi=dpi, **kwargs)


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (6, 6)) -> Axes:
    """``ax`` itself, or the axes of a new one-panel figure when ``ax`` is None."""
    if ax is not None:
        return ax
    return new_figure(figsize, dpi=120).add_subplot(1, 1, 1)


def figure_of(ax: Axes) -> Figure:
    """The figure that ``ax`` is drawn in."""
    return cast("Figure", ax.figure)


def attach_results(fig: Figure, **values: Any) -> Figure:
    """Record the exact content of a picture on it: ``fig.exactrelu_<name> = value`` for each keyword.

    Tests and callers read them back (e.g. ``fig.exactrelu_gained``) instead of parsing artists.
    """
    for name, value in values.items():
        setattr(fig, f"exactrelu_{name}", value)
    return fig


def save_figure(fig: Figure, path: str | PathLike[str] | None) -> Figure:
    """Write ``fig`` to ``path`` (format from the file name) unless ``path`` is None; return ``fig``."""
    if path is not None:
        fig.savefig(path)
    return fig


_EXAMPLE_PALETTE = [
    "#d62728",
    "#1f77b4",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]


def example_colors(n: int) -> list[str]:
    """One strong colour per example (cycling after 10).

    >>> example_colors(2)
    ['#d62728', '#1f77b4']
    """
    return [_EXAMPLE_PALETTE[i % len(_EXAMPLE_PALETTE)] for i in range(n)]


def chamber_colors(patterns: Iterable[Iterable[int]]) -> dict[tuple[int, ...], tuple[float, float, float]]:
    """A distinct pastel colour for each activation pattern (deterministic).

    Patterns are sorted; the k-th gets the hue k·φ mod 1 (golden-ratio
    stepping), so that neighbouring patterns get well separated hues.

    Parameters
    ----------
    patterns : iterable of tuple of 0/1 (or of sign vectors)

    Returns
    -------
    dict
        pattern -> RGB tuple of floats in [0, 1].

    Examples
    --------
    >>> cols = chamber_colors([(0, 1), (1, 0)])
    >>> sorted(cols) == [(0, 1), (1, 0)] and cols[(0, 1)] != cols[(1, 0)]
    True
    """
    golden = (math.sqrt(5) - 1) / 2
    out = {}
    for k, p in enumerate(sorted({tuple(p) for p in patterns})):
        hue = (0.08 + k * golden) % 1.0
        out[p] = colorsys.hsv_to_rgb(hue, 0.38, 0.98)
    return out
