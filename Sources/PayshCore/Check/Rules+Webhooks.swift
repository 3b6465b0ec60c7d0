/// The rules on webhooks received (`listen`, `trigger`) against the answers fetched: basis in docs/CHECKS.md.
///
/// Both read only what the session holds: a webhook and the order answers after it; a listening's record and
/// the successful attempts. With nothing received and no listening, neither says anything.
extension CheckRules {
  /// A webhook may arrive this long after the payment it is about and still count as on time.
  static let webhookGraceSeconds = 60

  static let webhookRules: [CheckRule] = [
    CheckRule(
      "webhook_success_not_paid", .error, needs: [],
      "a webhook said a payment succeeded, and the order fetched after it is not PAID"
    ) { orderCase, _ in
      orderCase.webhooks.compactMap { webhook -> Verdict? in
        guard webhook.event.saysPaid else { return nil }
        let after = orderCase.history.last { point in
          point.orderStatus != nil && point.source.fetchedAt > webhook.source.fetchedAt
        }
        guard let after, let status = after.orderStatus, status != .paid, status != .refunded else { return nil }
        let what = webhook.event.paymentID.map { "payment \($0)" } ?? "the payment"
        var said =
          "the webhook \(webhook.source.ref) (\(webhook.event.type ?? "no type")) says \(what) succeeded, "
          + "but the order fetched after it, in \(after.source.ref), is \(after.orderRaw)"
        switch webhook.verdict?.signature {
        case .bad?:
          said +=
            "; and the webhook's signature is BAD (\(webhook.verdict?.reason ?? "")): it may be forged, "
            + "do not fulfil on it"
        case .ok?: said += ": do not fulfil on the webhook alone until the order is PAID"
        default: said += ": do not fulfil on the webhook alone"
        }
        // A webhook whose signature failed may not be the gateway's at all: a warning to look at, not an error.
        return Verdict(
          "webhook_success_not_paid", webhook.verdict?.signature == .bad ? .warning : .error, said,
          evidence: [
            Evidence(ref: webhook.source.ref, path: webhook.event.paymentID == nil ? ".type" : ".data.payment"),
            Evidence(ref: after.source.ref, path: after.orderPath),
          ])
      }
    },
    CheckRule(
      "webhook_missing", .warning, needs: [],
      "a payment succeeded while paysh was listening and no webhook for it arrived"
    ) { orderCase, _ in
      guard !orderCase.listening.isEmpty, case .known = orderCase.payments else { return [] }
      // Only a webhook that is the gateway's (its signature held, or could not be checked) and says the
      // payment succeeded counts: a forged or failed one does not silence the rule.
      let genuine = orderCase.webhooks.filter { $0.verdict?.signature != .bad && $0.event.saysPaid }
      let heard = Set(genuine.compactMap(\.event.paymentID))
      let heardPaid = genuine.contains { $0.event.paymentID == nil }
      return orderCase.payments.items.compactMap { located -> Verdict? in
        let payment = located.value
        guard payment.status == .success, let id = payment.gatewayPaymentID, !heard.contains(id), !heardPaid,
          let time = payment.time?.instant,
          let window = orderCase.listening.first(where: { window in
            window.listensForPayments && window.from <= time
              && time.seconds + CheckRules.webhookGraceSeconds <= window.until.seconds
          })
        else { return nil }
        return Verdict(
          "webhook_missing", .warning,
          "payment \(id) succeeded at \(payment.time?.iso8601 ?? "?") while paysh was listening "
            + "(\(window.source.ref), \(Clock.utcText(seconds: window.from.seconds)) to "
            + "\(Clock.utcText(seconds: window.until.seconds))), and no webhook for it "
            + "arrived: check the endpoint registered with the gateway, its event list and the gateway's webhook logs",
          evidence: [located.evidence("status"), Evidence(ref: window.source.ref, path: ".from")])
      }
    },
  ]
}
