"""Saved torch models on disk: which format a file is, and reading it without running it.

Three formats are read, recognised by their content (the extension is ignored):

* ``torch.save`` files (the zip format of torch >= 1.6 and the older plain pickle): read with
  ``torch.load(path, weights_only=True, map_location="cpu")``.  ``weights_only`` unpickles
  tensors, dicts and numbers only, never arbitrary Python objects (a whole pickled
  ``nn.Module`` is refused); ``map_location="cpu"`` lets weights saved from a GPU load on a
  machine without one.
* safetensors files (``safetensors.torch.save_file``): a JSON header and raw tensor bytes, no
  code at all; read with ``safetensors.torch.load_file(path, device="cpu")``.
* TorchScript archives (``torch.jit.save`` of a scripted or traced module), only on request:
  see :func:`load_torchscript`; :func:`script_leaves` lists the layers of the loaded module
  for :mod:`tropgeo.adapters.torch_layers` to check.

Anything else (a torch.export ``.pt2`` archive, a numpy ``.npz``, HDF5, text) is refused with
a message saying what the file looks like.

Examples
--------
>>> import tempfile, torch
>>> with tempfile.TemporaryDirectory() as d:
...     path = f"{d}/weights.bin"               # any name: the content decides
...     torch.save({"0.weight": torch.eye(2)}, path)
...     file_format(path), list(load_state_dict(path))
('torch.save', ['0.weight'])
"""

from __future__ import annotations

import os
import pickle
import re
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Optional, Union

import torch

from tropgeo.errors import InvalidInputError

__all__ = ["file_format", "load_state_dict", "load_torchscript", "script_leaves"]

PathLike = Union[str, os.PathLike]
# (name, weight, bias or None) of one Linear layer
Layer = tuple[str, torch.Tensor, Optional[torch.Tensor]]
# One layer of a Sequential for torch_layers to classify: (label for messages, class name,
# text for messages, reader of its hyperparameters, reader of its Linear parameters);
# without readers the layer is refused.
Leaf = tuple[str, str, str, Optional[Callable[[str], Any]], Optional[Callable[[], Layer]]]

TORCHSCRIPT_REFUSED = (
    "it is a TorchScript archive, and loading one runs torch's TorchScript deserializer on the "
    "file (PyTorch: 'there is no safe mode for jit.load'; treat such a file as a program). "
    "If you trust the file, pass trust_torchscript=True to mlp_from_torch; otherwise save "
    "module.state_dict() with torch.save or safetensors"
)


def _existing_file(path: Any) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidInputError(f"path is a {type(path).__name__}; expected a str or os.PathLike")
    p = Path(path)
    if p.is_dir():
        raise InvalidInputError(f"path={str(p)!r} is a directory; expected a saved model file")
    if p.exists() and not p.is_file():
        raise InvalidInputError(f"path={str(p)!r} is not a regular file (a device, pipe or socket)")
    if not p.is_file():
        raise InvalidInputError(f"path={str(p)!r}: no such file")
    return p


def _is_safetensors(head: bytes, size: int) -> bool:
    # 8-byte little-endian header length, then that many bytes of JSON starting with '{'
    if len(head) < 9:
        return False
    (n,) = struct.unpack("<Q", head[:8])
    return 2 <= n <= size - 8 and head[8:9] == b"{"


def file_format(path: PathLike) -> str:
    """The format of a saved model file, from its content: ``"torch.save"``,
    ``"torchscript"`` or ``"safetensors"``.

    Raises
    ------
    InvalidInputError
        Naming the path, for a missing file and for any other format (the message says
        what the file looks like: a torch.export archive, an ``.npz``, HDF5, an empty file...).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".pt") as fh:
    ...     _ = fh.write(b"weights: 1 2 3"); fh.flush()
    ...     file_format(fh.name)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='...pt' is not a torch.save, TorchScript or safetensors file: it starts with b'weights: 1 2 3'
    """
    p = _existing_file(path)
    size = p.stat().st_size
    with open(p, "rb") as fh:
        head = fh.read(16)
    what = ""
    if size == 0:
        what = "it is empty"
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = zf.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidInputError(f"path={str(p)!r} starts like a zip archive but cannot be read ({exc})") from None
        if any(re.fullmatch(r"[^/]*/?code/.*\.py", n) for n in names):
            return "torchscript"
        if any(re.fullmatch(r"[^/]*/?archive_format", n) for n in names):
            what = "it is a torch.export archive (.pt2), which holds a graph program, not a Sequential"
        elif any(re.fullmatch(r"[^/]*/?data\.pkl", n) for n in names):
            return "torch.save"
        elif names and all(n.endswith(".npy") for n in names):
            what = "it is a numpy .npz archive"
        else:
            what = f"it is a zip archive of {len(names)} files that torch.save did not write"
    elif head.startswith(b"\x80"):  # pickle protocol >= 2: the pre-1.6 torch.save format
        return "torch.save"
    elif _is_safetensors(head, size):
        return "safetensors"
    elif head.startswith(b"\x89HDF\r\n\x1a\n"):
        what = "it is an HDF5 file (Keras?)"
    else:
        what = f"it starts with {head!r}"
    raise InvalidInputError(f"path={str(p)!r} is not a torch.save, TorchScript or safetensors file: {what}")


def _torch_load(p: Path) -> Any:
    try:
        # an open file, not the path: torch.load picks safetensors by the name ".safetensors"
        with open(p, "rb") as fh:
            return torch.load(fh, map_location="cpu", weights_only=True)
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


def _safetensors_load(p: Path) -> dict[str, torch.Tensor]:
    try:
        from safetensors.torch import load_file
    except ImportError:
        raise InvalidInputError(
            f"path={str(p)!r} is a safetensors file; install the safetensors package to read it"
        ) from None
    try:
        return dict(load_file(str(p), device="cpu"))
    except Exception as exc:  # safetensors reports malformed headers with its own error types
        raise InvalidInputError(
            f"path={str(p)!r}: safetensors could not read the file ({type(exc).__name__}: {exc})"
        ) from None


def load_state_dict(path: PathLike) -> dict[str, torch.Tensor]:
    """Read a state dict from a ``torch.save`` or safetensors file, never unpickling
    arbitrary objects.

    A ``torch.save`` file is read with ``torch.load(path, map_location="cpu",
    weights_only=True)``, which refuses pickled classes such as a whole ``nn.Module`` and
    maps tensors saved on a GPU to the CPU; a safetensors file with
    ``safetensors.torch.load_file(path, device="cpu")``.

    Parameters
    ----------
    path : str or os.PathLike
        A file holding a state dict (``module.state_dict()``), or a checkpoint dict whose
        ``"state_dict"``, ``"model_state_dict"`` or ``"model"`` entry is one.

    Returns
    -------
    dict of str to torch.Tensor
        In the order of the file.

    Raises
    ------
    InvalidInputError
        Naming the path: no such file, a format other than ``torch.save``/safetensors (a
        TorchScript archive holds a program: see :func:`load_torchscript`), a file that
        ``weights_only`` refuses (for example a pickled full module), or content that is not a
        mapping of names to tensors.

    Examples
    --------
    >>> import os, shutil, tempfile, torch
    >>> folder = tempfile.mkdtemp()
    >>> net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    >>> torch.save({"epoch": 5, "model_state_dict": net.state_dict()}, os.path.join(folder, "checkpoint.pt"))
    >>> {k: tuple(v.shape) for k, v in load_state_dict(os.path.join(folder, "checkpoint.pt")).items()}
    {'0.weight': (3, 2), '0.bias': (3,), '2.weight': (2, 3), '2.bias': (2,)}
    >>> torch.save(net, os.path.join(folder, "whole.pt"))
    >>> load_state_dict(os.path.join(folder, "whole.pt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../whole.pt': torch.load(weights_only=True) refused the file (it pickles torch.nn.modules.container.Sequential); it is not a plain state dict (a pickled full nn.Module?). Save module.state_dict() instead
    >>> shutil.rmtree(folder)
    """
    fmt = file_format(path)
    p = Path(path)
    if fmt == "torchscript":
        raise InvalidInputError(f"path={str(p)!r} is not a state dict file: {TORCHSCRIPT_REFUSED}")
    obj = _safetensors_load(p) if fmt == "safetensors" else _torch_load(p)
    if isinstance(obj, Mapping):
        for entry in ("state_dict", "model_state_dict", "model"):
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


def load_torchscript(path: PathLike) -> torch.jit.ScriptModule:
    """Load a TorchScript archive of torch.nn layers, after checking that loading it runs none
    of its code.  Only for files you trust.

    What ``torch.jit.load`` executes: it parses the archive's pickles with torch's C++
    unpickler (which builds TorchScript objects and tensors only, never Python objects),
    compiles the TorchScript source under ``code/`` (compiling runs nothing), and calls the
    ``__setstate__`` method of every object whose class defines one -- the one way an archive
    runs its own code at load time.  So before loading, the archive is refused if any of its
    code lies outside the torch.nn files of the layers tropgeo reads (``container``,
    ``linear``, ``activation``, ``dropout``, ``flatten``, and ``functional``) or mentions
    ``__setstate__``/``__getstate__`` at all.  After loading, only attributes, parameters and
    the forward graphs are read; ``forward`` is never called.  Each layer's forward graph
    (inlined, every branch) must run only its genuine op (``aten::relu`` for a ReLU, ...) and
    argument checks, and its hyperparameters are read from the constants that graph uses: a
    look-alike class named ``ReLU`` that computes something else is refused.

    Why this is opt-in all the same: PyTorch says there is no safe mode for ``jit.load`` and
    that TorchScript files should be treated like programs from their author (its
    SECURITY.md); its C++ deserializer has had crashes on malformed input that were closed as
    "only load trusted files".  The checks above stop the documented load-time code path, not
    a crafted file that attacks the deserializer itself.

    Raises
    ------
    InvalidInputError
        Naming the path and the offending file inside the archive, or what ``torch.jit.load``
        reported.

    Examples
    --------
    >>> import os, shutil, tempfile, torch
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "net.ts")
    >>> torch.jit.save(torch.jit.script(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU())), path)
    >>> module = load_torchscript(path)
    >>> module.original_name, [child.original_name for child in module.children()]
    ('Sequential', ['Linear', 'ReLU'])
    >>> torch.save(module.state_dict(), os.path.join(folder, "weights.pt"))
    >>> load_torchscript(os.path.join(folder, "weights.pt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: path='.../weights.pt' is not a TorchScript archive
    >>> shutil.rmtree(folder)
    """
    p = _existing_file(path)
    if file_format(p) != "torchscript":
        raise InvalidInputError(f"path={str(p)!r} is not a TorchScript archive")
    with zipfile.ZipFile(p) as zf:
        for name in zf.namelist():
            code = re.fullmatch(r"[^/]*/?code/(.*)", name)  # sources and their .debug_pkl alike
            if not code:
                continue
            if not re.fullmatch(_CODE_FILES, code.group(1)):
                raise InvalidInputError(
                    f"path={str(p)!r}: the TorchScript archive holds code outside the torch.nn layers "
                    f"tropgeo reads ({name}): a custom module or an unsupported layer; only scripted or "
                    f"traced nn.Sequential of {', '.join(_SCRIPT_MODULE_FILE)} are read. Save "
                    "module.state_dict() instead"
                )
            # any mention, however spelled around it (def  __setstate__, a call, a comment)
            if re.search(rb"__(set|get)state__", zf.read(name)):
                raise InvalidInputError(
                    f"path={str(p)!r}: {name} mentions __setstate__/__getstate__, which torch.jit.load "
                    "would run; refusing to load it"
                )
    try:
        return torch.jit.load(str(p), map_location="cpu")
    except Exception as exc:  # the C++ loader reports failures as RuntimeError and others
        raise InvalidInputError(
            f"path={str(p)!r}: torch.jit.load could not read the archive ({type(exc).__name__}: {exc})"
        ) from None



# --- reading a loaded TorchScript module ----------------------------------------------------

# Traced modules keep no hyperparameter attributes: their values are constants of the one
# aten op in their forward graph.  (class, attribute) -> (op, input index).
_TRACED = {
    ("LeakyReLU", "negative_slope"): ("aten::leaky_relu", 1),
    ("Dropout", "p"): ("aten::dropout", 1),
    ("Dropout", "training"): ("aten::dropout", 2),
    ("Flatten", "start_dim"): ("aten::flatten", 1),
    ("Flatten", "end_dim"): ("aten::flatten", 2),
    ("Softmax", "dim"): ("aten::softmax", 1),
    ("LogSoftmax", "dim"): ("aten::log_softmax", 1),
}
# The torch.nn module file of each layer class read from TorchScript: a class is taken for
# torch's only if its qualified name is that file's (a look-alike "ReLU" defined elsewhere
# is "other"), and the archive may hold code of these files only (plus functional.py, which
# scripted activations call).
_SCRIPT_MODULE_FILE = {
    "Sequential": "container", "Linear": "linear", "Identity": "linear", "ReLU": "activation",
    "LeakyReLU": "activation", "Softmax": "activation", "LogSoftmax": "activation",
    "Dropout": "dropout", "Flatten": "flatten",
}
_CODE_FILES = (
    r"__torch__/torch/nn/(functional\.py|modules/(" + "|".join(sorted(set(_SCRIPT_MODULE_FILE.values())))
    + r")(\.py|/___torch_mangle_\d+\.py))(\.debug_pkl)?"
)
# The ops a genuine layer's forward (inlined, every block) may run: its one tensor op, and the
# argument checks torch's own code does.  Anything else (x * 2, another op) is refused.
_SCRIPT_OPS = {
    "Linear": {"aten::linear"}, "Identity": set(), "ReLU": {"aten::relu", "aten::relu_"},
    "LeakyReLU": {"aten::leaky_relu", "aten::leaky_relu_"}, "Softmax": {"aten::softmax"},
    "LogSoftmax": {"aten::log_softmax"}, "Dropout": {"aten::dropout", "aten::dropout_"},
    "Flatten": {"aten::flatten"},
}
_SCRIPT_CHECKS = {
    "prim::Constant", "prim::GetAttr", "prim::If", "prim::RaiseException", "prim::unchecked_cast",
    "prim::Uninitialized", "aten::format", "aten::warn", "aten::__is__", "aten::__isnot__", "aten::dim",
    "aten::eq", "aten::ne", "aten::lt", "aten::gt", "aten::le", "aten::ge",
}


def _nn_class(kind: str) -> str:
    return rf"__torch__\.torch\.nn\.modules\.{_SCRIPT_MODULE_FILE.get(kind, '<none>')}\.(___torch_mangle_\d+\.)?{kind}"


def _graph_nodes(block: Any) -> list[Any]:
    out = []
    for n in block.nodes():
        out.append(n)
        for b in n.blocks():
            out += _graph_nodes(b)
    return out


def _check_forward(m: Any, kind: str, label: str) -> list[Any]:
    """The nodes of ``m``'s inlined forward graph, after checking that it runs only the ops
    of a genuine ``kind`` layer and reads only its own parameters."""
    nodes = _graph_nodes(m.inlined_graph)
    allowed = _SCRIPT_OPS[kind] | _SCRIPT_CHECKS
    odd = sorted({n.kind() for n in nodes} - allowed)
    if odd:
        raise InvalidInputError(
            f"{label} (TorchScript {kind}) runs {', '.join(odd)} in its forward, which torch's {kind} "
            "does not: it is not the torch.nn layer it is named after"
        )
    if kind == "Linear":
        names = {n.s("name") for n in nodes if n.kind() == "prim::GetAttr"}
        if not names <= {"weight", "bias"}:
            raise InvalidInputError(
                f"{label} (TorchScript Linear) reads attributes {sorted(names - {'weight', 'bias'})} in its "
                "forward besides weight and bias"
            )
    return nodes


def _script_hyper(m: Any, kind: str, attr: str) -> Any:
    op = _TRACED.get((kind, attr))
    if op is not None:
        # the constants the forward graph passes to the op (traced: the one call; scripted:
        # its in-place and out-of-place branches) are what forward uses; they must agree
        values = []
        for node in _graph_nodes(m.inlined_graph):
            if node.kind() in (op[0], op[0] + "_"):
                source = node.inputsAt(op[1])
                if source.node().kind() != "prim::Constant":
                    if attr == "negative_slope":  # torch's LeakyReLU passes its slope as a constant
                        raise InvalidInputError(f"TorchScript {kind}: its {attr} is not a constant of its forward")
                    return getattr(m, attr)  # scripted: forward reads the attribute (self.training, dim)
                values.append(source.toIValue())
        if values:
            if any(v != values[0] for v in values):
                raise InvalidInputError(f"TorchScript {kind}: its forward uses {attr} = {values}, not one value")
            return values[0]
    return getattr(m, attr)


def _script_reader(m: Any, kind: str) -> Callable[[str], Any]:
    return lambda attr: _script_hyper(m, kind, attr)


def _script_linear(name: str, m: Any) -> Callable[[], Layer]:
    return lambda: (name, m.weight, getattr(m, "bias", None))


def script_leaves(module: Any, argument: str = "source", prefix: str = "") -> list[Leaf]:
    """The layers of a scripted or traced ``nn.Sequential``, nested ones flattened, as
    :mod:`tropgeo.adapters.torch_layers` classifies them.

    Layers are identified by their TorchScript class (``__torch__.torch.nn.modules...``) and
    read from attributes (scripted) or from the constants of their forward graph (traced,
    where for example a Dropout traced in training mode stays random whatever ``.eval()``
    says).  Each Sequential's forward graph must call its layers once each, in order.

    Returns
    -------
    list of (label, kind, text, read_hyperparameter, read_linear)
        One per layer: ``kind`` is the torch.nn class name (``"other"`` for a look-alike);
        the readers are ``None`` for a refused layer.

    Examples
    --------
    >>> import torch
    >>> nn = torch.nn
    >>> scripted = torch.jit.script(nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.125), nn.Sequential(nn.Linear(3, 2))))
    >>> leaves = script_leaves(scripted)
    >>> [(label, kind) for label, kind, _, _, _ in leaves]
    [('module[0]', 'Linear'), ('module[1]', 'LeakyReLU'), ('module[2.0]', 'Linear')]
    >>> leaves[1][3]("negative_slope"), leaves[2][4]()[0]
    (0.125, '2.0')
    >>> script_leaves(torch.jit.script(nn.Linear(2, 2)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: source is a TorchScript __torch__.torch.nn.modules.linear...Linear; expected a scripted or traced nn.Sequential
    """
    qualified = module._c.qualified_name
    if not prefix and not re.fullmatch(_nn_class("Sequential"), qualified):
        raise InvalidInputError(
            f"{argument} is a TorchScript {qualified}; expected a scripted or traced nn.Sequential"
        )
    calls = [n.inputsAt(0).node().s("name") for n in module.graph.nodes() if n.kind() == "prim::CallMethod"]
    children = list(module.named_children())
    if calls != [name for name, _ in children]:
        raise InvalidInputError(
            f"module[{prefix.rstrip('.')}] (TorchScript {module.original_name}) does not call its layers "
            f"once each in order ({calls} vs {[n for n, _ in children]}); it is not a plain Sequential"
        )
    leaves: list[Leaf] = []
    for name, child in children:
        label = f"module[{prefix}{name}]"
        kind = child.original_name
        if child._c._get_forward_hooks() or child._c._get_forward_pre_hooks():
            raise InvalidInputError(f"{label} (TorchScript) has forward hooks, which may change its output")
        if not re.fullmatch(_nn_class(kind), child._c.qualified_name):
            leaves.append((label, "other", f"TorchScript {child._c.qualified_name}", None, None))
        elif kind == "Sequential":
            leaves += script_leaves(child, argument, f"{prefix}{name}.")
        else:
            _check_forward(child, kind, label)
            leaves.append((label, kind, f"{kind} (TorchScript)", _script_reader(child, kind),
                           _script_linear(prefix + name, child)))
    return leaves
