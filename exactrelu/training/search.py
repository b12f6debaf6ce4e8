"""Training as a search over vert(Z^m): the random-vertex method, greedy local search, gradient descent.

Matena & Raffel 2022, sections 4.2 and 4.3.  A vertex of Z^m is an m-tuple of
activation patterns (one chamber of the arrangement {x̄_i · w = 0} per unit); its
value L*(A) is the exact optimum of the convex region problem (3)
(:mod:`exactrelu.training.region`).

* :func:`random_vertex` — the random-vertex method of section 4.2: draw Gaussian
  first-layer weights, take their activation pattern, solve that region.
* :func:`greedy_local_search` — Algorithm 2 (GLS): move to the best neighbour on
  the 1-skeleton of Z^m while that strictly improves; ``variant="first"`` takes
  the first improving neighbour in random order, and ``variant="mgls"`` takes the
  first improving neighbour trying first the facets on which the current optimum
  lies.  The paper's Appendix G (mGLS) could not be retrieved: both variants are
  our reconstruction (docs/reconstructions.md, 'Matena & Raffel 2022, Appendix G:
  GLS and mGLS').
* :func:`gradient_descent` — a plain full-batch gradient-descent baseline
  (numpy) on the same loss, whose final weights are then evaluated exactly.

Every value compared here is an exact Fraction, so "improves" means strictly
smaller, with no tolerance; a GLS run that stops has evaluated every neighbour
exactly, so its endpoint is a certified local minimum of L* on the 1-skeleton.

Neighbours: two chambers are adjacent iff they share a facet; the facet of the
closed cone {w : (2a_i − 1) x̄_i · w ≥ 0} lying on H_i is found from the cone's
extreme rays (those on H_i span a hyperplane), so no LP is solved.  Crossing it
flips every point whose hyperplane is H_i (repeated or parallel points together).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, to_fmpq
from exactrelu.exact.lp import cone_feasibility
from exactrelu.exact.output import display_number
from exactrelu.exact.parse import (
    exact_integer,
    exact_labels,
    exact_points,
    pattern_rows,
    pattern_string,
    primitive_rows,
)
from exactrelu.exact.progress import progress_bar
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern, PatternLike, VectorLike
from exactrelu.geometry import engine
from exactrelu.geometry.interop import html_summary
from exactrelu.network import ShallowReLU
from exactrelu.training.region import RegionSolution, RegionSolver, output_weights, unit_cone_rays
from exactrelu.training.vertices import equal_weight_groups, number_of_units

__all__ = [
    "GradientDescentResult",
    "SearchResult",
    "SearchStep",
    "gradient_descent",
    "greedy_local_search",
    "random_pattern",
    "random_vertex",
    "vertex_neighbours",
]


# ----------------------------------------------------------------------------
# results
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchStep:
    """One step of a search: the vertex reached, its exact value, the move that led there.

    ``move`` is ``(unit, flipped point indices)`` for a step along an edge of Z^m
    and ``None`` for a starting or sampled vertex; ``evaluated`` counts the region
    problems solved during the step (cache hits excluded).

    ``patterns`` are in canonical order: units with equal output weight are
    interchangeable, so their patterns are sorted (``trace[0]`` may list a given
    start in a different order); ``move``'s unit index refers to the previous
    step's canonical order.
    """

    step: int
    patterns: tuple[Pattern, ...]
    value: Fraction
    move: tuple[int, tuple[int, ...]] | None
    evaluated: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; patterns as bit strings, Fractions as ``"p/q"`` (integers stay ints)."""
        return to_jsonable(
            {
                "step": self.step,
                "patterns": [pattern_string(a) for a in self.patterns],
                "value": self.value,
                "move": self.move,
                "evaluated": self.evaluated,
            }
        )


@dataclass(frozen=True)
class SearchResult:
    """Outcome of :func:`random_vertex` or :func:`greedy_local_search`.

    Attributes
    ----------
    method : str
        ``"random-vertex"``, ``"gls"``, ``"first"`` or ``"mgls"``.
    solution : RegionSolution
        Exact, KKT-certified optimum of the final (best) vertex.
    trace : tuple of SearchStep
        The vertices visited, in order, with their exact values.
    n_solved : int
        Region problems solved in total.
    local_minimum : bool
        True when the search stopped because no neighbour is strictly better (all
        were evaluated exactly); False when it hit ``max_steps`` (or for random vertex).
    seed : int or None
    bias : bool
    """

    method: str
    solution: RegionSolution
    trace: tuple[SearchStep, ...]
    n_solved: int
    local_minimum: bool
    seed: Any
    bias: bool = True

    @property
    def value(self) -> Fraction:
        """Sum of squared residuals at the final vertex's optimum."""
        return self.solution.value

    @property
    def mean_loss(self) -> Fraction:
        """The paper's mean squared loss, eq. (1), at the final vertex: value / N."""
        return self.solution.mean_loss

    @property
    def network(self) -> ShallowReLU:
        """The network of the final vertex's optimum."""
        return ShallowReLU(self.solution.weights, self.solution.v, bias=self.bias)

    @property
    def losses(self) -> list[float]:
        """Mean loss per step (floats, for plotting)."""
        return [float(s.value) / self.solution.n_points for s in self.trace]

    def __repr__(self) -> str:
        """One line: method, final value and mean loss, steps, region problems solved, how it stopped."""
        stop = "local minimum" if self.local_minimum else "not a certified local minimum"
        if self.method == "random-vertex":
            stop = f"best of {len(self.trace)}"
        return (
            f"SearchResult({self.method}, value={display_number(self.value)}, "
            f"mean_loss={display_number(self.mean_loss)}, units={len(self.solution.v)}, "
            f"steps={len(self.trace) - 1}, solved={self.n_solved}, {stop})"
        )

    def _repr_html_(self) -> str:
        return html_summary(
            f"Search on the 1-skeleton of Z^m ({self.method})",
            [
                ("final value Σ (f(x_i) − y_i)²", self.value),
                ("mean loss", self.mean_loss),
                ("start value", self.trace[0].value),
                ("units m", len(self.solution.v)),
                ("points N", self.solution.n_points),
                ("steps", len(self.trace) - 1),
                ("region problems solved", self.n_solved),
                ("certified local minimum", self.local_minimum),
                ("seed", "None" if self.seed is None else str(self.seed)[:40]),
                ("bias", self.bias),
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with the trace; Fractions as ``"p/q"`` (integers stay ints)."""
        return to_jsonable(
            {
                "method": self.method,
                "value": self.value,
                "mean_loss": self.mean_loss,
                "seed": self.seed,
                "local_minimum": self.local_minimum,
                "n_solved": self.n_solved,
                "steps": len(self.trace) - 1,
                "network": self.network.to_dict(),
                "trace": [s.to_dict() for s in self.trace],
            }
        )

    def describe(self) -> str:
        """A short multi-line human-readable summary."""
        first, last = self.trace[0], self.trace[-1]
        stop = "certified local minimum on the 1-skeleton" if self.local_minimum else "stopped (step cap)"
        if self.method == "random-vertex":
            stop = f"best of {len(self.trace)} random vertices"
        return "\n".join(
            [
                f"{self.method}: {len(self.trace) - 1} step(s), "
                f"{self.n_solved} region problems solved; {stop}",
                f"  start value {first.value} (mean ≈ {float(first.value) / self.solution.n_points:.6g})",
                f"  final value {last.value if self.method != 'random-vertex' else self.value} "
                f"(mean {self.mean_loss} ≈ {float(self.mean_loss):.6g})",
                f"  final patterns: {[pattern_string(a) for a in self.solution.patterns]}, "
                f"v = {[str(t) for t in self.solution.v]}",
            ]
        )


# ----------------------------------------------------------------------------
# problem setup
# ----------------------------------------------------------------------------


def _rng(seed):
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _signs_from(rng, m):
    """Output signs ±1 of a Gaussian initialisation (the paper fixes v at its initial value)."""
    return tuple(Fraction(1) if z >= 0 else Fraction(-1) for z in rng.standard_normal(m))


def random_pattern(
    X: MatrixLike, units: int = 1, *, bias: bool = True, seed: Any = None
) -> tuple[tuple[Pattern, ...], tuple[tuple[Fraction, ...], ...]]:
    """Activation patterns of Gaussian first-layer weights: a random vertex of Z^m.

    The Gaussian draw is read exactly (each float as its binary value) and the
    signs w · x̄_i are evaluated exactly; a draw with a zero pre-activation is
    redrawn, so the result is a genuine vertex and ``W`` witnesses it.

    Returns
    -------
    (patterns, W) : tuple of m 0/1 tuples, tuple of m exact weight rows

    Examples
    --------
    >>> patterns, W = random_pattern([[0], [1], [2]], 2, seed=0)
    >>> len(patterns), all(len(p) == 3 for p in patterns)
    (2, True)
    """
    xbar = exact_points(X, bias=bias)
    return _random_pattern(xbar, number_of_units(units, None), _rng(seed))


def _random_pattern(xbar, m, rng, max_tries=100):
    patterns, W = [], []
    for _ in range(m):
        for _ in range(max_tries):
            w = [Fraction(float(z)) for z in rng.standard_normal(len(xbar[0]))]
            pre = [dot(w, x) for x in xbar]
            if all(p != 0 or not any(x) for p, x in zip(pre, xbar)):
                break
        else:  # never observed: a Gaussian draw hits a hyperplane with probability 0
            raise InvalidDataError("could not draw weights off every hyperplane (are all points zero?)")
        patterns.append(tuple(int(p > 0) for p in pre))
        W.append(tuple(w))
    return tuple(patterns), tuple(W)


class _Problem:
    """Data, labels, v and caches shared by the searches: region values and facet flips."""

    def __init__(self, X, y, m, v, bias, rng):
        self.xbar = exact_points(X, bias=bias)
        self.y = exact_labels(y, len(self.xbar))
        self.v = _signs_from(rng, m) if v is None else output_weights(v, m)
        self.solver = RegionSolver(self.xbar, self.y)
        self.groups = equal_weight_groups(self.v)
        self.bias = bias
        self._values, self._flips = {}, {}
        self.solved = 0
        self._classes = _hyperplane_classes(self.xbar)

    def key(self, patterns):
        """Canonical form: units with equal v are interchangeable, so sort within groups."""
        out = list(patterns)
        for g in self.groups:
            for j, p in zip(g, sorted(patterns[j] for j in g)):
                out[j] = p
        return tuple(out)

    def solve(self, patterns):
        k = self.key(patterns)
        if k not in self._values:
            self._values[k] = self.solver.solve(k, self.v)
            self.solved += 1
        return self._values[k]

    def flips(self, pattern):
        """Facet crossings of one unit's chamber: list of (indices that flip, new pattern)."""
        if pattern not in self._flips:
            self._flips[pattern] = _facet_flips(self.xbar, pattern, self.solver.rays(pattern), self._classes)
        return self._flips[pattern]


def _hyperplane_classes(xbar):
    """Point indices grouped by hyperplane (x̄_k parallel to x̄_i); zero points are left out."""
    nonzero = [i for i, x in enumerate(xbar) if any(x)]
    if not nonzero:
        return []
    _, members = engine.parallel_classes(primitive_rows([xbar[i] for i in nonzero]))
    return [[nonzero[i] for i, _ in cls] for cls in members]


def _facet_flips(xbar, pattern, rays, classes):
    """Neighbouring chambers: H_i carries a facet of the closed cone iff its rays on H_i have rank D − 1."""
    D = len(xbar[0])
    out = []
    for cls in classes:
        i = cls[0]
        on = [r for r in rays if dot(r, xbar[i]) == 0]
        if len(on) >= D - 1 and (
            D == 1 or flint.fmpq_mat(len(on), D, [to_fmpq(c) for r in on for c in r]).rank() == D - 1
        ):
            new = list(pattern)
            for k in cls:
                new[k] = 1 - new[k]
            out.append((tuple(cls), tuple(new)))
    return out


def vertex_neighbours(
    X: MatrixLike, patterns: Sequence[PatternLike], *, bias: bool = True
) -> list[tuple[int, tuple[int, ...], tuple[Pattern, ...]]]:
    """Neighbours of a vertex of Z^m on its 1-skeleton: list of (unit, flipped indices, new patterns).

    ``patterns`` must be a vertex: each unit's pattern a chamber of the arrangement.

    Examples
    --------
    Three points on a line with bias: the chamber 011 (w · x̄ > 0 for x ≥ 1)
    borders 001 and 111.

    >>> [(j, f, p) for j, f, p in vertex_neighbours([[0], [1], [2]], [(0, 1, 1)])]
    [(0, (0,), ((1, 1, 1),)), (0, (1,), ((0, 0, 1),))]
    """
    xbar = exact_points(X, bias=bias)
    classes = _hyperplane_classes(xbar)
    return _neighbours(
        pattern_rows(patterns, len(xbar)), lambda p: _facet_flips(xbar, p, unit_cone_rays(xbar, p), classes)
    )


def _neighbours(patterns, flips):
    """(unit j, flipped points, new patterns) for each facet crossing ``flips(p)`` of each pattern p."""
    return [
        (j, flipped, patterns[:j] + (q,) + patterns[j + 1 :])
        for j, p in enumerate(patterns)
        for flipped, q in flips(p)
    ]


# ----------------------------------------------------------------------------
# random vertex and greedy local search
# ----------------------------------------------------------------------------


def random_vertex(
    X: MatrixLike,
    y: VectorLike,
    units: int | None = None,
    v: VectorLike | NumberLike | None = None,
    *,
    samples: int = 1,
    bias: bool = True,
    seed: Any = None,
    progress: bool = False,
) -> SearchResult:
    """The random-vertex method (Matena & Raffel 2022, section 4.2): solve the region of a random init.

    Draws Gaussian first-layer weights ``samples`` times, takes the activation
    pattern of each draw (a random vertex of Z^m, as initialisation selects it in
    practice) and solves that region's problem (3) exactly; returns the best.

    Parameters
    ----------
    X, y, bias
        Data and labels.
    units : int
        Number of hidden units m (or give v).
    v : sequence of m numbers, optional
        Fixed output weights; default: the signs of a Gaussian draw (seeded).
    samples : int
        Number of random vertices.
    seed : int or numpy Generator

    Returns
    -------
    SearchResult
        ``trace`` lists every sampled vertex with its exact value.

    Examples
    --------
    >>> r = random_vertex([[0], [1], [2], [3]], [0, 1, 0, 1], units=3, samples=4, seed=1)
    >>> len(r.trace), r.value == min(s.value for s in r.trace)
    (4, True)
    """
    samples = exact_integer(samples, name="samples", minimum=1)
    rng = _rng(seed)
    prob = _Problem(X, y, number_of_units(units, v), v, bias, rng)
    trace: list[SearchStep] = []
    best: RegionSolution | None = None
    with progress_bar(progress, samples, "random vertices", "vertex") as bar:
        for k in range(samples):
            patterns, _ = _random_pattern(prob.xbar, len(prob.v), rng)
            before = prob.solved
            s = prob.solve(patterns)
            trace.append(SearchStep(k, s.patterns, s.value, None, prob.solved - before))
            if best is None or s.value < best.value:
                best = s
            bar.update()
    assert best is not None  # samples >= 1
    return SearchResult("random-vertex", best, tuple(trace), prob.solved, False, seed, bias)


_VARIANTS = ("gls", "first", "mgls")


def _tight_first(prob, moves, solution, rng):
    """mGLS order: flips of constraints tight at the current optimum first, the rest shuffled."""
    xbar = prob.xbar
    tight: list[Any] = []
    rest: list[Any] = []
    for j, flipped, patterns in moves:
        w = solution.weights[j]
        on = dot(w, xbar[flipped[0]]) == 0
        (tight if on else rest).append((j, flipped, patterns))
    rng.shuffle(tight)
    rng.shuffle(rest)
    return tight + rest


def greedy_local_search(
    X: MatrixLike,
    y: VectorLike,
    units: int | None = None,
    v: VectorLike | NumberLike | None = None,
    *,
    start: Sequence[PatternLike] | None = None,
    variant: str = "gls",
    max_steps: int = 1000,
    bias: bool = True,
    seed: Any = None,
    progress: bool = False,
) -> SearchResult:
    """Greedy local search on the 1-skeleton of Z^m (Algorithm 2 of Matena & Raffel 2022).

    From a starting vertex, evaluate neighbours (vertices that differ in one unit,
    across one facet of its chamber) by their exact region optimum L*(A), and move
    while some neighbour is strictly better.

    Parameters
    ----------
    X, y, bias
        Data and labels.
    units : int
        Number of hidden units m (or give v).
    v : sequence of m numbers, optional
        Fixed output weights (the paper's setting); default: signs of a Gaussian draw.
    start : m patterns, optional
        Starting vertex (each a chamber); default: the pattern of Gaussian weights.
    variant : {"gls", "first", "mgls"}
        ``"gls"``: best improvement over all neighbours (Algorithm 2).  ``"first"``:
        first improvement in random order.  ``"mgls"``: first improvement, trying
        first the facets that the current optimum lies on (our reconstruction of
        Matena & Raffel 2022, Appendix G; docs/reconstructions.md, 'Matena & Raffel
        2022, Appendix G: GLS and mGLS').
    max_steps : int
        Cap T on the number of moves.
    seed : int or numpy Generator
        Seeds the start, the signs and the orders.
    progress : bool
        Progress bar (stderr) with the current mean loss.

    Returns
    -------
    SearchResult
        ``trace[t]`` is the vertex after t moves with its exact value;
        ``local_minimum`` tells whether the search stopped at a certified local minimum.

    Examples
    --------
    >>> r = greedy_local_search([[0], [1], [2], [3]], [0, 1, 0, 1], v=(1, -1, 1), seed=0)
    >>> r.local_minimum, [s.value for s in r.trace] == sorted((s.value for s in r.trace), reverse=True)
    (True, True)
    """
    if variant not in _VARIANTS:
        raise InvalidDataError(f"variant must be one of {_VARIANTS}, got {variant!r}")
    max_steps = exact_integer(max_steps, name="max_steps", minimum=0)
    rng = _rng(seed)
    if start is not None and units is None and v is None:
        m = len(pattern_rows(start, name="start"))
    else:
        m = number_of_units(units, v)
    prob = _Problem(X, y, m, v, bias, rng)
    current = prob.solve(_start(prob, start, m, rng))
    patterns = current.patterns
    trace = [SearchStep(0, patterns, current.value, None, prob.solved)]
    local = False
    with progress_bar(progress, max_steps, variant, "step") as bar:
        for t in range(1, max_steps + 1):
            if current.value == 0:  # the loss is ≥ 0: a zero vertex is a global minimum, nothing improves
                local = True
                break
            before = prob.solved
            step = _improving_move(prob, variant, patterns, current, rng)
            if step is None:
                local = True
                break
            current, j, flipped = step
            patterns = current.patterns
            trace.append(SearchStep(t, patterns, current.value, (j, flipped), prob.solved - before))
            bar.set_postfix(loss=f"{float(current.mean_loss):.4g}")
            bar.update()
    return SearchResult(variant, current, tuple(trace), prob.solved, local, seed, bias)


def _improving_move(prob, variant, patterns, current, rng):
    """(solution, unit, flipped points) of the neighbour the variant moves to, or None at a local minimum."""
    moves = _neighbours(patterns, prob.flips)
    if variant == "gls":  # best improvement over all neighbours
        best = None
        for j, flipped, cand in moves:
            s = prob.solve(cand)
            if s.value < (current.value if best is None else best[0].value):
                best = (s, j, flipped)
        return best
    if variant == "mgls":
        order = _tight_first(prob, moves, current, rng)
    else:
        order = [moves[k] for k in rng.permutation(len(moves))]
    for j, flipped, cand in order:  # first improvement
        s = prob.solve(cand)
        if s.value < current.value:
            return s, j, flipped
    return None


def _start(prob, start, m, rng):
    if start is None:
        return _random_pattern(prob.xbar, m, rng)[0]
    patterns = pattern_rows(start, len(prob.xbar), name="start", units=m)
    for j, p in enumerate(patterns):
        rows = [x for x in prob.xbar if any(x)]
        signs = [2 * a - 1 for a, x in zip(p, prob.xbar) if any(x)]
        if rows and not cone_feasibility(rows, signs):
            raise InvalidDataError(
                f"start pattern of unit {j} ({pattern_string(p)}) is not a vertex of Z "
                "(no weights realise it); use exactrelu.geometry.patterns.is_feasible_pattern to check"
            )
    return patterns


# ----------------------------------------------------------------------------
# gradient descent baseline
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GradientDescentResult:
    """Full-batch gradient descent on the mean squared loss, judged exactly at the end.

    Attributes
    ----------
    network : ShallowReLU
        The final float weights read exactly (each float's binary value).
    value : Fraction
        Exact sum of squared residuals of ``network`` — comparable with exact ERM.
    float_losses : tuple of float
        Mean loss (float64) every ``record_every`` steps.
    steps : int
        Steps actually taken (fewer than asked when the iteration diverged).
    record_every : int
        ``float_losses[k]`` is the loss after ``k * record_every`` steps (the last one after ``steps``).
    diverged : bool
        The float iteration overflowed; ``network`` holds the last finite weights.
    lr, seed, train_v
    """

    network: ShallowReLU
    value: Fraction
    float_losses: tuple[float, ...]
    steps: int
    lr: float
    seed: Any
    train_v: bool
    n_points: int = field(default=0)
    record_every: int = 10
    diverged: bool = False

    @property
    def mean_loss(self) -> Fraction:
        """The paper's mean squared loss, eq. (1), of the final network: value / N."""
        return self.value / self.n_points

    def __repr__(self) -> str:
        """One line: exact final value and mean loss, steps, learning rate, divergence."""
        mean = display_number(self.mean_loss) if self.n_points else "?"
        return (
            f"GradientDescentResult(value={display_number(self.value)}, mean_loss={mean}, "
            f"steps={self.steps}, lr={self.lr:g}{', diverged' if self.diverged else ''})"
        )

    def _repr_html_(self) -> str:
        return html_summary(
            "Gradient descent (float), judged exactly",
            [
                ("exact value Σ (f(x_i) − y_i)²", self.value),
                ("exact mean loss", self.mean_loss if self.n_points else "?"),
                ("last float mean loss", self.float_losses[-1] if self.float_losses else "?"),
                ("steps", self.steps),
                ("learning rate", self.lr),
                ("output weights trained", self.train_v),
                ("diverged", self.diverged),
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions as ``"p/q"`` (integers stay ints), float losses as floats."""
        return to_jsonable(
            {
                "method": "gd",
                "value": self.value,
                "mean_loss": self.mean_loss,
                "steps": self.steps,
                "lr": self.lr,
                "seed": self.seed,
                "train_v": self.train_v,
                "diverged": self.diverged,
                "record_every": self.record_every,
                "network": self.network.to_dict(),
                "float_losses": list(self.float_losses),
            }
        )


def gradient_descent(
    X: MatrixLike,
    y: VectorLike,
    units: int | None = None,
    v: VectorLike | NumberLike | None = None,
    *,
    steps: int = 2000,
    lr: float | None = None,
    bias: bool = True,
    seed: Any = None,
    W0: Any = None,
    record_every: int = 10,
) -> GradientDescentResult:
    """Plain full-batch gradient descent on L(W) = (1/N) Σ_i (f(x_i) − y_i)² (numpy, float64).

    A baseline for the exact methods: the final weights are read exactly and
    their loss is evaluated in rational arithmetic, so it can be compared with
    :func:`exactrelu.training.erm.exact_erm` without rounding (it can never be lower).

    Parameters
    ----------
    X, y, bias
        Data and labels.
    units : int
        Number of hidden units m (or give v).
    v : sequence of m numbers, optional
        Fixed second-layer weights: only W is trained (the paper's setting).  Default
        ``None``: v is trained too, from a Gaussian initialisation.
    steps : int
        Number of full-batch steps.
    lr : float, optional
        Step size; default 1 / (m λ_max(X̄ᵀX̄ / N) max(1, |v|²)), a smoothness-based guess
        (twice as large diverged in some of the teacher-data trials of ``examples/search_vs_gd.py``,
        half as large converged visibly slower).
    seed : int or numpy Generator
        Seeds the initialisation W ~ N(0, 1/(d+1)), v ~ N(0, 1/m) (or W0).
    W0 : m × (d+1) table, optional
        Initial first-layer weights (floats).
    record_every : int
        Record the float loss every this many steps.

    Returns
    -------
    GradientDescentResult

    Examples
    --------
    >>> g = gradient_descent([[0], [1], [2]], [0, 1, 2], v=(1,), steps=500, seed=0)
    >>> g.value < Fraction(1, 10**6), g.network.n_units
    (True, 1)
    """
    rng = _rng(seed)
    xbar = exact_points(X, bias=bias)
    yq = exact_labels(y, len(xbar))
    m = number_of_units(units, v)
    Xf = np.array([[float(c) for c in x] for x in xbar])
    yf = np.array([float(t) for t in yq])
    n, dim = Xf.shape
    W = (
        (rng.standard_normal((m, dim)) / np.sqrt(dim))
        if W0 is None
        else np.array(W0, dtype=float).reshape(m, dim)
    )
    train_v = v is None
    vf = (
        rng.standard_normal(m) / np.sqrt(m) if train_v else np.array([float(t) for t in output_weights(v, m)])
    )
    if lr is None:
        lam = np.linalg.eigvalsh(Xf.T @ Xf / n).max()
        lr = 1.0 / (m * lam * max(1.0, float(np.max(vf**2)))) if lam > 0 else 0.1
    record_every = exact_integer(record_every, name="record_every", minimum=1)
    losses, last, diverged, t = [], (W, vf), False, 0
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps + 1):
            pre = Xf @ W.T
            act = np.maximum(pre, 0.0)
            r = act @ vf - yf
            loss = float(r @ r / n)
            if not np.isfinite(loss) or not np.all(np.isfinite(W)) or not np.all(np.isfinite(vf)):
                diverged, (W, vf), t = True, last, t - 1
                break
            last = (W, vf)
            if t % record_every == 0 or t == steps:
                losses.append(loss)
            if t == steps:
                break
            g = (2.0 / n) * r
            gW = ((g[:, None] * (pre > 0)) * vf).T @ Xf
            if train_v:
                vf = vf - lr * (act.T @ g)
            W = W - lr * gW
    net = ShallowReLU.from_numpy(W, vf, bias=bias)
    return GradientDescentResult(
        net, net.loss(X, y), tuple(losses), t, float(lr), seed, train_v, n, int(record_every), diverged
    )
