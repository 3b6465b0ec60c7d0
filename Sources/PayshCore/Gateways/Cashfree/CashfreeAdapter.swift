import PayshJSON

/// Cashfree Payments PG: `GET /pg/orders/{order_id}` and its payments, refunds and settlements.
///
/// Docs: https://www.cashfree.com/docs/api-reference/payments/latest/orders/get
/// Headers `x-client-id`, `x-client-secret`, `x-api-version` (required, a date), `x-request-id` (echoed).
public struct CashfreeAdapter: GatewayAdapter {
  public init() {}

  public let name = "cashfree"
  public let defaultVersion = "2025-01-01"
  /// The `x-api-version` values Cashfree accepts, oldest first: the list its `version_missing` error gives
  /// (https://www.cashfree.com/docs/api-reference/payments/latest/orders/pay, the errors table).
  public static let knownVersions = [
    "2021-05-21", "2022-01-01", "2022-09-01", "2023-08-01", "2025-01-01", "2026-01-01",
  ]
  public let credentialFields = [
    CredentialField("client_id", env: "CASHFREE_CLIENT_ID", secret: false),
    CredentialField("client_secret", env: "CASHFREE_CLIENT_SECRET", secret: true),
  ]

  public func baseURL(for environment: String) -> String? {
    switch environment {
    case "sandbox": "https://sandbox.cashfree.com/pg"
    case "production": "https://api.cashfree.com/pg"
    default: nil
    }
  }

  public func localBaseURL(root: String) -> String { root + "/pg" }

  public func supports(_ query: FetchQuery) -> Bool {
    if case .receipt = query { return false }
    return true
  }

  public func request(for query: FetchQuery, _ call: GatewayCall) throws -> OutgoingRequest {
    let path: String
    switch query {
    case .order(let id): path = "/orders/\(PathEncoding.segment(id))"
    case .payments(let id): path = "/orders/\(PathEncoding.segment(id))/payments"
    case .payment(let id, let payment):
      path = "/orders/\(PathEncoding.segment(id))/payments/\(PathEncoding.segment(payment))"
    case .refunds(let id): path = "/orders/\(PathEncoding.segment(id))/refunds"
    case .refund(let id, let refund):
      path = "/orders/\(PathEncoding.segment(id))/refunds/\(PathEncoding.segment(refund))"
    case .settlements(let id): path = "/orders/\(PathEncoding.segment(id))/settlements"
    case .receipt: throw GatewayError.unsupported("Cashfree has no receipt lookup; fetch the order by its order_id")
    }
    return OutgoingRequest(
      method: "GET", url: call.baseURL + path,
      headers: [
        HTTPHeader("accept", "application/json"),
        HTTPHeader("x-api-version", call.apiVersion),
        HTTPHeader("x-client-id", call.credentials["client_id"] ?? ""),
        HTTPHeader("x-client-secret", call.credentials["client_secret"] ?? ""),
        HTTPHeader("x-request-id", call.requestID),
      ])
  }

  public func normalize(_ body: JSONValue, query: FetchQuery, environment: String) -> Order? {
    guard case .order = query, case .object = body else { return nil }
    return CashfreeNormalizer.order(body, environment: environment)
  }

  /// The order, its payments, refunds and settlement: four requests, sent together.
  public func caseQueries(order: String) -> [FetchQuery] {
    [.order(order), .payments(order: order), .refunds(order: order), .settlements(order: order)]
  }

  public func parts(_ body: JSONValue, resource: String) -> OrderParts? {
    switch resource {
    case "payments", "payment": CashfreePayments.payments(body).map(OrderParts.payments)
    case "refunds", "refund": CashfreeRefunds.refunds(body).map(OrderParts.refunds)
    case "settlements": CashfreeSettlements.settlement(body).map(OrderParts.settlement)
    default: nil
    }
  }

  public func problem(status: Int, body: JSONValue?, call: GatewayCall, query: FetchQuery) -> GatewayProblem? {
    guard status >= 400 else { return nil }
    let message = body?["message"]?.stringValue
    let code = body?["code"]?.stringValue
    let type = body?["type"]?.stringValue
    let said = [message, code.map { "code \($0)" }, type].compactMap { $0 }.joined(separator: ", ")
    let detail = said.isEmpty ? "" : ": \(said)"
    switch status {
    case 401:
      let id = call.credentials.origin("client_id") ?? "?"
      let secret = call.credentials.origin("client_secret") ?? "?"
      return GatewayProblem(
        "401 authentication failed at Cashfree \(call.environment)\(detail)",
        hint:
          "x-client-id came from \(id), x-client-secret from \(secret); check they belong to \(call.environment) (`auth show`)"
      )
    case 404:
      return .notFound(query, at: "Cashfree", call, status: status, said: said)
    case 400 where type == "invalid_request_error" && (message ?? "").lowercased().contains("version"):
      return GatewayProblem(
        "400 Cashfree refused API version \(call.apiVersion)\(detail)",
        hint: "choose another with `use cashfree --version YYYY-MM-DD`")
    case 429:
      return GatewayProblem(
        "429 rate limited by Cashfree\(detail)",
        hint: "the gateway asked paysh to slow down; wait and fetch again")
    case 500...599:
      return GatewayProblem(
        "\(status) Cashfree failed on its side\(detail)",
        hint: "a gateway-side error; try again later, quote x-request-id \(call.requestID) to Cashfree support")
    default:
      return GatewayProblem(
        "\(status) from Cashfree\(detail)", hint: "", pointsAtAnswer: true)
    }
  }
}

/// A request the adapter cannot build.
public enum GatewayError: Error, Sendable, Hashable {
  case unsupported(String)
  case missingCredential(String)
}
