"""Pictures (matplotlib, optional): one module per topic, every plotting function re-exported here.

``from exactrelu.plot import figure1, plot_type_change`` works without importing
matplotlib: it is imported only when a picture is drawn
(:func:`~exactrelu.plot.common.require_matplotlib`; ``pip install 'exactrelu[plots]'``).
Figures are :class:`matplotlib.figure.Figure` objects rendered with the Agg canvas; no
pyplot state is touched.  Everything combinatorial in a picture is decided exactly,
floats only draw.

Modules
-------
:mod:`~exactrelu.plot.geometry`
    Figure 1 of Matena & Raffel (2022): the data, the slice w_3 = 1 of the
    arrangement, the zonotope (:func:`figure1`, :func:`plot_arrangement_slice`,
    :func:`slice_chambers`, and the panels ``geometry.plot_data`` and ``geometry.plot_zonotope``).
:mod:`~exactrelu.plot.user`
    Pictures of the user's own data, one function per picture, each returning a
    Figure and writing it to a file (PNG, SVG, PDF): :func:`plot_data`,
    :func:`plot_arrangement`, :func:`plot_zonotope`, :func:`plot_skeleton`,
    :func:`plot_patterns` (``exactrelu plot KIND``).  The panels of Figure 1 with
    the same names, which draw into a given Axes, stay in :mod:`exactrelu.plot.geometry`.
:mod:`~exactrelu.plot.perturbation`
    The zonotope of X + εΔ changing type (Matena & Raffel 2022, section 4.1.1):
    :func:`plot_type_change`, :func:`plot_zonotope_path`.
:mod:`~exactrelu.plot.discontinuity`
    The jump of the optimal loss: :func:`plot_loss_jump`.
:mod:`~exactrelu.plot.search`
    Figures 2 and 3 of Matena & Raffel (2022): :func:`plot_method_comparison`,
    :func:`plot_trace`, and the exact :func:`summarize` / :func:`quantile`.
:mod:`~exactrelu.plot.function_space`
    Figure 1 of Karhadkar et al. (2023): :func:`plot_function_space`.
:mod:`~exactrelu.plot.experiments`
    Figures 2, 3 and 6 of Karhadkar et al. (2023): :func:`plot_full_rank`,
    :func:`plot_global_minima`.
:mod:`~exactrelu.plot.convex`
    Figure 3 of Wang, Lacotte & Pilanci (2022) and regularisation paths of
    Mishkin & Pilanci (2023): :func:`plot_neuron_plane`, :func:`chamber_arcs`,
    :func:`plot_path`.
:mod:`~exactrelu.plot.hunt`
    Campaign refutation rate against N and d: :func:`plot_refutation_rate`.
:mod:`~exactrelu.plot.common`, :mod:`~exactrelu.plot.view`
    Shared helpers: loading matplotlib, colours, viewing directions and projection.

>>> from exactrelu.plot import figure1, plot_type_change
>>> figure1.__module__, plot_type_change.__module__
('exactrelu.plot.geometry', 'exactrelu.plot.perturbation')
"""

from exactrelu.plot.common import PlotDependencyError, chamber_colors, example_colors, require_matplotlib
from exactrelu.plot.convex import chamber_arcs, plot_neuron_plane, plot_path
from exactrelu.plot.discontinuity import plot_loss_jump
from exactrelu.plot.experiments import heatmap_grid, plot_full_rank, plot_global_minima
from exactrelu.plot.function_space import plot_function_space, simplex_corners
from exactrelu.plot.geometry import figure1, plot_arrangement_slice, slice_chambers
from exactrelu.plot.hunt import plot_refutation_rate
from exactrelu.plot.perturbation import plot_type_change, plot_zonotope_path
from exactrelu.plot.search import (
    METHOD_LABELS,
    method_label,
    plot_method_comparison,
    plot_trace,
    quantile,
    summarize,
)
from exactrelu.plot.user import (
    plot_arrangement,
    plot_data,
    plot_patterns,
    plot_skeleton,
    plot_zonotope,
)

__all__ = [
    "METHOD_LABELS",
    "PlotDependencyError",
    "chamber_arcs",
    "chamber_colors",
    "example_colors",
    "figure1",
    "heatmap_grid",
    "method_label",
    "plot_arrangement",
    "plot_arrangement_slice",
    "plot_data",
    "plot_full_rank",
    "plot_function_space",
    "plot_global_minima",
    "plot_loss_jump",
    "plot_method_comparison",
    "plot_neuron_plane",
    "plot_path",
    "plot_patterns",
    "plot_refutation_rate",
    "plot_skeleton",
    "plot_trace",
    "plot_type_change",
    "plot_zonotope",
    "plot_zonotope_path",
    "quantile",
    "require_matplotlib",
    "simplex_corners",
    "slice_chambers",
    "summarize",
]
