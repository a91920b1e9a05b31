"""Input checks of :mod:`tropgeo.polynomial`: exponents, flags, the tropical zero, and the size bound.

The checks name the argument and the value they refuse.  :data:`Exponent` (an integer tuple) is
defined here and re-exported by :mod:`tropgeo.polynomial`, where the other modules import it.
"""

from __future__ import annotations

import math
from collections.abc import Set
from typing import Any, Mapping

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import as_exact

Exponent = tuple[int, ...]


# Far beyond any polynomial this package can work with; refusing it up front keeps
# ``constant(0, n_vars=10**12)`` from trying to allocate the exponent tuple.
_MAX_N_VARS = 10**6


_OPS = {"⊕": "+ is tropical ⊕ (pointwise max)", "⊙": "* is tropical ⊙ (pointwise sum)"}


def _flag(value: Any, *, name: str) -> bool:
    # a truthy string such as "no" must not silently mean True
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"{name}={value!r} must be a bool, got {type(value).__name__}")
    return bool(value)


def _refuse_unordered(x: Any, *, name: str, what: str) -> None:
    if isinstance(x, (Set, Mapping)):
        raise InvalidInputError(
            f"{name}={x!r} is a {type(x).__name__}, which has no order; give the {what} as a tuple or list"
        )


def _exponent(e: Any, *, name: str) -> Exponent:
    _refuse_unordered(e, name=name, what="exponent entries")
    if isinstance(e, (str, bytes)):
        raise InvalidInputError(f"{name}={e!r} must be a sequence of integers, got {type(e).__name__}")
    try:
        items = tuple(e)
    except TypeError:
        raise InvalidInputError(
            f"{name}={e!r} must be a sequence of integers, got {type(e).__name__}"
        ) from None
    out = []
    for k, v in enumerate(items):
        q = as_exact(v, name=f"{name}[{k}]")
        if not isinstance(q, int):
            raise InvalidInputError(f"{name}[{k}]={v!r} must be an integer exponent")
        out.append(q)
    return tuple(out)


def _is_rational(x: Any) -> bool:
    # imported on use: tropgeo.rational imports tropgeo.polynomial, which imports this module
    from tropgeo.rational import TropicalRational

    return isinstance(x, TropicalRational)


def _is_neg_inf(c: Any) -> bool:
    return isinstance(c, float) and math.isinf(c) and c < 0
