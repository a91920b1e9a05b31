"""tropgeo.adapters.training: deterministic training, accuracy, restored global state."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from tropgeo.adapters.datasets import load_dataset
from tropgeo.adapters.training import accuracy, train_relu_classifier
from tropgeo.errors import InvalidInputError


@pytest.fixture(scope="module")
def iris():
    return load_dataset("iris")


def test_architecture_and_eval_mode(iris):
    m = train_relu_classifier(iris.X, iris.y, hidden=5, epochs=3, n_restarts=1)
    assert isinstance(m, nn.Sequential) and len(m) == 3
    assert isinstance(m[0], nn.Linear) and (m[0].in_features, m[0].out_features) == (4, 5)
    assert type(m[1]) is nn.ReLU
    assert isinstance(m[2], nn.Linear) and (m[2].in_features, m[2].out_features) == (5, 3)
    assert not m.training and m[0].weight.dtype == torch.float32


def test_deeper_networks_from_a_sequence_of_widths(iris):
    m = train_relu_classifier(iris.X, iris.y, hidden=(6, 4), seed=1, n_restarts=1)
    assert [type(layer).__name__ for layer in m] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert [(layer.in_features, layer.out_features) for layer in m[::2]] == [(4, 6), (6, 4), (4, 3)]
    assert accuracy(m, iris.X, iris.y) >= 0.9
    # one width as a sequence is the same network, weight for weight, as the int
    a = train_relu_classifier(iris.X, iris.y, hidden=5, epochs=20, n_restarts=1).state_dict()
    b = train_relu_classifier(iris.X, iris.y, hidden=[5], epochs=20, n_restarts=1).state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    "hidden, match",
    [((), "hidden=\\(\\) must be an int >= 1 or a non-empty sequence"), ((4, 0), "hidden\\[1\\]=0 must be an int >= 1"),
     ("8", "hidden='8' must be"), ((4, 2.0), "hidden\\[1\\]=2.0 must be an int >= 1"), (True, "hidden=True must be")],
)
def test_bad_widths_are_named(iris, hidden, match):
    with pytest.raises(InvalidInputError, match=match):
        train_relu_classifier(iris.X, iris.y, hidden=hidden)


def test_same_seed_gives_bitwise_identical_weights(iris):
    a = train_relu_classifier(iris.X, iris.y, seed=3, epochs=50)
    b = train_relu_classifier(iris.X, iris.y, seed=3, epochs=50)
    c = train_relu_classifier(iris.X, iris.y, seed=4, epochs=50)
    sa, sb, sc = a.state_dict(), b.state_dict(), c.state_dict()
    assert list(sa) == list(sb)
    assert all(torch.equal(sa[k], sb[k]) for k in sa)
    assert not all(torch.equal(sa[k], sc[k]) for k in sa)


def test_global_torch_state_is_restored(iris):
    torch.manual_seed(1234)
    rng = torch.get_rng_state()
    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    train_relu_classifier(iris.X, iris.y, epochs=5, n_restarts=2)
    assert torch.equal(torch.get_rng_state(), rng)
    assert torch.get_num_threads() == threads
    assert torch.are_deterministic_algorithms_enabled() == deterministic


def test_iris_train_accuracy(iris):
    m = train_relu_classifier(iris.X, iris.y, hidden=8, seed=0)
    assert accuracy(m, iris.X, iris.y) >= 0.9


@pytest.mark.parametrize("seed", [0, 1])
def test_moons_train_accuracy(seed):
    moons = load_dataset("moons", seed=seed)
    m = train_relu_classifier(moons.X, moons.y, hidden=8, seed=seed)
    assert accuracy(m, moons.X, moons.y) >= 0.9


def test_accuracy_counts_exactly():
    m = nn.Linear(2, 3, bias=False)
    with torch.no_grad():
        m.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]))
    X = np.array([[2.0, 1.0], [0.0, 1.0], [-3.0, -3.0], [1.0, 5.0]], dtype=np.float32)
    assert accuracy(m, X, [0, 1, 2, 0]) == 0.75
    assert accuracy(m, X, np.array([1, 0, 0, 0])) == 0.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"hidden": 0}, "hidden=0 must be an int >= 1"),
        ({"epochs": 2.5}, "epochs=2.5 must be an int >= 1"),
        ({"lr": -1.0}, "lr=-1.0 must be a finite number > 0"),
        ({"seed": -3}, "seed=-3 must be an int >= 0"),
        ({"n_restarts": 0}, "n_restarts=0 must be an int >= 1"),
        ({"n_classes": 2}, "y has label 2, but n_classes=2"),
        ({"dtype": torch.int32}, "must be a floating torch dtype"),
    ],
)
def test_bad_hyper_parameters(iris, kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        train_relu_classifier(iris.X, iris.y, **kwargs)


def test_bad_data():
    X = np.zeros((4, 2), dtype=np.float32)
    with pytest.raises(InvalidInputError, match=r"y must have shape \(4,\)"):
        train_relu_classifier(X, [0, 1, 0])
    with pytest.raises(InvalidInputError, match="n_classes=1 must be >= 2"):
        train_relu_classifier(X, [0, 0, 0, 0])
    with pytest.raises(InvalidInputError, match="finite"):
        train_relu_classifier(np.full((4, 2), np.nan), [0, 1, 0, 1])
    with pytest.raises(InvalidInputError, match="integer class labels"):
        train_relu_classifier(X, [0.0, 1.0, 0.0, 1.0])
    with pytest.raises(InvalidInputError, match="non-empty 2-D"):
        train_relu_classifier(np.zeros(4), [0, 1, 0, 1])
