import ArgumentParser
import Dispatch
import Foundation
import PayshCore
import PayshSimulator

#if canImport(Glibc)
import Glibc
#endif

/// `paysh sim [--port N] [--seed FILE]… [--clock fixture|system] [--clock-rate R] [--rate-limit SPEC]…
/// [--webhook URL]… [--credentials] [--quiet]`: run the gateway simulator in the foreground.
struct SimCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sim",
    abstract: "Run the embedded Cashfree/Paytring/EnKash simulator on 127.0.0.1 until Ctrl-C.",
    discussion: """
      Prints the fixed local credentials, then one line per request (time,
      gateway, method, path, status, ms). The admin API is under /_sim/ (see
      docs/SIMULATOR.md).

      The fixture clock starts at 2025-01-15T12:30:00+05:30, the day the
      built-in orders are dated, and ticks on from there at --clock-rate R
      simulated seconds per real second (1 to 1000, default 1; POST
      /_sim/clock/rate changes it). POST /_sim/clock/advance and
      /_sim/clock/set move it.

      No rate limit is enforced unless given. --rate-limit N (every gateway
      and route), GATEWAY=N or GATEWAY:ROUTE=N (e.g. cashfree:order=60)
      admits N requests in any 60 seconds of the simulator's clock, per route
      and client, and answers the others 429 in the gateway's shape with
      Retry-After. Routes: cashfree order, payments, payment, refunds, refund,
      settlements, create_order, terminate_order; paytring fetch,
      fetch_receipt, create_order; enkash token, order_details.
      POST /_sim/rate-limits adds more; /_sim/reset keeps the ones given here.
      """
  )

  @Option(help: ArgumentHelp("Port to listen on (0 picks a free one).", valueName: "N"))
  var port: Int = 8089

  @Option(
    name: .customLong("seed"),
    help: ArgumentHelp("A JSON seed file of extra orders (repeatable).", valueName: "FILE"))
  var seeds: [String] = []

  @Option(help: ArgumentHelp("The simulator's clock: fixture (the fixture day, ticking) or system.", valueName: "KIND"))
  var clock: ClockChoice = .fixture

  @Option(
    name: .customLong("clock-rate"),
    help: ArgumentHelp(
      "Simulated seconds per real second of the fixture clock, 1 to 1000 (default 1).", valueName: "R"))
  var clockRate: Double?

  @Option(
    name: .customLong("rate-limit"),
    help: ArgumentHelp(
      "Enforce a rate limit: N, GATEWAY=N or GATEWAY:ROUTE=N requests a minute (repeatable).",
      valueName: "SPEC"))
  var rateLimitSpecs: [String] = []

  @Option(
    name: .customLong("webhook"),
    help: ArgumentHelp(
      "Send webhooks of every gateway and event to URL, a loopback http(s) URL (repeatable).", valueName: "URL"))
  var webhooks: [String] = []

  @Flag(help: "Print the local credentials as JSON and exit.")
  var credentials = false

  @Flag(help: "Do not print a line per request.")
  var quiet = false

  func validate() throws {
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    if let clockRate {
      let range = SimulatorClock.rateRange
      guard range.contains(clockRate) else {
        throw ValidationError(
          "--clock-rate must be from \(Int(range.lowerBound)) to \(Int(range.upperBound)) simulated seconds "
            + "per real second (got \(clockRate))")
      }
      guard clock == .fixture else {
        throw ValidationError("--clock-rate needs the fixture clock: the system clock runs at the machine's rate")
      }
    }
    _ = try rateLimits()
    for url in webhooks {
      do {
        _ = try WebhookEndpoint(url: url)
      } catch {
        throw ValidationError("--webhook \(url): \(error)")
      }
    }
    for seed in seeds {
      // The simulator reads each seed whole: only a regular file within the cap (never a FIFO or a device).
      if case .failure(let refusal) = FileText.checkReadable(seed, what: "seed", limit: FileText.maxTextBytes()) {
        throw ValidationError("--seed \(seed): \(refusal.reason)")
      }
    }
  }

  func run() async throws {
    if credentials {
      Self.say(Simulator.credentials.json)
      return
    }
    var config = SimulatorConfiguration()
    config.port = port
    config.clock = clock == .system ? .system : .ticking(from: SimulatorClock.fixtureDay, rate: clockRate ?? 1)
    config.rateLimits = try rateLimits()
    config.seedFiles = seeds.map { URL(fileURLWithPath: $0) }
    config.webhookURLs = webhooks
    if !quiet {
      config.requestLog = { line in Self.say(line) }
    }
    let simulator: Simulator
    do {
      simulator = try await Simulator.start(config)
    } catch let error as SimulatorStartError {
      let line = error.portInUse ? "\(error.message); pick another with --port" : "cannot start: \(error.message)"
      FileHandle.standardError.write(Data(TerminalText.safe("paysh sim: \(line)\n", keepingStyle: false).utf8))
      throw ExitCode(3)
    } catch {
      FileHandle.standardError.write(
        Data(TerminalText.safe("paysh sim: cannot start: \(error)\n", keepingStyle: false).utf8))
      throw ExitCode(3)
    }
    let creds = Simulator.credentials
    Self.say(
      """
      paysh simulator listening on \(simulator.baseURL)  (Ctrl-C stops it)
        cashfree  \(simulator.baseURL)/pg   x-client-id: \(creds.cashfree.clientID)  x-client-secret: \(creds.cashfree.clientSecret)
        paytring  \(simulator.baseURL)/api  key: \(creds.paytring.key)  secret: \(creds.paytring.secret)
        enkash    \(simulator.baseURL)      client: \(creds.enkash.clientID):\(creds.enkash.clientSecret)  user: \(creds.enkash.username)  password: \(creds.enkash.password)
        admin     \(simulator.baseURL)/_sim/
        clock     \(clockLine)  (GET /_sim/clock)
      """)
    for limit in simulator.rateLimits {
      Self.say("  limit     \(limit.gateway):\(limit.route)  \(limit.perMinute) requests a minute  (id \(limit.id))")
    }
    for endpoint in simulator.webhookEndpoints {
      Self.say(
        "  webhook   \(endpoint.id) \(endpoint.url)  (all gateways and events, version \(endpoint.version.rawValue))")
    }
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    interrupt.setEventHandler { Task { await simulator.shutdown() } }
    interrupt.resume()
    let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    terminate.setEventHandler { Task { await simulator.shutdown() } }
    terminate.resume()
    try? await simulator.wait()
    interrupt.cancel()
    terminate.cancel()
    Self.say("paysh simulator stopped")
  }

  /// The `--rate-limit` specs read; a bad one is refused with what was wrong and the forms accepted.
  func rateLimits() throws -> [SimRateLimit] {
    try rateLimitSpecs.map { spec in
      do {
        return try SimRateLimit(spec: spec)
      } catch {
        throw ValidationError("--rate-limit \(spec): \(error)")
      }
    }
  }

  /// The banner's clock: `fixture`, `fixture at 60 simulated seconds a second`, `system`.
  var clockLine: String {
    guard clock == .fixture, let clockRate, clockRate != 1 else { return clock.rawValue }
    let rate = clockRate == clockRate.rounded() ? String(Int(clockRate)) : String(clockRate)
    return "fixture at \(rate) simulated seconds a second"
  }

  /// Writes one line to stdout unbuffered (log lines must appear as requests happen).
  static func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }
}

/// `--clock`: which clock the simulator runs on.
enum ClockChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  /// Ticking from 2025-01-15T12:30:00+05:30, movable through the admin API.
  case fixture
  /// The machine's time.
  case system
}

extension SimCommand: EntryPoint {
  func execute() async throws { try await run() }
}
