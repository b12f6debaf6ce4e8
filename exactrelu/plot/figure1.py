"""Pictures of the data, the arrangement and the zonotope (matplotlib, Agg).

Reproduces the three panels of Figure 1 of Matena & Raffel (2022), "A
Combinatorial Perspective on the Optimization of Shallow ReLU Networks",
section 3:

* left, :func:`plot_data`: the training points x_i in R^2;
* centre, :func:`plot_arrangement_slice`: the slice w_3 = 1 of the parameter
  space R^3, with the lines <x̄_i, w> = 0 and the chambers (activation
  regions) that meet the slice, shaded and labelled by their activation
  pattern;
* right, :func:`plot_zonotope`: the dual zonotope Z = Σ_i [0, x̄_i], whose
  vertices are the activation patterns; edges parallel to x̄_i join patterns
  that differ in example i.

:func:`figure1` composes the three panels into one PNG.

Everything *combinatorial* in these pictures (which chambers exist, their
patterns, which chambers meet the slice, which vertices are joined by an edge,
which facets face the viewer) is decided exactly; floats are used only for
drawing (clipping polygons, projecting to the screen).

Colours: example i has one colour throughout (its point on the left, its line
H_i in the centre, the zonotope edges parallel to x̄_i on the right); every
activation region has its own pastel colour, used for its shaded chamber and
for the circle at its vertex of the zonotope.  Vertices whose chamber does not
meet the slice w_3 = 1 are drawn as white circles.

matplotlib is imported lazily (it is an optional dependency,
``pip install 'exactrelu[plots]'``); no pyplot state is touched, figures are
:class:`matplotlib.figure.Figure` objects rendered with the Agg canvas.
"""

import colorsys
import math
from fractions import Fraction
from itertools import combinations

from exactrelu.exact.errors import DegenerateInputError, ExactReluError, InvalidDataError

__all__ = [
    "PlotDependencyError",
    "chamber_colors",
    "example_colors",
    "figure1",
    "pattern_string",
    "plot_arrangement_slice",
    "plot_data",
    "plot_loss_jump",
    "plot_type_change",
    "plot_zonotope",
    "plot_zonotope_path",
    "slice_chambers",
]


class PlotDependencyError(ExactReluError, ImportError):
    """matplotlib is not installed."""


def _mpl():
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise PlotDependencyError(
            "plotting needs matplotlib, which is not installed; "
            "install it with: pip install 'exactrelu[plots]'  (or pip install matplotlib)"
        ) from None
    return matplotlib, Figure


def _new_axes(ax, figsize=(6, 6)):
    if ax is not None:
        return ax
    _, Figure = _mpl()
    fig = Figure(figsize=figsize, dpi=120)
    return fig.add_subplot(1, 1, 1)


def pattern_string(pattern):
    """Activation pattern as a bit string, example 1 first.

    >>> pattern_string((1, 0, 1))
    '101'
    """
    return "".join("1" if a else "0" for a in pattern)


_EXAMPLE_PALETTE = [
    "#d62728",
    "#1f77b4",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]


def example_colors(n):
    """One strong colour per example (cycling after 10).

    >>> example_colors(2)
    ['#d62728', '#1f77b4']
    """
    return [_EXAMPLE_PALETTE[i % len(_EXAMPLE_PALETTE)] for i in range(n)]


def chamber_colors(patterns):
    """A distinct pastel colour for each activation pattern (deterministic).

    Patterns are sorted; the k-th gets the hue k·φ mod 1 (golden-ratio
    stepping), so that neighbouring patterns get well separated hues.

    Parameters
    ----------
    patterns : iterable of tuple of 0/1

    Returns
    -------
    dict
        pattern -> RGB tuple of floats in [0, 1].

    Examples
    --------
    >>> cols = chamber_colors([(0, 1), (1, 0)])
    >>> sorted(cols) == [(0, 1), (1, 0)] and cols[(0, 1)] != cols[(1, 0)]
    True
    """
    golden = (math.sqrt(5) - 1) / 2
    out = {}
    for k, p in enumerate(sorted(set(tuple(p) for p in patterns))):
        hue = (0.08 + k * golden) % 1.0
        out[p] = colorsys.hsv_to_rgb(hue, 0.38, 0.98)
    return out


def _as_arrangement(A, bias=True):
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    if isinstance(A, HyperplaneArrangement):
        return A
    return HyperplaneArrangement.from_data(A, bias=bias)


def _as_zonotope(Z, bias=True):
    from exactrelu.geometry.zonotope import Zonotope

    if isinstance(Z, Zonotope):
        return Z
    return Zonotope.from_data(Z, bias=bias)


def slice_chambers(A):
    """The chambers of a central arrangement that meet the slice {w : w_D = 1}.

    A chamber C meets the slice iff it meets the open half-space w_D > 0, i.e.
    iff the arrangement A ∪ {e_D} has a chamber with sign +1 on e_D inside C.
    This is decided exactly by enumerating the chambers of A ∪ {e_D}.

    Parameters
    ----------
    A : HyperplaneArrangement

    Returns
    -------
    list of (signs, witness)
        ``signs`` over ±1 (ordered like ``A.normals``); ``witness`` an integer
        point of the chamber with last coordinate > 0, so ``witness / witness[-1]``
        lies in the slice.

    Examples
    --------
    >>> from exactrelu.geometry.arrangement import HyperplaneArrangement
    >>> A = HyperplaneArrangement([(1, 0, 1), (0, 1, 1)])
    >>> sorted(s for s, w in slice_chambers(A))
    [(-1, -1), (-1, 1), (1, -1), (1, 1)]
    """
    from exactrelu.geometry.arrangement import HyperplaneArrangement

    D = A.dimension
    e = tuple(0 for _ in range(D - 1)) + (1,)
    B = HyperplaneArrangement(list(A.normals) + [e])
    out = []
    for ch in B.chambers():
        if ch.signs[-1] > 0:
            out.append((tuple(ch.signs[:-1]), tuple(ch.witness)))
    return out


def _clip(poly, a, b, c):
    """Sutherland–Hodgman: keep the part of a convex polygon with a·x + b·y + c >= 0."""
    out = []
    n = len(poly)
    for k in range(n):
        P, Q = poly[k], poly[(k + 1) % n]
        fp = a * P[0] + b * P[1] + c
        fq = a * Q[0] + b * Q[1] + c
        if fp >= 0:
            out.append(P)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append((P[0] + t * (Q[0] - P[0]), P[1] + t * (Q[1] - P[1])))
    return out


def _centroid(poly):
    area = cx = cy = 0.0
    n = len(poly)
    for k in range(n):
        x0, y0 = poly[k]
        x1, y1 = poly[(k + 1) % n]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return None, 0.0
    return (cx / (3 * area), cy / (3 * area)), abs(area) / 2


def _slice_box(normals):
    """A square view box around all pairwise intersection points of the slice lines."""
    pts = [(Fraction(0), Fraction(0))]
    lines = [n for n in normals if n[0] or n[1]]
    for (a1, b1, c1), (a2, b2, c2) in combinations(lines, 2):
        det = a1 * b2 - a2 * b1
        if det:
            pts.append((Fraction(-c1 * b2 + c2 * b1, det), Fraction(-a1 * c2 + a2 * c1, det)))
    for a, b, c in lines:  # the foot of the perpendicular from the origin
        r = Fraction(-c, a * a + b * b)
        pts.append((a * r, b * r))
    xs = [float(p[0]) for p in pts]
    ys = [float(p[1]) for p in pts]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2
    half = 1.0 if half == 0 else 1.45 * half
    return cx - half, cx + half, cy - half, cy + half


def plot_data(X, ax=None, *, colors=None, title=None, labels=True):
    """Scatter plot of 1-D or 2-D data, point i labelled x_i (1-based, like H_i).

    Parameters
    ----------
    X : table of numbers, shape (N, 1) or (N, 2)
    ax : matplotlib Axes, optional
        Drawn into a new figure if omitted.
    colors : list of colours, optional
        One per point; defaults to :func:`example_colors`.

    Returns
    -------
    matplotlib Axes
    """
    from exactrelu.exact.parse import exact_matrix

    rows = exact_matrix(X)
    d = len(rows[0])
    if d > 2:
        raise InvalidDataError(f"plot_data draws 1-D or 2-D data; got points of dimension {d}")
    ax = _new_axes(ax)
    colors = colors or example_colors(len(rows))
    xs = [float(r[0]) for r in rows]
    ys = [float(r[1]) if d == 2 else 0.0 for r in rows]
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    ax.scatter(xs, ys, s=70, c=colors, edgecolors="k", linewidths=0.8, zorder=3)
    if labels:
        for i, (x, y) in enumerate(zip(xs, ys)):
            ax.annotate(
                f"$x_{{{i + 1}}}$",
                (x, y),
                xytext=(7, 6),
                textcoords="offset points",
                fontsize=12,
                color=colors[i],
                zorder=4,
            )
    lo_x, hi_x = min(xs + [0.0]), max(xs + [0.0])
    lo_y, hi_y = min(ys + [0.0]), max(ys + [0.0])
    half = max(hi_x - lo_x, hi_y - lo_y, 1.0) * 0.62
    cx, cy = (hi_x + lo_x) / 2, (hi_y + lo_y) / 2
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("$x^{(1)}$")
    ax.set_ylabel("$x^{(2)}$" if d == 2 else "")
    ax.set_title(title or f"{len(rows)} training examples in $\\mathbb{{R}}^{d}$")
    ax.grid(True, color="0.93")
    return ax


def plot_arrangement_slice(
    A, ax=None, *, colors=None, line_colors=None, title=None, labels=True, box=None, fontsize=7
):
    """Draw the slice w_D = 1 of a central arrangement in R^3.

    The lines <n_i, (w_1, w_2, 1)> = 0 are drawn in the (w_1, w_2) plane, and
    each chamber meeting the slice (see :func:`slice_chambers`) is shaded and
    labelled with its activation pattern (bit string, example 1 first).
    Chambers lying in w_3 <= 0 do not meet the slice and are not shown.

    Parameters
    ----------
    A : HyperplaneArrangement of dimension 3, or data (N x 2, homogenised with a bias)
    ax : matplotlib Axes, optional
    colors : dict pattern -> colour, optional
        Defaults to :func:`chamber_colors` of all chambers of A.
    line_colors : list, optional
        One colour per hyperplane; defaults to :func:`example_colors`.
    box : (xmin, xmax, ymin, ymax), optional
        View box; by default all intersection points of the lines are shown.

    Returns
    -------
    matplotlib Axes
    """
    A = _as_arrangement(A)
    if A.dimension != 3:
        raise DegenerateInputError(
            f"plot_arrangement_slice draws arrangements in R^3 (2-D data with a bias, or 3-D data "
            f"without); this one lives in R^{A.dimension}"
        )
    ax = _new_axes(ax)
    normals = A.normals
    n = len(normals)
    line_colors = line_colors or example_colors(n)
    if colors is None:
        colors = chamber_colors(ch.pattern for ch in A.chambers())
    xmin, xmax, ymin, ymax = box or _slice_box(normals)
    square = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    regions = slice_chambers(A)
    for signs, witness in regions:
        poly = square
        for s, (a, b, c) in zip(signs, normals):
            poly = _clip(poly, s * a, s * b, s * c)
            if not poly:
                break
        pattern = tuple(1 if s > 0 else 0 for s in signs)
        colour = colors.get(pattern, "0.9")
        if poly:
            ax.fill([p[0] for p in poly], [p[1] for p in poly], color=colour, lw=0, zorder=1)
        if not labels:
            continue
        centre, area = _centroid(poly) if len(poly) >= 3 else (None, 0.0)
        if centre is None:
            w3 = witness[-1]
            centre = (witness[0] / w3, witness[1] / w3)
            if not (xmin <= centre[0] <= xmax and ymin <= centre[1] <= ymax):
                continue
        ax.text(
            centre[0],
            centre[1],
            pattern_string(pattern),
            ha="center",
            va="center",
            fontsize=fontsize,
            family="monospace",
            zorder=5,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.6),
        )
    for i, (a, b, c) in enumerate(normals):
        if a == 0 and b == 0:
            continue  # the hyperplane is parallel to the slice
        if abs(b) >= abs(a):
            xs = [xmin, xmax]
            ys = [float(Fraction(-c - a * Fraction(x), b)) for x in xs]
        else:
            ys = [ymin, ymax]
            xs = [float(Fraction(-c - b * Fraction(y), a)) for y in ys]
        ax.plot(xs, ys, color=line_colors[i], lw=1.8, zorder=3)
    placed = []
    for i, (a, b, c) in enumerate(normals):
        ends = _label_spots(a, b, c, xmin, xmax, ymin, ymax)
        if not ends:
            continue
        # name the line at an end of its visible segment: outside the box on the
        # top and right sides (no tick labels there), just inside on the others;
        # among equals, the end furthest from the names placed so far
        tol = 1e-9 * (xmax - xmin)

        def outside(q):
            return abs(q[0] - xmax) < tol or abs(q[1] - ymax) < tol

        spot = max(ends, key=lambda q: (outside(q), min((math.dist(q, r) for r in placed), default=0.0)))
        placed.append(spot)
        x, y = spot
        if outside(spot):
            off = (
                14 if abs(x - xmax) < tol else 0,
                11 if abs(y - ymax) < tol and abs(x - xmax) >= tol else 0,
            )
            box_style = None
        else:
            off = (14 if abs(x - xmin) < tol else 0, 12 if abs(y - ymin) < tol else 0)
            box_style = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
        ax.annotate(
            f"$H_{{{i + 1}}}$",
            (x, y),
            xytext=off,
            textcoords="offset points",
            color=line_colors[i],
            fontsize=12,
            ha="center",
            va="center",
            annotation_clip=False,
            zorder=6,
            bbox=box_style,
        )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    n_ch = A.n_regions()
    ax.set_title(title or f"slice $w_3 = 1$ of parameter space: {len(regions)} of {n_ch} chambers", pad=20)
    return ax


def _label_spots(a, b, c, xmin, xmax, ymin, ymax):
    """The two points where the line a x + b y + c = 0 leaves the box (empty if it misses it)."""
    a, b, c = float(a), float(b), float(c)
    seg = []
    for x in (xmin, xmax):
        if b:
            y = (-c - a * x) / b
            if ymin <= y <= ymax:
                seg.append((x, y))
    for y in (ymin, ymax):
        if a:
            x = (-c - b * y) / a
            if xmin <= x <= xmax:
                seg.append((x, y))
    if len(seg) < 2:
        return []
    seg.sort()
    return [seg[0], seg[-1]]


def _cross(u, v):
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def _facet_normals(gens):
    """Outward facet normals (exact, up to positive scaling) of a full-dimensional 3-D zonotope."""
    seen = set()
    out = []
    for g, h in combinations(gens, 2):
        u = _cross(g, h)
        if not any(u):
            continue
        den = math.lcm(*(Fraction(x).denominator for x in u))
        ints = [int(Fraction(x) * den) for x in u]
        gg = math.gcd(*ints)
        ints = tuple(x // gg for x in ints)
        key = ints if next(x for x in ints if x) > 0 else tuple(-x for x in ints)
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
        out.append(tuple(-x for x in key))
    return out


def _view_vectors(elev, azim):
    el, az = math.radians(elev), math.radians(azim)
    right = (-math.sin(az), math.cos(az), 0.0)
    up = (-math.sin(el) * math.cos(az), -math.sin(el) * math.sin(az), math.cos(el))
    return right, up


def _seg_dist(p, a, b):
    ax_, ay = b[0] - a[0], b[1] - a[1]
    den = ax_ * ax_ + ay * ay
    t = 0.0 if den == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax_ + (p[1] - a[1]) * ay) / den))
    return math.hypot(p[0] - a[0] - t * ax_, p[1] - a[1] - t * ay)


def _best_view(verts, edges, elev=None, azim=None):
    """A viewing direction (elev, azim) that keeps projected vertices apart (drawing only)."""
    best = None
    elevs = [elev] if elev is not None else [12, 18, 24, 30, 36]
    azims = [azim] if azim is not None else list(range(-88, 90, 6))
    for el in elevs:
        for az in azims:
            score = _view_score(verts, edges, *_view_vectors(el, az))
            if best is None or score > best[0] + 1e-12:
                best = (score, el, az)
    return best[1], best[2]


def _edge_visibility(gens, edges, view):
    """For each edge (p, q, flipped) decide whether it lies on a facet facing the viewer."""
    facets = [u for u in _facet_normals(gens) if _dot(u, view) > 0]
    signs = [[(lambda s: (s > 0) - (s < 0))(_dot(g, u)) for g in gens] for u in facets]
    vis = []
    for p, q, flipped in edges:
        ok = False
        for s in signs:
            if any(s[i] != 0 for i in flipped):
                continue
            if all(si == 0 or (si > 0) == bool(p[i]) for i, si in enumerate(s)):
                ok = True
                break
        vis.append(ok)
    return vis


def plot_zonotope(
    Z, ax=None, *, colors=None, edge_colors=None, title=None, labels=True, elev=None, azim=None, fontsize=7
):
    """Draw a 2-D or 3-D zonotope with its vertices labelled by activation patterns.

    3-D zonotopes are projected orthographically (viewing direction given by
    ``elev``/``azim`` in degrees, like matplotlib's 3-D axes; the last
    coordinate, the bias coordinate = number of active examples, points up).
    By default the view is chosen from a grid of directions so that projected
    vertices stay far apart from each other and from the edges.
    Edges on facets facing the viewer are solid, hidden edges dashed; which
    facets face the viewer is decided exactly from the generators.

    Parameters
    ----------
    Z : Zonotope of dimension 2 or 3, or data (homogenised with a bias)
    ax : matplotlib Axes, optional
    colors : dict pattern -> colour, optional
        Fill of the vertex circles; patterns missing from the dict are white.
        Defaults to :func:`chamber_colors` of all vertices.
    edge_colors : list, optional
        One colour per generator (edges parallel to generator i get colour i).

    Returns
    -------
    matplotlib Axes
    """
    Z = _as_zonotope(Z)
    gens = [tuple(Fraction(x) for x in g) for g in Z.generators]
    dim = len(gens[0])
    if dim not in (2, 3):
        raise DegenerateInputError(f"plot_zonotope draws zonotopes in R^2 or R^3; this one lives in R^{dim}")
    ax = _new_axes(ax)
    verts = Z.vertices()
    G = Z.graph()
    if colors is None:
        colors = chamber_colors(verts)
    edge_colors = edge_colors or example_colors(len(gens))
    edges = [(p, q, tuple(data.get("generators", ()))) for p, q, data in G.edges(data=True)]

    if dim == 3:
        if elev is None or azim is None:
            elev, azim = _best_view(verts, edges, elev, azim)
        el, az = math.radians(elev), math.radians(azim)
        view = (math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el))
        right, up = _view_vectors(elev, azim)
        # an exact rational direction close to the float one decides visibility
        qview = tuple(Fraction(round(v * 10**6), 10**6) for v in view)
        if Z.rank() == 3:
            visible = _edge_visibility(gens, edges, qview)
        else:  # a flat zonotope: no hidden edges
            visible = [True] * len(edges)

        def project(v):
            v = [float(x) for x in v]
            return (_dot(v, right), _dot(v, up))
    else:
        visible = [True] * len(edges)

        def project(v):
            return (float(v[0]), float(v[1]))

    xy = {p: project(v) for p, v in verts.items()}
    for (p, q, flipped), vis in zip(edges, visible):
        (x0, y0), (x1, y1) = xy[p], xy[q]
        colour = edge_colors[flipped[0]] if len(flipped) == 1 else "0.3"
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=colour,
            lw=2.0 if vis else 0.9,
            ls="-" if vis else (0, (3, 3)),
            alpha=1.0 if vis else 0.55,
            zorder=2 if vis else 1,
        )
    front = set()
    for (p, q, _), vis in zip(edges, visible):
        if vis:
            front.update((p, q))
    cx = sum(x for x, _ in xy.values()) / len(xy)
    cy = sum(y for _, y in xy.values()) / len(xy)
    for p, (x, y) in xy.items():
        is_front = p in front or dim == 2
        ax.scatter(
            [x],
            [y],
            s=70 if is_front else 45,
            c=[colors.get(p, (1, 1, 1))],
            edgecolors="k" if is_front else "0.5",
            linewidths=0.9,
            zorder=4 if is_front else 3,
        )
        if labels:
            dx, dy = x - cx, y - cy
            r = math.hypot(dx, dy) or 1.0
            ux, uy = dx / r, dy / r
            ha = "left" if ux > 0.35 else "right" if ux < -0.35 else "center"
            va = "bottom" if uy > 0.35 else "top" if uy < -0.35 else "center"
            ax.annotate(
                pattern_string(p),
                (x, y),
                xytext=(6 * ux, 6 * uy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                family="monospace",
                color="k" if is_front else "0.45",
                zorder=5,
            )
    ax.margins(0.08)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        title or f"zonotope $Z \\subset \\mathbb{{R}}^{dim}$: {len(verts)} vertices, {len(edges)} edges"
    )
    return ax


def figure1(path="exactrelu_demo.png", X=None, *, bias=True, dpi=150):
    """Compose the three panels of Figure 1 of Matena & Raffel (2022) into one PNG.

    Parameters
    ----------
    path : str or path-like, optional
        Where to write the PNG (``None``: do not write, just return the figure).
    X : table of numbers, shape (N, 2), optional
        Defaults to :func:`exactrelu.datasets.figure1_dataset` (our reconstruction).
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
    """
    from exactrelu.datasets import figure1_dataset
    from exactrelu.geometry.arrangement import HyperplaneArrangement
    from exactrelu.geometry.zonotope import Zonotope

    _, Figure = _mpl()
    if X is None:
        X = figure1_dataset()
    A = HyperplaneArrangement.from_data(X, bias=bias)
    Z = Zonotope.from_data(X, bias=bias)
    n = A.n_hyperplanes()
    all_colors = chamber_colors(ch.pattern for ch in A.chambers())
    fig = Figure(figsize=(19.5, 6.8), dpi=dpi)
    axes = fig.subplots(1, 3, gridspec_kw=dict(width_ratios=[0.8, 1.1, 1.1]))
    plot_data(X, axes[0])
    if A.dimension == 3:
        shown = {tuple(1 if s > 0 else 0 for s in signs) for signs, _ in slice_chambers(A)}
        plot_arrangement_slice(A, axes[1], colors=all_colors)
    else:
        shown = set(all_colors)
        axes[1].set_axis_off()
        axes[1].text(
            0.5,
            0.5,
            f"(the arrangement lives in R^{A.dimension}:\nno 2-D slice drawn)",
            ha="center",
            va="center",
            transform=axes[1].transAxes,
        )
    plot_zonotope(Z, axes[2], colors={p: c for p, c in all_colors.items() if p in shown})
    fig.suptitle(
        f"{n} training examples, {A.n_regions()} activation regions (chambers) = {Z.n_vertices()} vertices of the "
        f"zonotope; labels are activation patterns $a_i = [\\langle \\bar x_i, w\\rangle > 0]$, example 1 first.\n"
        f"Colour of example $i$ = its line $H_i$ = the zonotope edges parallel to $\\bar x_i$.  Vertex circles are "
        f"coloured like their chamber (white: the chamber does not meet the slice $w_3 = 1$; dashed: hidden edges).",
        fontsize=11,
    )
    fig.subplots_adjust(left=0.045, right=0.99, bottom=0.07, top=0.85, wspace=0.14)
    if path is not None:
        fig.savefig(path)
    return fig


# ---------------------------------------------------------------------------
# perturbations: how the zonotope changes when the data move (section 4.1.1)
# ---------------------------------------------------------------------------

_GAINED_COLOUR = "#1a9850"  # vertices present after the perturbation only
_LOST_COLOUR = "#d7301f"  # vertices present before the perturbation only
_STAR_COLOUR = "#ffc20a"  # optimal activation patterns
_FACE_COLOUR = "#fdae6b"  # a face that is not a parallelepiped
_TILE_COLOUR = "#9ecae1"  # the parallelepipeds tiling such a face after the change


def _view_score(verts, edges, right, up):
    """How far apart projected vertices stay (from each other and from edges), relative to the span."""
    xy = {p: (_dot([float(x) for x in v], right), _dot([float(x) for x in v], up)) for p, v in verts.items()}
    keys = list(xy)
    xs = [q[0] for q in xy.values()]
    ys = [q[1] for q in xy.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    m = min((math.dist(xy[a], xy[b]) for a, b in combinations(keys, 2)), default=span)
    for p, q, _ in edges:
        for r in keys:
            if r != p and r != q:
                m = min(m, _seg_dist(xy[r], xy[p], xy[q]))
    return m / span


def _joint_view(items):
    """One viewing direction (elev, azim) for several 3-D zonotopes: the best worst-case separation.

    ``items`` is a list of (vertices, edges); drawing only (floats)."""
    best = None
    for el in (12, 18, 24, 30, 36):
        for az in range(-88, 90, 6):
            right, up = _view_vectors(el, az)
            score = min(_view_score(v, e, right, up) for v, e in items)
            if best is None or score > best[0] + 1e-12:
                best = (score, el, az)
    return best[1], best[2]


def _norm_patterns(patterns, n, what):
    """A set of 0/1 tuples of length n from tuples or bit strings."""
    out = set()
    for p in patterns or ():
        if isinstance(p, str):
            p = tuple(int(c) for c in p if c in "01")
        p = tuple(int(a) for a in p)
        if len(p) != n or any(a not in (0, 1) for a in p):
            raise InvalidDataError(f"{what}: expected activation patterns of {n} entries 0/1, got {p!r}")
        out.add(p)
    return out


class _Panel:
    """The exact zonotope of one dataset along a path, with what is needed to draw it."""

    def __init__(self, vectors):
        from exactrelu.geometry.zonotope import Zonotope

        self.vectors = vectors
        self.Z = Zonotope(vectors)
        self.dim = len(vectors[0])
        self.verts = self.Z.vertices()
        self.edges = [(p, q, tuple(d.get("generators", ()))) for p, q, d in self.Z.graph().edges(data=True)]
        self._faces = None

    @property
    def faces(self):
        if self._faces is None:
            self._faces = self.Z.faces()
        return self._faces

    def special_faces(self):
        """Proper faces of dimension >= 1 with more generators than their dimension: (dim, covector)."""
        top = self.Z.rank()
        out = [
            (F.dimension, F.covector)
            for F in self.faces
            if 1 <= F.dimension < top and sum(1 for s in F.covector if s == 0) > F.dimension
        ]
        if 2 <= top < self.dim and len(self.vectors) > top:
            # a flat zonotope (e.g. a hexagon in R^3) is itself such a face of the space it lives in
            out.append((top, (0,) * len(self.vectors)))
        return out

    def tiles_of(self, dim, covector):
        """The faces of this zonotope of dimension ``dim`` that lie where the face ``covector`` of another
        zonotope on the same labels lies: zero set inside its zero set, equal signs elsewhere."""
        zeros = {i for i, s in enumerate(covector) if s == 0}
        out = []
        for F in self.faces:
            if F.dimension != dim:
                continue
            if all(i in zeros or F.covector[i] == covector[i] for i in range(len(covector))) and all(
                F.covector[i] != 0 or i in zeros for i in range(len(covector))
            ):
                out.append(F.covector)
        return out

    def face_vertices(self, covector):
        return [
            p
            for p in self.verts
            if all(s == 0 or p[i] == (1 if s > 0 else 0) for i, s in enumerate(covector))
        ]


def _collect_tiles(panel, special, elev, azim):
    """The faces of ``panel`` tiling the faces ``special`` (dim, covector) of another panel.

    A flat zonotope (covector all zero) is seen tiled by the faces of the full one
    that face the viewer (the ones behind tile it too, from the other side)."""
    tiles = []
    for fdim, cov in special:
        for t in panel.tiles_of(fdim, cov):
            if t in tiles:
                continue
            if not any(cov) and not _faces_viewer(panel, t, elev, azim):
                continue
            tiles.append(t)
    return tiles


def _hull(points):
    """Convex hull (counter-clockwise) of 2-D float points (monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _projector(dim, elev, azim):
    if dim == 2:
        return lambda v: (float(v[0]), float(v[1]))
    right, up = _view_vectors(elev, azim)
    return lambda v: (_dot([float(x) for x in v], right), _dot([float(x) for x in v], up))


def _faces_viewer(panel, covector, elev, azim):
    """Whether a 2-face of a 3-D zonotope faces the viewer (its outward normal has a positive view component)."""
    if panel.dim != 3 or not any(covector):
        return True
    zeros = [panel.vectors[i] for i, s in enumerate(covector) if s == 0]
    u = None
    for g, h in combinations(zeros, 2):
        c = _cross(g, h)
        if any(c):
            u = c
            break
    if u is None:
        return True
    for i, s in enumerate(covector):
        if s:
            t = _dot(panel.vectors[i], u)
            if t:
                if (t > 0) != (s > 0):
                    u = tuple(-x for x in u)
                break
    el, az = math.radians(elev), math.radians(azim)
    view = (math.cos(el) * math.cos(az), math.cos(el) * math.sin(az), math.sin(el))
    return _dot([float(x) for x in u], view) > 0


def _shade_face(ax, panel, covector, project, colour, *, front=True, gid=None, label=None):
    pts = [project(panel.verts[p]) for p in panel.face_vertices(covector)]
    hull = _hull(pts)
    if len(hull) >= 3:
        ax.fill(
            [p[0] for p in hull],
            [p[1] for p in hull],
            color=colour,
            alpha=0.55 if front else 0.2,
            lw=1.2,
            ec=colour,
            zorder=0.5,
            gid=gid,
            label=label,
        )
    elif len(hull) == 2:
        ax.plot(
            [hull[0][0], hull[1][0]],
            [hull[0][1], hull[1][1]],
            color=colour,
            lw=9,
            alpha=0.55,
            solid_capstyle="round",
            zorder=0.5,
            gid=gid,
            label=label,
        )


def _draw_panel(
    ax,
    panel,
    *,
    elev,
    azim,
    colors,
    edge_colors,
    title,
    ring=(),
    ring_colour=None,
    ring_gid=None,
    stars=(),
    shade=(),
    tiles=(),
    fontsize=7,
):
    """plot_zonotope plus rings, stars and shaded faces; returns the projection used."""
    plot_zonotope(
        panel.Z,
        ax,
        colors=colors,
        edge_colors=edge_colors,
        title=title,
        elev=elev,
        azim=azim,
        fontsize=fontsize,
    )
    project = _projector(panel.dim, elev, azim)
    for cov in shade:
        _shade_face(
            ax,
            panel,
            cov,
            project,
            _FACE_COLOUR,
            front=_faces_viewer(panel, cov, elev, azim),
            gid="exactrelu-special-face",
        )
    for cov in tiles:
        _shade_face(
            ax,
            panel,
            cov,
            project,
            _TILE_COLOUR,
            front=_faces_viewer(panel, cov, elev, azim),
            gid="exactrelu-tile",
        )
    ring = [p for p in sorted(ring) if p in panel.verts]
    if ring:
        xy = [project(panel.verts[p]) for p in ring]
        ax.scatter(
            [q[0] for q in xy],
            [q[1] for q in xy],
            s=340,
            facecolors="none",
            edgecolors=ring_colour,
            linewidths=2.8,
            zorder=6,
            gid=ring_gid,
        )
    stars = [p for p in sorted(stars) if p in panel.verts]
    if stars:
        xy = [project(panel.verts[p]) for p in stars]
        ax.scatter(
            [q[0] for q in xy],
            [q[1] for q in xy],
            s=300,
            marker="*",
            c=_STAR_COLOUR,
            edgecolors="k",
            linewidths=0.9,
            zorder=7,
            gid="exactrelu-optimal",
        )
    # move the labels of marked vertices out from under the ring / star
    marked = {pattern_string(p) for p in list(ring) + list(stars)}
    for t in ax.texts:
        if t.get_text() in marked and hasattr(t, "xyann"):
            dx, dy = t.xyann
            t.xyann = (2.7 * dx, 2.7 * dy)
            t.set_zorder(8)
            t.set_bbox(dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    return project


def _common_limits(axes_xy):
    """Give several panels the same data window (drawing only)."""
    xs = [x for xy in axes_xy for x, _ in xy]
    ys = [y for xy in axes_xy for _, y in xy]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    pad = 0.16 * span
    return (min(xs) - pad, max(xs) + pad), (min(ys) - pad, max(ys) + pad)


def _frac_str(x):
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _plot_moved_data(ax, X0, X1, title=None):
    """Points before (hollow) and after (filled), arrows for the points that move."""
    d = len(X0[0])
    cols = example_colors(len(X0))
    to2 = (lambda r: (float(r[0]), float(r[1]))) if d == 2 else (lambda r: (float(r[0]), 0.0))
    P0, P1 = [to2(r) for r in X0], [to2(r) for r in X1]
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    moved = [i for i in range(len(X0)) if tuple(X0[i]) != tuple(X1[i])]
    ax.scatter(
        [p[0] for p in P0],
        [p[1] for p in P0],
        s=70,
        facecolors="white",
        edgecolors=cols,
        linewidths=1.6,
        zorder=3,
        label="$x_i$ (before)",
    )
    ax.scatter(
        [P1[i][0] for i in moved],
        [P1[i][1] for i in moved],
        s=70,
        c=[cols[i] for i in moved],
        edgecolors="k",
        linewidths=0.8,
        zorder=4,
        label="$x_i + \\varepsilon\\Delta_i$ (after)",
    )
    for i in moved:
        ax.annotate(
            "",
            xy=P1[i],
            xytext=P0[i],
            zorder=2,
            arrowprops=dict(arrowstyle="-|>", color="0.25", lw=1.2, shrinkA=4, shrinkB=4),
        )
    seen = {}
    for i, p in enumerate(P0):
        k = seen.get(p, 0)
        seen[p] = k + 1
        ax.annotate(
            f"$x_{{{i + 1}}}$",
            p,
            xytext=(7, 6 + 12 * k),
            textcoords="offset points",
            fontsize=11,
            color=cols[i],
            zorder=5,
        )
    allp = P0 + P1 + [(0.0, 0.0)]
    lo_x, hi_x = min(p[0] for p in allp), max(p[0] for p in allp)
    lo_y, hi_y = min(p[1] for p in allp), max(p[1] for p in allp)
    half = max(hi_x - lo_x, hi_y - lo_y, 1.0) * 0.72
    cx, cy = (hi_x + lo_x) / 2, (hi_y + lo_y) / 2
    ax.set_xlim(cx - half, cx + half)
    ax.set_ylim(cy - half, cy + half)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, color="0.93")
    ax.tick_params(labelsize=8)
    if d == 1:
        ax.set_yticks([])
    ax.legend(loc="best", fontsize=7.5, framealpha=0.9)
    ax.set_title(title or "data: moved points", fontsize=10)


def plot_type_change(
    X,
    Delta,
    eps,
    *,
    bias=True,
    path=None,
    highlight_optimal=None,
    titles=None,
    dpi=150,
    loss_jump=None,
    suptitle=None,
):
    """The zonotope of X and of X + εΔ side by side, with the vertices gained and lost.

    Illustrates Matena & Raffel (2022), section 4.1.1: when the data are not in
    general position, a small perturbation can change the combinatorial type of
    the zonotope Z = Σ_i [0, x̄_i] — a non-parallelepiped face (e.g. the hexagon
    of three collinear points) breaks into parallelepipeds and new vertices
    (new activation regions) appear — which is how the optimal loss can jump.

    Which vertices are gained and lost, and which faces are not parallelepipeds,
    is decided exactly (rational arithmetic); floats are used only for drawing.
    Both zonotopes are drawn from the same viewing direction and in the same
    window, with the same colour for the same activation pattern.

    Parameters
    ----------
    X : table of numbers, shape (N, d)
        The data; with ``bias`` the zonotope lives in R^(d+1), without in R^d,
        and that dimension must be 2 or 3.
    Delta : table of numbers, shape (N, d)
        The direction of the perturbation.
    eps : exact number
        The step: the right panel shows X + εΔ.
    bias : bool
    path : str or path-like, optional
        Write a PNG there.
    highlight_optimal : iterable of activation patterns, optional
        Patterns (tuples of 0/1 or bit strings, example 1 first) drawn with a
        star on every panel where they are vertices, e.g. the optimal regions.
    titles : sequence of up to three str, optional
        Titles of the before, after and data panels (``None`` entries: default).
    dpi : int
    loss_jump : LossJump, optional
        Adds the panel of :func:`plot_loss_jump` under the data panel.
    suptitle : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        With attributes ``exactrelu_gained``, ``exactrelu_lost`` (sorted tuples
        of patterns), ``exactrelu_optimal`` (the highlighted patterns),
        ``exactrelu_special_faces`` (covectors of the shaded non-parallelepiped
        faces before) and ``exactrelu_eps``.  The ring artists have the gids
        ``"exactrelu-gained"`` / ``"exactrelu-lost"``, the stars ``"exactrelu-optimal"``.

    Raises
    ------
    InvalidDataError
        Delta not of the shape of X, bad numbers, bad patterns.
    DegenerateInputError
        The zonotope does not live in R^2 or R^3.

    Examples
    --------
    >>> fig = plot_type_change([[-1, 0], [0, 0], [1, 0], [0, 2]], [[0, 0], [0, -1], [0, 0], [0, 0]],
    ...                        Fraction(1, 2))
    >>> fig.exactrelu_gained, fig.exactrelu_lost
    (((0, 1, 0, 0), (1, 0, 1, 1)), ())
    """
    from exactrelu.exact.parse import exact_matrix, to_fraction
    from exactrelu.geometry.combinatorial_type import vectors_of
    from exactrelu.geometry.perturbation import perturbed

    _, Figure = _mpl()
    X0 = exact_matrix(X, name="data")
    eps = to_fraction(eps, where="epsilon")
    X1 = perturbed(X0, Delta, eps)  # InvalidDataError on a wrong shape
    V0, V1 = vectors_of(X0, bias=bias), vectors_of(X1, bias=bias)
    dim = len(V0[0])
    if dim not in (2, 3):
        raise DegenerateInputError(
            f"plot_type_change draws zonotopes in R^2 or R^3; with{'' if bias else 'out'} a bias these data give "
            f"R^{dim} (use 1-D or 2-D data with a bias, 2-D or 3-D data without)"
        )
    n = len(V0)
    stars = _norm_patterns(highlight_optimal, n, "highlight_optimal")
    titles = list(titles or ()) + [None] * 3
    before, after = _Panel(V0), _Panel(V1)
    gained = tuple(sorted(set(after.verts) - set(before.verts)))
    lost = tuple(sorted(set(before.verts) - set(after.verts)))
    special = before.special_faces()
    if dim == 3:
        elev, azim = _joint_view([(before.verts, before.edges), (after.verts, after.edges)])
    else:
        elev = azim = None
    tiles = _collect_tiles(after, special, elev, azim)
    colours = chamber_colors(set(before.verts) | set(after.verts))
    edge_colors = example_colors(n)

    fig = Figure(figsize=(17.5, 7.6), dpi=dpi)
    gs = fig.add_gridspec(2, 3, width_ratios=[1.0, 1.0, 0.62], height_ratios=[1, 1])
    ax0, ax1 = fig.add_subplot(gs[:, 0]), fig.add_subplot(gs[:, 1])
    if loss_jump is not None:
        ax2, ax3 = fig.add_subplot(gs[0, 2]), fig.add_subplot(gs[1, 2])
    else:
        ax2, ax3 = fig.add_subplot(gs[:, 2]), None
    es = _frac_str(eps)
    pr0 = _draw_panel(
        ax0,
        before,
        elev=elev,
        azim=azim,
        colors=colours,
        edge_colors=edge_colors,
        title=titles[0] or f"before: $Z(X)$, {len(before.verts)} vertices",
        ring=lost,
        ring_colour=_LOST_COLOUR,
        ring_gid="exactrelu-lost",
        stars=stars,
        shade=[c for _, c in special],
    )
    pr1 = _draw_panel(
        ax1,
        after,
        elev=elev,
        azim=azim,
        colors=colours,
        edge_colors=edge_colors,
        title=titles[1]
        or f"after: $Z(X + \\varepsilon\\Delta)$, $\\varepsilon = {es}$, {len(after.verts)} vertices",
        ring=gained,
        ring_colour=_GAINED_COLOUR,
        ring_gid="exactrelu-gained",
        stars=stars,
        tiles=tiles,
    )
    (xl, yl) = _common_limits(
        [[pr0(v) for v in before.verts.values()], [pr1(v) for v in after.verts.values()]]
    )
    for ax in (ax0, ax1):
        ax.set_xlim(*xl)
        ax.set_ylim(*yl)
        ax.set_aspect("equal", adjustable="box")
        ax.title.set_fontsize(12)
    _plot_moved_data(
        ax2,
        X0,
        X1,
        titles[2]
        or f"data: $X \\to X + \\varepsilon\\Delta$, $\\varepsilon = {es}$" + ("" if bias else " (no bias)"),
    )
    if ax3 is not None:
        plot_loss_jump(loss_jump, ax=ax3)

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    if lost:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=15,
                mfc="none",
                mec=_LOST_COLOUR,
                mew=2.5,
                label=f"lost: vertex before only ({', '.join(pattern_string(p) for p in lost)})",
            )
        )
    if gained:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=15,
                mfc="none",
                mec=_GAINED_COLOUR,
                mew=2.5,
                label=f"gained: vertex after only ({', '.join(pattern_string(p) for p in gained)})",
            )
        )
    if stars:
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="*",
                ms=16,
                mfc=_STAR_COLOUR,
                mec="k",
                label=f"optimal ({', '.join(pattern_string(p) for p in sorted(stars))})",
            )
        )
    if special:
        many = len(special) > 1
        handles.append(
            Patch(
                fc=_FACE_COLOUR,
                ec=_FACE_COLOUR,
                alpha=0.6,
                label=f"{len(special) if many else 'a'} face{'s' if many else ''} that "
                f"{'are' if many else 'is'} not a parallelepiped (before)",
            )
        )
    if tiles:
        handles.append(
            Patch(
                fc=_TILE_COLOUR,
                ec=_TILE_COLOUR,
                alpha=0.8,
                label=f"the {len(tiles)} parallelepiped faces tiling "
                f"{'them' if len(special) > 1 else 'it'} (after)",
            )
        )
    if dim == 3:
        handles.append(Line2D([], [], color="0.4", lw=0.9, ls=(0, (3, 3)), label="hidden edge"))
    if not gained and not lost:
        handles.append(Line2D([], [], ls="", label="same vertices before and after"))
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(len(handles), 3),
        fontsize=10,
        frameon=True,
        bbox_to_anchor=(0.5, 0.0),
    )
    suptitle = suptitle or (
        "Type change of the zonotope $Z = \\sum_i [0, \\bar x_i]$ under $X \\to X + "
        "\\varepsilon\\Delta$ (Matena & Raffel 2022, sec. 4.1.1); vertex labels are activation "
        "patterns, example 1 first"
    )
    n_lines = suptitle.count("\n") + 1
    fig.suptitle(suptitle, fontsize=12)
    fig.subplots_adjust(
        left=0.02,
        right=0.985,
        top=0.93 - 0.035 * n_lines,
        bottom=0.17 if len(handles) > 3 else 0.12,
        wspace=0.12,
        hspace=0.42,
    )
    fig.exactrelu_gained = gained
    fig.exactrelu_lost = lost
    fig.exactrelu_optimal = tuple(sorted(stars))
    fig.exactrelu_special_faces = tuple(c for _, c in special)
    fig.exactrelu_eps = eps
    if path is not None:
        fig.savefig(path)
    return fig


def plot_loss_jump(loss_jump, path=None, *, ax=None, dpi=150):
    """L*(X + εΔ) against ε (log axis) with L*(X) at ε = 0 as a dashed line: the jump of the optimum.

    Matena & Raffel (2022), section 4.1.1: for data not in general position the
    global minimum of the squared loss need not be continuous in the data.  The
    values come from a :class:`exactrelu.training.discontinuity.LossJump` (exact
    Fractions, each certified); they are converted to floats only for drawing.

    Parameters
    ----------
    loss_jump : LossJump
        From :func:`exactrelu.training.discontinuity.demonstrate_discontinuity`.
    path : str or path-like, optional
        Write a PNG there (only when a new figure is made).
    ax : matplotlib Axes, optional
        Draw into this axes (e.g. a panel of :func:`plot_type_change`).
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from exactrelu.training.discontinuity import get_discontinuity_example
    >>> fig = plot_loss_jump(get_discontinuity_example("D3").demonstrate())
    >>> fig.exactrelu_values[0]
    (Fraction(0, 1), Fraction(1, 2))
    """
    pts = sorted((Fraction(e), Fraction(g.value)) for e, g in loss_jump.after)
    if not pts or any(e <= 0 for e, _ in pts):
        raise InvalidDataError("plot_loss_jump needs L*(X + εΔ) at positive ε (a log axis)")
    L0 = Fraction(loss_jump.before.value)
    own = ax is None
    if own:
        _, Figure = _mpl()
        fig = Figure(figsize=(5.2, 3.6), dpi=dpi)
        ax = fig.add_subplot(1, 1, 1)
    fig = ax.figure
    xs = [float(e) for e, _ in pts]
    ys = [float(v) for _, v in pts]
    ax.set_xscale("log")
    lo, hi = min(xs) / 4, max(xs) * 4
    ax.plot(xs, ys, "o-", color="#1f77b4", lw=1.8, ms=6, zorder=3, label="$L^*(X + \\varepsilon\\Delta)$")
    ax.axhline(
        float(L0), color="#d62728", ls="--", lw=1.5, zorder=2, label="$L^*(X)$ (at $\\varepsilon = 0$)"
    )
    # the value at ε = 0 cannot sit on a log axis: a marker on the left spine
    from matplotlib.transforms import blended_transform_factory

    tr = blended_transform_factory(ax.transAxes, ax.transData)
    ax.plot([0], [float(L0)], marker="D", ms=7, color="#d62728", transform=tr, clip_on=False, zorder=5)
    ax.annotate(
        f"$L^*(X) = {_frac_str(L0)}$",
        (0.02, float(L0)),
        xycoords=tr,
        xytext=(4, 5),
        textcoords="offset points",
        fontsize=9,
        color="#d62728",
        ha="left",
        va="bottom",
    )
    e_min, v_min = pts[0]
    if v_min != L0:
        ax.annotate(
            "",
            xy=(xs[0], float(L0)),
            xytext=(xs[0], float(v_min)),
            arrowprops=dict(arrowstyle="<->", color="0.3", lw=1.1),
            zorder=4,
        )
        ax.annotate(
            f"jump {_frac_str(L0 - v_min)}",
            (xs[0], (float(L0) + float(v_min)) / 2),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=9,
            color="0.2",
            va="center",
        )
    for (e, v), x, y in zip(pts, xs, ys):
        ax.annotate(
            _frac_str(v),
            (x, y),
            xytext=(0, -13 if y <= float(L0) else 6),
            textcoords="offset points",
            fontsize=8,
            ha="center",
            color="#1f77b4",
        )
    top = max(ys + [float(L0)])
    bottom = min(ys + [float(L0), 0.0])
    span = (top - bottom) or 1.0
    ax.set_ylim(bottom - 0.22 * span, top + 0.25 * span)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("$\\varepsilon$ (log scale)", fontsize=9)
    ax.set_ylabel("$L^*$ (sum of squared residuals)", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, which="major", color="0.92")
    ax.legend(loc="center right", fontsize=8, framealpha=0.9)
    ax.set_title(
        "optimal loss: $L^*(X + \\varepsilon\\Delta)$ for $\\varepsilon \\to 0^+$ vs. $L^*(X)$", fontsize=10
    )
    if own:
        fig.subplots_adjust(left=0.16, right=0.97, bottom=0.16, top=0.88)
    fig.exactrelu_values = [(Fraction(0), L0)] + pts
    if own and path is not None:
        fig.savefig(path)
    return fig


def plot_zonotope_path(
    X, Delta, eps_values, *, bias=True, path=None, reference=None, titles=None, dpi=150, suptitle=None
):
    """Zonotopes of X + εΔ for several ε (e.g. before / at / after a critical value), one common view.

    Matena & Raffel (2022), section 4.1.1: at a critical ε of the path an affine
    dependency holds and a face of the zonotope is not a parallelepiped; on
    either side it is tiled by parallelepipeds, and vertices appear or vanish.
    The panel ``reference`` (default: the middle one) shades its
    non-parallelepiped faces; the other panels shade the faces tiling them and
    ring the vertices absent from the reference panel (red before it, green
    after it).  All decisions are exact; floats only draw.

    Parameters
    ----------
    X, Delta : tables of numbers, shape (N, d)
    eps_values : sequence of exact numbers
    bias : bool
    path : str or path-like, optional
    reference : int, optional
        Index into ``eps_values``.
    titles : sequence of str, optional
    dpi : int
    suptitle : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        With ``exactrelu_rings``: for each panel the sorted tuple of ringed patterns,
        and ``exactrelu_special_faces`` (covectors shaded on the reference panel).

    Examples
    --------
    >>> fig = plot_zonotope_path([[-1, 0], [0, -1], [1, 0], [0, 2]], [[0, 0], [0, 1], [0, 0], [0, 0]], [0, 1, 2])
    >>> fig.exactrelu_rings
    (((0, 1, 0, 0), (1, 0, 1, 1)), (), ((0, 1, 0, 1), (1, 0, 1, 0)))
    """
    from exactrelu.exact.parse import exact_matrix, to_fraction
    from exactrelu.geometry.combinatorial_type import vectors_of
    from exactrelu.geometry.perturbation import perturbed

    _, Figure = _mpl()
    X0 = exact_matrix(X, name="data")
    eps_values = [to_fraction(e, where="epsilon") for e in eps_values]
    if not eps_values:
        raise InvalidDataError("eps_values must not be empty")
    panels = [_Panel(vectors_of(perturbed(X0, Delta, e), bias=bias)) for e in eps_values]
    dim = panels[0].dim
    if dim not in (2, 3):
        raise DegenerateInputError(f"plot_zonotope_path draws zonotopes in R^2 or R^3, not R^{dim}")
    k = len(panels)
    ref = (k // 2) if reference is None else reference
    if not 0 <= ref < k:
        raise InvalidDataError(f"reference must index eps_values (0..{k - 1}), got {reference}")
    special = panels[ref].special_faces()
    titles = list(titles or ()) + [None] * k
    if dim == 3:
        elev, azim = _joint_view([(P.verts, P.edges) for P in panels])
    else:
        elev = azim = None
    colours = chamber_colors(set().union(*(P.verts for P in panels)))
    edge_colors = example_colors(len(X0))
    fig = Figure(figsize=(6.2 * k, 6.0), dpi=dpi)
    axes = fig.subplots(1, k)
    axes = list(axes) if k > 1 else [axes]
    rings, projected = [], []
    for j, (ax, P, e) in enumerate(zip(axes, panels, eps_values)):
        ring = tuple(sorted(set(P.verts) - set(panels[ref].verts))) if j != ref else ()
        tiles = _collect_tiles(P, special, elev, azim) if j != ref else []
        n_special = len(P.special_faces())
        default = f"$\\varepsilon = {_frac_str(e)}$: {len(P.verts)} vertices" + (
            f", {n_special} non-parallelepiped faces" if n_special else ""
        )
        pr = _draw_panel(
            ax,
            P,
            elev=elev,
            azim=azim,
            colors=colours,
            edge_colors=edge_colors,
            title=titles[j] or default,
            ring=ring,
            ring_colour=_LOST_COLOUR if j < ref else _GAINED_COLOUR,
            ring_gid="exactrelu-lost" if j < ref else "exactrelu-gained",
            shade=[c for _, c in special] if j == ref else (),
            tiles=tiles,
        )
        rings.append(ring)
        projected.append([pr(v) for v in P.verts.values()])
    xl, yl = _common_limits(projected)
    for ax in axes:
        ax.set_xlim(*xl)
        ax.set_ylim(*yl)
        ax.set_aspect("equal", adjustable="box")
        ax.title.set_fontsize(12)

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            ms=15,
            mfc="none",
            mec=_LOST_COLOUR,
            mew=2.5,
            label="vertex missing at the reference ε (panels before it)",
        ),
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            ms=15,
            mfc="none",
            mec=_GAINED_COLOUR,
            mew=2.5,
            label="vertex missing at the reference ε (panels after it)",
        ),
        Patch(fc=_FACE_COLOUR, ec=_FACE_COLOUR, alpha=0.6, label="face that is not a parallelepiped"),
        Patch(fc=_TILE_COLOUR, ec=_TILE_COLOUR, alpha=0.8, label="faces tiling it"),
    ]
    if dim == 3:
        handles.append(Line2D([], [], color="0.4", lw=0.9, ls=(0, (3, 3)), label="hidden edge"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=10, bbox_to_anchor=(0.5, 0.0))
    suptitle = suptitle or (
        "Zonotope of $X + \\varepsilon\\Delta$ along the path (Matena & Raffel 2022, "
        "sec. 4.1.1); vertex labels are activation patterns, example 1 first"
    )
    fig.suptitle(suptitle, fontsize=12)
    fig.subplots_adjust(
        left=0.02, right=0.98, top=0.92 - 0.045 * (suptitle.count("\n") + 1), bottom=0.1, wspace=0.08
    )
    fig.exactrelu_rings = tuple(rings)
    fig.exactrelu_special_faces = tuple(c for _, c in special)
    if path is not None:
        fig.savefig(path)
    return fig
