"""Timings and quality numbers for exactrelu.geometry.combinatorial_type and exactrelu.geometry.perturbation.

Prints, side by side:
* chirotope (cofactor vectors + int64 dot products) against a naive exact baseline
  (one python-flint determinant per subset — already much faster than Fractions);
* the certified stability radius against the smallest first-change displacement
  found by exact probing along random directions (how loose the certificate is);
* type_changes along a random path (critical values, seconds).

Run:  python benchmarks/bench_perturbation.py [--quick]
"""

import argparse
import itertools
import random
import time

import flint

from exactrelu.exact.parse import homogenise, primitive_rows
from exactrelu.geometry.combinatorial_type import chirotope, stability_radius
from exactrelu.geometry.perturbation import type_changes
from exactrelu.geometry.probes import probe_stability


def naive_chirotope_signs(X):
    P = primitive_rows(homogenise([tuple(r) for r in X]))
    r = len(P[0])
    return [
        int(flint.fmpz_mat([P[i] for i in B]).det() > 0) - int(flint.fmpz_mat([P[i] for i in B]).det() < 0)
        for B in itertools.combinations(range(len(P)), r)
    ]


def data(rng, n, d, M=10**6):
    from fractions import Fraction

    return [[Fraction(rng.randint(-M, M)) for _ in range(d)] for _ in range(n)]


def timed(f, *a, **k):
    t = time.perf_counter()
    out = f(*a, **k)
    return out, time.perf_counter() - t


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    rng = random.Random(1)
    sizes = (
        [(30, 2), (25, 3), (20, 4)] if args.quick else [(30, 2), (60, 2), (25, 3), (40, 3), (20, 4), (25, 4)]
    )
    print("chirotope: exactrelu vs one flint determinant per subset")
    print(f"{'N':>4} {'d':>2} {'subsets':>9} {'exactrelu s':>12} {'naive s':>9} {'ratio':>7}")
    for n, d in sizes:
        X = data(rng, n, d)
        chi, t1 = timed(chirotope, X)
        naive, t2 = timed(naive_chirotope_signs, X)
        s = naive[next(i for i, v in enumerate(naive) if v)]
        assert tuple(v * s for v in naive) == chi.signs
        print(f"{n:>4} {d:>2} {len(chi.signs):>9} {t1:>12.3f} {t2:>9.3f} {t2 / t1:>7.1f}")
    print("\ncertified stability radius vs exact probing (20 random directions)")
    print(f"{'N':>4} {'d':>2} {'radius':>10} {'probe min':>10} {'ratio':>7} {'s radius':>9} {'s probe':>8}")
    for n, d in [(5, 2), (8, 2), (6, 3)]:
        while True:  # general position data (radius > 0)
            X = data(rng, n, d, M=9)
            sr, t1 = timed(stability_radius, X)
            if sr.holds:
                break
        pr, t2 = timed(probe_stability, X, trials=20, seed=0)
        assert pr.consistent
        print(
            f"{n:>4} {d:>2} {float(sr.radius):>10.4g} {pr.min_displacement:>10.4g} "
            f"{pr.min_displacement / float(sr.radius):>7.1f} {t1:>9.3f} {t2:>8.3f}"
        )
    print("\ntype_changes along a random integer direction, ε in [0, 1]")
    print(f"{'N':>4} {'d':>2} {'changes':>8} {'irrational':>10} {'seconds':>8}")
    for n, d in [(6, 2), (10, 2), (7, 3)]:
        X = data(rng, n, d, M=9)
        D = data(rng, n, d, M=3)
        pa, t = timed(type_changes, X, D, (0, 1))
        print(
            f"{n:>4} {d:>2} {len(pa.changes):>8} {sum(c.epsilon is None for c in pa.changes):>10} {t:>8.2f}"
        )


if __name__ == "__main__":
    main()
