"""Tropical rational functions ``H ⊘ Q = H - Q`` (Definition 3 of the paper).

Examples
--------
>>> from tropgeo.polynomial import TropicalPolynomial as P
>>> f = TropicalRational(P({(1,): 0, (0,): 0}), P({(0,): 1}))   # max(x, 0) - 1
>>> f((3,)), f((-2,))
(2, -1)
>>> g = f + TropicalRational(P({(0,): 0}), P({(0,): 0}))         # max(f, 0)
>>> g((-2,)), g((3,))
(0, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NoReturn

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact
from tropgeo.polynomial import TropicalPolynomial

__all__ = ["TropicalRational"]


@dataclass(frozen=True)
class TropicalRational:
    """The tropical quotient ``numerator ⊘ denominator``, a difference of two max-plus polynomials.

    ``+`` is ⊕ (pointwise max), ``*`` is ⊙ (pointwise sum), ``/`` is ⊘
    (pointwise difference).  ``==`` is formal equality of the pair.

    Parameters
    ----------
    numerator, denominator : TropicalPolynomial
        ``H`` and ``Q``, in the same number of variables.

    Examples
    --------
    ``relu(x) = (x ⊕ 0) ⊘ 0``, evaluated exactly:

    >>> from fractions import Fraction
    >>> from tropgeo.polynomial import TropicalPolynomial as P
    >>> relu = TropicalRational(P({(1,): 0, (0,): 0}), P({(0,): 0}))
    >>> relu((3,)), relu((-2,)), relu((Fraction(1, 2),))
    (3, 0, Fraction(1, 2))

    ``⊙`` adds: ``relu ⊙ relu = 2 relu`` as a function, and formally its
    numerator is ``(x ⊕ 0)^2 = x^2 ⊕ x ⊕ 0``:

    >>> twice = relu * relu
    >>> twice((3,)), str(twice.numerator)
    (6, '0 ⊕ x0 ⊕ x0^2')

    ``⊘`` subtracts: ``relu ⊘ x = max(x, 0) - x = relu(-x)``:

    >>> x = TropicalRational(P({(1,): 0}), P({(0,): 0}))
    >>> (relu / x)((3,)), (relu / x)((-2,))
    (0, 2)

    Equality is formal, not functional: ``relu ⊘ relu`` is the zero function
    but not the pair ``0 ⊘ 0``.

    >>> q = relu / relu
    >>> q((5,)), q((-7,)), q == TropicalRational(P({(0,): 0}), P({(0,): 0}))
    (0, 0, False)
    >>> TropicalRational(P({(1,): 0}), P({(0, 0): 0}))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: numerator has 1 variables, denominator 2
    """

    numerator: TropicalPolynomial
    denominator: TropicalPolynomial

    def __post_init__(self) -> None:
        for name in ("numerator", "denominator"):
            if not isinstance(getattr(self, name), TropicalPolynomial):
                raise InvalidInputError(
                    f"{name} must be a TropicalPolynomial, got {type(getattr(self, name)).__name__}"
                )
        if self.numerator.n_vars != self.denominator.n_vars:
            raise InvalidInputError(
                f"numerator has {self.numerator.n_vars} variables, denominator {self.denominator.n_vars}"
            )

    @property
    def n_vars(self) -> int:
        """Number of variables (shared by numerator and denominator).

        Examples
        --------
        >>> P = TropicalPolynomial
        >>> TropicalRational(P({(1, 0): 0, (0, 0): 0}), P({(0, 0): 1})).n_vars     # max(x, 0) - 1
        2
        """
        return self.numerator.n_vars

    def __call__(self, x: Any) -> Exact:
        v = Fraction(self.numerator(x)) - Fraction(self.denominator(x))
        return int(v) if v.denominator == 1 else v

    def _other(self, other: Any, op: str) -> "TropicalRational":
        if isinstance(other, TropicalPolynomial):
            other = TropicalRational(other, TropicalPolynomial.constant(0, n_vars=other.n_vars))
        if not isinstance(other, TropicalRational):
            raise InvalidInputError(
                f"{op} needs a TropicalRational or TropicalPolynomial, got {type(other).__name__} {other!r}; "
                f"for a constant c use TropicalPolynomial.constant(c, n_vars={self.n_vars})"
            )
        if other.n_vars != self.n_vars:
            raise InvalidInputError(f"{op} of functions in {self.n_vars} and {other.n_vars} variables")
        return other

    def __add__(self, other: Any) -> "TropicalRational":
        """⊕: ``max(H1-Q1, H2-Q2) = (H1⊙Q2 ⊕ H2⊙Q1) ⊘ (Q1⊙Q2)``."""
        o = self._other(other, "⊕")
        num = self.numerator * o.denominator + o.numerator * self.denominator
        return TropicalRational(num, self.denominator * o.denominator)

    def __radd__(self, other: Any) -> "TropicalRational":
        # ⊕ is commutative; reached for ``c + r`` with a non-tropical ``c``, which _other refuses
        return self.__add__(other)

    def __mul__(self, other: Any) -> "TropicalRational":
        """⊙: ``(H1⊙H2) ⊘ (Q1⊙Q2)``."""
        o = self._other(other, "⊙")
        return TropicalRational(self.numerator * o.numerator, self.denominator * o.denominator)

    def __rmul__(self, other: Any) -> "TropicalRational":
        return self.__mul__(other)

    def __truediv__(self, other: Any) -> "TropicalRational":
        """⊘: ``(H1⊙Q2) ⊘ (Q1⊙H2)``."""
        o = self._other(other, "⊘")
        return TropicalRational(self.numerator * o.denominator, self.denominator * o.numerator)

    def __rtruediv__(self, other: Any) -> "TropicalRational":
        return self._other(other, "⊘") / self

    def _no_minus(self, other: Any) -> NoReturn:
        raise InvalidInputError(
            f"- is not defined for TropicalRationals (other operand: {other!r}); "
            "the pointwise difference f - g is the tropical quotient f / g (⊘)"
        )

    def __sub__(self, other: Any) -> NoReturn:
        self._no_minus(other)

    def __rsub__(self, other: Any) -> NoReturn:
        self._no_minus(other)
