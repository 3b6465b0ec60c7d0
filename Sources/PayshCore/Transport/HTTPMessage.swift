/// A header as sent or received: name and value, order kept.
public struct HTTPHeader: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

extension [HTTPHeader] {
  /// The first value of header `name`, compared case-insensitively.
  public func first(_ name: String) -> String? {
    let lowered = name.lowercased()
    return first { $0.name.lowercased() == lowered }?.value
  }

  /// The first of `names` sent twice with different values (compared case-insensitively by name), if any.
  public func conflicting(_ names: [String]) -> String? {
    names.first { name in
      let lowered = name.lowercased()
      return Set(filter { $0.name.lowercased() == lowered }.map(\.value)).count > 1
    }
  }
}

/// What a gateway adapter asks the transport to send.
public struct OutgoingRequest: Sendable, Hashable {
  /// What the request is for: decides whether it may be retried and how it is described.
  public enum Purpose: Sendable, Hashable {
    /// Reading an order or its parts: safe to retry.
    case read
    /// Getting a token: never retried on an answer (three failed EnKash logins lock the account),
    /// only when the connection could not be made at all.
    case token
  }

  public var method: String
  public var url: String
  public var headers: [HTTPHeader]
  public var body: [UInt8]?
  public var purpose: Purpose

  public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil, purpose: Purpose = .read) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.purpose = purpose
  }
}

/// A response as received: status, headers and the whole body.
public struct IncomingResponse: Sendable, Hashable {
  public var status: Int
  public var headers: [HTTPHeader]
  public var body: [UInt8]

  public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }
}

/// One request and its final response, with the timing and the attempts it took.
public struct Exchange: Sendable, Hashable {
  /// One try that did not give the final answer: why it was retried and how long paysh waited.
  public struct Attempt: Sendable, Hashable {
    /// The HTTP status, or nil when the connection failed.
    public var status: Int?
    public var problem: String
    /// Milliseconds waited before the next try.
    public var waitedMilliseconds: Int
    /// True when the wait was the one the gateway asked for (Retry-After / x-ratelimit-retry).
    public var askedByGateway: Bool
  }

  /// A wait before another try that was not taken because it would pass the fetch's deadline.
  public struct DeclinedWait: Sendable, Hashable {
    /// What the gateway asked for (Retry-After / x-ratelimit-retry), in milliseconds.
    public var milliseconds: Int
    public var deadlineSeconds: Int
  }

  public var request: OutgoingRequest
  public var response: IncomingResponse
  /// Set when the final answer asked for a wait that paysh did not take (it would pass the deadline).
  public var declinedWait: DeclinedWait?
  /// When the (final) request was sent: ISO-8601 UTC.
  public var startedAt: String
  /// Wall time of the final attempt, in microseconds.
  public var latencyMicroseconds: Int
  /// The tries before the final one.
  public var retries: [Attempt]

  /// Latency in milliseconds with one decimal, for display.
  public var latencyText: String { Exchange.latencyText(latencyMicroseconds) }

  /// Microseconds as `3.1 ms`.
  public static func latencyText(_ microseconds: Int) -> String {
    let tenths = (microseconds + 50) / 100
    return "\(tenths / 10).\(tenths % 10) ms"
  }
}
