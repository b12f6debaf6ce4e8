"""Function space of one ReLU with bias on 1-D data: the polyline and certified membership.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 6 (Proposition 13, Figure 1) and Appendix D.

Setting.  Data x^(1), ..., x^(n) in R, one unit with a bias, parameter θ = (w, b) in
R^2.  Homogenised data are x̄_j = (x_j, 1) (bias *last*, the library's convention; the
paper writes the points in 1 × R, bias *first*).  The function space over the data is

    F_X = {(σ(w x_j + b))_{j=1..n} : (w, b) in R^2}  ⊂  R^n_{≥0},   σ(s) = max(s, 0).

On the closed activation region C̄_a = {θ : (2a_j − 1)<x̄_j, θ> ≥ 0} of a pattern
a in {0,1}^n the map θ ↦ F_X(θ) is linear, equal to the Jacobian
J_a θ = (a_j <x̄_j, θ>)_j, so F_X is the union of the cones J_a(C̄_a).

Notation of the paper in our coordinates.  z̃^(i) is the parameter of the function
x ↦ x^(i) − x, i.e. (w, b) = (−1, x^(i)) (the paper's [x^(i), −1] with the bias
first); <z̃^(i), x̄^(i)> = 0.  X_{≤i} (X_{≥i}) keeps the data columns j ≤ i (j ≥ i) and
zeroes the others, so on sorted distinct data

    u_i := z̃^(i) X_{≤i}  = ((x^(i) − x_j)_+)_j,      v_i := −z̃^(i) X_{≥i} = ((x_j − x^(i))_+)_j.

Karhadkar et al. 2023, Proposition 13, first bullet: F_X is the cone over the polyline
u_2 (∝ e_1), u_3, ..., u_n, v_1, v_2, ..., v_{n−1} (∝ e_n) of eq. (2); u_1 = v_n = 0.

This module gives the polyline (:func:`polyline_vertices`) and decides membership in
F_X and in the image cone of one region with certificates (:func:`function_space_contains`,
:func:`image_cone_contains`).  Appendix D's table of the 2n regions is in
:mod:`exactrelu.landscape.region_table`, the convexity statements of section 6 in
:mod:`exactrelu.landscape.convexity`, and the check of Proposition 13 in
:mod:`exactrelu.landscape.proposition13`.

Everything is exact (Fractions / integers); LP questions go through
:func:`exactrelu.exact.lp.cone_feasibility` and every answer carries a certificate that
the ``verify`` functions re-check with nothing but exact arithmetic.

Examples
--------
>>> [v.pattern for v in polyline_vertices([0, 1, 3])]
[(1, 0, 0), (1, 1, 0), (0, 1, 1), (0, 0, 1)]
>>> [v.vector for v in polyline_vertices([0, 1, 3])][1]
(Fraction(3, 1), Fraction(2, 1), Fraction(0, 1))
>>> function_space_contains([0, 1, 3], [3, 2, 0]).contained
True
>>> r = function_space_contains([0, 1, 3], [1, 0, 1])   # not convex: no single ReLU
>>> r.contained, r.dependency, r.verify([0, 1, 3])
(False, (2, -3, 1), True)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exactrelu.exact.certificates import exact_entries, verify_dependency
from exactrelu.exact.errors import DegenerateInputError, SolverError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, primitive_vector
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import exact_matrix, exact_points_1d, exact_vector, homogenise, pattern_tuple
from exactrelu.exact.types import Exact, MatrixLike, Pattern, PatternLike, VectorLike

__all__ = [
    "Membership",
    "PolylineVertex",
    "data_points",
    "function_space_contains",
    "image_cone_contains",
    "is_on_polyline",
    "membership_system",
    "polyline_position",
    "polyline_vertices",
    "verify_membership",
    "verify_motzkin",
]

_ZERO = Fraction(0)


def _is_number(v: Any) -> bool:
    return isinstance(v, (str, bytes)) or not hasattr(v, "__len__")


def data_points(x: VectorLike | MatrixLike) -> tuple[tuple[Fraction, ...], ...]:
    """The data as exact rows; a flat sequence (or 1-D numpy array) of numbers is 1-D data.

    ``[0, 1, 3]`` and ``[[0], [1], [3]]`` are the same three points of R; a table of
    points of R^d is read as it is (:func:`exactrelu.exact.parse.exact_matrix`).

    >>> data_points([0, "1/2"]) == data_points([[0], ["1/2"]])
    True
    """
    flat = x.ndim == 1 if hasattr(x, "ndim") else not _is_number(x) and all(_is_number(r) for r in x)
    if flat:
        return tuple((a,) for a in exact_points_1d(x, name="x"))
    return exact_matrix(x, name="x")


def _normalise(vec: Sequence[Exact]) -> tuple[Fraction, ...]:
    s = sum(vec)
    return tuple(Fraction(v) / s for v in vec)


# ----------------------------------------------------------------------------
# the polyline of Proposition 13, eq. (2)
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PolylineVertex:
    """One vertex of the polyline of Karhadkar et al. 2023, Proposition 13, eq. (2).

    Attributes
    ----------
    label : str
        ``"z~(i) X<=i"`` (= u_i = ((x^(i) − x_j)_+)_j) or ``"-z~(i) X>=i"``
        (= v_i = ((x_j − x^(i))_+)_j); i is the 1-based index in *sorted* order (the
        paper's).  With repeated points ``duplicates`` lists the other labels giving
        the same vector.
    vector : tuple of Fraction
        Unnormalised function values, in the input order of x.
    normalised : tuple of Fraction or None
        ``vector / sum(vector)``: the point of the simplex {f ≥ 0, Σ f = 1} (None for 0).
    pattern : tuple of 0/1
        Support of the vector (where the function is positive), input order.
    """

    label: str
    vector: tuple[Fraction, ...]
    normalised: tuple[Fraction, ...] | None
    pattern: Pattern
    duplicates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "label": self.label,
                "vector": self.vector,
                "normalised": self.normalised,
                "pattern": self.pattern,
                "duplicates": self.duplicates,
            }
        )


def polyline_vertices(x: VectorLike | MatrixLike, *, include_zero: bool = False) -> list[PolylineVertex]:
    """The vertices of the polyline of Karhadkar et al. 2023, Proposition 13, eq. (2), in order.

    For sorted data x^(1) ≤ ... ≤ x^(n) the vectors of eq. (2) are
    u_i = z̃^(i) X_{≤i} = ((x^(i) − x_j)_+)_j and v_i = −z̃^(i) X_{≥i} = ((x_j − x^(i))_+)_j,
    i = 1..n (z̃^(i) = (w, b) = (−1, x^(i)), see the module docstring).  u_1 = v_n = 0,
    so for distinct points the polyline has the 2n − 2 vertices
    u_2 ∝ e_1, u_3, ..., u_n, v_1, ..., v_{n−1} ∝ e_n; consecutive vertices bound one
    rank-2 image cone of Appendix D's table.  Each vertex is returned unnormalised and
    normalised to coordinate sum 1 (the picture of Figure 1).  Equal vectors (repeated
    points) are listed once, the other labels in ``duplicates``.

    Parameters
    ----------
    x : 1-D data, a list of numbers or a table [[x_1], ..., [x_n]], any order
    include_zero : bool
        Return instead all 2n vectors of eq. (2) in the paper's order u_1..u_n, v_1..v_n
        (zeros and repetitions kept, ``normalised`` None for the zero vector).

    Returns
    -------
    list of PolylineVertex

    Raises
    ------
    InvalidDataError
        x is not 1-D data.
    DegenerateInputError
        Fewer than two distinct points: every vector of eq. (2) is 0, while
        F_X = R_{≥0}·(1, ..., 1) (section 6: F_X = R_{≥0} for n = 1).

    Examples
    --------
    >>> [v.label for v in polyline_vertices([[-2], [0], [1], [3]])]
    ['z~(2) X<=2', 'z~(3) X<=3', 'z~(4) X<=4', '-z~(1) X>=1', '-z~(2) X>=2', '-z~(3) X>=3']
    >>> polyline_vertices([0, 1, 3])[1].normalised
    (Fraction(3, 5), Fraction(2, 5), Fraction(0, 1))
    """
    xs = exact_points_1d(x, name="x")
    srt = sorted(xs)
    forms = [(f"z~({i + 1}) X<={i + 1}", tuple(max(c - t, _ZERO) for t in xs)) for i, c in enumerate(srt)]
    forms += [(f"-z~({i + 1}) X>={i + 1}", tuple(max(t - c, _ZERO) for t in xs)) for i, c in enumerate(srt)]
    if include_zero:
        return [
            PolylineVertex(lab, vec, _normalise(vec) if any(vec) else None, _support(vec))
            for lab, vec in forms
        ]
    if len(set(xs)) < 2:
        raise DegenerateInputError(
            "the polyline needs at least two distinct data points: eq. (2) gives only "
            "the zero vector, and F_X is the ray of the constant functions"
        )
    # polyline order: u_2..u_n, then v_1..v_{n-1} (the zero vectors u_1, v_n are dropped)
    seen: dict[tuple[Fraction, ...], list[str]] = {}
    for lab, vec in forms:
        if any(vec):
            seen.setdefault(vec, []).append(lab)
    return [
        PolylineVertex(labs[0], vec, _normalise(vec), _support(vec), tuple(labs[1:]))
        for vec, labs in seen.items()
    ]


def _support(vec: Sequence[Exact]) -> Pattern:
    return tuple(int(v != 0) for v in vec)


def polyline_position(x: VectorLike | MatrixLike, f: VectorLike) -> tuple[int, Fraction] | None:
    """Where f/Σf lies on the polyline: ``(k, λ)`` with f/Σf = (1 − λ) p_k + λ p_{k+1}, or ``None``.

    p_0, p_1, ... are the normalised vertices of :func:`polyline_vertices`; λ in [0, 1] is
    exact.  ``None`` if f has a negative entry, f = 0, or f/Σf is on no segment.  At a
    vertex the first segment containing it is reported.

    >>> polyline_position([0, 1, 3], [1, 1, 1])     # the constant σ(1) on segment u_3 -- v_1
    (1, Fraction(4, 9))
    >>> polyline_position([0, 1, 3], [1, 0, 1]) is None
    True
    """
    verts = [v.normalised for v in polyline_vertices(x) if v.normalised is not None]
    fv = exact_vector(f, len(verts[0]), name="f")
    if any(v < 0 for v in fv) or not any(fv):
        return None
    g = _normalise(fv)
    if len(verts) == 1:
        return (0, Fraction(0)) if g == verts[0] else None
    for k, (p, q) in enumerate(itertools.pairwise(verts)):
        lam = _segment_parameter(p, q, g)
        if lam is not None:
            return k, lam
    return None


def _segment_parameter(
    p: Sequence[Fraction], q: Sequence[Fraction], g: Sequence[Fraction]
) -> Fraction | None:
    """λ in [0, 1] with g = (1 − λ) p + λ q, or None (exact)."""
    j = next(i for i in range(len(p)) if p[i] != q[i])
    lam = (g[j] - p[j]) / (q[j] - p[j])
    if 0 <= lam <= 1 and all(p[i] + lam * (q[i] - p[i]) == g[i] for i in range(len(p))):
        return lam
    return None


def is_on_polyline(x: VectorLike | MatrixLike, f: VectorLike) -> bool:
    """True iff f ≥ 0, f ≠ 0 and f/Σf lies on a segment of the polyline (exact).

    By Karhadkar et al. 2023, Proposition 13 (first bullet) this is f ∈ F_X \\ {0}; compare
    :func:`function_space_contains`, which decides membership by an LP instead.

    >>> is_on_polyline([0, 1, 3], [0, 2, 6]), is_on_polyline([0, 1, 3], [0, 2, 5])
    (True, False)
    """
    return polyline_position(x, f) is not None


# ----------------------------------------------------------------------------
# membership in image cones and in F_X, with certificates
# ----------------------------------------------------------------------------


def _is_exact(v: Sequence[Any] | None) -> bool:
    """An exact certificate: integers and Fractions only (a float could pass an equality by rounding)."""
    if v is None:
        return False
    try:
        exact_entries(v)
    except TypeError:
        return False
    return True


def verify_motzkin(rows: Sequence[Sequence[Exact]], kinds: Sequence[str], y: Sequence[Exact] | None) -> bool:
    """True iff y proves {z : <r_i, z> > 0 ('>'), ≥ 0 ('>='), = 0 ('=')} is empty (exact).

    Motzkin's transposition theorem: the system is infeasible iff there is y with
    y_i ≥ 0 on the '>' and '>=' rows, y_i > 0 for some '>' row, y_i free on '='
    rows, and Σ_i y_i r_i = 0.  (If z were feasible, <Σ y_i r_i, z> would be > 0.)

    >>> verify_motzkin([(1,), (-1,)], (">", ">="), (1, 1))
    True
    >>> verify_motzkin([(1,), (-1,)], (">=", ">="), (1, 1))
    False
    """
    if y is None or not _is_exact(y) or len(y) != len(rows) or len(kinds) != len(rows):
        return False
    if any(k != "=" and v < 0 for k, v in zip(kinds, y)):
        return False
    if not any(k == ">" and v > 0 for k, v in zip(kinds, y)):
        return False
    return all(sum(v * r[c] for v, r in zip(y, rows)) == 0 for c in range(len(rows[0])))


def _motzkin_feasibility(
    rows: Sequence[tuple[Exact, ...]], kinds: Sequence[str]
) -> tuple[tuple[Fraction, ...], None] | tuple[None, tuple[int, ...]]:
    """Decide {z : <r_i, z> > 0 / ≥ 0 / = 0} with :func:`cone_feasibility`; return (z, None) or (None, y).

    cone_feasibility knows only strict and equality rows, so a '>=' row starts strict.
    If infeasible with a Farkas vector y positive on no '>' row, the '>=' rows with
    y_i > 0 vanish on the whole closed system (implicit equalities): they become
    equalities and we retry.  A final certificate positive on a '>' row is combined
    with the earlier ones (in reverse order) into a single Motzkin vector, see
    :func:`verify_motzkin`.
    """
    n = len(rows)
    relaxed: set[int] = set()
    steps: list[tuple[list[Fraction], list[int]]] = []
    while True:
        signs = tuple(0 if k == "=" or i in relaxed else 1 for i, k in enumerate(kinds))
        res = cone_feasibility(rows, signs)
        if res.witness is not None:
            return tuple(Fraction(v) for v in res.witness), None
        assert res.certificate is not None
        y = [Fraction(v) for v in res.certificate]
        if any(kinds[i] == ">" and y[i] > 0 for i in range(n)):
            return None, _combine(y, steps)
        new = [i for i in range(n) if kinds[i] == ">=" and i not in relaxed and y[i] > 0]
        if not new:  # pragma: no cover - a verified Farkas vector is positive on some strict row
            raise SolverError("Farkas vector positive on no strict row")
        steps.append((y, new))
        relaxed.update(new)


def _combine(y: list[Fraction], steps: list[tuple[list[Fraction], list[int]]]) -> tuple[int, ...]:
    """Make the rows relaxed to equalities non-negative again by adding earlier certificates."""
    for yk, new in reversed(steps):
        lam = max([-y[i] / yk[i] for i in new] + [Fraction(0)])
        y = [a + lam * b for a, b in zip(y, yk)]
    return primitive_vector(y)


def membership_system(
    x: VectorLike | MatrixLike,
    f: VectorLike,
    kind: str = "function_space",
    pattern: PatternLike | None = None,
) -> tuple[list[tuple[Exact, ...]], tuple[str, ...], tuple[str, ...]]:
    """Rows (over z = (w..., b, t)), kinds ('>', '>=', '=') and labels of a membership problem.

    kind 'open'/'closed': f ∈ J_a(S_a) resp. J_a(C̄_a) iff ∃ z with t > 0,
    a_j<x̄_j, θ> − t f_j = 0 and (2a_j − 1)<x̄_j, θ> > 0 (resp. ≥ 0).
    kind 'function_space' (f ≥ 0): ∃ z with t > 0, <x̄_j, θ> − t f_j = 0 where
    f_j > 0 and −<x̄_j, θ> ≥ 0 where f_j = 0; then f = σ(<x̄, θ/t>).
    Zero equality rows (a_j = f_j = 0) are left out.  The Motzkin vector of a negative
    :class:`Membership` refers to these rows.
    """
    pts = data_points(x)
    fv = exact_vector(f, len(pts), name="f")
    a = pattern_tuple(pattern, len(pts)) if kind != "function_space" and pattern is not None else None
    return _system(pts, fv, kind, a)


def _system(
    pts: Sequence[tuple[Fraction, ...]], f: Sequence[Fraction], kind: str, pattern: Pattern | None = None
) -> tuple[list[tuple[Exact, ...]], tuple[str, ...], tuple[str, ...]]:
    H = homogenise(pts)
    rows: list[tuple[Exact, ...]] = []
    kinds: list[str] = []
    labels: list[str] = []

    def add(row: tuple[Exact, ...], k: str, lab: str) -> None:
        if k != "=" or any(row):
            rows.append(row)
            kinds.append(k)
            labels.append(lab)

    for j, (h, fj) in enumerate(zip(H, f)):
        if kind == "function_space":
            if fj > 0:
                add(h + (-fj,), "=", f"value {j}")
            else:
                add(tuple(-v for v in h) + (0,), ">=", f"inactive {j}")
        else:
            assert pattern is not None
            a = pattern[j]
            add(tuple(a * v for v in h) + (-fj,), "=", f"value {j}")
            add(tuple((2 * a - 1) * v for v in h) + (0,), ">" if kind == "open" else ">=", f"sign {j}")
    add((0,) * len(H[0]) + (1,), ">", "t")
    return rows, tuple(kinds), tuple(labels)


@dataclass(frozen=True)
class Membership:
    """Certified answer to "is f in this image cone / in F_X?".

    Attributes
    ----------
    contained : bool
        The answer; ``bool(result)`` is ``contained``.
    kind : str
        ``'open'`` (f ∈ J_a(S_a), the open region's image), ``'closed'``
        (f ∈ J_a(C̄_a)) or ``'function_space'`` (f ∈ F_X).
    f : tuple of Fraction
    pattern : tuple of 0/1 or None
    witness : tuple of Fraction or None
        A parameter θ = (w..., b) with F_X(θ) = f (and θ in the open/closed region).
    farkas : tuple of int or None
        A Motzkin vector for the rows of :func:`membership_system` (labels in
        ``labels``), see :func:`verify_motzkin`.
    dependency : tuple of int or None
        ('function_space') c in Z^n with Σ_j c_j x̄_j = 0, c_j ≤ 0 where f_j = 0 and
        <c, f> > 0: for f = σ(ℓ), ℓ affine, <c, f> = −Σ_{f_j=0} c_j ℓ(x_j) ≤ 0.
    negative_index : int or None
        ('function_space') an index with f_j < 0 (σ ≥ 0).
    """

    contained: bool
    kind: str
    f: tuple[Fraction, ...]
    pattern: Pattern | None = None
    witness: tuple[Any, ...] | None = None
    farkas: tuple[Exact, ...] | None = None
    labels: tuple[str, ...] = ()
    dependency: tuple[Exact, ...] | None = None
    negative_index: int | None = None

    def __bool__(self) -> bool:
        return self.contained

    def verify(self, x: VectorLike | MatrixLike) -> bool:
        """Re-check the certificate exactly against the data x; returns bool."""
        return verify_membership(x, self)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({k: getattr(self, k) for k in self.__dataclass_fields__})


def _solve(
    pts: Sequence[tuple[Fraction, ...]], f: tuple[Fraction, ...], kind: str, pattern: Pattern | None = None
) -> Membership:
    rows, kinds, labels = _system(pts, f, kind, pattern)
    z, y = _motzkin_feasibility(rows, kinds)
    if z is not None:
        theta = tuple(v / z[-1] for v in z[:-1])
        return Membership(True, kind, f, pattern, witness=theta)
    assert y is not None
    dep = None
    if kind == "function_space":  # c_j = y_j on value rows, −y_j on inactive rows
        dep = primitive_vector(
            [
                y[labels.index(f"value {j}")] if f"value {j}" in labels else -y[labels.index(f"inactive {j}")]
                for j in range(len(f))
            ]
        )
    return Membership(False, kind, f, pattern, farkas=y, labels=labels, dependency=dep)


def image_cone_contains(
    x: VectorLike | MatrixLike, pattern: PatternLike, f: VectorLike, *, closed: bool = False
) -> Membership:
    """Decide exactly whether f is in the image of the region of ``pattern``.

    open (default): f ∈ J_a(S_a) = {(a_j <x̄_j, θ>)_j : (2a_j − 1)<x̄_j, θ> > 0 ∀j};
    closed: f ∈ J_a(C̄_a) (non-strict signs), the cone over the region's image rays
    (Karhadkar et al. 2023, Proposition 13, Appendix D).  Homogenised with z = (θ, t):
    rows a_j<x̄_j, θ> − t f_j = 0, the sign rows of the region and t > 0, decided by
    :func:`exactrelu.exact.lp.cone_feasibility` (non-strict rows by iterated
    implicit-equality detection, see :func:`verify_motzkin`).

    Parameters
    ----------
    x : data (1-D list of numbers or a table), any order
    pattern : sequence of 0/1 or a bit string, input order of x
    f : sequence of numbers, one per point
    closed : bool

    Returns
    -------
    Membership
        With a witness θ (F(θ) = f exactly and the region's signs hold) or a
        Motzkin vector; re-check with ``result.verify(x)``.

    Examples
    --------
    >>> image_cone_contains([0, 1, 3], (1, 1, 0), [3, 2, 0]).contained      # a ray: boundary
    False
    >>> image_cone_contains([0, 1, 3], (1, 1, 0), [3, 2, 0], closed=True).witness
    (Fraction(-1, 1), Fraction(3, 1))
    """
    pts = data_points(x)
    pat = pattern_tuple(pattern, len(pts))
    return _solve(pts, exact_vector(f, len(pts), name="f"), "closed" if closed else "open", pat)


def function_space_contains(x: VectorLike | MatrixLike, f: VectorLike) -> Membership:
    """Decide exactly whether f = (σ(<x̄_j, θ>))_j for some θ, i.e. f ∈ F_X.

    Formulation: f ∈ F_X iff f ≥ 0 and there is θ with <x̄_j, θ> = f_j where f_j > 0
    and <x̄_j, θ> ≤ 0 where f_j = 0.  This is the union over all closed regions
    (including their lower-dimensional faces) without enumerating them: the support
    of f fixes the active points.  Infeasibility is certified by an affine
    dependency c of the points (Σ_j c_j x̄_j = 0) with c_j ≤ 0 where f_j = 0 and
    <c, f> > 0 (see :class:`Membership`).  Works for data of any dimension.

    Examples
    --------
    >>> r = function_space_contains([[-2], [0], [1], [3]], [5, 3, 2, 0])
    >>> r.contained, r.witness
    (True, (Fraction(-1, 1), Fraction(3, 1)))
    >>> function_space_contains([0, 1], [-1, 0]).negative_index
    0
    """
    pts = data_points(x)
    fv = exact_vector(f, len(pts), name="f")
    neg = next((j for j, v in enumerate(fv) if v < 0), None)
    if neg is not None:
        return Membership(False, "function_space", fv, negative_index=neg)
    return _solve(pts, fv, "function_space")


def verify_membership(x: VectorLike | MatrixLike, result: Membership) -> bool:
    """Re-check a :class:`Membership` exactly against the data x (independent of the LP).

    A witness θ must satisfy the defining conditions directly: f_j = σ(<x̄_j, θ>)
    ('function_space'), resp. f_j = a_j<x̄_j, θ> with (2a_j − 1)<x̄_j, θ> > 0 ('open')
    or ≥ 0 ('closed').  A negative answer needs a Motzkin vector for the rebuilt
    system (:func:`verify_motzkin`) and, for 'function_space', the dependency c (or
    f_j < 0 at ``negative_index``).
    """
    if not isinstance(result, Membership) or result.kind not in ("open", "closed", "function_space"):
        return False
    pts = data_points(x)
    f = result.f
    H = homogenise(pts)
    if len(f) != len(H):
        return False
    if result.kind in ("open", "closed") and (
        result.pattern is None
        or len(result.pattern) != len(H)
        or any(a not in (0, 1) for a in result.pattern)
    ):
        return False
    if result.contained:
        return _witness_ok(H, f, result)
    if result.kind == "function_space":
        if result.negative_index is not None:
            return 0 <= result.negative_index < len(f) and f[result.negative_index] < 0
        if any(v < 0 for v in f) or not _dependency_ok(H, f, result.dependency):
            return False
    rows, kinds, _ = _system(pts, f, result.kind, result.pattern)
    return verify_motzkin(rows, kinds, result.farkas)


def _witness_ok(H: Sequence[tuple[Fraction, ...]], f: Sequence[Fraction], result: Membership) -> bool:
    th = result.witness
    if th is None or not _is_exact(th) or len(th) != len(H[0]):
        return False
    vals = [dot(h, th) for h in H]
    if result.kind == "function_space":
        return all(max(v, _ZERO) == fj for v, fj in zip(vals, f))
    a = result.pattern
    assert a is not None
    strict = result.kind == "open"
    signs_ok = all((s * v > 0) if strict else (s * v >= 0) for s, v in zip((2 * b - 1 for b in a), vals))
    return signs_ok and all(b * v == fj for b, v, fj in zip(a, vals, f))


def _dependency_ok(H: Sequence[tuple[Fraction, ...]], f: Sequence[Fraction], c: Sequence[Any] | None) -> bool:
    """c is an exact dependency of the x̄_j with c_j ≤ 0 where f_j = 0 and <c, f> > 0."""
    if c is None or not _is_exact(c) or len(c) != len(H) or not verify_dependency(H, c):
        return False
    return all(cj <= 0 for cj, fj in zip(c, f) if fj == 0) and dot(c, f) > 0
