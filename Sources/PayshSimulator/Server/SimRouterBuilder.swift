import Hummingbird

/// Assembles the router: the three gateways and the admin API on one server.
struct SimRouterBuilder: Sendable {
  let store: SimulatorStore
  let address: SimAddress
  let requestLog: (@Sendable (String) -> Void)?
  let tokenLifetime: Int

  func build() -> Router<SimRequestContext> {
    let router = Router(context: SimRequestContext.self)
    let pipeline = SimPipeline(store: store, requestLog: requestLog)
    let credentials = Simulator.credentials
    CashfreeRoutes(store: store, credentials: credentials.cashfree, address: address)
      .register(on: router, pipeline: pipeline)
    PaytringRoutes(
      store: store, merchants: [credentials.paytring, SimulatorCredentials.paytringSDKVectorMerchant],
      address: address
    ).register(on: router, pipeline: pipeline)
    EnKashRoutes(store: store, credentials: credentials.enkash, tokenLifetime: tokenLifetime)
      .register(on: router, pipeline: pipeline)
    AdminRoutes(store: store).register(on: router, pipeline: pipeline)
    WebhookRoutes(store: store).register(on: router, pipeline: pipeline)
    RateLimitRoutes(store: store).register(on: router, pipeline: pipeline)
    for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
      for prefix in ["/pg/**", "/api/**", "/oauth/**", "/_sim/**"] {
        router.on(RouterPath(prefix), method: method) { request, context in
          try await pipeline.unrouted(request, context)
        }
      }
    }
    return router
  }
}
