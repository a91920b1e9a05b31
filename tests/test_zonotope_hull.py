"""Tests of tropgeo.zonotope_hull against the exact general hull (cdd) of all vertices."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import generator_matrices, integer_points, rational_generator_matrices, rational_points
from tropgeo import convex_hull, zonotope
from tropgeo.errors import InvalidInputError, SizeLimitError
from tropgeo.zonotope_hull import convex_hull_of_zonotopes


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_equals_the_general_hull_integer(data):
    n = data.draw(st.integers(1, 4), label="n")
    z1 = zonotope(data.draw(generator_matrices(dim=n, max_generators=6)), shift=data.draw(integer_points(dim=n)))
    z2 = zonotope(data.draw(generator_matrices(dim=n, max_generators=6)), shift=data.draw(integer_points(dim=n)))
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_equals_the_general_hull_rational(data):
    n = data.draw(st.integers(2, 3), label="n")
    z1 = zonotope(data.draw(rational_generator_matrices(dim=n, max_generators=5)), shift=data.draw(rational_points(dim=n)))
    z2 = zonotope(data.draw(rational_generator_matrices(dim=n, max_generators=5)), shift=data.draw(rational_points(dim=n)))
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_theorem2_shape_common_directions(data):
    # Corollary 1's case: both zonotopes scale the same rows of A, with a common shift
    n = data.draw(st.integers(2, 4), label="n")
    A = data.draw(generator_matrices(dim=n, min_generators=n, max_generators=7))
    w1 = data.draw(st.lists(st.integers(0, 3), min_size=len(A), max_size=len(A)))
    w2 = data.draw(st.lists(st.integers(0, 3), min_size=len(A), max_size=len(A)))
    shift = data.draw(integer_points(dim=n))
    z1 = zonotope([[w * x for x in a] for w, a in zip(w1, A)], shift=shift, ambient_dim=n)
    z2 = zonotope([[w * x for x in a] for w, a in zip(w2, A)], shift=shift, ambient_dim=n)
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


def test_generic_large_case_and_one_zonotope():
    rnd = random.Random(4)
    G1 = [[rnd.randint(-50, 50) for _ in range(3)] for _ in range(14)]
    G2 = [[rnd.randint(-50, 50) for _ in range(3)] for _ in range(11)]
    z1, z2 = zonotope(G1), zonotope(G2, shift=[5, -7, 3])
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)
    assert convex_hull_of_zonotopes(z1).vertices == z1.vertices


def test_huge_entries_take_python_integers():
    big = 10**15 + 7
    z1 = zonotope([[big, 0, 1], [0, big, 2], [1, 1, big], [3, -big, 5]])
    z2 = zonotope([[big, big, 0], [2, 0, big]], shift=[-big, 3, Fraction(1, 3)])
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


def test_degenerate_many_generators_in_a_plane():
    # seven generators in the plane x3 = 0 plus one out of it: lines through many hyperplanes
    z1 = zonotope([[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0], [2, 1, 0], [1, 2, 0], [3, -1, 0], [0, 0, 1]])
    z2 = zonotope([[1, 1, 1], [2, -1, 0]], shift=[1, 1, -1])
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


def test_bad_input():
    z2, z3 = zonotope([[1, 0]]), zonotope([[1, 0, 0]])
    with pytest.raises(InvalidInputError, match="one or two zonotopes"):
        convex_hull_of_zonotopes()
    with pytest.raises(InvalidInputError, match="one or two zonotopes"):
        convex_hull_of_zonotopes(z2, z2, z2)
    with pytest.raises(InvalidInputError, match=r"zonotopes\[1\] lives in R\^3"):
        convex_hull_of_zonotopes(z2, z3)
    with pytest.raises(InvalidInputError, match=r"zonotopes\[0\] must be a Zonotope"):
        convex_hull_of_zonotopes([[1, 0]], z2)
    many = zonotope([[1, k, k * k] for k in range(40)])
    with pytest.raises(SizeLimitError, match="780 lines"):
        # (not many with itself: a translate pair is a zonotope, no arrangement is needed)
        convex_hull_of_zonotopes(many, zonotope(many.generators[:-1]), max_lines=100)


@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-(2**40), 2**40), st.integers(-3, 3)), min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_distinct_rows_packed_keys_match_a_set(rows):
    """The packed-key deduplication (and its set fallback for wide spans and Python ints)
    returns exactly the distinct rows, as Python ints."""
    import numpy as np

    from tropgeo.zonotope_hull import _distinct_rows

    expected = set(rows)
    for X in (np.array(rows, dtype=np.int64), np.array(rows, dtype=object)):
        got = _distinct_rows(X)
        assert len(got) == len(expected) and set(got) == expected
        assert all(type(x) is int for row in got for x in row)


def test_distinct_rows_wide_span_falls_back_to_a_set():
    import numpy as np

    from tropgeo.zonotope_hull import _distinct_rows

    big = 2**40
    X = np.array([[big, -big, 1], [-big, big, 2], [big, -big, 1], [0, 0, 0]], dtype=np.int64)
    assert sorted(_distinct_rows(X)) == [(-big, big, 2), (0, 0, 0), (big, -big, 1)]


def test_generators_that_do_not_span_take_no_general_hull(monkeypatch):
    # rank 12 < n = 13: computed in the affine hull (12 pivot coordinates) by the rays
    # method and lifted back, never by the general hull of all 128 vertices.
    from tropgeo import _cdd

    rng = random.Random(4)

    def gens():
        return [[rng.randint(-2, 2) for _ in range(12)] + [0] for _ in range(6)]

    z1, z2 = zonotope(gens()), zonotope(gens(), shift=[1] * 12 + [0])
    monkeypatch.setattr(_cdd, "vertex_indices", _no_general_hull)
    P = convex_hull_of_zonotopes(z1, z2)
    monkeypatch.undo()
    points = sorted(set(z1.vertices + z2.vertices))
    assert (P.n_vertices, P.dim) == (128, 12)
    assert P.vertices == tuple(points[i] for i in _cdd.vertex_indices(points, max_filter_facets=0))


def _no_general_hull(*args, **kwargs):
    raise AssertionError("the general hull (cdd's redundancy removal) was called")


def test_cube_and_segment_in_R13_known_answer(monkeypatch):
    # 12 + 1 generators that do not span R^13 (issue 3: minutes through the general hull).
    # conv([0,1]^12 x {0} ∪ [-1, 0]) has every cube vertex but 0 (the midpoint of -1 and 1),
    # and -1.
    from tropgeo import _cdd

    n = 13
    cube = zonotope([[int(i == j) for j in range(n)] for i in range(n - 1)])
    segment = zonotope([[1] * (n - 1) + [0]], shift=[-1] * (n - 1) + [0])
    monkeypatch.setattr(_cdd, "vertex_indices", _no_general_hull)
    P = convex_hull_of_zonotopes(cube, segment)
    expected = sorted([v for v in cube.vertices if any(v)] + [tuple([-1] * (n - 1) + [0])])
    assert P.vertices == tuple(expected) and P.n_vertices == 4096


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_lower_dimensional_unions_equal_the_general_hull(data):
    """Generators in a random subspace of R^n (n <= 5), shifts on or off its translate:
    the projected rays method against cdd's hull of all vertices."""
    n = data.draw(st.integers(2, 5), label="n")
    k = data.draw(st.integers(0, n - 1), label="subspace dimension")
    basis = data.draw(generator_matrices(dim=n, min_generators=k, max_generators=k), label="basis")
    def combos():
        return st.lists(st.lists(st.integers(-2, 2), min_size=k, max_size=k), max_size=5)

    def span(coeffs):
        return [[sum(c * b[j] for c, b in zip(row, basis)) for j in range(n)] for row in coeffs]

    s1 = data.draw(integer_points(dim=n), label="s1")
    off = data.draw(st.booleans(), label="shift off the subspace")
    s2 = data.draw(integer_points(dim=n), label="s2") if off else [
        a + b for a, b in zip(s1, (span([data.draw(st.lists(st.integers(-2, 2), min_size=k, max_size=k))]) or [[0] * n])[0])
    ]
    z1 = zonotope(span(data.draw(combos())), shift=s1, ambient_dim=n)
    z2 = zonotope(span(data.draw(combos())), shift=s2, ambient_dim=n)
    assert convex_hull_of_zonotopes(z1, z2) == convex_hull(z1.vertices + z2.vertices)


def test_tied_faces_are_hulls_of_zonotopes_not_general_hulls(monkeypatch):
    # Two zonotopes sharing the facet x3 = 1 (a 10-gon and a 12-gon there): the tie at
    # u = e3 is their hull in the plane, by the same method one dimension down.
    from tropgeo import _cdd

    planar = [[1, 0, 0], [0, 1, 0], [1, 1, 0], [1, -1, 0], [2, 1, 0], [1, 2, 0]]
    z1 = zonotope(planar[:5] + [[0, 0, 1]], shift=[0, 0, 0])
    z2 = zonotope(planar, shift=[1, -1, 1])
    expected = convex_hull(z1.vertices + z2.vertices)
    monkeypatch.setattr(_cdd, "vertex_indices", _no_general_hull)
    assert convex_hull_of_zonotopes(z1, z2) == expected


def test_work_guard_reports_the_estimate_and_how_to_raise_it():
    z1 = zonotope([[int(i == j) for j in range(8)] for i in range(8)])
    z2 = zonotope([[1] * 8], shift=[-1] * 8)
    # 9 directions in R^8: C(9, 7) = 36 lines, each with up to 2 x 2^7 corners of 8 entries
    with pytest.raises(SizeLimitError, match=r"73728 .*max_work=1000; pass max_work="):
        convex_hull_of_zonotopes(z1, z2, max_work=1000)
    P = convex_hull_of_zonotopes(z1, z2, max_work=73728)
    assert P == convex_hull_of_zonotopes(z1, z2, max_work=None)
    assert P.n_vertices == 256  # the cube's 255 nonzero corners and -1 (0 is interior)
    for bad in (0, 2.5, True):
        with pytest.raises(InvalidInputError, match="max_work"):
            convex_hull_of_zonotopes(z1, z2, max_work=bad)


def test_max_lines_takes_numpy_integers():
    import numpy as np

    z1, z2 = zonotope([[1, 0], [0, 1]]), zonotope([[1, 1]], shift=[-1, -1])
    assert convex_hull_of_zonotopes(z1, z2, max_lines=np.int64(5)) == convex_hull(z1.vertices + z2.vertices)
    for bad in (True, 5.0, 0):
        with pytest.raises(InvalidInputError, match="max_lines"):
            convex_hull_of_zonotopes(z1, z2, max_lines=bad)


def test_corners_merged_along_the_way_give_the_same_hull(monkeypatch):
    # the parallelepiped corners are deduplicated whenever they pile up past _MERGE_ROWS
    from tropgeo import zonotope_hull

    rnd = random.Random(11)
    z1 = zonotope([[rnd.randint(-9, 9) for _ in range(4)] for _ in range(9)])
    z2 = zonotope([[rnd.randint(-9, 9) for _ in range(4)] for _ in range(7)], shift=[3, -2, 1, 0])
    expected = convex_hull(z1.vertices + z2.vertices)
    monkeypatch.setattr(zonotope_hull, "_CHUNK", 7)
    monkeypatch.setattr(zonotope_hull, "_MERGE_ROWS", 50)
    assert convex_hull_of_zonotopes(z1, z2) == expected


def test_identical_and_translated_zonotopes_are_fast_and_exact():
    # every ray ties for equal zonotopes, and each tie used to be a hull a dimension down:
    # 50 s for 200 generators in R^3; now the hull of a translate pair is Z_1 + [0, t]
    import random
    import time

    from tropgeo import convex_hull, zonotope

    rnd = random.Random(0)
    big = zonotope([[rnd.randint(-1000, 1000) for _ in range(3)] for _ in range(200)])
    start = time.perf_counter()
    assert convex_hull_of_zonotopes(big, big).vertices == big.vertices
    assert time.perf_counter() - start < 5
    z = zonotope([[rnd.randint(-1000, 1000) for _ in range(4)] for _ in range(7)], shift=[1, 0, 0, 0])
    assert convex_hull_of_zonotopes(z, z) == convex_hull(z.vertices)
    moved = zonotope(z.generators, shift=[Fraction(1, 2), 2, -3, 4])
    assert convex_hull_of_zonotopes(z, moved) == convex_hull(z.vertices + moved.vertices, max_work=None)


def test_tied_faces_count_in_max_work():
    # A + g and A + h tie on many rays with faces that are not translates: their hulls are
    # part of the work and the message says so
    import random

    from tropgeo import convex_hull, zonotope
    from tropgeo.zonotope_hull import _work

    rnd = random.Random(3)
    A = [[rnd.randint(-9, 9) for _ in range(3)] for _ in range(6)]
    z1, z2 = zonotope(A + [[1, 0, 0]]), zonotope(A + [[0, 1, 0]])
    top = _work(8, 3)
    with pytest.raises(SizeLimitError, match=r"20 tied faces whose hulls need about 224 more integer "
                                             r"entries: about 896 in all, more than max_work=672;"):
        convex_hull_of_zonotopes(z1, z2, max_work=top)
    P = convex_hull_of_zonotopes(z1, z2, max_work=896)
    assert P == convex_hull(z1.vertices + z2.vertices, max_work=None)
