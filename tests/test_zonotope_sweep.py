"""Tests of tropgeo._zonotope_sweep, the top-vertex sweep for generators of rank 2 to 5 in
general position or not.

Independent routes: the region method of tropgeo._arrangement (the sign vectors of all
regions, collected in a set), cdd's exact hull (tropgeo.convex_hull) of all 2^L subset sums,
and Zaslavsky's count of the regions of a central arrangement of rank 3,
``2 + 2 sum_X (t_X - 1)`` over its lines ``X`` (``t_X`` the hyperplanes through ``X``).
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tropgeo import convex_hull, zonotope
from zonotope_oracles import region_vertices
from tropgeo._sweep import NotGeneral, Sweep
from tropgeo._zonotope_sweep import _regions_below, _sectors_below, iter_sweep_vertices


def _kernel_input(z):
    """Directions on pivot columns, generator and shift numerators of a canonical zonotope."""
    dirs = [[d[j] for j in z._rank_pivots[1]] for d in z.__dict__["_directions"]]
    _, G, s = z._integer_data()
    return dirs, G, s


def _swept(dirs, G, s, chunk=20000):
    """All rows the sweep yields, with repetitions, sorted."""
    return sorted(tuple(row) for V in iter_sweep_vertices(dirs, G, s, chunk=chunk) for row in V.tolist())


def _by_regions(dirs, G, s):
    return sorted(set(region_vertices(dirs, G, s)))


def zaslavsky_rank3(D):
    """Regions of the central arrangement of the pairwise non-parallel rows of ``D`` (rank 3):
    ``2 + 2 sum_X (t_X - 1) = 2 + 4 sum_{pairs} 1 / t`` (a line through ``t`` hyperplanes is
    met by ``C(t, 2)`` pairs)."""
    A = np.array(D, dtype=np.int64)
    total = Fraction(0)
    for i in range(len(A) - 1):
        U = np.cross(A[i], A[i + 1 :])
        t = ((U @ A.T) == 0).sum(axis=1)
        for value, count in zip(*np.unique(t, return_counts=True)):
            total += Fraction(int(count), int(value))
    return 2 + 4 * total


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_sweep_equals_region_method_on_degenerate_input(data):
    # small entries: dependent triples, coplanar quadruples and lines through many
    # hyperplanes are the rule, in every rank the sweep takes
    r = data.draw(st.integers(2, 5), label="rank")
    n = data.draw(st.integers(r, r + 1), label="n")
    rows = data.draw(st.lists(st.lists(st.integers(-2, 2), min_size=n, max_size=n), min_size=r + 1, max_size=r + 7))
    shift = data.draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    z = zonotope(rows, shift=shift)
    if not z.n_generators > z.dim >= 2:
        return
    dirs, G, s = _kernel_input(z)
    assert _swept(dirs, G, s) == _by_regions(dirs, G, s)  # each vertex exactly once


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-2, 2), min_size=3, max_size=3), min_size=4, max_size=7))
def test_sweep_equals_the_hull_of_all_subset_sums(rows):
    z = zonotope(rows)
    if not z.n_generators > z.dim >= 2:
        return
    sums = [tuple(sum(g[j] for g, b in zip(z.generators, bits) if b) + z.shift[j] for j in range(3))
            for bits in itertools.product((0, 1), repeat=z.n_generators)]
    expected = convex_hull(sums).vertices
    dirs, G, s = _kernel_input(z)
    got = _swept(dirs, G, s)
    assert len(got) == len(expected)
    assert sorted(tuple(v[j] for j in z._rank_pivots[1]) for v in expected) == sorted(
        tuple(v[j] for j in z._rank_pivots[1]) for v in got
    )


def test_strips_take_the_lines_at_infinity():
    # f_1 = (0, 0, 1): (1, 0, 0) and (1, 0, 1) restrict to one line on {f_1 = 0}, so the chart
    # has a strip between two parallel lines, which the deeper charts cannot see; (0, 1, 0)
    # lies in that plane too: the line u = (0, 1, 0) at infinity has three hyperplanes.
    D = [[1, 0, 0], [0, 1, 0], [1, 0, 1], [0, 0, 1]]
    with pytest.raises(NotGeneral):
        Sweep(D, D, [0, 0, 0]).deep_levels()
    assert _swept(D, D, [0, 0, 0]) == _by_regions(D, D, [0, 0, 0])
    # rank 4: a pencil of three hyperplanes through a plane inside {f_1 = 0}
    D4 = [[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [1, 0, 1, 1], [0, 0, 0, 1]]
    with pytest.raises(NotGeneral):
        Sweep(D4, D4, [0] * 4).deep_levels()
    assert _swept(D4, D4, [0] * 4) == _by_regions(D4, D4, [0] * 4)


@pytest.mark.parametrize("R, L", [(4, 150), (50, 120)])
def test_rank3_count_is_zaslavskys_and_nothing_repeats(R, L):
    rnd = random.Random(R + L)
    z = zonotope([[rnd.randint(-R, R) for _ in range(3)] for _ in range(L)])
    dirs, G, s = _kernel_input(z)
    got = _swept(dirs, G, s, chunk=500)
    assert len(got) == len(set(got)) == zaslavsky_rank3(z.generators)
    if R == 4:  # heavily degenerate: below the generic count
        assert len(got) < z.vertex_count_estimate()


def test_zaslavsky_helper_on_known_arrangements():
    assert zaslavsky_rank3([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) == 8  # the cube
    assert zaslavsky_rank3([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]]) == 12  # hexagonal prism


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_sectors_below_equal_the_region_method(data):
    B: list[list[int]] = []
    for b in data.draw(st.lists(st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=1, max_size=7)):
        if b != (0, 0) and all(b[0] * c[1] != b[1] * c[0] for c in B):
            B.append(list(b))
    g = data.draw(st.tuples(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9)))
    if not B or g == (0, 0) or any(g[0] * c[1] == g[1] * c[0] for c in B):
        return
    below = _sectors_below(B, list(g))
    assert len(below) == len(B) - 1
    assert sorted(below) == sorted(_regions_below(B, list(g)))


def test_huge_entries_take_python_integers():
    big = 2**40
    rows = [[big, 0, 1], [0, big, 0], [big, big, 1], [1, 2, 3], [2, 4, 6 + big], [0, 0, 1]]
    z = zonotope(rows)
    dirs, G, s = _kernel_input(z)
    assert _swept(dirs, G, s) == _by_regions(dirs, G, s)
