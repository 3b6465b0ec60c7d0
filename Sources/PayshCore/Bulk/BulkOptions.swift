/// The options of a run over many orders (`fetch --from`, `case --from`, `check --from`).
struct BulkOptions: Sendable {
  /// The file named (`-` for standard input), as given.
  var from: String
  var column: String?
  /// Requests at once.
  var jobs: Int
  var progress: Bool
  /// `--out FILE.csv` or `FILE.jsonl`.
  var out: String?
  var resume: Bool

  static let defaultJobs = 8
  static let mostJobs = 64

  /// The options every `--from` command takes besides `--from` itself.
  static func specs(fetching: Bool) -> [OptionSpec] {
    var specs = [
      OptionSpec(
        "from", value: .file(extensions: ["txt", "csv"]),
        "Run over the order ids of FILE (one a line, or CSV; - for stdin)"),
      OptionSpec(
        "column", value: .text(placeholder: "NAME"),
        "With --from: the CSV column of the ids (default: the first named or ending in order_id)"),
      OptionSpec(
        "out", value: .file(extensions: ["csv", "jsonl"]),
        "With --from: write one row per id to FILE.csv or FILE.jsonl (a new file)"),
      OptionSpec("progress", "With --from on a terminal: draw a progress bar"),
    ]
    if fetching {
      specs += [
        OptionSpec(
          "jobs", value: .text(placeholder: "N"),
          "With --from: requests at once (default \(defaultJobs), at most \(mostJobs)); the rate limit still rules"),
        OptionSpec("resume", "With --from: skip the ids this session has answered already"),
      ]
    }
    return specs
  }

  /// The words that make no sense without `--from`, and a bad `--jobs` or `--out`: refused before running.
  static func check(_ invocation: Invocation) -> [Diagnostic] {
    guard invocation.value("from") != nil else {
      for name in ["column", "out", "progress", "jobs", "resume"] where invocation.options[name] != nil {
        return [
          invocation.syntaxError("--\(name) goes with --from FILE", hint: "give the file of order ids: --from FILE")
        ]
      }
      return []
    }
    if let word = invocation.value("jobs"), let text = word.literal {
      guard let jobs = Int(text), (1...mostJobs).contains(jobs) else {
        return [
          invocation.syntaxError("--jobs takes a number from 1 to \(mostJobs)", at: word, hint: "for example --jobs 8")
        ]
      }
    }
    if let word = invocation.value("out"), let text = word.literal,
      !(text.hasSuffix(".csv") || text.hasSuffix(".jsonl"))
    {
      return [
        invocation.syntaxError(
          "--out writes FILE.csv or FILE.jsonl", at: word, hint: "name the file with one of those endings")
      ]
    }
    return []
  }

  /// `--from` beside an order id or `--json` (`case`, `check`): refused; else the checks of `check`.
  static func checkAlone(_ invocation: Invocation, _ command: String) -> [Diagnostic] {
    guard invocation.value("from") != nil else { return check(invocation) }
    if let word = invocation.positionals.first {
      return [
        invocation.syntaxError(
          "--from takes the place of the order id", at: word, hint: "write `\(command) --from FILE`")
      ]
    }
    if invocation.flag("json") {
      return [
        invocation.syntaxError("--json does not go with --from", hint: "--out FILE.jsonl writes one JSON row an id")
      ]
    }
    return check(invocation)
  }

  /// The options as given, variables expanded.
  static func read(_ invocation: Invocation, _ shell: Interpreter) throws -> BulkOptions {
    guard let from = invocation.value("from") else { throw invocation.error("--from FILE is missing") }
    var options = BulkOptions(
      from: try shell.expand(from, in: invocation), column: nil, jobs: defaultJobs,
      progress: invocation.flag("progress"), out: nil, resume: invocation.flag("resume"))
    if let column = invocation.value("column") { options.column = try shell.expand(column, in: invocation) }
    if let word = invocation.value("jobs") {
      let text = try shell.expand(word, in: invocation)
      guard let jobs = Int(text), (1...mostJobs).contains(jobs) else {
        throw invocation.error("--jobs takes a number from 1 to \(mostJobs), not '\(text)'", at: word)
      }
      options.jobs = jobs
    }
    if let word = invocation.value("out") {
      let path = try shell.expand(word, in: invocation)
      guard path.hasSuffix(".csv") || path.hasSuffix(".jsonl") else {
        throw invocation.error("--out writes FILE.csv or FILE.jsonl, not '\(path)'", at: word)
      }
      options.out = path
    }
    return options
  }

  /// The ids of the file, every line skipped named on stderr (`ids.txt:4: skipped: empty line`).
  func ids(_ invocation: Invocation, _ shell: Interpreter) throws -> IDList {
    let read = from == "-" ? FileText.standardInput() : FileText.contents(from)
    let bytes: [UInt8]
    switch read {
    case .failure(let refusal):
      throw invocation.error("\(refusal)", at: invocation.value("from"), hint: "nothing was fetched")
    case .success(let contents): bytes = contents
    }
    let redactor = shell.services.redactor
    let name = from == "-" ? "<stdin>" : from
    switch IDList.read(
      bytes, column: column,
      refuses: { id in
        PathEncoding.idProblem(id) ?? (redactor.containsKnownSecret(id) ? "it holds a secret paysh holds" : nil)
      })
    {
    case .failure(let refusal):
      throw invocation.error(
        "\(name): \(refusal.message)", at: invocation.value("from"), hint: "\(refusal.hint); nothing was fetched")
    case .success(let list):
      var lines = ""
      for skip in list.skipped.prefix(IDList.namedSkips) {
        lines += "\(name):\(skip.line): skipped: \(skip.reason)\n"
      }
      if list.skipped.count > IDList.namedSkips {
        lines += "\(name): … and \(Counted.text(list.skipped.count - IDList.namedSkips, "more line")) skipped\n"
      }
      if !lines.isEmpty { shell.output.writeError(lines) }
      return list
    }
  }
}
