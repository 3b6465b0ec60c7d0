import PayshJSON

/// Everything paysh knows about one order, read from stored snapshots: the order, its attempts, refunds and
/// settlement, each with the snapshot it came from (or why it is not there), and the moment it is judged at.
///
/// Built by `CaseBuilder`, judged by `CheckRules`, shown by `CaseRenderer`; never fetches anything itself.
public struct OrderCase: Sendable {
  public var gateway: String
  public var environment: String
  public var orderID: String
  public var order: CasePart<Order>
  /// The order answer's body, for the rules that read the gateway's own words (Paytring, EnKash).
  public var orderBody: JSONValue?
  public var payments: CasePart<Payment>
  public var refunds: CasePart<Refund>
  /// At most one: the settlement of the order's payment (known and empty: not settled yet).
  public var settlement: CasePart<Settlement>
  /// The moment ages are measured to: the gateway's `Date` on the newest answer, else when it was fetched.
  public var asOf: Instant
  /// Where `asOf` was read: `the Date header of @4`, `the fetch time of @4`.
  public var asOfSource: String
  /// Every stored answer about this order, oldest first: what `status_backwards` reads.
  public var history: [HistoryPoint]
  /// The webhooks `listen` received about this order, oldest first.
  public var webhooks: [CaseWebhook]
  /// When this session listened for the gateway's webhooks in this environment.
  public var listening: [ListeningWindow]

  public init(
    gateway: String, environment: String, orderID: String, order: CasePart<Order>, orderBody: JSONValue?,
    payments: CasePart<Payment>, refunds: CasePart<Refund>, settlement: CasePart<Settlement>, asOf: Instant,
    asOfSource: String, history: [HistoryPoint], webhooks: [CaseWebhook] = [], listening: [ListeningWindow] = []
  ) {
    self.gateway = gateway
    self.environment = environment
    self.orderID = orderID
    self.order = order
    self.orderBody = orderBody
    self.payments = payments
    self.refunds = refunds
    self.settlement = settlement
    self.asOf = asOf
    self.asOfSource = asOfSource
    self.history = history
    self.webhooks = webhooks
    self.listening = listening
  }

  /// One stored answer's statuses: the order's, or each attempt's in a payments answer.
  public struct HistoryPoint: Sendable, Hashable {
    public var source: CaseSource
    /// The order's status and the gateway's word, when this answer is the order.
    public var orderStatus: OrderStatus?
    public var orderRaw: String
    /// Where the order's status was read (`.order_status`).
    public var orderPath: String
    public var payments: [HistoryPayment]

    public init(
      source: CaseSource, orderStatus: OrderStatus?, orderRaw: String, orderPath: String, payments: [HistoryPayment]
    ) {
      self.source = source
      self.orderStatus = orderStatus
      self.orderRaw = orderRaw
      self.orderPath = orderPath
      self.payments = payments
    }
  }

  /// An attempt as one answer showed it: its id, status, raw word and the path it was read at.
  public struct HistoryPayment: Sendable, Hashable {
    public var id: String
    public var status: PaymentStatus
    public var raw: String
    public var path: String
  }
}

/// The stored answer a part was read from.
public struct CaseSource: Sendable, Hashable {
  /// How to name it here: `@3`, or `@night-shift:3` for another session's.
  public var ref: String
  public var number: Int
  public var resource: String
  public var fetchedAt: String
  public var status: Int

  public init(ref: String, number: Int, resource: String, fetchedAt: String, status: Int) {
    self.ref = ref
    self.number = number
    self.resource = resource
    self.fetchedAt = fetchedAt
    self.status = status
  }
}

/// What a verdict read: a snapshot and a path in its answer (`@2 .[1].payment_status`).
public struct Evidence: Sendable, Hashable, CustomStringConvertible {
  public var ref: String
  /// A jq-style path into the answer; empty for the answer as a whole.
  public var path: String

  public init(ref: String, path: String) {
    self.ref = ref
    self.path = path
  }

  public var description: String { path.isEmpty ? ref : "\(ref) \(path)" }
}

/// Anything normalized with a record of where each field came from.
public protocol Mapped: Sendable {
  var mapping: [Order.FieldMapping] { get }
}

extension Order: Mapped {}
extension Payment: Mapped {}
extension Refund: Mapped {}
extension Settlement: Mapped {}

/// One normalized item and where it sits: its answer and the path of the item in it (`.[1]`, or empty for
/// an answer that is the item). A class: the rules pass items around, filter and pair them, and each copy
/// of a struct this wide (a payment's fifteen fields and its source) cost a retain a field.
public final class Located<Value: Mapped>: Sendable {
  public let value: Value
  public let source: CaseSource
  public let prefix: String

  public init(_ value: Value, source: CaseSource, prefix: String) {
    self.value = value
    self.source = source
    self.prefix = prefix
  }

  /// The evidence for `field` (a normalized field name): the raw path it was read from.
  public func evidence(_ field: String) -> Evidence {
    Evidence(ref: source.ref, path: Located.path(of: value, field, prefix: prefix))
  }

  /// The raw path `field` of `value` was read from, under `prefix`: what `evidence` names, for a value
  /// not (yet) located.
  static func path(of value: Value, _ field: String, prefix: String) -> String {
    let source = value.mapping.first { $0.field == field }?.source ?? ""
    // `.order_amount/.order_status`-style sources name several paths: the first is the one read.
    let path = source.utf8.firstIndex(of: UInt8(ascii: "/")).map { String(source[..<$0]) } ?? source
    return path.isEmpty ? prefix : prefix + path
  }

  /// The evidence of the item as a whole.
  public var whole: Evidence { Evidence(ref: source.ref, path: prefix) }
}

/// A part of a case: read from an answer (perhaps holding nothing), missing for a reason, or not something
/// this gateway has.
public enum CasePart<Value: Mapped>: Sendable {
  case known(CaseSource, [Located<Value>])
  /// Not fetched, or the fetch failed: the reason, as one line.
  case missing(String)
  /// The gateway offers no such part (Paytring has no refunds API here).
  case notOffered

  public var items: [Located<Value>] {
    if case .known(_, let items) = self { return items }
    return []
  }

  public var values: [Value] { items.map(\.value) }

  public var source: CaseSource? {
    if case .known(let source, _) = self { return source }
    return nil
  }

  public var missingReason: String? {
    if case .missing(let reason) = self { return reason }
    return nil
  }
}

/// A webhook received about the order, as `listen` kept it: where, what it says, and its verdict.
public struct CaseWebhook: Sendable, Hashable {
  public var source: CaseSource
  public var event: WebhookEvent
  /// nil when the snapshot holds no verdict (a file made by hand).
  public var verdict: WebhookVerdict?
}

/// A time this session listened for a gateway's webhooks (a `listen` or `trigger`), from its record.
public struct ListeningWindow: Sendable, Hashable {
  public var source: CaseSource
  public var from: Instant
  public var until: Instant
  /// The event types it took (`--events`); nil for every one.
  public var events: Set<String>?

  /// Whether a successful payment's webhook was among what it listened for.
  public var listensForPayments: Bool {
    guard let events else { return true }
    // Cashfree's PAYMENT_SUCCESS_WEBHOOK, EnKash's PAYMENT_SUCCESS, Paytring's ORDER_* (the simulator's names).
    return events.contains { $0.hasPrefix("PAYMENT_SUCCESS") || $0.hasPrefix("ORDER_") }
  }
}
