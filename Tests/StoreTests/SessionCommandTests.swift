import Foundation
import Testing

@testable import PayshCore

/// The session commands through the interpreter, against a store in a temporary folder.
@Suite("Session commands")
struct SessionCommandTests {
  /// A store already holding one session with two snapshots of order_1, named `triage`.
  func seeded() throws -> String {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    _ = try store.append(
      StoreFixtures.snapshot(status: "ACTIVE", fetchedAt: "2026-01-01T00:00:00.000Z"), session: session)
    _ = try store.append(
      StoreFixtures.snapshot(status: "PAID", fetchedAt: "2026-01-01T00:05:00.000Z"), session: session)
    try store.tag("first", number: 1, session: session)
    try store.name(session: session, "triage")
    return path
  }

  @Test func theStoreIsNotOpenedForHelpOrPlainLines() async {
    let path = StoreFixtures.storePath()
    let (status, _) = await StoreFixtures.run("help\nset x = 1\necho $x\nset y = @last", store: path)
    #expect(status == .ok)
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func openBringsBackSnapshotsAndNames() async throws {
    let path = try seeded()
    let (status, output) = await StoreFixtures.run(
      "open triage\nshow @first .order_status\nshow @last .order_status\nhistory", store: path)
    #expect(status == .ok, "\(output.standardError)")
    #expect(
      output.standardOutput.hasPrefix(
        "opened triage, 2 snapshots (cashfree): @1 to @2\nusing cashfree in local, as its last snapshot\n"
          + "\"ACTIVE\"\n\"PAID\"\n"))
    #expect(output.standardOutput.contains("@2   2026-01-01 00:05:00Z  cashfree  order  order_1  200   paid (PAID)"))
  }

  @Test func historyOfAnOrderIsItsTimeline() async throws {
    let path = try seeded()
    let (status, output) = await StoreFixtures.run("history order_1", store: path)
    #expect(status == .ok)
    let lines = output.standardOutput.split(separator: "\n")
    #expect(lines.first == "order_1: 2 snapshots")
    #expect(lines[2].hasSuffix("first seen"))
    #expect(lines[3].hasSuffix("status open→paid, raw ACTIVE→PAID"))
    let (missing, errors) = await StoreFixtures.run("history nope", store: path)
    #expect(missing == .runtime)
    #expect(errors.standardError.contains("no snapshots of nope in the store"))
  }

  @Test func aTakenNameIsRefusedWithASuggestion() async throws {
    let path = try seeded()
    let (status, output) = await StoreFixtures.run("save scratch\nsave triage", store: path)
    #expect(status == .runtime)
    #expect(output.standardOutput == "saved as scratch: 0 snapshots\n")
    #expect(output.standardError.contains("a session named triage exists already"))
    #expect(output.standardError.contains("`save triage-2`"))
    let (again, _) = await StoreFixtures.run("open triage\nsave triage\nsave renamed", store: path)
    #expect(again == .ok, "saving again under its own name or a new one is fine")
  }

  @Test func dropAsksAndNeedsYesWhereNothingCanAsk() async throws {
    let path = try seeded()
    let (refused, output) = await StoreFixtures.run("drop triage", store: path)
    #expect(refused == .runtime)
    #expect(output.standardError.contains("add --yes"))
    let (status, dropped) = await StoreFixtures.run("drop triage --yes\nsessions", store: path)
    #expect(status == .ok)
    #expect(dropped.standardOutput == "dropped triage (2 snapshots)\nno sessions yet: every fetch starts one\n")
    let (missing, suggestion) = await StoreFixtures.run("save triage\ndrop triagee --yes", store: path)
    #expect(missing == .runtime)
    #expect(suggestion.standardError.contains("did you mean triage?"))
  }

  @Test func dropAtThePromptAsksFirst() async throws {
    let path = try seeded()
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.snapshots = StoredSnapshotLog(path: path)
    shell.services.prompter = { _, _ in "n" }
    await shell.run(line: "drop triage")
    #expect(output.standardOutput == "kept triage\n")
    shell.services.prompter = { label, _ in label.contains("triage (2 snapshots)") ? "y" : "n" }
    await shell.run(line: "drop triage")
    #expect(output.standardOutput.hasSuffix("dropped triage (2 snapshots)\n"))
  }

  @Test func linesRunBeforeTheSessionGoIntoItsLog() async throws {
    let path = StoreFixtures.storePath()
    let shell = Interpreter(output: BufferedOutput())
    shell.services.snapshots = StoredSnapshotLog(path: path)
    for line in ["echo one", "save notes", "echo two", "auth cashfree --client-secret s"] {
      await shell.run(line: line)
    }
    let store = try SessionStore(path: path)
    let session = try #require(try store.session(named: "notes"))
    let lines = try store.commands(session: session.id).map(\.text)
    #expect(lines == ["echo one", "save notes", "echo two"], "the auth line carries a secret: not kept")
  }

  @Test func exportImportAndHARThroughCommands() async throws {
    let path = try seeded()
    let folder = StoreFixtures.folder()
    let (status, output) = await StoreFixtures.run(
      "export triage \(folder)/t.paysh\nexport triage --har \(folder)/t.har\nexport triage \(folder)/t.paysh",
      store: path)
    #expect(status == .runtime)
    #expect(
      output.standardOutput
        == "wrote \(folder)/t.paysh: triage, 2 snapshots\nwrote \(folder)/t.har: HAR 1.2, 2 snapshots of triage\n")
    #expect(output.standardError.contains("the file exists"))
    let other = StoreFixtures.storePath()
    let (imported, result) = await StoreFixtures.run(
      "import \(folder)/t.paysh\nimport \(folder)/t.paysh\nopen triage\nshow @first .order_status", store: other)
    #expect(imported == .ok)
    #expect(result.standardOutput.contains("imported triage: 2 snapshots"))
    #expect(result.standardOutput.contains("already imported as triage: nothing added"))
    #expect(result.standardOutput.hasSuffix("\"ACTIVE\"\n"))
    let (readOnly, view) = await StoreFixtures.run(
      "show @2 .order_status\nsave x", store: "\(folder)/t.paysh", readOnly: true)
    #expect(readOnly == .runtime)
    #expect(view.standardOutput == "\"PAID\"\n")
    #expect(view.standardError.contains("is open read-only"))
  }

  @Test func exportCheckNeedsExactlyOneTarget() async {
    let (status, output) = await StoreFixtures.run("export triage", store: StoreFixtures.storePath())
    #expect(status == .syntax)
    #expect(output.standardError.contains("export needs FILE.paysh, --har FILE.har or --ops FILE.ops"))
  }
}
