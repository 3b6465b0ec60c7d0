import PayshJSON

/// Builds an `OrderCase` from stored answers: the newest answer to each part the gateway offers, and
/// every answer about the order for its history. Reads nothing but what it is given.
public enum CaseBuilder {
  /// The resources each gateway's case is made of (`caseQueries`): the same for every order.
  static let offered: [String: Set<String>] = Dictionary(
    uniqueKeysWithValues: Gateways.names.map { name in
      (name, Set((GatewayCatalog.adapter(named: name)?.caseQueries(order: "") ?? [.order("")]).map(\.resource)))
    })

  /// How a stored answer is named in evidence: `@3`.
  static func ref(_ number: Int) -> String { "@\(number)" }

  /// The case of `orderID` on `gateway` from `snapshots` (oldest first; those about other orders or gateways
  /// are ignored); `elsewhere` is what other sessions' answers said of the order's status, for its history.
  public static func build(
    gateway: String, orderID: String, from snapshots: [Snapshot], elsewhere: [SessionStore.StoredStatus] = []
  ) -> OrderCase {
    build(
      gateway: gateway, orderID: orderID,
      from: snapshots.filter { snapshot in
        snapshot.gateway == gateway && (snapshot.orderID == orderID || snapshot.resource == Snapshot.listeningResource)
      }.map(CaseAnswer.init),
      elsewhere: elsewhere)
  }

  /// The case of `orderID` on `gateway` from `answers` (oldest first; those about other orders or gateways
  /// are ignored).
  public static func build(
    gateway: String, orderID: String, from answers: [CaseAnswer], elsewhere: [SessionStore.StoredStatus] = []
  ) -> OrderCase {
    var webhooks: [CaseAnswer] = []
    var listened: [CaseAnswer] = []
    let answers = Answers(
      answers.filter { answer in
        guard answer.gateway == gateway else { return false }
        switch answer.resource {
        case Snapshot.webhookResource: if answer.orderID == orderID { webhooks.append(answer) }
        case Snapshot.listeningResource: listened.append(answer)
        default: return answer.orderID == orderID
        }
        return false
      })
    let offered = CaseBuilder.offered[gateway] ?? ["order"]
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
          orderBody = snapshot.body
          let found: [Payment] = if case .read(.payments(let found), _) = snapshot.reading.parts { found } else { [] }
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
      switch snapshot.reading.parts {
      case .notJSON: return .missing("\(source.ref) is not JSON")
      case .nothingYet: return .known(source, [])
      case .read(let parts, let listed):
        if let items = pick(parts) {
          return .known(source, items.enumerated().map { Located($1, source: source, prefix: prefix(listed, $0)) })
        }
      case .unreadable: break
      }
      return .missing("\(source.ref) holds no \(resource) paysh can read")
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
      if let date = newest.reading.date.flatMap({ Instant(httpDate: $0) }) {
        (asOf, asOfSource) = (date, "the Date header of \(ref(newest.number))")
      } else if let fetched = Instant(iso8601: newest.fetchedAt) {
        (asOf, asOfSource) = (fetched, "the fetch time of \(ref(newest.number))")
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
    let environment = answers.all.last?.environment ?? webhooks.last?.environment ?? ""
    return OrderCase(
      gateway: gateway, environment: environment, orderID: orderID, order: order,
      orderBody: orderBody, payments: payments, refunds: refunds, settlement: settlement, asOf: asOf,
      asOfSource: asOfSource, history: others.isEmpty ? history : merged(others, history),
      webhooks: webhooks.map(CaseBuilder.webhook),
      listening: listened.filter { $0.environment == environment }.compactMap(CaseBuilder.window))
  }

  static func source(_ answer: CaseAnswer) -> CaseSource {
    CaseSource(
      ref: ref(answer.number), number: answer.number, resource: answer.resource, fetchedAt: answer.fetchedAt,
      status: answer.status)
  }

  static func webhook(_ answer: CaseAnswer) -> CaseWebhook {
    CaseWebhook(source: source(answer), event: WebhookEvent(json: answer.body), verdict: answer.verdict)
  }

  /// A listening's window from its record (`{"from": …, "until": …}`); nil when the record says no times.
  static func window(_ answer: CaseAnswer) -> ListeningWindow? {
    guard let from = answer.body?["from"]?.stringValue.flatMap(Instant.init(iso8601:)),
      let until = answer.body?["until"]?.stringValue.flatMap(Instant.init(iso8601:)), from <= until
    else { return nil }
    var events: Set<String>?
    if case .array(let types)? = answer.body?["events"] { events = Set(types.compactMap(\.stringValue)) }
    return ListeningWindow(source: source(answer), from: from, until: until, events: events)
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

/// Where item `offset` of an answer sits: `.[N]` in a list, nothing when the answer is the item.
private func prefix(_ listed: Bool, _ offset: Int) -> String { listed ? ".[\(offset)]" : "" }

/// One order's stored answers, with the newest of each resource.
private struct Answers {
  let all: [CaseAnswer]
  /// The newest answer to each resource: the last of it in `all`.
  let latest: [String: Int]

  init(_ all: [CaseAnswer]) {
    self.all = all
    var latest: [String: Int] = [:]
    for (index, answer) in all.enumerated() { latest[answer.resource] = index }
    self.latest = latest
  }

  func source(_ index: Int) -> CaseSource {
    let answer = all[index]
    return CaseSource(
      ref: CaseBuilder.ref(answer.number), number: answer.number, resource: answer.resource,
      fetchedAt: answer.fetchedAt, status: answer.status)
  }

  /// `@3 answered HTTP 429: too many requests`.
  func failure(_ index: Int) -> String {
    let said = all[index].body.flatMap { $0["message"]?.stringValue ?? $0["error"]?["message"]?.stringValue }
    return "\(source(index).ref) answered HTTP \(all[index].status)" + (said.map { ": \($0)" } ?? "")
  }

  /// Every answer's statuses, oldest first: the order's, and each attempt's in the answers of `attemptsIn`.
  func history(attemptsIn resources: Set<String>) -> [OrderCase.HistoryPoint] {
    all.indices.compactMap { index -> OrderCase.HistoryPoint? in
      let answer = all[index]
      guard answer.status < 300 else { return nil }
      // Read once: each read of `order` copies it out of the reading.
      let order = answer.order
      var point = OrderCase.HistoryPoint(
        source: source(index), orderStatus: order?.status, orderRaw: order?.rawStatus ?? "",
        orderPath: order.map { Located.path(of: $0, "status", prefix: "") } ?? "", payments: [])
      if resources.contains(answer.resource), case .read(.payments(let found), let listed) = answer.reading.parts {
        point.payments = found.enumerated().compactMap { offset, payment in
          guard let id = payment.gatewayPaymentID else { return nil }
          let path = Located.path(of: payment, "status", prefix: prefix(listed, offset))
          return OrderCase.HistoryPayment(id: id, status: payment.status, raw: payment.rawStatus, path: path)
        }
      }
      return point.orderStatus == nil && point.payments.isEmpty ? nil : point
    }
  }
}
