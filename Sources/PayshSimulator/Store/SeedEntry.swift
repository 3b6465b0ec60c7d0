import Foundation
import PayshJSON

/// Reads one entry of a JSON seed document into an order record and its scripted changes.
///
/// Entry form: `{"order": {…}, "payments": […], "refunds": […], "settlement": {…}, "script": […]}`
/// (payments, refunds and settlement are Cashfree-only). A Cashfree order with `cf_order_id`, a Paytring
/// order with `created_at` and an EnKash order with `totalAmount` are taken exactly as written; otherwise
/// missing fields are filled with defaults. Payments, refunds and settlements are always completed.
enum SeedEntry {
  static func record(
    gateway: Gateway, entry: JSONValue, now: Date, ids: inout IDGenerator
  ) throws -> (OrderRecord, [ScriptedChange]) {
    guard var order = entry["order"], order.members != nil else {
      throw SimulatorError.badRequest("a \(gateway.rawValue) seed entry needs an \"order\" object")
    }
    var record: OrderRecord
    switch gateway {
    case .cashfree:
      if order["cf_order_id"] == nil {
        do {
          order = try CashfreeOrderFactory.order(from: order, now: now, ids: &ids)
        } catch let invalid as CashfreeOrderFactory.Invalid {
          throw SimulatorError.badRequest("cashfree seed order: \(invalid.message)")
        }
      } else {
        order["cf_order_id"] = CashfreeEntities.normalizedID(order["cf_order_id"])
      }
      record = OrderRecord(gateway: .cashfree, order: order)
      for payment in entry["payments"]?.arrayValue ?? [] {
        record.payments.append(CashfreeEntities.payment(payment, order: order, now: now, ids: &ids))
      }
      let paid = record.payments.last { $0["payment_status"]?.textValue == "SUCCESS" }?["cf_payment_id"]
      for refund in entry["refunds"]?.arrayValue ?? [] {
        record.refunds.append(CashfreeEntities.refund(refund, order: order, paymentID: paid, now: now, ids: &ids))
      }
      if let settlement = entry["settlement"], settlement.members != nil {
        record.settlement = CashfreeEntities.settlement(
          settlement, order: order, payments: record.payments, now: now, ids: &ids)
      }
    case .paytring:
      if order["created_at"] == nil {
        order = PaytringOrderFactory.completed(order, now: now, ids: &ids)
      }
      record = OrderRecord(gateway: .paytring, order: order)
    case .enkash:
      if order["totalAmount"] == nil {
        order = EnKashOrderFactory.completed(order, ids: &ids)
      }
      record = OrderRecord(gateway: .enkash, order: order)
    }
    guard !record.id.isEmpty else {
      throw SimulatorError.badRequest("a \(gateway.rawValue) seed order needs its id field")
    }
    return (record, try ScriptedChange.list(from: entry["script"]))
  }
}
