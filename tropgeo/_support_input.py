"""Input checks of :mod:`tropgeo.support`: the network and the directions (the class
pairs are checked by :func:`tropgeo.network.class_pairs`, shared with the exhaustive check).

Everything is validated here, at the public boundary, with messages that name the argument
and the value; :func:`exact_directions` then turns the checked points into integer
numerators over one positive denominator per point, the form the integer kernel takes.

Examples
--------
>>> from fractions import Fraction
>>> P, d = exact_directions(check_directions([(1, Fraction(1, 2)), (3, 4)], 2))
>>> P.tolist(), d.tolist()
([[2, 1], [3, 4]], [2, 1])
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from tropgeo._intmat import fit, from_rows
from tropgeo.errors import InexactInputError, InvalidInputError
from tropgeo.network import ReLUNetwork, integral_network
from tropgeo.numbers import Exact, as_exact, as_int, untensor

__all__ = ["check_net", "check_directions", "exact_directions", "check_max_work"]

def check_net(net: Any) -> ReLUNetwork:
    return integral_network(net)


def check_directions(directions: Any, n: int) -> np.ndarray:
    """``directions`` as a 2-D array of shape ``(N, n)``, ``N >= 1``, of an integer or object
    dtype (entries not yet checked one by one).

    A torch tensor (duck-typed by ``detach``: the core does not import torch) is read
    through ``detach().cpu()``, so one that requires grad is read like any other.  Python
    sequences keep their own numbers: numpy would turn ``2**63`` next to ``-1`` into a
    float and ``True`` into ``1``, so those are re-read entry by entry.
    """
    if directions is None or isinstance(directions, (str, bytes)):
        raise InvalidInputError(f"directions={directions!r} must be a sequence of points or a 2-D integer array")
    if not isinstance(directions, np.ndarray) and callable(getattr(directions, "detach", None)):
        tensor = untensor(directions)
        try:
            directions = np.asarray(tensor)
        except (TypeError, ValueError, RuntimeError) as err:
            raise InvalidInputError(
                f"directions is a {type(tensor).__name__} that numpy cannot read ({err}); "
                "give the points as an integer array or as exact numbers"
            ) from None
    arr = directions if isinstance(directions, np.ndarray) else _python_points(directions, n)
    if arr.size == 0 and (arr.ndim < 2 or arr.shape[0] == 0):
        raise InvalidInputError("directions is empty; give at least one point (for instance the data)")
    if arr.ndim != 2:
        raise InvalidInputError(
            f"directions must be 2-D (one row per point, {n} columns), got an array of shape {arr.shape}"
        )
    if arr.shape[1] != n:
        raise InvalidInputError(f"directions has {arr.shape[1]} columns, the network has {n} inputs")
    kind = arr.dtype.kind
    if kind in "fc":
        raise InexactInputError(
            f"directions has float dtype {arr.dtype}; exact paths take int or Fraction "
            "(convert explicitly with tropgeo.rationalize, or give the integer data, e.g. uint8 pixels)"
        )
    if kind == "b":
        raise InexactInputError("directions has bool dtype; exact paths take int or Fraction")
    if kind not in "iuO":
        raise InexactInputError(f"directions has dtype {arr.dtype}; exact paths take int or Fraction")
    return arr


def _python_points(directions: Any, n: int) -> np.ndarray:
    """A nested Python sequence of points as an array that holds the user's own numbers."""
    try:
        arr = np.asarray(directions)
    except (ValueError, TypeError, OverflowError):
        raise InvalidInputError(
            f"directions must be a rectangular 2-D array of exact numbers (N points x {n} inputs); "
            "its rows have different lengths"
        ) from None
    if arr.ndim != 2 or arr.dtype.kind not in "iufb":
        return arr
    # numpy chose one dtype for all entries: bools became ints, ints beyond int64 became floats
    entries = np.empty(arr.shape, dtype=object)
    entries[...] = [list(row) for row in directions]
    for k, v in enumerate(entries.flat):
        if isinstance(v, (bool, np.bool_)):
            r, c = divmod(k, arr.shape[1])
            raise InexactInputError(f"directions[{r}][{c}]={v!r} is a bool; exact paths take int or Fraction")
        if isinstance(v, (float, np.floating, complex, np.complexfloating)):
            return arr  # refused below as a float dtype
    return entries if arr.dtype.kind == "f" else arr


def exact_directions(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(P, d)``: integer numerators ``P`` (N x n) and positive denominators ``d`` (N,) of
    the points of a checked array, the ``k``-th point being ``P[k] / d[k]``."""
    N, n = arr.shape
    if arr.dtype.kind in "iu":
        return fit(arr), fit(np.ones(N, dtype=np.int64))
    rows: list[list[Exact]] = []
    dens: list[int] = []
    for r, row in enumerate(arr.tolist()):
        vals: list[Exact] = []
        den = 1
        for c, v in enumerate(row):
            if type(v) is not int:
                v = as_exact(v, name=f"directions[{r}][{c}]")
                if isinstance(v, Fraction):
                    den = math.lcm(den, v.denominator)
            vals.append(v)
        rows.append([int(v * den) for v in vals] if den > 1 else vals)
        dens.append(den)
    return from_rows(rows, (N, n)), from_rows(dens, (N,))


def check_max_work(max_work: Any) -> int | None:
    if max_work is None:
        return None
    return as_int(max_work, name="max_work", minimum=1)

