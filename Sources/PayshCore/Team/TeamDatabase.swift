import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The team store's connection to PostgreSQL: one `PostgresClient` (postgres-nio's pool) and the calls made
/// through it, with an async API and a synchronous bridge (`TeamDatabase+Calls`), every call bounded by
/// `timeout`.
///
/// **Its own event loop.** The database owns a one-thread `MultiThreadedEventLoopGroup`. The client's
/// connections live on that loop, and every task the database starts (the client's `run()`, each call's work,
/// the probes) has the loop as its executor preference (`EventLoopTaskExecutor`), so all of the team store's
/// work, continuations included, runs on that one thread and never needs a thread of Swift's cooperative pool
/// (2 threads here) nor of the NIO group paysh installs as the global executor. That is what makes the
/// synchronous bridge safe: a caller blocked waiting for a call (from async command code, or from libedit's
/// completion callback) holds a thread the work never needs. The only thread that must never wait is the
/// loop's own, and a synchronous call made there is refused (`TeamStoreError.wrongThread`) instead of hanging.
///
/// **Generations.** The client is made with its first call and kept while calls succeed. Before it serves a
/// call, a probe connects once directly (`PostgresConnection.connect`) and checks the server's version: so a
/// wrong password, a missing database or a refused connection is said at once with its real reason, where
/// the pool would only queue the request and retry in silence (its circuit breaker fails requests after about
/// 60 s). A call that finds the server gone (refused, timed out, connection lost) retires the client (its
/// `run()` is cancelled, its connections closed); the next call makes a new one, so a server stopped and
/// started again serves the next command without restarting paysh, and no backoff of the old pool is
/// inherited.
///
/// **Timeout.** Every call is settled within `timeout` (`connect_timeout` in the URL, else the setting given,
/// else 5 s): a timer on the loop settles it with `TeamStoreError.timedOut` and cancels the work, which is
/// not waited for. A call still running after `probeDelay` sends a probe alongside; when the probe finds the
/// server unreachable, the call ends at once with that reason instead of waiting for the timer.
public final class TeamDatabase: Sendable, CustomStringConvertible, CustomReflectable {
  public let url: PostgresStoreURL
  /// The bound on every call.
  public let timeout: Duration
  /// Where the password came from (`PGPASSWORD`, `~/.pgpass line 2`), for the refusal of a wrong one.
  public let passwordSource: String?

  public static let defaultTimeout: Duration = .seconds(5)
  /// How long a call runs before a probe checks that the server is still there: the store's queries take
  /// milliseconds, so a call this slow is most likely waiting on a pool that cannot connect.
  public static let probeDelay: Duration = .milliseconds(500)
  /// Connections one paysh keeps to the team's server at most.
  public static let maximumConnections = 4

  let group: MultiThreadedEventLoopGroup
  let loop: any EventLoop
  let executor: EventLoopTaskExecutor
  let clientConfiguration: PostgresClient.Configuration
  let probeConfiguration: PostgresConnection.Configuration
  let state = NIOLockedValueBox(State())

  static let quiet = Logger(label: "paysh.team-store", factory: { _ in SwiftLogNoOpLogHandler() })

  struct State {
    var generation: TeamGeneration?
    var closed = false
    var nextID = 1
    /// Tasks running on the loop: the loop is shut down only when none is left.
    var active = 0
    /// Each open call's way to end it when the database closes.
    var calls: [Int: @Sendable () -> Void] = [:]
  }

  /// A connection holder for `url`. Nothing is connected until the first call.
  /// - Parameters:
  ///   - password: from `TeamPassword.resolve`; nil when none was found (the server may trust the connection).
  ///   - timeout: the setting; `connect_timeout` in the URL comes first, `defaultTimeout` last.
  public init(
    url: PostgresStoreURL, password: TeamSecret?, passwordSource: String? = nil, timeout: Duration? = nil
  ) throws(TeamStoreError) {
    self.url = url
    self.timeout = url.connectTimeout ?? timeout ?? Self.defaultTimeout
    self.passwordSource = passwordSource
    let tls = try TeamTLS.configuration(for: url)
    let sslContext: NIOSSLContext?
    do {
      sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
    } catch {
      throw .tlsFailed(url, reason: TeamStoreError.brief("\(error)"))
    }

    var client = PostgresClient.Configuration(
      host: url.host, port: url.port, username: url.user, password: password?.reveal(), database: url.database,
      tls: tls.map { .require($0) } ?? .disable)
    client.options.connectTimeout = self.timeout
    client.options.maximumConnections = Self.maximumConnections
    client.options.additionalStartupParameters = [("application_name", "paysh")]
    self.clientConfiguration = client

    var probe = PostgresConnection.Configuration(
      host: url.host, port: url.port, username: url.user, password: password?.reveal(), database: url.database,
      tls: sslContext.map { .require($0) } ?? .disable)
    probe.options.connectTimeout = TimeAmount(self.timeout)
    probe.options.additionalStartupParameters = [("application_name", "paysh")]
    self.probeConfiguration = probe

    group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    loop = group.next()
    executor = EventLoopTaskExecutor(loop)
  }

  /// Resolves the password for `url` (`TeamPassword`) and makes the holder; the warnings are to be shown once.
  public static func make(
    url: PostgresStoreURL, passwordEnv: String? = nil, environment: [String: String], timeout: Duration? = nil
  ) throws(TeamStoreError) -> (database: TeamDatabase, warnings: [String]) {
    let password = TeamPassword.resolve(for: url, passwordEnv: passwordEnv, environment: environment)
    let database = try TeamDatabase(
      url: url, password: password.secret, passwordSource: password.source, timeout: timeout)
    return (database, password.warnings)
  }

  public var description: String { "team store \(url.masked)" }
  public var customMirror: Mirror { Mirror(self, children: ["url": url.masked]) }

  // MARK: Generations

  /// The client serving calls now, made when there is none.
  func currentGeneration(_ state: inout State) -> TeamGeneration {
    if let generation = state.generation { return generation }
    state.active += 2  // its run() and its probe
    let generation = TeamGeneration(database: self)
    state.generation = generation
    return generation
  }

  /// Ends `generation`: the next call makes a new client.
  func retire(_ generation: TeamGeneration) {
    state.withLockedValue { state in
      if state.generation === generation { state.generation = nil }
    }
    generation.retire()
  }

  /// Called by every task the database started, as it ends.
  func finished() {
    state.withLockedValue { $0.active -= 1 }
  }

  /// Connects once, directly, and checks the server's version: the real reason when the store cannot be used.
  func probe() async throws {
    let id = state.withLockedValue { state in
      defer { state.nextID += 1 }
      return state.nextID
    }
    let connection = try await PostgresConnection.connect(
      on: loop, configuration: probeConfiguration, id: id, logger: Self.quiet
    ).get()
    do {
      var version = ""
      for try await text in try await connection.query("SHOW server_version_num", logger: Self.quiet).decode(
        String.self)
      {
        version = text
      }
      try? await connection.close()
      try TeamServerVersion.check(version, url: url)
    } catch {
      try? await connection.close()
      throw error
    }
  }

  /// The error as the team store says it (`TeamStoreError`), or the caller's own error unchanged.
  func mapped(_ error: any Error) -> any Error {
    TeamStoreError.from(error, url: url, passwordSource: passwordSource, timeout: timeout)
  }
}

/// One `PostgresClient` with its `run()` task, and the probe that must pass before it serves a call.
final class TeamGeneration: Sendable {
  let client: PostgresClient
  let run: Task<Void, Never>
  let ready: Task<Void, any Error>
  private let verifiedFlag: NIOLockedValueBox<Bool>

  init(database: TeamDatabase) {
    let client = PostgresClient(
      configuration: database.clientConfiguration, eventLoopGroup: database.group,
      backgroundLogger: TeamDatabase.quiet)
    let verified = NIOLockedValueBox(false)
    self.client = client
    self.verifiedFlag = verified
    self.run = Task(executorPreference: database.executor) {
      defer { database.finished() }
      await client.run()
    }
    self.ready = Task(executorPreference: database.executor) {
      defer { database.finished() }
      try await database.probe()
      verified.withLockedValue { $0 = true }
    }
  }

  /// True once the probe passed: calls now wait only on the pool.
  var verified: Bool { verifiedFlag.withLockedValue { $0 } }

  func retire() {
    ready.cancel()
    run.cancel()
  }
}
