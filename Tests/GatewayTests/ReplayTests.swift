import Foundation
import FoundationXML
import PayshCore
import PayshJSON
import Testing

/// Record and replay in-process against the simulator: the recorder's script, offline answers in order,
/// the mismatch message, expectations with positions, `--compare`, reports and exit statuses.
@Suite("record and replay")
struct ReplayTests {
  static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

  /// A harness whose snapshots go to a store in `folder`.
  static func harness(_ folder: String) async throws -> GatewayHarness {
    let harness = try await GatewayHarness()
    harness.shell.services.snapshots = StoredSnapshotLog(path: folder + "/store.sqlite")
    return harness
  }

  @Test func recorderWritesHeaderUseAuthBareAndFailedLinesAsComments() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    #expect(await harness.run("use cashfree --version 2023-08-01") == .ok)
    _ = await harness.run(line: "record start \(folder)/t.ops")
    _ = await harness.run(line: "auth --profile nosuch")
    _ = await harness.run(line: "auth")
    _ = await harness.run(line: "fetch cf_sim_paid --summary")
    _ = await harness.run(line: "fetch no_such_order")
    _ = await harness.run(line: "expect http == 404")
    _ = await harness.run(line: "record stop")
    _ = await harness.run(line: "echo after")
    let lines = ReplayTests.read(folder + "/t.ops").split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "# recorded with `record start \(folder)/t.ops`")
    #expect(lines[1].hasPrefix("# paysh 0.1.0, 20"))
    #expect(lines[2] == "# gateway: cashfree local, API version 2023-08-01")
    #expect(
      Array(lines[3...])
        == [
          "use cashfree local --version 2023-08-01", "# failed (exit 3): auth", "auth", "fetch cf_sim_paid --summary",
          "# failed (exit 3): fetch no_such_order", "expect http == 404", "",
        ])
    #expect(harness.output.standardOutput.contains("wrote \(folder)/t.ops: 5 lines"))
  }

  @Test func offlineReplayAnswersInOrderAndIsTheSameEveryTime() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    // Record: the live run's fetches land in a session of their own; name and export it.
    let script = """
      use cashfree
      fetch cf_sim_pays_later --summary
      expect status == open
      fetch cf_sim_pays_later --summary
      fetch cf_sim_pays_later --summary
      expect status == paid
      diff

      """
    try script.write(toFile: folder + "/ticket.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/ticket.ops") == .ok, "\(harness.output.standardError)")
    let store = try #require(harness.shell.services.snapshots as? StoredSnapshotLog).store()
    let session = try #require(try store.sessions().first { $0.snapshots == 3 })
    try store.name(session: session.id, "ticket")
    try store.export(session: session.id, to: folder + "/ticket.paysh")
    let requestsBefore = harness.requestCount("/pg/orders/")

    harness.output.clear()
    #expect(await harness.run("replay \(folder)/ticket.ops --offline") == .ok, "\(harness.output.standardError)")
    let first = harness.output.transcript
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/ticket.ops --offline --session \(folder)/ticket.paysh") == .ok)
    #expect(harness.output.transcript == first, "two offline replays are byte-identical")
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/ticket.ops --offline --session ticket") == .ok)
    #expect(
      harness.output.transcript.replacingOccurrences(of: "session ticket", with: "\(folder)/ticket.paysh") == first)
    #expect(harness.requestCount("/pg/orders/") == requestsBefore, "offline sends nothing")
    // The N-th fetch got the N-th recorded answer: open, open, paid.
    let statuses = first.split(separator: "\n").filter { $0.hasPrefix("status ") }
    #expect(statuses == ["status    open  (ACTIVE)", "status    open  (ACTIVE)", "status    paid  (PAID)"])
    #expect(first.contains("ok  status == paid"))
  }

  /// A session's deliveries travel with it: exported and imported whole, in a HAR as the gateway's requests
  /// to paysh, and an offline replay of the script that received them shows them as the live run did.
  @Test func deliveriesTravelWithTheSessionAndReplayOffline() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    let script = """
      use cashfree
      trigger payment_success cf_sim_active
      fetch cf_sim_active --summary
      webhooks
      check cf_sim_active

      """
    try script.write(toFile: folder + "/hook.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/hook.ops") == .ok, "\(harness.output.standardError)")
    let live = harness.output.transcript
    #expect(
      live.contains("@1 PAYMENT_SUCCESS_WEBHOOK, order cf_sim_active") && live.contains(": signature ok\n"), "\(live)")
    let store = try #require(harness.shell.services.snapshots as? StoredSnapshotLog).store()
    let session = try #require(try store.sessions().first { $0.snapshots == 3 })
    try store.name(session: session.id, "hooked")
    #expect(await harness.run("export hooked \(folder)/hooked.paysh\nexport hooked --har \(folder)/hooked.har") == .ok)

    // Imported elsewhere, the deliveries and their verdicts are there.
    let other = try SessionStore(path: folder + "/other.sqlite")
    _ = try other.importSessions(from: folder + "/hooked.paysh")
    let imported = try #require(try other.session(named: "hooked"))
    let snapshots = try other.snapshots(session: imported.id)
    #expect(snapshots.map(\.resource) == ["webhook", "listening", "order"])
    #expect(snapshots[0].webhookVerdict?.signature == .ok)
    #expect(snapshots[0].body == (try store.snapshots(session: session.id))[0].body)

    // The HAR holds the delivery as a POST to paysh with its body, and no listening record.
    let har = try #require(try? JSONParser.parse(Array(ReplayTests.read(folder + "/hooked.har").utf8)))
    guard case .array(let entries)? = har["log"]?["entries"] else {
      Issue.record("no entries")
      return
    }
    #expect(entries.count == 2)
    #expect(entries[0]["request"]?["method"]?.stringValue == "POST")
    #expect(entries[0]["request"]?["postData"]?["text"]?.stringValue?.contains("PAYMENT_SUCCESS_WEBHOOK") == true)
    #expect(!ReplayTests.read(folder + "/hooked.har").contains("TEST_SIM_CF_CLIENT_SECRET"))

    // Offline, from the export: the same lines, nothing sent.
    let sent = harness.requestCount("/trigger")
    harness.output.clear()
    #expect(
      await harness.run("replay \(folder)/hook.ops --offline --session \(folder)/hooked.paysh") == .ok,
      "\(harness.output.standardError)")
    #expect(harness.output.transcript == live, "the offline replay shows what the live run showed")
    #expect(harness.requestCount("/trigger") == sent)
  }

  /// A live `case` whose refunds request got no answer at all (the connection reset) stored no refunds
  /// answer; its offline replay shows the part missing, as the live run did, instead of stopping the script.
  @Test func anOfflineCaseShowsAPartTheLiveRunGotNoAnswerToAsMissing() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    let fault = #"{"gateway":"cashfree","route":"refunds","kind":"reset","times":50}"#
    #expect(try await harness.admin("POST", "/_sim/faults", fault) == 201)
    try "use cashfree\ncase cf_sim_refunded\nexpect check != ok\necho after\n".write(
      toFile: folder + "/case.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/case.ops") == .ok, "\(harness.output.standardError)")
    #expect(harness.output.standardOutput.contains("refunds  missing: no answer"), "\(harness.output.standardOutput)")
    let store = try #require(harness.shell.services.snapshots as? StoredSnapshotLog).store()
    let session = try #require(try store.sessions().first { $0.snapshots == 3 })
    try store.name(session: session.id, "cased")

    harness.output.clear()
    #expect(
      await harness.run("replay \(folder)/case.ops --offline --session cased") == .ok, "\(harness.output.standardError)"
    )
    let out = harness.output.standardOutput
    #expect(out.contains("refunds  missing: no answer: the recording holds no answer to it"), "\(out)")
    #expect(out.contains("not run  over_refund, refund_without_arn, refund_pending_long"), "\(out)")
    #expect(out.contains("after"))
  }

  @Test func aFetchTheRecordingCannotAnswerStopsWithWhereAndWhat() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    #expect(
      await harness.run("use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid payments --summary\nsave rec")
        == .ok)
    try "use cashfree\nfetch cf_sim_paid\nfetch cf_sim_paid\necho never\n".write(
      toFile: folder + "/more.ops", atomically: true, encoding: .utf8)
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/more.ops --offline --session rec") == .runtime)
    let errors = harness.output.standardError
    #expect(
      errors.contains(
        "offline replay from session rec: the recording holds 1 answer for cashfree order cf_sim_paid; this is fetch 2 of it"
      ))
    #expect(errors.contains("\(folder)/more.ops:3:1"))
    #expect(errors.contains("it holds: cashfree order cf_sim_paid, cashfree payments of order cf_sim_paid"))
    #expect(!harness.output.standardOutput.contains("never"))
  }

  @Test func failedExpectationsSayWhereAndTheRunGoesOn() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    let script =
      "use cashfree\nfetch cf_sim_paid --summary\nexpect status == open\nexpect http == 200\necho still here\n"
    try script.write(toFile: folder + "/e.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/e.ops") == .expectation)
    let errors = harness.output.standardError
    #expect(errors.contains("error: expectation failed: status == open"))
    #expect(errors.contains("\(folder)/e.ops:3:1"))
    #expect(errors.contains("expected status == open in @1"))
    #expect(harness.output.standardOutput.contains("ok  http == 200"))
    #expect(harness.output.standardOutput.contains("still here"))
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/e.ops --fail-fast") == .expectation)
    #expect(!harness.output.standardOutput.contains("still here"))
  }

  @Test func compareShowsWhatChangedSinceTheRecording() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    #expect(await harness.run("use cashfree\nfetch cf_sim_active --summary\nsave filed") == .ok)
    #expect(try await harness.admin("POST", "/_sim/orders/cashfree/cf_sim_active/status", #"{"status":"PAID"}"#) < 300)
    try "use cashfree\nfetch cf_sim_active --summary\nfetch cf_sim_paid --summary\n".write(
      toFile: folder + "/c.ops", atomically: true, encoding: .utf8)
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/c.ops --compare filed") == .ok, "\(harness.output.standardError)")
    let out = harness.output.standardOutput
    #expect(out.contains("since the recording (session filed, fetched 20"))
    #expect(out.contains("  status       open → paid  (ACTIVE → PAID)"))
    #expect(out.contains(#"  ~ .order_status  "ACTIVE" → "PAID""#))
    #expect(
      out.contains("since the recording (session filed): the recording has no answer for cashfree order cf_sim_paid"))
  }

  @Test func reportsCountTestsAndFailures() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    try "use cashfree\nfetch cf_sim_paid --summary\nexpect status == paid\nexpect http == 500\n".write(
      toFile: folder + "/a.ops", atomically: true, encoding: .utf8)
    try "use cashfree\nfetch cf_sim_paid --summary\nexpect .order_amount > 1 \n".write(
      toFile: folder + "/b.ops", atomically: true, encoding: .utf8)
    try "use cashfree\nfetch no_such_order\nexpect status == paid\n".write(
      toFile: folder + "/c.ops", atomically: true, encoding: .utf8)
    let status = await harness.run(
      "replay \(folder) --report junit=\(folder)/r.xml --report json=\(folder)/r.json --report tap")
    #expect(status == .runtime, "a runtime failure outranks a failed expectation")
    let out = harness.output.standardOutput
    #expect(out.contains("ok    \(folder)/b.ops  1 expectation, 1 fetch"))
    #expect(out.contains("FAIL  \(folder)/a.ops  exit 4: 1 of 2 expectations failed"))
    #expect(
      out.contains(
        "FAIL  \(folder)/c.ops  exit 3: \(folder)/c.ops:2:1: order no_such_order not found at Cashfree local (HTTP 404")
    )
    #expect(out.contains("3 scripts: 1 ok, 2 failed; 3 expectations, 1 failed"))
    #expect(out.contains("TAP version 13\n1..4\nok 1 - \(folder)/a.ops: line 3: expect status == paid\nnot ok 2"))

    let document = try XMLDocument(data: Data(contentsOf: URL(fileURLWithPath: folder + "/r.xml")))
    let root = try #require(document.rootElement())
    #expect(root.attribute(forName: "tests")?.stringValue == "4")
    #expect(root.attribute(forName: "failures")?.stringValue == "2")
    let suites = root.elements(forName: "testsuite")
    #expect(suites.map { $0.attribute(forName: "tests")?.stringValue } == ["2", "1", "1"])
    #expect(suites.map { $0.attribute(forName: "failures")?.stringValue } == ["1", "0", "1"])
    let failure = try #require(suites[0].elements(forName: "testcase")[1].elements(forName: "failure").first)
    #expect(failure.attribute(forName: "message")?.stringValue == "\(folder)/a.ops:4:1: expected == 500, found 200")

    let report = try JSONParser.parse(Array(ReplayTests.read(folder + "/r.json").utf8))
    #expect(report["scripts"]?[0]?["status"] == .number(JSONNumber(4)))
    #expect(report["scripts"]?[0]?["expectations"]?[1]?["actual"] == .string("200"))
  }

  @Test func aScriptCannotReplayItself() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    try "echo in\nreplay \(folder)/loop.ops\n".write(toFile: folder + "/loop.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/loop.ops") == .runtime)
    #expect(harness.output.standardError.contains("is already being replayed: a script cannot replay itself"))
    #expect(harness.output.standardOutput.components(separatedBy: "in\n").count == 2, "ran once")
  }

  @Test func recordingRefusesToReplaceAFile() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    try "keep me\n".write(toFile: folder + "/kept.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run(line: "record start \(folder)/kept.ops") == .runtime)
    #expect(harness.output.standardError.contains("exists already; a recording does not replace a file"))
    #expect(ReplayTests.read(folder + "/kept.ops") == "keep me\n")
  }

  @Test func anOfflineWatchEndsWhereTheRecordingDoes() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    harness.shell.services.clock = ManualClock()
    let script = "use cashfree\nwatch cf_sim_pays_later --every 1s --max 1m\n"
    try script.write(toFile: folder + "/w.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/w.ops") == .ok, "\(harness.output.standardError)")
    let store = try #require(harness.shell.services.snapshots as? StoredSnapshotLog).store()
    let session = try #require(try store.sessions().first { $0.snapshots == 2 })
    try store.export(session: session.id, to: folder + "/w.paysh")
    harness.output.clear()
    #expect(await harness.run("replay \(folder)/w.ops --offline") == .ok, "\(harness.output.standardError)")
    #expect(
      harness.output.standardOutput.contains(
        "the recording holds no more answers for order cf_sim_pays_later: the watch ends after 1 change"))
  }

  @Test func reportsNameWhatStoppedAScript() async throws {
    let folder = try GatewayHarness.folder("replay").path
    let harness = try await ReplayTests.harness(folder)
    try "use cashfree\nfetch no_such_order\n".write(toFile: folder + "/s.ops", atomically: true, encoding: .utf8)
    #expect(await harness.run("replay \(folder)/s.ops --report json=\(folder)/r.json") == .runtime)
    let report = try JSONParser.parse(Array(ReplayTests.read(folder + "/r.json").utf8))
    let error = report["scripts"]?[0]?["error"]?.stringValue ?? ""
    #expect(error.hasPrefix("\(folder)/s.ops:2:1: "), "\(error)")
    #expect(await harness.run("replay \(folder)/s.ops --report junit=/nonexistent-dir/r.xml") == .runtime)
    #expect(harness.output.standardError.contains("cannot write /nonexistent-dir/r.xml"))
  }
}
