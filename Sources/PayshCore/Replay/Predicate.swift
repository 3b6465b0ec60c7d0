import PayshJSON

/// A condition on a fetched answer, as `expect` and `watch --until` write it: `status == paid`,
/// `.order_amount >= 100`, `.[0].payment_status == "SUCCESS"`, `http == 200`, `latency < 500ms`,
/// `.payments exists`, `.[] count 3`, `.customer_details.customer_email matches '@example\\.com$'`.
///
/// The subject is a normalized field (`status`, `amount`, `paid_amount`, `currency`, `merchant_order_id`,
/// `gateway_order_id`, `created`, `updated`, `customer_id`, `customer_name`, `customer_email`,
/// `customer_phone`, `raw_status`), the answer's `http` status, its `latency` in milliseconds, or a jq-style
/// path into the raw JSON.
public struct Predicate: Sendable, Hashable, CustomStringConvertible {
  /// What the predicate looks at.
  public enum Subject: Sendable, Hashable {
    case field(String)
    case http
    case latency
    case path(String)
  }

  /// How the subject is compared.
  public enum Operator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case contains, matches, exists, count
  }

  public static let fields = [
    "status", "raw_status", "amount", "paid_amount", "currency", "merchant_order_id", "gateway_order_id",
    "created", "updated", "customer_id", "customer_name", "customer_email", "customer_phone", "gateway",
    "environment", "version",
  ]

  public var subject: Subject
  public var op: Operator
  /// For `count`: the comparison applied to the count (`==` when written `count 3`).
  public var countOp: Operator?
  /// The value compared against, as written (quotes removed); nil for `exists`.
  public var value: String?
  /// True when the value was quoted: always text, never a number or a keyword.
  public var quoted: Bool
  /// The predicate as written.
  public var text: String
  /// For `matches`: the compiled pattern (linear-time, see `Pattern`).
  public var pattern: Pattern?

  public var description: String { text }

  /// Reads a predicate from its words (`["status", "==", "paid"]`); the message says what is wrong.
  public init(words: [(text: String, quoted: Bool)]) throws(PredicateError) {
    text = words.map { $0.quoted ? JSONPrinter.quoted($0.text) : $0.text }.joined(separator: " ")
    guard let first = words.first else {
      throw PredicateError(word: 0, "a condition needs a subject", hint: "e.g. status == paid or .order_amount > 0")
    }
    subject = try Predicate.subject(first.text, quoted: first.quoted)
    guard words.count >= 2 else {
      throw PredicateError(
        word: 1, "\(first.text) needs a comparison", hint: "== != < <= > >= contains matches exists count")
    }
    guard let parsed = Operator(rawValue: words[1].text), !words[1].quoted else {
      let close =
        words[1].text == "=" ? "==" : Suggestion.closest(to: words[1].text, in: Operator.allCases.map(\.rawValue))
      throw PredicateError(
        word: 1, "'\(words[1].text)' is not a comparison" + (close.map { "; did you mean \($0)?" } ?? ""),
        hint: "use == != < <= > >= contains matches exists count")
    }
    op = parsed
    countOp = nil
    quoted = false
    pattern = nil
    var rest = Array(words.dropFirst(2))
    switch parsed {
    case .exists:
      guard rest.isEmpty else { throw PredicateError(word: 2, "exists takes no value") }
      value = nil
      return
    case .count:
      if let next = rest.first, !next.quoted, let comparison = Operator(rawValue: next.text),
        [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(comparison)
      {
        countOp = comparison
        rest.removeFirst()
      } else {
        countOp = .equal
      }
      guard rest.count == 1, Int(rest[0].text) != nil, !rest[0].quoted else {
        throw PredicateError(
          word: words.count - rest.count, "count needs a whole number", hint: "e.g. .payments count 2 or .[] count >= 1"
        )
      }
    default:
      guard !rest.isEmpty else {
        throw PredicateError(word: 2, "\(parsed.rawValue) needs a value to compare with")
      }
      guard rest.count == 1 else {
        throw PredicateError(
          word: 3, "one value only after \(parsed.rawValue)", hint: "quote a value with spaces: \"two words\"")
      }
    }
    value = rest[0].text
    quoted = rest[0].quoted
    let ordering: Set<Operator> = [.less, .lessOrEqual, .greater, .greaterOrEqual]
    var numeric = false
    switch subject {
    case .http, .latency: numeric = true
    case .field(let name): numeric = name == "amount" || name == "paid_amount"
    case .path: numeric = false
    }
    if numeric, rest[0].quoted, ordering.contains(parsed) || parsed == .equal || parsed == .notEqual {
      throw PredicateError(
        word: 2, "\(first.text) is a number; compare it with a number, not the text \"\(rest[0].text)\"",
        hint: "write \(first.text) \(parsed.rawValue) \(rest[0].text)")
    }
    if numeric, ordering.contains(parsed) || parsed == .equal || parsed == .notEqual {
      let digits = subject == .latency ? Predicate.milliseconds(rest[0].text) : Predicate.amountText(rest[0].text)
      if JSONDecimal(digits) == nil {
        throw PredicateError(
          word: 2, "'\(rest[0].text)' is not a number",
          hint: "\(first.text) compares with numbers, e.g. \(first.text) \(parsed.rawValue) 200")
      }
    }
    if parsed == .matches {
      do {
        pattern = try Pattern(rest[0].text)
      } catch {
        throw PredicateError(
          word: 2, "'\(rest[0].text)' is not a pattern paysh matches: \(error.message)",
          hint: "patterns are matched in linear time; `help expect` lists what they may hold")
      }
    }
  }

  /// `500ms` → `500`, `2s` → `2000`, `250` → `250`: a latency bound in milliseconds.
  static func milliseconds(_ text: String) -> String {
    if text.hasSuffix("ms") { return String(text.dropLast(2)) }
    guard text.hasSuffix("s"), let seconds = JSONDecimal(String(text.dropLast())) else { return text }
    if let millis = seconds.integer(timesTenToThe: 3) { return String(millis) }
    // A fraction of a millisecond (`0.0001s`): the same digits, the exponent moved by three.
    let digits = seconds.digits.map { String($0) }.joined()
    return (seconds.isNegative ? "-" : "") + digits + "e" + String(seconds.exponent + 3)
  }

  static func subject(_ text: String, quoted: Bool) throws(PredicateError) -> Subject {
    if !quoted, text.hasPrefix(".") {
      do {
        _ = try JSONPath.parse(text)
      } catch {
        throw PredicateError(
          word: 0, "invalid path: \(error)", hint: "paths look like .order_status or .[0].payment_status")
      }
      return .path(text)
    }
    switch text {
    case "http": return .http
    case "latency": return .latency
    default:
      guard Predicate.fields.contains(text) else {
        let close = Suggestion.closest(to: text, in: Predicate.fields + ["http", "latency"])
        throw PredicateError(
          word: 0, "'\(text)' is not a field" + (close.map { "; did you mean \($0)?" } ?? ""),
          hint: "fields: \(Predicate.fields.joined(separator: " ")), http, latency, or a path like .order_status")
      }
      return .field(text)
    }
  }
}

/// Why a condition could not be read: which of its words, what is wrong, what to write instead.
public struct PredicateError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The index of the offending word in the condition.
  public var word: Int
  public var message: String
  public var hint: String?

  public init(word: Int, _ message: String, hint: String? = nil) {
    self.word = word
    self.message = message
    self.hint = hint
  }

  public var description: String { message }
}
