/// Builds an `OrderCase` from stored snapshots: the newest answer to each part the gateway offers, and
/// every answer about the order for its history. Reads nothing but what it is given.
public enum CaseBuilder {
  /// How a snapshot is named in evidence: `@3`.
  static func ref(_ snapshot: Snapshot) -> String { "@\(snapshot.number)" }

  /// The case of `orderID` on `gateway` from `snapshots` (oldest first; those about other orders or gateways
  /// are ignored); `elsewhere` is what other sessions' answers said of the order's status, for its history.
  public static func build(
    gateway: String, orderID: String, from snapshots: [Snapshot], elsewhere: [SessionStore.StoredStatus] = []
  ) -> OrderCase {
    let answers = Answers(snapshots.filter { $0.gateway == gateway && $0.orderID == orderID })
    let adapter = GatewayCatalog.adapter(named: gateway)
    let offered = Set((adapter?.caseQueries(order: orderID) ?? [.order(orderID)]).map(\.resource))
    func missing(_ resource: String) -> String {
      // Quoted as a shell word: an id with a space or `;` (a crafted answer or file) stays one argument.
      "no \(resource) answer stored for this order (`case \(ShellWord.argument(orderID))` fetches every part)"
    }

    // The order, and the attempt it carries on gateways with no payments API (Paytring, EnKash).
    var order = CasePart<Order>.missing(missing("order"))
    var orderBody: JSONValue?
    var payments = CasePart<Payment>.notOffered
    if let index = answers.latest["order"] {
      let snapshot = answers.all[index]
      if snapshot.status < 300, let normalized = snapshot.order {
        let source = answers.source(index)
        order = .known(source, [Located(normalized, source: source, prefix: "")])
        if !offered.contains("payments") {
          orderBody = answers.body(index)
          let found: [Payment] = if case .payments(let found)? = answers.parts(index) { found } else { [] }
          payments = .known(source, found.map { Located($0, source: source, prefix: "") })
        }
      } else {
        order = .missing(answers.failure(index))
      }
    }
    func listed<Value>(_ resource: String, _ pick: (OrderParts) -> [Value]?) -> CasePart<Value> {
      guard offered.contains(resource) else { return .notOffered }
      guard let index = answers.latest[resource] else { return .missing(missing(resource)) }
      let snapshot = answers.all[index]
      let source = answers.source(index)
      // No settlement yet: Cashfree answers 404 (an assumption: its docs list 404 for the route, not why).
      if resource == "settlements", snapshot.status == 404 { return .known(source, []) }
      guard snapshot.status < 300 else { return .missing(answers.failure(index)) }
      guard let answer = answers.body(index) else { return .missing("\(source.ref) is not JSON") }
      guard let parts = answers.parts(index), let items = pick(parts) else {
        if resource == "settlements", answer["cf_settlement_id"] == nil { return .known(source, []) }
        return .missing("\(source.ref) holds no \(resource) paysh can read")
      }
      let prefix = answers.itemPrefix(index)
      return .known(source, items.enumerated().map { Located($1, source: source, prefix: prefix($0)) })
    }
    if offered.contains("payments") {
      payments = listed("payments") { if case .payments(let found) = $0 { found } else { nil } }
    }
    let refunds: CasePart<Refund> = listed("refunds") { if case .refunds(let found) = $0 { found } else { nil } }
    let settlement: CasePart<Settlement> = listed("settlements") {
      if case .settlement(let found) = $0 { [found] } else { nil }
    }

    // When: the gateway's Date on the newest answer used, else when it was fetched.
    var asOf = Instant(seconds: 0)
    var asOfSource = "no answer"
    if let index = answers.latest.values.max() {
      let newest = answers.all[index]
      if let date = newest.responseHeaders.first("date").flatMap({ Instant(httpDate: $0) }) {
        (asOf, asOfSource) = (date, "the Date header of \(ref(newest))")
      } else if let fetched = Instant(iso8601: newest.fetchedAt) {
        (asOf, asOfSource) = (fetched, "the fetch time of \(ref(newest))")
      }
    }

    let attemptsIn: Set<String> = offered.contains("payments") ? ["payments"] : ["order"]
    let history = answers.history(attemptsIn: attemptsIn)
    let orderStatusPath = order.items.first?.evidence("status").path ?? ""
    let others = elsewhere.filter { $0.gateway == gateway && $0.orderID == orderID }.map { status in
      OrderCase.HistoryPoint(
        source: CaseSource(
          ref: status.ref, number: status.number, resource: "order", fetchedAt: status.fetchedAt, status: 200),
        orderStatus: status.status, orderRaw: status.rawStatus, orderPath: orderStatusPath, payments: [])
    }
    return OrderCase(
      gateway: gateway, environment: answers.all.last?.environment ?? "", orderID: orderID, order: order,
      orderBody: orderBody, payments: payments, refunds: refunds, settlement: settlement, asOf: asOf,
      asOfSource: asOfSource, history: others.isEmpty ? history : merged(others, history))
  }

  /// Other sessions' answers and this one's, in the order they were fetched (this session's keep theirs).
  static func merged(
    _ others: [OrderCase.HistoryPoint], _ history: [OrderCase.HistoryPoint]
  )
    -> [OrderCase.HistoryPoint]
  {
    (others + history).enumerated().sorted { a, b in
      a.element.source.fetchedAt != b.element.source.fetchedAt
        ? a.element.source.fetchedAt < b.element.source.fetchedAt : a.offset < b.offset
    }.map(\.element)
  }
}

/// One order's stored answers, each parsed and normalized at most once whether read for its part or for the
/// history.
private struct Answers {
  let all: [Snapshot]
  /// The newest answer to each resource: the last of it in `all`.
  let latest: [String: Int]
  private let bodies: Cache<JSONValue?>
  private let normalized: Cache<OrderParts?>

  init(_ all: [Snapshot]) {
    self.all = all
    var latest: [String: Int] = [:]
    for (index, snapshot) in all.enumerated() { latest[snapshot.resource] = index }
    self.latest = latest
    bodies = Cache(count: all.count)
    normalized = Cache(count: all.count)
  }

  func body(_ index: Int) -> JSONValue? {
    bodies.value(index) { try? JSONParser.parse(all[index].body) }
  }

  func parts(_ index: Int) -> OrderParts? {
    normalized.value(index) { body(index).flatMap { all[index].parts(in: $0) } }
  }

  func source(_ index: Int) -> CaseSource {
    let snapshot = all[index]
    return CaseSource(
      ref: CaseBuilder.ref(snapshot), number: snapshot.number, resource: snapshot.resource,
      fetchedAt: snapshot.fetchedAt,
      status: snapshot.status)
  }

  /// Where item N of this answer sits: `.[N]` in a list, nothing when the answer is the item.
  func itemPrefix(_ index: Int) -> (Int) -> String {
    if case .array? = body(index) { return { ".[\($0)]" } }
    return { _ in "" }
  }

  /// `@3 answered HTTP 429: too many requests`.
  func failure(_ index: Int) -> String {
    let said = body(index).flatMap { $0["message"]?.stringValue ?? $0["error"]?["message"]?.stringValue }
    return "\(source(index).ref) answered HTTP \(all[index].status)" + (said.map { ": \($0)" } ?? "")
  }

  /// Every answer's statuses, oldest first: the order's, and each attempt's in the answers of `attemptsIn`.
  func history(attemptsIn resources: Set<String>) -> [OrderCase.HistoryPoint] {
    all.indices.compactMap { index -> OrderCase.HistoryPoint? in
      let snapshot = all[index]
      guard snapshot.status < 300 else { return nil }
      let source = source(index)
      var point = OrderCase.HistoryPoint(
        source: source, orderStatus: snapshot.order?.status, orderRaw: snapshot.order?.rawStatus ?? "",
        orderPath: snapshot.order.map { Located($0, source: source, prefix: "").evidence("status").path } ?? "",
        payments: [])
      if resources.contains(snapshot.resource), case .payments(let found)? = parts(index) {
        let prefix = itemPrefix(index)
        point.payments = found.enumerated().compactMap { offset, payment in
          guard let id = payment.gatewayPaymentID else { return nil }
          let path = Located(payment, source: source, prefix: prefix(offset)).evidence("status").path
          return OrderCase.HistoryPayment(id: id, status: payment.status, raw: payment.rawStatus, path: path)
        }
      }
      return point.orderStatus == nil && point.payments.isEmpty ? nil : point
    }
  }
}

/// Values computed once each, by index (a class so the `Answers` that holds it stays a let).
private final class Cache<Value> {
  private var values: [Value?]

  init(count: Int) { values = Array(repeating: nil, count: count) }

  func value(_ index: Int, _ make: () -> Value) -> Value {
    if let known = values[index] { return known }
    let made = make()
    values[index] = made
    return made
  }
}
