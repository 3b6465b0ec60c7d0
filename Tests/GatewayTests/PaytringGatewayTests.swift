import PayshCore
import PayshJSON
import Testing

@Suite("Paytring through paysh")
struct PaytringGatewayTests {
  @Test func hashMatchesTheGoSDKVector() {
    let fields = [
      ("amount", "100"), ("callback_url", "https://example.com/callback"), ("cname", "JohnDoe"),
      ("email", "john.doe@example.com"), ("phone", "1234567890"), ("key", "test_key"), ("receipt_id", "TEST123"),
    ]
    #expect(
      PaytringHash.hash(fields, secret: "test_secret")
        == "b7c0e8c6896f7a07200eed32578f15b42751aac6da9fa66c7d784fbbcc0f943d811c6eaecf1ee2aa6aa57e868803c3051cf611375890e3d57eeafc6d48e7c150"
    )
    #expect(
      PaytringHash.hash([("key", "test_key"), ("id", "771606428862383868")], secret: "test_secret")
        == "a10a91b77608587ac6cfa489698a3127c7bc2ce6e64bd18138b2435c8c51fa02cf8ef7eb6317e7bde25976739f42958235b582889850f364707e981ae28843a5"
    )
  }

  @Test func seedOrderInPaiseIsNormalizedWithItsZoneStated() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use paytring; auth; fetch 1111111111111111") == .ok, "\(harness.output.standardError)")
    let order = try #require(try harness.last?.order)
    #expect(order.amount == Money(minorUnits: 118, currency: "INR"))
    #expect(order.amount?.description == "₹1.18")
    #expect(order.status == .paid)
    #expect(order.rawStatus == "success")
    #expect(order.merchantOrderID == "MGI2222222222222333")
    #expect(order.createdAt?.assumedZone == true)
    #expect(order.createdAt?.iso8601.hasSuffix("+05:30") == true)
    #expect(harness.output.standardOutput.contains("(IST assumed)"))
  }

  @Test func receiptLookupAndV1() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use paytring; fetch --receipt MGI2222222222222333") == .ok)
    #expect(try harness.last?.url.hasSuffix("/api/v2/order/fetch/receipt") == true)
    #expect(try harness.last?.order?.gatewayOrderID == "1111111111111111")
    #expect(
      await harness.run("use paytring --version v1; fetch 771606428862383005") == .ok, "\(harness.output.standardError)"
    )
    let v1 = try #require(try harness.last)
    #expect(v1.url.hasSuffix("/api/v1/order/fetch"))
    #expect(v1.requestHeaders.first("authorization") == nil, "v1 sends no Authorization header")
    #expect(v1.order?.status == .paid)
  }

  @Test func everyStatusMaps() async throws {
    let harness = try await GatewayHarness()
    let expected: [(String, OrderStatus)] = [
      ("771606428862383001", .open), ("771606428862383002", .pending), ("771606428862383003", .pending),
      ("771606428862383004", .failed), ("771606428862383005", .paid), ("771606428862383006", .refunded),
    ]
    for (id, status) in expected {
      #expect(await harness.run("use paytring; fetch \(id)") == .ok)
      #expect(try harness.last?.order?.status == status, "\(id)")
    }
  }

  @Test func theHashAndAuthorizationNeverReachTheSnapshot() async throws {
    let harness = try await GatewayHarness()
    await harness.run("use paytring; fetch 1111111111111111")
    let snapshot = try #require(try harness.last)
    #expect(snapshot.requestHeaders.first("authorization") == "[redacted]")
    let body = try JSONParser.parse(try #require(snapshot.requestBody))
    #expect(body["hash"]?.stringValue == "[redacted]")
    #expect(body["id"]?.stringValue == "1111111111111111")
    #expect(!snapshot.requestBody!.contains("test_sim_secret"))
  }

  @Test func wrongSecretBreaksTheHashAndSaysSo() async throws {
    let harness = try await GatewayHarness(environment: [
      "PAYTRING_KEY": "test_sim_key", "PAYTRING_SECRET": "not-the-secret",
    ])
    #expect(
      await harness.run("use paytring local --base-url \(harness.simulator.baseURL); fetch 1111111111111111")
        == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("Paytring refused the credentials"))
    #expect(errors.contains("secret from $PAYTRING_SECRET"))
    #expect(!harness.output.transcript.contains("not-the-secret"))
  }

  @Test func unknownOrder() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use paytring; fetch 42") == .runtime)
    #expect(harness.output.standardError.contains("order 42 not found at Paytring local"))
  }

  @Test func cashfreeOnlyPartsAreRefused() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use paytring; fetch 1111111111111111 payments") == .runtime)
    #expect(harness.output.standardError.contains("paytring cannot fetch the payments of order 1111111111111111"))
    #expect(harness.requestCount("paytring") == 0)
  }
}
