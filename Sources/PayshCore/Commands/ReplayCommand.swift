/// `replay FILE.ops|DIR`: run a recorded investigation again, live, offline from its recording, or live
/// compared with it.
struct ReplayCommand: CommandHandler {
  let spec = CommandSpec(
    name: "replay",
    synopsis:
      "replay FILE.ops|DIR [--offline [--session NAME|FILE.paysh]] [--compare NAME|FILE.paysh] [--fail-fast] [--report junit=FILE|tap|json=FILE] [--allow-store-changes]",
    abstract: "Replay an .ops script: live, offline from a recorded session, or compared with one",
    discussion: """
      The script runs in a fresh session of its own (its @1 is its first fetch). Live by default, against
      the gateways its `use` lines name. --offline answers every fetch from a recorded session (a name from
      `sessions`, or a .paysh file; by default the .paysh beside the script): the N-th fetch of an order gets
      its N-th recorded answer, nothing goes on the network and the clock is frozen, so the transcript is
      the same every time; a fetch the recording cannot answer stops the replay, naming the line and what the
      recording holds. --compare fetches live and shows, after each fetch, what changed since the recording.
      Failed `expect`s are reported and the replay goes on (--fail-fast stops at the first). With a
      directory, every .ops in it runs, with a summary line each and a total.
      A replay leaves your sessions and files alone: a line that would drop, open or import a session, export,
      record or write a report stops the script at that line, unless you add --allow-store-changes. `save`
      names the replay's own session (a taken name gets a free suffix, so a script replays any number of times).
      """,
    examples: [
      "replay ticket-4821.ops", "replay ticket-4821.ops --offline --session ticket-4821",
      "replay ticket-4821.ops --compare ticket-4821.paysh", "replay history/ --offline --report junit=report.xml",
    ],
    arguments: [ArgumentSpec("script", .file(extensions: ["ops"]))],
    options: [
      OptionSpec("offline", "Answer every fetch from the recording; no network"),
      OptionSpec("session", value: .text(placeholder: "NAME|FILE.paysh"), "The recording for --offline"),
      OptionSpec("compare", value: .text(placeholder: "NAME|FILE.paysh"), "Fetch live and diff with this recording"),
      OptionSpec("fail-fast", "Stop at the first failed expect"),
      OptionSpec("allow-store-changes", "Let the script drop, open, import, export and record"),
      OptionSpec("report", value: .text(placeholder: "FORMAT[=FILE]"), repeating: true, "junit=FILE, tap, json=FILE"),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if invocation.positionals.count > 1 {
      problems.append(invocation.syntaxError("replay takes one script or folder", at: invocation.positionals[1]))
    }
    var options = ReplayOptions()
    options.offline = invocation.flag("offline")
    options.session = invocation.value("session")?.raw
    options.compare = invocation.value("compare")?.raw
    if let problem = options.problem { problems.append(invocation.syntaxError(problem)) }
    for word in invocation.values("report") {
      if let text = word.literal {
        do {
          _ = try ReportWriter.Target(text)
        } catch {
          problems.append(invocation.syntaxError(error.message, at: word))
        }
      }
    }
    return problems
  }

  func storeChange(_ invocation: Invocation) -> String? {
    let files = invocation.values("report").filter { $0.raw.contains("=") }
    return files.isEmpty ? nil : "write the report \(files.map(\.raw).joined(separator: ", "))"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    var options = ReplayOptions()
    options.offline = invocation.flag("offline")
    options.session = try invocation.value("session").map { try shell.expand($0, in: invocation) }
    options.compare = try invocation.value("compare").map { try shell.expand($0, in: invocation) }
    options.failFast = invocation.flag("fail-fast")
    options.allowStoreChanges = invocation.flag("allow-store-changes")
    let targets = try invocation.values("report").map { word in
      do {
        return try ReportWriter.Target(try shell.expand(word, in: invocation))
      } catch let error as ReplayError {
        throw invocation.error(error.message, at: word)
      }
    }
    let path = try shell.expand(invocation.positionals[0], in: invocation)
    let batch: ScriptBatch
    do {
      batch = try ScriptBatch(path: path)
    } catch {
      throw invocation.error(
        error.message, at: invocation.positionals[0], hint: "replay takes an .ops file or a folder of them")
    }
    let outcomes: [ScriptOutcome]
    do {
      outcomes = try await batch.run(ReplayRunner(parent: shell, options: options), reports: targets)
    } catch {
      throw invocation.error(error.message)
    }
    let status = ScriptBatch.status(outcomes)
    if status != .ok {
      throw Diagnostic(
        .error, batch.failureLine(outcomes), span: invocation.node.span, source: invocation.source,
        kind: status == .expectation ? .expectation : .runtime)
    }
  }
}
