"""Doctests of tropgeo.adapters and tropgeo.validation.

The core's doctests run through ``--doctest-modules`` (pyproject); the two
upper layers live in folders whose names differ from their import names, so
their modules are imported by their real names here and run with doctest.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tropgeo.adapters
import tropgeo.validation

MODULES = sorted(
    f"{pkg.__name__}.{m.name}"
    for pkg in (tropgeo.adapters, tropgeo.validation)
    for m in pkgutil.iter_modules(pkg.__path__)
    if m.name != "__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_every_upper_module_is_covered():
    assert "tropgeo.validation.certificate" in MODULES
    assert "tropgeo.adapters.torch_io" in MODULES


def test_cached_property_examples_run():
    # doctest's finder skips functools.cached_property (Python 3.11), so their Examples
    # would never run without this
    import doctest
    import functools
    import inspect
    import sys

    import tropgeo

    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    parser = doctest.DocTestParser()
    ran = 0
    for name in tropgeo.__all__:
        cls = getattr(tropgeo, name)
        if not inspect.isclass(cls):
            continue
        for attr, value in vars(cls).items():
            if isinstance(value, functools.cached_property) and value.__doc__ and ">>>" in value.__doc__:
                module = sys.modules[cls.__module__]
                test = parser.get_doctest(value.__doc__, dict(vars(module)), f"{name}.{attr}", module.__file__, 0)
                runner.run(test)
                ran += 1
    assert ran >= 3
    assert runner.failures == 0


def _public_modules():
    import tropgeo

    names = {"tropgeo"}
    for pkg in (tropgeo, tropgeo.adapters, tropgeo.validation):
        for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + "."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                names.add(info.name)
    return sorted(names)


def _has_example(obj) -> bool:
    return ">>>" in (getattr(obj, "__doc__", None) or "")


def _missing_examples(module) -> list[str]:
    import functools
    import inspect

    missing = []
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)) or obj.__module__ != module.__name__:
            continue  # constants, and names re-exported from where they are defined
        qualname = f"{module.__name__}.{name}"
        if not _has_example(obj):
            missing.append(qualname)
        if not inspect.isclass(obj):
            continue
        for attr, value in vars(obj).items():
            if attr.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                value = value.__func__
            elif not isinstance(value, (property, functools.cached_property)) and not inspect.isfunction(value):
                continue  # dataclass defaults, enum members, nested constants
            if not _has_example(value) and not _has_example(obj):
                missing.append(f"{qualname}.{attr}")
    return missing


def test_every_public_object_has_an_example():
    modules = _public_modules()
    # the walk reaches all three layers and the core's subpackage
    assert {"tropgeo.polytope", "tropgeo.export.json_format", "tropgeo.adapters.plotting",
            "tropgeo.validation.job"} <= set(modules)
    assert not any(m.split(".")[-1].startswith("_") for m in modules)
    missing = [q for name in modules for q in _missing_examples(importlib.import_module(name))]
    assert missing == [], "public objects without a doctested example (>>>):\n" + "\n".join(missing)
