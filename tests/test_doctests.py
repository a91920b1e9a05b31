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
