"""Built-in example datasets (small, exact, integer).

The centre piece is :func:`figure1_dataset`, a 5-point dataset in R^2 in
general position like the one in Figure 1 of Matena & Raffel (2022), "A
Combinatorial Perspective on the Optimization of Shallow ReLU Networks",
section 3.  The paper does not print the coordinates of its points, so the
coordinates here are **our reconstruction**: any 5 points in R^2 with no three
on a line give the same counts.  With a bias the parameter space is R^3, the
arrangement of the 5 planes <x̄_i, w> = 0 has 2(1 + 4 + 6) = 22 chambers and
the dual zonotope in R^3 has 22 vertices (Zaslavsky's count for 5 central
planes in general position in R^3).

The other datasets are tiny instances that are *not* in general position, for
tests, the CLI (``exactrelu … --example NAME``) and the documentation.

Every dataset is a function returning a fresh nested list of ``int`` (or
``Fraction``); the registry :func:`get_dataset`/:func:`list_datasets` maps names
to them.  ``near_degenerate`` is :func:`exactrelu.geometry.float_baseline.near_degenerate_dataset`,
the example on which float arithmetic loses chambers.

Examples
--------
>>> figure1_dataset()
[[4, 4], [-2, 4], [-3, -1], [-1, -3], [3, -2]]
>>> get_dataset("square")
[[0, 0], [1, 0], [0, 1], [1, 1]]
>>> "figure1" in list_datasets()
True
"""

from collections.abc import Callable
from fractions import Fraction

from exactrelu.exact.errors import InvalidDataError

Dataset = list[list[int]]

__all__ = [
    "CONVEX_EXAMPLE1_LABELS",
    "collinear_triple",
    "convex_example1",
    "describe_dataset",
    "duplicate_points",
    "figure1_dataset",
    "get_dataset",
    "list_datasets",
    "points_1d",
    "square",
]


def figure1_dataset() -> Dataset:
    """Five points in R^2 in general position, like Figure 1 of Matena & Raffel (2022).

    The paper does not give coordinates; these are our reconstruction.  They
    are chosen so that

    * no three points are collinear (affine general position), hence the
      homogenised points x̄_i = (x_i, 1) are in linear general position in R^3
      and the arrangement has 2(C(4,0) + C(4,1) + C(4,2)) = 22 chambers;
    * no two points are collinear with the origin and no point is the origin,
      so the slice w_3 = 1 of the arrangement shows 5 pairwise non-parallel
      lines meeting in 10 distinct points (1 + 5 + 10 = 16 regions), the other
      6 chambers lying entirely in w_3 < 0;
    * among small integer candidates, the 10 crossing points in that slice are
      well spread (no thin regions), so that the picture is readable.  The
      points are numbered counter-clockwise around the origin.

    Returns
    -------
    list of list of int
        5 rows, 2 columns.

    Examples
    --------
    >>> X = figure1_dataset()
    >>> len(X), len(X[0])
    (5, 2)
    """
    return [[4, 4], [-2, 4], [-3, -1], [-1, -3], [3, -2]]


def collinear_triple() -> Dataset:
    """Three collinear points plus one point off their line (not in general position).

    The homogenised points of the triple (0,0), (1,1), (2,2) are linearly
    dependent: x̄_1 - 2 x̄_2 + x̄_3 = 0, an affine dependency with
    coefficients (1, -2, 1, 0).  The arrangement has 12 chambers instead of the
    14 of four points in general position.

    Examples
    --------
    >>> collinear_triple()
    [[0, 0], [1, 1], [2, 2], [3, 0]]
    """
    return [[0, 0], [1, 1], [2, 2], [3, 0]]


def duplicate_points() -> Dataset:
    """A dataset with a repeated point (rows 0 and 1 coincide).

    Duplicated points give identical hyperplanes, so in every activation
    pattern the two rows are both active or both inactive.  The arrangement
    has as many chambers as that of the three distinct points (8).

    Examples
    --------
    >>> duplicate_points()
    [[1, 2], [1, 2], [0, 0], [3, 1]]
    """
    return [[1, 2], [1, 2], [0, 0], [3, 1]]


def square() -> Dataset:
    """The four corners of the unit square.

    No three corners are collinear, so the data are in (affine) general
    position and the arrangement has the generic 14 = 2(1 + 3 + 3) chambers,
    even though the corners satisfy the symmetric affine relation
    x_1 - x_2 - x_3 + x_4 = 0 (four points in R^2 always satisfy one).

    Examples
    --------
    >>> square()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    return [[0, 0], [1, 0], [0, 1], [1, 1]]


def points_1d() -> Dataset:
    """Three points on the real line: a 2-D zonotope (a hexagon) with 6 vertices.

    With a bias, 1-D data gives an arrangement of N lines through the origin
    of R^2 (pairwise distinct if the points are), so 2N chambers.

    Examples
    --------
    >>> points_1d()
    [[-1], [1], [3]]
    """
    return [[-1], [1], [3]]


CONVEX_EXAMPLE1_LABELS = (1, 0, 0)
"""Labels of :func:`convex_example1` (with β = 1/10 and the loss ½‖ŷ − y‖²)."""


def convex_example1() -> Dataset:
    """Example 1 of Wang, Lacotte & Pilanci 2022: three points in R^2, no bias.

    Our copy of the paper prints X illegibly.  The six listed dichotomies 000, 010, 011,
    100, 101, 111 need x_3 = a x_1 + b x_2 with a, b > 0; X = [[1,0],[0,1],[1,1]] is the
    only 0/1 matrix with them (up to swapping x_1 and x_2, which y fixes), and
    y = (1, 0, 0) with ½‖ŷ − y‖² and β = 1/10 reproduces the reported single block
    w5* ≈ (0.86, −0.79) on pattern 101 (our reconstruction; docs/reconstructions.md,
    'Wang, Lacotte & Pilanci 2022: programs and Example 1').
    Labels: :data:`CONVEX_EXAMPLE1_LABELS`.

    >>> convex_example1()
    [[1, 0], [0, 1], [1, 1]]
    """
    return [[1, 0], [0, 1], [1, 1]]


def _near_degenerate() -> list[list[Fraction]]:
    # imported here so that `import exactrelu` does not load numpy for the float baseline
    from exactrelu.geometry.float_baseline import near_degenerate_dataset

    return [list(row) for row in near_degenerate_dataset()]


_REGISTRY: dict[str, tuple[Callable[[], list[list]], str]] = {
    "figure1": (
        figure1_dataset,
        "5 points in R^2 in general position (our reconstruction of Figure 1 of Matena & Raffel 2022); "
        "22 chambers",
    ),
    "collinear_triple": (collinear_triple, "3 collinear points and 1 more in R^2 (not in general position)"),
    "duplicate_points": (duplicate_points, "4 points in R^2, rows 0 and 1 equal"),
    "square": (square, "the 4 corners of the unit square"),
    "points_1d": (points_1d, "3 points on the line: a hexagonal zonotope"),
    "near_degenerate": (
        _near_degenerate,
        "nearly collinear points on which float arithmetic gets the chambers wrong",
    ),
    "convex_example1": (
        convex_example1,
        "Example 1 of Wang-Lacotte-Pilanci 2022 (use --no-bias, labels 1,0,0, beta 1/10): 6 dichotomies",
    ),
}


def list_datasets() -> list[str]:
    """Names of the built-in datasets, sorted.

    Examples
    --------
    >>> list_datasets()[:3]
    ['collinear_triple', 'convex_example1', 'duplicate_points']
    """
    return sorted(_REGISTRY)


def describe_dataset(name: str) -> str:
    """One-line description of a built-in dataset.

    >>> describe_dataset("square")
    'the 4 corners of the unit square'
    """
    key = _key(name)
    if key in _REGISTRY:
        return _REGISTRY[key][1]
    raise _unknown(name)


def _key(name: str) -> str:
    return str(name).strip().replace("-", "_")


def _unknown(name: str) -> InvalidDataError:
    return InvalidDataError(f"unknown example {name!r}; choose one of: {', '.join(list_datasets())}")


def get_dataset(name: str) -> list[list[int | Fraction]]:
    """Return the built-in dataset called ``name`` as a fresh nested list.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets` (hyphens and underscores are interchangeable).

    Raises
    ------
    InvalidDataError
        Unknown name; the message lists the known ones.

    Examples
    --------
    >>> get_dataset("points-1d")
    [[-1], [1], [3]]
    """
    key = _key(name)
    if key in _REGISTRY:
        return [list(row) for row in _REGISTRY[key][0]()]
    raise _unknown(name)
