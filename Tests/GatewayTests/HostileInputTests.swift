import Foundation
import PayshCore
import Testing

/// Answers, files and lines crafted to attack the terminal or to leak secrets: nothing from outside reaches
/// the terminal as a control sequence, and no secret in use is shown or stored.
@Suite("Hostile input")
struct HostileInputTests {
  static let name = "\u{1B}[31mRED\u{1B}[0m\r\nfake line"
  static let status = "\u{1B}[2J\u{1B}]0;pwned\u{07}PAID"
  static let hostileOrder = """
    {"order_id":"t-hostile","order_amount":10,"order_currency":"INR\\u001b[5m","order_status":"\\u001b[2J\\u001b]0;pwned\\u0007PAID",
     "customer_details":{"customer_id":"c\\u009b1","customer_name":"\\u001b[31mRED\\u001b[0m\\r\\nfake line",
     "customer_email":"a\\u202e@x.com","customer_phone":"9000000001"}}
    """

  /// Whether `text` holds anything a terminal acts on (paysh writes no colour here: the style is plain).
  static func actsOnTerminal(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && TerminalText.needsEscape($0) }
  }

  @Test func controlCharactersInEveryShownFieldReachNoTerminal() async throws {
    let harness = try await GatewayHarness()
    let folder = try GatewayHarness.folder("hostile")
    harness.shell.services.snapshots = StoredSnapshotLog(path: folder.path + "/store.sqlite")
    #expect(try await harness.admin("POST", "/_sim/orders/cashfree", Self.hostileOrder) == 201)
    let script = """
      use cashfree; fetch t-hostile; fetch t-hostile --summary; show --headers; show --mapping; history; history t-hostile
      save ticket-1; sessions; diff; expect status == open; expect customer_name == x; expect .order_status == 1
      """
    await harness.run(script)
    let transcript = harness.output.transcript
    #expect(!Self.actsOnTerminal(transcript), "\(transcript.debugDescription)")
    #expect(!transcript.contains("\nfake line"), "a customer name starts no line of its own")
    #expect(transcript.contains("\\u{1B}[31mRED\\u{1B}[0m\\r\\nfake line"), "the name is shown, escaped")
    #expect(transcript.contains("\\u{1B}]0;pwned\\u{7}PAID"))
    // The answer is stored as it came: escaping is for the terminal only.
    #expect(try harness.last?.order?.customer.name == Self.name)
  }

  @Test func aSessionNameInACraftedFileFollowsTheRulesOfSave() async throws {
    let folder = try GatewayHarness.folder("crafted")
    let source = try SessionStore(path: folder.path + "/source.sqlite")
    let session = try source.createSession()
    try source.name(session: session, "\u{1B}]52;c;cHduZWQ=\u{07}ticket\r\n")
    let file = folder.path + "/crafted.paysh"
    try source.export(session: session, to: file)
    let harness = try await GatewayHarness()
    harness.shell.services.snapshots = StoredSnapshotLog(path: folder.path + "/store.sqlite")
    #expect(await harness.run("import \(file); sessions") == .ok, "\(harness.output.standardError)")
    let out = harness.output.transcript
    #expect(!Self.actsOnTerminal(out), "\(out.debugDescription)")
    #expect(out.contains("imported __52_c_cHduZWQ__ticket__ ("), "\(out)")
    #expect(out.contains("is not a valid session name"))
  }

  @Test func aSecretPastedWhereAnIdGoesIsNeitherShownNorStoredNorLogged() async throws {
    let secret = "TEST_SIM_CF_CLIENT_SECRET"
    let other = "Pa ss#w/rd\"1\\q"  // an EnKash password in the environment, with characters a URL encodes
    let folder = try GatewayHarness.folder("pasted")
    let path = folder.path + "/store.sqlite"
    let harness = try await GatewayHarness(environment: ["ENKASH_PASSWORD": other])
    harness.shell.services.snapshots = StoredSnapshotLog(path: path)
    let lines = [
      "use cashfree", "auth", "fetch \(secret) --allow-error", "fetch cf_sim_paid payment \(secret)",
      "fetch 'Pa ss#w/rd\"1\\q' --allow-error", "set x = \(secret)", "echo $x", "vars", "history",
      "echo 'Pa ss#w/rd\"1\\q'", "fetch cf_sim_paid --summary", "save pasted",
      "export pasted \(folder.path)/out.paysh", "export pasted --ops \(folder.path)/out.ops",
    ]
    for line in lines { await harness.run(line: line) }
    #expect(harness.output.standardError.components(separatedBy: "it holds a secret paysh holds").count == 4)
    #expect(harness.requestCount("/pg/orders/") == 1, "only the real order was asked for")
    #expect(try harness.last?.url.contains("Pa%20ss") == false)
    let transcript = harness.output.transcript
    #expect(!transcript.contains(secret), "\(transcript)")
    #expect(!transcript.contains(other), "another gateway's secret held in the environment is masked too")
    #expect(transcript.contains(Redactor.mark))
    // Every stored column, the command log, and both exports.
    for file in [path, folder.path + "/out.paysh", folder.path + "/out.ops"] {
      let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
      #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
      #expect(bytes.range(of: Data(other.utf8)) == nil, "\(file) holds the other secret")
    }
    let ops = try String(contentsOfFile: folder.path + "/out.ops", encoding: .utf8)
    #expect(ops.contains("fetch cf_sim_paid"), "\(ops)")
  }

  @Test func aCardNumberInAnAnswerIsMaskedWhereverItIs() async throws {
    let harness = try await GatewayHarness()
    let order = """
      {"order_id":"t-card","order_amount":10,"order_currency":"INR","order_note":"paid with 4111111111111111",
       "order_tags":{"card":"x","n":"5555 5555 5555 4444"},"customer_details":{"customer_id":"c1","customer_phone":"9000000001"}}
      """
    #expect(try await harness.admin("POST", "/_sim/orders/cashfree", order) == 201)
    #expect(await harness.run("use cashfree; fetch t-card; show --raw-text") == .ok, "\(harness.output.standardError)")
    let stored = try #require(try harness.last).bodyText
    for text in [harness.output.transcript, stored] {
      #expect(!text.contains("4111111111111111") && !text.contains("5555 5555 5555 4444"))
      #expect(text.contains("paid with ••••••••••••1111"))
    }
  }
}
