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
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact, to_fraction_string
from tropgeo.slices import InputSlice

__all__ = [
    "RegionsDrawing",
    "PolygonDrawing",
    "SliceDrawing",
    "plot_decision_regions",
    "plot_polygon",
    "plot_input_slice",
    "figure_path",
]

_CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf")


def _class_color(i: int) -> tuple[float, float, float]:
    return to_rgb(_CLASS_COLORS[i % len(_CLASS_COLORS)])


def _light(rgb: tuple[float, float, float], amount: float = 0.3) -> tuple[float, float, float]:
    r, g, b = rgb
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


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
        return _segments_array(self.segments)

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
        return _segments_array(self.edges)

    def drawn_vertices(self) -> np.ndarray:
        """Float coordinates of the vertex markers, shape ``(v, 2)``."""
        return np.asarray(self.vertices.get_offsets(), dtype=float)


def _segments_array(collection: LineCollection) -> np.ndarray:
    segs = collection.get_segments()
    if not segs:
        return np.empty((0, 2, 2))
    return np.asarray([np.asarray(s, dtype=float) for s in segs])


# --- input checks (exact in, float out) -----------------------------------------


def _exact_point(p: Any, name: str) -> tuple[Exact, Exact]:
    try:
        items = list(p)
    except TypeError:
        raise InvalidInputError(f"{name}={p!r} must be a 2-D point (x, y) of exact numbers") from None
    if len(items) != 2:
        raise InvalidInputError(f"{name}={p!r} must be a 2-D point (x, y), got {len(items)} coordinates")
    return as_exact(items[0], name=f"{name}[0]"), as_exact(items[1], name=f"{name}[1]")


def _exact_pairs(pairs: Any, name: str) -> list[tuple[tuple[Exact, Exact], tuple[Exact, Exact]]]:
    try:
        items = list(pairs)
    except TypeError:
        raise InvalidInputError(f"{name} must be a sequence of pairs of 2-D points, got {pairs!r}") from None
    out = []
    for i, pair in enumerate(items):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise InvalidInputError(f"{name}[{i}]={pair!r} must be a pair of 2-D points") from None
        out.append((_exact_point(a, f"{name}[{i}][0]"), _exact_point(b, f"{name}[{i}][1]")))
    return out


def _limits(lim: Any, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in lim)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name}={lim!r} must be a pair (low, high) of numbers") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InvalidInputError(f"{name}={lim!r} must be finite with low < high")
    return lo, hi


def _as_float_pair(p: tuple[Exact, Exact]) -> tuple[float, float]:
    return float(p[0]), float(p[1])


def _output_path(path: str | os.PathLike | None) -> Path | None:
    """The exact file a figure will be written to, checked before anything is drawn.

    tropgeo draws PNGs only: a name without a suffix gets ``.png`` appended (as
    matplotlib would do when saving), any suffix other than ``.png`` is refused, and
    the check that a user's file is never overwritten is made on that final path.
    """
    if path is None:
        return None
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"path={path!r} must be a str or os.PathLike naming a .png file")
    p = Path(path)
    if p.name in ("", ".", "..") or p.is_dir():
        raise InvalidInputError(f"path={str(path)!r} must name a .png file, not a folder")
    if p.suffix == "":
        p = p.with_name(p.name + ".png")
    elif p.suffix.lower() != ".png":
        raise InvalidInputError(
            f"path={str(path)!r} has the suffix {p.suffix!r}; tropgeo draws PNG figures, "
            "so the path must end in .png (or have no suffix, and .png is appended)"
        )
    if not p.parent.is_dir():
        raise InvalidInputError(f"path={str(p)!r}: the folder {str(p.parent)!r} does not exist")
    if p.is_symlink() or (p.exists() and not p.is_file()):
        raise InvalidInputError(f"path={str(p)!r} exists and is not a regular file; refusing to write there")
    if p.exists() and not _is_our_png(p):
        raise InvalidInputError(
            f"path={str(p)!r} exists and is not a figure written by tropgeo; "
            "remove it or choose another path (a user's file is never overwritten)"
        )
    return p


def figure_path(path: str | os.PathLike) -> Path:
    """The file a plotting function given ``path`` writes, checked as it checks it.

    For callers that draw after a long computation: checking first means a bad path is
    refused before the work, not after it.  ``.png`` is appended to a name without a
    suffix; another suffix, a missing folder, or an existing file that is not a figure
    written by tropgeo is refused.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> figure_path(os.path.join(folder, "regions")).name
    'regions.png'
    >>> with open(os.path.join(folder, "mine.png"), "wb") as fh:
    ...     _ = fh.write(b"a user's picture")
    >>> figure_path(os.path.join(folder, "mine.png"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../mine.png' exists and is not a figure written by tropgeo; remove it or choose another path (a user's file is never overwritten)
    >>> import shutil
    >>> shutil.rmtree(folder)
    """
    target = _output_path(path)
    if target is None:
        raise InvalidInputError("path=None must be a str or os.PathLike naming a .png file")
    return target


def _save(figure: Figure, target: Path | None) -> Path | None:
    """Write ``figure`` to ``target`` (from :func:`_output_path`), re-checking it just before writing."""
    if target is None:
        return None
    _output_path(target)  # a user's file may have appeared there while the figure was drawn
    figure.savefig(target, format="png", dpi=150, metadata={"Software": _SOFTWARE})
    return target


_SOFTWARE = "tropgeo"


def _is_our_png(p: Path) -> bool:
    """A PNG whose text chunk says it was written by :func:`_save` (read: the first 64 KiB)."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    return head.startswith(b"\x89PNG\r\n\x1a\n") and b"Software\x00" + _SOFTWARE.encode() in head


def _new_figure(size: tuple[float, float]) -> tuple[Figure, Axes]:
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


# --- decision regions ---------------------------------------------------------


def _data_points(X: Any, y: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The optional data drawn over a figure: ``X`` of shape ``(n, 2)`` and class labels ``y``."""
    Xa = ya = None
    if X is not None:
        Xa = _float_points(X)
        if y is not None:
            try:
                ya = np.asarray(y)
            except (TypeError, ValueError):
                raise InvalidInputError(f"y must hold {len(Xa)} class indices >= 0, got {y!r}") from None
            if ya.shape != (len(Xa),) or ya.dtype.kind not in "iu" or (ya.size and ya.min() < 0):
                raise InvalidInputError(f"y must hold {len(Xa)} class indices >= 0, got shape {ya.shape}")
    elif y is not None:
        raise InvalidInputError("y was given without X")
    return Xa, ya


def _float_points(X: Any) -> np.ndarray:
    """``X`` as a finite float array of shape ``(n, 2)`` (drawing only, so floats are fine here)."""
    if hasattr(X, "detach") and callable(X.detach):  # a torch tensor, possibly requiring grad
        X = X.detach().cpu().numpy()
    try:
        raw = np.asarray(X)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"X must be an array of shape (n, 2) of real numbers; it is not an array: {err}") from None
    if raw.dtype.kind not in "iufO":
        raise InvalidInputError(f"X must hold real numbers (int, float or Fraction), got dtype {raw.dtype}")
    try:
        Xa = raw.astype(float)
    except (TypeError, ValueError, OverflowError) as err:
        raise InvalidInputError(f"X must hold real numbers (int, float or Fraction): {err}") from None
    if Xa.ndim != 2 or Xa.shape[1] != 2:
        raise InvalidInputError(f"X must have shape (n, 2), got {Xa.shape}")
    bad = np.flatnonzero(~np.isfinite(Xa).all(axis=1))
    if bad.size:
        i = int(bad[0])
        raise InvalidInputError(f"X[{i}]={Xa[i].tolist()} is not finite (NaN or infinite); data points must be finite")
    return Xa


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
    target = _output_path(path)
    exact_segments = _exact_pairs(segments, "segments")
    exact_rays = _exact_pairs(rays, "rays")
    for i, (_, d) in enumerate(exact_rays):
        if d == (0, 0):
            raise InvalidInputError(f"rays[{i}] has direction (0, 0); a ray needs a non-zero direction")
    x0, x1 = _limits(xlim, "xlim")
    y0, y1 = _limits(ylim, "ylim")
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

    Xa, ya = _data_points(X, y)

    n_classes = int(max(labels.max(initial=0), -1 if ya is None else ya.max(initial=0))) + 1
    n_classes = max(n_classes, 2, len(class_names) if class_names is not None else 0)
    cmap = ListedColormap([_light(_class_color(i)) for i in range(n_classes)])

    figure, axes = _new_figure((6.0, 5.2))
    regions = axes.imshow(
        labels.reshape(resolution, resolution), origin="lower", extent=(x0, x1, y0, y1), cmap=cmap,
        vmin=-0.5, vmax=n_classes - 0.5, interpolation="nearest", aspect="auto", zorder=0,
    )
    points = None
    if Xa is not None:
        if ya is None:
            colors: Any = "0.2"
        else:
            colors = [_class_color(int(c)) for c in ya]
        points = axes.scatter(Xa[:, 0], Xa[:, 1], c=colors, s=16, edgecolors="black", linewidths=0.4, zorder=3)
        if ya is not None:
            for c in sorted(set(ya.tolist())):
                name = class_names[c] if class_names is not None and c < len(class_names) else f"class {c}"
                axes.scatter([], [], color=_class_color(c), edgecolors="black", linewidths=0.4, s=16, label=name)
    seg_lines = LineCollection(
        [[_as_float_pair(a), _as_float_pair(b)] for a, b in exact_segments],
        colors="black", linewidths=1.8, zorder=4, label=segment_label,
    )
    axes.add_collection(seg_lines, autolim=False)
    span = (x1 - x0) + (y1 - y0)
    ray_segments = []
    for origin, direction in exact_rays:
        ox, oy = _as_float_pair(origin)
        dx, dy = _as_float_pair(direction)
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
    saved = _save(figure, target)
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
    target = _output_path(path)
    try:
        items = list(vertices)
    except TypeError:
        raise InvalidInputError(f"vertices must be a sequence of 2-D points, got {vertices!r}") from None
    if not items:
        raise InvalidInputError("vertices is empty; a polygon needs at least one vertex")
    exact_vertices = [_exact_point(v, f"vertices[{i}]") for i, v in enumerate(items)]
    exact_edges = _exact_pairs(edges if edges is not None else (), "edges")
    ordered = _ccw_order(exact_vertices)
    xy = np.array([_as_float_pair(p) for p in ordered], dtype=float)

    all_xy = [xy] + [np.array([_as_float_pair(a), _as_float_pair(b)]) for a, b in exact_edges]
    stacked = np.vstack(all_xy)
    lo, hi = stacked.min(axis=0), stacked.max(axis=0)
    extent = float((hi - lo).max())
    pad = (0.14 if label_vertices else 0.08) * extent if extent > 0 else 0.5
    width, height = float(hi[0] - lo[0]) + 2 * pad, float(hi[1] - lo[1]) + 2 * pad
    # size the figure to the polygon's aspect ratio, so equal axes leave no empty bands
    figure, axes = _new_figure((6.0, min(max(6.0 * height / width + 0.6, 2.5), 8.0)))
    boundary = Polygon(xy, closed=True, facecolor="#dbe8f5", edgecolor="#1f4e79", linewidth=1.8, zorder=1)
    axes.add_patch(boundary)
    edge_lines = LineCollection(
        [[_as_float_pair(a), _as_float_pair(b)] for a, b in exact_edges],
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
    saved = _save(figure, target)
    return PolygonDrawing(figure, axes, boundary, edge_lines, marks, saved)


# --- exact slices -----------------------------------------------------------------------


def _polygons_array(collection: PolyCollection) -> list[np.ndarray]:
    out = []
    for path in collection.get_paths():
        xy = np.asarray(path.vertices, dtype=float)
        # closed paths repeat the first vertex
        if len(xy) > 1 and np.array_equal(xy[0], xy[-1]):
            xy = xy[:-1]
        out.append(xy)
    return out


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
        return _polygons_array(self.fills)

    def drawn_edges(self) -> list[np.ndarray]:
        """Float vertices of each drawn region outline, each of shape ``(v, 2)``."""
        return _polygons_array(self.edges)

    def drawn_boundary(self) -> np.ndarray:
        """Float end points of the drawn boundary segments, shape ``(s, 2, 2)``."""
        return _segments_array(self.boundary)

    def drawn_points(self) -> np.ndarray:
        """Float coordinates of the scattered points, shape ``(m, 2)``."""
        return np.empty((0, 2)) if self.points is None else np.asarray(self.points.get_offsets(), dtype=float)


# ColorBrewer Set3: pastel, and distinct from the class colours
_REGION_COLORS = ("#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                  "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f")


def _float_polygon(vertices: Sequence[tuple[Exact, Exact]]) -> list[tuple[float, float]]:
    return [_as_float_pair(v) for v in vertices]


def _box_string(box: Any) -> str:
    """A box with exact coordinates; a bound too long to read (10**400) is written as ``~10^400``."""

    def bound(v: Exact) -> str:
        text = to_fraction_string(v)
        if len(text) <= 24:
            return text
        q = Fraction(v)
        exponent = len(str(abs(q.numerator))) - len(str(q.denominator))
        return f"{'-' if q < 0 else ''}~10^{exponent}"

    return "(" + ", ".join("(" + ", ".join(bound(v) for v in side) + ")" for side in box) + ")"


def _float_box(box: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    """The slice box in floats, for drawing; refused when floats cannot hold it."""
    try:
        (s0, s1), (t0, t1) = ((float(a), float(b)) for a, b in box)
    except OverflowError:
        raise InvalidInputError(
            f"box={_box_string(box)} cannot be drawn in floats: a bound is beyond the float range (about 1.8e308)"
        ) from None
    if not (s0 < s1 and t0 < t1 and all(np.isfinite(v) for v in (s0, s1, t0, t1, s1 - s0, t1 - t0))):
        raise InvalidInputError(
            f"box={_box_string(box)} cannot be drawn in floats: in floats it becomes "
            f"(({s0!r}, {s1!r}), ({t0!r}, {t1!r})), which is flat or overflows"
        )
    return (s0, s1), (t0, t1)


def _check_class_names(class_names: Any, n_classes: int) -> None:
    if class_names is None:
        return
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, (Sequence, np.ndarray)):
        raise InvalidInputError(f"class_names={class_names!r} must be a sequence of str, one per class")
    for i, name in enumerate(class_names):
        if not isinstance(name, str):
            raise InvalidInputError(f"class_names[{i}]={name!r} must be a str")
    if len(class_names) < n_classes:
        raise InvalidInputError(
            f"class_names={list(class_names)!r} names {len(class_names)} classes, but the drawing has "
            f"{n_classes} (the network's classes and the labels in y); give one name per class"
        )


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
    target = _output_path(path)
    Xa, ya = _data_points(X, y)
    S = input_slice
    n_named = max(S.network.n_classes, 0 if ya is None or not ya.size else int(ya.max()) + 1)
    _check_class_names(class_names, n_named)
    (s0, s1), (t0, t1) = _float_box(S.box)
    width, height = s1 - s0, t1 - t0
    figure, axes = _new_figure((7.6, min(max(5.0 * height / width + 0.8, 2.5), 8.0)))
    colors: list[Any]
    if color_by == "class":
        polys = [_float_polygon(c.vertices) for c in S.class_cells]
        colors = [_light(_class_color(c.predicted)) for c in S.class_cells]
    else:
        polys = [_float_polygon(r.vertices) for r in S.regions]
        colors = [_REGION_COLORS[(5 * i) % len(_REGION_COLORS)] for i in range(len(S.regions))]
    fills = PolyCollection(polys, closed=True, facecolors=colors, edgecolors="none", zorder=0)
    axes.add_collection(fills, autolim=False)
    edges = PolyCollection([_float_polygon(r.vertices) for r in S.regions], closed=True, facecolors="none",
                           edgecolors="0.45", linewidths=0.6, zorder=1)
    axes.add_collection(edges, autolim=False)
    boundary = LineCollection([[_as_float_pair(b.start), _as_float_pair(b.end)] for b in S.boundary],
                              colors="black", linewidths=2.0, zorder=2)
    axes.add_collection(boundary, autolim=False)
    points = None
    if Xa is not None:
        point_colors: Any = "0.2" if ya is None else [_class_color(int(c)) for c in ya]
        points = axes.scatter(Xa[:, 0], Xa[:, 1], c=point_colors, s=14, edgecolors="black", linewidths=0.4, zorder=3)
    # class patches name fill colours (color_by="class") or the data points' colours
    classes = sorted(({c.predicted for c in S.class_cells} if color_by == "class" else set())
                     | (set() if ya is None else set(ya.tolist())))
    handles: list[Any] = [
        Patch(facecolor=_light(_class_color(c)) if color_by == "class" else _class_color(c), edgecolor="0.3",
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
            f"box={_box_string(S.box)} cannot be drawn in floats: its sides are too narrow for their size "
            f"(matplotlib would show {tuple(map(float, axes.get_xlim()))} x {tuple(map(float, axes.get_ylim()))}); rescale the slice (its origin, d1, d2) so the box sides are not tiny next to its coordinates"
        )
    axes.set_aspect("equal")
    identity = S.network.n_inputs == 2 and S.d1 == (1, 0) and S.d2 == (0, 1) and S.origin == (0, 0)
    axes.set_xlabel("$x_1$" if identity else "$s$ (along $d_1$)")
    axes.set_ylabel("$x_2$" if identity else "$t$ (along $d_2$)")
    if title:
        axes.set_title(title)
    saved = _save(figure, target)
    return SliceDrawing(figure, axes, fills, edges, boundary, points, saved)
