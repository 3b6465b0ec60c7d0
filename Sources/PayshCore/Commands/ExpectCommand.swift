import PayshJSON

/// `expect [@ref] CONDITION`: check the last answer (or `@ref`); a failure is reported and the run goes on.
struct ExpectCommand: CommandHandler {
  let spec = CommandSpec(
    name: "expect",
    synopsis: "expect [@ref] SUBJECT OP [VALUE]",
    abstract: "Check the last answer: a normalized field, a JSON path, the HTTP status or the latency",
    discussion: """
      `expect check == ok` (or != ok, contains RULE, count N) states what `check` says of the order of
      the answer (`help check`). SUBJECT is a normalized field (status, raw_status, amount, paid_amount, currency, merchant_order_id,
      gateway_order_id, created, updated, customer_id, customer_name, customer_email, customer_phone, gateway,
      environment, version), http, latency (milliseconds), or a jq-style path into the raw JSON.
      OP is one of == != < <= > >= contains matches exists count. Numbers compare by value (170.00 == 170);
      amounts in the order's currency (amount == 22, amount == ₹22.00); `status == paid` also accepts the
      gateway's own word (status == PAID). A path giving several values must hold for each of them;
      `count` counts them (or the elements of one array). A failed expectation prints where it is, what was
      expected and what was found; the script goes on and exits 4 at the end (`--fail-fast` stops it).
      `matches` takes a pattern, found anywhere in the text and matched in time linear in it (never
      backtracking: no pattern can hang a run, and Ctrl-C stops a long match): literals, `.`, [abc] [a-z]
      [^…], \\d \\w \\s \\D \\W \\S (ASCII), \\b \\B, \\n \\t \\r, \\ before punctuation, ^ $ (start and end of the
      text), (…) (?:…) (?<name>…), |, * + ? {n} {n,} {n,m} (counts up to 1000). Back-references and
      look-around are refused. Write a pattern in 'single quotes': in "double quotes" \\ and $ are the
      shell's.
      """,
    examples: [
      "expect status == paid", "expect .order_amount == 22", "expect .[0].payment_status == \"SUCCESS\"",
      "expect http == 200", "expect latency < 500", "expect .payments count >= 1", "expect @1 status == open",
      "expect .customer_details.customer_email matches '@example\\.com$'",
    ],
    arguments: [ArgumentSpec("condition", .text(placeholder: "CONDITION"), optional: true, repeating: true)],
    freeform: true
  )

  static func words(_ invocation: Invocation) -> (ref: Word?, condition: [Word]) {
    var words = invocation.positionals[...]
    let ref = words.first?.refName != nil ? words.popFirst() : nil
    return (ref, Array(words))
  }

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let (_, condition) = ExpectCommand.words(invocation)
    guard condition.allSatisfy({ $0.literal != nil }) else { return [] }  // variables: checked when run
    do {
      let words = condition.map { ($0.literal ?? "", $0.quoted) }
      if ExpectCommand.isCheck(condition) {
        _ = try ExpectCheck(words: Array(words.dropFirst()))
        return []
      }
      _ = try Predicate(words: words)
      return []
    } catch {
      return [
        invocation.syntaxError(
          error.message, at: condition.isEmpty ? nil : condition[min(error.word, condition.count - 1)],
          hint: error.hint ?? "e.g. expect status == paid")
      ]
    }
  }

  /// `expect check …`: the subject is what `check` says, not a field of one answer.
  static func isCheck(_ condition: [Word]) -> Bool {
    condition.first.map { $0.literal == "check" && !$0.quoted } ?? false
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let (refWord, condition) = ExpectCommand.words(invocation)
    let texts = try condition.map { (try shell.expand($0, in: invocation), $0.quoted) }
    if ExpectCommand.isCheck(condition) {
      return try runCheck(invocation, refWord, condition, Array(texts.dropFirst()), shell)
    }
    let predicate: Predicate
    do {
      predicate = try Predicate(words: texts)
    } catch {
      throw invocation.error(
        error.message, at: condition.isEmpty ? nil : condition[min(error.word, condition.count - 1)], hint: error.hint)
    }
    let resolver = SnapshotResolver(shell: shell, invocation: invocation)
    let snapshot = try resolver.resolve(refWord)
    let cached = shell.services.lastBody.flatMap { $0.bytes == snapshot.body ? $0.body : nil }
    let body = cached ?? (try? JSONParser.parse(snapshot.body))
    let outcome = try predicate.evaluate(snapshot, body: body)
    try ExpectCommand.settle(
      outcome, condition: predicate.text, snapshot: snapshot,
      hint: "expected \(predicate.subjectName) \(outcome.expected) in @\(snapshot.number)", invocation, shell)
  }

  /// Keeps the outcome for the run's report, then says `ok  CONDITION`, or fails the line with what was found.
  static func settle(
    _ outcome: Predicate.Outcome, condition: String, snapshot: Snapshot, hint: String, _ invocation: Invocation,
    _ shell: Interpreter
  ) throws {
    let start = invocation.node.span.start
    shell.services.expectations.append(
      ExpectationResult(
        file: invocation.source.name, line: start.line, column: start.column, condition: condition,
        passed: outcome.passed, expected: outcome.expected, actual: outcome.actual, snapshot: snapshot.number))
    guard outcome.passed else {
      throw Diagnostic(
        .error, "expectation failed: \(condition)", span: invocation.node.span, source: invocation.source,
        label: "got \(outcome.actual)", hint: hint, kind: .expectation)
    }
    shell.output.write(shell.style.dim("ok  \(condition)") + "\n")
  }
}

extension ExpectCommand {
  func runCheck(
    _ invocation: Invocation, _ refWord: Word?, _ condition: [Word], _ texts: [(String, Bool)], _ shell: Interpreter
  ) throws {
    let test: ExpectCheck
    do {
      test = try ExpectCheck(words: texts)
    } catch {
      throw invocation.error(error.message, at: condition[min(error.word, condition.count - 1)], hint: error.hint)
    }
    let snapshot = try SnapshotResolver(shell: shell, invocation: invocation).resolve(refWord)
    let report = CheckRules.run(
      try CaseCommand.stored(snapshot, shell), thresholds: try CheckCommand.thresholds(invocation, shell))
    let outcome = test.evaluate(report)
    try ExpectCommand.settle(
      outcome, condition: test.text, snapshot: snapshot,
      hint: "expected check \(outcome.expected) for \(snapshot.orderID) as of @\(snapshot.number)",
      invocation, shell)
  }
}

extension Predicate {
  /// The subject as written: `status`, `http`, `.order_amount`.
  var subjectName: String {
    switch subject {
    case .field(let name): name
    case .http: "http"
    case .latency: "latency"
    case .path(let path): path
    }
  }
}
