import Foundation
import PayshCore
import Testing

/// `verify` as typed: a captured webhook checked with the credentials in use, each failure named with its
/// reason, bad input refused in one line, nothing from the capture reaching the terminal raw.
@Suite("verify a captured webhook")
struct VerifyCommandTests {
  static let timestamp = "1746427759733"
  static let receivedAt = "2025-05-05T06:51:00Z"

  static func request(
    _ body: String, secret: String = "TEST_SIM_CF_CLIENT_SECRET", timestamp: String = timestamp
  )
    -> String
  {
    let signature = CashfreeWebhookSignature.sign(timestamp: timestamp, body: Array(body.utf8), secret: secret)
    return "POST /hook HTTP/1.1\r\nHost: shop\r\nx-webhook-signature: \(signature)\r\n"
      + "x-webhook-timestamp: \(timestamp)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
  }

  static let body =
    #"{"data":{"order":{"order_id":"cf_sim_paid","order_amount":170.00,"order_currency":"INR"},"payment":{"cf_payment_id":"6000000301","payment_status":"SUCCESS","payment_amount":170.00,"payment_currency":"INR"}},"event_time":"2025-05-05T12:19:19+05:30","type":"PAYMENT_SUCCESS_WEBHOOK"}"#

  @Test func aCapturedRequestVerifiesWithTheLocalSecret() async throws {
    let folder = try GatewayHarness.folder("verify")
    let file = folder.appendingPathComponent("hook.http")
    try Self.request(Self.body).write(to: file, atomically: true, encoding: .utf8)
    let harness = try await GatewayHarness()
    #expect(
      await harness.run("use cashfree\nverify --request '\(file.path)' --received-at \(Self.receivedAt)") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("webhook: PAYMENT_SUCCESS_WEBHOOK, order cf_sim_paid, payment 6000000301 SUCCESS"), "\(out)")
    #expect(out.contains("signature: ok (made with the client_secret of cashfree local)"))
    #expect(out.contains("timestamp: 1 min before it was received: inside the 5 min window"))
    #expect(out.hasSuffix("verified\n") && !out.contains("not verified"))
  }

  @Test func aWebhookSignedWithTheSandboxSecretSaysSo() async throws {
    let folder = try GatewayHarness.folder("verify")
    let file = folder.appendingPathComponent("hook.http")
    try Self.request(Self.body, secret: "sandbox-secret").write(to: file, atomically: true, encoding: .utf8)
    let harness = try await GatewayHarness(environment: [
      "CASHFREE_CLIENT_ID": "sandbox-id", "CASHFREE_CLIENT_SECRET": "sandbox-secret",
    ])
    #expect(await harness.run("use cashfree sandbox\nauth\nuse cashfree\nverify --request '\(file.path)'") == .ok)
    let out = harness.output.standardOutput
    #expect(
      out.contains(
        "it was made with the client_secret of cashfree sandbox, not the client_secret of cashfree local"), "\(out)")
    #expect(out.contains("not verified"))
    #expect(!out.contains("sandbox-secret"), "a secret is never printed")
  }

  @Test func aTimestampInSecondsIsExplained() async throws {
    let folder = try GatewayHarness.folder("verify")
    let python = folder.appendingPathComponent("body.json")
    try Self.body.write(to: python, atomically: true, encoding: .utf8)
    let signature = CashfreeWebhookSignature.sign(
      timestamp: Self.timestamp, body: Array(Self.body.utf8), secret: "TEST_SIM_CF_CLIENT_SECRET")
    let harness = try await GatewayHarness()
    #expect(
      await harness.run(
        "use cashfree\nverify --body '\(python.path)' --signature '\(signature)' --timestamp 1746427759") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("timestamp: BAD: 1746427759 has 10 digits: seconds, where Cashfree sends milliseconds"))
    #expect(out.contains("signature: BAD: it matches neither the client_secret of cashfree local"), "\(out)")
    #expect(out.contains("not verified"))
  }

  @Test func badInputIsOneLineAndNothingReachesTheTerminalRaw() async throws {
    let folder = try GatewayHarness.folder("verify")
    let hostile = folder.appendingPathComponent("hostile.http")
    let body = #"{"type":"\u001b[2J\u001b]0;owned\u0007EVIL","data":{"order":{"order_id":"x\u001b[31m"}}}"#
    try Self.request(body).write(to: hostile, atomically: true, encoding: .utf8)
    let raw = folder.appendingPathComponent("raw.http")
    try "POST / HTTP/1.1\r\nx-webhook-signature: \u{1B}[2J\r\n\r\n{}".write(to: raw, atomically: true, encoding: .utf8)
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nverify --request '\(hostile.path)'") == .ok)
    #expect(await harness.run(line: "verify --request '\(raw.path)'") == .ok)
    #expect(await harness.run(line: "verify --request '\(folder.path)/missing.http'") != .ok)
    #expect(await harness.run(line: "verify --request '\(raw.path)' --har '\(raw.path)'") != .ok)
    #expect(await harness.run(line: "verify") != .ok)
    #expect(await harness.run(line: "verify --har '\(raw.path)'") != .ok)
    #expect(await harness.run(line: "verify --request '\(raw.path)' --window 1e9") != .ok)
    #expect(await harness.run(line: "verify --request '\(raw.path)' --signature abc") != .ok)
    #expect(await harness.run(line: "verify --request '\(raw.path)' --received-at yesterday") != .ok)
    #expect(await harness.run("use enkash\nverify --request '\(raw.path)'") != .ok)
    let all = harness.output.standardOutput + harness.output.standardError
    #expect(!all.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(all.debugDescription)")
    #expect(
      harness.output.standardError.contains("missing.http: No such file or directory"),
      "\(harness.output.standardError)")
    #expect(harness.output.standardError.contains("give one of --body, --request, --har, not 2"))
    #expect(harness.output.standardError.contains("not a HAR file"))
    #expect(harness.output.standardError.contains("--signature is read from the captured request's headers, not given"))
    #expect(harness.output.standardError.contains("EnKash does not publish its webhook checksum algorithm"))
  }
}
