"""Parallel enumeration by sign prefixes on a real 2-worker LocalCluster: the serial answer."""

import itertools

from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.hunt.cluster import dask_client
from exactrelu.hunt.parallel import parallel_chambers


def test_two_workers_give_the_serial_chambers():
    cases = [
        HyperplaneArrangement.from_data([[i, (i * i) % 7] for i in range(9)]),  # generic-ish, d=2
        HyperplaneArrangement.from_data(list(itertools.product(range(2), repeat=3))),  # the 3-cube
    ]
    with dask_client(workers=2) as client:
        for A in cases:
            par = parallel_chambers(A, client=client, tasks_per_worker=3)
            assert [c.signs for c in par] == [c.signs for c in A.chambers()]
            assert A.certify_chambers(par)
