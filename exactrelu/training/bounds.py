"""Certified lower bounds on the region problems of exact ERM, by weak duality.

The region problem of a pattern tuple A with output weights v (Matena & Raffel 2022,
eq. (3)) is min ‖y − M u‖² subject to G u ≥ 0, with fitted values
(M u)_i = Σ_j v_j A_ji (w_j · x̄_i) and constraints s_ji (w_j · x̄_i) ≥ 0, s_ji = 2 A_ji − 1.
For every z ∈ Q^N and μ ≥ 0 with, for every unit j,

    Σ_i (v_j A_ji z_i + μ_ji s_ji) x̄_i = 0,                                   (D)

every feasible u satisfies ‖y − M u‖² ≥ 2 z·(y − M u) − ‖z‖² (expand ‖y − M u − z‖² ≥ 0) and
z·M u = −Σ_j Σ_i μ_ji s_ji (w_j · x̄_i) ≤ 0, so the region optimum is at least

    2 z·y − z·z.                                                             (B)

A :class:`RegionBound` records (A, v, z, μ, bound); :func:`verify_region_bound` re-checks
(D), μ ≥ 0 and bound ≤ (B) in exact arithmetic.  Four constructions, from cheap to tight:

* ``"cells"`` (μ = 0): the points fall into cells by their column of A; on a cell the fit
  is one linear function of x̄ in the relaxation that decouples the cells, so z is the exact
  least-squares residual of y on each cell (z = y on the cell where no unit is active).
  It depends only on the cell partition, and is cached by cell.
* ``"signed-cells"``: on a cell where all active units have output weights of one sign σ
  the fit is σ times a nonnegative linear function (a sum of relus), so the cell's part of z
  may clip the labels of the wrong sign (z_i = y_i where σ y_i < 0, else 0, with
  μ = −σ z on the cell, scaled by abs(v_j) for each active unit j).
* ``"least-squares"`` (μ = 0): z is the exact residual of the least-squares relaxation that
  drops every sign constraint (projection of y onto Σ_j range(diag(A_j) X̄)); it depends only
  on the set of patterns, not on v.
* ``"dual"``: z is the exact residual of the least-squares problem on the columns (ray
  images) that a float NNLS of the region problem selects, and μ_j ≥ 0 comes from an exact
  solve on the generators a float NNLS selects.  When the float support is right, the bound is
  the region optimum itself.

Floats only choose supports; a bound is used only after its exact (D) and (B) hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import numpy as np

from exactrelu.exact.certificates import exact_entries
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import from_flint, to_fmpq
from exactrelu.exact.nnls import float_nnls, lawson_hanson
from exactrelu.exact.parse import exact_points, exact_vector
from exactrelu.exact.types import MatrixLike, Pattern, VectorLike
from exactrelu.training.region import RegionSolver

__all__ = ["BoundChecker", "RegionBound", "RegionBounder", "verify_region_bound"]

KINDS = ("cells", "signed-cells", "least-squares", "dual")


@dataclass(frozen=True)
class RegionBound:
    """A lower bound on a region optimum with its weak-duality certificate (z, μ).

    Attributes
    ----------
    patterns : tuple of m patterns
        The region's activation pattern of each unit.
    v : tuple of Fraction
        Output weights.
    bound : Fraction
        A number ≤ 2 z·y − z·z, hence ≤ the region optimum (sum of squares).
    dual : tuple of Fraction
        The vector z ∈ Q^N.
    multipliers : tuple of m tuples of Fraction
        μ_j ≥ 0, one per unit; the empty tuple stands for μ = 0.
    kind : str
        The construction: ``"cells"``, ``"least-squares"`` or ``"dual"`` (informative only).

    Examples
    --------
    One unit active on both points x̄ = (0, 1), (1, 1) fits y exactly, but with the unit
    off everywhere the fit is 0, so the region optimum is y·y: z = y certifies it.

    >>> from exactrelu.exact.parse import exact_labels, exact_points
    >>> b = RegionBounder(exact_points([[0], [1]]), exact_labels((1, 2), 2))
    >>> cert = b.cells(((0, 0),), (Fraction(1),))
    >>> cert.bound, cert.dual, verify_region_bound([[0], [1]], (1, 2), cert)
    (Fraction(5, 1), (Fraction(1, 1), Fraction(2, 1)), True)
    """

    patterns: tuple[Pattern, ...]
    v: tuple[Fraction, ...]
    bound: Fraction
    dual: tuple[Fraction, ...]
    multipliers: tuple[tuple[Fraction, ...], ...]
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions become ``"p/q"`` strings."""
        return to_jsonable(
            {
                "patterns": self.patterns,
                "v": self.v,
                "bound": self.bound,
                "dual": self.dual,
                "multipliers": self.multipliers,
                "kind": self.kind,
            }
        )


def _q(x: Any) -> Any:
    return to_fmpq(x)


_ZERO = Fraction(0)


def _fraction(q: Any) -> Fraction:
    """fmpq → Fraction, sharing one object for 0 (most multipliers are 0)."""
    return _ZERO if q == 0 else Fraction(int(q.p), int(q.q))


def _nnls(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scipy's float NNLS, unchecked (a guide: a wrong support only makes an exact check fail)."""
    from scipy.optimize import nnls as scipy_nnls

    try:
        return scipy_nnls(A, b)[0]
    except (ArithmeticError, ValueError, RuntimeError):
        return float_nnls(A, b)


def _col(values: Sequence[Any]) -> Any:
    return flint.fmpq_mat(len(values), 1, list(values))


def _least_squares(C: Any, b: Any) -> tuple[list[int], Any, Any]:
    """Exact least squares on the columns of fmpq_mat C: (pivot columns, coefficients, residual).

    The pivot columns of the Gram matrix CᵀC are independent columns of C spanning its
    column space, so the residual b − C_P u is the exact projection residual.
    """
    k = C.ncols()
    if k == 0:
        return [], flint.fmpq_mat(0, 1), b
    Ct = C.transpose()
    G, g = Ct * C, Ct * b
    try:  # independent columns (the usual case): one solve
        u = G.solve(g)
        return list(range(k)), u, b - C * u
    except ZeroDivisionError:
        pass
    R, rank = G.rref()
    pivots: list[int] = []
    c = 0
    for r in range(rank):
        while R[r, c] == 0:
            c += 1
        pivots.append(c)
    if not pivots:
        return [], flint.fmpq_mat(0, 1), b
    sub = flint.fmpq_mat(len(pivots), len(pivots), [G[i, j] for i in pivots for j in pivots])
    u = sub.solve(flint.fmpq_mat(len(pivots), 1, [g[i, 0] for i in pivots]))
    CP = flint.fmpq_mat(C.nrows(), len(pivots), [C[i, j] for i in range(C.nrows()) for j in pivots])
    return pivots, u, b - CP * u


class RegionBounder:
    """Certified lower bounds on the region problems of one dataset (cached by cell and pattern set).

    ``refine_signed`` (class attribute, default False: it rarely pays): on signed cells of more than dim(x̄)
    points, also try the dual bound of the cell's own region problem (one cddlib call per cell).

    Parameters
    ----------
    xbar : N rows of Fractions
        Homogenised data (as :func:`exactrelu.exact.parse.exact_points` returns them).
    y : N Fractions
        Labels.
    cones : callable, optional
        ``pattern -> UnitCone`` (:meth:`exactrelu.training.region.RegionSolver.cone`), needed
        only by :meth:`dual`.

    Examples
    --------
    >>> from exactrelu.exact.parse import exact_labels, exact_points
    >>> xbar, y = exact_points([[0], [1], [2]]), exact_labels((0, 1, 0), 3)
    >>> b = RegionBounder(xbar, y)
    >>> b.least_squares(((1, 1, 1),), (Fraction(1),)).bound    # best affine fit of (0, 1, 0)
    Fraction(2, 3)
    """

    refine_signed = False

    def __init__(self, xbar: Sequence[Sequence[Fraction]], y: Sequence[Fraction], cones: Any = None) -> None:
        self.xbar = tuple(tuple(x) for x in xbar)
        self.n, self.dim = len(self.xbar), len(self.xbar[0])
        self.yq = [_q(t) for t in y]
        self.y = _col(self.yq)
        self.yf = np.array([float(t) for t in y], dtype=float)
        self.Xq = [[_q(c) for c in x] for x in self.xbar]
        self.Xf = np.array([[float(c) for c in x] for x in self.xbar], dtype=float)
        self.cones = cones
        self._cells: dict[int, tuple[Any, dict[int, Any]]] = {}
        self._cellbound: dict[frozenset[Pattern], tuple[Any, list[int]]] = {}
        self._cellz: dict[int, dict[int, Fraction]] = {}
        self._cellcert: dict[frozenset[Pattern], tuple[Fraction, tuple[Fraction, ...]]] = {}
        self._zeros: dict[int, Any] = {}
        self._signed: dict[tuple[int, int], tuple[Any, dict[int, Fraction], dict[int, Fraction]]] = {}
        self._signedbound: dict[Any, Any] = {}
        self.yf_exact = tuple(y)
        self._masks: dict[Pattern, int] = {}
        self._ls: dict[Any, tuple[Any, tuple[Fraction, ...]]] = {}
        self._gens: dict[Pattern, tuple[Any, np.ndarray]] = {}
        self._img: dict[Pattern, Any] = {}
        self.Xt = flint.fmpq_mat(
            self.dim, self.n, [self.Xq[i][k] for k in range(self.dim) for i in range(self.n)]
        )
        self._yy = sum((t * t for t in self.yq), flint.fmpq(0))

    # -- μ = 0 bounds -------------------------------------------------------

    def _cell(self, mask: int) -> tuple[Any, dict[int, Any]]:
        """(value, residual on the cell) of the exact linear least-squares fit of y on a cell."""
        hit = self._cells.get(mask)
        if hit is None:
            idx = [i for i in range(self.n) if mask >> i & 1]
            C = flint.fmpq_mat(len(idx), self.dim, [c for i in idx for c in self.Xq[i]])
            _, _, r = _least_squares(C, _col([self.yq[i] for i in idx]))
            res = {i: r[k, 0] for k, i in enumerate(idx)}
            hit = (sum((t * t for t in res.values()), flint.fmpq(0)), res)
            self._cells[mask] = hit
        return hit

    def _mask(self, a: Pattern) -> int:
        hit = self._masks.get(a)
        if hit is None:
            hit = self._masks[a] = sum(1 << i for i, t in enumerate(a) if t)
        return hit

    def _cells_of(self, key: frozenset[Pattern]) -> tuple[Any, list[int]]:
        """(value, cells) of the cell bound of a pattern set (cached): cells are bit masks of points."""
        hit = self._cellbound.get(key)
        if hit is None:
            cells = [(1 << self.n) - 1]
            for a in key:
                b = self._mask(a)
                cells = [c for part in cells for c in (part & b, part & ~b) if c]
            union = 0
            for a in key:
                union |= self._mask(a)
            total = flint.fmpq(0)
            for cell in cells:
                total += self._cell(cell)[0] if cell & union else self._zero_cell(cell)
            hit = self._cellbound[key] = (total, cells)
        return hit

    def _zero_cell(self, mask: int) -> Any:
        hit = self._zeros.get(mask)
        if hit is None:
            hit = self._zeros[mask] = sum(
                (self.yq[i] * self.yq[i] for i in range(self.n) if mask >> i & 1), flint.fmpq(0)
            )
        return hit

    def _cell_fractions(self, mask: int) -> dict[int, Fraction]:
        hit = self._cellz.get(mask)
        if hit is None:
            hit = self._cellz[mask] = {i: _fraction(t) for i, t in self._cell(mask)[1].items()}
        return hit

    def _signed_cell(self, mask: int, sign: int) -> tuple[Any, dict[int, Fraction], dict[int, Fraction]]:
        """(value, z, μ) on a cell where every active unit has output sign ``sign`` (cached).

        There the fit is sign · f with f = X̄_T w ≥ 0 (a sum of relus), so the single-unit
        region problem of the cell data, all points active with v = sign, is a relaxation.  Its
        part of the certificate is the best of: the plain least-squares cell (μ = 0); the clipped
        labels z_i = y_i where sign · y_i < 0, else 0, with μ_i = −sign · z_i (then sign · z + μ = 0);
        and, on cells of more than dim(x̄) points, the float-guided dual bound of the cell problem.
        """
        hit = self._signed.get((mask, sign))
        if hit is None:
            value, res = self._cell(mask)
            best: tuple[Any, dict[int, Fraction], dict[int, Fraction]] = (
                value,
                self._cell_fractions(mask),
                {},
            )
            idx = [i for i in range(self.n) if mask >> i & 1]
            # the unconstrained fit y − z already has the sign: then it is the signed optimum too
            if any(sign * (self.yq[i] - res[i]) < 0 for i in idx):
                clip = [i for i in idx if sign * self.yq[i] < 0]
                clip_value = sum((self.yq[i] * self.yq[i] for i in clip), flint.fmpq(0))
                if clip_value > value:
                    z = {i: (self.yf_exact[i] if i in clip else _ZERO) for i in idx}
                    best = (clip_value, z, {i: -sign * self.yf_exact[i] for i in clip})
                if self.refine_signed and len(idx) > self.dim:
                    xs, ys = [self.xbar[i] for i in idx], [self.yf_exact[i] for i in idx]
                    sub = RegionBounder(xs, ys, RegionSolver(xs, ys).cone)
                    cert, _ = sub.dual(((1,) * len(idx),), (Fraction(sign),), at_least=best[0])
                    if cert is not None and _q(cert.bound) > best[0]:
                        best = (
                            _q(cert.bound),
                            dict(zip(idx, cert.dual)),
                            {i: t for i, t in zip(idx, cert.multipliers[0]) if t},
                        )
            hit = self._signed[(mask, sign)] = best
        return hit

    def _signed_parts(
        self, key: frozenset[Pattern], skey: frozenset[tuple[Pattern, int]]
    ) -> list[tuple[int, int | None]]:
        """The cells with the common output sign of their active units (0: mixed, None: no unit)."""
        live = [(self._mask(a), sg) for a, sg in skey]
        parts: list[tuple[int, int | None]] = []
        for cell in self._cells_of(key)[1]:
            signs = {sg for b, sg in live if cell & b}
            if not signs:
                parts.append((cell, None))
            elif len(signs) == 1:
                parts.append((cell, signs.pop()))
            else:
                parts.append((cell, 0))
        return parts

    @staticmethod
    def signed_key(patterns: Sequence[Pattern], v: Sequence[Fraction]) -> frozenset[tuple[Pattern, int]]:
        """The (pattern, sign of v_j) pairs of the units with v_j ≠ 0: the signed cell bound's key."""
        return frozenset((a, 1 if vj > 0 else -1) for a, vj in zip(patterns, v) if vj != 0)

    def signed_cells_value(self, key: frozenset[Pattern], skey: frozenset[tuple[Pattern, int]]) -> Any:
        """The signed cell bound (fmpq) of :meth:`key` and :meth:`signed_key` (cached)."""
        hit = self._signedbound.get(skey)
        if hit is None:
            total = flint.fmpq(0)
            for cell, sg in self._signed_parts(key, skey):
                if sg is None:
                    total += self._zero_cell(cell)
                elif sg == 0:
                    total += self._cell(cell)[0]
                else:
                    total += self._signed_cell(cell, sg)[0]
            hit = self._signedbound[skey] = total
        return hit

    def signed_cells(
        self,
        patterns: tuple[Pattern, ...],
        v: tuple[Fraction, ...],
        key: frozenset[Pattern] | None = None,
        skey: frozenset[tuple[Pattern, int]] | None = None,
    ) -> RegionBound:
        """The signed cell bound with its certificate: μ_j = abs(v_j) μ_T on a signed cell T of unit j.

        A cell is signed when all units active on it have output weights of one sign; there the
        cell part of (z, μ) is that of :meth:`_signed_cell`, elsewhere that of :meth:`cells`.
        """
        key = self.key(patterns, v) if key is None else key
        skey = self.signed_key(patterns, v) if skey is None else skey
        z = list(self.yf_exact)
        mus = [[_ZERO] * self.n for _ in patterns]
        masks = [self._mask(a) for a in patterns]
        total = flint.fmpq(0)
        for cell, sg in self._signed_parts(key, skey):
            if sg is None:
                total += self._zero_cell(cell)
                continue
            if sg == 0:
                total += self._cell(cell)[0]
                for i, t in self._cell_fractions(cell).items():
                    z[i] = t
                continue
            value, zc, mu = self._signed_cell(cell, sg)
            total += value
            for i, t in zc.items():
                z[i] = t
            if mu:
                for j, vj in enumerate(v):
                    if vj != 0 and cell & masks[j]:
                        scale = abs(vj)
                        for i, t in mu.items():
                            mus[j][i] = t if scale == 1 else scale * t
        multipliers = tuple(tuple(m) for m in mus) if any(any(m) for m in mus) else ()
        return RegionBound(patterns, v, from_flint(total), tuple(z), multipliers, "signed-cells")

    @staticmethod
    def key(patterns: Sequence[Pattern], v: Sequence[Fraction]) -> frozenset[Pattern]:
        """The set of patterns of the units with v_j ≠ 0: the μ = 0 bounds depend on nothing else."""
        return frozenset(a for a, vj in zip(patterns, v) if vj != 0)

    def cells_value(self, key: frozenset[Pattern]) -> Any:
        """The cell bound of the pattern set ``key`` (:meth:`key`) as an fmpq (cached)."""
        return self._cells_of(key)[0]

    def cells(
        self, patterns: tuple[Pattern, ...], v: tuple[Fraction, ...], key: frozenset[Pattern] | None = None
    ) -> RegionBound:
        """The cell bound with its certificate (μ = 0): Σ over cells of the linear least-squares value.

        A cell is a maximal set of points with equal column of A (over the units with v_j ≠ 0);
        z is the exact residual of the linear least-squares fit of y on each cell, and z = y on
        the cell where no unit is active.
        """
        key = self.key(patterns, v) if key is None else key
        hit = self._cellcert.get(key)
        if hit is None:
            total, cells = self._cells_of(key)
            union = 0
            for a in key:
                union |= self._mask(a)
            z = list(self.yf_exact)  # the cell where no unit is active: the fit is 0, z = y
            for cell in cells:
                if cell & union:
                    for i, t in self._cell_fractions(cell).items():
                        z[i] = t
            hit = self._cellcert[key] = (from_flint(total), tuple(z))  # one z object per key
        return RegionBound(patterns, v, hit[0], hit[1], (), "cells")

    def least_squares(
        self, patterns: tuple[Pattern, ...], v: tuple[Fraction, ...], key: frozenset[Pattern] | None = None
    ) -> RegionBound:
        """The least-squares relaxation (all sign constraints dropped), certified with μ = 0.

        Cached by the set of patterns of the units with v_j ≠ 0 (the bound does not depend on v).
        """
        key = self.key(patterns, v) if key is None else key
        hit = self._ls.get(key)
        if hit is None:
            pats = sorted(key)
            C = flint.fmpq_mat(
                self.n,
                self.dim * len(pats),
                [self.Xq[i][k] if a[i] else 0 for i in range(self.n) for a in pats for k in range(self.dim)],
            )
            _, _, r = _least_squares(C, self.y)
            z = [r[i, 0] for i in range(self.n)]
            hit = (sum((t * t for t in z), flint.fmpq(0)), tuple(_fraction(t) for t in z))
            self._ls[key] = hit
        return RegionBound(patterns, v, from_flint(hit[0]), hit[1], (), "least-squares")

    def float_least_squares(self, keys: Sequence[frozenset[Pattern]]) -> np.ndarray:
        """Float values of the least-squares relaxation of many pattern sets (batched SVD): a guide only."""
        out = np.empty(len(keys))
        by_size: dict[int, list[int]] = {}
        for k, key in enumerate(keys):
            by_size.setdefault(len(key), []).append(k)
        yy = float(self.yf @ self.yf)
        for size, ks in by_size.items():
            if size == 0:
                out[ks] = yy
                continue
            for start in range(0, len(ks), 2048):
                chunk = ks[start : start + 2048]
                masks = np.array([sorted(keys[k]) for k in chunk], dtype=float)  # (c, size, N)
                M = masks[:, :, :, None] * self.Xf[None, None, :, :]  # (c, size, N, D)
                M = M.transpose(0, 2, 1, 3).reshape(len(chunk), self.n, size * self.dim)
                U, s, _ = np.linalg.svd(M, full_matrices=False)
                tol = s[:, :1] * max(M.shape[1:]) * np.finfo(float).eps * 16
                proj = np.einsum("cnk,n->ck", U, self.yf) * (s > tol)
                out[chunk] = np.maximum(yy - (proj**2).sum(axis=1), 0.0)
        return out

    # -- the dual bound -----------------------------------------------------

    def _generators(self, a: Pattern) -> tuple[Any, np.ndarray]:
        """The generators s_i x̄_i of the dual cone of unit pattern a, as D × N matrices (exact, float)."""
        hit = self._gens.get(a)
        if hit is None:
            s = [2 * t - 1 for t in a]
            E = flint.fmpq_mat(
                self.dim, self.n, [s[i] * self.Xq[i][k] for k in range(self.dim) for i in range(self.n)]
            )
            hit = (E, (self.Xf * np.array(s, dtype=float)[:, None]).T.copy())
            self._gens[a] = hit
        return hit

    def _mu(self, a: Pattern, g: Any) -> list[Any] | None:
        """μ ≥ 0 with Σ_i μ_i s_i x̄_i = g exactly (float support, exact solve, exact NNLS fallback)."""
        E, Ef = self._generators(a)
        gf = np.array([float(g[k, 0]) for k in range(self.dim)])
        x = _nnls(Ef, gf)
        support = [i for i in range(self.n) if x[i] > 0]
        if len(support) == self.dim:  # a basis (the usual case): one exact solve
            C = flint.fmpq_mat(self.dim, self.dim, [E[k, i] for k in range(self.dim) for i in support])
            try:
                u = C.solve(g)
            except ZeroDivisionError:
                u = None
            if u is not None and all(u[k, 0] >= 0 for k in range(self.dim)):
                mu = [flint.fmpq(0)] * self.n
                for k, i in enumerate(support):
                    mu[i] = u[k, 0]
                return mu
        if support:
            C = flint.fmpq_mat(self.dim, len(support), [E[k, i] for k in range(self.dim) for i in support])
            piv, u, r = _least_squares(C, g)
            if not any(r[k, 0] for k in range(self.dim)) and all(u[k, 0] >= 0 for k in range(len(piv))):
                mu = [flint.fmpq(0)] * self.n
                for k, p in enumerate(piv):
                    mu[support[p]] = u[k, 0]
                return mu
        elif not any(g[k, 0] for k in range(self.dim)):
            return [flint.fmpq(0)] * self.n
        mu = lawson_hanson(E, g, support)
        check = E * _col(mu) - g
        return mu if not any(check[k, 0] for k in range(self.dim)) else None

    def _float_region(self, patterns: Sequence[Pattern], v: Sequence[Fraction]) -> tuple[np.ndarray, float]:
        blocks = [self.cones(a).float_images * float(vj) for a, vj in zip(patterns, v)]
        A = np.hstack(blocks) if blocks else np.zeros((self.n, 0))
        if not A.shape[1]:
            return np.zeros(0), float(self.yf @ self.yf)
        x = _nnls(A, self.yf)
        return x, float(np.sum((self.yf - A @ x) ** 2))

    def float_value(self, patterns: Sequence[Pattern], v: Sequence[Fraction]) -> float:
        """The float optimum of the region problem (scipy NNLS over the ray images): a guide only."""
        return self._float_region(patterns, v)[1]

    def dual(
        self, patterns: tuple[Pattern, ...], v: tuple[Fraction, ...], at_least: Any = None
    ) -> tuple[RegionBound | None, float]:
        """The dual bound of a region and the float region value that guided it.

        Returns (None, float value) when the float value is below ``at_least`` (the bound could
        not reach it) or when the exact certificate fails (a wrong float support).
        """
        x, fval = self._float_region(patterns, v)
        if at_least is not None and fval < float(at_least) * (1 - 1e-9):
            return None, fval
        cols: list[tuple[Any, Any, int]] = []  # (v_j, exact images of unit j, column)
        for a, vj in zip(patterns, v):
            img = self._images(a)
            cols += [(_q(vj), img, k) for k in range(img.ncols())]
        support = [cols[t] for t in range(len(cols)) if x[t] > 0]
        C = flint.fmpq_mat(
            self.n, len(support), [vq * img[i, k] for i in range(self.n) for vq, img, k in support]
        )
        _, _, z = _least_squares(C, self.y)
        zl = [z[i, 0] for i in range(self.n)]
        mus = []
        for a, vj in zip(patterns, v):
            g = self.Xt * _col([-zl[i] if a[i] else 0 for i in range(self.n)]) * _q(vj)
            mu = self._mu(a, g)
            if mu is None:
                return None, fval
            mus.append(tuple(_fraction(t) for t in mu))
        zy = sum((t * u for t, u in zip(zl, self.yq)), flint.fmpq(0))
        zz = sum((t * t for t in zl), flint.fmpq(0))
        bound = from_flint(2 * zy - zz)
        return RegionBound(patterns, v, bound, tuple(_fraction(t) for t in zl), tuple(mus), "dual"), fval

    def _images(self, a: Pattern) -> Any:
        """The exact ray images of unit pattern a (N × K fmpq_mat, cached)."""
        hit = self._img.get(a)
        if hit is None:
            rows = self.cones(a).images
            k = len(rows[0]) if rows else 0
            hit = flint.fmpq_mat(self.n, k, [q for row in rows for q in row])
            self._img[a] = hit
        return hit


class BoundChecker:
    """Checks :class:`RegionBound` certificates against one dataset, exactly.

    A μ = 0 certificate's unit condition Σ_{i: A_ji = 1} z_i x̄_i = 0 is remembered per
    (pattern, z object), so certificates sharing one z (e.g. a cell bound used for several v)
    are checked once per pattern.  The memo is keyed by object identity while this checker
    holds a reference to z, so the content behind a key cannot change.
    """

    def __init__(self, xbar: Sequence[Sequence[Any]], y: Sequence[Any]) -> None:
        self.xbar = [exact_entries(x) for x in xbar]
        self.n, self.dim = len(self.xbar), len(self.xbar[0]) if self.xbar else 0
        self.yq = [_q(t) for t in exact_entries(y)]
        self.Xt = flint.fmpq_mat(
            self.dim, self.n, [_q(self.xbar[i][k]) for k in range(self.dim) for i in range(self.n)]
        )
        self._unit: dict[tuple[int, Pattern], tuple[bool, Any]] = {}
        self._value: dict[int, tuple[Any, Any]] = {}

    def _zero_mu_unit(self, z: tuple[Any, ...], zq: list[Any], a: Pattern) -> bool:
        key = (id(z), a)
        hit = self._unit.get(key)
        if hit is None:
            c = _col([zq[i] if a[i] else flint.fmpq(0) for i in range(self.n)])
            hit = (not any(self.Xt * c), z)  # keep z alive: its id stays unique
            self._unit[key] = hit
        return hit[0]

    def dual_value(self, z: tuple[Any, ...]) -> tuple[Any, list[Any]]:
        """(2 z·y − z·z, z as fmpq) for one z (memoised by object while held)."""
        hit = self._value.get(id(z))
        if hit is None or hit[1] is not z:
            zq = [_q(t) for t in exact_entries(z)]
            val = 2 * sum((t * u for t, u in zip(zq, self.yq)), flint.fmpq(0)) - sum(
                (t * t for t in zq), flint.fmpq(0)
            )
            hit = ((val, zq), z)
            self._value[id(z)] = hit
        return hit[0]

    def check(self, cert: RegionBound) -> bool:
        """(D), μ ≥ 0, shapes, and bound ≤ 2 z·y − z·z; returns bool (floats raise TypeError)."""
        m, n = len(cert.patterns), self.n
        if len(cert.v) != m or len(cert.dual) != n:
            return False
        if any(len(a) != n or not set(a) <= {0, 1} for a in cert.patterns):
            return False
        v = exact_entries(cert.v)
        bound = exact_entries([cert.bound])[0]
        value, zq = self.dual_value(cert.dual)
        if not _q(bound) <= value:
            return False
        if cert.multipliers == ():
            return all(vj == 0 or self._zero_mu_unit(cert.dual, zq, a) for a, vj in zip(cert.patterns, v))
        if len(cert.multipliers) != m or any(len(mu) != n for mu in cert.multipliers):
            return False
        for a, vj, mu in zip(cert.patterns, v, cert.multipliers):
            muq = [_q(t) for t in exact_entries(mu)]
            if any(t < 0 for t in muq):
                return False
            vq = _q(vj)
            c = _col(
                [(vq * zq[i] if a[i] else flint.fmpq(0)) + (muq[i] if a[i] else -muq[i]) for i in range(n)]
            )
            if any(self.Xt * c):
                return False
        return True


def verify_region_bound(X: MatrixLike, y: VectorLike, cert: RegionBound, *, bias: bool = True) -> bool:
    """Independently check a :class:`RegionBound`: the region optimum is ≥ ``cert.bound``.

    Checks, in exact arithmetic: shapes; μ_j ≥ 0; for every unit j,
    Σ_i (v_j A_ji z_i + μ_ji s_ji) x̄_i = 0 (s_ji = 2 A_ji − 1; μ = 0 when ``multipliers`` is
    empty); and bound ≤ 2 z·y − z·z.  By weak duality these prove that every weight vector in
    the closed region has loss at least ``bound``.

    Parameters
    ----------
    X, y, bias
        Data, labels and homogenisation, as for
        :func:`~exactrelu.training.region.solve_region`.
    cert : RegionBound
        The certificate.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        A float inside the certificate: it is refused, not rounded.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> cert = RegionBound(((0, 0),), (F(1),), F(5), (F(1), F(2)), (), "cells")
    >>> verify_region_bound([[0], [1]], (1, 2), cert)
    True
    >>> too_high = RegionBound(((0, 0),), (F(1),), F(6), (F(1), F(2)), (), "cells")
    >>> verify_region_bound([[0], [1]], (1, 2), too_high)          # 2 z·y − z·z = 5 < 6
    False
    """
    rows = exact_points(X, bias=bias)
    yq = exact_vector(y, name="labels y")
    if len(yq) != len(rows):
        return False
    return BoundChecker(rows, yq).check(cert)
