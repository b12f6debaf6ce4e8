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


def missing_step_certificate(pts, patterns=None):
    """A Gordan certificate that some step vector's region is empty (1-D data with a repeated point).

    Karhadkar et al. 2023, Lemma 9 needs distinct points: with x^(i) = x^(i+1) a step
    vector separating them has an empty region.  Returns ``{"kind": "gordan", "normals",
    "signs", "y", "pattern_sorted"}`` (normals x̄ = (x, 1) in sorted order, signs ±1 of
    the pattern) re-checked here, or ``None`` when every step vector is realised.
    ``patterns`` (sorted column order) restricts the search, e.g. to the missing ones.
    """
    from exactrelu.exact.lp import cone_feasibility
    from exactrelu.exact.parse import homogenise
    from exactrelu.landscape.step_vectors import step_vectors

    order = sorted(range(len(pts)), key=lambda i: (pts[i][0], i))
    H = [tuple(r) for r in homogenise([pts[i] for i in order])]
    for v in step_vectors(len(pts)) if patterns is None else patterns:
        signs = tuple(2 * a - 1 for a in v)
        r = cone_feasibility(H, signs)
        if not r.feasible:
            check(r.verify(H, signs), "Gordan certificate of an empty step-vector region")
            return to_jsonable(
                {"kind": "gordan", "normals": H, "signs": signs, "y": r.certificate, "pattern_sorted": v}
            )
    return None


def dependency_certificate(rows, coefficients):
    """``{"kind": "dependency", ...}``: Σ c_j rows_j = 0 (e.g. a left-kernel vector of a Jacobian)."""
    from exactrelu.exact.certificates import verify_dependency

    check(verify_dependency(rows, coefficients), "linear dependency of the Jacobian rows")
    return to_jsonable(
        {"kind": "dependency", "vectors": [list(r) for r in rows], "coefficients": coefficients}
    )


# ---------------------------------------------------------------- instance families (hypothesis)
# Families are built lazily (hypothesis is imported only when a family is asked for).


def _signed_weight(st):
    return st.builds(lambda a, s: a * s, st.integers(1, 3), st.sampled_from((1, -1)))


def region_instances(*, n=(1, 3), slack=(0, 2), complete=True):
    """Instances {"X", "A", "v", "y"} of Karhadkar et al. 2023, Lemma 15 / Theorem 12.

    Distinct 1-D data in random order, a complete (A, v) (columns in data order:
    the 2n key units ξ^(k,1) with both signs of v plus ``slack`` random step-vector
    units) and integer labels.  ``complete=False`` drops the hypothesis: every unit
    with one key pattern ξ^(k,1) and one sign of v is removed, so (A, v) is not complete.
    """
    from hypothesis import strategies as st

    from exactrelu.landscape.step_vectors import in_data_order, step_vector
    from exactrelu.strategies import label_vectors, one_d_datasets, step_vector_matrices

    @st.composite
    def draw_instance(draw):
        rows, v = draw(step_vector_matrices(n=n, units=slack, complete=True))
        size = len(rows[0])
        if not complete:
            key, positive = step_vector(size, draw(st.integers(1, size)), 1), draw(st.booleans())
            keep = [i for i, (r, vi) in enumerate(zip(rows, v)) if not (r == key and (vi > 0) == positive)]
            rows, v = [rows[i] for i in keep], [v[i] for i in keep]
        X = draw(one_d_datasets(n=size, max_value=5, sort=False))
        y = draw(label_vectors(size, max_value=5))
        return {"X": X, "A": [list(r) for r in in_data_order(X, rows)], "v": v, "y": y}

    return draw_instance()


def diverse_instances(*, n=(1, 4), slack=(0, 2), diverse=True):
    """Instances {"X", "A", "v"} for Karhadkar et al. 2023, Theorem 10 (diverse ⇒ rank n).

    Distinct 1-D data in random order; A (columns in data order) has step-vector rows
    and is diverse: the row ξ^(1,1) = 1, for each k = 2..n a row ξ^(k,0) or ξ^(k,1),
    plus ``slack`` random step vectors; v has nonzero integer entries.
    ``diverse=False`` drops diversity: n ≥ 2, and for one k no row has label k (for
    k = 1: no all-ones row); rows are nonzero step vectors.
    """
    from hypothesis import strategies as st

    from exactrelu.landscape.step_vectors import in_data_order, step_label, step_vector, step_vectors
    from exactrelu.strategies import one_d_datasets

    @st.composite
    def draw_instance(draw):
        lo, hi = n
        size = draw(st.integers(max(lo, 1 if diverse else 2), hi))
        steps = step_vectors(size)
        if diverse:
            rows = [step_vector(size, 1, 1)]
            rows += [step_vector(size, k, draw(st.integers(0, 1))) for k in range(2, size + 1)]
            rows += draw(st.lists(st.sampled_from(steps), min_size=slack[0], max_size=slack[1]))
            rows = draw(st.permutations(rows))
        else:
            k0 = draw(st.integers(1, size))
            allowed = [s for s in steps if any(s) and step_label(s)[0] != k0]
            rows = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=size + 1))
        v = draw(st.lists(_signed_weight(st), min_size=len(rows), max_size=len(rows)))
        X = draw(one_d_datasets(n=size, max_value=5, sort=False))
        return {"X": X, "A": [list(r) for r in in_data_order(X, rows)], "v": v}

    return draw_instance()
