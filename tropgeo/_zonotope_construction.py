"""Building zonotopes: validated arguments, generators from segments, and the canonical form
(private kernel of :mod:`tropgeo.zonotope`).

By Proposition 1 of the reference paper the Minkowski sum of segments ``[u1, u2]`` is the
zonotope with generators ``u1 - u2`` and shift ``sum u2`` (:func:`segment_generators`).

``shift + sum_i [0, g_i]`` is brought to one canonical form: zero generators are dropped; a
generator whose first nonzero coordinate is negative is replaced by its negative and added
to the shift (``[0, g] = g + [0, -g]``); generators with the same direction are merged by
summing them; the result is sorted.  See :class:`tropgeo.zonotope.Zonotope` for why this
makes ``==`` set equality.

Two routes give the same result, value for value and type for type (ints where integral):

* when every entry is a Python ``int`` (the common case: integer weights, lifted zonotopes
  of integer networks), :func:`canonical_form` works on ints only: a generator is ``k e``
  with ``e`` its primitive direction and ``k = ±gcd(g)``, a merged generator is
  ``(sum k) e``, and no ``Fraction`` is made;
* otherwise it works on ``Fraction`` entries (:func:`canonical_form_fractions`).

Examples
--------
>>> canonical_form(((0, -2), (1, 0), (0, 0), (0, 1)), (0, 0))
(((0, 3), (1, 0)), (0, -2), ((0, 1), (1, 0)))
>>> from fractions import Fraction
>>> canonical_form(((Fraction(1, 2), 1), (-1, -2)), (0, 0))     # a rational generator: Fractions
(((Fraction(3, 2), 3),), (-1, -2), ((1, 2),))
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact_matrix, as_exact_vector, canonical as _canon

__all__ = [
    "segment_generators",
    "validated_data",
    "factory_data",
    "canonical_form",
    "canonical_form_fractions",
    "primitive_direction",
]

Vector = tuple[Exact, ...]
Canonical = tuple[tuple[Vector, ...], Vector, tuple[tuple[int, ...], ...]]

_INTS = frozenset({int})


def segment_generators(segments: Any) -> tuple[tuple[Vector, ...], Vector | None]:
    """Validated generators ``u1 - u2`` and shift ``sum u2`` of segments ``[u1, u2]``; the
    shift is ``None`` when there are no segments.

    Examples
    --------
    >>> segment_generators([([2, 0], [0, 1]), ([1, 1], [1, 2])])
    (((2, -1), (0, -1)), (1, 3))
    >>> segment_generators([([2, 0], [0, 1]), ([1, 1], [1])])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: segments[1] has end points of lengths 2 and 1; all end points must have length 2
    """
    try:
        segs = list(segments)
    except TypeError:
        raise InvalidInputError(f"segments must be a sequence of pairs (u1, u2), got {segments!r}") from None
    gens: list[Vector] = []
    shift: list[Fraction] | None = None
    n: int | None = None
    for k, seg in enumerate(segs):
        try:
            pair = list(seg)
        except TypeError:
            raise InvalidInputError(f"segments[{k}]={seg!r} must be a pair (u1, u2)") from None
        if len(pair) != 2:
            raise InvalidInputError(f"segments[{k}] must be a pair (u1, u2); it has {len(pair)} entries")
        u1 = as_exact_vector(pair[0], name=f"segments[{k}][0]")
        u2 = as_exact_vector(pair[1], name=f"segments[{k}][1]")
        if len(u1) != len(u2) or (n is not None and len(u1) != n):
            raise InvalidInputError(
                f"segments[{k}] has end points of lengths {len(u1)} and {len(u2)}; "
                f"all end points must have length {n if n is not None else len(u1)}"
            )
        n = len(u1)
        gens.append(tuple(_canon(Fraction(a) - b) for a, b in zip(u1, u2)))
        shift = [Fraction(b) for b in u2] if shift is None else [a + b for a, b in zip(shift, u2)]
    return tuple(gens), None if shift is None else tuple(_canon(x) for x in shift)


def validated_data(generators: Any, shift: Any) -> tuple[tuple[Vector, ...], Vector]:
    """Generators and shift of :class:`tropgeo.zonotope.Zonotope`, validated: exact entries,
    a nonempty shift, one length.

    Examples
    --------
    >>> validated_data([[1, 2]], [0])
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: shift has length 1 but the generators have length 2; they must live in the same space
    """
    n_hint = None
    if isinstance(generators, np.ndarray) and generators.ndim == 2:
        n_hint = generators.shape[1]
    gens = as_exact_matrix(generators, name="generators", allow_empty=True)
    sh = as_exact_vector(shift, name="shift")
    n = len(sh)
    if n == 0:
        raise InvalidInputError("shift=() is empty; the ambient dimension must be >= 1")
    if gens and len(gens[0]) != n:
        raise InvalidInputError(
            f"shift has length {n} but the generators have length {len(gens[0])}; "
            "they must live in the same space"
        )
    if n_hint is not None and n_hint != n:
        raise InvalidInputError(f"shift has length {n} but generators has {n_hint} columns")
    return gens, sh


def factory_data(generators: Any, shift: Any, ambient_dim: Any) -> tuple[tuple[Vector, ...], Vector]:
    """The arguments of :func:`tropgeo.zonotope.zonotope`, validated, with the shift filled in
    (the origin) and the ambient dimension checked against the data.

    Examples
    --------
    >>> factory_data([], None, 2)
    ((), (0, 0))
    >>> factory_data([[1, 0]], None, 3)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: ambient_dim=3 but the input lives in dimension 2
    """
    if ambient_dim is not None:
        if isinstance(ambient_dim, bool) or not isinstance(ambient_dim, (int, np.integer)) or ambient_dim < 1:
            raise InvalidInputError(f"ambient_dim={ambient_dim!r} must be an int >= 1")
        ambient_dim = int(ambient_dim)
    n_cols = None
    if isinstance(generators, np.ndarray) and generators.ndim == 2:
        n_cols = generators.shape[1]
    gens = as_exact_matrix(generators, name="generators", allow_empty=True)
    if gens:
        n_cols = len(gens[0])
    if shift is None:
        n = n_cols if n_cols is not None else ambient_dim
        if n is None:
            raise InvalidInputError(
                "generators is empty; pass shift= or ambient_dim= so the ambient dimension is known"
            )
        sh: Vector = (0,) * n
    else:
        sh = as_exact_vector(shift, name="shift")
        if n_cols is not None and len(sh) != n_cols:
            raise InvalidInputError(
                f"shift has length {len(sh)} but the generators have length {n_cols}; "
                "they must live in the same space"
            )
    if ambient_dim is not None and len(sh) != ambient_dim:
        raise InvalidInputError(f"ambient_dim={ambient_dim} but the input lives in dimension {len(sh)}")
    return gens, sh


def primitive_direction(g: Sequence[Exact]) -> tuple[int, ...]:
    """The primitive integer vector that is a positive multiple of ``g`` (``g != 0``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> primitive_direction((Fraction(2, 3), 0, -4))
    (1, 0, -6)
    """
    d = 1
    for x in g:
        if isinstance(x, Fraction):
            d = math.lcm(d, x.denominator)
    ints = [int(x * d) for x in g]
    k = 0
    for x in ints:
        k = math.gcd(k, x)
    return tuple(x // k for x in ints)


def canonical_form(generators: tuple[Vector, ...], shift: Vector) -> Canonical:
    """Canonical generators, shift, and the primitive integer direction of each generator,
    of validated exact data (tuples of canonical ints and Fractions of one length)."""
    if set(map(type, shift)) <= _INTS and all(set(map(type, g)) <= _INTS for g in generators):
        return _canonical_form_ints(generators, shift)  # type: ignore[arg-type]
    return canonical_form_fractions(generators, shift)


def _canonical_form_ints(generators: tuple[tuple[int, ...], ...], shift: tuple[int, ...]) -> Canonical:
    s = shift
    # primitive direction e -> [sum of the multiples k (g = k e after re-orienting), the
    # re-oriented generator while it is the only one with this direction, else None]
    groups: dict[tuple[int, ...], list] = {}  # type: ignore[type-arg]
    for g in generators:
        k = math.gcd(*g)
        if k == 0:
            continue
        if next(x for x in g if x) < 0:
            s = tuple(map(operator.add, s, g))  # [0, g] = g + [0, -g]
            k = -k
        key = g if k == 1 else tuple([x // k for x in g])
        entry = groups.get(key)
        if entry is None:
            groups[key] = [abs(k), g if k > 0 else None]
        else:
            entry[0] += abs(k)
            entry[1] = None
    pairs = []
    for key, (lam, only) in groups.items():
        if only is not None:
            gen = only
        elif lam == 1:
            gen = key
        else:
            gen = tuple([lam * x for x in key])
        pairs.append((gen, key))
    pairs.sort()
    return tuple(p[0] for p in pairs), s, tuple(p[1] for p in pairs)


def canonical_form_fractions(generators: tuple[Vector, ...], shift: Vector) -> Canonical:
    """:func:`canonical_form` through ``Fraction`` arithmetic: any exact entries.

    Examples
    --------
    >>> canonical_form_fractions(((0, -2), (1, 0), (0, 0), (0, 1)), (0, 0))
    (((0, 3), (1, 0)), (0, -2), ((0, 1), (1, 0)))
    """
    s = [Fraction(x) for x in shift]
    groups: dict[tuple[int, ...], list[Fraction]] = {}
    for g in generators:
        first = next((x for x in g if x != 0), 0)
        if first == 0:
            continue
        v = [Fraction(x) for x in g]
        if first < 0:
            # [0, g] = g + [0, -g]
            s = [a + b for a, b in zip(s, v)]
            v = [-x for x in v]
        key = primitive_direction(v)
        acc = groups.get(key)
        groups[key] = v if acc is None else [a + b for a, b in zip(acc, v)]
    pairs = sorted((tuple(_canon(x) for x in v), key) for key, v in groups.items())
    gens = tuple(p[0] for p in pairs)
    dirs = tuple(p[1] for p in pairs)
    return gens, tuple(_canon(x) for x in s), dirs
