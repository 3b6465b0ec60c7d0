/// One fetch, kept as evidence: the request as sent (redacted), the answer as received (redacted),
/// when, how long it took, and the normalized order read from it. Immutable once made.
///
/// Its fields are `Shared`: a snapshot is handed from the pipeline to the store, the log and the renderer,
/// and a copy is one reference. Changing a field (the store numbers a snapshot and names its author) makes
/// a new box.
public struct Snapshot: Sendable, Hashable {
  /// The fields themselves.
  private struct Fields: Sendable, Hashable {
    var number: Int
    var gateway: String
    var environment: String
    var apiVersion: String
    var resource: String
    var orderID: String
    var method: String
    var url: String
    var requestHeaders: [HTTPHeader]
    var requestBody: String?
    var status: Int
    var responseHeaders: [HTTPHeader]
    var body: [UInt8]
    var fetchedAt: String
    var latencyMicroseconds: Int
    var retries: [String]
    var order: Order?
    var author: String?
  }

  private var fields: Shared<Fields>

  /// The snapshot's number in its session, from 1 (`@1`).
  public var number: Int {
    get { fields.value.number }
    set { fields.value.number = newValue }
  }
  public var gateway: String {
    get { fields.value.gateway }
    set { fields.value.gateway = newValue }
  }
  public var environment: String {
    get { fields.value.environment }
    set { fields.value.environment = newValue }
  }
  public var apiVersion: String {
    get { fields.value.apiVersion }
    set { fields.value.apiVersion = newValue }
  }
  /// `order`, `payments`, `payment`, `refunds`, `refund`, `settlements`.
  public var resource: String {
    get { fields.value.resource }
    set { fields.value.resource = newValue }
  }
  /// The order the fetch was about (the receipt id for a Paytring receipt lookup).
  public var orderID: String {
    get { fields.value.orderID }
    set { fields.value.orderID = newValue }
  }
  public var method: String {
    get { fields.value.method }
    set { fields.value.method = newValue }
  }
  /// The URL, secrets removed.
  public var url: String {
    get { fields.value.url }
    set { fields.value.url = newValue }
  }
  public var requestHeaders: [HTTPHeader] {
    get { fields.value.requestHeaders }
    set { fields.value.requestHeaders = newValue }
  }
  public var requestBody: String? {
    get { fields.value.requestBody }
    set { fields.value.requestBody = newValue }
  }
  public var status: Int {
    get { fields.value.status }
    set { fields.value.status = newValue }
  }
  public var responseHeaders: [HTTPHeader] {
    get { fields.value.responseHeaders }
    set { fields.value.responseHeaders = newValue }
  }
  /// The response body, redacted (byte for byte as received when nothing needed redacting).
  public var body: [UInt8] {
    get { fields.value.body }
    set { fields.value.body = newValue }
  }
  /// When the request was sent, ISO-8601 UTC.
  public var fetchedAt: String {
    get { fields.value.fetchedAt }
    set { fields.value.fetchedAt = newValue }
  }
  public var latencyMicroseconds: Int {
    get { fields.value.latencyMicroseconds }
    set { fields.value.latencyMicroseconds = newValue }
  }
  /// Tries before the final one, as one line each (`HTTP 429, waited 1000 ms as asked`).
  public var retries: [String] {
    get { fields.value.retries }
    set { fields.value.retries = newValue }
  }
  /// The normalized order, when the answer held one.
  public var order: Order? {
    get { fields.value.order }
    set { fields.value.order = newValue }
  }
  /// Who fetched it (`$USER`, or `author` in config.toml), as the store keeps it; nil before it is stored,
  /// and for snapshots stored before paysh kept authors.
  public var author: String? {
    get { fields.value.author }
    set { fields.value.author = newValue }
  }

  public init(
    number: Int, gateway: String, environment: String, apiVersion: String, resource: String, orderID: String,
    method: String, url: String, requestHeaders: [HTTPHeader], requestBody: String?, status: Int,
    responseHeaders: [HTTPHeader], body: [UInt8], fetchedAt: String, latencyMicroseconds: Int, retries: [String],
    order: Order?, author: String? = nil
  ) {
    fields = Shared(
      Fields(
        number: number, gateway: gateway, environment: environment, apiVersion: apiVersion, resource: resource,
        orderID: orderID, method: method, url: url, requestHeaders: requestHeaders, requestBody: requestBody,
        status: status, responseHeaders: responseHeaders, body: body, fetchedAt: fetchedAt,
        latencyMicroseconds: latencyMicroseconds, retries: retries, order: order, author: author))
  }

  /// The body as text.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// The request id the gateway echoed or was sent.
  public var requestID: String? {
    responseHeaders.first("x-request-id") ?? requestHeaders.first("x-request-id")
  }
}
