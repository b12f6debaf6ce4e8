"""One progress helper for every long loop of exactrelu.

``with progress_bar(enabled, total, "chambers") as bar: ... bar.update()`` shows a
tqdm bar on stderr when ``enabled`` is true and stderr is a terminal, and does
nothing otherwise, so loops never need ``if bar is not None`` checks.

>>> with progress_bar(False, 3, "steps") as bar:
...     for _ in range(3):
...         bar.update()
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["NullBar", "progress_bar"]


class NullBar:
    """The bar of a disabled progress display: every method does nothing."""

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` steps (no-op)."""

    def set_postfix(self, *args: Any, **kwargs: Any) -> None:
        """Show extra values beside the bar (no-op)."""

    def set_description(self, desc: str | None = None) -> None:
        """Change the label (no-op)."""


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
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, leave=False, disable=None, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()
