"""Floats versus exact arithmetic on a nearly degenerate dataset.

Usage::

    python examples/float_vs_exact.py [--no-progress]

``exactrelu.geometry.float_baseline.near_degenerate_dataset()`` has five points in R^2, four
of them within 1e-12 of a line.  They are exactly in general position, so the
arrangement has 22 chambers.  Six of those chambers are thinner than any
floating-point tolerance, and a float LP enumeration misses them.
``compare_with_exact`` lists the missing chambers, each with an exact integer
witness, and any spurious float chambers, each with an exact Gordan
certificate.
"""

import argparse

from exactrelu.exact.certificates import verify_gordan, verify_witness
from exactrelu.exact.parse import pattern_string
from exactrelu.exact.progress import progress_bar


def main(progress=True):
    try:
        from exactrelu.geometry.float_baseline import compare_with_exact, near_degenerate_dataset
    except ImportError as exc:  # pragma: no cover - baseline is part of the package
        raise SystemExit(f"exactrelu.geometry.float_baseline is not available: {exc}") from None
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    X = near_degenerate_dataset()
    print("data:", [[str(v) for v in row] for row in X])
    with progress_bar(progress, 1, "float and exact enumeration", unit="comparison") as bar:
        report = compare_with_exact(X)
        bar.update()
    print(report.summary())
    normals = HyperplaneArrangement.from_data(X).normals
    for signs in report.missing:
        w = report.missing_witnesses[signs]
        ok = verify_witness(normals, signs, w)
        pattern = pattern_string([s > 0 for s in signs])
        print(f"  missed by floats: pattern {pattern}, exact witness w = {w} (verified: {ok})")
    for signs in report.spurious:
        y = report.spurious_certificates[signs]
        pattern = pattern_string([s > 0 for s in signs])
        print(
            f"  spurious float chamber {pattern}: Gordan certificate y = {y} "
            f"(verified: {verify_gordan(normals, signs, y)})"
        )
    print("float and exact agree:", report.agree)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="progress on standard error (default: on; a line every few seconds when it is not a terminal)",
    )
    main(ap.parse_args().progress)
