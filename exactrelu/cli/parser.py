"""The ``exactrelu`` argument parser, built from one declarative table of commands.

Each command is a :class:`Command` row: its name, the function that runs it, its
help and description, and its arguments.  Arguments shared by several commands are
defined once, as option groups: :data:`DATA` (data file, ``--example``,
``--no-bias``, ``--strict``), :data:`OUTPUT` (``--json``, ``--limit``,
``--progress``), :data:`LABELS`, :data:`REGION` and :data:`CONVEX_DATA`.
:func:`build_parser` turns the table :data:`COMMANDS` into an
:class:`argparse.ArgumentParser`.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from exactrelu import __version__
from exactrelu.cli.checks import cmd_check, cmd_demo
from exactrelu.cli.common import PROG, Handler
from exactrelu.cli.convex import cmd_convex, cmd_is_optimal
from exactrelu.cli.geometry import cmd_arrangement, cmd_patterns, cmd_perturb, cmd_position, cmd_zonotope
from exactrelu.cli.landscape import cmd_interpolate, cmd_jacobian
from exactrelu.cli.training import cmd_erm, cmd_fit_exact, cmd_gls, cmd_reduce

__all__ = [
    "COMMANDS",
    "CONVEX_DATA",
    "DATA",
    "LABELS",
    "OUTPUT",
    "REGION",
    "Arg",
    "Command",
    "arg",
    "build_parser",
    "output_weights",
    "seed",
    "units",
]


@dataclass(frozen=True)
class Arg:
    """One argument: the names (a positional name, or flags) and the keywords of ``add_argument``."""

    names: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        """``parser.add_argument(*names, **options)``."""
        parser.add_argument(*self.names, **self.options)


def arg(*names: str, **options: Any) -> Arg:
    """An :class:`Arg`, written like a call of ``add_argument``."""
    return Arg(names, options)


@dataclass(frozen=True)
class Command:
    """One row of the command table: name, handler, ``help`` (in the list), ``description``, arguments."""

    name: str
    run: Handler
    help: str
    description: str
    args: tuple[Arg, ...]


# ----------------------------------------------------------------------------- option groups

#: The data of a command: a file or standard input, or a built-in dataset; bias; exactness.
DATA = (
    arg(
        "data",
        nargs="?",
        default=None,
        help="data file (.csv, .txt, .json, .npy; one point per row) or '-' for standard input",
    ),
    arg(
        "--example",
        "-e",
        metavar="NAME",
        default=None,
        help="use a built-in dataset instead (see: exactrelu demo --list-examples)",
    ),
    arg(
        "--no-bias",
        action="store_true",
        help="no bias unit: hyperplanes <x_i, w> = 0 instead of <(x_i, 1), w> = 0",
    ),
    arg(
        "--strict",
        action="store_true",
        help="refuse binary floating-point input (only exact numbers such as '1/3', '0.1')",
    ),
)

#: Output and resources, shared by every command.
OUTPUT = (
    arg("--json", action="store_true", help="machine-readable JSON output"),
    arg(
        "--limit",
        type=int,
        metavar="N",
        default=None,
        help="refuse enumerations predicted to exceed N objects "
        "(default: 10**6 or the environment variable EXACTRELU_LIMIT)",
    ),
    arg(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on standard error (default: when it is a terminal)",
    ),
)

#: The labels y, one exact number per data point.
LABELS = arg(
    "--labels",
    "-y",
    required=True,
    metavar="Y",
    help="labels: comma-separated exact numbers (e.g. 1,-2,3/4) or a file with one per row",
)


def seed(what: str) -> Arg:
    """``--seed`` (default 0), saying what it seeds."""
    return arg("--seed", type=int, default=0, help=f"seed of {what} (default 0)")


def output_weights(text: str) -> Arg:
    """``--v``: output weights, comma-separated exact numbers; ``text`` is its help."""
    return arg("--v", metavar="V", default=None, help=text)


def units(default: int | None, text: str) -> Arg:
    """``--units`` / ``-m``: the number of hidden units; ``text`` is its help."""
    return arg("--units", "-m", type=int, default=default, metavar="m", help=text)


#: An activation region of Karhadkar et al. (2023): by its pattern, by weights, or at random.
REGION = (
    arg(
        "--pattern",
        "-A",
        metavar="BITS[,BITS...]",
        default=None,
        help="activation matrix: one bit string per unit (one bit per data point, in data order)",
    ),
    arg(
        "--weights",
        "-W",
        metavar="FILE",
        default=None,
        help="or: first-layer weights, one row (w_i, b_i) per unit (bias last); A is their pattern",
    ),
    arg(
        "--random-units",
        type=int,
        metavar="M",
        default=None,
        help="or: the region of M units with random integer weights (see --seed)",
    ),
    seed("--random-units"),
)

#: The data of the convex commands (Wang, Lacotte & Pilanci 2022): no bias unless --bias, labels, β.
CONVEX_DATA = (
    DATA[0],
    arg(
        "--example",
        "-e",
        metavar="NAME",
        default=None,
        help="a built-in dataset instead (e.g. convex_example1 with --labels 1,0,0 --beta 1/10)",
    ),
    arg("--bias", action="store_true", help="append a column of ones (x̄ = (x, 1)); default: no bias"),
    DATA[3],
    LABELS,
    arg("--beta", "-b", required=True, metavar="B", help="regularisation β > 0 (exact, e.g. 1/10)"),
)

_WLP = "Wang, Lacotte & Pilanci 2022"

# ----------------------------------------------------------------------------- the table

COMMANDS: tuple[Command, ...] = (
    Command(
        "arrangement",
        cmd_arrangement,
        "chambers, characteristic polynomial and f-vector of the arrangement",
        "The central arrangement {<x̄_i, w> = 0} in parameter space (Matena & Raffel 2022, section 3): "
        "its chambers (activation regions) with integer witnesses, n_regions = |χ(-1)|, face vector.",
        (*DATA, *OUTPUT),
    ),
    Command(
        "zonotope",
        cmd_zonotope,
        "vertices, edges and f-vector of the dual zonotope",
        "The zonotope Σ_i [0, x̄_i] (Matena & Raffel 2022, section 3): vertices (one per activation "
        "pattern), edges, f-vector.",
        (
            *DATA,
            *OUTPUT,
            arg(
                "--verify",
                action="store_true",
                help="cross-check the vertices by an exact double description (pycddlib, GMP)",
            ),
        ),
    ),
    Command(
        "patterns",
        cmd_patterns,
        "feasible activation patterns of m ReLU units",
        "All feasible activation patterns {1[W x̄ > 0]} of m units, or (with --feasible) an exact "
        "certificate for one pattern.",
        (
            *DATA,
            *OUTPUT,
            units(1, "number of hidden units (default 1)"),
            arg(
                "--feasible",
                metavar="BITS",
                default=None,
                help="certify one pattern instead, e.g. 10110 (m units: comma-separated bit strings)",
            ),
        ),
    ),
    Command(
        "position",
        cmd_position,
        "general position test with a dependency certificate",
        "Affine general position of the points (linear, with --no-bias); if it fails, an exactly "
        "verified dependency.",
        (*DATA, *OUTPUT),
    ),
    Command(
        "perturb",
        cmd_perturb,
        "exact type changes of X + εΔ and the certified stability radius",
        "Every ε where the combinatorial type of X + εΔ changes (exact: rational values or isolating "
        "intervals), the activation patterns gained and lost, faces that split, and the certified "
        "stability radius (Matena & Raffel 2022, section 4.1.1).",
        (
            *DATA,
            *OUTPUT,
            arg(
                "--direction",
                "-d",
                default="random",
                metavar="FILE|random",
                help="perturbation direction Δ: a data file of the same shape, or 'random' (default)",
            ),
            arg("--eps", default="1", metavar="E", help="end of the path, an exact number (default 1)"),
            arg(
                "--from",
                dest="start",
                default="0",
                metavar="E0",
                help="start of the path (default 0; write --from=-1/2 for a negative value)",
            ),
            seed("the random direction(s)"),
            arg(
                "--probe",
                type=int,
                default=0,
                metavar="K",
                help="also probe K random directions: does an arbitrarily small perturbation change "
                "the type?",
            ),
            arg("--no-faces", action="store_true", help="skip f-vectors and face splits (faster)"),
        ),
    ),
    Command(
        "jacobian",
        cmd_jacobian,
        "exact rank of the Jacobian on an activation region, with certificate",
        "The Jacobian of F(W, X) = vᵀσ(W x̄) on the activation region S_A (Khatri–Rao product, "
        "Karhadkar et al. 2023, eq. (3)): exact rank over Q with a nonzero minor and left-kernel "
        "vectors, the float SVD rank beside it, Karhadkar et al. 2023, Lemma 4, and for 1-D data "
        "whether A is diverse / complete.",
        (
            *DATA,
            *OUTPUT,
            *REGION,
            output_weights("output weights, comma-separated exact numbers (default: all ones)"),
        ),
    ),
    Command(
        "interpolate",
        cmd_interpolate,
        "exact zero-loss fit inside an activation region (Karhadkar et al. 2023, Lemma 15, Theorem 12)",
        "Is there W in the open region S_A with F(W, X) = y? Exact answer with a certificate (the "
        "point, or a Farkas vector), the dimension of the set of global minima in S_A (Karhadkar et "
        "al. 2023, Theorem 12), and the construction of their Lemma 15 for complete regions on 1-D data.",
        (
            *DATA,
            *OUTPUT,
            LABELS,
            *REGION,
            output_weights(
                "output weights, comma-separated exact numbers "
                "(default: alternating +1, -1, as in the paper's experiments)"
            ),
            arg(
                "--complete",
                action="store_true",
                help="1-D data: use the complete region with 2n units (rows ξ^(k+1,1), v = ±1)",
            ),
        ),
    ),
    Command(
        "erm",
        cmd_erm,
        "exact global minimum of the squared loss (Matena & Raffel 2022, Algorithm 1)",
        "Exact ERM over all vertices of Z^m (Matena & Raffel 2022, Algorithm 1): every region problem "
        "solved exactly with KKT certificates; the global minimum, the optimal network, and the "
        "re-verified certificate.",
        (
            *DATA,
            *OUTPUT,
            LABELS,
            units(None, "hidden units with free output weights (default 1; or give --v)"),
            output_weights("fixed output weights, comma-separated (the paper's setting), e.g. 1,-1"),
            arg("--table", action="store_true", help="also list every region's optimum"),
        ),
    ),
    Command(
        "gls",
        cmd_gls,
        "greedy local search on the 1-skeleton of Z^m (Matena & Raffel 2022, Algorithm 2, mGLS)",
        "Greedy local search over activation patterns (Matena & Raffel 2022, Algorithm 2; mGLS is our "
        "reconstruction of their Appendix G, docs/reconstructions.md): exact region values, a trace of "
        "the moves, and a certified local minimum; --compare adds the random-vertex method and "
        "gradient descent.",
        (
            *DATA,
            *OUTPUT,
            LABELS,
            units(None, "hidden units (output signs from a Gaussian draw unless --v is given)"),
            output_weights("fixed output weights, comma-separated"),
            arg(
                "--variant",
                choices=["gls", "first", "mgls"],
                default="gls",
                help="best improvement (gls, default), first improvement, or mGLS (tight facets first)",
            ),
            arg("--start", metavar="BITS[,BITS...]", default=None, help="starting vertex (default: random)"),
            arg("--max-steps", type=int, default=1000, metavar="T", help="cap on moves (default 1000)"),
            seed("the start, the output signs and the orders"),
            arg("--compare", action="store_true", help="also run random vertex and gradient descent"),
            arg(
                "--gd-steps",
                type=int,
                default=2000,
                metavar="S",
                help="gradient-descent steps (default 2000)",
            ),
        ),
    ),
    Command(
        "fit-exact",
        cmd_fit_exact,
        "exact fit with 2⌈N/(d+1)⌉ units (Matena & Raffel 2022, Theorem 4.3)",
        "Theorem 4.3 of Matena & Raffel 2022 (our reconstruction of their Appendix F, "
        "docs/reconstructions.md): a network with 2⌈N/(d+1)⌉ units fitting every label exactly, for "
        "data in general position; exact verification and float conditioning.",
        (
            *DATA,
            *OUTPUT,
            LABELS,
            arg("--direction", metavar="U", default=None, help="ordering direction u (comma-separated)"),
            arg(
                "--no-check-position",
                action="store_true",
                help="try the construction even when the data are not in general position",
            ),
        ),
    ),
    Command(
        "reduce",
        cmd_reduce,
        "set cover -> single ReLU reductions (R1, R1-GP), verified exactly",
        "Build the set cover -> single bias-free ReLU reduction R1 or its general-position variant "
        "R1-GP (our reconstruction of Matena & Raffel 2022, Appendix E, docs/reconstructions.md; not "
        "the dataset of Goel, Klivans, Manurangsi & Reichman 2021) and, with --verify, check it on the "
        "instance: exact minimum cover versus exact global minimum of the loss, with certificates. "
        "--perturb D also applies the perturbation of their Appendix E.2, of size D.",
        (
            arg("problem", choices=["set-cover"], help="the source problem"),
            arg(
                "instance",
                nargs="?",
                default=None,
                help='JSON file {"n": 3, "family": [[1, 2], [2, 3], [1, 3]], "k": 1}, '
                "or - for standard input",
            ),
            arg("--variant", choices=["r1", "r1-gp"], default="r1", help="the reduction (default r1)"),
            arg("--k", type=int, default=None, help="override the budget k of the instance"),
            arg("--verify", action="store_true", help="compute both sides exactly and compare"),
            arg(
                "--perturb",
                metavar="DELTA",
                default=None,
                help="also apply the perturbation of Appendix E.2 of size DELTA (e.g. 1/1000) and solve "
                "exactly",
            ),
            seed("R1-GP's generic perturbation"),
            *OUTPUT,
        ),
    ),
    Command(
        "convex",
        cmd_convex,
        f"convex reformulation of weight-decay training, certified ({_WLP}, program (4))",
        f"All activation patterns exactly, the convex program (4) of {_WLP} (or their program (12) "
        "with --trichotomies, or scnn-style --sampled gates) solved with cvxpy, rigorous bounds "
        "lower <= P* <= upper (squared loss ½‖ŷ−y‖²), the rational optimum when there is one, and the "
        "optimal network ψ(W). No bias unless --bias.",
        (
            *CONVEX_DATA,
            *OUTPUT,
            arg("--trichotomies", action="store_true", help="use every trichotomy (program (12))"),
            arg(
                "--sampled",
                type=int,
                default=None,
                metavar="G",
                help="sample patterns with G Gaussian gates instead (as scnn does); reports what was missed",
            ),
            seed("--sampled"),
            arg(
                "--loss",
                choices=["squared", "logistic", "hinge"],
                default="squared",
                help="loss (default squared ½‖ŷ−y‖²; only it is certified)",
            ),
            arg("--solver", default="CLARABEL", help="cvxpy solver (default CLARABEL)"),
            arg(
                "--optimal-set",
                action="store_true",
                help="also the whole optimal set (Mishkin & Pilanci 2023): support, uniqueness, m*, "
                "min-norm point",
            ),
        ),
    ),
    Command(
        "is-optimal",
        cmd_is_optimal,
        f"decide exactly whether a network is a global minimum ({_WLP}, Proposition 5)",
        "Exact verdict with certificate: not scaled / mergeable neurons / a descent direction / KKT "
        f"violation, or the KKT certificate of optimality ({_WLP}, Proposition 5); plus a certified "
        "lower bound on P*. Exit status 0 if optimal, 1 if not.",
        (
            arg(
                "network",
                help="JSON network: {'W','v','bias'} (ShallowReLU) or {'products','signs'}, or the --json "
                "output of 'exactrelu convex'",
            ),
            *CONVEX_DATA,
            *OUTPUT,
            arg(
                "--stationary",
                action="store_true",
                help=f"also {_WLP}, Theorem 3: the subsampled program of the network's own patterns and "
                "its gap",
            ),
        ),
    ),
    Command(
        "check",
        cmd_check,
        "run the paper-statement checks (proofs_checks)",
        "Run checks of statements of the papers: Verified / Counterexample / NotApplicable.",
        (
            arg("names", nargs="*", metavar="NAME", help="checks to run (default: all)"),
            arg("--list", action="store_true", help="list the available checks"),
            arg(
                "--negative",
                action="store_true",
                help="run each check's negative control (a hypothesis dropped: a counterexample is expected)",
            ),
            arg(
                "--data",
                default=None,
                metavar="PATH",
                help="run the checks on this data file ('-' for standard input) instead of their defaults",
            ),
            arg("--example", "-e", metavar="NAME", default=None, help="run the checks on a built-in dataset"),
            DATA[3],
            *OUTPUT,
        ),
    ),
    Command(
        "demo",
        cmd_demo,
        "the Figure 1 example: counts, the 22 patterns, a picture",
        "Runs on the built-in figure1 dataset (our reconstruction of Figure 1 of Matena & Raffel 2022): "
        "counts, the 22 activation patterns with witnesses, and a PNG of data | arrangement slice | "
        "zonotope.",
        (
            arg(
                "--out",
                "-o",
                default="exactrelu_demo.png",
                metavar="PATH",
                help="where to write the picture (default exactrelu_demo.png; '' for none)",
            ),
            arg("--list-examples", action="store_true", help="list the built-in datasets and exit"),
            *OUTPUT,
        ),
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of the ``exactrelu`` command, one sub-parser per row of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Exact combinatorial geometry of shallow ReLU networks: hyperplane arrangements, "
        "zonotopes and activation patterns, with certificates (Matena & Raffel 2022).",
        epilog="Run 'exactrelu demo' for the Figure 1 example. Exit status: 0 ok, 1 a check failed, "
        "2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.description)
        for a in command.args:
            a.add_to(p)
        p.set_defaults(func=command.run)
    return parser
