"""Facets of a zonotope from its generators, without a general convex hull.

A zonotope ``Z = shift + sum_i [0, g_i]`` of dimension ``r`` has a facet for every
hyperplane of its span that is spanned by ``r - 1`` of its generators: if ``c`` is normal
to such a hyperplane inside the span, both ``c . x <= h_Z(c)`` and ``-c . x <= h_Z(-c)``
are facets, and there are no others (the facets of a zonotope are translates of the
zonotopes of the generators in a hyperplane).  The support function ``h_Z`` has the closed
form ``shift . c + sum_i max(0, g_i . c)``, so every row is exact and no vertex is needed.
For ``L`` generic generators there are ``2 C(L, r - 1)`` facets.

The rows follow :mod:`tropgeo._hrep`'s convention (``(b, a)`` for ``b + a . x``, equations
``== 0``, inequalities ``>= 0``) and its canonical form, so they compare with ``==`` to
:attr:`tropgeo.Polytope.equations` and :attr:`tropgeo.Polytope.inequalities` of the same set.

Examples
--------
>>> from tropgeo.zonotope import zonotope
>>> eqs, ineqs = zonotope_h_representation(zonotope([[1, 0], [0, 1]]))   # the unit square
>>> eqs
()
>>> ineqs
((0, 0, 1), (0, 1, 0), (1, -1, 0), (1, 0, -1))
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING, Sequence

from tropgeo._hrep import Row, canonical_rows
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import as_int

if TYPE_CHECKING:
    from tropgeo.zonotope import Zonotope

__all__ = [
    "zonotope_h_representation",
    "facet_count_bound",
    "facet_work_estimate",
    "DEFAULT_MAX_FACETS",
    "DEFAULT_MAX_FACET_WORK",
]

DEFAULT_MAX_FACETS = 10**6
DEFAULT_MAX_FACET_WORK = 2 * 10**8
"""Default ``max_work`` of :func:`zonotope_h_representation`: about 10 s (see
:func:`facet_work_estimate`)."""

# Seconds per work unit, measured for _cofactor_normal on entries in [-1000, 1000]:
# 35 to 55 ns per r^4 for r = 6 ... 20 (70 ns at r = 3, where the constant terms dominate).
_SECONDS_PER_UNIT = 5e-8


def facet_work_estimate(n_generators: int, rank: int, ambient_dim: int) -> int:
    """Work units ``C(L, r - 1) (r^4 + L n)`` of :func:`zonotope_h_representation`: each of
    the ``C(L, r - 1)`` subsets costs ``r`` Bareiss determinants of order ``r - 1`` (about
    ``r^4`` operations), and each normal's support function ``L n``.  One unit is about
    50 ns of pure Python (measured for ``r`` from 6 to 20).

    Examples
    --------
    >>> facet_work_estimate(4, 3, 3), facet_work_estimate(25, 20, 20)
    (558, 28424550000)
    """
    L, r, n = int(n_generators), int(rank), int(ambient_dim)
    if r == 0:
        return 0
    return math.comb(L, r - 1) * (r**4 + L * n)


def facet_count_bound(n_generators: int, rank: int) -> int:
    """Upper bound ``2 C(L, r - 1)`` on the facets of a rank-``r`` zonotope with ``L``
    pairwise non-parallel generators (met exactly for generic generators; a segment has 2,
    a point none).

    Examples
    --------
    >>> facet_count_bound(3, 3), facet_count_bound(10, 3)     # a parallelepiped; 10 in R^3
    (6, 90)
    """
    n_generators = as_int(n_generators, name="n_generators", minimum=0)
    rank = as_int(rank, name="rank", minimum=0)
    if rank > n_generators:
        raise InvalidInputError(f"rank={rank} cannot exceed n_generators={n_generators}")
    if rank == 0:
        return 0
    return 2 * math.comb(n_generators, rank - 1)


def _nullspace(rows: Sequence[Sequence[int]], n: int) -> list[list[Fraction]]:
    """A basis of ``{x : row . x = 0 for every row}`` in ``Q^n`` (exact RREF)."""
    work = [[Fraction(x) for x in r] for r in rows]
    pivots: list[int] = []
    top = 0
    for col in range(n):
        p = next((i for i in range(top, len(work)) if work[i][col] != 0), None)
        if p is None:
            continue
        work[top], work[p] = work[p], work[top]
        inv = 1 / work[top][col]
        work[top] = [x * inv for x in work[top]]
        for i in range(len(work)):
            if i != top and work[i][col] != 0:
                f = work[i][col]
                work[i] = [a - f * b for a, b in zip(work[i], work[top])]
        pivots.append(col)
        top += 1
        if top == len(work):
            break
    basis = []
    for free in (c for c in range(n) if c not in pivots):
        v = [Fraction(0)] * n
        v[free] = Fraction(1)
        for i, col in enumerate(pivots):
            v[col] = -work[i][free]
        basis.append(v)
    return basis


def zonotope_h_representation(
    z: "Zonotope", *, max_facets: int = DEFAULT_MAX_FACETS, max_work: int | None = DEFAULT_MAX_FACET_WORK
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Canonical exact H-representation ``(equations, inequalities)`` of a zonotope.

    Parameters
    ----------
    z : Zonotope
        Any zonotope, also lower-dimensional (then the equations describe its affine hull)
        or a single point.
    max_facets : int
        Refuse, before any work, when :func:`facet_count_bound` exceeds this.
    max_work : int or None
        Refuse, before any work, when :func:`facet_work_estimate` (about 50 ns a unit)
        exceeds this; ``None`` for no limit.  The default allows about 10 s.

    Returns
    -------
    equations, inequalities : tuple of tuple of int
        Rows ``(b, a_1, ..., a_n)`` for ``b + a . x == 0`` and ``>= 0``, in the canonical
        form of :attr:`tropgeo.Polytope.inequalities`: one row per facet.

    Raises
    ------
    SizeLimitError
        When the facet bound exceeds ``max_facets`` or the work estimate ``max_work``.

    Examples
    --------
    A hexagon (three generators in the plane) has six facets; a segment in the plane has an
    equation and two end points:

    >>> from tropgeo.zonotope import zonotope
    >>> len(zonotope_h_representation(zonotope([[1, 0], [0, 1], [1, 1]]))[1])
    6
    >>> zonotope_h_representation(zonotope([[2, 2]], shift=[0, 1]))
    (((1, 1, -1),), ((-1, 0, 1), (3, 0, -1)))
    >>> zonotope_h_representation(zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]), max_facets=5)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the zonotope may have up to 12 facets (2 C(4, 2)), more than max_facets=5; pass max_facets=... to raise the limit
    >>> zonotope_h_representation(zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]), max_work=500)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the facets of this zonotope (4 generators of rank 3 in R^3) need an estimated 558 work units (C(4, 2) (3^4 + 4*3), about 0.0 s), more than max_work=500; pass max_work=... (or None) to zonotope_h_representation to raise the limit
    """
    from tropgeo.zonotope import Zonotope

    if not isinstance(z, Zonotope):
        raise InvalidInputError(f"z must be a tropgeo.Zonotope, got {type(z).__name__}")
    max_facets = as_int(max_facets, name="max_facets", minimum=0)
    n = z.ambient_dim
    r = z.dim
    L = z.n_generators
    bound = facet_count_bound(L, r)
    if bound > max_facets:
        raise SizeLimitError(
            f"the zonotope may have up to {bound} facets (2 C({L}, {r - 1})), more than "
            f"max_facets={max_facets}; pass max_facets=... to raise the limit"
        )
    if max_work is not None:
        max_work = as_int(max_work, name="max_work", minimum=0)
        work = facet_work_estimate(L, r, n)
        if work > max_work:
            raise SizeLimitError(
                f"the facets of this zonotope ({L} generators of rank {r} in R^{n}) need an estimated "
                f"{work} work units (C({L}, {r - 1}) ({r}^4 + {L}*{n}), about {work * _SECONDS_PER_UNIT:.1f} s), "
                f"more than max_work={max_work}; pass max_work=... (or None) to "
                "zonotope_h_representation to raise the limit"
            )
    dirs: list[tuple[int, ...]] = list(z.__dict__["_directions"])
    shift = [Fraction(x) for x in z.shift]
    equations = []
    for e in _nullspace(dirs, n):
        equations.append([-sum((a * b for a, b in zip(e, shift)), Fraction(0))] + e)
    if r == 0:
        return canonical_rows(equations, [])
    _, piv = z._rank_pivots
    # Restricted to the pivot columns the span maps injectively, so a normal found there
    # (zero elsewhere) is normal to the hyperplane within the span; the canonical form
    # reduces it modulo the equations.
    proj = [[d[j] for j in piv] for d in dirs]
    normals: set[tuple[int, ...]] = set()
    for subset in combinations(range(L), r - 1):
        c = _cofactor_normal([proj[k] for k in subset], r)
        if c is not None:
            full = [0] * n
            for j, v in zip(piv, c):
                full[j] = v
            normals.add(tuple(full))
    den, G, s_int = z._integer_data()
    C = sorted(normals)
    inequalities = []
    for c in C:
        gc = [sum(a * b for a, b in zip(g, c)) for g in G]
        sc = sum(a * b for a, b in zip(s_int, c))
        up = sc + sum(v for v in gc if v > 0)          # den * h_Z(c)
        down = -sc + sum(-v for v in gc if v < 0)      # den * h_Z(-c)
        inequalities.append([up] + [-den * x for x in c])
        inequalities.append([down] + [den * x for x in c])
    return canonical_rows(equations, inequalities)


def _det(m: list[list[int]]) -> int:
    """Exact determinant of a square integer matrix (Bareiss, fraction-free)."""
    a = [row[:] for row in m]
    k = len(a)
    if k == 0:
        return 1
    sign, prev = 1, 1
    for i in range(k - 1):
        if a[i][i] == 0:
            p = next((r for r in range(i + 1, k) if a[r][i] != 0), None)
            if p is None:
                return 0
            a[i], a[p] = a[p], a[i]
            sign = -sign
        for r in range(i + 1, k):
            for col in range(i + 1, k):
                a[r][col] = (a[r][col] * a[i][i] - a[r][i] * a[i][col]) // prev
        prev = a[i][i]
    return sign * a[k - 1][k - 1]


def _cofactor_normal(rows: list[list[int]], r: int) -> tuple[int, ...] | None:
    """The primitive integer normal, first nonzero entry positive, of the hyperplane of
    ``Q^r`` spanned by ``r - 1`` integer rows (generalised cross product); ``None`` when
    the rows are dependent."""
    c = [(-1) ** j * _det([row[:j] + row[j + 1:] for row in rows]) for j in range(r)]
    g = math.gcd(*c)
    if g == 0:
        return None
    first = next(x for x in c if x != 0)
    g = g if first > 0 else -g
    return tuple(x // g for x in c)
