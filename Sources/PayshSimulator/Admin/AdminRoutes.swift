import Hummingbird
import PayshJSON

/// The admin API under `/_sim/`: orders, statuses, payments, refunds, scripts, faults, EnKash locks, clock, reset
/// (webhooks: ``WebhookRoutes``).
///
/// Unauthenticated by design: the simulator binds to loopback only. Reference: docs/SIMULATOR.md.
struct AdminRoutes: Sendable {
  let store: SimulatorStore

  typealias Handler = @Sendable (Incoming) async throws -> SimResponse

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    let routes: [(HTTPRequest.Method, String, Handler)] = [
      (.get, "/_sim/health", { _ in .json(.obj(["status": "ok"])) }),
      (.get, "/_sim/credentials", { _ in .json(Simulator.credentials.jsonValue) }),
      (.get, "/_sim/orders", listOrders),
      (.get, "/_sim/orders/:gateway/:id", showOrder),
      (.post, "/_sim/orders/:gateway", createOrder),
      (.post, "/_sim/orders/:gateway/:id/status", setStatus),
      (.post, "/_sim/orders/:gateway/:id/payments", { try await self.change($0) { .addPayment($0) } }),
      (.post, "/_sim/orders/:gateway/:id/payments/:cf_payment_id", patchPayment),
      (.post, "/_sim/orders/:gateway/:id/refunds", { try await self.change($0) { .addRefund($0) } }),
      (.post, "/_sim/orders/:gateway/:id/settlement", { try await self.change($0) { .setSettlement($0) } }),
      (.post, "/_sim/orders/:gateway/:id/patch", { try await self.change($0) { .patch($0) } }),
      (.post, "/_sim/orders/:gateway/:id/script", script),
      (.post, "/_sim/seed", seed),
      (.get, "/_sim/faults", { _ in await self.faultList() }),
      (.post, "/_sim/faults", addFault),
      (
        .delete, "/_sim/faults",
        { _ in
          await self.store.clearFaults(); return await self.faultList()
        }
      ),
      (.delete, "/_sim/faults/:id", removeFault),
      (.post, "/_sim/enkash/unlock", unlock),
      (.post, "/_sim/enkash/envelope", envelope),
      (.get, "/_sim/clock", { _ in self.clockView() }),
      (.post, "/_sim/clock/advance", advanceClock),
      (.post, "/_sim/clock/set", setClock),
      (.post, "/_sim/clock/rate", setClockRate),
      (
        .post, "/_sim/reset",
        { _ in
          await self.store.reset(); return .json(.obj(["reset": true]))
        }
      ),
    ]
    for (method, path, handler) in routes {
      router.on(RouterPath(path), method: method) { request, context in
        try await pipeline.admin(request, context, handler)
      }
    }
  }

  static func view(_ record: OrderRecord, fetches: Int) -> JSONValue {
    var view = JSONValue.obj(["gateway": .string(record.gateway.rawValue), "id": .string(record.id)])
    view["status"] = .string(record.status)
    view["fetches"] = .int(fetches)
    view["order"] = record.order
    if record.gateway == .cashfree {
      view["payments"] = .array(record.payments)
      view["refunds"] = .array(record.refunds)
      view["settlement"] = record.settlement ?? .null
    }
    return view
  }

  func listOrders(_ incoming: Incoming) async throws -> SimResponse {
    let records = await store.all()
    var listing = JSONValue.emptyObject
    for gateway in Gateway.allCases {
      let items = records.filter { $0.gateway == gateway }.map { record -> JSONValue in
        .obj(["id": .string(record.id), "status": .string(record.status)])
      }
      listing[gateway.rawValue] = .array(items)
    }
    return .json(listing)
  }

  func showOrder(_ incoming: Incoming) async throws -> SimResponse {
    let gateway = try Gateway(name: incoming.parameter("gateway"))
    let id = incoming.parameter("id")
    guard let record = await store.peek(gateway, id) else {
      throw SimulatorError.notFound("no \(gateway.rawValue) order '\(id)'")
    }
    return .json(Self.view(record, fetches: await store.fetchCount(gateway, id)))
  }

  func createOrder(_ incoming: Incoming) async throws -> SimResponse {
    let gateway = try Gateway(name: incoming.parameter("gateway"))
    var entry = try incoming.json()
    if entry["order"] == nil { entry = .obj(["order": entry]) }
    let seed = JSONValue.obj([gateway.rawValue: .array([entry])])
    let before = Set(await store.all().map(\.id))
    try await store.load(seed: seed)
    guard let record = await store.all().last(where: { $0.gateway == gateway && !before.contains($0.id) }) else {
      throw SimulatorError.badRequest("the order was not created")
    }
    return .json(Self.view(record, fetches: 0), status: 201)
  }

  func setStatus(_ incoming: Incoming) async throws -> SimResponse {
    guard let status = try incoming.json()["status"]?.textValue else {
      throw SimulatorError.badRequest("body must be {\"status\": \"…\"}")
    }
    return try await change(incoming) { _ in .setStatus(status) }
  }

  func change(_ incoming: Incoming, _ action: (JSONValue) -> ScriptedChange.Action) async throws -> SimResponse {
    let gateway = try Gateway(name: incoming.parameter("gateway"))
    let id = incoming.parameter("id")
    let body = try incoming.json()
    guard body.members != nil else { throw SimulatorError.badRequest("body must be a JSON object") }
    let record = try await store.apply(action(body), to: gateway, id)
    return .json(Self.view(record, fetches: await store.fetchCount(gateway, id)))
  }

  /// Merges the body's fields into one Cashfree payment (the scripted `patch_payment`, now).
  func patchPayment(_ incoming: Incoming) async throws -> SimResponse {
    let paymentID = incoming.parameter("cf_payment_id")
    return try await change(incoming) { body in
      var patch = body
      patch["cf_payment_id"] = .string(paymentID)
      return .patchPayment(patch)
    }
  }

  func script(_ incoming: Incoming) async throws -> SimResponse {
    let gateway = try Gateway(name: incoming.parameter("gateway"))
    let changes = try ScriptedChange.list(from: try incoming.json())
    try await store.schedule(changes, to: gateway, incoming.parameter("id"))
    return .json(.obj(["scheduled": .int(changes.count)]))
  }

  func seed(_ incoming: Incoming) async throws -> SimResponse {
    let count = try await store.load(seed: try incoming.json(), replace: true)
    return .json(.obj(["loaded": .int(count)]))
  }

  func faultList() async -> SimResponse {
    .json(.obj(["faults": .array(await store.listFaults().map(\.jsonValue))]))
  }

  func addFault(_ incoming: Incoming) async throws -> SimResponse {
    let fault = await store.addFault(try SimFault(json: try incoming.json()))
    return .json(fault.jsonValue, status: 201)
  }

  func removeFault(_ incoming: Incoming) async throws -> SimResponse {
    guard let id = Int(incoming.parameter("id")), await store.removeFault(id: id) else {
      throw SimulatorError.notFound("no fault '\(incoming.parameter("id"))'")
    }
    return await faultList()
  }

  func unlock(_ incoming: Incoming) async throws -> SimResponse {
    let username = incoming.body.isEmpty ? nil : try incoming.json()["username"]?.textValue
    await store.enkashUnlock(username: username)
    return .json(.obj(["unlocked": .string(username ?? "*")]))
  }

  func envelope(_ incoming: Incoming) async throws -> SimResponse {
    guard let key = try incoming.json()["key"]?.textValue else {
      throw SimulatorError.badRequest("body must be {\"key\": \"paylod\" | \"payload\"}")
    }
    try await store.setEnKashEnvelope(key)
    return .json(.obj(["envelope": .string(key)]))
  }
}
