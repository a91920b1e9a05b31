"""How a float weight becomes an exact rational under a denominator bound: ``best`` or ``dyadic``.

Shared by :func:`~tropgeo.adapters.torch_io.from_torch` (and ``mlp_from_torch``) and
:func:`~tropgeo.adapters.integerize.integerize_to_agreement`.  Both roundings start from
the float's exact binary value (:func:`tropgeo.numbers.rationalize` without a bound, which
never rounds) and round that exact number, in exact arithmetic:

* ``"best"``: ``rationalize(w, max_denominator=d)``, the closest fraction with denominator
  at most ``d`` (``Fraction.limit_denominator``).  It recovers short decimals (``0.3`` ->
  ``3/10``) but gives each weight its own denominator, and integerization multiplies a
  hidden unit's row by the least common multiple of its denominators: the integers grow
  with ``d`` far beyond the ``log2 d`` bits of any one weight.
* ``"dyadic"``: ``round(w * d) / d`` with ``d = 2**k``, rounding half to even
  (:func:`round_dyadic`).  Every weight then has a denominator dividing ``d``, so the
  common denominator is at most ``d`` and the integers have about ``k + log2 |w|`` bits.
  A float's binary value is itself dyadic, so this is the float rounded to ``k``
  fractional bits.

With ``d = None`` both give the exact binary value.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact, rationalize

__all__ = ["ROUNDINGS", "check_rounding", "integer_bits", "is_power_of_two", "round_dyadic", "round_weight"]

#: The roundings a denominator bound can be applied with.
ROUNDINGS: tuple[str, ...] = ("best", "dyadic")


def is_power_of_two(d: int) -> bool:
    """Whether the int ``d >= 1`` is ``2**k`` for some ``k >= 0``.

    Examples
    --------
    >>> [d for d in range(1, 20) if is_power_of_two(d)]
    [1, 2, 4, 8, 16]
    """
    return d >= 1 and d & (d - 1) == 0


def check_rounding(rounding: Any, max_denominator: int | None, *, name: str = "max_denominator") -> str:
    """Validate ``rounding`` and, for ``"dyadic"``, that the bound is a power of two.

    ``max_denominator`` must already be valid (an int >= 1 or None); ``name`` is how the
    caller calls it in the message.

    Examples
    --------
    >>> check_rounding("dyadic", 64)
    'dyadic'
    >>> check_rounding("nearest", 64)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: rounding='nearest' must be 'best' or 'dyadic'
    >>> check_rounding("dyadic", 100)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: max_denominator=100 must be a power of two with rounding='dyadic' (64 or 128 are the nearest); use rounding='best' for other bounds
    """
    if not isinstance(rounding, str) or rounding not in ROUNDINGS:
        raise InvalidInputError(f"rounding={rounding!r} must be 'best' or 'dyadic'")
    if rounding == "dyadic" and max_denominator is not None and not is_power_of_two(int(max_denominator)):
        d = int(max_denominator)
        below = 1 << (d.bit_length() - 1)
        raise InvalidInputError(
            f"{name}={d!r} must be a power of two with rounding='dyadic' "
            f"({below} or {2 * below} are the nearest); use rounding='best' for other bounds"
        )
    return rounding


def round_dyadic(x: Any, denominator: int) -> Exact:
    """``x`` rounded to the nearest multiple of ``1 / denominator``, ties to even, exactly.

    ``x`` is read exactly first (a float as its binary value, see
    :func:`tropgeo.numbers.rationalize`); the rounding is ``round`` of a ``Fraction``,
    which is exact and rounds half to even.  ``denominator`` is a power of two for the
    ``"dyadic"`` rounding, but any int >= 1 rounds correctly.

    Parameters
    ----------
    x : float, int, Fraction or numpy scalar
        A finite number.
    denominator : int
        ``d >= 1``.

    Returns
    -------
    int or Fraction
        ``n / d`` in lowest terms, ``n = round(x * d)``.

    Examples
    --------
    >>> round_dyadic(0.1, 16)          # 0.1 * 16 = 1.6000000000000000888... -> 2
    Fraction(1, 8)
    >>> round_dyadic(0.09375, 16), round_dyadic(0.03125, 16)   # 1.5 and 0.5 sixteenths: ties to even
    (Fraction(1, 8), 0)
    >>> round_dyadic(-2.75, 1), round_dyadic(Fraction(1, 3), 4)
    (-3, Fraction(1, 4))
    """
    q = Fraction(rationalize(x))
    return as_exact(Fraction(round(q * denominator), denominator))


def round_weight(x: Any, max_denominator: int | None, rounding: str) -> Exact:
    """One float weight as an exact rational: ``rounding`` applied to its exact value.

    ``None`` as the bound: the exact binary value, whatever the rounding.

    Examples
    --------
    >>> round_weight(0.3, 16, "best"), round_weight(0.3, 16, "dyadic"), round_weight(0.3, None, "dyadic") == Fraction(0.3)
    (Fraction(3, 10), Fraction(5, 16), True)
    """
    if max_denominator is None or rounding == "best":
        return rationalize(x, max_denominator=max_denominator)
    return round_dyadic(x, int(max_denominator))


def integer_bits(rows: Any) -> int:
    """Bit length of the largest ``|v|`` in nested rows of ints (0 when empty).

    Examples
    --------
    >>> integer_bits([[3, -1024], [7]])
    11
    """
    return max((abs(int(v)).bit_length() for row in rows for v in row), default=0)
