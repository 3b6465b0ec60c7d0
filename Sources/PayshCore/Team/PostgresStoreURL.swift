/// A PostgreSQL team store's URL: `postgres://USER@HOST:PORT/DATABASE?sslmode=…&sslrootcert=FILE&connect_timeout=S`
/// (`postgresql://` too), in libpq's URI form with percent-escapes. One host, over TCP.
///
/// - A URL never carries a password (`USER:PASSWORD@` and `password=` are refused): the password comes from
///   `password_env`, `PGPASSWORD` or `~/.pgpass` (`TeamPassword`), so it is never written in shell history,
///   config files or the command log.
/// - The user, host and database must be given; the port defaults to 5432.
/// - `sslmode` is `disable`, `require` or `verify-full`, default `verify-full`: libpq's default `prefer`
///   falls back to plain text without a word, and `require` encrypts but lets anyone on the path pose as the
///   server (and read every order paysh sends it). Only `verify-full` checks that the data goes to the team's
///   server, so it is the default; a server with its own CA needs `sslrootcert=CA-FILE` (else the system's
///   roots are used), and `sslmode=disable` is for a server on loopback. libpq's `allow`, `prefer` and
///   `verify-ca` are refused with the reason.
/// - `sslrootcert` is taken only with `verify-full` (libpq's `require` would silently verify with it).
/// - `connect_timeout` (seconds, 1–600) bounds every call to the store (default 5 s, `TeamDatabase`).
///
/// `masked` (the `description`) is `postgres://USER:•••@HOST:PORT/DATABASE`: the password is always shown
/// as `•••`, whether one is in use or not.
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible {
  public enum SSLMode: String, Sendable, Hashable, CaseIterable {
    case disable
    case require
    case verifyFull = "verify-full"
  }

  public var user: String
  public var host: String
  public var port: Int
  public var database: String
  public var sslMode: SSLMode
  /// The CA certificates (PEM) that `verify-full` trusts; nil: the system's roots.
  public var sslRootCert: String?
  /// `connect_timeout`, when the URL gives one.
  public var connectTimeout: Duration?

  public static let defaultPort = 5432
  public static let defaultSSLMode = SSLMode.verifyFull
  /// The parameters a URL may carry.
  public static let parameters = ["sslmode", "sslrootcert", "connect_timeout"]

  public init(
    user: String, host: String, port: Int = defaultPort, database: String, sslMode: SSLMode = defaultSSLMode,
    sslRootCert: String? = nil, connectTimeout: Duration? = nil
  ) {
    self.user = user
    self.host = host
    self.port = port
    self.database = database
    self.sslMode = sslMode
    self.sslRootCert = sslRootCert
    self.connectTimeout = connectTimeout
  }

  /// `postgres://USER:•••@HOST:PORT/DATABASE`.
  public var masked: String {
    let shownHost = host.contains(":") ? "[\(host)]" : host
    return "postgres://\(Self.escaped(user)):•••@\(shownHost):\(port)/\(Self.escaped(database))"
  }

  public var description: String { masked }

  /// `HOST:PORT` (`[::1]:5432`).
  public var endpoint: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }

  /// The URL again with its options and without a password: what `PAYSH_STORE` may be set to.
  public var text: String {
    var query = ["sslmode=\(sslMode.rawValue)"]
    if let sslRootCert { query.append("sslrootcert=\(Self.escaped(sslRootCert, keeping: "/"))") }
    if let connectTimeout { query.append("connect_timeout=\(connectTimeout.components.seconds)") }
    let shownHost = host.contains(":") ? "[\(host)]" : host
    return "postgres://\(Self.escaped(user))@\(shownHost):\(port)/\(Self.escaped(database))?"
      + query.joined(separator: "&")
  }

  /// Text with ASCII other than letters, digits and `-._~` (and `keeping`) percent-escaped; other scalars
  /// (already checked to be no control characters) as they are.
  static func escaped(_ text: String, keeping: String = "") -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if !scalar.isASCII || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "-._~".unicodeScalars
          .contains(scalar)
        || keeping.unicodeScalars.contains(scalar)
      {
        out.unicodeScalars.append(scalar)
      } else {
        out += "%" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
      }
    }
    return out
  }
}
