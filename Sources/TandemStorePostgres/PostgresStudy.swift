import PostgresNIO
import TandemSession

/// A study on one PostgreSQL database: participants write and read only
/// their own sessions, coordinators read all. The server enforces it, not
/// tandem: group roles hold only SELECT and INSERT on events (UPDATE and
/// DELETE are refused twice over, by privilege and by trigger), and
/// row-level security filters sessions and events by the login role.
public enum PostgresStudy {
    public static let participantRole = "tandem_participant"
    public static let coordinatorRole = "tandem_coordinator"

    /// Statements that set the study up; each is idempotent, so `study init` can run again after an upgrade.
    static func setup(database: String) -> [String] {
        let both = "\(participantRole), \(coordinatorRole)"
        let ownSession = "EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_id AND s.participant = current_user)"
        return [
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(participantRole)') THEN CREATE ROLE \(participantRole) NOLOGIN; END IF;
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(coordinatorRole)') THEN CREATE ROLE \(coordinatorRole) NOLOGIN; END IF;
            END $$
            """,
            "GRANT CONNECT ON DATABASE \"\(database)\" TO \(both)",
            "GRANT USAGE ON SCHEMA public TO \(both)",
            "REVOKE ALL ON sessions, events, tandem_migrations FROM PUBLIC",
            "GRANT SELECT ON tandem_migrations TO \(both)",
            "GRANT SELECT, INSERT ON sessions, events TO \(both)",
            "GRANT UPDATE (ended_at) ON sessions TO \(both)",
            "ALTER TABLE sessions ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS participant_sessions ON sessions",
            "CREATE POLICY participant_sessions ON sessions TO \(participantRole) USING (participant = current_user) WITH CHECK (participant = current_user)",
            "DROP POLICY IF EXISTS coordinator_sessions ON sessions",
            "CREATE POLICY coordinator_sessions ON sessions TO \(coordinatorRole) USING (true) WITH CHECK (true)",
            "DROP POLICY IF EXISTS participant_events ON events",
            "CREATE POLICY participant_events ON events TO \(participantRole) USING (\(ownSession)) WITH CHECK (\(ownSession))",
            "DROP POLICY IF EXISTS coordinator_events ON events",
            "CREATE POLICY coordinator_events ON events TO \(coordinatorRole) USING (true) WITH CHECK (true)",
        ]
    }

    /// Creates the schema (the store's migrations), the two group roles, their grants and the row-level policies.
    public static func initialise(_ store: PostgresEventStore) throws(StoreError) {
        try store.migrate()
        let database = store.address.database
        try store.transaction("set up the study roles") { c in
            for sql in setup(database: database) { _ = try store.run(c, PostgresQuery(unsafeSQL: sql)) }
        }
    }

    public enum Role: String, Sendable { case participant, coordinator }

    /// A login role for one analyst (or coordinator) with a new random password; returns its connection address.
    public static func add(_ name: String, as role: Role, to store: PostgresEventStore) throws(StoreError) -> String {
        let valid = name.first.map { $0.isASCII && $0.isLowercase } == true && name.count <= 63
            && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        guard valid else { throw StoreError("participant name \"\(name)\": use lower-case letters, digits and _, starting with a letter (at most 63)") }
        let group = role == .participant ? participantRole : coordinatorRole
        let password = randomPassword()
        try store.transaction("add \(role.rawValue) \(name)") { c in
            let exists = try !store.run(c, "SELECT 1 FROM pg_roles WHERE rolname = \(name)").isEmpty
            if exists { throw StoreError("\(store.address.display): a role named \(name) exists already") }
            // Roles belong to the whole server; whether this database is a study shows in its events table's policies.
            let secured = try store.run(c, "SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('events')").first?.decode(Bool.self) == true
            guard secured, try !store.run(c, "SELECT 1 FROM pg_roles WHERE rolname = \(group)").isEmpty else {
                throw StoreError("\(store.address.display): the study is not set up; run `tandem study init` first")
            }
            // Role names and passwords cannot be bound parameters; both are checked or generated above.
            _ = try store.run(c, PostgresQuery(unsafeSQL: "CREATE ROLE \(name) LOGIN PASSWORD '\(password)' IN ROLE \(group)"))
        }
        var a = store.address
        a.user = name
        return "postgresql://\(name):\(password)@\(a.host):\(a.port)/\(a.database)" + (a.sslMode == .prefer ? "" : "?sslmode=\(a.sslMode.rawValue)")
    }

    static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
