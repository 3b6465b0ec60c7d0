/// Why the team store (PostgreSQL) was refused or could not be used: always one line, saying what and where,
/// the store shown as `postgres://USER:•••@HOST:PORT/DATABASE` (`PostgresStoreURL.masked`). No case holds a
/// password, and text from the server is escaped (`TerminalText.inline`) before it is placed in the line.
public enum TeamStoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A store URL with a mistake, given in `origin` (`--store`, `PAYSH_STORE`, `config.toml line 3`).
  case badURL(origin: String, problem: String)
  /// A store URL carrying a password (`USER:PASSWORD@`, `password=`).
  case passwordInURL(origin: String)
  /// No connection: refused, no route, an unknown host.
  case unreachable(PostgresStoreURL, reason: String)
  /// No answer within paysh's timeout.
  case timedOut(PostgresStoreURL, after: Duration)
  /// SQLSTATE 28P01; `source` says where the password came from (`PGPASSWORD`, `~/.pgpass line 2`).
  case wrongPassword(PostgresStoreURL, source: String?)
  /// The server asks a password and none was found.
  case passwordNeeded(PostgresStoreURL)
  /// SQLSTATE 3D000.
  case noDatabase(PostgresStoreURL)
  /// SQLSTATE 28000, the role does not exist.
  case noRole(PostgresStoreURL)
  /// SQLSTATE 28000 otherwise (pg_hba.conf), or 42501 (no CONNECT privilege).
  case notAllowed(PostgresStoreURL, reason: String)
  /// The server does not offer TLS, which the sslmode requires.
  case tlsUnsupported(PostgresStoreURL)
  /// The server's certificate was not trusted (unknown CA, wrong name, expired).
  case tlsUntrusted(PostgresStoreURL, reason: String)
  /// Any other TLS failure.
  case tlsFailed(PostgresStoreURL, reason: String)
  /// The CA file `sslrootcert` names cannot be used.
  case caFile(PostgresStoreURL, path: String, reason: String)
  /// A server older than `TeamServerVersion.oldestSupported`.
  case serverTooOld(PostgresStoreURL, version: String)
  /// The server cannot take the connection now (starting up, shutting down, too many connections).
  case serverBusy(PostgresStoreURL, reason: String)
  /// The connection went away during a call.
  case connectionLost(PostgresStoreURL)
  /// Any other error the server sent.
  case server(PostgresStoreURL, sqlState: String, message: String)
  /// A call after `TeamDatabase.close()`.
  case closed(PostgresStoreURL)
  /// A synchronous call made on the team store's own event loop, where waiting would never end.
  case wrongThread(PostgresStoreURL)

  public var description: String {
    switch self {
    case .badURL(let origin, let problem): "the store URL in \(TerminalText.inline(origin)) \(problem)"
    case .passwordInURL(let origin):
      "the store URL in \(TerminalText.inline(origin)) holds a password, which paysh never takes from a URL (it"
        + " would stay in shell history and config files): remove it, and put the password in PGPASSWORD,"
        + " ~/.pgpass or the variable password_env names"
    case .unreachable(let url, let reason): "cannot reach the team store \(url.masked): \(reason)"
    case .timedOut(let url, let after):
      "cannot reach the team store \(url.masked): no answer within \(Self.seconds(after))"
        + " (is \(url.endpoint) right? connect_timeout=SECONDS in the URL waits longer)"
    case .wrongPassword(let url, let source):
      "the team store \(url.masked) refused the password of \(Self.shown(url.user))"
        + (source.map { " (from \($0))" } ?? "") + ": check PGPASSWORD, ~/.pgpass or the variable password_env names"
    case .passwordNeeded(let url):
      "the team store \(url.masked) asks a password for \(Self.shown(url.user)) and none was found: set PGPASSWORD,"
        + " add a line to ~/.pgpass, or name its variable with password_env"
    case .noDatabase(let url):
      "the team store \(url.masked) has no database \(Self.shown(url.database)): check the URL, or ask the"
        + " server's admin to create it"
    case .noRole(let url):
      "the team store \(url.masked) has no role \(Self.shown(url.user)): check the URL's user"
    case .notAllowed(let url, let reason):
      "the team store \(url.masked) does not let \(Self.shown(url.user)) in: \(reason)"
    case .tlsUnsupported(let url):
      "the team store \(url.masked) does not offer TLS, which sslmode=\(url.sslMode.rawValue) requires: turn"
        + " ssl on in the server, or use sslmode=disable on a network you trust (loopback)"
    case .tlsUntrusted(let url, let reason):
      "the team store \(url.masked) sent a certificate paysh does not trust (\(reason)): name the CA that signed"
        + " it with sslrootcert=FILE, or use sslmode=require to encrypt without checking"
    case .tlsFailed(let url, let reason): "TLS with the team store \(url.masked) failed: \(reason)"
    case .caFile(let url, let path, let reason):
      "cannot use the CA file \(TerminalText.inline(path)) (sslrootcert) of the team store \(url.masked): \(reason)"
    case .serverTooOld(let url, let version):
      "the team store \(url.masked) runs PostgreSQL \(version); paysh needs"
        + " \(TeamServerVersion.oldestSupportedName) or newer"
    case .serverBusy(let url, let reason): "the team store \(url.masked) cannot take a connection now: \(reason)"
    case .connectionLost(let url):
      "lost the connection to the team store \(url.masked) (the server closed it): the next command connects again"
    case .server(let url, let sqlState, let message):
      "the team store \(url.masked) answered: \(message)" + (sqlState.isEmpty ? "" : " (SQLSTATE \(sqlState))")
    case .closed(let url): "the team store \(url.masked) is closed"
    case .wrongThread(let url):
      "internal error: the team store \(url.masked) was called synchronously from its own event loop"
    }
  }

  /// The SQLSTATE this error stands for, when the server sent one.
  public var sqlState: String? {
    switch self {
    case .wrongPassword: "28P01"
    case .noDatabase: "3D000"
    case .noRole: "28000"
    case .server(_, let state, _): state
    default: nil
    }
  }

  /// True when the store could not be reached or the connection broke: the call may succeed once the
  /// server is back (the next call connects again).
  public var isUnreachable: Bool {
    switch self {
    case .unreachable, .timedOut, .connectionLost, .serverBusy: true
    default: false
    }
  }

  /// `5 s`, `1.5 s`.
  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let tenths = attoseconds / 100_000_000_000_000_000
    return tenths == 0 ? "\(seconds) s" : "\(seconds).\(tenths) s"
  }

  static func shown(_ name: String) -> String { TerminalText.inline(name) }
}
