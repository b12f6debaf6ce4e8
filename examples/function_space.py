"""Function space of one ReLU on 1-D data (Proposition 13, Figure 1, Appendix D).

Karhadkar, Murray, Tseran & Montúfar 2023, section 6 and Appendix D.

Usage::

    python examples/function_space.py [--out DIR] [--no-progress]

Writes ``function_space_n3.png`` and ``function_space_n4.png`` (default
``examples/output/``): the polyline whose cone is the function space, drawn in
the simplex {f >= 0, Σ f = 1}.  Prints Appendix D's table for n = 4: every
activation region with its pattern, exact Jacobian rank, half-planes, extreme
rays of the region in (w, b)-space (bias last; z~(i) = (-1, x_i)) and extreme
rays of its image in function space, then the exact check of Proposition 13 and
two membership questions with their certificates.
"""

import argparse
import os

from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar
from exactrelu.landscape.function_space import function_space_contains, polyline_vertices
from exactrelu.landscape.proposition13 import verify_proposition13
from exactrelu.landscape.region_table import region_table
from exactrelu.plot.function_space import plot_function_space

X3 = [[0], [1], [3]]
X4 = [[-2], [0], [1], [3]]


def _vec(v):
    return "(" + ", ".join(str(c) for c in v) + ")"


def print_table(X):
    xs = [str(x[0]) for x in X]
    print(f"Appendix D for x = {', '.join(xs)}   (θ = (w, b), x̄ = (x, 1); z~(i) = (-1, x_i))")
    print(f"{'pattern':8} {'rank':4}  {'region':16} {'rays of the region':34} rays of the image")
    for r in region_table(X):
        rays = ", ".join(f"{lab}={_vec(g)}" for lab, g in zip(r.ray_labels, r.rays))
        image = ", ".join(_vec(g) for g in r.image_rays) or "0"
        print(f"{pattern_string(r.pattern):8} {r.rank:4}  {r.halfplanes:16} {rays:34} {image}")


def main(out, progress=True):
    os.makedirs(out, exist_ok=True)
    with progress_bar(progress, 2, "function space pictures", unit="picture") as bar:
        for X in (X3, X4):
            path = os.path.join(out, f"function_space_n{len(X)}.png")
            plot_function_space(X, path)
            print("wrote", path)
            bar.update()
    print()
    print_table(X4)
    print("\npolyline (normalised to Σ f = 1):")
    for v in polyline_vertices(X4):
        print(f"  {v.label:12} {pattern_string(v.pattern)}  {_vec(v.normalised)}")
    cert = verify_proposition13(X4)
    print(
        f"\nProposition 13 on this data: holds = {cert['holds']}; regions {cert['regions']} "
        f"(|χ(-1)| = {cert['zaslavsky']}), ranks {cert['ranks']}, segments {cert['segments']}"
    )
    inside = function_space_contains(X4, [5, 3, 2, 0])
    print(
        f"f = (5, 3, 2, 0): in F_X = {inside.contained}, witness θ = {_vec(inside.witness)}, "
        f"verified = {inside.verify(X4)}"
    )
    outside = function_space_contains(X4, [1, 0, 0, 1])
    print(
        f"f = (1, 0, 0, 1): in F_X = {outside.contained}, dependency c = {_vec(outside.dependency)} "
        f"(Σ c_j x̄_j = 0, c_j <= 0 where f_j = 0, <c, f> > 0), verified = {outside.verify(X4)}"
    )
    bad = verify_proposition13([[0, 0], [2, 0], [0, 2], [1, 3]])
    print(f"negative control, 2-D data: holds = {bad['holds']}: {bad['failures'][-1]}")


if __name__ == "__main__":
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "output")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=here, help="directory for the PNGs (default: examples/output)")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = parser.parse_args()
    main(args.out, args.progress)
