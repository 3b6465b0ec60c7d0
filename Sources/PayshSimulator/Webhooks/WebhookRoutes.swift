import Hummingbird
import PayshJSON

/// The webhook half of the admin API: endpoints, the delivery log, resend, fire, and order triggers.
///
/// Reference: docs/SIMULATOR.md, Webhooks.
struct WebhookRoutes: Sendable {
  let store: SimulatorStore

  var webhooks: WebhookDispatcher { store.webhooks }

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    let routes: [(HTTPRequest.Method, String, AdminRoutes.Handler)] = [
      (.post, "/_sim/webhooks", addEndpoint),
      (.get, "/_sim/webhooks", { _ in self.endpointList() }),
      (.delete, "/_sim/webhooks/:id", removeEndpoint),
      (.get, "/_sim/webhooks/deliveries", listDeliveries),
      (.get, "/_sim/webhooks/deliveries/:id", showDelivery),
      (.post, "/_sim/webhooks/deliveries/:id/resend", resend),
      (.post, "/_sim/webhooks/fire", fire),
      (.post, "/_sim/orders/:gateway/:id/trigger", trigger),
    ]
    for (method, path, handler) in routes {
      router.on(RouterPath(path), method: method) { request, context in
        try await pipeline.admin(request, context, handler)
      }
    }
  }

  func endpointList() -> SimResponse {
    .json(.obj(["webhooks": .array(webhooks.listEndpoints().map(\.jsonValue))]))
  }

  func addEndpoint(_ incoming: Incoming) async throws -> SimResponse {
    let endpoint = webhooks.register(try WebhookEndpoint(json: try incoming.json()))
    return .json(endpoint.jsonValue, status: 201)
  }

  func removeEndpoint(_ incoming: Incoming) async throws -> SimResponse {
    guard webhooks.removeEndpoint(id: incoming.parameter("id")) else {
      throw SimulatorError.notFound("no webhook endpoint '\(incoming.parameter("id"))'")
    }
    return endpointList()
  }

  /// `?order_id=` filters; `?wait=1` first fires what the clock has made due (scripted changes, retries) and
  /// waits until no attempt is in flight.
  func listDeliveries(_ incoming: Incoming) async throws -> SimResponse {
    if let wait = incoming.queryValue("wait"), wait != "0", wait != "false" {
      await catchUpWithClock()
      await webhooks.waitForAttempts()
    }
    let orderID = incoming.queryValue("order_id")
    let list = webhooks.listDeliveries(orderID: orderID)
    return .json(.obj(["deliveries": .array(list.map(\.jsonValue))]))
  }

  func showDelivery(_ incoming: Incoming) async throws -> SimResponse {
    guard let delivery = webhooks.delivery(incoming.parameter("id")) else {
      throw SimulatorError.notFound("no delivery '\(incoming.parameter("id"))'")
    }
    return .json(delivery.jsonValue)
  }

  /// Sends a delivery again now; waits for its answer unless the body says `{"wait": false}`.
  func resend(_ incoming: Incoming) async throws -> SimResponse {
    let id = incoming.parameter("id")
    let wait = incoming.body.isEmpty ? true : try Self.flag(try incoming.json(), "wait", default: true)
    guard webhooks.resend(id) else { throw SimulatorError.notFound("no delivery '\(id)'") }
    if wait { await webhooks.waitForAttempts(of: [id]) }
    return try await showDelivery(incoming)
  }

  /// `{"event": "payment_success", "wait": true, "status": "INITIATED"}` (status: settlement only).
  func trigger(_ incoming: Incoming) async throws -> SimResponse {
    let gateway = try Gateway(name: incoming.parameter("gateway"))
    let id = incoming.parameter("id")
    let body = try incoming.json()
    guard body.members != nil, case .string(let event) = body["event"] else {
      let events = SimulatorStore.triggerEvents[gateway]?.joined(separator: " | ") ?? ""
      throw SimulatorError.badRequest("body must be {\"event\": \"\(events)\", \"wait\": true|false}")
    }
    let status = body["status"]?.textValue ?? "SUCCESS"
    let (record, deliveries) = try await store.trigger(event, on: gateway, id, settlementStatus: status)
    if try Self.flag(body, "wait", default: false) { await webhooks.waitForAttempts(of: deliveries) }
    var view = AdminRoutes.view(record, fetches: await store.fetchCount(gateway, id))
    view["deliveries"] = .array(deliveries.map { .string($0) })
    return .json(view)
  }

  /// `{"count": 10000, "concurrency": 16, "gateway": "cashfree", "order_id": "…", "type": "…", "endpoint": "wh_1"}`.
  func fire(_ incoming: Incoming) async throws -> SimResponse {
    let body = try incoming.json()
    guard body.members != nil else { throw SimulatorError.badRequest("body must be a JSON object") }
    let count = try Self.whole(body, "count", default: 1, in: WebhookFire.countRange)
    let concurrency = try Self.whole(body, "concurrency", default: 1, in: WebhookFire.concurrencyRange)
    let gateway = try Gateway(name: body["gateway"]?.textValue ?? "cashfree")
    let defaultType = WebhookEventType.names(for: gateway).first ?? ""
    let type = body["type"]?.textValue ?? defaultType
    let event = try await store.sampleEvent(gateway, orderID: body["order_id"]?.textValue, type: type)
    var endpoints = webhooks.listEndpoints()
    if let wanted = body["endpoint"]?.textValue {
      endpoints = endpoints.filter { $0.id == wanted }
      guard !endpoints.isEmpty else { throw SimulatorError.notFound("no webhook endpoint '\(wanted)'") }
    } else {
      endpoints = endpoints.filter { $0.receives(gateway, type) }
      guard !endpoints.isEmpty else {
        throw SimulatorError.badRequest("no webhook endpoint receives \(gateway.rawValue) \(type): register one first")
      }
    }
    let fire = WebhookFire(event: event, endpoints: endpoints, count: count, concurrency: concurrency)
    return .json(await fire.run(sender: webhooks.sender, clock: store.clock))
  }

  /// Fires the scripted changes and retries the clock has made due.
  func catchUpWithClock() async {
    await store.applyTimedChanges()
    webhooks.sendDueRetries()
  }

  static func flag(_ body: JSONValue, _ name: String, default value: Bool) throws -> Bool {
    guard let member = body[name], member != .null else { return value }
    guard case .bool(let flag) = member else { throw SimulatorError.badRequest("\(name) must be true or false") }
    return flag
  }

  static func whole(_ body: JSONValue, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
    guard let member = body[name], member != .null else { return value }
    guard case .number = member, let number = member.intValue, range.contains(number) else {
      throw SimulatorError.badRequest(
        "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
  }
}
