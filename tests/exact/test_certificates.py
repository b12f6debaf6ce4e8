"""The independent verifiers accept true certificates and reject tampered ones."""

from fractions import Fraction

import numpy as np
import pytest

from exactrelu.exact.certificates import (
    check,
    verify_affine_dependency,
    verify_dependency,
    verify_gordan,
    verify_witness,
)
from exactrelu.exact.errors import CertificateError

N = [(1, 0, 1), (0, 1, 1), (1, 1, 1)]


def test_witness():
    assert verify_witness(N, (1, 1, 1), (1, 1, 1))
    assert not verify_witness(N, (1, 1, -1), (1, 1, 1))  # wrong sign
    assert not verify_witness(N, (1, 1), (1, 1, 1))  # wrong length
    assert verify_witness(N, (0, 0, 0), (0, 0, 0))  # the origin is the minimal face
    assert verify_witness(N, (1, 1, 1), (Fraction(1, 2), 1, 1))
    assert verify_witness(N, (1, 1, 1), tuple(np.array([1, 1, 1])))  # numpy integers are exact


def test_floats_are_refused_not_rounded():
    with pytest.raises(TypeError, match="integers or Fractions"):
        verify_witness(N, (1, 1, 1), (1.0, 1.0, 1.0))


def test_gordan():
    M = [(0, 1), (1, 1), (2, 1)]  # 1-D points 0, 1, 2 with bias
    signs = (1, -1, 1)  # pattern 101 is infeasible: relu cannot be on, off, on along a line
    assert verify_gordan(M, signs, (1, 2, 1))
    assert not verify_gordan(M, signs, (1, 2, 2))  # tampered
    assert not verify_gordan(M, signs, (0, 0, 0))  # zero vector proves nothing
    assert not verify_gordan(M, signs, (-1, -2, -1))  # negative multipliers
    assert not verify_gordan(M, (1, 0, 1), (1, 2, 1))  # weight on a zero sign


def test_dependencies_and_check():
    assert verify_dependency([(1, 2), (2, 4)], (2, -1))
    assert not verify_dependency([(1, 2), (2, 4)], (0, 0))
    assert verify_affine_dependency([(0, 0), (1, 1), (2, 2)], (1, -2, 1))
    assert not verify_affine_dependency([(0, 0), (1, 1), (2, 2)], (2, -1, 0))  # linear but not affine
    assert check(True, "x")
    with pytest.raises(CertificateError, match="x"):
        check(False, "x")
