"""Canonical H-representations over the rationals (no cddlib; shared by :mod:`tropgeo._cdd`
and :mod:`tropgeo.zonotope`), and the upper bound theorem's facet count that guards every
facet enumeration.

A *row* ``(b, a_1, ..., a_d)`` stands for the affine function ``b + a . x``; an equation says
it is ``== 0``, an inequality ``>= 0``.  Canonical rows: equations in reduced row echelon form
on the ``a`` part, inequalities reduced modulo the equations (zero in every pivot column of
the equations), each row scaled by a positive number to primitive integers, the lists
sorted.  Two polyhedra are equal iff their canonical rows are equal.

Examples
--------
>>> canonical_rows([(2, 0, 4)], [(1, 2, 6), (0, 0, 0)])     # x2 = -1/2 ; 1 + 2 x1 + 6 x2 >= 0
(((1, 0, 2),), ((-1, 1, 0),))
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

from tropgeo.errors import BackendError
from tropgeo.numbers import Exact

__all__ = ["Row", "canonical_rows", "max_facet_count"]

Row = tuple[int, ...]


def _primitive(row: Sequence[Fraction]) -> Row:
    """Scale a nonzero rational row by a positive number to coprime integers."""
    den = math.lcm(*(Fraction(x).denominator for x in row))
    ints = [int(Fraction(x) * den) for x in row]
    g = math.gcd(*ints)
    return tuple(v // g for v in ints)


def _rref_on_a(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form using pivot columns 1.. (never column 0, b).

    Equations of a nonempty polyhedron have linearly independent ``a`` parts,
    so every row gets a pivot among columns ``1..d``.
    """
    rows = [list(r) for r in rows]
    pivots: list[int] = []
    r = 0
    n_cols = len(rows[0]) if rows else 0
    for col in range(1, n_cols):
        piv = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        p = rows[r][col]
        rows[r] = [x / p for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
        if r == len(rows):
            break
    if r != len(rows):
        raise BackendError("cdd returned dependent or inconsistent equations")
    return rows, pivots


def canonical_rows(
    equations: Sequence[Sequence[Exact]], inequalities: Sequence[Sequence[Exact]]
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Canonical form (see module docstring) of an H-representation.

    Trivial inequalities (``a == 0``, ``b >= 0``) are dropped.
    """
    eq_rows, pivots = _rref_on_a([[Fraction(x) for x in r] for r in equations])
    out_ineq = set()
    for r in inequalities:
        v = [Fraction(x) for x in r]
        for e, col in zip(eq_rows, pivots):
            if v[col] != 0:
                f = v[col]
                v = [x - f * y for x, y in zip(v, e)]
        if all(x == 0 for x in v[1:]):
            if v[0] < 0:
                raise BackendError(f"cdd returned an infeasible inequality {r!r}")
            continue
        out_ineq.add(_primitive(v))
    out_eq = tuple(sorted(_primitive(e) for e in eq_rows))
    return out_eq, tuple(sorted(out_ineq))


def max_facet_count(n_vertices: int, dim: int) -> int:
    """The most facets a ``dim``-polytope with ``n_vertices`` vertices can have
    (McMullen's upper bound theorem, attained by cyclic polytopes).

    Examples
    --------
    >>> max_facet_count(6, 3), max_facet_count(36, 18) > 10**6    # octahedron: 8 <= 8
    (8, True)
    """
    if dim <= 0:
        return 0
    if dim == 1:
        return 2
    if n_vertices <= dim:
        return n_vertices  # cannot happen for a dim-polytope; keep the function total
    lo, hi = dim // 2, (dim + 1) // 2
    return math.comb(n_vertices - hi, lo) + math.comb(n_vertices - lo - 1, hi - 1)
