"""Small real and synthetic data sets that ship with scikit-learn (no download).

``"iris"`` is Fisher's iris data (150 flowers, 4 measurements, 3 species),
standardised with the mean and standard deviation of the 150 training rows;
``"moons"`` is scikit-learn's two interleaving half circles in the plane
(200 points, noise 0.15), drawn from ``seed``.

Examples
--------
>>> iris = load_dataset("iris")
>>> iris.X.shape, iris.X.dtype, iris.y.dtype, iris.class_names
((150, 4), dtype('float32'), dtype('int64'), ('setosa', 'versicolor', 'virginica'))
>>> moons = load_dataset("moons", seed=1)
>>> moons.X.shape, moons.n_classes, moons.name
((200, 2), 2, 'moons')
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

import numpy as np

from tropgeo.errors import InvalidInputError

__all__ = ["Dataset", "DATASET_NAMES", "load_dataset"]


@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled data set with read-only arrays.

    Equality and hashing are by identity (arrays have no single truth value).

    Attributes
    ----------
    X : np.ndarray of float32, shape (m, n)
        Features, one row per sample.
    y : np.ndarray of int64, shape (m,)
        Class indices ``0 .. n_classes - 1``.
    feature_names, class_names : tuple of str
    name : str
        The name it was loaded by.
    feature_mean, feature_std : np.ndarray of float64, or None
        The standardisation applied (``X = (raw - mean) / std``), ``None`` when
        the features are raw.  Apply the same to new points.
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    name: str
    feature_mean: np.ndarray | None = None
    feature_std: np.ndarray | None = None

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self.name!r}, n_samples={self.n_samples}, n_features={self.n_features}, "
            f"n_classes={self.n_classes})"
        )


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _iris(seed: int) -> Dataset:
    from sklearn.datasets import load_iris

    bunch = load_iris()
    raw = np.asarray(bunch.data, dtype=np.float64)
    mean = raw.mean(axis=0)
    std = raw.std(axis=0)
    X = ((raw - mean) / std).astype(np.float32)
    return Dataset(
        X=_readonly(X),
        y=_readonly(np.asarray(bunch.target, dtype=np.int64)),
        feature_names=tuple(str(f) for f in bunch.feature_names),
        class_names=tuple(str(c) for c in bunch.target_names),
        name="iris",
        feature_mean=_readonly(mean),
        feature_std=_readonly(std),
    )


def _moons(seed: int) -> Dataset:
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=200, noise=0.15, random_state=seed)
    return Dataset(
        X=_readonly(np.asarray(X, dtype=np.float32)),
        y=_readonly(np.asarray(y, dtype=np.int64)),
        feature_names=("x1", "x2"),
        class_names=("upper moon", "lower moon"),
        name="moons",
    )


_LOADERS: Mapping[str, Callable[[int], Dataset]] = MappingProxyType({"iris": _iris, "moons": _moons})
DATASET_NAMES: tuple[str, ...] = tuple(_LOADERS)


def load_dataset(name: str, *, seed: int = 0) -> Dataset:
    """Load a named data set.

    Parameters
    ----------
    name : {"iris", "moons"}
    seed : int
        Random state of synthetic sets (``"moons"``); the iris data are fixed.

    Returns
    -------
    Dataset

    Raises
    ------
    InvalidInputError
        For an unknown name (the message lists the known names) or a seed that
        is not a non-negative int.

    Examples
    --------
    >>> load_dataset("mnist")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: name='mnist' is not a known data set; known: 'iris', 'moons'
    """
    if name not in _LOADERS:
        known = ", ".join(repr(n) for n in DATASET_NAMES)
        raise InvalidInputError(f"name={name!r} is not a known data set; known: {known}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInputError(f"seed={seed!r} must be an int >= 0")
    return _LOADERS[name](int(seed))
