import GRDB

/// Migrations are append-only: once released, a migration is never edited;
/// changes come as new migrations. Never erase on schema change: this store
/// holds study data.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: sessions and append-only events") { db in
            try db.execute(sql: """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY NOT NULL,
                challenge_id TEXT NOT NULL,
                challenge_sha256 TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('human-ai', 'ai-only')),
                agent TEXT NOT NULL,
                agent_config TEXT NOT NULL DEFAULT '{}',
                seed INTEGER NOT NULL,
                app_version TEXT NOT NULL,
                participant TEXT,
                started_at INTEGER NOT NULL,
                ended_at INTEGER
            );
            CREATE TABLE events (
                seq INTEGER NOT NULL,
                session_id TEXT NOT NULL REFERENCES sessions(id),
                at INTEGER NOT NULL,
                actor TEXT NOT NULL CHECK (actor IN ('human', 'agent', 'system')),
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (session_id, seq)
            ) WITHOUT ROWID;
            CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
            CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
            """)
        }
        // A session row is its identity: only ended_at may change, from NULL once; a row is never deleted (issue 19).
        m.registerMigration("v2: session rows are immutable but for ended_at, set once") { db in
            try db.execute(sql: """
            CREATE TRIGGER sessions_identity_fixed BEFORE UPDATE ON sessions
                WHEN NEW.id IS NOT OLD.id OR NEW.challenge_id IS NOT OLD.challenge_id OR NEW.challenge_sha256 IS NOT OLD.challenge_sha256
                    OR NEW.mode IS NOT OLD.mode OR NEW.agent IS NOT OLD.agent OR NEW.agent_config IS NOT OLD.agent_config
                    OR NEW.seed IS NOT OLD.seed OR NEW.app_version IS NOT OLD.app_version OR NEW.participant IS NOT OLD.participant
                    OR NEW.started_at IS NOT OLD.started_at OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS NOT OLD.ended_at)
                BEGIN SELECT RAISE(ABORT, 'sessions: only ended_at may change, and only once'); END;
            CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
                BEGIN SELECT RAISE(ABORT, 'sessions are kept: DELETE refused'); END;
            """)
        }
        return m
    }
}
