import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

extension TeamStoreError {
  /// What an error met while talking to `url` means, as one of these cases; an error the caller's own code
  /// threw (not PostgreSQL's, not the network's) comes back unchanged, and so does `CancellationError`.
  /// `passwordSource` names where the password came from, for the refusal of a wrong one.
  static func from(_ error: any Error, url: PostgresStoreURL, passwordSource: String?, timeout: Duration) -> any Error {
    switch error {
    case let error as TeamStoreError: return error
    case let error as CancellationError: return error
    case let error as PostgresTransactionError:
      if let closureError = error.closureError {
        return from(closureError, url: url, passwordSource: passwordSource, timeout: timeout)
      }
      let inner = error.beginError ?? error.commitError ?? error.rollbackError
      return inner.map { from($0, url: url, passwordSource: passwordSource, timeout: timeout) } ?? error
    case let error as PSQLError: return psql(error, url: url, passwordSource: passwordSource, timeout: timeout)
    // The pool of a client retired while a call was on its way (postgres-nio lets it through unwrapped; its
    // type lives in the underscored _ConnectionPoolModule, so it is known by name).
    case _ where String(reflecting: type(of: error)).hasSuffix(".ConnectionPoolError"):
      return TeamStoreError.connectionLost(url)
    default:
      return network(error, url: url, timeout: timeout) ?? error
    }
  }

  static func psql(
    _ error: PSQLError, url: PostgresStoreURL, passwordSource: String?, timeout: Duration
  ) -> TeamStoreError {
    switch error.code {
    case .server:
      return server(
        state: error.serverInfo?[.sqlState] ?? "", message: error.serverInfo?[.message] ?? "", url: url,
        passwordSource: passwordSource)
    case .sslUnsupported: return .tlsUnsupported(url)
    case .authMechanismRequiresPassword: return .passwordNeeded(url)
    case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
      return .connectionLost(url)
    case .connectionError, .failedToAddSSLHandler:
      if let underlying = error.underlying, let mapped = network(underlying, url: url, timeout: timeout) {
        return mapped
      }
      return .unreachable(url, reason: "the connection failed")
    case .queryCancelled: return .timedOut(url, after: timeout)
    case .unsupportedAuthMechanism:
      return .notAllowed(
        url,
        reason: "the server asks for an authentication paysh does not speak (it speaks passwords: scram-sha-256, md5)")
    case .saslError:
      return .notAllowed(url, reason: "the SCRAM exchange failed (the server did not prove it knows the password)")
    default:
      return .server(url, sqlState: "", message: "unexpected answer (\(error.code))")
    }
  }

  /// The SQLSTATEs of a refused connection, and any other error the server sends.
  static func server(
    state: String, message: String, url: PostgresStoreURL, passwordSource: String?
  )
    -> TeamStoreError
  {
    let said = TerminalText.inline(message)
    switch state {
    case "28P01": return .wrongPassword(url, source: passwordSource)
    case "3D000": return .noDatabase(url)
    case "28000":
      if message.contains("does not exist") { return .noRole(url) }
      if message.contains("pg_hba.conf"), message.contains("no encryption") {
        return .notAllowed(url, reason: "its pg_hba.conf takes this role only over TLS: use sslmode=verify-full")
      }
      if message.contains("pg_hba.conf") {
        return .notAllowed(url, reason: "its pg_hba.conf has no line for it (\(said))")
      }
      return .notAllowed(url, reason: said)
    case "42501": return .notAllowed(url, reason: said)
    case "57P03", "53300", "57P01", "57P02":
      return .serverBusy(url, reason: said)
    default:
      if state.hasPrefix("08") { return .connectionLost(url) }
      return .server(url, sqlState: TerminalText.inline(state), message: said)
    }
  }

  /// A network or TLS failure beneath the driver, or nil for an error that is neither.
  static func network(_ error: any Error, url: PostgresStoreURL, timeout: Duration) -> TeamStoreError? {
    switch error {
    case let error as NIOConnectionError:
      if error.dnsAError != nil || error.dnsAAAAError != nil {
        return .unreachable(url, reason: "the host \(TerminalText.inline(url.host)) is not known (DNS)")
      }
      if let first = error.connectionErrors.first { return network(first.error, url: url, timeout: timeout) }
      return .unreachable(url, reason: "no address to connect to")
    case let error as IOError: return .unreachable(url, reason: reason(errno: error.errnoCode, url: url))
    case let error as ChannelError:
      if case .connectTimeout = error { return .timedOut(url, after: timeout) }
      if case .ioOnClosedChannel = error { return .connectionLost(url) }
      if case .eof = error { return .connectionLost(url) }
      return .unreachable(url, reason: TerminalText.inline("\(error)"))
    case let error as NIOSSLError: return tls(error, url: url)
    case is NIOSSLExtraError:
      return .tlsUntrusted(url, reason: "its certificate is not for \(TerminalText.inline(url.host))")
    case is NIOSSLCloseTimedOutError: return .connectionLost(url)
    default: return nil
    }
  }

  static func tls(_ error: NIOSSLError, url: PostgresStoreURL) -> TeamStoreError {
    let text = "\(error)"
    if case .handshakeFailed = error, text.contains("CERTIFICATE_VERIFY_FAILED") {
      if text.contains("certificate has expired") { return .tlsUntrusted(url, reason: "its certificate has expired") }
      return .tlsUntrusted(url, reason: "it is not signed by a CA paysh was given")
    }
    if case .handshakeFailed = error { return .tlsFailed(url, reason: "the handshake failed (\(brief(text)))") }
    if case .uncleanShutdown = error { return .connectionLost(url) }
    return .tlsFailed(url, reason: brief(text))
  }

  /// `connection refused (is the server running? scripts/team-db start)` and the like.
  static func reason(errno code: Int32, url: PostgresStoreURL) -> String {
    switch code {
    case ECONNREFUSED:
      let loopback = ["127.0.0.1", "localhost", "::1"].contains(url.host)
      return "connection refused ("
        + (loopback ? "is the server running? scripts/team-db start)" : "is the server running on \(url.endpoint)?)")
    case ETIMEDOUT: return "the connection timed out"
    case EHOSTUNREACH, ENETUNREACH: return "no route to \(TerminalText.inline(url.host))"
    case ECONNRESET, EPIPE: return "the server closed the connection"
    default: return TerminalText.inline(String(cString: strerror(code)))
    }
  }

  /// A library's error text cut to one short line.
  static func brief(_ text: String) -> String {
    let line = TerminalText.inline(text)
    return line.count > 160 ? String(line.prefix(160)) + "…" : line
  }
}
