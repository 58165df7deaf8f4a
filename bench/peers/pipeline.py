"""Pipeline peers for `tandem bench pipeline`: the analyst's usual job in Python.

Reads the CSV with pandas, applies the column plan tandem derived from its
profile (given as JSON, so both sides do identical work) once to all rows,
then runs 5-fold stratified CV of gradient boosting (depth 6, eta 0.1,
100 rounds, 2 threads) and reports the mean AUC. Prints one JSON line with
seconds, read_s, prep_s, cv_s and auc (best total over --repeat runs).
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold


def prepare(df, plan):
    y = df[plan["target"]].to_numpy()
    x = df.drop(columns=[plan["target"]] + plan["drop"])
    for column, codes in plan["sentinels"].items():
        x[column] = x[column].replace(codes, np.nan)
    for column in plan["impute_median"]:
        x[column] = x[column].fillna(x[column].median())
    for column in plan["date_parts"]:
        d = pd.to_datetime(x[column])
        x[column + "_year"] = d.dt.year
        x[column + "_month"] = d.dt.month
        x[column + "_dow"] = d.dt.dayofweek
        x = x.drop(columns=[column])
    for column in plan["frequency"]:
        x[column] = x[column].map(x[column].value_counts(normalize=True))
    x = pd.get_dummies(x, columns=plan["one_hot"], dtype=np.float32)
    return x.to_numpy(dtype=np.float32), y


def fit_predict(engine, x_train, y_train, x_valid):
    if engine == "pandas_xgboost":
        import xgboost as xgb
        params = {"max_depth": 6, "eta": 0.1, "objective": "binary:logistic", "tree_method": "hist", "nthread": 2, "seed": 0}
        booster = xgb.train(params, xgb.DMatrix(x_train, label=y_train), num_boost_round=100)
        return booster.predict(xgb.DMatrix(x_valid))
    from sklearn.ensemble import HistGradientBoostingClassifier
    model = HistGradientBoostingClassifier(max_depth=6, learning_rate=0.1, max_iter=100, early_stopping=False, random_state=0)
    model.fit(x_train, y_train)
    return model.predict_proba(x_valid)[:, 1]


def run(engine, path, plan):
    t0 = time.perf_counter()
    df = pd.read_csv(path, engine="pyarrow")
    t1 = time.perf_counter()
    x, y = prepare(df, plan)
    t2 = time.perf_counter()
    aucs = []
    for train, valid in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(x, y):
        aucs.append(roc_auc_score(y[valid], fit_predict(engine, x[train], y[train], x[valid])))
    t3 = time.perf_counter()
    return {"seconds": t3 - t0, "read_s": t1 - t0, "prep_s": t2 - t1, "cv_s": t3 - t2, "auc": float(np.mean(aucs))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True, choices=["pandas_xgboost", "pandas_sklearn_hgb"])
    ap.add_argument("--plan", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("path")
    args = ap.parse_args()
    with open(args.plan) as fh:
        plan = json.load(fh)
    import xgboost  # noqa: F401  imported before timing, like pandas
    best = min((run(args.engine, args.path, plan) for _ in range(args.repeat)), key=lambda r: r["seconds"])
    print(json.dumps(best))


if __name__ == "__main__":
    main()
