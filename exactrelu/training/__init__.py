"""Training a shallow ReLU network as a combinatorial search (Matena & Raffel 2022).

Matena & Raffel 2022, "A Combinatorial Perspective on the Optimization of Shallow
ReLU Networks" (NeurIPS 2022).  With fixed output weights, training is a search
over the vertices of the zonotope power Z^m, with one convex problem per vertex.

* :mod:`~exactrelu.training.region` — the convex problem of one activation region
  (eq. (3)), solved exactly and KKT-certified; :mod:`~exactrelu.training.float_region`
  solves it in floats with cvxpy for other convex losses;
* :mod:`~exactrelu.training.vertices` — the vertices of Z^m (tuples of activation
  patterns) and their symmetries;
* :mod:`~exactrelu.training.erm` — Algorithm 1: exact ERM, the certified global minimum;
* :mod:`~exactrelu.training.search` — the random-vertex method, greedy local search
  (Algorithm 2; mGLS) and a gradient-descent baseline;
* :mod:`~exactrelu.training.exact_fit` — Theorem 4.3: an exact fit with 2⌈N/(d+1)⌉ units;
* :mod:`~exactrelu.training.discontinuity` — section 4.1.1: jumps of the optimal
  loss at data not in general position;
* :mod:`~exactrelu.training.set_cover`, :mod:`~exactrelu.training.reductions` and
  :mod:`~exactrelu.training.reduction_checks` — section 4.1 and Theorem 4.2: set
  cover reductions to one ReLU, checked on instances.

Where the paper's appendices could not be retrieved the modules say so and cite our
reconstruction in docs/reconstructions.md.
"""
