import Foundation
import Testing

/// The team store as a user meets it: `paysh --store postgres://…` (or `PAYSH_STORE`) runs every command on
/// the test server (scripts/test starts it), two authors see each other's work, and a wrong password, a typo
/// or an unreachable server is one line with the password masked, while commands that need no store work.
@Suite("paysh on the team store (PostgreSQL)", .enabled(if: TeamServerURL.url != nil))
struct TeamCommandLineTests {
  static var url: String? { TeamServerURL.url }
  static var password: String { ProcessInfo.processInfo.environment["PAYSH_TEST_PG_PASSWORD"] ?? "" }

  /// Runs `paysh ARGUMENTS` as `user` with `extra` in its environment.
  static func paysh(_ arguments: [String], user: String, extra: [String: String] = [:]) throws -> CommandLineTests.Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = arguments
    process.currentDirectoryURL = HistoryTests.root
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1", "USER": user,
      "PGPASSWORD": password,
    ].merging(extra) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandLineTests.Run(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  @Test func twoAuthorsShareOneStore() throws {
    let url = try #require(Self.url)
    let tag = UUID().uuidString.prefix(8).lowercased()
    let (asha, ravi) = ("asha-\(tag)", "ravi-\(tag)")
    let first = try Self.paysh(
      ["--store", url, "-c", "use cashfree\nfetch cf_sim_paid --summary\nsave triage-\(tag)\nsessions --mine"],
      user: asha)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("saved as triage-\(tag): 1 snapshot"))
    #expect(first.stdout.contains("triage-\(tag)") && first.stdout.contains(asha))
    // Another author, through PAYSH_STORE: the session is there, by its author, in the order's history.
    let second = try Self.paysh(
      ["-c", "sessions --author \(asha)\nhistory cf_sim_paid\ncheck"], user: ravi, extra: ["PAYSH_STORE": url])
    #expect(second.stdout.contains("triage-\(tag)"), "\(second.stderr)")
    #expect(second.stdout.contains("cf_sim_paid"))
    for run in [first, second] {
      #expect(!run.stdout.contains(Self.password) && !run.stderr.contains(Self.password))
    }
  }

  /// The rows of `store` (an SQLite file) as the sqlite3 program prints them: every column of every snapshot.
  static func rows(_ store: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [
      store,
      "SELECT number, gateway, resource, order_id, url, request_headers, hex(body), response_headers, fetched_at,"
        + " status, retries, normalized, author FROM snapshots ORDER BY number",
    ]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test func pushThenPullGivesTheSameSessionByteForByte() throws {
    let url = try #require(Self.url)
    let tag = UUID().uuidString.prefix(8).lowercased()
    let folder = NSTemporaryDirectory() + "paysh-push-" + tag
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let name = "push-\(tag)"
    let pushed = try Self.paysh(
      [
        "--store", "\(folder)/asha.sqlite", "-c",
        "use cashfree\ncase cf_sim_over_refund\nsave \(name)\npush \(name)\npush \(name)",
      ], user: "asha-\(tag)", extra: ["PAYSH_TEAM_STORE": url])
    #expect(pushed.status == 0, "\(pushed.stderr)")
    #expect(pushed.stdout.contains("pushed \(name) to the team store postgres://paysh:•••@"))
    #expect(pushed.stdout.contains("\(name) is in the team store already: nothing copied"), "by uid: once")
    let pulled = try Self.paysh(
      [
        "--store", "\(folder)/ravi.sqlite", "-c",
        "pull \(name) --team \(url)\npull \(name) --team \(url)\nopen \(name)\ncheck",
      ],
      user: "ravi-\(tag)")
    #expect(pulled.status == 0, "\(pulled.stderr)")
    #expect(pulled.stdout.contains("pulled \(name) from the team store"))
    #expect(pulled.stdout.contains("\(name) is here already: nothing copied"))
    #expect(pulled.stdout.contains("read-only for you"))
    #expect(pulled.stdout.contains("over_refund"), "the pulled session is judged as it was")
    let before = try Self.rows("\(folder)/asha.sqlite")
    #expect(before.split(separator: "\n").count == 4)
    #expect(try Self.rows("\(folder)/ravi.sqlite") == before)
  }

  /// What `psql` prints for `sql` on the test server (`-At`: rows as text, no headers).
  static func psql(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    process.arguments = ["-X", "-At", "-v", "ON_ERROR_STOP=1", try #require(url), "-c", sql]
    process.environment = ["PATH": "/usr/bin:/bin", "PGPASSWORD": password]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "psql: \(sql)")
    return String(decoding: data, as: UTF8.self)
  }

  @Test func noSecretInAnyTableOfTheTeamStore() throws {
    let url = try #require(Self.url)
    let tag = UUID().uuidString.prefix(8).lowercased()
    let lines = [
      "use cashfree", "fetch cf_sim_paid", "case cf_sim_double_charge", "use paytring", "fetch 1111111111111111",
      "use enkash", "auth", "fetch 12345", "show .paylod.voucherDetailsList", "curl", "save secrets-\(tag)",
    ]
    let run = try Self.paysh(["--store", url, "-c", lines.joined(separator: "\n")], user: "asha-\(tag)")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("voucher") || run.stdout.contains("cardNumber"), "the voucher order was shown")
    // Every table is scanned: a new one must be added here, or this fails.
    let tables = try Self.psql(
      "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
        + " WHERE table_schema = 'public'")
    #expect(tables == "commands,schema_migrations,session_orders,sessions,snapshots,tags\n")
    let dump = try [
      "SELECT t::text FROM sessions t", "SELECT t::text FROM commands t", "SELECT t::text FROM tags t",
      "SELECT t::text FROM session_orders t", "SELECT t::text FROM schema_migrations t",
      """
      SELECT concat_ws(' ', number, gateway, environment, api_version, resource, order_id, method, url,
        request_headers, request_body, status, response_headers, encode(body, 'escape'), fetched_at, retries,
        order_status, raw_status, currency, amount_minor, paid_minor, updated_at, normalized, author,
        encode(reading, 'escape')) FROM snapshots
      """,
    ].map(Self.psql).joined(separator: "\n")
    #expect(dump.contains("cf_sim_double_charge") && dump.contains("voucher"), "the dump holds the answers")
    #expect(dump.contains("x-client-secret") && dump.contains("[redacted]"), "and the headers, redacted")
    let secrets = [
      "TEST_SIM_CF_CLIENT_SECRET", "test_sim_secret", "sim-enkash-client-secret", "sim-enkash-password",
      "1234567890123456", "6543210987654321", "\"1234\"", "\"5678\"", Self.password,
      Data("test_sim_key:test_sim_secret".utf8).base64EncodedString(),
      Data("SIMENKASH01:sim-enkash-client-secret".utf8).base64EncodedString(),
    ]
    for secret in secrets {
      #expect(!dump.contains(secret), "\(secret) found in the team store")
      #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret), "\(secret) shown")
    }
  }

  /// Starts `paysh ARGUMENTS` as `user`, its output to `out` (a file); the caller waits or kills it.
  static func start(_ arguments: [String], user: String, out: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: HistoryTests.binary)
    process.arguments = arguments
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1", "USER": user, "PGPASSWORD": password,
    ]
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: out)
    process.standardError = FileHandle(forWritingAtPath: out + ".err")
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// The request ids a fetch's summary line showed (`x-request-id paysh-… · @N`).
  static func shownRequestIDs(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      guard let range = line.range(of: "x-request-id ") else { return nil }
      let id = line[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
      return id.isEmpty ? nil : String(id)
    }
  }

  @Test func eightWritersIntoOneSessionLoseAndRepeatNothing() throws {
    let url = try #require(Self.url)
    let tag = UUID().uuidString.prefix(8).lowercased()
    let user = "team-\(tag)"
    let name = "shared-\(tag)"
    let made = try Self.paysh(
      ["--store", url, "-c", "use cashfree\nfetch cf_sim_paid --summary\nsave \(name)"], user: user)
    #expect(made.status == 0, "\(made.stderr)")
    let folder = NSTemporaryDirectory() + "paysh-writers-" + tag
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let script = "open \(name)\nuse cashfree\n" + String(repeating: "fetch cf_sim_paid --summary\n", count: 250)
    let writers = try (0..<8).map {
      try Self.start(["--store", url, "-c", script], user: user, out: "\(folder)/w\($0)")
    }
    // A ninth, killed with SIGKILL while it writes: nothing it showed may be missing.
    let victim = try Self.start(["--store", url, "-c", script], user: user, out: "\(folder)/victim")
    // Killed once it has shown some fetches (and before it could finish: it has 250 to make).
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline, victim.isRunning,
      Self.shownRequestIDs((try? String(contentsOfFile: "\(folder)/victim", encoding: .utf8)) ?? "").count < 5
    {
      usleep(20_000)
    }
    kill(victim.processIdentifier, SIGKILL)
    victim.waitUntilExit()
    for writer in writers { writer.waitUntilExit() }
    #expect(writers.allSatisfy { $0.terminationStatus == 0 })
    for index in 0..<8 {
      let shown = Self.shownRequestIDs((try? String(contentsOfFile: "\(folder)/w\(index)", encoding: .utf8)) ?? "")
      #expect(shown.count == 250, "writer \(index) showed \(shown.count) fetches")
    }
    let shownByVictim = Self.shownRequestIDs((try? String(contentsOfFile: "\(folder)/victim", encoding: .utf8)) ?? "")
    #expect(victim.terminationReason == .uncaughtSignal && shownByVictim.count >= 5 && shownByVictim.count < 250)
    let session = "(SELECT id FROM sessions WHERE name = '\(name)')"
    let numbers = try Self.psql(
      "SELECT count(*), min(number), max(number), count(DISTINCT number) FROM snapshots WHERE session_id = \(session)")
    let total = 1 + 8 * 250 + shownByVictim.count
    // The victim may have committed one more than it showed (killed between commit and print): never fewer.
    let counts = numbers.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
    #expect(counts.count == 4)
    if counts.count == 4 {
      #expect(counts[0] == total || counts[0] == total + 1, "\(numbers)")
      #expect(counts[1] == 1 && counts[2] == counts[0] && counts[3] == counts[0], "dense and unique: \(numbers)")
    }
    let stored = Set(
      try Self.psql("SELECT request_headers FROM snapshots WHERE session_id = \(session)").split(separator: "\n")
        .flatMap { line in
          Self.shownRequestIDs(line.replacingOccurrences(of: "\"x-request-id\",\"", with: "x-request-id "))
        })
    #expect(shownByVictim.allSatisfy { stored.contains($0) }, "what the killed writer showed is stored")
    let kept = try Self.psql(
      "SELECT snapshot_count - \(counts.first ?? -1), order_count FROM sessions WHERE name = '\(name)'")
    #expect(kept == "0|1\n", "the session's counts: every snapshot, and its one order counted once")
  }

  @Test func aScriptRunOnTheTeamStoreWritesThere() throws {
    let url = try #require(Self.url)
    let tag = UUID().uuidString.prefix(8).lowercased()
    let script = NSTemporaryDirectory() + "paysh-team-run-\(tag).ops"
    try "use cashfree\ncase cf_sim_double_charge\nexpect check contains double_charge\nsave run-\(tag)\n".write(
      toFile: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: script) }
    let run = try Self.paysh(["--store", url, "run", script], user: "asha-\(tag)")
    #expect(run.status == 0, "\(run.stderr)")
    let listed = try Self.paysh(["--store", url, "-c", "sessions --author asha-\(tag)"], user: "kim")
    #expect(listed.stdout.contains("run-\(tag)"), "the script's session is in the team store: \(listed.stdout)")
  }

  @Test func refusalsAreOneLineWithThePasswordMasked() throws {
    let url = try #require(Self.url)
    let wrong = try Self.paysh(["--store", url, "-c", "sessions"], user: "kim", extra: ["PGPASSWORD": "not-it"])
    #expect(wrong.status == 3)
    #expect(wrong.stderr.contains("refused the password of paysh (from PGPASSWORD)"))
    #expect(wrong.stderr.contains("postgres://paysh:•••@") && !wrong.stderr.contains("not-it"))
    let typo = try Self.paysh(["--store", "postgress://paysh@127.0.0.1/paysh", "-c", "help"], user: "kim")
    #expect(typo.status == 1)
    #expect(typo.stderr.contains("did you mean postgres://?") && typo.stderr.split(separator: "\n").count == 1)
    let inURL = try Self.paysh(["--store", "postgres://paysh:hunter2@127.0.0.1/paysh", "-c", "help"], user: "kim")
    #expect(inURL.status == 1 && !inURL.stderr.contains("hunter2"))
    // No server on port 1: the command that needs the store says so; one that does not, works.
    let down = "postgres://paysh@127.0.0.1:1/paysh?sslmode=disable"
    let needs = try Self.paysh(["--store", down, "-c", "sessions"], user: "kim")
    #expect(needs.status == 3 && needs.stderr.contains("cannot reach the team store postgres://paysh:•••@127.0.0.1:1"))
    let help = try Self.paysh(["--store", down, "-c", "help"], user: "kim")
    #expect(help.status == 0 && help.stdout.contains("paysh commands"))
  }
}

/// The test server's URL (scripts/test sets it; the suite runs only then).
enum TeamServerURL {
  static var url: String? { ProcessInfo.processInfo.environment["PAYSH_TEST_PG_URL"].flatMap { $0.isEmpty ? nil : $0 } }
}
