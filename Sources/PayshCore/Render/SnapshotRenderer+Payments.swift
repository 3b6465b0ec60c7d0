/// The payments table: one row per attempt, the normalized status beside the raw word.
extension SnapshotRenderer {
  public func payments(_ payments: [Payment]) -> String {
    guard !payments.isEmpty else { return "payments: none\n" }
    var table = TextTable(["PAYMENT", "STATUS", "AMOUNT", "METHOD", "BANK REF", "TIME", "ERROR"], rightAligned: [2])
    for payment in payments {
      let failure = payment.failure
      let error = [failure.code, failure.description].compactMap { $0 }.joined(separator: ": ")
      table.add([
        payment.gatewayPaymentID ?? "?",
        "\(payment.status.rawValue) (\(payment.rawStatus.isEmpty ? "?" : payment.rawStatus))",
        payment.amount?.description ?? "?",
        [payment.method, payment.instrument].compactMap { $0 }.joined(separator: " "),
        payment.bankReference ?? "", payment.time?.description ?? "", error,
      ])
    }
    return table.render(style: style)
  }

  /// What `show --mapping` says of a payments answer: each column and where it was read, from the first
  /// attempt that has it.
  public func paymentMapping(_ payments: [Payment]) -> [Order.FieldMapping] {
    var seen = Set<String>()
    var rows: [Order.FieldMapping] = []
    for payment in payments {
      for row in payment.mapping where seen.insert(row.field).inserted { rows.append(row) }
    }
    return rows
  }
}
