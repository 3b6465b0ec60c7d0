/// `case ORDER | @ref [--json]`: the whole order in one picture, and what is wrong with it.
struct CaseCommand: CommandHandler {
  let spec = CommandSpec(
    name: "case",
    synopsis:
      "case ORDER|@ref|--from FILE [--json] [--grace-minutes N] [--stuck-minutes N] [--refund-pending-days N] [--unsettled-days N]",
    abstract: "Fetch an order and every part at once, and show it whole: parts, money, timeline, verdicts",
    discussion: """
      `case ORDER` fetches the order and every part the gateway offers (Cashfree: payments, refunds,
      settlements), the requests going out together; each answer is stored as a snapshot before anything is
      shown. It shows the order, the attempts, the refunds, the settlement (each under the snapshot it came
      from), the money (ordered, paid, refunded, refund pending, settled, fees, tax), a timeline of every dated
      event in time order with its zone, and the verdicts of `check` with their evidence. A part that failed
      (a 429, say) is shown missing with the reason, and the rules that needed it say they could not run.
      `case @N` builds the case from stored snapshots (the newest answer to each part up to @N), fetching
      nothing; so does `case ORDER` in an offline replay. `--json` prints it all as one JSON object
      (docs/CHECKS.md). Thresholds: as `check`.
      `case --from FILE` does it for every order id of FILE, as `fetch --from` does (--jobs, the rate limits,
      --out, --resume, --progress): one line an id with its status and verdicts, then verdicts by rule.
      """,
    examples: ["case cf_sim_double_charge", "case @3", "case cf_sim_over_refund --json"],
    arguments: [ArgumentSpec("order", .orderID, optional: true)],
    options: [OptionSpec("json", "Print the case as JSON (shape in docs/CHECKS.md)")] + CheckCommand.thresholdOptions
      + BulkOptions.specs(fetching: true)
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    if invocation.positionals.isEmpty, invocation.value("from") == nil {
      return [invocation.syntaxError("case needs an order id, an @ref or --from FILE", hint: "usage: \(spec.usage)")]
    }
    return CheckCommand.checkThresholds(invocation) + BulkOptions.checkAlone(invocation, "case")
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let thresholds = try CheckCommand.thresholds(invocation, shell)
    if invocation.value("from") != nil {
      let options = try BulkOptions.read(invocation, shell)
      return try await BulkRun(shell: shell, invocation: invocation, options: options, work: .judge(thresholds)).run()
    }
    let word = invocation.positionals[0]
    let orderCase: OrderCase
    if word.refName != nil {
      orderCase = try CaseCommand.stored(word, invocation, shell)
    } else {
      orderCase = try await CaseCommand.fetched(invocation, shell)
    }
    let summary = CaseSummary(orderCase)
    let report = CheckRules.run(orderCase, thresholds: thresholds)
    if invocation.flag("json") {
      shell.output.write(
        JSONPrinter(style: shell.style).pretty(CaseJSON.whole(orderCase, summary, report)) + "\n")
    } else {
      shell.output.write(CaseRenderer(style: shell.style).render(orderCase, summary, report))
    }
  }

  /// The case of `@ref`'s order from the session's answers up to it.
  static func stored(_ word: Word, _ invocation: Invocation, _ shell: Interpreter) throws -> OrderCase {
    try stored(try SnapshotResolver(shell: shell, invocation: invocation).resolve(word), shell)
  }

  /// The case of `snapshot`'s order from the session's answers up to it (a snapshot of another session,
  /// `@night:3`: that answer alone), with what other sessions stored of its status.
  static func stored(_ snapshot: Snapshot, _ shell: Interpreter) throws -> OrderCase {
    let log = shell.services.snapshots
    var input = try CaseInput.stored(snapshot.orderID, on: snapshot.gateway, in: log)
    if try log.snapshot(number: snapshot.number) != snapshot { input.answers = [CaseAnswer(snapshot)] }
    input.answers = input.answers.filter { $0.number <= snapshot.number }
    return input.orderCase
  }

  /// Fetches every part of the order (together), stores each answer, and builds the case from the session.
  static func fetched(_ invocation: Invocation, _ shell: Interpreter) async throws -> OrderCase {
    let id = try shell.expand(invocation.positionals[0], in: invocation)
    try FetchCommand.checkID(id, invocation.positionals[0], invocation, shell)
    try FetchPipeline.checkWritable(shell, invocation)
    let gateway = try await GatewayContext.current(shell, invocation)
    let pipeline = FetchPipeline(shell: shell, gateway: gateway, invocation: invocation)
    let queries = gateway.adapter.caseQueries(order: id)
    var failures: [String: String] = [:]
    var orderOutcome: FetchPipeline.Outcome?
    if let recorded = shell.services.recorded, recorded.use == .offline {
      for query in queries {
        // A part the live run got no answer to left none in the recording: missing, as it was live.
        if query.resource != "order", !recorded.hasNext(gateway: gateway.adapter.name, query: query) {
          failures[query.resource] = "the recording holds no answer to it (the recorded run got none)"
          continue
        }
        let outcome = try await pipeline.run(query)
        if query.resource == "order" { orderOutcome = outcome }
      }
    } else {
      // Every answer that came is stored, even when the order's request got none (then that is the error)
      // or Ctrl-C stopped the others (then nothing is shown).
      var orderFailure: Diagnostic?
      let answers = try await pipeline.exchangeTogether(queries)
      for answer in answers {
        switch answer.result {
        case .success(let exchange):
          let outcome = try pipeline.store(exchange, query: answer.query, call: answer.call)
          if answer.query.resource == "order" { orderOutcome = outcome }
        case .failure(let diagnostic):
          if answer.query.resource == "order" { orderFailure = diagnostic }
          failures[answer.query.resource] = diagnostic.message
        }
      }
      if answers.contains(where: \.cancelled) { throw CancellationError() }
      if let orderFailure { throw orderFailure }
    }
    // An order the gateway does not know (or refuses) is one line, as `fetch` says it, and nothing else.
    if let outcome = orderOutcome, let problem = outcome.problem ?? outcome.bodyProblem {
      throw invocation.error(
        problem.message, hint: problem.hint(answerShown: false, number: outcome.snapshot.number))
    }
    var orderCase = try CaseInput.stored(id, on: gateway.adapter.name, in: shell.services.snapshots).orderCase
    // A part whose request got no answer at all has no snapshot: say why it is missing.
    if let reason = failures["payments"] { orderCase.payments = .missing("no answer: \(reason)") }
    if let reason = failures["refunds"] { orderCase.refunds = .missing("no answer: \(reason)") }
    if let reason = failures["settlements"] { orderCase.settlement = .missing("no answer: \(reason)") }
    return orderCase
  }
}
