import Foundation
import Testing

/// The golden transcripts: every `history/NAME.ops` run with `paysh run`, its output (stdout and stderr
/// interleaved, then `[exit N]`) compared with `history/NAME.out`.
///
/// `PAYSH_RECORD=1 swift test --filter HistoryTests` rewrites the .out files from the current output,
/// keeping placeholders that still match, and fails, so that a re-record never passes silently.
/// A script's first line may be `# paysh-args: …`: extra arguments for `paysh run` (e.g. `--var k=v`).
@Suite("history/ golden transcripts")
struct HistoryTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var scripts: [String] {
    let folder = root.appendingPathComponent("history")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".ops") }.sorted()
  }

  static var binary: String {
    ProcessInfo.processInfo.environment["PAYSH_BIN"] ?? root.appendingPathComponent(".build/debug/paysh").path
  }

  /// A golden script's path under the package, its text, and where its transcript lives.
  static func golden(_ script: String) throws -> (opsPath: String, text: String, outURL: URL) {
    let opsPath = "history/\(script)"
    let text = try String(contentsOf: root.appendingPathComponent(opsPath), encoding: .utf8)
    return (opsPath, text, root.appendingPathComponent("history/\(script.dropLast(4)).out"))
  }

  @Test func historyHoldsScripts() {
    #expect(HistoryTests.scripts.count >= 4, "history/ must hold the golden scripts")
  }

  @Test(arguments: HistoryTests.scripts)
  func transcriptMatches(_ script: String) throws {
    let (opsPath, text, outURL) = try HistoryTests.golden(script)
    let actual = try HistoryTests.run(
      opsPath, extraArguments: HistoryTests.arguments(in: text), environment: HistoryTests.environment(in: text))
    let expected = try? String(contentsOf: outURL, encoding: .utf8)
    if ProcessInfo.processInfo.environment["PAYSH_RECORD"] == "1" {
      let recorded = Transcript.rerecord(old: expected, actual: actual)
      try recorded.write(to: outURL, atomically: true, encoding: .utf8)
      Issue.record("re-recorded \(outURL.lastPathComponent): check it, then run the tests again without PAYSH_RECORD")
      return
    }
    guard let expected else {
      Issue.record("\(outURL.lastPathComponent) is missing: record it with PAYSH_RECORD=1")
      return
    }
    if let problem = Transcript.mismatch(expected: expected, actual: actual) {
      Issue.record("\(script): \(problem)")
    }
  }

  /// Arguments from a `# paysh-args:` first line.
  static func arguments(in text: String) -> [String] {
    guard let first = text.split(separator: "\n").first, first.hasPrefix("# paysh-args:") else { return [] }
    return first.dropFirst("# paysh-args:".count).split(separator: " ").map(String.init)
  }

  /// Environment variables from a `# paysh-env: NAME=VALUE …` line among the opening comments.
  static func environment(in text: String) -> [String: String] {
    var result: [String: String] = [:]
    for line in text.split(separator: "\n").prefix(while: { $0.hasPrefix("#") }) where line.hasPrefix("# paysh-env:") {
      for pair in line.dropFirst("# paysh-env:".count).split(separator: " ") {
        guard let equals = pair.firstIndex(of: "=") else { continue }
        result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
      }
    }
    return result
  }

  /// The investigations: scripts with their recording (`NAME.paysh`) beside them.
  static var recorded: [String] {
    scripts.filter {
      FileManager.default.fileExists(atPath: root.appendingPathComponent("history/\($0.dropLast(4)).paysh").path)
    }
  }

  @Test func theLibraryHoldsSixRecordedInvestigations() {
    #expect(HistoryTests.recorded.count >= 6, "\(HistoryTests.recorded)")
  }

  /// Each recorded investigation replays offline from its recording with the live run's transcript.
  @Test(arguments: HistoryTests.recorded)
  func offlineReplayMatchesTheLiveTranscript(_ script: String) throws {
    let (opsPath, text, outURL) = try HistoryTests.golden(script)
    let expected = try String(contentsOf: outURL, encoding: .utf8)
    let first = try HistoryTests.run(
      opsPath, extraArguments: HistoryTests.arguments(in: text) + ["--offline"], environment: [:])
    if let problem = Transcript.mismatch(expected: expected, actual: first) {
      Issue.record("\(script) offline: \(problem)")
    }
    let second = try HistoryTests.run(
      opsPath, extraArguments: HistoryTests.arguments(in: text) + ["--offline"], environment: [:])
    #expect(first == second, "offline replays are byte-identical")
  }

  /// Runs `paysh run PATH`, returning stdout and stderr as written, in order, and the exit status.
  static func run(_ path: String, extraArguments: [String], environment: [String: String] = [:]) throws -> String {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("paysh-history-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["run", path] + extraArguments
    process.currentDirectoryURL = root
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": scratch.path, "NO_COLOR": "1", "TERM": "dumb",
      "XDG_STATE_HOME": scratch.appendingPathComponent("state").path,
      "XDG_DATA_HOME": scratch.appendingPathComponent("data").path,
      "XDG_CONFIG_HOME": scratch.appendingPathComponent("config").path,
    ].merging(environment) { _, given in given }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
    defer { watchdog.cancel() }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self) + "[exit \(process.terminationStatus)]\n"
  }
}
