"""The library side of `tandem bench xgboost`: one training matrix, written by tandem as raw Float32 (row-major,
NaN = missing) with its labels, trained with the parameters of `tandem bench pipeline`'s peer (depth 6, eta 0.1,
100 rounds, hist, 2 threads). Prints one JSON line: dmatrix_s, train_s and the xgboost version.
"""
import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np
import xgboost as xgb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matrix", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--columns", type=int, required=True)
    ap.add_argument("--rounds", type=int, default=100)
    a = ap.parse_args()
    x = np.fromfile(a.matrix, dtype=np.float32).reshape(-1, a.columns)
    y = np.fromfile(a.labels, dtype=np.float32)
    start = time.perf_counter()
    d = xgb.DMatrix(x, label=y, nthread=2)
    dmatrix = time.perf_counter() - start
    params = {"max_depth": 6, "eta": 0.1, "objective": "binary:logistic", "tree_method": "hist", "nthread": 2, "seed": 0}
    start = time.perf_counter()
    xgb.train(params, d, num_boost_round=a.rounds)
    train = time.perf_counter() - start
    print(json.dumps({"seconds": dmatrix + train, "dmatrix_s": dmatrix, "train_s": train, "rows": int(x.shape[0]), "xgboost": xgb.__version__}))


if __name__ == "__main__":
    main()
