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
import sys
from fractions import Fraction
from typing import Iterable, Iterator, Sequence

import numpy as np

from tropgeo._arrangement import INT64_SAFE, region_masks
from tropgeo._zonotope_sweep import iter_sweep_vertices
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact, canonical as _canon

__all__ = [
    "vertex_count_bound",
    "check_vertex_limit",
    "region_memory_estimate",
    "check_memory_limit",
    "DEFAULT_MAX_MEMORY",
    "positive_int",
    "integer_data",
    "vertex_numerators",
    "iter_vertex_numerators",
    "sorted_vertices",
    "exact_rows",
    "rechunk",
]

Vector = tuple[Exact, ...]


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


def positive_int(value: object, name: str) -> int:
    """``value`` as an int, refused unless it is an int (or numpy integer) ``>= 1``; any size.

    Examples
    --------
    >>> positive_int(2**64, "chunk_size")
    18446744073709551616
    >>> positive_int(0, "chunk_size")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: chunk_size=0 must be an int >= 1
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"{name}={value!r} must be an int >= 1")
    return int(value)


def check_vertex_limit(n_generators: int, rank: int, ambient_dim: int, max_vertices: object) -> None:
    """Refuse, with the estimate, when the Gritzmann-Sturmfels bound exceeds ``max_vertices``.

    Examples
    --------
    >>> check_vertex_limit(3, 3, 3, 10**100)
    >>> check_vertex_limit(3, 3, 3, 4)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: this zonotope (3 generators of rank 3 in R^3) may have up to 8 vertices (Gritzmann-Sturmfels bound), more than max_vertices=4; call vertices_with_limit(max_vertices=...) with a larger limit
    """
    limit = positive_int(max_vertices, "max_vertices")
    estimate = vertex_count_bound(n_generators, rank)
    if estimate > limit:
        raise SizeLimitError(
            f"this zonotope ({n_generators} generators of rank {rank} in R^{ambient_dim}) may have up to "
            f"{estimate} vertices (Gritzmann-Sturmfels bound), more than max_vertices={limit}; "
            "call vertices_with_limit(max_vertices=...) with a larger limit"
        )


DEFAULT_MAX_MEMORY = 2 * 2**30
"""Default ``max_memory`` (bytes): the region method's estimated working set may be 2 GiB."""

# Bytes per bit mask kept by the region method: a Python int (28-36 bytes) and its share of
# a set's hash table (16-byte slots, 1/3 to 2/3 full).  Measured as (peak RSS - baseline) /
# masks with resource.getrusage: 63 to 101 bytes for (L, r) = (14, 8), (16, 7), (13, 10),
# (18, 6), (14, 11) (docs/zonotopes.md).
_BYTES_PER_MASK = 100


def region_memory_estimate(n_generators: int, rank: int) -> int:
    """Estimated peak memory in bytes of the region method (:mod:`tropgeo._arrangement`)
    for ``L`` generic generators of rank ``r``: it memoises ``2^(r-1)`` masks for each of
    the ``C(L, r-1)`` lines and keeps one mask per vertex, about 100 bytes each.

    Examples
    --------
    >>> region_memory_estimate(20, 10)          # C(20, 9) * 2^9 + 524288 masks
    8651980800
    """
    L, r = int(n_generators), int(rank)
    if r < 1:
        return 0
    masks = math.comb(L, r - 1) * 2 ** (r - 1) + vertex_count_bound(L, r)
    return masks * _BYTES_PER_MASK


def check_memory_limit(
    n_generators: int, rank: int, ambient_dim: int, max_memory: object, *, uses_regions: bool
) -> None:
    """Validate ``max_memory`` and, when the region method will run (``uses_regions``),
    refuse with the estimate when :func:`region_memory_estimate` exceeds it.

    Examples
    --------
    >>> check_memory_limit(20, 10, 10, 2 * 2**30, uses_regions=False)
    >>> check_memory_limit(20, 10, 10, 2 * 2**30, uses_regions=True)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: enumerating the vertices of this zonotope (20 generators of rank 10 in R^10) by the region method needs an estimated 8651980800 bytes (8.06 GiB), more than max_memory=2147483648; pass max_memory=... (bytes) with a larger limit
    """
    limit = positive_int(max_memory, "max_memory")
    if not uses_regions:
        return
    estimate = region_memory_estimate(n_generators, rank)
    if estimate > limit:
        raise SizeLimitError(
            f"enumerating the vertices of this zonotope ({n_generators} generators of rank {rank} in "
            f"R^{ambient_dim}) by the region method needs an estimated {estimate} bytes "
            f"({estimate / 2**30:.2f} GiB), more than max_memory={limit}; "
            "pass max_memory=... (bytes) with a larger limit"
        )


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
    denominator: :func:`iter_vertex_numerators` in one array."""
    return np.concatenate(list(iter_vertex_numerators(directions, G, s, pivots, sweep=sweep)), axis=0)


def iter_vertex_numerators(
    directions: tuple[tuple[int, ...], ...], G: list[list[int]], s: list[int], pivots: tuple[int, ...], *, sweep: bool
) -> Iterator[np.ndarray]:
    """All vertices, each once, as blocks of integer numerators (rows, unsorted) over
    :func:`integer_data`'s denominator, in bounded working memory.

    ``directions`` are the primitive directions of the generators ``G``, of full rank on the
    coordinates ``pivots``.  With ``sweep`` (rank ``2 <= r <= 5`` and more generators than
    ``r``) the top-vertex sweep of :mod:`tropgeo._zonotope_sweep` streams them, in general
    position or not; independent generators (a parallelepiped) stream all ``2^m`` subset
    sums; otherwise the region masks of :mod:`tropgeo._arrangement` are computed (one Python
    int per vertex) and turned into vertices a block at a time.
    """
    m = len(G)
    if m == 0:
        yield np.array([s], dtype=object if max(map(abs, s), default=0) >= INT64_SAFE else np.int64)
        return
    dirs = _pivot_directions(directions, pivots)
    if sweep:
        yield from iter_sweep_vertices(dirs, G, s)
    elif len(pivots) == m:
        yield from _numerators_from_masks(range(1 << m), G, s)
    else:
        yield from _numerators_from_masks(sorted(region_masks(dirs)), G, s)


_BLOCK_BYTES = 1 << 24  # the bit matrix of one block of masks: at most 16 MiB of int64


def _numerators_from_masks(masks: Sequence[int], G: list[list[int]], s: list[int]) -> Iterator[np.ndarray]:
    """``s + sum_{i in mask} G_i`` for each mask, a block of rows at a time (so the
    ``block x m`` bit matrix stays under :data:`_BLOCK_BYTES`)."""
    m, n = len(G), len(s)
    bound = max(abs(s[j]) + sum(abs(g[j]) for g in G) for j in range(n))
    dtype: type = np.int64 if bound < INT64_SAFE else object
    Ga: np.ndarray = np.array(G, dtype=dtype).reshape(m, n)
    sa: np.ndarray = np.array(s, dtype=dtype)
    nbytes = (m + 7) // 8
    block = max(1, _BLOCK_BYTES // (8 * m))
    for start in range(0, len(masks), block):
        chunk = masks[start : start + block]
        raw = b"".join(mk.to_bytes(nbytes, "little") for mk in chunk)
        packed = np.frombuffer(raw, dtype=np.uint8).reshape(len(chunk), nbytes)
        bits = np.unpackbits(packed, axis=1, count=m, bitorder="little")
        yield bits.astype(dtype) @ Ga + sa


def rechunk(blocks: Iterable[np.ndarray], size: int) -> Iterator[np.ndarray]:
    """The rows of ``blocks`` regrouped into arrays of exactly ``size`` rows (the last one
    may be shorter; none is empty).

    Examples
    --------
    >>> [len(b) for b in rechunk([np.zeros((3, 2)), np.zeros((0, 2)), np.zeros((4, 2))], 2)]
    [2, 2, 2, 1]
    >>> [len(b) for b in rechunk([np.zeros((3, 2))], 2**64)]
    [3]
    """
    size = min(int(size), sys.maxsize)
    pending: list[np.ndarray] = []
    count = 0
    for B in blocks:
        while B.shape[0]:
            take = min(size - count, B.shape[0])
            pending.append(B[:take])
            B = B[take:]
            count += take
            if count == size:
                yield pending[0] if len(pending) == 1 else np.concatenate(pending, axis=0)
                pending, count = [], 0
    if count:
        yield pending[0] if len(pending) == 1 else np.concatenate(pending, axis=0)


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
