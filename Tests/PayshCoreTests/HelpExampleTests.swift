import Testing

@testable import PayshCore

/// What `help` shows must work: every example of every command's spec reads and binds with no diagnostic
/// (no error, no warning), as a script line would.
@Suite("help examples")
struct HelpExampleTests {
  static let examples: [String] = Registry.standard.specs.flatMap { spec in spec.examples }

  @Test func everyCommandHasExamples() {
    for spec in Registry.standard.specs { #expect(!spec.examples.isEmpty, "help \(spec.name) shows no example") }
  }

  @Test(arguments: HelpExampleTests.examples)
  func theExampleParsesAndBinds(_ example: String) {
    let source = SourceFile(name: "help example", text: example)
    let script = Parser.parse(source)
    var diagnostics = script.diagnostics
    let binder = Binder(registry: .standard)
    for node in script.commands {
      switch binder.bind(node, source: source) {
      case .success: break
      case .failure(let failure): diagnostics += failure.diagnostics
      }
    }
    let rendered = DiagnosticRenderer().render(all: diagnostics)
    #expect(diagnostics.isEmpty, "\(example):\n\(rendered)")
    #expect(script.commands.count == 1, "an example is one command: \(example)")
  }
}
