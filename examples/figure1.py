"""Reproduce Figure 1 of Matena & Raffel (2022), section 3, and print its counts.

Usage::

    python examples/figure1.py [OUT.png] [--no-progress]

Five points in R^2 in general position (our reconstruction: the paper does not
print its coordinates).  With a bias, parameter space is R^3; the arrangement
of the 5 planes <x̄_i, w> = 0 has 2 (1 + 4 + 6) = 22 chambers (activation
regions), which are the 22 vertices of the zonotope Σ_i [0, x̄_i].  The slice
w_3 = 1 meets 16 of them.  Every count is computed in exact arithmetic and
cross-checked by an independent route.
"""

import argparse

from exactrelu.datasets import figure1_dataset
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.position import affine_general_position
from exactrelu.geometry.zonotope import Zonotope
from exactrelu.plot import figure1, slice_chambers


def main(out="figure1.png", progress=True):
    X = figure1_dataset()
    A = HyperplaneArrangement.from_data(X)
    Z = Zonotope.from_data(X)
    # three steps: the chambers (certified), the counts, the picture
    with progress_bar(progress, 3, "figure 1", unit="step") as bar:
        chambers = A.chambers()
        A.certify_chambers(chambers)  # witnesses exact, distinct, count = |χ(-1)|
        bar.update()
        print("data (our reconstruction of Figure 1):", X)
        print("general position:", affine_general_position(X).holds)
        print(
            "chambers enumerated:",
            len(chambers),
            "  |χ(-1)|:",
            A.n_regions(),
            "  χ(t) coefficients (low to high):",
            A.characteristic_polynomial(),
        )
        print("zonotope: vertices", Z.n_vertices(), " edges", Z.n_edges(), " f-vector", Z.f_vector())
        print("chambers meeting the slice w_3 = 1:", len(slice_chambers(A)))
        print("activation patterns:", " ".join(pattern_string(c.pattern) for c in chambers))
        bar.update()
        figure1(out, X)
        bar.update()
    print("wrote", out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="figure1.png", help="the PNG to write (default figure1.png)")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args()
    main(args.out, args.progress)
