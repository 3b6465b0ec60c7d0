/// One fetch, kept as evidence: the request as sent (redacted), the answer as received (redacted),
/// when, how long it took, and the normalized order read from it. Immutable once made.
public struct Snapshot: Sendable, Hashable {
  /// The snapshot's number in its session, from 1 (`@1`).
  public var number: Int
  public var gateway: String
  public var environment: String
  public var apiVersion: String
  /// `order`, `payments`, `payment`, `refunds`, `refund`, `settlements`.
  public var resource: String
  /// The order the fetch was about (the receipt id for a Paytring receipt lookup).
  public var orderID: String
  public var method: String
  /// The URL, secrets removed.
  public var url: String
  public var requestHeaders: [HTTPHeader]
  public var requestBody: String?
  public var status: Int
  public var responseHeaders: [HTTPHeader]
  /// The response body, redacted (byte for byte as received when nothing needed redacting).
  public var body: [UInt8]
  /// When the request was sent, ISO-8601 UTC.
  public var fetchedAt: String
  public var latencyMicroseconds: Int
  /// Tries before the final one, as one line each (`HTTP 429, waited 1000 ms as asked`).
  public var retries: [String]
  /// The normalized order, when the answer held one.
  public var order: Order?
  /// Who fetched it (`$USER`, or `author` in config.toml), as the store keeps it; nil before it is stored,
  /// and for snapshots stored before paysh kept authors.
  public var author: String?

  public init(
    number: Int, gateway: String, environment: String, apiVersion: String, resource: String, orderID: String,
    method: String, url: String, requestHeaders: [HTTPHeader], requestBody: String?, status: Int,
    responseHeaders: [HTTPHeader], body: [UInt8], fetchedAt: String, latencyMicroseconds: Int, retries: [String],
    order: Order?, author: String? = nil
  ) {
    self.number = number
    self.gateway = gateway
    self.environment = environment
    self.apiVersion = apiVersion
    self.resource = resource
    self.orderID = orderID
    self.method = method
    self.url = url
    self.requestHeaders = requestHeaders
    self.requestBody = requestBody
    self.status = status
    self.responseHeaders = responseHeaders
    self.body = body
    self.fetchedAt = fetchedAt
    self.latencyMicroseconds = latencyMicroseconds
    self.retries = retries
    self.order = order
    self.author = author
  }

  /// The body as text.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// The request id the gateway echoed or was sent.
  public var requestID: String? {
    responseHeaders.first("x-request-id") ?? requestHeaders.first("x-request-id")
  }
}
