"""`tropgeo verify` end to end: exit status, summary, certificate, figures, bad input."""

from __future__ import annotations

import json
import pickle
from fractions import Fraction

import matplotlib.image
import numpy as np
import pytest
import torch

import tropgeo.verify
from tropgeo import TropicalPolynomial, ReLUNetwork
from tropgeo.adapters.datasets import load_dataset
from tropgeo.adapters.training import train_relu_classifier
from tropgeo.validation.cli import main


def _run(capsys, *argv):
    status = main(["verify", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _fractions(rows):
    return [tuple(Fraction(v) for v in row) for row in rows]


@pytest.fixture(scope="module")
def moons_state_dict(tmp_path_factory):
    data = load_dataset("moons", seed=1)
    module = train_relu_classifier(data.X, data.y, hidden=6, seed=1)
    path = tmp_path_factory.mktemp("model") / "moons.pt"
    torch.save(module.state_dict(), path)
    return path


def test_default_job_certifies_the_iris_network(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = _run(capsys)
    assert status == 0, out + err
    assert "RESULT: Theorem 2 (parts 1 and 2, 3 class pairs) and Proposition 1 hold exactly." in out
    assert "agree on 150/150" in out
    assert "[tropgeo] pair (1, 2)" in err  # progress on stderr
    cert = json.loads((tmp_path / "tropgeo-certificate.json").read_text())
    assert cert["holds"] is True and cert["mode"] == "exhaustive"
    assert [(p["i"], p["j"]) for p in cert["pairs"]] == [(0, 1), (0, 2), (1, 2)]
    net = cert["network"]
    assert (net["n_inputs"], net["n_hidden"], net["n_classes"]) == (4, 8, 3)
    rebuilt = ReLUNetwork(*(_fractions(net[k]) if k in "AB" else [Fraction(v) for v in net[k]] for k in ("A", "B", "c1", "c2")))
    for pair in cert["pairs"]:
        assert pair["holds"] and pair["part2"]["holds"] and pair["proposition1"]["holds"]
        assert pair["part1"]["n_points"] == 16
        # the certificate's boundary points are re-checkable from the certificate alone
        for x in pair["part1"]["points"][:3]:
            out_x = rebuilt(tuple(Fraction(v) for v in x))
            assert out_x[pair["i"]] == out_x[pair["j"]]


def test_moons_job_writes_figures_and_certificate(tmp_path, capsys):
    cert_path = tmp_path / "c.json"
    status, out, _ = _run(capsys, "--dataset", "moons", "--certificate", str(cert_path), "--figures", str(tmp_path / "fig"))
    assert status == 0, out
    cert = json.loads(cert_path.read_text())
    assert cert["holds"] and len(cert["pairs"]) == 1
    assert cert["pairs"][0]["part2"]["decision_boundary_polytope"]["lifted"] is True  # trained with biases
    for name in ("regions_T_R_01.png", "dual_subdivision_01.png", "linear_regions.png"):
        png = tmp_path / "fig" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = matplotlib.image.imread(png)
        assert image.shape[0] > 200 and image.shape[1] > 200
        assert len(np.unique(image.reshape(-1, image.shape[-1])[:, :3], axis=0)) > 10  # not blank
        assert f"figure: {tmp_path / 'fig' / name}" in out


def test_moons_default_figure_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, _ = _run(capsys, "--dataset", "moons", "--hidden", "3", "--boundary-points", "2")
    assert status == 0
    assert (tmp_path / "tropgeo-figures" / "regions_T_R_01.png").is_file()


def test_user_model_file(moons_state_dict, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = _run(capsys, "--model", str(moons_state_dict), "--certificate", str(tmp_path / "c.json"))
    assert status == 0, out + err
    # a 2-D model gets its figures by default, like --dataset moons
    assert (tmp_path / "tropgeo-figures" / "dual_subdivision_01.png").is_file()
    assert f"user model {moons_state_dict}" in out
    assert "weights_only=True" in err
    assert "data: moons, 200 points" in out  # the data set is picked by the model's input size
    cert = json.loads((tmp_path / "c.json").read_text())
    assert cert["network"]["n_hidden"] == 6 and cert["holds"]


def test_max_denominator_changes_the_recorded_conversion(moons_state_dict, tmp_path, capsys):
    status, out, _ = _run(
        capsys, "--model", str(moons_state_dict), "--max-denominator", "64", "--certificate", str(tmp_path / "c.json"), "--figures", str(tmp_path / "f")
    )
    assert status == 0
    assert "denominators <= 64" in out
    conversion = json.loads((tmp_path / "c.json").read_text())["conversion"]
    assert conversion["max_denominator"] == 64 and Fraction(conversion["max_weight_error"]) > 0


def test_dyadic_rounding_is_recorded_and_checked(moons_state_dict, tmp_path, capsys):
    common = ["--model", str(moons_state_dict), "--figures", str(tmp_path / "f")]
    status, out, _ = _run(capsys, *common, "--max-denominator", "64", "--rounding", "dyadic",
                          "--certificate", str(tmp_path / "c.json"))
    assert status == 0
    assert "denominators <= 64 (dyadic rounding)" in out
    conversion = json.loads((tmp_path / "c.json").read_text())["conversion"]
    assert conversion["rounding"] == "dyadic" and 0 < Fraction(conversion["max_weight_error"]) <= Fraction(1, 128)
    status, _, err = _run(capsys, *common, "--max-denominator", "100", "--rounding", "dyadic",
                          "--certificate", str(tmp_path / "d.json"))
    assert status == 2 and "power of two" in err and not (tmp_path / "d.json").exists()


@pytest.fixture(scope="module")
def moons_torchscript(tmp_path_factory):
    data = load_dataset("moons", seed=1)
    module = train_relu_classifier(data.X, data.y, hidden=5, seed=2)
    path = tmp_path_factory.mktemp("model") / "moons_script.pt"
    torch.jit.save(torch.jit.script(module), str(path))
    return path, module


def test_torchscript_model_needs_the_trust_flag(moons_torchscript, tmp_path, capsys):
    path, module = moons_torchscript
    status, out, err = _run(capsys, "--model", str(path), "--certificate", str(tmp_path / "c.json"))
    assert status == 2 and "--trust-torchscript" in err and not (tmp_path / "c.json").exists()
    status, out, err = _run(capsys, "--model", str(path), "--trust-torchscript", "--certificate",
                            str(tmp_path / "c.json"), "--figures", str(tmp_path / "f"))
    assert status == 0, out + err
    assert "TorchScript" in err and "Affine(2->5)" in out
    assert "float and exact predictions agree on 200/200" in out
    cert = json.loads((tmp_path / "c.json").read_text())
    assert cert["holds"] and cert["network"]["n_hidden"] == 5
    # the network certified is the scripted module's, weight for weight
    from tropgeo.adapters.torch_io import from_torch

    assert from_torch(module).integer_network.A == from_torch(torch.jit.load(str(path))).integer_network.A


def test_a_wrong_R_is_caught_with_exit_1_and_a_witness(tmp_path, capsys, monkeypatch):
    """Fault injection: Route A's R gets one extra dominant term; the job must fail, not pass."""
    real = tropgeo.verify.boundary_polynomial

    def corrupted(dec, i, j):
        R = real(dec, i, j)
        top = max(R.coefficients)
        extra = TropicalPolynomial({tuple(0 for _ in range(R.n_vars)): top + 10**30}, n_vars=R.n_vars)
        return R + extra

    monkeypatch.setattr(tropgeo.verify, "boundary_polynomial", corrupted)
    status, out, _ = _run(capsys, "--dataset", "moons", "--hidden", "3", "--certificate", str(tmp_path / "c.json"), "--figures", str(tmp_path / "f"))
    assert status == 1
    assert "FAILED pair (0,1)" in out and "witness point" in out
    assert "RESULT: a check FAILED" in out
    cert = json.loads((tmp_path / "c.json").read_text())
    assert cert["holds"] is False and cert["pairs"][0]["part2"]["holds"] is False


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--model", "no/such/file.pt"], "no such file"),
        (["--dataset", "iris", "--model", "MOONS"], "--dataset iris has 4 features but the model has 2 inputs"),
    ],
)
def test_bad_input_exits_2_with_a_message(argv, message, moons_state_dict, tmp_path, capsys):
    argv = [str(moons_state_dict) if a == "MOONS" else a for a in argv]
    status, out, err = _run(capsys, *argv, "--certificate", str(tmp_path / "c.json"))
    assert status == 2
    assert message in err
    assert not (tmp_path / "c.json").exists()


def test_identical_classes_report_part1_as_vacuous(tmp_path, capsys, monkeypatch):
    # outputs 0 and 1 are the same function: no decision boundary between them exists
    monkeypatch.chdir(tmp_path)
    module = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    with torch.no_grad():
        module[2].weight[1] = module[2].weight[0]
        module[2].bias[1] = module[2].bias[0]
    path = tmp_path / "tie.pt"
    torch.save(module.state_dict(), path)
    status, out, _ = _run(capsys, "--model", str(path), "--certificate", str(tmp_path / "c.json"))
    assert status == 0
    assert "vacuous (0)" in out and "part 1 was not exercised" in out
    assert "RESULT: Theorem 2 part 2 and Proposition 1 hold exactly (1 class pair)" in out
    pair = json.loads((tmp_path / "c.json").read_text())["pairs"][0]
    assert pair["part1"]["exercised"] is False and pair["part1"]["n_points"] == 0


def test_certificate_path_problems_exit_2_before_any_work(tmp_path, capsys):
    (tmp_path / "adir").mkdir()
    precious = tmp_path / "model.pt"
    precious.write_bytes(b"not a certificate")
    for target, message in ((tmp_path / "adir", "is a directory"), (precious, "not a tropgeo certificate")):
        status, out, err = _run(capsys, "--dataset", "moons", "--certificate", str(target))
        assert status == 2 and message in err, err
        assert "[tropgeo] training" not in err  # refused before training
    assert precious.read_bytes() == b"not a certificate"


def test_odd_certificate_and_figure_paths_exit_2_without_hanging(tmp_path, capsys):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for argv, message in (
        (["--certificate", str(fifo)], "not a regular file"),
        (["--certificate", ""], "is empty"),
        (["--figures", str(tmp_path / "c.json")], "not a directory"),
    ):
        (tmp_path / "c.json").write_text("{}") if "--figures" in argv else None
        status, _, err = _run(capsys, "--dataset", "moons", *argv)
        assert status == 2 and message in err, err


def test_a_size_limit_is_exit_2_with_the_estimate(tmp_path, capsys):
    # hidden 8 on iris: every pair's bound is far above 10 (each lifted half has >= 2 terms)
    status, _, err = _run(capsys, "--mode", "exhaustive", "--max-terms", "10", "--certificate", str(tmp_path / "c.json"))
    assert status == 2
    assert "may have up to" in err and "max_terms=10" in err
    assert not (tmp_path / "c.json").exists()


def test_auto_mode_falls_back_to_support_functions_past_max_terms(tmp_path, capsys):
    import json

    cert = tmp_path / "c.json"
    status, out, err = _run(capsys, "--max-terms", "10", "--directions", "300", "--certificate", str(cert))
    assert status == 0, out + err
    assert "support-function mode" in err and "mode: support-function (300 points: 150 from the data, 150 random" in out
    data = json.loads(cert.read_text())
    assert data["mode"] == "support-function" and data["holds"] is True
    assert [(p["i"], p["j"]) for p in data["pairs"]] == [(0, 1), (0, 2), (1, 2)]
    assert all(p["support_functions"]["n_agree"] == 600 for p in data["pairs"])
    assert "not equality of the polytopes" in data["proves"]


def test_an_old_certificate_is_replaced_with_normal_permissions(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cert = tmp_path / "c.json"
    for _ in range(2):
        status, _, _ = _run(capsys, "--dataset", "moons", "--hidden", "3", "--boundary-points", "1", "--certificate", str(cert))
        assert status == 0
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(cert.stat().st_mode) == 0o666 & ~umask


def test_figures_for_a_4d_network_are_declined_with_a_note(tmp_path, capsys):
    status, out, _ = _run(
        capsys, "--hidden", "2", "--boundary-points", "1", "--certificate", str(tmp_path / "c.json"), "--figures", str(tmp_path / "f")
    )
    assert status == 0
    assert "figures: not drawn (the network has 4 inputs" in out
    assert not (tmp_path / "f").exists()


def test_a_pickled_module_is_refused_not_executed(tmp_path, capsys):
    path = tmp_path / "whole_module.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2)), path)
    status, _, err = _run(capsys, "--model", str(path))
    assert status == 2
    assert "weights_only" in err or "refused" in err


def test_a_malicious_pickle_is_never_run(tmp_path, capsys):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "evil.pt"
    with open(path, "wb") as fh:
        pickle.dump({"0.weight": Evil()}, fh)
    status, _, err = _run(capsys, "--model", str(path))
    assert status == 2 and err
    assert not marker.exists()


def test_unsupported_architecture_is_named(tmp_path, capsys):
    path = tmp_path / "deep.pt"
    deep = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    torch.save(deep.state_dict(), path)
    status, _, err = _run(capsys, "--model", str(path))
    assert status == 2
    assert "tropgeo verify: error:" in err


@pytest.mark.parametrize(
    "argv",
    [["--hidden", "0"], ["--hidden", "x"], ["--max-denominator", "0"], ["--max-denominator", "1.5"], ["--dataset", "cifar"], ["--boundary-points", "-1"], ["--mode", "fast"], ["--directions", "0"]],
)
def test_bad_flags_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["verify", *argv])
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("package", ["tropgeo.validation", "tropgeo"])
def test_python_module_entry_point(package, tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", package, "verify", "--model", str(tmp_path / "missing.pt")],
        capture_output=True, text=True, timeout=120, cwd=str(tmp_path),
    )
    assert done.returncode == 2
    assert "no such file" in done.stderr


def test_boundary_points_zero_says_not_asked_not_vacuous(tmp_path, capsys):
    status, out, _ = _run(capsys, "--dataset", "moons", "--boundary-points", "0",
                          "--certificate", str(tmp_path / "c.json"), "--figures", str(tmp_path / "f"))
    assert status == 0
    assert "not asked" in out and "vacuous" not in out
    assert "none was asked for (--boundary-points 0)" in out
    notes = json.loads((tmp_path / "c.json").read_text())["job_notes"]
    assert any("--boundary-points 0 asked for none" in n for n in notes)


# --- sizes refused before the work, with the estimate -------------------------------------------


def test_support_directions_past_the_memory_limit_exit_2_before_training(tmp_path, capsys):
    status, out, err = _run(capsys, "--mode", "support", "--directions", "1000000000",
                            "--certificate", str(tmp_path / "c.json"))
    assert status == 2, out + err
    assert "--directions 1000000000: the directions would hold 4000000000 entries" in err
    assert "about 440 GB" in err and "lower --directions to at most" in err
    assert "[tropgeo] training" not in err and not (tmp_path / "c.json").exists()


def test_support_work_past_the_limit_exits_2_with_the_estimate(tmp_path, capsys, monkeypatch):
    import tropgeo.validation.support_job as support_job

    monkeypatch.setattr(support_job, "DEFAULT_MAX_WORK", 10**5)
    status, out, err = _run(capsys, "--mode", "support", "--directions", "300", "--certificate", str(tmp_path / "c.json"))
    assert status == 2, out + err
    assert "--directions 300: the support certificate would take about 1.37e+05 integer multiply-adds" in err
    assert "lower --directions to at most 218" in err and not (tmp_path / "c.json").exists()


def test_run_support_passes_a_real_work_limit_and_the_cli_hints_at_directions(tmp_path, capsys, monkeypatch):
    import tropgeo.validation.support_job as support_job
    from tropgeo.errors import SizeLimitError

    monkeypatch.setattr(support_job, "DEFAULT_MAX_WORK", 100)
    net = ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]])
    with pytest.raises(SizeLimitError, match="more than max_work=100"):
        support_job.run_support(net, np.array([[1, 2]] * 10), boundary_points=0, seed=0)
    # past the job's own check, support_certificate's SizeLimitError is exit 2, with a CLI hint
    monkeypatch.setattr("tropgeo.validation.job.check_support_size", lambda *a, **k: None)
    status, out, err = _run(capsys, "--mode", "support", "--directions", "300", "--certificate", str(tmp_path / "c.json"))
    assert status == 2, out + err
    assert "more than max_work=100; pass max_work=... (or None)" in err
    assert "hint: tropgeo verify has no flag for max_work; lower --directions" in err


def test_a_hidden_width_past_the_training_limit_exits_2_before_training(tmp_path, capsys):
    status, out, err = _run(capsys, "--hidden", "200000", "--certificate", str(tmp_path / "c.json"))
    assert status == 2, out + err
    assert "--hidden 200000: training here would take about 2.59e+12 units of work" in err
    assert "(1600003 parameters, 150 points, 300 epochs, 4 start(s); training_work)" in err
    assert "lower --hidden to at most 77160" in err
    assert "[tropgeo] training" not in err and not (tmp_path / "c.json").exists()


def test_training_work_is_the_documented_formula():
    from tropgeo.validation.job import MAX_TRAINING_WORK, training_work

    assert training_work(4, 8, 3, 150, 4) == (4 * 8 + 8 + 8 * 3 + 3 + 64 * 8) * 150 * 300 * 4
    assert training_work(784, 32, 10, 3750, 1) < MAX_TRAINING_WORK < training_work(4, 200000, 3, 150, 4)


# --- what the conversion assumed ---------------------------------------------------------------


def test_a_state_dicts_assumed_relu_is_printed_and_recorded(moons_state_dict, tmp_path, capsys):
    status, out, err = _run(capsys, "--model", str(moons_state_dict), "--boundary-points", "1",
                            "--certificate", str(tmp_path / "c.json"), "--figures", str(tmp_path / "f"))
    assert status == 0, out + err
    line = next(l for l in out.splitlines() if l.startswith("read as: "))
    assert line.startswith("read as: state dict") and line.endswith("ReLU between the layers assumed")
    read_as = json.loads((tmp_path / "c.json").read_text())["conversion"]["read_as"]
    assert read_as == line[len("read as: "):]


def test_a_module_trained_here_is_recorded_as_read(tmp_path, capsys):
    status, out, err = _run(capsys, "--hidden", "2", "--boundary-points", "1", "--certificate", str(tmp_path / "c.json"))
    assert status == 0, out + err
    read_as = json.loads((tmp_path / "c.json").read_text())["conversion"]["read_as"]
    assert read_as.startswith("module (0: Linear(4->2), ReLU, 2: Linear(2->3)") and "assumed" not in read_as
    assert f"read as: {read_as}" in out


# --- the CLI names its flags ---------------------------------------------------------------------


def test_a_size_limit_names_the_flag_that_raises_it(tmp_path, capsys):
    status, _, err = _run(capsys, "--mode", "exhaustive", "--max-terms", "10", "--certificate", str(tmp_path / "c.json"))
    assert status == 2 and "pass max_terms=..." in err
    assert "hint: on the command line, max_terms is --max-terms N" in err


@pytest.mark.parametrize(
    "message, hints",
    [
        ("If you trust the file, pass trust_torchscript=True to mlp_from_torch; otherwise save",
         ["hint: on the command line, trust_torchscript is --trust-torchscript"]),
        ("the network has 784 inputs, more than max_inputs=16: pass max_inputs=... to try anyway",
         ["hint: tropgeo verify has no flag for max_inputs; use --mode support (or --mode auto) for a network with "
          "this many inputs"]),
        ("more than max_facets=10; call h_representation(max_facets=...) to raise the limit",
         ["hint: tropgeo verify has no flag for max_facets; use --mode support, or a smaller network (fewer hidden units)"]),
        ("max_terms=5 and max_work=7", ["hint: on the command line, max_terms is --max-terms N",
                                        "hint: tropgeo verify has no flag for max_work; lower --directions (support mode) "
                                        "or use a smaller network"]),
        ("path='x.pdf' has the suffix '.pdf'; X[0]=[nan, 0.0] is not finite", []),
    ],
)
def test_cli_hints_map_keyword_arguments_to_flags(message, hints):
    from tropgeo.validation.cli import cli_hints

    assert cli_hints(message) == hints


# --- figure paths are checked before the computation -------------------------------------------


@pytest.mark.parametrize("name", ["linear_regions.png", "dual_subdivision_01.png", "regions_T_R_01.png"])
def test_a_users_png_in_the_figures_folder_is_refused_before_any_work(tmp_path, capsys, monkeypatch, name):
    figures = tmp_path / "f"
    figures.mkdir()
    (figures / name).write_bytes(b"my own picture")
    called = []
    monkeypatch.setattr("tropgeo.validation.job.verify_theorem2", lambda *a, **k: called.append(1))
    status, out, err = _run(capsys, "--dataset", "moons", "--certificate", str(tmp_path / "c.json"),
                            "--figures", str(figures))
    assert status == 2, out + err
    assert f"figures={str(figures)!r}: path={str(figures / name)!r} exists and is not a figure written by tropgeo" in err
    assert called == [] and (figures / name).read_bytes() == b"my own picture"
    assert sorted(p.name for p in figures.iterdir()) == [name] and not (tmp_path / "c.json").exists()


def test_our_own_figures_are_replaced_on_a_second_run(tmp_path, capsys):
    figures = tmp_path / "f"
    for _ in range(2):
        status, out, err = _run(capsys, "--dataset", "moons", "--boundary-points", "1",
                                "--certificate", str(tmp_path / "c.json"), "--figures", str(figures))
        assert status == 0, out + err
    assert sorted(p.name for p in figures.iterdir()) == ["dual_subdivision_01.png", "linear_regions.png",
                                                         "regions_T_R_01.png"]
