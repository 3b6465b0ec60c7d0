import Testing

@testable import PayshCore

@Suite("Parser")
struct ParserTests {
  @Test func oneCommandPerLineAndPerSemicolon() {
    let script = Parser.parse(SourceFile(name: "t", text: "use cashfree\n\n# c\nfetch a; fetch b # trailing\n"))
    #expect(script.isValid)
    #expect(script.commands.map { $0.name.literal } == ["use", "fetch", "fetch"])
    #expect(script.commands[1].span.start == SourceLocation(line: 4, column: 1, offset: 18))
    #expect(script.commands[2].arguments.map(\.literal) == ["b"])
    #expect(script.commands[2].span.end.column == 17)
  }

  @Test func refsParse() {
    for text in ["@last", "@prev", "@1", "@42", "@first", "@ticket-4821", "@_x"] {
      #expect(Parser.parse(line: "show \(text)").isValid, "\(text)")
    }
    #expect(SnapshotRef("last") == .last)
    #expect(SnapshotRef("prev") == .previous)
    #expect(SnapshotRef("7") == .index(7))
    #expect(SnapshotRef("first") == .named("first"))
  }

  @Test func badRefsAreErrorsWithCarets() {
    for text in ["@0", "@1x", "@-a", "@a.b", "@"] {
      let script = Parser.parse(line: "show \(text)")
      if text == "@" {
        #expect(script.isValid, "a lone @ is literal text")
        continue
      }
      #expect(!script.isValid, "\(text)")
      #expect(script.diagnostics.first?.span?.start.column == 6)
      #expect(script.commands.isEmpty)
    }
  }

  @Test func lineMustStartWithAName() {
    for (text, fragment) in [
      ("\"fetch\" x", "cannot be quoted"), ("$cmd x", "cannot be a variable"), ("@last", "snapshot reference"),
      ("--raw", "option"),
    ] {
      let script = Parser.parse(line: text)
      #expect(!script.isValid)
      #expect(script.diagnostics.first?.message.contains(fragment) == true, "\(text)")
    }
  }

  @Test func allErrorsOfAScriptAreReportedInOrder() {
    let text = "echo \"open\nshow @0\n$x\necho fine\n"
    let script = Parser.parse(SourceFile(name: "s.ops", text: text))
    #expect(script.diagnostics.map { $0.span?.start.line } == [1, 2, 3])
    #expect(script.commands.map { $0.name.literal } == ["echo"])
    #expect(script.commands[0].span.start.line == 4)
  }

  @Test func emptyAndBlankSourcesHaveNoCommands() {
    for text in ["", "\n\n", "   ;;  ; ", "# only a comment"] {
      let script = Parser.parse(line: text)
      #expect(script.isValid)
      #expect(script.commands.isEmpty)
    }
  }
}
