"""Face lattice helpers of :func:`tropgeo.tropical_hypersurface`: bounded faces of the upper
hull from vertex-facet incidence bit masks, and independent equation rows."""

from __future__ import annotations

from fractions import Fraction

__all__ = ["bits", "independent_rows", "bounded_faces"]


def bits(mask: int) -> list[int]:
    out = []
    i = 0
    while mask:
        if mask & 1:
            out.append(i)
        mask >>= 1
        i += 1
    return out


def independent_rows(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """A maximal subset of ``rows`` with linearly independent ``a`` parts (columns 1..)."""
    basis: list[tuple[int, list[Fraction]]] = []
    keep = []
    for row in rows:
        w = list(row)
        for piv, b in basis:
            if w[piv] != 0:
                f = w[piv] / b[piv]
                w = [x - f * y for x, y in zip(w, b)]
        col = next((k for k in range(1, len(w)) if w[k] != 0), None)
        if col is not None:
            basis.append((col, w))
            keep.append(row)
    return keep


def bounded_faces(facet_masks: list[int], upper: list[int], top_dim: int) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Bounded faces of dimension >= 1 of Q and the covering pairs among them.

    A face ``G`` of dimension ``>= 2`` has as facets the inclusion-maximal
    sets ``G ∩ H`` over the facets ``H`` of ``Q`` with ``∅ != G ∩ H != G``
    (every facet of ``G`` is such an intersection, and each intersection is a
    proper face of ``G``).  Faces are bit masks over the upper vertices.
    """
    level = {facet_masks[i] for i in upper}
    faces = {mask: top_dim for mask in level}
    covers: list[tuple[int, int]] = []
    dim = top_dim
    while dim >= 2:
        nxt: set[int] = set()
        for G in level:
            cands = {G & h for h in facet_masks if 0 != G & h != G}
            for F in cands:
                if not any(F != o and F & o == F for o in cands):
                    covers.append((F, G))
                    nxt.add(F)
        dim -= 1
        for F in nxt:
            faces[F] = dim
        level = nxt
    return faces, covers
