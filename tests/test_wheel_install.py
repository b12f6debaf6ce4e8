"""A plain install works: the wheel, installed WITHOUT extras into a fresh virtual environment (no system
site packages), runs every command from a directory outside the source tree, so that no source file is on
the path. Only the pictures need an extra (``plots``), and without it they fail in one line that names it.

The wheel is built from a copy of the files it is made of (``pyproject.toml``, ``README.md``, ``LICENSE``,
``exactrelu/``, ``proofs_checks/``), so that a build never writes into the checkout. The dependencies
come from the package index pip is configured with (or its cache). The environment is built once per
session (about 50-90 s, most of it pip resolving and unpacking the dependencies); each command then
takes a few seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPO

#: The files the wheel is built from (pyproject.toml: packages exactrelu* and proofs_checks*).
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "exactrelu", "proofs_checks")

POINTS = "0,0\n1,0\n0,1\n2,3\n"  # 4 points in the plane, in general position
POINTS_1D = "0\n1\n3\n"
CONJECTURE = '''
def at_most_six_points(X):
    """A conjecture that survives the family below (at most 4 points)."""
    return len(X) <= 6
'''
CAMPAIGN = """{"name": "tiny", "examples": 5, "seeds": 1,
 "runs": [{"check": "prop6"}, {"conjecture": "conjecture.py:at_most_six_points",
           "family": {"kind": "integer", "dim": 2, "points": [1, 3]}}]}
"""
NETWORK = '{"W": [[1]], "v": [1]}'  # one neuron on 1-D data without bias (the default of is-optimal)
COVER = '{"n": 3, "family": [[1, 2], [2, 3], [1, 3]], "k": 1}'

#: (command, expected exit status): every command once, on tiny data
COMMANDS = [
    ("check lemma9", 0),
    ("convex --example convex_example1 --labels 1,0,0 --beta 1/10", 0),
    ("arrangement points.csv", 0),
    ("zonotope points.csv", 0),
    ("patterns points.csv --units 2", 0),
    ("position points.csv", 0),
    ("perturb points.csv --direction random --seed 0", 0),
    ("jacobian line.csv --random-units 2 --seed 0", 0),
    ("interpolate line.csv --labels 0,1,0 --random-units 6 --seed 0", 0),
    ("erm line.csv --labels 0,1,0", 0),
    ("gls line.csv --labels 0,1,0 --seed 0", 0),
    ("fit-exact points.csv --labels 1,2,3,4", 0),
    ("reduce set-cover cover.json", 0),
    ("is-optimal network.json line.csv --labels 0,1,0 --beta 1/10", 1),  # 1: certified not optimal
    ("hunt conjecture.py:at_most_six_points --family integer --dim 2 --points 1:4 --examples 10 --seed 0", 0),
    ("campaign run campaign.json --store store.sqlite --workers 1", 0),  # a Dask LocalCluster
    ("demo", 0),
    ("plot data points.csv -o data.png", 2),
]


def _run(argv: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"  # nothing from ~/.local either
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def plain_install(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(bin directory of a fresh venv holding only the wheel and its core dependencies, a work directory)."""
    root = tmp_path_factory.mktemp("plain_install")
    src = root / "src"
    src.mkdir()
    for name in WHEEL_SOURCES:
        source = Path(REPO) / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, src / name)
    wheels = root / "wheels"
    build = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(wheels)], root)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = wheels.glob("exactrelu-*.whl")

    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)  # no system site packages
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # the outer pip installs into the venv (pip --python), which saves bootstrapping pip there
    install = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile", str(wheel)],
        root,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]

    work = root / "work"  # outside the source tree: nothing of the checkout can be imported from here
    work.mkdir()
    (work / "points.csv").write_text(POINTS)
    (work / "line.csv").write_text(POINTS_1D)
    (work / "conjecture.py").write_text(CONJECTURE)
    (work / "campaign.json").write_text(CAMPAIGN)
    (work / "network.json").write_text(NETWORK)
    (work / "cover.json").write_text(COVER)
    return venv / "bin", work


@pytest.fixture(scope="session")
def command_results(plain_install) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every command of COMMANDS, run once, two at a time (most of their time is Python starting up)."""
    bindir, work = plain_install
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {c: pool.submit(_run, [str(bindir / "exactrelu"), *c.split()], work) for c, _ in COMMANDS}
        return {c: f.result() for c, f in futures.items()}


def test_the_wheel_is_installed_without_extras_and_without_the_source_tree(plain_install):
    bindir, work = plain_install
    probe = _run(
        [
            str(bindir / "python"),
            "-c",
            "import exactrelu, proofs_checks, importlib.util as u; print(exactrelu.__file__); "
            "print(proofs_checks.__file__); print(u.find_spec('matplotlib'), u.find_spec('pandas'))",
        ],
        work,
    )
    assert probe.returncode == 0, probe.stderr
    exactrelu_file, proofs_file, extras = probe.stdout.splitlines()
    for path in (exactrelu_file, proofs_file):
        assert "site-packages" in path and not path.startswith(REPO), path
    assert extras == "None None", "the plain install must not bring the plots or pandas extras"


def test_demo_without_matplotlib_says_so_in_one_line(plain_install, command_results):
    _, work = plain_install
    p = command_results["demo"]
    assert p.returncode == 0, p.stderr[-3000:]
    assert "Traceback" not in p.stderr
    said = [line for line in (p.stdout + p.stderr).splitlines() if "matplotlib" in line or "plots" in line]
    assert len(said) == 1 and "exactrelu[plots]" in said[0], said
    assert not list(work.glob("*.png")), "no picture without matplotlib"


@pytest.mark.parametrize(("command", "status"), COMMANDS, ids=[c.split()[0] for c, _ in COMMANDS])
def test_every_command_runs_from_the_plain_install(command_results, command, status):
    p = command_results[command]
    assert p.returncode == status, (command, p.stdout[-2000:], p.stderr[-3000:])
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    assert p.stdout.strip() or status == 2, "every command prints its result"


def test_plot_without_the_plots_extra_fails_in_one_line_naming_it(plain_install, command_results):
    _, work = plain_install
    p = command_results["plot data points.csv -o data.png"]
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr, p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "exactrelu[plots]" in lines[0], p.stderr
    assert not (work / "data.png").exists()
