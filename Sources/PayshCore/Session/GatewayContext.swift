/// Resolves, for the gateway in use, where requests go, with which credentials, under which version.
struct GatewayContext {
  let adapter: any GatewayAdapter
  let environment: String
  let apiVersion: String
  let baseURL: String
  let key: String

  /// The context of the shell's current `use`, starting the simulator for `local` when needed.
  static func current(_ shell: Interpreter, _ invocation: Invocation) async throws -> GatewayContext {
    guard let name = shell.context.gateway else {
      throw invocation.error(
        "no gateway chosen",
        hint: "choose one first: `use cashfree`, `use paytring` or `use enkash` (local needs no credentials)")
    }
    guard let adapter = GatewayCatalog.adapter(named: name) else {
      throw invocation.error("unknown gateway '\(name)'")
    }
    let environment = shell.context.environment
    let version = shell.context.apiVersion ?? adapter.defaultVersion
    let base: String
    if shell.services.recorded?.use == .offline {
      base = "offline:"  // nothing is sent: every answer comes from the recording
    } else if let override = shell.context.baseURL {
      base = override.hasSuffix("/") ? String(override.dropLast()) : override
    } else if environment == "local" {
      guard let simulator = shell.services.localSimulator else {
        throw invocation.error(
          "the local simulator is not available in this build", hint: "use sandbox or production, or --base-url URL")
      }
      do {
        base = adapter.localBaseURL(root: try await simulator.root())
      } catch {
        throw invocation.error(
          "could not start the local simulator: \(error)", hint: "try `paysh sim` in another terminal to see why")
      }
    } else if let known = adapter.baseURL(for: environment) {
      base = known
    } else {
      throw invocation.error(
        "\(name) has no \(environment) host", hint: "give one with `use \(name) \(environment) --base-url URL`")
    }
    return GatewayContext(
      adapter: adapter, environment: environment, apiVersion: version, baseURL: base, key: "\(name)@\(environment)")
  }

  /// True when the base URL's host is this machine's loopback (`127.0.0.1`, `localhost`, `[::1]`).
  var reachesLoopback: Bool { GatewayContext.isLoopback(baseURL) }

  /// In `local`, where the simulator's admin API is (`http://127.0.0.1:PORT` of `http://127.0.0.1:PORT/pg`):
  /// the embedded simulator's, or the `paysh sim` that --base-url names. Nil elsewhere.
  var simulatorRoot: String? {
    guard environment == "local", reachesLoopback, let slashes = baseURL.firstRange(of: "://") else { return nil }
    guard let path = baseURL[slashes.upperBound...].firstIndex(of: "/") else { return baseURL }
    return String(baseURL[..<path])
  }

  /// True when `url` reaches `127.0.0.1`, `localhost` or `[::1]` however it is read: nothing but that host
  /// and a port between `://` and the path, so no user part or `?`/`#` trick can name another host.
  static func isLoopback(_ url: String) -> Bool {
    guard let slashes = url.firstRange(of: "://") else { return false }  // the standard library's, not Foundation's
    let authority = url[slashes.upperBound...].prefix { !"/?#\\".contains($0) }.lowercased()
    return ["127.0.0.1", "localhost", "[::1]"].contains { host in
      guard authority.hasPrefix(host) else { return false }
      let port = authority.dropFirst(host.count)
      return port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    }
  }

  /// A new request id: `paysh-` and 16 hex digits.
  static func requestID() -> String {
    var generator = SystemRandomNumberGenerator()
    let value = generator.next()
    let hex = String(value, radix: 16)
    return "paysh-" + String(repeating: "0", count: 16 - hex.count) + hex
  }
}
