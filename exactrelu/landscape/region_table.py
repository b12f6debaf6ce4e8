"""Appendix D's table: every activation region of one ReLU with a bias, its rank, rays and image.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", Appendix D (the table behind Proposition 13).  Notation and
conventions (θ = (w, b), x̄ = (x, 1), z̃^(i) = (−1, x^(i))) are those of
:mod:`exactrelu.landscape.function_space`.

* :func:`region_table` computes the table independently of the paper's formulas: the
  regions (step vectors for 1-D data, the arrangement's chambers otherwise), the exact
  rank of each Jacobian J_a, the irredundant half-planes, the extreme rays of the closed
  region (:func:`cone_generators`, exact brute force, no LP) and their images.
* :func:`appendix_d_table` writes the same rows from the paper's formulas, for comparison.

Appendix D: rank 0 for the pattern 0, rank 1 for the two patterns active only on x^(1)
or only on x^(n), rank 2 (image = the cone over one polyline segment) for the other
2n − 3.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import DegenerateInputError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, nullspace, primitive_vector, rank
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import exact_points_1d, homogenise
from exactrelu.exact.types import Exact, MatrixLike, Pattern, VectorLike
from exactrelu.landscape.function_space import data_points, polyline_vertices
from exactrelu.landscape.step_vectors import in_data_order, step_vector

__all__ = [
    "RegionRecord",
    "RegionTable",
    "appendix_d_table",
    "cone_generators",
    "region_table",
]


# ----------------------------------------------------------------------------
# closed polyhedral cones: extreme rays by brute force (exact, independent of LP)
# ----------------------------------------------------------------------------


def cone_generators(
    rows: Sequence[Sequence[Exact]],
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Lineality basis and extreme rays of the closed cone {θ : <r, θ> ≥ 0 for r in rows}.

    C = L + cone(R) with L = {θ : <r, θ> = 0 ∀r}.  An extreme ray of the pointed part
    C ∩ L^⊥ spans the kernel of (D − dim L − 1) independent rows together with a basis of
    L; every such candidate line is tried with both signs (exact).  Rays are primitive
    integer vectors, sorted.  Cost: C(#distinct rows, rank − 1) kernels — fine for the
    planes and small spaces of this package.

    >>> cone_generators([(1, 0), (0, 1)])
    ((), ((0, 1), (1, 0)))
    """
    prim = sorted({primitive_vector(r) for r in rows if any(r)})
    dim = len(prim[0])
    lin = nullspace(prim, ncols=dim)
    r = dim - len(lin)
    rays = set()
    for subset in itertools.combinations(prim, r - 1):
        ker = nullspace(list(subset) + list(lin), ncols=dim)
        if len(ker) != 1:
            continue
        for k in (ker[0], tuple(-c for c in ker[0])):
            if all(dot(row, k) >= 0 for row in prim):
                rays.add(primitive_vector(k))
    return tuple(lin), tuple(sorted(rays))


def _facets(
    rows: Sequence[Sequence[Exact]], lineality: Sequence[tuple[int, ...]], rays: Sequence[tuple[int, ...]]
) -> list[int]:
    """Indices of the rows defining facets of the full-dimensional cone {<r, θ> ≥ 0}.

    A supporting hyperplane <r, θ> = 0 cuts the face L + cone(rays on it), a facet iff
    that face has dimension D − 1.
    """
    dim = len(rows[0])
    out = []
    for i, r in enumerate(rows):
        on = [g for g in rays if dot(r, g) == 0] + list(lineality)
        if on and rank(on) == dim - 1:
            out.append(i)
    return out


# ----------------------------------------------------------------------------
# the region table of Appendix D
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionRecord:
    """One non-empty activation region of a single unit (one row of Appendix D's table).

    Attributes
    ----------
    pattern : tuple of 0/1
        Activation pattern a, input order of x (1 = active, <x̄_j, θ> > 0).
    rank : int
        Rank of the Jacobian J_a (rows a_j x̄_j), exact.
    facets : tuple of (j, s)
        The region is the intersection of the open half-planes s·<x̄_j, θ> > 0
        over these pairs (j 0-based, input order): its irredundant description.
        With repeated points every copy of a facet hyperplane is listed.
    halfplanes : str
        The same as ``"H_1^+ ∩ H_3^-"`` with 1-based input indices (the paper's
        notation when x is sorted).
    rays : tuple of tuple of int
        Extreme rays (w..., b) of the closed region, primitive integer vectors.
    ray_labels : tuple of str
        For 1-D data, each ray as ``"z~(i)"`` or ``"-z~(i)"`` (z̃^(i) = (−1, x^(i)),
        i the 1-based *sorted* index, the paper's notation).
    lineality : tuple of tuple of int
        Basis of the lineality space of the closed region (empty for distinct
        data with n ≥ 2; non-empty e.g. for n = 1).
    image_rays : tuple of tuple of int
        Extreme rays of the image cone J_a(C̄_a) ⊂ R^n: J_a applied to ``rays``, zero
        vectors dropped, deduplicated up to positive scaling (primitive integer).
    witness : tuple of int
        A parameter in the open region (verified exactly).
    """

    pattern: Pattern
    rank: int
    facets: tuple[tuple[int, int], ...]
    halfplanes: str
    rays: tuple[tuple[int, ...], ...]
    ray_labels: tuple[str, ...]
    lineality: tuple[tuple[int, ...], ...]
    image_rays: tuple[tuple[int, ...], ...]
    witness: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({k: getattr(self, k) for k in self.__dataclass_fields__})


@dataclass(frozen=True)
class RegionTable:
    """All non-empty activation regions of one unit with a bias on data x (Appendix D).

    ``x`` is the data in input order (Fraction rows); ``records`` one
    :class:`RegionRecord` per region — for 1-D data in order along the polyline
    (0, then active on x^(1) only, on x^(1), x^(2), ..., on all, ..., on x^(n) only).
    """

    x: tuple[tuple[Fraction, ...], ...]
    records: tuple[RegionRecord, ...]
    notes: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[RegionRecord]:
        return iter(self.records)

    def ranks(self) -> dict[int, int]:
        """Number of regions per Jacobian rank, as {rank: count}."""
        out: dict[int, int] = {}
        for r in self.records:
            out[r.rank] = out.get(r.rank, 0) + 1
        return dict(sorted(out.items()))

    def by_pattern(self) -> dict[Pattern, RegionRecord]:
        """The records keyed by their activation pattern."""
        return {r.pattern: r for r in self.records}

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable({"x": self.x, "ranks": self.ranks(), "notes": self.notes, "records": self.records})


def _candidate_patterns(pts: Sequence[tuple[Fraction, ...]]) -> list[Pattern]:
    """Activation patterns to try: step vectors along the polyline for 1-D data, else the chambers."""
    if len(pts[0]) == 1:
        n = len(pts)
        # 0, then active on the first k sorted points (k = 1..n), then on the last n - k (k = 1..n-1)
        along = [step_vector(n, 1, 0)] + [step_vector(n, k + 1, 0) for k in range(1, n + 1)]
        along += [step_vector(n, k + 1, 1) for k in range(1, n)]
        return list(dict.fromkeys(in_data_order([p[0] for p in pts], along)))
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    return [c.pattern for c in HyperplaneArrangement.from_data(pts).chambers()]


def _ray_label(ray: tuple[int, ...], xs_sorted: Sequence[Fraction]) -> str:
    """Name a ray (w, b) of the plane as ±z̃^(i) (z̃^(i) = (−1, x^(i)), sorted 1-based i)."""
    w, b = ray
    if w == 0:
        return "b>0" if b > 0 else "b<0"
    point = Fraction(-b, w)
    i = xs_sorted.index(point) + 1 if point in xs_sorted else None
    name = f"z~({i})" if i else f"z~(x={point})"
    return name if w < 0 else "-" + name


def _record(
    H: Sequence[tuple[Fraction, ...]], pattern: Pattern, xs_sorted: Sequence[Fraction] | None
) -> RegionRecord | None:
    """The table row of one pattern, or None if its region is empty."""
    signs = tuple(2 * a - 1 for a in pattern)
    found = cone_feasibility(H, signs)
    if found.witness is None:
        return None
    oriented = [tuple(s * v for v in h) for s, h in zip(signs, H)]
    lin, rays = cone_generators(oriented)
    jac = [tuple(a * v for v in h) for a, h in zip(pattern, H)]
    images = {primitive_vector([dot(row, g) for row in jac]) for g in rays}
    images.discard(tuple([0] * len(H)))
    prim = [primitive_vector(r) for r in oriented]
    facet_dirs = {prim[i] for i in _facets(oriented, lin, rays)}
    facets = tuple((j, signs[j]) for j in range(len(H)) if prim[j] in facet_dirs)
    labels = tuple(_ray_label(g, xs_sorted) for g in rays) if xs_sorted is not None else ()
    return RegionRecord(
        pattern=tuple(pattern),
        rank=rank(jac),
        facets=facets,
        halfplanes=" ∩ ".join(f"H_{j + 1}^{'+' if s > 0 else '-'}" for j, s in facets),
        rays=rays,
        ray_labels=labels,
        lineality=lin,
        image_rays=tuple(sorted(images)),
        witness=tuple(found.witness),
    )


def region_table(x: VectorLike | MatrixLike) -> RegionTable:
    """The table of Appendix D: every non-empty activation region of one unit with a bias.

    For each region S_a = {θ = (w, b) : (2a_j − 1)<x̄_j, θ> > 0} (x̄_j = (x_j, 1)):
    the pattern a, the rank of the Jacobian J_a (rows a_j x̄_j), the irredundant
    half-planes, the extreme rays of the closed region C̄_a, and the extreme rays of
    the image cone J_a(C̄_a) in function space.  The rays are computed
    independently of the paper's formulas: each is the kernel of one bounding
    hyperplane (in general: of D − 1 of them), with the sign that satisfies every
    other inequality, checked exactly; the image rays are J_a of these rays.

    For distinct 1-D data (Karhadkar et al. 2023, Lemma 9) the regions are the 2n step
    vectors (in sorted order; patterns are reported in the input order of x) and the
    table reproduces Appendix D: rank 0 for a = 0, rank 1 for the two patterns active
    on x^(1) only or x^(n) only, rank 2 for the other 2n − 3.  Other data are accepted
    (repeated points: fewer regions; d-dimensional data: the chambers of the
    arrangement), which is what the negative controls of
    :func:`exactrelu.landscape.proposition13.verify_proposition13` use.

    Parameters
    ----------
    x : data, a list of numbers (1-D) or a table of points, any order

    Returns
    -------
    RegionTable

    Examples
    --------
    >>> t = region_table([0, 1, 3])
    >>> t.ranks()
    {0: 1, 1: 2, 2: 3}
    >>> r = t.by_pattern()[(1, 1, 0)]
    >>> r.halfplanes, r.rays, r.ray_labels, r.image_rays
    ('H_2^+ ∩ H_3^-', ((-1, 1), (-1, 3)), ('z~(2)', 'z~(3)'), ((1, 0, 0), (3, 2, 0)))
    """
    pts = data_points(x)
    H = homogenise(pts)
    xs_sorted = sorted(p[0] for p in pts) if len(pts[0]) == 1 else None
    records = []
    for pattern in _candidate_patterns(pts):
        rec = _record(H, pattern, xs_sorted)
        if rec is not None:
            records.append(rec)
    notes = {
        "convention": "theta = (w, b), x_bar = (x, 1) (bias last); z~(i) = (-1, x^(i)), i sorted 1-based"
    }
    return RegionTable(pts, tuple(records), notes)


def appendix_d_table(x: VectorLike | MatrixLike) -> dict[Pattern, dict[str, Any]]:
    """The rows of Appendix D's table as the paper states them, for sorted distinct 1-D data.

    Returns {pattern (input order): dict(rank, facets, rays, image_rays)} with rays as
    primitive integer (w, b) vectors and image rays as primitive vectors of R^n, built
    from the formulas (sorted indices, z̃^(i) = (−1, x^(i)); u_i, v_i the vectors of
    eq. (2), :func:`exactrelu.landscape.function_space.polyline_vertices`):

    ======================  ====  =================  ===============  ===================================
    pattern (sorted)        rank  region             rays             image rays
    ======================  ====  =================  ===============  ===================================
    0                       0     H_1^- ∩ H_n^-      z̃(1), −z̃(n)      —
    1_{1}                   1     H_1^+ ∩ H_2^-      z̃(1), z̃(2)       e_1
    1_{≤i}, 2 ≤ i ≤ n−1     2     H_i^+ ∩ H_{i+1}^-  z̃(i), z̃(i+1)     z̃(i)X_{≤i}, z̃(i+1)X_{≤i+1}
    1_{[n]}                 2     H_1^+ ∩ H_n^+      −z̃(1), z̃(n)      −z̃(1)X_{≥1}, z̃(n)X_{≤n}
    1_{≥i}, 2 ≤ i ≤ n−1     2     H_{i−1}^- ∩ H_i^+  −z̃(i−1), −z̃(i)   −z̃(i−1)X_{≥i−1}, −z̃(i)X_{≥i}
    1_{n}                   1     H_{n−1}^- ∩ H_n^+  −z̃(n−1), −z̃(n)   e_n
    ======================  ====  =================  ===============  ===================================

    Raises DegenerateInputError unless the data are n ≥ 2 distinct 1-D points.

    >>> appendix_d_table([0, 1, 3])[(0, 1, 1)]["rays"]
    ((1, -1), (1, 0))
    """
    xs = exact_points_1d(x, name="x")
    n = len(xs)
    if n < 2 or len(set(xs)) != n:
        raise DegenerateInputError("Appendix D's table is stated for n >= 2 distinct 1-D points")
    order = sorted(range(n), key=lambda j: xs[j])
    s = [xs[j] for j in order]
    eq2 = [primitive_vector(v.vector) for v in polyline_vertices(xs, include_zero=True)]  # u_1..u_n, v_1..v_n

    def z(i: int, sign: int = 1) -> tuple[int, ...]:  # ±z̃^(i), 1-based sorted i, in (w, b) coordinates
        return primitive_vector((-sign, sign * s[i - 1]))

    def u(i: int) -> tuple[int, ...]:
        return eq2[i - 1]

    def v(i: int) -> tuple[int, ...]:
        return eq2[n + i - 1]

    def row(
        active: Sequence[int] | range,
        rk: int,
        facets: list[tuple[int, int]],
        rays: list[tuple[int, ...]],
        images: list[tuple[int, ...]],
    ) -> tuple[Pattern, dict[str, Any]]:
        p = [0] * n
        for i in active:
            p[order[i - 1]] = 1
        fac = tuple(sorted((order[i - 1], sg) for i, sg in facets))
        return tuple(p), {
            "rank": rk,
            "facets": fac,
            "rays": tuple(sorted(rays)),
            "image_rays": tuple(sorted(images)),
        }

    rows = [
        row([], 0, [(1, -1), (n, -1)], [z(1), z(n, -1)], []),
        row([1], 1, [(1, 1), (2, -1)], [z(1), z(2)], [u(2)]),
        row(range(1, n + 1), 2, [(1, 1), (n, 1)], [z(1, -1), z(n)], [v(1), u(n)]),
        row([n], 1, [(n - 1, -1), (n, 1)], [z(n - 1, -1), z(n, -1)], [v(n - 1)]),
    ]
    for i in range(2, n):
        rows.append(row(range(1, i + 1), 2, [(i, 1), (i + 1, -1)], [z(i), z(i + 1)], [u(i), u(i + 1)]))
        rows.append(
            row(range(i, n + 1), 2, [(i - 1, -1), (i, 1)], [z(i - 1, -1), z(i, -1)], [v(i - 1), v(i)])
        )
    return dict(rows)
