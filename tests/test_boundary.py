"""Exact boundary points: on {f_i = f_j}, on the segment, reached from f_i > f_j."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given

from strategies import rational_points, relu_networks
from tropgeo import InvalidInputError, ReLUNetwork, boundary_point_on_segment, boundary_points


@given(relu_networks(n_inputs=2, max_hidden=4, biases=True), rational_points(dim=2), rational_points(dim=2))
def test_boundary_point_is_exact_and_on_the_segment(params, a, b):
    net = ReLUNetwork(*params)
    fa, fb = net(a), net(b)
    assume(fa[0] > fa[1] and fb[0] < fb[1])
    x = boundary_point_on_segment(net, 0, 1, a, b)
    assert x is not None
    out = net(x)
    assert out[0] == out[1]
    # x = a + t (b - a) for one t in (0, 1)
    ts = {Fraction(xk - ak) / Fraction(bk - ak) for xk, ak, bk in zip(x, a, b) if bk != ak}
    assert len(ts) == 1 and 0 < ts.pop() < 1
    # just before x (towards a) the gap is positive: x is on the boundary of {f_0 > f_1}
    eps = Fraction(1, 10**9)
    before = tuple(Fraction(xk) + eps * (Fraction(ak) - Fraction(xk)) for xk, ak in zip(x, a))
    o = net(before)
    assert o[0] > o[1]


def test_no_point_when_the_gap_stays_positive():
    net = ReLUNetwork([[1, 0]], [[1], [0]], c2=[1, 0])
    assert boundary_point_on_segment(net, 0, 1, (0, 0), (5, 5)) is None
    assert boundary_points(net, 0, 1, [(0, 0), (1, 1)]) == ()


def test_start_point_must_favour_class_i():
    net = ReLUNetwork([[1, 0]], [[1], [0]])
    with pytest.raises(InvalidInputError, match="must exceed"):
        boundary_point_on_segment(net, 0, 1, (-1, 0), (1, 0))
