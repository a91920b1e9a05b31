"""One cell of a tropical hypersurface ``T(f)`` (see :mod:`tropgeo.hypersurface_complex`).

A cell is an exact polyhedron ``conv(vertices) + cone(rays) + span(lines)`` with its
canonical H-representation and the terms of ``f`` that attain the maximum on it.  Cells are
built by :func:`tropgeo.tropical_hypersurface`, never by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

from tropgeo._hrep import Row
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact_vector, canonical as _canon
from tropgeo.polynomial import Exponent

__all__ = ["HypersurfaceCell"]

Point = tuple[Exact, ...]
Direction = tuple[int, ...]


def _value(row: Sequence[Exact], p: Sequence[Exact]) -> Exact:
    return row[0] + sum(a * x for a, x in zip(row[1:], p) if a)


def _point_arg(x: Any, d: int) -> tuple[Exact, ...]:
    if isinstance(x, (Set, Mapping)):
        raise InvalidInputError(f"x={x!r} is a {type(x).__name__}, which has no order; give the coordinates as a tuple")
    p = as_exact_vector(x, name="x")
    if len(p) != d:
        raise InvalidInputError(f"x must have length {d} (the ambient dimension), got {len(p)}")
    return p


@dataclass(frozen=True)
class HypersurfaceCell:
    """One cell of ``T(f)``, dual to a face of δ(f) of dimension ``d - dim``.

    Built by :func:`tropical_hypersurface`, never by hand.

    Attributes
    ----------
    dim : int
        Dimension of the cell (``d - k`` for a face of δ(f) of dimension ``k``).
    terms : frozenset of exponent
        The exponents whose lifted points lie on the lifted face: exactly the
        terms attaining the maximum on the relative interior of the cell
        (terms that are not vertices of δ(f) included).
    dual_face : frozenset of exponent
        The vertices of the dual face of δ(f) (``terms`` restricted to them).
    equations : tuple of tuple of int
        Canonical rows ``(b, a_1, ..., a_d)`` with ``b + a · x == 0``: the affine hull.
    inequalities : tuple of tuple of int
        Canonical rows ``(b, a_1, ..., a_d)`` with ``b + a · x >= 0``, one per facet.
    vertices : tuple of point
        Sorted exact vertices.  With a nontrivial lineality space (a
        lower-dimensional Newton polytope) these are the canonical points of the
        minimal faces, zero in the pivot coordinates of the lineality basis.
    rays : tuple of tuple of int
        Sorted primitive integer directions of the extreme rays (zero in the
        pivot coordinates of the lineality basis).
    lines : tuple of tuple of int
        A basis of the lineality space (the same for every cell): row echelon
        form, primitive integer rows.

    The cell is ``conv(vertices) + cone(rays) + span(lines)``.

    Examples
    --------
    The cell of ``max(x, y, 0)`` where ``x`` and ``y`` tie above ``0``: the ray
    from the origin in direction ``(1, 1)``, dual to the edge from ``(1, 0)``
    to ``(0, 1)`` of the triangle.

    >>> from tropgeo import TropicalPolynomial, tropical_hypersurface
    >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))
    >>> cell = T.maximal_cells[2]
    >>> cell
    HypersurfaceCell(dim=1, terms=[(0, 1), (1, 0)], vertices=((0, 0),), rays=((1, 1),), lines=())
    >>> cell.equations, cell.inequalities         # x - y == 0, y >= 0 (canonical: reduced modulo x = y)
    (((0, 1, -1),), ((0, 0, 1),))
    """

    dim: int
    terms: frozenset[Exponent]
    dual_face: frozenset[Exponent]
    equations: tuple[Row, ...]
    inequalities: tuple[Row, ...]
    vertices: tuple[Point, ...]
    rays: tuple[Direction, ...]
    lines: tuple[Direction, ...]

    def __repr__(self) -> str:
        try:
            return (
                f"HypersurfaceCell(dim={self.dim}, terms={sorted(self.terms)!r}, vertices={self.vertices!r}, "
                f"rays={self.rays!r}, lines={self.lines!r})"
            )
        except Exception:  # repr never raises
            return "HypersurfaceCell(<unprintable>)"

    @property
    def ambient_dim(self) -> int:
        """Dimension ``d`` of the space R^d."""
        return len(self.vertices[0])

    @property
    def is_bounded(self) -> bool:
        """Whether the cell is a polytope (no rays, no lines)."""
        return not self.rays and not self.lines

    @cached_property
    def relative_interior_point(self) -> Point:
        """An exact point of the relative interior: the mean of the vertices plus the sum of the rays.

        Examples
        --------
        >>> from tropgeo import TropicalPolynomial, tropical_hypersurface
        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}))
        >>> [c.relative_interior_point for c in T.maximal_cells]
        [(-1, 0), (0, -1), (1, 1)]
        """
        n = len(self.vertices)
        return tuple(
            _canon(sum((Fraction(v[k]) for v in self.vertices), Fraction(0)) / n + sum(r[k] for r in self.rays))
            for k in range(self.ambient_dim)
        )

    def contains(self, x: Any) -> bool:
        """Whether the exact point ``x`` lies in the (closed) cell.

        Examples
        --------
        >>> from tropgeo import TropicalPolynomial, tropical_hypersurface
        >>> T = tropical_hypersurface(TropicalPolynomial({(1, 0): 0, (0, 0): 0}))   # max(x, 0)
        >>> cell, = T.cells
        >>> cell.equations, cell.contains((0, 7)), cell.contains((1, 0))
        (((0, 1, 0),), True, False)
        """
        p = _point_arg(x, self.ambient_dim)
        return all(_value(r, p) == 0 for r in self.equations) and all(_value(r, p) >= 0 for r in self.inequalities)
