import PayshJSON

extension Predicate {
  /// What a predicate found: whether it held, the value it saw and what it wanted, as shown to a user.
  public struct Outcome: Sendable, Hashable {
    public var passed: Bool
    public var actual: String
    public var expected: String
  }

  /// The subject's value(s) in one answer.
  enum Actual {
    case text(String)
    /// A word from a fixed vocabulary (gateway, environment, currency, raw_status): compared without case.
    case keyword(String)
    /// The normalized status and the gateway's own word.
    case status(String, String)
    case money(Money)
    case number(JSONNumber)
    case values([JSONValue])
    case missing(String)
  }

  /// Checks the predicate against a stored answer and its parsed body (nil when it was not JSON). Only a
  /// `matches` that is cancelled (Ctrl-C) throws.
  public func evaluate(_ snapshot: Snapshot, body: JSONValue?) throws(CancellationError) -> Outcome {
    let actual = read(snapshot, body: body)
    let expected = expectation
    let shown = Predicate.show(actual)
    switch op {
    case .exists:
      if case .missing = actual { return Outcome(passed: false, actual: shown, expected: expected) }
      if case .values(let values) = actual {
        return Outcome(passed: !values.isEmpty, actual: shown, expected: expected)
      }
      return Outcome(passed: true, actual: shown, expected: expected)
    case .count:
      let count: Int
      switch actual {
      case .missing: count = 0
      case .values(let values):
        // `.payments count 2` counts the array's elements; `.[] count 2` (any `[]` in the path) the values.
        let iterates: Bool = {
          if case .path(let text) = subject { return text.contains("[]") }
          return false
        }()
        if iterates {
          count = values.count
        } else if values.count == 1, case .array(let items) = values[0] {
          count = items.count
        } else if values.count == 1, case .object(let object) = values[0] {
          count = object.count
        } else {
          count = values.count
        }
      default: count = 1
      }
      let wanted = Int(value ?? "") ?? 0
      let passed = Predicate.holds(countOp ?? .equal, count < wanted ? .less : count == wanted ? .equal : .greater)
      return Outcome(passed: passed, actual: "count \(count)", expected: expected)
    default:
      let passed = try test(actual)
      let mismatch = passed ? nil : typeMismatch(actual)
      return Outcome(
        passed: passed, actual: mismatch.map { "\($0.found) \(shown), not \($0.wanted)" } ?? shown, expected: expected)
    }
  }

  /// For `==`/`!=` that met one value of another JSON type than the one written: `("the string",
  /// "a number")` for `.cf_order_id == 5000000104` against `"5000000106"`, so the failure says why.
  func typeMismatch(_ actual: Actual) -> (found: String, wanted: String)? {
    guard op == .equal || op == .notEqual, case .values(let values) = actual, values.count == 1 else { return nil }
    switch values[0] {
    case .string: return !quoted && JSONDecimal(value ?? "") != nil ? ("the string", "a number") : nil
    case .number: return quoted ? ("the number", "a string") : nil
    default: return nil
    }
  }

  /// `== paid`, `count >= 2`, `exists`: what was asked, for the failure message.
  var expectation: String {
    switch op {
    case .exists: "exists"
    case .count: "count \(countOp?.rawValue ?? "==") \(value ?? "")"
    default: "\(op.rawValue) \(quoted ? JSONPrinter.quoted(value ?? "") : value ?? "")"
    }
  }

  func read(_ snapshot: Snapshot, body: JSONValue?) -> Actual {
    switch subject {
    case .http: return .number(JSONNumber(snapshot.status))
    case .latency: return .number(JSONNumber(snapshot.latencyMicroseconds / 1000))
    case .path(let text):
      guard let body else { return .missing("the answer is not JSON") }
      guard let path = try? JSONPath.parse(text) else { return .missing("invalid path") }
      switch path.resolve(in: body) {
      case .success(let values): return .values(values)
      case .failure(let miss): return .missing("\(miss)")
      }
    case .field(let name):
      switch name {
      case "gateway": return .keyword(snapshot.gateway)
      case "environment": return .keyword(snapshot.environment)
      case "version": return .text(snapshot.apiVersion)
      default: break
      }
      guard let order = snapshot.order else { return .missing("no order in this answer (\(snapshot.resource))") }
      let text: String?
      switch name {
      case "status": return .status(order.status.rawValue, order.rawStatus)
      case "raw_status": return .keyword(order.rawStatus)
      case "amount": return order.amount.map(Actual.money) ?? .missing("no amount")
      case "paid_amount": return order.paidAmount.map(Actual.money) ?? .missing("no paid amount")
      case "currency": return order.amount.map { .keyword($0.currency) } ?? .missing("no amount")
      case "merchant_order_id": text = order.merchantOrderID
      case "gateway_order_id": text = order.gatewayOrderID
      case "created": text = order.createdAt?.iso8601
      case "updated": text = order.updatedAt?.iso8601
      case "customer_id": text = order.customer.id
      case "customer_name": text = order.customer.name
      case "customer_email": text = order.customer.email
      case "customer_phone": text = order.customer.phone
      default: text = nil
      }
      return text.map(Actual.text) ?? .missing("no \(name.split(separator: "_").joined(separator: " "))")
    }
  }

  /// What was found, for messages and reports: values from the answer, escaped (`TerminalText.inline`).
  static func show(_ actual: Actual) -> String {
    TerminalText.inline(unescapedShow(actual))
  }

  static func unescapedShow(_ actual: Actual) -> String {
    switch actual {
    case .text(let text), .keyword(let text): text
    case .status(let normalized, let raw): "\(normalized) (\(raw))"
    case .money(let money): money.description
    case .number(let number): number.text
    case .values(let values):
      values.count == 1
        ? JSONPrinter.compact(values[0]) : "[" + values.map(JSONPrinter.compact).joined(separator: ", ") + "]"
    case .missing(let why): "nothing (\(why))"
    }
  }

  static func holds(_ op: Operator, _ order: JSONDecimal.Ordering) -> Bool {
    switch op {
    case .equal: order == .equal
    case .notEqual: order != .equal
    case .less: order == .less
    case .lessOrEqual: order != .greater
    case .greater: order == .greater
    case .greaterOrEqual: order != .less
    default: false
    }
  }

  func test(_ actual: Actual) throws(CancellationError) -> Bool {
    let wanted = value ?? ""
    switch actual {
    case .missing: return op == .notEqual
    case .values(let values):
      guard !values.isEmpty else { return op == .notEqual }
      for value in values {
        if try !test(value, wanted) { return false }
      }
      return true
    case .number(let number):
      return try test(.number(number), subject == .latency ? Predicate.milliseconds(wanted) : wanted)
    case .money(let money):
      // Exact decimals on both sides: ₹1250.50 against 1250.505 or 1e999 compares as numbers do.
      guard op != .contains, op != .matches, let wantedValue = JSONDecimal(Predicate.amountText(wanted)),
        let mine = JSONDecimal(money.decimalText)
      else { return try textTest(money.description, wanted) }
      return Predicate.holds(op, mine.compare(wantedValue))
    case .text(let text):
      return try textTest(text, wanted)
    case .keyword(let word):
      // One rule for every keyword field: case does not count (`gateway == Cashfree`, `currency == inr`).
      if op == .matches { return try textTest(word, wanted) }
      return try textTest(word.lowercased(), wanted.lowercased())
    case .status(let normalized, let raw):
      // `status == paid` is the normalized word; the gateway's own (`PAID`, `success`) is accepted too.
      guard op == .equal || op == .notEqual else {
        return try textTest(normalized, op == .matches ? wanted : wanted.lowercased())
      }
      let same = normalized == wanted.lowercased() || raw.lowercased() == wanted.lowercased()
      return op == .equal ? same : !same
    }
  }

  /// `₹1,250.50`, `INR 1250.50`, `1250.50` → `1250.50`.
  static func amountText(_ text: String) -> String {
    var digits = text
    for prefix in ["₹", "INR ", "INR", "Rs.", "Rs "] where digits.hasPrefix(prefix) { digits.removeFirst(prefix.count) }
    return String(digits.filter { $0 != "," && $0 != " " })
  }

  func test(_ value: JSONValue, _ wanted: String) throws(CancellationError) -> Bool {
    switch op {
    case .contains:
      switch value {
      case .string(let text): return Predicate.contains(text, wanted)
      case .array(let items): return items.contains { $0.scalarText == wanted }
      case .object(let object): return object[wanted] != nil
      default: return Predicate.contains(value.scalarText ?? "", wanted)
      }
    case .matches:
      guard let text = value.scalarText, let pattern else { return false }
      return try pattern.matches(in: text)
    default: break
    }
    // Types count, as in jq: "5000000102" (a string) is not 5000000102 (a number), and the other way round.
    if op == .equal || op == .notEqual {
      let mismatch: Bool
      switch value {
      case .string: mismatch = !quoted && JSONDecimal(wanted) != nil
      case .number: mismatch = quoted
      default: mismatch = false
      }
      if mismatch { return op == .notEqual }
    }
    if !quoted, case .number(let number) = value, let mine = number.decimal, let theirs = JSONDecimal(wanted) {
      return Predicate.holds(op, mine.compare(theirs))
    }
    if !quoted, let literal = try? JSONParser.parse(Array(wanted.utf8)) {
      switch (value, literal) {
      case (.array, _), (.object, _), (.bool, .bool), (.null, .null), (_, .null):
        if op == .equal { return JSONDiff.isEquivalent(value, literal) }
        if op == .notEqual { return !JSONDiff.isEquivalent(value, literal) }
      default: break
      }
    }
    guard let text = value.scalarText else { return false }
    return try textTest(text, wanted)
  }

  func textTest(_ text: String, _ wanted: String) throws(CancellationError) -> Bool {
    switch op {
    case .equal: return text == wanted
    case .notEqual: return text != wanted
    case .less: return text < wanted
    case .lessOrEqual: return text <= wanted
    case .greater: return text > wanted
    case .greaterOrEqual: return text >= wanted
    case .contains: return Predicate.contains(text, wanted)
    case .matches: return try pattern?.matches(in: text) ?? false
    default: return false
    }
  }

  /// Whether `text` holds `needle`; the empty needle is in every text (as in jq's `contains("")`).
  static func contains(_ text: String, _ needle: String) -> Bool {
    needle.isEmpty || text.contains(needle)
  }
}
