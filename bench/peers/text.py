"""Text peer for `tandem bench text`: scikit-learn's TfidfVectorizer fit_transform on every note, with the same
max_features as tandem's text_tfidf (smooth idf, L2 norm, default token pattern). The file is read before the clock
starts. Prints one JSON line: best seconds over --repeat runs, the number of columns and the sum of every weight,
which tandem's own run must equal.
"""
import argparse
import json
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-features", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("file")
    args = ap.parse_args()
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    notes = pd.read_csv(args.file, keep_default_na=False)["note"].astype(str).tolist()
    best, out = float("inf"), {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        m = TfidfVectorizer(max_features=args.max_features).fit_transform(notes)
        best = min(best, time.perf_counter() - start)
        out = {"columns": int(m.shape[1]), "weight_sum": float(m.sum())}
    out["seconds"] = best
    print(json.dumps(out))


if __name__ == "__main__":
    main()
