"""Campaigns: a grid of (check or conjecture) × family parameters × seeds, on Dask, into a store.

A campaign is a JSON file (or the same data as a dict; the ``#`` notes are not part of it)::

    {
      "name": "demo",                 # required: a name for the campaign
      "examples": 50,                 # default examples per hunt (per (run, seed))
      "seeds": 4,                     # default seeds: a count (0..3) or a list [0, 7, 9]
      "batch_seconds": 0.5,           # optional: target seconds of work per Dask task
      "runs": [
        {"check": "prop6"},                                     # natural family
        {"check": "prop6", "negative": true, "seeds": 2},       # negative family
        {"conjecture": "zonotope_faces.py:every_2face_is_a_parallelogram",
         "family": {"kind": "integer", "dim": 2, "points": [4, 6, 8], "max_value": 3}},
        {"check": "prop6", "family": {"kind": "generic", "dim": [1, 2], "points": "3:5", "units": [1, 2]}}
      ]
    }

Each entry of ``runs`` has exactly one of

* ``"check": NAME`` — a registered :mod:`proofs_checks` check, hunted over its
  natural family (``"negative": true``: its negative family, a hypothesis dropped);
* ``"conjecture": "FILE.py:FUNCTION"`` — a conjecture (:mod:`exactrelu.hunt.conjectures`),
  the path relative to the spec file; it needs a ``"family"``.

and optionally ``"family"`` (an object with the :class:`~exactrelu.hunt.Family`
fields ``kind``, ``dim``, ``points``, ``max_value``, ``labels``, ``units`` and
``degeneracies``; any of the first six may be a *list*, and the lists are crossed:
each combination is one run; ``dim`` and ``points`` are an integer or a range
``"A:B"``), ``"examples"`` and ``"seeds"`` (overriding the defaults).  A check given
a family is run on that family's instances (its options, e.g. ``units``, must be
options of the check).

Every expanded run has a *run id*: a hash of its canonical JSON (what is hunted,
the family, the number of examples; for a conjecture the SHA-256 of its file, so
that an edited conjecture is a new run).  The unit of work is one hunt
(:func:`exactrelu.hunt.hunt`, one worker) for one (run, seed); its result is one
row of the :class:`~exactrelu.hunt.store.Store`.

:func:`run_campaign` runs the pairs missing from the store on Dask (an embedded
``LocalCluster``, or ``scheduler=ADDRESS``), batching short hunts so that Dask's
per-task overhead stays small (:data:`BATCH_SECONDS`), and writes each result as
soon as its batch completes: a campaign killed at any moment loses only the
batches in flight and, rerun, does only what is missing.  :func:`report`
summarises a store; :func:`verify` re-checks every stored refutation.  See
``docs/campaigns.md``.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import math
import os
import socket
import time
import traceback
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exactrelu.exact.errors import ClusterError, ConjectureError, InvalidDataError
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.limits import guard
from exactrelu.exact.parse import exact_integer
from exactrelu.exact.progress import progress_bar
from exactrelu.hunt.cluster import dask_client
from exactrelu.hunt.conjectures import FAILS, FileConjecture, check_signature, load_conjecture
from exactrelu.hunt.core import hunt, replay
from exactrelu.hunt.families import Family
from exactrelu.hunt.store import Store, open_store

__all__ = [
    "BATCH_SECONDS",
    "DEFAULT_LIMIT",
    "Campaign",
    "Run",
    "load_campaign",
    "report",
    "run_batch",
    "run_campaign",
    "verify",
    "warm_up",
]

DEFAULT_LIMIT = 10**6
"""Largest campaign (hunt instances: runs × seeds × examples) run without ``limit=`` / ``--limit``."""

LIMIT_ENV = "EXACTRELU_CAMPAIGN_LIMIT"

MAX_SEEDS = 10**7
"""Most seeds of one run (the grid-size guard then bounds the whole campaign)."""

BATCH_SECONDS = 0.5
"""Target seconds of work per Dask task: short hunts are batched up to this, so that Dask's
per-task cost (about 2-5 ms, see benchmarks/bench_hunt.py) stays around 5 % (measured there)."""

SPEC_KEYS = ("name", "description", "examples", "seeds", "batch_seconds", "runs")
RUN_KEYS = ("check", "negative", "conjecture", "family", "examples", "seeds")
CROSSED = ("kind", "dim", "points", "max_value", "labels", "units")
FAMILY_KEYS = (*CROSSED, "degeneracies")


@dataclass(frozen=True)
class Run:
    """One expanded run of a campaign: what is hunted, on which family, with which seeds.

    Attributes
    ----------
    definition : dict
        Canonical JSON of the run (hashed into :attr:`id`): ``check`` / ``negative``
        or ``conjecture`` / ``sha256``, ``family`` (None: the check's own family) and
        ``examples``.
    seeds : tuple of int
    source : str or None
        The conjecture's source text; ``path`` its file.
    """

    definition: dict[str, Any]
    seeds: tuple[int, ...]
    source: str | None = None
    path: str | None = None

    @property
    def id(self) -> str:
        """A stable hash of :attr:`definition` (16 hex digits)."""
        return run_id(self.definition)

    @property
    def label(self) -> str:
        """What is hunted, in a few words."""
        return _label(self.definition)

    def stored(self) -> dict[str, Any]:
        """The definition as kept in the store: plus the label, and a conjecture's path and source."""
        out = dict(self.definition, label=self.label)
        if self.source is not None:
            out.update(path=self.path, source=self.source)
        return out


@dataclass
class Campaign:
    """A validated campaign: its name, the spec it came from, and its expanded runs."""

    name: str
    spec: dict[str, Any]
    runs: list[Run] = field(default_factory=list)
    batch_seconds: float = BATCH_SECONDS

    @property
    def pairs(self) -> list[tuple[str, int]]:
        """Every (run id, seed) of the campaign."""
        return [(r.id, s) for r in self.runs for s in r.seeds]

    @property
    def instances(self) -> int:
        """Instances to try (runs × seeds × examples, before shrinking)."""
        return sum(len(r.seeds) * r.definition["examples"] for r in self.runs)


def run_id(definition: Mapping[str, Any]) -> str:
    """The id of a run: the first 16 hex digits of the SHA-256 of its canonical JSON."""
    text = json.dumps(to_jsonable(definition), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _label(definition: Mapping[str, Any]) -> str:
    if "check" in definition:
        return definition["check"] + (" (negative)" if definition.get("negative") else "")
    return str(definition["conjecture"])


# ----------------------------------------------------------------------------- the spec


def _unknown(keys: Any, known: Sequence[str], where: str) -> None:
    bad = sorted(set(keys) - set(known))
    if bad:
        raise InvalidDataError(
            f"unknown key(s) {', '.join(map(repr, bad))} in {where}; known: {', '.join(known)}"
        )


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise InvalidDataError(f"{name} must be a positive integer, got {value!r}")
    n = exact_integer(value, name=name, minimum=None)
    if n < 0:
        raise InvalidDataError(f"{name} must be a positive integer, got a negative count {n}")
    if n == 0:
        raise InvalidDataError(f"{name} is 0: the campaign would do nothing (give at least 1)")
    return n


def _seeds(value: Any, where: str) -> range | list[int]:
    if isinstance(value, list):
        if not value:
            raise InvalidDataError(f"seeds of {where} is an empty list")
        seeds = [exact_integer(s, name=f"seed of {where}", minimum=None) for s in value]
        if len(set(seeds)) != len(seeds):
            raise InvalidDataError(f"seeds of {where} has duplicates: {value}")
        return seeds
    n = _count(value, f"seeds of {where}")
    if n > MAX_SEEDS:  # refused before any range is measured: len(range(10**30)) overflows
        raise InvalidDataError(f"seeds of {where} is {n:,}; a run takes at most {MAX_SEEDS:,} seeds")
    return range(n)


def _axis(value: Any, key: str, where: str) -> list[Any]:
    if isinstance(value, list):
        if not value:
            raise InvalidDataError(f"family key {key!r} of {where} is an empty list (nothing to cross)")
        return value
    return [value]


def load_campaign(spec: Mapping[str, Any] | str | os.PathLike[str], *, limit: int | None = None) -> Campaign:
    """Read and validate a campaign spec (a path to JSON, or a dict), expanding its grid.

    Parameters
    ----------
    spec : dict or path
        The spec (see the module docstring).  Conjecture paths are relative to the
        spec file's directory (to the working directory for a dict).
    limit : int, optional
        Largest number of instances (runs × seeds × examples); default
        :data:`DEFAULT_LIMIT` or the environment variable ``EXACTRELU_CAMPAIGN_LIMIT``.
        The size is predicted before anything is expanded.

    Raises
    ------
    InvalidDataError
        A malformed spec: unknown keys, unknown family or check, empty range, negative count.
    ConjectureError
        A conjecture file or function is missing, or cannot take the family's fields.
    SizeLimitError
        The grid is larger than ``limit``.
    """
    base = os.getcwd()
    if not isinstance(spec, Mapping):
        path = os.fspath(spec)
        try:
            with open(path, encoding="utf-8") as fh:
                spec = json.load(fh)
        except FileNotFoundError:
            raise InvalidDataError(f"no campaign spec {path!r}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidDataError(f"cannot read the campaign spec {path!r}: {exc}") from None
        except json.JSONDecodeError as exc:
            raise InvalidDataError(f"the campaign spec {path!r} is not valid JSON: {exc}") from None
        base = os.path.dirname(os.path.abspath(path))
        if not isinstance(spec, Mapping):
            raise InvalidDataError(f"a campaign spec must be a JSON object, got {type(spec).__name__}")
    spec = dict(spec)
    _unknown(spec, SPEC_KEYS, "the campaign spec")
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidDataError('a campaign spec needs a "name" (a non-empty string)')
    runs = spec.get("runs")
    if not isinstance(runs, list) or not runs:
        raise InvalidDataError('a campaign spec needs "runs": a non-empty list of runs')
    examples = _count(spec.get("examples", 50), "examples")
    seeds = _seeds(spec.get("seeds", 1), "the campaign")
    # predict the size before expanding anything
    plans = []
    predicted = 0
    for i, entry in enumerate(runs):
        where = f"run {i + 1}"
        if not isinstance(entry, Mapping):
            raise InvalidDataError(f"{where} must be an object, got {type(entry).__name__}")
        _unknown(entry, RUN_KEYS, where)
        fam = entry.get("family")
        axes: list[list[Any]] = []
        if fam is not None:
            if not isinstance(fam, Mapping):
                raise InvalidDataError(f"the family of {where} must be an object, got {type(fam).__name__}")
            _unknown(fam, FAMILY_KEYS, f"the family of {where}")
            axes = [_axis(fam[k], k, where) for k in CROSSED if k in fam]
        k = _count(entry.get("examples", examples), f"examples of {where}")
        s = _seeds(entry["seeds"], where) if "seeds" in entry else seeds
        grid = math.prod(len(a) for a in axes)
        plans.append((where, entry, k, s))
        predicted += grid * len(s) * k
    guard(
        f"hunt instances (runs × seeds × examples) in campaign {name!r}",
        predicted,
        limit,
        LIMIT_ENV,
        DEFAULT_LIMIT,
    )
    batch = spec.get("batch_seconds", BATCH_SECONDS)
    if isinstance(batch, bool) or not isinstance(batch, (int, float)) or not 0 <= batch <= 3600:
        raise InvalidDataError(f"batch_seconds must be a number of seconds in [0, 3600], got {batch!r}")
    campaign = Campaign(name, to_jsonable(spec), batch_seconds=float(batch))
    merged: dict[str, Run] = {}  # the same run listed twice: its seeds are merged
    for where, entry, k, s in plans:
        for run in _expand(entry, where, k, tuple(s), base):
            old = merged.get(run.id)
            union = run.seeds if old is None else tuple(sorted(set(old.seeds) | set(run.seeds)))
            merged[run.id] = Run(run.definition, union, run.source, run.path)
    campaign.runs = list(merged.values())
    return campaign


def _families(entry: Mapping[str, Any], where: str) -> list[Family | None]:
    fam = entry.get("family")
    if fam is None:
        return [None]
    keys = [k for k in CROSSED if k in fam]
    out: list[Family | None] = []
    for combo in itertools.product(*(_axis(fam[k], k, where) for k in keys)):
        kw = dict(zip(keys, combo))
        if "degeneracies" in fam:
            kw["degeneracies"] = fam["degeneracies"]
        try:
            out.append(Family.from_dict(kw))
        except InvalidDataError as exc:
            raise InvalidDataError(f"{where}: {exc}") from None
        except TypeError as exc:
            raise InvalidDataError(f"{where}: bad family {kw}: {exc}") from None
    return out


def _expand(
    entry: Mapping[str, Any], where: str, examples: int, seeds: tuple[int, ...], base: str
) -> list[Run]:
    has_check, has_conj = "check" in entry, "conjecture" in entry
    if has_check == has_conj:
        raise InvalidDataError(
            f'{where} must have exactly one of "check" (a proofs_checks name) or "conjecture"'
        )
    negative = entry.get("negative", False)
    if not isinstance(negative, bool):
        raise InvalidDataError(f'"negative" of {where} must be true or false, got {negative!r}')
    families = _families(entry, where)
    runs = []
    if has_check:
        name = entry["check"]
        info = _check_info(name, where)
        for fam in families:
            if fam is None:
                own = info.negative_family if negative else info.family
                if own is None:
                    what = "negative family" if negative else "natural family"
                    raise InvalidDataError(f'{where}: check {name!r} has no {what}; give it a "family"')
            else:
                _check_options(info, fam, where)
            definition = {
                "check": name,
                "negative": negative,
                "family": fam.to_dict() if fam else None,
                "examples": examples,
            }
            runs.append(Run(definition, seeds))
        return runs
    if negative:
        raise InvalidDataError(f'{where}: "negative" applies to checks only')
    spec = entry["conjecture"]
    if not isinstance(spec, str):
        raise ConjectureError(f"{where}: a conjecture is given as FILE.py:FUNCTION, got {spec!r}")
    path, sep, func = spec.rpartition(":")
    full = os.path.normpath(os.path.join(base, path)) if sep and path else spec
    conj = load_conjecture(f"{full}:{func}" if sep else spec)
    if families == [None]:
        raise InvalidDataError(f'{where}: conjecture {spec!r} needs a "family" to be hunted over')
    for fam in families:
        assert fam is not None
        check_signature(conj, fam.fields)
        definition = {
            "conjecture": spec,
            "sha256": hashlib.sha256(conj.source.encode()).hexdigest(),
            "family": fam.to_dict(),
            "examples": examples,
        }
        runs.append(Run(definition, seeds, conj.source, conj.path))
    return runs


def _check_info(name: Any, where: str) -> Any:
    from proofs_checks.framework import UnknownCheckError, get_check, list_checks

    try:
        return get_check(name)
    except (UnknownCheckError, TypeError):
        raise InvalidDataError(
            f"{where}: no check named {name!r}; available: {', '.join(list_checks())}"
        ) from None


def _check_options(info: Any, fam: Family, where: str) -> None:
    params = inspect.signature(info.func).parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return
    bad = [f for f in fam.fields if f != "X" and f not in params]
    if "cover" in fam.fields:
        bad = ["cover"]
    if bad:
        raise ConjectureError(
            f"{where}: check {info.name!r} cannot take the family's field(s) {', '.join(bad)}; "
            f"its options are {', '.join(list(params)[1:]) or 'none'}"
        )


# ----------------------------------------------------------------------------- the unit of work

_CONJECTURES: dict[str, Any] = {}


def _conjecture(definition: Mapping[str, Any]) -> Any:
    """The conjecture of a stored run definition (cached per process)."""
    key = run_id({k: v for k, v in definition.items() if k != "label"})
    if key not in _CONJECTURES:
        if "check" in definition:
            from proofs_checks.framework import CheckConjecture

            _CONJECTURES[key] = CheckConjecture(definition["check"], bool(definition.get("negative")))
        else:
            name = str(definition["conjecture"]).rpartition(":")[2]
            _CONJECTURES[key] = FileConjecture(definition["path"], name, definition["source"])
    return _CONJECTURES[key]


def _family(definition: Mapping[str, Any]) -> Any:
    if definition.get("family") is not None:
        return Family.from_dict(definition["family"])
    from proofs_checks.framework import get_check

    info = get_check(definition["check"])
    return info.negative_family if definition.get("negative") else info.family


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def warm_up(checks: bool) -> None:
    """Import what hunts need (and proofs_checks, for checks) in this process: run on each worker first."""
    import exactrelu.hunt.core  # noqa: F401

    if checks:
        import proofs_checks  # noqa: F401


def run_batch(
    definitions: Mapping[str, Mapping[str, Any]], pairs: Sequence[tuple[str, int]]
) -> list[dict[str, Any]]:
    """Hunt every (run, seed) of ``pairs`` here, one after the other: the body of one Dask task.

    Returns one ``{"run", "seed", "result", "worker"}`` per pair (plain data); an
    exception outside the conjecture (which :func:`~exactrelu.hunt.hunt` itself
    reports) becomes an ``error`` result rather than losing the batch.
    """
    import warnings

    from hypothesis.errors import HypothesisDeprecationWarning

    worker = _worker_name()
    out = []
    with warnings.catch_warnings():
        # Dask's own threads draw from the global `random` while hypothesis generates, which
        # hypothesis mistakes for a strategy using `random`: not the conjecture's doing
        warnings.simplefilter("ignore", HypothesisDeprecationWarning)
        for run, seed in pairs:
            out.append(_run_one(definitions[run], run, seed, worker))
    return out


def _run_one(definition: Mapping[str, Any], run: str, seed: int, worker: str) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        result = hunt(
            _conjecture(definition),
            _family(definition),
            examples=definition["examples"],
            seed=seed,
            workers=1,
        ).to_dict()
    except Exception as exc:  # a broken family or check: an error row, with what happened
        result = {
            "status": "error",
            "refuted": False,
            "survived": False,
            "counterexample": None,
            "error": {
                "type": type(exc).__name__,
                "message": str(exc),
                "traceback": traceback.format_exc(limit=-3),
                "instance": None,
            },
            "tried": 0,
            "seconds": round(time.perf_counter() - t0, 4),
            "seed": seed,
        }
    return {"run": run, "seed": seed, "result": result, "worker": worker}


# ----------------------------------------------------------------------------- running


def run_campaign(
    spec: Mapping[str, Any] | str | os.PathLike[str],
    store: Store | str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    limit: int | None = None,
    batch_seconds: float | None = None,
) -> dict[str, Any]:
    """Run the (run, seed) pairs of a campaign that the store does not hold yet, on Dask.

    Parameters
    ----------
    spec : dict or path
        The campaign (:func:`load_campaign`).
    store : Store or path
        Where results go, one row per (run, seed), each as soon as it is known.
    workers : int, optional
        Worker processes of the embedded LocalCluster (default: one per core).
    scheduler : str, optional
        Address of a running Dask scheduler instead (``tcp://host:8786``).
    progress : bool, optional
        Show a progress bar with an ETA on standard error.
    limit : int, optional
        Largest campaign in instances (see :func:`load_campaign`).
    batch_seconds : float, optional
        Target seconds of work per Dask task (0: one hunt per task); default: the
        spec's ``batch_seconds``, else :data:`BATCH_SECONDS`.

    Returns
    -------
    dict
        ``campaign``, ``store``, ``total`` and ``done`` (pairs of this campaign),
        ``skipped`` (already stored), ``new`` (stored now), ``lost`` (tasks that
        failed on the cluster: not stored, done by the next run), ``refuted``,
        ``errors`` (pairs of this campaign), ``workers``, ``tasks``, ``wall_seconds``,
        ``task_seconds`` and ``efficiency`` (task seconds / (wall seconds × workers)).

    Raises
    ------
    InvalidDataError, ConjectureError, SizeLimitError
        A bad spec (before anything is stored or started).
    StoreError
        The store is corrupt or of another version (left unchanged).
    ClusterError
        The scheduler cannot be reached or the cluster cannot start.
    """
    campaign = load_campaign(spec, limit=limit)
    if batch_seconds is None:
        batch_seconds = campaign.batch_seconds
    if workers is not None:
        workers = exact_integer(workers, name="workers", minimum=1)
    own_store = not isinstance(store, Store)
    db = open_store(store)
    try:
        pairs = campaign.pairs
        pending = db.missing(pairs)
        stats: dict[str, Any] = {
            "campaign": campaign.name,
            "store": db.path,
            "total": len(pairs),
            "skipped": len(pairs) - len(pending),
            "new": 0,
            "lost": 0,
            "workers": 0,
            "tasks": 0,
            "wall_seconds": 0.0,
            "task_seconds": 0.0,
            "efficiency": None,
        }
        if pending:
            definitions = {r.id: r.stored() for r in campaign.runs}
            with dask_client(workers=workers, scheduler=scheduler) as client, client.as_current():
                db.add_campaign(campaign.name, campaign.spec)  # the cluster is up: record the campaign
                for run in campaign.runs:
                    db.add_run(run.id, run.stored(), run.seeds, campaign=campaign.name)
                _execute(
                    client, definitions, pending, db, stats, bool(progress), batch_seconds, campaign.name
                )
        wanted = set(pairs)
        rows = [r for r in db.statuses() if (r[0], r[1]) in wanted]
        stats["done"] = len(rows)
        stats["refuted"] = sum(r[2] == "refuted" for r in rows)
        stats["errors"] = sum(r[2] == "error" for r in rows)
        return stats
    finally:
        if own_store:
            db.close()


def _n_workers(client: Any) -> int:
    try:
        return max(1, len(client.scheduler_info()["workers"]))
    except Exception:  # pragma: no cover - an exotic scheduler: assume one
        return 1


def _execute(
    client: Any,
    definitions: dict[str, dict[str, Any]],
    pending: list[tuple[str, int]],
    db: Store,
    stats: dict[str, Any],
    progress: bool,
    batch_seconds: float,
    name: str,
) -> None:
    """Keep two batches per worker in flight; store each result as its batch completes."""
    from distributed import as_completed

    n = _n_workers(client)
    stats["workers"] = n
    t_start = time.perf_counter()
    try:
        client.run(warm_up, any("check" in d for d in definitions.values()))
    except Exception as exc:  # a remote worker without exactrelu (or proofs_checks): say so
        raise ClusterError(
            f"the Dask workers cannot import exactrelu / proofs_checks ({type(exc).__name__}: {exc}); "
            "install the same exactrelu in the workers' environment"
        ) from None
    stats["startup_seconds"] = round(time.perf_counter() - t_start, 3)
    queue = deque(pending)
    spent: dict[str, list[float]] = {}  # run -> [seconds, hunts]: the estimate of one hunt of the run

    def estimate(run: str) -> float | None:
        s = spent.get(run)
        if s:
            return s[0] / s[1]
        if spent:  # an unseen run: guess the mean of the others
            return sum(v[0] for v in spent.values()) / sum(v[1] for v in spent.values())
        return None

    def next_batch() -> list[tuple[str, int]]:
        cap = max(1, math.ceil(len(queue) / n))  # never leave the tail to one worker
        batch: list[tuple[str, int]] = []
        total = 0.0
        while queue and len(batch) < cap:
            est = estimate(queue[0][0])
            if batch and (est is None or total + est > batch_seconds):
                break
            batch.append(queue.popleft())
            total += est if est is not None else batch_seconds
        return batch

    inflight: dict[str, list[tuple[str, int]]] = {}
    ac = as_completed(with_results=True, raise_errors=False)

    def submit() -> None:
        while queue and len(inflight) < 2 * n:
            batch = next_batch()
            defs = {r: definitions[r] for r in {r for r, _ in batch}}
            future = client.submit(run_batch, defs, batch, pure=False)
            inflight[future.key] = batch
            stats["tasks"] += 1
            ac.add(future)

    t0 = time.perf_counter()
    refuted = 0
    with progress_bar(progress, len(pending), f"campaign {name}", "hunt") as bar:
        submit()
        for future, value in ac:
            batch = inflight.pop(future.key)
            if future.status != "finished" or not isinstance(value, list):
                stats["lost"] += len(batch)  # a worker died: nothing stored, the next run redoes it
                bar.update(len(batch))
            else:
                for row in value:
                    result = row["result"]
                    if db.add_result(row["run"], row["seed"], result, worker=row["worker"]):
                        stats["new"] += 1
                    seconds = float(result.get("seconds") or 0.0)
                    stats["task_seconds"] += seconds
                    s = spent.setdefault(row["run"], [0.0, 0])
                    s[0] += seconds
                    s[1] += 1
                    refuted += result.get("status") == "refuted"
                    bar.update(1)
                bar.set_postfix(refuted=refuted)
            submit()
    wall = time.perf_counter() - t0
    stats["wall_seconds"] = round(wall, 3)
    stats["task_seconds"] = round(stats["task_seconds"], 3)
    stats["efficiency"] = round(stats["task_seconds"] / (wall * n), 3) if wall > 0 else None


# ----------------------------------------------------------------------------- reading a store


def _dn(family: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    if not family:
        return None, None

    def text(r: Sequence[int]) -> str:
        return str(r[0]) if r[0] == r[1] else f"{r[0]}:{r[1]}"

    return text(family["dim"]), text(family["points"])


def _hypothesis_dropped(result: Mapping[str, Any]) -> bool:
    """The stored verdict is a check's Counterexample with ``hypotheses_hold`` False."""
    verdict = result.get("verdict") or {}
    return (verdict.get("details") or {}).get("hypotheses_hold") is False


def report(store: Store | str | os.PathLike[str], *, runs: Sequence[str] | None = None) -> dict[str, Any]:
    """A summary of a store (or of the runs ``runs`` of it).

    Returns
    -------
    dict
        ``done`` and ``total`` (pairs), ``refuted`` (a list of ``{run, label, seed,
        d, N, instance, certificate_verified, expected}``; ``expected`` is True for a
        negative family, where a refutation is what the paper predicts), ``errors``
        (``{run, label, seed, type, message, instance}``), ``runs`` (per run: label,
        family, examples, seeds, done, refuted, errors, seconds, seconds_per_hunt)
        and ``rates`` (per what was hunted and (d, N): ``done``, ``refuted``,
        ``rate`` = the fraction of hunts that found a counterexample).
    """
    own = not isinstance(store, Store)
    db = open_store(store, create=False)
    try:
        defs = db.runs()
        rows = db.statuses()
        details = {(r["run"], r["seed"]): r["result"] for st in ("refuted", "error") for r in db.results(st)}
        campaigns = sorted({c["name"] for c in db.campaigns()})
    finally:
        if own:
            db.close()
    if runs is not None:
        wanted = set(runs)
        defs = {k: v for k, v in defs.items() if k in wanted}
    planned = {(r, s) for r, v in defs.items() for s in v["seeds"]}
    rows = [r for r in rows if (r[0], r[1]) in planned]
    per_run: dict[str, dict[str, Any]] = {}
    for run, v in defs.items():
        d = v["definition"]
        dim, pts = _dn(d.get("family"))
        fam = d.get("family")
        per_run[run] = {
            "run": run,
            "label": d.get("label", _label(d)),
            "negative": bool(d.get("negative")),
            "family": Family.from_dict(fam).describe() if fam else "its own family",
            "d": dim,
            "N": pts,
            "examples": d["examples"],
            "seeds": len(v["seeds"]),
            "done": 0,
            "refuted": 0,
            "errors": 0,
            "seconds": 0.0,
        }
    refuted, errors = [], []
    for run, seed, status, seconds in rows:
        info = per_run[run]
        info["done"] += 1
        info["seconds"] += seconds
        if status == "survived":
            continue
        result = details[run, seed]
        if status == "refuted":
            info["refuted"] += 1
            refuted.append(
                {
                    "run": run,
                    "label": info["label"],
                    "seed": seed,
                    "d": info["d"],
                    "N": info["N"],
                    "instance": result.get("counterexample"),
                    "certificate_verified": result.get("certificate_verified"),
                    # a check's counterexample on an instance where one of its hypotheses fails is what
                    # the paper predicts (a negative family, or a user family outside the hypotheses)
                    "expected": _hypothesis_dropped(result),
                }
            )
        else:
            info["errors"] += 1
            err = result.get("error") or {}
            errors.append(
                {
                    "run": run,
                    "label": info["label"],
                    "seed": seed,
                    "type": err.get("type"),
                    "message": err.get("message"),
                    "instance": err.get("instance"),
                }
            )
    rates: dict[tuple[Any, ...], dict[str, Any]] = {}
    for info in per_run.values():
        info["seconds"] = round(info["seconds"], 4)
        info["seconds_per_hunt"] = round(info["seconds"] / info["done"], 4) if info["done"] else None
        if info["d"] is None:
            continue
        key = (info["label"], info["d"], info["N"])
        r = rates.setdefault(key, {"label": key[0], "d": key[1], "N": key[2], "done": 0, "refuted": 0})
        r["done"] += info["done"]
        r["refuted"] += info["refuted"]
    for r in rates.values():
        r["rate"] = round(r["refuted"] / r["done"], 4) if r["done"] else None
    unexpected = sum(not r["expected"] for r in refuted)
    # a negative family's hunt that found nothing: the dropped hypothesis did not show
    missed = sum(i["done"] - i["refuted"] - i["errors"] for i in per_run.values() if i["negative"])
    return {
        "store": db.path,
        "campaigns": campaigns,
        "done": len(rows),
        "total": len(planned),
        "ok": unexpected == 0 and missed == 0 and not errors,
        "unexpected_refutations": unexpected,
        "missed_negatives": missed,
        "refuted": refuted,
        "errors": errors,
        "survived": sum(r[2] == "survived" for r in rows),
        "seconds": round(sum(r[3] for r in rows), 3),
        "runs": list(per_run.values()),
        "rates": sorted(rates.values(), key=lambda r: (r["label"], _num(r["d"]), _num(r["N"]))),
    }


def _num(text: str) -> tuple[int, str]:
    head = text.split(":")[0]
    return (int(head), text) if head.lstrip("-").isdigit() else (0, text)


def _certificates(verdict: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if not isinstance(verdict, Mapping):
        return []
    found = [verdict.get("certificate"), (verdict.get("details") or {}).get("certificate")]
    return [dict(c) for c in found if isinstance(c, Mapping) and "kind" in c]


def verify(store: Store | str | os.PathLike[str], *, runs: Sequence[str] | None = None) -> dict[str, Any]:
    """Re-check every stored refutation: replay it and re-verify its certificates.

    Each refutation's instance is replayed on its check or conjecture (rebuilt from the
    store: a conjecture's source is stored with its run, so the file is not needed) and
    must fail again; every certificate carried by the replayed verdict and by the
    stored verdict must pass :func:`exactrelu.exact.certificates.verify_certificate`.

    Returns
    -------
    dict
        ``checked`` (refutations), ``verified`` (those that re-check), ``certificates``
        (certificates re-checked), ``failed`` (``{run, label, seed, reason}``) and ``ok``.
    """
    from exactrelu.exact.certificates import verify_certificate

    own = not isinstance(store, Store)
    db = open_store(store, create=False)
    try:
        defs = db.runs()
        rows = list(db.results("refuted"))
    finally:
        if own:
            db.close()
    if runs is not None:
        wanted = set(runs)
        rows = [r for r in rows if r["run"] in wanted]
    failed = []
    certificates = 0
    for row in rows:
        definition = defs.get(row["run"], {}).get("definition")
        label = definition.get("label", row["run"]) if definition else row["run"]
        result = row["result"]
        reason = None
        try:
            if definition is None:
                raise InvalidDataError(f"run {row['run']} has no definition in the store")
            judgement = replay(_conjecture(definition), result.get("counterexample"))
            if judgement.outcome != FAILS:
                reason = f"the replay gives {judgement.outcome!r}, not a failure"
            else:
                certs = judgement.certificates + _certificates(result.get("verdict"))
                certificates += len(certs)
                bad = [c["kind"] for c in certs if not verify_certificate(dict(c))]
                if bad:
                    reason = f"certificate(s) {', '.join(bad)} fail their independent check"
        except Exception as exc:  # a replay that raises is a failed verification, said as such
            reason = f"replay raised {type(exc).__name__}: {exc}"
        if reason is not None:
            failed.append({"run": row["run"], "label": label, "seed": row["seed"], "reason": reason})
    return {
        "store": db.path,
        "checked": len(rows),
        "verified": len(rows) - len(failed),
        "certificates": certificates,
        "failed": failed,
        "ok": not failed,
    }
