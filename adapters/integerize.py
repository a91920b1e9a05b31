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
``from_torch(..., max_denominator=d, rounding=...)`` (kept in the report's
``conversion``, which records ``max_denominator``, ``rounding`` and
``max_weight_error``), and the data through
:func:`tropgeo.evaluation.exact_float_rows` of the inputs cast to the module's dtype
(the exact binary value of what the float module sees, as :func:`tropgeo.rationalize`
gives it); the exact logits of all rows are then
:func:`tropgeo.evaluation.batch_layer_outputs`.  The measurements of float
arithmetic (logit error, distances) are reported as floats.

**Rounding.**  The search rounds with ``rounding="dyadic"`` by default: each
weight's exact value ``w`` becomes ``round(w * d) / d`` (ties to even) for
``d = 2**k``, so every denominator divides ``d``, integerization multiplies by at
most ``d``, and the integers keep about ``k + log2 |w|`` bits: the bound chosen
for agreement is also the size paid in the exact computations.  With
``rounding="best"`` (``from_torch``'s default) each weight becomes the closest
fraction with denominator ``<= d``; that finds short decimals again (the example
below), but the denominators of a trained net's weights are unrelated, and
integerization multiplies each hidden row by the least common multiple of its
denominators, so the integers grow far beyond ``log2 d`` bits
(:attr:`DenominatorTrial.max_integer_bits` records it; docs/integerization.md
measures both on iris and digits).

``max_denominator=None`` takes each float weight's exact binary value, so the
exact network is exactly the function the float weights define; torch still
evaluates it in float32 arithmetic, so predictions at near-ties can differ
even then.  The report says what was measured, it does not assume 100 %.

This module is the search and its exact batch evaluation; the records it returns,
:class:`DenominatorTrial` and :class:`IntegerizationReport`, live in
:mod:`tropgeo.adapters._integerize_report`, the boundary shift in
:mod:`tropgeo.adapters._integerize_shift` (all re-exported here).

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
[(4, 216), (16, 212), (64, 289)]
>>> report.max_denominator, report.rounding, report.n_agree, report.n_points, report.met_target
(64, 'dyadic', 289, 289, True)

Each weight is rounded to a multiple of 1/64 (0.30 * 64 = 19.2 -> 19), so the hidden rows are
integerized by 64 and the scale is 64 * 64:

>>> report.integer_network.A, report.integer_network.c2, report.scale
(((19, -45), (35, 13)), (0, 64), 4096)
>>> f"{report.max_logit_error:.3f}", report.boundary_shift.n_segments, f"{report.boundary_shift.max_distance:.4f}"
('0.027', 64, '0.0097')

The weights are decimals with denominators <= 50, so best rounding finds them again at 64;
what is left of the logit error is float32's:

>>> best = integerize_to_agreement(module, X, denominators=(4, 16, 64, None), rounding="best")
>>> [(t.max_denominator, t.n_agree) for t in best.trials]
[(4, 220), (16, 215), (64, 289)]
>>> best.integer_network.A, best.integer_network.c2, best.scale
(((3, -7), (11, 4)), (0, 4), 200)
>>> best.max_logit_error < 1e-6, best.boundary_shift.n_segments, best.boundary_shift.max_distance < 1e-6
(True, 64, True)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Sequence, Union

import numpy as np
import torch
from torch import nn

from tropgeo.adapters._integerize_checks import check_data, check_denominators, check_target
from tropgeo.adapters._integerize_report import DenominatorTrial, IntegerizationReport
from tropgeo.adapters._integerize_rounding import check_rounding, integer_bits
from tropgeo.adapters._integerize_shift import BoundaryShift, boundary_shift
from tropgeo.adapters.torch_io import TorchConversion, from_torch, load_state_dict, to_torch
from tropgeo.errors import InvalidInputError
from tropgeo.evaluation import batch_layer_outputs, batch_logits, exact_float_rows, max_abs_deviation
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, as_exact, as_exact_matrix, common_denominator

__all__ = [
    "DEFAULT_DENOMINATORS",
    "BoundaryShift",
    "DenominatorTrial",
    "IntegerizationReport",
    "exact_logits",
    "integerize_to_agreement",
]

#: Denominator bounds tried by default, coarsest first; ``None`` is the exact binary value.
#: Powers of two, so that every one of them is valid for both roundings.
DEFAULT_DENOMINATORS: tuple[int | None, ...] = (2**4, 2**6, 2**8, 2**10, 2**12, 2**16, 2**20, None)

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


# --- the search ------------------------------------------------------------------------


Source = Union[nn.Module, Mapping[str, torch.Tensor], str, "os.PathLike[str]"]


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
    rounding: str = "dyadic",
    boundary_segments: int = 64,
) -> IntegerizationReport:
    """The coarsest rationalization whose integer network predicts like the float module.

    For each bound ``d`` in ``denominators`` (coarsest first), the module is read
    with ``from_torch(module, max_denominator=d, rounding=rounding)`` (each weight
    is rounded to a multiple of ``1/d``, or to the closest fraction with
    denominator ``<= d``; then the network is integerized),
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
        Increasing bounds to try; ``None`` (exact binary values) only last.  With
        ``rounding="dyadic"`` every bound must be a power of two.
    rounding : {"dyadic", "best"}
        ``"dyadic"`` (default): ``round(w * d) / d``, ties to even, from each
        weight's exact value: all denominators divide ``d``, so the integer
        network's entries stay near ``log2 d + log2 |w|`` bits and the bound the
        search picks is the precision the exact computations pay for.  ``"best"``:
        ``rationalize(w, max_denominator=d)``, the closest fraction (recovers
        short decimals, but the least common multiples of unrelated denominators
        make the integers grow much faster than ``d``).  The search's default
        differs from ``from_torch``'s (``"best"``, kept for compatibility) because
        the search exists to make the integers small.
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
        non-finite values, or a bad ``target``, ``denominators``, ``rounding`` or
        ``boundary_segments`` (the message names it).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from tropgeo import ReLUNetwork
    >>> from tropgeo.adapters.torch_io import to_torch
    >>> net = ReLUNetwork([[F(3, 10), F(-7, 10)], [F(11, 20), F(1, 5)]], [[F(13, 10), F(-2, 5)], [F(-9, 10), F(11, 10)]],
    ...                   c1=[F(1, 10), F(-1, 20)], c2=[0, F(1, 50)])
    >>> module = to_torch(net)
    >>> X = [[1, 0], [0, 1], [-1, 0], [0, -1]]
    >>> report = integerize_to_agreement(module, X, denominators=(4, 16, 64, None))
    >>> [(t.max_denominator, t.n_agree) for t in report.trials]
    [(4, 2), (16, 3), (64, 4)]
    >>> report.max_denominator, report.met_target, report.integer_network.A, report.scale
    (64, True, ((19, -45), (35, 13)), 4096)
    >>> report.boundary_shift.n_segments
    2
    >>> integerize_to_agreement(module, X, denominators=(3,))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: denominators=(3,): entry 3 must be a power of two with rounding='dyadic' (or pass rounding='best')
    """
    rounding = check_rounding(rounding, None)
    target_q = check_target(target)
    bounds = check_denominators(denominators, rounding)
    if isinstance(boundary_segments, (bool, np.bool_)) or not isinstance(boundary_segments, (int, np.integer)) or boundary_segments < 0:
        raise InvalidInputError(f"boundary_segments={boundary_segments!r} must be an int >= 0")
    module, readable = _float_module(module_or_state_dict)
    params = list(module.parameters())
    dtype = params[0].dtype if params else torch.float32
    Xa = check_data(X)
    first = from_torch(readable, max_denominator=bounds[0], rounding=rounding)
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
        conv = first if k == 0 else from_torch(readable, max_denominator=bound, rounding=rounding)
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
                max_integer_bits=integer_bits(conv.integer_network.A + conv.integer_network.B),
                rounding=rounding,
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
        shift = boundary_shift(module, inputs, seen, float_pred, batch.net, batch.Z, batch.dZ, boundary_segments)
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
