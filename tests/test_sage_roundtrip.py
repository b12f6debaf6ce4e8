"""A round trip exactrelu → SageMath → exactrelu (issue 17, item 3), when Sage is present.

In this Python if ``import sage.all`` works, else in ``$EXACTRELU_SAGE_PYTHON`` or
``/opt/sagebench/bin/python`` (a passagemath venv with exactrelu installed); skipped when
neither has Sage.  The script below is the documented round trip of
:mod:`exactrelu.geometry.interop`.
"""

import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ROUND_TRIP = r"""
import sys
from fractions import Fraction

from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.interop import ArrangementInterop, MissingDependencyError, require_sage
from exactrelu.geometry.zonotope import Zonotope

try:
    require_sage()
except MissingDependencyError:
    sys.exit(77)

X = [[0, 0], [1, 0], [0, 1], ["1/2", 3], [3, 5], [3, 5]]  # a repeated point: parallel generators

# Zonotope -> Sage Polyhedron -> vertices back: the same exact set, the same f-vector
Z = Zonotope.from_data(X)
P = Z.to_sage()
assert tuple(P.f_vector()) == Z.f_vector(), (P.f_vector(), Z.f_vector())
theirs = {tuple(Fraction(str(x)) for x in v) for v in P.vertices_list()}
assert theirs == {tuple(map(Fraction, v)) for v in Z.vertices().values()}
# the 1-skeleton as a Sage Graph is Sage's own vertex graph
assert Z.to_sage(kind="graph").is_isomorphic(P.graph())

# HyperplaneArrangement -> Sage arrangement -> back: the same number of regions
A = HyperplaneArrangement.from_data(X)
SA = ArrangementInterop.to_sage(A)
assert SA.n_regions() == A.n_regions()
back = HyperplaneArrangement([list(h.A()) for h in SA])
assert back.n_regions() == A.n_regions() and back.n_hyperplanes() == SA.n_hyperplanes()
assert ArrangementInterop.to_sage(A, kind="graph").num_verts() == A.n_regions()
print("round trip ok")
"""


def _sage_in_process() -> bool:
    try:
        import sage.all  # noqa: F401
    except ImportError:
        return False
    return True


def test_round_trip_with_sage():
    if _sage_in_process():
        python = sys.executable
    else:
        python = os.environ.get("EXACTRELU_SAGE_PYTHON", "/opt/sagebench/bin/python")
        if not shutil.which(python):
            pytest.skip("no interpreter with SageMath")
    proc = subprocess.run(
        [python, "-c", ROUND_TRIP],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": REPO},
        timeout=300,
    )
    if proc.returncode == 77 or "No module named 'exactrelu'" in proc.stderr:
        pytest.skip(f"{python} has no SageMath (or no exactrelu)")
    assert proc.returncode == 0 and "round trip ok" in proc.stdout, proc.stderr[-2000:]
