"""Zaslavsky's theorem for the central arrangement of a data set.

Statement (Zaslavsky 1975; used in Karhadkar, Murray, Tseran & Montúfar 2023, section 4 and
Appendix B):
a real arrangement A has |χ_A(-1)| regions, where χ_A is the characteristic
polynomial of its intersection lattice; more generally it has
Σ_{dim X = k} |χ_{A^X}(-1)| faces of dimension k (sum over the flats X, A^X the
restriction).

The check compares

* the exact chamber enumeration (witnesses verified) with |χ(-1)|;
* the characteristic polynomial of the library (Möbius function on the flats)
  with Whitney's independent subset formula
  χ(t) = Σ_{S ⊆ [n]} (-1)^{|S|} t^{D - rank S} (for n <= ``whitney_max``);
* the enumerated faces (covectors, witnesses verified) by dimension with the
  Zaslavsky face counts from the intersection poset
  (:func:`exactrelu.geometry.counting.zaslavsky_face_counts`).

No hypothesis can be dropped: Zaslavsky's Theorem A holds for *every* real
arrangement (central or not, generic or degenerate, repeated hyperplanes
included).  A zero normal, the only candidate (it defines no hyperplane, and the
library refuses it), does not break it either: it leaves no region, and Whitney's
χ vanishes.  So this check has no negative control and no negative
family.  Its family is arbitrary small integer data (degenerate data included),
on which it must always verify.

Mutation control (labelled as such, not a dropped hypothesis): with
``polynomial="generic"`` the polynomial is deliberately replaced by the one of an
arrangement in general position
(:func:`exactrelu.geometry.counting.general_position_characteristic_polynomial`),
a wrong formula on degenerate data; the check must then return a
:class:`Counterexample` (``details["mutation"]`` True).
"""

import itertools

from exactrelu.exact import linalg
from exactrelu.exact.certificates import check, verify_witness
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import (
    general_position_characteristic_polynomial,
    zaslavsky_face_counts,
    zaslavsky_regions,
)
from exactrelu.geometry.position import general_position

from ._common import exact_data, instance_dict, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "A real central arrangement has |χ(-1)| regions and Σ_{dim X=k} |χ_{A^X}(-1)| faces of "
    "dimension k, χ being the characteristic polynomial of its intersection lattice."
)
SOURCE = "Zaslavsky 1975, Theorem A; Karhadkar et al. 2023, section 4 and Appendix B"


def whitney_characteristic_polynomial(normals, D):
    """χ(t) = Σ_{S ⊆ [n]} (-1)^{|S|} t^{D - rank S} (Whitney's theorem), coefficients low to high.

    Exponential in n; independent of the flat/Möbius computation.

    >>> whitney_characteristic_polynomial([(1, 0), (0, 1), (1, 1)], 2)
    (2, -3, 1)
    """
    c = [0] * (D + 1)
    n = len(normals)
    for k in range(n + 1):
        for S in itertools.combinations(range(n), k):
            r = linalg.rank([normals[i] for i in S]) if S else 0
            c[D - r] += (-1) ** k
    return tuple(c)


def _default():
    return [[0, 0], [1, 1], [3, 3], [5, -2], [-4, 7], [2, 9]]  # degenerate on purpose: not generic


def _mutation():
    """Mutation control: the general-position polynomial on data with a collinear triple."""
    return {"X": [[0, 0], [1, 1], [3, 3], [5, -2], [-4, 7]], "polynomial": "generic"}


def _family():
    """Arbitrary integer data, d = 1..3, N = 1..5, |x| ≤ 2 (degenerate data included)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import integer_datasets

    return st.fixed_dictionaries({"X": integer_datasets(d=(1, 3), n=(1, 5), max_value=2)})


@register(
    "zaslavsky",
    STATEMENT,
    SOURCE,
    default=_default,
    hypotheses=(),
    family=_family,
    mutation=_mutation,
)
def check_zaslavsky(X, *, bias=True, polynomial="lattice", faces=True, whitney_max=12, limit=None):
    """Check Zaslavsky's theorem on the arrangement of data ``X``.

    Parameters
    ----------
    X : table of points
    bias : bool
        Normals x̄_i = (x_i, 1) or x_i.
    polynomial : {'lattice', 'generic'}
        Which polynomial to count with: the arrangement's own (the theorem) or, as a
        mutation control, the general-position one (valid only under general position).
    faces : bool
        Also compare face counts by dimension.
    whitney_max : int
        Cross-check χ with Whitney's subset formula when n <= whitney_max.
    """
    if polynomial not in ("lattice", "generic"):
        raise ValueError(f"polynomial must be 'lattice' or 'generic', got {polynomial!r}")
    pts = exact_data(X)
    A = HyperplaneArrangement.from_data(pts, bias=bias) if bias else HyperplaneArrangement(pts)
    n, D = A.n_hyperplanes(), A.dimension
    inst = instance_dict(pts, bias=bias, polynomial=polynomial)
    chambers, cert = verified_chambers(A, limit)
    chi_lattice = tuple(A.characteristic_polynomial())
    cert = {**cert, "characteristic_polynomial": chi_lattice}
    if n <= whitney_max:
        chi_whitney = whitney_characteristic_polynomial(A.normals, D)
        if chi_whitney != chi_lattice:
            return Counterexample(
                STATEMENT,
                inst,
                f"library χ {chi_lattice} differs from Whitney's formula {chi_whitney} (library bug)",
                {"hypotheses_hold": True},
            )
        cert["whitney_formula_agrees"] = True
    if polynomial == "generic":
        chi = general_position_characteristic_polynomial(n, D)
        gp = general_position(pts, bias=bias, limit=limit)
        hyp = bool(gp) or chi == chi_lattice
    else:
        chi, gp, hyp = chi_lattice, None, True
    regions = zaslavsky_regions(chi)
    numbers = {"enumerated": len(chambers), "zaslavsky": regions, "polynomial_used": chi}
    if regions != len(chambers):
        why = f"|χ(-1)| = {regions} but {len(chambers)} chambers were enumerated (witnesses verified)"
        extra = {"hypotheses_hold": hyp}
        if not hyp:
            why = (
                "mutation control: the polynomial was computed as if in general position, which fails "
                f"({gp.describe()}); " + why + f"; the lattice polynomial {chi_lattice} gives "
                f"{zaslavsky_regions(chi_lattice)}"
            )
            extra = {"hypotheses_hold": False, "mutation": True, "general_position": gp.to_dict()}
        return Counterexample(STATEMENT, inst, why, {**numbers, **extra})
    if not hyp:
        return NotApplicable(
            STATEMENT, "generic polynomial on non-generic data, but the count agrees", numbers
        )
    if faces:
        faces_list = A.covectors(limit=limit)
        for f in faces_list:
            check(verify_witness(A.normals, f.signs, f.witness), f"witness of face {f.signs}")
        check(len({f.signs for f in faces_list}) == len(faces_list), "covectors pairwise distinct")
        enumerated_f = [0] * (D + 1)
        for f in faces_list:
            enumerated_f[f.dimension] += 1
        predicted_f = zaslavsky_face_counts(A)
        numbers.update(faces_enumerated=tuple(enumerated_f), faces_zaslavsky=predicted_f)
        if tuple(enumerated_f) != predicted_f:
            return Counterexample(
                STATEMENT,
                inst,
                f"faces by dimension: enumerated {enumerated_f}, Zaslavsky {predicted_f}",
                {**numbers, "hypotheses_hold": True},
            )
    return Verified(STATEMENT, {**cert, **numbers})
