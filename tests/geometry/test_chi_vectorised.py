"""The vectorised characteristic polynomial (exactrelu.geometry.chi) and the modular general-position scan.

Checked against Sage's truth table, against the Python-object lattice of
exactrelu.geometry.lattice (with an order-ideal Möbius function kept here as an
independent reference), on random and degenerate instances (cubes, grids,
duplicates, collinear points), and against the exact subset scan for general position.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest

from exactrelu.exact import linalg
from exactrelu.exact.errors import DegenerateInputError, SizeLimitError
from exactrelu.geometry import chi, lattice, position
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.engine import parallel_classes

TRUTH = Path(__file__).resolve().parents[1] / "data" / "sage_truth.json"


def _reps(X, bias=True):
    A = HyperplaneArrangement.from_data(X, bias=bias) if bias else HyperplaneArrangement(X)
    reps = parallel_classes(A.normals)[0]
    return A, reps, linalg.rank(reps)


def _order_ideal_chi(reps, dim, r):
    """Reference: χ from all flats with μ by order ideals (the former algorithm)."""
    flats = lattice.build_flats(reps, dim)
    mu = [0] * len(flats)
    down: list[set[int]] = [set() for _ in flats]
    for X in flats:
        if X.rank == 0:
            mu[X.id], down[X.id] = 1, {X.id}
            continue
        ideal: set[int] = set()
        for Y, _, _ in X.below:
            ideal |= down[Y.id]
        mu[X.id] = -sum(mu[i] for i in ideal)
        down[X.id] = ideal | {X.id}
    coeffs = [0] * (dim + 1)
    for X, m in zip(flats, mu):
        coeffs[dim - X.rank] += m
    return tuple(coeffs)


def _invariants(c, r):
    assert c[-1] == 1
    if r >= 1:
        assert sum(c) == 0  # χ(1) = 0
    D = len(c) - 1
    for k in range(r + 1):  # w_k = coefficient of t^(D-k) has sign (-1)^k and is nonzero
        assert c[D - k] * (-1) ** k > 0


def _degenerate_instances():
    rng = random.Random(18)
    out = {
        "square": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "cube3": [list(p) for p in itertools.product([0, 1], repeat=3)],
        "cube4": [list(p) for p in itertools.product([0, 1], repeat=4)],
        "grid3x3": [list(p) for p in itertools.product(range(3), repeat=2)],
        "grid2x2x3": [[a, b, c] for a in range(2) for b in range(2) for c in range(3)],
        "collinear": [[i, 2 * i] for i in range(5)] + [[1, 0], [0, 3]],
        "duplicates": [[1, 2], [1, 2], [3, 1], [3, 1], [0, 0], [2, 2]],
        "coplanar": [[i, j, 0] for i in range(3) for j in range(2)] + [[1, 1, 1]],
    }
    for t in range(6):
        d = 2 + t % 3
        out[f"small{t}"] = [[rng.randint(-2, 2) for _ in range(d)] for _ in range(5 + t)]
    return out


@pytest.mark.parametrize("name", sorted(_degenerate_instances()))
def test_lattice_matches_reference(name):
    X = _degenerate_instances()[name]
    for bias in (True, False):
        if not bias and any(not any(x) for x in X):
            continue
        A, reps, r = _reps(X, bias)
        ref = _order_ideal_chi(reps, A.dimension, r)
        fast = chi.lattice_characteristic_polynomial(reps, A.dimension, r)
        slow = chi.lattice_characteristic_polynomial(reps, A.dimension, r, dtype=object)
        weisner = lattice.characteristic_polynomial(lattice.build_flats(reps, A.dimension), A.dimension)
        assert fast == slow == weisner == ref, (name, bias)
        _invariants(fast, r)
        got, _, _ = chi.characteristic_polynomial(A.normals, A.dimension)
        assert got == ref
        assert chi.n_regions(A.normals, A.dimension) == len(A.chambers())


def test_truth_table():
    data = json.loads(TRUTH.read_text())
    seen = 0
    for inst in data["instances"]:
        A, reps, _ = _reps(inst["points"])
        want = tuple(inst["characteristic_polynomial"])
        got, how, gp = chi.characteristic_polynomial(A.normals, A.dimension)
        assert got == want, inst["name"]
        assert (how == "closed form") == bool(gp)
        if len(reps) <= 16:
            assert chi.characteristic_polynomial(A.normals, A.dimension, method="lattice")[0] == want
        seen += 1
    assert seen >= 20


def test_large_coordinates_use_python_integers():
    X = [[10**12 + i * i, 7 * i - 10**11] for i in range(6)] + [[10**12, -(10**11)]]  # a repeated point
    A, reps, r = _reps(X)
    assert chi.bareiss_dtype(reps, r) is object
    with pytest.raises(ValueError, match="overflow"):
        chi.lattice_characteristic_polynomial(reps, A.dimension, r, dtype=np.int64)
    slow = chi.lattice_characteristic_polynomial(reps, A.dimension, r)
    assert slow == _order_ideal_chi(reps, A.dimension, r)
    assert chi.characteristic_polynomial(A.normals, A.dimension, method="lattice")[0] == slow


def test_storage_dtype_and_guard():
    cube = [(a, b, c, 1) for a in (0, 1) for b in (0, 1) for c in (0, 1)]
    assert chi.storage_dtype(cube, 4) is np.int8
    assert chi.storage_dtype([(300, 1), (1, 300)], 2) is np.int32
    with pytest.raises(SizeLimitError, match="flats"):
        chi.lattice_characteristic_polynomial(cube, 4, 4, limit=10)
    with pytest.raises(SizeLimitError):
        chi.characteristic_polynomial(cube, 4, limit=10)


def test_closed_form_methods():
    A, _, _ = _reps([[0, 0], [1, 0], [0, 1], [2, 3], [5, 7]])
    got, how, gp = chi.characteristic_polynomial(A.normals, A.dimension)
    assert how == "closed form" and gp
    assert got == chi.characteristic_polynomial(A.normals, A.dimension, method="lattice")[0]
    B, _, _ = _reps([[0, 0], [1, 1], [2, 2], [0, 1]])
    with pytest.raises(DegenerateInputError, match="general position"):
        chi.characteristic_polynomial(B.normals, B.dimension, method="closed_form")


def _subsets_verdict(V):
    return bool(position.linear_general_position(V, within_span=True, method="subsets"))


@pytest.mark.parametrize("seed", range(8))
def test_modular_scan_agrees_with_exact_scan(seed):
    rng = random.Random(seed)
    k = 3 + seed % 3
    n = k + 2 + seed % 4
    bound = 2 if seed % 2 else 1000
    V = [tuple(rng.randint(-bound, bound) for _ in range(k)) for _ in range(n)]
    if any(not any(v) for v in V):
        V = [v if any(v) else (1,) * k for v in V]
    mod = position.linear_general_position(V, within_span=True, method="modular")
    assert bool(mod) == _subsets_verdict(V)
    if not mod:  # the counterexample is exact
        sub = [V[i] for i in mod.subset]
        assert linalg.rank(sub) < len(sub)


def test_modular_scan_bad_prime_falls_back(monkeypatch):
    # (1, 0, 0) and (1, 3, 0) are equal modulo 3: every prime of the list divides a minor
    V = [(1, 0, 0), (1, 3, 0), (0, 0, 1), (1, 1, 1), (2, 1, 5), (7, -2, 3)]
    assert _subsets_verdict(V)
    monkeypatch.setattr(position, "MODULAR_PRIMES", (3,))
    called = []
    real = position._scan_pencils

    def spy(*a):
        called.append(a)
        return real(*a)

    monkeypatch.setattr(position, "_scan_pencils", spy)
    assert position.linear_general_position(V, within_span=True, method="modular")
    assert called  # the exact fallback ran
    # a final-level doubt (a 3-subset dependent modulo 3 only) is settled exactly, no fallback
    W = [(1, 0, 0), (0, 1, 0), (1, 1, 3), (2, 5, 1)]
    called.clear()
    assert position.linear_general_position(W, within_span=True, method="modular")
    assert _subsets_verdict(W)
    assert not called


def test_certification_method_and_guard(monkeypatch):
    assert chi.certification_method(320, 3) == "pencils"
    assert chi.certification_method(40, 6) == "modular"
    rng = random.Random(5)
    V = [tuple(rng.randint(-9, 9) for _ in range(4)) for _ in range(12)]
    with pytest.raises(SizeLimitError, match="modular"):
        position.linear_general_position(V, method="modular", limit=5)
    monkeypatch.setenv("EXACTRELU_MODULAR_LIMIT", "0")
    assert chi.certification_method(8, 7) == "subsets"
    A, _, _ = _reps([[rng.randint(-99, 99) for _ in range(3)] for _ in range(12)])
    _, how, gp = chi.characteristic_polynomial(A.normals, A.dimension)
    assert how == "intersection lattice" and gp is None
