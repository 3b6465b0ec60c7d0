/// The three gateways the simulator speaks.
public enum Gateway: String, Sendable, CaseIterable, Hashable {
  case cashfree
  case paytring
  case enkash

  /// Parses a gateway name from a path or JSON (case-insensitive).
  init(name: String) throws {
    guard let gateway = Gateway(rawValue: name.lowercased()) else {
      throw SimulatorError.badRequest("unknown gateway '\(name)': use cashfree, paytring or enkash")
    }
    self = gateway
  }
}

/// An order of one gateway, identified by the id its fetch route takes.
struct OrderKey: Hashable, Sendable {
  var gateway: Gateway
  var id: String
}
