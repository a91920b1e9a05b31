"""The ``tropgeo`` command line.

``tropgeo verify`` certifies Theorem 2 on a trained network (see
:mod:`tropgeo.validation.job`).  Exit status: 0 every check holds, 1 a check
failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Sequence

from tropgeo.decomposition import DEFAULT_MAX_TERMS
from tropgeo.errors import TropgeoError

__all__ = ["main", "build_parser", "cli_hints"]

# Library messages name Python keyword arguments; on the command line they are flags, or
# limits the command line does not raise.
_FLAGS = {
    "max_terms": "--max-terms N",
    "trust_torchscript": "--trust-torchscript",
    "max_denominator": "--max-denominator N",
    "rounding": "--rounding best|dyadic",
    "max_boundary_points": "--boundary-points K",
    "boundary_points": "--boundary-points K",
    "directions": "--directions N",
    "hidden": "--hidden N",
    "seed": "--seed S",
    "mode": "--mode",
    "figures": "--figures DIR",
    "certificate": "--certificate PATH",
}
_NO_FLAG = {
    "max_work": "lower --directions (support mode) or use a smaller network",
    "max_inputs": "use --mode support (or --mode auto) for a network with this many inputs",
    "max_facets": "use --mode support, or a smaller network (fewer hidden units)",
    "max_vertices": "use --mode support, or a smaller network (fewer hidden units)",
    "max_lines": "use --mode support, or a smaller network (fewer hidden units)",
    "max_cells": "use --mode support, or a smaller network (fewer hidden units)",
    "max_regions": "use a smaller network (fewer hidden units) to draw its figures",
    "max_bytes": "use a smaller file",
}


def _max_denominator(text: str) -> int | None:
    if text == "exact":
        return None
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1 or 'exact', got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1 or 'exact', got {text!r}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return value


def _nonnegative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {text!r}")
    return value


def _seed(text: str) -> int:
    value = _nonnegative(text)
    if value >= 2**32:
        raise argparse.ArgumentTypeError(f"must be an integer in [0, 2**32), got {text!r}")
    return value


def cli_hints(message: str) -> list[str]:
    """What the command line offers for each keyword argument an error message names.

    Examples
    --------
    >>> cli_hints("R may have 900 terms, more than max_terms=500; pass max_terms=... to raise the limit")
    ['hint: on the command line, max_terms is --max-terms N']
    >>> cli_hints("more than max_work=20000000000; pass max_work=... (or None) to go ahead")
    ['hint: tropgeo verify has no flag for max_work; lower --directions (support mode) or use a smaller network']
    >>> cli_hints("X must have shape (n, 2)")
    []
    """
    hints = []
    for name in dict.fromkeys(re.findall(r"\b([a-z][a-z_]*)=", message)):
        if name in _FLAGS:
            hints.append(f"hint: on the command line, {name} is {_FLAGS[name]}")
        elif name in _NO_FLAG:
            hints.append(f"hint: tropgeo verify has no flag for {name}; {_NO_FLAG[name]}")
    return hints


def build_parser() -> argparse.ArgumentParser:
    """The ``tropgeo`` argument parser (one subcommand, ``verify``).

    Examples
    --------
    >>> args = build_parser().parse_args(["verify", "--dataset", "moons", "--max-denominator", "64"])
    >>> args.command, args.dataset, args.max_denominator, args.rounding, args.mode, args.boundary_points
    ('verify', 'moons', 64, 'best', 'auto', 16)
    >>> build_parser().parse_args(["verify", "--max-denominator", "exact"]).max_denominator is None
    True
    """
    parser = argparse.ArgumentParser(prog="tropgeo", description="Exact tropical geometry of ReLU networks.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser(
        "verify",
        help="certify Theorem 2 and Proposition 1 on a trained Affine-ReLU-Affine network",
        description=(
            "With no arguments: train an Affine-ReLU-Affine network on the iris data that ships with "
            "scikit-learn, read it exactly, integerize it and certify Theorem 2 (both parts, every class "
            "pair) and Proposition 1. With --dataset digits or mnist (64 or 784 inputs) the check runs in "
            "support-function mode: Theorem 2's identity at many exact directions, every class pair. "
            "Exit status 0 if every check holds, 1 if one fails, 2 on bad input."
        ),
    )
    v.add_argument(
        "--dataset", choices=["iris", "moons", "digits", "mnist"],
        help="real data set (default: iris, or the one matching --model's input size: 4 iris, 2 moons, 64 digits, 784 mnist)",
    )
    v.add_argument(
        "--model", metavar="FILE",
        help="an nn.Sequential(Linear, ReLU, Linear) saved as a state dict (torch.save, read with weights_only=True, "
        "or safetensors), or as TorchScript with --trust-torchscript",
    )
    v.add_argument("--hidden", type=_positive, default=None, help="hidden width of the network trained here (default 8; digits 16, mnist 32); refused, with the "
                   "estimate, past 10^12 units of training work (about two minutes)")
    v.add_argument("--seed", type=_seed, default=0, help="seed of training and of the boundary-point search (default 0)")
    v.add_argument(
        "--max-denominator",
        type=_max_denominator,
        default=None,
        help="rationalize weights to denominators <= N before integerizing; 'exact' (default) keeps the exact float values",
    )
    v.add_argument(
        "--rounding", choices=["best", "dyadic"], default="best",
        help="with --max-denominator N: 'best' (default) the closest fraction with denominator <= N; "
        "'dyadic' round(w*N)/N, N a power of two (small integers; see docs/integerization.md)",
    )
    v.add_argument(
        "--trust-torchscript", action="store_true",
        help="accept a TorchScript --model (loading one runs torch's deserializer on the file: only for files you trust)",
    )
    v.add_argument("--certificate", default="tropgeo-certificate.json", metavar="PATH", help="where to write the JSON certificate")
    v.add_argument("--figures", metavar="DIR", help="directory for PNG figures, drawn for 2-D inputs (default: 'tropgeo-figures')")
    v.add_argument("--boundary-points", type=_nonnegative, default=16, help="exact boundary points checked per class pair (default 16)")
    v.add_argument(
        "--max-terms", type=_positive, default=DEFAULT_MAX_TERMS,
        help=f"refuse (before any work) a pair whose R may have more terms than this (default {DEFAULT_MAX_TERMS}; see docs/scaling.md)",
    )
    v.add_argument(
        "--mode", choices=["auto", "exhaustive", "support"], default="auto",
        help="exhaustive: the polytopes themselves; support: Theorem 2 at many exact directions (high input "
        "dimension); auto (default): exhaustive when the net has <= 16 inputs and R's term bound is within --max-terms",
    )
    v.add_argument(
        "--directions", type=_positive, default=10_000,
        help="support mode: points used as exact directions, the data first, then seeded random ones (default 10000); "
        "refused, with the estimate, past 4 GiB of points in memory or 2*10^10 multiply-adds of work",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tropgeo`` script; returns the exit status.

    Examples
    --------
    Bad input exits with status 2 and a message on stderr:

    >>> import contextlib, io, os, shutil, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with contextlib.redirect_stderr(io.StringIO()) as stderr:
    ...     main(["verify", "--model", os.path.join(folder, "missing.pt"),
    ...           "--certificate", os.path.join(folder, "cert.json")])
    2
    >>> print(stderr.getvalue())  # doctest: +ELLIPSIS
    tropgeo verify: error: path='.../missing.pt': no such file
    >>> shutil.rmtree(folder)
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "verify":
        from tropgeo.validation.job import VerifyOptions, run_verify

        figures = args.figures
        options = VerifyOptions(
            dataset=args.dataset,
            model=args.model,
            hidden=args.hidden,
            seed=args.seed,
            max_denominator=args.max_denominator,
            certificate=args.certificate,
            figures=figures,
            boundary_points=args.boundary_points,
            auto_figures=True,
            max_terms=args.max_terms,
            mode=args.mode,
            directions=args.directions,
            rounding=args.rounding,
            trust_torchscript=args.trust_torchscript,
        )
        try:
            return run_verify(options)
        except TropgeoError as exc:
            if not isinstance(exc, (ValueError, TypeError)):
                raise
            print(f"tropgeo verify: error: {exc}", file=sys.stderr)
            for hint in cli_hints(str(exc)):
                print(f"  {hint}", file=sys.stderr)
            return 2
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
