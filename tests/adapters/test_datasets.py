"""tropgeo.adapters.datasets: embedded data sets, standardisation, errors."""

from __future__ import annotations

import numpy as np
import pytest

from tropgeo.adapters.datasets import DATASET_NAMES, Dataset, load_dataset
from tropgeo.errors import InvalidInputError


def test_iris_shape_classes_and_dtypes():
    iris = load_dataset("iris")
    assert isinstance(iris, Dataset)
    assert iris.X.shape == (150, 4) and iris.X.dtype == np.float32
    assert iris.y.shape == (150,) and iris.y.dtype == np.int64
    assert iris.n_classes == 3 and iris.class_names == ("setosa", "versicolor", "virginica")
    assert np.bincount(iris.y).tolist() == [50, 50, 50]
    assert len(iris.feature_names) == 4 and iris.feature_names[0] == "sepal length (cm)"
    assert repr(iris) == "Dataset(name='iris', n_samples=150, n_features=4, n_classes=3)"


def test_iris_is_standardised_with_the_training_mean_and_std():
    from sklearn.datasets import load_iris

    iris = load_dataset("iris")
    X = iris.X.astype(np.float64)
    assert np.abs(X.mean(axis=0)).max() < 1e-6
    assert np.abs(X.std(axis=0) - 1).max() < 1e-6
    raw = load_iris().data
    assert np.allclose(iris.feature_mean, raw.mean(axis=0)) and np.allclose(iris.feature_std, raw.std(axis=0))
    assert np.allclose(X, (raw - iris.feature_mean) / iris.feature_std, atol=1e-6)
    # not merely centred: the raw data are far from mean 0
    assert raw.mean(axis=0).min() > 1


def test_moons_shape_and_seed():
    a, b, c = load_dataset("moons"), load_dataset("moons", seed=0), load_dataset("moons", seed=1)
    assert a.X.shape == (200, 2) and a.X.dtype == np.float32 and a.y.dtype == np.int64
    assert a.n_classes == 2 and sorted(set(a.y.tolist())) == [0, 1]
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    assert a.feature_mean is None and a.feature_std is None


def test_arrays_are_read_only():
    iris = load_dataset("iris")
    with pytest.raises(ValueError):
        iris.X[0, 0] = 1.0
    with pytest.raises(ValueError):
        iris.y[0] = 2


def test_unknown_name_lists_the_known_names():
    assert DATASET_NAMES == ("iris", "moons")
    with pytest.raises(InvalidInputError, match=r"name='cifar10' is not a known data set; known: 'iris', 'moons'"):
        load_dataset("cifar10")


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed(seed):
    with pytest.raises(InvalidInputError, match="seed=.* must be an int >= 0"):
        load_dataset("moons", seed=seed)
