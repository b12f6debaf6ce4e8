"""Helpers shared by the checks (not part of the public API)."""

from exactrelu.exact.certificates import check, verify_witness
from exactrelu.exact.jsonio import to_jsonable
from exactrelu.exact.parse import exact_matrix


def exact_data(X):
    """The data as a tuple of Fraction rows (validated)."""
    return exact_matrix(X, name="instance")


def instance_dict(X, **options):
    """The instance as JSON-ready data: {"X": rows, **options}."""
    return to_jsonable({"X": [list(r) for r in X], **options})


def verified_chambers(A, limit=None):
    """Chambers of ``A`` with every witness re-checked and signs pairwise distinct.

    Returns (chambers, certificate dict).  Raises CertificateError on failure.
    Together with the count |χ(-1)| this certifies the chamber list complete.
    """
    chambers = A.chambers(limit=limit)
    for c in chambers:
        check(verify_witness(A.normals, c.signs, c.witness), f"witness of chamber {c.signs}")
    check(len({c.signs for c in chambers}) == len(chambers), "chamber sign vectors pairwise distinct")
    nreg = A.n_regions()
    return chambers, {
        "chambers_enumerated": len(chambers),
        "witnesses_verified": len(chambers),
        "zaslavsky_count": nreg,
        "complete": nreg == len(chambers),
    }


def region_instance(pts, A, v, y):
    """(A, v, y) with defaults for the 1-D region checks (Lemma 15, Theorem 12).

    Defaults: the smallest complete region (2n units, v = ±1; for data that are
    not 1-D one all-active unit) and labels y_j = (-1)^j (j + 1).
    """
    from exactrelu.landscape.step_vectors import complete_matrix

    if A is None:
        A, v = complete_matrix(pts) if len(pts[0]) == 1 else ([(1,) * len(pts)], [1])
    if v is None:
        v = [1 if i % 2 == 0 else -1 for i in range(len(A))]
    if y is None:
        y = [(-1) ** j * (j + 1) for j in range(len(pts))]
    return A, v, y
