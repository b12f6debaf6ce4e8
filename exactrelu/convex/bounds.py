"""Rigorous two-sided bounds on the optimal value of the convex program (squared loss).

The program (Wang, Lacotte & Pilanci 2022, eq. (4); its trichotomy form (12) and any
subsampled form (13)) over a list of blocks b = (i, s):

    P* = min_w  ½‖Σ_b s F_i w_b − y‖² + β Σ_b ‖w_b‖₂   s.t.  w_b ∈ K_i = {A_i w ≥ 0, E_i w = 0}.

The ℓ2 norms make P* irrational in general, so a float solver's value is never
called exact.  Instead:

* **upper bound** — a rational point w̃ that lies *exactly* in every cone (the float
  blocks rounded, then pushed into the cone along its interior witness) and the
  value at w̃, with every √ rounded up;
* **lower bound** — weak duality.  For λ ∈ R^n the dual function is
  D(λ) = λᵀy − ½‖λ‖², feasible iff for every block the support function of
  K_i ∩ ball at g_b = s F_iᵀλ is ≤ β, i.e. dist(g_b, K_i°) ≤ β, with polar cone
  K_i° = {−A_iᵀρ + E_iᵀμ : ρ ≥ 0}.  A rational λ̃ (the float residual y − ŷ),
  rational multipliers ρ_b from a float NNLS, and a rational scale t with
  t²‖g_b + A_iᵀρ_b − E_iᵀμ_b‖² ≤ β² for every block give D(tλ̃) ≤ P*
  (in code: the columns c_k = −a_k, ±e_k span K°, and v_b = g_b − Σ ρ_k c_k).

Everything is checked in integer arithmetic; :func:`verify_value_bounds` re-checks a
certificate from scratch.  Since D is 1-strongly concave with maximiser the unique
optimal residual r* = y − ŷ*, any dual-feasible λ satisfies
‖λ − r*‖² ≤ 2 (P* − D(λ)) ≤ 2 (upper − lower): the certificate also encloses the
optimal fit, and blocks whose dual constraint is slack by more than that margin are
certified to be zero in *every* optimum (:attr:`ValueBounds.candidates`).

When the optimum happens to be rational (e.g. the square example, P* = 19/50, in our
docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples'), :func:`exact_optimum`
recognises it and proves it with lower = upper.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.convex.program import Block, parse_blocks
from exactrelu.exact.errors import CertificateError, InvalidDataError
from exactrelu.exact.intervals import DYADIC_BITS, dyadic, sqrt_lower, sqrt_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, from_flint, to_fmpq
from exactrelu.exact.nnls import exact_nnls, float_nnls
from exactrelu.exact.parse import exact_labels, exact_scalar, exact_vector, to_fraction
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = [
    "ExactOptimum",
    "ValueBounds",
    "all_blocks",
    "block_gradient",
    "block_name",
    "certify_value",
    "correlation_vector",
    "dual_certificate",
    "dual_value",
    "exact_optimum",
    "polar_columns",
    "project_to_cone",
    "verify_exact_optimum",
    "verify_value_bounds",
]

_ZERO_BLOCK = 1e-9  # float blocks below this fraction of the largest are proposed as 0


Vector = tuple[Fraction, ...]


def dual_value(y: Sequence[Fraction], lam: Sequence[Fraction]) -> Fraction:
    """D(λ) = λᵀy − ½‖λ‖² (exact): the dual function of the squared loss ½‖ŷ − y‖²."""
    return Fraction(dot(lam, y) - Fraction(1, 2) * dot(lam, lam))


# ----------------------------------------------------------------- blocks
def all_blocks(patterns: PatternSet) -> list[Block]:
    """Every block (i, s) of the full program: each pattern with both output signs."""
    return [(i, s) for i in range(len(patterns)) for s in (1, -1)]


def block_name(patterns: PatternSet, b: Block) -> str:
    """'101+' for block (index of 101, +1); '+0-:+' for a trichotomy block."""
    i, s = b
    sep = ":" if patterns.kind == "trichotomies" else ""
    return patterns.name(i) + sep + ("+" if s > 0 else "-")


def _parse_blocks(patterns: PatternSet, blocks: Iterable[Any] | None) -> list[Block]:
    """The blocks of a (possibly empty) program, sorted by (i, s)."""
    return sorted(parse_blocks(blocks, len(patterns), allow_empty=True))


def _same_program(
    patterns: PatternSet, blocks: Iterable[Any] | None, given: Sequence[Block], what: str
) -> list[Block]:
    """The program's blocks (sorted); CertificateError unless ``given`` are exactly these."""
    expected = _parse_blocks(patterns, blocks)
    if sorted(given) != expected:
        raise CertificateError(
            f"the {what} is about {len(given)} blocks, the program has "
            f"{len(expected)}: pass blocks= for a subsampled program"
        )
    return expected


def _common(rows: Iterable[Sequence[Fraction]]) -> tuple[list[list[int]], int]:
    """Integer matrix and common denominator of a table of Fractions."""
    den = 1
    for r in rows:
        for t in r:
            den = den * t.denominator // math.gcd(den, t.denominator)
    return [[int(t * den) for t in r] for r in rows], den


class _Data:
    """The data in integer form, shared by the bound computations."""

    def __init__(self, patterns: PatternSet | SampledPatterns, y: VectorLike, beta: NumberLike) -> None:
        self.patterns = patterns = as_pattern_set(patterns)
        self.n, self.d = patterns.n, patterns.d
        self.y = exact_labels(y, self.n)
        self.beta = exact_scalar(beta, name="beta", positive=True)
        self.Xi, self.qx = _common(patterns.X)  # X = Xi / qx
        self.signs = [patterns.signs(i) for i in range(len(patterns))]
        self.diag = [patterns.diag(i) for i in range(len(patterns))]

    def polar_columns(self, i: int) -> list[list[int]]:
        """Columns c with K_i° = cone{c} (integer, scaled by qx): −a for A rows, ±e for E rows."""
        cols = []
        for x, s in zip(self.Xi, self.signs[i]):
            if not any(x):
                continue
            if s == 0:
                cols.append(x)
                cols.append([-t for t in x])
            else:
                cols.append([-s * t for t in x])
        return cols

    def gradients(self, blocks: Sequence[Block], lam_int: Sequence[int]) -> list[list[int]]:
        """g_b = s F_iᵀ λ as integer vectors scaled by qx·(denominator of λ)."""
        out = []
        for i, s in blocks:
            dg = self.diag[i]
            out.append(
                [s * sum(dg[k] * lam_int[k] * self.Xi[k][j] for k in range(self.n)) for j in range(self.d)]
            )
        return out


# ----------------------------------------------------------------- dual side
def dual_certificate(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    lam: VectorLike,
    *,
    blocks: Iterable[Any] | None = None,
    norms: dict[Any, Any] | None = None,
) -> tuple[Fraction, Vector, dict[Block, Vector]]:
    """Make a float or rational residual λ into a certified dual lower bound.

    Returns ``(lower, lam_scaled, rho)``: ``lam_scaled = t·λ̃`` is dual feasible and
    ``rho[b]`` holds the polar-cone coefficients (one per column of
    :func:`polar_columns`) proving dist(g_b, K_i°) ≤ β.

    If ``norms`` is a dict it receives, per block b, a pair (N_b, S_b) of integers with
    ‖v_b(λ̃)‖² = N_b / S_b² for the rounded polar coefficients, before the scaling by t
    (which it receives under the key ``"t"``); since ‖v_b‖ bounds dist(g_b, K_i°) from
    above, N_b < β² S_b² proves block b strictly dual feasible at λ̃.
    """
    data = _Data(patterns, y, beta)
    return _dual(data, _parse_blocks(data.patterns, blocks), lam, norms=norms)


def _dual(
    data: _Data, blocks: Sequence[Block], lam_in: Sequence[Any], *, norms: dict[Any, Any] | None = None
) -> tuple[Fraction, Vector, dict[Block, Vector]]:
    """(D(tλ̃), tλ̃, ρ) with t the largest scale keeping every block dual feasible (all in integers).

    If ``norms`` is a dict it receives, per block, (N_b, S_b) with ‖v_b(λ̃)‖² = N_b / S_b²
    (before the scaling by t), for :func:`_candidates`.
    """
    lam = [
        (dyadic(float(t)) if isinstance(t, (float, np.floating)) else to_fraction(t, where="lambda"))
        for t in lam_in
    ]
    if len(lam) != data.n:
        raise InvalidDataError(f"lambda has {len(lam)} entries, expected {data.n}")
    den = 1
    for t in lam:
        den = den * t.denominator // math.gcd(den, t.denominator)
    L = [int(t * den) for t in lam]
    G = data.gradients(blocks, L)  # g_b · qx·den, integers
    base = data.qx * den
    worst = Fraction(0)
    rho: dict[Block, tuple[list[int], int]] = {}
    for b, g in zip(blocks, G):
        cols = data.polar_columns(b[0])
        K, coef, v = 0, [], g
        if cols and any(g):
            x = float_nnls(np.array(cols, dtype=float).T, np.array(g, dtype=float))
            top = float(np.max(x)) if len(x) else 0.0
            if top > 0:
                # coefficients rounded to integers over 2^K: exact integer arithmetic from here on
                K = max(0, DYADIC_BITS - math.frexp(top)[1])
                coef = [int(np.rint(c * 2.0**K)) if c > 0 else 0 for c in x]
                v = [(gj << K) - sum(c * col[j] for c, col in zip(coef, cols)) for j, gj in enumerate(g)]
        nv = sum(t * t for t in v)
        rho[b] = (coef, K)
        if norms is not None:
            norms[b] = (nv, base << K)
        worst = max(worst, Fraction(nv, 4**K))
    beta = data.beta
    lam_sq = sum(t * t for t in lam)
    ly = dot(lam, data.y)
    t_best = ly / lam_sq if lam_sq else Fraction(0)  # maximiser of D(tλ) over t
    t = max(Fraction(0), t_best)
    if worst:
        t = min(t, sqrt_lower(beta * beta * base * base / worst))
    lam_t = tuple(t * a for a in lam)
    # ρ multiplies the integer columns qx·c against g scaled by qx·den·2^K: on the columns c of X
    # itself the coefficients are ρ / (den·2^K), and scaling λ by t scales them by t
    rho_t = {b: tuple(t * Fraction(c, den << K) for c in coef) for b, (coef, K) in rho.items()}
    if norms is not None:
        norms["t"] = t
    return dual_value(data.y, lam_t), lam_t, rho_t


def polar_columns(patterns: PatternSet, i: int) -> list[tuple[Vector, int, str]]:
    """Columns spanning the polar cone K_i°, as (column, row index k, kind).

    kind 'A': an inequality row, column −σ_k x_k; kind 'E': an equality row, columns
    x_k and −x_k.  dist(g, K_i°) = min_{ρ ≥ 0} ‖g − Σ ρ_k c_k‖.
    """
    out = []
    for k, (x, sg) in enumerate(zip(patterns.X, patterns.signs(i))):
        if any(x):
            out += (
                [(tuple(x), k, "E"), (tuple(-t for t in x), k, "E")]
                if sg == 0
                else [(tuple(-sg * t for t in x), k, "A")]
            )
    return out


def block_gradient(patterns: PatternSet, b: Block, lam: Sequence[Any]) -> Vector:
    """g_b = s F_iᵀ λ for block b = (i, s) (exact for rational λ)."""
    i, s = b
    dg = patterns.diag(i)
    X = patterns.X
    return tuple(s * sum(dg[k] * lam[k] * X[k][j] for k in range(patterns.n)) for j in range(patterns.d))


def _block_problem(patterns: PatternSet, b: Block, lam: Sequence[Fraction]) -> tuple[Vector, list[Vector]]:
    """(g_b, polar columns) for block b in the data's own (rational) units."""
    return block_gradient(patterns, b, lam), [c for c, _, _ in polar_columns(patterns, b[0])]


def _dual_norms_sq(
    data: _Data, blocks: Sequence[Block], lam: Sequence[Fraction], rho: dict[Block, Vector]
) -> dict[Block, Fraction]:
    """Exact ‖g_b − Σ ρ_k c_k‖² per block for rational λ and ρ (columns of X, unscaled)."""
    out = {}
    for i, s in blocks:
        g, cols = _block_problem(data.patterns, (i, s), lam)
        coef = rho.get((i, s), ())
        if coef and len(coef) != len(cols):
            raise CertificateError(f"block {(i, s)}: {len(coef)} polar coefficients for {len(cols)} columns")
        if any(c < 0 for c in coef):
            raise CertificateError(f"block {(i, s)}: negative polar-cone coefficient")
        v = [g[j] - sum(c * col[j] for c, col in zip(coef, cols)) for j in range(data.d)]
        out[(i, s)] = Fraction(dot(v, v))
    return out


# ----------------------------------------------------------------- primal side
def project_to_cone(patterns: PatternSet, i: int, w: Sequence[Any]) -> Vector | None:
    """A rational point of the closed cone K_i near the float vector w (exact membership).

    Rounds w to dyadic rationals, projects it onto {E_i u = 0} exactly, and pushes it
    into {A_i u ≥ 0} along the cone's relative-interior witness.  Returns None if the
    cone has no usable witness (a sampled pattern with a tie).
    """
    d = patterns.d
    u = [dyadic(t) for t in w]
    A, E = patterns.cone(i)
    if E:
        M = flint.fmpq_mat(len(E), d, [to_fmpq(t) for r in E for t in r])
        uu = flint.fmpq_mat(d, 1, [to_fmpq(t) for t in u])
        gram = M * M.transpose()
        try:
            corr = M.transpose() * gram.solve(M * uu)
        except ZeroDivisionError:  # dependent equality rows: project on an independent subset
            from exactrelu.exact.linalg import nullspace

            basis = nullspace(E, d)
            if not basis:
                return tuple(Fraction(0) for _ in range(d))
            B = flint.fmpq_mat(
                d, len(basis), [flint.fmpq(int(basis[c][r])) for r in range(d) for c in range(len(basis))]
            )
            corr = uu - B * (B.transpose() * B).solve(B.transpose() * uu)
        u = [u[j] - from_flint(corr[j, 0]) for j in range(d)]
    c = patterns.witnesses[i]
    if c is None:
        return None
    c = exact_vector(c, name="witness")
    need = Fraction(0)
    for a in A:
        au, ac = dot(a, u), dot(a, c)
        if au < 0:
            if ac <= 0:
                return None
            need = max(need, -au / ac)
    return tuple(u[j] + need * c[j] for j in range(d))


def _primal(
    data: _Data, blocks: Sequence[Block], proposal: dict[Block, Any], zero: float = _ZERO_BLOCK
) -> dict[Block, Vector]:
    """Exactly feasible rational blocks from a float proposal {block: vector}."""
    norms = {b: float(np.linalg.norm(np.asarray(w, dtype=float))) for b, w in proposal.items()}
    top = max(norms.values(), default=0.0)
    out = {}
    for b in blocks:
        w = proposal.get(b)
        if w is None or top == 0 or norms[b] <= zero * top:
            continue
        if all(isinstance(t, (Fraction, int)) for t in w) and data.patterns.contains(b[0], w):
            out[b] = tuple(Fraction(t) for t in w)
            continue
        u = project_to_cone(data.patterns, b[0], w)
        if u is not None and any(u):
            out[b] = u
    return out


def _fit(data: _Data, primal: dict[Block, Vector]) -> list[Fraction]:
    fit = [Fraction(0)] * data.n
    X = data.patterns.X
    for (i, s), w in primal.items():
        dg = data.diag[i]
        for k in range(data.n):
            if dg[k]:
                fit[k] += s * dot(X[k], w)
    return fit


def _upper(data: _Data, primal: dict[Block, Vector]) -> tuple[Fraction, list[Fraction]]:
    fit = _fit(data, primal)
    loss = Fraction(1, 2) * sum((f - t) ** 2 for f, t in zip(fit, data.y))
    return loss + data.beta * sum(sqrt_upper(dot(w, w)) for w in primal.values()), fit


# ----------------------------------------------------------------- result
@dataclass
class ValueBounds:
    """Certified P* ∈ [lower, upper] for the squared-loss convex program over ``blocks``.

    Attributes
    ----------
    lower, upper : Fraction
        The dual value D(λ) and the primal value at ``primal`` (√ rounded up).
    primal : dict
        Exactly feasible rational blocks {(i, s): w_b}.
    multiplier : tuple of Fraction
        The dual point λ (a scaled rational residual).
    rho : dict
        Polar-cone coefficients per block proving dual feasibility.
    blocks : list
        The blocks of the program (all of them for programs (4)/(12)).
    candidates : list
        Blocks not certified to vanish in every optimum: a superset of the support.
    """

    lower: Fraction
    upper: Fraction
    primal: dict[Block, Vector]
    multiplier: Vector
    rho: dict[Block, Vector]
    blocks: list[Block]
    beta: Fraction
    y: Vector
    candidates: list[Block] = field(default_factory=list)

    @property
    def gap(self) -> Fraction:
        """upper − lower ≥ P* − lower and ≥ upper − P*."""
        return self.upper - self.lower

    @property
    def exact(self) -> bool:
        """True iff the two bounds meet (the optimum is then known exactly)."""
        return self.lower == self.upper

    @property
    def residual_radius_sq(self) -> Fraction:
        """‖λ − r*‖² ≤ 2(upper − lower): the optimal residual lies in this ball around λ."""
        return 2 * self.gap

    def describe(self, patterns: PatternSet | None = None) -> str:
        """A few lines for humans: the bracket, and with ``patterns`` the blocks by name."""
        rows = [f"P* in [{float(self.lower):.12g}, {float(self.upper):.12g}]  (gap {float(self.gap):.3g})"]
        if patterns is not None:
            rows.append("primal blocks: " + ", ".join(block_name(patterns, b) for b in sorted(self.primal)))
            rows.append("support candidates: " + ", ".join(block_name(patterns, b) for b in self.candidates))
        return "\n".join(rows)

    def to_dict(self, patterns: PatternSet | None = None) -> dict[str, Any]:
        def name(b: Block) -> str:
            if patterns is not None:
                return block_name(patterns, b)
            return f"{b[0]}{'+' if b[1] > 0 else '-'}"

        return to_jsonable(
            {
                "lower": self.lower,
                "upper": self.upper,
                "lower_float": float(self.lower),
                "upper_float": float(self.upper),
                "gap": float(self.gap),
                "exact": self.exact,
                "primal": {name(b): w for b, w in sorted(self.primal.items())},
                "multiplier": self.multiplier,
                "support_candidates": [name(b) for b in self.candidates],
            }
        )


def _proposal(solution: Any) -> tuple[dict[Block, Any], list[Any]]:
    """(blocks, residual) from a ConvexSolution-like object or a (blocks, residual) pair."""
    if hasattr(solution, "blocks") and hasattr(solution, "residual"):
        return dict(solution.blocks), list(solution.residual)
    if isinstance(solution, tuple) and len(solution) == 2:
        return dict(solution[0]), list(solution[1])
    raise InvalidDataError("solution must be a ConvexSolution or a pair (blocks, residual)")


def certify_value(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    solution: Any,
    *,
    blocks: Iterable[Any] | None = None,
) -> ValueBounds:
    """Rigorous bounds lower ≤ P* ≤ upper from a float (or exact) solution.

    Program: the one the pattern set and ``blocks`` define — (4) of Wang, Lacotte & Pilanci 2022
    for the complete dichotomies, (12) for the complete trichotomies, the subsampled (13) for
    ``blocks=`` or a sampled set.  Both bounds are about *that* program's optimum; they bound the
    non-convex optimum P* of (1) only for a complete pattern list (the lower bound by weak duality
    and Wang, Lacotte & Pilanci 2022, Theorem 1 / Proposition 4) — certify it with
    :func:`exactrelu.convex.dichotomies.certify_complete`; nothing here assumes it.

    Parameters
    ----------
    patterns : PatternSet
    y, beta : labels and regularisation (exact numbers; floats read exactly)
    solution : ConvexSolution or (blocks, residual)
        The proposal: blocks {(i, s): vector} and a residual y − ŷ (the dual guess).
    blocks : optional
        Restrict to a subsampled program (13); default: every pattern, both signs.

    Returns
    -------
    ValueBounds
        Re-checkable with :func:`verify_value_bounds`.

    Examples
    --------
    >>> from exactrelu.convex.dichotomies import dichotomies
    >>> P = dichotomies([[1, 0], [0, 1]])
    >>> b = certify_value(P, [1, 1], "1/10", ({(P.index('11'), 1): (0.45, 0.45)}, (0.1, 0.1)))
    >>> float(b.lower) <= 0.1 * 2 ** 0.5 - 0.005 <= float(b.upper)
    True
    """
    data = _Data(patterns, y, beta)
    blocks = _parse_blocks(data.patterns, blocks)
    proposal, residual = _proposal(solution)
    # tiny float blocks may be solver noise or real: keep the threshold with the best bound
    # (W = 0 is always feasible too, with value ½‖y‖²)
    tries = [_primal(data, blocks, proposal, z) for z in (1e-9, 1e-6, 1e-4)] + [{}]
    upper, primal = min(((_upper(data, p)[0], p) for p in tries), key=lambda t: t[0])
    norms: dict[Any, Any] = {}
    lower, lam, rho = _dual(data, blocks, residual, norms=norms)
    if lower > upper:  # cannot happen by weak duality; a bug if it does
        raise CertificateError(f"lower bound {lower} exceeds upper bound {upper}")
    result = ValueBounds(lower, upper, primal, lam, rho, blocks, data.beta, data.y)
    result.candidates = _candidates(data, blocks, norms, result.residual_radius_sq)
    return result


def _candidates(
    data: _Data, blocks: Sequence[Block], norms: dict[Any, Any], radius_sq: Fraction
) -> list[Block]:
    """Blocks whose dual constraint might be tight at r*: the rest vanish in every optimum.

    σ_b(r*) ≤ ‖v_b(λ)‖ + ‖F_i‖_F ‖λ − r*‖, and w_b ≠ 0 in an optimum forces σ_b(r*) = β.
    Here ‖v_b(λ)‖ = t √N_b / S_b from :func:`_dual`, and ‖F_i‖_F = √(Σ_{k active} ‖qx x_k‖²) / qx.
    """
    t = norms["t"]
    radius = sqrt_upper(radius_sq)
    row_sq = [sum(a * a for a in x) for x in data.Xi]
    out = []
    for b in blocks:
        nv, S = norms[b]
        fro = sqrt_upper(sum(q for q, a in zip(row_sq, data.diag[b[0]]) if a)) / data.qx
        if t * sqrt_upper(nv) / S + fro * radius >= data.beta:
            out.append(b)
    return out


def verify_value_bounds(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    bounds: ValueBounds,
    *,
    blocks: Iterable[Any] | None = None,
) -> bool:
    """Independently re-check a :class:`ValueBounds`; returns True or raises CertificateError.

    Program: the one of ``patterns`` and ``blocks`` ((4), (12) or (13)); completeness of the pattern
    list is *not* part of this certificate (:func:`exactrelu.convex.dichotomies.certify_complete`).
    Conditions, in order: (1) same program (the certificate's blocks); (2) n multipliers; (3) every
    primal block is a block of the program; (4) … lies exactly in its cone; (5) upper ≥ primal
    objective (√ rounded up); (6) every block is dual feasible, ‖g_b − Σρ c‖² ≤ β², ρ ≥ 0 and
    of the right length; (7) lower = D(λ); (8) lower ≤ upper (implied by 4–7 and weak duality: no
    forgery can violate it alone); (9) every block left out of ``candidates`` is slack by more than
    the residual-ball margin.

    Checks: every primal block lies exactly in its cone; ``upper`` is at least the
    primal objective (each √ bounded by squaring); every block's dual constraint
    ‖g_b − Σρ c‖² ≤ β² holds exactly; ``lower`` equals D(λ); every block left out of
    ``candidates`` is slack by more than the residual-ball margin.  The certificate must
    be about the program with ``blocks`` (default: every block, programs (4)/(12)).
    """
    data = _Data(patterns, y, beta)
    patterns = data.patterns
    blocks = _same_program(patterns, blocks, bounds.blocks, "certificate")
    if len(bounds.multiplier) != data.n:
        raise CertificateError(f"the multiplier has {len(bounds.multiplier)} entries, expected {data.n}")
    for b, w in bounds.primal.items():
        if b not in blocks:
            raise CertificateError(f"primal block {b} is not a block of the program")
        if not patterns.contains(b[0], w):
            raise CertificateError(f"primal block {block_name(patterns, b)} is not in its cone")
    fit = _fit(data, bounds.primal)
    loss = Fraction(1, 2) * sum((f - t) ** 2 for f, t in zip(fit, data.y))
    pen = [dot(w, w) for w in bounds.primal.values()]
    # upper ≥ loss + β Σ‖w_b‖, each √ rounded up (finer than the certificate's own rounding)
    if data.beta * sum(sqrt_upper(q, 128) for q in pen) > bounds.upper - loss:
        raise CertificateError("upper bound is below the primal objective")
    lam = tuple(bounds.multiplier)
    norms = _dual_norms_sq(data, blocks, lam, bounds.rho)
    bad = [b for b in blocks if norms[b] > data.beta**2]
    if bad:
        raise CertificateError(
            f"dual constraint violated on block {block_name(patterns, bad[0])}: "
            f"‖v‖² = {float(norms[bad[0]]):.6g} > β² = {float(data.beta**2):.6g}"
        )
    if dual_value(data.y, lam) != bounds.lower:
        raise CertificateError("lower bound is not the dual value D(λ)")
    if bounds.lower > bounds.upper:
        raise CertificateError("lower bound exceeds upper bound")
    radius = sqrt_upper(2 * (bounds.upper - bounds.lower))
    kept = set(bounds.candidates)
    for b in blocks:
        if b in kept:
            continue
        fro = sqrt_upper(sum(t * t for k, x in enumerate(patterns.X) if data.diag[b[0]][k] for t in x))
        if sqrt_upper(norms[b]) + fro * radius >= data.beta:
            raise CertificateError(
                f"block {block_name(patterns, b)} is left out of the support candidates "
                "but its dual constraint is not certified slack"
            )
    return True


# ----------------------------------------------------------------- rational optima
@dataclass
class ExactOptimum:
    """A rational optimum proved by an exact KKT certificate (lower = upper = value).

    ``residual`` r = y − ŷ is the unique optimal dual point; ``tight`` lists the
    blocks with ‖v_b‖ = β where v_b = Π_{K_i}(s F_iᵀ r) is the correlation vector
    (Mishkin & Pilanci 2023); every optimum is w_b = α_b v_b, α ≥ 0, on them.
    """

    value: Fraction
    residual: Vector
    primal: dict[Block, Vector]
    correlations: dict[Block, Vector]
    rho: dict[Block, Vector]
    tight: list[Block]
    blocks: list[Block]


def correlation_vector(patterns: PatternSet | SampledPatterns, b: Block, residual: VectorLike) -> Any:
    """v_b = Π_{K_i}(g_b), g_b = s F_iᵀ r: the correlation vector (Mishkin & Pilanci 2023).

    The Euclidean projection of g_b onto the closed cone K_i; by Moreau's decomposition
    dist(g_b, K_i°) = ‖v_b‖ and g_bᵀv_b = ‖v_b‖².  Exact (exact NNLS on the polar cone) for
    a rational residual (ints, Fractions, exact strings); a float residual (numpy array or
    Python floats) gives a float proposal from the checked float NNLS.

    Returns ``(v, g, rho)`` with g = v + Σ rho_k c_k over :func:`polar_columns`, rho ≥ 0,
    v ∈ K_i and v·c_k = 0 where rho_k > 0: tuples of Fractions (exact) or numpy arrays (float).

    >>> from exactrelu.convex.dichotomies import dichotomies
    >>> P = dichotomies([[1, 0], [0, 1]])
    >>> v, g, rho = correlation_vector(P, (P.index("11"), 1), (1, -1))
    >>> g, v
    ((Fraction(1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    patterns = as_pattern_set(patterns)
    cols = [c for c, _, _ in polar_columns(patterns, b[0])]
    if isinstance(residual, np.ndarray) or any(isinstance(t, float) for t in residual):
        r = np.asarray(residual, dtype=float)
        Xf, mask = patterns.float_arrays()
        g = b[1] * (Xf.T @ (mask[b[0]] * r))
        if not cols:
            return g, g, np.zeros(0)
        A = np.array(cols, dtype=float).T
        coef = float_nnls(A, g)
        return g - A @ coef, g, coef

    gq = block_gradient(patterns, b, tuple(to_fraction(t, where="residual") for t in residual))
    if not cols:
        return gq, gq, ()
    rho, res = exact_nnls(cols, gq)
    return tuple(res), gq, tuple(rho)


def _project_exact(data: _Data, b: Block, lam: Sequence[Fraction]) -> tuple[Vector, Vector]:
    """(v_b, ρ) exactly: see :func:`correlation_vector`."""
    v, _, rho = correlation_vector(data.patterns, b, lam)
    return v, rho


def exact_optimum(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    solution: Any,
    *,
    blocks: Iterable[Any] | None = None,
    max_denominator: int = 10**6,
) -> ExactOptimum | None:
    """Recognise and prove a rational optimum, or return None.

    Program: that of the pattern set and ``blocks`` ((4), (12) or (13), as for :func:`certify_value`);
    the value is P* of the non-convex problem only for a complete pattern list (not checked here:
    :func:`exactrelu.convex.dichotomies.certify_complete`).

    The float residual is rounded to nearby rationals (continued fractions with
    growing denominators); for each guess r the KKT conditions are checked exactly:
    every block has ‖Π_K(g_b)‖ ≤ β (exact NNLS), and the fit y − r is a non-negative
    combination of s F_i v_b over the tight blocks (exact NNLS with zero residual).
    Then primal = dual value, so the optimum is exact.
    """
    data = _Data(patterns, y, beta)
    blocks = _parse_blocks(data.patterns, blocks)
    _, residual = _proposal(solution)
    tried = set()
    den = 10
    while den <= max_denominator:
        r = tuple(Fraction(float(t)).limit_denominator(den) for t in residual)
        den *= 10
        if r in tried:
            continue
        tried.add(r)
        found = _check_residual(data, blocks, r)
        if found is not None:
            return found
    return None


def _check_residual(data: _Data, blocks: Sequence[Block], r: Vector) -> ExactOptimum | None:
    beta2 = data.beta**2
    corr, rho, tight = {}, {}, []
    for b in blocks:
        v, coef = _project_exact(data, b, r)
        nv = dot(v, v)
        if nv > beta2:
            return None
        if nv == beta2:
            tight.append(b)
            corr[b] = v
            rho[b] = coef
    fit = [t - a for t, a in zip(data.y, r)]
    if not tight:
        if any(fit):
            return None
        alphas: Sequence[Fraction] = ()
    else:
        X = data.patterns.X
        cols = []
        for i, s in tight:
            v = corr[(i, s)]
            dg = data.diag[i]
            cols.append([s * dg[k] * dot(X[k], v) for k in range(data.n)])
        alphas, res = exact_nnls(cols, fit)
        if any(res):
            return None
    primal = {b: tuple(a * t for t in corr[b]) for b, a in zip(tight, alphas) if a}
    value = Fraction(1, 2) * dot(r, r) + data.beta**2 * sum(alphas)
    if value != dual_value(data.y, r):
        return None
    return ExactOptimum(value, r, primal, corr, rho, tight, list(blocks))


def verify_exact_optimum(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    opt: ExactOptimum,
    *,
    blocks: Iterable[Any] | None = None,
) -> bool:
    """Re-check an :class:`ExactOptimum`: feasibility, dual feasibility of every block, equal values.

    The optimum must be about the program with ``blocks`` (default: every block; (4)/(12), or (13)
    with ``blocks``).  Conditions, in order: (1) same program; (2) primal blocks are blocks of it;
    (3) n residual entries; (4) every primal block lies in its cone; (5) the primal fit is y − r;
    (6) every block is dual feasible at r (exact projection, ‖v_b‖ ≤ β); (7) every primal block is a
    non-negative multiple of its stated correlation vector; (8) which has norm β; (9) primal value
    ½‖r‖² + β² Σα = D(r) = ``value``.  Completeness of the pattern list is not part of it.
    """
    data = _Data(patterns, y, beta)
    patterns = data.patterns
    expected = _same_program(patterns, blocks, opt.blocks, "optimum")
    if not set(opt.primal) <= set(expected):
        raise CertificateError("a primal block is not a block of the program")
    r = tuple(opt.residual)
    if len(r) != data.n:
        raise CertificateError(f"the residual has {len(r)} entries, expected {data.n}")
    for b, w in opt.primal.items():
        if not patterns.contains(b[0], w):
            raise CertificateError(f"block {block_name(patterns, b)} is not in its cone")
    fit = _fit(data, opt.primal)
    if any(f != t - a for f, t, a in zip(fit, data.y, r)):
        raise CertificateError("the primal fit is not y − r")
    for b in opt.blocks:
        v, _ = _project_exact(data, b, r)
        if dot(v, v) > data.beta**2:
            raise CertificateError(f"dual constraint violated on block {block_name(patterns, b)}")
    # β Σ‖w_b‖ with w_b = α_b v_b and ‖v_b‖ = β: rational; compare with the stated value
    pen = Fraction(0)
    for b, w in opt.primal.items():
        v = opt.correlations[b]
        alpha = next((a / c for a, c in zip(w, v) if c), None)
        if alpha is None or alpha < 0 or any(a != alpha * c for a, c in zip(w, v)):
            raise CertificateError(
                f"block {block_name(patterns, b)} is not a non-negative multiple of its correlation vector"
            )
        if dot(v, v) != data.beta**2:
            raise CertificateError(f"correlation vector of {block_name(patterns, b)} does not have norm β")
        pen += data.beta * alpha * data.beta
    primal_value = Fraction(1, 2) * dot(r, r) + pen
    if primal_value != opt.value or dual_value(data.y, r) != opt.value:
        raise CertificateError("primal and dual values differ: not optimal")
    return True
