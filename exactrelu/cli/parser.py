"""The ``exactrelu`` argument parser, built from one declarative table of commands.

Each command is a :class:`Command` row: its name, the function that runs it, its
help and description, and its arguments.  Arguments shared by several commands are
defined once, so that a notion has one name and one default everywhere (one flag
grammar): :func:`data_args` (data file, ``--example``, ``--bias/--no-bias`` with the
default of the command's paper, ``--strict``, ``--float-mode``), :data:`OUTPUT`
(``--json``, ``--limit``, ``--progress``, ``--timeout``), :data:`SUMMARY`,
:data:`OUTPUT_FILE` (``--output FILE``), :data:`LABELS`, :data:`REGION`,
:data:`CONVEX_DATA`, :func:`seed`, :func:`units` and :func:`output_weights`
(``--v``, one default: :data:`V_KMTM`).  :func:`build_parser` turns the table
:data:`COMMANDS` into an :class:`argparse.ArgumentParser`.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from exactrelu import __version__
from exactrelu.cli.checks import cmd_check, cmd_demo
from exactrelu.cli.common import PROG, TIMEOUT_STATUS, Handler
from exactrelu.cli.convex import cmd_convex, cmd_is_optimal
from exactrelu.cli.geometry import cmd_arrangement, cmd_patterns, cmd_perturb, cmd_position, cmd_zonotope
from exactrelu.cli.hunt import cmd_campaign_report, cmd_campaign_run, cmd_campaign_verify, cmd_hunt
from exactrelu.cli.landscape import cmd_interpolate, cmd_jacobian
from exactrelu.cli.plot import PLOT_KINDS, cmd_plot
from exactrelu.cli.training import cmd_erm, cmd_fit_exact, cmd_gls, cmd_reduce

__all__ = [
    "CLUSTER",
    "COMMANDS",
    "CONVEX_DATA",
    "DATA",
    "DATA_KMTM",
    "FAMILY",
    "LABELS",
    "OUTPUT",
    "OUTPUT_FILE",
    "REGION",
    "STRICT",
    "SUMMARY",
    "V_KMTM",
    "Arg",
    "Command",
    "arg",
    "bias",
    "build_parser",
    "data_args",
    "output_weights",
    "seed",
    "units",
    "workers",
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
    """One row of the command table: name, handler, ``help`` (in the list), ``description``, arguments.

    A command with ``subcommands`` (``campaign run | report | verify``) is a group: its
    own handler is not called, argparse requires one of the subcommands.
    """

    name: str
    run: Handler | None
    help: str
    description: str
    args: tuple[Arg, ...]
    subcommands: tuple[Command, ...] = ()

    def add_to(self, sub: Any) -> None:
        """Add this command (and its subcommands) to an argparse subparsers object."""
        p = sub.add_parser(self.name, help=self.help, description=self.description)
        for a in self.args:
            a.add_to(p)
        if self.subcommands:
            nested = p.add_subparsers(dest=f"{self.name}_command", metavar="SUBCOMMAND", required=True)
            for command in self.subcommands:
                command.add_to(nested)
        else:
            p.set_defaults(func=self.run)


# ----------------------------------------------------------------------------- option groups

_MR = "Matena & Raffel 2022, section 3"
_KMTM = "Karhadkar, Murray, Tseran & Montúfar 2023, Appendix E (first-layer biases appended)"
_WLP = "Wang, Lacotte & Pilanci 2022"


def bias(default: bool, paper: str, *, unset: bool = False) -> Arg:
    """``--bias/--no-bias`` (one flag grammar for every command that takes data), its default and paper.

    With ``unset=True`` the stored default is None (meaning ``default``, falsy when that is
    --no-bias), so that a command can tell an explicit ``--no-bias`` from the default.
    """
    state = "--bias" if default else "--no-bias"
    return arg(
        "--bias",
        action=argparse.BooleanOptionalAction,
        default=None if unset else default,
        help="--bias appends a bias coordinate (x̄_i = (x_i, 1): hyperplanes <x̄_i, w> = 0); --no-bias "
        f"uses the points as they are (<x_i, w> = 0). Default: {state}, as in {paper}",
    )


def data_args(
    default_bias: bool = True, paper: str = _MR, example_help: str | None = None, *, unset_bias: bool = False
) -> tuple[Arg, ...]:
    """The data of a command: a file or standard input, or a built-in dataset; bias; exactness."""
    return (
        arg(
            "data",
            nargs="?",
            default=None,
            help="data file (.csv, .txt, .json, .npy; one point per row; a CSV header row is allowed) "
            "or '-' for standard input",
        ),
        arg(
            "--example",
            "-e",
            metavar="NAME",
            default=None,
            help=example_help or "use a built-in dataset instead (see: exactrelu demo --list-examples)",
        ),
        bias(default_bias, paper, unset=unset_bias),
        STRICT,
        arg(
            "--float-mode",
            choices=("decimal", "binary"),
            default=None,
            help="floats in .npy files: 'decimal' (default; shortest decimal, 0.1 = 1/10, as in CSV/JSON) "
            "or 'binary' (their exact binary value); also EXACTRELU_FLOAT_MODE",
        ),
    )


#: ``--strict``: exact numbers only.
STRICT = arg(
    "--strict",
    action="store_true",
    help="refuse binary floating-point input (only exact numbers such as '1/3', '0.1')",
)

#: The data of the Matena & Raffel 2022 commands (bias by default).
DATA = data_args()
#: The data of the Karhadkar et al. 2023 commands (bias by default).
DATA_KMTM = data_args(True, _KMTM)

#: Output and resources, shared by every command: ``--json``, ``--limit``, ``--progress``, ``--timeout``.
OUTPUT = (
    arg("--json", action="store_true", help="machine-readable JSON output (exact values: ints, 'p/q')"),
    arg(
        "--limit",
        type=int,
        metavar="N",
        default=None,
        help="refuse work predicted to exceed N objects (or cost units), before it starts "
        "(default: 10**6 or the environment variable EXACTRELU_LIMIT)",
    ),
    arg(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error: a bar on a terminal, a line every few seconds otherwise "
        "(default: when standard error is a terminal)",
    ),
    arg(
        "--timeout",
        type=float,
        metavar="SECONDS",
        default=None,
        help="stop cleanly after SECONDS with a partial-result message (what was done, how to continue) "
        f"and exit status {TIMEOUT_STATUS} (default: no time limit)",
    ),
)

#: ``--output FILE``: the table (or graph) of a command written to a file, format by suffix.
OUTPUT_FILE = arg(
    "--output",
    metavar="FILE",
    default=None,
    help="also write the rows to FILE as they are found; format by suffix: .json, .csv, .npz (exact values; "
    "fractions as 'p/q' strings), or .graphml where the command has a graph (the zonotope's 1-skeleton, the "
    "arrangement's chamber adjacency; loads with networkx.read_graphml)",
)

#: ``--summary``: counts only, for the enumerating commands.
SUMMARY = arg(
    "--summary",
    action="store_true",
    help="counts only: no table of the enumerated objects (with --output the rows still go to FILE)",
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


#: The one default of ``--v`` for the Karhadkar et al. 2023 commands.
V_KMTM = (
    "output weights, comma-separated exact numbers (default: alternating 1, -1, 1, ..., the output "
    "layer in the experiments of Karhadkar, Murray, Tseran & Montúfar 2023, Appendix E; by their "
    "Lemma 4 the Jacobian rank is the same for every v without zero entries)"
)


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
    *data_args(
        False,
        f"{_WLP}, section 2 (a bias is a constant column of X)",
        "a built-in dataset instead (e.g. convex_example1 with --labels 1,0,0 --beta 1/10)",
        unset_bias=True,  # None = not given: is-optimal then follows the 'bias' of a convex --json file
    ),
    LABELS,
    arg("--beta", "-b", required=True, metavar="B", help="regularisation β > 0 (exact, e.g. 1/10)"),
)


def workers(default: str) -> Arg:
    """``--workers W``: processes of an embedded Dask LocalCluster; ``default`` says what none means."""
    return arg(
        "--workers",
        "-w",
        type=int,
        default=None,
        metavar="W",
        help=f"run on an embedded Dask LocalCluster with W worker processes (default: {default})",
    )


#: Where a hunt or campaign runs: here, a local Dask cluster, or an existing scheduler.
CLUSTER = (
    workers("none: this process, serially, without Dask"),
    arg(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on an existing Dask cluster instead (e.g. tcp://host:8786; dask-jobqueue, Kubernetes)",
    ),
)

#: An instance family of exactrelu.hunt: kind, ranges, labels, units.
FAMILY = (
    arg(
        "--family",
        "-f",
        required=True,
        choices=("integer", "rational", "generic", "degenerate", "one-d", "set-cover"),
        help="instances: integer or rational points, generic (certified general position), "
        "degenerate (planted), one-d (distinct points of R), set-cover",
    ),
    arg(
        "--dim", "-d", default=None, metavar="D[:D2]", help="dimension d, or a range (default 1:3; one-d: 1)"
    ),
    arg(
        "--points",
        "-n",
        default=None,
        metavar="N[:N2]",
        help="number of points N, or a range (default 1:6; degenerate: 2:6)",
    ),
    arg(
        "--max-value",
        type=int,
        default=5,
        metavar="V",
        help="bound on |coordinates| of the drawn points (default 5; generic points are then moved into "
        "general position and may exceed it)",
    ),
    arg("--labels", action="store_true", help="also draw integer labels y; the function receives y"),
    arg("--units", "-m", type=int, default=None, metavar="M", help="pass units=M to the function"),
)

_HUNT_COUNT = (
    arg("--examples", "-k", type=int, default=100, metavar="K", help="instances to try (default 100)"),
    seed("the search; the same seed gives the same counterexample"),
)

#: ``plot KIND``: its one-line help and what the picture shows (for the description).
_PLOT_HELP = {
    "data": ("draw the data points", "the data points (coloured by --labels)"),
    "arrangement": (
        "draw the hyperplane arrangement of the data",
        "the hyperplanes <x̄_i, w> = 0 of the data (the unit disk in R^2, the slice w_3 = 1 in R^3)",
    ),
    "zonotope": ("draw the zonotope of the data", "the zonotope Σ_i [0, x̄_i] of the data"),
    "skeleton": (
        "draw the 1-skeleton of the zonotope as a graph",
        "the 1-skeleton of the zonotope of the data (vertices: activation patterns; edges: one flip)",
    ),
    "patterns": ("draw the activation patterns of the data", "the activation patterns of the data"),
}

# ----------------------------------------------------------------------------- the table

COMMANDS: tuple[Command, ...] = (
    Command(
        "arrangement",
        cmd_arrangement,
        "chambers, characteristic polynomial and f-vector of the arrangement",
        "The central arrangement {<x̄_i, w> = 0} in parameter space (Matena & Raffel 2022, section 3): "
        "its chambers (activation regions) with integer witnesses, n_regions = |χ(-1)|, face vector.",
        (*DATA, *OUTPUT, SUMMARY, OUTPUT_FILE),
    ),
    Command(
        "zonotope",
        cmd_zonotope,
        "vertices, edges and f-vector of the dual zonotope",
        "The zonotope Σ_i [0, x̄_i] (Matena & Raffel 2022, section 3): vertices (one per activation "
        "pattern), edges, f-vector. --output FILE.graphml writes the 1-skeleton (vertex coordinates as "
        "node attributes x0, x1, ...).",
        (
            *DATA,
            *OUTPUT,
            SUMMARY,
            arg(
                "--output",
                metavar="FILE",
                default=None,
                help="also write the vertices to FILE, row by row; format by suffix: .json, .csv, .npz "
                "(exact values), or .graphml for the 1-skeleton (loads with networkx.read_graphml)",
            ),
            arg(
                "--verify",
                action="store_true",
                help="cross-check the vertices by an exact double description (pycddlib, GMP); its time "
                "is predicted and refused up front when over --cdd-timeout",
            ),
            arg(
                "--cdd-timeout",
                type=float,
                default=None,
                metavar="SECONDS",
                help="with --verify: stop cdd after this many seconds (default 60, or the environment "
                "variable EXACTRELU_CDD_TIMEOUT); a check that did not finish exits with status 2",
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
            SUMMARY,
            OUTPUT_FILE,
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
            OUTPUT_FILE,
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
            *DATA_KMTM,
            *OUTPUT,
            *REGION,
            output_weights(V_KMTM),
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
            *DATA_KMTM,
            *OUTPUT,
            LABELS,
            *REGION,
            output_weights(
                "output weights, comma-separated exact numbers (default: alternating 1, -1, 1, ..., as in "
                "Karhadkar, Murray, Tseran & Montúfar 2023, Appendix E; with --complete: ±1 of the complete "
                "region); the fit F(W, X) = y depends on v, so give the v of your network"
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
            arg(
                "--prune",
                action="store_true",
                help="branch and bound with certified lower bounds (weak duality; same optimum, re-checked "
                "by verify_erm; the table lists only the regions solved exactly)",
            ),
            SUMMARY,
            OUTPUT_FILE,
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
            units(
                None,
                "hidden units (default 1, or the length of --v or --start; output signs from a Gaussian "
                "draw unless --v is given)",
            ),
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
            OUTPUT_FILE,
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
            arg(
                "--summary",
                action="store_true",
                help="counts only: do not list the activation patterns (with --output they go to FILE)",
            ),
            arg(
                "--output",
                metavar="FILE",
                default=None,
                help="also write the activation patterns to FILE, row by row; format by suffix: .json, .csv, "
                ".npz",
            ),
        ),
    ),
    Command(
        "is-optimal",
        cmd_is_optimal,
        f"decide exactly whether a network is a global minimum ({_WLP}, Proposition 5)",
        "Exact verdict with certificate: not scaled / mergeable neurons / a descent direction / KKT "
        f"violation, or the KKT certificate of optimality ({_WLP}, Proposition 5); plus a certified "
        "lower bound on P*. Exit status 0 if optimal (or, with --tol, within a certified gap ≤ T), 1 if not.",
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
            arg(
                "--tol",
                default=None,
                metavar="T",
                help="accept a network within a certified gap L_β(θ) − P* ≤ T (verdict 'optimal within the "
                "certified gap', exit 0); read exactly, e.g. 1e-9 or 1/10^9",
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
            arg(
                "--example",
                "-e",
                metavar="NAME",
                default=None,
                help="run the checks on a built-in dataset (not --examples, the family size)",
            ),
            arg(
                "--bias",
                action=argparse.BooleanOptionalAction,
                default=None,
                help="with --data/--example: pass bias=True/False to the checks that take it (default: each "
                "check's own default, the setting of its paper: Matena & Raffel 2022 with a bias, Wang, "
                "Lacotte & Pilanci 2022 without)",
            ),
            arg(
                "--family",
                action="store_true",
                help="run each check over its natural family (with --negative: the family with one "
                "hypothesis dropped, where the hunter must find the counterexample)",
            ),
            arg(
                "--mutation",
                action="store_true",
                help="run each check's mutation control (a deliberately wrong threshold or bound)",
            ),
            arg(
                "--examples",
                "-k",
                type=int,
                default=20,
                metavar="K",
                help="with --family: instances per family (default 20; not --example, a dataset; "
                "short form -k)",
            ),
            seed("the family search"),
            *CLUSTER,
            STRICT,
            *OUTPUT,
            arg(
                "--output",
                metavar="FILE",
                default=None,
                help="also write one row per check (name, status, summary, seconds) to FILE as each "
                "finishes; format by suffix: .json, .csv, .npz",
            ),
        ),
    ),
    Command(
        "hunt",
        cmd_hunt,
        "search a family of instances for a counterexample to a conjecture",
        "Hunt a counterexample: FUNCTION(X[, y][, units]) in FILE.py returns True/False or a "
        "proofs_checks verdict; instances are drawn from the family, a failure is shrunk towards few "
        "points and small integers and re-checked.  Exit status: 0 survived, 1 refuted, 2 bad input "
        "or usage (an exception in the function is reported with its instance, not as a refutation).",
        (
            arg("conjecture", metavar="FILE.py:FUNCTION", help="the conjecture: a function in a Python file"),
            *FAMILY,
            *_HUNT_COUNT,
            *CLUSTER,
            OUTPUT[0],
            OUTPUT[2],
            OUTPUT[3],
        ),
    ),
    Command(
        "campaign",
        None,
        "run a grid of checks or conjectures × families × seeds on Dask, resumably",
        "Campaigns (docs/campaigns.md): 'run' a spec into a store (SQLite; a killed run resumes with "
        "only the missing work), 'report' what is done and refuted, 'verify' every stored certificate.",
        (),
        (
            Command(
                "run",
                cmd_campaign_run,
                "run the missing (run, seed) pairs of a campaign spec",
                "Run a campaign spec (JSON) on Dask (an embedded LocalCluster, or --scheduler) and store "
                "each result as it finishes.  Exit status: 0 no refutation, 1 refutations, 2 bad input.",
                (
                    arg("spec", metavar="SPEC.json", help="the campaign spec (docs/campaigns.md)"),
                    arg("--store", required=True, metavar="PATH", help="the result store (SQLite file)"),
                    workers("a LocalCluster with one worker process per core"),
                    CLUSTER[1],
                    OUTPUT[0],
                    OUTPUT[3],
                    arg(
                        "--limit",
                        type=int,
                        metavar="N",
                        default=None,
                        help="refuse a grid of more than N instances (runs × seeds × examples; default "
                        "10**6 or the environment variable EXACTRELU_CAMPAIGN_LIMIT)",
                    ),
                    OUTPUT[2],
                ),
            ),
            Command(
                "report",
                cmd_campaign_report,
                "done/total, refutations with their instances, time per run",
                "Report a campaign store: done/total, refutations with their instances, time per run; "
                "--plot draws the refutation rate against N and d.",
                (
                    arg("--store", required=True, metavar="PATH", help="the result store (SQLite file)"),
                    arg("--plot", default=None, metavar="PATH", help="draw the refutation rate (PNG)"),
                    OUTPUT[0],
                    OUTPUT[3],
                ),
            ),
            Command(
                "verify",
                cmd_campaign_verify,
                "re-check every stored refutation and certificate",
                "Replay every stored counterexample (it must fail again) and re-check its certificates "
                "with the independent verifiers.  Exit status: 0 all re-check, 1 some do not.",
                (
                    arg("--store", required=True, metavar="PATH", help="the result store (SQLite file)"),
                    OUTPUT[0],
                    OUTPUT[2],
                    OUTPUT[3],
                ),
            ),
        ),
    ),
    Command(
        "plot",
        None,
        "draw the user's data, arrangement, zonotope, 1-skeleton or patterns (PNG, SVG, PDF)",
        "Pictures of your own data (Matena & Raffel 2022, section 3): 'data' (the points), 'arrangement' "
        "(the hyperplanes <x̄_i, w> = 0: lines in the unit disk in R^2, the slice w_3 = 1 in R^3), "
        "'zonotope' (Σ_i [0, x̄_i], hidden edges dashed in 3-D), 'skeleton' (its 1-skeleton as a graph) "
        "and 'patterns' (the activation patterns). The picture format comes from the suffix of --output.",
        (),
        tuple(
            Command(
                kind,
                cmd_plot,
                _PLOT_HELP[kind][0],
                f"Draw {_PLOT_HELP[kind][1]} into --output FILE (.png, .svg or .pdf).",
                (
                    *DATA,
                    arg(
                        "--output",
                        "-o",
                        required=True,
                        metavar="FILE",
                        help="the picture: .png, .svg or .pdf (the format comes from the suffix)",
                    ),
                    arg(
                        "--labels",
                        "-y",
                        default=None,
                        metavar="Y",
                        help="labels: comma-separated exact numbers or a file with one per row (colours "
                        "the points)",
                    ),
                    units(1, "number of hidden units (default 1)"),
                    OUTPUT[0],
                    arg(
                        "--limit",
                        type=int,
                        metavar="N",
                        default=None,
                        help="refuse to draw more than N vertices, chambers or nodes (default: 2000 or the "
                        "environment variable EXACTRELU_PLOT_LIMIT)",
                    ),
                    *OUTPUT[2:],
                ),
            )
            for kind in PLOT_KINDS
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
        command.add_to(sub)
    return parser
