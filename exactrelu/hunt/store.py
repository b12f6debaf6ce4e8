"""The store of a campaign: one SQLite file (WAL mode), one row per finished (run, seed).

A campaign (:mod:`exactrelu.hunt.campaign`) writes every finished hunt to the store
as soon as it completes, each row in its own transaction, keyed by ``(run, seed)``.
A campaign killed at any moment loses only the hunts that were running; rerun, it
asks the store which pairs are missing and does only those.  ``INSERT OR IGNORE``
on the primary key means a pair is never stored twice.

Schema (version :data:`SCHEMA_VERSION`)::

    meta(key TEXT PRIMARY KEY, value TEXT)          -- format, version, created
    campaigns(id INTEGER PRIMARY KEY, name TEXT, spec TEXT, created TEXT)
    runs(run TEXT PRIMARY KEY, campaign TEXT, definition TEXT, seeds TEXT, created TEXT)
    results(run TEXT, seed INTEGER, status TEXT, result TEXT, seconds REAL,
            worker TEXT, finished TEXT, PRIMARY KEY (run, seed))

``definition`` is the run as canonical JSON (what to hunt, over which family, how
many examples; a conjecture's source text too, so that ``verify`` replays it without
the file); ``seeds`` the JSON list of its seeds; ``result`` the hunt result JSON
(:meth:`exactrelu.hunt.HuntResult.to_dict`: status, counterexample, verdict,
certificate_verified, error, tried, seconds, ...); ``status`` is ``refuted``,
``error`` or ``survived``.

A file that is not a store (or is corrupt), or a store of another schema version,
is refused with a :class:`~exactrelu.exact.errors.StoreError` before anything is
written to it: it is first opened read-only.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "c.sqlite")
>>> with Store(path) as s:
...     s.add_run("r1", {"check": "prop6"}, [0, 1], campaign="demo")
...     s.add_result("r1", 0, {"status": "survived", "seconds": 0.1}, worker="local")
...     s.missing([("r1", 0), ("r1", 1)])
True
[('r1', 1)]
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from exactrelu.exact.errors import StoreError
from exactrelu.exact.jsonio import dumps

__all__ = ["SCHEMA_VERSION", "STORE_FORMAT", "Store", "open_store"]

SCHEMA_VERSION = 1
"""Version of the store schema this exactrelu reads and writes."""

STORE_FORMAT = "exactrelu-campaign-store"
"""The ``format`` entry of the meta table: what marks a file as a campaign store."""

_SQLITE_HEADER = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    spec TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run TEXT PRIMARY KEY,
    campaign TEXT NOT NULL,
    definition TEXT NOT NULL,
    seeds TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    run TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('refuted', 'error', 'survived')),
    result TEXT NOT NULL,
    seconds REAL NOT NULL,
    worker TEXT NOT NULL,
    finished TEXT NOT NULL,
    PRIMARY KEY (run, seed)
);
"""


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Store:
    """A campaign store at ``path`` (created if missing); use as a context manager or :meth:`close`.

    Parameters
    ----------
    path : str
        The SQLite file.  A new file becomes an empty store; an existing one must be
        a store of schema version :data:`SCHEMA_VERSION`.
    create : bool
        Create a missing file (False: a missing file is a StoreError).

    Raises
    ------
    StoreError
        The file is not a campaign store, is corrupt, or has another schema version.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = os.fspath(path)
        if not create and not os.path.exists(self.path):
            raise StoreError(f"no campaign store at {self.path!r} (run 'exactrelu campaign run' to make one)")
        if os.path.isdir(self.path):
            raise StoreError(f"the store path {self.path!r} is a directory; give a file path to --store")
        existing = os.path.exists(self.path) and os.path.getsize(self.path) > 0
        if not create and not existing:
            raise StoreError(f"{self.path!r} is an empty file, not a campaign store; it was left unchanged")
        if existing:
            self._inspect()  # read-only: a foreign or corrupt file is refused untouched
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable against a crash of this process
            if not existing:
                with self._transaction():
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    self.db.executemany(
                        "INSERT OR IGNORE INTO meta VALUES (?, ?)",
                        [("format", STORE_FORMAT), ("version", str(SCHEMA_VERSION)), ("created", _now())],
                    )
        except sqlite3.Error as exc:
            self.db.close()
            raise StoreError(f"cannot initialise the store {self.path!r}: {exc}") from None

    # ------------------------------------------------------------------ opening

    def _inspect(self) -> None:
        """Refuse, without writing to it, a file that is not a store of this schema version."""
        try:
            with open(self.path, "rb") as fh:
                header = fh.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path!r}: {exc}") from None
        if header != _SQLITE_HEADER:
            raise StoreError(
                f"{self.path!r} is not a campaign store (not an SQLite file); "
                "give a new path to --store, or the path of an existing store"
            )
        uri = "file:" + os.path.abspath(self.path) + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            db.execute("SELECT count(*) FROM results").fetchone()
            problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]  # damaged pages, O(size)
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems))
        except sqlite3.DatabaseError as exc:
            text = str(exc)
            if "no such table" in text:
                raise StoreError(
                    f"{self.path!r} is an SQLite file but not a campaign store ({text}); "
                    "give a new path to --store"
                ) from None
            raise StoreError(
                f"the store {self.path!r} is corrupt ({text}); its file was not modified"
            ) from None
        finally:
            db.close()
        if meta.get("format") != STORE_FORMAT:
            raise StoreError(f"{self.path!r} is an SQLite file but not a campaign store (no format mark)")
        version = meta.get("version")
        if version != str(SCHEMA_VERSION):
            raise StoreError(
                f"the store {self.path!r} has schema version {version}, this exactrelu reads version "
                f"{SCHEMA_VERSION}; it was left unchanged. Use the exactrelu that wrote it, or start a new "
                "store (a new --store path) and rerun the campaign"
            )

    def close(self) -> None:
        """Close the database connection (every row is already committed)."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> None:
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type: object, *rest: object) -> None:
            self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")

    def _transaction(self) -> Store._Tx:
        return Store._Tx(self.db)

    # ------------------------------------------------------------------ writing

    def add_campaign(self, name: str, spec: Mapping[str, Any]) -> None:
        """Record that the campaign ``name`` (its spec as JSON) was started on this store."""
        with self._transaction():
            self.db.execute(
                "INSERT INTO campaigns (name, spec, created) VALUES (?, ?, ?)",
                (name, dumps(spec, sort_keys=True), _now()),
            )

    def add_run(
        self, run: str, definition: Mapping[str, Any], seeds: Iterable[int], *, campaign: str
    ) -> None:
        """Record the run ``run`` and its seeds (merged with the seeds already recorded)."""
        seeds = sorted(set(seeds))
        with self._transaction():
            row = self.db.execute("SELECT seeds FROM runs WHERE run = ?", (run,)).fetchone()
            if row is None:
                self.db.execute(
                    "INSERT INTO runs VALUES (?, ?, ?, ?, ?)",
                    (run, campaign, dumps(definition, sort_keys=True), json.dumps(seeds), _now()),
                )
            else:
                merged = sorted(set(json.loads(row[0])) | set(seeds))
                self.db.execute("UPDATE runs SET seeds = ? WHERE run = ?", (json.dumps(merged), run))

    def add_result(self, run: str, seed: int, result: Mapping[str, Any], *, worker: str = "") -> bool:
        """Store the result of one (run, seed) in its own transaction; False if it was already stored."""
        status = result.get("status", "error")
        cur = self.db.execute(
            "INSERT OR IGNORE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                run,
                int(seed),
                status,
                dumps(result, sort_keys=True),
                float(result.get("seconds") or 0.0),
                worker,
                _now(),
            ),
        )
        return cur.rowcount == 1

    # ------------------------------------------------------------------ reading

    def done(self) -> set[tuple[str, int]]:
        """The (run, seed) pairs that have a result."""
        return {(r, int(s)) for r, s in self.db.execute("SELECT run, seed FROM results")}

    def missing(self, pairs: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
        """Those of ``pairs`` without a result, in the given order."""
        have = self.done()
        return [p for p in pairs if p not in have]

    def runs(self) -> dict[str, dict[str, Any]]:
        """run id -> ``{"campaign", "definition", "seeds", "created"}``."""
        out = {}
        for run, campaign, definition, seeds, created in self.db.execute(
            "SELECT run, campaign, definition, seeds, created FROM runs ORDER BY rowid"
        ):
            out[run] = {
                "campaign": campaign,
                "definition": json.loads(definition),
                "seeds": json.loads(seeds),
                "created": created,
            }
        return out

    def campaigns(self) -> list[dict[str, Any]]:
        """Every campaign started on this store: ``{"name", "spec", "created"}``, oldest first."""
        return [
            {"name": n, "spec": json.loads(s), "created": c}
            for n, s, c in self.db.execute("SELECT name, spec, created FROM campaigns ORDER BY id")
        ]

    def results(self, status: str | None = None) -> Iterator[dict[str, Any]]:
        """The stored rows (run, seed, status, result, seconds, worker, finished), optionally one status."""
        query = "SELECT run, seed, status, result, seconds, worker, finished FROM results"
        args: tuple[Any, ...] = ()
        if status is not None:
            query, args = query + " WHERE status = ?", (status,)
        for run, seed, st, result, seconds, worker, finished in self.db.execute(
            query + " ORDER BY run, seed", args
        ):
            yield {
                "run": run,
                "seed": seed,
                "status": st,
                "result": json.loads(result),
                "seconds": seconds,
                "worker": worker,
                "finished": finished,
            }

    def statuses(self) -> list[tuple[str, int, str, float]]:
        """(run, seed, status, seconds) of every stored row: what a summary needs, without the JSON."""
        return [
            (r, int(s), st, float(sec))
            for r, s, st, sec in self.db.execute(
                "SELECT run, seed, status, seconds FROM results ORDER BY run, seed"
            )
        ]

    def count(self) -> int:
        """The number of stored results."""
        return int(self.db.execute("SELECT count(*) FROM results").fetchone()[0])


def open_store(store: Store | str | os.PathLike[str], *, create: bool = True) -> Store:
    """``store`` itself, or the store at that path (``create=False``: it must exist)."""
    return store if isinstance(store, Store) else Store(store, create=create)
