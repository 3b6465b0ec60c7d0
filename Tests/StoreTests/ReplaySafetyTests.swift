import Foundation
import Testing

@testable import PayshCore

/// A replayed script (a teammate's `.ops`) leaves the replayer's sessions and files alone unless they
/// pass `--allow-store-changes`; `save` in a replay names the replay's own session, any number of times.
@Suite("replays change nothing of the replayer's")
struct ReplaySafetyTests {
  /// A store holding the session `victim` (one snapshot), a folder for scripts, and a shell on both.
  static func setUp() throws -> (folder: String, store: String) {
    let folder = StoreFixtures.folder()
    let path = folder + "/store.sqlite"
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(), session: session)
    try store.name(session: session, "victim")
    return (folder, path)
  }

  static func script(_ text: String, in folder: String, name: String = "t.ops") throws -> String {
    try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    return folder + "/" + name
  }

  static func sessions(_ path: String) throws -> [String] {
    try SessionStore(path: path).sessions().map(\.label)
  }

  @Test(arguments: [
    ("drop victim --yes", "`drop` would delete the stored session victim"),
    ("open victim", "`open` would switch to the stored session victim"),
    ("export victim --ops OUT", "`export` would write the file OUT"),
    ("export victim OUT", "`export` would write the file OUT"),
    ("record start OUT", "`record` would write the file OUT"),
    ("import OUT", "`import` would add the sessions of OUT to the store"),
    ("replay INNER --report json=OUT", "`replay` would write the report json=OUT"),
  ])
  func aLineThatWouldChangeTheReplayersStoreOrFilesStopsTheScript(_ line: String, _ message: String) async throws {
    let (folder, path) = try Self.setUp()
    let out = folder + "/out.file"
    let inner = try Self.script("echo inner\n", in: folder, name: "inner.ops")
    let text = line.replacingOccurrences(of: "OUT", with: out).replacingOccurrences(of: "INNER", with: inner)
    let script = try Self.script("echo before\n\(text)\necho after\n", in: folder)
    for offline in [false, true] {
      let (status, output) = await StoreFixtures.run(
        "replay \(script)" + (offline ? " --offline --session victim" : ""), store: path)
      #expect(status == .runtime)
      #expect(output.standardOutput.contains("before\n"))
      #expect(!output.standardOutput.contains("after\n"), "the script stops at the line")
      let expected = message.replacingOccurrences(of: "OUT", with: out).replacingOccurrences(of: "INNER", with: inner)
      #expect(output.standardError.contains("error: refused in a replay: \(expected)"), "\(output.standardError)")
      #expect(output.standardError.contains("\(script):2:1"), "at its line")
      #expect(output.standardError.contains("--allow-store-changes"), "the flag that allows it")
      #expect(try Self.sessions(path).contains("victim"))
      #expect(!FileManager.default.fileExists(atPath: out), "no file written")
    }
  }

  @Test func theReplayerMayAllowIt() async throws {
    let (folder, path) = try Self.setUp()
    let script = try Self.script("drop victim --yes\nexport . --ops \(folder)/x.ops\n", in: folder)
    let (status, output) = await StoreFixtures.run("replay \(script) --allow-store-changes", store: path)
    #expect(output.standardOutput.contains("dropped victim"), "\(output.standardError)")
    #expect(status == .runtime, "no current session to export: the flag let the line run")
    #expect(try !Self.sessions(path).contains("victim"))
    // A script inside the replay cannot allow more than the replayer did.
    let (_, path2) = try Self.setUp()
    let outer = try Self.script("replay \(script) --allow-store-changes\n", in: folder, name: "outer.ops")
    let (nested, nestedOutput) = await StoreFixtures.run("replay \(outer)", store: path2)
    #expect(nested == .runtime)
    #expect(nestedOutput.standardError.contains("refused in a replay: `drop`"), "\(nestedOutput.standardError)")
    #expect(try Self.sessions(path2).contains("victim"))
  }

  @Test func aScriptThatEndsWithSaveReplaysTwice() async throws {
    let (folder, path) = try Self.setUp()
    let script = try Self.script("echo hi\nsave victim\n", in: folder)
    let (first, output) = await StoreFixtures.run("replay \(script)\nreplay \(script)", store: path)
    #expect(first == .ok, "\(output.standardError)")
    #expect(output.standardOutput.contains("saved as victim-2 (victim is another session's): 0 snapshots\n"))
    #expect(output.standardOutput.contains("saved as victim-3 (victim is another session's): 0 snapshots\n"))
    let sessions = try Self.sessions(path)
    #expect(sessions.contains("victim") && sessions.contains("victim-2") && sessions.contains("victim-3"))
    // Offline: the replay's store is in memory, and nothing is refused either.
    let (offline, offlineOutput) = await StoreFixtures.run(
      "replay \(script) --offline --session victim\nreplay \(script) --offline --session victim", store: path)
    #expect(offline == .ok, "\(offlineOutput.standardError)")
  }

  @Test func exportOpsWritesTheInvestigationAndCommentsSessionManagement() async throws {
    let (folder, path) = try Self.setUp()
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.snapshots = StoredSnapshotLog(path: path)
    for line in ["set order = order_1", "save ticket-1", "sessions", "echo $order", "drop victim --yes"] {
      await shell.run(line: line)
    }
    await shell.run(line: "export ticket-1 --ops \(folder)/ticket.ops")
    let text = (try? String(contentsOfFile: folder + "/ticket.ops", encoding: .utf8)) ?? ""
    let body = text.split(separator: "\n").filter { !$0.hasPrefix("# exported") && !$0.hasPrefix("# paysh ") }
    #expect(
      body == [
        "set order = order_1", "# save ticket-1  (session management is not replayed)",
        "# sessions  (session management is not replayed)", "echo $order",
        "# drop victim --yes  (session management is not replayed)",
      ], "\(text)")
    let (status, replayed) = await StoreFixtures.run("replay \(folder)/ticket.ops", store: path)
    #expect(status == .ok, "\(replayed.standardError)")
  }
}
