"""Instance families: what a conjecture is tried on.

A :class:`Family` declares a class of instances (a data set ``X``, optionally
labels ``y`` and a number of units) on top of the strategies of
:mod:`exactrelu.strategies`, so that every instance shrinks towards few points
and small integers:

==============  =====================================================================
``integer``     N points of Z^d, coordinates in [-max_value, max_value]
``rational``    N points of Q^d, entries p/q with |p| ≤ max_value, q ≤ 4
``generic``     integer points in affine general position (certified; Matena &
                Raffel 2022, section 4.1; Karhadkar et al. 2023, Proposition 6)
``degenerate``  integer points certainly *not* in general position (planted
                duplicates, collinear or coplanar points, zero patterns)
``one-d``       distinct sorted points of R (d = 1; Karhadkar et al. 2023, Lemma 9)
``set-cover``   set cover instances (Matena & Raffel 2022, section 4.1): ``cover``
==============  =====================================================================

An instance is a dict: ``{"X": rows}`` plus ``"y"`` (labels, when ``labels=True``)
and ``"units"`` (when ``units`` is given); a set cover family gives
``{"cover": SetCover}``.  A conjecture receives these fields as keyword arguments.

>>> fam = Family("generic", dim=2, points=(3, 4))
>>> fam.describe()
'generic data, d = 2, N = 3..4, |coordinates| ≤ 5 before the repair into general position'
>>> Family.from_dict(fam.to_dict()) == fam
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import exact_integer
from exactrelu.strategies import (
    DEGENERACIES,
    degenerate_datasets,
    generic_datasets,
    integer_datasets,
    label_vectors,
    one_d_datasets,
    rational_datasets,
    set_cover_instances,
)

__all__ = ["FAMILY_KINDS", "Family", "parse_range"]

FAMILY_KINDS = ("integer", "rational", "generic", "degenerate", "one-d", "set-cover")
"""The kinds of :class:`Family`."""

#: Largest dimension, number of points and coordinate bound a family may ask for: beyond them a
#: single instance of most checks is out of reach, and a typo (``--points 1000000``) is likelier.
MAX_DIM, MAX_POINTS, MAX_VALUE = 12, 200, 10**6


def parse_range(value: Any, name: str, *, low: int = 1, high: int | None = None) -> tuple[int, int]:
    """An int, ``"A:B"``, ``"A"`` or a pair -> a validated ``(A, B)`` with ``low <= A <= B <= high``.

    >>> parse_range("2:4", "dim"), parse_range(3, "points")
    ((2, 4), (3, 3))
    """
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) > 2 or not all(p.strip().lstrip("-").isdigit() for p in parts):
            raise InvalidDataError(f"{name} must be an integer N or a range A:B, got {value!r}")
        pair = (int(parts[0]), int(parts[-1]))
    elif isinstance(value, Sequence) and len(value) == 2:
        pair = (
            exact_integer(value[0], name=name, minimum=None),
            exact_integer(value[1], name=name, minimum=None),
        )
    else:
        n = exact_integer(value, name=name, minimum=None)
        pair = (n, n)
    lo, hi = pair
    if lo > hi:
        raise InvalidDataError(f"{name} range {lo}:{hi} is empty (the lower end exceeds the upper end)")
    if lo < low:
        raise InvalidDataError(f"{name} must be at least {low}, got {lo}")
    if high is not None and hi > high:
        raise InvalidDataError(f"{name} must be at most {high}, got {hi}")
    return pair


@dataclass(frozen=True)
class Family:
    """A family of instances for :func:`~exactrelu.hunt.hunt`.

    Parameters
    ----------
    kind : str
        One of :data:`FAMILY_KINDS`.
    dim : int, "A:B" or (A, B)
        Dimension d of the data (default 1:3; ``one-d`` has 1; for ``set-cover``: the universe size).
    points : int, "A:B" or (A, B)
        Number N of points (default 1:6, 2:6 for ``degenerate``; for ``set-cover``: the number of sets).
    max_value : int
        Bound on |coordinates| of the drawn points (numerators for ``rational``).  ``generic``
        points are then moved along the moment curve until general position holds, so their
        coordinates may exceed it; ``one-d`` raises it to N so that N distinct points exist.
    labels : bool
        Also draw integer labels y, one per point.
    units : int, optional
        A number of hidden units m, passed to the conjecture as ``units``.
    degeneracies : tuple of str
        The kinds of planted degeneracy for ``degenerate`` (see
        :data:`exactrelu.strategies.DEGENERACIES`).
    """

    kind: str = "integer"
    # None means the kind's default; __post_init__ stores a validated (min, max) pair
    dim: tuple[int, int] = None  # type: ignore[assignment]
    points: tuple[int, int] = None  # type: ignore[assignment]
    max_value: int = 5
    labels: bool = False
    units: int | None = None
    degeneracies: tuple[str, ...] = DEGENERACIES

    def __post_init__(self) -> None:
        if self.kind not in FAMILY_KINDS:
            raise InvalidDataError(f"unknown family {self.kind!r}; choose from {', '.join(FAMILY_KINDS)}")
        if self.kind == "one-d":
            if self.dim is not None and parse_range(self.dim, "dim") != (1, 1):
                raise InvalidDataError(f"a one-d family has d = 1, got dim {self.dim!r}")
            dim = (1, 1)
        else:
            dim = parse_range((1, 3) if self.dim is None else self.dim, "dim", high=MAX_DIM)
        low = 2 if self.kind == "degenerate" else 1  # a planted degeneracy needs two points
        given = (low, 6) if self.points is None else self.points
        points = parse_range(given, "points", low=low, high=MAX_POINTS)
        object.__setattr__(self, "dim", dim)
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "max_value", exact_integer(self.max_value, name="max_value", minimum=1))
        if self.max_value > MAX_VALUE:
            raise InvalidDataError(f"max_value must be at most {MAX_VALUE}, got {self.max_value}")
        if self.units is not None:
            object.__setattr__(self, "units", exact_integer(self.units, name="units", minimum=1))
        if not isinstance(self.labels, bool):
            raise InvalidDataError(f"labels must be true or false, got {self.labels!r}")
        kinds = (self.degeneracies,) if isinstance(self.degeneracies, str) else tuple(self.degeneracies)
        bad = [k for k in kinds if k not in DEGENERACIES]
        if bad or not kinds:
            raise InvalidDataError(f"degeneracies must be a non-empty subset of {DEGENERACIES}, got {kinds}")
        object.__setattr__(self, "degeneracies", kinds)
        if self.kind == "set-cover" and self.labels:
            raise InvalidDataError("a set-cover family has no data points to label")

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields of an instance (the arguments a conjecture may take)."""
        if self.kind == "set-cover":
            return ("cover",)
        return ("X", *(("y",) if self.labels else ()), *(("units",) if self.units is not None else ()))

    def data_strategy(self) -> st.SearchStrategy[Any]:
        """The hypothesis strategy of the data set ``X`` alone (or of the set cover instance)."""
        d, n, v = self.dim, self.points, self.max_value
        if self.kind == "integer":
            return integer_datasets(d=d, n=n, max_value=v)
        if self.kind == "rational":
            return rational_datasets(d=d, n=n, max_numerator=v)
        if self.kind == "generic":
            return generic_datasets(d=d, n=n, max_value=v)
        if self.kind == "degenerate":
            return degenerate_datasets(d=d, n=n, max_value=v, kinds=self.degeneracies)
        if self.kind == "one-d":
            return one_d_datasets(n=n, max_value=v)
        return set_cover_instances(n=d, m=n)

    def strategy(self) -> st.SearchStrategy[dict[str, Any]]:
        """The hypothesis strategy of whole instances (dicts with the keys :attr:`fields`)."""
        data = self.data_strategy()
        if self.kind == "set-cover":
            return data.map(lambda cover: {"cover": cover})

        @st.composite
        def instances(draw: st.DrawFn) -> dict[str, Any]:
            X = draw(data)
            inst: dict[str, Any] = {"X": X}
            if self.labels:
                inst["y"] = draw(label_vectors(len(X), max_value=self.max_value))
            if self.units is not None:
                inst["units"] = self.units
            return inst

        return instances()

    def to_dict(self) -> dict[str, Any]:
        """The family as JSON-ready data (:meth:`from_dict` reads it back)."""
        out = asdict(self)
        out["dim"], out["points"] = list(self.dim), list(self.points)
        out["degeneracies"] = list(self.degeneracies)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Family:
        """The family of a dict as written by :meth:`to_dict` (unknown keys are refused)."""
        if not isinstance(data, Mapping):
            raise InvalidDataError(f"a family must be an object, got {type(data).__name__}")
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidDataError(
                f"unknown family key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        kw = dict(data)
        if "degeneracies" in kw:
            kw["degeneracies"] = tuple(kw["degeneracies"])
        return cls(**kw)

    def describe(self) -> str:
        """One line: the kind and the ranges."""

        def rng(r: tuple[int, int]) -> str:
            return str(r[0]) if r[0] == r[1] else f"{r[0]}..{r[1]}"

        if self.kind == "set-cover":
            return f"set cover instances, universe {rng(self.dim)}, {rng(self.points)} sets"
        bound = {"generic": " before the repair into general position", "one-d": " (at least N)"}
        text = (
            f"{self.kind} data, d = {rng(self.dim)}, N = {rng(self.points)}, "
            f"|coordinates| ≤ {self.max_value}{bound.get(self.kind, '')}"
        )
        if self.labels:
            text += ", with labels y"
        if self.units is not None:
            text += f", m = {self.units} units"
        return text
