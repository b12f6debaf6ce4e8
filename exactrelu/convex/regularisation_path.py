"""The regularisation path of the constrained group lasso and β_max (Mishkin & Pilanci, ICML 2023).

Along a grid of β the optimal set (:func:`exactrelu.convex.optimal_set.optimal_set`) is
followed through its minimum-norm optimum; the path is reported with its certified value
brackets, supports and the jumps between consecutive grid points.  β_max, above which
w = 0 is the only optimum, is exact.  Our reconstruction of the min-norm solution and the
path: docs/reconstructions.md, 'Mishkin & Pilanci 2023: minimum-norm solution and
regularisation path'.

>>> from exactrelu.convex.dichotomies import dichotomies
>>> P = dichotomies([(1, 1), (1, -1), (-1, -1), (-1, 1)])
>>> bm = beta_max(P, (1, 1, 1, 1))
>>> bm.square, len(bm.blocks)
(Fraction(4, 1), 4)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.convex.bounds import ValueBounds, all_blocks, block_name, correlation_vector
from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.convex.optimal_set import optimal_set
from exactrelu.convex.program import Block
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_lower, sqrt_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_labels, exact_scalar
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = ["BetaMax", "PathPoint", "RegularisationPath", "beta_max", "regularisation_path"]


@dataclass(frozen=True)
class BetaMax:
    """β_max = max_b ‖Π_{K_i}(s F_iᵀ y)‖: w = 0 is optimal iff β ≥ β_max (then S_β = ∅).

    ``square`` = β_max² exactly; ``lower ≤ β_max ≤ upper`` rational; ``blocks`` attain it.
    """

    square: Fraction
    lower: Fraction
    upper: Fraction
    blocks: tuple[Block, ...]


def beta_max(patterns: PatternSet | SampledPatterns, y: VectorLike) -> BetaMax:
    """Exact β_max² (exact NNLS projections of s F_iᵀ y on every cone) and rational √ bounds.

    At w = 0 the residual is y, and the KKT conditions reduce to ‖Π_K(s F_iᵀ y)‖ ≤ β for
    every block; for β ≥ β_max no block can be non-zero in an optimum (a non-zero α with
    Σ α_b c_b = 0 would give 0 = r·Σ α_b c_b = β² Σ α_b).
    """
    ps = as_pattern_set(patterns)
    yq = exact_labels(y, ps.n)
    best, arg = Fraction(0), []
    for b in all_blocks(ps):
        v, _, _ = correlation_vector(ps, b, yq)
        q = Fraction(dot(v, v))
        if q > best:
            best, arg = q, [b]
        elif q == best and q > 0:
            arg.append(b)
    return BetaMax(best, sqrt_lower(best), sqrt_upper(best), tuple(arg))


@dataclass
class PathPoint:
    """One β of a regularisation path.

    ``support``: exact S_β when ``exact``, else the float active set within the certified
    ``candidates``; ``min_norm``: {block: w_b} of the min-norm optimum (exact Fractions or
    floats); ``fit``: float ŷ.
    """

    beta: Fraction
    bounds: ValueBounds
    exact_value: Fraction | None
    support: list[Block]
    candidates: list[Block]
    unique: bool | None
    min_norm: dict[Block, Any]
    fit: np.ndarray
    exact: bool = False

    def to_dict(self, patterns: PatternSet | None = None) -> dict[str, Any]:
        def nm(b: Block) -> str:
            return block_name(patterns, b) if patterns is not None else str(b)

        return to_jsonable(
            {
                "beta": self.beta,
                "exact": self.exact,
                "exact_value": self.exact_value,
                "lower": float(self.bounds.lower),
                "upper": float(self.bounds.upper),
                "support": [nm(b) for b in self.support],
                "candidates": [nm(b) for b in self.candidates],
                "unique": self.unique,
                "min_norm": {nm(b): [float(t) for t in w] for b, w in self.min_norm.items()},
                "fit": [float(t) for t in self.fit],
            }
        )


def _flat(blocks: dict[Block, Any], keys: list[Block], d: int) -> np.ndarray:
    return (
        np.concatenate([np.asarray(blocks.get(b, np.zeros(d)), dtype=float) for b in keys])
        if keys
        else np.zeros(0)
    )


@dataclass
class RegularisationPath:
    """Points of the path β ↦ (min-norm optimum) in increasing β, and the detected jumps.

    ``jumps``: (β_k, β_{k+1}, size) where size = ‖w(β_{k+1}) − w(β_k)‖ / max_k ‖w(β_k)‖ (the
    min-norm solutions; float) and either size > ``jump_tol`` or the support changed.
    ``events`` has the same entries as dicts with the reason and the two supports.
    """

    patterns: PatternSet
    points: list[PathPoint]
    jumps: list[tuple[Fraction, Fraction, float]]
    events: list[dict[str, Any]]
    jump_tol: float

    @property
    def betas(self) -> list[Fraction]:
        """The grid of β, increasing."""
        return [p.beta for p in self.points]

    def check_monotone(self) -> bool:
        """P*(β) is non-decreasing: True iff no consecutive pair certifies a decrease.

        A decrease would be upper_{k+1} < lower_k.
        A violation would be a bug (the bounds are rigorous); where the intervals are
        disjoint this certifies the strict increase."""
        pts = self.points
        return all(pts[k + 1].bounds.upper >= pts[k].bounds.lower for k in range(len(pts) - 1))

    def certified_increases(self) -> list[int]:
        """Indices k with lower(β_{k+1}) > upper(β_k): a certified strict increase."""
        pts = self.points
        return [k for k in range(len(pts) - 1) if pts[k + 1].bounds.lower > pts[k].bounds.upper]

    def plot(self, ax: Any = None) -> Any:
        """‖w_b‖ of the min-norm optimum per block against β; jumps shaded."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        keys = sorted({b for p in self.points for b in p.min_norm})
        xs = [float(p.beta) for p in self.points]
        for b in keys:
            ys = [
                float(np.linalg.norm(np.asarray(p.min_norm.get(b, [0.0]), dtype=float))) for p in self.points
            ]
            ax.plot(xs, ys, marker="o", ms=3, label=block_name(self.patterns, b))
        for k, (b0, b1, _) in enumerate(self.jumps):
            ax.axvspan(float(b0), float(b1), color="red", alpha=0.15, label="jump" if k == 0 else None)
        ax.set_xlabel("β")
        ax.set_ylabel("‖w_b‖ (min-norm optimum)")
        ax.set_title("regularisation path")
        if keys:
            ax.legend(fontsize="small")
        return ax

    def to_dict(self) -> dict[str, Any]:
        ps = self.patterns
        return to_jsonable(
            {
                "jump_tol": self.jump_tol,
                "points": [p.to_dict(ps) for p in self.points],
                "jumps": [[a, b, float(s)] for a, b, s in self.jumps],
                "events": [
                    {
                        **e,
                        "support_from": [block_name(ps, b) for b in e["support_from"]],
                        "support_to": [block_name(ps, b) for b in e["support_to"]],
                    }
                    for e in self.events
                ],
                "monotone": self.check_monotone(),
            }
        )


def regularisation_path(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    betas: Iterable[NumberLike],
    *,
    jump_tol: float = 0.25,
    solver: str = "CLARABEL",
) -> RegularisationPath:
    """The optimal sets along a β grid, following the min-norm optimum.

    Each point is an :func:`optimal_set` (exact where the optimum is rational, else
    certified bounds + float), without vertex enumeration or support certification.
    A jump (β_k, β_{k+1}, size) is reported when the min-norm solution moves by more than
    ``jump_tol`` relative to the largest solution norm on the path, or the support changes.
    """
    ps = as_pattern_set(patterns)
    yq = exact_labels(y, ps.n)
    grid = sorted({exact_scalar(b, name="beta", positive=True) for b in betas})
    if not grid:
        raise InvalidDataError("betas is empty")
    points = []
    for b in grid:
        S = optimal_set(ps, yq, b, solver=solver, vertices=False, certify_support=False)
        mn = S.min_norm()
        points.append(
            PathPoint(
                beta=b,
                bounds=S.bounds,
                exact_value=S.value if isinstance(S.value, Fraction) else None,
                support=list(S.support),
                candidates=list(S.candidates),
                unique=S.unique,
                min_norm=mn,
                fit=np.asarray(S.fit, dtype=float),
                exact=S.exact,
            )
        )
    keys = sorted({b for p in points for b in p.min_norm})
    flats = [_flat(p.min_norm, keys, ps.d) for p in points]
    scale = max((float(np.linalg.norm(f)) for f in flats), default=0.0) or 1.0
    jumps: list[tuple[Fraction, Fraction, float]] = []
    events: list[dict[str, Any]] = []
    for k in range(len(points) - 1):
        size = float(np.linalg.norm(flats[k + 1] - flats[k])) / scale
        changed = set(points[k].support) != set(points[k + 1].support)
        if size > jump_tol or changed:
            jumps.append((points[k].beta, points[k + 1].beta, size))
            events.append(
                {
                    "beta_from": points[k].beta,
                    "beta_to": points[k + 1].beta,
                    "size": size,
                    "reason": ("support change" if changed else "")
                    + (" and " if changed and size > jump_tol else "")
                    + ("large move" if size > jump_tol else ""),
                    "support_from": list(points[k].support),
                    "support_to": list(points[k + 1].support),
                }
            )
    return RegularisationPath(ps, points, jumps, events, jump_tol)
