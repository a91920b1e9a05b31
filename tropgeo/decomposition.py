"""Route A: a network's outputs as tropical rationals, from the definitions.

For ``f(x) = B max(Ax + c1, 0) + c2`` write ``A = A+ - A-``, ``B = B+ - B-``
(entrywise positive and negative parts) and ``a_l = A+(l,:)``,
``b_l = A-(l,:)``.  Since ``max(A_l x + c1_l, 0) = max(a_l x + c1_l, b_l x) - b_l x``
(the decomposition of Zhang et al. that the paper's Section 10 uses),

``f_i = H_i - Q_i`` with

``H_i = c2_i ⊙ x^(Σ_l B-(i,l) b_l) ⊙ ⊙_l (c1_l x^(a_l) ⊕ x^(b_l))^(B+(i,l))``

``Q_i =        x^(Σ_l B+(i,l) b_l) ⊙ ⊙_l (c1_l x^(a_l) ⊕ x^(b_l))^(B-(i,l))``

and, for a pair of classes, ``R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i`` (Theorem 2).
Products are formed factor by factor, keeping only the terms on the upper
hull of the lifted points after each step (Facts 2-4), so no ``2^p``
expansion ever happens.  Weights ``A`` and ``B`` must be integers (use
:meth:`ReLUNetwork.integerized`); biases may be rational.

Examples
--------
>>> from tropgeo.network import ReLUNetwork
>>> net = ReLUNetwork([[1, -1]], [[1], [-1]])       # f1 = relu(x - y), f2 = -relu(x - y)
>>> dec = tropical_decomposition(net)
>>> str(dec.numerators[0]), str(dec.denominators[0])
('x1 ⊕ x0', 'x1')
>>> dec.output(0)((5, 2)) == net((5, 2))[0]
True
>>> str(boundary_polynomial(dec, 0, 1))
'x1^2 ⊕ x0^2'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.network import ReLUNetwork, class_index, class_pair, integral_network
from tropgeo.numbers import Exact
from tropgeo.polynomial import TropicalPolynomial, tropical_product
from tropgeo.rational import TropicalRational

__all__ = [
    "TropicalDecomposition",
    "tropical_decomposition",
    "boundary_polynomial",
    "term_bound",
    "DEFAULT_MAX_TERMS",
]

# Route A's cost grows steeply with the number of terms it carries (every product is
# reduced by an exact upper hull, cddlib's redundancy LPs): on iris, a bound of 228 took
# about 2 minutes for all pairs and one of 838 more than 10 (docs/scaling.md), so the
# default refuses before a run that would take many minutes.
DEFAULT_MAX_TERMS = 500


def _lifted_bound(net: ReLUNetwork, weights: Sequence[Exact]) -> int:
    """Gritzmann-Sturmfels bound on the vertices of the lifted zonotope
    ``sum_l weights_l [0, (A_l, c1_l)]``: it bounds the terms of every product that
    multiplies the binomials of the units with nonzero weight (Facts 2-4)."""
    from tropgeo.zonotope import zonotope

    rows = [tuple(row) + (c,) for row, c in zip(net.A, net.c1)]
    gens = [tuple(w * v for v in row) for w, row in zip(weights, rows) if w]
    return zonotope(gens, ambient_dim=net.n_inputs + 1).vertex_count_estimate()


def term_bound(net: ReLUNetwork, i: int, j: int | None = None) -> int:
    """An upper bound, before any expansion, on the number of terms Route A carries.

    For ``j = None``: the larger of the bounds for ``H_i`` and ``Q_i``.  For a pair: the
    bound for ``R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i``, the sum of those of its two halves.  Each
    is the Gritzmann-Sturmfels bound on a lifted zonotope (``2 sum_{k<r} C(L-1, k)`` for
    ``L`` distinct generator directions of rank ``r <= n + 1``).

    Examples
    --------
    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, 1, 1], [-1, 0, 2]], c1=[0, 1, 2])
    >>> term_bound(net, 0)          # H_0: three independent lifted generators, a cube's 8 corners
    8
    >>> term_bound(net, 0, 1)       # w1 = (2, 1, 1): a cube again; w2 = (0, 0, 2): a segment
    10
    """
    integral_network(net)
    k = net.n_classes
    i = class_index(i, k, name="i")
    if j is not None:
        j = class_index(j, k, name="j")
    pos = [[max(x, 0) for x in row] for row in net.B]
    neg = [[max(-x, 0) for x in row] for row in net.B]
    if j is None:
        return max(_lifted_bound(net, pos[i]), _lifted_bound(net, neg[i]))
    w1 = [a + b for a, b in zip(pos[i], neg[j])]
    w2 = [a + b for a, b in zip(neg[i], pos[j])]
    return _lifted_bound(net, w1) + _lifted_bound(net, w2)


@dataclass(frozen=True)
class TropicalDecomposition:
    """``f_i = H_i ⊘ Q_i`` for every output ``i``, with the factor lists kept.

    ``numerator_factors[i]`` and ``denominator_factors[i]`` are the factors
    whose ⊙ is ``H_i`` and ``Q_i``; ``boundary_polynomial`` multiplies by
    them one at a time.  Build with :func:`tropical_decomposition`.

    Attributes
    ----------
    network : ReLUNetwork
        The (integer-weight) network decomposed.
    numerators, denominators : tuple of TropicalPolynomial
        ``H_i`` and ``Q_i``, one per class, reduced to upper-hull terms.
    numerator_factors, denominator_factors : tuple of tuple of TropicalPolynomial
        The monomial ``c2_i ⊙ x^(...)`` (``x^(...)`` for ``Q_i``) first,
        then one binomial power per hidden unit with a nonzero weight.

    Examples
    --------
    One input, two hidden units, ``f_0 = relu(x)`` and ``f_1 = relu(1 - x)``:
    unit 0 gives the binomial ``x ⊕ 0`` and unit 1 (``A = -1``, ``c1 = 1``)
    gives ``1 ⊕ x``, so ``H_0 = x ⊕ 0``, ``Q_0 = 0``, ``H_1 = 1 ⊕ x``,
    ``Q_1 = x``.

    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1])
    >>> dec = tropical_decomposition(net)
    >>> [str(h) for h in dec.numerators], [str(q) for q in dec.denominators]
    (['0 ⊕ x0', '1 ⊕ x0'], ['0', 'x0'])
    >>> [[str(g) for g in fs] for fs in dec.numerator_factors]
    [['0', '0 ⊕ x0'], ['0', '1 ⊕ x0']]
    >>> [[str(g) for g in fs] for fs in dec.denominator_factors]
    [['0'], ['x0']]
    >>> [dec.output(i)((-2,)) for i in range(2)], net((-2,))
    ([0, 3], (0, 3))
    """

    network: ReLUNetwork
    numerators: tuple[TropicalPolynomial, ...]
    denominators: tuple[TropicalPolynomial, ...]
    numerator_factors: tuple[tuple[TropicalPolynomial, ...], ...]
    denominator_factors: tuple[tuple[TropicalPolynomial, ...], ...]

    def output(self, i: int) -> TropicalRational:
        """``f_i`` as the tropical rational ``H_i ⊘ Q_i``.

        Examples
        --------
        >>> from tropgeo.network import ReLUNetwork
        >>> dec = tropical_decomposition(ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1]))
        >>> f1 = dec.output(1)                      # (1 ⊕ x) ⊘ x = relu(1 - x)
        >>> f1((-2,)), f1((0,)), f1((5,))
        (3, 1, 0)
        """
        k = len(self.numerators)
        i = class_index(i, k, name="i")
        return TropicalRational(self.numerators[i], self.denominators[i])


def _factors(net: ReLUNetwork, i: int, *, positive: bool) -> tuple[TropicalPolynomial, ...]:
    n = net.n_inputs
    a = [tuple(max(v, 0) for v in row) for row in net.A]
    b = [tuple(max(-v, 0) for v in row) for row in net.A]
    own = [max(v, 0) if positive else max(-v, 0) for v in net.B[i]]     # power of unit l's binomial
    other = [max(-v, 0) if positive else max(v, 0) for v in net.B[i]]   # weight of b_l in the monomial
    mono_exp = tuple(sum(other[l] * b[l][k] for l in range(net.n_hidden)) for k in range(n))
    coeff: Exact = net.c2[i] if positive else 0
    factors = [TropicalPolynomial({mono_exp: coeff})]
    for l in range(net.n_hidden):
        w = own[l]
        if w == 0:
            continue
        binomial = TropicalPolynomial({a[l]: net.c1[l]}) + TropicalPolynomial({b[l]: 0})
        factors.append(binomial.power(int(w), reduce=True))
    return tuple(factors)


def _check_max_terms(max_terms: int) -> None:
    if isinstance(max_terms, bool) or not isinstance(max_terms, (int, np.integer)) or max_terms < 1:
        raise InvalidInputError(f"max_terms={max_terms!r} must be an int >= 1")


def tropical_decomposition(net: ReLUNetwork, *, max_terms: int = DEFAULT_MAX_TERMS) -> TropicalDecomposition:
    """Route A: ``H_i`` and ``Q_i`` of every output of an integer-weight network.

    Parameters
    ----------
    net : ReLUNetwork
        Integer ``A`` and ``B`` (rational biases allowed).
    max_terms : int
        Refuse, before expanding anything, when :func:`term_bound` of some ``H_i`` or
        ``Q_i`` exceeds this.

    Returns
    -------
    TropicalDecomposition
        ``H_i``, ``Q_i`` and their factors for every class ``i``, with
        ``f_i(x) == H_i(x) - Q_i(x)`` exactly.

    Raises
    ------
    InvalidInputError
        If ``net`` is not a :class:`ReLUNetwork` or its ``A`` or ``B`` is not integral.

    Examples
    --------
    ``f_0 = relu(x)`` and ``f_1 = relu(1 - x)``: ``H_0 = x ⊕ 0`` over
    ``Q_0 = 0``, and ``H_1 = 1 ⊕ x`` over ``Q_1 = x`` (``max(1, x) - x``).

    >>> from tropgeo.network import ReLUNetwork
    >>> net = ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1])
    >>> dec = tropical_decomposition(net)
    >>> str(dec.numerators[1]), str(dec.denominators[1])
    ('1 ⊕ x0', 'x0')
    >>> all(tuple(dec.output(i)((x,)) for i in range(2)) == net((x,)) for x in range(-3, 4))
    True

    Rational weights are refused; integerize first (same decision boundaries):

    >>> from fractions import Fraction
    >>> half = ReLUNetwork([[Fraction(1, 2)]], [[1], [0]])
    >>> tropical_decomposition(half)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: net must have integer weights A and B (Theorem 2 assumes A, B integral); use net.integerized().network, which has the same decision boundaries
    >>> str(tropical_decomposition(half.integerized().network).numerators[0])
    '0 ⊕ x0'
    """
    net = integral_network(net)
    _check_max_terms(max_terms)
    for i in range(net.n_classes):
        bound = term_bound(net, i)
        if bound > max_terms:
            raise SizeLimitError(
                f"H_{i} or Q_{i} may have up to {bound} terms (Gritzmann-Sturmfels bound on its "
                f"lifted zonotope), more than max_terms={max_terms}; pass max_terms=... to raise it"
            )
    nf = tuple(_factors(net, i, positive=True) for i in range(net.n_classes))
    df = tuple(_factors(net, i, positive=False) for i in range(net.n_classes))
    return TropicalDecomposition(
        network=net,
        numerators=tuple(tropical_product(f) for f in nf),
        denominators=tuple(tropical_product(f) for f in df),
        numerator_factors=nf,
        denominator_factors=df,
    )


def boundary_polynomial(dec: TropicalDecomposition, i: int, j: int) -> TropicalPolynomial:
    """``R_ij = H_i ⊙ Q_j ⊕ H_j ⊙ Q_i``, reduced to its upper-hull terms.

    ``T(R_ij)`` contains the boundary between classes ``i`` and ``j``
    (Theorem 2, part 1); ``δ(R_ij)`` is the convex hull of two zonotopes
    (part 2).

    Parameters
    ----------
    dec : TropicalDecomposition
        From :func:`tropical_decomposition`.
    i, j : int
        Two different class indices in ``[0, n_classes)``.

    Returns
    -------
    TropicalPolynomial
        ``R_ij`` with only its upper-hull terms (the same function).

    Examples
    --------
    For ``f_0 = relu(x)`` and ``f_1 = relu(1 - x)``,
    ``R_01 = (x ⊕ 0) ⊙ x ⊕ (1 ⊕ x) ⊙ 0 = x^2 ⊕ x ⊕ 1``; the term ``x``
    never wins, leaving ``x^2 ⊕ 1``, whose tropical hypersurface is the
    single point ``x = 1/2``, the decision boundary ``relu(x) = relu(1 - x)``.

    >>> from fractions import Fraction
    >>> from tropgeo.network import ReLUNetwork
    >>> dec = tropical_decomposition(ReLUNetwork([[1], [-1]], [[1, 0], [0, 1]], c1=[0, 1]))
    >>> R = boundary_polynomial(dec, 0, 1)
    >>> str(R)
    '1 ⊕ x0^2'
    >>> R.is_on_hypersurface((Fraction(1, 2),)), R.is_on_hypersurface((0,))
    (True, False)
    >>> boundary_polynomial(dec, 0, 0)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: i and j must be different classes, got i = j = 0
    """
    if not isinstance(dec, TropicalDecomposition):
        raise InvalidInputError(f"dec must be a TropicalDecomposition, got {type(dec).__name__}")
    k = dec.network.n_classes
    i, j = class_pair(i, j, k)
    left = tropical_product((dec.numerators[i],) + dec.denominator_factors[j])
    right = tropical_product((dec.numerators[j],) + dec.denominator_factors[i])
    return (left + right).reduced()


