"""Exact number text shared by the export formats: ``p`` or ``p/q``, written and read.

Also the format name :data:`JSON_FORMAT` and :func:`_as_polytope`, which every writer
applies to its argument.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Union

from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.numbers import Exact
from tropgeo.polytope import Polytope, _from_vertices
from tropgeo.zonotope import Zonotope

JSON_FORMAT = "tropgeo-polytope/1"
"""The ``"format"`` value of tropgeo's polytope JSON (and the marker comment of its cdd files)."""

# ASCII digits only: str.isdigit would let '²' or Arabic-Indic digits through.
_RATIONAL = re.compile(r"[+-]?[0-9]+(?:/[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_COUNT = re.compile(r"[0-9]{1,18}")

PolytopeLike = Union[Polytope, Zonotope]


# --- numbers -------------------------------------------------------------------------


def _show(s: str, limit: int = 60) -> str:
    """``repr`` of a (possibly huge) token or line, shortened for messages."""
    return repr(s) if len(s) <= limit else repr(s[:limit]) + "..."


def _number_text(q: Exact) -> str:
    try:
        if isinstance(q, Fraction):
            return f"{q.numerator}/{q.denominator}"
        return str(q)
    except ValueError:
        # Python refuses int <-> str conversions beyond sys.get_int_max_str_digits() digits.
        raise SizeLimitError(
            "a number has more decimal digits than Python converts to text "
            "(sys.get_int_max_str_digits()); raise that limit to export it"
        ) from None


def _parse_number(token: str, *, where: str, integer_only: bool = False) -> Exact:
    """One exact number ``p`` or ``p/q`` (``p`` only when ``integer_only``)."""
    if not (_INTEGER if integer_only else _RATIONAL).fullmatch(token):
        expected = "an integer" if integer_only else "an integer p or a fraction p/q"
        raise InvalidInputError(
            f"{where}: {_show(token)} is not {expected}; exact files take no decimals, exponents, nan or inf"
        )
    num, _, den = token.partition("/")
    try:
        p, q = int(num), int(den or "1")
    except ValueError:
        raise SizeLimitError(
            f"{where}: {_show(token)} has more digits than Python reads (sys.get_int_max_str_digits())"
        ) from None
    if q == 0:
        raise InvalidInputError(f"{where}: {_show(token)} has a zero denominator")
    if q == 1:
        return p
    x = Fraction(p, q)
    return int(x.numerator) if x.denominator == 1 else x


# --- polytopes -----------------------------------------------------------------------


def _as_polytope(P: Any, name: str = "P") -> Polytope:
    if isinstance(P, Polytope):
        return P
    if isinstance(P, Zonotope):
        # Zonotope.vertices are exactly the vertices, sorted and canonical.
        return _from_vertices(P.vertices)
    raise InvalidInputError(f"{name} must be a Polytope or a Zonotope, got {type(P).__name__}")
