import PayshJSON

/// The rules on statuses across answers and on the gateway's own words: basis in docs/CHECKS.md.
extension CheckRules {
  static let statusRules: [CheckRule] = [
    CheckRule(
      "status_backwards", .warning, needs: [],
      "a later answer shows an earlier state (PAID → ACTIVE); a late authorisation (FAILED → SUCCESS) is said as info",
      alsoSays: (
        "late_authorisation", .info, "an attempt FAILED in one answer and SUCCESS in a later one (allowed)"
      )
    ) { orderCase, _ in
      var verdicts: [Verdict] = []
      var lastOrder: OrderCase.HistoryPoint?
      var lastPayment: [String: (OrderCase.HistoryPayment, CaseSource)] = [:]
      for point in orderCase.history {
        if let status = point.orderStatus {
          if let before = lastOrder, let was = before.orderStatus, CheckRules.wentBack(from: was, to: status) {
            verdicts.append(
              Verdict(
                "status_backwards", .warning,
                "the order was \(before.orderRaw) in \(before.source.ref) and \(point.orderRaw) later, in "
                  + "\(point.source.ref): an order's status does not go back",
                evidence: [
                  Evidence(ref: before.source.ref, path: before.orderPath),
                  Evidence(ref: point.source.ref, path: point.orderPath),
                ]))
          }
          lastOrder = point
        }
        for payment in point.payments {
          defer { lastPayment[payment.id] = (payment, point.source) }
          guard let (before, source) = lastPayment[payment.id], before.status != payment.status else { continue }
          let evidence = [
            Evidence(ref: source.ref, path: before.path), Evidence(ref: point.source.ref, path: payment.path),
          ]
          if payment.status == .success, [.failed, .dropped, .cancelled, .pending].contains(before.status) {
            verdicts.append(
              Verdict(
                "late_authorisation", .info,
                "payment \(payment.id) was \(before.raw) in \(source.ref) and \(payment.raw) in \(point.source.ref): "
                  + "a late authorisation, which is allowed",
                evidence: evidence))
          } else if before.status == .success {
            verdicts.append(
              Verdict(
                "status_backwards", .warning,
                "payment \(payment.id) was \(before.raw) in \(source.ref) and \(payment.raw) later, in "
                  + "\(point.source.ref): a successful attempt does not go back",
                evidence: evidence))
          }
        }
      }
      return verdicts
    },
    CheckRule(
      "status_words_disagree", .warning, needs: [.order], gateways: ["paytring", "enkash"],
      "Paytring order_status against unmapped_status; EnKash orderStatus / paymentStatus against paidAmount"
    ) { orderCase, _ in
      guard let body = orderCase.orderBody, let source = orderCase.order.source else { return [] }
      return orderCase.gateway == "paytring"
        ? CheckRules.paytringWords(body, source.ref) : CheckRules.enkashWords(body, source.ref)
    },
  ]

  /// True when `to` is an earlier state than `from`: out of PAID or REFUNDED to anything but REFUNDED, or
  /// out of a final state (FAILED, CANCELLED, EXPIRED) back to open. EXPIRED → PAID is legal (Cashfree).
  static func wentBack(from: OrderStatus, to: OrderStatus) -> Bool {
    switch (from, to) {
    case (.paid, .refunded), (_, .unknown), (.unknown, _): false
    case (.paid, _), (.refunded, _): from != to
    case (.failed, .open), (.failed, .pending), (.cancelled, .open), (.cancelled, .pending), (.expired, .open),
      (.expired, .pending):
      true
    default: false
    }
  }

  /// Paytring's word and the processor's, grouped by what they mean (Paytm's TXN_* words, Razorpay's).
  static func paytringMeaning(_ word: String) -> String? {
    switch word.uppercased() {
    case "SUCCESS", "TXN_SUCCESS", "CAPTURED", "PAID", "CHARGED": "success"
    case "FAILED", "FAILURE", "TXN_FAILURE", "DECLINED": "failed"
    case "PENDING", "TXN_PENDING", "INITIATED", "AUTHORIZED", "CREATED", "OPEN": "pending"
    default: nil
    }
  }

  static func paytringWords(_ body: JSONValue, _ ref: String) -> [Verdict] {
    guard let order = body["order"], let said = order["order_status"]?.nonEmptyString,
      let processor = order["unmapped_status"]?.nonEmptyString
    else { return [] }
    // A refunded order's processor word is the payment's own success.
    let paytring = said.lowercased() == "refunded" ? "success" : paytringMeaning(said)
    guard let paytring, let other = paytringMeaning(processor), paytring != other else { return [] }
    let via = order["pg"]?.nonEmptyString.map { " (\($0))" } ?? ""
    return [
      Verdict(
        "status_words_disagree", .warning,
        "Paytring says \(said) but the processor\(via) says \(processor): one of them is wrong; ask Paytring which",
        evidence: [Evidence(ref: ref, path: ".order.order_status"), Evidence(ref: ref, path: ".order.unmapped_status")])
    ]
  }

  static func enkashWords(_ body: JSONValue, _ ref: String) -> [Verdict] {
    guard let (envelope, payload) = EnKashNormalizer.payload(body) else { return [] }
    let orderWord = payload["orderStatus"]?.stringValue ?? ""
    let paymentWord = payload["paymentStatus"]?.stringValue ?? ""
    guard case .number(let number)? = payload["paidAmount"], let paid = Money.major(number, currency: "INR") else {
      return []
    }
    let successWords = ["SUCCESS", "REFUNDED", "PARTIALLY_REFUNDED"]
    let saysPaid =
      successWords.contains(orderWord.uppercased()) || successWords.contains(paymentWord.uppercased())
    let saysUnpaid = ["FAILED", "CANCELLED", "EXPIRED", "CREATED"].contains(paymentWord.uppercased())
    let evidence = ["orderStatus", "paymentStatus", "paidAmount"].map { Evidence(ref: ref, path: ".\(envelope).\($0)") }
    let words = "orderStatus \(orderWord), paymentStatus \(paymentWord)"
    if saysPaid, paid.minorUnits == 0 {
      return [
        Verdict(
          "status_words_disagree", .warning, "EnKash says \(words) but paidAmount is \(paid): nothing was paid",
          evidence: evidence)
      ]
    }
    if saysUnpaid, paid.minorUnits > 0 {
      return [
        Verdict(
          "status_words_disagree", .warning, "EnKash says \(words) but paidAmount is \(paid): something was paid",
          evidence: evidence)
      ]
    }
    if orderWord.uppercased() == "SUCCESS", !successWords.contains(paymentWord.uppercased()) {
      return [
        Verdict(
          "status_words_disagree", .warning, "EnKash says \(words): the order succeeded but its payment did not",
          evidence: evidence)
      ]
    }
    return []
  }
}
