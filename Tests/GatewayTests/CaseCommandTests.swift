import Foundation
import PayshCore
import Testing

/// `case ORDER` against the simulator: every part fetched together and stored, one picture, a failed part
/// shown missing with the rules it blocks, an unknown order as one line; `case @N` from the store; the
/// JSON shapes of `case --json` and `check --json`.
@Suite("case and check against the simulator")
struct CaseCommandTests {
  @Test func caseFetchesEveryPartStoresEachAndShowsOnePicture() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ncase cf_sim_partly_refunded") == .ok)
    let out = harness.output.standardOutput
    for route in [
      "cf_sim_partly_refunded ", "partly_refunded/payments", "partly_refunded/refunds",
      "partly_refunded/settlements",
    ] {
      #expect(harness.requestCount(route) == 1, "\(route): one request each")
    }
    #expect(try harness.shell.services.snapshots.count() == 4, "each answer is a snapshot")
    let sections = [
      "case cf_sim_partly_refunded", "\norder  @1", "\nattempts  @2", "\nrefunds  @3",
      "\nsettlement  @4", "\nmoney\n", "\ntimeline\n", "\ncheck: ",
    ]
    let places = sections.map { out.range(of: $0)?.lowerBound }
    #expect(places.allSatisfy { $0 != nil }, "\(out)")
    #expect(places.compactMap { $0 } == places.compactMap { $0 }.sorted(), "in this order")
    #expect(out.contains("refunded ₹250.00 · refund pending ₹100.50"))
    #expect(out.contains("2025-01-15T10:26:00+05:30  payment 6000000207 SUCCESS"))
    #expect(out.contains("refund refund_part_2 created, ₹100.50  @3 .[1].created_at"))
  }

  @Test func caseOfAStoredSnapshotIsTheLiveCaseAgain() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ncase cf_sim_failed_then_paid") == .ok)
    let live = harness.output.standardOutput
    harness.output.clear()
    #expect(await harness.run("case @4") == .ok)
    let stored = harness.output.standardOutput
    #expect(stored == String(live[live.range(of: "case cf_sim_failed_then_paid")!.lowerBound...]))
    #expect(harness.requestCount("cf_sim_failed_then_paid") == 4, "case @4 fetched nothing")
  }

  @Test func aPartThatFailsIsMissingWithItsReasonAndItsRulesDoNotRun() async throws {
    let harness = try await GatewayHarness()
    let fault = #"{"gateway":"cashfree","route":"refunds","kind":"status","status":503,"times":20}"#
    #expect(try await harness.admin("POST", "/_sim/faults", fault) == 201)
    #expect(await harness.run("use cashfree\ncase cf_sim_refunded") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("refunds  missing: @3 answered HTTP 503"), "\(out)")
    #expect(out.contains("not run  over_refund, refund_without_arn, refund_pending_long  @3 answered HTTP 503"))
    #expect(out.contains("check: 3 rules could not run"), "never a false ok")
    #expect(await harness.run("expect check == ok") == .expectation)
  }

  @Test func anUnknownOrderIsOneLineAndNothingHalfShown() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ncase no_such_order") == .runtime)
    #expect(!harness.output.standardOutput.contains("attempts"), "\(harness.output.standardOutput)")
    #expect(!harness.output.standardOutput.contains("check:"))
    #expect(harness.output.standardError.contains("order no_such_order not found at Cashfree local"))
  }

  @Test func caseJSONHoldsEveryPartTheMoneyTheTimelineAndTheVerdicts() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\ncase cf_sim_partly_refunded --json") == .ok)
    let text = harness.output.standardOutput
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text[text.range(of: "{\n")!.lowerBound...].utf8))
        as? [String: Any])
    #expect(
      Set(json.keys) == [
        "gateway", "environment", "order_id", "as_of", "as_of_source", "parts", "order", "payments", "refunds",
        "settlement", "money", "timeline", "webhooks", "check",
      ])
    let parts = try #require(json["parts"] as? [String: [String: Any]])
    #expect(parts["refunds"]?["state"] as? String == "known" && parts["refunds"]?["snapshot"] as? String == "@3")
    let refunds = try #require(json["refunds"] as? [[String: Any]])
    #expect(refunds.count == 2 && refunds[1]["path"] as? String == ".[1]")
    let amount = try #require(refunds[1]["amount"] as? [String: Any])
    #expect(amount["minor"] as? Int == 10_050 && amount["currency"] as? String == "INR")
    let money = try #require(json["money"] as? [String: Any])
    #expect((money["refund_pending"] as? [String: Any])?["text"] as? String == "100.50")
    let check = try #require(json["check"] as? [String: Any])
    #expect(check["ok"] is Bool && check["verdicts"] is [Any] && check["not_run"] is [Any])
  }

  @Test func checkJSONListsEachOrderWithItsVerdictsAndEvidence() async throws {
    let harness = try await GatewayHarness()
    let script = "use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid payments --summary\ncheck --json"
    #expect(await harness.run(script) == .ok)
    let text = harness.output.standardOutput
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text[text.range(of: "{\n")!.lowerBound...].utf8))
        as? [String: Any])
    #expect(json["checked"] as? Int == 1 && json["ok"] as? Int == 0)
    let cases = try #require(json["cases"] as? [[String: Any]])
    let notRun = try #require(cases.first?["not_run"] as? [[String: String]])
    #expect(notRun.map { $0["rule"] }.contains("over_refund"), "no refunds stored: cannot say ok")
    #expect(notRun.first?["reason"]?.contains("no refunds answer stored") == true)
  }

  @Test func checkReadsOnlyTheStoreAndSaysWhatItLacks() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("check") == .runtime)
    #expect(harness.output.standardError.contains("nothing to check: no snapshots yet in this session"))
    #expect(await harness.run("use cashfree\nfetch cf_sim_paid --summary") == .ok)
    #expect(await harness.run("check cf_sim_other") == .runtime)
    #expect(harness.output.standardError.contains("no stored answers about 'cf_sim_other'"))
    let before = harness.requestCount("cf_sim_paid")
    #expect(await harness.run("check cf_sim_paid") == .ok)
    #expect(harness.requestCount("cf_sim_paid") == before, "check fetched nothing")
  }

  @Test func thresholdsComeFromFlagsAndConfig() async throws {
    let home = try GatewayHarness.folder("check-config")
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("paysh"), withIntermediateDirectories: true)
    try "[check]\nunsettled_dayz = 2\n".write(
      to: home.appendingPathComponent("paysh/config.toml"), atomically: true, encoding: .utf8)
    let harness = try await GatewayHarness(environment: ["XDG_CONFIG_HOME": home.path])
    #expect(await harness.run("use cashfree\ncase cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("unknown setting 'unsettled_dayz'"))
    #expect(harness.output.standardError.contains("did you mean unsettled_days?"))
    #expect(await harness.run("check --stuck-minutes soon") == .syntax)
    #expect(harness.output.standardError.contains("--stuck-minutes takes a whole number from 0 to 100000"))
  }
}

extension CaseCommandTests {
  @Test func theSameIDOnTwoGatewaysIsJudgedOnEach() async throws {
    let harness = try await GatewayHarness()
    let store = try GatewayHarness.folder("two-gateways").appendingPathComponent("store.sqlite").path
    harness.shell.services.snapshots = StoredSnapshotLog(path: store)
    // The same order id fetched from Cashfree and (refused) from Paytring, in one session.
    #expect(await harness.run("use cashfree\nfetch cf_sim_paid --summary") == .ok)
    _ = await harness.run("use paytring\nfetch cf_sim_paid --allow-error --summary")
    harness.output.clear()
    #expect(await harness.run("check cf_sim_paid") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("cf_sim_paid on cashfree: ") && out.contains("cf_sim_paid on paytring: "), "\(out)")
  }

  @Test func theOrdersMissingAnswerIsTheErrorAndThePartsThatCameAreStored() async throws {
    let harness = try await GatewayHarness(policy: .none)
    let fault = #"{"gateway":"cashfree","route":"order","kind":"reset","times":5}"#
    #expect(try await harness.admin("POST", "/_sim/faults", fault) == 201)
    #expect(await harness.run("use cashfree\ncase cf_sim_paid") == .runtime)
    #expect(!harness.output.standardOutput.contains("attempts"), "nothing half-shown")
    #expect(try harness.shell.services.snapshots.count() == 3, "payments, refunds, settlements kept")
  }
}

extension CaseCommandTests {
  @Test func ctrlCDuringACaseKeepsTheAnswersThatCameAndShowsNothing() async throws {
    let harness = try await GatewayHarness()
    let slow = #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":5000}"#
    #expect(try await harness.admin("POST", "/_sim/faults", slow) == 201)
    let shell = harness.shell
    let task = Task { await shell.run(SourceFile(name: "t", text: "use cashfree; case cf_sim_paid"), mode: .script) }
    // Cancelled once the three parts have been answered (the simulator logs each answer), the order still out.
    for _ in 0..<500
    where ["/payments ", "/refunds ", "/settlements "].contains(where: { harness.requestCount($0) == 0 }) {
      try await Task.sleep(nanoseconds: 20_000_000)
    }
    try await Task.sleep(nanoseconds: 200_000_000)
    task.cancel()
    #expect(await task.value == .runtime)
    #expect(harness.output.standardError.contains("interrupted"))
    #expect(!harness.output.standardOutput.contains("attempts"), "nothing shown")
    #expect(try harness.shell.services.snapshots.count() == 3, "the payments, refunds and settlement that came")
  }
}
