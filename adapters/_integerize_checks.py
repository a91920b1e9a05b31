"""Argument checks of :func:`~tropgeo.adapters.integerize.integerize_to_agreement`."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

import torch

from tropgeo.adapters._integerize_rounding import is_power_of_two
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import rationalize

__all__ = ["check_data", "check_denominators", "check_target"]


def check_target(target: Any) -> Fraction:
    if isinstance(target, (bool, np.bool_)) or not isinstance(
        target, (int, float, Fraction, np.integer, np.floating)
    ):
        raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
    if isinstance(target, (float, np.floating)):
        if not math.isfinite(float(target)):
            raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
        # A rate, not geometry: read the float as the short fraction it stands for (0.95 -> 19/20).
        q = Fraction(rationalize(target, max_denominator=10**6))
    else:
        q = Fraction(int(target)) if isinstance(target, np.integer) else Fraction(target)
    if not 0 <= q <= 1:
        raise InvalidInputError(f"target={target!r} must be a number in [0, 1]")
    return q


def check_denominators(denominators: Any, rounding: str) -> tuple[int | None, ...]:
    if isinstance(denominators, (str, bytes)) or not hasattr(denominators, "__iter__"):
        raise InvalidInputError(f"denominators={denominators!r} must be a sequence of ints >= 1 (and None)")
    out = tuple(denominators)
    if not out:
        raise InvalidInputError("denominators=() is empty; give at least one bound (None: exact binary values)")
    for k, d in enumerate(out):
        if d is None:
            if k != len(out) - 1:
                raise InvalidInputError(f"denominators={out!r}: None (exact values) may only come last")
            continue
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)) or d < 1:
            raise InvalidInputError(f"denominators={out!r}: entry {d!r} must be an int >= 1 or None")
        if k and out[k - 1] is not None and d <= out[k - 1]:  # type: ignore[operator]
            raise InvalidInputError(f"denominators={out!r} must increase (coarsest first)")
        if rounding == "dyadic" and not is_power_of_two(int(d)):
            raise InvalidInputError(
                f"denominators={out!r}: entry {d!r} must be a power of two with rounding='dyadic' "
                "(or pass rounding='best')"
            )
    return tuple(None if d is None else int(d) for d in out)


def check_data(X: Any) -> np.ndarray:
    """``X`` as a numpy array, not yet checked for shape: a tensor (even one that requires
    grad, or on a GPU) is read through ``detach().cpu()``; ragged rows are refused."""
    if isinstance(X, torch.Tensor):
        t = X.detach().cpu()
        if t.dtype == torch.bfloat16:
            t = t.to(torch.float32)  # exact: every bfloat16 is a float32; numpy has no bfloat16
        try:
            return t.numpy()
        except (TypeError, RuntimeError) as err:
            raise InvalidInputError(f"X is a tensor of dtype {t.dtype} that numpy cannot read ({err})") from None
    try:
        return np.asarray(X)
    except (ValueError, TypeError, OverflowError):
        raise InvalidInputError(
            "X must be a rectangular 2-D array of real numbers (one row per point); its rows have different lengths "
            "or it is not an array"
        ) from None
