"""``exactrelu plot {data,arrangement,zonotope,skeleton,patterns}``: pictures of the user's own data.

Each subcommand reads the data (a file, ``-`` for standard input, or ``--example NAME``),
draws one picture with the function of the same name in :mod:`exactrelu.plot.user`
(``plot_data``, ``plot_arrangement``, ``plot_zonotope``, ``plot_skeleton``,
``plot_patterns``) and writes it to ``--output FILE`` in the format of the file's suffix
(``.png``, ``.svg``, ``.pdf``).  It prints one line saying what was written (``--json``:
one JSON object).  matplotlib is an optional dependency: without it the command stops
with one line naming the extra (``pip install 'exactrelu[plots]'``).  What cannot be
drawn (an object outside R^2 and R^3, more than ``--limit`` vertices or chambers) is
refused before any drawing, with the reason and the flag that changes it; so is an
``--output`` in a directory that does not exist, before the data are read.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from exactrelu.cli.common import emit_json, labels_for, load_data
from exactrelu.exact.errors import InvalidDataError

__all__ = ["PLOT_KINDS", "cmd_plot"]

#: The subcommands of ``exactrelu plot``.
PLOT_KINDS = ("data", "arrangement", "zonotope", "skeleton", "patterns")

#: The pictures that draw several units (``--units``); the others show one unit.
_WITH_UNITS = ("skeleton", "patterns")

#: What the picture counts, per kind: the attribute of the figure and its name in the output line.
_COUNTS = {
    "data": ("points", "points"),
    "arrangement": ("chambers", "chambers"),
    "zonotope": ("vertices", "vertices"),
    "skeleton": ("nodes", "vertices"),
    "patterns": ("patterns", "activation patterns"),
}


def cmd_plot(args: argparse.Namespace, out: TextIO) -> int:
    """Draw ``args.plot_command`` for the command's data into ``args.output``; print what was written.

    Parameters
    ----------
    args : argparse.Namespace
        ``plot_command`` (one of :data:`PLOT_KINDS`), the data arguments of
        :func:`exactrelu.cli.common.load_data`, ``output``, and optionally ``bias``
        (default True), ``units`` (default 1; used by 'skeleton' and 'patterns' only,
        the others show one unit and say that a larger ``--units`` was ignored),
        ``labels`` (colours the points of 'data'), ``limit`` and ``json``.  The JSON
        object's ``units`` is the number of units the picture shows.
    out : text stream

    Returns
    -------
    int
        0 (errors are raised as :class:`~exactrelu.exact.errors.ExactReluError`).
    """
    from exactrelu.plot import user

    kind = args.plot_command
    if kind not in PLOT_KINDS:
        raise InvalidDataError(f"unknown picture {kind!r}; choose one of {', '.join(PLOT_KINDS)}")
    output = getattr(args, "output", None)
    if output is None:
        raise InvalidDataError("no picture file: give --output FILE (.png, .svg or .pdf)")
    fmt = user.picture_format(output)  # refuse a bad file name before reading the data
    X = load_data(args)
    bias = bool(getattr(args, "bias", True))
    limit = getattr(args, "limit", None)
    asked = getattr(args, "units", None)
    options: dict[str, Any] = {"bias": bias, "limit": limit}
    note = None
    if kind in _WITH_UNITS:
        units = asked or 1
        options["units"] = units
    else:  # one unit's data, arrangement or zonotope: --units does not apply
        units = 1
        if asked not in (None, 1):
            note = f"--units {asked} ignored: only 'plot skeleton' and 'plot patterns' draw several units"
    if kind == "data" and getattr(args, "labels", None) is not None:
        options["y"] = labels_for(args, X)
    draw = {
        "data": user.plot_data,
        "arrangement": user.plot_arrangement,
        "zonotope": user.plot_zonotope,
        "skeleton": user.plot_skeleton,
        "patterns": user.plot_patterns,
    }[kind]
    fig = draw(X, output, **options)
    attr, noun = _COUNTS[kind]
    count = getattr(fig, f"exactrelu_{attr}")
    count = len(count) if isinstance(count, list) else count
    if getattr(args, "json", False):
        emit_json(
            {
                "picture": kind,
                "output": str(output),
                "format": fmt,
                "bias": bias,
                "units": units,
                "points": len(X),
                noun.replace(" ", "_"): count,
                "labelled": getattr(fig, "exactrelu_labelled", None),
                **({"note": note} if note else {}),
            },
            out,
        )
    else:
        side = "with" if bias else "without"
        what = (
            f"the {len(X)} points"
            if kind == "data"
            else f"the {kind} of {len(X)} points ({side} a bias): {count} {noun}"
        )
        print(f"wrote {output} ({str(fmt).upper()}), {what}" + (f"; {note}" if note else ""), file=out)
    return 0
