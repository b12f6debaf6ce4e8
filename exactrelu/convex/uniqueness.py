"""Is the optimum unique?  The float test of Wang, Lacotte & Pilanci 2022, Appendix D.

The optimal set lies in the box of coordinate ranges over the δ-sublevel set
{feasible w : objective ≤ f* + δ} of the convex program; a unique optimum gives a box of
width about √δ, a non-unique one a box of the size of the optimal set.  Everything here
is a float computation (cvxpy), labelled ``exact=False``: a diagnostic, not a
certificate.  The exact answer, when the optimum is rational, is
:attr:`exactrelu.convex.optimal_set.OptimalSet.unique`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from exactrelu.convex.bounds import certify_value
from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.convex.program import Block, ConvexSolution, convex_program
from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.parse import exact_labels, exact_scalar
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = ["uniqueness_radii"]


def uniqueness_radii(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    solution: ConvexSolution | None = None,
    *,
    blocks: str | Iterable[Block] = "candidates",
    slack: float = 1e-7,
    solver: str = "CLARABEL",
) -> dict[str, Any]:
    """Range of every coordinate over {feasible w : objective ≤ f* + δ}, in FLOATS.

    The numerical check of Appendix D of Wang, Lacotte & Pilanci 2022.

    For each coordinate x_j = (w_b)_j of the chosen blocks, solve
    min / max x_j  s.t.  w feasible,  L(w) ≤ f_cap,  with f_cap = max(f_solver, upper) + δ,
    δ = ``slack``·max(1, |f*|) and ``upper`` the certified upper bound (so the set is never
    empty in exact arithmetic).  The optimal set lies inside the box, so
    ``radius`` = max_j (hi_j − lo_j) bounds its ℓ∞ diameter *up to solver accuracy and δ*:
    a float diagnostic, not a certificate (a unique optimum gives a radius of order
    √δ, a non-unique one a radius of the size of the optimal set).

    ``blocks``: ``"candidates"`` (default; the others are certified zero in every optimum),
    ``"all"``, or a list of blocks.
    Returns a dict: ranges {(block, j): (lo, hi)}, radius, f_star, slack, slack_used (the
    largest δ actually needed: a failing solve is retried with 10δ), exact=False.
    """
    import cvxpy as cp

    ps = as_pattern_set(patterns)
    yq = exact_labels(y, ps.n)
    bq = exact_scalar(beta, name="beta", positive=True)
    prog = convex_program(ps, yq, bq)
    if solution is None:
        solution = prog.solve(solver)
    bounds = certify_value(ps, yq, bq, solution)
    if isinstance(blocks, str):
        if blocks == "candidates":
            chosen = list(bounds.candidates)
        elif blocks == "all":
            chosen = list(prog.blocks)
        else:
            raise InvalidDataError(f"blocks must be 'candidates', 'all' or a list, got {blocks!r}")
    else:
        chosen = [(int(b[0]), int(b[1])) for b in blocks]
    fstar = max(float(solution.value), float(bounds.upper))
    W = prog.W
    d, nb = W.shape
    c = cp.Parameter(d * nb)
    cap = cp.Parameter()
    cons = list(prog.problem.constraints) + [prog.problem.objective.expr <= cap]
    problem = cp.Problem(cp.Minimize(c @ cp.vec(W, order="F")), cons)
    pos = {b: k for k, b in enumerate(prog.blocks)}
    ranges: dict[tuple[Block, int], tuple[float, float]] = {}
    used = slack

    def extreme(e: np.ndarray) -> float:
        # the δ-sublevel set is thin; if the solver fails, widen δ (×10, up to 4 times): the
        # box only grows, so it still contains the optimal set
        nonlocal used
        delta = slack
        for _ in range(5):
            c.value, cap.value = e, fstar + delta * max(1.0, abs(fstar))
            try:
                problem.solve(solver=solver)
                ok = problem.status in ("optimal", "optimal_inaccurate")
            except cp.error.SolverError:
                ok = False
            if ok:
                used = max(used, delta)
                return float(problem.value)
            delta *= 10
        raise SolverError(f"Appendix D subproblem failed with {solver} even with slack {delta / 10:g}")

    for b in chosen:
        if b not in pos:
            raise InvalidDataError(f"block {b} is not a block of the program")
        for j in range(d):
            e = np.zeros(d * nb)
            e[pos[b] * d + j] = 1.0
            lo = extreme(e)
            hi = -extreme(-e)
            ranges[(b, j)] = (lo, hi)
    radius = max((hi - lo for lo, hi in ranges.values()), default=0.0)
    return {
        "ranges": ranges,
        "radius": radius,
        "f_star": fstar,
        "slack": slack,
        "slack_used": used,
        "blocks": chosen,
        "exact": False,
        "method": "Wang, Lacotte & Pilanci 2022, Appendix D: min/max of each coordinate over the "
        "δ-sublevel set (float)",
    }
