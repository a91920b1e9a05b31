"""tropgeo.adapters.torch_io: exact reading of torch models, files, agreement."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
import torch.nn.utils.prune
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from strategies import float32_relu_weights
from tropgeo.adapters.datasets import load_dataset
from tropgeo.adapters.torch_io import (
    Agreement,
    TorchConversion,
    from_torch,
    load_state_dict,
    mlp_from_torch,
    prediction_agreement,
    to_torch,
)
from tropgeo.adapters.training import train_relu_classifier
from tropgeo.errors import InvalidInputError
from tropgeo.mlp import MLP
from tropgeo.network import ReLUNetwork


def _module(w1, b1, w2, b2, dtype=torch.float32):
    w1, w2 = torch.tensor(w1, dtype=dtype), torch.tensor(w2, dtype=dtype)
    m = nn.Sequential(
        nn.Linear(w1.shape[1], w1.shape[0], bias=b1 is not None, dtype=dtype),
        nn.ReLU(),
        nn.Linear(w2.shape[1], w2.shape[0], bias=b2 is not None, dtype=dtype),
    )
    with torch.no_grad():
        m[0].weight.copy_(w1)
        m[2].weight.copy_(w2)
        if b1 is not None:
            m[0].bias.copy_(torch.tensor(b1, dtype=dtype))
        if b2 is not None:
            m[2].bias.copy_(torch.tensor(b2, dtype=dtype))
    return m.eval()


@pytest.fixture(scope="module")
def iris_module():
    data = load_dataset("iris")
    return data, train_relu_classifier(data.X, data.y, hidden=8, seed=0)


POINTS = [(0, 0, 0, 0), (1, -2, Fraction(1, 3), 5), (Fraction(-7, 4), Fraction(2, 9), 3, Fraction(-1, 2)),
          (Fraction(1, 10), Fraction(-1, 10), Fraction(3, 10), Fraction(1, 7))]


# --- exact conversion -----------------------------------------------------------------


def test_dyadic_weights_convert_to_their_exact_values():
    m = _module([[0.5, -0.25], [3.0, 0.125]], [1.5, -2.0], [[1.0, -0.75], [-0.5, 2.0]], [0.0, 0.0625])
    conv = from_torch(m)
    assert conv.network == ReLUNetwork(
        [[Fraction(1, 2), Fraction(-1, 4)], [3, Fraction(1, 8)]],
        [[1, Fraction(-3, 4)], [Fraction(-1, 2), 2]],
        c1=[Fraction(3, 2), -2],
        c2=[0, Fraction(1, 16)],
    )
    assert conv.max_weight_error == 0
    assert isinstance(conv.max_weight_error, Fraction)
    assert conv.max_denominator is None
    assert conv.integer_network.is_integral


def test_float32_tenth_is_its_dyadic_value_not_one_tenth():
    m = _module([[0.1, 0.2]], None, [[0.3], [-0.1]], None)
    exact = from_torch(m).network
    assert exact.A[0][0] == Fraction(float(np.float32(0.1)))
    assert exact.A[0][0] != Fraction(1, 10)
    assert exact.A[0][0].denominator & (exact.A[0][0].denominator - 1) == 0  # a power of two
    assert exact.B[0][0] == Fraction(float(np.float32(0.3)))


def test_float64_weights_keep_their_float64_values():
    m = _module([[0.1, 0.2]], [0.7], [[0.3], [-0.1]], [0.9], dtype=torch.float64)
    exact = from_torch(m).network
    assert exact.A[0] == (Fraction(0.1), Fraction(0.2))
    assert exact.c1 == (Fraction(0.7),)


def test_max_denominator_rounds_and_records_the_exact_error():
    w1, b1, w2, b2 = [[0.1, -0.2]], [0.3], [[0.7], [-1.1]], [0.04, 0.0]
    conv = from_torch(_module(w1, b1, w2, b2), max_denominator=10)
    assert conv.network.A == ((Fraction(1, 10), Fraction(-1, 5)),)
    assert conv.network.c1 == (Fraction(3, 10),)
    assert conv.network.B == ((Fraction(7, 10),), (Fraction(-11, 10),))
    assert conv.network.c2 == (0, 0)  # 0.04 is nearer 0 than 1/10
    floats = [v for row in w1 + w2 for v in row] + b1 + b2
    expected = max(
        abs(Fraction(float(np.float32(v))) - Fraction(float(np.float32(v))).limit_denominator(10)) for v in floats
    )
    assert conv.max_weight_error == expected
    assert conv.max_weight_error > 0
    assert conv.max_denominator == 10


def test_integer_network_is_scale_times_network_at_exact_points(iris_module):
    _, module = iris_module
    for md in (None, 1000):
        conv = from_torch(module, max_denominator=md)
        assert conv.integer_network.is_integral
        assert conv.scale > 0
        for x in POINTS:
            assert conv.integer_network(x) == tuple(conv.scale * v for v in conv.network(x))
            assert conv.integer_network.predict(x) == conv.network.predict(x)


def test_bias_free_layers_give_zero_biases():
    m = _module([[1.0, 2.0], [-1.0, 0.5]], None, [[1.0, -1.0], [0.5, 0.5], [0.0, 2.0]], None)
    conv = from_torch(m)
    assert not conv.network.has_biases
    assert conv.network == ReLUNetwork([[1, 2], [-1, Fraction(1, 2)]], [[1, -1], [Fraction(1, 2), Fraction(1, 2)], [0, 2]])
    assert "bias=False" in conv.source


def test_module_and_state_dict_agree_and_source_says_which(iris_module):
    _, module = iris_module
    a, b = from_torch(module), from_torch(module.state_dict())
    assert a.network == b.network and a.integer_network == b.integer_network and a.scale == b.scale
    assert a.source.startswith("module") and b.source.startswith("state dict")
    assert "ReLU between the layers assumed" in b.source
    assert isinstance(a, TorchConversion)
    hash(a)


def test_wrapper_prefixes_are_dropped(iris_module):
    _, module = iris_module
    sd = module.state_dict()
    wrapped = {"module." + k: v for k, v in sd.items()}
    assert from_torch(wrapped).network == from_torch(sd).network
    compiled = {"module._orig_mod." + k: v for k, v in sd.items()}
    assert from_torch(compiled).network == from_torch(sd).network


def test_custom_layer_names_in_a_state_dict():
    sd = {"fc1.weight": torch.tensor([[1.0, 2.0]]), "fc1.bias": torch.tensor([0.5]),
          "fc2.weight": torch.tensor([[1.0], [-1.0]]), "fc2.bias": torch.tensor([0.0, 0.25])}
    assert from_torch(sd).network == ReLUNetwork([[1, 2]], [[1], [-1]], c1=[Fraction(1, 2)], c2=[0, Fraction(1, 4)])


def test_eval_dropout_and_identity_are_skipped():
    base = _module([[1.0, 0.5]], [0.25], [[2.0], [-1.0]], [0.0, 1.0])
    m = nn.Sequential(base[0], nn.Dropout(0.3), nn.ReLU(), nn.Identity(), base[2]).eval()
    assert from_torch(m).network == from_torch(base).network


def test_pruned_state_dict_multiplies_out_the_mask():
    m = _module([[1.0, -0.5, 0.25], [0.125, 2.0, -3.0]], [0.5, 0.0], [[1.0, 2.0], [-1.0, 0.5]], [0.0, 0.0])
    torch.nn.utils.prune.l1_unstructured(m[0], name="weight", amount=2)
    sd = m.state_dict()
    assert "0.weight_orig" in sd and "0.weight_mask" in sd
    conv = from_torch(sd)
    assert conv.network.A == ((1, Fraction(-1, 2), 0), (0, 2, -3))
    assert conv.network == from_torch(m).network  # the module path reads the masked weight


# --- files ----------------------------------------------------------------------------


def test_saved_state_dict_round_trip(tmp_path, iris_module):
    _, module = iris_module
    path = tmp_path / "model.pt"
    torch.save(module.state_dict(), path)
    sd = load_state_dict(path)
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(torch.equal(sd[k], v) for k, v in module.state_dict().items())
    from_file = from_torch(path)
    assert from_file.network == from_torch(module).network
    assert str(path) in from_file.source
    assert from_torch(str(path)).network == from_file.network


def test_checkpoint_dict_with_state_dict_entry(tmp_path):
    m = _module([[1.0, 2.0]], None, [[1.0], [-1.0]], None)
    path = tmp_path / "ckpt.pt"
    torch.save({"state_dict": {"module." + k: v for k, v in m.state_dict().items()}, "epoch": 7}, path)
    assert from_torch(path).network == ReLUNetwork([[1, 2]], [[1], [-1]])


def test_pickled_full_module_is_refused(tmp_path):
    m = _module([[1.0, 2.0]], [0.0], [[1.0], [-1.0]], [0.0, 0.0])
    path = tmp_path / "full_module.pt"
    torch.save(m, path)
    with pytest.raises(InvalidInputError, match=r"weights_only=True\) refused the file \(it pickles torch.nn.modules.container.Sequential\)") as info:
        load_state_dict(path)
    assert str(path) in str(info.value)
    with pytest.raises(InvalidInputError, match="full_module.pt"):
        from_torch(path)


def test_missing_file_and_garbage_file(tmp_path):
    with pytest.raises(InvalidInputError, match="no such file") as info:
        load_state_dict(tmp_path / "nope.pt")
    assert "nope.pt" in str(info.value)
    with pytest.raises(InvalidInputError, match="is a directory"):
        load_state_dict(tmp_path)
    with pytest.raises(InvalidInputError, match="not a regular file"):
        load_state_dict("/dev/null")
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"this is not a torch file" * 10)
    with pytest.raises(InvalidInputError, match="garbage.pt"):
        load_state_dict(garbage)


def test_file_that_is_not_a_state_dict(tmp_path):
    path = tmp_path / "list.pt"
    torch.save([torch.zeros(2, 2)], path)
    with pytest.raises(InvalidInputError, match="holds a list, not a state dict"):
        load_state_dict(path)
    path2 = tmp_path / "mixed.pt"
    torch.save({"0.weight": torch.zeros(2, 2), "note": 3}, path2)
    with pytest.raises(InvalidInputError, match="'note' is not a tensor"):
        load_state_dict(path2)


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module, match",
    [
        (nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 2)), r"module\[1\] is Sigmoid\(\)"),
        (nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(), nn.Linear(3, 2)),
         r"module has 2 Linear layers: Linear -> LeakyReLU\(0.01\) -> Linear; from_torch reads only Linear -> ReLU -> Linear.*"
         "Use mlp_from_torch"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 2)),
         "module has 3 Linear layers: Linear -> ReLU -> Linear -> ReLU -> Linear; from_torch reads only Linear -> ReLU -> Linear"),
        (nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 2)),
         r"module\[1\] \(Linear\) follows module\[0\] \(Linear\) with no activation between them"),
        (nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Linear(2, 2)), r"module\[0\] is Conv2d"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)), "'2' has 1 output; expected >= 2"),
        (nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2)), "training mode"),
        (nn.Linear(2, 2), "module is a Linear; expected an nn.Sequential"),
    ],
)
def test_unsupported_modules_are_refused_naming_the_layer(module, match):
    with pytest.raises(InvalidInputError, match=match):
        from_torch(module)


def test_non_finite_weights_are_refused_naming_the_entry():
    m = _module([[1.0, float("nan")]], [0.0], [[1.0], [-1.0]], [0.0, 0.0])
    with pytest.raises(InvalidInputError, match=r"layer '0': weight\[0, 1\] = nan is not finite"):
        from_torch(m)
    sd = _module([[1.0, 2.0]], [0.0], [[1.0], [-1.0]], [0.0, 0.0]).state_dict()
    sd["2.bias"] = torch.tensor([0.0, float("inf")])
    with pytest.raises(InvalidInputError, match=r"layer '2': bias\[1\] = inf is not finite"):
        from_torch(sd)


@pytest.mark.parametrize(
    "sd, match",
    [
        ({"0.weight": torch.zeros(3, 2), "2.weight": torch.zeros(2, 4)}, "layer '2' takes 4 inputs but layer '0' has 3 outputs"),
        ({"0.weight": torch.zeros(3, 2), "0.bias": torch.zeros(2), "2.weight": torch.zeros(2, 3)},
         r"layer '0': bias has shape \(2,\); expected \(3,\)"),
        ({"0.weight": torch.zeros(3, 2), "2.weight": torch.zeros(2, 3), "4.weight": torch.zeros(2, 2)},
         "state dict has 3 Linear layers: Linear -> ReLU -> Linear -> ReLU -> Linear; from_torch reads only"),
        ({"0.weight": torch.zeros(3, 2)}, "state dict has 1 Linear layer: Linear; from_torch reads only"),
        ({"0.weight": torch.zeros(3, 1, 2, 2), "2.weight": torch.zeros(2, 3)}, r"weight has shape \(3, 1, 2, 2\).*convolutions"),
        ({"0.weight": torch.zeros(3, 2), "2.weight": torch.zeros(1, 3)}, "1 output; expected >= 2"),
        ({"0.weight": torch.zeros(3, 2), "1.running_mean": torch.zeros(3), "2.weight": torch.zeros(2, 3)},
         "'1.running_mean' is not a Linear weight or bias"),
        ({"0.weight": [[1.0]], "2.weight": torch.zeros(2, 1)}, "'0.weight' is a list, expected a torch.Tensor"),
        ({}, "state dict is empty"),
    ],
)
def test_bad_state_dicts_are_refused_naming_the_key(sd, match):
    with pytest.raises(InvalidInputError, match=match):
        from_torch(sd)


def test_bad_arguments():
    m = _module([[1.0, 2.0]], None, [[1.0], [-1.0]], None)
    with pytest.raises(InvalidInputError, match="max_denominator=0 must be >= 1"):
        from_torch(m, max_denominator=0)
    with pytest.raises(InvalidInputError, match="module_or_state_dict is a int"):
        from_torch(3)


# --- back to torch ----------------------------------------------------------------------


def test_to_torch_is_float64_and_round_trips_dyadic_networks():
    net = ReLUNetwork([[1, Fraction(-1, 2)], [3, 0]], [[2, -1], [Fraction(1, 4), 5]], c1=[1, Fraction(-3, 8)])
    module = to_torch(net)
    assert module[0].weight.dtype == torch.float64 and not module.training
    assert from_torch(module).network == net
    m32 = to_torch(net, dtype=torch.float32)
    assert m32[2].weight.dtype == torch.float32
    assert from_torch(m32).network == net


def test_to_torch_rounds_non_dyadic_weights_to_nearest_float():
    net = ReLUNetwork([[Fraction(1, 3)]], [[1], [Fraction(-2, 7)]])
    module = to_torch(net)
    assert module[0].weight.item() == 1 / 3
    assert module[2].weight[1, 0].item() == -2 / 7
    with pytest.raises(InvalidInputError, match="dtype=torch.int64 must be a floating"):
        to_torch(net, dtype=torch.int64)


@pytest.mark.parametrize(
    "net, match",
    [
        (MLP([[[10**400]], [[1], [2]]]), r"net\.weights\[0\]\[0\]\[0\]=~10\^400 is not finite in torch\.float64"),
        (MLP([[[1]], [[1], [Fraction(-10**400, 3)]]]), r"net\.weights\[1\]\[1\]\[0\]=-~10\^400 is not finite"),
        (MLP([[[1]], [[1], [2]]], biases=[[0], [0, 10**309]]), r"net\.biases\[1\]\[1\]=~10\^309 is not finite"),
        (MLP([[[1]], [[1], [2]]], negative_slopes=[10**400]), r"net\.negative_slopes\[0\]=~10\^400 is not finite"),
    ],
)
def test_to_torch_refuses_values_beyond_float64(net, match):
    with pytest.raises(InvalidInputError, match=match):
        to_torch(net)


def test_to_torch_refuses_a_weight_that_overflows_the_target_dtype():
    big = MLP([[[1, 100000]], [[1], [2]]])
    with pytest.raises(InvalidInputError, match=r"net\.weights\[0\]\[0\]\[1\]=100000 is not finite in torch\.float16 "
                                                 r"\(largest finite value 65504\)"):
        to_torch(big, dtype=torch.float16)
    with pytest.raises(InvalidInputError, match=r"net\.negative_slopes\[0\]=100000 is not finite in torch\.float16"):
        to_torch(MLP([[[1]], [[1], [2]]], negative_slopes=[100000]), dtype=torch.float16)
    assert to_torch(big, dtype=torch.float32)[0].weight.tolist() == [[1.0, 100000.0]]
    half = to_torch(MLP([[[1, 65504]], [[1], [-2]]], biases=[[3], [0, 1]]), dtype=torch.float16)
    assert half[0].weight.tolist() == [[1.0, 65504.0]] and half[2].bias.tolist() == [0.0, 1.0]


# --- agreement ----------------------------------------------------------------------------


def test_trained_iris_network_agrees_everywhere(iris_module):
    data, module = iris_module
    conv = from_torch(module)
    agreement = prediction_agreement(module, conv, data.X)
    assert isinstance(agreement, Agreement)
    assert agreement.n_points == 150
    assert agreement.is_perfect and agreement.n_agree == 150 and agreement.disagreeing_indices == ()
    assert 0 <= agreement.max_logit_error < 1e-4
    assert isinstance(agreement.max_logit_error, float)
    # the integer network has the same predictions
    scaled = prediction_agreement(module, conv.integer_network, data.X)
    assert scaled.exact_predictions == agreement.exact_predictions
    expected = tuple(int(i) for i in torch.argmax(module(torch.tensor(data.X)), 1))
    assert agreement.float_predictions == expected


def test_agreement_reports_disagreeing_points():
    module = to_torch(ReLUNetwork([[1, 0], [0, 1]], [[1, -1], [-1, 1]]))
    other = ReLUNetwork([[1, 0], [0, 1]], [[1, -2], [-1, 1]])
    X = np.array([[3.0, 1.0], [1.0, 1.0], [0.5, 0.75], [0.0, 2.0]])
    agreement = prediction_agreement(module, other, X)
    # other: f = (x1 - 2 x2, -x1 + x2); module: f = (x1 - x2, -x1 + x2)
    assert agreement.float_predictions == (0, 0, 1, 1)
    assert agreement.exact_predictions == (0, 1, 1, 1)
    assert agreement.disagreeing_indices == (1,)
    assert agreement.n_agree == 3 and not agreement.is_perfect
    assert agreement.max_logit_error == 2.0  # at x = (0, 2): 0 - 2 * 2 vs 0 - 2


def test_agreement_ties_go_to_the_lowest_index():
    # at x = 0 both logits are exactly 0
    module = _module([[1.0], [-1.0]], None, [[1.0, -1.0], [-1.0, 1.0]], None)
    agreement = prediction_agreement(module, from_torch(module), np.zeros((1, 1), dtype=np.float32))
    assert agreement.exact_predictions == (0,) and agreement.float_predictions == (0,)


def test_agreement_bad_inputs():
    net = ReLUNetwork([[1, 0]], [[1], [-1]])
    module = to_torch(net)
    with pytest.raises(InvalidInputError, match=r"X must have shape \(m, 2\)"):
        prediction_agreement(module, net, np.zeros((3, 3)))
    with pytest.raises(InvalidInputError, match="non-finite"):
        prediction_agreement(module, net, np.array([[math.nan, 0.0]]))
    with pytest.raises(InvalidInputError, match="network is a str"):
        prediction_agreement(module, "net", np.zeros((1, 2)))


def test_agreement_exact_logits_equal_the_network_evaluation(iris_module):
    # prediction_agreement evaluates in batched integer arithmetic; it must equal ReLUNetwork.__call__
    from tropgeo.evaluation import batch_logits, exact_float_rows
    from tropgeo.numbers import common_denominator, rationalize

    data, module = iris_module
    for net in (from_torch(module, max_denominator=97).network, from_torch(module).integer_network):
        points = POINTS + [tuple(rationalize(v) for v in row) for row in data.X[::15]]
        dens = [common_denominator(x) for x in points]
        Y, d = batch_logits(net, [[int(v * q) for v in x] for x, q in zip(points, dens)], dens)
        for x, row, dr in zip(points, Y.tolist(), d.tolist()):
            assert dr > 0
            assert tuple(Fraction(y, dr) for y in row) == net(x)
        N, D = exact_float_rows(data.X)
        Y, d = batch_logits(net, N, D)
        assert [tuple(Fraction(int(y), int(dr)) for y in row) for row, dr in zip(Y, d)] == [
            net(tuple(rationalize(v) for v in row)) for row in data.X
        ]
    net = from_torch(module, max_denominator=97).network
    agreement = prediction_agreement(module, net, data.X)
    exact = [net(tuple(rationalize(v) for v in row)) for row in data.X]
    assert agreement.exact_predictions == tuple(net.predict(tuple(rationalize(v) for v in row)) for row in data.X)
    floats = module(torch.tensor(data.X)).double().tolist()
    worst = max(abs(Fraction(f) - e) for fl, ex in zip(floats, exact) for f, e in zip(fl, ex))
    assert agreement.max_logit_error == float(worst)


# -- modules whose weights do not describe their function, and unreadable tensors ---------


def _plain():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 2))


def test_subclasses_and_hooks_that_may_change_forward_are_refused():
    class Negated(nn.Sequential):
        def forward(self, x):
            return -super().forward(x)

    class Squared(nn.Linear):
        def forward(self, x):
            return super().forward(x) ** 2

    plain = _plain()
    with pytest.raises(InvalidInputError, match="subclass of nn.Sequential"):
        from_torch(Negated(*plain))
    odd = nn.Sequential(plain[0], nn.ReLU(), Squared(3, 2))
    with pytest.raises(InvalidInputError, match=r"module\[2\] is Squared"):
        from_torch(odd)
    hooked = _plain()
    hooked[2].register_forward_hook(lambda m, i, o: o * 2)
    with pytest.raises(InvalidInputError, match=r"module\[2\] has forward hooks"):
        from_torch(hooked)
    # torch.nn.utils.prune's own pre-hook is harmless: the weight attribute is the product
    pruned = _plain()
    torch.nn.utils.prune.l1_unstructured(pruned[0], "weight", amount=0.5)
    conv = from_torch(pruned)
    masked = pruned[0].weight.detach().tolist()
    assert sum(v == 0 for row in masked for v in row) == 3
    assert conv.network.A == tuple(tuple(Fraction(v) for v in row) for row in masked)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda w: w.to_sparse(), "layout"),
        (lambda w: w.to("meta"), "meta device"),
        (lambda w: w.to(torch.float8_e4m3fn), "dtype torch.float8_e4m3fn"),
        (lambda w: torch.quantize_per_tensor(w, 0.1, 0, torch.qint8), "dtype torch.qint8"),
    ],
)
def test_unreadable_tensors_are_refused_naming_the_entry(make, message):
    sd = dict(_plain().state_dict())
    sd["0.weight"] = make(sd["0.weight"])
    with pytest.raises(InvalidInputError, match=rf"'0.weight'.*{message}"):
        from_torch(sd)


def test_a_weight_and_a_pruned_pair_for_one_layer_conflict():
    sd = dict(_plain().state_dict())
    sd["0.weight_orig"] = sd["0.weight"].clone()
    sd["0.weight_mask"] = torch.ones_like(sd["0.weight"])
    with pytest.raises(InvalidInputError, match="keep one of them"):
        from_torch(sd)


@pytest.mark.parametrize("names", [("fc1", "fc2"), ("layer.9", "layer.10")])
def test_layers_are_ordered_by_their_number_not_by_the_dict(names):
    torch.manual_seed(1)
    w1, w2 = torch.randn(3, 3), torch.randn(3, 3)
    first, second = names
    sd = {f"{second}.weight": w2, f"{first}.weight": w1}   # listed out of order
    net = from_torch(sd).network
    assert net.A == tuple(tuple(Fraction(v) for v in row) for row in w1.tolist())


def test_overflowing_float_logits_are_reported():
    module = _plain()
    with torch.no_grad():
        module[0].weight[0, 0] = 3e38
    conv = from_torch(module)
    with pytest.raises(InvalidInputError, match="non-finite"):
        prediction_agreement(module, conv, np.array([[1e3, 0.0]], dtype=np.float32))


def test_agreement_lives_in_torch_agreement_and_is_re_exported():
    import tropgeo
    from tropgeo.adapters import torch_agreement, torch_io

    assert torch_io.prediction_agreement is torch_agreement.prediction_agreement
    assert torch_io.Agreement is torch_agreement.Agreement
    assert tropgeo.prediction_agreement is torch_agreement.prediction_agreement


# --- dyadic rounding ----------------------------------------------------------------------


def _nearest_multiple(q: Fraction, d: int) -> Fraction:
    """The multiple of 1/d nearest to q, ties to the even numerator: floor and compare,
    independently of ``round``."""
    n = (q * d).numerator // (q * d).denominator  # floor
    rest = q * d - n
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1):
        n += 1
    return Fraction(n, d)


@settings(max_examples=40)
@given(float32_relu_weights(n_classes=2, max_abs=100.0), st.integers(0, 24))
def test_dyadic_weights_are_the_nearest_multiples_of_the_exact_float32_values(weights, k):
    W1, b1, W2, b2 = weights
    d = 2**k
    conv = from_torch(_module(W1, b1, W2, b2), max_denominator=d, rounding="dyadic")
    net = conv.network
    floats = [v for row in W1 for v in row] + b1 + [v for row in W2 for v in row] + b2
    exact = [v for row in net.A for v in row] + list(net.c1) + [v for row in net.B for v in row] + list(net.c2)
    # the strategy's floats are float32 values, so Fraction(v) is exactly what torch holds
    assert exact == [_nearest_multiple(Fraction(v), d) for v in floats]
    assert all(d % Fraction(q).denominator == 0 for q in exact)  # every denominator divides 2**k
    errors = [abs(Fraction(v) - q) for v, q in zip(floats, exact)]
    assert conv.max_weight_error == max(errors) <= Fraction(1, 2 * d)
    assert conv.rounding == "dyadic" and conv.max_denominator == d
    assert conv.integer_network(POINTS[1][:2]) == tuple(conv.scale * v for v in net(POINTS[1][:2]))


def test_dyadic_ties_go_to_even_and_float64_weights_keep_their_bits():
    # 0.09375 = 1.5/16, 0.15625 = 2.5/16, -0.03125 = -0.5/16: ties; 1 + 2**-40 needs float64
    m = _module([[0.09375, 0.15625], [-0.03125, 1 + 2**-40]], [0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], None,
                dtype=torch.float64)
    conv = from_torch(m, max_denominator=16, rounding="dyadic")
    assert conv.network.A == ((Fraction(2, 16), Fraction(2, 16)), (0, 1))
    assert conv.max_weight_error == Fraction(1, 32)
    fine = from_torch(m, max_denominator=2**41, rounding="dyadic")
    assert fine.network.A[1][1] == 1 + Fraction(1, 2**40) and fine.max_weight_error == 0


def test_dyadic_and_best_differ_and_the_default_stays_best():
    m = _module([[0.3, -0.7]], [0.1], [[1.3], [-0.9]], [0.0, 0.02])
    default = from_torch(m, max_denominator=64)
    best = from_torch(m, max_denominator=64, rounding="best")
    dyadic = from_torch(m, max_denominator=64, rounding="dyadic")
    assert default == best and default.rounding == "best"
    assert best.network.A == ((Fraction(3, 10), Fraction(-7, 10)),)  # best approximations find the decimals
    assert dyadic.network.A == ((Fraction(19, 64), Fraction(-45, 64)),)  # 19.2 -> 19, -44.8 -> -45
    # without a bound the rounding does not matter: exact binary values
    assert from_torch(m, rounding="dyadic").network == from_torch(m).network


def test_mlp_from_torch_records_dyadic_rounding():
    m = nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(0.01), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 2))
    conv = mlp_from_torch(m, max_denominator=256, rounding="dyadic")
    assert conv.rounding == "dyadic" and conv.max_weight_error <= Fraction(1, 512)
    values = [v for W in conv.network.weights for row in W for v in row] + [v for b in conv.network.biases for v in b]
    assert all(256 % Fraction(v).denominator == 0 for v in values)
    assert conv.network.negative_slopes[0] == Fraction(1, 100)  # slopes are not weights: never rounded
    assert mlp_from_torch(m).rounding == "best"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rounding": "nearest"}, r"rounding='nearest' must be 'best' or 'dyadic'"),
        ({"rounding": None}, r"rounding=None must be 'best' or 'dyadic'"),
        ({"max_denominator": 100, "rounding": "dyadic"}, r"max_denominator=100 must be a power of two with rounding='dyadic' \(64 or 128"),
        ({"max_denominator": 3, "rounding": "dyadic"}, r"max_denominator=3 must be a power of two"),
    ],
)
def test_bad_rounding_is_refused_naming_the_argument(kwargs, message):
    m = _module([[1.0, 2.0]], None, [[1.0], [-1.0]], None)
    with pytest.raises(InvalidInputError, match=message):
        from_torch(m, **kwargs)
    with pytest.raises(InvalidInputError, match=message):
        mlp_from_torch(m, **kwargs)
