/// Renders diagnostics the way paysh shows every error:
///
/// ```
/// error: unknown command 'fech'
///   --> ticket.ops:3:1
///    |
///  3 | fech order_1
///    | ^^^^ did you mean 'fetch'?
///    = hint: `help` lists the commands
/// ```
///
/// What it prints is bounded whatever the script: a long source line is cut to `excerptWidth` scalars around
/// the caret (`…` marks each cut), and a list shows its first `shownDiagnostics`, then how many more.
/// At the prompt (`Form.prompt`) the layout is lighter: see `Form`.
public struct DiagnosticRenderer: Sendable {
  /// How much of the compiler's layout a diagnostic gets.
  public enum Form: Sendable, Hashable {
    /// Scripts, stdin and `-c`: the place (`ticket.ops:3:1`), the numbered source line and carets.
    case full
    /// A line typed at the prompt, which the person has just read: a runtime error is its message and
    /// hint; a syntax error shows the line and carets under the mistake, with no place or line number.
    case prompt
  }

  public var style: TextStyle
  public var form: Form
  /// The most of a source line an excerpt shows, and how much of it comes before the caret when cut.
  public static let excerptWidth = 100
  public static let contextBefore = 30
  /// How many diagnostics a list shows before "… and N more errors".
  public static let shownDiagnostics = 20

  public init(style: TextStyle = .plain, form: Form = .full) {
    self.style = style
    self.form = form
  }

  public func render(_ diagnostic: Diagnostic) -> String {
    let severity = diagnostic.severity.rawValue
    let head: String
    switch diagnostic.severity {
    case .error: head = style.red(style.bold(severity))
    case .warning: head = style.yellow(style.bold(severity))
    case .note: head = style.cyan(style.bold(severity))
    }
    // Messages quote what came from outside (a gateway's words, a file's name): one line, escaped.
    var out = "\(head): \(style.bold(TerminalText.inline(diagnostic.message)))\n"
    if form == .prompt {
      if diagnostic.kind == .syntax, let span = diagnostic.span, let source = diagnostic.source {
        let excerpt = DiagnosticRenderer.excerpt(span, in: source)
        out += "  \(excerpt.text)\n"
        var marker =
          "  " + String(repeating: " ", count: excerpt.lead) + style.red(String(repeating: "^", count: excerpt.carets))
        if let label = diagnostic.label { marker += " " + style.red(TerminalText.inline(label)) }
        out += marker + "\n"
      }
      if let hint = diagnostic.hint { out += "  hint: \(TerminalText.inline(hint))\n" }
      return out
    }
    if let span = diagnostic.span, let source = diagnostic.source {
      let number = String(span.start.line)
      let gutter = String(repeating: " ", count: number.count)
      let bar = style.blue("|")
      out += "\(gutter)\(style.blue("-->")) \(source.name):\(span.start.line):\(span.start.column)\n"
      out += "\(gutter) \(bar)\n"
      let excerpt = DiagnosticRenderer.excerpt(span, in: source)
      out += "\(style.blue(number)) \(bar) \(excerpt.text)\n"
      let lead = String(repeating: " ", count: excerpt.lead)
      let carets = String(repeating: "^", count: excerpt.carets)
      var marker = "\(gutter) \(bar) \(lead)\(style.red(carets))"
      if let label = diagnostic.label { marker += " " + style.red(TerminalText.inline(label)) }
      out += marker + "\n"
      if let hint = diagnostic.hint { out += "\(gutter) \(style.blue("=")) hint: \(TerminalText.inline(hint))\n" }
    } else if let hint = diagnostic.hint {
      out += "  hint: \(TerminalText.inline(hint))\n"
    }
    return out
  }

  /// Renders several diagnostics (the first `shownDiagnostics`, then how many more), with a count line when
  /// there are errors in a file.
  public func render(all diagnostics: [Diagnostic]) -> String {
    let shown = diagnostics.prefix(DiagnosticRenderer.shownDiagnostics)
    var out = shown.map(render).joined(separator: "\n")
    let more = diagnostics.count - shown.count
    if more > 0 {
      let what = diagnostics.dropFirst(shown.count).allSatisfy { $0.severity == .error } ? "error" : "diagnostic"
      out += "\n… and \(more) more \(what)\(more == 1 ? "" : "s")\n"
    }
    let errors = diagnostics.filter { $0.severity == .error }.count
    if form == .prompt { return out }
    if errors > 1, let name = diagnostics.first?.source?.name {
      out += "\n\(errors) errors in \(name); nothing was run\n"
    } else if errors == 1, let name = diagnostics.first?.source?.name, diagnostics.first?.kind == .syntax {
      out += "\n1 error in \(name); nothing was run\n"
    }
    return out
  }

  /// The part of the span's line to show (tabs as spaces, cut around the caret when long), the caret's
  /// column in it and how many carets fit.
  static func excerpt(_ span: SourceSpan, in source: SourceFile) -> (text: String, lead: Int, carets: Int) {
    let line = source.lineRange(span.start.line)
    let caret = min(line.upperBound, line.lowerBound + max(0, span.start.column - 1))
    let available = line.upperBound - caret
    let wanted = span.end.line != span.start.line ? available : min(span.width, available)
    var window = line
    if line.count > excerptWidth {
      let start = max(line.lowerBound, min(caret - contextBefore, line.upperBound - excerptWidth))
      window = start..<min(line.upperBound, start + excerptWidth)
    }
    let before = window.lowerBound > line.lowerBound ? "…" : ""
    let after = window.upperBound < line.upperBound ? "…" : ""
    let text = before + detab(source.text(scalars: window)) + after
    let carets = max(1, min(wanted, window.upperBound - caret))
    return (text, caret - window.lowerBound + before.count, carets)
  }

  /// Tabs become one space each, so columns (which count a tab as one) line up with the carets.
  static func detab(_ text: String) -> String {
    text.replacingTabs()
  }
}

extension String {
  func replacingTabs() -> String {
    var view = String.UnicodeScalarView()
    for scalar in unicodeScalars { view.append(scalar == "\t" ? " " : scalar) }
    return String(view)
  }
}
