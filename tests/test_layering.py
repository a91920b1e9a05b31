"""Imports point downward only: tropgeo (core) never needs torch, cvxpy or matplotlib."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORE = ROOT / "tropgeo"


def _imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_modules_import_only_downward():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        if path.name == "__main__.py":
            continue  # the ``python -m tropgeo`` entry point hands over to the CLI above the core
        bad = {
            m
            for m in _imported_modules(path)
            if m.split(".")[0] in {"torch", "cvxpy", "matplotlib", "sklearn", "adapters", "validation"}
            or m.startswith(("tropgeo.adapters", "tropgeo.validation"))
        }
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_only_one_module_imports_cdd():
    users = sorted(p.name for p in CORE.rglob("*.py") if any(m.split(".")[0] == "cdd" for m in _imported_modules(p)))
    assert users == ["_cdd.py"]


def test_core_imports_with_heavy_packages_absent(tmp_path):
    # run from an empty folder: from the repository's parent, a clone named ``tropgeo``
    # would shadow the installed package as an empty namespace package
    code = (
        "import sys\n"
        "for name in ('torch', 'cvxpy', 'matplotlib', 'sklearn'):\n"
        "    sys.modules[name] = None  # any import of them now raises ImportError\n"
        "import pkgutil, importlib, tropgeo\n"
        "assert tropgeo.__file__ is not None, 'tropgeo resolved to a namespace package'\n"
        "names = [m.name for m in pkgutil.iter_modules(tropgeo.__path__) if m.name not in ('adapters', 'validation', '__main__')]\n"
        "assert 'verify' in names and 'zonotope' in names, names\n"
        "for name in names:\n"
        "    importlib.import_module('tropgeo.' + name)\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


def test_adapter_names_at_top_level_are_lazy(tmp_path):
    # ``from tropgeo import from_torch`` works, but plain ``import tropgeo`` does not import torch.
    code = (
        "import sys, tropgeo\n"
        "assert 'torch' not in sys.modules, 'import tropgeo imported torch'\n"
        "from tropgeo import from_torch, to_torch, load_state_dict, prediction_agreement\n"
        "from tropgeo import train_relu_classifier, load_dataset\n"
        "import tropgeo.adapters.torch_io as t\n"
        "assert from_torch is t.from_torch and 'torch' in sys.modules\n"
        "try:\n"
        "    tropgeo.no_such_name\n"
        "except AttributeError as e:\n"
        "    assert 'no_such_name' in str(e)\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
