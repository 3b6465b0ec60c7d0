import Foundation
import PayshJSON

/// `POST /_sim/orders/{gateway}/{id}/trigger`: makes one state change happen to an order, as the gateway
/// would, so its webhooks go out.
extension SimulatorStore {
  /// The events each gateway's orders can be triggered with.
  static let triggerEvents: [Gateway: [String]] = [
    .cashfree: [
      "payment_success", "payment_failed", "payment_dropped", "refund_success", "refund_cancelled", "settlement",
    ],
    .paytring: ["payment_success", "payment_failed", "refund_success"],
    .enkash: ["payment_success", "payment_failed", "payment_dropped", "refund_success"],
  ]

  /// Settlement statuses a `settlement` trigger may name (the `SETTLEMENT_*` event sent).
  static let settlementStatuses = ["INITIATED", "SUCCESS", "FAILED", "REVERSED"]

  /// Applies `event` to the order; returns it and the ids of the deliveries it started.
  func trigger(
    _ event: String, on gateway: Gateway, _ id: String, settlementStatus: String = "SUCCESS"
  ) throws -> (record: OrderRecord, deliveries: [String]) {
    let supported = Self.triggerEvents[gateway] ?? []
    guard supported.contains(event) else {
      throw SimulatorError.badRequest(
        "\(gateway.rawValue) orders can be triggered with \(supported.joined(separator: ", ")) (got \(event))")
    }
    guard Self.settlementStatuses.contains(settlementStatus) else {
      throw SimulatorError.badRequest(
        "settlement status must be one of \(Self.settlementStatuses.joined(separator: ", ")) (got \(settlementStatus))")
    }
    let key = OrderKey(gateway: gateway, id: id)
    let settlementType = "SETTLEMENT_" + settlementStatus
    return try change(
      key, events: { events in events.map { $0.type == "SETTLEMENT_SUCCESS" ? $0.asSettlement(settlementType) : $0 } }
    ) {
      record, now, ids in
      switch gateway {
      case .cashfree: try Self.triggerCashfree(event, &record, now: now, ids: &ids)
      case .paytring: try Self.triggerPaytring(event, &record, now: now, ids: &ids)
      case .enkash: try Self.triggerEnKash(event, &record, now: now, ids: &ids)
      }
    }
  }

  static func triggerCashfree(_ event: String, _ record: inout OrderRecord, now: Date, ids: inout IDGenerator) throws {
    let paid = record.payments.contains { $0["payment_status"]?.textValue == "SUCCESS" }
    switch event {
    case "payment_success", "payment_failed", "payment_dropped":
      let status = ["payment_success": "SUCCESS", "payment_failed": "FAILED", "payment_dropped": "USER_DROPPED"][event]
      try record.apply(.addPayment(.obj(["payment_status": .string(status ?? "")])), now: now, ids: &ids)
    case "refund_success", "refund_cancelled":
      let success = event == "refund_success"
      if let index = record.refunds.lastIndex(where: { $0["refund_status"]?.textValue == "PENDING" }) {
        var refund = record.refunds[index]
        refund["refund_status"] = success ? "SUCCESS" : "CANCELLED"
        refund["status_description"] = success ? "Refund processed" : "Refund cancelled"
        if success, refund["refund_arn"]?.textValue?.isEmpty ?? true {
          refund["refund_arn"] = .string("ARN\(refund["cf_refund_id"]?.textValue ?? "")")
        }
        refund["processed_at"] = .string(SimTime.iso(now))
        record.refunds[index] = refund
        return
      }
      guard paid else { throw SimulatorError.badRequest("order '\(record.id)' has no SUCCESS payment to refund") }
      let refunded = record.refunds.filter { ["SUCCESS", "PENDING"].contains($0["refund_status"]?.textValue) }
        .reduce(0) { $0 + ($1["refund_amount"]?.paiseValue ?? 0) }
      let left = (record.order["order_amount"]?.paiseValue ?? 0) - refunded
      guard left > 0 else { throw SimulatorError.badRequest("order '\(record.id)' is refunded in full already") }
      var partial = JSONValue.obj(["refund_status": success ? "SUCCESS" : "CANCELLED", "refund_amount": .paise(left)])
      if !success { partial["status_description"] = "Refund cancelled" }
      try record.apply(.addRefund(partial), now: now, ids: &ids)
    default:
      guard paid else { throw SimulatorError.badRequest("order '\(record.id)' has no SUCCESS payment to settle") }
      try record.apply(.setSettlement(.emptyObject), now: now, ids: &ids)
    }
  }

  static func triggerPaytring(_ event: String, _ record: inout OrderRecord, now: Date, ids: inout IDGenerator) throws {
    switch event {
    case "payment_success": record.setStatus("success", now: now, ids: &ids)
    case "payment_failed": record.setStatus("failed", now: now, ids: &ids)
    default:
      guard record.status == "success" else {
        throw SimulatorError.badRequest("order '\(record.id)' is \(record.status), not success: nothing to refund")
      }
      record.setStatus("refunded", now: now, ids: &ids)
    }
  }

  /// EnKash: the statuses as its fixtures pair them (a failed or dropped payment leaves the order PENDING).
  static func triggerEnKash(_ event: String, _ record: inout OrderRecord, now: Date, ids: inout IDGenerator) throws {
    switch event {
    case "payment_success": record.setStatus("SUCCESS", now: now, ids: &ids)
    case "payment_failed": record.order.merge(.obj(["orderStatus": "PENDING", "paymentStatus": "FAILED"]))
    case "payment_dropped": record.order.merge(.obj(["orderStatus": "PENDING", "paymentStatus": "CANCELLED"]))
    default:
      guard record.order["paymentStatus"]?.textValue == "SUCCESS" else {
        throw SimulatorError.badRequest("order '\(record.id)' has no SUCCESS payment to refund")
      }
      record.setStatus("REFUNDED", now: now, ids: &ids)
    }
  }
}
