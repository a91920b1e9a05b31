"""Exact batched evaluation: the logits of many points at once, in integer arithmetic.

``net(x)`` (:class:`~tropgeo.mlp.MLP`, :class:`~tropgeo.network.ReLUNetwork`) evaluates
one point in ``Fraction`` arithmetic.  Here a batch of points is given as rows
``numerators[r] / denominators[r]`` (an integer vector and one positive integer per row),
every layer becomes one integer matrix over one common denominator and every slope ``p/q``
a pair of integers, so a whole batch costs a few integer matrix products: numpy ``int64``
where a bound computed from the operands beforehand proves that nothing overflows, Python
ints (object arrays) otherwise; products too large for one ``int64`` product go through
``int64`` limbs (:mod:`tropgeo._intmat`, the kernel :mod:`tropgeo.support` uses).  The results are exactly
``net(x)``, row by row.

:func:`exact_float_rows` is the recorded float -> exact conversion for data: a finite float
is ``M 2^E`` with integers ``M`` and ``E``, read off ``np.frexp`` for a whole array at once,
so every row gets its exact binary value (what :func:`tropgeo.rationalize` gives one by
one), never a rounded one.

Examples
--------
>>> import numpy as np
>>> from fractions import Fraction
>>> from tropgeo.mlp import MLP
>>> net = MLP([[[1, -1], [2, 1]], [[1, 1]], [[1], [-1]]], biases=[[0, -1], [0], [0, 1]])
>>> X, D = exact_float_rows(np.array([[3.0, 1.0], [0.5, -0.25]], dtype=np.float32))
>>> X.tolist(), D.tolist()
([[3, 1], [2, -1]], [1, 4])
>>> Y, d = batch_logits(net, X, D)
>>> Y.tolist(), d.tolist()
([[8, -7], [3, 1]], [1, 4])
>>> [tuple(Fraction(int(y), int(dr)) for y in row) for row, dr in zip(Y, d)] == [net((3, 1)), net((Fraction(1, 2), Fraction(-1, 4)))]
True
>>> batch_predictions(net, X, D).tolist()
[0, 0]
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Union

import numpy as np

from tropgeo._arrangement import INT64_SAFE
from tropgeo._intmat import as_object, fit, lin, maxabs, mm, outer
from tropgeo.errors import InexactInputError, InvalidInputError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import untensor

__all__ = ["exact_float_rows", "batch_layer_outputs", "batch_logits", "batch_predictions", "max_abs_deviation"]

Network = Union[MLP, ReLUNetwork]
Rows = tuple[np.ndarray, np.ndarray]


def exact_float_rows(X: Any) -> Rows:
    """The exact binary values of the rows of a float array: the recorded float -> exact door.

    A finite float is ``M 2^E`` with integers ``M``, ``E`` (``np.frexp``), so every entry
    is read exactly, as :func:`tropgeo.rationalize` (``max_denominator=None``) reads one
    float: no rounding, no denominator bound.  This is how data enters the exact batched
    evaluation; callers record that it did (as the adapters' reports do).

    Parameters
    ----------
    X : array_like of shape (m, n)
        float16, float32 or float64 (integer arrays are exact already and pass with
        denominators 1).  Other dtypes are refused (longdouble: :func:`tropgeo.rationalize`).
        A torch tensor is read through ``detach().cpu()``.

    Returns
    -------
    numerators : ndarray of shape (m, n)
    denominators : ndarray of shape (m,)
        ``X[r, i] == Fraction(numerators[r, i], denominators[r])`` exactly, each
        ``denominators[r]`` the least power of two that makes row ``r`` integral.  ``int64``
        where every entry provably fits (below ``2^62``), else Python ints (object arrays).

    Raises
    ------
    InvalidInputError
        For a non-finite value (naming the row), a wrong shape or dtype.

    Examples
    --------
    >>> nums, dens = exact_float_rows(np.array([[0.1, 2.0], [0.0, 0.0]]))
    >>> nums.tolist(), dens.tolist()
    ([[3602879701896397, 72057594037927936], [0, 0]], [36028797018963968, 1])
    >>> Fraction(int(nums[0, 0]), int(dens[0])) == Fraction(0.1)
    True
    >>> exact_float_rows(np.array([[1e300, 1e-300]]))[0].dtype
    dtype('O')
    >>> exact_float_rows(np.array([[1.0], [np.inf]]))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: X[1] holds a non-finite value (inf); only finite floats have exact values
    """
    X = untensor(X)  # a torch tensor, possibly requiring grad
    try:
        a = np.asarray(X)
    except (ValueError, TypeError, RuntimeError) as err:
        raise InvalidInputError(
            f"X must be a rectangular 2-D array of floats or integers (one row per point); numpy cannot read it: {err}"
        ) from None
    if a.ndim != 2:
        raise InvalidInputError(f"X must be a 2-D array (one row per point), got shape {a.shape}")
    m = a.shape[0]
    if a.dtype.kind in "iu":
        return fit(a), np.ones(m, dtype=np.int64)
    if a.dtype.kind != "f" or a.dtype.itemsize > 8:
        raise InvalidInputError(
            f"X has dtype {a.dtype}; expected float16, float32, float64 or integers "
            "(convert other numbers explicitly with tropgeo.rationalize)"
        )
    finite = np.isfinite(a)
    if not finite.all():
        r = int(np.flatnonzero(~finite.all(axis=1))[0])
        bad = a[r][~finite[r]][0]
        raise InvalidInputError(f"X[{r}] holds a non-finite value ({bad}); only finite floats have exact values")
    bits = np.finfo(a.dtype).nmant + 1
    frac, e = np.frexp(a)
    M = (frac * a.dtype.type(2**bits)).astype(np.int64)  # exact: |M| < 2^bits
    E = np.where(M != 0, e.astype(np.int64) - bits, 0)  # X = M 2^E
    k = -E.min(axis=1, initial=0)
    # |X[r, i]| 2^k[r] < 2^(e[r, i] + k[r]): a bound on every numerator before computing it
    fits = int((e + k[:, None]).max(initial=0)) <= 62
    N = M << (E + k[:, None]) if fits else as_object(M) << as_object(E + k[:, None])
    # the least power of two: drop the trailing zero bits every numerator of the row shares
    common = np.bitwise_or.reduce(np.abs(N), axis=1) if N.shape[1] else np.zeros(m, dtype=np.int64)
    if fits:
        low = (common & -common).astype(np.float64)
        t = np.where(common == 0, k, np.frexp(low)[1].astype(np.int64) - 1)
    else:
        t = np.array([(int(g) & -int(g)).bit_length() - 1 if g else int(c) for g, c in zip(common, k)], dtype=np.int64)
    t = np.minimum(t, k)
    N, k = (N >> t[:, None] if fits else fit(N >> as_object(t)[:, None])), k - t
    if int(k.max(initial=0)) < 62:
        return N, np.left_shift(np.int64(1), k)
    dens = np.empty(m, dtype=object)
    dens[:] = [1 << int(v) for v in k]
    return N, dens


def _integer_rows(numerators: Any, denominators: Any, n: int) -> Rows:
    X = numerators if isinstance(numerators, np.ndarray) else np.array(numerators, dtype=object)
    D = denominators if isinstance(denominators, np.ndarray) else np.array(denominators, dtype=object)
    if X.size == 0 and X.ndim == 1:
        X = X.reshape(0, n)
    if X.ndim != 2 or X.shape[1] != n:
        raise InvalidInputError(f"numerators must have shape (m, {n}) (one row per point), got {X.shape}")
    if D.shape != (X.shape[0],):
        raise InvalidInputError(f"denominators must have shape ({X.shape[0]},) (one per row), got {D.shape}")
    for name, a in (("numerators", X), ("denominators", D)):
        if a.dtype.kind == "f":
            raise InexactInputError(
                f"{name} has float dtype {a.dtype}; exact paths take integers (convert floats with exact_float_rows)"
            )
        if a.dtype.kind == "O":
            for idx, v in np.ndenumerate(a):
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
                    raise InvalidInputError(f"{name}{list(idx)}={v!r} must be an int")
        elif a.dtype.kind not in "iu":
            raise InvalidInputError(f"{name} must hold integers, got dtype {a.dtype}")
    D = fit(D)
    if D.size and int(D.min()) <= 0:
        r = int(np.flatnonzero(D <= 0)[0])
        raise InvalidInputError(f"denominators[{r}]={int(D[r])} must be positive")
    return fit(X), D


def _integer_layers(net: Any) -> tuple[list[tuple[np.ndarray, np.ndarray, int]], list[tuple[int, int]]]:
    """Each layer as ``(W L, b L, L)`` with ``L`` the common denominator; slopes as ``(p, q)``."""
    if isinstance(net, ReLUNetwork):
        pairs, slopes = [(net.A, net.c1), (net.B, net.c2)], [Fraction(0)]
    elif isinstance(net, MLP):
        pairs, slopes = list(zip(net.weights, net.biases)), [Fraction(a) for a in net.negative_slopes]
    else:
        raise InvalidInputError(f"net is a {type(net).__name__}; expected an MLP or a ReLUNetwork")
    layers = []
    for W, b in pairs:
        L = math.lcm(1, *(v.denominator for row in (*W, b) for v in row if isinstance(v, Fraction)))
        Wn = np.array([[_times(v, L) for v in row] for row in W], dtype=object)
        layers.append((fit(Wn), fit(np.array([_times(v, L) for v in b], dtype=object)), L))
    return layers, [(a.numerator, a.denominator) for a in slopes]


def _times(v: int | Fraction, L: int) -> int:
    """``v L`` for ``L`` a multiple of the denominator of ``v``."""
    return v * L if isinstance(v, int) else v.numerator * (L // v.denominator)


def _scale(a: np.ndarray, c: int) -> np.ndarray:
    return a if c == 1 else lin((c, a))


def batch_layer_outputs(net: Network, numerators: Any, denominators: Any) -> tuple[Rows, ...]:
    """Exact preactivations of every layer at every row, as :meth:`MLP.layer_outputs` gives
    them one point at a time (the last layer's are the logits).

    Parameters
    ----------
    net : MLP or ReLUNetwork
    numerators : integer array_like of shape (m, n_inputs)
    denominators : integer array_like of shape (m,), positive
        The points ``numerators[r] / denominators[r]`` (as :func:`exact_float_rows` gives).

    Returns
    -------
    tuple of (numerators, denominators)
        One pair per layer: ``z_l(x_r)[i] == Fraction(Z[r, i], d[r])``, ``d[r] > 0`` (a
        common denominator of the row, not necessarily the least).  ``int64`` arrays where a
        bound proves every entry below ``2^62``, Python ints (object arrays) otherwise.

    Examples
    --------
    >>> net = ReLUNetwork([[1, -1]], [[2], [-1]], c1=[Fraction(1, 3)])
    >>> [(Z.tolist(), d.tolist()) for Z, d in batch_layer_outputs(net, [[1, 2], [3, 0]], [1, 2])]
    [([[-2], [11]], [3, 6]), ([[0, 0], [22, -11]], [3, 6])]
    >>> net.preactivations((Fraction(3, 2), 0)), net((Fraction(3, 2), 0))
    ((Fraction(11, 6),), (Fraction(11, 3), Fraction(-11, 6)))
    """
    layers, slopes = _integer_layers(net)
    H, d = _integer_rows(numerators, denominators, layers[0][0].shape[1])
    outs = []
    for l, (W, b, L) in enumerate(layers):
        Z = mm(H, W)
        if maxabs(b):
            Z = lin((1, Z), (1, outer(d, b)))
        d = _scale(d, L)
        outs.append((Z, d))
        if l < len(slopes):
            p, q = slopes[l]
            if (p, q) == (0, 1):
                H = np.maximum(Z, 0)
            else:
                # sigma(z) = z (z >= 0), (p/q) z (z < 0), over a denominator times q
                if Z.dtype != object and max(abs(p), q) * maxabs(Z) >= INT64_SAFE:
                    Z = as_object(Z)
                H = np.where(Z >= 0, Z * q, Z * p)
                d = _scale(d, q)
    return tuple(outs)


def batch_logits(net: Network, numerators: Any, denominators: Any) -> Rows:
    """Exact logits ``net(x)`` of every row ``x = numerators[r] / denominators[r]``.

    The last pair of :func:`batch_layer_outputs`: ``net(x_r)[i] == Fraction(Y[r, i], d[r])``
    with ``d[r] > 0``.

    Examples
    --------
    >>> big = 2**70
    >>> net = MLP([[[big, -1]], [[1], [Fraction(-1, 3)]]], negative_slopes=[Fraction(1, 10)])
    >>> Y, d = batch_logits(net, [[1, 1], [-1, 0]], [1, 1])
    >>> Y.dtype, [tuple(Fraction(y, int(dr)) for y in row) for row, dr in zip(Y.tolist(), d)] == [net((1, 1)), net((-1, 0))]
    (dtype('O'), True)
    """
    return batch_layer_outputs(net, numerators, denominators)[-1]


def batch_predictions(net: Network, numerators: Any, denominators: Any) -> np.ndarray:
    """The exact predicted class of every row: the index of the largest logit, the lowest
    index on ties (as :meth:`MLP.predict`), as an ``int64`` array.

    Examples
    --------
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])  # logits relu(x), relu(y)
    >>> batch_predictions(net, [[1, 3], [2, 2], [-1, -5]], [1, 1, 7]).tolist()
    [1, 0, 0]
    """
    Y, _ = batch_logits(net, numerators, denominators)
    # np.argmax returns the first maximum; the row denominators are positive
    return np.argmax(Y, axis=1).astype(np.int64)


def max_abs_deviation(numerators: Any, denominators: Any, values: Any) -> Fraction:
    """``max |values[r, i] - numerators[r, i] / denominators[r]|``, exactly.

    For measuring float output (say a float model's logits) against exact values: each
    float is taken at its exact binary value (:func:`exact_float_rows`), the difference is
    exact, and the caller decides whether to round the result.

    Examples
    --------
    >>> max_abs_deviation([[1, 2], [0, 3]], [3, 1], np.array([[0.25, 0.5], [0.0, 3.0]]))
    Fraction(1, 6)
    """
    V = np.asarray(values)
    if V.ndim != 2:
        raise InvalidInputError(f"values must be a 2-D array, got shape {V.shape}")
    Y, d = _integer_rows(numerators, denominators, V.shape[1])
    if V.shape[0] != Y.shape[0]:
        raise InvalidInputError(f"values must have {Y.shape[0]} rows (one per numerator row), got {V.shape[0]}")
    Vn, Vd = exact_float_rows(V)
    if Y.size == 0:
        return Fraction(0)
    diff = np.abs(as_object(Vn) * as_object(d)[:, None] - as_object(Y) * as_object(Vd)[:, None])
    return max(Fraction(int(t), int(a) * int(b)) for t, a, b in zip(diff.max(axis=1), Vd, d))
