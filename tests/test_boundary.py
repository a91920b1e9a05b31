"""Exact boundary points: on {f_i = f_j}, on the segment, reached from f_i > f_j."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from strategies import relu_networks
from tropgeo import InvalidInputError, ReLUNetwork, boundary_point_on_segment, boundary_points


GRID = [(x, y) for x in range(-4, 5, 2) for y in range(-4, 5, 2)]


@given(relu_networks(n_inputs=2, max_hidden=4, biases=True), st.integers(0, 10**6))
def test_boundary_point_is_exact_and_on_the_segment(params, pick):
    net = ReLUNetwork(*params)
    pos = [p for p in GRID if net(p)[0] > net(p)[1]]
    neg = [p for p in GRID if net(p)[0] < net(p)[1]]
    assume(pos and neg)
    a, b = pos[pick % len(pos)], neg[(pick // 7) % len(neg)]
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
    for y in boundary_points(net, 0, 1, GRID, max_points=3, seed=pick):
        assert net(y)[0] == net(y)[1]


def test_no_point_when_the_gap_stays_positive():
    net = ReLUNetwork([[1, 0]], [[1], [0]], c2=[1, 0])
    assert boundary_point_on_segment(net, 0, 1, (0, 0), (5, 5)) is None
    assert boundary_points(net, 0, 1, [(0, 0), (1, 1)]) == ()


def test_start_point_must_favour_class_i():
    net = ReLUNetwork([[1, 0]], [[1], [0]])
    with pytest.raises(InvalidInputError, match="must exceed"):
        boundary_point_on_segment(net, 0, 1, (-1, 0), (1, 0))


def test_a_huge_max_points_is_capped_by_the_segments_that_exist():
    net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, -1, 0], [-1, 1, 1]], c1=[0, 1, -1])
    pts = [(-3, 2), (3, -2), (2, 2), (-2, -2)]
    few = boundary_points(net, 0, 1, pts, max_points=10**12, probe_far=False)
    # at most one new point per (positive, negative) pair of sample points
    gaps = [Fraction(net(p)[0]) - Fraction(net(p)[1]) for p in pts]
    n_pairs = sum(g > 0 for g in gaps) * sum(g < 0 for g in gaps)
    assert 1 <= len(few) <= n_pairs
