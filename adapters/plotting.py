"""Figures of exact 2-D geometry (matplotlib, Agg canvas, no pyplot).

Plotting never computes geometry: it receives exact results (``int`` or
``Fraction`` coordinates, from :mod:`tropgeo`) and converts them to floats for
drawing only.  Each function returns a small frozen record of the artists it
drew, so tests and callers can read back the drawn coordinates, and saves a
PNG when given a ``path``.  No global matplotlib state is touched: figures are
built with :class:`matplotlib.figure.Figure` on an Agg canvas.

Examples
--------
>>> from fractions import Fraction as F
>>> drawing = plot_polygon([(0, 0), (2, 0), (0, 1), (F(3, 2), 1)], edges=[((0, 0), (F(3, 2), 1))])
>>> drawing.drawn_boundary().tolist()
[[1.5, 1.0], [0.0, 1.0], [0.0, 0.0], [2.0, 0.0]]
>>> drawing.drawn_edges().tolist()
[[[0.0, 0.0], [1.5, 1.0]]]
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Polygon

from tropgeo.adapters._plot_checks import data_points, exact_pairs, exact_point, float_pair, view_limits
from tropgeo.adapters._plot_figure import class_color, light_color, new_figure, segments_array
from tropgeo.adapters._plot_output import figure_path, output_path, save_figure
from tropgeo.adapters._plot_slice import SliceDrawing, plot_input_slice
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, to_fraction_string

__all__ = [
    "RegionsDrawing",
    "PolygonDrawing",
    "SliceDrawing",
    "plot_decision_regions",
    "plot_polygon",
    "plot_input_slice",
    "figure_path",
]


@dataclass(frozen=True, eq=False)
class RegionsDrawing:
    """What :func:`plot_decision_regions` drew.

    Attributes
    ----------
    figure, axes : matplotlib Figure and Axes
    regions : AxesImage
        The class of each grid cell, as returned by ``predict_grid``.
    segments : LineCollection
        The exact segments, one line each, in the order given.
    rays : LineCollection
        Each ray drawn from its origin to a point beyond the view box.
    points : PathCollection or None
        The scattered data points.
    path : Path or None
        Where the PNG was saved (``path``, with ``.png`` appended when it had no suffix).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> d = plot_decision_regions(lambda P: (P[:, 0] > P[:, 1]).astype(int), [((0, 0), (F(1, 2), F(1, 2)))],
    ...                           xlim=(0, 1), ylim=(0, 1), X=[[0.25, 0.75], [0.75, 0.25]], y=[0, 1], resolution=4)
    >>> d.drawn_segments().tolist()
    [[[0.0, 0.0], [0.5, 0.5]]]
    >>> d.drawn_points().tolist()
    [[0.25, 0.75], [0.75, 0.25]]
    >>> d.regions.get_array().tolist()[0], d.path is None
    ([0, 1, 1, 1], True)
    """

    figure: Figure
    axes: Axes
    regions: AxesImage
    segments: LineCollection
    rays: LineCollection
    points: PathCollection | None
    path: Path | None

    def drawn_segments(self) -> np.ndarray:
        """Float end points of the drawn segments, shape ``(s, 2, 2)``."""
        return segments_array(self.segments)

    def drawn_points(self) -> np.ndarray:
        """Float coordinates of the scattered points, shape ``(m, 2)``."""
        return np.empty((0, 2)) if self.points is None else np.asarray(self.points.get_offsets(), dtype=float)


@dataclass(frozen=True, eq=False)
class PolygonDrawing:
    """What :func:`plot_polygon` drew.

    Attributes
    ----------
    figure, axes : matplotlib Figure and Axes
    boundary : Polygon
        The polygon, vertices counter-clockwise around the barycentre.
    edges : LineCollection
        The inner edges, in the order given.
    vertices : PathCollection
        The vertex markers.
    path : Path or None
        Where the PNG was saved (``path``, with ``.png`` appended when it had no suffix).

    Examples
    --------
    >>> import os, shutil, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> d = plot_polygon([(2, 0), (0, 0), (0, 2)], edges=[((0, 0), (1, 1))], path=os.path.join(folder, "triangle"))
    >>> d.drawn_boundary().tolist()
    [[0.0, 2.0], [0.0, 0.0], [2.0, 0.0]]
    >>> d.drawn_vertices().tolist() == d.drawn_boundary().tolist()
    True
    >>> d.drawn_edges().tolist()
    [[[0.0, 0.0], [1.0, 1.0]]]
    >>> d.path.name, d.path.is_file()
    ('triangle.png', True)
    >>> shutil.rmtree(folder)
    """

    figure: Figure
    axes: Axes
    boundary: Polygon
    edges: LineCollection
    vertices: PathCollection
    path: Path | None

    def drawn_boundary(self) -> np.ndarray:
        """Float vertices of the drawn polygon in drawing order, shape ``(v, 2)``."""
        xy = np.asarray(self.boundary.get_xy(), dtype=float)
        # matplotlib closes the path by repeating the first vertex
        if len(xy) > 1 and np.array_equal(xy[0], xy[-1]):
            xy = xy[:-1]
        return xy

    def drawn_edges(self) -> np.ndarray:
        """Float end points of the drawn inner edges, shape ``(e, 2, 2)``."""
        return segments_array(self.edges)

    def drawn_vertices(self) -> np.ndarray:
        """Float coordinates of the vertex markers, shape ``(v, 2)``."""
        return np.asarray(self.vertices.get_offsets(), dtype=float)


# --- decision regions ---------------------------------------------------------


def plot_decision_regions(
    predict_grid: Callable[[np.ndarray], Any],
    segments: Sequence[Any],
    *,
    xlim: Sequence[float],
    ylim: Sequence[float],
    X: Any = None,
    y: Any = None,
    rays: Sequence[Any] = (),
    path: str | os.PathLike | None = None,
    title: str | None = None,
    class_names: Sequence[str] | None = None,
    segment_label: str | None = None,
    resolution: int = 300,
) -> RegionsDrawing:
    """Draw class regions, data points, and exact segments over them.

    Parameters
    ----------
    predict_grid : callable
        Maps an ``(m, 2)`` float64 array of points to ``m`` class indices
        (for example the float torch model's argmax, or the exact network's
        predictions).  It is called once, on the centres of a
        ``resolution x resolution`` grid over ``xlim x ylim``.
    segments : sequence of ((x1, y1), (x2, y2))
        Exact (int/Fraction) end points, e.g. the bounded pieces of the
        tropical hypersurface T(R) or of a decision boundary; drawn in black.
    xlim, ylim : (low, high)
        The view box (floats allowed: they only frame the picture).
    X : array_like of shape (n, 2), optional
        Data points to scatter (floats), colored by ``y`` when given.
    y : array_like of int, optional
        Class of each data point.
    rays : sequence of ((x, y), (dx, dy)), optional
        Exact origin and direction of unbounded pieces; each is drawn from its
        origin to a point beyond the view box.
    path : str or os.PathLike, optional
        Save the figure as a PNG there: the name must end in ``.png`` or have no
        suffix (then ``.png`` is appended); a file not written by tropgeo is never
        overwritten.
    title : str, optional
    class_names : sequence of str, optional
        Legend names of the classes of the data points.
    segment_label : str, optional
        Legend entry for the segments (for example ``"T(R)"``).
    resolution : int
        Grid cells per axis.

    Returns
    -------
    RegionsDrawing

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction as F
    >>> drawing = plot_decision_regions(
    ...     lambda P: (P[:, 0] > P[:, 1]).astype(int), [((0, 0), (F(1, 2), F(1, 2)))],
    ...     rays=[((F(1, 2), F(1, 2)), (1, 1))], xlim=(-1, 1), ylim=(-1, 1), resolution=20)
    >>> drawing.drawn_segments().tolist()
    [[[0.0, 0.0], [0.5, 0.5]]]
    >>> drawing.regions.get_array().shape
    (20, 20)
    """
    if not callable(predict_grid):
        raise InvalidInputError(f"predict_grid={predict_grid!r} must be a callable mapping (m, 2) points to classes")
    target = output_path(path)
    exact_segments = exact_pairs(segments, "segments")
    exact_rays = exact_pairs(rays, "rays")
    for i, (_, d) in enumerate(exact_rays):
        if d == (0, 0):
            raise InvalidInputError(f"rays[{i}] has direction (0, 0); a ray needs a non-zero direction")
    x0, x1 = view_limits(xlim, "xlim")
    y0, y1 = view_limits(ylim, "ylim")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise InvalidInputError(f"resolution={resolution!r} must be an int >= 2")

    # pixel centres, so the image extent is exactly the view box
    xs = x0 + (np.arange(resolution) + 0.5) * (x1 - x0) / resolution
    ys = y0 + (np.arange(resolution) + 0.5) * (y1 - y0) / resolution
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    labels = np.asarray(predict_grid(grid))
    if labels.shape != (len(grid),):
        raise InvalidInputError(
            f"predict_grid returned shape {labels.shape} for {len(grid)} points; expected ({len(grid)},)"
        )
    if labels.dtype.kind not in "iub" or (labels.size and labels.min() < 0):
        raise InvalidInputError(f"predict_grid must return class indices >= 0, got dtype {labels.dtype}")
    labels = labels.astype(np.int64)

    Xa, ya = data_points(X, y)

    n_classes = int(max(labels.max(initial=0), -1 if ya is None else ya.max(initial=0))) + 1
    n_classes = max(n_classes, 2, len(class_names) if class_names is not None else 0)
    cmap = ListedColormap([light_color(class_color(i)) for i in range(n_classes)])

    figure, axes = new_figure((6.0, 5.2))
    regions = axes.imshow(
        labels.reshape(resolution, resolution), origin="lower", extent=(x0, x1, y0, y1), cmap=cmap,
        vmin=-0.5, vmax=n_classes - 0.5, interpolation="nearest", aspect="auto", zorder=0,
    )
    points = None
    if Xa is not None:
        if ya is None:
            colors: Any = "0.2"
        else:
            colors = [class_color(int(c)) for c in ya]
        points = axes.scatter(Xa[:, 0], Xa[:, 1], c=colors, s=16, edgecolors="black", linewidths=0.4, zorder=3)
        if ya is not None:
            for c in sorted(set(ya.tolist())):
                name = class_names[c] if class_names is not None and c < len(class_names) else f"class {c}"
                axes.scatter([], [], color=class_color(c), edgecolors="black", linewidths=0.4, s=16, label=name)
    seg_lines = LineCollection(
        [[float_pair(a), float_pair(b)] for a, b in exact_segments],
        colors="black", linewidths=1.8, zorder=4, label=segment_label,
    )
    axes.add_collection(seg_lines, autolim=False)
    span = (x1 - x0) + (y1 - y0)
    ray_segments = []
    for origin, direction in exact_rays:
        ox, oy = float_pair(origin)
        dx, dy = float_pair(direction)
        # long enough to leave the view box from any origin: drawing only, matplotlib clips it
        t = (span + abs(ox - (x0 + x1) / 2) + abs(oy - (y0 + y1) / 2)) / float(np.hypot(dx, dy))
        ray_segments.append([(ox, oy), (ox + t * dx, oy + t * dy)])
    ray_lines = LineCollection(ray_segments, colors="black", linewidths=1.8, zorder=4)
    axes.add_collection(ray_lines, autolim=False)
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_xlabel("$x_1$")
    axes.set_ylabel("$x_2$")
    if title:
        axes.set_title(title)
    if (ya is not None) or segment_label:
        axes.legend(loc="upper right", fontsize=8, framealpha=0.85)
    saved = save_figure(figure, target)
    return RegionsDrawing(figure, axes, regions, seg_lines, ray_lines, points, saved)


# --- polygons -------------------------------------------------------------------


def _ccw_order(points: list[tuple[Exact, Exact]]) -> list[tuple[Exact, Exact]]:
    """Distinct points sorted counter-clockwise around their barycentre, exactly.

    Starts at the direction of the positive x axis (angle 0, inclusive).
    """
    unique = sorted(set(points))
    n = len(unique)
    bx = Fraction(sum(p[0] for p in unique), n)
    by = Fraction(sum(p[1] for p in unique), n)

    def half(d: tuple[Fraction, Fraction]) -> int:
        dx, dy = d
        if dx == 0 and dy == 0:
            return -1
        return 0 if (dy > 0 or (dy == 0 and dx > 0)) else 1

    def cmp(p: tuple[Exact, Exact], q: tuple[Exact, Exact]) -> int:
        dp = (p[0] - bx, p[1] - by)
        dq = (q[0] - bx, q[1] - by)
        hp, hq = half(dp), half(dq)
        if hp != hq:
            return -1 if hp < hq else 1
        cross = dp[0] * dq[1] - dp[1] * dq[0]
        if cross != 0:
            return -1 if cross > 0 else 1
        # same direction: nearer first (only for collinear, degenerate input)
        np_, nq = dp[0] ** 2 + dp[1] ** 2, dq[0] ** 2 + dq[1] ** 2
        return (np_ > nq) - (np_ < nq)

    return sorted(unique, key=functools.cmp_to_key(cmp))


def plot_polygon(
    vertices: Sequence[Any],
    *,
    edges: Sequence[Any] | None = None,
    path: str | os.PathLike | None = None,
    title: str | None = None,
    label_vertices: bool = False,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> PolygonDrawing:
    """Draw a convex polygon from its exact vertices, with optional inner edges.

    The vertices may come in any order: they are sorted counter-clockwise
    around their barycentre by exact comparisons (repeated vertices are
    dropped), then converted to floats for drawing.

    Parameters
    ----------
    vertices : sequence of (x, y)
        Exact (int/Fraction) vertices of a convex polygon, e.g. of a Newton
        polytope or of ``ConvHull(Z_G1, Z_G2)``.
    edges : sequence of ((x1, y1), (x2, y2)), optional
        Exact inner edges, e.g. the edges of a dual subdivision.
    path : str or os.PathLike, optional
        Save the figure as a PNG there: the name must end in ``.png`` or have no
        suffix (then ``.png`` is appended); a file not written by tropgeo is never
        overwritten.
    title : str, optional
    label_vertices : bool
        Write each vertex's exact coordinates (``p/q``) next to it.
    xlabel, ylabel : str, optional
        Axis labels (e.g. which exponent each axis counts).

    Returns
    -------
    PolygonDrawing

    Examples
    --------
    >>> drawing = plot_polygon([(1, 1), (0, 0), (1, 0), (0, 1), (1, 0)])
    >>> drawing.drawn_vertices().tolist()
    [[1.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]
    >>> plot_polygon([(0.5, 0)])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: vertices[0][0]=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    """
    target = output_path(path)
    try:
        items = list(vertices)
    except TypeError:
        raise InvalidInputError(f"vertices must be a sequence of 2-D points, got {vertices!r}") from None
    if not items:
        raise InvalidInputError("vertices is empty; a polygon needs at least one vertex")
    exact_vertices = [exact_point(v, f"vertices[{i}]") for i, v in enumerate(items)]
    exact_edges = exact_pairs(edges if edges is not None else (), "edges")
    ordered = _ccw_order(exact_vertices)
    xy = np.array([float_pair(p) for p in ordered], dtype=float)

    all_xy = [xy] + [np.array([float_pair(a), float_pair(b)]) for a, b in exact_edges]
    stacked = np.vstack(all_xy)
    lo, hi = stacked.min(axis=0), stacked.max(axis=0)
    extent = float((hi - lo).max())
    pad = (0.14 if label_vertices else 0.08) * extent if extent > 0 else 0.5
    width, height = float(hi[0] - lo[0]) + 2 * pad, float(hi[1] - lo[1]) + 2 * pad
    # size the figure to the polygon's aspect ratio, so equal axes leave no empty bands
    figure, axes = new_figure((6.0, min(max(6.0 * height / width + 0.6, 2.5), 8.0)))
    boundary = Polygon(xy, closed=True, facecolor="#dbe8f5", edgecolor="#1f4e79", linewidth=1.8, zorder=1)
    axes.add_patch(boundary)
    edge_lines = LineCollection(
        [[float_pair(a), float_pair(b)] for a, b in exact_edges],
        colors="#1f4e79", linewidths=1.0, linestyles="solid", zorder=2,
    )
    axes.add_collection(edge_lines, autolim=False)
    marks = axes.scatter(xy[:, 0], xy[:, 1], s=28, color="#c0392b", edgecolors="black", linewidths=0.5, zorder=3)
    if label_vertices:
        for p, (fx, fy) in zip(ordered, xy):
            axes.annotate(
                f"({to_fraction_string(p[0])}, {to_fraction_string(p[1])})", (fx, fy),
                textcoords="offset points", xytext=(4, 4), fontsize=7, zorder=4,
            )
    axes.set_xlim(lo[0] - pad, hi[0] + pad)
    axes.set_ylim(lo[1] - pad, hi[1] + pad)
    axes.set_aspect("equal")
    axes.grid(True, linewidth=0.3, alpha=0.5)
    if title:
        axes.set_title(title)
    if xlabel:
        axes.set_xlabel(xlabel)
    if ylabel:
        axes.set_ylabel(ylabel)
    saved = save_figure(figure, target)
    return PolygonDrawing(figure, axes, boundary, edge_lines, marks, saved)
