"""Function space of one ReLU with bias on 1-D data (Karhadkar et al., Proposition 13, Appendix D).

Setting.  Data x^(1), ..., x^(n) in R, one unit with a bias, parameter
θ = (w, b) in R^2.  Homogenised data are x̄_j = (x_j, 1) (bias *last*, the
library's convention; the paper writes the points in 1 × R, bias *first*).  The
function space over the data is

    F_X = {(σ(w x_j + b))_{j=1..n} : (w, b) in R^2}  ⊂  R^n_{≥0},   σ(s) = max(s, 0).

On the closed activation region C̄_a = {θ : (2a_j − 1)<x̄_j, θ> ≥ 0} of a pattern
a in {0,1}^n the map θ ↦ F_X(θ) is linear, equal to the Jacobian
J_a θ = (a_j <x̄_j, θ>)_j, so F_X is the union of the cones J_a(C̄_a).

Notation of the paper in our coordinates.  z̃^(i) is the parameter of the
function x ↦ x^(i) − x, i.e. (w, b) = (−1, x^(i)) (the paper's [x^(i), −1] with
the bias first); <z̃^(i), x̄^(i)> = 0.  X_{≤i} (X_{≥i}) keeps the data columns
j ≤ i (j ≥ i) and zeroes the others, so on sorted distinct data

    u_i := z̃^(i) X_{≤i}  = ((x^(i) − x_j)_+)_j,      v_i := −z̃^(i) X_{≥i} = ((x_j − x^(i))_+)_j.

Proposition 13, first bullet: F_X is the cone over the polyline
u_2 (∝ e_1), u_3, ..., u_n, v_1, v_2, ..., v_{n−1} (∝ e_n); u_1 = v_n = 0.  Appendix
D tabulates the 2n regions: rank 0 for the pattern 0, rank 1 for the two patterns
active only on x^(1) or only on x^(n), rank 2 (image = the cone over one segment)
for the other 2n − 3.

Everything is exact (Fractions / integers); LP questions go through
:func:`exactrelu.exact.lp.cone_feasibility` and every answer carries a certificate
that the ``verify`` functions re-check with nothing but exact arithmetic.

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
from dataclasses import dataclass, field
from fractions import Fraction

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError, SolverError
from exactrelu.exact.linalg import dot, nullspace, primitive_vector, rank
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.parse import exact_matrix, homogenise

__all__ = [
    "CONVEX_CONE_MAX_N",
    "Membership",
    "PolylineVertex",
    "RegionRecord",
    "RegionTable",
    "appendix_d_table",
    "function_space_contains",
    "image_cone_contains",
    "is_convex_on",
    "is_on_polyline",
    "nonnegative_convex_cone_rays",
    "polyline_position",
    "polyline_vertices",
    "region_table",
    "relu_sum",
    "relu_sum_is_nonnegative_convex",
    "verify_membership",
    "verify_motzkin",
    "verify_proposition13",
]

CONVEX_CONE_MAX_N = 8
"""Largest n for which :func:`nonnegative_convex_cone_rays` enumerates (C(2n−2, n−1) rank tests)."""


# ----------------------------------------------------------------------------
# input and JSON helpers
# ----------------------------------------------------------------------------


def _is_scalar(v):
    return isinstance(v, (str, bytes)) or not hasattr(v, "__len__")


def _points(x):
    """Data as a tuple of Fraction rows; a flat list (or numpy vector) of numbers is read as 1-D data."""
    if hasattr(x, "ndim") and x.ndim == 1:
        x = [[v] for v in x.tolist()]
    elif not _is_scalar(x) and len(x) and all(_is_scalar(r) for r in x):
        x = [[r] for r in x]
    return exact_matrix(x, name="x")


def _xs(x):
    """1-D data as a tuple of Fractions (input order)."""
    pts = _points(x)
    if len(pts[0]) != 1:
        raise InvalidDataError(
            f"x must be 1-D data (one number per point); got points of dimension {len(pts[0])}"
        )
    return tuple(p[0] for p in pts)


def _vector(f, n, name="f"):
    """A function value vector in Q^n (exact)."""
    if _is_scalar(f) or len(f) != n:
        raise InvalidDataError(f"{name} must have one value per data point ({n}), got {f!r}")
    return exact_matrix([list(f)], name=name)[0]


def _jsonable(obj):
    """Fractions -> 'p/q' strings (str(Fraction)), tuples -> lists, dataclasses -> dicts."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str, float)):
        return obj
    if isinstance(obj, Fraction):
        return str(obj)
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return repr(obj)


def _pattern_str(p):
    return "".join("1" if a else "0" for a in p)


def _relu(s):
    return s if s > 0 else Fraction(0)


# ----------------------------------------------------------------------------
# the polyline of Proposition 13, eq. (2)
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PolylineVertex:
    """One vertex of the polyline of Proposition 13, eq. (2).

    Attributes
    ----------
    label : str
        ``"z~(i) X<=i"`` (= u_i = ((x^(i) − x_j)_+)_j) or ``"-z~(i) X>=i"``
        (= v_i = ((x_j − x^(i))_+)_j); i is the 1-based index in *sorted* order (the
        paper's).  With repeated points ``duplicates`` lists the other labels giving
        the same vector.
    vector : tuple of Fraction
        Unnormalised function values, in the input order of x.
    normalised : tuple of Fraction
        ``vector / sum(vector)``: the point of the simplex {f ≥ 0, Σ f = 1}.
    pattern : tuple of 0/1
        Support of the vector (where the function is positive), input order.
    """

    label: str
    vector: tuple
    normalised: tuple
    pattern: tuple
    duplicates: tuple = ()

    def to_dict(self):
        return _jsonable(
            {
                "label": self.label,
                "vector": self.vector,
                "normalised": self.normalised,
                "pattern": self.pattern,
                "duplicates": self.duplicates,
            }
        )


def _formulas(xs):
    """All 2n vectors of eq. (2), paper order: u_1..u_n then v_1..v_n (labels with sorted indices)."""
    srt = sorted(xs)
    u = [(f"z~({i + 1}) X<={i + 1}", tuple(_relu(c - x) for x in xs)) for i, c in enumerate(srt)]
    v = [(f"-z~({i + 1}) X>={i + 1}", tuple(_relu(x - c) for x in xs)) for i, c in enumerate(srt)]
    return u + v


def polyline_vertices(x, *, include_zero=False):
    """The vertices of the polyline of Proposition 13, eq. (2), in order along the polyline.

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
        Return instead all 2n vectors of eq. (2) (u_1..u_n, v_1..v_n, zeros and
        repetitions kept, ``normalised`` None for the zero vector).

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
    xs = _xs(x)
    forms = _formulas(xs)
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
    seen = {}
    for lab, vec in forms:
        if any(vec):
            seen.setdefault(vec, []).append(lab)
    return [
        PolylineVertex(labs[0], vec, _normalise(vec), _support(vec), tuple(labs[1:]))
        for vec, labs in seen.items()
    ]


def _normalise(vec):
    s = sum(vec)
    return tuple(Fraction(v) / s for v in vec)


def _support(vec):
    return tuple(int(v != 0) for v in vec)


def polyline_position(x, f):
    """Where f/Σf lies on the polyline: ``(k, λ)`` with f/Σf = (1 − λ) p_k + λ p_{k+1}, or ``None``.

    p_0, p_1, ... are the normalised vertices of :func:`polyline_vertices`;
    λ in [0, 1] is exact.  ``None`` if f has a negative entry, f = 0, or f/Σf is on
    no segment.  At a vertex the first segment containing it is reported.

    >>> polyline_position([0, 1, 3], [1, 1, 1])     # the constant σ(1) on segment u_3 -- v_1
    (1, Fraction(4, 9))
    >>> polyline_position([0, 1, 3], [1, 0, 1]) is None
    True
    """
    verts = [v.normalised for v in polyline_vertices(x)]
    fv = _vector(f, len(verts[0]))
    if any(v < 0 for v in fv) or not any(fv):
        return None
    g = _normalise(fv)
    if len(verts) == 1:
        return (0, Fraction(0)) if g == verts[0] else None
    for k, (p, q) in enumerate(zip(verts, verts[1:])):
        lam = _segment_parameter(p, q, g)
        if lam is not None:
            return k, lam
    return None


def _segment_parameter(p, q, g):
    """λ in [0, 1] with g = (1 − λ) p + λ q, or None (exact)."""
    j = next(i for i in range(len(p)) if p[i] != q[i])
    lam = (g[j] - p[j]) / (q[j] - p[j])
    if 0 <= lam <= 1 and all(p[i] + lam * (q[i] - p[i]) == g[i] for i in range(len(p))):
        return lam
    return None


def is_on_polyline(x, f):
    """True iff f ≥ 0, f ≠ 0 and f/Σf lies on a segment of the polyline (exact).

    By Proposition 13 (first bullet) this is f ∈ F_X \\ {0}; compare
    :func:`function_space_contains`, which decides membership by an LP instead.

    >>> is_on_polyline([0, 1, 3], [0, 2, 6]), is_on_polyline([0, 1, 3], [0, 2, 5])
    (True, False)
    """
    return polyline_position(x, f) is not None


# ----------------------------------------------------------------------------
# closed polyhedral cones: extreme rays by brute force (exact, independent of LP)
# ----------------------------------------------------------------------------


def _cone_generators(rows):
    """Lineality basis and extreme rays of the closed cone {θ : <r, θ> ≥ 0 for r in rows}.

    C = L + cone(R) with L = {θ : <r, θ> = 0 ∀r}.  An extreme ray of the pointed
    part C ∩ L^⊥ spans the kernel of (D − dim L − 1) independent rows together with
    a basis of L; every such candidate line is tried with both signs (exact).
    Cost: C(#distinct rows, rank − 1) kernels — fine for the planes and 3-spaces here.
    """
    rows = sorted({primitive_vector(r) for r in rows if any(r)})
    dim = len(rows[0])
    lin = nullspace(rows, ncols=dim)
    r = dim - len(lin)
    rays = set()
    for subset in itertools.combinations(rows, r - 1):
        ker = nullspace(list(subset) + list(lin), ncols=dim)
        if len(ker) != 1:
            continue
        for k in (ker[0], tuple(-c for c in ker[0])):
            if all(dot(row, k) >= 0 for row in rows):
                rays.add(primitive_vector(k))
    return tuple(lin), tuple(sorted(rays))


def _facets(rows, lineality, rays):
    """Indices of the rows defining facets of the full-dimensional cone {<r, θ> ≥ 0}.

    A supporting hyperplane <r, θ> = 0 cuts the face L + cone(rays on it), a facet
    iff that face has dimension D − 1.
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

    pattern: tuple
    rank: int
    facets: tuple
    halfplanes: str
    rays: tuple
    ray_labels: tuple
    lineality: tuple
    image_rays: tuple
    witness: tuple

    def to_dict(self):
        return _jsonable({k: getattr(self, k) for k in self.__dataclass_fields__})


@dataclass(frozen=True)
class RegionTable:
    """All non-empty activation regions of one unit with a bias on data x (Appendix D).

    ``x`` is the data in input order (Fraction rows); ``records`` one
    :class:`RegionRecord` per region — for 1-D data in order along the polyline
    (0, then active on x^(1) only, on x^(1), x^(2), ..., on all, ..., on x^(n) only).
    """

    x: tuple
    records: tuple
    notes: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def ranks(self):
        """Number of regions per Jacobian rank, as {rank: count}."""
        out = {}
        for r in self.records:
            out[r.rank] = out.get(r.rank, 0) + 1
        return dict(sorted(out.items()))

    def by_pattern(self):
        return {r.pattern: r for r in self.records}

    def to_dict(self):
        return _jsonable(
            {
                "x": self.x,
                "ranks": self.ranks(),
                "notes": self.notes,
                "records": [r.to_dict() for r in self.records],
            }
        )


def _step_patterns(xs):
    """Candidate step vectors of sorted order, mapped to input order, along the polyline."""
    n = len(xs)
    order = sorted(range(n), key=lambda j: (xs[j], j))
    sorted_pats = (
        [tuple([0] * n)]
        + [tuple([1] * k + [0] * (n - k)) for k in range(1, n + 1)]
        + [tuple([0] * k + [1] * (n - k)) for k in range(1, n)]
    )
    out = []
    for sp in sorted_pats:
        p = [0] * n
        for r, j in enumerate(order):
            p[j] = sp[r]
        if tuple(p) not in out:
            out.append(tuple(p))
    return out


def _candidate_patterns(pts):
    """Activation patterns to try: step vectors for 1-D data, else the arrangement's chambers."""
    if len(pts[0]) == 1:
        return _step_patterns([p[0] for p in pts])
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    return [c.pattern for c in HyperplaneArrangement.from_data(pts).chambers()]


def _ray_label(ray, xs_sorted):
    """Name a ray (w, b) of the plane as ±z̃^(i) (z̃^(i) = (−1, x^(i)), sorted 1-based i)."""
    w, b = ray
    if w == 0:
        return "b>0" if b > 0 else "b<0"
    point = Fraction(-b, w)
    i = xs_sorted.index(point) + 1 if point in xs_sorted else None
    name = f"z~({i})" if i else f"z~(x={point})"
    return name if w < 0 else "-" + name


def _record(H, pattern, xs_sorted):
    """The table row of one pattern, or None if its region is empty."""
    signs = tuple(2 * a - 1 for a in pattern)
    found = cone_feasibility(H, signs)
    if not found.feasible:
        return None
    oriented = [tuple(s * v for v in h) for s, h in zip(signs, H)]
    lin, rays = _cone_generators(oriented)
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


def region_table(x):
    """The table of Appendix D: every non-empty activation region of one unit with a bias.

    For each region S_a = {θ = (w, b) : (2a_j − 1)<x̄_j, θ> > 0} (x̄_j = (x_j, 1)):
    the pattern a, the rank of the Jacobian J_a (rows a_j x̄_j), the irredundant
    half-planes, the extreme rays of the closed region C̄_a, and the extreme rays of
    the image cone J_a(C̄_a) in function space.  The rays are computed
    independently of the paper's formulas: each is the kernel of one bounding
    hyperplane (in general: of D − 1 of them), with the sign that satisfies every
    other inequality, checked exactly; the image rays are J_a of these rays.

    For distinct 1-D data (Karhadkar et al., Lemma 9) the regions are the 2n step
    vectors (in sorted order; patterns are reported in the input order of x) and
    the table reproduces Appendix D: rank 0 for a = 0, rank 1 for the two patterns
    active on x^(1) only or x^(n) only, rank 2 for the other 2n − 3.  Other data are
    accepted (repeated points: fewer regions; d-dimensional data: the chambers of
    the arrangement), which is what the negative controls of
    :func:`verify_proposition13` use.

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
    pts = _points(x)
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


def appendix_d_table(x):
    """The rows of Appendix D's table as the paper states them, for sorted distinct 1-D data.

    Returns {pattern (input order): dict(rank, facets, rays, image_rays)} with
    rays as primitive integer (w, b) vectors and image rays as primitive vectors of
    R^n, built from the formulas (sorted indices, z̃^(i) = (−1, x^(i))):

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
    xs = _xs(x)
    n = len(xs)
    if n < 2 or len(set(xs)) != n:
        raise DegenerateInputError("Appendix D's table is stated for n >= 2 distinct 1-D points")
    order = sorted(range(n), key=lambda j: xs[j])
    s = [xs[j] for j in order]

    def z(i, sign=1):  # ±z̃^(i), 1-based sorted i, in (w, b) coordinates
        return primitive_vector((-sign, sign * s[i - 1]))

    def u(i):
        return primitive_vector([_relu(s[i - 1] - t) for t in xs])

    def v(i):
        return primitive_vector([_relu(t - s[i - 1]) for t in xs])

    def pat(active_sorted):
        p = [0] * n
        for i in active_sorted:
            p[order[i - 1]] = 1
        return tuple(p)

    def row(active, rk, facets, rays, images):
        fac = tuple(sorted((order[i - 1], sg) for i, sg in facets))
        return pat(active), {
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


# ----------------------------------------------------------------------------
# membership in image cones and in F_X, with certificates
# ----------------------------------------------------------------------------


def verify_motzkin(rows, kinds, y):
    """True iff y proves {z : <r_i, z> > 0 ('>'), ≥ 0 ('>='), = 0 ('=')} is empty (exact).

    Motzkin's transposition theorem: the system is infeasible iff there is y with
    y_i ≥ 0 on the '>' and '>=' rows, y_i > 0 for some '>' row, y_i free on '='
    rows, and Σ_i y_i r_i = 0.  (If z were feasible, <Σ y_i r_i, z> would be > 0.)

    >>> verify_motzkin([(1,), (-1,)], (">", ">="), (1, 1))
    True
    >>> verify_motzkin([(1,), (-1,)], (">=", ">="), (1, 1))
    False
    """
    if not _exact(y) or len(y) != len(rows) or len(kinds) != len(rows):
        return False
    if any(k != "=" and v < 0 for k, v in zip(kinds, y)):
        return False
    if not any(k == ">" and v > 0 for k, v in zip(kinds, y)):
        return False
    return all(sum(v * r[c] for v, r in zip(y, rows)) == 0 for c in range(len(rows[0])))


def _motzkin_feasibility(rows, kinds):
    """Decide {z : <r_i, z> > 0 / ≥ 0 / = 0} with :func:`cone_feasibility`; return (z, None) or (None, y).

    cone_feasibility knows only strict and equality rows, so a '>=' row starts
    strict.  If infeasible with a Farkas vector y positive on no '>' row, the '>='
    rows with y_i > 0 vanish on the whole closed system (implicit equalities): they
    become equalities and we retry.  A final certificate positive on a '>' row is
    combined with the earlier ones (in reverse order) into a single Motzkin vector,
    see :func:`verify_motzkin`.
    """
    n = len(rows)
    relaxed, steps = set(), []
    while True:
        signs = tuple(0 if k == "=" or i in relaxed else 1 for i, k in enumerate(kinds))
        res = cone_feasibility(rows, signs)
        if res.feasible:
            return tuple(res.witness), None
        y = [Fraction(v) for v in res.certificate]
        if any(kinds[i] == ">" and y[i] > 0 for i in range(n)):
            return None, _combine(y, steps)
        new = [i for i in range(n) if kinds[i] == ">=" and i not in relaxed and y[i] > 0]
        if not new:  # pragma: no cover - a verified Farkas vector is positive on some strict row
            raise SolverError("Farkas vector positive on no strict row")
        steps.append((y, new))
        relaxed.update(new)


def _combine(y, steps):
    """Make the rows relaxed to equalities non-negative again by adding earlier certificates."""
    for yk, new in reversed(steps):
        lam = max([-y[i] / yk[i] for i in new] + [Fraction(0)])
        y = [a + lam * b for a, b in zip(y, yk)]
    return primitive_vector(y)


def _system(pts, f, kind, pattern=None):
    """Rows (over z = (w..., b, t)), kinds and labels of a membership problem.

    kind 'open'/'closed': f ∈ J_a(S_a) resp. J_a(C̄_a) iff ∃ z with t > 0,
    a_j<x̄_j, θ> − t f_j = 0 and (2a_j − 1)<x̄_j, θ> > 0 (resp. ≥ 0).
    kind 'function_space' (f ≥ 0): ∃ z with t > 0, <x̄_j, θ> − t f_j = 0 where
    f_j > 0 and −<x̄_j, θ> ≥ 0 where f_j = 0; then f = σ(<x̄, θ/t>).
    Zero equality rows (a_j = f_j = 0) are left out.
    """
    H = homogenise(pts)
    rows, kinds, labels = [], [], []

    def add(row, k, lab):
        if k != "=" or any(row):
            rows.append(tuple(row))
            kinds.append(k)
            labels.append(lab)

    for j, (h, fj) in enumerate(zip(H, f)):
        if kind == "function_space":
            if fj > 0:
                add(h + (-fj,), "=", f"value {j}")
            else:
                add(tuple(-v for v in h) + (0,), ">=", f"inactive {j}")
        else:
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
        A Motzkin vector for the rows of the homogenised system (labels in
        ``labels``), see :func:`verify_motzkin`.
    dependency : tuple of int or None
        ('function_space') c in Z^n with Σ_j c_j x̄_j = 0, c_j ≤ 0 where f_j = 0 and
        <c, f> > 0: for f = σ(ℓ), ℓ affine, <c, f> = −Σ_{f_j=0} c_j ℓ(x_j) ≤ 0.
    negative_index : int or None
        ('function_space') an index with f_j < 0 (σ ≥ 0).
    """

    contained: bool
    kind: str
    f: tuple
    pattern: tuple | None = None
    witness: tuple | None = None
    farkas: tuple | None = None
    labels: tuple = ()
    dependency: tuple | None = None
    negative_index: int | None = None

    def __bool__(self):
        return self.contained

    def verify(self, x):
        """Re-check the certificate exactly against the data x; returns bool."""
        return verify_membership(x, self)

    def to_dict(self):
        return _jsonable({k: getattr(self, k) for k in self.__dataclass_fields__})


def _solve(pts, f, kind, pattern=None):
    rows, kinds, labels = _system(pts, f, kind, pattern)
    z, y = _motzkin_feasibility(rows, kinds)
    if z is not None:
        t = Fraction(z[-1])
        theta = tuple(Fraction(v) / t for v in z[:-1])
        return Membership(True, kind, f, pattern, witness=theta)
    dep = None
    if kind == "function_space":  # c_j = y_j on value rows, −y_j on inactive rows
        dep = primitive_vector(
            [
                y[labels.index(f"value {j}")] if f"value {j}" in labels else -y[labels.index(f"inactive {j}")]
                for j in range(len(f))
            ]
        )
    return Membership(False, kind, f, pattern, farkas=tuple(y), labels=labels, dependency=dep)


def image_cone_contains(x, pattern, f, *, closed=False):
    """Decide exactly whether f is in the image of the region of ``pattern``.

    open (default): f ∈ J_a(S_a) = {(a_j <x̄_j, θ>)_j : (2a_j − 1)<x̄_j, θ> > 0 ∀j};
    closed: f ∈ J_a(C̄_a) (non-strict signs), the cone over the region's image rays
    (Karhadkar et al., Proposition 13, Appendix D).  Homogenised with z = (θ, t):
    rows a_j<x̄_j, θ> − t f_j = 0, the sign rows of the region and t > 0, decided by
    :func:`exactrelu.exact.lp.cone_feasibility` (non-strict rows by iterated
    implicit-equality detection, see :func:`verify_motzkin`).

    Parameters
    ----------
    x : data (1-D list of numbers or a table), any order
    pattern : sequence of 0/1, input order of x
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
    pts = _points(x)
    pat = tuple(int(a) for a in pattern)
    if len(pat) != len(pts) or any(a not in (0, 1) for a in pat):
        raise InvalidDataError(f"pattern must be {len(pts)} zeros/ones, got {pattern!r}")
    return _solve(pts, _vector(f, len(pts)), "closed" if closed else "open", pat)


def function_space_contains(x, f):
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
    pts = _points(x)
    fv = _vector(f, len(pts))
    neg = next((j for j, v in enumerate(fv) if v < 0), None)
    if neg is not None:
        return Membership(False, "function_space", fv, negative_index=neg)
    return _solve(pts, fv, "function_space")


def verify_membership(x, result):
    """Re-check a :class:`Membership` exactly against the data x (independent of the LP).

    A witness θ must satisfy the defining conditions directly: f_j = σ(<x̄_j, θ>)
    ('function_space'), resp. f_j = a_j<x̄_j, θ> with (2a_j − 1)<x̄_j, θ> > 0 ('open')
    or ≥ 0 ('closed').  A negative answer needs a Motzkin vector for the rebuilt
    system (:func:`verify_motzkin`) and, for 'function_space', the dependency c (or
    f_j < 0 at ``negative_index``).
    """
    if not isinstance(result, Membership):
        return False
    pts = _points(x)
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


def _exact(v):
    """An exact certificate: ints and Fractions only (a float could pass an equality by rounding)."""
    return v is not None and all(isinstance(c, (int, Fraction)) and not isinstance(c, bool) for c in v)


def _witness_ok(H, f, result):
    th = result.witness
    if not _exact(th) or len(th) != len(H[0]):
        return False
    vals = [dot(h, th) for h in H]
    if result.kind == "function_space":
        return all(_relu(v) == fj for v, fj in zip(vals, f))
    a = result.pattern
    strict = result.kind == "open"
    signs_ok = all((s * v > 0) if strict else (s * v >= 0) for s, v in zip((2 * b - 1 for b in a), vals))
    return signs_ok and all(b * v == fj for b, v, fj in zip(a, vals, f))


def _dependency_ok(H, f, c):
    if not _exact(c) or len(c) != len(H):
        return False
    if any(sum(cj * h[k] for cj, h in zip(c, H)) != 0 for k in range(len(H[0]))):
        return False
    return all(cj <= 0 for cj, fj in zip(c, f) if fj == 0) and dot(c, f) > 0


# ----------------------------------------------------------------------------
# convexity (section 6)
# ----------------------------------------------------------------------------


def _sorted_distinct(x, f):
    xs = _xs(x)
    if len(set(xs)) != len(xs):
        raise DegenerateInputError("discrete convexity is defined for distinct data points")
    fv = _vector(f, len(xs))
    order = sorted(range(len(xs)), key=lambda j: xs[j])
    return [xs[j] for j in order], [fv[j] for j in order]


def is_convex_on(x, f):
    """Discrete convexity on distinct 1-D data (Karhadkar et al., section 6).

    f is convex on X if, for sorted x^(1) < ... < x^(n) and i = 1..n−2,
    (f_{i+1} − f_i)/(x^(i+1) − x^(i)) ≤ (f_{i+2} − f_{i+1})/(x^(i+2) − x^(i+1)).
    f is given in the input order of x.

    >>> is_convex_on([0, 1, 3], [3, 2, 0]), is_convex_on([0, 1, 3], [0, 1, 0])
    (True, False)
    """
    xs, fs = _sorted_distinct(x, f)
    slopes = [(fs[i + 1] - fs[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    return all(s <= t for s, t in zip(slopes, slopes[1:]))


def relu_sum(x, units, coefficients=None):
    """Σ_k v_k σ(<x̄_j, θ_k>) on the data (exact); θ_k = (w..., b), v_k = 1 by default.

    >>> relu_sum([0, 1, 3], [(1, -1), (-1, 1)], [2, 1])
    (Fraction(1, 1), Fraction(0, 1), Fraction(4, 1))
    """
    H = homogenise(_points(x))
    thetas = exact_matrix([list(u) for u in units], dim=len(H[0]), name="units")
    v = [Fraction(1)] * len(thetas) if coefficients is None else list(_vector(coefficients, len(thetas), "v"))
    return tuple(sum((vk * _relu(dot(h, th)) for vk, th in zip(v, thetas)), Fraction(0)) for h in H)


def relu_sum_is_nonnegative_convex(x, units, coefficients=None):
    """Check the statement of section 6: a non-negative sum of ReLUs is non-negative and convex on X.

    Returns ``(holds, f)``: whether f = Σ v_k σ(w_k x + b_k) is ≥ 0 and convex on the
    distinct 1-D data (exact), and f.  With some v_k < 0 the statement does not
    apply and ``holds`` may be False (negative control).

    >>> relu_sum_is_nonnegative_convex([0, 1, 3], [(1, -1), (-1, 1)])[0]
    True
    >>> relu_sum_is_nonnegative_convex([-1, 0, 1], [(1, 0)], [-1])[0]
    False
    """
    f = relu_sum(x, units, coefficients)
    return all(v >= 0 for v in f) and is_convex_on(x, f), f


def nonnegative_convex_cone_rays(x, *, max_n=CONVEX_CONE_MAX_N):
    """Extreme rays of the cone K of non-negative convex functions on distinct 1-D data (exact).

    K = {f : f ≥ 0, slope_i(f) ≤ slope_{i+1}(f)} ⊂ R^n is pointed (f ≥ 0), so its
    extreme rays are the lines cut out by n − 1 linearly independent constraints
    that satisfy all others; all C(2n − 2, n − 1) subsets are tried (n ≤ max_n).
    Section 6 claims these are the polyline vertices of eq. (2).  Rays are primitive
    integer vectors in the input order of x.

    >>> nonnegative_convex_cone_rays([0, 1, 3])
    [(0, 0, 1), (0, 1, 3), (1, 0, 0), (3, 2, 0)]
    """
    xs = _xs(x)
    n = len(xs)
    if len(set(xs)) != n:
        raise DegenerateInputError("convexity is defined for distinct data points")
    if n > max_n:
        raise InvalidDataError(f"n = {n} > max_n = {max_n}: the brute-force enumeration is too large")
    order = sorted(range(n), key=lambda j: xs[j])
    rows = [tuple(int(k == j) for k in range(n)) for j in range(n)]
    for i in range(n - 2):  # slope(i+1, i+2) − slope(i, i+1) ≥ 0, cleared of denominators
        a, b, c = order[i], order[i + 1], order[i + 2]
        d1, d2 = xs[b] - xs[a], xs[c] - xs[b]
        row = [Fraction(0)] * n
        row[a], row[b], row[c] = d2, -(d1 + d2), d1
        rows.append(primitive_vector(row))
    _, rays = _cone_generators(rows)
    return list(rays)


# ----------------------------------------------------------------------------
# Proposition 13
# ----------------------------------------------------------------------------


def verify_proposition13(x, *, max_convex_n=CONVEX_CONE_MAX_N):
    """Check Proposition 13 (first bullet) and Appendix D's table on the data x, exactly.

    Checks, each exact:

    1. the regions are 2n (and |χ(−1)| of the arrangement agrees: none missed);
    2. ranks: one region of rank 0 (a = 0), two of rank 1 (active on x^(1) only /
       x^(n) only), 2n − 3 of rank 2;
    3. every row of :func:`region_table` (independent ray computation) equals the
       row of :func:`appendix_d_table` (the paper's formulas): rank, half-planes,
       rays of the region, rays of the image;
    4. the image rays of each rank-2 region are two *consecutive* polyline
       vertices, of each rank-1 region an endpoint (e_1 or e_n), and each segment
       is covered by exactly one region: the union of the image cones, i.e. F_X,
       is the cone over the polyline (first bullet);
    5. every polyline vertex is non-negative and convex, and (n ≤ max_convex_n) the
       extreme rays of the cone of non-negative convex functions are exactly the
       polyline vertices (section 6).

    Hypotheses: 1-D data, distinct points, and n ≥ 2 (implicit in eq. (2), whose
    vectors all vanish for n = 1).  On other data the checks still run where they
    make sense and report what breaks (negative controls): a repeated point gives
    fewer than 2n regions and fewer rank-2 ones (a rank-1 region is active on two
    points if the smallest or largest point is repeated), although F_X is still the
    cone over the (deduplicated) polyline; 2-D data give rank-3 regions whose images
    are 3-dimensional cones, not cones over a segment.

    Returns
    -------
    dict
        ``holds`` (bool), ``hypotheses`` / ``hypotheses_hold``, ``failures`` (list of
        str) and the certificate: counts, ranks, polyline vertices, the segment →
        region map, the convex cone's rays.  JSON-ready (Fractions as "p/q").

    Examples
    --------
    >>> c = verify_proposition13([[-2], [0], [1], [3]])
    >>> c["holds"], c["regions"], c["ranks"]
    (True, 8, {'0': 1, '1': 2, '2': 5})
    >>> c = verify_proposition13([[-1], [0], [0], [2]])
    >>> c["holds"], c["hypotheses_hold"], c["failures"][0]
    (False, False, 'expected 2n = 8 regions, found 6')
    """
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    pts = _points(x)
    n, d = len(pts), len(pts[0])
    table = region_table(pts)
    hyp = {"one_dimensional": d == 1, "distinct": len(set(pts)) == n, "n_at_least_2": n >= 2}
    fails = []
    cert = {
        "n": n,
        "d": d,
        "regions": len(table),
        "ranks": table.ranks(),
        "zaslavsky": HyperplaneArrangement.from_data(pts).n_regions(),
    }
    if cert["zaslavsky"] != len(table):
        fails.append(f"{len(table)} regions found but |chi(-1)| = {cert['zaslavsky']}")
    if len(table) != 2 * n:
        fails.append(f"expected 2n = {2 * n} regions, found {len(table)}")
    fails += _rank_failures(table, n)
    if d == 1 and len(set(pts)) >= 2:
        fails += _table_failures(pts, table, hyp, cert)
        fails += _polyline_failures(pts, table, cert)
        fails += _convex_failures(pts, cert, max_convex_n, hyp)
    out = {
        "holds": not fails,
        "hypotheses": hyp,
        "hypotheses_hold": all(hyp.values()),
        "failures": fails,
        **cert,
        "table": table.to_dict()["records"],
    }
    return _jsonable(out)


def _rank_failures(table, n):
    fails = []
    ranks = table.ranks()
    expected = {k: v for k, v in {0: 1, 1: 2, 2: 2 * n - 3}.items() if v > 0}
    if ranks != expected:
        fails.append(f"ranks {ranks}, Appendix D says {expected}")
    for r in table:
        if r.rank > 2:
            fails.append(
                f"region {_pattern_str(r.pattern)} has Jacobian rank {r.rank} > 2: its image is a "
                f"{r.rank}-dimensional cone with {len(r.image_rays)} rays, not the cone over a segment"
            )
        if r.rank == 1 and sum(r.pattern) != 1:
            fails.append(f"rank-1 region {_pattern_str(r.pattern)} is active on {sum(r.pattern)} points")
    return fails


def _table_failures(pts, table, hyp, cert):
    if not (hyp["distinct"] and hyp["n_at_least_2"]):
        return []
    paper = appendix_d_table(pts)
    ours = table.by_pattern()
    fails = []
    if set(paper) != set(ours):
        fails.append(f"patterns differ from Appendix D: {sorted(set(paper) ^ set(ours))}")
    for p in sorted(set(paper) & set(ours)):
        for key in ("rank", "facets", "rays", "image_rays"):
            mine = ours[p].rank if key == "rank" else tuple(sorted(getattr(ours[p], key)))
            if mine != paper[p][key]:
                fails.append(f"region {_pattern_str(p)}: {key} {mine} != Appendix D {paper[p][key]}")
    cert["appendix_d_rows_matched"] = len(set(paper) & set(ours)) if not fails else 0
    return fails


def _polyline_failures(pts, table, cert):
    verts = polyline_vertices(pts)
    prim = [primitive_vector(v.vector) for v in verts]
    index = {p: k for k, p in enumerate(prim)}
    cert["polyline"] = [
        {"label": v.label, "pattern": _pattern_str(v.pattern), "normalised": v.normalised} for v in verts
    ]
    fails, covered = [], {}
    ends = {0, len(prim) - 1}
    for r in table:
        ks = sorted(index.get(g, -1) for g in r.image_rays)
        if -1 in ks:
            fails.append(f"region {_pattern_str(r.pattern)}: image ray not a polyline vertex")
        elif r.rank == 2 and not (len(ks) == 2 and ks[1] == ks[0] + 1):
            fails.append(f"region {_pattern_str(r.pattern)}: image rays are vertices {ks}, not a segment")
        elif r.rank == 2:
            covered.setdefault(ks[0], []).append(_pattern_str(r.pattern))
        elif r.rank == 1 and not (len(ks) == 1 and ks[0] in ends):
            fails.append(f"rank-1 region {_pattern_str(r.pattern)}: image ray is not e_1 or e_n")
    for k in range(len(prim) - 1):
        if len(covered.get(k, [])) != 1:
            fails.append(f"segment {k} is covered by regions {covered.get(k, [])}, not exactly one")
    cert["segments"] = {f"{k}-{k + 1}": covered.get(k) for k in range(len(prim) - 1)}
    return fails


def _convex_failures(pts, cert, max_n, hyp):
    if not hyp["distinct"]:
        return []
    verts = polyline_vertices(pts)
    fails = [
        f"polyline vertex {v.label} is not non-negative convex"
        for v in verts
        if not is_convex_on(pts, v.vector)
    ]
    if len(pts) <= max_n:
        rays = nonnegative_convex_cone_rays(pts, max_n=max_n)
        cert["convex_cone_rays"] = rays
        if set(rays) != {primitive_vector(v.vector) for v in verts}:
            fails.append(f"extreme rays of the non-negative convex cone {rays} != polyline vertices")
    else:
        cert["convex_cone_rays"] = f"not enumerated (n > {max_n})"
    return fails
