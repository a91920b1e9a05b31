"""TropicalPolynomial, TropicalRational, Newton polytopes and Facts 2-4 of the appendix."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import rational_points, tropical_polynomials
from tropgeo import (
    InexactInputError,
    InvalidInputError,
    SizeLimitError,
    TropicalPolynomial,
    TropicalRational,
    convex_hull,
    dual_subdivision,
    minkowski_sum,
    newton_polytope,
    tropical_product,
)

P = TropicalPolynomial


def _scaled(points, a):
    return [tuple(a * v for v in p) for p in points]


# --- algebra against evaluation ------------------------------------------------------


@given(tropical_polynomials(n_vars=2), tropical_polynomials(n_vars=2), rational_points(dim=2))
def test_sum_and_product_evaluate_to_max_and_plus(f, g, x):
    f, g = P(f), P(g)
    assert (f + g)(x) == max(f(x), g(x))
    assert (f * g)(x) == f(x) + g(x)


@given(tropical_polynomials(n_vars=2, max_terms=4), st.integers(0, 4), rational_points(dim=2))
def test_power_is_repeated_product(f, k, x):
    f = P(f)
    assert (f**k)(x) == k * f(x)
    formal = P.constant(0, n_vars=2)
    for _ in range(k):
        formal = formal * f
    assert f**k == formal  # the formal product, every term kept
    assert f.power(k, reduce=True) == formal.reduced()  # k times the upper vertices
    assert f.power(k, reduce=True)(x) == k * f(x)


def test_huge_power_is_refused_formally_and_cheap_reduced():
    f = P({(1, 0): 3, (0, 1): 0, (0, 0): -1})
    with pytest.raises(SizeLimitError, match=r"up to \d+ terms .*reduce=True"):
        f ** (2**57)
    g = f.power(2**57, reduce=True)
    assert g.n_terms == 3 and g((1, 2)) == 2**57 * f((1, 2))


@given(tropical_polynomials(n_vars=2, max_terms=8), rational_points(dim=2))
def test_reduced_is_the_same_function_and_the_same_hypersurface(f, x):
    f = P(f)
    r = f.reduced()
    assert r(x) == f(x)
    assert set(r.terms) <= set(f.terms)
    # a reduced term set attains the max twice iff the full one does
    assert r.is_on_hypersurface(x) == f.is_on_hypersurface(x)


@given(st.lists(tropical_polynomials(n_vars=2, max_terms=3), min_size=1, max_size=4), rational_points(dim=2))
def test_pruned_product_equals_formal_product_as_a_function(factors, x):
    fs = [P(f) for f in factors]
    formal = tropical_product(fs, reduce=False)
    pruned = tropical_product(fs)
    assert pruned(x) == formal(x)
    assert pruned.is_equivalent(formal)


# --- Facts 2-4: Newton polytopes of powers, products and sums --------------------------


@given(tropical_polynomials(n_vars=2), st.integers(1, 3))
def test_fact2_newton_polytope_of_power_is_scaled(f, a):
    f = P(f)
    assert newton_polytope(f**a) == convex_hull(_scaled(newton_polytope(f).vertices, a))


@given(tropical_polynomials(n_vars=3, max_terms=5), tropical_polynomials(n_vars=3, max_terms=5))
def test_fact3_newton_polytope_of_product_is_minkowski_sum(f, g):
    f, g = P(f), P(g)
    assert newton_polytope(f * g) == minkowski_sum(newton_polytope(f), newton_polytope(g))


@given(tropical_polynomials(n_vars=3), tropical_polynomials(n_vars=3))
def test_fact4_newton_polytope_of_sum_is_hull_of_union(f, g):
    f, g = P(f), P(g)
    union = newton_polytope(f).vertices + newton_polytope(g).vertices
    assert newton_polytope(f + g) == convex_hull(union)


# --- the paper's examples, exactly -----------------------------------------------------


def test_figure1_first_example_x_plus_y_plus_0():
    f = P({(1, 0): 0, (0, 1): 0, (0, 0): 0})
    assert newton_polytope(f).vertices == ((0, 0), (0, 1), (1, 0))
    assert dual_subdivision(f).cells == frozenset({frozenset({(0, 0), (0, 1), (1, 0)})})
    assert f.argmax((0, 0)) == frozenset({(1, 0), (0, 1), (0, 0)})
    assert f.is_on_hypersurface((3, 3)) and f.is_on_hypersurface((0, -5)) and not f.is_on_hypersurface((1, 2))


def test_appendix_section9_example_product_and_subdivision():
    # f = (x ⊕ y ⊕ 0) ⊙ ((x ⊙ -1) ⊕ (y ⊙ 1) ⊕ 0), the second example of Figure 1
    f = P({(1, 0): 0, (0, 1): 0, (0, 0): 0}) * P({(1, 0): -1, (0, 1): 1, (0, 0): 0})
    assert f.as_dict() == {(2, 0): -1, (1, 1): 1, (1, 0): 0, (0, 2): 1, (0, 1): 1, (0, 0): 0}
    cells = dual_subdivision(f).cells
    # The paper lists 4 triangles, splitting the unit square by the diagonal (0,1)-(1,0).  Exactly,
    # the lifted points (0,0,0), (1,0,0), (0,1,1), (1,1,1) lie on one plane (height = y), so the
    # square is a single upper face: 3 cells.  A float hull code triangulates that face; the exact
    # answer wins (docs/theorem2.md, "The paper's Section 9 example").
    assert cells == frozenset(
        {
            frozenset({(0, 2), (1, 1), (0, 1)}),
            frozenset({(0, 0), (1, 0), (1, 1), (0, 1)}),
            frozenset({(1, 1), (2, 0), (1, 0)}),
        }
    )
    paper_triangles = [{(0, 1), (1, 1), (1, 0)}, {(0, 1), (1, 0), (0, 0)}]
    lifted = dict(f.terms)
    for tri in paper_triangles:  # both of the paper's triangles lie in the one flat square face
        assert all(lifted[p] == p[1] for p in tri)
    # 6 linear regions (Figure 1): every term is an upper vertex
    assert len(dual_subdivision(f).upper_vertices) == 6


# --- rationals ---------------------------------------------------------------------------


@given(
    tropical_polynomials(n_vars=2, max_terms=3),
    tropical_polynomials(n_vars=2, max_terms=3),
    tropical_polynomials(n_vars=2, max_terms=3),
    tropical_polynomials(n_vars=2, max_terms=3),
    rational_points(dim=2),
)
def test_rational_operations_evaluate_pointwise(h1, q1, h2, q2, x):
    f = TropicalRational(P(h1), P(q1))
    g = TropicalRational(P(h2), P(q2))
    assert f(x) == P(h1)(x) - P(q1)(x)
    assert (f + g)(x) == max(f(x), g(x))
    assert (f * g)(x) == f(x) + g(x)
    assert (f / g)(x) == f(x) - g(x)


# --- bad input -----------------------------------------------------------------------------


def test_float_coefficient_is_refused_with_its_exponent_named():
    with pytest.raises(InexactInputError, match=r"terms\[\(1, 0\)\]=0.5 is a float"):
        P({(1, 0): 0.5})


def test_minus_infinity_is_the_tropical_zero_and_is_dropped():
    f = P({(1,): float("-inf"), (0,): 2})
    assert f.terms == (((0,), 2),)
    with pytest.raises(InvalidInputError, match="at least one finite coefficient"):
        P({(1,): float("-inf")})


def test_ragged_and_fractional_exponents_are_refused():
    with pytest.raises(InvalidInputError, match="same length"):
        P({(1, 0): 0, (1,): 0})
    with pytest.raises(InvalidInputError, match="integer exponent"):
        P({(Fraction(1, 2),): 0})
    with pytest.raises(InvalidInputError, match="variables"):
        P({(1,): 0}) + P({(1, 0): 0})
    with pytest.raises(InvalidInputError, match="length 2"):
        P({(1, 0): 0})((1, 2, 3))


def test_keys_naming_one_exponent_keep_the_largest_coefficient():
    # (0, 1) and range(0, 2) are different dict keys for the same exponent: tropical
    # addition (max), not the last one written, whatever the order
    assert TropicalPolynomial({(0, 1): 5, range(0, 2): 1}).terms == (((0, 1), 5),)
    assert TropicalPolynomial({range(0, 2): 1, (0, 1): 5}).terms == (((0, 1), 5),)
    f = TropicalPolynomial({(0, 1): 5, range(0, 2): 1, (1, 0): 0})
    assert f == TropicalPolynomial({(0, 1): 5, (1, 0): 0}) and f((0, 0)) == 5
