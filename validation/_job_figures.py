"""The figures of the main job: what :func:`~tropgeo.validation.job.run_verify` draws for a 2-D network.

For each class pair, the decision regions with the tropical curve T(R) and the dual
subdivision of R; before them, the exact linear regions of the network.  The figures
folder and the files it will hold are checked before the long computation, so that a
user's file is refused before the work, not after it.
"""

from __future__ import annotations

import os
from typing import Callable

import numpy as np

from tropgeo.decomposition import boundary_polynomial, tropical_decomposition
from tropgeo.errors import InvalidInputError
from tropgeo.hypersurface import tropical_curve
from tropgeo.numbers import rationalize
from tropgeo.theorem2 import decision_boundary_subdivision
from tropgeo.verify import Theorem2Report

__all__ = ["figure_names"]


def figure_names(n_classes: int) -> list[str]:
    """The files :func:`run_verify` draws into the figures folder, in drawing order.

    Examples
    --------
    >>> figure_names(3)[:3]
    ['linear_regions.png', 'regions_T_R_01.png', 'dual_subdivision_01.png']
    """
    names = ["linear_regions.png"]
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            names += [f"regions_T_R_{i}{j}.png", f"dual_subdivision_{i}{j}.png"]
    return names


def check_figures_directory(path: str) -> None:
    """Refuse a figures directory that cannot be used, before the long computation."""
    if not path:
        raise InvalidInputError("figures='' is empty; give a directory")
    if os.path.exists(path) and not os.path.isdir(path):
        raise InvalidInputError(f"figures={path!r} exists and is not a directory")
    probe = os.path.abspath(path)
    while not os.path.exists(probe):
        probe = os.path.dirname(probe)
    if not os.path.isdir(probe) or not os.access(probe, os.W_OK | os.X_OK):
        raise InvalidInputError(f"figures={path!r}: cannot create files under {probe!r}")


def check_figure_files(directory: str, n_classes: int) -> None:
    """Refuse, before the long computation, a figures folder holding a user's file where a figure goes."""
    from tropgeo.adapters.plotting import figure_path

    check_figures_directory(directory)
    if os.path.isdir(directory):  # a folder still to be created holds no user's file
        for name in figure_names(n_classes):
            try:
                figure_path(os.path.join(directory, name))
            except InvalidInputError as exc:
                raise InvalidInputError(f"figures={directory!r}: {exc}") from None


def draw_figures(report: Theorem2Report, X: np.ndarray, y: np.ndarray | None, predict: Callable, directory: str) -> list[str]:
    from tropgeo.adapters.plotting import plot_decision_regions, plot_polygon

    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"figures={directory!r} cannot be created: {exc.strerror}") from None
    net = report.network
    dec = tropical_decomposition(net)
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = 0.15 * (hi - lo)
    box = tuple(
        (rationalize(float(a - p), max_denominator=8), rationalize(float(b + p), max_denominator=8))
        for a, b, p in zip(lo, hi, pad)
    )
    paths = []
    from tropgeo.adapters.plotting import plot_input_slice
    from tropgeo.slices import input_slice

    # the exact linear regions and decision boundary of the (integerized) network itself
    sl = input_slice(net, box=box)
    path = os.path.join(directory, "linear_regions.png")
    plot_input_slice(
        sl, X=X, y=y, path=path,
        title=f"exact linear regions ({sl.n_regions}) and decision boundary ({len(sl.boundary)} segments)",
    )
    paths.append(path)
    for p in report.pairs:
        R = boundary_polynomial(dec, p.i, p.j)
        curve = tropical_curve(R, box=box)
        path = os.path.join(directory, f"regions_T_R_{p.i}{p.j}.png")
        plot_decision_regions(
            predict,
            list(curve.segments),
            xlim=tuple(float(v) for v in box[0]),
            ylim=tuple(float(v) for v in box[1]),
            X=X,
            y=y,
            path=path,
            title=f"decision regions and T(R) for classes ({p.i}, {p.j})",
        )
        paths.append(path)
        sub = decision_boundary_subdivision(net, p.i, p.j)
        edges = set()
        for cell in sub.cells:
            verts = sorted(cell)
            cx = sum(v[0] for v in verts) / len(verts)
            cy = sum(v[1] for v in verts) / len(verts)
            import math

            ring = sorted(verts, key=lambda v: math.atan2(float(v[1] - cy), float(v[0] - cx)))
            for a, b in zip(ring, ring[1:] + ring[:1]):
                edges.add(tuple(sorted((a, b))))
        path = os.path.join(directory, f"dual_subdivision_{p.i}{p.j}.png")
        plot_polygon(
            list(sub.polytope.vertices),
            edges=sorted(edges),
            path=path,
            title=f"δ(R) for classes ({p.i}, {p.j}): {sub.polytope.n_vertices} vertices, {len(sub.cells)} cells",
            xlabel="exponent of x₁ in R (integerized network)",
            ylabel="exponent of x₂ in R",
        )
        paths.append(path)
    return paths
