"""The experiments of section 7 and Appendix E, run over grids of cells, and their tables.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 7 and Appendix E.  One cell of an experiment is one
call of :func:`exactrelu.landscape.full_rank_experiment.full_rank_fraction` (Appendix E.1,
Figures 2 and 3: is the Jacobian of a sampled region of full rank?) or
:func:`exactrelu.landscape.global_minimum_experiment.global_minimum_fraction` (Appendix
E.2, Figure 6: does a sampled region hold a zero-loss minimiser?), both decided exactly.
This module runs grids of cells (:func:`sweep`, :func:`full_rank_sweep`,
:func:`global_minimum_sweep`), serially or in worker processes, and summarises them
(:func:`transition_table`); :mod:`exactrelu.landscape.widths` has the theorems' widths to
compare with, :func:`exactrelu.exact.jsonio.write_json` writes the tables.

Every cell draws from its own seeded stream (:func:`exactrelu.landscape.sampling.experiment_rng`),
so a cell gives the same numbers whether it is run alone or inside a sweep, serially or
in parallel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.progress import progress_bar
from exactrelu.landscape.full_rank_experiment import full_rank_fraction
from exactrelu.landscape.global_minimum_experiment import LABEL_TYPES, global_minimum_fraction

__all__ = [
    "full_rank_sweep",
    "global_minimum_sweep",
    "sweep",
    "transition_table",
]

_KINDS: dict[str, Callable[..., Any]] = {
    "full_rank": full_rank_fraction,
    "global_minimum": global_minimum_fraction,
}


def _run_cell(job: tuple[str | Callable[..., Any], dict[str, Any]]) -> dict[str, Any]:
    kind, kwargs = job
    func = _KINDS[kind] if isinstance(kind, str) else kind
    return func(**kwargs).to_dict()


def sweep(
    kind: str | Callable[..., Any],
    cells: Iterable[dict[str, Any]],
    *,
    jobs: int = 1,
    progress: bool = False,
    **common: Any,
) -> list[dict[str, Any]]:
    """Run one experiment on many cells; returns a table (list of dicts, one per cell, in order).

    Parameters
    ----------
    kind : {'full_rank', 'global_minimum'} or callable
        :func:`~exactrelu.landscape.full_rank_experiment.full_rank_fraction`,
        :func:`~exactrelu.landscape.global_minimum_experiment.global_minimum_fraction`, or
        any top-level function returning an object with ``to_dict()``.
    cells : iterable of dict
        Keyword arguments per cell (e.g. ``{'n': 10, 'd0': 2, 'd1': 5}``).
    jobs : int
        Worker processes (``concurrent.futures.ProcessPoolExecutor``); results
        do not depend on it (every cell seeds its own stream).
    progress : bool
        tqdm bar over the cells.
    **common
        Keyword arguments for every cell (``trials``, ``seed``, ...).

    >>> rows = sweep("full_rank", [{"n": 4, "d0": 1, "d1": 1}, {"n": 4, "d0": 1, "d1": 8}], trials=3)
    >>> [r["d1"] for r in rows], rows[0]["fraction"]
    ([1, 8], 0.0)
    """
    if isinstance(kind, str) and kind not in _KINDS:
        raise InvalidDataError(f"kind must be one of {sorted(_KINDS)} or a function, got {kind!r}")
    job_list = [(kind, {**common, **cell}) for cell in cells]
    name = kind if isinstance(kind, str) else kind.__name__
    out = []
    with progress_bar(progress, len(job_list), f"{name} sweep", unit="cell") as bar:
        if jobs <= 1 or len(job_list) <= 1:
            for job in job_list:
                out.append(_run_cell(job))
                bar.update()
        else:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for row in pool.map(_run_cell, job_list, chunksize=1):
                    out.append(row)
                    bar.update()
    return out


def full_rank_sweep(
    ns: Iterable[int],
    d1s: Sequence[int] | Callable[[int, int], Sequence[int]],
    d0s: Sequence[int] = (1,),
    *,
    d0_of_n: str | Callable[[int], int] | None = None,
    trials: int = 100,
    seed: int = 0,
    bias: bool = True,
    jobs: int = 1,
    progress: bool = False,
    **kw: Any,
) -> list[dict[str, Any]]:
    """``full_rank_fraction`` on the grid ns x d0s x d1s (Figure 2), or d_0 = d0_of_n(n) (Figure 3).

    ``d1s`` is a list or a function (n, d_0) -> list.  ``d0_of_n`` replaces
    ``d0s``; each row then also carries ``d0_rule`` = ``d0_of_n.__name__``
    (or the string given, for 'n' and 'n/2').

    >>> rows = full_rank_sweep([4], [1, 4], d0s=[1], trials=2)
    >>> [(r["n"], r["d0"], r["d1"]) for r in rows]
    [(4, 1, 1), (4, 1, 4)]
    """
    rule = None
    if d0_of_n is not None:
        if isinstance(d0_of_n, str):
            rules = {"n": lambda n: n, "n/2": lambda n: max(1, n // 2)}
            if d0_of_n not in rules:
                raise InvalidDataError(f"d0_of_n must be a function, 'n' or 'n/2', got {d0_of_n!r}")
            rule, d0_of_n = d0_of_n, rules[d0_of_n]
        else:
            rule = getattr(d0_of_n, "__name__", "d0(n)")
    cells = []
    for n in ns:
        for d0 in [d0_of_n(n)] if d0_of_n else d0s:
            for d1 in d1s(n, d0) if callable(d1s) else d1s:
                cells.append({"n": n, "d0": d0, "d1": d1})
    rows = sweep("full_rank", cells, jobs=jobs, progress=progress, trials=trials, seed=seed, bias=bias, **kw)
    if rule:
        for r in rows:
            r["d0_rule"] = rule
    return rows


def global_minimum_sweep(
    ns: Iterable[int],
    d1s: Sequence[int] | Callable[[int], Sequence[int]],
    labels: str | Sequence[str] = LABEL_TYPES,
    *,
    d0: int = 1,
    trials: int = 140,
    seed: int = 0,
    jobs: int = 1,
    progress: bool = False,
    **kw: Any,
) -> list[dict[str, Any]]:
    """``global_minimum_fraction`` on the grid labels x ns x d1s (Figure 6).

    ``d1s`` is a list or a function n -> list.

    >>> rows = global_minimum_sweep([2], [2], labels=["random"], trials=2)
    >>> rows[0]["labels"], rows[0]["trials"]
    ('random', 2)
    """
    labels = [labels] if isinstance(labels, str) else list(labels)
    cells = [
        {"n": n, "d1": d1, "labels": lab, "d0": d0}
        for lab in labels
        for n in ns
        for d1 in (d1s(n) if callable(d1s) else d1s)
    ]
    return sweep("global_minimum", cells, jobs=jobs, progress=progress, trials=trials, seed=seed, **kw)


def transition_table(
    table: Iterable[dict[str, Any]],
    threshold: float = 0.9,
    *,
    by: Sequence[str] = ("n", "d0"),
    value: str = "fraction",
    width: str = "d1",
) -> list[dict[str, Any]]:
    """For each group (default (n, d_0)), the smallest width whose ``value`` is >= ``threshold``.

    Returns a list of dicts {the group's keys, 'd1_at_threshold': int or None,
    'd1_stable': smallest width from which *every* sampled width is >= threshold
    (None if the largest is not), 'largest_below': width of the largest cell
    still below threshold (sampling noise shows up as d1_stable > d1_at_threshold)}.

    >>> t = [{"n": 4, "d0": 1, "d1": w, "fraction": f} for w, f in [(1, 0.0), (2, 0.95), (3, 0.8), (4, 1.0)]]
    >>> transition_table(t)
    [{'n': 4, 'd0': 1, 'd1_at_threshold': 2, 'd1_stable': 4, 'largest_below': 3}]
    """
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in table:
        groups.setdefault(tuple(row[k] for k in by), []).append(row)
    out = []
    for key, rows in groups.items():
        rows = sorted(rows, key=lambda r: r[width])
        hit = [r[width] for r in rows if r[value] is not None and r[value] >= threshold]
        below = [r[width] for r in rows if r[value] is None or r[value] < threshold]
        stable = None
        for r in reversed(rows):
            if r[value] is None or r[value] < threshold:
                break
            stable = r[width]
        out.append(
            {
                **dict(zip(by, key)),
                "d1_at_threshold": hit[0] if hit else None,
                "d1_stable": stable,
                "largest_below": below[-1] if below else None,
            }
        )
    return out
