import PayshCore
import PayshJSON
import Testing

@Suite("EnKash through paysh")
struct EnKashGatewayTests {
  @Test func seedVoucherOrderWithPinsAndCardsMasked() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; auth; fetch 12345") == .ok, "\(harness.output.standardError)")
    let snapshot = try #require(try harness.last)
    let order = try #require(snapshot.order)
    #expect(order.status == .paid)
    #expect(order.amount == Money(minorUnits: 450_000, currency: "INR"))
    #expect(order.merchantOrderID == "REF123456789")
    let stored = snapshot.bodyText
    for secret in ["1234567890123456", "6543210987654321", "\"1234\"", "\"5678\""] {
      #expect(!stored.contains(secret), "\(secret) must not be stored")
      #expect(!harness.output.transcript.contains(secret), "\(secret) must not be shown")
    }
    let body = try JSONParser.parse(snapshot.body)
    #expect(body["paylod"]?["voucherDetailsList"]?[0]?["cardNumber"]?.stringValue == "••••••••••••3456")
    #expect(body["paylod"]?["voucherDetailsList"]?[0]?["pin"]?.stringValue == "[redacted]")
    #expect(body["paylod"]?["voucherDetailsList"]?[0]?["expiryDate"]?.stringValue == "2025-12-31T23:59:59")
  }

  @Test func oneLoginServesManyFetchesAndATokenIsRenewedBeforeItLapses() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; fetch 12345; fetch OR631764TS4UC; fetch ORSIMPENDING1") == .ok)
    #expect(harness.requestCount("/oauth/token") == 1)
    // Pretend the token is within its renewal margin: the next fetch logs in first.
    harness.shell.services.tokens["enkash@local"]?.renewAfter = Clock.now() - 1
    #expect(await harness.run("use enkash; fetch 12345") == .ok)
    #expect(harness.requestCount("/oauth/token") == 2)
    #expect(try harness.last?.order?.status == .paid)
  }

  @Test func anExpiredTokenIsReplacedOnceAndTheFetchRetried() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; fetch 12345") == .ok)
    try await harness.admin("POST", "/_sim/clock/advance", #"{"seconds": 90000}"#)
    #expect(await harness.run("use enkash; fetch 12345") == .ok, "\(harness.output.standardError)")
    #expect(harness.requestCount("/oauth/token") == 2)
    #expect(harness.requestCount("orderDetails 401") == 1)
  }

  @Test func aRefusedLoginIsNeverRetried() async throws {
    let harness = try await GatewayHarness(environment: [
      "ENKASH_CLIENT_ID": "SIMENKASH01", "ENKASH_CLIENT_SECRET": "sim-enkash-client-secret",
      "ENKASH_USERNAME": "9999900000", "ENKASH_PASSWORD": "wrong-password",
    ])
    #expect(await harness.run("use enkash local --base-url \(harness.simulator.baseURL); auth") == .runtime)
    #expect(harness.requestCount("/oauth/token") == 1, "one attempt, not three")
    let errors = harness.output.standardError
    #expect(errors.contains("EnKash refused the login (HTTP 401)"))
    #expect(errors.contains("not retried"))
    #expect(errors.contains("password (from $ENKASH_PASSWORD)"))
    #expect(!harness.output.transcript.contains("wrong-password"))
    // Two more refusals would lock the user: the account is still usable after one.
    #expect(await harness.run("use enkash; auth; fetch 12345") == .ok)
  }

  @Test func unknownOrderIsAFailureDespiteHTTP200() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use enkash; fetch NOPE") == .runtime)
    #expect(try harness.last?.status == 200)
    #expect(harness.output.standardError.contains("order NOPE not found at EnKash local (HTTP 200: response_code 1"))
  }

  @Test func bothEnvelopeSpellingsAreRead() async throws {
    let harness = try await GatewayHarness()
    try await harness.admin("POST", "/_sim/enkash/envelope", #"{"key":"payload"}"#)
    #expect(await harness.run("use enkash; fetch ORSIMREFUNDED1") == .ok)
    #expect(try harness.last?.order?.status == .refunded)
    #expect(try harness.last?.bodyText.contains("\"payload\"") == true)
  }

  @Test func everyStatusMaps() async throws {
    let harness = try await GatewayHarness()
    let expected: [(String, OrderStatus)] = [
      ("ORSIMPENDING1", .pending), ("ORSIMPROGRESS1", .pending), ("ORSIMFAILED1", .failed),
      ("ORSIMCANCELLED1", .cancelled), ("ORSIMREFUNDED1", .refunded), ("ORSIMEXPIRED1", .expired),
    ]
    for (id, status) in expected {
      #expect(await harness.run("use enkash; fetch \(id)") == .ok)
      #expect(try harness.last?.order?.status == status, "\(id)")
    }
  }
}
