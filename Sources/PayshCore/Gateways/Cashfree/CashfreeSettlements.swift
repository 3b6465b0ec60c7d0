import PayshJSON

/// Maps Cashfree's settlement entity (`GET /pg/orders/{id}/settlements`: one object, not a list) to the
/// normalized `Settlement`, recording where each field came from.
enum CashfreeSettlements {
  static func settlement(_ body: JSONValue) -> Settlement? {
    guard case .object = body, body["cf_settlement_id"] != nil || body["settlement_amount"] != nil else { return nil }
    var mapping: [Order.FieldMapping] = []
    let currency = body["settlement_currency"]?.stringValue ?? body["order_currency"]?.stringValue ?? "INR"
    func money(_ key: String, as field: String) -> Money? {
      AmountReading.money(
        body[key], key: key, as: field, from: ".\(key)", currency: currency, unit: .major,
        "in major units of \(currency)", into: &mapping)
    }
    let id = body["cf_settlement_id"]?.scalarText
    if id != nil { mapping.append(.init("settlement_id", from: ".cf_settlement_id", "as sent")) }
    let utr = body["transfer_utr"]?.nonEmptyString
    if utr != nil { mapping.append(.init("utr", from: ".transfer_utr", "the bank transfer's UTR, as sent")) }
    let paymentID = body["cf_payment_id"]?.scalarText
    if paymentID != nil { mapping.append(.init("payment_id", from: ".cf_payment_id", "the payment settled")) }
    let payment = money("order_amount", as: "payment_amount")
    let charge = money("service_charge", as: "service_charge")
    let tax = money("service_tax", as: "service_tax")
    let adjustment = money("adjustment", as: "adjustment")
    let amount = money("settlement_amount", as: "settlement_amount")
    let settledOn = body["transfer_time"]?.stringValue.flatMap(Timestamp.iso)
    if settledOn != nil {
      mapping.append(.init("settled_on", from: ".transfer_time", "ISO-8601 with its offset, as sent"))
    }
    return Settlement(
      settlementID: id, utr: utr, paymentID: paymentID, paymentAmount: payment, serviceCharge: charge,
      serviceTax: tax, adjustment: adjustment, settlementAmount: amount, settledOn: settledOn, mapping: mapping)
  }
}
