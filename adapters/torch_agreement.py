"""Does the exact network predict what the float torch module predicts? Measured on data.

:func:`prediction_agreement` runs the float module on the rows of ``X`` and the exact
network on the exact values of the same rows (:func:`tropgeo.evaluation.exact_float_rows`,
the recorded float -> exact conversion; :func:`tropgeo.evaluation.batch_logits`, batched
integer arithmetic equal to ``network(x)``), and reports where the predictions differ and
how far the float logits are from the exact ones.  Re-exported by
:mod:`tropgeo.adapters.torch_io`.

Examples
--------
>>> import numpy as np
>>> from tropgeo.adapters.torch_io import to_torch
>>> net = ReLUNetwork([[1, -1], [-1, 1]], [[1, 0], [0, 1]])   # logits relu(x - y), relu(y - x)
>>> prediction_agreement(to_torch(net), net, np.array([[2.0, 1.0], [1.0, 3.0]])).exact_predictions
(0, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import numpy as np
import torch
from torch import nn

from tropgeo.adapters.training import eval_forward
from tropgeo.errors import InvalidInputError
from tropgeo.evaluation import batch_logits, exact_float_rows, max_abs_deviation
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork

if TYPE_CHECKING:
    from tropgeo.adapters.torch_io import MLPConversion, TorchConversion

__all__ = ["Agreement", "prediction_agreement"]


@dataclass(frozen=True)
class Agreement:
    """Predictions of a float torch module against an exact network.

    Attributes
    ----------
    n_points : int
        Number of points compared.
    n_agree : int
        Points where both predict the same class.
    disagreeing_indices : tuple of int
        Row indices of ``X`` where the predictions differ.
    float_predictions, exact_predictions : tuple of int
        Argmax of the torch logits and of the exact logits (ties: lowest index).
    max_logit_error : float
        ``max |torch logit - exact logit|`` over points and classes, computed exactly and
        rounded to a float (it measures float arithmetic, so it is reported as a float).

    Examples
    --------
    >>> a = Agreement(2, 1, (1,), (0, 0), (0, 1), 0.5)
    >>> a.is_perfect, a.n_agree / a.n_points
    (False, 0.5)
    """

    n_points: int
    n_agree: int
    disagreeing_indices: tuple[int, ...]
    float_predictions: tuple[int, ...]
    exact_predictions: tuple[int, ...]
    max_logit_error: float

    @property
    def is_perfect(self) -> bool:
        """Whether every point is classified the same way.

        Examples
        --------
        >>> Agreement(1, 1, (), (2,), (2,), 0.0).is_perfect
        True
        """
        return self.n_agree == self.n_points


def prediction_agreement(
    module: nn.Module, network: Union[ReLUNetwork, MLP, "TorchConversion", "MLPConversion"], X: Any
) -> Agreement:
    """Compare the float module's predictions with the exact network's on the rows of ``X``.

    The exact side takes each row at its exact value (the binary value of each float,
    :func:`~tropgeo.evaluation.exact_float_rows`; integers as they are) and computes the
    exact logits ``network(x)`` of all rows at once in integer arithmetic
    (:func:`~tropgeo.evaluation.batch_logits`).  The module receives ``X`` cast to the
    dtype of its parameters.  Both predictions take the lowest index among tied maxima.
    Measured with ``scripts/bench_agreement.py`` (untrained ``torch.manual_seed(0)``
    networks, float32 data): 0.5 s for the 5 000 MNIST images through a 784-5-10
    network, 2 ms for iris through a 4-5-3 network.

    Parameters
    ----------
    module : nn.Module
        The float model (run in eval mode under ``torch.no_grad``; its training flag is
        restored afterwards).
    network : ReLUNetwork, MLP, TorchConversion or MLPConversion
        The exact network; for a conversion its rational ``network`` is used.
        ``max_logit_error`` compares logits, so pass the unscaled rational network (an
        integerized one has the same predictions but logits multiplied by its scale).
    X : array_like of shape (m, n_inputs)
        Finite real points (float16/32/64 or integers).

    Returns
    -------
    Agreement

    Raises
    ------
    InvalidInputError
        For a wrong network or module type, ``X`` of the wrong shape or dtype or with
        non-finite values, or float logits that overflow.

    Examples
    --------
    >>> import numpy as np
    >>> from tropgeo.adapters.torch_io import to_torch
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> agreement = prediction_agreement(to_torch(net), net, np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]))
    >>> agreement.n_agree, agreement.exact_predictions, agreement.max_logit_error, agreement.is_perfect
    (3, (0, 1, 0), 0.0, True)
    """
    from tropgeo.adapters.torch_io import MLPConversion, TorchConversion  # torch_io re-exports this module

    if isinstance(network, (TorchConversion, MLPConversion)):
        network = network.network
    if not isinstance(network, (ReLUNetwork, MLP)):
        raise InvalidInputError(
            f"network is a {type(network).__name__}; expected a ReLUNetwork, MLP, TorchConversion or MLPConversion"
        )
    if not isinstance(module, nn.Module):
        raise InvalidInputError(f"module is a {type(module).__name__}; expected a torch nn.Module")
    Xa = np.asarray(X)
    if Xa.ndim != 2 or Xa.shape[1] != network.n_inputs:
        raise InvalidInputError(f"X must have shape (m, {network.n_inputs}) (one row per point), got {Xa.shape}")
    if Xa.dtype.kind not in "fiu":
        raise InvalidInputError(f"X must hold real numbers, got dtype {Xa.dtype}")
    if Xa.dtype.kind == "f" and not np.isfinite(Xa).all():
        raise InvalidInputError("X holds non-finite values (nan or inf)")
    out = eval_forward(module, Xa)
    if out.dim() != 2 or out.shape != (Xa.shape[0], network.n_classes):
        raise InvalidInputError(
            f"module maps X to logits of shape {tuple(out.shape)}; the network has {network.n_classes} classes"
        )
    if not bool(torch.isfinite(out).all()):
        bad = int(torch.nonzero(~torch.isfinite(out))[0][0])
        raise InvalidInputError(
            f"the float module's logits overflow to a non-finite value at X[{bad}] "
            f"(in {out.dtype}); the float and exact predictions cannot be compared"
        )
    float_pred = tuple(int(i) for i in torch.argmax(out, dim=1).tolist()) if len(Xa) else ()
    numerators, denominators = exact_float_rows(Xa)
    Y, d = batch_logits(network, numerators, denominators)
    # np.argmax takes the first maximum; the row denominators are positive
    exact_pred = tuple(int(i) for i in np.argmax(Y, axis=1)) if len(Xa) else ()
    worst = max_abs_deviation(Y, d, out.to(torch.float64).numpy())  # float32 -> float64 is exact
    disagree = tuple(i for i, (a, b) in enumerate(zip(float_pred, exact_pred)) if a != b)
    return Agreement(
        n_points=len(exact_pred),
        n_agree=len(exact_pred) - len(disagree),
        disagreeing_indices=disagree,
        float_predictions=float_pred,
        exact_predictions=exact_pred,
        max_logit_error=float(worst),
    )
