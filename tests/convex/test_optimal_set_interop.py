"""OptimalSet: a one-line repr (it was 3 to 60 kB), a notebook table and to_frame (issue 17, item 3)."""

import dataclasses
import random
from fractions import Fraction

import pytest

from exactrelu.convex.dichotomies import dichotomies
from exactrelu.convex.optimal_set import optimal_set
from exactrelu.exact.errors import InvalidDataError


def _dataclass_repr(S):
    fields = [f for f in dataclasses.fields(S) if f.repr]
    return f"OptimalSet({', '.join(f'{f.name}={getattr(S, f.name)!r}' for f in fields)})"


@pytest.fixture(scope="module")
def square():
    return optimal_set(dichotomies([(1, 1), (1, -1), (-1, -1), (-1, 1)]), (1, 1, 1, 1), "1/5")


@pytest.fixture(scope="module")
def float_set():
    rng = random.Random(0)
    X = [(rng.randint(-5, 5), rng.randint(-5, 5)) for _ in range(6)]
    y = [rng.choice([-1, 1]) for _ in X]
    return optimal_set(dichotomies(X), y, "1/10")


def test_exact_repr_and_frames(square):
    assert (
        repr(square) == "OptimalSet(beta=0.2, exact, P*=0.38, |E|=4, |S|=4, vertices=2, unique=False, m*=2)"
    )
    assert len(_dataclass_repr(square)) > 3000  # what the generated repr printed
    html = square._repr_html_()
    assert html.startswith("<table>") and "0.38" in html and len(html) < 2000
    blocks = square.to_frame()
    assert list(blocks.columns) == ["block", "equicorrelated", "support", "core", "correlation"]
    assert blocks["support"].all() and len(blocks) == len(square.candidates)
    vertices = square.to_frame("vertices")
    assert vertices.shape == (2, 4)
    assert all(isinstance(x, Fraction) for x in vertices.to_numpy().ravel())
    # each vertex reproduces the fit: Σ α_b c_b = ŷ, checked exactly through the solution map
    for v in square.vertices:
        assert square.fit_of(v) == square.fit
    with pytest.raises(InvalidDataError, match="kind"):
        square.to_frame("rows")


def test_float_repr_is_one_short_line(float_set):
    text = repr(float_set)
    assert "\n" not in text and len(text) <= 120 and "float" in text and "≈" in text
    assert len(_dataclass_repr(float_set)) > 10 * len(text)
    assert len(float_set._repr_html_()) < 2000
    assert float_set.to_frame("vertices").shape[0] == len(float_set.vertices_float)
