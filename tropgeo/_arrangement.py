"""Regions of a central hyperplane arrangement, exactly (private kernel of :mod:`tropgeo.zonotope`).

The input is a list of nonzero, pairwise non-parallel integer vectors ``g_0, ..., g_{m-1}``;
the arrangement is ``{c : g_i . c = 0}``.  A region (an open cell of the complement) is
recorded by the bit mask of the indices ``i`` with ``g_i . c > 0`` on it.

Method (all integer arithmetic, no floats):

1. Restrict to ``r = rank`` coordinates ``J`` where the matrix has rank ``r``.  The map
   ``x -> x[J]`` is injective on the row space, so the sign vectors ``sign(G c)`` that occur
   are the same before and after, non-parallel rows stay non-parallel, and the restricted
   arrangement in ``R^r`` is essential.
2. If the rows are linearly independent every sign vector occurs (``2^m`` regions).
3. Otherwise ``r >= 2`` and every region is a pointed cone with at least one extreme ray;
   every extreme ray lies on a line cut out by ``r - 1`` independent rows.  For each
   ``(r-1)``-subset the line's direction ``c`` is the generalized cross product (signed
   maximal minors, computed for all subsets at once by Laplace expansion over column
   subsets).  The regions whose closure contains the ray ``+c`` (or ``-c``) have the sign of
   ``g . c`` on every row with ``g . c != 0`` and any region of the *face arrangement* of
   the rows with ``g . c = 0`` (rank ``r - 1``) there; recurse.  Lines are de-duplicated by
   their sign vectors, face results are memoised.

Integer overflow: with ``B`` the largest 1-norm of a row, every minor that occurs, every
partial Laplace sum and every product ``g . c`` is bounded by ``B^r`` in absolute value
(Hadamard's inequality, ``||row||_2 <= ||row||_1``).  numpy ``int64`` is used when
``B^r < 2^62`` and Python-int object arrays otherwise.
"""

from __future__ import annotations

import itertools
import math
from typing import Sequence

import numpy as np

__all__ = ["rank_and_pivots", "region_masks", "normals", "INT64_SAFE"]

INT64_SAFE = 2**62
_CHUNK = 20000  # (r-1)-subsets processed per numpy batch
_DP_MAX_RANK = 10  # above this, normals come from a per-subset integer null space


def _primitive(row: list[int]) -> list[int]:
    g = 0
    for x in row:
        g = math.gcd(g, x)
    return [x // g for x in row] if g > 1 else row


def rank_and_pivots(rows: Sequence[Sequence[int]], n_cols: int) -> tuple[int, tuple[int, ...]]:
    """Exact rank of an integer matrix and the pivot columns of its echelon form.

    The pivot columns index a set of columns of full column rank ``r``.
    """
    work = [list(r) for r in rows]
    pivots: list[int] = []
    top = 0
    for col in range(n_cols):
        if top == len(work):
            break
        p = next((i for i in range(top, len(work)) if work[i][col] != 0), None)
        if p is None:
            continue
        work[top], work[p] = work[p], work[top]
        a = work[top][col]
        prow = work[top]
        for i in range(top + 1, len(work)):
            b = work[i][col]
            if b:
                work[i] = _primitive([a * x - b * y for x, y in zip(work[i], prow)])
        pivots.append(col)
        top += 1
    return top, tuple(pivots)


def _null_vector(rows: list[list[int]], r: int) -> list[int] | None:
    """Primitive integer generator of the null space of an (r-1) x r integer matrix of
    rank r-1; ``None`` when the rank is smaller."""
    work = [list(x) for x in rows]
    pivcol: list[int] = []
    top = 0
    for col in range(r):
        if top == len(work):
            break
        p = next((i for i in range(top, len(work)) if work[i][col] != 0), None)
        if p is None:
            continue
        work[top], work[p] = work[p], work[top]
        prow = work[top]
        a = prow[col]
        for i in range(len(work)):
            if i != top and work[i][col]:
                b = work[i][col]
                work[i] = _primitive([a * x - b * y for x, y in zip(work[i], prow)])
        pivcol.append(col)
        top += 1
    if top < r - 1:
        return None
    free = next(c for c in range(r) if c not in pivcol)
    scale = 1
    for i, c in enumerate(pivcol):
        scale = math.lcm(scale, abs(work[i][c]))
    x = [0] * r
    x[free] = scale
    for i, c in enumerate(pivcol):
        # work[i][c] * x_c + work[i][free] * x_free = 0 (reduced form: other entries vanish)
        x[c] = -work[i][free] * scale // work[i][c]
    return _primitive(x)


def _normals_dp(M: np.ndarray, r: int) -> np.ndarray:
    """Generalized cross products of a stack of (r-1) x r matrices (K x (r-1) x r).

    ``c_j = (-1)^j det(M without column j)``, so ``M c = 0``; ``c = 0`` exactly when the rows
    are dependent.  Minors of the first k rows on every k-set of columns are built from those
    of the first k-1 rows by expansion along row k-1.
    """
    K = M.shape[0]
    prev: dict[int, np.ndarray] = {0: np.ones(K, dtype=M.dtype)}
    for k in range(1, r):
        row = M[:, k - 1, :]
        cur: dict[int, np.ndarray] = {}
        for s_prev, val in prev.items():
            for j in range(r):
                if (s_prev >> j) & 1:
                    continue
                s = s_prev | (1 << j)
                t = bin(s & ((1 << j) - 1)).count("1")  # position of column j in s
                term = row[:, j] * val
                if (k - 1 + t) % 2:
                    term = -term
                cur[s] = cur[s] + term if s in cur else term
        prev = cur
    full = (1 << r) - 1
    C = np.empty((K, r), dtype=M.dtype)
    for j in range(r):
        v = prev[full ^ (1 << j)]
        C[:, j] = -v if j % 2 else v
    return C


def normals(M: np.ndarray, r: int) -> np.ndarray:
    """Null vectors of a stack of ``(r-1) x r`` integer matrices (``K x (r-1) x r``, int64
    or Python-int object dtype): row ``k`` of the result spans the null space of ``M[k]``
    when it has rank ``r - 1`` and is zero otherwise."""
    if r <= _DP_MAX_RANK:
        return _normals_dp(M, r)
    rows = M.tolist()
    out = np.zeros((M.shape[0], r), dtype=M.dtype)
    for k, mat in enumerate(rows):
        v = _null_vector([list(map(int, row)) for row in mat], r)
        if v is not None:
            out[k] = v
    return out


def _line_sign_vectors(G: list[list[int]], r: int) -> np.ndarray:
    """Sign vectors (rows in {-1,0,1}^m, first nonzero entry +1) of the distinct lines
    (rank r-1 flats) of the essential arrangement given by the m x r integer matrix G."""
    m = len(G)
    B = max(sum(abs(x) for x in row) for row in G)
    dtype: type = np.int64 if B**r < INT64_SAFE else object
    Ga: np.ndarray = np.array(G, dtype=dtype).reshape(m, r)
    GaT = Ga.T.copy()
    found: list[np.ndarray] = []
    combos = itertools.combinations(range(m), r - 1)
    while True:
        batch = list(itertools.islice(combos, _CHUNK))
        if not batch:
            break
        if r <= _DP_MAX_RANK:
            idx = np.array(batch, dtype=np.intp).reshape(len(batch), r - 1)
            C = _normals_dp(Ga[idx], r)
            C = C[(C != 0).any(axis=1)]
        else:
            vecs = [_null_vector([G[i] for i in sub], r) for sub in batch]
            C = np.array([v for v in vecs if v is not None], dtype=dtype).reshape(-1, r)
        if C.shape[0] == 0:
            continue
        S = np.sign(C @ GaT).astype(np.int8)
        first = np.argmax(S != 0, axis=1)
        S *= S[np.arange(S.shape[0]), first][:, None]
        # a full batch may be followed by more: deduplicate it now to bound the memory
        found.append(np.unique(S, axis=0) if len(batch) == _CHUNK else S)
    if not found:
        return np.zeros((0, m), dtype=np.int8)
    return np.unique(found[0] if len(found) == 1 else np.concatenate(found), axis=0)


def _all_subsets(bits: list[int]) -> list[int]:
    masks = [0]
    for b in bits:
        masks += [x | b for x in masks]
    return masks


def region_masks(rows: Sequence[Sequence[int]]) -> set[int]:
    """Bit masks ``{i : g_i . c > 0}`` of all regions of the central arrangement of ``rows``.

    ``rows`` must be nonzero, pairwise non-parallel integer vectors of one length (possibly
    none; then there is one region, mask 0).
    """
    top = [list(map(int, r)) for r in rows]
    memo: dict[tuple[int, ...], set[int]] = {}
    return _regions(tuple(range(len(top))), top, memo)


def _regions(
    idx: tuple[int, ...],
    top: list[list[int]],
    memo: dict[tuple[int, ...], set[int]],
    rank: int | None = None,
) -> set[int]:
    hit = memo.get(idx)
    if hit is not None:
        return hit
    if rank is not None and rank == len(idx):
        # A face cut out by exactly rank-many rows: they are independent (the usual case).
        masks = set(_all_subsets([1 << i for i in idx]))
        memo[idx] = masks
        return masks
    sub = [top[i] for i in idx]
    n = len(top[0]) if top else 0
    r, piv = rank_and_pivots(sub, n)
    if r == len(idx):
        masks = set(_all_subsets([1 << i for i in idx]))
    else:
        # r >= 2 here: in rank 1, pairwise non-parallel means a single (independent) row.
        proj = [[row[j] for j in piv] for row in sub]
        masks = set()
        for s in _line_sign_vectors(proj, r):
            pos = neg = 0
            zero: list[int] = []
            for k, v in enumerate(s.tolist()):
                if v > 0:
                    pos |= 1 << idx[k]
                elif v < 0:
                    neg |= 1 << idx[k]
                else:
                    zero.append(idx[k])
            face = _regions(tuple(zero), top, memo, rank=r - 1)
            masks.update(pos | f for f in face)
            masks.update(neg | f for f in face)
    memo[idx] = masks
    return masks
