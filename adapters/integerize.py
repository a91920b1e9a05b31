"""Integerization you can trust: the coarsest exact weights that keep the float net's predictions.

A float network read with :func:`~tropgeo.adapters.torch_io.from_torch` can be
rationalized with a denominator bound (``max_denominator``): small bounds give
small integers after integerization, so Theorem 2's polytopes are cheap, but the
exact network then differs from the float one.  :func:`integerize_to_agreement`
tries increasing bounds and keeps the first whose exact network predicts like
the float module on the data, and measures what the choice cost:

* the **agreement** of the predictions (float module in its own dtype against
  the exact integerized network on the same inputs, exactly), and the rows
  whose prediction changed;
* the **max logit error** ``max |exact logit - float logit|`` over the data,
  where the exact logit is the integer network's divided by its ``scale``
  (computed exactly, then rounded to a float for the report);
* the **boundary shift** (:class:`BoundaryShift`): on segments between data
  points that the float module puts in different classes ``i`` and ``j``, the
  distance from the float module's crossing of ``f_i = f_j`` (bisection on the
  torch logits) to the nearest exact zero of ``f_i - f_j`` of the exact network.

Floats enter through two recorded conversions only: the weights through
``from_torch(..., max_denominator=d)`` (kept in the report's ``conversion``),
and the data through :func:`tropgeo.evaluation.exact_float_rows` of the inputs cast
to the module's dtype (the exact binary value of what the float module sees, as
:func:`tropgeo.rationalize` gives it); the exact logits of all rows are then
:func:`tropgeo.evaluation.batch_layer_outputs`.  The
measurements of float arithmetic (logit error, distances) are reported as floats.

A coarser bound is not always a smaller network: ``rationalize`` picks any
denominator ``<= d`` for each weight, and integerization multiplies each hidden
row by the least common multiple of its denominators, so the integers grow
quickly with ``d`` (:attr:`DenominatorTrial.max_integer_bits` records it), while
the exact binary values (``None``) share power-of-two denominators and stay small.

``max_denominator=None`` takes each float weight's exact binary value, so the
exact network is exactly the function the float weights define; torch still
evaluates it in float32 arithmetic, so predictions at near-ties can differ
even then.  The report says what was measured, it does not assume 100 %.

Examples
--------
>>> import torch
>>> module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
>>> with torch.no_grad():
...     _ = module[0].weight.copy_(torch.tensor([[0.30, -0.70], [0.55, 0.20]]))
...     _ = module[0].bias.copy_(torch.tensor([0.1, -0.05]))
...     _ = module[2].weight.copy_(torch.tensor([[1.3, -0.4], [-0.9, 1.1]]))
...     _ = module[2].bias.copy_(torch.tensor([0.0, 0.02]))
>>> X = [[a / 4, b / 4] for a in range(-8, 9) for b in range(-8, 9)]   # a grid of 289 points
>>> report = integerize_to_agreement(module, X, denominators=(4, 16, 64, None))
>>> [(t.max_denominator, t.n_agree) for t in report.trials]
[(4, 220), (16, 215), (64, 289)]
>>> report.max_denominator, report.n_agree, report.n_points, report.met_target
(64, 289, 289, True)

The weights are decimals with denominators <= 50, so 64 finds them again; what is left of
the logit error is float32's:

>>> report.integer_network.A, report.integer_network.c2, report.scale
(((3, -7), (11, 4)), (0, 4), 200)
>>> report.max_logit_error < 1e-6, report.boundary_shift.n_segments, report.boundary_shift.max_distance < 1e-6
(True, 64, True)
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence, Union

import numpy as np
import torch
from torch import nn

from tropgeo.adapters.torch_io import TorchConversion, from_torch, load_state_dict, to_torch
from tropgeo.errors import InvalidInputError
from tropgeo.evaluation import batch_layer_outputs, batch_logits, exact_float_rows, max_abs_deviation
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, as_exact, as_exact_matrix, common_denominator, rationalize

__all__ = [
    "DEFAULT_DENOMINATORS",
    "BoundaryShift",
    "DenominatorTrial",
    "IntegerizationReport",
    "exact_logits",
    "integerize_to_agreement",
]

#: Denominator bounds tried by default, coarsest first; ``None`` is the exact binary value.
DEFAULT_DENOMINATORS: tuple[int | None, ...] = (2**4, 2**6, 2**8, 2**10, 2**12, 2**16, 2**20, None)

#: Bisection steps of the float crossing: the bracket ends 2**-48 of the segment wide,
#: below float32 resolution of the points on it.
_BISECTION_STEPS = 48

# --- exact batch evaluation ------------------------------------------------------------


class _Evaluated:
    """An exact network at the data rows (:func:`tropgeo.evaluation.batch_layer_outputs`):
    hidden preactivations ``Z[r] / dZ[r]`` and logits ``Y[r] / dY[r]``, exactly."""

    def __init__(self, net: ReLUNetwork, numerators: np.ndarray, denominators: np.ndarray) -> None:
        (self.Z, self.dZ), (self.Y, self.dY) = batch_layer_outputs(net, numerators, denominators)
        self.net = net

    def predictions(self) -> list[int]:
        # np.argmax returns the first maximum (the lowest index on ties, as ReLUNetwork.predict);
        # the row denominators are positive
        return [int(v) for v in np.argmax(self.Y, axis=1)]


def exact_logits(net: ReLUNetwork | MLP, points: Any) -> tuple[tuple[Exact, ...], ...]:
    """Exact logits ``net(x)`` at many exact points, in batched integer arithmetic.

    The same numbers as ``tuple(net(x) for x in points)``, computed by
    :func:`tropgeo.evaluation.batch_logits` as integer matrix products over common
    denominators (numpy int64 where a bound rules out overflow, Python integers otherwise).

    Parameters
    ----------
    net : ReLUNetwork or MLP
    points : sequence of sequences of int or Fraction (or an integer array)
        Exact points, one per row; floats are refused.

    Returns
    -------
    tuple of tuples of int or Fraction

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> net = ReLUNetwork([[F(1, 2), -1], [1, 1]], [[1, -1], [F(-1, 3), 2]], c1=[0, F(1, 4)], c2=[1, 0])
    >>> exact_logits(net, [(2, 0), (F(1, 3), 5)])
    ((Fraction(-1, 4), Fraction(25, 6)), (Fraction(-55, 12), Fraction(67, 6)))
    >>> exact_logits(net, [(2, 0), (F(1, 3), 5)]) == (net((2, 0)), net((F(1, 3), 5)))
    True
    """
    if not isinstance(net, (ReLUNetwork, MLP)):
        raise InvalidInputError(f"net is a {type(net).__name__}; expected a ReLUNetwork or an MLP")
    rows = as_exact_matrix(points, name="points", n_cols=net.n_inputs, allow_empty=True)
    if not rows:
        return ()
    dens = [common_denominator(row) for row in rows]
    nums = [[int(v * D) for v in row] for row, D in zip(rows, dens)]
    Y, d = batch_logits(net, nums, dens)
    return tuple(
        tuple(as_exact(Fraction(int(y), int(dr))) for y in row) for row, dr in zip(Y.tolist(), d.tolist())
    )


# --- the report ------------------------------------------------------------------------


@dataclass(frozen=True)
class DenominatorTrial:
    """One denominator bound tried by :func:`integerize_to_agreement`.

    Attributes
    ----------
    max_denominator : int or None
        The bound passed to ``from_torch``; ``None``: exact binary values.
    n_points, n_agree : int
        Rows of the data, and rows where the exact integerized network predicts
        the float module's class.
    max_logit_error : float
        ``max |integer logits / scale - float logits|`` over rows and classes
        (exact, then rounded to a float).
    max_weight_error : Fraction
        ``max |w - rationalize(w, max_denominator)|`` over the parameters.
    scale : int or Fraction
        The integerization scale: the integer network computes ``scale`` times
        the rationalized one.
    max_integer_bits : int
        Bit length of the largest entry of the integer ``A`` and ``B``: what the
        exact polytope computations pay for (a coarse bound keeps it small; the
        row-wise least common multiples of the denominators can make it large).
    """

    max_denominator: int | None
    n_points: int
    n_agree: int
    max_logit_error: float
    max_weight_error: Fraction
    scale: Exact
    max_integer_bits: int

    @property
    def agreement_rate(self) -> float:
        """``n_agree / n_points``."""
        return self.n_agree / self.n_points


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


@dataclass(frozen=True)
class IntegerizationReport:
    """The outcome of :func:`integerize_to_agreement`.

    Attributes
    ----------
    conversion : TorchConversion
        ``from_torch``'s result for the chosen bound: the rational ``network``,
        the ``integer_network``, its ``scale``, ``max_weight_error``, ``source``.
    target : Fraction
        The agreement rate asked for.
    met_target : bool
        Whether the chosen bound reaches it.  When no bound does, the chosen one
        is the bound with the most agreeing rows (the finer one on ties).
    n_points, n_agree : int
    changed_indices : tuple of int
        Rows whose exact prediction differs from the float module's.
    float_predictions, exact_predictions : tuple of int
        Argmax of the torch logits and of the exact logits (lowest index on ties).
    max_logit_error : float
        ``max |integer logits / scale - float logits|`` (exact, rounded to a float).
    boundary_shift : BoundaryShift or None
        ``None`` when ``boundary_segments=0``.
    trials : tuple of DenominatorTrial
        Every bound tried, in order (the search stops at the first that meets the target).
    input_conversion : str
        How the data became exact.
    """

    conversion: TorchConversion
    target: Fraction
    met_target: bool
    n_points: int
    n_agree: int
    changed_indices: tuple[int, ...]
    float_predictions: tuple[int, ...]
    exact_predictions: tuple[int, ...]
    max_logit_error: float
    boundary_shift: BoundaryShift | None
    trials: tuple[DenominatorTrial, ...]
    input_conversion: str

    @property
    def max_denominator(self) -> int | None:
        """The chosen bound (``None``: exact binary values)."""
        return self.conversion.max_denominator

    @property
    def integer_network(self) -> ReLUNetwork:
        """The chosen integer-weight network (computes ``scale`` times the rationalized one)."""
        return self.conversion.integer_network

    @property
    def scale(self) -> Exact:
        """The integerization scale of the chosen network."""
        return self.conversion.scale

    @property
    def agreement_rate(self) -> float:
        """``n_agree / n_points``."""
        return self.n_agree / self.n_points


# --- the search ------------------------------------------------------------------------


Source = Union[nn.Module, Mapping[str, torch.Tensor], str, "os.PathLike[str]"]


def _check_target(target: Any) -> Fraction:
    if isinstance(target, (bool, np.bool_)) or not isinstance(
        target, (int, float, Fraction, np.integer, np.floating)
    ):
        raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
    if isinstance(target, (float, np.floating)):
        if not math.isfinite(float(target)):
            raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
        # A rate, not geometry: read the float as the short fraction it stands for (0.95 -> 19/20).
        q = Fraction(rationalize(target, max_denominator=10**6))
    else:
        q = Fraction(int(target)) if isinstance(target, np.integer) else Fraction(target)
    if not 0 <= q <= 1:
        raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
    return q


def _check_denominators(denominators: Any) -> tuple[int | None, ...]:
    if isinstance(denominators, (str, bytes)) or not hasattr(denominators, "__iter__"):
        raise InvalidInputError(f"denominators={denominators!r} must be a sequence of ints >= 1 (and None)")
    out = tuple(denominators)
    if not out:
        raise InvalidInputError("denominators=() is empty; give at least one bound (None: exact binary values)")
    for k, d in enumerate(out):
        if d is None:
            if k != len(out) - 1:
                raise InvalidInputError(f"denominators={out!r}: None (exact values) may only come last")
            continue
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)) or d < 1:
            raise InvalidInputError(f"denominators={out!r}: entry {d!r} must be an int >= 1 or None")
        if k and out[k - 1] is not None and d <= out[k - 1]:  # type: ignore[operator]
            raise InvalidInputError(f"denominators={out!r} must increase (coarsest first)")
    return tuple(None if d is None else int(d) for d in out)


def _float_module(source: Any) -> tuple[nn.Module, Any]:
    """The float module to compare with, and what to hand to ``from_torch``."""
    if isinstance(source, nn.Module):
        return source, source
    if isinstance(source, (str, os.PathLike)):
        source = load_state_dict(source)
    if not isinstance(source, Mapping):
        raise InvalidInputError(
            f"module_or_state_dict is a {type(source).__name__}; expected an nn.Module, a state dict or a path"
        )
    exact = from_torch(source, max_denominator=None)
    dtypes = [v.dtype for v in source.values() if isinstance(v, torch.Tensor) and v.is_floating_point()]
    dtype = dtypes[0] if dtypes else torch.float32
    # Every parameter of the state dict is a float of ``dtype``, so this copy is exact.
    return to_torch(exact.network, dtype=dtype), source


def _float_logits(module: nn.Module, inputs: torch.Tensor) -> np.ndarray:
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            out = module(inputs)
    finally:
        module.train(was_training)
    return out.to(torch.float64).numpy()


def _max_logit_error(batch: _Evaluated, scale: Exact, float_logits: np.ndarray) -> Fraction:
    """``max |Y / (dY scale) - float logits|``, exactly."""
    s = Fraction(scale)
    Y = batch.Y.astype(object) * s.denominator
    return max_abs_deviation(Y, batch.dY.astype(object) * s.numerator, float_logits)


def integerize_to_agreement(
    module_or_state_dict: Source,
    X: Any,
    *,
    target: float | Fraction = 1,
    denominators: Sequence[int | None] = DEFAULT_DENOMINATORS,
    boundary_segments: int = 64,
) -> IntegerizationReport:
    """The coarsest rationalization whose integer network predicts like the float module.

    For each bound ``d`` in ``denominators`` (coarsest first), the module is read
    with ``from_torch(module, max_denominator=d)`` (each weight becomes the
    closest fraction with denominator ``<= d``, then the network is integerized),
    and the integer network's exact predictions on ``X`` are compared with the
    module's float predictions.  The first bound reaching ``target`` is chosen;
    if none does, the one with the most agreement (see
    :class:`IntegerizationReport`).  Then the boundary shift of the chosen
    network is measured (:class:`BoundaryShift`).

    Parameters
    ----------
    module_or_state_dict : nn.Module, state dict or path
        Anything ``from_torch`` reads.  A state dict or file is compared through
        an exact float copy (``to_torch``) in the parameters' dtype.
    X : array_like of shape (m, n_inputs)
        Finite real points; cast to the module's dtype, which both sides then see.
    target : float or Fraction
        Agreement rate in ``[0, 1]`` (a float is read as the closest fraction with
        denominator ``<= 10**6``, so ``0.95`` means ``19/20``).
    denominators : sequence of int, ending optionally with None
        Increasing bounds to try; ``None`` (exact binary values) only last.
    boundary_segments : int
        At most this many segments for the boundary shift (0: skip it).  The
        segments join evenly spaced rows of ``X`` to their nearest row (Euclidean)
        with a different float prediction; repeated pairs are dropped.

    Returns
    -------
    IntegerizationReport

    Raises
    ------
    InvalidInputError
        For a module ``from_torch`` refuses, data of the wrong shape or with
        non-finite values, or a bad ``target``, ``denominators`` or
        ``boundary_segments`` (the message names it).
    """
    target_q = _check_target(target)
    bounds = _check_denominators(denominators)
    if isinstance(boundary_segments, (bool, np.bool_)) or not isinstance(boundary_segments, (int, np.integer)) or boundary_segments < 0:
        raise InvalidInputError(f"boundary_segments={boundary_segments!r} must be an int >= 0")
    module, readable = _float_module(module_or_state_dict)
    params = list(module.parameters())
    dtype = params[0].dtype if params else torch.float32
    Xa = np.asarray(X)
    first = from_torch(readable, max_denominator=bounds[0])
    n = first.network.n_inputs
    if Xa.ndim != 2 or Xa.shape[0] == 0 or Xa.shape[1] != n:
        raise InvalidInputError(f"X must have shape (m, {n}) with m >= 1 (one row per point), got {Xa.shape}")
    if Xa.dtype.kind not in "fiu" or (Xa.dtype.kind == "f" and not np.isfinite(Xa).all()):
        raise InvalidInputError(f"X must hold finite real numbers (dtype {Xa.dtype})")
    inputs = torch.tensor(Xa, dtype=dtype)
    seen = inputs.to(torch.float64).numpy()  # exact: every float16/32 is a float64
    if not np.isfinite(seen).all():
        raise InvalidInputError(f"X overflows {dtype} (the module's dtype)")
    float_logits = _float_logits(module, inputs)
    if float_logits.shape != (Xa.shape[0], first.network.n_classes) or not np.isfinite(float_logits).all():
        raise InvalidInputError(
            f"the float module's logits have shape {float_logits.shape} or non-finite values; "
            f"expected finite logits for {first.network.n_classes} classes"
        )
    float_pred = [int(v) for v in np.argmax(float_logits, axis=1)]
    Xn, Xd = exact_float_rows(seen)

    trials: list[DenominatorTrial] = []
    evaluated: list[tuple[TorchConversion, _Evaluated, list[int]]] = []
    chosen: int | None = None
    m = Xa.shape[0]
    for k, bound in enumerate(bounds):
        conv = first if k == 0 else from_torch(readable, max_denominator=bound)
        batch = _Evaluated(conv.integer_network, Xn, Xd)
        pred = batch.predictions()
        n_agree = sum(1 for a, b in zip(pred, float_pred) if a == b)
        trials.append(
            DenominatorTrial(
                max_denominator=bound,
                n_points=m,
                n_agree=n_agree,
                max_logit_error=float(_max_logit_error(batch, conv.scale, float_logits)),
                max_weight_error=conv.max_weight_error,
                scale=conv.scale,
                max_integer_bits=max(
                    abs(int(v)).bit_length() for row in conv.integer_network.A + conv.integer_network.B for v in row
                ),
            )
        )
        evaluated.append((conv, batch, pred))
        if n_agree * target_q.denominator >= target_q.numerator * m:
            chosen = k
            break
    met = chosen is not None
    if chosen is None:
        best = max(t.n_agree for t in trials)
        chosen = max(k for k, t in enumerate(trials) if t.n_agree == best)
    conv, batch, pred = evaluated[chosen]
    shift = None
    if boundary_segments:
        shift = _boundary_shift(module, inputs, seen, float_pred, batch, boundary_segments)
    return IntegerizationReport(
        conversion=conv,
        target=target_q,
        met_target=met,
        n_points=m,
        n_agree=trials[chosen].n_agree,
        changed_indices=tuple(r for r, (a, b) in enumerate(zip(pred, float_pred)) if a != b),
        float_predictions=tuple(float_pred),
        exact_predictions=tuple(pred),
        max_logit_error=trials[chosen].max_logit_error,
        boundary_shift=shift,
        trials=tuple(trials),
        input_conversion=(
            f"exact binary value of each input cast to {str(dtype).replace('torch.', '')} "
            "(tropgeo.evaluation.exact_float_rows: the value rationalize(x) gives)"
        ),
    )


# --- boundary shift --------------------------------------------------------------------


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


def _boundary_shift(
    module: nn.Module, inputs: torch.Tensor, seen: np.ndarray, float_pred: list[int], batch: _Evaluated, limit: int
) -> BoundaryShift:
    pred = np.asarray(float_pred)
    segs = _segments(seen, pred, limit)
    classes = [(int(pred[a]), int(pred[b])) for a, b in segs]
    if not segs:
        return BoundaryShift((), (), (), (), ())
    t_float = _float_crossings(module, inputs, segs, classes)
    net = batch.net
    E2 = common_denominator(net.c2)
    c2n = [int(v * E2) for v in net.c2]
    Zrows, dZ = batch.Z.tolist(), [int(v) for v in batch.dZ.tolist()]
    exact: list[Fraction | None] = []
    dist: list[float] = []
    for (a, b), (i, j), tf in zip(segs, classes, t_float):
        w = [int(u) - int(v) for u, v in zip(net.B[i], net.B[j])]
        # both ends' preactivations over one denominator D; then G = D E2 (f_i - f_j)
        D = math.lcm(dZ[a], dZ[b])
        za = [int(v) * (D // dZ[a]) for v in Zrows[a]]
        zb = [int(v) * (D // dZ[b]) for v in Zrows[b]]
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
