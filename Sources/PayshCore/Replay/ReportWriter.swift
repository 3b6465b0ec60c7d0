import PayshJSON

/// Test reports of script runs for CI: JUnit XML, TAP 13, and JSON. Each script is a suite, each
/// `expect` a test case; a script that stopped on an error (exit 1–3) adds a failing case saying so.
public enum ReportWriter {
  /// A report format and where it goes (nil: standard output).
  public struct Target: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
      case junit, tap, json
    }

    public var format: Format
    public var file: String?

    /// Reads `junit=FILE`, `tap`, `tap=FILE`, `json=FILE`.
    public init(_ text: String) throws(ReplayError) {
      let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
      guard let name = parts.first, let format = Format(rawValue: name) else {
        throw ReplayError("--report '\(text)': the format is junit, tap or json (junit=FILE, tap, json=FILE)")
      }
      self.format = format
      self.file = parts.count > 1 ? parts[1] : nil
      if file?.isEmpty == true { throw ReplayError("--report '\(text)': the file name is empty") }
    }
  }

  public static func render(_ format: Target.Format, _ outcomes: [ScriptOutcome]) -> String {
    switch format {
    case .junit: junit(outcomes)
    case .tap: tap(outcomes)
    case .json: json(outcomes)
    }
  }

  static func seconds(_ microseconds: Int) -> String {
    let millis = microseconds / 1_000
    let fraction = String(millis % 1_000)
    return "\(millis / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
  }

  /// `text` for an XML attribute: the characters a terminal acts on escaped first (`TerminalText.inline`, as in
  /// every report), then XML's own five.
  static func xml(_ text: String) -> String {
    var out = ""
    for scalar in TerminalText.inline(text).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// One test case per `expect`, plus one for a script that ended on an error.
  static func cases(_ outcome: ScriptOutcome) -> [(name: String, failure: String?)] {
    var cases = outcome.expectations.map { result in
      (
        "line \(result.line): expect \(result.condition)",
        result.passed ? nil : "\(result.location): expected \(result.expected), found \(result.actual)"
      )
    }
    // A script that failed otherwise than by its `expect`s (an error, a `watch --until` that never held,
    // `quit 4`) gets a failing case of its own, so a report never passes a failed run.
    if outcome.status != .ok, outcome.status != .expectation || outcome.failedExpectations == 0 {
      cases.append(("script runs to the end", "exit \(outcome.status.rawValue): \(outcome.error ?? "stopped")"))
    }
    return cases
  }

  public static func junit(_ outcomes: [ScriptOutcome]) -> String {
    let all = outcomes.map(cases)
    let tests = all.map(\.count).reduce(0, +)
    let failures = all.map { $0.filter { $0.failure != nil }.count }.reduce(0, +)
    let time = seconds(outcomes.map(\.microseconds).reduce(0, +))
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"paysh\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
    for (outcome, cases) in zip(outcomes, all) {
      let failed = cases.filter { $0.failure != nil }.count
      out +=
        "  <testsuite name=\"\(xml(outcome.file))\" tests=\"\(cases.count)\" failures=\"\(failed)\" errors=\"0\" time=\"\(seconds(outcome.microseconds))\">\n"
      for item in cases {
        out += "    <testcase classname=\"\(xml(outcome.file))\" name=\"\(xml(item.name))\""
        if let failure = item.failure {
          out += ">\n      <failure message=\"\(xml(failure))\"/>\n    </testcase>\n"
        } else {
          out += "/>\n"
        }
      }
      out += "  </testsuite>\n"
    }
    return out + "</testsuites>\n"
  }

  public static func tap(_ outcomes: [ScriptOutcome]) -> String {
    let all = outcomes.flatMap { outcome in cases(outcome).map { (outcome.file, $0.name, $0.failure) } }
    var out = "TAP version 13\n1..\(all.count)\n"
    for (index, item) in all.enumerated() {
      // `#` would start a TAP directive (a failure read as a TODO): escaped, as are line breaks.
      let name = TerminalText.inline("\(item.0): \(item.1)").split(separator: "#", omittingEmptySubsequences: false)
        .joined(separator: "\\#")
      out += "\(item.2 == nil ? "ok" : "not ok") \(index + 1) - \(name)\n"
      if let failure = item.2 {
        out += "  ---\n  message: \(JSONPrinter.quoted(TerminalText.inline(failure)))\n  ...\n"
      }
    }
    return out
  }

  public static func json(_ outcomes: [ScriptOutcome]) -> String {
    let scripts: [JSONValue] = outcomes.map { outcome in
      .object(
        JSONObject([
          .init("file", .string(outcome.file)), .init("status", .number(JSONNumber(Int(outcome.status.rawValue)))),
          .init("fetches", .number(JSONNumber(outcome.fetches))),
          .init("milliseconds", .number(JSONNumber(outcome.microseconds / 1_000))),
          .init("error", outcome.error.map(JSONValue.string) ?? .null),
          .init(
            "expectations",
            .array(
              outcome.expectations.map { result in
                .object(
                  JSONObject([
                    .init("line", .number(JSONNumber(result.line))),
                    .init("column", .number(JSONNumber(result.column))),
                    .init("condition", .string(result.condition)), .init("passed", .bool(result.passed)),
                    .init("expected", .string(result.expected)), .init("actual", .string(result.actual)),
                    .init("snapshot", .number(JSONNumber(result.snapshot))),
                  ]))
              })),
        ]))
    }
    return JSONPrinter().pretty(.object(JSONObject([.init("scripts", .array(scripts))]))) + "\n"
  }
}
