"""Helpers shared by the convex-reformulation checks (issue 7; not part of the public API).

Conventions are those of :mod:`exactrelu.convex.program`: rows of X are samples, no
bias, squared loss ½‖ŷ − y‖², non-convex penalty (β/2) Σ (‖u_j‖² + α_j²), convex
penalty β Σ_b ‖w_b‖; blocks b = (i, s) of a :class:`~exactrelu.convex.dichotomies.PatternSet`.

The *optimal polytope* (Mishkin & Pilanci 2023; our reconstruction in docs/reconstructions.md,
'Mishkin & Pilanci 2023: KKT conditions and the optimal set') is used when the optimum is
rational (:func:`exactrelu.convex.bounds.exact_optimum`): the optimal residual r* is
unique, every optimum is w_b = α_b v_b (α ≥ 0) on the blocks with ‖v_b‖ = β and zero
elsewhere, subject to Σ α_b s F_i v_b = ŷ*.  Its vertices are the non-negative
solutions with linearly independent columns (found by exhaustion over supports), so
m* = min ‖W‖₀ over the optimal set is the smallest support of a vertex.  This is kept
independent of :mod:`exactrelu.convex.optimal_polytope` (exact LPs and cddlib there,
exhaustion over supports here), so that the checks cross-check the library.
"""

import itertools
from fractions import Fraction

import numpy as np

from exactrelu.convex import bounds as cb
from exactrelu.convex.dichotomies import compare_patterns, dichotomies, sampled_dichotomies
from exactrelu.convex.optimality import is_globally_optimal, verify_optimality_verdict
from exactrelu.convex.program import convex_program, parse_blocks
from exactrelu.convex.scaled_networks import ScaledNetwork
from exactrelu.exact.certificates import check
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.intervals import sqrt_bounds, sqrt_sum_sign
from exactrelu.exact.linalg import dot, rank
from exactrelu.exact.nnls import exact_nnls
from exactrelu.exact.parse import exact_labels, exact_scalar

from ._common import exact_data, instance_dict

EXAMPLE1 = {"X": [[1, 0], [0, 1], [1, 1]], "y": [1, 0, 0], "beta": Fraction(1, 10)}
"""Example 1 of Wang, Lacotte & Pilanci 2022 (our reconstruction, docs/reconstructions.md, 'Wang, Lacotte &
Pilanci 2022: programs and Example 1'): one optimal block 101+, w* ≈ (0.859, −0.791), irrational P*."""

CEX1 = {"X": [[1, 1], [1, -1], [-1, -1], [-1, 1]], "y": [1, 1, 1, 1], "beta": Fraction(1, 5)}
"""The square (docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples'): rational optimum
P* = 19/50, optimal set a segment, m* = 2."""

SOURCE = "Wang, Lacotte & Pilanci 2022"

_POLYTOPE_LIMIT = 16  # tight blocks beyond which vertices are not enumerated


def convex_instance(rows, y, beta, **opts):
    """The instance dict of a convex check (options that are None left out)."""
    return instance_dict(rows, y=list(y), beta=beta, **{k: v for k, v in opts.items() if v is not None})


def checked_verdict(net, rows, y, beta, P):
    """is_globally_optimal, re-checked by its verifier (the zero network included)."""
    v = is_globally_optimal(net, rows, y, beta, patterns=P)
    check(verify_optimality_verdict(net, rows, y, beta, v, patterns=P), "optimality verdict re-checked")
    return v


def problem(X, y, beta):
    """(rows, y, beta) read exactly; default labels y_i = (−1)^i (i + 1)."""
    rows = exact_data(X)
    n = len(rows)
    if y is None:
        y = [(-1) ** i * (i + 1) for i in range(n)]
    return rows, exact_labels(y, n), exact_scalar(beta, name="beta", positive=True)


def sampled_setup(X, y, beta, *, limit, n_gates, sample_seed, exclude, **extra):
    """(rows, y, beta, P, S, sinfo, inst) of a check with an optional sampled or reduced program.

    The data read exactly (:func:`problem`), all dichotomies P, the sub-pattern set S and its
    description (:func:`sub_patterns`; None, None without ``n_gates``/``exclude``) and the
    instance dict (``extra`` options appended).
    """
    rows, y, beta = problem(X, y, beta)
    P = dichotomies(rows, limit=limit)
    S, sinfo = sub_patterns(P, rows, n_gates=n_gates, sample_seed=sample_seed, exclude=exclude)
    inst = convex_instance(
        rows,
        y,
        beta,
        n_gates=n_gates,
        sample_seed=sample_seed if n_gates is not None else None,
        exclude=exclude,
        **extra,
    )
    return rows, y, beta, P, S, sinfo, inst


def block_names(P, blocks):
    return [cb.block_name(P, b) for b in blocks]


class Solved:
    """A convex program (over ``blocks`` of ``P``) solved, bracketed and, if possible, solved exactly."""

    def __init__(self, P, y, beta, blocks=None):
        self.P, self.y, self.beta = P, y, beta
        self.blocks = sorted(parse_blocks(blocks, len(P), allow_empty=True))
        self.solution = convex_program(P, y, beta, blocks=self.blocks).solve()
        self.bounds = cb.certify_value(P, y, beta, self.solution, blocks=self.blocks)
        check(
            cb.verify_value_bounds(P, y, beta, self.bounds, blocks=self.blocks),
            "certified bounds on the convex optimum",
        )
        self.exact = cb.exact_optimum(P, y, beta, self.solution, blocks=self.blocks)
        if self.exact is not None:
            check(
                cb.verify_exact_optimum(P, y, beta, self.exact, blocks=self.blocks),
                "exact KKT certificate of the rational optimum",
            )

    @property
    def lower(self):
        return self.exact.value if self.exact is not None else self.bounds.lower

    @property
    def upper(self):
        return self.exact.value if self.exact is not None else self.bounds.upper

    def summary(self):
        out = {
            "n_blocks": len(self.blocks),
            "lower": self.lower,
            "upper": self.upper,
            "gap": float(self.upper - self.lower),
            "exact": self.exact is not None,
            "float_value": self.solution.value,
            "active_blocks": block_names(self.P, self.solution.active()),
        }
        if self.exact is not None:
            out["value"] = self.exact.value
            out["tight_blocks"] = block_names(self.P, self.exact.tight)
            out["optimum"] = {cb.block_name(self.P, b): list(w) for b, w in self.exact.primal.items()}
        else:
            out["support_candidates"] = block_names(self.P, self.bounds.candidates)
        return out


def sub_patterns(P, rows, *, n_gates=None, sample_seed=0, exclude=None):
    """A subset of the dichotomies: scnn-style sampled gates and/or excluded patterns.

    Returns (PatternSet, description dict) or (None, None) when neither option is given.
    """
    if n_gates is None and not exclude:
        return None, None
    if n_gates is not None:
        S = sampled_dichotomies(rows, int(n_gates), seed=int(sample_seed)).patterns
        info = {"n_gates": int(n_gates), "sample_seed": int(sample_seed), **compare_patterns(S, P)}
    else:
        S, info = P, {}
    if exclude:
        names = {str(e) for e in ([exclude] if isinstance(exclude, str) else exclude)}
        for e in names:
            P.index(e)  # validates the pattern name
        keep = [i for i in range(len(S)) if S.name(i) not in names]
        if not keep:
            raise InvalidDataError("excluding these patterns leaves none")
        S = S.subset(keep)
        info["excluded"] = sorted(names)
    info["patterns"] = [S.name(i) for i in range(len(S))]
    return S, info


# ----------------------------------------------------------------------------- exact objectives
def objective_sign(net, X, y, beta, value):
    """Exact sign of L_β(θ) − value for a ScaledNetwork (square roots decided exactly)."""
    loss = net.loss(X, y)
    return sqrt_sum_sign([(loss - value, 1)] + [(beta, q) for q in net.penalty_squared_norms() if q])


def objective_float(net, X, y, beta):
    """The upper end of L_β(θ)'s rational bracket, as a float (for reports)."""
    return float(net.objective_bounds(X, y, beta)[1])


def sqrt_up(q):
    return sqrt_bounds(q, 20)[1]


# ----------------------------------------------------------------------------- optimal polytope
class Polytope:
    """The optimal set of the convex program for a rational optimum ``opt`` (an ExactOptimum).

    Coordinates α_b ≥ 0 on the tight blocks; W(α) = {b: α_b v_b}; Σ α_b c_b = ŷ*
    with c_b = s F_i v_b.  Every optimum has this form (r* unique, Moreau).
    """

    def __init__(self, P, y, opt):
        self.P, self.opt = P, opt
        self.tight = list(opt.tight)
        self.fit = tuple(a - b for a, b in zip(y, opt.residual))
        self.columns = []
        for i, s in self.tight:
            v = opt.correlations[(i, s)]
            dg = P.diag(i)
            self.columns.append(tuple(s * dg[k] * Fraction(dot(P.X[k], v)) for k in range(P.n)))

    def blocks(self, alpha):
        return {b: tuple(a * t for t in self.opt.correlations[b]) for b, a in zip(self.tight, alpha) if a}

    def contains(self, alpha):
        """Exact membership of α in the optimal polytope."""
        if len(alpha) != len(self.tight) or any(a < 0 for a in alpha):
            return False
        fit = [sum((a * c[k] for a, c in zip(alpha, self.columns)), Fraction(0)) for k in range(self.P.n)]
        return tuple(fit) == self.fit

    def _solve_support(self, S):
        """Non-negative α supported in S solving the fit equation exactly (None if impossible)."""
        coef, res = exact_nnls([self.columns[k] for k in S], self.fit)
        if any(res):
            return None
        alpha = [Fraction(0)] * len(self.tight)
        for k, c in zip(S, coef):
            alpha[k] = c
        return tuple(alpha)

    def m_star(self):
        """(m*, an optimum with m* blocks): the smallest support of a non-negative solution."""
        if not any(self.fit):
            return 0, tuple(Fraction(0) for _ in self.tight)
        for k in range(1, len(self.tight) + 1):
            for S in itertools.combinations(range(len(self.tight)), k):
                alpha = self._solve_support(S)
                if alpha is not None and sum(1 for a in alpha if a) == k:
                    return k, alpha
        raise AssertionError("the exact optimum lies in its own polytope")  # pragma: no cover

    def vertices(self):
        """All vertices (supports with linearly independent columns and a positive solution)."""
        if len(self.tight) > _POLYTOPE_LIMIT:
            return None
        out = []
        r = rank(self.columns) if self.columns else 0
        for k in range(0 if not any(self.fit) else 1, r + 1):
            for S in itertools.combinations(range(len(self.tight)), k):
                cols = [self.columns[j] for j in S]
                if k and rank(cols) < k:
                    continue
                alpha = self._solve_support(S)
                if alpha is not None and all(alpha[j] > 0 for j in S):
                    out.append(alpha)
        return out

    def min_norm(self):
        """The minimum-norm optimum (min Σ ‖w_b‖² = β² Σ α_b²), when it is the least-norm
        solution of the fit equation (then it is non-negative); else None."""
        cols = self.columns
        rows = [tuple(c[k] for c in cols) for k in range(self.P.n)]  # C (n × |T|)
        basis = []
        for k, r in enumerate(rows):
            if rank([rows[j] for j in basis] + [r]) > len(basis):
                basis.append(k)
        if not basis:
            return None
        R = [rows[k] for k in basis]
        G = [[dot(a, b) for b in R] for a in R]
        mu = _solve(G, [self.fit[k] for k in basis])
        alpha = tuple(sum((mu[j] * R[j][t] for j in range(len(R))), Fraction(0)) for t in range(len(cols)))
        if not self.contains(alpha):
            return None
        return alpha

    def describe(self, alpha):
        return {cb.block_name(self.P, b): a for b, a in zip(self.tight, alpha) if a}


def _solve(A, b):
    """Exact solution of a non-singular square system (Gauss–Jordan on Fractions)."""
    n = len(A)
    M = [list(map(Fraction, r)) + [Fraction(v)] for r, v in zip(A, b)]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        piv = M[c][c]
        M[c] = [t / piv for t in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * bb for a, bb in zip(M[r], M[c])]
    return [M[r][n] for r in range(n)]


def psi_float_angle(products, reference):
    """Largest angle (degrees, floats) between non-zero products and a reference vector.

    Computed as 2·atan2(‖â − b̂‖, ‖â + b̂‖), accurate for tiny angles (unlike arccos).
    """
    ref = np.array([float(t) for t in reference])
    ref = ref / np.linalg.norm(ref)
    worst = 0.0
    for p in products:
        v = np.array([float(t) for t in p])
        v = v / np.linalg.norm(v)
        worst = max(
            worst, float(np.degrees(2 * np.arctan2(np.linalg.norm(v - ref), np.linalg.norm(v + ref))))
        )
    return worst


def lambda_min_lower(F):
    """A rational c > 0 with FᵀF − cI positive semi-definite (exact LDLᵀ check), or 0."""
    d = len(F[0])
    G = [[dot([r[i] for r in F], [r[j] for r in F]) for j in range(d)] for i in range(d)]
    ev = float(np.linalg.eigvalsh(np.array([[float(t) for t in row] for row in G]))[0])
    if ev <= 0:
        return Fraction(0)
    c = Fraction(ev * (1 - 1e-6)).limit_denominator(10**12)
    if c > ev:
        c = Fraction(ev / 2)
    A = [[G[i][j] - (c if i == j else 0) for j in range(d)] for i in range(d)]
    # exact LDLᵀ: all pivots positive ⇒ positive definite
    for k in range(d):
        if A[k][k] <= 0:
            return Fraction(0)
        for i in range(k + 1, d):
            f = A[i][k] / A[k][k]
            for j in range(k, d):
                A[i][j] -= f * A[k][j]
    return c


def scaled_summary(net):
    return {
        "products": [[float(t) for t in p] for p in net.products],
        "signs": list(net.signs),
        "nonzero": net.n_nonzero,
    }


def as_scaled(network):
    """A ScaledNetwork from a dict {"products", "signs"} or a ScaledNetwork."""
    if network is None or isinstance(network, ScaledNetwork):
        return network
    if isinstance(network, dict):
        return ScaledNetwork.from_dict(network)
    raise InvalidDataError(
        "network must be a dict {'products': rows, 'signs': [±1, ...]} (a scaled network "
        "in product coordinates)"
    )
