"""Drawing 2-D and 3-D zonotopes on a page: viewing directions, projection, hidden edges.

A 3-D zonotope is projected orthographically; the viewing direction is given by
``elev``/``azim`` in degrees, like matplotlib's 3-D axes (the last coordinate, the
bias coordinate = number of active examples, points up).  :func:`best_view` picks the
direction from a grid so that projected vertices stay far apart, from each other and
from the edges.  Which edges lie on facets facing the viewer is decided **exactly**
from the generators (:func:`edge_visibility`); everything else here is float geometry
used only for drawing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import combinations
from typing import Any

from exactrelu.exact.linalg import dot

__all__ = [
    "Edge",
    "Point2",
    "Vector",
    "Vertices",
    "best_view",
    "convex_hull_2d",
    "cross3",
    "edge_visibility",
    "facet_normals",
    "projector",
    "segment_distance",
    "view_direction",
    "view_score",
    "view_vectors",
]

#: A point of the page (floats).
Point2 = tuple[float, float]
#: A point of R^2 or R^3, exact or float.
Vector = Sequence[Fraction | int | float]
#: The vertices of a zonotope: activation pattern -> point.
Vertices = Mapping[Any, Vector]
#: An edge of a zonotope's vertex graph: (pattern p, pattern q, the generators in which they differ).
Edge = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]

_ELEVATIONS = (12, 18, 24, 30, 36)
_AZIMUTHS = tuple(range(-88, 90, 6))


def cross3(u: Sequence[Fraction | int], v: Sequence[Fraction | int]) -> tuple[Fraction | int, ...]:
    """The cross product u × v of two 3-vectors (exact for exact entries)."""
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def view_vectors(elev: float, azim: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """The unit vectors (right, up) of the page for a view from (``elev``, ``azim``) degrees."""
    el, az = math.radians(elev), math.radians(azim)
    right = (-math.sin(az), math.cos(az), 0.0)
    up = (-math.sin(el) * math.cos(az), -math.sin(el) * math.sin(az), math.cos(el))
    return right, up


def view_direction(elev: float, azim: float) -> tuple[float, float, float]:
    """The unit vector from the scene towards the viewer at (``elev``, ``azim``) degrees."""
    el, az = math.radians(elev), math.radians(azim)
    return (math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el))


def projector(dim: int, elev: float | None = None, azim: float | None = None) -> Callable[[Vector], Point2]:
    """The map from points of R^2 (identity) or R^3 (orthographic view at ``elev``/``azim``) to the page."""
    if dim == 2:
        return lambda v: (float(v[0]), float(v[1]))
    if elev is None or azim is None:
        raise ValueError("a 3-D projection needs elev and azim")
    right, up = view_vectors(elev, azim)

    def project(v: Vector) -> Point2:
        w = [float(x) for x in v]
        return (dot(w, right), dot(w, up))

    return project


def segment_distance(p: Point2, a: Point2, b: Point2) -> float:
    """Euclidean distance from the point p to the segment [a, b] of the page."""
    ax_, ay = b[0] - a[0], b[1] - a[1]
    den = ax_ * ax_ + ay * ay
    t = 0.0 if den == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax_ + (p[1] - a[1]) * ay) / den))
    return math.hypot(p[0] - a[0] - t * ax_, p[1] - a[1] - t * ay)


def view_score(
    verts: Vertices,
    edges: Iterable[Edge],
    right: Sequence[float],
    up: Sequence[float],
) -> float:
    """How far apart projected vertices stay (from each other and from edges), relative to the span."""
    xy = {p: (dot([float(x) for x in v], right), dot([float(x) for x in v], up)) for p, v in verts.items()}
    keys = list(xy)
    xs = [q[0] for q in xy.values()]
    ys = [q[1] for q in xy.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    m = min((math.dist(xy[a], xy[b]) for a, b in combinations(keys, 2)), default=span)
    for p, q, _ in edges:
        for r in keys:
            if r != p and r != q:
                m = min(m, segment_distance(xy[r], xy[p], xy[q]))
    return m / span


def best_view(
    items: Sequence[tuple[Vertices, Sequence[Edge]]],
    elev: float | None = None,
    azim: float | None = None,
) -> tuple[float, float]:
    """One viewing direction (elev, azim) for one or several 3-D zonotopes (drawing only).

    ``items`` is a list of (vertices, edges); the direction maximises the worst
    :func:`view_score` over them, on a grid of elevations 12°–36° and azimuths
    −88°–86°; a given ``elev`` or ``azim`` is kept fixed.
    """
    best: tuple[float, float, float] | None = None
    for el in _ELEVATIONS if elev is None else (elev,):
        for az in _AZIMUTHS if azim is None else (azim,):
            right, up = view_vectors(el, az)
            score = min(view_score(v, e, right, up) for v, e in items)
            if best is None or score > best[0] + 1e-12:
                best = (score, el, az)
    assert best is not None
    return best[1], best[2]


def facet_normals(gens: Sequence[Sequence[Fraction | int]]) -> list[tuple[int, ...]]:
    """Outward facet normals (exact primitive integer vectors, ± pairs) of a full-dimensional 3-D zonotope."""
    seen = set()
    out = []
    for g, h in combinations(gens, 2):
        u = cross3(g, h)
        if not any(u):
            continue
        den = math.lcm(*(Fraction(x).denominator for x in u))
        ints = [int(Fraction(x) * den) for x in u]
        gg = math.gcd(*ints)
        ints = [x // gg for x in ints]
        key = tuple(ints) if next(x for x in ints if x) > 0 else tuple(-x for x in ints)
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
        out.append(tuple(-x for x in key))
    return out


def edge_visibility(
    gens: Sequence[Sequence[Fraction | int]], edges: Iterable[Edge], view: Sequence[Fraction | int]
) -> list[bool]:
    """For each edge (p, q, flipped): does it lie on a facet facing the viewer (exact)?"""
    facets = [u for u in facet_normals(gens) if dot(u, view) > 0]
    signs = [[(lambda s: (s > 0) - (s < 0))(dot(g, u)) for g in gens] for u in facets]
    vis = []
    for p, _q, flipped in edges:
        ok = False
        for s in signs:
            if any(s[i] != 0 for i in flipped):
                continue
            if all(si == 0 or (si > 0) == bool(p[i]) for i, si in enumerate(s)):
                ok = True
                break
        vis.append(ok)
    return vis


def convex_hull_2d(points: Iterable[Point2]) -> list[Point2]:
    """Convex hull (counter-clockwise, monotone chain) of points of the page."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: Point2, a: Point2, b: Point2) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point2] = []
    upper: list[Point2] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
