"""Command line interface: ``exactrelu COMMAND [DATA] [options]``.

Exact counts and certificates for the hyperplane arrangement, the zonotope and
the activation patterns of a shallow ReLU network on a dataset, following
Matena & Raffel (2022), "A Combinatorial Perspective on the Optimization of
Shallow ReLU Networks", section 3 (activation regions = chambers of the
arrangement {<x̄_i, w> = 0} = vertices of the zonotope Σ_i [0, x̄_i]), and the
statements of Karhadkar, Murray, Tseran & Montúfar (2023), Wang, Lacotte &
Pilanci (2022) and Mishkin & Pilanci (2023).

Commands (one module per group; the parser is the table of :mod:`exactrelu.cli.parser`)
---------------------------------------------------------------------------------------
:mod:`exactrelu.cli.geometry`
    ``arrangement`` (chambers, characteristic polynomial, face vector), ``zonotope``
    (vertices = activation patterns, edges, f-vector), ``patterns`` (feasible patterns
    of m units, or a certificate for one), ``position`` (general position with a
    dependency certificate), ``perturb`` (exact type changes along X + εΔ, certified
    stability radius).
:mod:`exactrelu.cli.landscape`
    ``jacobian`` (exact rank of the Jacobian on an activation region), ``interpolate``
    (exact zero-loss fit inside a region; Karhadkar et al. 2023, Lemma 15, Theorem 12).
:mod:`exactrelu.cli.training`
    ``erm`` (exact global minimum, Matena & Raffel 2022, Algorithm 1), ``gls`` (greedy
    local search, their Algorithm 2), ``fit-exact`` (their Theorem 4.3), ``reduce``
    (set cover reductions).
:mod:`exactrelu.cli.convex`
    ``convex`` (the convex program of Wang, Lacotte & Pilanci 2022, certified),
    ``is-optimal`` (their Proposition 5).
:mod:`exactrelu.cli.checks`
    ``check`` (the paper-statement checks of :mod:`proofs_checks`), ``demo`` (the
    Figure 1 example: counts, the 22 patterns, a PNG).

Data come from a CSV/JSON/NPY file, ``-`` for standard input, or
``--example NAME`` (see ``exactrelu demo --list-examples``).  Tables by default,
``--json`` for scripts (exact numbers: ints stay ints, other rationals are
``"p/q"``).  Errors in the input are reported as one line
``exactrelu: error: …`` on standard error with exit status 2, never a
traceback.  Input is bounded before any work (bytes, points, coordinates, digits,
exponents: :mod:`exactrelu.exact.limits`, raised by ``EXACTRELU_MAX_*`` environment
variables); floats in ``.npy`` files are read as their shortest decimal, as the same
numbers written in CSV or JSON (``EXACTRELU_FLOAT_MODE=binary`` for their binary value).
Exit status 1 means that a check failed (a counterexample, or two
independent counts that disagree).

Long work is bounded and visible, with the same flags on every command: work is
predicted and refused up front beyond ``--limit N`` (one guard,
:func:`exactrelu.exact.limits.guard_size`, whose message names the prediction and the
flag); ``--progress`` forces progress on standard error (a bar on a terminal, a line
every few seconds otherwise); ``--timeout SECONDS`` stops cleanly with a partial-result
message and exit status 124.  The enumerating commands take ``--summary`` (counts
only) and ``--output FILE`` (rows written as they are found; JSON, CSV, NPZ, and
GraphML for the zonotope's 1-skeleton and the arrangement's chamber graph; the path is
checked before any work).  A result cut by ``--timeout`` is still a valid file (the NPZ
and GraphML are written whole) and, with ``--json``, a JSON object with
``"complete": false``.  Tables show short numbers (``≈0.333333``);
``--json`` keeps the exact values.  Every command that takes data has
``--bias/--no-bias``, with the default of its paper (stated in ``--help``).

Examples
--------
>>> main(["arrangement", "--example", "square", "--json", "--no-progress"])  # doctest: +ELLIPSIS
{...
  "n_regions": 14,
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from exactrelu.cli.checks import list_examples
from exactrelu.cli.common import PROG, TIMEOUT_STATUS, CommandTimeout, check_output_path, running
from exactrelu.cli.parser import build_parser
from exactrelu.exact.errors import ExactReluError, InvalidDataError
from exactrelu.exact.jsonio import long_int_text

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``exactrelu`` command; returns the exit status.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 success, 1 a check failed, 2 bad input or usage, 124 stopped by ``--timeout`` (the
        output so far is a valid partial result; the message on standard error says what was
        done and how to continue), 130 interrupted.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message (or --help/--version)
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    out = sys.stdout
    # exact answers may have long integers; the input is bounded by exactrelu.exact.limits, so the
    # int/str digit limit of Python (a guard against slow conversions of hostile input) is lifted
    with long_int_text():
        return _run(args, out)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    try:
        if getattr(args, "limit", None) is not None and args.limit < 0:
            raise InvalidDataError(f"--limit must be a non-negative integer, got {args.limit}")
        if getattr(args, "units", None) is not None and args.units < 1:
            raise InvalidDataError(f"--units must be at least 1, got {args.units}")
        if getattr(args, "list_examples", False):
            return list_examples(out)
        check_output_path(args)  # before any work: a bad --output fails at once, not after the result
        try:
            with running(args):
                status: int = args.func(args, out)
        except CommandTimeout as exc:
            with contextlib.suppress(OSError, ValueError):
                out.flush()
            print(f"{PROG}: {exc}", file=sys.stderr)
            return TIMEOUT_STATUS
        return status
    except ExactReluError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `exactrelu arrangement big.csv | head`
        try:  # silence the flush at interpreter exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except Exception as exc:  # a bug, or a failure no check foresaw: one line, not a traceback
        if os.environ.get("EXACTRELU_DEBUG"):
            raise
        print(
            f"{PROG}: error: unexpected {type(exc).__name__}: {exc} "
            "(set EXACTRELU_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2
