"""The optimal polytope of the constrained group lasso in α-coordinates, in exact arithmetic.

Every optimum of the convex program (Mishkin & Pilanci 2023; see
:mod:`exactrelu.convex.optimal_set`) is w_b = α_b v_b on the equicorrelation blocks, with
α in the polytope

    A = {α ∈ R^k : α ≥ 0,  Σ_b α_b c_b = ŷ}

(c_b ∈ Qⁿ the fit of the correlation vector v_b, ŷ the unique optimal fit).  This module
works on A given its columns c_b and ŷ: exact linear programs and vertex enumeration
(cddlib, GMP arithmetic), the support (one LP per coordinate, with certificates), the
minimum-norm point (an exact least-distance program with its KKT certificate) and the
pruning Algorithm 1 of Mishkin & Pilanci 2023 (exact and float).  Linear constraints are
given as pairs (b, a) meaning b + a·x ≥ 0 (``ineq``) or b + a·x = 0 (``eq``).

>>> cols = [(1, 1, 0, 0), (0, 0, 1, 1), (1, 0, 0, 1), (0, 1, 1, 0)]   # the square example's segment
>>> fit = (Fraction(9, 10),) * 4
>>> alpha, mu, nu = min_norm_point(cols, fit)
>>> alpha
(Fraction(9, 20), Fraction(9, 20), Fraction(9, 20), Fraction(9, 20))
>>> len(vertex_alphas("abcd", cols, fit))
2
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np

from exactrelu.exact.errors import CertificateError, SolverError
from exactrelu.exact.limits import guard
from exactrelu.exact.linalg import dot, nullspace, rank
from exactrelu.exact.nnls import exact_nnls

__all__ = [
    "check_min_norm",
    "lp_max",
    "min_norm_point",
    "polytope_rows",
    "polytope_support",
    "polytope_vertices",
    "prune_exact",
    "prune_float",
    "vertex_alphas",
]

NULL_TOL = 1e-8  # singular values below tol · σ_max count as zero (float polytope)

Number: TypeAlias = "Fraction | int"
Row: TypeAlias = "tuple[Number, Sequence[Number]]"
"""A linear constraint (b, a): b + a·x ≥ 0 (inequality) or b + a·x = 0 (equality)."""


# ----------------------------------------------------------------------------- exact LPs (cddlib GMP)
def _cdd_matrix(ineq: Sequence[Row], eq: Sequence[Row], objective: Sequence[Number] | None = None) -> Any:
    """cdd matrix for {x : b + a·x ≥ 0 (ineq), b + a·x = 0 (eq)}; rows given as (b, a)."""
    import cdd
    import cdd.gmp

    rows = [[Fraction(b)] + [Fraction(t) for t in a] for b, a in ineq]
    rows += [[Fraction(b)] + [Fraction(t) for t in a] for b, a in eq]
    lin = list(range(len(ineq), len(ineq) + len(eq)))
    kw: dict[str, Any] = {}
    if objective is not None:
        kw = dict(obj_type=cdd.LPObjType.MAX, obj_func=[Fraction(0)] + [Fraction(t) for t in objective])
    return cdd.gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY, **kw)


def lp_max(
    objective: Sequence[Number], ineq: Sequence[Row], eq: Sequence[Row]
) -> tuple[Fraction, list[Fraction], list[tuple[int, Fraction]]]:
    """Exact LP max c·x over {b + a·x ≥ 0, b + a·x = 0} (cddlib, GMP rationals).

    Returns (value, an optimal x, cddlib's dual pairs (row index, multiplier)).

    Raises
    ------
    SolverError
        The LP is not solved to optimality (infeasible or unbounded).
    """
    import cdd
    import cdd.gmp

    lp = cdd.gmp.linprog_from_matrix(_cdd_matrix(ineq, eq, objective))
    cdd.gmp.linprog_solve(lp)
    if lp.status != cdd.LPStatusType.OPTIMAL:
        raise SolverError(f"cddlib exact LP ended with status {cdd.LPStatusType(lp.status).name}")
    return (
        Fraction(lp.obj_value),
        [Fraction(t) for t in lp.primal_solution],
        [(int(k), Fraction(t)) for k, t in lp.dual_solution],
    )


def polytope_vertices(ineq: Sequence[Row], eq: Sequence[Row]) -> list[tuple[Fraction, ...]]:
    """Vertices of a polytope {b + a·x ≥ 0, b + a·x = 0} by cddlib's exact double description.

    Raises
    ------
    SolverError
        The polyhedron has rays or lines (it is not a polytope).
    """
    import cdd.gmp

    poly = cdd.gmp.polyhedron_from_matrix(_cdd_matrix(ineq, eq))
    gen = cdd.gmp.copy_generators(poly)
    verts: list[tuple[Fraction, ...]] = []
    rays: list[tuple[Fraction, ...]] = []
    for row in gen.array:
        (verts if row[0] != 0 else rays).append(tuple(Fraction(t) for t in row[1:]))
    if rays or gen.lin_set:
        raise SolverError(
            "the optimal polytope came out unbounded: this contradicts the penalty identity (bug)"
        )
    return verts


def polytope_rows(cols: Sequence[Sequence[Number]], fit: Sequence[Number]) -> tuple[list[Row], list[Row]]:
    """(ineq, eq) rows of {α ≥ 0 : Σ α_b c_b = ŷ} for the columns ``cols`` (the c_b)."""
    k = len(cols)
    ineq: list[Row] = [(0, tuple(int(a == j) for a in range(k))) for j in range(k)]
    eq: list[Row] = [(-fit[r], tuple(c[r] for c in cols)) for r in range(len(fit))]
    return ineq, eq


# ----------------------------------------------------------------------------- support and vertices
def polytope_support(
    blocks: Sequence[Hashable], cols: Sequence[Sequence[Fraction]], fit: Sequence[Fraction]
) -> tuple[list[Any], dict[Any, tuple[str, tuple[Fraction, ...]]]]:
    """The support {b : max α_b > 0 over the polytope}, by exact LPs, with a certificate per block.

    ``blocks`` names the columns.  A block in the support gets ``("witness", α)``, a point
    of the polytope with α_b > 0; a block outside gets ``("excluded", z)`` with
    Cᵀz ≥ e_b and ŷ·z ≤ 0, which proves α_b ≤ α·Cᵀz = ŷ·z ≤ 0 on the polytope.
    """
    ineq, eq = polytope_rows(cols, fit)
    k = len(blocks)
    inside: set[Any] = set()
    certs: dict[Any, tuple[str, tuple[Fraction, ...]]] = {}
    for j, b in enumerate(blocks):
        if b in inside:
            continue
        obj = tuple(int(a == j) for a in range(k))
        value, x, dual = lp_max(obj, ineq, eq)
        if value > 0:
            alpha = tuple(x)
            for jj, bb in enumerate(blocks):
                if alpha[jj] > 0 and bb not in inside:
                    inside.add(bb)
                    certs[bb] = ("witness", alpha)
            continue
        certs[b] = ("excluded", _exclusion(cols, fit, j, dual, k))
    return [b for b in blocks if b in inside], certs


def _exclusion(
    cols: Sequence[Sequence[Fraction]],
    fit: Sequence[Fraction],
    j: int,
    dual: Sequence[tuple[int, Fraction]],
    k: int,
) -> tuple[Fraction, ...]:
    """z with Cᵀz ≥ e_j and ŷ·z ≤ 0 (so α_j ≤ α·Cᵀz = ŷ·z ≤ 0 on the polytope)."""
    n = len(fit)
    yeq = [Fraction(0)] * n
    for idx, val in dual:
        if k <= idx < k + n:  # cddlib's dual indices are not always row positions: verified below
            yeq[idx - k] = val
    for sign in (-1, 1):
        z = tuple(sign * t for t in yeq)
        ct = [dot(c, z) for c in cols]
        if all(t >= 0 for t in ct) and ct[j] >= 1 and dot(fit, z) <= 0:
            return z
    # fall back to an explicit feasibility LP in z (free variables): Cᵀz ≥ e_j, −ŷ·z ≥ 0
    ineq: list[Row] = [(-int(a == j), tuple(c)) for a, c in enumerate(cols)]
    ineq.append((0, tuple(-t for t in fit)))
    _, zl, _ = lp_max(tuple(0 for _ in range(n)), ineq, [])
    z = tuple(zl)
    ct = [dot(c, z) for c in cols]
    if all(t >= 0 for t in ct) and ct[j] >= 1 and dot(fit, z) <= 0:
        return z
    raise CertificateError("could not certify that a block is outside the support (bug)")


def vertex_alphas(
    blocks: Sequence[Hashable],
    cols: Sequence[Sequence[Fraction]],
    fit: Sequence[Fraction],
    limit: int | None = None,
) -> list[dict[Any, Fraction]]:
    """The vertices of the polytope as {block: α_b}, sorted; refused beyond ``limit`` predicted vertices.

    The prediction is C(k, rank C) (:func:`exactrelu.exact.limits.guard`).
    """
    k = len(blocks)
    if k == 0:
        return [{}]
    r = rank(cols)
    guard("vertices of the optimal polytope", math.comb(k, r), limit)
    ineq, eq = polytope_rows(cols, fit)
    verts = polytope_vertices(ineq, eq)
    return sorted((dict(zip(blocks, v)) for v in verts), key=lambda v: tuple(v[b] for b in blocks))


# ----------------------------------------------------------------------------- min-norm (LDP)
def min_norm_point(
    cols: Sequence[Sequence[Fraction]], fit: Sequence[Fraction]
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...], tuple[Fraction, ...]]:
    """argmin ‖α‖² over {α ≥ 0, Cα = ŷ} exactly, with its KKT certificate: (α, μ, ν).

    Least-distance programming (Lawson & Hanson, *Solving Least Squares Problems*, ch. 23):
    min ‖x‖ s.t. G x ≥ h is solved by the NNLS  min_{u ≥ 0} ‖[Gᵀ; hᵀ] u − e_{k+1}‖; with
    residual ρ = e_{k+1} − [Gᵀ; hᵀ]u (ρ_{k+1} > 0 when feasible), x = −ρ_{1:k}/ρ_{k+1} and
    λ = u/ρ_{k+1} ≥ 0 are the solution and its multipliers.  Here G = [C; −C; I], h = [ŷ; −ŷ; 0];
    the NNLS is exact (:func:`exactrelu.exact.nnls.exact_nnls`).

    The result is then checked from scratch (:func:`check_min_norm`): α ≥ 0, Cα = ŷ and
    α = Cᵀμ + ν with ν ≥ 0, ν ⊙ α = 0 — the KKT conditions of the strictly convex QP
    min ½‖α‖² s.t. Cα = ŷ, α ≥ 0, sufficient for optimality.
    """
    k, n = len(cols), len(fit)
    if k == 0:
        if any(fit):
            raise CertificateError("empty polytope: no blocks but a non-zero fit")
        return (), tuple(Fraction(0) for _ in range(n)), ()
    G: list[tuple[Fraction, ...]] = []
    h: list[Fraction] = []
    for r in range(n):
        G.append(tuple(Fraction(c[r]) for c in cols))
        h.append(Fraction(fit[r]))
    for r in range(n):
        G.append(tuple(-t for t in G[r]))
        h.append(-Fraction(fit[r]))
    for j in range(k):
        G.append(tuple(Fraction(int(a == j)) for a in range(k)))
        h.append(Fraction(0))
    columns = [tuple(g) + (hh,) for g, hh in zip(G, h)]
    target = tuple(Fraction(0) for _ in range(k)) + (Fraction(1),)
    u, res = exact_nnls(columns, target)
    if res[k] <= 0:
        raise CertificateError("least-distance program reports an empty optimal polytope (bug)")
    alpha = tuple(-res[j] / res[k] for j in range(k))
    lam = [t / res[k] for t in u]
    mu = tuple(lam[r] - lam[n + r] for r in range(n))
    nu = tuple(lam[2 * n + j] for j in range(k))
    check_min_norm(cols, fit, alpha, mu, nu)
    return alpha, mu, nu


def check_min_norm(
    cols: Sequence[Sequence[Fraction]],
    fit: Sequence[Fraction],
    alpha: Sequence[Fraction],
    mu: Sequence[Fraction],
    nu: Sequence[Fraction],
) -> bool:
    """Exact KKT check of a min-norm point (α, μ, ν): True, or raises CertificateError."""
    k, n = len(cols), len(fit)
    if any(a < 0 for a in alpha):
        raise CertificateError("min-norm point has a negative coordinate")
    if any(sum(alpha[j] * cols[j][r] for j in range(k)) != fit[r] for r in range(n)):
        raise CertificateError("min-norm point does not reproduce the optimal fit")
    if any(t < 0 for t in nu):
        raise CertificateError("min-norm multiplier ν has a negative entry")
    for j in range(k):
        if alpha[j] != sum(cols[j][r] * mu[r] for r in range(n)) + nu[j]:
            raise CertificateError("min-norm stationarity α = Cᵀμ + ν fails")
        if alpha[j] * nu[j] != 0:
            raise CertificateError("min-norm complementarity ν ⊙ α = 0 fails")
    return True


# ----------------------------------------------------------------------------- Algorithm 1 (pruning)
def prune_exact(alpha: dict[Any, Fraction], cols: dict[Any, Sequence[Fraction]]) -> dict[Any, Fraction]:
    """Algorithm 1 of Mishkin & Pilanci 2023 in exact arithmetic on α-coordinates.

    Our reconstruction: docs/reconstructions.md, 'Mishkin & Pilanci 2023: uniqueness,
    minimality, pruning'.  ``alpha``: {block: α_b ≥ 0}; ``cols``: {block: c_b}.  While the
    fits α_b c_b of the active blocks have an (integer, exact) null vector β: normalise by
    the first entry of largest modulus (β_{i*} = 1, |β_b| ≤ 1) and scale
    α_b ← (1 − β_b) α_b ∈ [0, 2α_b].  The fit Σ α_b c_b is unchanged (Qβ = 0), α stays ≥ 0,
    and at least block i* leaves.
    """
    alpha = {b: Fraction(a) for b, a in alpha.items() if a}
    while alpha:
        act = sorted(alpha)
        n = len(cols[act[0]])
        Q = [tuple(alpha[b] * cols[b][r] for b in act) for r in range(n)]
        ns = nullspace(Q, ncols=len(act))
        if not ns:
            break
        vec = ns[0]
        top = max(range(len(act)), key=lambda j: (abs(vec[j]), -j))
        piv = Fraction(vec[top])
        new = {}
        for j, b in enumerate(act):
            a = (1 - vec[j] / piv) * alpha[b]
            if a:
                new[b] = a
        alpha = new
    return alpha


def prune_float(alpha: dict[Any, float], cols: dict[Any, Any], tol: float = NULL_TOL) -> dict[Any, float]:
    """Algorithm 1 of Mishkin & Pilanci 2023 in floats (numerical null vectors by SVD)."""
    alpha = {b: float(a) for b, a in alpha.items() if a > 0}
    top_alpha = max(alpha.values(), default=0.0)
    while alpha:
        act = sorted(alpha)
        Q = np.column_stack([alpha[b] * np.asarray(cols[b], dtype=float) for b in act])
        _, s, Vt = np.linalg.svd(Q, full_matrices=True)
        smax = s[0] if len(s) else 0.0
        rk = int(np.sum(s > tol * max(smax, 1e-300)))
        if rk == len(act):
            break
        vec = Vt[-1]
        j = int(np.argmax(np.abs(vec)))
        vec = vec / vec[j]
        new = {}
        for jj, b in enumerate(act):
            a = (1.0 - vec[jj]) * alpha[b]
            if jj != j and a > 1e-12 * top_alpha:
                new[b] = a
        alpha = new
    return alpha
