#!/usr/bin/python3
"""Writes the scikit-learn reference values the evaluation metrics are tested against.

Run from the repository root with Debian's python3-sklearn (1.2) and python3-scipy:

    /usr/bin/python3 genimage-eval/src/test/python/make_metric_fixtures.py

It rewrites genimage-eval/src/test/resources/fixtures/metrics/sklearn_metrics.json byte for byte
(fixed seeds, sorted keys). Conventions, the same as genimage's: label 1 = FAKE, scores are
P(FAKE), an image is predicted FAKE when its score is strictly above the threshold (CNNDetection's
``y_pred > 0.5``). Scores are float32 values, as detectors return floats.

A metric scikit-learn cannot define (ROC AUC with one class, which raises; average precision
without positives, which warns and returns a meaningless 0) is written as null: genimage returns
NaN there. The equal error rate and the oracle accuracy are not scikit-learn functions; they are
computed here from sklearn's roc_curve and accuracy_score by a plain formula / brute force.

Operating points are read off roc_curve(drop_intermediate=False) as steps, never interpolated: the
TPR at FPR a is the largest TPR of a point whose FPR is at most a, the FPR at TPR b the smallest FPR
of a point whose TPR is at least b (each is reached by a real threshold). The expected calibration
error is sum over calibration_curve's non-empty uniform bins of (bin count / n) * |prob_true -
prob_pred|; the counts come from the same binning as calibration_curve's (checked against its
prob_pred). The "calibration" cases hold sklearn's Platt fit (_sigmoid_calibration, checked here
against a Newton solution of the same objective) and a temperature found by scipy's bounded
minimize_scalar on the mean negative log-likelihood of sigmoid(logit / T).

The "format_baseline" cases hold roc_auc_score of the format-only baseline (score 1 for a lossless
file, 0 for a lossy one, 0.5 when the extension does not tell), derived here from the file names;
null where genimage shows no baseline (not both lossless and lossy files).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from scipy.optimize import minimize_scalar
from scipy.special import expit
from sklearn.calibration import _sigmoid_calibration, calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss,
                             precision_recall_curve, roc_auc_score, roc_curve)

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


def tpr_at_fpr(fpr, tpr, target):
    return float(tpr[fpr <= target].max())


def fpr_at_tpr(fpr, tpr, target):
    return float(fpr[tpr >= target].min())


def calibration(y, s, n_bins):
    prob_true, prob_pred = calibration_curve(y, s, n_bins=n_bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], s)  # calibration_curve's binning (sklearn 1.2)
    total = np.bincount(ids, minlength=n_bins)
    nonzero = np.nonzero(total)[0]
    sums = np.bincount(ids, weights=s, minlength=n_bins)
    assert np.allclose(sums[nonzero] / total[nonzero], prob_pred, rtol=0, atol=1e-15)
    counts = total[nonzero]
    ece = float(np.sum(counts / len(s) * np.abs(prob_true - prob_pred)))
    return {"bins": n_bins, "bin_index": [int(v) for v in nonzero], "count": [int(v) for v in counts],
            "fraction_fake": lst(prob_true), "mean_score": lst(prob_pred), "ece": ece}


def case(name, y, s, threshold=0.5, exact=False):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s if exact else f32(s), dtype=np.float64)
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
        out["tpr_at_fpr_0.01"] = tpr_at_fpr(fpr, tpr, 0.01)
        out["tpr_at_fpr_0.05"] = tpr_at_fpr(fpr, tpr, 0.05)
        out["fpr_at_tpr_0.95"] = fpr_at_tpr(fpr, tpr, 0.95)
    else:
        out["roc_auc"] = None
        out["eer"] = None
        out["tpr_at_fpr_0.01"] = out["tpr_at_fpr_0.05"] = out["fpr_at_tpr_0.95"] = None
    out["brier"] = float(brier_score_loss(y, s))
    out["calibration_15"] = calibration(y, s, 15)
    out["calibration_10"] = calibration(y, s, 10)
    out["oracle_accuracy"] = float(oracle_accuracy(y, s))
    return out


def platt_newton(y, f, a, b):
    """Newton's method on _sigmoid_calibration's objective, to check sklearn's BFGS converged."""
    n1 = float(np.sum(y > 0))
    n0 = len(y) - n1
    t = np.where(y > 0, (n1 + 1.0) / (n1 + 2.0), 1.0 / (n0 + 2.0))
    ab = np.array([a, b])
    for _ in range(100):
        p = expit(-(ab[0] * f + ab[1]))
        g = np.array([np.dot(t - p, f), np.sum(t - p)])
        w = p * (1 - p)
        h = np.array([[np.dot(w, f * f), np.dot(w, f)], [np.dot(w, f), np.sum(w)]])
        ab = ab - np.linalg.solve(h, g)
    return ab


def temperature(y, z):
    def nll(t):
        p = expit(z / t)
        return -np.mean(np.where(y == 1, np.log(p), np.log1p(-p)))
    r = minimize_scalar(nll, bounds=(0.01, 100.0), method="bounded", options={"xatol": 1e-12})
    assert r.success and 0.011 < r.x < 99
    return float(r.x)


def calibration_case(name, y, z, platt_on_probabilities=True):
    y = np.asarray(y, dtype=int)
    z = np.asarray(z, dtype=np.float64)
    out = {"name": name, "labels": [int(v) for v in y], "logits": lst(z)}
    p = expit(z)
    # On the 12-sample set sklearn's BFGS stops about 4e-6 from the optimum for probabilities.
    inputs = (("logits", z), ("probabilities", p)) if platt_on_probabilities else (("logits", z),)
    for key, f in inputs:
        a, b = _sigmoid_calibration(f, y)
        exact = platt_newton(y, f, a, b)
        assert np.all(np.abs(exact - [a, b]) < 1e-6), (name, key, a, b, exact)
        out["platt_" + key] = {"a": float(a), "b": float(b)}
    out["temperature"] = temperature(y, z)
    return out


def calibration_cases(rng):
    out = []
    y = rng.integers(0, 2, 500)
    out.append(calibration_case("overconfident", y, rng.normal(np.where(y == 1, 3.0, -3.0), 4.0)))
    y = rng.integers(0, 2, 400)
    out.append(calibration_case("underconfident", y, rng.normal(np.where(y == 1, 0.4, -0.4), 0.5)))
    y = (rng.random(300) < 0.2).astype(int)
    out.append(calibration_case("imbalanced_shifted", y, rng.normal(np.where(y == 1, 2.5, 0.5), 1.5)))
    out.append(calibration_case("small", [0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0],
                                [-1.5, 0.3, 0.2, 2.1, -0.4, -2.2, 0.9, 1.4, 0.1, -0.6, 3.0, 1.1],
                                platt_on_probabilities=False))
    return out


LOSSLESS = {"png", "bmp"}
LOSSY = {"jpg", "jpeg", "jpe", "jfif"}


def format_score(file_name):
    """The format-only baseline's score: 1 lossless, 0 lossy, 0.5 when the extension does not tell."""
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return 1.0 if ext in LOSSLESS else 0.0 if ext in LOSSY else 0.5


def format_case(name, y, files):
    """roc_auc_score of the format-only score, or null where genimage shows no baseline (one format)."""
    y = np.asarray(y, dtype=int)
    s = np.array([format_score(f) for f in files])
    both_formats = len(set(s.tolist())) >= 2
    both_classes = (y == 0).any() and (y == 1).any()
    auc = float(roc_auc_score(y, s)) if both_formats and both_classes else None
    return {"name": name, "labels": [int(v) for v in y], "files": list(files), "roc_auc": auc}


def format_cases(rng):
    out = []
    y = np.repeat([0, 1], [40, 60])
    files = ["n01440764_%d.JPEG" % i if i % 2 else "ILSVRC2012_val_%08d.jpg" % i for i in range(40)]
    files += ["%03d_sdv4_%05d.png" % (i, i) if i % 3 else "%d_adm_%d.PNG" % (i, i) for i in range(60)]
    out.append(format_case("genimage_like", y, files))
    y = rng.integers(0, 2, 300)
    u = rng.random(300)
    exts = np.where(u < 0.05, "webp", np.where(u < np.where(y == 1, 0.75, 0.25), "png", "jpg"))
    out.append(format_case("mixed_with_unknown", y, ["img_%d.%s" % (i, e) for i, e in enumerate(exts)]))
    out.append(format_case("inverted", [0, 0, 0, 1, 1, 1, 1], ["a.png", "b.bmp", "c.PNG", "d.jpg",
                                                              "e.jpeg", "f.JPG", "g.jfif"]))
    out.append(format_case("one_format", [0, 1, 0, 1], ["a.png", "b.png", "c.PNG", "d.png"]))
    out.append(format_case("lossless_and_unknown", [0, 1, 0, 1], ["a.png", "b.webp", "c", "d.tif"]))
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
    y = np.array([0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1])
    cases.append(case("on_bin_edges", y, np.linspace(0.0, 1.0, 16), exact=True))
    doc = {"sklearn_version": sklearn.__version__, "cases": cases,
           "calibration": calibration_cases(rng),
           "format_baseline": format_cases(np.random.default_rng(20240523))}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
