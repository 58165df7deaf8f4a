"""Side-data peers for `tandem bench join`: the same two jobs in pandas and polars.

join:      main (1M rows) left-joined to a lookup on a two-column key (store, day).
aggregate: per main row, the count and mean of `value` over the events of its entity strictly before its ts
           (point in time): cumulative sums per entity, then an as-of join backward on ts - 1 (ts are integers).
The files are read before the clock starts. Prints one JSON line: best seconds over --repeat runs and checksums
(matched rows, sum of counts, sum of means) that tandem's own run must equal.
"""
import argparse
import json
import os
import time


def pandas_job(case, d):
    import pandas as pd
    main = pd.read_csv(os.path.join(d, "main.csv"))
    if case == "join":
        lookup = pd.read_csv(os.path.join(d, "lookup.csv"))
        def run():
            r = main.merge(lookup, on=["store", "day"], how="left")
            return {"matched": int(r["price"].notna().sum())}
        return run
    events = pd.read_csv(os.path.join(d, "events.csv"))
    def run():
        ev = events.sort_values(["entity", "ts"], kind="stable")
        g = ev.groupby("entity", sort=False)
        ev = ev.assign(cnt=g.cumcount() + 1, csum=g["value"].cumsum()).sort_values("ts", kind="stable")
        m = main.assign(t=main["ts"] - 1).sort_values("t", kind="stable")
        r = pd.merge_asof(m, ev[["entity", "ts", "cnt", "csum"]], left_on="t", right_on="ts", by="entity", direction="backward")
        count = r["cnt"].fillna(0)
        mean = r["csum"] / r["cnt"]
        return {"count_sum": float(count.sum()), "mean_sum": float(mean.sum())}
    return run


def polars_job(case, d):
    import polars as pl
    main = pl.read_csv(os.path.join(d, "main.csv"))
    if case == "join":
        lookup = pl.read_csv(os.path.join(d, "lookup.csv"))
        def run():
            r = main.join(lookup, on=["store", "day"], how="left")
            return {"matched": int(r["price"].is_not_null().sum())}
        return run
    events = pl.read_csv(os.path.join(d, "events.csv"))
    def run():
        ev = (events.sort(["entity", "ts"], maintain_order=True)
              .with_columns(cnt=pl.int_range(1, pl.len() + 1).over("entity"), csum=pl.col("value").cum_sum().over("entity"))
              .sort("ts", maintain_order=True))
        m = main.with_columns(t=pl.col("ts") - 1).sort("t")
        r = m.join_asof(ev.select(["entity", "ts", "cnt", "csum"]).rename({"ts": "ets"}), left_on="t", right_on="ets",
                        by="entity", strategy="backward")
        count = r["cnt"].fill_null(0)
        mean = r["csum"] / r["cnt"]
        return {"count_sum": float(count.sum()), "mean_sum": float(mean.sum())}
    return run


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True, choices=["pandas", "polars"])
    ap.add_argument("--case", required=True, choices=["join", "aggregate"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("dir")
    args = ap.parse_args()
    run = (pandas_job if args.engine == "pandas" else polars_job)(args.case, args.dir)
    best, out = float("inf"), {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
    out["seconds"] = best
    print(json.dumps(out))


if __name__ == "__main__":
    main()
