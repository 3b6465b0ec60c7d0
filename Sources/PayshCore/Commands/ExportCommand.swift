/// `export NAME FILE.paysh` / `export NAME --har FILE.har`: share a session as a store file or an HTTP archive.
struct ExportCommand: CommandHandler {
  let spec = CommandSpec(
    name: "export",
    synopsis: "export NAME FILE.paysh | export NAME --har FILE.har",
    abstract: "Write a session to a .paysh file (for import) or a HAR 1.2 archive",
    discussion: """
      A .paysh file is a self-contained SQLite store holding that one session: its snapshots byte for byte,
      its command log and named refs. A colleague runs `import FILE.paysh`, or looks inside without
      importing with `paysh open FILE.paysh`. --har writes HAR 1.2, which browser devtools and Postman load.
      Nothing secret is in either: snapshots are redacted before they are stored. An existing file is not
      replaced. NAME may be `.` for the current session.
      """,
    examples: ["export refund-dispute-4411 dispute.paysh", "export . --har triage.har"],
    arguments: [
      ArgumentSpec("name", .text(placeholder: "NAME")),
      ArgumentSpec("file", .file(extensions: ["paysh"]), optional: true),
    ],
    options: [OptionSpec("har", value: .file(extensions: ["har"]), "Write HAR 1.2 to this file instead")]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let hasFile = invocation.positionals.count > 1
    if hasFile == (invocation.value("har") != nil) {
      return [
        invocation.syntaxError(
          hasFile ? "give FILE.paysh or --har FILE.har, not both" : "export needs FILE.paysh or --har FILE.har",
          hint: "usage: \(spec.synopsis)")
      ]
    }
    return []
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let name = try invocation.text(at: 0, shell) ?? "."
    let paysh = try invocation.text(at: 1, shell)
    let har = try invocation.value("har").map { try shell.expand($0, in: invocation) }
    let message = try invocation.withStore(shell) { log, store -> String in
      let found =
        try name == "." ? log.currentSession.flatMap { try store.session(id: $0) } : store.session(named: name)
      guard let session = found else {
        throw invocation.error(
          name == "." ? "no current session to export" : "no session named \(name)", at: invocation.positionals.first,
          hint: "`sessions` lists them")
      }
      let count = "\(session.snapshots) snapshot\(session.snapshots == 1 ? "" : "s")"
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
