import PayshCore
import Testing

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// Tab from what paysh holds: order ids, `@N` with hints, `@name`, session names, profiles and JSON paths,
/// read from a real SQLite store.
@Suite("Completion from the store, the session and config.toml")
struct KnownWordsTests {
  /// A Cashfree (or other gateway's) order snapshot with `body`.
  static func snapshot(
    _ order: String, gateway: String = "cashfree", resource: String = "order", body: String? = nil
  )
    -> Snapshot
  {
    let text = body ?? "{\"order_id\":\"\(order)\",\"order_status\":\"PAID\"}"
    return Snapshot(
      number: 0, gateway: gateway, environment: "local", apiVersion: "2025-01-01", resource: resource,
      orderID: order, method: "GET", url: "http://127.0.0.1:1/pg/orders/\(order)", requestHeaders: [],
      requestBody: nil, status: resource == "order" ? 200 : 404, responseHeaders: [], body: Array(text.utf8),
      fetchedAt: "2026-01-02T03:04:05.678Z", latencyMicroseconds: 1, retries: [], order: nil)
  }

  /// A shell on a new store in `folder`: an older saved session `incident-1` with a_old and a paytring
  /// order, then the current session's three snapshots (order_b, order_a, order_b payments).
  static func shell(in folder: String, environment: [String: String] = [:]) throws -> Interpreter {
    let path = folder + "/paysh.sqlite"
    let store = try SessionStore(path: path)
    let older = try store.createSession()
    _ = try store.append(snapshot("a_old"), session: older, commands: [])
    _ = try store.append(snapshot("7716064288623830001", gateway: "paytring"), session: older, commands: [])
    try store.name(session: older, "incident-1")
    let shell = Interpreter(output: BufferedOutput(), environment: environment)
    let log = StoredSnapshotLog(path: path)
    shell.services.snapshots = log
    shell.context.gateway = "cashfree"
    for item in [
      snapshot("order_b", body: "{\"customer_details\":{\"customer_email\":\"a@b.c\",\"customer_id\":\"7\"},\"x\":1}"),
      snapshot("order_a"),
      snapshot("order_b", resource: "payments", body: "[{\"cf_payment_id\":\"12\"},{\"cf_payment_id\":\"13\"}]"),
    ] {
      _ = try log.append(item, line: nil)
    }
    shell.context.refs = ["first": .index(1)]
    return shell
  }

  func completer(_ shell: Interpreter) -> Completer {
    Completer(registry: shell.registry, context: shell.context, known: ShellKnownWords(shell))
  }

  @Test func fetchOffersThisSessionsOrdersFirstThenTheStoresForTheGatewayInUse() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    #expect(completer(shell).complete("fetch ").values == ["order_a", "order_b", "a_old"], "this session's first")
    #expect(completer(shell).complete("fetch a").replacement == "a_old ")
    #expect(completer(shell).complete("watch order_").values == ["order_a", "order_b"])
    #expect(completer(shell).complete("history ").values == ["order_a", "order_b", "a_old"])
    shell.context.gateway = "paytring"
    #expect(completer(shell).complete("fetch ").values == ["7716064288623830001"])
    shell.context.gateway = nil
    #expect(completer(shell).complete("fetch ").values.isEmpty)
  }

  @Test func refsCompleteWithWhatEachSnapshotIs() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    let completion = completer(shell).complete("show @")
    #expect(completion.values == ["@last", "@prev", "@first", "@1", "@2", "@3"])
    #expect(completion.candidates.map(\.display).contains("@3  order_b payments · HTTP 404"))
    #expect(completion.candidates.map(\.display).contains("@1  order_b · HTTP 200"))
    #expect(completer(shell).complete("diff @1 @3").replacement == "@3 ")
  }

  @Test func sessionNamesCompleteForOpenDropExportAndCrossSessionRefs() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    for line in ["open ", "drop inc", "export i"] {
      #expect(completer(shell).complete(line).values == ["incident-1"], "\(line)")
    }
    #expect(completer(shell).complete("open x").values.isEmpty)
    let session = completer(shell).complete("diff @inc")
    #expect(session.values == ["@incident-1:"])
    #expect(session.replacement == "@incident-1:", "no space: the snapshot comes next")
    #expect(completer(shell).complete("diff @incident-1:").values == ["@incident-1:last", "@incident-1:prev"])
  }

  @Test func jsonPathsCompleteFromTheSnapshotNamed() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    let member = completer(shell).complete("show @1 .cust")
    #expect(member.values == [".customer_details"])
    #expect(member.replacement == ".customer_details", "an object takes no space: its members come next")
    #expect(
      completer(shell).complete("show @1 .customer_details.").values == [
        ".customer_details.customer_email", ".customer_details.customer_id",
      ])
    #expect(completer(shell).complete("show @1 .x").replacement == ".x ")
    #expect(completer(shell).complete("show .").values == [".[0]", ".[1]"], "no ref: the newest snapshot")
    #expect(completer(shell).complete("set pid = @3 .[1].").values == [".[1].cf_payment_id"])
    #expect(completer(shell).complete("set pid = @first .customer_details.customer_e").values.count == 1)
    #expect(completer(shell).complete("expect @1 .x").values == [".x"])
    #expect(completer(shell).complete("fetch .").values.isEmpty, "an order id is not a path")
  }

  /// What Tab writes from the store (a shared file can hold any text) is one word of the command being
  /// typed, reading back as the value offered: a newline, `;`, `$` or escape in it never starts a second
  /// command, expands a variable or reaches the terminal.
  @Test func tabWritesHostileStoredWordsAsOneWordOfTheCommand() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    let hostile = [
      "n1\nuse cashfree production", "n2\r;quit", "n3\u{1B}]0;owned\u{07}", "n4 $HOME;quit", "n5\t'\"\\",
      "n6\u{202E}txt",
    ]
    for id in hostile { _ = try shell.services.snapshots.append(Self.snapshot(id), line: nil) }
    for id in hostile {
      let typed = String(id.prefix(2))
      for opening in ["", "\"", "'"] {
        let replacement = try #require(completer(shell).complete("fetch " + opening + typed).replacement, "\(id)")
        let script = Parser.parse(line: "fetch " + replacement)
        #expect(script.isValid, "\(replacement)")
        #expect(script.commands.count == 1, "\(replacement)")
        #expect(script.commands.first?.arguments.map(\.literal) == [id], "\(replacement)")
        #expect(!replacement.unicodeScalars.contains(where: TerminalText.needsEscape), "\(replacement)")
      }
    }
  }

  /// A named ref comes back with its session only when `set` could have given the name: Tab writes `@name`
  /// as it is.
  @Test func aSharedSessionsOddRefNamesAreNotTakenUp() async throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = try Self.shell(in: folder)
    let store = try SessionStore(path: folder + "/paysh.sqlite")
    let session = try #require(try store.session(named: "incident-1"))
    try store.tag("x;use cashfree production", number: 1, session: session.id)
    try store.tag("x\nquit", number: 1, session: session.id)
    try store.tag("good", number: 2, session: session.id)
    #expect(await shell.run(line: "open incident-1") == .ok)
    #expect(shell.context.refs.keys.sorted() == ["good"])
    #expect(completer(shell).complete("show @x").values.isEmpty)
    try store.name(session: session.id, "a;b")
    #expect(completer(shell).complete("diff @a\\;b:").values.isEmpty, "`@a;b:last` would be two commands")
  }

  @Test func profilesCompleteFromTheConfigFile() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    _ = mkdir(folder + "/paysh", 0o700)
    writeFile(
      folder + "/paysh/config.toml",
      "[profiles.cf-sandbox]\ngateway = \"cashfree\"\n\n[profiles.pt-prod]\ngateway = \"paytring\"\n")
    let shell = try Self.shell(in: folder, environment: ["XDG_CONFIG_HOME": folder])
    #expect(completer(shell).complete("auth --profile ").values == ["cf-sandbox", "pt-prod"])
    #expect(completer(shell).complete("auth --profile=pt").values == ["pt-prod"])
  }

  @Test func tabNeverCreatesAStore() {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    let shell = Interpreter(output: BufferedOutput())
    shell.services.snapshots = StoredSnapshotLog(path: folder + "/paysh.sqlite")
    shell.context.gateway = "cashfree"
    let completer = completer(shell)
    #expect(completer.complete("fetch ").values.isEmpty)
    #expect(completer.complete("open ").values.isEmpty)
    #expect(completer.complete("show @").values == ["@last", "@prev"])
    #expect(access(folder + "/paysh.sqlite", F_OK) != 0)
  }

  @Test func numberRangesHoldTheNumbersWithThoseLeadingDigits() {
    #expect(
      ShellKnownWords.numberRanges(startingWith: "12", upTo: 1500, limit: 200) == [12...12, 120...129, 1200...1299])
    #expect(ShellKnownWords.numberRanges(startingWith: "", upTo: 1500, limit: 200) == [1301...1500])
    #expect(ShellKnownWords.numberRanges(startingWith: "", upTo: 3, limit: 200) == [1...3])
    #expect(ShellKnownWords.numberRanges(startingWith: "4", upTo: 3, limit: 200).isEmpty)
    #expect(ShellKnownWords.numberRanges(startingWith: "0", upTo: 30, limit: 200).isEmpty)
    #expect(ShellKnownWords.numberRanges(startingWith: "2", upTo: 25, limit: 200) == [2...2, 20...25])
    #expect(ShellKnownWords.numberRanges(startingWith: "99999999999999999", upTo: Int.max, limit: 5).count >= 1)
  }
}
