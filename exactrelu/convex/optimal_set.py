"""The optimal set and the regularisation path of the constrained group lasso (Mishkin & Pilanci, ICML 2023).

The program is the convex reformulation (4)/(12) of 003 written as the *constrained
group lasso* (CGL) of 002, squared loss, no 1/n, β playing the paper's λ:

    P*(β) = min_w  ½‖Σ_b s F_i w_b − y‖² + β Σ_b ‖w_b‖₂     s.t.  w_b ∈ K_i,

over blocks b = (i, s) (pattern index i of a :class:`~exactrelu.convex.dichotomies.PatternSet`,
output sign s), F_i = D_i X (or T_i X for trichotomies), K_i = {A_i u ≥ 0, E_i u = 0}.
Rows of X are samples; a bias column is present only if the pattern set was built with
``bias=True``.  Exact numbers are :class:`fractions.Fraction`.

What the optimal set looks like (spec C.2; standard KKT reasoning):

* the fit ŷ, hence the residual r = y − ŷ, is the same for every optimum;
* the *correlation vector* of block b is v_b = Π_{K_i}(s F_iᵀ r) (Euclidean projection on
  the closed cone; by Moreau's decomposition this is the v_b = Z_bᵀr − K_bρ_b of 002 with
  complementary ρ_b); the *equicorrelation set* is E = {b : ‖v_b‖ = β};
* with c_b = s F_i v_b ∈ Qⁿ (the fit of v_b), every α ≥ 0 on E with Σ α_b c_b = ŷ gives an
  optimum w_b = α_b v_b, and every optimum is of this form:

      W*(β) = { w : w_b = α_b v_b (b ∈ E),  w_b = 0 (b ∉ E),  α ≥ 0,  Σ_b α_b c_b = ŷ },

  a polytope in α-coordinates.  It is bounded: c_b·r = v_b·(s F_iᵀ r) = ‖v_b‖² = β², so
  every feasible α has β² Σ α_b = rᵀŷ — the penalty β Σ‖w_b‖ = β² Σ α_b = (y − ŷ)ᵀŷ is
  the same on the whole set (the "penalty identity", an exact test);
* the *support* S_β = {b : α_b > 0 for some point} is found by one exact LP per block of E
  (max α_b over the polytope, cddlib GMP arithmetic); each answer carries a certificate
  (a feasible α with α_b > 0, or a vector z with Cᵀz ≥ e_b and ŷ·z ≤ 0, proving α_b = 0);
* W* is a singleton ⇔ {c_b : b ∈ S_β} is linearly independent (spec C.3): the polytope
  has a point with all α_b > 0 on S (average the LP witnesses), and a null vector of the
  c_b moves it both ways.  Decided by exact rank;
* m* (fewest non-zero blocks of an optimum) is the smallest support of a vertex: Algorithm 1
  turns any optimum into one with independent columns, i.e. a vertex, without adding blocks.

The optimum is rational only in special cases (spec C-Ex1).  :func:`optimal_set` first
asks :func:`exactrelu.convex.bounds.exact_optimum` to recognise a rational optimum from the
float solution; if it does, everything above is computed exactly (``exact=True``).
Otherwise (``exact=False``) the value is bracketed by
:func:`exactrelu.convex.bounds.certify_value`, whose ``candidates`` is a *certified superset*
of S_β, uniqueness is certified by a sufficient condition, and the polytope, its vertices,
the min-norm point and the pruning are computed in floats and labelled so.

Also here: :func:`uniqueness_radii` (App. D of 003, float), :func:`regularisation_path`,
:func:`beta_max` (exact) and :func:`constraint_qualifications` (LICQ + strict
complementarity, spec C.4, a reconstruction).

Examples
--------
>>> from exactrelu.convex.dichotomies import dichotomies
>>> P = dichotomies([(1, 1), (1, -1), (-1, -1), (-1, 1)])
>>> S = optimal_set(P, (1, 1, 1, 1), "1/5")
>>> S.exact, S.value, len(S.support), len(S.vertices), S.unique, S.m_star
(True, Fraction(19, 50), 4, 2, False, 2)
>>> sorted(set(S.min_norm_alpha().values()))
[Fraction(9, 4)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from exactrelu.convex.bounds import (
    ValueBounds,
    all_blocks,
    block_gradient,
    block_name,
    certify_value,
    exact_optimum,
    project_to_cone,
    verify_value_bounds,
)
from exactrelu.convex.bounds import correlation_vector as correlation_vector_full
from exactrelu.exact.errors import CertificateError, InvalidDataError, SolverError
from exactrelu.exact.intervals import dyadic, sqrt_lower, sqrt_upper
from exactrelu.exact.limits import guard
from exactrelu.exact.linalg import nullspace, rank
from exactrelu.exact.nnls import exact_nnls
from exactrelu.exact.parse import exact_labels, exact_scalar, to_fraction

__all__ = [
    "BetaMax",
    "OptimalSet",
    "PathPoint",
    "RegularisationPath",
    "beta_max",
    "constraint_qualifications",
    "correlation_vector",
    "optimal_set",
    "regularisation_path",
    "uniqueness_radii",
]

_ACTIVE_TOL = 1e-6  # float blocks below this fraction of the largest count as zero
_EQUI_TOL = 1e-6  # float ‖v_b‖ ≥ β(1 − tol) counts as equicorrelated
_NULL_TOL = 1e-8  # singular values below tol · σ_max count as zero (float polytope)
_CORE_MAX = 16  # certify membership in S for at most this many candidate blocks


# =============================================================================
# small exact / float helpers
# =============================================================================
def _pattern_set(patterns):
    if hasattr(patterns, "gates") and hasattr(patterns, "patterns") and hasattr(patterns.patterns, "kind"):
        patterns = patterns.patterns
    if not hasattr(patterns, "fit_matrix") or not hasattr(patterns, "cone"):
        raise InvalidDataError(f"patterns must be an exactrelu PatternSet, got {type(patterns).__name__}")
    return patterns


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _fit_column(ps, b, v):
    """c_b = s F_i v (exact if v is exact)."""
    i, s = b
    return tuple(s * _dot(x, v) if a else 0 * s for x, a in zip(ps.X, ps.diag(i)))


def correlation_vector(patterns, b, residual):
    """v_b = Π_{K_i}(s F_iᵀ r): exact for rational r, float otherwise.

    Returns ``(v, rho)``: g_b = v + Σ_k rho_k c_k with the polar columns c_k of
    :func:`exactrelu.convex.bounds.polar_columns` (rho ≥ 0), v ∈ K_i and v·c_k = 0 where rho_k > 0.
    """
    v, _, rho = correlation_vector_full(_pattern_set(patterns), b, residual)
    return v, rho


def _float_fit_column(Xf, mask, b, v):
    i, s = b
    return s * mask[i] * (Xf @ np.asarray(v, dtype=float))


def _name(ps, b):
    return block_name(ps, b)


def _fstr(t):
    return str(t) if isinstance(t, Fraction) else float(t)


# ----------------------------------------------------------------------------- exact LPs (cddlib GMP)
def _cdd_matrix(ineq, eq, objective=None):
    """cdd matrix for {x : b + a·x ≥ 0 (ineq), b + a·x = 0 (eq)}; rows given as (b, a)."""
    import cdd
    import cdd.gmp

    rows = [[Fraction(b)] + [Fraction(t) for t in a] for b, a in ineq]
    rows += [[Fraction(b)] + [Fraction(t) for t in a] for b, a in eq]
    lin = list(range(len(ineq), len(ineq) + len(eq)))
    kw = {}
    if objective is not None:
        kw = dict(obj_type=cdd.LPObjType.MAX, obj_func=[Fraction(0)] + [Fraction(t) for t in objective])
    return cdd.gmp.matrix_from_array(rows, lin_set=lin, rep_type=cdd.RepType.INEQUALITY, **kw)


def _lp_max(objective, ineq, eq):
    """Exact LP max c·x over {b + a·x ≥ 0, b + a·x = 0}: (value, x, dual pairs). Raises SolverError."""
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


def _cdd_vertices(ineq, eq):
    """Vertices of a polytope {b + a·x ≥ 0, b + a·x = 0} by cddlib's exact double description."""
    import cdd.gmp

    poly = cdd.gmp.polyhedron_from_matrix(_cdd_matrix(ineq, eq))
    gen = cdd.gmp.copy_generators(poly)
    verts, rays = [], []
    for row in gen.array:
        (verts if row[0] != 0 else rays).append(tuple(Fraction(t) for t in row[1:]))
    if rays or gen.lin_set:
        raise SolverError(
            "the optimal polytope came out unbounded: this contradicts the penalty identity (bug)"
        )
    return verts


def _polytope_rows(cols, fit):
    """(ineq, eq) rows of {α ≥ 0 : Σ α_b c_b = ŷ} for columns ``cols`` (list of c_b)."""
    k = len(cols)
    ineq = [(0, tuple(int(a == j) for a in range(k))) for j in range(k)]
    eq = [(-fit[r], tuple(c[r] for c in cols)) for r in range(len(fit))]
    return ineq, eq


# ----------------------------------------------------------------------------- min-norm (LDP)
def _min_norm_exact(cols, fit):
    """argmin ‖α‖² over {α ≥ 0, Cα = ŷ} exactly, with its KKT certificate.

    Least-distance programming (Lawson & Hanson, *Solving Least Squares Problems*, ch. 23):
    min ‖x‖ s.t. G x ≥ h is solved by the NNLS  min_{u ≥ 0} ‖[Gᵀ; hᵀ] u − e_{k+1}‖; with
    residual ρ = e_{k+1} − [Gᵀ; hᵀ]u (ρ_{k+1} > 0 when feasible), x = −ρ_{1:k}/ρ_{k+1} and
    λ = u/ρ_{k+1} ≥ 0 are the solution and its multipliers.  Here G = [C; −C; I], h = [ŷ; −ŷ; 0];
    the NNLS is exact (:func:`exactrelu.exact.nnls.exact_nnls`).

    The result is then checked from scratch (:func:`_check_min_norm`): α ≥ 0, Cα = ŷ and
    α = Cᵀμ + ν with ν ≥ 0, ν ⊙ α = 0 — the KKT conditions of the strictly convex QP
    min ½‖α‖² s.t. Cα = ŷ, α ≥ 0, sufficient for optimality.  Returns (α, μ, ν).
    """

    k, n = len(cols), len(fit)
    if k == 0:
        if any(fit):
            raise CertificateError("empty polytope: no blocks but a non-zero fit")
        return (), tuple(Fraction(0) for _ in range(n)), ()
    G, h = [], []
    for r in range(n):
        row = tuple(c[r] for c in cols)
        G.append(row)
        h.append(fit[r])
    for r in range(n):
        G.append(tuple(-t for t in G[r]))
        h.append(-fit[r])
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
    _check_min_norm(cols, fit, alpha, mu, nu)
    return alpha, mu, nu


def _check_min_norm(cols, fit, alpha, mu, nu):
    """Exact KKT check of the min-norm point (raises CertificateError)."""
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
def _prune_exact(alpha, cols):
    """Algorithm 1 of spec C.3 in exact arithmetic on α-coordinates.

    ``alpha``: {block: α_b ≥ 0}; ``cols``: {block: c_b}.  While the fits α_b c_b of the
    active blocks have an (integer, exact) null vector β: normalise by the first entry of
    largest modulus (β_{i*} = 1, |β_b| ≤ 1) and scale α_b ← (1 − β_b) α_b ∈ [0, 2α_b].  The fit
    Σ α_b c_b is unchanged (Qβ = 0), α stays ≥ 0, and at least block i* leaves.
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


def _prune_float(alpha, cols, tol=_NULL_TOL):
    """Algorithm 1 in floats (numerical null vectors by SVD)."""
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


# =============================================================================
# the optimal set
# =============================================================================
@dataclass
class OptimalSet:
    """The optimal set W*(β) of the CGL / convex program (4) of 003, squared loss ½‖·‖².

    Attributes
    ----------
    patterns : PatternSet
    y : tuple of Fraction
    beta : Fraction
    exact : bool
        True iff the optimum is rational and everything below is exact (Fractions).
    residual, fit : tuple
        r = y − ŷ and ŷ (unique over the optimal set).  Fractions if ``exact``, else the
        float solver values (the certified dual point is ``bounds.multiplier``, within
        √(2·gap) of the true residual).
    correlations : dict
        {block: v_b} on the equicorrelation set E (‖v_b‖ = β; float: ≥ β(1 − 1e-6)).
    equicorrelation : list
        E (exact) or its float estimate among the certified candidates.
    support : list
        Exact: S_β (one exact LP per block of E).  Float: ``candidates`` when each of them is
        certified to be in every optimum (``support_certified``), else the float active set
        restricted to ``candidates``.
    support_certified : bool
    candidates : list
        A certified superset of S_β (exact: E; float: ``bounds.candidates``).
    core : list or None
        Float mode: candidate blocks certified non-zero in *every* optimum (removing the
        block certifiably raises the optimal value).  None if not computed.
    alpha_blocks : list
        Coordinates of α (exact: S_β; float: the float equicorrelation blocks).
    vertices : list of dict or None
        Exact vertices {block: α_b} of the polytope (cddlib double description); None in
        float mode (see ``vertices_float``).
    vertices_float : list of dict or None
        Float mode only: vertices of the float polytope (float labels, not certified).
    unique : bool or None
        Exact: W* is a singleton (exact rank).  Float: True if certified by the sufficient
        condition of :func:`_unique_sufficient`, None if not decided.
    m_star : int or None
        Fewest non-zero blocks of an optimum (exact: min support over vertices; float:
        certified only when unique and the support is certified).
    m_star_float : int or None
        Float estimate of m* (float mode).
    value : Fraction or ValueBounds
        P* exactly, or its certified bracket.
    bounds : ValueBounds
        Always present (lower = upper = value when exact; re-checkable with
        :func:`exactrelu.convex.bounds.verify_value_bounds`).
    solution_float : ConvexSolution
        The float solve this was built from.
    certificates : dict
        Exact mode: LP witnesses of the support, min-norm KKT multipliers.
    """

    patterns: object
    y: tuple
    beta: Fraction
    exact: bool
    residual: tuple
    fit: tuple
    correlations: dict
    equicorrelation: list
    support: list
    support_certified: bool
    candidates: list
    core: list | None
    alpha_blocks: list
    vertices: list | None
    vertices_float: list | None
    unique: bool | None
    m_star: int | None
    m_star_float: int | None
    value: object
    bounds: ValueBounds
    solution_float: object = None
    certificates: dict = field(default_factory=dict)
    _columns: dict = field(default_factory=dict, repr=False)
    _alpha0: dict = field(default_factory=dict, repr=False)
    _null: object = field(default=None, repr=False)
    _min_norm: dict | None = field(default=None, repr=False)
    _minimal: dict | None = field(default=None, repr=False)

    # ---------------------------------------------------------------- α ↔ w
    def _alpha_dict(self, alpha):
        if isinstance(alpha, dict):
            bad = [b for b in alpha if b not in self._columns]
            if bad:
                raise InvalidDataError(f"block {bad[0]} is not an equicorrelation block of this optimal set")
            out = dict(alpha)
        else:
            alpha = list(alpha)
            if len(alpha) != len(self.alpha_blocks):
                raise InvalidDataError(
                    f"alpha has {len(alpha)} entries, expected {len(self.alpha_blocks)} "
                    f"(one per block of alpha_blocks)"
                )
            out = dict(zip(self.alpha_blocks, alpha))
        if self.exact:
            return {b: to_fraction(a, where="alpha") for b, a in out.items()}
        return {b: float(a) for b, a in out.items()}

    def solution(self, alpha):
        """The weights w_b = α_b v_b of α (a dict {block: α_b} or a sequence along ``alpha_blocks``).

        Exact Fractions in exact mode, floats otherwise.  Zero blocks are omitted.  Only a
        point of the polytope (:meth:`contains`) is an optimum.
        """
        alpha = self._alpha_dict(alpha)
        out = {}
        for b, a in alpha.items():
            if a:
                v = self.correlations[b]
                out[b] = tuple(a * t for t in v) if self.exact else a * np.asarray(v, dtype=float)
        return out

    def fit_of(self, alpha):
        """Σ_b α_b c_b (exact in exact mode)."""
        alpha = self._alpha_dict(alpha)
        n = self.patterns.n
        if self.exact:
            return tuple(
                sum((a * self._columns[b][r] for b, a in alpha.items()), Fraction(0)) for r in range(n)
            )
        return sum((a * np.asarray(self._columns[b], dtype=float) for b, a in alpha.items()), np.zeros(n))

    def contains(self, alpha, tol=1e-7):
        """Is α a point of the optimal polytope?  Exact in exact mode; a float test (tolerance) otherwise."""
        alpha = self._alpha_dict(alpha)
        if any(a < 0 for a in alpha.values()):
            return False
        fit = self.fit_of(alpha)
        if self.exact:
            return tuple(fit) == tuple(self.fit)
        return bool(
            np.max(np.abs(np.asarray(fit) - np.asarray(self.fit, dtype=float)), initial=0.0)
            <= tol * max(1.0, float(np.max(np.abs(self.fit), initial=0.0)))
        )

    # ---------------------------------------------------------------- min-norm and minimal
    def min_norm_alpha(self):
        """α of the min-norm optimum argmin Σ‖w_b‖² = β² Σ α_b² over W* (spec C.4).

        Exact mode: the exact least-distance NNLS of :func:`_min_norm_exact`, certified by
        exact KKT multipliers (α = Cᵀμ + ν, ν ≥ 0, ν ⊙ α = 0, α ≥ 0, Cα = ŷ), stored in
        ``certificates["min_norm"]``.  Float mode: cvxpy on the float polytope (the float
        solution itself when ``unique``).
        """
        if self._min_norm is None:
            if self.exact:
                cols = [self._columns[b] for b in self.alpha_blocks]
                alpha, mu, nu = _min_norm_exact(cols, self.fit)
                self.certificates["min_norm"] = {"mu": mu, "nu": dict(zip(self.alpha_blocks, nu))}
                self._min_norm = dict(zip(self.alpha_blocks, alpha))
            else:
                self._min_norm = _min_norm_float(self)
        return dict(self._min_norm)

    def min_norm(self):
        """{block: w_b} of the min-norm optimum (zero blocks omitted); see :meth:`min_norm_alpha`."""
        return self.solution(self.min_norm_alpha())

    def minimal_alpha(self, start=None):
        """α after Algorithm 1 (spec C.3) from ``start`` (default: the min-norm point)."""
        if start is None and self._minimal is not None:
            return dict(self._minimal)
        alpha = self.min_norm_alpha() if start is None else self._alpha_dict(start)
        if self.exact:
            if start is not None and not self.contains(alpha):
                raise InvalidDataError("the starting α is not a point of the optimal polytope")
            out = _prune_exact(alpha, self._columns)
            if self.fit_of(out) != tuple(self.fit):  # cannot happen: Qβ = 0 exactly
                raise CertificateError("pruning changed the fit (bug)")
        else:
            out = _prune_float(alpha, self._columns)
        if start is None:
            self._minimal = dict(out)
        return dict(out)

    def minimal(self, start=None):
        """{block: w_b} of a minimal optimum: Algorithm 1 (spec C.3) from the min-norm point or ``start``.

        The fits of the remaining blocks are linearly independent, so there are at most
        rank ≤ n of them, and the fit is unchanged (exactly, in exact mode).
        """
        return self.solution(self.minimal_alpha(start))

    def network(self, which="minimal"):
        """A scaled network ψ(W) (003 Lemma 2) of an optimum: ``"minimal"``, ``"min_norm"`` or an α.

        Exact mode: the exact blocks.  Float mode: the float blocks are first moved exactly
        into their cones (:func:`exactrelu.convex.bounds.project_to_cone`), so the network is
        exactly feasible but only approximately optimal.
        """
        from exactrelu.convex.scaled_networks import psi

        if isinstance(which, str):
            if which == "minimal":
                blocks = self.minimal()
            elif which in ("min_norm", "min-norm"):
                blocks = self.min_norm()
            else:
                raise InvalidDataError(f"which must be 'minimal', 'min_norm' or an α, got {which!r}")
        else:
            blocks = self.solution(which)
        if not self.exact:
            moved = {}
            for b, w in blocks.items():
                u = project_to_cone(self.patterns, b[0], w)
                if u is not None and any(u):
                    moved[b] = u
            blocks = moved
        return psi(blocks, self.patterns)

    def penalty(self, alpha):
        """β Σ‖w_b‖ = β² Σ α_b (exact in exact mode): constant on W* (penalty identity)."""
        alpha = self._alpha_dict(alpha)
        return (
            self.beta**2 * sum(alpha.values()) if self.exact else float(self.beta) ** 2 * sum(alpha.values())
        )

    # ---------------------------------------------------------------- checks and output
    def verify(self):
        """Re-check every exact claim from scratch; returns True or raises CertificateError.

        Exact mode: the value certificate, ‖v_b‖ = β on E, the support witnesses and
        exclusion certificates, every vertex in the polytope with independent columns, the
        penalty identity on every vertex, uniqueness by rank, the min-norm KKT certificate
        and the minimal point.  Float mode: the value certificate only.
        """
        ps = self.patterns
        verify_value_bounds(ps, self.y, self.beta, self.bounds)
        if not self.exact:
            return True
        r = self.residual
        if tuple(t - a for t, a in zip(self.y, r)) != tuple(self.fit):
            raise CertificateError("fit ≠ y − r")
        for b in self.equicorrelation:
            v, _ = correlation_vector(ps, b, r)
            if tuple(v) != tuple(self.correlations[b]) or _dot(v, v) != self.beta**2:
                raise CertificateError(f"correlation vector of {_name(ps, b)} is wrong or not of norm β")
            if _fit_column(ps, b, v) != tuple(self._columns[b]):
                raise CertificateError(f"fit column of {_name(ps, b)} is wrong")
        E = self.equicorrelation
        cols = [self._columns[b] for b in E]
        for b, cert in self.certificates.get("support", {}).items():
            j = E.index(b)
            if cert[0] == "witness":
                alpha = cert[1]
                if (
                    any(a < 0 for a in alpha)
                    or alpha[j] <= 0
                    or any(sum(a * c[r] for a, c in zip(alpha, cols)) != self.fit[r] for r in range(ps.n))
                ):
                    raise CertificateError(f"support witness of {_name(ps, b)} is invalid")
                if b not in self.support:
                    raise CertificateError(f"{_name(ps, b)} has a witness but is not in the support")
            else:
                z = cert[1]
                ct = [_dot(c, z) for c in cols]
                if any(t < 0 for t in ct) or ct[j] < 1 or _dot(self.fit, z) > 0:
                    raise CertificateError(f"exclusion certificate of {_name(ps, b)} is invalid")
                if b in self.support:
                    raise CertificateError(f"{_name(ps, b)} is excluded but listed in the support")
        rhs = _dot(r, self.fit)
        for vert in self.vertices or []:
            if not self.contains(vert):
                raise CertificateError("a vertex is not in the optimal polytope")
            if self.beta**2 * sum(vert.values()) != rhs:
                raise CertificateError("penalty identity β Σ‖w_b‖ = (y − ŷ)ᵀŷ fails on a vertex")
            act = [b for b in self.alpha_blocks if vert[b]]
            if rank([self._columns[b] for b in act]) != len(act):
                raise CertificateError("a vertex has linearly dependent columns")
        if self.vertices is not None:
            if self.m_star != min((sum(1 for a in v.values() if a) for v in self.vertices), default=0):
                raise CertificateError("m* is not the smallest vertex support")
        S = [self._columns[b] for b in self.support]
        if self.unique != (rank(S) == len(S)):
            raise CertificateError("uniqueness flag disagrees with the exact rank")
        alpha = self.min_norm_alpha()
        cert = self.certificates["min_norm"]
        _check_min_norm(
            [self._columns[b] for b in self.alpha_blocks],
            self.fit,
            tuple(alpha[b] for b in self.alpha_blocks),
            cert["mu"],
            tuple(cert["nu"][b] for b in self.alpha_blocks),
        )
        mini = self.minimal_alpha()
        if not self.contains(mini) or rank([self._columns[b] for b in mini]) != len(mini):
            raise CertificateError("the minimal point is not optimal or not minimal")
        return True

    def describe(self):
        ps = self.patterns
        nm = lambda bs: ", ".join(_name(ps, b) for b in bs) or "(none)"  # noqa: E731
        head = (
            f"P* = {self.value}"
            if self.exact
            else f"P* in [{float(self.bounds.lower):.12g}, {float(self.bounds.upper):.12g}] (float optimum)"
        )
        rows = [
            f"optimal set at beta = {self.beta}: {'EXACT' if self.exact else 'certified bounds + float'}",
            head,
            f"support S: {nm(self.support)}"
            + ("" if self.exact or self.support_certified else " (float estimate)"),
            f"certified candidates (⊇ S): {nm(self.candidates)}",
            f"unique: {self.unique}   m*: {self.m_star}"
            + ("" if self.exact else f"   m* (float): {self.m_star_float}"),
        ]
        if self.vertices is not None:
            rows.append(f"vertices: {len(self.vertices)}")
        return "\n".join(rows)

    def to_dict(self):
        """JSON-able summary (Fractions as strings, floats as floats)."""
        ps = self.patterns
        nm = lambda b: _name(ps, b)  # noqa: E731
        vec = lambda v: [_fstr(t) for t in v]  # noqa: E731
        out = {
            "beta": str(self.beta),
            "y": [str(t) for t in self.y],
            "exact": self.exact,
            "value": str(self.value) if self.exact else None,
            "bounds": self.bounds.to_dict(ps),
            "residual": vec(self.residual),
            "fit": vec(self.fit),
            "correlations": {nm(b): vec(v) for b, v in sorted(self.correlations.items())},
            "equicorrelation": [nm(b) for b in self.equicorrelation],
            "support": [nm(b) for b in self.support],
            "support_certified": self.support_certified,
            "candidates": [nm(b) for b in self.candidates],
            "core": None if self.core is None else [nm(b) for b in self.core],
            "unique": self.unique,
            "m_star": self.m_star,
            "m_star_float": self.m_star_float,
            "vertices": None
            if self.vertices is None
            else [{nm(b): str(a) for b, a in v.items()} for v in self.vertices],
            "vertices_float": None
            if self.vertices_float is None
            else [{nm(b): float(a) for b, a in v.items()} for v in self.vertices_float],
        }
        try:
            out["min_norm"] = {nm(b): vec(w) for b, w in self.min_norm().items()}
            out["minimal"] = {nm(b): vec(w) for b, w in self.minimal().items()}
        except (SolverError, CertificateError) as exc:  # pragma: no cover - reported, not hidden
            out["min_norm_error"] = str(exc)
        return out


# ----------------------------------------------------------------------------- exact construction
def _exact_bounds(ps, y, beta, opt):
    """A ValueBounds with lower = upper = the exact value, re-checked by verify_value_bounds."""
    rho = {}
    for b in opt.blocks:
        _, coef = correlation_vector(ps, b, opt.residual)
        rho[b] = tuple(coef)
    vb = ValueBounds(
        opt.value,
        opt.value,
        dict(opt.primal),
        tuple(opt.residual),
        rho,
        list(opt.blocks),
        beta,
        tuple(y),
        candidates=sorted(opt.tight),
    )
    verify_value_bounds(ps, y, beta, vb)
    return vb


def _exact_support(E, cols, fit):
    """S = {b ∈ E : max α_b > 0 over the polytope}: exact LPs with certificates."""
    ineq, eq = _polytope_rows(cols, fit)
    k = len(E)
    inside, certs = set(), {}
    for j, b in enumerate(E):
        if b in inside:
            continue
        obj = tuple(int(a == j) for a in range(k))
        value, x, dual = _lp_max(obj, ineq, eq)
        if value > 0:
            alpha = tuple(x)
            for jj, bb in enumerate(E):
                if alpha[jj] > 0 and bb not in inside:
                    inside.add(bb)
                    certs[bb] = ("witness", alpha)
            continue
        certs[b] = ("excluded", _exclusion(cols, fit, j, dual, k))
    return [b for b in E if b in inside], certs


def _exclusion(cols, fit, j, dual, k):
    """z with Cᵀz ≥ e_j and ŷ·z ≤ 0 (so α_j ≤ α·Cᵀz = ŷ·z ≤ 0 on the polytope)."""
    n = len(fit)
    yeq = [Fraction(0)] * n
    for idx, val in dual:
        if k <= idx < k + n:  # cddlib's dual indices are not always row positions: verified below
            yeq[idx - k] = val
    for sign in (-1, 1):
        z = tuple(sign * t for t in yeq)
        ct = [_dot(c, z) for c in cols]
        if all(t >= 0 for t in ct) and ct[j] >= 1 and _dot(fit, z) <= 0:
            return z
    # fall back to an explicit feasibility LP in z (free variables): Cᵀz ≥ e_j, −ŷ·z ≥ 0
    ineq = [(-int(a == j), tuple(c)) for a, c in enumerate(cols)] + [(0, tuple(-t for t in fit))]
    _, z, _ = _lp_max(tuple(0 for _ in range(n)), ineq, [])
    z = tuple(z)
    ct = [_dot(c, z) for c in cols]
    if all(t >= 0 for t in ct) and ct[j] >= 1 and _dot(fit, z) <= 0:
        return z
    raise CertificateError("could not certify that a block is outside the support (bug)")


def _vertices_exact(blocks, cols, fit, limit):
    k = len(blocks)
    if k == 0:
        return [{}]
    r = rank(cols)
    guard("vertices of the optimal polytope", math.comb(k, r), limit)
    ineq, eq = _polytope_rows(cols, fit)
    verts = _cdd_vertices(ineq, eq)
    return sorted(
        ({b: a for b, a in zip(blocks, v)} for v in verts), key=lambda v: tuple(v[b] for b in blocks)
    )


def _build_exact(ps, y, beta, sol, opt, limit, vertices):
    r = tuple(opt.residual)
    fit = tuple(t - a for t, a in zip(y, r))
    E = sorted(opt.tight)
    corr = {b: tuple(opt.correlations[b]) for b in E}
    columns = {b: _fit_column(ps, b, corr[b]) for b in E}
    support, certs = _exact_support(E, [columns[b] for b in E], fit)
    S_cols = [columns[b] for b in support]
    unique = rank(S_cols) == len(support) if support else True
    verts, m_star = None, None
    if vertices:
        verts = _vertices_exact(support, S_cols, fit, limit)
        m_star = min(sum(1 for a in v.values() if a) for v in verts)
    elif unique:
        m_star = len(support)
    bounds = _exact_bounds(ps, y, beta, opt)
    return OptimalSet(
        patterns=ps,
        y=y,
        beta=beta,
        exact=True,
        residual=r,
        fit=fit,
        correlations=corr,
        equicorrelation=E,
        support=support,
        support_certified=True,
        candidates=E,
        core=None,
        alpha_blocks=list(support),
        vertices=verts,
        vertices_float=None,
        unique=unique,
        m_star=m_star,
        m_star_float=None,
        value=opt.value,
        bounds=bounds,
        solution_float=sol,
        certificates={"support": certs},
        _columns=columns,
    )


# ----------------------------------------------------------------------------- float construction
def _unique_sufficient(ps, candidates):
    """Certified sufficient condition for a unique optimum (float mode): True or None.

    If the candidate blocks (a certified superset of S) have pairwise distinct pattern
    indices and the column spaces of their F_i are independent — rank [F_{i_1} … F_{i_k}] =
    Σ rank F_i, exact — then Σ α_b s F_i v_b = 0 forces every term α_b F_i v_b to vanish, and
    F_i v_b ≠ 0 on S (since (s F_i v_b)·r = ‖v_b‖² = β² > 0), so α = 0: the fits {c_b : b ∈ S}
    are independent and W* is a singleton.  Not necessary: None means "not decided".
    """
    idx = [i for i, _ in candidates]
    if len(set(idx)) != len(idx):
        return None
    if not idx:
        return True
    total = sum(rank(ps.fit_matrix(i)) for i in idx)
    rows = [tuple(t for i in idx for t in ps.fit_matrix(i)[k]) for k in range(ps.n)]
    return True if rank(rows) == total else None


def _certify_core(ps, y, beta, bounds, solver, max_blocks=_CORE_MAX):
    """Candidate blocks non-zero in EVERY optimum: lower bound without b > upper bound with b.

    If some optimum had w_b = 0, the program without block b would have the same value P*;
    so lower(P*_{−b}) > upper(P*) proves w_b ≠ 0 in every optimum (in particular b ∈ S).
    """
    from exactrelu.convex.program import convex_program

    cand = list(bounds.candidates)
    if len(cand) > max_blocks:
        return None
    everything = all_blocks(ps)
    core = []
    for b in cand:
        rest = [c for c in everything if c != b]
        try:
            sol_b = convex_program(ps, y, beta, blocks=rest).solve(solver)
            vb = certify_value(ps, y, beta, sol_b, blocks=rest)
        except SolverError:
            continue
        if vb.lower > bounds.upper:
            core.append(b)
    return core


def _float_null(C, unique):
    """Orthonormal basis of the numerical null space of C, projected on 1^⊥ (bounded polytope)."""
    k = C.shape[1]
    if unique or k == 0:
        return np.zeros((k, 0))
    _, s, Vt = np.linalg.svd(C, full_matrices=True)
    smax = s[0] if len(s) else 0.0
    rk = int(np.sum(s > _NULL_TOL * max(smax, 1e-300)))
    N = Vt[rk:].T
    if N.shape[1] == 0:
        return N
    N = N - np.ones((k, 1)) @ (np.ones((1, k)) @ N) / k
    U, s2, _ = np.linalg.svd(N, full_matrices=False)
    return U[:, s2 > 1e-8]


def _float_vertices(blocks, alpha0, N, limit):
    """Vertices of {α0 + N t ≥ 0} (float data rounded to dyadic rationals; exact cdd)."""

    k, q = N.shape
    if q == 0:
        return [dict(zip(blocks, alpha0))]
    guard("vertices of the (float) optimal polytope", math.comb(k, q), limit)
    ineq = [(dyadic(alpha0[j]), tuple(dyadic(t) for t in N[j])) for j in range(k)]
    ts = _cdd_vertices(ineq, [])
    out = []
    top = max(float(np.max(alpha0, initial=0.0)), 1e-300)
    for t in ts:
        a = alpha0 + N @ np.array([float(x) for x in t])
        a[a < 1e-9 * top] = 0.0
        out.append(dict(zip(blocks, a)))
    return out


def _min_norm_float(S):
    blocks = S.alpha_blocks
    a0 = np.array([S._alpha0[b] for b in blocks], dtype=float)
    N = S._null
    if N is None or N.shape[1] == 0:
        return dict(zip(blocks, a0))
    import cvxpy as cp

    t = cp.Variable(N.shape[1])
    a = a0 + N @ t
    prob = cp.Problem(cp.Minimize(cp.sum_squares(a)), [a >= 0])
    prob.solve(solver="CLARABEL")
    if prob.status not in ("optimal", "optimal_inaccurate"):
        raise SolverError(f"float min-norm QP ended with status {prob.status}")
    val = np.maximum(a0 + N @ t.value, 0.0)
    return dict(zip(blocks, val))


def _build_float(ps, y, beta, sol, limit, vertices, certify_support, solver):
    bounds = certify_value(ps, y, beta, sol)
    cand = list(bounds.candidates)
    r = np.asarray(sol.residual, dtype=float)
    fit = np.asarray(sol.fit, dtype=float)
    Xf, mask = ps.float_arrays()
    mask = mask.astype(float)
    corr_all = {b: correlation_vector(ps, b, r)[0] for b in cand}
    bf = float(beta)
    active = [b for b in sol.active(_ACTIVE_TOL) if b in cand]
    E = sorted(set(active) | {b for b in cand if np.linalg.norm(corr_all[b]) >= bf * (1 - _EQUI_TOL)})
    corr = {b: corr_all[b] for b in E}
    columns = {b: _float_fit_column(Xf, mask, b, corr[b]) for b in E}
    unique = _unique_sufficient(ps, cand)
    core = _certify_core(ps, y, beta, bounds, solver) if certify_support else None
    certified = core is not None and set(core) == set(cand)
    support = list(cand) if certified else list(active)
    m_star = len(cand) if (certified and unique) else None
    norms = {b: float(np.linalg.norm(sol.blocks[b])) for b in E}
    alpha0 = {b: (norms[b] / bf if b in active else 0.0) for b in E}
    C = np.column_stack([columns[b] for b in E]) if E else np.zeros((ps.n, 0))
    N = _float_null(C, unique is True)
    verts = None
    if vertices:
        verts = _float_vertices(E, np.array([alpha0[b] for b in E]), N, limit)
    S = OptimalSet(
        patterns=ps,
        y=y,
        beta=beta,
        exact=False,
        residual=tuple(float(t) for t in r),
        fit=tuple(float(t) for t in fit),
        correlations=corr,
        equicorrelation=E,
        support=support,
        support_certified=certified,
        candidates=cand,
        core=core,
        alpha_blocks=E,
        vertices=None,
        vertices_float=verts,
        unique=unique,
        m_star=m_star,
        m_star_float=None,
        value=bounds,
        bounds=bounds,
        solution_float=sol,
        _columns=columns,
        _alpha0=alpha0,
        _null=N,
    )
    if verts is not None:
        S.m_star_float = min(sum(1 for a in v.values() if a > 0) for v in verts)
    else:
        S.m_star_float = len(S.minimal_alpha())
    return S


def optimal_set(
    patterns, y, beta, *, solution=None, solver="CLARABEL", limit=None, vertices=True, certify_support=True
):
    """The optimal set of the convex program (4)/(12) of 003 (CGL of 002), squared loss ½‖ŷ − y‖².

    Parameters
    ----------
    patterns : PatternSet
        All dichotomies (program (4)), all trichotomies ((12)) or a sample (a subsampled
        program whose optimal set is described the same way).
    y : labels (exact numbers; floats are read as their exact binary value)
    beta : positive rational (the λ of 002)
    solution : ConvexSolution, optional
        A float solve of the same program (computed with ``solver`` if omitted).
    limit : int, optional
        Guard on the predicted number of vertices (:func:`exactrelu.exact.limits.guard`).
    vertices : bool
        Enumerate the polytope's vertices (needed for m* unless the optimum is unique).
    certify_support : bool
        Float mode: certify candidate blocks to be in every optimum by re-solving the
        program without each of them (one solve per candidate, at most 16).

    Returns
    -------
    OptimalSet
        ``exact=True`` when :func:`exactrelu.convex.bounds.exact_optimum` proves a rational
        optimum; then every field is exact and :meth:`OptimalSet.verify` re-checks them.
    """
    from exactrelu.convex.program import convex_program

    ps = _pattern_set(patterns)
    y = exact_labels(y, ps.n)
    beta = exact_scalar(beta, name="beta", positive=True)
    if solution is None:
        solution = convex_program(ps, y, beta).solve(solver)
    if not hasattr(solution, "active") or not hasattr(solution, "residual"):
        raise InvalidDataError("solution must be a ConvexSolution of the same program")
    opt = exact_optimum(ps, y, beta, solution)
    if opt is not None:
        return _build_exact(ps, y, beta, solution, opt, limit, vertices)
    return _build_float(ps, y, beta, solution, limit, vertices, certify_support, solver)


# =============================================================================
# App. D of 003: per-coordinate ranges over the optimal set (float)
# =============================================================================
def uniqueness_radii(patterns, y, beta, solution=None, *, blocks="candidates", slack=1e-7, solver="CLARABEL"):
    """Range of every coordinate over {feasible w : objective ≤ f* + δ} — App. D of 003, FLOAT.

    For each coordinate x_j = (w_b)_j of the chosen blocks, solve
    min / max x_j  s.t.  w feasible,  L(w) ≤ f_cap,  with f_cap = max(f_solver, upper) + δ,
    δ = ``slack``·max(1, |f*|) and ``upper`` the certified upper bound (so the set is never
    empty in exact arithmetic).  The optimal set lies inside the box, so
    ``radius`` = max_j (hi_j − lo_j) bounds its ℓ∞ diameter *up to solver accuracy and δ*:
    a float diagnostic, not a certificate (a unique optimum gives a radius of order
    √δ, a non-unique one a radius of the size of the optimal set).

    ``blocks``: ``"candidates"`` (default; the others are certified zero in every optimum),
    ``"all"``, or a list of blocks.
    Returns a dict: ranges {(block, j): (lo, hi)}, radius, f_star, slack, slack_used (the
    largest δ actually needed: a failing solve is retried with 10δ), exact=False.
    """
    import cvxpy as cp

    from exactrelu.convex.program import convex_program

    ps = _pattern_set(patterns)
    y = exact_labels(y, ps.n)
    beta = exact_scalar(beta, name="beta", positive=True)
    prog = convex_program(ps, y, beta)
    if solution is None:
        solution = prog.solve(solver)
    bounds = certify_value(ps, y, beta, solution)
    if isinstance(blocks, str):
        if blocks == "candidates":
            chosen = list(bounds.candidates)
        elif blocks == "all":
            chosen = list(prog.blocks)
        else:
            raise InvalidDataError(f"blocks must be 'candidates', 'all' or a list, got {blocks!r}")
    else:
        chosen = [tuple(b) for b in blocks]
    fstar = max(float(solution.value), float(bounds.upper))
    W = prog.W
    d, nb = W.shape
    c = cp.Parameter(d * nb)
    cap = cp.Parameter()
    cons = list(prog.problem.constraints) + [prog.problem.objective.expr <= cap]
    problem = cp.Problem(cp.Minimize(c @ cp.vec(W, order="F")), cons)
    pos = {b: k for k, b in enumerate(prog.blocks)}
    ranges, used = {}, slack

    def extreme(e):
        # the δ-sublevel set is thin; if the solver fails, widen δ (×10, up to 4 times): the
        # box only grows, so it still contains the optimal set
        nonlocal used
        delta = slack
        for _ in range(5):
            c.value, cap.value = e, fstar + delta * max(1.0, abs(fstar))
            try:
                problem.solve(solver=solver)
                ok = problem.status in ("optimal", "optimal_inaccurate")
            except cp.error.SolverError:
                ok = False
            if ok:
                used = max(used, delta)
                return float(problem.value)
            delta *= 10
        raise SolverError(f"App. D subproblem failed with {solver} even with slack {delta / 10:g}")

    for b in chosen:
        if b not in pos:
            raise InvalidDataError(f"block {b} is not a block of the program")
        for j in range(d):
            e = np.zeros(d * nb)
            e[pos[b] * d + j] = 1.0
            lo = extreme(e)
            hi = -extreme(-e)
            ranges[(b, j)] = (lo, hi)
    radius = max((hi - lo for lo, hi in ranges.values()), default=0.0)
    return {
        "ranges": ranges,
        "radius": radius,
        "f_star": fstar,
        "slack": slack,
        "slack_used": used,
        "blocks": chosen,
        "exact": False,
        "method": "003 App. D: min/max of each coordinate over the δ-sublevel set (float)",
    }


# =============================================================================
# β_max and the regularisation path
# =============================================================================
@dataclass(frozen=True)
class BetaMax:
    """β_max = max_b ‖Π_{K_i}(s F_iᵀ y)‖: w = 0 is optimal iff β ≥ β_max (then S_β = ∅).

    ``square`` = β_max² exactly; ``lower ≤ β_max ≤ upper`` rational; ``blocks`` attain it.
    """

    square: Fraction
    lower: Fraction
    upper: Fraction
    blocks: tuple


def beta_max(patterns, y):
    """Exact β_max² (exact NNLS projections of s F_iᵀ y on every cone) and rational √ bounds.

    At w = 0 the residual is y, and the KKT conditions reduce to ‖Π_K(s F_iᵀ y)‖ ≤ β for
    every block; for β ≥ β_max no block can be non-zero in an optimum (a non-zero α with
    Σ α_b c_b = 0 would give 0 = r·Σ α_b c_b = β² Σ α_b).
    """
    ps = _pattern_set(patterns)
    y = exact_labels(y, ps.n)
    best, arg = Fraction(0), []
    for b in all_blocks(ps):
        v, _ = correlation_vector(ps, b, y)
        q = _dot(v, v)
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
    support: list
    candidates: list
    unique: bool | None
    min_norm: dict
    fit: np.ndarray
    exact: bool = False

    def to_dict(self, patterns=None):
        nm = (lambda b: _name(patterns, b)) if patterns is not None else str
        return {
            "beta": str(self.beta),
            "exact": self.exact,
            "exact_value": None if self.exact_value is None else str(self.exact_value),
            "lower": float(self.bounds.lower),
            "upper": float(self.bounds.upper),
            "support": [nm(b) for b in self.support],
            "candidates": [nm(b) for b in self.candidates],
            "unique": self.unique,
            "min_norm": {nm(b): [float(t) for t in w] for b, w in self.min_norm.items()},
            "fit": [float(t) for t in self.fit],
        }


def _flat(blocks, keys, d):
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

    patterns: object
    points: list
    jumps: list
    events: list
    jump_tol: float

    @property
    def betas(self):
        return [p.beta for p in self.points]

    def check_monotone(self):
        """P*(β) is non-decreasing; True iff no consecutive pair certifies a decrease (upper_{k+1} < lower_k).

        A violation would be a bug (the bounds are rigorous); where the intervals are
        disjoint this certifies the strict increase."""
        pts = self.points
        return all(pts[k + 1].bounds.upper >= pts[k].bounds.lower for k in range(len(pts) - 1))

    def certified_increases(self):
        """Indices k with lower(β_{k+1}) > upper(β_k): a certified strict increase."""
        pts = self.points
        return [k for k in range(len(pts) - 1) if pts[k + 1].bounds.lower > pts[k].bounds.upper]

    def plot(self, ax=None):
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
            ax.plot(xs, ys, marker="o", ms=3, label=_name(self.patterns, b))
        for k, (b0, b1, _) in enumerate(self.jumps):
            ax.axvspan(float(b0), float(b1), color="red", alpha=0.15, label="jump" if k == 0 else None)
        ax.set_xlabel("β")
        ax.set_ylabel("‖w_b‖ (min-norm optimum)")
        ax.set_title("regularisation path")
        if keys:
            ax.legend(fontsize="small")
        return ax

    def to_dict(self):
        ps = self.patterns
        return {
            "jump_tol": self.jump_tol,
            "points": [p.to_dict(ps) for p in self.points],
            "jumps": [[str(a), str(b), float(s)] for a, b, s in self.jumps],
            "events": [
                {
                    **e,
                    "beta_from": str(e["beta_from"]),
                    "beta_to": str(e["beta_to"]),
                    "support_from": [_name(ps, b) for b in e["support_from"]],
                    "support_to": [_name(ps, b) for b in e["support_to"]],
                }
                for e in self.events
            ],
            "monotone": self.check_monotone(),
        }


def regularisation_path(patterns, y, betas, *, jump_tol=0.25, solver="CLARABEL"):
    """The optimal sets along a β grid, following the min-norm optimum (spec C.4).

    Each point is an :func:`optimal_set` (exact where the optimum is rational, else
    certified bounds + float), without vertex enumeration or support certification.
    A jump (β_k, β_{k+1}, size) is reported when the min-norm solution moves by more than
    ``jump_tol`` relative to the largest solution norm on the path, or the support changes.
    """
    ps = _pattern_set(patterns)
    y = exact_labels(y, ps.n)
    grid = sorted({exact_scalar(b, name="beta", positive=True) for b in betas})
    if not grid:
        raise InvalidDataError("betas is empty")
    points = []
    for b in grid:
        S = optimal_set(ps, y, b, solver=solver, vertices=False, certify_support=False)
        mn = S.min_norm()
        points.append(
            PathPoint(
                beta=b,
                bounds=S.bounds,
                exact_value=S.value if S.exact else None,
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
    jumps, events = [], []
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


# =============================================================================
# LICQ and strict complementarity (spec C.4, reconstruction)
# =============================================================================
def _tight_rows(ps, b, v, tol, exact):
    """(A-rows tight at v, E-rows) of block b's cone, with their polar-column positions."""
    A, E = [], []
    vv = np.asarray(v, dtype=float) if not exact else None
    nv = float(np.linalg.norm(vv)) if not exact else None
    for k, (x, sg) in enumerate(zip(ps.X, ps.signs(b[0]))):
        if not any(x):
            continue
        if sg == 0:
            E.append(k)
            continue
        if exact:
            tight = _dot(x, v) == 0
        else:
            xf = np.array([float(t) for t in x])
            tight = abs(float(xf @ vv)) <= tol * float(np.linalg.norm(xf)) * max(nv, 1e-300)
        if tight:
            A.append(k)
    return A, E


def _sc_multipliers(ps, b, g, v, A, E, exact, tol):
    """Do multipliers ρ_k > 0 (k ∈ A) exist with g − v = Σ ρ_k (−σ_k x_k) + Σ μ_e x_e?

    Exact: LP max t s.t. the equation, ρ_k ≥ t, t ≤ 1 (cddlib); True iff t* > 0.
    Float: least squares on the tight columns, ρ_k > tol·scale.
    """
    sig = ps.signs(b[0])
    colsA = [tuple(-sig[k] * t for t in ps.X[k]) for k in A]
    colsE = [tuple(ps.X[k]) for k in E]
    if not A:
        return True
    d = ps.d
    rhs = [g[j] - v[j] for j in range(d)]
    if exact:
        nA, nE = len(colsA), len(colsE)
        # variables (ρ_A, μ_E, t); equations Σ ρ c + Σ μ e − rhs = 0
        eq = [(-rhs[j], tuple(c[j] for c in colsA) + tuple(e[j] for e in colsE) + (0,)) for j in range(d)]
        ineq = [(0, tuple(int(a == q) for a in range(nA)) + (0,) * nE + (-1,)) for q in range(nA)]
        ineq.append((1, (0,) * (nA + nE) + (-1,)))
        obj = (0,) * (nA + nE) + (1,)
        t, _, _ = _lp_max(obj, ineq, eq)  # always feasible (Moreau): a failure is a bug, raised
        return t > 0
    M = np.array(colsA + colsE, dtype=float).T
    coef, *_ = np.linalg.lstsq(M, np.asarray(rhs, dtype=float), rcond=None)
    scale = max(float(np.linalg.norm(rhs)), 1e-300)
    if float(np.linalg.norm(M @ coef - rhs)) > 1e-6 * max(1.0, scale):
        return None
    rank_m = np.linalg.matrix_rank(M)
    if rank_m < M.shape[1]:
        return None  # ρ not unique in floats: not decided
    return bool(np.all(coef[: len(A)] > tol * scale))


def constraint_qualifications(patterns, y, beta, solution=None, *, optimal=None, tol=1e-7):
    """LICQ, strict complementarity and uniqueness at β; differentiability of the path (spec C.4 RECON).

    Spec C.4 is a RECONSTRUCTION (the paper's theorem was not retrieved): if (i) the
    solution is unique, (ii) LICQ holds — for every b ∈ S the rows of K_b tight at w_b (and
    the equality rows) are linearly independent — and (iii) strict complementarity holds —
    the multipliers ρ of the tight rows are > 0 and ‖v_b‖ < β for b ∉ S — then S and the
    tight rows stay fixed near β and the solution solves a smooth system whose Jacobian
    [[H + βP, G], [Gᵀ, 0]] is nonsingular, so β ↦ w(β) is differentiable.  The
    nonsingularity is *implied* by (i)–(ii) (our proof, not the spec's): a null vector (dw, dρ)
    has Gᵀdw = 0 and dwᵀ(H + βP)dw = 0, so Z_S dw = 0 and P dw = 0, i.e. dw_b = t_b w_b with
    Σ t_b Z_b w_b = 0, so t = 0 by (i), and then G dρ = 0 gives dρ = 0 by (ii).

    Since w_b = α_b v_b with α_b > 0 on S, the tight rows of w_b are those of v_b and do not
    depend on the chosen optimum.

    Observation (ours): over a *complete* pattern set (all dichotomies, program (4), or all
    trichotomies, (12)) a support block with a tight row x_k·w_b = 0 (x_k ≠ 0) always has a
    twin — near w_b both sides of x_k^⊥ are chambers whose closed cones contain w_b, with the
    same fit F_i w_b — so the optimum is not unique.  Hence under (i) the support blocks have
    no tight rows there, and (ii) and the on-support part of (iii) are vacuous; the tight-row
    conditions matter for subsampled programs (13) / sampled pattern sets.

    Returns a dict: ``licq`` {block name: bool|None}, ``licq_all``, ``strict_complementarity``
    (bool|None), ``sc_on_support`` / ``sc_off_support`` with how each was decided,
    ``unique``, ``differentiable`` (True iff all three hold; None if one is undecided and none
    fails), ``exact``, ``dw_dbeta`` (float, when differentiable: the solution of the linear
    system of spec C.4) and ``note``.
    """
    ps = _pattern_set(patterns)
    S = optimal if optimal is not None else optimal_set(ps, y, beta, solution=solution)
    exact = S.exact
    beta_q = S.beta
    r = S.residual
    licq, sc_on, tight_info = {}, True, {}
    for b in S.support:
        if exact or b in S.correlations:
            v = S.correlations[b]
        else:
            v = correlation_vector(ps, b, np.asarray(r, dtype=float))[0]
        A, E = _tight_rows(ps, b, v, tol, exact)
        rows = [ps.X[k] for k in A + E]
        licq[_name(ps, b)] = rank(rows) == len(rows)
        g = block_gradient(ps, b, r) if exact else _gradient_float(ps, b, np.asarray(r, dtype=float))
        res = _sc_multipliers(ps, b, g, v, A, E, exact, tol)
        tight_info[b] = (A, E, v)
        if res is False:
            sc_on = False
        elif res is None and sc_on is True:
            sc_on = None
    vals = list(licq.values())
    licq_all = False if False in vals else (None if None in vals else True)
    # off the support
    if exact:
        off = [b for b in S.equicorrelation if b not in S.support]
        sc_off = not off  # blocks outside E are strictly inside the dual ball (exact)
        off_how = "exact: ‖v_b‖ < β off S ⇔ E = S"
    else:
        extra = [b for b in S.candidates if b not in S.support]
        sc_off = True if (not extra and S.support_certified) else None
        off_how = "certified: blocks outside bounds.candidates have ‖v_b‖ < β" + (
            "" if sc_off else "; candidates not all certified in S: undecided"
        )
    if sc_on is False or sc_off is False:
        sc = False
    elif sc_on is None or sc_off is None:
        sc = None
    else:
        sc = True
    three = [S.unique, licq_all, sc]
    diff = False if False in three else (None if None in three else True)
    out = {
        "exact": exact,
        "beta": str(beta_q),
        "licq": licq,
        "licq_all": licq_all,
        "licq_decided_by": "exact"
        if exact
        else "float tightness |a·ŵ| ≤ tol, exact rank of the rational rows",
        "strict_complementarity": sc,
        "sc_on_support": sc_on,
        "sc_on_support_decided_by": "exact LP (cddlib)" if exact else "float multipliers",
        "sc_off_support": sc_off,
        "sc_off_support_decided_by": off_how,
        "unique": S.unique,
        "differentiable": diff,
        "dw_dbeta": None,
        "note": "reconstruction of the LICQ + strict complementarity theorem (spec C.4 RECON), "
        "not the paper's statement",
    }
    if diff:
        out["dw_dbeta"] = _path_derivative(ps, S, tight_info)
    return out


def _gradient_float(ps, b, r):
    """g_b = s F_iᵀ r in floats."""
    i, s = b
    Xf, mask = ps.float_arrays()
    return s * (Xf.T @ (mask[i].astype(float) * r))


def _path_derivative(ps, S, tight_info):
    """dw/dβ from [[H + βP, G], [Gᵀ, 0]] [dw; dρ] = [−ŵ; 0] (spec C.4), float, on the unique optimum."""
    blocks = list(S.support)
    if not blocks:
        return {}
    d = ps.d
    Xf, mask = ps.float_arrays()
    mask = mask.astype(float)
    w = S.min_norm()
    bf = float(S.beta)
    Z = np.hstack([(b[1] * mask[b[0]])[:, None] * Xf for b in blocks])
    H = Z.T @ Z
    P = np.zeros_like(H)
    rhs = np.zeros(len(blocks) * d)
    Gcols = []
    for q, b in enumerate(blocks):
        wb = np.asarray(w[b], dtype=float)
        nb = float(np.linalg.norm(wb))
        u = wb / nb
        sl = slice(q * d, (q + 1) * d)
        P[sl, sl] = (np.eye(d) - np.outer(u, u)) / nb
        rhs[sl] = -u
        A, E, _ = tight_info[b]
        for k in A + E:
            col = np.zeros(len(blocks) * d)
            col[sl] = np.array([float(t) for t in ps.X[k]])
            Gcols.append(col)
    G = np.column_stack(Gcols) if Gcols else np.zeros((len(blocks) * d, 0))
    m = G.shape[1]
    K = np.block([[H + bf * P, G], [G.T, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([rhs, np.zeros(m)]))
    return {b: sol[q * d : (q + 1) * d] for q, b in enumerate(blocks)}
