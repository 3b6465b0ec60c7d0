import Foundation
import PayshJSON

/// The event types the simulator sends, per gateway.
///
/// Cashfree's are its own (`type` in the body). Paytring's and EnKash's are the simulator's names for the
/// status the order moved to (neither gateway documents event names): Paytring `ORDER_<order_status>`,
/// EnKash `PAYMENT_<paymentStatus>`, upper case.
public enum WebhookEventType {
  public static let cashfreePayment = [
    "PAYMENT_SUCCESS_WEBHOOK", "PAYMENT_FAILED_WEBHOOK", "PAYMENT_USER_DROPPED_WEBHOOK",
  ]
  public static let cashfreeRefund = "REFUND_STATUS_WEBHOOK"
  public static let cashfreeSettlement = [
    "SETTLEMENT_INITIATED", "SETTLEMENT_SUCCESS", "SETTLEMENT_FAILED", "SETTLEMENT_REVERSED",
  ]
  public static let cashfree = cashfreePayment + [cashfreeRefund] + cashfreeSettlement
  /// Paytring order statuses an event is sent for.
  public static let paytringStatuses = ["created", "initiated", "pending", "success", "failed", "refunded"]
  public static let paytring = paytringStatuses.map(paytringType)
  /// EnKash payment statuses an event is sent for.
  public static let enkashStatuses = ["IN_PROGRESS", "SUCCESS", "FAILED", "CANCELLED", "REFUNDED", "EXPIRED"]
  public static let enkash = enkashStatuses.map(enkashType)
  public static let all = cashfree + paytring + enkash

  /// The types of one gateway.
  static func names(for gateway: Gateway) -> [String] {
    switch gateway {
    case .cashfree: cashfree
    case .paytring: paytring
    case .enkash: enkash
    }
  }

  /// `ORDER_SUCCESS` for Paytring's `success`.
  static func paytringType(_ status: String) -> String { "ORDER_" + status.uppercased() }
  /// `PAYMENT_SUCCESS` for EnKash's `SUCCESS`.
  static func enkashType(_ status: String) -> String { "PAYMENT_" + status.uppercased() }

  /// The Cashfree payment event for a payment status (SUCCESS, FAILED, USER_DROPPED), else nil.
  static func cashfreePaymentType(_ status: String?) -> String? {
    switch status {
    case "SUCCESS": "PAYMENT_SUCCESS_WEBHOOK"
    case "FAILED": "PAYMENT_FAILED_WEBHOOK"
    case "USER_DROPPED": "PAYMENT_USER_DROPPED_WEBHOOK"
    default: nil
    }
  }
}

/// One state change worth a webhook: which order, what happened, and the stored entities at that moment.
struct WebhookEvent: Sendable {
  var gateway: Gateway
  var type: String
  /// The order as stored right after the change (Cashfree: with its payments, refunds and settlement).
  var record: OrderRecord
  /// The entity the event is about: Cashfree's payment, refund or settlement; nil for Paytring and EnKash.
  var subject: JSONValue?
  /// When it happened, on the simulator clock (`event_time`).
  var time: Date
  /// What makes this payload unique, hashed into `x-idempotency-key` (type, ids, status).
  var identity: String

  var orderID: String { record.id }

  /// The events a change from `before` to `after` makes: Cashfree payments added or moved to SUCCESS, FAILED
  /// or USER_DROPPED, refunds added or moved, a settlement set or changed; Paytring's `order_status` and
  /// EnKash's `paymentStatus` moved to a status with an event.
  static func changes(from before: OrderRecord, to after: OrderRecord, at time: Date) -> [WebhookEvent] {
    var events: [WebhookEvent] = []
    func add(_ type: String, _ subject: JSONValue?, _ identity: String) {
      events.append(
        WebhookEvent(
          gateway: after.gateway, type: type, record: after, subject: subject, time: time,
          identity: "\(after.gateway.rawValue)|\(type)|\(after.id)|\(identity)"))
    }
    switch after.gateway {
    case .cashfree:
      for payment in after.payments {
        let id = payment["cf_payment_id"]?.textValue ?? ""
        let status = payment["payment_status"]?.textValue
        let old = before.payments.first { $0["cf_payment_id"]?.textValue == id }
        guard old?["payment_status"]?.textValue != status,
          let type = WebhookEventType.cashfreePaymentType(status)
        else { continue }
        add(type, payment, "\(id)|\(status ?? "")")
      }
      for refund in after.refunds {
        let id = refund["cf_refund_id"]?.textValue ?? ""
        let status = refund["refund_status"]?.textValue ?? ""
        let old = before.refunds.first { $0["cf_refund_id"]?.textValue == id }
        guard old?["refund_status"]?.textValue != status else { continue }
        add(WebhookEventType.cashfreeRefund, refund, "\(id)|\(status)")
      }
      if let settlement = after.settlement, settlement != before.settlement {
        let id = settlement["cf_settlement_id"]?.textValue ?? ""
        add("SETTLEMENT_SUCCESS", settlement, "\(id)|SUCCESS")
      }
    case .paytring:
      let status = after.status
      if status != before.status, WebhookEventType.paytringStatuses.contains(status) {
        add(WebhookEventType.paytringType(status), nil, status)
      }
    case .enkash:
      let status = after.order["paymentStatus"]?.textValue ?? ""
      if status != before.order["paymentStatus"]?.textValue, WebhookEventType.enkashStatuses.contains(status) {
        add(WebhookEventType.enkashType(status), nil, status)
      }
    }
    return events
  }

  /// This event as another settlement type (`SETTLEMENT_INITIATED`, …), for triggers that name one.
  func asSettlement(_ type: String) -> WebhookEvent {
    var event = self
    let id = subject?["cf_settlement_id"]?.textValue ?? ""
    event.type = type
    event.identity = "\(gateway.rawValue)|\(type)|\(orderID)|\(id)|\(type)"
    return event
  }
}
