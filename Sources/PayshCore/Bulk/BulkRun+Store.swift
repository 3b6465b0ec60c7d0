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

  /// The ids this session answered already (for `--resume`), with the newest snapshot of each: an answer to
  /// the same query on the same gateway and environment that was not a 429 or a 5xx (those are asked again).
  func answeredIDs(_ gateway: GatewayContext) throws -> [String: Int] {
    let resource = BulkRun.queries("ORDER", work, gateway.adapter)[0].resource
    var answered: [String: Int] = [:]
    for answer in try shell.services.snapshots.caseAnswers(orderID: nil)
    where answer.gateway == gateway.adapter.name && answer.environment == gateway.environment
      && answer.resource == resource && answer.status != 429 && answer.status < 500
    {
      answered[answer.orderID] = answer.number
    }
    return answered
  }

  /// The row of an id answered before `--resume`, from its stored snapshot.
  func storedRow(_ id: String, _ number: Int, _ gateway: GatewayContext) throws -> BulkRow? {
    guard let snapshot = try shell.services.snapshots.snapshot(number: number) else { return nil }
    var row = BulkRow(id: id, gateway: gateway.adapter.name, snapshot: "@\(number)")
    let body = try? JSONParser.parse(snapshot.body)
    if snapshot.status >= 300 {
      row.error = "HTTP \(snapshot.status)"
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
