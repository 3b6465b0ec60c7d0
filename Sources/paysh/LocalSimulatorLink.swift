import PayshCore
import PayshSimulator
import Synchronization

/// The `local` environment: starts the embedded simulator in-process on an ephemeral port the first
/// time a command needs it, and hands the core its root URL and fixed credentials.
final class LocalSimulatorLink: LocalSimulator {
  let state = Mutex<Task<Simulator, any Error>?>(nil)
  /// The root URL once the simulator listens.
  let started = Mutex<String?>(nil)

  func root() async throws -> String {
    let task = state.withLock { current -> Task<Simulator, any Error> in
      if let current { return current }
      let made = Task { try await Simulator.start() }
      current = made
      return made
    }
    let root = try await task.value.baseURL
    started.withLock { $0 = root }
    return root
  }

  func fixtureOrderIDs(gateway: String) -> [String] { Simulator.builtinOrderIDs(gateway: gateway) }

  func runningRoot() -> String? { started.withLock { $0 } }

  func credentials(for gateway: String) -> [String: String] {
    let local = Simulator.credentials
    switch gateway {
    case "cashfree": return ["client_id": local.cashfree.clientID, "client_secret": local.cashfree.clientSecret]
    case "paytring": return ["key": local.paytring.key, "secret": local.paytring.secret]
    case "enkash":
      return [
        "client_id": local.enkash.clientID, "client_secret": local.enkash.clientSecret,
        "username": local.enkash.username, "password": local.enkash.password,
      ]
    default: return [:]
    }
  }
}
