import Foundation
import Testing

/// The store and the simulator as the `paysh` binary meets them: options, other processes, other users.
@Suite("paysh's store and simulator from the command line", .serialized)
struct StoreCommandLineTests {
  static func folder() -> String {
    let path = NSTemporaryDirectory() + "paysh-store-cli-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Starts `paysh arguments` (output to files in `folder`, so many can run at once); wait with `finish`.
  static func start(
    _ arguments: [String], in folder: String, tag: String, prefix: [String] = [], input: String? = nil
  ) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: prefix.first ?? HistoryTests.binary)
    process.arguments = prefix.isEmpty ? arguments : Array(prefix.dropFirst()) + [HistoryTests.binary] + arguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder, "NO_COLOR": "1"]
    _ = FileManager.default.createFile(atPath: "\(folder)/\(tag).out", contents: nil)
    _ = FileManager.default.createFile(atPath: "\(folder)/\(tag).err", contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: "\(folder)/\(tag).out")
    process.standardError = FileHandle(forWritingAtPath: "\(folder)/\(tag).err")
    process.standardInput = input.flatMap { FileHandle(forReadingAtPath: $0) } ?? FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Waits for `process` (at most 60 s); its status, stdout and stderr.
  static func finish(_ process: Process, in folder: String, tag: String) -> CommandLineTests.Run {
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let read = { (name: String) in (try? String(contentsOfFile: "\(folder)/\(tag).\(name)", encoding: .utf8)) ?? "" }
    return CommandLineTests.Run(status: process.terminationStatus, stdout: read("out"), stderr: read("err"))
  }

  static func paysh(_ arguments: [String], in folder: String, as prefix: [String] = []) throws -> CommandLineTests.Run {
    let tag = "run-" + UUID().uuidString
    return finish(try start(arguments, in: folder, tag: tag, prefix: prefix), in: folder, tag: tag)
  }

  @Test func anEmptyStorePathIsAUsageError() throws {
    let folder = Self.folder()
    for arguments in [["--store", "", "-c", "sessions"], ["run", "--store", "", "history/help.ops"]] {
      let run = try Self.paysh(arguments, in: folder)
      #expect(run.status == 1, "\(arguments): \(run.stderr)")
      #expect(run.stderr.contains("--store needs a path"), "\(run.stderr)")
    }
  }

  @Test func openingAFileThatIsNotThereIsAUsageError() throws {
    let folder = Self.folder()
    let run = try Self.paysh(["open", folder + "/nonexist.paysh", "--commands", "sessions"], in: folder)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("nonexist.paysh"))
  }

  /// Eight processes each save the names n1…n80 in turn (lines on stdin: a refusal does not stop the rest),
  /// so many saves of one name meet: each name is given once, every other save of it is the refusal.
  /// `quit` takes paysh's own statuses (0 to 4): `quit 7` is refused alike on stdin, with -c and in a script.
  @Test func quitSevenIsRefusedAlikeOnStdinAndInAScript() throws {
    let folder = Self.folder()
    try "quit 7\n".write(toFile: folder + "/q.ops", atomically: true, encoding: .utf8)
    let stdin = try Self.start([], in: folder, tag: "stdin", input: folder + "/q.ops")
    let runs = [
      Self.finish(stdin, in: folder, tag: "stdin"), try Self.paysh(["-c", "quit 7"], in: folder),
      try Self.paysh(["run", folder + "/q.ops"], in: folder),
    ]
    for run in runs {
      #expect(run.status == 2, "\(run.stderr)")
      #expect(run.stderr.contains("unknown value for <status> '7'"), "\(run.stderr)")
      #expect(run.stderr.contains("expected one of: 0, 1, 2, 3, 4"))
    }
  }

  @Test func eightProcessesSavingOneNameGiveItOnceAndRefuseTheRest() throws {
    let folder = Self.folder()
    let store = folder + "/s.sqlite"
    _ = try Self.paysh(["--store", store, "-c", "sessions"], in: folder)  // made before the race
    let names = (1...80).map { "n\($0)" }
    try (names.map { "save \($0)" }.joined(separator: "\n") + "\n").write(
      toFile: folder + "/saves", atomically: true, encoding: .utf8)
    let processes = try (0..<8).map { index in
      try Self.start(["--store", store], in: folder, tag: "s\(index)", input: folder + "/saves")
    }
    let runs = processes.enumerated().map { Self.finish($0.element, in: folder, tag: "s\($0.offset)") }
    let errors = runs.map(\.stderr).joined()
    #expect(!errors.contains("UNIQUE"), "\(errors)")
    let refusals = errors.components(separatedBy: "exists already").count - 1
    let saved = runs.map { $0.stdout.components(separatedBy: "saved as ").count - 1 }.reduce(0, +)
    #expect(saved + refusals == 8 * names.count, "every save either named or was refused: \(errors)")
    #expect(saved >= names.count)
  }

  /// Runs paysh as the user `nobody` (the tests run as root, whom no mode keeps from writing).
  static var asNobody: [String]? {
    guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
    return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
  }

  @Test func aStoreThisUserCannotWriteIsBrowsedReadOnly() throws {
    let folder = Self.folder()
    let store = folder + "/s.sqlite"
    let made = try Self.paysh(
      ["--store", store, "-c", "use cashfree; fetch cf_sim_paid --summary; save kept"], in: folder)
    #expect(made.status == 0, "\(made.stderr)")
    let prefix: [String]
    if let nobody = Self.asNobody {
      prefix = nobody
      #expect(chmod(folder, 0o755) == 0 && chmod(store, 0o644) == 0)
      for name in try FileManager.default.contentsOfDirectory(atPath: folder) { chmod(folder + "/" + name, 0o644) }
    } else {
      prefix = []
      #expect(chmod(store, 0o444) == 0 && chmod(folder, 0o555) == 0)
    }
    defer { chmod(folder, 0o755) }
    let sessions = try Self.paysh(
      ["--store", store, "-c", "sessions; history"], in: NSTemporaryDirectory(), as: prefix)
    #expect(sessions.status == 0, "\(sessions.stderr)")
    #expect(sessions.stdout.contains("kept"), "\(sessions.stdout)")
    #expect(sessions.stderr.contains("is read-only for you: opened to browse"), "\(sessions.stderr)")
    let fetch = try Self.paysh(
      ["--store", store, "-c", "use cashfree; fetch cf_sim_paid"], in: NSTemporaryDirectory(), as: prefix)
    #expect(fetch.status == 3)
    #expect(fetch.stderr.contains("is read-only for you"), "\(fetch.stderr)")
    #expect(fetch.stderr.contains("nothing was sent"), "\(fetch.stderr)")
  }

  @Test func aPortInUseIsOneClearLine() throws {
    let folder = Self.folder()
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(listener) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
        bind(listener, socketAddress, length) == 0 && listen(listener, 1) == 0
          && getsockname(listener, socketAddress, &length) == 0
      }
    }
    #expect(bound)
    let port = Int(UInt16(bigEndian: address.sin_port))
    let run = try Self.paysh(["sim", "--port", String(port), "--quiet"], in: folder)
    #expect(run.status == 3)
    #expect(run.stderr == "paysh sim: port \(port) on 127.0.0.1 is in use; pick another with --port\n", "\(run.stderr)")
  }

  @Test func aSeedThatIsNotJSONSaysSo() throws {
    let folder = Self.folder()
    try "".write(toFile: folder + "/empty.json", atomically: true, encoding: .utf8)
    for seed in ["/dev/null", folder + "/empty.json"] {
      let run = try Self.paysh(["sim", "--port", "0", "--quiet", "--seed", seed], in: folder)
      #expect(run.status != 0)
      #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("Error Domain"), "\(run.stderr)")
      #expect(run.stderr.contains(seed), "\(run.stderr)")
    }
  }
}
