import Foundation
import Testing

@testable import PayshCore

/// Every command that reads a file reads only a regular file within the cap: a device, a FIFO or a folder
/// is refused at once (never opened in a way that blocks), and so is a file over the cap.
@Suite("files paysh reads")
struct FileRefusalTests {
  /// A folder holding `fifo` (a FIFO no one writes to), `folder.ops` (a folder), `big.json` (over the
  /// cap by one byte) and `a.json`.
  static func files() throws -> String {
    let folder = StoreFixtures.folder()
    #expect(mkfifo(folder + "/fifo", 0o600) == 0)
    try FileManager.default.createDirectory(atPath: folder + "/folder.ops", withIntermediateDirectories: false)
    try Data(repeating: 0x20, count: (8 << 20) + 1).write(to: URL(fileURLWithPath: folder + "/big.json"))
    try "{\"a\":1}".write(toFile: folder + "/a.json", atomically: true, encoding: .utf8)
    return folder
  }

  /// Runs `text` in a fresh shell with a store in `folder`; it must end within a few seconds.
  static func run(
    _ text: String, in folder: String, environment: [String: String] = [:]
  ) async -> (
    PayshCore.ExitStatus, String
  ) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output, environment: environment)
    shell.services.snapshots = StoredSnapshotLog(path: folder + "/store.sqlite")
    let started = Date()
    let status = await shell.run(SourceFile(name: "t.ops", text: text), mode: .script)
    #expect(Date().timeIntervalSince(started) < 5, "\(text) took \(Date().timeIntervalSince(started)) s")
    return (status, output.standardError)
  }

  @Test func diffRefusesDevicesFIFOsFoldersAndFilesOverTheCap() async throws {
    let folder = try Self.files()
    let cases = [
      ("/dev/zero", "it is a character device, not a regular file"),
      (folder + "/fifo", "it is a FIFO (named pipe), not a regular file"),
      (folder, "it is a folder, not a regular file"),
      (folder + "/big.json", "over the 8 MiB cap on files paysh reads (PAYSH_MAX_FILE_BYTES=BYTES raises it)"),
    ]
    for (path, reason) in cases {
      let (status, errors) = await Self.run("diff \(path) \(folder)/a.json", in: folder)
      #expect(status == .runtime)
      #expect(errors.contains("cannot read \(path): ") && errors.contains(reason), "\(errors)")
    }
    let raised = await Self.run(
      "diff \(folder)/big.json \(folder)/a.json", in: folder, environment: ["PAYSH_MAX_FILE_BYTES": "9000000"])
    #expect(raised.1.contains("big.json is not JSON"), "the cap raised, the file is read: \(raised.1)")
  }

  @Test func replayRefusesScriptsThatAreNotRegularFiles() async throws {
    let folder = try Self.files()
    for path in ["/dev/zero", folder + "/fifo", folder + "/big.json"] {
      let (status, errors) = await Self.run("replay \(path)", in: folder)
      #expect(status == .runtime)
      #expect(errors.contains("cannot read \(path)") || errors.contains("not a regular file"), "\(errors)")
    }
    // A folder of scripts holding a FIFO named like a script, and a folder named like one.
    try FileManager.default.moveItem(atPath: folder + "/fifo", toPath: folder + "/zz.ops")
    let (status, errors) = await Self.run("replay \(folder)", in: folder)
    #expect(status == .runtime)
    #expect(errors.contains("cannot read \(folder)/folder.ops: it is a folder, not a regular file"), "\(errors)")
    #expect(errors.contains("cannot read \(folder)/zz.ops: it is a FIFO (named pipe), not a regular file"))
  }

  @Test func aReportIsNotWrittenIntoAFIFOOrAFolder() async throws {
    let folder = try Self.files()
    try "echo hi\n".write(toFile: folder + "/t.ops", atomically: true, encoding: .utf8)
    for (path, kind) in [(folder + "/fifo", "a FIFO (named pipe)"), (folder + "/folder.ops", "a folder")] {
      let (status, errors) = await Self.run("replay \(folder)/t.ops --report junit=\(path)", in: folder)
      #expect(status == .runtime)
      #expect(errors.contains("cannot write \(path): it is \(kind), not a regular file"), "\(errors)")
    }
  }

  @Test func recordingsAndImportsAreCheckedBeforeSQLiteOpensThem() async throws {
    let folder = try Self.files()
    try "fetch x\n".write(toFile: folder + "/t.ops", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: folder + "/zero.paysh", withDestinationPath: "/dev/zero")
    try FileManager.default.moveItem(atPath: folder + "/fifo", toPath: folder + "/fifo.paysh")
    for path in [folder + "/zero.paysh", folder + "/fifo.paysh"] {
      let (status, errors) = await Self.run("import \(path)", in: folder)
      #expect(status == .runtime)
      #expect(errors.contains("not a store file"), "\(errors)")
      let (replay, replayErrors) = await Self.run("replay \(folder)/t.ops --offline --session \(path)", in: folder)
      #expect(replay == .runtime)
      #expect(replayErrors.contains("cannot read the recording \(path): it is a"), "\(replayErrors)")
    }
  }

  @Test func aStoreThatIsNotARegularFileIsRefused() async throws {
    let folder = try Self.files()
    for path in ["/dev/zero", folder + "/fifo", folder] {
      let output = BufferedOutput()
      let shell = Interpreter(output: output)
      shell.services.snapshots = StoredSnapshotLog(path: path)
      let status = await shell.run(SourceFile(name: "t.ops", text: "sessions"), mode: .script)
      #expect(status == .runtime)
      #expect(output.standardError.contains("not a store file"), "\(output.standardError)")
    }
  }

  @Test func theConfigFileIsReadTheSameWay() async throws {
    let folder = try Self.files()
    try FileManager.default.createDirectory(atPath: folder + "/paysh", withIntermediateDirectories: false)
    #expect(mkfifo(folder + "/paysh/config.toml", 0o600) == 0)
    let (status, errors) = await Self.run("auth --profile p", in: folder, environment: ["XDG_CONFIG_HOME": folder])
    #expect(status == .runtime)
    #expect(errors.contains("it is a FIFO (named pipe), not a regular file"), "\(errors)")
  }
}
