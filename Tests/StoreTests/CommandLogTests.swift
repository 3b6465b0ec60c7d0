import Testing

@testable import PayshCore

/// The command log rides along with snapshots: lines run before a fetch, and the fetch's own line, are
/// written in that fetch's transaction, and whatever is left is written when the run ends.
@Suite("Command log batching")
struct CommandLogTests {
  @Test func linesGoInWithTheNextSnapshotAndAtTheEnd() throws {
    let path = StoreFixtures.storePath()
    let log = StoredSnapshotLog(path: path)
    _ = try log.append(StoreFixtures.snapshot(order: "o1"))
    let session = try #require(log.currentSession)
    try log.recordCommand("fetch o1", status: .ok)
    try log.recordCommand("echo between", status: .ok)
    #expect(try log.store().commands(session: session).isEmpty, "held back until the next commit")
    _ = try log.append(StoreFixtures.snapshot(order: "o2"))
    #expect(try log.store().commands(session: session).map(\.text) == ["fetch o1", "echo between"])
    try log.recordCommand("fetch o2", status: .ok)
    try log.flushCommands()
    #expect(try log.store().commands(session: session).map(\.text) == ["fetch o1", "echo between", "fetch o2"])
  }

  @Test func aSnapshotsOwnLineGoesInItsTransaction() throws {
    let log = StoredSnapshotLog(path: StoreFixtures.storePath())
    try log.recordCommand("echo before", status: .ok)
    _ = try log.append(StoreFixtures.snapshot(order: "o1"), line: LoggedLine(text: "fetch o1", status: .ok))
    let session = try #require(log.currentSession)
    #expect(try log.store().commands(session: session).map(\.text) == ["echo before", "fetch o1"])
    _ = try log.append(StoreFixtures.snapshot(order: "o2"), line: LoggedLine(text: "fetch o2", status: .runtime))
    #expect(try log.store().commands(session: session).map(\.status) == [0, 0, 3])
  }

  @Test func aRunEndsWithItsLinesWritten() async throws {
    let path = StoreFixtures.storePath()
    let (status, _) = await StoreFixtures.run("set a = 1\nsave logged\necho $a\nset b = 2", store: path)
    #expect(status == .ok)
    let store = try SessionStore(path: path)
    let session = try #require(try store.session(named: "logged"))
    #expect(
      try store.commands(session: session.id).map(\.text) == ["set a = 1", "save logged", "echo $a", "set b = 2"])
  }
}
