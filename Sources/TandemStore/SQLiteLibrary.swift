import GRDBSQLite

/// The SQLite library the session store runs on, as `tandem --version` reports it.
public enum SQLiteLibrary {
    public static var version: String { String(cString: sqlite3_libversion()) }
}
