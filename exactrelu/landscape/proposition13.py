"""The check of Proposition 13 (first bullet) and of Appendix D's table on given data.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", Proposition 13 (section 6) and Appendix D.
:func:`verify_proposition13` puts together the pieces of
:mod:`exactrelu.landscape.function_space` (the polyline),
:mod:`exactrelu.landscape.region_table` (the regions, computed and as the paper states
them) and :mod:`exactrelu.landscape.convexity` (the cone of non-negative convex
functions), each exact, and reports which part of the statement fails on data that
drop a hypothesis.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import primitive_vector
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.types import MatrixLike, VectorLike
from exactrelu.landscape.convexity import CONVEX_CONE_MAX_N, is_convex_on, nonnegative_convex_cone_rays
from exactrelu.landscape.function_space import data_points, polyline_vertices
from exactrelu.landscape.region_table import RegionTable, appendix_d_table, region_table

__all__ = ["verify_proposition13"]

Points = Sequence[tuple[Fraction, ...]]


def verify_proposition13(
    x: VectorLike | MatrixLike, *, max_convex_n: int = CONVEX_CONE_MAX_N
) -> dict[str, Any]:
    """Check Karhadkar et al. 2023, Proposition 13 (first bullet) and Appendix D's table on x, exactly.

    Checks, each exact:

    1. the regions are 2n (and |χ(−1)| of the arrangement agrees: none missed);
    2. ranks: one region of rank 0 (a = 0), two of rank 1 (active on x^(1) only /
       x^(n) only), 2n − 3 of rank 2;
    3. every row of :func:`~exactrelu.landscape.region_table.region_table` (independent
       ray computation) equals the row of
       :func:`~exactrelu.landscape.region_table.appendix_d_table` (the paper's formulas):
       rank, half-planes, rays of the region, rays of the image;
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
        region map, the convex cone's rays.  JSON-ready
        (:func:`exactrelu.exact.jsonio.to_jsonable`: integers stay integers, other
        Fractions become "p/q").

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

    pts = data_points(x)
    n, d = len(pts), len(pts[0])
    table = region_table(pts)
    hyp = {"one_dimensional": d == 1, "distinct": len(set(pts)) == n, "n_at_least_2": n >= 2}
    fails: list[str] = []
    cert: dict[str, Any] = {
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
    return to_jsonable(out)


def _rank_failures(table: RegionTable, n: int) -> list[str]:
    fails = []
    ranks = table.ranks()
    expected = {k: v for k, v in {0: 1, 1: 2, 2: 2 * n - 3}.items() if v > 0}
    if ranks != expected:
        fails.append(f"ranks {ranks}, Appendix D says {expected}")
    for r in table:
        if r.rank > 2:
            fails.append(
                f"region {pattern_string(r.pattern)} has Jacobian rank {r.rank} > 2: its image is a "
                f"{r.rank}-dimensional cone with {len(r.image_rays)} rays, not the cone over a segment"
            )
        if r.rank == 1 and sum(r.pattern) != 1:
            fails.append(f"rank-1 region {pattern_string(r.pattern)} is active on {sum(r.pattern)} points")
    return fails


def _table_failures(pts: Points, table: RegionTable, hyp: dict[str, bool], cert: dict[str, Any]) -> list[str]:
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
                fails.append(f"region {pattern_string(p)}: {key} {mine} != Appendix D {paper[p][key]}")
    cert["appendix_d_rows_matched"] = len(set(paper) & set(ours)) if not fails else 0
    return fails


def _polyline_failures(pts: Points, table: RegionTable, cert: dict[str, Any]) -> list[str]:
    verts = polyline_vertices(pts)
    prim = [primitive_vector(v.vector) for v in verts]
    index = {p: k for k, p in enumerate(prim)}
    cert["polyline"] = [
        {"label": v.label, "pattern": pattern_string(v.pattern), "normalised": v.normalised} for v in verts
    ]
    fails: list[str] = []
    covered: dict[int, list[str]] = {}
    ends = {0, len(prim) - 1}
    for r in table:
        ks = sorted(index.get(g, -1) for g in r.image_rays)
        if -1 in ks:
            fails.append(f"region {pattern_string(r.pattern)}: image ray not a polyline vertex")
        elif r.rank == 2 and not (len(ks) == 2 and ks[1] == ks[0] + 1):
            fails.append(f"region {pattern_string(r.pattern)}: image rays are vertices {ks}, not a segment")
        elif r.rank == 2:
            covered.setdefault(ks[0], []).append(pattern_string(r.pattern))
        elif r.rank == 1 and not (len(ks) == 1 and ks[0] in ends):
            fails.append(f"rank-1 region {pattern_string(r.pattern)}: image ray is not e_1 or e_n")
    for k in range(len(prim) - 1):
        if len(covered.get(k, [])) != 1:
            fails.append(f"segment {k} is covered by regions {covered.get(k, [])}, not exactly one")
    cert["segments"] = {f"{k}-{k + 1}": covered.get(k) for k in range(len(prim) - 1)}
    return fails


def _convex_failures(pts: Points, cert: dict[str, Any], max_n: int, hyp: dict[str, bool]) -> list[str]:
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
