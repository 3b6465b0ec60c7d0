import PayshJSON

/// EnKash voucher orders: a password-grant token from `POST /oauth/token`, then
/// `POST /api/v0/order/orderDetails` with `authorization: Bearer …`.
///
/// Docs: https://docs.enkash.com (Rewards & Incentives → Redemption, "Fetch Order Info by Partner order
/// Reference id"). Three failed logins lock the account: a token request is never retried on an answer.
public struct EnKashAdapter: GatewayAdapter {
  public init() {}

  public let name = "enkash"
  public let defaultVersion = "v0"
  public let credentialFields = [
    CredentialField("client_id", env: "ENKASH_CLIENT_ID", secret: false),
    CredentialField("client_secret", env: "ENKASH_CLIENT_SECRET", secret: true),
    CredentialField("username", env: "ENKASH_USERNAME", secret: false),
    CredentialField("password", env: "ENKASH_PASSWORD", secret: true),
  ]

  /// UAT is documented; the production host is UNCONFIRMED (seen in EnKash's own site code): override
  /// it with `use enkash production --base-url URL` if EnKash gives you another.
  public func baseURL(for environment: String) -> String? {
    switch environment {
    case "sandbox": "https://marketplace-uat.enkash.in"
    case "production": "https://marketplaces.enkash.in"
    default: nil
    }
  }

  public func localBaseURL(root: String) -> String { root }

  public func supports(_ query: FetchQuery) -> Bool {
    if case .order = query { return true }
    return false
  }

  /// The password-grant token request: form body, Basic client authentication.
  public func tokenRequest(_ call: GatewayCall) throws -> OutgoingRequest {
    guard let clientID = call.credentials["client_id"], let clientSecret = call.credentials["client_secret"],
      let username = call.credentials["username"], let password = call.credentials["password"]
    else {
      throw GatewayError.missingCredential("EnKash needs client id and secret, username and password: run `auth`")
    }
    let form = [("username", username), ("password", password), ("grant_type", "password"), ("clientId", clientID)]
      .map { "\(FormEncoding.encode($0.0))=\(FormEncoding.encode($0.1))" }.joined(separator: "&")
    return OutgoingRequest(
      method: "POST", url: call.baseURL + "/oauth/token",
      headers: [
        HTTPHeader("content-type", "application/x-www-form-urlencoded"), HTTPHeader("accept", "application/json"),
        HTTPHeader("authorization", "Basic " + Base64.encode(Array("\(clientID):\(clientSecret)".utf8))),
      ],
      body: Array(form.utf8), purpose: .token)
  }

  /// The token and its lifetime in seconds from a token answer.
  public func token(from body: JSONValue) -> (token: String, expiresIn: Int)? {
    guard let token = body["access_token"]?.stringValue, !token.isEmpty else { return nil }
    let expires = body["expires_in"]?.numberValue?.intValue ?? body["expires_in"]?.stringValue.flatMap { Int($0) }
    return (token, expires ?? 3600)
  }

  public func request(for query: FetchQuery, _ call: GatewayCall) throws -> OutgoingRequest {
    guard case .order(let id) = query else {
      throw GatewayError.unsupported("EnKash answers orders by id only")
    }
    guard let token = call.token else { throw GatewayError.missingCredential("EnKash needs a token: run `auth`") }
    let body = JSONValue.object(JSONObject([.init("orderId", .string(id))]))
    return OutgoingRequest(
      method: "POST", url: call.baseURL + "/api/\(call.apiVersion)/order/orderDetails",
      headers: [
        HTTPHeader("content-type", "application/json"), HTTPHeader("accept", "application/json"),
        HTTPHeader("authorization", "Bearer " + token),
      ],
      body: Array(JSONPrinter.compact(body).utf8))
  }

  public func normalize(_ body: JSONValue, query: FetchQuery, environment: String) -> Order? {
    guard let payload = EnKashNormalizer.payload(body), case .object = payload.value else { return nil }
    return EnKashNormalizer.order(payload.value, envelope: payload.key, environment: environment)
  }

  /// The order's payment, which EnKash's order details carry.
  public func parts(_ body: JSONValue, resource: String) -> OrderParts? {
    resource == "order" ? EnKashAttempt.payments(body).map(OrderParts.payments) : nil
  }

  public func problem(status: Int, body: JSONValue?, call: GatewayCall, query: FetchQuery) -> GatewayProblem? {
    let code = body?["response_code"]?.scalarText
    let message =
      body?["response_message"]?.stringValue ?? body?["error_description"]?.stringValue
      ?? body?["message"]?.stringValue
    if status == 401 {
      return GatewayProblem(
        "401 EnKash refused the token\(message.map { ": \($0)" } ?? "")",
        hint: "the token expired or was revoked; `auth` gets a new one")
    }
    if let code, code != "0", (message ?? "").lowercased().contains("not found") {
      return .notFound(
        query, at: "EnKash", call, status: status, said: "response_code \(code)\(message.map { ", \($0)" } ?? "")",
        idNote: " (EnKash's orderId)")
    }
    if status >= 400 {
      return GatewayProblem("\(status) from EnKash\(message.map { ": \($0)" } ?? "")", hint: "", pointsAtAnswer: true)
    }
    if let code, code != "0" {
      return GatewayProblem(
        "EnKash answered response_code \(code)\(message.map { ": \($0)" } ?? "") (HTTP \(status))",
        hint: "for an unknown order check the id is EnKash's orderId in \(call.environment)")
    }
    return nil
  }
}

/// `application/x-www-form-urlencoded` value encoding.
enum FormEncoding {
  static func encode(_ text: String) -> String {
    PathEncoding.segment(text)
  }
}
