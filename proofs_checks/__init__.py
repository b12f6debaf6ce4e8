"""Executable checks of the statements exactrelu implements.

One module per statement; each registers a check returning
:class:`Verified` (with a certificate), :class:`Counterexample` (with the instance
and why — ``details["hypotheses_hold"]`` is False when a hypothesis was dropped)
or :class:`NotApplicable`:

=======================  ============================================================
``prop6``                Karhadkar et al. 2023, Proposition 6 (number of regions, closed form)
``prop7``                Karhadkar et al. 2023, Proposition 7 (regions ↔ zonotope vertices)
``lemma9``               Karhadkar et al. 2023, Lemma 9 (1-D data: step vectors, (2n)^m)
``duality``              Matena & Raffel 2022, section 3 (zonotope–arrangement duality)
``zaslavsky``            Zaslavsky 1975, Theorem A (regions = |χ(-1)|, faces from the flats)
``thm41``                Matena & Raffel 2022, Theorem 4.1 premise (general position ⇒ stable type within δ)
``thm41_loss``           Matena & Raffel 2022, Theorem 4.1 (optimal loss continuous at general position)
``scaling``              labelled type invariant under positive scaling of the generators
``lemma4``               Karhadkar et al. 2023, Lemma 4 (Jacobian rank independent of nonzero v)
``thm10``                Karhadkar et al. 2023, Theorem 10's step (diverse ⇒ full-rank Jacobian)
``lemma15``              Karhadkar et al. 2023, Lemma 15 (complete ⇒ every y fitted exactly in S_A)
``thm12``                Karhadkar et al. 2023, Theorem 12 (zero-loss set affine of codimension n)
``prop13``               Karhadkar et al. 2023, Proposition 13 (1-D function space = cone over a polyline)
``lemma2``               Karhadkar et al. 2023, Lemma 2 (differentiable critical point, full rank ⇒ loss 0)
``thm5``                 Karhadkar et al. 2023, Theorem 5 (bad fraction of regions ≤ the proof's ε, exact)
``cor8``                 Karhadkar et al. 2023, Corollary 8 (d₀ ≥ n, general position)
``thm10_fraction``       Karhadkar et al. 2023, Theorem 10 (full-rank fraction ≥ 1 − ε)
``thm12_fraction``       Karhadkar et al. 2023, Theorem 12 (fraction of regions with zero-loss sets)
``lemma11``              Karhadkar et al. 2023, Lemma 11 (coupon collector, exact probability)
``prop13_sums``          Karhadkar et al. 2023, Proposition 13, bullet 2 (sums of m ReLUs)
``prop13_combinations``  Karhadkar et al. 2023, Proposition 13, bullet 3 (linear combinations)
``thm43``                Matena & Raffel 2022, Theorem 4.3 (exact fit with 2⌈N/(d+1)⌉ units; a lower bound)
``alg1``                 Matena & Raffel 2022, Algorithm 1 (exact ERM = global min ≤ GD, random vertex, GLS)
``r1``                   set cover → ReLU reduction R1 right on an instance (our reconstruction of Appendix E)
``r1gp``                 R1-GP: correct, data in general position, robust to E.2 (Theorem 4.2 instance-wise)
``e2``                   the E.2 perturbation breaks R1 (Matena & Raffel 2022, section 4.1.1)
``mr_thm42_every``       Theorem 4.2: R1-GP right under every perturbation of size ≤ ρ (certified)
``mr_thm41_m``           Theorem 4.1 for m = 2 units with free output weights
``mr_random_features``   section 4.2: exact p_m → 1 for random-vertex features
=======================  ============================================================

The convex reformulation of Wang, Lacotte & Pilanci 2022 (modules
``convex_reformulation`` and ``convex_landscape``):

=====================  ==========================================================
``cvx_pc_equals_p``    P_c = P* (convex program (4) = non-convex optimum)
``cvx_lemma1``         Lemma 1 (m* ≤ n + 1; an optimum prunes to ≤ n neurons)
``cvx_prop1``          Proposition 1 (nearly minimal → minimal, constant objective)
``cvx_lemma2``         Lemma 2 (ψ(W*) is an optimal network)
``cvx_thm1``           Theorem 1 (gradient-descent optima are splittings of ψ(W*))
``cvx_prop5``          Proposition 5 (KKT of W(θ) ⇒ θ(W(θ)) globally optimal)
``cvx_thm3``           Theorem 3 (a stationary network solves its program (13))
``cvx_prop7``          Propositions 6–7 (no spurious valleys for m ≥ n + 1 + m*)
``wlp_thm2``           Theorem 2 (Clarke stationary ⇒ nearly minimal; stationarity decided exactly)
``wlp_prop3``          Proposition 3 (strictly decreasing path to a nearly minimal network)
``wlp_cor1``           Corollary 1 (the valley contains a minimal network; an optimal one if non-spurious)
``wlp_eq16``           eq. (16) (m ≥ 2(n+1): convex combinations of fits realised exactly)
=====================  ==========================================================

>>> from proofs_checks import run_check
>>> run_check("lemma9").status, run_check("lemma9", negative=True).status
('verified', 'counterexample')
"""

from .framework import (
    CheckConjecture,
    CheckInfo,
    Counterexample,
    FamilyRun,
    NotApplicable,
    UnknownCheckError,
    Verified,
    check_infos,
    get_check,
    list_checks,
    on_user_data,
    register,
    run_all,
    run_check,
    run_family,
)

# isort: off
# The checks register themselves on import, in this order (the order of run_all and `exactrelu check`).
from . import prop6_region_count, prop7_vertices, lemma9_step_vectors, zonotope_duality, zaslavsky
from . import thm41_type_stability, thm41_continuity, type_scaling
from . import lemma4_jacobian_v, thm10_diverse_rank, lemma15_interpolation
from . import thm12_global_minima
from . import prop13_function_space
from . import lemma2_critical_points, thm5_cor8_generic_rank, karhadkar_fractions, lemma11_coupon, prop13_sums
from . import thm43, alg1_exact_erm
from . import set_cover_reductions
from . import convex_reformulation, convex_landscape
from . import wlp_more, mr_more
# isort: on

from .framework import __all__  # one list of the public names
