"""Small independent verifiers for the certificates exactrelu produces.

Each function re-checks one certificate with nothing but exact integer/rational
arithmetic and returns ``True``/``False`` (``check_*`` variants raise
:class:`~exactrelu.exact.errors.CertificateError` instead).  They import nothing from
the enumeration code on purpose: a bug there cannot hide here.

* A **witness** w for a sign vector s over normals a_i certifies that the cell
  {w : sign<a_i, w> = s_i for all i} is non-empty: sign(<a_i, w>) = s_i exactly.
* A **Gordan vector** y >= 0, y != 0 with Σ_i y_i s_i a_i = 0 certifies that the
  open cone {w : s_i <a_i, w> > 0 for all i with s_i != 0} is empty (Gordan's
  theorem of the alternative).
* A **linear dependency** c != 0 with Σ c_i a_i = 0 certifies that the a_i are
  linearly dependent.
"""

import numbers
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from exactrelu.exact.errors import CertificateError
from exactrelu.exact.linalg import dot

__all__ = [
    "CERTIFICATE_KINDS",
    "check",
    "exact_entries",
    "sign",
    "verify_affine_dependency",
    "verify_certificate",
    "verify_dependency",
    "verify_gordan",
    "verify_witness",
]


def sign(x: Any) -> int:
    """Sign of an exact number as -1, 0 or +1."""
    return (x > 0) - (x < 0)


def exact_entries(v: Sequence[Any]) -> list[int | Fraction]:
    """Refuse binary floats: a certificate must be checked in exact arithmetic."""
    out: list[int | Fraction] = []
    for x in v:
        if isinstance(x, bool):
            raise TypeError("certificate entries must be integers or Fractions, got bool")
        if isinstance(x, numbers.Integral):
            out.append(int(x))  # also numpy integers, which could overflow
        elif isinstance(x, Fraction):
            out.append(x)
        else:
            raise TypeError(f"certificate entries must be integers or Fractions, got {type(x).__name__}")
    return out


def verify_witness(normals: Sequence[Sequence[Any]], signs: Sequence[int], witness: Sequence[Any]) -> bool:
    """True iff sign(<normals[i], witness>) == signs[i] for every i (exactly).

    >>> verify_witness([(1, 0), (0, 1)], (1, -1), (2, -3))
    True
    """
    if len(normals) != len(signs) or any(len(a) != len(witness) for a in normals):
        return False
    return all(sign(dot(exact_entries(a), exact_entries(witness))) == s for a, s in zip(normals, signs))


def verify_gordan(normals: Sequence[Sequence[Any]], signs: Sequence[int], y: Sequence[Any]) -> bool:
    """True iff y proves that no w has s_i <a_i, w> > 0 for all i with s_i != 0.

    Conditions: y_i >= 0, y_i = 0 where s_i = 0, y != 0, and Σ y_i s_i a_i = 0.

    >>> verify_gordan([(1, 0), (1, 0)], (1, -1), (1, 1))
    True
    """
    if len(y) != len(normals) or len(signs) != len(normals) or any(s not in (-1, 0, 1) for s in signs):
        return False
    y = exact_entries(y)  # refuses floats before any arithmetic
    if any(v < 0 for v in y) or all(v == 0 for v in y):
        return False
    if any(v != 0 and s == 0 for v, s in zip(y, signs)):
        return False
    dim = len(normals[0])
    return all(
        sum(Fraction(v) * s * Fraction(a[k]) for v, s, a in zip(y, signs, normals)) == 0 for k in range(dim)
    )


def verify_dependency(vectors: Sequence[Sequence[Any]], coefficients: Sequence[Any]) -> bool:
    """True iff the coefficients are not all zero and Σ c_i v_i = 0."""
    if len(vectors) != len(coefficients):
        return False
    coefficients = exact_entries(coefficients)  # refuses floats before any arithmetic
    if all(c == 0 for c in coefficients):
        return False
    dim = len(vectors[0])
    return all(
        sum(Fraction(c) * Fraction(v[k]) for c, v in zip(coefficients, vectors)) == 0 for k in range(dim)
    )


def verify_affine_dependency(points: Sequence[Sequence[Any]], coefficients: Sequence[Any]) -> bool:
    """True iff c != 0, Σ c_i = 0 and Σ c_i x_i = 0 (a nontrivial affine dependency)."""
    return sum(exact_entries(coefficients)) == 0 and verify_dependency(points, coefficients)


#: The certificate dicts :func:`verify_certificate` reads: ``kind`` -> (verifier, argument keys).
CERTIFICATE_KINDS: dict[str, tuple[Callable[..., bool], tuple[str, ...]]] = {
    "witness": (verify_witness, ("normals", "signs", "witness")),
    "gordan": (verify_gordan, ("normals", "signs", "y")),
    "dependency": (verify_dependency, ("vectors", "coefficients")),
    "affine_dependency": (verify_affine_dependency, ("points", "coefficients")),
}


def verify_certificate(certificate: Any) -> bool:
    """Re-check a certificate given as a dict ``{"kind": ..., **arguments}`` (see :data:`CERTIFICATE_KINDS`).

    Numbers may be ints, Fractions or ``"p/q"`` strings (as in exactrelu's JSON).  A dict
    of an unknown kind, with missing arguments or with inexact entries is not a valid
    certificate: the answer is ``False``, never an exception.

    >>> verify_certificate({"kind": "affine_dependency", "points": [[0, 0], [1, 1], [2, 2]],
    ...                     "coefficients": [1, -2, 1]})
    True
    >>> verify_certificate({"kind": "affine_dependency", "points": [[0, 0], [1, 1], [2, 3]],
    ...                     "coefficients": [1, -2, 1]})
    False
    """
    if not isinstance(certificate, dict) or certificate.get("kind") not in CERTIFICATE_KINDS:
        return False
    func, keys = CERTIFICATE_KINDS[certificate["kind"]]
    if any(k not in certificate for k in keys):
        return False
    try:
        args = [_exact_tree(certificate[k]) for k in keys]
        return bool(func(*args))
    except (TypeError, ValueError, ZeroDivisionError, IndexError):
        return False


def _exact_tree(value: Any) -> Any:
    """Lists of ``"p/q"`` strings (exactrelu's JSON) back to Fractions; other entries unchanged."""
    if isinstance(value, str):
        return Fraction(value)  # only "p/q" or integer text; a float text such as "0.5" is exact too
    if isinstance(value, (list, tuple)):
        return [_exact_tree(v) for v in value]
    return value


def check(ok: bool, what: str) -> bool:
    """Raise :class:`CertificateError` unless ``ok``; return ``True``."""
    if not ok:
        raise CertificateError(f"certificate check failed: {what}")
    return True
