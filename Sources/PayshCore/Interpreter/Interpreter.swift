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
  /// Where results and errors go. Reading it first settles a script's fetch left unsettled, so whatever
  /// is written here comes after what that fetch shows.
  public var output: any OutputSink {
    settleFetch()
    return sink
  }
  let sink: any OutputSink
  /// A script's last fetch, answered but neither committed nor shown yet: `FetchCommand` leaves it so, and
  /// the next fetch settles it (commits it, then shows it) while its own request is out, so the commit
  /// costs a script no time of its own. Anything else settles it first: every other command, any output,
  /// the end of the run. Nothing is shown before it is stored, and the snapshots keep their order.
  var unsettled: (invocation: Invocation, settle: () throws -> Void)?
  /// Set when settling a fetch failed (its snapshot could not be stored): the script stops there.
  var settleFailed = false
  public var style: TextStyle
  /// The process environment, as commands should see it (injected so tests control it).
  public let environment: [String: String]
  /// Set by `quit`: the status to leave with.
  public internal(set) var quitStatus: ExitStatus?
  /// The transport, credentials, simulator and snapshot log commands reach through.
  public let services = Services()
  /// Stop a script at the first failed `expect` (`--fail-fast`) instead of going on to the end.
  public var failFast = false
  /// The first error this interpreter met that was not a failed `expect`, as one line with its place
  /// (`t.ops:4:1: no cashfree client_id for local`): what reports say a script stopped on.
  public internal(set) var firstFailure: String?
  /// The worst status seen so far (the exit status of a stdin run).
  public internal(set) var status: ExitStatus = .ok
  /// How the source now running is run: lines typed (or piped) one by one, or a script.
  public internal(set) var mode: Mode = .interactive
  let binder: Binder

  public init(
    registry: Registry = .standard, output: any OutputSink, style: TextStyle = .plain,
    environment: [String: String] = [:]
  ) {
    self.registry = registry
    self.sink = output
    self.style = style
    self.environment = environment
    self.binder = Binder(registry: registry)
  }

  /// Reads and binds every command of `source`, returning the bound commands or all the diagnostics.
  public func check(_ source: SourceFile) -> Result<[(any CommandHandler, Invocation)], BindFailure> {
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
    var result = await runChecked(source)
    settleFetch()
    if settleFailed {
      settleFailed = false
      result = result.combined(with: .runtime)
    }
    self.mode = outerMode
    do {
      try services.snapshots.flushCommands()
    } catch {
      output.writeError("warning: could not keep the command log: \(error)\n")
    }
    status = before
    note(result)
    return result
  }

  /// Runs one line typed at the prompt (or read from stdin as line `lineNumber`).
  @discardableResult
  public func run(line: String, name: String = "<input>", lineNumber: Int = 1) async -> ExitStatus {
    await run(SourceFile(name: name, text: line, firstLine: lineNumber), mode: .interactive)
  }

  func runChecked(_ source: SourceFile) async -> ExitStatus {
    let bound: [(any CommandHandler, Invocation)]
    switch check(source) {
    case .failure(let failure):
      output.writeError(DiagnosticRenderer(style: style).render(all: failure.diagnostics))
      if firstFailure == nil { firstFailure = failure.diagnostics.first?.placedMessage(in: source) }
      return .syntax
    case .success(let commands): bound = commands
    }
    for (handler, invocation) in bound {
      if Task.isCancelled { break }
      let lineStatus = await execute(handler, invocation)
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
    // Only a fetch may begin with the fetch before it unsettled: any other command may read the store.
    if !(handler is FetchCommand) {
      settleFetch()
      if settleFailed { return .runtime }
    }
    if let refusal = services.replayPolicy?.refusal(handler, invocation) {
      if firstFailure == nil { firstFailure = refusal.placedMessage(in: invocation.source) }
      report([refusal])
      note(.runtime)
      recordCommand(invocation, status: .runtime)
      return .runtime
    }
    var status = await perform(handler, invocation)
    if settleFailed { status = .runtime }  // the fetch before this one was not stored: neither is this one
    recordCommand(invocation, status: status)
    return status
  }

  /// Keeps the line in the session's command log (for record/replay and audit), unless it may carry a secret.
  func recordCommand(_ invocation: Invocation, status: ExitStatus) {
    guard services.recorder != nil || services.snapshots.keepsCommands else { return }
    let text = invocation.source.text(of: invocation.node.span)
    let secret = SecretPolicy.commandCarriesSecret([invocation.node.name] + invocation.node.arguments)
    if let recorder = services.recorder {
      do {
        // `auth` is written bare whatever it was given; other secret-bearing lines are left out.
        if !secret || invocation.spec.name == "auth" { try recorder.record(text, status: Int(status.rawValue)) }
      } catch {
        output.writeError("warning: \(error); recording stopped\n")
        services.recorder = nil
      }
    }
    guard !secret else { return }
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
      if diagnostic.kind != .expectation, firstFailure == nil {
        firstFailure = diagnostic.placedMessage(in: invocation.source)
      }
      report([diagnostic])
      note(diagnostic.kind.exitStatus)
      return diagnostic.kind.exitStatus
    } catch is CancellationError {
      if firstFailure == nil { firstFailure = "interrupted" }
      output.writeError("interrupted\n")
      note(.runtime)
      return .runtime
    } catch {
      report([invocation.error("\(invocation.spec.name) failed: \(error)")])
      note(.runtime)
      return .runtime
    }
  }

  /// Commits and shows the fetch left unsettled, if any. When it cannot be stored, its line's error is
  /// reported and the script stops (`settleFailed`).
  func settleFetch() {
    guard let pending = unsettled else { return }
    unsettled = nil
    do {
      try pending.settle()
    } catch {
      let diagnostic = error as? Diagnostic ?? pending.invocation.error("fetch failed: \(error)")
      if firstFailure == nil { firstFailure = diagnostic.placedMessage(in: pending.invocation.source) }
      settleFailed = true
      note(.runtime)
      report([diagnostic])
    }
  }

  /// Remembers a failure for the run's exit status: the first kind of failure seen wins, except that
  /// a runtime failure outranks an expectation.
  func note(_ failure: ExitStatus) {
    status = status.combined(with: failure)
  }

  /// Prints diagnostics to stderr.
  public func report(_ diagnostics: [Diagnostic]) {
    let renderer = DiagnosticRenderer(style: style)
    output.writeError(diagnostics.map(renderer.render).joined(separator: "\n"))
  }

  /// Asks the current command loop to end with `status`.
  public func requestQuit(_ status: ExitStatus) { quitStatus = status }
}
