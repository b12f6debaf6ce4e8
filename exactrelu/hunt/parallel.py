"""Parallel chamber enumeration on a Dask cluster, by sign prefixes.

The chambers of a central arrangement with normals a_1, ..., a_n are partitioned
by their signs on the first k normals: the prefixes that occur are the chambers of
the first k hyperplanes, and the chambers with a given prefix σ are those of the
arrangement inside the open cone P_σ.  Deletion–restriction runs inside a union of
such cones unchanged (the chambers cut by a new hyperplane h are the chambers of
the restriction to h inside the cones, one dimension lower), so disjoint groups of
prefixes are independent tasks (:func:`exactrelu.geometry.engine.chambers_in_prefix`).
Each task returns its ``(mask, witness)`` pairs; the client converts them to
:class:`~exactrelu.geometry.arrangement.Chamber` objects in sign-vector order, the
order of :meth:`~exactrelu.geometry.arrangement.HyperplaneArrangement.chambers`.
The sign vectors are the same as in a serial run; the witnesses may differ (each
task starts from its own cone's witness) and are all exact integer points.

References: T. Zaslavsky, *Facing up to arrangements* (1975); R. Stanley,
*An introduction to hyperplane arrangements* (2007), Lecture 1 (deletion–restriction).
"""

from __future__ import annotations

from typing import Any

from exactrelu.exact import limits
from exactrelu.geometry import engine
from exactrelu.geometry.arrangement import Chamber, HyperplaneArrangement, chambers_from_masks
from exactrelu.hunt.cluster import dask_client

__all__ = ["parallel_chambers"]


def _task(normals: tuple[tuple[int, ...], ...], dim: int, k: int, sigmas: list[int]) -> list[Any]:
    return engine.chambers_in_prefix(normals, dim, k, sigmas)


def parallel_chambers(
    A: HyperplaneArrangement,
    *,
    client: Any = None,
    workers: int | None = None,
    scheduler: str | None = None,
    tasks_per_worker: int = 2,
    limit: int | None = None,
) -> list[Chamber]:
    """All chambers of ``A``, enumerated as sign-prefix subproblems on a Dask cluster.

    Parameters
    ----------
    A : HyperplaneArrangement
    client : distributed.Client, optional
        Use this client; otherwise one is made by
        :func:`exactrelu.hunt.cluster.dask_client` from ``workers`` / ``scheduler``.
    workers : int, optional
        Worker processes of a new LocalCluster (default: the number of cores).
    scheduler : str, optional
        Address of a running scheduler.
    tasks_per_worker : int
        About this many subproblems per worker (more: better balance, more
        repeated traversal of the deletion–restriction tree, which every task walks).
    limit : int, optional
        Refuse (``SizeLimitError``) if the predicted number of chambers exceeds it.

    Returns
    -------
    list of Chamber
        Sorted by sign vector: the sign vectors of :meth:`HyperplaneArrangement.chambers`.

    Raises
    ------
    SizeLimitError
        Too many chambers predicted.
    ClusterError
        The cluster cannot be reached or started.
    """
    limits.guard("chambers", A.predicted_chambers(), limit)
    if client is None:
        with dask_client(workers=workers, scheduler=scheduler) as own:
            return parallel_chambers(A, client=own, tasks_per_worker=tasks_per_worker, limit=limit)
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    k, batches = A.prefix_batches(n_workers * max(1, tasks_per_worker))
    normals = client.scatter(A.normals, broadcast=True)
    futures = [client.submit(_task, normals, A.dimension, k, batch, pure=False) for batch in batches]
    out: list[Chamber] = []
    for part in client.gather(futures):  # batches are consecutive prefixes in sign order
        out.extend(chambers_from_masks(part, A.n_hyperplanes()))
    return out
