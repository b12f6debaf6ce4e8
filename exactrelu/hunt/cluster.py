"""One way to get a Dask cluster: an embedded ``LocalCluster``, or any scheduler by address.

Hunts and campaigns run on :mod:`distributed`.  With no address an embedded
``distributed.LocalCluster`` starts on this machine (worker *processes*, one thread
each: the work is pure Python and holds the GIL).  With an address such as
``tcp://host:8786`` the client connects to an existing scheduler, so a cluster
started by dask-jobqueue, dask-kubernetes or ``dask scheduler`` / ``dask worker``
is used with no change of code.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from exactrelu.exact.errors import ClusterError
from exactrelu.exact.parse import exact_integer

__all__ = ["dask_client"]

#: Seconds to wait for a scheduler before saying it is unreachable.
CONNECT_TIMEOUT = 10


def _probe(address: str) -> None:
    """Fail at once on a TCP address that refuses connections (Dask would retry until its timeout)."""
    if not isinstance(address, str) or not address.strip():
        raise ClusterError(f"a scheduler address looks like tcp://host:8786, got {address!r}")
    rest = address.split("://", 1)[-1] if "://" in address else address
    if address.startswith(("tcp://", "tls://")) or "://" not in address:
        host, _, port = rest.rpartition(":")
        if not host or not port.isdigit():
            raise ClusterError(f"a scheduler address looks like tcp://host:8786, got {address!r}")
        try:
            socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
        except OSError as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from None


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new LocalCluster.

    Parameters
    ----------
    workers : int, optional
        Worker processes of the LocalCluster (default: the number of cores).
    scheduler : str, optional
        Address of a running scheduler; ``workers`` must then be None.

    Raises
    ------
    ClusterError
        The scheduler cannot be reached, or the LocalCluster cannot start.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ClusterError(
            f"Dask distributed is not installed ({exc}); pip install 'dask[distributed]'"
        ) from None
    if scheduler is not None:
        if workers is not None and workers != 1:
            raise ClusterError("give either a number of workers (a local cluster) or a scheduler address")
        _probe(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = exact_integer(workers if workers is not None else (os.cpu_count() or 1), name="workers", minimum=1)
    try:
        cluster = LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never collides with another cluster
            silence_logs=logging.ERROR,
        )
    except Exception as exc:  # ports, resources: one clear message instead of Dask's traceback
        raise ClusterError(f"cannot start a local Dask cluster with {n} workers: {exc}") from None
    client = Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
