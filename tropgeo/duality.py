"""Newton polytopes, lifted polytopes and dual subdivisions of tropical polynomials.

``dual_subdivision(f)`` is δ(f) of the paper (Section 2, Definition 7): the
projection of the upper faces of the lifted polytope
``P(f) = ConvHull{(a_i, c_i)}``.  Its maximal cells are dual to the vertices
of the tropical hypersurface's complex; its vertices (the terms on the upper
hull) are in bijection with the linear regions of ``f``.

Examples
--------
>>> from tropgeo.polynomial import TropicalPolynomial
>>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})    # x ⊕ y ⊕ 0
>>> newton_polytope(f).vertices
((0, 0), (0, 1), (1, 0))
>>> sorted(sorted(c) for c in dual_subdivision(f).cells)
[[(0, 0), (0, 1), (1, 0)]]
"""

from __future__ import annotations

from tropgeo.errors import InvalidInputError
from tropgeo.polynomial import TropicalPolynomial
from tropgeo.polytope import DEFAULT_MAX_FACETS, DEFAULT_MAX_HULL_WORK, Polytope, convex_hull
from tropgeo.subdivision import Subdivision, regular_subdivision

__all__ = ["newton_polytope", "lifted_polytope", "dual_subdivision"]


def _check(f: object) -> TropicalPolynomial:
    if not isinstance(f, TropicalPolynomial):
        raise InvalidInputError(f"f must be a TropicalPolynomial, got {type(f).__name__}")
    return f


def newton_polytope(f: TropicalPolynomial, *, max_work: int | None = DEFAULT_MAX_HULL_WORK) -> Polytope:
    """Δ(f): the convex hull of the exponents (Definition 5).

    Parameters
    ----------
    f : TropicalPolynomial
        Any number of variables; coefficients play no role.
    max_work : int or None
        Size guard of :func:`~tropgeo.polytope.convex_hull`.

    Returns
    -------
    Polytope
        ``convex_hull(f.exponents)`` in R^n, ``n = f.n_vars``.

    Examples
    --------
    ``x ⊕ y ⊕ 0`` has the standard triangle:

    >>> from tropgeo.polynomial import TropicalPolynomial as P
    >>> newton_polytope(P({(1, 0): 0, (0, 1): 0, (0, 0): 0})).vertices
    ((0, 0), (0, 1), (1, 0))

    The paper's Section 9 example ``(x ⊕ y ⊕ 0) ⊙ ((x ⊙ -1) ⊕ (y ⊙ 1) ⊕ 0)``
    has six terms, but the interior exponents ``(1, 0), (0, 1), (1, 1)`` are
    not vertices: Δ(f) is the triangle doubled (Δ(g ⊙ h) = Δ(g) + Δ(h)).

    >>> f = P({(1, 0): 0, (0, 1): 0, (0, 0): 0}) * P({(1, 0): -1, (0, 1): 1, (0, 0): 0})
    >>> f.n_terms, newton_polytope(f).vertices
    (6, ((0, 0), (0, 2), (2, 0)))
    >>> newton_polytope([(1, 0)])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: f must be a TropicalPolynomial, got list
    """
    return convex_hull(_check(f).exponents, max_work=max_work)


def lifted_polytope(f: TropicalPolynomial, *, max_work: int | None = DEFAULT_MAX_HULL_WORK) -> Polytope:
    """P(f): the convex hull of the lifted points ``(a_i, c_i)`` in R^(d+1).

    Parameters
    ----------
    f : TropicalPolynomial
        In ``d`` variables.

    Returns
    -------
    Polytope
        In R^(d+1); the last coordinate of each vertex is a coefficient.

    Examples
    --------
    In one variable, ``x^2 ⊕ (-1)⊙x ⊕ 0`` lifts to ``(0, 0), (1, -1), (2, 0)``;
    the middle point lies below the chord, but it is still a (lower) vertex
    of P(f):

    >>> from tropgeo.polynomial import TropicalPolynomial as P
    >>> lifted_polytope(P({(2,): 0, (1,): -1, (0,): 0})).vertices
    ((0, 0), (1, -1), (2, 0))

    The Section 9 example: six lifted points, all vertices, and three upper
    faces (the square at height ``y`` and two triangles).

    >>> f = P({(1, 0): 0, (0, 1): 0, (0, 0): 0}) * P({(1, 0): -1, (0, 1): 1, (0, 0): 0})
    >>> L = lifted_polytope(f)
    >>> L.vertices
    ((0, 0, 0), (0, 1, 1), (0, 2, 1), (1, 0, 0), (1, 1, 1), (2, 0, -1))
    >>> L.dim, len(L.upper_faces)
    (3, 3)
    """
    return convex_hull(_check(f).lifted_points(), max_work=max_work)


def dual_subdivision(f: TropicalPolynomial, *, max_facets: int = DEFAULT_MAX_FACETS) -> Subdivision:
    """δ(f): the regular subdivision of Δ(f) induced by the coefficients (upper faces of P(f)).

    Parameters
    ----------
    f : TropicalPolynomial
        Any number of variables.
    max_facets : int
        Refuse before the facet enumeration of the lifted Newton polytope when the upper
        bound theorem allows more facets (see :func:`~tropgeo.subdivision.regular_subdivision`).

    Returns
    -------
    Subdivision
        Its ``points`` are the exponents of ``f``; its vertices (the points
        of ``upper_vertices``) are the terms that attain the maximum on an
        open set, one per linear region of ``f``.

    Raises
    ------
    SizeLimitError
        When the facet bound exceeds ``max_facets``.

    Examples
    --------
    In one variable: ``x^2 ⊕ 1⊙x ⊕ 0`` has its middle term above the chord,
    so [0, 2] is cut at 1 (breakpoints of ``f`` at ``x = -1`` and ``x = 1``);
    for ``x^2 ⊕ (-1)⊙x ⊕ 0`` the middle term never wins and [0, 2] is one cell.

    >>> from tropgeo.polynomial import TropicalPolynomial as P
    >>> dual_subdivision(P({(2,): 0, (1,): 1, (0,): 0}))
    Subdivision(points=((0,), (1,), (2,)), cells=[((0,), (1,)), ((1,), (2,))])
    >>> dual_subdivision(P({(2,): 0, (1,): -1, (0,): 0}))
    Subdivision(points=((0,), (1,), (2,)), cells=[((0,), (2,))])

    The Section 9 example (docs/theorem2.md): exactly, the unit square is one
    flat upper face, so δ(f) has three cells, not the paper's four triangles;
    all six terms are upper vertices (six linear regions, as in Figure 1).

    >>> f = P({(1, 0): 0, (0, 1): 0, (0, 0): 0}) * P({(1, 0): -1, (0, 1): 1, (0, 0): 0})
    >>> S = dual_subdivision(f)
    >>> for cell in sorted(sorted(c) for c in S.cells):
    ...     print(cell)
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    [(0, 1), (0, 2), (1, 1)]
    [(1, 0), (1, 1), (2, 0)]
    >>> S.n_cells, len(S.upper_vertices)
    (3, 6)
    """
    f = _check(f)
    return regular_subdivision(list(f.exponents), list(f.coefficients), max_facets=max_facets)
