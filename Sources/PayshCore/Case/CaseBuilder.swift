/// Builds an `OrderCase` from stored snapshots: the newest answer to each part the gateway offers, and
/// every answer about the order for its history. Reads nothing but what it is given.
public struct CaseBuilder {
  /// How a snapshot is named in evidence (`@3`, `@night-shift:3`).
  public var ref: (Snapshot) -> String

  public init(ref: @escaping (Snapshot) -> String = { "@\($0.number)" }) {
    self.ref = ref
  }

  /// The case of `orderID` on `gateway` from `snapshots` (any order, any resource: the ones about other
  /// orders or gateways are ignored). `bodies` may hold answers already parsed, by snapshot number;
  /// `elsewhere` is what other sessions' answers said of the order's status, for its history.
  public func build(
    gateway: String, orderID: String, from snapshots: [Snapshot], bodies: [Int: JSONValue] = [:],
    elsewhere: [SessionStore.StoredStatus] = []
  ) -> OrderCase {
    let mine = snapshots.filter { $0.gateway == gateway && $0.orderID == orderID }
    var latest: [String: Snapshot] = [:]
    for snapshot in mine where latest[snapshot.resource].map({ $0.number < snapshot.number }) ?? true {
      latest[snapshot.resource] = snapshot
    }
    var parsed = bodies
    func body(_ snapshot: Snapshot) -> JSONValue? {
      if let known = parsed[snapshot.number] { return known }
      let value = try? JSONParser.parse(snapshot.body)
      parsed[snapshot.number] = value
      return value
    }
    let adapter = GatewayCatalog.adapter(named: gateway)
    let offered = Set((adapter?.caseQueries(order: orderID) ?? [.order(orderID)]).map(\.resource))
    func source(_ snapshot: Snapshot) -> CaseSource {
      CaseSource(
        ref: ref(snapshot), number: snapshot.number, resource: snapshot.resource, fetchedAt: snapshot.fetchedAt,
        status: snapshot.status)
    }
    func missing(_ resource: String) -> String {
      // Quoted as a shell word: an id with a space or `;` (a crafted answer or file) stays one argument.
      "no \(resource) answer stored for this order (`case \(ShellWord.argument(orderID))` fetches every part)"
    }
    func failed(_ snapshot: Snapshot) -> String {
      let said = body(snapshot).flatMap { $0["message"]?.stringValue ?? $0["error"]?["message"]?.stringValue }
      return "\(ref(snapshot)) answered HTTP \(snapshot.status)" + (said.map { ": \($0)" } ?? "")
    }

    // The order.
    var order = CasePart<Order>.missing(missing("order"))
    var orderBody: JSONValue?
    var payments = CasePart<Payment>.notOffered
    if let snapshot = latest["order"] {
      if snapshot.status < 300, let normalized = snapshot.order {
        order = .known(source(snapshot), [Located(normalized, source: source(snapshot), prefix: "")])
        orderBody = body(snapshot)
        // Paytring and EnKash carry the attempt in the order answer.
        if let orderBody, case .payments(let found)? = snapshot.parts(in: orderBody) {
          payments = .known(source(snapshot), found.map { Located($0, source: source(snapshot), prefix: "") })
        }
      } else {
        order = .missing(failed(snapshot))
      }
    }
    func listed<Value>(_ resource: String, _ pick: (OrderParts) -> [Value]?) -> CasePart<Value> {
      guard offered.contains(resource) else { return .notOffered }
      guard let snapshot = latest[resource] else { return .missing(missing(resource)) }
      // No settlement yet: Cashfree answers 404 (an assumption: its docs list 404 for the route, not why).
      if resource == "settlements", snapshot.status == 404 { return .known(source(snapshot), []) }
      guard snapshot.status < 300 else { return .missing(failed(snapshot)) }
      guard let answer = body(snapshot) else { return .missing("\(ref(snapshot)) is not JSON") }
      let isList: Bool = if case .array = answer { true } else { false }
      guard let parts = snapshot.parts(in: answer), let items = pick(parts) else {
        if resource == "settlements", answer["cf_settlement_id"] == nil { return .known(source(snapshot), []) }
        return .missing("\(ref(snapshot)) holds no \(resource) paysh can read")
      }
      return .known(
        source(snapshot),
        items.enumerated().map { index, item in
          Located(item, source: source(snapshot), prefix: isList ? ".[\(index)]" : "")
        })
    }
    if offered.contains("payments") {
      payments = listed("payments") { if case .payments(let found) = $0 { found } else { nil } }
    } else if case .notOffered = payments, case .known = order {
      payments = .known(order.source!, [])
    }
    let refunds: CasePart<Refund> = listed("refunds") { if case .refunds(let found) = $0 { found } else { nil } }
    let settlement: CasePart<Settlement> = listed("settlements") {
      if case .settlement(let found) = $0 { [found] } else { nil }
    }

    // When: the gateway's Date on the newest answer used, else when it was fetched.
    let newest = latest.values.max { $0.number < $1.number }
    var asOf = Instant(seconds: 0)
    var asOfSource = "no answer"
    if let newest {
      if let date = newest.responseHeaders.first("date").flatMap({ Instant(httpDate: $0) }) {
        (asOf, asOfSource) = (date, "the Date header of \(ref(newest))")
      } else if let fetched = Instant(iso8601: newest.fetchedAt) {
        (asOf, asOfSource) = (fetched, "the fetch time of \(ref(newest))")
      }
    }

    let history = mine.sorted { $0.number < $1.number }.compactMap { snapshot -> OrderCase.HistoryPoint? in
      guard snapshot.status < 300 else { return nil }
      var point = OrderCase.HistoryPoint(
        source: source(snapshot), orderStatus: snapshot.order?.status, orderRaw: snapshot.order?.rawStatus ?? "",
        orderPath: snapshot.order.map { Located($0, source: source(snapshot), prefix: "").evidence("status").path }
          ?? "",
        payments: [])
      if snapshot.resource == "payments" || snapshot.resource == "order" && !offered.contains("payments"),
        let answer = body(snapshot), case .payments(let found)? = snapshot.parts(in: answer)
      {
        let isList: Bool = if case .array = answer { true } else { false }
        point.payments = found.enumerated().compactMap { index, payment in
          guard let id = payment.gatewayPaymentID else { return nil }
          let located = Located(payment, source: source(snapshot), prefix: isList ? ".[\(index)]" : "")
          return OrderCase.HistoryPayment(
            id: id, status: payment.status, raw: payment.rawStatus, path: located.evidence("status").path)
        }
      }
      return point.orderStatus == nil && point.payments.isEmpty ? nil : point
    }
    let orderStatusPath = order.items.first?.evidence("status").path ?? ""
    let others = elsewhere.filter { $0.gateway == gateway && $0.orderID == orderID }.map { status in
      OrderCase.HistoryPoint(
        source: CaseSource(
          ref: status.ref, number: status.number, resource: "order", fetchedAt: status.fetchedAt, status: 200),
        orderStatus: status.status, orderRaw: status.rawStatus,
        orderPath: orderStatusPath, payments: [])
    }
    // Other sessions' answers and this one's, in the order they were fetched (this session's keep theirs).
    let merged = (others + history).enumerated().sorted { a, b in
      a.element.source.fetchedAt != b.element.source.fetchedAt
        ? a.element.source.fetchedAt < b.element.source.fetchedAt : a.offset < b.offset
    }.map(\.element)
    return OrderCase(
      gateway: gateway, environment: newest?.environment ?? "", orderID: orderID, order: order,
      orderBody: orderBody, payments: payments, refunds: refunds, settlement: settlement, asOf: asOf,
      asOfSource: asOfSource, history: others.isEmpty ? history : merged)
  }
}
