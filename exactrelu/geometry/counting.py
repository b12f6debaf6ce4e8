"""Closed-form region counts and their exact cross-checks.

* **Schläfli / Cover**: a central arrangement of n hyperplanes in general
  position in R^D (every min(n, D) normals linearly independent) has

      C(n, D) = 2 Σ_{k=0}^{D-1} binom(n-1, k)

  regions (Schläfli 1950; Cover 1965, "the function counting theorem").  It is
  2^n when n <= D and it is the maximum over all central arrangements of n
  hyperplanes of rank D (:func:`cover_count`).
* **Proposition 6** of Karhadkar, Murray, Tseran & Montúfar 2023 ("Number of
  non-empty regions"): for a
  layer of ``units`` ReLUs whose data columns are in general position in a
  D-dimensional linear space, the number of non-empty activation regions in
  parameter space is C(n, D)^units (:func:`relu_layer_regions`).  Data in R^d
  fed to units *with a bias* are homogenised, x̄ = (x, 1), so D = d + 1.
* **Lemma 9** of Karhadkar et al. 2023: for n distinct 1-D data points and units with
  a bias the non-empty regions are exactly the tuples of step vectors, (2n)^units
  of them (:func:`step_vector_count`).
* **Zaslavsky's theorem** (1975): the number of regions of a real arrangement is
  |χ(-1)| for its characteristic polynomial χ (:func:`zaslavsky_regions`), and the
  number of faces of dimension k is Σ |χ_{A^X}(-1)| over the flats X of dimension
  k (:func:`zaslavsky_face_counts`).
* Whitney numbers of the first and second kind (:func:`whitney_numbers`).

:func:`cross_check` compares, for one data set, the exact enumeration count, the
characteristic-polynomial count and the closed form (when its hypothesis holds,
as certified by :mod:`exactrelu.geometry.position`).

References
----------
Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks
have a favorable loss landscape", Proposition 6, Lemma 9 and Appendix B.
T. Zaslavsky, *Facing up to arrangements*, Mem. AMS 154 (1975).
T. M. Cover, "Geometrical and statistical properties of systems of linear
inequalities", IEEE Trans. Electronic Computers (1965).
R. Stanley, *An introduction to hyperplane arrangements* (2007), Lecture 2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from exactrelu.exact.errors import InvalidDataError, SizeLimitError
from exactrelu.exact.jsonio import dumps, to_jsonable
from exactrelu.exact.parse import exact_integer, exact_matrix
from exactrelu.exact.types import MatrixLike
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import upper_bound_regions
from exactrelu.geometry.position import general_position

__all__ = [
    "CrossCheck",
    "Whitney",
    "cover_count",
    "cross_check",
    "general_position_characteristic_polynomial",
    "relu_layer_regions",
    "step_vector_count",
    "whitney_numbers",
    "zaslavsky_face_counts",
    "zaslavsky_regions",
]


def cover_count(n: int, D: int) -> int:
    """Number of regions of n central hyperplanes in general position in R^D.

    Parameters
    ----------
    n : int >= 0
        Number of hyperplanes (n = 0: one region, the whole space).
    D : int >= 1
        Dimension of the (linear) space.

    Returns
    -------
    int
        2 Σ_{k<D} binom(n-1, k); equals 2^n for 1 <= n <= D.

    Raises
    ------
    InvalidDataError
        Negative arguments or D = 0 with n > 0 (no hyperplane in R^0).

    Examples
    --------
    >>> cover_count(10, 3), cover_count(3, 5), cover_count(0, 2), cover_count(7, 1)
    (92, 8, 1, 2)
    """
    exact_integer(n, name="n")
    exact_integer(D, name="D")
    if n and D == 0:
        raise InvalidDataError("a central hyperplane needs dimension D >= 1")
    return upper_bound_regions(n, D)


def relu_layer_regions(n: int, d: int, units: int = 1, *, bias: bool = False) -> int:
    """Karhadkar et al. 2023, Proposition 6: non-empty activation regions of a ReLU layer.

    Parameters
    ----------
    n : int
        Number of data points (columns of X).
    d : int
        Dimension of the *linear* space the columns live in (in general position
        there).  For data in R^d fed to units with a bias pass ``bias=True``
        (or d + 1): the homogenised points x̄ = (x, 1) live in R^{d+1}.
    units : int
        Number of ReLUs d_1 in the layer (the parameter-space arrangement is a
        product of ``units`` copies).
    bias : bool
        Whether d is the data dimension of units with a bias (then D = d + 1).

    Returns
    -------
    int
        ``cover_count(n, D) ** units``.

    Raises
    ------
    InvalidDataError
        Negative or non-integer arguments.

    Examples
    --------
    >>> relu_layer_regions(10, 2, bias=True), relu_layer_regions(10, 3)
    (92, 92)
    >>> relu_layer_regions(4, 1, 3, bias=True)
    512
    """
    exact_integer(units, name="units")
    D = exact_integer(d, name="d") + (1 if bias else 0)
    return cover_count(n, D) ** units


def step_vector_count(n: int, units: int = 1) -> int:
    """Karhadkar et al. 2023, Lemma 9: (2n)^units regions for n distinct 1-D points with bias.

    For n >= 1 the 2n step vectors ξ^(k,0), ξ^(k,1) (k = 1..n+1, with
    ξ^(1,0) = ξ^(n+1,1) = 0 and ξ^(n+1,0) = ξ^(1,1) = 1 counted once) are the
    activation patterns of one unit; n = 0 gives one (empty) pattern.

    Parameters
    ----------
    n : int >= 0
        Number of distinct 1-D data points.
    units : int >= 0
        Number of units (the count is a product over them).

    >>> step_vector_count(5), step_vector_count(3, 2), step_vector_count(0)
    (10, 36, 1)
    """
    exact_integer(n, name="n")
    exact_integer(units, name="units")
    return (2 * n) ** units if n else 1


def general_position_characteristic_polynomial(n: int, D: int) -> tuple[int, ...]:
    """Characteristic polynomial of n central hyperplanes in general position in R^D.

    Coefficients low to high degree (degree D).  In general position every set
    of k < D hyperplanes meets in a flat of codimension k, so
    χ(t) = Σ_{k<min(n+1,D)} (-1)^k binom(n, k) t^{D-k} + c_0 t^{D-n'} with the
    constant making χ(1) = 0 (for n >= D); for n < D it is t^{D-n} (t-1)^n.

    >>> general_position_characteristic_polynomial(10, 3)
    (-36, 45, -10, 1)
    >>> general_position_characteristic_polynomial(2, 3)
    (0, 1, -2, 1)
    """
    exact_integer(n, name="n")
    exact_integer(D, name="D")
    c = [0] * (D + 1)
    if n < D:
        for k in range(n + 1):
            c[D - k] = (-1) ** k * math.comb(n, k)
        return tuple(c)
    for k in range(D):
        c[D - k] = (-1) ** k * math.comb(n, k)
    c[0] = -sum(c[1:])
    return tuple(c)


def zaslavsky_regions(char_poly_coeffs: Sequence[int]) -> int:
    """Number of regions |χ(-1)| of a real arrangement from its characteristic polynomial.

    Parameters
    ----------
    char_poly_coeffs : sequence of int
        Coefficients of χ, low to high degree (as
        :meth:`HyperplaneArrangement.characteristic_polynomial` returns them).

    Returns
    -------
    int
        |χ(-1)|, Zaslavsky's count (Sage's ``n_regions()``).

    Examples
    --------
    >>> zaslavsky_regions((-36, 45, -10, 1))
    92
    """
    return abs(sum(int(c) * (-1) ** k for k, c in enumerate(char_poly_coeffs)))


class Whitney(NamedTuple):
    """Whitney numbers of an arrangement, indexed by rank k = 0..rank.

    ``first_kind[k]`` = Σ_{rank X = k} μ(R^D, X) (the coefficient of t^{D-k} in χ);
    ``second_kind[k]`` = number of flats of rank k.
    """

    first_kind: tuple[int, ...]
    second_kind: tuple[int, ...]


def _flats_from_poset(poset: Any) -> list[tuple[frozenset[int], int, int]]:
    """[(zero set frozenset, rank, dimension)] from an intersection poset."""
    out = []
    for node, attrs in poset.nodes(data=True):
        out.append((frozenset(node), int(attrs["rank"]), int(attrs.get("dimension", -1))))
    return out


def whitney_numbers(arrangement: HyperplaneArrangement) -> Whitney:
    """Whitney numbers of the first and second kind of a central arrangement.

    The same numbers as Sage's ``whitney_number(k, kind)`` for k = 0..rank, by two
    routes independent of :meth:`HyperplaneArrangement.whitney_numbers`.

    Parameters
    ----------
    arrangement : HyperplaneArrangement
        Anything with ``characteristic_polynomial()``, ``intersection_poset()``,
        ``rank()`` and ``dimension``.

    Returns
    -------
    Whitney
        First kind from the characteristic polynomial; second kind by counting
        the flats of the intersection poset by rank.

    Notes
    -----
    Σ_k |w_k| = number of regions (Zaslavsky); w_0 = W_0 = 1, w_1 = -W_1.

    Examples
    --------
    >>> from exactrelu.geometry.arrangement import HyperplaneArrangement
    >>> whitney_numbers(HyperplaneArrangement.from_data([[0], [1], [2]]))
    Whitney(first_kind=(1, -3, 2), second_kind=(1, 3, 1))
    """
    D = arrangement.dimension
    r = arrangement.rank()
    # the lattice route: the intersection poset below builds every flat anyway
    chi = tuple(int(c) for c in arrangement.characteristic_polynomial(method="lattice"))
    first = tuple(chi[D - k] for k in range(r + 1))
    counts = [0] * (r + 1)
    for _, rank, _ in _flats_from_poset(arrangement.intersection_poset()):
        counts[rank] += 1
    return Whitney(first, tuple(counts))


def _mobius_up(flats_sets: Sequence[frozenset[int]], ranks: Sequence[int], x: int) -> dict[int, int]:
    """μ(X, Y) for all Y >= X (Y ⊆ X as subspaces, i.e. Z(X) ⊆ Z(Y))."""
    zx = flats_sets[x]
    up = [y for y in range(len(flats_sets)) if zx <= flats_sets[y]]
    up.sort(key=lambda y: ranks[y])
    mu: dict[int, int] = {}
    for y in up:
        if y == x:
            mu[y] = 1
            continue
        zy = flats_sets[y]
        mu[y] = -sum(m for z, m in mu.items() if flats_sets[z] <= zy and z != y)
    return mu


def zaslavsky_face_counts(arrangement: HyperplaneArrangement, *, max_flats: int = 5000) -> tuple[int, ...]:
    """Number of faces of each dimension from the intersection poset (Zaslavsky).

    Every face F spans a flat X and is a region of the restriction A^X, so
    f_k = Σ_{dim X = k} r(A^X) with r(A^X) = |χ_{A^X}(-1)| = Σ_{Y ≥ X} |μ(X, Y)|.
    The Möbius function is computed here from the zero sets of the flats
    (X ≤ Y iff Z(X) ⊆ Z(Y)), independently of any face enumeration.

    Parameters
    ----------
    arrangement : HyperplaneArrangement
    max_flats : int
        Refuse larger posets (the cost is Σ_X |up(X)|^2 subset tests).

    Returns
    -------
    tuple of int
        (f_0, ..., f_D), faces counted by dimension (cones in R^D): the same vector
        as :meth:`HyperplaneArrangement.face_vector` (Sage's ``face_vector()``).

    Raises
    ------
    SizeLimitError
        More than ``max_flats`` flats.

    Examples
    --------
    >>> from exactrelu.geometry.arrangement import HyperplaneArrangement
    >>> zaslavsky_face_counts(HyperplaneArrangement.from_data([[0], [1], [2]]))
    (1, 6, 6)
    """
    D = arrangement.dimension
    flats = _flats_from_poset(arrangement.intersection_poset())
    if len(flats) > max_flats:
        raise SizeLimitError("flats (Möbius function of the intersection poset)", len(flats), max_flats)
    sets = [f[0] for f in flats]
    ranks = [f[1] for f in flats]
    f = [0] * (D + 1)
    for x in range(len(flats)):
        mu = _mobius_up(sets, ranks, x)
        f[D - ranks[x]] += sum(abs(m) for m in mu.values())
    return tuple(f)


# ---------------------------------------------------------------------------
# cross-check
# ---------------------------------------------------------------------------


@dataclass
class CrossCheck:
    """Three exact routes to the number of regions of one data set.

    Attributes
    ----------
    n, d, bias, dimension, rank
        Number of points, data dimension, whether x̄ = (x, 1) was used, the
        dimension D of parameter space and the rank of the normals.
    enumerated : int
        ``len(HyperplaneArrangement.chambers())``.
    characteristic_polynomial : tuple of int
        Low to high degree.
    zaslavsky : int
        |χ(-1)| (also equal to ``n_regions()``, which is checked).
    general_position, general_position_in_span : dict
        :class:`~exactrelu.geometry.position.GeneralPositionResult` as dicts (ambient D,
        and within the span of the normals).
    closed_form : int or None
        Schläfli/Cover count C(n, D) (general position in R^D) or C(n, r)
        (general position in the r-dimensional span); None if neither holds.
    closed_form_hypothesis : str or None
    step_vectors : int or None
        2n (Lemma 9) for 1-D data with bias and distinct points.
    upper_bound : int
        C(n, rank): no arrangement of this rank has more regions.
    agree : bool
        All available counts coincide and enumerated <= upper_bound.
    """

    n: int
    d: int
    bias: bool
    dimension: int
    rank: int
    enumerated: int
    characteristic_polynomial: tuple[int, ...]
    zaslavsky: int
    general_position: dict[str, Any]
    general_position_in_span: dict[str, Any]
    closed_form: int | None
    closed_form_hypothesis: str | None
    step_vectors: int | None
    upper_bound: int
    agree: bool
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict."""
        return to_jsonable(asdict(self))

    def to_json(self, **kw: Any) -> str:
        """The dict as a JSON string (keywords go to :func:`exactrelu.exact.jsonio.dumps`)."""
        return dumps(self, **kw)


def cross_check(
    X: MatrixLike, bias: bool = True, *, limit: int | None = None, strict: bool = False
) -> CrossCheck:
    """Count the regions of a data set's arrangement by every route and compare.

    Parameters
    ----------
    X : table of N points in R^d
    bias : bool
        Use the homogenised normals x̄_i = (x_i, 1) (units with a bias), else x_i.
    limit : int, optional
        Enumeration limit passed to ``chambers`` (and to the general-position test).
    strict : bool
        Refuse binary floats.

    Returns
    -------
    CrossCheck

    Examples
    --------
    >>> cc = cross_check([[0, 0], [1, 1], [3, 3], [5, -2]])
    >>> cc.enumerated, cc.zaslavsky, cc.closed_form, cc.agree
    (12, 12, None, True)
    >>> cc = cross_check([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> cc.enumerated, cc.zaslavsky, cc.closed_form, cc.agree
    (14, 14, 14, True)
    """
    pts = exact_matrix(X, strict=strict, name="data")
    A = HyperplaneArrangement.from_data(pts, bias=bias) if bias else HyperplaneArrangement(pts)
    n, D, r = A.n_hyperplanes(), A.dimension, A.rank()
    enumerated = len(A.chambers(limit=limit))
    # n_regions() takes the closed form in certified general position; χ is then
    # recomputed from the intersection lattice, independently, and the two compared
    nreg = A.n_regions(limit=limit)
    chi = tuple(int(c) for c in A.characteristic_polynomial(method="lattice", limit=limit))
    zas = zaslavsky_regions(chi)
    notes = []
    if nreg != zas:
        notes.append(f"n_regions() = {nreg} differs from |chi(-1)| = {zas}")
    gp = general_position(pts, bias=bias, limit=limit)
    gps = general_position(pts, bias=bias, within_span=True, limit=limit)
    closed, hyp = None, None
    if gp:
        closed, hyp = (
            cover_count(n, D),
            f"general position in R^{D} (Karhadkar et al. 2023, Proposition 6, D = {D})",
        )
    elif gps:
        closed, hyp = (
            cover_count(n, r),
            f"general position in the {r}-dimensional span "
            f"(Karhadkar et al. 2023, Proposition 6 with d = {r})",
        )
    step = None
    if bias and len(pts[0]) == 1 and len(set(pts)) == len(pts):
        step = step_vector_count(n)
    ub = cover_count(n, r)
    counts = (
        {enumerated, zas, nreg}
        | ({closed} if closed is not None else set())
        | ({step} if step is not None else set())
    )
    agree = len(counts) == 1 and enumerated <= ub
    if enumerated > ub:
        notes.append(f"enumerated {enumerated} exceeds the rank-{r} maximum {ub}")
    return CrossCheck(
        n=n,
        d=len(pts[0]),
        bias=bool(bias),
        dimension=D,
        rank=r,
        enumerated=enumerated,
        characteristic_polynomial=chi,
        zaslavsky=zas,
        general_position=gp.to_dict(),
        general_position_in_span=gps.to_dict(),
        closed_form=closed,
        closed_form_hypothesis=hyp,
        step_vectors=step,
        upper_bound=ub,
        agree=agree,
        notes=notes,
    )
