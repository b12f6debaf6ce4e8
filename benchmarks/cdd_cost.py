"""Time the exact double description cross-check (``zonotope --verify``, pycddlib) against its predicted
work V·(V+F)·D (exactrelu.exact.limits.cdd_work): calibrates ``CDD_SECONDS_PER_UNIT``.

Run: python benchmarks/cdd_cost.py [timeout]
"""

import random
import sys
import time

from exactrelu.exact.limits import CDD_SECONDS_PER_UNIT, cdd_work
from exactrelu.geometry.zonotope import Zonotope

CASES = [(2, 10), (2, 20), (2, 30), (3, 6), (3, 8), (3, 10), (4, 6), (4, 7)]


def main() -> None:
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    print(f"{'d':>2} {'N':>3} {'V':>6} {'F':>6} {'work':>12} {'seconds':>8} {'s/unit':>9} {'predicted':>9}")
    for d, n in CASES:
        rng = random.Random(1)
        X = [[rng.randint(-9, 9) for _ in range(d)] for _ in range(n)]
        Z = Zonotope.from_data(X)
        V, F = Z.n_vertices(), len(Z.inequalities()[0])
        work = cdd_work(V, F, Z.dimension)
        t = time.perf_counter()
        try:
            Z.double_description_check(limit=10**9, timeout=timeout)
            seconds = time.perf_counter() - t
            shown = f"{seconds:8.2f}"
        except Exception as exc:  # a timeout: report it and go on
            seconds, shown = float("nan"), f">{timeout:g} ({type(exc).__name__})"
        print(
            f"{d:>2} {n:>3} {V:>6} {F:>6} {work:>12,} {shown:>8} {seconds / work:9.2e} "
            f"{work * CDD_SECONDS_PER_UNIT:9.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
