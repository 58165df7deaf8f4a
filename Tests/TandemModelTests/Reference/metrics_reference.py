"""Reference metric values for TandemModelTests, computed with scikit-learn.

Run from the repository root with the benchmark venv (`make venv`):
    .venv/bin/python Tests/TandemModelTests/Reference/metrics_reference.py
It rewrites metrics_reference.json beside this file; the Swift tests read it.
normalized_gini has no scikit-learn function: it is the Kaggle formula in numpy.
"""
import json
import os

import numpy as np
from sklearn import metrics


def gini(actual, pred):
    n = len(actual)
    order = np.lexsort((np.arange(n), -pred))
    a = actual[order]
    return (a.cumsum().sum() / a.sum() - (n + 1) / 2.0) / n


def normalized_gini(actual, pred):
    return gini(actual, pred) / gini(actual, actual)


rng = np.random.default_rng(20261123)
cases = []

y = rng.normal(10, 3, 200)
f = y + rng.normal(0, 2, 200)
cases.append({"task": "regression", "truth": y.tolist(), "predictions": f.tolist(), "classes": 0, "expected": {
    "rmse": float(np.sqrt(metrics.mean_squared_error(y, f))),
    "mae": float(metrics.mean_absolute_error(y, f)),
    "r2": float(metrics.r2_score(y, f)),
    "normalized_gini": float(normalized_gini(y, f)),
}})

yb = (rng.random(300) < 0.3).astype(int)
pb = np.clip(0.3 + 0.35 * (yb - 0.3) + rng.normal(0, 0.2, 300), 0.001, 0.999)
pb[:20] = np.round(pb[:20], 1)  # some ties
cases.append({"task": "binary", "truth": yb.tolist(), "predictions": pb.tolist(), "classes": 2, "expected": {
    "accuracy": float(metrics.accuracy_score(yb, pb >= 0.5)),
    "macro_f1": float(metrics.f1_score(yb, pb >= 0.5, average="macro")),
    "auc": float(metrics.roc_auc_score(yb, pb)),
    "logloss": float(metrics.log_loss(yb, pb)),
    "normalized_gini": float(normalized_gini(yb.astype(float), pb)),
}})

k = 3
ym = rng.integers(0, k, 250)
raw = rng.random((250, k)) + np.eye(k)[ym] * 0.8
pm = raw / raw.sum(axis=1, keepdims=True)
cases.append({"task": "multiclass", "truth": ym.tolist(), "predictions": pm.reshape(-1).tolist(), "classes": k, "expected": {
    "accuracy": float(metrics.accuracy_score(ym, pm.argmax(axis=1))),
    "macro_f1": float(metrics.f1_score(ym, pm.argmax(axis=1), average="macro")),
    "auc": float(metrics.roc_auc_score(ym, pm, multi_class="ovr", average="macro")),
    "logloss": float(metrics.log_loss(ym, pm)),
}})

# Model references: Ridge(alpha) and LogisticRegression(C) fitted on the same X.
from sklearn.linear_model import LogisticRegression, Ridge

X = rng.normal(0, 1, (150, 3))
X[:, 2] = X[:, 2] * 5 + 2
yr = 1.5 * X[:, 0] - 2.0 * X[:, 1] + 0.3 * X[:, 2] + rng.normal(0, 0.5, 150)
ridge = Ridge(alpha=3.0).fit(X, yr)
yl = (X[:, 0] - 0.5 * X[:, 1] + rng.normal(0, 0.8, 150) > 0).astype(int)
logit = LogisticRegression(C=0.5, tol=1e-12, max_iter=10000).fit(X, yl)
models = {
    "X": X.reshape(-1).tolist(), "columns": 3,
    "ridge": {"alpha": 3.0, "y": yr.tolist(), "coef": ridge.coef_.tolist(), "intercept": float(ridge.intercept_),
              "predictions": ridge.predict(X).tolist()},
    "logistic": {"C": 0.5, "y": yl.tolist(), "coef": logit.coef_[0].tolist(), "intercept": float(logit.intercept_[0]),
                 "probabilities": logit.predict_proba(X)[:, 1].tolist()},
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_reference.json")
with open(out, "w") as fh:
    json.dump({"generator": "metrics_reference.py", "cases": cases, "models": models}, fh, indent=1)
print(out)
