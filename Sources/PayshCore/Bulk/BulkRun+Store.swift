import PayshJSON

extension BulkRun {
  /// Stores one id's answers (each committed before anything of it is shown) and makes its row; a case's
  /// is judged from the session once its answers are in.
  func store(
    _ id: String, _ sent: BulkRequests.Sent, _ pipeline: FetchPipeline, _ gateway: GatewayContext
  ) throws
    -> BulkRow
  {
    var row = BulkRow(id: id, gateway: gateway.adapter.name)
    var numbers: [Int] = []
    var orderFailure: String?
    for answer in sent.answers {
      switch answer.result {
      case .failure(let error):
        let message = "no answer: \(shell.services.redactor.text(error.message))"
        if answer.query.resource == "order" || sent.answers.count == 1 { orderFailure = message }
        row.errorKind = BulkRun.kind(of: error)
      case .success(let exchange):
        let outcome = try pipeline.store(exchange, query: answer.query, call: answer.call)
        numbers.append(outcome.snapshot.number)
        guard answer.query.resource == "order" || sent.answers.count == 1 else { continue }
        if let problem = outcome.problem ?? outcome.bodyProblem {
          row.error = "HTTP \(outcome.snapshot.status): \(problem.message)"
          row.errorKind = outcome.snapshot.status == 404 ? "not found" : "HTTP \(outcome.snapshot.status)"
        } else {
          BulkRun.describe(&row, outcome.snapshot, outcome.body)
        }
      }
    }
    if let orderFailure {
      row.error = orderFailure
    }
    row.snapshot = BulkRun.refs(numbers)
    if case .judge(let thresholds) = work, row.error.isEmpty {
      let orderCase = try CaseInput.stored(id, on: gateway.adapter.name, in: shell.services.snapshots).orderCase
      BulkRun.judge(&row, orderCase, thresholds)
    }
    return row
  }

  /// What an answer says of the order (its status and amounts), or of a part (its count and latest status).
  static func describe(_ row: inout BulkRow, _ snapshot: Snapshot, _ body: JSONValue?) {
    if let order = snapshot.order {
      row.status = order.status.rawValue
      row.rawStatus = order.rawStatus
      row.amount = order.amount
      row.paid = order.paidAmount
    } else if let body, let summary = ListSummary(body, resource: snapshot.resource) {
      row.status = summary.statusText
      row.rawStatus = summary.latestStatus ?? ""
      row.amount = summary.latestAmount
    } else {
      row.status = "answered"
    }
  }

  /// The case's status, money and verdicts.
  static func judge(_ row: inout BulkRow, _ orderCase: OrderCase, _ thresholds: CheckThresholds) {
    let summary = CaseSummary(orderCase)
    let report = CheckRules.run(orderCase, thresholds: thresholds)
    if let order = orderCase.order.values.last {
      row.status = order.status.rawValue
      row.rawStatus = order.rawStatus
      row.amount = order.amount
    }
    row.paid = summary.totals.paid ?? row.paid
    row.refunded = summary.totals.refunded
    row.verdicts = report.verdicts.sorted { $0.severity < $1.severity }.map(\.rule)
    // A case that could not be judged whole says so: a part that failed must not pass for a clean order.
    if orderCase.order.values.isEmpty {
      if row.error.isEmpty {
        if case .missing(let reason) = orderCase.order {
          row.error = reason
        } else {
          row.error = "no order in the answers"
        }
        row.errorKind = "no order"
      }
    } else if let first = report.notRun.first {
      row.error = "\(Counted.text(report.notRun.count, "rule")) could not run: \(first.rule): \(first.reason)"
      row.errorKind = "rules not run"
    }
  }

  /// `@4`, `@4-@7`, or `@4 @9` when not consecutive.
  static func refs(_ numbers: [Int]) -> String {
    guard let first = numbers.first, let last = numbers.last else { return "" }
    if numbers.count == 1 { return "@\(first)" }
    if numbers == Array(first...last) { return "@\(first)-@\(last)" }
    return numbers.map { "@\($0)" }.joined(separator: " ")
  }

  /// The kind of a failure with no answer, for the summary: `timeout`, `connection refused`, …
  static func kind(of error: TransportError) -> String {
    switch error {
    case .timeout, .deadline: "no answer in time"
    case .connectionRefused: "connection refused"
    case .connectionReset, .truncated: "connection broken"
    case .dns: "DNS"
    case .tls: "TLS"
    case .bodyTooLarge: "answer too large"
    default: "no answer"
    }
  }

  /// The ids of `wanted` this session answered already (for `--resume`), with the newest snapshot of each:
  /// an answer (2xx, or a 404: the gateway knows no such order) to every query asked of an id (a case's
  /// every part), on the same gateway and environment. A 429, a 5xx, a refusal (401, 400), a redirect: asked
  /// again.
  ///
  /// Reads only each answer's number, part, order and status (`snapshotHints`: no body, no reading), and
  /// keeps for each id of the file the parts answered as bits.
  func answeredIDs(_ gateway: GatewayContext, among wanted: Set<String>) throws -> [String: Int] {
    var resources: [String] = []
    for query in BulkRun.queries("ORDER", work, gateway.adapter) where !resources.contains(query.resource) {
      resources.append(query.resource)
    }
    let every = (UInt64(1) << resources.count) - 1
    var seen: [String: (parts: UInt64, number: Int)] = [:]
    try shell.services.snapshots.snapshotHints(gateway: gateway.adapter.name, environment: gateway.environment) { key in
      guard (200..<300).contains(key.status) || key.status == 404, let part = resources.firstIndex(of: key.resource),
        wanted.contains(key.orderID)
      else { return }
      var entry = seen[key.orderID] ?? (0, 0)
      entry.parts |= UInt64(1) << part
      if key.resource == "order" || resources.count == 1 { entry.number = key.number }
      seen[key.orderID] = entry
    }
    return seen.compactMapValues { $0.parts == every ? $0.number : nil }
  }

  /// The row of an id answered before `--resume`, from its stored snapshot.
  func storedRow(_ id: String, _ number: Int, _ gateway: GatewayContext) throws -> BulkRow? {
    guard let snapshot = try shell.services.snapshots.snapshot(number: number) else { return nil }
    var row = BulkRow(id: id, gateway: gateway.adapter.name, snapshot: "@\(number)")
    let body = try? JSONParser.parse(snapshot.body)
    if snapshot.status >= 300 {
      row.error = "HTTP \(snapshot.status) (answered before)"
      row.errorKind = snapshot.status == 404 ? "not found" : "HTTP \(snapshot.status)"
    } else {
      BulkRun.describe(&row, snapshot, body)
    }
    if case .judge(let thresholds) = work, row.error.isEmpty {
      BulkRun.judge(
        &row, try CaseInput.stored(id, on: gateway.adapter.name, in: shell.services.snapshots).orderCase, thresholds)
    }
    return row
  }
}

extension BulkRun {
  /// Hands what the run's token holder learnt to the shell: a token renewed during the run (so the
  /// redactor knows it before any answer made with it is stored or shown, and later fetches use it), and a
  /// renewal's login refused (so no later fetch sends the same credentials again, said once).
  func hold(_ token: BulkToken?, _ call: GatewayCall, key: String) async {
    guard let token else { return }
    let (renewed, refusal) = await token.news()
    if let renewed, shell.services.tokens[key] != renewed { shell.services.tokens[key] = renewed }
    guard let refusal else { return }
    if let status = refusal.status, (400..<500).contains(status), status != 429 {
      shell.services.refusedLogins[key] = RefusedLogin(
        said: "HTTP \(status)", credentials: call.credentials, baseURL: call.baseURL)
    }
    shell.output.writeError(
      "EnKash's token expired during the run and a new one could not be got (\(refusal.said)): the ids answered "
        + "HTTP 401 since are errors; run `auth`, then fetch them again\n")
  }
}
