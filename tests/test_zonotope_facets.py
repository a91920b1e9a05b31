"""Zonotope facets from the generators, checked against cddlib's exact hull of the vertices."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tropgeo import InvalidInputError, SizeLimitError, convex_hull, zonotope
from tropgeo.zonotope_facets import facet_count_bound, zonotope_h_representation

from strategies import generator_matrices, integer_points, rational_generator_matrices, rational_points


def _same_as_hull(z):
    P = convex_hull(z.vertices, max_work=None)
    assert (z.equations, z.inequalities) == (P.equations, P.inequalities)
    assert z.n_facets == P.n_facets


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(generator_matrices(dim=n, max_generators=6), integer_points(dim=n))))
def test_h_representation_equals_the_hull_of_the_vertices(data):
    G, shift = data
    _same_as_hull(zonotope(G, shift=shift, ambient_dim=len(shift)))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(rational_generator_matrices(dim=n, max_generators=5), rational_points(dim=n))))
def test_rational_generators_and_shift(data):
    G, shift = data
    _same_as_hull(zonotope(G, shift=shift, ambient_dim=len(shift)))


@pytest.mark.parametrize("n, L", [(2, 7), (3, 10), (4, 8), (5, 7)])
def test_generic_generators_meet_the_facet_bound(n, L):
    rnd = random.Random(100 * n + L)
    G = [[rnd.randint(-10**6, 10**6) for _ in range(n)] for _ in range(L)]
    z = zonotope(G)
    assert z.n_facets == facet_count_bound(L, n) == 2 * math.comb(L, n - 1)
    if n <= 4:
        _same_as_hull(z)


def test_known_answers():
    cube = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert cube.n_facets == 6 and cube.equations == ()
    # the permutohedron of order 4 (generators e_i - e_j) lies in x1+..+x4 = 6 with 14 facets
    gens = [[int(k == i) - int(k == j) for k in range(4)] for i in range(4) for j in range(i + 1, 4)]
    perm = zonotope(gens, shift=[0, 1, 2, 3])
    assert len(perm.equations) == 1 and perm.n_facets == 14
    _same_as_hull(perm)
    point = zonotope([], shift=[1, 2], ambient_dim=2)
    assert point.n_facets == 0 and len(point.equations) == 2


def test_size_guard_and_bad_input():
    z = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, 2, 3]])
    with pytest.raises(SizeLimitError, match=r"up to 20 facets .*max_facets=19"):
        zonotope_h_representation(z, max_facets=19)
    assert len(zonotope_h_representation(z, max_facets=20)[1]) == 20
    with pytest.raises(InvalidInputError, match="z must be a tropgeo.Zonotope"):
        zonotope_h_representation(convex_hull([(0, 0), (1, 1)]))
    for bad in (-1, 1.5, True):
        with pytest.raises(InvalidInputError, match="max_facets"):
            zonotope_h_representation(z, max_facets=bad)
    with pytest.raises(InvalidInputError, match="rank=3 cannot exceed"):
        facet_count_bound(2, 3)


def test_limits_take_numpy_integers():
    import numpy as np

    assert facet_count_bound(np.int64(10), np.int64(3)) == facet_count_bound(10, 3) == 90
    z = zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
    assert len(zonotope_h_representation(z, max_facets=np.int64(12))[1]) == 12
    for bad in (True, 10.0, np.float64(10), -1):
        with pytest.raises(InvalidInputError, match="n_generators"):
            facet_count_bound(bad, 1)
        with pytest.raises(InvalidInputError, match="max_facets"):
            zonotope_h_representation(z, max_facets=bad)


def test_work_estimate_refuses_slow_high_rank_cases_at_once():
    # 25 generic generators in R^20: 354 200 facets (under max_facets) but C(25, 19) subsets
    # of 20 Bareiss determinants each, about 30 min; refused before any work
    import time

    from tropgeo.zonotope_facets import DEFAULT_MAX_FACET_WORK, facet_work_estimate

    rnd = random.Random(1)
    z = zonotope([[rnd.randint(-1000, 1000) for _ in range(20)] for _ in range(25)])
    assert facet_count_bound(25, 20) < 10**6
    work = facet_work_estimate(25, 20, 20)
    assert work == math.comb(25, 19) * (20**4 + 25 * 20) > DEFAULT_MAX_FACET_WORK
    start = time.perf_counter()
    for get in (lambda: z.n_facets, lambda: z.inequalities, lambda: z.equations,
                lambda: zonotope_h_representation(z, max_facets=10**7)):
        with pytest.raises(SizeLimitError, match=f"estimated {work} work units.*max_work={DEFAULT_MAX_FACET_WORK};"):
            get()
    assert time.perf_counter() - start < 1
    with pytest.raises(SizeLimitError, match="max_work=557;"):
        zonotope_h_representation(zonotope([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]), max_work=557)
    with pytest.raises(InvalidInputError, match="max_work"):
        zonotope_h_representation(z, max_work=-1)


def test_work_estimate_allows_medium_cases_and_none_lifts_it():
    from tropgeo.zonotope_facets import facet_work_estimate

    rnd = random.Random(2)
    G = [[rnd.randint(-1000, 1000) for _ in range(7)] for _ in range(9)]
    z = zonotope(G)
    work = facet_work_estimate(9, 7, 7)
    assert zonotope_h_representation(z, max_work=work) == zonotope_h_representation(z, max_work=None)
    assert z.n_facets == facet_count_bound(9, 7)
    # 18 generic generators in R^4: 1632 facets within the default limit
    z4 = zonotope([[rnd.randint(-1000, 1000) for _ in range(4)] for _ in range(18)])
    assert z4.n_facets == facet_count_bound(18, 4) == 1632
