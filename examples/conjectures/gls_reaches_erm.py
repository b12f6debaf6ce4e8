"""Conjecture: greedy local search from every start reaches the ERM optimum (one unit, general position).

Statement: for data X in general position (here 2-D) and labels y, greedy local
search on the vertices of the zonotope (Matena & Raffel 2022, Algorithm 2 (GLS):
move to the best neighbour across a facet while that strictly improves), started
from *every* vertex, i.e. every chamber of the arrangement {x̄_i · w = 0}, ends at the
global minimum of the squared loss computed by exact ERM (Matena & Raffel 2022,
Algorithm 1), for one ReLU with output weight v = 1.

Family: ``--family generic --dim 2 --points 1:5 --labels``.

Expected outcome: FALSE.  The hunter shrinks it to 4 points (GLS from some chamber
stops at a certified local minimum whose loss exceeds the ERM optimum); the
counterexample carries the start, both losses and a witness certificate that the
start is a vertex.  With N ≤ d + 1 points in general position the homogenised points
are linearly independent, the region problem separates over the points and GLS
always succeeds: ``--points 1:3`` survives (the negative control).

    exactrelu hunt examples/conjectures/gls_reaches_erm.py:gls_reaches_erm \\
        --family generic --dim 2 --points 1:5 --labels --examples 100 --seed 0 --json
"""

from exactrelu.exact.parse import exact_points
from exactrelu.geometry.position import general_position
from exactrelu.training.erm import exact_erm
from exactrelu.training.search import greedy_local_search
from exactrelu.training.vertices import full_patterns
from proofs_checks.framework import Counterexample, NotApplicable, Verified

STATEMENT = (
    "For data in general position and one ReLU with output weight 1, greedy local search "
    "(Matena & Raffel 2022, Algorithm 2) from every vertex of the zonotope reaches the exact "
    "ERM optimum (Matena & Raffel 2022, Algorithm 1)."
)


def gls_reaches_erm(X, y):
    """Run GLS from every chamber and compare each endpoint's exact loss with the ERM optimum."""
    gp = general_position(X)
    if not gp:
        return NotApplicable(STATEMENT, f"data not in general position: {gp.describe()}")
    erm = exact_erm(X, y, v=(1,))
    starts = full_patterns(erm.chambers, erm.nonzero, len(X))
    for chamber, start in zip(erm.chambers, starts):
        run = greedy_local_search(X, y, v=(1,), start=[start], variant="gls", seed=0)
        if run.solution.value > erm.value:
            xbar = [list(r) for r in exact_points(X)]
            return Counterexample(
                STATEMENT,
                {"X": X, "y": y},
                f"GLS from chamber {''.join(map(str, start))} stops at a local minimum with loss "
                f"{run.solution.value} > ERM optimum {erm.value}",
                {
                    "hypotheses_hold": True,
                    "start": start,
                    "gls_loss": run.solution.value,
                    "erm_loss": erm.value,
                    "gls_end": run.solution.patterns[0],
                    "erm_pattern": erm.solution.patterns[0],
                    "local_minimum": run.local_minimum,
                    "steps": len(run.trace) - 1,
                    # the start is a genuine vertex of the zonotope: a chamber with a witness
                    "certificate": {
                        "kind": "witness",
                        "normals": xbar,
                        "signs": list(chamber.signs),
                        "witness": list(chamber.witness),
                    },
                },
            )
    return Verified(STATEMENT, {"starts": len(starts), "erm_loss": erm.value})
