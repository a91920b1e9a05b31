"""The reports of :mod:`tropgeo.support`: what was checked, for each pair and for the whole
network, and the values compared.

These are frozen values; :func:`tropgeo.support.support_certificate` and
:func:`tropgeo.support.support_values` build them (import them from :mod:`tropgeo.support`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tropgeo.network import ReLUNetwork
from tropgeo.numbers import Exact

__all__ = ["SupportPairReport", "SupportReport", "SupportValues"]

Point = tuple[Exact, ...]



@dataclass(frozen=True, repr=False)
class SupportPairReport:
    """What :func:`~tropgeo.support.support_certificate` checked for one class pair, and the witness.

    Attributes
    ----------
    i, j : int
        The classes.
    n_directions : int
        Lifted directions checked: ``(x, 1)`` and ``(x, 0)`` for each of the ``N`` points.
    n_agree : int
        Directions where the support function of the lifted Newton polytope of ``R_ij``
        (from the network) equals that of ``ConvHull(lifted Z_G1, lifted Z_G2)`` (from the
        zonotopes): Theorem 2's statement.
    n_halves_agree : int
        Directions where, moreover, each lifted zonotope's support function equals its half:
        ``h_{Z1} = H_i + Q_j`` and ``h_{Z2} = H_j + Q_i`` (at ``(x, 0)``: without biases).
    n_decomposition_agree : int
        Directions where ``f_i - f_j = (H_i - Q_i) - (H_j - Q_j)``.
    witness : tuple or None
        The first lifted direction ``(x_1, ..., x_n, t)`` (``t`` 1 or 0; points in the
        order given, ``t = 1`` first) at which one of the three checks failed.
    witness_check : str or None
        Which one: ``"support"``, ``"halves"`` or ``"decomposition"``.
    witness_values : (int or Fraction, int or Fraction) or None
        ``(R side, hull side)`` at the witness: ``R(x)`` and ``max(h_{Z1}, h_{Z2})`` at
        ``(x, 1)``, the recession values at ``(x, 0)``.
    boundary_points : tuple of exact points
        Exact points of the boundary of ``{f_i > f_j}`` at which Part 1 was checked.
    boundary_failures : tuple of exact points
        Those among them where ``f_i != f_j``, ``f_c != H_c - Q_c`` or ``x`` is not in ``T(R)``.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> from tropgeo.support import support_certificate
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])      # f = (relu(x), relu(y))
    >>> p = support_certificate(net, [(2, 1), (1, 3), (-1, -1)]).pairs[0]
    >>> p
    SupportPairReport(i=0, j=1, n_directions=6, n_agree=6, n_boundary_points=1, holds=True)
    >>> p.pair, p.witness, p.boundary_points
    ((0, 1), None, ((Fraction(5, 3), Fraction(5, 3)),))
    """

    i: int
    j: int
    n_directions: int
    n_agree: int
    n_halves_agree: int
    n_decomposition_agree: int
    witness: Point | None
    witness_check: str | None
    witness_values: tuple[Exact, Exact] | None
    boundary_points: tuple[Point, ...]
    boundary_failures: tuple[Point, ...]

    def __repr__(self) -> str:
        return (
            f"SupportPairReport(i={self.i}, j={self.j}, n_directions={self.n_directions}, "
            f"n_agree={self.n_agree}, n_boundary_points={len(self.boundary_points)}, holds={self.holds})"
        )

    @property
    def pair(self) -> tuple[int, int]:
        """``(i, j)``.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> net = ReLUNetwork([[1]], [[1], [0], [-1]])
        >>> [p.pair for p in support_certificate(net, [(1,), (-1,)]).pairs]
        [(0, 1), (0, 2), (1, 2)]
        """
        return (self.i, self.j)

    @property
    def part1_exercised(self) -> bool:
        """Whether Part 1 was checked at one boundary point at least (none is found when no
        two given points have opposite signs of ``f_i - f_j``).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> net = ReLUNetwork([[1]], [[1], [-1]])                   # f_0 - f_1 = 2 relu(x) >= 0
        >>> support_certificate(net, [(1,), (-1,)]).pairs[0].part1_exercised
        False
        """
        return bool(self.boundary_points)

    @property
    def holds(self) -> bool:
        """Whether every check passed: the support functions, the halves and the
        decomposition agree at every direction, and Part 1 holds at every boundary point.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> support_certificate(net, [(2, 1), (1, 3)]).pairs[0].holds
        True
        """
        n = self.n_directions
        return (
            self.n_agree == n
            and self.n_halves_agree == n
            and self.n_decomposition_agree == n
            and not self.boundary_failures
        )


@dataclass(frozen=True, repr=False)
class SupportReport:
    """The outcome of :func:`~tropgeo.support.support_certificate` for a whole network.

    Attributes
    ----------
    network : ReLUNetwork
        The integer-weight network checked.
    pairs : tuple of SupportPairReport
        One per class pair, in the order checked.
    n_points : int
        Number ``N`` of points given (each gives two lifted directions).
    seconds : float
        Wall time of the whole certificate.
    mode : str
        ``"support-function"`` (:func:`tropgeo.verify_theorem2` is ``"exhaustive"``).

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> from tropgeo.support import support_certificate
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, 0], [0, 1], [0, 0]])
    >>> report = support_certificate(net, [(2, 1), (1, 3), (-1, 2)])
    >>> report
    SupportReport(mode='support-function', n_points=3, n_pairs=3, holds=True)
    >>> report.failing_pairs, [p.pair for p in report.unexercised_pairs]
    ((), [(0, 2), (1, 2)])
    """

    network: ReLUNetwork
    pairs: tuple[SupportPairReport, ...]
    n_points: int
    seconds: float
    mode: str = "support-function"

    def __repr__(self) -> str:
        return (
            f"SupportReport(mode={self.mode!r}, n_points={self.n_points}, "
            f"n_pairs={len(self.pairs)}, holds={self.holds})"
        )

    @property
    def holds(self) -> bool:
        """Whether every pair holds (:attr:`SupportPairReport.holds`).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).holds
        True
        """
        return all(p.holds for p in self.pairs)

    @property
    def failing_pairs(self) -> tuple[SupportPairReport, ...]:
        """The pairs where a check failed (empty when :attr:`holds`).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).failing_pairs
        ()
        """
        return tuple(p for p in self.pairs if not p.holds)

    @property
    def unexercised_pairs(self) -> tuple[SupportPairReport, ...]:
        """The pairs where Part 1 was not exercised (no boundary point found).

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> [p.pair for p in support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,)]).unexercised_pairs]
        [(0, 1)]
        """
        return tuple(p for p in self.pairs if not p.part1_exercised)

    @property
    def proves(self) -> str:
        """What the certificate proves, and what it does not, in words.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_certificate
        >>> print(support_certificate(ReLUNetwork([[1]], [[1], [-1]]), [(1,), (2,)]).proves)
        For each of the 1 class pairs (i, j) checked, the support functions of the lifted Newton
        polytope of R_ij (from the network: R_ij(x) = max(f_i, f_j) + Q_i + Q_j and its recession
        value) and of ConvHull(lifted Z_G1, lifted Z_G2) (from the zonotopes' generators and shifts)
        agree at the 4 exact directions (x, 1) and (x, 0) for the 2 points x given (which include
        the data points when the data is given), and so does each lifted zonotope with its half
        H_i + Q_j, H_j + Q_i; f_i - f_j = (H_i - Q_i) - (H_j - Q_j) there. This is agreement at
        finitely many directions, not equality of the polytopes; any disagreement would falsify
        Theorem 2 for this network. Part 1: the 0 exact points of the decision boundary found
        between given points lie on T(R_ij).
        """
        n_bp = sum(len(p.boundary_points) for p in self.pairs)
        text = (
            f"For each of the {len(self.pairs)} class pairs (i, j) checked, the support functions of the lifted "
            "Newton polytope of R_ij (from the network: R_ij(x) = max(f_i, f_j) + Q_i + Q_j and its recession "
            "value) and of ConvHull(lifted Z_G1, lifted Z_G2) (from the zonotopes' generators and shifts) agree "
            f"at the {2 * self.n_points} exact directions (x, 1) and (x, 0) for the {self.n_points} points x given "
            "(which include the data points when the data is given), and so does each lifted zonotope with its "
            "half H_i + Q_j, H_j + Q_i; f_i - f_j = (H_i - Q_i) - (H_j - Q_j) there. This is agreement at "
            "finitely many directions, not equality of the polytopes; any disagreement would falsify Theorem 2 "
            f"for this network. Part 1: the {n_bp} exact points of the decision boundary found between given "
            "points lie on T(R_ij)."
        )
        if not self.holds:
            text = "FAILED (see failing_pairs). Claimed, had every check passed: " + text
        return "\n".join(textwrap.wrap(text, 96))


@dataclass(frozen=True, repr=False)
class SupportValues:
    """Both sides of the support-function comparison for one pair, at every direction.

    Attributes
    ----------
    i, j : int
        The classes.
    directions : tuple of exact points
        The lifted directions ``(x, 1), (x, 0)`` for each point ``x`` in order.
    from_network : tuple of int or Fraction
        ``R_ij(x)`` at ``(x, 1)`` and its recession value at ``(x, 0)``, from the network.
    from_zonotopes : tuple of int or Fraction
        ``max(h_{Z1}(u), h_{Z2}(u))`` for the lifted zonotopes of
        :func:`tropgeo.theorem2.lifted_zonotopes`.

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> from tropgeo.support import support_values
    >>> v = support_values(ReLUNetwork([[1]], [[1], [-1]], c1=[1]), [(2,)], 0, 1)
    >>> v
    SupportValues(i=0, j=1, n_directions=2, agree=True)
    >>> v.directions, v.from_network     # R = max(f_0, f_1) + Q_0 + Q_1 = 3 + 0 + 3; recession 2 + 0 + 2
    (((2, 1), (2, 0)), (6, 4))
    """

    i: int
    j: int
    directions: tuple[Point, ...]
    from_network: tuple[Exact, ...]
    from_zonotopes: tuple[Exact, ...]

    def __repr__(self) -> str:
        return (
            f"SupportValues(i={self.i}, j={self.j}, n_directions={len(self.directions)}, agree={self.agree})"
        )

    @property
    def agree(self) -> bool:
        """Whether the two sides are equal at every direction.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> from tropgeo.support import support_values
        >>> support_values(ReLUNetwork([[1]], [[1], [-1]]), [(2,), (-3,)], 0, 1).agree
        True
        """
        return self.from_network == self.from_zonotopes
