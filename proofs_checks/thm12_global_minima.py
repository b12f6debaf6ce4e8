"""Theorem 12 on one region: the global minima form an affine set of codimension n.

Karhadkar, Murray, Tseran & Montúfar 2023, Theorem 12 and its proof in Appendix C.

Statement (the region-wise conclusion of Theorem 12): for distinct 1-D data and
a complete (A, v), G_{X,y} ∩ S_A is non-empty, all global minima have zero
loss, and G_{X,y} ∩ S_A is an open piece of an affine space of codimension n
(dimension 2 d_1 - n).

Certificate: a zero-loss point W_0 ∈ S_A (exact), the exact rank n of the
linear map J (nonzero n x n minor), and an integer basis of ker J with
2 d_1 - n vectors, all re-checked by :meth:`GlobalMinimaSet.verify`.

Dropping a hypothesis: without completeness the set can be empty (all v > 0,
y < 0; the Farkas vector is re-checked here) or of smaller codimension (rank J < n;
a linear dependency of the rows of J is put in ``details["certificate"]``, kind
"dependency", re-checked by the hunter).

Families: as for Lemma 15 (:mod:`proofs_checks.lemma15_interpolation`): distinct 1-D
data (N = 1..3), a complete (A, v) with up to two slack units and integer labels; the
negative family removes every unit with one key pattern ξ^(k,1) and one sign of v.
"""

from exactrelu.exact.certificates import check
from exactrelu.landscape.interpolation import global_minima_in_region
from exactrelu.landscape.step_vectors import completeness_gaps

from ._common import dependency_certificate, exact_data, instance_dict, region_instance, region_instances
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "For distinct 1-D data and complete (A, v), the zero-loss set in S_A is non-empty and affine "
    "of codimension n (dimension 2 d_1 - n)."
)
SOURCE = "Karhadkar et al. 2023, Theorem 12 (proof in Appendix C)"


def _default():
    return {
        "X": [[-2], [0], [1], [4]],
        "A": [
            (1, 1, 1, 1),
            (1, 1, 1, 1),
            (0, 1, 1, 1),
            (0, 1, 1, 1),
            (0, 0, 1, 1),
            (0, 0, 1, 1),
            (0, 0, 0, 1),
            (0, 0, 0, 1),
            (1, 1, 0, 0),
        ],
        "v": [1, -1, 1, -1, 2, -2, 1, -1, 3],
        "y": [1, -2, 0, 5],
    }


def _negative():
    return {"X": [[0], [1], [3]], "A": [(1, 1, 1), (1, 1, 1)], "v": [1, -1], "y": [0, 1, 0]}


def _family():
    """Distinct 1-D data (N = 1..3), a complete (A, v) with up to two slack units, integer labels."""
    return region_instances(n=(1, 3), slack=(0, 2))


def _negative_family():
    """The same with completeness dropped (all units of one key pattern and sign of v removed)."""
    return region_instances(n=(1, 3), slack=(0, 2), complete=False)


@register(
    "thm12",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("data are 1-dimensional and distinct", "(A, v) is complete"),
    family=_family,
    negative_family=_negative_family,
    dropped="(A, v) is complete",
)
def check_thm12(X, *, A=None, v=None, y=None):
    """Compute and certify the zero-loss set in S_A, its dimension and codimension.

    Defaults: the smallest complete region (2n units, v = ±1) and labels y_j = (-1)^j (j + 1).
    """
    pts = exact_data(X)
    A, v, y = region_instance(pts, A, v, y)
    n, d1 = len(pts), len(A)
    if len(pts[0]) != 1 or len({p[0] for p in pts}) != n:
        return NotApplicable(STATEMENT, "the theorem is about distinct 1-D data", {})
    gaps = completeness_gaps(A, v, pts)
    G = global_minima_in_region(pts, A, v, y)
    check(G.verify(), "global minima certificate")
    numbers = {
        "n": n,
        "d1": d1,
        "complete": not gaps,
        "nonempty": G.nonempty,
        "codimension": G.codimension,
        "dimension": G.dimension,
        "expected_dimension": 2 * d1 - n,
        "set": G.to_dict(),
    }
    if G.nonempty and G.codimension == n:
        if not gaps:
            return Verified(STATEMENT, numbers)
        return NotApplicable(STATEMENT, "(A, v) is not complete but the conclusion holds here", numbers)
    why = (
        "the region contains no zero-loss point"
        if not G.nonempty
        else f"codimension {G.codimension} < n = {n}"
    )
    inst = instance_dict(pts, A=[list(r) for r in A], v=list(v), y=list(y))
    details = {**numbers, "gaps": gaps, "hypotheses_hold": not gaps}
    if G.codimension < n:  # rank J < n: a dependency of the rows of J certifies it
        details["certificate"] = dependency_certificate(G.rank.matrix, list(G.rank.left_kernel[0]))
    return Counterexample(
        STATEMENT,
        inst,
        why + (f"; (A, v) is not complete: {gaps[0]}" if gaps else ""),
        details,
    )
