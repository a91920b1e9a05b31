"""`tropgeo verify` in support-function mode: digits and MNIST, trained here or the user's."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import torch

from tropgeo import ReLUNetwork
from tropgeo.adapters.datasets import load_dataset
from tropgeo.support import support_certificate
from tropgeo.validation.cli import main


def _run(capsys, *argv):
    status = main(["verify", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _read(path):
    return json.loads(path.read_text())


def test_digits_trained_here(tmp_path, capsys):
    cert = tmp_path / "digits.json"
    status, out, err = _run(
        capsys, "--dataset", "digits", "--directions", "2000", "--boundary-points", "2", "--certificate", str(cert)
    )
    assert status == 0, out + err
    assert "Affine(64->16) -> ReLU -> Affine(16->10)" in out and "held-out" in out
    assert "mode: support-function (2000 points: 1797 from the data, 203 random" in out
    data = _read(cert)
    assert data["mode"] == "support-function" and data["holds"] is True
    assert len(data["pairs"]) == 45  # every pair of the ten classes
    assert all(p["support_functions"]["n_agree"] == 4000 for p in data["pairs"])
    assert all(p["part1"]["n_points"] <= 2 for p in data["pairs"])
    assert sum(p["part1"]["n_points"] for p in data["pairs"]) > 0
    assert "x_raw / 16" in data["support"]["input_scaling"]
    # the certified network really is the trained one on raw pixels: re-check a few pairs
    # from the certificate's own exact numbers at the data's integer pixels
    net = ReLUNetwork(
        *[[[Fraction(v) for v in row] for row in data["network"][k]] for k in ("A", "B")],
        c1=[Fraction(v) for v in data["network"]["c1"]],
        c2=[Fraction(v) for v in data["network"]["c2"]],
    )
    raw = load_dataset("digits").raw_X[:50]
    assert support_certificate(net, raw, pairs=[(0, 1), (3, 8)], boundary_points=0).holds


def test_mnist_trained_here(tmp_path, capsys):
    cert = tmp_path / "mnist.json"
    status, out, err = _run(
        capsys, "--dataset", "mnist", "--hidden", "6", "--directions", "300", "--boundary-points", "1",
        "--certificate", str(cert),
    )
    assert status == 0, out + err
    assert "Affine(784->6)" in out and "784 inputs (> 16): support-function mode" in err
    data = _read(cert)
    assert data["holds"] is True and len(data["pairs"]) == 45
    assert data["support"]["data_directions"] == 300 and data["support"]["random_directions"] == 0
    assert data["network"]["n_inputs"] == 784


@pytest.mark.parametrize("n_inputs, name", [(64, "digits"), (784, "mnist")])
def test_user_models_of_both_shapes(tmp_path, capsys, n_inputs, name):
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(n_inputs, 5), torch.nn.ReLU(), torch.nn.Linear(5, 10))
    path = tmp_path / "user.pt"
    torch.save(module.state_dict(), path)
    cert = tmp_path / "c.json"
    status, out, err = _run(capsys, "--model", str(path), "--directions", "200", "--boundary-points", "1",
                            "--certificate", str(cert))
    assert status == 0, out + err
    assert f"data: {name}," in out and f"user model {path}" in out
    assert _read(cert)["mode"] == "support-function"


def test_exhaustive_mode_is_refused_for_mnist_with_the_estimate(tmp_path, capsys):
    status, out, err = _run(capsys, "--dataset", "mnist", "--hidden", "4", "--mode", "exhaustive",
                            "--certificate", str(tmp_path / "c.json"))
    assert status == 2 and "tropgeo verify: error:" in err
    assert "pass max_inputs=..." in err
    assert "hint: tropgeo verify has no flag for max_inputs; use --mode support (or --mode auto)" in err
    assert not (tmp_path / "c.json").exists()


def test_support_mode_on_iris_agrees_with_the_exhaustive_verdict(tmp_path, capsys):
    cert = tmp_path / "c.json"
    status, out, err = _run(capsys, "--mode", "support", "--directions", "400", "--certificate", str(cert))
    assert status == 0, out + err
    data = _read(cert)
    assert data["mode"] == "support-function" and data["support"]["data_directions"] == 150
    assert data["support"]["input_scaling"] == "none"
