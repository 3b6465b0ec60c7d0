extension Simulator {
  /// The order ids of `gateway`'s built-in fixtures (docs/SIMULATOR.md), in the order they are listed: what
  /// Tab offers after `fetch` in `local`. Empty for an unknown gateway.
  public static func builtinOrderIDs(gateway: String) -> [String] {
    guard let entries = (try? BuiltinFixtures.seed())?[gateway]?.arrayValue else { return [] }
    let key = gateway == "enkash" ? "orderId" : "order_id"
    return entries.compactMap { $0["order"]?[key]?.textValue }
  }
}
