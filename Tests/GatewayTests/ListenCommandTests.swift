import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// `listen` as typed: deliveries POSTed to it over loopback are verified, stored as snapshots with their
/// verdicts, printed one line each; bad ones get their verdict and stay; forwarding records the merchant's
/// answer. The signatures here are made by Python's hmac (WebhookVectors), not by paysh's code.
@Suite("listen for webhooks")
struct ListenCommandTests {
  static let body = VerifyCommandTests.body

  /// Starts `script` (which ends in a `listen`) and returns the port it listens on, once it does.
  static func listening(_ harness: GatewayHarness) async throws -> Int {
    for _ in 0..<3_000 {  // up to 30 s: a loaded CI machine is slow to start a listener
      let out = harness.output.standardOutput
      if let range = out.range(of: "listening on http://127.0.0.1:") {
        let digits = out[range.upperBound...].prefix { $0.isNumber }
        if let port = Int(digits) { return port }
      }
      try await Task.sleep(for: .milliseconds(10))
    }
    throw CancellationError()
  }

  /// POSTs `body` with `headers` to the listener; the answer's status and headers.
  static func post(
    _ port: Int, _ body: [UInt8], _ headers: [HTTPHeader], path: String = "/hook"
  ) async throws -> IncomingResponse {
    let request = OutgoingRequest(method: "POST", url: "http://127.0.0.1:\(port)\(path)", headers: headers, body: body)
    return try await HTTPTransport(policy: .none).send(request).response
  }

  static func signed(_ body: String, timestamp: String, signature: String) -> [HTTPHeader] {
    [
      HTTPHeader("content-type", "application/json"), HTTPHeader("x-webhook-signature", signature),
      HTTPHeader("x-webhook-timestamp", timestamp), HTTPHeader("x-webhook-version", "2025-01-01"),
    ]
  }

  /// The harness simulator's manual clock, which stands still: in local, listen judges a webhook's time by
  /// the simulator's clock.
  static let simulatorNow = 1_735_700_400_000

  /// A fresh timestamp (by the simulator's clock) and its signature over `body` under `secret`.
  static func fresh(_ body: String, secret: String = "TEST_SIM_CF_CLIENT_SECRET") -> [HTTPHeader] {
    let timestamp = String(simulatorNow)
    let signature = CashfreeWebhookSignature.sign(timestamp: timestamp, body: Array(body.utf8), secret: secret)
    return signed(body, timestamp: timestamp, signature: signature)
  }

  @Test func aSignedDeliveryIsVerifiedStoredAndPrintedAndABadOneSaysWhy() async throws {
    let harness = try await GatewayHarness()
    async let status = harness.run("use cashfree\nlisten --count 2")
    let port = try await Self.listening(harness)
    let good = try await Self.post(port, Array(Self.body.utf8), Self.fresh(Self.body))
    let bad = try await Self.post(port, Array(Self.body.utf8), Self.fresh(Self.body, secret: "not-the-secret"))
    #expect(await status == .ok)
    #expect(good.status == 200 && good.headers.first("x-paysh-signature") == "ok")
    #expect(bad.status == 200 && bad.headers.first("x-paysh-signature") == "BAD")
    let out = harness.output.standardOutput
    #expect(
      out.contains(
        "@1 PAYMENT_SUCCESS_WEBHOOK, order cf_sim_paid, payment 6000000301 SUCCESS 170.00 INR: signature ok"),
      "\(out)")
    #expect(out.contains("@2 PAYMENT_SUCCESS_WEBHOOK") && out.contains(": BAD: the signature matches no secret held"))
    #expect(out.contains("listen stopped: 2 deliveries stored (@1 @2), 1 BAD"))
    let first = try #require(try harness.snapshot(1))
    #expect(first.isWebhook && first.orderID == "cf_sim_paid" && first.method == "POST")
    #expect(first.body == Array(Self.body.utf8), "the body is kept byte for byte")
    #expect(first.requestHeaders.first("x-webhook-signature") == Redactor.mark, "a signature is never stored")
    #expect(first.webhookVerdict?.signature == .ok)
    #expect(try harness.snapshot(2)?.webhookVerdict?.signature == .bad)
    #expect(await harness.run("webhooks cf_sim_paid") == .ok)
    #expect(harness.output.standardOutput.contains("2 webhooks, 1 BAD"))
  }

  @Test func everyBadInputGetsItsVerdictLineAndIsKept() async throws {
    let harness = try await GatewayHarness()
    let inputs: [(String, [UInt8], [HTTPHeader])] = [
      ("not JSON", Array("{not json".utf8), Self.fresh("{not json")),
      ("no signature", Array(Self.body.utf8), [HTTPHeader("x-webhook-timestamp", String(Self.simulatorNow))]),
      (
        "stale", Array(Self.body.utf8),
        Self.signed(Self.body, timestamp: WebhookVectors.timestamp, signature: WebhookVectors.localSignature)
      ),
      ("future", Array(Self.body.utf8), Self.futureSigned(Self.body)),
      ("stale", Array(Self.body.utf8), Self.futureSigned(Self.body, by: -3_600_000)),
      ("unknown type", Array(#"{"type":"\u001b[2JNO_SUCH_EVENT","data":{}}"#.utf8), Self.fresh(#"{"type":"x"}"#)),
      ("1 MB", Array(("{\"type\":\"BIG\",\"pad\":\"" + String(repeating: "a", count: 1 << 20) + "\"}").utf8), []),
    ]
    async let status = harness.run("use cashfree\nlisten --count \(inputs.count)")
    let port = try await Self.listening(harness)
    for (name, body, headers) in inputs {
      let answer = try await Self.post(port, body, headers)
      #expect(answer.status == 200, "\(name)")
      #expect(answer.headers.first("x-paysh-signature") == "BAD", "\(name)")
    }
    #expect(await status == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("@1 a body that is not JSON: BAD: signature ok, but the body is not JSON"), "\(out)")
    #expect(out.contains("@2 PAYMENT_SUCCESS_WEBHOOK") && out.contains("BAD: no x-webhook-signature"))
    // Signed by Python's hmac (WebhookVectors) in May 2025, after the simulator's clock: the signature
    // holds, the time does not.
    #expect(out.contains("@3 PAYMENT_SUCCESS_WEBHOOK") && out.contains("BAD: signature ok, but dated 12"), "\(out)")
    #expect(out.contains("BAD: signature ok, but sent 1 h before it arrived: outside the window"), "\(out)")
    #expect(out.contains("in the future: outside the window"))
    #expect(out.contains("NO_SUCH_EVENT") && !out.contains("\u{1B}"), "a control sequence never reaches the terminal")
    #expect(out.contains("listen stopped: 7 deliveries stored"))
    #expect(try harness.snapshot(7)?.body.count == (1 << 20) + 23, "the 1 MB body is kept whole")
  }

  static func futureSigned(_ body: String, by offset: Int = 3_600_000) -> [HTTPHeader] {
    let timestamp = String(simulatorNow + offset)
    let signature = CashfreeWebhookSignature.sign(
      timestamp: timestamp, body: Array(body.utf8), secret: "TEST_SIM_CF_CLIENT_SECRET")
    return signed(body, timestamp: timestamp, signature: signature)
  }

  @Test(arguments: [500, 302])
  func aForwardedDeliveryKeepsTheMerchantsAnswer(merchantStatus: Int) async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let seen = Task { () -> [UInt8]? in
      for await batch in merchant.deliveries {
        guard let delivery = batch.first else { continue }
        delivery.reply(
          WebhookListener.Answer(status: merchantStatus, headers: [HTTPHeader("location", "/x")], body: []))
        return delivery.request.body
      }
      return nil
    }
    let harness = try await GatewayHarness()
    async let status = harness.run(
      "use cashfree\nlisten --count 1 --forward-to http://127.0.0.1:\(merchant.port)/webhooks")
    let port = try await Self.listening(harness)
    let answer = try await Self.post(port, Array(Self.body.utf8), Self.fresh(Self.body))
    #expect(await status == .ok)
    #expect(await seen.value == Array(Self.body.utf8), "passed on unchanged")
    #expect(answer.status == merchantStatus, "the gateway gets the merchant's answer, so it retries as it would")
    let verdict = try #require(try harness.snapshot(1)?.webhookVerdict)
    #expect(verdict.forwardedStatus == merchantStatus && verdict.signature == .ok)
    #expect(harness.output.standardOutput.contains("signature ok; forwarded: HTTP \(merchantStatus) in "))
    await merchant.stop()
  }

  @Test func aMerchantThatNeverAnswersIsRecordedAsNoAnswer() async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let held = Task { () -> Int in
      var count = 0
      for await batch in merchant.deliveries { count += batch.count }  // never replied
      return count
    }
    let harness = try await GatewayHarness()
    // A merchant that never answers: the forward gives up after its timeout, kept as no answer (502 back).
    async let status = harness.run(
      "use cashfree\nlisten --count 1 --forward-timeout 300ms --forward-to http://127.0.0.1:\(merchant.port)/webhooks")
    let port = try await Self.listening(harness)
    let answer = try await Self.post(port, Array(Self.body.utf8), Self.fresh(Self.body))
    #expect(await status == .ok)
    #expect(answer.status == 502)
    let verdict = try #require(try harness.snapshot(1)?.webhookVerdict)
    #expect(verdict.forwardedStatus == nil && verdict.forwardError != nil)
    #expect(harness.output.standardOutput.contains("forwarded: no answer ("))
    await merchant.stop()
    #expect(await held.value == 1)
  }

  @Test func badOptionsAreRefusedBeforeAnythingIsBound() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nlisten --port 70000") != .ok)
    #expect(harness.output.standardError.contains("--port takes a whole number from 0 to 65535"))
    #expect(await harness.run("use cashfree\nlisten --forward-to 'ftp://x y'") != .ok)
    #expect(harness.output.standardError.contains("--forward-to takes an http:// or https:// URL"))
    #expect(await harness.run("use cashfree\nlisten --events 'A;rm -rf'") != .ok)
    #expect(harness.output.standardError.contains("--events takes event types"))
  }
}

/// Signatures computed with Python's standard library, not paysh:
/// `python3 -c 'import hmac,hashlib,base64,sys; print(base64.b64encode(hmac.new(b"TEST_SIM_CF_CLIENT_SECRET",
///   b"1746427759733" + open(sys.argv[1],"rb").read(), hashlib.sha256).digest()).decode())' body.json`
/// with body.json holding `VerifyCommandTests.body` exactly (no trailing newline).
enum WebhookVectors {
  static let timestamp = "1746427759733"
  static let localSignature = "QmId/EoaW00ouOitN/pIW1S/VQyyuYjZ5NczqTRGfAg="
}

/// What `listen` keeps beside the deliveries (its record), the two rules that read them, and an offline
/// replay that shows the deliveries as the live run did.
@Suite("webhooks as evidence")
struct WebhookEvidenceTests {
  static func successBody(_ order: String, payment: String) -> String {
    #"{"data":{"order":{"order_id":""# + order
      + #"","order_amount":499.00,"order_currency":"INR"},"payment":{"cf_payment_id":""# + payment
      + #"","payment_status":"SUCCESS","payment_amount":499.00,"payment_currency":"INR"}},"event_time":"2025-01-15T10:01:00+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#
  }

  @Test func aListeningIsKeptWithItsWindowEvenWithNoDelivery() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nlisten --max 50ms") == .ok)
    #expect(harness.output.standardOutput.contains("listen stopped: 0 deliveries stored; the listening is @1"))
    let record = try #require(try harness.snapshot(1))
    #expect(record.resource == "listening" && record.orderID.isEmpty)
    let body = try #require(try? JSONParser.parse(record.body))
    #expect(body["deliveries"]?.numberValue?.intValue == 0)
    #expect(Instant(iso8601: body["from"]?.stringValue ?? "") != nil)
    #expect(await harness.run("fetch cf_sim_active") == .ok, "a listening is never an answer to a fetch")
    #expect(try harness.snapshot(2)?.resource == "order")
  }

  @Test func aWebhookSayingSuccessOnAnOrderNotPaidIsAnError() async throws {
    let harness = try await GatewayHarness()
    async let status = harness.run("use cashfree\nlisten --count 1")
    let port = try await ListenCommandTests.listening(harness)
    let body = Self.successBody("cf_sim_active", payment: "6000000999")
    _ = try await ListenCommandTests.post(port, Array(body.utf8), ListenCommandTests.fresh(body))
    #expect(await status == .ok)
    _ = await harness.run("fetch cf_sim_active\ncheck cf_sim_active")
    let out = harness.output.standardOutput
    #expect(out.contains("webhook_success_not_paid"), "\(out)")
    #expect(
      out.contains(
        "the webhook @1 (PAYMENT_SUCCESS_WEBHOOK) says payment 6000000999 succeeded, but the order fetched after it, in @3, is ACTIVE"
      ))
    // `case` shows the webhooks about the order beside its parts.
    #expect(await harness.run("case cf_sim_active") == .ok)
    let shown = harness.output.standardOutput
    #expect(
      shown.contains("webhooks\n  @1  PAYMENT_SUCCESS_WEBHOOK, order cf_sim_active, payment 6000000999"), "\(shown)")
    harness.output.clear()
    #expect(await harness.run("case cf_sim_active --json") == .ok)
    let json = try #require(try? JSONParser.parse(Array(harness.output.standardOutput.utf8)))
    #expect(json["webhooks"]?[0]?["ref"]?.stringValue == "@1")
    #expect(json["webhooks"]?[0]?["type"]?.stringValue == "PAYMENT_SUCCESS_WEBHOOK")
    #expect(json["webhooks"]?[0]?["signature"]?.stringValue == "ok")
    // The same webhook with a paid order says nothing.
    let paid = try await GatewayHarness()
    async let paidStatus = paid.run("use cashfree\nlisten --count 1")
    let paidPort = try await ListenCommandTests.listening(paid)
    let paidBody = Self.successBody("cf_sim_paid", payment: "6000000201")
    _ = try await ListenCommandTests.post(paidPort, Array(paidBody.utf8), ListenCommandTests.fresh(paidBody))
    #expect(await paidStatus == .ok)
    _ = await paid.run("fetch cf_sim_paid\ncheck cf_sim_paid")
    #expect(!paid.output.standardOutput.contains("webhook_success_not_paid"))
  }

  @Test func aPaymentThatSucceededWhileListeningWithNoWebhookIsAWarning() throws {
    // cf_sim_paid's attempt 6000000201 succeeded at 2025-01-15T10:06:10+05:30 (04:36:10Z).
    let payments = Snapshot(
      number: 1, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "payments",
      orderID: "o1", method: "GET", url: "http://127.0.0.1/pg/orders/o1/payments", requestHeaders: [],
      requestBody: nil, status: 200, responseHeaders: [],
      body: Array(
        #"[{"cf_payment_id":"6000000201","order_id":"o1","payment_status":"SUCCESS","payment_amount":10.00,"payment_currency":"INR","payment_time":"2025-01-15T10:06:10+05:30"}]"#
          .utf8), fetchedAt: "2025-01-15T05:00:00.000Z", latencyMicroseconds: 1, retries: [], order: nil)
    func listening(_ from: String, _ until: String) -> Snapshot {
      var record = payments
      record.number = 2
      record.resource = "listening"
      record.orderID = ""
      record.body = Array(#"{"from":"\#(from)","until":"\#(until)","deliveries":0}"#.utf8)
      return record
    }
    let during = listening("2025-01-15T04:30:00.000Z", "2025-01-15T04:45:00.000Z")
    let found = CheckRules.run(CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: [payments, during]))
    let verdict = try #require(found.verdicts.first { $0.rule == "webhook_missing" })
    #expect(
      verdict.sentence.contains(
        "payment 6000000201 succeeded at 2025-01-15T10:06:10+05:30 while paysh was listening (@2"))
    // Listening at another time, or a webhook for the payment: nothing to say.
    let before = listening("2025-01-15T04:00:00.000Z", "2025-01-15T04:30:00.000Z")
    #expect(
      !CheckRules.run(CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: [payments, before])).verdicts
        .contains { $0.rule == "webhook_missing" })
    var webhook = payments
    webhook.number = 3
    webhook.resource = "webhook"
    webhook.body = Array(WebhookEvidenceTests.successBody("o1", payment: "6000000201").utf8)
    webhook.responseHeaders = [HTTPHeader("x-paysh-signature", "ok"), HTTPHeader("x-paysh-verdict", "signature ok")]
    func missing(_ snapshots: [Snapshot]) -> Bool {
      CheckRules.run(CaseBuilder.build(gateway: "cashfree", orderID: "o1", from: snapshots)).verdicts
        .contains { $0.rule == "webhook_missing" }
    }
    #expect(!missing([payments, during, webhook]))
    // A forged (BAD) webhook, or one saying the payment failed, does not count as the gateway's.
    var forged = webhook
    forged.responseHeaders = [HTTPHeader("x-paysh-signature", "BAD"), HTTPHeader("x-paysh-verdict", "no signature")]
    #expect(missing([payments, during, forged]))
    var failed = webhook
    failed.body = Array(
      String(decoding: webhook.body, as: UTF8.self)
        .replacingOccurrences(of: "SUCCESS", with: "FAILED").utf8)
    #expect(missing([payments, during, failed]))
    // A listening for refunds only was not listening for this payment's webhook.
    var refundsOnly = during
    refundsOnly.body = Array(
      #"{"from":"2025-01-15T04:30:00.000Z","until":"2025-01-15T04:45:00.000Z","events":["REFUND_STATUS_WEBHOOK"]}"#.utf8
    )
    #expect(!missing([payments, refundsOnly]))
  }
}

/// `trigger` against the embedded simulator: the event happens, its webhook comes signed with the local
/// secret and dated by the simulator's clock, and is kept; the webhook's version follows `use`'s.
@Suite("trigger a webhook")
struct TriggerCommandTests {
  @Test(arguments: [
    ("payment_success", "cf_sim_active", "PAYMENT_SUCCESS_WEBHOOK"),
    ("payment_failed", "cf_sim_active", "PAYMENT_FAILED_WEBHOOK"),
    ("payment_dropped", "cf_sim_active", "PAYMENT_USER_DROPPED_WEBHOOK"),
    ("refund_success", "cf_sim_paid", "REFUND_STATUS_WEBHOOK"),
    ("refund_cancelled", "cf_sim_paid", "REFUND_STATUS_WEBHOOK"),
    ("settlement", "cf_sim_paid", "SETTLEMENT_SUCCESS"),
  ])
  func eachEventComesSignedAndIsKept(event: String, order: String, type: String) async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ntrigger \(event) \(order)") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("@1 \(type)") && out.contains(": signature ok\n") && !out.contains("BAD"), "\(out)")
    #expect(out.contains("triggered \(event) on \(order)") && out.contains("1 webhook sent"))
    #expect(out.contains("1 delivery stored (@1); the listening is @2"))
    let delivery = try #require(try harness.snapshot(1))
    #expect(delivery.isWebhook && delivery.webhookVerdict?.signature == .ok)
    #expect(delivery.requestHeaders.first("x-webhook-signature") == Redactor.mark)
    #expect(delivery.requestHeaders.first("x-webhook-version") == "2025-01-01")
  }

  @Test func theWebhookVersionFollowsTheShellsAndOldIdsAreNumbers() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree --version 2022-09-01\ntrigger payment_success cf_sim_active") == .ok)
    let delivery = try #require(try harness.snapshot(1))
    #expect(delivery.requestHeaders.first("x-webhook-version") == "2022-09-01", "\(harness.output.standardError)")
    let body = try #require(try? JSONParser.parse(delivery.body))
    guard case .number? = body["data"]?["payment"]?["cf_payment_id"] else {
      Issue.record("cf_payment_id is not a number under 2022-09-01: \(delivery.bodyText)")
      return
    }
    #expect(delivery.webhookVerdict?.signature == .ok)
  }

  @Test func aWebhookIsJudgedByTheSimulatorsClockEvenAfterItMoves() async throws {
    let harness = try await GatewayHarness()
    async let status = harness.run("use cashfree\nlisten --count 1")
    _ = try await ListenCommandTests.listening(harness)
    // The listener read the simulator's clock (the fixture day) as it started; moved 20 minutes on, a
    // webhook dated by it would be outside the window by the clock first read: read again, it is inside.
    #expect(try await harness.admin("POST", "/_sim/clock/advance", #"{"seconds":1200}"#) == 200)
    #expect(
      try await harness.admin(
        "POST", "/_sim/orders/cashfree/cf_sim_paid/trigger", #"{"event":"refund_success","wait":true}"#) == 200)
    #expect(await status == .ok)
    #expect(harness.output.standardOutput.contains("@1 REFUND_STATUS_WEBHOOK"))
    #expect(harness.output.standardOutput.contains("INR: signature ok\n"), "\(harness.output.standardOutput)")
    #expect(!harness.output.standardOutput.contains("BAD"))
  }

  @Test func triggerRefusesWhatItCannotDo() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ntrigger payment_success 'no such order'") != .ok)
    #expect(await harness.run("use cashfree\ntrigger explode cf_sim_active") != .ok)
    #expect(harness.output.standardError.contains("explode"), "\(harness.output.standardError)")
    #expect(await harness.run("use cashfree sandbox\ntrigger payment_success cf_sim_active") != .ok)
    #expect(harness.output.standardError.contains("trigger asks the local simulator"))
  }
}

/// What the hostile review found, each held by a test that failed before its fix.
@Suite("listen under attack")
struct ListenHostileTests {
  @Test func aCraftedRecordingNeitherCrashesNorForgesLines() async throws {
    let harness = try await GatewayHarness()
    let delivery = Snapshot(
      number: 1, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "webhook",
      orderID: "o1", method: "POST", url: "http://127.0.0.1:1/", requestHeaders: [], requestBody: nil, status: 200,
      responseHeaders: [
        HTTPHeader("x-paysh-signature", "ok"),
        HTTPHeader("x-paysh-verdict", "signature ok\n@9 PAYMENT_SUCCESS_WEBHOOK, order fake: signature ok"),
      ], body: Array(#"{"type":"PAYMENT_SUCCESS_WEBHOOK"}"#.utf8), fetchedAt: "2025-01-01T00:00:00.000Z",
      latencyMicroseconds: 0, retries: [], order: nil)
    var record = delivery
    record.number = 2
    record.resource = "listening"
    record.orderID = ""
    record.responseHeaders = []
    for count in ["-1", "1e300", "99999999999999999999", "1"] {
      record.body = Array(
        #"{"from":"2025-01-01T00:00:00Z","until":"2025-01-01T00:01:00Z","deliveries":\#(count)}"#.utf8)
      harness.shell.services.recorded = RecordedAnswers([delivery, record], use: .offline, origin: "crafted.paysh")
      #expect(await harness.run("use cashfree\nlisten") == .ok, "deliveries: \(count)")
    }
    let out = harness.output.standardOutput
    #expect(!out.contains("\n@9 PAYMENT_SUCCESS_WEBHOOK"), "a stored reason cannot print a line of its own: \(out)")
    #expect(out.contains("signature ok\\n@9"))
  }

  @Test func aFloodWaitingOnASlowMerchantIsBoundedAnd503ed() async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let held = Task { for await _ in merchant.deliveries {} }  // never answers
    let harness = try await GatewayHarness()
    let flood = WebhookListener.maxWaiting + 8
    async let status = harness.run(
      "use cashfree\nlisten --count \(WebhookListener.maxWaiting) --forward-timeout 50ms --forward-to http://127.0.0.1:\(merchant.port)/"
    )
    let port = try await ListenCommandTests.listening(harness)
    let body = ListenCommandTests.body
    var request = "POST /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
    for header in ListenCommandTests.fresh(body) { request += "\(header.name): \(header.value)\r\n" }
    request += "\r\n" + body
    // Each on its own connection, all sent before any is answered (a client's pool would queue them).
    let connections = try (0..<flood).map { _ in try IdleConnection(port: port) }
    for connection in connections { connection.send(request) }
    let statuses = await withTaskGroup(of: Int.self) { group in
      for connection in connections { group.addTask { await IdleConnection.offThePool { connection.status() } } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(await status == .ok)
    #expect(statuses.filter { $0 == 503 }.count >= flood - WebhookListener.maxWaiting, "\(statuses)")
    #expect(statuses.count == flood, "every request got an answer")
    held.cancel()
    await merchant.stop()
  }

  @Test func ctrlCAnswersWhatIsQueuedAndKeepsTheListening() async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let reached = Task { () -> Int in
      for await batch in merchant.deliveries { return batch.count }  // never answers
      return 0
    }
    let harness = try await GatewayHarness()
    let run = Task {
      await harness.run("use cashfree\nlisten --forward-timeout 60s --forward-to http://127.0.0.1:\(merchant.port)/")
    }
    let port = try await ListenCommandTests.listening(harness)
    let body = ListenCommandTests.body
    var request = "POST /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
    for header in ListenCommandTests.fresh(body) { request += "\(header.name): \(header.value)\r\n" }
    request += "\r\n" + body
    let first = try IdleConnection(port: port)
    first.send(request)
    #expect(await reached.value == 1, "the first delivery is being forwarded")
    let queued = try (0..<4).map { _ in try IdleConnection(port: port) }
    for connection in queued { connection.send(request) }
    try await Task.sleep(for: .milliseconds(200))  // read and queued behind the first
    run.cancel()  // Ctrl-C
    #expect(await run.value != .ok)
    let statuses = await withTaskGroup(of: Int.self) { group in
      for connection in queued { group.addTask { await IdleConnection.offThePool { connection.status() } } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(statuses == [503, 503, 503, 503], "what was queued is answered, not judged and forwarded")
    let out = harness.output.standardOutput
    #expect(out.contains("listen interrupted: 1 delivery stored (@1); the listening is @2"), "\(out)")
    #expect(try harness.snapshot(2)?.resource == "listening")
    await merchant.stop()
  }

  @Test func aConnectionLeftOpenIsClosedWhenTheListeningEnds() async throws {
    let harness = try await GatewayHarness()
    async let status = harness.run("use cashfree\nlisten --count 1")
    let port = try await ListenCommandTests.listening(harness)
    let idle = try IdleConnection(port: port)
    _ = try await ListenCommandTests.post(port, Array("{}".utf8), [])
    #expect(await status == .ok)
    #expect(
      await IdleConnection.offThePool { idle.waitsForClose() }, "the listener closed the connection it had left open")
  }

  @Test func aForwardedQueryJoinsTheMerchantsOwn() {
    #expect(ListenSession.query(of: "/cb?q=1", joining: "http://m/hook?token=t") == "&q=1")
    #expect(ListenSession.query(of: "/cb?q=1", joining: "http://m/hook") == "?q=1")
    #expect(ListenSession.query(of: "/cb", joining: "http://m/hook") == "")
  }
}

/// A plain TCP connection that sends nothing, to see whether the other side closes it.
final class IdleConnection: @unchecked Sendable {
  let descriptor: Int32

  init(port: Int) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw CancellationError() }
  }

  /// Runs a blocking read on a thread of its own: blocked, the concurrency pool's threads would stall every
  /// other test in the process.
  static func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: work()) }.start()
    }
  }

  func send(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
  }

  /// The status of the answer read until the peer closes (0 when none came within ten seconds).
  func status() -> Int {
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4_096)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      received += buffer[..<count]
    }
    let line = String(decoding: received.prefix(12), as: UTF8.self)
    return Int(line.dropFirst(9).prefix(3)) ?? 0
  }

  /// True when the peer closes within ten seconds (a read returns 0).
  func waitsForClose() -> Bool {
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var byte: UInt8 = 0
    return recv(descriptor, &byte, 1, 0) == 0
  }

  deinit { close(descriptor) }
}
