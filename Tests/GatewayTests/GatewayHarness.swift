import Foundation
import PayshCore
import PayshSimulator
import Synchronization

/// A simulator on an ephemeral loopback port and an interpreter wired to it, as the `local`
/// environment wires them in the shell; plus the admin API and a log of the requests the simulator saw.
final class GatewayHarness: @unchecked Sendable {
  let simulator: Simulator
  let shell: Interpreter
  let output: BufferedOutput
  let requests: RequestLog

  /// Lines the simulator logged, one per request.
  final class RequestLog: Sendable {
    let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
  }

  struct Link: LocalSimulator {
    let base: String
    func root() async throws -> String { base }
    func credentials(for gateway: String) -> [String: String] {
      let local = Simulator.credentials
      switch gateway {
      case "cashfree": return ["client_id": local.cashfree.clientID, "client_secret": local.cashfree.clientSecret]
      case "paytring": return ["key": local.paytring.key, "secret": local.paytring.secret]
      default:
        return [
          "client_id": local.enkash.clientID, "client_secret": local.enkash.clientSecret,
          "username": local.enkash.username, "password": local.enkash.password,
        ]
      }
    }
  }

  /// A new empty folder under the system temporary folder, named `paysh-NAME-<uuid>`.
  static func folder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("paysh-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A harness; `environment` is what the interpreter sees as the process environment; `configure` may
  /// change the simulator's configuration (its rate limit, …) before it starts.
  init(
    environment: [String: String] = [:], policy: RetryPolicy = .init(baseDelayMilliseconds: 5), timeout: Int = 30,
    configure: (inout SimulatorConfiguration) -> Void = { _ in }
  )
    async throws
  {
    let log = RequestLog()
    var configuration = SimulatorConfiguration(requestLog: { line in log.append(line) })
    configuration.clock = .manual()
    configure(&configuration)
    simulator = try await Simulator.start(configuration)
    requests = log
    output = BufferedOutput()
    shell = Interpreter(output: output, environment: environment)
    shell.services.localSimulator = Link(base: simulator.baseURL)
    shell.services.transportFactory = { HTTPTransport(policy: policy, timeoutSeconds: timeout) }
  }

  /// Runs `text` as a script; returns its status.
  @discardableResult
  func run(_ text: String) async -> PayshCore.ExitStatus {
    await shell.run(SourceFile(name: "test.ops", text: text), mode: .script)
  }

  /// Runs one line as typed at the prompt.
  @discardableResult
  func run(line: String) async -> PayshCore.ExitStatus {
    await shell.run(line: line)
  }

  /// Calls the simulator's admin API.
  @discardableResult
  func admin(_ method: String, _ path: String, _ body: String? = nil) async throws -> Int {
    let request = OutgoingRequest(
      method: method, url: simulator.baseURL + path, headers: [HTTPHeader("content-type", "application/json")],
      body: body.map { Array($0.utf8) })
    return try await HTTPTransport(policy: .none).send(request).response.status
  }

  /// The requests the simulator logged whose line contains `fragment`.
  func requestCount(_ fragment: String) -> Int {
    requests.lines.withLock { $0.filter { $0.contains(fragment) }.count }
  }

  /// The snapshot numbered `number`.
  func snapshot(_ number: Int) throws -> Snapshot? {
    try shell.services.snapshots.snapshot(number: number)
  }

  var last: Snapshot? {
    get throws { try shell.services.snapshots.snapshot(number: try shell.services.snapshots.count()) }
  }

  deinit {
    let simulator = self.simulator
    Task { await simulator.shutdown() }
  }
}
