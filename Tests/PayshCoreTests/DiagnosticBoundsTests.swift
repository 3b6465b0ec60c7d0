import Foundation
import Testing

@testable import PayshCore

/// What a broken script prints is bounded whatever it holds: deep `${…}` nesting is one error, long lines
/// are cut around the caret, and a list of errors shows the first 20 and how many more.
@Suite("diagnostics stay small")
struct DiagnosticBoundsTests {
  /// Runs `text` as a script; returns its status, stderr and the seconds it took.
  static func run(_ text: String) async -> (PayshCore.ExitStatus, String, Double) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    let started = Date()
    let status = await shell.run(SourceFile(name: "t.ops", text: text), mode: .script)
    return (status, output.standardError, Date().timeIntervalSince(started))
  }

  @Test(arguments: ["${", "${{", "${$"])
  func eightThousandLevelsOfNestingAreOneQuickError(_ level: String) async {
    let text = "echo " + String(repeating: level, count: 8_000) + "x" + String(repeating: "}", count: 8_000) + "\n"
    let (status, errors, seconds) = await Self.run(text)
    #expect(status == .syntax)
    #expect(seconds < 2, "\(seconds) s")
    #expect(errors.utf8.count < 2_000, "\(errors.utf8.count) bytes:\n\(errors.prefix(3_000))")
    #expect(errors.components(separatedBy: "${…} cannot nest").count == 2, "one error: \(errors.prefix(2_000))")
  }

  /// Quotes end a `${…}` (each level is its own mistake): many errors, but few shown and quickly.
  @Test(arguments: ["\"${", "${\"", "${'", "'${"])
  func eightThousandQuotedLevelsStayBounded(_ level: String) async {
    let text = "echo " + String(repeating: level, count: 8_000) + "x" + String(repeating: "}", count: 8_000) + "\n"
    let (status, errors, seconds) = await Self.run(text)
    #expect(status == .syntax)
    #expect(seconds < 2, "\(seconds) s")
    #expect(errors.utf8.count < 12_000, "\(errors.utf8.count) bytes")
  }

  @Test func aHundredThousandBadLinesPrintTwentyErrorsAndTheCount() async {
    let (status, errors, seconds) = await Self.run(String(repeating: "fech order_1\n", count: 100_000))
    #expect(status == .syntax)
    #expect(seconds < 20, "\(seconds) s")
    #expect(errors.components(separatedBy: "error: unknown command").count - 1 == 20)
    #expect(errors.contains("\n… and 99980 more errors\n"), "\(errors.suffix(300))")
    #expect(errors.hasSuffix("100000 errors in t.ops; nothing was run\n"))
    #expect(errors.utf8.count < 8_000, "\(errors.utf8.count) bytes")
  }

  @Test func aLongLineIsCutAroundTheCaret() {
    let line = "echo " + String(repeating: "a", count: 5_000) + " @0 " + String(repeating: "b", count: 5_000)
    let script = Parser.parse(SourceFile(name: "long.ops", text: line))
    let rendered = DiagnosticRenderer().render(script.diagnostics[0])
    let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[0] == "error: '@0' is not a snapshot reference")
    #expect(lines[3].hasPrefix("1 | …aaaa"))
    #expect(lines[3].hasSuffix("bbbb…"))
    #expect(lines[3].count <= 4 + 2 + 100, "the excerpt is 100 characters and two marks")
    // The carets sit under `@0` in the excerpt.
    let caret = lines[4].firstIndex(of: "^").map { lines[4].distance(from: lines[4].startIndex, to: $0) }
    let word = lines[3].range(of: "@0").map { lines[3].distance(from: lines[3].startIndex, to: $0.lowerBound) }
    #expect(caret != nil && caret == word, "\(lines[3])\n\(lines[4])")
    #expect(lines[4].contains("^^ "))
  }

  @Test func aShortLineIsShownWhole() {
    let source = SourceFile(name: "s.ops", text: "echo ok @0")
    let rendered = DiagnosticRenderer().render(Parser.parse(source).diagnostics[0])
    #expect(rendered.contains("1 | echo ok @0\n"))
    #expect(rendered.contains("  |         ^^"))
  }
}
