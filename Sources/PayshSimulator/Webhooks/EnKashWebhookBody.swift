import Foundation
import PayshJSON

/// EnKash's payment notification as the simulator sends it.
///
/// Fields: EnKash's Payment Gateway "Payment Notify Request" (POST to the merchant's URL, JSON):
/// https://docs.enkash.com/api-13510838 — `surcharge`, `surchargeGst`, `amount`, `finalAmount`, `paymentMode`,
/// `bankCode`, `bankName`, `cardScheme`, `currency`, `checksum`, `status`, `transactionId`, `txnMsg`, `txnDate`,
/// `uniqueTransactionId`, `maskedCardNumber`, `cardHolderName`, `paymentToken`, `bankTransactionId`, `mdr`,
/// `mdrGst`, `transactionAmount`, `orderId`, `orderStatus`, `transactionStatus`, all required, in that order.
/// The simulator's EnKash orders are of the voucher (orderDetails) API, whose notifications are not
/// documented: the values are mapped from the stored order (ASSUMED). The `checksum` algorithm is not
/// public, so the field carries ``notComputable`` instead of a checksum.
public enum EnKashWebhookBody {
  /// The `checksum` value: EnKash's checksum algorithm is not public.
  public static let notComputable = "NOT_COMPUTABLE:enkash-checksum-algorithm-not-public"

  static let messages = [
    "SUCCESS": "Transaction successful", "FAILED": "Transaction failed", "CANCELLED": "Transaction cancelled",
    "REFUNDED": "Transaction refunded", "EXPIRED": "Transaction expired", "IN_PROGRESS": "Transaction in progress",
  ]

  /// The notification of the order's current payment status.
  static func body(_ order: JSONValue, time: Date) -> JSONValue {
    let orderID = order["orderId"]?.textValue ?? ""
    let status = order["paymentStatus"]?.textValue ?? ""
    let amount = order["orderAmount"] ?? 0
    let paid = status == "SUCCESS" || status == "REFUNDED"
    let civil = SimTime.civil(time)
    return .obj([
      "surcharge": 0, "surchargeGst": 0, "amount": amount, "finalAmount": amount, "paymentMode": "UPI",
      "bankCode": "", "bankName": "", "cardScheme": "", "currency": "INR", "checksum": .string(notComputable),
      "status": .string(status), "transactionId": .string("TXN\(orderID)"),
      "txnMsg": .string(messages[status] ?? status.lowercased()),
      "txnDate": .string("\(civil.date)T\(civil.time)"), "uniqueTransactionId": .string("UTX\(orderID)"),
      "maskedCardNumber": "", "cardHolderName": "", "paymentToken": "",
      "bankTransactionId": .string(paid ? "BTX\(orderID)" : ""), "mdr": 0, "mdrGst": 0,
      "transactionAmount": amount, "orderId": .string(orderID), "orderStatus": order["orderStatus"] ?? "",
      "transactionStatus": .string(status),
    ])
  }

  /// The headers: the content type only (no signature header is documented).
  static let headers = [("content-type", "application/json")]
}
