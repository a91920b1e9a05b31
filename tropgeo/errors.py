"""One error hierarchy for tropgeo.

Every error raised on purpose by tropgeo derives from :class:`TropgeoError` and
also from the matching builtin, so ``except ValueError`` keeps working for
callers who do not know about tropgeo.

Examples
--------
>>> from tropgeo.errors import InexactInputError
>>> issubclass(InexactInputError, TypeError)
True
"""

from __future__ import annotations

__all__ = [
    "TropgeoError",
    "InvalidInputError",
    "InexactInputError",
    "SizeLimitError",
    "BackendError",
    "CheckFailedError",
]


class TropgeoError(Exception):
    """Base class of every error tropgeo raises on purpose.

    Catch it to handle any deliberate tropgeo error; every subclass also
    derives from one builtin (``ValueError``, ``TypeError`` or ``RuntimeError``).

    Examples
    --------
    >>> [c.__name__ for c in TropgeoError.__subclasses__()]
    ['InvalidInputError', 'InexactInputError', 'SizeLimitError', 'BackendError', 'CheckFailedError']
    >>> from tropgeo import as_exact, convex_hull
    >>> for bad in (lambda: as_exact(0.1), lambda: convex_hull([])):
    ...     try:
    ...         bad()
    ...     except TropgeoError as err:
    ...         print(type(err).__name__, "|", err)
    InexactInputError | value=0.1 is a float; exact paths take int or Fraction (convert explicitly with tropgeo.rationalize)
    InvalidInputError | points must have at least one row, got none
    """


class InvalidInputError(TropgeoError, ValueError):
    """An argument has the right type but an impossible value or shape.

    Examples
    --------
    A network needs at least two classes (rows of ``B``):

    >>> from tropgeo import ReLUNetwork
    >>> try:
    ...     ReLUNetwork([[1]], [[1]])
    ... except InvalidInputError as e:
    ...     err = e
    >>> print(err)
    B must have at least 2 rows (classes), got 1
    >>> isinstance(err, ValueError), isinstance(err, TropgeoError)
    (True, True)
    """


class InexactInputError(TropgeoError, TypeError):
    """A float (or other inexact number) reached an exact path.

    Examples
    --------
    ``0.5`` is refused; ``Fraction(1, 2)`` (or :func:`tropgeo.rationalize`) is the way in:

    >>> from tropgeo import convex_hull
    >>> try:
    ...     convex_hull([(0.5, 0)])
    ... except InexactInputError as e:
    ...     err = e
    >>> isinstance(err, TypeError), isinstance(err, TropgeoError)
    (True, True)
    >>> from fractions import Fraction
    >>> convex_hull([(Fraction(1, 2), 0)])
    Polytope(vertices=((Fraction(1, 2), 0),))
    """


class SizeLimitError(TropgeoError, ValueError):
    """An exponential computation would exceed the caller's size limit.

    The message carries the estimated size and the keyword that raises the limit.

    Examples
    --------
    The formal square of a 2-term polynomial has up to 3 terms:

    >>> from tropgeo import TropicalPolynomial
    >>> f = TropicalPolynomial({(1,): 0, (0,): 0})
    >>> try:
    ...     f.power(2, max_terms=2)
    ... except SizeLimitError as e:
    ...     err = e
    >>> print(err)
    the formal power f**2 of a 2-term polynomial can have up to 3 terms (> max_terms=2); use f.power(2, reduce=True) for the same function with upper-hull terms only, or raise max_terms
    >>> isinstance(err, ValueError), isinstance(err, TropgeoError)
    (True, True)
    """


class BackendError(TropgeoError, RuntimeError):
    """An exact backend (cddlib) failed or returned something inconsistent.

    Public functions validate first, so this signals a backend problem.  The
    example calls the private cddlib wrapper with input it documents as invalid.

    Examples
    --------
    >>> from tropgeo import _cdd
    >>> try:
    ...     _cdd.vertex_indices([(0, 0), (0, 0)])
    ... except BackendError as e:
    ...     err = e
    >>> print(err)
    vertex_indices needs distinct points; got repeated ones
    >>> isinstance(err, RuntimeError), isinstance(err, TropgeoError)
    (True, True)
    """


class CheckFailedError(TropgeoError, RuntimeError):
    """A self-check of an exact computation failed (a bug, never user error).

    Examples
    --------
    A :class:`~tropgeo.polytope.Polytope` forged around its constructor (which
    refuses non-vertices) with the midpoint ``(1,)`` of ``[0, 2]`` fails its
    V -> H -> V round trip:

    >>> from tropgeo.polytope import _from_vertices
    >>> try:
    ...     _from_vertices(((0,), (1,), (2,))).self_check()
    ... except CheckFailedError as e:
    ...     err = e
    >>> print(err)
    H -> V gave points ((0,), (2,)), rays (), lines (); expected ((0,), (1,), (2,))
    >>> isinstance(err, RuntimeError), isinstance(err, TropgeoError)
    (True, True)
    """
