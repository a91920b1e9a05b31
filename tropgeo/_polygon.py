"""Exact convex polygons on integers for :mod:`tropgeo.slices`.

A point is ``(X, Y, W)`` meaning ``(X/W, Y/W)`` with ``W > 0`` and gcd 1; an affine map is
an integer row ``(a, b, c)`` over one positive common denominator (a positive scale changes
neither the sign of a map nor where it vanishes).  Polygons are split by lines exactly, and
their shared edges (interfaces) are found by a sweep along each line.
"""

from __future__ import annotations

import bisect
from fractions import Fraction
from math import gcd, lcm
from typing import Iterator, Sequence

from tropgeo.numbers import Exact, canonical as _canon

Point2 = tuple[Exact, Exact]
_Aff = tuple[Fraction, Fraction, Fraction]
_HPt = tuple[int, int, int]
_Row = tuple[int, int, int]


def _hpoint(x: int, y: int, w: int) -> _HPt:
    if w < 0:
        x, y, w = -x, -y, -w
    g = gcd(x, y, w)
    return x // g, y // g, w // g


def _split(poly: list[_HPt], g: _Row) -> tuple[list[_HPt] | None, list[_HPt] | None]:
    """The parts of a convex counter-clockwise polygon where ``g >= 0`` and ``g <= 0``,
    each ``None`` unless of positive area; where ``g`` vanishes on the whole polygon, the
    polygon is the ``g <= 0`` part.  Cut only when vertices lie strictly on both sides:
    then both parts have positive area and stay strictly convex."""
    a, b, c = g
    vals = [a * x + b * y + c * w for x, y, w in poly]
    if not any(v > 0 for v in vals):
        return None, poly
    if not any(v < 0 for v in vals):
        return poly, None
    pos: list[_HPt] = []
    neg: list[_HPt] = []
    m = len(poly)
    for k in range(m):
        p, q, vp, vq = poly[k], poly[(k + 1) % m], vals[k], vals[(k + 1) % m]
        if vp >= 0:
            pos.append(p)
        if vp <= 0:
            neg.append(p)
        if (vp > 0 > vq) or (vp < 0 < vq):
            # vq·P - vp·Q: opposite signs, so a multiple of a point between P and Q, on g = 0
            x = _hpoint(vq * p[0] - vp * q[0], vq * p[1] - vp * q[1], vq * p[2] - vp * q[2])
            pos.append(x)
            neg.append(x)
    return pos, neg


def _canonical_vertices(poly: list[_HPt]) -> tuple[Point2, ...]:
    pts = [(_canon(Fraction(x, w)), _canon(Fraction(y, w))) for x, y, w in poly]
    k = min(range(len(pts)), key=lambda i: pts[i])
    return tuple(pts[k:] + pts[:k])


def _integral(rows: Sequence[Sequence[Exact]]) -> tuple[list[list[int]], int]:
    """Rows of exact numbers as integer rows over a common denominator."""
    den = lcm(*(Fraction(v).denominator for r in rows for v in r))
    return [[int(v * den) for v in r] for r in rows], den


def _reduced(rows: list[_Row], den: int) -> tuple[list[_Row], int]:
    g = gcd(den, *(v for r in rows for v in r))
    return [(r[0] // g, r[1] // g, r[2] // g) for r in rows], den // g


def _interfaces(polys: Sequence[Sequence[Point2]]) -> Iterator[tuple[int, int, Point2, Point2, int]]:
    """For polygons (counter-clockwise) with disjoint interiors: ``(i, j, P, Q, line)`` for
    every segment ``PQ`` between consecutive break points on one line that is shared by an
    edge of polygon ``i`` (left of ``P -> Q``) and one of polygon ``j`` (right of it); the
    segments of one line (numbered ``line``) come in order, ``Q`` of one is ``P`` of the next."""
    lines: dict[_Aff, list[tuple[int, int, Fraction, Fraction, Point2, Point2]]] = {}
    for idx, poly in enumerate(polys):
        m = len(poly)
        for k in range(m):
            p, q = poly[k], poly[(k + 1) % m]
            # the interior lies left of p -> q, where the left normal (nx, ny) points
            nx, ny = Fraction(p[1] - q[1]), Fraction(q[0] - p[0])
            lead = nx if nx != 0 else ny
            key = (nx / lead, ny / lead, -(nx * p[0] + ny * p[1]) / lead)
            side = 1 if lead > 0 else -1
            u = (key[1], -key[0])  # the + side of the line is left of u
            tp, tq = u[0] * p[0] + u[1] * p[1], u[0] * q[0] + u[1] * q[1]
            lo, hi, plo, phi = (tp, tq, p, q) if tp < tq else (tq, tp, q, p)
            lines.setdefault(key, []).append((side, idx, lo, hi, plo, phi))
    for line, edges in enumerate(lines.values()):
        # the edges on one side of a line are interior-disjoint: find the one over x by bisection
        sides = {s: sorted((lo, hi, idx) for side, idx, lo, hi, _, _ in edges if side == s) for s in (1, -1)}
        starts = {s: [iv[0] for iv in sides[s]] for s in (1, -1)}
        where = {t: pt for e in edges for t, pt in ((e[2], e[4]), (e[3], e[5]))}

        def owner(s: int, x: Fraction) -> int | None:
            k = bisect.bisect_right(starts[s], x) - 1
            return sides[s][k][2] if k >= 0 and x < sides[s][k][1] else None

        ts = sorted(where) if sides[1] and sides[-1] else []
        for a, b in zip(ts, ts[1:]):
            i, j = owner(1, (a + b) / 2), owner(-1, (a + b) / 2)
            if i is not None and j is not None:
                yield i, j, where[a], where[b], line
