"""The convex programs of shallow ReLU training (cvxpy, float).

Wang, Lacotte & Pilanci 2022, programs (4), (12) and (13), and the constrained group lasso
(CGL) of Mishkin & Pilanci 2023.

Conventions (those of the whole package): data X ∈ Q^{n×d} has one sample per row and
no bias column unless the :class:`~exactrelu.convex.dichotomies.PatternSet` was built with
``bias=True`` (then x̄ = (x, 1)); labels y ∈ Q^n; β > 0.

A *block* is a pair b = (i, s): a pattern index i of the pattern set and a sign
s ∈ {+1, −1}.  Block b has a variable w_b ∈ R^d restricted to the closed cone of
pattern i,

    cone_i = {u : A_i u ≥ 0, E_i u = 0}
        dichotomy D_i (0/1 diagonal):   A_i = (2D_i − I) X,  E_i empty      (the cone C_i, Wang et al. §1.3)
        trichotomy σ ∈ {+1, 0, −1}^n:   rows σ_k x_k (σ_k ≠ 0) in A, x_k (σ_k = 0) in E   (Q_j, ibid.)

and contributes s · F_i w_b to the fit, F_i = D_i X (dichotomy) or T_j X with
T_j = diag(1[σ_k = +1]) (trichotomy).  On cone_i, relu(X w) = F_i w (Wang et al. eq. (3)), so a
block is a neuron of output sign s: by positive homogeneity Σ_b s_b F_{i_b} w_b =
Σ_j relu(X u_j) α_j with w_b = |α_j| u_j (Wang et al. eq. (5)).  The program is

    minimise  ℓ(Σ_b s_b F_{i_b} w_b) + β Σ_b ‖w_b‖₂     s.t.  w_b ∈ cone_{i_b},

* all dichotomies, both signs: program (4) of Wang, Lacotte & Pilanci 2022 (Pilanci & Ergen
  2020), whose value is the optimal value P* of the non-convex problem (1) for wide enough networks;
* all trichotomies, both signs: program (12), with the same value P*
  (Wang, Lacotte & Pilanci 2022, Proposition 4);
* a subset of blocks: the subsampled program (13) (Wang, Lacotte & Pilanci 2022, Theorem 3: a
  Clarke stationary network is a global optimum of the program of its own patterns); its value is ≥ P*;
* sampled dichotomies D = diag(1[X g ≥ 0]), g Gaussian: program (4) over a subset of
  the patterns, as in scnn (Mishkin, Sahiner & Pilanci 2022); again a value ≥ P*.

Loss normalisation.  The squared loss is ℓ(ŷ) = ½‖ŷ − y‖² (a sum, no 1/n): the
non-convex objective (1) is then ½‖Σ_j relu(X u_j) α_j − y‖² + (β/2) Σ_j (‖u_j‖² + α_j²)
and the convex one has penalty β Σ‖w_b‖.  This is the normalisation that reproduces
Example 1 of Wang, Lacotte & Pilanci 2022 (X = [[1,0],[0,1],[1,1]], y = (1,0,0), β = 1/10: a single non-zero
block w_5* ≈ (0.86, −0.79) on D_5 = diag(1,0,1)).  Logistic Σ log(1 + exp(−y_k ŷ_k)) and
hinge Σ max(0, 1 − y_k ŷ_k) losses (labels ±1), and any convex cvxpy-expressible loss,
are supported too.

The constrained group lasso (CGL) of Mishkin & Pilanci (ICML 2023) writes program
(4) as min ½‖Z w − y‖² + β Σ_b ‖w_b‖ s.t. K_bᵀ w_b ≤ 0 with
Z = [D_1X, …, D_pX, −D_1X, …, −D_pX] and K_b = −Xᵀ(2D_i − I): see
:func:`constrained_group_lasso`.

Everything here is a float computation (cvxpy; Clarabel by default): results carry
``exact=False``.  Rigorous two-sided bounds on the optimal value are the business of
:mod:`exactrelu.convex.bounds`.

Implementation: all blocks share one cvxpy variable W ∈ R^{d×nb} (column b = w_b, in
the order of :attr:`ConvexProgram.blocks`); the fit, the cone inequalities and the
cone equalities are each one sparse matrix acting on vec(W).  Dichotomy cones keep only
their facet rows (exactly determined, :func:`_facet_rows`; ``reduce=False`` keeps all n
rows), which makes Clarabel 4–5 times faster.  Measured (2 cores, Clarabel 0.11, tolerances 1e-10):
n = 45, d = 3, all 1958 dichotomies (3916 blocks): build 0.07 s, solve 1.4 s (5.3 s unreduced);
n = 60, d = 3, 2000 of the 3500 dichotomies: build 0.2 s, solve 3 s (15 s unreduced);
all 3500: solve 6.5 s.  The solve time is dominated by the n dense rows of the fit.

Examples
--------
>>> from exactrelu.convex.dichotomies import dichotomies
>>> P = dichotomies([[1, 0], [0, 1], [1, 1]])
>>> sol = convex_program(P, (1, 0, 0), "1/10").solve()
>>> [(P[i], s) for i, s in sol.active()]
[((1, 0, 1), 1)]
>>> [round(float(t), 2) for t in sol.blocks[sol.active()[0]]]
[0.86, -0.79]
"""

from __future__ import annotations

import functools
import numbers
import operator
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp

from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_labels, exact_scalar
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = [
    "CGL",
    "LOSSES",
    "Block",
    "ConvexProgram",
    "ConvexSolution",
    "constrained_group_lasso",
    "convex_program",
    "parse_blocks",
]

LOSSES = ("squared", "logistic", "hinge")

Block = tuple[int, int]
"""A block b = (i, s): pattern index i and output sign s ∈ {+1, −1}."""


# ----------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------


def parse_blocks(blocks: Iterable[Any] | None, n_patterns: int, *, allow_empty: bool = False) -> list[Block]:
    """The blocks of a program over ``n_patterns`` patterns, validated, in program order.

    Items are pattern indices i (both signs) or pairs (i, s) with s ∈ {+1, −1};
    ``None`` means every pattern with both signs.  The order is that of the variables
    of :class:`ConvexProgram`: all + blocks by pattern index, then all − blocks.

    Raises
    ------
    InvalidDataError
        Not an iterable, an item that is neither an index nor a pair, an index out of
        range, a sign other than ±1, or no block at all (unless ``allow_empty``).

    >>> parse_blocks([2, (0, -1)], 3)
    [(2, 1), (0, -1), (2, -1)]
    """
    p = n_patterns
    if blocks is None:
        chosen = {(i, s) for i in range(p) for s in (1, -1)}
    else:
        if isinstance(blocks, (str, bytes)) or not hasattr(blocks, "__iter__"):
            raise InvalidDataError(
                f"blocks must be an iterable of pattern indices or (i, s) pairs, got {blocks!r}"
            )
        chosen = set()
        for item in blocks:
            if isinstance(item, numbers.Integral) and not isinstance(item, bool):
                pairs = [(int(item), 1), (int(item), -1)]
            elif isinstance(item, (tuple, list)) and len(item) == 2:
                try:
                    pairs = [(operator.index(item[0]), operator.index(item[1]))]
                except TypeError:
                    raise InvalidDataError(f"block {item!r} is not a pair (i, s) of integers") from None
            else:
                raise InvalidDataError(f"block {item!r} is neither a pattern index nor a pair (i, s)")
            for i, s in pairs:
                if not 0 <= i < p:
                    raise InvalidDataError(f"block {item!r}: pattern index {i} is not in range({p})")
                if s not in (1, -1):
                    raise InvalidDataError(f"block {item!r}: the sign must be +1 or -1, got {s}")
                chosen.add((i, s))
        if not chosen and not allow_empty:
            raise InvalidDataError("blocks is empty: the program needs at least one block")
    return sorted(b for b in chosen if b[1] == 1) + sorted(b for b in chosen if b[1] == -1)


def _nonempty(patterns: PatternSet | SampledPatterns) -> PatternSet:
    ps = as_pattern_set(patterns)
    if len(ps.patterns) == 0:
        raise InvalidDataError("the pattern set is empty: the convex program needs at least one pattern")
    return ps


# ----------------------------------------------------------------------------
# the sparse matrices of a program
# ----------------------------------------------------------------------------


def _float_data(patterns: PatternSet) -> tuple[np.ndarray, np.ndarray]:
    Xf = np.array([[float(c) for c in row] for row in patterns.X], dtype=float).reshape(
        patterns.n, patterns.d
    )
    P = np.array(patterns.patterns, dtype=np.int8).reshape(len(patterns.patterns), patterns.n)
    return Xf, P


def _bits(pattern: tuple[int, ...]) -> int:
    return sum(1 << k for k, t in enumerate(pattern) if t)


@functools.lru_cache(maxsize=16)
def _chamber_oracle(X: tuple[tuple[Fraction, ...], ...], limit: int) -> Any:
    """(set of chamber bit masks, flip mask and representative row of each parallel class, nonzero rows)."""
    from exactrelu.convex.dichotomies import dichotomies
    from exactrelu.exact.errors import SizeLimitError
    from exactrelu.exact.parse import primitive_rows
    from exactrelu.geometry.engine import parallel_classes

    try:
        full = dichotomies(X, limit=limit)
    except (SizeLimitError, InvalidDataError):
        return None
    nonzero = [k for k in range(len(X)) if any(X[k])]
    _, members = parallel_classes(primitive_rows([X[k] for k in nonzero]))
    flips = [sum(1 << nonzero[j] for j, _ in ms) for ms in members]
    reps = [nonzero[ms[0][0]] for ms in members]
    return frozenset(_bits(q) for q in full.patterns), flips, reps, nonzero


def _facet_rows(patterns: PatternSet, P: np.ndarray) -> np.ndarray | None:
    """p × n boolean mask of the inequality rows each cone needs (dichotomies and sampled sets).

    A dichotomy D that is a chamber of the arrangement of the rows of X has the closed cone
    {(2D − I) X u ≥ 0}, whose facets lie on the hyperplanes x_k^⊥ across which a chamber is
    adjacent: those whose parallel class can be flipped, all members at once, to give
    another chamber (the adjacency criterion of :class:`HyperplaneArrangement`).  The other
    rows are implied by the facet rows, and one row per facet class suffices (the rows of
    a class are positive multiples of each other in the cone).  Dropping them leaves every
    cone, hence the program, unchanged, and makes the problem several times smaller.

    The oracle is the complete chamber set of X, enumerated exactly here (so a subset or a
    sample of the chambers is handled correctly); a pattern that is not a chamber (a
    sampled gate with x_k·g = 0) keeps all its rows.  Returns None (no reduction) when
    the enumeration would exceed max(10 p, 20000) chambers.
    """
    p, n = P.shape
    oracle = _chamber_oracle(patterns.X, max(10 * p, 20_000))
    if oracle is None:
        return None
    chambers, flips, reps, nonzero = oracle
    keep = np.zeros((p, n), dtype=bool)
    for i, pattern in enumerate(patterns.patterns):
        m = _bits(pattern)
        if m in chambers:
            for f, k in zip(flips, reps):
                if m ^ f in chambers:
                    keep[i, k] = True
        else:
            keep[i, nonzero] = True
    return keep


def _matrices(
    Xf: np.ndarray,
    P: np.ndarray,
    kind: str,
    idx: np.ndarray,
    signs: np.ndarray,
    keep: np.ndarray | None = None,
) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix | None]:
    """Sparse matrices on vec(W) (column-major: block b is entries b·d … b·d + d − 1).

    M (n × nb·d): the fit Σ_b s_b F_{i_b} w_b;  G: the cone inequalities A_i w_b ≥ 0;
    E: the cone equalities E_i w_b = 0 (trichotomies only; None when there are none).
    Rows of zero points (x_k = 0) are dropped from G and E: they are 0 ≥ 0 / 0 = 0.
    ``keep`` (p × n boolean, from :func:`_facet_rows`) restricts the inequality rows further.
    """
    n, d = Xf.shape
    nb = len(idx)
    Pb = P[idx].astype(float)  # nb × n
    if kind == "trichotomies":
        sigma, active = Pb, (Pb == 1).astype(float)
    else:
        sigma, active = 2 * Pb - 1, Pb
    nonzero = np.any(Xf != 0, axis=1)
    cols = np.arange(nb)[:, None] * d + np.arange(d)[None, :]  # nb × d

    def stacked(bb: np.ndarray, kk: np.ndarray, coeff: np.ndarray) -> sp.csr_matrix:
        """One row per (b, k): coeff · x_k in the columns of block b."""
        r = np.repeat(np.arange(len(bb)), d)
        c = cols[bb].reshape(-1)
        v = (coeff[:, None] * Xf[kk]).reshape(-1)
        A = sp.csr_matrix((v, (r, c)), shape=(len(bb), nb * d))
        A.eliminate_zeros()
        return A

    rows = (sigma != 0) & nonzero[None, :]
    if keep is not None:
        rows &= keep[idx]
    bb, kk = np.nonzero(rows)
    G = stacked(bb, kk, sigma[bb, kk])
    E = None
    if kind == "trichotomies":
        eb, ek = np.nonzero((sigma == 0) & nonzero[None, :])
        if len(eb):
            E = stacked(eb, ek, np.ones(len(eb)))
    # M[k, b·d + j] = s_b · active_bk · x_kj
    fb, fk = np.nonzero(active)
    r = np.repeat(fk, d)
    c = cols[fb].reshape(-1)
    v = (signs[fb][:, None] * Xf[fk]).reshape(-1)
    M = sp.csr_matrix((v, (r, c)), shape=(n, nb * d))
    M.eliminate_zeros()
    return M, G, E


def _loss_expression(loss: Any, z: Any, yf: np.ndarray) -> tuple[str, Any]:
    import cvxpy as cp

    if callable(loss) and not isinstance(loss, str):
        try:
            expr = loss(z)
        except cp.error.DCPError as exc:
            raise InvalidDataError(f"the custom loss is not a convex (DCP) expression: {exc}") from None
        if not isinstance(expr, cp.Expression) or expr.size != 1:
            raise InvalidDataError(
                "a custom loss must map the fit ŷ (a cvxpy expression of shape (n,)) to a scalar "
                f"cvxpy expression, got {type(expr).__name__}"
                + (f" of shape {expr.shape}" if isinstance(expr, cp.Expression) else "")
            )
        return "custom", cp.reshape(expr, ()) if expr.shape != () else expr
    if loss == "squared":
        return loss, 0.5 * cp.sum_squares(z - yf)
    if loss == "logistic":
        return loss, cp.sum(cp.logistic(-cp.multiply(yf, z)))
    if loss == "hinge":
        return loss, cp.sum(cp.pos(1 - cp.multiply(yf, z)))
    raise InvalidDataError(
        f"loss must be one of {LOSSES} or a callable ŷ -> convex cvxpy scalar, got {loss!r}"
    )


def _loss_value(loss: str, loss_fn: Any, fit: np.ndarray, yf: np.ndarray) -> float:
    """ℓ(fit) in floats."""
    if loss == "squared":
        return 0.5 * float(np.sum((fit - yf) ** 2))
    if loss == "logistic":
        return float(np.sum(np.logaddexp(0.0, -yf * fit)))
    if loss == "hinge":
        return float(np.sum(np.maximum(0.0, 1 - yf * fit)))
    import cvxpy as cp

    return float(loss_fn(cp.Constant(fit)).value)


# ----------------------------------------------------------------------------
# programs and solutions
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvexSolution:
    """A float optimum of a convex program (4)/(12)/(13) (Wang, Lacotte & Pilanci 2022); never exact.

    Attributes
    ----------
    patterns : PatternSet
    y : tuple of Fraction
    beta : Fraction
    loss : str
        ``"squared"`` (½‖ŷ − y‖²), ``"logistic"``, ``"hinge"`` or ``"custom"``.
    blocks : dict
        (i, s) -> numpy vector w_b of length d, for *every* block of the program (zeros included).
    value : float
        The optimal value as reported by the solver: ℓ(ŷ) + β Σ_b ‖w_b‖₂.
    fit : numpy array, shape (n,)
        ŷ = Σ_b s_b F_{i_b} w_b, recomputed from ``blocks``.
    residual : numpy array, shape (n,)
        y − ŷ.
    dual_residual : numpy array, shape (n,)
        −∇ℓ(ŷ), the dual vector of the fit: y − ŷ for the squared loss,
        y ∘ (1 + exp(y ∘ ŷ))⁻¹ for the logistic loss, and cvxpy's dual of the constraint
        "ŷ = Σ_b s_b F_b w_b" (a negated subgradient) for hinge and custom losses.
    status, solver : str
        cvxpy's status and the solver's name.
    solve_time : float
        Wall-clock seconds of ``problem.solve`` (cvxpy's compilation included).
    """

    patterns: PatternSet
    y: tuple[Fraction, ...]
    beta: Fraction
    loss: str
    blocks: dict[Block, np.ndarray]
    value: float
    fit: np.ndarray
    residual: np.ndarray
    dual_residual: np.ndarray
    status: str
    solver: str
    solve_time: float
    exact: bool = False
    _loss_fn: Any = field(default=None, repr=False, compare=False)

    def norms(self) -> dict[Block, float]:
        """{(i, s): ‖w_b‖₂} for every block."""
        return {b: float(np.linalg.norm(w)) for b, w in self.blocks.items()}

    def active(self, tol: float = 1e-7) -> list[Block]:
        """Sorted blocks with ‖w_b‖ > tol · max(1, max_b ‖w_b‖)."""
        norms = self.norms()
        scale = max([1.0, *norms.values()])
        return sorted(b for b, t in norms.items() if t > tol * scale)

    def objective(self) -> float:
        """ℓ(ŷ) + β Σ_b ‖w_b‖₂ recomputed in floats from ``blocks`` (a cross-check of ``value``)."""
        Xf, P = _float_data(self.patterns)
        fit = np.zeros(len(self.y))
        for (i, s), w in self.blocks.items():
            mask = P[i] == 1
            fit[mask] += s * (Xf[mask] @ w)
        yf = np.array([float(t) for t in self.y])
        penalty = sum(float(np.linalg.norm(w)) for w in self.blocks.values())
        return _loss_value(self.loss, self._loss_fn, fit, yf) + float(self.beta) * penalty

    def to_dict(self, tol: float = 1e-7) -> dict[str, Any]:
        """JSON-able summary; ``blocks`` lists the active blocks only, keyed like ``"101+"``."""
        P = self.patterns
        active = self.active(tol)
        return to_jsonable(
            {
                "kind": P.kind,
                "n_patterns": len(P.patterns),
                "n_blocks": len(self.blocks),
                "loss": self.loss,
                "beta": self.beta,
                "y": self.y,
                "value": float(self.value),
                "objective": self.objective(),
                "blocks": {
                    P.name(i) + ("+" if s == 1 else "-"): [float(t) for t in self.blocks[(i, s)]]
                    for i, s in active
                },
                "fit": [float(t) for t in self.fit],
                "status": self.status,
                "solver": self.solver,
                "solve_time": self.solve_time,
                "exact": False,
            }
        )


class ConvexProgram:
    """One convex program (4), (12) or (13) of Wang, Lacotte & Pilanci 2022 in cvxpy (:func:`convex_program`).

    Attributes
    ----------
    patterns : PatternSet
    y : tuple of Fraction
    beta : Fraction
    loss : str
        ``"squared"``, ``"logistic"``, ``"hinge"`` or ``"custom"``.
    blocks : list of (i, s)
        The blocks in variable order: column b of ``W`` is w_{blocks[b]}.
    problem : cvxpy.Problem
    W : cvxpy.Variable, shape (d, len(blocks))
    yhat : cvxpy.Variable, shape (n,)
        The fit, tied to W by one equality constraint.
    reduced : bool
        Whether the cone inequalities were reduced to facet rows.
    build_time : float
        Seconds spent building the matrices and the cvxpy problem.
    """

    def __init__(
        self,
        patterns: PatternSet,
        y: tuple[Fraction, ...],
        beta: Fraction,
        loss: str | Callable[[Any], Any],
        blocks: list[Block],
        reduce: bool = True,
    ) -> None:
        import cvxpy as cp

        start = time.perf_counter()
        self.patterns = patterns
        self.y, self.beta = y, beta
        self.blocks = blocks
        Xf, P = _float_data(patterns)
        n, d = Xf.shape
        idx = np.array([i for i, _ in blocks], dtype=int)
        signs = np.array([s for _, s in blocks], dtype=float)
        keep = _facet_rows(patterns, P) if reduce and patterns.kind != "trichotomies" else None
        self.reduced = keep is not None
        M, G, E = _matrices(Xf, P, patterns.kind, idx, signs, keep)
        yf = np.array([float(t) for t in y])
        if loss in ("logistic", "hinge") and any(t not in (1, -1) for t in y):
            raise InvalidDataError(
                f"the {loss} loss needs labels ±1, got {sorted({str(t) for t in y}, key=Fraction)}"
            )
        self.W = cp.Variable((d, len(blocks)), name="W")
        self.yhat = cp.Variable(n, name="yhat")
        w = cp.vec(self.W, order="F")
        self._link = self.yhat == M @ w
        constraints = [self._link]
        if G.shape[0]:
            constraints.append(G @ w >= 0)
        if E is not None:
            constraints.append(E @ w == 0)
        self.loss, loss_expr = _loss_expression(loss, self.yhat, yf)
        self._loss_fn = loss if self.loss == "custom" else None
        penalty = cp.sum(cp.norm(self.W, 2, axis=0))
        self.problem = cp.Problem(cp.Minimize(loss_expr + float(beta) * penalty), constraints)
        if not self.problem.is_dcp():
            raise InvalidDataError(
                f"the loss is not convex: cvxpy's DCP rules give it curvature {loss_expr.curvature}, "
                "so the program is not a convex program cvxpy can solve; write the loss with "
                "convex atoms of ŷ (e.g. cp.sum_squares, cp.logistic, cp.pos, cp.huber, cp.norm1)"
            )
        self._M, self._G, self._E, self._yf = M, G, E, yf
        self.build_time = time.perf_counter() - start

    def __repr__(self) -> str:
        return (
            f"ConvexProgram(kind={self.patterns.kind!r}, n={self.patterns.n}, d={self.patterns.d}, "
            f"blocks={len(self.blocks)}, loss={self.loss!r}, beta={self.beta})"
        )

    def solve(self, solver: str = "CLARABEL", **kwargs: Any) -> ConvexSolution:
        """Solve with cvxpy (default Clarabel; other keyword arguments go to ``problem.solve``).

        For Clarabel the tolerances ``tol_gap_abs``, ``tol_gap_rel`` and ``tol_feas`` default
        to 1e-10 instead of Clarabel's 1e-8: an interior-point method stops at a point of
        the relative interior of a near-optimal face, and with 1e-8 a block that is tangent
        to the optimal one (e.g. pattern 100 in Example 1 of Wang, Lacotte & Pilanci 2022, whose cone
        shares the ray (1, −1) with the optimal cone of 101) keeps a weight of 1e-5; with 1e-10 it is 1e-7,
        at no measurable cost in time.

        Raises
        ------
        SolverError
            The solver failed or its status is not ``optimal`` / ``optimal_inaccurate``.
        """
        import cvxpy as cp

        if str(solver).upper() == "CLARABEL":
            for key in ("tol_gap_abs", "tol_gap_rel", "tol_feas"):
                kwargs.setdefault(key, 1e-10)
        start = time.perf_counter()
        try:
            self.problem.solve(solver=solver, **kwargs)
        except cp.error.SolverError as exc:
            raise SolverError(f"cvxpy/{solver} failed on the convex program: {exc}") from None
        elapsed = time.perf_counter() - start
        status = self.problem.status
        if status not in ("optimal", "optimal_inaccurate") or self.W.value is None:
            raise SolverError(f"cvxpy/{solver} returned status {status!r} for the convex program {self!r}")
        Wv = np.array(self.W.value, dtype=float)
        blocks = {b: Wv[:, k].copy() for k, b in enumerate(self.blocks)}
        fit = np.asarray(self._M @ Wv.reshape(-1, order="F"), dtype=float).reshape(-1)
        yf = self._yf
        if self.loss == "squared":
            dual = yf - fit
        elif self.loss == "logistic":
            dual = yf / (1 + np.exp(yf * fit))
        else:
            dual = np.asarray(self._link.dual_value, dtype=float).reshape(-1)
        return ConvexSolution(
            patterns=self.patterns,
            y=self.y,
            beta=self.beta,
            loss=self.loss,
            blocks=blocks,
            value=float(self.problem.value),
            fit=fit,
            residual=yf - fit,
            dual_residual=dual,
            status=status,
            solver=self.problem.solver_stats.solver_name,
            solve_time=elapsed,
            _loss_fn=self._loss_fn,
        )


def convex_program(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    *,
    loss: str | Callable[[Any], Any] = "squared",
    blocks: Iterable[Any] | None = None,
    reduce: bool = True,
) -> ConvexProgram:
    """The convex program of a pattern set: (4), (12) or (13) of Wang, Lacotte & Pilanci 2022, in cvxpy.

        minimise  ℓ(Σ_b s_b F_{i_b} w_b) + β Σ_b ‖w_b‖₂    s.t.  A_{i_b} w_b ≥ 0,  E_{i_b} w_b = 0

    over the blocks b = (i, s) (see the module docstring for F_i, A_i, E_i).

    Parameters
    ----------
    patterns : PatternSet (or SampledPatterns)
        kind ``"dichotomies"``: program (4), whose value is P*; ``"sampled"``: (4) over
        the sampled patterns (scnn), value ≥ P*; ``"trichotomies"``: program (12), value P*
        (Wang, Lacotte & Pilanci 2022, Proposition 4).
    y : sequence of n exact numbers
        Labels (read exactly with :func:`exactrelu.exact.parse.to_fraction`; ±1 for logistic/hinge).
    beta : number > 0
        Regularisation β (read exactly).
    loss : "squared" | "logistic" | "hinge" | callable
        ``"squared"`` is ½‖ŷ − y‖² (the normalisation of Example 1 and of the whole
        package; no 1/n), ``"logistic"`` Σ log(1 + exp(−y_k ŷ_k)), ``"hinge"``
        Σ max(0, 1 − y_k ŷ_k).  A callable receives ŷ (a cvxpy expression of shape (n,))
        and must return a convex scalar cvxpy expression.
    blocks : iterable, optional
        Restrict to a subset of blocks — the subsampled program (13) (also allowed
        for dichotomies).  Items are pattern indices i (both signs) or pairs (i, s).
        Default: every pattern with both signs.
    reduce : bool
        Keep only the facet rows of each dichotomy cone (see the module docstring; the cones
        and the program are unchanged, the problem is several times smaller and faster).
        Trichotomy cones are never reduced.  ``False`` states every row of (2D_i − I) X.

    Returns
    -------
    ConvexProgram
        Call ``.solve()``.

    Raises
    ------
    InvalidDataError
        Not a pattern set, wrong number of labels, non-numbers, β ≤ 0, unknown loss,
        labels not ±1 for logistic/hinge, a non-convex (non-DCP) custom loss, bad blocks.
    """
    patterns = _nonempty(patterns)
    yq = exact_labels(y, patterns.n)
    bq = exact_scalar(beta, name="beta", positive=True)
    if not callable(loss) and loss not in LOSSES:
        raise InvalidDataError(
            f"loss must be one of {LOSSES} or a callable ŷ -> convex cvxpy scalar, got {loss!r}"
        )
    return ConvexProgram(
        patterns, yq, bq, loss, parse_blocks(blocks, len(patterns.patterns)), reduce=bool(reduce)
    )


# ----------------------------------------------------------------------------
# constrained group lasso (Mishkin & Pilanci 2023)
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CGL:
    """The constrained group lasso form of program (4) (Mishkin & Pilanci 2023; our
    reconstruction: docs/reconstructions.md, 'Mishkin & Pilanci 2023: problems').

        p*(β) = min_w  ½‖Z w − y‖² + β Σ_{b∈B} ‖w_b‖₂   s.t.  K_bᵀ w_b ≤ 0  ∀ b

    with B = {(i, +1)} ∪ {(i, −1)} (all + blocks, then all − blocks, the order of
    ``blocks``), Z = [D_1X, …, D_pX, −D_1X, …, −D_pX] ∈ Q^{n × 2pd} and
    K_b = −Xᵀ(2D_i − I) ∈ Q^{d×n} for both signs of pattern i, so that
    K_bᵀ w ≤ 0 ⇔ (2D_i − I) X w ≥ 0 ⇔ w ∈ C_i.  This is program (4) of Wang et al. written with
    Z and K, so its optimum equals that of :func:`convex_program` on the same pattern set;
    ``program`` is that ConvexProgram (``cgl.program.solve()``).

    Attributes
    ----------
    patterns : PatternSet
    y : tuple of Fraction
    beta : Fraction
    blocks : list of (i, s)
    Z : tuple of n rows of 2p·d Fractions (exact); column block b = columns b·d … b·d + d − 1
    Z_float : numpy array, shape (n, 2p·d)
    K : dict (i, s) -> tuple of d rows of n Fractions (exact)
    program : ConvexProgram
    """

    patterns: PatternSet
    y: tuple[Fraction, ...]
    beta: Fraction
    blocks: list[Block]
    Z: tuple[tuple[Fraction, ...], ...]
    Z_float: np.ndarray
    K: dict[Block, tuple[tuple[Fraction, ...], ...]]
    program: ConvexProgram

    def block_columns(self, b: Block) -> slice:
        """The column slice of block b in Z."""
        k = self.blocks.index((b[0], b[1]))
        d = self.patterns.d
        return slice(k * d, (k + 1) * d)

    def objective(self, w: Any) -> float:
        """½‖Z w − y‖² + β Σ_b ‖w_b‖ in floats, for a stacked vector w of length 2p·d."""
        w = np.asarray(w, dtype=float).reshape(-1)
        r = self.Z_float @ w - np.array([float(t) for t in self.y])
        d = self.patterns.d
        return 0.5 * float(r @ r) + float(self.beta) * float(np.sum(np.linalg.norm(w.reshape(-1, d), axis=1)))


def constrained_group_lasso(patterns: PatternSet | SampledPatterns, y: VectorLike, beta: NumberLike) -> CGL:
    """The CGL matrices Z, K of program (4) (dichotomies or sampled patterns, squared loss).

    See :class:`CGL`.  Z has n × 2p·d exact entries: meant for small instances.

    Raises
    ------
    InvalidDataError
        A trichotomy pattern set, or the input errors of :func:`convex_program`.
    """
    patterns = _nonempty(patterns)
    if patterns.kind == "trichotomies":
        raise InvalidDataError(
            "the constrained group lasso is defined for dichotomies (or sampled ones), "
            "not trichotomies; use convex_program for program (12)"
        )
    program = convex_program(patterns, y, beta)
    X, zero = patterns.X, Fraction(0)
    rows: list[list[Fraction]] = [[] for _ in range(patterns.n)]
    K = {}
    for i, s in program.blocks:
        D = patterns.patterns[i]
        for k in range(patterns.n):
            rows[k].extend(s * c if D[k] else zero for c in X[k])
        K[(i, s)] = tuple(
            tuple(-(2 * D[k] - 1) * X[k][j] for k in range(patterns.n)) for j in range(patterns.d)
        )
    Z = tuple(tuple(r) for r in rows)
    Zf = np.array([[float(c) for c in r] for r in Z], dtype=float).reshape(patterns.n, -1)
    return CGL(
        patterns=patterns,
        y=program.y,
        beta=program.beta,
        blocks=list(program.blocks),
        Z=Z,
        Z_float=Zf,
        K=K,
        program=program,
    )
