/// `export NAME FILE.paysh` / `--har FILE.har` / `--ops FILE.ops`: share a session as a store file, an HTTP
/// archive, or its command log as a replayable script.
struct ExportCommand: CommandHandler {
  let spec = CommandSpec(
    name: "export",
    synopsis: "export NAME FILE.paysh | export NAME --har FILE.har | export NAME --ops FILE.ops",
    abstract: "Write a session to a .paysh file (for import), a HAR 1.2 archive, or an .ops script",
    discussion: """
      A .paysh file is a self-contained SQLite store holding that one session: its snapshots byte for byte,
      its command log and named refs. A colleague runs `import FILE.paysh`, or looks inside without
      importing with `paysh open FILE.paysh`. --har writes HAR 1.2, which browser devtools and Postman load.
      --ops writes the session's command log as a script (auth bare, failed lines as comments) that
      `replay FILE.ops --offline --session NAME` answers from this session.
      Nothing secret is in either: snapshots are redacted before they are stored. An existing file is not
      replaced. NAME may be `.` for the current session.
      """,
    examples: [
      "export refund-dispute-4411 dispute.paysh", "export . --har triage.har", "export ticket-4821 --ops ticket.ops",
    ],
    arguments: [
      ArgumentSpec("name", .sessionName),
      ArgumentSpec("file", .file(extensions: ["paysh"]), optional: true),
    ],
    options: [
      OptionSpec("har", value: .file(extensions: ["har"]), "Write HAR 1.2 to this file instead"),
      OptionSpec("ops", value: .file(extensions: ["ops"]), "Write the command log as an .ops script instead"),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let given = [invocation.positionals.count > 1, invocation.value("har") != nil, invocation.value("ops") != nil]
      .filter { $0 }.count
    if given != 1 {
      return [
        invocation.syntaxError(
          given > 1
            ? "give one of FILE.paysh, --har FILE.har, --ops FILE.ops"
            : "export needs FILE.paysh, --har FILE.har or --ops FILE.ops",
          hint: "usage: \(spec.usage)")
      ]
    }
    return []
  }

  func storeChange(_ invocation: Invocation) -> String? {
    let file = invocation.value("ops") ?? invocation.value("har") ?? invocation.positionals.dropFirst().first
    return "write the file \(file?.raw ?? "")"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? "."
    let paysh = try invocation.text(at: 1, shell)
    let har = try invocation.value("har").map { try shell.expand($0, in: invocation) }
    let ops = try invocation.value("ops").map { try shell.expand($0, in: invocation) }
    let message = try invocation.withStore(shell) { log, store -> String in
      let found =
        try name == "." ? log.currentSession.flatMap { try store.session(id: $0) } : store.session(named: name)
      guard let session = found else {
        throw invocation.error(
          name == "." ? "no current session to export" : "no session named \(name)", at: invocation.positionals.first,
          hint: "`sessions` lists them")
      }
      let count = Counted.text(session.snapshots, "snapshot")
      if let ops {
        let entries = try store.commands(session: session.id).map { ($0.text, $0.status) }
        let header = ScriptWriter.header(
          origin: "exported from session \(session.label) (\(count))", date: session.createdAt, context: ShellContext())
        let script = ScriptWriter.script(entries, header: header)
        try HARWriter.write(script, to: ops)  // like every export: an existing file is not replaced
        let lines = script.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        return "wrote \(ops): \(Counted.text(lines, "line")) from \(session.label)"
      }
      if let har {
        let text = HARWriter().archive(try store.snapshots(session: session.id), sessionLabel: session.label)
        try HARWriter.write(text, to: har)
        return "wrote \(har): HAR 1.2, \(count) of \(session.label)"
      }
      let file = paysh ?? ""
      try store.export(session: session.id, to: file)
      return "wrote \(file): \(session.label), \(count)"
    }
    shell.output.write(message + "\n")
  }
}
