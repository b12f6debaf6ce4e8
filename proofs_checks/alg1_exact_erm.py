"""Matena & Raffel 2022, Algorithm 1: exact ERM over vert(Z^m) is the global minimum.

Statement: the closed activation regions of the vertices of Z^m cover parameter
space, so the least of the region optima of problem (3) is the global minimum of
the squared loss; in particular no training method — gradient descent, the
random-vertex method, greedy local search — can end below it.

Certificate: :func:`exactrelu.training.erm.exact_erm` with :func:`~exactrelu.training.erm.verify_erm`
(complete chamber list: witnesses + Zaslavsky count; every region's KKT
certificate; the minimum), then every heuristic run on the same instance judged
exactly against it: GLS and mGLS (exact region values), random vertex, and
gradient descent (its final float weights read exactly, their loss in rationals).

Dropping a hypothesis (enumerate *every* vertex): searching only part of
vert(Z^m) — here the vertices a greedy local search visits — can stop at a
certified local minimum of the 1-skeleton that is not global, as the paper warns
("these heuristics are not guaranteed to return a global minimizer").  The
negative control finds such a run and returns it with both exact values.

Family: distinct 1-D points (N = 2..4) or points in general position in the plane
(N = 2..3), integer labels, m = 1 or 2 units with output weights v ∈ {±1}^m; two
seeds per heuristic and 200 gradient-descent steps keep an instance fast.
Negative family: distinct 1-D points (N = 4..6), labels, two units v = (1, −1), and
``vertices="gls"`` (the hypothesis "every vertex of Z^m is enumerated" dropped):
the hunter finds data on which greedy local search stops at a local minimum
above the global one.
"""

from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError
from exactrelu.training.erm import exact_erm, verify_erm
from exactrelu.training.search import gradient_descent, greedy_local_search, random_vertex
from exactrelu.training.vertices import number_of_units

from ._common import exact_data, instance_dict
from .framework import Counterexample, Verified, register

STATEMENT = (
    "Exact ERM over all vertices of Z^m (Algorithm 1) gives the global minimum of the squared loss, "
    "a lower bound for every GD, random-vertex and GLS result on the same instance."
)
SOURCE = "Matena & Raffel 2022, Algorithm 1 (after Arora et al. 2016) and section 4.3"


def _default():
    return {"X": [[0], [1], [2], [3], [4], [5]], "y": [0, 2, 0, 2, 0, 2], "v": [1, -1]}


def _negative():
    return {"X": [[0], [1], [2], [3], [4], [5]], "y": [0, 2, 0, 2, 0, 2], "v": [1, -1], "vertices": "gls"}


def _draw(draw, negative):
    from hypothesis import strategies as st

    from exactrelu.strategies import generic_datasets, label_vectors, one_d_datasets

    if negative:
        X = draw(one_d_datasets(n=(4, 6), max_value=6, sort=False))
        return {"X": X, "y": draw(label_vectors(len(X), max_value=3)), "v": [1, -1], "vertices": "gls"}
    d = draw(st.integers(1, 2))
    X = draw(one_d_datasets(n=(2, 4), max_value=4, sort=False) if d == 1 else generic_datasets(d=2, n=(2, 3)))
    m = draw(st.integers(1, 2))
    return {
        "X": X,
        "y": draw(label_vectors(len(X), max_value=3)),
        "v": draw(st.lists(st.sampled_from((1, -1)), min_size=m, max_size=m)),
        "seeds": 2,
        "gd_steps": 200,
    }


def _family():
    """1-D (N = 2..4) or planar (N = 2..3) data, labels, v ∈ {±1}^m (m = 1..2); 2 seeds, 200 GD steps."""
    from hypothesis import strategies as st

    return st.composite(_draw)(False)


def _negative_family():
    """Distinct 1-D points (N = 4..6), labels, v = (1, −1), only the vertices GLS visits."""
    from hypothesis import strategies as st

    return st.composite(_draw)(True)


@register(
    "alg1",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("every vertex of Z^m is enumerated",),
    family=_family,
    negative_family=_negative_family,
    dropped="every vertex of Z^m is enumerated",
)
def check_alg1(X, *, y=None, units=None, v=None, vertices="all", seeds=5, gd_steps=1000, limit=None):
    """Exact ERM against GLS/mGLS/random vertex/GD; ``vertices="gls"`` drops complete enumeration.

    Parameters
    ----------
    X, y : data and labels (default y_i = (−1)^i (i + 1))
    units : int, optional
        Hidden units with free output signs (when v is not given; default 1).
    v : sequence of numbers, optional
        Fixed output weights (the paper's setting).
    vertices : {"all", "gls"}
        ``"gls"``: the hypothesis is dropped — only the vertices visited by greedy
        local search are considered, and the check looks for a seed where that
        misses the global minimum.
    seeds : int
        Number of seeds per heuristic.
    gd_steps : int
        Gradient-descent steps.
    """
    pts = exact_data(X)
    if y is None:
        y = [(-1) ** i * (i + 1) for i in range(len(pts))]
    m = number_of_units(units, v, default=1)
    erm = exact_erm(pts, y, units=m, v=v, limit=limit)
    check(verify_erm(pts, y, erm, v=v), "exact ERM certificate (chambers complete, every region KKT-optimal)")
    inst = instance_dict(pts, y=list(y), **({"v": list(v)} if v is not None else {"units": m}))
    base = {
        "global_minimum": erm.value,
        "n_regions": erm.n_regions,
        "n_chambers": len(erm.chambers),
        "optimal_patterns": erm.solution.patterns,
        "optimal_network": erm.network.to_dict(),
    }
    if vertices == "gls":
        for seed in range(max(seeds, 20)):
            g = greedy_local_search(pts, y, units=m, v=v, seed=seed)
            if g.local_minimum and g.value > erm.value:
                why = (
                    f"greedy local search from seed {seed} stops after {len(g.trace) - 1} move(s) at a "
                    f"certified local minimum of the 1-skeleton with value {g.value} > global minimum "
                    f"{erm.value}: searching only part of vert(Z^m) misses the optimum"
                )
                return Counterexample(
                    STATEMENT, inst, why, {**base, "hypotheses_hold": False, "seed": seed, "gls": g.to_dict()}
                )
        return Verified(
            STATEMENT, {**base, "note": "every GLS run found the global minimum on this instance"}
        )
    if vertices != "all":
        raise InvalidDataError(f"vertices must be 'all' or 'gls', got {vertices!r}")
    runs = []
    for seed in range(seeds):
        for method, res in (
            ("gls", greedy_local_search(pts, y, units=m, v=v, seed=seed)),
            ("mgls", greedy_local_search(pts, y, units=m, v=v, variant="mgls", seed=seed)),
            ("random-vertex", random_vertex(pts, y, units=m, v=v, seed=seed)),
            ("gd", gradient_descent(pts, y, units=m, v=v, steps=gd_steps, seed=seed)),
        ):
            runs.append({"method": method, "seed": seed, "value": res.value})
            if res.value < erm.value:
                return Counterexample(
                    STATEMENT,
                    inst,
                    f"{method} (seed {seed}) reached {res.value} below the certified minimum {erm.value}",
                    {**base, "run": res.to_dict()},
                )
    gap = {
        meth: min(r["value"] for r in runs if r["method"] == meth) - erm.value
        for meth in ("gls", "mgls", "random-vertex", "gd")
    }
    return Verified(STATEMENT, {**base, "runs": runs, "best_excess_by_method": gap})
