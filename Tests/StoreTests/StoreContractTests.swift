import Foundation
import PayshJSON
import Synchronization
import Testing

@testable import PayshCore

/// The stores a contract test runs on: SQLite always; the team store (PostgreSQL) when the test server is
/// there (`PAYSH_TEST_PG_URL`, which scripts/test always sets: CI cannot skip it, see `ciRunsTheTeamStore`).
enum ContractBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite, postgres

  static var available: [ContractBackend] { TestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }

  var testDescription: String { rawValue }

  /// A new, empty store of this backend, written as `author`.
  func make(author: String = "asha") throws -> any SessionStorage {
    switch self {
    case .sqlite:
      let store = try SessionStore(path: StoreFixtures.storePath())
      store.author = author
      return store
    case .postgres: return try TestServer.freshStore(author: author)
    }
  }
}

/// The PostgreSQL test server scripts/test starts, and fresh databases on it.
enum TestServer {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }
  static var url: String? { environment["PAYSH_TEST_PG_URL"].flatMap { $0.isEmpty ? nil : $0 } }

  /// The server's URL with `database` in place of its own.
  static func url(database: String) throws -> PostgresStoreURL {
    var parsed = try PostgresStoreURL(parsing: try #require(url), origin: "PAYSH_TEST_PG_URL")
    parsed.database = database
    return parsed
  }

  static func database(_ url: PostgresStoreURL) throws -> TeamDatabase {
    var environment = Self.environment
    if let password = environment["PAYSH_TEST_PG_PASSWORD"] { environment["PGPASSWORD"] = password }
    return try TeamDatabase.make(url: url, environment: environment).database
  }

  /// A store on a database made for this test alone (`query`: more URL parameters, `&connect_timeout=2`).
  static func freshStore(author: String, query: String = "") throws -> TeamStore {
    var target = try freshURL()
    if !query.isEmpty {
      target = try PostgresStoreURL(parsing: target.text + query, origin: "test")
    }
    return try TeamStore(database: try database(target), author: author)
  }

  /// The URL of a new, empty database made for this test alone (nothing in it yet, not even the schema).
  static func freshURL() throws -> PostgresStoreURL {
    let name = "paysh_contract_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    let admin = try database(try PostgresStoreURL(parsing: try #require(url), origin: "PAYSH_TEST_PG_URL"))
    defer { admin.closeSync() }
    try admin.querySync(.init(unsafeSQL: "CREATE DATABASE \(name)"))
    return try url(database: String(name))
  }
}

/// One suite of store tests on both backends, so they cannot drift: every operation of `SessionStorage`,
/// with the same assertions.
@Suite("Store contract: SQLite and PostgreSQL alike")
struct StoreContractTests {
  @Test func ciRunsTheTeamStore() {
    // A CI run without the test server would pass these tests on SQLite alone and say nothing.
    #expect(TestServer.environment["CI"] == nil || TestServer.url != nil, "CI must set PAYSH_TEST_PG_URL")
  }

  @Test(arguments: ContractBackend.available)
  func snapshotsAreNumberedDenselyAndComeBackByteForByte(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let session = try store.createSession()
    let bytes = (0...255).map { UInt8($0) }
    var original = StoreFixtures.snapshot(body: Array("{\"a\":\"\u{e9}\",\"n\":22.00}\n".utf8) + bytes)
    original.responseHeaders = [HTTPHeader("Date", "Wed, 15 Jan 2025 07:00:00 GMT"), HTTPHeader("x-nul", "a\u{0}b")]
    original.requestBody = "{\"k\":\"\u{1b}[31m\"}"
    for expected in 1...5 {
      let stored = try store.append(original, session: session, commands: [])
      #expect(stored.number == expected)
    }
    let back = try #require(try store.snapshot(session: session, number: 3))
    var expected = original
    expected.number = 3
    expected.author = "asha"
    #expect(back == expected)
    #expect(try store.snapshots(session: session).map(\.number) == [1, 2, 3, 4, 5])
    #expect(try store.count(session: session) == 5)
    #expect(try store.totalSnapshots() == 5)
    #expect(try store.snapshot(session: session, number: 6) == nil)
    try store.append(contentsOf: [original, original], session: session)
    #expect(try store.snapshots(session: session).map(\.number) == [1, 2, 3, 4, 5, 6, 7])
  }

  @Test(arguments: ContractBackend.available)
  func sessionsAreListedNamedClaimedAndDropped(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let one = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(order: "a"), session: one, commands: [])
    _ = try store.append(StoreFixtures.snapshot(order: "b"), session: one, commands: [])
    try store.name(session: one, "triage")
    let two = try store.createSession()
    let three = try store.createSession()
    var paytring = StoreFixtures.snapshot(order: "a")
    paytring.gateway = "paytring"
    for snapshot in [paytring, StoreFixtures.snapshot(order: "a"), paytring] {
      _ = try store.append(snapshot, session: three, commands: [])
    }
    let listed = try store.sessions()
    #expect(listed.map(\.id) == [one, two, three])
    #expect(listed[0].label == "triage" && listed[0].snapshots == 2 && listed[0].orders == 2)
    #expect(listed[1].snapshots == 0 && listed[1].orders == 0 && listed[1].gateways.isEmpty)
    #expect(listed[2].snapshots == 3 && listed[2].orders == 2 && listed[2].gateways == ["cashfree", "paytring"])
    #expect(try listed.map { try store.session(id: $0.id) } == listed)
    #expect(try store.session(named: listed[1].label)?.id == two)
    #expect(try store.session(named: String(listed[1].uid.prefix(8)))?.id == two)
    #expect(try store.session(uid: listed[2].uid)?.id == three)
    #expect(try store.uid(of: three) == listed[2].uid)
    #expect(try store.session(named: "nothing") == nil)
    #expect(try store.freeName(like: "triage") == "triage-2")
    #expect(try store.claim("triage", session: two)?.id == one, "a taken name says who holds it")
    #expect(try store.claim("night", session: two) == nil)
    #expect(try store.session(named: "night")?.id == two)
    #expect(try store.sessionNames(startingWith: "t", limit: 10) == ["triage"])
    try store.drop(session: one)
    #expect(try store.sessions().map(\.id) == [two, three])
    #expect(try store.snapshots(session: one).isEmpty)
    #expect(try store.totalSnapshots() == 3)
  }

  @Test(arguments: ContractBackend.available)
  func commandsTagsAndCompletion(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let session = try store.createSession()
    let lines = [
      SessionStore.CommandEntry(text: "use cashfree", status: 0, ranAt: "2026-01-01T00:00:00.000Z"),
      SessionStore.CommandEntry(text: "fetch 'a b'", status: 1, ranAt: "2026-01-01T00:00:01.000Z"),
    ]
    _ = try store.append(StoreFixtures.snapshot(order: "order_9"), session: session, commands: lines)
    try store.recordCommands([.init(text: "show", status: 0, ranAt: "t")], session: session)
    #expect(try store.commands(session: session) == lines + [.init(text: "show", status: 0, ranAt: "t")])
    try store.tag("first", number: 1, session: session)
    try store.tag("first", number: 1, session: session)
    #expect(try store.tags(session: session) == ["first": 1])
    #expect(try store.orderIDs(gateway: "cashfree", session: session, startingWith: "order_", limit: 5) == ["order_9"])
    #expect(try store.orderIDs(gateway: "cashfree", session: nil, startingWith: "x", limit: 5).isEmpty)
    let hints = try store.snapshotHints(session: session, numbers: 1...3)
    #expect(hints == [SessionStore.SnapshotHint(number: 1, resource: "order", orderID: "order_9", status: 200)])
  }

  @Test(arguments: ContractBackend.available)
  func historySpansSessionsAndStatusesAreReadElsewhere(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let morning = try store.createSession()
    let evening = try store.createSession()
    _ = try store.append(
      StoreFixtures.snapshot(status: "ACTIVE", fetchedAt: "2026-01-01T00:00:00.000Z"), session: morning, commands: [])
    _ = try store.append(
      StoreFixtures.snapshot(status: "PAID", fetchedAt: "2026-01-01T00:01:00.000Z"), session: evening, commands: [])
    try store.name(session: morning, "morning")
    let timeline = try store.timeline(orderID: "order_1")
    #expect(timeline.map(\.session) == ["morning", "unsaved-" + (try store.uid(of: evening) ?? "").prefix(8)])
    #expect(timeline[1].changes(since: timeline[0]) == ["status open→paid", "raw ACTIVE→PAID"])
    #expect(try store.history(session: evening).map(\.orderStatus) == ["paid"])
    let elsewhere = try store.statuses(elsewhereThan: evening, gateway: "cashfree", orderID: "order_1")
    #expect(elsewhere.map(\.ref) == ["@morning:1"])
    #expect(elsewhere.map(\.status) == [.open])
    let all = try store.statuses(elsewhereThan: evening, gateway: nil, orderID: nil)
    #expect(all.map(\.ref) == ["@morning:1"])
  }

  @Test(arguments: ContractBackend.available)
  func snapshotHintsOfOneGatewayAndEnvironmentComeInOrder(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let session = try store.createSession()
    let other = try store.createSession()
    var refunds = StoreFixtures.snapshot(order: "order_2")
    refunds.resource = "refunds"
    refunds.status = 429
    var sandbox = StoreFixtures.snapshot(order: "order_3")
    sandbox.environment = "sandbox"
    var paytring = StoreFixtures.snapshot(order: "order_4")
    paytring.gateway = "paytring"
    for snapshot in [StoreFixtures.snapshot(), sandbox, refunds, paytring, StoreFixtures.snapshot(order: "order_5")] {
      _ = try store.append(snapshot, session: session, commands: [])
    }
    _ = try store.append(StoreFixtures.snapshot(order: "order_6"), session: other, commands: [])
    var hints: [SessionStore.SnapshotHint] = []
    try store.snapshotHints(session: session, gateway: "cashfree", environment: "local") { hints.append($0) }
    #expect(
      hints == [
        SessionStore.SnapshotHint(number: 1, resource: "order", orderID: "order_1", status: 200),
        SessionStore.SnapshotHint(number: 3, resource: "refunds", orderID: "order_2", status: 429),
        SessionStore.SnapshotHint(number: 5, resource: "order", orderID: "order_5", status: 200),
      ])
  }

  @Test(arguments: ContractBackend.available)
  func caseAnswersAreWhatTheBodiesSay(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let session = try store.createSession()
    var payments = StoreFixtures.snapshot(
      body: Array(
        """
        [{"cf_payment_id":"1","payment_status":"SUCCESS","payment_amount":1250.5,"payment_currency":"INR"},\
        {"cf_payment_id":"2","payment_status":"SUCCESS","payment_amount":1250.5,"payment_currency":"INR"}]
        """.utf8))
    payments.resource = "payments"
    payments.order = nil
    var failed = StoreFixtures.snapshot(body: Array("{\"message\":\"too many requests\"}".utf8))
    failed.resource = "refunds"
    failed.status = 429
    failed.order = nil
    let snapshots = [StoreFixtures.snapshot(), payments, failed]
    for snapshot in snapshots { _ = try store.append(snapshot, session: session, commands: []) }
    let stored = try store.snapshots(session: session)
    let answers = try store.caseAnswers(session: session, orderID: "order_1")
    #expect(answers.map(\.reading) == stored.map { CaseReading($0, body: try? JSONParser.parse($0.body)) })
    #expect(answers[2].body?["message"]?.stringValue == "too many requests", "an error's words are read")
    let report = CheckRules.run(
      CaseBuilder.build(gateway: "cashfree", orderID: "order_1", from: answers), thresholds: .init())
    #expect(report.verdicts.map(\.rule).contains("double_charge"))
    #expect(try store.caseAnswers(session: session, orderID: "other").isEmpty)
  }

  @Test(arguments: ContractBackend.available)
  func aSessionCopiedToTheOtherBackendAndBackIsTheSame(_ backend: ContractBackend) throws {
    let store = try backend.make()
    let other = try (backend == .sqlite ? ContractBackend.available.last! : .sqlite).make()
    let session = try store.createSession()
    var odd = StoreFixtures.snapshot(body: (0...255).map { UInt8($0) })
    odd.order = nil
    for snapshot in [StoreFixtures.snapshot(), odd] { _ = try store.append(snapshot, session: session, commands: []) }
    try store.recordCommands([.init(text: "fetch order_1", status: 0, ranAt: "t")], session: session)
    try store.tag("odd", number: 2, session: session)
    try store.name(session: session, "triage")
    let sent = try #require(try store.transferable(session: session))
    #expect(try other.copyIn(session, from: store) == .imported(name: "triage", renamedFrom: nil, snapshots: 2))
    #expect(try other.copyIn(session, from: store) == .alreadyPresent(name: "triage"), "by uid: once")
    let arrived = try #require(try other.session(named: "triage"))
    let back = try #require(try other.transferable(session: arrived.id))
    #expect(back.uid == sent.uid && back.createdAt == sent.createdAt && back.savedAt == sent.savedAt)
    #expect(back.snapshots == sent.snapshots)
    #expect(back.commands == sent.commands)
    #expect(back.tags == sent.tags)
  }

  @Test(.enabled(if: TestServer.url != nil))
  func aBigSessionIsCopiedWithinTheTimeoutForItsSize() throws {
    // The hostile review's find: a push of a big session hit the connect timeout (one transaction of many
    // statements) and paysh then crashed closing the store on an event loop thread.
    let local = try SessionStore(path: StoreFixtures.storePath())
    let session = try local.createSession()
    try local.append(contentsOf: Array(repeating: StoreFixtures.snapshot(), count: 1_500), session: session)
    let team = try TestServer.freshStore(author: "asha", query: "&connect_timeout=1")
    #expect(
      try team.copyIn(session, from: local)
        == .imported(
          name: "unsaved-" + String((try local.uid(of: session) ?? "").prefix(8)), renamedFrom: nil, snapshots: 1_500))
    #expect(try team.totalSnapshots() == 1_500)
  }

  @Test(.enabled(if: TestServer.url != nil))
  func copiesOfOneSessionAtOnceAddItOnce() throws {
    // The hostile review's find: two pushes at once broke a unique key and said so raw.
    let path = StoreFixtures.storePath()
    let local = try SessionStore(path: path)
    let session = try local.createSession()
    _ = try local.append(StoreFixtures.snapshot(), session: session)
    try local.name(session: session, "triage")
    let first = try TestServer.freshStore(author: "asha")
    let url = first.url
    let stores = try (0..<4).map { _ in try TeamStore(database: try TestServer.database(url), author: "asha") }
    let outcomes = Mutex([Result<ImportOutcome, StoreError>]())
    DispatchQueue.concurrentPerform(iterations: stores.count) { index in
      // Each writer with its own connection to the local file, as four paysh processes would be.
      let outcome = Result { () throws(StoreError) -> ImportOutcome in
        try stores[index].copyIn(session, from: try SessionStore(path: path))
      }
      outcomes.withLock { $0.append(outcome) }
    }
    let all = outcomes.withLock { $0 }
    #expect(all.allSatisfy { if case .success = $0 { true } else { false } }, "\(all)")
    #expect(all.filter { if case .success(.imported) = $0 { true } else { false } }.count == 1)
    #expect(try first.sessions().count == 1)
  }
}
