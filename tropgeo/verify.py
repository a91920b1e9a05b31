"""``verify_theorem2``: Theorem 2 and Proposition 1 checked exactly on one network.

For every pair of classes ``(i, j)``:

* **Part 2, two routes.**  Route A builds ``R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i``
  from the network's tropical decomposition (:mod:`tropgeo.decomposition`)
  and takes the upper hull of its lifted terms.  Route B enumerates the
  vertices of the two (lifted) zonotopes of Corollary 1 with the
  hyperplane-arrangement algorithm (:mod:`tropgeo.zonotope`) and takes the
  upper hull of their union.  Part 2 holds iff both give the same upper
  vertices (hence the same function ``R``), the same cells of δ(R), and the
  same Newton polytope ``ConvHull(Z_G1, Z_G2)``.
* **Proposition 1.**  The zonotopes built from Theorem 2's segments with
  arbitrary end points (``Zonotope.from_segments``) equal Corollary 1's
  generator form, and, independently, the Minkowski sum of the segments
  computed by cddlib's exact hull.
* **Part 1.**  At exact points ``x`` with ``f_i(x) = f_j(x)`` on the
  boundary of ``{f_i > f_j}`` (found between sample points, see
  :mod:`tropgeo.boundary`), Route A's ``H_i - Q_i`` equals the network's
  ``f_i`` and ``R_ij`` attains its maximum at two or more terms.

The literal statement ``{f_i = f_j} ⊆ T(R)`` fails where ``f_i ≡ f_j`` on an
open set (e.g. where every hidden unit is off and ``c2_i = c2_j``): there the
maximising terms of both halves of ``R`` coincide.  Points on the boundary of
``{f_i > f_j}`` - the decision boundary proper - are always in ``T(R)``; that
is what is checked (docs/theorem2.md).

Examples
--------
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, -1, 2], [-1, 1, 0]], c1=[0, 1, -1], c2=[0, 1])
>>> report = verify_theorem2(net, points=[(2, 0), (0, 2), (-1, 3), (3, -2)])
>>> report.holds, [(p.i, p.j, p.holds) for p in report.pairs]
(True, [(0, 1, True)])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from math import comb
from typing import Any, Callable, Sequence

import numpy as np

from tropgeo.boundary import boundary_points
from tropgeo.decomposition import (
    DEFAULT_MAX_TERMS,
    TropicalDecomposition,
    boundary_polynomial,
    term_bound,
    tropical_decomposition,
)
from tropgeo.duality import dual_subdivision, lifted_polytope, newton_polytope
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.network import ReLUNetwork, class_pairs, integral_network
from tropgeo.numbers import Exact, as_exact_vector
from tropgeo.polytope import convex_hull, minkowski_sum
from tropgeo.theorem2 import (
    corollary1_zonotopes,
    decision_boundary_subdivision,
    theorem2_segments,
)
from tropgeo.zonotope import Zonotope
from tropgeo.zonotope_hull import convex_hull_of_zonotopes

__all__ = ["PairReport", "Theorem2Report", "verify_theorem2", "DEFAULT_MAX_INPUTS"]

DEFAULT_MAX_INPUTS = 64

Point = tuple[Exact, ...]


@dataclass(frozen=True)
class PairReport:
    """What was checked for one pair of classes, and the witnesses.

    ``part2_holds``: Route A and Route B agree (upper vertices, cells, Newton polytope and,
    with biases, the lifted polytope).  ``part1_holds``: no failure at the boundary points
    checked; ``part1_exercised`` says whether there was at least one.
    ``proposition1_holds``: the generator form agrees with the segments, and the cdd
    Minkowski sum too unless ``proposition1_cross_checked`` is false (skipped as too large).

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> p = verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])).pairs[0]
    >>> (p.i, p.j), p.part2_holds, p.part1_exercised, p.proposition1_cross_checked
    ((0, 1), True, True, True)
    >>> p.n_vertices, p.n_cells, p.boundary_points[:2]      # δ(R): the triangle conv(0, e1, e2)
    (3, 1, ((0, 0), (Fraction(4, 3), Fraction(4, 3))))
    """

    i: int
    j: int
    upper_vertices_equal: bool
    cells_equal: bool
    newton_polytopes_equal: bool
    lifted_polytopes_equal: bool
    proposition1_generators: bool
    proposition1_minkowski: bool | None  # None: skipped (too large for the cdd cross-check)
    n_terms_R: int
    n_vertices: int
    n_cells: int
    boundary_points: tuple[Point, ...]
    part1_failures: tuple[Point, ...]
    decomposition_failures: tuple[Point, ...]
    seconds: float
    part2_witness: Point | None = None  # an upper vertex found by one route only

    @property
    def part2_holds(self) -> bool:
        """Whether Route A and Route B agree (upper vertices, cells, Newton and lifted polytopes).

        Examples
        --------
        >>> p = verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])).pairs[0]
        >>> p.part2_holds, p.upper_vertices_equal, p.cells_equal
        (True, True, True)
        """
        return (
            self.upper_vertices_equal
            and self.cells_equal
            and self.newton_polytopes_equal
            and self.lifted_polytopes_equal
        )

    @property
    def part1_exercised(self) -> bool:
        """Whether part 1 was checked at one boundary point at least (it holds vacuously
        when none was found: the samples and far probes never showed both signs of
        ``f_i - f_j``, or ``max_boundary_points`` was 0).

        Examples
        --------
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> verify_theorem2(net).pairs[0].part1_exercised
        True
        >>> verify_theorem2(net, max_boundary_points=0).pairs[0].part1_exercised
        False
        """
        return bool(self.boundary_points)

    @property
    def proposition1_cross_checked(self) -> bool:
        """Whether the independent cdd Minkowski-sum route of Proposition 1 ran.

        Examples
        --------
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> verify_theorem2(net).pairs[0].proposition1_cross_checked
        True
        >>> verify_theorem2(net, minkowski_limit=0).pairs[0].proposition1_cross_checked
        False
        """
        return self.proposition1_minkowski is not None

    @property
    def proposition1_holds(self) -> bool:
        """Whether the generator form agrees with the segments (and with the cdd Minkowski sum, when it ran).

        Examples
        --------
        >>> p = verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])).pairs[0]
        >>> p.proposition1_holds, p.proposition1_generators, p.proposition1_minkowski
        (True, True, True)
        """
        return self.proposition1_generators and self.proposition1_minkowski is not False

    @property
    def part1_holds(self) -> bool:
        """Whether no boundary point checked failed part 1 or the decomposition ``f_i = H_i - Q_i``.

        Examples
        --------
        >>> p = verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])).pairs[0]
        >>> p.part1_holds, len(p.boundary_points), p.part1_failures
        (True, 3, ())
        """
        return not self.part1_failures and not self.decomposition_failures

    @property
    def holds(self) -> bool:
        """Whether part 1, part 2 and Proposition 1 all hold for this pair.

        Examples
        --------
        >>> p = verify_theorem2(ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])).pairs[0]
        >>> p.holds, (p.part1_holds, p.part2_holds, p.proposition1_holds)
        (True, (True, True, True))
        """
        return self.part1_holds and self.part2_holds and self.proposition1_holds


@dataclass(frozen=True)
class Theorem2Report:
    """The outcome of :func:`verify_theorem2` for a whole network.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])     # f_2 = 0
    >>> report = verify_theorem2(net)
    >>> report.holds, [(p.i, p.j) for p in report.pairs], report.failing_pairs
    (True, [(0, 1), (0, 2), (1, 2)], ())
    """

    network: ReLUNetwork
    pairs: tuple[PairReport, ...]
    mode: str = "exhaustive"
    notes: tuple[str, ...] = field(default=())

    @property
    def holds(self) -> bool:
        """Whether every checked pair holds (see :attr:`PairReport.holds`).

        Examples
        --------
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])     # f_2 = 0 <= f_0, f_1
        >>> verify_theorem2(net).holds
        True
        """
        return all(p.holds for p in self.pairs)

    @property
    def failing_pairs(self) -> tuple[PairReport, ...]:
        """The pairs for which something failed (empty when :attr:`holds`).

        Examples
        --------
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])     # f_2 = 0 <= f_0, f_1
        >>> verify_theorem2(net).failing_pairs
        ()
        """
        return tuple(p for p in self.pairs if not p.holds)

    @property
    def unexercised_pairs(self) -> tuple[PairReport, ...]:
        """Pairs where part 1 holds only vacuously (no boundary point was found).

        Examples
        --------
        ``f_0 - f_2 = relu(x)`` and ``f_1 - f_2 = relu(y)`` never change sign:

        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])     # f_2 = 0 <= f_0, f_1
        >>> [(p.i, p.j) for p in verify_theorem2(net).unexercised_pairs]
        [(0, 2), (1, 2)]
        """
        return tuple(p for p in self.pairs if not p.part1_exercised)


def _minkowski_of_segments(segments: Sequence[tuple[Point, Point]], point: Point) -> tuple[Point, ...]:
    poly = convex_hull([point], max_work=None)
    for u1, u2 in segments:
        if u1 != u2:
            poly = minkowski_sum(poly, convex_hull([u1, u2], max_work=None))
    return poly.vertices


def _zonotope_size(z: Zonotope) -> int:
    L, r = z.n_generators, z.dim
    if L == 0:
        return 1
    return 2 * sum(comb(L - 1, k) for k in range(r))


def _check_pair(
    dec: TropicalDecomposition,
    i: int,
    j: int,
    points: Sequence[Point],
    max_boundary_points: int,
    seed: int,
    minkowski_limit: int,
) -> PairReport:
    t0 = time.perf_counter()
    net = dec.network
    # Route A: from the definitions.
    R = boundary_polynomial(dec, i, j)
    sub_a = dual_subdivision(R)
    # Route B: Corollary 1's zonotopes, lifted with the biases.
    sub_b = decision_boundary_subdivision(net, i, j)
    z1, z2 = corollary1_zonotopes(net, i, j)
    hull_b = convex_hull_of_zonotopes(z1, z2)
    newton_a = newton_polytope(R, max_work=None)
    # Lifted form (the polytope whose upper hull is δ(R)): Route B's upper vertices vs R's terms.
    lifted_equal = True
    if net.has_biases:
        # decision_boundary_polytope(net, i, j), without recomputing the subdivision
        lifted_equal = convex_hull(sub_b.upper_vertices, max_work=None) == lifted_polytope(R, max_work=None)
    only_one = sorted(set(sub_a.upper_vertices) ^ set(sub_b.upper_vertices))
    # Proposition 1: arbitrary-end-point segments vs generator form, and vs cdd's Minkowski sum.
    seg1, pt1, seg2, pt2 = theorem2_segments(net, i, j)
    prop_gen = True
    prop_mink: bool | None = True
    for segs, pt, z in ((seg1, pt1, z1), (seg2, pt2, z2)):
        from_segs = Zonotope.from_segments(tuple(segs) + ((pt, pt),))
        prop_gen = prop_gen and from_segs == z and from_segs.vertices == z.vertices
        if _zonotope_size(z) * max(1, z.n_generators) <= minkowski_limit:
            prop_mink = prop_mink and _minkowski_of_segments(segs, pt) == z.vertices
        else:
            prop_mink = None
    # Part 1 at exact boundary points.
    bpts = boundary_points(net, i, j, points, max_points=max_boundary_points, seed=seed)
    fails, dec_fails = [], []
    hi, qi = dec.numerators[i], dec.denominators[i]
    hj, qj = dec.numerators[j], dec.denominators[j]
    for x in bpts:
        out = net(x)
        if out[i] != out[j] or hi(x) - qi(x) != out[i] or hj(x) - qj(x) != out[j]:
            dec_fails.append(x)
        if not R.is_on_hypersurface(x):
            fails.append(x)
    return PairReport(
        i=i,
        j=j,
        upper_vertices_equal=sub_a.upper_vertices == sub_b.upper_vertices,
        cells_equal=sub_a.cells == sub_b.cells,
        newton_polytopes_equal=newton_a == hull_b == sub_b.polytope,
        lifted_polytopes_equal=lifted_equal,
        proposition1_generators=prop_gen,
        proposition1_minkowski=prop_mink,
        n_terms_R=R.n_terms,
        n_vertices=hull_b.n_vertices,
        n_cells=len(sub_a.cells),
        boundary_points=bpts,
        part1_failures=tuple(fails),
        decomposition_failures=tuple(dec_fails),
        seconds=time.perf_counter() - t0,
        part2_witness=only_one[0] if only_one else None,
    )


def verify_theorem2(
    net: ReLUNetwork,
    *,
    points: Sequence[Any] | None = None,
    pairs: Sequence[tuple[int, int]] | None = None,
    max_boundary_points: int = 16,
    seed: int = 0,
    minkowski_limit: int = 20_000,
    progress: Callable[[str], None] | None = None,
    max_terms: int = DEFAULT_MAX_TERMS,
    max_inputs: int = DEFAULT_MAX_INPUTS,
) -> Theorem2Report:
    """Check Theorem 2 (both parts) and Proposition 1 exactly on ``net``.

    Parameters
    ----------
    net : ReLUNetwork
        Integer weights ``A``, ``B`` (use ``net.integerized().network``);
        biases may be rational.
    points : sequence of exact points, optional
        Samples (e.g. the rationalized data) between which boundary points are
        sought.  Default: the corners and centre of the box [-4, 4]^n plus the
        unit vectors and their negatives scaled by 4.
    pairs : sequence of (i, j), optional
        Class pairs to check; default every pair ``i < j``.
    max_boundary_points : int
        Boundary points per pair for part 1.
    seed : int
        Seed of the choice of sample pairs.
    minkowski_limit : int
        Skip the cdd Minkowski-sum cross-check of Proposition 1 for zonotopes
        whose estimated work (vertex bound times generators) exceeds this.
    progress : callable, optional
        Called with a short message before each pair.
    max_terms : int
        Refuse, before any expansion, when some ``R_ij`` may have more terms than this
        (:func:`tropgeo.decomposition.term_bound`); the message gives the bound.
    max_inputs : int
        Refuse networks with more inputs than this: the exhaustive check works with exact
        polytopes in ``R^(n+1)`` and its row reductions grow with ``n``.

    Returns
    -------
    Theorem2Report

    Raises
    ------
    InvalidInputError
        For a net that is not an integer-weight :class:`ReLUNetwork`, bad pairs, points or
        options.
    SizeLimitError
        When the check would exceed ``max_terms`` or ``max_inputs`` (before any work).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[Fraction(1, 2), 0])
    >>> report = verify_theorem2(net, max_boundary_points=3)
    >>> p = report.pairs[0]
    >>> report.holds, p.part2_holds, len(p.boundary_points), p.n_terms_R
    (True, True, 3, 3)

    A network with float weights must be integerized first:

    >>> verify_theorem2(ReLUNetwork([[Fraction(1, 2)]], [[1], [-1]]))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: net must have integer weights A and B (Theorem 2 assumes A, B integral); use net.integerized().network, which has the same decision boundaries
    """
    integral_network(net)
    n, k = net.n_inputs, net.n_classes
    for name, val, low in (("max_boundary_points", max_boundary_points, 0), ("seed", seed, 0),
                           ("minkowski_limit", minkowski_limit, 0), ("max_terms", max_terms, 1),
                           ("max_inputs", max_inputs, 1)):
        if isinstance(val, bool) or not isinstance(val, (int, np.integer)) or val < low:
            raise InvalidInputError(f"{name}={val!r} must be an int >= {low}")
    if progress is not None and not callable(progress):
        raise InvalidInputError(f"progress={progress!r} must be callable (it is given one message string)")
    if k < 2:
        raise InvalidInputError(f"net has {k} output; Theorem 2 compares two classes, so it needs at least 2")
    pairs = class_pairs(pairs, k)
    if n > max_inputs:
        raise SizeLimitError(
            f"the network has {n} inputs, more than max_inputs={max_inputs}: the exhaustive check "
            f"computes exact polytopes in R^{n + 1}; pass max_inputs=... to try anyway "
            "(or use the support-function certificate, tropgeo.support.support_certificate)"
        )
    for a, b in pairs:
        bound = term_bound(net, a, b)
        if bound > max_terms:
            raise SizeLimitError(
                f"pair ({a}, {b}): R may have up to {bound} terms (Gritzmann-Sturmfels bounds on the "
                f"two lifted zonotopes), more than max_terms={max_terms}; the exhaustive check's time "
                "grows quickly with this number (docs/scaling.md); pass max_terms=... to raise the limit"
            )
    sample: Sequence[Point]
    if points is None:
        corners = [tuple(4 if (m >> t) & 1 else -4 for t in range(n)) for m in range(min(2**n, 64))]
        axes = [tuple((s * 4 if t == u else 0) for t in range(n)) for u in range(n) for s in (1, -1)]
        sample = [tuple([0] * n)] + corners + axes
    else:
        if isinstance(points, (str, bytes)) or not hasattr(points, "__iter__"):
            raise InvalidInputError(f"points={points!r} must be a sequence of points")
        sample = [as_exact_vector(p, name=f"points[{m}]") for m, p in enumerate(points)]
        for m, p in enumerate(sample):
            if len(p) != n:
                raise InvalidInputError(f"points[{m}] has length {len(p)}, the network has {n} inputs")
    if progress:
        progress("tropical decomposition (Route A): H_i, Q_i for every class")
    dec = tropical_decomposition(net, max_terms=max_terms)
    reports = []
    for a, b in pairs:
        if progress:
            progress(f"pair ({a}, {b}): Route A upper hull, Route B zonotopes, Proposition 1, boundary points")
        reports.append(_check_pair(dec, a, b, sample, max_boundary_points, seed, minkowski_limit))
    return Theorem2Report(network=net, pairs=tuple(reports))
