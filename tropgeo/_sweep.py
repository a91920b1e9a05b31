"""The top-vertex sweep for generators in general position, one region each, no duplicates
(the kernel that :mod:`tropgeo._zonotope_sweep` streams zonotope vertices with).

Input: an ``m x r`` integer matrix ``D`` of rank ``r >= 2``, ``m > r``, whose rows are the
(primitive) directions of the generators restricted to ``r`` pivot coordinates, and the
generators and shift themselves, integer.  The vertices of the zonotope are in bijection with
the regions of the central arrangement ``{c : d_i . c = 0}``.  When every ``r`` rows of ``D``
are linearly independent (general position) each region is produced exactly once by a
"top vertex" sweep:

Let ``f_1 = d_{m-1}``.  The regions on the side ``f_1 . c > 0`` are the regions of the affine
arrangement of the other ``m - 1`` hyperplanes inside the chart ``{f_1 . c = 1}``; the others
are their antipodes.  In the level-``k`` chart ``{f_1 . c = ... = f_{k-1} . c = 0,
f_k . c = 1}`` (dimension ``r - k``) a region is either bounded above in ``f_{k+1}``, and then
has a unique highest vertex, the meet of ``r - k`` hyperplanes ``S``; or it is unbounded above,
and then it corresponds to exactly one region of the level-``k+1`` chart (its points far out
in an upward direction).  Conversely each vertex of the level-``k`` chart is the highest point
of exactly one region, the simplicial cone at it whose edges all go down.  So level ``k``
gives ``C(m - 1, r - k)`` regions, one per ``(r - k)``-subset, and all levels together
``2 * sum_{i < r} C(m - 1, i)``: the Gritzmann-Sturmfels count.

For a subset ``S`` at level ``k``: the vertex direction ``u`` spans the null space of
``[f_1..f_{k-1}; d_S]`` (``r - 1`` rows), oriented so that ``f_k . u > 0``; the region's sign
on ``d_i``, ``i`` outside ``S``, is ``sign(d_i . u)``; the edge opposite ``j`` in ``S`` spans
the null space of ``[f_1..f_k; d_{S - j}]``, oriented downwards (``f_{k+1} . e < 0``), and the
region's sign on ``d_j`` is ``sign(d_j . e)``.

The sweep directions are ``f_k = (1, M_k, M_k^2, ..., M_k^(r-1))`` with ``M_k`` larger than
twice every entry of every vector ``x`` that ``f_k`` is multiplied with; then
``sign(f_k . x)`` is the sign of the last nonzero entry of ``x``, never zero.  Level 1, where
nearly all the work is, needs only ``D`` and these signs, so it runs on numpy ``int64`` (its
minors and products are bounded by ``N^r < 2^62``, Hadamard, ``N`` the largest 1-norm of a
row; Python-int object arrays otherwise).  Levels ``>= 2`` (``O(m^(r-2))`` subsets) use
Python-int object arrays, as the ``f_k`` are large.  The only zeros left to test are
``d_i . u`` for ``i`` outside ``S``: at levels 1 and 2 they depend on ``D`` alone and mean it
is not in general position (then :mod:`tropgeo._zonotope_sweep` handles the lines where more
hyperplanes meet); at deeper levels an unlucky ``f`` is possible, and the kernel tries other
``M_k``.  Never floats.
"""

from __future__ import annotations

import itertools
from typing import Iterator

import numpy as np

from tropgeo._arrangement import INT64_SAFE, normals

__all__ = ["MAX_RANK", "Sweep", "NotGeneral", "subsets", "batch_size", "edge_signs", "sign", "last_nonzero_sign"]

_CHUNK = 20000
MAX_RANK = 5  # measured: above this the Python-int deep levels cost more than the general method
_ATTEMPTS = 4


class NotGeneral(Exception):
    """A zero that general position of ``D`` (level 1 or 2) or of ``f`` (deeper) forbids."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.level = level


def batch_size(chunk: int, m: int) -> int:
    """Subsets per numpy batch: about ``chunk`` (at most :data:`_CHUNK`) x 100 / ``m``, so that
    a batch's ``K x m`` products stay near ``_CHUNK * 100`` entries whatever ``chunk`` is."""
    return max(1, min(int(chunk), _CHUNK) // max(1, m // 100))


def subsets(n: int, k: int, chunk: int) -> Iterator[np.ndarray]:
    """The ``k``-subsets of ``range(n)`` in lexicographic order, ``chunk`` rows at a time."""
    if k == 0:
        yield np.zeros((1, 0), dtype=np.intp)
        return
    combos = itertools.combinations(range(n), k)
    while True:
        batch = list(itertools.islice(combos, chunk))
        if not batch:
            return
        yield np.array(batch, dtype=np.intp).reshape(len(batch), k)


def last_nonzero_sign(X: np.ndarray) -> np.ndarray:
    """``sign(f . x)`` for ``f = (1, M, M^2, ...)`` with ``M > 2 max|x|``, row by row: the sign
    of the last nonzero entry (rows must be nonzero)."""
    nz = X != 0
    last = X.shape[1] - 1 - np.argmax(nz[:, ::-1], axis=1)
    v = X[np.arange(X.shape[0]), last]
    return np.where(v > 0, 1, -1).astype(np.int8)


def sign(x: np.ndarray) -> np.ndarray:
    # np.sign does not take Python-int object arrays; comparisons do.
    return (x > 0).astype(np.int8) - (x < 0).astype(np.int8)


def _max_abs(X: np.ndarray) -> int:
    return int(max((abs(int(v)) for v in X.ravel()), default=0))


def _one_hot(K: int, m: int, S: np.ndarray) -> np.ndarray:
    mask = np.zeros((K, m), dtype=bool)
    if S.shape[1]:
        mask[np.arange(K)[:, None], S] = True
    return mask


def _level_signs(
    D: np.ndarray, fixed: np.ndarray, k: int, S: np.ndarray, orient_next: np.ndarray | None,
    *, exact_orientation: bool = False,
) -> np.ndarray:
    """Signs (``K x m``, +-1) of the regions whose top vertex in the level-``k`` chart is
    the meet of the hyperplanes ``S`` (``K x (r-k)`` indices into the first ``m - 1`` rows).

    ``fixed`` holds ``f_1 .. f_k`` (rows).  With ``exact_orientation`` the edges are oriented
    by ``f_{k+1} = orient_next`` (a zero raises :class:`NotGeneral`); otherwise by the sign
    of their last nonzero entry (``f_{k+1}`` lexicographic).
    """
    m, r = D.shape
    K = S.shape[0]
    rows_u = np.concatenate([np.broadcast_to(fixed[: k - 1], (K, k - 1, r)), D[S]], axis=1)
    U = normals(rows_u, r)
    fk_u = U @ fixed[k - 1]
    if not (fk_u != 0).all():  # u = 0: the r - 1 rows are dependent
        raise NotGeneral(k)
    U[fk_u < 0] *= -1
    sig = sign(U @ D.T)
    outside = ~_one_hot(K, m, S)
    outside[:, m - 1] = False  # d_{m-1} = f_1: the chart is on its positive side
    if not (sig[outside] != 0).all():
        raise NotGeneral(k)
    sig[:, m - 1] = 1
    edge_signs(D, fixed, k, S, sig, orient_next, exact_orientation=exact_orientation)
    return sig


def edge_signs(
    D: np.ndarray, fixed: np.ndarray, k: int, S: np.ndarray, sig: np.ndarray, orient_next: np.ndarray | None,
    *, exact_orientation: bool = False,
) -> None:
    """Fill in ``sig[:, S]``: the signs, on the hyperplanes ``S`` through a level-``k`` top
    vertex, of the one region below it (its edges all go down), as in :func:`_level_signs`."""
    K, r = S.shape[0], D.shape[1]
    for pos in range(S.shape[1]):
        rest = np.delete(S, pos, axis=1)
        rows_e = np.concatenate([np.broadcast_to(fixed[:k], (K, k, r)), D[rest]], axis=1)
        E = normals(rows_e, r)
        if exact_orientation:
            up = sign(E @ orient_next)
            if not (up != 0).all():
                raise NotGeneral(k + 1)
        else:
            up = last_nonzero_sign(E)
        E[up > 0] *= -1
        j = S[:, pos]
        sig[np.arange(K), j] = sign((E * D[j]).sum(axis=1))


def lexicographic(M: int, r: int) -> np.ndarray:
    return np.array([M**i for i in range(r)], dtype=object)


class Sweep:
    """One problem's integer arrays, its level-1 stream and its deep levels (``k >= 2``)."""

    def __init__(self, directions: list[list[int]], generators: list[list[int]], shift: list[int]) -> None:
        m, r = len(directions), len(directions[0])
        n = len(shift)
        self.m, self.r = m, r
        N = max(sum(abs(x) for x in row) for row in directions)
        self.dtype: type = np.int64 if N**r < INT64_SAFE else object
        bound = max(abs(shift[j]) + sum(abs(g[j]) for g in generators) for j in range(n))
        self.vdtype: type = np.int64 if 2 * bound < INT64_SAFE else object
        self.D = np.array(directions, dtype=self.dtype).reshape(m, r)
        self.D_obj = np.array(directions, dtype=object).reshape(m, r)
        self.G = np.array(generators, dtype=self.vdtype).reshape(m, n)
        self.s = np.array(shift, dtype=self.vdtype)
        self.anti = 2 * self.s + self.G.sum(axis=0)  # v' = 2 shift + sum g - v (antipode)
        self.hadamard = N ** (r - 1)  # bounds every entry of a null vector of D-rows
        self.f2 = lexicographic(2 * self.hadamard + 1, r)

    def vertices(self, sig: np.ndarray) -> np.ndarray:
        """The vertices of the regions with signs ``sig`` (rows) and their antipodes."""
        V = (sig > 0).astype(self.vdtype) @ self.G + self.s
        return np.concatenate([V, self.anti - V], axis=0)

    def deep_levels(self) -> list[np.ndarray]:
        """Vertices from levels ``2..r``; raises :class:`NotGeneral` (level 2) when ``D`` is
        not in general position there, and retries other ``f_3, ..., f_r`` for deeper zeros.

        ``f_2`` is lexicographic (it must orient level 1's edges as
        :func:`last_nonzero_sign` does); ``f_3, ..., f_r`` are random 63-bit integer vectors,
        for which a zero ``f . x`` has probability at most ``2^-63`` per test (and is caught
        exactly, then redrawn).
        """
        m, r, D = self.m, self.r, self.D_obj
        f2 = self.f2
        for attempt in range(_ATTEMPTS):
            rng = np.random.default_rng(20261204 + attempt)
            rand = [np.array([int(x) for x in rng.integers(-(2**62), 2**62, size=r)], dtype=object)
                    for _ in range(r - 2)]
            fs = [D[m - 1], f2, *rand, None]  # f_1 .. f_r, then "none" after the last level
            out: list[np.ndarray] = []
            try:
                for k in range(2, r + 1):
                    F = np.array(fs[:k], dtype=object).reshape(k, r)
                    for S in subsets(m - 1, r - k, _CHUNK):
                        out.append(self.vertices(_level_signs(D, F, k, S, fs[k], exact_orientation=True)))
            except NotGeneral as exc:
                if exc.level <= 2:
                    raise
                continue
            return out
        raise NotGeneral(0)
