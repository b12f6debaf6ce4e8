"""Issue 16, item 5: the cost of χ is guarded up front, general position gives the closed form, and the
cdd cross-check runs in a child process with a time limit."""

from __future__ import annotations

import json
import random
import subprocess
import time

import pytest

import exactrelu.geometry.position as position
import exactrelu.geometry.zonotope as zonotope
from exactrelu.cli import main
from exactrelu.exact.errors import DegenerateInputError, InvalidDataError, SizeLimitError, SolverError
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.counting import cover_count
from exactrelu.geometry.lattice import uniform_characteristic_polynomial
from exactrelu.geometry.position import linear_general_position
from exactrelu.geometry.zonotope import CddTimeoutError, Zonotope, cdd_timeout


def generic_points(n: int, seed: int = 1) -> list[list[int]]:
    r = random.Random(seed)
    return [[r.randint(-(10**6), 10**6), r.randint(-(10**6), 10**6)] for _ in range(n)]


def grid(n: int) -> list[list[int]]:
    return [[i % 60, i // 60] for i in range(n)]


# ------------------------------------------------------------------ χ: closed form and guard
def test_3000_generic_points_answer_fast_by_the_closed_form():
    A = HyperplaneArrangement.from_data(generic_points(3000))
    t = time.process_time()
    n = A.n_regions(limit=10)  # the lattice would need 4.5 million flats: only the closed form fits
    assert time.process_time() - t < 5
    assert A.chi_method() == "closed form"
    assert n == cover_count(3000, 3) == 2 * (1 + 2999 + 2999 * 2998 // 2)
    assert A.characteristic_polynomial() == uniform_characteristic_polynomial(3000, 3, 3)
    assert A.genericity().certificate["subsets_certified"] == 3000 * 2999 * 2998 // 6


def test_3000_degenerate_points_are_refused_up_front():
    A = HyperplaneArrangement.from_data(grid(3000))
    t = time.process_time()
    with pytest.raises(SizeLimitError) as info:
        A.n_regions(limit=10)
    assert time.process_time() - t < 1
    msg = str(info.value)
    assert "4,501,501 flats" in msg and "limit is 10" in msg and "limit=4501501" in msg
    assert "--limit" in msg and "EXACTRELU_LIMIT" in msg
    assert A.chi_method() == "" and A._flats is None  # nothing was built
    # negative control: the same data, degenerate, never take the closed form
    assert not A.genericity()
    with pytest.raises(DegenerateInputError, match="general position"):
        A.characteristic_polynomial(method="closed_form")


def test_late_dependency_is_found_and_refused():
    X = generic_points(600, seed=5)
    X.append([2 * X[-1][0] - X[-2][0], 2 * X[-1][1] - X[-2][1]])  # collinear with the last two
    A = HyperplaneArrangement.from_data(X)
    g = A.genericity()
    assert not g and g.subset == (598, 599, 600)
    with pytest.raises(SizeLimitError, match="flats"):
        A.n_regions(limit=1000)


def random_normals(r: random.Random) -> list[tuple[int, ...]]:
    D = r.choice([2, 3, 3, 4])
    n = r.randint(1, 8)
    R = r.choice([1, 2, 50])
    V = [tuple(r.randint(-R, R) for _ in range(D)) for _ in range(n)]
    V = [v for v in V if any(v)] or [(1,) + (0,) * (D - 1)]
    if r.random() < 0.3:  # repeated or parallel hyperplanes
        V.append(tuple(-2 * x for x in V[0]))
    if r.random() < 0.3 and D > 2:  # rank-deficient: drop the last coordinate
        V = [v[:-1] + (0,) for v in V if any(v[:-1])] or [(1,) + (0,) * (D - 1)]
    return V


def test_small_arrangements_agree_with_enumeration():
    r = random.Random(7)
    methods = {"closed form": 0, "intersection lattice": 0}
    for _ in range(150):
        V = random_normals(r)
        A = HyperplaneArrangement(V)
        n = A.n_regions()
        methods[A.chi_method()] += 1
        B = HyperplaneArrangement(V)
        assert B.characteristic_polynomial(method="lattice") == A.characteristic_polynomial(), V
        assert B.chi_method() == "intersection lattice"
        assert n == len(A.chambers()), V
        assert A.certify_chambers()
        if A.genericity():
            assert A.chi_method() == "closed form"
            assert A.characteristic_polynomial(method="closed_form") == B.characteristic_polynomial()
        else:  # negative control: a degenerate arrangement never uses the closed form
            assert A.chi_method() == "intersection lattice"
            with pytest.raises(DegenerateInputError):
                HyperplaneArrangement(V).characteristic_polynomial(method="closed_form")
    assert min(methods.values()) > 20, methods


def test_auto_uses_the_lattice_when_the_certificate_is_too_costly(monkeypatch):
    monkeypatch.setenv("EXACTRELU_PENCIL_LIMIT", "0")
    monkeypatch.setenv("EXACTRELU_MODULAR_LIMIT", "0")
    monkeypatch.setenv("EXACTRELU_POSITION_LIMIT", "0")
    A = HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1], [1, 1], [3, 5]])
    assert A.n_regions() == 22 and A.chi_method() == "intersection lattice"
    with pytest.raises(SizeLimitError, match=r"(pencil|modular) scan|general-position minors"):
        HyperplaneArrangement.from_data([[0, 0], [1, 0], [0, 1], [1, 1], [3, 5]]).n_regions(
            method="closed_form"
        )
    with pytest.raises(InvalidDataError, match="method"):
        A.n_regions(method="fast")
    with pytest.raises(SizeLimitError, match="closed form was not tried") as info:
        HyperplaneArrangement.from_data(generic_points(40)).n_regions(limit=100)
    assert "EXACTRELU_PENCIL_LIMIT=0" in str(info.value) or "EXACTRELU_MODULAR_LIMIT=0" in str(info.value)


@pytest.mark.parametrize("prime", [2, 3, 7])
def test_pencil_scan_rechecks_every_modular_coincidence(monkeypatch, prime):
    r = random.Random(prime)
    cases = []
    for _ in range(60):
        k = r.choice([3, 3, 4, 5])
        V = [tuple(r.randint(-30, 30) for _ in range(k)) for _ in range(r.randint(k + 1, k + 5))]
        if r.random() < 0.5:
            idx = r.sample(range(len(V)), k - 1)
            V.append(tuple(sum(V[i][a] * (1 + t) for t, i in enumerate(idx)) for a in range(k)))
        if all(any(v) for v in V):
            cases.append(V)
    expected = [linear_general_position(V) for V in cases]
    monkeypatch.setattr(position, "_PENCIL_PRIME", prime)
    monkeypatch.setattr(position, "_inverse_table", None)
    for V, e in zip(cases, expected):
        got = linear_general_position(V, method="pencils")
        assert bool(got) == bool(e), V
        if got:
            assert got.certificate["subsets_certified"] == e.certificate["subsets_certified"]
        else:
            assert got.certificate["dependency_verified"]
    assert any(expected) and not all(expected)


def test_cli_arrangement_guards_before_chi(tmp_path, capsys):
    path = tmp_path / "deg.csv"
    path.write_text("\n".join(f"{x},{y}" for x, y in grid(3000)))
    t = time.process_time()
    assert main(["arrangement", str(path), "--limit", "10", "--no-progress"]) == 2
    assert time.process_time() - t < 2
    assert "limit is 10" in capsys.readouterr().err
    assert main(["arrangement", "--example", "square", "--json", "--no-progress"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["characteristic_polynomial_method"] == "closed form" and d["n_regions"] == 14


# ------------------------------------------------------------------ cdd in a child process
Z5 = [[0, 0], [1, 0], [0, 1], [1, 1], [3, 5]]


def spy_popen(monkeypatch) -> list[subprocess.Popen]:
    made: list[subprocess.Popen] = []
    real = subprocess.Popen

    def popen(*a, **k):
        p = real(*a, **k)
        made.append(p)
        return p

    monkeypatch.setattr(zonotope.subprocess, "Popen", popen)
    return made


def test_cdd_check_runs_in_a_child(monkeypatch):
    made = spy_popen(monkeypatch)
    rep = Zonotope.from_data(Z5).double_description_check()
    assert rep.ok and rep.n_facets_cdd == 20 and len(made) == 1 and made[0].returncode == 0


def test_cdd_timeout_kills_the_child(monkeypatch):
    made = spy_popen(monkeypatch)
    monkeypatch.setattr(zonotope, "_CDD_CHILD", "import time\ntime.sleep(60)")
    t = time.perf_counter()
    with pytest.raises(CddTimeoutError, match=r"cdd did not finish within 0.5 s") as info:
        Zonotope.from_data(Z5).double_description_check(timeout=0.5)
    assert time.perf_counter() - t < 10
    assert isinstance(info.value, SolverError) and info.value.timeout == 0.5
    assert made[0].poll() is not None  # killed and reaped


def test_cdd_interrupt_kills_the_child(monkeypatch):
    real = subprocess.Popen.communicate
    calls = []

    def interrupted(self, *a, **k):  # Ctrl-C while waiting for cdd; the clean-up call goes through
        calls.append(a)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real(self, *a, **k)

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    made = spy_popen(monkeypatch)
    monkeypatch.setattr(zonotope, "_CDD_CHILD", "import time\ntime.sleep(60)")
    with pytest.raises(KeyboardInterrupt):
        Zonotope.from_data(Z5).double_description_check()
    made[0].wait(timeout=10)
    assert made[0].returncode is not None


def test_cdd_child_failure_and_bad_timeouts(monkeypatch):
    with pytest.raises(InvalidDataError, match="positive"):
        cdd_timeout(0)
    with pytest.raises(InvalidDataError, match="seconds"):
        cdd_timeout("10")  # type: ignore[arg-type]
    monkeypatch.setenv("EXACTRELU_CDD_TIMEOUT", "soon")
    with pytest.raises(InvalidDataError, match="EXACTRELU_CDD_TIMEOUT"):
        cdd_timeout()
    monkeypatch.setenv("EXACTRELU_CDD_TIMEOUT", "7.5")
    assert cdd_timeout() == 7.5 and cdd_timeout(2) == 2.0
    monkeypatch.setattr(zonotope, "_CDD_CHILD", "raise SystemExit('cdd exploded')")
    with pytest.raises(SolverError, match="cdd exploded"):
        Zonotope.from_data(Z5).double_description_check()


def test_cli_zonotope_verify_timeout_is_undecided(monkeypatch, capsys):
    monkeypatch.setattr(zonotope, "_CDD_CHILD", "import time\ntime.sleep(60)")
    monkeypatch.setenv("EXACTRELU_CDD_TIMEOUT", "0.3")
    assert main(["zonotope", "--example", "square", "--verify", "--json", "--no-progress"]) == 2
    d = json.loads(capsys.readouterr().out)
    assert d["double_description_check"] is None
    assert "did not finish within 0.3 s" in d["double_description_message"]
    assert d["n_vertices"] == 14  # the exact answer is still there


def test_whole_lattice_is_guarded_too():
    A = HyperplaneArrangement.from_data(grid(200))  # rank 3: 1 + 200 + 19,900 + 1 flats predicted
    for call in (A.whitney_numbers, A.flats, A.intersection_poset):
        with pytest.raises(SizeLimitError, match="20,102 flats"):
            call(limit=100)  # type: ignore[operator]
    assert A._flats is None
    B = HyperplaneArrangement([[1, 0], [0, 1], [1, 1]])
    assert B.whitney_numbers(limit=5) == (1, -3, 2) and len(B.flats(limit=5)) == 5
