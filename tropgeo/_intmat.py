"""Exact integer arrays: int64 under a proven bound, else Python ints (private kernel of
:mod:`tropgeo.support`).

An array here is numpy ``int64`` with every entry proven to be below ``INT64_SAFE = 2^62`` in
absolute value, or an object array of Python ints.  Every operation bounds its result from
its operands before choosing ``int64``, so nothing overflows and no float enters.

Products (:func:`mm`) run in ``int64`` when ``n max|M| max|X| < 2^62``; otherwise both
operands are split into ``int64`` limbs whose partial products obey the same bound, and
the partial products are combined as Python ints; when that would take more limbs than a
product of Python ints costs, the product is done on Python ints directly.

Examples
--------
>>> X = from_rows([[1, 2], [3, 4]], (2, 2))
>>> M = from_rows([[2**61, 1]], (1, 2))          # 2 * 2^61 * 4 is not below 2^62: limbs
>>> X.dtype, M.dtype, mm(X, M).tolist()
(dtype('int64'), dtype('int64'), [[2305843009213693954], [6917529027641081860]])
>>> lin((2, X), (-1, X)).tolist()
[[1, 2], [3, 4]]
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from tropgeo._arrangement import INT64_SAFE

__all__ = [
    "FORCE_OBJECT",
    "maxabs",
    "as_object",
    "fit",
    "from_rows",
    "lin",
    "pmax",
    "eq",
    "hcat",
    "vcat",
    "outer",
    "limbs",
    "mm",
]

FORCE_OBJECT = False  # tests set this to run every product and sum on Python ints


def maxabs(a: np.ndarray) -> int:
    """The largest absolute value of an entry (0 for an empty array)."""
    if a.size == 0:
        return 0
    if a.dtype == object:
        return max(abs(v) for v in a.flat)
    return max(int(a.max()), -int(a.min()))


def as_object(a: np.ndarray) -> np.ndarray:
    return a if a.dtype == object else a.astype(object)


def fit(a: np.ndarray) -> np.ndarray:
    """An integer or object array as int64 when every entry is below 2^62 in absolute value,
    else as an object array of Python ints."""
    if a.dtype.kind in "iu" and (a.size == 0 or (int(a.max()) < INT64_SAFE and int(a.min()) > -INT64_SAFE)):
        return a.astype(object) if FORCE_OBJECT else a.astype(np.int64)
    ints = np.empty(a.shape, dtype=object)
    if ints.size:
        ints.flat[:] = [int(v) for v in a.flat]
    if not FORCE_OBJECT and maxabs(ints) < INT64_SAFE:
        return ints.astype(np.int64)
    return ints


def from_rows(rows: Sequence[Any], shape: tuple[int, ...]) -> np.ndarray:
    """Integer rows (a 1-D sequence when ``shape`` has one axis) as an array of ``shape``."""
    a = np.empty(shape, dtype=object)
    if a.size:
        a[...] = [list(r) for r in rows] if len(shape) == 2 else list(rows)
    return fit(a)


def lin(*terms: tuple[int, np.ndarray]) -> np.ndarray:
    """``sum c * a`` over ``(c, a)`` (arrays of one shape)."""
    if not FORCE_OBJECT and all(a.dtype != object for _, a in terms):
        bound = sum(abs(c) * maxabs(a) for c, a in terms)
        if bound < INT64_SAFE and all(abs(c) < INT64_SAFE for c, _ in terms):
            out = np.zeros(terms[0][1].shape, dtype=np.int64)
            for c, a in terms:
                out += a if c == 1 else (-a if c == -1 else np.int64(c) * a)
            return out
    acc = np.zeros(terms[0][1].shape, dtype=object)
    for c, a in terms:
        acc = acc + (as_object(a) if c == 1 else (-as_object(a) if c == -1 else c * as_object(a)))
    return acc


def pmax(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Entrywise maximum."""
    if a.dtype != b.dtype:
        a, b = as_object(a), as_object(b)
    return np.maximum(a, b)


def eq(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Entrywise equality, as a bool array."""
    if a.dtype != b.dtype:
        a, b = as_object(a), as_object(b)
    return np.asarray(a == b, dtype=bool)


def hcat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = as_object(a), as_object(b)
    return np.concatenate([a, b], axis=-1)


def vcat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype != b.dtype:
        a, b = as_object(a), as_object(b)
    return np.concatenate([a, b], axis=0)


def outer(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    if not FORCE_OBJECT and u.dtype != object and v.dtype != object:
        if maxabs(u) * maxabs(v) < INT64_SAFE:
            return np.outer(u, v)
    return np.outer(as_object(u), as_object(v))


def limbs(a: np.ndarray, width: int, count: int) -> list[np.ndarray]:
    """int64 arrays ``L_k`` with ``|L_k| < 2^width`` and ``a = sum_k L_k 2^(k width)``."""
    mask = (1 << width) - 1
    if a.dtype != object:
        sign, mag = np.sign(a), np.abs(a)
        return [np.ascontiguousarray(((mag >> np.int64(k * width)) & np.int64(mask)) * sign) for k in range(count)]
    vals = a.ravel().tolist()
    out = []
    for k in range(count):
        s = k * width
        limb = [(v >> s) & mask if v >= 0 else -((-v >> s) & mask) for v in vals]
        out.append(np.array(limb, dtype=np.int64).reshape(a.shape))
    return out


def _dot_t(X: np.ndarray, M: np.ndarray) -> np.ndarray:
    # int64 X @ M.T; einsum over the contiguous last axes is several times faster than
    # numpy's integer matmul on a transposed operand
    return np.einsum("kj,ij->ki", X, M)


def mm(X: np.ndarray, M: np.ndarray, cache: dict[Any, Any] | None = None) -> np.ndarray:
    """Exact ``X @ M.T`` of integer arrays (int64 or Python ints), ``X`` of shape
    ``(rows, n)`` and ``M`` of shape ``(r, n)``: one row per direction, one column per row of
    ``M``.  ``cache`` keeps the bound and the limbs of a fixed ``M`` from one batch of
    directions to the next."""
    C, n = X.shape
    r = M.shape[0]
    if r == 0 or C == 0 or n == 0:
        return np.zeros((C, r), dtype=np.int64)
    if FORCE_OBJECT:
        return as_object(X) @ as_object(M).T
    if cache is None:
        cache = {}
    bm = cache.get((id(M), "bound"))
    if bm is None:
        bm = cache[(id(M), "bound")] = maxabs(M)
    bx = maxabs(X)
    if bm == 0 or bx == 0:
        return np.zeros((C, r), dtype=np.int64)
    if n * bm * bx < INT64_SAFE:
        return _dot_t(np.ascontiguousarray(X, dtype=np.int64), np.ascontiguousarray(M, dtype=np.int64))
    # Limbs of widths wm, wx with wm + wx <= budget keep every partial product below
    # n (2^wm - 1)(2^wx - 1) < 2^62.
    budget = (INT64_SAFE // n).bit_length() - 1
    lm, lx = bm.bit_length(), bx.bit_length()
    best: tuple[int, int, int, int, int] | None = None
    for wx in range(1, budget):
        wm = budget - wx
        km, kx = -(-lm // wm), -(-lx // wx)
        cost = km * kx * r * C + km * r * n + kx * n * C
        if best is None or cost < best[0]:
            best = (cost, wm, wx, km, kx)
    assert best is not None
    _, wm, wx, km, kx = best
    # A product of Python ints costs about as much as 100 int64 multiply-adds; so does
    # combining the partial products.
    if km * kx * (n + 100) > 100 * n:
        return as_object(X) @ as_object(M).T
    Ml = cache.get((id(M), wm, km))
    if Ml is None:
        Ml = cache[(id(M), wm, km)] = limbs(M, wm, km)
    Xl = limbs(X, wx, kx)
    acc: np.ndarray | None = None
    for a, La in enumerate(Ml):
        for b, Lb in enumerate(Xl):
            part = _dot_t(Lb, La).astype(object)
            shift = a * wm + b * wx
            if shift:
                part = part << shift
            acc = part if acc is None else acc + part
    assert acc is not None
    return acc
