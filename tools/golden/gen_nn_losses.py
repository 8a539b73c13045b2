"""Golden fixtures for losses: nn loss Cells and ops.* loss functions, every reduction, and errors.

Writes tests/golden/nn_losses.npz/.json. Run from /work/main with the reference venv:
  /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_nn_losses.py

Each case stores in/logits and in/labels (the loss's first and second argument, whatever the API
calls them), kwarg/<name> for Tensor constructor/keyword arguments (weight, pos_weight),
out/0 (the loss), dout/0 and grad/logits = d sum(loss * dout) / d logits.
"""
import json
import os
import subprocess
import sys

import numpy as np
import mindspore as ms
from mindspore import nn, ops

from gen_nn import Recorder, case_rng, clean_repr, describe_error, signature_of

HERE = os.path.dirname(os.path.abspath(__file__))
NN_LOSSES = ("BCEWithLogitsLoss BCELoss CrossEntropyLoss NLLLoss MSELoss L1Loss SmoothL1Loss HuberLoss "
             "KLDivLoss SoftmaxCrossEntropyWithLogits").split()
OPS_LOSSES = ("binary_cross_entropy_with_logits binary_cross_entropy cross_entropy nll_loss mse_loss "
              "l1_loss smooth_l1_loss huber_loss kl_div").split()


def fixed_data():
    """The shared inputs: 4 samples x 3 classes, and (3, 4) element-wise pairs."""
    rng = case_rng("losses")
    logits = (rng.standard_normal((4, 3)) * 1.5).astype("float32")
    shifted = logits - logits.max(1, keepdims=True)
    log_probs = (shifted - np.log(np.exp(shifted).sum(1, keepdims=True))).astype("float32")
    raw = rng.standard_normal((4, 3))
    probs = (np.exp(raw) / np.exp(raw).sum(1, keepdims=True)).astype("float32")
    x = (rng.standard_normal((3, 4)) * 2).astype("float32")
    return {
        "logits": logits, "log_probs": log_probs, "class_probs": probs,
        "class_idx": np.array([0, 2, 1, 2], dtype="int32"),
        "one_hot": np.eye(3, dtype="float32")[[0, 2, 1, 2]],
        "class_weight": np.array([0.5, 2.0, 1.5], dtype="float32"),
        "x": x, "bits": (rng.uniform(size=(3, 4)) > 0.5).astype("float32"),
        "sigmoid_x": (1 / (1 + np.exp(-x))).astype("float32"),
        "elem_weight": rng.uniform(0.5, 2.0, (4,)).astype("float32"),
        "full_weight": rng.uniform(0.5, 2.0, (3, 4)).astype("float32"),
        "pos_weight": rng.uniform(0.5, 3.0, (4,)).astype("float32"),
        "target": (rng.standard_normal((3, 4)) * 2).astype("float32"),
        "logits_1d": (rng.standard_normal(3) * 1.5).astype("float32"),
        "logits_3d": rng.standard_normal((2, 3, 4)).astype("float32"),
        "class_idx_3d": np.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype="int32"),
    }


def specs(d):
    """(base case, api, scalar kwargs, tensor kwargs, logits, labels, reductions) for every loss case."""
    red3 = ("none", "mean", "sum")
    ce = (d["logits"], d["class_idx"])
    return [
        ("bce_logits", "nn.BCEWithLogitsLoss", {}, {}, d["x"], d["bits"], red3),
        ("bce_logits_weight", "nn.BCEWithLogitsLoss", {}, {"weight": d["elem_weight"]}, d["x"], d["bits"], red3),
        ("bce_logits_pos_weight", "nn.BCEWithLogitsLoss", {}, {"pos_weight": d["pos_weight"]},
         d["x"], d["bits"], red3),
        ("bce_logits_both", "nn.BCEWithLogitsLoss", {}, {"weight": d["elem_weight"], "pos_weight": d["pos_weight"]},
         d["x"], d["bits"], ("mean",)),
        ("bce", "nn.BCELoss", {}, {}, d["sigmoid_x"], d["bits"], red3),
        ("bce_weight", "nn.BCELoss", {}, {"weight": d["full_weight"]}, d["sigmoid_x"], d["bits"], red3),
        ("ce", "nn.CrossEntropyLoss", {}, {}, *ce, red3),
        ("ce_probs", "nn.CrossEntropyLoss", {}, {}, d["logits"], d["class_probs"], red3),
        ("ce_one_hot", "nn.CrossEntropyLoss", {}, {}, d["logits"], d["one_hot"], ("mean",)),
        ("ce_weight", "nn.CrossEntropyLoss", {}, {"weight": d["class_weight"]}, *ce, red3),
        ("ce_probs_weight", "nn.CrossEntropyLoss", {}, {"weight": d["class_weight"]},
         d["logits"], d["class_probs"], red3),
        ("ce_ignore_index", "nn.CrossEntropyLoss", {"ignore_index": 2}, {}, *ce, red3),
        ("ce_ignore_index_weight", "nn.CrossEntropyLoss", {"ignore_index": 2}, {"weight": d["class_weight"]},
         *ce, ("mean", "none")),
        ("ce_default_ignore_label", "nn.CrossEntropyLoss", {}, {}, d["logits"],
         np.array([0, -100, 1, 2], dtype="int32"), ("mean", "none")),
        ("ce_label_smoothing", "nn.CrossEntropyLoss", {"label_smoothing": 0.1}, {}, *ce, red3),
        ("ce_label_smoothing_weight", "nn.CrossEntropyLoss", {"label_smoothing": 0.2},
         {"weight": d["class_weight"]}, *ce, ("mean", "none")),
        ("ce_probs_label_smoothing", "nn.CrossEntropyLoss", {"label_smoothing": 0.1}, {},
         d["logits"], d["class_probs"], ("mean",)),
        ("ce_1d", "nn.CrossEntropyLoss", {}, {}, d["logits_1d"], np.array(2, dtype="int32"), red3),
        ("ce_1d_probs", "nn.CrossEntropyLoss", {}, {}, d["logits_1d"], d["class_probs"][0], ("mean",)),
        ("ce_3d", "nn.CrossEntropyLoss", {}, {}, d["logits_3d"], d["class_idx_3d"], red3),
        ("nll", "nn.NLLLoss", {}, {}, d["log_probs"], d["class_idx"], red3),
        ("nll_weight", "nn.NLLLoss", {}, {"weight": d["class_weight"]}, d["log_probs"], d["class_idx"], red3),
        ("nll_ignore_index", "nn.NLLLoss", {"ignore_index": 1}, {}, d["log_probs"], d["class_idx"], red3),
        ("mse", "nn.MSELoss", {}, {}, d["x"], d["target"], red3),
        ("mse_broadcast", "nn.MSELoss", {}, {}, d["x"], d["target"][:1], ("none", "mean")),
        ("l1", "nn.L1Loss", {}, {}, d["x"], d["target"], red3),
        ("smooth_l1", "nn.SmoothL1Loss", {}, {}, d["x"], d["target"], red3),
        ("smooth_l1_beta", "nn.SmoothL1Loss", {"beta": 0.5}, {}, d["x"], d["target"], red3),
        ("huber", "nn.HuberLoss", {}, {}, d["x"], d["target"], red3),
        ("huber_delta", "nn.HuberLoss", {"delta": 0.5}, {}, d["x"], d["target"], red3),
        ("kldiv", "nn.KLDivLoss", {}, {}, d["log_probs"], d["class_probs"], red3 + ("batchmean",)),
        ("softmax_ce_dense", "nn.SoftmaxCrossEntropyWithLogits", {}, {}, d["logits"], d["class_probs"], red3),
        ("softmax_ce_sparse", "nn.SoftmaxCrossEntropyWithLogits", {"sparse": True}, {}, *ce, red3),
        ("softmax_ce_sparse_int64", "nn.SoftmaxCrossEntropyWithLogits", {"sparse": True}, {},
         d["logits"], d["class_idx"].astype("int64"), ("mean",)),
        ("ops_bce_logits", "ops.binary_cross_entropy_with_logits", {},
         {"weight": d["elem_weight"], "pos_weight": d["pos_weight"]}, d["x"], d["bits"], red3),
        ("ops_bce_logits_plain", "ops.binary_cross_entropy_with_logits", {}, {}, d["x"], d["bits"], ("mean",)),
        ("ops_bce", "ops.binary_cross_entropy", {}, {"weight": d["full_weight"]}, d["sigmoid_x"], d["bits"], red3),
        ("ops_ce", "ops.cross_entropy", {}, {}, *ce, red3),
        ("ops_ce_int64", "ops.cross_entropy", {}, {}, d["logits"], d["class_idx"].astype("int64"), ("mean",)),
        ("ops_ce_probs", "ops.cross_entropy", {}, {}, d["logits"], d["class_probs"], red3),
        ("ops_ce_weight_ignore_smoothing", "ops.cross_entropy", {"ignore_index": 1, "label_smoothing": 0.1},
         {"weight": d["class_weight"]}, *ce, red3),
        ("ops_nll", "ops.nll_loss", {}, {"weight": d["class_weight"]}, d["log_probs"], d["class_idx"], red3),
        ("ops_nll_label_smoothing", "ops.nll_loss", {"label_smoothing": 0.1}, {}, d["log_probs"],
         d["class_idx"], ("mean",)),
        ("ops_mse", "ops.mse_loss", {}, {}, d["x"], d["target"], red3),
        ("ops_l1", "ops.l1_loss", {}, {}, d["x"], d["target"], red3),
        ("ops_smooth_l1", "ops.smooth_l1_loss", {"beta": 0.5}, {}, d["x"], d["target"], red3),
        ("ops_huber", "ops.huber_loss", {"delta": 0.5}, {}, d["x"], d["target"], red3),
        ("ops_kl_div", "ops.kl_div", {}, {}, d["log_probs"], d["class_probs"], red3 + ("batchmean",)),
    ]


def loss_callable(api, kwargs):
    """(fn(logits, labels), cell or None) for 'nn.X' (built with kwargs) or 'ops.x' (kwargs per call)."""
    owner, name = api.split(".")
    tensors = {k: ms.Tensor(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    if owner == "nn":
        cell = getattr(nn, name)(**tensors)
        return cell, cell
    fn = getattr(ops, name)
    return (lambda logits, labels: fn(logits, labels, **tensors)), None


def record_loss(rec, case, api, kwargs, consts, logits, labels):
    """Store inputs, loss value and d(sum(loss * dout))/d logits for one loss configuration."""
    rng = case_rng(case)
    fn, cell = loss_callable(api, dict(kwargs, **consts))
    rec.array(case, "in", "logits", logits)
    rec.array(case, "in", "labels", labels)
    for name, value in consts.items():
        rec.array(case, "kwarg", name, value)
    x, y = ms.Tensor(logits), ms.Tensor(labels)
    out = fn(x, y)
    dout = ms.Tensor(rng.standard_normal(tuple(out.shape)).astype(out.asnumpy().dtype))
    grad = ms.grad(lambda a, b: (fn(a, b) * dout).sum(), grad_position=0)(x, y)
    rec.array(case, "out", "0", out)
    rec.array(case, "dout", "0", dout)
    rec.array(case, "grad", "logits", grad)
    entry = {"case": case, "api": api, "kwargs": kwargs, "kwarg_tensors": sorted(consts),
             "out_dtype": str(out.dtype), "out_shape": list(out.shape)}
    if cell is not None:
        entry["repr"] = clean_repr(cell)
    rec.case(entry)


def outcome(fn):
    """What a call does: its error (type, message gist) or, when it succeeds, its value."""
    try:
        value = fn()
        return {"type": None, "value": value.asnumpy().tolist(), "dtype": str(value.dtype)}
    except Exception as exc:  # the recorded fact is whichever exception MindSpore raises
        return describe_error(exc)


def error_facts(d):
    """Shape mismatches, out-of-range or wrongly typed labels and bad arguments."""
    T = ms.Tensor
    lg, lp = T(d["logits"]), T(d["log_probs"])
    x, tgt, sx = T(d["x"]), T(d["target"]), T(d["sigmoid_x"])
    wrong = T(np.ones((4, 3), np.float32))
    short = T(d["class_idx"][:3])  # valid classes, one sample short
    facts = {
        "nn.MSELoss shape (3,4) vs (4,3)": lambda: nn.MSELoss()(x, wrong),
        "nn.L1Loss shape (3,4) vs (4,3)": lambda: nn.L1Loss()(x, wrong),
        "nn.SmoothL1Loss shape (3,4) vs (4,3)": lambda: nn.SmoothL1Loss()(x, wrong),
        "nn.HuberLoss shape (3,4) vs (4,3)": lambda: nn.HuberLoss()(x, wrong),
        "nn.BCEWithLogitsLoss shape (3,4) vs (4,3)": lambda: nn.BCEWithLogitsLoss()(x, wrong),
        "nn.BCELoss shape (3,4) vs (4,3)": lambda: nn.BCELoss()(sx, wrong),
        "nn.KLDivLoss shape (4,3) vs (3,4)": lambda: nn.KLDivLoss()(lp, x),
        "nn.CrossEntropyLoss labels (3,) for logits (4,3)": lambda: nn.CrossEntropyLoss()(lg, short),
        "nn.CrossEntropyLoss probs (3,4) for logits (4,3)": lambda: nn.CrossEntropyLoss()(lg, x),
        "nn.NLLLoss labels (3,) for (4,3)": lambda: nn.NLLLoss()(lp, short),
        "nn.SoftmaxCrossEntropyWithLogits dense (3,4) for (4,3)":
            lambda: nn.SoftmaxCrossEntropyWithLogits()(lg, x),
        "nn.SoftmaxCrossEntropyWithLogits sparse labels (3,)":
            lambda: nn.SoftmaxCrossEntropyWithLogits(sparse=True)(lg, short),
        "ops.mse_loss shape (3,4) vs (4,3)": lambda: ops.mse_loss(x, wrong),
        "ops.l1_loss shape (3,4) vs (4,3)": lambda: ops.l1_loss(x, wrong),
        "ops.smooth_l1_loss shape (3,4) vs (4,3)": lambda: ops.smooth_l1_loss(x, wrong),
        "ops.huber_loss shape (3,4) vs (4,3)": lambda: ops.huber_loss(x, wrong),
        "ops.binary_cross_entropy_with_logits shape": lambda: ops.binary_cross_entropy_with_logits(x, wrong),
        "ops.binary_cross_entropy shape": lambda: ops.binary_cross_entropy(sx, wrong),
        "ops.kl_div shape": lambda: ops.kl_div(lp, x),
        "ops.cross_entropy labels (3,)": lambda: ops.cross_entropy(lg, short),
        "ops.nll_loss labels (3,)": lambda: ops.nll_loss(lp, short),
        "nn.CrossEntropyLoss Int64 labels": lambda: nn.CrossEntropyLoss()(lg, T(d["class_idx"].astype("int64"))),
        "nn.NLLLoss Int64 labels": lambda: nn.NLLLoss()(lp, T(d["class_idx"].astype("int64"))),
        "nn.BCEWithLogitsLoss Int32 labels": lambda: nn.BCEWithLogitsLoss()(x, T(d["bits"].astype("int32"))),
        "nn.SoftmaxCrossEntropyWithLogits dense with Int32 labels":
            lambda: nn.SoftmaxCrossEntropyWithLogits()(lg, T(d["class_idx"])),
        "nn.MSELoss reduction='avg'": lambda: nn.MSELoss(reduction="avg")(x, tgt),
        "nn.CrossEntropyLoss reduction='batchmean'":
            lambda: nn.CrossEntropyLoss(reduction="batchmean")(lg, T(d["class_idx"])),
        "nn.KLDivLoss reduction='avg'": lambda: nn.KLDivLoss(reduction="avg")(lp, T(d["class_probs"])),
        "ops.mse_loss reduction='avg'": lambda: ops.mse_loss(x, tgt, reduction="avg"),
        "ops.cross_entropy reduction='avg'": lambda: ops.cross_entropy(lg, T(d["class_idx"]), reduction="avg"),
        "nn.SmoothL1Loss beta=0": lambda: nn.SmoothL1Loss(beta=0.0)(x, tgt),
        "nn.BCELoss on bits as probabilities, Int labels": lambda: nn.BCELoss()(sx, T(d["bits"].astype("int32"))),
    }
    return {key: outcome(fn) for key, fn in facts.items()}


def label_facts(d):
    """Calls with class labels out of range or negative, keyed by a description."""
    T = ms.Tensor
    lg, lp = T(d["logits"]), T(d["log_probs"])
    facts = {}
    for key, label in {"5": [0, 5, 1, 2], "3": [0, 3, 1, 2], "-1": [1, -1, 0, 0], "-4": [0, -4, 1, 2]}.items():
        y = T(np.array(label, np.int32))
        facts[f"nn.CrossEntropyLoss labels {label} (3 classes)"] = lambda y=y: nn.CrossEntropyLoss()(lg, y)
        facts[f"nn.NLLLoss labels {label}"] = lambda y=y: nn.NLLLoss()(lp, y)
        facts[f"nn.SoftmaxCrossEntropyWithLogits sparse, none, labels {label}"] = (
            lambda y=y: nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="none")(lg, y))
        facts[f"ops.cross_entropy none labels {label}"] = lambda y=y: ops.cross_entropy(lg, y, reduction="none")
        facts[f"ops.nll_loss none labels {label}"] = lambda y=y: ops.nll_loss(lp, y, reduction="none")
    return facts


def print_label_outcomes(start):
    """Child-process entry: run label_facts calls from index start on, printing each outcome as JSON."""
    for index, fn in enumerate(list(label_facts(fixed_data()).values())[start:], start):
        print(f"OUTCOME {index} " + json.dumps(outcome(fn)), flush=True)
    os._exit(0)


def isolated_label_outcomes(max_crashes=4):
    """Out-of-range label calls in child processes: after a few GatherD index errors MindSpore 2.10
    segfaults, so a dead child is replaced by one resuming at the call it died in."""
    keys = list(label_facts(fixed_data()))
    results, crashes = {}, {}
    while len(results) < len(keys):
        start = len(results)
        code = f"import gen_nn_losses; gen_nn_losses.print_label_outcomes({start})"
        child = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True, timeout=600)
        for line in child.stdout.splitlines():
            if line.startswith("OUTCOME "):
                index, payload = line[len("OUTCOME "):].split(" ", 1)
                results[keys[int(index)]] = json.loads(payload)
        if len(results) == start:
            crashes[start] = crashes.get(start, 0) + 1
            if crashes[start] == max_crashes:
                results[keys[start]] = {"type": "crash", "message": f"the process died in all {max_crashes} tries"}
    return results


def main():
    """Generate nn_losses.npz/.json."""
    rec = Recorder("nn_losses", "tools/golden/gen_nn_losses.py")
    data = fixed_data()
    rec.meta["signatures"] = {f"nn.{n}": {"signature": signature_of(getattr(nn, n).__init__),
                                          "construct": signature_of(getattr(nn, n).construct)}
                              for n in NN_LOSSES}
    rec.meta["signatures"].update({f"ops.{n}": {"signature": signature_of(getattr(ops, n))} for n in OPS_LOSSES})
    rec.meta["default_reprs"] = {f"nn.{n}()": clean_repr(getattr(nn, n)()) for n in NN_LOSSES}
    for base, api, kwargs, consts, logits, labels, reductions in specs(data):
        variants = [(f"{base}_{r}", dict(kwargs, reduction=r)) for r in reductions]
        if len(reductions) >= 3:  # also once without 'reduction', to pin the default
            variants.append((f"{base}_default", dict(kwargs)))
        for case, full_kwargs in variants:
            entry = {"case": case, "api": api, "kwargs": full_kwargs}
            rec.attempt(case, lambda c=case, k=full_kwargs: record_loss(rec, c, api, k, consts, logits, labels),
                        entry)
    rec.meta["errors"] = error_facts(data)
    rec.meta["errors"].update(isolated_label_outcomes())
    rec.meta["known_bugs"] = {
        "BCELoss/binary_cross_entropy weight broadcast": (
            "a weight of shape (4,) for input (3, 4) is not broadcast: row 0 is weighted correctly and "
            "rows 1-2 come out as uninitialised memory (~1e-44 or 0), differing run to run; so the "
            "cases here use a full-shape weight. BCEWithLogitsLoss does broadcast weight and pos_weight.")}
    rec.save()


if __name__ == "__main__":
    main()
