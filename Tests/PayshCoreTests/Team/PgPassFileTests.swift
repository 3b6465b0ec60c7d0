import Testing

@testable import PayshCore

#if canImport(Glibc)
import Glibc
#endif

@Suite("Team store password: password_env, PGPASSWORD, ~/.pgpass")
struct PgPassFileTests {
  let url = PostgresStoreURL(user: "paysh", host: "127.0.0.1", port: 54329, database: "paysh")

  @Test func firstMatchingLineWins() {
    let file = PgPassFile(
      text: """
        # team store
        db.example:5432:paysh:paysh:elsewhere
        127.0.0.1:54329:other:paysh:other-database
        127.0.0.1:54329:paysh:paysh:first
        127.0.0.1:54329:paysh:paysh:second
        """)
    let found = file.password(host: "127.0.0.1", port: 54329, database: "paysh", user: "paysh")
    #expect(found?.0.reveal() == "first")
    #expect(found?.line == 4)
  }

  @Test func wildcardsMatchAnything() {
    let file = PgPassFile(text: "*:*:*:paysh:any\n*:*:*:*:fallback\n")
    #expect(file.password(host: "h", port: 1, database: "d", user: "paysh")?.0.reveal() == "any")
    #expect(file.password(host: "h", port: 1, database: "d", user: "ops")?.0.reveal() == "fallback")
    #expect(PgPassFile(text: "x*:*:*:*:no").password(host: "xy", port: 1, database: "d", user: "u") == nil)
  }

  @Test func escapesInFieldsAndPassword() {
    let file = PgPassFile(text: #"fe80\:\:1:5432:my\\db:paysh:pa\:ss\\word\:x:ignored"#)
    let found = file.password(host: "fe80::1", port: 5432, database: #"my\db"#, user: "paysh")
    #expect(found?.0.reveal() == #"pa:ss\word:x"#)
  }

  @Test func commentsBlankLinesAndCRLF() {
    let file = PgPassFile(text: "# 127.0.0.1:54329:paysh:paysh:commented\r\n\r\n127.0.0.1:54329:paysh:paysh:crlf\r\n")
    let found = file.password(host: "127.0.0.1", port: 54329, database: "paysh", user: "paysh")
    #expect(found?.0.reveal() == "crlf")
    #expect(found?.line == 3)
  }

  @Test func shortLinesAndMismatchesAreSkipped() {
    let file = PgPassFile(text: "127.0.0.1:54329:paysh\n127.0.0.1:5432:paysh:paysh:wrong-port\n")
    #expect(file.password(host: "127.0.0.1", port: 54329, database: "paysh", user: "paysh") == nil)
  }

  @Test func precedence() throws {
    let folder = try TeamScratch.folder()
    defer { TeamScratch.remove(folder) }
    let pgpass = folder + "/pgpass"
    try TeamScratch.save("127.0.0.1:54329:paysh:paysh:from-file\n", to: pgpass, mode: 0o600)
    let everything = ["MY_PG": "from-setting", "PGPASSWORD": "from-pgpassword", "PGPASSFILE": pgpass]

    let setting = TeamPassword.resolve(for: url, passwordEnv: "MY_PG", environment: everything)
    #expect(setting.secret?.reveal() == "from-setting")
    #expect(setting.source == "MY_PG (password_env)")

    var environment = everything
    environment["MY_PG"] = nil
    let fallback = TeamPassword.resolve(for: url, passwordEnv: "MY_PG", environment: environment)
    #expect(fallback.secret?.reveal() == "from-pgpassword")
    #expect(
      fallback.warnings == ["the variable password_env names MY_PG is not set: trying PGPASSWORD and the password file"]
    )

    environment["PGPASSWORD"] = ""
    let file = TeamPassword.resolve(for: url, environment: environment)
    #expect(file.secret?.reveal() == "from-file")
    #expect(file.source == "\(pgpass) line 1")

    let home = TeamPassword.resolve(for: url, environment: ["HOME": folder + "/nowhere"])
    #expect(home.secret == nil && home.source == nil && home.warnings.isEmpty, "no password is fine")
  }

  @Test func homePgpassIsTheDefaultFile() throws {
    let folder = try TeamScratch.folder()
    defer { TeamScratch.remove(folder) }
    try TeamScratch.save("*:*:*:*:home-file\n", to: folder + "/.pgpass", mode: 0o600)
    #expect(TeamPassword.resolve(for: url, environment: ["HOME": folder]).secret?.reveal() == "home-file")
  }

  @Test func aFileOthersCanReadIsIgnored() throws {
    let folder = try TeamScratch.folder()
    defer { TeamScratch.remove(folder) }
    let pgpass = folder + "/pgpass"
    try TeamScratch.save("*:*:*:*:exposed\n", to: pgpass, mode: 0o640)
    let resolved = TeamPassword.resolve(for: url, environment: ["PGPASSFILE": pgpass])
    #expect(resolved.secret == nil)
    #expect(
      resolved.warnings == [
        "password file \(pgpass) may be read by others, so it is ignored (as libpq does): chmod 600 \(pgpass)"
      ])

    let folderAsFile = TeamPassword.resolve(for: url, environment: ["PGPASSFILE": folder])
    #expect(folderAsFile.secret == nil)
    #expect(folderAsFile.warnings.first?.contains("is a folder, not a plain file") == true)
  }

  @Test func aPastedPasswordIsNeverEchoed() {
    for pasted in ["hunter2", "s3cr3t!pw", "Tr0ub4dor&3"] {
      let resolved = TeamPassword.resolve(for: url, passwordEnv: pasted, environment: [:])
      #expect(resolved.secret == nil)
      #expect(resolved.warnings.count == 1)
      #expect(!resolved.warnings.joined().contains(pasted))
    }
  }

  @Test func aSecretNeverPrints() {
    let secret = TeamSecret("hunter2")
    let resolved = TeamPassword.Resolved(secret: secret, source: "PGPASSWORD")
    let file = PgPassFile(text: "*:*:*:*:hunter2")
    for text in [
      "\(secret)", String(reflecting: secret), "\(resolved)", String(reflecting: resolved), "\(file)",
      String(reflecting: file), "\([secret])", "\(Optional(secret) as Any)",
    ] {
      #expect(!text.contains("hunter2"), "\(text)")
    }
    var dumped = ""
    dump(resolved, to: &dumped)
    dump(file, to: &dumped)
    #expect(!dumped.contains("hunter2"))
  }
}

/// Scratch files for the team store's tests.
enum TeamScratch {
  static func folder() throws -> String {
    var template = Array("/tmp/paysh-team-test.XXXXXX".utf8CString)
    guard mkdtemp(&template) != nil else { throw ScratchError() }
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  static func save(_ text: String, to path: String, mode: mode_t) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard descriptor >= 0 else { throw ScratchError() }
    defer { close(descriptor) }
    _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(descriptor, $0.baseAddress, $0.count - 1) }
    fchmod(descriptor, mode)
  }

  /// Removes the folder and the files in it (no deeper folders are made).
  static func remove(_ folder: String) {
    if let entries = opendir(folder) {
      while let entry = readdir(entries) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != ".", name != ".." { unlink(folder + "/" + name) }
      }
      closedir(entries)
    }
    rmdir(folder)
  }

  struct ScratchError: Error {}
}
