import PayshJSON
import Testing

@testable import PayshCore

@Suite("Cashfree through paysh")
struct CashfreeGatewayTests {
  static let seedOrder = "order_3242Tq4Edj9CC5RDcMeobmJOWOBJij"

  @Test func seedOrderIsFetchedAndNormalized() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree; auth; fetch \(Self.seedOrder)") == .ok)
    let snapshot = try #require(try harness.last)
    #expect(snapshot.status == 200)
    #expect(snapshot.number == 1)
    let order = try #require(snapshot.order)
    #expect(order.status == .open)
    #expect(order.rawStatus == "ACTIVE")
    #expect(order.amount == Money(minorUnits: 2200, currency: "INR"))
    #expect(order.amount?.description == "₹22.00")
    #expect(order.merchantOrderID == Self.seedOrder)
    #expect(order.gatewayOrderID == "2149460581")
    #expect(order.createdAt?.iso8601 == "2023-08-11T18:02:46+05:30")
    #expect(order.customer.email == "pmlpayme@ntsas.com")
    let out = harness.output.standardOutput
    #expect(out.contains("status    open  (ACTIVE)"))
    #expect(out.contains("\"order_note\": \"some order note LIST\""), "the raw JSON follows the summary")
  }

  @Test func sameOrderUnderTwoVersionsDiffersInIdTypesAndUrlObjects() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run(
        "use cashfree --version 2022-09-01; fetch cf_sim_paid; use cashfree --version 2025-01-01; fetch cf_sim_paid")
        == .ok)
    let old = try JSONParser.parse(try #require(try harness.snapshot(1)).body)
    let new = try JSONParser.parse(try #require(try harness.snapshot(2)).body)
    #expect(old["cf_order_id"]?.typeName == "number")
    #expect(new["cf_order_id"]?.typeName == "string")
    #expect(old["payments"]?["url"] != nil)
    #expect(new["payments"] == nil)
    #expect(try harness.snapshot(1)?.apiVersion == "2022-09-01")
    let firstID = try harness.snapshot(1)?.order?.gatewayOrderID
    let secondID = try harness.snapshot(2)?.order?.gatewayOrderID
    #expect(firstID != nil && firstID == secondID)
    #expect(try harness.snapshot(2)?.order?.status == .paid)
  }

  @Test func paymentsRefundsAndSettlements() async throws {
    let harness = try await GatewayHarness()
    let script = """
      use cashfree
      fetch cf_sim_partly_refunded payments
      fetch cf_sim_partly_refunded refunds
      fetch cf_sim_partly_refunded refund refund_part_2
      fetch cf_sim_paid payment 6000000201
      fetch cf_sim_paid settlements
      """
    #expect(await harness.run(script) == .ok, "\(harness.output.standardError)")
    #expect(harness.output.standardOutput.contains("refund_part_2  pending (PENDING)  ₹100.50"), "the refunds table")
    let refund = try JSONParser.parse(try #require(try harness.snapshot(3)).body)
    #expect(refund["refund_status"]?.stringValue == "PENDING")
    #expect(try harness.snapshot(3)?.resource == "refund")
    let payment = try JSONParser.parse(try #require(try harness.snapshot(4)).body)
    #expect(payment["payment_status"]?.stringValue == "SUCCESS")
    let settlement = try JSONParser.parse(try #require(try harness.snapshot(5)).body)
    guard case .object = settlement else {
      Issue.record("settlements is one object")
      return
    }
  }

  @Test func unknownOrderIsARuntimeFailureButStillStored() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree; fetch no_such_order") == .runtime)
    #expect(harness.output.standardError.contains("order no_such_order not found at Cashfree local (HTTP 404"))
    #expect(try harness.last?.status == 404, "the 404 is evidence too")
  }

  /// A `paysh sim` started apart, reached with `--base-url`: in `local` its fixed credentials apply.
  @Test func localAtABaseURLUsesTheSimulatorsCredentials() async throws {
    let harness = try await GatewayHarness()
    let status = await harness.run(
      "use cashfree local --base-url \(harness.simulator.baseURL)/pg\nauth\nfetch cf_sim_paid --summary")
    #expect(status == .ok, "\(harness.output.standardError)")
    #expect(!harness.output.standardError.contains("no cashfree client_id for local"))
    #expect(
      harness.output.transcript.contains("the simulator (fixed local credentials)"), "\(harness.output.transcript)")
  }

  /// The fixed credentials are the simulator's: `local --base-url` at a host that is not this machine's
  /// loopback does not get them, neither fresh nor as held from an earlier fetch of the embedded simulator.
  @Test func theSimulatorsCredentialsNeverGoToAnotherHost() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run("use cashfree local --base-url https://paysh-test.invalid/pg\nfetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("no cashfree client_id for local"), "\(harness.output.standardError)")
    harness.output.clear()
    let status = await harness.run(
      "use cashfree\nfetch cf_sim_paid\nuse cashfree local --base-url https://paysh-test.invalid/pg\nfetch cf_sim_paid")
    #expect(status == .runtime)
    #expect(harness.output.standardError.contains("no cashfree client_id for local"), "\(harness.output.standardError)")
    #expect(try harness.shell.services.snapshots.count() == 1, "only the embedded simulator's answer")
  }

  @Test func loopbackIsTheHostAsEveryParserReadsIt() {
    for url in ["http://127.0.0.1:8089/pg", "http://localhost/pg", "http://[::1]:1", "HTTP://LOCALHOST:80"] {
      #expect(GatewayContext.isLoopback(url), "\(url)")
    }
    for url in [
      "https://evil.example/pg", "http://127.0.0.1.evil.example/pg", "http://localhost:80@evil.example/",
      "http://evil.example?@127.0.0.1/pg", "http://evil.example#@localhost", "http://evil.example\\@localhost/",
      "http://localhostevil/", "http://127.0.0.1:80x/",
    ] {
      #expect(!GatewayContext.isLoopback(url), "\(url)")
    }
  }

  @Test func wrongCredentialsSayWhereTheyCameFrom() async throws {
    let harness = try await GatewayHarness(environment: [
      "CASHFREE_CLIENT_ID": "wrong_id", "CASHFREE_CLIENT_SECRET": "wrong_secret_value",
    ])
    let status = await harness.run(
      "use cashfree local --base-url \(harness.simulator.baseURL)/pg; auth; fetch cf_sim_paid")
    #expect(status == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("401 authentication failed at Cashfree local"))
    #expect(errors.contains("x-client-secret from $CASHFREE_CLIENT_SECRET"))
    #expect(!harness.output.transcript.contains("wrong_secret_value"), "a secret is never printed")
  }

  /// 2021-05-21 is a Cashfree version (paysh lets it through) that the simulator does not answer.
  @Test func unsupportedVersionIsExplained() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree --version 2021-05-21; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardError.contains("400 Cashfree refused API version 2021-05-21"))
    #expect(harness.output.standardError.contains("2022-09-01"), "the gateway's list of versions is shown")
  }

  @Test func idsArePercentEncodedAndImpossibleIdsRefusedBeforeAnyRequest() async throws {
    let harness = try await GatewayHarness()
    await harness.run("use cashfree; fetch \"a/b c?d\"")
    #expect(try harness.last?.url.hasSuffix("/pg/orders/a%2Fb%20c%3Fd") == true)
    let before = harness.requestCount("/pg/orders")
    for id in ["\"\"", "\"bad\\tid\"", String(repeating: "x", count: 300)] {
      #expect(await harness.run("use cashfree; fetch \(id)") == .runtime)
    }
    #expect(harness.requestCount("/pg/orders") == before, "no request for an impossible id")
    #expect(harness.output.standardError.contains("invalid id: the id is empty"))
    #expect(harness.output.standardError.contains("invalid id: the id contains control characters"))
    #expect(harness.output.standardError.contains("invalid id: the id is 300 bytes long (at most 256)"))
  }

  @Test func orderThatChangesBetweenFetches() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run("use cashfree; fetch cf_sim_pays_later; fetch cf_sim_pays_later; fetch cf_sim_pays_later")
        == .ok)
    #expect(try harness.snapshot(1)?.order?.status == .open)
    #expect(try harness.snapshot(3)?.order?.status == .paid)
  }
}
