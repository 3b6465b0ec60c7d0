import Foundation
import Testing

/// The team store's server stopped in the middle of a paysh session and started again: the fetch that needed
/// it fails with one line, and shows nothing it did not store; the next fetch after the server is back
/// succeeds in the same process. On a cluster of its own (scripts/team-db in a scratch folder), so the shared
/// test cluster stays up for the other suites.
@Suite("paysh with the team store's server stopped and started", .enabled(if: TeamServerURL.url != nil))
struct TeamRestartCommandLineTests {
  /// Runs scripts/team-db ARGUMENTS on the cluster in `folder`; its output, trimmed.
  @discardableResult
  static func teamDB(_ folder: String, _ arguments: String...) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [HistoryTests.root.path + "/scripts/team-db"] + arguments
    process.environment = ProcessInfo.processInfo.environment.merging([
      "PAYSH_TEAM_DB_DIR": folder + "/pg", "PAYSH_TEAM_DB_PORT": "auto", "PAYSH_TEAM_DB_THROWAWAY": "1",
    ]) { $1 }
    let out = folder + "/team-db.out"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: out)
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "team-db \(arguments)")
    return ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test func aFetchWhileTheServerIsDownFailsAndTheNextOneAfterSucceeds() throws {
    let folder = NSTemporaryDirectory() + "paysh-restart-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer {
      _ = try? Self.teamDB(folder, "stop", "--wipe")
      try? FileManager.default.removeItem(atPath: folder)
    }
    try Self.teamDB(folder, "start")
    let url = try Self.teamDB(folder, "url") + "&connect_timeout=3"
    let password = try Self.teamDB(folder, "password")

    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = ["--store", url]
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": folder, "NO_COLOR": "1", "USER": "asha", "PGPASSWORD": password,
    ]
    let input = Pipe()
    let output = folder + "/paysh.out"
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    process.standardInput = input
    let handle = FileHandle(forWritingAtPath: output)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    func said() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
    /// Sends `line` and waits (at most 30 s) until the output holds `marker` `count` times.
    func send(_ line: String, until marker: String, count: Int = 1) {
      input.fileHandleForWriting.write(Data((line + "\n").utf8))
      let deadline = Date().addingTimeInterval(30)
      while Date() < deadline, said().components(separatedBy: marker).count - 1 < count { usleep(20_000) }
    }

    send("use cashfree\nfetch cf_sim_paid --summary", until: "· @1")
    #expect(said().contains("· @1"), "\(said())")
    try Self.teamDB(folder, "stop", "--keep")
    send("fetch cf_sim_paid --summary", until: "error:")
    let down = said()
    #expect(down.contains("cannot reach the team store postgres://paysh:•••@127.0.0.1:"), "\(down)")
    #expect(down.components(separatedBy: "error:").count == 2, "one line: \(down)")
    #expect(!down.contains("· @2"), "nothing shown that was not stored")
    #expect(!down.contains(password))
    try Self.teamDB(folder, "start")
    send("fetch cf_sim_paid --summary\nsessions", until: "SNAPSHOTS")
    let back = said()
    #expect(back.contains("· @2"), "the next fetch after the server is back succeeds: \(back)")
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(back.contains("asha"))
  }
}
