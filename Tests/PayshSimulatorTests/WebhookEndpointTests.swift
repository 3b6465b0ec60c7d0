import PayshJSON
import PayshSimulator
import Testing

extension SimHarness {
  /// Registers a webhook endpoint; returns its id.
  func registerWebhook(_ url: String, _ extra: KeyValuePairs<String, JSONValue> = [:]) async throws -> String {
    var body = JSONValue.obj(["url": .string(url)])
    for (key, value) in extra { body[key] = value }
    let reply = try await admin("/webhooks", body)
    #expect(reply.status == 201, "\(reply.text)")
    return try #require(try reply.json()["id"]?.textValue)
  }

  /// The delivery log after waiting for attempts in flight (and for what the clock has made due).
  func deliveries(orderID: String? = nil) async throws -> [JSONValue] {
    let query = "?wait=1" + (orderID.map { "&order_id=\($0)" } ?? "")
    let reply = try await admin(.GET, "/webhooks/deliveries" + query)
    #expect(reply.status == 200)
    return try reply.json()["deliveries"]?.arrayValue ?? []
  }

  /// Triggers an event on an order and waits for its first attempts; returns the answer.
  func trigger(_ gateway: String, _ id: String, _ event: String, status: String? = nil) async throws -> JSONValue {
    var body = JSONValue.obj(["event": .string(event), "wait": true])
    if let status { body["status"] = .string(status) }
    let reply = try await admin("/orders/\(gateway)/\(id)/trigger", body)
    #expect(reply.status == 200, "\(reply.text)")
    return try reply.json()
  }
}

/// `POST/GET/DELETE /_sim/webhooks`: registering receivers, and what is refused.
@Suite struct WebhookEndpointTests {
  @Test func registerListAndRemove() async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.admin(
        "/webhooks",
        .obj([
          "url": "http://127.0.0.1:9/hooks", "gateway": "cashfree", "events": .array(["PAYMENT_SUCCESS_WEBHOOK"]),
          "version": "2023-08-01", "timeout_ms": 250,
        ]))
      #expect(reply.status == 201)
      #expect(
        try reply.json()
          == .obj([
            "id": "wh_1", "url": "http://127.0.0.1:9/hooks", "gateway": "cashfree",
            "events": .array(["PAYMENT_SUCCESS_WEBHOOK"]), "version": "2023-08-01", "timeout_ms": 250,
          ]))
      let second = try await sim.registerWebhook("http://localhost:9/other")
      #expect(second == "wh_2")
      let listed = try await sim.admin(.GET, "/webhooks").json()["webhooks"]?.arrayValue ?? []
      #expect(listed.map { $0["id"] } == ["wh_1", "wh_2"])
      #expect(listed.last?["gateway"] == "*")
      #expect(listed.last?["events"] == .array(["*"]))
      #expect(listed.last?["version"] == "2025-01-01")
      #expect(listed.last?["timeout_ms"] == 5000)
      let removed = try await sim.admin(.DELETE, "/webhooks/wh_1")
      #expect(try removed.json()["webhooks"]?.arrayValue?.map { $0["id"] } == ["wh_2"])
      #expect(try await sim.admin(.DELETE, "/webhooks/wh_1").status == 404)
      _ = try await sim.admin("/reset")
      #expect(try await sim.admin(.GET, "/webhooks").json()["webhooks"] == .array([]))
    }
  }

  @Test func aNonLoopbackURLIsRefused() async throws {
    try await SimHarness.with { sim in
      for url in ["http://example.com/hooks", "http://10.0.0.1:80/x", "https://192.168.1.2/hook"] {
        let reply = try await sim.admin("/webhooks", .obj(["url": .string(url)]))
        #expect(reply.status == 400)
        #expect(reply.text.contains("is not loopback"), "\(reply.text)")
      }
      for url in ["ftp://127.0.0.1/x", "127.0.0.1:9000", ""] {
        let reply = try await sim.admin("/webhooks", .obj(["url": .string(url)]))
        #expect(reply.status == 400)
        #expect(reply.text.contains("not an http(s) URL"), "\(reply.text)")
      }
      #expect(try await sim.admin("/webhooks", .obj(["url": "http://[::1]:9/x"])).status == 201)
    }
  }

  @Test func unknownEventsAndVersionsAreNamed() async throws {
    try await SimHarness.with { sim in
      let event = try await sim.admin(
        "/webhooks",
        .obj(["url": "http://127.0.0.1:9/", "events": .array(["PAYMENT_SUCCESS_WEBHOOK", "PAYMENT_WON"])]))
      #expect(event.status == 400)
      #expect(event.text.contains("unknown event PAYMENT_WON"))
      let version = try await sim.admin("/webhooks", .obj(["url": "http://127.0.0.1:9/", "version": "2024-01-01"]))
      #expect(version.status == 400)
      #expect(version.text.contains("unknown webhook version 2024-01-01"))
      let foreign = try await sim.admin(
        "/webhooks",
        .obj(["url": "http://127.0.0.1:9/", "gateway": "paytring", "events": .array(["REFUND_STATUS_WEBHOOK"])]))
      #expect(foreign.status == 400)
      #expect(foreign.text.contains("not a paytring event"))
      let timeout = try await sim.admin("/webhooks", .obj(["url": "http://127.0.0.1:9/", "timeout_ms": 0]))
      #expect(timeout.status == 400)
      #expect(try await sim.admin(.GET, "/webhooks").json()["webhooks"] == .array([]))
    }
  }

  @Test func startupEndpointsSurviveReset() async throws {
    var config = SimulatorConfiguration(clock: .manual())
    config.webhookURLs = ["http://127.0.0.1:9/start"]
    let simulator = try await Simulator.start(config)
    let sim = SimHarness(simulator: simulator, clock: config.clock)
    #expect(simulator.webhookEndpoints.map(\.url) == ["http://127.0.0.1:9/start"])
    _ = try await sim.registerWebhook("http://127.0.0.1:9/later")
    _ = try await sim.admin("/reset")
    let listed = try await sim.admin(.GET, "/webhooks").json()["webhooks"]?.arrayValue ?? []
    #expect(listed.map { $0["url"] } == ["http://127.0.0.1:9/start"])
    await simulator.shutdown()

    var bad = SimulatorConfiguration(clock: .manual())
    bad.webhookURLs = ["http://example.com/x"]
    await #expect(throws: SimulatorStartError.self) { _ = try await Simulator.start(bad) }
  }
}
