import Foundation
import Synchronization
import Testing

/// The session store under real processes: `kill -9` in the middle of a run, and two writers at once.
///
/// Runs the built `paysh` (`run SCRIPT.ops` against the local simulator, `PAYSH_STORE` in a temporary
/// folder) and reads the store back with the `sqlite3` command-line tool.
@Suite("Session store under kill -9 and two writers", .serialized)
struct StoreProcessTests {
  static func folder() -> String {
    let path = NSTemporaryDirectory() + "paysh-store-process-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A script of `use cashfree` and `count` fetches of the paid simulator order.
  static func script(in folder: String, name: String, count: Int) throws -> String {
    let path = folder + "/" + name
    let lines = ["use cashfree"] + Array(repeating: "fetch cf_sim_paid --summary", count: count)
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static func process(_ script: String, store: String) -> (Process, Pipe, Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = ["run", script]
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1", "PAYSH_STORE": store,
    ]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    return (process, out, err)
  }

  /// `sqlite3 PATH SQL`'s output, trimmed.
  static func sqlite(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The snapshot numbers in `@N` status lines of fetch output.
  static func printedNumbers(_ text: String) -> [Int] {
    text.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("HTTP "), let at = line.range(of: " · @", options: .backwards) else { return nil }
      return Int(line[at.upperBound...])
    }
  }

  @Test func killNineLosesNothingThatWasShown() async throws {
    let folder = Self.folder()
    let store = folder + "/paysh.sqlite"
    let run = try await offThePool { try Self.interrupted(by: SIGKILL, after: 150, store: store, folder: folder) }
    #expect(!run.exited, "paysh was killed before it finished")
    let printed = Self.printedNumbers(run.text)
    #expect(printed.count >= 150 && printed.count < 1000)
    #expect(try Self.sqlite(store, "PRAGMA integrity_check") == "ok")
    let stored = try Self.sqlite(store, "SELECT number FROM snapshots ORDER BY number")
      .split(separator: "\n").compactMap { Int($0) }
    #expect(Set(printed).isSubset(of: Set(stored)), "every snapshot shown is stored")
    #expect(stored.count >= printed.count)
    #expect(stored == Array(1...stored.count))
    let fetchLines = Int(try Self.sqlite(store, "SELECT count(*) FROM commands WHERE text LIKE 'fetch%'")) ?? -1
    #expect(fetchLines >= stored.count, "every stored fetch has its command line")
  }

  /// How an interrupted run ended: whether paysh exited (rather than died of a signal), its status, its
  /// output and its errors.
  struct Interrupted: Sendable {
    var exited: Bool
    var status: Int32
    var text: String
    var errors: String
  }

  /// Runs the 1,000-fetch script, sends `signal` once `shown` results are shown, and waits for it to end
  /// (seconds of blocking: run through `offThePool`).
  static func interrupted(
    by signal: Int32, after shown: Int = 100, store: String, folder: String
  ) throws -> Interrupted {
    let script = try Self.script(in: folder, name: "fetches.ops", count: 1000)
    let (process, out, err) = Self.process(script, store: store)
    let collected = Mutex(Data())
    out.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      collected.withLock { $0.append(chunk) }
    }
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let printed = collected.withLock { Self.printedNumbers(String(decoding: $0, as: UTF8.self)).count }
      if printed >= shown { break }
      Thread.sleep(forTimeInterval: 0.005)
    }
    kill(process.processIdentifier, signal)
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    out.fileHandleForReading.readabilityHandler = nil
    let rest = out.fileHandleForReading.readDataToEndOfFile()
    let text = collected.withLock { String(decoding: $0 + rest, as: UTF8.self) }
    return Interrupted(
      exited: process.terminationReason == .exit, status: process.terminationStatus, text: text,
      errors: String(decoding: errors, as: UTF8.self))
  }

  @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
  func aSignalStopsTheRunWithEveryLineKept(_ signal: Int32) async throws {
    let folder = Self.folder()
    let store = folder + "/paysh.sqlite"
    let run = try await offThePool { try Self.interrupted(by: signal, store: store, folder: folder) }
    #expect(run.exited, "paysh stopped the run itself")
    #expect(run.status == 3)
    #expect(run.errors.contains("interrupted"), "\(run.errors)")
    let printed = Self.printedNumbers(run.text)
    #expect(printed.count >= 100 && printed.count < 1000)
    let stored = Int(try Self.sqlite(store, "SELECT count(*) FROM snapshots")) ?? -1
    #expect(stored >= printed.count)
    let lines = try Self.sqlite(store, "SELECT text FROM commands ORDER BY id").split(separator: "\n")
    #expect(lines.first == "use cashfree")
    // One line for each stored fetch, and one for the fetch the signal stopped, if it stopped one.
    #expect(lines.dropFirst().count >= stored && lines.dropFirst().count <= stored + 1, "\(lines.count) \(stored)")
  }

  @Test func twoProcessesWriteOneStore() async throws {
    let folder = Self.folder()
    let store = folder + "/paysh.sqlite"
    let (a, b) = (
      try Self.script(in: folder, name: "a.ops", count: 500), try Self.script(in: folder, name: "b.ops", count: 500)
    )
    // Seconds of waiting on the two processes: on a thread of its own, not one of the test runner's.
    let outputs = try await offThePool { () throws -> [(Int32, Data, Data)] in
      let first = Self.process(a, store: store)
      let second = Self.process(b, store: store)
      try first.0.run()
      try second.0.run()
      return [first, second].map { process, out, err in
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
      }
    }
    for (status, stdout, stderr) in outputs {
      #expect(status == 0, "\(String(decoding: stderr, as: UTF8.self))")
      #expect(stderr.isEmpty, "\(String(decoding: stderr, as: UTF8.self))")
      #expect(Self.printedNumbers(String(decoding: stdout, as: UTF8.self)) == Array(1...500))
    }
    #expect(try Self.sqlite(store, "SELECT count(*) FROM snapshots") == "1000")
    #expect(try Self.sqlite(store, "SELECT count(*) FROM sessions") == "2")
    #expect(try Self.sqlite(store, "SELECT count(*) FROM commands") == "1002")
    #expect(try Self.sqlite(store, "PRAGMA integrity_check") == "ok")
  }
}
