import PayshJSON

/// Builds EnKash voucher orders in the `orderDetails` payload shape.
///
/// https://docs.enkash.com/api-13454287 (Fetch Order Info by Partner order Reference id)
enum EnKashOrderFactory {
  /// Fills the fields a partial order lacks, in the documented key order.
  static func completed(_ partial: JSONValue, ids: inout IDGenerator) -> JSONValue {
    let number = ids.number()
    let status = partial["orderStatus"]?.textValue ?? "SUCCESS"
    let amount = partial["orderAmount"] ?? 1000
    var order = JSONValue.obj([
      "orderId": .string("OR\(number)"),
      "paymentStatus": .string(status == "PENDING" ? "IN_PROGRESS" : status),
      "orderStatus": .string(status),
      "totalQuantity": 1,
      "totalAmount": amount,
      "orderAmount": amount,
      "paidAmount": status == "SUCCESS" || status == "REFUNDED" ? amount : 0,
      "partnerOrderReferenceId": .string("REF\(number)"),
      "voucherDetailsList": .array([]),
    ])
    order.merge(partial)
    return order
  }
}
