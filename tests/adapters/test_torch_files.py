"""tropgeo.adapters: deep and leaky torch MLPs, and real torch files (torch_files, mlp_from_torch)."""

from __future__ import annotations

import contextlib
import zipfile
from fractions import Fraction

import numpy as np
import pytest
import safetensors.torch
import torch
import torch.nn.utils.prune as prune
from hypothesis import given
from strategies import mlps
from torch import nn

from tropgeo.adapters.torch_files import file_format, load_state_dict, load_torchscript
from tropgeo.adapters.torch_io import MLPConversion, from_torch, mlp_from_torch, prediction_agreement, to_torch
from tropgeo.errors import InvalidInputError
from tropgeo.mlp import MLP


def _mlp_module(widths, slopes, *, seed=0, dtype=torch.float32, bias=True):
    """nn.Sequential(Linear, act, ..., Linear) with seeded random weights; slope 0 is ReLU."""
    torch.manual_seed(seed)
    layers: list[nn.Module] = []
    for k in range(len(widths) - 1):
        layers.append(nn.Linear(widths[k], widths[k + 1], bias=bias, dtype=dtype))
        if k < len(widths) - 2:
            layers.append(nn.ReLU() if slopes[k] == 0 else nn.LeakyReLU(slopes[k]))
    return nn.Sequential(*layers).eval()


def _weights(module):
    """Exact weights and biases of the Linear layers of a flat Sequential, read independently."""
    linears = [m for m in module.modules() if type(m) is nn.Linear]
    Ws = [[[Fraction(v) for v in row] for row in m.weight.detach().double().tolist()] for m in linears]
    bs = [None if m.bias is None else [Fraction(v) for v in m.bias.detach().double().tolist()] for m in linears]
    return Ws, bs


@pytest.fixture(scope="module")
def leaky():
    """A 3-hidden-layer LeakyReLU/ReLU net and its exact MLP, built by hand from its parameters."""
    module = _mlp_module([4, 5, 4, 3, 3], [0.01, 0.2, 0], seed=3)
    Ws, bs = _weights(module)
    return module, MLP(Ws, bs, [Fraction(1, 100), Fraction(1, 5), 0])


# --- deep and leaky modules ----------------------------------------------------------------


def test_three_hidden_layer_leaky_net_reads_exactly(leaky):
    module, expected = leaky
    conv = mlp_from_torch(module)
    assert isinstance(conv, MLPConversion)
    assert conv.network == expected
    assert conv.max_weight_error == 0 and conv.max_denominator is None
    assert conv.integer_network.is_integral and conv.scale > 0
    x = (Fraction(1, 3), -2, Fraction(5, 7), 1)
    assert conv.integer_network(x) == tuple(conv.scale * v for v in conv.network(x))
    hash(conv)


def test_exact_mlp_agrees_with_the_float64_forward_pass(leaky):
    module, _ = leaky
    conv = mlp_from_torch(module)
    m64 = module.double()  # same values: float32 -> float64 is exact
    X = np.random.default_rng(0).normal(scale=3.0, size=(200, 4))
    with torch.no_grad():
        out = m64(torch.tensor(X)).tolist()
    worst = 0.0
    for row, logits in zip(X.tolist(), out):
        exact = conv.network(tuple(Fraction(v) for v in row))
        worst = max(worst, max(abs(float(e) - f) for e, f in zip(exact, logits)))
        assert int(np.argmax(logits)) == conv.network.predict(tuple(Fraction(v) for v in row))
    assert worst < 1e-12
    agreement = prediction_agreement(m64, conv, X)
    assert agreement.is_perfect and agreement.n_points == 200
    assert agreement.max_logit_error < 1e-12


def test_leaky_slope_is_the_shortest_decimal_and_the_difference_is_recorded():
    conv = mlp_from_torch(_mlp_module([2, 3, 2], [0.01]))
    assert conv.network.negative_slopes == (Fraction(1, 100),)
    assert conv.torch_negative_slopes == (0.01,)
    assert Fraction(0.01) != Fraction(1, 100)
    assert conv.max_slope_error == abs(Fraction(0.01) - Fraction(1, 100)) > 0
    assert "LeakyReLU slopes read as shortest decimals" in conv.source
    relu = mlp_from_torch(_mlp_module([2, 3, 2], [0]))
    assert relu.network.negative_slopes == (0,) and relu.max_slope_error == 0
    # a slope that is no short decimal is read as the 16-digit decimal torch's float prints as
    third = mlp_from_torch(_mlp_module([2, 3, 2], [1 / 3]))
    assert third.network.negative_slopes == (Fraction("0.3333333333333333"),)


def test_nested_sequential_dropout_identity_and_flatten_are_skipped():
    base = _mlp_module([16, 4, 3, 2], [0.1, 0])
    module = nn.Sequential(
        nn.Flatten(), base[0], nn.Dropout(0.5), nn.Sequential(base[1], nn.Identity(), nn.Sequential(base[2], base[3])),
        nn.Flatten(), base[4],
    ).eval()
    conv = mlp_from_torch(module)
    assert conv.network == mlp_from_torch(base).network
    assert "3.2.0: Linear(4->3)" in conv.source and "inputs are flattened row-major" in conv.source
    # the images the module takes flatten to the exact network's inputs, row-major
    images = torch.randn(6, 1, 4, 4, dtype=torch.float64)
    with torch.no_grad():
        out = module.double()(images)
    for image, logits in zip(images, out):
        x = tuple(Fraction(v) for v in image.flatten().tolist())
        assert max(abs(float(e) - f) for e, f in zip(conv.network(x), logits.tolist())) < 1e-12


def test_bias_free_deep_net_has_zero_biases():
    module = _mlp_module([3, 4, 4, 2], [0.5, 0], bias=False)
    conv = mlp_from_torch(module)
    assert not conv.network.has_biases
    Ws, _ = _weights(module)
    assert conv.network == MLP(Ws, negative_slopes=[Fraction(1, 2), 0])
    assert conv.source.count("bias=False") == 3


@pytest.mark.parametrize("dtype, tenth", [(torch.float16, Fraction(819, 8192)), (torch.bfloat16, Fraction(205, 2048))])
def test_half_and_bfloat16_weights_keep_their_exact_values(dtype, tenth, tmp_path):
    module = _mlp_module([2, 3, 2], [0.25], dtype=dtype)
    with torch.no_grad():
        module[0].weight[0, 0] = 0.1
    conv = mlp_from_torch(module)
    assert conv.network.weights[0][0][0] == tenth  # 0.1 rounded to the dtype, exactly
    assert conv.max_weight_error == 0 and str(dtype).replace("torch.", "") in conv.source
    assert conv.network.negative_slopes == (Fraction(1, 4),)
    Ws, bs = _weights(module)
    assert conv.network == MLP(Ws, bs, [Fraction(1, 4)])
    torch.save(module.state_dict(), tmp_path / "half.pt")
    safetensors.torch.save_file(module.state_dict(), tmp_path / "half.safetensors")
    for name in ("half.pt", "half.safetensors"):
        # a state dict says nothing of the activation: ReLU is assumed
        assert mlp_from_torch(tmp_path / name).network == MLP(Ws, bs, [0])


def test_pruned_module_reads_weight_orig_times_mask_even_when_stale():
    module = _mlp_module([3, 4, 3, 2], [0.1, 0])
    prune.l1_unstructured(module[0], "weight", amount=5)
    prune.random_unstructured(module[2], "bias", amount=2)
    with torch.no_grad():  # an optimizer step after pruning: `weight` is stale until the next forward
        module[0].weight_orig.add_(1.0)
    stale = module[0].weight.detach().clone()
    conv = mlp_from_torch(module)
    product = (module[0].weight_orig * module[0].weight_mask).detach()
    assert not torch.equal(product, stale)
    assert conv.network.weights[0] == tuple(tuple(Fraction(v) for v in row) for row in product.tolist())
    assert sum(v == 0 for row in conv.network.weights[0] for v in row) == 5
    assert sum(v == 0 for v in conv.network.biases[1]) >= 2
    sd = module.state_dict()
    assert {"0.weight_orig", "0.weight_mask", "2.bias_orig", "2.bias_mask"} <= set(sd)
    from_sd = mlp_from_torch(sd)
    assert from_sd.network.weights == conv.network.weights and from_sd.network.biases == conv.network.biases


def test_dataparallel_and_torch_compile_wrappers(leaky):
    module, expected = leaky
    dp = nn.DataParallel(module)
    conv = mlp_from_torch(dp)
    assert conv.network == expected and "DataParallel wrapper opened" in conv.source
    sd = dp.state_dict()
    assert all(k.startswith("module.") for k in sd)
    assert mlp_from_torch(sd).network == MLP(*_weights(module))  # ReLU assumed
    compiled = torch.compile(module)  # nothing is compiled until it is called
    assert mlp_from_torch(compiled).network == expected
    assert all(k.startswith("_orig_mod.") for k in compiled.state_dict())
    hand = {"_orig_mod." + k: v for k, v in module.state_dict().items()}
    assert mlp_from_torch(hand).network == MLP(*_weights(module))


def test_final_softmax_is_refused_unless_dropped():
    base = _mlp_module([3, 4, 3], [0.1])
    for final in (nn.Softmax(dim=1), nn.LogSoftmax(dim=-1)):
        module = nn.Sequential(*base, final).eval()
        with pytest.raises(InvalidInputError, match=r"module\[3\] is (Log)?Softmax\(dim=-?1\) after the last Linear"
                           r".*drop_final_softmax=True"):
            mlp_from_torch(module)
        conv = mlp_from_torch(module, drop_final_softmax=True)
        assert conv.network == mlp_from_torch(base).network
        assert f"final {type(final).__name__}" in conv.source and "dropped" in conv.source
        X = np.random.default_rng(1).normal(size=(50, 3)).astype(np.float32)
        # same predictions as the module with its softmax
        assert prediction_agreement(module, conv, X).float_predictions == prediction_agreement(base, conv, X).exact_predictions
    with pytest.raises(InvalidInputError, match=r"module\[3\] is Softmax.*dim=0.*keeps the predictions"):
        mlp_from_torch(nn.Sequential(*base, nn.Softmax(dim=0)), drop_final_softmax=True)
    with pytest.raises(InvalidInputError, match=r"module\[1\] \(Softmax\(dim=1\)\) is followed by module\[2\]"):
        mlp_from_torch(nn.Sequential(base[0], nn.Softmax(dim=1), base[2]), drop_final_softmax=True)


@pytest.mark.parametrize(
    "layers, match",
    [
        ([nn.Linear(4, 3), nn.Sigmoid(), nn.Linear(3, 2)], r"module\[1\] is Sigmoid\(\)"),
        ([nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2)], r"module\[1\] is Tanh\(\)"),
        ([nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2)], r"module\[1\] is BatchNorm1d\(3"),
        ([nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Linear(2, 2)], r"module\[0\] is Conv2d"),
        ([nn.Linear(4, 3), nn.MaxPool1d(2), nn.Linear(1, 2)], r"module\[1\] is MaxPool1d"),
        ([nn.Linear(4, 3), nn.PReLU(), nn.Linear(3, 2)], r"module\[1\] is PReLU"),
        ([nn.Linear(4, 3), nn.Sequential(nn.ReLU(), nn.GELU()), nn.Linear(3, 2)], r"module\[1.1\] is GELU"),
        ([nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2), nn.ReLU()], r"module\[3\] is ReLU after the last Linear"),
        ([nn.ReLU(), nn.Linear(4, 2)], r"module\[0\] is ReLU before the first Linear"),
        ([nn.Linear(4, 3), nn.ReLU(), nn.LeakyReLU(), nn.Linear(3, 2)], r"module\[2\] is LeakyReLU\(0.01\) right after module\[1\]"),
        ([nn.Flatten(0), nn.Linear(4, 2)], r"module\[0\] is Flatten\(start_dim=0.*only Flatten\(start_dim=1"),
        ([nn.Unflatten(1, (2, 2)), nn.Linear(2, 2)], r"module\[0\] is Unflatten"),
        ([nn.Linear(4, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2)], r"module\[2\] is Dropout.*training mode"),
        ([nn.Linear(4, 3), nn.LeakyReLU(float("nan")), nn.Linear(3, 2)], r"negative_slope=nan is not a finite number"),
        ([nn.Identity()], "module has no Linear layer"),
    ],
)
def test_unsupported_layers_are_named(layers, match):
    with pytest.raises(InvalidInputError, match=match):
        mlp_from_torch(nn.Sequential(*layers))  # training mode, as built


def test_state_dict_of_a_batchnorm_net_names_the_key():
    sd = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 2)).state_dict()
    with pytest.raises(InvalidInputError, match=r"'1.running_mean' is not a Linear weight or bias"):
        mlp_from_torch(sd)


def test_from_torch_is_the_mlp_path_restricted_and_points_to_it(tmp_path):
    module = _mlp_module([3, 4, 2], [0])
    assert from_torch(module).network == mlp_from_torch(module).network.as_relu_network()
    deep = _mlp_module([3, 4, 4, 2], [0, 0])
    torch.save(deep.state_dict(), tmp_path / "deep.pt")
    with pytest.raises(InvalidInputError, match=r"state dict in torch.save file '.*deep.pt' has 3 Linear layers: "
                       r"Linear -> ReLU -> Linear -> ReLU -> Linear; from_torch reads only .*Use mlp_from_torch"):
        from_torch(tmp_path / "deep.pt")
    assert mlp_from_torch(tmp_path / "deep.pt").network.widths == (3, 4, 4, 2)


# --- to_torch for MLPs ------------------------------------------------------------------------


def test_to_torch_writes_leaky_relu_where_the_slope_is_not_zero():
    net = MLP([[[1, Fraction(-1, 2)]], [[2], [Fraction(3, 8)]], [[1, -1], [0, 4]]],
              biases=[[Fraction(1, 4)], None, [0, Fraction(-5, 16)]], negative_slopes=[Fraction(1, 4), 0])
    module = to_torch(net)
    assert [type(m) for m in module] == [nn.Linear, nn.LeakyReLU, nn.Linear, nn.ReLU, nn.Linear]
    assert module[1].negative_slope == 0.25 and module[0].weight.dtype == torch.float64 and not module.training
    assert mlp_from_torch(module).network == net
    assert mlp_from_torch(to_torch(net, dtype=torch.float32)).network == net
    assert mlp_from_torch(to_torch(net, dtype=torch.bfloat16)).network == net


@given(mlps(max_layers=4, max_denominator=1, max_weight=8))
def test_to_torch_round_trips_mlps_with_dyadic_weights(net):
    # integer weights are dyadic; the strategy's slopes (0, 1/10, 1/2, 2, -1) are short decimals
    assert mlp_from_torch(to_torch(net)).network == net


def test_to_torch_of_a_deep_net_computes_the_same_function_up_to_rounding():
    net = MLP([[[1, 2], [-1, 1]], [[1, Fraction(1, 3)]], [[1], [-1]]], negative_slopes=[Fraction(1, 10), 0])
    module = to_torch(net)
    x = (Fraction(-3), Fraction(1, 2))
    with torch.no_grad():
        out = module(torch.tensor([[float(v) for v in x]], dtype=torch.float64))[0].tolist()
    assert max(abs(float(e) - f) for e, f in zip(net(x), out)) < 1e-15
    with pytest.raises(InvalidInputError, match="net is a str; expected a tropgeo ReLUNetwork or MLP"):
        to_torch("net")


# --- files --------------------------------------------------------------------------------------


def test_state_dict_files_new_and_legacy_format(tmp_path):
    module = _mlp_module([3, 4, 4, 2], [0, 0])
    expected = mlp_from_torch(module).network
    torch.save(module.state_dict(), tmp_path / "new.pt")
    torch.save(module.state_dict(), tmp_path / "old.pt", _use_new_zipfile_serialization=False)
    torch.save({"epoch": 3, "model_state_dict": module.state_dict()}, tmp_path / "ckpt.tar")
    torch.save({"model": module.state_dict(), "optimizer": {"lr": 0.1}}, tmp_path / "ckpt2.pth")
    for name in ("new.pt", "old.pt", "ckpt.tar", "ckpt2.pth"):
        assert file_format(tmp_path / name) == "torch.save"
        conv = mlp_from_torch(tmp_path / name)
        assert conv.network == expected
        assert str(tmp_path / name) in conv.source and "ReLU between the layers assumed" in conv.source


def test_a_pickled_whole_module_is_refused_and_never_run(tmp_path):
    torch.save(_mlp_module([2, 3, 2], [0]), tmp_path / "whole.pt")
    with pytest.raises(InvalidInputError, match=r"refused the file \(it pickles torch.nn.modules.container.Sequential\)"
                       r".*Save module.state_dict\(\)"):
        mlp_from_torch(tmp_path / "whole.pt")
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    torch.save({"0.weight": Payload()}, tmp_path / "evil.pt")
    with pytest.raises(InvalidInputError, match="weights_only=True"):
        mlp_from_torch(tmp_path / "evil.pt")
    assert not marker.exists()


def test_safetensors_file_recognised_by_content_not_name(tmp_path, leaky):
    module, _ = leaky
    safetensors.torch.save_file(module.state_dict(), tmp_path / "weights.pt")  # misleading name
    torch.save(module.state_dict(), tmp_path / "weights.safetensors")
    assert file_format(tmp_path / "weights.pt") == "safetensors"
    assert file_format(tmp_path / "weights.safetensors") == "torch.save"
    a, b = mlp_from_torch(tmp_path / "weights.pt"), mlp_from_torch(tmp_path / "weights.safetensors")
    assert a.network == b.network == MLP(*_weights(module))
    assert "safetensors file" in a.source


@contextlib.contextmanager
def _storages_tagged_cuda():
    """Make torch.save tag every storage as living on cuda:0, as a GPU machine would."""
    active = [True]
    registry = torch.serialization._package_registry
    before = list(registry)
    torch.serialization.register_package(5, lambda obj: "cuda:0" if active[0] else None, lambda obj, loc: None)
    try:
        yield
    finally:
        active[0] = False
        registry[:] = before


def test_weights_saved_from_cuda_load_on_a_cpu_machine(tmp_path, leaky):
    if torch.cuda.is_available():
        pytest.skip("needs a machine without CUDA to see the plain load fail")
    module, _ = leaky
    path = tmp_path / "cuda.pt"
    with _storages_tagged_cuda():
        torch.save(module.state_dict(), path)
    with pytest.raises(RuntimeError, match="CUDA"):
        torch.load(path, weights_only=True)  # what a loader without map_location does
    assert mlp_from_torch(path).network == MLP(*_weights(module))


def _torchscript(tmp_path, module, how):
    path = tmp_path / f"{how}.pt"
    example = torch.randn(3, module[0].in_features if isinstance(module[0], nn.Linear) else 16)
    saved = torch.jit.script(module) if how == "scripted" else torch.jit.trace(module, example, check_trace=False)
    torch.jit.save(saved, path)
    return path


@pytest.mark.parametrize("how", ["scripted", "traced"])
def test_torchscript_archives_only_when_trusted(tmp_path, how):
    base = _mlp_module([16, 4, 3, 2], [0.2, 0])
    module = nn.Sequential(nn.Flatten(), base[0], base[1], nn.Dropout(0.3),
                           nn.Sequential(base[2], base[3]), base[4], nn.LogSoftmax(dim=1)).eval()
    path = _torchscript(tmp_path, module, how)
    assert file_format(path) == "torchscript"
    with pytest.raises(InvalidInputError, match="TorchScript archive.*trust_torchscript=True"):
        mlp_from_torch(path)
    with pytest.raises(InvalidInputError, match="not a state dict file.*TorchScript"):
        load_state_dict(path)
    with pytest.raises(InvalidInputError, match=r"module\[6\] is LogSoftmax\(dim=1\)"):
        mlp_from_torch(path, trust_torchscript=True)
    conv = mlp_from_torch(path, trust_torchscript=True, drop_final_softmax=True)
    assert conv.network == mlp_from_torch(base).network
    assert conv.network.negative_slopes == (Fraction(1, 5), 0)
    assert conv.source.startswith(f"TorchScript archive '{path}'") and "4.0: Linear(4->3)" in conv.source


def test_traced_training_dropout_is_refused(tmp_path):
    base = _mlp_module([3, 4, 2], [0])
    module = nn.Sequential(base[0], base[1], nn.Dropout(0.5), base[2]).train()  # traced with train=True
    path = _torchscript(tmp_path, module, "traced")
    torch.jit.load(path).eval()  # eval() cannot undo it: the flag is a constant of the trace
    with pytest.raises(InvalidInputError, match=r"module\[2\] is Dropout \(TorchScript\) in training mode"):
        mlp_from_torch(path, trust_torchscript=True)


def test_torchscript_with_code_of_its_own_or_setstate_is_never_loaded(tmp_path, monkeypatch):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

        def forward(self, x):
            return self.fc(x) * 2

    path = tmp_path / "custom.pt"
    torch.jit.save(torch.jit.script(Net()), path)
    loads = []
    monkeypatch.setattr(torch.jit, "load", lambda *a, **k: loads.append(a))
    with pytest.raises(InvalidInputError, match=r"holds code outside the torch.nn layers tropgeo reads \(custom/code/__torch__/test_torch_files.py\): a custom module"):
        mlp_from_torch(path, trust_torchscript=True)
    # an archive whose torch.nn code gained a __setstate__ (run at load time)
    plain = _torchscript(tmp_path, _mlp_module([2, 3, 2], [0]), "scripted")
    doctored = tmp_path / "doctored.pt"
    changed = []
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(doctored, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if "/modules/linear" in item.filename and item.filename.endswith(".py"):  # maybe name-mangled
                data += b"  def __setstate__(self, state: Tuple[Tensor]) -> None:\n    pass\n"
                changed.append(item.filename)
            dst.writestr(item, data)
    assert changed
    with pytest.raises(InvalidInputError, match="mentions __setstate__"):
        load_torchscript(doctored)
    # the same with the spelling varied and the debug pickles dropped (a bypass found by review)
    sneaky = tmp_path / "sneaky.pt"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(sneaky, "w") as dst:
        for item in src.infolist():
            if item.filename.endswith(".debug_pkl"):
                continue
            data = src.read(item)
            if "/modules/linear" in item.filename and item.filename.endswith(".py"):
                data += b"  def  __setstate__(self, state: Tuple[Tensor]) -> None:\n    pass\n"
            dst.writestr(item, data)
    with pytest.raises(InvalidInputError, match="mentions __setstate__"):
        load_torchscript(sneaky)
    assert loads == []


def _double(self, x):
    return x * 2


@pytest.mark.parametrize("module_name", ["torch.nn.modules.evil", "torch.nn.modules.activation"])
def test_a_look_alike_layer_is_not_read_as_torchs(module_name, tmp_path):
    """A class named ReLU from elsewhere, or pretending to live in torch's activation module,
    that computes something else: refused, never read as a ReLU (found by review)."""
    look_alike = type("ReLU", (nn.Module,), {"forward": _double, "__module__": module_name})
    net = nn.Sequential(nn.Linear(2, 3), look_alike(), nn.Linear(3, 2)).eval()
    path = tmp_path / "lookalike.pt"
    torch.jit.save(torch.jit.script(net), path)
    with pytest.raises(InvalidInputError, match="evil|runs aten::mul in its forward"):
        mlp_from_torch(path, trust_torchscript=True)


# --- what is not a model file ------------------------------------------------------------------


def test_other_files_are_named_by_what_they_are(tmp_path):
    np.savez(tmp_path / "w.npz", a=np.zeros(2))
    (tmp_path / "empty.pt").write_bytes(b"")
    (tmp_path / "model.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 32)
    (tmp_path / "notes.pt").write_text("not weights at all")
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as zf:
        zf.writestr("readme.txt", "hi")
    ep = torch.export.export(_mlp_module([2, 3, 2], [0]), (torch.randn(1, 2),))
    torch.export.save(ep, tmp_path / "exported.pt2")
    cases = {
        "w.npz": "it is a numpy .npz archive", "empty.pt": "it is empty", "model.h5": r"it is an HDF5 file \(Keras\?\)",
        "notes.pt": "it starts with b'not weights at a'",
        "plain.zip": "it is a zip archive of 1 files that torch.save did not write",
        "exported.pt2": r"it is a torch.export archive \(.pt2\), which holds a graph program",
    }
    for name, what in cases.items():
        with pytest.raises(InvalidInputError, match=rf"path='.*{name}' is not a torch.save, TorchScript or safetensors file: {what}"):
            mlp_from_torch(tmp_path / name)
    with pytest.raises(InvalidInputError, match="no such file"):
        mlp_from_torch(tmp_path / "missing.pt")
    with pytest.raises(InvalidInputError, match="is a directory"):
        mlp_from_torch(tmp_path)


def test_bad_arguments_name_the_argument():
    module = _mlp_module([2, 3, 2], [0])
    with pytest.raises(InvalidInputError, match="max_denominator=0 must be >= 1"):
        mlp_from_torch(module, max_denominator=0)
    with pytest.raises(InvalidInputError, match="trust_torchscript='yes' must be True or False"):
        mlp_from_torch(module, trust_torchscript="yes")
    with pytest.raises(InvalidInputError, match="source is a int"):
        mlp_from_torch(3)


def test_max_denominator_rounds_weights_but_not_slopes():
    module = _mlp_module([2, 3, 3, 2], [0.01, 0.5])
    conv = mlp_from_torch(module, max_denominator=10)
    assert conv.network.negative_slopes == (Fraction(1, 100), Fraction(1, 2))
    assert all(v.denominator <= 10 for W in conv.network.weights for row in W for v in map(Fraction, row))
    Ws, bs = _weights(module)
    exact = [v for W in Ws for row in W for v in row] + [v for b in bs for v in b]
    assert conv.max_weight_error == max(abs(v - v.limit_denominator(10)) for v in exact) > 0
