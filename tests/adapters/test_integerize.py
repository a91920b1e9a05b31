"""tropgeo.adapters.integerize: the coarsest trustworthy integerization, and scale invariance.

Real networks: a 4-8-3 net and a 4-3-3 net trained on iris, a 64-16-10 net trained on the
digits (each trains in about a second).  The search rounds dyadically by default; the
tests of best-approximation behaviour say ``rounding="best"``.  Exact claims are checked exactly, independently of
the batched evaluator (``ReLUNetwork.__call__`` in Fraction arithmetic); float measurements
with tolerances.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import float32_relu_weights, mlps, positive_rationals, rational_points, rational_relu_networks, relu_networks
from tropgeo.adapters._integerize_rounding import round_weight
from tropgeo.adapters.datasets import load_dataset
from tropgeo.adapters.integerize import (
    DEFAULT_DENOMINATORS,
    BoundaryShift,
    IntegerizationReport,
    exact_logits,
    integerize_to_agreement,
)
from tropgeo.adapters.torch_io import from_torch, to_torch
from tropgeo.adapters.training import train_relu_classifier
from tropgeo.errors import InvalidInputError
from tropgeo.network import ReLUNetwork
from tropgeo.numbers import common_denominator, rationalize
from tropgeo.theorem2 import decision_boundary_polytope, decision_boundary_subdivision
from tropgeo.verify import verify_theorem2


@pytest.fixture(scope="module")
def iris():
    return load_dataset("iris")


@pytest.fixture(scope="module")
def iris_net(iris):
    return train_relu_classifier(iris.X, iris.y, hidden=8, seed=0)


@pytest.fixture(scope="module")
def iris_report(iris, iris_net):
    return integerize_to_agreement(iris_net, iris.X)


@pytest.fixture(scope="module")
def small_iris_net(iris):
    return train_relu_classifier(iris.X, iris.y, hidden=3, seed=0, n_restarts=1)


def _exact_rows(X):
    return [tuple(rationalize(v) for v in row) for row in np.asarray(X, dtype=np.float32).tolist()]


def _torch_logits(module, X):
    with torch.no_grad():
        return module(torch.tensor(np.asarray(X), dtype=torch.float32)).to(torch.float64).numpy()


# --- the report on a real network ------------------------------------------------------------


def test_iris_report_chooses_the_first_bound_that_agrees(iris, iris_net, iris_report):
    r = iris_report
    assert isinstance(r, IntegerizationReport) and r.met_target and r.target == 1
    assert r.rounding == "dyadic" and all(t.rounding == "dyadic" for t in r.trials)
    assert r.n_points == 150 and r.n_agree == 150 and r.agreement_rate == 1.0 and r.changed_indices == ()
    tried = [t.max_denominator for t in r.trials]
    assert tried == list(DEFAULT_DENOMINATORS[: len(tried)]) and tried[-1] == r.max_denominator
    assert all(t.n_agree < t.n_points for t in r.trials[:-1]) and r.trials[-1].n_agree == 150
    # the conversion is from_torch's, reproducibly
    again = from_torch(iris_net, max_denominator=r.max_denominator, rounding="dyadic")
    assert r.conversion.network == again.network and r.integer_network == again.integer_network
    assert r.scale == again.scale > 0 and r.integer_network.is_integral
    assert r.conversion.max_weight_error == r.trials[-1].max_weight_error > 0
    assert "rationalize" in r.input_conversion and "float32" in r.input_conversion


def test_report_predictions_and_logit_error_match_an_independent_exact_evaluation(iris, iris_net, iris_report):
    r = iris_report
    points = _exact_rows(iris.X)
    float_logits = _torch_logits(iris_net, iris.X)
    assert r.float_predictions == tuple(int(v) for v in np.argmax(float_logits, axis=1))
    net, scale = r.integer_network, r.scale
    assert r.exact_predictions == tuple(net.predict(x) for x in points)
    worst = max(
        abs(Fraction(v) / scale - Fraction(f))
        for x, row in zip(points, float_logits.tolist())
        for v, f in zip(net(x), row)
    )
    assert r.max_logit_error == float(worst) and 0 < r.max_logit_error < 1


@pytest.mark.parametrize("rounding", ["dyadic", "best"])
def test_every_trial_is_measured_against_its_own_network(iris, iris_net, rounding):
    r = integerize_to_agreement(iris_net, iris.X, denominators=(1, 2, 4), target=1, boundary_segments=0, rounding=rounding)
    points = _exact_rows(iris.X)
    float_pred = np.argmax(_torch_logits(iris_net, iris.X), axis=1)
    assert r.trials and all(t.rounding == rounding for t in r.trials) and r.rounding == rounding
    for t in r.trials:
        conv = from_torch(iris_net, max_denominator=t.max_denominator, rounding=rounding)
        agree = sum(conv.network.predict(x) == int(p) for x, p in zip(points, float_pred))
        assert t.n_agree == agree and t.scale == conv.scale and t.max_weight_error == conv.max_weight_error
        assert t.max_integer_bits == max(abs(v).bit_length() for row in conv.integer_network.A + conv.integer_network.B for v in row)


def test_exact_binary_weights_are_float_arithmetic_close(iris, iris_net):
    r = integerize_to_agreement(iris_net, iris.X, denominators=(None,))
    assert r.max_denominator is None and r.conversion.max_weight_error == 0
    # measured, not assumed: float32 arithmetic against the exact function of the same weights
    assert r.n_agree == 150
    assert r.max_logit_error < 1e-4
    assert r.boundary_shift.max_distance < 1e-5


def test_boundary_shift_crossings_are_exact_zeros(iris, iris_net, iris_report):
    s = iris_report.boundary_shift
    assert isinstance(s, BoundaryShift) and 0 < s.n_segments <= 64 and s.n_without_exact_crossing == 0
    net = iris_report.conversion.network
    X = np.asarray(iris.X, dtype=np.float32)
    pred = iris_report.float_predictions
    for (a, b), (i, j), tf, te, dist in zip(s.segments, s.classes, s.float_crossings, s.exact_crossings, s.distances):
        assert (i, j) == (pred[a], pred[b]) and i != j and 0 <= tf <= 1 and 0 <= te <= 1
        xa, xb = _exact_rows(X[[a, b]])
        x = tuple(u + te * (v - u) for u, v in zip(xa, xb))
        out = net(x)
        assert out[i] == out[j]  # exactly on the pairwise boundary of the exact network
        length = float(np.linalg.norm(X[b].astype(np.float64) - X[a]))
        assert math.isclose(dist, abs(tf - float(te)) * length, rel_tol=1e-9, abs_tol=1e-15)
    assert s.max_distance == max(s.distances) < 0.5
    # segments join each anchor to its nearest row of another float class
    a, b = s.segments[0]
    others = [k for k in range(150) if pred[k] != pred[a]]
    d2 = [float(((X[k].astype(np.float64) - X[a]) ** 2).sum()) for k in others]
    assert b == others[int(np.argmin(d2))]


def test_float_crossing_brackets_a_sign_change_of_the_torch_logits(iris, iris_net, iris_report):
    s = iris_report.boundary_shift
    X = torch.tensor(np.asarray(iris.X), dtype=torch.float32).to(torch.float64)
    for (a, b), (i, j), tf in list(zip(s.segments, s.classes, s.float_crossings))[:10]:
        ts = torch.tensor([max(tf - 1e-6, 0.0), min(tf + 1e-6, 1.0)], dtype=torch.float64)
        pts = (X[a] + ts[:, None] * (X[b] - X[a])).to(torch.float32)
        with torch.no_grad():
            out = iris_net(pts)
        before, after = float(out[0, i] - out[0, j]), float(out[1, i] - out[1, j])
        assert before >= 0 >= after or tf in (0.0, 1.0)


def _decimal_module():
    """The module of integerize.py's docstring: decimal weights, one of them 0.02."""
    module = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 2))
    with torch.no_grad():
        module[0].weight.copy_(torch.tensor([[0.30, -0.70], [0.55, 0.20]]))
        module[0].bias.copy_(torch.tensor([0.1, -0.05]))
        module[2].weight.copy_(torch.tensor([[1.3, -0.4], [-0.9, 1.1]]))
        module[2].bias.copy_(torch.tensor([0.0, 0.02]))
    return module


GRID = np.array([[a / 4, b / 4] for a in range(-8, 9) for b in range(-8, 9)], dtype=np.float32)


def test_unreachable_target_keeps_the_best_bound():
    module = _decimal_module()
    r = integerize_to_agreement(module, GRID, denominators=(4, 16), boundary_segments=0, rounding="best")
    assert [(t.max_denominator, t.n_agree) for t in r.trials] == [(4, 220), (16, 215)]
    assert not r.met_target and r.boundary_shift is None
    assert r.max_denominator == 4 and r.n_agree == 220 and r.agreement_rate == 220 / 289
    changed = [k for k in range(289) if r.exact_predictions[k] != r.float_predictions[k]]
    assert list(r.changed_indices) == changed and len(changed) == 289 - 220
    assert all(r.integer_network.predict(x) != r.float_predictions[k] for k, x in
               ((k, _exact_rows(GRID[[k]])[0]) for k in changed))


def test_a_bound_that_drops_a_bias_moves_the_boundary_off_some_segments():
    # with denominators <= 16 the bias 0.02 becomes 0, and f_0 - f_1 of the exact network
    # keeps one sign on some segments where the float module changes class
    r = integerize_to_agreement(_decimal_module(), GRID, denominators=(16,), target=0, rounding="best")
    s = r.boundary_shift
    assert r.conversion.network.c2 == (0, 0)
    assert s.n_without_exact_crossing > 0 and s.max_distance == math.inf
    assert all((t is None) == (d == math.inf) for t, d in zip(s.exact_crossings, s.distances))
    exact = integerize_to_agreement(_decimal_module(), GRID, denominators=(64,), rounding="best")
    assert exact.conversion.network.c2 == (0, Fraction(1, 50)) and exact.boundary_shift.max_distance < 1e-6


def test_target_zero_takes_the_coarsest_bound(iris, iris_net):
    r = integerize_to_agreement(iris_net, iris.X, target=0, denominators=(1, 16), boundary_segments=0)
    assert r.max_denominator == 1 and len(r.trials) == 1 and r.met_target


def test_float_target_is_read_as_the_fraction_it_stands_for(iris, iris_net):
    r = integerize_to_agreement(iris_net, iris.X[:10], target=0.1, denominators=(1,), boundary_segments=0)
    assert r.target == Fraction(1, 10)


def test_state_dict_and_module_give_the_same_report(iris, iris_net, iris_report, tmp_path):
    sd = iris_net.state_dict()
    r = integerize_to_agreement(sd, iris.X, denominators=(iris_report.max_denominator,))
    assert r.integer_network == iris_report.integer_network and r.exact_predictions == iris_report.exact_predictions
    assert r.float_predictions == iris_report.float_predictions and r.max_logit_error == iris_report.max_logit_error
    assert r.boundary_shift == iris_report.boundary_shift


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits")


@pytest.fixture(scope="module")
def digits_net(digits):
    return train_relu_classifier(digits.X, digits.y, hidden=16, seed=0, n_restarts=1)


def test_digits_net(digits, digits_net):
    module = digits_net
    X = digits.X[::3]
    r = integerize_to_agreement(module, X, denominators=(4, 16, 256, None), boundary_segments=16)
    assert r.n_points == 599 and r.met_target and r.integer_network.n_inputs == 64
    # independent exact check on a sample of rows
    points = _exact_rows(X)
    for k in range(0, 599, 50):
        assert r.exact_predictions[k] == r.integer_network.predict(points[k])
    # the data are exact multiples of 1/16, so the exact inputs are raw / 16
    assert [tuple(rationalize(v) for v in row) for row in X[:3].tolist()] == list(digits.exact_points(range(0, 9, 3)))
    assert r.boundary_shift.n_segments > 0 and r.boundary_shift.n_without_exact_crossing == 0


# --- dyadic rounding ------------------------------------------------------------------------


def _nearest_multiple(q: Fraction, d: int) -> Fraction:
    """The multiple of 1/d nearest to q, ties to the even numerator (floor, then compare)."""
    n = math.floor(q * d)
    rest = q * d - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return Fraction(n, d)


@settings(max_examples=200)
@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.integers(-(2**20), 2**20).map(lambda n: n / 32),  # many exact ties
    ),
    st.integers(0, 40),
)
def test_dyadic_rounding_is_the_nearest_multiple_of_the_exact_float(x, k):
    d = 2**k
    q = round_weight(x, d, "dyadic")
    assert q == _nearest_multiple(Fraction(x), d)  # Fraction(float) is the float's exact value
    assert d % Fraction(q).denominator == 0
    err = abs(Fraction(x) - q)
    assert err <= Fraction(1, 2 * d)
    assert err <= abs(Fraction(x) - (q + Fraction(1, d))) and err <= abs(Fraction(x) - (q - Fraction(1, d)))
    assert round_weight(x, None, "dyadic") == round_weight(x, None, "best") == Fraction(x)


@settings(max_examples=100)
@given(st.integers(-(2**40), 2**40), st.integers(0, 12))
def test_dyadic_ties_round_to_the_even_multiple(n, k):
    x = (2 * n + 1) / 2 ** (k + 1)  # exactly halfway between n / 2**k and (n + 1) / 2**k
    assert Fraction(x) == Fraction(2 * n + 1, 2 ** (k + 1))
    even = n if n % 2 == 0 else n + 1
    assert round_weight(x, 2**k, "dyadic") == Fraction(even, 2**k)


def _all_weights(net):
    return [v for row in net.A + net.B for v in row] + list(net.c1) + list(net.c2)


def test_dyadic_keeps_the_digits_integers_small_where_best_explodes(digits_net):
    k = 12
    dyadic = from_torch(digits_net, max_denominator=2**k, rounding="dyadic")
    best = from_torch(digits_net, max_denominator=2**k, rounding="best")
    # every exact weight is a multiple of 2**-k, so the common denominator divides 2**k
    assert 2**k % common_denominator(_all_weights(dyadic.network)) == 0
    assert dyadic.max_weight_error <= Fraction(1, 2 ** (k + 1)) and dyadic.rounding == "dyadic"
    w_bits = max(abs(math.floor(v)).bit_length() for v in _all_weights(dyadic.network)) + 1

    def bits(conv):
        return max(abs(v).bit_length() for row in conv.integer_network.A + conv.integer_network.B for v in row)

    # A's rows are 2**k times the weights; B is 2**k times its weights times 2**k / (row scale)
    assert max(abs(v).bit_length() for row in dyadic.integer_network.A for v in row) <= k + w_bits
    assert bits(dyadic) <= 2 * k + w_bits
    # best approximations: unrelated denominators, row-wise lcms (thousands of bits here)
    assert bits(best) > 10 * bits(dyadic)
    exact = from_torch(digits_net)
    assert bits(dyadic) < bits(exact)  # coarser than the float32 values themselves


def test_dyadic_search_reaches_the_target_on_digits(digits, digits_net):
    X = digits.X
    r = integerize_to_agreement(digits_net, X, denominators=(2, 4, 8, 16, 64, None), boundary_segments=16)
    m = 1797
    assert r.rounding == "dyadic" and r.met_target and r.n_agree == r.n_points == m and r.changed_indices == ()
    # the search had to go past the coarsest bounds (measured: 2 and 4 change predictions)
    assert len(r.trials) >= 2 and all(t.n_agree < m for t in r.trials[:-1])
    d = r.max_denominator
    assert d is not None and d & (d - 1) == 0
    assert d % common_denominator(_all_weights(r.conversion.network)) == 0
    assert r.trials[-1].max_integer_bits <= 2 * d.bit_length() + 5
    # independent exact check of the chosen network on a sample of rows
    points = _exact_rows(X)
    float_pred = np.argmax(_torch_logits(digits_net, X), axis=1)
    assert all(r.integer_network.predict(points[k]) == float_pred[k] for k in range(0, m, 37))
    s = r.boundary_shift
    assert s.n_segments > 0 and s.n_without_exact_crossing == 0 and s.max_distance < 1
    # a lower target (that of the coarsest trial) stops at the first bound
    first = r.trials[0]
    lower = integerize_to_agreement(
        digits_net, X, denominators=(2, 4, 8, 16, 64, None), target=Fraction(first.n_agree, m), boundary_segments=0
    )
    assert lower.max_denominator == 2 and lower.met_target and lower.n_agree == first.n_agree
    assert len(lower.changed_indices) == m - first.n_agree


# --- argument errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target": 1.5}, r"target=1.5 must be a number in \[0, 1\]"),
        ({"target": "1"}, r"target='1' must be a number in \[0, 1\]"),
        ({"target": math.nan}, r"target=nan must be a number in \[0, 1\]"),
        ({"denominators": ()}, r"denominators=\(\) is empty"),
        ({"denominators": (16, 4)}, r"denominators=\(16, 4\) must increase"),
        ({"denominators": (None, 16)}, r"None \(exact values\) may only come last"),
        ({"denominators": (0,)}, r"entry 0 must be an int >= 1 or None"),
        ({"denominators": (2.0,)}, r"entry 2.0 must be an int >= 1 or None"),
        ({"denominators": 16}, r"denominators=16 must be a sequence"),
        ({"boundary_segments": -1}, r"boundary_segments=-1 must be an int >= 0"),
        ({"rounding": "floor"}, r"rounding='floor' must be 'best' or 'dyadic'"),
        ({"rounding": 2}, r"rounding=2 must be 'best' or 'dyadic'"),
        ({"denominators": (16, 100)}, r"denominators=\(16, 100\): entry 100 must be a power of two with rounding='dyadic'"),
        ({"denominators": (3,)}, r"entry 3 must be a power of two"),
    ],
)
def test_bad_options_name_the_argument(small_iris_net, iris, kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        integerize_to_agreement(small_iris_net, iris.X, **kwargs)


def test_bad_data(small_iris_net):
    with pytest.raises(InvalidInputError, match=r"X must have shape \(m, 4\)"):
        integerize_to_agreement(small_iris_net, np.zeros((3, 2)))
    with pytest.raises(InvalidInputError, match=r"X must have shape \(m, 4\) with m >= 1"):
        integerize_to_agreement(small_iris_net, np.zeros((0, 4)))
    with pytest.raises(InvalidInputError, match="X must hold finite real numbers"):
        integerize_to_agreement(small_iris_net, np.full((2, 4), np.nan))
    with pytest.raises(InvalidInputError, match="expected an nn.Module, a state dict or a path"):
        integerize_to_agreement(42, np.zeros((2, 4)))


def test_ragged_data_are_refused_naming_X(small_iris_net):
    with pytest.raises(InvalidInputError, match="X must be a rectangular 2-D array .* rows have different lengths"):
        integerize_to_agreement(small_iris_net, [[1.0, 2.0, 3.0, 4.0], [1.0, 2.0]], boundary_segments=0)


def test_tensor_data_that_require_grad_give_the_same_report(small_iris_net, iris):
    X = iris.X[:40]
    plain = integerize_to_agreement(small_iris_net, X, boundary_segments=0)
    for tensor in (torch.tensor(X, requires_grad=True), torch.tensor(X).to(torch.float64).requires_grad_()):
        report = integerize_to_agreement(small_iris_net, tensor, boundary_segments=0)
        assert report.max_denominator == plain.max_denominator
        assert report.float_predictions == plain.float_predictions
        assert [t.n_agree for t in report.trials] == [t.n_agree for t in plain.trials]


# --- Theorem 2 does not see the scale -------------------------------------------------------


def _rescaled(net: ReLUNetwork, s, d) -> ReLUNetwork:
    """Rows of (A | c1) times d_j, columns of B times 1/d_j, then B and c2 times s."""
    A = [[dj * v for v in row] for dj, row in zip(d, net.A)]
    c1 = [dj * v for dj, v in zip(d, net.c1)]
    B = [[Fraction(s) * v / dj for v, dj in zip(row, d)] for row in net.B]
    c2 = [s * v for v in net.c2]
    return ReLUNetwork(A, B, c1, c2)


def _scaled_points(points, s):
    return tuple(tuple(s * c for c in p) for p in points)


def _assert_same_theorem2(net, scaled, s, points=None):
    a = verify_theorem2(net, points=points)
    b = verify_theorem2(scaled, points=points)
    assert a.holds == b.holds
    for p, q in zip(a.pairs, b.pairs):
        assert (p.i, p.j) == (q.i, q.j)
        assert (p.part1_holds, p.part2_holds, p.proposition1_holds) == (q.part1_holds, q.part2_holds, q.proposition1_holds)
        assert (p.n_terms_R, p.n_vertices, p.n_cells) == (q.n_terms_R, q.n_vertices, q.n_cells)
        # the decision boundary {f_i = f_j} is the same set (the points found differ: the far
        # probes of the search depend on the weights)
        for x in p.boundary_points + q.boundary_points:
            fx, gx = net(x), scaled(x)
            assert fx[p.i] == fx[p.j] and gx[p.i] == gx[p.j] and gx == tuple(s * v for v in fx)
        # δ(R) and its lifted polytope scale by s (R itself becomes s * R)
        P, Q = decision_boundary_polytope(net, p.i, p.j), decision_boundary_polytope(scaled, p.i, p.j)
        assert Q.vertices == _scaled_points(P.vertices, s)
        S, T = decision_boundary_subdivision(net, p.i, p.j), decision_boundary_subdivision(scaled, p.i, p.j)
        assert T.cells == frozenset(frozenset(_scaled_points(c, s)) for c in S.cells)
    return a


@pytest.mark.parametrize("rounding", ["dyadic", "best"])
def test_theorem2_on_a_trained_net_is_unaffected_by_integer_rescaling(iris, small_iris_net, rounding):
    r = integerize_to_agreement(small_iris_net, iris.X, denominators=(16,), boundary_segments=0, rounding=rounding)
    assert r.rounding == rounding
    net = r.integer_network
    d = [1, 2, 3][: net.n_hidden]
    s = 12  # a multiple of every d_j keeps B integral
    scaled = _rescaled(net, s, d)
    assert scaled.is_integral and scaled != net
    x = _exact_rows(iris.X[:5])
    assert all(scaled(p) == tuple(s * v for v in net(p)) for p in x)
    report = _assert_same_theorem2(net, scaled, s, points=x + _exact_rows(iris.X[50:55]) + _exact_rows(iris.X[100:105]))
    assert report.holds and any(p.part1_exercised for p in report.pairs)


@pytest.mark.parametrize("rounding", ["dyadic", "best"])
def test_rational_rescaling_integerizes_to_the_same_network(iris, small_iris_net, rounding):
    r = integerize_to_agreement(small_iris_net, iris.X, denominators=(16,), boundary_segments=0, rounding=rounding)
    net = r.conversion.network
    d = [Fraction(3, 7), Fraction(5, 2), 11][: net.n_hidden]
    scaled = _rescaled(net, Fraction(2, 9), d)
    assert scaled.integerized().network == r.integer_network
    assert scaled.integerized().scale == r.scale / Fraction(2, 9)


@settings(max_examples=25)
@given(relu_networks(biases=True, max_hidden=3), st.integers(1, 3), st.lists(st.integers(1, 3), min_size=3, max_size=3))
def test_theorem2_verdicts_and_polytopes_scale_with_the_network(weights, t, d):
    A, B, c1, c2 = weights
    net = ReLUNetwork(A, B, c1, c2)
    d = d[: net.n_hidden]
    s = t * math.lcm(*d)
    _assert_same_theorem2(net, _rescaled(net, s, d), s)


# --- integerization multiplies the logits by exactly its scale -------------------------------


@settings(max_examples=40)
@given(rational_relu_networks(n_classes=3), st.lists(rational_points(dim=2), min_size=1, max_size=4))
def test_integerized_logits_are_scale_times_the_logits(weights, points):
    net = ReLUNetwork(*weights)
    integer = net.integerized()
    assert integer.network.is_integral and integer.scale > 0
    for x in points:
        assert integer.network(x) == tuple(integer.scale * v for v in net(x))
    assert exact_logits(net, points) == tuple(net(x) for x in points)
    assert exact_logits(integer.network, points) == tuple(integer.network(x) for x in points)


@settings(max_examples=40)
@given(rational_relu_networks(), positive_rationals(), st.lists(positive_rationals(), min_size=4, max_size=4))
def test_integerization_forgets_positive_rescaling(weights, s, d):
    net = ReLUNetwork(*weights)
    # a zero row of A has no primitive form to return to, so it keeps d_j = 1
    d = [dj if any(row) else 1 for dj, row in zip(d, net.A)]
    scaled = _rescaled(net, s, d)
    assert scaled.integerized().network == net.integerized().network
    assert scaled.integerized().scale * s == net.integerized().scale


@settings(max_examples=30)
@given(
    float32_relu_weights(n_classes=3),
    st.sampled_from(DEFAULT_DENOMINATORS),
    st.lists(st.tuples(st.floats(-3, 3, width=32), st.floats(-3, 3, width=32)), min_size=1, max_size=5),
    st.sampled_from(["dyadic", "best"]),
)
def test_chosen_integer_network_is_scale_times_the_rational_one(weights, bound, X, rounding):
    W1, b1, W2, b2 = weights
    module = torch.nn.Sequential(torch.nn.Linear(2, len(W1)), torch.nn.ReLU(), torch.nn.Linear(len(W1), 3))
    with torch.no_grad():
        for layer, w, b in ((module[0], W1, b1), (module[2], W2, b2)):
            layer.weight.copy_(torch.tensor(w, dtype=torch.float32))
            layer.bias.copy_(torch.tensor(b, dtype=torch.float32))
    r = integerize_to_agreement(module, np.array(X, dtype=np.float32), denominators=(bound,), target=0, rounding=rounding)
    assert r.conversion == from_torch(module, max_denominator=bound, rounding=rounding)
    points = _exact_rows(X)
    for x in points:
        assert r.integer_network(x) == tuple(r.scale * v for v in r.conversion.network(x))
    assert r.exact_predictions == tuple(r.conversion.network.predict(x) for x in points)
    if bound is None:
        assert r.conversion.network == from_torch(to_torch(r.conversion.network, dtype=torch.float32)).network


def test_exact_logits_with_integers_beyond_int64():
    from fractions import Fraction as F

    big = 2**80 + 1
    net = ReLUNetwork([[big, -3], [1, F(1, big)]], [[big, -1], [2, big]], c1=[F(-1, 3), 7], c2=[big, F(5, 7)])
    points = [(1, 2), (F(-1, big), F(3, 2**70)), (big, -big)]
    assert exact_logits(net, points) == tuple(net(x) for x in points)
    with pytest.raises(TypeError, match="is a float"):
        exact_logits(net, [(0.5, 1)])


@settings(max_examples=30)
@given(mlps(n_inputs=2), st.lists(rational_points(dim=2), max_size=4))
def test_exact_logits_of_mlps(net, points):
    assert exact_logits(net, points) == tuple(net(x) for x in points)
