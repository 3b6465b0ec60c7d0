/// Runs `.ops` commands: the one path behind the REPL, `paysh run`, `paysh -c` and lines on stdin.
///
/// A script is read and bound completely before anything runs, so a script with mistakes reports all of
/// them (exit 2) and changes nothing. Then its commands run in order; in a script a runtime failure
/// stops the run (exit 3), while a failed expectation lets it go on (exit 4 at the end). At the prompt
/// every line stands alone: its errors are shown and the shell goes on.
public final class Interpreter {
  /// How failures end a run.
  public enum Mode: Sendable {
    /// `paysh run` and `-c`: stop at the first runtime failure.
    case script
    /// The REPL and stdin: show the failure and go on with the next line.
    case interactive
  }

  public let registry: Registry
  public var context = ShellContext()
  /// Where results and errors go (secrets masked).
  public var output: any OutputSink { sink }
  let sink: any OutputSink
  /// The line now running, and whether its text went into the command log already (with a snapshot it
  /// made: `lineForSnapshot`).
  var running: (invocation: Invocation, logged: Bool)?
  /// Whether this run has said "interrupted" already (a cancelled command did).
  var saidInterrupted = false
  public var style: TextStyle
  /// The process environment, as commands should see it (injected so tests control it).
  public let environment: [String: String]
  /// Set by `quit`: the status to leave with.
  public internal(set) var quitStatus: ExitStatus?
  /// The transport, credentials, simulator and snapshot log commands reach through.
  public let services: Services
  /// Stop a script at the first failed `expect` (`--fail-fast`) instead of going on to the end.
  public var failFast = false
  /// The first error this interpreter met that was not a failed `expect`, as one line with its place
  /// (`t.ops:4:1: no cashfree client_id for local`): what reports say a script stopped on.
  public internal(set) var firstFailure: String?
  /// The worst status seen so far (the exit status of a stdin run).
  public internal(set) var status: ExitStatus = .ok
  /// How the source now running is run: lines typed (or piped) one by one, or a script.
  public internal(set) var mode: Mode = .interactive
  /// How diagnostics are laid out: `.prompt` in the interactive shell (lines a person just typed).
  public var diagnosticForm: DiagnosticRenderer.Form = .full
  let binder: Binder

  public init(
    registry: Registry = .standard, output: any OutputSink, style: TextStyle = .plain,
    environment: [String: String] = [:]
  ) {
    self.registry = registry
    let services = Services()
    self.services = services
    self.sink = RedactingOutput(output, redactor: services.currentRedactor)
    self.style = style
    self.environment = environment
    self.binder = Binder(registry: registry)
    services.environmentSecrets = Services.environmentSecrets(in: environment)
  }

  /// Reads and binds every command of `source`, returning the bound commands or all the diagnostics.
  public func check(_ source: SourceFile) -> Result<[(any CommandHandler, Invocation)], BindFailure> {
    if let refused = source.encodingDiagnostic { return .failure(BindFailure([refused])) }
    let script = Parser.parse(source)
    var diagnostics = script.diagnostics
    var bound: [(any CommandHandler, Invocation)] = []
    var binder = self.binder
    for node in script.commands {
      binder.suggests = diagnostics.count < DiagnosticRenderer.shownDiagnostics
      switch binder.bind(node, source: source) {
      case .success(let pair): bound.append(pair)
      case .failure(let failure): diagnostics.append(contentsOf: failure.diagnostics)
      }
    }
    diagnostics.sort { ($0.span?.start.offset ?? 0) < ($1.span?.start.offset ?? 0) }
    let errors = diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty { return .failure(BindFailure(diagnostics)) }
    if !diagnostics.isEmpty { report(diagnostics) }
    return .success(bound)
  }

  /// Runs a whole source: all of it is checked first; returns how the run ended.
  @discardableResult
  public func run(_ source: SourceFile, mode: Mode = .script) async -> ExitStatus {
    // Each run reports its own status; the interpreter's `status` keeps the first failure of all runs.
    let before = status
    let outerMode = self.mode
    status = .ok
    self.mode = mode
    let result = await runChecked(source)
    self.mode = outerMode
    do {
      try services.snapshots.flushCommands()
    } catch {
      output.writeError("warning: could not keep the command log: \(error)\n")
    }
    tellLogNotices()
    status = before
    note(result)
    return result
  }

  /// Runs one line typed at the prompt (or read from stdin as line `lineNumber`).
  @discardableResult
  public func run(line: String, name: String = "<input>", lineNumber: Int = 1) async -> ExitStatus {
    await run(SourceFile(name: name, text: line, firstLine: lineNumber), mode: .interactive)
  }

  /// Runs one line read as bytes (from stdin as line `lineNumber`): a line that is not UTF-8 is refused.
  @discardableResult
  public func run(lineBytes: [UInt8], name: String = "<input>", lineNumber: Int = 1) async -> ExitStatus {
    await run(SourceFile(name: name, bytes: lineBytes, firstLine: lineNumber), mode: .interactive)
  }

  func runChecked(_ source: SourceFile) async -> ExitStatus {
    let bound: [(any CommandHandler, Invocation)]
    switch check(source) {
    case .failure(let failure):
      output.writeError(DiagnosticRenderer(style: style, form: diagnosticForm).render(all: failure.diagnostics))
      if let first = failure.diagnostics.first { noteFirstFailure(first.placedMessage(in: source)) }
      return .syntax
    case .success(let commands): bound = commands
    }
    saidInterrupted = false
    var index = 0
    while index < bound.count {
      if Task.isCancelled {
        // Interrupted (Ctrl-C, a signal to a script): the run ends here, as a failure, said once.
        noteFirstFailure("interrupted")
        if !saidInterrupted { output.writeError("interrupted\n") }
        note(.runtime)
        return .runtime
      }
      let lineStatus: ExitStatus
      let fetches = fetchRun(bound, from: index)
      if fetches.isEmpty {
        lineStatus = await execute(bound[index].0, bound[index].1)
        index += 1
      } else {
        let (ran, status) = await runFetchLines(bound, fetches)
        lineStatus = status
        index += ran
      }
      if let quitStatus { return quitStatus }
      if mode == .script, lineStatus == .runtime || lineStatus == .usage || lineStatus == .syntax {
        return lineStatus
      }
      if failFast, lineStatus == .expectation { return lineStatus }
    }
    return status
  }

  /// Runs one bound command, rendering any diagnostic it throws.
  func execute(_ handler: any CommandHandler, _ invocation: Invocation) async -> ExitStatus {
    if let refusal = services.replayPolicy?.refusal(handler, invocation) {
      noteFirstFailure(refusal.placedMessage(in: invocation.source))
      report([refusal])
      note(.runtime)
      recordCommand(invocation, status: .runtime, logged: false)
      return .runtime
    }
    running = (invocation, false)
    let status = await perform(handler, invocation)
    recordCommand(invocation, status: status, logged: running?.logged ?? false)
    running = nil
    // A line that changed the store is in the log at once, as its effect is.
    if mode == .script, Interpreter.changesTheStore.contains(invocation.spec.name) {
      do { try services.snapshots.flushCommands() } catch {
        output.writeError("warning: could not keep the command in the session log: \(error)\n")
      }
    }
    tellLogNotices()
    return status
  }

  /// Says once what happened to the log behind the shell's back; a dropped session takes its `@names` with it.
  func tellLogNotices() {
    for notice in services.snapshots.takeNotices() {
      if notice == .sessionDropped { context.refs = [:] }
      output.writeError(notice.message + "\n")
    }
  }

  /// The commands besides `fetch` and `watch` (whose lines go in with their snapshots) that change the store.
  static let changesTheStore: Set<String> = ["save", "open", "drop", "import", "set"]

  /// The command log line of `invocation` for the snapshot it is about to commit, to go into the same
  /// transaction; nil when it is not the line running, was logged already (a `watch` storing its second change), is not logged
  /// at all, or may carry a secret. `failing`: the line will fail on this answer.
  func lineForSnapshot(of invocation: Invocation, failing: Bool) -> LoggedLine? {
    guard let current = running, !current.logged, current.invocation.node.span == invocation.node.span,
      current.invocation.source.name == invocation.source.name, services.snapshots.keepsCommands
    else { return nil }
    running?.logged = true
    guard let text = loggableText(invocation) else { return nil }
    return LoggedLine(text: text, status: failing ? .runtime : .ok)
  }

  /// The line as the command log keeps it (a card number masked), or nil when it may carry a secret.
  func loggableText(_ invocation: Invocation) -> String? {
    let text = Redactor.maskingCards(in: invocation.source.text(of: invocation.node.span))
    let secret =
      SecretPolicy.commandCarriesSecret([invocation.node.name] + invocation.node.arguments)
      || services.redactor.containsKnownSecret(text)
    return secret ? nil : text
  }

  /// Keeps the line in the session's command log (for record/replay and audit), unless it may carry a secret
  /// or went in with the snapshot it made (`logged`); and in the recording, if one is on.
  func recordCommand(_ invocation: Invocation, status: ExitStatus, logged: Bool) {
    guard services.recorder != nil || (services.snapshots.keepsCommands && !logged) else { return }
    let text = loggableText(invocation)
    if let recorder = services.recorder {
      do {
        // `auth` is written bare whatever it was given; other secret-bearing lines are left out.
        if let recorded = text ?? (invocation.spec.name == "auth" ? "auth" : nil) {
          try recorder.record(recorded, status: Int(status.rawValue))
        }
      } catch {
        output.writeError("warning: \(error); recording stopped\n")
        services.recorder = nil
      }
    }
    guard let text, !logged else { return }
    do {
      try services.snapshots.recordCommand(text, status: status)
    } catch {
      output.writeError("warning: could not keep the command in the session log: \(error)\n")
    }
  }

  func perform(_ handler: any CommandHandler, _ invocation: Invocation) async -> ExitStatus {
    do {
      try await handler.run(invocation, in: self)
      return .ok
    } catch let diagnostic as Diagnostic {
      if diagnostic.kind != .expectation { noteFirstFailure(diagnostic.placedMessage(in: invocation.source)) }
      report([diagnostic])
      note(diagnostic.kind.exitStatus)
      return diagnostic.kind.exitStatus
    } catch is CancellationError {
      noteFirstFailure("interrupted")
      output.writeError("interrupted\n")
      saidInterrupted = true
      note(.runtime)
      return .runtime
    } catch {
      report([invocation.error("\(invocation.spec.name) failed: \(error)")])
      note(.runtime)
      return .runtime
    }
  }

  /// Keeps `message` as `firstFailure` (what reports say a script stopped on) unless one is kept already;
  /// secrets masked, as reports are written outside the output.
  func noteFirstFailure(_ message: String) {
    if firstFailure == nil { firstFailure = services.redactor.text(message) }
  }

  /// Remembers a failure for the run's exit status: the first kind of failure seen wins, except that
  /// a runtime failure outranks an expectation.
  func note(_ failure: ExitStatus) {
    status = status.combined(with: failure)
  }

  /// Prints diagnostics to stderr.
  public func report(_ diagnostics: [Diagnostic]) {
    let renderer = DiagnosticRenderer(style: style, form: diagnosticForm)
    output.writeError(diagnostics.map(renderer.render).joined(separator: "\n"))
  }

  /// Asks the current command loop to end with `status`.
  public func requestQuit(_ status: ExitStatus) { quitStatus = status }
}
