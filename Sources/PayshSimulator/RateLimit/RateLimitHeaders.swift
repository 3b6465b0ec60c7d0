import Foundation

/// The rate-limit side of a gateway request: whose window it counts in, and the headers its answer carries.
///
/// Cashfree (reference cashfree.md, Rate limits): `x-ratelimit-limit`, `x-ratelimit-remaining` (a sliding
/// window), `x-ratelimit-retry` (0 within the limit, else the seconds to wait), `x-ratelimit-type: app_id`, and
/// on a 429 `Retry-After` too. Paytring's and EnKash's docs name no headers: the simulator sends the common
/// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, and `Retry-After` on a 429.
enum RateLimitHeaders {
  /// The client a request counts for: Cashfree's `x-client-id`; Paytring's Basic user, else the body's
  /// `key` (v1 sends no header); EnKash's Bearer token, else the Basic client id (the token route); else `*`.
  static func client(of incoming: Incoming, _ gateway: Gateway) -> String {
    switch gateway {
    case .cashfree:
      return incoming.header("x-client-id") ?? "*"
    case .paytring:
      if let user = incoming.basicCredentials?.user { return user }
      return (try? incoming.json())?["key"]?.textValue ?? "*"
    case .enkash:
      if let token = incoming.bearerToken { return tokenPrefix + token }
      return incoming.basicCredentials?.user ?? "*"
    }
  }

  /// Marks an EnKash client that is a token (shown masked by the admin listing).
  static let tokenPrefix = "token "

  /// A client as the admin listing shows it: an EnKash token masked to its last four characters.
  static func shown(_ client: String) -> String {
    guard client.hasPrefix(tokenPrefix) else { return client }
    return "token …" + String(client.dropFirst(tokenPrefix.count).suffix(4))
  }

  /// The limiter's 429, in the gateway's error shape, with its headers.
  static func refusal(_ decision: RateDecision, _ gateway: Gateway) -> SimResponse {
    var response = GatewayErrors.rateLimited(gateway, retryAfter: decision.retryAfter)
    if gateway != .cashfree { response.headers.removeAll { $0.0.lowercased() == "x-ratelimit-retry" } }
    apply(decision, to: &response, gateway)
    return response
  }

  /// Writes the decision's headers on an answer of a limited route. `faultRetry` is the retry of a
  /// `rate_limit` fault that answered instead of the route (the window still counted the request).
  static func apply(
    _ decision: RateDecision, to response: inout SimResponse, _ gateway: Gateway, faultRetry: Int? = nil
  ) {
    let retry = faultRetry ?? decision.retryAfter
    let remaining = faultRetry == nil ? decision.remaining : 0
    switch gateway {
    case .cashfree:
      response.setHeader("x-ratelimit-limit", String(decision.limit))
      response.setHeader("x-ratelimit-remaining", String(remaining))
      response.setHeader("x-ratelimit-retry", String(retry))
      response.setHeader("x-ratelimit-type", "app_id")
    case .paytring, .enkash:
      response.setHeader("X-RateLimit-Limit", String(decision.limit))
      response.setHeader("X-RateLimit-Remaining", String(remaining))
    }
    if retry > 0 { response.setHeader("Retry-After", String(retry)) }
  }
}
