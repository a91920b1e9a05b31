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
    """Base class of every error tropgeo raises on purpose."""


class InvalidInputError(TropgeoError, ValueError):
    """An argument has the right type but an impossible value or shape."""


class InexactInputError(TropgeoError, TypeError):
    """A float (or other inexact number) reached an exact path."""


class SizeLimitError(TropgeoError, ValueError):
    """An exponential computation would exceed the caller's size limit.

    The message carries the estimated size and the keyword that raises the limit.
    """


class BackendError(TropgeoError, RuntimeError):
    """An exact backend (cddlib) failed or returned something inconsistent."""


class CheckFailedError(TropgeoError, RuntimeError):
    """A self-check of an exact computation failed (a bug, never user error)."""
