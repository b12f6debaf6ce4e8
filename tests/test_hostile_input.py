"""The bad-input battery of issue 16: each input gives ONE exactrelu error, fast, never a traceback.

Every case goes through the Python API (``HyperplaneArrangement.from_data`` and the readers of
:mod:`exactrelu.exact.parse`) and through the CLI (``exactrelu arrangement FILE``, in-process, and in
a fresh interpreter for ``/dev/zero``, endless and empty standard input and long integers).  Time is
measured as CPU time of the process (the machine may be shared), with a generous wall-clock cap.
Negative controls: the same readers accept the well-formed neighbour of each bad input.
"""

import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from exactrelu import HyperplaneArrangement
from exactrelu.cli import main
from exactrelu.exact import limits as limits_module
from exactrelu.exact.errors import ExactReluError
from exactrelu.exact.parse import exact_matrix, parse_data_text, read_data, to_fraction

CPU_SECONDS = 1.0  # the bound, per input
WALL_SECONDS = 10.0  # generous: six sessions share the machine
BIG = 10**5000 - 1  # 5,000 digits: beyond Python's 4,300-digit int/str limit
BIG_TEXT = "9" * 5000
HUGE_TEXT = "9" * 20_000  # beyond the default max_digits (10,000)

# name -> (API input, CLI file name, CLI file content, words of the error)
BATTERY = {
    "nan": ([[float("nan"), 1]], "nan.csv", "nan,1\n2,3\n", "not a finite"),
    "nan-string": ([["NaN", 1]], "nan.json", "[[NaN, 1], [2, 3]]", "not a finite"),
    "inf": ([[float("inf"), 1]], "inf.json", "[[Infinity, 1], [2, 3]]", "not a finite"),
    "-inf": (np.array([[-np.inf, 1.0]]), "ninf.csv", "-inf,1\n2,3\n", "not a finite"),
    "ragged": ([[1, 2], [3]], "ragged.csv", "1,2\n3\n", "ragged"),
    "empty": ([], "empty.csv", "", "empty"),
    "empty-json": (np.empty((0, 2)), "empty.json", "[]", "empty"),
    "exponent-string": ([["1e1000000000", 1]], "exp.csv", "1e1000000000,1\n2,3\n", "max_exponent"),
    "exponent-json-number": (
        [[Decimal("1e1000000000"), 1]],
        "exp.json",
        "[[1e1000000000, 1], [2, 3]]",
        "max_exponent",
    ),
    "exponent-of-many-digits": (
        [["1e" + "9" * 5000, 1]],
        "exp2.json",
        "[[1e" + "9" * 5000 + ", 1]]",
        "max_exponent",
    ),
    "digits": ([[HUGE_TEXT, 1]], "digits.json", f"[[{HUGE_TEXT}, 1]]", "max_digits"),
    "digits-int": ([[10**20_000, 1]], "digits2.csv", f"{HUGE_TEXT}.5,1\n", "max_digits"),
    "digits-fraction": ([[f"1/{HUGE_TEXT}", 1]], "digits.csv", f"1/{HUGE_TEXT},1\n", "max_digits"),
    "unicode-digit": ([["\u0661", 2]], "unicode.csv", "\u0661,2\n3,4\n", "ARABIC-INDIC DIGIT ONE"),
    "fullwidth-digit": ([["\uff15", 2]], "fullwidth.json", '[["\uff15", 2]]', "FULLWIDTH DIGIT FIVE"),
    "unicode-minus": ([["\u22121", 2]], "minus.csv", "\u22121,2\n", "MINUS SIGN"),
    "boolean": ([[True, 1]], "bool.json", "[[true, 1], [2, 3]]", "boolean"),
    "boolean-array": (np.array([[True, False]]), "bool.csv", "True,False\n", "bool"),
    "complex": ([[1 + 2j, 1]], "complex.csv", "1+2j,1\n2,3\n", "complex"),
    "complex-array": (np.array([[1 + 2j, 1]]), "complex.json", '[["1+2j", 1]]', "complex"),
    "none": ([[None, 1]], "null.json", "[[null, 1], [2, 3]]", "missing value"),
    "nesting-deep": ([[[1, 2]], [[3, 4]]], "nest.json", "[[[1, 2]], [[3, 4]]]", "nested"),
    "nesting-flat": ([1, 2, 3], "flat.json", "[1, 2, 3]", "one point per row"),
    "nesting-3d": (np.zeros((2, 2, 2)), "deep.json", "[" * 100_000 + "]" * 100_000, "dimension"),
    "nesting-dict": ([{"x": 1}], "dict.json", '[{"x": 1}]', "not a sequence"),
    "not-a-table": (5, "scalar.json", "5", "2-D table"),
}


def _cpu_error(fn):
    """Run fn; return (its ExactReluError, CPU seconds, wall seconds)."""
    c0, w0 = time.process_time(), time.perf_counter()
    with pytest.raises(ExactReluError) as info:
        fn()
    return info.value, time.process_time() - c0, time.perf_counter() - w0


def _api(X):
    return HyperplaneArrangement.from_data(X).n_regions()


@pytest.mark.parametrize("case", sorted(BATTERY))
def test_api_gives_one_error_fast(case):
    X, _, _, words = BATTERY[case]
    if case == "nesting-3d":
        words = "3 dimension"
    err, cpu, wall = _cpu_error(lambda: _api(X))
    assert words.lower() in str(err).lower(), str(err)
    assert cpu < CPU_SECONDS and wall < WALL_SECONDS, (cpu, wall)


@pytest.mark.parametrize("case", sorted(BATTERY))
def test_cli_gives_one_error_fast(case, tmp_path, capsys):
    _, fname, content, words = BATTERY[case]
    if case == "nesting-3d":
        words = "nested too deeply"
    path = tmp_path / fname
    path.write_text(content, encoding="utf-8")
    c0, w0 = time.process_time(), time.perf_counter()
    code = main(["arrangement", str(path), "--no-progress"])
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    out, err = capsys.readouterr()
    assert code == 2 and out == "", (code, out)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exactrelu: error: "), err
    assert "unexpected" not in err and "Traceback" not in err
    assert words.lower() in err.lower(), err
    assert cpu < CPU_SECONDS and wall < WALL_SECONDS, (cpu, wall)


def test_json_numbers_are_never_built_before_the_guard():
    """json.loads would build 10**1000000000 (or a 20,000-digit int) before any check: the hooks keep text."""
    t0 = time.process_time()
    raw = parse_data_text(f"[[1e1000000000, {HUGE_TEXT}]]", "json")
    assert raw == [["1e1000000000", HUGE_TEXT]] and time.process_time() - t0 < CPU_SECONDS
    with pytest.raises(ExactReluError, match="max_exponent"):
        exact_matrix(raw)


def test_long_integers_agree_between_api_and_cli(tmp_path, capsys):
    """5,000 digits: accepted by the API, the CSV and the JSON readers alike, and printed by the CLI."""
    X = [[0, 0], [BIG, BIG], [1, 1]]  # collinear: the CLI prints a dependency with 5,000-digit numbers
    n = _api(X)
    digit_limit = sys.get_int_max_str_digits()
    for name, text in [
        ("big.csv", f"0,0\n{BIG_TEXT},{BIG_TEXT}\n1,1\n"),
        ("big.json", f"[[0, 0], [{BIG_TEXT}, {BIG_TEXT}], [1, 1]]"),
    ]:
        path = tmp_path / name
        path.write_text(text)
        assert exact_matrix(read_data(str(path))) == exact_matrix(X)
        assert main(["arrangement", str(path), "--json", "--no-progress"]) == 0
        assert json.loads(capsys.readouterr().out, parse_int=str)["n_regions"] == str(n)
        assert main(["position", str(path), "--no-progress"]) == 0
        assert BIG_TEXT in capsys.readouterr().out  # printed in full, past the int/str limit
    assert sys.get_int_max_str_digits() == digit_limit  # main() restores the limit it lifted


def test_limits_are_configurable_and_named(tmp_path, monkeypatch, capsys):
    with limits_module.input_limits(max_digits=30_000):
        assert to_fraction(HUGE_TEXT) == 10**20_000 - 1
    with limits_module.input_limits(max_points=2), pytest.raises(ExactReluError, match="max_points is 2"):
        _api([[0], [1], [2]])
    with limits_module.input_limits(max_dimension=1), pytest.raises(ExactReluError, match="max_dimension"):
        _api(np.zeros((1, 2)))
    path = tmp_path / "d.csv"
    path.write_text("0\n1\n2\n")
    monkeypatch.setenv("EXACTRELU_MAX_BYTES", "4")
    assert main(["arrangement", str(path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "max_bytes is 4" in err and "EXACTRELU_MAX_BYTES" in err
    monkeypatch.setenv("EXACTRELU_MAX_BYTES", "6")  # negative control: exactly the size of the file
    assert main(["arrangement", str(path), "--no-progress"]) == 0
    monkeypatch.setenv("EXACTRELU_MAX_POINTS", "2")
    assert main(["arrangement", str(path), "--no-progress"]) == 2
    assert "max_points is 2" in capsys.readouterr().err


def test_npy_files_are_checked_before_loading(tmp_path):
    good = tmp_path / "good.npy"
    np.save(good, np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [1, 0]]))
    strings = [["0.1", "0.2"], ["0.3", "0.4"], ["0.5", "0.6"], [1, 0]]
    assert exact_matrix(read_data(str(good))) == exact_matrix(strings)  # negative control
    header = good.read_bytes()[:128].replace(b"(4, 2)", b"(9999999999, 2)".ljust(6))
    for name, data, words in [
        ("truncated.npy", good.read_bytes()[:140], "truncated"),
        ("huge.npy", header, "max_points"),
        ("zeros.npy", b"\0" * 1000, "numpy array"),
    ]:
        (tmp_path / name).write_bytes(data)
        err, cpu, _ = _cpu_error(lambda p=tmp_path / name: exact_matrix(read_data(str(p))))
        assert words in str(err) and cpu < CPU_SECONDS, str(err)
    objects = tmp_path / "objects.npy"
    np.save(objects, np.array([[Fraction(1, 2)]], dtype=object), allow_pickle=True)
    with pytest.raises(ExactReluError, match="numpy array"):
        read_data(str(objects))


def test_non_utf8_and_dev_zero_through_the_api(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("0,1\n\xe9,2\n".encode("latin-1"))
    with pytest.raises(ExactReluError, match="not UTF-8"):
        read_data(str(path))
    path.write_bytes(b"\xef\xbb\xbf0,1\n2,3\n")  # negative control: a UTF-8 byte-order mark is fine
    assert exact_matrix(read_data(str(path))) == ((0, 1), (2, 3))
    if os.path.exists("/dev/zero"):
        err, cpu, wall = _cpu_error(lambda: read_data("/dev/zero"))
        assert "max_bytes" in str(err) and cpu < CPU_SECONDS and wall < WALL_SECONDS


# ----------------------------------------------------------------------------- a fresh interpreter

_RUNNER = (
    "import sys, time\n"
    "from exactrelu.cli import main\n"
    "t = time.process_time()\n"
    "code = main(sys.argv[1:])\n"
    "print(f'cpu={time.process_time() - t}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _fresh(args, stdin=subprocess.DEVNULL, env=None):
    """Run the CLI in a new interpreter; return (status, stdout, stderr lines but the cpu line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-c", _RUNNER, *args],
        stdin=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = p.stderr.decode("utf-8", "replace").strip().splitlines()
    assert lines and lines[-1].startswith("cpu="), lines
    cpu = float(lines[-1][4:])
    total_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert cpu < CPU_SECONDS and wall < WALL_SECONDS and total_cpu < CPU_SECONDS + 3, (cpu, wall, total_cpu)
    return p.returncode, p.stdout.decode("utf-8", "replace"), lines[:-1]


def _one_error(status, out, lines, words):
    assert status == 2 and out == "", (status, out)
    assert len(lines) == 1 and lines[0].startswith("exactrelu: error: ") and "unexpected" not in lines[0], (
        lines
    )
    assert words in lines[0], lines


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_file_and_stdin():
    _one_error(*_fresh(["arrangement", "/dev/zero"]), "max_bytes")
    with open("/dev/zero", "rb") as zero:
        _one_error(*_fresh(["arrangement", "-"], stdin=zero), "max_bytes")


def test_endless_and_empty_stdin():
    endless = subprocess.Popen(
        [sys.executable, "-c", "import sys\nwhile True: sys.stdout.write('1,2\\n' * 4096)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        _one_error(
            *_fresh(["arrangement", "-"], stdin=endless.stdout, env={"EXACTRELU_MAX_BYTES": "100000"}),
            "max_bytes",
        )
    finally:
        endless.kill()
        endless.wait()
    _one_error(*_fresh(["arrangement", "-"]), "standard input is empty")


def test_long_integers_in_a_fresh_interpreter(tmp_path):
    """Python's default 4,300-digit limit is in force there: reading and printing must not hit it."""
    path = tmp_path / "big.json"
    path.write_text(f"[[0, 0], [{BIG_TEXT}, {BIG_TEXT}], [1, 1]]")
    status, out, lines = _fresh(["position", str(path), "--json", "--no-progress"])
    assert status == 0 and not lines, lines
    assert BIG_TEXT in out
