"""Exact multilayer perceptrons: affine layers with ReLU or LeakyReLU between them.

An :class:`MLP` holds the exact weights of

``f(x) = W_L σ_{L-1}( ... σ_1(W_1 x + b_1) ... ) + b_L``

where ``σ_l`` is applied entrywise, ``σ_l(z) = max(z, 0) + α_l min(z, 0)`` with a rational
``α_l`` (``negative_slopes[l - 1]``): ``α = 0`` is the ReLU, ``0 < α < 1`` a LeakyReLU.  Any
exact ``α`` is accepted (``α = 1`` is the identity).  Every ``σ`` is positively homogeneous,
so scaling a row of one layer by ``d > 0`` and the matching column of the next layer by
``1/d`` leaves ``f`` unchanged; :meth:`MLP.integerized` uses that to make every weight matrix
integral without moving the decision boundaries.

The one-hidden-layer ReLU case is :class:`~tropgeo.network.ReLUNetwork` (Theorem 2's
setting); :meth:`MLP.from_relu_network` and :meth:`MLP.as_relu_network` convert.

Examples
--------
>>> net = MLP([[[1, -1], [2, 1]], [[1, 1]], [[1], [-1]]], biases=[[0, -1], [0], [0, 1]])
>>> net.widths, net.n_hidden_layers
((2, 2, 1, 2), 2)
>>> net((3, 1))                  # hidden (2, 6), then 8, then (8, -8 + 1)
(8, -7)
>>> net.predict((3, 1))
0
>>> from fractions import Fraction as F
>>> leaky = MLP([[[1]], [[1], [-1]]], negative_slopes=[F(1, 10)])
>>> leaky((-5,))
(Fraction(-1, 2), Fraction(1, 2))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

from tropgeo.errors import InvalidInputError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, _refuse_unordered, as_exact, as_exact_matrix, as_exact_vector, canonical as _canon

__all__ = ["MLP", "MLPIntegerization"]

Matrix = tuple[tuple[Exact, ...], ...]
Vector = tuple[Exact, ...]


def _affine(W: Matrix, b: Vector, x: Sequence[Exact]) -> list[Fraction]:
    out = []
    for row, c in zip(W, b):
        total = Fraction(c)
        for a, v in zip(row, x):
            if a and v:
                total += a * v
        out.append(total)
    return out


def _primitive_scale(values: Sequence[Exact]) -> Fraction:
    """The ``d > 0`` making ``d * values`` a primitive integer vector (1 for all zeros)."""
    qs = [Fraction(v) for v in values if v]
    if not qs:
        return Fraction(1)
    den = math.lcm(*(q.denominator for q in qs))
    return Fraction(den, math.gcd(*(int(q * den) for q in qs)))


@dataclass(frozen=True, init=False)
class MLP:
    """Exact weights of an MLP with ReLU/LeakyReLU activations.

    Parameters
    ----------
    weights : sequence of matrices of int/Fraction
        ``W_1`` (``n_1 x n_0``), ..., ``W_L`` (``k x n_{L-1}``), ``L >= 1``; each
        layer's column count is the previous layer's row count; ``k >= 2`` classes.
    biases : sequence of vectors, optional
        ``b_1, ..., b_L`` (all zeros when omitted; one entry ``None`` means zeros for
        that layer).
    negative_slopes : sequence of int/Fraction, optional
        ``α_1, ..., α_{L-1}``, one per hidden layer (all 0, i.e. ReLU, when omitted).

    Equality is equality of the exact parameters.

    Examples
    --------
    >>> MLP([[[1, 0]], [[1], [2]]]).widths
    (2, 1, 2)
    >>> MLP([[[1, 0]], [[1, 1], [2, 0]]])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: weights[1] must have 1 columns (rows of weights[0]), got 2
    """

    weights: tuple[Matrix, ...]
    biases: tuple[Vector, ...]
    negative_slopes: tuple[Exact, ...]

    def __init__(self, weights: Any, biases: Any = None, negative_slopes: Any = None) -> None:
        _refuse_unordered(weights, name="weights", what="matrices (one per layer)")
        if not hasattr(weights, "__len__") or len(weights) == 0:
            raise InvalidInputError("weights must be a nonempty sequence of matrices (one per layer)")
        Ws = tuple(as_exact_matrix(W, name=f"weights[{l}]") for l, W in enumerate(weights))
        if len(Ws[0][0]) == 0:
            # a network of no inputs is a constant: nothing tropical is left to decompose
            raise InvalidInputError(
                f"weights[0] has {len(Ws[0])} rows of 0 columns; the network needs at least one input"
            )
        for l in range(1, len(Ws)):
            if len(Ws[l][0]) != len(Ws[l - 1]):
                raise InvalidInputError(
                    f"weights[{l}] must have {len(Ws[l - 1])} columns (rows of weights[{l - 1}]), "
                    f"got {len(Ws[l][0])}"
                )
        if len(Ws[-1]) < 2:
            raise InvalidInputError(f"weights[{len(Ws) - 1}] (the output layer) must have at least 2 rows (classes), got {len(Ws[-1])}")
        if biases is None:
            biases = [None] * len(Ws)
        _refuse_unordered(biases, name="biases", what="vectors (one per layer)")
        if not hasattr(biases, "__len__") or len(biases) != len(Ws):
            raise InvalidInputError(f"biases must be a sequence of {len(Ws)} vectors (one per layer)")
        bs = []
        for l, (W, b) in enumerate(zip(Ws, biases)):
            bv = (0,) * len(W) if b is None else as_exact_vector(b, name=f"biases[{l}]")
            if len(bv) != len(W):
                raise InvalidInputError(f"biases[{l}] must have length {len(W)} (rows of weights[{l}]), got {len(bv)}")
            bs.append(bv)
        if negative_slopes is None:
            negative_slopes = [0] * (len(Ws) - 1)
        _refuse_unordered(negative_slopes, name="negative_slopes", what="slopes (one per hidden layer)")
        if not hasattr(negative_slopes, "__len__") or len(negative_slopes) != len(Ws) - 1:
            raise InvalidInputError(
                f"negative_slopes must be a sequence of {len(Ws) - 1} numbers (one per hidden layer)"
            )
        slopes = tuple(as_exact(a, name=f"negative_slopes[{l}]") for l, a in enumerate(negative_slopes))
        object.__setattr__(self, "weights", Ws)
        object.__setattr__(self, "biases", tuple(bs))
        object.__setattr__(self, "negative_slopes", slopes)

    def __repr__(self) -> str:
        return f"MLP(widths={self.widths}, negative_slopes={self.negative_slopes}, is_integral={self.is_integral})"

    @property
    def widths(self) -> tuple[int, ...]:
        """``(n_0, n_1, ..., n_L)``: inputs, hidden widths, classes.

        Examples
        --------
        >>> MLP([[[1, 0, 0]], [[1], [2], [3]]]).widths
        (3, 1, 3)
        """
        return (len(self.weights[0][0]),) + tuple(len(W) for W in self.weights)

    @property
    def n_inputs(self) -> int:
        """Number of inputs ``n_0``.

        Examples
        --------
        >>> MLP([[[1, 0, 0]], [[1], [2]]]).n_inputs
        3
        """
        return self.widths[0]

    @property
    def n_classes(self) -> int:
        """Number of outputs (classes) ``n_L``.

        Examples
        --------
        >>> MLP([[[1, 0, 0]], [[1], [2]]]).n_classes
        2
        """
        return self.widths[-1]

    @property
    def n_hidden_layers(self) -> int:
        """Number ``L - 1`` of hidden (activated) layers.

        Examples
        --------
        >>> MLP([[[1, 0]], [[1], [2]]]).n_hidden_layers, MLP([[[1, 0], [0, 1]]]).n_hidden_layers
        (1, 0)
        """
        return len(self.weights) - 1

    @property
    def is_integral(self) -> bool:
        """Whether every weight matrix is integral (biases and slopes may be rational).

        Examples
        --------
        >>> from fractions import Fraction
        >>> MLP([[[Fraction(1, 2)]], [[1], [2]]]).is_integral
        False
        """
        return all(isinstance(v, int) for W in self.weights for row in W for v in row)

    @property
    def has_biases(self) -> bool:
        """Whether some bias entry is nonzero.

        Examples
        --------
        >>> MLP([[[1]], [[1], [2]]], biases=[None, [0, 1]]).has_biases
        True
        """
        return any(any(b) for b in self.biases)

    def _input(self, x: Any) -> Vector:
        xv = as_exact_vector(x, name="x")
        if len(xv) != self.n_inputs:
            raise InvalidInputError(f"x must have length {self.n_inputs} (inputs of the network), got {len(xv)}")
        return xv

    def layer_outputs(self, x: Any) -> tuple[Vector, ...]:
        """Exact preactivations ``z_l = W_l h_{l-1} + b_l`` of every layer at ``x``
        (``h_0 = x``, ``h_l = σ_l(z_l)``); the last one is the logits.

        Examples
        --------
        >>> MLP([[[1], [-1]], [[1, 1], [1, -1]]]).layer_outputs((2,))
        ((2, -2), (2, 2))
        """
        h: list[Exact] | list[Fraction] = list(self._input(x))
        outs = []
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = _affine(W, b, h)
            outs.append(tuple(_canon(v) for v in z))
            if l < len(self.weights) - 1:
                a = self.negative_slopes[l]
                h = [v if v >= 0 else a * v for v in z]
        return tuple(outs)

    def __call__(self, x: Any) -> Vector:
        """Exact logits ``f(x)``."""
        return self.layer_outputs(x)[-1]

    def predict(self, x: Any) -> int:
        """Index of the largest logit (the lowest index on ties).

        Examples
        --------
        >>> MLP([[[1], [-1]], [[1, 0], [0, 1]]]).predict((-3,))
        1
        """
        logits = self(x)
        return max(range(len(logits)), key=lambda i: (logits[i], -i))

    @classmethod
    def from_relu_network(cls, net: ReLUNetwork) -> "MLP":
        """The same function as an :class:`MLP` with one ReLU layer.

        Examples
        --------
        >>> net = ReLUNetwork([[1, -1]], [[1], [-1]], c2=[0, 3])
        >>> MLP.from_relu_network(net)((4, 1)) == net((4, 1))
        True
        """
        if not isinstance(net, ReLUNetwork):
            raise InvalidInputError(f"net must be a ReLUNetwork, got {type(net).__name__}")
        return cls([net.A, net.B], biases=[net.c1, net.c2], negative_slopes=[0])

    def as_relu_network(self) -> ReLUNetwork:
        """This network as a :class:`ReLUNetwork` (one hidden layer, ReLU), for Theorem 2.

        Raises
        ------
        InvalidInputError
            When there is not exactly one hidden layer or its slope is not 0.

        Examples
        --------
        >>> MLP([[[1, -1]], [[1], [-1]]]).as_relu_network().A
        ((1, -1),)
        """
        if self.n_hidden_layers != 1 or self.negative_slopes[0] != 0:
            raise InvalidInputError(
                f"only a network with one ReLU hidden layer is a ReLUNetwork; this one has widths {self.widths} "
                f"and negative_slopes {self.negative_slopes}"
            )
        return ReLUNetwork(self.weights[0], self.weights[1], self.biases[0], self.biases[1])

    def integerized(self) -> "MLPIntegerization":
        """An MLP with integral weight matrices computing ``scale * f``.

        Each row of every hidden layer's ``(W_l | b_l)`` is scaled by ``d > 0`` making the
        row of ``W_l`` a primitive integer vector, and the matching column of ``W_{l+1}``
        by ``1/d``; the output layer is scaled by one ``s > 0`` making ``W_L`` primitive.
        Decision boundaries and predictions do not move.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> net = MLP([[[F(1, 2)]], [[F(1, 3)]], [[1], [-1]]], biases=[[1], None, None])
        >>> r = net.integerized()
        >>> r.network.weights, r.network.biases[0], r.scale
        ((((1,),), ((1,),), ((1,), (-1,))), (2,), 6)
        >>> x = (F(3, 7),)
        >>> r.network(x) == tuple(r.scale * v for v in net(x))
        True
        """
        Ws = [[[Fraction(v) for v in row] for row in W] for W in self.weights]
        bs = [[Fraction(v) for v in b] for b in self.biases]
        for l in range(len(Ws)):
            if l < len(Ws) - 1:
                for j, row in enumerate(Ws[l]):
                    d = _primitive_scale(row)
                    Ws[l][j] = [v * d for v in row]
                    bs[l][j] *= d
                    for nxt in Ws[l + 1]:
                        nxt[j] /= d
        s = _primitive_scale([v for row in Ws[-1] for v in row])
        Ws[-1] = [[v * s for v in row] for row in Ws[-1]]
        bs[-1] = [v * s for v in bs[-1]]
        net = MLP(
            [[[_canon(v) for v in row] for row in W] for W in Ws],
            biases=[[_canon(v) for v in b] for b in bs],
            negative_slopes=self.negative_slopes,
        )
        return MLPIntegerization(network=net, scale=_canon(s))


@dataclass(frozen=True)
class MLPIntegerization:
    """Result of :meth:`MLP.integerized`: ``network(x) == scale * original(x)``, ``scale > 0``.

    Examples
    --------
    >>> r = MLP([[[2]], [[1], [3]]]).integerized()
    >>> r.network.weights, r.scale
    ((((1,),), ((1,), (3,))), Fraction(1, 2))
    """

    network: MLP
    scale: Exact
