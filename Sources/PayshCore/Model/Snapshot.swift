/// One fetch, kept as evidence: the request as sent (redacted), the answer as received (redacted),
/// when, how long it took, and the normalized order read from it. Immutable once made.
///
/// Its fields are kept in one shared, unchanging box: a snapshot is handed from the pipeline to the store,
/// the log and the renderer, and a copy is one reference instead of one per string and array it holds.
/// Changing a field (the store numbers a snapshot and names its author) makes a new box.
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

  /// Never changed once made (`let`: reading it needs no exclusivity check).
  private final class Box: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  /// Makes a new box with one field changed.
  private mutating func change(_ edit: (inout Fields) -> Void) {
    var fields = box.fields
    edit(&fields)
    box = Box(fields)
  }

  /// The snapshot's number in its session, from 1 (`@1`).
  public var number: Int {
    get { box.fields.number }
    set { change { $0.number = newValue } }
  }
  public var gateway: String {
    get { box.fields.gateway }
    set { change { $0.gateway = newValue } }
  }
  public var environment: String {
    get { box.fields.environment }
    set { change { $0.environment = newValue } }
  }
  public var apiVersion: String {
    get { box.fields.apiVersion }
    set { change { $0.apiVersion = newValue } }
  }
  /// `order`, `payments`, `payment`, `refunds`, `refund`, `settlements`.
  public var resource: String {
    get { box.fields.resource }
    set { change { $0.resource = newValue } }
  }
  /// The order the fetch was about (the receipt id for a Paytring receipt lookup).
  public var orderID: String {
    get { box.fields.orderID }
    set { change { $0.orderID = newValue } }
  }
  public var method: String {
    get { box.fields.method }
    set { change { $0.method = newValue } }
  }
  /// The URL, secrets removed.
  public var url: String {
    get { box.fields.url }
    set { change { $0.url = newValue } }
  }
  public var requestHeaders: [HTTPHeader] {
    get { box.fields.requestHeaders }
    set { change { $0.requestHeaders = newValue } }
  }
  public var requestBody: String? {
    get { box.fields.requestBody }
    set { change { $0.requestBody = newValue } }
  }
  public var status: Int {
    get { box.fields.status }
    set { change { $0.status = newValue } }
  }
  public var responseHeaders: [HTTPHeader] {
    get { box.fields.responseHeaders }
    set { change { $0.responseHeaders = newValue } }
  }
  /// The response body, redacted (byte for byte as received when nothing needed redacting).
  public var body: [UInt8] {
    get { box.fields.body }
    set { change { $0.body = newValue } }
  }
  /// When the request was sent, ISO-8601 UTC.
  public var fetchedAt: String {
    get { box.fields.fetchedAt }
    set { change { $0.fetchedAt = newValue } }
  }
  public var latencyMicroseconds: Int {
    get { box.fields.latencyMicroseconds }
    set { change { $0.latencyMicroseconds = newValue } }
  }
  /// Tries before the final one, as one line each (`HTTP 429, waited 1000 ms as asked`).
  public var retries: [String] {
    get { box.fields.retries }
    set { change { $0.retries = newValue } }
  }
  /// The normalized order, when the answer held one.
  public var order: Order? {
    get { box.fields.order }
    set { change { $0.order = newValue } }
  }
  /// Who fetched it (`$USER`, or `author` in config.toml), as the store keeps it; nil before it is stored,
  /// and for snapshots stored before paysh kept authors.
  public var author: String? {
    get { box.fields.author }
    set { change { $0.author = newValue } }
  }

  public init(
    number: Int, gateway: String, environment: String, apiVersion: String, resource: String, orderID: String,
    method: String, url: String, requestHeaders: [HTTPHeader], requestBody: String?, status: Int,
    responseHeaders: [HTTPHeader], body: [UInt8], fetchedAt: String, latencyMicroseconds: Int, retries: [String],
    order: Order?, author: String? = nil
  ) {
    box = Box(
      Fields(
        number: number, gateway: gateway, environment: environment, apiVersion: apiVersion, resource: resource,
        orderID: orderID, method: method, url: url, requestHeaders: requestHeaders, requestBody: requestBody,
        status: status, responseHeaders: responseHeaders, body: body, fetchedAt: fetchedAt,
        latencyMicroseconds: latencyMicroseconds, retries: retries, order: order, author: author))
  }

  public static func == (left: Snapshot, right: Snapshot) -> Bool {
    left.box === right.box || left.box.fields == right.box.fields
  }

  public func hash(into hasher: inout Hasher) { box.fields.hash(into: &hasher) }

  /// The body as text.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }

  /// The request id the gateway echoed or was sent.
  public var requestID: String? {
    responseHeaders.first("x-request-id") ?? requestHeaders.first("x-request-id")
  }
}
