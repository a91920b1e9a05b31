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

Large coordinates
-----------------
cddlib (GMP) has aborted the whole interpreter (``munmap_chunk(): invalid pointer``,
``free(): invalid next size``) in its redundancy test on small polytopes far from the
origin, e.g. the parallelogram ``(B-2, 0), (B-2, 6), (B, -6), (B, 0)`` for ``B = 10**30``
and for offsets of 63 to 236 bits.  So cddlib never sees the caller's coordinates: every
call works in a frame ``y = (L x - r) / g`` (``L`` the common denominator, ``r`` an
integer point near the middle of the data, ``g`` the gcd of the differences), where the
numbers are as small as the shape allows, and the results are mapped back exactly.  An
H-representation is moved to an integer point near the polyhedron the same way.  This
avoids the trigger seen so far; it cannot make an abort inside a C library impossible
(a polytope whose own extent is huge still reaches cddlib with huge numbers).

>>> B = 10**30
>>> vertex_indices([(B - 2, 0), (B - 2, 6), (B, -6), (B, 0), (B - 1, 0)])
(0, 1, 2, 3)

Planar vertex sets
------------------
:func:`vertex_indices` answers planar sets (after projection to the affine hull, with at
most one ray) by Andrew's monotone chain in exact integers, without cddlib: the upper hulls of
one-input networks' tropical polynomials are all of this kind, and thousands of tiny LPs
were most of their cost.

Thin point sets
---------------
cddlib also aborted on point sets that are thin for their size, whatever their scale: about
one nearly collinear triple in four with 62-bit coordinates (``munmap_chunk(): invalid
pointer``), a few percent of thin tetrahedra.  Its GMP build first solves every LP in
doubles, where such a set is numerically degenerate.  So a set whose spread simplex (chosen in
floats; its normalised volume ``|det(E)| / prod |e_k|`` below ``_ILL_CONDITIONED``, or too
thin for floats to see) is flat is handed over in that simplex's coordinates, the exact
integral bijection ``z = adj(E) (y - y0) / g`` (:class:`_Conditioning`), where it is
well-shaped; rows are mapped back exactly.  Floats only choose the simplex; an exactly
singular choice leaves the points as they were.  In 220 random thin sets of 3 to 70 points
in 2 to 4 dimensions (62- and 100-bit coordinates) no abort remained (the regression test in
tests/test_polytope.py repeats 40 of them).

>>> vertex_indices([(-5524095163590817052, 5077823926022376585), (886860126271463978, 8011985842663405326),
...                 (10751993912826784357, 12527053964391195236)])
(0, 1, 2)

Messages on standard error
--------------------------
cddlib's GMP build may print "max number N of pivots performed by the criss-cross method.
Most likely due to the floating-point arithmetics error."  It comes from the *floating-point*
pre-solve: ``dd_LPSolve`` of the GMP build first solves each LP in doubles, checks the final
basis in exact arithmetic, and, when the float solve failed (as here) or its basis is not
exactly optimal, solves the LP again in GMP rationals from scratch.  The answer is the exact
solve's; the message only says the float shortcut was not taken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain as _chain
from typing import Sequence

import cdd
import cdd.gmp as _gmp
import numpy as np

from tropgeo._hrep import Row, _primitive, canonical_rows, max_facet_count
from tropgeo._hull_kernels import (
    chart_equations,
    conditioning,
    int_primitive,
    prefix_dims,
    reference_point,
    row_values,
    seed_order,
    tight_ranks,
    vertices_2d,
)
from tropgeo.errors import BackendError
from tropgeo.numbers import Exact, canonical as _canon

__all__ = ["vertex_indices", "h_representation", "v_representation", "hull_work", "FILTER_MAX_FACETS"]

Point = Sequence[Exact]
IntPoint = tuple[int, ...]

# Below this many points a single redundancy pass is cheapest.
_FILTER_MIN_POINTS = 64
_CHUNK = 200
# The interior filter refines its candidate hull at most this many times (each one facet
# enumeration of at most FILTER_MAX_FACETS facets and a test of the remaining points), and
# spends at most _REFINE_ALLOWANCE times what its first round may cost (hull_work counts it).
_REFINE_BUDGET = 8
_REFINE_ALLOWANCE = 4
# The interior filter enumerates the facets of a few chosen points' hull; it keeps only as
# many of them as allow (upper bound theorem) at most this many facets, so that its cost
# stays small and predictable in any dimension.
FILTER_MAX_FACETS = 2000


@dataclass(frozen=True)
class _Frame:
    """The coordinates ``y = (scale * x - origin) / step`` in which cddlib sees the data."""

    scale: int
    origin: tuple[int, ...]
    step: int

    def row_back(self, row: Sequence[Exact]) -> list[Exact]:
        """A row ``(b, a)`` of an affine function of ``y`` as one of ``x``, times ``step > 0``.

        ``step * (b + a . y) = (step * b - a . origin) + (scale * a) . x``.
        """
        a = row[1:]
        b0 = self.step * row[0] - sum((x * o for x, o in zip(a, self.origin)), 0)
        return [b0, *(self.scale * x for x in a)]


def _to_frame(points: Sequence[Point], rays: Sequence[Point]) -> tuple[list[IntPoint], list[IntPoint], _Frame]:
    """The points and rays in small integer coordinates, and the frame to map results back.

    The points are made integral (times the common denominator ``L``), translated by an
    integer point ``r`` of their lattice near the middle of their bounding box, and divided
    by the gcd ``g`` of their differences; each ray is scaled to primitive integers (a
    positive multiple spans the same cone) and zero rays are dropped.  An affine map with
    positive scale: the vertices, faces and facets are those of the input.
    """
    den = math.lcm(*(Fraction(x).denominator for p in points for x in p))
    ints = [[int(x * den) for x in p] for p in points]
    first = ints[0]
    step = 0
    for p in ints[1:]:
        for x, x0 in zip(p, first):
            step = math.gcd(step, x - x0)
    step = step or 1
    origin = []
    for c, x0 in enumerate(first):
        column = [p[c] for p in ints]
        middle = (min(column) + max(column)) // 2
        origin.append(x0 + step * ((middle - x0) // step))
    ys = [tuple((x - o) // step for x, o in zip(p, origin)) for p in ints]
    rs = [int_primitive(r) for r in rays if any(x != 0 for x in r)]
    return ys, rs, _Frame(scale=den, origin=tuple(origin), step=step)


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


def h_representation(
    points: Sequence[Point], rays: Sequence[Point] = ()
) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    """Canonical ``(equations, inequalities)`` of ``conv(points) + cone(rays)``.

    ``points`` must be nonempty.  Each inequality is a facet (cdd's double
    description output is minimal); rows are canonical primitive integers.
    cddlib works in the small frame of :func:`_to_frame`; the rows are mapped back.
    """
    ys, rs, frame = _to_frame(points, rays)
    pivots, basis = _chart(ys, rs)
    eqs: list[Sequence[Exact]] = list(chart_equations(ys[0], pivots, basis))
    ineqs: list[Sequence[Exact]] = []
    if pivots:
        py, pr = _project(ys, pivots), _project(rs, pivots)
        cond = conditioning(py)
        if cond is not None:
            py, pr = [cond.point(y) for y in py], [cond.ray(r) for r in pr]
        mat = _generator_matrix(py, pr)
        poly = _gmp.polyhedron_from_matrix(mat, row_order=cdd.RowOrderType.RANDOM_ROW)
        h = _gmp.copy_inequalities(poly)
        d = len(ys[0])
        for i, row in enumerate(h.array):
            local = [Fraction(x) for x in row] if cond is None else cond.row_back([Fraction(x) for x in row])
            full = [Fraction(0)] * (d + 1)
            full[0] = Fraction(local[0])
            for k, pc in enumerate(pivots):
                full[1 + pc] = Fraction(local[1 + k])
            (eqs if i in h.lin_set else ineqs).append(full)
    return canonical_rows([frame.row_back(r) for r in eqs], [frame.row_back(r) for r in ineqs])


def v_representation(
    equations: Sequence[Sequence[Exact]],
    inequalities: Sequence[Sequence[Exact]],
    dim: int,
    *,
    near: Sequence[Exact] | None = None,
) -> tuple[tuple[tuple[Exact, ...], ...], tuple[Row, ...], tuple[Row, ...]]:
    """``(points, rays, lines)`` of ``{x in R^dim : equations == 0, inequalities >= 0}``.

    Points are sorted tuples of canonical numbers; rays and lines primitive
    integer directions.  Used for the V -> H -> V self-check and to read ``.ine`` files.
    cddlib gets the rows translated to an integer point ``r`` (``near`` rounded down when
    given, e.g. a known vertex, else :func:`~tropgeo._hull_kernels.reference_point`), each scaled to primitive
    integers; the points are translated back.

    Examples
    --------
    >>> B = 10**30
    >>> v_representation([], [(-B, 1), (B + 2, -1)], 1)
    (((1000000000000000000000000000000,), (1000000000000000000000000000002,)), (), ())
    """
    if near is None:
        origin = reference_point([*equations, *inequalities], dim)
    else:
        origin = tuple(math.floor(x) for x in near)

    def moved(r: Sequence[Exact]) -> list[int]:
        # b + a . x  with  x = y + origin  is  (b + a . origin) + a . y
        return list(int_primitive([r[0] + sum((a * o for a, o in zip(r[1:], origin)), 0), *r[1:]]))

    rows: list[list[int]] = [moved(r) for r in equations] + [moved(r) for r in inequalities]
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
            pts.add(tuple(_canon(x / q[0] + o) for x, o in zip(q[1:], origin)))
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


def _interior_filter(
    points: Sequence[Point], rays: Sequence[Point], idx: list[int], max_facets: int = FILTER_MAX_FACETS
) -> tuple[list[int], tuple[Row, ...] | None]:
    """A subset of ``idx`` holding every vertex of ``conv(points[idx]) + cone(rays)``: the
    points outside the hull of a growing set ``S`` of extreme candidates.

    Soundness, for any ``S``: a vertex ``v`` of the whole hull that lies in ``conv(S) +
    cone(rays)`` is a vertex of that smaller hull too, hence a member of ``S``; so the points
    of ``conv(S) + cone(rays)`` outside ``S`` are never vertices and can be dropped.

    ``S`` starts as the maximisers of a seeded family of directions (:func:`~tropgeo._hull_kernels.seed_order`).
    Then, while a point lies outside ``conv(S) + cone(rays)``, each facet (or equation) of
    ``S``'s hull that such a point violates gives a direction (its outer normal, bounded on
    the rays) whose maximiser over all points is not in ``S`` (it beats the violating point,
    which beats all of ``S``), and these maximisers join ``S``.  When no point is outside,
    ``S`` holds every vertex and usually little else.  Every facet enumeration is kept to
    hulls that may have at most ``max_facets`` facets by the upper bound theorem, and all of
    them together to ``_REFINE_BUDGET`` such enumerations; past either, the points outside the
    last hull are returned with ``S`` (still sound) and the LPs decide.

    Returns the candidates and, when the refinement closed (no point outside ``conv(S) +
    cone(rays)``, which is then the whole hull), that hull's facet inequalities; else ``None``.
    """
    d = len(points[idx[0]])
    order = seed_order(points, rays, idx)
    dims = prefix_dims([points[i] for i in order], rays)
    m = max(
        (k for k in range(2, len(order) + 1) if max_facet_count(k + len(rays), dims[k - 1]) <= max_facets),
        default=0,
    )
    if m < 2:
        return idx, None
    chosen = order[:m]
    in_S = set(chosen)
    P = [tuple(int(x) for x in points[i]) for i in idx]
    where = {i: k for k, i in enumerate(idx)}
    alive = [k for k, i in enumerate(idx) if i not in in_S]  # positions in idx still undecided
    # what hull_work counts for this filter; each round spends its facet bound times the
    # points it tests, and the rounds stop before the total would exceed the allowance
    allowance = _filter_work(len(idx), d, len(rays))
    spent = 0
    dim_S = dims[m - 1]  # then d: a later S may span more
    for _ in range(_REFINE_BUDGET):
        cost = max_facet_count(len(chosen) + len(rays), dim_S) * d * (len(chosen) + len(alive))
        dim_S = d
        if spent + cost > allowance:
            break
        spent += cost
        eqs, ineqs = h_representation([points[i] for i in chosen], rays)
        rows = list(eqs) + list(ineqs)
        V = row_values(rows, [P[k] for k in alive])
        n_eq = len(eqs)
        bad = np.zeros(len(alive), dtype=bool)
        if n_eq:
            bad |= (V[:, :n_eq] != 0).any(axis=1)
        if len(ineqs):
            bad |= (V[:, n_eq:] < 0).any(axis=1)
        alive = [k for k, b in zip(alive, bad.tolist()) if b]
        if not alive:
            return sorted(chosen, key=lambda i: where[i]), (tuple(ineqs) if not eqs else None)
        # directions in which some remaining point beats all of S: the outer normal of each
        # violated facet, and either side of each violated equation
        Vbad = V[bad]
        directions: dict[tuple[int, ...], None] = {}
        for col, row in enumerate(rows):
            column = Vbad[:, col]
            a = tuple(int(x) for x in row[1:])
            if bool((column < 0).any()):
                directions[tuple(-x for x in a)] = None
            if col < n_eq and bool((column > 0).any()):
                directions[a] = None
        grown = False
        for c in directions:
            best = max(alive, key=lambda k: (sum(x * y for x, y in zip(c, P[k])), P[k]))
            i = idx[best]
            if i not in in_S:
                in_S.add(i)
                chosen.append(i)
                grown = True
        alive = [k for k in alive if idx[k] not in in_S]
        if not grown or max_facet_count(len(chosen) + len(rays), d) > max_facets:
            break
    return sorted(chosen + [idx[k] for k in alive], key=lambda i: where[i]), None


def _vertices_by_incidence(points: Sequence[Point], idx: list[int], ineqs: tuple[Row, ...]) -> list[int]:
    """The members of ``idx`` at which the facets of a full-dimensional pointed polyhedron
    (``ineqs``, its complete facet list) that are tight have normals of full rank: exactly
    its vertices."""
    d = len(points[idx[0]])
    ranks = tight_ranks([points[i] for i in idx], (), ineqs)
    return [i for i, r in zip(idx, ranks) if r == d]


def hull_work(n_points: int, dim: int, n_rays: int = 0) -> int:
    """The work estimate of :func:`vertex_indices` on ``n_points`` distinct points in ``R^dim``.

    ``N^2 d`` for the redundancy LPs (``N`` LPs over ``N`` rows of length ``d``), plus, from
    ``64`` points on, the interior filter's allowance: four times a facet enumeration of at most
    ``6 d`` points with at most :data:`FILTER_MAX_FACETS` facets and a test of every point
    against them (the filter stops refining before it spends more).

    Examples
    --------
    >>> hull_work(10, 3)
    300
    >>> hull_work(64, 12) > 64 * 64 * 12
    True
    """
    work = n_points * n_points * dim
    if n_points >= _FILTER_MIN_POINTS:
        work += _filter_work(n_points, dim, n_rays)
    return work


def _filter_work(n_points: int, dim: int, n_rays: int) -> int:
    """The interior filter's allowance: ``_REFINE_ALLOWANCE`` times its first round's cost
    bound (at most ``6 dim`` seed points, at most :data:`FILTER_MAX_FACETS` facets, times
    the points tested); later rounds test only the points still outside, so they are cheap."""
    m = min(n_points, 6 * dim)
    facets = min(max_facet_count(m + n_rays, dim), FILTER_MAX_FACETS)
    return _REFINE_ALLOWANCE * facets * dim * (m + n_points)


def vertex_indices(
    points: Sequence[Point], rays: Sequence[Point] = (), *, max_filter_facets: int = FILTER_MAX_FACETS
) -> tuple[int, ...]:
    """Indices of ``points`` that are vertices of ``conv(points) + cone(rays)``.

    ``points`` must be distinct (cdd calls both copies of a repeated point
    redundant).  Uses cdd's LP redundancy test, after two cheap sound
    reductions for many points: an interior filter (whose one facet enumeration
    is kept to hulls with at most ``max_filter_facets`` facets; ``0`` turns it
    off, leaving LPs only) and chunking (a point redundant within a subset is
    redundant in the whole set).  cddlib sees the small frame of
    :func:`_to_frame`.
    """
    if len(points) <= 1:
        return tuple(range(len(points)))
    ys, rs, _ = _to_frame(points, rays)
    pivots, _ = _chart(ys, rs)
    if not pivots:
        raise BackendError("vertex_indices needs distinct points; got repeated ones")
    if len(pivots) < len(ys[0]):
        # the projection is affine and injective: reframe, its numbers may shrink further
        ys, rs, _ = _to_frame(_project(ys, pivots), _project(rs, pivots))
    if len(ys[0]) == 2 and len(rs) <= 1:
        return tuple(vertices_2d(ys, rs))  # exact integer geometry, no cddlib
    cond = conditioning(ys)
    if cond is not None:
        ys, rs = [cond.point(y) for y in ys], [cond.ray(r) for r in rs]
    idx = list(range(len(ys)))
    if len(idx) >= _FILTER_MIN_POINTS and max_filter_facets >= 1:
        idx, facets = _interior_filter(ys, rs, idx, max_filter_facets)
        if facets is not None and len(rs) <= 1:
            # the filter's last hull is the whole (pointed, full-dimensional) polyhedron:
            # its vertices are read off the facet incidences, no LP needed
            return tuple(sorted(_vertices_by_incidence(ys, idx, facets)))
    if len(idx) > 2 * _CHUNK:
        kept: list[int] = []
        for s in range(0, len(idx), _CHUNK):
            kept += _redundancy_pass(ys, rs, idx[s : s + _CHUNK])
        idx = kept
    return tuple(sorted(_redundancy_pass(ys, rs, idx)))
