import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// A file from an older paysh (a recording, a teammate's export) is opened read-only and never migrated:
/// every read leaves out what its schema lacks, instead of failing on a missing table or column.
@Suite("Older schemas read read-only")
struct OlderSchemaTests {
  /// A store at schema 2: no `answer_parts` (3), no authors (4).
  static func schemaTwoFile() throws -> String {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path, writeAheadLog: false)
    let session = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(), session: session)
    try store.name(session: session, "old")
    try store.database.execute(
      """
      DROP TABLE answer_parts;
      ALTER TABLE sessions DROP COLUMN author;
      ALTER TABLE snapshots DROP COLUMN author;
      DELETE FROM schema_migrations WHERE version > 2;
      """)
    return path
  }

  @Test func aSchemaTwoFileIsReadWhole() throws {
    let path = try Self.schemaTwoFile()
    let file = try SessionStore(path: path, readOnly: true)
    #expect(file.schemaVersion == 2)
    let session = try #require(try file.sessions().first)
    #expect(session.label == "old" && session.author == nil)
    let snapshot = try #require(try file.snapshot(session: session.id, number: 1))
    #expect(snapshot.orderID == "order_1" && snapshot.author == nil)
    let answers = try file.caseAnswers(session: session.id, orderID: "order_1")
    #expect(answers.map(\.reading) == [CaseReading(snapshot, body: try? JSONParser.parse(snapshot.body))])
    #expect(try file.transferable(session: session.id)?.snapshots == [snapshot])
    // Imported, it arrives at the newest schema with its readings made.
    let store = try SessionStore(path: StoreFixtures.storePath())
    #expect(try store.importSessions(from: path) == [.imported(name: "old", renamedFrom: nil, snapshots: 1)])
    #expect(try store.database.integer("SELECT count(*) FROM answer_parts") == 1)
  }
}
