"""Lemma 4 of Karhadkar, Murray, Tseran & Montúfar 2023: the Jacobian rank does not depend on v.

Statement: for data x^(j), activation columns a^(j) and v with every v_i ≠ 0,
rank{(v ⊙ a^(j)) ⊗ x̄^(j)} = rank{a^(j) ⊗ x̄^(j)}.

Certificate: both exact ranks with their certificates (nonzero minor, left
kernel), re-checked by :func:`exactrelu.landscape.jacobian.verify_jacobian_rank`; the
float (SVD) ranks are reported beside them.

Dropping a hypothesis: with some v_i = 0 the unit's columns vanish and the
rank can drop.
"""

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank

from ._common import exact_data, instance_dict
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "On every activation region the Jacobian rank is the same for all output weights v with no zero entry."
)
SOURCE = "Karhadkar et al. 2023, Lemma 4 (proof in Appendix A)"


def _default():
    return {
        "X": [[0, 1], [2, -1], [1, 1], [3, 2], [-1, 0]],
        "A": [(1, 1, 0, 1, 0), (0, 1, 1, 1, 1)],
        "v": ["3/7", -5],
    }


def _negative():
    return {"X": [[0], [1], [2]], "A": [(1, 1, 1), (0, 0, 1)], "v": [1, 0]}


@register(
    "lemma4",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("every output weight v_i is nonzero",),
)
def check_lemma4(X, *, A=None, v=None):
    """Compare the exact rank of the Khatri–Rao Jacobian with v and with v = 1.

    Without ``A``: two units, one active everywhere and one on every other point;
    without ``v``: v = (3/7, -5, 2, ...).
    """
    pts = exact_data(X)
    if A is None:
        A = [(1,) * len(pts), tuple(j % 2 for j in range(len(pts)))]
    if v is None:
        v = ["3/7", -5] + [2] * (len(A) - 2)
    with_v = jacobian_rank(pts, A, v)
    ones = jacobian_rank(pts, A, None)
    check(verify_jacobian_rank(pts, A, v, with_v), "rank certificate with v")
    check(verify_jacobian_rank(pts, A, None, ones), "rank certificate with v = 1")
    cert = {"rank_with_v": with_v.to_dict(), "rank_with_ones": ones.to_dict()}
    hyp = all(to_fraction(a) != 0 for a in v)
    inst = instance_dict(pts, A=[list(r) for r in A], v=list(v))
    if with_v.rank == ones.rank:
        if hyp:
            return Verified(STATEMENT, {**cert, "rank": with_v.rank})
        return NotApplicable(STATEMENT, "some v_i = 0 but the ranks agree", cert)
    return Counterexample(
        STATEMENT,
        inst,
        f"rank {with_v.rank} with v but {ones.rank} with v = 1" + ("" if hyp else " (v has a zero entry)"),
        {**cert, "hypotheses_hold": hyp},
    )
