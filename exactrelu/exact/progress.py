"""One progress helper for every long loop of exactrelu.

``with progress_bar(enabled, total, "chambers") as bar: ... bar.update()`` shows a
tqdm bar on stderr when ``enabled`` is true and stderr is a terminal, a line every
few seconds (count, rate, ETA) when ``enabled`` is true and stderr is not a terminal
(a log file, a batch job), and does nothing otherwise, so loops never need
``if bar is not None`` checks.

>>> with progress_bar(False, 3, "steps") as bar:
...     for _ in range(3):
...         bar.update()
"""

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["LINE_INTERVAL", "LineBar", "NullBar", "line_interval", "progress_bar"]

#: Seconds between two lines of a :class:`LineBar` (default of :func:`line_interval`).
LINE_INTERVAL = 5.0


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
        """Print the final line, unless the last line printed already showed this count."""
        if self.n != self._printed:
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
        print(text, file=self.stream, flush=True)
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
        finally:
            line.close()
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
