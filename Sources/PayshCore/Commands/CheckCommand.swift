import PayshJSON

/// `check [ORDER | @ref…] [--json]`: the rules on stored snapshots only; nothing is fetched.
struct CheckCommand: CommandHandler {
  let spec = CommandSpec(
    name: "check",
    synopsis:
      "check [ORDER|@ref…|--from FILE] [--json] [--grace-minutes N] [--stuck-minutes N] [--refund-pending-days N] [--unsettled-days N]",
    abstract: "Judge orders from their stored answers: every rule, its verdict and its evidence",
    discussion: """
      Reads only what is stored: `check ORDER` the newest answer to each part of that order in this session,
      `check @2 @3` exactly those answers, `check` alone every order in this session. Each verdict has a rule
      id, a severity (error, warning, info), one sentence and its evidence: the snapshots and paths it read.
      A rule that needs a part not stored (or that failed) says it could not run: the result is then not ok.
      Ages are measured to the gateway's Date on the newest answer. Rules (basis in docs/CHECKS.md):
      \(CheckCommand.ruleLines)
      Thresholds (flags, or a `[check]` table in config.toml: grace_minutes = 30, …):
      \(CheckCommand.thresholdLines)
      In a script: `expect check == ok`, `expect check contains double_charge`, `expect check count 2`,
      `expect @3 check …` (the case of @3's order as of @3).
      `check --from FILE` judges every order id of FILE (as `fetch --from` reads it) from what is stored: one
      line an id, a summary of verdicts by rule, and --out FILE.csv|jsonl rows.
      """,
    examples: ["check", "check cf_sim_double_charge", "check @1 @2 --json", "check --unsettled-days 5"],
    arguments: [ArgumentSpec("order", .orderID, optional: true, repeating: true)],
    options: [OptionSpec("json", "Print the verdicts as JSON (shape in docs/CHECKS.md)")]
      + CheckCommand.thresholdOptions + BulkOptions.specs(fetching: false)
  )

  /// One line a rule: `  double_charge (error): more than one SUCCESS attempt, …`.
  static var ruleLines: String {
    CheckRules.lines.map { "  \($0.id) (\($0.severity.rawValue)): \($0.line)" }
      .joined(separator: "\n")
  }

  static var thresholdLines: String {
    let defaults = CheckThresholds()
    return CheckThresholds.settings.map { "  --\($0.key) N (default \(defaults[$0.key] ?? 0)): \($0.about)" }
      .joined(separator: "\n")
  }

  static let thresholdOptions = CheckThresholds.settings.map {
    OptionSpec($0.key, value: .text(placeholder: "N"), $0.about)
  }

  func check(_ invocation: Invocation) -> [Diagnostic] {
    CheckCommand.checkThresholds(invocation) + BulkOptions.checkAlone(invocation, "check")
  }

  /// Literal threshold values must be whole numbers in range; variables are checked when run.
  static func checkThresholds(_ invocation: Invocation) -> [Diagnostic] {
    CheckThresholds.settings.compactMap { setting in
      guard let word = invocation.value(setting.key), let text = word.literal, number(text) == nil else { return nil }
      let (message, hint) = notANumber(setting.key, text)
      return invocation.syntaxError(message, at: word, hint: hint)
    }
  }

  /// What a threshold that is not a whole number in range is told.
  static func notANumber(_ key: String, _ text: String) -> (message: String, hint: String) {
    ("--\(key) takes a whole number from 0 to 100000, not '\(text)'", "e.g. --\(key) 30")
  }

  static func number(_ text: String) -> Int? {
    guard !text.isEmpty, text.count <= 6, text.allSatisfy(\.isASCII), let value = Int(text),
      (0...100_000).contains(value)
    else { return nil }
    return value
  }

  /// The thresholds: defaults, then `[check]` in config.toml, then the flags.
  static func thresholds(_ invocation: Invocation, _ shell: Interpreter) throws -> CheckThresholds {
    var thresholds = CheckThresholds()
    for (key, value) in try ConfigFile.checkSettings(shell, invocation) { thresholds[key] = value }
    for setting in CheckThresholds.settings {
      guard let word = invocation.value(setting.key) else { continue }
      let text = try shell.expand(word, in: invocation)
      guard let value = number(text) else {
        let (message, hint) = notANumber(setting.key, text)
        throw invocation.error(message, at: word, hint: hint)
      }
      thresholds[setting.key] = value
    }
    return thresholds
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let thresholds = try CheckCommand.thresholds(invocation, shell)
    if invocation.value("from") != nil {
      let options = try BulkOptions.read(invocation, shell)
      return try BulkCheck(shell: shell, invocation: invocation, options: options, thresholds: thresholds).run()
    }
    let inputs = try CheckCommand.inputs(invocation.positionals, invocation, shell)
    // Handed over, not kept: each core then frees the cases it judged.
    let reports = await CheckRules.reports(consume inputs, thresholds: thresholds)
    if invocation.flag("json") {
      let value = CaseJSON.object([
        ("checked", .number(JSONNumber(reports.count))),
        ("ok", .number(JSONNumber(reports.filter(\.isOK).count))),
        ("cases", .array(reports.map(CaseJSON.report))),
      ])
      shell.output.write(JSONPrinter(style: shell.style).pretty(value) + "\n")
      return
    }
    let renderer = CaseRenderer(style: shell.style)
    var out = ""
    // An id judged on two gateways says which is which.
    let shared = Dictionary(grouping: reports, by: \.orderID).filter { $0.value.count > 1 }
    for report in reports {
      let gateway = shared[report.orderID] == nil ? "" : " on \(report.gateway)"
      out += renderer.report(report, title: TerminalText.inline(report.orderID) + gateway)
    }
    if reports.count > 1 {
      let notOK = reports.count - reports.filter(\.isOK).count
      out += "\(Counted.text(reports.count, "order")) checked: \(notOK == 0 ? "all ok" : "\(notOK) not ok")\n"
    }
    shell.output.write(out)
  }

  /// The orders the words name, each with its answers: `@ref`s (grouped by order), an order id, or every
  /// order in the session.
  static func inputs(_ words: [Word], _ invocation: Invocation, _ shell: Interpreter) throws -> [CaseInput] {
    let log = shell.services.snapshots
    if words.isEmpty {
      let all = try log.caseAnswers(orderID: nil)
      guard !all.isEmpty else {
        throw invocation.error("nothing to check: no snapshots yet in this session", hint: "`case ORDER` fetches one")
      }
      // Grouped once: each case reads only its own order's answers (and other sessions' statuses of it).
      let groups = Dictionary(grouping: all) { OrderKey(gateway: $0.gateway, orderID: $0.orderID) }
      let elsewhere = Dictionary(grouping: try log.statusesElsewhere(gateway: nil, orderID: nil)) {
        OrderKey(gateway: $0.gateway, orderID: $0.orderID)
      }
      // A listening's record is about no order: each case of its gateway reads it (`webhook_missing`).
      let listened = Dictionary(grouping: all.filter { $0.resource == Snapshot.listeningResource }, by: \.gateway)
      return CheckCommand.orders(in: all).map { key in
        CaseInput(
          gateway: key.gateway, orderID: key.orderID, answers: (groups[key] ?? []) + (listened[key.gateway] ?? []),
          elsewhere: elsewhere[key] ?? [])
      }
    }
    if words.allSatisfy({ $0.refName != nil }) {
      let resolver = SnapshotResolver(shell: shell, invocation: invocation)
      let picked = try words.map { CaseAnswer(try resolver.resolve($0)) }
      return try CheckCommand.orders(in: picked).map { order in
        CaseInput(
          gateway: order.gateway, orderID: order.orderID,
          answers: picked.filter { $0.gateway == order.gateway && $0.orderID == order.orderID },
          elsewhere: try log.statusesElsewhere(gateway: order.gateway, orderID: order.orderID))
      }
    }
    guard words.count == 1 else {
      throw invocation.error(
        "check takes one order id, or @refs", at: words[1], hint: "write `check ORDER` or `check @1 @2`")
    }
    let id = try shell.expand(words[0], in: invocation)
    let all = try log.caseAnswers(orderID: id)
    guard all.contains(where: { $0.orderID == id }) else {
      throw invocation.error(
        "no stored answers about '\(id)' in this session", at: words[0],
        hint: "`case \(ShellWord.argument(id))` fetches every part of it; check reads only what is stored")
    }
    // The same id on two gateways is two orders: each is judged.
    return try CheckCommand.orders(in: all).map { order in
      CaseInput(
        gateway: order.gateway, orderID: id, answers: all.filter { $0.gateway == order.gateway },
        elsewhere: try log.statusesElsewhere(gateway: order.gateway, orderID: id))
    }
  }

  /// Each (gateway, order) in `answers`, in the order first seen.
  static func orders(in answers: [CaseAnswer]) -> [OrderKey] {
    var seen = Set<OrderKey>()
    return answers.compactMap { answer in
      let key = OrderKey(gateway: answer.gateway, orderID: answer.orderID)
      return !answer.orderID.isEmpty && seen.insert(key).inserted ? key : nil
    }
  }
}

/// An order as the store keys it: its gateway and its id (no text joined to hash them).
struct OrderKey: Hashable {
  var gateway: String
  var orderID: String
}
