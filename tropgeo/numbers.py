"""Exact numbers: the only door through which values enter exact paths.

Exact paths take ``int`` and :class:`fractions.Fraction`.  Anything else, in
particular ``float`` and numpy floating scalars, is refused with an
:class:`~tropgeo.errors.InexactInputError` that names the argument.  Floats
enter only through :func:`rationalize`, an explicit and recorded conversion.

Canonical form: an exact number is stored as ``int`` when it is integral and
as a ``Fraction`` otherwise, so equal values are equal objects for ``==``,
``hash`` and ``repr``.

Examples
--------
>>> from fractions import Fraction
>>> as_exact(Fraction(6, 3))
2
>>> as_exact(0.5, name="weight")
Traceback (most recent call last):
...
tropgeo.errors.InexactInputError: weight=0.5 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
>>> rationalize(0.1, max_denominator=100)
Fraction(1, 10)
"""

from __future__ import annotations

import math
import operator
import numbers as _numbers
from collections.abc import Mapping, Set
from fractions import Fraction
from typing import Any, Iterable, Union

import numpy as np

from tropgeo.errors import InexactInputError, InvalidInputError

__all__ = [
    "Exact",
    "as_exact",
    "as_exact_vector",
    "as_exact_matrix",
    "rationalize",
    "common_denominator",
    "to_fraction_string",
    "from_fraction_string",
    "as_int",
]

Exact = Union[int, Fraction]

_INTS = frozenset({int})


def canonical(q: Exact) -> Exact:
    """The canonical form of an exact number: an ``int`` when it is integral, else the Fraction.

    Examples
    --------
    >>> canonical(Fraction(6, 3)), canonical(Fraction(1, 2)), canonical(7)
    (2, Fraction(1, 2), 7)
    """
    return int(q.numerator) if q.denominator == 1 else q


_canon = canonical


def untensor(value: Any) -> Any:
    """A torch tensor (duck-typed: the core never imports torch) detached and moved to the
    CPU, so that numpy can read it even when it requires grad; anything else as it is.

    Examples
    --------
    >>> untensor([1, 2])
    [1, 2]
    """
    if not isinstance(value, np.ndarray) and callable(getattr(value, "detach", None)):
        value = value.detach()
        value = value.cpu() if callable(getattr(value, "cpu", None)) else value
    return value


def as_exact(value: Any, *, name: str = "value") -> Exact:
    """Return ``value`` as a canonical exact number or raise.

    Parameters
    ----------
    value : int, Fraction, numpy integer, or bool-free integral type
        The number to check.  Floats (Python or numpy), complex numbers,
        ``bool`` and strings are refused.
    name : str
        The argument name used in the error message.

    Returns
    -------
    int or Fraction
        ``int`` when integral, otherwise a reduced ``Fraction``.

    Examples
    --------
    >>> as_exact(3)
    3
    >>> import numpy as np
    >>> as_exact(np.int64(-4))
    -4
    >>> from fractions import Fraction
    >>> as_exact(Fraction(1, 3))
    Fraction(1, 3)
    """
    if isinstance(value, bool) or isinstance(value, np.bool_):
        raise InexactInputError(f"{name}={value!r} is a bool; exact paths take int or Fraction")
    if isinstance(value, Fraction):
        return _canon(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        raise InexactInputError(
            f"{name}={value!r} is a float; exact paths take int or Fraction "
            "(convert explicitly with tropgeo.rationalize)"
        )
    if isinstance(value, _numbers.Rational):
        return _canon(Fraction(int(value.numerator), int(value.denominator)))
    raise InexactInputError(
        f"{name}={value!r} has type {type(value).__name__}; exact paths take int or Fraction"
    )


def _refuse_unordered(values: Any, *, name: str, what: str) -> None:
    """Refuse containers that iterate but are no sequence of ``what``: sets and mappings (no
    order, or keys instead of values), and text or bytes (characters, byte values)."""
    if isinstance(values, Set):
        raise InvalidInputError(
            f"{name}={values!r} is a {type(values).__name__}, which has no order; give the {what} as a tuple or list"
        )
    if isinstance(values, Mapping):
        raise InvalidInputError(
            f"{name}={values!r} is a {type(values).__name__}, a mapping, not a sequence; "
            f"give the {what} as a tuple or list"
        )
    if isinstance(values, (str, bytes, bytearray, memoryview)):
        raise InvalidInputError(
            f"{name}={values!r} is a {type(values).__name__}, not a sequence of exact numbers; "
            f"give the {what} as a tuple or list"
        )


def as_exact_vector(values: Any, *, name: str = "vector") -> tuple[Exact, ...]:
    """Return a 1-D sequence as a tuple of canonical exact numbers.

    Sets, mappings, ``str`` and ``bytes`` are refused: they iterate, but not over the
    entries in a meaningful order (``{5, 1}`` iterates as ``1, 5``, ``b"ab"`` as ``97, 98``).

    Examples
    --------
    >>> as_exact_vector([1, 2, 3])
    (1, 2, 3)
    >>> as_exact_vector([[1]], name="x")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: x must be a 1-D sequence of exact numbers; entry 0 is [1]
    >>> as_exact_vector({5, 1}, name="shift")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: shift={1, 5} is a set, which has no order; give the entries as a tuple or list
    """
    if type(values) in (tuple, list) and set(map(type, values)) <= _INTS:
        # fast path: Python ints are canonical as they are (bool is its own type, not int)
        return tuple(values)
    _refuse_unordered(values, name=name, what="entries")
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise InvalidInputError(f"{name} must be 1-D, got an array of shape {values.shape}")
        if values.dtype.kind == "f":
            raise InexactInputError(
                f"{name} has float dtype {values.dtype}; exact paths take int or Fraction "
                "(convert explicitly with tropgeo.rationalize)"
            )
        values = values.tolist()
    try:
        items = list(values)
    except TypeError:
        raise InvalidInputError(f"{name} must be a 1-D sequence of exact numbers, got {values!r}") from None
    out = []
    for k, v in enumerate(items):
        if isinstance(v, (list, tuple, np.ndarray)):
            raise InvalidInputError(f"{name} must be a 1-D sequence of exact numbers; entry {k} is {v!r}")
        out.append(as_exact(v, name=f"{name}[{k}]"))
    return tuple(out)


def as_exact_matrix(
    values: Any, *, name: str = "matrix", n_cols: int | None = None, allow_empty: bool = False
) -> tuple[tuple[Exact, ...], ...]:
    """Return a 2-D sequence as a tuple of rows of canonical exact numbers.

    Parameters
    ----------
    values : sequence of sequences, or a 2-D integer/object numpy array
    name : str
        Argument name for error messages.
    n_cols : int, optional
        Required row length (used when ``values`` is empty, too).
    allow_empty : bool
        Whether zero rows are acceptable.

    Examples
    --------
    >>> as_exact_matrix([[1, 2], [3, 4]])
    ((1, 2), (3, 4))
    >>> as_exact_matrix([[1, 2], [3]], name="A")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: A must be a rectangular 2-D array; row 1 has length 1, row 0 has length 2
    >>> as_exact_matrix([b"ab"], name="points")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: points[0]=b'ab' is a bytes, not a sequence of exact numbers; give the entries as a tuple or list
    """
    if isinstance(values, (Mapping, str, bytes, bytearray, memoryview)):
        _refuse_unordered(values, name=name, what="rows")
    if isinstance(values, np.ndarray):
        if values.ndim != 2:
            raise InvalidInputError(f"{name} must be 2-D, got an array of shape {values.shape}")
        if values.dtype.kind == "f":
            raise InexactInputError(
                f"{name} has float dtype {values.dtype}; exact paths take int or Fraction "
                "(convert explicitly with tropgeo.rationalize)"
            )
        values = values.tolist()
    try:
        rows = list(values)
    except TypeError:
        raise InvalidInputError(f"{name} must be a 2-D array of exact numbers, got {values!r}") from None
    if not rows and not allow_empty:
        raise InvalidInputError(f"{name} must have at least one row, got none")
    out: list[tuple[Exact, ...]] = []
    for i, row in enumerate(rows):
        vec = as_exact_vector(row, name=f"{name}[{i}]")
        if out and len(vec) != len(out[0]):
            raise InvalidInputError(
                f"{name} must be a rectangular 2-D array; row {i} has length {len(vec)}, "
                f"row 0 has length {len(out[0])}"
            )
        out.append(vec)
    if n_cols is not None and out and len(out[0]) != n_cols:
        raise InvalidInputError(f"{name} must have {n_cols} columns, got {len(out[0])}")
    return tuple(out)


def rationalize(x: Any, *, max_denominator: int | None = None) -> Exact:
    """Convert a float to an exact rational: the one explicit float door.

    Parameters
    ----------
    x : float, int, Fraction, or numpy scalar
        A finite number.
    max_denominator : int or None
        ``None`` gives the exact binary value of the float (every float is a
        dyadic rational).  An integer ``m >= 1`` gives the closest fraction
        with denominator at most ``m`` (``Fraction.limit_denominator``).

    Returns
    -------
    int or Fraction

    Examples
    --------
    >>> rationalize(0.5)
    Fraction(1, 2)
    >>> rationalize(0.1)
    Fraction(3602879701896397, 36028797018963968)
    >>> rationalize(0.1, max_denominator=1000)
    Fraction(1, 10)
    >>> import numpy as np
    >>> rationalize(np.longdouble(1) + np.longdouble(2) ** -60) == 1 + Fraction(1, 2**60)  # extended precision kept
    True
    >>> rationalize(float("nan"))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: x=nan is not finite; only finite numbers can be rationalized
    >>> rationalize(1.5, max_denominator=0)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: max_denominator=0 must be >= 1 (or None for the exact binary value)
    """
    if max_denominator is not None:
        if isinstance(max_denominator, bool) or not isinstance(max_denominator, (int, np.integer)):
            raise InvalidInputError(f"max_denominator={max_denominator!r} must be an int >= 1 or None")
        if max_denominator < 1:
            raise InvalidInputError(
                f"max_denominator={max_denominator!r} must be >= 1 (or None for the exact binary value)"
            )
    if isinstance(x, bool) or isinstance(x, np.bool_):
        raise InvalidInputError(f"x={x!r} is a bool, not a number")
    if isinstance(x, (float, np.floating)):
        if not bool(np.isfinite(x)):
            raise InvalidInputError(f"x={x!r} is not finite; only finite numbers can be rationalized")
        # Exact for every precision (float16 .. longdouble): as_integer_ratio never rounds,
        # where float(x) would drop a longdouble's extra bits.
        num, den = x.as_integer_ratio()
        q = Fraction(int(num), int(den))
    else:
        q = Fraction(as_exact(x, name="x"))
    if max_denominator is not None:
        q = q.limit_denominator(int(max_denominator))
    return _canon(q)


def common_denominator(values: Iterable[Exact]) -> int:
    """Least common multiple of the denominators of ``values`` (1 when empty).

    Examples
    --------
    >>> from fractions import Fraction
    >>> common_denominator([Fraction(1, 4), Fraction(5, 6), 3])
    12
    """
    d = 1
    for v in values:
        q = Fraction(as_exact(v))
        d = d * q.denominator // math.gcd(d, q.denominator)
    return d


def to_fraction_string(q: Exact) -> str:
    """Write an exact number as ``"p/q"`` (or ``"p"`` when integral).

    Examples
    --------
    >>> from fractions import Fraction
    >>> to_fraction_string(Fraction(-3, 4)), to_fraction_string(7)
    ('-3/4', '7')
    """
    q = Fraction(as_exact(q))
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def from_fraction_string(s: str, *, name: str = "value") -> Exact:
    """Read ``"p/q"`` or ``"p"`` back exactly; decimal points are refused.

    Examples
    --------
    >>> from_fraction_string("-3/4")
    Fraction(-3, 4)
    >>> from_fraction_string("0.5")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: value='0.5' is not an exact rational string of the form 'p' or 'p/q'
    """
    if not isinstance(s, str):
        raise InvalidInputError(f"{name}={s!r} must be a string 'p' or 'p/q'")
    t = s.strip()
    parts = t.split("/")
    ok = 1 <= len(parts) <= 2 and all(p.strip().lstrip("+-").isdigit() for p in parts)
    if not ok or (len(parts) == 2 and int(parts[1]) == 0):
        raise InvalidInputError(f"{name}={s!r} is not an exact rational string of the form 'p' or 'p/q'")
    return _canon(Fraction(t))


def as_int(value: Any, *, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``: Python and numpy integers, never a
    bool or a float (a count, an index or a seed given as ``2.0`` is a mistake).

    Examples
    --------
    >>> as_int(np.int64(3), name="k", minimum=0)
    3
    >>> as_int(2.0, name="k", minimum=0)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: k=2.0 must be an int >= 0, got float
    """
    low = "" if minimum is None else f" >= {minimum}"
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"{name}={value!r} must be an int{low}, got a bool")
    try:
        n = operator.index(value)
    except TypeError:
        raise InvalidInputError(f"{name}={value!r} must be an int{low}, got {type(value).__name__}") from None
    if minimum is not None and n < minimum:
        raise InvalidInputError(f"{name}={n!r} must be an int{low}")
    if maximum is not None and n > maximum:
        raise InvalidInputError(f"{name}={n!r} is larger than the supported maximum {maximum}")
    return n
