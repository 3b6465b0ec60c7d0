/// The request rates each gateway documents, per minute, by environment and endpoint: what a limiter starts
/// from before the gateway's own headers say more.
///
/// Cashfree production: "Rate limits" in Cashfree's PG docs (Get Order 400, Get Payments 100, Get Payments by
/// ID 130, Get Settlements 30, Get Refund 30, per account). Cashfree sandbox: the figures of the sandbox
/// limits page (Get Order 60, Get Payments 30, Get Settlements 20, Get Refund 60), not confirmed by a primary
/// source; an endpoint it does not name gets the lowest sandbox figure, 20. Paytring and EnKash publish no
/// limits: none is assumed, their headers and 429s alone slow paysh down. `local` (the simulator) has none
/// unless `paysh sim --rate-limit` sets them, which its headers then say.
/// (../shared/reference/cashfree.md, "Rate limits", lists the sources.)
public enum DocumentedLimits {
  /// The rate limit class of a query: the endpoint the gateway counts it under.
  public static func endpoint(of query: FetchQuery) -> String {
    switch query {
    case .order, .receipt: "order"
    case .payments: "payments"
    case .payment: "payment"
    case .refunds, .refund: "refunds"
    case .settlements: "settlements"
    }
  }

  /// Requests a minute documented for `gateway` in `environment` at `endpoint`; nil when none is documented.
  public static func perMinute(gateway: String, environment: String, endpoint: String) -> Int? {
    guard gateway == "cashfree" else { return nil }
    switch environment {
    case "production":
      return ["order": 400, "payments": 100, "payment": 130, "settlements": 30, "refunds": 30][endpoint]
    case "sandbox":
      return ["order": 60, "payments": 30, "payment": 30, "settlements": 20, "refunds": 60][endpoint] ?? 20
    default:
      return nil
    }
  }
}
