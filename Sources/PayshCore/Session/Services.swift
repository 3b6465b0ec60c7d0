import PayshJSON
import Synchronization

/// What commands reach beyond the interpreter: the HTTP transport, credentials and tokens, the local
/// simulator and the snapshot log. Everything heavy is created on first use, so `help` starts fast.
public final class Services {
  /// A token with the monotonic time (µs) after which it must be renewed.
  public struct Token: Sendable, Hashable {
    public var value: String
    public var renewAfter: Int
    public var expiresInSeconds: Int
  }

  /// The embedded simulator, when the executable provides one.
  public var localSimulator: (any LocalSimulator)?
  /// Asks the user for a credential (echo off for secrets); nil when no terminal can ask.
  /// Throws `CancellationError` when the person cancels the question (Ctrl-C).
  public var prompter: (@Sendable (_ label: String, _ secret: Bool) throws -> String?)?
  /// Where snapshots are committed.
  public var snapshots: any SnapshotLog = MemorySnapshotLog()
  /// The recorded session a replay answers from (`--offline`) or compares with (`--compare`).
  public var recorded: RecordedAnswers?
  /// The scripts being replayed around this shell, outermost first (real paths): a script may not
  /// replay itself, directly or through others.
  public var replaying: [String] = []
  /// Set in a replayed script (`paysh run`, `replay`): what it may change of the replayer's store and files.
  public var replayPolicy: ReplayPolicy?
  /// The `.ops` file lines are being recorded into (`record start`).
  public var recorder: ScriptRecorder?
  /// The last fetched answer's stored bytes and their parse: `expect` right after a fetch need not parse
  /// them again (a hit needs the very same bytes, so a snapshot of another session never matches wrongly).
  public var lastBody: (bytes: [UInt8], body: JSONValue)?
  /// Every `expect` checked in this run, for the summary and `--report`.
  public var expectations: [ExpectationResult] = []
  /// Time for commands that wait (`watch`): the system's, or a manual one in tests.
  public var clock: any ShellClock = SystemClock()
  /// Credentials by `gateway@environment`.
  public var credentials: [String: Credentials] = [:] { didSet { refreshRedactor() } }
  /// Tokens by `gateway@environment`.
  public var tokens: [String: Token] = [:] { didSet { refreshRedactor() } }
  /// Secret values in the process environment: every gateway's secret credential variables
  /// (`CASHFREE_CLIENT_SECRET`, `ENKASH_PASSWORD`, …), held whether or not that gateway is in use.
  public var environmentSecrets: [String] = [] { didSet { refreshRedactor() } }
  /// The redactor for the secrets now held, made again whenever they change; shared with the interpreter's
  /// output, which masks them in everything written.
  let currentRedactor = RedactorCell()
  /// Logins the gateway refused, by `gateway@environment`: the same credentials are not sent again until
  /// `auth` is run or they change (EnKash locks a user after three failed logins).
  public var refusedLogins: [String: RefusedLogin] = [:]
  /// Config profiles (from config.toml), loaded on first use.
  /// Where a bulk run's `--progress` bar is drawn: the terminal's stderr line, set by the shell when stderr
  /// is a terminal; nil elsewhere (then `--progress` draws nothing).
  public var progress: (any ProgressLine)?
  /// The pace of requests per gateway, environment and endpoint.
  public let rateLimits = RateLimits()
  public var transportFactory: @Sendable () -> HTTPTransport = { HTTPTransport() }
  var cachedTransport: HTTPTransport?

  public init() {}

  /// The HTTP transport, created on first use.
  public var transport: HTTPTransport {
    if let cachedTransport { return cachedTransport }
    let made = transportFactory()
    cachedTransport = made
    return made
  }

  /// A redactor that knows every secret value this shell holds.
  public var redactor: Redactor { currentRedactor.value }

  func refreshRedactor() {
    currentRedactor.value = Redactor(knownSecrets: knownSecrets(fields: GatewayCatalog.credentialFields))
  }

  /// The values of every gateway's secret credential variables set in `environment`.
  public static func environmentSecrets(in environment: [String: String]) -> [String] {
    GatewayCatalog.credentialFields.values.flatMap { fields in
      fields.filter(\.isSecret).compactMap { environment[$0.environmentVariable] }
    }
  }

  /// Every secret value in hand (credentials marked secret, tokens), for the redactor's exact-value net.
  public func knownSecrets(fields: [String: [CredentialField]]) -> [String] {
    var secrets: [String] = []
    for (key, credentials) in self.credentials {
      let gateway = String(key.prefix { $0 != "@" })
      let secretNames = Set((fields[gateway] ?? []).filter(\.isSecret).map(\.name))
      for (name, value) in credentials.values where secretNames.contains(name) { secrets.append(value.value) }
    }
    secrets += tokens.values.map(\.value)
    secrets += environmentSecrets
    return secrets
  }
}

/// The redactor in force, readable from any thread (the output that masks secrets holds the same cell).
final class RedactorCell: Sendable {
  let cell = Mutex(Redactor())
  var value: Redactor {
    get { cell.withLock { $0 } }
    set { cell.withLock { $0 = newValue } }
  }
}
