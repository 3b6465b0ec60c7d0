/// How a case is shown: the order, its attempts, refunds and settlement (each under the snapshot it came
/// from, or why it is missing), the money, the timeline, and the verdicts with their evidence.
public struct CaseRenderer: Sendable {
  public var style: TextStyle

  public init(style: TextStyle) { self.style = style }

  public func render(_ orderCase: OrderCase, _ summary: CaseSummary, _ report: CheckReport) -> String {
    let parts = SnapshotRenderer(style: style)
    var out =
      style.bold("case \(TerminalText.inline(orderCase.orderID))")
      + style.dim(" · \(TerminalText.inline(orderCase.gateway)) \(TerminalText.inline(orderCase.environment))")
      + style.dim(" · as of \(orderCase.asOf.utcText) (\(TerminalText.inline(orderCase.asOfSource)))") + "\n"
    func section<Value>(_ title: String, _ part: CasePart<Value>, _ body: ([Value]) -> String) {
      switch part {
      case .notOffered: return
      case .missing(let reason):
        out += "\n" + style.bold(title) + "  " + style.yellow("missing: \(TerminalText.inline(reason))") + "\n"
      case .known(let source, let items):
        out += "\n" + style.bold(title) + "  " + style.dim("\(source.ref) · HTTP \(source.status)") + "\n"
        out += body(items.map(\.value))
      }
    }
    section("order", orderCase.order) { orders in orders.first.map(parts.order) ?? "" }
    section("attempts", orderCase.payments) { parts.payments($0) }
    section("refunds", orderCase.refunds) { parts.refunds($0) }
    section("settlement", orderCase.settlement) { settlements in
      settlements.first.map(parts.settlement) ?? "not settled yet\n"
    }
    // The currency is the gateway's word (or a shared file's): escaped like every value from outside.
    let money = summary.totals.rows.compactMap { row in
      row.amount.map { "\(row.label) \(TerminalText.inline($0.description))" }
    }
    if !money.isEmpty { out += "\n" + style.bold("money") + "\n  " + money.joined(separator: style.dim(" · ")) + "\n" }
    if !orderCase.webhooks.isEmpty {
      // What the webhook said and its verdict, both read from a stored answer: one line each, escaped.
      out += "\n" + style.bold("webhooks") + "\n"
      for webhook in orderCase.webhooks {
        let verdict =
          switch webhook.verdict?.signature {
          case .ok?: style.green("signature ok")
          case .bad?: style.red("BAD") + ": " + TerminalText.inline(webhook.verdict?.reason ?? "")
          case .unchecked?: style.yellow("not checked")
          case nil: style.dim("no verdict kept")
          }
        out +=
          "  \(webhook.source.ref)  \(TerminalText.inline(webhook.event.summary))  \(verdict)"
          + style.dim("  received \(TerminalText.inline(webhook.source.fetchedAt))") + "\n"
      }
    }
    if !summary.timeline.isEmpty {
      out += "\n" + style.bold("timeline") + "\n"
      for event in summary.timeline {
        out +=
          "  \(TerminalText.inline(event.time.iso8601))  \(TerminalText.inline(event.text))"
          + style.dim("  \(TerminalText.inline(event.evidence.description))") + "\n"
      }
    }
    return out + "\n" + self.report(report)
  }

  /// `check: ok` or `check: 1 error` and a line per verdict (its evidence under it), then the rules that
  /// could not run and why.
  public func report(_ report: CheckReport, title: String = "check") -> String {
    let summary = report.summary
    let coloured =
      report.verdicts.contains { $0.severity == .error }
      ? style.red(summary) : report.isOK ? style.green(summary) : style.yellow(summary)
    var out = style.bold(title) + ": " + coloured + "\n"
    for verdict in report.verdicts {
      let label = verdict.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
      let severity =
        switch verdict.severity {
        case .error: style.red(label)
        case .warning: style.yellow(label)
        case .info: style.dim(label)
        }
      out += "  \(severity)  \(style.bold(verdict.rule))  \(TerminalText.inline(verdict.sentence))\n"
      let evidence = verdict.evidence.map { TerminalText.inline($0.description) }.joined(separator: ", ")
      if !evidence.isEmpty { out += style.dim("           read: \(evidence)") + "\n" }
    }
    // Rules that could not run for the same reason share a line.
    var reasons: [String] = []
    var rules: [String: [String]] = [:]
    for missing in report.notRun {
      if rules[missing.reason] == nil { reasons.append(missing.reason) }
      rules[missing.reason, default: []].append(missing.rule)
    }
    for reason in reasons {
      out +=
        "  " + style.yellow("not run") + "  \(style.bold(rules[reason, default: []].joined(separator: ", ")))  "
        + TerminalText.inline(reason) + "\n"
    }
    return out
  }
}
