"""Golden fixtures for the evaluation metrics MindSpore's own tests use (Dice, HausdorffDistance, Perplexity,
BleuScore, CosineSimilarity, ROC, auc, ConfusionMatrix, ConfusionMatrixMetric, MeanSurfaceDistance,
RootMeanSquareDistance, OcclusionSensitivity, multilabel Precision/Recall) and rearrange_inputs.

Run with the reference venv from the repository root:
    /root/.cache/minispore-reference/ms210/bin/python tools/golden/gen_metrics.py
Writes tests/golden/metrics.json: for each case a program (`code`) run with `np`, `ms`, `nn`, `Tensor` and
`train` (mindspore.train) in scope that leaves `result`; the JSON holds `result` as nested lists/floats
(`encode`), or the exception type the program raised. Cases where MindSpore 2.10 is wrong are left out:
tests/train/test_metrics_more.py checks those against the mathematics.
"""
import json
import os

import numpy as np
import mindspore as ms
from mindspore import nn, Tensor, train

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_DIR = os.path.join(HERE, "..", "..", "tests", "golden")

SEGMENTATION = """
a = np.zeros((8, 9)); a[2:6, 1:5] = 1; a[6, 7] = 1
b = np.zeros((8, 9)); b[3:7, 2:7] = 1
"""

CASES = {
    "dice": "m = train.Dice(smooth=1e-5); m.clear()\n"
            "m.update(Tensor(np.array([[0.2, 0.5], [0.3, 0.1], [0.9, 0.6]])), Tensor(np.array([[0, 1], [1, 0], [0, 1]])))\n"
            "result = m.eval()",
    "dice_two_updates": "m = train.Dice()\nm.update(np.array([[1.0, 0.0], [0.5, 0.5]]), np.array([[1, 0], [0, 1]]))\n"
                        "m.update([[0.1, 0.9, 0.3]], [[0, 1, 1]])\nresult = m.eval()",
    "dice_shape": "m = train.Dice()\nm.update(np.ones((2, 3)), np.ones((3, 2)))",
    "dice_empty": "result = train.Dice().eval()",
    "dice_smooth": "train.Dice(smooth=0)",
    "perplexity": "m = train.Perplexity(ignore_label=None)\n"
                  "m.update(Tensor(np.array([[0.2, 0.5], [0.3, 0.1], [0.9, 0.6]])), Tensor(np.array([1, 0, 1])))\n"
                  "result = m.eval()",
    "perplexity_ignore": "m = train.Perplexity(ignore_label=1)\n"
                         "m.update(Tensor(np.array([[0.2, 0.5, 0.3], [0.3, 0.1, 0.6], [0.9, 0.05, 0.05]])), "
                         "Tensor(np.array([1, 0, 2])))\nm.update(np.array([[0.4, 0.5, 0.1], [0.7, 0.2, 0.1]]), np.array([[0, 1]]))\n"
                         "result = m.eval()",
    "perplexity_shape": "m = train.Perplexity()\nm.update(np.ones((3, 2)), np.ones(4))",
    "perplexity_label_type": "train.Perplexity(ignore_label=1.5)",
    "cosine_similarity": "m = train.CosineSimilarity()\nm.update(Tensor(np.array([[1, 3, 4, 7], [2, 4, 2, 5], [3, 1, 5, 8]])))\n"
                         "result = m.eval()",
    "cosine_similarity_dot_mean": "m = train.CosineSimilarity(similarity='dot', reduction='mean', zero_diagonal=False)\n"
                                  "m.update(np.array([[1.0, 3, 4], [2, 4, 2], [3, 1, 5]]))\nresult = m.eval()",
    "cosine_similarity_sum": "m = train.CosineSimilarity(reduction='sum')\nm.update(np.array([[1.0, 0], [1, 1], [0, 2]]))\n"
                             "result = m.eval()",
    "cosine_similarity_bad": "train.CosineSimilarity(similarity='l2')",
    "bleu": "m = train.BleuScore()\n"
            "m.update([['i', 'have', 'a', 'pen', 'on', 'my', 'desk']], "
            "[[['i', 'have', 'a', 'pen', 'in', 'my', 'desk'], ['there', 'is', 'a', 'pen', 'on', 'the', 'desk']]])\n"
            "result = m.eval()",
    "bleu_smooth_bigram": "m = train.BleuScore(n_gram=2, smooth=True)\n"
                          "m.update([['the', 'cat', 'sat'], ['a', 'dog']], [[['the', 'cat', 'sat', 'down']], "
                          "[['a', 'big', 'dog'], ['the', 'dog']]])\nresult = m.eval()",
    "bleu_no_match": "m = train.BleuScore()\nm.update([['x', 'y']], [[['a', 'b', 'c']]])\nresult = m.eval()",
    "bleu_bad_ngram": "train.BleuScore(n_gram=5)",
    "roc_binary": "m = train.ROC(pos_label=2)\nm.update(Tensor(np.array([1, 2, 3, 4])), Tensor(np.array([1, 2, 2, 3])))\n"
                  "result = m.eval()",
    "roc_scores": "m = train.ROC(pos_label=1)\nm.update(np.array([0.1, 0.4, 0.35, 0.8, 0.7, 0.2]), np.array([0, 0, 1, 1, 1, 0]))\n"
                  "result = m.eval()",
    "roc_square_multiclass": "m = train.ROC(class_num=4)\n"
                             "m.update(Tensor(np.array([[0.28, 0.55, 0.15, 0.05], [0.10, 0.20, 0.05, 0.05], "
                             "[0.20, 0.05, 0.15, 0.05], [0.05, 0.05, 0.05, 0.75]])), Tensor(np.array([0, 1, 2, 3])))\n"
                             "result = m.eval()",
    "auc": "fpr, tpr, _ = train.ROC(pos_label=1)(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1]))\n"
           "result = train.auc(fpr, tpr)",
    "auc_decreasing": "result = train.auc(np.array([3.0, 2.0, 1.0]), np.array([1.0, 2.0, 4.0]))",
    "auc_reorder": "result = train.auc(np.array([2.0, 1.0, 3.0]), np.array([1.0, 0.0, 2.0]), reorder=True)",
    "auc_not_monotonic": "train.auc(np.array([2.0, 1.0, 3.0]), np.array([1.0, 0.0, 2.0]))",
    "auc_list": "train.auc([0.0, 1.0], [0.0, 1.0])",
    "confusion_matrix": "m = train.ConfusionMatrix(num_classes=2, normalize='no_norm', threshold=0.5)\n"
                        "m.update(Tensor(np.array([1, 0, 1, 0])), Tensor(np.array([1, 0, 0, 1])))\nresult = m.eval()",
    "confusion_matrix_scores": "m = train.ConfusionMatrix(num_classes=3, normalize='target')\n"
                               "m.update(np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]]), "
                               "np.array([1, 0, 1, 2]))\nresult = m.eval()",
    "confusion_matrix_threshold_all": "m = train.ConfusionMatrix(num_classes=2, normalize='all', threshold=0.3)\n"
                                      "m.update(np.array([0.2, 0.4, 0.9, 0.1]), np.array([0, 1, 1, 1]))\nresult = m.eval()",
    "confusion_matrix_prediction_empty_column": "m = train.ConfusionMatrix(num_classes=3, normalize='prediction')\n"
                                                "m.update(np.array([0, 1, 1]), np.array([0, 1, 2]))\nresult = m.eval()",
    "confusion_matrix_bad_normalize": "train.ConfusionMatrix(2, normalize='row')",
    "confusion_matrix_metric": "m = train.ConfusionMatrixMetric(skip_channel=True, metric_name='tpr', "
                               "calculation_method=False, decrease='mean')\n"
                               "m.update(Tensor(np.array([[[0], [1]], [[1], [0]]])), Tensor(np.array([[[0], [1]], [[0], [1]]])))\n"
                               "result = m.eval()",
    "confusion_matrix_metric_per_sample": "m = train.ConfusionMatrixMetric(metric_name='f1 score', calculation_method=True)\n"
                                          "y_pred = np.array([[[1, 0, 1], [0, 1, 1]], [[1, 1, 0], [0, 0, 1]]])\n"
                                          "y = np.array([[[1, 0, 0], [0, 1, 1]], [[1, 0, 0], [1, 0, 1]]])\n"
                                          "m.update(y_pred, y)\nm.update(y, y)\nresult = m.eval()",
    "confusion_matrix_metric_sum": "m = train.ConfusionMatrixMetric(skip_channel=False, metric_name='accuracy', "
                                   "calculation_method=True, decrease='sum')\n"
                                   "m.update(np.array([[[1, 0], [0, 1], [1, 1]]]), np.array([[[1, 1], [0, 0], [1, 0]]]))\n"
                                   "result = m.eval()",
    "confusion_matrix_metric_names": "counts = (np.array([[[1, 0, 1, 1], [0, 1, 1, 0]]]), np.array([[[1, 1, 0, 1], [0, 1, 0, 0]]]))\n"
                                     "result = [train.ConfusionMatrixMetric(metric_name=n)(*counts).tolist() for n in "
                                     "('sensitivity', 'specificity', 'precision', 'negative predictive value', 'miss rate', "
                                     "'fall out', 'false discovery rate', 'false omission rate', 'threat score', 'accuracy', "
                                     "'balanced accuracy', 'f1 score', 'matthews correlation coefficient', "
                                     "'fowlkes mallows index', 'informedness', 'markedness', 'prevalence threshold')]",
    "confusion_matrix_metric_bad_name": "train.ConfusionMatrixMetric(metric_name='nope')(np.ones((1, 2)), np.ones((1, 2)))",
    "confusion_matrix_metric_not_binary": "train.ConfusionMatrixMetric()(np.ones((1, 2)), np.full((1, 2), 0.5))",
    "hausdorff": SEGMENTATION + "m = train.HausdorffDistance()\nm.update(Tensor(a), Tensor(b), 1)\nresult = m.eval()",
    "hausdorff_directed_percentile": SEGMENTATION + "m = train.HausdorffDistance(percentile=90.0, directed=True)\n"
                                                    "m.update(a, b, 1)\nresult = m.eval()",
    "hausdorff_chessboard_no_crop": SEGMENTATION + "m = train.HausdorffDistance(distance_metric='chessboard', crop=False)\n"
                                                   "m.update(a, b, 1)\nresult = m.eval()",
    "hausdorff_taxicab": SEGMENTATION + "m = train.HausdorffDistance(distance_metric='taxicab')\nm.update(b, a, 1)\n"
                                        "result = m.eval()",
    "hausdorff_missing_label": SEGMENTATION + "m = train.HausdorffDistance()\nm.update(a, b, 3)",
    "hausdorff_empty_prediction": SEGMENTATION + "m = train.HausdorffDistance(crop=False)\nm.update(a * 0, b, 1)\n"
                                                 "result = m.eval()",
    "mean_surface_distance": SEGMENTATION + "m = train.MeanSurfaceDistance()\nm.update(Tensor(a), Tensor(b), 1)\n"
                                            "result = m.eval()",
    "mean_surface_distance_symmetric": SEGMENTATION + "m = train.MeanSurfaceDistance(symmetric=True, "
                                                      "distance_metric='taxicab')\nm.update(a, b, 1)\nresult = m.eval()",
    "root_mean_square_distance": SEGMENTATION + "m = train.RootMeanSquareDistance()\nm.update(a, b, 1)\nresult = m.eval()",
    "root_mean_square_distance_symmetric": SEGMENTATION + "m = train.RootMeanSquareDistance(symmetric=True, "
                                                          "distance_metric='chessboard')\nm.update(a, b, 1)\n"
                                                          "result = m.eval()",
    "occlusion_sensitivity": "class DenseNet(nn.Cell):\n"
                             "    def __init__(self):\n"
                             "        super().__init__()\n"
                             "        self.dense = nn.Dense(9, 3)\n"
                             "        self.dense.weight.set_data(Tensor(np.arange(27, dtype=np.float32).reshape(3, 9) / 27 - 0.4))\n"
                             "        self.dense.bias.set_data(Tensor(np.array([0.1, -0.2, 0.3], np.float32)))\n"
                             "    def construct(self, x):\n"
                             "        return self.dense(x.reshape(x.shape[0], -1))\n"
                             "m = train.OcclusionSensitivity(margin=1, n_batch=4)\n"
                             "m.update(DenseNet(), np.linspace(-1, 1, 9, dtype=np.float32).reshape(1, 3, 3), np.array(1, np.int32))\n"
                             "result = m.eval()",
    "occlusion_sensitivity_box": "net = nn.Dense(6, 2)\n"
                                 "net.weight.set_data(Tensor(np.arange(12, dtype=np.float32).reshape(2, 6) / 10))\n"
                                 "net.bias.set_data(Tensor(np.zeros(2, np.float32)))\n"
                                 "m = train.OcclusionSensitivity(pad_val=0.5, margin=2, b_box=[1, -1])\n"
                                 "m.update(net, Tensor(np.arange(6, dtype=np.float32).reshape(1, 6)), np.array(0, np.int32))\n"
                                 "result = m.eval()",
    "precision_multilabel": "m = train.Precision('multilabel')\n"
                            "m.update(Tensor(np.array([[0, 1, 0, 1], [1, 0, 1, 1], [0, 0, 0, 1]])), "
                            "Tensor(np.array([[0, 1, 1, 1], [0, 1, 1, 1], [0, 0, 0, 1]])))\nresult = [m.eval(), m.eval(True)]",
    "recall_multilabel_two_updates": "m = train.Recall('multilabel')\n"
                                     "m.update(np.array([[0, 1, 0, 1], [1, 0, 1, 1]]), np.array([[0, 1, 1, 1], [0, 1, 1, 0]]))\n"
                                     "m.update(np.array([[1, 1, 0, 0]]), np.array([[1, 0, 0, 0]]))\n"
                                     "result = [m.eval(), m.eval(True)]",
    "recall_multilabel_class_count": "m = train.Recall('multilabel')\nm.update(np.ones((2, 4)), np.ones((2, 4)))\n"
                                     "m.update(np.ones((1, 2, 2)), np.ones((1, 2, 2)))",
    "precision_multilabel_not_binary": "train.Precision('multilabel')(np.array([[0.5, 1]]), np.array([[0, 1]]))",
    "rearrange_inputs": "m = train.Dice().set_indexes([2, 0])\n"
                        "m.update(np.array([[1, 0, 1]]), np.zeros((1, 3)), np.array([[1, 1, 0]]))\nresult = m.eval()",
    "metric_names": "result = train.names()",
}


def encode(value):
    """JSON-able form of a metric's result (arrays to nested lists, NumPy scalars to floats)."""
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Tensor):
        return value.asnumpy().tolist()
    if isinstance(value, (np.floating, float)):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def main():
    entries = []
    for name, code in CASES.items():
        namespace = {"np": np, "ms": ms, "nn": nn, "Tensor": Tensor, "train": train}
        entry = {"case": name, "code": code}
        try:
            exec(code, namespace)
            entry["result"] = encode(namespace.get("result"))
        except Exception as error:  # the recorded behaviour is the exception's type
            entry["error"] = type(error).__name__
        entries.append(entry)
    with open(os.path.join(GOLDEN_DIR, "metrics.json"), "w") as f:
        json.dump({"generator": "tools/golden/gen_metrics.py", "mindspore": ms.__version__, "cases": entries}, f,
                  indent=1, allow_nan=True)


if __name__ == "__main__":
    main()
