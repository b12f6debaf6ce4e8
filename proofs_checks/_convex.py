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
import math
from fractions import Fraction

import numpy as np

import exactrelu.convex.dichotomies as _dich
from exactrelu.convex import bounds as cb
from exactrelu.convex.dichotomies import certify_complete, compare_patterns, sampled_dichotomies
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


def dichotomies(X, **options):
    """All dichotomies of X, certified complete before any check uses them.

    Every convex check enumerates through here: :func:`exactrelu.convex.dichotomies.certify_complete`
    asserts that the list has as many distinct realised patterns as the arrangement has chambers,
    |χ(−1)| (Zaslavsky), so a dropped pattern raises CertificateError instead of a quiet Verified.
    """
    P = _dich.dichotomies(X, **options)
    certify_complete(P)
    return P


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


# ----------------------------------------------------------------------------- width-m lower bound
_WIDTH_SUBSETS_LIMIT = 64


def width_lower_bound(P, y, beta, m, limit=_WIDTH_SUBSETS_LIMIT):
    """A certified lower bound on P*_m, the optimum over networks of width m (None if too many subsets).

    Every network θ of width m scales (AM–GM, not increasing L_β) to products p_j in closed cones
    C_i; summing the products of each block gives a feasible W of (4) with at most m non-zero
    blocks and L^c_β(W) ≤ L_β(θ) (triangle inequality).  So P*_m ≥ min over sets B of m blocks of
    the optimum of (4) restricted to B, bracketed here from below.  Returns (lower, B, subsets).
    """
    blocks = cb.all_blocks(P)
    k = min(int(m), len(blocks))
    count = math.comb(len(blocks), k)
    if count > limit:
        return None
    best = None
    for B in itertools.combinations(blocks, k):
        lower = Solved(P, y, beta, blocks=list(B)).lower
        if best is None or lower < best[0]:
            best = (lower, B)
    return best[0], block_names(P, best[1]), count


# ----------------------------------------------------------------------------- splittings
def splitting_of_optimum(theta, P, poly):
    """Is θ a splitting of ψ(W*) for an optimum W* (a point α of the optimal polytope)?

    The non-zero neurons are grouped by (sign, ray); each group's product sum must be a positive
    multiple α_b v_b of the correlation of a tight block b of that sign whose cone contains it, and
    the α so obtained must lie in the optimal polytope (exact fit equation).  Returns (bool, reason,
    α or None); the answer is re-checked with :func:`exactrelu.convex.minimality.is_splitting`.
    """
    from exactrelu.convex.minimality import is_splitting
    from exactrelu.convex.scaled_networks import positively_colinear, psi

    groups = []
    for j in theta.nonzero():
        p, s = theta.products[j], theta.signs[j]
        for g in groups:
            if g[0] == s and positively_colinear(g[1], p):
                g[1] = tuple(a + b for a, b in zip(g[1], p))
                break
        else:
            groups.append([s, tuple(p)])
    alpha = [Fraction(0)] * len(poly.tight)
    for s, total in groups:
        for t, (i, sb) in enumerate(poly.tight):
            v = poly.opt.correlations[(i, sb)]
            if sb == s and not alpha[t] and positively_colinear(v, total) and P.contains(i, total):
                k = next(q for q, a in enumerate(v) if a)
                alpha[t] = Fraction(total[k]) / v[k]
                break
        else:
            return False, f"the neurons on ray {list(total)} (sign {s:+d}) lie on no optimal block", None
    alpha = tuple(alpha)
    if not poly.contains(alpha):
        return False, "the merged blocks are not an optimum of (4) (fit equation fails)", None
    check(bool(is_splitting(theta, psi(poly.blocks(alpha), P))), "splitting re-checked by is_splitting")
    return True, "a splitting of ψ(W*) for the optimum " + str(poly.describe(alpha)), alpha


# ----------------------------------------------------------------------------- instance families
FAMILY_BETA = Fraction(1, 10)
"""β of the families (a fixed small rational)."""

_MAX_DENOMINATOR = 1000

_PYTHAGOREAN = (
    (1, 0, 1),
    (0, 1, 1),
    (3, 4, 5),
    (4, 3, 5),
    (5, 12, 13),
    (12, 5, 13),
    (8, 15, 17),
    (15, 8, 17),
)
RATIONAL_DIRECTIONS = tuple(
    (Fraction(sa * a, c), Fraction(sb * b, c))
    for a, b, c in _PYTHAGOREAN
    for sa in (1, -1)
    for sb in (1, -1)
    if (a or sa == 1) and (b or sb == 1)
)
"""Unit vectors of R² with rational coordinates (Pythagorean triples): neurons with a rational norm."""


def single_neuron_labels(X, u, c, s, beta):
    """Labels y for which the one neuron p = c·u (output sign s) satisfies the KKT conditions of (4)
    on its own block, and the patterns on which they fail (exact), or None.

    u is a rational unit vector strictly inside a dichotomy cone (no x_i ⟂ u) whose active rows F
    have rank 2.  The residual r = s β F (FᵀF)⁻¹ u gives s Fᵀr = β u (stationarity on p's block)
    and y = s F p + r.  The KKT conditions then hold on every block b with ‖v_b‖ ≤ β (exact
    correlation vectors); p is an optimum of (4) over the patterns where they hold.  Returns
    (y, p's pattern name, sorted names of the patterns with a block ‖v_b‖ > β) or None.
    """
    rows = exact_data(X)
    act = [dot(x, u) for x in rows]
    if any(a == 0 for a in act):
        return None
    F = [tuple(t if a > 0 else 0 for t in x) for a, x in zip(act, rows)]
    G = [[sum(f[i] * f[j] for f in F) for j in range(2)] for i in range(2)]
    det = G[0][0] * G[1][1] - G[0][1] * G[1][0]
    if det == 0:
        return None
    Gi = [[G[1][1] / det, -G[0][1] / det], [-G[1][0] / det, G[0][0] / det]]
    a = [s * beta * (Gi[i][0] * u[0] + Gi[i][1] * u[1]) for i in range(2)]
    r = tuple(dot(f, a) for f in F)
    if max(t.denominator for t in r) > _MAX_DENOMINATOR:
        return None  # exact_optimum recognises the residual from a float solution: keep it simple
    y = tuple(s * c * dot(f, u) + t for f, t in zip(F, r))
    P = dichotomies(rows)
    bad = set()
    for b in cb.all_blocks(P):
        v, _, _ = cb.correlation_vector(P, b, r)
        if dot(v, v) > beta * beta:
            bad.add(P.name(b[0]))
    return y, "".join("1" if t > 0 else "0" for t in act), sorted(bad)


def _draw_data(draw, positive=False, n=(2, 4), max_value=3):
    from hypothesis import strategies as st

    from exactrelu.strategies import integer_datasets

    if positive:
        size = draw(st.integers(*n))
        coord = st.integers(1, max_value)
        return draw(st.lists(st.lists(coord, min_size=2, max_size=2), min_size=size, max_size=size))
    X = draw(integer_datasets(d=2, n=n, max_value=max_value))
    if not any(any(r) for r in X):  # all-zero data: no neuron is ever active
        X[0] = [1, 0]
    return X


def _draw_options(draw, options):
    from hypothesis import strategies as st

    return {k: draw(v) if isinstance(v, st.SearchStrategy) else v for k, v in options.items()}


def labelled_instances(*, positive=False, mixed=False, beta=FAMILY_BETA, **options):
    """Instances {"X": 2..4 integer points of Z² (|coordinates| ≤ 3), "y": integer labels in [−3, 3],
    "beta": β, **options} (option values may be strategies).  ``positive``: coordinates and labels
    in 1..3 (data in the open positive quadrant, where gradient descent converges reliably).
    ``mixed``: non-zero data points and labels ±(1..3) of alternating signs (optima that need both
    output signs, hence m* ≥ 2, are then common)."""
    from hypothesis import strategies as st

    from exactrelu.strategies import label_vectors

    @st.composite
    def draw_instance(draw):
        X = _draw_data(draw, positive)
        if mixed:
            X = [r if any(r) else [1 + k, 1] for k, r in enumerate(X)]
            y = [(-1) ** k * draw(st.integers(1, 3)) for k in range(len(X))]
        elif positive:
            y = draw(st.lists(st.integers(1, 3), min_size=len(X), max_size=len(X)))
        else:
            y = draw(label_vectors(len(X), max_value=3))
        return {"X": X, "y": y, "beta": beta, **_draw_options(draw, options)}

    return draw_instance()


def draw_single_neuron(draw, beta, wanted=lambda own, bad: True):
    """Draw data X and one neuron c·u (u a rational unit direction, sign s) whose labels y make it
    exactly optimal for its own block (:func:`single_neuron_labels`), with ``wanted(own, bad)`` true.

    Returns (X, u, c, s, y, bad); the first direction from a drawn start that works is taken.
    """
    from hypothesis import assume
    from hypothesis import strategies as st

    X = _draw_data(draw)
    start = draw(st.integers(0, len(RATIONAL_DIRECTIONS) - 1))
    c = draw(st.integers(1, 3))
    s = draw(st.sampled_from([1, -1]))
    for k in range(len(RATIONAL_DIRECTIONS)):
        u = RATIONAL_DIRECTIONS[(start + k) % len(RATIONAL_DIRECTIONS)]
        got = single_neuron_labels(X, u, c, s, beta)
        if got is not None and wanted(got[1], got[2]):
            return X, u, c, s, got[0], got[2]
    assume(False)
    raise AssertionError("unreachable: assume(False) rejects the draw")


def rational_optimum_instances(*, exclude=False, network=False, beta=FAMILY_BETA, **options):
    """Instances whose convex optimum is rational and known: y = s F p + r built so that one neuron
    p = c·u (u a rational unit vector, c ∈ 1..3) satisfies the KKT conditions of (4) exactly
    (:func:`single_neuron_labels`); draws that admit no such neuron are rejected.

    ``exclude``: instead, the KKT conditions fail on exactly one other pattern e, and the instance
    carries ``"exclude": [e]`` (p is the rational optimum of the program over the remaining
    patterns, not of the full program).  ``network``: the instance carries a network that is a
    random splitting of ψ(p) (1–3 parts, 0–1 zero neurons, shuffled), perturbed off the ray when
    a drawn flag says so.
    """
    from hypothesis import strategies as st

    def wanted(own, bad):
        return (len(bad) == 1 and bad[0] != own) if exclude else not bad

    @st.composite
    def draw_instance(draw):
        X, u, c, s, y, bad = draw_single_neuron(draw, beta, wanted)
        inst = {"X": X, "y": list(y), "beta": beta}
        if exclude:
            inst["exclude"] = bad
        if network:
            weights = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
            total = sum(weights)
            products = [tuple(Fraction(w * c, total) * t for t in u) for w in weights]
            if draw(st.booleans()):
                delta = (Fraction(draw(st.integers(-2, 2)), 4), Fraction(draw(st.integers(-2, 2)), 4))
                if len(products) > 1:
                    products[1] = tuple(a - b for a, b in zip(products[1], delta))
                products[0] = tuple(a + b for a, b in zip(products[0], delta))
            products += [(0, 0)] * draw(st.integers(0, 1))
            order = draw(st.permutations(range(len(products))))
            inst["network"] = {
                "products": [list(products[j]) for j in order],
                "signs": [s if any(products[j]) else 1 for j in order],
            }
        return {**inst, **_draw_options(draw, options)}

    return draw_instance()


def random_networks(*, width=(1, 4), max_value=2):
    """Scaled networks {"products": rows of small integers / 2, "signs": ±1} of the given width."""
    from hypothesis import strategies as st

    entry = st.builds(Fraction, st.integers(-max_value, max_value), st.just(2))
    lo, hi = width
    return st.integers(lo, hi).flatmap(
        lambda m: st.fixed_dictionaries(
            {
                "products": st.lists(st.lists(entry, min_size=2, max_size=2), min_size=m, max_size=m),
                "signs": st.lists(st.sampled_from([1, -1]), min_size=m, max_size=m),
            }
        )
    )


def nearly_minimal_instances(**options):
    """Labelled instances with a nearly minimal network: random neurons (one kept per cone B(u, α)),
    each split into 1–3 positively colinear parts with integer weights, plus 0–1 zero neurons."""
    from hypothesis import strategies as st

    from exactrelu.convex.scaled_networks import ScaledNetwork

    @st.composite
    def draw_instance(draw):
        inst = draw(labelled_instances(**options))
        base = draw(random_networks(width=(1, 3)))
        cones = ScaledNetwork(base["products"], base["signs"]).cones(exact_data(inst["X"]))
        seen, products, signs = set(), [], []
        for p, s, c in zip(base["products"], base["signs"], cones):
            if c is None or c in seen:
                continue
            seen.add(c)
            weights = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
            products += [[Fraction(w, sum(weights)) * t for t in p] for w in weights]
            signs += [s] * len(weights)
        for _ in range(draw(st.integers(0, 1))):
            products.append([0, 0])
            signs.append(1)
        return {**inst, "network": {"products": products, "signs": signs}}

    return draw_instance()


def twin_networks():
    """Networks with a neuron p and a perturbed copy p + δ of the same sign (|δ_k| ≤ 1/4: often the
    same cone, not colinear), plus 0–2 random neurons: near minimality usually fails."""
    from hypothesis import assume
    from hypothesis import strategies as st

    @st.composite
    def draw_network(draw):
        net = draw(random_networks(width=(1, 3)))
        p = net["products"][0]
        assume(any(p))
        delta = [Fraction(draw(st.integers(-1, 1)), 4) for _ in range(2)]
        return {
            "products": [p, [a + b for a, b in zip(p, delta)]] + net["products"][1:],
            "signs": [net["signs"][0]] + net["signs"],
        }

    return draw_network()
