"""Tests of tropgeo.polytope: exact convex hulls, H-representations, Minkowski sums."""

from __future__ import annotations

import itertools
import pathlib
import random
import subprocess
import sys
import textwrap
from fractions import Fraction
from math import comb

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import integer_points, point_sets
from tropgeo.errors import CheckFailedError, InexactInputError, InvalidInputError
from tropgeo.polytope import Polytope, affine_dimension, convex_hull, max_facet_count, minkowski_sum


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
    # Forged around the constructor, the midpoint is not a vertex.
    from tropgeo.polytope import _from_vertices

    bogus = _from_vertices(((0, 0), (1, 1), (2, 2)))
    with pytest.raises(CheckFailedError):
        bogus.self_check()


def test_constructor_refuses_points_that_are_not_vertices():
    with pytest.raises(InvalidInputError, match=r"\(1, 1\) is not a vertex"):
        Polytope(((0, 0), (1, 1), (2, 2)))
    with pytest.raises(InvalidInputError, match="not a vertex"):
        Polytope(((0, 0), (0, 2), (1, 1), (2, 0), (2, 2)))   # the centre of a square
    assert Polytope(((0, 0), (0, 2), (2, 0))) == convex_hull([(0, 0), (2, 0), (0, 2), (1, 0)])


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


# --- lower-dimensional input with large coordinates (cddlib is given full-dimensional charts) ---

# Four points found by `tropgeo verify --hidden 4` (a parallelogram in R^4 from a Minkowski sum
# of two segments): cddlib's redundancy test, given them directly, aborts the interpreter with
# "double free or corruption".
PARALLELOGRAM_R4 = [
    (443486851692906, 1231858948240396, 467236373005110, 618893631313635),
    (675590074759614, 833525692573308, 819867061503366, 1164616607311583),
    (856295741595626, 1063526612799756, 697987650306230, 776026853823395),
    (1088398964662334, 665193357132668, 1050618338804486, 1321749829821343),
]


def test_parallelogram_that_crashed_cddlib():
    P = convex_hull(PARALLELOGRAM_R4)
    assert P.vertices == tuple(sorted(PARALLELOGRAM_R4))
    assert (P.dim, P.n_facets, len(P.equations)) == (2, 4, 2)
    centre = tuple(Fraction(sum(c), 4) for c in zip(*PARALLELOGRAM_R4))
    assert P.contains(centre)
    assert not P.contains(tuple(c + 1 for c in centre))  # off the plane
    P.self_check()


def _monotone_chain(points):
    """Vertices of a 2-D hull by Andrew's monotone chain (exact, strict turns only)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


@given(
    point_sets(dim=2, min_size=1, max_size=10),
    st.lists(st.integers(-(10**15), 10**15), min_size=8, max_size=8),
    st.lists(st.integers(-(10**15), 10**15), min_size=4, max_size=4),
)
def test_polygon_embedded_in_R4_with_large_coefficients(points, entries, shift):
    M = [entries[0:2], entries[2:4], entries[4:6], entries[6:8]]
    if M[0][0] * M[1][1] - M[0][1] * M[1][0] == 0:
        M[0], M[1] = [1, 0], [0, 1]  # keep the map injective

    def embed(p):
        return tuple(r[0] * p[0] + r[1] * p[1] + s for r, s in zip(M, shift))

    P = convex_hull([embed(p) for p in points])
    expected = _monotone_chain([tuple(p) for p in points])
    assert P.vertices == tuple(sorted(embed(v) for v in expected))
    assert P.dim == affine_dimension(points)
    if len(expected) >= 3:
        assert P.n_facets == len(expected)


# --- upper faces (w.r.t. the last coordinate) ------------------------------------------------


def _area2(poly):
    """Twice the area of a convex polygon given by its vertices in any order (exact)."""
    ring = _monotone_chain(poly)
    return abs(sum(a[0] * b[1] - a[1] * b[0] for a, b in zip(ring, ring[1:] + ring[:1])))


@given(point_sets(dim=2, min_size=3, max_size=9), st.lists(st.integers(-5, 5), min_size=9, max_size=9))
def test_upper_faces_are_supporting_and_tile_the_projection(base, heights):
    lifted = {}
    for p, h in zip(base, heights):
        lifted[tuple(p)] = max(h, lifted.get(tuple(p), h))
    P = convex_hull([p + (h,) for p, h in lifted.items()])
    if P.dim < 3:
        return
    faces = P.upper_faces
    for face in faces:
        a, b, c = face[0], face[1], next(v for v in face[2:] if _area2([face[0][:2], face[1][:2], v[:2]]) != 0)
        # the plane z = u x + v y + w through a, b, c, solved exactly (Cramer)
        det = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        u = Fraction((b[2] - a[2]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[2] - a[2]), det)
        v = Fraction((b[0] - a[0]) * (c[2] - a[2]) - (b[2] - a[2]) * (c[0] - a[0]), det)
        w = a[2] - u * a[0] - v * a[1]
        on = {q for q in P.vertices if q[2] == u * q[0] + v * q[1] + w}
        assert all(q[2] <= u * q[0] + v * q[1] + w for q in P.vertices)  # supporting from above
        assert on == set(face)
    # the projected upper faces tile the projection of P (no overlaps, no gaps)
    assert sum(_area2([q[:2] for q in f]) for f in faces) == _area2([q[:2] for q in P.vertices])


def test_convex_hull_size_guard_refuses_with_the_estimate():
    from tropgeo.errors import SizeLimitError

    cube = list(itertools.product((0, 1), repeat=8))   # 256 points in R^8: 256^2 * 8 = 524288
    # plus the interior filter's allowance: 4 times 2 000 facets at most, times 8 * (48 + 256)
    work = 524288 + 4 * min(max_facet_count(48, 8), 2000) * 8 * (48 + 256)
    assert work == 19980288
    with pytest.raises(SizeLimitError, match=f"256 distinct points in R\\^8.* {work} \\(N\\^2 d = 524288.*more than max_work=1000;"):
        convex_hull(cube, max_work=1000)
    assert convex_hull(cube[:4], max_work=1000).n_vertices == 4
    with pytest.raises(InvalidInputError, match="max_work"):
        convex_hull(cube, max_work=0)


# --- edge graphs ----------------------------------------------------------------


def test_cube_edge_graph_is_three_regular_with_twelve_edges():
    G = cube(3).edge_graph()
    assert G.number_of_nodes() == 8 and G.number_of_edges() == 12
    assert {d for _, d in G.degree} == {3}
    # cube edges join vertices differing in exactly one coordinate
    assert all(sum(a != b for a, b in zip(u, v)) == 1 for u, v in G.edges)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_known_edge_graphs(n):
    C = cube(n).edge_graph()
    assert C.number_of_edges() == n * 2 ** (n - 1) and {d for _, d in C.degree} == {n}
    X = cross_polytope(n).edge_graph()  # every pair but the antipodal ones (n >= 2); a segment for n = 1
    if n == 1:
        assert list(X.edges) == [((-1,), (1,))]
    else:
        assert X.number_of_edges() == 2 * n * (n - 1) and all(u != tuple(-a for a in v) for u, v in X.edges)
    S = convex_hull([(0,) * n] + [tuple(int(i == j) for j in range(n)) for i in range(n)]).edge_graph()
    assert S.number_of_edges() == comb(n + 1, 2)  # a simplex's graph is complete


def test_edge_graph_of_a_non_simple_polytope_and_degenerate_ones():
    pyramid = convex_hull([(0, 0, 0), (2, 0, 0), (0, 2, 0), (2, 2, 0), (1, 1, 1)])
    G = pyramid.edge_graph()
    assert G.number_of_edges() == 8 and G.degree((1, 1, 1)) == 4
    assert ((0, 0, 0), (2, 2, 0)) not in G.edges  # the base diagonal is not an edge
    assert list(convex_hull([(1, 2, 3)]).edge_graph().edges) == []
    assert list(convex_hull([(0, 0, 0), (1, 2, 3), (2, 4, 6)]).edge_graph().edges) == [((0, 0, 0), (2, 4, 6))]
    # the square in R^4: its facets are edges, not a 4-dimensional test
    sq = convex_hull([(0, 0, 1, 1), (1, 0, 1, 0), (0, 1, 0, 1), (1, 1, 0, 0)])
    assert sq.dim == 2 and sq.edge_graph().number_of_edges() == 4


@given(point_sets(dim=3, min_size=4, max_size=12))
@settings(max_examples=30)
def test_edge_graph_satisfies_euler_and_polygons_are_cycles(pts):
    P = convex_hull(pts)
    G = P.edge_graph()
    if P.dim == 3:
        assert P.n_vertices - G.number_of_edges() + P.n_facets == 2
        assert min(d for _, d in G.degree) >= 3
    elif P.dim == 2:
        assert G.number_of_edges() == P.n_vertices and {d for _, d in G.degree} == {2}
    assert nx.is_connected(G)


def test_edge_graph_needs_the_third_vertex_test():
    # square x square pyramid in R^5: the face square x {apex} lies on four facets, as many as an
    # edge of a 5-polytope needs, so only the third-vertex test rejects its diagonals
    square = [(0, 0), (1, 0), (0, 1), (1, 1)]
    pyramid = [(0, 0, 0), (2, 0, 0), (0, 2, 0), (2, 2, 0), (1, 1, 1)]
    P = convex_hull([s + q for s in square for q in pyramid])
    G = P.edge_graph()
    assert P.dim == 5 and G.number_of_edges() == 4 * 5 + 4 * 8  # edges of a product
    assert ((0, 0, 1, 1, 1), (1, 1, 1, 1, 1)) not in G.edges
    assert all(u[:2] == v[:2] or u[2:] == v[2:] for u, v in G.edges)  # an edge moves in one factor only


def test_facet_enumeration_is_refused_before_an_exponential_run():
    import math

    from tropgeo.errors import SizeLimitError
    from tropgeo.polytope import max_facet_count

    cross18 = convex_hull([tuple(s * (k == j) for j in range(18)) for k in range(18) for s in (1, -1)])
    bound = max_facet_count(36, 18)
    assert bound >= 2**18          # the true count must be within the bound
    with pytest.raises(SizeLimitError, match=rf"up to {bound} facets"):
        cross18.n_facets
    with pytest.raises(SizeLimitError, match="max_facets=5"):
        convex_hull([(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)]).h_representation(max_facets=5)
    # the bound is the cyclic polytope's count, and every true count stays within it
    cube = convex_hull([tuple((m >> t) & 1 for t in range(4)) for m in range(16)])
    assert cube.n_facets == 8 <= max_facet_count(16, 4)
    cross4 = convex_hull([tuple(s * (k == j) for j in range(4)) for k in range(4) for s in (1, -1)])
    assert cross4.n_facets == 16 <= max_facet_count(8, 4) == 20
    cyclic = convex_hull([(t, t**2, t**3, t**4) for t in range(8)])   # neighbourly: the bound is attained
    assert cyclic.n_facets == max_facet_count(8, 4) == 8 * 5 // 2
    assert max_facet_count(7, 3) == 2 * 7 - 4 and max_facet_count(9, 2) == 9 and math.comb(5, 2) == 10


# --- cddlib's aborts on large coordinates, and its cost in high dimension ----------------------

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_isolated(code: str, timeout: float) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter: an abort inside cddlib (SIGABRT, exit 134) or a
    hang then fails the test instead of killing or stalling pytest."""
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=str(ROOT), timeout=timeout
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {timeout} s")


def test_offsets_of_60_to_240_bits_do_not_abort_cddlib():
    # cddlib (GMP) aborted the interpreter ("munmap_chunk(): invalid pointer") on these small
    # polytopes moved far from the origin, for offsets of 63 to 236 bits (10**30 included);
    # cddlib now only sees them translated near the origin.
    res = run_isolated(
        """
        import random
        from fractions import Fraction
        from tropgeo import Polytope, convex_hull, zonotope
        from tropgeo.export import from_ext, from_ine, to_ext, to_ine
        rng = random.Random(1)
        offsets = [10**30]
        for k in range(60, 241):
            offsets += [2**k, rng.getrandbits(k) | (1 << (k - 1))]
        for B in offsets:
            print(B.bit_length(), flush=True)
            sq = [(B - 2, 0), (B - 2, 6), (B, -6), (B, 0)]
            assert convex_hull(sq + [(B - 1, 0)]).vertices == tuple(sorted(sq))
            box = [(B + a, b, c) for a in (0, 2) for b in (0, 6) for c in (0, 3)]
            assert convex_hull(box).vertices == tuple(sorted(box))
            P = Polytope(vertices=tuple(sorted(sq)))
            assert P.n_facets == 4
            P.self_check()
            Z = zonotope([[2, 0, 0], [0, 6, 0], [0, 0, 3]], shift=[B, 0, 0])
            assert from_ext(to_ext(Z)).vertices == Z.vertices == from_ine(to_ine(Z)).vertices
            far = convex_hull([(B, -B), (B, 0), (0, B), (B // 3, B // 5)])
            far.self_check()
            # exact answers, mapped back from cddlib's frame: 3x + y in [3B - 6, 3B], x in [B - 2, B]
            assert P.inequalities == ((-(3 * B - 6), 3, 1), (-(B - 2), 1, 0), (B, -1, 0), (3 * B, -3, -1))
            h = Fraction(1, 2)
            T = convex_hull([(B + h, h), (B + h, B), (B + 1, h), (B + Fraction(3, 4), Fraction(3, 4))])
            assert T.vertices == ((B + h, h), (B + h, B), (B + 1, h)) and T.n_facets == 3
            T.self_check()
        print("done")
        """,
        timeout=300,
    )
    last = res.stdout.split()[-1:] or ["nothing"]
    assert res.returncode == 0 and last == ["done"], (
        f"exit {res.returncode} after the offset of {last[0]} bits: {res.stderr[-500:]}"
    )


def test_interior_filter_enumerates_few_facets_in_high_dimension(monkeypatch):
    # The filter's facet enumeration ran on up to 6 d chosen points: exponential in d
    # (64 points in R^12 took minutes).  It is now held to FILTER_MAX_FACETS by the upper
    # bound theorem, whatever the dimension.
    from tropgeo import _cdd

    calls = []
    real = _cdd.h_representation

    def recording(points, rays=()):
        calls.append(max_facet_count(len(points) + len(rays), affine_dimension(points)))
        return real(points, rays)

    monkeypatch.setattr(_cdd, "h_representation", recording)
    rng = random.Random(1)
    pts = sorted({tuple(rng.randint(0, 2) for _ in range(12)) for _ in range(64)})
    keep = _cdd.vertex_indices(pts)
    assert calls and max(calls) <= _cdd.FILTER_MAX_FACETS
    assert keep == _cdd.vertex_indices(pts, max_filter_facets=0)  # the LPs alone agree


def test_64_points_in_r12_take_well_under_a_minute():
    res = run_isolated(
        """
        import random
        from tropgeo import convex_hull, TropicalPolynomial
        from tropgeo.duality import newton_polytope
        random.seed(1)
        pts = [tuple(random.randint(0, 2) for _ in range(12)) for _ in range(64)]
        print(convex_hull(pts).n_vertices)
        random.seed(2)
        f = TropicalPolynomial({tuple(random.randint(0, 2) for _ in range(16)): 0 for _ in range(100)})
        print(newton_polytope(f).n_vertices == f.n_terms)
        """,
        timeout=40,
    )
    assert res.returncode == 0, res.stderr[-500:]
    assert res.stdout.split() == ["64", "True"]


def test_max_work_counts_the_interior_filter():
    from tropgeo import _cdd
    from tropgeo.errors import SizeLimitError

    rng = random.Random(1)
    pts = sorted({tuple(rng.randint(0, 2) for _ in range(12)) for _ in range(64)})
    assert len(pts) == 64
    work = _cdd.hull_work(64, 12)
    assert work > 64 * 64 * 12  # the filter is counted
    with pytest.raises(SizeLimitError, match=f"costs about {work} "):
        convex_hull(pts, max_work=64 * 64 * 12)
    assert convex_hull(pts, max_work=work).n_vertices == 64
    assert _cdd.hull_work(63, 12) == 63 * 63 * 12  # no filter below 64 points


def test_limits_take_numpy_integers():
    assert convex_hull([(0, 0), (1, 0)], max_work=np.int64(100)).n_vertices == 2
    square = cube(2)
    assert len(square.h_representation(max_facets=np.int64(10))[1]) == 4
    for bad in (True, 10.0, np.float64(10)):
        with pytest.raises(InvalidInputError, match="max_work"):
            convex_hull([(0, 0)], max_work=bad)
        with pytest.raises(InvalidInputError, match="max_facets"):
            cube(3).h_representation(max_facets=bad)


@pytest.mark.parametrize(
    "bad, message",
    [
        ([{5, 1}], r"points\[0\]=\{1, 5\} is a set, which has no order"),
        ([frozenset({0, 1})], "is a frozenset, which has no order"),
        ([{0: 1, 1: 2}], "is a dict, a mapping"),
        ({(0, 1): 1}, "points=.* is a dict, a mapping"),
        ([b"ab"], r"points\[0\]=b'ab' is a bytes"),
        ([bytearray(b"ab")], "is a bytearray"),
        (["ab"], r"points\[0\]='ab' is a str"),
        ("ab", "points='ab' is a str"),
    ],
)
def test_unordered_or_text_rows_are_refused(bad, message):
    with pytest.raises(InvalidInputError, match=message):
        convex_hull(bad)


# --- the refining interior filter (vertex_indices from 64 points on) ----------------------


@settings(max_examples=60, deadline=None)
@given(
    dim=st.integers(2, 5),
    n=st.integers(64, 160),
    box=st.sampled_from([2, 5, 40]),
    upper=st.booleans(),
    offset=st.sampled_from([0, 10**12]),
    seed=st.integers(0, 10**6),
)
def test_filter_and_incidences_agree_with_the_lps_alone(dim, n, box, upper, offset, seed):
    """The refining filter (and, when it closes, the vertices read off its facet incidences)
    against cddlib's redundancy LPs alone, on random point sets, with and without the
    upper-hull ray, near the origin and far from it."""
    from tropgeo import _cdd

    rng = random.Random(seed)
    pts = sorted({tuple(offset + rng.randint(-box, box) for _ in range(dim)) for _ in range(n)})
    rays = [(0,) * (dim - 1) + (-1,)] if upper else []
    assert _cdd.vertex_indices(pts, rays) == _cdd.vertex_indices(pts, rays, max_filter_facets=0)


def test_filter_closes_on_points_on_a_paraboloid_and_reads_vertices_by_incidence(monkeypatch):
    """40 points in convex position on a paraboloid and 300 below it: the filter closes, and
    no redundancy LP runs; every convex-position point is a vertex, no inner one is."""
    from tropgeo import _cdd

    lps = []
    real = _cdd._redundancy_pass
    monkeypatch.setattr(_cdd, "_redundancy_pass", lambda *a: lps.append(1) or real(*a))
    rng = random.Random(3)
    corners = [(-30, -30), (-30, 30), (30, -30), (30, 30)]
    xy = corners + [(rng.randint(-30, 30), rng.randint(-30, 30)) for _ in range(36)]
    outer = sorted({(x, y, -(x * x + y * y)) for x, y in xy})
    # far enough below the paraboloid to be below the upper hull of the lifted points: at a
    # point x of a triangle with vertices v_i, the hull is at most sum_i l_i |v_i - x|^2 <=
    # diameter^2 = 7200 below the paraboloid, in this box
    inner = sorted({(x, y, -(x * x + y * y) - 7201 - rng.randint(0, 50))
                    for x, y in ((rng.randint(-29, 29), rng.randint(-29, 29)) for _ in range(400))})[:300]
    pts = sorted(set(outer) | set(inner))
    keep = _cdd.vertex_indices(pts, [(0, 0, -1)])
    assert not lps
    assert [pts[i] for i in keep] == outer
    # the same answer from the LPs alone
    assert keep == _cdd.vertex_indices(pts, [(0, 0, -1)], max_filter_facets=0)


def test_points_on_edges_and_faces_are_not_vertices_by_incidence(monkeypatch):
    """The 125 lattice points of [0, 4]^3: 8 vertices (4 for the upper hull), and points on
    every edge and face that are tight on one or two facets but are not vertices."""
    from tropgeo import _cdd

    lps = []
    real = _cdd._redundancy_pass
    monkeypatch.setattr(_cdd, "_redundancy_pass", lambda *a: lps.append(1) or real(*a))
    grid = list(itertools.product(range(5), repeat=3))
    keep = _cdd.vertex_indices(grid)
    assert sorted(grid[i] for i in keep) == sorted(itertools.product((0, 4), repeat=3))
    up = _cdd.vertex_indices(grid, [(0, 0, -1)])
    assert sorted(grid[i] for i in up) == [(0, 0, 4), (0, 4, 4), (4, 0, 4), (4, 4, 4)]
    assert not lps  # both read off the facet incidences
    # the incidence test itself, on every lattice point (edge and face points are tight on
    # two or one facets, rank 2 or 1 < 3)
    eqs, ineqs = _cdd.h_representation(grid)
    assert not eqs and len(ineqs) == 6
    corners = _cdd._vertices_by_incidence(grid, list(range(len(grid))), ineqs)
    assert sorted(grid[i] for i in corners) == sorted(itertools.product((0, 4), repeat=3))


def test_thin_point_sets_with_64_bit_coordinates_do_not_abort_cddlib():
    # cddlib (GMP) aborted the interpreter ("munmap_chunk(): invalid pointer", "double free")
    # on about one in four nearly collinear triples with 62-bit coordinates, whatever their
    # scale (found by review): cddlib now sees such sets in the coordinates of a simplex of
    # their own points.  Each answer is checked against exact determinants.
    res = run_isolated(
        """
        import random
        from fractions import Fraction
        from tropgeo import convex_hull
        from tropgeo import _cdd

        def orient(a, b, c):
            return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

        P = convex_hull([(-5524095163590817052, 5077823926022376585), (886860126271463978, 8011985842663405326),
                         (10751993912826784357, 12527053964391195236)])
        assert P.n_vertices == 3 and len(P.inequalities) == 3
        P.self_check()
        for seed in range(40):
            rng = random.Random(seed)
            B = 2**62
            base = [rng.randint(-B, B) for _ in range(2)]
            v = [rng.randint(-B, B) for _ in range(2)]
            pts = sorted({tuple(b + t * w + rng.randint(-8, 8) for b, w in zip(base, v))
                          for t in (rng.randint(-4, 4) for _ in range(3))})
            if len(pts) < 3:
                continue
            hull = convex_hull(pts)
            expected = 3 if orient(*pts) != 0 else 2
            assert hull.n_vertices == expected, (seed, pts)
            hull.self_check()
            # the upper hull (a ray down) through the same path
            _cdd.vertex_indices(pts, [(0, -1)])
        print("done")
        """,
        timeout=120,
    )
    assert res.returncode == 0 and res.stdout.split()[-1:] == ["done"], res.stderr[-500:]


def test_conditioning_is_an_exact_bijection_of_thin_sets():
    """The change of coordinates cddlib sees: integral on the points, invertible, and rows
    mapped back describe the same half-spaces."""
    from tropgeo import _cdd, _hull_kernels

    ys = [(-7591632437206310208, 6862481757280992862), (-3253556758802704379, 2941063610263282655),
          (7591632437206310208, -6862481757280992861), (0, 1)]
    cond = _hull_kernels.conditioning(ys)
    assert cond is not None
    zs = [cond.point(y) for y in ys]
    assert len(set(zs)) == 4 and all(type(x) is int for z in zs for x in z)
    # a row on z, mapped back, takes the same sign at every point
    for row in [(1, 2, -3), (0, 1, 0), (-5, 0, 7)]:
        back = cond.row_back([Fraction(x) for x in row])
        for y, z in zip(ys, zs):
            on_z = row[0] + sum(a * x for a, x in zip(row[1:], z))
            on_y = back[0] + sum(a * x for a, x in zip(back[1:], y))
            assert on_y == cond.g * on_z
    assert _hull_kernels.conditioning([(0, 0), (5, 0), (0, 5), (5, 5)]) is None  # well spread: untouched


@settings(max_examples=200, deadline=None)
@given(
    pts=st.lists(st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=2, max_size=40, unique=True),
    ray=st.sampled_from([None, (0, -1), (1, 0), (2, -3), (-1, 1), (-5, -2)]),
)
def test_plane_hulls_by_monotone_chain_equal_cddlibs(pts, ray):
    """In the plane, vertices come from an exact monotone chain, not cddlib: the same answer
    as cddlib's redundancy LPs, with and without a ray, collinear points included."""
    from tropgeo import _cdd, _hull_kernels

    rays = [] if ray is None else [ray]
    if affine_dimension(pts) < 2:
        return
    assert list(_hull_kernels.vertices_2d(pts, rays)) == sorted(_cdd._redundancy_pass(pts, rays, list(range(len(pts)))))


def test_plane_hull_known_answers():
    from tropgeo import _cdd, _hull_kernels

    square = [(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (1, 2), (0, 2), (0, 1), (1, 1)]
    assert [square[i] for i in _hull_kernels.vertices_2d(square, [])] == [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert [square[i] for i in _hull_kernels.vertices_2d(square, [(0, -1)])] == [(2, 2), (0, 2)]
    assert [square[i] for i in _hull_kernels.vertices_2d(square, [(1, 1)])] == [(0, 0), (2, 0), (0, 2)]


def test_minkowski_sum_takes_zonotopes():
    """Two zonotopes add as one (generators joined): checked against the general sum of their
    vertex sets; a zonotope and a polytope add through the zonotope's vertices."""
    from tropgeo import zonotope

    Z1, Z2 = zonotope([[1, 0, 2], [0, 1, -1]]), zonotope([[1, 1, 1], [2, -1, 0]], shift=[1, 0, 0])
    expected = minkowski_sum(convex_hull(Z1.vertices), convex_hull(Z2.vertices))
    assert minkowski_sum(Z1, Z2) == expected
    assert minkowski_sum(Z1, convex_hull(Z2.vertices)) == expected
    with pytest.raises(InvalidInputError, match="Q must be a Polytope or a Zonotope"):
        minkowski_sum(Z1, [(0, 0, 0)])
    with pytest.raises(InvalidInputError, match="R\\^3 but Q in R\\^2"):
        minkowski_sum(Z1, zonotope([[1, 0]]))
