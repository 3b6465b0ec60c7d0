import Hummingbird
import PayshJSON

/// EnKash voucher orders: the password-grant token endpoint and `orderDetails` behind a Bearer token.
///
/// https://docs.enkash.com/api-9820863 (User Authentication), https://docs.enkash.com/api-13454287 (orderDetails)
struct EnKashRoutes: Sendable {
  let store: SimulatorStore
  let credentials: SimulatorCredentials.EnKash
  let tokenLifetime: Int

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    router.post("/oauth/token") { request, context in
      try await pipeline.run(SimRoute(.enkash, "token"), request, context) { try await self.token($0) }
    }
    router.post("/api/v0/order/orderDetails") { request, context in
      try await pipeline.run(SimRoute(.enkash, "order_details"), request, context) {
        try await self.orderDetails($0)
      }
    }
  }

  /// `POST /oauth/token`: Basic client auth, form body `username`, `password`, `grant_type=password`.
  func token(_ incoming: Incoming) async throws -> SimResponse {
    guard let client = incoming.basicCredentials, client.user == credentials.clientID,
      client.password == credentials.clientSecret
    else {
      return GatewayErrors.enkashOAuth(
        401, error: "unauthorized", description: "Full authentication is required to access this resource")
    }
    let form = incoming.form()
    guard form["grant_type"] == "password" else {
      return GatewayErrors.enkashOAuth(
        400, error: "unsupported_grant_type",
        description: "Unsupported grant type: \(form["grant_type"] ?? "")")
    }
    guard let username = form["username"], let password = form["password"] else {
      return GatewayErrors.enkashOAuth(400, error: "invalid_request", description: "Missing username or password")
    }
    switch await store.enkashLogin(username: username, password: password, expected: credentials) {
    case .locked:
      return GatewayErrors.enkashOAuth(401, error: "invalid_grant", description: "User account is locked")
    case .badCredentials(let attemptsLeft):
      return GatewayErrors.enkashOAuth(
        401, error: "invalid_grant",
        description:
          "Bad credentials. \(attemptsLeft) attempt\(attemptsLeft == 1 ? "" : "s") left before the account is locked")
    case .token(let access, let refresh):
      return .json(
        .obj([
          "access_token": .string(access), "token_type": "bearer", "refresh_token": .string(refresh),
          "expires_in": .int(tokenLifetime), "scope": "read write trust",
        ]))
    }
  }

  /// `POST /api/v0/order/orderDetails`: `{"orderId": …}` (EnKash order id or partner reference id).
  func orderDetails(_ incoming: Incoming) async throws -> SimResponse {
    let token = incoming.bearerToken
    switch await store.enkashCheck(token: token) {
    case .missing:
      return GatewayErrors.enkashOAuth(
        401, error: "unauthorized", description: "Full authentication is required to access this resource")
    case .invalid:
      return GatewayErrors.enkashOAuth(401, error: "invalid_token", description: "Invalid access token")
    case .expired:
      return GatewayErrors.enkashOAuth(401, error: "invalid_token", description: "Access token expired")
    case .valid:
      break
    }
    var envelope = await store.enkashEnvelope()
    if let chosen = incoming.queryValue("envelope"), chosen == "payload" || chosen == "paylod" {
      envelope = chosen
    }
    guard let body = try? incoming.json(), let orderID = body["orderId"]?.textValue, !orderID.isEmpty else {
      return GatewayErrors.enkashFailure(400, message: "orderId is required", envelope: envelope)
    }
    var record = await store.fetch(.enkash, orderID)
    if record == nil {
      record = await store.fetch(.enkash) { $0.order["partnerOrderReferenceId"]?.textValue == orderID }
    }
    guard let record else {
      return GatewayErrors.enkashFailure(200, message: "Order not found for orderId \(orderID)", envelope: envelope)
    }
    return .json(
      .object(
        JSONObject([
          JSONObject.Member(envelope, record.order),
          JSONObject.Member("response_message", "Success"),
          JSONObject.Member("response_code", "0"),
        ])))
  }
}
