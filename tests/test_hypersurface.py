"""Exact tropical curves in a box."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from strategies import tropical_polynomials
from tropgeo import InvalidInputError, TropicalPolynomial, dual_subdivision, tropical_curve

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
