import Foundation
import Testing

@testable import PayshCore

/// A fetch's commit checks, in its own statement, that its session is still there and still the writer's
/// (on the team store that check was a round trip of its own before every fetch). When it is not, nothing is
/// written and the shell says what it said before: a dropped session is said once and the snapshot starts a
/// new session; a colleague's session is refused with the way out.
@Suite("A fetch's commit checks its session in the same statement")
struct GuardedAppendTests {
  /// A second store on the same data as `store` (another paysh), written as `author`.
  static func another(_ store: any SessionStorage, author: String) throws -> any SessionStorage {
    if let team = store as? TeamStore {
      return try TeamStore(database: try TestServer.database(team.url), author: author)
    }
    let other = try SessionStore(path: store.path)
    other.author = author
    return other
  }

  /// A shell's snapshot log on the same data as `store`, written as `author`.
  static func log(on store: any SessionStorage, author: String) -> StoredSnapshotLog {
    guard let team = store as? TeamStore else { return StoredSnapshotLog(path: store.path, author: author) }
    var environment = TestServer.environment
    if let password = environment["PAYSH_TEST_PG_PASSWORD"] { environment["PGPASSWORD"] = password }
    return StoredSnapshotLog(team: TeamStoreSettings(url: team.url, environment: environment), author: author)
  }

  /// Runs `sql` on the data under `store`, as a hand outside paysh would.
  static func change(_ store: any SessionStorage, _ sql: String) throws {
    if let team = store as? TeamStore {
      try team.database.querySync(.init(unsafeSQL: sql))
    } else {
      try (store as? SessionStore)?.database.execute(sql)
    }
  }

  @Test(arguments: ContractBackend.available)
  func anotherUIDOrAnotherAuthorGetsNothingWritten(_ backend: ContractBackend) throws {
    let store = try backend.make(author: "asha")
    let session = try store.createSession()
    let uid = try #require(try store.uid(of: session))
    let first = try store.append(StoreFixtures.snapshot(order: "a"), session: session, uid: uid, commands: [])
    #expect(first?.number == 1 && first?.author == "asha")
    let line = SessionStore.CommandEntry(text: "fetch b", status: 0, ranAt: "2026-01-02T03:04:05.678Z")
    let stale = String(repeating: "0", count: 32)
    #expect(try store.append(StoreFixtures.snapshot(order: "b"), session: session, uid: stale, commands: [line]) == nil)
    let ravi = try Self.another(store, author: "ravi")
    #expect(try ravi.append(StoreFixtures.snapshot(order: "b"), session: session, uid: uid, commands: [line]) == nil)
    #expect(try store.count(session: session) == 1, "nothing written")
    #expect(try store.commands(session: session).isEmpty, "not even the line before it")
    let info = try #require(try store.session(id: session))
    #expect(info.snapshots == 1 && info.orders == 1, "and nothing counted")
    let second = try store.append(StoreFixtures.snapshot(order: "b"), session: session, uid: uid, commands: [line])
    #expect(second?.number == 2, "the right uid and author still write")
    #expect(try store.session(id: session)?.orders == 2)
  }

  /// On the team store the append is a prepared statement, its parameters' types declared once for every
  /// use (a type declared wrong fails here: incorrect binary data format): a snapshot of every nil (no order,
  /// no request body) first on a new connection, then one of every value, alternating past the server's
  /// first five plans, each stored whole.
  @Test(arguments: ContractBackend.available)
  func anAnswerOfNilsThenOneOfValuesBothStoreWhole(_ backend: ContractBackend) throws {
    let store = try Self.another(try backend.make(author: "asha"), author: "asha")
    let session = try store.createSession()
    let uid = try #require(try store.uid(of: session))
    var bare = StoreFixtures.snapshot(order: "a", body: Array("not json".utf8))
    bare.order = nil
    bare.status = 404
    var full = StoreFixtures.snapshot(order: "b")
    full.requestBody = "{\"order_id\":\"b\"}"
    let line = SessionStore.CommandEntry(text: "fetch a", status: 1, ranAt: "2026-01-02T03:04:05.678Z")
    for (snapshot, number) in [(bare, 1), (full, 2), (bare, 3), (full, 4), (bare, 5), (full, 6), (bare, 7)] {
      let stored = try store.append(snapshot, session: session, uid: uid, commands: [line])
      #expect(stored?.number == number)
      let read = try #require(try store.snapshot(session: session, number: number))
      #expect(read.body == snapshot.body && read.requestBody == snapshot.requestBody && read.status == snapshot.status)
      #expect(read.order?.amount == snapshot.order?.amount && read.order?.status == snapshot.order?.status)
    }
    #expect(try store.commands(session: session).count == 7)
  }

  /// `listen` commits the deliveries that arrived together at once: numbered in order, the line with the
  /// first, refused whole for another uid or author, and a dropped session starts a new one for all.
  @Test(arguments: ContractBackend.available)
  func aBatchIsGuardedAndNumberedAsOne(_ backend: ContractBackend) throws {
    let store = try backend.make(author: "asha")
    let session = try store.createSession()
    let uid = try #require(try store.uid(of: session))
    let line = SessionStore.CommandEntry(text: "listen", status: 0, ranAt: "2026-01-02T03:04:05.678Z")
    let batch = ["a", "b", "c"].map { StoreFixtures.snapshot(order: $0) }
    let stale = String(repeating: "0", count: 32)
    #expect(try store.append(contentsOf: batch, session: session, uid: stale, commands: [line]) == nil)
    #expect(
      try Self.another(store, author: "ravi").append(contentsOf: batch, session: session, uid: uid, commands: [line])
        == nil)
    #expect(try store.count(session: session) == 0 && (try store.commands(session: session)).isEmpty)
    let stored = try #require(try store.append(contentsOf: batch, session: session, uid: uid, commands: [line]))
    #expect(stored.map(\.number) == [1, 2, 3] && stored.map(\.orderID) == ["a", "b", "c"])
    #expect(try store.commands(session: session).map(\.text) == ["listen"])
    let log = Self.log(on: store, author: "asha")
    #expect(try log.append(contentsOf: batch, line: nil).map(\.number) == [1, 2, 3])
    let dropped = try #require(log.currentSession)
    try Self.another(store, author: "asha").drop(session: dropped)
    #expect(try log.append(contentsOf: batch, line: nil).map(\.number) == [1, 2, 3], "a new session holds them")
    #expect(log.takeNotices() == [.sessionDropped])
  }

  @Test(arguments: ContractBackend.available)
  func aFetchIntoADroppedSessionSaysSoAndStartsANewOne(_ backend: ContractBackend) throws {
    let store = try backend.make(author: "asha")
    let log = Self.log(on: store, author: "asha")
    #expect(try log.append(StoreFixtures.snapshot(order: "a")).number == 1)
    let dropped = try #require(log.currentSession)
    let droppedUID = try store.uid(of: dropped)
    try Self.another(store, author: "asha").drop(session: dropped)
    let stored = try log.append(StoreFixtures.snapshot(order: "b"))
    #expect(stored.number == 1, "the first of a new session")
    #expect(log.takeNotices() == [.sessionDropped], "said once")
    #expect(try log.currentSession.flatMap { try store.uid(of: $0) } != droppedUID, "(SQLite may reuse its id)")
    let sessions = try store.sessions()
    #expect(sessions.map(\.snapshots) == [1] && sessions.first?.author == "asha")
    #expect(try log.append(StoreFixtures.snapshot(order: "c")).number == 2, "and the next goes on in it")
    #expect(log.takeNotices().isEmpty)
  }

  @Test(arguments: ContractBackend.available)
  func aSessionWhoseUIDIsAnotherNowIsNotWrittenInto(_ backend: ContractBackend) throws {
    // As when the session was dropped and its row id given to a session made since.
    let store = try backend.make(author: "asha")
    let log = Self.log(on: store, author: "asha")
    _ = try log.append(StoreFixtures.snapshot(order: "a"))
    let session = try #require(log.currentSession)
    try Self.change(store, "UPDATE sessions SET uid = '\(String(repeating: "f", count: 32))' WHERE id = \(session)")
    _ = try log.append(StoreFixtures.snapshot(order: "b"))
    #expect(log.takeNotices() == [.sessionDropped])
    #expect(try store.count(session: session) == 1, "the other session keeps only its own snapshot")
    #expect(try store.sessions().map(\.snapshots) == [1, 1])
  }

  @Test(arguments: ContractBackend.available)
  func aColleaguesSessionFoundByTheCommitIsRefusedAsBefore(_ backend: ContractBackend) throws {
    // The shell took the session for its own; the store says it is ravi's: the commit writes nothing, and the
    // fetch is refused with the words a colleague's session is always refused with.
    let store = try backend.make(author: "asha")
    let log = Self.log(on: store, author: "asha")
    _ = try log.append(StoreFixtures.snapshot(order: "a"))
    let session = try #require(log.currentSession)
    try Self.change(store, "UPDATE sessions SET author = 'ravi' WHERE id = \(session)")
    let label = try #require(try store.session(id: session)).label
    let expected = StoreError.colleaguesSession(label, author: "ravi", action: "a fetch")
    #expect(throws: expected) { try log.append(StoreFixtures.snapshot(order: "b")) }
    #expect(throws: expected, "and so is every fetch after it, before anything is sent") {
      try log.checkWritable()
    }
    #expect("\(expected)".contains("\(label) is ravi's session, read-only for you"))
    #expect(try store.count(session: session) == 1, "nothing of ravi's changed")
    #expect(log.takeNotices().isEmpty, "not said to be dropped")
  }
}
