import Foundation
import Hummingbird
import Logging
import NIOCore
import PayshJSON
import ServiceLifecycle

/// The embedded gateway simulator: one HTTP/1.1 server on loopback speaking Cashfree, Paytring and EnKash.
///
/// Cashfree answers under `/pg/...`, Paytring under `/api/v1|v2/order/...`, EnKash at `/oauth/token` and
/// `/api/v0/order/orderDetails`, and the admin API under `/_sim/...`. It installs no signal handlers:
/// stop it with ``shutdown()``.
public final class Simulator: Sendable {
  /// The fixed local credentials every simulator accepts.
  public static let credentials = SimulatorCredentials.local

  /// The bound port.
  public let port: Int
  /// The bound host.
  public let host: String
  /// The clock scripted changes and tokens read.
  public let clock: SimulatorClock
  let store: SimulatorStore
  let group: ServiceGroup
  let task: Task<Void, any Error>
  /// Fires scripted `after_seconds` changes and webhook retries as the clock passes them.
  let poller: Task<Void, Never>

  /// The rate limits enforced now, oldest first (`GET /_sim/rate-limits`).
  public var rateLimits: [SimRateLimit] { store.rateLimiter.current }

  /// The webhook endpoints registered now (`GET /_sim/webhooks`).
  public var webhookEndpoints: [WebhookEndpoint] { store.webhooks.listEndpoints() }

  /// `http://127.0.0.1:PORT`.
  public var baseURL: String { "http://\(host):\(port)" }

  private init(
    port: Int, host: String, clock: SimulatorClock, store: SimulatorStore, group: ServiceGroup,
    task: Task<Void, any Error>, poller: Task<Void, Never>
  ) {
    self.port = port
    self.host = host
    self.clock = clock
    self.store = store
    self.group = group
    self.task = task
    self.poller = poller
  }

  /// Loads the fixtures and seed files, binds, and returns once the server accepts connections.
  public static func start(_ config: SimulatorConfiguration = .init()) async throws -> Simulator {
    let endpoints: [WebhookEndpoint]
    do {
      endpoints = try config.webhookURLs.map { try WebhookEndpoint(url: $0) }
    } catch {
      throw SimulatorStartError(message: "webhook: \(error)")
    }
    let webhooks = WebhookDispatcher(clock: config.clock, startupEndpoints: endpoints)
    do {
      return try await start(config, webhooks: webhooks)
    } catch {
      await webhooks.shutdown()
      throw error
    }
  }

  /// Loads, binds and starts the poller around a dispatcher the caller shuts down if this throws.
  private static func start(_ config: SimulatorConfiguration, webhooks: WebhookDispatcher) async throws -> Simulator {
    let store = SimulatorStore(
      clock: config.clock, tokenLifetime: config.enkashTokenLifetime, webhooks: webhooks,
      rateLimits: config.rateLimits)
    if config.builtinFixtures { try await store.load(seed: BuiltinFixtures.seed()) }
    for url in config.seedFiles {
      let data: Data
      do {
        data = try Data(contentsOf: url)
      } catch {
        throw SimulatorStartError(message: "seed \(url.path): cannot read it")
      }
      do {
        try await store.load(seed: JSONParser.parse(Array(data)), replace: true)
      } catch {
        let what = data.isEmpty ? "it is empty" : "\(error)"
        throw SimulatorStartError(
          message: "seed \(url.path): \(what); a seed is a JSON object of orders by gateway (docs/SIMULATOR.md)")
      }
    }
    await store.markBaseline()

    let address = SimAddress()
    let router = SimRouterBuilder(
      store: store, address: address, requestLog: config.requestLog, tokenLifetime: config.enkashTokenLifetime
    ).build()
    let quiet = Logger(label: "paysh.simulator") { _ in SwiftLogNoOpLogHandler() }
    let (ports, portSink) = AsyncStream<Int>.makeStream()
    let app = Application(
      router: router,
      server: SimHTTP1Channel.builder(clock: config.clock),
      configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port), serverName: nil),
      onServerRunning: { channel in
        portSink.yield(channel.localAddress?.port ?? 0)
        portSink.finish()
      },
      logger: quiet)
    let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: quiet)
    let task = Task {
      defer { portSink.finish() }
      try await group.run()
    }
    var bound: Int?
    for await port in ports {
      bound = port
      break
    }
    guard let bound, bound > 0 else {
      do {
        try await task.value
      } catch let error as IOError where error.errnoCode == EADDRINUSE {
        throw SimulatorStartError(message: "port \(config.port) on \(config.host) is in use", portInUse: true)
      } catch let error as IOError {
        throw SimulatorStartError(
          message: "cannot listen on \(config.host):\(config.port): \(String(cString: strerror(error.errnoCode)))")
      }
      throw SimulatorStartError(message: "the simulator stopped before it was listening")
    }
    address.set("http://\(config.host):\(bound)")
    let poller = Task {
      while !Task.isCancelled {
        try? await Task.sleep(for: pollInterval)
        await store.applyTimedChanges()
        webhooks.sendDueRetries()
      }
    }
    return Simulator(
      port: bound, host: config.host, clock: config.clock, store: store, group: group, task: task, poller: poller)
  }

  /// How often the clock is checked for due scripted changes and webhook retries (the clock admin routes
  /// and `GET /_sim/webhooks/deliveries?wait=1` check at once).
  static let pollInterval = Duration.milliseconds(200)

  /// Stops accepting, lets in-flight requests finish (at most 2 s), stops webhook attempts, then returns.
  public func shutdown() async {
    poller.cancel()
    await poller.value
    await group.triggerGracefulShutdown()
    let task = self.task
    let watchdog = Task {
      try await Task.sleep(for: .seconds(2))
      task.cancel()
    }
    _ = await task.result
    watchdog.cancel()
    await store.webhooks.shutdown()
  }

  /// Waits until the server stops (after ``shutdown()`` or a fatal error).
  public func wait() async throws {
    try await task.value
  }
}

/// The simulator could not start.
public struct SimulatorStartError: Error, CustomStringConvertible {
  public var message: String
  /// The port asked for is taken by another program.
  public var portInUse = false
  public var description: String { message }

  public init(message: String, portInUse: Bool = false) {
    self.message = message
    self.portInUse = portInUse
  }
}

/// The simulator's base URL, known once the port is bound; read by routes that build absolute links.
final class SimAddress: @unchecked Sendable {
  private let lock = NSLock()
  private var value = "http://127.0.0.1"

  var baseURL: String { lock.withLock { value } }

  func set(_ baseURL: String) { lock.withLock { value = baseURL } }
}
