"""Karhadkar, Murray, Tseran & Montúfar 2023, Proposition 6 (number of non-empty activation regions).

Statement: for a layer of d_1 ReLUs, if the columns of X (here: the homogenised
data x̄_i = (x_i, 1), or x_i without bias) are in general position in a
D-dimensional linear space, the number of non-empty activation regions in
parameter space is (2 Σ_{k<D} binom(n-1, k))^{d_1}.

The check enumerates the chambers of one unit's arrangement exactly (witnesses
verified, completeness certified by |χ(-1)|), raises the count to the power d_1
(the parameter-space arrangement of d_1 units is a product arrangement, Appendix
B), and compares with :func:`exactrelu.geometry.counting.relu_layer_regions`.  General
position is decided by :mod:`exactrelu.geometry.position`; when it fails the dependency is
reported, and the counts differ (a non-generic arrangement of rank D has fewer
regions), so the result is a :class:`Counterexample` showing the hypothesis is
needed.

``span=True`` reads the hypothesis as in the paper's wording "in general position
in a d-dimensional linear space": D is the rank of the vectors and general
position is required within their span (e.g. coplanar 3-D data: D = 3, not 4).
"""

from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import cover_count
from exactrelu.geometry.position import general_position

from ._common import exact_data, instance_dict, verified_chambers
from .framework import Counterexample, NotApplicable, Verified, register

STATEMENT = (
    "If the columns of X are in general position in a D-dimensional linear space, a layer of "
    "d_1 ReLUs has (2 Σ_{k<D} C(n-1,k))^{d_1} non-empty activation regions."
)
SOURCE = "Karhadkar et al. 2023, Proposition 6 (proof in Appendix B)"


def dependency_certificate(gp, points):
    """The failure of general position ``gp`` as a certificate for the hunter to re-check.

    ``{"kind": "affine_dependency", "points", "coefficients"}`` (Σ c_i x_i = 0, Σ c_i = 0)
    for affine general position, ``{"kind": "dependency", "vectors", "coefficients"}`` for
    linear general position of the rows of ``points``; None when general position holds.

    >>> from exactrelu.exact.certificates import verify_certificate
    >>> from exactrelu.geometry.position import general_position
    >>> pts = [[0, 0], [1, 1], [2, 2]]
    >>> c = dependency_certificate(general_position(pts), pts)
    >>> c["kind"], c["coefficients"], verify_certificate(c)
    ('affine_dependency', [1, -2, 1], True)
    """
    if gp.holds or gp.subset is None:
        return None
    rows = [list(points[i]) for i in gp.subset]
    if gp.kind == "affine":
        return {"kind": "affine_dependency", "points": rows, "coefficients": list(gp.coefficients)}
    return {"kind": "dependency", "vectors": rows, "coefficients": list(gp.coefficients)}


def _default():
    return [[0, 0], [3, 1], [1, 4], [-2, 3], [5, -1]]


def _negative():
    return [[0, 0], [1, 1], [3, 3], [5, -2], [-4, 7]]  # a collinear triple


def _family():
    """Integer data in affine general position, d = 1..3, N = 1..7, with 1 or 2 units."""
    from hypothesis import strategies as st

    from exactrelu.strategies import generic_datasets

    return st.fixed_dictionaries({"X": generic_datasets(d=(1, 3), n=(1, 7)), "units": st.integers(1, 2)})


def _negative_family():
    """The same data with a planted degeneracy (general position dropped), N ≥ d + 2.

    A duplicate or a collinear/coplanar/zero-pattern subset lowers the count below the
    closed form whenever the circuit it creates is small enough to matter, which the
    hunter finds; instances where the count happens to agree verify.
    """
    from hypothesis import strategies as st

    from exactrelu.strategies import degenerate_datasets

    return st.fixed_dictionaries({"X": degenerate_datasets(d=(1, 3), n=(2, 7))})


@register(
    "prop6",
    STATEMENT,
    SOURCE,
    default=_default,
    negative=_negative,
    hypotheses=("columns (homogenised data) in linear general position in R^D",),
    family=_family,
    negative_family=_negative_family,
    dropped="columns (homogenised data) in linear general position in R^D",
)
def check_prop6(X, *, bias=True, units=1, span=False, limit=None):
    """Check Proposition 6 on data ``X``.

    Parameters
    ----------
    X : table of N points in R^d
    bias : bool
        Units with a bias (normals x̄_i = (x_i, 1), D = d + 1) or without (D = d).
    units : int
        Number d_1 of ReLUs in the layer.
    span : bool
        Take D = rank and require general position within the span.
    limit : int, optional
        Enumeration limit.
    """
    pts = exact_data(X)
    A = HyperplaneArrangement.from_data(pts, bias=bias) if bias else HyperplaneArrangement(pts)
    n = A.n_hyperplanes()
    D = A.rank() if span else A.dimension
    gp = general_position(pts, bias=bias, within_span=span, limit=limit)
    chambers, cert = verified_chambers(A, limit)
    if not cert["complete"]:
        return NotApplicable(STATEMENT, "chamber enumeration does not match |χ(-1)| (library bug)", cert)
    enumerated = len(chambers) ** units
    closed = cover_count(n, D) ** units
    inst = instance_dict(pts, bias=bias, units=units, span=span)
    numbers = {
        "enumerated": enumerated,
        "closed_form": closed,
        "n": n,
        "D": D,
        "units": units,
        "single_unit_chambers": len(chambers),
    }
    if gp:
        if enumerated == closed:
            return Verified(
                STATEMENT,
                {**numbers, **cert, "general_position": gp.certificate},
                {"general_position": gp.to_dict()},
            )
        return Counterexample(
            STATEMENT,
            inst,
            f"general position holds but {enumerated} regions were enumerated "
            f"and the closed form gives {closed}",
            {**numbers, "hypotheses_hold": True, "general_position": gp.to_dict()},
        )
    if enumerated != closed:
        return Counterexample(
            STATEMENT,
            inst,
            f"general position fails ({gp.describe()}); the arrangement has {enumerated} regions but the "
            f"closed form gives {closed}: the hypothesis cannot be dropped",
            {
                **numbers,
                "hypotheses_hold": False,
                "general_position": gp.to_dict(),
                "certificate": dependency_certificate(gp, pts),
            },
        )
    return NotApplicable(
        STATEMENT,
        f"general position fails ({gp.describe()}) but the counts agree ({enumerated})",
        {**numbers, "general_position": gp.to_dict()},
    )
