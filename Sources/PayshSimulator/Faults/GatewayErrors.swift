import PayshJSON

/// Each gateway's error bodies, for real errors and injected faults.
enum GatewayErrors {
  /// Cashfree's error object `{"message","code","type"}`.
  ///
  /// https://www.cashfree.com/docs/api-reference/payments/errors
  static func cashfree(_ status: Int, message: String, code: String, type: String) -> SimResponse {
    .json(
      .obj(["message": .string(message), "code": .string(code), "type": .string(type)]), status: status,
      contentType: "application/json; charset=UTF-8")
  }

  /// Paytring's error envelope `{"status":false,"error":{"message","code"}}`.
  ///
  /// https://docs.paytring.com/api-reference/endpoint/fetch
  static func paytring(_ status: Int, message: String, code: Int? = nil) -> SimResponse {
    .json(
      .obj(["status": false, "error": .obj(["message": .string(message), "code": .int(code ?? status)])]),
      status: status)
  }

  /// EnKash's OAuth-style error `{"error","error_description"}` (token endpoint, bearer failures).
  static func enkashOAuth(_ status: Int, error: String, description: String) -> SimResponse {
    .json(.obj(["error": .string(error), "error_description": .string(description)]), status: status)
  }

  /// EnKash's API envelope with `response_code` 1 and a message.
  static func enkashFailure(_ status: Int, message: String, envelope: String = "paylod") -> SimResponse {
    .json(
      .object(
        JSONObject([
          JSONObject.Member(envelope, .null),
          JSONObject.Member("response_message", .string(message)),
          JSONObject.Member("response_code", 1),
        ])), status: status)
  }

  /// A 429 in the gateway's shape, with `x-ratelimit-retry` and `Retry-After`.
  static func rateLimited(_ gateway: Gateway, retryAfter: Int) -> SimResponse {
    var response: SimResponse
    switch gateway {
    case .cashfree:
      response = cashfree(
        429, message: "Too many requests from IP. Check headers", code: "request_failed", type: "rate_limit_error")
    case .paytring:
      response = paytring(429, message: "Too Many Attempts.")
    case .enkash:
      response = enkashFailure(429, message: "Too many requests")
    }
    response.setHeader("x-ratelimit-retry", String(retryAfter))
    response.setHeader("Retry-After", String(retryAfter))
    return response
  }

  /// A 500, 502 or 503 in the gateway's shape (Cashfree 502 is `bank_processing_failure`).
  static func serverError(_ route: SimRoute, status: Int) -> SimResponse {
    switch route.gateway {
    case .cashfree:
      switch status {
      case 502:
        return cashfree(
          502, message: "bank processing failure", code: "bank_processing_failure", type: "api_error")
      case 503:
        return cashfree(
          503, message: "service unavailable, please try again", code: "service_unavailable", type: "api_error")
      default:
        return cashfree(500, message: "internal Server Error", code: "internal_error", type: "api_error")
      }
    case .paytring:
      let messages = [500: "Server Error", 502: "Bad Gateway", 503: "Service Unavailable"]
      return paytring(status, message: messages[status] ?? "Server Error")
    case .enkash:
      let messages = [500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"]
      return enkashFailure(status, message: messages[status] ?? "Internal Server Error")
    }
  }
}
