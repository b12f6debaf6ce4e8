"""Mutation testing of the certificate verifiers (a small AST mutator of our own; run by hand).

Each mutant changes ONE thing inside the body of one verifier function (never elsewhere):

* a comparison operator (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``,
  ``is`` ↔ ``is not``);
* ``and`` ↔ ``or``; ``any`` ↔ ``all``;
* a returned condition negated (``return c`` → ``return not c``), ``not c`` → ``c``;
* an integer constant 0 ↔ 1 compared with something (and ``True`` ↔ ``False``);
* a guard ``if ...: return False`` / ``raise`` deleted.

Every mutant is tested in a private copy of the package (one per worker, under a temporary
directory; the real files are never edited) by ``pytest -x -q`` on the relevant tests: the
module's own tests and doctests, plus ``tests/verifiers/`` unless ``--before``.  A mutant
is *killed* when pytest fails or times out, *survives* when every test passes.

Usage::

    python benchmarks/mutation_verifiers.py                 # the non-convex verifiers, with tests/verifiers
    python benchmarks/mutation_verifiers.py --before        # same, existing tests only
    python benchmarks/mutation_verifiers.py --convex        # the convex verifiers
    python benchmarks/mutation_verifiers.py --targets exactrelu/exact/lp.py:verify_farkas \\
        --tests tests/exact/test_lp.py                      # any list of path:qualname
    python benchmarks/mutation_verifiers.py --list          # only list the mutants

Options: ``--jobs`` (default 2), ``--timeout`` per mutant (default 120 s), ``--json FILE``
(all outcomes), ``--max N`` (first N mutants only), ``--rerun FILE...`` (only the survivors
recorded in earlier ``--json`` files, e.g. after adding tests; matched by function and change).
Survivors are printed with their location and change; docs/verifiers.md records for each
one why it is equivalent or which test kills it.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module -> (verifier qualnames, test files); tests/verifiers/<floor> is added unless --before
NON_CONVEX: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exactrelu/exact/certificates.py": (
        (
            "verify_witness",
            "verify_gordan",
            "verify_dependency",
            "verify_affine_dependency",
            "verify_certificate",
        ),
        ("tests/exact/test_certificates.py",),
    ),
    "exactrelu/exact/lp.py": (
        ("verify_farkas", "_farkas_ok", "verify_cone_certificate", "ConeFeasibility.verify"),
        ("tests/exact/test_lp.py",),
    ),
    "exactrelu/geometry/arrangement.py": (
        ("HyperplaneArrangement.certify_chambers",),
        ("tests/geometry/test_arrangement.py",),
    ),
    "exactrelu/geometry/combinatorial_type.py": (
        (
            "verify_chirotope",
            "verify_face_lattice_isomorphism",
            "verify_stability_radius",
            "verify_type_comparison",
        ),
        ("tests/geometry/test_combinatorial_type.py",),
    ),
    "exactrelu/geometry/patterns.py": (("verify_pattern_certificate",), ("tests/geometry/test_patterns.py",)),
    "exactrelu/landscape/jacobian.py": (
        ("verify_jacobian_rank", "_full_row_rank"),
        ("tests/landscape/test_jacobian.py",),
    ),
    "exactrelu/landscape/interpolation.py": (
        ("interpolation_failures", "RegionInterpolation.verify", "GlobalMinimaSet.verify"),
        ("tests/landscape/test_interpolation.py",),
    ),
    "exactrelu/landscape/function_space.py": (
        ("verify_motzkin", "verify_membership", "_witness_ok", "_dependency_ok"),
        ("tests/landscape/test_function_space.py",),
    ),
    "exactrelu/landscape/step_vectors.py": (
        ("StepRegions.verify",),
        ("tests/landscape/test_step_vectors.py",),
    ),
    "exactrelu/training/region.py": (("verify_region_solution",), ("tests/training/test_region.py",)),
    "exactrelu/training/erm.py": (("verify_erm",), ("tests/training/test_erm.py",)),
    "exactrelu/training/exact_fit.py": (("verify_exact_fit",), ("tests/training/test_exact_fit.py",)),
    "exactrelu/training/reduction_checks.py": (
        ("verify_reduction_check",),
        ("tests/training/test_reductions.py",),
    ),
    "exactrelu/training/set_cover.py": (("verify_minimum_cover",), ("tests/training/test_set_cover.py",)),
}

CONVEX: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "exactrelu/convex/bounds.py": (
        ("certify_value", "verify_exact_optimum", "verify_value_bounds"),
        ("tests/convex/test_convex_verifier_conditions.py", "tests/convex/test_bounds.py"),
    ),
    "exactrelu/convex/optimality.py": (
        ("verify_optimality_verdict",),
        ("tests/convex/test_convex_verifier_conditions.py", "tests/convex/test_optimality.py"),
    ),
    "exactrelu/convex/optimal_set.py": (
        ("OptimalSet.verify",),
        ("tests/convex/test_convex_verifier_conditions.py", "tests/convex/test_optimal_set.py"),
    ),
}

FLOOR_TESTS = {
    "exact": "tests/verifiers/test_exact_verifiers.py",
    "geometry": "tests/verifiers/test_geometry_verifiers.py",
    "landscape": "tests/verifiers/test_landscape_verifiers.py",
    "training": "tests/verifiers/test_training_verifiers.py",
    "convex": "tests/verifiers/test_convex_verifiers.py",
}

SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass
class Mutant:
    path: str
    function: str
    line: int
    col: int
    end_line: int
    end_col: int
    before: str
    after: str
    kind: str
    outcome: str = ""
    seconds: float = 0.0

    def label(self) -> str:
        return f"{self.path}:{self.line} {self.function} [{self.kind}] {self.before!r} -> {self.after!r}"


def _functions(tree: ast.Module, qualnames: tuple[str, ...]) -> Iterator[tuple[str, ast.AST]]:
    def walk(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, ast.AST]]:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + node.name
                if name in qualnames:
                    yield name, node
            elif isinstance(node, ast.ClassDef):
                yield from walk(node.body, prefix + node.name + ".")

    yield from walk(tree.body, "")


def _is_false_guard(node: ast.If) -> bool:
    last = node.body[-1]
    if isinstance(last, ast.Raise):
        return True
    return (
        isinstance(last, ast.Return)
        and isinstance(last.value, ast.Constant)
        and last.value.value in (False, None)
        and not node.orelse
    )


def _booleanish(node: ast.expr) -> bool:
    return isinstance(node, (ast.Compare, ast.BoolOp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("all", "any")
    )


def mutants_of(path: str, qualnames: tuple[str, ...]) -> list[Mutant]:
    source = (ROOT / path).read_text()
    tree = ast.parse(source)
    found = {name for name, _ in _functions(tree, qualnames)}
    missing = set(qualnames) - found
    if missing:
        print(f"note: {path}: no function {sorted(missing)} (skipped)", file=sys.stderr)
    out: list[Mutant] = []

    def add(fn: str, node: ast.AST, new: ast.AST | str, kind: str) -> None:
        old = ast.get_source_segment(source, node)
        if old is None:
            return
        text = new if isinstance(new, str) else ast.unparse(new)
        if "\n" in old:  # keep the indentation of multi-line segments valid
            text = "(" + text + ")" if isinstance(node, ast.expr) else text
        out.append(
            Mutant(
                path, fn, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset, old, text, kind
            )
        )

    for fn, func in _functions(tree, qualnames):
        body = func.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # not the docstring
        in_compare = {
            id(c)
            for stmt in body
            for n in ast.walk(stmt)
            if isinstance(n, ast.Compare)
            for c in [n.left, *n.comparators]
        }
        for stmt in body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Compare):
                    for i, op in enumerate(node.ops):
                        new = copy.deepcopy(node)
                        new.ops[i] = SWAP[type(op)]()
                        add(fn, node, new, "compare")
                elif isinstance(node, ast.BoolOp):
                    new = copy.deepcopy(node)
                    new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
                    add(fn, node, new, "and/or")
                elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                    add(fn, node, copy.deepcopy(node.operand), "drop not")
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in ("all", "any")
                ):
                    add(fn, node.func, "any" if node.func.id == "all" else "all", "any/all")
                elif (
                    isinstance(node, ast.Constant)
                    and type(node.value) in (int, bool)
                    and (id(node) in in_compare or type(node.value) is bool)
                ):
                    if node.value in (0, 1) and type(node.value) is int:
                        add(fn, node, str(1 - node.value), "constant")
                    elif type(node.value) is bool:
                        add(fn, node, str(not node.value), "constant")
                if isinstance(node, ast.If) and _is_false_guard(node):
                    add(fn, node, "pass", "delete guard")
                if isinstance(node, ast.Return) and node.value is not None and _booleanish(node.value):
                    add(fn, node.value, ast.UnaryOp(ast.Not(), copy.deepcopy(node.value)), "negate return")
    out.sort(key=lambda m: (m.path, m.line, m.col, m.kind))
    return out


def apply(source: str, m: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode()))
    data = source.encode()
    start = offsets[m.line - 1] + m.col
    end = offsets[m.end_line - 1] + m.end_col
    assert data[start:end].decode() == m.before, (m.label(), data[start:end])
    return (data[:start] + m.after.encode() + data[end:]).decode()


def _worker_copy(base: Path, k: int) -> Path:
    d = base / f"w{k}"
    d.mkdir()
    shutil.copytree(ROOT / "exactrelu", d / "exactrelu", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests", d / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", d / "pyproject.toml")
    return d


def run_one(m: Mutant, tests: list[str], workdir: Path, timeout: float) -> None:
    target = workdir / m.path
    original = target.read_text()
    mutated = apply(original, m)
    try:
        ast.parse(mutated)
    except SyntaxError:
        m.outcome = "invalid"
        return
    target.write_text(mutated)
    env = dict(os.environ, PYTHONPATH=str(workdir), PYTHONDONTWRITEBYTECODE="1")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        rc = proc.wait(timeout=timeout)
        m.outcome = "survived" if rc == 0 else ("killed" if rc == 1 else f"killed (rc {rc})")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        m.outcome = "killed (timeout)"
    finally:
        target.write_text(original)
        m.seconds = time.monotonic() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", action="store_true", help="existing tests only (no tests/verifiers/)")
    ap.add_argument("--convex", action="store_true", help="the convex verifiers instead")
    ap.add_argument("--targets", nargs="*", help="path:qualname entries (overrides the default table)")
    ap.add_argument("--tests", nargs="*", help="test files for --targets (default: the floor's)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max", type=int, default=None)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--rerun", type=Path, nargs="*", default=None, help="only the survivors recorded in these files"
    )
    args = ap.parse_args(argv)

    table = CONVEX if args.convex else NON_CONVEX
    if args.targets:
        table = {}
        for t in args.targets:
            path, _, name = t.partition(":")
            names, tests = table.get(path, ((), ()))
            default = (NON_CONVEX | CONVEX).get(path, ((), ()))[1]
            table[path] = (names + (name,), tuple(args.tests) if args.tests else default)
    plan: list[tuple[Mutant, list[str]]] = []
    for path, (names, tests) in table.items():
        floor = path.split("/")[1]
        extra = [] if args.before or not (ROOT / FLOOR_TESTS[floor]).exists() else [FLOOR_TESTS[floor]]
        # the fast forged-certificate tests first (-x stops at the first failure), then the module's own
        files = extra + [t for t in tests if (ROOT / t).exists()] + [path]  # path: its doctests
        for m in mutants_of(path, names):
            plan.append((m, files))
    if args.rerun:
        keep = {
            (d["path"], d["function"], d["kind"], d["before"], d["after"])
            for f in args.rerun
            for d in json.loads(f.read_text())
            if d["outcome"] == "survived"
        }
        plan = [(m, f) for m, f in plan if (m.path, m.function, m.kind, m.before, m.after) in keep]
    if args.max is not None:
        plan = plan[: args.max]
    if args.list:
        for m, _ in plan:
            print(m.label())
        print(f"{len(plan)} mutants")
        return 0
    which = "existing tests only" if args.before else "with tests/verifiers"
    print(f"{len(plan)} mutants, {args.jobs} workers, {which}")
    with tempfile.TemporaryDirectory(prefix="mutation_") as tmp:
        dirs = [_worker_copy(Path(tmp), k) for k in range(args.jobs)]
        free = list(dirs)
        import threading

        lock = threading.Lock()
        done = [0]

        def job(item: tuple[Mutant, list[str]]) -> None:
            with lock:
                d = free.pop()
            try:
                run_one(item[0], item[1], d, args.timeout)
            finally:
                with lock:
                    free.append(d)
                    done[0] += 1
                    word = "SURVIVED" if item[0].outcome == "survived" else item[0].outcome
                    print(f"  [{done[0]}/{len(plan)}] {word} {item[0].label()}", flush=True)

        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(job, plan))
    mutants = [m for m, _ in plan]
    valid = [m for m in mutants if m.outcome != "invalid"]
    killed = [m for m in valid if m.outcome.startswith("killed")]
    print()
    by_file: dict[str, list[Mutant]] = {}
    for m in valid:
        by_file.setdefault(m.path, []).append(m)
    for path, ms in by_file.items():
        k = sum(m.outcome.startswith("killed") for m in ms)
        print(f"{path}: {k}/{len(ms)} killed")
    score = len(killed) / len(valid) if valid else 1.0
    print(f"mutation score: {len(killed)}/{len(valid)} killed = {100 * score:.1f}%")
    survivors = [m for m in valid if m.outcome == "survived"]
    if survivors:
        print("survivors:")
        for m in survivors:
            print("  " + m.label())
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in mutants], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
