"""The loss landscape of shallow ReLU networks, exactly.

Karhadkar, Murray, Tseran & Montúfar 2023, "Mildly overparameterized ReLU networks have
a favorable loss landscape": activation regions, the rank of the Jacobian on them, and
zero-loss global minima inside them, with exact answers and certificates.

* :mod:`~exactrelu.landscape.jacobian`: the Jacobian on a region and its certified exact
  rank (section 3, Lemma 4); the readers of activation matrices and output weights;
* :mod:`~exactrelu.landscape.step_vectors`: the regions of 1-D data (Lemma 9), diverse and
  complete activation matrices (proofs of Theorems 10 and 12);
* :mod:`~exactrelu.landscape.interpolation`: zero-loss points in a region, Lemma 15's
  construction, Theorem 12 on one region;
* :mod:`~exactrelu.landscape.function_space`, :mod:`~exactrelu.landscape.region_table`,
  :mod:`~exactrelu.landscape.convexity`, :mod:`~exactrelu.landscape.proposition13`: the
  function space of one ReLU on 1-D data (section 6, Proposition 13, Appendix D);
* :mod:`~exactrelu.landscape.sampling`, :mod:`~exactrelu.landscape.full_rank_experiment`,
  :mod:`~exactrelu.landscape.global_minimum_experiment`, :mod:`~exactrelu.landscape.widths`,
  :mod:`~exactrelu.landscape.experiments`: the experiments of section 7 and Appendix E
  with exact decisions, and the widths of the theorems they are compared with.
"""
