"""Review of the issue-17 CLI work: each defect found, with a test that would have caught it.

1. --timeout: a partial .npz was corrupt (the re-armed alarm cut np.savez_compressed), counts were
   off by one, and a run whose rows were all written exited 124.
2. --json with --timeout printed nothing.
3. --summary refused on 40 points in R^4 because of the face vector.
4. --progress: no bar on a terminal, "finished" after a timeout, unprefixed library lines after
   the final message.
5. --output with a bad suffix or a missing directory failed only after the computation.
6. .graphml for the arrangement had no edges; the zonotope's GraphML said n_rows=0.
7. The timeout message suggested --summary and --output even when both were given.
"""

import csv
import io
import itertools
import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from exactrelu.cli import geometry as cli_geometry
from exactrelu.cli import main
from exactrelu.cli.common import TIMEOUT_STATUS

nx = pytest.importorskip("networkx")

P2 = "0,0\n3,5\n-5,-4\n4,5\n-3,-2\n4,-1\n"  # the reviewer's p2.csv: 30 chambers, not in general position


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err


@pytest.fixture
def p2(tmp_path):
    path = tmp_path / "p2.csv"
    path.write_text(P2)
    return str(path)


def _chambers_then_stall(n_rows=None, stall=5.0):
    """Replace the chamber stream: the real chambers (or the first n_rows), then a long stall."""

    def fake(A, progress):
        rows = A.iter_chambers()
        if n_rows is not None:
            rows = itertools.islice(itertools.cycle(list(rows)), n_rows)
        yield from rows
        if stall:
            time.sleep(stall)

    return fake


def _slow_savez(monkeypatch, seconds):
    real = np.savez_compressed

    def slow(*args, **kwargs):
        time.sleep(seconds)  # the old alarm, re-armed every 0.05 s, fired in here
        return real(*args, **kwargs)

    monkeypatch.setattr(np, "savez_compressed", slow)


# ----------------------------------------------------------------------------- 1. --timeout


def test_partial_npz_is_valid_when_the_alarm_would_cut_its_writing(capsys, monkeypatch, tmp_path, p2):
    """Before: np.load(...)['pattern'] raised zlib.error (or the file had 0 rows)."""
    monkeypatch.setattr(cli_geometry, "_iter_chambers", _chambers_then_stall())
    _slow_savez(monkeypatch, 0.4)
    target = tmp_path / "pq.npz"
    code, _out, err = run(
        capsys, "patterns", p2, "--summary", "--output", str(target), "--timeout", "0.3", "--no-progress"
    )
    assert code == TIMEOUT_STATUS, err
    assert "done so far: 30 patterns; the rows so far are in" in err
    with np.load(target, allow_pickle=False) as d:
        assert d["pattern"].shape == (30,)
        meta = json.loads(str(d["_meta"]))
    assert meta["complete"] is False and meta["n_rows"] == 30
    assert not os.path.exists(str(target) + ".part")


def test_timeout_counts_are_exact(capsys, monkeypatch, tmp_path, p2):
    """Before: 8,415 rows printed, "done: 8,414"."""

    def endless(A, progress):
        rows = list(A.iter_chambers())
        yield from itertools.cycle(rows)

    monkeypatch.setattr(cli_geometry, "_iter_chambers", endless)
    target = tmp_path / "t.csv"
    code, out, err = run(capsys, "patterns", p2, "--output", str(target), "--timeout", "0.3", "--no-progress")
    assert code == TIMEOUT_STATUS, err
    printed = [
        ln for ln in out.splitlines() if ln.split() and ln.split()[0].isdigit() and len(ln.split()) == 2
    ]
    done = int(err.split("done so far: ")[1].split(" patterns")[0].replace(",", ""))
    with open(target, newline="") as fh:
        in_file = len(list(csv.reader(fh))) - 1
    assert done == len(printed) == in_file > 0, (done, len(printed), in_file)


def test_no_124_when_every_row_was_written(capsys, monkeypatch, tmp_path, p2):
    """Before: all 183,930 rows printed, yet exit status 124 (the alarm fired while finishing)."""
    monkeypatch.setattr(cli_geometry, "_iter_chambers", _chambers_then_stall(stall=0))
    _slow_savez(monkeypatch, 0.5)  # the work is done at once; the alarm fires while the file is written
    target = tmp_path / "all.npz"
    code, out, err = run(capsys, "patterns", p2, "--output", str(target), "--timeout", "0.2", "--no-progress")
    assert code == 0, err
    assert err == ""
    assert f"wrote 30 patterns to {target}" in out
    with np.load(target, allow_pickle=False) as d:
        assert d["pattern"].shape == (30,) and json.loads(str(d["_meta"]))["complete"] is True
    time.sleep(0.15)  # the alarm is disarmed for good: nothing fires after the command


# ----------------------------------------------------------------------------- 2. --json --timeout


@pytest.mark.parametrize(
    "command,key", [("patterns", "patterns"), ("arrangement", "chambers"), ("zonotope", "vertices")]
)
def test_json_with_timeout_gives_a_partial_object(capsys, monkeypatch, p2, command, key):
    """Before: standard output was empty."""
    monkeypatch.setattr(cli_geometry, "_iter_chambers", _chambers_then_stall(n_rows=7))
    code, out, err = run(capsys, command, p2, "--json", "--timeout", "0.3", "--no-progress")
    assert code == TIMEOUT_STATUS, err
    d = json.loads(out)
    assert d["complete"] is False and d["n_rows"] == 7 and len(d[key]) == 7
    assert d["n_regions"] == 30
    assert "done so far: 7 " in err


# ----------------------------------------------------------------------------- 3. --summary


@pytest.mark.parametrize("command", ["arrangement", "zonotope"])
def test_summary_gives_the_counts_when_the_face_vector_is_too_big(capsys, p2, command):
    """Before: 'refusing to enumerate 2,930,722 faces' (here: 122 faces over --limit 40), exit 2."""
    code, out, err = run(capsys, command, p2, "--summary", "--limit", "40")
    assert code == 0, err
    assert "not computed (predicted 122 faces" in out and "--limit 122" in out
    assert "30" in out and err == ""
    code, out, err = run(capsys, command, p2, "--summary", "--limit", "40", "--json")
    d = json.loads(out)
    assert d["n_regions"] == 30
    face_key = "face_vector" if command == "arrangement" else "f_vector"
    assert d[face_key] is None and "not computed" in d[face_key + "_note"]
    code, out, _err = run(capsys, command, p2, "--summary", "--json")  # within the limit: counted
    assert json.loads(out)["n_edges"] == 54


# ----------------------------------------------------------------------------- 4. --progress


def test_progress_says_stopped_and_prints_nothing_after_the_message(capsys, monkeypatch, tmp_path, p2):
    """Before: the last line said "finished" after a timeout, and a library line without the
    command's prefix came after the timeout message."""
    monkeypatch.setenv("EXACTRELU_PROGRESS_INTERVAL", "0.05")
    monkeypatch.setattr(cli_geometry, "_iter_chambers", _chambers_then_stall(n_rows=5))
    code, _out, err = run(
        capsys,
        "patterns",
        p2,
        "--summary",
        "--output",
        str(tmp_path / "p.csv"),
        "--progress",
        "--timeout",
        "0.4",
    )
    assert code == TIMEOUT_STATUS
    lines = err.splitlines()
    assert lines[-1].startswith("exactrelu: stopped by --timeout")
    assert "stopped; done: 5 patterns" in lines[-2]
    assert not any("finished" in ln for ln in lines)
    assert all(ln.startswith("exactrelu") for ln in lines), lines


def test_library_lines_carry_the_prefix_and_stop_silently(monkeypatch):
    from exactrelu.exact import progress

    buf = io.StringIO()
    monkeypatch.setattr("sys.stderr", buf)
    monkeypatch.setenv("EXACTRELU_PROGRESS_INTERVAL", "1000")

    def loop():
        with progress.progress_bar(True, 3, "chambers", "subproblem") as bar:
            for _ in range(3):
                bar.update()
                yield

    with progress.line_prefix("exactrelu patterns: "):
        gen = loop()
        next(gen)
    gen.close()  # closed early, after the command (a generator collected late): no line at all
    assert buf.getvalue() == ""
    with progress.line_prefix("exactrelu patterns: "):
        list(loop())
    assert buf.getvalue().startswith("exactrelu patterns: chambers: 3/3 subproblems (100%)")


def _pty_stderr(argv, timeout=60):
    """Run argv with standard error on a fresh pseudo-terminal of size 0x0 (as under `script`)."""
    pty = pytest.importorskip("pty")
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    buf, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
        elif proc.poll() is not None:
            break
    proc.stdout.read()
    proc.wait(timeout=10)
    os.close(master)
    return proc.returncode, buf.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_progress_on_a_terminal_shows_a_live_bar(tmp_path):
    """Before: on a terminal nothing appeared between the first line and the end."""
    rng = np.random.default_rng(5)
    data = tmp_path / "x.csv"
    data.write_text("\n".join(",".join(str(v) for v in row) for row in rng.integers(-99, 99, (40, 3))))
    code, err = _pty_stderr(
        [
            sys.executable,
            "-m",
            "exactrelu",
            "patterns",
            str(data),
            "--summary",
            "--progress",
            "--output",
            str(tmp_path / "t.csv"),
        ]
    )
    assert code == 0, err
    frames = [f for f in err.split("\r") if "exactrelu patterns: patterns:" in f and "/19840" in f]
    assert frames, err[-2000:]  # the bar: rows of the known total
    assert "finished; done: 19,840 patterns" in err
    assert "Traceback" not in err


# ----------------------------------------------------------------------------- 5. --output up front


@pytest.mark.parametrize(
    "argv,message",
    [
        (["patterns", "{p2}", "--output", "a.txt"], "'exactrelu patterns' writes .json (JSON), .csv"),
        (
            ["zonotope", "{p2}", "--summary", "--output", "nodir/z.json"],
            "the directory 'nodir' does not exist",
        ),
        (["arrangement", "{p2}", "--output", "nodir/a.csv"], "the directory 'nodir' does not exist"),
        (["check", "--data", "{p2}", "--output", "c.graphml"], "'exactrelu check' writes .json"),
        (["patterns", "{p2}", "--output", "a.graphml"], "not '.graphml'"),
        (["plot", "data", "{p2}", "--output", "nodir/x.png"], "the directory 'nodir' does not exist"),
        (["plot", "data", "{p2}", "--output", "x.json"], "writes .png (PNG picture)"),
        (["patterns", "{p2}", "--output", "{tmp}"], "it is a directory"),
    ],
)
def test_bad_output_is_refused_before_any_work(capsys, monkeypatch, tmp_path, p2, argv, message):
    """Before: the result was computed and printed, then the suffix or directory was refused."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.json").mkdir()
    argv = [a.format(p2=p2, tmp=str(tmp_path / "d.json")) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""  # nothing computed, nothing printed
    assert (
        err.count("\n") == 1 and err.startswith("exactrelu: error: cannot write --output") and message in err
    )
    assert sorted(os.listdir(tmp_path)) == ["d.json", "p2.csv"]


# ----------------------------------------------------------------------------- 6. GraphML


def test_arrangement_graphml_is_the_chamber_adjacency_graph(capsys, tmp_path, p2):
    """Before: a graph of 30 nodes and 0 edges."""
    target = tmp_path / "a.graphml"
    code, out, err = run(capsys, "arrangement", p2, "--output", str(target))
    assert code == 0, err
    G = nx.read_graphml(target)
    assert (G.number_of_nodes(), G.number_of_edges()) == (30, 54)  # 54 = the zonotope's edges
    assert nx.is_connected(G)
    assert G.graph["n_rows"] == G.graph["n_nodes"] == 30 and G.graph["n_edges"] == 54
    assert "wrote the chamber graph (30 chambers, 54 adjacencies)" in out


def test_zonotope_graphml_counts_its_rows(capsys, tmp_path, p2):
    """Before: graph attribute n_rows=0 (the NPZ said 30)."""
    target = tmp_path / "z.graphml"
    code, _out, err = run(capsys, "zonotope", p2, "--summary", "--output", str(target))
    assert code == 0, err
    G = nx.read_graphml(target)
    assert G.graph["n_rows"] == G.graph["n_nodes"] == G.number_of_nodes() == 30
    assert G.graph["n_edges"] == G.number_of_edges() == 54
    code, _out, err = run(capsys, "zonotope", p2, "--summary", "--output", str(tmp_path / "z.npz"))
    with np.load(tmp_path / "z.npz", allow_pickle=False) as d:
        assert json.loads(str(d["_meta"]))["n_rows"] == G.graph["n_rows"]


# ----------------------------------------------------------------------------- 7. the message


def test_timeout_message_suggests_only_flags_not_given(capsys, monkeypatch, tmp_path, p2):
    """Before: "use --summary … or --output FILE" even with both given."""
    monkeypatch.setattr(cli_geometry, "_iter_chambers", _chambers_then_stall(n_rows=3))
    code, _out, err = run(
        capsys, "patterns", p2, "--summary", "--output", str(tmp_path / "p.csv"), "--timeout", "0.3"
    )
    assert code == TIMEOUT_STATUS
    assert "--summary" not in err.split("To continue:")[1] and "--output FILE" not in err
    assert err.rstrip().endswith("To continue: run again with a larger --timeout (or none)")
    code, _out, err = run(capsys, "patterns", p2, "--output", str(tmp_path / "q.csv"), "--timeout", "0.3")
    how = err.split("To continue:")[1]
    assert how.strip() == "run again with a larger --timeout (or none), or use --summary for the counts only"
    code, _out, err = run(capsys, "patterns", p2, "--json", "--timeout", "0.3")
    how = err.split("To continue:")[1]
    assert "use --summary for the counts only, or --output FILE to keep every row" in how


def test_json_result_is_never_cut_by_the_alarm(capsys, monkeypatch, p2):
    """A --json result being written when the alarm fires is printed whole, with exit status 0."""
    from exactrelu.cli import common

    real = common.pretty

    def slow(payload):
        time.sleep(0.4)  # the alarm (0.2 s) fires while the result is serialised
        return real(payload)

    monkeypatch.setattr(common, "pretty", slow)
    code, out, err = run(
        capsys, "arrangement", p2, "--summary", "--json", "--timeout", "0.2", "--no-progress"
    )
    assert code == 0 and err == "", err
    assert json.loads(out)["n_regions"] == 30
