/// The status of an order in paysh's own words, the same for every gateway.
///
/// Always shown beside the gateway's raw status, which is never thrown away.
public enum OrderStatus: String, Sendable, Hashable, CaseIterable {
  case open, pending, paid, failed, cancelled, expired, refunded, unknown
}
