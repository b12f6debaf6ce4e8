"""The geometry layer: exact, certified combinatorics of the activation regions of one ReLU layer.

The activation regions of a ReLU unit on data X are the chambers of the central hyperplane
arrangement with normals x̄_i = (x_i, 1), dual to the vertices of the zonotope Σ [0, x̄_i]
(Matena & Raffel 2022, section 3; Karhadkar, Murray, Tseran & Montúfar 2023, Propositions 6
and 7).  The modules, from the bottom up:

* :mod:`~exactrelu.geometry.engine` — chambers by deletion–restriction in integer coordinates;
* :mod:`~exactrelu.geometry.lattice` — flats, Möbius function, characteristic polynomial, faces;
* :mod:`~exactrelu.geometry.arrangement` — :class:`HyperplaneArrangement` (Sage's vocabulary);
* :mod:`~exactrelu.geometry.zonotope` — :class:`Zonotope` and its Cartesian powers, the dual view;
* :mod:`~exactrelu.geometry.position` — general position, with exact counterexamples;
* :mod:`~exactrelu.geometry.counting` — closed-form region counts and their cross-checks;
* :mod:`~exactrelu.geometry.patterns` — feasible activation patterns, with certificates;
* :mod:`~exactrelu.geometry.combinatorial_type` — chirotopes, equivalence, stability radius;
* :mod:`~exactrelu.geometry.perturbation` — type changes along a path X + εΔ;
* :mod:`~exactrelu.geometry.probes` — one perturbation's report, random probes, breaking perturbations;
* :mod:`~exactrelu.geometry.float_baseline` — what floating-point LPs get wrong, measured.

Everything here stands on :mod:`exactrelu.exact` only.
"""
