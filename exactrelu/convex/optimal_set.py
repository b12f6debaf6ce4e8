"""The optimal set of the constrained group lasso (Mishkin & Pilanci, ICML 2023), exactly where possible.

The program is the convex reformulation (4)/(12) of Wang, Lacotte & Pilanci 2022 written
as the *constrained group lasso* (CGL) of Mishkin & Pilanci 2023, squared loss, no 1/n,
β playing that paper's λ:

    P*(β) = min_w  ½‖Σ_b s F_i w_b − y‖² + β Σ_b ‖w_b‖₂     s.t.  w_b ∈ K_i,

over blocks b = (i, s) (pattern index i of a :class:`~exactrelu.convex.dichotomies.PatternSet`,
output sign s), F_i = D_i X (or T_i X for trichotomies), K_i = {A_i u ≥ 0, E_i u = 0}.
Rows of X are samples; a bias column is present only if the pattern set was built with
``bias=True``.  Exact numbers are :class:`fractions.Fraction`.

What the optimal set looks like (standard KKT reasoning; our reconstruction:
docs/reconstructions.md, 'Mishkin & Pilanci 2023: KKT conditions and the optimal set'):

* the fit ŷ, hence the residual r = y − ŷ, is the same for every optimum;
* the *correlation vector* of block b is v_b = Π_{K_i}(s F_iᵀ r) (Euclidean projection on
  the closed cone, :func:`~exactrelu.convex.bounds.correlation_vector`; by Moreau's
  decomposition this is the v_b = Z_bᵀr − K_bρ_b of Mishkin & Pilanci with complementary
  ρ_b); the *equicorrelation set* is E = {b : ‖v_b‖ = β};
* with c_b = s F_i v_b ∈ Qⁿ (the fit of v_b), every α ≥ 0 on E with Σ α_b c_b = ŷ gives an
  optimum w_b = α_b v_b, and every optimum is of this form:

      W*(β) = { w : w_b = α_b v_b (b ∈ E),  w_b = 0 (b ∉ E),  α ≥ 0,  Σ_b α_b c_b = ŷ },

  a polytope in α-coordinates (:mod:`exactrelu.convex.optimal_polytope`).  It is bounded:
  c_b·r = v_b·(s F_iᵀ r) = ‖v_b‖² = β², so every feasible α has β² Σ α_b = rᵀŷ — the
  penalty β Σ‖w_b‖ = β² Σ α_b = (y − ŷ)ᵀŷ is the same on the whole set (the "penalty
  identity", an exact test);
* the *support* S_β = {b : α_b > 0 for some point} is found by one exact LP per block of E
  (max α_b over the polytope, cddlib GMP arithmetic); each answer carries a certificate
  (a feasible α with α_b > 0, or a vector z with Cᵀz ≥ e_b and ŷ·z ≤ 0, proving α_b = 0);
* W* is a singleton ⇔ {c_b : b ∈ S_β} is linearly independent (Mishkin & Pilanci 2023,
  Proposition 4.3; docs/reconstructions.md, 'Mishkin & Pilanci 2023: uniqueness,
  minimality, pruning'): the polytope has a point with all α_b > 0 on S (average the LP
  witnesses), and a null vector of the c_b moves it both ways.  Decided by exact rank;
* m* (fewest non-zero blocks of an optimum) is the smallest support of a vertex: Algorithm 1
  turns any optimum into one with independent columns, i.e. a vertex, without adding blocks.

The optimum is rational only in special cases (such as the square example of
docs/reconstructions.md, 'Mishkin & Pilanci 2023: worked examples', used below).  :func:`optimal_set`
first asks :func:`exactrelu.convex.bounds.exact_optimum` to recognise a rational optimum
from the float solution; if it does, everything above is computed exactly
(``exact=True``).  Otherwise (``exact=False``) the value is bracketed by
:func:`exactrelu.convex.bounds.certify_value`, whose ``candidates`` is a *certified
superset* of S_β, uniqueness is certified by a sufficient condition, and the polytope, its
vertices, the min-norm point and the pruning are computed in floats and labelled so.

Elsewhere: the regularisation path and β_max in :mod:`exactrelu.convex.regularisation_path`,
the constraint qualifications (LICQ, strict complementarity) in
:mod:`exactrelu.convex.qualifications`, and the float uniqueness test of Appendix D of
Wang, Lacotte & Pilanci 2022 in :mod:`exactrelu.convex.uniqueness`.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from exactrelu.convex.bounds import (
    ExactOptimum,
    ValueBounds,
    all_blocks,
    block_name,
    certify_value,
    correlation_vector,
    exact_optimum,
    project_to_cone,
    verify_value_bounds,
)
from exactrelu.convex.dichotomies import PatternSet, SampledPatterns, as_pattern_set, certify_complete
from exactrelu.convex.optimal_polytope import (
    NULL_TOL,
    check_min_norm,
    min_norm_point,
    polytope_support,
    polytope_vertices,
    prune_exact,
    prune_float,
    vertex_alphas,
)
from exactrelu.convex.program import Block, ConvexSolution, convex_program
from exactrelu.convex.scaled_networks import ScaledNetwork, psi
from exactrelu.exact.errors import CertificateError, InvalidDataError, SolverError
from exactrelu.exact.intervals import dyadic
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.limits import guard
from exactrelu.exact.linalg import dot, rank
from exactrelu.exact.output import display_number
from exactrelu.exact.parse import exact_labels, exact_scalar, to_fraction
from exactrelu.exact.types import NumberLike, VectorLike
from exactrelu.geometry.interop import html_summary, require_pandas

__all__ = ["OptimalSet", "optimal_set"]

_ACTIVE_TOL = 1e-6  # float blocks below this fraction of the largest count as zero
_EQUI_TOL = 1e-6  # float ‖v_b‖ ≥ β(1 − tol) counts as equicorrelated
_CORE_MAX = 16  # certify membership in S for at most this many candidate blocks


def _fit_column(patterns: PatternSet, b: Block, v: Sequence[Any]) -> tuple[Any, ...]:
    """c_b = s F_i v, the fit of the vector v on block b = (i, s) (exact if v is exact)."""
    i, s = b
    return tuple(s * dot(x, v) if a else 0 * s for x, a in zip(patterns.X, patterns.diag(i)))


def _float_fit_column(Xf: np.ndarray, mask: np.ndarray, b: Block, v: Any) -> np.ndarray:
    i, s = b
    return s * mask[i] * (Xf @ np.asarray(v, dtype=float))


# =============================================================================
# the optimal set
# =============================================================================
@dataclass
class OptimalSet:
    """The optimal set W*(β) of the CGL / convex program (4) (Wang, Lacotte & Pilanci 2022), loss ½‖·‖².

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

    patterns: PatternSet
    y: tuple[Fraction, ...]
    beta: Fraction
    exact: bool
    residual: tuple[Any, ...]
    fit: tuple[Any, ...]
    correlations: dict[Block, Any]
    equicorrelation: list[Block]
    support: list[Block]
    support_certified: bool
    candidates: list[Block]
    core: list[Block] | None
    alpha_blocks: list[Block]
    vertices: list[dict[Block, Fraction]] | None
    vertices_float: list[dict[Block, float]] | None
    unique: bool | None
    m_star: int | None
    m_star_float: int | None
    value: Fraction | ValueBounds
    bounds: ValueBounds
    solution_float: ConvexSolution | None = None
    certificates: dict[str, Any] = field(default_factory=dict)
    _columns: dict[Block, Any] = field(default_factory=dict, repr=False)
    _alpha0: dict[Block, float] = field(default_factory=dict, repr=False)
    _null: Any = field(default=None, repr=False)
    _min_norm: dict[Block, Any] | None = field(default=None, repr=False)
    _minimal: dict[Block, Any] | None = field(default=None, repr=False)

    # ---------------------------------------------------------------- α ↔ w
    def _alpha_dict(self, alpha: dict[Block, Any] | Sequence[Any]) -> dict[Block, Any]:
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

    def solution(self, alpha: dict[Block, Any] | Sequence[Any]) -> dict[Block, Any]:
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

    def fit_of(self, alpha: dict[Block, Any] | Sequence[Any]) -> Any:
        """Σ_b α_b c_b (exact in exact mode)."""
        alpha = self._alpha_dict(alpha)
        n = self.patterns.n
        if self.exact:
            return tuple(
                sum((a * self._columns[b][r] for b, a in alpha.items()), Fraction(0)) for r in range(n)
            )
        return sum((a * np.asarray(self._columns[b], dtype=float) for b, a in alpha.items()), np.zeros(n))

    def contains(self, alpha: dict[Block, Any] | Sequence[Any], tol: float = 1e-7) -> bool:
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
    def min_norm_alpha(self) -> dict[Block, Any]:
        """α of the min-norm optimum argmin Σ‖w_b‖² = β² Σ α_b² over W*.

        Our reconstruction: docs/reconstructions.md, 'Mishkin & Pilanci 2023: minimum-norm
        solution and regularisation path'.
        Exact mode: the exact least-distance NNLS of
        :func:`~exactrelu.convex.optimal_polytope.min_norm_point`, certified by
        exact KKT multipliers (α = Cᵀμ + ν, ν ≥ 0, ν ⊙ α = 0, α ≥ 0, Cα = ŷ), stored in
        ``certificates["min_norm"]``.  Float mode: cvxpy on the float polytope (the float
        solution itself when ``unique``).
        """
        if self._min_norm is None:
            if self.exact:
                cols = [self._columns[b] for b in self.alpha_blocks]
                alpha, mu, nu = min_norm_point(cols, self.fit)
                self.certificates["min_norm"] = {"mu": mu, "nu": dict(zip(self.alpha_blocks, nu))}
                self._min_norm = dict(zip(self.alpha_blocks, alpha))
            else:
                self._min_norm = _min_norm_float(self)
        return dict(self._min_norm)

    def min_norm(self) -> dict[Block, Any]:
        """{block: w_b} of the min-norm optimum (zero blocks omitted); see :meth:`min_norm_alpha`."""
        return self.solution(self.min_norm_alpha())

    def minimal_alpha(self, start: dict[Block, Any] | Sequence[Any] | None = None) -> dict[Block, Any]:
        """α after Algorithm 1 of Mishkin & Pilanci 2023 from ``start`` (default: the min-norm point)."""
        if start is None and self._minimal is not None:
            return dict(self._minimal)
        alpha = self.min_norm_alpha() if start is None else self._alpha_dict(start)
        if self.exact:
            if start is not None and not self.contains(alpha):
                raise InvalidDataError("the starting α is not a point of the optimal polytope")
            out: dict[Block, Any] = prune_exact(alpha, self._columns)
            if self.fit_of(out) != tuple(self.fit):  # cannot happen: Qβ = 0 exactly
                raise CertificateError("pruning changed the fit (bug)")
        else:
            out = prune_float(alpha, self._columns)
        if start is None:
            self._minimal = dict(out)
        return dict(out)

    def minimal(self, start: dict[Block, Any] | Sequence[Any] | None = None) -> dict[Block, Any]:
        """{block: w_b} of a minimal optimum: Algorithm 1 from the min-norm point or ``start``.

        Algorithm 1 of Mishkin & Pilanci 2023 (minimal in the sense of their Proposition 3.6).

        The fits of the remaining blocks are linearly independent, so there are at most
        rank ≤ n of them, and the fit is unchanged (exactly, in exact mode).
        """
        return self.solution(self.minimal_alpha(start))

    def network(self, which: str | dict[Block, Any] | Sequence[Any] = "minimal") -> ScaledNetwork:
        """A scaled network ψ(W) (Wang, Lacotte & Pilanci 2022, Lemma 2) of an optimum.

        ``which`` is ``"minimal"``, ``"min_norm"`` or an α.

        Exact mode: the exact blocks.  Float mode: the float blocks are first moved exactly
        into their cones (:func:`exactrelu.convex.bounds.project_to_cone`), so the network is
        exactly feasible but only approximately optimal.
        """
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

    def penalty(self, alpha: dict[Block, Any] | Sequence[Any]) -> Fraction | float:
        """β Σ‖w_b‖ = β² Σ α_b (exact in exact mode): constant on W* (penalty identity)."""
        alpha = self._alpha_dict(alpha)
        return (
            self.beta**2 * sum(alpha.values()) if self.exact else float(self.beta) ** 2 * sum(alpha.values())
        )

    # ---------------------------------------------------------------- checks and output
    def verify(self, *, complete: bool = True) -> bool:
        """Re-check every exact claim from scratch; returns True or raises CertificateError.

        Conditions, in order (each has a forged certificate in
        tests/convex/test_convex_verifier_conditions.py):

        0. (``complete``, dichotomies/trichotomies) the pattern list is complete
           (:func:`~exactrelu.convex.dichotomies.certify_complete`); pass ``complete=False``
           for the optimal set of a subsampled program (13);
        1. the value certificate (:func:`verify_value_bounds`; float mode stops here);
        2. exact mode: lower = upper = value, and the dual point of the bounds is the residual;
        3. fit = y − r;
        4. E equals the certified candidates of the bounds (every other block is strictly slack);
        5. on E, v_b is the exact projection with ‖v_b‖ = β, and its fit column is right;
        6. every block of E has a support certificate (witness ⇒ in S, exclusion ⇒ not in S);
        7. every vertex is in the polytope, satisfies the penalty identity and has independent columns;
        8. m* is the smallest vertex support;
        9. uniqueness agrees with the exact rank;
        10. the min-norm KKT certificate;
        11. the minimal point is optimal with independent columns.
        """
        ps = self.patterns
        if complete and ps.kind != "sampled":
            certify_complete(ps)
        verify_value_bounds(ps, self.y, self.beta, self.bounds)
        if not self.exact:
            return True
        r = self.residual
        if not (self.bounds.lower == self.bounds.upper == self.value):
            raise CertificateError(
                "exact mode but the value certificate is not exact (lower, upper, value differ)"
            )
        if tuple(self.bounds.multiplier) != tuple(r):
            raise CertificateError("the dual point of the value certificate is not the residual r")
        if tuple(t - a for t, a in zip(self.y, r)) != tuple(self.fit):
            raise CertificateError("fit ≠ y − r")
        if sorted(self.equicorrelation) != sorted(self.bounds.candidates):
            raise CertificateError("the equicorrelation set E is not the certified set of tight blocks")
        if set(self.certificates.get("support", {})) != set(self.equicorrelation):
            raise CertificateError("a block of E has no support certificate")
        if not set(self.support) <= set(self.equicorrelation):
            raise CertificateError("a support block is not in E")
        for b in self.equicorrelation:
            v, _, _ = correlation_vector(ps, b, r)
            if tuple(v) != tuple(self.correlations[b]) or dot(v, v) != self.beta**2:
                raise CertificateError(f"correlation vector of {block_name(ps, b)} is wrong or not of norm β")
            if _fit_column(ps, b, v) != tuple(self._columns[b]):
                raise CertificateError(f"fit column of {block_name(ps, b)} is wrong")
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
                    raise CertificateError(f"support witness of {block_name(ps, b)} is invalid")
                if b not in self.support:
                    raise CertificateError(f"{block_name(ps, b)} has a witness but is not in the support")
            else:
                z = cert[1]
                ct = [dot(c, z) for c in cols]
                if any(t < 0 for t in ct) or ct[j] < 1 or dot(self.fit, z) > 0:
                    raise CertificateError(f"exclusion certificate of {block_name(ps, b)} is invalid")
                if b in self.support:
                    raise CertificateError(f"{block_name(ps, b)} is excluded but listed in the support")
        rhs = dot(r, self.fit)
        for vert in self.vertices or []:
            if not self.contains(vert):
                raise CertificateError("a vertex is not in the optimal polytope")
            if self.beta**2 * sum(vert.values()) != rhs:
                raise CertificateError("penalty identity β Σ‖w_b‖ = (y − ŷ)ᵀŷ fails on a vertex")
            act = [b for b in self.alpha_blocks if vert[b]]
            if rank([self._columns[b] for b in act]) != len(act):
                raise CertificateError("a vertex has linearly dependent columns")
        if self.vertices is not None and self.m_star != min(
            (sum(1 for a in v.values() if a) for v in self.vertices), default=0
        ):
            raise CertificateError("m* is not the smallest vertex support")
        S = [self._columns[b] for b in self.support]
        if self.unique != (rank(S) == len(S)):
            raise CertificateError("uniqueness flag disagrees with the exact rank")
        alpha = self.min_norm_alpha()
        cert = self.certificates["min_norm"]
        check_min_norm(
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

    def _value_text(self) -> str:
        if self.exact:
            return display_number(self.value)
        return f"[{display_number(self.bounds.lower)}, {display_number(self.bounds.upper)}]"

    def __repr__(self) -> str:
        """One line: β, exact or float, P* (or its bracket), |S|, vertices, uniqueness, m*.

        >>> from exactrelu.convex.dichotomies import dichotomies
        >>> optimal_set(dichotomies([(1, 1), (1, -1), (-1, -1), (-1, 1)]), (1, 1, 1, 1), "1/5")
        OptimalSet(beta=0.2, exact, P*=0.38, |E|=4, |S|=4, vertices=2, unique=False, m*=2)
        """
        n_vertices = len(self.vertices) if self.vertices is not None else None
        if n_vertices is None and self.vertices_float is not None:
            n_vertices = len(self.vertices_float)
        parts = [
            f"beta={display_number(self.beta)}",
            "exact" if self.exact else "float",
            f"P*={self._value_text()}",
            f"|E|={len(self.equicorrelation)}",
            f"|S|={len(self.support)}",
        ]
        if n_vertices is not None:
            parts.append(f"vertices={n_vertices}")
        parts += [f"unique={self.unique}", f"m*={self.m_star}"]
        return f"OptimalSet({', '.join(parts)})"

    def _repr_html_(self) -> str:
        ps = self.patterns
        names = [block_name(ps, b) for b in self.support]
        shown = ", ".join(names[:6]) + (f", … (+{len(names) - 6})" if len(names) > 6 else "")
        rows: list[tuple[str, Any]] = [
            ("beta", self.beta),
            ("arithmetic", "exact" if self.exact else "certified bounds + float"),
            ("P*" if self.exact else "P* in", self._value_text()),
            ("patterns", repr(ps)),
            ("equicorrelation |E|", len(self.equicorrelation)),
            ("support S", shown or "(none)"),
            ("unique", self.unique),
            ("m*", self.m_star),
        ]
        if self.vertices is not None:
            rows.append(("vertices", len(self.vertices)))
        return html_summary("Optimal set W*(β)", rows)

    def to_frame(self, kind: str = "blocks") -> Any:
        """The optimal set as a pandas DataFrame.

        Parameters
        ----------
        kind : {'blocks', 'vertices'}
            ``'blocks'``: one row per candidate block (name, equicorrelated, in the
            support, certified core) with its correlation vector v_b.
            ``'vertices'``: one row per vertex of the polytope, one column per block of
            ``alpha_blocks`` (the coefficients α_b, exact Fractions in exact mode, floats
            otherwise).

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install 'exactrelu[pandas]'``).
        InvalidDataError
            An unknown ``kind``, or ``'vertices'`` when no vertices were enumerated.

        Examples
        --------
        >>> from exactrelu.convex.dichotomies import dichotomies
        >>> S = optimal_set(dichotomies([(1, 1), (1, -1), (-1, -1), (-1, 1)]), (1, 1, 1, 1), "1/5")
        >>> S.to_frame("vertices").shape
        (2, 4)
        """
        pd = require_pandas()
        ps = self.patterns
        if kind == "blocks":
            equi, support = set(self.equicorrelation), set(self.support)
            core = set(self.core or ())
            rows = [
                {
                    "block": block_name(ps, b),
                    "equicorrelated": b in equi,
                    "support": b in support,
                    "core": b in core if self.core is not None else None,
                    "correlation": self.correlations.get(b),
                }
                for b in self.candidates
            ]
            return pd.DataFrame(rows, columns=["block", "equicorrelated", "support", "core", "correlation"])
        if kind == "vertices":
            verts: list[dict[Block, Any]] | None = self.vertices if self.exact else self.vertices_float
            if verts is None:
                raise InvalidDataError("no vertices were enumerated: call optimal_set(..., vertices=True)")
            blocks = list(self.alpha_blocks)
            for v in verts:
                blocks += [b for b in v if b not in blocks]
            return pd.DataFrame(
                [[v.get(b, 0) for b in blocks] for v in verts], columns=[block_name(ps, b) for b in blocks]
            )
        raise InvalidDataError(f"kind must be 'blocks' or 'vertices', got {kind!r}")

    def describe(self) -> str:
        """A few lines for humans: the value or its bracket, the support, uniqueness and m*."""
        ps = self.patterns

        def nm(bs: Iterable[Block]) -> str:
            return ", ".join(block_name(ps, b) for b in bs) or "(none)"

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

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary (exact numbers as ints or "p/q" strings, floats as floats)."""
        ps = self.patterns

        def nm(b: Block) -> str:
            return block_name(ps, b)

        out: dict[str, Any] = {
            "beta": self.beta,
            "y": self.y,
            "exact": self.exact,
            "value": self.value if self.exact else None,
            "bounds": self.bounds.to_dict(ps),
            "residual": self.residual,
            "fit": self.fit,
            "correlations": {nm(b): v for b, v in sorted(self.correlations.items())},
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
            else [{nm(b): a for b, a in v.items()} for v in self.vertices],
            "vertices_float": None
            if self.vertices_float is None
            else [{nm(b): float(a) for b, a in v.items()} for v in self.vertices_float],
        }
        try:
            out["min_norm"] = {nm(b): w for b, w in self.min_norm().items()}
            out["minimal"] = {nm(b): w for b, w in self.minimal().items()}
        except (SolverError, CertificateError) as exc:  # pragma: no cover - reported, not hidden
            out["min_norm_error"] = str(exc)
        return to_jsonable(out)


# ----------------------------------------------------------------------------- exact construction
def _exact_bounds(ps: PatternSet, y: tuple[Fraction, ...], beta: Fraction, opt: ExactOptimum) -> ValueBounds:
    """A ValueBounds with lower = upper = the exact value, re-checked by verify_value_bounds."""
    rho = {}
    for b in opt.blocks:
        _, _, coef = correlation_vector(ps, b, opt.residual)
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


def _build_exact(
    ps: PatternSet,
    y: tuple[Fraction, ...],
    beta: Fraction,
    sol: ConvexSolution,
    opt: ExactOptimum,
    limit: int | None,
    vertices: bool,
) -> OptimalSet:
    r = tuple(opt.residual)
    fit = tuple(t - a for t, a in zip(y, r))
    E = sorted(opt.tight)
    corr = {b: tuple(opt.correlations[b]) for b in E}
    columns = {b: _fit_column(ps, b, corr[b]) for b in E}
    support, certs = polytope_support(E, [columns[b] for b in E], fit)
    S_cols = [columns[b] for b in support]
    unique = rank(S_cols) == len(support) if support else True
    verts, m_star = None, None
    if vertices:
        verts = vertex_alphas(support, S_cols, fit, limit)
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
def _unique_sufficient(ps: PatternSet, candidates: Sequence[Block]) -> bool | None:
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


def _certify_core(
    ps: PatternSet,
    y: tuple[Fraction, ...],
    beta: Fraction,
    bounds: ValueBounds,
    solver: str,
    max_blocks: int = _CORE_MAX,
) -> list[Block] | None:
    """Candidate blocks non-zero in EVERY optimum: lower bound without b > upper bound with b.

    If some optimum had w_b = 0, the program without block b would have the same value P*;
    so lower(P*_{−b}) > upper(P*) proves w_b ≠ 0 in every optimum (in particular b ∈ S).
    """
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


def _float_null(C: np.ndarray, unique: bool) -> np.ndarray:
    """Orthonormal basis of the numerical null space of C, projected on 1^⊥ (bounded polytope)."""
    k = C.shape[1]
    if unique or k == 0:
        return np.zeros((k, 0))
    _, s, Vt = np.linalg.svd(C, full_matrices=True)
    smax = s[0] if len(s) else 0.0
    rk = int(np.sum(s > NULL_TOL * max(smax, 1e-300)))
    N = Vt[rk:].T
    if N.shape[1] == 0:
        return N
    N = N - np.ones((k, 1)) @ (np.ones((1, k)) @ N) / k
    U, s2, _ = np.linalg.svd(N, full_matrices=False)
    return U[:, s2 > 1e-8]


def _float_vertices(
    blocks: Sequence[Block], alpha0: np.ndarray, N: np.ndarray, limit: int | None
) -> list[dict[Block, float]]:
    """Vertices of {α0 + N t ≥ 0} (float data rounded to dyadic rationals; exact cdd)."""

    k, q = N.shape
    if q == 0:
        return [dict(zip(blocks, alpha0))]
    guard("vertices of the (float) optimal polytope", math.comb(k, q), limit)
    ineq = [(dyadic(alpha0[j]), tuple(dyadic(t) for t in N[j])) for j in range(k)]
    ts = polytope_vertices(ineq, [])
    out = []
    top = max(float(np.max(alpha0, initial=0.0)), 1e-300)
    for t in ts:
        a = alpha0 + N @ np.array([float(x) for x in t])
        a[a < 1e-9 * top] = 0.0
        out.append(dict(zip(blocks, a)))
    return out


def _min_norm_float(S: OptimalSet) -> dict[Block, float]:
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


def _build_float(
    ps: PatternSet,
    y: tuple[Fraction, ...],
    beta: Fraction,
    sol: ConvexSolution,
    limit: int | None,
    vertices: bool,
    certify_support: bool,
    solver: str,
) -> OptimalSet:
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
    patterns: PatternSet | SampledPatterns,
    y: VectorLike,
    beta: NumberLike,
    *,
    solution: ConvexSolution | None = None,
    solver: str = "CLARABEL",
    limit: int | None = None,
    vertices: bool = True,
    certify_support: bool = True,
) -> OptimalSet:
    """The optimal set of the convex program (4)/(12), squared loss ½‖ŷ − y‖².

    Program (4) or (12) of Wang, Lacotte & Pilanci 2022, i.e. the constrained group lasso of
    Mishkin & Pilanci 2023 (see the module docstring).

    Parameters
    ----------
    patterns : PatternSet
        All dichotomies (program (4)), all trichotomies ((12)) or a sample (a subsampled
        program whose optimal set is described the same way).
    y : labels (exact numbers; floats are read as their exact binary value)
    beta : positive rational (the λ of Mishkin & Pilanci)
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
    ps = as_pattern_set(patterns)
    yq = exact_labels(y, ps.n)
    bq = exact_scalar(beta, name="beta", positive=True)
    if solution is None:
        solution = convex_program(ps, yq, bq).solve(solver)
    if not hasattr(solution, "active") or not hasattr(solution, "residual"):
        raise InvalidDataError("solution must be a ConvexSolution of the same program")
    opt = exact_optimum(ps, yq, bq, solution)
    if opt is not None:
        return _build_exact(ps, yq, bq, solution, opt, limit, vertices)
    return _build_float(ps, yq, bq, solution, limit, vertices, certify_support, solver)
