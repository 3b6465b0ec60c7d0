import PayshCore
import Synchronization
import Testing

/// A fetch's command line goes into its snapshot's transaction, at the prompt and in scripts, deferred or not.
@Suite("Fetch lines in the command log")
struct FetchLogTests {
  static func harness() async throws -> (GatewayHarness, String) {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("fetch-log").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    return (harness, path)
  }

  @Test func everyFetchOfAScriptIsLoggedOnceWithItsStatus() async throws {
    let (harness, path) = try await Self.harness()
    let script = """
      use cashfree
      fetch cf_sim_paid --summary
      fetch cf_sim_paid --summary
      echo x
      fetch nope --allow-error
      fetch nope
      """
    #expect(await harness.run(script) == .runtime)
    let store = try SessionStore(path: path)
    let session = try #require(try store.sessions().first)
    let lines = try store.commands(session: session.id)
    #expect(
      lines.map(\.text) == [
        "use cashfree", "fetch cf_sim_paid --summary", "fetch cf_sim_paid --summary", "echo x",
        "fetch nope --allow-error", "fetch nope",
      ])
    #expect(lines.map(\.status) == [0, 0, 0, 0, 0, 3])
    #expect(try store.count(session: session.id) == 4)
  }

  /// Output that notes, at each fetch result written, how many snapshots and how many `fetch` lines another
  /// connection sees in the store.
  final class LogWatchingOutput: OutputSink {
    let path: String
    let seen = Mutex<[(snapshots: Int, fetchLines: Int)]>([])
    init(path: String) { self.path = path }

    func write(_ text: String) {
      guard text.hasPrefix("HTTP ") else { return }
      guard let store = try? SessionStore(path: path, readOnly: true), let session = try? store.sessions().first
      else { return }
      let lines = (try? store.commands(session: session.id).filter { $0.text.hasPrefix("fetch") }.count) ?? -1
      let snapshots = (try? store.totalSnapshots()) ?? -1
      seen.withLock { $0.append((snapshots, lines)) }
    }
    func writeError(_ text: String) {}
  }

  @Test(arguments: [Interpreter.Mode.interactive, .script])
  func aFetchsLineIsStoredWhenItsResultIsShown(_ mode: Interpreter.Mode) async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("fetch-log-shown").path + "/store.sqlite"
    let output = LogWatchingOutput(path: path)
    let shell = Interpreter(output: output)
    shell.services.localSimulator = harness.shell.services.localSimulator
    shell.services.snapshots = StoredSnapshotLog(path: path)
    let lines = [
      "use cashfree", "fetch cf_sim_paid --summary", "fetch cf_sim_active --summary", "fetch nope --allow-error",
    ]
    if mode == .script {
      await shell.run(SourceFile(name: "t.ops", text: lines.joined(separator: "\n")), mode: .script)
    } else {
      for line in lines { await shell.run(line: line) }
    }
    let seen = output.seen.withLock { $0 }
    #expect(seen.map(\.snapshots) == [1, 2, 3])
    #expect(
      seen.map(\.fetchLines) == [1, 2, 3], "a fetch shown has its line in the store (as a kill -9 would find it)")
  }
}

/// A session dropped by another paysh while this one works in it.
@Suite("The current session dropped from another shell")
struct DroppedSessionTests {
  @Test func theNextFetchSaysSoOnceAndStartsANewSession() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("dropped").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    #expect(await harness.run(line: "use cashfree") == .ok)
    #expect(await harness.run(line: "fetch cf_sim_paid --summary") == .ok)
    #expect(await harness.run(line: "set first = @1") == .ok)
    #expect(await harness.run(line: "save victim") == .ok)
    // Shell B drops it.
    let other = Interpreter(output: BufferedOutput())
    other.services.snapshots = StoredSnapshotLog(path: path)
    #expect(await other.run(line: "drop victim --yes") == .ok)
    harness.output.clear()
    #expect(await harness.run(line: "echo still here") == .ok)
    #expect(await harness.run(line: "fetch cf_sim_active --summary") == .ok, "\(harness.output.standardError)")
    #expect(await harness.run(line: "fetch cf_sim_paid --summary") == .ok)
    #expect(await harness.run(line: "history") == .ok)
    #expect(await harness.run(line: "show @first") == .runtime, "a name of the dropped session names nothing now")
    let errors = harness.output.standardError
    #expect(!errors.contains("FOREIGN KEY"), "\(errors)")
    #expect(
      errors.components(separatedBy: "dropped from the store by another paysh").count == 2, "said once: \(errors)")
    #expect(!errors.contains("warning"), "\(errors)")
    #expect(harness.output.standardOutput.contains("@2"))
    let store = try SessionStore(path: path)
    let sessions = try store.sessions()
    #expect(sessions.count == 1)
    #expect(sessions.first?.snapshots == 2)
  }

  @Test func aSessionMadeSinceUnderTheSameIdIsNotWrittenInto() async throws {
    let harness = try await GatewayHarness()
    let path = try GatewayHarness.folder("dropped-reused").path + "/store.sqlite"
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    for line in ["use cashfree", "fetch cf_sim_paid --summary", "save alice"] { await harness.run(line: line) }
    // Shell B drops alice and starts bob, which SQLite may give alice's row id.
    let other = Interpreter(output: BufferedOutput())
    other.services.localSimulator = harness.shell.services.localSimulator
    other.services.snapshots = StoredSnapshotLog(path: path)
    for line in ["drop alice --yes", "use cashfree", "fetch cf_sim_active --summary", "save bob"] {
      #expect(await other.run(line: line) == .ok)
    }
    harness.output.clear()
    #expect(await harness.run(line: "fetch cf_sim_paid --summary") == .ok)
    #expect(harness.output.standardError.contains("dropped from the store by another paysh"))
    let store = try SessionStore(path: path)
    let bob = try #require(try store.session(named: "bob"))
    #expect(bob.snapshots == 1, "bob keeps only its own snapshot")
  }
}
