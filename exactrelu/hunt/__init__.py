"""Hunting counterexamples: conjectures × instance families → a shrunk, certified counterexample.

* :class:`Family` — the instances to try (integer, rational, generic, degenerate, 1-D
  and set cover families, on top of :mod:`exactrelu.strategies`);
* :func:`hunt` — search a family with hypothesis, shrink a failure, re-check it; runs
  here or on a Dask cluster (:func:`dask_client`), the same seed giving the same answer;
* :func:`replay` — a stored counterexample (JSON) against the conjecture again;
* :mod:`exactrelu.hunt.campaign` — grids of checks or conjectures × parameters × seeds,
  row by row in an embedded store, resumable and re-verifiable.

>>> from exactrelu.hunt import Family, hunt
>>> hunt(lambda X: len(X) < 3, Family("integer", dim=1, points=(1, 5)), examples=20, seed=1).refuted
True
"""

from exactrelu.hunt.cluster import dask_client
from exactrelu.hunt.conjectures import FileConjecture, Judgement, judge, load_conjecture
from exactrelu.hunt.core import HuntResult, hunt, instance_from_json, replay
from exactrelu.hunt.families import FAMILY_KINDS, Family, parse_range

__all__ = [
    "FAMILY_KINDS",
    "Family",
    "FileConjecture",
    "HuntResult",
    "Judgement",
    "dask_client",
    "hunt",
    "instance_from_json",
    "judge",
    "load_conjecture",
    "parse_range",
    "replay",
]
