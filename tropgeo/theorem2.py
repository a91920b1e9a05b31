"""Route B (Corollary 1) and the decision-boundary polytope of a class pair.

For an integer-weight network and classes ``(i, j)`` let
``w1 = B+(i,:) + B-(j,:)`` and ``w2 = B-(i,:) + B+(j,:)``.  Theorem 2 says
``δ(R_ij) = ConvHull(Z_G1, Z_G2)`` where, by Proposition 1 / Corollary 1,
``Z_G1`` has generators ``Diag(w1) A`` and ``Z_G2`` has ``Diag(w2) A``, both
shifted by ``(|B(i,:)| + |B(j,:)|) A-``.

With biases the same derivation holds one dimension up: ``H_i ⊙ Q_j`` is
the Minkowski sum of the lifted segments ``w1_l [(a_l, c1_l), (b_l, 0)]``
plus the point ``(Σ_l (B-(i,l) + B+(j,l)) b_l, c2_i)``, i.e. the lifted
zonotope with generators ``Diag(w1) [A | c1]`` and shift
``((|B(i,:)| + |B(j,:)|) A-, c2_i)`` (``c2_j`` for the second one).
``δ(R_ij)`` is then the projection of the upper faces of the convex hull of
the two lifted zonotopes; for a bias-free network every lifted point has
height 0 and δ(R_ij) is the single cell ``ConvHull(Z_G1, Z_G2)``.

Examples
--------
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
>>> z1, z2 = corollary1_zonotopes(net, 0, 1)
>>> z1.generators, z2.generators, z1.shift
(((2, 0),), ((0, 2),), (0, 0))
>>> decision_boundary_polytope(net, 0, 1).vertices
((0, 0), (0, 2), (2, 0))
"""

from __future__ import annotations

import operator
from typing import Any

from tropgeo.errors import InvalidInputError
from tropgeo.network import ReLUNetwork, class_pair, integral_network
from tropgeo.numbers import Exact
from tropgeo.polytope import Polytope, convex_hull
from tropgeo.subdivision import Subdivision, regular_subdivision
from tropgeo.zonotope import Zonotope, zonotope
from tropgeo.zonotope_hull import convex_hull_of_zonotopes

__all__ = [
    "pair_weights",
    "theorem2_segments",
    "corollary1_zonotopes",
    "lifted_zonotopes",
    "decision_boundary_polytope",
    "decision_boundary_subdivision",
]

Point = tuple[Exact, ...]


def _check_pair(net: Any, i: Any, j: Any) -> ReLUNetwork:
    integral_network(net)
    k = net.n_classes
    i, j = class_pair(i, j, k)
    return net


def pair_weights(net: ReLUNetwork, i: int, j: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``(w1, w2) = (B+(i,:) + B-(j,:), B-(i,:) + B+(j,:))``, the segment scales of Theorem 2.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[2, -1], [-3, 1]])
    >>> pair_weights(net, 0, 1)       # B+(0) = (2, 0), B-(1) = (3, 0); B-(0) = (0, 1), B+(1) = (0, 1)
    ((5, 0), (0, 2))
    """
    net = _check_pair(net, i, j)
    w1 = tuple(max(bi, 0) + max(-bj, 0) for bi, bj in zip(net.B[i], net.B[j]))
    w2 = tuple(max(-bi, 0) + max(bj, 0) for bi, bj in zip(net.B[i], net.B[j]))
    return w1, w2  # type: ignore[return-value]


def _a_minus(net: ReLUNetwork) -> list[Point]:
    return [tuple(max(-v, 0) for v in row) for row in net.A]


def _shift(net: ReLUNetwork, i: int, j: int) -> Point:
    total: list[Exact] = [(bi if bi >= 0 else -bi) + (bj if bj >= 0 else -bj) for bi, bj in zip(net.B[i], net.B[j])]
    if not total:
        return (0,) * net.n_inputs
    # column k of A-, dotted with total (map: this runs for every pair, on 784 columns)
    return tuple(sum(map(operator.mul, total, col)) for col in zip(*_a_minus(net)))


def theorem2_segments(net: ReLUNetwork, i: int, j: int) -> tuple[
    tuple[tuple[Point, Point], ...], Point, tuple[tuple[Point, Point], ...], Point
]:
    """The segments and shifts of Theorem 2 as the paper states them.

    Returns ``(segments1, shift1, segments2, shift2)``: ``Z_G1`` is the
    Minkowski sum of the segments ``w1_l [A+(l,:), A-(l,:)]`` plus the point
    ``(B-(i,:) + B+(j,:)) A-``, and ``Z_G2`` likewise with ``w2`` and
    ``(B+(i,:) + B-(j,:)) A-``.  Segments with arbitrary end points:
    Proposition 1 turns them into generators.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, -1]], [[1], [-1]])            # one hidden unit x - y
    >>> pair_weights(net, 0, 1)                            # w1 = 1 + 1, w2 = 0 + 0
    ((2,), (0,))
    >>> theorem2_segments(net, 0, 1)   # 2 [A+, A-] and shift w2 A- = 0; 0 [A+, A-] and shift w1 A-
    ((((2, 0), (0, 2)),), (0, 0), (((0, 0), (0, 0)),), (0, 2))
    """
    w1, w2 = pair_weights(net, i, j)
    ap = [tuple(max(v, 0) for v in row) for row in net.A]
    am = _a_minus(net)
    n = net.n_inputs

    def segs(w: tuple[int, ...]) -> tuple[tuple[Point, Point], ...]:
        return tuple(
            (tuple(wl * v for v in ap[l]), tuple(wl * v for v in am[l])) for l, wl in enumerate(w)
        )

    def point(w: tuple[int, ...]) -> Point:
        return tuple(sum(wl * am[l][k] for l, wl in enumerate(w)) for k in range(n))

    return segs(w1), point(w2), segs(w2), point(w1)


def corollary1_zonotopes(net: ReLUNetwork, i: int, j: int) -> tuple[Zonotope, Zonotope]:
    """``(Z_G1, Z_G2)`` with ``G1 = Diag(w1) A``, ``G2 = Diag(w2) A`` and the common shift (Corollary 1).

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, -1], [0, 1]], [[1, 1], [-1, 0]])
    >>> z1, z2 = corollary1_zonotopes(net, 0, 1)
    >>> z1.generators, z2.generators, z1.shift == z2.shift == (0, 2)
    (((0, 1), (2, -2)), (), True)
    >>> z1.vertices
    ((0, 2), (0, 3), (2, 0), (2, 1))
    """
    w1, w2 = pair_weights(net, i, j)
    shift = _shift(net, i, j)
    g1 = [tuple(w * v for v in row) for w, row in zip(w1, net.A)]
    g2 = [tuple(w * v for v in row) for w, row in zip(w2, net.A)]
    return zonotope(g1, shift=shift, ambient_dim=net.n_inputs), zonotope(g2, shift=shift, ambient_dim=net.n_inputs)


def lifted_zonotopes(net: ReLUNetwork, i: int, j: int) -> tuple[Zonotope, Zonotope]:
    """The lifted zonotopes in R^(n+1) whose upper hull projects to δ(R_ij) (biases included).

    Generators ``Diag(w1) [A | c1]`` and ``Diag(w2) [A | c1]``, shifts
    ``((|B(i,:)| + |B(j,:)|) A-, c2_i)`` and ``(..., c2_j)``.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1]], [[1], [-1]], c1=[2], c2=[0, 5])     # f = (relu(x+2), -relu(x+2) + 5)
    >>> z1, z2 = lifted_zonotopes(net, 0, 1)
    >>> z1, z2         # w1 = (2,), w2 = (0,): H_0 ⊙ Q_1 = 2 max(x + 2, 0), H_1 ⊙ Q_0 = 5
    (Zonotope(generators=((2, 4),), shift=(0, 0)), Zonotope(generators=(), shift=(0, 5)))
    """
    w1, w2 = pair_weights(net, i, j)
    shift = _shift(net, i, j)
    rows = [tuple(row) + (c,) for row, c in zip(net.A, net.c1)]
    g1 = [tuple(w * v for v in row) for w, row in zip(w1, rows)]
    g2 = [tuple(w * v for v in row) for w, row in zip(w2, rows)]
    d = net.n_inputs + 1
    return (
        zonotope(g1, shift=shift + (net.c2[i],), ambient_dim=d),
        zonotope(g2, shift=shift + (net.c2[j],), ambient_dim=d),
    )


def decision_boundary_polytope(net: ReLUNetwork, i: int, j: int) -> Polytope:
    """δ(R_ij) as a polytope, by Route B.

    For a bias-free network: ``ConvHull(Z_G1, Z_G2)`` in R^n (then δ(R) is
    this single polytope).  With biases: the lifted form in R^(n+1), the convex
    hull of the vertices of the upper hull of the two lifted zonotopes.  These
    are exactly the lifted terms ``(exponent, coefficient)`` of the reduced
    ``R_ij``, so the result equals ``lifted_polytope(R_ij)`` of Route A; its
    upper faces project to the cells of δ(R_ij) (see
    :func:`decision_boundary_subdivision`) and its projection is the Newton
    polytope ``ConvHull(Z_G1, Z_G2)``.  (The hull of the lifted zonotopes
    themselves has extra points below the upper hull, which R does not have.)

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[Fraction(1, 2), 0])
    >>> P = decision_boundary_polytope(net, 0, 1)
    >>> P.vertices
    ((0, 2, Fraction(1, 2)), (2, 0, Fraction(1, 2)), (6, 5, 3))
    >>> from tropgeo.decomposition import boundary_polynomial, tropical_decomposition
    >>> from tropgeo.duality import lifted_polytope
    >>> P == lifted_polytope(boundary_polynomial(tropical_decomposition(net), 0, 1))
    True
    >>> decision_boundary_polytope(ReLUNetwork(net.A, net.B), 0, 1).vertices   # bias-free: in R^2
    ((0, 2), (2, 0), (6, 5))
    """
    net = _check_pair(net, i, j)
    if net.has_biases:
        return convex_hull(decision_boundary_subdivision(net, i, j).upper_vertices, max_work=None)
    z1, z2 = corollary1_zonotopes(net, i, j)
    return convex_hull_of_zonotopes(z1, z2)


def decision_boundary_subdivision(net: ReLUNetwork, i: int, j: int) -> Subdivision:
    """δ(R_ij) as a subdivision (cells from the upper faces), by Route B.

    The points are the projected vertices of the convex hull of the two lifted zonotopes
    (:func:`lifted_zonotopes`, hull by :func:`convex_hull_of_zonotopes`), the heights their
    last coordinates: only hull vertices can be upper vertices, and the cells are given by
    their upper vertices, so the other zonotope vertices change nothing.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1]], [[1], [-1]], c1=[2], c2=[0, 5])
    >>> sub = decision_boundary_subdivision(net, 0, 1)
    >>> sorted(sorted(c) for c in sub.cells), sub.upper_vertices     # R = max(2x + 4, 5)
    ([[(0,), (2,)]], ((0, 5), (2, 4)))
    """
    z1, z2 = lifted_zonotopes(_check_pair(net, i, j), i, j)
    pts = convex_hull_of_zonotopes(z1, z2).vertices
    return regular_subdivision([p[:-1] for p in pts], [p[-1] for p in pts])
