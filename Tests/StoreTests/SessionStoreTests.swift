import Foundation
import Testing

@testable import PayshCore

/// The store layer: files, schema, snapshots read back exactly, sessions, refusals.
@Suite("Session store")
struct SessionStoreTests {
  @Test func createsTheFileWithMode0600AndTheFolder0700InWALMode() throws {
    let path = StoreFixtures.folder() + "/deeper/paysh.sqlite"
    let store = try SessionStore(path: path, makeFolders: true)  // as for the default location
    let file = try FileManager.default.attributesOfItem(atPath: path)
    #expect((file[.posixPermissions] as? Int) == 0o600)
    let folder = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
    #expect((folder[.posixPermissions] as? Int) == 0o700)
    #expect(try store.database.text("PRAGMA journal_mode") == "wal")
    #expect(try store.database.integer("PRAGMA application_id") == StoreSchema.applicationID)
    #expect(try store.database.integer("SELECT max(version) FROM schema_migrations") == Int64(StoreSchema.version))
    #expect(Database.libraryVersion.hasPrefix("3."))
  }

  @Test func snapshotsComeBackFieldForField() throws {
    let store = try SessionStore(path: StoreFixtures.storePath())
    let session = try store.createSession()
    let original = StoreFixtures.snapshot(body: Array("{\"a\":\"\u{e9}\",\"n\":22.00}\n".utf8) + [0xff, 0x00])
    let first = try store.append(original, session: session)
    let second = try store.append(original, session: session)
    #expect(first.number == 1)
    #expect(second.number == 2)
    let back = try #require(try store.snapshot(session: session, number: 1))
    var expected = original
    expected.number = 1
    #expect(back == expected)
    #expect(try store.count(session: session) == 2)
    #expect(try store.snapshot(session: session, number: 3) == nil)
  }

  @Test func sessionsAreListedNamedAndDropped() throws {
    let store = try SessionStore(path: StoreFixtures.storePath())
    let one = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(order: "a"), session: one)
    _ = try store.append(StoreFixtures.snapshot(order: "b"), session: one)
    try store.recordCommands([.init(text: "fetch a", status: 0, ranAt: "t")], session: one)
    try store.tag("first", number: 1, session: one)
    try store.name(session: one, "triage")
    let two = try store.createSession()
    let three = try store.createSession()
    var paytring = StoreFixtures.snapshot(order: "a")
    paytring.gateway = "paytring"
    for snapshot in [StoreFixtures.snapshot(order: "b"), paytring, StoreFixtures.snapshot(order: "a"), paytring] {
      _ = try store.append(snapshot, session: three)
    }
    let listed = try store.sessions()
    #expect(
      listed.map(\.label) == ["triage", "unsaved-" + listed[1].uid.prefix(8), "unsaved-" + listed[2].uid.prefix(8)])
    #expect(listed[0].snapshots == 2 && listed[0].orders == 2 && listed[0].gateways == ["cashfree"])
    #expect(listed[1].snapshots == 0 && listed[1].orders == 0 && listed[1].gateways.isEmpty)
    // Orders are (gateway, id) pairs: the same id on two gateways is two orders, as check judges them.
    #expect(listed[2].snapshots == 4 && listed[2].orders == 3 && listed[2].gateways == ["cashfree", "paytring"])
    #expect(try listed.map { try store.session(id: $0.id) } == listed, "one session is counted as in the list")
    #expect(listed[0].uid.count == 32)
    #expect(try store.session(named: listed[1].label)?.id == two)
    #expect(try store.freeName(like: "triage") == "triage-2")
    try store.drop(session: one)
    #expect(try store.sessions().count == 2)
    #expect(try store.database.integer("SELECT count(*) FROM snapshots") == 4, "snapshots go with their session")
    #expect(try store.database.integer("SELECT count(*) FROM commands") == 0)
    #expect(try store.database.integer("SELECT count(*) FROM tags") == 0)
  }

  @Test func timelineSaysWhatChanged() throws {
    let store = try SessionStore(path: StoreFixtures.storePath())
    let session = try store.createSession()
    _ = try store.append(
      StoreFixtures.snapshot(status: "ACTIVE", fetchedAt: "2026-01-01T00:00:00.000Z"), session: session)
    _ = try store.append(
      StoreFixtures.snapshot(status: "PAID", fetchedAt: "2026-01-01T00:01:00.000Z"), session: session)
    let timeline = try store.timeline(orderID: "order_1")
    #expect(timeline.count == 2)
    #expect(timeline[1].changes(since: timeline[0]) == ["status open→paid", "raw ACTIVE→PAID"])
  }

  @Test func migrationsAreRecordedAndReopeningChangesNothing() throws {
    let path = StoreFixtures.storePath()
    _ = try SessionStore(path: path)
    let again = try SessionStore(path: path)
    #expect(try again.database.integer("SELECT count(*) FROM schema_migrations") == Int64(StoreSchema.version))
  }

  @Test func aNewStoreHasSmallPagesAndAnOldOneKeepsItsOwn() throws {
    let fresh = try SessionStore(path: StoreFixtures.storePath())
    #expect(try fresh.database.integer("PRAGMA page_size") == Int64(StoreSchema.pageSize))
    // A store made before (SQLite's default 4,096-byte pages) is opened, written and read as it is.
    let path = StoreFixtures.storePath()
    do {
      let old = try Database(path: path)
      try old.execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL")
      try StoreSchema.migrate(old, now: "2026-01-01T00:00:00.000Z")
    }
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    let stored = try store.append(StoreFixtures.snapshot(), session: session)
    #expect(try store.database.integer("PRAGMA page_size") == 4096)
    #expect(try store.snapshot(session: session, number: stored.number)?.orderID == "order_1")
  }

  @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
    let path = StoreFixtures.storePath()
    do {
      let store = try SessionStore(path: path)
      try store.database.run("INSERT INTO schema_migrations(version, applied_at) VALUES (99, 'future')")
    }
    #expect(throws: StoreError.newerSchema(path, found: 99, known: StoreSchema.version)) {
      try SessionStore(path: path)
    }
    #expect(
      StoreError.newerSchema(path, found: 99, known: 1).description
        == "\(path) was written by a newer paysh (store schema 99; this paysh knows up to 1): upgrade paysh")
  }

  @Test func aFileThatIsNotSQLiteIsRefused() throws {
    let path = StoreFixtures.storePath()
    try Data(repeating: 0x41, count: 5000).write(to: URL(fileURLWithPath: path))
    #expect(throws: StoreError.notSQLite(path)) { try SessionStore(path: path) }
    #expect(throws: StoreError.notSQLite(path)) { try SessionStore(path: path, readOnly: true, verify: true) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x41, count: 5000))
  }

  @Test func anotherSQLiteDatabaseIsRefused() throws {
    let path = StoreFixtures.storePath()
    do {
      let other = try Database(path: path)
      try other.execute("CREATE TABLE recipes(name TEXT)")
    }
    #expect(throws: StoreError.notAStore(path)) { try SessionStore(path: path) }
  }

  @Test func locationFollowsOverrideEnvironmentAndXDG() {
    #expect(StoreLocation.path(override: "/x.sqlite", environment: ["PAYSH_STORE": "/y"]) == "/x.sqlite")
    #expect(StoreLocation.path(environment: ["PAYSH_STORE": "/y", "XDG_DATA_HOME": "/d"]) == "/y")
    #expect(StoreLocation.path(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/paysh/paysh.sqlite")
    #expect(
      StoreLocation.path(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]) == "/h/.local/share/paysh/paysh.sqlite")
    #expect(StoreLocation.path(environment: [:]) == nil)
  }

  @Test func twoConnectionsWriteOneStore() throws {
    let path = StoreFixtures.storePath()
    let first = try SessionStore(path: path)
    let second = try SessionStore(path: path)
    let a = try first.createSession()
    let b = try second.createSession()
    for _ in 0..<20 {
      _ = try first.append(StoreFixtures.snapshot(), session: a)
      _ = try second.append(StoreFixtures.snapshot(), session: b)
    }
    #expect(try first.totalSnapshots() == 40)
  }
}
