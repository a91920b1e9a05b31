"""Exact integer arrays (tropgeo._intmat): int64 only under a proven bound."""

from __future__ import annotations

import numpy as np
import pytest

import tropgeo.support as support
from tropgeo import _intmat


def test_lin_and_outer_leave_int64_exactly_at_the_bound():
    a = _intmat.from_rows([2**61, -(2**61)], (2,))
    assert a.dtype == np.int64
    assert _intmat.lin((1, a)).dtype == np.int64
    two = _intmat.lin((2, a))                              # 2^62 is not below the bound
    assert two.dtype == object and two.tolist() == [2**62, -(2**62)]
    assert _intmat.outer(a, _intmat.from_rows([1], (1,))).dtype == np.int64
    assert _intmat.outer(a, _intmat.from_rows([2], (1,))).tolist() == [[2**62], [-(2**62)]]


def test_mixed_dtypes_are_compared_and_combined_exactly():
    small = _intmat.from_rows([1, 2**62], (2,))            # object: 2^62 does not fit
    assert small.dtype == object
    other = _intmat.from_rows([1, 5], (2,))
    assert _intmat.eq(small, other).tolist() == [True, False]
    assert _intmat.pmax(small, other).tolist() == [1, 2**62]
    assert _intmat.vcat(small, other).tolist() == [1, 2**62, 1, 5]
