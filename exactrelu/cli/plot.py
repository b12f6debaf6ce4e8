"""``exactrelu plot {data,arrangement,zonotope,skeleton,patterns}``: pictures of the user's own data."""

from __future__ import annotations

import argparse
from typing import TextIO

__all__ = ["PLOT_KINDS", "cmd_plot"]

#: The subcommands of ``exactrelu plot``.
PLOT_KINDS = ("data", "arrangement", "zonotope", "skeleton", "patterns")


def cmd_plot(args: argparse.Namespace, out: TextIO) -> int:
    """Draw ``args.plot_command`` for the command's data into ``args.output``."""
    raise NotImplementedError("exactrelu plot is being written (issue 17)")
