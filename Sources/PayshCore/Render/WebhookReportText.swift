import PayshJSON

/// What `verify` prints: what the webhook is, then one line for its signature and one for its time, each
/// saying what is wrong and what to do. Everything the capture holds is made safe here.
struct WebhookReportText {
  let style: TextStyle
  /// What its age is measured to: `it was received` (--received-at), or `now`.
  var moment = "now"

  func text(_ report: WebhookVerifier.Report, _ capture: CapturedWebhook, _ verifier: WebhookVerifier) -> String {
    var out = "webhook: " + summary(capture) + "\n"
    if let origin = capture.origin { out += "from: " + TerminalText.inline(origin) + "\n" }
    out += "signature: " + signature(report.signature, verifier) + "\n"
    if report.dated || !isMissing(report.age) { out += "timestamp: " + age(report.age, verifier) + "\n" }
    if case .matchesAssumed = report.signature {
      out += style.yellow("verified as far as the assumed scheme covers") + "\n"
    } else {
      out += report.ok ? style.green("verified") + "\n" : style.red("not verified") + "\n"
    }
    return out
  }

  func isMissing(_ age: WebhookVerifier.Age) -> Bool {
    if case .missing = age { return true }
    return false
  }

  /// `PAYMENT_SUCCESS_WEBHOOK, order cf_sim_paid, payment 6000000301 SUCCESS ₹1,500.00 (412 bytes)`.
  func summary(_ capture: CapturedWebhook) -> String {
    TerminalText.inline(WebhookEvent(body: capture.body).summary) + " (\(capture.body.count) bytes)"
  }

  func signature(_ signature: WebhookVerifier.Signature, _ verifier: WebhookVerifier) -> String {
    let bad = style.red("BAD") + ": "
    switch signature {
    case .matches: return style.green("ok") + " (made with \(verifier.key.label))"
    case .missing(let header):
      return bad + "no \(header) in the capture: copy it from the request's headers"
    case .otherKey(let label):
      return bad + "it was made with \(label), not \(verifier.key.label): the verifier holds the wrong secret, "
        + "or the webhook came from that environment"
    case .bodyChanged(let form):
      return bad + "the body was changed after it was signed: the gateway signed it \(form). "
        + "Verify the raw body as received, before any JSON parsing"
    case .matchesAssumed(let caveat):
      return style.green("ok") + " (made with \(verifier.key.label)); " + style.yellow("but") + " \(caveat)"
    case .needsTimestamp:
      return bad + "no x-webhook-timestamp: it is part of the signed message (timestamp + body): give --timestamp"
    case .noMatchTooBig:
      return bad + "it matches neither \(verifier.key.label) nor any other secret held; the body is over "
        + "\(BodyForms.maxBytes >> 10) KiB, so paysh did not try it re-written"
    case .noMatch:
      return bad + "it matches neither \(verifier.key.label)"
        + (verifier.others.isEmpty ? "" : " nor any other secret held (\(verifier.others.count))")
        + " nor the body re-written the common ways: a wrong secret, or a body changed another way"
    }
  }

  func age(_ age: WebhookVerifier.Age, _ verifier: WebhookVerifier) -> String {
    let window = Instant.duration(verifier.windowMilliseconds / 1_000)
    switch age {
    case .missing(let header): return style.red("BAD") + ": no \(header) in the capture"
    case .unreadable(let text):
      return style.red("BAD") + ": '\(TerminalText.inline(text))' is not epoch milliseconds"
    case .seconds(let text):
      return style.red("BAD") + ": \(text) has \(text.count) digits: seconds, where Cashfree sends milliseconds "
        + "(13 digits); sign the header exactly as received, and divide by 1000 only to compare with a clock"
    case .age(let milliseconds, let inside):
      let when = Instant.duration(milliseconds / 1_000) + (milliseconds >= 0 ? " before" : " after")
      let verdict =
        inside
        ? "inside the \(window) window"
        : style.red("BAD") + ": outside the \(window) window"
          + (milliseconds >= 0
            ? " (too old: a replayed or late-retried delivery)" : " (in the future: check the receiver's clock)")
      return "\(when) \(moment): \(verdict)"
    }
  }
}
