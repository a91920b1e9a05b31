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
from tropgeo.polytope import Polytope, convex_hull
from tropgeo.subdivision import Subdivision, regular_subdivision

__all__ = ["newton_polytope", "lifted_polytope", "dual_subdivision"]


def _check(f: object) -> TropicalPolynomial:
    if not isinstance(f, TropicalPolynomial):
        raise InvalidInputError(f"f must be a TropicalPolynomial, got {type(f).__name__}")
    return f


def newton_polytope(f: TropicalPolynomial) -> Polytope:
    """Δ(f): the convex hull of the exponents (Definition 5)."""
    return convex_hull(_check(f).exponents)


def lifted_polytope(f: TropicalPolynomial) -> Polytope:
    """P(f): the convex hull of the lifted points ``(a_i, c_i)`` in R^(d+1)."""
    return convex_hull(_check(f).lifted_points())


def dual_subdivision(f: TropicalPolynomial) -> Subdivision:
    """δ(f): the regular subdivision of Δ(f) induced by the coefficients (upper faces of P(f))."""
    f = _check(f)
    return regular_subdivision(list(f.exponents), list(f.coefficients))
