"""The README keeps its promises: two quick-start commands that CI runs verbatim, the Development checks
between them, and Python blocks that run."""

import os
import re

import pytest
from conftest import REPO as ROOT


def _readme_commands():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", section, flags=re.S)
    return [
        line.strip() for b in blocks for line in b.splitlines() if line.strip() and not line.startswith("#")
    ]


def test_readme_quick_start_is_two_commands_and_ci_runs_them():
    commands = _readme_commands()
    assert len(commands) == 2, commands
    setup, test = commands
    assert "pip install -e" in setup and "exactrelu demo" in setup
    assert test == "python -m pytest"
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as fh:
        ci = fh.read()
    ci_lines = [line.strip() for line in ci.splitlines()]
    assert "set -euo pipefail" in ci
    # `|| exit 1`: set -e alone would not stop CI when an early step of an `a && b` list fails
    assert f"{setup} || exit 1" in ci_lines, "the README's setup command must appear verbatim in .ci/run"
    assert test in ci_lines, "the README's test command must appear verbatim in .ci/run"
    assert ci_lines[-1] == test or [x for x in ci_lines if x and not x.startswith("#")][-1] == test


@pytest.mark.parametrize("page", ["README.md", "docs/tutorials/guide.md"])
def test_readme_python_tour_runs(page):
    """The Python blocks of the README and of the papers' guide it links to run, so they cannot go stale."""
    with open(os.path.join(ROOT, page), encoding="utf-8") as fh:
        text = fh.read()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, page, "exec"), {})


def _development_checks():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("## Development", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip() for b in re.findall(r"```bash\n(.*?)```", section, flags=re.S) for line in b.splitlines()
    ]


def test_ci_runs_the_development_checks_before_the_tests():
    """ruff, import-linter and mypy run in CI, after the install and before the tests, as the README says."""
    checks, *docs = _development_checks()  # the static checks, then the documentation builds
    for tool in ("ruff check", "ruff format --check", "lint-imports", "mypy"):
        assert tool in checks
    assert len(docs) == 2 and all(line.startswith("sphinx-build -W ") for line in docs), docs
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as fh:
        ci_lines = [line.strip() for line in fh]
    setup, test = _readme_commands()
    steps = [f"{setup} || exit 1", f"{checks} || exit 1", *(f"{line} || exit 1" for line in docs), test]
    positions = [ci_lines.index(step) for step in steps]
    assert positions == sorted(positions), steps


def test_ci_stops_when_any_step_of_a_readme_line_fails(tmp_path):
    """Negative control for the `|| exit 1` guard: a failing first step of an `&&` list ends the script."""
    import subprocess

    script = tmp_path / "run"
    script.write_text("set -euo pipefail\nfalse && true || exit 1\necho reached\n")
    unguarded = tmp_path / "unguarded"
    unguarded.write_text("set -euo pipefail\nfalse && true\necho reached\n")
    guarded = subprocess.run(["bash", str(script)], capture_output=True, text=True)
    plain = subprocess.run(["bash", str(unguarded)], capture_output=True, text=True)
    assert guarded.returncode == 1 and "reached" not in guarded.stdout
    assert plain.returncode == 0 and "reached" in plain.stdout  # why the guard is needed


def _hunting_commands():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("## Hunting counterexamples", 1)[1].split("\n## ", 1)[0]
    lines = [line for b in re.findall(r"```bash\n(.*?)```", section, flags=re.S) for line in b.splitlines()]
    return [(cmd.strip(), int(code)) for cmd, code in (line.rsplit("# exit", 1) for line in lines if line)]


def test_readme_hunting_section_runs_with_the_exit_statuses_it_promises(tmp_path):
    """Each command of 'Hunting counterexamples' runs, in order, and exits as its comment says."""
    import shlex
    import subprocess
    import sys

    commands = _hunting_commands()
    assert len(commands) >= 5 and any("campaign run" in c for c, _ in commands)
    store = str(tmp_path / "campaign.sqlite")
    for command, expected in commands:
        argv = shlex.split(command.replace("/tmp/exactrelu-campaign.sqlite", store))
        assert argv[0] == "exactrelu"
        p = subprocess.run(
            [sys.executable, "-m", "exactrelu", *argv[1:]],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert p.returncode == expected, (command, p.stdout[-2000:], p.stderr[-2000:])
        assert "Traceback" not in p.stderr, p.stderr
