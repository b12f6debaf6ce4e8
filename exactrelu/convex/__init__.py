"""The convex reformulation of two-layer ReLU training, exactly.

Wang, Lacotte & Pilanci 2022 and Mishkin & Pilanci 2023 (see docs/references.md).

Modules, from the data up:

* :mod:`~exactrelu.convex.dichotomies` — the activation patterns (dichotomies, trichotomies,
  scnn-style samples) and their cones;
* :mod:`~exactrelu.convex.program` — the convex programs (4), (12), (13) and the constrained group
  lasso, in floats (cvxpy);
* :mod:`~exactrelu.convex.bounds` — rigorous rational bounds on the optimal value, correlation
  vectors, rational optima proved exactly;
* :mod:`~exactrelu.convex.scaled_networks` — scaled networks in product coordinates and the maps
  between networks and convex variables; :mod:`~exactrelu.convex.minimality` — minimality,
  merging, splitting, pruning;
* :mod:`~exactrelu.convex.optimality` — is a given network a global minimum? (exact verdicts);
* :mod:`~exactrelu.convex.optimal_set`, :mod:`~exactrelu.convex.optimal_polytope` — the optimal
  set; :mod:`~exactrelu.convex.regularisation_path`, :mod:`~exactrelu.convex.qualifications` —
  the path in β and its differentiability; :mod:`~exactrelu.convex.uniqueness` — the float
  uniqueness test;
* :mod:`~exactrelu.convex.regularised_gd` — gradient descent on the non-convex loss, judged exactly.
"""
