import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// Paytring over loopback: the hash, v2 Basic auth, v1 hash-only auth, fetch, receipt, create, errors.
@Suite struct PaytringTests {
  static let key = Simulator.credentials.paytring.key
  static let secret = Simulator.credentials.paytring.secret
  static let basic = (key, secret)

  /// Paytring's Go SDK `TestMakeHash` vector (key `test_key`, secret `test_secret`).
  static let goVectorBody = JSONValue.obj([
    "amount": "100", "callback_url": "https://example.com/callback", "cname": "JohnDoe",
    "email": "john.doe@example.com", "phone": "1234567890", "key": "test_key", "receipt_id": "TEST123",
  ])
  static let goVectorHash =
    "b7c0e8c6896f7a07200eed32578f15b42751aac6da9fa66c7d784fbbcc0f943d811c6eaecf1ee2aa6aa57e868803c3051cf611375890e3d57eeafc6d48e7c150"

  @Test func goSDKVectorHashes() {
    #expect(
      PaytringHash.preimage(Self.goVectorBody, secret: "test_secret")
        == "100|https://example.com/callback|JohnDoe|john.doe@example.com|test_key|1234567890|TEST123|test_secret")
    #expect(PaytringHash.hash(Self.goVectorBody, secret: "test_secret") == Self.goVectorHash)
    var signed = Self.goVectorBody
    signed["hash"] = .string(Self.goVectorHash)
    #expect(PaytringHash.verify(signed, secret: "test_secret"))
    #expect(!PaytringHash.verify(signed, secret: "other_secret"))
  }

  @Test func derivedFetchVector() {
    #expect(
      PaytringHash.fetchHash(id: "771606428862383868", key: "test_key", secret: "test_secret")
        == "a10a91b77608587ac6cfa489698a3127c7bc2ce6e64bd18138b2435c8c51fa02cf8ef7eb6317e7bde25976739f42958235b582889850f364707e981ae28843a5"
    )
  }

  @Test func objectsAndArraysAreLeftOutOfTheHash() {
    let body = JSONValue.obj(["b": "2", "a": "1", "notes": .obj(["udf1": "x"]), "tpv": .array(["y"]), "hash": "h"])
    #expect(PaytringHash.preimage(body, secret: "s") == "1|2|s")
  }

  @Test func goVectorVerifiesOverTheWireOnV1Create() async throws {
    try await SimHarness.with { sim in
      var body = Self.goVectorBody
      body["hash"] = .string(Self.goVectorHash)
      let reply = try await sim.paytring("/api/v1/order/create", body)
      #expect(reply.status == 200)
      let json = try reply.json()
      #expect(json["status"] == true)
      let orderID = try #require(json["order_id"]?.textValue)
      let url = try #require(json["url"]?.textValue.flatMap { Data(base64Encoded: $0) })
      #expect(String(decoding: url, as: UTF8.self) == "\(sim.simulator.baseURL)/pay/token/\(orderID)")
      var tampered = body
      tampered["amount"] = "101"
      let rejected = try await sim.paytring("/api/v1/order/create", tampered)
      #expect(rejected.status == 400)
      #expect(try rejected.json() == .obj(["status": false, "error": .obj(["message": "Invalid hash", "code": 400])]))
    }
  }

  @Test func seedExampleComesBackFieldForField() async throws {
    try await SimHarness.with { sim in
      let body = JSONValue.obj(["key": .string(Self.key), "id": "1111111111111111", "hash": "none"])
      let reply = try await sim.paytring("/api/v2/order/fetch", body, basic: Self.basic)
      #expect(reply.status == 200)
      #expect(try reply.json() == (try JSONParser.parse(SeedExamples.paytringFetch)))
    }
  }

  @Test func v2AcceptsARealHashAndRejectsAWrongOne() async throws {
    try await SimHarness.with { sim in
      let id = "771606428862383005"
      let good = PaytringHash.fetchHash(id: id, key: Self.key, secret: Self.secret)
      let ok = try await sim.paytring(
        "/api/v2/order/fetch", .obj(["key": .string(Self.key), "id": .string(id), "hash": .string(good)]),
        basic: Self.basic)
      #expect(ok.status == 200)
      #expect(try ok.json()["order"]?["order_status"] == "success")
      #expect(try ok.json()["order"]?["amount"] == 125_050)
      let bad = try await sim.paytring(
        "/api/v2/order/fetch", .obj(["key": .string(Self.key), "id": .string(id), "hash": "deadbeef"]),
        basic: Self.basic)
      #expect(bad.status == 400)
      #expect(try bad.json()["error"]?["message"] == "Invalid hash")
    }
  }

  @Test func v2NeedsBasicAuth() async throws {
    try await SimHarness.with { sim in
      let body = JSONValue.obj(["key": .string(Self.key), "id": "1111111111111111", "hash": "none"])
      for basic in [nil, (Self.key, "wrong-secret"), ("test_key", "test_secret")] as [(String, String)?] {
        let reply = try await sim.paytring("/api/v2/order/fetch", body, basic: basic)
        #expect(reply.status == 401)
        #expect(try reply.json()["status"] == false)
        #expect(try reply.json()["error"]?["code"] == 401)
      }
    }
  }

  @Test func v1NeedsTheRealHashAndRefusesNone() async throws {
    try await SimHarness.with { sim in
      let id = "1111111111111111"
      let none = try await sim.paytring(
        "/api/v1/order/fetch", .obj(["key": .string(Self.key), "id": .string(id), "hash": "none"]))
      #expect(none.status == 400)
      #expect(try none.json()["error"]?["message"] == "Invalid hash")
      let hash = PaytringHash.fetchHash(id: id, key: Self.key, secret: Self.secret)
      let ok = try await sim.paytring(
        "/api/v1/order/fetch", .obj(["key": .string(Self.key), "id": .string(id), "hash": .string(hash)]))
      #expect(ok.status == 200)
      #expect(try ok.json()["order"]?["receipt_id"] == "MGI2222222222222333")
      let receipt = "MGI2222222222222333"
      let receiptHash = PaytringHash.hash(
        .obj(["id": .string(receipt), "key": .string(Self.key)]), secret: Self.secret)
      let byReceipt = try await sim.paytring(
        "/api/v1/order/fetch/receipt",
        .obj(["key": .string(Self.key), "id": .string(receipt), "hash": .string(receiptHash)]))
      #expect(try byReceipt.json()["order"]?["order_id"] == .string(id))
      let receiptNone = try await sim.paytring(
        "/api/v1/order/fetch/receipt", .obj(["key": .string(Self.key), "id": .string(receipt), "hash": "none"]))
      #expect(receiptNone.status == 400)
    }
  }

  @Test func receiptFetchUnknownOrderAndUnknownKey() async throws {
    try await SimHarness.with { sim in
      let receipt = try await sim.paytring(
        "/api/v2/order/fetch/receipt", .obj(["key": .string(Self.key), "id": "MGI2222222222222333", "hash": "none"]),
        basic: Self.basic)
      #expect(try receipt.json()["order"]?["order_id"] == "1111111111111111")
      let unknown = try await sim.paytring(
        "/api/v2/order/fetch", .obj(["key": .string(Self.key), "id": "404", "hash": "none"]), basic: Self.basic)
      #expect(unknown.status == 400)
      #expect(
        try unknown.json() == .obj(["status": false, "error": .obj(["message": "Order not found", "code": 400])]))
      let stranger = try await sim.paytring(
        "/api/v2/order/fetch", .obj(["key": "nobody", "id": "1", "hash": "none"]), basic: ("nobody", "x"))
      #expect(try stranger.json()["error"]?["message"] == "Invalid API key")
    }
  }

  @Test func v2CreateThenFetchInPaise() async throws {
    try await SimHarness.with { sim in
      let body = JSONValue.obj([
        "key": .string(Self.key), "amount": 49_900, "receipt_id": "rcpt_new_1", "cname": "Meera",
        "email": "meera@example.com", "phone": "9000000000", "callback_url": "https://merchant.example/cb",
        "hash": "none",
      ])
      let created = try await sim.paytring("/api/v2/order/create", body, basic: Self.basic)
      #expect(created.status == 200)
      let orderID = try #require(try created.json()["order_id"]?.textValue)
      let fetched = try await sim.paytring(
        "/api/v2/order/fetch", .obj(["key": .string(Self.key), "id": .string(orderID), "hash": "none"]),
        basic: Self.basic)
      let order = try #require(try fetched.json()["order"])
      #expect(order["amount"] == 49_900)
      #expect(order["order_status"] == "created")
      #expect(order["customer"]?["name"] == "Meera")
      #expect(order["created_at"] == "2025-01-01 08:30:00")
      let again = try await sim.paytring("/api/v2/order/create", body, basic: Self.basic)
      #expect(again.status == 400)
    }
  }

  @Test func everyStatusHasAFixture() async throws {
    try await SimHarness.with { sim in
      var statuses: [String] = []
      for suffix in 1...7 {
        let reply = try await sim.paytring(
          "/api/v2/order/fetch",
          .obj(["key": .string(Self.key), "id": .string("77160642886238300\(suffix)"), "hash": "none"]),
          basic: Self.basic)
        statuses.append(try reply.json()["order"]?["order_status"]?.textValue ?? "?")
      }
      #expect(statuses == ["created", "initiated", "pending", "failed", "success", "refunded", "pending"])
    }
  }
}
