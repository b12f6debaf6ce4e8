"""``hunt``: search a family for a counterexample to a conjecture, shrink it, certify it.

The search is hypothesis's: instances are drawn from the family's strategy and a
failing instance is shrunk towards few points and small integers.  The ``examples``
are split into *shards* of :data:`SHARD_SIZE` examples, each searched with its own
seed derived from ``seed``; the answer is that of the first shard (in index order)
that finds a failure or an error.  Shards are independent, so they run in parallel
on a Dask cluster, and the answer does not depend on the number of workers: the same
seed gives the same counterexample with 1 worker or 64.

A refutation is re-checked before it is reported: the conjecture is replayed on the
shrunk instance and must fail again, and every certificate the verdict carries is
re-checked by :func:`exactrelu.exact.certificates.verify_certificate`.
"""

from __future__ import annotations

import contextlib
import random
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Flaky, HypothesisDeprecationWarning, Unsatisfiable

from exactrelu.exact.errors import ConjectureError, InvalidDataError
from exactrelu.exact.jsonio import dumps, to_jsonable
from exactrelu.exact.parse import exact_integer
from exactrelu.exact.progress import progress_bar
from exactrelu.hunt.cluster import dask_client
from exactrelu.hunt.conjectures import FAILS, NOT_APPLICABLE, Judgement, check_signature, judge
from exactrelu.hunt.families import Family

__all__ = ["SHARD_SIZE", "HuntResult", "hunt", "instance_from_json", "replay", "shard_seeds"]

SHARD_SIZE = 50
"""Examples per shard: the unit of work a Dask worker receives, and of reproducibility."""

MAX_EXAMPLES = 10**8
"""Most examples one hunt takes (a campaign spreads more over runs and seeds)."""

FamilyLike = Family | st.SearchStrategy[Any] | Callable[[], st.SearchStrategy[Any]]


@dataclass
class HuntResult:
    """The answer of :func:`hunt`.

    Attributes
    ----------
    refuted : bool
        A counterexample was found (and re-checked).
    counterexample : dict or None
        The shrunk instance (``{"X": rows, ...}``) on which the conjecture fails.
    verdict : dict or None
        The conjecture's answer on the counterexample (JSON-ready).
    certificate_verified : bool or None
        Replaying the conjecture on the counterexample fails again and every
        certificate of the verdict passes its independent verifier (None: no
        counterexample).
    error : dict or None
        The conjecture raised an exception (or returned something that is not an
        answer): ``{"type", "message", "traceback", "instance"}``.  Not a refutation.
    tried : int
        Instances on which the conjecture was evaluated (shrinking included).
    not_applicable : int
        Of these, the ones on which the answer was NotApplicable.
    seconds : float
    seed, examples : int
    family : dict or str
    conjecture : str
    """

    refuted: bool
    counterexample: dict[str, Any] | None
    verdict: dict[str, Any] | None
    certificate_verified: bool | None
    error: dict[str, Any] | None
    tried: int
    not_applicable: int
    seconds: float
    seed: int
    examples: int
    family: Any
    conjecture: str
    shards: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def survived(self) -> bool:
        """The conjecture held on every instance tried (no refutation, no error)."""
        return not self.refuted and self.error is None

    @property
    def status(self) -> str:
        """``"refuted"``, ``"error"`` or ``"survived"``."""
        return "refuted" if self.refuted else "error" if self.error else "survived"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (exact numbers: ints, ``"p/q"`` strings)."""
        out = {"status": self.status, "survived": self.survived}
        out.update({k: to_jsonable(v) for k, v in self.__dict__.items()})
        return out

    def to_json(self, **kw: Any) -> str:
        """The result as JSON text."""
        return dumps(self.to_dict(), **kw)

    def __repr__(self) -> str:
        what = {
            "refuted": f"refuted by {_short(self.counterexample)}",
            "error": f"error {self.error and self.error['type']}",
            "survived": "survived",
        }[self.status]
        return f"<HuntResult {self.conjecture}: {what}; {self.tried} tried in {self.seconds:.2f} s>"


def _short(instance: Any, width: int = 60) -> str:
    text = dumps(instance, indent=None) if instance is not None else "None"
    return text if len(text) <= width else text[: width - 1] + "…"


def shard_seeds(seed: int, examples: int) -> list[tuple[int, int]]:
    """(shard seed, examples) of every shard of a hunt: a function of ``seed`` and ``examples`` only."""
    rng = random.Random(seed)
    sizes = [SHARD_SIZE] * (examples // SHARD_SIZE) + (
        [examples % SHARD_SIZE] if examples % SHARD_SIZE else []
    )
    return [(rng.getrandbits(63), size) for size in sizes]


class _Found(Exception):
    """Raised inside the hypothesis test when the conjecture fails (hypothesis then shrinks)."""


class _Raised(Exception):
    """Raised inside the hypothesis test when the conjecture raises (shrunk like a failure)."""


def _strategy(family: FamilyLike) -> st.SearchStrategy[Any]:
    if isinstance(family, Family):
        return family.strategy()
    if isinstance(family, st.SearchStrategy):
        return family
    if callable(family):
        made = family()
        if isinstance(made, st.SearchStrategy):
            return made
    raise InvalidDataError(
        f"a family must be a Family, a hypothesis strategy or a function returning one, got {family!r}"
    )


def _call(conjecture: Callable[..., Any], instance: Any) -> Any:
    # what the conjecture prints goes to stderr: stdout carries the JSON a script reads
    with contextlib.redirect_stdout(sys.stderr):
        if isinstance(instance, Mapping):
            return conjecture(**instance)
        return conjecture(instance)  # a strategy of plain values (proofs_checks families of data tables)


def run_shard(
    conjecture: Callable[..., Any], family: FamilyLike, shard_seed: int, size: int
) -> dict[str, Any]:
    """Search one shard: ``size`` examples with hypothesis seeded by ``shard_seed``.

    Returns a dict with ``status`` (refuted / error / survived), ``instance``,
    ``verdict``, ``error``, ``tried`` and ``not_applicable``: plain data, so that it
    travels back from a Dask worker.
    """
    calls = {"tried": 0, "not_applicable": 0}
    last: dict[str, Any] = {}

    @hypothesis_seed(shard_seed)
    @settings(
        max_examples=size,
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
        print_blob=False,
    )
    @given(_strategy(family))
    def search(instance: Any) -> None:
        calls["tried"] += 1
        try:
            judgement = judge(_call(conjecture, instance))
        except (
            Exception,
            SystemExit,
        ) as exc:  # the conjecture's own failure: shrink it like a counterexample
            last.update(kind="error", instance=instance, exc=exc, tb=traceback.format_exc(limit=-3))
            raise _Raised from None
        if judgement.outcome == NOT_APPLICABLE:
            calls["not_applicable"] += 1
        if judgement.outcome == FAILS:
            last.update(kind="refuted", instance=instance, judgement=judgement)
            raise _Found

    out: dict[str, Any] = {"status": "survived", "instance": None, "verdict": None, "error": None}
    try:
        with warnings.catch_warnings():
            # a Dask worker's own threads touch the global `random` state while hypothesis draws, which
            # hypothesis reports as a strategy using `random`; its draws come from its own seeded PRNG
            warnings.simplefilter("ignore", HypothesisDeprecationWarning)
            search()
    except (_Found, _Raised):
        # hypothesis replays the minimal failing example last, so `last` holds the shrunk instance
        out["instance"] = to_jsonable(last["instance"])
        if last["kind"] == "refuted":
            out.update(status="refuted", verdict=last["judgement"].verdict)
        else:
            exc = last["exc"]
            message = (
                str(exc) if not isinstance(exc, SystemExit) else f"the conjecture called exit({exc.code})"
            )
            out.update(
                status="error", error=_error(type(exc).__name__, message, last["instance"], last["tb"])
            )
    except Flaky as exc:  # the same instance failed once and passed on hypothesis's replay
        out.update(
            status="error", error=_error("FlakyConjecture", _FLAKY + f" ({exc})", last.get("instance"))
        )
    except Unsatisfiable as exc:  # the family could not produce a single instance
        out.update(
            status="error", error=_error("EmptyFamily", f"the family produced no instance: {exc}", None)
        )
    out.update(calls)
    return out


_FLAKY = "the conjecture is not deterministic: it failed on this instance and held when it was run again"


def _error(kind: str, message: str, instance: Any, tb: str = "") -> dict[str, Any]:
    """The ``error`` of a result: what went wrong, and on which instance (None if none)."""
    return {"type": kind, "message": message, "traceback": tb, "instance": to_jsonable(instance)}


def hunt(
    conjecture: Callable[..., Any],
    family: FamilyLike,
    *,
    examples: int = 100,
    seed: int = 0,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
) -> HuntResult:
    """Search ``family`` for an instance on which ``conjecture`` fails.

    Parameters
    ----------
    conjecture : callable
        Called with the instance's fields as keyword arguments (``X``, ``y``,
        ``units``; ``cover`` for set cover), returns a bool or a proofs_checks verdict.
    family : Family, hypothesis strategy, or a function returning a strategy
        The instances to try (a strategy of plain values calls ``conjecture(value)``).
    examples : int
        Instances to draw (before shrinking).
    seed : int
        The same seed (and ``examples``) gives the same answer, whatever ``workers``.
    workers : int
        1: run here.  More: an embedded ``distributed.LocalCluster`` with that many
        worker processes.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``) instead.
    progress : bool
        Show progress (a bar on a terminal, lines otherwise).

    Returns
    -------
    HuntResult

    Examples
    --------
    >>> r = hunt(lambda X: len(X) < 3, Family("integer", dim=1, points=(1, 5)), examples=20, seed=1)
    >>> r.refuted, r.counterexample
    (True, {'X': [[0], [0], [0]]})
    """
    examples = exact_integer(examples, name="examples", minimum=1)
    if examples > MAX_EXAMPLES:
        raise InvalidDataError(
            f"examples must be at most {MAX_EXAMPLES:,} in one hunt, got {examples:,}; "
            "spread more over seeds in a campaign (docs/campaigns.md)"
        )
    seed = exact_integer(seed, name="seed", minimum=None)
    workers = exact_integer(workers, name="workers", minimum=1)
    if isinstance(family, Family):
        check_signature(conjecture, family.fields)
    _strategy(family)  # a bad family is refused before any cluster starts
    t0 = time.perf_counter()
    shards = shard_seeds(seed, examples)
    with progress_bar(progress, examples, "hunt", "instance") as bar:
        if workers == 1 and scheduler is None:
            results = []
            for shard_seed, size in shards:
                results.append(run_shard(conjecture, family, shard_seed, size))
                bar.update(size)
                if results[-1]["status"] != "survived":
                    break
        else:
            results = _run_distributed(conjecture, family, shards, workers, scheduler, bar)
    return _assemble(conjecture, family, results, seed, examples, len(shards), time.perf_counter() - t0)


def _run_distributed(
    conjecture: Callable[..., Any],
    family: FamilyLike,
    shards: list[tuple[int, int]],
    workers: int,
    scheduler: str | None,
    bar: Any,
) -> list[dict[str, Any]]:
    """Run the shards on Dask; return the results in index order up to the first non-survivor.

    At most a few shards per worker are in flight, in index order, so that memory and the
    scheduler's queue stay bounded however many examples are asked for, and no work is
    submitted beyond the first shard that refutes.
    """
    from distributed import as_completed

    with dask_client(workers=workers, scheduler=scheduler) as client, client.as_current():
        window = 4 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        done: dict[int, dict[str, Any]] = {}
        first_bad, next_shard = len(shards), 0
        running = as_completed()
        index: dict[str, int] = {}

        def submit_more() -> None:
            nonlocal next_shard
            while next_shard < min(first_bad, len(shards)) and running.count() < window:
                s, n = shards[next_shard]
                future = client.submit(run_shard, conjecture, family, s, n, pure=False)
                index[future.key] = next_shard
                running.add(future)
                next_shard += 1

        submit_more()
        for future in running:
            i = index[future.key]
            if i < first_bad:
                try:
                    done[i] = future.result()
                except Exception as exc:  # e.g. KilledWorker: the conjecture crashed its process
                    done[i] = {
                        "status": "error",
                        "instance": None,
                        "verdict": None,
                        "error": _error(
                            type(exc).__name__,
                            f"shard {i} did not finish on the cluster ({exc}); a conjecture that crashes or "
                            "exits its process kills the Dask worker",
                            None,
                        ),
                        "tried": 0,
                        "not_applicable": 0,
                    }
                bar.update(shards[i][1])
                if done[i]["status"] != "survived":
                    first_bad = i  # later shards cannot change the answer
            if all(j in done for j in range(min(first_bad + 1, len(shards)))):
                break
            submit_more()
    return [done[i] for i in range(min(first_bad + 1, len(shards)))]


def _assemble(
    conjecture: Callable[..., Any],
    family: FamilyLike,
    results: list[dict[str, Any]],
    seed: int,
    examples: int,
    shards: int,
    seconds: float,
) -> HuntResult:
    last: dict[str, Any] = results[-1] if results else {"status": "survived"}
    refuted = last["status"] == "refuted"
    verified, error, certificates = None, last.get("error"), 0
    if refuted:  # a refutation is reported only once it is re-checked
        verified, certificates, problem = _recheck(conjecture, last["instance"])
        if problem:
            refuted, error = False, _error(problem[0], problem[1], last["instance"])
    return HuntResult(
        refuted=refuted,
        counterexample=last.get("instance") if refuted else None,
        verdict=last.get("verdict"),
        certificate_verified=verified,
        error=error,
        tried=sum(r.get("tried", 0) for r in results),
        not_applicable=sum(r.get("not_applicable", 0) for r in results),
        seconds=round(seconds, 4),
        seed=seed,
        examples=examples,
        family=family.to_dict() if isinstance(family, Family) else getattr(family, "__name__", repr(family)),
        conjecture=getattr(conjecture, "__name__", repr(conjecture)),
        shards=shards,
        details={"certificates_checked": certificates},
    )


def _recheck(conjecture: Callable[..., Any], instance: Any) -> tuple[bool, int, tuple[str, str] | None]:
    """Replay on the stored (JSON) instance: it must fail again, with certificates that verify.

    Returns (verified, number of certificates checked, None or (error type, message)).
    """
    try:
        judgement = replay(conjecture, instance)
    except (Exception, SystemExit) as exc:  # a replay that raises is not a confirmation
        return False, 0, ("ReplayFailed", f"replaying the counterexample raised {type(exc).__name__}: {exc}")
    if judgement.outcome != FAILS:
        return False, 0, ("FlakyConjecture", _FLAKY)
    if judgement.certificates_verified() is False:
        return (
            False,
            len(judgement.certificates),
            (
                "CertificateRejected",
                "the verdict's certificate fails its independent verifier: the refutation is not certified",
            ),
        )
    return True, len(judgement.certificates), None


def instance_from_json(instance: Any) -> Any:
    """A stored instance back to exact values: ``"p/q"`` strings in ``X`` and ``y`` become Fractions."""
    from exactrelu.exact.parse import exact_matrix, exact_vector

    if not isinstance(instance, Mapping):
        if (
            isinstance(instance, (list, tuple))
            and instance
            and all(isinstance(r, (list, tuple)) for r in instance)
        ):
            return [[_number(v) for v in row] for row in exact_matrix(instance, name="instance")]
        return instance  # a plain value drawn from a raw strategy
    out = dict(instance)
    if out.get("X") is not None:
        out["X"] = [[_number(v) for v in row] for row in exact_matrix(out["X"], name="X")]
    if out.get("y") is not None:
        out["y"] = [_number(v) for v in exact_vector(out["y"], name="y")]
    if isinstance(out.get("cover"), Mapping):
        from exactrelu.training.set_cover import SetCover

        c = out["cover"]
        out["cover"] = SetCover.from_dict(dict(c))
    return out


def _number(v: Any) -> Any:
    return int(v) if v.denominator == 1 else v  # ints stay ints, as the strategies draw them


def replay(conjecture: Callable[..., Any], instance: Any) -> Judgement:
    """Evaluate ``conjecture`` on an instance given as stored JSON (``HuntResult.counterexample``).

    >>> replay(lambda X: len(X) < 3, {"X": [[0], [0], [0]]}).outcome
    'fails'
    """
    try:
        exact = instance_from_json(instance)
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidDataError(f"cannot read the stored instance: {type(exc).__name__}: {exc}") from None
    try:
        return judge(_call(conjecture, exact))
    except TypeError as exc:
        if "keyword" in str(exc) or "argument" in str(exc):
            raise ConjectureError(f"cannot replay the conjecture on this instance: {exc}") from None
        raise
