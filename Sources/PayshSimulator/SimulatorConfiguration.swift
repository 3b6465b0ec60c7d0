import Foundation

/// How to start a ``Simulator``.
public struct SimulatorConfiguration: Sendable {
  /// The address to bind; only loopback makes sense.
  public var host = "127.0.0.1"
  /// The port; 0 picks a free ephemeral port.
  public var port = 0
  /// JSON seed files to load after the built-in fixtures (format in docs/SIMULATOR.md).
  public var seedFiles: [URL] = []
  /// Called once per request with a log line (time, gateway, method, path, status, ms), secrets masked.
  public var requestLog: (@Sendable (String) -> Void)? = nil
  /// The clock scripted changes, token expiry, webhook retries, rate-limit windows and every answer's `Date`
  /// header read: by default a ticking clock starting at the fixture day (``SimulatorClock/fixtureDay``,
  /// 2025-01-15T12:30:00+05:30) at rate 1 (`.ticking(from:rate:)` runs faster).
  public var clock: SimulatorClock = .fixture
  /// Whether to load the built-in fixtures (the seed documents' examples and one order per status).
  public var builtinFixtures = true
  /// Lifetime of EnKash access tokens, in seconds (`expires_in`).
  public var enkashTokenLifetime = 86_399
  /// Requests per minute announced in Cashfree's `x-ratelimit-limit` on routes no rate limit covers (not
  /// enforced).
  public var cashfreeRateLimit = 400
  /// Rate limits enforced from the start (`paysh sim --rate-limit`), kept by `/_sim/reset`; a later one for
  /// the same gateway and route replaces an earlier. None by default: nothing is enforced.
  public var rateLimits: [SimRateLimit] = []
  /// Webhook receivers registered at start (all gateways and events, Cashfree version 2025-01-01), kept by
  /// `/_sim/reset`; each must be http(s) to 127.0.0.1, ::1 or localhost.
  public var webhookURLs: [String] = []

  public init(
    host: String = "127.0.0.1", port: Int = 0, seedFiles: [URL] = [],
    requestLog: (@Sendable (String) -> Void)? = nil, clock: SimulatorClock = .fixture
  ) {
    self.host = host
    self.port = port
    self.seedFiles = seedFiles
    self.requestLog = requestLog
    self.clock = clock
  }
}
