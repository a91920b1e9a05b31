"""Zonotope vertices by the top-vertex sweep, in general position or not, each vertex once
and streamed (private kernel of :mod:`tropgeo.zonotope`).

:mod:`tropgeo._sweep` explains the sweep for generators in general position; here is what
changes when they are not.  Notation as there: the rows of ``D`` (``m x r``, rank ``r``,
pairwise non-parallel) are the generator directions, ``f_1 = d_{m-1}``, ``f_2``
lexicographic.  The regions on the side ``f_1 . c > 0`` are the regions of the affine
arrangement in the chart ``{f_1 . c = 1}``, the others their antipodes, and a chart region
is bounded above in ``f_2`` or not.

*Bounded above* (all but ``O(m^(r-2))`` of the regions; streamed).  Such a region has a
unique highest point ``p``, where a line ``u`` of the arrangement (``r - 1`` independent
hyperplanes meet on it) crosses the chart: ``f_1 . u > 0``.  Near ``p`` the region is a region
``Q`` of the *local* arrangement of ``Z = {i : d_i . u = 0}`` lying below ``p``: in
``T = {f_1 . x = 0}``, ``Q ∩ T ⊂ {f_2 < 0}``; conversely each such ``Q`` gives a region whose
top is ``p`` (a local maximum of a linear function on a convex set is global).  With
``|Z| = r - 1`` there is one such ``Q``, the sweep's simplicial cone.  With more,
``Q ⊂ {f_2 < 0}`` exactly when ``(Q, f_2 < 0)`` is a region of the local arrangement with
``f_2`` added and ``(Q, f_2 > 0)`` is not; :func:`tropgeo._arrangement.region_masks` finds
them in coordinates of ``T`` (the ``d_i``, ``i`` in ``Z``, restricted to ``T`` stay pairwise
non-parallel, since ``f_1 . u != 0``, and so does ``f_2``).  A line is met once per
``(r-1)``-subset of ``Z`` that spans it; only the greedy basis of ``Z`` (in index order)
handles it, so no region comes twice and nothing is remembered.

*Unbounded above* (the deep levels).  In general position the sweep's deeper levels give
them.  Otherwise (two hyperplanes whose restrictions to ``{f_1 = 0}`` coincide cut strips out
of the chart, which the deeper charts do not see) they come from the lines ``u`` of the
arrangement inside ``{f_1 . c = 0}``, oriented ``f_2 . u > 0``: a chart region is unbounded
above exactly when the closure of its cone contains such a line (that closure meets
``{f_1 = 0}`` in a face, a pointed cone spanned by lines of the arrangement, and its
recession cone in the chart; one spanning line goes up), and the regions whose closure
contains ``u`` are those of the local arrangement at ``u``.  There are ``O(m^(r-2))`` of them;
they are deduplicated in one array.

Integers only: numpy ``int64`` under the bounds of :mod:`tropgeo._sweep`, Python ints
otherwise.  Never floats.

Examples
--------
A hexagonal prism: three of the four directions lie in a plane, so the general-position
sweep alone does not apply.

>>> import numpy as np
>>> D = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]]
>>> V = np.concatenate(list(iter_sweep_vertices(D, D, [0, 0, 0])))
>>> len(V), len(set(map(tuple, V.tolist())))
(12, 12)
"""

from __future__ import annotations

import itertools
import math
from functools import cmp_to_key
from typing import Iterator

import numpy as np

from tropgeo._arrangement import normals, rank_and_pivots, region_masks
from tropgeo._sweep import (
    _CHUNK,
    NotGeneral,
    Sweep,
    batch_size,
    edge_signs,
    last_nonzero_sign,
    sign,
    subsets,
)

__all__ = ["iter_sweep_vertices"]


def iter_sweep_vertices(
    directions: list[list[int]], generators: list[list[int]], shift: list[int], *, chunk: int = _CHUNK
) -> Iterator[np.ndarray]:
    """All vertices of ``shift + sum_i [0, g_i]`` as integer arrays (``K x n``, unsorted), each
    exactly once, in memory bounded by one batch of about ``chunk`` (at most 20 000)
    subsets.

    ``directions`` are ``m x r`` integer rows of rank ``r``, ``2 <= r``, ``m > r``, pairwise
    non-parallel (the generator directions restricted to pivot coordinates); ``generators``
    (``m x n``) and ``shift`` are integer numerators.
    """
    sweep = Sweep(directions, generators, shift)
    try:
        deep = sweep.deep_levels()
    except NotGeneral:
        deep = [sweep.vertices(_unbounded_signs(sweep, directions))]
    yield from deep
    yield from _bounded(sweep, _Local(sweep, directions), chunk)


class _Local:
    """The local arrangements at lines crossing the chart where more than ``r - 1``
    hyperplanes meet, in integer coordinates of ``T = {f_1 . x = 0}``."""

    def __init__(self, sweep: Sweep, directions: list[list[int]]) -> None:
        self.rows = [[int(x) for x in d] for d in directions]
        self.f1 = self.rows[-1]
        self.pivot = next(j for j, x in enumerate(self.f1) if x)
        # f_2 restricted to T: the orientation of the level-1 edges (last_nonzero_sign)
        self.g = self.restrict([int(x) for x in sweep.f2])

    def restrict(self, row: list[int]) -> list[int]:
        """``row . t_j`` for the basis ``t_j = f1[p] e_j - f1[j] e_p`` (``j != p``) of ``T``."""
        p, f1 = self.pivot, self.f1
        return [f1[p] * x - f1[j] * row[p] for j, x in enumerate(row) if j != p]

    def is_greedy_basis(self, S: list[int], Z: list[int]) -> bool:
        """Whether ``S`` is the first basis of the rows ``Z`` (rank ``len(S)``) in index order."""
        if S[0] != Z[0] or (len(S) > 1 and S[1] != Z[1]):
            return False  # the first two rows are independent (pairwise non-parallel)
        basis = Z[: min(2, len(S))]
        for z in Z[2:]:
            if len(basis) == len(S):
                break
            if rank_and_pivots([self.rows[i] for i in (*basis, z)], len(self.f1))[0] > len(basis):
                basis.append(z)
        return basis == S

    def below(self, S: list[int], sig: np.ndarray) -> np.ndarray | None:
        """Signs of the regions whose top vertex is the line spanned by ``S`` (``sig`` its
        signs on all rows, zero on ``Z``), or ``None`` when ``S`` is not its greedy basis."""
        Z = np.nonzero(sig == 0)[0].tolist()
        if not self.is_greedy_basis(S, Z):
            return None
        B = [self.restrict(self.rows[z]) for z in Z]
        down = _sectors_below(B, self.g) if len(self.g) == 2 else _regions_below(B, self.g)
        out = np.repeat(sig[None, :].astype(np.int8), len(down), axis=0)
        if down:
            out[:, Z] = down
        return out


def _regions_below(B: list[list[int]], g: list[int]) -> list[list[int]]:
    """Sign vectors (+-1 on the rows of ``B``) of the regions of the central arrangement
    ``B`` contained in ``{g < 0}``: ``(Q, g < 0)`` is a region with ``g`` added and
    ``(Q, g > 0)`` is not."""
    k = len(B)
    masks = region_masks([*B, g])
    up = 1 << k
    down = sorted(mk for mk in masks if not mk & up and mk | up not in masks)
    return [[1 if mk >> q & 1 else -1 for q in range(k)] for mk in down]


def _sectors_below(B: list[list[int]], g: list[int]) -> list[list[int]]:
    """:func:`_regions_below` in the plane: the ``k`` lines ``b . x = 0`` cut the half-plane
    ``{g < 0}`` into ``k + 1`` sectors by their downward rays; the ``k - 1`` between two
    consecutive rays are the regions inside it.

    Examples
    --------
    >>> B, g = [[1, 0], [0, 1], [1, 1]], [1, 2]                # three lines: two sectors below
    >>> _sectors_below(B, g)
    [[-1, -1, -1], [1, -1, -1]]
    >>> sorted(_sectors_below(B, g)) == sorted(_regions_below(B, g))
    True
    """
    rays: list[tuple[int, int]] = []
    for b in B:
        e = (-b[1], b[0])
        rays.append((b[1], -b[0]) if g[0] * e[0] + g[1] * e[1] > 0 else e)

    def turn(a: tuple[int, int], c: tuple[int, int]) -> int:
        return -1 if a[0] * c[1] - a[1] * c[0] > 0 else 1

    # all rays lie in one open half-plane, where "turn left" (a positive cross product) is a
    # strict total order; no two are parallel
    rays.sort(key=cmp_to_key(turn))
    out = []
    for a, c in zip(rays, rays[1:]):
        x = (a[0] + c[0], a[1] + c[1])  # inside the sector between two consecutive rays
        out.append([1 if b[0] * x[0] + b[1] * x[1] > 0 else -1 for b in B])
    return out


def _bounded(sweep: Sweep, local: _Local, chunk: int) -> Iterator[np.ndarray]:
    """Vertices of the chart regions bounded above, batch by batch, each once."""
    m, r, D = sweep.m, sweep.r, sweep.D
    F = D[m - 1 :]
    for S in subsets(m - 1, r - 1, batch_size(chunk, m)):
        U = normals(D[S], r)
        fu = U @ F[0]
        keep = fu != 0  # u = 0: dependent rows; f_1 . u = 0: a line at infinity (deep part)
        if not keep.all():
            S, U, fu = S[keep], U[keep], fu[keep]
        if S.shape[0] == 0:
            continue
        U[fu < 0] *= -1
        sig = sign(U @ D.T)
        generic = (sig == 0).sum(axis=1) == r - 1
        if not generic.all():  # r >= 3: in rank 2 only one hyperplane passes through a line
            rows = np.nonzero(~generic)[0]
            zero = sig[rows] == 0
            first = np.argmax(zero, axis=1)
            zero[np.arange(rows.size), first] = False
            # a greedy basis starts with the first two zeros (any two rows are independent)
            rows = rows[(S[rows, 0] == first) & (S[rows, 1] == np.argmax(zero, axis=1))]
            found = [local.below([int(x) for x in S[row]], sig[row]) for row in rows.tolist()]
            extra = [e for e in found if e is not None]
            if extra:
                yield sweep.vertices(np.concatenate(extra, axis=0))
            S, sig = S[generic], sig[generic]
        if S.shape[0]:
            edge_signs(D, F, 1, S, sig, None)
            yield sweep.vertices(sig)


def _unbounded_signs(sweep: Sweep, directions: list[list[int]]) -> np.ndarray:
    """Signs (rows, +-1, distinct) of the chart regions unbounded above in ``f_2``."""
    m, r, D = sweep.m, sweep.r, sweep.D
    F = D[m - 1 :]
    combos = np.array(list(itertools.product((1, -1), repeat=r - 2)), dtype=np.int8).reshape(-1, r - 2)
    found: list[np.ndarray] = []
    seen: set[tuple[int, ...]] = set()
    for S in subsets(m - 1, r - 2, _CHUNK):
        K = S.shape[0]
        U = normals(np.concatenate([np.broadcast_to(F, (K, 1, r)), D[S]], axis=1), r)
        nonzero = (U != 0).any(axis=1)
        S, U = S[nonzero], U[nonzero]
        if S.shape[0] == 0:
            continue
        U[last_nonzero_sign(U) < 0] *= -1  # f_2 . u > 0
        sig = sign(U @ D.T)
        generic = (sig == 0).sum(axis=1) == r - 1  # only f_1 and S vanish: one subset per line
        if generic.any():
            Sg, c = S[generic], combos.shape[0]
            R = np.repeat(sig[generic], c, axis=0)
            R[np.arange(R.shape[0])[:, None], np.repeat(Sg, c, axis=0)] = np.tile(combos, (Sg.shape[0], 1))
            R[:, m - 1] = 1
            found.append(R)
        for row in np.nonzero(~generic)[0].tolist():
            u = [int(x) for x in U[row]]
            g = math.gcd(*u)
            key = tuple(x // g for x in u)
            if key in seen:
                continue
            seen.add(key)
            Z = np.nonzero(sig[row] == 0)[0].tolist()
            last = Z.index(m - 1)
            for mk in region_masks([directions[z] for z in Z]):
                if mk >> last & 1:
                    R1 = sig[row].astype(np.int8)
                    R1[Z] = [1 if mk >> q & 1 else -1 for q in range(len(Z))]
                    found.append(R1[None, :])
    if not found:  # pragma: no cover - some region always reaches infinity upwards
        return np.zeros((0, m), dtype=np.int8)
    return np.unique(np.concatenate(found).astype(np.int8), axis=0)
