import Foundation
import PayshJSON

/// One stored order of any gateway: the order object as the gateway returns it, plus Cashfree's
/// payments, refunds and settlement (empty for Paytring and EnKash).
public struct OrderRecord: Sendable, Equatable {
  public var gateway: Gateway
  /// Cashfree: the OrderEntity (canonical, newest-version superset); Paytring: the `order` object;
  /// EnKash: the `paylod` object.
  public var order: JSONValue
  public var payments: [JSONValue] = []
  public var refunds: [JSONValue] = []
  public var settlement: JSONValue?

  public init(
    gateway: Gateway, order: JSONValue, payments: [JSONValue] = [], refunds: [JSONValue] = [],
    settlement: JSONValue? = nil
  ) {
    self.gateway = gateway
    self.order = order
    self.payments = payments
    self.refunds = refunds
    self.settlement = settlement
  }

  /// The id the gateway's fetch route takes (`order_id`, `order_id`, `orderId`).
  public var id: String {
    switch gateway {
    case .cashfree, .paytring: return order["order_id"]?.textValue ?? ""
    case .enkash: return order["orderId"]?.textValue ?? ""
    }
  }

  /// The gateway's raw status value.
  public var status: String {
    switch gateway {
    case .cashfree, .paytring: return order["order_status"]?.textValue ?? ""
    case .enkash: return order["orderStatus"]?.textValue ?? ""
    }
  }

  /// Applies one scripted or admin change.
  mutating func apply(_ action: ScriptedChange.Action, now: Date, ids: inout IDGenerator) throws {
    switch action {
    case .patch(let patch):
      order.merge(patch)
    case .setStatus(let status):
      setStatus(status, now: now, ids: &ids)
    case .addPayment(let partial):
      guard gateway == .cashfree else {
        throw SimulatorError.badRequest("payments can be added to Cashfree orders only; set a status instead")
      }
      let payment = CashfreeEntities.payment(partial, order: order, now: now, ids: &ids)
      payments.append(payment)
      if payment["payment_status"]?.textValue == "SUCCESS" { order["order_status"] = "PAID" }
    case .addRefund(let partial):
      switch gateway {
      case .cashfree:
        let paymentID = payments.last { $0["payment_status"]?.textValue == "SUCCESS" }?["cf_payment_id"]
        refunds.append(
          CashfreeEntities.refund(partial, order: order, paymentID: paymentID, now: now, ids: &ids))
      case .paytring:
        setStatus("refunded", now: now, ids: &ids)
      case .enkash:
        setStatus("REFUNDED", now: now, ids: &ids)
      }
    case .patchPayment(let patch):
      guard gateway == .cashfree else {
        throw SimulatorError.badRequest("payments exist for Cashfree orders only; patch the order instead")
      }
      let wanted = CashfreeEntities.normalizedID(patch["cf_payment_id"])
      guard let index = payments.firstIndex(where: { CashfreeEntities.normalizedID($0["cf_payment_id"]) == wanted })
      else {
        throw SimulatorError.notFound("no payment '\(wanted?.textValue ?? "")' in order '\(id)'")
      }
      var fields = patch
      fields["cf_payment_id"] = nil
      payments[index].merge(fields)
    case .setSettlement(let partial):
      guard gateway == .cashfree else {
        throw SimulatorError.badRequest("settlements exist for Cashfree orders only")
      }
      settlement = CashfreeEntities.settlement(partial, order: order, payments: payments, now: now, ids: &ids)
    }
  }

  mutating func setStatus(_ status: String, now: Date, ids: inout IDGenerator) {
    switch gateway {
    case .cashfree:
      order["order_status"] = .string(status)
      let paid = payments.contains { $0["payment_status"]?.textValue == "SUCCESS" }
      if status == "PAID" && !paid {
        payments.append(
          CashfreeEntities.payment(.obj(["payment_status": "SUCCESS"]), order: order, now: now, ids: &ids))
      }
    case .paytring:
      order["order_status"] = .string(status)
      if order["unmapped_status"] != nil {
        let pg = order["pg"]?.textValue ?? ""
        order["unmapped_status"] = .string(PaytringOrderFactory.unmapped(status, pg: pg.isEmpty ? "Paytm" : pg))
      }
      if order["updated_at"] != nil { order["updated_at"] = .string(SimTime.local(now)) }
    case .enkash:
      order["orderStatus"] = .string(status)
      let payment: [String: String] = [
        "SUCCESS": "SUCCESS", "IN_PROGRESS": "IN_PROGRESS", "PENDING": "IN_PROGRESS", "REFUNDED": "REFUNDED",
        "EXPIRED": "EXPIRED",
      ]
      if let mapped = payment[status] { order["paymentStatus"] = .string(mapped) }
      if status == "SUCCESS", order["paidAmount"]?.doubleValue == 0, let amount = order["orderAmount"] {
        order["paidAmount"] = amount
      }
    }
  }
}

/// Hands out the simulator's generated ids (cf ids, Paytring order ids, tokens are elsewhere).
struct IDGenerator: Sendable {
  var next = 5_100_000_001

  /// A fresh decimal id.
  mutating func number() -> Int {
    defer { next += 1 }
    return next
  }
}
