"""Benchmark of ``prediction_agreement`` (float torch module against the exact network).

Usage: ``python3 scripts/bench_agreement.py [--dataset mnist iris ...] [--hidden P] [--repeat R]``

For each data set, a ``torch.manual_seed(0)`` ``nn.Sequential(Linear(n, P), ReLU(),
Linear(P, k))`` (untrained: the time does not depend on training), its exact reading
``from_torch(module)`` (exact binary values of the float32 weights), and the data set's
``X`` as float32.  Prints the wall time of ``prediction_agreement(module, conversion, X)``
(best of ``R`` runs) and its result.  Figures for the docstring of
:func:`tropgeo.adapters.torch_agreement.prediction_agreement`.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from torch import nn

from tropgeo.adapters.datasets import load_dataset
from tropgeo.adapters.torch_io import from_torch, prediction_agreement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["mnist", "iris"])
    parser.add_argument("--hidden", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for name in args.dataset:
        data = load_dataset(name)
        X = np.asarray(data.X, dtype=np.float32)
        torch.manual_seed(0)
        module = nn.Sequential(nn.Linear(X.shape[1], args.hidden), nn.ReLU(), nn.Linear(args.hidden, data.n_classes))
        conversion = from_torch(module)
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            agreement = prediction_agreement(module, conversion, X)
            best = min(best, time.perf_counter() - t0)
        print(
            f"{name}: X {X.shape[0]} x {X.shape[1]} float32, network {X.shape[1]}-{args.hidden}-{data.n_classes}: "
            f"prediction_agreement {best:.3f} s; agree {agreement.n_agree}/{agreement.n_points}, "
            f"max logit error {agreement.max_logit_error:.3g}"
        )


if __name__ == "__main__":
    main()
