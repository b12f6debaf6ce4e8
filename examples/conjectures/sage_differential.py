"""Differential conjectures: exactrelu agrees with SageMath on arrangements and zonotopes.

Statements (for the homogenised data x̄_i = (x_i, 1), the central arrangement
{x̄_i · w = 0} and the zonotope Σ_i [0, x̄_i]; Matena & Raffel 2022, section 3;
Karhadkar et al. 2023, Proposition 7):

* :func:`sage_chambers_agree` — the chambers of exactrelu (sign vectors of
  ``HyperplaneArrangement.chambers()``) are exactly the sign vectors of the
  representative points of Sage's ``HyperplaneArrangement.regions()``;
* :func:`sage_characteristic_polynomial_agrees` — χ(t) of exactrelu equals Sage's
  ``characteristic_polynomial()``;
* :func:`sage_f_vector_agrees` — ``Zonotope.f_vector()`` equals the f-vector of
  Sage's ``polytopes.zonotope`` (both with the empty face first);
* :func:`agrees_with_sage` — all three at once.

Family: any (``integer``, ``rational``, ``generic``, ``degenerate``), d = 1..3,
N ≤ 8.  Expected outcome: SURVIVES.  A disagreement is a bug on one side.

SageMath is imported lazily, when a conjecture is first called: run them with an
interpreter that has it (``passagemath-polyhedra``, e.g. ``/opt/sagebench/bin/python``
with exactrelu installed there).  Without Sage every conjecture raises a
:class:`~exactrelu.exact.errors.ConjectureError` saying so (reported by ``hunt`` as
an error, never as a refutation or a pass).  ``run_sage_differential.py`` runs the
whole differential campaign and stores every disagreement with its instance.

    /opt/sagebench/bin/python -m exactrelu hunt examples/conjectures/sage_differential.py:agrees_with_sage \\
        --family degenerate --dim 1:3 --points 2:8 --examples 100 --seed 0 --json
"""

from fractions import Fraction
from functools import cache

from exactrelu.exact.errors import ConjectureError
from exactrelu.exact.parse import exact_points
from exactrelu.geometry.arrangement import HyperplaneArrangement
from exactrelu.geometry.zonotope import Zonotope
from proofs_checks.framework import Counterexample, Verified

STATEMENT = {
    "chambers": "exactrelu's chamber sign vectors equal those of Sage's HyperplaneArrangement.regions().",
    "characteristic_polynomial": "exactrelu's χ(t) equals Sage's characteristic_polynomial().",
    "f_vector": "exactrelu's Zonotope.f_vector() equals Sage's polytopes.zonotope(...).f_vector().",
}


@cache
def _sage():
    """Sage's QQ, HyperplaneArrangements, polytopes and vector (imported on first use)."""
    try:
        try:  # the modular passagemath distributions
            from sage.all__sagemath_polyhedra import QQ, HyperplaneArrangements, polytopes, vector
        except ImportError:  # a full Sage install
            from sage.all import QQ, HyperplaneArrangements, polytopes, vector
    except ImportError as exc:
        raise ConjectureError(
            f"SageMath is not importable here ({exc}); the Sage differential conjectures need it: "
            "run them with a Sage-enabled interpreter, e.g. /opt/sagebench/bin/python "
            "(python3 -m venv /opt/sagebench && /opt/sagebench/bin/pip install passagemath-polyhedra "
            "passagemath-graphs && /opt/sagebench/bin/pip install -e .)"
        ) from None
    except ValueError as exc:  # cysignals installs signal handlers: only from a main thread
        raise ConjectureError(
            f"SageMath cannot be imported in this thread ({exc}): a Dask worker runs tasks in threads, "
            "so import Sage when the worker starts: dask.config.set({'distributed.worker.preload': "
            "['sage.all__sagemath_polyhedra']}) before the cluster starts (run_sage_differential.py does), "
            "or hunt with workers=1"
        ) from None
    return QQ, HyperplaneArrangements, polytopes, vector


def sage_available():
    """Whether SageMath can be imported by this interpreter."""
    try:
        _sage()
    except ConjectureError:
        return False
    return True


def _sign(value):
    return "+" if value > 0 else "-" if value < 0 else "0"


def _qq(QQ, v):
    return QQ(v.numerator) / QQ(v.denominator)


def _sage_arrangement(rows):
    QQ, HyperplaneArrangements, _, _ = _sage()
    H = HyperplaneArrangements(QQ, tuple(f"x{i}" for i in range(len(rows[0]))))
    return H([[0, *[_qq(QQ, v) for v in r]] for r in rows])


def _chambers(rows):
    ours = sorted("".join(_sign(s) for s in c.signs) for c in HyperplaneArrangement(rows).chambers())
    theirs = []
    for region in _sage_arrangement(rows).regions():
        p = [Fraction(str(v)) for v in region.representative_point()]  # Sage rationals -> Fractions
        theirs.append("".join(_sign(sum(a * b for a, b in zip(r, p))) for r in rows))
    return ours, sorted(theirs)


def _characteristic_polynomial(rows):
    ours = [int(c) for c in HyperplaneArrangement(rows).characteristic_polynomial()]
    theirs = [int(c) for c in _sage_arrangement(rows).characteristic_polynomial().list()]
    return ours, theirs


def _f_vector(rows):
    QQ, _, polytopes, vector = _sage()
    ours = [int(c) for c in Zonotope(rows).f_vector()]
    theirs = [
        int(c) for c in polytopes.zonotope([vector(QQ, [_qq(QQ, v) for v in r]) for r in rows]).f_vector()
    ]
    return ours, theirs


_COMPARE = {
    "chambers": _chambers,
    "characteristic_polynomial": _characteristic_polynomial,
    "f_vector": _f_vector,
}


def _differential(X, what):
    _sage()  # fail early and clearly without Sage
    rows = [tuple(r) for r in exact_points(X)]
    results = {k: _COMPARE[k](rows) for k in what}
    differ = [k for k, (ours, theirs) in results.items() if ours != theirs]
    statement = " ".join(STATEMENT[k] for k in what)
    if not differ:
        summary = {k: (len(ours) if k == "chambers" else ours) for k, (ours, _) in results.items()}
        return Verified(statement, {"agree": list(what), **summary})
    return Counterexample(
        statement,
        {"X": X},
        "exactrelu and Sage disagree on " + ", ".join(differ),
        {
            "hypotheses_hold": True,
            "differ": differ,
            **{k: {"exactrelu": results[k][0], "sage": results[k][1]} for k in differ},
        },
    )


def sage_chambers_agree(X):
    """exactrelu's chambers (as sign vectors) = Sage's regions (signs of representative points)."""
    return _differential(X, ("chambers",))


def sage_characteristic_polynomial_agrees(X):
    """exactrelu's characteristic polynomial = Sage's (coefficients from t^0 up)."""
    return _differential(X, ("characteristic_polynomial",))


def sage_f_vector_agrees(X):
    """exactrelu's zonotope f-vector = Sage's (empty face first)."""
    return _differential(X, ("f_vector",))


def agrees_with_sage(X):
    """Chambers, χ and the zonotope f-vector all agree with Sage."""
    return _differential(X, ("chambers", "characteristic_polynomial", "f_vector"))
