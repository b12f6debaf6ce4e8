"""Time every paper-statement check on random integer data (one child process per check, with a timeout).

Used to calibrate the per-check cost predictions of proofs_checks.framework (``check --data``).
Run: python benchmarks/check_costs.py [N] [d] [timeout]
"""

import json
import random
import subprocess
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 25
D = int(sys.argv[2]) if len(sys.argv) > 2 else 3
TIMEOUT = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0

rng = random.Random(0)
X = [[rng.randint(-9, 9) for _ in range(D)] for _ in range(N)]

CHILD = """
import json, sys, time
import proofs_checks
from proofs_checks import framework
name, X = sys.argv[1], json.loads(sys.argv[2])
t = time.perf_counter()
r = proofs_checks.run_check(name, X)
print(json.dumps({"status": r.status, "seconds": time.perf_counter() - t, "summary": str(r.summary)[:80]}))
"""


def main() -> None:
    import proofs_checks

    for name in proofs_checks.list_checks():
        t = time.perf_counter()
        try:
            res = subprocess.run(
                [sys.executable, "-c", CHILD, name, json.dumps(X)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            out = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr.strip()[-100:]
        except subprocess.TimeoutExpired:
            out = f"TIMEOUT > {TIMEOUT} s"
        print(f"{name:24s} {time.perf_counter() - t:7.2f}  {out}", flush=True)


if __name__ == "__main__":
    main()
