/// How a script is replayed: live or offline, against which recording, how failures end it.
public struct ReplayOptions: Sendable, Hashable {
  /// Answer every fetch from a recording; no network, a frozen clock.
  public var offline = false
  /// The recording: a stored session's name or a `.paysh` file. Offline without one, the `.paysh` beside
  /// the script (`ticket.ops` → `ticket.paysh`) is used.
  public var session: String?
  /// Live, diffing each answer against this recording (a session name or a `.paysh` file).
  public var compare: String?
  /// Stop at the first failed `expect`.
  public var failFast = false
  /// `--allow-store-changes`: the script may drop, open, import, export and record (see `ReplayPolicy`).
  public var allowStoreChanges = false
  /// `--var NAME=VALUE`, set before the script runs.
  public var variables: [String: String] = [:]

  public init() {}

  /// What is wrong with this combination, if anything.
  public var problem: String? {
    if offline, compare != nil { return "--offline and --compare exclude each other (--compare fetches live)" }
    if session != nil, !offline { return "--session goes with --offline (for a live comparison use --compare)" }
    return nil
  }
}

/// How one script run ended, for the summary line and the reports.
public struct ScriptOutcome: Sendable, Hashable {
  public var file: String
  public var status: ExitStatus
  public var expectations: [ExpectationResult]
  /// The fetches it made (or was answered from a recording).
  public var fetches: Int
  public var microseconds: Int
  /// The first error that ended it, when one did (exit 1–3), as one line.
  public var error: String?

  public init(
    file: String, status: ExitStatus, expectations: [ExpectationResult], fetches: Int, microseconds: Int,
    error: String? = nil
  ) {
    self.file = file
    self.status = status
    self.expectations = expectations
    self.fetches = fetches
    self.microseconds = microseconds
    self.error = error
  }

  public var failedExpectations: Int { expectations.filter { !$0.passed }.count }

  /// `ok    history/a.ops  5 expectations, 3 fetches, 12 ms` or `FAIL  …  exit 4: 1 of 5 expectations failed`.
  public var summaryLine: String {
    let counts =
      "\(expectations.count) expectation\(expectations.count == 1 ? "" : "s"), \(fetches) fetch\(fetches == 1 ? "" : "es")"
    if status == .ok { return "ok    \(file)  \(counts)" }
    let why =
      status == .expectation && failedExpectations > 0
      ? "\(failedExpectations) of \(expectations.count) expectation\(expectations.count == 1 ? "" : "s") failed"
      : (error ?? "stopped")
    return "FAIL  \(file)  exit \(status.rawValue): \(why)"
  }
}
