/// The session log's schema on PostgreSQL: the same tables as the SQLite
/// store (DESIGN.md section 5), with the append-only rule in a trigger the
/// server enforces. Migrations are append-only like SQLite's: once released,
/// one is never edited; changes come as new entries. Nothing is ever erased.
enum PostgresSchema {
    struct Migration {
        let version: Int
        let name: String
        let sql: [String]
    }

    static let bookkeeping = """
    CREATE TABLE IF NOT EXISTS tandem_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """

    static let migrations: [Migration] = [
        Migration(version: 1, name: "sessions and append-only events", sql: [
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                challenge_id TEXT NOT NULL,
                challenge_sha256 TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('human-ai', 'ai-only')),
                agent TEXT NOT NULL,
                agent_config TEXT NOT NULL DEFAULT '{}',
                seed BIGINT NOT NULL,
                app_version TEXT NOT NULL,
                participant TEXT,
                started_at BIGINT NOT NULL,
                ended_at BIGINT
            )
            """,
            """
            CREATE TABLE events (
                seq BIGINT NOT NULL,
                session_id TEXT NOT NULL REFERENCES sessions(id),
                at BIGINT NOT NULL,
                actor TEXT NOT NULL CHECK (actor IN ('human', 'agent', 'system')),
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (session_id, seq)
            )
            """,
            """
            CREATE FUNCTION tandem_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % refused', TG_OP;
            END
            $$
            """,
            "CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION tandem_events_append_only()",
            "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION tandem_events_append_only()",
        ]),
        // The server checks every arriving row against the chain (EventChain.hash: SHA-256 over the fields, each
        // followed by the unit separator): a row that does not link to the one before it, or whose hash does not
        // match its content, is refused, whoever sends it.
        Migration(version: 2, name: "the server verifies the hash chain on arrival", sql: [
            """
            CREATE FUNCTION tandem_events_verify_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                expected_prev TEXT;
            BEGIN
                IF NEW.seq = 1 THEN
                    expected_prev := repeat('0', 64);
                ELSE
                    SELECT hash INTO expected_prev FROM events WHERE session_id = NEW.session_id AND seq = NEW.seq - 1;
                    IF expected_prev IS NULL THEN
                        RAISE EXCEPTION 'session %: event % arrives before event %', NEW.session_id, NEW.seq, NEW.seq - 1;
                    END IF;
                END IF;
                IF NEW.prev_hash <> expected_prev THEN
                    RAISE EXCEPTION 'session %: event % does not link to the event before it', NEW.session_id, NEW.seq;
                END IF;
                IF NEW.hash <> encode(sha256(convert_to(NEW.prev_hash || chr(31) || NEW.session_id || chr(31) || NEW.seq::text || chr(31)
                        || NEW.at::text || chr(31) || NEW.actor || chr(31) || NEW.kind || chr(31) || NEW.payload || chr(31), 'UTF8')), 'hex') THEN
                    RAISE EXCEPTION 'session %: event % hash does not match its content', NEW.session_id, NEW.seq;
                END IF;
                RETURN NEW;
            END
            $$
            """,
            "CREATE TRIGGER events_verify_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION tandem_events_verify_chain()",
        ]),
        // A session row is its identity: only ended_at may change, from NULL once; a row is never deleted (issue 19).
        Migration(version: 3, name: "session rows are immutable but for ended_at, set once", sql: [
            """
            CREATE FUNCTION tandem_sessions_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'sessions are kept: DELETE refused';
                END IF;
                IF NEW.id IS DISTINCT FROM OLD.id OR NEW.challenge_id IS DISTINCT FROM OLD.challenge_id
                        OR NEW.challenge_sha256 IS DISTINCT FROM OLD.challenge_sha256 OR NEW.mode IS DISTINCT FROM OLD.mode
                        OR NEW.agent IS DISTINCT FROM OLD.agent OR NEW.agent_config IS DISTINCT FROM OLD.agent_config
                        OR NEW.seed IS DISTINCT FROM OLD.seed OR NEW.app_version IS DISTINCT FROM OLD.app_version
                        OR NEW.participant IS DISTINCT FROM OLD.participant OR NEW.started_at IS DISTINCT FROM OLD.started_at
                        OR (OLD.ended_at IS NOT NULL AND NEW.ended_at IS DISTINCT FROM OLD.ended_at) THEN
                    RAISE EXCEPTION 'sessions: only ended_at may change, and only once';
                END IF;
                RETURN NEW;
            END
            $$
            """,
            "CREATE TRIGGER sessions_identity_fixed BEFORE UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION tandem_sessions_identity_fixed()",
            "CREATE TRIGGER sessions_no_truncate BEFORE TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION tandem_events_append_only()",
        ]),
    ]
}
