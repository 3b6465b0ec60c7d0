import PayshJSON

/// Maps Cashfree payment entities (`GET /pg/orders/{id}/payments`, `/payments/{cf_payment_id}`) to the
/// normalized `Payment`, recording where each field came from.
enum CashfreePayments {
  /// Cashfree `payment_status` → normalized status (FLAGGED and anything new: unknown, said raw).
  static func status(_ raw: String) -> PaymentStatus {
    switch raw.uppercased() {
    case "SUCCESS": .success
    case "FAILED": .failed
    case "PENDING": .pending
    case "USER_DROPPED": .dropped
    case "CANCELLED": .cancelled
    case "VOID": .void
    case "NOT_ATTEMPTED": .notAttempted
    default: .unknown
    }
  }

  /// The payments of a `/payments` answer (an array), or the one of `/payments/{id}` (an object); nil when
  /// the answer is neither.
  static func payments(_ body: JSONValue, orderCurrency: String = "INR") -> [Payment]? {
    switch body {
    case .array(let items): items.map { payment($0, orderCurrency: orderCurrency) }
    case .object where body["payment_status"] != nil || body["cf_payment_id"] != nil:
      [payment(body, orderCurrency: orderCurrency)]
    default: nil
    }
  }

  static func payment(_ item: JSONValue, orderCurrency: String) -> Payment {
    var mapping: [Order.FieldMapping] = []
    let raw = item["payment_status"]?.stringValue ?? ""
    let status = status(raw)
    mapping.append(
      .init("status", from: ".payment_status", "\(raw.isEmpty ? "(missing)" : raw) → \(status.rawValue)"))
    let id = item["cf_payment_id"]?.scalarText
    if id != nil { mapping.append(.init("payment_id", from: ".cf_payment_id", "as sent")) }
    let currency = item["payment_currency"]?.stringValue ?? orderCurrency
    let amount = AmountReading.money(
      item["payment_amount"], key: "payment_amount", as: "amount", from: ".payment_amount", currency: currency,
      unit: .major,
      "in major units of \(currency)", into: &mapping)
    let (method, instrument) = Self.method(item["payment_method"])
    if method != nil {
      mapping.append(.init("method", from: ".payment_method", "its one member's name, instrument masked"))
    }
    let bankReference = item["bank_reference"]?.nonEmptyScalarText
    if bankReference != nil { mapping.append(.init("bank_reference", from: ".bank_reference", "as sent (UTR)")) }
    let authID = item["auth_id"]?.nonEmptyScalarText
    if authID != nil { mapping.append(.init("auth_id", from: ".auth_id", "as sent")) }
    let time = item["payment_time"]?.stringValue.flatMap(Timestamp.iso)
    if time != nil { mapping.append(.init("time", from: ".payment_time", "ISO-8601 with its offset, as sent")) }
    let details = item["error_details"]
    let failure = Payment.Failure(
      code: details?["error_code"]?.nonEmptyString, description: details?["error_description"]?.nonEmptyString,
      reason: details?["error_reason"]?.nonEmptyString, source: details?["error_source"]?.nonEmptyString)
    if !failure.isEmpty {
      mapping.append(
        .init("error", from: ".error_details", "error_code, error_description, error_reason, error_source"))
    }
    let offer = Self.offer(item["payment_offers"])
    if offer != nil { mapping.append(.init("offer", from: ".payment_offers", "the first offer's id or title")) }
    let surcharge = Self.surcharge(item["payment_surcharge"], currency: currency)
    if surcharge != nil {
      mapping.append(
        .init(
          "surcharge", from: ".payment_surcharge",
          "payment_surcharge_service_charge + payment_surcharge_service_tax, in major units of \(currency)"))
    }
    return Payment(
      gatewayPaymentID: id, status: status, rawStatus: raw, amount: amount, method: method, instrument: instrument,
      bankReference: bankReference, authID: authID, time: time, failure: failure, offer: offer,
      surcharge: surcharge, mapping: mapping)
  }

  /// The method's name (the one member of `payment_method`) and its instrument, a card masked to its last
  /// four digits whatever the answer holds.
  static func method(_ value: JSONValue?) -> (String?, String?) {
    guard case .object(let object)? = value, let member = object.members.first else { return (nil, nil) }
    let details = member.value
    let instrument: String?
    switch member.key {
    case "card":
      let digits = (details["card_number"]?.stringValue ?? "").filter(\.isNumber)
      let last = digits.count >= 4 ? "•••• " + String(digits.suffix(4)) : nil
      instrument = [details["card_network"]?.nonEmptyString, last].compactMap { $0 }.joined(separator: " ")
    case "upi": instrument = details["upi_id"]?.nonEmptyString
    case "netbanking": instrument = details["netbanking_bank_name"]?.nonEmptyString
    case "app", "cardless_emi", "paylater", "emi": instrument = details["provider"]?.nonEmptyString
    default: instrument = nil
    }
    return (member.key.lowercased(), instrument.flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The first offer of `payment_offers` (an array of `{offer_id, offer_type, offer_meta: {offer_title}}`).
  static func offer(_ value: JSONValue?) -> String? {
    guard case .array(let offers)? = value, let first = offers.first else { return nil }
    return first["offer_id"]?.nonEmptyScalarText
      ?? first["offer_meta"]?["offer_title"]?.nonEmptyString ?? first["offer_type"]?.nonEmptyString ?? "an offer"
  }

  /// The surcharge of `payment_surcharge` when it is more than nothing.
  static func surcharge(_ value: JSONValue?, currency: String) -> Money? {
    guard let value else { return nil }
    let parts = ["payment_surcharge_service_charge", "payment_surcharge_service_tax"].compactMap { key -> Money? in
      guard case .number(let number)? = value[key] else { return nil }
      return Money.major(number, currency: currency)
    }
    // Two amounts from the answer: their sum may not fit (Int addition would trap); then it is not read.
    guard let total = CaseMath.total(parts)?.minorUnits ?? (parts.isEmpty ? 0 : nil) else { return nil }
    return total == 0 ? nil : Money(minorUnits: total, currency: currency)
  }
}
