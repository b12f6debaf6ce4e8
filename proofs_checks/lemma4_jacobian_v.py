"""Lemma 4 of Karhadkar, Murray, Tseran & Montúfar 2023: the Jacobian rank does not depend on v.

Statement: for data x^(j), activation columns a^(j) and v with every v_i ≠ 0,
rank{(v ⊙ a^(j)) ⊗ x̄^(j)} = rank{a^(j) ⊗ x̄^(j)}.

Certificate: both exact ranks with their certificates (nonzero minor, left
kernel), re-checked by :func:`exactrelu.landscape.jacobian.verify_jacobian_rank`; the
float (SVD) ranks are reported beside them.

Dropping a hypothesis: with some v_i = 0 the unit's columns vanish and the
rank can drop; the counterexample then carries a linear dependency of the rows of
J with v that is not one of J with v = 1 (``details["certificate"]``, kind
"dependency", re-checked by the hunter).

Families: the natural family is integer data (d = 1..2, N = 1..4, |x| ≤ 3), any
binary activation matrix with 1..3 units (the lemma is linear algebra: A need not be
a realisable pattern) and nonzero rational v; the negative family sets one v_i to 0
(the hypothesis dropped) — the rank drops on most, not all, of its instances.
"""

from fractions import Fraction

from exactrelu.exact.certificates import check
from exactrelu.exact.parse import to_fraction
from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank

from ._common import dependency_certificate, exact_data, instance_dict
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


def _instances(zero):
    from fractions import Fraction

    from hypothesis import strategies as st

    from exactrelu.strategies import integer_datasets

    weight = st.builds(
        lambda p, q, s: s * Fraction(p, q), st.integers(1, 5), st.integers(1, 3), st.sampled_from((1, -1))
    )

    @st.composite
    def draw_instance(draw):
        X = draw(integer_datasets(d=(1, 2), n=(1, 4), max_value=3))
        units = draw(st.integers(1, 3))
        row = st.lists(st.integers(0, 1), min_size=len(X), max_size=len(X))
        A = draw(st.lists(row, min_size=units, max_size=units))
        v = draw(st.lists(weight, min_size=units, max_size=units))
        if zero:
            v[draw(st.integers(0, units - 1))] = 0
        return {"X": X, "A": A, "v": v}

    return draw_instance()


def _family():
    """Integer data (d = 1..2, N = 1..4), any binary A with 1..3 units, nonzero rational v."""
    return _instances(zero=False)


def _negative_family():
    """The same, with one output weight v_i = 0 (the hypothesis dropped)."""
    return _instances(zero=True)


@register(
    "lemma4",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("every output weight v_i is nonzero",),
    family=_family,
    negative_family=_negative_family,
    dropped="every output weight v_i is nonzero",
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
    details = {**cert, "hypotheses_hold": hyp}
    # rows of J_v are those of J_1 with column blocks scaled by v_i, so ker J_1ᵀ ⊆ ker J_vᵀ; a kernel
    # vector of J_vᵀ outside ker J_1ᵀ is a dependency that exists only because of v
    for alpha in with_v.left_kernel:
        if any(sum(a * Fraction(r[c]) for a, r in zip(alpha, ones.matrix)) for c in range(ones.n_params)):
            details["certificate"] = dependency_certificate(with_v.matrix, list(alpha))
            details["certificate_note"] = "a dependency of the rows of J with v that fails for v = 1"
            break
    return Counterexample(
        STATEMENT,
        inst,
        f"rank {with_v.rank} with v but {ones.rank} with v = 1" + ("" if hyp else " (v has a zero entry)"),
        details,
    )
