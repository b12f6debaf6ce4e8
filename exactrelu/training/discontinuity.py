"""Discontinuity of the optimal loss under perturbation of degenerate data, computed exactly.

Matena & Raffel 2022, section 4.1.1: for data in general position the global
minimum L* of the squared loss is continuous in the data (Theorem 4.1).  When an
affine dependency is broken by an arbitrarily small perturbation, L* can jump,
in one of two ways:

(a) the optimal vertex after the perturbation exists before it too, but its
    per-region problem jumps because a dependency among its *active* examples
    breaks (three collinear active points suddenly admit any affine values);
(b) the optimal vertex after the perturbation does not exist before: it comes
    from the breakdown of a non-parallelepiped face of the zonotope.

:func:`demonstrate_discontinuity` computes, in exact rational arithmetic, L*
before and after the perturbation X + εΔ for a sequence of ε → 0 (exact ERM,
:func:`exactrelu.training.erm.exact_erm`: every value certified by KKT certificates), the optimal
activation patterns on both sides, whether they are vertices of the original
zonotope, and the zonotope change (:func:`exactrelu.geometry.probes.perturbation_report`).
The mechanism is *classified from the computation*, not asserted: ``"a"``
when every optimal pattern after the perturbation already exists before,
``"b"`` when none does, ``"mixed"`` when the optimum lies on a face shared by
an old and a new vertex (closed regions: the minimiser sits on their common
boundary).

:func:`discontinuity_examples` gives the datasets: D1–D3 are our reconstruction
of the examples of Matena & Raffel 2022, Appendix D, whose datasets could not be
retrieved (docs/reconstructions.md, 'Matena & Raffel 2022, Appendix D:
discontinuity examples'); the others were found by exact search over small
integer datasets and are documented as such.  The loss is the sum of squared
residuals; the paper's mean loss (1) is that divided by N.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.lp import ConeFeasibility, cone_feasibility
from exactrelu.exact.parse import exact_matrix, exact_points, exact_vector, pattern_string
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, VectorLike
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.perturbation import perturbed
from exactrelu.geometry.probes import PerturbationReport, perturbation_report
from exactrelu.training.erm import ERMResult, exact_erm
from exactrelu.training.region import RegionSolution, solve_region

__all__ = [
    "DiscontinuityExample",
    "LossJump",
    "demonstrate_discontinuity",
    "discontinuity_examples",
    "get_discontinuity_example",
    "open_region_attains",
]

DEFAULT_EPS = (Fraction(1, 10), Fraction(1, 100), Fraction(1, 1000))

# an optimal region's key: its patterns for fixed v; (v, patterns) when the output signs are free
RegionKey = Any


@dataclass(frozen=True)
class DiscontinuityExample:
    """A degenerate dataset, labels, a perturbation direction and the model (output weights v)."""

    name: str
    X: tuple[tuple[Fraction, ...], ...]
    y: tuple[Fraction, ...]
    Delta: tuple[tuple[Fraction, ...], ...]
    v: tuple[int, ...] | None = (1,)
    bias: bool = True
    expected: str = ""
    source: str = ""
    description: str = ""

    def demonstrate(self, eps: Sequence[NumberLike] = DEFAULT_EPS, *, limit: int | None = None) -> LossJump:
        """Run :func:`demonstrate_discontinuity` on this example."""
        return demonstrate_discontinuity(
            self.X, self.y, self.Delta, eps, v=self.v, bias=self.bias, limit=limit
        )


def _ex(name, X, y, Delta, **kw):
    return DiscontinuityExample(name, exact_matrix(X), exact_vector(y), exact_matrix(Delta), **kw)


_APPENDIX_D = (
    "our reconstruction of Matena & Raffel 2022, Appendix D (docs/reconstructions.md, "
    "'Matena & Raffel 2022, Appendix D: discontinuity examples')"
)


def discontinuity_examples() -> dict[str, DiscontinuityExample]:
    """The built-in demonstrations, name → :class:`DiscontinuityExample`.

    >>> sorted(discontinuity_examples())
    ['D1', 'D2', 'D3', 'collinear_active', 'hexagon_breakdown']
    """
    return {
        "collinear_active": _ex(
            "collinear_active",
            [(-1, 0), (0, 0), (1, 0), (2, -1)],
            (3, 1, 3, 0),
            [(0, 0), (0, -1), (0, 0), (0, 0)],
            expected="a",
            source="constructed for exactrelu by exact search over small integer datasets",
            description="three collinear points, all active in the optimal region, labelled 3, 1, 3: on the "
            "line a relu of an affine function cannot fit the dip (L* = 8/3); moving the middle "
            "point off the line lets the same region fit every label (L* = 0)",
        ),
        "hexagon_breakdown": _ex(
            "hexagon_breakdown",
            [(-1, 0), (0, 0), (1, 0), (0, 2)],
            (0, 1, 0, 0),
            [(0, 0), (0, -1), (0, 0), (0, 0)],
            expected="b",
            source="constructed for exactrelu (the D2 mechanism with a fourth point, N > d + 1)",
            description="a collinear triple makes a hexagonal 2-face of the zonotope; moving the middle "
            "point below the line breaks it into parallelograms and creates the vertex 0100 (only the "
            "middle point active), whose open region holds the only exact fits: L* 2/3 → 0",
        ),
        "D1": _ex(
            "D1",
            [(1, 1), (2, 2)],
            (1, 0),
            [(0, 0), (0, 1)],
            bias=False,
            source=f"D1 of {_APPENDIX_D}",
            description="two parallel points without bias: f(x2) = 2 f(x1) forces L* = 4/5; after "
            "x2 = (2, 2+ε), weights of size 2/ε fit exactly",
        ),
        "D2": _ex(
            "D2",
            [(-1, 0), (0, 0), (1, 0)],
            (0, 1, 0),
            [(0, 0), (0, 1), (0, 0)],
            v=None,
            source=f"D2 of {_APPENDIX_D}",
            description="three collinear points, labels 0, 1, 0, one unit with free output sign: "
            "L* = 2/3 on the line, 0 after lifting the middle point",
        ),
        "D3": _ex(
            "D3",
            [(0,), (0,)],
            (0, 1),
            [(0,), (1,)],
            source=f"D3 of {_APPENDIX_D}",
            description="a duplicated 1-D point with labels 0 and 1: L* = 1/2; after x2 = ε, "
            "relu(x/ε) fits exactly",
        ),
    }


def get_discontinuity_example(name: str) -> DiscontinuityExample:
    """The example called ``name`` (see :func:`discontinuity_examples`).

    >>> get_discontinuity_example("D3").y
    (Fraction(0, 1), Fraction(1, 1))
    """
    ex = discontinuity_examples()
    if name not in ex:
        raise InvalidDataError(f"unknown discontinuity example {name!r}; available: {', '.join(sorted(ex))}")
    return ex[name]


def _key(s: RegionSolution, free: bool) -> RegionKey:
    return (s.v, s.patterns) if free else s.patterns


def _optimal(result: ERMResult) -> tuple[RegionKey, ...]:
    """The keys of the regions attaining the minimum, sorted."""
    return tuple(sorted(_key(s, result.free_signs) for s in result.optimal_regions()))


def _split_key(key, v):
    """(output weights, per-unit patterns) of a key (with free signs the key is (v, patterns))."""
    return key if v is None else (v, key)


def open_region_attains(
    X: MatrixLike,
    y: VectorLike,
    patterns: Sequence[Pattern],
    v: Sequence[NumberLike],
    fitted: Sequence[NumberLike],
    *,
    bias: bool = True,
) -> tuple[bool, ConeFeasibility]:
    """Whether some minimiser of the region problem lies in the *open* activation region.

    The region's minimisers are {u : M u = p*, G u >= 0} (the fitted values p* are
    unique).  Homogenising with t > 0, an interior one exists iff the cone
    {(u, t) : M u − t p* = 0, G u > 0, t > 0} is non-empty — decided exactly by
    :func:`exactrelu.exact.lp.cone_feasibility` (an integer witness, or a Farkas vector).

    Returns (bool, ConeFeasibility).

    Examples
    --------
    D1 after the perturbation: the old region (1, 1) attains L* = 0 only on its boundary.

    >>> Xp = [[1, 1], [2, Fraction(201, 100)]]
    >>> open_region_attains(Xp, (1, 0), [(1, 0)], (1,), (1, 0), bias=False)[0]
    True
    >>> open_region_attains(Xp, (1, 0), [(1, 1)], (1,), (1, 0), bias=False)[0]
    False
    """
    xbar = exact_points(X, bias=bias)
    m, D, N = len(patterns), len(xbar[0]), len(xbar)
    vq, pq = exact_vector(v, m, name="output weights v"), exact_vector(fitted, N, name="fitted values")
    rows, signs = [], []
    for i in range(N):
        row: list[Fraction] = []
        for j in range(m):
            row.extend(vq[j] * patterns[j][i] * c for c in xbar[i])
        rows.append(row + [-pq[i]])
        signs.append(0)
    for j in range(m):
        for i in range(N):
            row = [Fraction(0)] * (m * D + 1)
            row[j * D : (j + 1) * D] = [(2 * patterns[j][i] - 1) * c for c in xbar[i]]
            rows.append(row)
            signs.append(1)
    rows.append([Fraction(0)] * (m * D) + [Fraction(1)])
    signs.append(1)
    res = cone_feasibility(rows, signs)
    return res.feasible, res


@dataclass(frozen=True)
class LossJump:
    """Exact optimal losses before and after a perturbation; see :func:`demonstrate_discontinuity`.

    Attributes
    ----------
    before : ERMResult
        L* of the original data, with its certificate.
    after : tuple of (ε, ERMResult)
        L* of X + εΔ for each ε.
    optimal_before, optimal_after : tuples
        The activation patterns (per unit; ``(v, patterns)`` with free output signs)
        attaining the minimum; ``optimal_after`` at the smallest ε.
    open_optimal : tuple
        The optimal patterns after the perturbation whose *open* region contains a
        minimiser ("the optimal vertices"; the others attain the minimum only on
        their boundary), decided exactly by :func:`open_region_attains`.
    new_vertices : tuple
        Those open-optimal patterns that are not vertices of the original zonotope.
    mechanism : str
        ``"a"`` (every open-optimal pattern existed before), ``"b"`` (none did),
        ``"mixed"``, or ``"none"`` when L* does not jump.
    region_values_before : dict
        For each optimal pattern after the perturbation that exists before: its
        per-region optimum in the original data (mechanism (a): the value it jumps from).
    type_report : PerturbationReport
        The zonotope change at the smallest ε.
    """

    before: ERMResult
    after: tuple[tuple[Fraction, ERMResult], ...]
    optimal_before: tuple[RegionKey, ...]
    optimal_after: tuple[RegionKey, ...]
    open_optimal: tuple[RegionKey, ...]
    new_vertices: tuple[RegionKey, ...]
    mechanism: str
    region_values_before: dict[RegionKey, Fraction]
    type_report: PerturbationReport = field(repr=False)

    @property
    def jump(self) -> Fraction:
        """L*(X) − L*(X + εΔ) at the smallest ε (exact)."""
        return self.before.value - self.after[-1][1].value

    def describe(self) -> str:
        """A short multi-line human-readable summary."""
        lines = [f"L* before: {self.before.value}   (optimal patterns {list(self.optimal_before)})"]
        for e, g in self.after:
            lines.append(f"L* at ε = {e}: {g.value}")
        lines.append(
            f"optimal patterns after: {list(self.optimal_after)}; with a minimiser in the open "
            f"region: {list(self.open_optimal)}; new vertices among those: {list(self.new_vertices)}"
        )
        for p, val in self.region_values_before.items():
            lines.append(
                f"  region {p} in the original data: optimum {val} (jumps to {self.after[-1][1].value})"
            )
        lines.append(f"mechanism: {self.mechanism}; jump {self.jump}")
        rep = self.type_report
        lines.append(
            f"zonotope: {rep.n_chambers[0]} → {rep.n_chambers[1]} vertices; gained "
            f"{[pattern_string(p) for p in rep.gained]}"
        )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions as ``"p/q"`` (integers stay ints), zonotope patterns as bit strings."""
        return to_jsonable(
            {
                "before": self.before.value,
                "after": [[e, g.value] for e, g in self.after],
                "optimal_before": self.optimal_before,
                "optimal_after": self.optimal_after,
                "open_optimal": self.open_optimal,
                "new_vertices": self.new_vertices,
                "mechanism": self.mechanism,
                "jump": self.jump,
                "region_values_before": [[k, v] for k, v in self.region_values_before.items()],
                "type_change": {
                    "gained": [pattern_string(p) for p in self.type_report.gained],
                    "lost": [pattern_string(p) for p in self.type_report.lost],
                    "n_chambers": self.type_report.n_chambers,
                },
            }
        )


def demonstrate_discontinuity(
    X: MatrixLike,
    y: VectorLike,
    Delta: MatrixLike,
    eps: Sequence[NumberLike] = DEFAULT_EPS,
    *,
    v: VectorLike | None = (1,),
    bias: bool = True,
    limit: int | None = None,
) -> LossJump:
    """Exact L* of X and of X + εΔ for each ε, optimal vertices, and the mechanism of any jump.

    Parameters
    ----------
    X, Delta : tables of N points / directions
    y : N labels
    eps : sequence of positive exact numbers (decreasing towards 0)
    v : tuple or None
        Output weights of the units (``None``: one unit with free sign, as in
        :func:`exactrelu.training.erm.exact_erm`).
    bias : bool
    limit : int, optional

    Returns
    -------
    LossJump

    Examples
    --------
    >>> ex = get_discontinuity_example("collinear_active")
    >>> r = ex.demonstrate()
    >>> r.before.value, [g.value for _, g in r.after], r.mechanism
    (Fraction(8, 3), [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)], 'a')
    """
    X = exact_matrix(X, name="data")
    eps = exact_vector(eps, name="epsilon")
    if not eps or any(e == 0 for e in eps):
        raise InvalidDataError("eps must be a non-empty sequence of nonzero numbers")
    before = exact_erm(X, y, v=v, bias=bias, limit=limit)
    after = tuple((e, exact_erm(perturbed(X, Delta, e), y, v=v, bias=bias, limit=limit)) for e in eps)
    old = {c.pattern for c in HyperplaneArrangement(exact_points(X, bias=bias)).chambers(limit=limit)}
    X_after, g_after = perturbed(X, Delta, eps[-1]), after[-1][1]
    opt_after = _optimal(g_after)
    open_opt = []
    for k in opt_after:
        vv, pats = _split_key(k, v)
        sol = solve_region(X_after, y, pats, vv, bias=bias)
        if open_region_attains(X_after, y, pats, vv, sol.fitted, bias=bias)[0]:
            open_opt.append(k)
    open_optimal = (
        tuple(open_opt) or opt_after
    )  # the minimum only on lower faces: judge by the closed regions
    new = tuple(k for k in open_optimal if any(p not in old for p in _split_key(k, v)[1]))
    if before.value == g_after.value:
        mech = "none"
    elif not new:
        mech = "a"
    elif len(new) == len(open_optimal):
        mech = "b"
    else:
        mech = "mixed"
    region_before = {}
    for k in open_optimal:
        vv, pats = _split_key(k, v)
        if all(p in old for p in pats):
            region_before[k] = solve_region(X, y, pats, vv, bias=bias).value
    rep = perturbation_report(X, Delta, eps[-1], bias=bias, path=False, limit=limit)
    return LossJump(before, after, _optimal(before), opt_after, open_optimal, new, mech, region_before, rep)
