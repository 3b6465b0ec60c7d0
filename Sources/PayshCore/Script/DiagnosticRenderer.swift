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
public struct DiagnosticRenderer: Sendable {
  public var style: TextStyle

  public init(style: TextStyle = .plain) {
    self.style = style
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
    if let span = diagnostic.span, let source = diagnostic.source {
      let number = String(span.start.line)
      let gutter = String(repeating: " ", count: number.count)
      let bar = style.blue("|")
      out += "\(gutter)\(style.blue("-->")) \(source.name):\(span.start.line):\(span.start.column)\n"
      out += "\(gutter) \(bar)\n"
      let text = source.line(span.start.line)
      out += "\(style.blue(number)) \(bar) \(DiagnosticRenderer.detab(text))\n"
      let lead = String(repeating: " ", count: max(0, span.start.column - 1))
      let carets = String(repeating: "^", count: caretWidth(span: span, line: text))
      var marker = "\(gutter) \(bar) \(lead)\(style.red(carets))"
      if let label = diagnostic.label { marker += " " + style.red(TerminalText.inline(label)) }
      out += marker + "\n"
      if let hint = diagnostic.hint { out += "\(gutter) \(style.blue("=")) hint: \(TerminalText.inline(hint))\n" }
    } else if let hint = diagnostic.hint {
      out += "  hint: \(TerminalText.inline(hint))\n"
    }
    return out
  }

  /// Renders several diagnostics, with a count line when there are errors in a file.
  public func render(all diagnostics: [Diagnostic]) -> String {
    var out = diagnostics.map(render).joined(separator: "\n")
    let errors = diagnostics.filter { $0.severity == .error }.count
    if errors > 1, let name = diagnostics.first?.source?.name {
      out += "\n\(errors) errors in \(name); nothing was run\n"
    } else if errors == 1, let name = diagnostics.first?.source?.name, diagnostics.first?.kind == .syntax {
      out += "\n1 error in \(name); nothing was run\n"
    }
    return out
  }

  func caretWidth(span: SourceSpan, line: String) -> Int {
    let available = line.unicodeScalars.count - (span.start.column - 1)
    if span.end.line != span.start.line { return max(1, available) }
    return max(1, min(span.width, max(1, available)))
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
