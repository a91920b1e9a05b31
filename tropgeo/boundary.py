"""Exact points on the decision boundary between two classes.

Along a segment ``x(t) = x0 + t (x1 - x0)`` every hidden unit switches at
most once, at a rational ``t``, so ``g(t) = f_i(x(t)) - f_j(x(t))`` is
piecewise linear with exact rational breakpoints and its first zero after a
positive value is an exact rational point.  Such a point lies in the closure
of ``{f_i > f_j}`` and on ``{f_i = f_j}``: a genuine boundary point (not in
the interior of a region where ``f_i ≡ f_j``).

Examples
--------
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])    # f = (relu(x), relu(y))
>>> boundary_point_on_segment(net, 0, 1, (3, 1), (1, 2))
(Fraction(5, 3), Fraction(5, 3))
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Set
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.network import ReLUNetwork, class_pair
from tropgeo.numbers import Exact, as_exact_vector, as_int, canonical as _canon

__all__ = ["boundary_point_on_segment", "boundary_points", "far_points"]

Point = tuple[Exact, ...]


def _check_net(net: Any) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise InvalidInputError(f"net must be a tropgeo.ReLUNetwork, got {type(net).__name__} {net!r}")
    return net


def _classes(net: ReLUNetwork, i: Any, j: Any) -> tuple[int, int]:
    return class_pair(i, j, net.n_classes)


def _exact_point(net: ReLUNetwork, x: Any, *, name: str) -> Point:
    if isinstance(x, (Set, Mapping)):
        raise InvalidInputError(
            f"{name}={x!r} is a {type(x).__name__}, which has no order; give the coordinates as a tuple or list"
        )
    p = as_exact_vector(x, name=name)
    if len(p) != net.n_inputs:
        raise InvalidInputError(f"{name} has length {len(p)}, the network has {net.n_inputs} inputs")
    return p


def _exact_points(net: ReLUNetwork, points: Any, *, ordered: bool) -> list[Point]:
    if ordered and isinstance(points, (Set, Mapping)):
        raise InvalidInputError(
            f"points={points!r} is a {type(points).__name__}, which has no order, and the seeded choice "
            "of pairs depends on the order; give a list (e.g. sorted(points))"
        )
    if isinstance(points, (str, bytes)) or not hasattr(points, "__iter__"):
        raise InvalidInputError(
            f"points={points!r} must be a sequence of points (tuples or lists), got {type(points).__name__}"
        )
    return [_exact_point(net, p, name=f"points[{k}]") for k, p in enumerate(points)]


def _gap(net: ReLUNetwork, i: int, j: int, x: Sequence[Exact]) -> Fraction:
    out = net(x)
    return Fraction(out[i]) - Fraction(out[j])


def boundary_point_on_segment(
    net: ReLUNetwork, i: int, j: int, x0: Any, x1: Any
) -> Point | None:
    """The first exact point of ``{f_i = f_j}`` on ``[x0, x1]`` reached from ``f_i > f_j``.

    Requires ``f_i(x0) > f_j(x0)``; returns ``None`` if ``f_i - f_j`` stays
    positive on the whole segment.

    Parameters
    ----------
    net : ReLUNetwork
    i, j : int
        Distinct class indices in ``[0, net.n_classes)`` (Python or numpy integers).
    x0, x1 : sequences of int/Fraction
        End points (exact, length ``net.n_inputs``; a set, having no order, is refused).

    Returns
    -------
    tuple of int/Fraction, or None

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1]], [[1], [0]], c1=[-1])             # f = (relu(x - 1), 0)
    >>> boundary_point_on_segment(net, 0, 1, (3,), (-3,))        # f_0 - f_1 reaches 0 at x = 1
    (1,)
    >>> boundary_point_on_segment(net, 0, 1, (3,), (2,)) is None
    True
    """
    _check_net(net)
    i, j = _classes(net, i, j)
    a = _exact_point(net, x0, name="x0")
    b = _exact_point(net, x1, name="x1")
    if _gap(net, i, j, a) <= 0:
        raise InvalidInputError(f"f_{i}(x0) must exceed f_{j}(x0) at the start point x0={a}")
    return _first_zero(net, i, j, a, b)


def _first_zero(net: ReLUNetwork, i: int, j: int, a: Point, b: Point) -> Point | None:
    # validated input with f_i(a) > f_j(a)
    d = [Fraction(q) - Fraction(p) for p, q in zip(a, b)]

    def at(t: Fraction) -> Point:
        return tuple(_canon(Fraction(p) + t * dk) for p, dk in zip(a, d))

    ts = {Fraction(0), Fraction(1)}
    for row, c in zip(net.A, net.c1):
        slope = sum((Fraction(r) * dk for r, dk in zip(row, d)), Fraction(0))
        if slope:
            start = sum((Fraction(r) * Fraction(p) for r, p in zip(row, a)), Fraction(c))
            t = -start / slope
            if 0 < t < 1:
                ts.add(t)
    knots = sorted(ts)
    prev_t, prev_g = knots[0], _gap(net, i, j, a)
    for t in knots[1:]:
        g = _gap(net, i, j, at(t))
        if g <= 0:
            # g is affine on [prev_t, t] with prev_g > 0 >= g: its zero is exact.
            t_star = prev_t + (t - prev_t) * prev_g / (prev_g - g)
            return at(t_star)
        prev_t, prev_g = t, g
    return None


def far_points(net: ReLUNetwork, points: Sequence[Point], *, n_random: int = 32, seed: int = 0) -> tuple[Point, ...]:
    """Probe points far out in many directions, for seeding the boundary search.

    Far from the data, ``f_i - f_j`` is governed by the bias-free part of the network in the
    direction taken, so classes that never win on the data often win far out.  The
    directions are the unit vectors, the hidden units' normals (rows of ``A``) and
    ``n_random`` integer directions from ``random.Random(seed)``, each with its negative;
    the radius is 1000 times (1 + the largest coordinate of the samples and the biases).
    Exact throughout.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1]], [[1], [0]])
    >>> far_points(net, [(1,)], n_random=0)
    ((-2000,), (2000,))
    """
    _check_net(net)
    exact = _exact_points(net, points, ordered=False)
    n_random = as_int(n_random, name="n_random", minimum=0)
    seed = as_int(seed, name="seed", minimum=0)
    return _far_points(net, exact, n_random, seed)


def _far_points(net: ReLUNetwork, points: Sequence[Point], n_random: int, seed: int) -> tuple[Point, ...]:
    n = net.n_inputs
    scale = max((abs(Fraction(x)) for p in points for x in p), default=Fraction(0))
    scale = max(scale, max((abs(Fraction(c)) for c in net.c1), default=Fraction(0)))
    radius = 1000 * (1 + int(scale))
    rng = random.Random(seed)
    dirs: list[tuple[int, ...]] = [tuple(1 if t == u else 0 for t in range(n)) for u in range(n)]
    dirs += [tuple(int(x) if Fraction(x).denominator == 1 else 0 for x in row) for row in net.A]
    dirs += [tuple(rng.randint(-1000, 1000) for _ in range(n)) for _ in range(n_random)]
    out: set[Point] = set()
    for d in dirs:
        norm = max(abs(x) for x in d)
        if norm == 0:
            continue
        for sgn in (1, -1):
            out.add(tuple(_canon(Fraction(sgn * radius * x, norm)) for x in d))
    return tuple(sorted(out))


def boundary_points(
    net: ReLUNetwork,
    i: int,
    j: int,
    points: Sequence[Any],
    *,
    max_points: int = 16,
    seed: int = 0,
    probe_far: bool = True,
) -> tuple[Point, ...]:
    """Exact boundary points of ``{f_i > f_j}`` found between sample points.

    Pairs a sample point with ``f_i > f_j`` and one with ``f_i < f_j``
    (chosen with a ``random.Random(seed)``) and walks the segment from the
    first to the second with :func:`boundary_point_on_segment`.  When the
    samples do not show both signs and ``probe_far`` is set, the probes of
    :func:`far_points` are added to them.

    Returns
    -------
    tuple of exact points (distinct, sorted); empty only if ``max_points`` is 0 or
    neither the samples nor the far probes show both signs of ``f_i - f_j``.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])    # f = (relu(x), relu(y))
    >>> boundary_points(net, 0, 1, [(3, 1), (1, 2), (0, 5)], max_points=2)
    ((Fraction(5, 3), Fraction(5, 3)), (Fraction(15, 7), Fraction(15, 7)))

    Both samples have ``f_0 > f_1``; the far probes find the boundary anyway:

    >>> len(boundary_points(net, 0, 1, [(3, 1), (4, 1)], max_points=1))
    1
    """
    _check_net(net)
    i, j = _classes(net, i, j)
    max_points = as_int(max_points, name="max_points", minimum=0)
    seed = as_int(seed, name="seed", minimum=0)
    if not isinstance(probe_far, (bool, np.bool_)):
        raise InvalidInputError(f"probe_far={probe_far!r} must be a bool, got {type(probe_far).__name__}")
    exact = _exact_points(net, points, ordered=True)
    if max_points == 0:
        return ()
    gaps = [(p, _gap(net, i, j, p)) for p in exact]
    pos = [p for p, g in gaps if g > 0]
    neg = [p for p, g in gaps if g < 0]
    if (not pos or not neg) and probe_far:
        for p in _far_points(net, exact, 32, seed):
            g = _gap(net, i, j, p)
            (pos if g > 0 else neg if g < 0 else []).append(p)
    if not pos or not neg:
        return ()
    rng = random.Random(seed)
    found: set[Point] = set()
    attempts = 0
    # at most |pos| * |neg| distinct segments exist: a huge max_points must not loop for ever
    limit = 4 * min(max_points, len(pos) * len(neg))
    while len(found) < max_points and attempts < limit:
        attempts += 1
        x = _first_zero(net, i, j, rng.choice(pos), rng.choice(neg))
        if x is not None:
            found.add(x)
    return tuple(sorted(found))
