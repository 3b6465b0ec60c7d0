import Foundation
import PayshCore
import PayshSimulator
import Testing

/// Every built-in fixture judged by `case`, on the simulator's fixture day (2025-01-15 12:30 IST): each
/// anomaly fixture fires its rule and only it, every healthy fixture fires nothing (no false alarms).
@Suite("Fixtures: each anomaly fires its rule, every healthy fixture is quiet")
struct FixtureVerdictTests {
  /// The rules each anomaly fixture fires (every verdict, info too); any fixture not listed is healthy.
  static let expected: [String: [String]] = [
    "cf_sim_paid_no_payment": ["paid_without_payment"],
    "cf_sim_charged_not_paid": ["charged_not_paid"],
    "cf_sim_double_charge": ["double_charge"],
    "cf_sim_double_charge_auto_refunded": ["double_charge"],
    "cf_sim_over_refund": ["over_refund"],
    "cf_sim_refund_without_arn": ["refund_without_arn", "refund_without_arn"],
    "cf_sim_refund_pending_long": ["refund_pending_long"],
    "cf_sim_settlement_mismatch": ["settlement_mismatch"],
    "cf_sim_unsettled": ["unsettled"],
    "cf_sim_amount_unexplained": ["amount_unexplained"],
    "cf_sim_stuck_attempt": ["stuck_attempt"],
    "cf_sim_pays_later": ["charged_not_paid"],
    "771606428862383008": ["status_words_disagree"],
    "ORSIMWORDS1": ["status_words_disagree"],
  ]

  /// The fixture day's 12:30 IST, on a clock that only moves when told.
  static func harness() async throws -> GatewayHarness {
    try await GatewayHarness { $0.clock = .manual(start: Date(timeIntervalSince1970: 1_736_924_400)) }
  }

  /// The verdicts' rule ids of `case ID --json`, and whether the report was ok.
  static func verdicts(_ harness: GatewayHarness, _ gateway: String, _ id: String) async throws -> ([String], Bool) {
    harness.output.clear()
    let status = await harness.run("use \(gateway)\ncase \(id) --json")
    #expect(status == .ok, "\(id): \(harness.output.standardError)")
    let text = harness.output.standardOutput
    guard let start = text.range(of: "{\n") else { return ([], false) }
    let json = try JSONSerialization.jsonObject(with: Data(text[start.lowerBound...].utf8)) as? [String: Any]
    let check = try #require(json?["check"] as? [String: Any])
    let rules = (check["verdicts"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
    return (rules, check["ok"] as? Bool ?? false)
  }

  /// Scripted fixtures change on the simulator's count of reads, which four reads at once would race: those
  /// are judged by one fetch of each part, one after another, as a script reads them.
  static let scripted: Set<String> = ["cf_sim_pays_later", "cf_sim_status_backwards", "cf_sim_late_authorisation"]

  @Test(arguments: ["cashfree", "paytring", "enkash"])
  func everyFixtureHasTheVerdictsItIsMadeFor(gateway: String) async throws {
    let harness = try await Self.harness()
    let ids = Simulator.builtinOrderIDs(gateway: gateway).filter { !Self.scripted.contains($0) }
    #expect(!ids.isEmpty)
    for id in ids {
      let (rules, ok) = try await Self.verdicts(harness, gateway, id)
      let wanted = Self.expected[id] ?? []
      #expect(rules == wanted, "\(gateway) \(id): \(rules)")
      if wanted.isEmpty { #expect(ok, "\(id) is healthy: ok") }
    }
  }

  @Test func scriptedFixturesJudgedAcrossTheirAnswers() async throws {
    let harness = try await Self.harness()
    let parts =
      "fetch ID --summary\nfetch ID payments --summary\nfetch ID refunds --summary\n"
      + "fetch ID settlements --allow-error --summary\n"
    func judge(_ id: String) async -> [String] {
      harness.output.clear()
      _ = await harness.run("use cashfree\n" + parts.replacingOccurrences(of: "ID", with: id) + "check \(id) --json")
      let text = harness.output.standardOutput
      guard let start = text.range(of: "{\n  \"checked\""),
        let json = try? JSONSerialization.jsonObject(with: Data(text[start.lowerBound...].utf8)) as? [String: Any],
        let cases = json["cases"] as? [[String: Any]]
      else { return ["unreadable: \(text)"] }
      return (cases.first?["verdicts"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
    }
    // cf_sim_pays_later: charged while ACTIVE, PAID from the third read on.
    #expect(await judge("cf_sim_pays_later") == ["charged_not_paid"])
    #expect(await judge("cf_sim_pays_later") == [], "paid now, and the history goes forward")
    // cf_sim_status_backwards: PAID on its first read, ACTIVE after.
    #expect(await judge("cf_sim_status_backwards") == [])
    let backwards = await judge("cf_sim_status_backwards")
    #expect(backwards.contains("status_backwards"), "\(backwards)")
    // cf_sim_late_authorisation: FAILED, then the same attempt SUCCESS and the order PAID: said as info.
    #expect(await judge("cf_sim_late_authorisation") == [])
    #expect(await judge("cf_sim_late_authorisation") == ["late_authorisation"])
  }

  @Test func movingTheClockAgesAPendingAttemptIntoAStuckOne() async throws {
    let harness = try await Self.harness()
    #expect(try await Self.verdicts(harness, "cashfree", "cf_sim_pending").0 == [])
    #expect(try await harness.admin("POST", "/_sim/clock/advance", #"{"seconds": 1200}"#) == 200)
    #expect(try await Self.verdicts(harness, "cashfree", "cf_sim_pending").0 == ["stuck_attempt"])
  }

  @Test func statusBackwardsSpansEverySessionOfTheStore() async throws {
    let harness = try await Self.harness()
    let store = try GatewayHarness.folder("backwards").appendingPathComponent("store.sqlite").path
    harness.shell.services.snapshots = StoredSnapshotLog(path: store)
    #expect(await harness.run("use cashfree\nfetch cf_sim_status_backwards --summary\nsave first-look") == .ok)
    harness.shell.services.snapshots = StoredSnapshotLog(path: store)  // a new session, as a new paysh
    harness.output.clear()
    #expect(await harness.run("fetch cf_sim_status_backwards --summary\ncheck cf_sim_status_backwards") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("status_backwards  the order was PAID in @first-look:1 and ACTIVE later, in @1"), "\(out)")
    #expect(out.contains("read: @first-look:1 .order_status, @1 .order_status"))
  }
}
