"""Vertex enumeration of zonotopes in integer arithmetic (private kernel of
:mod:`tropgeo.zonotope`), and the Gritzmann-Sturmfels bound on the number of vertices.

Every vertex of ``shift + sum_i [0, g_i]`` is ``shift + sum_{g_i . c > 0} g_i`` for a region
``c`` of the central arrangement ``{c : g_i . c = 0}``.  With all coordinates over one common
denominator, the vertices are computed as integer numerators: by the general-position sweep
of :mod:`tropgeo._sweep` when it applies, else region by region from the bit masks of
:mod:`tropgeo._arrangement`.

Examples
--------
>>> den, G, s = integer_data(((1, 0), (0, 1), (1, 1)), (0, 0))
>>> V = vertex_numerators(((1, 0), (0, 1), (1, 1)), G, s, (0, 1), sweep=True)
>>> sorted_vertices(V, den)                                      # a hexagon
((0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2))
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterator

import numpy as np

from tropgeo._arrangement import INT64_SAFE, region_masks
from tropgeo._sweep import general_position_vertices, iter_general_position_vertices
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact

__all__ = [
    "vertex_count_bound",
    "integer_data",
    "vertex_numerators",
    "iter_vertex_numerators",
    "sorted_vertices",
    "exact_rows",
]

Vector = tuple[Exact, ...]


def _canon(q: Fraction) -> Exact:
    return int(q.numerator) if q.denominator == 1 else q


def vertex_count_bound(n_generators: int, rank: int) -> int:
    """Upper bound on the number of vertices of a zonotope (Gritzmann and Sturmfels).

    A zonotope with ``L`` generators spanning a space of dimension ``r >= 1`` has at most
    ``2 * sum_{i < r} C(L - 1, i)`` vertices, with equality when every ``r`` of the
    generators are linearly independent.  Rank 0 gives one point.

    Parameters
    ----------
    n_generators : int
        The number ``L >= rank`` of generators.
    rank : int
        The rank ``r`` of the generator matrix.

    Returns
    -------
    int

    Examples
    --------
    >>> vertex_count_bound(3, 3)  # the cube
    8
    >>> vertex_count_bound(5, 2)  # five generic segments in the plane: a decagon
    10
    >>> vertex_count_bound(2, 3)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: rank=3 must satisfy 0 <= rank <= n_generators=2
    """
    for name, val in (("n_generators", n_generators), ("rank", rank)):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)):
            raise InvalidInputError(f"{name}={val!r} must be an int")
    L, r = int(n_generators), int(rank)
    if L < 0:
        raise InvalidInputError(f"n_generators={L} must be >= 0")
    if not 0 <= r <= L:
        raise InvalidInputError(f"rank={r} must satisfy 0 <= rank <= n_generators={L}")
    if r == 0:
        return 1
    if r == L:
        return 1 << L  # independent generators: a parallelepiped
    if 2 * r > L:
        # fewer terms from the other side: sum_{i<r} C(L-1, i) = 2^(L-1) - sum_{i>=r} C(L-1, i)
        return 2 * ((1 << (L - 1)) - _binomial_sum(L - 1, r, L))
    return 2 * _binomial_sum(L - 1, 0, r)


def _binomial_sum(N: int, lo: int, hi: int) -> int:
    """``sum_{lo <= i < hi} C(N, i)``, with each term from the previous one."""
    if lo >= hi:
        return 0
    term = math.comb(N, lo)
    total = 0
    for i in range(lo, hi):
        total += term
        term = term * (N - i) // (i + 1)
    return total


def integer_data(generators: tuple[Vector, ...], shift: Vector) -> tuple[int, list[list[int]], list[int]]:
    """Common denominator, generators and shift as integer numerators over it."""
    den = 1
    for x in (*shift, *(x for g in generators for x in g)):
        if isinstance(x, Fraction):
            den = math.lcm(den, x.denominator)
    G = [[int(x * den) for x in g] for g in generators]
    s = [int(x * den) for x in shift]
    return den, G, s


def _pivot_directions(directions: tuple[tuple[int, ...], ...], pivots: tuple[int, ...]) -> list[list[int]]:
    # Restricting to the pivot columns is injective on the span: same sign vectors.
    return [[d[j] for j in pivots] for d in directions]


def vertex_numerators(
    directions: tuple[tuple[int, ...], ...], G: list[list[int]], s: list[int], pivots: tuple[int, ...], *, sweep: bool
) -> np.ndarray:
    """All vertices, unsorted, as integer numerators (rows) over :func:`integer_data`'s
    denominator: by the general-position sweep when ``sweep`` and the generators are in
    general position, else region by region.  ``directions`` are the primitive directions
    of the generators ``G``, of full rank on the coordinates ``pivots``."""
    dirs = _pivot_directions(directions, pivots)
    if sweep:
        V = general_position_vertices(dirs, G, s)
        if V is not None:
            return V
    return _numerators_from_masks(sorted(region_masks(dirs)), G, s)


def iter_vertex_numerators(
    directions: tuple[tuple[int, ...], ...], G: list[list[int]], s: list[int], pivots: tuple[int, ...], chunk: int
) -> Iterator[np.ndarray] | None:
    """The general-position sweep's chunks of vertex numerators, or ``None`` when the
    generators are not in general position."""
    return iter_general_position_vertices(_pivot_directions(directions, pivots), G, s, chunk=chunk)


def _numerators_from_masks(masks: list[int], G: list[list[int]], s: list[int]) -> np.ndarray:
    m, n = len(G), len(s)
    bound = max(abs(s[j]) + sum(abs(g[j]) for g in G) for j in range(n))
    dtype: type = np.int64 if bound < INT64_SAFE else object
    bits: np.ndarray = np.empty((len(masks), m), dtype=dtype)
    for start in range(0, m, 60):
        width = min(60, m - start)
        chunk = np.array([(mk >> start) & ((1 << width) - 1) for mk in masks], dtype=np.uint64)
        shifts = np.arange(width, dtype=np.uint64)
        bits[:, start : start + width] = ((chunk[:, None] >> shifts) & np.uint64(1)).astype(np.int64)
    return bits @ np.array(G, dtype=dtype).reshape(m, n) + np.array(s, dtype=dtype)


def exact_rows(rows: list[list[int]], den: int) -> tuple[Vector, ...]:
    """Integer numerator rows over ``den`` as exact points."""
    if den == 1:
        return tuple(tuple(int(x) for x in row) for row in rows)
    return tuple(tuple(_canon(Fraction(int(x), den)) for x in row) for row in rows)


def sorted_vertices(V: np.ndarray, den: int) -> tuple[Vector, ...]:
    """The rows of ``V`` over ``den`` as exact points, sorted lexicographically."""
    if V.dtype != object:
        V = V[np.lexsort(V.T[::-1])]
        rows = V.tolist()
    else:
        rows = sorted(V.tolist())
    return exact_rows(rows, den)
