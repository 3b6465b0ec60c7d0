/// Why a request got no HTTP answer at all. Each case renders as one line with a hint.
public enum TransportError: Error, Sendable, Hashable {
  case invalidURL(String)
  case dns(host: String)
  case connectionRefused(host: String)
  case connectionReset
  case timeout(seconds: Int)
  /// The fetch's deadline (`FetchDeadline`) passed before an answer came, after `attempts` tries.
  case deadline(seconds: Int, attempts: Int)
  case tls(String)
  case bodyTooLarge(limit: Int)
  case truncated
  case malformedResponse(String)
  case cancelled
  case other(String)

  /// One line saying what happened.
  public var message: String {
    switch self {
    case .invalidURL(let url): "invalid URL \(url)"
    case .dns(let host): "could not resolve \(host) (DNS)"
    case .connectionRefused(let host): "connection refused by \(host)"
    case .connectionReset: "the connection was reset by the gateway"
    case .timeout(let seconds): "no answer within \(seconds) s (timeout)"
    case .deadline(let seconds, let attempts):
      "no answer within the fetch's deadline of \(seconds) s (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
    case .tls(let detail): "TLS handshake failed: \(detail)"
    case .bodyTooLarge(let limit): "the response body is over the size limit (\(limit / (1024 * 1024)) MiB)"
    case .truncated: "the response ended before its body was complete (truncated)"
    case .malformedResponse(let detail): "the gateway's answer is not valid HTTP: \(detail)"
    case .cancelled: "cancelled"
    case .other(let detail): detail
    }
  }

  /// What to do about it.
  public var hint: String {
    switch self {
    case .invalidURL: "check `use … --base-url` and the profile's hosts"
    case .dns: "check the host name and your network or proxy; `env` shows the base URL"
    case .connectionRefused:
      "is the gateway (or the simulator) running on that port? `env` shows where paysh sends requests"
    case .connectionReset, .truncated: "try again; if it persists the gateway or a proxy is cutting connections"
    case .timeout: "the gateway is slow or unreachable; try again, or check the network"
    case .deadline:
      "the gateway is slow or unreachable; \(FetchDeadline.variable)=SECONDS gives a fetch longer (default \(FetchDeadline.defaultSeconds))"
    case .tls: "the host's certificate is not trusted here; check the base URL (http vs https) and any proxy"
    case .bodyTooLarge: "the answer is far larger than an order should be; fetch a narrower resource"
    case .malformedResponse: "something between paysh and the gateway is not speaking HTTP; check the base URL"
    case .cancelled: "interrupted with Ctrl-C; nothing was stored"
    case .other: "try again; run with the simulator (`use … local`) to compare"
    }
  }

  /// True when trying again could help (and nothing reached the gateway's business logic twice).
  public var isRetryable: Bool {
    switch self {
    case .connectionRefused, .connectionReset, .timeout, .truncated: true
    default: false
    }
  }

  /// True when the request certainly never reached the server (safe to retry even a token request).
  public var neverSent: Bool {
    switch self {
    case .connectionRefused, .dns, .invalidURL: true
    default: false
    }
  }
}
