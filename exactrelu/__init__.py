"""exactrelu: exact, certified combinatorial geometry of shallow ReLU networks.

The activation regions of one ReLU unit on data X are the chambers of the central
hyperplane arrangement with normals x̄_i = (x_i, 1); they correspond to the vertices
of the zonotope Σ_i [0, x̄_i] (Matena & Raffel 2022, section 3).  Everything here is
computed in exact integer/rational arithmetic and carries a certificate.

>>> from exactrelu import HyperplaneArrangement, Zonotope
>>> HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1]]).n_regions()
8
"""

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
from exactrelu.geometry.zonotope import Zonotope, ZonotopeFace, ZonotopePower

__version__ = "0.1.0"

__all__ = [
    "CertificateError",
    "Chamber",
    "DegenerateInputError",
    "ExactReluError",
    "Face",
    "HyperplaneArrangement",
    "InexactInputError",
    "InvalidDataError",
    "SizeLimitError",
    "SolverError",
    "Zonotope",
    "ZonotopeFace",
    "ZonotopePower",
]
