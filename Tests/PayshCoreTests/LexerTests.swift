import Testing

@testable import PayshCore

@Suite("Lexer")
struct LexerTests {
  func words(_ text: String) -> ([Word], [Diagnostic]) {
    var lexer = Lexer(source: SourceFile(name: "t.ops", text: text))
    let tokens = lexer.tokenize()
    let words = tokens.compactMap { token -> Word? in
      if case .word(let word) = token { return word }
      return nil
    }
    return (words, lexer.diagnostics)
  }

  @Test func splitsOnBlanksAndKeepsSpans() {
    let (words, diagnostics) = words("fetch  order_1\tpayments")
    #expect(diagnostics.isEmpty)
    #expect(words.map(\.literal) == ["fetch", "order_1", "payments"])
    #expect(words[1].span.start == SourceLocation(line: 1, column: 8, offset: 7))
    #expect(words[1].span.end.column == 15)
    #expect(words[2].span.start.column == 16)
  }

  @Test func separatorsAndComments() {
    var lexer = Lexer(source: SourceFile(name: "t", text: "a b; c # comment ; d\ne#notcomment"))
    let tokens = lexer.tokenize()
    let shape = tokens.map { token -> String in
      switch token {
      case .word(let word): word.literal ?? "?"
      case .separator: ";"
      case .end: "$"
      }
    }
    #expect(shape == ["a", "b", ";", "c", ";", "e#notcomment", "$"])
  }

  @Test func doubleQuotedStringsWithEscapesAndVariables() {
    let (words, diagnostics) = words(#"echo "a \"b\" \\ \n \u{1F600} \$x $y ${z}w""#)
    #expect(diagnostics.isEmpty)
    #expect(words.count == 2)
    #expect(words[1].quoted)
    #expect(words[1].literal == nil)
    guard words[1].parts.count == 5 else {
      Issue.record("parts: \(words[1].parts)")
      return
    }
    #expect(words[1].parts[0] == .text("a \"b\" \\ \n 😀 $x "))
    if case .variable(let name, let span) = words[1].parts[1] {
      #expect(name == "y")
      #expect(span.start.column == 35)
    } else {
      Issue.record("expected a variable")
    }
    if case .variable(let name, _) = words[1].parts[3] { #expect(name == "z") }
    #expect(words[1].parts[4] == .text("w"))
  }

  @Test func singleQuotesAreLiteral() {
    let (words, diagnostics) = words(#"echo '$x \n "q"'"#)
    #expect(diagnostics.isEmpty)
    #expect(words[1].literal == #"$x \n "q""#)
  }

  @Test func adjacentPiecesMakeOneWord() {
    let (words, _) = words(#"use --base-url="http://a b" x"#)
    #expect(words.count == 3)
    #expect(words[1].literal == "--base-url=http://a b")
    #expect(words[1].quoted)
    #expect(words[1].raw == #"--base-url="http://a b""#)
  }

  @Test func bareVariablesAndRefs() {
    let (words, _) = words("fetch $order payment @last user@example.com")
    #expect(words[1].variableName == "order")
    #expect(words[3].refName == "last")
    #expect(words[4].refName == nil)
    #expect(words[4].literal == "user@example.com")
  }

  @Test func unterminatedStringIsReportedAndLexingGoesOn() {
    let (words, diagnostics) = words("echo \"abc\necho ok")
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].message.contains("unterminated string"))
    #expect(diagnostics[0].span?.start == SourceLocation(line: 1, column: 6, offset: 5))
    #expect(words.last?.literal == "ok")
    #expect(words.last?.span.start.line == 2)
  }

  @Test func badEscapesAndDollars() {
    let (_, diagnostics) = words(#"echo "\q" $ $1abc "${x""#)
    let messages = diagnostics.map(\.message)
    #expect(messages.contains("unknown escape '\\q'"))
    #expect(messages.contains("'$' is not followed by a variable name"))
    #expect(messages.contains("a variable name cannot start with a digit"))
    #expect(messages.contains { $0.hasPrefix("unclosed ${") })
  }

  @Test func unicodeColumnsCountScalars() {
    let (words, _) = words("echo café x")
    #expect(words[1].literal == "café")
    #expect(words[2].span.start.column == 11)
  }

  @Test func carriageReturnsAreBlanks() {
    let (words, diagnostics) = words("help\r\nvars\r\n")
    #expect(diagnostics.isEmpty)
    #expect(words.map(\.literal) == ["help", "vars"])
  }
}
