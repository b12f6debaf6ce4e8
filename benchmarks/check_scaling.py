"""Time the slow paper-statement checks on random integer data of growing size (in one process,
each run stopped after a timeout): calibrates proofs_checks.framework.CHECK_COSTS.

Run: python benchmarks/check_scaling.py NAME[,NAME...] d N1,N2,... [timeout]
"""

import random
import signal
import sys
import time

import proofs_checks


class Stop(BaseException):
    pass


def _stop(*_):
    raise Stop


def main() -> None:
    names = sys.argv[1].split(",")
    d = int(sys.argv[2])
    sizes = [int(t) for t in sys.argv[3].split(",")]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0
    signal.signal(signal.SIGALRM, _stop)
    for name in names:
        for n in sizes:
            rng = random.Random(0)
            X = [[rng.randint(-9, 9) for _ in range(d)] for _ in range(n)]
            t = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                status = proofs_checks.run_check(name, X).status
            except Stop:
                status = f"> {timeout} s"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            print(f"{name:20s} d={d} N={n:3d} {time.perf_counter() - t:8.2f} s  {status}", flush=True)
            if status.startswith(">"):
                break


if __name__ == "__main__":
    main()
