"""Ingest peer for `tandem bench ingest`: read a CSV into a typed frame.

Prints one JSON line: best seconds over --repeat runs, rows and columns read.
Peak memory is measured by the parent (wait4), as for tandem.
"""
import argparse
import json
import time


def reader(engine):
    """The read function, with its library imported outside the timed region."""
    if engine == "pandas_pyarrow":
        import pandas as pd
        return lambda path: pd.read_csv(path, engine="pyarrow")
    if engine == "pandas_c":
        import pandas as pd
        return lambda path: pd.read_csv(path, engine="c", low_memory=False)
    if engine == "polars":
        import polars as pl
        return lambda path: pl.read_csv(path, infer_schema_length=10000, try_parse_dates=True)
    raise SystemExit(f"unknown engine {engine}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("path")
    args = ap.parse_args()
    read = reader(args.engine)
    best = float("inf")
    shape = (0, 0)
    for _ in range(args.repeat):
        start = time.perf_counter()
        frame = read(args.path)
        best = min(best, time.perf_counter() - start)
        shape = frame.shape
        del frame
    print(json.dumps({"seconds": best, "rows": shape[0], "columns": shape[1]}))


if __name__ == "__main__":
    main()
