import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// Turns the many errors of AsyncHTTPClient and SwiftNIO into paysh's few `TransportError`s.
enum TransportErrorMapper {
  static func map(_ error: any Error, url: String, timeoutSeconds: Int, bodyLimit: Int) -> TransportError {
    if let mine = error as? TransportError { return mine }
    if error is CancellationError { return .cancelled }
    if error is ResponseAccumulator.ResponseTooBigError { return .bodyTooLarge(limit: bodyLimit) }
    let host = hostOf(url)
    if let client = error as? HTTPClientError {
      if [.invalidURL, .emptyHost, .emptyScheme, .missingSocketPath].contains(client) { return .invalidURL(url) }
      if [.connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout].contains(client) {
        return .timeout(seconds: timeoutSeconds)
      }
      if client == .cancelled { return .cancelled }
      if [.remoteConnectionClosed, .bodyLengthMismatch].contains(client) { return .truncated }
      let text = String(describing: client)
      if text.contains("unsupportedScheme") { return .invalidURL(url) }
      return .other(text)
    }
    if let io = error as? IOError {
      switch io.errnoCode {
      case ECONNREFUSED: return .connectionRefused(host: host)
      case ECONNRESET, EPIPE: return .connectionReset
      case ETIMEDOUT: return .timeout(seconds: timeoutSeconds)
      default: return .other("\(io)")
      }
    }
    if let connection = error as? NIOConnectionError {
      if connection.dnsAError != nil || connection.dnsAAAAError != nil,
        connection.connectionErrors.isEmpty
      {
        return .dns(host: host)
      }
      for attempt in connection.connectionErrors {
        if let io = attempt.error as? IOError, io.errnoCode == ECONNREFUSED { return .connectionRefused(host: host) }
      }
      return .other("could not connect to \(host)")
    }
    if error is ChannelError {
      if case ChannelError.connectTimeout = error { return .timeout(seconds: timeoutSeconds) }
      if case ChannelError.ioOnClosedChannel = error { return .connectionReset }
      if case ChannelError.eof = error { return .truncated }
      return .other("\(error)")
    }
    if let ssl = error as? NIOSSLError { return .tls("\(ssl)") }
    if let ssl = error as? BoringSSLError { return .tls("\(ssl)") }
    if let parser = error as? HTTPParserError {
      // The connection closed in the middle of a message: a cut-off body, not a foreign protocol.
      if case .invalidEOFState = parser { return .truncated }
      return .malformedResponse("\(parser)")
    }
    let text = String(describing: error)
    if text.contains("connectionRefused") || text.contains("Connection refused") {
      return .connectionRefused(host: host)
    }
    if text.lowercased().contains("dns") || text.contains("NXDOMAIN") { return .dns(host: host) }
    return .other(text)
  }

  /// `host:port` of a URL, for messages.
  static func hostOf(_ url: String) -> String {
    var rest = Substring(url)
    if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
      rest = rest[rest.index(colon, offsetBy: 3)...]
    }
    return String(rest.prefix { $0 != "/" && $0 != "?" })
  }
}
