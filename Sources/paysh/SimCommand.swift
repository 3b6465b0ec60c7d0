import ArgumentParser
import Dispatch
import Foundation
import PayshCore
import PayshSimulator

#if canImport(Glibc)
import Glibc
#endif

/// `paysh sim [--port N] [--seed FILE]… [--clock fixture|system] [--webhook URL]… [--credentials] [--quiet]`:
/// run the gateway simulator in the foreground.
struct SimCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sim",
    abstract: "Run the embedded Cashfree/Paytring/EnKash simulator on 127.0.0.1 until Ctrl-C.",
    discussion: """
      Prints the fixed local credentials, then one line per request (time, gateway, method, path, status, ms).
      The admin API is under /_sim/ (see docs/SIMULATOR.md). The fixture clock starts at
      2025-01-15T12:30:00+05:30, the day the built-in orders are dated, and ticks on from there;
      POST /_sim/clock/advance and /_sim/clock/set move it.
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
    config.clock = clock == .system ? .system : .fixture
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
        clock     \(clock.rawValue)  (GET /_sim/clock)
      """)
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
