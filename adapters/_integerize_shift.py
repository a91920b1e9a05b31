"""The boundary shift of :func:`~tropgeo.adapters.integerize.integerize_to_agreement`.

How far the exact network's pairwise decision boundaries ``{f_i = f_j}`` lie from the
float module's, measured on segments between data points of different float classes:
bisection on the torch logits for the float crossing, and the exact zero set of
``f_i - f_j`` of the exact network on the segment (piecewise linear in the segment
parameter, with kinks where a hidden unit switches; computed in exact integers).
:class:`BoundaryShift` is re-exported by :mod:`tropgeo.adapters.integerize`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import torch
from torch import nn

from tropgeo.network import ReLUNetwork
from tropgeo.numbers import common_denominator, rationalize

__all__ = ["BoundaryShift", "boundary_shift"]

#: Bisection steps of the float crossing: the bracket ends 2**-48 of the segment wide,
#: below float32 resolution of the points on it.
_BISECTION_STEPS = 48


@dataclass(frozen=True)
class BoundaryShift:
    """How far the exact network's pairwise decision boundaries lie from the float module's.

    For each segment ``x(t) = X[a] + t (X[b] - X[a])``, ``0 <= t <= 1``, between
    rows that the float module puts in classes ``i != j``:

    * the float crossing ``t_f``: bisection on the sign of the torch logits'
      difference ``f_i - f_j`` at the points ``x(t)`` rounded to the module's
      dtype (it is positive or zero at ``t = 0`` and at most zero at ``t = 1``);
    * the exact zero set of ``f_i - f_j`` of the exact network on the segment
      (a union of points and intervals, computed exactly: it is piecewise
      linear in ``t`` with kinks where a hidden unit switches), and its point
      ``t_e`` nearest to ``t_f``;
    * the distance ``|t_f - t_e| * ||X[b] - X[a]||_2`` in input space, or
      ``inf`` when ``f_i - f_j`` of the exact network has no zero on the segment.

    The distance is one-sided (float crossing to exact boundary) and measures
    the pairwise boundary ``{f_i = f_j}`` of Theorem 2; with ``None`` as the
    denominator bound it shows what float arithmetic alone accounts for.

    Attributes
    ----------
    segments : tuple of (int, int)
        Row indices ``(a, b)`` of the data.
    classes : tuple of (int, int)
        The float module's classes ``(i, j)`` at ``X[a]`` and ``X[b]``.
    float_crossings : tuple of float
        ``t_f`` for each segment.
    exact_crossings : tuple of Fraction or None
        ``t_e`` for each segment (``None``: no exact zero).  Inside an interval
        on which ``f_i = f_j`` identically, ``t_e`` is ``t_f``'s exact value.
    distances : tuple of float
    """

    segments: tuple[tuple[int, int], ...]
    classes: tuple[tuple[int, int], ...]
    float_crossings: tuple[float, ...]
    exact_crossings: tuple[Fraction | None, ...]
    distances: tuple[float, ...]

    @property
    def n_segments(self) -> int:
        """Number of segments measured."""
        return len(self.segments)

    @property
    def max_distance(self) -> float:
        """The largest distance (``nan`` when no segment was measured, ``inf`` when a
        segment has no exact crossing)."""
        return max(self.distances) if self.distances else math.nan

    @property
    def n_without_exact_crossing(self) -> int:
        """Segments on which the exact ``f_i - f_j`` has no zero."""
        return sum(1 for t in self.exact_crossings if t is None)


def _segments(seen: np.ndarray, pred: np.ndarray, limit: int) -> list[tuple[int, int]]:
    m = seen.shape[0]
    anchors = np.unique(np.linspace(0, m - 1, num=min(limit, m)).round().astype(np.int64))
    out: list[tuple[int, int]] = []
    done: set[tuple[int, int]] = set()
    for a in anchors.tolist():
        other = np.flatnonzero(pred != pred[a])
        if other.size == 0:
            continue
        d2 = ((seen[other] - seen[a]) ** 2).sum(axis=1)
        b = int(other[int(np.argmin(d2))])
        key = (min(a, b), max(a, b))
        if key not in done:
            done.add(key)
            out.append((a, b))
    return out


def _float_crossings(module: nn.Module, inputs: torch.Tensor, segs: list[tuple[int, int]], classes: list[tuple[int, int]]) -> list[float]:
    xa = inputs[[a for a, _ in segs]].to(torch.float64)
    xb = inputs[[b for _, b in segs]].to(torch.float64)
    ii = torch.tensor([i for i, _ in classes])
    jj = torch.tensor([j for _, j in classes])
    rows = torch.arange(len(segs))
    lo = torch.zeros(len(segs), dtype=torch.float64)
    hi = torch.ones(len(segs), dtype=torch.float64)
    dtype = inputs.dtype
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            for _ in range(_BISECTION_STEPS):
                mid = (lo + hi) / 2
                out = module((xa + mid[:, None] * (xb - xa)).to(dtype))
                positive = out[rows, ii] > out[rows, jj]
                lo = torch.where(positive, mid, lo)
                hi = torch.where(positive, hi, mid)
    finally:
        module.train(was_training)
    return ((lo + hi) / 2).tolist()


def _exact_zero_set(za: list[int], zb: list[int], w: list[int], E2: int, offset: int) -> list[tuple[Fraction, Fraction]]:
    """Zero set in ``[0, 1]`` of ``G(t) = E2 * sum_j w_j relu(za_j + t (zb_j - za_j)) + offset``.

    ``G`` is a positive multiple of ``f_i - f_j`` on the segment.  Returned as
    closed intervals ``(lo, hi)`` (``lo == hi`` for a point).
    """
    knots = {Fraction(0), Fraction(1)}
    for a, b in zip(za, zb):
        if (a < 0 < b) or (b < 0 < a):
            knots.add(Fraction(a, a - b))
    ts = sorted(knots)

    def G(t: Fraction) -> Fraction:
        P, Q = t.numerator, t.denominator
        s = sum(wj * max(Q * a + P * (b - a), 0) for wj, a, b in zip(w, za, zb) if wj)
        return Fraction(E2 * s + Q * offset, Q)

    vals = [G(t) for t in ts]
    zeros: list[tuple[Fraction, Fraction]] = []
    for k in range(len(ts) - 1):
        t0, t1, u, v = ts[k], ts[k + 1], vals[k], vals[k + 1]
        if u == 0 and v == 0:
            zeros.append((t0, t1))
        elif u == 0:
            zeros.append((t0, t0))
        elif (u < 0 < v) or (v < 0 < u):
            t = t0 + u * (t1 - t0) / (u - v)
            zeros.append((t, t))
    if vals[-1] == 0:
        zeros.append((ts[-1], ts[-1]))
    return zeros


def boundary_shift(
    module: nn.Module,
    inputs: torch.Tensor,
    seen: np.ndarray,
    float_pred: list[int],
    net: ReLUNetwork,
    Z: np.ndarray,
    dZ: np.ndarray,
    limit: int,
) -> BoundaryShift:
    """The :class:`BoundaryShift` of ``net`` against ``module`` on at most ``limit`` segments.

    ``inputs`` are the data in the module's dtype, ``seen`` their exact float64 values,
    ``float_pred`` the module's predictions, and ``Z[r] / dZ[r]`` the exact hidden
    preactivations of ``net`` at row ``r`` (``tropgeo.evaluation.batch_layer_outputs``).
    """
    pred = np.asarray(float_pred)
    segs = _segments(seen, pred, limit)
    classes = [(int(pred[a]), int(pred[b])) for a, b in segs]
    if not segs:
        return BoundaryShift((), (), (), (), ())
    t_float = _float_crossings(module, inputs, segs, classes)
    E2 = common_denominator(net.c2)
    c2n = [int(v * E2) for v in net.c2]
    Zrows, dens = Z.tolist(), [int(v) for v in dZ.tolist()]
    exact: list[Fraction | None] = []
    dist: list[float] = []
    for (a, b), (i, j), tf in zip(segs, classes, t_float):
        w = [int(u) - int(v) for u, v in zip(net.B[i], net.B[j])]
        # both ends' preactivations over one denominator D; then G = D E2 (f_i - f_j)
        D = math.lcm(dens[a], dens[b])
        za = [int(v) * (D // dens[a]) for v in Zrows[a]]
        zb = [int(v) * (D // dens[b]) for v in Zrows[b]]
        zeros = _exact_zero_set(za, zb, w, E2, D * (c2n[i] - c2n[j]))
        if not zeros:
            exact.append(None)
            dist.append(math.inf)
            continue
        tq = Fraction(rationalize(tf))
        best: Fraction | None = None
        gap = Fraction(0)
        for lo, hi in zeros:
            near = min(max(tq, lo), hi)
            g = abs(near - tq)
            if best is None or g < gap:
                best, gap = near, g
        exact.append(best)
        length = float(np.linalg.norm(seen[b] - seen[a]))
        dist.append(float(gap) * length)
    return BoundaryShift(
        segments=tuple(segs),
        classes=tuple(classes),
        float_crossings=tuple(t_float),
        exact_crossings=tuple(exact),
        distances=tuple(dist),
    )
