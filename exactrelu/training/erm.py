"""Exact empirical risk minimisation over the vertices of Z^m (Matena & Raffel 2022, Algorithm 1).

Algorithm 1 (after Arora et al. 2016): for every feasible activation pattern
A ∈ vert(Z^m), solve the convex problem (3) of the closed region of A; the best
region optimum is the global minimum of the loss.  The closed regions cover
parameter space, so nothing is missed, and each region optimum here is exact and
KKT-certified (:mod:`exactrelu.training.region`).  :func:`exact_erm` is the one entry
point for the exact global minimum over all activation regions.

The result carries a certificate that :func:`verify_erm` re-checks without
trusting the search:

* the single-unit vertex set: every chamber of the arrangement {x̄_i · w = 0}
  with an integer witness, and their number equal to |χ(−1)| (Zaslavsky), so the
  list is complete (:meth:`HyperplaneArrangement.certify_chambers`);
* every region problem of every multiset of chambers (units with equal output
  weight are interchangeable, so multisets suffice; :mod:`exactrelu.training.vertices`)
  with its KKT certificate;
* the minimum of the table.

With ``prune=True`` (branch and bound) most region problems are never solved: a region is
skipped when a lower bound on its optimum, certified by weak duality with an exact dual
vector z and multipliers μ ≥ 0 (:mod:`exactrelu.training.bounds`), is at least the exact
value of a region already solved.  The certificate then lists, for every pruned region, that
bound with its (z, μ), and :func:`verify_erm` re-checks each one; a pruned region cannot hide
a better optimum, so the least solved value is still the global minimum.

Loss: the *sum* of squared residuals (``value``); the paper's mean loss, eq. (1),
is ``value / N`` (``mean_loss``).  With ``v=None`` the output weights are free:
by positive homogeneity of relu, v ∈ {±1}^m up to permutation is the same as
v ∈ R^m, so the minimum is over all networks with m units.

Examples
--------
|x| on three points needs two units of opposite orientation:

>>> r = exact_erm([[-1], [0], [1]], (1, 0, 1), units=2)
>>> r.value, r.network.v, r.n_regions
(Fraction(0, 1), (Fraction(1, 1), Fraction(1, 1)), 78)
>>> verify_erm([[-1], [0], [1]], (1, 0, 1), r)
True
>>> exact_erm([[-1], [0], [1]], (1, 0, 1), v=(1,)).value      # one unit: the best fit is the constant 2/3
Fraction(2, 3)

Branch and bound reaches the same minimum and solves fewer regions; the rest are pruned by
certified bounds, which the verifier re-checks:

>>> p = exact_erm([[-1], [0], [1]], (1, 0, 1), units=2, prune=True)
>>> p.value, p.n_candidates, p.n_regions < 78, verify_erm([[-1], [0], [1]], (1, 0, 1), p)
(Fraction(0, 1), 78, True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exactrelu.exact import limits
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import to_fmpq
from exactrelu.exact.output import display_number
from exactrelu.exact.parse import exact_labels, exact_points, pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, VectorLike
from exactrelu.geometry.arrangement import Chamber, HyperplaneArrangement
from exactrelu.geometry.interop import html_summary
from exactrelu.network import ShallowReLU
from exactrelu.training.bounds import BoundChecker, RegionBound, RegionBounder
from exactrelu.training.region import RegionSolution, RegionSolver, verify_region_solution
from exactrelu.training.vertices import (
    candidate_output_weights,
    count_pattern_tuples,
    full_patterns,
    pattern_tuples,
    unit_chambers,
)

__all__ = ["ERMResult", "exact_erm", "predicted_regions", "verify_erm"]


@dataclass(frozen=True)
class ERMResult:
    """The exact global minimum of the squared loss with its certificate (Algorithm 1).

    Attributes
    ----------
    value : Fraction
        min over all weights of Σ_i (f(x_i) − y_i)².
    solution : RegionSolution
        An optimal region (the first in enumeration order) with its KKT certificate.
    network : ShallowReLU
        The optimal network (weights of ``solution``, its v).
    regions : tuple of RegionSolution
        Every region problem solved, in enumeration order: the table of region optima.
    chambers : tuple of Chamber
        The single-unit chambers (sign vectors over the nonzero points, integer witnesses).
    nonzero : tuple of int
        Indices of the points with x̄_i ≠ 0 (the others are never active).
    free_signs : bool
        Whether v was free (``v=None``) or fixed.
    bias : bool
        Whether the data were homogenised.
    pruned : tuple of RegionBound
        With ``prune=True``: every region problem not solved, with a certified lower bound
        on its optimum that is at least ``value`` (:class:`~exactrelu.training.bounds.RegionBound`).

    Examples
    --------
    >>> r = exact_erm([[1, 1], [2, 2]], (1, 0), v=(1,), bias=False)   # f(x_2) = 2 f(x_1)
    >>> r.value, r.mean_loss, r.solution.patterns
    (Fraction(4, 5), Fraction(2, 5), ((1, 1),))
    >>> r.table()
    [((Fraction(1, 1),), ((0, 0),), Fraction(1, 1)), ((Fraction(1, 1),), ((1, 1),), Fraction(4, 5))]
    """

    value: Fraction
    solution: RegionSolution
    network: ShallowReLU
    regions: tuple[RegionSolution, ...]
    chambers: tuple[Chamber, ...]
    nonzero: tuple[int, ...]
    free_signs: bool
    bias: bool
    pruned: tuple[RegionBound, ...] = ()

    @property
    def mean_loss(self) -> Fraction:
        """The paper's mean squared loss, eq. (1): value / N."""
        return self.value / self.solution.n_points

    @property
    def n_regions(self) -> int:
        """Number of region problems solved exactly."""
        return len(self.regions)

    @property
    def n_pruned(self) -> int:
        """Number of region problems pruned by a certified lower bound (0 without ``prune``)."""
        return len(self.pruned)

    @property
    def n_candidates(self) -> int:
        """All region problems of the search: solved plus pruned."""
        return len(self.regions) + len(self.pruned)

    @property
    def units(self) -> int:
        """Number of hidden units m."""
        return len(self.solution.v)

    def __repr__(self) -> str:
        """One line: the minimum, its mean, units, points and the numbers of regions solved and pruned.

        >>> exact_erm([[-1], [0], [1]], (1, 0, 1), v=(1,))
        ERMResult(value=2/3, mean_loss=2/9, units=1, N=3, regions=6, pruned=0, v fixed, bias=True)
        """
        return (
            f"ERMResult(value={display_number(self.value)}, mean_loss={display_number(self.mean_loss)}, "
            f"units={self.units}, N={self.solution.n_points}, regions={self.n_regions}, "
            f"pruned={self.n_pruned}, {'v free' if self.free_signs else 'v fixed'}, bias={self.bias})"
        )

    def _repr_html_(self) -> str:
        return html_summary(
            "Exact ERM (global minimum of the squared loss)",
            [
                ("value Σ (f(x_i) − y_i)²", self.value),
                ("mean loss (value / N)", self.mean_loss),
                ("units m", self.units),
                ("points N", self.solution.n_points),
                ("output weights v", ", ".join(display_number(t) for t in self.solution.v)),
                ("v", "free (±1 up to scaling)" if self.free_signs else "fixed"),
                ("bias", self.bias),
                ("single-unit chambers", len(self.chambers)),
                ("region problems solved", self.n_regions),
                ("pruned by certified bounds", self.n_pruned),
                ("optimal regions", len(self.optimal_regions())),
            ],
        )

    def table(self) -> list[tuple[tuple[Fraction, ...], tuple[Pattern, ...], Fraction]]:
        """Rows (v, patterns, value) of every region, in enumeration order."""
        return [(s.v, s.patterns, s.value) for s in self.regions]

    def optimal_regions(self) -> tuple[RegionSolution, ...]:
        """Every region whose optimum attains the global minimum, in enumeration order."""
        return tuple(s for s in self.regions if s.value == self.value)

    def to_dict(self, table: bool = True) -> dict[str, Any]:
        """JSON-ready dict; Fractions become ``"p/q"`` strings.  ``table=False`` omits the region rows."""
        out = {
            "value": self.value,
            "mean_loss": self.mean_loss,
            "units": self.units,
            "free_signs": self.free_signs,
            "bias": self.bias,
            "n_points": self.solution.n_points,
            "n_chambers": len(self.chambers),
            "n_regions": self.n_regions,
            "n_pruned": self.n_pruned,
            "network": self.network.to_dict(),
            "solution": self.solution.to_dict(),
        }
        if table:
            out["table"] = [{"v": s.v, "patterns": s.patterns, "value": s.value} for s in self.regions]
            if self.pruned:
                out["pruned"] = [b.to_dict() for b in self.pruned]
        return to_jsonable(out)

    def describe(self) -> str:
        """A short multi-line human-readable summary."""
        v = [str(t) for t in self.solution.v]
        lines = [
            f"exact ERM: N = {self.solution.n_points}, m = {self.units} unit(s), "
            f"{'free output signs' if self.free_signs else 'fixed v = ' + str(v)}",
            f"  {len(self.chambers)} chambers per unit, {self.n_regions} region problems solved"
            + (f", {self.n_pruned} pruned by certified lower bounds" if self.pruned else ""),
            f"  global minimum: sum of squares {self.value} "
            f"(mean {self.mean_loss}, ≈ {float(self.mean_loss):.6g})",
            f"  optimal patterns: {[pattern_string(a) for a in self.solution.patterns]}, v = {v}",
        ]
        return "\n".join(lines)


def predicted_regions(
    X: MatrixLike, units: int = 1, v: VectorLike | NumberLike | None = None, *, bias: bool = True
) -> int:
    """Upper bound on the number of region problems :func:`exact_erm` solves (exact in general position).

    The chamber count is bounded by Cover/Schläfli for the distinct hyperplanes;
    with k_g units sharing output weight g, a group contributes C(c + k_g − 1, k_g)
    multisets of c chambers.

    >>> predicted_regions([[-1], [0], [1]], units=2)
    78
    """
    return _predicted(exact_points(X, bias=bias), candidate_output_weights(v, units))


def _predicted(xbar, candidates):
    nonzero = [x for x in xbar if any(x)]
    c = HyperplaneArrangement(nonzero).predicted_chambers() if nonzero else 1
    return sum(count_pattern_tuples(vec, c) for vec in candidates)


def exact_erm(
    X: MatrixLike,
    y: VectorLike,
    units: int | None = None,
    v: VectorLike | NumberLike | None = None,
    *,
    bias: bool = True,
    limit: int | None = None,
    progress: bool = False,
    prune: bool = False,
) -> ERMResult:
    """Exact ERM (Matena & Raffel 2022, Algorithm 1): the global minimum of the squared loss.

    The closed activation regions cover parameter space, and on each one the loss
    is the region problem of :func:`~exactrelu.training.region.solve_region`; so the
    minimum over all weights is the least region value over all feasible pattern
    tuples.  Single-unit patterns are the chambers of the arrangement {x̄_i · w = 0};
    units with equal v_j are interchangeable, so only multisets of patterns are
    enumerated.

    Parameters
    ----------
    X : table of N points in Q^d
        Data (any format of :func:`exactrelu.exact.parse.exact_matrix`).
    y : sequence of N numbers
        Labels.
    units : int, optional
        Number of hidden units m (default len(v), or 1); if given with v, it must
        equal len(v).
    v : sequence of m numbers, optional
        Fixed second-layer weights, as in the paper (``v=(1,)``: one unit with output
        weight 1).  ``None`` (default): free weights, i.e. the minimum over
        v ∈ {±1}^m up to permutation as well; the chosen v is ``result.solution.v``.
    bias : bool
        Homogenise x̄ = (x, 1) (default) or use x̄ = x.
    limit : int, optional
        Refuse up front (:class:`~exactrelu.exact.errors.SizeLimitError`, with the
        predicted count) when the number of chambers or of region problems would
        exceed it (default ``EXACTRELU_LIMIT`` or 10^6).
    progress : bool
        Progress bar on stderr.
    prune : bool
        Branch and bound (default False: solve every region).  Regions are visited best
        first by the float value of their least-squares relaxation, and a region is skipped
        when a certified lower bound on its optimum (:mod:`exactrelu.training.bounds`: weak
        duality, exact z and μ) is at least the exact value of the best region solved so far.
        The value is the same; ``regions`` then holds only the solved regions and ``pruned``
        the bound certificates, which :func:`verify_erm` re-checks.  With ties, the reported
        optimal region may differ from the unpruned search's.

    Returns
    -------
    ERMResult
        ``value`` (sum of squares), ``mean_loss``, ``network``, ``regions`` (the table
        of region optima, in enumeration order) and the certificate that
        :func:`verify_erm` checks.  Ties go to the first optimal region in
        enumeration order (chambers sorted by sign vector; for ``v=None`` the v with
        more +1 units first).

    Raises
    ------
    InvalidDataError
        Malformed data or labels, ``units`` not a positive integer or disagreeing with v.
    SizeLimitError
        More chambers or region problems than ``limit``.

    Notes
    -----
    Branch and bound (``prune=True``) tries, per region and cheapest first, the bounds of
    :class:`~exactrelu.training.bounds.RegionBounder`: the cell bound (cached by the cell
    partition of the points), the signed cell bound, the least-squares relaxation (float value
    as a gate, exact when tried) and the float-guided dual bound; only regions that none of them
    prunes are solved exactly.  On 12 points in the plane with m = 2 and v = (1, −1) it solves
    6 of 17,424 regions.

    The work is (number of region problems) × (one exact QP): about
    C(c + m − 1, m) · (m + 1) problems for c chambers and free signs, with
    c = 2 Σ_{k ≤ d} C(N − 1, k) in general position, i.e. O(N^{md}).

    Examples
    --------
    One relu is monotone on a line, so the bump (0, 1, 0) is best fitted by a constant:

    >>> r = exact_erm([[0], [1], [2]], (0, 1, 0), v=(1,))
    >>> r.value, r.network.W, r.network([[0], [1], [2]])
    (Fraction(2, 3), ((Fraction(0, 1), Fraction(1, 3)),), (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)))

    Collinear data (our reconstruction of the example D2 of Matena & Raffel 2022,
    Appendix D; docs/reconstructions.md, 'Matena & Raffel 2022, Appendix D:
    discontinuity examples'): lifting the middle point lets one unit fit the bump.

    >>> g = exact_erm([[-1, 0], [0, 0], [1, 0]], (0, 1, 0))
    >>> g.value, g.solution.v, g.n_regions
    (Fraction(2, 3), (Fraction(1, 1),), 12)
    >>> exact_erm([[-1, 0], [0, Fraction(1, 100)], [1, 0]], (0, 1, 0), v=(1,)).value
    Fraction(0, 1)
    """
    xbar = exact_points(X, bias=bias)
    labels = exact_labels(y, len(xbar))
    candidates = candidate_output_weights(v, units)
    limits.guard("region problems", _predicted(xbar, candidates), limit)
    chambers, nonzero = unit_chambers(xbar, limit)
    singles = full_patterns(chambers, nonzero, len(xbar))
    total = sum(count_pattern_tuples(c, len(singles)) for c in candidates)
    solver = RegionSolver(xbar, labels)
    regions: list[RegionSolution] = []
    pruned: list[RegionBound] = []
    best: RegionSolution | None = None
    with progress_bar(progress, total, "region problems", "region") as bar:
        if prune:
            best, regions, pruned = _branch_and_bound(solver, candidates, singles, bar)
        else:
            for vec in candidates:
                for patterns in pattern_tuples(vec, singles):
                    s = solver.solve(patterns, vec)
                    regions.append(s)
                    if best is None or s.value < best.value:
                        best = s
                    bar.update()
    assert best is not None  # at least one candidate and one pattern tuple
    return ERMResult(
        value=best.value,
        solution=best,
        network=ShallowReLU(best.weights, best.v, bias=bias),
        regions=tuple(regions),
        chambers=tuple(chambers),
        nonzero=tuple(nonzero),
        free_signs=v is None,
        bias=bias,
        pruned=tuple(pruned),
    )


#: how many regions (best first by the float least-squares bound) get a float region value
#: before the first exact solve, which sets the incumbent
_SCOUT = 64


def _branch_and_bound(solver, candidates, singles, bar):
    """Best-first search with certified pruning; returns (best, solved regions, pruned bounds).

    Every region is either solved exactly or pruned by a :class:`RegionBound` whose exact bound
    is ≥ the exact value of a region solved before it; so the least solved value is the minimum.
    Floats only order the regions and choose which bound to try.
    """
    items, keys, skeys = [], [], []
    for vec in candidates:
        live = [(j, 1 if vj > 0 else -1) for j, vj in enumerate(vec) if vj != 0]
        for pats in pattern_tuples(vec, singles):
            items.append((vec, pats))
            keys.append(frozenset(pats[j] for j, _ in live))  # = RegionBounder.key
            skeys.append(frozenset((pats[j], sg) for j, sg in live))  # = RegionBounder.signed_key
    bounder = RegionBounder(solver.xbar, solver.y, solver.cone)
    unique = list(dict.fromkeys(keys))
    ls_float = dict(zip(unique, bounder.float_least_squares(unique)))
    order = sorted(range(len(items)), key=lambda k: ls_float[keys[k]])
    # incumbent: the best float region value among the most promising regions, solved exactly
    scout = order[:_SCOUT]
    first = min(scout, key=lambda k: bounder.float_value(items[k][1], items[k][0]))
    solved = {first: solver.solve(items[first][1], items[first][0])}
    bar.update()
    best = solved[first]
    bounds: dict[int, RegionBound] = {}
    inc = to_fmpq(best.value)
    for k in order:
        if k == first:
            continue
        vec, pats = items[k]
        cert: RegionBound | None = None
        if bounder.cells_value(keys[k]) >= inc:
            cert = bounder.cells(pats, vec, keys[k])
        elif bounder.signed_cells_value(keys[k], skeys[k]) >= inc:
            cert = bounder.signed_cells(pats, vec, keys[k], skeys[k])
        elif ls_float[keys[k]] >= float(best.value) * (1 - 1e-9):
            ls = bounder.least_squares(pats, vec, keys[k])
            if ls.bound >= best.value:
                cert = ls
        if cert is None:
            dual, _ = bounder.dual(pats, vec, at_least=best.value)
            if dual is not None and dual.bound >= best.value:
                cert = dual
        if cert is not None:
            bounds[k] = cert
        else:
            s = solver.solve(pats, vec)
            solved[k] = s
            if s.value < best.value:
                best, inc = s, to_fmpq(s.value)
        bar.update()
    regions = [solved[k] for k in sorted(solved)]
    best = next(s for s in regions if s.value == best.value)  # the first optimum in enumeration order
    return best, regions, [bounds[k] for k in sorted(bounds)]


def verify_erm(
    X: MatrixLike,
    y: VectorLike,
    result: ERMResult,
    *,
    v: Sequence[NumberLike] | None = None,
    bias: bool | None = None,
) -> bool:
    """Independently re-check an :class:`ERMResult`; returns bool.

    Checks: (1) the chambers are complete — no zero sign (open chambers, not faces),
    exact witnesses, distinct sign vectors, count = |χ(−1)| (Zaslavsky); (2) the table
    holds exactly one region per multiset of chambers per candidate v (all signs up to permutation when the
    result says ``free_signs``; otherwise ``v`` if given, else the result's own v);
    (3) every region optimum passes the KKT verifier; (4) ``value`` is the table's
    minimum and ``network`` realises it.  With pruning, (2) reads: every region is either
    in the table or among ``pruned``, and not both; and (5) at least one region is solved,
    every pruned bound is at least ``value`` and passes the weak-duality check of
    :class:`~exactrelu.training.bounds.BoundChecker` (μ ≥ 0, stationarity per unit,
    bound ≤ 2 z·y − z·z).  A result with free signs is refused when
    ``v`` is given (it answers another question), and one whose ``bias`` differs
    from ``bias`` when that is given.

    What it trusts: the *question* the result says it answers.  Without ``v`` it
    takes the number of units m, and — unless ``free_signs`` — the output weights v,
    from the result itself (``result.solution.v``): it then certifies "this is the
    global minimum for the v the result reports", not for the v you had in mind.
    Without ``bias`` it takes ``result.bias``.  Pass ``v`` (and ``bias``) to check
    those too.

    >>> r = exact_erm([[0], [1], [2]], (0, 1, 0), v=(1,))
    >>> verify_erm([[0], [1], [2]], (0, 1, 0), r), verify_erm([[0], [1], [2]], (0, 1, 1), r)
    (True, False)
    >>> X, y = [[0], [1], [2]], (0, 1, 0)
    >>> verify_erm(X, y, r, v=(-1,)), verify_erm(X, y, r, bias=False)
    (False, False)
    """
    if bias is not None and bias != result.bias:
        return False
    if v is not None and result.free_signs:
        return False
    try:
        xbar = exact_points(X, bias=result.bias)
        labels = exact_labels(y, len(xbar))
    except InvalidDataError:
        return False
    nonzero = [i for i, x in enumerate(xbar) if any(x)]
    if tuple(nonzero) != tuple(result.nonzero):
        return False
    if any(0 in c.signs for c in result.chambers):  # a face is no chamber (certify_chambers allows it)
        return False
    if nonzero:
        try:
            HyperplaneArrangement([xbar[i] for i in nonzero]).certify_chambers(list(result.chambers))
        except CertificateError:
            return False
    singles = full_patterns(result.chambers, nonzero, len(xbar))
    m = result.units
    if result.free_signs:
        candidates = candidate_output_weights(None, m)
    else:
        candidates = candidate_output_weights(result.solution.v if v is None else v, m)
    expected = sorted((vec, pats) for vec in candidates for pats in pattern_tuples(vec, singles))
    covered = [(s.v, s.patterns) for s in result.regions] + [(b.v, b.patterns) for b in result.pruned]
    if sorted(covered) != expected:
        return False
    if not result.regions:
        return False
    if not all(verify_region_solution(xbar, labels, s, bias=False) for s in result.regions):
        return False
    best = min(s.value for s in result.regions)
    checker = BoundChecker(xbar, labels)
    if not all(b.bound >= best and checker.check(b) for b in result.pruned):
        return False
    net = result.network
    return (
        result.value == best == result.solution.value
        and result.solution in result.regions
        and result.solution.weights == net.W
        and net.v == result.solution.v
        and net.loss(X, y) == best
    )
