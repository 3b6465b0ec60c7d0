import PayshJSON

/// Judges one delivery `listen` received and makes it a snapshot: the signature checked in constant time
/// with the credentials in use, its time against the window, the headers and body redacted as a fetch's
/// answer is, and the verdict as the answer paysh gives. Reads nothing but what it is given.
struct WebhookReception {
  let gateway: String
  let environment: String
  let apiVersion: String
  /// nil for a gateway whose scheme is not public (EnKash).
  let key: WebhookVerifier.Key?
  let others: [WebhookVerifier.Key]
  let windowMilliseconds: Int
  let redactor: Redactor
  /// The URL the listener takes webhooks at (`http://127.0.0.1:4242`).
  let root: String

  /// One delivery as received: its snapshot (not yet numbered or stored), what it says, its verdict, and
  /// whether its time fell outside the window (the caller may ask the gateway's clock again and re-judge).
  struct Received {
    var snapshot: Snapshot
    var event: WebhookEvent
    var verdict: WebhookVerdict
    var timeOutside: Bool
  }

  /// `request` judged with the gateway's clock `offset` milliseconds from this machine's (the local
  /// simulator's clock is the fixture day's; 0 for a real gateway).
  func receive(_ request: WebhookListener.Request, offset: Int) -> Received {
    let capture = CapturedWebhook(headers: request.headers, body: request.body)
    let json = try? JSONParser.parse(request.body)
    let event = WebhookEvent(json: json)
    let (verdict, timeOutside) = judge(capture, request, now: request.receivedAt + offset, isJSON: json != nil)
    var body = request.body
    if let parsed = json {
      let redacted = redactor.json(parsed)
      if redacted.changed { body = Array(JSONPrinter.compact(redacted.value).utf8) }
    } else {
      body = Array(redactor.text(String(decoding: body, as: UTF8.self)).utf8)
    }
    let orderID = event.orderID.flatMap { id in
      // An id paysh would refuse to fetch is kept only in the body, not as the delivery's order.
      id.utf8.count <= 256 && !id.unicodeScalars.contains { $0.properties.generalCategory == .control } ? id : nil
    }
    let answer = WebhookReception.answer(verdict)
    let snapshot = Snapshot(
      number: 0, gateway: gateway, environment: environment,
      apiVersion: request.headers.first("x-webhook-version").map { TerminalText.inline($0) } ?? apiVersion,
      resource: Snapshot.webhookResource, orderID: redactor.text(orderID ?? ""), method: request.method,
      url: redactor.url(root + request.target), requestHeaders: redactor.headers(request.headers),
      requestBody: nil, status: answer.status, responseHeaders: answer.headers, body: body,
      fetchedAt: Clock.utcText(epochMilliseconds: request.receivedAt),
      latencyMicroseconds: 0,
      retries: [], order: nil)
    return Received(snapshot: snapshot, event: event, verdict: verdict, timeOutside: timeOutside)
  }

  /// The body of paysh's answer to a delivery it kept.
  static let answerText = "received by paysh\n"

  /// The answer paysh gives the gateway when it keeps the delivery (the merchant's, when forwarded).
  static func answer(_ verdict: WebhookVerdict) -> WebhookListener.Answer {
    let status = verdict.forwardedTo == nil ? 200 : verdict.forwardedStatus ?? 502
    return WebhookListener.Answer(
      status: status, headers: [HTTPHeader("content-type", "text/plain; charset=utf-8")] + verdict.headers,
      body: Array(answerText.utf8))
  }

  func judge(
    _ capture: CapturedWebhook, _ request: WebhookListener.Request, now: Int, isJSON: Bool
  ) -> (WebhookVerdict, timeOutside: Bool) {
    if request.bodyBytes > request.body.count {
      let verdict = WebhookVerdict(
        signature: .bad,
        reason:
          "the body is \(request.bodyBytes) bytes, over the \(WebhookListener.maxBytes >> 20) MiB paysh keeps: "
          + "only its first \(request.body.count) are stored, so the signature cannot be checked")
      return (verdict, false)
    }
    guard let key else {
      return (
        WebhookVerdict(signature: .unchecked, reason: "not checked: EnKash does not publish its checksum algorithm"),
        false
      )
    }
    let verifier = WebhookVerifier(
      key: key, others: others, windowMilliseconds: windowMilliseconds, nowMilliseconds: now)
    if let twice = capture.headers.conflicting(WebhookVerifier.signedHeaders) {
      let reason = "two different \(twice) headers: which one was signed is unclear"
      return (WebhookVerdict(signature: .bad, reason: reason), false)
    }
    let report = gateway == "paytring" ? verifier.paytring(capture) : verifier.cashfree(capture)
    let reason = Self.reason(report, key: key)
    let outside: Bool = if case .age(_, false) = report.age { true } else { false }
    if report.ok, !isJSON {
      return (
        WebhookVerdict(signature: .bad, reason: reason + ", but the body is not JSON: no event can be read"), false
      )
    }
    return (WebhookVerdict(signature: report.ok ? .ok : .bad, reason: reason), outside)
  }

  /// One line: what matched, or the first thing wrong.
  static func reason(_ report: WebhookVerifier.Report, key: WebhookVerifier.Key) -> String {
    switch report.signature {
    case .missing(let header): return "no \(header)"
    case .otherKey(let label): return "signed with \(label), not \(key.label)"
    case .bodyChanged(let form): return "the body was changed after it was signed (the gateway signed it \(form))"
    case .noMatch, .noMatchTooBig: return "the signature matches no secret held (\(key.label) in use)"
    case .needsTimestamp: return "no x-webhook-timestamp, which the signature covers"
    case .matchesAssumed: return "signature ok under the assumed scheme (Paytring does not document it)"
    case .matches: break
    }
    guard report.dated else { return "signature ok" }
    switch report.age {
    case .missing(let header): return "signature ok, but no \(header)"
    case .unreadable(let text): return "signature ok, but the timestamp '\(text)' is not epoch milliseconds"
    case .seconds(let text): return "signature ok, but the timestamp \(text) is in seconds, not milliseconds"
    case .age(let milliseconds, let inside):
      guard !inside else { return "signature ok" }
      let span = Instant.duration(abs(milliseconds) / 1_000)
      return milliseconds >= 0
        ? "signature ok, but sent \(span) before it arrived: outside the window (a replay or a late retry)"
        : "signature ok, but dated \(span) in the future: outside the window (check the clocks)"
    }
  }
}
