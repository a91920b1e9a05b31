"""tropgeo.evaluation: batched exact evaluation equals ``net(x)`` row by row.

The reference is the one-point Fraction evaluation (``MLP.__call__``,
``ReLUNetwork.__call__``) at each row's exact value, and ``Fraction(float(v))`` for the
exact value of a float; both are independent of the integer-array machinery under test.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings

from strategies import exact_rows, float_arrays, large_mlps, mlps, relu_networks
from tropgeo._arrangement import INT64_SAFE
from tropgeo.errors import InexactInputError, InvalidInputError
from tropgeo.evaluation import (
    batch_layer_outputs,
    batch_logits,
    batch_predictions,
    exact_float_rows,
    max_abs_deviation,
)
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork


def _rows(N: np.ndarray, D: np.ndarray) -> list[tuple[Fraction, ...]]:
    return [tuple(Fraction(int(v), int(d)) for v in row) for row, d in zip(N.tolist(), D.tolist())]


def _float_points(X: np.ndarray) -> list[tuple[Fraction, ...]]:
    return [tuple(Fraction(float(v)) for v in row) for row in X]


# --- the exact values of floats --------------------------------------------------------------


@settings(max_examples=150)
@given(float_arrays(n_columns=3))
def test_exact_float_rows_are_the_binary_values(X):
    N, D = exact_float_rows(X)
    assert N.shape == X.shape and D.shape == (X.shape[0],)
    assert _rows(N, D) == _float_points(X)
    for row, d in zip(N.tolist(), D.tolist()):
        d = int(d)
        assert d > 0 and d & (d - 1) == 0  # a power of two
        if d > 1:  # the least one: half of it leaves some numerator odd
            assert any(int(v) % 2 for v in row)
    # int64 exactly when every entry fits below 2^62
    fits = all(abs(int(v)) < INT64_SAFE for v in N.flat)
    assert (N.dtype == np.int64) == fits
    assert (D.dtype == np.int64) == all(int(d) < INT64_SAFE for d in D.flat)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_exact_float_rows_at_the_extremes(dtype):
    info = np.finfo(dtype)
    X = np.array([[info.max, -info.max], [info.smallest_subnormal, -info.tiny], [0.0, 1.0], [0.1, -0.0]], dtype=dtype)
    N, D = exact_float_rows(X)
    assert _rows(N, D) == _float_points(X)
    assert D.tolist()[2] == 1 and N.tolist()[2] == [0, 1]
    if dtype == "float64":
        assert N.dtype == object and D.dtype == object


def test_exact_float_rows_of_integers_and_empty_arrays():
    N, D = exact_float_rows(np.array([[3, -2**63], [0, 7]], dtype=np.int64))
    assert N.dtype == object and N.tolist() == [[3, -2**63], [0, 7]] and D.tolist() == [1, 1]
    N, D = exact_float_rows(np.zeros((0, 4), dtype=np.float32))
    assert N.shape == (0, 4) and D.shape == (0,)


def test_exact_float_rows_bad_input():
    with pytest.raises(InvalidInputError, match=r"X\[2\] holds a non-finite value \(nan\)"):
        exact_float_rows(np.array([[1.0], [2.0], [np.nan]]))
    with pytest.raises(InvalidInputError, match=r"X\[0\] holds a non-finite value \(-inf\)"):
        exact_float_rows(np.array([[1.0, -np.inf]], dtype=np.float32))
    with pytest.raises(InvalidInputError, match=r"X must be a 2-D array .* shape \(3,\)"):
        exact_float_rows(np.array([1.0, 2.0, 3.0]))
    with pytest.raises(InvalidInputError, match="dtype object"):
        exact_float_rows(np.array([[Fraction(1, 3)]], dtype=object))
    with pytest.raises(InvalidInputError, match="dtype bool"):
        exact_float_rows(np.array([[True]]))
    if np.finfo(np.longdouble).nmant > 52:
        with pytest.raises(InvalidInputError, match="rationalize"):
            exact_float_rows(np.ones((1, 1), dtype=np.longdouble))


def test_exact_float_rows_refuses_ragged_rows_naming_X():
    with pytest.raises(InvalidInputError, match="X must be a rectangular 2-D array .* numpy cannot read it"):
        exact_float_rows([[1.0, 2.0], [3.0]])
    with pytest.raises(InvalidInputError, match="X must be a rectangular 2-D array"):
        exact_float_rows([[0.5], [[1.0, 2.0]]])


def test_exact_float_rows_reads_tensors_that_require_grad():
    torch = pytest.importorskip("torch")
    X = torch.tensor([[0.5, -3.0], [0.1, 0.0]], requires_grad=True)
    N, D = exact_float_rows(X)
    assert _rows(N, D) == [(Fraction(1, 2), Fraction(-3)), (Fraction(float(np.float32(0.1))), Fraction(0))]
    with pytest.raises(InvalidInputError, match="BFloat16"):
        exact_float_rows(torch.ones((1, 2), dtype=torch.bfloat16))


# --- batched logits equal net(x) ----------------------------------------------------------------


@settings(max_examples=100)
@given(mlps(n_inputs=3), float_arrays(n_columns=3))
def test_batch_logits_of_float_rows_equal_the_network(net, X):
    N, D = exact_float_rows(X)
    points = _float_points(X)
    Y, d = batch_logits(net, N, D)
    assert Y.shape == (len(points), net.n_classes)
    assert all(int(v) > 0 for v in d)
    assert _rows(Y, d) == [tuple(Fraction(v) for v in net(x)) for x in points]
    assert batch_predictions(net, N, D).tolist() == [net.predict(x) for x in points]
    layers = batch_layer_outputs(net, N, D)
    assert len(layers) == len(net.weights)
    for r, x in enumerate(points):
        assert tuple(_rows(Z[r : r + 1], dz[r : r + 1])[0] for Z, dz in layers) == tuple(
            tuple(Fraction(v) for v in z) for z in net.layer_outputs(x)
        )


@settings(max_examples=60)
@given(large_mlps(n_inputs=2), exact_rows(n_columns=2, min_rows=1))
def test_huge_weights_take_python_ints_and_stay_exact(net, rows):
    numerators, denominators = rows
    Y, d = batch_logits(net, numerators, denominators)
    assume(any(abs(int(v)) >= INT64_SAFE for v in Y.flat))  # the Python-int path, not all-zero weights
    points = [tuple(Fraction(v, q) for v in row) for row, q in zip(numerators, denominators)]
    assert Y.dtype == object
    assert _rows(Y, d) == [tuple(Fraction(v) for v in net(x)) for x in points]
    assert batch_predictions(net, numerators, denominators).tolist() == [net.predict(x) for x in points]


@settings(max_examples=60)
@given(relu_networks(n_inputs=2, n_classes=3, biases=True), exact_rows(n_columns=2, max_bits=8))
def test_relu_networks_equal_their_call(weights, rows):
    net = ReLUNetwork(*weights)
    numerators, denominators = rows
    points = [tuple(Fraction(v, q) for v in row) for row, q in zip(numerators, denominators)]
    Z, dz = batch_layer_outputs(net, np.array(numerators, dtype=np.int64).reshape(-1, 2), denominators)[0]
    Y, d = batch_logits(net, numerators, denominators)
    assert Y.dtype == np.int64  # small weights and points: the int64 path
    assert _rows(Z, dz) == [tuple(Fraction(v) for v in net.preactivations(x)) for x in points]
    assert _rows(Y, d) == [tuple(Fraction(v) for v in net(x)) for x in points]
    assert batch_logits(MLP.from_relu_network(net), numerators, denominators)[0].tolist() == Y.tolist()


def test_leaky_slopes_and_the_int64_boundary():
    # the same network and rows, with inputs small enough for int64 and too large for it
    net = MLP([[[1, 1]], [[1], [Fraction(-1, 3)]]], negative_slopes=[Fraction(1, 10)])
    for top in (2**50, 2**61):
        rows = [[top, top], [-top, 0], [3, -5]]
        Y, d = batch_logits(net, rows, [1, 1, 2])
        assert _rows(Y, d) == [tuple(Fraction(v) for v in net((Fraction(a, q), Fraction(b, q)))) for (a, b), q in zip(rows, [1, 1, 2])]
        assert Y.dtype == (np.int64 if top == 2**50 else object)


# --- deviation, and bad input -------------------------------------------------------------------


def test_max_abs_deviation_is_exact():
    Y, d = [[1, 2], [2**70, 0]], [3, 2**69]
    V = np.array([[0.25, 0.5], [2.0, 0.1]])
    assert max_abs_deviation(Y, d, V) == max(abs(Fraction(float(v)) - Fraction(y, q)) for row_y, row_v, q in zip(Y, V, d) for y, v in zip(row_y, row_v))
    assert max_abs_deviation(np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros((0, 2))) == 0
    with pytest.raises(InvalidInputError, match="values must have 2 rows"):
        max_abs_deviation(Y, d, V[:1])
    with pytest.raises(InvalidInputError, match=r"X\[1\] holds a non-finite"):
        max_abs_deviation(Y, d, np.array([[0.0, 0.0], [np.inf, 0.0]]))


def test_batch_logits_bad_input():
    net = ReLUNetwork([[1, 0]], [[1], [-1]])
    with pytest.raises(InvalidInputError, match=r"numerators must have shape \(m, 2\)"):
        batch_logits(net, [[1, 2, 3]], [1])
    with pytest.raises(InvalidInputError, match=r"denominators must have shape \(2,\)"):
        batch_logits(net, [[1, 2], [3, 4]], [1])
    with pytest.raises(InexactInputError, match="numerators has float dtype float64"):
        batch_logits(net, np.array([[0.5, 1.0]]), [1])
    with pytest.raises(InvalidInputError, match=r"numerators\[0, 1\]=0.5 must be an int"):
        batch_logits(net, [[1, 0.5]], [1])
    with pytest.raises(InvalidInputError, match=r"numerators\[0, 0\]=True must be an int"):
        batch_logits(net, [[True, 1]], [1])
    with pytest.raises(InvalidInputError, match=r"denominators\[1\]=0 must be positive"):
        batch_logits(net, [[1, 2], [3, 4]], [1, 0])
    with pytest.raises(InvalidInputError, match="net is a list; expected an MLP or a ReLUNetwork"):
        batch_logits([[1, 0]], [[1, 2]], [1])
    Y, d = batch_logits(net, np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert Y.shape == (0, 2) and d.shape == (0,)
    assert batch_predictions(net, np.zeros((0, 2), dtype=np.int64), []).tolist() == []
