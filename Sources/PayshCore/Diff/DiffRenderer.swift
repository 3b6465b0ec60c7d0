import PayshJSON

/// Prints a diff for people: the normalized changes first, then the raw ones, aligned, `old → new` for
/// scalars, a line-by-line view for long strings; colour only when the style has it (`NO_COLOR` honoured).
public struct DiffRenderer: Sendable {
  public var style: TextStyle
  /// Values longer than this (compact JSON) are cut with `…`; `--json` prints them whole.
  public var valueWidth: Int
  /// Strings longer than this, or holding a newline, are shown line by line instead of `old → new`.
  public var longString: Int

  public init(style: TextStyle, valueWidth: Int = 100, longString: Int = 60) {
    self.style = style
    self.valueWidth = valueWidth
    self.longString = longString
  }

  /// The whole report; one line when there are no differences: `no differences between @5 and @6`, with
  /// what the ignore rules hid (`between` names the two sides; without it the line is `no differences`).
  public func render(
    header: String?, normalized: [OrderDiff.Change]?, raw: DiffResult?, note: String? = nil,
    between: (String, String)? = nil
  ) -> String {
    let rawChanges = raw?.changes ?? []
    let hiddenNote = raw.flatMap(ignoredLine)
    if (normalized ?? []).isEmpty, rawChanges.isEmpty {
      let sides = between.map { " between \(TerminalText.inline($0.0)) and \(TerminalText.inline($0.1))" } ?? ""
      let hidden = raw.flatMap(ignoredSummary).map { " (\($0))" } ?? ""
      return "no differences\(sides)\(hidden)\n" + (note.map { style.dim($0) + "\n" } ?? "")
    }
    var out = ""
    if let header { out += style.bold(header) + "\n" }
    if let normalized, !normalized.isEmpty {
      out += style.bold("normalized") + "\n" + renderNormalized(normalized)
    }
    if raw != nil {
      out += style.bold("raw") + "\n"
      out += rawChanges.isEmpty ? "  " + style.dim("no differences") + "\n" : renderRaw(rawChanges)
    }
    if let note { out += style.dim(note) + "\n" }
    if let hiddenNote { out += style.dim(hiddenNote) + "\n" }
    return out
  }

  /// `ignored 3 changes: payment_session_id (1), .x (2); --all shows them`.
  func ignoredSummary(_ raw: DiffResult) -> String? {
    guard !raw.ignored.isEmpty else { return nil }
    let total = raw.ignored.reduce(0) { $0 + $1.count }
    let parts = raw.ignored.map { "\(TerminalText.inline($0.rule)) (\($0.count))" }
    return "ignored \(total) change\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ") + "; --all shows them"
  }

  func ignoredLine(_ raw: DiffResult) -> String? {
    guard !raw.ignored.isEmpty else { return nil }
    let parts = raw.ignored.map { "\($0.rule) (\($0.count))" }
    return "ignored: " + parts.joined(separator: ", ") + "; --all shows them"
  }

  public func renderNormalized(_ changes: [OrderDiff.Change]) -> String {
    let width = changes.map(\.field.count).max() ?? 0
    var out = ""
    for change in changes {
      let pad = String(repeating: " ", count: width - change.field.count)
      out +=
        "  \(change.field)\(pad)  \(arrow(TerminalText.inline(change.old ?? "–"), TerminalText.inline(change.new ?? "–")))"
      if let detail = change.detail { out += "  " + style.dim("(\(TerminalText.inline(detail)))") }
      out += "\n"
    }
    return out
  }

  func arrow(_ old: String, _ new: String) -> String {
    "\(style.red(old)) → \(style.green(new))"
  }

  public func renderRaw(_ changes: [DiffChange]) -> String {
    let paths = changes.map { TerminalText.inline($0.path.description) }
    let width = min(paths.map(\.count).max() ?? 0, 48)
    var out = ""
    for (change, path) in zip(changes, paths) {
      let pad = path.count < width ? String(repeating: " ", count: width - path.count) : ""
      switch change.kind {
      case .added:
        out += "  \(style.green("+")) \(path)\(pad)  \(style.green(shown(change.new)))\n"
      case .removed:
        out += "  \(style.red("-")) \(path)\(pad)  \(style.red(shown(change.old)))\n"
      case .changed:
        if case .string(let old)? = change.old, case .string(let new)? = change.new, isLong(old) || isLong(new) {
          out += "  \(style.yellow("~")) \(path)\n" + lines(old, new)
        } else {
          var line = "  \(style.yellow("~")) \(path)\(pad)  \(arrow(shown(change.old), shown(change.new)))"
          if case .string(let old)? = change.old, case .string(let new)? = change.new, old == new {
            line +=
              "  "
              + style.dim(
                old == Redactor.mark ? "(a secret: changed, not shown)" : "(same text in another Unicode form)")
          }
          out += line + "\n"
        }
      case .typeChanged:
        let types = "(\(change.old?.typeName ?? "?") → \(change.new?.typeName ?? "?"))"
        out +=
          "  \(style.magenta("~")) \(path)\(pad)  \(arrow(shown(change.old), shown(change.new)))  \(style.dim(types))\n"
      }
    }
    return out
  }

  func isLong(_ text: String) -> Bool {
    text.utf8.count > longString || text.utf8.contains(0x0A)
  }

  /// A value as compact JSON, cut to `valueWidth` characters.
  func shown(_ value: JSONValue?) -> String {
    guard let value else { return "–" }
    let text = TerminalText.inline(JSONPrinter.compact(value))
    guard text.count > valueWidth else { return text }
    return String(text.prefix(valueWidth - 1)) + "…"
  }

  /// Two long strings line by line: unchanged lines once, removed with `-`, added with `+`.
  func lines(_ old: String, _ new: String) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.inline(String($0)) }
    let b = new.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.inline(String($0)) }
    let (removed, inserted) = b.difference(from: a).offsets
    var out = ""
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count, removed.contains(i) {
        out += "      " + style.red("- " + a[i]) + "\n"
        i += 1
      } else if j < b.count, inserted.contains(j) {
        out += "      " + style.green("+ " + b[j]) + "\n"
        j += 1
      } else {
        if i < a.count { out += "      " + style.dim("  " + a[i]) + "\n" }
        i += 1
        j += 1
      }
    }
    return out
  }
}
