"""Deeper networks, exactly: tropical decompositions and 2-D linear regions of real trained MLPs.

For networks trained here on the two-moons data (2 inputs, seeded), of one, two and three
hidden layers, this prints

* ``mlp_decomposition``: the largest number of terms of any ``H_i``/``Q_i``, the scale, the
  time, and an exact check that ``H_i(x) - Q_i(x) == scale * f_i(x)`` at every data point
  (each float32 feature read as its exact binary value);
* ``input_slice`` on a box around the data: activation regions, linear regions, decision
  boundary segments, and an exact check that the class of each region's interior point is
  the network's prediction there;
* the size guard: how long ``mlp_decomposition`` takes to *refuse* a digits-sized network
  (64 inputs) with its estimate.

Then a known answer from outside the code: a one-hidden-layer net of ``p`` units with
integer weights in general position has ``1 + p + C(p, 2)`` linear regions on a box holding
every crossing (Zaslavsky), and ``input_slice`` must find exactly that many.

Run: ``python3 scripts/bench_networks.py`` (about half a minute on 2 cores).  Figures in
docs/networks.md come from this command.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import re
import sys
import time
from fractions import Fraction


def _moons_networks(depths: list[tuple[int, ...]], seed: int) -> list[tuple[tuple[int, ...], object, object]]:
    from tropgeo.adapters.datasets import load_dataset
    from tropgeo.adapters.torch_io import mlp_from_torch
    from tropgeo.adapters.training import accuracy, train_relu_classifier

    data = load_dataset("moons", seed=seed)
    out = []
    for widths in depths:
        module = train_relu_classifier(data.X, data.y, hidden=widths, seed=seed)
        conv = mlp_from_torch(module)
        print(f"moons {'-'.join(map(str, (2,) + widths + (2,)))}: float accuracy {accuracy(module, data.X, data.y):.3f}")
        out.append((widths, conv.network, data))
    return out


def decomposition_rows(seed: int, figures: str | None) -> None:
    from tropgeo import input_slice, mlp_decomposition
    from tropgeo.errors import SizeLimitError

    print("\n== mlp_decomposition and input_slice on trained moons networks ==")
    header = (f"{'widths':>10} {'terms':>6} {'scale bits':>10} {'decomp s':>9} {'H-Q=s*f':>8} "
              f"{'act. regions':>12} {'lin. regions':>12} {'segments':>8} {'slice s':>8} {'classes ok':>10}")
    nets = _moons_networks([(8,), (6, 6), (4, 4, 4)], seed)
    print(header)
    print("-" * len(header))
    for widths, net, data in nets:
        t0 = time.perf_counter()
        try:
            dec = mlp_decomposition(net)
        except SizeLimitError as exc:
            # the guard's bound is an upper bound; run it knowingly and say so
            bound = re.search(r"may have up to (\d+) terms", str(exc))
            print(f"  {'-'.join(map(str, widths))}: refused by default (a product may have up to "
                  f"{bound.group(1) if bound else '?'} terms > 500); rerun with max_terms=2000")
            t0 = time.perf_counter()
            dec = mlp_decomposition(net, max_terms=2000)
        t_dec = time.perf_counter() - t0
        points = [tuple(Fraction(float(v)) for v in row) for row in data.X]
        ok = all(
            dec.numerators[i](x) - dec.denominators[i](x) == dec.scale * fx
            for x in points
            for i, fx in enumerate(net(x))
        )
        scale = Fraction(dec.scale)
        bits = max(abs(scale.numerator).bit_length(), scale.denominator.bit_length())
        # the data's bounding box, widened to quarters (exact, from the float extremes)
        lo = [Fraction(math.floor(float(v) * 4) - 1, 4) for v in data.X.min(axis=0)]
        hi = [Fraction(math.ceil(float(v) * 4) + 1, 4) for v in data.X.max(axis=0)]
        box = tuple(zip(lo, hi))
        t0 = time.perf_counter()
        S = input_slice(net, box=box)
        t_slice = time.perf_counter() - t0
        if figures is not None:
            from tropgeo.adapters.plotting import plot_input_slice

            name = "-".join(map(str, (2,) + widths + (2,)))
            path = os.path.join(figures, f"moons_{name}_regions.png")
            plot_input_slice(S, X=data.X, y=data.y, path=path, color_by="region",
                             title=f"moons {name}: {S.n_regions} activation regions, exact boundary")
        classes_ok = all(net.predict(S.point(c.interior_point)) == c.predicted for c in S.class_cells)
        print(
            f"{'-'.join(map(str, widths)):>10} {dec.n_terms:>6} {bits:>10} {t_dec:>9.2f} {str(ok):>8} "
            f"{S.n_regions:>12} {S.n_linear_regions:>12} {len(S.boundary):>8} {t_slice:>8.2f} {str(classes_ok):>10}"
        )


def refusal_row(seed: int) -> None:
    from tropgeo import MLP, mlp_decomposition
    from tropgeo.errors import SizeLimitError

    print("\n== size guard ==")
    rng = random.Random(seed)
    for widths in [(64, 16, 10), (64, 16, 16, 10), (784, 32, 10)]:
        W = [[[rng.randint(-5, 5) for _ in range(a)] for _ in range(b)] for a, b in zip(widths, widths[1:])]
        net = MLP(W)
        t0 = time.perf_counter()
        try:
            mlp_decomposition(net)
            print(f"{'-'.join(map(str, widths))}: NOT refused")
        except SizeLimitError as exc:
            msg = str(exc)
            print(f"{'-'.join(map(str, widths))}: refused in {time.perf_counter() - t0:.2f} s: {msg[:150]}")


def zaslavsky_rows(seed: int) -> None:
    from tropgeo import ReLUNetwork, input_slice

    print("\n== known answer: 1 + p + C(p, 2) linear regions (Zaslavsky, 2-D, general position) ==")
    rng = random.Random(seed)
    print(f"{'p':>3} {'expected':>8} {'input_slice':>11} {'s':>6}")
    for p in (4, 8, 12, 16):
        while True:
            A = [[rng.randint(-9, 9), rng.randint(-9, 9)] for _ in range(p)]
            c = [rng.randint(-9, 9) for _ in range(p)]
            if _general_position(A, c):
                break
        crossings = [_crossing(A[a] + [c[a]], A[b] + [c[b]]) for a, b in itertools.combinations(range(p), 2)]
        R = max(max(abs(x), abs(y)) for x, y in crossings) + 1
        B = [[rng.choice([-1, 1]) * rng.randint(1, 5) for _ in range(p)], [0] * p]
        net = ReLUNetwork(A, B, c1=c)
        t0 = time.perf_counter()
        S = input_slice(net, box=((-R, R), (-R, R)), max_regions=10**6)
        dt = time.perf_counter() - t0
        expected = 1 + p + math.comb(p, 2)
        print(f"{p:>3} {expected:>8} {S.n_regions:>11} {dt:>6.2f}")
        if S.n_regions != expected:
            sys.exit(f"Zaslavsky count violated for p={p}: {S.n_regions} != {expected}")


def _crossing(l1: list[int], l2: list[int]) -> tuple[Fraction, Fraction]:
    (a, b, c), (d, e, f) = l1, l2
    det = a * e - b * d
    return Fraction(b * f - c * e, det), Fraction(c * d - a * f, det)


def _general_position(A: list[list[int]], c: list[int]) -> bool:
    """No zero rows, no two lines parallel, no three through one point."""
    if any(a == 0 and b == 0 for a, b in A):
        return False
    lines = [A[k] + [c[k]] for k in range(len(A))]
    for (a, b, _), (d, e, _) in itertools.combinations(lines, 2):
        if a * e - b * d == 0:
            return False
    for l1, l2, l3 in itertools.combinations(lines, 3):
        x, y = _crossing(l1, l2)
        if l3[0] * x + l3[1] * y + l3[2] == 0:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", metavar="DIR", help="also draw each moons network's regions and boundary as PNGs there")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data, training and random nets (default 0)")
    args = parser.parse_args(argv)
    if args.figures is not None:
        os.makedirs(args.figures, exist_ok=True)
    decomposition_rows(args.seed, args.figures)
    refusal_row(args.seed)
    zaslavsky_rows(args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
