/// `import FILE.paysh`: merge a shared session into the store.
struct ImportCommand: CommandHandler {
  let spec = CommandSpec(
    name: "import",
    synopsis: "import FILE.paysh",
    abstract: "Merge the session of a .paysh file into the store",
    discussion: """
      The file is checked first: a damaged file, one from a newer paysh, or one that is not a paysh store is
      refused and nothing changes. A session the store already has is not added twice; a name already taken
      gets a suffix (-2, -3, …). `open NAME` then makes it current. A file holding more than one session
      (an export holds one; a whole store copied also imports) has each imported, and is said to hold them.
      HAR is an export format only (`export NAME --har FILE.har`): paysh does not read it back.
      """,
    examples: ["import dispute.paysh"],
    arguments: [ArgumentSpec("file", .file(extensions: ["paysh"]))]
  )

  func storeChange(_ invocation: Invocation) -> String? {
    "add the sessions of \(invocation.positionals.first?.raw ?? "the file") to the store"
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let file = try invocation.text(at: 0, shell) ?? ""
    if file.lowercased().hasSuffix(".har") {
      throw invocation.error(
        "\(file) is a HAR file: paysh writes HAR (for browser devtools and Postman) but does not read it",
        at: invocation.positionals.first,
        hint: "import takes a .paysh file, which `export NAME FILE.paysh` writes")
    }
    let outcomes = try invocation.withStore(shell) { _, store in try store.importSessions(from: file) }
    guard !outcomes.isEmpty else {
      shell.output.write("\(TerminalText.inline(file)) holds no session\n")
      return
    }
    var out = ""
    if outcomes.count > 1 {
      out += "\(TerminalText.inline(file)) holds \(Counted.text(outcomes.count, "session")) (an export holds one):\n"
    }
    for outcome in outcomes {
      switch outcome {
      case .imported(let name, let renamedFrom, let snapshots):
        let renamed =
          renamedFrom.map { original in
            let why = SessionName.problem(original) == nil ? "was taken" : "is not a valid session name"
            return " (\(TerminalText.inline(original)) \(why))"
          } ?? ""
        out +=
          "imported \(name)\(renamed): \(Counted.text(snapshots, "snapshot")); `open \(name)` to use it\n"
      case .alreadyPresent(let name):
        out += "already imported as \(name): nothing added\n"
      }
    }
    shell.output.write(out)
  }
}
