"""Exact ``Affine -> ReLU -> Affine`` networks.

A :class:`ReLUNetwork` holds the exact weights of ``f(x) = B max(Ax + c1, 0) + c2``
with ``A`` of shape ``p x n`` (``p`` hidden units, ``n`` inputs) and ``B`` of
shape ``k x p`` (``k >= 2`` classes).  Weights are ``int`` or ``Fraction``;
floats are refused (they enter through :mod:`tropgeo.adapters` or
:func:`tropgeo.rationalize`, explicitly).

Theorem 2 of the paper needs integer ``A`` and ``B``;
:meth:`ReLUNetwork.integerized` scales a rational network to an integer one.
Because the ReLU is positively homogeneous, scaling row ``j`` of ``A`` and
``c1`` by ``d_j > 0`` and column ``j`` of ``B`` by ``1/d_j`` leaves ``f``
unchanged, and scaling ``B`` and ``c2`` by ``s > 0`` scales ``f`` by ``s``:
the decision boundaries ``{f_i = f_j}`` and the predictions do not move.

Examples
--------
>>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, 0], [0, 1]], c1=[0, -1])
>>> net((3, 1))
(2, 6)
>>> net.predict((3, 1))
1
>>> from fractions import Fraction as F
>>> half = ReLUNetwork([[F(1, 2), 0]], [[F(2, 3)], [-1]])
>>> integer = half.integerized()
>>> integer.network.A, integer.network.B, integer.scale
(((1, 0),), ((2,), (-3,)), 6)
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact_matrix, as_exact_vector, canonical as _canon

__all__ = ["ReLUNetwork", "Integerization", "class_index", "class_pair", "class_pairs", "integral_network"]

Matrix = tuple[tuple[Exact, ...], ...]
Vector = tuple[Exact, ...]


def _dot(row: Sequence[Exact], x: Sequence[Exact]) -> Exact:
    total: Exact = 0
    for a, b in zip(row, x):
        if a:
            total += a * b
    return _canon(Fraction(total))


@dataclass(frozen=True, init=False)
class ReLUNetwork:
    """Exact weights of ``f(x) = B max(Ax + c1, 0) + c2``.

    Parameters
    ----------
    A : p x n matrix of int/Fraction
        First-layer weights (rows are hidden units).
    B : k x p matrix of int/Fraction, k >= 2
        Second-layer weights (rows are classes).
    c1 : length-p vector, optional
        First-layer bias (zeros when omitted).
    c2 : length-k vector, optional
        Second-layer bias (zeros when omitted).

    Equality is equality of the exact parameters (``c1=None`` equals zeros).

    Examples
    --------
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> net.n_inputs, net.n_hidden, net.n_classes, net.has_biases, net.is_integral
    (2, 2, 2, False, True)
    >>> ReLUNetwork([[0.5]], [[1], [2]])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: A[0][0]=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    """

    A: Matrix
    B: Matrix
    c1: Vector
    c2: Vector

    def __init__(self, A: Any, B: Any, c1: Any = None, c2: Any = None) -> None:
        A_ = as_exact_matrix(A, name="A")
        p, n = len(A_), len(A_[0])
        if n == 0:
            raise InvalidInputError("A must have at least one column (input), got 0")
        B_ = as_exact_matrix(B, name="B")
        if len(B_[0]) != p:
            raise InvalidInputError(
                f"B must have one column per hidden unit (rows of A, {p}), got {len(B_[0])} columns"
            )
        if len(B_) < 2:
            raise InvalidInputError(f"B must have at least 2 rows (classes), got {len(B_)}")
        c1_ = (0,) * p if c1 is None else as_exact_vector(c1, name="c1")
        if len(c1_) != p:
            raise InvalidInputError(f"c1 must have length {p} (rows of A), got {len(c1_)}")
        c2_ = (0,) * len(B_) if c2 is None else as_exact_vector(c2, name="c2")
        if len(c2_) != len(B_):
            raise InvalidInputError(f"c2 must have length {len(B_)} (rows of B), got {len(c2_)}")
        object.__setattr__(self, "A", A_)
        object.__setattr__(self, "B", B_)
        object.__setattr__(self, "c1", c1_)
        object.__setattr__(self, "c2", c2_)

    def __repr__(self) -> str:
        return (
            f"ReLUNetwork(n_inputs={self.n_inputs}, n_hidden={self.n_hidden}, "
            f"n_classes={self.n_classes}, has_biases={self.has_biases}, is_integral={self.is_integral})"
        )

    @property
    def n_inputs(self) -> int:
        """Number ``n`` of inputs (columns of ``A``).

        Examples
        --------
        >>> ReLUNetwork([[1, -1, 0], [2, 1, 1]], [[1, 0], [0, 1], [1, 1]]).n_inputs
        3
        """
        return len(self.A[0])

    @property
    def n_hidden(self) -> int:
        """Number ``p`` of hidden units (rows of ``A``).

        Examples
        --------
        >>> ReLUNetwork([[1, -1, 0], [2, 1, 1]], [[1, 0], [0, 1], [1, 1]]).n_hidden
        2
        """
        return len(self.A)

    @property
    def n_classes(self) -> int:
        """Number ``k`` of classes (rows of ``B``).

        Examples
        --------
        >>> ReLUNetwork([[1, -1, 0], [2, 1, 1]], [[1, 0], [0, 1], [1, 1]]).n_classes
        3
        """
        return len(self.B)

    @property
    def has_biases(self) -> bool:
        """Whether ``c1`` or ``c2`` has a nonzero entry.

        Examples
        --------
        >>> ReLUNetwork([[1]], [[1], [-1]]).has_biases
        False
        >>> ReLUNetwork([[1]], [[1], [-1]], c2=[0, 1]).has_biases
        True
        """
        return any(self.c1) or any(self.c2)

    @property
    def is_integral(self) -> bool:
        """Whether ``A`` and ``B`` are integer matrices (biases may be rational).

        Examples
        --------
        >>> from fractions import Fraction
        >>> ReLUNetwork([[1]], [[1], [-1]], c1=[Fraction(1, 2)]).is_integral
        True
        >>> ReLUNetwork([[Fraction(1, 2)]], [[1], [-1]]).is_integral
        False
        """
        return all(isinstance(v, int) for row in self.A + self.B for v in row)

    def _input(self, x: Any) -> Vector:
        xv = as_exact_vector(x, name="x")
        if len(xv) != self.n_inputs:
            raise InvalidInputError(f"x must have length {self.n_inputs} (inputs of the network), got {len(xv)}")
        return xv

    def preactivations(self, x: Any) -> Vector:
        """Exact ``Ax + c1`` at ``x``.

        Examples
        --------
        Before the ReLU, so entries may be negative: ``(1 - 3 + 0, 2 + 3 - 1)``.

        >>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, 0], [0, 1]], c1=[0, -1])
        >>> net.preactivations((1, 3)), net((1, 3))
        ((-2, 4), (0, 4))
        """
        xv = self._input(x)
        return tuple(_canon(Fraction(_dot(row, xv) + b)) for row, b in zip(self.A, self.c1))

    def __call__(self, x: Any) -> Vector:
        """Exact logits ``f(x)``."""
        h = tuple(max(z, 0) for z in self.preactivations(x))
        return tuple(_canon(Fraction(_dot(row, h) + b)) for row, b in zip(self.B, self.c2))

    def predict(self, x: Any) -> int:
        """Index of the largest logit (the lowest index on ties).

        Examples
        --------
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])    # logits relu(x), relu(y)
        >>> net.predict((1, 3)), net.predict((2, 2))
        (1, 0)
        """
        logits = self(x)
        return max(range(len(logits)), key=lambda i: (logits[i], -i))

    def integerized(self) -> "Integerization":
        """An integer-weight network with the same decision boundaries.

        Each hidden row ``j`` of ``(A | c1)`` is scaled by ``d_j > 0`` so that
        ``A[j]`` becomes a primitive integer vector, column ``j`` of ``B`` by
        ``1/d_j`` (so ``f`` is unchanged), then ``B`` and ``c2`` by one
        ``s > 0`` making ``B`` a primitive integer matrix; the result computes
        ``s * f``.  Biases stay rational.

        Returns
        -------
        Integerization
            ``network`` (integral), ``scale`` ``s`` and ``row_scales`` ``d``.

        Examples
        --------
        >>> net = ReLUNetwork([[2, 4], [0, 0]], [[1, 3], [-1, 1]], c1=[1, 2])
        >>> r = net.integerized()
        >>> r.network.A, r.network.c1, r.network.B, r.scale, r.row_scales
        (((1, 2), (0, 0)), (Fraction(1, 2), 2), ((2, 3), (-2, 1)), 1, (Fraction(1, 2), 1))
        """
        row_scales: list[Fraction] = []
        A_new, c1_new = [], []
        for row, b in zip(self.A, self.c1):
            qs = [Fraction(v) for v in row]
            nz = [q for q in qs if q]
            if nz:
                den = math.lcm(*(q.denominator for q in nz))
                num = math.gcd(*(int(q * den) for q in nz))
                d = Fraction(den, num)
            else:
                d = Fraction(1)
            row_scales.append(d)
            A_new.append(tuple(_canon(q * d) for q in qs))
            c1_new.append(_canon(Fraction(b) * d))
        B_scaled = [[Fraction(v) / d for v, d in zip(row, row_scales)] for row in self.B]
        nz = [q for row in B_scaled for q in row if q]
        if nz:
            den = math.lcm(*(q.denominator for q in nz))
            num = math.gcd(*(int(q * den) for q in nz))
            s = Fraction(den, num)
        else:
            s = Fraction(1)
        B_new = [tuple(_canon(q * s) for q in row) for row in B_scaled]
        c2_new = [_canon(Fraction(b) * s) for b in self.c2]
        net = ReLUNetwork(A_new, B_new, c1_new, c2_new)
        return Integerization(net, _canon(s), tuple(_canon(d) for d in row_scales))


@dataclass(frozen=True)
class Integerization:
    """Result of :meth:`ReLUNetwork.integerized`: ``network(x) == scale * original(x)``.

    Attributes
    ----------
    network : ReLUNetwork
        Integer ``A`` and ``B`` (biases may stay rational).
    scale : int or Fraction
        The ``s > 0`` by which the logits are multiplied.
    row_scales : tuple of int or Fraction
        The ``d_j > 0`` applied to hidden row ``j`` of ``(A | c1)``.

    Examples
    --------
    ``A = [[1/2]]``, ``c1 = [1/3]`` is scaled by ``d = 2``; then
    ``B = [[2/3], [-1]] / 2 = [[1/3], [-1/2]]`` by ``s = 6``:

    >>> from fractions import Fraction as F
    >>> net = ReLUNetwork([[F(1, 2)]], [[F(2, 3)], [-1]], c1=[F(1, 3)])
    >>> r = net.integerized()
    >>> r.network.A, r.network.c1, r.network.B, r.scale, r.row_scales
    (((1,),), (Fraction(2, 3),), ((2,), (-3,)), 6, (2,))
    >>> x = (F(5, 7),)
    >>> r.network(x) == tuple(r.scale * v for v in net(x))
    True
    """

    network: ReLUNetwork
    scale: Exact
    row_scales: tuple[Exact, ...]


def class_index(value: Any, n_classes: int, *, name: str = "i") -> int:
    """``value`` as a class index in ``[0, n_classes)``: a Python or numpy integer, never a
    bool or a float; otherwise an error naming the argument.

    Examples
    --------
    >>> import numpy as np
    >>> class_index(np.int64(2), 3)
    2
    >>> class_index(3, 3, name="j")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: j=3 must be a class index in [0, 3)
    """
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"{name}={value!r} must be a class index in [0, {n_classes}), got a bool")
    try:
        c = operator.index(value)
    except TypeError:
        raise InvalidInputError(
            f"{name}={value!r} must be a class index in [0, {n_classes}), got {type(value).__name__}"
        ) from None
    if not 0 <= c < n_classes:
        raise InvalidInputError(f"{name}={c!r} must be a class index in [0, {n_classes})")
    return c


def class_pair(i: Any, j: Any, n_classes: int) -> tuple[int, int]:
    """Two different class indices (see :func:`class_index`).

    Examples
    --------
    >>> class_pair(0, 0, 2)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: i and j must be different classes, got i = j = 0
    """
    a, b = class_index(i, n_classes, name="i"), class_index(j, n_classes, name="j")
    if a == b:
        raise InvalidInputError(f"i and j must be different classes, got i = j = {a}")
    return a, b


def class_pairs(pairs: Any, n_classes: int) -> list[tuple[int, int]]:
    """A nonempty list of class pairs ``(i, j)``, ``i != j``; ``None`` means every pair
    ``i < j``.  Errors name the offending entry.

    Examples
    --------
    >>> class_pairs(None, 3)
    [(0, 1), (0, 2), (1, 2)]
    >>> class_pairs([(1, 1)], 3)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: pairs entry (1, 1) has i = j
    """
    k = n_classes
    if pairs is None:
        return [(a, b) for a in range(k) for b in range(a + 1, k)]
    if isinstance(pairs, (str, bytes)):
        raise InvalidInputError(f"pairs={pairs!r} must be a sequence of pairs (i, j)")
    try:
        pair_list = [tuple(pr) for pr in pairs]
    except TypeError:
        raise InvalidInputError(f"pairs={pairs!r} must be a sequence of pairs (i, j)") from None
    if not pair_list:
        raise InvalidInputError("pairs is empty; give at least one pair (i, j), or None for every pair")
    out: list[tuple[int, int]] = []
    for pr in pair_list:
        if len(pr) != 2:
            raise InvalidInputError(f"pairs entry {pr!r} must be a pair (i, j)")
        a, b = pr
        for name, v in (("i", a), ("j", b)):
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or not 0 <= v < k:
                raise InvalidInputError(f"pairs entry {pr!r}: {name}={v!r} must be a class index in [0, {k})")
        if a == b:
            raise InvalidInputError(f"pairs entry {pr!r} has i = j")
        out.append((int(a), int(b)))
    return out


def integral_network(net: Any) -> ReLUNetwork:
    """``net`` itself if it is a :class:`ReLUNetwork` with integer ``A`` and ``B`` (Theorem
    2's assumption), else an error that says how to get one.

    Examples
    --------
    >>> integral_network(ReLUNetwork([[1]], [[1], [-1]])).n_classes
    2
    >>> integral_network(ReLUNetwork([[Fraction(1, 2)]], [[1], [-1]]))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: net must have integer weights A and B (Theorem 2 assumes A, B integral); use net.integerized().network, which has the same decision boundaries
    """
    if not isinstance(net, ReLUNetwork):
        raise InvalidInputError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if not net.is_integral:
        raise InvalidInputError(
            "net must have integer weights A and B (Theorem 2 assumes A, B integral); "
            "use net.integerized().network, which has the same decision boundaries"
        )
    return net
