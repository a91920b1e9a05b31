"""Benchmark of ``integerize_to_agreement`` with dyadic and best rounding on trained networks.

Usage: ``python3 scripts/bench_integerize.py [--dataset iris digits] [--seed S] [--target T]
[--denominators 16 64 ... exact] [--sweep 16 256 4096 ...] [--boundary-segments K]
[--theorem2 16 4096 ...]``

Each network is trained as ``tropgeo verify`` trains it (``validation/job.py``): iris
``4-8-3`` on all 150 rows (4 starts), digits ``64-16-10`` on 75 % of the data (one start,
split seeded by ``--seed``), float32.  The agreement data are the whole data set.

For each data set and rounding, the search ``integerize_to_agreement(module, X,
target=T, denominators=..., rounding=...)`` is run and timed; one line gives the chosen
denominator bound, the agreement ``n/N``, the max logit error, the boundary shift (max
over the measured segments) and the bit length of the largest integer weight of the chosen
integer network.  The sweep then reads the network at each bound of ``--sweep`` with both
roundings (``from_torch`` and the same exact evaluation, ``target=0``) and prints the
agreement and the integer bits: how the integers grow with the bound.  ``--theorem2 D ...``
times the exhaustive ``verify_theorem2`` of the integer network at each bound ``D`` with both
roundings, for networks with at most 16 inputs (iris; minutes at fine bounds).  Figures for
docs/integerization.md.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import Any, Sequence

from torch import nn

from tropgeo.adapters.datasets import Dataset, load_dataset
from tropgeo.adapters.integerize import DEFAULT_DENOMINATORS, IntegerizationReport, integerize_to_agreement
from tropgeo.adapters.torch_io import from_torch
from tropgeo.adapters.training import train_relu_classifier
from tropgeo.verify import verify_theorem2

ROUNDINGS = ("dyadic", "best")
HIDDEN = {"iris": 8, "digits": 16}  # validation.job.DEFAULT_HIDDEN
IMAGE_SETS = ("digits",)  # trained like validation.job: 75 % split, one start
DEFAULT_SWEEP = (2**4, 2**8, 2**12, 2**16, 2**20, None)
THEOREM2_MAX_INPUTS = 16  # the exhaustive check's limit in tropgeo verify's auto mode


@dataclass(frozen=True)
class Run:
    """One search: its report and wall time."""

    dataset: str
    rounding: str
    report: IntegerizationReport
    seconds: float


def train(name: str, seed: int) -> tuple[Dataset, nn.Module, str]:
    """The data set and the network ``tropgeo verify`` would train on it, and how."""
    data = load_dataset(name, seed=seed)
    hidden = HIDDEN[name]
    if name in IMAGE_SETS:
        part, _ = data.train_test_split(test_fraction=0.25, seed=seed)
        module = train_relu_classifier(part.X, part.y, hidden=hidden, seed=seed, n_restarts=1, n_classes=data.n_classes)
        how = f"trained on 75% of {name}, 1 start"
    else:
        module = train_relu_classifier(data.X, data.y, hidden=hidden, seed=seed)
        how = f"trained on all of {name}, 4 starts"
    shape = f"{data.X.shape[1]}-{hidden}-{data.n_classes}"
    return data, module, f"{name} {shape} ({how}, seed {seed}; agreement on all {data.X.shape[0]} rows)"


def search(name: str, data: Dataset, module: nn.Module, rounding: str, options: argparse.Namespace) -> Run:
    """Run and time the search with one rounding."""
    t0 = time.perf_counter()
    report = integerize_to_agreement(
        module,
        data.X,
        target=options.target,
        denominators=options.denominators,
        rounding=rounding,
        boundary_segments=options.boundary_segments,
    )
    return Run(name, rounding, report, time.perf_counter() - t0)


def _bound(d: int | None) -> str:
    return "exact" if d is None else str(d)


def format_run(run: Run) -> str:
    r = run.report
    shift = r.boundary_shift
    shift_text = "-" if shift is None else f"{shift.max_distance:.3g} ({shift.n_segments} segments)"
    return (
        f"  {run.rounding:<6}  d={_bound(r.max_denominator):<6} agree {r.n_agree}/{r.n_points}"
        f"{'' if r.met_target else ' (target not met)'}  max logit error {r.max_logit_error:.3g}  "
        f"boundary shift {shift_text}  max integer bits {r.trials[_chosen(r)].max_integer_bits}  "
        f"scale bits {_bits(r.scale)}  {len(r.trials)} trial(s)  {run.seconds:.2f} s"
    )


def _chosen(r: IntegerizationReport) -> int:
    return [t.max_denominator for t in r.trials].index(r.max_denominator)


def _bits(x: Any) -> int:
    return int(abs(x.numerator if hasattr(x, "numerator") else x)).bit_length()


def sweep(data: Dataset, module: nn.Module, bounds: Sequence[int | None]) -> list[str]:
    """Agreement and integer bits at each bound, both roundings (no boundary shift)."""
    lines = []
    for d in bounds:
        cells = []
        for rounding in ROUNDINGS:
            t0 = time.perf_counter()
            r = integerize_to_agreement(module, data.X, target=0, denominators=(d,), rounding=rounding, boundary_segments=0)
            t = r.trials[0]
            cells.append(
                f"{rounding} {t.n_agree}/{t.n_points}, {t.max_integer_bits} bits, "
                f"logit error {t.max_logit_error:.2g}, {time.perf_counter() - t0:.2f} s"
            )
        lines.append(f"  d={_bound(d):<8} " + "  |  ".join(cells))
    return lines


def theorem2_times(module: nn.Module, bounds: Sequence[int | None]) -> list[str]:
    """Wall time of the exhaustive Theorem 2 check of the integer network, both roundings."""
    lines = []
    for d in bounds:
        cells = []
        for rounding in ROUNDINGS:
            conv = from_torch(module, max_denominator=d, rounding=rounding)
            bits = max(abs(v).bit_length() for row in conv.integer_network.A + conv.integer_network.B for v in row)
            t0 = time.perf_counter()
            holds = verify_theorem2(conv.integer_network).holds
            cells.append(f"{rounding} {bits} bits: holds={holds}, {time.perf_counter() - t0:.1f} s")
        lines.append(f"  d={_bound(d):<8} " + "  |  ".join(cells))
    return lines


def _denominator(text: str) -> int | None:
    return None if text == "exact" else int(text)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dataset", nargs="+", default=["iris", "digits"], choices=sorted(HIDDEN))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", type=float, default=1.0)
    parser.add_argument(
        "--denominators", nargs="+", type=_denominator, default=list(DEFAULT_DENOMINATORS),
        help="bounds the search tries, coarsest first ('exact' last: exact binary values); default the package's",
    )
    parser.add_argument("--sweep", nargs="*", type=_denominator, default=list(DEFAULT_SWEEP))
    parser.add_argument("--boundary-segments", type=int, default=64)
    parser.add_argument("--theorem2", nargs="*", type=_denominator, default=[])
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    options = parse(argv)
    print(f"target {options.target}; search bounds {' '.join(_bound(d) for d in options.denominators)}")
    for name in options.dataset:
        t0 = time.perf_counter()
        data, module, how = train(name, options.seed)
        print(f"{how}; training {time.perf_counter() - t0:.2f} s")
        for rounding in ROUNDINGS:
            print(format_run(search(name, data, module, rounding, options)))
        if options.sweep:
            print("  sweep (one bound each, target 0):")
            for line in sweep(data, module, options.sweep):
                print(line)
        if options.theorem2 and data.X.shape[1] <= THEOREM2_MAX_INPUTS:
            print("  verify_theorem2 of the integer network (exhaustive):")
            for line in theorem2_times(module, options.theorem2):
                print(line, flush=True)


if __name__ == "__main__":
    main()
