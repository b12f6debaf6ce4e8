"""exactrelu: exact, certified combinatorial geometry of shallow ReLU networks.

The activation regions of one ReLU unit on data X are the chambers of the central
hyperplane arrangement with normals x̄_i = (x_i, 1); they correspond to the vertices
of the zonotope Σ_i [0, x̄_i] (Matena & Raffel 2022, section 3).  Everything here is
computed in exact integer/rational arithmetic and carries a certificate.

The package is built in floors, each importing only from the ones below it:

* :mod:`exactrelu.exact` — exact input, linear algebra, LPs, NNLS, intervals, certificates;
* :mod:`exactrelu.geometry` — arrangements, zonotopes, counting, general position, perturbation;
* :mod:`exactrelu.network` — :class:`ShallowReLU`;
* the papers, side by side: :mod:`exactrelu.training` (Matena & Raffel 2022),
  :mod:`exactrelu.landscape` (Karhadkar, Murray, Tseran & Montúfar 2023),
  :mod:`exactrelu.convex` (Wang, Lacotte & Pilanci 2022; Mishkin & Pilanci 2023);
* :mod:`exactrelu.plot`, :mod:`exactrelu.strategies` and :mod:`exactrelu.cli` on top.

The objects a user meets first are importable from here:

>>> from exactrelu import HyperplaneArrangement, Zonotope, activation_patterns, get_dataset
>>> X = get_dataset("figure1")
>>> HyperplaneArrangement.from_data(X).n_regions(), Zonotope.from_data(X).f_vector()
(22, (1, 22, 40, 20, 1))
>>> len(activation_patterns(X))
22
"""

from exactrelu.datasets import get_dataset, list_datasets
from exactrelu.exact.errors import (
    CertificateError,
    DegenerateInputError,
    ExactReluError,
    InexactInputError,
    InvalidDataError,
    SizeLimitError,
    SolverError,
)
from exactrelu.geometry.arrangement import Chamber, Face, HyperplaneArrangement
from exactrelu.geometry.patterns import activation_patterns
from exactrelu.geometry.zonotope import Zonotope, ZonotopeFace, ZonotopePower
from exactrelu.network import ShallowReLU

__version__ = "0.2.0"

__all__ = [
    "CertificateError",
    "Chamber",
    "DegenerateInputError",
    "ExactReluError",
    "Face",
    "HyperplaneArrangement",
    "InexactInputError",
    "InvalidDataError",
    "ShallowReLU",
    "SizeLimitError",
    "SolverError",
    "Zonotope",
    "ZonotopeFace",
    "ZonotopePower",
    "activation_patterns",
    "get_dataset",
    "list_datasets",
]
