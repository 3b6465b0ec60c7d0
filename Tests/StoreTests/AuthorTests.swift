import Foundation
import Testing

@testable import PayshCore

/// Who made what: every session and snapshot carries its author, `sessions` shows it and filters by it.
@Suite("Authors")
struct AuthorTests {
  /// A store holding asha's session `triage` of one snapshot: its path, the store and the session's id.
  static func ashasTriage() throws -> (String, SessionStore, Int64) {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path)
    store.author = "asha"
    let session = try store.createSession()
    _ = try store.append(StoreFixtures.snapshot(), session: session)
    try store.name(session: session, "triage")
    return (path, store, session)
  }

  @Test func sessionsShowAndFilterByAuthor() async throws {
    let path = StoreFixtures.storePath()
    let store = try SessionStore(path: path)
    for (author, name) in [("asha", "mine"), ("ravi", "his"), ("ravi\u{1b}[2J", "crafted")] {
      store.author = author
      let session = try store.createSession()
      _ = try store.append(StoreFixtures.snapshot(), session: session)
      try store.name(session: session, name)
    }
    let (status, all) = await StoreFixtures.run("sessions", store: path, author: "asha")
    #expect(status == .ok)
    let lines = all.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines[0].contains("AUTHOR"))
    #expect(lines[1].contains("mine") && lines[1].contains("asha"))
    #expect(!all.standardOutput.contains("\u{1b}"), "an author from a file never reaches the terminal raw")
    let (_, mine) = await StoreFixtures.run("sessions --mine", store: path, author: "asha")
    #expect(mine.standardOutput.contains("mine") && !mine.standardOutput.contains("his"))
    let (_, his) = await StoreFixtures.run("sessions --author ravi", store: path, author: "asha")
    #expect(his.standardOutput.contains("his") && !his.standardOutput.contains("mine"))
    let (_, nobody) = await StoreFixtures.run("sessions --author kim", store: path, author: "asha")
    #expect(nobody.standardOutput == "no sessions by kim (3 sessions in all)\n")
    let (both, _) = await StoreFixtures.run("sessions --mine --author kim", store: path, author: "asha")
    #expect(both != .ok)
  }

  @Test func snapshotsCarryTheirAuthorThroughAnExport() throws {
    let store = try SessionStore(path: StoreFixtures.storePath())
    store.author = "asha"
    let session = try store.createSession()
    let stored = try store.append(StoreFixtures.snapshot(), session: session)
    #expect(stored.author == "asha")
    let file = StoreFixtures.folder() + "/out.paysh"
    try store.export(session: session, to: file)
    let other = try SessionStore(path: StoreFixtures.storePath())
    other.author = "ravi"
    _ = try other.importSessions(from: file)
    let arrived = try #require(try other.sessions().first)
    #expect(arrived.author == "asha", "a session keeps who made it")
    #expect(try other.snapshot(session: arrived.id, number: 1)?.author == "asha")
    _ = try other.append(StoreFixtures.snapshot(), session: arrived.id)
    #expect(try other.snapshot(session: arrived.id, number: 2)?.author == "ravi", "a new fetch is its fetcher's")
  }

  @Test func aColleaguesSessionIsReadOnlyAndCopiedToBeWorkedOn() async throws {
    let (path, store, session) = try Self.ashasTriage()
    let (opened, browse) = await StoreFixtures.run("open triage\nshow @1 --summary\ncheck", store: path, author: "ravi")
    #expect(browse.standardOutput.contains("it is asha's: read-only for you"), "\(browse.standardError)")
    #expect(opened == .ok || browse.standardOutput.contains("order_1"))
    for line in ["save mine", "use cashfree\nfetch order_1", "drop triage --yes"] {
      let (status, refused) = await StoreFixtures.run("open triage\n" + line, store: path, author: "ravi")
      #expect(status != .ok, "\(line)")
      #expect(
        refused.standardError.contains("triage is asha's session, read-only for you"),
        "\(line): \(refused.standardError)")
      #expect(refused.standardError.contains("`open triage --copy`"))
    }
    #expect(try store.commands(session: session).isEmpty, "lines typed while reading it are not added to asha's log")
    #expect(try store.sessions().count == 1 && (try store.count(session: session)) == 1, "nothing of asha's changed")
    let (status, copied) = await StoreFixtures.run(
      "open triage --copy\nsave ravi-triage\nsessions", store: path, author: "ravi")
    #expect(status == .ok, "\(copied.standardError)")
    #expect(copied.standardOutput.contains("opened triage-ravi, 1 snapshot"))
    #expect(copied.standardOutput.contains("saved as ravi-triage"))
    let mine = try #require(try store.session(named: "ravi-triage"))
    let original = try store.uid(of: session)
    #expect(mine.author == "ravi" && mine.uid != original)
    #expect(try store.snapshot(session: mine.id, number: 1)?.author == "asha", "each snapshot keeps who fetched it")
  }

  @Test func aPayshThatDoesNotKnowWhoItIsWritesNoAuthorsSession() async throws {
    // The hostile review's find: with no author known, a colleague's session was writable.
    let (path, store, session) = try Self.ashasTriage()
    for line in ["open triage\nsave hijacked", "drop triage --yes", "open triage\nuse cashfree\nfetch order_1"] {
      let (status, refused) = await StoreFixtures.run(line, store: path, author: nil)
      #expect(status != .ok, "\(line)")
      #expect(refused.standardError.contains("triage is asha's session, read-only for you"), "\(line)")
    }
    #expect(try store.session(named: "triage") != nil && (try store.count(session: session)) == 1)
  }

  @Test func theAuthorIsTheLoginNameWhenUSERIsUnset() {
    #expect(StoreChoice.author(config: ["author": "asha"], environment: ["USER": "ravi"]) == "asha")
    #expect(StoreChoice.author(config: [:], environment: ["USER": "ravi"]) == "ravi")
    let login = StoreChoice.author(config: [:], environment: [:])
    #expect(login != nil && login?.isEmpty == false, "cron and containers run without USER")
  }
}
