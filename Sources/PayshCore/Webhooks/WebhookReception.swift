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

  /// The snapshot of `request` (not yet numbered or stored), what it says, and its verdict.
  func receive(_ request: WebhookListener.Request) -> (Snapshot, WebhookEvent, WebhookVerdict) {
    let capture = CapturedWebhook(headers: request.headers, body: request.body)
    let json = try? JSONParser.parse(request.body)
    let event = WebhookEvent(json: json)
    let verdict = judge(capture, request, isJSON: json != nil)
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
      fetchedAt: Clock.utcText(seconds: request.receivedAt / 1_000, milliseconds: request.receivedAt % 1_000),
      latencyMicroseconds: 0,
      retries: [], order: nil)
    return (snapshot, event, verdict)
  }

  /// The answer paysh gives the gateway when it keeps the delivery (the merchant's, when forwarded).
  static func answer(_ verdict: WebhookVerdict) -> WebhookListener.Answer {
    let status = verdict.forwardedTo == nil ? 200 : verdict.forwardedStatus ?? 502
    return WebhookListener.Answer(
      status: status, headers: [HTTPHeader("content-type", "text/plain; charset=utf-8")] + verdict.headers,
      body: Array("received by paysh\n".utf8))
  }

  func judge(_ capture: CapturedWebhook, _ request: WebhookListener.Request, isJSON: Bool) -> WebhookVerdict {
    if request.bodyBytes > request.body.count {
      return WebhookVerdict(
        signature: .bad,
        reason:
          "the body is \(request.bodyBytes) bytes, over the \(WebhookListener.maxBytes >> 20) MiB paysh keeps: "
          + "only its first \(request.body.count) are stored, so the signature cannot be checked")
    }
    guard let key else {
      return WebhookVerdict(
        signature: .unchecked, reason: "not checked: EnKash does not publish its checksum algorithm")
    }
    let verifier = WebhookVerifier(
      key: key, others: others, windowMilliseconds: windowMilliseconds, nowMilliseconds: request.receivedAt)
    let read = ["x-webhook-signature", "x-webhook-timestamp", "x-paytring-signature"]
    if let twice = capture.headers.conflicting(read) {
      return WebhookVerdict(signature: .bad, reason: "two different \(twice) headers: which one was signed is unclear")
    }
    let report = gateway == "paytring" ? verifier.paytring(capture) : verifier.cashfree(capture)
    let reason = Self.reason(report, key: key)
    if report.ok, !isJSON {
      return WebhookVerdict(signature: .bad, reason: reason + ", but the body is not JSON: no event can be read")
    }
    return WebhookVerdict(signature: report.ok ? .ok : .bad, reason: reason)
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
