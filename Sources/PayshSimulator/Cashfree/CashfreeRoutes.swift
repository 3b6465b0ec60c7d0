import Hummingbird
import PayshJSON

/// Cashfree PG under `/pg`: Get Order and its payments, refunds and settlements; Create Order.
///
/// https://www.cashfree.com/docs/api-reference/payments/latest/orders/get
struct CashfreeRoutes: Sendable {
  let store: SimulatorStore
  let credentials: SimulatorCredentials.Cashfree
  /// The simulator's address: `BASE/pg` is the base of 2022-09-01 url objects of orders without their own.
  let address: SimAddress

  typealias Handler = @Sendable (Incoming, CashfreeRenderer) async throws -> SimResponse

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    let routes: [(HTTPRequest.Method, String, String, Handler)] = [
      (.get, "/pg/orders/:order_id", "order", order),
      (.get, "/pg/orders/:order_id/payments", "payments", payments),
      (.get, "/pg/orders/:order_id/payments/:cf_payment_id", "payment", payment),
      (.get, "/pg/orders/:order_id/refunds", "refunds", refunds),
      (.get, "/pg/orders/:order_id/refunds/:refund_id", "refund", refund),
      (.get, "/pg/orders/:order_id/settlements", "settlements", settlements),
      (.post, "/pg/orders", "create_order", create),
      (.patch, "/pg/orders/:order_id", "terminate_order", terminate),
    ]
    for (method, path, name, handler) in routes {
      let route = SimRoute(.cashfree, name)
      router.on(RouterPath(path), method: method) { request, context in
        try await pipeline.run(route, request, context) { incoming in
          try await self.guarded(incoming, handler)
        }
      }
    }
  }

  /// Checks credentials and `x-api-version` before the handler runs.
  func guarded(_ incoming: Incoming, _ handler: Handler) async throws -> SimResponse {
    guard incoming.header("x-client-id") == credentials.clientID,
      incoming.header("x-client-secret") == credentials.clientSecret
    else {
      return GatewayErrors.cashfree(
        401, message: "authentication Failed", code: "request_failed", type: "authentication_error")
    }
    guard let versionText = incoming.header("x-api-version"), !versionText.isEmpty else {
      return GatewayErrors.cashfree(
        400,
        message: "x-api-version : is missing in the request. Supported versions: \(CashfreeVersion.supportedList)",
        code: "version_missing", type: "invalid_request_error")
    }
    guard let version = CashfreeVersion(rawValue: versionText) else {
      return GatewayErrors.cashfree(
        400,
        message:
          "x-api-version : \(versionText) is not supported. Supported versions: \(CashfreeVersion.supportedList)",
        code: "version_invalid", type: "invalid_request_error")
    }
    return try await handler(incoming, CashfreeRenderer(version: version, urlBase: address.baseURL + "/pg"))
  }

  static func notFound(_ what: String) -> SimResponse {
    GatewayErrors.cashfree(
      404, message: "\(what) not found", code: "\(what)_not_found", type: "invalid_request_error")
  }

  func fetch(_ incoming: Incoming) async -> OrderRecord? {
    await store.fetch(.cashfree, incoming.parameter("order_id"))
  }

  func order(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    return Self.ok(renderer.order(record.order))
  }

  func payments(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    return Self.ok(.array(record.payments.map(renderer.payment)))
  }

  func payment(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    let wanted = incoming.parameter("cf_payment_id")
    guard let payment = record.payments.first(where: { $0["cf_payment_id"]?.textValue == wanted }) else {
      return Self.notFound("payment")
    }
    return Self.ok(renderer.payment(payment))
  }

  func refunds(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    return Self.ok(.array(record.refunds.map(renderer.refund)))
  }

  func refund(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    let wanted = incoming.parameter("refund_id")
    guard let refund = record.refunds.first(where: { $0["refund_id"]?.textValue == wanted }) else {
      return Self.notFound("refund")
    }
    return Self.ok(renderer.refund(refund))
  }

  func settlements(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    guard let settlement = record.settlement else { return Self.notFound("settlement") }
    return Self.ok(renderer.settlement(settlement))
  }

  func create(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    let request: JSONValue
    do {
      request = try incoming.json()
    } catch {
      return GatewayErrors.cashfree(
        400, message: "request body : is not valid JSON", code: "request_invalid", type: "invalid_request_error")
    }
    do {
      let record = try await store.createCashfree(request)
      return Self.ok(renderer.order(record.order))
    } catch let invalid as CashfreeOrderFactory.Invalid {
      return GatewayErrors.cashfree(400, message: invalid.message, code: invalid.code, type: "invalid_request_error")
    } catch SimulatorError.conflict(let message) {
      return GatewayErrors.cashfree(409, message: message, code: "order_already_exists", type: "invalid_request_error")
    }
  }

  /// `PATCH /orders/{id}` with `{"order_status":"TERMINATED"}`: an ACTIVE order becomes TERMINATED.
  func terminate(_ incoming: Incoming, _ renderer: CashfreeRenderer) async throws -> SimResponse {
    guard (try? incoming.json())?["order_status"] == "TERMINATED" else {
      return GatewayErrors.cashfree(
        400, message: "order_status : must be TERMINATED", code: "order_status_invalid", type: "invalid_request_error")
    }
    guard let record = await fetch(incoming) else { return Self.notFound("order") }
    guard record.status == "ACTIVE" else {
      return GatewayErrors.cashfree(
        400, message: "order is not active", code: "order_inactive", type: "invalid_request_error")
    }
    let terminated = try await store.apply(.setStatus("TERMINATED"), to: .cashfree, record.id)
    return Self.ok(renderer.order(terminated.order))
  }

  static func ok(_ body: JSONValue) -> SimResponse {
    .json(body, contentType: "application/json; charset=UTF-8")
  }

  /// Headers every Cashfree answer carries: version and request id echoed, rate-limit counters. With a rate
  /// limit on the route, its numbers (``RateLimitHeaders``); without, the announced limit
  /// (`SimulatorConfiguration.cashfreeRateLimit`) and a count per clock minute, not enforced. `faultRetry`
  /// is the retry of a `rate_limit` fault that answered.
  static func addCommonHeaders(
    _ response: inout SimResponse, _ incoming: Incoming, store: SimulatorStore, faultRetry: Int?,
    decision: RateDecision?
  ) async {
    echoHeaders(&response, incoming)
    if let decision {
      RateLimitHeaders.apply(decision, to: &response, .cashfree, faultRetry: faultRetry)
      return
    }
    // No limit in force: none announced (a limit said but not kept would pace a client for nothing); the
    // retry header says the request was within the limit, as Cashfree's does.
    if faultRetry == nil {
      response.setHeader("x-ratelimit-retry", "0")
    } else {
      response.setHeader("x-ratelimit-remaining", "0")
    }
    response.setHeader("x-ratelimit-type", "app_id")
  }

  /// Echoes `x-api-version`, `x-request-id` and `x-idempotency-key` when sent.
  static func echoHeaders(_ response: inout SimResponse, _ incoming: Incoming) {
    if let version = incoming.header("x-api-version") { response.setHeader("x-api-version", version) }
    if let requestID = incoming.header("x-request-id") { response.setHeader("x-request-id", requestID) }
    if let key = incoming.header("x-idempotency-key") { response.setHeader("x-idempotency-key", key) }
  }
}
