"""The Jacobian of a shallow ReLU network on an activation region, and its exact rank.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape", section 3.  For F(W, x) = vᵀσ(W x̄) with W ∈ Q^{d_1 x D}
(D = d_0 + 1 with the bias folded in as the last column, x̄ = (x, 1); D = d_0 without
bias) and data x̄^(1..n), F is linear in W on each activation region S_A:
F(W, x^(j)) = Σ_i v_i A_ij <w_i, x̄^(j)>.  Its Jacobian is the Khatri–Rao (column-wise
Kronecker) product displayed in section 3,

    ∇_W F(W, X) = [ (v ⊙ a^(j)) ⊗ x̄^(j) ]_{j=1..n},

a (d_1 D) x n matrix.  Here it is returned transposed, as the n x (d_1 D) matrix J of
the linear map vec(W) ↦ (F(W, x^(j)))_j (row j is the gradient of the output on x^(j);
columns are ordered unit by unit, (w_i, b_i) with the bias last).  Both have the same
rank.

* :func:`jacobian_rank` computes rank J exactly over Q (python-flint) and returns a
  certificate: a nonzero r x r minor (rank >= r) and n - r independent vectors α with
  αᵀJ = 0 (rank <= r).  :func:`verify_jacobian_rank` re-checks both from scratch.  The
  float rank (``numpy.linalg.matrix_rank``, SVD with numpy's default tolerance) is
  reported beside it.
* Karhadkar et al. 2023, Lemma 4: rank J does not depend on the nonzero entries of v
  (the kernel of αᵀJ is unchanged when column block i is scaled by v_i ≠ 0).  The exact
  rank obeys this; the float rank does not when the entries of v differ in scale —
  :func:`lemma4_float_example` is such an instance.
* A point x at 1 + 10^-17 next to x = 1 is distinct in Q but equal in binary floating
  point: :func:`float_disagreement_example` gives exact rank 2, float rank 1.

:func:`activation_rows` and :func:`output_weights` read the activation matrix A and the
output weights v for every module of :mod:`exactrelu.landscape`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import nullspace, primitive_vector
from exactrelu.exact.parse import exact_points, exact_vector, pattern_rows
from exactrelu.exact.types import Exact, MatrixLike, Pattern, PatternLike, VectorLike
from exactrelu.network import ShallowReLU

__all__ = [
    "JacobianRank",
    "activation_matrix",
    "activation_rows",
    "float_disagreement_example",
    "float_rank",
    "jacobian_rank",
    "khatri_rao",
    "lemma4_float_example",
    "lemma4_ranks",
    "modular_basis",
    "output_weights",
    "verify_jacobian_rank",
]


# ----------------------------------------------------------------------------
# the inputs of every landscape function: activation matrices and output weights
# ----------------------------------------------------------------------------


def activation_rows(A: Sequence[PatternLike], n: int | None = None) -> tuple[Pattern, ...]:
    """An activation matrix A ∈ {0,1}^{d_1 x n} as a tuple of 0/1 rows (row i = unit i).

    Rows are 0/1 sequences or bit strings (see :func:`exactrelu.exact.parse.pattern_rows`);
    all rows must have the same length, ``n`` when given (one entry per data point).

    Raises
    ------
    InvalidDataError
        No rows, an entry other than 0 and 1, rows of different lengths or of the wrong length.

    >>> activation_rows([(1, 0, 1), "011"])
    ((1, 0, 1), (0, 1, 1))
    """
    rows = pattern_rows(A, n, name="activation matrix")
    if len({len(r) for r in rows}) != 1:
        raise InvalidDataError(
            f"activation matrix: rows of different lengths {sorted({len(r) for r in rows})}; "
            "every row needs one entry per data point"
        )
    return rows


def output_weights(v: VectorLike | None, units: int, *, nonzero: bool = False) -> tuple[Fraction, ...]:
    """The output weights v, one exact number per unit (all ones when ``v`` is None).

    ``nonzero=True`` refuses a zero weight (the hypothesis of Karhadkar et al. 2023,
    Lemma 4, Theorem 12 and Lemma 15).

    >>> output_weights(None, 2), output_weights(["1/2", -3], 2)
    ((Fraction(1, 1), Fraction(1, 1)), (Fraction(1, 2), Fraction(-3, 1)))
    """
    if v is None:
        return (Fraction(1),) * units
    weights = exact_vector(v, units, name="output weights v")
    zero = next((i for i, vi in enumerate(weights) if vi == 0), None)
    if nonzero and zero is not None:
        raise InvalidDataError(f"output weight v[{zero}] is 0; the statements need nonzero output weights")
    return weights


# ----------------------------------------------------------------------------
# the Jacobian on a region
# ----------------------------------------------------------------------------


def khatri_rao(
    X: MatrixLike, A: Sequence[PatternLike], v: VectorLike | None = None, *, bias: bool = True
) -> tuple[tuple[Exact, ...], ...]:
    """The n x (d_1 D) Jacobian J[j, (i, k)] = v_i A_ij x̄^(j)_k on the region S_A (transposed).

    Parameters
    ----------
    X : table, shape (n, d_0)
        Data points (rows).
    A : sequence of d_1 rows in {0,1}^n
        Activation matrix (row i = unit i, column j = data point j).
    v : sequence of d_1 numbers, optional
        Output weights (default all ones).  Zero entries are allowed here.
    bias : bool
        Fold a bias into the units (x̄ = (x, 1)).

    Returns
    -------
    tuple of rows
        Entries are ``int`` where integral, else ``Fraction``.

    >>> khatri_rao([[2], [3]], [(1, 0), (1, 1)], [1, -2])
    ((2, 1, -4, -2), (0, 0, -6, -2))
    """
    pts = exact_points(X, bias=bias)
    rows = activation_rows(A, len(pts))
    weights = output_weights(v, len(rows))
    J = []
    for j, p in enumerate(pts):
        entries = (weights[i] * rows[i][j] * c for i in range(len(rows)) for c in p)
        J.append(tuple(q.numerator if q.denominator == 1 else q for q in entries))
    return tuple(J)


def activation_matrix(X: MatrixLike, W: MatrixLike, *, bias: bool = True) -> list[Pattern]:
    """The activation matrix A_ij = [<w_i, x̄^(j)> > 0] of the weights ``W`` (rows w_i, bias last).

    Raises :class:`~exactrelu.exact.errors.InvalidDataError` when some <w_i, x̄^(j)> = 0:
    then W lies on a boundary between regions and F is not differentiable there.

    >>> activation_matrix([[0], [2]], [[1, -1], [-1, 1]])
    [(0, 1), (1, 0)]
    """
    pre = ShallowReLU(W, bias=bias).pre_activations(X)
    for i, row in enumerate(pre):
        zero = [j for j, z in enumerate(row) if z == 0]
        if zero:
            raise InvalidDataError(
                f"unit {i} has pre-activation 0 on data point(s) {zero}: W is on a region "
                "boundary, where F is not differentiable"
            )
    return [tuple(int(z > 0) for z in row) for row in pre]


# ----------------------------------------------------------------------------
# exact rank with a certificate
# ----------------------------------------------------------------------------

# a 62-bit prime: rank mod P <= rank over Q, so a minor that is nonzero mod P is nonzero over Q
_P = (1 << 62) - 57


def _integer_rows(J: Sequence[Sequence[Exact]]) -> tuple[list[list[int]], list[int]]:
    """Each row of J times a positive integer s_j (the lcm of its denominators): same rank, same kernel."""
    out, scales = [], []
    for row in J:
        den = math.lcm(*(Fraction(x).denominator for x in row))
        out.append([int(Fraction(x) * den) for x in row])
        scales.append(den)
    return out, scales


def _pivots(R: Any, rank: int) -> list[int]:
    """Pivot columns of a flint matrix in reduced row echelon form."""
    piv, c = [], 0
    for r in range(rank):
        while R[r, c] == 0:
            c += 1
        piv.append(c)
    return piv


def _mod_p_basis(Ji: list[list[int]], p: int) -> tuple[int, list[int], list[int]]:
    """(rank mod P, pivot rows, pivot columns) of the integer matrix Ji (n x p)."""
    n = len(Ji)
    R, r = flint.nmod_mat(n, p, [x % _P for row in Ji for x in row], _P).rref()
    cols = _pivots(R, r)
    if not cols:
        return 0, [], []
    Rt, _ = flint.nmod_mat(len(cols), n, [Ji[j][c] % _P for c in cols for j in range(n)], _P).rref()
    return r, _pivots(Rt, r), cols


def modular_basis(J: Sequence[Sequence[Exact]]) -> tuple[int, list[int], list[int]]:
    """``(r, rows, cols)``: the rank of J modulo a 62-bit prime and the rows/columns of a basis minor.

    Fast (flint ``nmod_mat``).  The r x r minor on ``rows`` x ``cols`` is nonzero modulo the
    prime, hence nonzero over Q, so r <= rank J; for an unlucky prime r may be smaller than
    rank J.  :func:`jacobian_rank` detects that case with the kernel; other callers must check
    what they build on the minor exactly.

    >>> modular_basis([(1, 2, 3), (2, 4, 5)])
    (2, [0, 1], [0, 2])
    """
    if not J:
        return 0, [], []
    return _mod_p_basis(_integer_rows(J)[0], len(J[0]))


def float_rank(J: Sequence[Sequence[Exact]], tol: float | None = None) -> tuple[int, float, float]:
    """numpy's SVD rank of the float version of J, and the smallest/largest singular values.

    Returns ``(rank, sigma_min, sigma_max)``; nothing exact about it.

    >>> float_rank([(1, 0), (0, 1)])
    (2, 1.0, 1.0)
    """
    import numpy as np

    M = np.array([[float(x) for x in r] for r in J], dtype=float)
    if M.size == 0:
        return 0, 0.0, 0.0
    s = np.linalg.svd(M, compute_uv=False)
    return int(np.linalg.matrix_rank(M, tol=tol)), float(s.min()), float(s.max())


@dataclass(frozen=True)
class JacobianRank:
    """Exact rank of the Jacobian on an activation region, with its certificate.

    Attributes
    ----------
    rank : int
        rank J over Q.
    n, n_params : int
        Rows (data points) and columns (d_1 D parameters) of J.
    minor_rows, minor_cols : tuple of int
        An r x r submatrix of J with nonzero determinant ``minor_det`` (rank >= r).
    left_kernel : tuple of tuples
        n - r independent integer vectors α with αᵀJ = 0 (rank <= r).
    float_rank, sigma_min, sigma_max : int, float, float
        numpy's SVD rank and extreme singular values of float(J), for comparison.
    matrix : tuple of rows
        J itself.
    """

    rank: int
    n: int
    n_params: int
    minor_rows: tuple[int, ...]
    minor_cols: tuple[int, ...]
    minor_det: Fraction
    left_kernel: tuple[tuple[int, ...], ...]
    float_rank: int | None = None
    sigma_min: float | None = None
    sigma_max: float | None = None
    matrix: tuple[tuple[Exact, ...], ...] = field(default=(), repr=False)

    @property
    def full(self) -> bool:
        """rank J = min(n, d_1 D): for d_1 D >= n the region has no bad differentiable local minima.

        (Karhadkar et al. 2023, Lemma 2: a differentiable critical point with rank n is a global minimum.)
        """
        return self.rank == min(self.n, self.n_params)

    @property
    def surjective(self) -> bool:
        """rank J = n: every label vector is a linear image (zero loss; Karhadkar et al. 2023, Lemma 2)."""
        return self.rank == self.n

    @property
    def float_agrees(self) -> bool:
        """The float SVD rank (if computed) equals the exact rank."""
        return self.float_rank is None or self.float_rank == self.rank

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "rank": self.rank,
                "n": self.n,
                "n_params": self.n_params,
                "full_rank": self.full,
                "surjective": self.surjective,
                "float_rank": self.float_rank,
                "float_agrees": self.float_agrees,
                "sigma_min": self.sigma_min,
                "sigma_max": self.sigma_max,
                "certificate": {
                    "minor_rows": self.minor_rows,
                    "minor_cols": self.minor_cols,
                    "minor_det": self.minor_det,
                    "left_kernel": self.left_kernel,
                },
            }
        )


def _rank_certificate(
    J: Sequence[Sequence[Exact]], p: int
) -> tuple[int, tuple[int, ...], tuple[int, ...], Fraction, tuple[tuple[int, ...], ...]]:
    """(rank, minor rows, minor cols, minor det, left kernel) of J (n x p), all exact.

    Fast path: rank and a basis minor modulo a 62-bit prime (flint nmod_mat); the minor's
    determinant is then computed over Z, so rank >= r is proved.  If r < n the integer left
    kernel is computed exactly; n - r independent kernel vectors prove rank <= r.  An
    unlucky prime (rank mod P < rank over Q) shows up as a kernel that is too small, and the
    rank is taken from it.
    """
    n = len(J)
    Ji, scales = _integer_rows(J)
    r, rows, cols = _mod_p_basis(Ji, p)
    kernel = nullspace([[Ji[j][c] for j in range(n)] for c in range(p)], ncols=n) if r < n else []
    # α Ji = 0 means Σ α_j s_j J_j = 0: the kernel of J is α ⊙ s
    kernel = [primitive_vector([a * s for a, s in zip(k, scales)]) for k in kernel]
    if r + len(kernel) != n:  # unlucky prime: use exact arithmetic for the basis minor
        M = flint.fmpz_mat(n, p, [x for row in Ji for x in row])
        R, r = M.rref()[0], n - len(kernel)
        cols = _pivots(R, r)
        Rt = flint.fmpz_mat(len(cols), n, [Ji[j][c] for c in cols for j in range(n)]).rref()[0]
        rows = _pivots(Rt, r)
    if cols:
        minor = flint.fmpz_mat(r, r, [Ji[j][c] for j in rows for c in cols]).det()
        d = Fraction(int(minor), math.prod(scales[j] for j in rows))
    else:
        d = Fraction(1)
    return r, tuple(rows), tuple(cols), d, tuple(tuple(k) for k in kernel)


def jacobian_rank(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike | None = None,
    *,
    bias: bool = True,
    with_float: bool = True,
) -> JacobianRank:
    """Exact rank of the Jacobian of F = vᵀσ(W x̄) on the activation region S_A, with certificate.

    See the module docstring for the matrix.  ``A`` need not be the pattern of a non-empty
    region: the rank is that of the linear map F restricted to {W : pattern A} whether or
    not the region exists (check existence with
    :func:`exactrelu.geometry.patterns.is_feasible_pattern`).

    >>> r = jacobian_rank([[0], [1], [2]], [(1, 1, 1), (0, 1, 1), (0, 0, 1)])
    >>> r.rank, r.full, r.float_rank
    (3, True, 3)
    >>> jacobian_rank([[0], [1], [2]], [(1, 1, 1), (1, 1, 1)]).rank
    2
    """
    J = khatri_rao(X, A, v, bias=bias)
    p = len(J[0])
    r, rows, cols, d, kernel = _rank_certificate(J, p)
    fr: tuple[int | None, float | None, float | None] = float_rank(J) if with_float else (None, None, None)
    return JacobianRank(r, len(J), p, rows, cols, d, kernel, fr[0], fr[1], fr[2], J)


def verify_jacobian_rank(
    X: MatrixLike,
    A: Sequence[PatternLike],
    v: VectorLike | None,
    result: JacobianRank,
    *,
    bias: bool = True,
) -> bool:
    """Independent exact check of a :class:`JacobianRank`; returns bool.

    Rebuilds J from the data and clears each row's denominators itself, then checks in
    plain Python integers (no flint): the stated minor is r x r with the stated nonzero
    determinant (Bareiss elimination), every kernel vector satisfies αᵀJ = 0, and there are
    n - r independent kernel vectors.
    """
    J = khatri_rao(X, A, v, bias=bias)
    n, r = len(J), result.rank
    if result.n != n or result.n_params != len(J[0]):
        return False
    if len(result.minor_rows) != r or len(result.minor_cols) != r or len(result.left_kernel) != n - r:
        return False
    scales = [math.lcm(*(Fraction(x).denominator for x in row)) for row in J]
    Ji = [[int(Fraction(x) * s) for x in row] for row, s in zip(J, scales)]
    d = _bareiss([[Ji[j][c] for c in result.minor_cols] for j in result.minor_rows])
    prod = math.prod(scales[j] for j in result.minor_rows)
    if d == 0 or Fraction(d, prod) != result.minor_det:
        return False
    L = math.lcm(*scales)
    for k in result.left_kernel:
        if len(k) != n:
            return False
        kk = [Fraction(a) * (L // s) for a, s in zip(k, scales)]  # Σ α_j J_j = Σ α_j (L/s_j) Ji_j / L
        if any(sum(kk[j] * Ji[j][c] for j in range(n) if kk[j]) != 0 for c in range(len(Ji[0]))):
            return False
    return _full_row_rank(result.left_kernel)


def _bareiss(M: Sequence[Sequence[int]]) -> int:
    """Determinant of an integer matrix by Bareiss' fraction-free elimination (exact, integers only)."""
    rows = [list(map(int, r)) for r in M]
    size, sign, prev = len(rows), 1, 1
    for c in range(size - 1):
        piv = next((r for r in range(c, size) if rows[r][c] != 0), None)
        if piv is None:
            return 0
        if piv != c:
            rows[c], rows[piv] = rows[piv], rows[c]
            sign = -sign
        for r in range(c + 1, size):
            for k in range(c + 1, size):
                rows[r][k] = (rows[r][k] * rows[c][c] - rows[r][c] * rows[c][k]) // prev
        prev = rows[c][c]
    return sign * rows[-1][-1] if size else 1


def _full_row_rank(K: Sequence[Sequence[Exact]]) -> bool:
    """True iff the rows of K are linearly independent (plain Gaussian elimination over Q, no flint)."""
    M = [[Fraction(a) for a in r] for r in K]
    rank, ncols = 0, len(M[0]) if M else 0
    for c in range(ncols):
        piv = next((r for r in range(rank, len(M)) if M[r][c] != 0), None)
        if piv is None:
            continue
        M[rank], M[piv] = M[piv], M[rank]
        for r in range(len(M)):
            if r != rank and M[r][c] != 0:
                f = M[r][c] / M[rank][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[rank])]
        rank += 1
    return rank == len(M)


# ----------------------------------------------------------------------------
# Lemma 4 and where floats disagree
# ----------------------------------------------------------------------------


def lemma4_ranks(
    X: MatrixLike, A: Sequence[PatternLike], v: VectorLike | None, *, bias: bool = True
) -> tuple[int, int]:
    """(rank with v, rank with v = 1): equal whenever every v_i ≠ 0 (Karhadkar et al. 2023, Lemma 4).

    >>> lemma4_ranks([[0], [1], [2]], [(1, 1, 1), (0, 0, 1)], [1, 0])
    (2, 3)
    """
    with_v = jacobian_rank(X, A, v, bias=bias, with_float=False).rank
    return with_v, jacobian_rank(X, A, None, bias=bias, with_float=False).rank


def float_disagreement_example() -> tuple[list[list[Fraction]], list[Pattern], list[int]]:
    """(X, A, v): distinct 1-D points 1 and 1 + 10^-17, one unit active on both.

    Exactly, J = [[1, 1], [1 + 10^-17, 1]] has rank 2; in binary floating point both
    points are 1.0 and numpy reports rank 1.
    """
    return [[Fraction(1)], [1 + Fraction(1, 10**17)]], [(1, 1)], [1]


def lemma4_float_example() -> tuple[list[list[int]], list[Pattern], list[Exact]]:
    """(X, A, v): a full-rank region where one output weight is 10^-20.

    Karhadkar et al. 2023, Lemma 4 says the rank does not depend on v (all v_i ≠ 0): the
    exact rank is 3 for any nonzero v.  numpy's SVD tolerance is relative to the largest
    singular value, so the columns of the unit with v = 10^-20 fall below it and the float
    rank is 2.
    """
    return [[0], [1], [2]], [(1, 1, 1), (0, 0, 1)], [1, Fraction(1, 10**20)]
