import Foundation
import PayshCore
import PayshJSON
import Testing

/// The small defects of issue 13 that live in the engine, each against the simulator.
@Suite("Engine defects")
struct EngineDefectTests {
  func fault(_ harness: GatewayHarness, _ json: String) async throws {
    #expect(try await harness.admin("POST", "/_sim/faults", json) < 300)
  }

  /// A Cashfree order answer with exactly `body` as its body.
  func answer(_ harness: GatewayHarness, _ body: String) async throws {
    let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [body], options: []), as: UTF8.self)
    try await fault(
      harness,
      #"{"gateway":"cashfree","route":"order","kind":"body","times":1,"body":"# + quoted.dropFirst().dropLast() + "}")
  }

  @Test(arguments: [
    (
      #"{"order_id":"o","order_status":"ACTIVE","order_amount":-0.005}"#,
      "amount  ? (order_amount -0.005 has more decimals than INR has (2))"
    ),
    (
      #"{"order_id":"o","order_status":"ACTIVE","order_amount":1e400}"#,
      "amount  ? (order_amount 1e400 is too large for an amount)"
    ),
    (
      #"{"order_id":"o","order_status":"ACTIVE","order_amount":"10.5"}"#,
      "amount  ? (order_amount \"10.5\" is a string, not a number)"
    ),
    (
      #"{"order_id":"o","order_status":"ACTIVE","order_amount":true}"#,
      "amount  ? (order_amount is a boolean, not a number)"
    ),
  ])
  func anAmountThatIsNotExactKeepsItsLineWithTheReason(_ body: String, _ line: String) async throws {
    let harness = try await GatewayHarness()
    try await answer(harness, body)
    #expect(await harness.run("use cashfree; fetch o --summary") == .ok, "\(harness.output.standardError)")
    #expect(harness.output.standardOutput.contains(line + "\n"), "\(harness.output.standardOutput)")
    #expect(try harness.last?.order?.unreadableReason("amount") != nil, "the reason is kept with the order")
  }

  @Test func duplicateKeysReadAsTheLastAndAreFlagged() async throws {
    let harness = try await GatewayHarness()
    let body =
      #"{"order_id":"o","order_status":"ACTIVE","order_amount":10,"order_status":"PAID","customer_details":{"customer_id":"a","customer_id":"b"}}"#
    try await answer(harness, body)
    #expect(await harness.run("use cashfree; fetch o --summary") == .ok, "\(harness.output.standardError)")
    let out = harness.output.standardOutput
    #expect(out.contains("status  paid  (PAID)"), "the last order_status wins: \(out)")
    #expect(
      out.contains(
        #"note: duplicate key "order_status" at . and 1 more in the answer; paysh reads the last one, as jq does"#),
      "\(out)")
    harness.output.clear()
    #expect(await harness.run("expect .order_status == PAID; expect .customer_details.customer_id == b; show") == .ok)
    #expect(harness.output.standardError.contains("note: duplicate key"), "show flags it too")
    #expect(try harness.last?.bodyText == body, "the answer is stored as it came")
  }

  @Test func duplicateKeysDiffByTheirLastValue() throws {
    let a = try JSONParser.parse(#"{"s":"x","s":"y"}"#)
    let b = try JSONParser.parse(#"{"s":"y"}"#)
    #expect(JSONDiff().diff(a, b).isEmpty)
    #expect(a.duplicateKeys.map(\.description) == [#""s" at ."#])
  }

  @Test func aRetryAfterBeyondTheDeadlineIsSaid() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"rate_limit","retry_after":59,"times":1}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    let errors = harness.output.standardError
    #expect(
      errors.contains("the gateway asked to wait 59 s, more than is left of the fetch's 30 s deadline"), "\(errors)")
    #expect(
      errors.contains("fetch again in 59 s, or let a fetch wait longer: PAYSH_FETCH_DEADLINE=SECONDS"), "\(errors)")
  }

  @Test func theRawAnswerHintFitsTheMode() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"paytring","route":"fetch","kind":"status","status":503,"times":8}"#)
    #expect(await harness.run("use paytring; fetch 1111111111111111 --summary") == .runtime)
    var errors = harness.output.standardError
    #expect(!errors.contains("below") && !errors.contains("above"), "\(errors)")
    #expect(errors.contains("`show @1` prints the raw answer"), "\(errors)")
    harness.output.clear()
    #expect(await harness.run("fetch 1111111111111111") == .runtime)
    errors = harness.output.standardError
    #expect(errors.contains("the raw answer is printed above (`show @2` prints it again)"), "\(errors)")
  }

  @Test func aCashfreeErrorUnderSummaryIsNoOrder() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree; fetch no_such_order --summary") == .runtime)
    #expect(!harness.output.standardOutput.contains("order ?"), "\(harness.output.standardOutput)")
    #expect(!harness.output.standardOutput.contains("unknown"), "\(harness.output.standardOutput)")
    #expect(harness.output.standardError.contains("order no_such_order not found at Cashfree local (HTTP 404"))
  }

  @Test(arguments: [
    ("cashfree", "NOPE", "order NOPE not found at Cashfree local (HTTP 404: "),
    ("paytring", "4242", "order 4242 not found at Paytring local (HTTP 400: "),
    ("enkash", "NOPE", "order NOPE not found at EnKash local (HTTP 200: response_code 1, "),
  ])
  func notFoundReadsTheSameOnEveryGateway(_ gateway: String, _ id: String, _ message: String) async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use \(gateway); fetch \(id)") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("error: " + message), "\(errors)")
    #expect(errors.contains("hint: check the id"), "\(errors)")
  }

  @Test func enkashShowsNoPaidAmountWhenNothingWasPaid() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; fetch ORSIMPENDING1 --summary") == .ok, "\(harness.output.standardError)")
    #expect(!harness.output.standardOutput.contains("paid"), "\(harness.output.standardOutput)")
    harness.output.clear()
    #expect(await harness.run("fetch ORSIMREFUNDED1 --summary") == .ok)
    #expect(harness.output.standardOutput.contains("paid ₹"), "\(harness.output.standardOutput)")
  }

  @Test func setCapturesFromAnySnapshot() async throws {
    let harness = try await GatewayHarness()
    let script = """
      use cashfree
      fetch cf_sim_failed_then_paid payments
      set pays = @last
      fetch cf_sim_paid
      set pid = @1 .[1].cf_payment_id
      set st = @pays .[0].payment_status
      set oid = @prev .[0].payment_status
      set mine = @last .order_id
      echo $pid $st $mine
      """
    #expect(await harness.run(script) == .ok, "\(harness.output.standardError)")
    let body = try JSONParser.parse(try #require(try harness.snapshot(1)).body)
    let pid = try #require(body[1]?["cf_payment_id"]?.scalarText)
    #expect(harness.output.standardOutput.hasSuffix("\(pid) FAILED cf_sim_paid\n"), "\(harness.output.standardOutput)")
    #expect(await harness.run("set x = @9 .order_id") == .runtime)
    #expect(harness.output.standardError.contains("@9 does not exist"), "\(harness.output.standardError)")
    #expect(await harness.run("set x = @nobody .order_id") == .runtime)
    #expect(harness.output.standardError.contains("no snapshot named @nobody"))
    #expect(await harness.run("set x = @2 .no_such_key") == .runtime)
    #expect(harness.output.standardError.contains("not found"))
  }

  @Test func diffNamesTheRefsWhatWasIgnoredAndKindsThatDiffer() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid; fetch cf_sim_paid") == .ok)
    harness.output.clear()
    #expect(await harness.run("diff @1 @2 --ignore order_status --ignore cf_order_id") == .ok)
    let out = harness.output.standardOutput
    #expect(out.hasPrefix("no differences between @1 and @2"), "\(out)")
    harness.output.clear()
    #expect(await harness.run("fetch cf_sim_paid payments; diff @1 @3 --raw") == .ok)
    #expect(
      harness.output.standardOutput.contains("@1 is an order and @3 a payments list: different kinds of answer"),
      "\(harness.output.standardOutput)")
  }

  @Test func aWatchStoppedByCtrlCSaysWhatItDid() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree") == .ok)
    let shell = harness.shell
    let task = Task { await shell.run(SourceFile(name: "t", text: "watch cf_sim_paid --every 1m"), mode: .script) }
    while !harness.output.standardOutput.contains("watching") { try await Task.sleep(nanoseconds: 10_000_000) }
    task.cancel()
    #expect(await task.value == .runtime)
    #expect(
      harness.output.standardOutput.contains("watch interrupted after 1 fetch: 1 stored (@1)"),
      "\(harness.output.transcript)")
  }

  @Test func historyOfAnOrderCountsPaymentsWithTheLatestStatus() async throws {
    let harness = try await GatewayHarness()
    let folder = try GatewayHarness.folder("history-lists")
    harness.shell.services.snapshots = StoredSnapshotLog(path: folder.path + "/store.sqlite")
    #expect(await harness.run("use cashfree; fetch cf_sim_failed_then_paid payments") == .ok)
    harness.output.clear()
    #expect(await harness.run("history cf_sim_failed_then_paid; history") == .ok, "\(harness.output.standardError)")
    let out = harness.output.standardOutput
    #expect(out.contains("3 payments, latest SUCCESS"), "\(out)")
  }

  @Test func showSummaryIsTheSummaryOnly() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .ok)
    harness.output.clear()
    #expect(await harness.run("show @1 --summary") == .ok, "\(harness.output.standardError)")
    let out = harness.output.standardOutput
    #expect(out.hasPrefix("HTTP 200 · "), "\(out)")
    #expect(out.contains("paid  (PAID)"), "\(out)")
    #expect(!out.contains("{"), "no raw JSON: \(out)")
    #expect(await harness.run("show @1 .order_id --summary") == .syntax)
  }
}
