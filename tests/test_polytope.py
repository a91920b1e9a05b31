"""Tests of tropgeo.polytope: exact convex hulls, H-representations, Minkowski sums."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import integer_points, point_sets
from tropgeo.errors import CheckFailedError, InexactInputError, InvalidInputError
from tropgeo.polytope import Polytope, affine_dimension, convex_hull, minkowski_sum


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def directions(dim):
    return st.lists(integer_points(dim=dim, min_value=-3, max_value=3), min_size=1, max_size=4)


def cube(n):
    return convex_hull(list(itertools.product([0, 1], repeat=n)))


def cross_polytope(n):
    return convex_hull([tuple(s if j == i else 0 for j in range(n)) for i in range(n) for s in (1, -1)])


# --- known answers (theorems) ------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_cube_counts(n):
    C = cube(n)
    assert C.n_vertices == 2**n and C.n_facets == 2 * n and C.dim == n
    C.self_check()


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_cross_polytope_counts(n):
    X = cross_polytope(n)
    assert X.n_vertices == 2 * n and X.n_facets == 2**n and X.dim == n
    assert set(X.inequalities) == {(1, *(-s for s in signs)) for signs in itertools.product([1, -1], repeat=n)}
    X.self_check()


def test_unit_square_with_interior_point():
    P = convex_hull([(0, 0), (1, 0), (0, 1), (1, 1), (Fraction(1, 2), Fraction(1, 2))])
    assert P.vertices == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert P.inequalities == ((0, 0, 1), (0, 1, 0), (1, -1, 0), (1, 0, -1))
    assert P.equations == ()


def test_segment_in_r3_is_one_dimensional():
    S = convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6), (1, 2, 3)])
    assert S.dim == 1 and S.ambient_dim == 3 and S.vertices == ((0, 0, 0), (2, 4, 6))
    assert len(S.equations) == 2 and S.n_facets == 2
    assert S.contains((Fraction(1, 2), 1, Fraction(3, 2))) and not S.contains((1, 2, 4))
    S.self_check()


def test_single_point():
    P = convex_hull([(Fraction(1, 3), -2), (Fraction(2, 6), -2)])
    assert P.vertices == ((Fraction(1, 3), -2),) and P.dim == 0 and P.n_facets == 0
    assert P.equations == ((-1, 3, 0), (2, 0, 1))
    assert P.contains((Fraction(1, 3), -2)) and not P.contains((0, -2))
    P.self_check()


def test_triangle_with_rational_vertices_is_canonical():
    P = convex_hull([(Fraction(2, 2), 0), (0, Fraction(1, 2)), (0, 0), (Fraction(1, 4), Fraction(1, 8))])
    assert P.vertices == ((0, 0), (0, Fraction(1, 2)), (1, 0))
    assert all(type(x) is int for v in P.vertices[2:] for x in v)
    assert P.inequalities == ((0, 0, 1), (0, 1, 0), (1, -1, -2))


def test_lower_dimensional_facets_are_reduced_modulo_equations():
    # A triangle in the plane z = x + 1 of R^3: facets must not mention x (the pivot).
    P = convex_hull([(0, 0, 1), (1, 0, 2), (0, 1, 1)])
    assert P.equations == ((1, 1, 0, -1),)
    assert all(r[1] == 0 for r in P.inequalities) and P.n_facets == 3
    P.self_check()


def test_support_and_face():
    P = convex_hull([(0, 0), (2, 0), (0, 3)])
    assert P.support((1, 1)) == 3 and P.support((Fraction(1, 2), 0)) == 1
    assert type(P.support((Fraction(1, 2), 0))) is int
    assert P.face((0, 0)) == P
    assert P.face((1, 1)) == Polytope(((0, 3),))
    assert P.face((-1, 0)) == convex_hull([(0, 0), (0, 3)])


def test_equality_hash_and_repr():
    a = convex_hull([(1, 0), (0, 0), (0, 1)])
    b = convex_hull([(0, 1), (Fraction(1, 3), Fraction(1, 3)), (0, 0), (1, 0)])
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != convex_hull([(0, 0), (1, 0)])
    assert repr(a) == "Polytope(vertices=((0, 0), (0, 1), (1, 0)))"
    with pytest.raises(Exception):
        a.vertices = ()  # frozen


def test_minkowski_sum_known():
    sq = minkowski_sum(convex_hull([(0, 0), (1, 0)]), convex_hull([(0, 0), (0, 1)]))
    assert sq == cube(2)
    hexagon = minkowski_sum(sq, convex_hull([(0, 0), (1, 1)]))
    assert hexagon.n_vertices == 6
    assert minkowski_sum(sq, convex_hull([(5, 5)])) == convex_hull([(5, 5), (6, 5), (5, 6), (6, 6)])


def test_self_check_detects_a_wrong_vertex_list():
    # Constructed directly (bypassing convex_hull), the midpoint is not a vertex.
    bogus = Polytope(((0, 0), (1, 1), (2, 2)))
    with pytest.raises(CheckFailedError):
        bogus.self_check()


def test_affine_dimension():
    assert affine_dimension([]) == -1
    assert affine_dimension([(1, 1, 1)]) == 0
    assert affine_dimension([(0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0)]) == 2
    assert affine_dimension([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, Fraction(1, 7))]) == 3


# --- bad input -----------------------------------------------------------------


def test_float_is_refused_and_named():
    with pytest.raises(InexactInputError, match=r"points\[1\]\[0\]=0.5"):
        convex_hull([(0, 0), (0.5, 1)])
    with pytest.raises(InexactInputError, match="points has float dtype"):
        convex_hull(np.array([[0.0, 1.0]]))
    with pytest.raises(InexactInputError, match="direction"):
        cube(2).support((0.1, 0))
    with pytest.raises(InexactInputError, match=r"x\[0\]"):
        cube(2).contains((0.5, 0))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), np.float64("nan")])
def test_nan_and_inf_are_refused(bad):
    with pytest.raises(InexactInputError):
        convex_hull([(0, bad)])


@pytest.mark.parametrize(
    "bad, message",
    [
        ([], "at least one row"),
        ([(0, 1), (2,)], "rectangular"),
        ([()], "d >= 1"),
        ([(0, "1")], "str"),
    ],
)
def test_invalid_points(bad, message):
    with pytest.raises((InvalidInputError, InexactInputError), match=message):
        convex_hull(bad)


def test_dimension_mismatches():
    with pytest.raises(InvalidInputError, match="R\\^2"):
        cube(2).support((1, 0, 0))
    with pytest.raises(InvalidInputError, match="R\\^3"):
        minkowski_sum(cube(2), cube(3))
    with pytest.raises(InvalidInputError, match="must be a Polytope"):
        minkowski_sum(cube(2), [(0, 0)])
    with pytest.raises(InvalidInputError, match="sorted and unique"):
        Polytope(((1, 0), (0, 0)))
    with pytest.raises(InvalidInputError, match="canonical"):
        Polytope(((Fraction(1, 1), 0),))


# --- properties ----------------------------------------------------------------

dims = st.integers(1, 3)


@st.composite
def point_lists(draw, *, max_size=10, exact_rationals=False):
    d = draw(dims)
    return draw(point_sets(dim=d, min_size=1, max_size=max_size, exact_rationals=exact_rationals))


@given(point_lists(exact_rationals=True))
def test_hull_properties(pts):
    P = convex_hull(pts)
    assert convex_hull(P.vertices) == P  # idempotent
    assert set(P.vertices) <= {tuple(Fraction(x) for x in p) for p in pts}
    assert all(P.contains(p) for p in pts)
    assert P.dim == affine_dimension(pts)
    P.self_check()  # V -> H -> V round trip


@given(st.data())
def test_support_of_hull_is_max_over_points(data):
    d = data.draw(dims)
    pts = data.draw(point_sets(dim=d, exact_rationals=True))
    P = convex_hull(pts)
    for c in data.draw(directions(d)):
        assert P.support(c) == max(dot(c, p) for p in pts)
        F = P.face(c)
        assert all(dot(c, v) == P.support(c) for v in F.vertices)
        assert set(F.vertices) <= set(P.vertices)


@given(st.data())
@settings(max_examples=40)
def test_minkowski_sum_support_is_additive(data):
    d = data.draw(dims)
    P = convex_hull(data.draw(point_sets(dim=d, max_size=6)))
    Q = convex_hull(data.draw(point_sets(dim=d, max_size=6, exact_rationals=True)))
    S = minkowski_sum(P, Q)
    sums = {tuple(a + b for a, b in zip(v, w)) for v in P.vertices for w in Q.vertices}
    assert set(S.vertices) <= sums
    assert S == convex_hull(list(sums))
    assert S == minkowski_sum(Q, P)
    for c in data.draw(directions(d)):
        assert S.support(c) == P.support(c) + Q.support(c)  # Fact 3, geometric side


@given(st.data())
@settings(max_examples=40)
def test_hull_of_union_support_is_max(data):
    d = data.draw(dims)
    P = convex_hull(data.draw(point_sets(dim=d, max_size=6)))
    Q = convex_hull(data.draw(point_sets(dim=d, max_size=6)))
    U = convex_hull(P.vertices + Q.vertices)
    for c in data.draw(directions(d)):
        assert U.support(c) == max(P.support(c), Q.support(c))  # Fact 4, geometric side


@given(st.lists(integer_points(dim=3, min_value=-2, max_value=2), min_size=70, max_size=90, unique=True))
@settings(max_examples=10)
def test_many_points_use_the_filtered_path_and_agree(pts):
    # >= 64 points switch on the interior filter: compare with the hull of
    # points taken in two halves (hull of hulls), which never filters.
    P = convex_hull(pts)
    half = len(pts) // 2
    Q = convex_hull(convex_hull(pts[:half]).vertices + convex_hull(pts[half:]).vertices)
    assert P == Q
    P.self_check()
