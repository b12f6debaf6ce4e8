"""The loss-landscape commands of Karhadkar et al. (2023): ``jacobian`` and ``interpolate``.

Karhadkar, Murray, Tseran & Montúfar (2023), "Mildly overparameterized ReLU networks
have a favorable loss landscape": on an activation region S_A the network
F(W, X) = vᵀσ(W x̄) is linear in W, with Jacobian the Khatri–Rao product of their
eq. (3).  ``jacobian`` gives its exact rank with a certificate (Karhadkar et al. 2023,
Lemma 4 for v = 1), ``interpolate`` decides exactly whether S_A holds a zero-loss
point and the dimension of the set of global minima there (Karhadkar et al. 2023,
Theorem 12, with the construction of their Lemma 15 for complete regions on 1-D data).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, TextIO

from exactrelu.cli.common import (
    display_number,
    emit_json,
    labels_for,
    load_data,
    read_numbers,
    read_table,
    yes_no,
)
from exactrelu.exact.errors import InvalidDataError
from exactrelu.exact.parse import pattern_rows, pattern_string

#: Said once under the text output (numbers by display_number).
EXACT_NOTE = "(numbers shown short: ≈ marks a rounded value; exact values: --json)"

__all__ = ["activation_region", "alternating", "cmd_interpolate", "cmd_jacobian", "output_weights"]


def activation_region(args: argparse.Namespace, X: Sequence[Sequence[Fraction]], bias: bool) -> Any:
    """The activation matrix A from ``--pattern``, ``--weights`` or ``--random-units`` (exactly one)."""
    from exactrelu.landscape.jacobian import activation_matrix

    given = [o for o in ("pattern", "weights", "random_units") if getattr(args, o, None) is not None]
    if len(given) != 1:
        raise InvalidDataError(
            "give the activation region by exactly one of --pattern BITS[,BITS...], "
            "--weights FILE or --random-units M"
        )
    if args.pattern is not None:
        return list(pattern_rows(args.pattern, len(X), name="--pattern"))
    if args.weights is not None:
        return activation_matrix(X, read_table(args.weights, "weights file"), bias=bias)
    rng = random.Random(args.seed)
    D = len(X[0]) + (1 if bias else 0)
    while True:  # integer weights; resample the (rare) ones on a region boundary
        W = [[rng.randint(-9, 9) for _ in range(D)] for _ in range(args.random_units)]
        try:
            return activation_matrix(X, W, bias=bias)
        except InvalidDataError:
            continue


def alternating(i: int) -> int:
    """The default output weight of unit i: 1, -1, 1, ... (the output layer of the experiments of
    Karhadkar, Murray, Tseran & Montúfar 2023, Appendix E; by their Lemma 4 the rank of the Jacobian is
    the same for every v without zero entries).

    >>> [alternating(i) for i in range(4)]
    [1, -1, 1, -1]
    """
    return 1 if i % 2 == 0 else -1


def output_weights(args: argparse.Namespace, units: int, default: Callable[[int], int]) -> list[Any]:
    """``--v`` (one exact weight per unit), or ``default(i)`` for unit i (:func:`alternating`)."""
    if args.v is None:
        return [default(i) for i in range(units)]
    v = read_numbers(args.v, "--v")
    if len(v) != units:
        raise InvalidDataError(f"--v gives {len(v)} output weights but the region has {units} units")
    return v


def _one_d_summary(X: Sequence[Sequence[Fraction]], A: Any, v: Sequence[Any]) -> dict[str, Any] | None:
    from exactrelu.landscape.step_vectors import (
        completeness_gaps,
        diversity_gaps,
        is_step_vector,
        sort_columns,
    )

    if len(X[0]) != 1 or len({r[0] for r in X}) != len(X):
        return None
    rows = sort_columns(X, A)
    return {
        "step_rows": all(is_step_vector(r) for r in rows),
        "diversity_gaps": diversity_gaps(rows),
        "completeness_gaps": completeness_gaps(rows, v),
    }


def cmd_jacobian(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu jacobian``: the exact rank of the Jacobian on an activation region, with certificate."""
    from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank

    X = load_data(args)
    bias = args.bias
    A = activation_region(args, X, bias)
    v = output_weights(args, len(A), alternating)
    r = jacobian_rank(X, A, v, bias=bias)
    ones = jacobian_rank(X, A, None, bias=bias, with_float=False).rank
    verified = verify_jacobian_rank(X, A, v, r, bias=bias)
    one_d = _one_d_summary(X, A, v)
    if args.json:
        payload = {
            "units": len(A),
            "pattern": [pattern_string(a) for a in A],
            "v": v,
            **r.to_dict(),
            "certificate_verified": verified,
            "rank_with_v_equal_1": ones,
        }
        if one_d is not None:
            payload["one_d"] = one_d
        emit_json(payload, out)
        return 0
    print(
        f"activation region of {len(A)} unit(s) on {len(X)} points: {' '.join(pattern_string(a) for a in A)}",
        file=out,
    )
    print(
        f"Jacobian: {r.n} x {r.n_params} (Khatri–Rao, Karhadkar et al. 2023, eq. (3)); exact rank {r.rank}; "
        f"full rank: {yes_no(r.full)}; surjective (rank = n): {yes_no(r.surjective)}",
        file=out,
    )
    print(
        f"  certificate: nonzero {r.rank}x{r.rank} minor on rows {list(r.minor_rows)}, "
        f"det {display_number(r.minor_det)}"
        f"; {len(r.left_kernel)} left-kernel vector(s); re-verified: {yes_no(verified)}",
        file=out,
    )
    for k in r.left_kernel[:5]:
        print(f"    αᵀJ = 0 for α = {display_number(tuple(k))}", file=out)
    print(
        f"float rank (numpy SVD): {r.float_rank} (σ_min {display_number(r.sigma_min, 3)}, "
        f"σ_max {display_number(r.sigma_max, 3)})"
        + ("" if r.float_agrees else "  <-- DISAGREES with the exact rank"),
        file=out,
    )
    print(
        f"Karhadkar et al. 2023, Lemma 4: rank with v = 1 is {ones}"
        + (" (equal)" if ones == r.rank else " (different: v has a zero)"),
        file=out,
    )
    if one_d is not None:
        print(
            f"1-D data: rows are step vectors: {yes_no(one_d['step_rows'])}; diverse: "
            f"{yes_no(not one_d['diversity_gaps'])}; complete: {yes_no(not one_d['completeness_gaps'])}",
            file=out,
        )
    print(EXACT_NOTE, file=out)
    return 0


def cmd_interpolate(args: argparse.Namespace, out: TextIO) -> int:
    """``exactrelu interpolate``: an exact zero-loss fit inside an activation region, or a Farkas vector."""
    from exactrelu.landscape.interpolation import global_minima_in_region, interpolate_complete
    from exactrelu.landscape.step_vectors import complete_matrix, completeness_gaps

    X = load_data(args)
    bias = args.bias
    y = labels_for(args, X)
    if args.complete:
        if len(X[0]) != 1 or not bias:
            raise InvalidDataError("--complete builds a complete region for 1-D data with a bias")
        A, v = complete_matrix(X)
    else:
        A = activation_region(args, X, bias)
        v = output_weights(args, len(A), alternating)
    G = global_minima_in_region(X, A, v, y, bias=bias)
    ok = G.verify()
    construction = None
    one_d = len(X[0]) == 1 and bias and len({r[0] for r in X}) == len(X)
    if one_d and not completeness_gaps(A, v, X):
        construction = interpolate_complete(X, A, v, y)
    if args.json:
        payload = {
            "units": len(A),
            "pattern": [pattern_string(a) for a in A],
            "v": v,
            "labels": y,
            **G.to_dict(),
            "certificate_verified": ok,
        }
        if construction is not None:
            payload["lemma15"] = construction
        emit_json(payload, out)
        return 0
    print(
        f"activation region of {len(A)} unit(s): {' '.join(pattern_string(a) for a in A)}; "
        f"v = {display_number(tuple(v))}",
        file=out,
    )
    print(f"labels y = {display_number(tuple(y))}", file=out)
    if G.nonempty:
        print(
            f"zero-loss point in the open region: yes (exact; certificate re-verified: {yes_no(ok)})",
            file=out,
        )
        for i, w in enumerate(G.point.W or ()):
            print(f"  unit {i}: (w, b) = {display_number(tuple(w))}", file=out)
        print(
            f"global minima in S_A: an open piece of an affine space of dimension {G.dimension} "
            f"= {G.rank.n_params} parameters - rank {G.codimension} (codimension {G.codimension}; "
            f"Karhadkar et al. 2023, Theorem 12 predicts n = {len(X)} for complete regions)",
            file=out,
        )
    else:
        print(
            f"zero-loss point in the open region: no — exact Farkas certificate re-verified: {yes_no(ok)}",
            file=out,
        )
    if construction is not None:
        print(
            "Karhadkar et al. 2023, Lemma 15 construction (complete region): fits y exactly in S_A: "
            f"{yes_no(construction.verify())}"
            + (
                "; a zero step was repaired (the paper's formula would leave S_A)"
                if any(s["repaired"] for s in construction.steps)
                else ""
            ),
            file=out,
        )
    print(EXACT_NOTE, file=out)
    return 0
