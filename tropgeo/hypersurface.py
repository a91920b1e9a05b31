"""Tropical curves in a box: the linear regions of a 2-variable polynomial and T(f).

For a tropical polynomial ``f`` in two variables and a box
``[x_lo, x_hi] x [y_lo, y_hi]`` with exact corners, the linear region of a
term ``c + a·x`` is the polygon where that term attains the maximum; it is
the box clipped by the half-planes ``c + a·x >= c' + a'·x`` of the other
terms, computed exactly.  ``T(f)`` inside the box is the union of the region
edges where two terms tie (edges on the box frame are not part of it).

Examples
--------
>>> from tropgeo.polynomial import TropicalPolynomial
>>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})     # x ⊕ y ⊕ 0
>>> curve = tropical_curve(f, box=((-2, 2), (-2, 2)))
>>> curve.n_regions
3
>>> sorted(curve.segments)
[((-2, 0), (0, 0)), ((0, -2), (0, 0)), ((0, 0), (2, 2))]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact, canonical as _canon
from tropgeo.polynomial import Exponent, TropicalPolynomial

__all__ = ["TropicalCurve", "tropical_curve"]

Point2 = tuple[Exact, Exact]
Segment = tuple[Point2, Point2]


def _clip(poly: list[tuple[Fraction, Fraction]], a: Fraction, b: Fraction, c: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Keep the part of a convex polygon where ``a x + b y + c >= 0`` (exact Sutherland-Hodgman)."""
    out: list[tuple[Fraction, Fraction]] = []
    m = len(poly)
    for k in range(m):
        p, q = poly[k], poly[(k + 1) % m]
        vp = a * p[0] + b * p[1] + c
        vq = a * q[0] + b * q[1] + c
        if vp >= 0:
            out.append(p)
        if (vp > 0 and vq < 0) or (vp < 0 and vq > 0):
            t = vp / (vp - vq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    dedup: list[tuple[Fraction, Fraction]] = []
    for v in out:
        if not dedup or dedup[-1] != v:
            dedup.append(v)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    return dedup


@dataclass(frozen=True)
class TropicalCurve:
    """Linear regions of ``f`` in a box and the segments of ``T(f)`` there.

    ``regions`` maps each term's exponent to its region polygon (exact
    vertices in counter-clockwise order); only terms whose region has
    positive area are listed.  ``segments`` are the maximal pieces of
    ``T(f)`` inside the box, each with the pair of terms tying on it in
    ``segment_terms``.  Build with :func:`tropical_curve`.

    Attributes
    ----------
    polynomial : TropicalPolynomial
        The ``f`` given (not reduced).
    box : ((x_lo, x_hi), (y_lo, y_hi))
        The box, with canonical exact bounds.
    regions : dict of exponent -> tuple of points
        Region polygon of each term that wins on positive area.
    segments : tuple of (point, point)
        Sorted; each segment's endpoints are sorted.
    segment_terms : tuple of frozenset of exponent
        Aligned with ``segments``: the terms attaining the max on it.

    Examples
    --------
    ``max(x, 0)`` in ``[-1, 1]^2``: two half-boxes, and ``T(f)`` is the
    segment ``x = 0`` where the terms ``x`` (exponent ``(1, 0)``) and ``0``
    (exponent ``(0, 0)``) tie.

    >>> from tropgeo.polynomial import TropicalPolynomial
    >>> curve = tropical_curve(TropicalPolynomial({(1, 0): 0, (0, 0): 0}), box=((-1, 1), (-1, 1)))
    >>> curve.regions[(1, 0)]
    ((0, -1), (1, -1), (1, 1), (0, 1))
    >>> curve.regions[(0, 0)]
    ((-1, -1), (0, -1), (0, 1), (-1, 1))
    >>> curve.segments, [sorted(t) for t in curve.segment_terms]
    ((((0, -1), (0, 1)),), [[(0, 0), (1, 0)]])
    """

    polynomial: TropicalPolynomial
    box: tuple[tuple[Exact, Exact], tuple[Exact, Exact]]
    regions: dict[Exponent, tuple[Point2, ...]]
    segments: tuple[Segment, ...]
    segment_terms: tuple[frozenset[Exponent], ...]

    @property
    def n_regions(self) -> int:
        """Number of linear regions meeting the box in positive area.

        Examples
        --------
        >>> f = TropicalPolynomial({(1, 0): 0, (0, 0): 0})                    # max(x, 0)
        >>> tropical_curve(f, box=((-1, 1), (-1, 1))).n_regions
        2
        """
        return len(self.regions)


def _area2(poly: list[tuple[Fraction, Fraction]]) -> Fraction:
    return sum(
        (poly[k][0] * poly[(k + 1) % len(poly)][1] - poly[(k + 1) % len(poly)][0] * poly[k][1] for k in range(len(poly))),
        Fraction(0),
    )


def tropical_curve(f: TropicalPolynomial, *, box: Any) -> TropicalCurve:
    """Exact linear regions and tropical curve of a 2-variable ``f`` inside ``box``.

    Parameters
    ----------
    f : TropicalPolynomial
        In exactly two variables.
    box : ((x_lo, x_hi), (y_lo, y_hi))
        Exact bounds with ``lo < hi``.

    Returns
    -------
    TropicalCurve
        Regions of positive area and the segments of ``T(f)`` in the box.

    Examples
    --------
    ``x ⊕ y ⊕ 1``: the tropical line with its vertex at ``(1, 1)``, where all
    three terms equal 1; its three rays go left, down and diagonally up.

    >>> from tropgeo.polynomial import TropicalPolynomial
    >>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 1})
    >>> curve = tropical_curve(f, box=((-2, 2), (-2, 2)))
    >>> curve.n_regions
    3
    >>> for seg, terms in zip(curve.segments, curve.segment_terms):
    ...     print(seg, sorted(terms))
    ((-2, 1), (1, 1)) [(0, 0), (0, 1)]
    ((1, -2), (1, 1)) [(0, 0), (1, 0)]
    ((1, 1), (2, 2)) [(0, 1), (1, 0)]

    A term that never attains the maximum has no region: ``(-5)⊙x`` is
    below ``max(2x, 0)`` everywhere, so ``x^2 ⊕ (-5)⊙x ⊕ 0`` has two.

    >>> g = TropicalPolynomial({(2, 0): 0, (1, 0): -5, (0, 0): 0})
    >>> sorted(tropical_curve(g, box=((-1, 1), (-1, 1))).regions)
    [(0, 0), (2, 0)]
    >>> tropical_curve(TropicalPolynomial({(1,): 0, (0,): 0}), box=((0, 1), (0, 1)))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: tropical_curve needs a polynomial in 2 variables, f has 1
    """
    if not isinstance(f, TropicalPolynomial):
        raise InvalidInputError(f"f must be a TropicalPolynomial, got {type(f).__name__}")
    if f.n_vars != 2:
        raise InvalidInputError(f"tropical_curve needs a polynomial in 2 variables, f has {f.n_vars}")
    try:
        (x0, x1), (y0, y1) = box
    except (TypeError, ValueError):
        raise InvalidInputError(f"box={box!r} must be ((x_lo, x_hi), (y_lo, y_hi))") from None
    x0, x1, y0, y1 = (Fraction(as_exact(v, name="box")) for v in (x0, x1, y0, y1))
    if not (x0 < x1 and y0 < y1):
        raise InvalidInputError(f"box={box!r} must have lo < hi on both axes")
    frame = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    terms = [(e, Fraction(c)) for e, c in f.reduced().terms]  # lower terms have empty regions
    regions: dict[Exponent, list[tuple[Fraction, Fraction]]] = {}
    for e, c in terms:
        poly = list(frame)
        for e2, c2 in terms:
            if e2 == e:
                continue
            # c + e.x >= c2 + e2.x
            poly = _clip(poly, Fraction(e[0] - e2[0]), Fraction(e[1] - e2[1]), c - c2)
            if len(poly) < 3:
                break
        if len(poly) >= 3 and _area2(poly) != 0:
            regions[e] = poly
    reduced = f.reduced()
    corners = {v for poly in regions.values() for v in poly}
    pieces: dict[tuple, frozenset[Exponent]] = {}
    for e, poly in regions.items():
        for k in range(len(poly)):
            p, q = poly[k], poly[(k + 1) % len(poly)]
            on_frame = (p[0] == q[0] and p[0] in (x0, x1)) or (p[1] == q[1] and p[1] in (y0, y1))
            if on_frame:
                continue
            # split the edge at every region corner inside it, so pieces from both sides coincide
            d = (q[0] - p[0], q[1] - p[1])
            ts = sorted(
                {Fraction(0), Fraction(1)}
                | {
                    ((v[0] - p[0]) * d[0] + (v[1] - p[1]) * d[1]) / (d[0] ** 2 + d[1] ** 2)
                    for v in corners
                    if (v[0] - p[0]) * d[1] == (v[1] - p[1]) * d[0]
                }
            )
            ts = [t for t in ts if 0 <= t <= 1]
            for t_a, t_b in zip(ts, ts[1:]):
                a = (p[0] + t_a * d[0], p[1] + t_a * d[1])
                b = (p[0] + t_b * d[0], p[1] + t_b * d[1])
                key = tuple(sorted((a, b)))
                mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                pieces[key] = reduced.argmax(tuple(_canon(v) for v in mid))
    segs = sorted(pieces)
    return TropicalCurve(
        polynomial=f,
        box=((_canon(x0), _canon(x1)), (_canon(y0), _canon(y1))),
        regions={e: tuple((_canon(a), _canon(b)) for a, b in poly) for e, poly in regions.items()},
        segments=tuple(((_canon(p[0]), _canon(p[1])), (_canon(q[0]), _canon(q[1]))) for p, q in segs),
        segment_terms=tuple(pieces[s] for s in segs),
    )
