"""Conjecture: Karhadkar et al. 2023, Proposition 6 under general position (one unit).

Statement: if the homogenised data x̄_i = (x_i, 1) ∈ R^D, D = d + 1, are in general
position, the arrangement {x̄_i · w = 0} of one ReLU with a bias has exactly
2 Σ_{k<D} C(N−1, k) chambers (non-empty activation regions).  The count is the
exact one of :meth:`exactrelu.geometry.arrangement.HyperplaneArrangement.n_regions`
(|χ(−1)|, Zaslavsky), the closed form :func:`exactrelu.geometry.counting.cover_count`.

Family: ``--family generic --dim 1:3 --points 1:7``.

Expected outcome: SURVIVES (it is a theorem).  The function itself does not assume
general position: the family supplies it.  On data that are not in general position
(``--family degenerate``) the count drops below the closed form and the hunt is
refuted; the Counterexample then says ``hypotheses_hold: False`` and carries the
affine dependency that breaks general position as its certificate (the negative control).

    exactrelu hunt examples/conjectures/prop6_general_position.py:prop6_region_count \\
        --family generic --dim 1:3 --points 1:7 --examples 200 --seed 0 --json
"""

from exactrelu.exact.parse import exact_matrix
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import cover_count
from exactrelu.geometry.position import general_position
from proofs_checks.framework import Counterexample, Verified

STATEMENT = (
    "For data in general position, one ReLU with a bias has 2 Σ_{k<D} C(N-1, k) non-empty "
    "activation regions, D = d + 1 (Karhadkar et al. 2023, Proposition 6)."
)


def prop6_region_count(X):
    """Compare the exact number of chambers with the closed form of Proposition 6."""
    pts = exact_matrix(X, name="X")
    A = HyperplaneArrangement.from_data(pts)
    n, D = A.n_hyperplanes(), A.dimension
    counted, closed = A.n_regions(), cover_count(n, D)
    numbers = {"n_regions": counted, "closed_form": closed, "N": n, "D": D}
    if counted == closed:
        return Verified(STATEMENT, numbers)
    gp = general_position(pts)
    details = {**numbers, "hypotheses_hold": bool(gp), "general_position": gp.to_dict()}
    if not gp and gp.coefficients is not None:
        details["certificate"] = {
            "kind": "affine_dependency",
            "points": [list(pts[i]) for i in gp.subset],
            "coefficients": list(gp.coefficients),
        }
    why = "general position holds" if gp else f"general position fails ({gp.describe()})"
    return Counterexample(
        STATEMENT, {"X": X}, f"{counted} regions but the closed form gives {closed}; {why}", details
    )
