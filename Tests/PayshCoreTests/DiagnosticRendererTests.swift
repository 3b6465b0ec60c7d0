import Testing

@testable import PayshCore

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
  @Test func rendersFileLineColumnSourceLineAndCaret() {
    let source = SourceFile(name: "ticket.ops", text: "use cashfree\nfech order_1\n")
    let span = SourceSpan(
      start: SourceLocation(line: 2, column: 1, offset: 13), end: SourceLocation(line: 2, column: 5, offset: 17))
    let diagnostic = Diagnostic(
      .error, "unknown command 'fech'", span: span, source: source, label: "did you mean 'fetch'?",
      hint: "`help` lists the commands", kind: .syntax)
    let text = DiagnosticRenderer().render(diagnostic)
    #expect(
      text == """
        error: unknown command 'fech'
         --> ticket.ops:2:1
          |
        2 | fech order_1
          | ^^^^ did you mean 'fetch'?
          = hint: `help` lists the commands

        """)
  }

  @Test func atThePromptASyntaxErrorShowsTheLineAndCaretsWithoutPlaceOrCount() {
    let source = SourceFile(name: "<input>", text: "fech order_1", firstLine: 47)
    let script = Parser.parse(source)
    let failure = Binder(registry: .standard).bind(script.commands[0], source: source)
    guard case .failure(let bind) = failure else {
      Issue.record("fech should not bind")
      return
    }
    let text = DiagnosticRenderer(form: .prompt).render(all: bind.diagnostics)
    #expect(
      text == """
        error: unknown command 'fech'
          fech order_1
          ^^^^ did you mean 'fetch'?
          hint: `help` lists the commands

        """)
    #expect(!text.contains("<input>") && !text.contains("47") && !text.contains("nothing was run"))
  }

  @Test func atThePromptARuntimeErrorIsItsMessageAndHint() {
    let source = SourceFile(name: "<input>", text: "show @9")
    let span = SourceSpan(
      start: SourceLocation(line: 1, column: 6, offset: 5), end: SourceLocation(line: 1, column: 8, offset: 7))
    let diagnostic = Diagnostic(
      .error, "@9 does not exist: this session has 2 snapshots", span: span, source: source,
      hint: "use @1 to @2, @last or @prev", kind: .runtime)
    #expect(
      DiagnosticRenderer(form: .prompt).render(diagnostic) == """
        error: @9 does not exist: this session has 2 snapshots
          hint: use @1 to @2, @last or @prev

        """)
  }

  @Test func caretsUnderAWordInTheMiddleAndTabsDetabbed() {
    let source = SourceFile(name: "x", text: "echo\tabc \"def")
    let script = Parser.parse(source)
    let text = DiagnosticRenderer().render(script.diagnostics[0])
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[3] == "1 | echo abc \"def")
    #expect(lines[4] == "  | " + String(repeating: " ", count: 9) + "^ string starts here")
  }

  @Test func colourOnlyWhenAsked() {
    let diagnostic = Diagnostic(.error, "boom")
    #expect(!DiagnosticRenderer(style: .plain).render(diagnostic).contains("\u{1B}["))
    #expect(DiagnosticRenderer(style: .ansi).render(diagnostic).contains("\u{1B}[31m"))
  }

  @Test func noColourWhenNoColorIsSet() {
    #expect(TextStyle.detect(isTerminal: true, environment: ["NO_COLOR": "1"]) == .plain)
    #expect(TextStyle.detect(isTerminal: true, environment: [:]) == .ansi)
    #expect(TextStyle.detect(isTerminal: false, environment: [:]) == .plain)
  }

  @Test func lineNumbersWiderThanOneDigitKeepTheGutterAligned() {
    let text = String(repeating: "echo\n", count: 11) + "bad @0\n"
    let script = Parser.parse(SourceFile(name: "long.ops", text: text))
    let rendered = DiagnosticRenderer().render(script.diagnostics[0])
    #expect(rendered.contains("  --> long.ops:12:5\n"))
    #expect(rendered.contains("12 | bad @0\n"))
    #expect(rendered.contains("   |     ^^ not a reference\n"))
  }
}
