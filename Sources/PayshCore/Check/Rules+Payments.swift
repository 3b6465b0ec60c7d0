/// The rules on an order's attempts: basis in docs/CHECKS.md (Cashfree's order and payment lifecycles).
extension CheckRules {
  static let paymentRules: [CheckRule] = [
    CheckRule(
      "paid_without_payment", .error, needs: [.order, .payments],
      "the order is PAID but no attempt is SUCCESS"
    ) { orderCase, _ in
      guard let order = orderCase.order.items.first, order.value.status == .paid,
        !orderCase.payments.values.contains(where: { $0.status == .success })
      else { return [] }
      let attempts = orderCase.payments.items
      let said =
        attempts.isEmpty
        ? "no attempt at all"
        : "\(attempts.count) attempt\(attempts.count == 1 ? "" : "s"), none SUCCESS ("
          + attempts.map(\.value.rawStatus).joined(separator: ", ") + ")"
      let evidence =
        attempts.isEmpty
        ? orderCase.payments.source.map { [Evidence(ref: $0.ref, path: "")] } ?? []
        : attempts.map { $0.evidence("status") }
      return [
        Verdict(
          "paid_without_payment", .error, "the order is \(order.value.rawStatus) but the gateway shows \(said)",
          evidence: [order.evidence("status")] + evidence)
      ]
    },
    CheckRule(
      "charged_not_paid", .error, needs: [.order, .payments],
      "a SUCCESS attempt on an order not PAID (after a grace window; an EXPIRED order may still become PAID)"
    ) { orderCase, thresholds in
      guard let order = orderCase.order.items.first, ![.paid, .refunded].contains(order.value.status) else {
        return []
      }
      let grace = thresholds.graceMinutes * 60
      return orderCase.payments.items.filter { $0.value.status == .success }.map { payment in
        let age = CaseMath.age(payment.value.time, in: orderCase)
        let evidence = [payment.evidence("status"), payment.evidence("time"), order.evidence("status")]
        let took = "\(CaseMath.name(payment.value)) took \(CaseMath.money(payment.value.amount))"
        let word = order.value.rawStatus
        if let age, age < grace {
          let expired =
            order.value.status == .expired
            ? "; an EXPIRED order still becomes PAID when an attempt started before expiry succeeds" : ""
          return Verdict(
            "charged_not_paid", .info,
            "\(took) \(Instant.duration(age)) ago and the order is still \(word): not yet, within the "
              + "\(thresholds.graceMinutes)-minute grace window\(expired)",
            evidence: evidence)
        }
        let when = age.map { ", \(Instant.duration($0)) ago," } ?? ""
        return Verdict(
          "charged_not_paid", .error,
          "\(took)\(when) but the order is still \(word): the customer was charged and the order not marked paid",
          evidence: evidence)
      }
    },
    CheckRule(
      "double_charge", .error, needs: [.payments],
      "more than one SUCCESS attempt, and whether a refund covers each extra one"
    ) { orderCase, _ in
      let successes = orderCase.payments.items.filter { $0.value.status == .success }
        .sorted {
          ($0.value.time?.instant ?? Instant(seconds: .max)) < ($1.value.time?.instant ?? Instant(seconds: .max))
        }
      guard let first = successes.first, successes.count > 1 else { return [] }
      let covers = RefundCovers(orderCase.refunds.items)
      return successes.dropFirst().map { extra in
        let evidence = [first.evidence("status"), extra.evidence("status"), extra.evidence("amount")]
        let charged =
          "\(CaseMath.name(extra.value)) took \(CaseMath.money(extra.value.amount)) after "
          + "\(CaseMath.name(first.value)) had succeeded: the customer was charged twice"
        guard case .known = orderCase.refunds else {
          return Verdict(
            "double_charge", .error, charged + "; whether it was refunded is not known (no refunds answer)",
            evidence: evidence)
        }
        guard let cover = covers.first(for: extra.value) else {
          return Verdict("double_charge", .error, charged + ", and no refund covers it", evidence: evidence)
        }
        let kind = cover.value.type ?? "refund"
        let done = cover.value.status == .success
        return Verdict(
          "double_charge", done ? .info : .warning,
          charged + "; \(CaseMath.name(cover.value)) (\(kind), \(cover.value.rawStatus)) "
            + (done ? "gave it back" : "is to give it back"),
          evidence: evidence + [cover.evidence("payment_id"), cover.evidence("status")])
      }
    },
    CheckRule(
      "amount_unexplained", .info, needs: [.order, .payments], gateways: ["cashfree", "paytring"],
      "a SUCCESS attempt of another amount than the order, no offer or surcharge explaining it"
    ) { orderCase, _ in
      guard let order = orderCase.order.items.first, let ordered = order.value.amount else { return [] }
      return orderCase.payments.items.compactMap { payment in
        guard payment.value.status == .success, let paid = payment.value.amount, paid.currency == ordered.currency,
          paid.minorUnits != ordered.minorUnits, payment.value.offer == nil, payment.value.surcharge == nil
        else { return nil }
        // Exactly: the two amounts may be far apart (a crafted answer), and Int subtraction would trap.
        let apart = CaseMath.Wide([paid.minorUnits]) - CaseMath.Wide([ordered.minorUnits])
        let difference = CaseMath.money(apart.magnitude, currency: paid.currency)
        return Verdict(
          "amount_unexplained", .info,
          "\(CaseMath.name(payment.value)) took \(paid) for an order of \(ordered), and no offer or surcharge "
            + "explains the \(difference) between them",
          evidence: [payment.evidence("amount"), order.evidence("amount")])
      }
    },
    CheckRule(
      "stuck_attempt", .warning, needs: [.order, .payments],
      "a PENDING or NOT_ATTEMPTED attempt older than the stuck window, on an order not PAID"
    ) { orderCase, thresholds in
      guard let order = orderCase.order.items.first, ![.paid, .refunded].contains(order.value.status) else {
        return []
      }
      return orderCase.payments.items.compactMap { payment in
        guard [.pending, .notAttempted].contains(payment.value.status),
          let age = CaseMath.age(payment.value.time, in: orderCase), age > thresholds.stuckMinutes * 60
        else { return nil }
        return Verdict(
          "stuck_attempt", .warning,
          "\(CaseMath.name(payment.value)) has been \(payment.value.rawStatus) for \(Instant.duration(age)): "
            + "past \(thresholds.stuckMinutes) minutes it needs reconciling with the bank",
          evidence: [payment.evidence("status"), payment.evidence("time")])
      }
    },
  ]
}

/// The refunds that may give an extra charge back, by payment id: the first SUCCESS, PENDING or ONHOLD refund
/// of that payment of at least the charge's amount, found without reading every refund for every charge (an
/// answer may hold 100,000 of each).
struct RefundCovers {
  /// Per payment id, the counted refunds in answer order and the largest amount up to each.
  private var byPayment: [String: (refunds: [Located<Refund>], largest: [Int])] = [:]

  init(_ refunds: [Located<Refund>]) {
    for refund in refunds {
      guard let id = refund.value.paymentID, [.success, .pending, .onHold].contains(refund.value.status) else {
        continue
      }
      let amount = refund.value.amount?.minorUnits ?? 0
      // In place: a copy of the entry would copy its arrays for every refund.
      let largest = max(byPayment[id]?.largest.last ?? .min, amount)
      byPayment[id, default: ([], [])].refunds.append(refund)
      byPayment[id, default: ([], [])].largest.append(largest)
    }
  }

  /// The first refund covering `payment` (as the rule reads it: of its id, at least its amount), if any.
  func first(for payment: Payment) -> Located<Refund>? {
    guard let id = payment.gatewayPaymentID, let entry = byPayment[id] else { return nil }
    let wanted = payment.amount?.minorUnits ?? .max
    // `largest` never decreases: the first index reaching `wanted` is the first refund that does.
    var (low, high) = (0, entry.largest.count)
    while low < high {
      let middle = (low + high) / 2
      if entry.largest[middle] >= wanted { high = middle } else { low = middle + 1 }
    }
    return low < entry.refunds.count ? entry.refunds[low] : nil
  }
}
