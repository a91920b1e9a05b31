"""Tropical (max-plus) polynomials with exact rational coefficients.

Convention of the paper (and of Sage/OSCAR's ``max``): ``f + g`` is tropical
addition ⊕ (pointwise max), ``f * g`` is tropical multiplication ⊙ (pointwise
sum), ``f ** k`` is the ``k``-th tropical power.  A polynomial is a finite map
``exponent tuple -> coefficient``; the tropical zero ``-inf`` is represented
by absence (a ``-inf`` coefficient given on input is dropped).  Exponents are
integer tuples (negative entries give tropical Laurent polynomials).

``==`` is *formal* equality (same terms).  Two polynomials can define the
same function without being formally equal; :meth:`TropicalPolynomial.reduced`
keeps only the terms on the upper hull of the lifted points, a canonical form
of the function, and :meth:`TropicalPolynomial.is_equivalent` compares those.

Examples
--------
>>> x = TropicalPolynomial({(1, 0): 0})
>>> y = TropicalPolynomial({(0, 1): 0})
>>> one = TropicalPolynomial.constant(0, n_vars=2)
>>> f = x + y + one                      # x ⊕ y ⊕ 0, Figure 1 of the paper
>>> str(f)
'0 ⊕ x1 ⊕ x0'
>>> f((2, 5)), f((-1, -3))
(5, 0)
>>> sorted(f.argmax((1, 1)))
[(0, 1), (1, 0)]
>>> str(x ** 2)
'x0^2'
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb
from fractions import Fraction
from typing import Any, Iterable, Mapping, NoReturn, Sequence

from tropgeo._polynomial_input import (
    _MAX_N_VARS, _OPS, Exponent, _exponent, _flag, _is_neg_inf, _is_rational, _refuse_unordered,
)
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact, as_exact, as_exact_vector, as_int, canonical as _canon

__all__ = ["TropicalPolynomial", "tropical_product"]


@dataclass(frozen=True, init=False)
class TropicalPolynomial:
    """A max-plus polynomial ``max_i (c_i + a_i · x)`` with exact data.

    Parameters
    ----------
    terms : mapping ``exponent tuple -> coefficient``
        Coefficients are int or Fraction; ``float('-inf')`` (the tropical
        zero) is accepted and dropped; any other float is refused.  Keys
        naming the same exponent (``(0, 1)`` and ``range(0, 2)``) are added
        tropically: the largest coefficient is kept.
    n_vars : int, optional
        Number of variables; required only when it cannot be read off the
        exponents.

    Examples
    --------
    >>> f = TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0})
    >>> f.n_vars, f.n_terms, f.degree
    (2, 3, 2)
    >>> TropicalPolynomial({(1,): 0.5})
    Traceback (most recent call last):
    ...
    tropgeo.errors.InexactInputError: terms[(1,)]=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    """

    terms: tuple[tuple[Exponent, Exact], ...]
    n_vars: int

    def __init__(self, terms: Mapping[Any, Any], n_vars: int | None = None) -> None:
        if not isinstance(terms, Mapping):
            raise InvalidInputError(f"terms must be a mapping exponent -> coefficient, got {type(terms).__name__}")
        merged: dict[Exponent, Exact] = {}
        dims = set()
        for e, c in terms.items():
            exp = _exponent(e, name="exponent")
            dims.add(len(exp))
            if _is_neg_inf(c):
                continue
            coeff = as_exact(c, name=f"terms[{exp!r}]")
            # distinct keys can name one exponent ((0, 1) and range(0, 2), or numpy entries):
            # tropical addition keeps the larger coefficient, whatever the dict order
            merged[exp] = max(merged[exp], coeff) if exp in merged else coeff
        if n_vars is not None:
            dims.add(as_int(n_vars, name="n_vars", minimum=1, maximum=_MAX_N_VARS))
        if len(dims) > 1:
            raise InvalidInputError(f"exponents must all have the same length, got lengths {sorted(dims)}")
        if not dims:
            raise InvalidInputError("terms is empty and n_vars is not given: the number of variables is unknown")
        if not merged:
            raise InvalidInputError(
                "a tropical polynomial needs at least one finite coefficient (all were -inf or none were given)"
            )
        d = dims.pop()
        if d == 0:
            raise InvalidInputError("exponents must have at least one entry (n_vars >= 1)")
        object.__setattr__(self, "terms", tuple(sorted(merged.items())))
        object.__setattr__(self, "n_vars", d)

    # -- construction -----------------------------------------------------------
    @classmethod
    def constant(cls, c: Any, *, n_vars: int) -> "TropicalPolynomial":
        """The constant ``c`` (``c = 0`` is the tropical one).

        Examples
        --------
        >>> TropicalPolynomial.constant(3, n_vars=2)
        TropicalPolynomial({(0, 0): 3})
        >>> TropicalPolynomial.constant(0, n_vars=10**12)
        Traceback (most recent call last):
        ...
        tropgeo.errors.InvalidInputError: n_vars=1000000000000 is larger than the supported maximum 1000000
        """
        n = as_int(n_vars, name="n_vars", minimum=1, maximum=_MAX_N_VARS)
        if not _is_neg_inf(c):  # -inf (the tropical zero) gets the constructor's message
            c = as_exact(c, name="c")
        return cls({(0,) * n: c}, n_vars=n)

    @classmethod
    def monomial(cls, exponent: Sequence[int], coefficient: Any = 0) -> "TropicalPolynomial":
        """The single term ``coefficient ⊙ x^exponent``.

        Examples
        --------
        >>> str(TropicalPolynomial.monomial((1, 2), 3))
        '3⊙x0⋅x1^2'
        """
        exp = _exponent(exponent, name="exponent")
        if not _is_neg_inf(coefficient):
            coefficient = as_exact(coefficient, name="coefficient")
        return cls({exp: coefficient})

    @classmethod
    def _from_dict(cls, d: dict[Exponent, Exact], n_vars: int) -> "TropicalPolynomial":
        obj = object.__new__(cls)
        object.__setattr__(obj, "terms", tuple(sorted(d.items())))
        object.__setattr__(obj, "n_vars", n_vars)
        return obj

    # -- basic data -------------------------------------------------------------
    def as_dict(self) -> dict[Exponent, Exact]:
        """The terms as a new ``{exponent: coefficient}`` dict.

        Examples
        --------
        >>> TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0}).as_dict()
        {(0, 0): 0, (1, 1): 1, (2, 0): -1}
        """
        return dict(self.terms)

    @property
    def exponents(self) -> tuple[Exponent, ...]:
        """The exponent vectors of the terms, sorted.

        Examples
        --------
        >>> TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0}).exponents
        ((0, 0), (1, 1), (2, 0))
        """
        return tuple(e for e, _ in self.terms)

    @property
    def coefficients(self) -> tuple[Exact, ...]:
        """The coefficients of the terms, in the order of :attr:`exponents`.

        Examples
        --------
        >>> TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0}).coefficients
        (0, 1, -1)
        """
        return tuple(c for _, c in self.terms)

    @property
    def n_terms(self) -> int:
        """Number of terms.

        Examples
        --------
        >>> TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0}).n_terms     # x ⊕ y ⊕ 0
        3
        """
        return len(self.terms)

    @property
    def degree(self) -> int:
        """The largest total degree ``sum(a)`` of an exponent.

        Examples
        --------
        >>> TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0}).degree     # x0^2 and x0*x1
        2
        """
        return max(sum(e) for e in self.exponents)

    def __repr__(self) -> str:
        return f"TropicalPolynomial({dict(self.terms)!r})"

    def __str__(self) -> str:
        parts = []
        for e, c in self.terms:
            mono = "⋅".join(
                (f"x{k}" if v == 1 else f"x{k}^{v}") for k, v in enumerate(e) if v != 0
            )
            if not mono:
                parts.append(str(c))
            elif c == 0:
                parts.append(mono)
            else:
                parts.append(f"{c}⊙{mono}")
        return " ⊕ ".join(parts)

    # -- arithmetic ---------------------------------------------------------------
    def _check_same(self, other: Any, op: str) -> "TropicalPolynomial":
        if not isinstance(other, TropicalPolynomial):
            if op == "is_equivalent":
                raise InvalidInputError(
                    f"is_equivalent compares two TropicalPolynomials, got {type(other).__name__} {other!r}"
                )
            raise InvalidInputError(
                f"{_OPS[op]} between TropicalPolynomials; got {type(other).__name__} {other!r} as an operand; "
                f"for a constant c use TropicalPolynomial.constant(c, n_vars={self.n_vars}) "
                "(the polynomial c) or f.scaled(c) (c ⊙ f, which adds c)"
            )
        if other.n_vars != self.n_vars:
            raise InvalidInputError(f"{op} of polynomials in {self.n_vars} and {other.n_vars} variables")
        return other

    def __add__(self, other: "TropicalPolynomial") -> "TropicalPolynomial":
        """Tropical sum ⊕: the pointwise maximum."""
        if _is_rational(other):
            return NotImplemented  # TropicalRational's reflected operator takes ``f ⊕ r``
        other = self._check_same(other, "⊕")
        d = dict(self.terms)
        for e, c in other.terms:
            if e not in d or c > d[e]:
                d[e] = c
        return TropicalPolynomial._from_dict(d, self.n_vars)

    def __radd__(self, other: Any) -> NoReturn:
        # reached only when the left operand is not a TropicalPolynomial (``1 + f``)
        self._check_same(other, "⊕")
        raise AssertionError("unreachable")  # pragma: no cover

    def __rmul__(self, other: Any) -> NoReturn:
        self._check_same(other, "⊙")
        raise AssertionError("unreachable")  # pragma: no cover

    def _no_difference(self, other: Any, op: str) -> NoReturn:
        raise InvalidInputError(
            f"{op} is not defined for TropicalPolynomials (other operand: {other!r}); "
            "the tropical quotient f ⊘ g (the function f - g) is TropicalRational(f, g)"
        )

    def __sub__(self, other: Any) -> Any:
        if _is_rational(other):
            return NotImplemented  # TropicalRational explains its own missing -
        self._no_difference(other, "-")

    def __rsub__(self, other: Any) -> NoReturn:
        self._no_difference(other, "-")

    def __truediv__(self, other: Any) -> Any:
        if _is_rational(other):
            return NotImplemented  # ``f ⊘ r`` is TropicalRational's reflected ⊘
        self._no_difference(other, "/")

    def __rtruediv__(self, other: Any) -> NoReturn:
        self._no_difference(other, "/")

    def __mul__(self, other: "TropicalPolynomial") -> "TropicalPolynomial":
        """Tropical product ⊙: the pointwise sum (formal, every product term kept)."""
        if _is_rational(other):
            return NotImplemented
        other = self._check_same(other, "⊙")
        d: dict[Exponent, Exact] = {}
        for e1, c1 in self.terms:
            for e2, c2 in other.terms:
                e = tuple(a + b for a, b in zip(e1, e2))
                c = c1 + c2
                if e not in d or c > d[e]:
                    d[e] = c
        return TropicalPolynomial._from_dict({e: _canon(Fraction(c)) for e, c in d.items()}, self.n_vars)

    def __pow__(self, k: int, modulo: None = None) -> "TropicalPolynomial":
        """Tropical power ``f ⊙ ... ⊙ f`` (``k`` factors, formal; see :meth:`power`)."""
        if modulo is not None:
            raise InvalidInputError(f"pow(f, k, modulo) has no tropical meaning; got modulo={modulo!r}")
        return self.power(k)

    def power(self, k: int, *, reduce: bool = False, max_terms: int = 1_000_000) -> "TropicalPolynomial":
        """Tropical power ``f^k`` (``k = 0`` gives the constant 0).

        The formal power keeps every term of the expanded product (the
        Sage/OSCAR convention of ``f ** k``); it can have as many terms as
        there are multisets of ``k`` of ``f``'s terms, so it is refused with
        :class:`~tropgeo.errors.SizeLimitError` when that estimate exceeds
        ``max_terms``.  With ``reduce=True`` the result is the reduced
        polynomial of the same function: as a function ``f^k = k·f``, and the
        vertices of the upper hull of ``k`` times the lifted points are ``k``
        times those of ``f``, so this costs one hull whatever ``k`` is.

        Examples
        --------
        >>> f = TropicalPolynomial({(1,): 1, (0,): 0})     # 1 x ⊕ 0
        >>> str(f ** 2)
        '0 ⊕ 1⊙x0 ⊕ 2⊙x0^2'
        >>> str(f.power(10**20, reduce=True))
        '0 ⊕ 100000000000000000000⊙x0^100000000000000000000'
        >>> f ** (10**20)
        Traceback (most recent call last):
        ...
        tropgeo.errors.SizeLimitError: the formal power f**100000000000000000000 of a 2-term polynomial can have up to 100000000000000000001 terms (> max_terms=1000000); use f.power(100000000000000000000, reduce=True) for the same function with upper-hull terms only, or raise max_terms
        """
        k = as_int(k, name="exponent k", minimum=0)
        max_terms = as_int(max_terms, name="max_terms", minimum=1)
        if _flag(reduce, name="reduce"):
            if k == 0:
                return TropicalPolynomial.constant(0, n_vars=self.n_vars)
            return TropicalPolynomial._from_dict(
                {tuple(k * a for a in e): _canon(Fraction(k * c)) for e, c in self.reduced().terms}, self.n_vars
            )
        m = self.n_terms
        estimate = comb(k + m - 1, m - 1) if m else 0
        if estimate > max_terms:
            raise SizeLimitError(
                f"the formal power f**{k} of a {m}-term polynomial can have up to {estimate} terms "
                f"(> max_terms={max_terms}); use f.power({k}, reduce=True) for the same function "
                f"with upper-hull terms only, or raise max_terms"
            )
        result = TropicalPolynomial.constant(0, n_vars=self.n_vars)
        base = self
        while k:
            if k & 1:
                result = result * base
            k >>= 1
            if k:
                base = base * base
        return result

    def scaled(self, c: Any) -> "TropicalPolynomial":
        """``c ⊙ f``: add the exact constant ``c`` to every coefficient.

        Examples
        --------
        >>> TropicalPolynomial({(1,): 0, (0,): -1}).scaled(2)                 # 2 ⊙ (x ⊕ -1)
        TropicalPolynomial({(0,): 1, (1,): 2})
        """
        cc = as_exact(c, name="c")
        return TropicalPolynomial._from_dict(
            {e: _canon(Fraction(v + cc)) for e, v in self.terms}, self.n_vars
        )

    # -- evaluation ---------------------------------------------------------------
    def _point(self, x: Any) -> tuple[Exact, ...]:
        _refuse_unordered(x, name="x", what="coordinates")
        xv = as_exact_vector(x, name="x")
        if len(xv) != self.n_vars:
            raise InvalidInputError(f"x must have length {self.n_vars} (variables of f), got {len(xv)}")
        return xv

    def term_values(self, x: Any) -> dict[Exponent, Exact]:
        """Exact value ``c + a·x`` of every term at ``x``.

        Examples
        --------
        >>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})        # x ⊕ y ⊕ 0
        >>> f.term_values((2, 1))
        {(0, 0): 0, (0, 1): 1, (1, 0): 2}
        """
        xv = self._point(x)
        return {
            e: _canon(Fraction(c + sum(a * v for a, v in zip(e, xv) if a))) for e, c in self.terms
        }

    def __call__(self, x: Any) -> Exact:
        """Exact value ``max_i (c_i + a_i · x)``."""
        return max(self.term_values(x).values())

    def argmax(self, x: Any) -> frozenset[Exponent]:
        """Exponents of the terms attaining the maximum at ``x``.

        Examples
        --------
        >>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})        # x ⊕ y ⊕ 0
        >>> f.argmax((2, 1)), sorted(f.argmax((0, 0)))
        (frozenset({(1, 0)}), [(0, 0), (0, 1), (1, 0)])
        """
        vals = self.term_values(x)
        m = max(vals.values())
        return frozenset(e for e, v in vals.items() if v == m)

    def is_on_hypersurface(self, x: Any) -> bool:
        """Whether ``x`` lies on the tropical hypersurface T(f) (maximum attained twice).

        Examples
        --------
        >>> f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})        # x ⊕ y ⊕ 0
        >>> f.is_on_hypersurface((2, 2)), f.is_on_hypersurface((2, 1))
        (True, False)
        """
        return len(self.argmax(x)) >= 2

    # -- geometry ---------------------------------------------------------------
    def lifted_points(self) -> tuple[tuple[Exact, ...], ...]:
        """The points ``(a_i, c_i)`` whose upper hull is dual to T(f).

        Examples
        --------
        >>> TropicalPolynomial({(2, 0): -1, (1, 1): 1, (0, 0): 0}).lifted_points()
        ((0, 0, 0), (1, 1, 1), (2, 0, -1))
        """
        return tuple(e + (c,) for e, c in self.terms)

    def reduced(self) -> "TropicalPolynomial":
        """The same function with only the terms on the upper hull of the lifted points.

        A term strictly below the upper hull never attains the maximum alone,
        and a term on an upper face that is not a vertex of it never does
        either, so dropping both changes neither ``f`` nor ``T(f)``.

        Examples
        --------
        >>> f = TropicalPolynomial({(0,): 0, (1,): 0, (2,): 0})
        >>> f.reduced().terms
        (((0,), 0), ((2,), 0))
        """
        from tropgeo.subdivision import upper_hull_vertices

        keep = upper_hull_vertices(list(self.exponents), list(self.coefficients))
        return TropicalPolynomial._from_dict({self.terms[i][0]: self.terms[i][1] for i in keep}, self.n_vars)

    def is_equivalent(self, other: "TropicalPolynomial") -> bool:
        """Whether ``self`` and ``other`` define the same function on R^n.

        Examples
        --------
        ``x - 5 <= max(2x, 0)`` everywhere, but ``x + 1 > max(2x, 0)`` at ``x = 1/2``:

        >>> g = TropicalPolynomial({(2,): 0, (0,): 0})                        # max(2x, 0)
        >>> TropicalPolynomial({(2,): 0, (1,): -5, (0,): 0}).is_equivalent(g)
        True
        >>> TropicalPolynomial({(2,): 0, (1,): 1, (0,): 0}).is_equivalent(g)
        False
        """
        other = self._check_same(other, "is_equivalent")
        return self.reduced() == other.reduced()


def tropical_product(factors: Iterable[TropicalPolynomial], *, reduce: bool = True) -> TropicalPolynomial:
    """⊙ of several polynomials, pruning to the upper hull after each product.

    Forming a product of ``p`` binomials naively creates up to ``2^p`` terms;
    keeping only upper-hull terms after each step keeps the size at the number
    of vertices of the (lifted) Minkowski sum, which is polynomial for
    zonotopes (Facts 2-4 of the paper's appendix).

    Examples
    --------
    >>> x = TropicalPolynomial({(1,): 0, (0,): 0})      # x ⊕ 0
    >>> tropical_product([x, x, x]).terms               # (x ⊕ 0)^3 = x^3 ⊕ 0 as a function
    (((0,), 0), ((3,), 0))
    """
    if isinstance(factors, TropicalPolynomial):
        raise InvalidInputError(
            f"factors must be an iterable of TropicalPolynomials, got the single polynomial {factors!r}; "
            "use tropical_product([f])"
        )
    try:
        items = iter(factors)
    except TypeError:
        raise InvalidInputError(
            f"factors={factors!r} must be an iterable of TropicalPolynomials, got {type(factors).__name__}"
        ) from None
    prune = _flag(reduce, name="reduce")
    result: TropicalPolynomial | None = None
    for k, f in enumerate(items):
        if not isinstance(f, TropicalPolynomial):
            raise InvalidInputError(f"factors[{k}]={f!r} must be a TropicalPolynomial, got {type(f).__name__}")
        if result is not None and f.n_vars != result.n_vars:
            raise InvalidInputError(
                f"factors[{k}] is a polynomial in {f.n_vars} variables, factors[0] in {result.n_vars}"
            )
        result = f if result is None else result * f
        if prune:
            result = result.reduced()
    if result is None:
        raise InvalidInputError("factors is empty: the product of no polynomials has no number of variables")
    return result
