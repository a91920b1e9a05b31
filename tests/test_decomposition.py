"""Route A: H_i - Q_i equals the network exactly; R_ij is H_i Q_j ⊕ H_j Q_i."""

from __future__ import annotations

import pytest
from hypothesis import given

from strategies import rational_points, relu_networks
from tropgeo import (
    InvalidInputError,
    ReLUNetwork,
    TropicalPolynomial,
    boundary_polynomial,
    tropical_decomposition,
    tropical_product,
)


@given(relu_networks(n_inputs=2, max_hidden=4, n_classes=3, biases=True), rational_points(dim=2))
def test_numerator_minus_denominator_is_the_network(params, x):
    net = ReLUNetwork(*params)
    dec = tropical_decomposition(net)
    out = net(x)
    for i in range(net.n_classes):
        assert dec.output(i)(x) == out[i]


@given(relu_networks(n_inputs=3, max_hidden=3, biases=True), rational_points(dim=3))
def test_boundary_polynomial_is_max_of_the_two_halves(params, x):
    net = ReLUNetwork(*params)
    dec = tropical_decomposition(net)
    R = boundary_polynomial(dec, 0, 1)
    h0, q0, h1, q1 = dec.numerators[0], dec.denominators[0], dec.numerators[1], dec.denominators[1]
    assert R(x) == max(h0(x) + q1(x), h1(x) + q0(x))


@given(relu_networks(n_inputs=2, max_hidden=4, biases=True))
def test_pruned_boundary_polynomial_equals_the_full_expansion(params):
    net = ReLUNetwork(*params)
    dec = tropical_decomposition(net)
    full = tropical_product(dec.numerator_factors[0] + dec.denominator_factors[1], reduce=False) + tropical_product(
        dec.numerator_factors[1] + dec.denominator_factors[0], reduce=False
    )
    assert boundary_polynomial(dec, 0, 1) == full.reduced()


def test_single_unit_known_answer():
    # f1 = relu(x - y), f2 = -relu(x - y): H1 = max(x, y), Q1 = y, H2 = y, Q2 = max(x, y)
    dec = tropical_decomposition(ReLUNetwork([[1, -1]], [[1], [-1]]))
    assert dec.numerators[0] == TropicalPolynomial({(1, 0): 0, (0, 1): 0})
    assert dec.denominators[0] == TropicalPolynomial({(0, 1): 0})
    assert dec.numerators[1] == TropicalPolynomial({(0, 1): 0})
    assert dec.denominators[1] == TropicalPolynomial({(1, 0): 0, (0, 1): 0})


def test_rational_weights_need_integerization():
    from fractions import Fraction

    net = ReLUNetwork([[Fraction(1, 2)]], [[1], [-1]])
    with pytest.raises(InvalidInputError, match="integerized"):
        tropical_decomposition(net)
    assert tropical_decomposition(net.integerized().network).network.A == ((1,),)


def test_pair_indices_are_checked():
    dec = tropical_decomposition(ReLUNetwork([[1, -1]], [[1], [-1]]))
    with pytest.raises(InvalidInputError, match=r"j=2 must be a class index in \[0, 2\)"):
        boundary_polynomial(dec, 0, 2)
    with pytest.raises(InvalidInputError, match="different classes"):
        boundary_polynomial(dec, 1, 1)
