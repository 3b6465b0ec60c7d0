/// `watch <id>`: fetch again and again, keep a snapshot only when something changed, show each change.
struct WatchCommand: CommandHandler {
  let spec = CommandSpec(
    name: "watch",
    synopsis: "watch <id> [payments|refunds|settlements] [--every 5s] [--until CONDITION] [--max 10m] [--all]",
    abstract: "Fetch an order repeatedly and show what changes, until a condition holds",
    discussion: """
      The first answer is stored; after that a snapshot is stored only when the answer changed (by the rules
      of `diff`: volatile fields like payment_session_id do not count unless --all), and the diff is shown.
      Waits --every between fetches (default 5s, at least 1s; s, m, h), longer when the gateway's rate-limit
      headers ask for it or say no requests remain in the window (a minute when they do not say how long). Stops when --until holds (a condition as `expect` writes it: "status == paid",
      ".payments count >= 1", "http != 200"), when --max has passed (default 10m), or on Ctrl-C.
      Exit status: 0 when the condition held (or --max passed with no condition), 4 when --max passed
      before the condition held, 3 when interrupted or the gateway could not be reached.
      """,
    examples: [
      "watch cf_sim_pays_later --every 2s --until \"status == paid\"", "watch order_1 refunds --every 30s --max 1h",
    ],
    arguments: [
      ArgumentSpec("id", .orderID),
      ArgumentSpec("part", .choice(["payments", "refunds", "settlements"]), optional: true),
    ],
    options: [
      OptionSpec("every", value: .text(placeholder: "DURATION"), "Time between fetches (default 5s)"),
      OptionSpec("until", value: .text(placeholder: "CONDITION"), "Stop when this holds, e.g. \"status == paid\""),
      OptionSpec("max", value: .text(placeholder: "DURATION"), "Stop after this long (default 10m)"),
      OptionSpec("all", "Count changes to volatile fields too"),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if invocation.positionals.count > 2 {
      problems.append(
        invocation.syntaxError("watch takes an order id and a part at most", at: invocation.positionals[2]))
    }
    for name in ["every", "max"] {
      if let word = invocation.value(name), let text = word.literal, WatchCommand.duration(text) == nil {
        let problem = WatchCommand.durationProblem(text)
        problems.append(invocation.syntaxError(problem.message, at: word, hint: problem.hint))
      }
    }
    if let word = invocation.value("every"), let text = word.literal, let every = WatchCommand.duration(text),
      let problem = WatchCommand.tooOften(every, text)
    {
      problems.append(invocation.syntaxError(problem.message, at: word, hint: problem.hint))
    }
    if let word = invocation.value("until"), let text = word.literal {
      do {
        _ = try WatchCommand.condition(text)
      } catch {
        problems.append(invocation.syntaxError("--until: \(error.message)", at: word, hint: error.hint))
      }
    }
    return problems
  }

  /// The longest duration `--every` and `--max` take: a year.
  static let longest = 366 * 24 * 3_600_000_000
  /// The shortest `--every`: a second. A watch is for a person to follow an order, not a load test.
  static let shortestEvery = 1_000_000

  /// Why `--every` `text` (`every` microseconds) is refused, when it is under a second.
  static func tooOften(_ every: Int, _ text: String) -> GatewayProblem? {
    guard every < shortestEvery else { return nil }
    return GatewayProblem(
      "--every \(text) is shorter than \(Watcher.show(shortestEvery)), the shortest interval watch allows",
      hint: "a watch fetches at most once a second, so it cannot hammer the gateway: write --every 1s or longer")
  }

  /// `500ms`, `5s`, `10m`, `1h`, or a bare number of seconds, in microseconds; nil when it is none of
  /// those or longer than a year.
  /// Why `text` is not a duration `duration` reads, with the forms it takes.
  static func durationProblem(_ text: String) -> (message: String, hint: String) {
    (
      "'\(text)' is not a duration: a whole number with ms, s, m or h, more than 0 and at most a year",
      "e.g. 1500ms (fractions are written in a smaller unit), 90s, 10m, 1h"
    )
  }

  /// Option `name`'s duration in microseconds (a `$variable` expanded now); nil when it is not given.
  static func duration(option name: String, _ invocation: Invocation, _ shell: Interpreter) throws -> Int? {
    guard let word = invocation.value(name) else { return nil }
    let text = try shell.expand(word, in: invocation)
    guard let value = WatchCommand.duration(text) else {
      let problem = WatchCommand.durationProblem(text)
      throw invocation.error(problem.message, at: word, hint: problem.hint)
    }
    return value
  }

  static func duration(_ text: String) -> Int? {
    let units: [(String, Int)] = [("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000)]
    var scale = 1_000_000
    var digits = Substring(text)
    for (suffix, unit) in units where text.hasSuffix(suffix) {
      scale = unit
      digits = text.dropLast(suffix.count)
      break
    }
    guard let number = Int(digits), number > 0 else { return nil }
    let (total, overflow) = number.multipliedReportingOverflow(by: scale)
    guard !overflow, total <= longest else { return nil }
    return total
  }

  /// A condition written as one string: words split on spaces, double quotes keep a value whole.
  static func condition(_ text: String) throws(PredicateError) -> Predicate {
    var words: [(text: String, quoted: Bool)] = []
    var current = ""
    var quoted = false
    var inQuotes = false
    for character in text {
      if character == "\"" {
        inQuotes.toggle()
        quoted = true
      } else if character == " ", !inQuotes {
        if !current.isEmpty || quoted { words.append((current, quoted)) }
        current = ""
        quoted = false
      } else {
        current.append(character)
      }
    }
    if inQuotes { throw PredicateError(word: words.count, "a quote is not closed") }
    if !current.isEmpty || quoted { words.append((current, quoted)) }
    return try Predicate(words: words)
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let query = try FetchCommand.query(invocation, shell)
    func duration(_ name: String, default fallback: Int) throws -> Int {
      try WatchCommand.duration(option: name, invocation, shell) ?? fallback
    }
    let every = try duration("every", default: 5_000_000)
    if let word = invocation.value("every"),
      let problem = WatchCommand.tooOften(every, try shell.expand(word, in: invocation))
    {
      throw invocation.error(problem.message, at: word, hint: problem.hint)  // a $variable, known only now
    }
    let limit = try duration("max", default: 600_000_000)
    let until = try invocation.value("until").map { word in
      do {
        return try WatchCommand.condition(try shell.expand(word, in: invocation))
      } catch let error as PredicateError {
        throw invocation.error("--until: \(error.message)", at: word, hint: error.hint)
      }
    }
    let gateway = try await GatewayContext.current(shell, invocation)
    guard gateway.adapter.supports(query) else {
      throw invocation.error("\(gateway.adapter.name) cannot fetch the \(query)")
    }
    let watcher = Watcher(
      shell: shell, invocation: invocation,
      pipeline: FetchPipeline(shell: shell, gateway: gateway, invocation: invocation), query: query,
      every: every, limit: limit, until: until, rules: invocation.flag("all") ? [] : JSONDiff.volatileRules)
    try await watcher.run()
  }
}
