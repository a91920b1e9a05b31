"""Figures of exact 2-D input slices: activation regions, class cells and the decision boundary."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tropgeo.adapters._plot_checks import (
    box_string,
    check_class_names,
    data_points,
    float_box,
    float_pair,
    float_polygon,
)
from tropgeo.adapters._plot_figure import class_color, light_color, new_figure, polygons_array, segments_array
from tropgeo.adapters._plot_output import output_path, save_figure
from tropgeo.errors import InvalidInputError
from tropgeo.slices import InputSlice

__all__ = ["SliceDrawing", "plot_input_slice"]


@dataclass(frozen=True, eq=False)
class SliceDrawing:
    """What :func:`plot_input_slice` drew.

    Attributes
    ----------
    figure, axes : matplotlib Figure and Axes
    fills : PolyCollection
        The filled polygons: the class cells (``color_by="class"``) or the activation
        regions (``color_by="region"``), in the slice's order.
    edges : PolyCollection
        The outlines of the activation regions, in the slice's order.
    boundary : LineCollection
        The decision boundary segments, in the slice's order.
    points : PathCollection or None
        The scattered data points.
    path : Path or None
        Where the PNG was saved (``path``, with ``.png`` appended when it had no suffix).

    Examples
    --------
    >>> from tropgeo import ReLUNetwork
    >>> from tropgeo.slices import input_slice
    >>> S = input_slice(ReLUNetwork([[1, 0], [0, 1]], [[1, 1], [0, 0]], c2=[0, 1]), box=((-1, 2), (-1, 2)))
    >>> d = plot_input_slice(S, color_by="region", X=[[0, 0], [1.5, 1.5]], y=[1, 0])
    >>> len(d.drawn_fills()), len(d.drawn_edges())      # one fill per activation region
    (4, 4)
    >>> d.drawn_boundary().tolist()[1]
    [[0.0, 1.0], [1.0, 0.0]]
    >>> d.drawn_points().tolist()
    [[0.0, 0.0], [1.5, 1.5]]
    """

    figure: Figure
    axes: Axes
    fills: PolyCollection
    edges: PolyCollection
    boundary: LineCollection
    points: PathCollection | None
    path: Path | None

    def drawn_fills(self) -> list[np.ndarray]:
        """Float vertices of each filled polygon, in drawing order, each of shape ``(v, 2)``."""
        return polygons_array(self.fills)

    def drawn_edges(self) -> list[np.ndarray]:
        """Float vertices of each drawn region outline, each of shape ``(v, 2)``."""
        return polygons_array(self.edges)

    def drawn_boundary(self) -> np.ndarray:
        """Float end points of the drawn boundary segments, shape ``(s, 2, 2)``."""
        return segments_array(self.boundary)

    def drawn_points(self) -> np.ndarray:
        """Float coordinates of the scattered points, shape ``(m, 2)``."""
        return np.empty((0, 2)) if self.points is None else np.asarray(self.points.get_offsets(), dtype=float)


# ColorBrewer Set3: pastel, and distinct from the class colours
_REGION_COLORS = ("#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                  "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f")


def plot_input_slice(
    input_slice: InputSlice,
    *,
    color_by: str = "class",
    X: Any = None,
    y: Any = None,
    path: str | os.PathLike | None = None,
    title: str | None = None,
    class_names: Sequence[str] | None = None,
) -> SliceDrawing:
    """Draw the exact activation regions and decision boundary of a 2-D input slice.

    Draws, from the bottom up: a light fill per class cell (the predicted class's
    colour) or per activation region, the grey outlines of the activation regions, and
    the exact decision boundary segments in black.  Axes are the slice coordinates
    ``(s, t)`` over the slice's box (``x1``, ``x2`` for the identity slice of a
    2-input network).

    Parameters
    ----------
    input_slice : tropgeo.slices.InputSlice
        The result of :func:`tropgeo.slices.input_slice`.
    color_by : {"class", "region"}
        Fill the class cells by predicted class, or each activation region in its own
        light colour.
    X : array_like of shape (n, 2), optional
        Data points in slice coordinates (floats), coloured by ``y`` when given.
    y : array_like of int, optional
    path : str or os.PathLike, optional
        Save the figure as a PNG there: the name must end in ``.png`` or have no
        suffix (then ``.png`` is appended); a file not written by tropgeo is never
        overwritten.  The path is checked before anything is drawn.
    title : str, optional
    class_names : sequence of str, optional
        Legend names of the classes, one for each class of the network (and each
        label in ``y``).

    Returns
    -------
    SliceDrawing

    Examples
    --------
    >>> from tropgeo import ReLUNetwork
    >>> from tropgeo.slices import input_slice
    >>> S = input_slice(ReLUNetwork([[1, 0], [0, 1]], [[1, 1], [0, 0]], c2=[0, 1]), box=((-1, 2), (-1, 2)))
    >>> d = plot_input_slice(S)
    >>> d.drawn_boundary().tolist()
    [[[-1.0, 1.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [1.0, -1.0]]]
    >>> len(d.drawn_fills()), len(d.drawn_edges())      # 7 class cells in 4 activation regions
    (7, 4)
    >>> plot_input_slice(S, color_by="unit")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: color_by='unit' must be 'class' or 'region'
    >>> plot_input_slice(S, path="figure.pdf")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='figure.pdf' has the suffix '.pdf'; tropgeo draws PNG figures, so the path must end in .png (or have no suffix, and .png is appended)
    """
    if not isinstance(input_slice, InputSlice):
        raise InvalidInputError(f"input_slice must be an InputSlice (from tropgeo.slices.input_slice), "
                                f"got {type(input_slice).__name__}")
    if color_by not in ("class", "region"):
        raise InvalidInputError(f"color_by={color_by!r} must be 'class' or 'region'")
    target = output_path(path)
    Xa, ya = data_points(X, y)
    S = input_slice
    n_named = max(S.network.n_classes, 0 if ya is None or not ya.size else int(ya.max()) + 1)
    check_class_names(class_names, n_named)
    (s0, s1), (t0, t1) = float_box(S.box)
    width, height = s1 - s0, t1 - t0
    figure, axes = new_figure((7.6, min(max(5.0 * height / width + 0.8, 2.5), 8.0)))
    colors: list[Any]
    if color_by == "class":
        polys = [float_polygon(c.vertices) for c in S.class_cells]
        colors = [light_color(class_color(c.predicted)) for c in S.class_cells]
    else:
        polys = [float_polygon(r.vertices) for r in S.regions]
        colors = [_REGION_COLORS[(5 * i) % len(_REGION_COLORS)] for i in range(len(S.regions))]
    fills = PolyCollection(polys, closed=True, facecolors=colors, edgecolors="none", zorder=0)
    axes.add_collection(fills, autolim=False)
    edges = PolyCollection([float_polygon(r.vertices) for r in S.regions], closed=True, facecolors="none",
                           edgecolors="0.45", linewidths=0.6, zorder=1)
    axes.add_collection(edges, autolim=False)
    boundary = LineCollection([[float_pair(b.start), float_pair(b.end)] for b in S.boundary],
                              colors="black", linewidths=2.0, zorder=2)
    axes.add_collection(boundary, autolim=False)
    points = None
    if Xa is not None:
        point_colors: Any = "0.2" if ya is None else [class_color(int(c)) for c in ya]
        points = axes.scatter(Xa[:, 0], Xa[:, 1], c=point_colors, s=14, edgecolors="black", linewidths=0.4, zorder=3)
    # class patches name fill colours (color_by="class") or the data points' colours
    classes = sorted(({c.predicted for c in S.class_cells} if color_by == "class" else set())
                     | (set() if ya is None else set(ya.tolist())))
    handles: list[Any] = [
        Patch(facecolor=light_color(class_color(c)) if color_by == "class" else class_color(c), edgecolor="0.3",
              label=class_names[c] if class_names is not None and c < len(class_names) else f"class {c}")
        for c in classes
    ]
    handles.append(Line2D([], [], color="black", linewidth=2.0, label="decision boundary"))
    handles.append(Line2D([], [], color="0.45", linewidth=0.6,
                          label=f"activation regions ({S.n_regions};\n{S.n_linear_regions} linear regions)"))
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    axes.set_xlim(s0, s1)
    axes.set_ylim(t0, t1)
    if axes.get_xlim() != (s0, s1) or axes.get_ylim() != (t0, t1):
        # matplotlib widens a range too narrow for its floats: the picture would not show the box
        raise InvalidInputError(
            f"box={box_string(S.box)} cannot be drawn in floats: its sides are too narrow for their size "
            f"(matplotlib would show {tuple(map(float, axes.get_xlim()))} x {tuple(map(float, axes.get_ylim()))}); rescale the slice (its origin, d1, d2) so the box sides are not tiny next to its coordinates"
        )
    axes.set_aspect("equal")
    identity = S.network.n_inputs == 2 and S.d1 == (1, 0) and S.d2 == (0, 1) and S.origin == (0, 0)
    axes.set_xlabel("$x_1$" if identity else "$s$ (along $d_1$)")
    axes.set_ylabel("$x_2$" if identity else "$t$ (along $d_2$)")
    if title:
        axes.set_title(title)
    saved = save_figure(figure, target)
    return SliceDrawing(figure, axes, fills, edges, boundary, points, saved)
