"""Zero-loss global minima inside an activation region.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 5 and Appendix C.  For F(W, x) = vᵀσ(W x̄) and an
activation matrix A, the region S_A is an open polyhedral cone in parameter space and F
is linear on it, F(W, X) = J vec(W) (:mod:`exactrelu.landscape.jacobian`).  A label
vector y is fitted with zero loss inside S_A iff the linear system J vec(W) = y has a
solution in the open cone S_A.

* :func:`interpolate_in_region` decides this exactly for any data, width and
  output weights, and proves the answer: an exact W (checked by
  :func:`verify_interpolation`) or a Farkas vector for the system
  {W ∈ S_A, J vec(W) = t y, t > 0} (checked by
  :func:`exactrelu.exact.lp.verify_farkas`).  Units with the same pattern and the
  same sign of v are merged first (their positive combinations sweep the same
  open cone), so the exact LP has at most one block per distinct (row, sign).
* :func:`interpolate_complete` is the *constructive* proof of Karhadkar et al. 2023,
  Lemma 15: for distinct 1-D data and a complete (A, v)
  (:func:`exactrelu.landscape.step_vectors.is_complete`) it builds (w, b) ∈ S_A with
  F(w, b, X) = y by the paper's recursion g^(0), ..., g^(n-1), in exact arithmetic.
* :func:`global_minima_in_region` is Theorem 12's conclusion on one region:
  G_{X,y} ∩ S_A = (W_0 + ker J) ∩ S_A, a non-empty relatively open piece of an
  affine space of codimension rank J (= n when J is surjective, e.g. for
  complete A), with W_0, a kernel basis and the rank certificate.
* :func:`non_interpolable_labels` searches label vectors that cannot be fitted
  in S_A (for an incomplete A, e.g. all v_i > 0 and y < 0), each with its Farkas
  certificate.

**A gap in the proof of Lemma 15, and its repair.**  The paper's key neurons
are (w̃^(j), b̃^(j)) scaled by |z^(j+1) - g^(j-1)(x^(j+1))| (for j = 0: by
|z^(1)| in the bias).  When that number is 0 — for example y = 0 with no
slack neurons — the neuron's pre-activation vanishes on a data point (j = 0)
or everywhere (j >= 1), so the constructed parameter lies on the boundary of
S_A, not in the open region the lemma asserts, although F = y still holds.
``literal=True`` reproduces this; the default repairs it by using the same
neuron shape with amplitude 1 for *both* key neurons of that step, whose
contributions +σ and -σ cancel, leaving g^(j) = g^(j-1) as required.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot, from_flint, nullspace, rank, to_fmpq
from exactrelu.exact.lp import cone_feasibility, verify_farkas
from exactrelu.exact.parse import exact_labels, exact_matrix, exact_points, exact_points_1d
from exactrelu.exact.types import Exact, MatrixLike, Pattern, PatternLike, VectorLike
from exactrelu.landscape.jacobian import (
    JacobianRank,
    activation_rows,
    jacobian_rank,
    khatri_rao,
    modular_basis,
    output_weights,
    verify_jacobian_rank,
)
from exactrelu.landscape.step_vectors import (
    Data1D,
    completeness_gaps,
    sorted_points,
    step_vector,
    step_witness,
)
from exactrelu.network import ShallowReLU

__all__ = [
    "GlobalMinimaSet",
    "Interpolation",
    "RegionInterpolation",
    "global_minima_in_region",
    "interpolate_complete",
    "interpolate_in_region",
    "interpolation_failures",
    "network_output",
    "non_interpolable_labels",
    "region_system",
    "verify_interpolation",
]

_ZERO = Fraction(0)


# ----------------------------------------------------------------------------
# evaluation and verification
# ----------------------------------------------------------------------------


def network_output(X: MatrixLike, W: MatrixLike, v: VectorLike, *, bias: bool = True) -> tuple[Fraction, ...]:
    """F(W, X) = (Σ_i v_i σ(<w_i, x̄^(j)>))_j exactly (rows of W are (w_i, b_i), bias last).

    The output of :class:`exactrelu.network.ShallowReLU`.

    >>> network_output([[0], [2]], [[1, -1]], [3])
    (Fraction(0, 1), Fraction(3, 1))
    """
    return ShallowReLU(W, v, bias=bias).output(X)


def interpolation_failures(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike,
    y: VectorLike,
    W: MatrixLike,
    *,
    bias: bool = True,
) -> list[str]:
    """Why W does not fit y inside the open region S_A: a list of strings (empty = it does)."""
    net = ShallowReLU(W, v, bias=bias)
    pre = net.pre_activations(X)
    n = len(pre[0])
    labels = exact_labels(y, n)
    rows = activation_rows(A, n)
    if len(rows) != net.n_units:
        return [f"A has {len(rows)} rows but W has {net.n_units}"]
    out = [
        f"unit {i}, point {j}: pre-activation {z} but A = {row[j]}"
        for i, (zs, row) in enumerate(zip(pre, rows))
        for j, z in enumerate(zs)
        if z == 0 or (z > 0) != bool(row[j])
    ]
    out += [f"point {j}: F = {f}, y = {t}" for j, (f, t) in enumerate(zip(net.output(X), labels)) if f != t]
    return out


def verify_interpolation(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike,
    y: VectorLike,
    W: MatrixLike,
    *,
    bias: bool = True,
) -> bool:
    """True iff W lies in the open region S_A (strict signs) and F(W, X) = y exactly."""
    return not interpolation_failures(X, A, v, y, W, bias=bias)


# ----------------------------------------------------------------------------
# Lemma 15: the constructive interpolation
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interpolation:
    """Result of :func:`interpolate_complete`.

    Attributes
    ----------
    W : tuple of (w_i, b_i)
        Exact parameters, one row per unit (bias last).
    key : dict
        (k, β) ↦ unit index of the key neuron with row ξ^(k+1,1) and sgn v = β.
    steps : tuple of dict
        The recursion: for each k, the residual target z^(k+1), the step Δ_k =
        z^(k+1) - g^(k-1)(x^(k+1)), β^(k), the neuron (w̃^(k), b̃^(k)) and
        whether the degenerate case Δ_k = 0 was repaired.
    literal : bool
        Whether the paper's formulas were used unchanged.
    """

    W: tuple[tuple[Fraction, Fraction], ...]
    key: dict[tuple[int, int], int]
    steps: tuple[dict[str, Any], ...]
    literal: bool
    X: tuple[tuple[Fraction, ...], ...] = field(repr=False, default=())
    A: tuple[Pattern, ...] = field(repr=False, default=())
    v: tuple[Fraction, ...] = field(repr=False, default=())
    y: tuple[Fraction, ...] = field(repr=False, default=())

    def failures(self) -> list[str]:
        """Why the parameters do not fit y inside the open region (empty = they do)."""
        return interpolation_failures(self.X, self.A, self.v, self.y, self.W)

    def verify(self) -> bool:
        """Exact check: strict signs of S_A and F(W, X) = y."""
        return not self.failures()

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "W": self.W,
                "literal": self.literal,
                "key_neurons": [{"k": k, "beta": b, "unit": i} for (k, b), i in sorted(self.key.items())],
                "steps": self.steps,
                "verified": self.verify(),
            }
        )


def _key_neurons(rows_sorted: Sequence[Pattern], v: Sequence[Fraction], n: int) -> dict[tuple[int, int], int]:
    """(k, β) ↦ first unit with row ξ^(k+1,1) and sgn v = β (not already a key neuron)."""
    key: dict[tuple[int, int], int] = {}
    for k in range(n):
        target = step_vector(n, k + 1, 1)
        for beta in (1, 0):
            unit = next(
                (
                    i
                    for i, r in enumerate(rows_sorted)
                    if r == target and (v[i] > 0) == bool(beta) and i not in key.values()
                ),
                None,
            )
            if unit is not None:
                key[(k, beta)] = unit
    return key


def interpolate_complete(
    x: Data1D, A: Sequence[PatternLike], v: VectorLike, y: VectorLike, *, literal: bool = False
) -> Interpolation:
    """Karhadkar et al. 2023, Lemma 15: exact (w, b) ∈ S_A with F(w, b, X) = y for complete A.

    Parameters
    ----------
    x : 1-D data, distinct points (any order; [x1, ...] or [[x1], ...])
    A : d_1 rows in {0,1}^n, columns in the order of ``x``; every row a step vector
    v : d_1 nonzero output weights
    y : n labels
    literal : bool
        Use the paper's formulas verbatim, including the degenerate case in
        which they produce a parameter outside the open region (see the module
        docstring).  The result then may fail :meth:`Interpolation.verify`.

    Returns
    -------
    Interpolation
        Verify it with :meth:`Interpolation.verify` (strict signs and F = y).

    Raises
    ------
    DegenerateInputError
        Repeated data points (the lemma needs distinct points).
    InvalidDataError
        (A, v) is not complete (the message lists what is missing), a row is
        not a step vector, or the sizes disagree.

    Examples
    --------
    >>> A = [(1, 1, 1), (1, 1, 1), (0, 1, 1), (0, 1, 1), (0, 0, 1), (0, 0, 1)]
    >>> r = interpolate_complete([0, 1, 3], A, [1, -1] * 3, [2, -1, 5])
    >>> r.verify(), network_output([[0], [1], [3]], r.W, [1, -1] * 3)
    (True, (Fraction(2, 1), Fraction(-1, 1), Fraction(5, 1)))
    """
    order, xs = sorted_points(x)
    n = len(xs)
    if len(set(xs)) != n:
        raise DegenerateInputError(
            "Lemma 15 (Karhadkar et al. 2023) needs distinct data points; "
            f"repeated value(s) {sorted({str(a) for a in xs if xs.count(a) > 1})}"
        )
    X = tuple((a,) for a in exact_points_1d(x))
    rows = activation_rows(A, n)
    weights = output_weights(v, len(rows), nonzero=True)
    labels = exact_labels(y, n)
    gaps = completeness_gaps(rows, weights, x)
    if gaps:
        raise InvalidDataError(
            "(A, v) is not complete, Lemma 15 (Karhadkar et al. 2023) does not apply: "
            + "; ".join(gaps[:4])
            + (f" (and {len(gaps) - 4} more)" if len(gaps) > 4 else "")
        )
    rs = [tuple(r[j] for j in order) for r in rows]  # rows in sorted column order
    ys = [labels[j] for j in order]
    key = _key_neurons(rs, weights, n)
    W: list[tuple[Fraction, Fraction] | None] = [None] * len(rs)
    for i, r in enumerate(rs):  # slack neurons: any point of their region (Lemma 9's witness)
        if i not in key.values():
            w, b = step_witness(xs, r)
            W[i] = (Fraction(w), Fraction(b))
    slack = [(weights[i], wb) for i, wb in enumerate(W) if wb is not None]
    z = [ys[j] - sum((vi * max(w * xs[j] + b, _ZERO) for vi, (w, b) in slack), _ZERO) for j in range(n)]
    steps = []
    terms: list[tuple[int, Fraction, Fraction]] = []  # (sign, w̃, b̃) of g = Σ sign σ(w̃ t + b̃)

    def g(t: Fraction) -> Fraction:
        return sum((sg * max(wt * t + bt, _ZERO) for sg, wt, bt in terms), _ZERO)

    for k in range(n):
        delta = z[k] - g(xs[k])  # the step g^(k) must add at x^(k+1)
        beta = 1 if delta > 0 else 0  # sgn, with sgn 0 read as β = 0
        mag = abs(delta)
        repaired = mag == 0 and not literal
        amp = Fraction(1) if repaired else mag
        if k == 0:  # active on every point, value amp at x^(1)
            wt, bt = Fraction(1), amp - xs[0]
        else:  # zero at the midpoint of x^(k), x^(k+1), value amp at x^(k+1)
            gap = xs[k] - xs[k - 1]
            wt, bt = 2 * amp / gap, -amp * (xs[k] + xs[k - 1]) / gap
        if not repaired:
            terms.append((2 * beta - 1, wt, bt))
        for b in (0, 1):
            i = key[(k, b)]
            # paper: (3 + (2β^(k) - 1)(2β - 1)) / (2|v_i|); repaired: 1/|v_i| for both (they cancel)
            c = Fraction(1) if repaired else Fraction(3 + (2 * beta - 1) * (2 * b - 1), 2)
            W[i] = (c * wt / abs(weights[i]), c * bt / abs(weights[i]))
        steps.append(
            {
                "k": k,
                "z": z[k],
                "delta": delta,
                "beta": beta,
                "w_tilde": wt,
                "b_tilde": bt,
                "repaired": repaired,
                "degenerate": mag == 0,
            }
        )
    params = tuple(wb for wb in W if wb is not None)
    assert len(params) == len(W)  # every unit is a key neuron or a slack neuron
    return Interpolation(params, key, tuple(steps), literal, X, rows, weights, labels)


# ----------------------------------------------------------------------------
# exact interpolation inside an arbitrary region
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionInterpolation:
    """Answer of :func:`interpolate_in_region`: a zero-loss point of S_A, or a proof that none exists.

    Attributes
    ----------
    feasible : bool
    W : tuple of rows or None
        Exact parameters in S_A with F(W, X) = y (feasible case).
    farkas : tuple or None
        Farkas vector for the full system (infeasible case), indexed as in
        :meth:`system`: d_1 n strict region rows (unit-major), then the row t > 0,
        then n equality rows J vec(W) - t y = 0.
    classes : int
        Number of merged (pattern, sign of v) blocks the exact LP used.
    method : str
        ``'float+exact solve'`` (HiGHS proposal repaired exactly) or the route of
        :func:`exactrelu.exact.lp.cone_feasibility`.
    """

    feasible: bool
    W: tuple[tuple[Fraction, ...], ...] | None
    farkas: tuple[Fraction, ...] | None
    classes: int
    method: str
    X: tuple[tuple[Fraction, ...], ...] = field(repr=False, default=())
    A: tuple[Pattern, ...] = field(repr=False, default=())
    v: tuple[Fraction, ...] = field(repr=False, default=())
    y: tuple[Fraction, ...] = field(repr=False, default=())
    bias: bool = True

    def __bool__(self) -> bool:
        return self.feasible

    def system(self) -> tuple[list[tuple[Exact, ...]], list[int]]:
        """(normals, signs) of {W ∈ S_A, t > 0, J vec(W) - t y = 0} over (vec W, t)."""
        return region_system(self.X, self.A, self.v, self.y, bias=self.bias)

    def verify(self) -> bool:
        """Exact re-check: the point fits y in the open region, or the Farkas vector is valid."""
        if self.feasible:
            return self.W is not None and verify_interpolation(
                self.X, self.A, self.v, self.y, self.W, bias=self.bias
            )
        normals, signs = self.system()
        return self.farkas is not None and verify_farkas(normals, signs, self.farkas)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "feasible": self.feasible,
                "classes": self.classes,
                "method": self.method,
                "W": self.W,
                "farkas": self.farkas,
            }
        )


def region_system(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike | None,
    y: VectorLike,
    *,
    bias: bool = True,
) -> tuple[list[tuple[Exact, ...]], list[int]]:
    """Normals and signs of the cone {(vec W, t) : W ∈ S_A, t > 0, J vec(W) = t y}.

    Over the variables (vec W, t): d_1 n strict rows ±<w_i, x̄^(j)> > 0 of the region
    (unit-major), the row t > 0, then n equality rows J vec(W) - t y = 0 (sign 0), in
    the form :func:`exactrelu.exact.lp.cone_feasibility` takes.
    """
    pts = exact_points(X, bias=bias)
    n, D = len(pts), len(pts[0])
    rows = activation_rows(A, n)
    labels = exact_labels(y, n)
    d1 = len(rows)
    J = khatri_rao(pts, rows, v, bias=False)
    normals: list[tuple[Exact, ...]] = []
    signs: list[int] = []
    for i, row in enumerate(rows):
        for j, p in enumerate(pts):
            normals.append((0,) * (i * D) + p + (0,) * ((d1 - i - 1) * D + 1))
            signs.append(1 if row[j] else -1)
    normals.append((0,) * (d1 * D) + (1,))
    signs.append(1)
    for j in range(n):
        normals.append(J[j] + (-labels[j],))
        signs.append(0)
    return normals, signs


def interpolate_in_region(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike,
    y: VectorLike,
    *,
    bias: bool = True,
) -> RegionInterpolation:
    """Exactly decide whether some W in the open region S_A has F(W, X) = y, with a certificate.

    Works for any dimension and width.  Units sharing a pattern and the sign of v are
    merged: Σ_{i∈c} |v_i| σ-parts of points of the same open cone is again any point of
    that cone, so the merged problem has a solution iff the original has, and both the
    witness and the Farkas vector lift back exactly (witness: W_i = θ_c / (t m_c |v_i|);
    Farkas: multiplier of unit i = |v_i| times that of its block).  The merged system is
    solved by :func:`exactrelu.exact.lp.cone_feasibility` (float LP proposes, exact checks).

    >>> A = [(1, 1, 1), (0, 1, 1)]
    >>> interpolate_in_region([[0], [1], [2]], A, [1, 1], [1, 2, 4]).feasible
    True
    >>> r = interpolate_in_region([[0], [1], [2]], A, [1, 1], [1, 2, 2])   # would need a concave fit
    >>> r.feasible, r.verify()
    (False, True)
    """
    data = exact_matrix(X, name="data")
    n, D = len(data), len(data[0]) + (1 if bias else 0)
    rows = activation_rows(A, n)
    weights = output_weights(v, len(rows), nonzero=True)
    labels = exact_labels(y, n)
    blocks: dict[tuple[Pattern, bool], list[int]] = {}
    for i, (r, vi) in enumerate(zip(rows, weights)):
        blocks.setdefault((r, vi > 0), []).append(i)
    keys = list(blocks)
    C = len(keys)
    rA = [k[0] for k in keys]
    rv = [1 if k[1] else -1 for k in keys]
    common: dict[str, Any] = dict(X=data, A=rows, v=weights, y=labels, bias=bias)
    wit = _float_fit(data, rA, rv, labels, bias)
    res = None
    if wit is None:
        normals, signs = region_system(data, rA, rv, labels, bias=bias)
        res = cone_feasibility(normals, signs)
        wit = [Fraction(a) for a in res.witness] if res.witness is not None else None
    if wit is not None:
        t = wit[-1]
        W: list[tuple[Fraction, ...]] = [()] * len(rows)
        for c, key in enumerate(keys):
            theta = wit[c * D : (c + 1) * D]
            members = blocks[key]
            for i in members:
                W[i] = tuple(a / (t * len(members) * abs(weights[i])) for a in theta)
        method = res.method if res else "float+exact solve"
        return RegionInterpolation(True, tuple(W), None, C, method, **common)
    assert res is not None and res.certificate is not None
    cert = [Fraction(a) for a in res.certificate]
    full: list[Fraction] = []
    for r, vi in zip(rows, weights):
        c = keys.index((r, vi > 0))
        full.extend(abs(vi) * cert[c * n + j] for j in range(n))
    full.extend(cert[C * n :])  # the t row and the n equality rows are shared
    return RegionInterpolation(False, None, tuple(full), C, res.method, **common)


def _float_fit(
    data: tuple[tuple[Fraction, ...], ...],
    rA: list[Pattern],
    rv: list[int],
    y: tuple[Fraction, ...],
    bias: bool,
) -> list[Fraction] | None:
    """Float LP proposal, exact repair: (θ_1..θ_C, 1) with exact J θ = y and strict signs, or None.

    HiGHS maximises the margin s of σ_cj <θ_c, x̄_j> >= s, t >= s subject to
    J θ = t y, |θ| <= 1, t <= 1 (homogeneous, so the margin is balanced and
    the solution small).  If s > 0, t and the non-pivot coordinates of θ are
    rounded to rationals, the pivot coordinates are solved exactly from
    J θ = t y, the signs are checked exactly, and θ / t is returned.  Any
    failure returns None and the exact LP decides.
    """
    import numpy as np
    from scipy.optimize import linprog

    J = khatri_rao(data, rA, rv, bias=bias)
    pts = exact_points(data, bias=bias)
    n, D, C = len(pts), len(pts[0]), len(rA)
    p = C * D
    rows = []  # variables (θ, t, s)
    for c, row in enumerate(rA):
        for j, x in enumerate(pts):
            sg = 1 if row[j] else -1
            rows.append(
                [0.0] * (c * D) + [-sg * float(a) for a in x] + [0.0] * ((C - c - 1) * D) + [0.0, 1.0]
            )
    rows.append([0.0] * p + [-1.0, 1.0])
    Aeq = np.array([[float(a) for a in r] + [-float(yj), 0.0] for r, yj in zip(J, y)])
    cost = np.zeros(p + 2)
    cost[-1] = -1.0
    res = linprog(
        cost,
        A_ub=np.array(rows),
        b_ub=np.zeros(len(rows)),
        A_eq=Aeq,
        b_eq=np.zeros(n),
        bounds=[(-1.0, 1.0)] * p + [(0.0, 1.0), (None, 1.0)],
        method="highs",
    )
    if res.status != 0 or res.x is None or res.x[-1] <= 1e-12:
        return None
    theta = [Fraction(float(a)).limit_denominator(10**9) for a in res.x[:p]]
    t = Fraction(float(res.x[p])).limit_denominator(10**9)
    if t <= 0:
        return None
    r, prow, pcol = modular_basis(J)
    if r == 0:
        return None
    sub = flint.fmpq_mat(r, r, [to_fmpq(Fraction(J[j][c])) for j in prow for c in pcol])
    rhs = flint.fmpq_mat(
        r,
        1,
        [to_fmpq(t * y[j] - sum(J[j][c] * theta[c] for c in range(p) if c not in pcol)) for j in prow],
    )
    try:
        sol = sub.solve(rhs)
    except ZeroDivisionError:
        return None
    for q, c in enumerate(pcol):
        theta[c] = Fraction(from_flint(sol[q, 0]))
    theta = [a / t for a in theta]
    if any(dot(J[j], theta) != y[j] for j in range(n)):
        return None
    for c, row in enumerate(rA):
        for j, x in enumerate(pts):
            pre = dot(theta[c * D : (c + 1) * D], x)
            if pre == 0 or (pre > 0) != bool(row[j]):
                return None
    return theta + [Fraction(1)]


# ----------------------------------------------------------------------------
# Theorem 12 on one region
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GlobalMinimaSet:
    """G_{X,y} ∩ S_A = (W_0 + ker J) ∩ S_A for one region (Karhadkar et al. 2023, Theorem 12).

    Attributes
    ----------
    nonempty : bool
        A zero-loss point exists in S_A (then the zero-loss points are the global minima).
    point : RegionInterpolation
        W_0 or the Farkas proof that there is none.
    rank : JacobianRank
        Exact rank of J with certificate; codimension = rank, dimension = n_params - rank.
    kernel : tuple
        Integer basis of ker J (directions that keep F(W, X) fixed).
    """

    nonempty: bool
    point: RegionInterpolation
    rank: JacobianRank
    kernel: tuple[tuple[int, ...], ...]

    @property
    def codimension(self) -> int:
        """rank J: the codimension of the affine space of zero-loss points."""
        return self.rank.rank

    @property
    def dimension(self) -> int | None:
        """n_params - rank J, or None when the region holds no zero-loss point."""
        return self.rank.n_params - self.rank.rank if self.nonempty else None

    def verify(self) -> bool:
        """Exact re-check of the point/Farkas vector, the rank certificate and the kernel basis.

        Conditions: ``nonempty`` is the point's answer; the point (W_0 or the Farkas vector)
        verifies; the rank certificate verifies; there are n_params − rank kernel vectors,
        each with J k = 0, and they are independent.
        """
        p = self.point
        if self.nonempty != p.feasible:
            return False
        if not (p.verify() and verify_jacobian_rank(p.X, p.A, p.v, self.rank, bias=p.bias)):
            return False
        J = khatri_rao(p.X, p.A, p.v, bias=p.bias)
        if len(self.kernel) != self.rank.n_params - self.rank.rank:
            return False
        if any(dot(row, k) != 0 for row in J for k in self.kernel):
            return False
        return not self.kernel or rank(self.kernel) == len(self.kernel)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "nonempty": self.nonempty,
                "codimension": self.codimension,
                "dimension": self.dimension,
                "n_params": self.rank.n_params,
                "n": self.rank.n,
                "point": self.point,
                "rank": self.rank,
                "kernel_dimension": len(self.kernel),
            }
        )


def global_minima_in_region(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike,
    y: VectorLike,
    *,
    bias: bool = True,
) -> GlobalMinimaSet:
    """Karhadkar et al. 2023, Theorem 12 on one region: the zero-loss set in S_A, certified.

    Returns its dimension and codimension with their certificates.

    If a zero-loss point W_0 ∈ S_A exists, the global minimisers in S_A are exactly
    (W_0 + ker J) ∩ S_A — an open subset of an affine space of dimension n_params - rank J,
    non-empty since it contains W_0 — so its codimension is rank J (= n for a complete A,
    where J is surjective).

    >>> A = [(1, 1), (1, 1), (0, 1), (0, 1)]
    >>> G = global_minima_in_region([[0], [1]], A, [1, -1, 1, -1], [3, -2])
    >>> G.nonempty, G.codimension, G.dimension, G.verify()
    (True, 2, 6, True)
    """
    point = interpolate_in_region(X, A, v, y, bias=bias)
    rk = jacobian_rank(X, A, v, bias=bias, with_float=False)
    kernel = tuple(tuple(k) for k in nullspace(rk.matrix, ncols=rk.n_params))
    return GlobalMinimaSet(point.feasible, point, rk, kernel)


def non_interpolable_labels(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike,
    *,
    bias: bool = True,
    candidates: Sequence[VectorLike] | None = None,
    seed: int = 0,
    tries: int = 50,
) -> list[tuple[tuple[Any, ...], RegionInterpolation]]:
    """Label vectors y that no W in S_A fits, with their Farkas certificates.

    Tries ``candidates`` if given, else ±e_j, ±(1, ..., 1) and ``tries`` random integer
    vectors in [-3, 3]^n (seeded).  Returns a list of (y, :class:`RegionInterpolation`)
    with verified Farkas vectors — empty if every candidate can be fitted (e.g. for a
    complete A, by Karhadkar et al. 2023, Lemma 15).
    """
    n = len(exact_matrix(X, name="data"))
    if candidates is None:
        rng = random.Random(seed)
        unit = [tuple(int(j == k) for j in range(n)) for k in range(n)]
        candidates = (
            [tuple(-a for a in u) for u in unit]
            + unit
            + [(-1,) * n, (1,) * n]
            + [tuple(rng.randint(-3, 3) for _ in range(n)) for _ in range(tries)]
        )
    out = []
    for y in candidates:
        r = interpolate_in_region(X, A, v, y, bias=bias)
        if not r.feasible:
            out.append((tuple(y), r))
    return out
