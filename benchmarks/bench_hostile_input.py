"""Before/after table for hostile input (issue 16): what each entry point does with bad data.

Each case runs in a fresh process under a wall-clock timeout and an address-space cap (so that
``/dev/zero`` cannot take the machine down), and the table gives the exit status, the CPU and wall
seconds, and the first line of standard error (or the answer).

Run:  python benchmarks/bench_hostile_input.py [--pythonpath DIR] [--timeout S] [--only NAME]

``--pythonpath`` points at another checkout (e.g. ``git worktree add /tmp/before HEAD``) to measure
the code before a change.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

BIG = "7" * 5000

FILES = {
    "floats.csv": "0.1,0.2\n0.3,0.4\n0.5,0.6\n1,0\n",
    "floats.json": "[[0.1,0.2],[0.3,0.4],[0.5,0.6],[1,0]]",
    "hugeexp.json": "[[1e1000000000, 1], [2, 3]]",
    "hugeexp.csv": "1e1000000000, 1\n2, 3\n",
    "bigint.csv": f"{BIG}, 1\n2, 3\n5, 7\n",
    "bigint.json": f"[[{BIG}, 1], [2, 3], [5, 7]]",
    "nan.csv": "nan,1\n2,3\n",
    "inf.json": "[[Infinity,1],[2,3]]",
    "ragged.csv": "1,2\n3\n",
    "empty.csv": "",
    "unicode.csv": "\u0661,2\n3,4\n",
    "bool.json": "[[true,1],[2,3]]",
    "null.json": "[[null,1],[2,3]]",
    "complex.csv": "1+2j,1\n2,3\n",
    "nest.json": "[[[1,2]],[[3,4]]]",
    "deep.json": "[" * 100_000 + "]" * 100_000,
}

API = "from exactrelu import HyperplaneArrangement as H; import numpy as np; "

CASES = [
    # (name, argv or python code, stdin file or None)
    (
        "float array, API",
        [
            "-c",
            API + "print(H.from_data(np.array(" + "[[0.1,0.2],[0.3,0.4],[0.5,0.6],[1,0]]" + ")).n_regions())",
        ],
        None,
    ),
    (
        "same as strings, API",
        ["-c", API + "print(H.from_data([['0.1','0.2'],['0.3','0.4'],['0.5','0.6'],[1,0]]).n_regions())"],
        None,
    ),
    ("float .npy, CLI", ["-m", "exactrelu", "arrangement", "{d}/floats.npy", "--no-progress"], None),
    ("float .csv, CLI", ["-m", "exactrelu", "arrangement", "{d}/floats.csv", "--no-progress"], None),
    ("float .json, CLI", ["-m", "exactrelu", "arrangement", "{d}/floats.json", "--no-progress"], None),
    ("JSON number 1e1000000000, CLI", ["-m", "exactrelu", "arrangement", "{d}/hugeexp.json"], None),
    (
        "JSON number 1e1000000000, API",
        [
            "-c",
            "from exactrelu.exact.parse import parse_data_text as p, exact_matrix as m; "
            "m(p(open('{d}/hugeexp.json').read(), 'json'))",
        ],
        None,
    ),
    ("string 1e1000000000, CLI", ["-m", "exactrelu", "arrangement", "{d}/hugeexp.csv"], None),
    (
        "5,000-digit integer, CLI csv",
        ["-m", "exactrelu", "arrangement", "{d}/bigint.csv", "--no-progress"],
        None,
    ),
    (
        "5,000-digit integer, CLI json",
        ["-m", "exactrelu", "arrangement", "{d}/bigint.json", "--json", "--no-progress"],
        None,
    ),
    (
        "5,000-digit integer, API",
        ["-c", API + "print(H.from_data([[10**5000-1,1],[2,3],[5,7]]).n_regions())"],
        None,
    ),
    ("/dev/zero, CLI", ["-m", "exactrelu", "arrangement", "/dev/zero"], None),
    ("/dev/zero on stdin, CLI", ["-m", "exactrelu", "arrangement", "-"], "/dev/zero"),
    ("NaN, CLI", ["-m", "exactrelu", "arrangement", "{d}/nan.csv"], None),
    ("JSON Infinity, CLI", ["-m", "exactrelu", "arrangement", "{d}/inf.json"], None),
    ("ragged, CLI", ["-m", "exactrelu", "arrangement", "{d}/ragged.csv"], None),
    ("empty file, CLI", ["-m", "exactrelu", "arrangement", "{d}/empty.csv"], None),
    ("empty stdin, CLI", ["-m", "exactrelu", "arrangement", "-"], "{d}/empty.csv"),
    ("non-UTF-8, CLI", ["-m", "exactrelu", "arrangement", "{d}/nonutf8.csv"], None),
    ("Arabic-Indic digit, CLI", ["-m", "exactrelu", "arrangement", "{d}/unicode.csv"], None),
    ("JSON true, CLI", ["-m", "exactrelu", "arrangement", "{d}/bool.json"], None),
    ("JSON null, CLI", ["-m", "exactrelu", "arrangement", "{d}/null.json"], None),
    ("complex '1+2j', CLI", ["-m", "exactrelu", "arrangement", "{d}/complex.csv"], None),
    ("wrong nesting, CLI", ["-m", "exactrelu", "arrangement", "{d}/nest.json"], None),
    ("JSON nested 100,000 deep, CLI", ["-m", "exactrelu", "arrangement", "{d}/deep.json"], None),
    (
        "3,000 points in 2-D, --limit 10",
        ["-m", "exactrelu", "arrangement", "{d}/p3000.csv", "--limit", "10"],
        None,
    ),
]


def run(argv, stdin, env, timeout):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    stdin_fh = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115 - closed below
    try:
        p = subprocess.run(
            [sys.executable, *argv],
            stdin=stdin_fh,
            capture_output=True,
            env=env,
            timeout=timeout,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30)),
        )
        status, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        status, out, err = "timeout", "", f"killed after {timeout} s"
    finally:
        if stdin:
            stdin_fh.close()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    if "Traceback" in err:
        msg = "TRACEBACK: " + (lines[-1] if lines else "")
    elif lines:
        msg = lines[-1] if status != 0 else lines[0]
    else:
        msg = " ".join(out.split())
    for key in ("n_regions", "Chambers", "chambers"):
        if key in out:
            i = out.index(key)
            msg = " ".join(out[i : i + 40].split())
            break
    return status, cpu, wall, msg[:150]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pythonpath", default=None)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--only", default=None)
    args = ap.parse_args()
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    with tempfile.TemporaryDirectory() as d:
        for name, text in FILES.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as fh:
                fh.write(text)
        with open(os.path.join(d, "nonutf8.csv"), "wb") as fh:
            fh.write(b"1,2\n\xff\xfe,3\n")
        import numpy as np

        np.save(os.path.join(d, "floats.npy"), np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [1, 0]]))
        rng = np.random.default_rng(0)
        np.savetxt(
            os.path.join(d, "p3000.csv"),
            rng.integers(-(10**6), 10**6, size=(3000, 2)),
            fmt="%d",
            delimiter=",",
        )
        print("| input | exit | CPU s | wall s | answer or message |")
        print("|---|---|---|---|---|")
        for name, argv, stdin in CASES:
            if args.only and args.only not in name:
                continue
            argv = [a.replace("{d}", d) for a in argv]
            stdin = stdin.replace("{d}", d) if stdin else None
            status, cpu, wall, msg = run(argv, stdin, env, args.timeout)
            print(f"| {name} | {status} | {cpu:.2f} | {wall:.2f} | {msg.replace('|', '/')} |", flush=True)


if __name__ == "__main__":
    main()
