"""Reading weight layers from torch: state dicts, saved files and plain modules, checked.

The part of the torch adapter that never converts a number: it finds the two Linear
layers of an ``nn.Sequential(Linear, ReLU, Linear)`` in a module, a state dict or a file
(read with ``weights_only=True``, so nothing is unpickled beyond tensors), undoes wrapper
prefixes and ``torch.nn.utils.prune`` masks, orders the layers, and refuses anything whose
weights would not describe the function computed (subclasses, hooks, other layers) or
whose values cannot be read exactly (sparse, meta, quantized, float8, non-finite).
:mod:`tropgeo.adapters.torch_io` does the exact conversion.

Examples
--------
>>> import torch
>>> module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
>>> layers, where = layers_of(module)
>>> where, [(name, tuple(w.shape)) for name, w, _ in layers]
('module', [('0', (3, 2)), ('2', (2, 3))])
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Sequence, Union

import torch
from torch import nn

from tropgeo.errors import InvalidInputError

__all__ = ["load_state_dict", "layers_of"]

# Prefixes added by wrappers (DataParallel/DistributedDataParallel, torch.compile)
# that do not change the weights.
_WRAPPER_PREFIXES = ("module.", "_orig_mod.")
_EXPECTED = "nn.Sequential(Linear, ReLU, Linear) with >= 2 outputs"


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


def _layers_from_state_dict(sd: Mapping[Any, Any]) -> list[tuple[str, torch.Tensor, torch.Tensor | None]]:
    """``[(layer name, weight, bias or None), ...]`` in the order of the state dict."""
    if not sd:
        raise InvalidInputError(f"the state dict is empty; expected the weights of an {_EXPECTED}")
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
    # Layers pruned with torch.nn.utils.prune store weight_orig and a 0/1 mask;
    # their product is exact (each entry is kept or zeroed).
    for key in list(entries):
        if key.endswith(".weight_orig"):
            layer = key[: -len(".weight_orig")]
            mask_key = layer + ".weight_mask"
            if mask_key not in entries:
                raise InvalidInputError(
                    f"state dict key {original[key]!r} (a pruned weight) has no matching mask {mask_key!r}"
                )
            if layer + ".weight" in entries:
                raise InvalidInputError(
                    f"state dict has both {original[layer + '.weight']!r} and the pruned pair "
                    f"{original[key]!r} / {original[mask_key]!r}; keep one of them"
                )
            mask = entries.pop(mask_key)
            orig = entries.pop(key)
            if mask.is_complex() or mask.shape != orig.shape or not bool(((mask == 0) | (mask == 1)).all()):
                raise InvalidInputError(
                    f"state dict key {original[mask_key]!r} must be a 0/1 mask of shape {tuple(orig.shape)}"
                )
            entries[layer + ".weight"] = orig * mask.to(orig.dtype)
            original[layer + ".weight"] = original[key]
    layers: dict[str, dict[str, torch.Tensor]] = {}
    for key, v in entries.items():
        layer, _, param = key.rpartition(".")
        if param not in ("weight", "bias"):
            raise InvalidInputError(
                f"state dict key {original[key]!r} is not a Linear weight or bias; expected only "
                f"'<layer>.weight' and '<layer>.bias' keys of an {_EXPECTED}"
            )
        layers.setdefault(layer, {})[param] = v
    out = []
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


def _layers_from_module(module: nn.Sequential) -> list[tuple[str, torch.Tensor, torch.Tensor | None]]:
    # Exact types only, and no hooks: a subclass may override forward (or a hook change the
    # output), and then the weights alone would not describe the function computed.
    if type(module) is not nn.Sequential:
        raise InvalidInputError(
            f"module is a {type(module).__name__}, a subclass of nn.Sequential that may override "
            f"forward; expected a plain {_EXPECTED}. Pass module.state_dict() if its forward is the plain one"
        )
    for name, m in [("", module), *module.named_children()]:
        from torch.nn.utils.prune import BasePruningMethod

        # torch.nn.utils.prune's pre-hook only recomputes weight = weight_orig * mask, which
        # the weight attribute read below already holds
        hooks = [
            h for h in ("_forward_hooks", "_forward_pre_hooks")
            if any(not isinstance(fn, BasePruningMethod) for fn in getattr(m, h, {}).values())
        ]
        if hooks:
            where = "module" if not name else f"module[{name}]"
            raise InvalidInputError(
                f"{where} has forward hooks ({', '.join(hooks)}), which may change its output; "
                "remove them, or pass module.state_dict()"
            )
    pattern: list[str] = []
    linears: list[tuple[str, torch.Tensor, torch.Tensor | None]] = []
    for name, child in module.named_children():
        if type(child) is nn.Linear:
            pattern.append("Linear")
            linears.append((name, child.weight, child.bias))
        elif type(child) is nn.ReLU:
            pattern.append("ReLU")
        elif type(child) is nn.Identity:
            continue
        elif type(child) is nn.Dropout:
            if child.training and child.p > 0:
                raise InvalidInputError(
                    f"module[{name}] is {child!r} in training mode (random); call module.eval() first"
                )
            continue
        else:
            raise InvalidInputError(
                f"module[{name}] is {child!r}; expected an {_EXPECTED} "
                "(only eval-mode Dropout or Identity may sit between the layers)"
            )
    if pattern != ["Linear", "ReLU", "Linear"]:
        raise InvalidInputError(
            f"module has layers {' -> '.join(pattern) or 'none'}; expected Linear -> ReLU -> Linear"
        )
    return linears


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


def _check_layers(layers: list[tuple[str, torch.Tensor, torch.Tensor | None]], where: str) -> None:
    if len(layers) != 2:
        raise InvalidInputError(
            f"{where} has {len(layers)} weight layers ({', '.join(n for n, _, _ in layers)}); "
            f"expected exactly 2 for an {_EXPECTED}"
        )
    for name, w, b in layers:
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
    (n1, w1, _), (n2, w2, _) = layers
    if w2.shape[1] != w1.shape[0]:
        raise InvalidInputError(
            f"{where}: layer {n2!r} takes {w2.shape[1]} inputs but layer {n1!r} has {w1.shape[0]} outputs"
        )
    if w2.shape[0] < 2:
        raise InvalidInputError(
            f"{where}: layer {n2!r} has {w2.shape[0]} output; expected >= 2 (one logit per class)"
        )


def load_state_dict(path: Union[str, os.PathLike]) -> dict[str, torch.Tensor]:
    """Read a state dict saved with ``torch.save``, never unpickling arbitrary objects.

    The file is read with ``torch.load(path, map_location="cpu",
    weights_only=True)``, which refuses pickled classes such as a whole
    ``nn.Module``.

    Parameters
    ----------
    path : str or os.PathLike
        A file holding a state dict (``module.state_dict()``), or a checkpoint
        dict whose ``"state_dict"`` (or ``"model_state_dict"``) entry is one.

    Returns
    -------
    dict of str to torch.Tensor
        In the order of the file.

    Raises
    ------
    InvalidInputError
        Naming the path: no such file, a file torch cannot read, a file that
        ``weights_only`` refuses (for example a pickled full module), or content
        that is not a mapping of names to tensors.
    """
    p = Path(path)
    if p.is_dir():
        raise InvalidInputError(f"path={str(p)!r} is a directory; expected a saved state dict file")
    if p.exists() and not p.is_file():
        raise InvalidInputError(f"path={str(p)!r} is not a regular file (a device, pipe or socket)")
    if not p.is_file():
        raise InvalidInputError(f"path={str(p)!r}: no such file")
    try:
        obj = torch.load(p, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        found = re.search(r"Unsupported global: GLOBAL (\S+)", str(exc))
        what = f"it pickles {found.group(1)}" if found else "it pickles objects other than tensors"
        raise InvalidInputError(
            f"path={str(p)!r}: torch.load(weights_only=True) refused the file ({what}); "
            "it is not a plain state dict (a pickled full nn.Module?). Save module.state_dict() instead"
        ) from None
    except Exception as exc:  # corrupt or non-torch files raise many different types
        raise InvalidInputError(
            f"path={str(p)!r}: torch.load could not read the file ({type(exc).__name__}: {exc})"
        ) from None
    if isinstance(obj, Mapping):
        for entry in ("state_dict", "model_state_dict"):
            if entry in obj and isinstance(obj[entry], Mapping):
                obj = obj[entry]
                break
    if not isinstance(obj, Mapping) or not obj:
        raise InvalidInputError(
            f"path={str(p)!r} holds a {type(obj).__name__}, not a state dict "
            "(a non-empty mapping of parameter names to tensors)"
        )
    bad = [k for k, v in obj.items() if not isinstance(k, str) or not isinstance(v, torch.Tensor)]
    if bad:
        raise InvalidInputError(
            f"path={str(p)!r} is not a state dict: entry {bad[0]!r} is not a tensor "
            "(expected a mapping of parameter names to tensors)"
        )
    return dict(obj)


def layers_of(module_or_state_dict: Any) -> tuple[list[tuple[str, torch.Tensor, torch.Tensor | None]], str]:
    """The two checked weight layers ``[(name, weight, bias or None), ...]`` and a phrase
    naming where they came from (for messages), from a module, state dict or file path.

    Examples
    --------
    >>> layers_of(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid()))
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: module[1] is Sigmoid(); expected an nn.Sequential(Linear, ReLU, Linear) with >= 2 outputs (only eval-mode Dropout or Identity may sit between the layers)
    """
    if isinstance(module_or_state_dict, (str, os.PathLike)):
        path = Path(module_or_state_dict)
        sd = load_state_dict(path)
        layers = _layers_from_state_dict(sd)
        where = f"state dict in {str(path)!r}"
    elif isinstance(module_or_state_dict, nn.Sequential):
        layers = _layers_from_module(module_or_state_dict)
        where = "module"
    elif isinstance(module_or_state_dict, nn.Module):
        raise InvalidInputError(
            f"module is a {type(module_or_state_dict).__name__}; expected an {_EXPECTED}. "
            "For a custom module with the same structure pass module.state_dict()"
        )
    elif isinstance(module_or_state_dict, Mapping):
        layers = _layers_from_state_dict(module_or_state_dict)
        where = "state dict"
    else:
        raise InvalidInputError(
            f"module_or_state_dict is a {type(module_or_state_dict).__name__}; expected an {_EXPECTED}, "
            "its state dict, or a path to a saved state dict"
        )
    _check_layers(layers, where)
    return layers, where
