import Testing

@testable import PayshCore

/// Cashfree's webhook signature and `verify`'s reasons, against vectors computed outside paysh (Python's
/// hmac and base64 modules: `base64.b64encode(hmac.new(secret, ts + body, hashlib.sha256).digest())`).
@Suite struct WebhookSignatureTests {
  static let paid = Array(
    #"{"data":{"order":{"order_id":"cf_sim_paid","order_amount":170.00,"order_currency":"INR"},"payment":{"cf_payment_id":"6000000301","payment_status":"SUCCESS","payment_amount":170.00,"payment_currency":"INR"}},"event_time":"2025-05-05T12:19:19+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#
      .utf8)
  static let paidSignature = "QmId/EoaW00ouOitN/pIW1S/VQyyuYjZ5NczqTRGfAg="
  static let refund = Array(
    #"{"type":"REFUND_STATUS_WEBHOOK","data":{"refund":{"refund_id":"r_1","note":"café ☕ <ok> & done","refund_amount":1.5}},"event_time":"2025-01-01T00:00:00Z"}"#
      .utf8)
  static let refundSignature = "kw9GsD/02aySkb0edq9+6LWVG06qCwsTkjPmkcI42AU="
  static let secret = "TEST_SIM_CF_CLIENT_SECRET"
  static let received = 1_746_427_759_733 + 90_000

  static func verifier(others: [WebhookVerifier.Key] = []) -> WebhookVerifier {
    WebhookVerifier(
      key: .init("the client_secret of cashfree local", secret), others: others, windowMilliseconds: 300_000,
      nowMilliseconds: received)
  }

  static func capture(
    _ body: [UInt8], signature: String = paidSignature, timestamp: String = "1746427759733"
  )
    -> CapturedWebhook
  {
    CapturedWebhook(
      headers: [HTTPHeader("X-Webhook-Signature", signature), HTTPHeader("x-webhook-timestamp", timestamp)],
      body: body)
  }

  @Test func theSignatureIsTheIndependentlyComputedOne() {
    #expect(
      CashfreeWebhookSignature.sign(timestamp: "1746427759733", body: Self.paid, secret: Self.secret)
        == Self.paidSignature)
    #expect(
      CashfreeWebhookSignature.sign(timestamp: "1735689600123", body: Self.refund, secret: "sandbox-secret-Ω")
        == Self.refundSignature)
    #expect(
      !CashfreeWebhookSignature.matches(
        Self.paidSignature, timestamp: "1746427759734", body: Self.paid,
        secret: Self.secret))
    #expect(
      !CashfreeWebhookSignature.matches(
        String(Self.paidSignature.dropLast()), timestamp: "1746427759733",
        body: Self.paid, secret: Self.secret))
  }

  @Test func aWebhookSignedAndFreshVerifies() {
    let report = Self.verifier().cashfree(Self.capture(Self.paid))
    #expect(report.signature == .matches)
    #expect(report.age == .age(milliseconds: 90_000, inside: true))
    #expect(report.ok)
  }

  @Test func anotherHeldSecretIsNamed() {
    let report = Self.verifier(others: [.init("the client_secret of cashfree sandbox", "other")]).cashfree(
      Self.capture(
        Self.paid,
        signature: CashfreeWebhookSignature.sign(
          timestamp: "1746427759733", body: Self.paid, secret: "other")))
    #expect(report.signature == .otherKey("the client_secret of cashfree sandbox"))
    #expect(!report.ok)
  }

  @Test func aBodyParsedAndWrittenAgainByPythonIsFoundOut() {
    // json.dumps(json.loads(body)): spaces after , and :, and 170.00 read as a float and written 170.0.
    let python = Array(
      #"{"data": {"order": {"order_id": "cf_sim_paid", "order_amount": 170.0, "order_currency": "INR"}, "payment": {"cf_payment_id": "6000000301", "payment_status": "SUCCESS", "payment_amount": 170.0, "payment_currency": "INR"}}, "event_time": "2025-05-05T12:19:19+05:30", "type": "PAYMENT_SUCCESS_WEBHOOK"}"#
        .utf8)
    let report = Self.verifier().cashfree(Self.capture(python))
    #expect(
      report.signature
        == .bodyChanged(
          form: "written compact (JavaScript's JSON.stringify), amounts with two decimals (170 → 170.00)"))
    // Non-ASCII escaped by Python (caf\u00e9): the raw UTF-8 the gateway sent is found again.
    let escaped = Array(
      #"{"type": "REFUND_STATUS_WEBHOOK", "data": {"refund": {"refund_id": "r_1", "note": "caf\u00e9 \u2615 <ok> & done", "refund_amount": 1.5}}, "event_time": "2025-01-01T00:00:00Z"}"#
        .utf8)
    let refund = WebhookVerifier(
      key: .init("k", "sandbox-secret-Ω"), others: [], windowMilliseconds: 300_000, nowMilliseconds: 1_735_689_600_123
    ).cashfree(Self.capture(escaped, signature: Self.refundSignature, timestamp: "1735689600123"))
    #expect(refund.signature == .bodyChanged(form: "written compact (JavaScript's JSON.stringify)"))
    // A newline a logger added.
    #expect(
      Self.verifier().cashfree(Self.capture(Self.paid + [10])).signature
        == .bodyChanged(form: "with its trailing newline removed"))
  }

  @Test func aChangedAmountMatchesNothing() {
    var tampered = String(decoding: Self.paid, as: UTF8.self)
    tampered = tampered.replacingOccurrences(of: "170.00", with: "171.00")
    #expect(Self.verifier().cashfree(Self.capture(Array(tampered.utf8))).signature == .noMatch)
    #expect(Self.verifier().cashfree(Self.capture(Array("not json".utf8))).signature == .noMatch)
  }

  @Test func timestampsInSecondsStaleOrFutureAreFlagged() {
    #expect(Self.verifier().cashfree(Self.capture(Self.paid, timestamp: "1746427759")).age == .seconds("1746427759"))
    #expect(
      Self.verifier().cashfree(Self.capture(Self.paid, timestamp: "17464277597x")).age
        == .unreadable("17464277597x"))
    let old = Self.verifier().cashfree(Self.capture(Self.paid, timestamp: "1746427000000"))
    #expect(old.age == .age(milliseconds: Self.received - 1_746_427_000_000, inside: false))
    #expect(!old.ok)
    let future = Self.verifier().cashfree(Self.capture(Self.paid, timestamp: "1746428759733"))
    #expect(future.age == .age(milliseconds: Self.received - 1_746_428_759_733, inside: false))
    let missing = Self.verifier().cashfree(CapturedWebhook(headers: [], body: Self.paid))
    #expect(missing.signature == .missing(header: "x-webhook-signature"))
    #expect(missing.age == .missing(header: "x-webhook-timestamp"))
  }

  @Test func constantTimeComparisonIsEquality() {
    #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
    #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
    #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
    #expect(ConstantTime.equal([], []))
  }

  @Test func rawRequestsAreReadAsSent() throws {
    let head =
      "POST /hook HTTP/1.1\r\nHost: x\r\nx-webhook-signature: \(Self.paidSignature)\r\n"
      + "x-webhook-timestamp: 1746427759733\r\n"
    let plain = try CapturedWebhook.request(
      Array((head + "Content-Length: \(Self.paid.count)\r\n\r\n").utf8) + Self.paid + Array("trailing".utf8))
    #expect(plain.body == Self.paid)
    #expect(Self.verifier().cashfree(plain).ok)
    let half = Self.paid.count / 2
    let chunked = try CapturedWebhook.request(
      Array((head + "Transfer-Encoding: chunked\r\n\r\n" + String(half, radix: 16) + "\r\n").utf8)
        + Self.paid[..<half] + Array(("\r\n" + String(Self.paid.count - half, radix: 16) + "\r\n").utf8)
        + Self.paid[half...] + Array("\r\n0\r\n\r\n".utf8))
    #expect(chunked.body == Self.paid)
    let unixLines = try CapturedWebhook.request(
      Array("POST / HTTP/1.1\nx-webhook-timestamp: 1\n\n{}".utf8))
    #expect(unixLines.header("x-webhook-timestamp") == "1")
    #expect(unixLines.body == Array("{}".utf8))
    #expect(throws: CapturedWebhook.Unreadable.self) {
      try CapturedWebhook.request(Array((head + "Content-Length: 9999\r\n\r\n{}").utf8))
    }
    #expect(throws: CapturedWebhook.Unreadable.self) { try CapturedWebhook.request(Array("{}".utf8)) }
    #expect(throws: CapturedWebhook.Unreadable.self) {
      try CapturedWebhook.request(Array((head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n").utf8))
    }
  }

  @Test func harEntriesArePickedBySignatureOrNumber() throws {
    let body = String(decoding: Self.paid, as: UTF8.self)
    let quoted = JSONPrinter.quoted(body)
    let har = """
      {"log":{"entries":[{"request":{"headers":[{"name":"accept","value":"*/*"}],"postData":{"text":"{}"}}},\
      {"request":{"headers":[{"name":"x-webhook-signature","value":"\(Self.paidSignature)"},\
      {"name":"x-webhook-timestamp","value":"1746427759733"}],"postData":{"text":\(quoted)}}}]}}
      """
    let found = try CapturedWebhook.har(Array(har.utf8), entry: nil)
    #expect(found.body == Self.paid)
    #expect(found.origin == "entry 2 of 2", "the entry taken is named")
    #expect(Self.verifier().cashfree(found).ok)
    #expect(try CapturedWebhook.har(Array(har.utf8), entry: 1).body == Array("{}".utf8))
    #expect(throws: CapturedWebhook.Unreadable.self) { try CapturedWebhook.har(Array(har.utf8), entry: 3) }
    #expect(throws: CapturedWebhook.Unreadable.self) { try CapturedWebhook.har(Array("[]".utf8), entry: nil) }
  }

  @Test func paytringHashesAreCheckedAsItsRequestHash() {
    let secret = "TEST_SIM_PT_SECRET"
    let fields: [(String, String)] = [("order_id", "pt_1"), ("status", "success"), ("amount", "17000")]
    let hash = PaytringHash.hash(fields, secret: secret)
    let body = Array(#"{"order_id":"pt_1","status":"success","amount":"17000","hash":"\#(hash)"}"#.utf8)
    let verifier = WebhookVerifier(
      key: .init("the secret of paytring local", secret), others: [], windowMilliseconds: 1, nowMilliseconds: 0)
    #expect(verifier.paytring(CapturedWebhook(headers: [], body: body)).ok)
    let forged = Array(#"{"order_id":"pt_1","status":"success","amount":"99999","hash":"\#(hash)"}"#.utf8)
    #expect(verifier.paytring(CapturedWebhook(headers: [], body: forged)).signature == .noMatch)
  }
}

/// What the hostile review found (each failed before its fix).
@Suite struct WebhookReviewTests {
  @Test func aMissingTimestampIsNamedNotCalledAWrongSecret() {
    let capture = CapturedWebhook(
      headers: [HTTPHeader("x-webhook-signature", WebhookSignatureTests.paidSignature)],
      body: WebhookSignatureTests.paid)
    #expect(WebhookSignatureTests.verifier().cashfree(capture).signature == .needsTimestamp)
  }

  @Test func aBigBodyIsNotReWrittenForMinutes() {
    let big = Array(("{\"a\":\"" + String(repeating: "x", count: BodyForms.maxBytes) + "\"}").utf8)
    let report = WebhookSignatureTests.verifier().cashfree(WebhookSignatureTests.capture(big))
    #expect(report.signature == .noMatchTooBig)
  }

  @Test func twoDifferentSignaturesOrLengthsAreRefused() throws {
    let capture = CapturedWebhook(
      headers: [HTTPHeader("x-webhook-signature", "bad"), HTTPHeader("X-Webhook-Signature", "good")], body: [])
    #expect(capture.headers.conflicting(["x-webhook-signature"]) == "x-webhook-signature")
    #expect([HTTPHeader("a", "1"), HTTPHeader("a", "1")].conflicting(["a"]) == nil)
    #expect(throws: CapturedWebhook.Unreadable.self) {
      try CapturedWebhook.request(Array("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}".utf8))
    }
  }

  @Test func aPaytringMatchSaysWhatItDoesNotCover() {
    let secret = "TEST_SIM_PT_SECRET"
    let hash = PaytringHash.hash([("order_id", "pt_1")], secret: secret)
    let verifier = WebhookVerifier(
      key: .init("the secret of paytring local", secret), others: [], windowMilliseconds: 1, nowMilliseconds: 0)
    // The nested amount is not signed: a match is said with that caveat, never a plain "ok".
    let nested = Array(#"{"order_id":"pt_1","order":{"amount":"999999"}}"#.utf8)
    let report = verifier.paytring(
      CapturedWebhook(headers: [HTTPHeader("x-webhook-signature", hash)], body: nested))
    guard case .matchesAssumed(let caveat) = report.signature else {
      Issue.record("\(report.signature)")
      return
    }
    #expect(caveat.contains("nested objects and lists are not signed"))
    let text = WebhookReportText(style: .plain).text(report, CapturedWebhook(headers: [], body: nested), verifier)
    #expect(text.contains("verified as far as the assumed scheme covers") && !text.contains("\nverified\n"))
  }
}
