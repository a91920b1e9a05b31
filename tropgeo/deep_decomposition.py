"""An MLP of any depth as tropical rationals, exactly (Zhang et al., Theorem 1).

Each layer maps a pair of tropical polynomials per unit, ``(F_j, G_j)`` with
``F_j - G_j = s h_j`` (``h_j`` the unit's output, ``s > 0`` the scale carried so far), to a
new pair.  With ``W = W+ - W-`` (entrywise positive and negative parts, integers):

* the affine layer ``z = W h + b`` gives ``H_k = (s b_k) ⊙ ⊙_j F_j^(W+_kj) ⊙ G_j^(W-_kj)`` and
  ``Q_k = ⊙_j G_j^(W+_kj) ⊙ F_j^(W-_kj)``, so ``H_k - Q_k = s z_k``;
* the activation ``σ(z) = max(z, 0) + α min(z, 0)`` with ``α = p/q`` is
  ``q σ(z) = (q - p) relu(z) + p z``; with ``M = H ⊕ Q`` (``s relu(z) = M - Q``) this is
  ``s q σ(z) = (q - p) M + p H - q Q``, and the terms with a positive coefficient form the
  new ``F``, the others the new ``G`` (``α = 0`` gives Zhang's ``(H ⊕ Q, Q)``).  The scale
  becomes ``s q``, which every later bias is multiplied by.

At the output ``H_i - Q_i = scale * f_i``.  Weights must be integers for the powers to be
tropical: :func:`mlp_decomposition` always expands ``net.integerized().network`` (same
decision boundaries, computing ``c f`` for an exact ``c > 0``) and folds ``c`` into
:attr:`MLPDecomposition.scale`, so the recorded scale is ``c`` times the product of the
slopes' denominators.  Every product keeps only upper-hull terms (the Minkowski sum's
vertices, Facts 2-4), and is refused before it is formed when a bound on its size exceeds
``max_terms``: the smallest of the product of the factors' term counts, the number of
regions of the hyperplanes where the factors break, and the number of linear regions of the
layers below (every carried polynomial is affine on each, so has at most that many terms).

Examples
--------
``f = (σ(x), -σ(x))`` with the LeakyReLU ``α = 1/2``: ``2 σ(x) = relu(x) + x``, so
``H_0 = (x ⊕ 0) ⊙ x = x^2 ⊕ x`` over ``Q_0 = 0`` with ``scale = 2``.

>>> from fractions import Fraction
>>> from tropgeo.mlp import MLP
>>> net = MLP([[[1]], [[1], [-1]]], negative_slopes=[Fraction(1, 2)])
>>> dec = mlp_decomposition(net)
>>> str(dec.numerators[0]), str(dec.denominators[0]), dec.scale
('x0 ⊕ x0^2', '0', 2)
>>> dec.output(0)((-3,)), net((-3,))[0]                      # 2 * (-3/2)
(-3, Fraction(-3, 2))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

import numpy as np

from tropgeo.decomposition import DEFAULT_MAX_TERMS
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.mlp import MLP
from tropgeo.network import class_index
from tropgeo.numbers import Exact, canonical as _canon
from tropgeo.polynomial import TropicalPolynomial
from tropgeo.rational import TropicalRational

__all__ = ["MLPDecomposition", "mlp_decomposition"]

# The size estimate looks at differences of lifted points; beyond these many it settles
# for a cruder (still valid) bound, and beyond _RANK_BUDGET matrix entries it bounds the
# rank by the dimension instead of eliminating, so that refusing a 784-input network
# takes a second, not minutes.
_MAX_PAIRS = 20_000
_RANK_BUDGET = 20_000

Sparse = tuple[tuple[tuple[int, int], ...], Exact]
Factor = tuple[TropicalPolynomial, Sparse | None, int]
Point = tuple[Exact, ...]
Directions = dict[TropicalPolynomial, set[tuple[int, ...]]]


def _primitive(v: Sequence[Exact]) -> tuple[int, ...]:
    """The primitive integer vector along ``±v`` whose first nonzero entry is positive."""
    ints: list[int]
    if all(type(x) is int for x in v):
        ints = [int(x) for x in v]
    else:
        den = math.lcm(*(Fraction(x).denominator for x in v))
        ints = [int(Fraction(x) * den) for x in v]
    g = math.gcd(*ints)
    first = next(x for x in ints if x)
    g = g if first > 0 else -g
    return tuple(x // g for x in ints)


def _arrangement_regions(n_hyperplanes: int, rank: int) -> int:
    """At most this many regions for ``n_hyperplanes`` affine hyperplanes whose normals span
    a space of dimension ``rank`` (Buck, Zaslavsky)."""
    return sum(math.comb(n_hyperplanes, j) for j in range(min(rank, n_hyperplanes) + 1))


def _layer_regions(W: Sequence[Sequence[Exact]], b: Sequence[Exact], dim: int) -> int:
    """At most this many pieces into which one layer's breaks ``W h + b = 0`` cut a region
    of the layers before it, on which ``h`` is affine with an image of dimension <= ``dim``."""
    planes = {_primitive(tuple(row) + (c,)) for row, c in zip(W, b) if any(row)}
    return _arrangement_regions(len(planes), dim)


def _n_pairs(f: TropicalPolynomial) -> int:
    m = f.n_terms
    return m - 1 if f.n_vars == 1 else m * (m - 1) // 2


def _directions(f: TropicalPolynomial, cache: Directions) -> set[tuple[int, ...]]:
    """Directions, up to sign, containing those of every upper edge of ``f``'s lifted points.

    ``f`` is reduced (every term an upper-hull vertex); in one variable its terms, sorted by
    exponent, are the upper chain, so consecutive ones give the edges.
    """
    if f not in cache:
        pts = f.lifted_points()
        pairs: Iterable[tuple[Point, Point]]
        if f.n_vars == 1:
            pairs = zip(pts, pts[1:])
        else:
            pairs = ((u, v) for i, u in enumerate(pts) for v in pts[i + 1:])
        cache[f] = {_primitive([b - a for a, b in zip(u, v)]) for u, v in pairs}
    return cache[f]


def _big(x: int) -> str:
    return str(x) if x < 10**15 else f"about 10^{len(str(x)) - 1}"


def _term_estimate(
    factors: Sequence[TropicalPolynomial], max_terms: int, regions: int, cache: Directions
) -> tuple[int, str]:
    """An upper bound on the terms of the reduced product of positive powers of the reduced
    ``factors``, and how it was found.  The smallest of

    * the product of the factors' term counts;
    * ``sum_{j<=r} C(L, j)``, the most regions of ``L`` affine hyperplanes of normal rank
      ``r`` in ``R^n``: the product's terms are its linearity domains, each a union of cells
      of the common refinement of the factors' domains, whose walls lie on the hyperplanes
      ``(a_u - a_v) x + c_u - c_v = 0`` of the upper edges ``(u, v)`` of the factors (all
      pairs of terms stand in for the edges in two or more variables);
    * ``regions``, a bound on the linear regions of the layers the factors were built
      from, on each of which every factor is affine.
    """
    big = [f for f in factors if f.n_terms > 1]
    product = math.prod(f.n_terms for f in big)
    if min(product, regions) <= max_terms:
        return min(product, regions), ""
    n = big[0].n_vars
    pairs = sum(_n_pairs(f) for f in big)
    if pairs > _MAX_PAIRS:
        planes, rank = pairs, n
    else:
        dirs: set[tuple[int, ...]] = set().union(*(_directions(f, cache) for f in big))
        planes, rank = len(dirs), n
        if planes * n <= _RANK_BUDGET:
            from tropgeo.zonotope import zonotope

            rank = zonotope(sorted(d[:-1] for d in dirs), ambient_dim=n).dim
    arrangement = _arrangement_regions(planes, rank)
    detail = (
        f"the smallest of: {_big(product)}, the product of the term counts of its {len(big)} non-monomial "
        f"factors; {_big(arrangement)}, the regions of the {planes} hyperplanes where a factor can break; "
        f"{_big(regions)}, the linear regions of the layers below"
    )
    return min(product, arrangement, regions), detail


def _sparse(f: TropicalPolynomial) -> Sparse | None:
    """A monomial ``f`` as its nonzero exponent entries and coefficient; ``None`` otherwise."""
    if f.n_terms != 1:
        return None
    ((e, v),) = f.terms
    return tuple((i, a) for i, a in enumerate(e) if a), v


def _product(
    factors: Sequence[Factor], coefficient: Fraction, n: int, max_terms: int, regions: int, cache: Directions,
    where: str,
) -> TropicalPolynomial:
    """``coefficient ⊙ ⊙ f^k`` over the reduced ``factors`` ``(f, _sparse(f), k)``, reduced to
    upper-hull terms, refused before any product is formed when :func:`_term_estimate`
    exceeds ``max_terms``."""
    shift = [0] * n
    c = Fraction(coefficient)
    big: list[tuple[TropicalPolynomial, int]] = []
    for f, mono, k in factors:
        if k == 0:
            continue
        if mono is not None:  # a monomial only translates the others' lifted points
            for i, a in mono[0]:
                shift[i] += k * a
            c += k * mono[1]
        else:
            big.append((f, k))
    estimate, detail = _term_estimate([f for f, _ in big], max_terms, regions, cache)
    if estimate > max_terms:
        raise SizeLimitError(
            f"{where} may have up to {_big(estimate)} terms ({detail}), more than max_terms={max_terms}; "
            "pass max_terms=... to raise it"
        )
    result: TropicalPolynomial | None = None
    for f, k in sorted(big, key=lambda fk: fk[0].n_terms):
        # f is reduced, and k times the lifted points of f are those of f^k: no hull needed
        fk = f if k == 1 else TropicalPolynomial({tuple(k * a for a in e): k * v for e, v in f.terms}, n_vars=n)
        result = fk if result is None else (result * fk).reduced()
    mono_poly = TropicalPolynomial({tuple(shift): _canon(c)}, n_vars=n)
    return mono_poly if result is None else result * mono_poly


def _tropical_max(
    h: TropicalPolynomial, q: TropicalPolynomial, max_terms: int, regions: int, where: str
) -> TropicalPolynomial:
    m = h + q  # at most |h| + |q| terms, and affine on each linear region
    if min(m.n_terms, regions) > max_terms:
        raise SizeLimitError(
            f"{where} may have up to {_big(min(m.n_terms, regions))} terms (the smaller of: {m.n_terms}, "
            f"the terms of H and Q; {_big(regions)}, the linear regions of the layers below), "
            f"more than max_terms={max_terms}; pass max_terms=... to raise it"
        )
    return m if m.n_terms <= 2 else m.reduced()  # two different exponents are both vertices


def _check_max_terms(max_terms: int) -> None:
    if isinstance(max_terms, bool) or not isinstance(max_terms, (int, np.integer)) or max_terms < 1:
        raise InvalidInputError(f"max_terms={max_terms!r} must be an int >= 1")


@dataclass(frozen=True)
class MLPDecomposition:
    """``scale * f_i = H_i ⊘ Q_i`` for every output ``i`` of an MLP.

    Build with :func:`mlp_decomposition`.

    Attributes
    ----------
    network : MLP
        The integral network actually expanded (``net.integerized().network``).
    scale : int or Fraction
        ``scale > 0`` with ``H_i(x) - Q_i(x) == scale * net(x)[i]`` for the network given to
        :func:`mlp_decomposition`: the integerization's scale times the product of the
        denominators of the negative slopes.
    numerators, denominators : tuple of TropicalPolynomial
        ``H_i`` and ``Q_i``, one per class, reduced to upper-hull terms.

    Examples
    --------
    ``f = (relu(x), -relu(x))`` with weight ``2`` on the input: integerization halves the
    output, so ``H_0 - Q_0 = f_0 / 2``.

    >>> from tropgeo.mlp import MLP
    >>> dec = mlp_decomposition(MLP([[[2]], [[1], [-1]]]))
    >>> dec.network.weights[0], dec.scale
    (((1,),), Fraction(1, 2))
    >>> [str(h) for h in dec.numerators], [str(q) for q in dec.denominators]
    (['0 ⊕ x0', '0'], ['0', '0 ⊕ x0'])
    """

    network: MLP
    scale: Exact
    numerators: tuple[TropicalPolynomial, ...]
    denominators: tuple[TropicalPolynomial, ...]

    @property
    def n_classes(self) -> int:
        """Number of outputs.

        Examples
        --------
        >>> from tropgeo.mlp import MLP
        >>> mlp_decomposition(MLP([[[1, 0]], [[1], [2], [3]]])).n_classes
        3
        """
        return len(self.numerators)

    @property
    def n_terms(self) -> int:
        """The largest number of terms of any ``H_i`` or ``Q_i``.

        Examples
        --------
        >>> from tropgeo.mlp import MLP
        >>> mlp_decomposition(MLP([[[1, 0], [0, 1]], [[1, 1], [-1, 0]]])).n_terms  # (x ⊕ 0)(y ⊕ 0)
        4
        """
        return max(f.n_terms for f in self.numerators + self.denominators)

    def output(self, i: int) -> TropicalRational:
        """``scale * f_i`` as the tropical rational ``H_i ⊘ Q_i``.

        Examples
        --------
        >>> from tropgeo.mlp import MLP
        >>> net = MLP([[[1], [-1]], [[1, 1]], [[1], [-1]]], biases=[[0, 1], [-2], None])
        >>> dec = mlp_decomposition(net)
        >>> [dec.output(0)((x,)) for x in (-3, 0, 5)], [net((x,))[0] for x in (-3, 0, 5)]
        ([2, 0, 3], [2, 0, 3])
        >>> dec.output(2)
        Traceback (most recent call last):
        ...
        tropgeo.errors.InvalidInputError: i=2 must be a class index in [0, 2)
        """
        i = class_index(i, self.n_classes, name="i")
        return TropicalRational(self.numerators[i], self.denominators[i])


def mlp_decomposition(net: MLP, *, max_terms: int = DEFAULT_MAX_TERMS) -> MLPDecomposition:
    """``H_i`` and ``Q_i`` with ``H_i - Q_i = scale * f_i`` for every output of an MLP.

    Parameters
    ----------
    net : MLP
        Any depth, any exact weights, biases and negative slopes.  Rational weights are
        allowed: the expansion is of ``net.integerized().network``, whose scale is recorded.
    max_terms : int
        Refuse, before forming it, any product (or ``⊕``) whose result may have more terms
        than this; powers of a reduced polynomial never add terms.  One step of a product
        hands at most ``max_terms`` times one factor's terms to an exact hull.

    Returns
    -------
    MLPDecomposition

    Raises
    ------
    InvalidInputError
        If ``net`` is not an :class:`~tropgeo.mlp.MLP` or ``max_terms`` is not an int >= 1.
    SizeLimitError
        Naming the layer, unit and polynomial whose bound exceeds ``max_terms``, with the bound.

    Examples
    --------
    One input, two hidden ReLU layers: ``h = relu(relu(x) + relu(1 - x) - 2)`` and
    ``f = (h, -h)``.  The first layer gives ``(x ⊕ 0, 0)`` and ``(1 ⊕ x, x)``; the second
    ``H = -2 ⊙ (x ⊕ 0) ⊙ (x ⊕ 1) = -1 ⊕ -1⊙x ⊕ -2⊙x^2`` over ``Q = x``, and its ReLU
    ``(H ⊕ Q, Q)``:

    >>> from tropgeo.mlp import MLP
    >>> net = MLP([[[1], [-1]], [[1, 1]], [[1], [-1]]], biases=[[0, 1], [-2], None])
    >>> dec = mlp_decomposition(net)
    >>> str(dec.numerators[0]), str(dec.denominators[0]), dec.scale
    ('-1 ⊕ x0 ⊕ -2⊙x0^2', 'x0', 1)

    A wide layer is refused before anything is expanded:

    >>> wide = MLP([[[1, k] for k in range(20)], [[1] * 20, [0] * 20]], biases=[[k * k for k in range(20)], None])
    >>> mlp_decomposition(wide, max_terms=100)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: layer 2 (weights[1]), unit 0: H may have up to 211 terms
    (the smallest of: 1048576, the product of the term counts of its 20 non-monomial factors;
    211, the regions of the 20 hyperplanes where a factor can break; 211, the linear regions of
    the layers below), more than max_terms=100; pass max_terms=... to raise it
    >>> mlp_decomposition(wide, max_terms=0)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: max_terms=0 must be an int >= 1
    """
    if not isinstance(net, MLP):
        raise InvalidInputError(
            f"net must be an MLP, got {type(net).__name__}; a ReLUNetwork converts with MLP.from_relu_network(net)"
        )
    _check_max_terms(max_terms)
    integral = net.integerized()
    work = integral.network
    n = work.n_inputs
    n_layers = len(work.weights)
    # the input is the pair (x_j, 0), so the first layer's H_k, Q_k are monomials
    W1, b1 = work.weights[0], work.biases[0]
    H = [TropicalPolynomial({tuple(max(w, 0) for w in row): c}, n_vars=n) for row, c in zip(W1, b1)]
    Q = [TropicalPolynomial({tuple(max(-w, 0) for w in row): 0}, n_vars=n) for row in W1]
    scale = Fraction(1)
    cache: Directions = {}
    regions, dim = 1, n  # linear regions of the hidden layers so far; dimension of their images
    for l in range(1, n_layers):
        alpha = Fraction(work.negative_slopes[l - 1])
        p, q = alpha.numerator, alpha.denominator
        if p != q:  # α = 1 is the identity, which breaks nowhere
            regions *= _layer_regions(work.weights[l - 1], work.biases[l - 1], dim)
        dim = min(dim, len(work.weights[l - 1]))
        F, G = [], []
        for k, (h, g) in enumerate(zip(H, Q)):
            where = f"hidden layer {l} activation (negative slope {alpha}), unit {k}"
            # s q σ(z) = (q - p) M + p H - q Q with M = H ⊕ Q (not needed when α = 1)
            m = _tropical_max(h, g, max_terms, regions, f"{where}: H ⊕ Q") if p != q else h
            hs, gs, ms = _sparse(h), _sparse(g), _sparse(m)
            pos = [(m, ms, max(q - p, 0)), (h, hs, max(p, 0))]
            neg = [(g, gs, q), (m, ms, max(p - q, 0)), (h, hs, max(-p, 0))]
            F.append(_product(pos, Fraction(0), n, max_terms, regions, cache, f"{where}: F"))
            G.append(_product(neg, Fraction(0), n, max_terms, regions, cache, f"{where}: G"))
        scale *= q
        Fs, Gs = [_sparse(f) for f in F], [_sparse(g) for g in G]
        H, Q = [], []
        for k, (row, bk) in enumerate(zip(work.weights[l], work.biases[l])):
            where = f"layer {l + 1} (weights[{l}]), unit {k}"
            ints = [(j, int(w)) for j, w in enumerate(row) if w]
            pos = [(F[j], Fs[j], w) if w > 0 else (G[j], Gs[j], -w) for j, w in ints]
            neg = [(G[j], Gs[j], w) if w > 0 else (F[j], Fs[j], -w) for j, w in ints]
            H.append(_product(pos, scale * bk, n, max_terms, regions, cache, f"{where}: H"))
            Q.append(_product(neg, Fraction(0), n, max_terms, regions, cache, f"{where}: Q"))
    return MLPDecomposition(
        network=work,
        scale=_canon(scale * Fraction(integral.scale)),
        numerators=tuple(H),
        denominators=tuple(Q),
    )
