/// The embedded simulator as the core sees it: started on first use, it gives a root URL and the
/// fixed local credentials. The `paysh` executable supplies it; the core never imports the simulator.
public protocol LocalSimulator: Sendable {
  /// Starts the simulator if it is not running and returns its root URL (`http://127.0.0.1:PORT`).
  func root() async throws -> String
  /// The local credentials of `gateway`, by field name (`client_id`, `client_secret`, …).
  func credentials(for gateway: String) -> [String: String]
  /// The order ids of `gateway` the simulator holds from the start (its built-in fixtures), for Tab.
  func fixtureOrderIDs(gateway: String) -> [String]
  /// The root URL when the simulator is already running, without starting it: nil before its first use.
  func runningRoot() -> String?
}

extension LocalSimulator {
  /// The order ids of `gateway` the simulator holds from the start (its built-in fixtures), for Tab.
  public func fixtureOrderIDs(gateway: String) -> [String] { [] }
  /// The root URL when the simulator is already running, without starting it: nil before its first use.
  public func runningRoot() -> String? { nil }
}
