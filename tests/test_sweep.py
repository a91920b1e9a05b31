"""Tests of tropgeo._sweep, the top-vertex sweep, in general position (degenerate input is
tests/test_zonotope_sweep.py's), through the streaming kernel that uses it.

Independent routes: the general region method of tropgeo._arrangement (which the sweep
must agree with exactly, vertex for vertex), the Gritzmann-Sturmfels count (a theorem for
generic generators) and brute-force determinants for general position.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import generator_matrices
from zonotope_oracles import region_vertices as _by_regions
from tropgeo._sweep import Sweep
from tropgeo._zonotope_sweep import iter_sweep_vertices
from tropgeo.zonotope import vertex_count_bound, zonotope


def _det(M):
    M = [list(r) for r in M]
    n = len(M)
    if n == 1:
        return M[0][0]
    return sum((-1) ** j * M[0][j] * _det([r[:j] + r[j + 1:] for r in M[1:]]) for j in range(n))


def _brute_general_position(D):
    r = len(D[0])
    return all(_det([D[i] for i in T]) != 0 for T in itertools.combinations(range(len(D)), r))


def general_position_vertices(D, G, s, chunk=1000):
    return np.concatenate(list(iter_sweep_vertices(D, G, s, chunk=chunk)), axis=0)


def _canonical(z):
    """Inputs of the kernel for a full-rank canonical zonotope (directions = generators)."""
    return [list(g) for g in z.generators], [list(g) for g in z.generators], list(z.shift)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_sweep_agrees_with_region_method(data):
    r = data.draw(st.integers(2, 5), label="rank")
    G = data.draw(generator_matrices(dim=r, min_generators=r + 1, max_generators=r + 5, min_value=-4, max_value=4))
    z = zonotope(G)
    if z.dim != r or z.n_generators <= r or any(isinstance(x, int) is False for g in z.generators for x in g):
        return
    D, Gi, s = _canonical(z)
    got = sorted(map(tuple, general_position_vertices(D, Gi, s).tolist()))
    assert got == _by_regions(D, Gi, s)
    assert len(got) == len(set(got))
    if _brute_general_position(D):
        assert len(got) == vertex_count_bound(len(D), r)
        Sweep(D, Gi, s).deep_levels()  # the general-position levels never decline such input


def _generic(r, m, seed, scale=1000):
    rnd = random.Random(seed)
    D = []
    while len(D) < m:
        g = [rnd.randint(-scale, scale) for _ in range(r)]
        first = next((x for x in g if x), 0)
        if first:
            D.append(g if first > 0 else [-x for x in g])
    assert _brute_general_position(D)
    return D


@pytest.mark.parametrize("r,m", [(2, 7), (3, 9), (4, 9), (5, 8)])
def test_generic_count_and_agreement(r, m):
    D = _generic(r, m, seed=r * 100 + m)
    s = list(range(r))
    V = general_position_vertices(D, D, s)
    got = sorted(map(tuple, V.tolist()))
    assert len(got) == vertex_count_bound(m, r)
    assert got == _by_regions(D, D, s)


def test_streaming_equals_batch_for_any_chunk():
    D = _generic(3, 12, seed=5)
    whole = sorted(map(tuple, general_position_vertices(D, D, [0, 0, 0]).tolist()))
    for chunk in (1, 7, 1000):
        it = iter_sweep_vertices(D, D, [0, 0, 0], chunk=chunk)
        assert sorted(tuple(v) for ch in it for v in ch.tolist()) == whole


def test_not_general_position_is_handled_by_the_kernel():
    # four directions in a plane of R^3 (x3 = x1 + x2) plus a fifth: dependent triples
    D = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [1, -1, 0], [0, 0, 1]]
    assert not _brute_general_position(D)
    got = sorted(map(tuple, general_position_vertices(D, D, [0, 0, 0]).tolist()))
    assert got == _by_regions(D, D, [0, 0, 0])


def test_huge_entries_take_python_integers_and_agree():
    # |entries|^r > 2^62: the object-array path; scaling directions by a positive constant
    # changes nothing, scaling generators scales the vertices.
    D = _generic(3, 8, seed=11, scale=20)
    big = 10**17 + 3
    Db = [[big * x for x in g] for g in D]
    V = general_position_vertices(D, D, [0, 0, 0])
    Vb = general_position_vertices(Db, Db, [0, 0, 0])
    assert Vb.dtype == object
    assert sorted(map(tuple, Vb.tolist())) == sorted(tuple(big * x for x in v) for v in V.tolist())


def test_zonotope_uses_the_sweep_and_matches_general_method(monkeypatch):
    import sys
    zmod = sys.modules["tropgeo.zonotope"]
    D = _generic(4, 10, seed=3)
    fast = zonotope(D, shift=[1, -2, 3, 0]).vertices
    monkeypatch.setattr(zmod, "SWEEP_MAX_RANK", 0)
    slow = zonotope(D, shift=[1, -2, 3, 0]).vertices
    assert fast == slow and len(fast) == vertex_count_bound(10, 4)
