"""Set cover instances and a certified minimum-cover solver (the source of the NP-hardness reductions).

A set cover instance is a universe U = {1, …, n}, a family S_1, …, S_m ⊆ U whose
union is U, and a budget k; it is a YES instance iff some C ⊆ {1, …, m} with
|C| ≤ k has ∪_{j∈C} S_j = U.  Goel, Klivans, Manurangsi & Reichman 2021 reduce it
to training a single ReLU, and Matena & Raffel 2022 (section 4.1, Theorem 4.2)
analyse that reduction; :mod:`exactrelu.training.reductions` builds such reductions
and :mod:`exactrelu.training.reduction_checks` checks them on instances.

The minimum cover is found by scipy's MILP (HiGHS) as a *proposal* and certified
exactly: the cover itself (every element covered, checked in integers) and, for
the lower bound, exhaustion — no family of one set fewer covers U (all
C(m, size − 1) subfamilies checked; refused up front above a size limit).

Examples
--------
>>> sc = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1)
>>> mc = minimum_cover(sc)
>>> mc.size, mc.cover, sc.is_yes()
(2, (0, 1), False)
>>> verify_minimum_cover(sc, mc)
True
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, combinations_with_replacement, permutations
from math import comb
from typing import Any

from exactrelu.exact import limits
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_integer

__all__ = ["MinimumCover", "SetCover", "all_instances", "is_cover", "minimum_cover", "verify_minimum_cover"]


def _family(family, n):
    out = []
    for j, S in enumerate(family):
        if isinstance(S, (str, bytes)) or not hasattr(S, "__iter__"):
            raise InvalidDataError(f"set {j} is {S!r}, not a collection of elements")
        S = list(S)
        if any(isinstance(u, bool) or not isinstance(u, int) for u in S):
            raise InvalidDataError(f"set {j} has a non-integer element: {S!r}")
        if len(set(S)) != len(S):
            raise InvalidDataError(f"set {j} lists an element twice: {S!r}")
        bad = [u for u in S if not 1 <= u <= n]
        if bad:
            raise InvalidDataError(f"set {j} has element(s) {bad} outside the universe 1..{n}")
        if not S:
            raise InvalidDataError(f"set {j} is empty")
        out.append(frozenset(S))
    return tuple(out)


@dataclass(frozen=True)
class SetCover:
    """A set cover instance (U = {1..n}, family S_1..S_m, budget k).

    Parameters
    ----------
    n : int
        Universe size; the elements are 1..n.
    family : sequence of m collections of elements
        The sets (non-empty, no repeated element; repeated *sets* are allowed).
    k : int
        The budget (k ≥ 1).

    Raises
    ------
    InvalidDataError
        An element outside 1..n, an empty set, an uncovered element, a budget < 1.

    Examples
    --------
    >>> SetCover(2, [{1}], k=1)
    Traceback (most recent call last):
    ...
    exactrelu.exact.errors.InvalidDataError: element(s) [2] of the universe 1..2 lie in no set: ...
    """

    n: int
    family: tuple[frozenset[int], ...]
    k: int

    def __init__(self, n: int, family: Iterable[Collection[int]], k: int) -> None:
        n = exact_integer(n, name="the universe size n", minimum=1)
        k = exact_integer(k, name="the budget k", minimum=1)
        fam = _family(family, n)
        if not fam:
            raise InvalidDataError("the family has no sets")
        missing = sorted(set(range(1, n + 1)) - set().union(*fam))
        if missing:
            raise InvalidDataError(
                f"element(s) {missing} of the universe 1..{n} lie in no set: no cover exists"
            )
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "family", fam)
        object.__setattr__(self, "k", k)

    @property
    def m(self) -> int:
        """Number of sets."""
        return len(self.family)

    @property
    def max_degree(self) -> int:
        """Δ = max_u |{j : u ∈ S_j}|."""
        return max(sum(u in S for S in self.family) for u in range(1, self.n + 1))

    def incidence(self, u: int) -> tuple[int, ...]:
        """χ_u ∈ {0,1}^m: which sets contain element u."""
        return tuple(int(u in S) for S in self.family)

    def is_yes(self, limit: int | None = None) -> bool:
        """Whether a cover of size ≤ k exists (exactly, via :func:`minimum_cover`)."""
        return minimum_cover(self, limit=limit).size <= self.k

    def with_budget(self, k: int) -> SetCover:
        """The same universe and family with budget ``k``."""
        return SetCover(self.n, self.family, k)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict ``{"n": ..., "family": [sorted sets], "k": ...}``."""
        return to_jsonable({"n": self.n, "family": [sorted(S) for S in self.family], "k": self.k})

    @classmethod
    def from_dict(cls, d: dict[str, Any] | str) -> SetCover:
        """From ``{"n": 3, "family": [[1, 2], [2, 3]], "k": 1}`` or its JSON text (n: the largest element).

        >>> SetCover.from_dict('{"family": [[1], [2]], "k": 1}')
        SetCover(n=2, family=[{1}, {2}], k=1)
        """
        if isinstance(d, str):
            try:
                d = json.loads(d)
            except json.JSONDecodeError as exc:
                raise InvalidDataError(f"set cover instance is not valid JSON: {exc}") from None
        if not isinstance(d, dict) or "family" not in d or "k" not in d:
            raise InvalidDataError('a set cover instance is a dict {"n": N, "family": [[...], ...], "k": K}')
        fam = d["family"]
        n = d.get("n", max((u for S in fam for u in S), default=0))
        return cls(n, fam, d["k"])

    def __repr__(self) -> str:
        sets = ", ".join("{" + ",".join(map(str, sorted(S))) + "}" for S in self.family)
        return f"SetCover(n={self.n}, family=[{sets}], k={self.k})"


def is_cover(instance: SetCover, cover: Iterable[Any]) -> bool:
    """Whether the set indices ``cover`` (0-based) cover the universe (exact, integer check).

    >>> sc = SetCover(3, [{1, 2}, {2, 3}], k=1)
    >>> is_cover(sc, [0, 1]), is_cover(sc, [0])
    (True, False)
    """
    covered: set[int] = set()
    for j in cover:
        if not (isinstance(j, int) and 0 <= j < instance.m):
            return False
        covered |= instance.family[j]
    return covered == set(range(1, instance.n + 1))


@dataclass(frozen=True)
class MinimumCover:
    """A minimum cover with its certificate.

    ``cover`` (set indices, 0-based) is a cover of size ``size``; the lower bound
    is certified by exhaustion: no ``size − 1`` sets cover U (``checked`` subfamilies).
    """

    cover: tuple[int, ...]
    size: int
    checked: int
    method: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``checked`` is written as ``subfamilies_checked``)."""
        return to_jsonable(
            {
                "cover": self.cover,
                "size": self.size,
                "subfamilies_checked": self.checked,
                "method": self.method,
            }
        )


def _milp_cover(instance):
    """Float MILP (HiGHS) proposal of a minimum cover, or None."""
    try:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp

        A = np.array([instance.incidence(u) for u in range(1, instance.n + 1)], dtype=float)
        res = milp(
            np.ones(instance.m),
            constraints=LinearConstraint(A, lb=1, ub=np.inf),
            integrality=np.ones(instance.m),
            bounds=Bounds(0, 1),
        )
    except (ImportError, ValueError, RuntimeError):
        return None
    if res.x is None:
        return None
    return tuple(j for j, t in enumerate(res.x) if t > 0.5)


def minimum_cover(instance: SetCover, *, limit: int | None = None) -> MinimumCover:
    """A minimum set cover, certified (MILP proposal, exact check, exhaustion for optimality).

    Parameters
    ----------
    instance : SetCover
    limit : int, optional
        Refuse when the exhaustion would check more subfamilies than this
        (default ``EXACTRELU_LIMIT`` or 10^6).

    Returns
    -------
    MinimumCover

    Examples
    --------
    >>> minimum_cover(SetCover(4, [{1, 2, 3}, {4}, {1, 4}, {2, 3}], k=2)).cover
    (0, 1)
    """
    proposal = _milp_cover(instance)
    method = "milp"
    if proposal is None or not is_cover(instance, proposal):
        proposal, method = tuple(range(instance.m)), "exhaustion"
    # shrink until no smaller family covers: each failed size is certified by checking all subfamilies
    size, checked = len(proposal), 0
    while size > 1:
        limits.guard("subfamilies to check", comb(instance.m, size - 1), limit)
        smaller = next((C for C in combinations(range(instance.m), size - 1) if is_cover(instance, C)), None)
        checked += comb(instance.m, size - 1) if smaller is None else 0
        if smaller is None:
            break
        proposal, size, method = smaller, size - 1, "exhaustion"
    # report the lexicographically first cover of the optimal size, so that the answer is deterministic
    first = next(C for C in combinations(range(instance.m), size) if is_cover(instance, C))
    return MinimumCover(first, size, checked, method)


def verify_minimum_cover(instance: SetCover, mc: MinimumCover) -> bool:
    """Independent check: ``mc.cover`` covers U, has ``mc.size`` sets, and no ``size − 1`` sets do.

    >>> sc = SetCover(3, [{1, 2}, {2, 3}, {1, 3}], k=1)
    >>> verify_minimum_cover(sc, MinimumCover((0, 1), 2, 0, "by hand"))
    True
    >>> verify_minimum_cover(sc, MinimumCover((0,), 1, 0, "by hand"))      # not a cover
    False
    """
    if not is_cover(instance, list(mc.cover)) or len(set(mc.cover)) != mc.size:
        return False
    return mc.size == 1 or not any(
        is_cover(instance, C) for C in combinations(range(instance.m), mc.size - 1)
    )


def all_instances(
    n_values: Sequence[int] = (3, 4),
    m_max: int = 4,
    *,
    distinct_sets: bool = True,
    up_to_isomorphism: bool = True,
) -> list[SetCover]:
    """Every set cover instance on a universe {1..n}, n in ``n_values``, with at most ``m_max`` sets.

    Families are sets (multisets if not ``distinct_sets``) of non-empty subsets
    whose union is the universe, in a canonical order (sorted bitmasks).  With
    ``up_to_isomorphism`` one family per orbit under relabelling the elements is
    kept (the lexicographically least bitmask tuple).  The budget is 1; use
    :meth:`SetCover.with_budget`.

    >>> len(all_instances((2,), 2)), len(all_instances((2,), 2, up_to_isomorphism=False))
    (3, 4)
    """
    out = []
    for n in n_values:
        masks = range(1, 2**n)
        perms = list(permutations(range(n)))
        seen = set()
        for m in range(1, m_max + 1):
            for fam in combinations(masks, m) if distinct_sets else combinations_with_replacement(masks, m):
                union = 0
                for s in fam:
                    union |= s
                if union != 2**n - 1:
                    continue
                if up_to_isomorphism:
                    key = min(tuple(sorted(_relabel(s, p) for s in fam)) for p in perms)
                    if key in seen:
                        continue
                    seen.add(key)
                sets = [[u + 1 for u in range(n) if s >> u & 1] for s in fam]
                out.append(SetCover(n, sets, 1))
    return out


def _relabel(mask: int, perm: Sequence[int]) -> int:
    return sum(1 << perm[u] for u in range(len(perm)) if mask >> u & 1)
