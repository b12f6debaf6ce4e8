"""Every small Set Cover instance through the reductions R1 and R1-GP (Matena & Raffel 2022, section 4.1).

Usage::

    python examples/set_cover_reductions.py               # all 148 instances (~4 minutes on 2 cores)
    python examples/set_cover_reductions.py --quick       # the first 15 instances (a few seconds)
    python examples/set_cover_reductions.py --jobs 2 --seed 0 --out /tmp/sc

The instances are :func:`exactrelu.training.set_cover.all_instances` ``((3, 4), 4)``: every
family of at most 4 distinct non-empty subsets covering a universe of 3 or 4
elements, one per isomorphism class (148).  Each instance is run with two
budgets: k = min cover − 1 (a NO instance, only when ≥ 1) and k = min cover (a
YES instance).  For every (instance, k) row the table has

* the certified minimum cover size and the true answer (YES/NO);
* R1 (:func:`exactrelu.training.reductions.set_cover_to_relu`; our reconstruction R1,
  docs/reconstructions.md, 'Matena & Raffel 2022, Appendix E: set cover reductions R1,
  E.2 and R1-GP', *not* Goel et al.'s dataset): the exact global minimum of
  the bias-free single-ReLU loss (exact ERM, certified), θ = k + 1/2, the
  reduction's verdict (min ≤ θ), agreement with Set Cover and whether the proved
  gap (k, k + 3/4) holds; also whether the R1 data happen to be in linear general
  position;
* R1-GP (:func:`~exactrelu.training.reductions.set_cover_to_relu_general_position`,
  ``seed``): the same, with its data *certified* in linear general position and
  the gap (k + 3/8, k + 5/8);
* E.2 (:func:`~exactrelu.training.reductions.breaking_perturbation`, δ = 1/1000, j0 = 0):
  the exact global minimum after moving every element point by M·δ·e_{j0}, on R1
  and on R1-GP, and whether the reduction's answer flips.

The claims checked on every row: both reductions agree with Set Cover and their
gaps hold; R1-GP's data are in general position; E.2 flips R1 exactly on the NO
rows (its witness has loss exactly 1 < θ); E.2 never flips R1-GP.  Every
certificate is re-verified independently
(:func:`exactrelu.training.reduction_checks.verify_reduction_check` for R1 and
R1-GP, :func:`exactrelu.training.erm.verify_erm` for the perturbed minima) and the
E.2 witness loss is recomputed from the perturbed data.

Output: the table and summary on stdout; ``set_cover_reductions.csv`` (exact
values as ``"p/q"`` strings next to float columns) and
``set_cover_reductions.json`` (summary, failures, timing statistics, per-row
seconds) in ``--out`` (default ``examples/output``; ``_quick`` suffix with
``--quick``).  Deterministic for a given ``--seed`` (the CSV holds no timings;
the timings in the JSON vary from run to run).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # multithreaded BLAS on tiny matrices is much slower here
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import csv
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if REPO not in sys.path:  # run from a checkout: use this tree's exactrelu, not another installed copy
    sys.path.insert(0, REPO)

from exactrelu.exact.errors import ExactReluError  # noqa: E402
from exactrelu.exact.jsonio import exact_number, write_json  # noqa: E402
from exactrelu.exact.progress import progress_bar  # noqa: E402
from exactrelu.geometry.position import general_position  # noqa: E402
from exactrelu.network import ShallowReLU  # noqa: E402
from exactrelu.training.erm import exact_erm, verify_erm  # noqa: E402
from exactrelu.training.reduction_checks import (  # noqa: E402
    perturbed_check,
    verify_reduction,
    verify_reduction_check,
)
from exactrelu.training.reductions import (  # noqa: E402
    PROVENANCE,
    breaking_perturbation,
    set_cover_to_relu,
    set_cover_to_relu_general_position,
)
from exactrelu.training.set_cover import (  # noqa: E402
    SetCover,
    all_instances,
    minimum_cover,
    verify_minimum_cover,
)

N_VALUES = (3, 4)
M_MAX = 4
DELTA = Fraction(1, 1000)
J0 = 0
QUICK_INSTANCES = 15

# CSV columns; exact values are "p/q" strings (integers plain), each with a float column next to it
CSV_COLUMNS = (
    "instance",
    "n",
    "m",
    "family",
    "k",
    "min_cover",
    "cover",
    "yes",
    "theta",
    "r1_min_loss",
    "r1_min_loss_float",
    "r1_gap_lo",
    "r1_gap_hi",
    "r1_answer_yes",
    "r1_agrees",
    "r1_gap_holds",
    "r1_general_position",
    "r1_verified",
    "gp_min_loss",
    "gp_min_loss_float",
    "gp_gap_lo",
    "gp_gap_hi",
    "gp_answer_yes",
    "gp_agrees",
    "gp_gap_holds",
    "gp_general_position",
    "gp_delta",
    "gp_draws",
    "gp_verified",
    "e2_r1_min_loss",
    "e2_r1_min_loss_float",
    "e2_r1_witness_loss",
    "e2_r1_answer_yes",
    "e2_r1_flips",
    "e2_r1_verified",
    "e2_gp_min_loss",
    "e2_gp_min_loss_float",
    "e2_gp_witness_loss",
    "e2_gp_witness_loss_float",
    "e2_gp_answer_yes",
    "e2_gp_flips",
    "e2_gp_verified",
    "expectations_ok",
    "failures",
    "error",
)

# timed stages (seconds per row, in the JSON)
STAGES = (
    "min_cover",
    "r1_erm",
    "r1",
    "r1_check",
    "r1_gp_test",
    "gp_build",
    "gp",
    "gp_check",
    "e2_r1",
    "e2_r1_check",
    "e2_gp",
    "e2_gp_check",
)


def family_str(family):
    """``[{1,2},{3}]`` -> ``"12|3"`` (elements are single digits here)."""
    return "|".join("".join(str(u) for u in sorted(s)) for s in family)


def _loss(X, y, w):
    """Exact Σ (relu(w·x) − y)², recomputed by ShallowReLU (independent of the reductions' own loss)."""
    return ShallowReLU([w], [1], bias=False).loss(X, y)


class _Clock:
    def __init__(self):
        self.seconds = {}

    def __call__(self, stage, fn, *args, **kw):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kw)
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0


def budget_rows(index, instance, *, seed=0, delta=DELTA, j0=J0, limit=None):
    """All rows of one instance: k = min cover − 1 (if ≥ 1) and k = min cover.

    Parameters
    ----------
    index : int
        The instance's position in :func:`all_instances` (a label only).
    instance : SetCover
        Any budget; it is replaced by the two budgets above.
    seed : int
        Seed of R1-GP's perturbation.
    delta : Fraction
        E.2's δ.
    j0 : int
        E.2's shifted coordinate.

    Returns
    -------
    list of dict
        One row per budget: exact values (Fractions), booleans, the list of
        failed expectations (``"failures"``, empty when every claim holds and every
        certificate re-verifies) and per-stage seconds (``"seconds"``).
    """
    clock = _Clock()
    mc = clock("min_cover", minimum_cover, instance, limit=limit)
    if not verify_minimum_cover(instance, mc):
        raise RuntimeError(f"minimum cover certificate failed on {instance!r}")
    budgets = [k for k in (mc.size - 1, mc.size) if k >= 1]
    rows = []
    for k in budgets:
        clock = _Clock() if rows else clock  # the first row also carries the min-cover time
        row = {
            "instance": index,
            "n": instance.n,
            "m": instance.m,
            "family": family_str(instance.family),
            "k": k,
            "min_cover": mc.size,
            "cover": " ".join(str(j + 1) for j in mc.cover),
            "yes": mc.size <= k,
            "failures": [],
            "error": "",
        }
        try:
            _fill(row, instance.with_budget(k), clock, seed=seed, delta=delta, j0=j0, limit=limit)
        except ExactReluError as exc:  # recorded, not fatal: the summary lists it
            row["error"] = f"{type(exc).__name__}: {exc}"
            row["failures"].append("error")
        row["expectations_ok"] = not row["failures"]
        row["seconds"] = dict(clock.seconds)
        rows.append(row)
    return rows


def _fill(row, inst, clock, *, seed, delta, j0, limit):
    fail = row["failures"]
    yes = row["yes"]

    # ---- R1 --------------------------------------------------------------------------------------
    r1 = set_cover_to_relu(inst)
    row["theta"] = r1.threshold
    row["r1_gap_lo"], row["r1_gap_hi"] = r1.gap
    erm = clock("r1_erm", exact_erm, r1.X, r1.y, v=(1,), bias=False, limit=limit)  # the bare ERM, timed alone
    c1 = clock("r1", verify_reduction, r1, limit=limit)
    row["r1_min_loss"] = c1.min_loss
    row["r1_answer_yes"], row["r1_agrees"], row["r1_gap_holds"] = c1.answer_yes, c1.agrees, c1.gap_holds
    row["r1_verified"] = bool(clock("r1_check", verify_reduction_check, r1, c1))
    row["r1_general_position"] = bool(clock("r1_gp_test", general_position, r1.X, bias=False, limit=limit))
    if not row["r1_verified"]:
        fail.append("r1 certificate")
    if erm.value != c1.min_loss:
        fail.append("r1 ERM value differs between runs")
    if c1.yes != yes:
        fail.append("r1 yes differs from min cover")
    if not c1.agrees:
        fail.append("r1 disagrees")
    if not c1.gap_holds:
        fail.append("r1 gap")

    # ---- R1-GP -----------------------------------------------------------------------------------
    gp = clock("gp_build", set_cover_to_relu_general_position, inst, seed=seed, limit=limit)
    row["gp_gap_lo"], row["gp_gap_hi"] = gp.gap
    row["gp_delta"] = gp.params["delta"]
    row["gp_draws"] = gp.params.get("draws", "")
    c2 = clock("gp", verify_reduction, gp, limit=limit)
    row["gp_min_loss"] = c2.min_loss
    row["gp_answer_yes"], row["gp_agrees"], row["gp_gap_holds"] = c2.answer_yes, c2.agrees, c2.gap_holds
    row["gp_general_position"] = bool(c2.general_position)
    row["gp_verified"] = bool(clock("gp_check", verify_reduction_check, gp, c2))
    if gp.threshold != r1.threshold:
        fail.append("gp threshold differs from r1")
    if not row["gp_verified"]:
        fail.append("gp certificate")
    if not row["gp_general_position"]:
        fail.append("gp not in general position")
    if not c2.agrees:
        fail.append("gp disagrees")
    if not c2.gap_holds:
        fail.append("gp gap")
    if not c2.ok:
        fail.append("gp check not ok")

    # ---- E.2 on R1: must flip exactly on NO rows -------------------------------------------------
    bp1 = breaking_perturbation(r1, delta, j0=j0)
    p1 = clock("e2_r1", perturbed_check, r1, bp1, limit=limit)
    row["e2_r1_min_loss"], row["e2_r1_witness_loss"] = p1.min_loss, bp1.witness_loss
    row["e2_r1_answer_yes"], row["e2_r1_flips"] = p1.answer_yes, p1.flips
    row["e2_r1_verified"] = bool(clock("e2_r1_check", _verify_perturbed, r1, bp1, p1, yes))
    if not row["e2_r1_verified"]:
        fail.append("e2 r1 certificate")
    if bp1.witness_loss != 1:
        fail.append("e2 r1 witness loss != 1")
    if p1.flips != (not yes):
        fail.append("e2 r1 flip expectation (flip iff NO)")

    # ---- E.2 on R1-GP: must never flip -----------------------------------------------------------
    bp2 = breaking_perturbation(gp, delta, j0=j0)
    p2 = clock("e2_gp", perturbed_check, gp, bp2, limit=limit)
    row["e2_gp_min_loss"], row["e2_gp_witness_loss"] = p2.min_loss, bp2.witness_loss
    row["e2_gp_answer_yes"], row["e2_gp_flips"] = p2.answer_yes, p2.flips
    row["e2_gp_verified"] = bool(clock("e2_gp_check", _verify_perturbed, gp, bp2, p2, yes))
    if not row["e2_gp_verified"]:
        fail.append("e2 gp certificate")
    if p2.flips:
        fail.append("e2 gp flips")


def _verify_perturbed(red, bp, pc, yes):
    """Re-check a PerturbedCheck: the ERM certificate on the perturbed data and every derived statement."""
    erm = pc.erm
    if erm.bias or erm.free_signs or tuple(erm.solution.v) != (Fraction(1),):
        return False
    if not verify_erm(bp.X, bp.y, erm, v=(1,)):
        return False
    if pc.min_loss != erm.value or _loss(bp.X, bp.y, erm.network.W[0]) != erm.value:
        return False
    if _loss(bp.X, bp.y, bp.witness) != bp.witness_loss or pc.witness_loss != bp.witness_loss:
        return False
    if pc.min_loss > bp.witness_loss:  # the witness bounds the global minimum
        return False
    # the perturbed data differ from the reduction's only in the element points' j0 coordinate
    shift = Fraction(red.params["M"]) * bp.delta
    for x, z, role in zip(red.X, bp.X, red.roles):
        exp = tuple(t + shift if (role == "element" and i == bp.j0) else t for i, t in enumerate(x))
        if tuple(z) != exp:
            return False
    return (
        pc.yes == yes
        and pc.answer_yes == (pc.min_loss <= red.threshold)
        and pc.flips == (pc.answer_yes != pc.yes)
    )


def _task(args):
    index, n, family, kw = args
    t0 = time.perf_counter()
    rows = budget_rows(index, SetCover(n, family, k=1), **kw)
    return index, rows, time.perf_counter() - t0


# ----------------------------------------------------------------------------------------------------
# output
# ----------------------------------------------------------------------------------------------------
def exact_str(x):
    """Exact value as ``"p/q"`` (integers plain); booleans as ``"1"``/``"0"``; other values via str."""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, Fraction):
        return str(exact_number(x))
    return str(x)


def csv_record(row):
    """The CSV cells of one row (strings), in :data:`CSV_COLUMNS` order."""
    rec = {}
    for col in CSV_COLUMNS:
        if col.endswith("_float"):
            src = row.get(col[: -len("_float")])
            rec[col] = "" if src is None else repr(float(src))
        elif col == "failures":
            rec[col] = "; ".join(row.get("failures", ()))
        else:
            v = row.get(col)
            rec[col] = "" if v is None else exact_str(v)
    return rec


def write_csv(rows, path):
    """Write the table: header :data:`CSV_COLUMNS`, one line per row."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
        w.writeheader()
        for row in rows:
            w.writerow(csv_record(row))


def fmt(x, short=9):
    """4 significant digits, plus the exact value when it is a short non-integer."""
    if x is None:
        return "-"
    x = Fraction(x)
    if x.denominator == 1:
        return str(x.numerator)
    s = f"{float(x):.4g}"
    e = exact_str(x)
    return f"{s}={e}" if len(e) <= short else s


def yn(b):
    return "Y" if b else "N"


def ok(b):
    return "ok" if b else "NO!"


def print_table(rows):
    head = (
        f"{'#':>3} {'n':>1} {'m':>1} {'family':<15} {'k':>1} {'mc':>2} {'SC':>2} | {'θ':>3} "
        f"{'R1 L*':>16} {'ans':>3} {'agr':>3} {'gap':>3} {'GP?':>3} | "
        f"{'R1-GP L*':>8} {'ans':>3} {'agr':>3} {'gap':>3} {'GP':>3} | "
        f"{'E2(R1) L*':>16} {'flip':>4} | {'E2(GP) L*':>9} {'flip':>4} | {'ok':>3}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        if r["error"]:
            print(
                f"{r['instance']:>3} {r['n']:>1} {r['m']:>1} {r['family']:<15} {r['k']:>1} "
                f"{r['min_cover']:>2} {yn(r['yes']):>2} | ERROR {r['error']}"
            )
            continue
        print(
            f"{r['instance']:>3} {r['n']:>1} {r['m']:>1} {r['family']:<15} {r['k']:>1} {r['min_cover']:>2} "
            f"{yn(r['yes']):>2} | {fmt(r['theta'], 0):>3} "
            f"{fmt(r['r1_min_loss']):>16} {yn(r['r1_answer_yes']):>3} {ok(r['r1_agrees']):>3} "
            f"{ok(r['r1_gap_holds']):>3} {yn(r['r1_general_position']):>3} | "
            f"{fmt(r['gp_min_loss'], 0):>8} {yn(r['gp_answer_yes']):>3} {ok(r['gp_agrees']):>3} "
            f"{ok(r['gp_gap_holds']):>3} {yn(r['gp_general_position']):>3} | "
            f"{fmt(r['e2_r1_min_loss']):>16} {yn(r['e2_r1_flips']):>4} | "
            f"{fmt(r['e2_gp_min_loss'], 0):>9} {yn(r['e2_gp_flips']):>4} | "
            f"{ok(r['expectations_ok']):>3}"
        )


def summarize(rows):
    """Counts of every claim over the rows (booleans ``all_*`` are the headline statements)."""
    good = [r for r in rows if not r["error"]]
    no = [r for r in good if not r["yes"]]
    yes = [r for r in good if r["yes"]]
    s = {
        "instances": len({r["instance"] for r in rows}),
        "rows": len(rows),
        "yes_rows": len(yes),
        "no_rows": len(no),
        "errors": sum(1 for r in rows if r["error"]),
        "r1_agrees": sum(r["r1_agrees"] for r in good),
        "r1_gap_holds": sum(r["r1_gap_holds"] for r in good),
        "r1_verified": sum(r["r1_verified"] for r in good),
        "r1_in_general_position": sum(r["r1_general_position"] for r in good),
        "gp_agrees": sum(r["gp_agrees"] for r in good),
        "gp_gap_holds": sum(r["gp_gap_holds"] for r in good),
        "gp_general_position": sum(r["gp_general_position"] for r in good),
        "gp_verified": sum(r["gp_verified"] for r in good),
        "e2_r1_flips_on_no": sum(r["e2_r1_flips"] for r in no),
        "e2_r1_flips_on_yes": sum(r["e2_r1_flips"] for r in yes),
        "e2_r1_verified": sum(r["e2_r1_verified"] for r in good),
        "e2_gp_flips": sum(r["e2_gp_flips"] for r in good),
        "e2_gp_verified": sum(r["e2_gp_verified"] for r in good),
        "rows_with_failures": sum(1 for r in rows if r["failures"]),
    }
    n = len(good)
    s.update(
        {
            "all_agree": s["r1_agrees"] == n and s["gp_agrees"] == n and not s["errors"],
            "all_gaps_hold": s["r1_gap_holds"] == n and s["gp_gap_holds"] == n and not s["errors"],
            "all_gp_certified": s["gp_general_position"] == n and not s["errors"],
            "all_certificates_verified": all(
                s[c] == n for c in ("r1_verified", "gp_verified", "e2_r1_verified", "e2_gp_verified")
            )
            and not s["errors"],
            "e2_flips_r1_on_every_no_row": s["e2_r1_flips_on_no"] == len(no) and not s["errors"],
            "e2_flips_r1_on_no_yes_row": s["e2_r1_flips_on_yes"] == 0,
            "e2_never_flips_r1_gp": s["e2_gp_flips"] == 0 and not s["errors"],
            "all_expectations_hold": s["rows_with_failures"] == 0,
        }
    )
    # exact R1 facts worth a line: min loss versus the minimum cover size
    s["r1_yes_min_loss_equals_min_cover"] = sum(1 for r in yes if r["r1_min_loss"] == r["min_cover"])
    s["r1_no_min_loss_equals_min_cover"] = sum(1 for r in no if r["r1_min_loss"] == r["min_cover"])
    s["e2_r1_min_loss_values"] = sorted(
        {exact_str(r["e2_r1_min_loss"]) for r in good}, key=lambda t: Fraction(t)
    )
    return s


def timing_stats(rows, per_instance):
    """Median and max seconds per stage over the rows (and over the m = n = 4 rows), and per instance."""
    out = {}
    for sel, rs in (("all", rows), ("m4_n4", [r for r in rows if r["m"] == 4 and r["n"] == 4])):
        cols = {}
        for st in STAGES:
            vals = [r["seconds"][st] for r in rs if st in r["seconds"]]
            if vals:
                cols[st] = {
                    "median": statistics.median(vals),
                    "max": max(vals),
                    "sum": sum(vals),
                    "count": len(vals),
                }
        out[sel] = cols
    vals = list(per_instance.values())
    out["per_instance"] = (
        {"median": statistics.median(vals), "max": max(vals), "sum": sum(vals), "count": len(vals)}
        if vals
        else {}
    )
    return out


def print_summary(s, t, wall, jobs):
    print("\nsummary")
    print(
        f"  {s['instances']} instances, {s['rows']} rows ({s['no_rows']} NO, {s['yes_rows']} YES), "
        f"{s['errors']} errors"
    )
    n = s["rows"] - s["errors"]
    print(
        f"  R1:    agrees {s['r1_agrees']}/{n}, gap holds {s['r1_gap_holds']}/{n}, certificate re-verified "
        f"{s['r1_verified']}/{n}; data in general position on {s['r1_in_general_position']}/{n}"
    )
    print(
        f"  R1-GP: agrees {s['gp_agrees']}/{n}, gap holds {s['gp_gap_holds']}/{n}, general position "
        f"certified {s['gp_general_position']}/{n}, re-verified {s['gp_verified']}/{n}"
    )
    print(
        f"  E.2 on R1:    flips {s['e2_r1_flips_on_no']}/{s['no_rows']} NO rows, {s['e2_r1_flips_on_yes']}"
        f"/{s['yes_rows']} YES rows; re-verified {s['e2_r1_verified']}/{n}; "
        f"perturbed minima {', '.join(s['e2_r1_min_loss_values'])}"
    )
    print(f"  E.2 on R1-GP: flips {s['e2_gp_flips']}/{n}; re-verified {s['e2_gp_verified']}/{n}")
    print(
        f"  R1 min loss = min cover size on {s['r1_yes_min_loss_equals_min_cover']}/{s['yes_rows']} YES rows "
        f"and {s['r1_no_min_loss_equals_min_cover']}/{s['no_rows']} NO rows"
    )
    for key in (
        "all_agree",
        "all_gaps_hold",
        "all_gp_certified",
        "all_certificates_verified",
        "e2_flips_r1_on_every_no_row",
        "e2_flips_r1_on_no_yes_row",
        "e2_never_flips_r1_gp",
        "all_expectations_hold",
    ):
        print(f"  {key:<30} {s[key]}")
    print(
        f"\ntimings (seconds per row; wall {wall:.1f} s with {jobs} job(s), "
        f"sum over instances {t['per_instance'].get('sum', 0):.1f} s)"
    )
    print(f"  {'stage':<12} {'median':>8} {'max':>8} {'sum':>8} | {'m=n=4 median':>12} {'max':>8}")
    for st in STAGES:
        a = t["all"].get(st)
        b = t["m4_n4"].get(st)
        if a is None:
            continue
        print(
            f"  {st:<12} {a['median']:8.3f} {a['max']:8.3f} {a['sum']:8.1f} | "
            + (f"{b['median']:12.3f} {b['max']:8.3f}" if b else f"{'-':>12} {'-':>8}")
        )
    b = t["m4_n4"].get("r1_erm")
    if b:
        print(
            f"  exact global minimum of R1 data with m = n = 4 (8 points in R^4; exact_erm alone, "
            f"{b['count']} rows): median {b['median']:.3f} s, max {b['max']:.3f} s"
        )
    if t["per_instance"]:
        print(
            f"  per instance (both budgets, everything): median {t['per_instance']['median']:.2f} s, "
            f"max {t['per_instance']['max']:.2f} s"
        )


def _json_row(row):
    return {k: v for k, v in row.items() if k != "seconds"}


# ----------------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"only the first {QUICK_INSTANCES} instances")
    ap.add_argument("--instances", type=int, default=None, help="only the first N instances")
    ap.add_argument("--seed", type=int, default=0, help="seed of R1-GP's perturbation")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--out", default=os.path.join(HERE, "output"), help="directory for the CSV and JSON")
    ap.add_argument("--no-table", action="store_true", help="do not print the per-row table")
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    instances = all_instances(N_VALUES, M_MAX)
    count = args.instances or (QUICK_INSTANCES if args.quick else len(instances))
    instances = instances[:count]
    kw = {"seed": args.seed, "delta": DELTA, "j0": J0}
    tasks = [(i, inst.n, [sorted(s) for s in inst.family], kw) for i, inst in enumerate(instances)]
    tasks.sort(key=lambda a: (-len(a[2]), -a[1], a[0]))  # big instances first (load balance)
    t0 = time.perf_counter()
    done = []
    with progress_bar(args.progress, len(tasks), "set cover instances", unit="instance") as bar:
        if args.jobs > 1:
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                for item in pool.map(_task, tasks):
                    done.append(item)
                    bar.update()
        else:
            for a in tasks:
                done.append(_task(a))
                bar.update()
    wall = time.perf_counter() - t0
    done.sort(key=lambda d: d[0])
    rows = [r for _, rs, _ in done for r in rs]
    per_instance = {i: sec for i, _, sec in done}

    if not args.no_table:
        print(
            f"Set Cover -> single bias-free ReLU: R1 / R1-GP (our reconstructions, docs/reconstructions.md; "
            f"not Goel et al.'s dataset); E.2 with δ = {DELTA}, j0 = {J0}; R1-GP seed {args.seed}"
        )
        print(
            "columns: mc = min cover, SC = Set Cover answer, ans = reduction's answer (L* ≤ θ), "
            "agr/gap = agreement/gap, GP? = data in linear general position\n"
        )
        print_table(rows)
    s = summarize(rows)
    t = timing_stats(rows, per_instance)
    print_summary(s, t, wall, args.jobs)
    failed = [r for r in rows if r["failures"]]
    if failed:
        print("\nFAILURES")
        for r in failed:
            print(
                f"  instance {r['instance']} (n={r['n']}, family {r['family']}, k={r['k']}): "
                + "; ".join(r["failures"])
                + (f" [{r['error']}]" if r["error"] else "")
            )

    tag = "_quick" if (args.quick or args.instances) else ""
    csv_path = os.path.join(args.out, f"set_cover_reductions{tag}.csv")
    json_path = os.path.join(args.out, f"set_cover_reductions{tag}.json")
    write_csv(rows, csv_path)
    payload = {
        "config": {
            "n_values": list(N_VALUES),
            "m_max": M_MAX,
            "instances": count,
            "seed": args.seed,
            "delta": DELTA,
            "j0": J0,
            "jobs": args.jobs,
            "provenance": PROVENANCE,
        },
        "summary": s,
        "wall_seconds": round(wall, 2),
        "timings": t,
        "failures": [_json_row(r) for r in failed],
        "row_seconds": [
            {
                "instance": r["instance"],
                "k": r["k"],
                "seconds": {k: round(v, 4) for k, v in r["seconds"].items()},
            }
            for r in rows
        ],
    }
    write_json(payload, json_path)
    print(f"\nwrote {csv_path} and {json_path}")
    return 0 if s["all_expectations_hold"] else 1


if __name__ == "__main__":
    sys.exit(main())
