"""The example conjectures of examples/conjectures/ reach their documented outcomes under hunt.

Each conjecture is loaded as the CLI loads it (``FILE.py:FUNCTION``) and hunted on a
small number of examples, with a negative control for each: a family on which the
expected outcome flips.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO

from exactrelu.exact.certificates import verify_certificate
from exactrelu.hunt import Family, hunt, load_conjecture

HERE = os.path.join(REPO, "examples", "conjectures")


def conjecture(spec):
    return load_conjecture(os.path.join(HERE, spec))


def test_gls_from_every_start_is_refuted_by_a_tiny_counterexample():
    r = hunt(
        conjecture("gls_reaches_erm.py:gls_reaches_erm"),
        Family("generic", dim=2, points=(1, 5), labels=True),
        examples=100,
        seed=0,
    )
    assert r.refuted and r.certificate_verified, r
    assert len(r.counterexample["X"]) <= 5
    details = r.verdict["details"]
    assert details["hypotheses_hold"] and details["local_minimum"]
    assert details["gls_loss"] > details["erm_loss"]


def test_gls_negative_control_few_points_in_general_position_survive():
    # N <= d + 1 points in general position: the region problem separates, GLS reaches ERM
    r = hunt(
        conjecture("gls_reaches_erm.py:gls_reaches_erm"),
        Family("generic", dim=2, points=(1, 3), labels=True),
        examples=40,
        seed=0,
    )
    assert r.survived and r.not_applicable == 0, r


def test_every_2face_a_parallelogram_is_refuted_by_a_certified_hexagon():
    r = hunt(
        conjecture("zonotope_faces.py:every_2face_is_a_parallelogram"),
        Family("integer", dim=2, points=(3, 6)),
        examples=200,
        seed=0,
    )
    assert r.refuted and r.certificate_verified is True, r
    details = r.verdict["details"]
    assert details["n_edges"] == 6  # a hexagon
    cert = details["certificate"]
    assert cert["kind"] == "affine_dependency" and verify_certificate(cert)
    assert len(cert["points"]) == 3 and all(c != 0 for c in cert["coefficients"])
    assert len(r.counterexample["X"]) == 3


def test_parallelogram_negative_control_general_position_survives():
    r = hunt(
        conjecture("zonotope_faces.py:every_2face_is_a_parallelogram"),
        Family("generic", dim=(2, 3), points=(3, 6)),
        examples=60,
        seed=0,
    )
    assert r.survived, r


def test_prop6_survives_on_generic_data():
    r = hunt(
        conjecture("prop6_general_position.py:prop6_region_count"),
        Family("generic", dim=(1, 3), points=(1, 7)),
        examples=100,
        seed=0,
    )
    assert r.survived and r.tried >= 100, r


def test_prop6_negative_control_degenerate_data_refute_it():
    r = hunt(
        conjecture("prop6_general_position.py:prop6_region_count"),
        Family("degenerate", dim=(1, 3), points=(2, 7)),
        examples=100,
        seed=0,
    )
    assert r.refuted and r.certificate_verified, r
    assert r.verdict["details"]["hypotheses_hold"] is False


def test_the_recorder_of_the_sage_campaign_stores_every_disagreement(tmp_path):
    sys.path.insert(0, HERE)
    try:
        from run_sage_differential import Recorder, connect
    finally:
        sys.path.remove(HERE)
    store = str(tmp_path / "d.sqlite")
    connect(store).close()
    rec = Recorder(lambda X: len(X) < 3, store, "run")
    r = hunt(rec, Family("integer", dim=1, points=(1, 5)), examples=30, seed=0)
    assert r.survived and r.tried == 30  # recording: the search goes on, nothing is shrunk
    rows = connect(store).execute("SELECT kind, instance FROM disagreements").fetchall()
    assert rows and all(kind == "disagreement" for kind, _ in rows)


# ---------------------------------------------------------------------------- Sage


def _sage_python():
    """An interpreter with Sage and exactrelu: this one, or EXACTRELU_SAGE_PYTHON / /opt/sagebench."""
    try:
        import sage.all__sagemath_polyhedra  # noqa: F401

        return sys.executable
    except ImportError:
        pass
    python = os.environ.get("EXACTRELU_SAGE_PYTHON", "/opt/sagebench/bin/python")
    if not shutil.which(python):
        return None
    probe = subprocess.run(
        [python, "-c", "import sage.all__sagemath_polyhedra, exactrelu, hypothesis"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": REPO},
        timeout=120,
    )
    return python if probe.returncode == 0 else None


def test_sage_differential_without_sage_is_an_error_not_a_verdict():
    try:
        import sage.all__sagemath_polyhedra  # noqa: F401

        pytest.skip("Sage is importable here")
    except ImportError:
        pass
    r = hunt(
        conjecture("sage_differential.py:agrees_with_sage"), Family("integer", dim=1, points=2), examples=5
    )
    assert r.status == "error" and r.error["type"] == "ConjectureError"
    assert "SageMath" in r.error["message"]


def test_sage_differential_agrees_on_random_and_degenerate_instances():
    python = _sage_python()
    if python is None:
        pytest.skip("no interpreter with SageMath (passagemath-polyhedra) and exactrelu")
    script = textwrap.dedent(
        f"""
        from exactrelu.hunt import Family, hunt, load_conjecture
        c = load_conjecture({os.path.join(HERE, "sage_differential.py")!r} + ":agrees_with_sage")
        for kind in ("integer", "degenerate"):
            r = hunt(c, Family(kind, dim=(1, 3), points=(2, 5)), examples=8, seed=0)
            assert r.survived and r.tried == 8, r
        from proofs_checks.framework import Counterexample
        import sys
        sys.path.insert(0, {HERE!r})
        import sage_differential as sd
        sd._COMPARE["f_vector"] = lambda rows: ([1], [2])  # a planted disagreement is reported
        assert isinstance(sd.sage_f_vector_agrees([[0], [1]]), Counterexample)
        print("ok")
        """
    )
    out = subprocess.run(
        [python, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": REPO},
        timeout=300,
    )
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-2000:]
