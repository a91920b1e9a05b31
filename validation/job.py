"""The main job: certify Theorem 2 on a real trained network.

:func:`run_verify` is what ``tropgeo verify`` runs: load or train an
``Affine-ReLU-Affine`` classifier, read it exactly (recorded conversion),
integerize it, check Theorem 2 (both parts, every class pair), print a summary, write a
JSON certificate and, for 2-D inputs, figures.  Two modes:

* **exhaustive** (iris, moons; any net whose ``R`` has few enough terms): the polytopes
  themselves, with Proposition 1, by :func:`tropgeo.verify_theorem2`;
* **support-function** (digits, MNIST; any net too large for the first): the identity of
  Theorem 2 at many exact directions, by :func:`tropgeo.support.support_certificate`
  (:mod:`tropgeo.validation.support_job`).

``mode="auto"`` takes the exhaustive check when every pair's term bound is within
``max_terms`` and the net has at most ``AUTO_EXHAUSTIVE_MAX_INPUTS`` (16) inputs.  The job returns the
exit status: 0 when every check holds, 1 when one fails.  What would not finish is refused
before the work (``SizeLimitError``, exit 2 in the CLI): training past ``MAX_TRAINING_WORK``,
support-mode directions past :func:`~tropgeo.validation.support_job.check_support_size`'s
limits, and figure files that would overwrite a user's PNG.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np

from tropgeo.decomposition import DEFAULT_MAX_TERMS, term_bound
from tropgeo.errors import InvalidInputError
from tropgeo.numbers import rationalize
from tropgeo.validation._job_figures import check_figure_files, check_figures_directory, draw_figures, figure_names
from tropgeo.validation._job_training import MAX_TRAINING_WORK, check_training_work, training_default, training_work
from tropgeo.validation.support_job import check_support_size, part1_label
from tropgeo.verify import Theorem2Report, verify_theorem2

__all__ = [
    "VerifyOptions",
    "run_verify",
    "DATASET_FOR_INPUTS",
    "DEFAULT_HIDDEN",
    "MODES",
    "DEFAULT_DIRECTIONS",
    "MAX_TRAINING_WORK",
    "training_work",
    "figure_names",
]

DATASET_FOR_INPUTS = {4: "iris", 2: "moons", 64: "digits", 784: "mnist"}
DEFAULT_HIDDEN = {"iris": 8, "moons": 8, "digits": 16, "mnist": 32}
IMAGE_SETS = ("digits", "mnist")  # trained on a split, one start (they take seconds, not one)
MODES = ("auto", "exhaustive", "support")
DEFAULT_DIRECTIONS = 10_000
# auto mode takes the exhaustive check only up to this many inputs: its exact hulls and LPs
# live in R^(n+1), and a 64-input net with 5 hidden units already takes minutes there,
# while the support-function certificate takes seconds (docs/support.md).
AUTO_EXHAUSTIVE_MAX_INPUTS = 16
DEFAULT_FIGURES = "tropgeo-figures"
SAMPLE_DENOMINATOR = 1000  # sample points only seed the boundary search; see docs/theorem2.md


@dataclass(frozen=True)
class VerifyOptions:
    """Arguments of :func:`run_verify` (the CLI's flags).

    Examples
    --------
    >>> options = VerifyOptions(dataset="moons", max_denominator=64, rounding="dyadic")
    >>> options.model, options.hidden, options.seed, options.mode, options.boundary_points
    (None, None, 0, 'auto', 16)
    >>> options.seed = 1
    Traceback (most recent call last):
    ...
    dataclasses.FrozenInstanceError: cannot assign to field 'seed'
    """

    dataset: str | None = None
    model: str | None = None
    hidden: int | None = None  # None: DEFAULT_HIDDEN of the data set
    seed: int = 0
    max_denominator: int | None = None
    certificate: str = "tropgeo-certificate.json"
    figures: str | None = None
    boundary_points: int = 16
    auto_figures: bool = False  # draw into DEFAULT_FIGURES for a 2-D network when figures is None
    max_terms: int = DEFAULT_MAX_TERMS
    mode: str = "auto"
    directions: int = DEFAULT_DIRECTIONS  # points (data first, then random) in support mode
    rounding: str = "best"  # how max_denominator is applied: "best" or "dyadic" (from_torch)
    trust_torchscript: bool = False  # load a TorchScript --model (it runs torch's deserializer)


def _say(stream: TextIO, msg: str) -> None:
    print(msg, file=stream, flush=True)


def _tick(ok: bool) -> str:
    return "yes" if ok else "NO"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(report: Theorem2Report, out: TextIO, *, points_asked: int) -> None:
    head = f"{'pair':>6}  {'part 1 (points)':>15}  {'part 2 A=B':>10}  {'Prop. 1':>7}  {'terms R':>7}  {'vertices':>8}  {'cells':>5}  {'time':>6}"
    _say(out, head)
    _say(out, "-" * len(head))
    for p in report.pairs:
        part1 = part1_label(not p.part1_holds, len(p.boundary_points), points_asked)
        prop1 = _tick(p.proposition1_holds) + ("" if p.proposition1_cross_checked else "*")
        _say(
            out,
            f"{f'({p.i},{p.j})':>6}  {part1:>15}  {_tick(p.part2_holds):>10}  {prop1:>7}  "
            f"{p.n_terms_R:>7}  {p.n_vertices:>8}  {p.n_cells:>5}  {p.seconds:>5.1f}s",
        )
    if any(not p.proposition1_cross_checked for p in report.pairs):
        _say(out, "* Proposition 1 by the generator form only: the cdd Minkowski-sum cross-check was skipped (too large)")
    if report.unexercised_pairs and points_asked == 0:
        _say(out, "not asked: --boundary-points 0, so part 1 was not checked at any point")
    elif report.unexercised_pairs:
        _say(
            out,
            "vacuous: no point with f_i > f_j and none with f_i < f_j were both found (data and far probes), "
            "so part 1 had no boundary point to check",
        )


def run_verify(options: VerifyOptions, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the main job; return 0 if every check holds, 1 otherwise.

    Raises :class:`tropgeo.errors.InvalidInputError` for bad input (the CLI
    turns it into exit status 2).  Progress goes to ``err``, the summary to
    ``out``.

    Examples
    --------
    A tiny saved state dict (3 inputs, so no data set is loaded):

    >>> import io, os, shutil, tempfile, torch
    >>> folder = tempfile.mkdtemp()
    >>> state = {"0.weight": torch.tensor([[1.0, -1.0, 0.0], [0.5, 1.0, 2.0]]), "0.bias": torch.tensor([0.0, -0.25]),
    ...          "2.weight": torch.eye(2)}
    >>> torch.save(state, os.path.join(folder, "net.pt"))
    >>> options = VerifyOptions(model=os.path.join(folder, "net.pt"), certificate=os.path.join(folder, "cert.json"),
    ...                         boundary_points=2)
    >>> run_verify(options, err=io.StringIO())  # doctest: +ELLIPSIS
    tropgeo verify: user model .../net.pt
    network: Affine(3->2) -> ReLU -> Affine(2->2), biases: yes
    exact weights: exact float values; integerized with scale 2 (max weight error 0)
    read as: state dict (0: Linear(3->2), ReLU, 2: Linear(2->2, bias=False); float32), ReLU between the layers assumed
      pair  part 1 (points)  part 2 A=B  Prop. 1  terms R  vertices  cells    time
    ------------------------------------------------------------------------------
     (0,1)          yes (2)         yes      yes        3         3      1    ...s
    certificate: .../cert.json
    RESULT: Theorem 2 (parts 1 and 2, 1 class pair) and Proposition 1 hold exactly.
    0
    >>> run_verify(VerifyOptions(mode="fast"))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: mode='fast' must be one of auto, exhaustive, support
    >>> shutil.rmtree(folder)
    """
    import torch

    from tropgeo.adapters.datasets import load_dataset
    from tropgeo.adapters.torch_files import file_format, load_torchscript
    from tropgeo.adapters.torch_io import from_torch, load_state_dict, prediction_agreement, to_torch
    from tropgeo.adapters.training import accuracy, train_relu_classifier
    from tropgeo.validation.certificate import certificate, check_certificate_path, write_certificate

    out = out or sys.stdout
    err = err or sys.stderr
    t_start = time.perf_counter()
    if options.hidden is not None and options.hidden < 1:
        raise InvalidInputError(f"hidden={options.hidden} must be >= 1")
    if options.boundary_points < 0:
        raise InvalidInputError(f"boundary_points={options.boundary_points} must be >= 0")
    if options.mode not in MODES:
        raise InvalidInputError(f"mode={options.mode!r} must be one of {', '.join(MODES)}")
    if options.directions < 1:
        raise InvalidInputError(f"directions={options.directions} must be >= 1")
    # Refuse a bad output path before the long computation, not after it.
    check_certificate_path(options.certificate)
    if options.figures is not None:
        check_figures_directory(options.figures)

    if options.model is not None:
        if file_format(options.model) == "torchscript":
            if not options.trust_torchscript:
                raise InvalidInputError(
                    f"--model {options.model!r} is a TorchScript archive, and loading one runs torch's "
                    "TorchScript deserializer on the file (treat it as a program). Pass --trust-torchscript "
                    "if you trust the file; otherwise save module.state_dict() with torch.save or safetensors"
                )
            _say(err, f"[tropgeo] reading {options.model} (TorchScript, trusted on request; archive checked first)")
            source: Any = load_torchscript(options.model)
            tensors = list(source.parameters())
        else:
            _say(err, f"[tropgeo] reading {options.model} (torch.load with weights_only=True)")
            source = load_state_dict(options.model)
            tensors = list(source.values())
        exact_copy = from_torch(source, max_denominator=None)
        dtype = tensors[0].dtype if tensors else torch.float32
        module = to_torch(exact_copy.network, dtype=dtype if dtype.is_floating_point else torch.float32)
        conversion = (exact_copy if options.max_denominator is None  # the same reading: do not redo it
                      else from_torch(source, max_denominator=options.max_denominator, rounding=options.rounding))
        name = options.dataset or DATASET_FOR_INPUTS.get(conversion.network.n_inputs)
        source = f"user model {options.model}"
    else:
        name = options.dataset or "iris"
        module = None
        conversion = None
        source = ""
    data = load_dataset(name, seed=options.seed) if name is not None else None
    if data is not None and conversion is not None and data.X.shape[1] != conversion.network.n_inputs:
        raise InvalidInputError(
            f"--dataset {name} has {data.X.shape[1]} features but the model has "
            f"{conversion.network.n_inputs} inputs"
        )
    score_data = data  # where the float accuracy is measured
    if module is None:
        assert data is not None and name is not None
        hidden = options.hidden if options.hidden is not None else DEFAULT_HIDDEN.get(name, 8)
        if name in IMAGE_SETS:
            train, score_data = data.train_test_split(test_fraction=0.25, seed=options.seed)
            check_training_work(data.X.shape[1], hidden, data.n_classes, len(train.y), 1)
        else:
            check_training_work(data.X.shape[1], hidden, data.n_classes, len(data.y), training_default("n_restarts"))
        if options.mode == "support":
            check_support_size(data.X.shape[1], options.directions,
                               integer_data=getattr(data, "raw_X", None) is not None)
        _say(err, f"[tropgeo] training Affine({data.X.shape[1]}->{hidden})-ReLU-Affine on {name}, seed {options.seed}")
        if name in IMAGE_SETS:
            module = train_relu_classifier(train.X, train.y, hidden=hidden, seed=options.seed, n_restarts=1,
                                           n_classes=data.n_classes)
            source = f"trained here on 75% of {name} (hidden={hidden}, seed={options.seed}; accuracy on the other 25%)"
        else:
            module = train_relu_classifier(data.X, data.y, hidden=hidden, seed=options.seed)
            source = f"trained here on {name} (hidden={hidden}, seed={options.seed})"
        conversion = from_torch(module, max_denominator=options.max_denominator, rounding=options.rounding)
    assert conversion is not None
    net = conversion.integer_network
    _say(out, f"tropgeo verify: {source}")
    _say(
        out,
        f"network: Affine({net.n_inputs}->{net.n_hidden}) -> ReLU -> Affine({net.n_hidden}->{net.n_classes}), "
        f"biases: {'yes' if net.has_biases else 'no'}",
    )
    md = ("exact float values" if options.max_denominator is None
          else f"denominators <= {options.max_denominator} ({conversion.rounding} rounding)")
    _say(out, f"exact weights: {md}; integerized with scale {conversion.scale} (max weight error {float(conversion.max_weight_error):.3g})")
    # a state dict cannot say which activation it had: the record says what was assumed
    _say(out, f"read as: {conversion.source}")
    extra: dict[str, Any] = {
        "source": source,
        "conversion": {
            "read_as": conversion.source,
            "max_denominator": options.max_denominator,
            "rounding": conversion.rounding if options.max_denominator is not None else "none (exact values)",
            "integer_scale": str(conversion.scale),
            "max_weight_error": str(conversion.max_weight_error),
        },
    }
    notes: list[str] = []
    if data is not None:
        assert score_data is not None
        agreement = prediction_agreement(module, conversion, data.X)
        acc = accuracy(module, score_data.X, score_data.y)
        where = "" if score_data is data else f" (on {len(score_data.y)} held-out points)"
        _say(out, f"data: {name}, {len(data.y)} points; float accuracy {acc:.3f}{where}; float and exact predictions agree on {agreement.n_agree}/{agreement.n_points}")
        n_labels = len(set(int(v) for v in data.y))
        if n_labels != net.n_classes:
            note = (f"note: the network has {net.n_classes} outputs but {name} has {n_labels} classes; "
                    "the accuracy compares different label sets (the theorem checks are unaffected)")
            _say(out, note)
            notes.append(note)
        extra["data"] = {
            "dataset": name,
            "n_points": int(len(data.y)),
            "float_accuracy_float": float(acc),
            "accuracy_measured_on": "all points" if score_data is data else f"{len(score_data.y)} held-out points",
            "predictions_agree": int(agreement.n_agree),
            "disagreeing_indices": list(agreement.disagreeing_indices),
        }
    mode = _choose_mode(net, options, err)
    extra["mode_choice"] = options.mode
    if mode == "support":
        return _finish_support(net, data, options, extra, notes, out, err, t_start)
    figures = options.figures
    if figures is None and options.auto_figures and net.n_inputs == 2 and data is not None:
        figures = DEFAULT_FIGURES
    figures_note = None
    if figures is not None and (net.n_inputs != 2 or data is None):
        why = f"the network has {net.n_inputs} inputs" if net.n_inputs != 2 else "there is no data set to draw"
        figures_note = f"figures: not drawn ({why}; they are drawn for 2-D inputs with data)"
        figures = None
    if figures is not None:
        # a user's PNG where a figure goes is refused now, not after the computation
        check_figure_files(figures, net.n_classes)
    points = None
    if data is not None:
        extra["data"]["sample_points"] = (
            f"data rationalized with max_denominator={SAMPLE_DENOMINATOR} (they only seed the boundary search)"
        )
        points = [tuple(rationalize(float(v), max_denominator=SAMPLE_DENOMINATOR) for v in row) for row in data.X]

    report = verify_theorem2(
        net,
        points=points,
        max_boundary_points=options.boundary_points,
        seed=options.seed,
        progress=lambda m: _say(err, f"[tropgeo] {m}"),
        max_terms=options.max_terms,
    )
    _summary(report, out, points_asked=options.boundary_points)
    if figures_note is not None:
        _say(out, figures_note)
        notes.append(figures_note)
    if figures is not None:
        check_figures_directory(figures)
        _say(err, "[tropgeo] drawing figures")
        assert data is not None  # figures are declined above without data
        X = data.X.astype(np.float64)

        def predict(grid: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                dt = next(module.parameters()).dtype
                return module(torch.as_tensor(grid, dtype=dt)).argmax(dim=1).numpy()

        paths = draw_figures(report, X, data.y, predict, figures)
        extra["figures"] = paths
        for pth in paths:
            _say(out, f"figure: {pth}")
    extra["total_seconds"] = time.perf_counter() - t_start
    vacuous = report.unexercised_pairs
    if vacuous:
        notes.append(
            "part 1 not exercised for pairs " + ", ".join(f"({p.i},{p.j})" for p in vacuous)
            + (": --boundary-points 0 asked for none" if options.boundary_points == 0 else ": no boundary point was found")
        )
    extra["job_notes"] = notes
    cert = certificate(report, extra=extra)
    write_certificate(cert, options.certificate)
    _say(out, f"certificate: {options.certificate}")
    pairs = _plural(len(report.pairs), "class pair")
    if report.holds and not vacuous:
        _say(out, f"RESULT: Theorem 2 (parts 1 and 2, {pairs}) and Proposition 1 hold exactly.")
        return 0
    if report.holds:
        names = ", ".join(f"({p.i},{p.j})" for p in vacuous)
        _say(
            out,
            f"RESULT: Theorem 2 part 2 and Proposition 1 hold exactly ({pairs}); part 1 holds at every "
            f"boundary point checked, but for {names} "
            + ("none was asked for (--boundary-points 0)" if options.boundary_points == 0 else "no boundary point was found")
            + ", so part 1 was not exercised there.",
        )
        return 0
    for p in report.failing_pairs:
        witness: tuple[Any, ...] | None
        if not p.part1_holds:
            what, witness = "part 1", (p.part1_failures or p.decomposition_failures)[0]
        elif not p.part2_holds:
            what, witness = "part 2", p.part2_witness
        else:
            what, witness = "Proposition 1", None
        w = "" if witness is None else f"; witness point: ({', '.join(str(x) for x in witness)})"
        _say(out, f"FAILED pair ({p.i},{p.j}): {what} (part1={p.part1_holds} part2={p.part2_holds} prop1={p.proposition1_holds}){w}")
    _say(out, "RESULT: a check FAILED (see the certificate).")
    return 1


def _choose_mode(net: Any, options: VerifyOptions, err: TextIO) -> str:
    """``options.mode``, with ``"auto"`` resolved: exhaustive when the net has at most
    ``AUTO_EXHAUSTIVE_MAX_INPUTS`` inputs and every pair's term bound is within ``max_terms``."""
    if options.mode != "auto":
        return options.mode
    if net.n_inputs > AUTO_EXHAUSTIVE_MAX_INPUTS:
        _say(err, f"[tropgeo] {net.n_inputs} inputs (> {AUTO_EXHAUSTIVE_MAX_INPUTS}): support-function mode")
        return "support"
    worst = max(term_bound(net, i, j) for i in range(net.n_classes) for j in range(i + 1, net.n_classes))
    if worst > options.max_terms:
        _say(err, f"[tropgeo] R may have up to {worst} terms (> max-terms {options.max_terms}): support-function mode")
        return "support"
    return "exhaustive"


def _finish_support(
    net: Any,
    data: Any,
    options: VerifyOptions,
    extra: dict[str, Any],
    notes: list[str],
    out: TextIO,
    err: TextIO,
    t_start: float,
) -> int:
    """Support-function mode: certificate, summary, exit status."""
    from tropgeo.validation.certificate import certificate, write_certificate
    from tropgeo.validation.support_job import run_support, support_inputs, support_summary

    integer_data = data is not None and getattr(data, "raw_X", None) is not None
    check_support_size(net.n_inputs, options.directions, integer_data=integer_data, net=net)
    certified, directions, how = support_inputs(net, data, options.directions, options.seed)
    n_pairs = net.n_classes * (net.n_classes - 1) // 2
    _say(err, f"[tropgeo] support-function certificate: {len(directions)} points x 2 lifted directions, {n_pairs} class pairs")
    report = run_support(certified, directions, boundary_points=options.boundary_points, seed=options.seed)
    _say(out, f"mode: support-function ({len(directions)} points: {how['data_directions']} from the data, "
              f"{how['random_directions']} random; directions (x, 1) and (x, 0))")
    if how["input_scaling"] != "none":
        _say(out, f"inputs: {how['input_scaling']}")
    support_summary(report, out, points_asked=options.boundary_points)
    if options.figures is not None:
        note = "figures: not drawn (support-function mode has no polytope to draw)"
        _say(out, note)
        notes.append(note)
    extra["support"] = how
    extra["support_seconds"] = report.seconds
    extra["total_seconds"] = time.perf_counter() - t_start
    vacuous = report.unexercised_pairs
    if vacuous:
        notes.append(
            "part 1 not exercised for pairs " + ", ".join(f"({p.i},{p.j})" for p in vacuous)
            + (": --boundary-points 0 asked for none" if options.boundary_points == 0 else ": no boundary point was found")
        )
    cert = certificate(report, extra=extra)
    cert["job_notes"] = notes
    write_certificate(cert, options.certificate)
    _say(out, f"certificate: {options.certificate}")
    pairs = _plural(len(report.pairs), "class pair")
    n_dir = 2 * report.n_points
    if report.holds:
        n_bp = sum(len(p.boundary_points) for p in report.pairs)
        _say(
            out,
            f"RESULT: Theorem 2 holds at all {n_dir} exact lifted directions for {pairs} (support-function mode: "
            f"agreement at these directions, not equality of the polytopes); part 1 holds at {n_bp} exact "
            "boundary points" + (f" (not exercised for {len(vacuous)} pairs)" if vacuous else "") + ".",
        )
        return 0
    for p in report.failing_pairs:
        w = "" if p.witness is None else f"; witness direction ({', '.join(str(x) for x in p.witness)}), check {p.witness_check}"
        if p.boundary_failures:
            w += f"; part 1 fails at ({', '.join(str(x) for x in p.boundary_failures[0])})"
        _say(out, f"FAILED pair ({p.i},{p.j}): {p.n_agree}/{p.n_directions} directions agree{w}")
    _say(out, "RESULT: a check FAILED (see the certificate).")
    return 1

