"""One forged certificate per condition of the landscape-floor verifiers (docs/verifiers.md).

Positive control first, then a forgery that violates exactly one condition.
"""

from dataclasses import replace
from fractions import Fraction

import pytest

from exactrelu.landscape.function_space import (
    Membership,
    function_space_contains,
    image_cone_contains,
    verify_membership,
    verify_motzkin,
)
from exactrelu.landscape.interpolation import (
    RegionInterpolation,
    global_minima_in_region,
    interpolate_in_region,
    interpolation_failures,
    verify_interpolation,
)
from exactrelu.landscape.jacobian import jacobian_rank, verify_jacobian_rank

# ----------------------------------------------------------------------------- Jacobian rank
X = [[0], [1], [2]]
A = [(1, 1, 1), (1, 1, 1)]  # rank 2 of 3: kernel (−1, 2, −1)


@pytest.fixture(scope="module")
def jr():
    r = jacobian_rank(X, A, with_float=False)
    assert r.rank == 2 and verify_jacobian_rank(X, A, None, r)
    return r


def test_jacobian_n(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, n=4))


def test_jacobian_n_params(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, n_params=5))


def test_jacobian_minor_rows_count(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, minor_rows=(0, 1, 2)))


def test_jacobian_minor_cols_count(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, minor_cols=(0, 1, 2)))


def test_jacobian_kernel_count(jr):
    # claim rank 1 with a valid 1 x 1 minor and the one true kernel vector: only n − r fails
    forged = replace(jr, rank=1, minor_rows=(1,), minor_cols=(0,), minor_det=Fraction(1))
    assert not verify_jacobian_rank(X, A, None, forged)


def test_jacobian_minor_nonzero(jr):
    # columns 0 and 2 are equal: a singular minor claimed with determinant 0
    assert not verify_jacobian_rank(X, A, None, replace(jr, minor_cols=(0, 2), minor_det=Fraction(0)))


def test_jacobian_minor_value(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, minor_det=-jr.minor_det))


def test_jacobian_minor_value_with_denominators():
    Xq = [[Fraction(1, 2)], [1], [2]]
    r = jacobian_rank(Xq, A, with_float=False)
    assert verify_jacobian_rank(Xq, A, None, r)
    assert not verify_jacobian_rank(Xq, A, None, replace(r, minor_det=r.minor_det * 2))


def test_jacobian_kernel_vector_length(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, left_kernel=(jr.left_kernel[0] + (0,),)))


def test_jacobian_kernel_vectors_in_kernel(jr):
    assert not verify_jacobian_rank(X, A, None, replace(jr, left_kernel=((1, 0, 0),)))
    assert not verify_jacobian_rank(X, A, None, replace(jr, left_kernel=((0, 0, 1),)))


def test_jacobian_kernel_independent():
    X4, A4 = [[0], [1], [2], [3]], [(1, 1, 1, 1)]
    r = jacobian_rank(X4, A4, with_float=False)
    assert r.rank == 2 and verify_jacobian_rank(X4, A4, None, r)
    k = r.left_kernel[0]
    assert not verify_jacobian_rank(X4, A4, None, replace(r, left_kernel=(k, tuple(2 * a for a in k))))


def test_jacobian_output_weights_are_used():
    # v = (1, 0) kills the second unit's columns: rank 2 needs the v of the claim
    r = jacobian_rank(X, [(1, 1, 1), (0, 0, 1)], [1, 0], with_float=False)
    assert verify_jacobian_rank(X, [(1, 1, 1), (0, 0, 1)], [1, 0], r)
    assert not verify_jacobian_rank(X, [(1, 1, 1), (0, 0, 1)], None, r)


# ----------------------------------------------------------------------------- interpolation
def test_interpolation_positive_control():
    assert verify_interpolation(X, [(1, 1, 1)], [1], [1, 2, 3], [(1, 1)])
    assert verify_interpolation(X, [(0, 1, 1)], [1], [0, 1, 3], [(2, -1)])


def test_interpolation_one_pattern_per_unit():
    assert not verify_interpolation(X, [(1, 1, 1), (1, 1, 1)], [1], [1, 2, 3], [(1, 1)])


def test_interpolation_open_region():
    # w·0 + b = 0 at the inactive point: F = y and the sign agrees with A = 0, but it is not strict
    assert interpolation_failures(X, [(0, 1, 1)], [1], [0, 1, 2], [(1, 0)]) == [
        "unit 0, point 0: pre-activation 0 but A = 0"
    ]


def test_interpolation_pattern_agrees():
    # W fits y = (1, 2, 3) with all units active; claim the pattern (0, 1, 1)
    assert not verify_interpolation(X, [(0, 1, 1)], [1], [1, 2, 3], [(1, 1)])


@pytest.mark.parametrize("j", [0, 2])
def test_interpolation_values(j):
    y = [1, 2, 3]
    y[j] += 1
    assert not verify_interpolation(X, [(1, 1, 1)], [1], y, [(1, 1)])


@pytest.fixture(scope="module")
def feasible():
    r = interpolate_in_region(X, [(1, 1, 1)], [1], [1, 2, 3])
    assert r.feasible and r.verify()
    return r


@pytest.fixture(scope="module")
def infeasible():
    r = interpolate_in_region(X, [(1, 1, 1)], [1], [0, 1, 0])
    assert not r.feasible and r.verify()
    return r


def test_region_interpolation_point_needed(feasible):
    assert not replace(feasible, W=None).verify()


def test_region_interpolation_point_checked(feasible):
    assert not replace(feasible, W=((Fraction(1), Fraction(2)),)).verify()


def test_region_interpolation_farkas_needed(infeasible):
    assert not replace(infeasible, farkas=None).verify()


def test_region_interpolation_farkas_checked(infeasible, feasible):
    assert not replace(infeasible, farkas=tuple(2 * a if a < 0 else a for a in infeasible.farkas)).verify()
    # the Farkas vector of one label vector is no proof for another
    assert not replace(feasible, feasible=False, W=None, farkas=infeasible.farkas).verify()


def test_region_interpolation_type():
    assert isinstance(interpolate_in_region(X, [(1, 1, 1)], [1], [1, 2, 3]), RegionInterpolation)


GA = [(1, 1), (1, 1), (0, 1), (0, 1)]


@pytest.fixture(scope="module")
def gm():
    G = global_minima_in_region([[0], [1]], GA, [1, -1, 1, -1], [3, -2])
    assert G.nonempty and G.verify()
    return G


def test_global_minima_nonempty_is_the_point(gm):
    # hole fixed for issue 16: "nonempty" was not compared with the point's answer
    empty = global_minima_in_region([[0], [1]], [(1, 1)], [1], [1, -1])
    assert not empty.nonempty and empty.verify()
    assert not replace(empty, nonempty=True).verify()
    assert not replace(gm, nonempty=False).verify()


def test_global_minima_point(gm):
    assert not replace(gm, point=replace(gm.point, W=None)).verify()


def test_global_minima_rank_certificate(gm):
    assert not replace(gm, rank=replace(gm.rank, minor_det=gm.rank.minor_det + 1)).verify()


def test_global_minima_kernel_count(gm):
    assert not replace(gm, kernel=gm.kernel[:-1]).verify()


def test_global_minima_kernel_in_kernel(gm):
    k = list(gm.kernel[-1])
    k[-1] += 1
    assert not replace(gm, kernel=gm.kernel[:-1] + (tuple(k),)).verify()


def test_global_minima_kernel_independent(gm):
    assert not replace(gm, kernel=gm.kernel[:-1] + (gm.kernel[0],)).verify()


# ----------------------------------------------------------------------------- Motzkin / membership
def test_motzkin_positive_control():
    assert verify_motzkin([(1,), (-1,)], (">", ">="), (1, 1))
    assert verify_motzkin([(1,), (1,)], (">", "="), (1, -1))  # free on '=' rows


def test_motzkin_exact():
    assert not verify_motzkin([(1,), (-1,)], (">", ">="), (1.0, 1))
    assert not verify_motzkin([(1,), (-1,)], (">", ">="), None)


def test_motzkin_lengths():
    assert not verify_motzkin([(1,), (-1,)], (">", ">="), (1, 1, 0))
    assert not verify_motzkin([(1,), (-1,)], (">", ">=", ">"), (1, 1))


def test_motzkin_nonnegative():
    assert not verify_motzkin([(1,), (1,)], (">", ">="), (1, -1))
    assert not verify_motzkin([(1,), (1,)], (">=", ">"), (-1, 1))


def test_motzkin_strict_row():
    assert not verify_motzkin([(1,), (-1,)], (">=", ">="), (1, 1))
    assert not verify_motzkin([(1,), (-1,)], (">", "="), (0, 0))


@pytest.mark.parametrize("rows", [[(1, 0), (-1, 1)], [(0, 1), (1, -1)]])
def test_motzkin_sum_every_coordinate(rows):
    assert not verify_motzkin(rows, (">", ">="), (1, 1))


OPEN = image_cone_contains([0, 1, 3], (1, 1, 0), [3, 1, 0])
CLOSED = image_cone_contains([0, 1, 3], (1, 1, 0), [3, 2, 0], closed=True)
NOT_OPEN = image_cone_contains([0, 1, 3], (1, 1, 0), [3, 2, 0])
FS = function_space_contains([[-2], [0], [1], [3]], [5, 3, 2, 0])
NOT_FS = function_space_contains([0, 1, 2], [1, 0, 1])
NEG = function_space_contains([0, 1], [-1, 0])


def test_membership_positive_control():
    assert OPEN.contained and verify_membership([0, 1, 3], OPEN)
    assert CLOSED.contained and verify_membership([0, 1, 3], CLOSED)
    assert not NOT_OPEN.contained and verify_membership([0, 1, 3], NOT_OPEN)
    assert FS.contained and verify_membership([[-2], [0], [1], [3]], FS)
    assert not NOT_FS.contained and verify_membership([0, 1, 2], NOT_FS)
    assert NEG.negative_index == 0 and verify_membership([0, 1], NEG)


def test_membership_type():
    assert not verify_membership([0, 1, 3], OPEN.to_dict())


def test_membership_length_of_f():
    assert not verify_membership([0, 1, 3], replace(OPEN, f=OPEN.f + (Fraction(0),)))


def test_membership_pattern_needed():
    assert not verify_membership([0, 1, 3], replace(OPEN, pattern=None))


def test_membership_pattern_length():
    assert not verify_membership([0, 1, 3], replace(OPEN, pattern=OPEN.pattern + (0,)))


def test_membership_pattern_entries():
    # θ = (−2, 3) gives values (3, 1, −3); with a_0 = 2: a_0·3 = 6 = f_0 and (2a_0 − 1)·3 > 0
    forged = replace(OPEN, pattern=(2, 1, 0), f=(Fraction(6), Fraction(1), Fraction(0)))
    assert not verify_membership([0, 1, 3], forged)


def test_membership_witness_exact():
    assert not verify_membership([0, 1, 3], replace(OPEN, witness=tuple(float(t) for t in OPEN.witness)))
    assert not verify_membership([0, 1, 3], replace(OPEN, witness=None))


def test_membership_witness_length():
    assert not verify_membership([0, 1, 3], replace(OPEN, witness=OPEN.witness + (Fraction(5),)))


def test_membership_function_space_values():
    f = list(FS.f)
    f[-1] = Fraction(1)
    assert not verify_membership([[-2], [0], [1], [3]], replace(FS, f=tuple(f)))
    f = list(FS.f)
    f[0] = Fraction(6)
    assert not verify_membership([[-2], [0], [1], [3]], replace(FS, f=tuple(f)))


def test_membership_open_is_strict():
    # the closed witness (value 0 at the inactive point) is no witness for the open region
    assert not verify_membership([0, 1, 3], replace(CLOSED, kind="open"))


def test_membership_closed_signs():
    # pattern all active, θ = (−2, 3) has value −3 < 0 at x = 3: f matches a·value but the sign fails
    forged = Membership(True, "closed", (Fraction(3), Fraction(1), Fraction(-3)), (1, 1, 1), OPEN.witness)
    assert not verify_membership([0, 1, 3], forged)


def test_membership_values():
    assert not verify_membership([0, 1, 3], replace(OPEN, f=(Fraction(3), Fraction(2), Fraction(0))))


def test_membership_negative_index_in_range():
    # index −1 would read f[−1] < 0 through Python's negative indexing
    assert not verify_membership([0, 1], replace(NEG, f=(Fraction(0), Fraction(-1)), negative_index=-1))


def test_membership_negative_index_negative():
    assert not verify_membership([0, 1], replace(NEG, negative_index=1))


def test_membership_dependency_needed():
    assert not verify_membership([0, 1, 2], replace(NOT_FS, dependency=None))


def test_membership_dependency_checked():
    assert not verify_membership([0, 1, 2], replace(NOT_FS, dependency=(1, -2, 2)))
    assert not verify_membership([0, 1, 2], replace(NOT_FS, dependency=(-1, 2, -1)))  # <c, f> < 0


def test_membership_dependency_sign_on_zeros():
    # c = (5, −8, 1, 2): Σ c_j x̄_j = 0 and <c, f> = 1 > 0, but c_2 = 1 > 0 where f_2 = 0
    r = function_space_contains([0, 1, 2, 3], [1, 1, 0, 2])
    assert not r.contained and verify_membership([0, 1, 2, 3], r)
    assert not verify_membership([0, 1, 2, 3], replace(r, dependency=(5, -8, 1, 2)))


def test_membership_motzkin_needed():
    assert not verify_membership([0, 1, 3], replace(NOT_OPEN, farkas=None))
    assert not verify_membership([0, 1, 2], replace(NOT_FS, farkas=None))


def test_membership_motzkin_checked():
    assert not verify_membership(
        [0, 1, 3], replace(NOT_OPEN, farkas=tuple(2 * a for a in NOT_OPEN.farkas[:-1]) + (1,))
    )


def test_membership_negative_f_refused_on_dependency_route():
    # f = (1, −1, 1) with a valid Motzkin vector and dependency (1, −2, 1), <c, f> = 4 > 0:
    # only "f ≥ 0 on the dependency route" fails (negative entries go by negative_index)
    f = (Fraction(1), Fraction(-1), Fraction(1))
    forged = replace(NOT_FS, f=f)
    assert forged.dependency == (1, -2, 1) and forged.farkas == (1, 2, 1, 2)
    assert not verify_membership([0, 1, 2], forged)


def test_membership_known_kind():
    # an unknown kind was read as 'closed' (non-strict signs)
    assert not verify_membership([0, 1, 3], replace(CLOSED, kind="half-open"))


def test_jacobian_kernel_repeated_unit_vector():
    # a repeated kernel vector with leading entry 1: elimination must clear entries equal to 1 too
    X4, A4 = [[0], [1], [2], [3]], [(1, 1, 1, 1)]
    r = jacobian_rank(X4, A4, with_float=False)
    k = tuple(-a for a in r.left_kernel[0])
    assert k[0] == 1
    assert not verify_jacobian_rank(X4, A4, None, replace(r, left_kernel=(k, k)))


# ---------------------------------------------------------------- StepRegions.verify, one condition each


def _step_regions():
    import dataclasses

    from exactrelu.landscape.step_vectors import step_regions

    S = step_regions([[0], [1], [3], [1]])  # a repeated point: m = 3 distinct values, 2m = 6 regions
    assert S.verify()  # positive control
    return S, dataclasses.replace


def test_step_regions_condition_distinct_count():
    S, replace = _step_regions()
    assert not replace(S, distinct=S.distinct + 1).verify()


def test_step_regions_condition_all_2m_regions():
    S, replace = _step_regions()
    assert not replace(S, regions=S.regions[:-1]).verify()  # one region missing, witnesses still valid


def test_step_regions_condition_patterns_distinct():
    S, replace = _step_regions()
    assert not replace(S, regions=(*S.regions[:-1], S.regions[0])).verify()  # a repeat in place of a region


def test_step_regions_condition_pattern_length():
    S, replace = _step_regions()
    r = S.regions[0]
    short = replace(r, pattern=r.pattern[:-1])
    assert not replace(S, regions=(short, *S.regions[1:])).verify()


def test_step_regions_condition_witness_sign_and_not_on_a_hyperplane():
    S, replace = _step_regions()
    r = S.regions[0]
    flipped = replace(r, pattern=tuple(1 - a for a in r.pattern))  # every sign wrong
    assert not replace(S, regions=(flipped, *S.regions[1:])).verify()
    # a witness on the hyperplane of a point (w x_j + b = 0) with the pattern saying "inactive" there
    x0 = S.x[0]
    on = replace(r, witness=(1, -x0), pattern=tuple(int(xj > x0) for xj in S.x))
    others = [q for q in S.regions if q.pattern != on.pattern]
    assert not replace(S, regions=(on, *others[: len(S.regions) - 1])).verify()
