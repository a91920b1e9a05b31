"""Tests of tropgeo.subdivision: upper hulls and regular (dual) subdivisions."""

from __future__ import annotations

import pathlib
import random
import subprocess
import sys
import textwrap
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from strategies import lifted_point_sets, rationals
from tropgeo.errors import InexactInputError, InvalidInputError
from tropgeo.polytope import affine_dimension, convex_hull
from tropgeo.subdivision import Subdivision, regular_subdivision, upper_hull_vertices


def cells_of(S):
    return {frozenset(c) for c in S.cells}


def fs(*cells):
    return frozenset(frozenset(c) for c in cells)


def area(points):
    """Exact area of the convex hull of 2-D points (monotone chain + shoelace)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return 0

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def chain(seq):
        out = []
        for p in seq:
            while len(out) >= 2 and cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    hull = chain(pts) + chain(pts[::-1])
    twice = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(hull, hull[1:] + hull[:1]))
    return Fraction(abs(twice), 2)


# --- known answers ---------------------------------------------------------------


def test_paper_first_example_one_triangle():
    # f = x (+) y (+) 0: no biases, the upper hull is the whole triangle (Section 2).
    S = regular_subdivision([(1, 0), (0, 1), (0, 0)], [0, 0, 0])
    assert S.cells == fs([(1, 0), (0, 1), (0, 0)]) and S.n_cells == 1 and S.dim == 2
    assert S.upper_vertices == ((0, 0, 0), (0, 1, 0), (1, 0, 0))


def test_paper_appendix_example():
    # Appendix Section 9: P(f) = ConvHull{(2,0,-1), (1,1,1), (1,0,0), (0,2,1), (0,1,1), (0,0,0)}.
    # The paper lists 4 upper faces:
    #   {(0,2),(1,1),(0,1)}, {(0,1),(1,1),(1,0)}, {(0,1),(1,0),(0,0)}, {(1,1),(2,0),(1,0)}.
    # Exactly, (0,0,0), (0,1,1), (1,0,0), (1,1,1) all lie on the plane h = y (an
    # upper supporting plane: (0,2,1) and (2,0,-1) are strictly below it), so the
    # paper's two middle triangles are one square cell.  The exact answer wins:
    # 3 maximal cells, the paper's list is a triangulation refining it.
    pts = [(2, 0), (1, 1), (1, 0), (0, 2), (0, 1), (0, 0)]
    hs = [-1, 1, 0, 1, 1, 0]
    S = regular_subdivision(pts, hs)
    assert S.cells == fs(
        [(0, 2), (1, 1), (0, 1)],
        [(0, 0), (0, 1), (1, 0), (1, 1)],
        [(1, 1), (2, 0), (1, 0)],
    )
    paper = [{(0, 1), (1, 1), (1, 0)}, {(0, 1), (1, 0), (0, 0)}]
    assert paper[0] | paper[1] in S.cells  # the two listed triangles merge
    assert upper_hull_vertices(pts, hs) == (0, 1, 2, 3, 4, 5)
    G = S.graph()
    assert G.number_of_edges() == 2 and G.degree(frozenset(paper[0] | paper[1])) == 2


def test_conic_unimodular_triangulation():
    # h = -(x^2 + xy + y^2) on the lattice points of 2*simplex: by hand, the
    # planes h = -x-y, 1-2x-2y, 2-3x-2y, 2-2x-3y support the four unit triangles.
    pts = [(i, j) for i in range(3) for j in range(3 - i)]
    S = regular_subdivision(pts, [-(x * x + x * y + y * y) for x, y in pts])
    assert S.cells == fs(
        [(0, 0), (1, 0), (0, 1)],
        [(1, 0), (0, 1), (1, 1)],
        [(1, 0), (2, 0), (1, 1)],
        [(0, 1), (1, 1), (0, 2)],
    )
    G = S.graph()
    assert G.number_of_edges() == 3 and G.degree(frozenset({(1, 0), (0, 1), (1, 1)})) == 3


@pytest.mark.parametrize(
    "heights, cells",
    [
        ((0, 0, 0, 0), [[(0, 0), (1, 0), (0, 1), (1, 1)]]),
        ((0, 0, 0, 1), [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]),
        ((0, 0, 1, 0), [[(0, 0), (1, 0), (0, 1)], [(1, 0), (0, 1), (1, 1)]]),
        ((0, 0, 0, -1), [[(0, 0), (1, 0), (0, 1)], [(1, 0), (0, 1), (1, 1)]]),  # fold the other way
        ((1, 0, 0, 1), [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]),
        ((0, 1, 0, 1), [[(0, 0), (1, 0), (0, 1), (1, 1)]]),  # heights affine (h = x)
    ],
)
def test_square_by_hand(heights, cells):
    pts = [(0, 0), (1, 0), (0, 1), (1, 1)]
    S = regular_subdivision(pts, heights)
    assert S.cells == fs(*cells)


def test_one_dimensional_and_lower_dimensional():
    S = regular_subdivision([(0,), (1,), (2,), (3,)], [0, 1, 1, 0])
    assert S.cells == fs([(0,), (1,)], [(1,), (2,)], [(2,), (3,)]) and S.dim == 1
    # Collinear points in R^2 behave like the 1-D case.
    T = regular_subdivision([(0, 0), (1, 1), (2, 2), (3, 3)], [0, 1, 1, 0])
    assert T.cells == fs([(0, 0), (1, 1)], [(1, 1), (2, 2)], [(2, 2), (3, 3)]) and T.dim == 1
    assert T.graph().number_of_edges() == 2
    # Concave-down interior point drops out.
    assert regular_subdivision([(0,), (1,), (2,)], [0, -1, 0]).cells == fs([(0,), (2,)])


def test_single_point_and_repeated_points():
    S = regular_subdivision([(3, 3), (3, 3)], [2, 5])
    assert S.cells == fs([(3, 3)]) and S.dim == 0 and S.heights == (5,)
    assert S.upper_vertices == ((3, 3, 5),)
    assert upper_hull_vertices([(3, 3), (3, 3), (3, 3)], [2, 5, 5]) == (1,)


def test_equality_is_mathematical():
    a = regular_subdivision([(0,), (1,), (2,)], [0, 1, 0])
    b = regular_subdivision([(2,), (1,), (0,)], [7, 9, 9])  # different heights, same cells
    assert a == b and hash(a) == hash(b)
    assert a.upper_vertices != b.upper_vertices
    assert a != regular_subdivision([(0,), (1,), (2,)], [0, -1, 0])
    assert "cells=[((0,), (1,)), ((1,), (2,))]" in repr(a)
    assert isinstance(a, Subdivision) and a.polytope == convex_hull([(0,), (2,)])


def test_bad_input():
    with pytest.raises(InexactInputError, match=r"heights\[1\]=0.5"):
        regular_subdivision([(0,), (1,)], [0, 0.5])
    with pytest.raises(InexactInputError, match=r"points\[0\]\[0\]"):
        upper_hull_vertices([(0.0,)], [0])
    with pytest.raises(InvalidInputError, match="heights has length 1 but there are 2 points"):
        regular_subdivision([(0,), (1,)], [0])
    with pytest.raises(InvalidInputError, match="at least one row"):
        regular_subdivision([], [])
    with pytest.raises(InvalidInputError, match="rectangular"):
        regular_subdivision([(0,), (1, 1)], [0, 0])
    with pytest.raises(InvalidInputError, match="d >= 1"):
        upper_hull_vertices([()], [0])
    with pytest.raises(InexactInputError):
        regular_subdivision([(0,)], [float("nan")])


# --- properties --------------------------------------------------------------------


@st.composite
def lifted(draw, *, exact_rationals=False, max_size=9):
    d = draw(st.integers(1, 3))
    return draw(lifted_point_sets(dim=d, max_size=max_size, exact_rationals=exact_rationals))


@given(lifted(exact_rationals=True))
def test_cells_and_upper_vertices(data):
    pts, hs = data
    S = regular_subdivision(pts, hs)
    uv = {q[:-1] for q in S.upper_vertices}
    assert all(c <= uv for c in S.cells)
    assert set().union(*S.cells) == uv
    assert all(affine_dimension(c) == S.dim for c in S.cells)
    assert S.dim == affine_dimension(pts)
    idx = upper_hull_vertices(pts, hs)
    assert {tuple(pts[i]) + (hs[i],) for i in idx} == set(S.upper_vertices)
    # Newton polytope vertices are always upper vertices
    assert set(S.polytope.vertices) <= uv


@given(lifted(), st.lists(rationals(min_value=-3, max_value=3), min_size=4, max_size=4))
@settings(max_examples=40)
def test_affine_change_of_heights_keeps_cells(data, coeffs):
    pts, hs = data
    c0, a = coeffs[0], coeffs[1:]
    shifted = [h + c0 + sum(x * y for x, y in zip(a, p)) for p, h in zip(pts, hs)]
    assert regular_subdivision(pts, shifted).cells == regular_subdivision(pts, hs).cells


@given(lifted(), st.data())
@settings(max_examples=40)
def test_points_below_the_upper_hull_change_nothing(data, draw):
    pts, hs = data
    S = regular_subdivision(pts, hs)
    i = draw.draw(st.integers(0, len(pts) - 1))
    # An existing point again with a lower height.
    T = regular_subdivision(pts + [pts[i]], hs + [hs[i] - 1])
    assert T.cells == S.cells and T.upper_vertices == S.upper_vertices
    # The barycentre of a cell, strictly below the cell's facet.
    cell = sorted(draw.draw(st.sampled_from(sorted(S.cells, key=sorted))))
    assume(len(cell) >= 2)
    height = dict(zip(S.points, S.heights))
    bary = tuple(Fraction(sum(p[k] for p in cell), len(cell)) for k in range(len(cell[0])))
    hbar = Fraction(sum(height[p] for p in cell), len(cell)) - Fraction(1, 3)
    U = regular_subdivision(list(S.points) + [bary], list(S.heights) + [hbar])
    assert U.cells == S.cells


@given(lifted_point_sets(dim=2, max_size=10, exact_rationals=True))
def test_cell_areas_add_up_in_2d(data):
    pts, hs = data
    S = regular_subdivision(pts, hs)
    assume(S.dim == 2)
    assert sum(area(c) for c in S.cells) == area(pts)
    assert nx.is_connected(S.graph())


@given(lifted_point_sets(dim=2, max_size=8))
@settings(max_examples=30)
def test_equal_heights_give_one_cell(data):
    pts, _ = data
    S = regular_subdivision(pts, [0] * len(pts))
    assert S.n_cells == 1
    assert set(next(iter(S.cells))) == set(S.polytope.vertices)


# --- the facet limit is checked before any large facet enumeration ---------------------------

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_max_facets_refuses_100_points_in_r16_quickly():
    # Before: the upper vertices came through the interior filter's facet enumeration of
    # 96 chosen points in R^17 (> 90 s), and only then was max_facets checked.  Run in a
    # fresh interpreter so that a regression fails (timeout) instead of stalling pytest.
    code = textwrap.dedent(
        """
        import random, time
        from tropgeo.errors import SizeLimitError
        from tropgeo.subdivision import regular_subdivision
        random.seed(3)
        pts = [tuple(random.randint(0, 2) for _ in range(16)) for _ in range(100)]
        hs = [random.randint(-5, 5) for _ in pts]
        t = time.perf_counter()
        try:
            regular_subdivision(pts, hs, max_facets=10)
        except SizeLimitError as e:
            print("refused" if "max_facets=10" in str(e) else e, time.perf_counter() - t)
        """
    )
    try:
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("regular_subdivision(..., max_facets=10) ran for 30 s instead of refusing")
    assert res.returncode == 0, res.stderr[-500:]
    verdict, seconds = res.stdout.split()
    assert verdict == "refused" and float(seconds) < 10


def test_upper_vertices_use_no_facet_enumeration_beyond_max_facets(monkeypatch):
    from tropgeo import _cdd
    from tropgeo.errors import SizeLimitError
    from tropgeo.polytope import max_facet_count

    sizes = []
    real = _cdd.h_representation

    def recording(points, rays=()):
        # conv(points) + cone(rays) spans aff(points) + span(rays)
        spanned = list(points) + [tuple(a + b for a, b in zip(points[0], r)) for r in rays]
        sizes.append(max_facet_count(len(points) + len(rays), affine_dimension(spanned)))
        return real(points, rays)

    monkeypatch.setattr(_cdd, "h_representation", recording)
    rng = random.Random(3)
    pts = [tuple(rng.randint(0, 2) for _ in range(8)) for _ in range(80)]
    hs = [rng.randint(-5, 5) for _ in pts]
    with pytest.raises(SizeLimitError, match="max_facets=10;"):
        regular_subdivision(pts, hs, max_facets=10)
    assert all(s <= 10 for s in sizes), sizes


def test_max_facets_takes_numpy_integers_only():
    S = regular_subdivision([(0,), (1,), (2,)], [0, 1, 0], max_facets=np.int64(10))
    assert S.n_cells == 2
    for bad in (True, 10.0, -1):
        with pytest.raises(InvalidInputError, match="max_facets"):
            regular_subdivision([(0,), (1,), (2,)], [0, 1, 0], max_facets=bad)
