/// `diff [@a] [@b]`: what changed between two snapshots (or two JSON files), normalized view first.
struct DiffCommand: CommandHandler {
  let spec = CommandSpec(
    name: "diff",
    synopsis: "diff [@a] [@b] [--raw] [--normalized] [--json] [--ignore PATH]… [--all]",
    abstract: "What changed between two fetches (the last two of an order by default)",
    discussion: """
      With no reference, compares the last snapshot with the one before it of the same order; with one,
      that snapshot with the newest; with two, those two. A reference may point into another stored
      session: @NAME:N, @NAME:last. Either side may also be a JSON file.
      The normalized view comes first (status, amounts, times: it compares across API versions and across
      gateways), then the raw JSON: keys in any order, numbers by value (170.00 equals 170), arrays of
      entities matched by their id field (cf_payment_id, refund_id, cardNumber, …), each change with its path.
      Volatile fields (payment_session_id, request ids) are left out unless --all; --ignore hides more,
      by key name anywhere or by path (.order_meta.notify_url, .payments[].auth_id).
      --json prints every change with whole values, for scripts and CI.
      """,
    examples: [
      "diff", "diff @1 @last", "diff @prev --raw", "diff @ticket-4821:1 @last", "diff --ignore .order_meta",
      "diff a.json b.json --json",
    ],
    arguments: [
      ArgumentSpec("a", .ref, optional: true),
      ArgumentSpec("b", .ref, optional: true),
    ],
    options: [
      OptionSpec("raw", "Only the raw JSON diff"),
      OptionSpec("normalized", "Only the normalized fields"),
      OptionSpec("json", "Machine-readable: every change with whole values"),
      OptionSpec("ignore", value: .text(placeholder: "PATH"), repeating: true, "Leave out a key name or a path"),
      OptionSpec("all", "Show volatile fields too (payment_session_id, request ids)"),
    ],
    freeform: true
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    var problems: [Diagnostic] = []
    if invocation.positionals.count > 2 {
      problems.append(invocation.syntaxError("diff compares two things at most", at: invocation.positionals[2]))
    }
    if invocation.flag("raw"), invocation.flag("normalized") {
      problems.append(
        invocation.syntaxError("--raw and --normalized exclude each other", hint: "give neither to see both"))
    }
    for word in invocation.values("ignore") where word.variableName == nil {
      guard let text = word.literal else { continue }
      do {
        _ = try IgnoreRule(text)
      } catch {
        problems.append(invocation.syntaxError("\(error)", at: word))
      }
    }
    return problems
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let resolver = SnapshotResolver(shell: shell, invocation: invocation)
    let (old, new) = try DiffOperands(shell: shell, invocation: invocation, resolver: resolver).pair()
    var rules = invocation.flag("all") ? [] : JSONDiff.volatileRules
    for word in invocation.values("ignore") {
      let text = try shell.expand(word, in: invocation)
      do {
        rules.append(try IgnoreRule(text))
      } catch {
        throw invocation.error("\(error)", at: word)
      }
    }
    let eitherHasOrder = old.snapshot?.order != nil || new.snapshot?.order != nil
    let sameGateway = old.snapshot?.gateway == new.snapshot?.gateway
    var showNormalized = !invocation.flag("raw") && old.snapshot != nil && new.snapshot != nil && eitherHasOrder
    if invocation.flag("normalized") {
      guard old.snapshot != nil, new.snapshot != nil else {
        throw invocation.error("--normalized compares snapshots; a JSON file has no normalized order")
      }
      showNormalized = true
    }
    var note: String?
    var showRaw = !invocation.flag("normalized")
    if showRaw, !invocation.flag("raw"), !sameGateway, let a = old.snapshot, let b = new.snapshot {
      showRaw = false
      note = "raw answers of \(a.gateway) and \(b.gateway) differ in shape; --raw compares them anyway"
    }
    let normalized: [OrderDiff.Change]? =
      showNormalized ? old.snapshot.flatMap { a in new.snapshot.map { OrderDiff.changes(from: a, to: $0) } } : nil
    var raw: DiffResult? = showRaw ? JSONDiff(ignore: rules).diff(try old.json(), try new.json()) : nil
    if old.snapshot == nil || new.snapshot == nil {
      // A JSON file from elsewhere (a webhook body, a colleague's dump) was never redacted: what is shown of
      // it is (stored snapshots were redacted before they were stored).
      raw = raw.map { $0.redacted(by: shell.services.redactor) }
    }
    if invocation.flag("json") {
      let report = DiffRenderer.json(from: old.label, to: new.label, normalized: normalized, raw: raw)
      shell.output.write(JSONPrinter(style: shell.style).pretty(report) + "\n")
      return
    }
    if let a = old.snapshot, let b = new.snapshot, a.resource != b.resource {
      let kinds =
        "\(old.label) is \(DiffCommand.kind(a.resource)) and \(new.label) \(DiffCommand.kind(b.resource)): different kinds of answer"
      note = note.map { "\(kinds); \($0)" } ?? kinds
    }
    let header = "\(old.label) → \(new.label)" + DiffOperands.context(old.snapshot, new.snapshot)
    shell.output.write(
      DiffRenderer(style: shell.style).render(
        header: header, normalized: normalized, raw: raw, note: note, between: (old.label, new.label)))
  }

  /// A stored resource in words: `an order`, `a payments list`, `a refund`.
  static func kind(_ resource: String) -> String {
    switch resource {
    case "order": "an order"
    case "payments", "refunds": "a \(resource) list"
    case "settlements": "a settlement"
    default: "a \(resource)"
    }
  }
}
