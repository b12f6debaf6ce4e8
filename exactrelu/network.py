"""A shallow ReLU network with exact rational weights.

Matena & Raffel (2022), section 2: the network

    f(x) = Σ_j v_j relu(w_j · x̄),      x̄ = (x, 1)  (bias last; x̄ = x without bias),

with first layer W ∈ Q^{m×(d+1)} (row j is unit j, bias folded in) and second
layer v ∈ Q^m.  The paper fixes v during training; by positive homogeneity of
relu, v ∈ {+1, −1}^m loses nothing (the factor abs(v_j) can be moved into w_j).

Everything here is exact: outputs, activation patterns and losses are Fractions.
Floats enter only through :meth:`ShallowReLU.from_numpy` (each float read as its
exact binary value) and leave through :meth:`ShallowReLU.to_numpy`, so a network
trained in floats can be judged exactly.

Examples
--------
>>> net = ShallowReLU([[1, 0], [-1, 0]], [1, 1])      # relu(x) + relu(-x) = |x|
>>> net([[-2], [0], [3]])
(Fraction(2, 1), Fraction(0, 1), Fraction(3, 1))
>>> net.activation_pattern([[-2], [3]])
((0, 1), (1, 0))
>>> net.loss([[-2], [3]], [2, 1])
Fraction(4, 1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.linalg import dot
from exactrelu.exact.parse import exact_labels, exact_matrix, exact_points, exact_vector, reading_floats
from exactrelu.exact.types import MatrixLike, Pattern, VectorLike
from exactrelu.geometry.interop import exact_frame_value, html_summary, require_pandas, short_list

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ShallowReLU"]

_ZERO = Fraction(0)


@dataclass(frozen=True, eq=True)
class ShallowReLU:
    """f(x) = Σ_j v_j relu(w_j · x̄) with exact weights (Matena & Raffel 2022, section 2).

    Parameters
    ----------
    W : table, shape (m, d+1) with bias, (m, d) without
        First-layer weights, one row per hidden unit, bias last.
    v : sequence of m numbers, optional
        Second-layer weights (default all ones).
    bias : bool
        Whether the rows of W carry a bias (x̄ = (x, 1)).

    Raises
    ------
    InvalidDataError
        Ragged W, a v of the wrong length, or a non-number.

    Examples
    --------
    >>> net = ShallowReLU([[1, -1]], [2])                  # 2 relu(x − 1)
    >>> net.n_units, net.input_dim, net.n_parameters
    (1, 1, 3)
    >>> net.output([[3]]), net.pre_activations([[3]])
    ((Fraction(4, 1),), ((Fraction(2, 1),),))
    >>> ShallowReLU.from_dict(net.to_dict()) == net
    True
    """

    W: tuple[tuple[Fraction, ...], ...]
    v: tuple[Fraction, ...]
    bias: bool = True

    def __init__(self, W: MatrixLike, v: VectorLike | None = None, *, bias: bool = True) -> None:
        rows = exact_matrix(W, name="first-layer weights W")
        out = exact_vector((1,) * len(rows) if v is None else v, name="second-layer weights v")
        if len(out) != len(rows):
            raise InvalidDataError(f"v has {len(out)} entries but W has {len(rows)} rows (hidden units)")
        object.__setattr__(self, "W", rows)
        object.__setattr__(self, "v", out)
        object.__setattr__(self, "bias", bool(bias))

    # ---- shape -------------------------------------------------------------
    @property
    def n_units(self) -> int:
        """Number of hidden units m."""
        return len(self.W)

    @property
    def input_dim(self) -> int:
        """Input dimension d (the bias column excluded)."""
        return len(self.W[0]) - (1 if self.bias else 0)

    @property
    def n_parameters(self) -> int:
        """m (d + 1) + m with a bias, m d + m without (both layers)."""
        return self.n_units * (len(self.W[0]) + 1)

    # ---- evaluation ----------------------------------------------------------
    def _points(self, X: MatrixLike) -> tuple[tuple[Fraction, ...], ...]:
        return exact_points(X, bias=self.bias, dim=self.input_dim)

    def pre_activations(self, X: MatrixLike) -> tuple[tuple[Fraction, ...], ...]:
        """The m × N table of w_j · x̄_i (exact)."""
        pts = self._points(X)
        return tuple(tuple(dot(w, p) for p in pts) for w in self.W)

    def output(self, X: MatrixLike) -> tuple[Fraction, ...]:
        """f(x_i) for every row x_i of X, exactly."""
        pre = self.pre_activations(X)
        n = len(pre[0])
        return tuple(
            sum((vj * row[i] for vj, row in zip(self.v, pre) if row[i] > 0), _ZERO) for i in range(n)
        )

    __call__ = output

    def activation_pattern(self, X: MatrixLike) -> tuple[Pattern, ...]:
        """A ∈ {0,1}^{m×N} with A_ji = 1 iff w_j · x̄_i > 0 (Matena & Raffel, eq. (2)).

        Points with w_j · x̄_i = 0 get 0 (relu is inactive there); :meth:`boundary`
        lists them, since such W lies on the boundary of several closed regions.
        """
        return tuple(tuple(int(z > 0) for z in row) for row in self.pre_activations(X))

    def boundary(self, X: MatrixLike) -> tuple[tuple[int, int], ...]:
        """Pairs (unit j, point i) with w_j · x̄_i = 0."""
        return tuple(
            (j, i) for j, row in enumerate(self.pre_activations(X)) for i, z in enumerate(row) if z == 0
        )

    def residuals(self, X: MatrixLike, y: VectorLike) -> tuple[Fraction, ...]:
        """y_i − f(x_i), exactly."""
        out = self.output(X)
        return tuple(t - f for t, f in zip(exact_labels(y, len(out)), out))

    def loss(self, X: MatrixLike, y: VectorLike, *, mean: bool = False) -> Fraction:
        """Σ_i (f(x_i) − y_i)², or the paper's mean loss eq. (1) with ``mean=True``."""
        r = self.residuals(X, y)
        total = sum((t * t for t in r), _ZERO)
        return total / len(r) if mean else total

    # ---- conversion ------------------------------------------------------------
    def to_numpy(self) -> tuple[np.ndarray, np.ndarray]:
        """(W, v) as float64 arrays (rounded: for training baselines, not for decisions)."""
        import numpy as np

        return (
            np.array([[float(x) for x in w] for w in self.W], dtype=float),
            np.array([float(x) for x in self.v], dtype=float),
        )

    @classmethod
    def from_numpy(cls, W: MatrixLike, v: VectorLike | None = None, *, bias: bool = True) -> ShallowReLU:
        """The network whose weights are the *exact* binary values of float arrays W, v (the network the
        float computation had; ``ShallowReLU(W, v)`` reads floats as their shortest decimals instead)."""
        with reading_floats("binary"):
            return cls(W, v, bias=bias)

    @classmethod
    def from_region_solution(cls, solution: Any, *, bias: bool = True) -> ShallowReLU:
        """The network of a :class:`~exactrelu.training.region.RegionSolution` (weights and v)."""
        return cls(solution.weights, solution.v, bias=bias)

    def float_output(self, X: MatrixLike) -> np.ndarray:
        """f evaluated in float64 (numpy): to measure what rounding does, never to decide."""
        import numpy as np

        Wf, vf = self.to_numpy()
        Xf = np.array([[float(c) for c in row] for row in exact_matrix(X, dim=self.input_dim, name="data")])
        if self.bias:
            Xf = np.hstack([Xf, np.ones((len(Xf), 1))])
        return np.maximum(Xf @ Wf.T, 0.0) @ vf

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; Fractions become ``"p/q"`` strings (integers stay ints)."""
        return to_jsonable({"W": self.W, "v": self.v, "bias": self.bias})

    @classmethod
    def from_dict(cls, d: dict[str, Any] | str) -> ShallowReLU:
        """Inverse of :meth:`to_dict` (also reads a JSON string)."""
        try:
            data: Any = json.loads(d) if isinstance(d, str) else d
            return cls(data["W"], data.get("v"), bias=data.get("bias", True))
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError):
            raise InvalidDataError(
                "a network is a dict with keys 'W' (rows, bias last), 'v' and 'bias'"
            ) from None

    def __repr__(self) -> str:
        return f"ShallowReLU(m={self.n_units}, d={self.input_dim}, bias={self.bias})"

    def _repr_html_(self) -> str:
        return html_summary(
            "Shallow ReLU network f(x) = Σ_j v_j relu(w_j · x̄)",
            [
                ("hidden units m", self.n_units),
                ("input dimension d", self.input_dim),
                ("bias", self.bias),
                ("parameters", self.n_parameters),
                ("v", short_list(self.v, 6)),
            ],
        )

    def to_frame(self) -> Any:
        """The weights as a pandas DataFrame: one row per hidden unit, columns ``w0, ..., b, v``.

        Entries are exact (``int`` when integral, else ``Fraction``); ``b`` is the bias
        column (present only with ``bias=True``).

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install 'exactrelu[pandas]'``).

        Examples
        --------
        >>> ShallowReLU([[1, "-1/2"]], [2]).to_frame().values.tolist()
        [[1, Fraction(-1, 2), 2]]
        """
        pd = require_pandas()
        d = self.input_dim
        columns = [f"w{j}" for j in range(d)] + (["b"] if self.bias else []) + ["v"]
        rows = [[exact_frame_value(x) for x in (*w, vj)] for w, vj in zip(self.W, self.v)]
        return pd.DataFrame(rows, columns=columns)
