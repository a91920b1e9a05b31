"""Exact convex polytopes: canonical V-representation, H-representation on demand.

A :class:`Polytope` is an immutable value: its vertices, sorted and unique, as
tuples of canonical exact numbers (``int`` when integral, else ``Fraction``).
``==`` and ``hash`` are therefore equality of sets, the mathematical equality.
Lower-dimensional polytopes (a point, a segment in R^3, ...) are ordinary
values.  Build them with :func:`convex_hull` or :func:`minkowski_sum`.

Examples
--------
>>> from fractions import Fraction
>>> P = convex_hull([(0, 0), (1, 0), (0, 1), (1, 1), (Fraction(1, 2), Fraction(1, 2))])
>>> P
Polytope(vertices=((0, 0), (0, 1), (1, 0), (1, 1)))
>>> P.dim, P.n_vertices, P.contains((Fraction(1, 3), 1))
(2, 4, True)
>>> P.inequalities
((0, 0, 1), (0, 1, 0), (1, -1, 0), (1, 0, -1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

import networkx as nx

from tropgeo import _cdd
from tropgeo._hrep import max_facet_count
from tropgeo._hull_kernels import affine_dimension
from tropgeo.errors import CheckFailedError, InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact, as_exact_matrix, as_exact_vector, as_int, canonical as _canon

__all__ = ["Polytope", "convex_hull", "minkowski_sum", "affine_dimension", "upper_face_indices", "max_facet_count", "DEFAULT_MAX_FACETS"]

Point = tuple[Exact, ...]


DEFAULT_MAX_FACETS = 10**6  # Polytope.h_representation refuses beyond this many possible facets


def _dot(a: Sequence[Exact], b: Sequence[Exact]) -> Exact:
    return _canon(sum((x * y for x, y in zip(a, b)), 0))


@dataclass(frozen=True)
class Polytope:
    """A convex polytope given by its vertices (canonical, exact).

    Prefer the factories :func:`convex_hull` and :func:`minkowski_sum`.  The
    constructor checks the canonical form (sorted, unique, exact, equal
    lengths) and, exactly, that every point is a vertex: a ``Polytope`` never
    holds a point that is not a vertex.

    Attributes
    ----------
    vertices : tuple of tuple of int or Fraction
        The vertices, sorted lexicographically, without repetition.

    Examples
    --------
    >>> S = convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6)])
    >>> S.vertices, S.dim, S.ambient_dim
    (((0, 0, 0), (2, 4, 6)), 1, 3)
    >>> S.equations
    ((0, 0, 3, -2), (0, 3, 0, -1))
    >>> S.inequalities
    ((0, 0, 0, 1), (6, 0, 0, -1))
    >>> S.face((0, 0, 1))
    Polytope(vertices=((2, 4, 6),))
    """

    vertices: tuple[Point, ...]

    def __post_init__(self) -> None:
        v = self.vertices
        if not isinstance(v, tuple) or not v or not all(isinstance(p, tuple) for p in v):
            raise InvalidInputError(f"vertices must be a nonempty tuple of tuples, got {v!r}")
        d = len(v[0])
        if d == 0 or any(len(p) != d for p in v):
            raise InvalidInputError(f"vertices must have one common length >= 1, got {v!r}")
        if any(type(x) not in (int, Fraction) or (type(x) is Fraction and x.denominator == 1) for p in v for x in p):
            raise InvalidInputError("vertices must hold canonical exact numbers (int, or non-integral Fraction)")
        if any(a >= b for a, b in zip(v, v[1:])):
            raise InvalidInputError("vertices must be sorted and unique; build polytopes with convex_hull(...)")
        if len(v) > 1:
            keep = _cdd.vertex_indices(v)
            if len(keep) != len(v):
                bad = next(p for i, p in enumerate(v) if i not in set(keep))
                raise InvalidInputError(
                    f"vertices: {bad!r} is not a vertex of the convex hull of the others; "
                    "build polytopes with convex_hull(points)"
                )

    def __repr__(self) -> str:
        try:
            return f"Polytope(vertices={self.vertices!r})"
        except Exception:  # repr never raises
            return "Polytope(<unprintable>)"

    @property
    def ambient_dim(self) -> int:
        """Dimension d of the space R^d the polytope lives in.

        Examples
        --------
        >>> T = convex_hull([(0, 0, 1), (1, 0, 1), (0, 1, 1)])     # a triangle in R^3
        >>> T.ambient_dim, T.dim
        (3, 2)
        """
        return len(self.vertices[0])

    @property
    def n_vertices(self) -> int:
        """Number of vertices.

        Examples
        --------
        >>> half = Fraction(1, 2)
        >>> convex_hull([(0, 0), (1, 0), (0, 1), (1, 1), (half, half)]).n_vertices   # centre is no vertex
        4
        """
        return len(self.vertices)

    @cached_property
    def dim(self) -> int:
        """Affine dimension (0 for a point, ``ambient_dim`` when full-dimensional).

        Examples
        --------
        >>> convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6)]).dim, convex_hull([(5, 5)]).dim
        (1, 0)
        """
        return affine_dimension(self.vertices)

    @cached_property
    def _h_rep(self) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
        return self.h_representation()

    def h_representation(
        self, *, max_facets: int = DEFAULT_MAX_FACETS
    ) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
        """``(equations, inequalities)``, as :attr:`equations` and :attr:`inequalities`.

        The facet enumeration can be exponential (the cross-polytope in R^d has ``2^d``
        facets from ``2d`` vertices), so it is refused, before cddlib starts, when the
        upper bound theorem allows more than ``max_facets`` facets.  The result is cached:
        after a call with a raised limit the properties use it.

        Examples
        --------
        >>> cross = convex_hull([tuple(s * (k == j) for j in range(4)) for k in range(4) for s in (1, -1)])
        >>> len(cross.h_representation()[1])
        16
        >>> cube = convex_hull([(a, b, c, d) for a in (0, 1) for b in (0, 1) for c in (0, 1) for d in (0, 1)])
        >>> cube.h_representation(max_facets=10)
        Traceback (most recent call last):
        ...
        tropgeo.errors.SizeLimitError: a 4-dimensional polytope with 16 vertices may have up to 104 facets (upper bound theorem), more than max_facets=10; call h_representation(max_facets=...) to raise the limit
        """
        if "_h_rep" in self.__dict__:
            return self.__dict__["_h_rep"]  # type: ignore[no-any-return]
        max_facets = as_int(max_facets, name="max_facets", minimum=0)
        bound = max_facet_count(self.n_vertices, self.dim)
        if bound > max_facets:
            raise SizeLimitError(
                f"a {self.dim}-dimensional polytope with {self.n_vertices} vertices may have up to "
                f"{bound} facets (upper bound theorem), more than max_facets={max_facets}; "
                "call h_representation(max_facets=...) to raise the limit"
            )
        result = _cdd.h_representation(self.vertices)
        self.__dict__["_h_rep"] = result
        return result

    @property
    def equations(self) -> tuple[tuple[int, ...], ...]:
        """Affine hull: canonical rows ``(b, a_1, ..., a_d)`` with ``b + a . x == 0``.

        Reduced row echelon form on ``a``, scaled to primitive integers, sorted.

        Examples
        --------
        >>> T = convex_hull([(0, 0, 1), (1, 0, 1), (0, 1, 1)])     # in the plane z = 1
        >>> T.equations                                            # -1 + z == 0
        ((-1, 0, 0, 1),)
        """
        return self._h_rep[0]

    @property
    def inequalities(self) -> tuple[tuple[int, ...], ...]:
        """Facets: canonical rows ``(b, a_1, ..., a_d)`` with ``b + a . x >= 0``.

        One row per facet, reduced modulo :attr:`equations` (zero in their pivot
        columns), scaled to primitive integers, sorted.

        Examples
        --------
        The unit square is ``y >= 0``, ``x >= 0``, ``1 - x >= 0``, ``1 - y >= 0``:

        >>> convex_hull([(0, 0), (1, 0), (0, 1), (1, 1)]).inequalities
        ((0, 0, 1), (0, 1, 0), (1, -1, 0), (1, 0, -1))
        """
        return self._h_rep[1]

    @cached_property
    def upper_faces(self) -> tuple[tuple[Point, ...], ...]:
        """The maximal upper faces with respect to the last coordinate.

        A face is *upper* when some direction with a positive last coordinate
        is maximised exactly on it; the maximal ones are the facets of
        ``P + cone(-e_d)`` that are not vertical.  Each face is the sorted tuple
        of its vertices; faces are sorted.  For lifted points ``(a_i, c_i)``
        these are the cells of the regular subdivision dual to ``max_i c_i + a_i x``.

        Examples
        --------
        >>> P = convex_hull([(0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 1)])
        >>> P.upper_faces          # the upper hull folds along the diagonal through (1, 1, 1)
        (((0, 0, 0), (0, 1, 0), (1, 1, 1)), ((0, 0, 0), (1, 0, 0), (1, 1, 1)))
        >>> convex_hull([(0, 0), (1, 1), (2, 0)]).upper_faces
        (((0, 0), (1, 1)), ((1, 1), (2, 0)))
        """
        faces = upper_face_indices(self.vertices)
        return tuple(sorted(tuple(self.vertices[i] for i in sorted(f)) for f in faces))

    @property
    def n_facets(self) -> int:
        """Number of facets (faces of dimension ``dim - 1``).

        Examples
        --------
        >>> convex_hull([(0, 0), (1, 0), (0, 1), (1, 1)]).n_facets          # the unit square
        4
        >>> convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6)]).n_facets         # a segment: 2 end points
        2
        """
        return len(self.inequalities)

    def edge_graph(self) -> nx.Graph:
        """The graph of the polytope: its vertices, joined when they span an edge.

        Computed exactly from the vertex-facet incidences, with the standard
        combinatorial test: the smallest face containing vertices ``u`` and
        ``v`` is cut out by the facets containing both, so ``{u, v}`` is an
        edge iff no third vertex lies on all of those facets.  (A segment's
        two vertices lie on no common facet and form its one edge; a point
        has no edge.)

        Returns
        -------
        networkx.Graph
            Nodes are the vertices (tuples), one edge per edge of the polytope.

        Examples
        --------
        >>> cube = convex_hull([(x, y, z) for x in (0, 1) for y in (0, 1) for z in (0, 1)])
        >>> G = cube.edge_graph()
        >>> G.number_of_nodes(), G.number_of_edges(), {d for _, d in G.degree}
        (8, 12, {3})
        >>> sorted(convex_hull([(0, 0), (2, 0), (0, 2), (1, 1)]).edge_graph().edges)
        [((0, 0), (0, 2)), ((0, 0), (2, 0)), ((0, 2), (2, 0))]
        """
        g = nx.Graph()
        verts = self.vertices
        g.add_nodes_from(verts)
        if len(verts) == 2:
            g.add_edge(*verts)
        if len(verts) <= 2:
            return g
        ineqs = self.inequalities
        masks = [sum(1 << i for i, r in enumerate(ineqs) if r[0] + _dot(r[1:], v) == 0) for v in verts]
        need = self.dim - 1  # an edge of a k-polytope lies on at least k - 1 facets
        n = len(verts)
        for a in range(n):
            for b in range(a + 1, n):
                common = masks[a] & masks[b]
                if bin(common).count("1") < need:
                    continue
                if any(masks[w] & common == common for w in range(n) if w != a and w != b):
                    continue
                g.add_edge(verts[a], verts[b])
        return g

    def contains(self, x: Any) -> bool:
        """Whether the point ``x`` lies in the polytope (exact).

        Examples
        --------
        >>> T = convex_hull([(0, 0), (2, 0), (0, 2)])
        >>> T.contains((1, 1)), T.contains((1, 2))
        (True, False)
        """
        p = as_exact_vector(x, name="x")
        if len(p) != self.ambient_dim:
            raise InvalidInputError(f"x has length {len(p)}, the polytope lives in R^{self.ambient_dim}")
        return all(r[0] + _dot(r[1:], p) == 0 for r in self.equations) and all(
            r[0] + _dot(r[1:], p) >= 0 for r in self.inequalities
        )

    def _direction(self, direction: Any) -> tuple[Exact, ...]:
        c = as_exact_vector(direction, name="direction")
        if len(c) != self.ambient_dim:
            raise InvalidInputError(
                f"direction has length {len(c)}, the polytope lives in R^{self.ambient_dim}"
            )
        return c

    def support(self, direction: Any) -> Exact:
        """Support function ``h(c) = max over the polytope of c . x`` (exact).

        Examples
        --------
        >>> convex_hull([(0, 0), (2, 0), (0, 3)]).support((1, 1))
        3
        """
        c = self._direction(direction)
        return max(_dot(c, v) for v in self.vertices)

    def face(self, direction: Any) -> "Polytope":
        """The face on which ``c . x`` is maximal (the whole polytope for ``c = 0``).

        Examples
        --------
        >>> convex_hull([(0, 0), (1, 0), (0, 1), (1, 1)]).face((1, 0))
        Polytope(vertices=((1, 0), (1, 1)))
        """
        c = self._direction(direction)
        vals = [_dot(c, v) for v in self.vertices]
        m = max(vals)
        return _from_vertices(tuple(v for v, h in zip(self.vertices, vals) if h == m))

    def self_check(self) -> None:
        """V -> H -> V round trip; raise :class:`CheckFailedError` on any mismatch.

        Checks that every vertex satisfies the H-representation, that each
        facet inequality is tight on at least ``dim`` vertices, and that cdd's
        vertex enumeration of the H-representation returns exactly the vertices.

        Examples
        --------
        >>> convex_hull([(0, 0), (1, 0), (0, 1)]).self_check()
        """
        eqs, ineqs = self.equations, self.inequalities
        for v in self.vertices:
            if any(r[0] + _dot(r[1:], v) != 0 for r in eqs) or any(r[0] + _dot(r[1:], v) < 0 for r in ineqs):
                raise CheckFailedError(f"vertex {v!r} violates the H-representation")
        if len(eqs) != self.ambient_dim - self.dim:
            raise CheckFailedError(f"{len(eqs)} equations for a {self.dim}-polytope in R^{self.ambient_dim}")
        for r in ineqs:
            if sum(1 for v in self.vertices if r[0] + _dot(r[1:], v) == 0) < self.dim:
                raise CheckFailedError(f"inequality {r!r} is not a facet")
        pts, rays, lines = _cdd.v_representation(eqs, ineqs, self.ambient_dim, near=self.vertices[0])
        if rays or lines or pts != self.vertices:
            raise CheckFailedError(
                f"H -> V gave points {pts!r}, rays {rays!r}, lines {lines!r}; expected {self.vertices!r}"
            )


def upper_face_indices(points: Sequence[Point]) -> set[frozenset[int]]:
    """Index sets of the maximal upper faces of ``conv(points)`` (last coordinate up).

    ``points`` must be distinct.  The faces are the non-vertical facets of
    ``conv(points) + cone(-e_d)``; each is returned as the set of indices of
    the given points lying on it.

    Examples
    --------
    The lifted terms of ``max(0, 1 + x, 1 + 2x, x)``: two upper edges, and the term ``x``,
    lifted to ``(1, 0)`` below them, lies on none.

    >>> sorted(sorted(f) for f in upper_face_indices([(0, 0), (1, 1), (2, 1), (1, 0)]))
    [[0, 1], [1, 2]]
    """
    d = len(points[0])
    _, ineqs = _cdd.h_representation(points, rays=[(0,) * (d - 1) + (-1,)])
    faces = set()
    for r in ineqs:
        if r[-1] == 0:
            continue  # vertical facet
        faces.add(frozenset(i for i, q in enumerate(points) if r[0] + _dot(r[1:], q) == 0))
    return faces


def _points(points: Any, name: str) -> tuple[Point, ...]:
    pts = as_exact_matrix(points, name=name)
    if len(pts[0]) == 0:
        raise InvalidInputError(f"{name} must be points of R^d with d >= 1, got points of length 0")
    return pts


def _from_vertices(vertices: tuple[Point, ...]) -> Polytope:
    """A Polytope from points already known to be its sorted, canonical vertices (the
    factories' own results), without the constructor's vertex test."""
    P = object.__new__(Polytope)
    object.__setattr__(P, "vertices", vertices)
    return P


def _hull_of_distinct(pts: Sequence[Point]) -> Polytope:
    uniq = sorted(set(pts))
    keep = _cdd.vertex_indices(uniq)
    return _from_vertices(tuple(uniq[i] for i in keep))


DEFAULT_MAX_HULL_WORK = 5 * 10**7


def convex_hull(points: Any, *, max_work: int | None = DEFAULT_MAX_HULL_WORK) -> Polytope:
    """Convex hull of finitely many exact points of R^d (d >= 1).

    Parameters
    ----------
    points : sequence of sequences of int or Fraction
        At least one point; repetitions are fine.  Floats are refused.
    max_work : int or None
        Refuse, before calling cddlib, when the work estimate exceeds this: ``N^2 d`` for
        its exact redundancy removal (``N`` distinct points in ``R^d``; about 10^7 took 20 s
        here: the 10-cube), plus, from 64 points on, a sound interior filter whose facet
        enumeration is held to 2 000 facets (:func:`tropgeo._cdd.hull_work`); ``None``
        lifts the limit.  For zonotopes use
        :func:`tropgeo.convex_hull_of_zonotopes` or ``Zonotope.vertices`` instead.

    Returns
    -------
    Polytope

    Raises
    ------
    SizeLimitError
        When the work estimate exceeds ``max_work``.

    Examples
    --------
    >>> convex_hull([(0, 0), (4, 0), (0, 4), (1, 1), (0, 0)])
    Polytope(vertices=((0, 0), (0, 4), (4, 0)))
    >>> convex_hull([(0.5, 1)])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: points[0][0]=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    >>> convex_hull([])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: points must have at least one row, got none
    """
    pts = _points(points, "points")
    if max_work is not None:
        max_work = as_int(max_work, name="max_work", minimum=1)
        N, d = len(set(pts)), len(pts[0])
        work = _cdd.hull_work(N, d)
        if work > max_work:
            raise SizeLimitError(
                f"convex_hull of {N} distinct points in R^{d}: exact redundancy removal costs about "
                f"{work} (N^2 d = {N * N * d}, plus the interior filter from 64 points on), more than "
                f"max_work={max_work}; pass max_work=... (or None) to go on"
            )
    return _hull_of_distinct(pts)


def minkowski_sum(P: Any, Q: Any) -> Polytope:
    """Minkowski sum ``P + Q = {p + q}`` (exact).

    Every vertex of ``P + Q`` is ``v + w`` for vertices ``v`` of ``P`` and
    ``w`` of ``Q`` maximising a common direction; the sums are formed once and
    reduced to the irredundant ones.

    Examples
    --------
    >>> sq = minkowski_sum(convex_hull([(0, 0), (1, 0)]), convex_hull([(0, 0), (0, 1)]))
    >>> sq.vertices
    ((0, 0), (0, 1), (1, 0), (1, 1))

    Zonotopes are accepted; two of them add as one zonotope (generators joined, shifts added):

    >>> from tropgeo import zonotope
    >>> minkowski_sum(zonotope([[1, 0]]), zonotope([[0, 1]], shift=[1, 1])).vertices
    ((1, 1), (1, 2), (2, 1), (2, 2))
    """
    from tropgeo.zonotope import Zonotope, zonotope  # zonotope.py builds on this module

    if isinstance(P, Zonotope) and isinstance(Q, Zonotope) and P.ambient_dim == Q.ambient_dim:
        Z = zonotope(list(P.generators) + list(Q.generators), shift=[a + b for a, b in zip(P.shift, Q.shift)],
                     ambient_dim=P.ambient_dim)
        return _from_vertices(Z.vertices)
    P = _from_vertices(P.vertices) if isinstance(P, Zonotope) else P  # its vertices, exactly
    Q = _from_vertices(Q.vertices) if isinstance(Q, Zonotope) else Q
    for name, X in (("P", P), ("Q", Q)):
        if not isinstance(X, Polytope):
            raise InvalidInputError(f"{name} must be a Polytope or a Zonotope, got {type(X).__name__}")
    if P.ambient_dim != Q.ambient_dim:
        raise InvalidInputError(f"P lives in R^{P.ambient_dim} but Q in R^{Q.ambient_dim}")
    sums = {tuple(_canon(a + b) for a, b in zip(v, w)) for v in P.vertices for w in Q.vertices}
    if P.n_vertices == 1 or Q.n_vertices == 1:
        # A translate: every sum is a vertex.
        return _from_vertices(tuple(sorted(sums)))
    return _hull_of_distinct(list(sums))
