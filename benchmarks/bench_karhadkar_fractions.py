"""Sweep of the Karhadkar et al. 2023 probabilistic checks (Lemma 2, Theorem 5, Corollary 8,
Theorems 10/12 fraction bounds, Lemma 11, Proposition 13 bullets 2-3) over their families.

Run: ``python benchmarks/bench_karhadkar_fractions.py [--examples 200] [--seed 0]``.
Prints one line per check and family (natural / negative) with the hunt summary and time,
and re-derives the tabulated count of singular 4 x 4 0/1 matrices (42976, OEIS A046747)
by enumerating all 65536 matrices with exact ranks.
"""

import argparse
import time

import proofs_checks.karhadkar_fractions
import proofs_checks.lemma2_critical_points
import proofs_checks.lemma11_coupon
import proofs_checks.prop13_sums
import proofs_checks.thm5_cor8_generic_rank  # noqa: F401
from exactrelu.landscape.probabilities import SINGULAR_01_COUNTS, count_singular_01
from proofs_checks import run_family

NAMES = [
    "lemma2",
    "thm5",
    "cor8",
    "thm10_fraction",
    "thm12_fraction",
    "lemma11",
    "prop13_sums",
    "prop13_combinations",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    t = time.perf_counter()
    n4 = count_singular_01(4)
    print(f"singular 4x4 0/1 matrices: {n4} (table {SINGULAR_01_COUNTS[4]}) {time.perf_counter() - t:.1f}s")
    assert n4 == SINGULAR_01_COUNTS[4]
    for name in NAMES:
        for negative in (False, True):
            t = time.perf_counter()
            run = run_family(name, examples=args.examples, seed=args.seed, negative=negative)
            side = "negative" if negative else "natural "
            print(f"{name:20s} {side} ok={run.ok!s:5s} {time.perf_counter() - t:6.1f}s  {run.summary}")


if __name__ == "__main__":
    main()
