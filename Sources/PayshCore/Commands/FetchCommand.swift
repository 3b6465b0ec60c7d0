import PayshJSON

/// `fetch <id> [part]`: fetch an order (or its payments, refunds, settlement) from the gateway in use.
struct FetchCommand: CommandHandler {
  let spec = CommandSpec(
    name: "fetch",
    synopsis:
      "fetch <id> [payments|refunds|settlements|payment <pid>|refund <rid>] [--receipt ID] [--raw|--summary] [--allow-error]"
      + " | fetch --from FILE [payments|refunds|settlements] [--column NAME] [--jobs N] [--out FILE] [--resume] [--progress]",
    abstract: "Fetch an order from the gateway in use, store it, and show it",
    discussion: """
      Shows the HTTP status, latency and request id, the normalized order (status beside the gateway's raw
      status, amounts with their unit), then the raw JSON. Every fetch is stored as a snapshot (@1, @2, …)
      before it is shown. Reads are retried on 429, 5xx and connection errors (a line on stderr for each
      retry), waiting at least what a 429's Retry-After / x-ratelimit-retry asks; the whole fetch ends within
      PAYSH_FETCH_DEADLINE seconds (default 30). Ctrl-C cancels the fetch, not the shell.
      Cashfree: payments, payment <cf_payment_id>, refunds, refund <refund_id>, settlements.
      Paytring: --receipt <receipt_id> looks an order up by your receipt id.
      --allow-error: in a script that reproduces a failure, the gateway's error answer is shown and stored
      without stopping the script, so `expect http == 400` can check it.
      --from FILE fetches every order id of FILE (one a line; or a CSV with a header, the column chosen with
      --column NAME, by default the first named or ending in order_id; - reads stdin), or a part of each
      (`fetch --from FILE refunds`). The requests overlap (--jobs N, default 8) under a limiter per gateway,
      environment and endpoint, seeded from the documented limits and following the gateway's headers
      (x-ratelimit-limit, -remaining, -retry, Retry-After, a 429): slower at once, faster again gradually.
      Each answer is stored, then shown as one line, in the file's order; a summary (by status, errors by
      kind) ends the run. --out FILE.csv|FILE.jsonl writes one row per id (id, gateway, status, raw_status,
      amount, paid, refunded, verdicts, snapshot, error). Lines that give no id (empty, duplicate, refused,
      ragged) are named with their numbers. Ctrl-C stops it cleanly; --resume skips the ids this session
      has answered already. --progress draws a progress bar on a terminal.
      """,
    examples: [
      "fetch order_3242Tq4Edj9CC5RDcMeobmJOWOBJij", "fetch order_3242Tq4Edj9CC5RDcMeobmJOWOBJij payments",
      "fetch $order payment $payment_id", "fetch --receipt rcpt_1001 --summary",
      "fetch --from ids.txt --out result.csv", "fetch --from orders.csv --column cf_order_id refunds --jobs 4",
    ],
    arguments: [
      ArgumentSpec("id", .orderID, optional: true),
      ArgumentSpec("part", .choice(["payments", "refunds", "settlements", "payment", "refund"]), optional: true),
      ArgumentSpec("part-id", .text(placeholder: "ID"), optional: true),
    ],
    options: [
      OptionSpec("receipt", value: .text(placeholder: "RECEIPT_ID"), "Paytring: find the order by your receipt id"),
      OptionSpec("raw", "Show only the raw JSON"),
      OptionSpec("summary", "Show only the normalized view"),
      OptionSpec("allow-error", "A gateway error answer is shown and kept but does not fail the line (for scripts)"),
    ] + BulkOptions.specs(fetching: true)
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let words = invocation.positionals
    if invocation.value("from") != nil { return checkBulk(invocation) }
    if let refused = BulkOptions.check(invocation).first { return [refused] }
    if invocation.flag("raw"), invocation.flag("summary") {
      return [invocation.syntaxError("--raw and --summary exclude each other", hint: "give one, or neither for both")]
    }
    if let receipt = invocation.value("receipt") {
      if !words.isEmpty {
        return [
          invocation.syntaxError(
            "--receipt takes the place of the order id", at: words[0], hint: "write `fetch --receipt ID`")
        ]
      }
      _ = receipt
      return []
    }
    if words.isEmpty {
      return [invocation.syntaxError("fetch needs an order id", hint: "usage: \(spec.usage)")]
    }
    if words.count >= 2, let part = words[1].literal {
      let needsID = part == "payment" || part == "refund"
      if needsID, words.count < 3 {
        return [
          invocation.syntaxError(
            "`\(part)` needs its id", at: words[1], hint: "write `fetch ORDER \(part) ID`; `\(part)s` lists them")
        ]
      }
      if !needsID, words.count > 2 {
        return [
          invocation.syntaxError(
            "`\(part)` takes no id", at: words[2], hint: "for one item write `fetch ORDER \(part.dropLast()) ID`")
        ]
      }
    }
    return []
  }

  /// `fetch --from FILE [payments|refunds|settlements]`: the words a bulk run takes.
  func checkBulk(_ invocation: Invocation) -> [Diagnostic] {
    let words = invocation.positionals
    for name in ["receipt", "raw", "summary", "allow-error"] where invocation.options[name] != nil {
      return [
        invocation.syntaxError(
          "--\(name) does not go with --from", hint: "--from shows one line an id; `show @N` shows one answer whole")
      ]
    }
    if words.count > 1 {
      return [
        invocation.syntaxError(
          "with --from, give at most the part to fetch", at: words[1],
          hint: "usage: fetch --from FILE [payments|refunds|settlements]")
      ]
    }
    if let word = words.first, let part = word.literal, FetchQuery.Part(rawValue: part) == nil || part == "order" {
      return [
        invocation.syntaxError(
          "with --from, the ids come from the file: `\(part)` is no part", at: word,
          hint: "fetch --from FILE, or fetch --from FILE payments|refunds|settlements")
      ]
    }
    return BulkOptions.check(invocation)
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    if invocation.value("from") != nil {
      let word = try shell.expandedPositionals(invocation).first
      let part = word.flatMap(FetchQuery.Part.init(rawValue:)) ?? .order
      if let word, part == .order {
        throw invocation.error(
          "with --from, `\(word)` is no part to fetch", at: invocation.positionals.first,
          hint: "fetch --from FILE, or fetch --from FILE payments|refunds|settlements")
      }
      let options = try BulkOptions.read(invocation, shell)
      return try await BulkRun(shell: shell, invocation: invocation, options: options, work: .fetch(part)).run()
    }
    try FetchPipeline.checkWritable(shell, invocation)
    let query = try FetchCommand.query(invocation, shell)
    let gateway = try await GatewayContext.current(shell, invocation)
    guard gateway.adapter.supports(query) else {
      throw invocation.error(
        "\(gateway.adapter.name) cannot fetch the \(query)", hint: "`help fetch` lists what each gateway answers")
    }
    let outcome = try await FetchPipeline(shell: shell, gateway: gateway, invocation: invocation).run(query)
    try FetchCommand.show(outcome, query, gateway, invocation, shell)
  }

  /// Shows a stored answer (and, in `replay --compare`, what changed since the recording); throws the line's
  /// error when the gateway complained or the answer is no answer (unless `--allow-error`).
  static func show(
    _ outcome: FetchPipeline.Outcome, _ query: FetchQuery, _ gateway: GatewayContext, _ invocation: Invocation,
    _ shell: Interpreter
  ) throws {
    let view = View(raw: invocation.flag("raw"), summary: invocation.flag("summary"), style: shell.style)
    shell.output.write(view.text(outcome.snapshot, outcome.body))
    if let recorded = shell.services.recorded, recorded.use == .compare {
      shell.output.write(FetchCommand.comparison(outcome, query: query, gateway: gateway.adapter.name, recorded, shell))
    }
    if let problem = outcome.problem {
      if invocation.flag("allow-error") {
        shell.output.write("gateway error, allowed: \(problem.message) (kept as @\(outcome.snapshot.number))\n")
        return
      }
      throw invocation.error(
        problem.message, hint: problem.hint(answerShown: !view.summary, number: outcome.snapshot.number))
    }
    if let bodyProblem = outcome.bodyProblem {
      let number = outcome.snapshot.number
      throw invocation.error(
        bodyProblem.message,
        hint: "\(bodyProblem.hint); the answer is stored as @\(number) (`show @\(number) --headers` prints it)")
    }
  }

  /// How a fetched answer is shown: the status line, the normalized order and parts, and the raw JSON.
  struct View: Sendable {
    let raw: Bool
    let summary: Bool
    let style: TextStyle

    func text(_ snapshot: Snapshot, _ body: JSONValue?) -> String {
      let renderer = SnapshotRenderer(style: style)
      var out = renderer.statusLine(snapshot)
      if !raw {
        if let order = snapshot.order { out += renderer.order(order) }
        // The parts the answer holds: a list's rows, or the attempt an order answer carries (Paytring).
        if let body, let parts = snapshot.parts(in: body) { out += renderer.parts(parts) }
      }
      if let note = body?.duplicateKeysNote { out += style.dim(TerminalText.inline(note)) + "\n" }
      if !summary {
        if let body {
          out += JSONPrinter(style: style).pretty(body) + "\n"
        } else if !snapshot.body.isEmpty {
          out += snapshot.bodyText + "\n"
        }
      }
      return out
    }
  }

  /// `replay --compare`: what changed between the recorded answer to this fetch and the live one.
  static func comparison(
    _ outcome: FetchPipeline.Outcome, query: FetchQuery, gateway: String, _ recorded: RecordedAnswers,
    _ shell: Interpreter
  ) -> String {
    let style = shell.style
    switch recorded.next(gateway: gateway, query: query) {
    case .failure(let miss):
      return style.dim("since the recording (\(recorded.origin)): \(miss.message)") + "\n"
    case .success(let old):
      let raw: DiffResult? = {
        guard let body = outcome.body, let before = try? JSONParser.parse(old.body) else { return nil }
        return JSONDiff(ignore: JSONDiff.volatileRules).diff(before, body)
      }()
      let header = "since the recording (\(recorded.origin), fetched \(old.fetchedAt))"
      let normalized = OrderDiff.changes(from: old, to: outcome.snapshot)
      let text = DiffRenderer(style: style).render(header: header, normalized: normalized, raw: raw)
      return text.hasPrefix("no differences") ? "\(header): no differences\n" : text
    }
  }

  /// The query the words describe, variables expanded and ids checked before any request.
  static func query(_ invocation: Invocation, _ shell: Interpreter) throws -> FetchQuery {
    if let receiptWord = invocation.value("receipt") {
      let receipt = try shell.expand(receiptWord, in: invocation)
      try checkID(receipt, receiptWord, invocation, shell)
      return .receipt(receipt)
    }
    let words = try shell.expandedPositionals(invocation)
    try checkID(words[0], invocation.positionals[0], invocation, shell)
    let id = words[0]
    guard words.count > 1 else { return .order(id) }
    switch words[1] {
    case "payments": return .payments(order: id)
    case "refunds": return .refunds(order: id)
    case "settlements", "settlement": return .settlements(order: id)
    case "payment", "refund":
      guard words.count > 2 else { throw invocation.error("`\(words[1])` needs its id", at: invocation.positionals[1]) }
      try checkID(words[2], invocation.positionals[2], invocation, shell)
      return words[1] == "payment" ? .payment(order: id, paymentID: words[2]) : .refund(order: id, refundID: words[2])
    default:
      throw invocation.error(
        "unknown part '\(words[1])'", at: invocation.positionals[1],
        hint: "payments, refunds, settlements, payment ID, refund ID")
    }
  }

  static func checkID(_ id: String, _ word: Word, _ invocation: Invocation, _ shell: Interpreter) throws {
    if let problem = PathEncoding.idProblem(id) {
      throw invocation.error("invalid id: \(problem)", at: word, hint: "no request was sent")
    }
    // A credential pasted where an id goes is never sent: in a URL it would reach the gateway's logs and,
    // percent-encoded, escape the exact-value redaction.
    if shell.services.redactor.containsKnownSecret(id) {
      throw invocation.error(
        "invalid id: it holds a secret paysh holds (a credential or token)", at: word,
        hint: "paste the order id, not a credential; no request was sent and nothing was stored")
    }
  }
}
