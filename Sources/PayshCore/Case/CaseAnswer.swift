import PayshJSON

/// One stored answer as a case reads it: where it came from, its normalized order and parts, and the
/// gateway's `Date`. Made from a whole `Snapshot` (normalizing its body), or read straight from the store's
/// `answer_parts` rows, where the same reading was kept when the snapshot was committed
/// (`SessionStore.caseAnswers`): `check` of a whole session then parses no answer at all.
///
/// A class: a session's answers are grouped, filtered and handed to every core, and each copy of a struct
/// this wide cost a retain per field (a sixth of `check`'s time over 10,000 cases).
public final class CaseAnswer: Sendable {
  public let number: Int
  public let gateway: String
  public let environment: String
  public let resource: String
  public let orderID: String
  public let status: Int
  public let fetchedAt: String
  public let reading: CaseReading
  /// The answer's body, where a case reads the gateway's own words: an error's message, and the order
  /// answer of a gateway whose attempts it carries (Paytring, EnKash). Nil elsewhere when read from rows.
  public let body: JSONValue?
  /// What `listen` judged of a received webhook (nil for every other answer).
  public let verdict: WebhookVerdict?

  public init(
    number: Int, gateway: String, environment: String, resource: String, orderID: String, status: Int,
    fetchedAt: String, reading: CaseReading, body: JSONValue?, verdict: WebhookVerdict? = nil
  ) {
    self.number = number
    self.gateway = gateway
    self.environment = environment
    self.resource = resource
    self.orderID = orderID
    self.status = status
    self.fetchedAt = fetchedAt
    self.reading = reading
    self.body = body
    self.verdict = verdict
  }

  /// The answer of `snapshot`, its body parsed and normalized here.
  public convenience init(_ snapshot: Snapshot) {
    let body = try? JSONParser.parse(snapshot.body)
    self.init(
      number: snapshot.number, gateway: snapshot.gateway, environment: snapshot.environment,
      resource: snapshot.resource, orderID: snapshot.orderID, status: snapshot.status,
      fetchedAt: snapshot.fetchedAt, reading: CaseReading(snapshot, body: body), body: body,
      verdict: snapshot.webhookVerdict)
  }

  /// The normalized order, when this answer is one.
  public var order: Order? { reading.order }
}

/// What a case reads from an answer, worked out once from the snapshot: its normalized order, the parts it
/// holds and the gateway's `Date` header.
public struct CaseReading: Sendable, Hashable {
  public var order: Order?
  public var parts: AnswerParts
  /// The `Date` header of the answer, as sent.
  public var date: String?

  public init(order: Order?, parts: AnswerParts, date: String?) {
    self.order = order
    self.parts = parts
    self.date = date
  }

  /// The reading of `snapshot`, whose body parses as `body` (nil: not JSON).
  public init(_ snapshot: Snapshot, body: JSONValue?) {
    self.init(
      gateway: snapshot.gateway, resource: snapshot.resource, status: snapshot.status,
      date: snapshot.responseHeaders.first("date"), order: snapshot.order, body: body)
  }

  /// The reading of an answer of `gateway` to `resource` with HTTP `status`, normalized as `order`, its
  /// body parsed as `body`.
  init(gateway: String, resource: String, status: Int, date: String?, order: Order?, body: JSONValue?) {
    self.date = date
    self.order = order
    guard let body else {
      parts = .notJSON
      return
    }
    if status < 300, let found = GatewayCatalog.adapter(named: gateway)?.parts(body, resource: resource) {
      if case .array = body { parts = .read(found, listed: true) } else { parts = .read(found, listed: false) }
    } else if resource == "settlements", status < 300, body["cf_settlement_id"] == nil {
      // Cashfree's settlements answer for an order not settled yet holds no settlement id.
      parts = .nothingYet
    } else {
      parts = .unreadable
    }
  }

  /// The resources kept as evidence rather than answers: a received webhook (`listen`) and a listening's
  /// record; a case reads their bodies (and a webhook's verdict) whole.
  static let evidenceResources = [Snapshot.webhookResource, Snapshot.listeningResource]

  /// The gateways whose order answer carries its attempts (no payments API): a case reads their order body.
  static let attemptsInOrder: [String] = Gateways.names.filter { name in
    !(GatewayCatalog.adapter(named: name)?.caseQueries(order: "").contains { $0.resource == "payments" } ?? false)
  }
}

/// The parts one answer holds.
public enum AnswerParts: Sendable, Hashable {
  /// The answer is not JSON.
  case notJSON
  /// JSON with no parts paysh can read in it (an order, an error, a resource not normalized).
  case unreadable
  /// An answer saying there are none yet (a settlements answer with no settlement in it).
  case nothingYet
  /// The parts read; `listed` when the answer is a list, its items then at `.[N]`.
  case read(OrderParts, listed: Bool)
}
