"""Theorem 2 by support functions: an exact certificate for high input dimension.

Where vertex enumeration is out of reach (64 inputs and more), Theorem 2 for a class pair
``(i, j)`` can still be tested exactly through support functions.  For a polytope ``P``
and a direction ``u``, ``h_P(u) = max_{y in P} u . y``.  Two facts make this cheap:

* For the lifted Newton polytope of ``R = R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i`` (the points
  ``(exponent, coefficient)`` of its terms), ``h((x, 1)) = R(x)`` and ``h((x, 0))`` is the
  recession value of ``R`` at ``x`` (``R`` without biases), the support function of the
  Newton polytope ``Δ(R)``.  From the network: ``R = max(f_i, f_j) + Q_i + Q_j`` with the
  exact forward pass ``f`` and the closed form
  ``Q_i(x) = sum_l B+(i,l) A-(l,:) x + sum_l B-(i,l) max(A+(l,:) x + c1_l, A-(l,:) x)``
  of :mod:`tropgeo.decomposition` (no polynomial is expanded).
* For a zonotope ``Z = shift + sum_g [0, g]``, ``h_Z(u) = shift . u + sum_g max(g . u, 0)``,
  and the support function of a convex hull is the maximum of the support functions.  The
  zonotopes are those of :func:`tropgeo.theorem2.lifted_zonotopes`, in their canonical
  form (merged, re-oriented generators and the adjusted shift).

Theorem 2 (lifted form, the one :func:`tropgeo.verify_theorem2` checks) says that the
upper hull of ``ConvHull(lifted Z_G1, lifted Z_G2)`` is the lifted Newton polytope of the
reduced ``R``; support functions at directions ``(x, t)`` with ``t >= 0`` see exactly the
upper hull (and, at ``t = 0``, the Newton polytope ``ConvHull(Z_G1, Z_G2)``), so at every
such direction the two sides must agree.  (At ``t < 0`` they need not: the hull of the
lifted zonotopes has points below the upper hull that the reduced ``R`` does not have.)
The proof gives more, and that is checked too: each lifted zonotope is the lifted Newton
polytope of its half, ``h_{Z1}((x, 1)) = H_i(x) + Q_j(x)`` and
``h_{Z2}((x, 1)) = H_j(x) + Q_i(x)``.

Agreement at finitely many directions is not equality of polytopes: the certificate says
that the two support functions agree at the ``2N`` exact directions ``(x, 1)`` and
``(x, 0)`` for the ``N`` points given (typically the data set); any disagreement would
falsify Theorem 2, or the code, for this network.  Part 1 is checked where it is cheap:
at exact points of the decision boundary between two given points with opposite signs of
``f_i - f_j`` (found on the segment between them, as :mod:`tropgeo.boundary` does),
``f_i = f_j``, ``f_c = H_c - Q_c`` for both classes, and ``R`` attains its maximum at two
or more terms (``x`` is in ``T(R)``), decided from the argmax sets of the binomial factors
of the two halves (the argmax of a product is the Minkowski sum of the factors' argmaxes).

Arithmetic is exact and in integers throughout.  Rational points and rational biases are
handled by positive homogeneity: a point ``x = p / d`` is used as the integer direction
``D d (x, 1) = (D p, D d)``, where ``D`` clears the denominators of the biases, and every
value is compared at that same scale.  Matrix products run in numpy ``int64`` when a bound
computed from the operands (``n max|M| max|X| < 2^62``) proves that nothing overflows;
otherwise the operands are split into ``int64`` limbs whose partial products obey the same
bound, and the partial products are combined as Python integers (object arrays).  No float
enters this path.

The work is split by concept: :mod:`tropgeo._intmat` (the exact integer arrays),
:mod:`tropgeo._support_input` (input checks), :mod:`tropgeo._support_sides` (the two sides),
:mod:`tropgeo._support_part1` (Part 1 at boundary points) and :mod:`tropgeo._support_report`
(the reports, re-exported here); this module runs them.

Examples
--------
>>> from fractions import Fraction
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[Fraction(1, 2), 0])
>>> points = [(0, 0), (3, -1), (-3, -3), (Fraction(1, 3), 2), (-4, 1)]
>>> report = support_certificate(net, points, boundary_points=2)
>>> report.holds, report.n_points, [(p.i, p.j, p.n_directions, p.n_agree) for p in report.pairs]
(True, 5, [(0, 1, 10, 10)])
>>> report.pairs[0].boundary_points           # exact points of the decision boundary, in T(R)
((Fraction(-29, 72), Fraction(-1, 36)), (Fraction(45, 34), Fraction(-53, 34)))
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo import _intmat
from tropgeo._intmat import eq, from_rows, lin, mm, pmax
from tropgeo._support_input import check_directions, check_max_work, check_net, exact_directions
from tropgeo._support_part1 import HiddenValues, find_boundary_points, part1_at
from tropgeo._support_report import SupportPairReport, SupportReport, SupportValues
from tropgeo._support_sides import network_side, prepare, zonotope_side
from tropgeo.errors import SizeLimitError
from tropgeo.network import ReLUNetwork, class_pairs
from tropgeo.numbers import Exact, as_int, canonical as _canon
from tropgeo.theorem2 import lifted_zonotopes
from tropgeo.zonotope import Zonotope

__all__ = [
    "SupportPairReport",
    "SupportReport",
    "SupportValues",
    "support_certificate",
    "support_values",
    "support_work_estimate",
    "DEFAULT_MAX_WORK",
]

# About ten times the MNIST-shaped benchmark (784 inputs, 64 hidden units, 10 classes,
# 10^4 points, all 45 pairs: about 2.4e9), which runs in well under a minute
# (docs/support.md); beyond this the run takes many minutes.
DEFAULT_MAX_WORK = 2 * 10**10

_CHUNK = 2048  # points per batch: bounds the memory of the object arrays

_part1_at = part1_at  # tests reach the Part 1 helper under this name

Point = tuple[Exact, ...]


def support_work_estimate(net: ReLUNetwork, n_points: int, n_pairs: int) -> int:
    """Estimated integer multiply-adds of :func:`support_certificate` (before limb splitting).

    ``N n (3p + 2P) + 2N p (5k + 2P) + 2P p (n + 1)`` for ``N`` points, ``n`` inputs, ``p``
    hidden units, ``k`` classes and ``P`` pairs: the products of the points with the
    first-layer weights, the distinct generator directions and the zonotopes' shifts, the
    second-layer products, and building the ``2P`` lifted zonotopes.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> support_work_estimate(net, 10, 1)      # 10*2*(6+2) + 2*10*2*(10+2) + 2*2*3
    652
    """
    check_net(net)
    N = as_int(n_points, name="n_points", minimum=0)
    P = as_int(n_pairs, name="n_pairs", minimum=0)
    n, p, k = net.n_inputs, net.n_hidden, net.n_classes
    return N * n * (3 * p + 2 * P) + 2 * N * p * (5 * k + 2 * P) + 2 * P * p * (n + 1)


# --- the certificate -------------------------------------------------------------------------


def _columns(a: np.ndarray) -> list[np.ndarray]:
    return [np.ascontiguousarray(a[:, c]) for c in range(a.shape[1])]


def _point(P: np.ndarray, d: np.ndarray, k: int) -> Point:
    den = int(d[k])
    row = P[k].tolist()
    if den == 1:
        return tuple(int(v) for v in row)
    return tuple(_canon(Fraction(int(v), den)) for v in row)


def _run(
    net: ReLUNetwork,
    P: np.ndarray,
    d: np.ndarray,
    pairs: list[tuple[int, int]],
    n_boundary: int,
    seed: int,
    collect: bool,
) -> tuple[list[SupportPairReport], list[tuple[list[Exact], list[Exact]]]]:
    """Both sides for every pair at the points ``P[k] / d[k]``, batch by batch; the reports,
    and (``collect``) the two sides' values in order."""
    zs: list[Zonotope] = []
    for i, j in pairs:
        zs.extend(lifted_zonotopes(net, i, j))
    prep, zon = prepare(net, zs)
    N, n = P.shape
    Dt = zon.Dt
    counts = [[0, 0, 0] for _ in pairs]
    witness: list[tuple[int, int, str, Exact, Exact] | None] = [None] * len(pairs)
    signs: list[tuple[list[np.ndarray], list[np.ndarray]]] = [([], []) for _ in pairs]
    values: list[tuple[list[Exact], list[Exact]]] = [([], []) for _ in pairs]
    for start in range(0, N, _CHUNK):
        stop = min(N, start + _CHUNK)
        C = stop - start
        Pc = P[start:stop]
        dc = d[start:stop]
        side = network_side(prep, Pc, dc)
        HZ = zonotope_side(zon, prep.D, Pc, dc)
        f, H, Q = (_columns(side[key]) for key in ("f", "H", "Q"))
        HZc = _columns(HZ)
        for q, (i, j) in enumerate(pairs):
            R = lin((Dt, pmax(f[i], f[j])), (Dt, Q[i]), (Dt, Q[j]))
            h1, h2 = HZc[2 * q], HZc[2 * q + 1]
            hull = pmax(h1, h2)
            ok_s = eq(R, hull)
            ok_h = eq(lin((Dt, H[i]), (Dt, Q[j])), h1) & eq(lin((Dt, H[j]), (Dt, Q[i])), h2)
            ok_d = eq(lin((1, f[i]), (-1, f[j])), lin((1, H[i]), (-1, Q[i]), (-1, H[j]), (1, Q[j])))
            cnt = counts[q]
            cnt[0] += int(ok_s.sum())
            cnt[1] += int((ok_s & ok_h).sum())
            cnt[2] += int(ok_d.sum())
            bad = ~(ok_s & ok_h & ok_d)
            if witness[q] is None and bad.any():
                per_point = bad[:C] | bad[C:]
                c = int(np.flatnonzero(per_point)[0])
                col = c if bad[c] else C + c
                check = "support" if not ok_s[col] else ("halves" if not ok_h[col] else "decomposition")
                s = Dt * prep.D * int(dc[c])
                witness[q] = (start + c, 1 if col < C else 0, check,
                              _canon(Fraction(int(R[col]), s)), _canon(Fraction(int(hull[col]), s)))
            if n_boundary:
                g = lin((1, f[i][:C]), (-1, f[j][:C]))
                signs[q][0].append(start + np.flatnonzero(g > 0))
                signs[q][1].append(start + np.flatnonzero(g < 0))
            if collect:
                for c in range(C):
                    s = Dt * prep.D * int(dc[c])
                    for col in (c, C + c):
                        values[q][0].append(_canon(Fraction(int(R[col]), s)))
                        values[q][1].append(_canon(Fraction(int(hull[col]), s)))
    hidden = HiddenValues(prep, P, d)
    reports = []
    for q, (i, j) in enumerate(pairs):
        found: dict[Point, bool] = {}
        if n_boundary:
            pos = np.concatenate(signs[q][0]).tolist()
            neg = np.concatenate(signs[q][1]).tolist()
            if pos and neg:
                found = find_boundary_points(net, i, j, P, d, hidden, prep, pos, neg, n_boundary, seed)
        w = witness[q]
        reports.append(
            SupportPairReport(
                i=i,
                j=j,
                n_directions=2 * N,
                n_agree=counts[q][0],
                n_halves_agree=counts[q][1],
                n_decomposition_agree=counts[q][2],
                witness=None if w is None else _point(P, d, w[0]) + (w[1],),
                witness_check=None if w is None else w[2],
                witness_values=None if w is None else (w[3], w[4]),
                boundary_points=tuple(sorted(found)),
                boundary_failures=tuple(sorted(x for x, ok in found.items() if not ok)),
            )
        )
    return reports, values


def support_certificate(
    net: ReLUNetwork,
    directions: Any,
    *,
    pairs: Sequence[tuple[int, int]] | None = None,
    boundary_points: int = 4,
    seed: int = 0,
    max_work: int | None = DEFAULT_MAX_WORK,
) -> SupportReport:
    """Certify Theorem 2 for ``net`` by support functions at exact directions.

    For every class pair and every point ``x`` of ``directions``, at the lifted directions
    ``(x, 1)`` and ``(x, 0)``: the support function of the lifted Newton polytope of ``R_ij``,
    evaluated from the network (``R_ij(x) = max(f_i, f_j) + Q_i + Q_j`` and its recession
    value), equals that of ``ConvHull(lifted Z_G1, lifted Z_G2)``, evaluated from the
    generators and shifts of :func:`tropgeo.theorem2.lifted_zonotopes`; each lifted
    zonotope's equals its half (``H_i + Q_j``, ``H_j + Q_i``); and
    ``f_i - f_j = (H_i - Q_i) - (H_j - Q_j)``.  Part 1 is checked at up to
    ``boundary_points`` exact points of the decision boundary per pair.  See
    :attr:`SupportReport.proves` for exactly what a passing certificate means: agreement
    at these directions, not equality of polytopes.

    Parameters
    ----------
    net : ReLUNetwork
        Integer weights ``A``, ``B`` (use ``net.integerized().network``); biases may be
        rational.
    directions : sequence of exact points, or a 2-D integer or object array
        ``N >= 1`` points of ``R^n`` (``int``/``Fraction`` entries; numpy integer arrays,
        e.g. ``uint8`` pixels, are taken as they are).  Floats are refused: convert them
        explicitly (:func:`tropgeo.rationalize`).
    pairs : sequence of (i, j), optional
        Class pairs; default every pair ``i < j`` (``k (k - 1) / 2`` of them).
    boundary_points : int
        Boundary points per pair at which Part 1 is checked (0 to skip); they are sought
        on segments between given points with opposite signs of ``f_i - f_j``.
    seed : int
        Seed of the choice of those segments.
    max_work : int or None
        Refuse, before any work, when :func:`support_work_estimate` exceeds this
        (``None``: no limit).

    Returns
    -------
    SupportReport

    Raises
    ------
    InvalidInputError
        For a net that is not an integer-weight :class:`ReLUNetwork`, directions of the
        wrong shape or empty, bad pairs or options.
    InexactInputError
        For float directions.
    SizeLimitError
        When the estimated work exceeds ``max_work``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, -1, 2], [-1, 1, 0], [0, 2, -1]],
    ...                   c1=[0, 1, -1], c2=[0, 1, Fraction(1, 2)])
    >>> report = support_certificate(net, [(2, 0), (0, 2), (-1, 3), (3, -2), (Fraction(1, 2), 1)])
    >>> report.holds, [(p.pair, p.n_agree, len(p.boundary_points)) for p in report.pairs]
    (True, [((0, 1), 10, 4), ((0, 2), 10, 4), ((1, 2), 10, 0)])
>>> [p.pair for p in report.unexercised_pairs]      # f_1 > f_2 at all five points
[(1, 2)]

    Integer numpy arrays are accepted as they are; floats are not:

    >>> import numpy as np
    >>> support_certificate(net, np.array([[0, 255], [17, 3]], dtype=np.uint8)).holds
    True
    >>> support_certificate(net, np.array([[0.5, 1.0]]))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: directions has float dtype float64; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize, or give the integer data, e.g. uint8 pixels)
    >>> support_certificate(net, [(1, 2)], max_work=100)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: the support certificate would take about 210 integer multiply-adds (1 points x 2 inputs, 3 hidden units, 3 classes, 3 pairs; support_work_estimate), more than max_work=100; pass max_work=... (or None) to go ahead
    """
    t0 = time.perf_counter()
    net = check_net(net)
    arr = check_directions(directions, net.n_inputs)
    pair_list = class_pairs(pairs, net.n_classes)
    n_boundary = as_int(boundary_points, name="boundary_points", minimum=0)
    seed = as_int(seed, name="seed", minimum=0)
    _guard(net, arr.shape[0], len(pair_list), check_max_work(max_work))
    P, d = exact_directions(arr)
    reports, _ = _run(net, P, d, pair_list, n_boundary, seed, collect=False)
    return SupportReport(
        network=net, pairs=tuple(reports), n_points=int(P.shape[0]), seconds=time.perf_counter() - t0
    )


def _guard(net: ReLUNetwork, N: int, n_pairs: int, limit: int | None) -> None:
    work = support_work_estimate(net, N, n_pairs)
    if limit is not None and work > limit:
        raise SizeLimitError(
            f"the support certificate would take about {work} integer multiply-adds ({N} points x "
            f"{net.n_inputs} inputs, {net.n_hidden} hidden units, {net.n_classes} classes, {n_pairs} pairs; "
            f"support_work_estimate), more than max_work={limit}; pass max_work=... (or None) to go ahead"
        )


def support_values(
    net: ReLUNetwork, directions: Any, i: int, j: int, *, max_work: int | None = DEFAULT_MAX_WORK
) -> SupportValues:
    """The two sides compared by :func:`support_certificate` for one pair, exactly.

    Parameters
    ----------
    net : ReLUNetwork
        Integer weights ``A``, ``B``.
    directions : sequence of exact points, or a 2-D integer or object array
        As for :func:`support_certificate`.
    i, j : int
        Two different classes.
    max_work : int or None
        As for :func:`support_certificate`.

    Returns
    -------
    SupportValues
        At ``(x, 1)`` and ``(x, 0)`` for each point ``x``: ``R_ij(x)`` (recession value at
        ``t = 0``) from the network, and ``max(h_{Z1}, h_{Z2})`` from the lifted zonotopes.

    Examples
    --------
    ``f = (relu(x), relu(1 - x))``: ``R_01 = max(x^2, 1)`` tropically, i.e.
    ``max(2x, 1)`` (the term ``x`` never wins); its Newton polytope is ``[0, 2]``.

    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1])
    >>> v = support_values(net, [(3,), (Fraction(-1, 2),)], 0, 1)
    >>> v.directions
    ((3, 1), (3, 0), (Fraction(-1, 2), 1), (Fraction(-1, 2), 0))
    >>> v.from_network, v.agree
    ((6, 6, 1, 0), True)
    """
    net = check_net(net)
    arr = check_directions(directions, net.n_inputs)
    (pair,) = class_pairs([(i, j)], net.n_classes)
    _guard(net, arr.shape[0], 1, check_max_work(max_work))
    P, d = exact_directions(arr)
    _, values = _run(net, P, d, [pair], 0, 0, collect=True)
    dirs = tuple(_point(P, d, k) + (t,) for k in range(P.shape[0]) for t in (1, 0))
    return SupportValues(i=pair[0], j=pair[1], directions=dirs, from_network=tuple(values[0][0]),
                         from_zonotopes=tuple(values[0][1]))

