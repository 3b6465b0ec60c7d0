import Testing

@testable import PayshCore

@Suite("Team store: a password never shows")
struct TeamMaskingTests {
  static let password = "Sw0rdf1sh-p4ss"

  /// Passwords written into URLs every way people write them, the hostile ones included.
  static let urlsWithPasswords = [
    "postgres://paysh:\(password)@127.0.0.1:54329/paysh",
    // A colon percent-encoded is a password all the same once decoded (the hostile review's find).
    "postgres://paysh%3A\(password)@127.0.0.1:54329/paysh",
    "postgresql://paysh:\(password)@db.example/paysh?sslmode=require",
    "postgres://paysh:\(password)@db.example:bad/paysh",
    "postgres://paysh:\(password)@/paysh",
    "postgres://paysh:\(password)@db/",
    "postgres://paysh:pa@\(password)@db/paysh",
    "postgres://paysh:pa/\(password)@db/paysh",
    "postgres://paysh:pa?\(password)@db/paysh",
    "postgres://paysh:\(password)x:@db:54x/paysh",
    "postgres://paysh@db/paysh?password=\(password)",
    "postgres://paysh@db/paysh?sslmode=require&PASSWORD=\(password)",
    "postgres://paysh@db/paysh?pass%77ord=\(password)",
    "postgres://:\(password)@db/paysh",
    "postgres://paysh:\(password)",
    "postgres://paysh:\(password)@db/paysh?sslmode=nope",
    "postgres://paysh:\(password)\u{1B}]0;title\u{07}@db/paysh",
  ]

  @Test(arguments: urlsWithPasswords)
  func aURLWithAPasswordIsRefusedWithoutIt(text: String) {
    do {
      _ = try StoreURL(parsing: text, origin: "--store")
      Issue.record("accepted \(text)")
    } catch {
      let line = "\(error)"
      #expect(!line.contains(Self.password))
      #expect(!line.contains("\n") && !line.unicodeScalars.contains(where: TerminalText.needsEscape))
    }
  }

  @Test func theRefusalSaysWherePasswordsGo() {
    #expect {
      try StoreURL(parsing: Self.urlsWithPasswords[0], origin: "PAYSH_STORE")
    } throws: { error in
      "\(error)"
        == "the store URL in PAYSH_STORE holds a password, which paysh never takes from a URL (it would stay in"
        + " shell history and config files): remove it, and put the password in PGPASSWORD, ~/.pgpass or the"
        + " variable password_env names"
    }
  }

  @Test func everyErrorShowsTheMaskedURL() {
    let url = PostgresStoreURL(user: "paysh", host: "127.0.0.1", port: 54329, database: "paysh")
    let errors: [TeamStoreError] = [
      .unreachable(url, reason: TeamStoreError.reason(errno: ECONNREFUSED, url: url)),
      .timedOut(url, after: .seconds(5)),
      .wrongPassword(url, source: "PGPASSWORD"), .passwordNeeded(url), .noDatabase(url), .noRole(url),
      .notAllowed(url, reason: "x"), .tlsUnsupported(url), .tlsUntrusted(url, reason: "x"),
      .tlsFailed(url, reason: "x"),
      .caFile(url, path: "/ca", reason: "x"), .serverTooOld(url, version: "12.1"), .serverBusy(url, reason: "x"),
      .connectionLost(url), .server(url, sqlState: "XX000", message: "x"), .closed(url), .wrongThread(url),
    ]
    for error in errors {
      let line = "\(error)"
      #expect(line.contains("postgres://paysh:•••@127.0.0.1:54329/paysh"), "\(line)")
      #expect(!line.contains("\n"))
    }
    #expect(
      "\(errors[0])"
        == "cannot reach the team store postgres://paysh:•••@127.0.0.1:54329/paysh: connection refused (is the server"
        + " running? scripts/team-db start)")
  }

  @Test func serverTextIsEscaped() {
    let url = PostgresStoreURL(user: "paysh", host: "db", database: "paysh")
    let error = TeamStoreError.server(state: "XX000", message: "boom\u{1B}[2J\nnext", url: url, passwordSource: nil)
    #expect(!"\(error)".unicodeScalars.contains(where: TerminalText.needsEscape))
  }

  @Test func aDatabaseNeverShowsItsPassword() throws {
    let url = PostgresStoreURL(user: "paysh", host: "127.0.0.1", port: 1, database: "paysh", sslMode: .disable)
    let database = try TeamDatabase(url: url, password: TeamSecret(Self.password), passwordSource: "PGPASSWORD")
    defer { database.closeSync() }
    var dumped = ""
    dump(database, to: &dumped)
    for text in ["\(database)", String(reflecting: database), dumped] {
      #expect(!text.contains(Self.password), "\(text)")
    }
  }
}

#if canImport(Glibc)
import Glibc
#endif
