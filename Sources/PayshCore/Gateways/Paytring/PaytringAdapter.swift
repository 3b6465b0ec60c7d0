import PayshJSON

/// Paytring: `POST /api/v2/order/fetch` (Basic auth + SHA-512 hash) and `/api/v2/order/fetch/receipt`;
/// v1 (`/api/v1/...`) sends no Authorization header, the hash alone authenticates.
///
/// Docs: https://docs.paytring.com/api-reference/endpoint/fetch
public struct PaytringAdapter: GatewayAdapter {
  public init() {}

  public let name = "paytring"
  public let defaultVersion = "v2"
  public let credentialFields = [
    CredentialField("key", env: "PAYTRING_KEY", secret: false),
    CredentialField("secret", env: "PAYTRING_SECRET", secret: true),
  ]

  /// Paytring documents one host; test and live keys share it (a separate sandbox host is UNCONFIRMED).
  public func baseURL(for environment: String) -> String? {
    switch environment {
    case "sandbox", "production": "https://api.paytring.com"
    default: nil
    }
  }

  public func localBaseURL(root: String) -> String { root }

  public func supports(_ query: FetchQuery) -> Bool {
    switch query {
    case .order, .receipt: true
    default: false
    }
  }

  public func request(for query: FetchQuery, _ call: GatewayCall) throws -> OutgoingRequest {
    guard let key = call.credentials["key"], let secret = call.credentials["secret"] else {
      throw GatewayError.missingCredential("Paytring needs its key and secret: run `auth`")
    }
    let (path, id): (String, String)
    switch query {
    case .order(let order): (path, id) = ("order/fetch", order)
    case .receipt(let receipt): (path, id) = ("order/fetch/receipt", receipt)
    default:
      throw GatewayError.unsupported("Paytring answers orders by id or by receipt id (`fetch --receipt ID`)")
    }
    let hash = PaytringHash.hash([("key", key), ("id", id)], secret: secret)
    let body = JSONValue.object(
      JSONObject([.init("key", .string(key)), .init("id", .string(id)), .init("hash", .string(hash))]))
    var headers = [HTTPHeader("content-type", "application/json"), HTTPHeader("accept", "application/json")]
    if call.apiVersion != "v1" {
      headers.append(HTTPHeader("authorization", "Basic " + Base64.encode(Array("\(key):\(secret)".utf8))))
    }
    return OutgoingRequest(
      method: "POST", url: "\(call.baseURL)/api/\(call.apiVersion)/\(path)", headers: headers,
      body: Array(JSONPrinter.compact(body).utf8))
  }

  public func normalize(_ body: JSONValue, query: FetchQuery, environment: String) -> Order? {
    guard let order = body["order"], case .object = order else { return nil }
    return PaytringNormalizer.order(order, environment: environment)
  }

  /// The order's attempt, which Paytring's order answer carries.
  public func parts(_ body: JSONValue, resource: String) -> OrderParts? {
    resource == "order" ? PaytringAttempt.payments(body).map(OrderParts.payments) : nil
  }

  public func problem(status: Int, body: JSONValue?, call: GatewayCall, query: FetchQuery) -> GatewayProblem? {
    let failed = body?["status"] == .bool(false)
    guard status >= 400 || failed else { return nil }
    let message = body?["error"]?["message"]?.stringValue ?? body?["message"]?.stringValue
    let code = body?["error"]?["code"]?.scalarText
    let detail = [message, code.map { "code \($0)" }].compactMap { $0 }.joined(separator: ", ")
    let said = detail.isEmpty ? "" : ": \(detail)"
    let lowered = (message ?? "").lowercased()
    if status == 401 || lowered.contains("hash") || lowered.contains("api key") || lowered.contains("unauthor") {
      let key = call.credentials.origin("key") ?? "?"
      let secret = call.credentials.origin("secret") ?? "?"
      return GatewayProblem(
        "\(status) Paytring refused the credentials\(said)",
        hint: "key came from \(key), secret from \(secret); the hash is sha512(id|key|secret): a wrong secret breaks it"
      )
    }
    if lowered.contains("not found") || status == 404 {
      return .notFound(
        query, at: "Paytring", call, status: status, said: detail,
        idNote: " (Paytring's order_id, or --receipt for your receipt id)")
    }
    return GatewayProblem("\(status) from Paytring\(said)", hint: "", pointsAtAnswer: true)
  }
}
