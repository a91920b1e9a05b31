"""PyTorch <-> tropgeo: the recorded door between float weights and exact networks.

:func:`mlp_from_torch` reads any stack of ``nn.Linear`` layers with ReLU or LeakyReLU
between them -- a module, a state dict, or a ``torch.save``/safetensors/TorchScript file --
as an exact :class:`~tropgeo.mlp.MLP`; :func:`from_torch` reads Theorem 2's ``Linear -> ReLU
-> Linear`` as a :class:`~tropgeo.network.ReLUNetwork`.  Both convert every float parameter
with :func:`tropgeo.numbers.rationalize` (by default its exact binary value; with a
``max_denominator``, rounded ``"best"`` or ``"dyadic"``, recorded in the conversion), the one
recorded float -> exact conversion, then integerize.  :func:`load_state_dict` reads a weights
file without ever unpickling arbitrary objects, and :func:`prediction_agreement` compares the
float module with the exact network on data.
Finding and checking the layers is :mod:`tropgeo.adapters.torch_layers`, reading files
:mod:`tropgeo.adapters.torch_files`, comparing predictions
:mod:`tropgeo.adapters.torch_agreement` (re-exported here); :func:`to_torch`, the explicit
exact -> float conversion back, lives in :mod:`tropgeo.adapters.torch_write` (re-exported here too).

Examples
--------
>>> import torch
>>> module = torch.nn.Sequential(
...     torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2, bias=False))
>>> with torch.no_grad():
...     _ = module[0].weight.copy_(torch.tensor([[0.5, -1.0], [0.25, 2.0]]))
...     _ = module[0].bias.copy_(torch.tensor([0.0, 0.75]))
...     _ = module[2].weight.copy_(torch.tensor([[1.0, -1.0], [-0.5, 3.0]]))
>>> conv = from_torch(module)
>>> conv.network.A, conv.network.c1
(((Fraction(1, 2), -1), (Fraction(1, 4), 2)), (0, Fraction(3, 4)))
>>> conv.integer_network.A, conv.integer_network.B, conv.scale
(((1, -2), (1, 8)), ((2, -1), (-1, 3)), 4)
>>> conv.max_weight_error
Fraction(0, 1)
>>> x = (1, 2)
>>> conv.integer_network(x) == tuple(conv.scale * v for v in conv.network(x))
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Union

import torch
from torch import nn

from tropgeo.adapters._integerize_rounding import check_rounding, round_weight
from tropgeo.adapters.torch_agreement import Agreement, prediction_agreement
from tropgeo.adapters.torch_files import load_state_dict
from tropgeo.adapters.torch_layers import TorchLayers, read_layers
from tropgeo.adapters.torch_write import to_torch
from tropgeo.errors import InvalidInputError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, rationalize

__all__ = [
    "TorchConversion",
    "MLPConversion",
    "Agreement",
    "from_torch",
    "mlp_from_torch",
    "load_state_dict",
    "to_torch",
    "prediction_agreement",
]

StateDict = Mapping[str, torch.Tensor]
Source = Union[nn.Module, StateDict, str, os.PathLike]


@dataclass(frozen=True)
class TorchConversion:
    """The exact network read from a torch model, and how it was read.

    Attributes
    ----------
    network : ReLUNetwork
        Exact rational weights, before integerization: each float parameter
        ``w`` became its exact binary value, rounded as ``rounding`` says when
        ``max_denominator`` is set.
    integer_network : ReLUNetwork
        Integer ``A`` and ``B`` (biases may stay rational) with
        ``integer_network(x) == scale * network(x)`` for every ``x``; same
        decision boundaries and predictions as ``network``.
    scale : int or Fraction
        The positive factor of the line above.
    row_scales : tuple of int or Fraction
        The positive factor by which each hidden unit's row of ``(A | c1)``
        was multiplied (see :meth:`ReLUNetwork.integerized`).
    max_denominator : int or None
        The denominator bound; ``None`` means the exact binary value of each float.
    max_weight_error : Fraction
        ``max |w - q|`` between each float ``w``'s exact value and its exact
        rational ``q``, over all parameters (``0`` when ``max_denominator`` is
        ``None``; at most ``1 / (2 max_denominator)`` with ``"dyadic"``).
    source : str
        What was read: module layers or state-dict keys, and the float dtype.
    rounding : {"best", "dyadic"}
        How the bound was applied: ``"best"``, ``rationalize(w,
        max_denominator=d)`` (closest fraction with denominator ``<= d``); ``"dyadic"``,
        ``round(w * d) / d`` from ``w``'s exact value, ties to even (``d`` a power of
        two, so every denominator divides ``d``).  Irrelevant when ``max_denominator``
        is ``None``.

    Examples
    --------
    >>> import torch
    >>> module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
    >>> with torch.no_grad():
    ...     _ = module[0].weight.copy_(torch.tensor([[0.5, -1.0], [0.25, 0.75]]))
    ...     _ = module[0].bias.copy_(torch.tensor([0.0, 0.125]))
    ...     _ = module[2].weight.copy_(torch.tensor([[1.0, 0.5], [-0.5, 2.0]]))
    ...     _ = module[2].bias.zero_()
    >>> conv = from_torch(module)
    >>> conv.network.A, conv.integer_network.A, conv.row_scales, conv.scale
    (((Fraction(1, 2), -1), (Fraction(1, 4), Fraction(3, 4))), ((1, -2), (1, 3)), (2, 4), 8)
    >>> conv.integer_network((1, 1)) == tuple(conv.scale * v for v in conv.network((1, 1)))
    True
    >>> conv.max_denominator, conv.max_weight_error, conv.source
    (None, Fraction(0, 1), 'module (0: Linear(2->2), ReLU, 2: Linear(2->2); float32)')
    >>> coarse = from_torch(module, max_denominator=2, rounding="dyadic")
    >>> coarse.network.A, coarse.max_weight_error, coarse.rounding
    (((Fraction(1, 2), -1), (0, 1)), Fraction(1, 4), 'dyadic')
    """

    network: ReLUNetwork
    integer_network: ReLUNetwork
    scale: Exact
    row_scales: tuple[Exact, ...]
    max_denominator: int | None
    max_weight_error: Fraction
    source: str
    rounding: str = "best"


@dataclass(frozen=True)
class MLPConversion:
    """The exact MLP read from a torch model, and how it was read.

    Attributes
    ----------
    network : MLP
        Exact weights and biases (each float ``w``'s exact value, rounded as ``rounding``
        says when ``max_denominator`` is set) and exact negative slopes, before integerization.
    integer_network : MLP
        Integral weight matrices with ``integer_network(x) == scale * network(x)``
        (:meth:`MLP.integerized`): the same predictions and decision boundaries.
    scale : int or Fraction
        The positive factor of the line above.
    max_denominator : int or None
        The denominator bound for weights and biases (``None``: exact binary values).
    max_weight_error : Fraction
        ``max |w - q|`` over all weights and biases ``w`` and their exact values ``q``, exact.
    torch_negative_slopes : tuple of float or int
        The ``negative_slope`` torch stored for each hidden layer (``0`` for ReLU).
    max_slope_error : Fraction
        ``max |Fraction(s) - α|`` between the exact binary value of each stored slope ``s``
        and the slope ``α`` used: slopes are read as the shortest decimal that is the same
        float, ``α = Fraction(repr(s))`` (``0.01`` is ``1/100``), not as the float's binary
        value.  A slope is a hyperparameter someone wrote as a decimal, and the float is
        that decimal rounded; weights are the output of float arithmetic, so their binary
        value is the number.  The binary value would not be what torch computes either: a
        float32 forward pass uses the slope rounded to float32.
    source : str
        What was read (module layers, state-dict keys or file), the float dtypes, and
        every assumption or skipped layer.
    rounding : {"best", "dyadic"}
        How ``max_denominator`` was applied, as in :class:`TorchConversion`.

    Examples
    --------
    >>> import torch
    >>> module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.LeakyReLU(0.01), torch.nn.Linear(2, 2))
    >>> with torch.no_grad():
    ...     for p in module.parameters():
    ...         _ = p.fill_(0.75)
    >>> conv = mlp_from_torch(module)
    >>> conv.torch_negative_slopes, conv.network.negative_slopes, conv.max_slope_error > 0
    ((0.01,), (Fraction(1, 100),), True)
    >>> conv.integer_network.weights, conv.scale
    ((((1, 1), (1, 1)), ((1, 1), (1, 1))), Fraction(16, 9))
    >>> conv.integer_network((1, 2)) == tuple(conv.scale * v for v in conv.network((1, 2)))
    True
    """

    network: MLP
    integer_network: MLP
    scale: Exact
    max_denominator: int | None
    max_weight_error: Fraction
    torch_negative_slopes: tuple[float | int, ...]
    max_slope_error: Fraction
    source: str
    rounding: str = "best"


# --- converting ---------------------------------------------------------------


def _to_exact(t: torch.Tensor, max_denominator: int | None, rounding: str) -> tuple[list[Any], Fraction]:
    """Exact nested lists of ``t`` and the largest exact conversion error."""
    if t.is_floating_point():
        # float16/bfloat16/float32 -> float64 is exact, so these floats are the tensor's values.
        values = t.detach().cpu().to(torch.float64).tolist()
    else:
        values = t.detach().cpu().tolist()
    worst = Fraction(0)

    def conv(v: Any) -> Any:
        nonlocal worst
        if isinstance(v, list):
            return [conv(u) for u in v]
        q = round_weight(v, max_denominator, rounding)
        err = abs(Fraction(v) - q)
        if err > worst:
            worst = err
        return q

    return conv(values), worst


def _slope(s: float | int) -> Exact:
    """A torch ``negative_slope`` as the shortest decimal naming the same float."""
    q = Fraction(repr(float(s))) if isinstance(s, float) else Fraction(s)
    return int(q) if q.denominator == 1 else q


def _convert(layers: TorchLayers, max_denominator: int | None, rounding: str) -> tuple[MLP, Fraction, Fraction, str]:
    """The exact MLP of checked layers, its weight and slope errors, and the record."""
    worst = Fraction(0)
    weights: list[Any] = []
    biases: list[Any] = []
    for _, w, b in layers.linears:
        values, err = _to_exact(w, max_denominator, rounding)
        weights.append(values)
        worst = max(worst, err)
        if b is None:
            biases.append(None)
        else:
            values, err = _to_exact(b, max_denominator, rounding)
            biases.append(values)
            worst = max(worst, err)
    slopes = [_slope(s) for s in layers.slopes]
    slope_error = max((abs(Fraction(s) - a) for s, a in zip(layers.slopes, slopes)), default=Fraction(0))
    dtypes = sorted({str(t.dtype).replace("torch.", "") for _, w, b in layers.linears for t in (w, b) if t is not None})
    notes = list(layers.notes)
    if any(isinstance(s, float) and s for s in layers.slopes):
        notes.append("LeakyReLU slopes read as shortest decimals")
    source = f"{layers.where} ({layers.describe()}; {'/'.join(dtypes)})" + "".join(f", {n}" for n in notes)
    return MLP(weights, biases, slopes), worst, slope_error, source


def _check_max_denominator(max_denominator: int | None, rounding: str) -> str:
    if max_denominator is not None:
        rationalize(0, max_denominator=max_denominator)  # validates the argument, naming it
    return check_rounding(rounding, max_denominator)


def mlp_from_torch(
    source: Source,
    *,
    max_denominator: int | None = None,
    rounding: str = "best",
    trust_torchscript: bool = False,
    drop_final_softmax: bool = False,
) -> MLPConversion:
    """Read a torch MLP (Linear layers with ReLU or LeakyReLU between them) as an exact :class:`MLP`.

    Every float weight and bias ``w`` becomes ``rationalize(w, max_denominator=max_denominator)``:
    with ``None`` (the default) the exact binary value of the float, whatever its dtype
    (float16, bfloat16, float32, float64), so the exact network computes what the float
    weights define.  A LeakyReLU slope ``s`` becomes ``Fraction(repr(s))``, the shortest
    decimal that is the same float (``0.01`` -> ``1/100``, independent of
    ``max_denominator``; :class:`MLPConversion` says why and records the difference).  The
    network is then integerized (:meth:`MLP.integerized`), which keeps its decision boundaries.

    Parameters
    ----------
    source : nn.Module, state dict, or path
        * An ``nn.Sequential`` of ``nn.Linear`` layers with ``nn.ReLU``/``nn.LeakyReLU``
          between them; nested ``nn.Sequential`` are flattened; ``nn.Identity``, eval-mode
          ``nn.Dropout`` and ``nn.Flatten()`` are skipped (before the first Linear layer
          Flatten turns each input into a vector, row-major: a 1x28x28 image is 784
          inputs; after it, it does nothing).  An ``nn.DataParallel``,
          ``DistributedDataParallel`` or ``torch.compile`` wrapper is opened.  Pruned layers
          (``torch.nn.utils.prune``) are read as ``weight_orig * weight_mask``.  Anything
          else (Conv2d, BatchNorm1d, Sigmoid, Tanh, MaxPool, a subclass, a forward hook) is
          refused, naming the layer.
        * Its ``state_dict()``: ``<layer>.weight`` and optional ``<layer>.bias`` keys (or
          pruned ``weight_orig``/``weight_mask`` pairs), a ``module.`` or ``_orig_mod.``
          prefix on every key dropped.  A state dict cannot say which activation sat between
          the layers: ReLU is assumed, and recorded in ``source``.
        * A path: a ``torch.save`` file (read with ``weights_only=True`` and
          ``map_location="cpu"``; a pickled whole module is refused, never unpickled), a
          safetensors file, or -- with ``trust_torchscript=True`` -- a TorchScript archive
          (``torch.jit.save`` of a scripted or traced Sequential).  The format is read from
          the content, not the name.
    max_denominator : int or None
        Denominator bound for weights and biases; ``None``: exact binary values.
    rounding : {"best", "dyadic"}
        How the bound is applied (:class:`TorchConversion`): ``"best"`` (the default,
        :func:`~tropgeo.numbers.rationalize`'s closest fraction) or ``"dyadic"``
        (``round(w * d) / d``, ``d`` a power of two: small integers after integerization).
    trust_torchscript : bool
        Load TorchScript archives.  Loading one runs torch's TorchScript deserializer on
        the file; archives with code outside ``torch.nn`` or with ``__setstate__`` methods
        (the code a load runs) are refused first, but PyTorch offers no safe mode for
        ``torch.jit.load``: pass ``True`` only for files you trust
        (:func:`~tropgeo.adapters.torch_files.load_torchscript`).
    drop_final_softmax : bool
        A final ``Softmax``/``LogSoftmax`` over the classes keeps every prediction and
        decision boundary but changes the outputs; it is refused unless this is ``True``,
        and then the exact network computes the logits before it (recorded in ``source``).

    Returns
    -------
    MLPConversion

    Raises
    ------
    InvalidInputError
        Naming the layer, key or file: unsupported layers or files, non-finite weights,
        mismatched shapes, fewer than 2 outputs, a bad ``max_denominator`` or ``rounding``.

    Examples
    --------
    >>> import torch
    >>> module = torch.nn.Sequential(
    ...     torch.nn.Flatten(), torch.nn.Linear(4, 3), torch.nn.LeakyReLU(0.01),
    ...     torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.ReLU()), torch.nn.Linear(3, 2))
    >>> conv = mlp_from_torch(module)
    >>> conv.network.widths, conv.network.negative_slopes, conv.torch_negative_slopes
    ((4, 3, 3, 2), (Fraction(1, 100), 0), (0.01, 0))
    >>> conv.max_slope_error == abs(Fraction(0.01) - Fraction(1, 100))
    True
    >>> conv.integer_network.is_integral, conv.max_weight_error
    (True, Fraction(0, 1))
    >>> print(conv.source.replace(", ", ",\\n"))
    module (1: Linear(4->3),
    LeakyReLU(0.01),
    3.0: Linear(3->3),
    ReLU,
    4: Linear(3->2); float32),
    Flatten before the first Linear layer: inputs are flattened row-major (a 1x28x28 image is 784 inputs),
    LeakyReLU slopes read as shortest decimals
    """
    rounding = _check_max_denominator(max_denominator, rounding)
    layers = read_layers(source, trust_torchscript=trust_torchscript, drop_final_softmax=drop_final_softmax)
    network, worst, slope_error, record = _convert(layers, max_denominator, rounding)
    integer = network.integerized()
    return MLPConversion(
        network=network,
        integer_network=integer.network,
        scale=integer.scale,
        max_denominator=None if max_denominator is None else int(max_denominator),
        max_weight_error=worst,
        torch_negative_slopes=layers.slopes,
        max_slope_error=slope_error,
        source=record,
        rounding=rounding,
    )


def from_torch(
    module_or_state_dict: Source,
    *,
    max_denominator: int | None = None,
    rounding: str = "best",
) -> TorchConversion:
    """Read an ``Affine -> ReLU -> Affine`` torch classifier (Theorem 2's setting) as an
    exact :class:`ReLUNetwork`.

    The same reading as :func:`mlp_from_torch` (sources, skipped layers, wrappers, pruning,
    dtypes, the exact binary value of each float weight by default), restricted to one
    hidden layer with ReLU; the network is integerized with
    :meth:`ReLUNetwork.integerized`, which keeps its decision boundaries.  Deeper or
    LeakyReLU networks are refused with a pointer to :func:`mlp_from_torch`.

    Parameters
    ----------
    module_or_state_dict : nn.Sequential, state dict, or path
        As ``source`` of :func:`mlp_from_torch` (TorchScript archives only through it).
    max_denominator : int or None
        Denominator bound of the exact weights; ``None`` (default): exact binary values.
    rounding : {"best", "dyadic"}
        How the bound is applied.  ``"best"`` (default): the closest fraction with
        denominator ``<= max_denominator`` (:func:`~tropgeo.numbers.rationalize`), which
        finds short decimals again but gives each weight its own denominator, so the
        integers of ``integer_network`` grow with the bound.  ``"dyadic"``:
        ``round(w * d) / d`` of each weight's exact value, ties to even, for ``d =
        max_denominator`` a power of two (anything else is refused): every denominator
        divides ``d``, so integerization keeps the integers near ``log2 d + log2 |w|``
        bits.  Recorded in the result.

    Returns
    -------
    TorchConversion

    Raises
    ------
    InvalidInputError
        For anything other than two Linear layers with a ReLU between them and >= 2
        outputs (the message names the layer or key, or says what was found), for
        non-finite weights, for mismatched shapes, and for a bad ``max_denominator`` or
        ``rounding`` (``"dyadic"`` with a bound that is not a power of two).

    Examples
    --------
    >>> import torch
    >>> sd = {"module.0.weight": torch.tensor([[0.1], [-0.2]]),
    ...       "module.2.weight": torch.tensor([[1.0, 0.5], [0.0, -1.0]])}
    >>> conv = from_torch(sd, max_denominator=10)
    >>> conv.network.A, conv.network.B
    (((Fraction(1, 10),), (Fraction(-1, 5),)), ((1, Fraction(1, 2)), (0, -1)))
    >>> f"{float(conv.max_weight_error):.2e}"  # float32(-0.2) vs -1/5
    '2.98e-09'
    >>> from_torch(sd).network.A[0][0] == Fraction(float(torch.tensor(0.1)))
    True
    >>> dy = from_torch(sd, max_denominator=16, rounding="dyadic")   # 0.1 * 16 = 1.6 -> 2
    >>> dy.network.A, dy.rounding, dy.max_weight_error <= Fraction(1, 32)
    (((Fraction(1, 8),), (Fraction(-3, 16),)), 'dyadic', True)
    >>> from_torch(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Sigmoid(), torch.nn.Linear(3, 2)))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: module[1] is Sigmoid(); expected nn.Linear layers with ReLU or LeakyReLU between them (eval-mode Dropout, Identity and Flatten() are skipped)
    >>> from_torch(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(), torch.nn.Linear(3, 2)))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: module has 2 Linear layers: Linear -> LeakyReLU(0.01) -> Linear; from_torch reads only Linear -> ReLU -> Linear (Theorem 2's one-hidden-layer ReLU network). Use mlp_from_torch for deeper or LeakyReLU networks
    """
    rounding = _check_max_denominator(max_denominator, rounding)
    layers = read_layers(module_or_state_dict, argument="module_or_state_dict")
    if len(layers.linears) != 2 or layers.slopes[0] != 0:
        raise InvalidInputError(
            f"{layers.where} has {len(layers.linears)} Linear layer{'s' if len(layers.linears) > 1 else ''}: "
            f"{layers.pattern()}; from_torch reads only Linear -> ReLU -> Linear "
            "(Theorem 2's one-hidden-layer ReLU network). Use mlp_from_torch for deeper or LeakyReLU networks"
        )
    mlp, worst, _, record = _convert(layers, max_denominator, rounding)
    network = mlp.as_relu_network()
    integer = network.integerized()
    return TorchConversion(
        network=network,
        integer_network=integer.network,
        scale=integer.scale,
        row_scales=integer.row_scales,
        max_denominator=None if max_denominator is None else int(max_denominator),
        max_weight_error=worst,
        source=record,
        rounding=rounding,
    )
