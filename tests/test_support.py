"""The support-function certificate of Theorem 2 (tropgeo.support)."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tropgeo.support as support
from tropgeo import _intmat
from strategies import direction_lists, relu_networks
from tropgeo.boundary import boundary_points as boundary_module_points
from tropgeo.decomposition import boundary_polynomial, tropical_decomposition
from tropgeo.errors import InexactInputError, InvalidInputError, SizeLimitError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import rationalize
from tropgeo.support import support_certificate, support_values, support_work_estimate
from tropgeo.theorem2 import decision_boundary_polytope, lifted_zonotopes
from tropgeo.zonotope import Zonotope


def _dot(u, v):
    return sum((Fraction(a) * Fraction(b) for a, b in zip(u, v)), Fraction(0))


def _canon(q):
    q = Fraction(q)
    return int(q) if q.denominator == 1 else q


def _nonzero(params) -> bool:
    A, B, _, _ = params
    return any(any(r) for r in A) and any(any(r) for r in B)


# --- agreement on random networks ---------------------------------------------------------


@given(
    relu_networks(n_inputs=2, max_hidden=4, n_classes=3, biases=True),
    direction_lists(dim=2, max_size=6),
)
def test_certificate_holds_on_random_networks_with_biases(params, points):
    net = ReLUNetwork(*params)
    report = support_certificate(net, points, boundary_points=3)
    assert report.holds, report.failing_pairs
    assert report.n_points == len(points)
    for p in report.pairs:
        assert p.n_directions == 2 * len(points)
        assert p.n_agree == p.n_halves_agree == p.n_decomposition_agree == p.n_directions
        assert p.witness is None and p.witness_values is None and p.boundary_failures == ()


@given(relu_networks(n_inputs=3, max_hidden=5, n_classes=2, biases=False, max_weight=4), direction_lists(dim=3))
def test_certificate_holds_on_random_bias_free_networks_in_3d(params, points):
    net = ReLUNetwork(*params)
    assert support_certificate(net, points).holds


# --- cross-checks against the exhaustive route and Route A -------------------------------


@settings(max_examples=40)
@given(
    relu_networks(n_inputs=2, max_hidden=4, n_classes=2, biases=True),
    direction_lists(dim=2, max_size=5),
)
def test_values_equal_the_exhaustive_polytope_and_route_a(params, points):
    assume(_nonzero(params))
    net = ReLUNetwork(*params)
    values = support_values(net, points, 0, 1)
    assert values.agree
    poly = decision_boundary_polytope(net, 0, 1)      # lifted when the net has biases
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    expected = []
    for x in points:
        for t in (1, 0):
            u = tuple(x) + (t,) if net.has_biases else tuple(x)
            h = max(_dot(v, u) for v in poly.vertices)
            if net.has_biases or t == 1:
                # bias-free: R is homogeneous, R(x) is the support of ConvHull(Z_G1, Z_G2)
                route_a = R(x) if t == 1 else max(_dot(e, x) for e in R.exponents)
            else:
                route_a = max(_dot(e, x) for e in R.exponents)
            assert h == route_a
            expected.append(_canon(h))
    assert list(values.from_network) == expected
    assert list(values.from_zonotopes) == expected
    assert values.directions == tuple(tuple(_canon(c) for c in x) + (t,) for x in points for t in (1, 0))


@given(relu_networks(n_inputs=2, max_hidden=4, n_classes=2, biases=True), st.integers(0, 1000))
def test_boundary_points_are_those_of_the_boundary_module_and_lie_on_T_R(params, seed):
    net = ReLUNetwork(*params)
    grid = [(x, y) for x in range(-4, 5, 2) for y in range(-4, 5, 2)]
    gaps = [Fraction(net(p)[0]) - Fraction(net(p)[1]) for p in grid]
    assume(any(g > 0 for g in gaps) and any(g < 0 for g in gaps))
    pair = support_certificate(net, grid, boundary_points=3, seed=seed).pairs[0]
    assert pair.boundary_points == boundary_module_points(net, 0, 1, grid, max_points=3, seed=seed)
    assert pair.boundary_points and pair.boundary_failures == ()
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    for x in pair.boundary_points:
        out = net(x)
        assert out[0] == out[1] and R.is_on_hypersurface(x)


def _part1(net, i, j, x):
    yp = [sum((Fraction(max(a, 0)) * xk for a, xk in zip(row, x)), Fraction(0)) for row in net.A]
    yn = [sum((Fraction(max(-a, 0)) * xk for a, xk in zip(row, x)), Fraction(0)) for row in net.A]
    AT = _intmat.from_rows([list(col) for col in zip(*net.A)], (net.n_inputs, net.n_hidden))
    return support._part1_at(net, i, j, yp, yn, AT)


@given(relu_networks(n_inputs=2, max_hidden=4, n_classes=2, biases=True), st.integers(0, 10**6))
def test_the_T_R_test_agrees_with_route_a_at_tie_points(params, pick):
    # at every point with f_0 = f_1 (not only boundary points), the closed-form test of
    # "R attains its maximum at two or more terms" must agree with Route A's R
    assume(_nonzero(params))
    net = ReLUNetwork(*params)
    grid = [(x, y) for x in range(-4, 5) for y in range(-4, 5)]
    ties = [p for p in grid if net(p)[0] == net(p)[1]]
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    for x in ties[:6]:
        assert _part1(net, 0, 1, x) == R.is_on_hypersurface(x)


def test_part1_check_can_fail_where_the_classes_tie_on_an_open_set():
    # docs/theorem2.md: A = I, no biases; at x < 0 every unit is off and f_0 = f_1 = 0, and
    # the maximising monomials of both halves coincide, so x is not in T(R)
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, 2], [2, 1]])
    R = boundary_polynomial(tropical_decomposition(net), 0, 1)
    assert net((-1, -2)) == (0, 0)
    assert _part1(net, 0, 1, (-1, -2)) is False
    assert R.is_on_hypersurface((-1, -2)) is False
    assert _part1(net, 0, 1, (3, 3)) is True      # on the diagonal, the real boundary


# --- deliberately wrong inputs are caught, with an exact witness ---------------------------


NET = ReLUNetwork(
    [[1, 0, -1], [0, 2, 1], [1, 1, 1], [-1, 1, 0]],
    [[1, -1, 2, 0], [-1, 1, 0, 3], [2, 0, -1, 1]],
    c1=[0, 1, Fraction(-1, 2), 2],
    c2=[0, 1, Fraction(1, 3)],
)
POINTS = [(3, -1, 2), (0, 0, 0), (-2, 5, 1), (Fraction(1, 2), -3, 4), (7, 7, -7), (-1, -1, -1)]


def _true_R(net, i, j, x, t):
    R = boundary_polynomial(tropical_decomposition(net), i, j)
    return R(x) if t == 1 else max(_dot(e, x) for e in R.exponents)


def test_a_wrong_zonotope_is_reported_with_an_exact_witness(monkeypatch):
    def wrong(net, i, j):
        z1, z2 = lifted_zonotopes(net, i, j)
        if (i, j) != (0, 2):
            return z1, z2
        g = [list(v) for v in z1.generators]
        g[0][1] += 1                                        # one entry of one generator
        return Zonotope(generators=g, shift=z1.shift), z2

    monkeypatch.setattr(support, "lifted_zonotopes", wrong)
    report = support_certificate(NET, POINTS)
    assert not report.holds
    assert [p.pair for p in report.failing_pairs] == [(0, 2)]
    bad = report.failing_pairs[0]
    assert bad.n_halves_agree < bad.n_directions and bad.witness is not None
    *x, t = bad.witness
    assert tuple(x) in {tuple(_canon(c) for c in p) for p in POINTS} and t in (0, 1)
    # the witness is genuine: recompute both sides with other code
    z1, z2 = wrong(NET, 0, 2)
    true_R = _true_R(NET, 0, 2, x, t)
    hull = max(z1.support(bad.witness), z2.support(bad.witness))
    assert bad.witness_values == (true_R, hull)
    if bad.witness_check == "support":
        assert true_R != hull
    else:
        # the hull happens to agree there, but the perturbed zonotope is not its half
        assert bad.witness_check == "halves"
        assert z1.support(bad.witness) != lifted_zonotopes(NET, 0, 2)[0].support(bad.witness)


def test_a_perturbed_network_in_the_R_path_is_reported(monkeypatch):
    # zonotopes from the true network, R from one with a single weight changed
    perturbed = ReLUNetwork(
        [list(r) for r in NET.A],
        [list(NET.B[0]), [v + (1 if k == 2 else 0) for k, v in enumerate(NET.B[1])], list(NET.B[2])],
        NET.c1,
        NET.c2,
    )
    monkeypatch.setattr(support, "lifted_zonotopes", lambda net, i, j: lifted_zonotopes(NET, i, j))
    report = support_certificate(perturbed, POINTS)
    assert not report.holds
    failing = {p.pair for p in report.failing_pairs}
    assert failing <= {(0, 1), (1, 2)} and failing
    for p in report.failing_pairs:
        assert p.witness is not None and p.witness_values is not None
        *x, t = p.witness
        z1, z2 = lifted_zonotopes(NET, *p.pair)
        assert p.witness_values == (_true_R(perturbed, *p.pair, x, t), max(z1.support(p.witness), z2.support(p.witness)))
        if p.witness_check == "support":
            assert p.witness_values[0] != p.witness_values[1]
    # unperturbed pairs still hold
    assert all(p.holds for p in report.pairs if p.pair == (0, 2))


def test_swapped_zonotopes_pass_theorem2s_statement_but_not_the_halves(monkeypatch):
    def swapped(net, i, j):
        z1, z2 = lifted_zonotopes(net, i, j)
        return z2, z1

    monkeypatch.setattr(support, "lifted_zonotopes", swapped)
    report = support_certificate(NET, POINTS, pairs=[(0, 1)])
    p = report.pairs[0]
    assert p.n_agree == p.n_directions            # the hull is the same set
    assert p.n_halves_agree < p.n_directions and p.witness_check == "halves" and not report.holds


def test_witness_is_the_first_failing_direction_whatever_the_chunk_size(monkeypatch):
    def wrong(net, i, j):
        z1, z2 = lifted_zonotopes(net, i, j)
        return Zonotope(generators=z1.generators, shift=z1.shift[:-1] + (z1.shift[-1] + 1,)), z2

    monkeypatch.setattr(support, "lifted_zonotopes", wrong)
    whole = support_certificate(NET, POINTS * 3, pairs=[(1, 2)])
    monkeypatch.setattr(support, "_CHUNK", 4)
    chunked = support_certificate(NET, POINTS * 3, pairs=[(1, 2)])
    a, b = whole.pairs[0], chunked.pairs[0]
    assert (a.n_agree, a.n_halves_agree, a.witness, a.witness_values, a.witness_check) == (
        b.n_agree, b.n_halves_agree, b.witness, b.witness_values, b.witness_check)
    # the lifted shift moved up by 1: only (x, 1) directions see it, and the first point does
    assert a.witness == tuple(POINTS[0]) + (1,) and a.n_halves_agree == len(POINTS) * 3


# --- int64 and Python-int paths agree ------------------------------------------------------


@settings(max_examples=30)
@given(relu_networks(n_inputs=3, max_hidden=4, n_classes=3, biases=True), direction_lists(dim=3, max_size=5))
def test_int64_and_python_int_paths_agree(params, points):
    net = ReLUNetwork(*params)
    fast = support_values(net, points, 0, 2)
    old = _intmat.FORCE_OBJECT
    _intmat.FORCE_OBJECT = True  # every product and sum on Python ints
    try:
        slow = support_values(net, points, 0, 2)
        report = support_certificate(net, points)
    finally:
        _intmat.FORCE_OBJECT = old
    assert fast.from_network == slow.from_network and fast.from_zonotopes == slow.from_zonotopes
    assert report.holds


@pytest.mark.parametrize("bits", [40, 70, 200])
def test_huge_weights_scale_the_values_exactly(bits):
    # B and c2 times 2^bits multiply f, H, Q and R by 2^bits; so do A, c1 and c2 times 2^bits
    s = 2**bits
    big_B = ReLUNetwork(NET.A, [[s * v for v in r] for r in NET.B], NET.c1, [s * c for c in NET.c2])
    big_A = ReLUNetwork([[s * v for v in r] for r in NET.A], NET.B, [s * c for c in NET.c1], [s * c for c in NET.c2])
    small = support_values(NET, POINTS, 1, 2)
    for big in (big_B, big_A):
        v = support_values(big, POINTS, 1, 2)
        assert v.agree
        assert v.from_network == tuple(_canon(s * q) for q in small.from_network)
        assert support_certificate(big, POINTS).holds


def test_huge_directions_without_biases_scale_the_values():
    net = ReLUNetwork(NET.A, NET.B)
    pts = [(3, -1, 2), (0, 5, -4)]
    s = 2**80
    small = support_values(net, pts, 0, 1)
    big = support_values(net, np.array([[s * c for c in p] for p in pts], dtype=object), 0, 1)
    assert big.from_network == tuple(s * q for q in small.from_network) and big.agree


@settings(max_examples=60)
@given(
    st.integers(1, 5), st.integers(1, 40), st.integers(1, 6), st.integers(0, 130), st.integers(0, 130),
    st.integers(0, 2**32),
)
def test_exact_matmul_equals_python_ints(r, n, C, bits_m, bits_x, seed):
    rng = random.Random(seed)
    M = [[rng.randint(-(2**bits_m), 2**bits_m) for _ in range(n)] for _ in range(r)]
    X = [[rng.randint(-(2**bits_x), 2**bits_x) for _ in range(C)] for _ in range(n)]
    # _mm(X, M) is X @ M.T with one row per direction: here X is C x n
    expected = [[sum(X[k][c] * M[a][k] for k in range(n)) for a in range(r)] for c in range(C)]
    Xt = [list(col) for col in zip(*X)]
    got = _intmat.mm(_intmat.from_rows(Xt, (C, n)), _intmat.from_rows(M, (r, n)))
    assert [[int(v) for v in row] for row in got.tolist()] == expected


def test_int64_is_used_only_under_the_bound():
    small = _intmat.from_rows([[2**20, -3]], (1, 2))
    assert small.dtype == np.int64
    assert _intmat.mm(_intmat.from_rows([[5, 7]], (1, 2)), small).dtype == np.int64
    huge = _intmat.from_rows([[2**62, 1]], (1, 2))
    assert huge.dtype == object
    # 2 * 2^40 * 2^21 = 2^62 is not below the bound: limbs, combined as Python ints
    a = _intmat.from_rows([[2**40, 2**40]], (1, 2))
    b = _intmat.from_rows([[2**21, 2**21]], (1, 2))
    out = _intmat.mm(b, a)
    assert out.dtype == object and out[0, 0] == 2**62


@pytest.mark.parametrize(
    "n, bits_m, bits_x, path",
    [(784, 40, 8, "int64"), (100, 40, 30, "limbs"), (100, 40, 62, "limbs"), (2, 300, 300, "object")],
)
def test_each_product_path_is_exact(monkeypatch, n, bits_m, bits_x, path):
    calls = []
    real = _intmat.limbs
    monkeypatch.setattr(_intmat, "limbs", lambda a, w, k: calls.append(k) or real(a, w, k))
    rng = random.Random(n + bits_m)
    M = [[rng.randint(-(2**bits_m), 2**bits_m) for _ in range(n)] for _ in range(3)]
    X = [[rng.randint(0, 2**bits_x) for _ in range(n)] for _ in range(4)]
    got = _intmat.mm(_intmat.from_rows(X, (4, n)), _intmat.from_rows(M, (3, n)))
    assert [[int(v) for v in row] for row in got.tolist()] == [
        [sum(a * b for a, b in zip(x, m)) for m in M] for x in X
    ]
    assert {"int64": got.dtype == np.int64 and not calls,
            "limbs": got.dtype == object and len(calls) == 2,
            "object": got.dtype == object and not calls}[path]


# --- MNIST-shaped smoke test ----------------------------------------------------------------


def test_float32_weights_read_exactly_on_64_inputs():
    rng = np.random.default_rng(3)
    n, p, k = 64, 12, 4
    W1 = (rng.standard_normal((p, n)) * 0.1).astype(np.float32)
    b1 = (rng.standard_normal(p) * 0.1).astype(np.float32)
    W2 = (rng.standard_normal((k, p)) * 0.3).astype(np.float32)
    b2 = (rng.standard_normal(k) * 0.1).astype(np.float32)
    exact = ReLUNetwork(
        [[rationalize(v) for v in row] for row in W1.tolist()],
        [[rationalize(v) for v in row] for row in W2.tolist()],
        [rationalize(v) for v in b1.tolist()],
        [rationalize(v) for v in b2.tolist()],
    )
    net = exact.integerized().network
    X = rng.integers(0, 17, size=(60, n)).astype(np.uint8)     # like sklearn's digits
    report = support_certificate(net, X, boundary_points=2)
    assert report.holds and len(report.pairs) == 6
    assert any(p.part1_exercised for p in report.pairs)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "directions, error, match",
    [
        ([(1, 2)], InvalidInputError, "directions has 2 columns, the network has 3 inputs"),
        ([], InvalidInputError, "directions is empty"),
        (np.zeros((0, 3), dtype=np.int64), InvalidInputError, "directions is empty"),
        (np.array([1, 2, 3]), InvalidInputError, "directions must be 2-D"),
        ([(1, 2, 3), (1, 2)], InvalidInputError, "rows have different lengths"),
        ([(0.5, 1, 2)], InexactInputError, "directions has float dtype"),
        (np.array([[1, 2, 3]], dtype=np.float32), InexactInputError, "directions has float dtype float32"),
        ([(Fraction(1, 2), np.float64(0.25), 1)], InexactInputError, r"directions\[0\]\[1\]=.*float"),
        (np.array([[True, False, True]]), InexactInputError, "directions has bool dtype"),
        ([("1", "2", "3")], InexactInputError, "directions has dtype"),
        (None, InvalidInputError, "directions=None"),
        ("123", InvalidInputError, "directions='123'"),
    ],
)
def test_bad_directions_are_refused_naming_the_argument(directions, error, match):
    with pytest.raises(error, match=match):
        support_certificate(NET, directions)
    with pytest.raises(error, match=match):
        support_values(NET, directions, 0, 1)


@pytest.mark.parametrize(
    "directions, match",
    [
        ([(True, 2, 3)], r"directions\[0\]\[0\]=True is a bool"),
        ([(1, 2, 3), (4, np.bool_(False), 6)], r"directions\[1\]\[1\]=np.False_ is a bool"),
        ([(True, False, True)], r"directions\[0\]\[0\]=True is a bool"),
    ],
)
def test_bools_among_the_directions_are_refused_naming_the_entry(directions, match):
    with pytest.raises(InexactInputError, match=match):
        support_certificate(NET, directions)
    with pytest.raises(InexactInputError, match=match):
        support_values(NET, directions, 0, 1)


@pytest.mark.parametrize("big", [2**63, -(2**63) - 1, 2**64, 10**30])
def test_python_ints_of_any_size_are_exact_directions(big):
    points = [(big, -1, 0), (Fraction(1, 3), big, 2)]
    v = support_values(NET, points, 0, 2)
    assert v.directions == ((big, -1, 0, 1), (big, -1, 0, 0), (Fraction(1, 3), big, 2, 1), (Fraction(1, 3), big, 2, 0))
    assert v.from_network[0] == _true_R(NET, 0, 2, (big, -1, 0), 1)
    assert v.from_network[2] == _true_R(NET, 0, 2, (Fraction(1, 3), big, 2), 1)
    assert v.agree
    report = support_certificate(NET, [(big, -1, 0)])
    assert report.holds and report.n_points == 1


def test_torch_tensors_are_read_even_when_they_require_grad():
    torch = pytest.importorskip("torch")
    ints = torch.tensor([[3, -1, 2], [0, 0, 0]])
    assert support_values(NET, ints, 0, 1) == support_values(NET, [(3, -1, 2), (0, 0, 0)], 0, 1)
    floats = torch.tensor([[0.5, 1.0, 2.0]], requires_grad=True)
    with pytest.raises(InexactInputError, match="directions has float dtype float32"):
        support_certificate(NET, floats)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"pairs": []}, "pairs is empty"),
        ({"pairs": [(0, 0)]}, r"pairs entry \(0, 0\) has i = j"),
        ({"pairs": [(0, 3)]}, r"j=3 must be a class index in \[0, 3\)"),
        ({"pairs": [(True, 1)]}, "i=True must be a class index"),
        ({"pairs": [(0, 1, 2)]}, "must be a pair"),
        ({"pairs": 5}, "pairs=5 must be a sequence of pairs"),
        ({"boundary_points": -1}, "boundary_points=-1 must be an int >= 0"),
        ({"boundary_points": 2.0}, "boundary_points=2.0 must be an int"),
        ({"seed": "x"}, "seed='x' must be an int"),
        ({"max_work": 0}, "max_work=0 must be an int >= 1"),
    ],
)
def test_bad_options_are_refused_naming_the_argument(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        support_certificate(NET, POINTS, **kwargs)


def test_bad_networks_and_classes_are_refused():
    with pytest.raises(InvalidInputError, match="net must be a ReLUNetwork"):
        support_certificate("net", POINTS)
    half = ReLUNetwork([[Fraction(1, 2)]], [[1], [-1]])
    with pytest.raises(InvalidInputError, match="integerized"):
        support_certificate(half, [(1,)])
    with pytest.raises(InvalidInputError, match="has i = j"):
        support_values(NET, POINTS, 1, 1)
    with pytest.raises(InvalidInputError, match="class index"):
        support_values(NET, POINTS, 0, 7)


def test_size_guard_refuses_absurd_work_with_an_estimate():
    net = ReLUNetwork([[1] * 784] * 64, [[1] * 64] * 10)
    X = np.broadcast_to(np.zeros((1, 784), dtype=np.uint8), (10**6, 784))   # no memory
    estimate = support_work_estimate(net, 10**6, 45)
    assert estimate > support.DEFAULT_MAX_WORK
    with pytest.raises(SizeLimitError, match=f"about {estimate} integer multiply-adds .*max_work=") as info:
        support_certificate(net, X)
    assert "10**" not in str(info.value) and "1000000 points x 784 inputs" in str(info.value)
    with pytest.raises(SizeLimitError, match="more than max_work=10"):
        support_certificate(NET, POINTS, max_work=10)
    assert support_certificate(NET, POINTS, max_work=None).holds


def test_the_report_says_what_it_proves():
    report = support_certificate(NET, POINTS)
    text = report.proves.replace("\n", " ")
    assert "agree at the 12 exact directions (x, 1) and (x, 0) for the 6 points" in text
    assert "not equality of the polytopes" in text and "falsify Theorem 2" in text
    assert report.mode == "support-function" and "holds=True" in repr(report)
