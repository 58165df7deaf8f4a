"""Event-log peer for `tandem bench events --db postgresql://...`: the same job with psycopg.

Appends the event stream tandem wrote (actor, kind, payload JSON a line,
tab-separated) to the same PostgreSQL tables tandem uses (created by tandem
before either side runs; the server's trigger verifies every row's hash on
arrival for both): all events in one transaction (per-session advisory lock,
read the chain's tail, json.dumps, hash, executemany), then --singles events
one transaction each (timed one by one), then replay (read every row, verify
the chain, json.loads every payload). Prints one JSON line; best of --repeat runs.
"""
import argparse
import json
import time
import uuid

import psycopg

from eventchain import GENESIS, chain_hash
def append(db, session, events):
    with db.transaction():
        with db.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (session,))
            cur.execute("SELECT seq, hash FROM events WHERE session_id = %s ORDER BY seq DESC LIMIT 1", (session,))
            row = cur.fetchone()
            seq, prev = row if row else (0, GENESIS)
            rows = []
            for at, actor, kind, payload in events:
                seq += 1
                text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                h = chain_hash(prev, session, seq, at, actor, kind, text)
                rows.append((seq, session, at, actor, kind, text, prev, h))
                prev = h
            cur.executemany("INSERT INTO events (seq, session_id, at, actor, kind, payload, prev_hash, hash) "
                            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def replay(db, session):
    prev, count = GENESIS, 0
    with db.cursor() as cur:
        cur.execute("SELECT seq, at, actor, kind, payload, prev_hash, hash FROM events WHERE session_id = %s ORDER BY seq", (session,))
        for seq, at, actor, kind, payload, prev_hash, h in cur:
            if prev_hash != prev or chain_hash(prev, session, seq, at, actor, kind, payload) != h:
                raise SystemExit(f"chain broken at event {seq}")
            json.loads(payload)
            prev, count = h, count + 1
    db.commit()
    return count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stream")
    ap.add_argument("--db", required=True)
    ap.add_argument("--dir")
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
    tag = uuid.uuid4().hex[:8]
    with psycopg.connect(a.db) as db:
        for run in range(a.repeat):
            batched, single = f"py-batched-{tag}-{run}", f"py-single-{tag}-{run}"
            with db.transaction():
                for s in (batched, single):
                    db.execute("INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, seed, app_version, participant, started_at) "
                               "VALUES (%s, 'bench', %s, 'human-ai', 'heuristic', 42, 'peer', current_user, 1700000000000)", (s, GENESIS))
            t = time.perf_counter()
            append(db, batched, events)
            best_batch = min(best_batch, time.perf_counter() - t)
            t = time.perf_counter()
            if replay(db, batched) != len(events):
                raise SystemExit("replay lost events")
            best_replay = min(best_replay, time.perf_counter() - t)
            lat = []
            for e in events[: a.singles]:
                t = time.perf_counter()
                append(db, single, [e])
                lat.append((time.perf_counter() - t) * 1000)
            lat.sort()
            if best_lat is None or lat[round((len(lat) - 1) * 0.99)] < best_lat[round((len(best_lat) - 1) * 0.99)]:
                best_lat = lat
    p = lambda q: best_lat[round((len(best_lat) - 1) * q)]
    print(json.dumps({"seconds": best_batch, "rows": len(events), "batched_events_per_s": len(events) / best_batch,
                      "durable_append_p50_ms": p(0.5), "durable_append_p99_ms": p(0.99), "durable_appends": len(best_lat),
                      "replay_s": best_replay}))


if __name__ == "__main__":
    main()
