"""The figure a plotting function draws on, and reading its coordinates back.

A fresh :class:`matplotlib.figure.Figure` on an Agg canvas (no pyplot, no global
matplotlib state), the class colours shared by the figures, and the float
coordinates of drawn collections, which the drawing records return so that tests
can compare them with the exact inputs.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure


_CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf")


def class_color(i: int) -> tuple[float, float, float]:
    return to_rgb(_CLASS_COLORS[i % len(_CLASS_COLORS)])


def light_color(rgb: tuple[float, float, float], amount: float = 0.3) -> tuple[float, float, float]:
    r, g, b = rgb
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


def new_figure(size: tuple[float, float]) -> tuple[Figure, Axes]:
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def segments_array(collection: LineCollection) -> np.ndarray:
    segs = collection.get_segments()
    if not segs:
        return np.empty((0, 2, 2))
    return np.asarray([np.asarray(s, dtype=float) for s in segs])


def polygons_array(collection: PolyCollection) -> list[np.ndarray]:
    out = []
    for path in collection.get_paths():
        xy = np.asarray(path.vertices, dtype=float)
        # closed paths repeat the first vertex
        if len(xy) > 1 and np.array_equal(xy[0], xy[-1]):
            xy = xy[:-1]
        out.append(xy)
    return out
