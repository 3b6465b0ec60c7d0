import Foundation
import PayshJSON
import Testing

@testable import PayshCore

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
    #expect(await harness.run("use cashfree\ntrigger \(event) \(order)") == .ok, "\(harness.output.standardError)")
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
