import Testing

@testable import PayshCore

@Suite("Binding commands to their specs")
struct BinderTests {
  let binder = Binder(registry: .standard)

  func bind(_ text: String) -> Result<(any CommandHandler, Invocation), BindFailure> {
    let source = SourceFile(name: "t", text: text)
    let script = Parser.parse(source)
    return binder.bind(script.commands[0], source: source)
  }

  func diagnostics(_ text: String) -> [Diagnostic] {
    if case .failure(let failure) = bind(text) { return failure.diagnostics }
    return []
  }

  @Test func unknownCommandSuggestsTheClosest() {
    let found = diagnostics("hepl")
    #expect(found.count == 1)
    #expect(found[0].message == "unknown command 'hepl'")
    #expect(found[0].label == "did you mean 'help'?")
    #expect(found[0].kind == .syntax)
  }

  @Test func aliasesBind() throws {
    let (handler, _) = try bind("exit").get()
    #expect(handler.spec.name == "quit")
  }

  @Test func optionsWithValuesInBothSpellings() throws {
    let (_, spaced) = try bind("use cashfree sandbox --version 2022-09-01").get()
    #expect(spaced.value("version")?.literal == "2022-09-01")
    #expect(spaced.positionals.map(\.literal) == ["cashfree", "sandbox"])
    let (_, inline) = try bind("use cashfree --base-url=http://127.0.0.1:9/pg").get()
    #expect(inline.value("base-url")?.literal == "http://127.0.0.1:9/pg")
  }

  @Test func unknownOptionSuggestsTheClosest() {
    let found = diagnostics("use cashfree --verison 2022-09-01")
    #expect(found.first?.message == "unknown option '--verison' for use")
    #expect(found.first?.label == "did you mean '--version'?")
    #expect(found.first?.span?.start.column == 14)
  }

  @Test func optionMissingItsValue() {
    let found = diagnostics("use cashfree --version")
    #expect(found.first?.message == "--version needs a value")
  }

  @Test func wrongChoiceSuggests() {
    #expect(diagnostics("use cashfre").first?.label == "did you mean 'cashfree'?")
    #expect(diagnostics("use cashfree prod").first?.message == "unknown environment 'prod'")
    #expect(diagnostics("use cashfree prodction").first?.label == "did you mean 'production'?")
  }

  @Test func countsAreChecked() {
    #expect(diagnostics("use").first?.message == "use needs <gateway>")
    #expect(diagnostics("use cashfree local extra").first?.message == "use takes at most 2 arguments")
    #expect(diagnostics("env now").first?.span?.start.column == 5)
  }

  @Test func variablesAreNotCheckedUntilRunTime() throws {
    _ = try bind("use $gw").get()
  }

  @Test func commandSpecificChecks() {
    #expect(
      diagnostics("use cashfree --version 2025/01/01").first?.message == "'2025/01/01' is not a Cashfree API version")
    #expect(
      diagnostics("use paytring --version 2025-01-01").first?.message == "'2025-01-01' is not a Paytring API version")
    #expect(diagnostics("use cashfree --base-url ftp://x").first?.message == "'ftp://x' is not an http(s) URL")
    #expect(diagnostics("set 1x = 2").first?.message == "'1x' is not a variable name")
    #expect(diagnostics("set x").first?.message == "set x needs a value")
    #expect(diagnostics("set x= 1").first?.message.contains("put spaces around '='") == true)
  }

  @Test func doubleDashEndsOptions() throws {
    let (_, invocation) = try bind("help -- use").get()
    #expect(invocation.positionals.map(\.literal) == ["use"])
    let found = diagnostics("help -- --x")
    #expect(found.map(\.message) == ["unknown command '--x'"], "after --, --x is a positional")
  }

  @Test func echoTakesAnythingAsWords() throws {
    let (_, invocation) = try bind("echo --not-an-option a").get()
    #expect(invocation.positionals.count == 2)
  }
}
