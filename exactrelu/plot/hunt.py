"""Pictures of campaigns (:mod:`exactrelu.hunt.campaign`): the refutation rate against N and d.

:func:`plot_refutation_rate` draws the rates of :func:`exactrelu.hunt.campaign.report`
(``report(store)["rates"]``): for each conjecture (or check) and dimension d, the
fraction of hunts that found a counterexample against the number of points N, one
line per (conjecture, d).  Rates whose d or N is a range (``"2:4"``) are not drawn:
give the campaign's family a single value (or a list, which is crossed) to get points.

matplotlib is imported lazily; the figure is a :class:`matplotlib.figure.Figure` on
the Agg canvas and no pyplot state is touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.plot.common import attach_results, example_colors, new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_refutation_rate"]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def plot_refutation_rate(
    rates: Iterable[Mapping[str, Any]], path: str | PathLike[str] | None = None
) -> Figure:
    """Refutation rate against N, one line per (conjecture, d); written to ``path`` if given.

    Parameters
    ----------
    rates : iterable of dict
        Entries with ``d``, ``N`` (ints or their text), ``rate`` (0..1) and
        optionally ``label`` (what was hunted) and ``done`` (hunts).
    path : str, optional
        Where to write the picture (format from the name).

    Raises
    ------
    InvalidDataError
        No entry has a single d and N to draw.
    """
    lines: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for r in rates:
        d, n, rate = _int(r.get("d")), _int(r.get("N")), r.get("rate")
        if d is None or n is None or rate is None:
            continue
        lines.setdefault((str(r.get("label", "")), d), []).append((n, float(rate)))
    if not lines:
        raise InvalidDataError(
            "no refutation rate with a single d and N to draw: give the campaign's runs a family "
            'with single values (lists are crossed), e.g. "dim": [1, 2], "points": [3, 4, 5]'
        )
    fig = new_figure((6.4, 4.2))
    ax = fig.add_subplot(1, 1, 1)
    labels = sorted({label for label, _ in lines})
    colors = example_colors(len(lines))
    for k, ((label, d), points) in enumerate(sorted(lines.items())):
        points.sort()
        name = f"d = {d}" if len(labels) == 1 else f"{label}, d = {d}"
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colors[k], label=name)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("number of points N")
    ax.set_ylabel("refutation rate (hunts refuted)")
    ax.set_ylim(-0.05, 1.05)
    ax.set_title(labels[0] if len(labels) == 1 else "refutation rate")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    attach_results(fig, rates={key: sorted(v) for key, v in lines.items()})
    return save_figure(fig, path)
