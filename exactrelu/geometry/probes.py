"""Does a perturbation change a dataset's combinatorial type?  One report, random probes, a breaking one.

Matena & Raffel 2022, Theorem 4.1 and section 4.1.1: in general position a small
enough perturbation keeps the zonotope (the activation regions) combinatorially
the same; without general position an arbitrarily small one can create or destroy
vertices.  Three exact questions about that, built on the path analysis of
:mod:`exactrelu.geometry.perturbation`:

* :func:`perturbation_report`: what changes from X to X + εΔ for one concrete ε
  (chambers gained and lost, dependencies broken and created, f-vectors,
  non-parallelepiped faces, and every change in between);
* :func:`probe_stability`: along random integer directions, where is the first
  change — at ε = 0+ for degenerate data, beyond the certified radius of
  :func:`~exactrelu.geometry.combinatorial_type.stability_radius` otherwise;
* :func:`breaking_perturbation`: for data not in general position, a perturbation
  of any prescribed size that provably changes the type.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import DegenerateInputError, InvalidDataError
from exactrelu.exact.intervals import norm_upper
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_matrix, exact_scalar, pattern_string, to_fraction
from exactrelu.exact.progress import progress_bar
from exactrelu.exact.types import MatrixLike, NumberLike, Pattern
from exactrelu.geometry.combinatorial_type import (
    StabilityRadius,
    TypeComparison,
    same_combinatorial_type,
    stability_radius,
    vectors_of,
)
from exactrelu.geometry.perturbation import (
    MinorPath,
    PathAnalysis,
    SpecialFace,
    isolate_roots,
    perturbed,
    type_changes,
    type_snapshot,
)

__all__ = [
    "PerturbationReport",
    "ProbeResult",
    "breaking_perturbation",
    "perturbation_report",
    "probe_stability",
    "random_direction",
]


def _max_norm_sq(Delta: Sequence[Sequence[Fraction]]) -> Fraction:
    """max_i ‖Δ_i‖₂², exactly."""
    return max(Fraction(dot(row, row)) for row in Delta)


# --------------------------------------------------------------------------- one concrete perturbation
@dataclass(frozen=True)
class PerturbationReport:
    """How the combinatorial type of X changes when it is replaced by X + εΔ.

    ``gained``/``lost`` are activation patterns (zonotope vertices);
    ``broken``/``created`` are r-subsets whose minor goes from zero to nonzero
    and back; ``displacement`` is max_i ‖εΔ_i‖₂ (float, for reading; its exact
    square is ``displacement_sq``); ``path`` lists every change for ε' between
    0 and ε (:func:`type_changes`); ``stable_radius`` is the certified radius of X.
    """

    epsilon: Fraction
    same_type: bool
    reason: str
    gained: tuple[Pattern, ...]
    lost: tuple[Pattern, ...]
    n_chambers: tuple[int, int]
    f_vectors: tuple[tuple[int, ...], tuple[int, ...]]
    broken: tuple[tuple[int, ...], ...]
    created: tuple[tuple[int, ...], ...]
    special_faces: tuple[tuple[SpecialFace, ...], tuple[SpecialFace, ...]]
    displacement_sq: Fraction
    path: PathAnalysis | None
    stable_radius: StabilityRadius

    @property
    def displacement(self) -> float:
        """max_i ‖εΔ_i‖₂ as a float (for reading; :attr:`displacement_sq` is exact)."""
        return math.sqrt(self.displacement_sq)

    def describe(self) -> str:
        """Human-readable lines: the radius of X, what is gained and lost, the faces, the path."""
        sr = self.stable_radius.radius
        lines = [
            f"perturbation X + εΔ with ε = {self.epsilon} (max point displacement {self.displacement:.6g}); "
            f"certified stability radius of X: {sr} (≈ {float(sr):.3g})",
            f"same labelled type: {self.same_type} ({self.reason})",
            f"chambers {self.n_chambers[0]} → {self.n_chambers[1]}; "
            f"f-vector {self.f_vectors[0]} → {self.f_vectors[1]}",
            f"gained patterns {[pattern_string(p) for p in self.gained]}",
            f"lost patterns   {[pattern_string(p) for p in self.lost]}",
        ]
        if self.broken or self.created:
            lines.append(
                f"dependencies broken {[list(B) for B in self.broken]}, "
                f"created {[list(B) for B in self.created]}"
            )
        for when, faces in zip(("before", "after"), self.special_faces):
            for dim, gens, nv in faces:
                lines.append(
                    f"{when}: {dim}-face on generators {list(gens)} with {nv} vertices (not a parallelepiped)"
                )
        if self.path is not None:
            lines.append(self.path.describe())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "epsilon": self.epsilon,
                "same_type": self.same_type,
                "reason": self.reason,
                "gained": [pattern_string(p) for p in self.gained],
                "lost": [pattern_string(p) for p in self.lost],
                "n_chambers": list(self.n_chambers),
                "f_vectors": [list(f) for f in self.f_vectors],
                "broken_dependencies": [list(B) for B in self.broken],
                "created_dependencies": [list(B) for B in self.created],
                "special_faces": [
                    [{"dimension": d, "generators": list(g), "n_vertices": v} for d, g, v in fs]
                    for fs in self.special_faces
                ],
                "displacement": self.displacement,
                "displacement_sq": self.displacement_sq,
                "changes": [c.to_dict() for c in self.path.changes] if self.path is not None else None,
                "stable_radius": self.stable_radius.to_dict(),
            }
        )


def perturbation_report(
    X: MatrixLike,
    Delta: MatrixLike,
    eps: NumberLike,
    *,
    bias: bool = True,
    path: bool = True,
    faces: bool = True,
    limit: int | None = None,
) -> PerturbationReport:
    """Compare the combinatorial types of X and X + εΔ exactly.

    Parameters
    ----------
    X, Delta : tables of N points / directions in R^d
    eps : exact number
    bias : bool
    path : bool
        Also list every type change between 0 and ε (:func:`type_changes`).
    faces : bool
        Compute f-vectors and non-parallelepiped faces.
    limit : int, optional

    Returns
    -------
    PerturbationReport

    Raises
    ------
    InvalidDataError
        A direction of another shape than the data.

    Examples
    --------
    Breaking the collinear triple of a 4-point dataset creates two vertices:

    >>> rep = perturbation_report([[-1, 0], [0, 0], [1, 0], [0, 2]], [[0, 0], [0, 1], [0, 0], [0, 0]],
    ...                           Fraction(1, 10))
    >>> rep.same_type, rep.n_chambers, rep.broken, rep.special_faces[0]
    (False, (12, 14), ((0, 1, 2),), ((2, (0, 1, 2), 6),))
    """
    Xr = exact_matrix(X, name="data")
    e = to_fraction(eps, where="epsilon")
    Xp = perturbed(Xr, Delta, e)
    VX, VY = vectors_of(Xr, bias=bias), vectors_of(Xp, bias=bias)
    cmp = same_combinatorial_type(Xr, Xp, bias=bias, witness=False, limit=limit)
    tx, ty = type_snapshot(VX, 0, limit, faces), type_snapshot(VY, e, limit, faces)
    before, after = tx.chambers, ty.chambers
    broken: tuple[tuple[int, ...], ...] = ()
    created: tuple[tuple[int, ...], ...] = ()
    cx, cy = cmp.chirotope_x, cmp.chirotope_y
    if cx is not None and cy is not None and cx.rank == cy.rank:
        subs = list(cx.subsets())
        broken = tuple(B for B, a, b in zip(subs, cx.signs, cy.signs) if a == 0 != b)
        created = tuple(B for B, a, b in zip(subs, cx.signs, cy.signs) if b == 0 != a)
    fv, special = (tx.f_vector, ty.f_vector), (tx.special_faces, ty.special_faces)
    lo, hi = (Fraction(0), e) if e >= 0 else (e, Fraction(0))
    pa = type_changes(Xr, Delta, (lo, hi), bias=bias, faces=faces, limit=limit) if path and e != 0 else None
    return PerturbationReport(
        e,
        cmp.same,
        cmp.reason,
        tuple(sorted(after - before)),
        tuple(sorted(before - after)),
        (len(before), len(after)),
        fv,
        broken,
        created,
        special,
        e**2 * _max_norm_sq(exact_matrix(Delta, name="direction")),
        pa,
        stability_radius(Xr, bias=bias, limit=limit),
    )


# --------------------------------------------------------------------------- probing
def random_direction(rng: random.Random, N: int, d: int, max_entry: int) -> list[list[Fraction]]:
    """A random non-zero N × d direction Δ with integer entries in [−max_entry, max_entry].

    >>> random_direction(random.Random(0), 2, 1, 3)
    [[Fraction(3, 1)], [Fraction(0, 1)]]
    """
    while True:
        D = [[Fraction(rng.randint(-max_entry, max_entry)) for _ in range(d)] for _ in range(N)]
        if any(any(r) for r in D):
            return D


@dataclass(frozen=True)
class ProbeResult:
    """Random straight-line probes of the type's stability; see :func:`probe_stability`.

    ``first_changes`` holds, per direction Δ, the isolating interval of the first
    critical ε ≥ 0 and the displacement max_i ε‖Δ_i‖₂ there (float, for
    reading).  ``immediate`` counts directions whose first change is at ε = 0 —
    every arbitrarily small step along them changes the type.  ``consistent``
    certifies, exactly, that the certified radius is below every first-change
    displacement (as it must be).
    """

    trials: int
    immediate: int
    first_changes: tuple[dict[str, Any], ...]
    radius: StabilityRadius
    consistent: bool
    example_direction: tuple[tuple[Fraction, ...], ...] | None = None

    @property
    def changes_under_small_perturbation(self) -> bool:
        """True iff some direction changes the type at ε = 0+ (arbitrarily small steps)."""
        return self.immediate > 0

    @property
    def min_displacement(self) -> float:
        """The smallest first-change displacement found (float), ``math.inf`` if none changed the type."""
        vals = [c["displacement"] for c in self.first_changes if c["displacement"] is not None]
        return min(vals) if vals else math.inf

    def to_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "trials": self.trials,
                "immediate": self.immediate,
                "changes_under_small_perturbation": self.changes_under_small_perturbation,
                "min_displacement": self.min_displacement if self.min_displacement != math.inf else None,
                "certified_radius": self.radius.radius,
                "certified_radius_float": float(self.radius.radius),
                "consistent": self.consistent,
                "example_direction": (
                    [list(r) for r in self.example_direction] if self.example_direction else None
                ),
                "first_changes": [
                    dict(c, interval=list(c["interval"]) if c["interval"] else None)
                    for c in self.first_changes
                ],
            }
        )


def probe_stability(
    X: MatrixLike,
    *,
    trials: int = 20,
    seed: int = 0,
    bias: bool = True,
    max_entry: int = 3,
    limit: int | None = None,
    progress: bool = False,
) -> ProbeResult:
    """Does a small perturbation change the type?  Probe random integer directions exactly.

    For each random direction Δ (integer entries in [-max_entry, max_entry]) the
    first ε ≥ 0 where some minor of X + εΔ vanishes is found exactly (the type
    changes there and is constant before).  For data in general position no
    direction changes the type below the certified radius, and the smallest
    displacement found is an upper estimate of the true stability radius; for
    degenerate data almost every direction changes it at ε = 0+.  Needs
    N ≥ d + 1 points (N ≥ d without bias): with fewer, a random path leaves the
    span of the data and :class:`DegenerateInputError` is raised.

    Parameters
    ----------
    X : table of N points in R^d
    trials : int
        Number of random directions.
    seed : int
        Seed of the directions (:class:`random.Random`).
    bias : bool
    max_entry : int
        Entries of Δ are integers in [-max_entry, max_entry].
    limit : int, optional
        Size limit for the subset scans.
    progress : bool
        A progress bar over the directions.

    Returns
    -------
    ProbeResult

    Raises
    ------
    DegenerateInputError
        Too few points for a path inside their span.

    Examples
    --------
    >>> pr = probe_stability([[0, 0], [1, 1], [2, 2], [0, 1]], trials=3)
    >>> pr.immediate, pr.changes_under_small_perturbation
    (3, True)
    >>> pr = probe_stability([[0, 0], [4, 0], [0, 4], [5, 5]], trials=5)
    >>> pr.immediate, pr.consistent, pr.min_displacement > float(pr.radius.radius)
    (0, True, True)
    """
    Xr = exact_matrix(X, name="data")
    rng = random.Random(seed)
    radius = stability_radius(Xr, bias=bias, limit=limit)
    out: list[dict[str, Any]] = []
    immediate, consistent = 0, True
    example: tuple[tuple[Fraction, ...], ...] | None = None
    with progress_bar(progress, trials, "directions") as bar:
        for _ in range(trials):
            for _attempt in range(100):  # a direction that leaves the data's span along the path: draw again
                Delta = random_direction(rng, len(Xr), len(Xr[0]), max_entry)
                try:
                    path = MinorPath(Xr, Delta, bias, limit)
                    break
                except DegenerateInputError:
                    continue
            else:
                raise DegenerateInputError(
                    "no random direction keeps the path's rank equal to its span "
                    "(fewer points than dimensions?)"
                )
            roots, _ = isolate_roots(path.polys, Fraction(0), math.inf)
            norm_sq = _max_norm_sq(Delta)
            if not roots:
                out.append({"interval": None, "epsilon": None, "displacement": None})
            else:
                R = roots[0]
                if R.exact == 0:
                    immediate += 1
                    example = example or tuple(tuple(r) for r in Delta)
                # exact: δ² ≤ a² max‖Δ_i‖² with a the interval's lower end (≤ the critical ε); refine
                # the isolating interval until this is decided (it must hold if the radius is right)
                for _ in range(200):
                    if radius.radius**2 <= R.a**2 * norm_sq or R.exact is not None:
                        break
                    R.refine()
                consistent &= radius.radius**2 <= R.a**2 * norm_sq
                out.append(
                    {
                        "interval": (R.a, R.b),
                        "epsilon": R.exact,
                        "displacement": float(R) * math.sqrt(norm_sq),
                    }
                )
            bar.update()
    return ProbeResult(trials, immediate, tuple(out), radius, consistent, example)


def breaking_perturbation(
    X: MatrixLike,
    eta: NumberLike = Fraction(1, 1000),
    *,
    bias: bool = True,
    seed: int = 0,
    tries: int = 50,
    limit: int | None = None,
) -> tuple[tuple[tuple[Fraction, ...], ...], TypeComparison]:
    """For data not in general position: a perturbation of size ≤ η that changes the labelled type.

    Moves the points of a dependent subset (a circuit, from the general-position
    certificate) by random rational vectors of ℓ₂ norm ≤ η.  The change is
    certified by :func:`~exactrelu.geometry.combinatorial_type.same_combinatorial_type`,
    with a chamber present in exactly one of the two arrangements.

    Parameters
    ----------
    X : table of N points in R^d
    eta : exact number > 0
        The largest displacement of a point (ℓ₂).
    bias : bool
    seed : int
        Seed of the random moves (:class:`random.Random`).
    tries : int
        How many random moves to try before giving up.
    limit : int, optional
        Size limit for the chamber enumerations of the comparison.

    Returns
    -------
    (Delta, TypeComparison)
        ``Delta`` exact rational with max_i ‖Δ_i‖₂ ≤ η; the comparison says
        "not the same type" and carries the distinguishing chamber.

    Raises
    ------
    InvalidDataError
        When the data are in general position (no perturbation below the
        certified radius changes the type), or η ≤ 0.

    Examples
    --------
    >>> Delta, cmp = breaking_perturbation([[0], [0], [1]], Fraction(1, 10**6))
    >>> cmp.same, cmp.pattern, cmp.present_in
    (False, (0, 1, 0), 'y')
    """
    Xr = exact_matrix(X, name="data")
    size = exact_scalar(eta, name="eta", positive=True)
    sr = stability_radius(Xr, bias=bias, limit=limit)
    if sr.holds:
        raise InvalidDataError(
            f"the data are in general position: no perturbation of size below the "
            f"certified radius {sr.radius} changes the type"
        )
    movers = sr.general_position.subset if sr.general_position is not None else None
    rng = random.Random(seed)
    d = len(Xr[0])
    for _ in range(tries):
        Delta = [[Fraction(0)] * d for _ in Xr]
        for i in movers or ():
            v = [Fraction(rng.randint(-9, 9)) for _ in range(d)]
            if any(v):
                scale = size / norm_upper(v)
                Delta[i] = [x * scale for x in v]
        cmp = same_combinatorial_type(Xr, perturbed(Xr, Delta, 1), bias=bias, limit=limit)
        if not cmp.same:
            return tuple(tuple(r) for r in Delta), cmp
    raise DegenerateInputError(
        f"no type-changing perturbation found in {tries} random tries "  # pragma: no cover
        "(should not happen: a generic perturbation breaks every dependency)"
    )
