import Foundation
import PayshJSON
import Testing

@testable import PayshCore

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
