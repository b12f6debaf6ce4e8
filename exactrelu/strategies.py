"""Hypothesis strategies for data sets and normal matrices.

Property tests across exactrelu draw their instances from here.  Every strategy
shrinks towards *tiny integer* instances (few points, low dimension, small
coordinates close to 0), so a failing property is reported with a readable
counterexample.  Data sets are lists of rows (lists) of ``int`` or
``fractions.Fraction``, i.e. directly acceptable by
:func:`exactrelu.exact.parse.exact_matrix`.

* :func:`integer_datasets`, :func:`rational_datasets` — arbitrary data (may be
  degenerate);
* :func:`generic_datasets` — data in affine general position (Matena & Raffel
  2022, section 4.1; Proposition 6 of Karhadkar et al.), certified by
  :func:`exactrelu.geometry.position.affine_general_position`;
* :func:`degenerate_datasets` — data certainly *not* in affine general position
  (planted duplicates, collinear/coplanar subsets, zero-coordinate patterns):
  negative controls;
* :func:`one_d_datasets` — sorted 1-D data (Lemma 9 of Karhadkar et al.),
  distinct or with planted duplicates;
* :func:`normal_matrices` — nonzero integer normal vectors of a central
  arrangement;
* :func:`step_vector_matrices` — activation matrices of 1-D data whose rows
  are step vectors (the non-empty regions, Lemma 9), optionally *complete*
  together with output weights (Lemma 15) or with a planted non-step row;
* :func:`label_vectors` — integer or rational labels y.

Sizes are given as an ``int``, a ``(min, max)`` pair, or a hypothesis strategy.

Examples
--------
>>> from hypothesis import given
>>> from exactrelu.geometry.position import affine_general_position
>>> @given(generic_datasets(d=2, n=(3, 5)))
... def test(X):
...     assert affine_general_position(X)
>>> test()
"""

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, TypeAlias

from hypothesis import strategies as st

from exactrelu.exact.errors import InvalidDataError
from exactrelu.geometry.position import affine_general_position

Size: TypeAlias = int | tuple[int, int] | st.SearchStrategy[int]
"""A size: a fixed int, a (min, max) range or a strategy of ints."""

__all__ = [
    "DEGENERACIES",
    "Size",
    "degenerate_datasets",
    "generic_datasets",
    "integer_datasets",
    "label_vectors",
    "normal_matrices",
    "one_d_datasets",
    "rational_datasets",
    "set_cover_instances",
    "step_vector_matrices",
]

DEGENERACIES = ("duplicate", "collinear", "coplanar", "zero_pattern")
"""Kinds of planted degeneracy :func:`degenerate_datasets` can produce."""


def _size(spec: Size, name: str) -> st.SearchStrategy[int]:
    """An int, a (min, max) pair or a strategy -> a strategy of ints."""
    if isinstance(spec, st.SearchStrategy):
        return spec
    if isinstance(spec, int) and not isinstance(spec, bool):
        if spec < 0:
            raise InvalidDataError(f"{name} must be >= 0, got {spec}")
        return st.just(spec)
    if isinstance(spec, tuple) and len(spec) == 2:
        lo, hi = spec
        if not (0 <= lo <= hi):
            raise InvalidDataError(f"{name} range must satisfy 0 <= min <= max, got {spec}")
        return st.integers(lo, hi)
    raise InvalidDataError(f"{name} must be an int, a (min, max) pair or a strategy, got {spec!r}")


def _coords(max_value: int) -> st.SearchStrategy[int]:
    return st.integers(-max_value, max_value)


@st.composite
def integer_datasets(
    draw: st.DrawFn, d: Size = (1, 3), n: Size = (1, 6), max_value: int = 5
) -> list[list[int]]:
    """N points in Z^d with coordinates in [-max_value, max_value].

    Parameters
    ----------
    d : int, (min, max) or strategy
        Data dimension (default 1..3).
    n : int, (min, max) or strategy
        Number of points (default 1..6).
    max_value : int
        Bound on |coordinates|.

    Shrinks towards few points in low dimension with coordinates 0.

    >>> from hypothesis import given
    >>> @given(integer_datasets(d=2, n=3))
    ... def t(X): assert len(X) == 3 and all(len(r) == 2 for r in X)
    >>> t()
    """
    dim = draw(_size(d, "d"))
    size = draw(_size(n, "n"))
    if dim < 1 or size < 1:
        raise InvalidDataError("data sets need d >= 1 and n >= 1")
    return draw(
        st.lists(st.lists(_coords(max_value), min_size=dim, max_size=dim), min_size=size, max_size=size)
    )


@st.composite
def rational_datasets(
    draw: st.DrawFn, d: Size = (1, 3), n: Size = (1, 6), max_numerator: int = 5, max_denominator: int = 4
) -> list[list[Fraction]]:
    """N points in Q^d with entries p/q, |p| <= max_numerator, 1 <= q <= max_denominator.

    Entries are :class:`fractions.Fraction`; shrinks towards integers near 0.
    """
    dim = draw(_size(d, "d"))
    size = draw(_size(n, "n"))
    if dim < 1 or size < 1:
        raise InvalidDataError("data sets need d >= 1 and n >= 1")
    entry = st.builds(Fraction, _coords(max_numerator), st.integers(1, max_denominator))
    return draw(st.lists(st.lists(entry, min_size=dim, max_size=dim), min_size=size, max_size=size))


def _moment(s, dim):
    return [s ** (k + 1) for k in range(dim)]


def _repair(X, max_rounds=200):
    """Move points along moment-curve directions until affine general position holds.

    Each round takes the last point of the reported circuit and adds m(s) =
    (s, s^2, ..., s^d) for a fresh s; a bad affine hyperplane meets this curve
    in at most d values of s, so the loop ends.  Deterministic (shrinks well).
    """
    X = [list(r) for r in X]
    dim = len(X[0])
    s = 1
    for _ in range(max_rounds):
        res = affine_general_position(X)
        if res.holds:
            return X
        if res.subset is None:  # pragma: no cover - a failure always names its dependent subset
            break
        j = res.subset[-1]
        X[j] = [a + b for a, b in zip(X[j], _moment(s, dim))]
        s += 1
    raise RuntimeError("could not repair the data set into general position")  # pragma: no cover


@st.composite
def generic_datasets(
    draw: st.DrawFn, d: Size = (1, 3), n: Size = (1, 6), max_value: int = 5, method: str = "repair"
) -> list[list[int]]:
    """N integer points in R^d in affine general position (certified).

    Parameters
    ----------
    d, n, max_value
        As in :func:`integer_datasets`.
    method : {'repair', 'moment'}
        ``'repair'``: draw arbitrary integer points, then move points of each
        reported affine circuit along moment-curve directions until
        :func:`~exactrelu.geometry.position.affine_general_position` certifies general
        position (coordinates may then exceed ``max_value``).  ``'moment'``:
        points (t, t^2, ..., t^d) for distinct integers t (a cyclic polytope;
        any d + 1 of them are affinely independent by Vandermonde), shuffled.

    Shrinks towards small instances; the repair is deterministic, so a shrunk
    draw gives a shrunk data set.
    """
    dim = draw(_size(d, "d"))
    size = draw(_size(n, "n"))
    if method == "moment":
        ts = draw(
            st.lists(
                st.integers(-max(max_value, size), max(max_value, size)),
                min_size=size,
                max_size=size,
                unique=True,
            )
        )
        return [_moment(t, dim) for t in ts]
    if method != "repair":
        raise InvalidDataError(f"method must be 'repair' or 'moment', got {method!r}")
    X = draw(integer_datasets(d=dim, n=size, max_value=max_value))
    return _repair(X)


@st.composite
def degenerate_datasets(
    draw: st.DrawFn,
    d: Size = (1, 3),
    n: Size = (2, 6),
    max_value: int = 5,
    kinds: Sequence[str] = DEGENERACIES,
    with_kind: bool = False,
) -> Any:
    """N integer points in R^d that are certainly *not* in affine general position.

    One degeneracy is planted into otherwise arbitrary points:

    * ``'duplicate'`` — a point repeated;
    * ``'collinear'`` — three points a, b, a + t(b - a) on a line (d >= 2, n >= 3);
    * ``'coplanar'`` — d + 1 points in one affine hyperplane (n >= d + 1);
    * ``'zero_pattern'`` — min(n, d + 1) points with a common zero coordinate
      (for d = 1 this plants a duplicate 0; needs n >= d + 1 for d >= 2).

    Kinds that need more points or dimensions than drawn fall back to
    ``'duplicate'``.  The planted points are placed at random positions.

    Parameters
    ----------
    kinds : tuple of str
        Allowed kinds (subset of :data:`DEGENERACIES`).
    with_kind : bool
        Return ``(X, kind)`` instead of ``X``.
    """
    for k in kinds:
        if k not in DEGENERACIES:
            raise InvalidDataError(f"unknown degeneracy {k!r}; choose from {DEGENERACIES}")
    dim = draw(_size(d, "d"))
    size = draw(_size(n, "n"))
    if size < 2:
        raise InvalidDataError("a degenerate data set needs n >= 2")
    kind = draw(st.sampled_from(tuple(kinds)))
    if kind == "collinear" and (dim < 2 or size < 3):
        kind = "duplicate"
    if kind in ("coplanar", "zero_pattern") and dim >= 2 and size < dim + 1:
        kind = "duplicate"
    if kind == "coplanar" and dim == 1:
        kind = "duplicate"
    X = draw(integer_datasets(d=dim, n=size, max_value=max_value))
    order = draw(st.permutations(range(size)))
    coords = _coords(max_value)
    if kind == "duplicate":
        X[order[1]] = list(X[order[0]])
    elif kind == "collinear":
        a, b = X[order[0]], X[order[1]]
        t = draw(st.integers(-3, 3))
        X[order[2]] = [p + t * (q - p) for p, q in zip(a, b)]
    elif kind == "coplanar":
        # d + 1 points on the hyperplane {x : <c, x> = c0} with integer c != 0
        c = draw(st.lists(st.integers(-2, 2), min_size=dim, max_size=dim).filter(any))
        piv = next(i for i, v in enumerate(c) if v)
        for idx in order[: dim + 1]:
            p = [draw(coords) for _ in range(dim)]
            # choose p[piv] so that <c, p> = 0 * c[piv] + rest (scale others by c[piv])
            rest = sum(c[i] * p[i] for i in range(dim) if i != piv)
            p = [v * c[piv] for v in p]
            p[piv] = -rest
            X[idx] = p
    else:  # zero_pattern
        j = draw(st.integers(0, dim - 1))
        for idx in order[: min(size, dim + 1)]:
            X[idx] = list(X[idx])
            X[idx][j] = 0
    return (X, kind) if with_kind else X


@st.composite
def one_d_datasets(
    draw: st.DrawFn, n: Size = (1, 8), max_value: int = 10, duplicates: bool = False, sort: bool = True
) -> list[list[int]]:
    """Sorted 1-D data [[x_1], ..., [x_N]] (Lemma 9 of Karhadkar et al.).

    Parameters
    ----------
    n : int, (min, max) or strategy
        Number of points (default 1..8).
    max_value : int
        Bound on |x| (raised to n if needed for distinct points).
    duplicates : bool or None
        ``False``: distinct points; ``True``: at least one repeated point
        (needs n >= 2); ``None``: anything.
    sort : bool
        Return the points in increasing order (else a random order).
    """
    size = draw(_size(n, "n"))
    if size < 1:
        raise InvalidDataError("n must be >= 1")
    bound = max(max_value, size)
    if duplicates is False:
        xs = draw(st.lists(st.integers(-bound, bound), min_size=size, max_size=size, unique=True))
    else:
        xs = draw(st.lists(st.integers(-bound, bound), min_size=size, max_size=size))
        if duplicates is True:
            if size < 2:
                raise InvalidDataError("a 1-D data set with duplicates needs n >= 2")
            i, j = draw(st.permutations(range(size)))[:2]
            xs[j] = xs[i]
    if sort:
        xs.sort()
    else:
        xs = draw(st.permutations(xs))
    return [[x] for x in xs]


@st.composite
def normal_matrices(
    draw: st.DrawFn, D: Size = (1, 4), n: Size = (1, 6), max_value: int = 3, nonzero: bool = True
) -> list[list[int]]:
    """n integer normal vectors in Z^D (rows), nonzero unless ``nonzero=False``.

    Shrinks towards few short vectors with small entries (a zero row is
    repaired into a unit vector, keeping shrinking monotone).
    """
    dim = draw(_size(D, "D"))
    size = draw(_size(n, "n"))
    if dim < 1 or size < 1:
        raise InvalidDataError("normal matrices need D >= 1 and n >= 1")
    rows = draw(
        st.lists(st.lists(_coords(max_value), min_size=dim, max_size=dim), min_size=size, max_size=size)
    )
    if nonzero:
        for i, r in enumerate(rows):
            if not any(r):
                rows[i] = [1 if k == i % dim else 0 for k in range(dim)]
    return rows


def _steps(n):
    from exactrelu.landscape.step_vectors import step_vectors

    return step_vectors(n)


@st.composite
def step_vector_matrices(
    draw: st.DrawFn,
    n: Size = (1, 6),
    units: Size = (1, 8),
    complete: bool = False,
    with_v: bool = False,
    non_step: bool = False,
) -> Any:
    """A d_1 x n activation matrix whose rows are step vectors (sorted column order).

    Parameters
    ----------
    n, units : int, (min, max) or strategy
        Data points and units d_1 (for ``complete=True`` the 2n key units are
        added on top of ``units`` slack units).
    complete : bool
        Include, for every k < n and both signs of v, a unit with row
        ξ^(k+1,1) (Lemma 15's hypothesis); implies ``with_v``.
    with_v : bool
        Return ``(A, v)`` with nonzero integer output weights v.
    non_step : bool
        Replace one row by a binary row that is *not* a step vector (needs
        n >= 3): a negative control, its region is empty for 1-D data.
    """
    from exactrelu.landscape.step_vectors import is_step_vector, step_vector

    size = draw(_size(n, "n"))
    d1 = draw(_size(units, "units"))
    steps = _steps(size)
    rows = [draw(st.sampled_from(steps)) for _ in range(d1)]
    v = [draw(st.integers(1, 3)) * draw(st.sampled_from((1, -1))) for _ in range(d1)]
    if complete:
        for k in range(size):
            rows += [step_vector(size, k + 1, 1)] * 2
            v += [draw(st.integers(1, 3)), -draw(st.integers(1, 3))]
        perm = draw(st.permutations(range(len(rows))))
        rows, v = [rows[i] for i in perm], [v[i] for i in perm]
    if non_step:
        if size < 3:
            raise InvalidDataError("a binary row that is not a step vector needs n >= 3")
        bad = draw(
            st.lists(st.integers(0, 1), min_size=size, max_size=size).filter(lambda r: not is_step_vector(r))
        )
        rows[draw(st.integers(0, len(rows) - 1))] = tuple(bad)
    return (rows, v) if (complete or with_v) else rows


@st.composite
def label_vectors(draw: st.DrawFn, n: int, max_value: int = 5, rational: bool = False) -> list[Any]:
    """n labels in [-max_value, max_value]: integers, or Fractions with denominators <= 4."""
    if rational:
        return [
            Fraction(draw(st.integers(-max_value * 4, max_value * 4)), draw(st.integers(1, 4)))
            for _ in range(n)
        ]
    return [draw(st.integers(-max_value, max_value)) for _ in range(n)]


@st.composite
def set_cover_instances(draw: st.DrawFn, n: Size = (1, 4), m: Size = (1, 4), yes: bool | None = None) -> Any:
    """Set cover instances (:class:`~exactrelu.training.set_cover.SetCover`) on {1..n}, m sets, a budget k.

    Every element is put in some set (a random set receives each uncovered
    element), so the instance is valid.  ``yes=True`` / ``False`` draws k on the
    YES side (k ≥ minimum cover) or the NO side (k < minimum cover; instances whose
    minimum cover is 1 are then rejected).  Shrinks towards few small sets.
    """
    from exactrelu.training.set_cover import SetCover, minimum_cover

    size, count = draw(_size(n, "n")), draw(_size(m, "m"))
    if size < 1 or count < 1:
        raise InvalidDataError("set cover instances need n >= 1 and m >= 1")
    if yes is False:  # a NO instance needs a minimum cover >= 2: no set may be the whole universe
        size, count = max(size, 2), max(count, 2)
    cap = size - 1 if yes is False else size
    sets = [set(draw(st.lists(st.integers(1, size), max_size=cap, unique=True))) for _ in range(count)]
    for u in range(1, size + 1):
        if not any(u in S for S in sets):
            room = [j for j, S in enumerate(sets) if len(S) < cap]
            if room:
                sets[draw(st.sampled_from(room))].add(u)
            else:
                sets.append({u})
    for S in sets:
        if not S:
            S.add(draw(st.integers(1, size)))
    opt = minimum_cover(SetCover(size, sets, 1)).size
    if yes is None:
        k = draw(st.integers(1, len(sets)))
    elif yes:
        k = draw(st.integers(opt, max(opt, len(sets))))
    else:
        k = draw(st.integers(1, opt - 1))
    return SetCover(size, sets, k)
