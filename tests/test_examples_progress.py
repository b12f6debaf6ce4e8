"""Every example script shows progress on its long work (issue 17): a ``--progress/--no-progress`` flag,
on by default, wired to :func:`exactrelu.exact.progress.progress_bar` (a line every few seconds when
standard error is not a terminal).  Static checks for every script, and two scripts run for real."""

import ast
import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def _load(name):
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_example_scripts():
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_example_has_a_progress_flag_wired_to_a_progress_bar(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    flags = [
        call
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and getattr(call.func, "attr", None) == "add_argument"
        and call.args
        and isinstance(call.args[0], ast.Constant)
        and call.args[0].value == "--progress"
    ]
    assert len(flags) == 1, f"{script.name}: no --progress flag"
    options = {k.arg: k.value for k in flags[0].keywords}
    assert ast.unparse(options["action"]) == "argparse.BooleanOptionalAction"
    assert ast.unparse(options["default"]) == "True", f"{script.name}: progress is not on by default"
    # the flag reaches a progress bar: the script opens one, or hands progress= to a library sweep
    opens_bar = any(
        isinstance(n, ast.Call) and getattr(n.func, "id", None) == "progress_bar" for n in ast.walk(tree)
    )
    passes_on = any(
        isinstance(n, ast.keyword) and n.arg == "progress" and "args.progress" in ast.unparse(n.value)
        for n in ast.walk(tree)
    )
    assert opens_bar or passes_on, f"{script.name}: --progress is not used"


def test_jacobian_rank_sweep_prints_progress_lines_and_no_progress_silences_them(tmp_path, capsys):
    sweep = _load("jacobian_rank_sweep")
    argv = ["--quick", "--trials", "1", "--jobs", "1", "--no-plot", "--out", str(tmp_path)]
    sweep.main(argv)
    err = capsys.readouterr().err
    assert "full_rank sweep: 20/20 cells (100%)" in err  # stderr is not a terminal here: lines
    sweep.main([*argv, "--no-progress"])
    assert "sweep" not in capsys.readouterr().err


def test_a_short_script_shows_progress_too(capsys):
    _load("float_vs_exact").main(progress=True)
    captured = capsys.readouterr()
    assert "float and exact agree" in captured.out
    assert "float and exact enumeration: 1/1 comparisons (100%)" in captured.err
