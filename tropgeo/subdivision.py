"""Regular subdivisions from upper hulls (max-plus convention).

Lift each point ``p_i`` to ``(p_i, h_i)``.  The *upper hull* is the set of
upper faces of the lifted polytope: the bounded faces of
``conv{(p_i, h_i)} + cone(-e_{d+1})`` that a downward ray cannot leave.  Its
facets, projected by dropping the height, are the maximal cells of the regular
subdivision; for a tropical polynomial ``f = max_i (h_i + p_i . x)`` this is
the dual subdivision ``delta(f)`` of the paper (Section 2, Definition 7).

A point given several times keeps its largest height (tropical addition is
``max``).

Examples
--------
>>> S = regular_subdivision([(0, 0), (1, 0), (0, 1), (1, 1)], [0, 0, 0, 1])
>>> sorted(sorted(c) for c in S.cells)
[[(0, 0), (0, 1), (1, 1)], [(0, 0), (1, 0), (1, 1)]]
>>> S.n_cells, S.dim
(2, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from tropgeo import _cdd
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact, as_exact_matrix, as_exact_vector, as_int
from tropgeo.polytope import (
    DEFAULT_MAX_FACETS,
    Polytope,
    affine_dimension,
    convex_hull,
    max_facet_count,
    upper_face_indices,
)

__all__ = ["Subdivision", "regular_subdivision", "upper_hull_vertices"]

Point = tuple[Exact, ...]
Cell = frozenset[Point]


def _max_heights(points: Any, heights: Any) -> tuple[dict[Point, Exact], dict[Point, int]]:
    """Validate; map each distinct point to its max height and to the first index attaining it."""
    pts = as_exact_matrix(points, name="points")
    hs = as_exact_vector(heights, name="heights")
    if len(pts[0]) == 0:
        raise InvalidInputError("points must be points of R^d with d >= 1, got points of length 0")
    if len(hs) != len(pts):
        raise InvalidInputError(f"heights has length {len(hs)} but there are {len(pts)} points")
    best: dict[Point, Exact] = {}
    where: dict[Point, int] = {}
    for i, (p, h) in enumerate(zip(pts, hs)):
        if p not in best or h > best[p]:
            best[p], where[p] = h, i
    return best, where


def _upper_vertex_points(best: dict[Point, Exact], max_facets: int = _cdd.FILTER_MAX_FACETS) -> list[Point]:
    """The points whose lifts are upper vertices: cddlib's redundancy LPs, after an interior
    filter whose facet enumeration is kept to hulls with at most ``max_facets`` facets (so a
    caller's facet limit also bounds this step)."""
    pts = sorted(best)
    d = len(pts[0])
    lifted = [p + (best[p],) for p in pts]
    keep = _cdd.vertex_indices(
        lifted, rays=[(0,) * d + (-1,)], max_filter_facets=min(max_facets, _cdd.FILTER_MAX_FACETS)
    )
    return [pts[i] for i in keep]


def upper_hull_vertices(points: Any, heights: Any) -> tuple[int, ...]:
    """Indices of the points whose lifts are vertices of the upper hull.

    Parameters
    ----------
    points : sequence of sequences of int or Fraction
        Points of R^d, d >= 1, at least one; repetitions allowed.
    heights : sequence of int or Fraction
        One height per point.  For a repeated point only its largest height
        counts, and the index returned is the first one carrying that height.

    Returns
    -------
    tuple of int
        Sorted indices into ``points``: the vertices of
        ``conv{(p_i, h_i)} + cone(-e_{d+1})``.

    Examples
    --------
    >>> upper_hull_vertices([(0,), (1,), (2,), (1,)], [0, 0, 0, 5])
    (0, 2, 3)
    >>> upper_hull_vertices([(0,), (1,), (2,)], [0, 1, 2])
    (0, 2)
    """
    best, where = _max_heights(points, heights)
    return tuple(sorted(where[p] for p in _upper_vertex_points(best)))


@dataclass(frozen=True, eq=False)
class Subdivision:
    """A regular subdivision of a finite point set (build with :func:`regular_subdivision`).

    Attributes
    ----------
    points : tuple of tuple
        The distinct points, sorted.
    heights : tuple
        The (maximal) height of each point, aligned with ``points``.
    upper_vertices : tuple of tuple
        Sorted lifted points ``p + (h,)`` that are vertices of the upper hull.
    cells : frozenset of frozenset of tuple
        The maximal cells, each as the set of its vertices (unlifted points).

    Equality and hashing compare the point set and the cells (the
    subdivision as a mathematical object), not the heights.

    Examples
    --------
    Lifting the midpoint ``(1, 1)`` of the hypotenuse of the triangle
    ``(0, 0), (2, 0), (0, 2)`` cuts it into two triangles:

    >>> S = regular_subdivision([(0, 0), (2, 0), (0, 2), (1, 1)], [0, 0, 0, 1])
    >>> S
    Subdivision(points=((0, 0), (0, 2), (1, 1), (2, 0)), cells=[((0, 0), (0, 2), (1, 1)), ((0, 0), (1, 1), (2, 0))])
    >>> S.n_cells, S.dim, S.polytope
    (2, 2, Polytope(vertices=((0, 0), (0, 2), (2, 0))))
    >>> S.upper_vertices
    ((0, 0, 0), (0, 2, 0), (1, 1, 1), (2, 0, 0))

    Heights giving the same cells give equal subdivisions; heights that do
    not lift the middle point above the chord give a different one:

    >>> pts = [(0,), (1,), (2,)]
    >>> regular_subdivision(pts, [0, 1, 0]) == regular_subdivision(pts, [0, 5, 0])
    True
    >>> regular_subdivision(pts, [0, 1, 0]) == regular_subdivision(pts, [0, -1, 0])
    False
    """

    points: tuple[Point, ...]
    heights: tuple[Exact, ...] = field(repr=False)
    upper_vertices: tuple[Point, ...] = field(repr=False)
    cells: frozenset[Cell]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Subdivision):
            return NotImplemented
        return self.points == other.points and self.cells == other.cells

    def __hash__(self) -> int:
        return hash((self.points, self.cells))

    def __repr__(self) -> str:
        try:
            cells = sorted(tuple(sorted(c)) for c in self.cells)
            return f"Subdivision(points={self.points!r}, cells={cells!r})"
        except Exception:  # repr never raises
            return "Subdivision(<unprintable>)"

    @property
    def n_cells(self) -> int:
        """Number of maximal cells.

        Examples
        --------
        >>> square = [(0, 0), (1, 0), (0, 1), (1, 1)]
        >>> regular_subdivision(square, [0, 0, 0, 1]).n_cells     # lift (1, 1): two triangles
        2
        >>> regular_subdivision(square, [0, 0, 0, 0]).n_cells     # flat: the square itself
        1
        """
        return len(self.cells)

    @cached_property
    def dim(self) -> int:
        """Dimension of the subdivided polytope (and of every maximal cell).

        Examples
        --------
        >>> regular_subdivision([(0, 0), (1, 0), (0, 1), (1, 1)], [0, 0, 0, 1]).dim
        2
        """
        return affine_dimension(self.points)

    @cached_property
    def polytope(self) -> Polytope:
        """The subdivided polytope (the Newton polytope), ``convex_hull(points)``.

        Examples
        --------
        >>> regular_subdivision([(0, 0), (2, 0), (0, 2), (1, 1)], [0, 0, 0, 1]).polytope
        Polytope(vertices=((0, 0), (0, 2), (2, 0)))
        """
        return convex_hull(self.points, max_work=None)

    def graph(self) -> nx.Graph:
        """Adjacency of maximal cells: an edge when two cells share a face of codimension 1.

        Examples
        --------
        >>> S = regular_subdivision([(0,), (1,), (2,), (3,)], [0, 1, 1, 0])
        >>> G = S.graph()
        >>> G.number_of_nodes(), G.number_of_edges()
        (3, 2)
        """
        g = nx.Graph()
        cells = sorted(self.cells, key=lambda c: sorted(c))
        g.add_nodes_from(cells)
        for i, a in enumerate(cells):
            for b in cells[i + 1 :]:
                common = a & b
                if len(common) >= self.dim and affine_dimension(common) == self.dim - 1:
                    g.add_edge(a, b)
        return g


def regular_subdivision(points: Any, heights: Any, *, max_facets: int = DEFAULT_MAX_FACETS) -> Subdivision:
    """The regular subdivision of ``points`` induced by ``heights`` (upper hull).

    Parameters
    ----------
    points : sequence of sequences of int or Fraction
        Points of R^d, d >= 1, at least one; repetitions allowed (max height wins).
    heights : sequence of int or Fraction
        One height per point.
    max_facets : int
        The cells come from the facets of the lifted polyhedron ``conv(lifted upper
        vertices) + cone(-e_{d+1})``, an enumeration that can be exponential in ``d``.
        It is refused, before it starts, when the upper bound theorem allows that
        polyhedron (``V`` upper vertices, dimension ``k + 1`` for a ``k``-dimensional
        point set; projectively a polytope with ``V + 1`` vertices) more than this many
        facets.  The ``V`` upper vertices come first, from cddlib's redundancy LPs (the
        only facet enumeration there, a sound pre-filter, is held to this limit too).

    Returns
    -------
    Subdivision

    Raises
    ------
    SizeLimitError
        When the facet bound exceeds ``max_facets`` (the message gives the bound).

    Examples
    --------
    Equal heights give one cell, the whole polytope (the paper's ``x + y + 0``):

    >>> regular_subdivision([(1, 0), (0, 1), (0, 0)], [0, 0, 0])
    Subdivision(points=((0, 0), (0, 1), (1, 0)), cells=[((0, 0), (0, 1), (1, 0))])

    Points on a line: the cells are segments.

    >>> regular_subdivision([(0, 0), (1, 1), (2, 2)], [0, 1, 0]).n_cells
    2
    """
    max_facets = as_int(max_facets, name="max_facets", minimum=0)
    best, _ = _max_heights(points, heights)
    pts = tuple(sorted(best))
    hs = tuple(best[p] for p in pts)
    # The upper vertices come from LPs (and a filter held to max_facets), so the facet
    # bound below is checked before any facet enumeration that could exceed it.
    upper = _upper_vertex_points(best, max_facets)
    if len(upper) > 1:
        k = affine_dimension(upper)
        bound = max_facet_count(len(upper) + 1, k + 1)
        if bound > max_facets:
            raise SizeLimitError(
                f"the upper hull of {len(upper)} lifted points spanning dimension {k} may have up to {bound} "
                f"facets (upper bound theorem), more than max_facets={max_facets}; pass max_facets=... to "
                "raise the limit"
            )
    lifted = [p + (best[p],) for p in upper]
    cells = {frozenset(upper[i] for i in face) for face in upper_face_indices(lifted)}
    return Subdivision(
        points=pts,
        heights=hs,
        upper_vertices=tuple(sorted(lifted)),
        cells=frozenset(cells),
    )
