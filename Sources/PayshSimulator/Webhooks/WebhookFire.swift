import Foundation
import PayshJSON

/// `POST /_sim/webhooks/fire`: many signed copies of one event, sent as fast as the receiver takes them.
///
/// Each request has a fresh timestamp and signature and its own idempotency key; none is retried or logged.
/// The answer is measured by the sender, from each POST's start to its answer.
struct WebhookFire: Sendable {
  var event: WebhookEvent
  var endpoints: [WebhookEndpoint]
  var count: Int
  var concurrency: Int

  static let countRange = 1...1_000_000
  static let concurrencyRange = 1...256

  /// Sends `count` events to each endpoint, `concurrency` at a time; answers the counts and latencies.
  func run(sender: WebhookSender, clock: SimulatorClock) async -> JSONValue {
    let targets = endpoints.map { ($0, WebhookPayload(event, for: $0)) }
    let total = count * targets.count
    let started = ContinuousClock.now
    let workers = min(concurrency, total)
    let results = await withTaskGroup(of: [Double?].self) { group in
      for worker in 0..<workers {
        group.addTask {
          var latencies: [Double?] = []
          var index = worker
          while index < total {
            let (endpoint, base) = targets[index % targets.count]
            var payload = base
            payload.idempotencyKey = CashfreeWebhookBody.idempotencyKey(event.identity + "|fire|\(index)")
            let outcome = await sender.post(
              url: endpoint.url, headers: payload.headers(attempt: 1, now: clock.now), body: payload.body,
              timeoutMS: endpoint.timeoutMS)
            latencies.append(outcome.error == nil ? outcome.latencyMS : -outcome.latencyMS)
            index += workers
          }
          return latencies
        }
      }
      var all: [Double?] = []
      for await part in group { all += part }
      return all
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let delivered = results.compactMap { $0 }.filter { $0 >= 0 }.count
    let latencies = results.compactMap { $0.map(abs) }.sorted()
    func percentile(_ fraction: Double) -> JSONValue {
      guard !latencies.isEmpty else { return .null }
      let rank = Int((fraction * Double(latencies.count)).rounded(.up)) - 1
      return Self.milliseconds(latencies[max(0, min(latencies.count - 1, rank))])
    }
    return .obj([
      "sent": .int(total), "delivered": .int(delivered), "failed": .int(total - delivered),
      "seconds": .number(text: String(format: "%.3f", seconds)),
      "per_second": .number(text: String(format: "%.1f", seconds > 0 ? Double(total) / seconds : 0)),
      "latency_ms": .obj(["p50": percentile(0.5), "p99": percentile(0.99), "max": percentile(1)]),
    ])
  }

  static func milliseconds(_ value: Double) -> JSONValue { .number(text: String(format: "%.2f", value)) }
}

extension SimulatorStore {
  /// An event of `type` for an order (by default the first Cashfree one) as it stands, for `fire`: the
  /// entity it names is the order's own when it has one (the last payment of that status, the last
  /// refund, the settlement), else one made for the event and not stored.
  func sampleEvent(_ gateway: Gateway, orderID: String?, type: String) throws -> WebhookEvent {
    guard WebhookEventType.names(for: gateway).contains(type) else {
      throw SimulatorError.badRequest(
        "type \(type) is not a \(gateway.rawValue) event: use one of "
          + WebhookEventType.names(for: gateway).joined(separator: ", "))
    }
    let key = orderID.map { OrderKey(gateway: gateway, id: $0) } ?? order.first { $0.gateway == gateway }
    guard let key, var record = records[key] else {
      throw SimulatorError.notFound("no \(gateway.rawValue) order '\(orderID ?? "")'")
    }
    let now = clock.now
    var subject: JSONValue?
    switch gateway {
    case .cashfree:
      if let status = WebhookEventType.cashfreePayment.firstIndex(of: type).map({
        ["SUCCESS", "FAILED", "USER_DROPPED"][$0]
      }) {
        subject =
          record.payments.last { $0["payment_status"]?.textValue == status }
          ?? CashfreeEntities.payment(
            .obj(["payment_status": .string(status)]), order: record.order, now: now, ids: &ids)
      } else if type == WebhookEventType.cashfreeRefund {
        subject =
          record.refunds.last
          ?? CashfreeEntities.refund(.emptyObject, order: record.order, paymentID: nil, now: now, ids: &ids)
      } else {
        subject =
          record.settlement
          ?? CashfreeEntities.settlement(
            .emptyObject, order: record.order, payments: record.payments, now: now, ids: &ids)
      }
    case .paytring:
      record.order["order_status"] = .string(String(type.dropFirst("ORDER_".count)).lowercased())
    case .enkash:
      record.order["paymentStatus"] = .string(String(type.dropFirst("PAYMENT_".count)))
    }
    let id = subject?["cf_payment_id"]?.textValue ?? ""
    return WebhookEvent(
      gateway: gateway, type: type, record: record, subject: subject, time: now,
      identity: "\(gateway.rawValue)|\(type)|\(record.id)|\(id)")
  }
}
