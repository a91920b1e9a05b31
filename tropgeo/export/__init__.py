"""Export and re-check: exact polytopes as cddlib ``.ext`` / ``.ine`` text and as JSON.

Every number is written exactly, as an integer ``p`` or a fraction ``p/q``, so that
another exact tool (cddlib's ``scdd_gmp``, polymake, Sage, a hand check) can re-check a
result.  Reading validates: headers, column counts and every number token are checked
(decimals, exponents, ``nan`` and ``inf`` are refused, never rounded), an ``.ine`` is
turned into vertices by cddlib's exact (GMP) vertex enumeration, and unbounded or empty
input is refused with an :class:`~tropgeo.errors.InvalidInputError` that names the line.

Formats
-------
``.ext``
    cddlib's V-representation: rows ``1 v_1 ... v_d``, one per vertex.
``.ine``
    cddlib's H-representation: rows ``b -a_1 ... -a_d`` for ``b - a . x >= 0``, i.e. exactly
    the rows ``(b, a_1, ..., a_d)`` of :attr:`Polytope.inequalities
    <tropgeo.polytope.Polytope.inequalities>` (``b + a . x >= 0``); the equations of the
    affine hull come first and are named on a ``linearity k 1 ... k`` line before ``begin``.
``.json``
    An object with ``"format": "tropgeo-polytope/1"``, the ambient and affine dimension, the
    vertices and both parts of the H-representation, every number a string ``"p"`` or
    ``"p/q"``.

Files written by tropgeo start with ``* tropgeo-polytope/1`` (a cddlib comment) or
``{"format": "tropgeo-polytope/1"``; :func:`write_polytope` overwrites only files that
parse completely as such (a matching first line is not enough) unless told
``overwrite=True``.  :func:`read_polytope` reads regular files only, of at most
``max_bytes`` (64 MiB by default).

Examples
--------
>>> from tropgeo import convex_hull
>>> P = convex_hull([(0, 0), (2, 0), (0, 1)])
>>> print(to_ext(P), end="")
* tropgeo-polytope/1
V-representation
begin
3 3 rational
1 0 0
1 0 1
1 2 0
end
>>> print(to_ine(P), end="")
* tropgeo-polytope/1
H-representation
begin
3 3 rational
0 0 1
0 1 0
2 -1 -2
end
>>> from_ext(to_ext(P)) == from_ine(to_ine(P)) == from_json(to_json(P)) == P
True
"""

from __future__ import annotations

from tropgeo.export._numbers import JSON_FORMAT, PolytopeLike
from tropgeo.export.cdd_format import from_ext, from_ine, to_ext, to_ine
from tropgeo.export.files import PathLike, read_polytope, write_polytope
from tropgeo.export.json_format import from_json, to_json

__all__ = [
    "JSON_FORMAT",
    "to_ext",
    "from_ext",
    "to_ine",
    "from_ine",
    "to_json",
    "from_json",
    "write_polytope",
    "read_polytope",
]
