"""The step of Theorem 10's proof: a diverse activation matrix gives a full-rank Jacobian.

Karhadkar, Murray, Tseran & Montúfar 2023, Theorem 10 and its proof in Appendix C.

Statement: for distinct 1-D data and an activation matrix A whose rows are step
vectors, if A is diverse (every k in [n] has a row ξ^(k,0) or ξ^(k,1), and some
row is ξ^(1,1) = 1) then rank A = n, hence the bias part of the Jacobian
∇_b F = [v ⊙ a^(j)]_j and the whole Jacobian have rank n.

Certificate: rank A = n and rank J = n exactly, with J's certificate re-checked
by :func:`exactrelu.landscape.jacobian.verify_jacobian_rank` (nonzero n x n minor).

Dropping a hypothesis: a row-step matrix that is not diverse can be rank
deficient (e.g. no all-ones row); the check reports the left-kernel vector as a
linear dependency of the Jacobian's rows (``details["certificate"]``, kind
"dependency", re-checked by the hunter).

Families: the natural family is distinct 1-D data (N = 1..4, any order) with a
diverse A (ξ^(1,1), one of ξ^(k,0), ξ^(k,1) for each k ≥ 2, up to two more step
vectors, shuffled) and nonzero integer v; the negative family drops diversity (for
one k no row has label k; rows are nonzero step vectors), which makes A rank
deficient on most, not all, of its instances (the converse of "diverse ⇒ full
rank" fails, and those instances are NotApplicable).
"""

from exactrelu.exact.certificates import check
from exactrelu.exact.linalg import nullspace, rank
from exactrelu.exact.parse import to_fraction
from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank
from exactrelu.landscape.step_vectors import diversity_gaps, sort_columns, staircase_matrix, step_label

from ._common import dependency_certificate, diverse_instances, exact_data, instance_dict
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


def _family():
    """Distinct 1-D data (N = 1..4) with a diverse step-vector A (columns in data order) and nonzero v."""
    return diverse_instances(n=(1, 4), slack=(0, 2))


def _negative_family():
    """The same with diversity dropped (N = 2..4; some k has no row ξ^(k,0) or ξ^(k,1))."""
    return diverse_instances(n=(2, 4), diverse=False)


@register(
    "thm10",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=(
        "data are 1-dimensional and distinct",
        "rows of A are step vectors",
        "A is diverse",
        "every output weight v_i is nonzero",
    ),
    family=_family,
    negative_family=_negative_family,
    dropped="A is diverse",
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
    diverse = not gaps
    if v is not None:
        gaps += [
            f"v_{i} = 0 (the rank of J is that of A only for v_i ≠ 0, Lemma 4)"
            for i, a in enumerate(v)
            if to_fraction(a) == 0
        ]
    J = jacobian_rank(pts, A, v)
    check(verify_jacobian_rank(pts, A, v, J), "Jacobian rank certificate")
    numbers = {
        "n": n,
        "rank_A": rank(rows),
        "rank_J": J.rank,
        "diverse": diverse,
        "row_labels": [step_label(r) for r in rows],
        "jacobian": J.to_dict(),
    }
    if J.rank == n and numbers["rank_A"] == n:
        if not gaps:
            return Verified(STATEMENT, numbers)
        return NotApplicable(
            STATEMENT,
            f"a hypothesis fails ({gaps[0]}) but the rank is full anyway (the converse fails)",
            {**numbers, "gaps": gaps},
        )
    inst = instance_dict(pts, A=[list(r) for r in A], v=list(v) if v is not None else None)
    details = {**numbers, "gaps": gaps, "hypotheses_hold": not gaps}
    details["left_kernel"] = J.to_dict()["certificate"]["left_kernel"]
    if J.rank < n:
        why = f"rank J = {J.rank} < n = {n}"
        details["certificate"] = dependency_certificate(J.matrix, list(J.left_kernel[0]))
    else:
        # the full Jacobian has rank n (its w-part helps) but A, and the bias part
        # ∇_b F = [v ⊙ a^(j)]_j, have rank < n: a dependency of the columns v ⊙ a^(j)
        why = f"rank A = {numbers['rank_A']} < n = {n} (rank J = {J.rank})"
        weights = [1] * len(A) if v is None else [to_fraction(a) for a in v]
        cols = [[w * row[j] for w, row in zip(weights, A)] for j in range(n)]
        kernel = nullspace([list(r) for r in zip(*cols)], ncols=n)
        if kernel:
            details["certificate"] = dependency_certificate(cols, list(kernel[0]))
    return Counterexample(
        STATEMENT, inst, why + (f"; a hypothesis fails: {gaps[0]}" if gaps else ""), details
    )
