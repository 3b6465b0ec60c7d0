import Foundation
import PayshCore
import Synchronization
import Testing

/// A script's fetch is committed and shown while the next fetch's request is out (the ordered pipeline,
/// `OrderedWork`, one request at a time: `Interpreter.runFetchLines`):
/// still nothing is shown before it is stored, the output and the snapshots keep the order of the lines,
/// and a snapshot that cannot be stored stops the script at its line.
@Suite("Script fetches settled while the next request is out")
struct SettleTests {
  /// Output that notes, at each result written, how many snapshots another connection sees in the store.
  final class StoreWatchingOutput: OutputSink {
    let path: String
    let inner = BufferedOutput()
    let seen = Mutex<[(text: String, stored: Int)]>([])

    init(path: String) { self.path = path }

    func write(_ text: String) {
      inner.write(text)
      let stored = (try? SessionStore(path: path, readOnly: true).totalSnapshots()) ?? -1
      seen.withLock { $0.append((text, stored)) }
    }

    func writeError(_ text: String) { inner.writeError(text) }
  }

  @Test func aScriptShowsEachFetchOnlyOnceItIsStored() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("settle").path + "/store.sqlite"
    let output = StoreWatchingOutput(path: path)
    let shell = Interpreter(output: output)
    shell.services.localSimulator = harness.shell.services.localSimulator
    shell.services.snapshots = StoredSnapshotLog(path: path)
    let script =
      "use cashfree\nfetch cf_sim_paid --summary\necho between\n"
      + "fetch cf_sim_active --summary\nfetch cf_sim_paid --summary\nfetch cf_sim_active --summary"
    let status = await shell.run(SourceFile(name: "settle.ops", text: script), mode: .script)
    #expect(status == .ok, "\(output.inner.standardError)")
    let results = output.seen.withLock { $0 }.filter { $0.text.hasPrefix("HTTP 200") }
    #expect(results.map(\.stored) == [1, 2, 3, 4], "fetch k is shown when k snapshots are stored, not before")
    let numbers = results.map { $0.text.split(separator: "\n").first?.split(separator: " ").last ?? "" }
    #expect(numbers == ["@1", "@2", "@3", "@4"], "\(results.map(\.text))")
    let lines = output.inner.standardOutput.split(separator: "\n").filter { $0.hasPrefix("HTTP") || $0 == "between" }
    #expect(lines.count == 5)
    #expect(lines[1] == "between", "the echo comes after the fetch before it is shown")
    let stored = try SessionStore(path: path, readOnly: true)
    let session = try #require(try stored.sessions().first)
    #expect(
      try stored.snapshots(session: session.id).map(\.orderID) == [
        "cf_sim_paid", "cf_sim_active", "cf_sim_paid", "cf_sim_active",
      ])
  }

  @Test func aFetchThatCannotBeStoredStopsTheScriptAtItsLine() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("settle-fail").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    #expect(await harness.run("use cashfree\nfetch cf_sim_paid --summary") == .ok)
    // Another connection makes every further insert fail, as a full disk would.
    let other = try Database(path: path)
    try other.execute(
      "CREATE TRIGGER refuse BEFORE INSERT ON snapshots BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END")
    harness.output.clear()
    let status = await harness.run("fetch cf_sim_active --summary\nfetch cf_sim_paid --summary\necho after")
    #expect(status == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("test.ops:1:1"), "the error is the first fetch's: \(errors)")
    #expect(errors.contains("could not store the snapshot"), "\(errors)")
    #expect(errors.contains("disk full (test)"), "\(errors)")
    #expect(!harness.output.standardOutput.contains("HTTP"), "nothing unstored is shown")
    #expect(!harness.output.standardOutput.contains("after"), "the script stopped")
    #expect(harness.shell.firstFailure?.hasPrefix("test.ops:1:1") == true, "\(harness.shell.firstFailure ?? "")")
    #expect(try SessionStore(path: path, readOnly: true).totalSnapshots() == 1)

    // Settled by the next line that is not a fetch: that line does not run.
    harness.output.clear()
    #expect(await harness.run("fetch cf_sim_paid --summary\necho after") == .runtime)
    #expect(harness.output.standardError.contains("test.ops:1:1"), "\(harness.output.standardError)")
    #expect(harness.output.standardOutput.isEmpty, "\(harness.output.standardOutput)")
  }

  @Test func cancellingTheNextFetchStillStoresAndShowsTheOneBefore() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("settle-cancel").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"cashfree","route":"payments","kind":"latency","latency_ms":5000}"#)
        < 300)
    let shell = harness.shell
    let script = "use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid payments"
    let task = Task { await shell.run(SourceFile(name: "t.ops", text: script), mode: .script) }
    // The order is shown while the payments request is out (the simulator holds its answer for 5 s):
    // cancel then.
    while !harness.output.standardOutput.contains("@1") {
      try await Task.sleep(nanoseconds: 10_000_000)
    }
    task.cancel()
    #expect(await task.value == .runtime)
    #expect(harness.output.standardError.contains("interrupted"))
    #expect(harness.output.standardOutput.contains("HTTP 200"), "\(harness.output.standardOutput)")
    #expect(harness.output.standardOutput.contains("@1"))
    #expect(try SessionStore(path: path, readOnly: true).totalSnapshots() == 1, "the order is kept, not the payments")
  }

  @Test func aLineThatCannotSendStopsThePipelineAfterTheOneBeforeIsShown() async throws {
    let harness = try await GatewayHarness()
    let long = String(repeating: "x", count: 300)
    let status = await harness.run(
      "use cashfree\nfetch cf_sim_paid --summary\nfetch \(long)\nfetch cf_sim_active --summary")
    #expect(status == .runtime)
    #expect(harness.output.standardOutput.contains("@1"), "\(harness.output.standardOutput)")
    #expect(harness.output.standardError.contains("test.ops:3:7"), "\(harness.output.standardError)")
    #expect(harness.output.standardError.contains("invalid id"), "\(harness.output.standardError)")
    #expect(harness.requestCount("/pg/orders/cf_sim_active") == 0, "the line after is never sent")
    #expect(try harness.shell.services.snapshots.count() == 1)
  }

  @Test func atThePromptAFetchIsStoredBeforeTheLineReturns() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("settle-prompt").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    #expect(await harness.run(line: "use cashfree") == .ok)
    #expect(await harness.run(line: "fetch cf_sim_paid --summary") == .ok)
    #expect(try SessionStore(path: path, readOnly: true).totalSnapshots() == 1)
    #expect(harness.output.standardOutput.contains("HTTP 200"))
  }

  /// Cashfree's `cf_sim_paid`, asked of the harness's simulator with its credentials.
  static func orderRequest(_ harness: GatewayHarness) -> OutgoingRequest {
    let credentials = GatewayHarness.Link(base: harness.simulator.baseURL).credentials(for: "cashfree")
    return OutgoingRequest(
      method: "GET", url: harness.simulator.baseURL + "/pg/orders/cf_sim_paid",
      headers: [
        HTTPHeader("x-client-id", credentials["client_id"] ?? ""),
        HTTPHeader("x-client-secret", credentials["client_secret"] ?? ""),
        HTTPHeader("x-api-version", "2025-01-01"),
      ])
  }

  @Test func meanwhileRunsOnceWhileTheRequestIsOut() async throws {
    let harness = try await GatewayHarness()
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"cashfree","route":"order","kind":"latency","latency_ms":300}"#) < 300)
    let request = SettleTests.orderRequest(harness)
    var calls: [Int] = []
    let exchange = try await HTTPTransport().send(request) { calls.append(Clock.now()) }
    let answered = Clock.now()
    #expect(exchange.response.status == 200)
    #expect(calls.count == 1)
    #expect(answered - (calls.first ?? answered) >= 250_000, "it ran before the 300 ms answer came, not after")
  }

  @Test func meanwhileRunsOnceWhateverTheAttempts() async throws {
    let harness = try await GatewayHarness()
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"cashfree","route":"order","kind":"status","status":503,"times":2}"#)
        < 300)
    let request = SettleTests.orderRequest(harness)
    var retried = 0
    let exchange = try await HTTPTransport(policy: .init(baseDelayMilliseconds: 5)).send(request) { retried += 1 }
    #expect(exchange.retries.count == 2)
    #expect(retried == 1, "three attempts, one call")

    var refused = 0
    let nowhere = OutgoingRequest(method: "GET", url: "http://127.0.0.1:9/pg/orders/x", headers: [])
    await #expect(throws: TransportError.self) {
      try await HTTPTransport(policy: .none).send(nowhere) { refused += 1 }
    }
    #expect(refused == 1, "called even when no connection could be made")
  }
}
