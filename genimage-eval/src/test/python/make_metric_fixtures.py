#!/usr/bin/python3
"""Writes the scikit-learn reference values the evaluation metrics are tested against.

Run from the repository root with Debian's python3-sklearn (1.2):

    /usr/bin/python3 genimage-api/src/test/python/make_metric_fixtures.py

It rewrites genimage-api/src/test/resources/fixtures/metrics/sklearn_metrics.json byte for byte
(fixed seeds, sorted keys). Conventions, the same as genimage's: label 1 = FAKE, scores are
P(FAKE), an image is predicted FAKE when its score is strictly above the threshold (CNNDetection's
``y_pred > 0.5``). Scores are float32 values, as detectors return floats.

A metric scikit-learn cannot define (ROC AUC with one class, which raises; average precision
without positives, which warns and returns a meaningless 0) is written as null: genimage returns
NaN there. The equal error rate and the oracle accuracy are not scikit-learn functions; they are
computed here from sklearn's roc_curve and accuracy_score by a plain formula / brute force.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, precision_recall_curve,
                             roc_auc_score, roc_curve)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures",
                   "metrics", "sklearn_metrics.json")


def f32(values):
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


def lst(values):
    return [float(v) for v in values]


def eer(fpr, tpr):
    fnr = 1.0 - tpr
    d = fnr - fpr
    i = int(np.argmax(d <= 0))
    if d[i] > 0:
        return None
    if i == 0:
        return float(fpr[0])
    t = d[i - 1] / (d[i - 1] - d[i])
    return float(fpr[i - 1] + t * (fpr[i] - fpr[i - 1]))


def oracle_accuracy(y, s):
    distinct = np.unique(s)
    candidates = [distinct[0] - 1.0] + list(distinct)  # "> t": every split is "> some score"
    return max(accuracy_score(y, (s > t).astype(int)) for t in candidates)


def case(name, y, s, threshold=0.5):
    y = np.asarray(y, dtype=int)
    s = np.asarray(f32(s), dtype=np.float64)
    pred = (s > threshold).astype(int)
    out = {"name": name, "labels": [int(v) for v in y], "scores": lst(s), "threshold": threshold,
           "accuracy": float(accuracy_score(y, pred))}
    out["real_accuracy"] = float(accuracy_score(y[y == 0], pred[y == 0])) if (y == 0).any() else None
    out["fake_accuracy"] = float(accuracy_score(y[y == 1], pred[y == 1])) if (y == 1).any() else None
    both = (y == 0).any() and (y == 1).any()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out["average_precision"] = float(average_precision_score(y, s)) if (y == 1).any() else None
        p, r, t = precision_recall_curve(y, s)
    if (y == 1).any():
        out["pr_precision"], out["pr_recall"], out["pr_thresholds"] = lst(p), lst(r), lst(t)
    if both:
        out["roc_auc"] = float(roc_auc_score(y, s))
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        out["roc_fpr"], out["roc_tpr"] = lst(fpr), lst(tpr)
        out["roc_thresholds"] = lst(thr[1:])  # sklearn's first threshold is max + 1; ours is +inf
        out["eer"] = eer(fpr, tpr)
    else:
        out["roc_auc"] = None
        out["eer"] = None
    out["oracle_accuracy"] = float(oracle_accuracy(y, s))
    return out


def main():
    rng = np.random.default_rng(20240521)
    cases = []
    y = np.repeat([0, 1], 100)
    cases.append(case("continuous_balanced", y, np.clip(rng.normal(0.35 + 0.3 * y, 0.2), 0, 1)))
    y = (rng.random(300) < 0.3).astype(int)
    cases.append(case("heavy_ties_imbalanced", y, np.round(rng.random(300) * 0.6 + 0.3 * y, 1)))
    cases.append(case("all_tied", [0, 1, 0, 1, 1, 0], [0.5] * 6))
    cases.append(case("perfect", [0, 0, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]))
    cases.append(case("inverted", [1, 1, 1, 0, 0, 0], [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]))
    cases.append(case("only_real", [0, 0, 0, 0], [0.1, 0.6, 0.4, 0.9]))
    cases.append(case("only_fake", [1, 1, 1], [0.2, 0.7, 0.7]))
    cases.append(case("two_samples", [1, 0], [0.3, 0.6]))
    cases.append(case("at_threshold", [0, 1, 0, 1, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.7]))
    y = np.repeat([0, 1], [70, 130])
    cases.append(case("threshold_0_3_binary_scores", y, (rng.random(200) < 0.4 + 0.3 * y) * 1.0, 0.3))
    y = rng.integers(0, 2, 1000)
    cases.append(case("float32_close_scores", y, 0.5 + 1e-4 * rng.normal(y * 0.5, 1.0)))
    doc = {"sklearn_version": sklearn.__version__, "cases": cases}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
