"""How far the exhaustive Theorem 2 check scales: ``tropgeo verify`` timed over hidden widths.

Usage: ``python3 scripts/bench_verify.py [--dataset iris|moons] [--hidden 4 8 12] [--budget SECONDS] [--bounds-only]``

Runs the main job (training, exact conversion, every class pair, 16 boundary
points per pair) once per hidden width and prints, per width, the total wall
time, the slowest pair, the number of terms of R and the vertices of δ(R)
(largest pair).  Widths after one that exceeded ``--budget`` seconds are
skipped.  ``--bounds-only`` trains the same networks and prints only
``term_bound`` of every pair (the size guard's estimate, computed before any
expansion), without the check.  Figures go to docs/scaling.md by hand.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import tempfile
import time

from tropgeo.validation.job import VerifyOptions, run_verify


def _bounds(dataset: str, widths: list[int]) -> None:
    from tropgeo import term_bound
    from tropgeo.adapters.datasets import load_dataset
    from tropgeo.adapters.torch_io import from_torch
    from tropgeo.adapters.training import train_relu_classifier

    data = load_dataset(dataset, seed=0)
    print(f"{'dataset':>7} {'hidden':>6}  term_bound per pair (i, j)")
    for h in widths:
        net = from_torch(train_relu_classifier(data.X, data.y, hidden=h, seed=0)).integer_network
        k = net.n_classes
        bounds = {(i, j): term_bound(net, i, j) for i in range(k) for j in range(i + 1, k)}
        print(f"{dataset:>7} {h:>6}  {bounds}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="iris", choices=["iris", "moons"])
    parser.add_argument("--hidden", type=int, nargs="+", default=[4, 8, 10, 12])
    parser.add_argument("--budget", type=float, default=600.0)
    parser.add_argument("--max-terms", type=int, default=10**6, help="size guard passed to the job (default: effectively off)")
    parser.add_argument("--bounds-only", action="store_true", help="print term_bound per pair, skip the check")
    args = parser.parse_args()
    if args.bounds_only:
        _bounds(args.dataset, args.hidden)
        return
    print(f"{'dataset':>7} {'hidden':>6} {'status':>6} {'total s':>8} {'max pair s':>10} {'terms R':>7} {'vertices':>8} {'cells':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for h in args.hidden:
            cert_path = os.path.join(tmp, f"c{h}.json")
            t0 = time.perf_counter()
            status = run_verify(
                VerifyOptions(dataset=args.dataset, hidden=h, certificate=cert_path, max_terms=args.max_terms),
                out=io.StringIO(),
                err=io.StringIO(),
            )
            total = time.perf_counter() - t0
            with open(cert_path) as fh:
                pairs = json.load(fh)["pairs"]
            big = max(pairs, key=lambda p: p["part2"]["n_terms_R"])
            print(
                f"{args.dataset:>7} {h:>6} {status:>6} {total:>8.1f} {max(p['pair_seconds'] for p in pairs):>10.1f} "
                f"{big['part2']['n_terms_R']:>7} {big['part2']['n_vertices']:>8} {big['part2']['n_cells']:>6}",
                flush=True,
            )
            if total > args.budget:
                print(f"(stopping: {total:.0f} s > budget {args.budget:.0f} s)")
                break


if __name__ == "__main__":
    main()
