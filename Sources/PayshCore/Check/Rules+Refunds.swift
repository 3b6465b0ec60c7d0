/// The rules on refunds and the settlement: basis in docs/CHECKS.md (Cashfree's refunds and settlement
/// entities, and its samples of settlement arithmetic).
extension CheckRules {
  static let refundRules: [CheckRule] = [
    CheckRule(
      "over_refund", .error, needs: [.payments, .refunds],
      "refunds SUCCESS + PENDING + ONHOLD add up to more than was captured"
    ) { orderCase, _ in
      let captured = orderCase.payments.items.filter { $0.value.status == .success }
      let counted = orderCase.refunds.items.filter { [.success, .pending, .onHold].contains($0.value.status) }
      // Summed exactly (in 128 bits): amounts near Int.max must not trap, nor hide an over-refund.
      let refundAmounts = counted.compactMap(\.value.amount)
      let capturedAmounts = captured.compactMap(\.value.amount)
      guard !counted.isEmpty, let currency = refundAmounts.first?.currency else { return [] }
      let currencies = Set((refundAmounts + capturedAmounts).map(\.currency))
      guard currencies.count == 1 else {
        // Never added across currencies, and never silent about it.
        return [
          Verdict(
            "over_refund", .info,
            "the refunds and payments are in \(currencies.sorted().joined(separator: " and ")): not added together, "
              + "so whether more was refunded than captured cannot be said",
            evidence: counted.map { $0.evidence("amount") } + captured.map { $0.evidence("amount") })
        ]
      }
      let refunded = CaseMath.Wide(refundAmounts.map(\.minorUnits))
      let capturedTotal = CaseMath.Wide(capturedAmounts.map(\.minorUnits))
      guard capturedTotal < refunded else { return [] }
      let byStatus = counted.map { "\($0.value.rawStatus) \(CaseMath.money($0.value.amount))" }
      let over = CaseMath.money(refunded - capturedTotal, currency: currency)
      return [
        Verdict(
          "over_refund", .error,
          "refunds of \(CaseMath.money(refunded, currency: currency)) (\(byStatus.joined(separator: " + "))) are "
            + "more than the \(CaseMath.money(capturedTotal, currency: currency)) captured, by \(over)",
          evidence: counted.flatMap { [$0.evidence("amount"), $0.evidence("status")] }
            + captured.map { $0.evidence("amount") })
      ]
    },
    CheckRule(
      "refund_without_arn", .warning, needs: [.refunds],
      "a SUCCESS refund with no ARN, or processed before it was created"
    ) { orderCase, _ in
      orderCase.refunds.items.flatMap { refund -> [Verdict] in
        guard refund.value.status == .success else { return [] }
        var found: [Verdict] = []
        if refund.value.arn == nil {
          found.append(
            Verdict(
              "refund_without_arn", .warning,
              "\(CaseMath.name(refund.value)) is SUCCESS but has no ARN: the customer's bank cannot trace it",
              evidence: [
                refund.evidence("status"), Evidence(ref: refund.source.ref, path: refund.prefix + ".refund_arn"),
              ]))
        }
        if let created = refund.value.createdAt?.instant, let processed = refund.value.processedAt?.instant,
          processed < created
        {
          found.append(
            Verdict(
              "refund_without_arn", .warning,
              "\(CaseMath.name(refund.value)) was processed \(Instant.duration(created.seconds - processed.seconds)) "
                + "before it was created (\(refund.value.processedAt!) < \(refund.value.createdAt!))",
              evidence: [refund.evidence("processed_at"), refund.evidence("created_at")]))
        }
        return found
      }
    },
    CheckRule(
      "refund_pending_long", .warning, needs: [.refunds],
      "a PENDING or ONHOLD refund older than the refund window"
    ) { orderCase, thresholds in
      orderCase.refunds.items.compactMap { refund in
        guard [.pending, .onHold].contains(refund.value.status),
          let age = CaseMath.age(refund.value.createdAt, in: orderCase), age > thresholds.refundPendingDays * 86_400
        else { return nil }
        return Verdict(
          "refund_pending_long", .warning,
          "\(CaseMath.name(refund.value)) of \(CaseMath.money(refund.value.amount)) has been "
            + "\(refund.value.rawStatus) for \(Instant.duration(age)), longer than \(thresholds.refundPendingDays) days",
          evidence: [refund.evidence("status"), refund.evidence("created_at")])
      }
    },
  ]

  static let settlementRules: [CheckRule] = [
    CheckRule(
      "settlement_mismatch", .error, needs: [.settlement],
      "payment − service charge − service tax + adjustment ≠ settlement amount, exactly in minor units"
    ) { orderCase, _ in
      guard let settlement = orderCase.settlement.items.first else { return [] }
      let value = settlement.value
      let named: [(String, Money?)] = [
        ("payment_amount", value.paymentAmount), ("service_charge", value.serviceCharge),
        ("service_tax", value.serviceTax), ("settlement_amount", value.settlementAmount),
      ]
      let lacking = named.filter { $0.1 == nil }.map(\.0)
      guard lacking.isEmpty, let payment = value.paymentAmount, let charge = value.serviceCharge,
        let tax = value.serviceTax, let settled = value.settlementAmount,
        [charge, tax, settled].allSatisfy({ $0.currency == payment.currency })
      else {
        return [
          Verdict(
            "settlement_mismatch", .info,
            "the settlement's arithmetic cannot be checked: it lacks \(lacking.isEmpty ? "one currency" : lacking.joined(separator: ", "))",
            evidence: [settlement.whole])
        ]
      }
      // Exactly, in 128 bits: amounts from the gateway near Int.max must not trap.
      var expected = CaseMath.Wide([payment.minorUnits])
      expected.subtract(charge.minorUnits)
      expected.subtract(tax.minorUnits)
      expected.add(value.adjustment?.minorUnits ?? 0)
      let off = CaseMath.Wide([settled.minorUnits]) - expected
      guard off != CaseMath.Wide() else { return [] }
      let adjusted = value.adjustment.map { " + \($0)" } ?? ""
      return [
        Verdict(
          "settlement_mismatch", .error,
          "\(payment) − \(charge) − \(tax)\(adjusted) = \(CaseMath.money(expected, currency: payment.currency)), "
            + "but the settlement is \(settled) (off by \(CaseMath.money(off.magnitude, currency: payment.currency)))",
          evidence: ["payment_amount", "service_charge", "service_tax", "settlement_amount"].map(settlement.evidence)
            + (value.adjustment == nil ? [] : [settlement.evidence("adjustment")]))
      ]
    },
    CheckRule(
      "unsettled", .warning, needs: [.payments, .settlement],
      "a SUCCESS attempt older than the settlement window with no settlement"
    ) { orderCase, thresholds in
      guard orderCase.settlement.items.isEmpty, let source = orderCase.settlement.source else { return [] }
      return orderCase.payments.items.compactMap { payment in
        guard payment.value.status == .success, let age = CaseMath.age(payment.value.time, in: orderCase),
          age > thresholds.unsettledDays * 86_400
        else { return nil }
        return Verdict(
          "unsettled", .warning,
          "\(CaseMath.name(payment.value)) succeeded \(Instant.duration(age)) ago and has no settlement yet "
            + "(more than \(thresholds.unsettledDays) days)",
          evidence: [payment.evidence("time"), Evidence(ref: source.ref, path: "")])
      }
    },
  ]
}
