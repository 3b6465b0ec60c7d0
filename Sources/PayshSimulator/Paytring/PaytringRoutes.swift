import Foundation
import Hummingbird
import PayshJSON

/// Paytring's order API: v2 (Basic auth, hash or `none`) and v1 (the real hash alone authenticates).
///
/// https://docs.paytring.com/api-reference/endpoint/fetch
struct PaytringRoutes: Sendable {
  let store: SimulatorStore
  /// Merchants the simulator knows: the local credentials and the Go SDK test-vector merchant.
  let merchants: [SimulatorCredentials.Paytring]
  /// The simulator's address, for the checkout link a create answers (base64).
  let address: SimAddress

  typealias Handler = @Sendable (Incoming, JSONValue, SimulatorCredentials.Paytring) async throws -> SimResponse

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    let routes: [(String, String, Handler)] = [
      ("order/fetch", "fetch", fetch),
      ("order/fetch/receipt", "fetch_receipt", fetchReceipt),
      ("order/create", "create_order", create),
    ]
    for apiVersion in ["v1", "v2"] {
      for (path, name, handler) in routes {
        let route = SimRoute(.paytring, name)
        router.post(RouterPath("/api/\(apiVersion)/\(path)")) { request, context in
          try await pipeline.run(route, request, context) { incoming in
            try await self.authenticated(incoming, v2: apiVersion == "v2", handler)
          }
        }
      }
    }
  }

  /// v2: Basic `key:secret` must name a merchant and match the body key; the hash must be right or `none`.
  /// v1: no header; the body key must name a merchant and the hash must be right.
  func authenticated(_ incoming: Incoming, v2: Bool, _ handler: Handler) async throws -> SimResponse {
    let body: JSONValue
    do {
      body = try incoming.json()
    } catch {
      return GatewayErrors.paytring(400, message: "Invalid request")
    }
    guard body.members != nil, let key = body["key"]?.textValue else {
      return GatewayErrors.paytring(400, message: "The key field is required.")
    }
    guard let merchant = merchants.first(where: { $0.key == key }) else {
      return GatewayErrors.paytring(400, message: "Invalid API key")
    }
    if v2 {
      guard let basic = incoming.basicCredentials, basic.user == merchant.key, basic.password == merchant.secret
      else {
        return GatewayErrors.paytring(401, message: "Unauthenticated.")
      }
    }
    guard let hash = body["hash"]?.textValue, !hash.isEmpty else {
      return GatewayErrors.paytring(400, message: "The hash field is required.")
    }
    let noneAllowed = v2 && hash.lowercased() == "none"
    guard noneAllowed || PaytringHash.verify(body, secret: merchant.secret) else {
      return GatewayErrors.paytring(400, message: "Invalid hash")
    }
    return try await handler(incoming, body, merchant)
  }

  func fetch(
    _ incoming: Incoming, _ body: JSONValue, _ merchant: SimulatorCredentials.Paytring
  ) async throws
    -> SimResponse
  {
    guard let id = body["id"]?.textValue, !id.isEmpty else {
      return GatewayErrors.paytring(400, message: "The id field is required.")
    }
    guard let record = await store.fetch(.paytring, id) else {
      return GatewayErrors.paytring(400, message: "Order not found")
    }
    return .json(.obj(["status": true, "order": record.order]))
  }

  func fetchReceipt(
    _ incoming: Incoming, _ body: JSONValue, _ merchant: SimulatorCredentials.Paytring
  )
    async throws -> SimResponse
  {
    guard let receipt = body["id"]?.textValue, !receipt.isEmpty else {
      return GatewayErrors.paytring(400, message: "The id field is required.")
    }
    let found = await store.fetch(.paytring) { $0.order["receipt_id"]?.textValue == receipt }
    guard let record = found else { return GatewayErrors.paytring(400, message: "Order not found") }
    return .json(.obj(["status": true, "order": record.order]))
  }

  func create(
    _ incoming: Incoming, _ body: JSONValue, _ merchant: SimulatorCredentials.Paytring
  ) async throws
    -> SimResponse
  {
    do {
      let record = try await store.createPaytring(body)
      let checkout = "\(address.baseURL)/pay/token/\(record.id)"
      let url = Data(checkout.utf8).base64EncodedString()
      return .json(.obj(["status": true, "url": .string(url), "order_id": .string(record.id)]))
    } catch let error as SimulatorError {
      return GatewayErrors.paytring(400, message: error.description)
    }
  }
}
