import PayshJSON

/// `case --json` and `check --json`: the case and its verdicts as JSON for scripts (shape in docs/CHECKS.md).
enum CaseJSON {
  static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
    .object(JSONObject(members.compactMap { key, value in value.map { JSONObject.Member(key, $0) } }))
  }

  static func text(_ value: String?) -> JSONValue? { value.map(JSONValue.string) }

  /// `{"minor": 150050, "currency": "INR", "text": "1500.50"}`: minor units are the value, text for people.
  static func money(_ value: Money?) -> JSONValue {
    guard let value else { return .null }
    return object([
      ("minor", .number(JSONNumber(value.minorUnits))), ("currency", .string(value.currency)),
      ("text", .string(value.decimalText)),
    ])
  }

  static func time(_ value: Timestamp?) -> JSONValue { value.map { .string($0.iso8601) } ?? .null }

  static func part<Value>(_ part: CasePart<Value>) -> JSONValue {
    switch part {
    case .known(let source, let items):
      object([
        ("state", .string("known")), ("snapshot", .string(source.ref)), ("http", .number(JSONNumber(source.status))),
        ("items", .number(JSONNumber(items.count))),
      ])
    case .missing(let reason): object([("state", .string("missing")), ("reason", .string(reason))])
    case .notOffered: object([("state", .string("not_offered"))])
    }
  }

  static func at<Value>(_ item: Located<Value>) -> [(String, JSONValue?)] {
    [("snapshot", .string(item.source.ref)), ("path", .string(item.prefix))]
  }

  static func payment(_ item: Located<Payment>) -> JSONValue {
    let payment = item.value
    let failure = payment.failure
    return object(
      at(item) + [
        ("payment_id", text(payment.gatewayPaymentID)), ("status", .string(payment.status.rawValue)),
        ("raw_status", .string(payment.rawStatus)), ("amount", money(payment.amount)),
        ("method", text(payment.method)), ("instrument", text(payment.instrument)),
        ("bank_reference", text(payment.bankReference)), ("auth_id", text(payment.authID)),
        ("time", time(payment.time)), ("offer", text(payment.offer)), ("surcharge", money(payment.surcharge)),
        (
          "error",
          failure.isEmpty
            ? .null
            : object([
              ("code", text(failure.code)), ("description", text(failure.description)),
              ("reason", text(failure.reason)), ("source", text(failure.source)),
            ])
        ),
      ])
  }

  static func refund(_ item: Located<Refund>) -> JSONValue {
    let refund = item.value
    return object(
      at(item) + [
        ("refund_id", text(refund.refundID)), ("gateway_refund_id", text(refund.gatewayRefundID)),
        ("payment_id", text(refund.paymentID)), ("status", .string(refund.status.rawValue)),
        ("raw_status", .string(refund.rawStatus)), ("amount", money(refund.amount)), ("arn", text(refund.arn)),
        ("type", text(refund.type)), ("created_at", time(refund.createdAt)),
        ("processed_at", time(refund.processedAt)),
      ])
  }

  static func settlement(_ item: Located<Settlement>) -> JSONValue {
    let value = item.value
    return object(
      at(item) + [
        ("settlement_id", text(value.settlementID)), ("utr", text(value.utr)), ("payment_id", text(value.paymentID)),
        ("payment_amount", money(value.paymentAmount)), ("service_charge", money(value.serviceCharge)),
        ("service_tax", money(value.serviceTax)), ("adjustment", money(value.adjustment)),
        ("settlement_amount", money(value.settlementAmount)), ("settled_on", time(value.settledOn)),
      ])
  }

  static func order(_ item: Located<Order>) -> JSONValue {
    let order = item.value
    return object(
      at(item) + [
        ("merchant_order_id", text(order.merchantOrderID)), ("gateway_order_id", text(order.gatewayOrderID)),
        ("status", .string(order.status.rawValue)), ("raw_status", .string(order.rawStatus)),
        ("amount", money(order.amount)), ("paid_amount", money(order.paidAmount)),
        ("created_at", time(order.createdAt)), ("updated_at", time(order.updatedAt)),
        ("expires_at", time(order.expiresAt)),
      ])
  }

  /// One order's verdicts: what `check --json` lists and `case --json` holds under `check`.
  static func report(_ report: CheckReport) -> JSONValue {
    object([
      ("gateway", .string(report.gateway)), ("order_id", .string(report.orderID)),
      ("as_of", .string(report.asOf.utcText)), ("as_of_source", .string(report.asOfSource)),
      ("ok", .bool(report.isOK)), ("summary", .string(report.summary)),
      (
        "verdicts",
        .array(
          report.verdicts.map { verdict in
            object([
              ("rule", .string(verdict.rule)), ("severity", .string(verdict.severity.rawValue)),
              ("sentence", .string(verdict.sentence)),
              ("evidence", .array(verdict.evidence.map { .string($0.description) })),
            ])
          })
      ),
      (
        "not_run",
        .array(report.notRun.map { object([("rule", .string($0.rule)), ("reason", .string($0.reason))]) })
      ),
      ("ran", .array(report.ran.map(JSONValue.string))),
    ])
  }

  static func whole(_ orderCase: OrderCase, _ summary: CaseSummary, _ check: CheckReport) -> JSONValue {
    object([
      ("gateway", .string(orderCase.gateway)), ("environment", .string(orderCase.environment)),
      ("order_id", .string(orderCase.orderID)), ("as_of", .string(orderCase.asOf.utcText)),
      ("as_of_source", .string(orderCase.asOfSource)),
      (
        "parts",
        object([
          ("order", part(orderCase.order)), ("payments", part(orderCase.payments)),
          ("refunds", part(orderCase.refunds)), ("settlement", part(orderCase.settlement)),
        ])
      ),
      ("order", orderCase.order.items.first.map(order) ?? .null),
      ("payments", .array(orderCase.payments.items.map(payment))),
      ("refunds", .array(orderCase.refunds.items.map(refund))),
      ("settlement", orderCase.settlement.items.first.map(settlement) ?? .null),
      ("money", object(summary.totals.rows.map { ($0.key, money($0.amount)) })),
      (
        "timeline",
        .array(
          summary.timeline.map { event in
            object([
              ("time", .string(event.time.iso8601)), ("event", .string(event.text)),
              ("evidence", .string(event.evidence.description)),
            ])
          })
      ),
      ("webhooks", .array(orderCase.webhooks.map(webhook))),
      ("check", report(check)),
    ])
  }

  /// A webhook received about the order: where it is, what it says, its verdict.
  static func webhook(_ webhook: CaseWebhook) -> JSONValue {
    let event = webhook.event
    return object([
      ("ref", .string(webhook.source.ref)), ("received_at", .string(webhook.source.fetchedAt)),
      ("type", text(event.type)), ("payment_id", text(event.paymentID)), ("refund_id", text(event.refundID)),
      ("status", text(event.status)), ("amount", text(event.amount)),
      ("signature", text(webhook.verdict?.signature.rawValue)), ("reason", text(webhook.verdict?.reason)),
      ("forwarded_status", webhook.verdict?.forwardedStatus.map { .number(JSONNumber($0)) }),
    ])
  }
}
