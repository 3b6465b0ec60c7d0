import Foundation
import PayshCore
import PayshJSON
import Synchronization
import Testing

/// `diff` and `watch` end to end: orders the simulator changes between fetches, two API versions, two
/// gateways, refs into a saved session; `watch` on a manual clock that moves the simulator's clock too.
@Suite("diff and watch through the simulator")
struct DiffWatchTests {
  @Test func diffShowsTheOrderBecomingPaid() async throws {
    let harness = try await GatewayHarness()
    let status = await harness.run(
      "use cashfree\nfetch cf_sim_pays_later --summary\nfetch cf_sim_pays_later --summary\nfetch cf_sim_pays_later --summary\ndiff"
    )
    #expect(status == .ok, "\(harness.output.standardError)")
    let out = harness.output.standardOutput
    #expect(out.contains("@2 → @3  cashfree local · order cf_sim_pays_later"))
    #expect(out.contains("  status       open → paid  (ACTIVE → PAID)"))
    #expect(out.contains(#"  ~ .order_status  "ACTIVE" → "PAID""#))
  }

  @Test func unchangedFetchesHaveNoDifferences() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid --summary") == .ok)
    harness.output.clear()
    #expect(await harness.run("diff") == .ok)
    #expect(harness.output.standardOutput == "no differences between @1 and @2\n")
  }

  @Test func apiVersionsDifferInIdTypeAndUrlObjects() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run(
        "use cashfree --version 2022-09-01\nfetch cf_sim_paid --summary\nuse cashfree --version 2025-01-01\nfetch cf_sim_paid --summary"
      ) == .ok)
    harness.output.clear()
    #expect(await harness.run("diff --json") == .ok, "\(harness.output.standardError)")
    let report = try JSONParser.parse(Array(harness.output.standardOutput.utf8))
    guard case .array(let raw)? = report["raw"] else {
      Issue.record("no raw changes")
      return
    }
    let lines = raw.map { "\($0["op"]?.scalarText ?? "") \($0["path"]?.scalarText ?? "")" }
    #expect(lines.contains("type_changed .cf_order_id"))
    #expect(lines.contains("removed .payments"))
    #expect(lines.contains("removed .refunds"))
    #expect(lines.contains("removed .settlements"))
    #expect(lines.contains("added .customer_details.customer_uid"))
    #expect(report["normalized"]?[0]?["field"] == .string("api version"))
  }

  @Test func twoGatewaysCompareByTheirNormalizedViews() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run("use cashfree\nfetch cf_sim_paid --summary\nuse paytring\nfetch 1111111111111111 --summary")
        == .ok)
    harness.output.clear()
    #expect(await harness.run("diff @1 @2") == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("  gateway            cashfree → paytring"))
    #expect(!out.contains("\nraw\n"))
    #expect(out.contains("raw answers of cashfree and paytring differ in shape; --raw compares them anyway"))
  }

  @Test func ignoreAndAllChangeWhatCounts() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nfetch cf_sim_pays_later --summary") == .ok)
    #expect(
      try await harness.admin(
        "POST", "/_sim/orders/cashfree/cf_sim_pays_later/patch", #"{"payment_session_id":"session_new"}"#) < 300)
    #expect(await harness.run("fetch cf_sim_pays_later --summary") == .ok)
    harness.output.clear()
    #expect(await harness.run("diff") == .ok)
    #expect(
      harness.output.standardOutput.hasPrefix(
        "no differences between @1 and @2 (ignored 1 change: payment_session_id (1); --all shows them)\n"),
      "\(harness.output.standardOutput)")
    harness.output.clear()
    #expect(await harness.run("diff --all --raw") == .ok)
    #expect(harness.output.standardOutput.contains(#"~ .payment_session_id"#))
    harness.output.clear()
    #expect(await harness.run("diff --ignore .order_meta[x]") == .syntax)
    #expect(harness.output.standardError.contains("expected [], [N] or [\"key\"]"))
  }

  @Test func refsIntoASavedSessionAndFiles() async throws {
    let directory = try GatewayHarness.folder("diff")
    defer { try? FileManager.default.removeItem(at: directory) }
    let harness = try await GatewayHarness()
    harness.shell.services.snapshots = StoredSnapshotLog(path: directory.path + "/store.sqlite")
    #expect(await harness.run("use cashfree\nfetch cf_sim_pays_later --summary\nsave ticket-1") == .ok)
    #expect(await harness.run("fetch cf_sim_pays_later --summary\nfetch cf_sim_pays_later --summary") == .ok)
    harness.output.clear()
    #expect(await harness.run("diff @ticket-1:1 @last --normalized") == .ok, "\(harness.output.standardError)")
    #expect(harness.output.standardOutput.contains("@ticket-1:1 → @3"))
    #expect(harness.output.standardOutput.contains("status       open → paid"))
    #expect(await harness.run("diff @nosuch:1") == .runtime)
    #expect(harness.output.standardError.contains("no stored session named nosuch"))
    try "{\"a\":1}".write(toFile: directory.path + "/a.json", atomically: true, encoding: .utf8)
    try "{\"a\":2}".write(toFile: directory.path + "/b.json", atomically: true, encoding: .utf8)
    harness.output.clear()
    #expect(await harness.run("diff \(directory.path)/a.json \(directory.path)/b.json") == .ok)
    #expect(harness.output.standardOutput.contains("~ .a  1 → 2"))
  }

  @Test func jsonFilesAreRedactedBeforeTheyAreShown() async throws {
    let directory = try GatewayHarness.folder("diffr")
    defer { try? FileManager.default.removeItem(at: directory) }
    let a = #"{"client_secret":"s3cr3t-one","v":[{"cardNumber":"4000111122223333","pin":"918273","status":"A"}]}"#
    let b = #"{"client_secret":"s3cr3t-two","v":[{"cardNumber":"4000111122223333","pin":"111111","status":"B"}]}"#
    try a.write(to: directory.appendingPathComponent("a.json"), atomically: true, encoding: .utf8)
    try b.write(to: directory.appendingPathComponent("b.json"), atomically: true, encoding: .utf8)
    let harness = try await GatewayHarness()
    #expect(await harness.run("diff \(directory.path)/a.json \(directory.path)/b.json --all --json") == .ok)
    let out = harness.output.standardOutput
    for secret in ["s3cr3t-one", "s3cr3t-two", "918273", "111111", "4000111122223333"] {
      #expect(!out.contains(secret), "\(secret) shown")
    }
    #expect(out.contains("\"new\": \"B\""))
    harness.output.clear()
    #expect(await harness.run("diff \(directory.path)/a.json \(directory.path)/b.json --all") == .ok)
    #expect(harness.output.standardOutput.contains(#".v[cardNumber="••••••••••••3333"].pin"#))
    #expect(harness.output.standardOutput.contains("(a secret: changed, not shown)"))
  }

  @Test func diffNeedsTwoSnapshotsOfTheOrder() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("diff") == .runtime)
    #expect(harness.output.standardError.contains("no snapshots yet in this session"))
    #expect(await harness.run("use cashfree\nfetch cf_sim_paid --summary\ndiff") == .runtime)
    #expect(harness.output.standardError.contains("@1 is the only snapshot of cashfree order cf_sim_paid"))
  }

  /// A manual clock for `watch` that moves the simulator's clock by the same amount at each sleep.
  func clock(_ harness: GatewayHarness) -> ManualClock {
    ManualClock(onSleep: { microseconds in
      _ = try? await harness.admin("POST", "/_sim/clock/advance", "{\"seconds\": \(microseconds / 1_000_000)}")
    })
  }

  @Test func watchStoresOnlyChangesAndStopsWhenTheConditionHolds() async throws {
    let harness = try await GatewayHarness()
    let clock = clock(harness)
    harness.shell.services.clock = clock
    #expect(
      try await harness.admin(
        "POST", "/_sim/orders/cashfree/cf_sim_active/script", #"[{"after_seconds":30,"set_status":"PAID"}]"#) < 300)
    let status = await harness.run("use cashfree\nwatch cf_sim_active --every 10s --until \"status == paid\"")
    #expect(status == .ok, "\(harness.output.standardError)")
    #expect(clock.sleeps == [10_000_000, 10_000_000, 10_000_000])
    #expect(harness.requestCount("/pg/orders/cf_sim_active") == 4)
    #expect(try harness.shell.services.snapshots.count() == 2, "the first answer and the one that changed")
    let out = harness.output.standardOutput
    #expect(out.contains("fetch 2: no change (HTTP 200)"))
    #expect(out.contains("fetch 3: no change (HTTP 200)"))
    #expect(out.contains("  status       open → paid  (ACTIVE → PAID)"))
    #expect(out.contains("status == paid holds (paid (PAID)) at @2"))
  }

  @Test func watchStopsAtMaxWithTheRightStatus() async throws {
    let harness = try await GatewayHarness()
    harness.shell.services.clock = clock(harness)
    #expect(await harness.run("use cashfree\nwatch cf_sim_paid --every 1m --max 5m") == .ok)
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") == 6)
    #expect(harness.output.standardOutput.contains("stopped after 5m: 6 fetches, 0 changes"))
    #expect(await harness.run("watch cf_sim_paid --every 1m --max 2m --until \"status == failed\"") == .expectation)
    #expect(harness.output.standardError.contains("status == failed never held (last: paid (PAID))"))

    #expect(await harness.run("watch cf_sim_paid --every 1m --max 30s") == .ok)
    #expect(harness.output.standardOutput.contains("stopped after 30s: 1 fetch, 0 changes"), "one, not 1 fetches")
  }

  @Test func watchWaitsAsTheRateLimitAsks() async throws {
    let harness = try await GatewayHarness()  // the default deadline of 30 s: shorter than 45 s
    // At the first wait the gateway starts limiting: one 429 asking for 45 s, past the fetch's deadline.
    let faulted = Mutex(false)
    let clock = ManualClock(onSleep: { _ in
      guard
        faulted.withLock({ done in
          defer { done = true }; return !done
        })
      else { return }
      _ = try? await harness.admin(
        "POST", "/_sim/faults",
        #"{"gateway":"cashfree","route":"order","kind":"rate_limit","retry_after":45,"times":1}"#)
    })
    harness.shell.services.clock = clock
    #expect(await harness.run("use cashfree") == .ok)
    let status = await harness.run("watch cf_sim_pays_later --every 5s --until \"status == paid\"")
    #expect(status == .ok, "\(harness.output.standardError)")
    #expect(clock.sleeps.contains(45_000_000), "\(clock.sleeps)")
    #expect(harness.output.standardOutput.contains("the gateway asks for 45s before the next request"))
  }

  @Test func ctrlCStopsAWatch() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree") == .ok)
    let shell = harness.shell
    // The system clock: the watch really waits a minute between fetches, unless cancelled.
    let task = Task { await shell.run(SourceFile(name: "t", text: "watch cf_sim_paid --every 1m"), mode: .script) }
    while harness.requestCount("/pg/orders/cf_sim_paid") == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
    task.cancel()
    #expect(await task.value == .runtime)
    #expect(harness.output.standardError.contains("interrupted"))
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") == 1)
  }

  @Test func badWatchOptionsAreCaughtBeforeAnythingRuns() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nwatch x --every soon --until \"status = paid\"") == .syntax)
    let errors = harness.output.standardError
    #expect(errors.contains("'soon' is not a duration"))
    #expect(errors.contains("--until: '=' is not a comparison; did you mean ==?"))
    #expect(await harness.run("watch x --every 9999999999999h --max 99999999999999999") == .syntax)
    #expect(
      harness.output.standardError.contains("'9999999999999h' is not a duration: a whole number with ms, s, m or h"))
    #expect(
      harness.output.standardError.contains("'99999999999999999' is not a duration: a whole number with ms, s, m or h"))
    #expect(harness.requestCount("/pg/orders") == 0)
  }
}
