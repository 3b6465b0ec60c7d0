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
    // An hour old by the simulator's manual clock, which stands still while this machine's runs: re-read
    // when a delivery falls outside the window, it makes the age a little less than the hour on a slow run
    // (CI saw "59 min"), so the words are checked, not the figure.
    #expect(
      out.contains("BAD: signature ok, but sent ") && out.contains(" before it arrived: outside the window"),
      "\(out)")
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
