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
