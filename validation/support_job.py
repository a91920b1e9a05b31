"""The main job's support-function mode, for networks with many inputs (digits, MNIST).

Vertex enumeration of ``δ(R)`` is out of reach in 64 or 784 dimensions, so
:func:`run_support` checks Theorem 2 through :func:`tropgeo.support.support_certificate`
instead: at the lifted directions ``(x, 1)`` and ``(x, 0)`` for every data point ``x`` and
for seeded random integer points, the support function of the lifted Newton polytope of
``R_ij`` (evaluated from the network) equals that of ``ConvHull(lifted Z_G1, lifted Z_G2)``
(from the zonotopes), for every class pair; Part 1 at exact boundary points between data
points.  What this proves, and what it does not, is
:attr:`tropgeo.support.SupportReport.proves`, written into the certificate (``"proves"``).

Sizes are checked before anything is allocated (:func:`check_support_size`): the
directions are held in memory at once (about ``DIRECTION_BYTES`` bytes per entry, ``N`` points x
``n`` inputs), refused past ``MAX_DIRECTION_BYTES`` (4 GiB, about 4.29 GB); the certificate's work
(:func:`tropgeo.support.support_work_estimate`) is refused past
:data:`tropgeo.support.DEFAULT_MAX_WORK`, the limit :func:`run_support` passes on.

Image data enter exactly: the network was trained on ``raw / raw_scale`` (``raw`` the
integer pixels), so the network certified is ``x_raw -> f(x_raw / raw_scale)``: the first
layer's weights divided by ``raw_scale`` exactly, then integerized.  Its decision
boundaries in pixel space are those of ``f`` in feature space, scaled; the directions are
then the integer pixel vectors themselves (no float, no rounding).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, TextIO

import numpy as np

from tropgeo.errors import SizeLimitError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import rationalize
from tropgeo.support import DEFAULT_MAX_WORK, SupportReport, support_certificate, support_work_estimate

__all__ = [
    "support_inputs",
    "run_support",
    "support_summary",
    "part1_label",
    "check_support_size",
    "MAX_DIRECTION_BYTES",
    "DIRECTION_BYTES",
]

SAMPLE_DENOMINATOR = 1000  # data without integer raw features are rationalized this finely
# Peak bytes per direction entry while the directions are built and read (measured): int64
# pixel vectors, or Python objects (lists, then an object array, then the integer rows).
DIRECTION_BYTES = {"int64": 16, "object": 110}
MAX_DIRECTION_BYTES = 4 * 2**30


def check_support_size(
    n_inputs: int, n_directions: int, *, integer_data: bool, net: ReLUNetwork | None = None
) -> None:
    """Refuse, before allocating anything, directions that would not fit in memory or a
    certificate whose work is past ``DEFAULT_MAX_WORK`` (when ``net`` is given).

    Raises
    ------
    SizeLimitError
        With the estimate, naming ``--directions``.

    Examples
    --------
    >>> check_support_size(784, 10_000, integer_data=True)          # MNIST's default: 125 MB
    >>> check_support_size(4, 10**9, integer_data=False)
    Traceback (most recent call last):
    ...
    tropgeo.errors.SizeLimitError: --directions 1000000000: the directions would hold 4000000000 entries (1000000000 points x 4 inputs), about 440 GB in memory as Python integers, more than the limit of 4.29 GB (MAX_DIRECTION_BYTES); lower --directions to at most 9761289
    """
    kind = "int64" if integer_data else "object"
    per_point = n_inputs * DIRECTION_BYTES[kind]
    need = n_directions * per_point
    if need > MAX_DIRECTION_BYTES:
        raise SizeLimitError(
            f"--directions {n_directions}: the directions would hold {n_directions * n_inputs} entries "
            f"({n_directions} points x {n_inputs} inputs), about {_gb(need)} in memory as "
            f"{'int64 pixel vectors' if integer_data else 'Python integers'}, more than the limit of "
            f"{_gb(MAX_DIRECTION_BYTES)} (MAX_DIRECTION_BYTES); lower --directions to at most "
            f"{MAX_DIRECTION_BYTES // per_point}"
        )
    if net is None:
        return
    n_pairs = net.n_classes * (net.n_classes - 1) // 2
    work = support_work_estimate(net, n_directions, n_pairs)
    if work > DEFAULT_MAX_WORK:
        per = support_work_estimate(net, 1, n_pairs) - support_work_estimate(net, 0, n_pairs)
        fixed = support_work_estimate(net, 0, n_pairs)
        raise SizeLimitError(
            f"--directions {n_directions}: the support certificate would take about {work:.3g} integer "
            f"multiply-adds ({n_directions} points x {net.n_inputs} inputs, {net.n_hidden} hidden units, "
            f"{net.n_classes} classes, {n_pairs} pairs; support_work_estimate), more than the limit "
            f"{DEFAULT_MAX_WORK:.3g} (tropgeo.support.DEFAULT_MAX_WORK, minutes of work); lower --directions "
            f"to at most {max((DEFAULT_MAX_WORK - fixed) // per, 0)}"
        )


def _gb(n_bytes: int) -> str:
    return f"{n_bytes / 1e9:.3g} GB" if n_bytes >= 10**9 else f"{n_bytes / 1e6:.3g} MB"


def support_inputs(
    net: ReLUNetwork, data: Any, n_directions: int, seed: int
) -> tuple[ReLUNetwork, np.ndarray, dict[str, Any]]:
    """``(network to certify, directions, description)``.

    With integer image data (``data.raw_X``), the network is re-expressed on raw pixels
    (first layer divided by ``raw_scale``, exactly) and the directions are the pixel vectors;
    otherwise the data points are rationalized with denominators <= ``SAMPLE_DENOMINATOR``
    (a recorded conversion: they are only directions at which the identity is tested).  Seeded
    random integer points fill up to ``n_directions`` points in all.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> net = ReLUNetwork([[2, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> same, directions, how = support_inputs(net, None, 3, seed=0)
    >>> same is net, directions.tolist(), how["random_range"]
    (True, [[7, 3], [0, -5], [-4, -10]], 'integers in [-10, 10] per coordinate, numpy default_rng(0)')

    Integer pixels (as in ``load_dataset("digits")``) are the directions themselves:

    >>> pixels = SimpleNamespace(raw_X=np.array([[0, 16], [16, 0], [8, 8]]), raw_scale=16)
    >>> raw_net, directions, how = support_inputs(net, pixels, 3, seed=0)
    >>> raw_net.A, directions.tolist(), how["data_directions"], how["random_directions"]
    (((1, 0), (0, 1)), [[0, 16], [16, 0], [8, 8]], 3, 0)
    """
    rng = np.random.default_rng(seed)
    if data is not None and getattr(data, "raw_X", None) is not None:
        scale = int(data.raw_scale)
        raw = ReLUNetwork(
            [[Fraction(a) / scale for a in row] for row in net.A], net.B, net.c1, net.c2
        ).integerized().network
        X = np.asarray(data.raw_X, dtype=np.int64)
        n_data = min(len(X), n_directions)
        chosen = X[np.sort(rng.choice(len(X), size=n_data, replace=False))] if n_data < len(X) else X
        n_random = n_directions - n_data
        randoms = rng.integers(-scale, scale + 1, size=(n_random, net.n_inputs), dtype=np.int64)
        directions = np.concatenate([chosen, randoms], axis=0)
        how = {
            "input_scaling": f"the network certified is x_raw -> f(x_raw / {scale}) on the integer "
            f"features (pixels 0..{scale}), first layer divided by {scale} exactly, then integerized",
            "data_directions": int(n_data),
            "random_directions": int(n_random),
            "random_range": f"integers in [-{scale}, {scale}] per coordinate, numpy default_rng({seed})",
        }
        return raw, directions, how
    rows: list[list[Any]] = []
    n_data = 0
    if data is not None:
        X = np.asarray(data.X, dtype=np.float64)
        take = X if len(X) <= n_directions else X[np.sort(rng.choice(len(X), size=n_directions, replace=False))]
        rows = [[rationalize(float(v), max_denominator=SAMPLE_DENOMINATOR) for v in row] for row in take]
        n_data = len(rows)
    n_random = max(n_directions - n_data, 0)
    rows += rng.integers(-10, 11, size=(n_random, net.n_inputs)).tolist()
    directions = np.empty((len(rows), net.n_inputs), dtype=object)
    for r, row in enumerate(rows):
        directions[r, :] = row
    how = {
        "input_scaling": "none",
        "data_directions": int(n_data),
        "data_conversion": f"data rationalized with max_denominator={SAMPLE_DENOMINATOR}",
        "random_directions": int(n_random),
        "random_range": f"integers in [-10, 10] per coordinate, numpy default_rng({seed})",
    }
    return net, directions, how


def run_support(
    net: ReLUNetwork, directions: np.ndarray, *, boundary_points: int, seed: int
) -> SupportReport:
    """The support-function certificate for every class pair, refused (``SizeLimitError``)
    past :data:`tropgeo.support.DEFAULT_MAX_WORK` (docs/support.md measures the job's sizes).

    Examples
    --------
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> report = run_support(net, np.array([[2, 0], [0, 2], [1, 3]]), boundary_points=2, seed=0)
    >>> report.mode, report.holds, [(p.i, p.j, p.n_agree, p.n_directions) for p in report.pairs]
    ('support-function', True, [(0, 1, 6, 6)])
    >>> report.pairs[0].boundary_points      # exact points where f_0 = f_1, between the directions
    ((1, 1), (Fraction(3, 2), Fraction(3, 2)))
    """
    return support_certificate(
        net, directions, boundary_points=boundary_points, seed=seed, max_work=DEFAULT_MAX_WORK
    )


def part1_label(failed: bool, n_points: int, points_asked: int) -> str:
    """The summaries' Part 1 column: ``NO (n)``, ``yes (n)``, ``not asked`` or ``vacuous (0)``.

    Examples
    --------
    >>> part1_label(False, 16, 16), part1_label(True, 3, 16), part1_label(False, 0, 0), part1_label(False, 0, 16)
    ('yes (16)', 'NO (3)', 'not asked', 'vacuous (0)')
    """
    if failed:
        return f"NO ({n_points})"
    if n_points:
        return f"yes ({n_points})"
    return "not asked" if points_asked == 0 else "vacuous (0)"


def support_summary(report: SupportReport, out: TextIO, *, points_asked: int) -> None:
    """One line per class pair: directions agreeing, boundary points, verdict.

    Examples
    --------
    >>> import sys
    >>> net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    >>> report = run_support(net, np.array([[2, 0], [0, 2], [1, 3]]), boundary_points=2, seed=0)
    >>> support_summary(report, sys.stdout, points_asked=2)
       pair  support fns agree  halves  f = H - Q  part 1 (points)  holds
    ---------------------------------------------------------------------
      (0,1)                6/6     yes        yes          yes (2)    yes
    """
    head = f"{'pair':>7}  {'support fns agree':>17}  {'halves':>6}  {'f = H - Q':>9}  {'part 1 (points)':>15}  {'holds':>5}"
    print(head, file=out)
    print("-" * len(head), file=out)
    for p in report.pairs:
        part1 = part1_label(bool(p.boundary_failures), len(p.boundary_points), points_asked)
        agree = f"{p.n_agree}/{p.n_directions}"
        print(
            f"{f'({p.i},{p.j})':>7}  {agree:>17}  {'yes' if p.n_halves_agree == p.n_directions else 'NO':>6}  "
            f"{'yes' if p.n_decomposition_agree == p.n_directions else 'NO':>9}  {part1:>15}  "
            f"{'yes' if p.holds else 'NO':>5}",
            file=out,
            flush=True,
        )
