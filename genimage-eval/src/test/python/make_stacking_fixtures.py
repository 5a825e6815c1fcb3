#!/usr/bin/python3
"""Writes the scikit-learn reference fits that LogisticModel (logistic stacking) is tested against.

Run from the repository root with Debian's python3-sklearn (1.2):

    /usr/bin/python3 genimage-eval/src/test/python/make_stacking_fixtures.py

It rewrites genimage-eval/src/test/resources/fixtures/calibration/sklearn_stacking.json byte for
byte (fixed seeds, sorted keys). Each case holds labels (1 = FAKE), one row of features per sample
(the member detectors' logits, rounded to 6 decimals so the JSON holds them exactly) and scikit-learn's
LogisticRegression(penalty=None) weights and intercept, fitted with newton-cg to a tight tolerance
and checked here against a plain numpy Newton iteration on the same likelihood (newton-cg may warn
that it did not converge: its line search stops improving at this tolerance; the check makes sure
it stopped within 1e-6 of the optimum).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = os.path.join("genimage-eval", "src", "test", "resources", "fixtures", "calibration",
                   "sklearn_stacking.json")


def newton(x, y):
    """Maximum likelihood by Newton's method, to check that sklearn's solver converged."""
    a = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(a.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-a @ theta))
        g = a.T @ (p - y)
        h = a.T @ (a * (p * (1 - p))[:, None])
        step = np.linalg.solve(h, g)
        theta -= step
        if np.max(np.abs(step)) < 1e-14:
            break
    return theta


def case(name, y, x):
    y = np.asarray(y, dtype=int)
    x = np.round(np.asarray(x, dtype=float), 6)
    m = LogisticRegression(penalty=None, solver="newton-cg", tol=1e-10, max_iter=10000).fit(x, y)
    exact = newton(x, y)
    got = np.append(m.coef_[0], m.intercept_[0])
    assert np.max(np.abs(got - exact)) < 1e-6, (name, got, exact)
    return {"name": name, "labels": y.tolist(), "features": x.tolist(),
            "weights": m.coef_[0].tolist(), "bias": float(m.intercept_[0])}


def main():
    rng = np.random.default_rng(2024)
    cases = []
    # Three members of different strength and scale, correlated through a shared nuisance.
    y = rng.integers(0, 2, 300)
    s = 2 * y - 1
    nuisance = rng.normal(0, 1, 300)
    x = np.stack([1.2 * s + rng.normal(0, 1.5, 300) + 0.5 * nuisance,
                  3.0 * (0.6 * s + rng.normal(0, 1.2, 300)) - 1.0,
                  0.3 * s + rng.normal(0, 1, 300) - 0.7 * nuisance], axis=1)
    cases.append(case("three_members", y, x))
    # Two complementary members: one sees half of the fakes, the other the other half.
    y = rng.integers(0, 2, 200)
    half = rng.integers(0, 2, 200)
    x = np.stack([2.0 * y * half + rng.normal(0, 1, 200),
                  2.0 * y * (1 - half) + rng.normal(0, 1, 200)], axis=1)
    cases.append(case("complementary", y, x))
    # One member, imbalanced labels: stacking is Platt scaling without smoothed targets.
    y = (rng.random(120) < 0.25).astype(int)
    cases.append(case("single_imbalanced", y, (rng.normal(0, 1, 120) + 1.5 * y)[:, None]))
    doc = {"sklearn_version": sklearn.__version__, "cases": cases}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
