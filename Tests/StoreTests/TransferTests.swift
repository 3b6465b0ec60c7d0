import Foundation
import Testing

@testable import PayshCore

/// Export, import, read-only opening and HAR.
@Suite("Sharing sessions")
struct TransferTests {
  func storeWithSession() throws -> (SessionStore, Int64) {
    let store = try SessionStore(path: StoreFixtures.storePath())
    let session = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(order: "a", body: Array("{\"x\": 1.10 }".utf8)), session: session)
    _ = try store.append(StoreFixtures.snapshot(order: "b", body: [0, 1, 2, 0xfe, 0xff]), session: session)
    try store.recordCommands([.init(text: "fetch a", status: 0, ranAt: "t")], session: session)
    try store.tag("first", number: 1, session: session)
    try store.name(session: session, "triage")
    return (store, session)
  }

  @Test func exportThenImportGivesTheSameBytes() throws {
    let (store, session) = try storeWithSession()
    let file = StoreFixtures.folder() + "/triage.paysh"
    try store.export(session: session, to: file)
    let attributes = try FileManager.default.attributesOfItem(atPath: file)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(!FileManager.default.fileExists(atPath: file + "-wal"), "an export is one self-contained file")
    let other = try SessionStore(path: StoreFixtures.storePath())
    let outcomes = try other.importSessions(from: file)
    #expect(outcomes == [.imported(name: "triage", renamedFrom: nil, snapshots: 2)])
    let imported = try #require(try other.session(named: "triage"))
    #expect(imported.uid == (try store.session(id: session))?.uid)
    #expect(try other.snapshots(session: imported.id) == (try store.snapshots(session: session)))
    #expect(try other.commands(session: imported.id).map(\.text) == ["fetch a"])
    #expect(try other.tags(session: imported.id) == ["first": 1])
  }

  @Test func importingTwiceAddsNothingAndAClashGetsASuffix() throws {
    let (store, session) = try storeWithSession()
    let file = StoreFixtures.folder() + "/triage.paysh"
    try store.export(session: session, to: file)
    #expect(try store.importSessions(from: file) == [.alreadyPresent(name: "triage")])
    let other = try SessionStore(path: StoreFixtures.storePath())
    try other.name(session: try other.createSession(), "triage")
    #expect(try other.importSessions(from: file) == [.imported(name: "triage-2", renamedFrom: "triage", snapshots: 2)])
    #expect(try other.importSessions(from: file) == [.alreadyPresent(name: "triage-2")])
    #expect(try other.totalSnapshots() == 2)
  }

  @Test func exportRefusesToReplaceAFile() throws {
    let (store, session) = try storeWithSession()
    let file = StoreFixtures.folder() + "/x.paysh"
    try Data("keep".utf8).write(to: URL(fileURLWithPath: file))
    #expect(throws: StoreError.self) { try store.export(session: session, to: file) }
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
  }

  @Test func importRefusesCorruptNewerAndForeignFiles() throws {
    let (store, session) = try storeWithSession()
    let folder = StoreFixtures.folder()
    let target = try SessionStore(path: StoreFixtures.storePath())

    let corrupt = folder + "/corrupt.paysh"
    try store.export(session: session, to: corrupt)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: corrupt))
    for index in 4096..<min(bytes.count, 4096 * 6) where index % 7 != 0 { bytes[index] = 0x5a }
    try bytes.write(to: URL(fileURLWithPath: corrupt))
    let corruptError = #expect(throws: StoreError.self) { try target.importSessions(from: corrupt) }
    #expect(corruptError.map { "\($0)" }?.hasPrefix("\(corrupt) is damaged") == true)

    let newer = folder + "/newer.paysh"
    try store.export(session: session, to: newer)
    do {
      let database = try Database(path: newer)
      try database.execute("INSERT INTO schema_migrations(version, applied_at) VALUES (7, 'later')")
    }
    #expect(throws: StoreError.newerSchema(newer, found: 7, known: StoreSchema.version)) {
      try target.importSessions(from: newer)
    }

    let text = folder + "/notes.paysh"
    try Data("just some notes, not a database at all, long enough to be read\n".utf8).write(
      to: URL(fileURLWithPath: text))
    #expect(throws: StoreError.notSQLite(text)) { try target.importSessions(from: text) }

    let empty = folder + "/empty.paysh"
    FileManager.default.createFile(atPath: empty, contents: Data())
    #expect(throws: StoreError.notAStore(empty)) { try target.importSessions(from: empty) }
    #expect(try target.sessions().isEmpty, "nothing was imported")
  }

  @Test func aReadOnlyStoreRefusesWrites() throws {
    let (store, session) = try storeWithSession()
    let file = StoreFixtures.folder() + "/triage.paysh"
    try store.export(session: session, to: file)
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    let log = StoredSnapshotLog(path: file, readOnly: true)
    #expect(try log.count() == 2)
    #expect(try log.snapshot(number: 2)?.body == [0, 1, 2, 0xfe, 0xff])
    #expect(throws: StoreError.readOnly(file)) { try log.append(StoreFixtures.snapshot()) }
    try log.recordCommand("show", status: .ok)
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
  }

  @Test func harIsVersion12WithEveryEntry() throws {
    let (store, session) = try storeWithSession()
    let text = HARWriter().archive(try store.snapshots(session: session), sessionLabel: "triage")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let log = try #require(json["log"] as? [String: Any])
    #expect(log["version"] as? String == "1.2")
    let entries = try #require(log["entries"] as? [[String: Any]])
    #expect(entries.count == 2)
    let request = try #require(entries[0]["request"] as? [String: Any])
    #expect(request["method"] as? String == "GET")
    #expect((request["queryString"] as? [[String: String]])?.first?["name"] == "x")
    let content = try #require((entries[0]["response"] as? [String: Any])?["content"] as? [String: Any])
    #expect(content["text"] as? String == "{\"x\": 1.10 }")
    let binary = try #require((entries[1]["response"] as? [String: Any])?["content"] as? [String: Any])
    #expect(binary["encoding"] as? String == "base64")
    #expect(entries[0]["time"] as? Double == 12.345)
    for key in ["startedDateTime", "cache", "timings"] { #expect(entries[0][key] != nil) }
  }
}
