"""Irrational optima of the convex program (4) proved exactly: one support block, an algebraic scale.

Wang, Lacotte & Pilanci 2022, program (4) (squared loss ½‖ŷ − y‖², penalty β Σ‖w_b‖).  When the
certified bounds (:func:`exactrelu.convex.bounds.certify_value`) leave a single support candidate
b = (i, s) — every other block is certified zero in every optimum — the optimum is w* = α v with
v = Π_{K_i}(s F_iᵀ r) the correlation vector, ‖v‖ = β and r = y − s F_i w*.  A float solution
*proposes* the face of K_i that contains v (its active rows); on the span L of that face the
projection is the rational projector P_L, so with A = F_i P_L F_iᵀ

    r(α) = (I + α A)⁻¹ y,     ‖v(α)‖² = r(α)ᵀ A r(α) = β²,

and α* is a root of the polynomial N(α) = uᵀ A u − β² det(I + αA)², u = adj(I + αA) y, with rational
coefficients.  The root is isolated exactly (sympy, rational endpoints), then every remaining KKT
condition is a *strict* inequality at α* decided with python-flint ``arb`` balls (rigorous):

1. α* > 0 (the isolating interval is positive, N square-free there, exactly one root in it);
2. v(α*) lies in K_i: the inactive rows are > 0 (the active and equality rows vanish on L);
3. v(α*) is the projection of g = s F_iᵀ r: g − v = Σ_{active} ρ_k (−a_k) + E-part, ρ_k > 0;
4. every other block is strictly dual feasible at r(α*): ‖g_b' − Σ ρ' c‖ < β with rational ρ' ≥ 0.

Then W* = {b: α* v(α*)} satisfies the KKT conditions of (4) exactly (equalities by construction,
inequalities strictly), so it is the optimum and P* = ½‖r*‖² + β² α* (enclosed in an arb ball).
Nothing here is decided by a float: floats only propose the face and the coefficients ρ'.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np
import sympy

from exactrelu.convex import bounds as cb
from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set
from exactrelu.convex.program import Block
from exactrelu.exact.errors import CertificateError
from exactrelu.exact.linalg import dot, nullspace
from exactrelu.exact.parse import exact_labels, exact_scalar
from exactrelu.exact.types import NumberLike, VectorLike

__all__ = ["AlgebraicOptimum", "algebraic_optimum", "verify_algebraic_optimum"]

_PREC = 256
_ROOT_WIDTH = Fraction(1, 2**200)


@dataclass
class AlgebraicOptimum:
    """The optimum of (4) with one support block b, α* a root of ``poly`` in [lo, hi].

    ``basis`` spans L (the face of K_i containing v); ``active`` are the indices of the rows of
    :func:`exactrelu.convex.bounds.polar_columns` on that face; ``rho`` are the rational polar
    coefficients of every other block (certificate 4); ``value`` is an arb ball around P*.
    """

    block: Block
    poly: tuple[Fraction, ...]  # coefficients, highest degree first
    lo: Fraction
    hi: Fraction
    basis: tuple[tuple[int, ...], ...]
    active: tuple[int, ...]
    rho: dict[Block, tuple[Fraction, ...]]
    value: Any = None

    def alpha(self) -> Any:
        """α* as an arb ball."""
        return _ball(self.lo, self.hi)


def _ball(lo: Fraction, hi: Fraction) -> Any:
    mid = (lo + hi) / 2
    return flint.arb(flint.fmpq(mid.numerator, mid.denominator)) + flint.arb(
        0, float((hi - lo) / 2) * (1 + 1e-9) + 2.0**-900
    )


def _q(x: Fraction | int) -> Any:
    x = Fraction(x)
    return flint.arb(flint.fmpq(x.numerator, x.denominator))


def _projector(basis: list[tuple[int, ...]]) -> sympy.Matrix:
    B = sympy.Matrix([list(b) for b in basis]).T  # d × k
    return B * (B.T * B).inv() * B.T


def _setup(
    ps: PatternSet, b: Block, basis: list[tuple[int, ...]]
) -> tuple[sympy.Matrix, sympy.Matrix, sympy.Matrix]:
    F = sympy.Matrix(
        [[sympy.Rational(t.numerator, t.denominator) for t in row] for row in ps.fit_matrix(b[0])]
    )
    PL = _projector(basis)
    return F, PL, F * PL * F.T


def _polynomial(A: sympy.Matrix, y: tuple[Fraction, ...], beta: Fraction) -> sympy.Poly:
    a = sympy.Symbol("alpha")
    n = A.shape[0]
    M = sympy.eye(n) + a * A
    yv = sympy.Matrix([sympy.Rational(t.numerator, t.denominator) for t in y])
    u = M.adjugate() * yv
    det = M.det()
    bq = sympy.Rational(beta.numerator, beta.denominator)
    return sympy.Poly(sympy.expand((u.T * A * u)[0, 0] - bq**2 * det**2), a, domain="QQ")


def _arb_mat(M: sympy.Matrix) -> Any:
    return flint.arb_mat(
        M.shape[0], M.shape[1], [flint.fmpq(int(sympy.fraction(t)[0]), int(sympy.fraction(t)[1])) for t in M]
    )


def _evaluate(
    ps: PatternSet,
    y: tuple[Fraction, ...],
    b: Block,
    basis: list[tuple[int, ...]],
    lo: Fraction,
    hi: Fraction,
) -> dict[str, Any]:
    """r(α*), g, v(α*), w* = α* v as arb vectors."""
    F, PL, A = _setup(ps, b, basis)
    n = ps.n
    alpha = _ball(lo, hi)
    M = flint.arb_mat(n, n, [int(i == j) for i in range(n) for j in range(n)]) + alpha * _arb_mat(A)
    r = M.solve(flint.arb_mat(n, 1, [_q(t) for t in y]))
    s = b[1]
    g = _arb_mat(F).transpose() * r * s
    v = _arb_mat(PL) * g
    d = ps.d
    return {
        "alpha": alpha,
        "r": [r[k, 0] for k in range(n)],
        "g": [g[j, 0] for j in range(d)],
        "v": [v[j, 0] for j in range(d)],
        "w": [alpha * v[j, 0] for j in range(d)],
    }


def _certify(ps: PatternSet, y: tuple[Fraction, ...], beta: Fraction, opt: AlgebraicOptimum) -> Any:
    """Conditions 1–4 of the module docstring; returns the arb ball of P* or raises CertificateError."""
    with flint.ctx.workprec(_PREC):
        b, lo, hi = opt.block, opt.lo, opt.hi
        if not 0 < lo <= hi:
            raise CertificateError("the isolating interval of α* is not positive")
        a = sympy.Symbol("alpha")
        poly = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in opt.poly], a, domain="QQ")
        _, _, A = _setup(ps, b, list(opt.basis))
        if poly != _polynomial(A, y, beta).sqf_part().monic():
            raise CertificateError("the polynomial of α* is not the square-free KKT polynomial of the face")
        if (
            poly.count_roots(
                sympy.Rational(lo.numerator, lo.denominator), sympy.Rational(hi.numerator, hi.denominator)
            )
            != 1
        ):
            raise CertificateError("the interval does not isolate exactly one root")
        ev = _evaluate(ps, y, b, list(opt.basis), lo, hi)
        cols = cb.polar_columns(ps, b[0])
        v, g = ev["v"], ev["g"]
        active = set(opt.active)
        for k, (c, _, kind) in enumerate(cols):
            if (
                kind == "A"
                and k not in active
                and not (sum((-_q(t) * x for t, x in zip(c, v)), flint.arb(0)) > 0)
            ):
                raise CertificateError(f"v(α*) is not strictly inside inactive row {k} of its cone")
        for basis_vec in opt.basis:
            for k in active:
                if dot(cols[k][0], basis_vec) != 0:
                    raise CertificateError("the face span L is not orthogonal to its active rows")
        # polar part: g − v = Σ_{active A} ρ_k c_k + Σ_E μ_k c_k (least squares on L^⊥, exact span)
        C = [cols[k][0] for k in sorted(active)] + [c for c, _, kind in cols if kind == "E"]
        if C:
            Cm = sympy.Matrix([[sympy.Rational(t.numerator, t.denominator) for t in c] for c in C]).T
            G = Cm.T * Cm
            if G.det() == 0:
                raise CertificateError("the active rows of the face are linearly dependent")
            Pinv = _arb_mat(G.inv() * Cm.T)
            diff = flint.arb_mat(ps.d, 1, [gj - vj for gj, vj in zip(g, v)])
            rho = Pinv * diff
            na = len(active)
            if not all(rho[k, 0] > 0 for k in range(na)):
                raise CertificateError("the polar coefficients of the face are not certified positive")
            resid = diff - _arb_mat(Cm) * rho
            if not all(abs(resid[j, 0]) < flint.arb(2.0) ** -(_PREC // 2) for j in range(ps.d)):
                raise CertificateError("g − v is not in the span of the face's normals")
        elif any(not (abs(gj - vj) < flint.arb(2.0) ** -(_PREC // 2)) for gj, vj in zip(g, v)):
            raise CertificateError("v ≠ g on a face without normals")
        r = ev["r"]
        beta2 = _q(beta * beta)
        for bb in cb.all_blocks(ps):
            if bb == b:
                continue
            cols2 = [c for c, _, _ in cb.polar_columns(ps, bb[0])]
            coef = opt.rho.get(bb, ())
            if any(c < 0 for c in coef) or (coef and len(coef) != len(cols2)):
                raise CertificateError(f"bad polar coefficients for block {bb}")
            dg = ps.diag(bb[0])
            gg = [
                bb[1] * sum((_q(dg[k] * ps.X[k][j]) * r[k] for k in range(ps.n)), flint.arb(0))
                for j in range(ps.d)
            ]
            w2 = [
                gj - sum((_q(c) * _q(col[j]) for c, col in zip(coef, cols2)), flint.arb(0))
                for j, gj in enumerate(gg)
            ]
            if not (sum((t * t for t in w2), flint.arb(0)) < beta2):
                raise CertificateError(
                    f"block {cb.block_name(ps, bb)} is not certified strictly dual feasible"
                )
        rr = sum((t * t for t in r), flint.arb(0))
        return rr / 2 + beta2 * ev["alpha"]


def algebraic_optimum(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    bounds: cb.ValueBounds,
) -> AlgebraicOptimum | None:
    """Prove an irrational optimum with one support block exactly (see the module docstring), or None.

    ``bounds`` is a verified :class:`~exactrelu.convex.bounds.ValueBounds` of the same program; its
    single support candidate and its rational primal point propose the block and the face.
    """
    ps = as_pattern_set(patterns)
    yq = exact_labels(y, ps.n)
    bq = exact_scalar(beta, name="beta", positive=True)
    if len(bounds.candidates) != 1 or bounds.candidates[0] not in bounds.primal:
        return None
    b = bounds.candidates[0]
    w = [float(t) for t in bounds.primal[b]]
    wn = float(np.linalg.norm(w))
    if wn == 0:
        return None
    cols = cb.polar_columns(ps, b[0])
    active = [
        k
        for k, (c, _, kind) in enumerate(cols)
        if kind == "A"
        and abs(sum(float(t) * x for t, x in zip(c, w)))
        <= 1e-7 * wn * max(float(max(abs(t) for t in c)), 1e-300)
    ]
    eq_rows = [cols[k][0] for k in active] + [c for c, _, kind in cols if kind == "E"]
    basis = (
        nullspace(eq_rows, ps.d)
        if eq_rows
        else [tuple(int(i == j) for j in range(ps.d)) for i in range(ps.d)]
    )
    if not basis:
        return None
    with flint.ctx.workprec(_PREC):
        _, _, A = _setup(ps, b, basis)
        poly = _polynomial(A, yq, bq).sqf_part().monic()
        a0 = wn / float(bq)  # w = α v with ‖v‖ = β
        roots = [(Fraction(str(lo)), Fraction(str(hi))) for (lo, hi), _ in poly.intervals()]
        roots = [(lo, hi) for lo, hi in roots if hi > 0]
        if not roots:
            return None
        lo, hi = min(roots, key=lambda t: abs(float(t[0] + t[1]) / 2 - a0))
        lo_s, hi_s = poly.refine_root(
            sympy.Rational(lo.numerator, lo.denominator),
            sympy.Rational(hi.numerator, hi.denominator),
            eps=sympy.Rational(_ROOT_WIDTH.numerator, _ROOT_WIDTH.denominator),
        )
        lo, hi = Fraction(str(lo_s)), Fraction(str(hi_s))
        rho: dict[Block, tuple[Fraction, ...]] = {}
        r_float = np.array([float(t) for t in bounds.multiplier])
        for bb in cb.all_blocks(ps):
            if bb == b:
                continue
            _, _, coef = cb.correlation_vector(ps, bb, r_float)
            rho[bb] = tuple(Fraction(float(c)) if c > 0 else Fraction(0) for c in coef)
        opt = AlgebraicOptimum(
            b,
            tuple(Fraction(int(sympy.fraction(c)[0]), int(sympy.fraction(c)[1])) for c in poly.all_coeffs()),
            lo,
            hi,
            tuple(tuple(int(t) for t in v) for v in basis),
            tuple(active),
            rho,
        )
        try:
            opt.value = _certify(ps, yq, bq, opt)
        except CertificateError:
            return None
    return opt


def dual_status_at(
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    opt: AlgebraicOptimum,
    source: PatternSet,
) -> dict[str, Any]:
    """Every block of another pattern set (e.g. the complete dichotomies) at the residual r(α*) of ``opt``.

    Returns ``{"support": [the block of opt], "feasible", "infeasible", "undecided": [names]}``: a block is
    certified
    strictly feasible (‖g − Σρc‖ < β, rational ρ ≥ 0 from a float NNLS) or certified infeasible by a
    rational direction u ∈ K with gᵀu > β‖u‖ (a descent direction: adding that neuron lowers the
    objective), both in arb balls; else undecided.
    """
    ps = as_pattern_set(source)
    own = as_pattern_set(patterns)
    yq = exact_labels(y, own.n)
    bq = exact_scalar(beta, name="beta", positive=True)
    out: dict[str, list[str]] = {"support": [], "feasible": [], "infeasible": [], "undecided": []}
    support = (own.patterns[opt.block[0]], opt.block[1])
    with flint.ctx.workprec(_PREC):
        r = _evaluate(own, yq, opt.block, list(opt.basis), opt.lo, opt.hi)["r"]
        r_float = np.array([float(t.mid()) for t in r])
        beta2 = _q(bq * bq)
        for bb in cb.all_blocks(ps):
            if (ps.patterns[bb[0]], bb[1]) == support:
                out["support"].append(cb.block_name(ps, bb))  # tight, certified by opt itself
                continue
            cols = [c for c, _, _ in cb.polar_columns(ps, bb[0])]
            dg = ps.diag(bb[0])
            g = [
                bb[1] * sum((_q(dg[k] * ps.X[k][j]) * r[k] for k in range(ps.n)), flint.arb(0))
                for j in range(ps.d)
            ]
            v_f, _, coef = cb.correlation_vector(ps, bb, r_float)
            coef_q = [Fraction(float(c)) if c > 0 else Fraction(0) for c in coef]
            res = [
                gj - sum((_q(c) * _q(col[j]) for c, col in zip(coef_q, cols)), flint.arb(0))
                for j, gj in enumerate(g)
            ]
            name = cb.block_name(ps, bb)
            if sum((t * t for t in res), flint.arb(0)) < beta2:
                out["feasible"].append(name)
                continue
            u = cb.project_to_cone(ps, bb[0], [float(t) for t in v_f]) if np.any(v_f) else None
            if u is not None and any(u):
                gu = sum((gj * _q(uj) for gj, uj in zip(g, u)), flint.arb(0))
                if gu > 0 and gu * gu > beta2 * _q(dot(u, u)):
                    out["infeasible"].append(name)
                    continue
            out["undecided"].append(name)
    return out


def verify_algebraic_optimum(
    patterns: PatternSet | SampledPatterns, y: VectorLike, beta: NumberLike, opt: AlgebraicOptimum
) -> bool:
    """Re-check an :class:`AlgebraicOptimum` from scratch (conditions 1–4); True or CertificateError."""
    ps = as_pattern_set(patterns)
    _certify(ps, exact_labels(y, ps.n), exact_scalar(beta, name="beta", positive=True), opt)
    return True
