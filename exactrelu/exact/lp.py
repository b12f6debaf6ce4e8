"""Exact strict-feasibility oracle for open polyhedral cones.

Given normals a_1, ..., a_n in Q^D and a sign vector s in {-1, 0, +1}^n, decide
whether the cell

    C(s) = {w in R^D : s_i <a_i, w> > 0 for s_i != 0,  <a_i, w> = 0 for s_i = 0}

is non-empty, and prove the answer either way:

* **feasible** -- an integer witness w in C(s), re-checked by
  :func:`exactrelu.exact.certificates.verify_witness`;
* **infeasible** -- a *Farkas vector* y (see :func:`verify_farkas`): y_i >= 0
  on the strict rows (s_i != 0), y_i free on the equality rows (s_i = 0),
  y_i > 0 for at least one strict row, and

      Σ_{s_i != 0} y_i s_i a_i  +  Σ_{s_i = 0} y_i a_i  =  0.

  Why this proves emptiness: for w in C(s), take the inner product with w.  The
  equality rows contribute 0 and the strict rows contribute Σ y_i (s_i <a_i, w>),
  a sum of non-negative terms with at least one positive, so the left side would
  be > 0, not 0.  Conversely, if C(s) is empty such a y exists (Motzkin's
  transposition theorem).  When every s_i != 0 this is exactly Gordan's theorem
  and the certificate is accepted by :func:`exactrelu.exact.certificates.verify_gordan`.

This is the oracle behind "is this activation pattern feasible?" (the region
R(A) of Matena & Raffel 2022, section 3, is C(2A - 1) over the homogenised data
x̄_i = (x_i, 1)); for the all-strict case it is the margin LP "R(s) != ∅ ⇔ some w has
(2 s_i - 1) w·x̄_i >= 1" (docs/reconstructions.md, 'Matena & Raffel 2022: basic objects
and the region problem').

Method (floats only propose, exact arithmetic decides):

1. The equality rows are removed exactly: w = Σ_k u_k B_k over an integer kernel
   basis B of the equality rows (:func:`exactrelu.exact.linalg.nullspace`), so every
   integer u gives an integer w satisfying the equalities exactly.
2. A float LP (scipy ``linprog``, HiGHS) maximises the margin t subject to
   s_i <b̂_i, u> >= t (b̂_i the reduced normal scaled to unit length), -1 <= u <= 1,
   t <= 1.
3. If t* > 0 the float u is rounded to integer vectors at growing scales and each
   candidate w is checked exactly.  Otherwise (or if rounding fails) the dual
   multipliers give a support S; an exact non-negative kernel vector of the
   columns {s_i b_i : i in S} is sought (:func:`exactrelu.exact.linalg.nullspace`) and
   lifted back to the equality rows by an exact linear solve.
4. Whenever step 3 does not yield a *verified* certificate, the problem is solved
   by cddlib's exact GMP-rational LP (``cdd.gmp``): maximise t subject to
   s_i <a_i, w> - t >= 0, <a_i, w> = 0 (linearity rows), t <= 1.  Its optimum is
   t* = 1 (primal solution = witness) or t* = 0 (dual solution on the strict
   rows = the y_i of the Farkas vector, equality part recomputed exactly).

Nothing is returned without passing the exact verifier; a failure of every route
raises :class:`~exactrelu.exact.errors.SolverError` (it has never been observed).

Usage statistics (calls, fallbacks, time) are kept in :data:`STATS`
(see :func:`lp_stats`, :func:`reset_lp_stats`) for benchmarks.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from exactrelu.exact.certificates import check, exact_entries, verify_witness
from exactrelu.exact.errors import InvalidDataError, SolverError
from exactrelu.exact.linalg import dot, left_nullspace, nullspace, primitive
from exactrelu.exact.parse import exact_matrix, primitive_rows, primitive_vector
from exactrelu.exact.types import MatrixLike

__all__ = [
    "AUTO_HIGHS_SIZE",
    "STATS",
    "ConeFeasibility",
    "LPStats",
    "cone_feasibility",
    "lp_stats",
    "reset_lp_stats",
    "verify_cone_certificate",
    "verify_farkas",
]


# ----------------------------------------------------------------------------
# certificates
# ----------------------------------------------------------------------------


def verify_farkas(normals: Sequence[Sequence[Any]], signs: Sequence[int], y: Sequence[Any] | None) -> bool:
    """True iff ``y`` proves that the cell C(s) of ``signs`` is empty.

    Conditions (all checked exactly):

    * ``len(y) == len(normals) == len(signs)``, every s_i in {-1, 0, 1};
    * y_i >= 0 where s_i != 0 (y_i is free where s_i == 0);
    * y_i > 0 for at least one i with s_i != 0;
    * Σ_{s_i != 0} y_i s_i a_i + Σ_{s_i = 0} y_i a_i = 0.

    With no zero signs (and y_i = 0 wherever s_i = 0) this is the Gordan
    certificate of :func:`exactrelu.exact.certificates.verify_gordan`.

    Parameters
    ----------
    normals : sequence of rows of int/Fraction, shape (n, D)
    signs : sequence of {-1, 0, 1}, length n
    y : sequence of int/Fraction, length n

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        An entry of ``normals`` or ``y`` is not an integer or a Fraction (floats
        are refused, as in :mod:`exactrelu.exact.certificates`).

    Examples
    --------
    No w has <(1,0), w> > 0 and <(1,0), w> < 0:

    >>> verify_farkas([(1, 0), (1, 0)], (1, -1), (1, 1))
    True

    <(1,1), w> > 0 is impossible once <(1,0), w> = <(0,1), w> = 0:

    >>> verify_farkas([(1, 1), (1, 0), (0, 1)], (1, 0, 0), (1, -1, -1))
    True
    >>> verify_farkas([(1, 1), (1, 0), (0, 1)], (1, 0, 0), (0, -1, -1))
    False
    """
    if y is None or len(y) != len(normals) or len(signs) != len(normals) or not normals:
        return False
    yf = exact_entries(y)
    normals = [exact_entries(a) for a in normals]
    if any(s not in (-1, 0, 1) for s in signs) or any(len(a) != len(normals[0]) for a in normals):
        return False
    return _farkas_ok(normals, signs, yf)


@dataclass(frozen=True)
class ConeFeasibility:
    """Certified answer of :func:`cone_feasibility`.

    Attributes
    ----------
    feasible : bool
        Whether the cell C(s) is non-empty.  ``bool(result)`` is ``feasible``.
    witness : tuple of int or None
        A primitive integer point of C(s) (feasible case).
    certificate : tuple of int or None
        An integer Farkas vector y, see :func:`verify_farkas` (infeasible case).
    method : str
        Which route produced the certificate: ``'trivial'`` (decided by exact
        preprocessing), ``'float'`` (HiGHS float LP proposal, exactly verified) or
        ``'cdd'`` (cddlib exact GMP LP fallback).

    Examples
    --------
    >>> r = cone_feasibility([(1,), (1,)], (1, -1))
    >>> r.feasible, r.certificate, r.verify([(1,), (1,)], (1, -1))
    (False, (1, 1), True)
    """

    feasible: bool
    witness: tuple[int, ...] | None = None
    certificate: tuple[int, ...] | None = None
    method: str = "trivial"

    def __bool__(self) -> bool:
        return self.feasible

    def verify(self, normals: MatrixLike, signs: Sequence[int]) -> bool:
        """Re-check the certificate exactly against ``normals`` and ``signs``; returns bool."""
        return verify_cone_certificate(normals, signs, self)

    def check(self, normals: MatrixLike, signs: Sequence[int]) -> bool:
        """Like :meth:`verify` but raise :class:`~exactrelu.exact.errors.CertificateError` on failure."""
        return check(self.verify(normals, signs), "cone feasibility certificate")


def verify_cone_certificate(normals: MatrixLike, signs: Sequence[int], result: Any) -> bool:
    """True iff ``result`` (a :class:`ConeFeasibility`) is a valid certificate for (normals, signs).

    A feasible result must carry a witness accepted by
    :func:`exactrelu.exact.certificates.verify_witness`; an infeasible one a Farkas
    vector accepted by :func:`verify_farkas`.  ``normals`` may be given in any
    form :func:`cone_feasibility` accepts (they are read exactly); a certificate
    whose entries are not integers/Fractions (e.g. floats) is malformed: False.

    >>> verify_cone_certificate([(1, 0)], (1,), ConeFeasibility(True, witness=(1, 5)))
    True
    >>> verify_cone_certificate([(1, 0)], (1,), ConeFeasibility(True, witness=(-1, 5)))
    False
    """
    if not isinstance(result, ConeFeasibility):
        return False
    normals = exact_matrix(normals, name="normals")  # same inputs as cone_feasibility
    try:
        if result.feasible:
            return (
                result.witness is not None
                and len(result.witness) == len(normals[0])
                and verify_witness(normals, tuple(signs), tuple(exact_entries(result.witness)))
            )
        return verify_farkas(normals, tuple(signs), result.certificate)
    except TypeError:  # a certificate with inexact or non-numeric entries is malformed
        return False


# ----------------------------------------------------------------------------
# statistics
# ----------------------------------------------------------------------------


@dataclass
class LPStats:
    """Counters of :func:`cone_feasibility` (module-level instance :data:`STATS`).

    ``calls`` counts all calls; ``trivial``, ``float_witness``, ``float_certificate``
    and ``cdd`` count which route produced the answer (``cdd`` = fallbacks after the
    float route, or direct with ``method='cdd'``); ``time_float`` and ``time_cdd``
    are seconds spent in the two LP routes (including exact post-processing).
    """

    calls: int = 0
    trivial: int = 0
    float_witness: int = 0
    float_certificate: int = 0
    cdd: int = 0
    cdd_fallback: int = 0
    time_float: float = 0.0
    time_cdd: float = 0.0
    float_lps: int = 0
    cdd_lps: int = 0
    fallback_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def fallback_rate(self) -> float:
        """Fraction of float-route attempts that needed the cdd fallback."""
        return self.cdd_fallback / self.float_lps if self.float_lps else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The counters as a plain dict, with ``fallback_rate`` and ``fallback_reasons``."""
        d: dict[str, Any] = {
            k: getattr(self, k)
            for k in (
                "calls",
                "trivial",
                "float_witness",
                "float_certificate",
                "cdd",
                "cdd_fallback",
                "float_lps",
                "cdd_lps",
                "time_float",
                "time_cdd",
            )
        }
        d["fallback_rate"] = self.fallback_rate
        d["fallback_reasons"] = dict(self.fallback_reasons)
        return d


STATS = LPStats()


def lp_stats() -> dict[str, Any]:
    """A snapshot (dict) of the module counters, including ``fallback_rate``."""
    return STATS.as_dict()


def reset_lp_stats() -> None:
    """Reset the module counters to zero."""
    fresh = LPStats()
    for name in vars(fresh):
        setattr(STATS, name, getattr(fresh, name))


# ----------------------------------------------------------------------------
# exact helpers
# ----------------------------------------------------------------------------


def _lift(
    normals: Sequence[Sequence[int]],
    signs: Sequence[int],
    strict: Sequence[int],
    equal: Sequence[int],
    y_strict: Sequence[int | Fraction],
) -> tuple[int, ...] | None:
    """Complete strict multipliers y (>= 0 on ``strict``) by equality multipliers.

    Returns an integer Farkas vector or ``None`` if Σ y_i s_i a_i is not in the
    span of the equality rows.
    """
    n = len(normals)
    dim = len(normals[0])
    yi = primitive_vector(y_strict)  # a positive rescaling keeps a Farkas vector one
    vec = [sum(c * signs[i] * normals[i][k] for c, i in zip(yi, strict)) for k in range(dim)]
    full = [0] * n
    if any(vec):
        if not equal:
            return None
        basis = left_nullspace([normals[j] for j in equal] + [tuple(vec)])
        pick = next((b for b in basis if b[-1] != 0), None)
        if pick is None:
            return None
        if pick[-1] < 0:
            pick = tuple(-c for c in pick)
        lam = pick[-1]
        for c, i in zip(yi, strict):
            full[i] = c * lam
        for c, j in zip(pick[:-1], equal):
            full[j] = c
    else:
        for c, i in zip(yi, strict):
            full[i] = c
    return primitive(full)


def _int_rows(normals: Any) -> tuple[tuple[int, ...], ...] | None:
    """Fast path: the rows as tuples of Python ints if every entry is an integer, else None."""
    try:
        rows = tuple(tuple(r) for r in normals)
    except TypeError:
        return None
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        return None
    for r in rows:
        for v in r:
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                return None
    return tuple(tuple(int(v) for v in r) for r in rows)


def _is_primitive(row: Sequence[Any]) -> bool:
    return all(isinstance(v, int) for v in row) and math.gcd(*row) <= 1


def _witness_ok(rows: Sequence[Sequence[int]], signs: Sequence[int], w: Sequence[int]) -> bool:
    """Exact integer check sign(<a_i, w>) == s_i (rows and w integral)."""
    return all(((d := dot(a, w)) > 0) - (d < 0) == s for a, s in zip(rows, signs))


def _farkas_ok(rows: Sequence[Sequence[Any]], signs: Sequence[int], y: Sequence[Any]) -> bool:
    """The conditions of :func:`verify_farkas` on already validated exact input."""
    if any(v < 0 for v, s in zip(y, signs) if s) or not any(v > 0 for v, s in zip(y, signs) if s):
        return False
    return all(
        sum(v * (s or 1) * a[k] for v, s, a in zip(y, signs, rows) if v) == 0 for k in range(len(rows[0]))
    )


def _prepare(
    normals: Any, signs: Sequence[int], strict_input: bool
) -> tuple[tuple[tuple[Any, ...], ...], tuple[tuple[int, ...], ...], tuple[int, ...]]:
    if normals is None or len(normals) == 0:
        raise InvalidDataError("cone_feasibility needs at least one normal vector")
    ints = _int_rows(normals)
    exact: tuple[tuple[Any, ...], ...] = (
        ints if ints is not None else exact_matrix(normals, strict=strict_input, name="normals")
    )
    rows = exact if ints is not None and all(_is_primitive(r) for r in ints) else primitive_rows(exact)
    signs = tuple(signs)
    if len(signs) != len(rows):
        raise InvalidDataError(f"got {len(signs)} signs for {len(rows)} normals")
    out = []
    for i, s in enumerate(signs):
        if isinstance(s, bool) or s not in (-1, 0, 1):
            raise InvalidDataError(f"sign {i} is {s!r}; signs must be -1, 0 or +1")
        out.append(int(s))
    return exact, rows, tuple(out)


def _to_input_rows(
    exact: Sequence[Sequence[Any]], rows: Sequence[Sequence[int]], y: Sequence[int]
) -> tuple[int, ...]:
    """Rescale a Farkas vector for the primitive rows to one for the input rows.

    Input row r_i = c_i p_i with c_i > 0, so Σ y_i σ_i p_i = 0 iff Σ (y_i / c_i) σ_i r_i = 0.
    """
    out = []
    for r, p, v in zip(exact, rows, y):
        k = next((q for q, x in enumerate(p) if x != 0), None)
        out.append(Fraction(v) if k is None or v == 0 else Fraction(v) * p[k] / r[k])
    return primitive_vector(out)


# ----------------------------------------------------------------------------
# float route
# ----------------------------------------------------------------------------

AUTO_HIGHS_SIZE = 3000
"""Problem size (strict rows × (dimension + 1)) from which ``method='auto'`` uses HiGHS first."""

_SCALES = tuple(2**k for k in range(0, 53, 2))


def _float_route(
    rows: Sequence[Sequence[int]],
    signs: Sequence[int],
    strict: list[int],
    equal: list[int],
    basis: list[tuple[int, ...]] | None,
    reduced: Mapping[int, Sequence[int]],
) -> tuple[ConeFeasibility | None, str | None]:
    """Try to certify with a HiGHS LP; return ConeFeasibility or (None, reason)."""
    import numpy as np
    from scipy.optimize import linprog

    k = len(basis) if basis is not None else len(rows[0])
    B = np.array(
        [[float(s * v) for v in reduced[i]] for s, i in ((signs[i], i) for i in strict)], dtype=float
    )
    norms = np.linalg.norm(B, axis=1)
    Bn = B / norms[:, None]
    m = len(strict)
    # variables x = (u_1..u_k, t); minimise -t ;  -s_i b̂_i u + t <= 0
    A_ub = np.hstack([-Bn, np.ones((m, 1))])
    c = np.zeros(k + 1)
    c[-1] = -1.0
    bounds = [(-1.0, 1.0)] * k + [(None, 1.0)]
    STATS.float_lps += 1
    try:
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(m), bounds=bounds, method="highs")
    except Exception as exc:  # pragma: no cover - solver crash
        return None, f"linprog raised {type(exc).__name__}"
    if res.status != 0 or res.x is None:
        return None, f"linprog status {res.status}"
    u = res.x[:k]
    tstar = float(res.x[-1])

    def try_witness() -> ConeFeasibility | None:
        scale_max = float(np.max(np.abs(u))) if k else 0.0
        if scale_max <= 0:
            return None
        ud = u / scale_max
        for sc in _SCALES:
            ui = [int(round(v * sc)) for v in ud]  # noqa: RUF046 (v is a numpy float)
            if not any(ui):
                continue
            if all(s * dot(b, ui) > 0 for s, b in ((signs[i], reduced[i]) for i in strict)):
                w = _lift_u(ui, basis, equal, rows)
                if _witness_ok(rows, signs, w):
                    return ConeFeasibility(True, witness=w, method="float")
        return None

    def try_certificate() -> ConeFeasibility | None:
        marg = getattr(getattr(res, "ineqlin", None), "marginals", None)
        if marg is None:
            return None
        y = -np.asarray(marg, dtype=float)
        if not np.all(np.isfinite(y)) or y.max() <= 0:
            return None
        supports = []
        for rel in (1e-9, 1e-14, 0.0):
            sup = [j for j in range(m) if y[j] > rel * y.max()]
            if sup not in supports:
                supports.append(sup)
        for support in supports:
            out = certificate_on(support, y)
            if out is not None:
                return out
        return None

    def certificate_on(support: list[int], y: Any) -> ConeFeasibility | None:
        cols = [[signs[strict[j]] * reduced[strict[j]][r] for j in support] for r in range(k)]
        if k == 0:
            ker = [tuple(int(jj == 0) for jj in range(len(support)))]
        else:
            ker = nullspace(cols, ncols=len(support))
        cand: Sequence[int | Fraction] | None = None
        if len(ker) == 1:
            v = ker[0]
            if all(x <= 0 for x in v):
                v = tuple(-x for x in v)
            if all(x >= 0 for x in v) and any(v):
                cand = v
        elif len(ker) > 1:
            # project the float multipliers onto the exact kernel, round the coefficients
            K = np.array(ker, dtype=float).T
            ys = y[support]
            coef, *_ = np.linalg.lstsq(K, ys, rcond=None)
            for den in (1, 10, 1000, 10**6, 10**9):
                cf = [Fraction(float(x)).limit_denominator(den) for x in coef]
                comb = [sum(cf[q] * ker[q][p] for q in range(len(ker))) for p in range(len(support))]
                if all(x >= 0 for x in comb) and any(comb):
                    cand = comb
                    break
        if cand is None:
            return None
        y_strict: list[int | Fraction] = [0] * m
        for j, val in zip(support, cand):
            y_strict[j] = val
        full = _lift(rows, signs, strict, equal, y_strict)
        if full is not None and _farkas_ok(rows, signs, full):
            return ConeFeasibility(False, certificate=full, method="float")
        return None

    order = (try_witness, try_certificate) if tstar > 0 else (try_certificate, try_witness)
    for attempt in order:
        out = attempt()
        if out is not None:
            return out, None
    return None, ("rounding failed" if tstar > 0 else "dual support not exact")


def _lift_u(
    ui: Sequence[int], basis: list[tuple[int, ...]] | None, equal: list[int], rows: Sequence[Sequence[int]]
) -> tuple[int, ...]:
    if basis is None:  # no equality rows: u is w
        w = tuple(ui)
    else:
        dim = len(rows[0])
        w = tuple(sum(ui[q] * basis[q][r] for q in range(len(basis))) for r in range(dim))
    return primitive_vector(w) if any(w) else w


# ----------------------------------------------------------------------------
# exact cdd route
# ----------------------------------------------------------------------------


def _cdd_route(
    rows: Sequence[Sequence[int]], signs: Sequence[int], strict: list[int], equal: list[int]
) -> ConeFeasibility:
    import cdd
    import cdd.gmp

    dim = len(rows[0])
    array = []
    for i in strict:
        array.append([0] + [signs[i] * v for v in rows[i]] + [-1])
    for j in equal:
        array.append([0] + list(rows[j]) + [0])
    array.append([1] + [0] * dim + [-1])
    lin = list(range(len(strict), len(strict) + len(equal)))
    mat = cdd.gmp.matrix_from_array(
        array,
        lin_set=lin,
        rep_type=cdd.RepType.INEQUALITY,
        obj_type=cdd.LPObjType.MAX,
        obj_func=[0] * (dim + 1) + [1],
    )
    lp = cdd.gmp.linprog_from_matrix(mat)
    STATS.cdd_lps += 1
    cdd.gmp.linprog_solve(lp)
    if lp.status != cdd.LPStatusType.OPTIMAL:
        raise SolverError(
            f"cddlib exact LP ended with status {lp.status!r} on a problem that is always "
            "feasible and bounded"
        )
    opt = Fraction(lp.obj_value)
    if opt > 0:
        x = [Fraction(v) for v in lp.primal_solution[:dim]]
        w = primitive_vector(x)
        if _witness_ok(rows, signs, w):
            return ConeFeasibility(True, witness=w, method="cdd")
        raise SolverError("cddlib reported a positive margin but its solution is not a witness")
    y_strict = [Fraction(0)] * len(strict)
    for idx, val in lp.dual_solution:
        if idx < len(strict):
            y_strict[idx] = abs(Fraction(val))
    full = _lift(rows, signs, strict, equal, y_strict) if any(y_strict) else None
    if full is not None and _farkas_ok(rows, signs, full):
        return ConeFeasibility(False, certificate=full, method="cdd")
    # t* = 0 guarantees a dual solution with these properties; reaching this line is a bug.
    raise SolverError("cddlib dual solution did not give a valid Farkas certificate")


# ----------------------------------------------------------------------------
# main entry point
# ----------------------------------------------------------------------------


def cone_feasibility(
    normals: MatrixLike, signs: Sequence[int], *, method: str = "auto", strict: bool = False
) -> ConeFeasibility:
    """Decide exactly whether {w : s_i<a_i,w> > 0 (s_i≠0), <a_i,w> = 0 (s_i=0)} is non-empty.

    Parameters
    ----------
    normals : sequence of rows (int, Fraction, exact strings, ...), shape (n, D), n >= 1
        The normals a_i.  Internally rows are rescaled to primitive integer vectors
        (a positive rescaling, which changes no sign); the returned certificate is
        converted back and verified against the rows as given.
    signs : sequence of {-1, 0, 1}, length n
    method : {'auto', 'highs', 'cdd'}
        ``'highs'``: the HiGHS float LP proposes, exact check, cdd fallback.
        ``'cdd'``: cddlib exact GMP LP only.  ``'auto'`` (default): ``'cdd'`` for
        small problems (strict rows × (reduced dimension + 1) < :data:`AUTO_HIGHS_SIZE`),
        where one exact cdd LP (≈0.1–1 ms) is cheaper than the overhead of one scipy
        HiGHS call (≈1.5–2 ms), else ``'highs'``.  All three return only verified
        certificates; they may return different (equally valid) witnesses.
    strict : bool
        Refuse binary floats in ``normals`` (see :func:`exactrelu.exact.parse.exact_matrix`).

    Returns
    -------
    ConeFeasibility
        ``feasible`` plus an integer witness or an integer Farkas vector for the
        *input* rows (see :func:`verify_farkas`), both already verified exactly.

    Raises
    ------
    InvalidDataError
        Empty or ragged normals, wrong number of signs, a sign not in {-1, 0, 1}.
    SolverError
        No route produced a verified certificate (a bug; never observed).

    Notes
    -----
    Cost: one HiGHS LP with n constraints and D+1 variables (≈1–4 ms through scipy),
    exact O(nD) integer checks, occasionally an exact kernel of an (D × |S|) integer
    matrix; the cdd fallback costs one exact simplex run.  Counters in :data:`STATS`.

    Examples
    --------
    Three collinear points x = 0, 1, 2 with bias: the pattern (1, 0, 1) is
    infeasible (an affine function cannot be positive, negative, positive):

    >>> X = [(0, 1), (1, 1), (2, 1)]
    >>> r = cone_feasibility(X, (1, -1, 1))
    >>> r.feasible, r.certificate
    (False, (1, 2, 1))
    >>> r = cone_feasibility(X, (1, 1, -1))
    >>> r.feasible, r.verify(X, (1, 1, -1))
    (True, True)

    Equality rows: the face {w : w_1 = 0, w_2 > 0}

    >>> cone_feasibility([(1, 0), (0, 1)], (0, 1)).witness
    (0, 1)
    """
    if method not in ("auto", "highs", "cdd"):
        raise InvalidDataError(f"method must be 'auto', 'highs' or 'cdd', got {method!r}")
    exact, rows, signs = _prepare(normals, signs, strict)
    STATS.calls += 1
    result = _decide(rows, signs, method)
    # final exact check (integer arithmetic on the primitive rows) ...
    if result.feasible:
        ok = result.witness is not None and _witness_ok(rows, signs, result.witness)
    else:
        ok = result.certificate is not None and _farkas_ok(rows, signs, result.certificate)
    # ... and, if the input rows differ from them, against the input rows as given.
    if ok and rows is not exact:
        if result.certificate is not None:
            y = _to_input_rows(exact, rows, result.certificate)
            result = ConeFeasibility(False, certificate=y, method=result.method)
        ok = result.verify(exact, signs)
    if not ok:  # pragma: no cover - defensive
        raise SolverError("internal error: a certificate failed its final exact check")
    return result


def _decide(rows: Sequence[Sequence[int]], signs: Sequence[int], method: str) -> ConeFeasibility:
    n, dim = len(rows), len(rows[0])
    strict_idx = [i for i in range(n) if signs[i] != 0]
    equal = [i for i in range(n) if signs[i] == 0]

    # --- exact preprocessing -------------------------------------------------
    if not strict_idx:  # only equalities: w = 0 is in the cell
        STATS.trivial += 1
        return ConeFeasibility(True, witness=(0,) * dim, method="trivial")
    for i in strict_idx:  # a zero normal with a strict sign
        if not any(rows[i]):
            y = tuple(int(j == i) for j in range(n))
            STATS.trivial += 1
            return ConeFeasibility(False, certificate=y, method="trivial")
    basis = nullspace([rows[j] for j in equal]) if equal else None
    if basis is not None:
        reduced = {i: tuple(dot(b, rows[i]) for b in basis) for i in strict_idx}
        zero = next((i for i in strict_idx if not any(reduced[i])), None)
        if zero is not None:  # a strict row in the span of the equality rows
            ys = [int(i == zero) for i in strict_idx]
            full = _lift(rows, signs, strict_idx, equal, ys)
            if full is not None and _farkas_ok(rows, signs, full):
                STATS.trivial += 1
                return ConeFeasibility(False, certificate=full, method="trivial")
    else:
        reduced = {i: tuple(rows[i]) for i in strict_idx}

    # --- float proposal --------------------------------------------------------
    if method == "auto":
        method = "highs" if len(strict_idx) * (len(reduced[strict_idx[0]]) + 1) >= AUTO_HIGHS_SIZE else "cdd"
    if method == "highs":
        t0 = time.perf_counter()
        try:
            result, reason = _float_route(rows, signs, strict_idx, equal, basis, reduced)
        except (OverflowError, ValueError, FloatingPointError):  # entries beyond float range
            result, reason = None, "float overflow"
        STATS.time_float += time.perf_counter() - t0
        if result is not None:
            if result.feasible:
                STATS.float_witness += 1
            else:
                STATS.float_certificate += 1
            return result
        STATS.cdd_fallback += 1
        why = reason or "unknown"
        STATS.fallback_reasons[why] = STATS.fallback_reasons.get(why, 0) + 1

    # --- exact fallback ----------------------------------------------------------
    t0 = time.perf_counter()
    result = _cdd_route(rows, signs, strict_idx, equal)
    STATS.time_cdd += time.perf_counter() - t0
    STATS.cdd += 1
    return result
