"""Finding the layers of a torch MLP in modules, state dicts and saved files, checked.

The part of the torch adapter that never converts a number: it reads the Linear layers of a
stack ``Linear -> act -> Linear -> ... -> Linear`` (``act`` a ReLU or LeakyReLU) from an
``nn.Sequential`` (nested ones flattened; DataParallel and torch.compile wrappers opened), a
state dict, a TorchScript module, or a file (:mod:`tropgeo.adapters.torch_files`), undoes
wrapper prefixes and ``torch.nn.utils.prune`` masks, orders the layers, and refuses anything
whose weights would not describe the function computed (subclasses, hooks, other layers) or
whose values cannot be read exactly (sparse, meta, quantized, float8, non-finite).
:mod:`tropgeo.adapters.torch_io` does the exact conversion.

Skipped layers: ``Identity``, ``Dropout`` in eval mode, and ``Flatten()`` (``start_dim=1,
end_dim=-1``): before the first Linear layer it flattens each input row-major (a 1x28x28
image becomes 784 inputs), after it the activations are already vectors and it does nothing.
A final ``Softmax``/``LogSoftmax`` over the classes keeps every prediction and decision
boundary but not the outputs, so it is refused unless ``drop_final_softmax=True``.

Examples
--------
>>> import torch
>>> module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.LeakyReLU(0.1), torch.nn.Linear(3, 2))
>>> layers = read_layers(module)
>>> layers.where, [(name, tuple(w.shape)) for name, w, _ in layers.linears], layers.slopes
('module', [('0', (3, 2)), ('2', (2, 3))], (0.1,))
>>> layers.pattern()
'Linear -> LeakyReLU(0.1) -> Linear'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Sequence, cast

import torch
from torch import nn

from tropgeo.adapters.torch_files import (
    TORCHSCRIPT_REFUSED,
    Layer,
    Leaf,
    file_format,
    load_state_dict,
    load_torchscript,
    script_leaves,
)
from tropgeo.errors import InvalidInputError

__all__ = ["TorchLayers", "read_layers", "load_state_dict"]

# Prefixes added by wrappers (DataParallel/DistributedDataParallel, torch.compile)
# that do not change the weights.
_WRAPPER_PREFIXES = ("module.", "_orig_mod.")
_EXPECTED = "nn.Linear layers with ReLU or LeakyReLU between them"
_SKIPPED = "eval-mode Dropout, Identity and Flatten() are skipped"


@dataclass(frozen=True, eq=False)
class TorchLayers:
    """The checked layers of a torch MLP, before any number is converted.

    Attributes
    ----------
    linears : tuple of (name, weight, bias or None)
        In the order they are applied.
    slopes : tuple of float or int
        The ``negative_slope`` torch stores for the activation after each hidden layer
        (``0`` for ReLU), as torch stores it.
    activations : tuple of str
        ``"ReLU"`` or ``"LeakyReLU(s)"`` for each hidden layer.
    where : str
        What was read (``"module"``, ``"state dict"``, ``"TorchScript archive '...'"``...).
    notes : tuple of str
        Assumptions and skipped layers worth recording.

    Examples
    --------
    >>> import torch
    >>> nn = torch.nn
    >>> layers = read_layers(nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 3, bias=False),
    ...                                    nn.LeakyReLU(0.25), nn.Linear(3, 2)).eval())
    >>> layers.pattern()
    'Linear -> ReLU -> Linear -> LeakyReLU(0.25) -> Linear'
    >>> layers.describe()
    '0: Linear(2->3), ReLU, 3: Linear(3->3, bias=False), LeakyReLU(0.25), 5: Linear(3->2)'
    >>> layers.slopes, layers.where, [name for name, _, _ in layers.linears]
    ((0, 0.25), 'module', ['0', '3', '5'])
    """

    linears: tuple[Layer, ...]
    slopes: tuple[float | int, ...]
    activations: tuple[str, ...]
    where: str
    notes: tuple[str, ...]

    def pattern(self) -> str:
        """``"Linear -> ReLU -> Linear"`` style summary."""
        parts = ["Linear"]
        for act in self.activations:
            parts += [act, "Linear"]
        return " -> ".join(parts)

    def describe(self) -> str:
        """Layer names, shapes and activations, for the record."""
        parts = []
        for k, (name, w, b) in enumerate(self.linears):
            if k:
                parts.append(self.activations[k - 1])
            parts.append(f"{name}: Linear({w.shape[1]}->{w.shape[0]}{'' if b is not None else ', bias=False'})")
        return ", ".join(parts)


# --- state dicts ------------------------------------------------------------------------


def _strip_wrapper_prefixes(keys: Sequence[str]) -> dict[str, str]:
    """Map each original key to the key without wrapper prefixes shared by all keys."""
    mapping = {k: k for k in keys}
    changed = True
    while changed and mapping:
        changed = False
        for prefix in _WRAPPER_PREFIXES:
            if all(v.startswith(prefix) for v in mapping.values()):
                mapping = {k: v[len(prefix):] for k, v in mapping.items()}
                changed = True
    return mapping


def _layers_from_state_dict(sd: Mapping[Any, Any]) -> list[Layer]:
    """``[(layer name, weight, bias or None), ...]`` in the order of the layers."""
    if not sd:
        raise InvalidInputError(f"the state dict is empty; expected the weights of {_EXPECTED}")
    for k, v in sd.items():
        if not isinstance(k, str):
            raise InvalidInputError(f"state dict key {k!r} is not a string")
        if not isinstance(v, torch.Tensor):
            raise InvalidInputError(f"state dict entry {k!r} is a {type(v).__name__}, expected a torch.Tensor")
        _check_tensor(v, f"state dict entry {k!r}")
    names = _strip_wrapper_prefixes(list(sd))
    entries: dict[str, torch.Tensor] = {}
    original: dict[str, str] = {}
    for k, v in sd.items():
        entries[names[k]] = v
        original[names[k]] = k
    # Parameters pruned with torch.nn.utils.prune are stored as <p>_orig and a 0/1 mask;
    # their product is exact (each entry is kept or zeroed).
    for key in list(entries):
        m = re.fullmatch(r"(.*)\.(weight|bias)_orig", key)
        if not m:
            continue
        param = f"{m.group(1)}.{m.group(2)}"
        mask_key = param + "_mask"
        if mask_key not in entries:
            raise InvalidInputError(
                f"state dict key {original[key]!r} (a pruned parameter) has no matching mask {mask_key!r}"
            )
        if param in entries:
            raise InvalidInputError(
                f"state dict has both {original[param]!r} and the pruned pair "
                f"{original[key]!r} / {original[mask_key]!r}; keep one of them"
            )
        mask, orig = entries.pop(mask_key), entries.pop(key)
        if mask.is_complex() or mask.shape != orig.shape or not bool(((mask == 0) | (mask == 1)).all()):
            raise InvalidInputError(
                f"state dict key {original[mask_key]!r} must be a 0/1 mask of shape {tuple(orig.shape)}"
            )
        entries[param] = orig * mask.to(orig.dtype)
        original[param] = original[key]
    layers: dict[str, dict[str, torch.Tensor]] = {}
    for key, v in entries.items():
        layer, _, param = key.rpartition(".")
        if param not in ("weight", "bias"):
            raise InvalidInputError(
                f"state dict key {original[key]!r} is not a Linear weight or bias; expected only "
                f"'<layer>.weight' and '<layer>.bias' keys of {_EXPECTED}"
            )
        layers.setdefault(layer, {})[param] = v
    out: list[Layer] = []
    for layer, params in layers.items():
        if "weight" not in params:
            raise InvalidInputError(f"state dict layer {layer!r} has a bias but no weight")
        out.append((layer, params["weight"], params.get("bias")))
    # Layer order: by the trailing number of names that differ only there ("0"/"2",
    # "fc1"/"fc2", "layer.9"/"layer.10"), else as the state dict lists them.
    numbered = [re.fullmatch(r"(.*?)(\d+)", name) for name, _, _ in out]
    if all(numbered) and len({m.group(1) for m in numbered if m}) == 1:
        out.sort(key=lambda item: int(re.fullmatch(r".*?(\d+)", item[0]).group(1)))  # type: ignore[union-attr]
    return out


# --- modules ----------------------------------------------------------------------------

# An item of a flattened Sequential: (kind, label, payload); kind is "linear" (payload
# (weight, bias)), "act" ((slope, text)), "flatten", "softmax" (text) or "skip".
Item = tuple[str, str, Any]


def _leaf_item(
    label: str, kind: str, text: str, hyper: Callable[[str], Any] | None, linear: Callable[[], Layer] | None
) -> Item:
    """Classify one layer, given its class name and readers of its hyperparameters and of its
    Linear parameters (without them the layer is refused)."""
    unsupported = f"{label} is {text}; expected {_EXPECTED} ({_SKIPPED})"
    if hyper is None:
        raise InvalidInputError(unsupported)
    if kind == "Linear" and linear is not None:
        return ("linear", label, linear())
    if kind == "ReLU":
        return ("act", label, (0, "ReLU"))
    if kind == "LeakyReLU":
        s = hyper("negative_slope")
        if isinstance(s, bool) or not isinstance(s, (int, float)) or s != s or abs(s) == float("inf"):
            raise InvalidInputError(f"{label} is {text}; its negative_slope={s!r} is not a finite number")
        return ("act", label, (s, f"LeakyReLU({s!r})"))
    if kind == "Identity":
        return ("skip", label, text)
    if kind == "Dropout":
        if hyper("training") and hyper("p") > 0:
            raise InvalidInputError(f"{label} is {text} in training mode (random); call module.eval() first")
        return ("skip", label, text)
    if kind == "Flatten":
        if (hyper("start_dim"), hyper("end_dim")) != (1, -1):
            raise InvalidInputError(
                f"{label} is {text}; only Flatten(start_dim=1, end_dim=-1), which keeps the batch "
                "dimension and flattens each input, is supported"
            )
        return ("flatten", label, text)
    if kind in ("Softmax", "LogSoftmax"):
        dim = hyper("dim")
        if dim not in (1, -1):
            raise InvalidInputError(
                f"{label} is {text} with dim={dim!r}; only dim=1 or dim=-1 (over the classes of a "
                "batch of vectors) keeps the predictions"
            )
        return ("softmax", label, f"{kind}(dim={dim})")
    raise InvalidInputError(unsupported)


_EXACT_TYPES = {nn.Linear, nn.ReLU, nn.LeakyReLU, nn.Identity, nn.Dropout, nn.Flatten, nn.Softmax, nn.LogSoftmax}


def _check_hooks(m: nn.Module, label: str) -> None:
    from torch.nn.utils.prune import BasePruningMethod

    # torch.nn.utils.prune's pre-hook only recomputes weight = weight_orig * mask, which
    # the reading below computes itself
    hooks = [
        h for h in ("_forward_hooks", "_forward_pre_hooks")
        if any(not isinstance(fn, BasePruningMethod) for fn in getattr(m, h, {}).values())
    ]
    if hooks:
        raise InvalidInputError(
            f"{label} has forward hooks ({', '.join(hooks)}), which may change its output; "
            "remove them, or pass module.state_dict()"
        )


def _linear_params(m: nn.Module) -> tuple[torch.Tensor, torch.Tensor | None]:
    # A pruned parameter is recomputed as <p>_orig * <p>_mask by a pre-hook at the next
    # forward; the attribute may be stale (an optimizer step since), the product is not.
    out = []
    for p in ("weight", "bias"):
        if hasattr(m, p + "_orig") and hasattr(m, p + "_mask"):
            orig = getattr(m, p + "_orig")
            out.append(orig * getattr(m, p + "_mask").to(orig.dtype))
        else:
            out.append(getattr(m, p))
    return out[0], out[1]


def _attribute_reader(m: Any) -> Callable[[str], Any]:
    return lambda attr: getattr(m, attr)


def _module_linear(name: str, m: nn.Module) -> Callable[[], Layer]:
    return lambda: (name, *_linear_params(m))


def _module_leaves(module: nn.Module, prefix: str) -> list[Leaf]:
    """The layers of a Sequential, nested ones flattened, in the order they run."""
    leaves: list[Leaf] = []
    for name, child in module.named_children():
        label = f"module[{prefix}{name}]"
        _check_hooks(child, label)
        if type(child) is nn.Sequential:
            leaves += _module_leaves(child, f"{prefix}{name}.")
        elif type(child) in _EXACT_TYPES:
            # exact types only: a subclass may override forward
            leaves.append((label, type(child).__name__, repr(child), _attribute_reader(child),
                           _module_linear(prefix + name, child)))
        else:
            leaves.append((label, "other", repr(child), None, None))
    return leaves


def _unwrap(module: nn.Module) -> tuple[nn.Module, list[str]]:
    notes = []
    while True:
        _check_hooks(module, "module")
        if isinstance(module, (nn.DataParallel, nn.parallel.DistributedDataParallel)):
            notes.append(f"{type(module).__name__} wrapper opened")
            module = cast(nn.Module, module.module)
        elif type(module).__module__ == "torch._dynamo.eval_frame" and hasattr(module, "_orig_mod"):
            notes.append("torch.compile wrapper opened")
            module = cast(nn.Module, module._orig_mod)
        else:
            return module, notes


# --- assembling and checking --------------------------------------------------------------


def _assemble(items: list[Item], where: str, notes: list[str], drop_final_softmax: bool) -> TorchLayers:
    linears: list[Layer] = []
    slopes: list[float | int] = []
    acts: list[str] = []
    pending: Item | None = None
    softmax: Item | None = None
    for item in items:
        kind, label, payload = item
        if softmax is not None and kind != "skip":
            raise InvalidInputError(f"{softmax[1]} ({softmax[2]}) is followed by {label}; it must be the last layer")
        if kind == "linear":
            if linears and pending is None:
                raise InvalidInputError(
                    f"{label} (Linear) follows module[{linears[-1][0]}] (Linear) with no activation between "
                    f"them; expected {_EXPECTED}"
                )
            if pending is not None:
                slopes.append(pending[2][0])
                acts.append(pending[2][1])
                pending = None
            linears.append(payload)
        elif kind == "act":
            if not linears or pending is not None:
                after = "before the first Linear layer" if not linears else f"right after {pending[1]}"  # type: ignore[index]
                raise InvalidInputError(f"{label} is {payload[1]} {after}; expected {_EXPECTED}")
            pending = item
        elif kind == "flatten" and not linears and not any(n.startswith("Flatten") for n in notes):
            notes.append("Flatten before the first Linear layer: inputs are flattened row-major (a 1x28x28 image is 784 inputs)")
        elif kind == "softmax":
            if not linears or pending is not None:
                raise InvalidInputError(f"{label} is {payload}, allowed only right after the last Linear layer")
            softmax = item
    if not linears:
        raise InvalidInputError(f"{where} has no Linear layer; expected {_EXPECTED}")
    if pending is not None:
        raise InvalidInputError(
            f"{pending[1]} is {pending[2][1]} after the last Linear layer; the outputs (logits) must be "
            f"the last Linear layer's. Expected {_EXPECTED}"
        )
    if softmax is not None:
        if not drop_final_softmax:
            raise InvalidInputError(
                f"{softmax[1]} is {softmax[2]} after the last Linear layer: it keeps every prediction and "
                "decision boundary but changes the outputs, so the exact network would not compute the "
                "module's outputs. Pass drop_final_softmax=True to read the logits before it"
            )
        notes.append(f"final {softmax[2]} ({softmax[1]}) dropped: the exact network computes the logits before it")
    return TorchLayers(tuple(linears), tuple(slopes), tuple(acts), where, tuple(notes))


_FLOAT_DTYPES = (torch.float16, torch.bfloat16, torch.float32, torch.float64)


def _check_tensor(t: torch.Tensor, what: str) -> None:
    """Refuse tensors whose values cannot be read exactly as real numbers."""
    if t.layout != torch.strided:
        raise InvalidInputError(f"{what} has layout {t.layout}; expected a dense tensor (call .to_dense() before saving)")
    if t.device.type == "meta":
        raise InvalidInputError(f"{what} is on the meta device and has no values")
    if t.is_quantized or (t.is_floating_point() and t.dtype not in _FLOAT_DTYPES):
        raise InvalidInputError(
            f"{what} has dtype {t.dtype}; expected float16, bfloat16, float32, float64 or an "
            "integer dtype (dequantize first)"
        )


def _check_layers(layers: TorchLayers) -> None:
    where = layers.where
    for name, w, b in layers.linears:
        if w.dim() != 2:
            raise InvalidInputError(
                f"{where} layer {name!r}: weight has shape {tuple(w.shape)}; expected a 2-D Linear weight "
                "(out_features, in_features) -- convolutions and other layers are not supported"
            )
        if b is not None and tuple(b.shape) != (w.shape[0],):
            raise InvalidInputError(
                f"{where} layer {name!r}: bias has shape {tuple(b.shape)}; expected ({w.shape[0]},)"
            )
        for param, t in (("weight", w), ("bias", b)):
            if t is None:
                continue
            _check_tensor(t, f"{where} layer {name!r}: {param}")
            if t.is_complex() or t.dtype == torch.bool:
                raise InvalidInputError(f"{where} layer {name!r}: {param} has dtype {t.dtype}; expected real numbers")
            if t.is_floating_point() and not bool(torch.isfinite(t).all()):
                bad = tuple(int(i) for i in torch.nonzero(~torch.isfinite(t))[0])
                raise InvalidInputError(
                    f"{where} layer {name!r}: {param}{list(bad)} = {t[bad].item()} is not finite"
                )
        if min(w.shape) == 0:
            raise InvalidInputError(f"{where} layer {name!r}: weight has shape {tuple(w.shape)}; no entries")
    for (n1, w1, _), (n2, w2, _) in zip(layers.linears, layers.linears[1:]):
        if w2.shape[1] != w1.shape[0]:
            raise InvalidInputError(
                f"{where}: layer {n2!r} takes {w2.shape[1]} inputs but layer {n1!r} has {w1.shape[0]} outputs"
            )
    name, w, _ = layers.linears[-1]
    if w.shape[0] < 2:
        raise InvalidInputError(
            f"{where}: layer {name!r} has {w.shape[0]} output; expected >= 2 (one logit per class)"
        )


def read_layers(
    source: Any, *, trust_torchscript: bool = False, drop_final_softmax: bool = False, argument: str = "source"
) -> TorchLayers:
    """The checked layers of a torch MLP from a module, a state dict or a file path.

    A state dict cannot say which activation sat between the layers: ReLU is assumed (and
    recorded in ``notes``).  A path is read by :mod:`tropgeo.adapters.torch_files`; a
    TorchScript archive only with ``trust_torchscript=True``.  ``argument`` names ``source``
    in messages.

    Examples
    --------
    >>> read_layers(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid()))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: module[1] is Sigmoid(); expected nn.Linear layers with ReLU or LeakyReLU between them (eval-mode Dropout, Identity and Flatten() are skipped)
    >>> read_layers({"fc1.weight": torch.ones(3, 2), "fc2.weight": torch.ones(2, 3)}).notes
    ('ReLU between the layers assumed',)
    """
    for flag, value in (("trust_torchscript", trust_torchscript), ("drop_final_softmax", drop_final_softmax)):
        if not isinstance(value, bool):
            raise InvalidInputError(f"{flag}={value!r} must be True or False")
    where = ""
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        fmt = file_format(path)
        if fmt == "torchscript":
            if not trust_torchscript:
                raise InvalidInputError(f"path={path!r}: {TORCHSCRIPT_REFUSED}")
            source, where = load_torchscript(path), f"TorchScript archive {path!r}"
        else:
            source, where = load_state_dict(path), f"state dict in {fmt} file {path!r}"
    if isinstance(source, torch.jit.ScriptModule):
        leaves = script_leaves(source, argument)
        layers = _assemble([_leaf_item(*leaf) for leaf in leaves], where or "TorchScript module", [], drop_final_softmax)
    elif isinstance(source, nn.Module):
        module, notes = _unwrap(source)
        if isinstance(module, nn.Sequential) and type(module) is not nn.Sequential:
            raise InvalidInputError(
                f"module is a {type(module).__name__}, a subclass of nn.Sequential that may override "
                f"forward; expected a plain nn.Sequential of {_EXPECTED}. Pass module.state_dict() if its "
                "forward is the plain one"
            )
        if type(module) is not nn.Sequential:
            raise InvalidInputError(
                f"module is a {type(module).__name__}; expected an nn.Sequential of {_EXPECTED}. "
                "For a custom module with the same structure pass module.state_dict()"
            )
        leaves = _module_leaves(module, "")
        layers = _assemble([_leaf_item(*leaf) for leaf in leaves], "module", notes, drop_final_softmax)
    elif isinstance(source, Mapping):
        linears = _layers_from_state_dict(source)
        n = len(linears) - 1
        layers = TorchLayers(tuple(linears), (0,) * n, ("ReLU",) * n, where or "state dict",
                             ("ReLU between the layers assumed",) if n else ())
    else:
        raise InvalidInputError(
            f"{argument} is a {type(source).__name__}; expected an nn.Sequential of {_EXPECTED}, "
            "its state dict, or a path to a saved file"
        )
    _check_layers(layers)
    return layers
