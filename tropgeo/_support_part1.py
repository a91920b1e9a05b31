"""Part 1 of Theorem 2 at exact points of the decision boundary (private kernel of
:mod:`tropgeo.support`).

Between two given points with ``f_i > f_j`` and ``f_i < f_j`` the first zero of
``g = f_i - f_j`` on the segment is found exactly by walking along it (:func:`walk`; the
hidden pre-activations are affine along the segment), with the seeded choice of segments of
:func:`tropgeo.boundary.boundary_points` (:func:`find_boundary_points`).  At each such
point :func:`part1_at` checks ``f_i = f_j``, ``f_c = H_c - Q_c`` for both classes, and that
the point is in ``T(R_ij)``, from the argmax sets of the binomial factors of the two halves
(no polynomial is expanded).

Examples
--------
>>> from fractions import Fraction
>>> walk([1], Fraction(0), [Fraction(1)], [Fraction(-1)])     # g(t) = relu(1 - 2t)
Fraction(1, 2)
>>> walk([1], Fraction(1), [Fraction(1)], [Fraction(0)]) is None   # g(t) = 1 + relu(1 - t) > 0
True
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np

from tropgeo._intmat import fit, maxabs, mm
from tropgeo._support_sides import NetworkData
from tropgeo.errors import CheckFailedError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact, canonical as _canon

__all__ = ["HiddenValues", "walk", "part1_at", "find_boundary_points"]

Point = tuple[Exact, ...]


class HiddenValues:
    """Exact ``A+ x`` and ``A- x`` at the given points, computed once per point."""

    def __init__(self, net: NetworkData, P: np.ndarray, d: np.ndarray) -> None:
        self.net, self.P, self.d = net, P, d
        self.cache: dict[int, tuple[list[Fraction], list[Fraction]]] = {}

    def __call__(self, k: int) -> tuple[list[Fraction], list[Fraction]]:
        hit = self.cache.get(k)
        if hit is None:
            row = self.P[k : k + 1]
            den = int(self.d[k])
            yp = mm(row, self.net.A_pos, self.net.cache)[0].tolist()
            yn = mm(row, self.net.A_neg, self.net.cache)[0].tolist()
            hit = ([Fraction(int(v), den) for v in yp], [Fraction(int(v), den) for v in yn])
            self.cache[k] = hit
        return hit


def _relu(v: Fraction) -> Fraction:
    return v if v > 0 else Fraction(0)


def walk(dB: list[int], dc2: Fraction, za: list[Fraction], zb: list[Fraction]) -> Fraction | None:
    """First ``t`` in ``(0, 1]`` with ``g(t) = f_i - f_j = 0`` on the segment, from
    ``g(0) > 0``, where the hidden pre-activations are ``za + t (zb - za)``.

    :func:`tropgeo.boundary.boundary_point_on_segment` evaluates ``g`` at every unit's switch
    point; here ``g`` is carried from one switch point to the next by its slope, which
    changes only where a unit with ``B(i,l) != B(j,l)`` switches.  The first zero of the
    piecewise linear ``g`` is the same exact number either way."""
    g = dc2
    slope = Fraction(0)
    events: dict[Fraction, Fraction] = {}
    for l, w in enumerate(dB):
        if not w:
            continue
        a, delta = za[l], zb[l] - za[l]
        if a > 0:
            g += w * a
        if not delta:
            continue
        if a > 0 or (a == 0 and delta > 0):
            slope += w * delta
        t = -a / delta
        if 0 < t < 1:
            events[t] = events.get(t, Fraction(0)) + (w * delta if delta > 0 else -w * delta)
    if g <= 0:
        raise CheckFailedError("f_i - f_j is not positive at the start of a boundary segment")
    prev_t, prev_g = Fraction(0), g
    for t in sorted(events) + [Fraction(1)]:
        gt = prev_g + slope * (t - prev_t)
        if gt <= 0:
            return prev_t + (t - prev_t) * prev_g / (prev_g - gt)
        prev_t, prev_g = t, gt
        slope += events.get(t, 0)
    return None


def part1_at(
    net: ReLUNetwork, i: int, j: int, yp: list[Fraction], yn: list[Fraction], AT: np.ndarray
) -> bool:
    """At a point with ``A+ x = yp``, ``A- x = yn``: ``f_i = f_j``, ``f_c = H_c - Q_c``
    (c = i, j) and ``x`` in ``T(R_ij)``."""
    c1 = [Fraction(c) for c in net.c1]
    z = [a - b + c for a, b, c in zip(yp, yn, c1)]
    mx = [max(a + c, b) for a, b, c in zip(yp, yn, c1)]
    ok = True
    f = {}
    for c in (i, j):
        row = net.B[c]
        f[c] = Fraction(net.c2[c]) + sum((w * _relu(zl) for w, zl in zip(row, z)), Fraction(0))
        H = Fraction(net.c2[c]) + sum((max(-w, 0) * b + max(w, 0) * m for w, b, m in zip(row, yn, mx)), Fraction(0))
        Q = sum((max(w, 0) * b + max(-w, 0) * m for w, b, m in zip(row, yn, mx)), Fraction(0))
        ok = ok and f[c] == H - Q
    ok = ok and f[i] == f[j]
    # Both halves attain max R here (their difference is f_i - f_j = 0).  A half's maximising
    # exponents are the Minkowski sum of its binomial factors' argmaxes: two or more as soon
    # as a factor with a nonzero weight (w1_l > 0 or w2_l > 0, i.e. B(i,l) or B(j,l) nonzero)
    # and A_l != 0 has z_l = 0.  Otherwise each half has one maximising exponent, and they
    # differ by sum_{z_l > 0} (B(i,l) - B(j,l)) A_l.
    Bi, Bj = net.B[i], net.B[j]
    for l, zl in enumerate(z):
        if zl == 0 and (Bi[l] or Bj[l]) and any(net.A[l]):
            return ok
    on = np.array([[Bi[l] - Bj[l] if zl > 0 else 0 for l, zl in enumerate(z)]], dtype=object)
    grad = mm(fit(on), AT)
    return ok and bool(maxabs(grad) != 0)


def find_boundary_points(
    net: ReLUNetwork,
    i: int,
    j: int,
    P: np.ndarray,
    d: np.ndarray,
    hidden: HiddenValues,
    prep: NetworkData,
    pos: list[int],
    neg: list[int],
    max_points: int,
    seed: int,
) -> dict[Point, bool]:
    """Exact boundary points between given points with ``f_i > f_j`` and ``f_i < f_j``
    (seeded choice of segments as in :func:`tropgeo.boundary.boundary_points`), each with
    whether Part 1 holds there."""
    c1 = [Fraction(c) for c in net.c1]
    dB = [int(a - b) for a, b in zip(net.B[i], net.B[j])]
    dc2 = Fraction(net.c2[i]) - Fraction(net.c2[j])
    rng = random.Random(seed)
    found: dict[Point, bool] = {}
    attempts = 0
    limit = 4 * min(max_points, len(pos) * len(neg))
    while len(found) < max_points and attempts < limit:
        attempts += 1
        a, b = rng.choice(pos), rng.choice(neg)
        ypa, yna = hidden(a)
        ypb, ynb = hidden(b)
        za = [p - q + c for p, q, c in zip(ypa, yna, c1)]
        zb = [p - q + c for p, q, c in zip(ypb, ynb, c1)]
        t = walk(dB, dc2, za, zb)
        if t is None:
            continue
        # x = xa + t (xb - xa) with xa = Pa / da, xb = Pb / db, t = r / q, over one denominator
        da, db, r, q = int(d[a]), int(d[b]), t.numerator, t.denominator
        den = da * db * q
        x = tuple(
            _canon(Fraction(u * db * q + r * (v * da - u * db), den))
            for u, v in zip(P[a].tolist(), P[b].tolist())
        )
        if x in found:
            continue
        yp = [u + t * (v - u) for u, v in zip(ypa, ypb)]
        yn = [u + t * (v - u) for u, v in zip(yna, ynb)]
        found[x] = part1_at(net, i, j, yp, yn, prep.AT)
    return found
