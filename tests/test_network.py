"""ReLUNetwork: exact evaluation and integerization that keeps the decision boundaries."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import rational_points, rationals
from tropgeo import InexactInputError, InvalidInputError, ReLUNetwork


@st.composite
def rational_networks(draw):
    p = draw(st.integers(1, 4))
    n = 2
    A = [[draw(rationals(max_denominator=5)) for _ in range(n)] for _ in range(p)]
    B = [[draw(rationals(max_denominator=5)) for _ in range(p)] for _ in range(3)]
    c1 = [draw(rationals()) for _ in range(p)]
    c2 = [draw(rationals()) for _ in range(3)]
    return ReLUNetwork(A, B, c1, c2)


@given(rational_networks(), rational_points(dim=2))
def test_integerized_network_computes_scale_times_f(net, x):
    r = net.integerized()
    assert r.network.is_integral
    assert r.scale > 0
    assert r.network(x) == tuple(r.scale * v for v in net(x))
    assert r.network.predict(x) == net.predict(x)


def test_evaluation_is_exact():
    net = ReLUNetwork([[Fraction(1, 3), 1]], [[3], [-3]], c1=[Fraction(1, 7)])
    assert net((1, 0)) == (Fraction(10, 7), Fraction(-10, 7))


def test_bad_inputs_name_the_argument():
    with pytest.raises(InexactInputError, match=r"B\[1\]\[0\]=2.0 is a float"):
        ReLUNetwork([[1]], [[1], [2.0]])
    with pytest.raises(InvalidInputError, match="at least 2 rows"):
        ReLUNetwork([[1]], [[1]])
    with pytest.raises(InvalidInputError, match="one column per hidden unit"):
        ReLUNetwork([[1], [2]], [[1], [2]])
    with pytest.raises(InvalidInputError, match="c1 must have length 2"):
        ReLUNetwork([[1], [2]], [[1, 1], [2, 2]], c1=[1])
    with pytest.raises(InexactInputError, match="float dtype"):
        ReLUNetwork(np.ones((2, 2)), [[1, 1], [2, 2]])
    with pytest.raises(InvalidInputError, match="x must have length 2"):
        ReLUNetwork([[1, 1]], [[1], [2]])((1,))


def test_class_indices_accept_numpy_integers_everywhere():
    import numpy as np

    from tropgeo import boundary_polynomial, decision_boundary_polytope, term_bound, tropical_decomposition

    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1], [0, 1]], c1=[0, 1])
    i, j = np.int64(0), np.int32(2)
    dec = tropical_decomposition(net)
    assert boundary_polynomial(dec, i, j) == boundary_polynomial(dec, 0, 2)
    assert decision_boundary_polytope(net, i, j) == decision_boundary_polytope(net, 0, 2)
    assert term_bound(net, i, j) == term_bound(net, 0, 2)
    assert dec.output(i) == dec.output(0)
    for bad in (True, 1.0, "0", 3, -1):
        with pytest.raises(InvalidInputError, match="must be a class index in"):
            boundary_polynomial(dec, bad, 1)
