"""input_slice: exact activation regions, class cells and decision boundary on 2-D slices.

Known answers come from outside the code under test: Zaslavsky's count for lines in
general position, the Euler-type count ``1 + L + Σ_v (m_v - 1)`` of a line arrangement in
a box, brute-force activation patterns on a grid, the network's own exact forward pass,
and the separately implemented ``tropical_curve`` for the linear regions of a convex net.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import mlps, relu_networks, slice_boxes, slice_planes
from tropgeo import MLP, ReLUNetwork, TropicalPolynomial, tropical_curve, tropical_product
from tropgeo.errors import InexactInputError, InvalidInputError, SizeLimitError
from tropgeo.slices import InputSlice, input_slice, slice_region_bound

EPS = F(1, 10**30)  # far below any distance between distinct features of the small nets here


# --- independent checks -----------------------------------------------------------------


def _area(vs):
    m = len(vs)
    return sum((F(vs[k][0]) * vs[(k + 1) % m][1] - F(vs[(k + 1) % m][0]) * vs[k][1] for k in range(m)), F(0)) / 2


def _is_strictly_convex_ccw(vs):
    m = len(vs)
    for k in range(m):
        a, b, c = vs[k], vs[(k + 1) % m], vs[(k + 2) % m]
        if (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) <= 0:
            return False
    return m >= 3


def _pattern_at(net: MLP, x):
    """Activation pattern from the exact forward pass (active: preactivation > 0)."""
    return tuple(tuple(z > 0 for z in layer) for layer in net.layer_outputs(x)[:-1])


def _has_zero_preactivation(net: MLP, x):
    return any(z == 0 for layer in net.layer_outputs(x)[:-1] for z in layer)


def _check_slice(S: InputSlice):
    """Every property of a slice that can be checked against the exact forward pass."""
    net = S.network
    (s0, s1), (t0, t1) = S.box
    assert sum(r.area for r in S.regions) == (s1 - s0) * (t1 - t0)
    assert len({r.pattern for r in S.regions}) == S.n_regions
    for r in S.regions:
        assert _is_strictly_convex_ccw(r.vertices) and r.area == _area(r.vertices) > 0
        assert r.vertices[0] == min(r.vertices)
        assert all(s0 <= s <= s1 and t0 <= t <= t1 for s, t in r.vertices)
        for p in r.vertices + (r.interior_point,):
            assert r.logits(p) == net(S.point(p))
        assert _pattern_at(net, S.point(r.interior_point)) == r.pattern
    # class cells tile each region and predict their class
    for idx, r in enumerate(S.regions):
        cells = [c for c in S.class_cells if c.region == idx]
        assert sum(c.area for c in cells) == r.area
        for c in cells:
            assert _is_strictly_convex_ccw(c.vertices)
            assert net.predict(S.point(c.interior_point)) == c.predicted
    # boundary: tied top logits at the midpoint, the labelled classes a tiny step either side
    for b in S.boundary:
        assert b.start != b.end and b.classes[0] < b.classes[1]
        logits = net(S.point(b.midpoint))
        top = max(logits)
        assert logits[b.classes[0]] == top == logits[b.classes[1]]
        (sx, sy), (ex, ey) = b.start, b.end
        nx, ny = sy - ey, ex - sx  # left normal of start -> end
        left = (b.midpoint[0] + EPS * nx, b.midpoint[1] + EPS * ny)
        right = (b.midpoint[0] - EPS * nx, b.midpoint[1] - EPS * ny)
        assert net.predict(S.point(left)) == b.classes[0]
        assert net.predict(S.point(right)) == b.classes[1]
    # maximal: no segment continues another one straight on with the same classes
    for b, c in itertools.permutations(S.boundary, 2):
        if b.end == c.start and b.classes == c.classes:
            u, v = (b.end[0] - b.start[0], b.end[1] - b.start[1]), (c.end[0] - c.start[0], c.end[1] - c.start[1])
            assert u[0] * v[1] != u[1] * v[0] or u[0] * v[0] + u[1] * v[1] < 0


def _crosses(p, q, seg):
    """Whether the closed segments pq and seg meet (exact orientation tests)."""
    a, b = seg

    def orient(u, v, w):
        d = (v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0])
        return (d > 0) - (d < 0)

    def on(u, v, w):
        return min(u[0], v[0]) <= w[0] <= max(u[0], v[0]) and min(u[1], v[1]) <= w[1] <= max(u[1], v[1])

    o1, o2, o3, o4 = orient(p, q, a), orient(p, q, b), orient(a, b, p), orient(a, b, q)
    if o1 != o2 and o3 != o4:
        return True
    return any(o == 0 and on(u, v, w) for o, u, v, w in ((o1, p, q, a), (o2, p, q, b), (o3, a, b, p), (o4, a, b, q)))


def _check_boundary_complete(S: InputSlice, n: int = 12):
    """Neighbouring grid points predicted differently have a boundary segment between them."""
    (s0, s1), (t0, t1) = S.box
    grid = [[(s0 + (s1 - s0) * F(2 * i + 1, 2 * n), t0 + (t1 - t0) * F(2 * j + 1, 2 * n)) for j in range(n)]
            for i in range(n)]
    cls = {g: S.network.predict(S.point(g)) for row in grid for g in row}
    for i, j in itertools.product(range(n), range(n)):
        for di, dj in ((1, 0), (0, 1)):
            if i + di < n and j + dj < n:
                p, q = grid[i][j], grid[i + di][j + dj]
                if cls[p] != cls[q]:
                    assert any(_crosses(p, q, (b.start, b.end)) for b in S.boundary), (p, q)


def _arrangement_count(lines, box):
    """Regions of an arrangement of lines a·(s, t) + c = 0 inside an open box:
    ``1 + L + Σ_v (m_v - 1)`` over the distinct lines L crossing it and the crossing points v inside."""
    (s0, s1), (t0, t1) = box
    corners = [(s0, t0), (s1, t0), (s1, t1), (s0, t1)]
    distinct = set()
    for a, b, c in lines:
        if a == b == 0:
            continue
        lead = a if a != 0 else b
        key = (F(a) / lead, F(b) / lead, F(c) / lead)
        vals = [key[0] * s + key[1] * t + key[2] for s, t in corners]
        if min(vals) < 0 < max(vals):
            distinct.add(key)
    through: dict = {}
    for (a1, b1, c1), (a2, b2, c2) in itertools.combinations(sorted(distinct), 2):
        det = a1 * b2 - a2 * b1
        if det == 0:
            continue
        p = ((b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det)
        if s0 < p[0] < s1 and t0 < p[1] < t1:
            through.setdefault(p, set()).update({(a1, b1, c1), (a2, b2, c2)})
    return 1 + len(distinct) + sum(len(ls) - 1 for ls in through.values())


# --- known answers ------------------------------------------------------------------------


@pytest.mark.parametrize("p", [1, 2, 3, 4, 5, 6])
def test_zaslavsky_count_for_lines_in_general_position(p):
    # unit j: s + j t + j^2 = 0, distinct slopes; the crossing of lines i, j is (i j, -(i + j))
    A = [[1, j] for j in range(p)]
    c1 = [j * j for j in range(p)]
    points = [(i * j, -(i + j)) for i, j in itertools.combinations(range(p), 2)]
    assert len(set(points)) == len(points)  # no three lines concurrent
    lo = min([0] + [min(x) for x in points]) - 1
    hi = max([0] + [max(x) for x in points]) + 1
    net = ReLUNetwork(A, [[1] * p, [(-1) ** j for j in range(p)]], c1=c1)
    S = input_slice(net, box=((lo, hi), (lo, hi)))
    assert S.n_regions == sum(comb(p, i) for i in range(3)) == slice_region_bound(net)
    _check_slice(S)


def test_grid_patterns_are_exactly_the_regions_patterns():
    # four lines, three of them through (0, 1): every region holds points of a 1/8 grid
    net = ReLUNetwork([[1, 0], [0, 1], [1, 1], [1, -1]], [[1, 2, -1, 1], [-1, 1, 1, 2], [0, 1, 2, -3]],
                      c1=[0, -1, -1, 2])
    box = ((-4, 4), (-4, 4))
    S = input_slice(net, box=box)
    mlp = MLP.from_relu_network(net)
    # shifted by 1/17 and 1/19 so that no sample lies on a line
    grid = [(F(i, 8) + F(1, 17), F(j, 8) + F(1, 19)) for i in range(-32, 32) for j in range(-32, 32)]
    assert not any(_has_zero_preactivation(mlp, g) for g in grid)
    sampled = {_pattern_at(mlp, g) for g in grid}
    assert sampled == {r.pattern for r in S.regions}
    # 1 + 4 lines + (3 - 1) at the triple point + 3 simple crossings
    assert S.n_regions == _arrangement_count([(*row, c) for row, c in zip(net.A, net.c1)], box) == 10
    _check_slice(S)
    _check_boundary_complete(S, n=16)


def test_known_slice_by_hand():
    # f = (relu(s) + relu(t), 1): boundary s + t = 1 (s, t >= 0), s = 1 (t < 0), t = 1 (s < 0)
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, 1], [0, 0]], c2=[0, 1])
    S = input_slice(net, box=((-1, 2), (-1, 2)))
    assert [r.pattern for r in S.regions] == [((False, False),), ((False, True),), ((True, False),), ((True, True),)]
    assert S.regions[0].vertices == ((-1, -1), (0, -1), (0, 0), (-1, 0))
    assert S.regions[3].logit_map == ((1, 1, 0), (0, 0, 1))
    assert [(b.start, b.end, b.classes) for b in S.boundary] == [
        ((-1, 1), (0, 1), (0, 1)), ((0, 1), (1, 0), (0, 1)), ((1, 0), (1, -1), (0, 1))]
    assert S.n_linear_regions == 4
    _check_slice(S)


def test_deep_leaky_network_three_hidden_layers():
    net = MLP(
        [[[1, -1], [2, 1], [0, 1]], [[1, -2, 1], [-1, 1, 1], [1, 1, -1]], [[2, -1, 1], [1, 1, 1]],
         [[1, -1], [-1, 2], [F(1, 2), 1]]],
        biases=[[0, -1, F(1, 2)], [1, 0, -1], [0, F(-1, 3)], [0, 1, 0]],
        negative_slopes=[F(1, 10), 0, F(1, 4)],
    )
    S = input_slice(net, box=((-3, 3), (-3, 3)))
    assert 7 < S.n_regions <= slice_region_bound(net) == 7 * 7 * 4
    assert S.n_linear_regions <= S.n_regions
    assert {b.classes for b in S.boundary} <= {(0, 1), (0, 2), (1, 2)} and S.boundary
    _check_slice(S)
    _check_boundary_complete(S, n=16)
    mlp_patterns = {_pattern_at(net, S.point((F(k, 7), F(m, 11)))) for k in range(-20, 21) for m in range(-32, 33)
                    if not _has_zero_preactivation(net, S.point((F(k, 7), F(m, 11))))}
    assert mlp_patterns <= {r.pattern for r in S.regions}


def test_linear_regions_merge_only_equal_maps():
    # unit 3 feeds no logit: 7 activation regions, 4 linear ones (the two other lines)
    net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [[1, 2, 0], [-1, 1, 0]], c1=[0, 0, F(-1, 2)])
    S = input_slice(net, box=((-2, 2), (-2, 2)))
    assert (S.n_regions, S.n_linear_regions) == (7, 4)
    # slope 1 is the identity: every pattern gives the same map
    ident = MLP([[[1, 0], [0, 1], [1, -1]], [[1, 2, 3], [0, 1, 1]]], negative_slopes=[1])
    assert input_slice(ident, box=((-1, 1), (-1, 1))).n_linear_regions == 1


@pytest.mark.parametrize("seed", range(4))
def test_linear_regions_of_a_convex_logit_match_tropical_curve(seed):
    # f_0 = Σ_j B_j max(a_j·x + c_j, 0) with B_j > 0 is the tropical polynomial
    # ⊙_j (c_j x^{a_j} ⊕ 0)^{B_j}; f_1 = 0 does not split anything
    rng = random.Random(seed)
    p = rng.randint(2, 5)
    A = [[rng.randint(-2, 2), rng.randint(-2, 2)] for _ in range(p)]
    Bw = [rng.randint(1, 2) for _ in range(p)]
    c1 = [F(rng.randint(-6, 6), rng.randint(1, 3)) for _ in range(p)]
    net = ReLUNetwork(A, [Bw, [0] * p], c1=c1)
    factors = [(TropicalPolynomial({tuple(a): c, (0, 0): 0}) ** b) for a, c, b in zip(A, c1, Bw) if any(a)]
    box = ((-3, F(5, 2)), (-2, 3))
    S = input_slice(net, box=box)
    expected = tropical_curve(tropical_product(factors), box=box).n_regions if factors else 1
    assert S.n_linear_regions == expected
    assert S.n_regions == _arrangement_count([(*a, c) for a, c in zip(A, c1)], box)


def test_relu_network_and_its_mlp_give_equal_slices():
    net = ReLUNetwork([[1, -1], [2, 1]], [[1, -2], [-1, 1]], c1=[0, 1], c2=[F(1, 2), 0])
    box = ((-2, 2), (-1, 3))
    assert input_slice(net, box=box) == input_slice(MLP.from_relu_network(net), box=box)


def test_a_slice_through_three_inputs():
    net = MLP([[[1, 0, -1], [0, 1, 1], [1, 1, 1]], [[1, -1, 0], [0, 1, -1], [1, 0, 1]]], biases=[[0, 0, -1], None])
    S = input_slice(net, box=((-2, 2), (-2, 2)), origin=(0, 0, F(1, 2)), d1=(1, 0, 1), d2=(0, 1, -1))
    assert S.point((1, 1)) == (1, 1, F(1, 2))
    _check_slice(S)
    _check_boundary_complete(S)


# --- properties -----------------------------------------------------------------------------


@given(relu_networks(biases=True, max_hidden=5, n_classes=3), slice_boxes())
@settings(max_examples=60, deadline=None)
def test_one_hidden_layer_counts_match_the_arrangement(weights, box):
    A, B, c1, c2 = weights
    net = ReLUNetwork(A, B, c1=c1, c2=c2)
    S = input_slice(net, box=box)
    assert S.n_regions == _arrangement_count([(*a, c) for a, c in zip(A, c1)], box)
    _check_slice(S)
    mlp = S.network
    (s0, s1), (t0, t1) = box
    grid = [(s0 + (s1 - s0) * F(i, 9), t0 + (t1 - t0) * F(j, 9)) for i in range(10) for j in range(10)]
    sampled = {_pattern_at(mlp, g) for g in grid if not _has_zero_preactivation(mlp, g)}
    assert sampled <= {r.pattern for r in S.regions}


@given(mlps(n_inputs=2, max_layers=4, max_width=3), slice_boxes())
@settings(max_examples=40, deadline=None)
def test_deep_identity_slices(net, box):
    S = input_slice(net, box=box)
    assert 1 <= S.n_linear_regions <= S.n_regions <= slice_region_bound(net)
    _check_slice(S)
    _check_boundary_complete(S, n=8)


@given(st.integers(3, 4).flatmap(lambda n: st.tuples(mlps(n_inputs=n, max_layers=3), slice_planes(n_inputs=n))),
       slice_boxes(max_value=2))
@settings(max_examples=30, deadline=None)
def test_deep_affine_slices(net_plane, box):
    net, (origin, d1, d2) = net_plane
    S = input_slice(net, box=box, origin=origin, d1=d1, d2=d2)
    assert S.point((0, 0)) == tuple(origin)
    _check_slice(S)


@given(mlps(n_inputs=2, max_layers=3, max_width=3), slice_boxes())
@settings(max_examples=30, deadline=None)
def test_the_size_guard_refuses_exactly_above_the_count(net, box):
    n = input_slice(net, box=box).n_regions
    assert input_slice(net, box=box, max_regions=n).n_regions == n
    if n > 1:
        with pytest.raises(SizeLimitError, match=rf"more than max_regions={n - 1} activation regions \(\d+ found"):
            input_slice(net, box=box, max_regions=n - 1)


# --- bad input ------------------------------------------------------------------------------

NET3 = MLP([[[1, 0, 0]], [[1], [-1]]])
NET2 = ReLUNetwork([[1, 0]], [[1], [-1]])
BOX = ((0, 1), (0, 1))


@pytest.mark.parametrize(
    "net, kwargs, error, match",
    [
        (NET2, {"box": ((1, 0), (0, 1))}, InvalidInputError, r"box=\(\(1, 0\), \(0, 1\)\) is empty"),
        (NET2, {"box": ((0, 1), (2, 2))}, InvalidInputError, "box=.* is empty or flat"),
        (NET2, {"box": (0, 1)}, InvalidInputError, r"box=\(0, 1\) must be \(\(s0, s1\), \(t0, t1\)\)"),
        (NET2, {"box": ((0, 0.5), (0, 1))}, InexactInputError, r"box\[0\]\[1\]=0.5 is a float"),
        (NET2, {"box": BOX, "origin": (0, 0, 0)}, InvalidInputError, "origin must have length 2"),
        (NET2, {"box": BOX, "origin": (0.25, 0)}, InexactInputError, r"origin\[0\]=0.25 is a float"),
        (NET2, {"box": BOX, "d1": (1, 2), "d2": (-2, -4)}, InvalidInputError, r"d1=\(1, 2\) and d2=\(-2, -4\) are parallel"),
        (NET2, {"box": BOX, "d1": (0, 0)}, InvalidInputError, r"d1=\(0, 0\) is zero"),
        (NET2, {"box": BOX, "d2": (1, 0.5)}, InexactInputError, r"d2\[1\]=0.5 is a float"),
        (NET3, {"box": BOX}, InvalidInputError, "d1 and d2 are required for a network with 3 inputs"),
        (NET3, {"box": BOX, "d1": (1, 0, 0), "d2": (0, 1)}, InvalidInputError, "d2 must have length 3"),
        (NET2, {"box": BOX, "max_regions": 0}, InvalidInputError, "max_regions=0 must be an int >= 1"),
        (NET2, {"box": BOX, "max_regions": 10.0}, InvalidInputError, "max_regions=10.0 must be an int"),
        ("net", {"box": BOX}, InvalidInputError, "net must be an MLP or a ReLUNetwork, got str"),
    ],
)
def test_bad_input_names_the_argument(net, kwargs, error, match):
    with pytest.raises(error, match=match):
        input_slice(net, **kwargs)


def test_points_must_be_exact_pairs():
    S = input_slice(NET2, box=BOX)
    with pytest.raises(InexactInputError, match=r"point\[0\]=0.5 is a float"):
        S.point((0.5, 0))
    with pytest.raises(InvalidInputError, match="must be a pair"):
        S.regions[0].logits((1, 2, 3))
    assert "n_regions=1" in repr(S)  # the line s = 0 is the box's edge
    assert "n_regions=2" in repr(input_slice(NET2, box=((-1, 1), (0, 1))))
