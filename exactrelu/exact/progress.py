"""One progress helper for every long loop of exactrelu.

``with progress_bar(enabled, total, "chambers") as bar: ... bar.update()`` shows a
tqdm bar on stderr when ``enabled`` is true and stderr is a terminal, a line every
few seconds (count, rate, ETA) when ``enabled`` is true and stderr is not a terminal
(a log file, a batch job), and does nothing otherwise, so loops never need
``if bar is not None`` checks.  A loop left by an exception (a timeout, Ctrl-C, a
generator closed early) prints no last line: whoever stopped it reports.  Inside
``with line_prefix("exactrelu patterns: ")`` every line and bar label starts with
that prefix (the command line sets it).

>>> with progress_bar(False, 3, "steps") as bar:
...     for _ in range(3):
...         bar.update()
"""

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO

__all__ = [
    "LINE_INTERVAL",
    "LineBar",
    "NullBar",
    "line_interval",
    "line_prefix",
    "progress_bar",
    "terminal_bar",
]

#: Seconds between two lines of a :class:`LineBar` (default of :func:`line_interval`).
LINE_INTERVAL = 5.0


_PREFIX: list[str] = []


@contextmanager
def line_prefix(text: str) -> Iterator[None]:
    """Start every progress line and bar label made inside the block with ``text``.

    >>> import io
    >>> out = io.StringIO()
    >>> with line_prefix("exactrelu arrangement: "):
    ...     bar = LineBar(2, "chambers", "chamber", stream=out, interval=0)
    >>> bar.update(2)
    >>> out.getvalue().split(",")[0]
    'exactrelu arrangement: chambers: 2/2 chambers (100%)'
    """
    _PREFIX.append(text)
    try:
        yield
    finally:
        _PREFIX.pop()


def _prefix() -> str:
    return _PREFIX[-1] if _PREFIX else ""


def line_interval() -> float:
    """Seconds between two progress lines: ``EXACTRELU_PROGRESS_INTERVAL`` or :data:`LINE_INTERVAL`.

    >>> line_interval() > 0
    True
    """
    text = os.environ.get("EXACTRELU_PROGRESS_INTERVAL", "").strip()
    try:
        value = float(text) if text else LINE_INTERVAL
    except ValueError:
        return LINE_INTERVAL
    return value if value > 0 else LINE_INTERVAL


class NullBar:
    """The bar of a disabled progress display: every method does nothing."""

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` steps (no-op)."""

    def set_postfix(self, *args: Any, **kwargs: Any) -> None:
        """Show extra values beside the bar (no-op)."""

    def set_description(self, desc: str | None = None) -> None:
        """Change the label (no-op)."""


class LineBar(NullBar):
    """Progress as plain lines (``desc: n/total (p%), r/s, ETA s``) every ``interval`` seconds.

    >>> import io
    >>> out = io.StringIO()
    >>> bar = LineBar(4, "runs", "run", stream=out, interval=0)
    >>> bar.update(2); bar.close()
    >>> print(out.getvalue().splitlines()[0].split(",")[0])
    runs: 2/4 runs (50%)
    """

    def __init__(
        self,
        total: int | None,
        desc: str,
        unit: str,
        *,
        stream: TextIO | None = None,
        interval: float | None = None,
    ) -> None:
        self.total, self.desc, self.unit, self.n = total, desc, unit, 0
        self.prefix = _prefix()
        self.stopped = False  # left by an exception: no last line
        self.stream = stream if stream is not None else sys.stderr
        self.interval = line_interval() if interval is None else interval
        self.postfix = ""
        self.start = self.last = time.monotonic()
        self._printed = -1  # the count shown by the last line printed (none yet)

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` steps; print a line if ``interval`` seconds have passed."""
        self.n += n
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._line(now)

    def set_postfix(self, *args: Any, **kwargs: Any) -> None:
        """Values shown at the end of the next line."""
        self.postfix = ", ".join(f"{k}={v}" for k, v in kwargs.items())

    def set_description(self, desc: str | None = None) -> None:
        """Change the label."""
        self.desc = desc or ""

    def close(self) -> None:
        """Print the final line, unless the last line showed this count or the loop was stopped."""
        if self.n != self._printed and not self.stopped:
            self._line(time.monotonic())

    def _line(self, now: float) -> None:
        elapsed = max(now - self.start, 1e-9)
        rate = self.n / elapsed
        units = f"{self.unit}s" if not self.unit.endswith("s") else self.unit
        if self.total:
            eta = (self.total - self.n) / rate if rate > 0 else float("inf")
            text = f"{self.desc}: {self.n}/{self.total} {units} ({100 * self.n // self.total}%)"
            text += f", {rate:.3g}/s, ETA {eta:.0f} s"
        else:
            text = f"{self.desc}: {self.n} {units}, {rate:.3g}/s, {elapsed:.0f} s"
        if self.postfix:
            text += f", {self.postfix}"
        with suppress(OSError, ValueError):  # a closed stream
            print(self.prefix + text, file=self.stream, flush=True)
        self._printed = self.n


@contextmanager
def progress_bar(
    enabled: bool, total: int | None = None, desc: str = "", unit: str = "step"
) -> Iterator[Any]:
    """A tqdm bar on stderr while the block runs (closed on exit), or a :class:`NullBar`.

    Parameters
    ----------
    enabled : bool
        Show progress at all.
    total : int, optional
        Number of steps, if known.
    desc, unit : str
        Label of the bar and name of one step.
    """
    if not enabled:
        yield NullBar()
        return
    if not _isatty(sys.stderr):  # a log file: lines, not carriage-return animation
        line = LineBar(total, desc, unit)
        try:
            yield line
        except BaseException:  # stopped (a timeout, Ctrl-C, a generator closed early): no last line
            line.stopped = True
            raise
        finally:
            line.close()
        return
    bar = terminal_bar(total=total, desc=_prefix() + desc, unit=unit)
    try:
        yield bar
    finally:
        bar.close()


def terminal_bar(*, stream: TextIO | None = None, **kwargs: Any) -> Any:
    """A tqdm bar on ``stream`` (default stderr), cleared when closed, that shows on any terminal.

    A terminal that reports no size (a pseudo-terminal of ``script`` or ``ssh -T``: 0 rows,
    0 columns) would make tqdm hide the bar (it fits no row), so 80 columns and 24 rows are
    assumed there; otherwise the bar follows the width of the terminal.
    """
    from tqdm import tqdm

    stream = stream if stream is not None else sys.stderr
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, lines = size.columns, size.lines
    except (AttributeError, OSError, ValueError):
        columns = lines = 0
    options: dict[str, Any] = {"leave": False, "file": stream}
    if columns > 0 and lines > 0:
        options["dynamic_ncols"] = True
    else:
        options.update(ncols=columns or 80, nrows=lines or 24)
    options.update(kwargs)
    return tqdm(**options)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
