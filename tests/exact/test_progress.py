"""The one progress helper: a no-op bar when disabled, a tqdm bar on a terminal, lines otherwise."""

import io
import sys

import pytest

from exactrelu.exact import progress
from exactrelu.exact.progress import LineBar, NullBar, progress_bar


def test_disabled_bar_does_nothing():
    with progress_bar(False, 3, "steps") as bar:
        assert isinstance(bar, NullBar)
        bar.update()
        bar.set_postfix(loss=1)
        bar.set_description("x")


def test_enabled_bar_on_a_terminal_is_tqdm_and_closed_even_on_error(monkeypatch):
    tqdm = pytest.importorskip("tqdm").tqdm
    monkeypatch.setattr(progress, "_isatty", lambda stream: True)
    with pytest.raises(RuntimeError), progress_bar(True, 2, "steps") as bar:
        assert isinstance(bar, tqdm) and bar.total == 2
        raise RuntimeError("stop")
    assert bar not in tqdm._instances and bar.disable  # tqdm forgets and disables a closed bar


def test_enabled_bar_off_a_terminal_prints_lines_with_an_eta(monkeypatch):
    err = io.StringIO()  # not a terminal, like a log file or CI
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(progress, "LINE_INTERVAL", 0.0)
    with progress_bar(True, 4, "runs", "run") as bar:
        assert isinstance(bar, LineBar)
        bar.update(1)
        bar.set_postfix(refuted=0)
        bar.update(3)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("runs: 1/4 runs (25%)") and "ETA" in lines[0]
    assert lines[-1].startswith("runs: 4/4 runs (100%)") and "refuted=0" in lines[-1]


def test_line_bar_without_a_total():
    out = io.StringIO()
    bar = LineBar(None, "chambers", "chamber", stream=out, interval=0)
    bar.update(5)
    assert out.getvalue().startswith("chambers: 5 chambers")
