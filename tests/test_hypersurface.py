"""Exact tropical curves in a box, and T(f) as an exact polyhedral complex."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import rational_points, tropical_polynomials
from tropgeo import (
    InvalidInputError,
    ReLUNetwork,
    SizeLimitError,
    TropicalHypersurface,
    TropicalPolynomial,
    dual_subdivision,
    tropical_curve,
    tropical_decomposition,
    tropical_hypersurface,
    tropical_product,
)
from tropgeo.polytope import affine_dimension

BOX = ((-20, 20), (-20, 20))


@given(tropical_polynomials(n_vars=2, max_terms=6, max_degree=2))
def test_segments_lie_on_the_hypersurface(f):
    f = TropicalPolynomial(f)
    curve = tropical_curve(f, box=BOX)
    for (p, q), terms in zip(curve.segments, curve.segment_terms):
        mid = tuple((Fraction(a) + Fraction(b)) / 2 for a, b in zip(p, q))
        assert f.is_on_hypersurface(p) and f.is_on_hypersurface(q) and f.is_on_hypersurface(mid)
        assert len(terms) >= 2


@given(tropical_polynomials(n_vars=2, max_terms=6, max_degree=2))
def test_regions_are_the_upper_vertices_when_the_box_is_large(f):
    # coefficients are in [-6, 6] and degrees <= 2, so every region meets this box
    f = TropicalPolynomial(f)
    curve = tropical_curve(f, box=((-100, 100), (-100, 100)))
    assert set(curve.regions) == {v[:-1] for v in dual_subdivision(f).upper_vertices}


def test_tropical_line():
    f = TropicalPolynomial({(1, 0): 0, (0, 1): 0, (0, 0): 0})
    curve = tropical_curve(f, box=((-2, 2), (-2, 2)))
    # max-plus: T = {x = y >= 0} ∪ {x = 0 >= y} ∪ {y = 0 >= x}
    assert curve.segments == (((-2, 0), (0, 0)), ((0, -2), (0, 0)), ((0, 0), (2, 2)))
    assert curve.n_regions == 3


def test_bad_box_and_dimension():
    f = TropicalPolynomial({(1, 0): 0, (0, 0): 0})
    with pytest.raises(InvalidInputError, match="lo < hi"):
        tropical_curve(f, box=((1, 0), (0, 1)))
    with pytest.raises(InvalidInputError, match="2 variables"):
        tropical_curve(TropicalPolynomial({(1,): 0}), box=BOX)


# --- T(f) as an exact polyhedral complex (tropical_hypersurface) -------------------------

P = TropicalPolynomial
NEG_INF = float("-inf")


def hex_heights(degree, n_vars=2):
    """``-(sum x_i^2 + sum x_i x_{i+1})`` on the lattice points of ``degree`` times the simplex:
    strictly concave, and in 2-D the Delaunay triangulation of the hexagonal lattice (no four
    lifted points on a common upper face), so δ(f) is the unimodular triangulation."""
    pts = [e for e in itertools.product(range(degree + 1), repeat=n_vars) if sum(e) <= degree]
    return P({e: -(sum(a * a for a in e) + sum(a * b for a, b in zip(e, e[1:]))) for e in pts})


def test_tropical_line_max_x_y_0():
    T = tropical_hypersurface(P({(1, 0): 0, (0, 1): 0, (0, 0): 0}))
    assert T.vertices == ((0, 0),)
    assert set(T.rays) == {((0, 0), (-1, 0)), ((0, 0), (0, -1)), ((0, 0), (1, 1))}
    assert T.segments == () and T.lines == () and T.lineality == ()
    assert T.n_regions == 3 and len(T.maximal_cells) == 3 and T.n_cells == 4
    ray_terms = {c.rays[0]: c.terms for c in T.maximal_cells}
    assert ray_terms[(1, 1)] == {(1, 0), (0, 1)}  # x = y >= 0
    assert ray_terms[(-1, 0)] == {(0, 1), (0, 0)}  # y = 0 >= x


def test_generic_conic_known_answer():
    # heights -(i^2 + ij + j^2): the unimodular triangulation with the middle triangle
    # (1,0),(0,1),(1,1); by hand, its vertices are where three terms tie.
    f = hex_heights(2)
    T = tropical_hypersurface(f)
    assert T.vertices == ((1, 1), (2, 2), (2, 3), (3, 2))
    assert T.segments == (((1, 1), (2, 2)), ((2, 2), (2, 3)), ((2, 2), (3, 2)))
    assert set(T.rays) == {
        ((1, 1), (0, -1)), ((3, 2), (0, -1)),  # bottom edges of the triangle: outer normal (0, -1)
        ((1, 1), (-1, 0)), ((2, 3), (-1, 0)),  # left edges
        ((3, 2), (1, 1)), ((2, 3), (1, 1)),  # hypotenuse edges
    }
    assert T.n_regions == 6 and len(T.maximal_cells) == 9 and T.lines == ()
    assert [sorted(c.terms) for c in T.cells if c.dim == 0 and c.vertices == ((2, 2),)] == [[(0, 1), (1, 0), (1, 1)]]


def test_generic_cubic_counts():
    # 9 unimodular triangles, 10 lattice points; Euler: 10 - E + 9 = 1, so 18 edges, 9 on the boundary
    T = tropical_hypersurface(hex_heights(3))
    assert (len(T.vertices), len(T.segments), len(T.rays), T.n_regions) == (9, 9, 9, 10)
    assert len(T.maximal_cells) == 18
    G = T.graph()
    for c in G:
        if c.dim == 0:
            assert G.degree(c) == 3  # a smooth tropical curve is trivalent
        else:
            assert G.degree(c) == len(c.vertices)


def test_quadric_surface_in_three_variables():
    T = tropical_hypersurface(hex_heights(2, n_vars=3))
    T.self_check()
    counts = [sum(1 for c in T.cells if c.dim == k) for k in range(3)]
    # Euler for the subdivided tetrahedron: f0 - f1 + f2 - f3 = 1
    assert T.n_regions == 10 and T.n_regions - counts[2] + counts[1] - counts[0] == 1


@pytest.mark.parametrize("f", [P({(1, 2): 3}), P.constant(5, n_vars=2), P.constant(0, n_vars=3)])
def test_single_monomial_and_constant(f):
    T = tropical_hypersurface(f)
    assert T.cells == () and T.n_regions == 1 and T.maximal_cells == ()
    assert T.vertices == T.segments == T.rays == T.lines == T.lineality == ()
    assert not T.contains((1,) * f.n_vars) and (0,) * f.n_vars not in T
    assert T.graph().number_of_nodes() == 0
    T.self_check()


def test_minus_infinity_coefficient_is_dropped():
    T = tropical_hypersurface(P({(1, 0): 0, (0, 1): NEG_INF, (0, 0): 0}))
    assert T == tropical_hypersurface(P({(1, 0): 0, (0, 0): 0}))
    assert T.lines == (((0, 0), (0, 1)),) and T.n_regions == 2
    assert T.vertices == T.segments == T.rays == ()


def test_repeated_exponents_keep_the_largest_coefficient():
    f = P({(1, 0): 0}) + P({(1, 0): 1}) + P({(0, 0): 0})  # x ⊕ 1⊙x ⊕ 0
    T = tropical_hypersurface(f)
    assert T.lines == (((-1, 0), (0, 1)),)
    assert T == tropical_hypersurface(P({(1, 0): 1, (0, 0): 0}))


def test_parallel_lines_and_planes():
    T = tropical_hypersurface(P({(0, 0): 0, (1, 1): 1, (2, 2): 0}))  # breakpoints of max(0, 1 + s, 2s), s = x + y
    assert T.lines == (((0, -1), (1, -1)), ((0, 1), (1, -1)))
    assert T.n_regions == 3 and T.vertices == T.segments == T.rays == ()
    T3 = tropical_hypersurface(P({(0, 0, 0): 0, (1, 1, 1): 1, (2, 2, 2): 0}))
    assert [c.dim for c in T3.cells] == [2, 2] and len(T3.lineality) == 2
    assert T3.contains((1, 0, 0)) and T3.contains((5, -9, 5)) and not T3.contains((0, 0, 0))
    T3.self_check()


def test_terms_include_points_inside_a_face():
    # 0 ⊕ x ⊕ x^2 with equal coefficients: the middle term ties at x = 0 but is not a vertex of δ(f)
    T = tropical_hypersurface(P({(0,): 0, (1,): 0, (2,): 0}))
    (cell,) = T.cells
    assert cell.vertices == ((0,),) and cell.dim == 0
    assert cell.terms == {(0,), (1,), (2,)} and cell.dual_face == {(0,), (2,)}
    assert T.n_regions == 2 and T.vertices == ((0,),)


def test_size_guard_and_bad_input():
    with pytest.raises(SizeLimitError, match="max_cells=3"):
        tropical_hypersurface(hex_heights(3), max_cells=3)
    for bad in (0, True, 1.5):
        with pytest.raises(InvalidInputError, match="max_cells"):
            tropical_hypersurface(hex_heights(1), max_cells=bad)
    with pytest.raises(InvalidInputError, match="TropicalPolynomial"):
        tropical_hypersurface({(1, 0): 0})
    cell = tropical_hypersurface(hex_heights(1)).cells[0]
    with pytest.raises(InvalidInputError, match="length 2"):
        cell.contains((1, 2, 3))
    with pytest.raises(InvalidInputError, match="no order"):
        cell.contains({1, 2})


def test_equality_ignores_a_constant_shift():
    f = hex_heights(2)
    T = tropical_hypersurface(f)
    assert T == tropical_hypersurface(f.scaled(Fraction(7, 3))) and hash(T) == hash(tropical_hypersurface(f.scaled(2)))
    assert T != tropical_hypersurface(hex_heights(1)) and isinstance(T, TropicalHypersurface)


# --- one hidden ReLU layer: Zaslavsky's count of regions ----------------------------------


def _rank(vectors):
    return affine_dimension([(0,) * len(vectors[0])] + [tuple(v) for v in vectors])


def _general_position(A, c):
    n = len(A[0])
    rows = [tuple(a) + (cl,) for a, cl in zip(A, c)]
    normals_ok = all(_rank(S) == len(S) for k in range(1, n + 1) for S in itertools.combinations(A, k))
    # no n + 1 hyperplanes a.x + c = 0 through one point
    points_ok = all(_rank(S) == n + 1 for S in itertools.combinations(rows, n + 1))
    return normals_ok and points_ok


def _general_layer(n, p, seed):
    rng = random.Random(seed)
    while True:
        A = [[rng.randint(-5, 5) for _ in range(n)] for _ in range(p)]
        c = [rng.randint(-6, 6) for _ in range(p)]
        if _general_position(A, c):
            return A, c


@pytest.mark.parametrize("n,p,seed", [(2, 3, 0), (2, 4, 1), (2, 5, 2), (2, 6, 3), (3, 4, 4), (3, 4, 5)])
def test_relu_layer_regions_match_zaslavsky(n, p, seed):
    A, c = _general_layer(n, p, seed)
    assert _general_position(A, c)
    # sum_l max(a_l.x + c_l, 0) = ⊙_l (c_l ⊙ x^(a_l) ⊕ 0), a Laurent polynomial
    H = tropical_product([P({tuple(a): cl, (0,) * n: 0}) for a, cl in zip(A, c)])
    expected = sum(comb(p, i) for i in range(n + 1))
    T = tropical_hypersurface(H)
    assert T.n_regions == expected
    assert len(T.maximal_cells) == sum(comb(p, i) * comb(p - i, 1) for i in range(n))  # facets of the arrangement
    # the same count through the network decomposition: H_0 = x^(sum b_l) ⊙ ⊙_l (c_l x^(a+_l) ⊕ x^(a-_l))
    net = ReLUNetwork(A, [[1] * p, [0] * p], c1=c)
    assert tropical_hypersurface(tropical_decomposition(net).numerators[0]).n_regions == expected


def test_general_position_check_can_fail():
    assert not _general_position([[1, 0], [2, 0], [0, 1]], [0, 1, 2])  # parallel
    assert not _general_position([[1, 0], [0, 1], [1, 1]], [0, 0, 0])  # concurrent


# --- properties ---------------------------------------------------------------------------

SMALL = settings(max_examples=30, deadline=None)
POLYS = st.one_of(
    tropical_polynomials(n_vars=1, max_terms=5, max_degree=4),
    tropical_polynomials(n_vars=2, max_terms=7, max_degree=3),
    tropical_polynomials(n_vars=3, max_terms=6, max_degree=2),
)


def _mid(p, q):
    return tuple(Fraction(a + b) / 2 for a, b in zip(p, q))


@SMALL
@given(POLYS)
def test_self_check_and_euler_characteristic(terms):
    f = P(terms)
    T = tropical_hypersurface(f)
    T.self_check()  # H from V by cdd, dimensions, argmax at relative interior points
    assert T.n_regions == len(dual_subdivision(f).upper_vertices)
    # δ(f) subdivides a ball: sum over its faces of (-1)^dim is 1; a cell of dim j is a face of dim d - j
    assert T.n_regions + sum((-1) ** (f.n_vars - c.dim) for c in T.cells) == 1
    for c in T.cells:
        assert c.dual_face <= c.terms and len(c.dual_face) >= 2
        assert affine_dimension(c.dual_face) == f.n_vars - c.dim
        assert len(c.lines) == f.n_vars - affine_dimension(f.exponents)
    for c in T.maximal_cells:
        assert len(c.dual_face) == 2  # dual to an edge


@SMALL
@given(POLYS, st.data())
def test_cells_are_where_their_terms_attain_the_maximum(terms, data):
    f = P(terms)
    T = tropical_hypersurface(f)
    d = f.n_vars
    samples = [c.relative_interior_point for c in T.cells] + [v for c in T.cells for v in c.vertices]
    samples += [_mid(p, q) for p, q in zip(samples, samples[1:])]
    samples += data.draw(st.lists(rational_points(dim=d, min_value=-8, max_value=8), max_size=8))
    for x in samples:
        top = f.argmax(x)
        for c in T.cells:
            assert c.contains(x) == (c.terms <= top)
        assert T.contains(x) == any(c.contains(x) for c in T.maximal_cells) == (len(top) >= 2)
    for c in T.cells:
        assert f.argmax(c.relative_interior_point) == c.terms
    # faces of cells lie in them (graph edges join a cell and a facet of it)
    for a, b in T.graph().edges:
        lo, hi = sorted((a, b), key=lambda c: c.dim)
        assert hi.dim == lo.dim + 1 and all(hi.contains(v) for v in lo.vertices)


@SMALL
@given(POLYS, st.data())
def test_n_regions_is_the_number_of_argmax_singletons(terms, data):
    # push the relative interior point of each maximal cell off it to either side: exactly one
    # term wins there, and every region borders some maximal cell
    f = P(terms)
    T = tropical_hypersurface(f)
    vals = dict(f.terms)
    winners = set()
    for c in T.maximal_cells:
        u, v = sorted(c.dual_face)
        p = c.relative_interior_point
        tv = f.term_values(p)
        top = max(tv.values())
        gap = min([top - t for t in tv.values() if t != top], default=1)
        normal = tuple(a - b for a, b in zip(u, v))
        slope = max(abs(sum((a - b) * n for a, b, n in zip(e, u, normal))) for e in vals) + 1
        eps = Fraction(gap, 4 * slope)
        for s in (1, -1):
            x = tuple(a + s * eps * n for a, n in zip(p, normal))
            top_x = f.argmax(x)
            assert len(top_x) == 1
            winners |= top_x
    if not T.cells:  # one term: it wins everywhere
        winners = set(f.exponents)
    assert len(winners) == T.n_regions
    assert winners == {v[:-1] for v in dual_subdivision(f).upper_vertices}
    for x in data.draw(st.lists(rational_points(dim=f.n_vars, min_value=-8, max_value=8), max_size=8)):
        top = f.argmax(x)
        if len(top) == 1:
            assert top <= winners


@SMALL
@given(tropical_polynomials(n_vars=2, max_terms=7, max_degree=3))
def test_box_curve_lies_on_the_hypersurface(terms):
    f = P(terms)
    T = tropical_hypersurface(f)
    curve = tropical_curve(f, box=BOX)
    one_cells = [c for c in T.cells if c.dim == 1]
    for (p, q), seg_terms in zip(curve.segments, curve.segment_terms):
        homes = [c for c in one_cells if c.contains(p) and c.contains(q)]
        assert len(homes) == 1 and homes[0].dual_face == seg_terms
    # and the 1-skeleton accounts for every maximal cell: segments, rays and lines
    assert len(T.segments) + len(T.rays) + len(T.lines) == len(T.maximal_cells)
    for p, q in T.segments:
        assert f.is_on_hypersurface(_mid(p, q)) and p in T.vertices and q in T.vertices
    for base, r in T.rays:
        far = tuple(a + 100 * b for a, b in zip(base, r))
        assert f.is_on_hypersurface(far)
    for base, r in T.lines:
        assert f.is_on_hypersurface(tuple(a - 50 * b for a, b in zip(base, r)))


def test_facet_enumeration_is_refused_before_it_starts(monkeypatch):
    """An 18-variable polynomial on the cross-polytope's vertices: the upper bound theorem
    allows its lifted Newton polytope (37 vertices projectively, dimension 19) 9 373 650
    facets; dual_subdivision and tropical_hypersurface refuse before cddlib is called."""
    from tropgeo import _cdd
    from tropgeo.duality import dual_subdivision
    from tropgeo.errors import SizeLimitError
    from tropgeo.hypersurface_complex import tropical_hypersurface
    from tropgeo.polynomial import TropicalPolynomial
    from tropgeo.polytope import max_facet_count

    d = 18
    terms = {tuple(s * (i == k) for i in range(d)): k for k in range(d) for s in (1, -1)}
    f = TropicalPolynomial(terms)

    def no_cdd(*args, **kwargs):
        raise AssertionError("cddlib was called before the size check")

    monkeypatch.setattr(_cdd, "h_representation", no_cdd)
    bound = max_facet_count(2 * d + 1, d + 1)
    assert bound == 2 * comb(27, 9) == 9_373_650  # odd dimension 2k+1: 2 C(n-k-1, k)
    for call in (lambda: dual_subdivision(f), lambda: tropical_hypersurface(f)):
        with pytest.raises(SizeLimitError, match=f"up to {bound} facets.*max_facets=1000000"):
            call()
    with pytest.raises(SizeLimitError, match="max_facets=5"):
        dual_subdivision(TropicalPolynomial({(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1}), max_facets=5)
    monkeypatch.undo()
    # with the limit raised (and a small case) the same code runs to the end
    sq = TropicalPolynomial({(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1})
    assert dual_subdivision(sq, max_facets=6).n_cells == 2
    with pytest.raises(Exception, match="max_facets"):
        dual_subdivision(sq, max_facets=-1)


def test_max_facets_refuses_a_20_variable_polynomial_quickly():
    # 100 terms in 20 variables: the upper vertices come from LPs, then max_facets refuses
    # (before, a facet enumeration of ~120 chosen points in R^21 ran first and never ended).
    import pathlib
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import random, time
        from tropgeo import TropicalPolynomial
        from tropgeo.errors import SizeLimitError
        from tropgeo.hypersurface_complex import tropical_hypersurface
        random.seed(0)
        f = TropicalPolynomial({tuple(random.randint(0, 2) for _ in range(20)): random.randint(-5, 5) for _ in range(100)})
        t = time.perf_counter()
        try:
            tropical_hypersurface(f, max_facets=10, max_cells=10)
        except SizeLimitError as e:
            print("refused" if "max_facets=10" in str(e) else e, time.perf_counter() - t)
        """
    )
    root = pathlib.Path(__file__).resolve().parents[1]
    try:
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(root), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("tropical_hypersurface(f, max_facets=10, max_cells=10) ran for 30 s instead of refusing")
    assert res.returncode == 0, res.stderr[-500:]
    verdict, seconds = res.stdout.split()
    assert verdict == "refused" and float(seconds) < 10


def test_max_cells_takes_numpy_integers():
    import numpy as np

    assert tropical_hypersurface(hex_heights(1), max_cells=np.int64(100)).n_regions >= 1
    with pytest.raises(InvalidInputError, match="max_cells"):
        tropical_hypersurface(hex_heights(1), max_cells=np.float64(100))


def test_generic_plane_curve_of_degree_14_cell_count_and_the_planar_guard():
    """A generic tropical plane curve of degree d whose subdivision uses every lattice point is
    a unimodular triangulation of dΔ (Pick): d^2 triangles and 3d(d+1)/2 edges, so T(f) has
    that many cells.  The size guard counts by Euler's formula in the plane (at most 5 cells
    per upper vertex), so max_cells=700 admits the 511 cells for d = 14 (the general bound,
    over 7 000, refused it)."""
    import random

    from tropgeo.hypersurface_complex import tropical_hypersurface

    rng = random.Random(5)
    d = 14
    f = TropicalPolynomial({(i, j): -1000 * (i * i + j * j) + rng.randint(0, 500)
                            for i in range(d + 1) for j in range(d + 1 - i)})
    T = tropical_hypersurface(f, max_cells=700)
    assert T.n_regions == f.n_terms == (d + 1) * (d + 2) // 2
    assert len(T.cells) == d * d + 3 * d * (d + 1) // 2
    with pytest.raises(SizeLimitError, match="max_cells=500"):
        tropical_hypersurface(f, max_cells=500)
