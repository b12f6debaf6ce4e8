"""The step of Theorem 10's proof: a diverse activation matrix gives a full-rank Jacobian.

Karhadkar, Murray, Tseran & Montúfar 2023, Theorem 10 and its proof in Appendix C.

Statement: for distinct 1-D data and an activation matrix A whose rows are step
vectors, if A is diverse (every k in [n] has a row ξ^(k,0) or ξ^(k,1), and some
row is ξ^(1,1) = 1) then rank A = n, hence the bias part of the Jacobian
∇_b F = [v ⊙ a^(j)]_j and the whole Jacobian have rank n.

Certificate: rank A = n and rank J = n exactly, with J's certificate re-checked
by :func:`exactrelu.landscape.jacobian.verify_jacobian_rank` (nonzero n x n minor).

Dropping a hypothesis: a row-step matrix that is not diverse can be rank
deficient (e.g. no all-ones row); the check reports the left-kernel vector.
"""

from exactrelu.exact.certificates import check
from exactrelu.exact.linalg import rank
from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank
from exactrelu.landscape.step_vectors import diversity_gaps, sort_columns, staircase_matrix, step_label

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For distinct 1-D data, a diverse row-step activation matrix A has rank n and the Jacobian has rank n."
)
SOURCE = "Karhadkar et al. 2023, Theorem 10 (proof in Appendix C: diverse ⇒ full rank)"


def _default():
    return {
        "X": [[3], [-1], [0], [5]],
        "A": [(1, 1, 1, 1), (0, 1, 0, 0), (1, 0, 0, 1), (1, 1, 1, 0), (0, 0, 0, 1)],
        "v": [1, -2, 1, 3, -1],
    }


def _negative():
    return {"X": [[0], [1], [2], [3]], "A": [(0, 1, 1, 1), (0, 0, 1, 1), (0, 0, 0, 1)], "v": [1, 1, 1]}


@register(
    "thm10",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data are 1-dimensional and distinct", "rows of A are step vectors", "A is diverse"),
)
def check_thm10(X, *, A=None, v=None):
    """Check diverse ⇒ rank A = rank J = n on one instance (A's columns in the order of X).

    Without ``A`` the diverse staircase ξ^(1,1), ..., ξ^(n,1) is used.
    """
    pts = exact_data(X)
    n = len(pts)
    if len(pts[0]) != 1 or len({p[0] for p in pts}) != n:
        return NotApplicable(STATEMENT, "the statement is about distinct 1-D data", {"n": n})
    if A is None:
        A = staircase_matrix(pts)
    rows = sort_columns(pts, A)
    gaps = diversity_gaps(rows)
    J = jacobian_rank(pts, A, v)
    check(verify_jacobian_rank(pts, A, v, J), "Jacobian rank certificate")
    numbers = {
        "n": n,
        "rank_A": rank(rows),
        "rank_J": J.rank,
        "diverse": not gaps,
        "row_labels": [step_label(r) for r in rows],
        "jacobian": J.to_dict(),
    }
    if J.rank == n and numbers["rank_A"] == n:
        if not gaps:
            return Verified(STATEMENT, numbers)
        return NotApplicable(
            STATEMENT,
            "A is not diverse but has full rank anyway (the converse fails)",
            {**numbers, "gaps": gaps},
        )
    inst = instance_dict(pts, A=[list(r) for r in A], v=list(v) if v is not None else None)
    return Counterexample(
        STATEMENT,
        inst,
        f"rank J = {J.rank} < n = {n}" + (f"; A is not diverse: {gaps[0]}" if gaps else ""),
        {
            **numbers,
            "gaps": gaps,
            "hypotheses_hold": not gaps,
            "left_kernel": J.to_dict()["certificate"]["left_kernel"],
        },
    )
