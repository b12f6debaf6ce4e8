"""One flag grammar (issue 17, item 4): --bias/--no-bias on every command that takes data, with the
default of its paper stated in --help; one default for --v; every command line that
``demo --list-examples`` suggests parses; the size guard names one limit and one flag."""

import argparse
import json
import random
import shlex

import pytest

from exactrelu.cli import main
from exactrelu.cli.checks import EXAMPLE_COMMANDS
from exactrelu.cli.parser import COMMANDS, build_parser

#: Commands that take data, and the default of --bias their paper sets.
DATA_COMMANDS = {
    "arrangement": True,
    "zonotope": True,
    "patterns": True,
    "position": True,
    "perturb": True,
    "jacobian": True,
    "interpolate": True,
    "erm": True,
    "gls": True,
    "fit-exact": True,
    "convex": False,
    "is-optimal": False,
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _subparser(name):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sub.choices[name]


@pytest.mark.parametrize("name", sorted(DATA_COMMANDS))
def test_every_data_command_has_bias_no_bias_with_its_papers_default(name):
    """Before: convex/is-optimal took --bias only, every other command --no-bias only."""
    p = _subparser(name)
    text = " ".join(p.format_help().split())
    assert "--bias, --no-bias" in text
    default = DATA_COMMANDS[name]
    assert f"Default: {'--bias' if default else '--no-bias'}, as in" in text
    paper = {False: "Wang, Lacotte & Pilanci 2022", True: "Matena & Raffel 2022"}[default]
    if name in ("jacobian", "interpolate"):
        paper = "Karhadkar, Murray, Tseran & Montúfar 2023"
    assert f"as in {paper}" in text
    base = ["net.json"] if name == "is-optimal" else []
    for flag, value in (("--bias", True), ("--no-bias", False), (None, default)):
        argv = [name, *base, *([flag] if flag else []), "--labels", "1", "--beta", "1"]
        args = p.parse_known_args(argv[1:])[0]
        assert bool(args.bias) is value, (name, flag)
        if flag is None and name in ("convex", "is-optimal"):  # None = not given (is-optimal reads the file)
            assert args.bias is None


def test_plot_kinds_have_the_same_data_grammar():
    for kind in ("data", "arrangement", "zonotope", "skeleton", "patterns"):
        args = build_parser().parse_args(["plot", kind, "x.csv", "--no-bias", "-o", "x.png"])
        assert args.plot_command == kind and args.bias is False and args.output == "x.png"
    with pytest.raises(SystemExit):  # --output is required
        build_parser().parse_args(["plot", "zonotope", "x.csv"])


def test_shared_flags_same_everywhere():
    """--json, --limit, --progress, --timeout on every runnable command (with the same meaning)."""

    def leaves(commands):
        for c in commands:
            yield from leaves(c.subcommands) if c.subcommands else [c]

    for c in leaves(COMMANDS):
        flags = {n for a in c.args for n in a.names}
        assert {"--json", "--timeout"} <= flags, c.name
        if c.name != "report":
            assert "--progress" in flags, c.name
        if c.name not in ("hunt", "report", "verify"):
            assert "--limit" in flags, c.name


def test_list_examples_suggests_only_command_lines_that_parse(capsys):
    """Before: it told the user to pass --no-bias to convex, which rejected it."""
    code, out, _ = run(capsys, "demo", "--list-examples")
    assert code == 0
    parser = build_parser()
    for line in EXAMPLE_COMMANDS.values():
        assert line in out
        parser.parse_args(shlex.split(line)[1:])  # SystemExit (a test failure) if a flag is rejected
    # every flag a description mentions is accepted by the command it is about
    assert "--no-bias" in out
    parser.parse_args(
        ["convex", "--example", "convex_example1", "--no-bias", "--labels", "1,0,0", "--beta", "1/10"]
    )


def test_convex_accepts_no_bias_and_bias(capsys):
    data = ["--example", "convex_example1", "--labels", "1,0,0", "--beta", "1/10", "--json", "--no-progress"]
    code, out, err = run(capsys, "convex", *data, "--no-bias", "--summary")
    assert code == 0, err
    assert json.loads(out)["n_patterns"] == 6 and "patterns" not in json.loads(out)
    code, out, err = run(capsys, "convex", *data, "--bias", "--summary")
    assert code == 0, err


def test_v_has_one_default_alternating(capsys):
    """Before: jacobian defaulted to v = (1, 1, ...), interpolate to (1, -1, ...)."""
    base = ["--example", "points_1d", "--pattern", "111,011,001", "--json", "--no-progress"]
    code, out, err = run(capsys, "jacobian", *base)
    assert code == 0, err
    assert json.loads(out)["v"] == [1, -1, 1]
    code, out, err = run(capsys, "interpolate", *base, "--labels", "0,1,0")
    assert code == 0, err
    assert json.loads(out)["v"] == [1, -1, 1]
    for name in ("jacobian", "interpolate"):
        assert "alternating 1, -1" in " ".join(_subparser(name).format_help().split())


def test_fit_exact_no_bias_refused_cleanly(capsys):
    code, _out, err = run(capsys, "fit-exact", "--example", "square", "--labels", "1,2,3,4", "--no-bias")
    assert code == 2 and err.startswith("exactrelu: error: ") and "Theorem 4.3" in err


def test_zonotope_verify_on_30_points_refused_up_front_naming_one_limit(capsys, tmp_path):
    """Before: 30 random integer points in R^3 ran cdd for more than 11 minutes with no output,
    after two refusals that named different limits."""
    rng = random.Random(1)
    f = tmp_path / "x.csv"
    f.write_text("\n".join(",".join(str(rng.randint(-99, 99)) for _ in range(3)) for _ in range(30)))
    for extra in ([], ["--limit", "100000"]):
        code, out, err = run(capsys, "zonotope", str(f), "--verify", *extra)
        assert code == 2 and "Traceback" not in err
        assert err.count("the limit is") == 1 and "--cdd-timeout" in err and "EXACTRELU_CDD_TIMEOUT" in err
        assert "cdd cross-check" in err and "leave out --verify" in err and "about 4.4 h" in err
        assert out == ""
    # two limits exceeded at once: one refusal naming both
    code, out, err = run(capsys, "zonotope", str(f), "--verify", "--limit", "100")
    assert code == 2 and err.count("exactrelu: error:") == 1
    assert "--limit 8180" in err and "--cdd-timeout" in err


def test_guard_size_message():
    from exactrelu.exact.errors import SizeLimitError
    from exactrelu.exact.limits import guard_size

    assert guard_size("chambers", 5, 10) == 10
    with pytest.raises(SizeLimitError) as info:
        guard_size("pictures", 60, 50, flag="--max-vertices", env="EXACTRELU_PLOT_LIMIT", cost="about 2 min")
    msg = str(info.value)
    assert "60 pictures (about 2 min)" in msg and "50" in msg
    assert "--max-vertices 60" in msg and "EXACTRELU_PLOT_LIMIT=60" in msg
    with pytest.raises(SizeLimitError, match="22\\^1000"):
        guard_size("tuples", "22^1000", 10)


def _help_of(parser, dest):
    action = next(a for a in parser._actions if a.dest == dest)
    return " ".join(action.help.split())


def test_plot_kind_help_is_written_per_kind():
    """Before: 'draw the data of the data', 'Draw the skeleton of the data' (one template for all)."""
    plot = _subparser("plot")
    sub = next(a for a in plot._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert helps["data"] == "draw the data points"
    assert "1-skeleton" in helps["skeleton"]
    for kind, p in sub.choices.items():
        text = " ".join(p.format_help().split())
        assert "of the data of the data" not in text and "the skeleton of the data" not in text, kind
        assert "data data" not in helps[kind]


def test_option_help_says_what_the_option_does():
    """Before: interpolate --v spoke of the Jacobian rank; gls --units stated no default."""
    assert "Jacobian rank" not in _help_of(_subparser("interpolate"), "v")
    assert "Jacobian rank" in _help_of(_subparser("jacobian"), "v")
    assert "default 1" in _help_of(_subparser("gls"), "units")
    check = _subparser("check")
    assert "not --examples" in _help_of(check, "example") and "not --example," in _help_of(check, "examples")


def test_workers_default_says_what_each_command_does():
    """Before: 'one process' (check, hunt) against 'one per core' (campaign run), not what either does."""
    for name in ("check", "hunt"):
        assert "this process, serially, without Dask" in _help_of(_subparser(name), "workers"), name
    run_p = _subparser("campaign")
    sub = next(a for a in run_p._actions if isinstance(a, argparse._SubParsersAction))
    assert "one worker process per core" in _help_of(sub.choices["run"], "workers")
