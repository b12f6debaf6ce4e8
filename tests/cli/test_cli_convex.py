"""The README pipeline ``exactrelu convex ... --json > ex1.json; exactrelu is-optimal ex1.json ...``.

The network that ``convex`` writes is rational and the optimum of Example 1 (Wang, Lacotte & Pilanci
2022) is irrational, so the network is *not* exactly optimal: without a tolerance the verdict is
"not optimal" (exit 1, with a certified descent direction of decrease ~1e-20); with ``--tol`` it is
"optimal within the certified gap" (exit 0).  ``--tol`` is read from ``args.tol`` (the parser
option is added by the lead; until then the tests set the attribute on the parsed namespace).
"""

import io
import json
import re

from exactrelu.cli import main
from exactrelu.cli.convex import cmd_is_optimal
from exactrelu.cli.parser import build_parser

DATA = ["--example", "convex_example1", "--labels", "1,0,0", "--beta", "1/10"]


def _network(tmp_path, capsys):
    assert main(["convex", *DATA, "--json", "--no-progress"]) == 0
    out, _ = capsys.readouterr()
    path = tmp_path / "ex1.json"
    path.write_text(out)
    return str(path)


def _is_optimal(path, tol, *extra):
    args = build_parser().parse_args(["is-optimal", path, *DATA, *extra])
    if tol is not None or not hasattr(args, "tol"):
        args.tol = tol
    buf = io.StringIO()
    return cmd_is_optimal(args, buf), buf.getvalue()


def test_readme_pipeline_accepts_with_tol(tmp_path, capsys):
    path = _network(tmp_path, capsys)
    code, out = _is_optimal(path, "1e-9")
    assert code == 0, out
    assert out.startswith("GLOBALLY OPTIMAL WITHIN THE CERTIFIED GAP"), out
    assert "certificate re-verified: yes" in out
    code, out = _is_optimal(path, "1e-9", "--json")
    d = json.loads(out)
    assert d["status"] == "within_gap" and d["optimal"] is False and d["certificate_verified"]
    assert 0 < d["gap_certificate"]["gap_float"] <= 1e-9
    assert d["patterns_complete"]["count"] == d["patterns_complete"]["expected"] == 6


def test_readme_pipeline_negative_control_without_or_below_tol(tmp_path, capsys):
    """Without --tol, or with a tolerance below the certified gap, the exact answer stands: exit 1."""
    path = _network(tmp_path, capsys)
    code, out = _is_optimal(path, None)
    assert code == 1 and out.startswith("NOT globally optimal"), out
    code, out = _is_optimal(path, "1e-30")
    assert code == 1 and out.startswith("NOT globally optimal"), out


def test_is_optimal_exact_optimum_exit_0(tmp_path):
    """An exactly optimal network (the square example, P* = 19/50) is 'optimal' with or without --tol."""
    net = tmp_path / "net.json"
    net.write_text(json.dumps({"products": [["9/10", "0"], ["-9/10", "0"]], "signs": [1, 1]}))
    data = tmp_path / "sq.csv"
    data.write_text("1,1\n1,-1\n-1,-1\n-1,1\n")
    for tol in (None, "1e-9"):
        argv = ["is-optimal", str(net), str(data), "--labels", "1,1,1,1", "--beta", "1/5"]
        args = build_parser().parse_args(argv)
        args.tol = tol
        buf = io.StringIO()
        assert cmd_is_optimal(args, buf) == 0, buf.getvalue()
        assert buf.getvalue().startswith("GLOBALLY OPTIMAL:")


P2 = "0,0\n3,5\n-5,-4\n4,5\n-3,-2\n4,-1\n"
P2_ARGS = ["--labels", "1,2,3,4,5,6", "--beta", "1", "--no-progress"]


def _convex_json(tmp_path, capsys, *extra):
    data = tmp_path / "p2.csv"
    data.write_text(P2)
    assert main(["convex", str(data), *P2_ARGS, "--json", *extra]) == 0
    out, _ = capsys.readouterr()
    net = tmp_path / "net.json"
    net.write_text(out)
    return str(net), str(data), json.loads(out)


def test_convex_bias_json_round_trips_through_is_optimal(tmp_path, capsys):
    """Before: no 'bias' key; is-optimal failed with 'neurons have 3 entries but the data have 2 columns'."""
    net, data, payload = _convex_json(tmp_path, capsys, "--bias")
    assert payload["bias"] is True
    code = main(["is-optimal", net, data, *P2_ARGS, "--tol", "1e-6"])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "entries" not in err
    code = main(["is-optimal", net, data, *P2_ARGS, "--no-bias"])
    _, err = capsys.readouterr()
    assert code == 2 and "drop --no-bias" in err, err


def test_is_optimal_width_mismatch_says_what_to_pass(tmp_path, capsys):
    net, data, _payload = _convex_json(tmp_path, capsys, "--bias")
    with open(net) as fh:
        spec = json.load(fh)
    del spec["bias"]  # an older convex output
    with open(net, "w") as fh:
        json.dump(spec, fh)
    assert main(["is-optimal", net, data, *P2_ARGS]) == 2
    _, err = capsys.readouterr()
    assert "3 entries per neuron" in err and "pass --bias, as the convex run had" in err, err


def test_is_optimal_float_network_hints_at_tol(tmp_path, capsys):
    """Before: 'objective L_β(θ) = in [...]' and a bare 'NOT globally optimal' without a hint."""
    net, data, payload = _convex_json(tmp_path, capsys)
    assert payload["bias"] is False
    code = main(["is-optimal", net, data, *P2_ARGS])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "= in [" not in out and "objective L_β(θ) in [" in out, out
    assert "pass --tol T" in out, out
    assert not re.search(r"\d[\d/]{15,}", out), out
