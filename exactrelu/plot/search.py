"""Pictures of the search experiments of Matena & Raffel (2022), sections 4.2 and 4.3: Figures 2 and 3.

* :func:`plot_method_comparison` — Figures 2 and 3 (synthetic panels): the
  training mean squared loss reached by each method (gradient descent, the
  random-vertex method of section 4.2, GLS / mGLS of section 4.3) against the
  overparameterisation factor m / m_gen, median over seeds with the
  interquartile range as a band, log-scaled; one panel per (d, m_gen).  mGLS and
  the synthetic data are our reconstructions (docs/reconstructions.md,
  'Matena & Raffel 2022, Appendix G: GLS and mGLS' and 'Matena & Raffel 2022,
  Appendix H: experiments').
* :func:`plot_trace` — the loss along one run: per move on the 1-skeleton of
  Z^m for GLS and its variants (Algorithm 2), per iteration for gradient
  descent.

The input of :func:`plot_method_comparison` is a "long" table, one row per
(trial, method), with at least the keys ``method``, ``factor`` and
``mean_loss``, and optionally ``d``, ``m_gen`` (panels) and ``m``.  Losses may
be exact :class:`~fractions.Fraction` objects, their JSON strings (``"3/7"``)
or floats; :func:`summarize` takes medians and quartiles *exactly* when the
values are exact, and floats are used only for drawing.  A log axis cannot show
an exact zero (the random-vertex method and GLS often certify a zero-loss
fit), so every value below ``floor`` is drawn on the dotted floor line.

matplotlib is imported lazily (:func:`exactrelu.plot.common.require_matplotlib`); figures are
:class:`matplotlib.figure.Figure` objects rendered with the Agg canvas, and no
pyplot state is touched.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import to_fraction
from exactrelu.plot.common import new_figure, save_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "METHOD_LABELS",
    "method_label",
    "plot_method_comparison",
    "plot_trace",
    "quantile",
    "summarize",
]

#: Display names of the method keys used by ``examples/search_vs_gd.py``.
METHOD_LABELS = {
    "gd": "gradient descent",
    "gd_region": "GD's final region (exact)",
    "rv1": "random vertex",
    "gls": "GLS",
    "first": "GLS, first improvement",
    "mgls": "mGLS",
    "erm": "exact ERM (global min.)",
}

_COLORS = {
    "gd": "tab:blue",
    "gd_region": "tab:cyan",
    "rv1": "tab:orange",
    "gls": "tab:green",
    "first": "tab:olive",
    "mgls": "tab:purple",
    "erm": "black",
}
_CYCLE = ["tab:red", "tab:brown", "tab:pink", "tab:gray"]
_STYLES = {
    "gd_region": dict(ls="--", marker="x", ms=5),
    "first": dict(ls=":", marker="^", ms=4),
    "mgls": dict(ls="--", marker="s", ms=3.5),
    "erm": dict(ls="none", marker="s", ms=8, mfc="none", mew=1.5),
}


def _style(method: str) -> dict[str, Any]:
    if method in _STYLES:
        return dict(_STYLES[method])
    if method.startswith("rv") and method[2:].isdigit() and method != "rv1":
        return dict(ls="--", marker="D", ms=3.5)
    return dict(ls="-", marker="o", ms=4)


def method_label(method: str) -> str:
    """Display name of a method key: ``'rv8'`` is the best of 8 random vertices.

    >>> method_label("gd"), method_label("rv8"), method_label("other")
    ('gradient descent', 'random vertex, best of 8', 'other')
    """
    if method in METHOD_LABELS:
        return METHOD_LABELS[method]
    if method.startswith("rv") and method[2:].isdigit():
        return f"random vertex, best of {int(method[2:])}"
    return method


def _color(method: str, k: int) -> str:
    if method in _COLORS:
        return _COLORS[method]
    if method.startswith("rv") and method[2:].isdigit():
        return "tab:red"
    return _CYCLE[k % len(_CYCLE)]


def quantile(values: Iterable[Fraction], p: Fraction | int) -> Fraction:
    """The p-quantile with linear interpolation (numpy's default), exact for Fractions.

    >>> quantile([Fraction(1), Fraction(2), Fraction(4), Fraction(8)], Fraction(1, 2))
    Fraction(3, 1)
    >>> quantile([Fraction(1), Fraction(2), Fraction(4), Fraction(8)], Fraction(1, 4))
    Fraction(7, 4)
    """
    vals = sorted(values)
    if not vals:
        raise InvalidDataError("quantile of an empty list")
    pos = Fraction(p) * (len(vals) - 1)
    lo = math.floor(pos)
    if lo + 1 >= len(vals):
        return vals[-1]
    t = pos - lo
    return vals[lo] + t * (vals[lo + 1] - vals[lo]) if t else vals[lo]


def _sort_key(key: Iterable[Any]) -> tuple[tuple[int, Any, str], ...]:
    """Sort tuples mixing None, numbers and strings: None last, numbers before strings."""
    return tuple((2, 0, "") if k is None else (1, 0, k) if isinstance(k, str) else (0, k, "") for k in key)


def summarize(
    rows: Iterable[Mapping[str, Any]],
    *,
    value: str = "mean_loss",
    by: Sequence[str] = ("d", "m_gen", "method", "factor"),
) -> list[dict[str, Any]]:
    """Median and quartiles of ``value`` per group of rows (exact when the values are).

    Returns a list of dicts, sorted by the group keys, with the group keys and
    ``m`` (if the rows have it), ``n`` (rows), ``median``, ``q25``, ``q75``
    (Fractions) and ``zeros`` (rows with value exactly 0).  Values may be Fractions,
    ints, ``'p/q'`` strings or floats (read exactly, :func:`exactrelu.exact.parse.to_fraction`).

    >>> rows = [{"method": "gd", "factor": 1, "mean_loss": "1/2"},
    ...         {"method": "gd", "factor": 1, "mean_loss": 0},
    ...         {"method": "gd", "factor": 1, "mean_loss": "1/4"}]
    >>> s = summarize(rows, by=("method", "factor"))[0]
    >>> s["median"], s["q25"], s["q75"], s["zeros"], s["n"]
    (Fraction(1, 4), Fraction(1, 8), Fraction(3, 8), 1, 3)
    """
    groups: dict[tuple[Hashable, ...], list[Mapping[str, Any]]] = {}
    for r in rows:
        groups.setdefault(tuple(r.get(k) for k in by), []).append(r)
    out = []
    for key in sorted(groups, key=_sort_key):
        grp = groups[key]
        vals = [to_fraction(r[value], where=f"{value} of a row") for r in grp]
        row = dict(zip(by, key))
        ms = {r.get("m") for r in grp}
        if len(ms) == 1 and None not in ms:
            row["m"] = ms.pop()
        row.update(
            n=len(vals),
            median=quantile(vals, Fraction(1, 2)),
            q25=quantile(vals, Fraction(1, 4)),
            q75=quantile(vals, Fraction(3, 4)),
            zeros=sum(1 for v in vals if v == 0),
        )
        out.append(row)
    return out


def _method_order(rows: Sequence[Mapping[str, Any]], methods: Iterable[str] | None) -> list[str]:
    if methods is not None:
        return list(methods)
    seen = []
    for r in rows:
        if r["method"] not in seen:
            seen.append(r["method"])
    return seen


def _panel_keys(rows: Iterable[Mapping[str, Any]]) -> list[tuple[Any, Any]]:
    keys = []
    for r in rows:
        k = (r.get("d"), r.get("m_gen"))
        if k not in keys:
            keys.append(k)
    return sorted(keys, key=_sort_key)


def plot_method_comparison(
    rows: Iterable[Mapping[str, Any]],
    path: str | PathLike[str] | None = None,
    *,
    methods: Iterable[str] | None = None,
    floor: float = 1e-12,
    guides: bool = True,
    title: str | None = None,
    dpi: int = 150,
) -> Figure:
    """Figures 2 / 3 of Matena & Raffel (2022): mean training loss vs overparameterisation factor.

    One panel per (d, m_gen); in each, one line per method through the median
    mean loss over the trials at each factor m / m_gen, with a band from the
    25th to the 75th percentile.  Figure 2 compares gradient descent with the
    random-vertex method (section 4.2), Figure 3 with GLS / mGLS (section 4.3).

    Parameters
    ----------
    rows : list of dict
        One row per (trial, method): keys ``method``, ``factor``, ``mean_loss``
        (Fraction, ``'p/q'`` string or float), optionally ``d``, ``m_gen``, ``m``.
    path : str or path-like, optional
        Write a PNG there.
    methods : list of str, optional
        Methods to draw, in this order (default: order of first appearance).
    floor : float
        Lower end of the log axis; values below it (in particular exact zeros)
        are drawn on a dotted line at ``floor``.
    guides : bool
        Draw the floor line and vertical lines at factor 1 (m = m_gen, the
        teacher's size) and factor 2 (m = 2⌈N/(d+1)⌉ = 2 m_gen units fit any
        data in general position exactly, Theorem 4.3).
    title : str, optional
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
        Method lines carry the gid ``'method:<key>'``, guide lines ``'guide:...'``.
    """
    from matplotlib.ticker import NullLocator

    rows = list(rows)
    if not rows:
        raise InvalidDataError("the table is empty: nothing to plot")
    for r in rows:
        for key in ("method", "factor", "mean_loss"):
            if key not in r:
                raise InvalidDataError(f"row without {key!r}: {r!r}")
    methods = _method_order(rows, methods)
    panels = _panel_keys(rows)
    fig = new_figure((4.4 * len(panels) + 0.6, 4.0), dpi=dpi, layout="constrained")
    axes = [fig.add_subplot(1, len(panels), i + 1) for i in range(len(panels))]
    for ax, (d, m_gen) in zip(axes, panels):
        sub = [r for r in rows if (r.get("d"), r.get("m_gen")) == (d, m_gen)]
        summ = summarize(sub, by=("method", "factor"))
        factors = sorted({float(r["factor"]) for r in sub})
        for k, meth in enumerate(methods):
            pts = sorted((float(s["factor"]), s) for s in summ if s["method"] == meth)
            if not pts:
                continue
            xs = [p[0] for p in pts]
            med = [max(float(p[1]["median"]), floor) for p in pts]
            lo = [max(float(p[1]["q25"]), floor) for p in pts]
            hi = [max(float(p[1]["q75"]), floor) for p in pts]
            color = _color(meth, k)
            n = max(p[1]["n"] for p in pts)
            style = {"lw": 1.6, **_style(meth)}
            (line,) = ax.plot(xs, med, color=color, label=f"{method_label(meth)} (n={n})", **style)
            line.set_gid(f"method:{meth}")
            if meth != "erm":
                ax.fill_between(xs, lo, hi, color=color, alpha=0.15, lw=0)
        if guides:
            ax.axhline(
                floor, color="0.5", ls=":", lw=1.0, gid="guide:floor", label=f"exact 0 / below {floor:g}"
            )
            if min(factors) <= 1 <= max(factors):
                ax.axvline(1, color="0.6", ls="--", lw=0.8, gid="guide:teacher")
            if min(factors) <= 2 <= max(factors):
                ax.axvline(2, color="0.3", ls="-.", lw=0.8, gid="guide:thm43")
        ax.set_yscale("log")
        ax.set_xscale("log", base=2)
        ax.set_xticks(factors)
        ax.set_xticklabels([f"{f:g}" for f in factors])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_ylim(bottom=floor / 3)
        head = []
        if d is not None:
            head.append(f"$d = {d}$")
        if m_gen is not None:
            head.append(f"$m_{{gen}} = {m_gen}$")
            if d is not None:
                head.append(f"$N = {(d + 1) * m_gen}$")
        ax.set_title(", ".join(head), fontsize=10)
        ax.set_xlabel("overparameterisation factor $m / m_{gen}$", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, which="major", alpha=0.25)
    axes[0].set_ylabel("mean squared training loss (median, IQR band)", fontsize=9)
    axes[0].legend(loc="lower left", fontsize=7, framealpha=0.85)
    if guides:
        note = (
            "grey dashed: $m = m_{gen}$ (teacher size); dash-dot: $m = 2m_{gen}$, an exact fit exists"
            " (Thm 4.3)\nlosses are exact rationals (floats only for drawing); "
            "exact zeros sit on the dotted floor"
        )
        fig.suptitle((title + "\n" if title else "") + note, fontsize=8)
    elif title:
        fig.suptitle(title, fontsize=9)
    return save_figure(fig, path)


def _kind(res: Any) -> tuple[str, Any]:
    """('search' | 'gd' | 'curve', x, y) of one trace entry."""
    if hasattr(res, "trace") and hasattr(res, "losses"):
        return "search", res
    if hasattr(res, "float_losses"):
        return "gd", res
    if isinstance(res, dict) and "losses" in res:
        return res.get("kind", "search"), res
    if isinstance(res, (list, tuple)):
        return "search", {"losses": list(res)}
    raise InvalidDataError(f"cannot draw a trace of {type(res).__name__}")


def _gd_xy(res: Any, record_every: int | None) -> tuple[list[int], list[float]]:
    losses = list(res.float_losses)
    steps = res.steps
    if len(losses) <= 1:
        return [steps][: len(losses)], losses
    re = record_every or max(1, -(-steps // (len(losses) - 1)))
    xs = list(range(0, steps + 1, re))[: len(losses)]
    if len(xs) < len(losses):
        xs.append(steps)
    xs[-1] = steps
    return xs, losses


def plot_trace(
    results: Mapping[str, Any] | Sequence[Any],
    path: str | PathLike[str] | None = None,
    *,
    x: str = "step",
    floor: float = 1e-12,
    reference: float | Fraction | None = None,
    record_every: int | None = None,
    title: str | None = None,
    dpi: int = 150,
) -> Figure:
    """The mean loss along search runs and gradient-descent runs (Matena & Raffel 2022, sections 4.2–4.3).

    Left panel: the exact mean loss L*(A_t)/N of the vertex after each move of
    GLS and its variants (Algorithm 2; strictly decreasing by construction).
    Right panel (when gradient-descent results are given): the float64 mean
    loss per iteration, with the exact loss of the final weights as a star.

    Parameters
    ----------
    results : dict label -> result, or list of results
        :class:`exactrelu.training.search.SearchResult` (GLS, first-improvement, mGLS,
        random vertex), :class:`exactrelu.training.search.GradientDescentResult`, a list
        of per-step mean losses, or a dict with ``losses`` (and optionally ``x``,
        ``kind`` = ``'search'`` or ``'gd'``).
    path : str or path-like, optional
    x : {"step", "solved"}
        x-axis of the search panel: moves, or region problems solved so far
        (the work: GLS evaluates all neighbours, mGLS stops at the first
        improving one).
    floor : float
        Values below it (exact zeros) are drawn at ``floor``.
    reference : float or Fraction, optional
        A reference mean loss (e.g. the exact ERM minimum), dashed in every panel.
    record_every : int, optional
        GD recording interval (default: inferred from steps and the number of losses).
    title : str, optional
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
        One line per result (gid ``'trace:<label>'``), plus one ``'reference'``
        line per panel when ``reference`` is given.
    """
    if x not in ("step", "solved"):
        raise InvalidDataError(f"x must be 'step' or 'solved', got {x!r}")
    items = (
        list(results.items())
        if isinstance(results, dict)
        else [
            (getattr(r, "method", None) or ("gd" if hasattr(r, "float_losses") else f"run {i}"), r)
            for i, r in enumerate(results)
        ]
    )
    if not items:
        raise InvalidDataError("no results: nothing to plot")
    kinds = [(label, *_kind(res)) for label, res in items]
    search = [k for k in kinds if k[1] == "search"]
    gd = [k for k in kinds if k[1] == "gd"]
    panels = [p for p in (("search", search), ("gd", gd)) if p[1]]
    fig = new_figure((4.6 * len(panels) + 0.6, 3.8), dpi=dpi, layout="constrained")
    axes = [fig.add_subplot(1, len(panels), i + 1) for i in range(len(panels))]
    if len(axes) == 2:
        axes[1].sharey(axes[0])

    def clip(q: Any) -> float:
        return max(float(q), floor)

    k_all = 0
    for ax, (kind, entries) in zip(axes, panels):
        for label, _, res in entries:
            color = _color(label, k_all) if label in _COLORS else _CYCLE[k_all % len(_CYCLE)]
            k_all += 1
            if kind == "search":
                if isinstance(res, dict):
                    ys = [clip(v) for v in res["losses"]]
                    xs = list(res.get("x", range(len(ys))))
                else:
                    ys = [clip(v) for v in res.losses]
                    if x == "solved":
                        xs, tot = [], 0
                        for s in res.trace:
                            tot += s.evaluated
                            xs.append(tot)
                        if res.n_solved > tot:  # the last round: neighbours evaluated, none better
                            xs.append(res.n_solved)
                            ys.append(ys[-1])
                    else:
                        xs = [s.step for s in res.trace]
                        if res.method == "random-vertex":
                            xs = list(range(len(ys)))
                if isinstance(res, dict):
                    what = f"{len(ys) - 1} moves"
                elif res.method == "random-vertex":
                    what = f"{len(res.trace)} samples"
                else:
                    what = f"{len(res.trace) - 1} moves" + (", local min." if res.local_minimum else "")
                style = {"lw": 1.4, **_style(label)}
                style["ms"] = style.get("ms", 4) * 0.9
                (line,) = ax.plot(xs, ys, color=color, **style, label=f"{method_label(label)} ({what})")
            else:
                if isinstance(res, dict):
                    ys = [clip(v) for v in res["losses"]]
                    xs = list(res.get("x", range(len(ys))))
                    exact = res.get("value_mean")
                else:
                    xs, ys = _gd_xy(res, record_every)
                    ys = [clip(v) for v in ys]
                    exact = res.mean_loss
                (line,) = ax.plot(xs, ys, lw=1.4, color=color, label=f"{method_label(label)}")
                if exact is not None:
                    ax.scatter([xs[-1]], [clip(exact)], marker="*", s=60, color=color, zorder=3)
            line.set_gid(f"trace:{label}")
        if reference is not None:
            ax.axhline(
                clip(reference),
                color="black",
                ls="--",
                lw=1.0,
                gid="reference",
                label=f"reference {float(reference):.4g}",
            )
        ax.set_yscale("log")
        ax.set_ylim(bottom=floor / 3)
        if kind == "search":
            ax.set_xlabel(
                "move on the 1-skeleton of $Z^m$" if x == "step" else "region problems solved", fontsize=9
            )
            ax.set_title("exact search: $L^*(A_t)/N$", fontsize=10)
        else:
            ax.set_xscale("symlog", linthresh=10)
            right = max(max(np.asarray(ln.get_xdata(), dtype=float)) for ln in ax.get_lines())
            ax.set_xlim(0, float(right) * 1.15)
            ax.set_xlabel("gradient-descent iteration (symlog)", fontsize=9)
            ax.set_title("gradient descent (float64; star: exact final loss)", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.grid(True, alpha=0.25)
        ax.legend(fontsize=7, framealpha=0.85)
    axes[0].set_ylabel("mean squared training loss", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=9)
    return save_figure(fig, path)
