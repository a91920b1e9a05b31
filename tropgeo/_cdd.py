"""Thin exact wrappers over pycddlib's GMP module (``cdd.gmp``).

This is the only module of tropgeo that imports ``cdd``.  Everything here is
exact rational arithmetic; inputs are tuples of ``int``/``Fraction`` that the
public layer has already validated, outputs are tuples of canonical numbers.

Conventions
-----------
* A *row* ``(b, a_1, ..., a_d)`` stands for the affine function
  ``b + a . x``; an equation says it is ``== 0``, an inequality ``>= 0``.
* Canonical rows: equations in reduced row echelon form on the ``a`` part,
  inequalities reduced modulo the equations (zero in every pivot column of the
  equations), each row scaled by a positive number to primitive integers, the
  lists sorted.  Two polyhedra are equal iff their canonical rows are equal.

Examples
--------
>>> eqs, ineqs = h_representation([(0, 0), (1, 0), (0, 1), (1, 1)])
>>> eqs
()
>>> ineqs
((0, 0, 1), (0, 1, 0), (1, -1, 0), (1, 0, -1))
>>> vertex_indices([(0, 0), (2, 0), (1, 0)])
(0, 1)
"""

from __future__ import annotations

import math
import random
from itertools import chain as _chain
from fractions import Fraction
from typing import Sequence

import cdd
import cdd.gmp as _gmp

from tropgeo._hrep import Row, _primitive, canonical_rows
from tropgeo.errors import BackendError
from tropgeo.numbers import Exact

__all__ = ["vertex_indices", "h_representation", "v_representation"]

Point = Sequence[Exact]

# Below this many points a single redundancy pass is cheapest.
_FILTER_MIN_POINTS = 64
_CHUNK = 200


def _canon(q: Fraction) -> Exact:
    return int(q.numerator) if q.denominator == 1 else q


def _generator_matrix(points: Sequence[Point], rays: Sequence[Point]):
    rows = [[1, *p] for p in points] + [[0, *r] for r in rays]
    return _gmp.matrix_from_array(rows, rep_type=cdd.RepType.GENERATOR)


def _chart(points: Sequence[Point], rays: Sequence[Point]) -> tuple[list[int], list[list[Fraction]]]:
    """Coordinates on which projection is injective on ``aff(points) + span(rays)``.

    Returns ``(pivots, basis)``: ``basis`` is the reduced row echelon basis of
    the direction space ``span(points - points[0], rays)`` and ``pivots`` its
    pivot columns.  A direction vanishing on every pivot column is 0 (its
    coordinates in the basis are its pivot entries), so projecting onto the
    pivot columns maps the polyhedron affinely and injectively onto a
    full-dimensional one with the same vertices.  cddlib is only ever given
    full-dimensional input: its redundancy test crashes on some
    lower-dimensional generator sets (seen on a parallelogram in R^4 with
    15-digit integer coordinates, ``free(): double free``).
    """
    d = len(points[0])
    base = points[0]
    basis: list[list[Fraction]] = []
    pivots: list[int] = []
    vectors = ([a - b for a, b in zip(p, base)] for p in points[1:])
    for v in _chain(vectors, (list(r) for r in rays)):
        w = [Fraction(x) for x in v]
        for row, col in zip(basis, pivots):
            if w[col] != 0:
                f = w[col]
                w = [x - f * y for x, y in zip(w, row)]
        first = next((c for c in range(d) if w[c] != 0), None)
        if first is None:
            continue
        col = first
        w = [x / w[col] for x in w]
        for k, row in enumerate(basis):
            if row[col] != 0:
                f = row[col]
                basis[k] = [x - f * y for x, y in zip(row, w)]
        basis.append(w)
        pivots.append(col)
        if len(pivots) == d:
            break
    order = sorted(range(len(pivots)), key=lambda k: pivots[k])
    return [pivots[k] for k in order], [basis[k] for k in order]


def _project(rows: Sequence[Point], pivots: list[int]) -> list[tuple[Exact, ...]]:
    return [tuple(r[c] for c in pivots) for r in rows]


def _chart_equations(base: Point, pivots: list[int], basis: list[list[Fraction]]) -> list[list[Fraction]]:
    """Equations of ``base + span(basis)``: each free coordinate as a function of the pivot ones."""
    d = len(base)
    eqs = []
    for c in range(d):
        if c in pivots:
            continue
        # x_c - base_c - sum_k basis[k][c] (x_{p_k} - base_{p_k}) = 0
        row = [Fraction(0)] * (d + 1)
        row[1 + c] = Fraction(1)
        row[0] = -Fraction(base[c])
        for k, pc in enumerate(pivots):
            row[1 + pc] -= basis[k][c]
            row[0] += basis[k][c] * Fraction(base[pc])
        eqs.append(row)
    return eqs


def h_representation(
    points: Sequence[Point], rays: Sequence[Point] = ()
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Canonical ``(equations, inequalities)`` of ``conv(points) + cone(rays)``.

    ``points`` must be nonempty.  Each inequality is a facet (cdd's double
    description output is minimal); rows are canonical primitive integers.
    """
    pivots, basis = _chart(points, rays)
    eqs: list[Sequence[Exact]] = list(_chart_equations(points[0], pivots, basis))
    ineqs: list[Sequence[Exact]] = []
    if pivots:
        mat = _generator_matrix(_project(points, pivots), _project(rays, pivots))
        poly = _gmp.polyhedron_from_matrix(mat, row_order=cdd.RowOrderType.RANDOM_ROW)
        h = _gmp.copy_inequalities(poly)
        d = len(points[0])
        for i, row in enumerate(h.array):
            full = [Fraction(0)] * (d + 1)
            full[0] = Fraction(row[0])
            for k, pc in enumerate(pivots):
                full[1 + pc] = Fraction(row[1 + k])
            (eqs if i in h.lin_set else ineqs).append(full)
    return canonical_rows(eqs, ineqs)


def v_representation(
    equations: Sequence[Sequence[Exact]], inequalities: Sequence[Sequence[Exact]], dim: int
) -> tuple[tuple[tuple[Exact, ...], ...], tuple[Row, ...], tuple[Row, ...]]:
    """``(points, rays, lines)`` of ``{x in R^dim : equations == 0, inequalities >= 0}``.

    Points are sorted tuples of canonical numbers; rays and lines primitive
    integer directions.  Used for the V -> H -> V self-check.
    """
    rows: list[list[Exact]] = [list(r) for r in equations] + [list(r) for r in inequalities]
    if not rows:
        rows = [[1, *([0] * dim)]]  # the whole space: one trivial inequality
    mat = _gmp.matrix_from_array(
        rows, lin_set=set(range(len(equations))), rep_type=cdd.RepType.INEQUALITY
    )
    poly = _gmp.polyhedron_from_matrix(mat)
    gen = _gmp.copy_generators(poly)
    pts, rays, lines = set(), set(), set()
    for i, row in enumerate(gen.array):
        q = [Fraction(x) for x in row]
        if q[0] != 0:
            pts.add(tuple(_canon(x / q[0]) for x in q[1:]))
        elif i in gen.lin_set:
            lines.add(_primitive(q[1:]))
        else:
            rays.add(_primitive(q[1:]))
    return tuple(sorted(pts)), tuple(sorted(rays)), tuple(sorted(lines))


def _redundancy_pass(points: Sequence[Point], rays: Sequence[Point], idx: list[int]) -> list[int]:
    """The members of ``idx`` whose points are not redundant among ``idx``."""
    if len(idx) <= 1:
        return list(idx)
    mat = _generator_matrix([points[i] for i in idx], rays)
    red = _gmp.redundant_rows(mat)
    return [i for k, i in enumerate(idx) if k not in red]


def _interior_filter(points: Sequence[Point], rays: Sequence[Point], idx: list[int]) -> list[int]:
    """Drop points lying in the hull of a few extreme ones.

    A vertex of the whole hull that lies in ``conv(S) + cone(rays)`` for a
    subset ``S`` of the points is a vertex of that smaller hull too, hence a
    member of ``S``: dropping the other points of ``conv(S) + cone(rays)``
    never drops a vertex.  ``S`` = maximisers of a fixed, seeded family of
    small integer directions that are bounded above on the rays.
    """
    d = len(points[idx[0]])
    rng = random.Random(0)  # local and seeded: the result does not depend on it
    dirs = [tuple(s if j == i else 0 for j in range(d)) for i in range(d) for s in (1, -1)]
    dirs += [tuple(rng.randint(-3, 3) for _ in range(d)) for _ in range(4 * d)]
    dirs = [c for c in dirs if all(sum(a * b for a, b in zip(c, r)) <= 0 for r in rays)]
    chosen = set()
    for c in dirs:
        chosen.add(max(idx, key=lambda i: (sum(a * b for a, b in zip(c, points[i])), points[i])))
    if len(chosen) < 2:
        return idx
    eqs, ineqs = h_representation([points[i] for i in sorted(chosen)], rays)

    def inside(p: Point) -> bool:
        return all(r[0] + sum(a * x for a, x in zip(r[1:], p)) == 0 for r in eqs) and all(
            r[0] + sum(a * x for a, x in zip(r[1:], p)) >= 0 for r in ineqs
        )

    return [i for i in idx if i in chosen or not inside(points[i])]


def vertex_indices(points: Sequence[Point], rays: Sequence[Point] = ()) -> tuple[int, ...]:
    """Indices of ``points`` that are vertices of ``conv(points) + cone(rays)``.

    ``points`` must be distinct (cdd calls both copies of a repeated point
    redundant).  Uses cdd's LP redundancy test, after two cheap sound
    reductions for many points: an interior filter and chunking (a point
    redundant within a subset is redundant in the whole set).
    """
    if len(points) <= 1:
        return tuple(range(len(points)))
    pivots, _ = _chart(points, rays)
    if not pivots:
        raise BackendError("vertex_indices needs distinct points; got repeated ones")
    if len(pivots) < len(points[0]):
        points, rays = _project(points, pivots), _project(rays, pivots)
    idx = list(range(len(points)))
    if len(idx) >= _FILTER_MIN_POINTS:
        idx = _interior_filter(points, rays, idx)
    if len(idx) > 2 * _CHUNK:
        kept: list[int] = []
        for s in range(0, len(idx), _CHUNK):
            kept += _redundancy_pass(points, rays, idx[s : s + _CHUNK])
        idx = kept
    return tuple(sorted(_redundancy_pass(points, rays, idx)))
