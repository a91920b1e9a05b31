"""Any-depth MLP to tropical rationals: H_i - Q_i == scale * f_i exactly, and the size guard."""

from __future__ import annotations

import re
import time
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import mlps, rational_points, relu_networks, tropical_polynomials
from tropgeo import (
    InvalidInputError,
    MLP,
    ReLUNetwork,
    SizeLimitError,
    TropicalPolynomial,
    tropical_decomposition,
    tropical_product,
)
from tropgeo.deep_decomposition import MLPDecomposition, _term_estimate, mlp_decomposition

P = TropicalPolynomial


def _check_exact(net: MLP, points) -> MLPDecomposition:
    dec = mlp_decomposition(net)
    assert dec.scale > 0
    assert dec.network == net.integerized().network and dec.network.is_integral
    for x in points:
        out = net(x)
        for i in range(net.n_classes):
            value = dec.numerators[i](x) - dec.denominators[i](x)
            assert value == dec.output(i)(x) == dec.scale * out[i]
    return dec


@given(st.data())
def test_numerator_minus_denominator_is_scale_times_the_network(data):
    # depth 1-3, slopes 0, 1/10, 1/2, 2, -1, rational weights and biases
    net = data.draw(mlps())
    points = data.draw(st.lists(rational_points(dim=net.n_inputs), min_size=1, max_size=4))
    dec = _check_exact(net, points)
    for f in dec.numerators + dec.denominators:
        assert f == f.reduced()  # only upper-hull terms are kept


@given(st.data())
def test_other_slopes_including_the_identity(data):
    net = data.draw(mlps(slopes=(1, Fraction(3, 2), Fraction(-1, 3), Fraction(7, 5)), max_layers=3, max_width=2))
    points = data.draw(st.lists(rational_points(dim=net.n_inputs), min_size=1, max_size=3))
    _check_exact(net, points)


@given(mlps(max_layers=2, slopes=(0,)).filter(lambda net: net.n_hidden_layers == 1))
def test_one_relu_layer_gives_route_a_polynomials(net):
    # the same construction: unit l's pair is (c1_l x^(A+_l) ⊕ x^(A-_l), x^(A-_l)), then
    # products reduced to their upper hull, a canonical form, so the polynomials coincide
    dec = mlp_decomposition(net)
    route_a = tropical_decomposition(dec.network.as_relu_network())
    assert dec.numerators == route_a.numerators
    assert dec.denominators == route_a.denominators
    assert dec.scale == net.integerized().scale


@given(relu_networks(n_inputs=2, min_hidden=3, max_hidden=8, biases=True), st.integers(2, 40))
def test_guard_is_sound_and_no_stricter_than_route_a(params, max_terms):
    net = MLP.from_relu_network(ReLUNetwork(*params))
    try:
        dec = mlp_decomposition(net, max_terms=max_terms)
    except SizeLimitError:
        with pytest.raises(SizeLimitError):
            tropical_decomposition(net.integerized().network.as_relu_network(), max_terms=max_terms)
        return
    assert dec.n_terms <= max_terms


@given(st.data())
def test_deep_guard_is_sound(data):
    # a refusal may be cautious, but an accepted expansion never exceeds max_terms
    net = data.draw(mlps(max_layers=3, max_width=3, n_inputs=2))
    max_terms = data.draw(st.integers(1, 30))
    try:
        dec = mlp_decomposition(net, max_terms=max_terms)
    except SizeLimitError:
        return
    assert dec.n_terms <= max_terms


@given(st.data())
def test_arrangement_bound_is_an_upper_bound(data):
    n = data.draw(st.integers(1, 2))
    terms = data.draw(st.lists(tropical_polynomials(n_vars=n, min_terms=2, max_terms=6), min_size=1, max_size=4))
    factors = [P(t).reduced() for t in terms]
    powers = data.draw(st.lists(st.integers(1, 3), min_size=len(factors), max_size=len(factors)))
    actual = tropical_product(f.power(k, reduce=True) for f, k in zip(factors, powers)).n_terms
    # max_terms=0 forces the arrangement bound to be computed
    estimate, _ = _term_estimate(factors, 0, 10**9, {})
    assert estimate >= actual


def test_two_hidden_layers_known_answer():
    # h = relu(relu(x) + relu(1 - x) - 2), f = (h, -h).  Layer 1: (x ⊕ 0, 0) and (1 ⊕ x, x).
    # Layer 2: H = -2 ⊙ (x ⊕ 0)(x ⊕ 1) = -2 ⊙ (x^2 ⊕ 1⊙x ⊕ 1) over Q = x (the 0⊙x term
    # loses to 1⊙x); its ReLU is (H ⊕ x, x) = (-1 ⊕ x ⊕ -2⊙x^2, x).
    net = MLP([[[1], [-1]], [[1, 1]], [[1], [-1]]], biases=[[0, 1], [-2], None])
    dec = mlp_decomposition(net)
    F = P({(0,): -1, (1,): 0, (2,): -2})
    G = P({(1,): 0})
    assert dec.numerators == (F, G)
    assert dec.denominators == (G, F)
    assert dec.scale == 1 and dec.network == net
    assert [dec.output(0)((x,)) for x in (-3, Fraction(1, 2), 5)] == [2, 0, 3]


@pytest.mark.parametrize(
    ("slope", "H", "Q", "scale"),
    [
        # 2 σ(x) = relu(x) + x: (x ⊕ 0) ⊙ x over 0
        (Fraction(1, 2), {(1,): 0, (2,): 0}, {(0,): 0}, 2),
        # |x| = 2 relu(x) - x: (x ⊕ 0)^2 = x^2 ⊕ 0 over x
        (-1, {(0,): 0, (2,): 0}, {(1,): 0}, 1),
        # σ(x) = 2x - relu(x): x^2 over x ⊕ 0
        (2, {(2,): 0}, {(0,): 0, (1,): 0}, 1),
        # the identity: x over 0, no max at all
        (1, {(1,): 0}, {(0,): 0}, 1),
        # 10 σ(x) = 9 relu(x) + x: (x ⊕ 0)^9 ⊙ x = x^10 ⊕ x over 0^10
        (Fraction(1, 10), {(1,): 0, (10,): 0}, {(0,): 0}, 10),
    ],
)
def test_one_unit_slopes_known_answer(slope, H, Q, scale):
    net = MLP([[[1]], [[1], [-1]]], negative_slopes=[slope])
    dec = mlp_decomposition(net)
    assert dec.numerators == (P(H), P(Q))
    assert dec.denominators == (P(Q), P(H))
    assert dec.scale == scale


def test_rational_weights_are_integerized_and_the_scale_recorded():
    # W1 = 1/2: integerization doubles the unit and halves W2, then doubles the output layer
    net = MLP([[[Fraction(1, 2)]], [[1], [-1]]], biases=[[Fraction(1, 3)], None])
    dec = mlp_decomposition(net)
    assert dec.network.weights == (((1,),), ((1,), (-1,)))
    assert dec.scale == 2
    assert dec.numerators[0] == P({(0,): 0, (1,): Fraction(2, 3)})  # 2 relu(x/2 + 1/3) = max(x + 2/3, 0)
    assert dec.output(0)((Fraction(-1, 3),)) == 2 * net((Fraction(-1, 3),))[0]


def test_no_hidden_layer_is_a_pair_of_monomials():
    dec = mlp_decomposition(MLP([[[2, -3], [0, 1]]], biases=[[1, 0]]))
    assert dec.numerators == (P({(2, 0): 1}), P({(0, 1): 0}))
    assert dec.denominators == (P({(0, 3): 0}), P({(0, 0): 0}))
    assert dec.n_terms == 1 and dec.n_classes == 2


def test_wide_layer_is_refused_with_its_estimate():
    # 20 lines x + k y + k^2 = 0, tangents to a parabola, so in general position: 211 regions,
    # and H_0 (all 20 units) attains the bound exactly
    wide = MLP([[[1, k] for k in range(20)], [[1] * 20, [0] * 20]], biases=[[k * k for k in range(20)], None])
    with pytest.raises(SizeLimitError, match=r"layer 2 \(weights\[1\]\), unit 0: H may have up to 211 terms") as err:
        mlp_decomposition(wide, max_terms=210)
    assert "max_terms=210" in str(err.value)
    assert mlp_decomposition(wide, max_terms=211).numerators[0].n_terms == 211


def _integer_mlp(widths, seed):
    import random

    rng = random.Random(seed)
    pairs = list(zip(widths, widths[1:]))
    Ws = [[[rng.randint(-3, 3) for _ in range(n_in)] for _ in range(n_out)] for n_in, n_out in pairs]
    bs = [[rng.randint(-5, 5) for _ in range(n_out)] for _, n_out in pairs]
    return MLP(Ws, biases=bs)


@pytest.mark.parametrize("widths", [(784, 100, 10), (10, 50, 50, 50, 3), (3, 12, 12, 12, 12, 3)])
def test_big_networks_are_refused_quickly(widths):
    net = _integer_mlp(widths, seed=sum(widths))
    start = time.perf_counter()
    with pytest.raises(SizeLimitError, match=r"more than max_terms=500") as err:
        mlp_decomposition(net)
    assert time.perf_counter() - start < 30  # about a second unloaded
    m = re.search(r"layer \d+ .*unit \d+: \w+( ⊕ Q)? may have up to (\d+|about 10\^\d+) terms", str(err.value))
    assert m is not None, str(err.value)
    assert m.group(2).startswith("about") or int(m.group(2)) > 500


def test_bad_arguments_name_the_argument():
    relu_net = ReLUNetwork([[1]], [[1], [-1]])
    with pytest.raises(InvalidInputError, match=r"net must be an MLP, got ReLUNetwork.*from_relu_network"):
        mlp_decomposition(relu_net)  # type: ignore[arg-type]
    net = MLP.from_relu_network(relu_net)
    for bad in (0, -3, True, 2.5, "10"):
        with pytest.raises(InvalidInputError, match=rf"max_terms={re.escape(repr(bad))} must be an int >= 1"):
            mlp_decomposition(net, max_terms=bad)  # type: ignore[arg-type]
    dec = mlp_decomposition(net)
    with pytest.raises(InvalidInputError, match=r"i=2 must be a class index in \[0, 2\)"):
        dec.output(2)
