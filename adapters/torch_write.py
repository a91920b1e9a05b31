"""Exact -> float: :func:`to_torch`, the explicit, inexact conversion of an exact network to torch.

Reading torch models as exact networks (:func:`~tropgeo.adapters.torch_io.from_torch`,
:func:`~tropgeo.adapters.torch_io.mlp_from_torch`) is :mod:`tropgeo.adapters.torch_io`,
which re-exports :func:`to_torch`; this module never imports it, so either can be imported first.

Examples
--------
>>> module = to_torch(ReLUNetwork([[1, -2]], [[3], [-1]]))
>>> [p.tolist() for p in module.parameters()]
[[[1.0, -2.0]], [0.0], [[3.0], [-1.0]], [0.0, 0.0]]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import torch
from torch import nn

from tropgeo.errors import InvalidInputError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact

__all__ = ["to_torch"]


def to_torch(net: ReLUNetwork | MLP, *, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """Round an exact network to a float torch module: an explicit, inexact conversion.

    Each exact parameter, and each negative slope, becomes the nearest float64
    (``float(Fraction)`` is correctly rounded); parameters are then cast to ``dtype``.  The
    float module therefore only approximates ``net`` unless every parameter is a dyadic
    rational that ``dtype`` represents (for example small integers).  Reading it back with
    :func:`mlp_from_torch` gives ``net`` again when the weights are such dyadics and every
    slope is a decimal of at most 15 significant digits (``1/100``, ``1/4``; not ``1/3``).

    Parameters
    ----------
    net : ReLUNetwork or MLP
    dtype : torch.dtype
        A floating dtype, float64 by default.

    Returns
    -------
    nn.Sequential
        ``Linear`` layers (with biases, zero where ``net`` has none) with ``ReLU()`` after
        each hidden layer whose slope is 0 and ``LeakyReLU(float(α))`` otherwise, in eval mode.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from tropgeo.adapters.torch_io import from_torch, mlp_from_torch
    >>> module = to_torch(ReLUNetwork([[1, F(1, 3)]], [[2], [-1]], c1=[F(1, 2)]))
    >>> module
    Sequential(
      (0): Linear(in_features=2, out_features=1, bias=True)
      (1): ReLU()
      (2): Linear(in_features=1, out_features=2, bias=True)
    )
    >>> module[0].weight.dtype, module[0].weight.tolist()
    (torch.float64, [[1.0, 0.3333333333333333]])
    >>> from_torch(to_torch(ReLUNetwork([[1, -2]], [[3], [-1]]))).network == ReLUNetwork([[1, -2]], [[3], [-1]])
    True
    >>> deep = MLP([[[1, 2]], [[1]], [[3], [-1]]], negative_slopes=[F(1, 10), 0])
    >>> to_torch(deep)[1], mlp_from_torch(to_torch(deep)).network == deep
    (LeakyReLU(negative_slope=0.1), True)
    """
    if isinstance(net, ReLUNetwork):
        net = MLP.from_relu_network(net)
    if not isinstance(net, MLP):
        raise InvalidInputError(f"net is a {type(net).__name__}; expected a tropgeo ReLUNetwork or MLP")
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise InvalidInputError(f"dtype={dtype!r} must be a floating torch dtype")
    layers: list[nn.Module] = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        linear = nn.Linear(len(W[0]), len(W), dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(_float_tensor(W, dtype, f"weights[{l}]"))
            linear.bias.copy_(_float_tensor(b, dtype, f"biases[{l}]"))
        layers.append(linear)
        if l < net.n_hidden_layers:
            slope = net.negative_slopes[l]
            if slope == 0:
                layers.append(nn.ReLU())
            else:
                # LeakyReLU multiplies in the module's dtype, so the slope must be finite there too
                _float_tensor([slope], dtype, f"negative_slopes[{l}]", single=True)
                layers.append(nn.LeakyReLU(float(slope)))
    return nn.Sequential(*layers).eval()


def _short(value: Exact) -> str:
    """An exact value for a message, shortened when it has hundreds of digits."""
    text = str(value)
    if len(text) <= 40:
        return text
    q = Fraction(value)
    return f"{'-' if q < 0 else ''}~10^{len(str(abs(q.numerator))) - len(str(q.denominator))}"


def _float_tensor(values: Any, dtype: torch.dtype, name: str, *, single: bool = False) -> torch.Tensor:
    """``values`` (a vector or matrix of exact numbers) rounded to ``dtype``, refusing any that is not finite there."""
    rows = values if values and isinstance(values[0], (tuple, list)) else None
    flat: list[tuple[str, Exact]]
    if rows is None:
        flat = [(name if single else f"{name}[{i}]", v) for i, v in enumerate(values)]
    else:
        flat = [(f"{name}[{i}][{j}]", v) for i, row in enumerate(rows) for j, v in enumerate(row)]
    floats = []
    for _, v in flat:
        # float(Fraction) is correctly rounded; beyond the float64 range it raises instead of giving inf
        try:
            floats.append(float(v))
        except OverflowError:
            floats.append(float("inf"))
    cast = torch.tensor(floats, dtype=torch.float64).to(dtype)
    bad = (~torch.isfinite(cast)).nonzero()
    if len(bad):
        entry, v = flat[int(bad[0, 0])]
        raise InvalidInputError(
            f"net.{entry}={_short(v)} is not finite in {dtype} (largest finite value "
            f"{torch.finfo(dtype).max:.6g}); to_torch cannot represent this network in that dtype"
        )
    return cast.reshape(len(values), -1) if rows is not None else cast
