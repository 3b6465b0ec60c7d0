import Testing

@testable import PayshCore

@Suite("Store URL: an SQLite path or a PostgreSQL URL")
struct StoreURLTests {
  @Test(arguments: [
    "/home/me/.local/share/paysh/paysh.sqlite", "paysh.sqlite", ":memory:", "./postgres", "postgres.sqlite",
    "C:store", "dir/postgres://x", "",
  ])
  func sqlitePaths(text: String) throws {
    #expect(try StoreURL(parsing: text, origin: "--store") == .sqlite(text))
  }

  struct Accepted: Sendable, CustomTestStringConvertible {
    var text: String
    var url: PostgresStoreURL
    var testDescription: String { text }
  }

  @Test(arguments: [
    Accepted(
      text: "postgres://paysh@127.0.0.1:54329/paysh?sslmode=disable",
      url: PostgresStoreURL(user: "paysh", host: "127.0.0.1", port: 54329, database: "paysh", sslMode: .disable)),
    Accepted(
      text: "postgresql://ops@db.team.example/paysh",
      url: PostgresStoreURL(user: "ops", host: "db.team.example", database: "paysh")),
    Accepted(
      text: "POSTGRES://ops@db:6432/team_store?sslmode=require&connect_timeout=12",
      url: PostgresStoreURL(
        user: "ops", host: "db", port: 6432, database: "team_store", sslMode: .require, connectTimeout: .seconds(12))),
    Accepted(
      text: "postgres://ops@[::1]:5433/paysh?sslmode=verify-full&sslrootcert=/etc/paysh/ca.pem",
      url: PostgresStoreURL(
        user: "ops", host: "::1", port: 5433, database: "paysh", sslMode: .verifyFull,
        sslRootCert: "/etc/paysh/ca.pem")),
    Accepted(
      text: "postgres://me%40corp@db/my%20store?sslrootcert=system",
      url: PostgresStoreURL(user: "me@corp", host: "db", database: "my store")),
    Accepted(
      text: "postgres://süpport@db/paysh",
      url: PostgresStoreURL(user: "süpport", host: "db", database: "paysh")),
  ])
  func postgresURLs(accepted: Accepted) throws {
    #expect(try StoreURL(parsing: accepted.text, origin: "--store") == .postgres(accepted.url))
  }

  @Test func defaults() throws {
    let url = try PostgresStoreURL(parsing: "postgres://ops@db/paysh", origin: "PAYSH_STORE")
    #expect(url.port == 5432)
    #expect(url.sslMode == .verifyFull, "the safe default: encrypted and checked")
    #expect(url.sslRootCert == nil)
    #expect(url.connectTimeout == nil)
  }

  struct Refused: Sendable, CustomTestStringConvertible {
    var text: String
    /// What the one line must say.
    var says: String
    var testDescription: String { text }
  }

  @Test(arguments: [
    Refused(text: "postgress://ops@db/paysh", says: "unknown scheme 'postgress' (did you mean postgres://?)"),
    Refused(text: "psql://ops@db/paysh", says: "did you mean postgres://?"),
    Refused(text: "mysql://ops@db/paysh", says: "has the unknown scheme 'mysql': a team store is postgres://"),
    Refused(text: "postgres:ops@db/paysh", says: "is not a PostgreSQL URL"),
    Refused(text: "postgres://ops@db:54x9/paysh", says: "has a bad port '54x9': a port is a number from 1 to 65535"),
    Refused(text: "postgres://ops@db:0/paysh", says: "bad port '0'"),
    Refused(text: "postgres://ops@db:65536/paysh", says: "bad port '65536'"),
    Refused(text: "postgres://ops@db:/paysh", says: "has an empty port"),
    Refused(text: "postgres://ops@db", says: "names no database"),
    Refused(text: "postgres://ops@db/", says: "names no database"),
    Refused(text: "postgres://ops@db:5432?sslmode=require", says: "names no database"),
    Refused(text: "postgres://db/paysh", says: "names no user"),
    Refused(text: "postgres://@db/paysh", says: "names no user"),
    Refused(text: "postgres://ops@/paysh", says: "names no host"),
    Refused(text: "postgres://ops@a,b/paysh", says: "names more than one host"),
    Refused(text: "postgres://ops@%2Ftmp/paysh", says: "names a socket folder as its host"),
    Refused(text: "postgres://ops@db x/paysh", says: "has a bad host name 'db x'"),
    Refused(text: "postgres://ops@[::1/paysh", says: "without its closing ]"),
    Refused(text: "postgres://ops@db/paysh?sslmode=prefer", says: "sslmode=prefer, which falls back to plain text"),
    Refused(text: "postgres://ops@db/paysh?sslmode=verify-ca", says: "does not check the server's name"),
    Refused(text: "postgres://ops@db/paysh?sslmode=requir", says: "unknown sslmode 'requir' (did you mean require?)"),
    Refused(text: "postgres://ops@db/paysh?sslmod=require", says: "unknown parameter 'sslmod' (did you mean sslmode?)"),
    Refused(
      text: "postgres://ops@db/paysh?application_name=x", says: "paysh takes sslmode, sslrootcert, connect_timeout"),
    Refused(text: "postgres://ops@db/paysh?sslmode=require&sslmode=disable", says: "gives sslmode twice"),
    Refused(text: "postgres://ops@db/paysh?sslmode=require&sslrootcert=/ca", says: "used only by sslmode=verify-full"),
    Refused(text: "postgres://ops@db/paysh?connect_timeout=0", says: "bad connect_timeout '0'"),
    Refused(text: "postgres://ops@db/paysh?connect_timeout=5s", says: "whole seconds from 1 to 600"),
    Refused(text: "postgres://ops@db/pay%zzsh", says: "bad %-escape in its database"),
    Refused(text: "postgres://ops@db/pay%ffsh", says: "database that is not UTF-8"),
    Refused(text: "postgres://ops@db/pay%1Bsh", says: "control character (U+001B) in its database"),
    Refused(text: "postgres://ops@db/pay\u{1B}[2Jsh", says: "holds a control character (U+001B) at character 22"),
    Refused(text: "postgres://ops\u{202E}@db/paysh", says: "control character (U+202E)"),
    Refused(text: "postgres://me@corp@db/paysh", says: "has more than one @"),
  ])
  func refusals(refused: Refused) {
    #expect {
      try StoreURL(parsing: refused.text, origin: "PAYSH_STORE")
    } throws: { error in
      let line = "\(error)"
      return line.hasPrefix("the store URL in PAYSH_STORE ") && line.contains(refused.says) && !line.contains("\n")
        && !line.unicodeScalars.contains(where: TerminalText.needsEscape)
    }
  }

  @Test func theOriginIsNamed() {
    #expect {
      try StoreURL(parsing: "postgres://ops@db:x/paysh", origin: "config.toml line 3")
    } throws: { "\($0)".hasPrefix("the store URL in config.toml line 3 has a bad port") }
  }

  @Test func maskedForm() throws {
    let url = try PostgresStoreURL(
      parsing: "postgres://paysh@127.0.0.1:54329/paysh?sslmode=disable", origin: "--store")
    #expect(url.masked == "postgres://paysh:•••@127.0.0.1:54329/paysh")
    #expect(url.description == url.masked)
    #expect(StoreURL.postgres(url).description == url.masked)
    let odd = PostgresStoreURL(user: "me@corp", host: "::1", database: "a/b c")
    #expect(odd.masked == "postgres://me%40corp:•••@[::1]:5432/a%2Fb%20c")
  }

  @Test func textRoundTrips() throws {
    let url = PostgresStoreURL(
      user: "me@corp", host: "db.example", port: 6000, database: "team store", sslMode: .verifyFull,
      sslRootCert: "/etc/ca file.pem", connectTimeout: .seconds(9))
    #expect(try PostgresStoreURL(parsing: url.text, origin: "test") == url)
    #expect(!url.text.contains(":•••"))
  }

  @Test func versionNames() throws {
    #expect(TeamServerVersion.name(150018) == "15.18")
    #expect(TeamServerVersion.name(130000) == "13.0")
    #expect(TeamServerVersion.name(90624) == "9.6.24")
    let url = PostgresStoreURL(user: "u", host: "h", database: "d")
    try TeamServerVersion.check("130000", url: url)
    try TeamServerVersion.check("170002", url: url)
    #expect(throws: TeamStoreError.serverTooOld(url, version: "12.17")) {
      try TeamServerVersion.check("120017", url: url)
    }
    #expect(
      "\(TeamStoreError.serverTooOld(url, version: "12.17"))".hasSuffix(
        "runs PostgreSQL 12.17; paysh needs 13 or newer"))
  }
}
