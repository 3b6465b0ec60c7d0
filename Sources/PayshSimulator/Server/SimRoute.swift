/// A gateway route the simulator serves, named for fault targeting and request logs.
public struct SimRoute: Sendable, Equatable {
  public var gateway: Gateway
  /// Route name: Cashfree `order`, `payments`, `payment`, `refunds`, `refund`, `settlements`, `create_order`,
  /// `terminate_order`;
  /// Paytring `fetch`, `fetch_receipt`, `create_order`; EnKash `token`, `order_details`.
  public var name: String

  public init(_ gateway: Gateway, _ name: String) {
    self.gateway = gateway
    self.name = name
  }

  /// Route names per gateway.
  public static let all: [Gateway: [String]] = [
    .cashfree: [
      "order", "payments", "payment", "refunds", "refund", "settlements", "create_order", "terminate_order",
    ],
    .paytring: ["fetch", "fetch_receipt", "create_order"],
    .enkash: ["token", "order_details"],
  ]

  /// The route names of a gateway name, or of all gateways for `*`.
  static func names(for gateway: String) -> [String] {
    if let known = Gateway(rawValue: gateway) { return all[known] ?? [] }
    return Gateway.allCases.flatMap { all[$0] ?? [] }
  }
}
