import Foundation
import PayshJSON
import PayshSimulator
import Testing

@testable import PayshCore

/// The reading kept in `answer_parts` when a snapshot is committed is exactly what normalizing its body
/// gives, for every answer the simulator's fixtures make; a row that does not read back, a crafted row in a
/// shared file, and a store from before the table all fall back to the bodies.
@Suite("Stored readings: answer_parts says what the bodies say")
struct StoredReadingTests {
  /// Every fixture of every gateway fetched by `case` (order, payments, refunds, settlements; errors too).
  static func fixtureSnapshots() async throws -> [Snapshot] {
    let harness = try await FixtureVerdictTests.harness()
    for gateway in ["cashfree", "paytring", "enkash"] {
      for id in Simulator.builtinOrderIDs(gateway: gateway) {
        _ = await harness.run("use \(gateway)\ncase \(ShellWord.argument(id))")
      }
    }
    let log = try #require(harness.shell.services.snapshots as? MemorySnapshotLog)
    return log.snapshots
  }

  static func stored(_ snapshots: [Snapshot], path: String = SessionStore.inMemory) throws -> (SessionStore, Int64) {
    let store = try SessionStore(path: path)
    let session = try store.createSession()
    try store.append(contentsOf: snapshots, session: session)
    return (store, session)
  }

  static func bodyReadings(_ snapshots: [Snapshot]) -> [CaseReading] {
    snapshots.map { CaseReading($0, body: try? JSONParser.parse($0.body)) }
  }

  @Test func everyFixtureAnswerReadsBackFromItsRowAsFromItsBody() async throws {
    let snapshots = try await Self.fixtureSnapshots()
    #expect(snapshots.count > 100)
    let (store, session) = try Self.stored(snapshots)
    #expect(try store.database.integer("SELECT count(*) FROM answer_parts") == Int64(snapshots.count))
    // Each row reads back whole (a row that did not would be read from its body, and hide a lost field).
    let rows = try store.database.prepare("SELECT reading FROM answer_parts ORDER BY snapshot_id")
    var mappings = MappingCache()
    var kept: [CaseReading?] = []
    while try rows.step() { kept.append(CaseReading(storage: rows.blob(0), mappings: &mappings)) }
    #expect(kept == Self.bodyReadings(snapshots))
    let answers = try store.caseAnswers(session: session)
    #expect(answers.map(\.reading) == Self.bodyReadings(snapshots))
    #expect(answers.map(\.number) == snapshots.map(\.number))
    // Parts of every kind were read from rows, not only orders.
    let kinds = Set(
      answers.compactMap { answer -> String? in
        guard case .read(let parts, _) = answer.reading.parts else { return nil }
        switch parts {
        case .payments: return "payments"
        case .refunds: return "refunds"
        case .settlement: return "settlement"
        }
      })
    #expect(kinds == ["payments", "refunds", "settlement"])

    // The verdicts of every order are the same either way.
    let orders = CheckCommand.orders(in: answers)
    let fromRows = await CheckRules.reports(
      orders.map { CaseInput(gateway: $0.gateway, orderID: $0.orderID, answers: answers) }, thresholds: .init())
    let fromBodies = await CheckRules.reports(
      orders.map { CaseInput(gateway: $0.gateway, orderID: $0.orderID, snapshots: snapshots) }, thresholds: .init())
    #expect(fromRows.map { $0.verdicts.map(\.rule) } == fromBodies.map { $0.verdicts.map(\.rule) })
    #expect(fromRows.map(\.isOK) == fromBodies.map(\.isOK))
    #expect(fromRows.contains { !$0.isOK })
  }

  @Test func aRowThatDoesNotReadBackIsReadFromTheBody() async throws {
    let snapshots = try await Self.fixtureSnapshots()
    let (store, session) = try Self.stored(snapshots)
    // Cut short, a length past the end, another layout, and bytes that are not a record at all.
    for damage in ["x'31'", "x'313a31'", "x'313a323a'", "x'ff00ff'", "x''"] {
      try store.database.execute("UPDATE answer_parts SET reading = \(damage)")
      #expect(try store.caseAnswers(session: session).map(\.reading) == Self.bodyReadings(snapshots), "\(damage)")
    }
  }

  @Test func aSharedFilesRowsAreNotTrustedItsBodiesAre() async throws {
    let snapshots = try await Self.fixtureSnapshots()
    let path = NSTemporaryDirectory() + "paysh-reading-\(UUID().uuidString).paysh"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (store, session) = try Self.stored(snapshots, path: path)
    // A crafted row: every answer says it holds no payments at all.
    let crafted = CaseReading(order: nil, parts: .read(.payments([]), listed: true), date: nil)
    try store.database.run("UPDATE answer_parts SET reading = ?", [.blob(crafted.storageBytes)])
    #expect(try store.caseAnswers(session: session).allSatisfy { $0.reading == crafted })
    let shared = try SessionStore(path: path, readOnly: true)
    #expect(try shared.caseAnswers(session: session).map(\.reading) == Self.bodyReadings(snapshots))
  }

  @Test func aStoreFromBeforeTheTableIsFilledWhenMigrated() async throws {
    let snapshots = try await Self.fixtureSnapshots()
    let (store, session) = try Self.stored(snapshots)
    try store.database.execute("DELETE FROM answer_parts")
    try StoreSchema.fillAnswerParts(store.database)
    #expect(try store.database.integer("SELECT count(*) FROM answer_parts") == Int64(snapshots.count))
    #expect(try store.caseAnswers(session: session).map(\.reading) == Self.bodyReadings(snapshots))
    // And with no rows at all, the answers are read from the bodies.
    try store.database.execute("DELETE FROM answer_parts")
    #expect(try store.caseAnswers(session: session).map(\.reading) == Self.bodyReadings(snapshots))
  }
}
