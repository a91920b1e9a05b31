"""Checks of the plotting functions' inputs: exact coordinates in, floats out for drawing only."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact, as_exact, to_fraction_string


def exact_point(p: Any, name: str) -> tuple[Exact, Exact]:
    try:
        items = list(p)
    except TypeError:
        raise InvalidInputError(f"{name}={p!r} must be a 2-D point (x, y) of exact numbers") from None
    if len(items) != 2:
        raise InvalidInputError(f"{name}={p!r} must be a 2-D point (x, y), got {len(items)} coordinates")
    return as_exact(items[0], name=f"{name}[0]"), as_exact(items[1], name=f"{name}[1]")


def exact_pairs(pairs: Any, name: str) -> list[tuple[tuple[Exact, Exact], tuple[Exact, Exact]]]:
    try:
        items = list(pairs)
    except TypeError:
        raise InvalidInputError(f"{name} must be a sequence of pairs of 2-D points, got {pairs!r}") from None
    out = []
    for i, pair in enumerate(items):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise InvalidInputError(f"{name}[{i}]={pair!r} must be a pair of 2-D points") from None
        out.append((exact_point(a, f"{name}[{i}][0]"), exact_point(b, f"{name}[{i}][1]")))
    return out


def view_limits(lim: Any, name: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in lim)
    except (TypeError, ValueError):
        raise InvalidInputError(f"{name}={lim!r} must be a pair (low, high) of numbers") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InvalidInputError(f"{name}={lim!r} must be finite with low < high")
    return lo, hi


def float_pair(p: tuple[Exact, Exact]) -> tuple[float, float]:
    return float(p[0]), float(p[1])


def float_polygon(vertices: Sequence[tuple[Exact, Exact]]) -> list[tuple[float, float]]:
    return [float_pair(v) for v in vertices]


def data_points(X: Any, y: Any) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The optional data drawn over a figure: ``X`` of shape ``(n, 2)`` and class labels ``y``."""
    Xa = ya = None
    if X is not None:
        Xa = float_points(X)
        if y is not None:
            try:
                ya = np.asarray(y)
            except (TypeError, ValueError):
                raise InvalidInputError(f"y must hold {len(Xa)} class indices >= 0, got {y!r}") from None
            if ya.shape != (len(Xa),) or ya.dtype.kind not in "iu" or (ya.size and ya.min() < 0):
                raise InvalidInputError(f"y must hold {len(Xa)} class indices >= 0, got shape {ya.shape}")
    elif y is not None:
        raise InvalidInputError("y was given without X")
    return Xa, ya


def float_points(X: Any) -> np.ndarray:
    """``X`` as a finite float array of shape ``(n, 2)`` (drawing only, so floats are fine here)."""
    if hasattr(X, "detach") and callable(X.detach):  # a torch tensor, possibly requiring grad
        X = X.detach().cpu().numpy()
    try:
        raw = np.asarray(X)
    except (TypeError, ValueError) as err:
        raise InvalidInputError(f"X must be an array of shape (n, 2) of real numbers; it is not an array: {err}") from None
    if raw.dtype.kind not in "iufO":
        raise InvalidInputError(f"X must hold real numbers (int, float or Fraction), got dtype {raw.dtype}")
    try:
        Xa = raw.astype(float)
    except (TypeError, ValueError, OverflowError) as err:
        raise InvalidInputError(f"X must hold real numbers (int, float or Fraction): {err}") from None
    if Xa.ndim != 2 or Xa.shape[1] != 2:
        raise InvalidInputError(f"X must have shape (n, 2), got {Xa.shape}")
    bad = np.flatnonzero(~np.isfinite(Xa).all(axis=1))
    if bad.size:
        i = int(bad[0])
        raise InvalidInputError(f"X[{i}]={Xa[i].tolist()} is not finite (NaN or infinite); data points must be finite")
    return Xa


def box_string(box: Any) -> str:
    """A box with exact coordinates; a bound too long to read (10**400) is written as ``~10^400``."""

    def bound(v: Exact) -> str:
        text = to_fraction_string(v)
        if len(text) <= 24:
            return text
        q = Fraction(v)
        exponent = len(str(abs(q.numerator))) - len(str(q.denominator))
        return f"{'-' if q < 0 else ''}~10^{exponent}"

    return "(" + ", ".join("(" + ", ".join(bound(v) for v in side) + ")" for side in box) + ")"


def float_box(box: Any) -> tuple[tuple[float, float], tuple[float, float]]:
    """The slice box in floats, for drawing; refused when floats cannot hold it."""
    try:
        (s0, s1), (t0, t1) = ((float(a), float(b)) for a, b in box)
    except OverflowError:
        raise InvalidInputError(
            f"box={box_string(box)} cannot be drawn in floats: a bound is beyond the float range (about 1.8e308)"
        ) from None
    if not (s0 < s1 and t0 < t1 and all(np.isfinite(v) for v in (s0, s1, t0, t1, s1 - s0, t1 - t0))):
        raise InvalidInputError(
            f"box={box_string(box)} cannot be drawn in floats: in floats it becomes "
            f"(({s0!r}, {s1!r}), ({t0!r}, {t1!r})), which is flat or overflows"
        )
    return (s0, s1), (t0, t1)


def check_class_names(class_names: Any, n_classes: int) -> None:
    if class_names is None:
        return
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, (Sequence, np.ndarray)):
        raise InvalidInputError(f"class_names={class_names!r} must be a sequence of str, one per class")
    for i, name in enumerate(class_names):
        if not isinstance(name, str):
            raise InvalidInputError(f"class_names[{i}]={name!r} must be a str")
    if len(class_names) < n_classes:
        raise InvalidInputError(
            f"class_names={list(class_names)!r} names {len(class_names)} classes, but the drawing has "
            f"{n_classes} (the network's classes and the labels in y); give one name per class"
        )
