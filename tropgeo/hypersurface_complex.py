"""The tropical hypersurface T(f) in R^d as an exact polyhedral complex.

``T(f)`` is the set of points where the maximum of ``f = max_i (c_i + a_i · x)``
is attained at least twice.  It is the polyhedral complex dual to the dual
subdivision δ(f) (the projected upper faces of the lifted polytope
``P(f) = conv{(a_i, c_i)}``): each face ``F`` of δ(f) of dimension ``k >= 1``
gives one cell of dimension ``d - k``,

    ``{x : the terms on F tie and are >= every other term}``,

faces ``F ⊂ G`` give cells ``C_G ⊂ C_F``, and the vertices of δ(f) (the
terms attaining the maximum alone on an open set) give the linear regions.

Everything comes from one exact H-representation of the upper hull
``Q = conv(upper vertices of P(f)) + cone(-e_{d+1})``: the faces of δ(f) are
the bounded faces of ``Q``, enumerated from the vertex-facet incidences; an
upper facet of ``Q`` with outer normal ``t·(x, 1)`` is a vertex ``x`` of
``T(f)``, a vertical one with outer normal ``(r, 0)`` a ray direction ``r``, and
the equations of ``Q`` (a lower-dimensional Newton polytope) give the
lineality space.  The H-representation of each cell is read off the
combinatorics: one equation per affinely independent term of ``F``, one
inequality per face of δ(f) covering ``F`` (those are the facets of the cell).
:meth:`TropicalHypersurface.self_check` recomputes every H-representation from
the V-representation with cddlib.

Examples
--------
The tropical line ``max(x, y, 0)``: one vertex at the origin and three rays.

>>> from tropgeo.polynomial import TropicalPolynomial
>>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))
>>> T.vertices
((0, 0),)
>>> T.rays
(((0, 0), (-1, 0)), ((0, 0), (0, -1)), ((0, 0), (1, 1)))
>>> T.n_regions, T.contains((3, 3)), T.contains((3, 2))
(3, True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from math import comb
from typing import Any

import networkx as nx

from tropgeo import _cdd
from tropgeo._face_lattice import bits, bounded_faces, independent_rows
from tropgeo._hrep import Row, _primitive, canonical_rows
from tropgeo.duality import dual_subdivision
from tropgeo.errors import CheckFailedError, InvalidInputError, SizeLimitError
from tropgeo.hypersurface_cell import Direction, HypersurfaceCell, Point, _canon, _value
from tropgeo.numbers import as_int
from tropgeo.polynomial import TropicalPolynomial
from tropgeo.polytope import DEFAULT_MAX_FACETS
from tropgeo.subdivision import Subdivision

__all__ = ["HypersurfaceCell", "TropicalHypersurface", "tropical_hypersurface", "DEFAULT_MAX_CELLS"]

DEFAULT_MAX_CELLS = 100_000


@dataclass(frozen=True, eq=False)
class TropicalHypersurface:
    """``T(f)`` as an exact polyhedral complex (build with :func:`tropical_hypersurface`).

    Attributes
    ----------
    polynomial : TropicalPolynomial
        The ``f`` given.
    cells : tuple of HypersurfaceCell
        Every cell, one per face of δ(f) of dimension ``>= 1``, sorted by
        decreasing dimension, then by dual face.
    n_regions : int
        Number of linear regions of ``f``: the vertices of δ(f), i.e. the
        terms attaining the maximum alone on an open set.
    subdivision : Subdivision
        δ(f), the dual subdivision.

    Equality compares the complexes (ambient dimension and cells as
    polyhedra), so ``f`` and ``f ⊙ c`` give equal hypersurfaces; ``hash``
    agrees with it.

    Examples
    --------
    ``max(2x, x + 1, 0)`` in one variable: two points, three regions.

    >>> from tropgeo.polynomial import TropicalPolynomial
    >>> T = tropical_hypersurface(TropicalPolynomial({(2,): 0, (1,): 1, (0,): 0}))
    >>> T
    TropicalHypersurface(n_vars=1, n_cells=2, n_regions=3)
    >>> T.vertices
    ((-1,), (1,))
    >>> T == tropical_hypersurface(TropicalPolynomial({(2,): 5, (1,): 6, (0,): 5}))
    True
    """

    polynomial: TropicalPolynomial
    cells: tuple[HypersurfaceCell, ...]
    n_regions: int
    subdivision: Subdivision = field(repr=False)
    _covers: tuple[tuple[int, int], ...] = field(repr=False)

    def __repr__(self) -> str:
        try:
            return (
                f"TropicalHypersurface(n_vars={self.n_vars}, n_cells={len(self.cells)}, n_regions={self.n_regions})"
            )
        except Exception:  # repr never raises
            return "TropicalHypersurface(<unprintable>)"

    @cached_property
    def _key(self) -> tuple[int, frozenset[tuple[tuple[Row, ...], tuple[Row, ...]]]]:
        return self.n_vars, frozenset((c.equations, c.inequalities) for c in self.cells)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TropicalHypersurface):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    @property
    def n_vars(self) -> int:
        """The ambient dimension ``d``.

        Examples
        --------
        >>> tropical_hypersurface(TropicalPolynomial({(1, 0, 0): 0, (0, 0, 0): 0})).n_vars
        3
        """
        return self.polynomial.n_vars

    @property
    def n_cells(self) -> int:
        """Number of cells (of every dimension).

        Examples
        --------
        The tropical line: one vertex and three rays.

        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))   # x ⊕ y ⊕ 0
        >>> T.n_cells
        4
        """
        return len(self.cells)

    @property
    def maximal_cells(self) -> tuple[HypersurfaceCell, ...]:
        """The cells of dimension ``d - 1``, dual to the edges of δ(f).

        Examples
        --------
        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))   # x ⊕ y ⊕ 0
        >>> [c.dim for c in T.maximal_cells]                                  # the three rays
        [1, 1, 1]
        """
        return tuple(c for c in self.cells if c.dim == self.n_vars - 1)

    @property
    def lineality(self) -> tuple[Direction, ...]:
        """A basis of the lineality space shared by all cells (empty when the Newton polytope is full-dimensional).

        Examples
        --------
        ``max(x, 0)`` in R^2 has the whole line ``x = 0`` as its hypersurface:

        >>> tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 0): 0})).lineality
        ((0, 1),)
        """
        return self.cells[0].lines if self.cells else ()

    def contains(self, x: Any) -> bool:
        """Whether ``x`` lies on ``T(f)``: ``f.is_on_hypersurface(x)``, the maximum attained twice.

        Equivalently, some maximal cell contains ``x`` (``x in T`` works too).

        Examples
        --------
        >>> from tropgeo.polynomial import TropicalPolynomial
        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))
        >>> T.contains((0, -5)), (1, 2) in T
        (True, False)
        """
        return self.polynomial.is_on_hypersurface(x)

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)

    # -- the 1-skeleton (in 2 variables: the whole tropical curve) ---------------------------
    @property
    def vertices(self) -> tuple[Point, ...]:
        """The 0-dimensional cells, sorted (dual to the maximal cells of a full-dimensional δ(f)).

        Examples
        --------
        ``max(0, x, y, x + y - 1)``: three terms tie at the origin and at ``(1, 1)``.

        >>> T = tropical_hypersurface(TropicalPolynomial({(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): -1}))
        >>> T.vertices
        ((0, 0), (1, 1))
        """
        return tuple(sorted(c.vertices[0] for c in self.cells if c.dim == 0))

    def _one_cells(self) -> list[HypersurfaceCell]:
        return [c for c in self.cells if c.dim == 1]

    @property
    def segments(self) -> tuple[tuple[Point, Point], ...]:
        """Bounded 1-cells as sorted end point pairs (in 2-D: dual to interior edges of δ(f)).

        Examples
        --------
        ``max(0, x, y, x + y - 1)``: the edge from ``(1, 0)`` to ``(0, 1)`` of the unit square is interior.

        >>> T = tropical_hypersurface(TropicalPolynomial({(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): -1}))
        >>> T.segments
        (((0, 0), (1, 1)),)
        """
        return tuple(sorted((c.vertices[0], c.vertices[1]) for c in self._one_cells() if c.is_bounded))

    @property
    def rays(self) -> tuple[tuple[Point, Direction], ...]:
        """1-cells ``base + t·direction, t >= 0`` as ``(base, primitive direction)``, sorted.

        In 2-D they are dual to the edges on the boundary of the Newton
        polygon, and the direction is the edge's outer normal.

        Examples
        --------
        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))   # x ⊕ y ⊕ 0
        >>> T.rays
        (((0, 0), (-1, 0)), ((0, 0), (0, -1)), ((0, 0), (1, 1)))
        """
        return tuple(sorted((c.vertices[0], c.rays[0]) for c in self._one_cells() if c.rays))

    @property
    def lines(self) -> tuple[tuple[Point, Direction], ...]:
        """1-cells that are whole lines as ``(point, primitive direction)``, sorted (in 2-D: the
        Newton polygon is a segment and ``T(f)`` is parallel lines).

        Examples
        --------
        ``max(2x, x + 1, 0)`` has tropical roots ``x = -1`` and ``x = 1``:

        >>> T = tropical_hypersurface(TropicalPolynomial({(2, 0): 0, (1, 0): 1, (0, 0): 0}))
        >>> T.lines
        (((-1, 0), (0, 1)), ((1, 0), (0, 1)))
        """
        return tuple(sorted((c.vertices[0], c.lines[0]) for c in self._one_cells() if c.lines))

    def graph(self) -> nx.Graph:
        """The face-incidence graph of the complex.

        One node per cell (the :class:`HypersurfaceCell` itself); an edge joins
        two cells when one is a facet of the other (their dual faces of δ(f)
        differ by one dimension, one inside the other).  In 2-D the nodes are
        the vertices and edges of the curve: a segment is adjacent to its two
        end points, a ray to its base point, a line to nothing.

        Examples
        --------
        >>> from tropgeo.polynomial import TropicalPolynomial
        >>> G = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})).graph()
        >>> G.number_of_nodes(), G.number_of_edges()
        (4, 3)
        >>> sorted(G.degree(c) for c in G)
        [1, 1, 1, 3]
        """
        g = nx.Graph()
        g.add_nodes_from(self.cells)
        g.add_edges_from((self.cells[i], self.cells[j]) for i, j in self._covers)
        return g

    def self_check(self) -> None:
        """Recheck every cell; raise :class:`~tropgeo.errors.CheckFailedError` on a mismatch.

        For each cell: cddlib's H-representation of ``conv(vertices) +
        cone(rays) + span(lines)`` equals the combinatorial one, the dimension
        matches the number of equations, and at the relative interior point
        exactly ``terms`` attain the maximum.  Also: the number of regions is
        the number of upper vertices of δ(f).

        Examples
        --------
        >>> from tropgeo.polynomial import TropicalPolynomial
        >>> tropical_hypersurface(TropicalPolynomial({(2, 0): 0, (1, 1): 1, (0, 2): 0, (0, 0): 2})).self_check()
        """
        d = self.n_vars
        for c in self.cells:
            gens = list(c.rays) + list(c.lines) + [tuple(-a for a in v) for v in c.lines]
            h = _cdd.h_representation(c.vertices, gens)
            if h != (c.equations, c.inequalities):
                raise CheckFailedError(f"cell {c!r}: cdd gives {h!r} from its V-representation")
            if d - len(c.equations) != c.dim:
                raise CheckFailedError(f"cell {c!r} has {len(c.equations)} equations in R^{d}")
            p = c.relative_interior_point
            if self.polynomial.argmax(p) != c.terms:
                raise CheckFailedError(
                    f"cell {c!r}: at {p!r} the terms {sorted(self.polynomial.argmax(p))} attain the maximum"
                )
        if self.n_regions != len(self.subdivision.upper_vertices):
            raise CheckFailedError(f"{self.n_regions} regions but δ(f) has {len(self.subdivision.upper_vertices)} vertices")


def tropical_hypersurface(
    f: TropicalPolynomial, *, max_cells: int = DEFAULT_MAX_CELLS, max_facets: int = DEFAULT_MAX_FACETS
) -> TropicalHypersurface:
    """``T(f)``: the exact polyhedral complex dual to ``dual_subdivision(f)``.

    Parameters
    ----------
    f : TropicalPolynomial
        Any number of variables; terms below the upper hull are allowed (they
        join the ``terms`` of the cells whose lifted face they lie on).
    max_cells : int
        Refuse with :class:`~tropgeo.errors.SizeLimitError` when the upper
        bound on the faces of δ(f) of dimension ``>= 1`` (one cell each),
        ``sum_j min(C(V, j+1), C(M, m+1-j))`` for ``V`` upper vertices, ``M``
        facets of the upper hull and an ``m``-dimensional Newton polytope,
        exceeds it.
    max_facets : int
        Checked earlier, before any facet enumeration: refuse when the upper bound
        theorem allows the lifted Newton polytope more facets than this (passed to
        :func:`~tropgeo.duality.dual_subdivision`).

    Returns
    -------
    TropicalHypersurface
        Empty (no cells, one region) for a single monomial or a constant.

    Examples
    --------
    A generic tropical conic: δ(f) is the unimodular triangulation of the
    triangle of size 2 (4 triangles, 9 edges), so ``T(f)`` has 4 vertices,
    3 bounded edges, 6 rays and 6 regions.

    >>> from tropgeo.polynomial import TropicalPolynomial
    >>> f = TropicalPolynomial({(0, 0): 0, (1, 0): -1, (0, 1): -1, (2, 0): -4, (1, 1): -3, (0, 2): -4})
    >>> T = tropical_hypersurface(f)
    >>> T.vertices
    ((1, 1), (2, 2), (2, 3), (3, 2))
    >>> T.segments
    (((1, 1), (2, 2)), ((2, 2), (2, 3)), ((2, 2), (3, 2)))
    >>> len(T.rays), T.n_regions, len(T.maximal_cells)
    (6, 6, 9)

    All exponents on a line: ``T(f)`` is parallel lines.

    >>> T = tropical_hypersurface(TropicalPolynomial({(0, 0): 0, (1, 1): 1, (2, 2): 0}))
    >>> T.lines, T.lineality
    ((((0, -1), (1, -1)), ((0, 1), (1, -1))), ((1, -1),))

    A single monomial has no hypersurface:

    >>> tropical_hypersurface(TropicalPolynomial({(1, 2): 3}))
    TropicalHypersurface(n_vars=2, n_cells=0, n_regions=1)
    >>> tropical_hypersurface(f, max_cells=10)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: δ(f) has up to 22 faces of dimension >= 1 (one cell of T(f) each: 6 upper vertices, 7 facets of the upper hull), more than max_cells=10; raise max_cells to go on
    """
    if not isinstance(f, TropicalPolynomial):
        raise InvalidInputError(f"f must be a TropicalPolynomial, got {type(f).__name__}")
    max_cells = as_int(max_cells, name="max_cells", minimum=1)
    d = f.n_vars
    sub = dual_subdivision(f, max_facets=max_facets)
    upper = list(sub.upper_vertices)
    if len(upper) == 1:
        return TropicalHypersurface(polynomial=f, cells=(), n_regions=1, subdivision=sub, _covers=())
    eqs, rows = _cdd.h_representation(upper, [(0,) * d + (-1,)])
    m = d - len(eqs)  # dimension of the Newton polytope; Q has dimension m + 1
    V, M = len(upper), len(rows)
    estimate = sum(min(comb(V, j + 1), comb(M, m + 1 - j)) for j in range(1, m + 1))
    if m == 1:
        estimate = min(estimate, V - 1)  # a subdivided segment: V - 1 edges
    elif m == 2:
        # a subdivided polygon is a planar graph: by Euler's formula at most 3V - 6 edges and
        # 2V - 5 bounded faces
        estimate = min(estimate, 5 * V)
    if estimate > max_cells:
        raise SizeLimitError(
            f"δ(f) has up to {estimate} faces of dimension >= 1 (one cell of T(f) each: {V} upper vertices, "
            f"{M} facets of the upper hull), more than max_cells={max_cells}; raise max_cells to go on"
        )
    facet_masks = [sum(1 << k for k, u in enumerate(upper) if _value(r, u) == 0) for r in rows]
    upper_rows = [i for i, r in enumerate(rows) if r[-1] < 0]
    faces, cover_masks = bounded_faces(facet_masks, upper_rows, m)
    # cells of T(f) from the upper facets (vertices), vertical facets (rays), equations (lines)
    facet_vertex = {
        i: tuple(_canon(Fraction(-a, -rows[i][-1])) for a in rows[i][1:-1]) for i in upper_rows
    }
    lines = tuple(_primitive([Fraction(a) for a in r[1:-1]]) for r in eqs)
    exponent = {e + (c,): e for e, c in f.terms}
    cofaces: dict[int, list[int]] = {}
    for F, G in cover_masks:
        cofaces.setdefault(F, []).append(G)
    built: dict[int, HypersurfaceCell] = {}
    for F, k in faces.items():
        verts = [upper[i] for i in bits(F)]
        on = [i for i, h in enumerate(facet_masks) if h & F == F]
        e0 = verts[0]
        eq_rows = independent_rows(
            [[Fraction(v[-1] - e0[-1])] + [Fraction(a - b) for a, b in zip(v[:-1], e0[:-1])] for v in verts[1:]]
        )
        ineq_rows = []
        for G in cofaces.get(F, ()):
            g = upper[bits(G & ~F)[0]]
            ineq_rows.append([Fraction(e0[-1] - g[-1])] + [Fraction(a - b) for a, b in zip(e0[:-1], g[:-1])])
        c_eqs, c_ineqs = canonical_rows(eq_rows, ineq_rows)
        built[F] = HypersurfaceCell(
            dim=d - k,
            terms=frozenset(e for e, c in f.terms if all(_value(rows[i], e + (c,)) == 0 for i in on)),
            dual_face=frozenset(exponent[v] for v in verts),
            equations=c_eqs,
            inequalities=c_ineqs,
            vertices=tuple(sorted(facet_vertex[i] for i in on if i in facet_vertex)),
            rays=tuple(sorted(_primitive([Fraction(-a) for a in rows[i][1:-1]]) for i in on if rows[i][-1] == 0)),
            lines=lines,
        )
    order = sorted(built, key=lambda F: (-built[F].dim, sorted(built[F].dual_face)))
    index = {F: n for n, F in enumerate(order)}
    return TropicalHypersurface(
        polynomial=f,
        cells=tuple(built[F] for F in order),
        n_regions=V,
        subdivision=sub,
        _covers=tuple(sorted((index[F], index[G]) for F, G in cover_masks)),
    )
