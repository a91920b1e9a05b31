"""Theorem 2 (both parts) and Proposition 1 on random small integer networks, and known answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from strategies import relu_networks
from tropgeo import (
    InvalidInputError,
    ReLUNetwork,
    Zonotope,
    boundary_polynomial,
    convex_hull,
    corollary1_zonotopes,
    decision_boundary_polytope,
    decision_boundary_subdivision,
    dual_subdivision,
    lifted_polytope,
    newton_polytope,
    theorem2_segments,
    tropical_decomposition,
    verify_theorem2,
)


def _grid(n):
    import itertools

    return [p for p in itertools.product(range(-3, 4, 2), repeat=n)]


def _assert_part1_exercised_where_the_samples_separate(net, report, points):
    # boundary_points must never come back empty when the samples show both signs of f_i - f_j
    for p in report.pairs:
        gaps = [net(x)[p.i] - net(x)[p.j] for x in points]
        if any(g > 0 for g in gaps) and any(g < 0 for g in gaps):
            assert p.part1_exercised, (p.i, p.j)
        if p.part1_exercised:
            for x in p.boundary_points:
                assert net(x)[p.i] == net(x)[p.j]


@settings(max_examples=25)
@given(relu_networks(n_inputs=2, max_hidden=4, biases=False))
def test_theorem2_bias_free_2d(params):
    net = ReLUNetwork(*params)
    report = verify_theorem2(net, points=_grid(2), max_boundary_points=4)
    assert report.holds, report
    _assert_part1_exercised_where_the_samples_separate(net, report, _grid(2))


@settings(max_examples=25)
@given(relu_networks(n_inputs=2, max_hidden=4, biases=True, n_classes=3))
def test_theorem2_with_biases_three_classes(params):
    net = ReLUNetwork(*params)
    report = verify_theorem2(net, points=_grid(2), max_boundary_points=3)
    assert [(p.i, p.j) for p in report.pairs] == [(0, 1), (0, 2), (1, 2)]
    assert report.holds, report
    _assert_part1_exercised_where_the_samples_separate(net, report, _grid(2))
    # with biases the lifted polytope of Route B is the lifted polytope of Route A's R
    dec = tropical_decomposition(net)
    for p in report.pairs:
        R = boundary_polynomial(dec, p.i, p.j)
        expected = lifted_polytope(R) if net.has_biases else newton_polytope(R)  # zero biases: R^n form
        assert decision_boundary_polytope(net, p.i, p.j) == expected


@settings(max_examples=15)
@given(relu_networks(n_inputs=3, max_hidden=4, biases=True))
def test_theorem2_with_biases_3d(params):
    net = ReLUNetwork(*params)
    report = verify_theorem2(net, points=_grid(3), max_boundary_points=3)
    assert report.holds, report
    _assert_part1_exercised_where_the_samples_separate(net, report, _grid(3))


@settings(max_examples=25)
@given(relu_networks(n_inputs=2, max_hidden=4, biases=False))
def test_bias_free_dual_subdivision_is_the_hull_of_the_two_zonotopes(params):
    # Theorem 2, part 2, in the paper's own words, computed by the two routes independently
    net = ReLUNetwork(*params)
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    z1, z2 = corollary1_zonotopes(net, 0, 1)
    hull = convex_hull(z1.vertices + z2.vertices)
    assert newton_polytope(R) == hull == decision_boundary_polytope(net, 0, 1)
    assert dual_subdivision(R).cells == frozenset({frozenset(hull.vertices)})


@given(relu_networks(n_inputs=3, max_hidden=5, biases=False))
def test_proposition1_on_theorem2_segments(params):
    net = ReLUNetwork(*params)
    seg1, pt1, seg2, pt2 = theorem2_segments(net, 0, 1)
    z1, z2 = corollary1_zonotopes(net, 0, 1)
    assert Zonotope.from_segments(seg1 + ((pt1, pt1),)) == z1
    assert Zonotope.from_segments(seg2 + ((pt2, pt2),)) == z2


def test_known_answer_identity_network():
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    # f1 = relu(x) - relu(y) = -f2: R = (x ⊕ 0)^2 ⊕ (y ⊕ 0)^2, reduced x^2 ⊕ y^2 ⊕ 0
    assert decision_boundary_polytope(net, 0, 1).vertices == ((0, 0), (0, 2), (2, 0))


def test_literal_part1_fails_where_the_classes_tie_on_an_open_set():
    # bias-free, A = I: on {x < 0, y < 0} every unit is off and f1 = f2 = 0 (docs/theorem2.md)
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    x = (-1, -2)
    assert net(x)[0] == net(x)[1]
    assert not R.is_on_hypersurface(x)
    # the decision boundary proper ({x = y} here) is in T(R), and verify checks exactly that
    report = verify_theorem2(net, points=[(3, 1), (1, 3), (2, -1), (-1, 2)])
    assert report.holds and all(len(p.boundary_points) > 0 for p in report.pairs)
    for p in report.pairs[0].boundary_points:
        assert p[0] == p[1] and p[0] >= 0


def test_a_wrong_polytope_is_detected():
    # The check can fail: Route B of a different network does not match Route A.
    net = ReLUNetwork([[1, 2], [2, -1], [1, 1]], [[1, -2, 1], [-1, 1, 2]], c1=[1, 0, -1])
    other = ReLUNetwork([[1, 2], [2, -1], [1, 1]], [[1, -2, 1], [-1, 1, 3]], c1=[1, 0, -1])
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    assert dual_subdivision(R).upper_vertices != decision_boundary_subdivision(other, 0, 1).upper_vertices


def test_a_wrong_lifted_polytope_is_detected():
    # the lifted check compares heights: another c2 moves the heights, not the exponents
    net = ReLUNetwork([[1, 2], [2, -1]], [[1, -2], [-1, 1]], c1=[1, 0], c2=[0, 0])
    other = ReLUNetwork([[1, 2], [2, -1]], [[1, -2], [-1, 1]], c1=[1, 0], c2=[1, 0])
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    assert decision_boundary_polytope(net, 0, 1) == lifted_polytope(R)
    assert decision_boundary_polytope(other, 0, 1) != lifted_polytope(R)


def test_far_probes_find_a_boundary_the_samples_miss():
    # f_0 - f_1 = relu(x) - 10 < 0 at every sample; it is positive far out (x > 10)
    net = ReLUNetwork([[1, 0]], [[1], [0]], c2=[0, 10])
    samples = [(0, 0), (1, 2), (-3, 1), (5, 5)]
    from tropgeo.boundary import boundary_points

    assert boundary_points(net, 0, 1, samples, probe_far=False) == ()
    found = boundary_points(net, 0, 1, samples, max_points=4)
    assert found and all(x[0] == 10 for x in found)
    report = verify_theorem2(net, points=samples)
    assert report.holds and report.pairs[0].part1_exercised and not report.unexercised_pairs


def test_identical_classes_make_part1_vacuous_and_the_report_says_so():
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [1, -1]])      # f_0 = f_1 everywhere
    report = verify_theorem2(net, points=_grid(2))
    (p,) = report.pairs
    assert p.part1_holds and not p.part1_exercised and p.boundary_points == ()
    assert report.unexercised_pairs == (p,)


def test_size_guard_refuses_before_any_expansion():
    import random

    from tropgeo import SizeLimitError, term_bound
    from tropgeo.decomposition import DEFAULT_MAX_TERMS

    rnd = random.Random(3)
    A = [[rnd.randint(-9, 9) for _ in range(4)] for _ in range(60)]
    B = [[rnd.randint(-9, 9) for _ in range(60)] for _ in range(2)]
    net = ReLUNetwork(A, B, c1=[rnd.randint(-5, 5) for _ in range(60)])
    bound = term_bound(net, 0, 1)
    assert bound > DEFAULT_MAX_TERMS
    with pytest.raises(SizeLimitError, match=rf"pair \(0, 1\): R may have up to {bound} terms.*max_terms={DEFAULT_MAX_TERMS}"):
        verify_theorem2(net)
    with pytest.raises(SizeLimitError, match=f"max_terms={DEFAULT_MAX_TERMS}"):
        tropical_decomposition(net)
    with pytest.raises(SizeLimitError, match="800 inputs, more than max_inputs=64"):
        verify_theorem2(ReLUNetwork([[1] * 800], [[1], [-1]]))


def test_term_bound_is_an_upper_bound(  # the guard is only sound if it never underestimates
):
    import random

    from tropgeo import term_bound

    rnd = random.Random(5)
    for _ in range(30):
        n, p = rnd.randint(1, 3), rnd.randint(1, 5)
        A = [[rnd.randint(-3, 3) for _ in range(n)] for _ in range(p)]
        B = [[rnd.randint(-3, 3) for _ in range(p)] for _ in range(2)]
        net = ReLUNetwork(A, B, c1=[rnd.randint(-2, 2) for _ in range(p)], c2=[rnd.randint(-2, 2) for _ in range(2)])
        dec = tropical_decomposition(net)
        assert boundary_polynomial(dec, 0, 1).n_terms <= term_bound(net, 0, 1)
        for i in range(2):
            assert max(dec.numerators[i].n_terms, dec.denominators[i].n_terms) <= term_bound(net, i)


def test_verify_rejects_bad_input():
    net = ReLUNetwork([[1, 0]], [[1], [-1]])
    with pytest.raises(InvalidInputError, match="ReLUNetwork"):
        verify_theorem2("not a network")
    with pytest.raises(InvalidInputError, match="length 1"):
        verify_theorem2(net, points=[(1,)])
    with pytest.raises(InvalidInputError, match="class index"):
        verify_theorem2(net, pairs=[(0, 5)])
    with pytest.raises(InvalidInputError, match="pairs is empty"):
        verify_theorem2(net, pairs=[])
    with pytest.raises(InvalidInputError, match="must be a pair"):
        verify_theorem2(net, pairs=[(0,)])
    with pytest.raises(InvalidInputError, match="sequence of pairs"):
        verify_theorem2(net, pairs=5)
    with pytest.raises(InvalidInputError, match="sequence of points"):
        verify_theorem2(net, points=5)
    with pytest.raises(InvalidInputError, match="callable"):
        verify_theorem2(net, progress=5)
    with pytest.raises(InvalidInputError, match="seed"):
        verify_theorem2(net, seed=[1])
    with pytest.raises(InvalidInputError, match="at least 2"):
        verify_theorem2(ReLUNetwork([[1, 0]], [[1]]))
    import numpy as np

    assert verify_theorem2(net, pairs=[(np.int64(0), np.int64(1))]).holds
