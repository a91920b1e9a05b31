"""MLP: exact evaluation, integerization, conversion to and from ReLUNetwork."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import mlps
from tropgeo import MLP, ReLUNetwork
from tropgeo.errors import InexactInputError, InvalidInputError

small = st.fractions(min_value=-4, max_value=4, max_denominator=6)


def _reference(net: MLP, x):
    """The forward pass written out independently, with Fractions."""
    h = [Fraction(v) for v in x]
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        z = [sum((Fraction(w) * v for w, v in zip(row, h)), Fraction(c)) for row, c in zip(W, b)]
        if l < len(net.weights) - 1:
            a = Fraction(net.negative_slopes[l])
            h = [max(v, 0) + a * min(v, 0) for v in z]
        else:
            return tuple(z)


@given(mlps(), st.data())
@settings(max_examples=80, deadline=None)
def test_integerized_scales_the_logits_exactly(net, data):
    r = net.integerized()
    assert r.network.is_integral and r.scale > 0
    assert r.network.negative_slopes == net.negative_slopes
    x = tuple(data.draw(small) for _ in range(net.n_inputs))
    assert net(x) == _reference(net, x)
    assert r.network(x) == tuple(r.scale * v for v in net(x))
    assert r.network.predict(x) == net.predict(x)


def test_known_values_and_relu_network_round_trip():
    # relu / leaky by hand: z = (x - 1, -x); at x = -2: (-3, 2) -> leaky 1/4: (-3/4, 2)
    net = MLP([[[1], [-1]], [[1, 1], [2, -1]]], biases=[[-1, 0], [0, 0]], negative_slopes=[Fraction(1, 4)])
    assert net((-2,)) == (Fraction(5, 4), Fraction(-7, 2))
    assert net.layer_outputs((-2,))[0] == (-3, 2)
    relu = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[3, 0])
    m = MLP.from_relu_network(relu)
    assert m.as_relu_network() == relu
    for x in [(0, 0), (1, -3), (Fraction(1, 3), 2)]:
        assert m(x) == relu(x)


def test_bad_input_names_the_argument():
    with pytest.raises(InvalidInputError, match="weights must be a nonempty"):
        MLP([])
    with pytest.raises(InvalidInputError, match=r"weights\[1\] must have 2 columns"):
        MLP([[[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0]]])
    with pytest.raises(InvalidInputError, match="at least 2 rows"):
        MLP([[[1, 0]]])
    with pytest.raises(InvalidInputError, match=r"biases\[0\] must have length 1"):
        MLP([[[1]], [[1], [1]]], biases=[[1, 2], None])
    with pytest.raises(InvalidInputError, match="negative_slopes must be a sequence of 1"):
        MLP([[[1]], [[1], [1]]], negative_slopes=[0, 0])
    with pytest.raises(InexactInputError):
        MLP([[[1]], [[1], [1]]], negative_slopes=[0.01])
    with pytest.raises(InexactInputError):
        MLP([[[0.5]], [[1], [1]]])
    with pytest.raises(InvalidInputError, match="x must have length 1"):
        MLP([[[1]], [[1], [1]]])((1, 2))
    with pytest.raises(InvalidInputError, match="one ReLU hidden layer"):
        MLP([[[1]], [[1]], [[1], [1]]]).as_relu_network()
    with pytest.raises(InvalidInputError, match="one ReLU hidden layer"):
        MLP([[[1]], [[1], [1]]], negative_slopes=[Fraction(1, 2)]).as_relu_network()


@pytest.mark.parametrize(
    "weights",
    [[[[]], [[1], [2]]], [[[], []], [[1, 1], [2, 2]]], [np.zeros((1, 0), dtype=np.int64), [[1], [2]]], [[[]], [[1]], [[1], [2]]]],
)
def test_a_network_of_no_inputs_is_refused_at_construction(weights):
    with pytest.raises(InvalidInputError, match=r"weights\[0\] has \d rows of 0 columns; the network needs at least one input"):
        MLP(weights)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"negative_slopes": {0: 1}}, r"negative_slopes=\{0: 1\} is a dict, a mapping, not a sequence"),
        ({"negative_slopes": {0: 1, 1: 2}}, r"negative_slopes=\{0: 1, 1: 2\} is a dict, a mapping"),
        ({"negative_slopes": {Fraction(1, 2)}}, r"negative_slopes=\{Fraction\(1, 2\)\} is a set, which has no order"),
        ({"negative_slopes": frozenset({0})}, r"negative_slopes=frozenset\(\{0\}\) is a frozenset"),
        ({"biases": {0: [0], 1: [0, 0]}}, r"biases=\{0: \[0\], 1: \[0, 0\]\} is a dict, a mapping"),
        ({"biases": "ab"}, r"biases='ab' is a str"),
    ],
)
def test_mappings_and_sets_are_refused_naming_the_argument(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        MLP([[[1]], [[1], [2]]], **kwargs)


def test_weights_as_a_mapping_are_refused():
    with pytest.raises(InvalidInputError, match=r"weights=\{0: .*\} is a dict, a mapping, not a sequence"):
        MLP({0: [[1]], 1: [[1], [2]]})
    with pytest.raises(InvalidInputError, match=r"weights=\{.*\} is a dict, a mapping"):
        MLP({"a": [[1]], "b": [[1], [2]]})
