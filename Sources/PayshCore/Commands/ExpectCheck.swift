import PayshJSON

/// `expect [@ref] check OP [VALUE]`: a script states what `check` says of the order of the last answer (or
/// of `@ref`), from stored answers up to it, with default thresholds and `[check]` in config.toml.
///
/// `check == ok` (no error or warning, every rule ran), `check != ok`, `check contains RULE` (a verdict of
/// that rule, of any severity), `check count N` / `check count >= N` (verdicts of any severity).
struct ExpectCheck {
  enum Test: Equatable {
    case ok(Bool)
    case contains(String)
    case count(Predicate.Operator, Int)
  }

  var test: Test
  var text: String

  /// Reads the words after `check`; the message says what is wrong and which word (index into `words`).
  init(words: [(text: String, quoted: Bool)]) throws(PredicateError) {
    text = (["check"] + words.map { $0.quoted ? JSONPrinter.quoted($0.text) : $0.text }).joined(separator: " ")
    let usage = "expect check == ok, check != ok, check contains RULE, check count N"
    guard let op = words.first?.text else {
      throw PredicateError(word: 1, "check needs a comparison", hint: usage)
    }
    let rest = Array(words.dropFirst())
    switch op {
    case "==", "!=":
      guard rest.count == 1, rest[0].text == "ok" else {
        throw PredicateError(word: 2, "check \(op) compares with ok only", hint: usage)
      }
      test = .ok(op == "==")
    case "contains":
      guard rest.count == 1 else { throw PredicateError(word: 2, "check contains needs one rule id", hint: usage) }
      guard CheckRules.ids.contains(rest[0].text) else {
        let close = Suggestion.closest(to: rest[0].text, in: CheckRules.ids)
        throw PredicateError(
          word: 2, "no rule '\(rest[0].text)'" + (close.map { "; did you mean \($0)?" } ?? ""),
          hint: "`help check` lists the rules")
      }
      test = .contains(rest[0].text)
    case "count":
      var numberWords = rest[...]
      var comparison = Predicate.Operator.equal
      if let first = numberWords.first, let parsed = Predicate.Operator(rawValue: first.text),
        [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(parsed)
      {
        comparison = parsed
        numberWords = numberWords.dropFirst()
      }
      guard numberWords.count == 1, let number = Int(numberWords.first!.text), number >= 0 else {
        throw PredicateError(word: words.count - 1, "check count needs a whole number", hint: usage)
      }
      test = .count(comparison, number)
    default:
      throw PredicateError(word: 1, "'\(op)' is not a comparison check takes", hint: usage)
    }
  }

  /// Whether the report satisfies the test, what was found and what was wanted.
  func evaluate(_ report: CheckReport) -> Predicate.Outcome {
    let named = report.verdicts.map(\.rule) + report.notRun.map { "\($0.rule) not run" }
    let found = named.isEmpty ? "ok" : "\(report.summary) (\(named.joined(separator: ", ")))"
    switch test {
    case .ok(let wanted):
      return Predicate.Outcome(passed: report.isOK == wanted, actual: found, expected: wanted ? "== ok" : "!= ok")
    case .contains(let rule):
      return Predicate.Outcome(
        passed: report.verdicts.contains { $0.rule == rule }, actual: found, expected: "contains \(rule)")
    case .count(let comparison, let number):
      let count = report.verdicts.count
      let order: JSONDecimal.Ordering = count < number ? .less : count == number ? .equal : .greater
      return Predicate.Outcome(
        passed: Predicate.holds(comparison, order), actual: "count \(count) (\(found))",
        expected: "count \(comparison.rawValue) \(number)")
    }
  }
}
