import Foundation
import Testing

@testable import PayshCore

/// The files a user hands `import` and `paysh open`, and the modes of the store: each refusal one clear
/// line that says what to do, and nothing sent or written that could not be kept.
@Suite("Store files: what import, open and a store's mode say")
struct StoreFileTests {
  /// A store with one session of `snapshots` snapshots named `name`; its path.
  static func store(named name: String, snapshots: Int = 1) throws -> String {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    for number in 0..<snapshots { _ = try store.append(StoreFixtures.snapshot(order: "o\(number)"), session: session) }
    try store.name(session: session, name)
    return path
  }

  @Test func aFileOfTwoSessionsSaysItHoldsTwoAndListsThem() async throws {
    let file = StoreFixtures.folder() + "/two.paysh"
    let source = try SessionStore(path: file, writeAheadLog: false)
    for name in ["first", "second"] {
      let session = try source.createSession()
      _ = try source.append(StoreFixtures.snapshot(), session: session)
      try source.name(session: session, name)
    }
    let (status, output) = await StoreFixtures.run("import \(file)", store: StoreFixtures.storePath())
    #expect(status == .ok, "\(output.standardError)")
    let lines = output.standardOutput.split(separator: "\n")
    #expect(lines.first == "\(file) holds 2 sessions (an export holds one):")
    #expect(
      lines.dropFirst().map(String.init) == [
        "imported first: 1 snapshot; `open first` to use it", "imported second: 1 snapshot; `open second` to use it",
      ])
  }

  @Test func aDamagedFileIsCalledDamagedWithWhatToDo() async throws {
    let source = try SessionStore(path: try Self.store(named: "big", snapshots: 40))
    let file = StoreFixtures.folder() + "/corrupt.paysh"
    try source.export(session: 1, to: file)
    let handle = try #require(FileHandle(forUpdatingAtPath: file))
    try handle.seek(toOffset: 6 * 2048)
    handle.write(Data(repeating: 0x5a, count: 4 * 2048))
    try handle.close()
    let (status, output) = await StoreFixtures.run("import \(file)", store: StoreFixtures.storePath())
    #expect(status == .runtime)
    let errors = output.standardError
    #expect(errors.contains("\(file) is damaged and cannot be read (SQLite: "), "\(errors)")
    #expect(errors.contains("ask whoever sent it for a fresh export"))
    #expect(!errors.contains("***"), "not SQLite's report header: \(errors)")
  }

  @Test func aFolderIsRefusedAsAFolder() async throws {
    let folder = StoreFixtures.folder() + "/dir.paysh"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let (status, output) = await StoreFixtures.run("import \(folder)", store: StoreFixtures.storePath())
    #expect(status == .runtime)
    #expect(output.standardError.contains("it is a folder, not a store file"), "\(output.standardError)")
    #expect(!output.standardError.contains("disk I/O"))
  }

  @Test func aHARFileIsAnExportFormat() async throws {
    let file = StoreFixtures.folder() + "/t.har"
    try "{}".write(toFile: file, atomically: true, encoding: .utf8)
    let (status, output) = await StoreFixtures.run("import \(file)", store: StoreFixtures.storePath())
    #expect(status == .runtime)
    #expect(output.standardError.contains("is a HAR file: paysh writes HAR"), "\(output.standardError)")
    #expect(output.standardError.contains("`export NAME FILE.paysh`"))
  }

  @Test func openOfAFileNamePointsToImportAndPayshOpen() async throws {
    let (status, output) = await StoreFixtures.run("open t.paysh", store: try Self.store(named: "triage"))
    #expect(status == .runtime)
    #expect(output.standardError.contains("open takes the name of a stored session; t.paysh is a .paysh file"))
    #expect(output.standardError.contains("`import t.paysh` adds it to the store; `paysh open t.paysh`"))
  }

  @Test func openTakesTheGatewayAndEnvironmentOfTheLastSnapshot() async throws {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.snapshots = StoredSnapshotLog(path: try Self.store(named: "triage", snapshots: 2))
    #expect(await shell.run(line: "open triage") == .ok, "\(output.standardError)")
    #expect(output.standardOutput.hasSuffix("using cashfree in local, as its last snapshot\n"))
    #expect(shell.context.gateway == "cashfree")
    #expect(shell.context.environment == "local")
  }

  @Test func openNeverMovesTheShellIntoProduction() async throws {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    var snapshot = StoreFixtures.snapshot()
    snapshot.environment = "production"
    _ = try store.append(snapshot, session: session)
    try store.name(session: session, "shared")
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.snapshots = StoredSnapshotLog(path: path)
    #expect(await shell.run(line: "open shared") == .ok, "\(output.standardError)")
    #expect(shell.context.environment == "local", "a session cannot take the shell to production")
    #expect(
      output.standardOutput.contains(
        "its last snapshot is from cashfree in production; still using local: `use cashfree production` to fetch"))
  }

  @Test func aTakenNameSaysOneSnapshotNotOneSnapshots() async throws {
    let path = try Self.store(named: "same", snapshots: 1)
    let (status, output) = await StoreFixtures.run("save same", store: path)
    #expect(status == .runtime)
    #expect(
      output.standardError.contains("a session named same exists already (1 snapshot, "), "\(output.standardError)")
    #expect(output.standardError.contains("e.g. `save same-2`"))
    #expect(Counted.text(0, "snapshot") == "0 snapshots")
    #expect(Counted.text(2, "fetch", plural: "fetches") == "2 fetches")
  }

  /// Two connections, as two processes: the second to name `same` finds the first's session, never
  /// SQLite's UNIQUE failure.
  @Test func claimingANameTakenMeanwhileFindsItsHolder() throws {
    let path = StoreFixtures.storePath()
    let one = try SessionStore(path: path)
    let two = try SessionStore(path: path)
    let first = try one.createSession()
    let second = try two.createSession()
    #expect(try two.claim("same", session: second) == nil)
    #expect(try one.claim("same", session: first)?.id == second)
    #expect(try one.claim("same", session: second) == nil, "its own name is no clash")
  }

  @Test func fetchFromAReadOnlyFileIsRefusedBeforeAnythingIsSent() async throws {
    let output = BufferedOutput()
    let shell = Interpreter(
      output: output, environment: ["CASHFREE_CLIENT_ID": "id", "CASHFREE_CLIENT_SECRET": "secret-value"])
    let path = try Self.store(named: "shared")
    shell.services.snapshots = StoredSnapshotLog(path: path, readOnly: true)
    let status = await shell.run(
      SourceFile(name: "t.ops", text: "use cashfree sandbox --base-url http://127.0.0.1:9/pg\nfetch order_1"),
      mode: .script)
    #expect(status == .runtime)
    #expect(output.standardError.contains("is open read-only"), "\(output.standardError)")
    #expect(output.standardError.contains("nothing was sent"))
    #expect(!output.standardError.contains("127.0.0.1:9"), "no connection was tried: \(output.standardError)")
  }

  @Test func aStoreOthersCanReadIsWarnedOfOnceWithTheFix() async throws {
    let path = try Self.store(named: "triage")
    #expect(chmod(path, 0o644) == 0)
    let (status, output) = await StoreFixtures.run("sessions\nsessions", store: path)
    #expect(status == .ok)
    let warning = "warning: the store \(path) can be read by other users (mode 0644) and holds customer data;"
    #expect(output.standardError.components(separatedBy: warning).count == 2, "once: \(output.standardError)")
    #expect(output.standardError.contains("chmod 600 -- \(ShellWord.quote(path))"))
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o644, "left as it is")
  }

  @Test func aNewStoreIsTheUsersAlone() async throws {
    let path = StoreFixtures.storePath()
    let (status, output) = await StoreFixtures.run("save x", store: path)
    #expect(status == .ok)
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    #expect(!output.standardError.contains("warning"))
  }
}
