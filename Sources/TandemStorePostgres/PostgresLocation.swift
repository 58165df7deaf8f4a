import Foundation
import NIOSSL
import PostgresNIO
import TandemSession

/// A `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...]` address, as
/// libpq reads it. The password may also come from PGPASSWORD; it is never
/// shown: `display` is the address without it.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public static func isPostgres(_ address: String) -> Bool {
        address.hasPrefix("postgresql://") || address.hasPrefix("postgres://")
    }

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String, sslMode: SSLMode = .prefer) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    public init(_ address: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard Self.isPostgres(address), let url = URLComponents(string: address) else {
            throw StoreError("\(address): not a postgresql://USER@HOST:PORT/DB address")
        }
        let shown = Self.withoutPassword(address)
        guard let host = url.host, !host.isEmpty else { throw StoreError("\(shown): the address names no host") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw StoreError("\(shown): the address names no database (…/DB at its end)") }
        var mode = SSLMode.prefer
        for item in url.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let m = SSLMode(rawValue: item.value ?? "") else {
                    throw StoreError("\(shown): sslmode \"\(item.value ?? "")\" is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                mode = m
            case "application_name", "connect_timeout": break
            default: throw StoreError("\(shown): unknown parameter \"\(item.name)\" (tandem reads sslmode)")
            }
        }
        self.init(user: url.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres",
                  password: url.password ?? environment["PGPASSWORD"], host: host, port: url.port ?? 5432,
                  database: database.removingPercentEncoding ?? database, sslMode: mode)
    }

    /// The address as it may be printed and logged.
    public var display: String {
        "postgresql://\(user)@\(host):\(port)/\(database)" + (sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)")
    }

    static func withoutPassword(_ address: String) -> String {
        guard var url = URLComponents(string: address) else { return "postgresql://…" }
        if url.password != nil { url.password = "***" }
        return url.string ?? "postgresql://…"
    }

    /// The connection settings; TLS as libpq's sslmode means it (require encrypts without checking the certificate).
    func configuration() throws(StoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case .disable: tls = .disable
            case .allow, .prefer, .require:
                var c = TLSConfiguration.makeClientConfiguration()
                c.certificateVerification = .none
                let context = try NIOSSLContext(configuration: c)
                tls = sslMode == .require ? .require(context) : .prefer(context)
            case .verifyCA, .verifyFull:
                var c = TLSConfiguration.makeClientConfiguration()
                c.certificateVerification = sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
                tls = .require(try NIOSSLContext(configuration: c))
            }
        } catch {
            throw StoreError("\(display): TLS cannot be set up: \(error)")
        }
        var config = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        config.options.connectTimeout = .seconds(10)
        return config
    }
}
