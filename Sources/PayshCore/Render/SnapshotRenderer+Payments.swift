/// The tables of an order's parts: one row per payment attempt or refund, paysh's status beside the raw word.
extension SnapshotRenderer {
  public func parts(_ parts: OrderParts) -> String {
    switch parts {
    case .payments(let payments): self.payments(payments)
    case .refunds(let refunds): self.refunds(refunds)
    case .settlement(let settlement): self.settlement(settlement)
    }
  }

  /// The settlement as labelled lines, the money in the order it adds up: payment − charge − tax +
  /// adjustment = settled.
  public func settlement(_ settlement: Settlement) -> String {
    var rows: [(String, String)] = []
    rows.append(("settlement", TerminalText.inline(settlement.settlementID ?? "?")))
    if let utr = settlement.utr { rows.append(("utr", TerminalText.inline(utr))) }
    if let payment = settlement.paymentID { rows.append(("payment", TerminalText.inline(payment))) }
    let money: [(String, Money?)] = [
      ("paid", settlement.paymentAmount), ("charge", settlement.serviceCharge), ("tax", settlement.serviceTax),
      ("adjustment", settlement.adjustment), ("settled", settlement.settlementAmount),
    ]
    // The currency is the gateway's word: escaped like the ids above.
    for (label, amount) in money {
      guard let amount else { continue }
      let text = TerminalText.inline(amount.description)
      rows.append((label, label == "settled" ? style.bold(text) : text))
    }
    if let settledOn = settlement.settledOn { rows.append(("settled on", TerminalText.inline(settledOn.description))) }
    return table(rows)
  }

  public func payments(_ payments: [Payment]) -> String {
    guard !payments.isEmpty else { return "payments: none\n" }
    var table = TextTable(["PAYMENT", "STATUS", "AMOUNT", "METHOD", "BANK REF", "TIME", "ERROR"], rightAligned: [2])
    for payment in payments {
      let failure = payment.failure
      table.add([
        payment.gatewayPaymentID ?? "?", Self.status(payment.status.rawValue, payment.rawStatus),
        payment.amount?.description ?? "?",
        [payment.method, payment.instrument].compactMap { $0 }.joined(separator: " "),
        payment.bankReference ?? "", payment.time?.description ?? "",
        [failure.code, failure.description].compactMap { $0 }.joined(separator: ": "),
      ])
    }
    return table.render(style: style)
  }

  public func refunds(_ refunds: [Refund]) -> String {
    guard !refunds.isEmpty else { return "refunds: none\n" }
    var table = TextTable(
      ["REFUND", "STATUS", "AMOUNT", "PAYMENT", "ARN", "TYPE", "CREATED", "PROCESSED"], rightAligned: [2])
    for refund in refunds {
      table.add([
        refund.refundID ?? refund.gatewayRefundID ?? "?", Self.status(refund.status.rawValue, refund.rawStatus),
        refund.amount?.description ?? "?", refund.paymentID ?? "", refund.arn ?? "", refund.type ?? "",
        refund.createdAt?.description ?? "", refund.processedAt?.description ?? "",
      ])
    }
    return table.render(style: style)
  }

  /// `success (SUCCESS)`: paysh's word and the gateway's.
  static func status(_ normalized: String, _ raw: String) -> String {
    "\(normalized) (\(raw.isEmpty ? "?" : raw))"
  }
}
