"""Event-log peer for `tandem bench events`: the same job with Python's sqlite3.

Appends the event stream tandem wrote (actor, kind, payload JSON a line, tab-separated) to a fresh SQLite file with the
same schema, pragmas (WAL, synchronous=NORMAL, foreign keys) and SHA-256 hash
chain: all events in one transaction (json.dumps, hash, insert), then
--singles events one transaction each (timed one by one), then replay (read
every row, verify the chain, json.loads every payload; Python has no reducer
to fold them into). Prints one JSON line; best of --repeat runs.
"""
import argparse
import json
import os
import sqlite3
import time

from eventchain import GENESIS, chain_hash

SCHEMA = """
CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, challenge_id TEXT NOT NULL, challenge_sha256 TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('human-ai', 'ai-only')), agent TEXT NOT NULL, agent_config TEXT NOT NULL DEFAULT '{}',
  seed INTEGER NOT NULL, app_version TEXT NOT NULL, participant TEXT, started_at INTEGER NOT NULL, ended_at INTEGER);
CREATE TABLE events (seq INTEGER NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id), at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('human', 'agent', 'system')), kind TEXT NOT NULL, payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
"""


def append(db, session, events):
    db.execute("BEGIN IMMEDIATE")
    row = db.execute("SELECT seq, hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1", (session,)).fetchone()
    seq, prev = row if row else (0, GENESIS)
    rows = []
    for at, actor, kind, payload in events:
        seq += 1
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        h = chain_hash(prev, session, seq, at, actor, kind, text)
        rows.append((seq, session, at, actor, kind, text, prev, h))
        prev = h
    db.executemany("INSERT INTO events (seq, session_id, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")


def replay(db, session):
    prev, count = GENESIS, 0
    for seq, at, actor, kind, payload, prev_hash, h in db.execute(
            "SELECT seq, at, actor, kind, payload, prev_hash, hash FROM events WHERE session_id = ? ORDER BY seq", (session,)):
        if prev_hash != prev or chain_hash(prev, session, seq, at, actor, kind, payload) != h:
            raise SystemExit(f"chain broken at event {seq}")
        json.loads(payload)
        prev, count = h, count + 1
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stream")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--singles", type=int, default=2000)
    a = ap.parse_args()
    events = []
    with open(a.stream, encoding="utf-8") as f:
        for i, line in enumerate(f):
            actor, kind, payload = line.rstrip("\n").split("\t", 2)
            events.append((1_700_000_000_000 + i * 250, actor, kind, json.loads(payload)))
    best_batch = best_replay = float("inf")
    best_lat = None
    for run in range(a.repeat):
        path = os.path.join(a.dir, f"python-{run}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        db.executescript(SCHEMA)
        for s in ("batched", "single"):
            db.execute("INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, seed, app_version, started_at) "
                       "VALUES (?, 'bench', ?, 'human-ai', 'heuristic', 42, 'peer', 1700000000000)", (s, GENESIS))
        t = time.perf_counter()
        append(db, "batched", events)
        best_batch = min(best_batch, time.perf_counter() - t)
        t = time.perf_counter()
        if replay(db, "batched") != len(events):
            raise SystemExit("replay lost events")
        best_replay = min(best_replay, time.perf_counter() - t)
        lat = []
        for e in events[: a.singles]:
            t = time.perf_counter()
            append(db, "single", [e])
            lat.append((time.perf_counter() - t) * 1000)
        lat.sort()
        if best_lat is None or lat[round((len(lat) - 1) * 0.99)] < best_lat[round((len(best_lat) - 1) * 0.99)]:
            best_lat = lat
        db.close()
    p = lambda q: best_lat[round((len(best_lat) - 1) * q)]
    print(json.dumps({"seconds": best_batch, "rows": len(events), "batched_events_per_s": len(events) / best_batch,
                      "durable_append_p50_ms": p(0.5), "durable_append_p99_ms": p(0.99), "durable_appends": len(best_lat),
                      "replay_s": best_replay}))


if __name__ == "__main__":
    main()
